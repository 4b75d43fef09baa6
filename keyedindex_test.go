package wushe_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func TestKeyedIndex(t *testing.T) {
	key := []byte("0123456789abcdef")
	a := wushe.KeyedIndex(key, wushe.ClassReference, "resident-17")
	require.Len(t, a, 64)
	require.Equal(t, a, wushe.KeyedIndex(key, wushe.ClassReference, "resident-17"), "deterministic")
	require.NotEqual(t, a, wushe.KeyedIndex(key, wushe.ClassReference, "resident-18"))
	require.NotEqual(t, a, wushe.KeyedIndex(key, wushe.ClassIDNumber, "resident-17"), "the class is part of the index")
	require.NotEqual(t, a, wushe.KeyedIndex([]byte("fedcba9876543210"), wushe.ClassReference, "resident-17"), "so is the key")
	require.NotEqual(t, wushe.KeyedIndex(key, "ab", "c"), wushe.KeyedIndex(key, "a", "bc"), "class and value are separated")

	m := hmac.New(sha256.New, key)
	m.Write([]byte("reference\x00resident-17"))
	require.Equal(t, hex.EncodeToString(m.Sum(nil)), a, "HMAC-SHA256 of class, NUL, value")
}
