package match

import (
	"sort"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// Factor is one named, weighted part of a score: it contributes Value × Weight points.
// "distance", "skill", "continuity" and "fairness" are typical names.
type Factor struct {
	// Name identifies the factor; names are distinct within a Score.
	Name   string          `json:"name"`
	Value  decimal.Decimal `json:"value"`
	Weight decimal.Decimal `json:"weight"`
}

// Points is the factor's contribution, Value × Weight, computed exactly.
func (f Factor) Points() decimal.Decimal { return f.Value.Mul(f.Weight) }

// Score is a sum of factors. Higher is better. Total is always Σ Value × Weight over
// Factors, exactly; build scores with NewScore or Weights.Score to keep it so.
type Score struct {
	// Factors are the parts, in the order given (by name from Weights.Score).
	Factors []Factor        `json:"factors"`
	Total   decimal.Decimal `json:"total"`
}

// NewScore sums the factors. Names must be non-empty and distinct; the factors keep the
// order given.
func NewScore(factors ...Factor) (Score, error) {
	p := wushe.Check("Score")
	seen := make(map[string]bool, len(factors))
	total := decimal.Zero
	for i, f := range factors {
		field := wushe.Index("Factors", i) + ".Name"
		if p.Require(f.Name != "", field, "is required") {
			p.Require(!seen[f.Name], field, "repeats factor "+f.Name)
		}
		seen[f.Name] = true
		total = total.Add(f.Points())
	}
	if err := p.Err(); err != nil {
		return Score{}, wushe.WithOp("match.NewScore", err)
	}
	return Score{Factors: append([]Factor(nil), factors...), Total: total}, nil
}

// Weights gives each factor name its weight.
type Weights map[string]decimal.Decimal

// Score builds the score of one candidate from its factor values: one Factor per name in
// values, ordered by name, each with its weight. A value without a weight is an error:
// an unweighted factor is a typo, not a zero.
func (w Weights) Score(values map[string]decimal.Decimal) (Score, error) {
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	p := wushe.Check("Score")
	factors := make([]Factor, 0, len(names))
	for _, name := range names {
		weight, ok := w[name]
		if !p.Require(ok, "Factors."+name, "has no weight") {
			continue
		}
		factors = append(factors, Factor{Name: name, Value: values[name], Weight: weight})
	}
	if err := p.Err(); err != nil {
		return Score{}, wushe.WithOp("match.Weights.Score", err)
	}
	return NewScore(factors...)
}

// Scale converts decimal scores to the int64 costs the solvers minimise, exactly.
//
//	cost = (Max - score) × 10^Places
//
// so costs are never negative, a higher score is a lower cost and the conversion is exact:
// a score with more than Places decimal places, a score above Max, or a cost beyond int64
// is an error of kind invalid, never rounded or wrapped. With Places = 4, 1 cost unit is
// 0.0001 point.
//
// Every unit filled adds Max × 10^Places to the cost, a constant per unit: it does not
// change which pairs are chosen when the number of units filled is fixed (as it is when
// demand penalties are zero and filling comes first). With non-zero penalties, compare
// them with costs on this scale.
type Scale struct {
	// Places is the number of decimal places kept, 0 to 18.
	Places int32
	// Max is the highest score any candidate can have.
	Max decimal.Decimal
}

// DefaultScale keeps 4 decimal places and scores up to 100 points.
var DefaultScale = Scale{Places: 4, Max: decimal.NewFromInt(100)}

// Validate checks that Places is in [0, 18] and that Max converts.
func (s Scale) Validate() error {
	p := wushe.Check("Scale")
	p.Require(s.Places >= 0 && s.Places <= 18, "Places", "must be between 0 and 18")
	if s.Places >= 0 && s.Places <= 18 {
		if _, ok := s.units(s.Max); !ok {
			p.Addf("Max", "%s does not fit %d decimal places in int64", s.Max, s.Places)
		}
	}
	return p.Err()
}

// units returns x × 10^Places when that is an integer in int64.
func (s Scale) units(x decimal.Decimal) (int64, bool) {
	y := x.Shift(s.Places)
	if !y.IsInteger() {
		return 0, false
	}
	b := y.BigInt()
	if !b.IsInt64() {
		return 0, false
	}
	return b.Int64(), true
}

// Cost converts a score to a cost, exactly.
func (s Scale) Cost(score decimal.Decimal) (int64, error) {
	const op = "match.Scale.Cost"
	if err := s.Validate(); err != nil {
		return 0, wushe.WithOp(op, err)
	}
	if score.GreaterThan(s.Max) {
		return 0, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Score", Field: "Total",
			Msg: "score " + score.String() + " is above the scale's Max " + s.Max.String()}
	}
	u, ok := s.units(s.Max.Sub(score))
	if !ok {
		return 0, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Score", Field: "Total",
			Msg: "score " + score.String() + " needs more than " + strconv.Itoa(int(s.Places)) +
				" decimal places or its cost overflows int64"}
	}
	return u, nil
}

