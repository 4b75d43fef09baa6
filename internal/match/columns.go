package match

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/wushe/wushe"
)

// Columns is a bipartite Problem solved by network simplex whose arcs are handed over in
// rounds (column generation). A caller with far more candidate pairs than an optimum uses
// solves on a few of them, prices the others with the Solution's potentials, adds those
// priced below zero with AddArcs, and repeats until none is: the last Solution is then
// optimal for every pair, and its potentials certify it.
//
// AddArcs does not start over. The flow network is Solve's; the new arcs join it at zero
// flow as non-basic arcs at their lower bound, so the spanning tree of the last optimum is
// still a strongly feasible basis, and the simplex goes on pivoting from it. Only the new
// arcs can price below zero at first, so a round costs the pivots its arcs bring about,
// not a solve of everything handed over so far.
//
// # Big and the cost range
//
// Big, the cost of leaving a lexicographic demand's unit unfilled, is fixed by the first
// Problem's arcs (Solve's formula), and so is the bound that keeps every potential within
// int64. So every arc added later must cost between the first Problem's least and greatest
// arc cost (0 counting as both): a caller that knows its cheapest and dearest arcs puts
// them in the first Problem, and the answer is then exactly that of Solve on every arc.
//
// # Ties
//
// Nodes are numbered by ID as Solve numbers them, the first Problem's arcs are ordered by
// (demand ID, supply ID), and each batch is ordered the same way and stored after every
// arc handed over before it (spread over the block search's order as Solve spreads the
// first arcs). So the answer depends only on the IDs, the data and how the arcs are split
// into batches: reordering the arcs of a batch or of the first Problem never changes it,
// and before any AddArcs it is what Solve with Algorithm NetworkSimplex returns (unless
// (max|cost| + 1) × nodes overflows, when the artificial arcs' cost comes from the cost
// range rather than from the first arcs, so that it stays above every later path). Splitting
// the same arcs into other batches may end at another optimum of equal cost.
//
// A Solution's Pair.Arc counts every arc handed over, in the order given: the first
// Problem's arcs, then each batch's. A Columns is not safe for concurrent use.
type Columns struct {
	// nw is the network of the first Problem, whose copied Arcs grow by each batch;
	// nw.arcOrder maps every position to its arc. The first Problem's arcs take positions
	// 0 … m0−1, each batch the next ones, by (demand rank, supply rank).
	nw *network
	s  *simplex
	m0 int
	// runs are the positions where each batch starts; positions within a run are sorted.
	runs []int
	// rounds counts the first solve and every AddArcs that brought arcs.
	rounds int
}

// NewColumns solves p by network simplex and returns a Columns holding the optimum. p is
// copied; later changes to it do not affect the Columns. It fails as Solve does on an
// invalid p, and also on one whose magnitudes do not fit int64 as given (Columns has no
// coarser scale: Solve the whole problem instead).
func NewColumns(p *Problem) (*Columns, error) {
	const op = "match.NewColumns"
	nw, err := buildNetwork(p)
	if big, ok := err.(*errMagnitude); ok {
		err = big.err
	}
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	nw.p = &Problem{Demands: slices.Clone(p.Demands), Supplies: slices.Clone(p.Supplies), Arcs: slices.Clone(p.Arcs)}
	g := nw.graph()
	// The artificial arcs must cost more than any path, now and after AddArcs: the bound
	// Solve's magnitude check gives holds for every arc within the cost range.
	s := newSimplex(g, func() (uint64, bool) { return nw.paths, true })
	s.initialPivots(g)
	s.run()
	nw.g = nil // only the simplex's copy is kept
	return &Columns{nw: nw, s: s, m0: len(p.Arcs), runs: []int{0}, rounds: 1}, nil
}

