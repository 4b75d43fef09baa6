package match

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// longestSimplePath is the largest Σ |cost| over the simple paths of g (arcs in either
// direction), by exhaustive search: a reference for PathBound on small graphs.
func longestSimplePath(g *Graph) uint64 {
	n := len(g.Supply)
	adj := make([][]FlowArc, n)
	for _, a := range g.Arcs {
		adj[a.From] = append(adj[a.From], a)
		adj[a.To] = append(adj[a.To], FlowArc{From: a.To, To: a.From, Cost: a.Cost})
	}
	seen := make([]bool, n)
	var best uint64
	var walk func(v int, sum uint64)
	walk = func(v int, sum uint64) {
		best = max(best, sum)
		seen[v] = true
		for _, a := range adj[v] {
			if !seen[a.To] {
				walk(a.To, sum+absU(a.Cost))
			}
		}
		seen[v] = false
	}
	for v := range n {
		walk(v, 0)
	}
	return best
}

// Property: PathBound is never below the most expensive simple path, and never above the
// classic (n − 1) × max|cost|.
func TestPathBoundProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 4))
	for it := range 3000 {
		g := flowRandomGraph(rng)
		if it%3 == 0 { // a hub with dear arcs, like Solve's sink
			for v := 1; v < len(g.Supply); v++ {
				g.AddArc(v, 0, 1, int64(1000+rng.IntN(1000)))
			}
		}
		b, ok := g.PathBound()
		require.True(t, ok)
		require.GreaterOrEqual(t, b, longestSimplePath(g), "instance %d", it)
		var m uint64
		for _, a := range g.Arcs {
			m = max(m, absU(a.Cost))
		}
		if len(g.Arcs) > 0 {
			require.LessOrEqual(t, b, m*uint64(len(g.Supply)-1), "instance %d", it)
		}
	}
	// A star: every path uses at most two of its arcs.
	g := NewGraph(1001)
	for v := 1; v <= 1000; v++ {
		g.AddArc(v, 0, 1, 1_000_000)
	}
	b, _ := g.PathBound()
	assert.Equal(t, uint64(2_000_000), b)
}

// cityProblem is a b-matching of the size and cost range of a city volunteer match: costs
// in units of 10^-8 point on a 100-point scale, which the old bound, (nodes + 3) × Big,
// refused.
func cityProblem(rng *rand.Rand, D, S int, unit int64) *Problem {
	p := &Problem{}
	for i := range D {
		p.Demands = append(p.Demands, Demand{ID: fmt.Sprintf("d%05d", i), Units: int64(1 + rng.IntN(5))})
	}
	for j := range S {
		p.Supplies = append(p.Supplies, Supply{ID: fmt.Sprintf("s%05d", j), Units: int64(1 + rng.IntN(2))})
	}
	for i := range D {
		for range 8 {
			j := rng.IntN(S)
			p.Arcs = append(p.Arcs, Arc{Demand: i, Supply: j, Cost: int64(rng.IntN(100)) * unit, Cap: 1})
		}
	}
	// Drop repeated pairs.
	seen := map[[2]int]bool{}
	arcs := p.Arcs[:0]
	for _, a := range p.Arcs {
		if !seen[[2]int{a.Demand, a.Supply}] {
			seen[[2]int{a.Demand, a.Supply}] = true
			arcs = append(arcs, a)
		}
	}
	p.Arcs = arcs
	return p
}

// Solve no longer refuses city-sized problems whose paths fit int64, and scaling every
// cost changes nothing but the totals: the same pairs, costs and duals times the factor.
func TestSolveCityMagnitudes(t *testing.T) {
	const unit = 100_000_000 // 10^8: a point at 8 decimal places
	for _, alg := range []Algorithm{SuccessiveShortestPaths, NetworkSimplex, Auto} {
		rng := rand.New(rand.NewPCG(5, 9))
		big := cityProblem(rng, 3000, 4000, unit)
		rng = rand.New(rand.NewPCG(5, 9))
		small := cityProblem(rng, 3000, 4000, 1)
		var total int64
		for _, d := range big.Demands {
			total += d.Units
		}
		// The old check: (D + S + 3) × Big <= MaxInt64/16.
		bigM := (99*unit)*total + 1
		require.Greater(t, float64(bigM)*float64(3000+4000+3), float64(math.MaxInt64/16), "the old bound refused it")
		sb, err := Solve(big, &Options{Algorithm: alg})
		require.NoError(t, err, alg)
		ss, err := Solve(small, &Options{Algorithm: alg})
		require.NoError(t, err, alg)
		require.Equal(t, flowByID(small, ss), flowByID(big, sb), alg)
		require.Equal(t, ss.Cost*unit, sb.Cost, alg)
		require.Equal(t, ss.Filled, sb.Filled, alg)
		flowCheckSolution(t, big, sb, string(alg))
	}
}

// MinCostFlow takes a network whose (n − 1) × max|cost| leaves the solvers' range when its
// dear arcs meet at one node, and both solvers agree.
func TestMinCostFlowTightBound(t *testing.T) {
	const n = 2000
	g := NewGraph(n + 1) // node n is the hub
	for v := range n {
		if v%2 == 0 {
			g.Supply[v] = 1
			g.Supply[v+1] = -1
			g.AddArc(v, v+1, 1, 5)
		}
		if v < 50 {
			g.AddArc(v, n, 1, int64(maxMagnitude/8))
			g.AddArc(n, v, 1, int64(maxMagnitude/8))
		}
	}
	g.Supply[0], g.Supply[1] = 2, -2 // one unit must go through the hub
	require.NoError(t, g.Validate())
	require.Greater(t, float64(n)*float64(maxMagnitude/8), float64(maxMagnitude), "the old bound, n × max|cost|, refused it")
	a, err := MinCostFlow(g, SuccessiveShortestPaths)
	require.NoError(t, err)
	b, err := MinCostFlow(g, NetworkSimplex)
	require.NoError(t, err)
	assert.Equal(t, a.Cost, b.Cost)
	assert.Equal(t, 5*(n/2)+2*int64(maxMagnitude/8), a.Cost)
	flowCheck(t, g, a)
	flowCheck(t, g, b)
}
