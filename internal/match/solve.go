package match

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/wushe/wushe"
)

const opSolve = "match.Solve"

// Options tunes Solve. The zero value (or nil) chooses the algorithm automatically.
type Options struct {
	// Algorithm is SuccessiveShortestPaths, NetworkSimplex or Auto (the default when empty).
	Algorithm Algorithm
	// SearchBudget bounds, under Auto, the number of nodes the shortest-path searches may
	// settle in total before Solve gives up on them and runs network simplex instead.
	// Zero means 16 × (nodes + arcs) of the flow network.
	SearchBudget int64
	// PlentifulRatio is the ratio of total supply units to total demand units at or above
	// which Auto starts with successive shortest paths; below it Auto runs network simplex.
	// Zero means 2.
	PlentifulRatio int64
}

// Solve finds an optimal answer to the bipartite problem p: it sends supply units to demand
// units along p's arcs, filling as much demand as possible first and then at the least
// total cost. A demand with a non-zero Penalty is not lexicographic: each of its units left
// unfilled costs Penalty instead, so a unit is filled only when some arc costs less than
// the penalty (or displaces nothing dearer).
//
// # Model
//
// Solve builds a flow network: each demand supplies its units, each supply may pass at most
// its units to a sink, each demand has an "unfilled" arc to the sink costing its Penalty, or
// for Penalty 0 a cost Big = (max(0, max Cost) − min(0, min Cost) + max Penalty) × total
// demand + 1 that exceeds any saving in cost, and an Arc with Cap 0 may carry as many units
// as its two nodes allow. The minimum-cost flow of that network is the answer.
//
// # Algorithm
//
// Options.Algorithm picks the solver. Auto runs successive shortest paths when supply is
// plentiful (total supply units at least PlentifulRatio × total demand units), since each
// demand then finds free supply within a few steps, and network simplex otherwise; when the
// shortest-path searches exceed SearchBudget it switches to network simplex. Both solvers are
// exact; Solution.Algorithm and Solution.Reason say which ran and why.
//
// # Ties
//
// Solve renumbers the demands by ID and the supplies by ID (ascending byte order) and orders
// the arcs by (demand ID, supply ID) before solving, and each solver is deterministic. So
// the answer depends only on the IDs and the data: reordering Demands, Supplies or Arcs
// never changes which pairs are chosen (by ID) or their units. IDs must therefore be unique
// within Demands and within Supplies. When the input is already in that order no sorting
// is done.
//
// # Duals
//
// DemandPotential and SupplyPotential are optimal dual values under this convention: the
// reduced cost of an arc a,
//
//	rc(a) = a.Cost − DemandPotential[a.Demand] + SupplyPotential[a.Supply],
//
// is >= 0 for every arc that could carry more and <= 0 for every arc that carries units,
// which certifies optimality. For an unused arc, rc(a) is a lower bound on how much the
// total cost (penalties and Big included) rises if one unit is forced along it: the score
// given up by insisting on that pair. DemandPotential[d] is what one more unit of supply
// reaching demand d would save; it is Big-sized for an unfilled lexicographic demand.
//
// # Errors
//
// An invalid problem fails with a KindInvalid *wushe.Error naming the field: negative
// units, penalties or caps, an arc naming a missing node, two arcs with the same demand and
// supply, duplicate IDs, or magnitudes whose cost sums could overflow int64. p is never
// modified.
func Solve(p *Problem, opts *Options) (*Solution, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	switch o.Algorithm {
	case "":
		o.Algorithm = Auto
	case Auto, SuccessiveShortestPaths, NetworkSimplex:
	default:
		e := wushe.E(opSolve, wushe.KindInvalid, "Options", "", "is %q, want auto, %s or %s", o.Algorithm, SuccessiveShortestPaths, NetworkSimplex)
		e.Field = "Algorithm"
		return nil, e
	}
	if o.SearchBudget < 0 || o.PlentifulRatio < 0 {
		e := wushe.E(opSolve, wushe.KindInvalid, "Options", "", "must not be negative")
		e.Field = "SearchBudget"
		if o.PlentifulRatio < 0 {
			e.Field = "PlentifulRatio"
		}
		return nil, e
	}
	nw, err := buildNetwork(p)
	if err != nil {
		return nil, wushe.WithOp(opSolve, err)
	}
	return nw.solve(o)
}

