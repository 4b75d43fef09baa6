package match

import (
	"cmp"
	"math"
	"slices"

	"github.com/wushe/wushe"
)

// checkBaseline validates p for the baseline solvers: node units, penalties and arc
// capacities are not negative and every arc names existing nodes.
func checkBaseline(op string, p *Problem) error {
	if p == nil {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Problem", Msg: "is nil"}
	}
	c := wushe.Check("Problem")
	for i, d := range p.Demands {
		c.Require(d.Units >= 0, wushe.Index("Demands", i)+".Units", "must not be negative")
		c.Require(d.Penalty >= 0, wushe.Index("Demands", i)+".Penalty", "must not be negative")
	}
	for i, s := range p.Supplies {
		c.Require(s.Units >= 0, wushe.Index("Supplies", i)+".Units", "must not be negative")
	}
	for i, a := range p.Arcs {
		f := wushe.Index("Arcs", i)
		c.Require(a.Demand >= 0 && a.Demand < len(p.Demands), f+".Demand", "is not a demand index")
		c.Require(a.Supply >= 0 && a.Supply < len(p.Supplies), f+".Supply", "is not a supply index")
		c.Require(a.Cap >= 0, f+".Cap", "must not be negative")
	}
	return wushe.WithOp(op, c.Err())
}

// arcCap is the most units arc a can carry given its own cap and its nodes' units.
func arcCap(p *Problem, a Arc) int64 {
	c := min(p.Demands[a.Demand].Units, p.Supplies[a.Supply].Units)
	if a.Cap > 0 {
		c = min(c, a.Cap)
	}
	return c
}

// finish fills in a Solution's totals from units per arc, with overflow checks.
func finish(op string, p *Problem, units []int64, alg Algorithm, reason string) (*Solution, error) {
	sol := &Solution{Algorithm: alg, Reason: reason}
	overflow := func(field string) error {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Problem", Field: field,
			Msg: "the solution's total overflows int64"}
	}
	filled := make([]int64, len(p.Demands))
	for a, u := range units {
		if u == 0 {
			continue
		}
		arc := p.Arcs[a]
		sol.Pairs = append(sol.Pairs, Pair{Arc: a, Demand: arc.Demand, Supply: arc.Supply, Units: u, Cost: arc.Cost})
		c, ok := lapMul(u, arc.Cost)
		if !ok {
			return nil, overflow(wushe.Index("Arcs", a) + ".Cost")
		}
		if sol.Cost, ok = lapAdd(sol.Cost, c); !ok {
			return nil, overflow(wushe.Index("Arcs", a) + ".Cost")
		}
		filled[arc.Demand] += u
	}
	for i, d := range p.Demands {
		var ok bool
		left := d.Units - filled[i]
		sol.Filled += filled[i]
		sol.Unfilled += left
		pc, ok := lapMul(left, d.Penalty)
		if ok {
			sol.PenaltyCost, ok = lapAdd(sol.PenaltyCost, pc)
		}
		if !ok {
			return nil, overflow(wushe.Index("Demands", i) + ".Penalty")
		}
	}
	return sol, nil
}

// GreedySolve is the greedy baseline: it sorts every arc by cost, ties by (demand ID,
// supply ID) and then arc index, and takes each in turn for as many units as its cap and
// its two nodes still allow. It is fast and simple and usually worse than Solve, both in
// cost and in demand filled; it exists to measure that. Algorithm is Greedy; there are no
// potentials.
func GreedySolve(p *Problem) (*Solution, error) {
	const op = "match.GreedySolve"
	if err := checkBaseline(op, p); err != nil {
		return nil, err
	}
	order := make([]int, len(p.Arcs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int {
		a, b := p.Arcs[x], p.Arcs[y]
		return cmp.Or(
			cmp.Compare(a.Cost, b.Cost),
			cmp.Compare(p.Demands[a.Demand].ID, p.Demands[b.Demand].ID),
			cmp.Compare(p.Supplies[a.Supply].ID, p.Supplies[b.Supply].ID),
			cmp.Compare(x, y),
		)
	})
	need := make([]int64, len(p.Demands))
	for i, d := range p.Demands {
		need[i] = d.Units
	}
	have := make([]int64, len(p.Supplies))
	for i, s := range p.Supplies {
		have[i] = s.Units
	}
	units := make([]int64, len(p.Arcs))
	for _, x := range order {
		a := p.Arcs[x]
		u := min(need[a.Demand], have[a.Supply])
		if a.Cap > 0 {
			u = min(u, a.Cap-units[x])
		}
		if u <= 0 {
			continue
		}
		units[x] += u
		need[a.Demand] -= u
		have[a.Supply] -= u
	}
	return finish(op, p, units, Greedy, "arcs taken in order of cost, ties by demand ID, supply ID")
}

// lapAdd returns a+b and whether it did not overflow.
func lapAdd(a, b int64) (int64, bool) {
	s := a + b
	return s, (s^a)&(s^b) >= 0
}

// lapMul returns a×b and whether it did not overflow.
func lapMul(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	p := a * b
	if p/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return p, true
}
