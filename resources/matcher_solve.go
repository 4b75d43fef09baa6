package resources

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/wushe/wushe/internal/match"
)

// partsAbove is how many eligible pairs a plan may have and still be solved as one
// network; a larger one is solved in parts, one per kind and category.
const partsAbove = 1 << 20

// A part of a plan solved in parts is solved first on the pricedBest cheapest pairs of each
// request and of each pool, when that leaves out more than half its pairs; each round then
// adds, for each request, up to pricedAdd of its pairs that the solution's potentials price
// below zero, until none is. Fewer pairs a round take more rounds, more take more pivots:
// at 24.7 M eligible pairs 16 took 1.8 M pivots and 64 took 2.3 M; at 8.2 M both about
// 0.8 M.
const (
	pricedBest = 16
	pricedAdd  = 16
)

// solve finds the optimal plan over every eligible pair. It returns the solution and, for
// each arc of the problem it solved, the pair it stands for (nil: arc k is pair k).
//
// A lot serves only requests of its kind and category, so the network falls apart into
// one part per kind and category, joined only at the sink. Up to partsAbove pairs it is
// solved whole; beyond, each part is solved on its own, which is exact (the optimum of
// each part together is an optimum of the whole, and each part's potentials, taken from
// its own sink, price the whole) and costs much less than one solve of the whole, since
// the engine's work grows faster than the network. Ties between equal answers are then
// broken within each part, so a plan in parts may choose other pairs of equal score than
// the whole network would; Reason says when a plan was made in parts.
func (pl *planner) solve(demands []match.Demand, supplies []match.Supply) (*match.Solution, []int, error) {
	above := partsAbove
	if pl.o.partsAbove != 0 {
		above = pl.o.partsAbove
	}
	if pl.o.KeepNetwork {
		pl.network = &match.Problem{Demands: demands, Supplies: supplies, Arcs: pl.arcs(nil)}
	}
	if len(pl.pairs) <= above || len(pl.live) == 0 {
		prob := pl.network
		if prob == nil {
			prob = &match.Problem{Demands: demands, Supplies: supplies, Arcs: pl.arcs(nil)}
		}
		sol, err := match.Solve(prob, nil)
		if err != nil {
			return nil, nil, err
		}
		pl.sol = sol
		return sol, nil, nil
	}
	sol, err := pl.solveParts(demands, supplies, above)
	if err != nil {
		return nil, nil, err
	}
	pl.sol = sol
	return sol, nil, nil
}

// arcs are the arcs of the requests reqs (nil: every request), by request then pool: the
// pairs' own order. Demand and Supply are the plan's request and pool indexes.
func (pl *planner) arcs(reqs []int) []match.Arc {
	if reqs == nil {
		arcs := make([]match.Arc, 0, len(pl.pairs))
		for ri := range pl.live {
			arcs = pl.appendArcs(arcs, ri)
		}
		return arcs
	}
	var arcs []match.Arc
	for _, ri := range reqs {
		arcs = pl.appendArcs(arcs, ri)
	}
	return arcs
}

func (pl *planner) appendArcs(arcs []match.Arc, ri int) []match.Arc {
	for k := pl.start[ri]; k < pl.start[ri+1]; k++ {
		arcs = append(arcs, match.Arc{Demand: ri, Supply: int(pl.pairs[k].pool), Cost: pl.cost(pl.cand(ri, k))})
	}
	return arcs
}

