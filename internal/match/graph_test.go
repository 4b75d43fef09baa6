package match

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

// flowRandomGraph makes a small random balanced network; some instances are infeasible.
func flowRandomGraph(rng *rand.Rand) *Graph {
	n := 2 + rng.IntN(7)
	g := NewGraph(n)
	m := rng.IntN(3 * n)
	for range m {
		u, v := rng.IntN(n), rng.IntN(n)
		if u == v {
			continue
		}
		g.AddArc(u, v, int64(rng.IntN(6)), int64(rng.IntN(21)-8))
	}
	for range rng.IntN(4) {
		u, v := rng.IntN(n), rng.IntN(n)
		if u == v {
			continue
		}
		k := int64(1 + rng.IntN(5))
		g.Supply[u] += k
		g.Supply[v] -= k
	}
	return g
}

// flowCheck verifies conservation, capacities and complementary slackness.
func flowCheck(t *testing.T, g *Graph, f *Flow) {
	t.Helper()
	bal := make([]int64, len(g.Supply))
	copy(bal, g.Supply)
	var cost int64
	for i, a := range g.Arcs {
		x := f.Flow[i]
		require.GreaterOrEqual(t, x, int64(0), "arc %d", i)
		require.LessOrEqual(t, x, a.Cap, "arc %d", i)
		bal[a.From] -= x
		bal[a.To] += x
		cost += x * a.Cost
		rc := a.Cost + f.Potential[a.From] - f.Potential[a.To]
		if x < a.Cap {
			require.GreaterOrEqual(t, rc, int64(0), "arc %d reduced cost with residual", i)
		}
		if x > 0 {
			require.LessOrEqual(t, rc, int64(0), "arc %d reduced cost with flow", i)
		}
	}
	for v, b := range bal {
		require.Zero(t, b, "node %d not balanced", v)
	}
	require.Equal(t, cost, f.Cost)
}

func TestMinCostFlowRandomAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for it := range 4000 {
		g := flowRandomGraph(rng)
		want, ok := refMinCostFlow(g)
		for _, alg := range []Algorithm{SuccessiveShortestPaths, NetworkSimplex} {
			f, err := MinCostFlow(g, alg)
			if !ok {
				require.Error(t, err, "instance %d %s", it, alg)
				require.True(t, errors.Is(err, wushe.ErrInsufficient), "instance %d: %v", it, err)
				continue
			}
			require.NoError(t, err, "instance %d %s", it, alg)
			require.Equal(t, want, f.Cost, "instance %d %s: %+v", it, alg, g)
			flowCheck(t, g, f)
			again, err := MinCostFlow(g, alg)
			require.NoError(t, err)
			require.Equal(t, f, again, "deterministic")
		}
	}
}

func TestGraphValidate(t *testing.T) {
	field := func(err error) []string {
		var out []string
		for _, e := range wushe.FieldErrors(err) {
			out = append(out, e.Field)
		}
		return out
	}
	var nilGraph *Graph
	assert.True(t, errors.Is(nilGraph.Validate(), wushe.ErrInvalid))
	g := &Graph{Supply: []int64{1, -2}}
	assert.Equal(t, []string{"Supply"}, field(g.Validate()), "unbalanced")
	g = &Graph{Supply: []int64{math.MaxInt64, 1, -1}}
	assert.Equal(t, []string{"Supply"}, field(g.Validate()), "overflow")
	g = &Graph{Supply: []int64{0, 0}, Arcs: []FlowArc{
		{From: -1, To: 1, Cap: 1}, {From: 0, To: 2, Cap: 1}, {From: 1, To: 1, Cap: 1}, {From: 0, To: 1, Cap: -1},
	}}
	assert.Equal(t, []string{"Arcs[0].From", "Arcs[1].To", "Arcs[2].To", "Arcs[3].Cap"}, field(g.Validate()))
	g = &Graph{Supply: []int64{0, 0}, Arcs: []FlowArc{{From: 0, To: 1, Cap: 4, Cost: math.MaxInt64 / 2}}}
	assert.Equal(t, []string{"Arcs"}, field(g.Validate()), "potentials")
	g = &Graph{Supply: []int64{0, 0}, Arcs: []FlowArc{{From: 0, To: 1, Cap: 1, Cost: math.MinInt64}}}
	assert.NotEmpty(t, field(g.Validate()))
	g = NewGraph(3)
	g.Supply[0], g.Supply[2] = 2, -2
	assert.Equal(t, 0, g.AddArc(0, 1, 2, -3))
	assert.Equal(t, 1, g.AddArc(1, 2, 2, 1))
	require.NoError(t, g.Validate())
}

