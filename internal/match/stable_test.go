package match

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// blocking returns an arc that blocks the stable solution, or -1.
func blocking(p *Problem, units []int64, dRank, sRank []int64) int {
	if dRank == nil {
		dRank = make([]int64, len(p.Arcs))
		for a, arc := range p.Arcs {
			dRank[a] = arc.Cost
		}
	}
	if sRank == nil {
		sRank = make([]int64, len(p.Arcs))
		for a, arc := range p.Arcs {
			sRank[a] = arc.Cost
		}
	}
	st := newStable(p, dRank, sRank)
	dLoad := make([]int64, len(p.Demands))
	sLoad := make([]int64, len(p.Supplies))
	for a, u := range units {
		dLoad[p.Arcs[a].Demand] += u
		sLoad[p.Arcs[a].Supply] += u
	}
	for a, arc := range p.Arcs {
		if arcCap(p, arc) == 0 || (arc.Cap > 0 && units[a] >= arc.Cap) {
			continue
		}
		dWants := dLoad[arc.Demand] < p.Demands[arc.Demand].Units
		sWants := sLoad[arc.Supply] < p.Supplies[arc.Supply].Units
		for b, u := range units {
			if u == 0 || b == a {
				continue
			}
			if p.Arcs[b].Demand == arc.Demand && st.demandCmp(a, b) < 0 {
				dWants = true
			}
			if p.Arcs[b].Supply == arc.Supply && st.supplyCmp(a, b) < 0 {
				sWants = true
			}
		}
		if dWants && sWants {
			return a
		}
	}
	return -1
}

func TestStableHasNoBlockingPair(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for it := 0; it < 3000; it++ {
		p := randomProblem(r, 3)
		var dRank, sRank []int64
		if it%3 != 0 {
			sRank = make([]int64, len(p.Arcs))
			for a := range sRank {
				sRank[a] = r.Int64N(4)
			}
		}
		if it%3 == 2 {
			dRank = make([]int64, len(p.Arcs))
			for a := range dRank {
				dRank[a] = r.Int64N(4)
			}
		}
		sol, err := StableSolve(p, dRank, sRank)
		require.NoError(t, err)
		checkSolution(t, p, sol)
		assert.Equal(t, DeferredAcceptance, sol.Algorithm)
		units := solutionUnits(p, sol)
		require.Equal(t, -1, blocking(p, units, dRank, sRank), "it %d: %+v units %v", it, p, units)
		again, err := StableSolve(p, dRank, sRank)
		require.NoError(t, err)
		require.Equal(t, sol, again)
	}
}

func TestStableClassic(t *testing.T) {
	// Two volunteers, two shifts. Volunteers (demands here) both prefer shift x; shift x
	// prefers v2. v1 ends on y.
	p := &Problem{
		Demands:  []Demand{{ID: "v1", Units: 1}, {ID: "v2", Units: 1}},
		Supplies: []Supply{{ID: "x", Units: 1}, {ID: "y", Units: 1}},
		Arcs: []Arc{
			{Demand: 0, Supply: 0, Cost: 1}, {Demand: 0, Supply: 1, Cost: 2},
			{Demand: 1, Supply: 0, Cost: 1}, {Demand: 1, Supply: 1, Cost: 2},
		},
	}
	sol, err := StableSolve(p, nil, []int64{2, 1, 1, 2})
	require.NoError(t, err)
	require.Len(t, sol.Pairs, 2)
	assert.Equal(t, 1, sol.Pairs[0].Arc) // v1 - y
	assert.Equal(t, 2, sol.Pairs[1].Arc) // v2 - x
}
