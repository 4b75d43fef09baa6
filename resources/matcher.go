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
	// ListLimit is the most entries MatchPlan.Exclusions and MatchPlan.Rejections hold
	// each: 0 means DefaultListLimit, a negative value every entry. The plan's
	// AllExclusions, AllRejections and Explain give the rest on demand.
	ListLimit int
	// KeepNetwork keeps the flow network the plan solved, for MatchPlan.WriteDIMACS.
	KeepNetwork bool
	// Progress, when set, is called as Match moves through its phases, so that a long
	// match can report how far it got (and a caller time each phase with its own clock).
	Progress func(MatchProgress)

	// cashByHolder pools cash by holder too, as goods are (tests compare the two).
	cashByHolder bool
	// partsAbove overrides the constant partsAbove when not 0; -1 solves every plan in
	// parts (tests compare the two ways).
	partsAbove int
	// pricedBest overrides the constant pricedBest when not 0; -1 hands each part to the
	// engine whole.
	pricedBest int
}

// The phases of a match, as MatchProgress.Phase names them.
const (
	PhaseCandidates = "candidates" // finding and scoring the pairs that pass the hard constraints
	PhaseSolve      = "solve"      // the min-cost-flow solve
	PhaseExplain    = "explain"    // writing the plan and listing the first rejections and exclusions
	PhaseDone       = "done"
)

// MatchProgress is where a match is: in Phase, Done of Total steps (requests looked at
// while finding candidates; Total 0 when not known ahead).
type MatchProgress struct {
	Phase       string
	Done, Total int
}

// progress reports a phase and step to MatchOptions.Progress, when set.
func (pl *planner) progress(phase string, done, total int) {
	if pl.o.Progress != nil {
		pl.o.Progress(MatchProgress{Phase: phase, Done: done, Total: total})
	}
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
	Exclusions  []MatchExclusion    `json:"exclusions"`  // The first pairs a hard constraint kept apart (AllExclusions).
	Rejections  []MatchRejection    `json:"rejections"`  // The first eligible pairs not used (AllRejections).
	// ExclusionCount and RejectionCount count every entry of AllExclusions and
	// AllRejections.
	ExclusionCount int `json:"exclusion_count"`
	RejectionCount int `json:"rejection_count"`
	// ExcludedBy counts the excluded lot-request pairs by constraint as the plan ruled
	// them out, without writing their text: a located lot outside the grid cells around a
	// located request under "distance" (the plan never looks at the pair), else under the
	// first rule the pair fails in the order eligibility, expiry, distance, as
	// AllExclusions names it. The counts add up to ExclusionCount.
	ExcludedBy map[string]int `json:"excluded_by"`
	// Algorithm and Reason say which solver ran and why; Reason also says when the
	// network's magnitudes did not fit int64 at the scale asked for and it was solved in
	// coarser exact steps (the greatest common divisor of its quantities in units, of its
	// costs), which gives the same optimum.
	Algorithm string `json:"algorithm"`
	Reason    string `json:"reason"` // See Algorithm.

	pl *planner
}

// pool is a set of interchangeable lots, matched as one supply (its ID the first lot's)
// and split back in ID order: the lowest ID gives first. Goods and services are
// interchangeable when everything about them is the same (kind, category, unit, unit
// value, expiry, place, holder and restriction); cash when all but the holder is: no rule
// and no factor looks at who holds the money, so the cash of one restriction class (same
// restriction, unit, expiry and place) is one supply however many holders it has.
type pool struct {
	lots  []Lot
	units []int64
}

func poolKey(l Lot, cashByHolder bool) string {
	r, _ := json.Marshal(l.Restriction)
	loc := ""
	if l.Location != nil {
		loc = l.Location.String()
	}
	holder := []string{string(l.Holder.Kind), l.Holder.Name, l.Holder.ID.String()}
	if l.Kind == PropertyCash && !cashByHolder {
		holder = []string{"", "", ""}
	}
	return strings.Join(append([]string{string(l.Kind), l.Category, l.Unit, l.UnitValue.String(), l.Expires.UTC().Format(time.RFC3339Nano),
		loc, string(r)}, holder...), "\x00")
}

