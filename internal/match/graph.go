package match

import (
	"cmp"
	"math"
	"math/big"
	"math/bits"
	"slices"

	"github.com/wushe/wushe"
)

// Graph is a general minimum-cost-flow network with integer supplies, capacities and
// costs. Nodes are numbered 0 … len(Supply)−1. Supply[v] > 0 is what node v sends into the
// network, Supply[v] < 0 what it takes out; the supplies must sum to zero.
//
// MinCostFlow sends the supplies to the demands along Arcs at the least total cost.
type Graph struct {
	// Supply is each node's supply (positive) or demand (negative).
	Supply []int64
	// Arcs are the network's arcs; the solution's flows are indexed like them.
	Arcs []FlowArc
}

// FlowArc is a directed arc of a Graph carrying between 0 and Cap units at Cost each.
type FlowArc struct {
	// From and To index Graph.Supply; they must differ.
	From, To int
	// Cap is the most the arc may carry (>= 0).
	Cap int64
	// Cost is the cost of each unit, of either sign.
	Cost int64
}

// NewGraph returns a graph of n nodes with zero supplies and no arcs.
func NewGraph(n int) *Graph { return &Graph{Supply: make([]int64, n)} }

// AddArc appends an arc and returns its index.
func (g *Graph) AddArc(from, to int, capacity, cost int64) int {
	g.Arcs = append(g.Arcs, FlowArc{From: from, To: to, Cap: capacity, Cost: cost})
	return len(g.Arcs) - 1
}

// Flow is the answer of MinCostFlow.
type Flow struct {
	// Flow[a] is the flow on Graph.Arcs[a].
	Flow []int64
	// Cost is Σ Flow[a] × Arcs[a].Cost when that fits int64; then CostFits is true. A
	// network whose every path fits may still have a total that does not (a city's plan
	// priced at fen, with a high price on every unit left unfilled): then Cost is 0,
	// CostFits false, the flow is still optimal, and Graph.TotalCost gives the exact sum.
	Cost     int64
	CostFits bool
	// Potential are optimal dual values. Every arc's reduced cost
	//
	//	rc(a) = Cost(a) + Potential[From(a)] − Potential[To(a)]
	//
	// is >= 0 when the arc carries less than its capacity and <= 0 when it carries more
	// than zero: the certificate that the flow is optimal.
	Potential []int64
	// Algorithm is the method that ran.
	Algorithm Algorithm
}

// maxMagnitude bounds the cost of every simple path the solvers may meet: with every path
// within it, every potential, reduced cost and tentative distance stays within a few
// multiples of it, far from wrapping.
const maxMagnitude = math.MaxInt64 / 16

// Validate reports every problem with the graph as a KindInvalid *wushe.Error naming the
// field ("Arcs[3].Cap"): a negative capacity, a node index out of range, a self-loop,
// supplies that do not sum to zero, and costs whose paths could overflow int64: 16 × the
// longest simple path the costs allow (PathBound) must fit, since it bounds every
// potential. The flow's total cost is checked when it is computed: MinCostFlow reports a
// total beyond int64 as an error rather than wrapping it.
func (g *Graph) Validate() error { return g.validateShape() }

// validateShape is Validate: the shape of the network and its path bound.
func (g *Graph) validateShape() error {
	if g == nil {
		return wushe.Invalid("Graph", "", "is nil")
	}
	p := wushe.Check("Graph")
	g.checkShape(p)
	return p.Err()
}

// checkShape adds to p what validateShape reports.
func (g *Graph) checkShape(p *wushe.Problems) {
	n := len(g.Supply)
	var total, pos int64
	overflow := false
	for _, s := range g.Supply {
		var c uint64
		total, c = addInt64(total, s)
		if c != 0 {
			overflow = true
		}
		if s > 0 {
			pos, c = addInt64(pos, s)
			if c != 0 {
				overflow = true
			}
		}
	}
	if overflow {
		p.Addf("Supply", "the supplies overflow int64")
	} else if total != 0 {
		p.Addf("Supply", "supplies sum to %d, want 0 (the network must be balanced)", total)
	}
	shapeOK := true
	var maxCost uint64
	for i, a := range g.Arcs {
		maxCost = max(maxCost, absU(a.Cost))
		okFrom, okTo := a.From >= 0 && a.From < n, a.To >= 0 && a.To < n
		if !okFrom {
			p.Addf(wushe.Index("Arcs", i)+".From", "is not a node index")
		}
		if !okTo {
			p.Addf(wushe.Index("Arcs", i)+".To", "is not a node index")
		}
		if okFrom && okTo && a.From == a.To {
			p.Addf(wushe.Index("Arcs", i)+".To", "equals From (self-loops are not allowed)")
		}
		if a.Cap < 0 {
			p.Addf(wushe.Index("Arcs", i)+".Cap", "must not be negative")
		}
		shapeOK = shapeOK && okFrom && okTo
	}
	if shapeOK {
		// A simple path has at most n − 1 arcs: when that many of the dearest fit, so does
		// PathBound, which is never more, and its sort is not needed.
		if hi, lo := bits.Mul64(maxCost, uint64(max(n-1, 0))); hi == 0 && lo <= maxMagnitude {
			return
		}
		if b, ok := g.PathBound(); !ok || b > maxMagnitude {
			p.Addf("Arcs", "a path of the network may cost more than %d, which risks overflowing int64 potentials", uint64(maxMagnitude))
		}
	}
}

