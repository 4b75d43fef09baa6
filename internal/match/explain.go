package match

import (
	"cmp"
	"math"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// Explanation says why a Solution of a Scored problem looks the way it does.
type Explanation struct {
	// Pairs lists the chosen pairs with their factor breakdown, in arc order.
	Pairs []PairExplanation `json:"pairs"`
	// Rejections lists the candidates that were considered and not used, least score lost
	// first, ties by demand ID then supply ID.
	Rejections []Rejection `json:"rejections"`
	// Exclusions lists the pairs a hard constraint kept out, as recorded by the caller.
	Exclusions []Exclusion `json:"exclusions"`
}

// PairExplanation is one chosen pair and the score that won it.
type PairExplanation struct {
	// Demand and Supply are the pair's node IDs.
	Demand string `json:"demand"`
	Supply string `json:"supply"`
	// Units is how many units the pair carries.
	Units int64 `json:"units"`
	// Score is the candidate's score with its factor breakdown.
	Score Score `json:"score"`
}

// Rejection is a candidate that the optimum did not use.
type Rejection struct {
	// Demand and Supply are the candidate's node IDs.
	Demand string `json:"demand"`
	Supply string `json:"supply"`
	// Score is the candidate's own score.
	Score Score `json:"score"`
	// Lost is the reduced cost of the candidate's arc in points: how much total score,
	// at least, is lost for each unit forced along it, because the rest of the answer has
	// to make room. It comes from the solution's potentials, so it is Valid only when the
	// solution has them (not for the Greedy and DeferredAcceptance baselines). It is a
	// lower bound: forcing a pair can cost more when the partners it displaces have no
	// equally good second choice. For a dense assignment Assignment.ForcedCost gives the
	// exact figure.
	Lost decimal.NullDecimal `json:"lost"`
}

// ReducedCost returns the reduced cost of arc a of p under sol's potentials:
//
//	Cost(a) - DemandPotential[a.Demand] + SupplyPotential[a.Supply]
//
// This is the sign convention for Solution's potentials: units flow from supplies to
// demands, a demand's potential is what one more unit delivered to it is worth and a
// supply's what one of its units costs to give. At an optimum the reduced cost is >= 0 on
// every arc with spare capacity and <= 0 on every arc at its cap, so for an unused arc it
// is the least cost added by forcing one unit along it. ok is false when sol has no
// potentials or a sum overflows.
func ReducedCost(p *Problem, sol *Solution, a int) (r int64, ok bool) {
	if sol == nil || len(sol.DemandPotential) != len(p.Demands) || len(sol.SupplyPotential) != len(p.Supplies) {
		return 0, false
	}
	arc := p.Arcs[a]
	return sol.Reduced(arc.Cost, arc.Demand, arc.Supply)
}

// Reduced is the reduced cost under sol's potentials of a unit sent from supply s to demand
// d at cost c, whether or not the problem solved had that arc: ReducedCost for a candidate
// left out of the problem. An arc left out whose reduced cost is >= 0 would not have
// changed the optimum. ok is false as for ReducedCost, or when d or s is not a node.
func (sol *Solution) Reduced(c int64, d, s int) (r int64, ok bool) {
	if sol == nil || d < 0 || d >= len(sol.DemandPotential) || s < 0 || s >= len(sol.SupplyPotential) {
		return 0, false
	}
	dp := sol.DemandPotential[d]
	if dp == math.MinInt64 {
		return 0, false
	}
	r, ok = lapAdd(c, -dp)
	if ok {
		r, ok = lapAdd(r, sol.SupplyPotential[s])
	}
	return r, ok
}

// Explain explains sol, a Solution of sc.Problem: the factor breakdown of each chosen
// pair, the score lost by forcing each unused candidate, and the recorded exclusions.
func (sc *Scored) Explain(sol *Solution) (*Explanation, error) {
	const op = "match.Scored.Explain"
	if sol == nil {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Solution", Msg: "is nil"}
	}
	p := sc.Problem
	used := make([]bool, len(p.Arcs))
	ex := &Explanation{Exclusions: append([]Exclusion{}, sc.Exclusions...)}
	for i, pr := range sol.Pairs {
		if pr.Arc < 0 || pr.Arc >= len(p.Arcs) {
			return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Solution",
				Field: wushe.Index("Pairs", i) + ".Arc", Msg: "is not an arc of the problem"}
		}
		used[pr.Arc] = true
		c := sc.Candidates[pr.Arc]
		ex.Pairs = append(ex.Pairs, PairExplanation{Demand: c.Demand, Supply: c.Supply, Units: pr.Units, Score: c.Score})
	}
	for a, c := range sc.Candidates {
		if used[a] {
			continue
		}
		rej := Rejection{Demand: c.Demand, Supply: c.Supply, Score: c.Score}
		if r, ok := ReducedCost(p, sol, a); ok {
			rej.Lost = decimal.NullDecimal{Decimal: sc.Scale.Points(r), Valid: true}
		}
		ex.Rejections = append(ex.Rejections, rej)
	}
	slices.SortStableFunc(ex.Rejections, func(x, y Rejection) int {
		// Known losses first, smallest first.
		if x.Lost.Valid != y.Lost.Valid {
			if x.Lost.Valid {
				return -1
			}
			return 1
		}
		return cmp.Or(x.Lost.Decimal.Cmp(y.Lost.Decimal), cmp.Compare(x.Demand, y.Demand), cmp.Compare(x.Supply, y.Supply))
	})
	return ex, nil
}

