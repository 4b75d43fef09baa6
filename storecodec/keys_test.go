package storecodec

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

// key returns n bytes derived from seed: fixed test keys.
func key(seed string, n int) []byte {
	sum := sha256.Sum256([]byte(seed))
	return sum[:n]
}

func testKeys(t testing.TB) *Keyring {
	k, err := NewKeyring("k1", map[string][]byte{"k1": key("one", 32)}, key("index", 32))
	require.NoError(t, err)
	return k
}

// clearValues are the personal values of sampleValue, as they must never appear in a
// sealed document.
var clearValues = []string{"欧阳娜娜", "13800001234", "110105199005170011", "diabetes", "age 9", "王芳"}

func sampleValue(t testing.TB) sample {
	mobile := phone("13800001234")
	idn, err := wushe.ParseIDNumber("110105199005170011")
	require.NoError(t, err)
	return sample{
		ID: uuid.New(), Name: name("欧阳娜娜"), Phone: mobile, IDNumber: idn,
		Note: wushe.NewSensitive(wushe.ClassHealth, "diabetes"), Opt: &mobile,
		Amount: decimal.RequireFromString("12.50"), Tags: []string{}, Empty: []string{},
		Nested: []inner{{Who: name("王芳"), Note: wushe.NewSensitive(wushe.ClassMinor, "age 9")}, {}},
	}
}

// TestSealedDocumentHoldsNoClearValue: with keys, every piece of personal data of every
// class is sealed (no clear value, no mask in the document), carries the key ID and its
// class, and comes back equal.
func TestSealedDocumentHoldsNoClearValue(t *testing.T) {
	c := Codec{Keys: testKeys(t)}
	in := sampleValue(t)
	b, err := c.Marshal(in)
	require.NoError(t, err)
	for _, clear := range clearValues {
		require.NotContains(t, string(b), clear)
	}
	require.NotContains(t, string(b), "**")
	require.NotContains(t, string(b), `"clear":"1`)
	require.Equal(t, 7, strings.Count(string(b), `"key":"k1"`), "each of the 7 values names its key: %s", b)
	require.Contains(t, string(b), `"class":"health"`)
	var out sample
	require.NoError(t, c.Unmarshal(b, &out))
	require.Equal(t, in, out)

	// Without the keys a sealed document does not decode, and says why.
	var clearOnly sample
	err = Unmarshal(b, &clearOnly)
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	// Nor with other keys under the same ID.
	other, err := NewKeyring("k1", map[string][]byte{"k1": key("two", 32)}, key("index", 32))
	require.NoError(t, err)
	require.ErrorIs(t, Codec{Keys: other}.Unmarshal(b, &clearOnly), wushe.ErrInvalid)
}

// TestSealedValueBoundToClass: a sealed value moved to a field of another class, or
// altered, does not open.
func TestSealedValueBoundToClass(t *testing.T) {
	c := Codec{Keys: testKeys(t)}
	b, err := c.Marshal(inner{Note: wushe.NewSensitive(wushe.ClassHealth, "diabetes")})
	require.NoError(t, err)
	moved := strings.Replace(string(b), `"class":"health"`, `"class":"other"`, 1)
	var out inner
	require.ErrorIs(t, c.Unmarshal([]byte(moved), &out), wushe.ErrInvalid)

	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &doc))
	var rec secretRecord
	require.NoError(t, json.Unmarshal(doc["Note"], &rec))
	flipped := []byte(rec.Sealed)
	flipped[len(flipped)-3] ^= 1
	altered := strings.Replace(string(b), rec.Sealed, string(flipped), 1)
	require.Error(t, c.Unmarshal([]byte(altered), &out))
	require.NoError(t, c.Unmarshal(b, &out))
}

