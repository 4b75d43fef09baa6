package resources_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

const charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

func TestParseCreditCodeRealCodes(t *testing.T) {
	// Codes published on the national enterprise credit information system.
	for _, s := range []string{"91350100M000100Y43", "9144030071526726XG", "91330100799655058B", "91110000802100433B", "53100000500021676K"} {
		c, err := resources.ParseCreditCode(s)
		require.NoError(t, err, s)
		assert.Equal(t, resources.CreditCode(s), c)
	}
	c, err := resources.ParseCreditCode(" 9144030071526726xg ")
	require.NoError(t, err)
	assert.Equal(t, byte('9'), c.Authority())
	assert.Equal(t, "440300", c.Region())
	assert.Equal(t, "71526726-X", c.OrganizationCode())
	var empty resources.CreditCode
	assert.Zero(t, empty.Authority())
	assert.Empty(t, empty.Region())
	assert.Empty(t, empty.OrganizationCode())
}

func TestParseCreditCodeErrors(t *testing.T) {
	cases := map[string]string{
		"":                    "want 18",
		"91350100M000100Y4":   "want 18",
		"91350100M000100YI3":  "character set",
		"B1350100M000100Y43":  "authority",
		"95350100M000100Y43":  "type code",
		"913A0100M000100Y43":  "region code",
		"91000000M000100Y43":  "000000",
		"91350100M000100Y53":  "organisation code check",
		"91350100M000100Y44":  "check character",
		"91350100M000100Y43x": "want 18",
	}
	for in, want := range cases {
		_, err := resources.ParseCreditCode(in)
		require.Error(t, err, in)
		assert.ErrorIs(t, err, wushe.ErrInvalid)
		assert.Contains(t, err.Error(), want, in)
		assert.Equal(t, "CreditCode", wushe.FieldErrors(err)[0].Field)
	}
}

// Property: a random valid prefix completes to a code that parses, and changing any one
// character of it is detected.
func TestCreditCodeProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	auth := []string{"11", "51", "52", "53", "59", "91", "92", "93", "N2", "Y1"}
	for range 500 {
		var b strings.Builder
		b.WriteString(auth[rng.IntN(len(auth))])
		b.WriteByte(byte('1' + rng.IntN(9)))
		for range 5 {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		for range 8 {
			b.WriteByte("0123456789ABCDEFGHJKLMNPQRTUWXY"[rng.IntN(31)])
		}
		code, err := resources.CompleteCreditCode(b.String())
		require.NoError(t, err, b.String())
		again, err := resources.ParseCreditCode(string(code))
		require.NoError(t, err)
		require.Equal(t, code, again)
		// a single substitution in the body or the final check is always caught
		i := 8 + rng.IntN(10)
		orig := code[i]
		repl := charset[rng.IntN(31)]
		if repl == orig {
			continue
		}
		mutated := string(code[:i]) + string(repl) + string(code[i+1:])
		_, err = resources.ParseCreditCode(mutated)
		assert.Error(t, err, "%s -> %s", code, mutated)
	}
	_, err := resources.CompleteCreditCode("short")
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = resources.CompleteCreditCode("91350100M00010OI")
	assert.ErrorIs(t, err, wushe.ErrInvalid)
}

// FuzzParseCreditCode: no input panics; every accepted code is 18 characters of the
// charset, re-parses to itself, and its two check characters recompute.
func FuzzParseCreditCode(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "9144030071526726XG", "", "ZZZZZZZZZZZZZZZZZZ", "91350100M000100Y4\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := resources.ParseCreditCode(s)
		if err != nil {
			require.ErrorIs(t, err, wushe.ErrInvalid)
			return
		}
		require.Len(t, string(c), 18)
		for i := range 18 {
			require.True(t, strings.IndexByte(charset, c[i]) >= 0)
		}
		again, err := resources.CompleteCreditCode(string(c[:16]))
		require.NoError(t, err)
		require.Equal(t, c, again)
	})
}
