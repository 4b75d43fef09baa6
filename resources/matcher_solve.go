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
		sol, err := match.Solve(part, nil)
		if err != nil {
			return nil, err
		}
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
	out.Reason = fmt.Sprintf("%d eligible pairs, more than %d: solved in %d parts, one per kind and category, which no pair joins (%s); the largest part, %d pairs: %s",
		len(pl.pairs), above, len(keys), strings.Join(algs, ", "), largestArcs, largest.Reason)
	return out, nil
}