// network is a Problem turned into a flow Graph.
type network struct {
	p          *Problem
	g          *Graph
	dOrder     []int // node i (a demand) is p.Demands[dOrder[i]]
	sOrder     []int // node D+j is p.Supplies[sOrder[j]]
	arcOrder   []int // graph arc k < len(p.Arcs) is p.Arcs[arcOrder[k]]
	dNode      []int // p's demand index → node
	sNode      []int // p's supply index → node
	total      int64 // demand units
	supplyUnit int64 // supply units (saturating)
	big        int64
}

func validateProblem(p *Problem) error {
	if p == nil {
		return wushe.Invalid("Problem", "", "is nil")
	}
	c := wushe.Check("Problem")
	for i, d := range p.Demands {
		if d.Units < 0 {
			c.Addf(wushe.Index("Demands", i)+".Units", "must not be negative")
		}
		if d.Penalty < 0 {
			c.Addf(wushe.Index("Demands", i)+".Penalty", "must not be negative")
		}
	}
	for j, s := range p.Supplies {
		if s.Units < 0 {
			c.Addf(wushe.Index("Supplies", j)+".Units", "must not be negative")
		}
	}
	D, S := len(p.Demands), len(p.Supplies)
	for k, a := range p.Arcs {
		if a.Demand < 0 || a.Demand >= D {
			c.Addf(wushe.Index("Arcs", k)+".Demand", "is not a demand index")
		}
		if a.Supply < 0 || a.Supply >= S {
			c.Addf(wushe.Index("Arcs", k)+".Supply", "is not a supply index")
		}
		if a.Cap < 0 {
			c.Addf(wushe.Index("Arcs", k)+".Cap", "must not be negative")
		}
	}
	return c.Err()
}

// order returns the indexes of ids sorted by ID, and the first pair of duplicates (−1 when
// none).
func order[T any](items []T, id func(T) string) (perm []int, dupA, dupB int) {
	perm = make([]int, len(items))
	for i := range perm {
		perm[i] = i
	}
	sorted := true
	for i := 1; i < len(items); i++ {
		if id(items[i-1]) >= id(items[i]) {
			sorted = false
			break
		}
	}
	if !sorted {
		slices.SortStableFunc(perm, func(a, b int) int { return cmp.Compare(id(items[a]), id(items[b])) })
	}
	for i := 1; i < len(perm); i++ {
		if id(items[perm[i-1]]) == id(items[perm[i]]) {
			return perm, perm[i-1], perm[i]
		}
	}
	return perm, -1, -1
}

