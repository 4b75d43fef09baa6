package linkage

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// DispatchKind is the kind of party a dispatch may propose for a need.
type DispatchKind string

// The dispatch kinds.
const (
	// DispatchVolunteer is a registered volunteer. ApplyDispatch writes a volunteer's
	// proposal as a referral to that volunteer (ResponderVolunteer), answered by their
	// verified service in an opportunity opened for it.
	DispatchVolunteer    DispatchKind = "volunteer"
	DispatchTeam         DispatchKind = "team"         // a volunteer service team
	DispatchOrganization DispatchKind = "organization" // a community social organization's provision
	DispatchUnit         DispatchKind = "unit"         // a unit's provision
	DispatchLot          DispatchKind = "lot"          // a charity lot in stock
)

var dispatchKinds = []DispatchKind{DispatchVolunteer, DispatchTeam, DispatchOrganization, DispatchUnit, DispatchLot}

var dispatchKindEnum = wushe.NewEnum("dispatch kind", dispatchKinds...)

// Valid reports whether k is a known dispatch kind.
func (k DispatchKind) Valid() bool { return dispatchKindEnum.Has(k) }

// The hard rules of dispatch, in the order they are checked; a pair is counted under the
// first rule it fails (DispatchResult.Excluded, DispatchCandidate.Rule).
const (
	// DispatchRuleStatus: the responder cannot answer anything now: a volunteer who is not
	// active or is under DispatchOptions.MinVolunteerAge, a team with none of its members
	// among the eligible volunteers, a lot with nothing on hand or already expired.
	DispatchRuleStatus = "status"
	// DispatchRuleKind: the task does not take this kind of responder (DispatchTask.Kinds).
	DispatchRuleKind = "kind"
	// DispatchRuleCategory: the responder offers nothing of the task's category.
	DispatchRuleCategory = "category"
	// DispatchRuleDistance: both are located and farther apart than the walking radius,
	// or one is not located and they are not in the same community.
	DispatchRuleDistance = "distance"
	// DispatchRuleSkills: a volunteer, or every member of a team, lacks a needed skill.
	DispatchRuleSkills = "skills"
	// DispatchRuleAvailability: the volunteer, or every skilled member of a team, is not
	// available for the whole of the task's window.
	DispatchRuleAvailability = "availability"
	// DispatchRuleDeclined: the responder already declined the task (DispatchTask.Declined).
	DispatchRuleDeclined = "declined"
	// DispatchRuleRestriction: the lot's donor restriction does not admit the need.
	DispatchRuleRestriction = "restriction"
	// DispatchRuleExpiry: the lot expires before the task's window ends.
	DispatchRuleExpiry = "expiry"
	// DispatchRuleQuantity: the lot has less on hand than the task asks for.
	DispatchRuleQuantity = "quantity"
	// DispatchRuleCapacity: the responder already holds as many referrals as it takes.
	DispatchRuleCapacity = "capacity"
)

// DispatchRules lists the hard rules in the order they are checked.
func DispatchRules() []string {
	return []string{DispatchRuleStatus, DispatchRuleKind, DispatchRuleCategory, DispatchRuleDistance,
		DispatchRuleSkills, DispatchRuleAvailability, DispatchRuleDeclined, DispatchRuleRestriction,
		DispatchRuleExpiry, DispatchRuleQuantity, DispatchRuleCapacity}
}

// The weighted factors of a dispatch score, each a value in [0, 1] kept to 4 decimal
// places.
const (
	// DispatchFactorUrgency is the task's urgency: 1 urgent, 0.75 difficult, 0.5 anxious,
	// 0.25 hoped-for.
	DispatchFactorUrgency = "urgency"
	// DispatchFactorWaiting is how long the need has been open: days open / WaitingDays,
	// at most 1.
	DispatchFactorWaiting = "waiting"
	// DispatchFactorDistance is 1 - d / radius for a pair d metres apart; 0 when either is
	// not located.
	DispatchFactorDistance = "distance"
	// DispatchFactorFit is how well the responder fits: for a volunteer the mean level / 5
	// of the task's skills (of the skill named as the category when the task names none,
	// 0.6 when only a team theme names it); 1 for every other kind.
	DispatchFactorFit = "fit"
	// DispatchFactorLocality is 1 when the responder serves the need's grid, 0.5 its
	// community, else 0.
	DispatchFactorLocality = "locality"
	// DispatchFactorExpiry favours the lot that expires first: 1 - days to expiry / 365,
	// at least 0; 0 for a lot that does not expire and for every other kind.
	DispatchFactorExpiry = "expiry"
	// DispatchFactorBalance is the share of the responder's capacity still free: spreads
	// work over responders.
	DispatchFactorBalance = "balance"
)

