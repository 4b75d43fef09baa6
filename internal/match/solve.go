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
// supply, duplicate IDs, or magnitudes that could overflow int64: Big must fit, and so must
// 16 × (2 Big + 2 min(D, S) × max|Cost|), the most a simple path of the flow network can
// cost, which bounds every potential. A problem whose magnitudes do not fit as given is
// not refused while a coarser exact scale fits: Solve then solves it in steps of the
// greatest common divisor of its units and of its costs, and reports it (UnitScale,
// CostScale, Reason). Only a problem that fits at no exact scale is refused. p is never
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
	if big, ok := err.(*errMagnitude); ok {
		if sol := solveCoarser(p, o); sol != nil {
			return sol, nil
		}
		err = big.err
	}
	if err != nil {
		return nil, wushe.WithOp(opSolve, err)
	}
	return nw.solve(o)
}

// errMagnitude is a problem refused because its numbers, as given, risk overflowing
// int64; Solve then tries a coarser exact scale.
type errMagnitude struct{ err error }

func (e *errMagnitude) Error() string { return e.err.Error() }
func (e *errMagnitude) Unwrap() error { return e.err }

// solveCoarser solves p at a coarser exact scale when p as given does not fit int64:
// units (demands, supplies, caps) in steps of their greatest common divisor, costs and
// penalties in steps of theirs. Both are exact: every flow of the coarser problem is a
// flow of p with the same ratio of costs, an optimum of one is an optimum of the other,
// and the potentials scale with the costs. It returns the answer in p's own units, with
// UnitScale, CostScale and Reason saying so, or nil when no coarser scale fits either (or
// the answer's totals do not fit int64 in p's units).
func solveCoarser(p *Problem, o Options) *Solution {
	var gu, gc uint64
	for _, d := range p.Demands {
		gu, gc = gcd(gu, uint64(d.Units)), gcd(gc, uint64(d.Penalty))
	}
	for _, s := range p.Supplies {
		gu = gcd(gu, uint64(s.Units))
	}
	for _, a := range p.Arcs {
		gu, gc = gcd(gu, uint64(a.Cap)), gcd(gc, absU(a.Cost))
	}
	gu, gc = max(gu, 1), max(gc, 1)
	if gu == 1 && gc == 1 || gu > math.MaxInt64 || gc > math.MaxInt64 {
		return nil
	}
	u, c := int64(gu), int64(gc)
	q := &Problem{Demands: slices.Clone(p.Demands), Supplies: slices.Clone(p.Supplies), Arcs: slices.Clone(p.Arcs)}
	for i := range q.Demands {
		q.Demands[i].Units /= u
		q.Demands[i].Penalty /= c
	}
	for j := range q.Supplies {
		q.Supplies[j].Units /= u
	}
	for k := range q.Arcs {
		q.Arcs[k].Cap /= u
		q.Arcs[k].Cost /= c
	}
	nw, err := buildNetwork(q)
	if err != nil {
		return nil
	}
	sol, err := nw.solve(o)
	if err != nil {
		return nil
	}
	over := false
	mul := func(x, y int64) int64 {
		hi, lo := bits.Mul64(absU(x), absU(y))
		if hi != 0 || lo > math.MaxInt64 {
			over = true
			return 0
		}
		if (x < 0) != (y < 0) {
			return -int64(lo)
		}
		return int64(lo)
	}
	add := func(a, b int64) int64 {
		s, carry := addInt64(a, b)
		over = over || carry != 0
		return s
	}
	sol.Cost = 0
	for i := range sol.Pairs {
		pa := &sol.Pairs[i]
		pa.Units = mul(pa.Units, u)
		pa.Cost = p.Arcs[pa.Arc].Cost
		sol.Cost = add(sol.Cost, mul(pa.Units, pa.Cost))
	}
	sol.Filled, sol.Unfilled = mul(sol.Filled, u), mul(sol.Unfilled, u)
	sol.PenaltyCost = mul(mul(sol.PenaltyCost, u), c)
	for i := range sol.DemandPotential {
		sol.DemandPotential[i] = mul(sol.DemandPotential[i], c)
	}
	for j := range sol.SupplyPotential {
		sol.SupplyPotential[j] = mul(sol.SupplyPotential[j], c)
	}
	if over {
		return nil
	}
	sol.UnitScale, sol.CostScale = u, c
	sol.Reason += fmt.Sprintf("; solved at a coarser exact scale, units in steps of %d and costs in steps of %d, since as given its magnitudes risk overflowing int64", u, c)
	return sol
}

