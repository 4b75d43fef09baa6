package match

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestInterleaveIsPermutation checks that interleave stores every arc exactly once, keeps
// the arcs of each run in the graph's order, and deals the runs in turn.
func TestInterleaveIsPermutation(t *testing.T) {
	for _, c := range []struct{ m, n int }{{0, 0}, {1, 1}, {5, 1}, {5, 2}, {7, 3}, {10, 3}, {100, 7}, {145, 15}, {1000, 10}, {31, 1000}} {
		at := interleave(c.m, c.n)
		require.Len(t, at, c.m)
		sorted := slices.Clone(at)
		slices.Sort(sorted)
		for i, x := range sorted {
			require.Equal(t, int32(i), x, "m=%d n=%d: not a permutation", c.m, c.n)
		}
		stride := 1
		if c.n > 1 {
			stride = max(c.m/c.n, 3)
		}
		for i := stride; i < c.m; i++ {
			require.Equal(t, at[i-stride]+1, at[i], "m=%d n=%d: position %d does not follow %d in its run", c.m, c.n, i, i-stride)
		}
	}
}

// checkTree verifies the spanning tree the simplex keeps: the thread is a preorder of the
// parent pointers (each subtree is the size nodes from its root on), revThread inverts it,
// each node's tree arc joins it to its parent in the direction recorded, tree arcs price
// at zero, and every arc's flow is within its capacity with a state that matches it.
func checkTree(t *testing.T, s *simplex) {
	t.Helper()
	N := s.n + 1
	root := int32(s.n)
	seen := make([]bool, N)
	u := root
	for range N {
		require.False(t, seen[u], "the thread visits %d twice", u)
		seen[u] = true
		require.Equal(t, u, s.revThread[s.thread[u]], "revThread of %d's successor", u)
		u = s.thread[u]
	}
	require.Equal(t, root, u, "the thread does not come back to the root after %d nodes", N)

	isAncestor := func(a, v int32) bool {
		for ; v >= 0; v = s.tree[v].parent {
			if v == a {
				return true
			}
		}
		return false
	}
	count := make([]int32, N)
	for v := int32(0); v < int32(N); v++ {
		for a := v; a >= 0; a = s.tree[a].parent {
			count[a]++
		}
	}
	for v := int32(0); v < int32(N); v++ {
		require.Equal(t, count[v], s.tree[v].size, "size of %d", v)
		x := v
		for range s.tree[v].size {
			require.True(t, isAncestor(v, x), "%d follows %d in its subtree's run of the thread but is not below it", x, v)
			x = s.thread[x]
		}
		if v == root {
			continue
		}
		node := s.tree[v]
		e := node.pred
		require.Equal(t, stateTree, s.state[e], "the tree arc of %d", v)
		if int(e) >= s.m {
			require.Equal(t, root, node.parent, "an artificial arc hangs %d below %d", v, node.parent)
			continue
		}
		a := s.priced[e]
		from, to := v, node.parent
		if node.dir == dirDown {
			from, to = to, from
		}
		require.Equal(t, [2]int32{from, to}, [2]int32{a.src, a.dst}, "the tree arc of %d", v)
		require.Zero(t, a.cost+s.pi[a.src]-s.pi[a.dst], "the tree arc of %d prices at zero", v)
	}
	for e := range s.m {
		f := s.arcs[e]
		require.GreaterOrEqual(t, f.flow, int64(0), "arc %d", e)
		require.LessOrEqual(t, f.flow, f.cap, "arc %d", e)
		switch s.state[e] {
		case stateLower:
			require.Zero(t, f.flow, "arc %d at its lower bound", e)
		case stateUpper:
			require.Equal(t, f.cap, f.flow, "arc %d at its upper bound", e)
		}
	}
}

// pivotChecked pivots s to optimality, checking the tree after every pivot, and returns
// how many pivots it made.
func pivotChecked(t *testing.T, s *simplex) int {
	t.Helper()
	pivots := 0
	for {
		in := s.findEntering()
		if in < 0 {
			return pivots
		}
		s.pivot(in)
		pivots++
		checkTree(t, s)
	}
}

// TestSimplexTreeInvariants runs the simplex pivot by pivot on random networks and checks
// the tree after every one, so that a wrong splice of the thread or a wrong subtree size
// fails where it happens rather than as a wrong optimum later.
func TestSimplexTreeInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 3))
	pivots := 0
	for i := range 400 {
		var g *Graph
		if i%4 == 3 {
			p := benchSparse(3+rng.IntN(12), 3+rng.IntN(20), 1+rng.IntN(5), int64(1+rng.IntN(4)), int64(1+rng.IntN(3)), int64(rng.IntN(2)), 0, uint64(i))
			nw, err := buildNetwork(p)
			require.NoError(t, err)
			g = nw.graph()
		} else {
			g = flowRandomGraph(rng)
		}
		if g.Validate() != nil {
			continue
		}
		s := newSimplex(g, g.PathBound)
		checkTree(t, s)
		s.initialPivots(g)
		checkTree(t, s)
		pivots += pivotChecked(t, s)
	}
	require.Greater(t, pivots, 1000, "the networks should need pivots")
}
