package match

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

// columnsProblem draws a problem of one of three shapes: tiny with penalties, caps and
// negative costs; sparse with many candidates per demand; or clustered like a city.
func columnsProblem(rng *rand.Rand, it int) *Problem {
	switch it % 3 {
	case 0:
		return flowRandomProblem(rng, it%2 == 0)
	case 1:
		return benchSparse(3+rng.IntN(25), 3+rng.IntN(30), 1+rng.IntN(8), int64(1+rng.IntN(4)), int64(1+rng.IntN(3)), int64(rng.IntN(2)), rng.IntN(3), uint64(it))
	default:
		return cityProblem(rng, 5+rng.IntN(40), 3+rng.IntN(30), 1+int64(rng.IntN(3)))
	}
}

// splitArcs deals p's arcs into a first Problem, holding the cheapest and the dearest arc
// (so that Big is the whole problem's) and a random share of the rest, and 1 to 4 batches.
func splitArcs(rng *rand.Rand, p *Problem) (*Problem, [][]Arc) {
	first := &Problem{Demands: p.Demands, Supplies: p.Supplies}
	if len(p.Arcs) == 0 {
		return first, nil
	}
	lo, hi := 0, 0
	for k, a := range p.Arcs {
		if a.Cost < p.Arcs[lo].Cost {
			lo = k
		}
		if a.Cost > p.Arcs[hi].Cost {
			hi = k
		}
	}
	batches := make([][]Arc, 1+rng.IntN(4))
	for k, a := range p.Arcs {
		if k == lo || k == hi || rng.IntN(4) == 0 {
			first.Arcs = append(first.Arcs, a)
			continue
		}
		b := rng.IntN(len(batches))
		batches[b] = append(batches[b], a)
	}
	return first, batches
}

// requireOptimal checks that got, a Solution of handed (p's arcs in the order handed
// over), is valid and certified by its potentials on handed's arcs and has the objective
// Solve finds on p: lexicographic units filled, then cost and penalties. It returns got.
func requireOptimal(t *testing.T, p, handed *Problem, got *Solution, msg string) *Solution {
	t.Helper()
	flowCheckSolution(t, handed, got, msg)
	want, err := Solve(p, nil)
	require.NoError(t, err, msg)
	f1, c1 := lexObjective(p, want)
	f2, c2 := lexObjective(handed, got)
	require.Equal(t, [2]int64{f1, c1}, [2]int64{f2, c2}, msg)
	return got
}

// Property: a Columns fed a problem's arcs in rounds ends with the optimum Solve finds on
// the whole problem (units filled, cost and penalties), its potentials certify it on every
// arc, and after each round it is optimal for the arcs handed over so far; before any
// round it is Solve's network simplex answer itself. The simplex's tree is checked after
// every round.
func TestColumnsSameOptimumAsWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 29))
	added := 0
	for it := range 600 {
		p := columnsProblem(rng, it)
		first, batches := splitArcs(rng, p)
		msg := fmt.Sprintf("problem %d", it)
		c, err := NewColumns(first)
		require.NoError(t, err, msg)
		checkTree(t, c.s)
		want, err := Solve(first, &Options{Algorithm: NetworkSimplex})
		require.NoError(t, err, msg)
		got := c.Solution()
		require.Equal(t, want.Pairs, got.Pairs, msg)
		require.Equal(t, want.DemandPotential, got.DemandPotential, msg)
		require.Equal(t, want.SupplyPotential, got.SupplyPotential, msg)
		so := &Problem{Demands: p.Demands, Supplies: p.Supplies, Arcs: slices.Clone(first.Arcs)}
		for r, b := range batches {
			require.NoError(t, c.AddArcs(b), msg)
			checkTree(t, c.s)
			so.Arcs = append(so.Arcs, b...)
			added += len(b)
			requireOptimal(t, so, so, c.Solution(), fmt.Sprintf("%s, round %d", msg, r))
		}
		got = requireOptimal(t, p, so, c.Solution(), msg)
		require.Equal(t, NetworkSimplex, got.Algorithm, msg)
	}
	require.Greater(t, added, 10000, "the rounds should bring arcs")
}

