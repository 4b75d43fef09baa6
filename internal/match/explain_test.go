package match

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func TestExplainDense(t *testing.T) {
	sc := scoredFixture(t)
	sol, err := SolveDense(sc.Problem)
	require.NoError(t, err)
	assert.Equal(t, DenseAssignment, sol.Algorithm)
	ex, err := sc.Explain(sol)
	require.NoError(t, err)
	// Scores: a-1 94, a-2 70, b-1 68, b-2 62. Best: a-1 + b-2 = 156 against a-2 + b-1 = 138.
	require.Len(t, ex.Pairs, 2)
	assert.Equal(t, PairExplanation{Demand: "shift-a", Supply: "vol-1", Units: 1, Score: sc.Candidates[0].Score}, ex.Pairs[0])
	assert.Equal(t, "shift-b", ex.Pairs[1].Demand)
	assert.Equal(t, "vol-2", ex.Pairs[1].Supply)
	require.Len(t, ex.Rejections, 2)
	for _, r := range ex.Rejections {
		require.True(t, r.Lost.Valid)
		assert.False(t, r.Lost.Decimal.IsNegative())
	}
	// Forcing either rejected pair moves to the other matching: 18 points lost in total,
	// so each reduced cost is at most 18 and the two sum to at least... the lower bound
	// per pair is what the duals certify.
	for _, r := range ex.Rejections {
		assert.True(t, r.Lost.Decimal.LessThanOrEqual(d("18")), r.Lost.Decimal.String())
	}
	assert.Equal(t, sc.Exclusions, ex.Exclusions)

	// The greedy baseline has no potentials: losses are unknown.
	g, err := GreedySolve(sc.Problem)
	require.NoError(t, err)
	ex, err = sc.Explain(g)
	require.NoError(t, err)
	for _, r := range ex.Rejections {
		assert.False(t, r.Lost.Valid)
	}

	_, err = sc.Explain(nil)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = sc.Explain(&Solution{Pairs: []Pair{{Arc: 9}}})
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestExplainOrdersRejections(t *testing.T) {
	sc := scoredFixture(t)
	sol := &Solution{
		DemandPotential: []int64{0, 0},
		SupplyPotential: []int64{0, 0, 0},
	}
	ex, err := sc.Explain(sol)
	require.NoError(t, err)
	require.Len(t, ex.Rejections, 4)
	// Lost is the arc's cost with zero potentials: 6, 30, 32, 38 points.
	want := []string{"6", "30", "32", "38"}
	for i, r := range ex.Rejections {
		assert.True(t, r.Lost.Decimal.Equal(d(want[i])), "%d: %s", i, r.Lost.Decimal)
	}
	// Unknown losses go last.
	sol.SupplyPotential[0] = math.MaxInt64
	ex, err = sc.Explain(sol)
	require.NoError(t, err)
	assert.False(t, ex.Rejections[3].Lost.Valid)
	assert.True(t, ex.Rejections[0].Lost.Valid)
}

func TestReducedCost(t *testing.T) {
	p := &Problem{Demands: []Demand{{ID: "d"}}, Supplies: []Supply{{ID: "s"}}, Arcs: []Arc{{Cost: 5}}}
	_, ok := ReducedCost(p, &Solution{}, 0)
	assert.False(t, ok)
	_, ok = ReducedCost(p, nil, 0)
	assert.False(t, ok)
	r, ok := ReducedCost(p, &Solution{DemandPotential: []int64{7}, SupplyPotential: []int64{3}}, 0)
	assert.True(t, ok)
	assert.Equal(t, int64(1), r)
	_, ok = ReducedCost(p, &Solution{DemandPotential: []int64{math.MinInt64}, SupplyPotential: []int64{0}}, 0)
	assert.False(t, ok)
}

// TestReducedCostBoundsForcedCost checks the duals of Assign against re-solving with a
// pair fixed: the reduced cost never exceeds the true change, matches brute force, and
// is zero exactly where the change can be zero.
func TestReducedCostBoundsForcedCost(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	exact, strict := 0, 0
	for it := 0; it < 1500; it++ {
		m := randomMatrix(r, 1+r.IntN(5), 1+r.IntN(5), 20, 0.15*float64(it%2))
		max := it%3 == 0
		a, err := Assign(m, &AssignOptions{Maximise: max})
		if err != nil {
			continue
		}
		for i := 0; i < m.Rows; i++ {
			for j := 0; j < m.Cols; j++ {
				if !m.Allowed(i, j) {
					_, err := a.ForcedCost(m, i, j)
					require.ErrorIs(t, err, wushe.ErrInsufficient)
					continue
				}
				forced, err := a.ForcedCost(m, i, j)
				// Brute force: the best assignment that uses (i, j).
				fixed := Matrix{Rows: m.Rows, Cols: m.Cols, Cost: m.Cost, Forbidden: make([]bool, len(m.Cost))}
				if m.Forbidden != nil {
					copy(fixed.Forbidden, m.Forbidden)
				}
				for k := 0; k < m.Cols; k++ {
					fixed.Forbidden[i*m.Cols+k] = fixed.Forbidden[i*m.Cols+k] || k != j
				}
				for k := 0; k < m.Rows; k++ {
					fixed.Forbidden[k*m.Cols+j] = fixed.Forbidden[k*m.Cols+j] || k != i
				}
				best, ok := bruteAssign(fixed, max)
				if !ok {
					require.Error(t, err)
					continue
				}
				require.NoError(t, err)
				want := best - a.Cost
				if max {
					want = a.Cost - best
				}
				require.Equal(t, want, forced, "it %d (%d,%d)", it, i, j)
				red := a.Reduced(m, i, j)
				require.LessOrEqual(t, red, forced, "it %d (%d,%d)", it, i, j)
				if red == forced {
					exact++
				} else {
					strict++
				}
			}
		}
	}
	t.Logf("reduced cost equal to the forced change on %d pairs, below it on %d", exact, strict)
	assert.Positive(t, exact)
}

func TestForcedCostErrors(t *testing.T) {
	m := Matrix{Rows: 2, Cols: 2, Cost: []int64{1, 2, 3, 4}}
	a, err := Assign(m, nil)
	require.NoError(t, err)
	_, err = a.ForcedCost(m, 2, 0)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	f, err := a.ForcedCost(m, 0, 0)
	require.NoError(t, err)
	assert.Zero(t, f)
	f, err = a.ForcedCost(m, 0, 1)
	require.NoError(t, err)
	assert.Zero(t, f) // 2+3 = 1+4
	big := Matrix{Rows: 2, Cols: 2, Cost: []int64{0, math.MaxInt64 / 64, math.MaxInt64 / 64, 0}}
	a, err = Assign(big, nil)
	require.NoError(t, err)
	f, err = a.ForcedCost(big, 0, 1)
	require.NoError(t, err)
	assert.Equal(t, int64(2*(math.MaxInt64/64)), f)
}

func TestSolveDenseIsLexicographicOptimum(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	for it := 0; it < 3000; it++ {
		p := randomProblem(r, 1)
		for a := range p.Arcs {
			p.Arcs[a].Cap = r.Int64N(2)
			if it%2 == 0 {
				p.Arcs[a].Cost -= 5
			}
		}
		if it%7 == 0 && len(p.Arcs) > 0 {
			p.Arcs = append(p.Arcs, p.Arcs[0])
			p.Arcs[len(p.Arcs)-1].Cost++
		}
		sol, err := SolveDense(p)
		require.NoError(t, err)
		checkSolution(t, p, sol)
		f, c := bruteOptimum(p)
		require.Equal(t, f, sol.Filled, "it %d", it)
		require.Equal(t, c, sol.Cost, "it %d", it)
		used := solutionUnits(p, sol)
		for a, arc := range p.Arcs {
			if p.Demands[arc.Demand].Units == 0 || p.Supplies[arc.Supply].Units == 0 {
				continue
			}
			red, ok := ReducedCost(p, sol, a)
			require.True(t, ok)
			require.GreaterOrEqual(t, red, int64(0), "it %d arc %d", it, a)
			if used[a] > 0 {
				require.Zero(t, red)
			}
		}
	}
}

func TestSolveDensePenaltyAndErrors(t *testing.T) {
	// A penalty cheaper than the only arc leaves the demand unfilled.
	p := &Problem{
		Demands:  []Demand{{ID: "d", Units: 1, Penalty: 3}},
		Supplies: []Supply{{ID: "s", Units: 1}},
		Arcs:     []Arc{{Cost: 10}},
	}
	sol, err := SolveDense(p)
	require.NoError(t, err)
	assert.Equal(t, int64(0), sol.Filled)
	assert.Equal(t, int64(3), sol.PenaltyCost)

	_, err = SolveDense(&Problem{Demands: []Demand{{ID: "d", Units: 2}}, Supplies: []Supply{{ID: "s", Units: 2}}})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	fe := wushe.FieldErrors(err)
	require.Len(t, fe, 2)
	assert.Equal(t, "match.SolveDense", fe[0].Op)
	_, err = SolveDense(nil)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	wide := &Problem{
		Demands:  []Demand{{ID: "d", Units: 1}, {ID: "e", Units: 1}},
		Supplies: []Supply{{ID: "s", Units: 1}},
		Arcs:     []Arc{{Cost: math.MinInt64 / 2}, {Demand: 1, Cost: math.MaxInt64 / 2}},
	}
	_, err = SolveDense(wide)
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

func ExampleScored_Explain() {
	w := Weights{"distance": d("60"), "skill": d("40")}
	score := func(dist, skill string) Score {
		s, _ := w.Score(map[string]decimal.Decimal{"distance": d(dist), "skill": d(skill)})
		return s
	}
	sc, err := NewScored(
		[]Demand{{ID: "shift-a", Units: 1}, {ID: "shift-b", Units: 1}},
		[]Supply{{ID: "vol-1", Units: 1}, {ID: "vol-2", Units: 1}, {ID: "vol-3", Units: 1}},
		[]Candidate{
			{Demand: "shift-a", Supply: "vol-1", Score: score("0.9", "1")},
			{Demand: "shift-a", Supply: "vol-2", Score: score("0.5", "1")},
			{Demand: "shift-b", Supply: "vol-1", Score: score("0.8", "0.5")},
			{Demand: "shift-b", Supply: "vol-2", Score: score("0.7", "0.5")},
		},
		[]Exclusion{{Demand: "shift-b", Supply: "vol-3", Constraint: "skill", Detail: "no first-aid certificate"}},
		DefaultScale)
	if err != nil {
		fmt.Println(err)
		return
	}
	sol, err := SolveDense(sc.Problem)
	if err != nil {
		fmt.Println(err)
		return
	}
	ex, _ := sc.Explain(sol)
	for _, p := range ex.Pairs {
		fmt.Printf("%s <- %s: %s points", p.Demand, p.Supply, p.Score.Total)
		for _, f := range p.Score.Factors {
			fmt.Printf(", %s %s", f.Name, f.Points())
		}
		fmt.Println()
	}
	for _, r := range ex.Rejections {
		fmt.Printf("not %s <- %s (%s points): forcing it loses at least %s\n", r.Demand, r.Supply, r.Score.Total, r.Lost.Decimal)
	}
	for _, e := range ex.Exclusions {
		fmt.Printf("excluded %s <- %s: %s, %s\n", e.Demand, e.Supply, e.Constraint, e.Detail)
	}
	// Output:
	// shift-a <- vol-1: 94 points, distance 54, skill 40
	// shift-b <- vol-2: 62 points, distance 42, skill 20
	// not shift-b <- vol-1 (68 points): forcing it loses at least 0
	// not shift-a <- vol-2 (70 points): forcing it loses at least 18
	// excluded shift-b <- vol-3: skill, no first-aid certificate
}

// TestSolveAndSolveDenseAgree cross-checks the dense path against the flow engine on unit
// problems and checks that Explain reads the flow engine's potentials with the shared
// sign convention.
func TestSolveAndSolveDenseAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(51, 52))
	for it := 0; it < 500; it++ {
		p := randomProblem(r, 1)
		for a := range p.Arcs {
			p.Arcs[a].Cap = 1
		}
		dense, err := SolveDense(p)
		require.NoError(t, err)
		flow, err := Solve(p, nil)
		require.NoError(t, err)
		require.Equal(t, dense.Filled, flow.Filled, "it %d", it)
		require.Equal(t, dense.Cost, flow.Cost, "it %d", it)
		used := solutionUnits(p, flow)
		for a := range p.Arcs {
			if used[a] > 0 {
				continue
			}
			red, ok := ReducedCost(p, flow, a)
			require.True(t, ok)
			require.GreaterOrEqual(t, red, int64(0), "it %d arc %d", it, a)
		}
	}
	sc := scoredFixture(t)
	sol, err := Solve(sc.Problem, nil)
	require.NoError(t, err)
	ex, err := sc.Explain(sol)
	require.NoError(t, err)
	require.Len(t, ex.Pairs, 2)
	assert.Equal(t, "vol-1", ex.Pairs[0].Supply)
	for _, rej := range ex.Rejections {
		require.True(t, rej.Lost.Valid)
		assert.False(t, rej.Lost.Decimal.IsNegative())
	}
}