// solveParts solves the network one kind and category at a time and puts the answers
// together as one Solution of the whole: its pairs' Arc is the pair's index, and the
// potentials are each part's, relative to its sink. A part is never built as one Arc per
// pair: its costs are worked out once into a pricedPart, and only the pairs solvePriced
// hands the engine become arcs.
func (pl *planner) solveParts(demands []match.Demand, supplies []match.Supply, above int) (*match.Solution, error) {
	reqsOf := map[[2]string][]int{}
	var keys [][2]string
	for ri, r := range pl.live {
		k := [2]string{string(r.Kind), r.Category}
		if _, ok := reqsOf[k]; !ok {
			keys = append(keys, k)
		}
		reqsOf[k] = append(reqsOf[k], ri)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	out := &match.Solution{UnitScale: 1, CostScale: 1, Pairs: make([]match.Pair, 0, len(pl.live)),
		DemandPotential: make([]int64, len(pl.live)), SupplyPotential: make([]int64, len(pl.pools))}
	local := make([]int32, len(pl.pools)) // pool index → its index in its part
	byAlg := map[match.Algorithm]int{}
	best, rounds := pricedBest, 0
	if pl.o.pricedBest != 0 {
		best = pl.o.pricedBest
	}
	var largest *match.Solution
	largestArcs := -1
	var part pricedPart // its slices are reused from part to part, sized for the largest
	most := 0
	for _, key := range keys {
		n := 0
		for _, ri := range reqsOf[key] {
			n += pl.start[ri+1] - pl.start[ri]
		}
		most = max(most, n)
	}
	part.sup, part.cost = make([]int32, 0, most), make([]int64, 0, most)
	for _, key := range keys {
		reqs, pools := reqsOf[key], pl.byCat[key]
		part.supplies = part.supplies[:0]
		for j, pi := range pools {
			local[pi] = int32(j)
			part.supplies = append(part.supplies, supplies[pi])
		}
		part.demands, part.first = part.demands[:0], append(part.first[:0], 0)
		part.sup, part.cost = part.sup[:0], part.cost[:0]
		for _, ri := range reqs {
			part.demands = append(part.demands, demands[ri])
			for k := pl.start[ri]; k < pl.start[ri+1]; k++ {
				part.sup = append(part.sup, local[pl.pairs[k].pool])
				part.cost = append(part.cost, pl.cost(pl.cand(ri, k)))
			}
			part.first = append(part.first, len(part.sup))
		}
		sol, n, err := solvePriced(&part, best, pricedAdd)
		if err != nil {
			return nil, err
		}
		rounds += n
		for _, pa := range sol.Pairs {
			ri := reqs[pa.Demand]
			k := pl.start[ri] + pa.Arc - part.first[pa.Demand]
			out.Pairs = append(out.Pairs, match.Pair{Arc: k, Demand: ri, Supply: int(pools[pa.Supply]), Units: pa.Units, Cost: pa.Cost})
		}
		out.Filled += sol.Filled
		out.Unfilled += sol.Unfilled
		out.Cost += sol.Cost
		out.PenaltyCost += sol.PenaltyCost
		for d, ri := range reqs {
			out.DemandPotential[ri] = sol.DemandPotential[d]
		}
		for j, pi := range pools {
			out.SupplyPotential[pi] = sol.SupplyPotential[j]
		}
		byAlg[sol.Algorithm]++
		if len(part.sup) > largestArcs {
			largest, largestArcs = sol, len(part.sup)
		}
	}
	slices.SortFunc(out.Pairs, func(a, b match.Pair) int { return cmp.Compare(a.Arc, b.Arc) })
	var algs []string
	for alg, n := range byAlg {
		algs = append(algs, fmt.Sprintf("%s %d", alg, n))
	}
	slices.Sort(algs)
	out.Algorithm = largest.Algorithm
	out.Reason = fmt.Sprintf("%d eligible pairs, more than %d: solved in %d parts, one per kind and category, which no pair joins (%s; %d rounds, a large part first on each request's and pool's %d cheapest pairs, then adding the pairs its potentials priced below zero and re-optimising from the last basis); the largest part, %d pairs: %s",
		len(pl.pairs), above, len(keys), strings.Join(algs, ", "), rounds, best, largestArcs, largest.Reason)
	return out, nil
}

// pricedPart is a part of a plan as solvePriced reads it, without an Arc per pair: demand
// d's candidate arcs are a = first[d] … first[d+1]−1, arc a joining d to supply sup[a] at
// cost cost[a].
type pricedPart struct {
	demands  []match.Demand
	supplies []match.Supply
	first    []int
	sup      []int32
	cost     []int64
}

// arc is arc a of demand d.
func (p *pricedPart) arc(d, a int) match.Arc {
	return match.Arc{Demand: d, Supply: int(p.sup[a]), Cost: p.cost[a]}
}

// problem is the whole part as a Problem: arc a is Arcs[a].
func (p *pricedPart) problem() *match.Problem {
	q := &match.Problem{Demands: p.demands, Supplies: p.supplies, Arcs: make([]match.Arc, 0, len(p.sup))}
	for d := range p.demands {
		for a := p.first[d]; a < p.first[d+1]; a++ {
			q.Arcs = append(q.Arcs, p.arc(d, a))
		}
	}
	return q
}

// solvePriced solves p exactly, without handing the engine every arc when best > 0 and
// most of them can wait (column generation). It starts a match.Columns on each demand's
// and each supply's best cheapest arcs (ties by position), which include the cheapest arc
// of p, and the dearest arc (the first among equals), so that Big and the cost range are
// p's own and an unfilled unit is priced as in a solve of the whole of p; then it prices
// every arc left out with the optimal potentials, adds for each demand up to add of those
// whose reduced cost is below zero, most negative first (ties by position), and has the
// Columns re-optimise from its last basis, until no arc left out is priced below zero.
// Then the flow, with zero on every arc left out, is optimal for p and the potentials
// certify it: they are what the Solution returns, with its pairs' Arc indexing p's arcs.
// It also returns how many rounds it took. A p with few arcs, or whose magnitudes need
// Solve's coarser scale, is solved whole by Solve.
func solvePriced(p *pricedPart, best, add int) (*match.Solution, int, error) {
	n, D, S := len(p.sup), len(p.demands), len(p.supplies)
	if best <= 0 || n <= 2*best*(D+S) {
		sol, err := match.Solve(p.problem(), nil)
		return sol, 1, err
	}
	in := make([]bool, n)
	bySupply := make([]pricedArc, S*best) // supply j's best cheapest at j·best …
	kept := make([]int, S)
	var keep []pricedArc
	dearest := 0
	for d := range D {
		keep = keep[:0]
		for a := p.first[d]; a < p.first[d+1]; a++ {
			x := pricedArc{p.cost[a], a}
			if x.cost > p.cost[dearest] {
				dearest = a
			}
			keep = keepLeast(keep, x, best)
			j := int(p.sup[a])
			kept[j] = len(keepLeast(bySupply[j*best:j*best+kept[j]:(j+1)*best], x, best))
		}
		for _, x := range keep {
			in[x.arc] = true
		}
	}
	for j, k := range kept {
		for _, x := range bySupply[j*best : j*best+k] {
			in[x.arc] = true
		}
	}
	in[dearest] = true
	m := 0
	for _, ok := range in {
		if ok {
			m++
		}
	}
	first := &match.Problem{Demands: p.demands, Supplies: p.supplies, Arcs: make([]match.Arc, 0, m)}
	handed := make([]int, 0, 2*m) // the arcs handed to the engine, in the order handed
	for d := range D {
		for a := p.first[d]; a < p.first[d+1]; a++ {
			if in[a] {
				first.Arcs = append(first.Arcs, p.arc(d, a))
				handed = append(handed, a)
			}
		}
	}
	cols, err := match.NewColumns(first)
	if err != nil { // only magnitudes that need a coarser scale, which Solve finds
		sol, err := match.Solve(p.problem(), nil)
		return sol, 1, err
	}
	var batch []match.Arc
	for round := 1; ; round++ {
		sol := cols.Solution()
		// A potential is a difference of costs of paths of the network, each of which
		// NewColumns keeps below int64/16, so a reduced cost is far from overflowing.
		dp, sp := sol.DemandPotential, sol.SupplyPotential
		batch = batch[:0]
		for d := range D {
			keep = keep[:0]
			base := dp[d]
			for a := p.first[d]; a < p.first[d+1]; a++ {
				if rc := p.cost[a] - base + sp[p.sup[a]]; rc < 0 && !in[a] {
					keep = keepLeast(keep, pricedArc{rc, a}, add)
				}
			}
			for _, x := range keep {
				in[x.arc] = true
				batch = append(batch, p.arc(d, x.arc))
				handed = append(handed, x.arc)
			}
		}
		if len(batch) == 0 {
			for x := range sol.Pairs {
				sol.Pairs[x].Arc = handed[sol.Pairs[x].Arc]
			}
			return sol, round, nil
		}
		if err := cols.AddArcs(batch); err != nil {
			return nil, round, err
		}
	}
}

// pricedArc is an arc by position with a cost or reduced cost.
type pricedArc struct {
	cost int64
	arc  int
}

// less orders arcs by cost, then position.
func (a pricedArc) less(b pricedArc) bool {
	return a.cost < b.cost || (a.cost == b.cost && a.arc < b.arc)
}

// keepLeast keeps in l, in order, the k least arcs by cost then position, adding x. Most
// calls return at the first test, so it stays small enough to inline; insertLeast does
// the rest.
func keepLeast(l []pricedArc, x pricedArc, k int) []pricedArc {
	if len(l) == k && !x.less(l[k-1]) {
		return l
	}
	return insertLeast(l, x, k)
}

func insertLeast(l []pricedArc, x pricedArc, k int) []pricedArc {
	if len(l) < k {
		l = append(l, x)
	} else {
		l[k-1] = x
	}
	for i := len(l) - 1; i > 0 && l[i].less(l[i-1]); i-- {
		l[i], l[i-1] = l[i-1], l[i]
	}
	return l
}
