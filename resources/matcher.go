package resources

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
)

// The factors of the matcher's score, each a value in [0, 1] times its weight.
const (
	// FactorUrgency is the request's urgency: 1 urgent, 0.75 difficult, 0.5 anxious,
	// 0.25 hoped-for.
	FactorUrgency = "urgency"
	// FactorDistance is 1 - distance/reference (0 beyond it) when both the lot and the
	// request have a place, the reference being MaxDistanceMeters or 5 km; 0 otherwise.
	FactorDistance = "distance"
	// FactorExpiry favours the lot that expires first (first-expiry-first-out): 1 -
	// days to expiry / 365, floored at 0; 0 for a lot that does not expire.
	FactorExpiry = "expiry"
	// FactorPreference is 1 when the donor's restriction names the request's target
	// group or community (the gift goes where the donor asked), else 0.
	FactorPreference = "donor_preference"
)

// DefaultMatchWeights puts urgency first: its weight (10) exceeds the other three
// together (3 + 2 + 1), so a more urgent request outranks any gain in distance, expiry or
// preference.
func DefaultMatchWeights() map[string]decimal.Decimal {
	return map[string]decimal.Decimal{FactorUrgency: decimal.NewFromInt(10), FactorDistance: decimal.NewFromInt(3),
		FactorExpiry: decimal.NewFromInt(2), FactorPreference: decimal.NewFromInt(1)}
}

// MatchOptions tunes Match. The zero value is usable.
type MatchOptions struct {
	// Places is the quantity scale: quantities are converted exactly to integer units of
	// 10^-Places; 0 means QuantityPlaces (3: a gram of a kilogram). A lot or request finer
	// than the scale is an error, never rounded.
	Places int32
	// WholeUnits sets the scale to whole units (Places is then ignored).
	WholeUnits bool
	// MaxDistanceMeters excludes pairs farther apart; 0 means no limit. Pairs where either
	// side has no place are not subject to it.
	MaxDistanceMeters float64
	// Weights overrides DefaultMatchWeights; every factor needs a weight >= 0, and the
	// weights may sum to at most 100.
	Weights map[string]decimal.Decimal
}

// Factor is one named part of a planned allocation's score: Value × Weight points.
type Factor struct {
	Name   string          `json:"name"`   // The factor's name (FactorUrgency ...).
	Value  decimal.Decimal `json:"value"`  // In [0, 1].
	Weight decimal.Decimal `json:"weight"` // The factor's weight.
}

// PlannedAllocation is one allocation the matcher proposes, with the score that chose it.
type PlannedAllocation struct {
	LotID     uuid.UUID       `json:"lot_id"`     // The lot concerned.
	RequestID uuid.UUID       `json:"request_id"` // The request concerned.
	Quantity  decimal.Decimal `json:"quantity"`   // To reserve, in the lot's unit.
	Score     decimal.Decimal `json:"score"`      // Per unit, in points.
	Factors   []Factor        `json:"factors"`    // The score's breakdown.
}

// RequestFill says how much of a request the plan fills.
type RequestFill struct {
	RequestID uuid.UUID       `json:"request_id"` // The request concerned.
	Wanted    decimal.Decimal `json:"wanted"`     // The request's remaining quantity.
	Planned   decimal.Decimal `json:"planned"`    // What the plan gives it.
	// Partial is set when 0 < Planned < Wanted; Unfilled when Planned is 0.
	Partial  bool `json:"partial"`
	Unfilled bool `json:"unfilled"` // See Partial.
}

// MatchExclusion is a lot and request of the same kind and category that a hard
// constraint kept apart.
type MatchExclusion struct {
	LotID      uuid.UUID `json:"lot_id"`     // The lot concerned.
	RequestID  uuid.UUID `json:"request_id"` // The request concerned.
	Constraint string    `json:"constraint"` // Eligibility, expiry or distance.
	Detail     string    `json:"detail"`     // How the pair failed, for people.
}

// MatchRejection is an eligible pair the optimum did not use, with the score at least
// lost per unit (in points) by forcing it, when the solver could tell.
type MatchRejection struct {
	LotID     uuid.UUID           `json:"lot_id"`     // The lot concerned.
	RequestID uuid.UUID           `json:"request_id"` // The request concerned.
	Score     decimal.Decimal     `json:"score"`      // The pair's own score per unit.
	Lost      decimal.NullDecimal `json:"lost"`       // Score lost per unit by forcing the pair; not Valid when unknown.
}

