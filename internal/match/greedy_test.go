package match

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

// randomProblem builds a tiny transportation problem with distinct IDs.
func randomProblem(r *rand.Rand, maxUnits int64) *Problem {
	p := &Problem{}
	nd, ns := 1+r.IntN(3), 1+r.IntN(3)
	for i := 0; i < nd; i++ {
		p.Demands = append(p.Demands, Demand{ID: fmt.Sprintf("d%d", i), Units: r.Int64N(maxUnits + 1)})
	}
	for i := 0; i < ns; i++ {
		p.Supplies = append(p.Supplies, Supply{ID: fmt.Sprintf("s%d", i), Units: r.Int64N(maxUnits + 1)})
	}
	for d := 0; d < nd; d++ {
		for s := 0; s < ns; s++ {
			if r.IntN(4) == 0 {
				continue
			}
			p.Arcs = append(p.Arcs, Arc{Demand: d, Supply: s, Cost: r.Int64N(10), Cap: r.Int64N(3)})
		}
	}
	return p
}

// bruteOptimum enumerates every flow and returns the lexicographic optimum: most units
// filled, then least cost.
func bruteOptimum(p *Problem) (filled, cost int64) {
	units := make([]int64, len(p.Arcs))
	best, bestCost := int64(-1), int64(0)
	var rec func(a int)
	rec = func(a int) {
		if a == len(p.Arcs) {
			if !feasible(p, units) {
				return
			}
			var f, c int64
			for i, u := range units {
				f += u
				c += u * p.Arcs[i].Cost
			}
			if f > best || (f == best && c < bestCost) {
				best, bestCost = f, c
			}
			return
		}
		for u := int64(0); u <= arcCap(p, p.Arcs[a]); u++ {
			units[a] = u
			rec(a + 1)
		}
		units[a] = 0
	}
	rec(0)
	return best, bestCost
}

func feasible(p *Problem, units []int64) bool {
	dn := make([]int64, len(p.Demands))
	sn := make([]int64, len(p.Supplies))
	for i, u := range units {
		a := p.Arcs[i]
		if u < 0 || (a.Cap > 0 && u > a.Cap) {
			return false
		}
		dn[a.Demand] += u
		sn[a.Supply] += u
	}
	for i, d := range p.Demands {
		if dn[i] > d.Units {
			return false
		}
	}
	for i, s := range p.Supplies {
		if sn[i] > s.Units {
			return false
		}
	}
	return true
}

func solutionUnits(p *Problem, sol *Solution) []int64 {
	units := make([]int64, len(p.Arcs))
	for _, pr := range sol.Pairs {
		units[pr.Arc] += pr.Units
	}
	return units
}

func checkSolution(t *testing.T, p *Problem, sol *Solution) {
	t.Helper()
	units := solutionUnits(p, sol)
	require.True(t, feasible(p, units), "infeasible %+v", sol.Pairs)
	var total, cost, filled, pen int64
	for _, d := range p.Demands {
		total += d.Units
	}
	for i, pr := range sol.Pairs {
		if i > 0 {
			require.Less(t, sol.Pairs[i-1].Arc, pr.Arc)
		}
		require.Positive(t, pr.Units)
		a := p.Arcs[pr.Arc]
		require.Equal(t, a.Demand, pr.Demand)
		require.Equal(t, a.Supply, pr.Supply)
		require.Equal(t, a.Cost, pr.Cost)
		cost += pr.Units * pr.Cost
		filled += pr.Units
	}
	dn := make([]int64, len(p.Demands))
	for _, pr := range sol.Pairs {
		dn[pr.Demand] += pr.Units
	}
	for i, d := range p.Demands {
		pen += (d.Units - dn[i]) * d.Penalty
	}
	require.Equal(t, cost, sol.Cost)
	require.Equal(t, filled, sol.Filled)
	require.Equal(t, total-filled, sol.Unfilled)
	require.Equal(t, pen, sol.PenaltyCost)
}

func TestGreedyNeverBeatsTheOptimum(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	worse := 0
	for it := 0; it < 3000; it++ {
		p := randomProblem(r, 2)
		sol, err := GreedySolve(p)
		require.NoError(t, err)
		checkSolution(t, p, sol)
		assert.Equal(t, Greedy, sol.Algorithm)
		assert.Nil(t, sol.DemandPotential)
		f, c := bruteOptimum(p)
		require.LessOrEqual(t, sol.Filled, f, "it %d", it)
		if sol.Filled == f {
			require.GreaterOrEqual(t, sol.Cost, c, "it %d", it)
		}
		if sol.Filled < f || sol.Cost > c {
			worse++
		}
	}
	// The property above could hold trivially if greedy were optimal; it is not.
	assert.Positive(t, worse)
}

