package match

import (
	"cmp"
	"slices"

	"github.com/wushe/wushe"
)

// StableSolve is capacitated deferred acceptance (Gale and Shapley), demand proposing:
// the baseline for markets where both sides rank each other, such as volunteers choosing
// shifts while organisers rank volunteers.
//
// The acceptable pairs are the arcs. demandRank[a] is how demand Arcs[a].Demand ranks arc
// a and supplyRank[a] how supply Arcs[a].Supply ranks it; lower is preferred. Either may
// be nil, in which case the arc costs rank that side. Ties are broken by the other side's
// ID and then by arc index, so preferences are strict and the result is deterministic.
//
// Each demand proposes, in its order, as many units as it still needs (up to the arc's
// cap) to the next arc it has not given up; each supply holds its best-ranked units up to
// its Units and rejects the rest; a demand gives up an arc once its supply rejects units
// of it. The result is stable: no arc with spare capacity is wanted by both sides, where a
// demand wants it if it has unfilled units or holds a worse arc, and a supply if it has
// spare units or holds a worse arc. It maximises neither filled units nor score. Algorithm is DeferredAcceptance; there are
// no potentials.
func StableSolve(p *Problem, demandRank, supplyRank []int64) (*Solution, error) {
	const op = "match.StableSolve"
	if err := checkBaseline(op, p); err != nil {
		return nil, err
	}
	c := wushe.Check("Problem")
	c.Require(demandRank == nil || len(demandRank) == len(p.Arcs), "demandRank", "must be nil or have one rank per arc")
	c.Require(supplyRank == nil || len(supplyRank) == len(p.Arcs), "supplyRank", "must be nil or have one rank per arc")
	if err := c.Err(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	st := newStable(p, demandRank, supplyRank)
	st.run()
	return finish(op, p, st.units, DeferredAcceptance, "demand-proposing deferred acceptance")
}

type stable struct {
	p *Problem
	// dRank and sRank are the rank keys; the preference lists hold arc indices.
	dRank, sRank []int64
	// prefs[d] is demand d's arcs, most preferred first; next[d] the next to propose to.
	prefs [][]int
	next  []int
	need  []int64
	// held[s] lists the arcs supply s holds units of; units[a] how many.
	held  [][]int
	load  []int64
	units []int64
}

func newStable(p *Problem, demandRank, supplyRank []int64) *stable {
	costs := make([]int64, len(p.Arcs))
	for a, arc := range p.Arcs {
		costs[a] = arc.Cost
	}
	if demandRank == nil {
		demandRank = costs
	}
	if supplyRank == nil {
		supplyRank = costs
	}
	st := &stable{
		p: p, dRank: demandRank, sRank: supplyRank,
		prefs: make([][]int, len(p.Demands)), next: make([]int, len(p.Demands)),
		need: make([]int64, len(p.Demands)), held: make([][]int, len(p.Supplies)),
		load: make([]int64, len(p.Supplies)), units: make([]int64, len(p.Arcs)),
	}
	for a, arc := range p.Arcs {
		st.prefs[arc.Demand] = append(st.prefs[arc.Demand], a)
	}
	for d := range st.prefs {
		slices.SortFunc(st.prefs[d], st.demandCmp)
		st.need[d] = p.Demands[d].Units
	}
	return st
}

// demandCmp orders two arcs of the same demand by that demand's preference.
func (st *stable) demandCmp(x, y int) int {
	return cmp.Or(cmp.Compare(st.dRank[x], st.dRank[y]),
		cmp.Compare(st.p.Supplies[st.p.Arcs[x].Supply].ID, st.p.Supplies[st.p.Arcs[y].Supply].ID),
		cmp.Compare(x, y))
}

// supplyCmp orders two arcs of the same supply by that supply's preference.
func (st *stable) supplyCmp(x, y int) int {
	return cmp.Or(cmp.Compare(st.sRank[x], st.sRank[y]),
		cmp.Compare(st.p.Demands[st.p.Arcs[x].Demand].ID, st.p.Demands[st.p.Arcs[y].Demand].ID),
		cmp.Compare(x, y))
}

func (st *stable) run() {
	queue := make([]int, 0, len(st.p.Demands))
	for d := range st.p.Demands {
		queue = append(queue, d)
	}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		for st.need[d] > 0 && st.next[d] < len(st.prefs[d]) {
			a := st.prefs[d][st.next[d]]
			arc := st.p.Arcs[a]
			k := st.need[d]
			if arc.Cap > 0 {
				k = min(k, arc.Cap-st.units[a])
			}
			if k <= 0 || st.p.Supplies[arc.Supply].Units == 0 {
				st.next[d]++
				continue
			}
			if st.units[a] == 0 {
				st.held[arc.Supply] = append(st.held[arc.Supply], a)
			}
			st.units[a] += k
			st.need[d] -= k
			st.load[arc.Supply] += k
			for _, r := range st.trim(arc.Supply) {
				if other := st.p.Arcs[r].Demand; other != d {
					queue = append(queue, other)
				}
			}
			// A rejected arc has been given up already; a full one is passed.
			if !st.rejected(a) && arc.Cap > 0 && st.units[a] >= arc.Cap {
				st.next[d]++
			}
		}
	}
}

// trim makes supply s give back its worst-ranked units beyond its Units. It returns the
// arcs that lost units; their demands give them up.
func (st *stable) trim(s int) []int {
	over := st.load[s] - st.p.Supplies[s].Units
	if over <= 0 {
		return nil
	}
	held := st.held[s]
	slices.SortFunc(held, st.supplyCmp)
	var lost []int
	for over > 0 {
		a := held[len(held)-1]
		k := min(over, st.units[a])
		st.units[a] -= k
		st.load[s] -= k
		over -= k
		d := st.p.Arcs[a].Demand
		st.need[d] += k
		st.giveUp(d, a)
		lost = append(lost, a)
		if st.units[a] == 0 {
			held = held[:len(held)-1]
		}
	}
	st.held[s] = held
	return lost
}

// giveUp marks arc a as given up by demand d: d's next proposal goes past it.
func (st *stable) giveUp(d, a int) {
	for st.next[d] < len(st.prefs[d]) && st.demandCmp(st.prefs[d][st.next[d]], a) <= 0 {
		st.next[d]++
	}
}

// rejected reports whether demand d has given up arc a already (its pointer is past it).
func (st *stable) rejected(a int) bool {
	d := st.p.Arcs[a].Demand
	return st.next[d] >= len(st.prefs[d]) || st.demandCmp(st.prefs[d][st.next[d]], a) > 0
}