// MinCostFlow checks the total it reports, not Σ Cap × |Cost| ahead: a dear arc with room
// to spare is fine while the optimum avoids it, and an optimum beyond int64 is still
// answered, with CostFits false and the exact total from TotalCost.
func TestMinCostFlowTotalOverflow(t *testing.T) {
	const dear = math.MaxInt64 / 64
	g := NewGraph(3)
	g.Supply[0], g.Supply[2] = 1000, -1000
	g.AddArc(0, 2, 1000, 1)
	g.AddArc(0, 1, 1000, dear) // Σ Cap × |Cost| overflows
	g.AddArc(1, 2, 1000, 0)
	require.NoError(t, g.Validate())
	for _, alg := range []Algorithm{SuccessiveShortestPaths, NetworkSimplex} {
		f, err := MinCostFlow(g, alg)
		require.NoError(t, err, alg)
		assert.Equal(t, int64(1000), f.Cost, alg)
		assert.True(t, f.CostFits, alg)
	}
	g.Arcs[0].Cap = 0 // now the dear arc must carry 1000 units
	want := new(big.Int).Mul(big.NewInt(1000), big.NewInt(dear))
	for _, alg := range []Algorithm{SuccessiveShortestPaths, NetworkSimplex} {
		f, err := MinCostFlow(g, alg)
		require.NoError(t, err, alg)
		assert.False(t, f.CostFits, alg)
		assert.Equal(t, want.String(), g.TotalCost(f.Flow).String(), alg)
	}
}

func TestMinCostFlowErrors(t *testing.T) {
	g := NewGraph(2)
	g.Supply[0], g.Supply[1] = 3, -3
	g.AddArc(0, 1, 2, 1)
	for _, alg := range []Algorithm{SuccessiveShortestPaths, NetworkSimplex} {
		_, err := MinCostFlow(g, alg)
		assert.True(t, errors.Is(err, wushe.ErrInsufficient), "%v", err)
		var we *wushe.Error
		require.True(t, errors.As(err, &we))
		assert.Equal(t, "match.MinCostFlow", we.Op)
	}
	_, err := MinCostFlow(g, Greedy)
	assert.True(t, errors.Is(err, wushe.ErrInvalid))
	_, err = MinCostFlow(&Graph{Supply: []int64{1}}, Auto)
	assert.True(t, errors.Is(err, wushe.ErrInvalid))
	f, err := MinCostFlow(&Graph{}, "")
	require.NoError(t, err)
	assert.Equal(t, NetworkSimplex, f.Algorithm)
}

// A network whose every path fits int64 may carry a total that does not: 128 units at
// 2^56 each. MinCostFlow still answers, says the int64 total does not fit, and TotalCost
// and the DIMACS solution give the exact sum.
func TestMinCostFlowTotalBeyondInt64(t *testing.T) {
	g := &Graph{Supply: []int64{128, 0, -128}, Arcs: []FlowArc{
		{From: 0, To: 1, Cap: 128, Cost: 1 << 56},
		{From: 1, To: 2, Cap: 128, Cost: 0},
		{From: 0, To: 2, Cap: 3, Cost: 1<<56 + 1},
	}}
	for _, alg := range []Algorithm{NetworkSimplex, SuccessiveShortestPaths} {
		f, err := MinCostFlow(g, alg)
		require.NoError(t, err, alg)
		assert.False(t, f.CostFits, alg)
		assert.Zero(t, f.Cost, alg)
		assert.Equal(t, []int64{128, 128, 0}, f.Flow, alg)
		assert.Equal(t, "9223372036854775808", g.TotalCost(f.Flow).String(), alg)
		var b strings.Builder
		require.NoError(t, WriteDIMACSSolution(&b, g, f, false))
		assert.Equal(t, "s 9223372036854775808\n", b.String(), alg)
	}
	small := &Graph{Supply: []int64{2, -2}, Arcs: []FlowArc{{From: 0, To: 1, Cap: 2, Cost: -7}}}
	f, err := MinCostFlow(small, Auto)
	require.NoError(t, err)
	assert.True(t, f.CostFits)
	assert.Equal(t, int64(-14), f.Cost)
	assert.Equal(t, "-14", small.TotalCost(f.Flow).String())
}
