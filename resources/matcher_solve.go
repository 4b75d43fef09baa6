package resources

import (
	"cmp"
	"fmt"
	"math"
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
// below zero, until none is.
const (
	pricedBest = 16
	pricedAdd  = 64
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
// potentials are each part's, relative to its sink.
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
	local := make([]int, len(pl.pools)) // pool index → its index in its part
	byAlg := map[match.Algorithm]int{}
	best, rounds := pricedBest, 0
	if pl.o.pricedBest != 0 {
		best = pl.o.pricedBest
	}
	var largest *match.Solution
	largestArcs := -1
	for _, key := range keys {
		reqs, pools := reqsOf[key], pl.byCat[key]
		part := &match.Problem{Demands: make([]match.Demand, len(reqs)), Supplies: make([]match.Supply, len(pools))}
		for j, pi := range pools {
			local[pi] = j
			part.Supplies[j] = supplies[pi]
		}
		n := 0
		for _, ri := range reqs {
			n += pl.start[ri+1] - pl.start[ri]
		}
		part.Arcs = make([]match.Arc, 0, n)
		arcPair := make([]int, 0, n)
		for d, ri := range reqs {
			part.Demands[d] = demands[ri]
			for k := pl.start[ri]; k < pl.start[ri+1]; k++ {
				part.Arcs = append(part.Arcs, match.Arc{Demand: d, Supply: local[pl.pairs[k].pool], Cost: pl.cost(pl.cand(ri, k))})
				arcPair = append(arcPair, k)
			}
		}
		sol, n, err := solvePriced(part, best, pricedAdd)
		if err != nil {
			return nil, err
		}
		rounds += n
		for _, pa := range sol.Pairs {
			out.Pairs = append(out.Pairs, match.Pair{Arc: arcPair[pa.Arc], Demand: reqs[pa.Demand], Supply: int(pools[pa.Supply]), Units: pa.Units, Cost: pa.Cost})
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
		if len(part.Arcs) > largestArcs {
			largest, largestArcs = sol, len(part.Arcs)
		}
	}
	slices.SortFunc(out.Pairs, func(a, b match.Pair) int { return cmp.Compare(a.Arc, b.Arc) })
	var algs []string
	for alg, n := range byAlg {
		algs = append(algs, fmt.Sprintf("%s %d", alg, n))
	}
	slices.Sort(algs)
	out.Algorithm = largest.Algorithm
	out.Reason = fmt.Sprintf("%d eligible pairs, more than %d: solved in %d parts, one per kind and category, which no pair joins (%s; %d solves, a large part first on each request's and pool's %d cheapest pairs, then with the pairs its potentials priced below zero); the largest part, %d pairs: %s",
		len(pl.pairs), above, len(keys), strings.Join(algs, ", "), rounds, best, largestArcs, largest.Reason)
	return out, nil
}

// solvePriced solves p, whose arcs come by demand, exactly, without handing the engine
// every arc when best > 0 and most of them can wait (column generation): it solves p on
// each demand's and each supply's best cheapest arcs (ties by position) and the dearest
// arc, so that Solve prices an unfilled unit as it would for the whole of p; then it prices
// every arc left out with the optimal potentials, adds for each demand up to add of those
// whose reduced cost is below zero (or does not fit int64), most negative first, and
// solves again, until no arc left out is priced below zero. Then the flow, with zero on
// every arc left out, is optimal for p and the potentials certify it: they are what the
// Solution returns, with its pairs' Arc indexing p.Arcs. It also returns how many solves
// it took.
func solvePriced(p *match.Problem, best, add int) (*match.Solution, int, error) {
	n := len(p.Arcs)
	if best <= 0 || n <= 2*best*(len(p.Demands)+len(p.Supplies)) {
		sol, err := match.Solve(p, nil)
		return sol, 1, err
	}
	in := make([]bool, n)
	bySupply := make([][]pricedArc, len(p.Supplies))
	var keep []pricedArc
	dearest := 0
	for i := 0; i < n; {
		keep = keep[:0]
		j := i
		for ; j < n && p.Arcs[j].Demand == p.Arcs[i].Demand; j++ {
			a := &p.Arcs[j]
			if a.Cost > p.Arcs[dearest].Cost {
				dearest = j
			}
			keep = keepLeast(keep, pricedArc{a.Cost, j}, best)
			bySupply[a.Supply] = keepLeast(bySupply[a.Supply], pricedArc{a.Cost, j}, best)
		}
		for _, x := range keep {
			in[x.arc] = true
		}
		i = j
	}
	for _, l := range bySupply {
		for _, x := range l {
			in[x.arc] = true
		}
	}
	in[dearest] = true
	var idx []int // the arcs handed to the engine, by position
	for round := 1; ; round++ {
		sub := &match.Problem{Demands: p.Demands, Supplies: p.Supplies, Arcs: make([]match.Arc, 0, len(idx))}
		idx = idx[:0]
		for k, ok := range in {
			if ok {
				sub.Arcs = append(sub.Arcs, p.Arcs[k])
				idx = append(idx, k)
			}
		}
		sol, err := match.Solve(sub, nil)
		if err != nil {
			return nil, round, err
		}
		added := 0
		for i := 0; i < n; {
			keep = keep[:0]
			j := i
			for ; j < n && p.Arcs[j].Demand == p.Arcs[i].Demand; j++ {
				if in[j] {
					continue
				}
				a := &p.Arcs[j]
				rc, ok := sol.Reduced(a.Cost, a.Demand, a.Supply)
				if !ok {
					rc = math.MinInt64
				}
				if rc < 0 {
					keep = keepLeast(keep, pricedArc{rc, j}, add)
				}
			}
			for _, x := range keep {
				in[x.arc] = true
			}
			added += len(keep)
			i = j
		}
		if added == 0 {
			for x := range sol.Pairs {
				sol.Pairs[x].Arc = idx[sol.Pairs[x].Arc]
			}
			return sol, round, nil
		}
	}
}

// pricedArc is an arc by position with a cost or reduced cost.
type pricedArc struct {
	cost int64
	arc  int
}

// keepLeast keeps in l, in order, the k least arcs by cost then position, adding x.
func keepLeast(l []pricedArc, x pricedArc, k int) []pricedArc {
	less := func(a, b pricedArc) bool { return a.cost < b.cost || (a.cost == b.cost && a.arc < b.arc) }
	if len(l) == k && !less(x, l[k-1]) {
		return l
	}
	if len(l) < k {
		l = append(l, x)
	} else {
		l[k-1] = x
	}
	for i := len(l) - 1; i > 0 && less(l[i], l[i-1]); i-- {
		l[i], l[i-1] = l[i-1], l[i]
	}
	return l
}
