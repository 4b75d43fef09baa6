package match

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

// scaled returns p with every demand, supply and cap × u and every cost and penalty × c.
func scaled(p *Problem, u, c int64) *Problem {
	q := &Problem{}
	for _, d := range p.Demands {
		q.Demands = append(q.Demands, Demand{ID: d.ID, Units: d.Units * u, Penalty: d.Penalty * c})
	}
	for _, s := range p.Supplies {
		q.Supplies = append(q.Supplies, Supply{ID: s.ID, Units: s.Units * u})
	}
	for _, a := range p.Arcs {
		q.Arcs = append(q.Arcs, Arc{Demand: a.Demand, Supply: a.Supply, Cost: a.Cost * c, Cap: a.Cap * u})
	}
	return q
}

// randomSmall is a small random transportation problem with costs up to 1000.
func randomSmall(rng *rand.Rand) *Problem {
	p := &Problem{}
	D, S := 1+rng.IntN(6), 1+rng.IntN(6)
	for i := range D {
		d := Demand{ID: fmt.Sprintf("d%d", i), Units: 1 + rng.Int64N(9)}
		if rng.IntN(4) == 0 {
			d.Penalty = 1 + rng.Int64N(3000)
		}
		p.Demands = append(p.Demands, d)
	}
	for j := range S {
		p.Supplies = append(p.Supplies, Supply{ID: fmt.Sprintf("s%d", j), Units: 1 + rng.Int64N(9)})
	}
	for i := range D {
		for j := range S {
			if rng.IntN(3) > 0 {
				p.Arcs = append(p.Arcs, Arc{Demand: i, Supply: j, Cost: rng.Int64N(2001) - 1000, Cap: rng.Int64N(4)})
			}
		}
	}
	return p
}

// Property: a problem whose magnitudes do not fit int64 as given, but do at a coarser
// exact scale, is solved at that scale and answered in its own units: the same pairs as
// the coarse problem, units × the unit step, potentials × the cost step, and the scale in
// UnitScale, CostScale and Reason. Every algorithm.
func TestSolveFallsBackToCoarserExactScale(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 17))
	const u, c = int64(10_000_000_000), int64(1000) // units of 10^-10, costs of 10^-3
	fellBack := 0
	for n := range 300 {
		base := randomSmall(rng)
		big := scaled(base, u, c)
		if _, err := buildNetwork(big); err == nil {
			continue // fits as given
		}
		for _, alg := range []Algorithm{Auto, SuccessiveShortestPaths, NetworkSimplex} {
			want, err := Solve(base, &Options{Algorithm: alg})
			require.NoError(t, err)
			got, err := Solve(big, &Options{Algorithm: alg})
			require.NoError(t, err, "instance %d, %s", n, alg)
			require.Zero(t, got.UnitScale%u, "the unit step is a multiple of the scale-up")
			require.Zero(t, got.CostScale%c)
			// The answer is the coarse problem's, in big's units.
			coarse := &Problem{}
			for _, d := range big.Demands {
				coarse.Demands = append(coarse.Demands, Demand{ID: d.ID, Units: d.Units / got.UnitScale, Penalty: d.Penalty / got.CostScale})
			}
			for _, x := range big.Supplies {
				coarse.Supplies = append(coarse.Supplies, Supply{ID: x.ID, Units: x.Units / got.UnitScale})
			}
			for _, a := range big.Arcs {
				coarse.Arcs = append(coarse.Arcs, Arc{Demand: a.Demand, Supply: a.Supply, Cost: a.Cost / got.CostScale, Cap: a.Cap / got.UnitScale})
			}
			cw, err := Solve(coarse, &Options{Algorithm: alg})
			require.NoError(t, err)
			ku, kc := got.UnitScale, got.CostScale
			require.Equal(t, len(cw.Pairs), len(got.Pairs))
			for i, pa := range got.Pairs {
				w := cw.Pairs[i]
				assert.Equal(t, w.Arc, pa.Arc)
				assert.Equal(t, w.Units*ku, pa.Units)
				assert.Equal(t, big.Arcs[pa.Arc].Cost, pa.Cost)
			}
			for i := range cw.DemandPotential {
				assert.Equal(t, cw.DemandPotential[i]*kc, got.DemandPotential[i])
			}
			for j := range cw.SupplyPotential {
				assert.Equal(t, cw.SupplyPotential[j]*kc, got.SupplyPotential[j])
			}
			// The optimum is base's, in big's units.
			assert.Equal(t, want.Filled*u, got.Filled)
			assert.Equal(t, want.Unfilled*u, got.Unfilled)
			assert.Equal(t, want.Cost*u*c+want.PenaltyCost*u*c, got.Cost+got.PenaltyCost)
			assert.Contains(t, got.Reason, fmt.Sprintf("coarser exact scale, units in steps of %d and costs in steps of %d", ku, kc))
			fellBack++
		}
		// Solved as given, the scales are 1.
		sol, err := Solve(base, nil)
		require.NoError(t, err)
		assert.Equal(t, []int64{1, 1}, []int64{sol.UnitScale, sol.CostScale})
	}
	require.Greater(t, fellBack, 300, "most instances do not fit as given")
}

// A problem that fits at no exact scale is still refused, as invalid.
func TestSolveRefusesWhatFitsAtNoScale(t *testing.T) {
	p := &Problem{
		Demands:  []Demand{{ID: "d", Units: 4_000_000_000_000_001}},
		Supplies: []Supply{{ID: "s", Units: 4_000_000_000_000_003}},
		Arcs:     []Arc{{Demand: 0, Supply: 0, Cost: 1_000_000_007}, {Demand: 0, Supply: 0, Cost: 3}},
	}
	p.Arcs = p.Arcs[:1]
	_, err := Solve(p, nil)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.Contains(t, err.Error(), "overflow")
}
