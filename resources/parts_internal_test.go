package resources

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Property: a plan solved in parts, one per kind and category, has the optimum of the
// plan solved whole (units planned and total score), the same pairs counted eligible and
// excluded, and potentials that price every unused pair at a loss of at least zero: no
// pair left out could have improved it.
func TestMatchInPartsSameOptimum(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for seed := range uint64(60) {
		lots, reqs := mixedCity(seed, at)
		dist := []float64{0, 2500}[seed%2]
		whole, err := Match(lots, reqs, at, &MatchOptions{Places: 2, MaxDistanceMeters: dist, ListLimit: -1})
		require.NoError(t, err)
		parts, err := Match(lots, reqs, at, &MatchOptions{Places: 2, MaxDistanceMeters: dist, ListLimit: -1, partsAbove: -1})
		require.NoError(t, err)
		require.Contains(t, parts.Reason, "parts, one per kind and category", "seed %d", seed)
		u1, s1 := planTotals(whole)
		u2, s2 := planTotals(parts)
		require.True(t, u1.Equal(u2), "seed %d: units %s against %s", seed, u1, u2)
		require.True(t, s1.Equal(s2), "seed %d: score %s against %s", seed, s1, s2)
		require.Equal(t, whole.RejectionCount+len(whole.pl.sol.Pairs), parts.RejectionCount+len(parts.pl.sol.Pairs), "seed %d", seed)
		require.Equal(t, whole.ExcludedBy, parts.ExcludedBy, "seed %d", seed)
		require.Equal(t, whole.Exclusions, parts.Exclusions, "seed %d", seed)
		for r := range parts.AllRejections() {
			require.True(t, r.Lost.Valid, "seed %d", seed)
			require.False(t, r.Lost.Decimal.IsNegative(), "seed %d: %+v", seed, r)
		}
		for _, f := range parts.Requests {
			require.True(t, f.Planned.LessThanOrEqual(f.Wanted))
		}
	}
}