// DispatchWeights weighs the factors of a dispatch score. Each weight is non-negative
// with at most 2 decimal places; the best possible score is their sum.
type DispatchWeights struct {
	Urgency  decimal.Decimal `json:"urgency"`
	Waiting  decimal.Decimal `json:"waiting"`
	Distance decimal.Decimal `json:"distance"`
	Fit      decimal.Decimal `json:"fit"`
	Locality decimal.Decimal `json:"locality"`
	Expiry   decimal.Decimal `json:"expiry"`
	Balance  decimal.Decimal `json:"balance"`
}

// DefaultDispatchWeights returns wushe's default weights, 99 points in all, urgency
// first: urgency 80, distance 7, fit 4, waiting 3, locality 2, expiry 2, balance 1. One
// step of urgency (80 × 0.25 = 20 points) outweighs every other factor together (19), so
// when two needs compete for the same responder the more pressing one wins it; among the
// candidates of one need, whose urgency is the same, distance counts most.
func DefaultDispatchWeights() DispatchWeights {
	return DispatchWeights{Urgency: decimal.NewFromInt(80), Waiting: decimal.NewFromInt(3),
		Distance: decimal.NewFromInt(7), Fit: decimal.NewFromInt(4), Locality: decimal.NewFromInt(2),
		Expiry: decimal.NewFromInt(2), Balance: decimal.NewFromInt(1)}
}

// named lists the weights with their factor names, in the order of a score's factors.
func (w DispatchWeights) named() [dispatchFactors]struct {
	name string
	v    decimal.Decimal
} {
	return [dispatchFactors]struct {
		name string
		v    decimal.Decimal
	}{{DispatchFactorUrgency, w.Urgency}, {DispatchFactorWaiting, w.Waiting}, {DispatchFactorDistance, w.Distance},
		{DispatchFactorFit, w.Fit}, {DispatchFactorLocality, w.Locality}, {DispatchFactorExpiry, w.Expiry},
		{DispatchFactorBalance, w.Balance}}
}

const dispatchFactors = 7

// maxDispatchWeight bounds each weight so that scores in millionths of a point stay far
// inside int64 whatever the number of pairs.
var maxDispatchWeight = decimal.NewFromInt(1_000_000)

// Validate reports every weight that is negative, has more than 2 decimal places or is
// above 1,000,000, and weights that are all zero.
func (w DispatchWeights) Validate() error {
	p := wushe.Check("DispatchWeights")
	sum := decimal.Zero
	for _, f := range w.named() {
		field := strings.ToUpper(f.name[:1]) + f.name[1:]
		p.Require(!f.v.IsNegative(), field, "cannot be negative")
		p.Require(f.v.Equal(f.v.Round(2)), field, "has more than 2 decimal places")
		p.Require(f.v.LessThanOrEqual(maxDispatchWeight), field, "is above 1,000,000")
		sum = sum.Add(f.v)
	}
	p.Require(sum.IsPositive(), "Urgency", "the weights cannot all be zero")
	return p.Err()
}

// DispatchOptions configures a Dispatcher. The zero value is useful.
type DispatchOptions struct {
	// Weights weigh the factors; all zero means DefaultDispatchWeights.
	Weights DispatchWeights
	// WalkingRadiusMeters is the five-minute service circle: a located responder farther
	// from a located need is never proposed, nor even scored. 0 means
	// volunteer.FiveMinuteCircleMeters (400 m: five minutes' walk).
	WalkingRadiusMeters float64
	// WaitingDays is how many days open bring the waiting factor to 1; 0 means 30.
	WaitingDays int
	// MinVolunteerAge is the youngest a volunteer may be to be sent to a resident on their
	// own; 0 means 18.
	MinVolunteerAge int
	// Location is where availability clock times are read; nil means UTC.
	Location *time.Location
}