// gcd is the greatest common divisor, gcd(0, x) = x.
func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// network is a Problem with its nodes renumbered by ID and its arcs ordered by (demand ID,
// supply ID). Demand i is p.Demands[dOrder[i]], supply j is p.Supplies[sOrder[j]], and the
// arc at position k is p.Arcs[arcOrder[k]]; a nil order is the identity, which is what an
// input already in ID order gets, so that it costs no copy. The arcs of demand i are at
// positions start[i] … start[i+1]−1, by supply rank.
//
// Its flow network, built by graph only when network simplex runs, has node i for demand
// i, node D+j for supply j and a sink D+S; graph arc k < len(p.Arcs) is the arc at position
// k, then come each supply's arc to the sink and each demand's "unfilled" arc to the sink.
type network struct {
	p          *Problem
	D, S       int
	dOrder     []int   // rank → p's demand index; nil: identity
	sOrder     []int   // rank → p's supply index; nil: identity
	dRank      []int   // p's demand index → rank; nil: identity
	sRank      []int   // p's supply index → rank; nil: identity
	arcOrder   []int   // position → p's arc index; nil: identity
	start      []int32 // demand rank → first arc position
	minCost    int64   // least arc cost, or 0 when every cost is positive
	maxCost    int64   // greatest arc cost, or 0 when every cost is negative
	paths      uint64  // bounds the cost of every simple path of the flow network
	total      int64   // demand units
	supplyUnit int64   // supply units (saturating)
	big        int64
	g          *Graph // built on demand
}

func (nw *network) demand(i int) *Demand {
	if nw.dOrder != nil {
		return &nw.p.Demands[nw.dOrder[i]]
	}
	return &nw.p.Demands[i]
}

func (nw *network) supply(j int) *Supply {
	if nw.sOrder != nil {
		return &nw.p.Supplies[nw.sOrder[j]]
	}
	return &nw.p.Supplies[j]
}

// arcIndex is p's index of the arc at position k.
func (nw *network) arcIndex(k int) int {
	if nw.arcOrder != nil {
		return nw.arcOrder[k]
	}
	return k
}

func (nw *network) demandRank(d int) int {
	if nw.dRank != nil {
		return nw.dRank[d]
	}
	return d
}

func (nw *network) supplyRank(s int) int {
	if nw.sRank != nil {
		return nw.sRank[s]
	}
	return s
}

// penalty is the cost of leaving one unit of demand i unfilled.
func (nw *network) penalty(i int) int64 {
	if pen := nw.demand(i).Penalty; pen != 0 {
		return pen
	}
	return nw.big
}