// AddArcs adds arcs to the network, at zero flow, and re-optimises from the current basis.
// Each arc names a demand and a supply of the first Problem, no pair already handed over
// or repeated within arcs, a Cap >= 0 (0: as many units as its two nodes allow) and a Cost
// within the first Problem's range (see Columns). Otherwise AddArcs fails with a
// KindInvalid error naming the arc, and the Columns is as it was.
func (c *Columns) AddArcs(arcs []Arc) error {
	const op = "match.Columns.AddArcs"
	nw := c.nw
	bad := func(k int, field, format string, args ...any) error {
		return wushe.WithOp(op, wushe.Invalid("Arcs", wushe.Index("Arcs", k)+"."+field, format, args...))
	}
	for k := range arcs {
		x := &arcs[k]
		switch {
		case uint(x.Demand) >= uint(nw.D):
			return bad(k, "Demand", "is not a demand index")
		case uint(x.Supply) >= uint(nw.S):
			return bad(k, "Supply", "is not a supply index")
		case x.Cap < 0:
			return bad(k, "Cap", "must not be negative")
		case x.Cost < nw.minCost || x.Cost > nw.maxCost:
			return bad(k, "Cost", "is %d, outside the first arcs' range %d … %d that fixed Big", x.Cost, nw.minCost, nw.maxCost)
		}
	}
	if len(arcs) == 0 {
		return nil
	}
	key := func(x *Arc) uint64 { return uint64(nw.demandRank(x.Demand))<<32 | uint64(nw.supplyRank(x.Supply)) }
	order := make([]int, len(arcs))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(key(&arcs[a]), key(&arcs[b])) })
	for t := 1; t < len(order); t++ {
		if key(&arcs[order[t-1]]) == key(&arcs[order[t]]) {
			return bad(max(order[t-1], order[t]), "Supply", "duplicates Arcs[%d]: the same demand and supply", min(order[t-1], order[t]))
		}
	}
	// Each earlier run is sorted too: one merge per run finds a pair handed over before.
	p := nw.p
	for r, lo := range c.runs {
		hi := len(p.Arcs)
		if r+1 < len(c.runs) {
			hi = c.runs[r+1]
		}
		for pos, t := lo, 0; pos < hi && t < len(order); {
			switch a, b := key(&p.Arcs[nw.arcIndex(pos)]), key(&arcs[order[t]]); {
			case a < b:
				pos++
			case a > b:
				t++
			default:
				return bad(order[t], "Supply", "duplicates an arc handed over before: the same demand and supply")
			}
		}
	}

	if nw.arcOrder == nil {
		nw.arcOrder = make([]int, len(p.Arcs))
		for k := range nw.arcOrder {
			nw.arcOrder[k] = k
		}
	}
	first := len(p.Arcs)
	c.runs = append(c.runs, first)
	p.Arcs = append(p.Arcs, arcs...)
	for _, k := range order {
		nw.arcOrder = append(nw.arcOrder, first+k)
	}
	// The simplex stores the batch interleaved, as newSimplex stores the first arcs; a
	// position pos ≥ m0 has graph index pos + S + D, after the first network's arcs.
	at := interleave(len(arcs), nw.D+nw.S+1)
	priced := make([]pricedArc, len(arcs))
	caps := make([]int64, len(arcs))
	for i, t := range at {
		x := &arcs[order[t]]
		priced[i] = pricedArc{src: int32(nw.demandRank(x.Demand)), dst: int32(nw.D + nw.supplyRank(x.Supply)), cost: x.Cost}
		caps[i] = nw.capacity(x)
		at[i] = int32(first + int(t) + nw.S + nw.D)
	}
	c.s.grow(priced, caps, at)
	c.s.run()
	c.rounds++
	return nil
}

// Solution returns the optimum over every arc handed over so far, in the terms of Solve's
// Solution (potentials included); Pair.Arc counts the arcs in the order handed over.
func (c *Columns) Solution() *Solution {
	nw, s := c.nw, c.s
	D, S := nw.D, nw.S
	var flows []posUnits
	unfilled := make([]int64, D)
	for e := range s.m {
		ge, f := int(s.arcAt[e]), s.arcs[e].flow
		switch {
		case ge < c.m0:
			if f > 0 {
				flows = append(flows, posUnits{pos: ge, units: f})
			}
		case ge < c.m0+S: // a supply's arc to the sink
		case ge < c.m0+S+D:
			unfilled[ge-c.m0-S] = f
		case f > 0:
			flows = append(flows, posUnits{pos: ge - S - D, units: f})
		}
	}
	slices.SortFunc(flows, func(a, b posUnits) int { return cmp.Compare(a.pos, b.pos) })
	pot := make([]int64, s.n)
	for v := range pot {
		pot[v] = s.pi[v] - s.pi[s.n]
	}
	reason := fmt.Sprintf("network simplex on %d arcs handed over in %d rounds, each round re-optimised from the last optimum's basis", len(nw.p.Arcs), c.rounds)
	return nw.solution(flows, unfilled, pot, NetworkSimplex, reason)
}