func TestGreedyOrderAndTies(t *testing.T) {
	p := &Problem{
		Demands:  []Demand{{ID: "b", Units: 1}, {ID: "a", Units: 1, Penalty: 7}},
		Supplies: []Supply{{ID: "x", Units: 1}},
		Arcs:     []Arc{{Demand: 0, Supply: 0, Cost: 3}, {Demand: 1, Supply: 0, Cost: 3}},
	}
	sol, err := GreedySolve(p)
	require.NoError(t, err)
	// Equal costs: demand "a" sorts first.
	require.Len(t, sol.Pairs, 1)
	assert.Equal(t, 1, sol.Pairs[0].Arc)
	assert.Equal(t, int64(0), sol.PenaltyCost)

	// Greedy takes the cheap arc and strands the other demand.
	p = &Problem{
		Demands:  []Demand{{ID: "d1", Units: 1, Penalty: 5}, {ID: "d2", Units: 1, Penalty: 5}},
		Supplies: []Supply{{ID: "s1", Units: 1}, {ID: "s2", Units: 1}},
		Arcs: []Arc{{Demand: 0, Supply: 0, Cost: 1}, {Demand: 0, Supply: 1, Cost: 2},
			{Demand: 1, Supply: 0, Cost: 2}},
	}
	sol, err = GreedySolve(p)
	require.NoError(t, err)
	assert.Equal(t, int64(1), sol.Filled)
	assert.Equal(t, int64(1), sol.Unfilled)
	assert.Equal(t, int64(5), sol.PenaltyCost)
}

func TestBaselineValidation(t *testing.T) {
	bad := []*Problem{
		nil,
		{Demands: []Demand{{ID: "d", Units: -1}}},
		{Demands: []Demand{{ID: "d", Penalty: -1}}},
		{Supplies: []Supply{{ID: "s", Units: -1}}},
		{Demands: []Demand{{ID: "d"}}, Arcs: []Arc{{Demand: 0, Supply: 3}}},
		{Demands: []Demand{{ID: "d"}}, Supplies: []Supply{{ID: "s"}}, Arcs: []Arc{{Cap: -1}}},
	}
	for i, p := range bad {
		_, err := GreedySolve(p)
		require.ErrorIs(t, err, wushe.ErrInvalid, "case %d", i)
		assert.Contains(t, err.Error(), "match.GreedySolve")
		_, err = StableSolve(p, nil, nil)
		require.ErrorIs(t, err, wushe.ErrInvalid, "case %d", i)
		assert.Contains(t, err.Error(), "match.StableSolve")
	}
	p := &Problem{Demands: []Demand{{ID: "d", Units: 1}}, Supplies: []Supply{{ID: "s", Units: 1}},
		Arcs: []Arc{{}}}
	_, err := StableSolve(p, []int64{1, 2}, nil)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = StableSolve(p, nil, []int64{})
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestBaselineOverflow(t *testing.T) {
	p := &Problem{
		Demands:  []Demand{{ID: "d", Units: 4}},
		Supplies: []Supply{{ID: "s", Units: 4}},
		Arcs:     []Arc{{Cost: math.MaxInt64 / 2}},
	}
	_, err := GreedySolve(p)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	p = &Problem{Demands: []Demand{{ID: "d", Units: 4, Penalty: math.MaxInt64 / 2}}}
	_, err = GreedySolve(p)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	p = &Problem{
		Demands:  []Demand{{ID: "d", Units: 1}, {ID: "e", Units: 1}},
		Supplies: []Supply{{ID: "s", Units: 2}},
		Arcs:     []Arc{{Cost: math.MaxInt64}, {Demand: 1, Cost: 1}},
	}
	_, err = GreedySolve(p)
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestCheckedArithmetic(t *testing.T) {
	for _, c := range []struct {
		a, b int64
		ok   bool
	}{
		{3, 4, true}, {0, math.MinInt64, true}, {-1, math.MinInt64, false}, {math.MinInt64, -1, false},
		{math.MaxInt64, 2, false}, {1 << 31, 1 << 31, true}, {1 << 32, 1 << 30, true}, {1 << 32, 1 << 31, false},
	} {
		p, ok := lapMul(c.a, c.b)
		assert.Equal(t, c.ok, ok, "%d×%d", c.a, c.b)
		if ok {
			assert.Equal(t, c.a*c.b, p)
		}
	}
	_, ok := lapAdd(math.MaxInt64, 1)
	assert.False(t, ok)
	_, ok = lapAdd(math.MinInt64, -1)
	assert.False(t, ok)
	s, ok := lapAdd(-5, 3)
	assert.True(t, ok)
	assert.Equal(t, int64(-2), s)
}
