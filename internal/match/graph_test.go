package match

import (
	"errors"
	"math/rand/v2"
	"testing"

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