func buildNetwork(p *Problem) (*network, error) {
	if err := validateProblem(p); err != nil {
		return nil, err
	}
	D, S := len(p.Demands), len(p.Supplies)
	nw := &network{p: p}
	var a, b int
	nw.dOrder, a, b = order(p.Demands, func(d Demand) string { return d.ID })
	if a >= 0 {
		return nil, wushe.Invalid("Problem", wushe.Index("Demands", b)+".ID", "%q is also the ID of Demands[%d]", p.Demands[b].ID, a)
	}
	nw.sOrder, a, b = order(p.Supplies, func(s Supply) string { return s.ID })
	if a >= 0 {
		return nil, wushe.Invalid("Problem", wushe.Index("Supplies", b)+".ID", "%q is also the ID of Supplies[%d]", p.Supplies[b].ID, a)
	}
	nw.dNode = make([]int, D)
	for i, d := range nw.dOrder {
		nw.dNode[d] = i
	}
	nw.sNode = make([]int, S)
	for j, s := range nw.sOrder {
		nw.sNode[s] = D + j
	}
	// Arcs by (demand rank, supply rank): counting sort on the demand, then each bucket.
	start := make([]int, D+1)
	for _, x := range p.Arcs {
		start[nw.dNode[x.Demand]+1]++
	}
	for i := 1; i <= D; i++ {
		start[i] += start[i-1]
	}
	nw.arcOrder = make([]int, len(p.Arcs))
	fill := slices.Clone(start[:D])
	for k, x := range p.Arcs {
		d := nw.dNode[x.Demand]
		nw.arcOrder[fill[d]] = k
		fill[d]++
	}
	for i := range D {
		bucket := nw.arcOrder[start[i]:start[i+1]]
		key := func(k int) int { return nw.sNode[p.Arcs[k].Supply] }
		if !slices.IsSortedFunc(bucket, func(x, y int) int { return cmp.Compare(key(x), key(y)) }) {
			slices.SortStableFunc(bucket, func(x, y int) int { return cmp.Compare(key(x), key(y)) })
		}
		for t := 1; t < len(bucket); t++ {
			if key(bucket[t-1]) == key(bucket[t]) {
				k0, k1 := min(bucket[t-1], bucket[t]), max(bucket[t-1], bucket[t])
				return nil, wushe.Invalid("Problem", wushe.Index("Arcs", k1)+".Supply", "duplicates Arcs[%d]: the same demand and supply", k0)
			}
		}
	}

	// Magnitudes.
	var maxPen, hi, lo int64
	for _, d := range p.Demands {
		var carry uint64
		nw.total, carry = addInt64(nw.total, d.Units)
		if carry != 0 {
			return nil, wushe.Invalid("Problem", "Demands", "total units overflow int64")
		}
		maxPen = max(maxPen, d.Penalty)
	}
	for _, s := range p.Supplies {
		nw.supplyUnit = satAdd(nw.supplyUnit, s.Units)
	}
	for _, x := range p.Arcs {
		hi, lo = max(hi, x.Cost), min(lo, x.Cost)
	}
	bigM := new(acc).add(uint64(hi)).add(absU(lo)).add(uint64(maxPen)).mul(uint64(nw.total)).add(1)
	if bigM.over || bigM.v > math.MaxInt64 {
		return nil, wushe.Invalid("Problem", "Arcs", "costs and penalties up to %d over %d units overflow int64", max(hi, -lo, maxPen), nw.total)
	}
	nw.big = int64(bigM.v)

	// The flow network.
	g := &Graph{Supply: make([]int64, D+S+1), Arcs: make([]FlowArc, 0, len(p.Arcs)+S+D)}
	sink := D + S
	for i, d := range nw.dOrder {
		g.Supply[i] = p.Demands[d].Units
	}
	g.Supply[sink] = -nw.total
	for _, k := range nw.arcOrder {
		x := p.Arcs[k]
		c := x.Cap
		if c == 0 {
			c = min(p.Demands[x.Demand].Units, p.Supplies[x.Supply].Units)
		}
		g.Arcs = append(g.Arcs, FlowArc{From: nw.dNode[x.Demand], To: nw.sNode[x.Supply], Cap: c, Cost: x.Cost})
	}
	for j, s := range nw.sOrder {
		g.Arcs = append(g.Arcs, FlowArc{From: D + j, To: sink, Cap: p.Supplies[s].Units})
	}
	for i, d := range nw.dOrder {
		pen := p.Demands[d].Penalty
		if pen == 0 {
			pen = nw.big
		}
		g.Arcs = append(g.Arcs, FlowArc{From: i, To: sink, Cap: p.Demands[d].Units, Cost: pen})
	}
	if err := g.Validate(); err != nil {
		return nil, wushe.Invalid("Problem", "Arcs", "costs and penalties over %d units risk overflowing int64: %v", nw.total, err)
	}
	nw.g = g
	return nw, nil
}

func satAdd(a, b int64) int64 {
	if s, c := addInt64(a, b); c == 0 {
		return s
	}
	return math.MaxInt64
}

// acc is an overflow-tracking unsigned accumulator.
type acc struct {
	v    uint64
	over bool
}

func (b *acc) add(x uint64) *acc {
	var c uint64
	b.v, c = bits.Add64(b.v, x, 0)
	b.over = b.over || c != 0
	return b
}

func (b *acc) mul(x uint64) *acc {
	hi, lo := bits.Mul64(b.v, x)
	b.v = lo
	b.over = b.over || hi != 0
	return b
}