// MatchPlan is the matcher's answer: nothing is reserved until ApplyPlan.
type MatchPlan struct {
	At          time.Time           `json:"at"`          // The time the plan was made for.
	Allocations []PlannedAllocation `json:"allocations"` // What to reserve.
	Requests    []RequestFill       `json:"requests"`    // Each open request's fill.
	Exclusions  []MatchExclusion    `json:"exclusions"`  // Pairs a hard constraint kept apart.
	Rejections  []MatchRejection    `json:"rejections"`  // Eligible pairs not used.
	// Algorithm and Reason say which solver ran and why.
	Algorithm string `json:"algorithm"`
	Reason    string `json:"reason"` // See Algorithm.
}

// pool is a set of identical lots (same kind, category, unit, unit value, expiry, place,
// holder and restriction), matched as one supply and split back in ID order.
type pool struct {
	lots  []Lot
	units []int64
}

func poolKey(l Lot) string {
	r, _ := json.Marshal(l.Restriction)
	loc := ""
	if l.Location != nil {
		loc = l.Location.String()
	}
	return strings.Join([]string{string(l.Kind), l.Category, l.Unit, l.UnitValue.String(), l.Expires.UTC().Format(time.RFC3339Nano),
		loc, string(l.Holder.Kind), l.Holder.Name, l.Holder.ID.String(), string(r)}, "\x00")
}