// DispatchTask is one thing to place with a responder: an open need, or a referral of a
// need waiting for a responder. TaskForNeed builds one from a need; the rest of the
// fields say what the need asks of a responder and are optional.
type DispatchTask struct {
	// Need is the need the task serves.
	Need uuid.UUID `json:"need"`
	// Referral is the referral waiting for a responder, when the task places one; the task
	// is then known by the referral's ID.
	Referral uuid.UUID `json:"referral,omitzero"`
	// Version is the version of the need (or of the referral) the task was read from:
	// applying a proposal refuses it once the need or referral has changed since.
	Version   int64       `json:"version"`
	Community uuid.UUID   `json:"community"`
	Area      uuid.UUID   `json:"area,omitzero"`
	Category  string      `json:"category"`
	Group     TargetGroup `json:"group"`
	Urgency   Urgency     `json:"urgency"`
	// Location is where the help is wanted, if known.
	Location *wushe.Point `json:"location,omitempty"`
	// RaisedAt is when the need was raised; the waiting factor counts from it.
	RaisedAt time.Time `json:"raised_at"`
	// Window is when the help is wanted; when set, a volunteer must be available for all
	// of it and a lot must not expire before it ends.
	Window wushe.Window `json:"window,omitzero"`
	// Skills are the skills a volunteer needs (a team: one of its members).
	Skills []volunteer.SkillNeed `json:"skills,omitempty"`
	// Quantity is how much of a lot's unit the task takes; zero means 1.
	Quantity decimal.Decimal `json:"quantity,omitzero"`
	// Purpose is the charitable purpose, checked against a lot's donor restriction.
	Purpose resources.Purpose `json:"purpose,omitempty"`
	// Kinds are the kinds of responder the task takes; empty means every kind.
	Kinds []DispatchKind `json:"kinds,omitempty"`
	// Declined lists responders (by ID) that already declined the task.
	Declined []uuid.UUID `json:"declined,omitempty"`
}

// TaskForNeed returns the task for an open need: its community, grid, category, group,
// urgency, location, raised time and version. A host adds the window, skills, quantity
// or kinds when it knows them.
func TaskForNeed(n Need) DispatchTask {
	t := DispatchTask{Need: n.ID, Version: n.Version, Community: n.Community, Area: n.Area, Category: n.Category,
		Group: n.TargetGroup, Urgency: n.Urgency, RaisedAt: n.RaisedAt}
	if n.Location != nil {
		p := *n.Location
		t.Location = &p
	}
	return t
}

// key is the task's ID in a dispatch: the referral's, else the need's.
func (t DispatchTask) key() uuid.UUID {
	if t.Referral != uuid.Nil {
		return t.Referral
	}
	return t.Need
}

// quantity is the task's quantity, 1 when unset.
func (t DispatchTask) quantity() decimal.Decimal {
	if t.Quantity.IsZero() {
		return decimal.NewFromInt(1)
	}
	return t.Quantity
}

// Validate reports every problem with the task.
func (t DispatchTask) Validate() error {
	p := wushe.Check("DispatchTask")
	p.Require(t.Need != uuid.Nil, "Need", "is required")
	p.Require(t.Community != uuid.Nil, "Community", "is required")
	p.Require(CategoryKey(t.Category) != "", "Category", "is required")
	p.Nested("Group", t.Group.Check("", ""))
	p.Nested("Urgency", t.Urgency.Check("", ""))
	if t.Location != nil {
		p.Nested("Location", t.Location.Validate())
	}
	p.Require(!t.RaisedAt.IsZero(), "RaisedAt", "is required")
	if !t.Window.Start.IsZero() || !t.Window.End.IsZero() {
		p.Nested("Window", t.Window.Validate())
	}
	for i, s := range t.Skills {
		p.Nested(wushe.Index("Skills", i), s.Validate())
	}
	p.Require(!t.Quantity.IsNegative(), "Quantity", "cannot be negative")
	if t.Purpose != "" {
		p.Nested("Purpose", t.Purpose.Check("", ""))
	}
	for i, k := range t.Kinds {
		p.Require(k.Valid(), wushe.Index("Kinds", i), dispatchKindEnum.Problem(k))
	}
	return p.Err()
}

