package wushe

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// KeyedIndex is the keyed blind index of a clear value of class c: the hex HMAC-SHA256 of
// the class, a zero byte and the value under key, 64 characters. Equal values of one class
// give equal indexes, so a Store can keep them unique or look them up and a Service can key
// an account by a person's pseudonymous reference; without the key the index says nothing
// about the value, even when the value has few possibilities. It is the one derivation
// wushe uses for such indexes (storecodec's blind indexes and the volunteer package's
// resident accounts); callers choose and guard the key (at least 16 random bytes).
func KeyedIndex(key []byte, c Class, clear string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(c))
	m.Write([]byte{0})
	m.Write([]byte(clear))
	return hex.EncodeToString(m.Sum(nil))
}
