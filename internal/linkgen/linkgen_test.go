package linkgen_test

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/internal/linkgen"
	"github.com/wushe/wushe/linkage"
)

// digest is the SHA-256 of v's JSON: two instances with the same digest are the same
// instance, IDs included.
func digest(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// The generators give, for a spec, the instances recorded when they were written: the
// benchmarks and tests that use them keep solving the same streets and rounds.
func TestGeneratorsAreStable(t *testing.T) {
	for _, c := range []struct {
		name, want string
		in         func() any
	}{
		{"street", "904ec46b867bcc01c25a4eac16f835c14d803eb6d7d47112e4b89b769bc53731", func() any { return linkgen.Street().Input() }},
		{"small street", "a92cbfd9ea06aebc31a6cf13d9c89116f37d6fa7b3de2df554270f07d68e41b9", func() any {
			return linkgen.StreetSpec{Seed: 3, Needs: 150, Volunteers: 200, Teams: 6, Organizations: 15, Units: 10, Lots: 60, SideMeters: 1500}.Input()
		}},
		{"case district", "02ad5c70fd0a3b1a8cb551885d35b80bed1fa8775084f1d443e6f3ba09976159", func() any { return linkgen.CaseDistrict().Input() }},
		{"case team", "6fb1f569f9e9b784b8aeba1378e0c55967fccab4e3dcab931133b43f40045efe", func() any {
			return linkgen.CaseSpec{Seed: 2024, Cases: 100, Workers: 20}.Input()
		}},
	} {
		assert.Equal(t, c.want, digest(t, c.in()), c.name)
	}
}

// Property: a spec gives the same instance every time, and another seed another one; the
// sizes are those asked for and every input is valid for its matcher.
func TestGeneratorsAreDeterministic(t *testing.T) {
	d, err := linkage.NewDispatcher(nil)
	require.NoError(t, err)
	a, err := linkage.NewCaseAssigner(nil)
	require.NoError(t, err)
	for seed := range uint64(6) {
		sp := linkgen.StreetSpec{Seed: seed, Communities: 1 + int(seed), Needs: 30, Volunteers: 40, Teams: 3, Organizations: 5, Units: 4, Lots: 20, SideMeters: 1000}
		in := sp.Input()
		sameAndOther(t, in, func(s uint64) any { sp := sp; sp.Seed = s; return sp.Input() }, seed)
		assert.Len(t, in.Tasks, sp.Needs)
		assert.Len(t, in.Volunteers, sp.Volunteers)
		assert.Len(t, in.Teams, sp.Teams)
		assert.Len(t, in.Organizations, sp.Organizations)
		assert.Len(t, in.Units, sp.Units)
		assert.Len(t, in.Lots, sp.Lots)
		assert.Equal(t, linkgen.StreetAt, in.At)
		_, err := d.Dispatch(in)
		require.NoError(t, err, "seed %d", seed)

		cs := linkgen.CaseSpec{Seed: seed, Cases: 20 + int(seed), Workers: 5}
		cin := cs.Input()
		sameAndOther(t, cin, func(s uint64) any { cs := cs; cs.Seed = s; return cs.Input() }, seed)
		assert.Len(t, cin.Cases, cs.Cases)
		assert.Len(t, cin.Workers, cs.Workers)
		_, err = a.Assign(cin)
		require.NoError(t, err, "seed %d", seed)
	}
}

// sameAndOther checks that gen gives in again for seed, and another instance for another
// seed.
func sameAndOther(t *testing.T, in any, gen func(seed uint64) any, seed uint64) {
	t.Helper()
	require.Equal(t, digest(t, in), digest(t, gen(seed)), "seed %d", seed)
	assert.NotEqual(t, digest(t, in), digest(t, gen(seed+100)), "seed %d", seed)
}

// The named sizes are those the benchmarks and bench/cmd/linkcity default to.
func TestNamedSizes(t *testing.T) {
	assert.Equal(t, linkgen.StreetSpec{Seed: 1, Communities: 8, Needs: 2000, Volunteers: 5000, Teams: 100, Organizations: 300, Units: 200, Lots: 2000, SideMeters: 4000}, linkgen.Street())
	district := linkgen.District()
	street := linkgen.Street()
	assert.Equal(t, 10*street.Needs, district.Needs, "a district is ten streets")
	assert.Equal(t, 10*street.Volunteers, district.Volunteers)
	assert.Equal(t, 10*street.Lots, district.Lots)
	assert.Equal(t, linkgen.CaseSpec{Seed: 2024, Cases: 2000, Workers: 300}, linkgen.CaseDistrict())
}