// Match plans how to give lots to requests at time at, as a transportation problem solved
// exactly (internal/match): first as many units as possible are filled, then the total
// score is the highest. Hard constraints: Eligible (open request; same kind, category and
// unit; not expired; the donor's restriction), a lot expiring before the request's
// needed-by date, and MaxDistanceMeters. Soft factors: FactorUrgency, FactorDistance,
// FactorExpiry and FactorPreference. Identical lots are pooled. Ties between equal
// answers are broken by the engine's rule: by lot and request IDs.
//
// Every planned allocation carries its factors; every excluded pair of the same kind and
// category its reason; every unused eligible pair the score it would lose; every request
// its fill, partial fills flagged.
func Match(lots []Lot, requests []Request, at time.Time, opts *MatchOptions) (*MatchPlan, error) {
	const op = "resources.Match"
	var o MatchOptions
	if opts != nil {
		o = *opts
	}
	switch {
	case o.WholeUnits:
		o.Places = 0
	case o.Places == 0:
		o.Places = QuantityPlaces
	}
	weights := o.Weights
	if weights == nil {
		weights = DefaultMatchWeights()
	}
	if err := checkMatchOptions(o, weights); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	toUnits := func(entity string, id uuid.UUID, q decimal.Decimal) (int64, error) {
		u := q.Shift(o.Places)
		if !u.IsInteger() || !u.BigInt().IsInt64() {
			return 0, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: entity, ID: id.String(), Field: "Quantity",
				Msg: fmt.Sprintf("%s is finer than the matcher's scale of %d decimal places, or too large", q, o.Places)}
		}
		return u.IntPart(), nil
	}
	// pool the lots with stock
	sorted := slices.Clone(lots)
	slices.SortFunc(sorted, func(a, b Lot) int { return wushe.CompareIDs(a.ID, b.ID) })
	var pools []*pool
	byKey := map[string]*pool{}
	for _, l := range sorted {
		if !l.OnHand.IsPositive() {
			continue
		}
		u, err := toUnits("Lot", l.ID, l.OnHand)
		if err != nil {
			return nil, err
		}
		k := poolKey(l)
		p, ok := byKey[k]
		if !ok {
			p = &pool{}
			byKey[k] = p
			pools = append(pools, p)
		}
		p.lots, p.units = append(p.lots, l), append(p.units, u)
	}
	reqs := slices.Clone(requests)
	slices.SortFunc(reqs, func(a, b Request) int { return wushe.CompareIDs(a.ID, b.ID) })
	plan := &MatchPlan{At: at, Allocations: []PlannedAllocation{}, Requests: []RequestFill{}, Exclusions: []MatchExclusion{}, Rejections: []MatchRejection{}}
	var demands []match.Demand
	var live []Request
	for _, r := range reqs {
		if r.Status != RequestOpen || !r.Remaining().IsPositive() {
			continue
		}
		u, err := toUnits("Request", r.ID, r.Remaining())
		if err != nil {
			return nil, err
		}
		demands = append(demands, match.Demand{ID: r.ID.String(), Units: u})
		live = append(live, r)
	}
	supplies := make([]match.Supply, len(pools))
	for i, p := range pools {
		var total int64
		for _, u := range p.units {
			total += u
		}
		supplies[i] = match.Supply{ID: p.lots[0].ID.String(), Units: total}
	}
	var cands []match.Candidate
	var excl []match.Exclusion
	ref := o.MaxDistanceMeters
	if ref == 0 {
		ref = 5000
	}
	for _, r := range live {
		for _, p := range pools {
			l := p.lots[0]
			if l.Kind != r.Kind || l.Category != r.Category {
				continue // not a candidate at all: nothing to explain
			}
			constraint, detail := "", ""
			var dist float64
			located := l.Location != nil && r.Location != nil
			if located {
				dist = l.Location.DistanceMeters(*r.Location)
			}
			if ok, why := Eligible(l, r, at); !ok {
				constraint, detail = "eligibility", why
			} else if !l.Expires.IsZero() && !r.NeededBy.IsZero() && l.Expires.Before(r.NeededBy) {
				constraint, detail = "expiry", fmt.Sprintf("lot expires %s, before the request's needed-by date %s",
					l.Expires.Format(time.DateOnly), r.NeededBy.Format(time.DateOnly))
			} else if o.MaxDistanceMeters > 0 && located && dist > o.MaxDistanceMeters {
				constraint, detail = "distance", fmt.Sprintf("%.0f m apart, the limit is %.0f m", dist, o.MaxDistanceMeters)
			}
			if constraint != "" {
				for _, m := range p.lots {
					plan.Exclusions = append(plan.Exclusions, MatchExclusion{LotID: m.ID, RequestID: r.ID, Constraint: constraint, Detail: detail})
				}
				excl = append(excl, match.Exclusion{Demand: r.ID.String(), Supply: l.ID.String(), Constraint: constraint, Detail: detail})
				continue
			}
			urgency := decimal.NewFromInt(int64(r.Urgency.Pressure())).Div(decimal.NewFromInt(4))
			distance, expiry, preference := decimal.Zero, decimal.Zero, decimal.Zero
			if located {
				distance = decimal.NewFromFloat(math.Max(0, 1-dist/ref)).Round(4)
			}
			if !l.Expires.IsZero() {
				days := l.Expires.Sub(at).Hours() / 24
				expiry = decimal.NewFromFloat(math.Max(0, 1-days/365)).Round(4)
			}
			if slices.Contains(l.Restriction.Groups, r.Group) || slices.Contains(l.Restriction.Communities, r.CommunityID) {
				preference = decimal.NewFromInt(1)
			}
			// factors in name order, as match.Weights.Score would give them
			sc, err := match.NewScore(
				match.Factor{Name: FactorDistance, Value: distance, Weight: weights[FactorDistance]},
				match.Factor{Name: FactorPreference, Value: preference, Weight: weights[FactorPreference]},
				match.Factor{Name: FactorExpiry, Value: expiry, Weight: weights[FactorExpiry]},
				match.Factor{Name: FactorUrgency, Value: urgency, Weight: weights[FactorUrgency]})
			if err != nil {
				return nil, wushe.WithOp(op, err)
			}
			cands = append(cands, match.Candidate{Demand: r.ID.String(), Supply: l.ID.String(), Score: sc})
		}
	}
	scored, err := match.NewScored(demands, supplies, cands, excl, match.DefaultScale)
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	sol, err := match.Solve(scored.Problem, nil)
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	ex, err := scored.Explain(sol)
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	plan.Algorithm, plan.Reason = string(sol.Algorithm), sol.Reason
	poolOf := map[string]*pool{}
	for _, p := range pools {
		poolOf[p.lots[0].ID.String()] = p
	}
	unit := decimal.New(1, -o.Places)
	planned := map[string]int64{}
	for _, pe := range ex.Pairs {
		p := poolOf[pe.Supply]
		rid := uuid.MustParse(pe.Demand)
		factors := make([]Factor, len(pe.Score.Factors))
		for i, f := range pe.Score.Factors {
			factors[i] = Factor{Name: f.Name, Value: f.Value, Weight: f.Weight}
		}
		planned[pe.Demand] += pe.Units
		left := pe.Units
		for i := range p.lots {
			if left == 0 {
				break
			}
			take := min(left, p.units[i])
			if take == 0 {
				continue
			}
			p.units[i] -= take
			left -= take
			plan.Allocations = append(plan.Allocations, PlannedAllocation{LotID: p.lots[i].ID, RequestID: rid,
				Quantity: decimal.NewFromInt(take).Mul(unit), Score: pe.Score.Total, Factors: factors})
		}
	}
	for _, rj := range ex.Rejections {
		plan.Rejections = append(plan.Rejections, MatchRejection{LotID: uuid.MustParse(rj.Supply), RequestID: uuid.MustParse(rj.Demand),
			Score: rj.Score.Total, Lost: rj.Lost})
	}
	for i, r := range live {
		got := planned[r.ID.String()]
		f := RequestFill{RequestID: r.ID, Wanted: r.Remaining(), Planned: decimal.NewFromInt(got).Mul(unit)}
		f.Unfilled = got == 0
		f.Partial = got > 0 && got < demands[i].Units
		plan.Requests = append(plan.Requests, f)
	}
	return plan, nil
}