// capacity is the most units the arc x may carry.
func (nw *network) capacity(x *Arc) int64 {
	if x.Cap != 0 {
		return x.Cap
	}
	return min(nw.p.Demands[x.Demand].Units, nw.p.Supplies[x.Supply].Units)
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

// order returns the indexes of items sorted by ID, nil when they already are (the
// identity), and the first pair of duplicates (−1 when none).
func order[T any](items []T, id func(*T) string) (perm []int, dupA, dupB int) {
	sorted := true
	for i := 1; i < len(items); i++ {
		if id(&items[i-1]) >= id(&items[i]) {
			sorted = false
			break
		}
	}
	if sorted { // strictly increasing: no duplicates either
		return nil, -1, -1
	}
	perm = make([]int, len(items))
	for i := range perm {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(a, b int) int { return cmp.Compare(id(&items[a]), id(&items[b])) })
	for i := 1; i < len(perm); i++ {
		if id(&items[perm[i-1]]) == id(&items[perm[i]]) {
			return perm, perm[i-1], perm[i]
		}
	}
	return perm, -1, -1
}

// inverse returns the inverse of the permutation perm, or nil (identity) when perm is nil.
func inverse(perm []int) []int {
	if perm == nil {
		return nil
	}
	inv := make([]int, len(perm))
	for r, i := range perm {
		inv[i] = r
	}
	return inv
}

// buildNetwork validates p and orders its nodes and arcs. validateProblem's checks of the
// arcs are made in the same pass over them as the ordering; on the first failure
// validateProblem runs in full, so the error is the same.
func buildNetwork(p *Problem) (*network, error) {
	if p == nil {
		return nil, validateProblem(p)
	}
	D, S := len(p.Demands), len(p.Supplies)
	for i := range p.Demands {
		if p.Demands[i].Units < 0 || p.Demands[i].Penalty < 0 {
			return nil, validateProblem(p)
		}
	}
	for j := range p.Supplies {
		if p.Supplies[j].Units < 0 {
			return nil, validateProblem(p)
		}
	}
	nw := &network{p: p, D: D, S: S}
	var dupErr error
	var a, b int
	nw.dOrder, a, b = order(p.Demands, func(d *Demand) string { return d.ID })
	if a >= 0 {
		dupErr = wushe.Invalid("Problem", wushe.Index("Demands", b)+".ID", "%q is also the ID of Demands[%d]", p.Demands[b].ID, a)
	}
	nw.sOrder, a, b = order(p.Supplies, func(s *Supply) string { return s.ID })
	if a >= 0 && dupErr == nil {
		dupErr = wushe.Invalid("Problem", wushe.Index("Supplies", b)+".ID", "%q is also the ID of Supplies[%d]", p.Supplies[b].ID, a)
	}
	nw.dRank, nw.sRank = inverse(nw.dOrder), inverse(nw.sOrder)

	// Arcs by (demand rank, supply rank). One pass counts each demand's arcs and checks
	// whether they already come in that order, which also rules out duplicates.
	// The same pass gathers the cost range, for the magnitudes.
	nw.start = make([]int32, D+1)
	inOrder := true
	prevD, prevS := -1, -1
	var hi, lo int64
	for k := range p.Arcs {
		x := &p.Arcs[k]
		if uint(x.Demand) >= uint(D) || uint(x.Supply) >= uint(S) || x.Cap < 0 {
			return nil, validateProblem(p)
		}
		d, s := nw.demandRank(x.Demand), nw.supplyRank(x.Supply)
		nw.start[d+1]++
		if d < prevD || (d == prevD && s <= prevS) {
			inOrder = false
		}
		prevD, prevS = d, s
		hi, lo = max(hi, x.Cost), min(lo, x.Cost)
	}
	if dupErr != nil {
		return nil, dupErr
	}
	for i := 1; i <= D; i++ {
		nw.start[i] += nw.start[i-1]
	}
	if !inOrder {
		if err := nw.sortArcs(); err != nil {
			return nil, err
		}
	}

	// Magnitudes.
	var maxPen int64
	for _, d := range p.Demands {
		var carry uint64
		nw.total, carry = addInt64(nw.total, d.Units)
		if carry != 0 {
			return nil, &errMagnitude{wushe.Invalid("Problem", "Demands", "total units overflow int64")}
		}
		maxPen = max(maxPen, d.Penalty)
	}
	for _, s := range p.Supplies {
		nw.supplyUnit = satAdd(nw.supplyUnit, s.Units)
	}
	bigM := new(acc).add(uint64(hi)).add(absU(lo)).add(uint64(maxPen)).mul(uint64(nw.total)).add(1)
	if bigM.over || bigM.v > math.MaxInt64 {
		return nil, &errMagnitude{wushe.Invalid("Problem", "Arcs", "costs and penalties up to %d over %d units overflow int64", max(hi, -lo, maxPen), nw.total)}
	}
	nw.big = int64(bigM.v)
	nw.minCost, nw.maxCost = lo, hi
	// Every potential and distance is the cost of a simple path of the flow network. Such a
	// path meets the sink once, so it uses at most two of the arcs into it (the unfilled
	// arcs, costing Big or a Penalty, and the supplies' arcs, costing 0), and it alternates
	// between demands and supplies elsewhere, so it uses at most 2·min(D, S) candidate arcs.
	// Big fitting also makes the reported totals fit: Σ Units × Cost and Σ Unfilled ×
	// Penalty are at most total × (max|Cost| + max Penalty) < Big.
	path := new(acc).add(uint64(max(nw.big, maxPen))).mul(2)
	arcs := new(acc).add(max(uint64(hi), absU(lo))).mul(2 * uint64(min(D, S)))
	path.add(arcs.v)
	if path.over || arcs.over || path.v >= maxMagnitude {
		return nil, &errMagnitude{wushe.Invalid("Problem", "Arcs", "costs and penalties over %d units risk overflowing int64: a path of the network may cost more than %d", nw.total, uint64(maxMagnitude))}
	}
	nw.paths = path.v
	return nw, nil
}

// sortArcs orders the arcs by (demand rank, supply rank): a counting sort on the demand,
// then each bucket by supply. It reports two arcs with the same demand and supply.
func (nw *network) sortArcs() error {
	p, D := nw.p, nw.D
	nw.arcOrder = make([]int, len(p.Arcs))
	fill := slices.Clone(nw.start[:D])
	for k, x := range p.Arcs {
		d := nw.demandRank(x.Demand)
		nw.arcOrder[fill[d]] = k
		fill[d]++
	}
	key := func(k int) int { return nw.supplyRank(p.Arcs[k].Supply) }
	byKey := func(x, y int) int { return cmp.Compare(key(x), key(y)) }
	for i := range D {
		bucket := nw.arcOrder[nw.start[i]:nw.start[i+1]]
		if !slices.IsSortedFunc(bucket, byKey) {
			slices.SortStableFunc(bucket, byKey)
		}
		for t := 1; t < len(bucket); t++ {
			if key(bucket[t-1]) == key(bucket[t]) {
				k0, k1 := min(bucket[t-1], bucket[t]), max(bucket[t-1], bucket[t])
				return wushe.Invalid("Problem", wushe.Index("Arcs", k1)+".Supply", "duplicates Arcs[%d]: the same demand and supply", k0)
			}
		}
	}
	return nil
}

// graph returns the flow network, building it on first use.
func (nw *network) graph() *Graph {
	if nw.g != nil {
		return nw.g
	}
	p, D, S := nw.p, nw.D, nw.S
	g := &Graph{Supply: make([]int64, D+S+1), Arcs: make([]FlowArc, 0, len(p.Arcs)+S+D)}
	sink := D + S
	for i := range D {
		g.Supply[i] = nw.demand(i).Units
	}
	g.Supply[sink] = -nw.total
	for k := range p.Arcs {
		x := &p.Arcs[nw.arcIndex(k)]
		g.Arcs = append(g.Arcs, FlowArc{From: nw.demandRank(x.Demand), To: D + nw.supplyRank(x.Supply), Cap: nw.capacity(x), Cost: x.Cost})
	}
	for j := range S {
		g.Arcs = append(g.Arcs, FlowArc{From: D + j, To: sink, Cap: nw.supply(j).Units})
	}
	for i := range D {
		g.Arcs = append(g.Arcs, FlowArc{From: i, To: sink, Cap: nw.demand(i).Units, Cost: nw.penalty(i)})
	}
	nw.g = g
	return g
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

func (nw *network) solve(o Options) (*Solution, error) {
	var reason string
	switch o.Algorithm {
	case SuccessiveShortestPaths:
		reason = "asked for by Options.Algorithm"
		return nw.runSSP(-1).solution(reason), nil
	case NetworkSimplex:
		reason = "asked for by Options.Algorithm"
	default:
		ratio := o.PlentifulRatio
		if ratio == 0 {
			ratio = 2
		}
		hiR, loR := bits.Mul64(uint64(nw.total), uint64(ratio))
		plentiful := hiR == 0 && loR <= math.MaxInt64 && nw.supplyUnit >= int64(loR)
		if !plentiful {
			reason = fmt.Sprintf("auto: supply %d < %d × demand %d (scarce or tight)", nw.supplyUnit, ratio, nw.total)
			break
		}
		budget := o.SearchBudget
		if budget == 0 {
			// 16 × (nodes + arcs) of the flow network.
			budget = 16 * int64(2*(nw.D+nw.S)+1+len(nw.p.Arcs))
		}
		if b := nw.runSSP(budget); b != nil {
			return b.solution(fmt.Sprintf("auto: supply %d ≥ %d × demand %d (plentiful)", nw.supplyUnit, ratio, nw.total)), nil
		}
		reason = fmt.Sprintf("auto: supply %d ≥ %d × demand %d, but the shortest-path searches exceeded their budget of %d nodes; switched to network simplex", nw.supplyUnit, ratio, nw.total, budget)
	}
	// The network is always feasible (every demand can go unfilled), so f is set.
	g := nw.graph()
	f, _ := solveSimplex(g)
	m := len(nw.p.Arcs)
	return nw.solution(positive(f.Flow[:m]), f.Flow[m+nw.S:], f.Potential, NetworkSimplex, reason), nil
}

// posUnits is a positive flow on the arc at a position.
type posUnits struct {
	pos   int
	units int64
}

// positive lists the positive flows, by position.
func positive(flow []int64) []posUnits {
	var out []posUnits
	for k, x := range flow {
		if x > 0 {
			out = append(out, posUnits{pos: k, units: x})
		}
	}
	return out
}

// solution reads an answer back in p's indexes: the positive flows by arc position,
// unfilled units by demand rank, and the flow network's potentials (demand i, supply D+j,
// sink D+S), turned into the Solution's sign convention.
func (nw *network) solution(flows []posUnits, unfilled, pot []int64, alg Algorithm, reason string) *Solution {
	p, D, S := nw.p, nw.D, nw.S
	sol := &Solution{Algorithm: alg, Reason: reason, UnitScale: 1, CostScale: 1}
	sol.Pairs = make([]Pair, 0, len(flows))
	for _, f := range flows {
		orig := nw.arcIndex(f.pos)
		a := &p.Arcs[orig]
		sol.Pairs = append(sol.Pairs, Pair{Arc: orig, Demand: a.Demand, Supply: a.Supply, Units: f.units, Cost: a.Cost})
		sol.Cost += f.units * a.Cost
	}
	if nw.arcOrder != nil {
		slices.SortFunc(sol.Pairs, func(a, b Pair) int { return cmp.Compare(a.Arc, b.Arc) })
	}
	for i, u := range unfilled {
		sol.Unfilled += u
		if pen := nw.demand(i).Penalty; pen > 0 {
			sol.PenaltyCost += u * pen
		}
	}
	sol.Filled = nw.total - sol.Unfilled
	base := pot[D+S]
	sol.DemandPotential = make([]int64, D)
	for i := range D {
		sol.DemandPotential[nw.p2d(i)] = base - pot[i]
	}
	sol.SupplyPotential = make([]int64, S)
	for j := range S {
		sol.SupplyPotential[nw.p2s(j)] = base - pot[D+j]
	}
	return sol
}

// p2d and p2s are p's indexes of demand rank i and supply rank j.
func (nw *network) p2d(i int) int {
	if nw.dOrder != nil {
		return nw.dOrder[i]
	}
	return i
}

func (nw *network) p2s(j int) int {
	if nw.sOrder != nil {
		return nw.sOrder[j]
	}
	return j
}