// CategoryKey is the form in which categories are compared: lower case, with spaces,
// hyphens and underscores between words made one underscore, and leading and trailing
// ones dropped. "Meal delivery", "meal-delivery" and "meal_delivery" are the same
// category; a volunteer's skill names and a team's themes are read the same way.
func CategoryKey(s string) string {
	var b strings.Builder
	gap := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '-' || r == '_' {
			gap = b.Len() > 0
			continue
		}
		if gap {
			b.WriteByte('_')
			gap = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// DispatchInput is what a dispatch works on: the tasks and every candidate responder.
// LoadDispatchInput reads it from the stores for a community or a street.
type DispatchInput struct {
	Tasks []DispatchTask
	// Volunteers are the candidate volunteers, and the members teams answer through.
	Volunteers []volunteer.Volunteer
	// Teams answer through their leader's place and their members' skills and time.
	Teams         []volunteer.Team
	Organizations []Organization
	Units         []Unit
	Lots          []resources.Lot
	// Held are the referrals responders hold now, counted against their capacity.
	Held []DispatchLoad
	// At is when the dispatch is made: waiting, expiry and ages are counted to it.
	At time.Time
}

// DispatchLoad says how many open referrals a responder holds: for an organization or a
// unit in one category (an empty Category counts against each of its categories), for a
// volunteer, a team or a lot in all.
type DispatchLoad struct {
	Responder uuid.UUID `json:"responder"`
	Category  string    `json:"category,omitempty"`
	Open      int       `json:"open"`
}

// DispatchResponder names who a proposal goes to. A volunteer, a team and a lot answer in every
// category they offer from one capacity; an organization and a unit answer each category
// from the provisions they declared for it, so Category is part of their name.
type DispatchResponder struct {
	Kind DispatchKind `json:"kind"`
	ID   uuid.UUID    `json:"id"`
	// Category is the category key of the provisions, for an organization or a unit.
	Category string `json:"category,omitempty"`
	// Version is the version of the volunteer, team, organization, unit or lot the
	// proposal was computed from.
	Version int64 `json:"version"`
	// Name is how people call the responder: a team's, an organization's or a unit's name,
	// a lot's holder; empty for a volunteer, whose name is personal data.
	Name string `json:"name,omitempty"`
}

// String renders "kind:id" or "kind:id:category".
func (r DispatchResponder) String() string {
	if r.Category != "" {
		return string(r.Kind) + ":" + r.ID.String() + ":" + r.Category
	}
	return string(r.Kind) + ":" + r.ID.String()
}

// DispatchFactor is one weighted part of a proposal's score: Value × Weight points.
type DispatchFactor struct {
	Name   string          `json:"name"`
	Value  decimal.Decimal `json:"value"`
	Weight decimal.Decimal `json:"weight"`
}

// DispatchProposal proposes a responder for a task, with the score that won it.
type DispatchProposal struct {
	Need     uuid.UUID `json:"need"`
	Referral uuid.UUID `json:"referral,omitzero"`
	// TaskVersion is DispatchTask.Version.
	TaskVersion int64             `json:"task_version"`
	Responder   DispatchResponder `json:"responder"`
	// Category is the task's category key.
	Category string `json:"category"`
	// Provision is the index of the organization's or unit's provision used (the nearest
	// of its provisions of the category), -1 for other kinds.
	Provision int `json:"provision"`
	// Quantity is what a lot gives, in the lot's Unit, and Holder who holds the lot; zero
	// for other kinds.
	Quantity decimal.Decimal  `json:"quantity,omitzero"`
	Unit     string           `json:"unit,omitempty"`
	Holder   resources.Holder `json:"holder,omitzero"`
	// DistanceMeters is the distance in whole metres, or -1 when either side is not
	// located.
	DistanceMeters int `json:"distance_meters"`
	// Score is Σ Value × Weight over Factors, exactly.
	Score   decimal.Decimal  `json:"score"`
	Factors []DispatchFactor `json:"factors"`
	// Eligible is how many responders passed every hard rule for the task.
	Eligible int `json:"eligible"`
	// Alternative is the best eligible responder not chosen for the task, if any.
	Alternative *DispatchAlternative `json:"alternative,omitempty"`
}

// DispatchAlternative is a responder the answer did not choose for a task.
type DispatchAlternative struct {
	Responder DispatchResponder `json:"responder"`
	Score     decimal.Decimal   `json:"score"`
	// Lost is at least how many points of total score forcing it would cost: its reduced
	// cost at the optimum.
	Lost decimal.NullDecimal `json:"lost"`
}

// The reasons a task is left unplaced.
const (
	// DispatchNoCandidate: every responder fails a hard rule.
	DispatchNoCandidate = "no_candidate"
	// DispatchTaken: some responder could answer, but each one is given to other tasks.
	DispatchTaken = "taken"
)

// RuleCount is how many pairs a hard rule excluded.
type RuleCount struct {
	Rule  string `json:"rule"`
	Pairs int64  `json:"pairs"`
}

// DispatchUnplaced is a task the dispatch could not place, and why.
type DispatchUnplaced struct {
	Need     uuid.UUID `json:"need"`
	Referral uuid.UUID `json:"referral,omitzero"`
	// Reason is DispatchNoCandidate or DispatchTaken.
	Reason string `json:"reason"`
	// Excluded counts the task's pairs by the rule that excluded them, rules in order,
	// rules that excluded none left out.
	Excluded []RuleCount `json:"excluded"`
}

// DispatchResult is a dispatch's answer. Nothing is written until the caller applies
// proposals.
type DispatchResult struct {
	At time.Time `json:"at"`
	// Proposals are by task ID (the referral's, else the need's).
	Proposals []DispatchProposal `json:"proposals"`
	// Unplaced are the tasks left without a responder, by task ID.
	Unplaced []DispatchUnplaced `json:"unplaced"`
	// Excluded counts every pair of a task and a responder that a hard rule kept apart,
	// under the first rule it failed; every rule is listed, in order.
	Excluded []RuleCount `json:"excluded"`
	// Scored is the number of pairs that passed every rule and were scored; with
	// Excluded it accounts for every pair.
	Scored int64 `json:"scored"`
	// Algorithm is the engine's method and Reason why it was chosen.
	Algorithm string `json:"algorithm"`
	Reason    string `json:"reason"`

	// network is the problem the engine solved, for WriteDIMACS.
	network *match.Problem
}

// WriteDIMACS writes the flow network the dispatch solved in the DIMACS minimum-cost-flow
// format, so that another solver can check its optimum: the tasks' nodes by ID, each
// supplying one unit, then the responders' by ID, then a sink, with the comment lines
// "c wushe problem D S" and "c wushe big BIG total T" (the price of a task left
// unplaced). A candidate arc's cost is the highest possible score less the pair's score,
// in units of 10^-6 point. Write errors are returned wrapped.
func (r *DispatchResult) WriteDIMACS(w io.Writer) error {
	const op = "linkage.DispatchResult.WriteDIMACS"
	if r.network == nil {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "DispatchResult", Field: "network", Msg: "the result was not made by a Dispatcher"}
	}
	return wushe.Wrap(op, match.WriteProblemDIMACS(w, r.network))
}

// Score is the total score of the proposals.
func (r *DispatchResult) Score() decimal.Decimal {
	total := decimal.Zero
	for _, p := range r.Proposals {
		total = total.Add(p.Score)
	}
	return total
}

// Proposal returns the proposal for the task with the given ID (referral or need) and
// whether there is one.
func (r *DispatchResult) Proposal(task uuid.UUID) (DispatchProposal, bool) {
	i, ok := slices.BinarySearchFunc(r.Proposals, task, func(p DispatchProposal, id uuid.UUID) int {
		return cmpID(proposalKey(p), id)
	})
	if !ok {
		return DispatchProposal{}, false
	}
	return r.Proposals[i], true
}

func proposalKey(p DispatchProposal) uuid.UUID {
	if p.Referral != uuid.Nil {
		return p.Referral
	}
	return p.Need
}

// DispatchCandidate is one responder considered for one task: the first rule it fails,
// or its score.
type DispatchCandidate struct {
	Responder DispatchResponder `json:"responder"`
	// Rule is the first hard rule the pair fails, empty when it passes every rule.
	Rule   string `json:"rule,omitempty"`
	Detail string `json:"detail,omitempty"`
	// DistanceMeters is the distance in whole metres, -1 when not known.
	DistanceMeters int `json:"distance_meters"`
	// Provision is the provision used, for an organization or a unit; -1 otherwise.
	Provision int `json:"provision"`
	// Score and Factors are set for a pair that passes every rule.
	Score   decimal.Decimal  `json:"score,omitzero"`
	Factors []DispatchFactor `json:"factors,omitempty"`
}

// Dispatcher proposes responders for open needs all at once, on wushe's matching engine:
// every task against every candidate (volunteers, teams, organizations' and units'
// provisions, charity lots), hard rules first, then a weighted score, then one exact
// solve that places the most tasks and, among answers placing as many, has the highest
// total score.
//
// Hard rules are checked in the order DispatchRules lists; a pair is counted under the
// first it fails (DispatchResult.Excluded). A responder takes as many tasks as its
// capacity left: a volunteer or a team 1, an organization or a unit the sum of the
// capacities of its provisions of the category (0 counts as 1), each less the referrals
// it holds (DispatchInput.Held). A lot takes as many tasks as the largest quantity asked
// of it fits in its stock on hand, floor(on hand / largest quantity): exact when its
// tasks ask the same quantity, cautious otherwise, and never more than it holds.
//
// Factors (each in [0, 1] to 4 decimal places, weights to 2): DispatchFactorUrgency,
// DispatchFactorWaiting, DispatchFactorDistance, DispatchFactorFit,
// DispatchFactorLocality, DispatchFactorExpiry and DispatchFactorBalance. A score is
// exact: the engine minimises (best score - score) in millionths of a point.
//
// Scale: candidates are found through a spatial grid whose cells are at least the
// walking radius wide, one grid per category, so only the responders of the task's
// category in the 3 × 3 cells around it are looked at, and a pair beyond the radius is
// never scored. Pairs excluded by status, kind, category and distance are counted, not
// listed; Candidates lists every responder of one task with its rule or score.
//
// Ties: among equally good answers the engine's rule decides, which depends only on IDs:
// tasks are ordered by ID (the referral's, else the need's) and responders by
// DispatchResponder.String (kind, then ID, then category), both in byte order; so the same input,
// in any order, gives the same answer.
//
// A Dispatcher is safe for concurrent use.
type Dispatcher struct {
	weights   DispatchWeights
	w         [dispatchFactors]int64 // weights in hundredths of a point
	maxScore  int64                  // best score in millionths of a point
	radius    float64
	waitHours int64
	minAge    int
	loc       *time.Location
}

// NewDispatcher returns a Dispatcher with opts (nil for the defaults). Invalid options
// fail with KindInvalid naming the field.
func NewDispatcher(opts *DispatchOptions) (*Dispatcher, error) {
	const op = "linkage.NewDispatcher"
	var o DispatchOptions
	if opts != nil {
		o = *opts
	}
	d := &Dispatcher{weights: o.Weights, radius: o.WalkingRadiusMeters, minAge: o.MinVolunteerAge, loc: o.Location}
	if d.weights.isZero() {
		d.weights = DefaultDispatchWeights()
	}
	p := wushe.Check("DispatchOptions")
	p.Nested("Weights", d.weights.Validate())
	p.Require(o.WalkingRadiusMeters >= 0 && o.WalkingRadiusMeters <= 100_000, "WalkingRadiusMeters", "must be between 0 and 100,000 m")
	p.Require(o.WaitingDays >= 0, "WaitingDays", "cannot be negative")
	p.Require(o.MinVolunteerAge >= 0, "MinVolunteerAge", "cannot be negative")
	if err := p.Err(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	if d.radius == 0 {
		d.radius = volunteer.FiveMinuteCircleMeters
	}
	days := o.WaitingDays
	if days == 0 {
		days = 30
	}
	d.waitHours = int64(days) * 24
	if d.minAge == 0 {
		d.minAge = 18
	}
	if d.loc == nil {
		d.loc = time.UTC
	}
	for i, f := range d.weights.named() {
		d.w[i] = f.v.Shift(2).IntPart()
		d.maxScore += 10000 * d.w[i]
	}
	return d, nil
}

func (w DispatchWeights) isZero() bool {
	for _, f := range w.named() {
		if !f.v.IsZero() {
			return false
		}
	}
	return true
}

// Weights returns the weights the dispatcher uses.
func (d *Dispatcher) Weights() DispatchWeights { return d.weights }

// RadiusMeters returns the walking radius the dispatcher uses.
func (d *Dispatcher) RadiusMeters() float64 { return d.radius }

// Dispatch proposes a responder for each task of in (see Dispatcher). Invalid input (a
// task, a repeated task ID, a negative load) fails with KindInvalid naming the field;
// nothing is written anywhere.
func (d *Dispatcher) Dispatch(in DispatchInput) (*DispatchResult, error) {
	const op = "linkage.Dispatcher.Dispatch"
	r, err := d.prepare(op, in)
	if err != nil {
		return nil, err
	}
	r.enumerate()
	return r.solve(op)
}

// Candidates lists every responder for the task with ID task (a referral's or a need's):
// those a hard rule excludes with the rule and why, the others with their score, best
// score first, then by DispatchResponder.String. It checks every pair one by one, without the
// spatial index, and gives the same verdicts as Dispatch. A task not in in.Tasks is
// KindNotFound.
func (d *Dispatcher) Candidates(in DispatchInput, task uuid.UUID) ([]DispatchCandidate, error) {
	const op = "linkage.Dispatcher.Candidates"
	r, err := d.prepare(op, in)
	if err != nil {
		return nil, err
	}
	ti, ok := r.taskIdx[task]
	if !ok {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: "DispatchTask", ID: task.String(), Msg: "is not a task of the input"}
	}
	out := make([]DispatchCandidate, 0, len(r.sup))
	for si := range r.sup {
		out = append(out, r.candidate(ti, si))
	}
	slices.SortFunc(out, func(a, b DispatchCandidate) int {
		if (a.Rule == "") != (b.Rule == "") {
			if a.Rule == "" {
				return -1
			}
			return 1
		}
		if c := b.Score.Cmp(a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.Responder.String(), b.Responder.String())
	})
	return out, nil
}

// candidate checks one pair with every rule, in order, and scores it when it passes.
func (r *dispatchRound) candidate(ti, si int) DispatchCandidate {
	s := &r.sup[si]
	c := DispatchCandidate{Responder: s.responder, DistanceMeters: -1, Provision: -1}
	t := &r.tasks[ti]
	switch {
	case s.status != "":
		c.Rule, c.Detail = DispatchRuleStatus, s.status
		return c
	case !t.allows(s.responder.Kind):
		c.Rule, c.Detail = DispatchRuleKind, fmt.Sprintf("the task does not take a %s", s.responder.Kind)
		return c
	case !s.offers(t.cat):
		c.Rule, c.Detail = DispatchRuleCategory, fmt.Sprintf("offers nothing of category %q", t.t.Category)
		return c
	}
	dist, prov, ok := r.nearest(ti, si, false)
	if !ok {
		c.Rule = DispatchRuleDistance
		if dist >= 0 {
			c.Detail = fmt.Sprintf("%.0f m away, beyond the walking radius of %.0f m", dist, r.d.radius)
		} else {
			c.Detail = "not located on one side and not in the same community"
		}
		return c
	}
	c.DistanceMeters, c.Provision = metres(dist), prov
	if rule := r.rest(ti, si); rule >= 0 {
		c.Rule = dispatchRuleNames[rule]
		c.Detail = r.why(ti, si, c.Rule)
		return c
	}
	sc := r.factors(ti, si, dist)
	c.Score, c.Factors = r.explain(sc)
	return c
}

// metres rounds a distance to whole metres, -1 for an unknown one.
func metres(d float64) int {
	if d < 0 {
		return -1
	}
	return int(d + 0.5)
}

// validateInput checks the tasks and loads, every problem at once.
func validateDispatchInput(in DispatchInput) error {
	p := wushe.Check("DispatchInput")
	seen := make(map[uuid.UUID]bool, len(in.Tasks))
	for i, t := range in.Tasks {
		f := wushe.Index("Tasks", i)
		p.Nested(f, t.Validate())
		if seen[t.key()] {
			p.Addf(f, "repeats task %s", t.key())
		}
		seen[t.key()] = true
	}
	for i, l := range in.Held {
		f := wushe.Index("Held", i)
		p.Require(l.Responder != uuid.Nil, f+".Responder", "is required")
		p.Require(l.Open >= 0, f+".Open", "cannot be negative")
	}
	p.Require(!in.At.IsZero(), "At", "is required")
	return p.Err()
}