// ForcedCost returns exactly how much the objective of a worsens if row i must be paired
// with column j of m (the matrix that was solved): the optimum with that pair fixed minus
// a.Cost when minimising, a.Cost minus it when maximising. It re-solves the matrix
// without row i and column j, so it costs about as much as Assign. Reduced(m, i, j) is a
// lower bound of it, reached when the partners the pair displaces re-match at no extra
// reduced cost. Forcing a forbidden pair, or one that leaves the rest unassignable, is an
// error of kind insufficient.
func (a *Assignment) ForcedCost(m Matrix, i, j int) (int64, error) {
	const op = "match.Assignment.ForcedCost"
	if i < 0 || i >= m.Rows || j < 0 || j >= m.Cols {
		return 0, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Matrix", Field: "Rows",
			Msg: "pair is outside the matrix"}
	}
	if !m.Allowed(i, j) {
		return 0, &wushe.Error{Op: op, Kind: wushe.KindInsufficient, Entity: "Matrix", Field: "Forbidden",
			Msg: "the pair is forbidden"}
	}
	sub := Matrix{Rows: m.Rows - 1, Cols: m.Cols - 1, Cost: make([]int64, 0, (m.Rows-1)*(m.Cols-1))}
	if m.Forbidden != nil {
		sub.Forbidden = make([]bool, 0, cap(sub.Cost))
	}
	for r := 0; r < m.Rows; r++ {
		if r == i {
			continue
		}
		for c := 0; c < m.Cols; c++ {
			if c == j {
				continue
			}
			sub.Cost = append(sub.Cost, m.At(r, c))
			if m.Forbidden != nil {
				sub.Forbidden = append(sub.Forbidden, m.Forbidden[r*m.Cols+c])
			}
		}
	}
	rest, err := Assign(sub, &AssignOptions{Maximise: a.Maximise})
	if err != nil {
		return 0, wushe.Wrap(op, err)
	}
	total, ok := lapAdd(rest.Cost, m.At(i, j))
	ok = ok && total != math.MinInt64 && a.Cost != math.MinInt64
	var diff int64
	if ok {
		if a.Maximise {
			diff, ok = lapAdd(a.Cost, -total)
		} else {
			diff, ok = lapAdd(total, -a.Cost)
		}
	}
	if !ok {
		return 0, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Matrix", Field: "Cost",
			Msg: "the forced total overflows int64"}
	}
	return diff, nil
}