// Property: column generation with a Columns (each demand's cheapest arc and the dearest
// arc first, then every round the arcs the potentials price below zero) is exact: it ends
// with Solve's optimum on every arc, and the potentials leave no arc priced below zero.
func TestColumnsPricingIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 8))
	multi := 0
	for it := range 300 {
		p := columnsProblem(rng, it)
		msg := fmt.Sprintf("problem %d", it)
		in := make([]bool, len(p.Arcs))
		cheapest := map[int]int{}
		hi, lo := -1, -1
		for k, a := range p.Arcs {
			if b, ok := cheapest[a.Demand]; !ok || a.Cost < p.Arcs[b].Cost {
				cheapest[a.Demand] = k
			}
			if hi < 0 || a.Cost > p.Arcs[hi].Cost {
				hi = k
			}
			if lo < 0 || a.Cost < p.Arcs[lo].Cost {
				lo = k
			}
		}
		first := &Problem{Demands: p.Demands, Supplies: p.Supplies}
		var handed []int // the arcs of p in the order handed over
		take := func(k int) {
			if !in[k] {
				in[k] = true
				handed = append(handed, k)
			}
		}
		for k := range p.Arcs {
			if k == hi || k == lo || cheapest[p.Arcs[k].Demand] == k {
				take(k)
			}
		}
		for _, k := range handed {
			first.Arcs = append(first.Arcs, p.Arcs[k])
		}
		c, err := NewColumns(first)
		require.NoError(t, err, msg)
		rounds := 0
		for ; ; rounds++ {
			sol := c.Solution()
			var batch []Arc
			for k, a := range p.Arcs {
				if rc, ok := sol.Reduced(a.Cost, a.Demand, a.Supply); !in[k] && ok && rc < 0 {
					take(k)
					batch = append(batch, a)
				}
			}
			if len(batch) == 0 {
				break
			}
			require.NoError(t, c.AddArcs(batch), msg)
		}
		if rounds > 1 {
			multi++
		}
		so := &Problem{Demands: p.Demands, Supplies: p.Supplies}
		for _, k := range handed {
			so.Arcs = append(so.Arcs, p.Arcs[k])
		}
		got := requireOptimal(t, p, so, c.Solution(), msg)
		for k, a := range p.Arcs {
			if !in[k] {
				rc, ok := got.Reduced(a.Cost, a.Demand, a.Supply)
				require.True(t, ok && rc >= 0, "%s: arc %d left out prices at %d", msg, k, rc)
			}
		}
	}
	require.Greater(t, multi, 50, "most problems should need more than one round of pricing")
}

// Property: the order of the arcs within a batch does not change the answer.
func TestColumnsBatchOrderDoesNotMatter(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 71))
	for it := range 200 {
		p := columnsProblem(rng, it)
		first, batches := splitArcs(rng, p)
		a, err := NewColumns(first)
		require.NoError(t, err)
		shuffled := *first
		shuffled.Arcs = slices.Clone(first.Arcs)
		rng.Shuffle(len(shuffled.Arcs), func(i, j int) { shuffled.Arcs[i], shuffled.Arcs[j] = shuffled.Arcs[j], shuffled.Arcs[i] })
		b, err := NewColumns(&shuffled)
		require.NoError(t, err)
		for _, batch := range batches {
			require.NoError(t, a.AddArcs(batch))
			mixed := slices.Clone(batch)
			rng.Shuffle(len(mixed), func(i, j int) { mixed[i], mixed[j] = mixed[j], mixed[i] })
			require.NoError(t, b.AddArcs(mixed))
		}
		sa, sb := a.Solution(), b.Solution()
		require.Equal(t, flowByID(p, sa), flowByID(p, sb), "problem %d", it)
		require.Equal(t, sa.DemandPotential, sb.DemandPotential, "problem %d", it)
		require.Equal(t, sa.SupplyPotential, sb.SupplyPotential, "problem %d", it)
	}
}

