package match

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func flowRandomProblem(rng *rand.Rand, penalties bool) *Problem {
	D, S := rng.IntN(5), rng.IntN(5)
	p := &Problem{}
	for i := range D {
		d := Demand{ID: fmt.Sprintf("d%d", i), Units: int64(rng.IntN(4))}
		if penalties && rng.IntN(2) == 0 {
			d.Penalty = int64(1 + rng.IntN(15))
		}
		p.Demands = append(p.Demands, d)
	}
	for j := range S {
		p.Supplies = append(p.Supplies, Supply{ID: fmt.Sprintf("s%d", j), Units: int64(rng.IntN(4))})
	}
	for i := range D {
		for j := range S {
			if rng.IntN(3) > 0 {
				p.Arcs = append(p.Arcs, Arc{Demand: i, Supply: j, Cost: int64(rng.IntN(21) - 5), Cap: int64(rng.IntN(3))})
			}
		}
	}
	return p
}

// flowRefSolve is the reference objective: the most units any flow fills (Edmonds-Karp), then
// the least cost of a flow (with penalties) filling that many lexicographic units, by
// enumerating the lexicographic fill level with the cycle-canceling reference.
func flowRefSolve(p *Problem) (lexFilled, cost int64) {
	D, S := len(p.Demands), len(p.Supplies)
	// Node layout: source 0, demands 1..D, supplies D+1..D+S, sink D+S+1, and a penalty
	// node D+S+2 that absorbs penalised unfilled units.
	build := func(lexUnits int64) *Graph {
		g := NewGraph(D + S + 3)
		src, sink, pen := 0, D+S+1, D+S+2
		var tot int64
		for i, d := range p.Demands {
			g.AddArc(src, 1+i, d.Units, 0)
			tot += d.Units
			if d.Penalty > 0 {
				g.AddArc(1+i, pen, d.Units, d.Penalty)
			}
		}
		for _, a := range p.Arcs {
			c := a.Cap
			if c == 0 {
				c = min(p.Demands[a.Demand].Units, p.Supplies[a.Supply].Units)
			}
			g.AddArc(1+a.Demand, 1+D+a.Supply, c, a.Cost)
		}
		for j, s := range p.Supplies {
			g.AddArc(1+D+j, sink, s.Units, 0)
		}
		g.AddArc(pen, sink, tot, 0)
		// Lexicographic demands may leave at most (their units − lexUnits) unfilled in total.
		var lex int64
		for i, d := range p.Demands {
			if d.Penalty == 0 {
				g.AddArc(1+i, D+S+3, d.Units, 0)
				lex += d.Units
			}
		}
		g.Supply = append(g.Supply, 0)
		g.AddArc(D+S+3, sink, lex-lexUnits, 0)
		g.Supply[src] = tot
		g.Supply[sink] = -tot
		return g
	}
	var lexTotal int64
	for _, d := range p.Demands {
		if d.Penalty == 0 {
			lexTotal += d.Units
		}
	}
	for k := lexTotal; k >= 0; k-- {
		g := build(k)
		c, ok := refMinCostFlow(g)
		if ok {
			var pens int64
			_ = pens
			return k, c
		}
	}
	panic("unreachable")
}

func flowCheckSolution(t *testing.T, p *Problem, s *Solution, msg string) {
	t.Helper()
	used := make([]int64, len(p.Supplies))
	got := make([]int64, len(p.Demands))
	var cost int64
	seen := map[int]bool{}
	for k, pr := range s.Pairs {
		a := p.Arcs[pr.Arc]
		require.False(t, seen[pr.Arc], msg)
		seen[pr.Arc] = true
		if k > 0 {
			require.Less(t, s.Pairs[k-1].Arc, pr.Arc, msg)
		}
		require.Equal(t, a.Demand, pr.Demand, msg)
		require.Equal(t, a.Supply, pr.Supply, msg)
		require.Equal(t, a.Cost, pr.Cost, msg)
		require.Positive(t, pr.Units, msg)
		if a.Cap > 0 {
			require.LessOrEqual(t, pr.Units, a.Cap, msg)
		}
		used[a.Supply] += pr.Units
		got[a.Demand] += pr.Units
		cost += pr.Units * a.Cost
	}
	var unfilled, pen, total int64
	for i, d := range p.Demands {
		require.LessOrEqual(t, got[i], d.Units, msg)
		unfilled += d.Units - got[i]
		pen += (d.Units - got[i]) * d.Penalty
		total += d.Units
	}
	for j, sp := range p.Supplies {
		require.LessOrEqual(t, used[j], sp.Units, msg)
	}
	require.Equal(t, cost, s.Cost, msg)
	require.Equal(t, unfilled, s.Unfilled, msg)
	require.Equal(t, total-unfilled, s.Filled, msg)
	require.Equal(t, pen, s.PenaltyCost, msg)
	// Complementary slackness on the problem's arcs.
	flow := make([]int64, len(p.Arcs))
	for _, pr := range s.Pairs {
		flow[pr.Arc] = pr.Units
	}
	for k, a := range p.Arcs {
		rc := a.Cost - s.DemandPotential[a.Demand] + s.SupplyPotential[a.Supply]
		c := a.Cap
		if c == 0 {
			c = min(p.Demands[a.Demand].Units, p.Supplies[a.Supply].Units)
		}
		if flow[k] < c {
			require.GreaterOrEqual(t, rc, int64(0), "%s: arc %d", msg, k)
		}
		if flow[k] > 0 {
			require.LessOrEqual(t, rc, int64(0), "%s: arc %d", msg, k)
		}
	}
}

func TestSolveRandomAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for it := range 3000 {
		p := flowRandomProblem(rng, it%2 == 1)
		lexFilled, refCost := flowRefSolve(p)
		var objs []int64
		for _, alg := range []Algorithm{SuccessiveShortestPaths, NetworkSimplex, Auto} {
			msg := fmt.Sprintf("instance %d %s", it, alg)
			s, err := Solve(p, &Options{Algorithm: alg})
			require.NoError(t, err, msg)
			flowCheckSolution(t, p, s, msg)
			var lexUn int64
			got := make([]int64, len(p.Demands))
			for _, pr := range s.Pairs {
				got[pr.Demand] += pr.Units
			}
			var lexTot int64
			for i, d := range p.Demands {
				if d.Penalty == 0 {
					lexUn += d.Units - got[i]
					lexTot += d.Units
				}
			}
			require.Equal(t, lexFilled, lexTot-lexUn, "%s: most lexicographic units filled", msg)
			require.Equal(t, refCost, s.Cost+s.PenaltyCost, "%s: least cost", msg)
			objs = append(objs, s.Cost+s.PenaltyCost)
			again, err := Solve(p, &Options{Algorithm: alg})
			require.NoError(t, err)
			require.Equal(t, s, again, "%s: deterministic", msg)
		}
	}
}

// flowByID renders a solution by IDs, independent of slice order.
func flowByID(p *Problem, s *Solution) []string {
	var out []string
	for _, pr := range s.Pairs {
		out = append(out, fmt.Sprintf("%s-%s:%d", p.Demands[pr.Demand].ID, p.Supplies[pr.Supply].ID, pr.Units))
	}
	slices.Sort(out)
	return out
}

func flowShuffled(rng *rand.Rand, p *Problem) *Problem {
	dp := rng.Perm(len(p.Demands))
	sp := rng.Perm(len(p.Supplies))
	q := &Problem{Demands: make([]Demand, len(p.Demands)), Supplies: make([]Supply, len(p.Supplies))}
	for i, d := range p.Demands {
		q.Demands[dp[i]] = d
	}
	for j, s := range p.Supplies {
		q.Supplies[sp[j]] = s
	}
	for _, k := range rng.Perm(len(p.Arcs)) {
		a := p.Arcs[k]
		q.Arcs = append(q.Arcs, Arc{Demand: dp[a.Demand], Supply: sp[a.Supply], Cost: a.Cost, Cap: a.Cap})
	}
	return q
}

func TestSolveTiesByID(t *testing.T) {
	// Two equal-cost optima: the rule picks by ID order, whatever the slice order.
	rng := rand.New(rand.NewPCG(3, 5))
	for it := range 1500 {
		p := flowRandomProblem(rng, it%2 == 0)
		for i := range p.Arcs {
			p.Arcs[i].Cost = int64(rng.IntN(2)) // many ties
		}
		for _, alg := range []Algorithm{SuccessiveShortestPaths, NetworkSimplex} {
			s1, err := Solve(p, &Options{Algorithm: alg})
			require.NoError(t, err)
			q := flowShuffled(rng, p)
			s2, err := Solve(q, &Options{Algorithm: alg})
			require.NoError(t, err)
			require.Equal(t, flowByID(p, s1), flowByID(q, s2), "instance %d %s", it, alg)
		}
	}
}

func TestSolveLexicographicBeatsCost(t *testing.T) {
	// Filling both demands needs the expensive pairing.
	p := &Problem{
		Demands:  []Demand{{ID: "a", Units: 1}, {ID: "b", Units: 1}},
		Supplies: []Supply{{ID: "x", Units: 1}, {ID: "y", Units: 1}},
		Arcs: []Arc{
			{Demand: 0, Supply: 0, Cost: 1},
			{Demand: 1, Supply: 0, Cost: 1},
			{Demand: 0, Supply: 1, Cost: 1000},
		},
	}
	for _, alg := range []Algorithm{SuccessiveShortestPaths, NetworkSimplex} {
		s, err := Solve(p, &Options{Algorithm: alg})
		require.NoError(t, err)
		assert.Equal(t, int64(2), s.Filled)
		assert.Equal(t, int64(1001), s.Cost)
		assert.Equal(t, alg, s.Algorithm)
	}
	// With a penalty of 100 per unit, leaving b unfilled is cheaper.
	p.Demands[1].Penalty = 100
	p.Demands[0].Penalty = 100
	s, err := Solve(p, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(1), s.Filled)
	assert.Equal(t, int64(1), s.Cost)
	assert.Equal(t, int64(100), s.PenaltyCost)
}