// PathBound returns an upper bound on the absolute cost of any simple path of g, arcs
// taken in either direction, and false when the bound itself overflows uint64. Every
// node potential and shortest-path distance the solvers compute is the cost of such a
// path, so the bound is what must fit in int64, not Σ Cap × |Cost|.
//
// A simple path uses at most two arcs at any node and at most n − 1 arcs. So for any set
// C of nodes, the path costs at most 2 Σ_{v ∈ C} m(v) + (n − 1) × (the largest |cost| of an
// arc with no end in C), m(v) being the largest |cost| of an arc at v. PathBound takes the
// least of these over C = the k nodes of largest m (more arcs first on ties), k = 0 … n: for
// Solve's network, C = {sink} bounds every path by 2 Big + (n − 1) × the largest arc cost.
func (g *Graph) PathBound() (uint64, bool) {
	n := len(g.Supply)
	if n == 0 || len(g.Arcs) == 0 {
		return 0, true
	}
	m := make([]uint64, n)
	deg := make([]int32, n)
	for _, a := range g.Arcs {
		c := absU(a.Cost)
		m[a.From], m[a.To] = max(m[a.From], c), max(m[a.To], c)
		deg[a.From]++
		deg[a.To]++
	}
	return pathBound(m, deg, func(yield func(from, to int, c uint64)) {
		for _, a := range g.Arcs {
			yield(a.From, a.To, absU(a.Cost))
		}
	})
}

// pathBound is PathBound on nodes with largest incident costs m and degrees deg, and
// arcs listed by each.
func pathBound(m []uint64, deg []int32, each func(func(from, to int, c uint64))) (uint64, bool) {
	n := len(m)
	order := make([]int32, n)
	for v := range order {
		order[v] = int32(v)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(deg[b], deg[a]), cmp.Compare(a, b))
	})
	rank := make([]int32, n)
	for r, v := range order {
		rank[v] = int32(r)
	}
	// top[r]: the largest |cost| of an arc whose better-ranked end has rank r.
	top := make([]uint64, n+1)
	each(func(from, to int, c uint64) {
		r := min(rank[from], rank[to])
		top[r] = max(top[r], c)
	})
	for r := n - 1; r >= 0; r-- {
		top[r] = max(top[r], top[r+1])
	}
	best, found := uint64(0), false
	covered := new(acc) // 2 Σ m over the first k nodes
	for k := 0; k <= n; k++ {
		b := *covered
		hi, lo := bits.Mul64(top[k], uint64(n-1))
		b.add(lo)
		if hi == 0 && !b.over && (!found || b.v < best) {
			best, found = b.v, true
		}
		if k == n || covered.over {
			break
		}
		covered.add(m[order[k]]).add(m[order[k]])
		if found && covered.v >= best {
			break
		}
	}
	return best, found
}

func absU(x int64) uint64 {
	if x < 0 {
		return uint64(-(x + 1)) + 1
	}
	return uint64(x)
}

// addInt64 adds with overflow detection: c != 0 when the sum wrapped.
func addInt64(a, b int64) (int64, uint64) {
	s := a + b
	if (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0) {
		return s, 1
	}
	return s, 0
}

// MinCostFlow solves the minimum-cost-flow problem on g with the algorithm asked for:
// SuccessiveShortestPaths, NetworkSimplex, or Auto (the zero value), which runs network
// simplex. The answer is deterministic: the same graph always gives the same flows.
//
// Successive shortest paths starts one search per augmentation at a node with excess, so
// it is slow on networks where a single source with many arcs holds all the supply (each
// search then scans them all); Solve avoids that shape by letting every demand hold its
// own units.
//
// An invalid graph fails with KindInvalid; a graph whose supplies cannot all be sent
// within the capacities fails with KindInsufficient. g is not modified. A total cost
// beyond int64 is not an error: see Flow.CostFits.
func MinCostFlow(g *Graph, alg Algorithm) (*Flow, error) {
	const op = "match.MinCostFlow"
	if err := g.Validate(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	var f *Flow
	var err error
	switch alg {
	case SuccessiveShortestPaths:
		f, err = solveSSP(g, nil)
	case NetworkSimplex, Auto, "":
		f, err = solveSimplex(g)
	default:
		return nil, wushe.E(op, wushe.KindInvalid, "Graph", "", "unknown algorithm %q", alg)
	}
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	f.Cost, f.CostFits = flowCost(g, f.Flow)
	return f, nil
}

// TotalCost is Σ flow[a] × Arcs[a].Cost, exactly, whatever its size; flow must have one
// entry per arc.
func (g *Graph) TotalCost(flow []int64) *big.Int {
	total, term, x := new(big.Int), new(big.Int), new(big.Int)
	for i, a := range g.Arcs {
		if flow[i] == 0 || a.Cost == 0 {
			continue
		}
		term.SetInt64(flow[i])
		total.Add(total, term.Mul(term, x.SetInt64(a.Cost)))
	}
	return total
}

// flowCost is Σ flow × cost, and false when it overflows int64.
func flowCost(g *Graph, flow []int64) (int64, bool) {
	var c int64
	for i, a := range g.Arcs {
		x, ok := lapMul(flow[i], a.Cost)
		if !ok {
			return 0, false
		}
		if c, ok = lapAdd(c, x); !ok {
			return 0, false
		}
	}
	return c, true
}

// errInfeasible is the KindInsufficient error of a network that cannot carry its supplies.
func errInfeasible(node int) error {
	return wushe.E("", wushe.KindInsufficient, "Graph", "", "node %d's supply cannot be routed within the capacities", node)
}