func checkMatchOptions(o MatchOptions, weights map[string]decimal.Decimal) error {
	p := wushe.Check("MatchOptions")
	p.Require(o.Places >= 0 && o.Places <= QuantityPlaces, "Places", fmt.Sprintf("must be in [0, %d]", QuantityPlaces))
	p.Require(o.MaxDistanceMeters >= 0 && !math.IsNaN(o.MaxDistanceMeters) && !math.IsInf(o.MaxDistanceMeters, 0), "MaxDistanceMeters", "must be a non-negative number")
	sum := decimal.Zero
	for _, name := range []string{FactorUrgency, FactorDistance, FactorExpiry, FactorPreference} {
		wt, ok := weights[name]
		if p.Require(ok, "Weights."+name, "is missing") {
			p.Require(!wt.IsNegative(), "Weights."+name, "is negative")
			p.Require(fitsPlaces(wt, 4), "Weights."+name, "has more than 4 decimal places")
			sum = sum.Add(wt)
		}
	}
	p.Require(sum.LessThanOrEqual(match.DefaultScale.Max), "Weights", "sum to more than 100")
	return p.Err()
}

// Match plans allocations of the lots in stock to the open requests as of the service
// clock's now (see the package function Match). It reserves nothing; ApplyPlan does.
func (s *Service) Match(ctx context.Context, opts *MatchOptions) (*MatchPlan, error) {
	const op = "resources.Service.Match"
	lots, err := listAll(ctx, LotFilter{InStock: true}, func(f *LotFilter, p wushe.PageRequest) { f.Page = p }, s.store.ListLots)
	if err != nil {
		return nil, wushe.Wrap(op, err)
	}
	reqs, err := listAll(ctx, RequestFilter{Status: RequestOpen}, func(f *RequestFilter, p wushe.PageRequest) { f.Page = p }, s.store.ListRequests)
	if err != nil {
		return nil, wushe.Wrap(op, err)
	}
	plan, err := Match(lots, reqs, s.clock.Now(), opts)
	return plan, wushe.Wrap(op, err)
}

// ApplyPlan reserves the plan's allocations in order, each with Reserve (so every rule is
// checked again against the current stock). It returns the allocations made and, for
// each planned allocation that failed (stock taken meanwhile, a request closed), its
// error joined into the second result; the others still go ahead.
func (s *Service) ApplyPlan(ctx context.Context, actor string, plan *MatchPlan) ([]Allocation, error) {
	const op = "resources.Service.ApplyPlan"
	if plan == nil {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "MatchPlan", Msg: "is nil"}
	}
	var out []Allocation
	p := wushe.Check("MatchPlan")
	for i, pa := range plan.Allocations {
		a, err := s.Reserve(ctx, actor, pa.LotID, pa.RequestID, pa.Quantity)
		if err != nil {
			p.Nested(wushe.Index("Allocations", i), err)
			continue
		}
		out = append(out, a)
	}
	return out, wushe.WithOp(op, p.Err())
}
