package storecodec

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"unicode"

	"github.com/wushe/wushe"
)

// Keyring holds the host's keys for personal data at rest: the AES keys that seal values
// in stored documents (AES-GCM, one key current, older ones kept to read what they
// sealed) and the key of the blind index (HMAC-SHA256) that lets a Store look up or keep
// unique a piece of personal data without storing it or a bare hash of it.
//
// The host supplies the keys (from a key-management service, a secrets file, an
// environment variable) and keeps them out of the database: a copy of the database alone
// then reveals no personal value. A Keyring is safe for concurrent use; it holds no state
// beyond its keys.
type Keyring struct {
	current string
	aeads   map[string]cipher.AEAD
	index   []byte
}

// minIndexKey is the shortest blind-index key NewKeyring accepts, in bytes.
const minIndexKey = 16

// maxKeyID is the longest key ID NewKeyring accepts, in bytes.
const maxKeyID = 64

// NewKeyring builds a Keyring. keys maps a key ID (1 to 64 printable characters, no space)
// to an AES key of 16, 24 or 32 bytes; current names the key that seals from now on and
// must be among them. index is the blind-index key, at least 16 bytes and best 32 random
// bytes; it is separate from the sealing keys because every stored index value depends on
// it (changing it means recomputing them, which a Store does when it notices).
func NewKeyring(current string, keys map[string][]byte, index []byte) (*Keyring, error) {
	const op = "storecodec.NewKeyring"
	k := &Keyring{current: current, aeads: make(map[string]cipher.AEAD, len(keys)), index: slices.Clone(index)}
	for _, id := range slices.Sorted(maps.Keys(keys)) {
		if !validKeyID(id) {
			return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Keyring", Field: "keys",
				Msg: fmt.Sprintf("key ID %q is not 1 to %d printable characters without spaces", id, maxKeyID)}
		}
		block, err := aes.NewCipher(keys[id])
		if err != nil {
			return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Keyring", Field: "keys",
				Msg: fmt.Sprintf("key %q has %d bytes, want 16, 24 or 32", id, len(keys[id]))}
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Keyring", Field: "keys", Msg: "AES-GCM is not available", Err: err}
		}
		k.aeads[id] = aead
	}
	if _, ok := k.aeads[current]; !ok {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Keyring", Field: "current",
			Msg: fmt.Sprintf("key %q is not among the keys", current)}
	}
	if len(index) < minIndexKey {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Keyring", Field: "index",
			Msg: fmt.Sprintf("has %d bytes, want at least %d", len(index), minIndexKey)}
	}
	return k, nil
}

func validKeyID(id string) bool {
	if id == "" || len(id) > maxKeyID {
		return false
	}
	for _, r := range id {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// Current returns the ID of the key that seals new values.
func (k *Keyring) Current() string { return k.current }

// BlindIndex returns the keyed blind index of a clear value of class c: the hex
// HMAC-SHA256 of the class and the value under the index key, 64 characters. Equal values
// of one class give equal indexes, so a Store can keep them unique or find them; without
// the key, the index says nothing about the value, even when the value has few
// possibilities (an ID number whose mask and birth year are known).
func (k *Keyring) BlindIndex(c wushe.Class, clear string) string {
	return blindIndex(k.index, c, clear)
}

// BlindIndex is Keyring.BlindIndex for a Store that holds an index key without sealing
// keys (one that keeps documents in the clear but must still not keep a bare hash). A key
// shorter than 16 bytes is refused as invalid.
func BlindIndex(key []byte, c wushe.Class, clear string) (string, error) {
	if len(key) < minIndexKey {
		return "", &wushe.Error{Op: "storecodec.BlindIndex", Kind: wushe.KindInvalid, Entity: "Keyring", Field: "index",
			Msg: fmt.Sprintf("has %d bytes, want at least %d", len(key), minIndexKey)}
	}
	return blindIndex(key, c, clear), nil
}

func blindIndex(key []byte, c wushe.Class, clear string) string {
	return wushe.KeyedIndex(key, c, clear)
}

// IndexKeyID names the blind-index key without revealing it: 16 hex characters derived
// from it. A Store records it beside the index values it computed and recomputes them
// when the key it is given has another ID.
func (k *Keyring) IndexKeyID() string { return IndexKeyID(k.index) }

// IndexKeyID is Keyring.IndexKeyID for a bare index key.
func IndexKeyID(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("wushe storecodec blind index key id"))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// seal encrypts clear under the current key, bound to class c: it returns the key ID and
// base64 of nonce and ciphertext.
func (k *Keyring) seal(c wushe.Class, clear string) (keyID, sealed string, err error) {
	aead := k.aeads[k.current]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(clear)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", "", err
	}
	out := aead.Seal(nonce, nonce, []byte(clear), additionalData(c))
	return k.current, base64.StdEncoding.EncodeToString(out), nil
}

// open reverses seal. The class is authenticated: a sealed value moved to a field of
// another class does not open.
func (k *Keyring) open(c wushe.Class, keyID, sealed string) (string, error) {
	aead, ok := k.aeads[keyID]
	if !ok {
		return "", &wushe.Error{Op: "storecodec.Unmarshal", Kind: wushe.KindUnavailable, Entity: "Keyring",
			Msg: fmt.Sprintf("a value is sealed with key %q, which the keyring does not hold", keyID)}
	}
	b, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(b) < aead.NonceSize() {
		return "", &wushe.Error{Op: "storecodec.Unmarshal", Kind: wushe.KindInvalid, Entity: "Keyring", Msg: "a sealed value is not base64 of nonce and ciphertext", Err: err}
	}
	clear, err := aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], additionalData(c))
	if err != nil {
		return "", &wushe.Error{Op: "storecodec.Unmarshal", Kind: wushe.KindInvalid, Entity: "Keyring",
			Msg: fmt.Sprintf("a value sealed with key %q does not open: altered, or sealed for another class than %s", keyID, c), Err: err}
	}
	return string(clear), nil
}

// additionalData binds a sealed value to its class.
func additionalData(c wushe.Class) []byte { return []byte("wushe storecodec 1\x00" + string(c)) }