// Match plans how to give lots to requests at time at, as a transportation problem solved
// exactly (internal/match): first as many units as possible are filled, then the total
// score is the highest. Hard constraints: Eligible (open request; same kind, category and
// unit; not expired; the donor's restriction), a lot expiring before the request's
// needed-by date, and MaxDistanceMeters. Soft factors: FactorUrgency, FactorDistance,
// FactorExpiry and FactorPreference. Interchangeable lots are pooled (identical goods and
// services; cash of one restriction class whoever holds it) and a pool's units go to its
// lots in ID order, lowest first. Ties between equal answers are broken by the engine's
// rule: by lot and request IDs, over the network that was solved (a plan of more than
// about a million eligible pairs is solved one kind and category at a time; see Reason).
//
// Every planned allocation carries its factors; every excluded pair of the same kind and
// category its reason; every unused eligible pair the score it would lose; every request
// its fill, partial fills flagged. Exclusions and Rejections hold the first
// MatchOptions.ListLimit of them; the plan counts them all and gives the rest on demand
// (AllExclusions, AllRejections, Explain).
//
// At city scale: lots are looked at only by requests of their kind and category, and,
// with MaxDistanceMeters set, a request with a place looks only at the located lots in the
// grid cells around it (a pair farther apart is never scored); scores and costs are
// integers, decimals only in what the plan reports; no exclusion's text is written while
// planning.
func Match(lots []Lot, requests []Request, at time.Time, opts *MatchOptions) (*MatchPlan, error) {
	const op = "resources.Match"
	pl, demands, supplies, err := newPlanner(lots, requests, at, opts)
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	o := pl.o
	pl.progress(PhaseCandidates, 0, len(pl.live))
	if err := pl.candidates(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	pl.progress(PhaseSolve, 0, 0)
	sol, arcPair, err := pl.solve(demands, supplies)
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	pl.progress(PhaseExplain, 0, 0)
	plan := pl.plan
	plan.Algorithm, plan.Reason = string(sol.Algorithm), sol.Reason
	planned := make([]int64, len(pl.live))
	pl.used = make([]uint64, (len(pl.pairs)+63)/64)
	for _, pa := range sol.Pairs {
		k := pa.Arc
		if arcPair != nil {
			k = arcPair[k]
		}
		pl.used[k>>6] |= 1 << (k & 63)
		c := pl.cand(pa.Demand, k)
		p := pl.pools[c.pool]
		sc := pl.score(c)
		factors := make([]Factor, len(sc.Factors))
		for i, f := range sc.Factors {
			factors[i] = Factor{Name: f.Name, Value: f.Value, Weight: f.Weight}
		}
		planned[c.req] += pa.Units
		left := pa.Units
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
			plan.Allocations = append(plan.Allocations, PlannedAllocation{LotID: p.lots[i].ID, RequestID: pl.live[c.req].ID,
				Quantity: decimal.New(take, -o.Places), Score: sc.Total, Factors: factors})
		}
	}
	plan.RejectionCount = len(pl.pairs) - len(sol.Pairs)
	plan.Requests = make([]RequestFill, len(pl.live))
	for i, r := range pl.live {
		got := planned[i]
		f := RequestFill{RequestID: r.ID, Wanted: pl.wanted[i], Planned: decimal.New(got, -o.Places)}
		f.Unfilled = got == 0
		f.Partial = got > 0 && got < demands[i].Units
		plan.Requests[i] = f
	}
	for _, n := range plan.ExcludedBy {
		plan.ExclusionCount += n
	}
	plan.pl = pl
	limit := o.ListLimit
	if limit < 0 {
		limit = plan.RejectionCount
	}
	for _, key := range pl.firstRejections(nil, limit, plan.RejectionCount) {
		plan.Rejections = append(plan.Rejections, pl.rejection(key))
	}
	limit = o.ListLimit
	for x := range plan.AllExclusions() {
		if limit >= 0 && len(plan.Exclusions) >= limit {
			break
		}
		plan.Exclusions = append(plan.Exclusions, x)
	}
	pl.progress(PhaseDone, 0, 0)
	return plan, nil
}