// TestKeyRotation: a keyring with a new current key reads what the old one sealed, and
// Reseal rewrites the document under the new key, after which the old key is not needed.
// Reseal also seals a document written in the clear.
func TestKeyRotation(t *testing.T) {
	old := Codec{Keys: testKeys(t)}
	in := sampleValue(t)
	b, err := old.Marshal(in)
	require.NoError(t, err)

	both, err := NewKeyring("k2", map[string][]byte{"k1": key("one", 32), "k2": key("two", 16)}, key("index", 32))
	require.NoError(t, err)
	require.Equal(t, "k2", both.Current())
	rotating := Codec{Keys: both}
	var out sample
	resealed, changed, err := rotating.Reseal(b, &out)
	require.NoError(t, err)
	require.True(t, changed)
	require.Equal(t, in, out)
	require.NotContains(t, string(resealed), `"k1"`)
	require.Contains(t, string(resealed), `"key":"k2"`)

	_, changed, err = rotating.Reseal(resealed, &out)
	require.NoError(t, err)
	require.False(t, changed, "a document under the current key needs nothing")

	onlyNew, err := NewKeyring("k2", map[string][]byte{"k2": key("two", 16)}, key("index", 32))
	require.NoError(t, err)
	var back sample
	require.NoError(t, Codec{Keys: onlyNew}.Unmarshal(resealed, &back))
	require.Equal(t, in, back)
	require.ErrorIs(t, Codec{Keys: onlyNew}.Unmarshal(b, &back), wushe.ErrUnavailable, "the old document needs the retired key")

	// A clear document: readable with keys, and sealed by Reseal.
	clearDoc, err := Marshal(in)
	require.NoError(t, err)
	sealed, changed, err := rotating.Reseal(clearDoc, &out)
	require.NoError(t, err)
	require.True(t, changed)
	for _, clear := range clearValues {
		require.NotContains(t, string(sealed), clear)
	}
	// Without keys nothing needs resealing in a clear, current document.
	_, changed, err = Codec{}.Reseal(clearDoc, &out)
	require.NoError(t, err)
	require.False(t, changed)
}

func TestNewKeyringRefuses(t *testing.T) {
	good := map[string][]byte{"k1": key("one", 32)}
	for name, tc := range map[string]struct {
		current string
		keys    map[string][]byte
		index   []byte
	}{
		"current missing": {"k9", good, key("i", 32)},
		"no keys":         {"k1", nil, key("i", 32)},
		"short AES key":   {"k1", map[string][]byte{"k1": key("one", 20)}, key("i", 32)},
		"empty key ID":    {"", map[string][]byte{"": key("one", 32)}, key("i", 32)},
		"space in ID":     {"k 1", map[string][]byte{"k 1": key("one", 32)}, key("i", 32)},
		"long ID":         {strings.Repeat("k", 65), map[string][]byte{strings.Repeat("k", 65): key("one", 32)}, key("i", 32)},
		"short index key": {"k1", good, key("i", 15)},
	} {
		_, err := NewKeyring(tc.current, tc.keys, tc.index)
		require.ErrorIs(t, err, wushe.ErrInvalid, name)
	}
}

// TestBlindIndex: the index is keyed (not the bare SHA-256 of the value), depends on the
// class and the key, and is the same for the same value.
func TestBlindIndex(t *testing.T) {
	k := testKeys(t)
	const id = "110105199005170011"
	a := k.BlindIndex(wushe.ClassIDNumber, id)
	require.Len(t, a, 64)
	require.Equal(t, a, k.BlindIndex(wushe.ClassIDNumber, id))
	bare := sha256.Sum256([]byte(id))
	require.NotEqual(t, hex.EncodeToString(bare[:]), a)
	require.NotEqual(t, a, k.BlindIndex(wushe.ClassPhone, id))
	require.NotEqual(t, a, k.BlindIndex(wushe.ClassIDNumber, "110105199005170020"))
	viaKey, err := BlindIndex(key("index", 32), wushe.ClassIDNumber, id)
	require.NoError(t, err)
	require.Equal(t, a, viaKey)
	other, err := BlindIndex(key("other", 32), wushe.ClassIDNumber, id)
	require.NoError(t, err)
	require.NotEqual(t, a, other)
	_, err = BlindIndex(key("x", 8), wushe.ClassIDNumber, id)
	require.ErrorIs(t, err, wushe.ErrInvalid)

	require.Len(t, k.IndexKeyID(), 16)
	require.Equal(t, IndexKeyID(key("index", 32)), k.IndexKeyID())
	require.NotEqual(t, IndexKeyID(key("other", 32)), k.IndexKeyID())
}