// Score converts a cost back to the score it came from: Max - cost / 10^Places.
func (s Scale) Score(cost int64) decimal.Decimal { return s.Max.Sub(s.Points(cost)) }

// Points converts a number of cost units to points, cost / 10^Places: a difference of
// costs (a reduced cost, a change of objective) becomes the score it stands for.
func (s Scale) Points(units int64) decimal.Decimal {
	return decimal.New(units, -s.Places)
}

// Candidate is a scored pair that passed every hard constraint: it becomes one Arc.
type Candidate struct {
	// Demand and Supply are node IDs of the problem.
	Demand string `json:"demand"`
	Supply string `json:"supply"`
	// Score is what the pair is worth; the arc's cost is derived from Score.Total.
	Score Score `json:"score"`
	// Cap is the arc's capacity; 0 means no limit beyond the nodes' units.
	Cap int64 `json:"cap"`
}

// Exclusion records a pair that failed a hard constraint, so that an explanation can
// say why it was never considered.
type Exclusion struct {
	// Demand and Supply are node IDs of the problem.
	Demand string `json:"demand"`
	Supply string `json:"supply"`
	// Constraint names the rule ("skill", "availability", "distance").
	Constraint string `json:"constraint"`
	// Detail says how the pair failed it, for people.
	Detail string `json:"detail"`
}

// Scored is a Problem built from scored candidates, with what it takes to explain a
// Solution of it: Candidates[a] is the source of Problem.Arcs[a].
type Scored struct {
	Problem    *Problem
	Candidates []Candidate
	Exclusions []Exclusion
	Scale      Scale
}

// NewScored builds the Problem for demands, supplies and their scored candidates: one arc
// per candidate in the order given, with cost scale.Cost(candidate.Score.Total). Node IDs
// must be non-empty and distinct on each side; every candidate must name known nodes, at
// most once per pair, with Cap >= 0; every exclusion must name known nodes. All problems
// are reported at once, with kind invalid. The slices are copied.
func NewScored(demands []Demand, supplies []Supply, candidates []Candidate, exclusions []Exclusion, scale Scale) (*Scored, error) {
	const op = "match.NewScored"
	p := wushe.Check("Problem")
	if err := scale.Validate(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	dix := make(map[string]int, len(demands))
	for i, d := range demands {
		field := wushe.Index("Demands", i)
		if p.Require(d.ID != "", field+".ID", "is required") {
			_, dup := dix[d.ID]
			p.Require(!dup, field+".ID", "repeats demand "+d.ID)
		}
		p.Require(d.Units >= 0, field+".Units", "must not be negative")
		p.Require(d.Penalty >= 0, field+".Penalty", "must not be negative")
		dix[d.ID] = i
	}
	six := make(map[string]int, len(supplies))
	for i, s := range supplies {
		field := wushe.Index("Supplies", i)
		if p.Require(s.ID != "", field+".ID", "is required") {
			_, dup := six[s.ID]
			p.Require(!dup, field+".ID", "repeats supply "+s.ID)
		}
		p.Require(s.Units >= 0, field+".Units", "must not be negative")
		six[s.ID] = i
	}
	type key struct{ d, s string }
	seen := make(map[key]bool, len(candidates))
	arcs := make([]Arc, 0, len(candidates))
	for i, c := range candidates {
		field := wushe.Index("Candidates", i)
		di, okD := dix[c.Demand]
		si, okS := six[c.Supply]
		p.Require(okD, field+".Demand", "names no demand")
		p.Require(okS, field+".Supply", "names no supply")
		p.Require(!seen[key{c.Demand, c.Supply}], field, "repeats the pair "+c.Demand+"/"+c.Supply)
		seen[key{c.Demand, c.Supply}] = true
		p.Require(c.Cap >= 0, field+".Cap", "must not be negative")
		cost, err := scale.Cost(c.Score.Total)
		if e, ok := err.(*wushe.Error); ok {
			e.Op = "" // reported as NewScored's
			p.Nested(field+".Score", e)
		}
		arcs = append(arcs, Arc{Demand: di, Supply: si, Cost: cost, Cap: c.Cap})
	}
	for i, e := range exclusions {
		field := wushe.Index("Exclusions", i)
		_, okD := dix[e.Demand]
		_, okS := six[e.Supply]
		p.Require(okD, field+".Demand", "names no demand")
		p.Require(okS, field+".Supply", "names no supply")
		p.Require(e.Constraint != "", field+".Constraint", "is required")
	}
	if err := p.Err(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	return &Scored{
		Problem: &Problem{
			Demands:  append([]Demand(nil), demands...),
			Supplies: append([]Supply(nil), supplies...),
			Arcs:     arcs,
		},
		Candidates: append([]Candidate(nil), candidates...),
		Exclusions: append([]Exclusion(nil), exclusions...),
		Scale:      scale,
	}, nil
}