// initialPotentials makes every demand's out-arcs non-negative in reduced cost.
func (nw *network) initialPotentials() []int64 {
	pot := make([]int64, len(nw.g.Supply))
	for _, a := range nw.g.Arcs {
		if a.Cost < 0 && a.From < len(nw.p.Demands) {
			pot[a.From] = max(pot[a.From], -a.Cost)
		}
	}
	return pot
}

func (nw *network) solve(o Options) (*Solution, error) {
	g := nw.g
	var f *Flow
	var reason string
	switch o.Algorithm {
	case SuccessiveShortestPaths:
		reason = "asked for by Options.Algorithm"
		f = nw.runSSP(-1)
	case NetworkSimplex:
		reason = "asked for by Options.Algorithm"
		f, _ = solveSimplex(g)
	default:
		ratio := o.PlentifulRatio
		if ratio == 0 {
			ratio = 2
		}
		hiR, loR := bits.Mul64(uint64(nw.total), uint64(ratio))
		plentiful := hiR == 0 && loR <= math.MaxInt64 && nw.supplyUnit >= int64(loR)
		if plentiful {
			budget := o.SearchBudget
			if budget == 0 {
				budget = 16 * int64(len(g.Supply)+len(g.Arcs))
			}
			f = nw.runSSP(budget)
			if f != nil {
				reason = fmt.Sprintf("auto: supply %d ≥ %d × demand %d (plentiful)", nw.supplyUnit, ratio, nw.total)
			} else {
				reason = fmt.Sprintf("auto: supply %d ≥ %d × demand %d, but the shortest-path searches exceeded their budget of %d nodes; switched to network simplex", nw.supplyUnit, ratio, nw.total, budget)
				f, _ = solveSimplex(g)
			}
		} else {
			reason = fmt.Sprintf("auto: supply %d < %d × demand %d (scarce or tight)", nw.supplyUnit, ratio, nw.total)
			f, _ = solveSimplex(g)
		}
	}
	// The network is always feasible (every demand can go unfilled), so f is set.
	return nw.solution(f, reason), nil
}

// runSSP runs successive shortest paths; with budget >= 0 it returns nil once the
// searches have settled more than budget nodes.
func (nw *network) runSSP(budget int64) *Flow {
	r := newResidual(nw.g, nil, nw.initialPotentials())
	r.budget = budget
	// The initial potentials leave no residual arc of negative reduced cost (demands have
	// no incoming arcs yet), so there is nothing to saturate.
	if r.run() != -1 {
		return nil
	}
	flow := r.flows(len(nw.g.Arcs))
	return &Flow{Flow: flow, Cost: flowCost(nw.g, flow), Potential: r.potentials(), Algorithm: SuccessiveShortestPaths}
}

func (nw *network) solution(f *Flow, reason string) *Solution {
	p := nw.p
	D, S := len(p.Demands), len(p.Supplies)
	sink := D + S
	sol := &Solution{Algorithm: f.Algorithm, Reason: reason}
	sol.Pairs = make([]Pair, 0, min(len(p.Arcs), int(min(nw.total, math.MaxInt32))))
	for k, orig := range nw.arcOrder {
		if x := f.Flow[k]; x > 0 {
			a := p.Arcs[orig]
			sol.Pairs = append(sol.Pairs, Pair{Arc: orig, Demand: a.Demand, Supply: a.Supply, Units: x, Cost: a.Cost})
			sol.Cost += x * a.Cost
		}
	}
	slices.SortFunc(sol.Pairs, func(a, b Pair) int { return cmp.Compare(a.Arc, b.Arc) })
	un := len(p.Arcs) + S
	for i, d := range nw.dOrder {
		u := f.Flow[un+i]
		sol.Unfilled += u
		if pen := p.Demands[d].Penalty; pen > 0 {
			sol.PenaltyCost += u * pen
		}
	}
	sol.Filled = nw.total - sol.Unfilled
	base := f.Potential[sink]
	sol.DemandPotential = make([]int64, D)
	for i, d := range nw.dOrder {
		sol.DemandPotential[d] = base - f.Potential[i]
	}
	sol.SupplyPotential = make([]int64, S)
	for j, s := range nw.sOrder {
		sol.SupplyPotential[s] = base - f.Potential[D+j]
	}
	return sol
}