// TestColumnsRefusesBadArcs checks each refusal names the arc and field and leaves the
// Columns as it was.
func TestColumnsRefusesBadArcs(t *testing.T) {
	p := &Problem{
		Demands:  []Demand{{ID: "a", Units: 2}, {ID: "b", Units: 1}},
		Supplies: []Supply{{ID: "x", Units: 2}, {ID: "y", Units: 2}},
		Arcs:     []Arc{{Demand: 0, Supply: 0, Cost: 5}, {Demand: 1, Supply: 1, Cost: -2}},
	}
	c, err := NewColumns(p)
	require.NoError(t, err)
	before := c.Solution()
	for _, tc := range []struct {
		arcs  []Arc
		field string
	}{
		{[]Arc{{Demand: 0, Supply: 1, Cost: 1}, {Demand: 2, Supply: 0}}, "Arcs[1].Demand"},
		{[]Arc{{Demand: 0, Supply: -1}}, "Arcs[0].Supply"},
		{[]Arc{{Demand: 0, Supply: 1, Cap: -1}}, "Arcs[0].Cap"},
		{[]Arc{{Demand: 0, Supply: 1, Cost: 6}}, "Arcs[0].Cost"},
		{[]Arc{{Demand: 0, Supply: 1, Cost: -3}}, "Arcs[0].Cost"},
		{[]Arc{{Demand: 1, Supply: 0, Cost: 1}, {Demand: 0, Supply: 1}, {Demand: 1, Supply: 0}}, "Arcs[2].Supply"},
		{[]Arc{{Demand: 1, Supply: 0, Cost: 1}, {Demand: 1, Supply: 1}}, "Arcs[1].Supply"},
	} {
		err := c.AddArcs(tc.arcs)
		var we *wushe.Error
		require.True(t, errors.As(err, &we), "%v", tc.arcs)
		require.Equal(t, wushe.KindInvalid, we.Kind)
		require.Equal(t, "match.Columns.AddArcs", we.Op)
		require.Equal(t, tc.field, we.Field, "%v", err)
		require.Equal(t, before, c.Solution(), "a refused batch changed the answer")
	}
	require.NoError(t, c.AddArcs(nil))
	require.NoError(t, c.AddArcs([]Arc{{Demand: 0, Supply: 1, Cost: -2}}))
	after := c.Solution()
	require.Equal(t, int64(3), after.Filled)
	require.Equal(t, int64(1), after.Cost) // a–y, a–x and b–y: all three units filled
	require.Contains(t, after.Reason, "2 rounds")

	_, err = NewColumns(&Problem{Demands: []Demand{{ID: "a", Units: -1}}})
	var we *wushe.Error
	require.True(t, errors.As(err, &we))
	require.Equal(t, "match.NewColumns", we.Op)
	require.Equal(t, wushe.KindInvalid, we.Kind)
}

// TestSimplexGrowTreeInvariants solves a random network on part of its arcs, adds the
// others with grow and goes on pivoting, checking the tree after every pivot; the optimum
// is the cost of solving the whole network at once.
func TestSimplexGrowTreeInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 9))
	pivots := 0
	for range 400 {
		g := flowRandomGraph(rng)
		if g.Validate() != nil {
			continue
		}
		// The dearest arc first, so that the artificial arcs cost what the whole network's do.
		for i, a := range g.Arcs {
			if absU(a.Cost) > absU(g.Arcs[0].Cost) {
				g.Arcs[0], g.Arcs[i] = a, g.Arcs[0]
			}
		}
		k := min(len(g.Arcs), 1+rng.IntN(len(g.Arcs)+1))
		part := &Graph{Supply: g.Supply, Arcs: g.Arcs[:k]}
		s := newSimplex(part, g.PathBound)
		s.initialPivots(part)
		pivots += pivotChecked(t, s)
		rest := g.Arcs[k:]
		priced := make([]pricedArc, len(rest))
		caps := make([]int64, len(rest))
		at := make([]int32, len(rest))
		for i, a := range rest {
			priced[i] = pricedArc{src: int32(a.From), dst: int32(a.To), cost: a.Cost}
			caps[i], at[i] = a.Cap, int32(k+i)
		}
		s.grow(priced, caps, at)
		checkTree(t, s)
		pivots += pivotChecked(t, s)
		want, err := solveSimplex(g)
		var wantCost int64
		ok := err == nil
		if ok {
			for i, a := range g.Arcs {
				wantCost += want.Flow[i] * a.Cost
			}
		}
		artFlow := false
		var cost int64
		for e := range s.m {
			cost += s.arcs[e].flow * s.priced[e].cost
		}
		for v := range s.n {
			artFlow = artFlow || s.arcs[s.m+v].flow != 0
		}
		require.Equal(t, !ok, artFlow, "feasible whole, feasible grown")
		if ok {
			require.Equal(t, wantCost, cost)
		}
	}
	require.Greater(t, pivots, 500, "the networks should need pivots")
}