// newPlanner checks the options and the places, pools the lots with stock and keeps the
// open requests, by ID: what Match plans over, with the network's demands and supplies.
func newPlanner(lots []Lot, requests []Request, at time.Time, opts *MatchOptions) (*planner, []match.Demand, []match.Supply, error) {
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
		return nil, nil, nil, err
	}
	if err := validLocations(lots, requests); err != nil {
		return nil, nil, nil, err
	}
	if o.ListLimit == 0 {
		o.ListLimit = DefaultListLimit
	}
	toUnits := func(entity string, id uuid.UUID, q decimal.Decimal) (int64, error) {
		u := q.Shift(o.Places)
		if !u.IsInteger() || !u.BigInt().IsInt64() {
			return 0, &wushe.Error{Kind: wushe.KindInvalid, Entity: entity, ID: id.String(), Field: "Quantity",
				Msg: fmt.Sprintf("%s is finer than the matcher's scale of %d decimal places, or too large", q, o.Places)}
		}
		return u.IntPart(), nil
	}
	// pool the lots with stock
	sorted := slices.Clone(lots)
	slices.SortFunc(sorted, func(a, b Lot) int { return wushe.CompareIDs(a.ID, b.ID) })
	pl := &planner{o: o, at: at, weights: weights, plan: &MatchPlan{At: at, Allocations: []PlannedAllocation{}, Requests: []RequestFill{},
		Exclusions: []MatchExclusion{}, Rejections: []MatchRejection{}, ExcludedBy: map[string]int{}}}
	for i, n := range resFactors {
		pl.weightOf[i] = weights[n]
	}
	for q := range pl.urgencyValues {
		pl.urgencyValues[q] = urgencyOf(int32(q))
	}
	byKey := map[string]*pool{}
	for _, l := range sorted {
		if !l.OnHand.IsPositive() {
			continue
		}
		u, err := toUnits("Lot", l.ID, l.OnHand)
		if err != nil {
			return nil, nil, nil, err
		}
		k := poolKey(l, o.cashByHolder)
		p, ok := byKey[k]
		if !ok {
			p = &pool{}
			byKey[k] = p
			pl.pools = append(pl.pools, p)
		}
		p.lots, p.units = append(p.lots, l), append(p.units, u)
	}
	// The open requests, kept in place in a sorted copy.
	reqs := slices.Clone(requests)
	slices.SortFunc(reqs, func(a, b Request) int { return wushe.CompareIDs(a.ID, b.ID) })
	pl.live = reqs[:0]
	pl.wanted = make([]decimal.Decimal, 0, len(reqs))
	demands := make([]match.Demand, 0, len(reqs))
	for _, r := range reqs {
		if r.Status != RequestOpen {
			continue
		}
		left := r.Remaining()
		if !left.IsPositive() {
			continue
		}
		u, err := toUnits("Request", r.ID, left)
		if err != nil {
			return nil, nil, nil, err
		}
		demands = append(demands, match.Demand{ID: r.ID.String(), Units: u})
		pl.live = append(pl.live, r)
		pl.wanted = append(pl.wanted, left)
	}
	supplies := make([]match.Supply, len(pl.pools))
	for i, p := range pl.pools {
		var total int64
		for _, u := range p.units {
			total += u
		}
		supplies[i] = match.Supply{ID: p.lots[0].ID.String(), Units: total}
	}
	return pl, demands, supplies, nil
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
