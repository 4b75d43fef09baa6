package match

import (
	"math"
	"math/bits"

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
	// Cost is Σ Flow[a] × Arcs[a].Cost.
	Cost int64
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

// maxMagnitude bounds every cost magnitude the solvers accept, scaled by the node count:
// (n+2)·max|cost| <= maxMagnitude keeps every potential, reduced cost and path length
// within a few multiples of it, far from wrapping.
const maxMagnitude = math.MaxInt64 / 16

// Validate reports every problem with the graph as a KindInvalid *wushe.Error naming the
// field ("Arcs[3].Cap"): a negative capacity, a node index out of range, a self-loop,
// supplies that do not sum to zero, and magnitudes whose sums could overflow int64
// (the total of Cap × |Cost| over all arcs must fit, and so must max|Cost| × nodes × 16).
func (g *Graph) Validate() error {
	if g == nil {
		return wushe.Invalid("Graph", "", "is nil")
	}
	p := wushe.Check("Graph")
	n := len(g.Supply)
	var total, pos int64
	overflow := false
	for v, s := range g.Supply {
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
		_ = v
	}
	if overflow {
		p.Addf("Supply", "the supplies overflow int64")
	} else if total != 0 {
		p.Addf("Supply", "supplies sum to %d, want 0 (the network must be balanced)", total)
	}
	var maxCost uint64
	var sum uint64 // Σ Cap·|Cost|
	sumOverflow := false
	for i, a := range g.Arcs {
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
			continue
		}
		c := absU(a.Cost)
		maxCost = max(maxCost, c)
		hi, lo := bits.Mul64(uint64(a.Cap), c)
		var carry uint64
		sum, carry = bits.Add64(sum, lo, 0)
		if hi != 0 || carry != 0 || sum > math.MaxInt64 {
			sumOverflow = true
		}
	}
	if sumOverflow {
		p.Addf("Arcs", "Σ Cap × |Cost| overflows int64")
	}
	if hi, lo := bits.Mul64(maxCost, uint64(n+2)); hi != 0 || lo > maxMagnitude {
		p.Addf("Arcs", "costs up to %d over %d nodes risk overflowing int64 potentials", maxCost, n)
	}
	return p.Err()
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
// within the capacities fails with KindInsufficient. g is not modified.
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
	return f, nil
}

// flowCost is Σ flow × cost; Validate guarantees it fits.
func flowCost(g *Graph, flow []int64) int64 {
	var c int64
	for i, a := range g.Arcs {
		c += flow[i] * a.Cost
	}
	return c
}

// errInfeasible is the KindInsufficient error of a network that cannot carry its supplies.
func errInfeasible(node int) error {
	return wushe.E("", wushe.KindInsufficient, "Graph", "", "node %d's supply cannot be routed within the capacities", node)
}
