package resources

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/internal/match"
)

// Property: a plan solved in parts, one per kind and category, each part whole or priced
// from a few pairs per request and pool, has the optimum of the plan solved whole (units planned and total score), the same pairs counted eligible and
// excluded, and potentials that price every unused pair at a loss of at least zero: no
// pair left out could have improved it.
func TestMatchInPartsSameOptimum(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for seed := range uint64(60) {
		lots, reqs := mixedCity(seed, at)
		dist := []float64{0, 2500}[seed%2]
		whole, err := Match(lots, reqs, at, &MatchOptions{Places: 2, MaxDistanceMeters: dist, ListLimit: -1})
		require.NoError(t, err)
		priced := []int{-1, 1, 2}[seed%3]
		parts, err := Match(lots, reqs, at, &MatchOptions{Places: 2, MaxDistanceMeters: dist, ListLimit: -1, partsAbove: -1, pricedBest: priced})
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

// partOf is p, whose arcs come by demand, as a pricedPart.
func partOf(p *match.Problem) *pricedPart {
	part := &pricedPart{demands: p.Demands, supplies: p.Supplies, first: make([]int, len(p.Demands)+1)}
	for _, a := range p.Arcs {
		part.first[a.Demand+1]++
		part.sup = append(part.sup, int32(a.Supply))
		part.cost = append(part.cost, a.Cost)
	}
	for d := range p.Demands {
		part.first[d+1] += part.first[d]
	}
	return part
}

// Property: solvePriced, starting from each demand's and supply's cheapest arc or two,
// ends with the optimum Solve finds on every arc (units filled and cost), and its
// potentials price every arc without flow at zero or more; on most problems it needs more
// than one solve.
func TestSolvePricedIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 17))
	rounds := 0
	for it := range 200 {
		p := &match.Problem{}
		for i := range 5 + rng.IntN(30) {
			p.Demands = append(p.Demands, match.Demand{ID: fmt.Sprintf("d%03d", i), Units: int64(1 + rng.IntN(20))})
		}
		for j := range 3 + rng.IntN(15) {
			p.Supplies = append(p.Supplies, match.Supply{ID: fmt.Sprintf("s%03d", j), Units: int64(1 + rng.IntN(40))})
		}
		for d := range p.Demands {
			for s := range p.Supplies {
				if rng.IntN(3) != 0 {
					p.Arcs = append(p.Arcs, match.Arc{Demand: d, Supply: s, Cost: int64(rng.IntN(50))})
				}
			}
		}
		want, err := match.Solve(p, nil)
		require.NoError(t, err)
		got, n, err := solvePriced(partOf(p), 1+it%2, 1+it%3)
		require.NoError(t, err)
		require.Equal(t, want.Filled, got.Filled, "problem %d", it)
		require.Equal(t, want.Cost, got.Cost, "problem %d", it)
		flow := map[int]bool{}
		for _, pa := range got.Pairs {
			flow[pa.Arc] = true
			require.Equal(t, p.Arcs[pa.Arc].Demand, pa.Demand)
			require.Equal(t, p.Arcs[pa.Arc].Supply, pa.Supply)
		}
		for a, x := range p.Arcs {
			if !flow[a] {
				rc, ok := got.Reduced(x.Cost, x.Demand, x.Supply)
				require.True(t, ok && rc >= 0, "problem %d, arc %d: %d", it, a, rc)
			}
		}
		if n > 1 {
			rounds++
		}
	}
	require.Greater(t, rounds, 100)
}