func TestSolveAutoChoice(t *testing.T) {
	p := &Problem{
		Demands:  []Demand{{ID: "a", Units: 1}},
		Supplies: []Supply{{ID: "x", Units: 1}, {ID: "y", Units: 1}},
		Arcs:     []Arc{{Demand: 0, Supply: 0, Cost: 3}, {Demand: 0, Supply: 1, Cost: 2}},
	}
	s, err := Solve(p, nil)
	require.NoError(t, err)
	assert.Equal(t, SuccessiveShortestPaths, s.Algorithm)
	assert.Contains(t, s.Reason, "plentiful")
	s, err = Solve(p, &Options{PlentifulRatio: 3})
	require.NoError(t, err)
	assert.Equal(t, NetworkSimplex, s.Algorithm)
	assert.Contains(t, s.Reason, "scarce")
	s, err = Solve(p, &Options{SearchBudget: 1})
	require.NoError(t, err)
	assert.Equal(t, NetworkSimplex, s.Algorithm)
	assert.Contains(t, s.Reason, "budget")
	assert.Equal(t, int64(2), s.Cost)
}

func TestSolveValidation(t *testing.T) {
	ok := func() *Problem {
		return &Problem{
			Demands:  []Demand{{ID: "a", Units: 1}, {ID: "b", Units: 1}},
			Supplies: []Supply{{ID: "x", Units: 1}},
			Arcs:     []Arc{{Demand: 0, Supply: 0, Cost: 1}, {Demand: 1, Supply: 0, Cost: 1}},
		}
	}
	cases := []struct {
		name  string
		edit  func(p *Problem)
		field string
	}{
		{"negative demand units", func(p *Problem) { p.Demands[1].Units = -1 }, "Demands[1].Units"},
		{"negative penalty", func(p *Problem) { p.Demands[0].Penalty = -1 }, "Demands[0].Penalty"},
		{"negative supply units", func(p *Problem) { p.Supplies[0].Units = -2 }, "Supplies[0].Units"},
		{"unknown demand", func(p *Problem) { p.Arcs[1].Demand = 5 }, "Arcs[1].Demand"},
		{"unknown supply", func(p *Problem) { p.Arcs[0].Supply = -1 }, "Arcs[0].Supply"},
		{"negative cap", func(p *Problem) { p.Arcs[0].Cap = -1 }, "Arcs[0].Cap"},
		{"duplicate arc", func(p *Problem) { p.Arcs = append(p.Arcs, Arc{Demand: 1, Supply: 0}) }, "Arcs[2].Supply"},
		{"duplicate demand ID", func(p *Problem) { p.Demands[1].ID = "a" }, "Demands[1].ID"},
		{"duplicate supply ID", func(p *Problem) { p.Supplies = append(p.Supplies, Supply{ID: "x"}) }, "Supplies[1].ID"},
		{"overflow", func(p *Problem) { p.Arcs[0].Cost = math.MaxInt64 / 2; p.Demands[0].Units = 1 << 40 }, "Arcs"},
		{"overflow of units", func(p *Problem) { p.Demands[0].Units = math.MaxInt64; p.Demands[1].Units = 5 }, "Demands"},
		{"potential overflow", func(p *Problem) { p.Arcs[0].Cost = math.MaxInt64 / 8 }, "Arcs"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := ok()
			c.edit(p)
			before := fmt.Sprintf("%+v", *p)
			_, err := Solve(p, nil)
			require.Error(t, err)
			assert.True(t, errors.Is(err, wushe.ErrInvalid), "%v", err)
			fe := wushe.FieldErrors(err)
			require.NotEmpty(t, fe, "%v", err)
			assert.Equal(t, c.field, fe[0].Field, "%v", err)
			assert.Equal(t, opSolve, fe[0].Op)
			assert.Equal(t, before, fmt.Sprintf("%+v", *p), "problem unchanged")
		})
	}
	_, err := Solve(nil, nil)
	assert.True(t, errors.Is(err, wushe.ErrInvalid))
	_, err = Solve(ok(), &Options{Algorithm: Greedy})
	assert.True(t, errors.Is(err, wushe.ErrInvalid))
	assert.Equal(t, "Algorithm", wushe.FieldErrors(err)[0].Field)
	_, err = Solve(ok(), &Options{SearchBudget: -1})
	assert.Equal(t, "SearchBudget", wushe.FieldErrors(err)[0].Field)
	_, err = Solve(ok(), &Options{PlentifulRatio: -1})
	assert.Equal(t, "PlentifulRatio", wushe.FieldErrors(err)[0].Field)
}

func TestSolveEmpty(t *testing.T) {
	s, err := Solve(&Problem{}, nil)
	require.NoError(t, err)
	assert.Zero(t, s.Filled)
	assert.Empty(t, s.Pairs)
}
