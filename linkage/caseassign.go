package linkage

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
)

// The names of the hard constraints, as CaseExclusion.Rule reports them.
const (
	CaseRuleStatus        = "status"
	CaseRuleCommunity     = "community"
	CaseRuleQualification = "qualification"
	CaseRuleConflict      = "conflict"
	CaseRuleCapacity      = "capacity"
)

// The names of the soft factors, as CaseFactor.Name reports them.
const (
	CaseFactorSpecialty  = "specialty"
	CaseFactorDistance   = "distance"
	CaseFactorContinuity = "continuity"
	CaseFactorBalance    = "balance"
)

// The reasons a case is left unplaced, as UnplacedCase.Reason reports them.
const (
	// UnplacedNoEligibleWorker: every worker fails a hard constraint other than capacity.
	UnplacedNoEligibleWorker = "no_eligible_worker"
	// UnplacedCapacityExhausted: some worker could take the case but has no spare caseload,
	// either before the round or after the cases placed in it.
	UnplacedCapacityExhausted = "capacity_exhausted"
)

// CaseWeights weighs the soft factors of case assignment. Weights are non-negative with at
// most 2 decimal places; the best possible score is their sum.
type CaseWeights struct {
	Specialty  decimal.Decimal `json:"specialty"`
	Distance   decimal.Decimal `json:"distance"`
	Continuity decimal.Decimal `json:"continuity"`
	Balance    decimal.Decimal `json:"balance"`
}

// DefaultCaseWeights returns wushe's default weights, 100 points in all: specialty 40,
// continuity 30, distance 20, balance 10. Fit of expertise comes first and a household
// keeps its worker where it can; distance and workload break the rest.
func DefaultCaseWeights() CaseWeights {
	return CaseWeights{Specialty: decimal.NewFromInt(40), Distance: decimal.NewFromInt(20),
		Continuity: decimal.NewFromInt(30), Balance: decimal.NewFromInt(10)}
}

func (w CaseWeights) isZero() bool {
	return w.Specialty.IsZero() && w.Distance.IsZero() && w.Continuity.IsZero() && w.Balance.IsZero()
}

func (w CaseWeights) sum() decimal.Decimal {
	return w.Specialty.Add(w.Distance).Add(w.Continuity).Add(w.Balance)
}

// Validate reports every weight that is negative or has more than 2 decimal places.
func (w CaseWeights) Validate() error {
	p := wushe.Check("CaseWeights")
	for _, f := range []struct {
		name string
		v    decimal.Decimal
	}{{"Specialty", w.Specialty}, {"Distance", w.Distance}, {"Continuity", w.Continuity}, {"Balance", w.Balance}} {
		p.Require(!f.v.IsNegative(), f.name, "cannot be negative")
		p.Require(f.v.Equal(f.v.Round(2)), f.name, "has more than 2 decimal places")
	}
	return p.Err()
}

// CaseAssignOptions configures a CaseAssigner. The zero value is useful.
type CaseAssignOptions struct {
	// Weights weigh the soft factors; all zero means DefaultCaseWeights.
	Weights CaseWeights
	// Qualification overrides the least qualification a risk level needs; a level it does
	// not list keeps RiskLevel.RequiredQualification.
	Qualification map[RiskLevel]Qualification
	// HalfDistanceMeters is the distance at which the distance factor is 0.5; 0 means 2,000.
	HalfDistanceMeters float64
	// ContinuityWindow is how long after closing a household's case its worker still counts
	// as serving the household; 0 means 365 days.
	ContinuityWindow time.Duration
	// Clock tells the time the continuity window ends at; nil means wushe.SystemClock.
	Clock wushe.Clock
}

// CaseRequest describes a case to place. Only what the assignment needs is here: nothing
// identifies the client.
type CaseRequest struct {
	// ID is the case's ID: an open case to hand over, or the ID the host will open it with.
	ID        uuid.UUID `json:"id"`
	Community uuid.UUID `json:"community"`
	// Risk is the case's risk level; it sets the qualification the worker needs.
	Risk RiskLevel `json:"risk"`
	// Household is the opaque household reference, for continuity and conflicts; optional.
	Household string `json:"household,omitempty"`
	// Groups are the target groups the client belongs to, for the specialty factor.
	Groups []TargetGroup `json:"groups,omitempty"`
	// Location is where the work happens, if known; otherwise the community's service
	// centre is used.
	Location *wushe.Point `json:"location,omitempty"`
}

// Validate reports every problem with the request.
func (r CaseRequest) Validate() error {
	p := wushe.Check("CaseRequest")
	p.Require(r.ID != uuid.Nil, "ID", "is required")
	p.Require(r.Community != uuid.Nil, "Community", "is required")
	p.Require(r.Risk.Valid(), "Risk", riskLevels.Problem(r.Risk))
	for i, g := range r.Groups {
		p.Add(g.Check("CaseRequest", wushe.Index("Groups", i)))
	}
	if r.Location != nil {
		p.Nested("Location", r.Location.Validate())
	}
	return p.Err()
}

// CaseConflict is a conflict of interest the host declared: Worker must not take Case, or
// any case of Household. Exactly one of Case and Household is set.
type CaseConflict struct {
	Worker    uuid.UUID `json:"worker"`
	Case      uuid.UUID `json:"case,omitzero"`
	Household string    `json:"household,omitempty"`
	// Reason says why, for people ("the worker's relative").
	Reason string `json:"reason,omitempty"`
}

// Validate reports every problem with the conflict.
func (c CaseConflict) Validate() error {
	p := wushe.Check("CaseConflict")
	p.Require(c.Worker != uuid.Nil, "Worker", "is required")
	p.Require((c.Case != uuid.Nil) != (c.Household != ""), "Case", "exactly one of Case and Household is required")
	return p.Err()
}

func (c CaseConflict) covers(worker uuid.UUID, r CaseRequest) bool {
	return c.Worker == worker && ((c.Case != uuid.Nil && c.Case == r.ID) || (c.Household != "" && c.Household == r.Household))
}

// CaseAssignInput is what a round of case assignment works on.
type CaseAssignInput struct {
	// Cases are the cases to place; IDs are distinct.
	Cases []CaseRequest
	// Workers are the social workers who might take them; inactive ones are excluded by
	// CaseRuleStatus.
	Workers []SocialWorker
	// Existing are the cases in the store. Each open one counts toward its worker's load,
	// and open or recently closed ones give continuity. A case that is also in Cases (one to
	// hand over) is ignored here.
	Existing []Case
	// Communities give the service-centre venues that locate cases without a Location.
	Communities []Community
	// Conflicts are the declared conflicts of interest.
	Conflicts []CaseConflict
}

// CaseFactor is one weighted part of a pair's score: it adds Value × Weight points.
type CaseFactor struct {
	Name   string          `json:"name"`
	Value  decimal.Decimal `json:"value"`
	Weight decimal.Decimal `json:"weight"`
}

// CaseAssignment proposes Worker for Case.
type CaseAssignment struct {
	Case   uuid.UUID `json:"case"`
	Worker uuid.UUID `json:"worker"`
	// Score is the pair's score, the sum of Factors' points.
	Score   decimal.Decimal `json:"score"`
	Factors []CaseFactor    `json:"factors"`
}

// UnplacedCase is a case the round could not place, and why.
type UnplacedCase struct {
	Case uuid.UUID `json:"case"`
	// Reason is UnplacedNoEligibleWorker or UnplacedCapacityExhausted.
	Reason string `json:"reason"`
	Detail string `json:"detail"`
}

// CaseRejection is an eligible pair the answer did not use.
type CaseRejection struct {
	Case   uuid.UUID       `json:"case"`
	Worker uuid.UUID       `json:"worker"`
	Score  decimal.Decimal `json:"score"`
	// Lost is at least how many points of total score forcing the pair would cost: its
	// reduced cost at the optimum, in points. It is exact when the cases the pair displaces
	// have equally good second choices.
	Lost decimal.NullDecimal `json:"lost"`
}

// CaseExclusion is a pair a hard constraint kept apart.
type CaseExclusion struct {
	Case   uuid.UUID `json:"case"`
	Worker uuid.UUID `json:"worker"`
	// Rule is the first constraint the pair fails (CaseRuleStatus ...).
	Rule   string `json:"rule"`
	Detail string `json:"detail"`
}

// CaseAssignResult is the answer of a round of case assignment.
type CaseAssignResult struct {
	// At is the time the round was made at (the clock's now).
	At time.Time `json:"at"`
	// Assignments are the proposals, by case ID.
	Assignments []CaseAssignment `json:"assignments"`
	// Unplaced lists the cases left without a worker, by case ID.
	Unplaced []UnplacedCase `json:"unplaced"`
	// Rejections are eligible pairs not used, least score lost first, then by case and
	// worker ID.
	Rejections []CaseRejection `json:"rejections"`
	// Exclusions are the pairs kept apart, by case ID then worker ID.
	Exclusions []CaseExclusion `json:"exclusions"`
	// Algorithm is the engine's method and Reason why it was chosen.
	Algorithm string `json:"algorithm"`
	Reason    string `json:"reason"`

	// network is the problem the engine solved, for WriteDIMACS.
	network *match.Problem
}

// WriteDIMACS writes the flow network the round solved in the DIMACS minimum-cost-flow
// format, so that another solver can check its optimum: the cases' nodes by ID, each
// supplying one unit, then the workers' by ID, then a sink, with the comment lines
// "c wushe problem D S" and "c wushe big BIG total T" (the price of a case left unplaced).
// A candidate arc's cost is the scale's maximum score less the pair's score, in units of
// 10^-4 point. Write errors are returned wrapped.
func (r *CaseAssignResult) WriteDIMACS(w io.Writer) error {
	const op = "linkage.CaseAssignResult.WriteDIMACS"
	if r.network == nil {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "CaseAssignResult", Field: "network", Msg: "the result was not made by a CaseAssigner"}
	}
	return wushe.Wrap(op, match.WriteProblemDIMACS(w, r.network))
}

// Worker returns the worker proposed for the case, or uuid.Nil when the case is unplaced
// or unknown.
func (r *CaseAssignResult) Worker(caseID uuid.UUID) uuid.UUID {
	for _, a := range r.Assignments {
		if a.Case == caseID {
			return a.Worker
		}
	}
	return uuid.Nil
}

// Score returns the total score of the assignments.
func (r *CaseAssignResult) Score() decimal.Decimal {
	total := decimal.Zero
	for _, a := range r.Assignments {
		total = total.Add(a.Score)
	}
	return total
}

// specialtiesFor maps a target group to the specialties that serve it.
var specialtiesFor = map[TargetGroup][]Specialty{
	GroupElderly:         {SpecialtyElderly},
	GroupChildren:        {SpecialtyChildren},
	GroupAdolescents:     {SpecialtyAdolescents},
	GroupWomenAndParents: {SpecialtyFamily},
	GroupDisabled:        {SpecialtyDisability},
	GroupLowIncome:       {SpecialtyPovertyRelief},
	GroupMigrants:        {SpecialtyCommunityDevelopment},
	GroupOneOldOneYoung:  {SpecialtyElderly, SpecialtyChildren},
	GroupGeneral:         {SpecialtyCommunityDevelopment},
	GroupOther:           {SpecialtyOther},
}

// SpecialtiesFor returns the specialties that serve target group g, for the specialty
// factor: elderly, children and adolescents map to the same-named specialty, women and
// parents to family, disabled to disability, low income to poverty relief, migrants to
// community development, "one old one young" to elderly or children, every resident
// (general) to community development, other to other. An
// unknown group has none.
func SpecialtiesFor(g TargetGroup) []Specialty { return slices.Clone(specialtiesFor[g]) }

// CaseAssigner puts cases that need a social worker with the worker who fits them
// best, on wushe's matching engine. A Case always names its worker (Case.Validate requires
// one), so the assigner does not read "unassigned" cases from the store: the host describes
// each case to place as a CaseRequest (a case about to be opened, or an open case to hand
// over), and the assigner proposes a worker for it. The host applies a proposal by opening
// the case with that worker (Service.OpenCase) or, for a case that exists, with
// ApplyCaseAssignments, which writes through Service.UpdateCase so every rule of the
// Service is checked again.
//
// Hard constraints, checked in this order for every case and worker; the first one a pair
// fails is recorded as a CaseExclusion under the rule's name:
//   - CaseRuleStatus: the worker is active;
//   - CaseRuleCommunity: the worker serves the case's community;
//   - CaseRuleQualification: the worker holds the qualification the case's risk needs
//     (CaseAssignOptions.Qualification, by default RiskLevel.RequiredQualification: low
//     none, medium assistant social worker, high social worker);
//   - CaseRuleConflict: no conflict of interest the host declared names the worker with
//     the case or its household;
//   - CaseRuleCapacity: the worker is under their caseload cap (CaseloadCap minus the open
//     cases they hold; a cap of 0 means no cap).
//
// Soft factors, each a value in [0, 1] rounded to 2 decimal places, weighted by
// CaseWeights (at most 2 decimal places, so a score is exact to 4 places):
//   - CaseFactorSpecialty: the share of the case's target groups that one of the worker's
//     specialties covers (SpecialtiesFor gives the mapping); 0 when the case names none;
//   - CaseFactorDistance: H / (H + d), d the metres from the worker's location to the case's
//     location, or else to the first service-centre venue with a location of the case's
//     community, and H = HalfDistanceMeters (2,000 m by default): 1 on the spot, 0.5 at H,
//     0.33 at 2H; 0 when either place is unknown;
//   - CaseFactorContinuity: 1 when the worker already serves the household: holds another
//     open case with the same Household, or closed one within ContinuityWindow (365 days by
//     default) of the clock's now; else 0;
//   - CaseFactorBalance: the worker's spare share of their cap, (cap - load) / cap, or
//     1 / (1 + load) for a worker without a cap; the load is counted before this round.
//
// The engine fills as many cases as possible first, then takes the greatest total score.
// Ties between equally good answers are broken by IDs: the engine orders cases and workers
// by ID (ascending byte order of the UUID), so the same input always gives the same answer.
//
// A CaseAssigner is safe for concurrent use.
type CaseAssigner struct {
	weights CaseWeights
	scale   match.Scale
	qual    map[RiskLevel]Qualification
	half    float64
	window  time.Duration
	clock   wushe.Clock
}

// NewCaseAssigner returns an assigner with opts (nil for the defaults). It fails with
// KindInvalid when a weight is invalid, a qualification override names an unknown level or
// qualification, or a distance or window is negative.
func NewCaseAssigner(opts *CaseAssignOptions) (*CaseAssigner, error) {
	const op = "linkage.NewCaseAssigner"
	var o CaseAssignOptions
	if opts != nil {
		o = *opts
	}
	a := &CaseAssigner{weights: o.Weights, qual: map[RiskLevel]Qualification{}, window: o.ContinuityWindow, clock: o.Clock}
	if a.weights.isZero() {
		a.weights = DefaultCaseWeights()
	}
	p := wushe.Check("CaseAssignOptions")
	p.Nested("Weights", a.weights.Validate())
	for r, q := range o.Qualification {
		if !r.Valid() || !q.Valid() {
			p.Addf("Qualification", "maps %q to %q; both must be known", r, q)
		}
		a.qual[r] = q
	}
	p.Require(o.HalfDistanceMeters >= 0, "HalfDistanceMeters", "cannot be negative")
	p.Require(o.ContinuityWindow >= 0, "ContinuityWindow", "cannot be negative")
	if err := p.Err(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	if o.HalfDistanceMeters == 0 {
		o.HalfDistanceMeters = 2000
	}
	a.half = o.HalfDistanceMeters
	if a.window == 0 {
		a.window = 365 * 24 * time.Hour
	}
	if a.clock == nil {
		a.clock = wushe.SystemClock{}
	}
	a.scale = match.Scale{Places: 4, Max: a.weights.sum()}
	return a, nil
}

// Weights returns the weights the assigner uses.
func (a *CaseAssigner) Weights() CaseWeights { return a.weights }

// Required returns the least qualification a case at risk level r needs.
func (a *CaseAssigner) Required(r RiskLevel) Qualification {
	if q, ok := a.qual[r]; ok {
		return q
	}
	return r.RequiredQualification()
}

// workerState is what a round knows of one worker.
type workerState struct {
	w      SocialWorker
	load   int
	spare  int64 // units offered to the engine
	served map[string]bool
}

// round is a built problem: its workers, cases and the explanation data.
type round struct {
	a       *CaseAssigner
	at      time.Time
	workers []workerState
	venue   map[uuid.UUID]*wushe.Point
	conf    map[uuid.UUID][]CaseConflict // by worker
	details map[[3]string]string
	cases   []CaseRequest
	caseIdx map[uuid.UUID]int
	// capacityOnly marks the cases some worker excluded only for capacity; eligible counts
	// each case's candidates.
	capacityOnly map[uuid.UUID]bool
	eligible     map[uuid.UUID]int
	candidates   []match.Candidate
	exclusions   []CaseExclusion
	// ids maps the engine's node IDs back to UUIDs.
	ids map[string]uuid.UUID
}

func (a *CaseAssigner) newRound(op string, in CaseAssignInput) (*round, error) {
	p := wushe.Check("CaseAssignInput")
	seen := map[uuid.UUID]bool{}
	for i, c := range in.Cases {
		p.Nested(wushe.Index("Cases", i), c.Validate())
		if seen[c.ID] && c.ID != uuid.Nil {
			p.Addf(wushe.Index("Cases", i)+".ID", "repeats case %s", c.ID)
		}
		seen[c.ID] = true
	}
	wseen := map[uuid.UUID]bool{}
	for i, w := range in.Workers {
		p.Require(w.ID != uuid.Nil, wushe.Index("Workers", i)+".ID", "is required")
		if wseen[w.ID] && w.ID != uuid.Nil {
			p.Addf(wushe.Index("Workers", i)+".ID", "repeats worker %s", w.ID)
		}
		p.Require(w.CaseloadCap >= 0, wushe.Index("Workers", i)+".CaseloadCap", "cannot be negative")
		if w.Location != nil {
			p.Nested(wushe.Index("Workers", i)+".Location", w.Location.Validate())
		}
		wseen[w.ID] = true
	}
	for i, c := range in.Conflicts {
		p.Nested(wushe.Index("Conflicts", i), c.Validate())
	}
	for i, c := range in.Communities {
		for j, v := range c.Venues {
			if v.Location != nil {
				p.Nested(wushe.Index(wushe.Index("Communities", i)+".Venues", j)+".Location", v.Location.Validate())
			}
		}
	}
	if err := p.Err(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	r := &round{a: a, at: a.clock.Now(), venue: map[uuid.UUID]*wushe.Point{}, conf: map[uuid.UUID][]CaseConflict{}, details: map[[3]string]string{},
		caseIdx: map[uuid.UUID]int{}, capacityOnly: map[uuid.UUID]bool{}, eligible: map[uuid.UUID]int{}, ids: map[string]uuid.UUID{}}
	for _, cf := range in.Conflicts {
		r.conf[cf.Worker] = append(r.conf[cf.Worker], cf)
	}
	r.exclusions = make([]CaseExclusion, 0, len(in.Cases)*len(in.Workers))
	for _, c := range in.Communities {
		for _, v := range c.Venues {
			if v.Kind == VenueServiceCentre && v.Location != nil {
				r.venue[c.ID] = v.Location
				break
			}
		}
	}
	ws := slices.Clone(in.Workers)
	slices.SortFunc(ws, func(x, y SocialWorker) int { return cmpID(x.ID, y.ID) })
	index := map[uuid.UUID]int{}
	for _, w := range ws {
		index[w.ID] = len(r.workers)
		r.ids[w.ID.String()] = w.ID
		r.workers = append(r.workers, workerState{w: w, served: map[string]bool{}})
	}
	since := r.at.Add(-a.window)
	for _, c := range in.Existing {
		j, ok := index[c.Worker]
		if !ok || seen[c.ID] {
			continue
		}
		open := c.Status != CaseClosed
		if open {
			r.workers[j].load++
		}
		if c.Household != "" && (open || !c.ClosedAt.Before(since)) {
			r.workers[j].served[c.Household] = true
		}
	}
	for j := range r.workers {
		ws := &r.workers[j]
		switch {
		case ws.w.CaseloadCap == 0:
			ws.spare = int64(len(in.Cases))
		case ws.w.CaseloadCap > ws.load:
			ws.spare = int64(ws.w.CaseloadCap - ws.load)
		}
	}
	cs := slices.Clone(in.Cases)
	slices.SortFunc(cs, func(x, y CaseRequest) int { return cmpID(x.ID, y.ID) })
	for _, c := range cs {
		if err := r.addCase(op, c); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// exclude returns the first hard constraint the pair fails, with a detail, or "".
func (r *round) exclude(ws *workerState, c CaseRequest) (string, string) {
	w := ws.w
	if w.Status != WorkerActive {
		return CaseRuleStatus, r.detail(CaseRuleStatus, string(w.Status), "", "worker is %s, not active", w.Status)
	}
	if !w.Serves(c.Community) {
		return CaseRuleCommunity, r.detail(CaseRuleCommunity, c.Community.String(), "", "worker does not serve community %s", c.Community)
	}
	if need := r.a.Required(c.Risk); !w.Qualification.AtLeast(need) {
		return CaseRuleQualification, r.detail(CaseRuleQualification, string(c.Risk), string(w.Qualification),
			"a %s-risk case needs at least %s; the worker is %s", c.Risk, need, w.Qualification)
	}
	for _, cf := range r.conf[w.ID] {
		if cf.covers(w.ID, c) {
			what := "the case"
			if cf.Case == uuid.Nil {
				what = "the case's household"
			}
			if cf.Reason != "" {
				return CaseRuleConflict, fmt.Sprintf("declared conflict of interest with %s: %s", what, cf.Reason)
			}
			return CaseRuleConflict, fmt.Sprintf("declared conflict of interest with %s", what)
		}
	}
	if w.CaseloadCap > 0 && ws.load >= w.CaseloadCap {
		return CaseRuleCapacity, r.detail(CaseRuleCapacity, strconv.Itoa(ws.load), strconv.Itoa(w.CaseloadCap),
			"worker holds %d open cases, the cap is %d", ws.load, w.CaseloadCap)
	}
	return "", ""
}

// detail formats an exclusion's detail once per rule and key: most pairs of a large round
// fail for the same few reasons.
func (r *round) detail(rule, k1, k2, format string, args ...any) string {
	key := [3]string{rule, k1, k2}
	if d, ok := r.details[key]; ok {
		return d
	}
	d := fmt.Sprintf(format, args...)
	r.details[key] = d
	return d
}

// hundredths is num / den rounded half up to 2 decimal places, for 0 <= num and 0 < den.
func hundredths(num, den int64) decimal.Decimal {
	return decimal.New((200*num+den)/(2*den), -2)
}

// score computes the pair's factors.
func (r *round) score(ws *workerState, c CaseRequest) (match.Score, error) {
	spec := decimal.Zero
	if len(c.Groups) > 0 {
		n := 0
		for _, g := range c.Groups {
			if slices.ContainsFunc(specialtiesFor[g], func(s Specialty) bool { return slices.Contains(ws.w.Specialties, s) }) {
				n++
			}
		}
		spec = hundredths(int64(n), int64(len(c.Groups)))
	}
	dist := decimal.Zero
	place := c.Location
	if place == nil {
		place = r.venue[c.Community]
	}
	if place != nil && ws.w.Location != nil {
		d := ws.w.Location.DistanceMeters(*place)
		dist = decimal.New(int64(math.Round(100*r.a.half/(r.a.half+d))), -2)
	}
	cont := decimal.Zero
	if c.Household != "" && ws.served[c.Household] {
		cont = decimal.NewFromInt(1)
	}
	bal := hundredths(1, int64(1+ws.load))
	if ws.w.CaseloadCap > 0 {
		bal = hundredths(int64(ws.w.CaseloadCap-ws.load), int64(ws.w.CaseloadCap))
	}
	wt := r.a.weights
	return match.NewScore(
		match.Factor{Name: CaseFactorSpecialty, Value: spec, Weight: wt.Specialty},
		match.Factor{Name: CaseFactorDistance, Value: dist, Weight: wt.Distance},
		match.Factor{Name: CaseFactorContinuity, Value: cont, Weight: wt.Continuity},
		match.Factor{Name: CaseFactorBalance, Value: bal, Weight: wt.Balance})
}

// addCase records the case's candidates and exclusions. The case's demand index is
// len(r.cases) before the call.
func (r *round) addCase(op string, c CaseRequest) error {
	id := c.ID.String()
	r.caseIdx[c.ID] = len(r.cases)
	r.ids[id] = c.ID
	r.cases = append(r.cases, c)
	capacity := false
	for j := range r.workers {
		ws := &r.workers[j]
		if rule, detail := r.exclude(ws, c); rule != "" {
			capacity = capacity || rule == CaseRuleCapacity
			r.exclusions = append(r.exclusions, CaseExclusion{Case: c.ID, Worker: ws.w.ID, Rule: rule, Detail: detail})
			continue
		}
		sc, err := r.score(ws, c)
		if err != nil {
			return wushe.Wrap(op, err)
		}
		r.candidates = append(r.candidates, match.Candidate{Demand: id, Supply: ws.w.ID.String(), Score: sc, Cap: 1})
		r.eligible[c.ID]++
	}
	r.capacityOnly[c.ID] = capacity
	return nil
}

func (r *round) demands() []match.Demand {
	ds := make([]match.Demand, len(r.cases))
	for i, c := range r.cases {
		ds[i] = match.Demand{ID: c.ID.String(), Units: 1}
	}
	return ds
}

func (r *round) supplies() []match.Supply {
	ss := make([]match.Supply, len(r.workers))
	for j, ws := range r.workers {
		ss[j] = match.Supply{ID: ws.w.ID.String(), Units: ws.spare}
	}
	return ss
}

// result turns an explained solution into the answer.
func (r *round) result(op string, sc *match.Scored, sol *match.Solution) (*CaseAssignResult, error) {
	ex, err := sc.Explain(sol)
	if err != nil {
		return nil, wushe.Wrap(op, err)
	}
	res := &CaseAssignResult{At: r.at, Algorithm: string(sol.Algorithm), Reason: sol.Reason,
		Assignments: []CaseAssignment{}, Unplaced: []UnplacedCase{}, Rejections: []CaseRejection{}, Exclusions: []CaseExclusion{},
		network: sc.Problem}
	placed := map[uuid.UUID]bool{}
	for _, pr := range ex.Pairs {
		a := CaseAssignment{Case: r.ids[pr.Demand], Worker: r.ids[pr.Supply], Score: pr.Score.Total}
		for _, f := range pr.Score.Factors {
			a.Factors = append(a.Factors, CaseFactor{Name: f.Name, Value: f.Value, Weight: f.Weight})
		}
		placed[a.Case] = true
		res.Assignments = append(res.Assignments, a)
	}
	slices.SortFunc(res.Assignments, func(x, y CaseAssignment) int { return cmpID(x.Case, y.Case) })
	for _, rj := range ex.Rejections {
		res.Rejections = append(res.Rejections, CaseRejection{Case: r.ids[rj.Demand], Worker: r.ids[rj.Supply],
			Score: rj.Score.Total, Lost: rj.Lost})
	}
	res.Exclusions = append(res.Exclusions, r.exclusions...)
	byPair := func(x, y CaseExclusion) int {
		if c := cmpID(x.Case, y.Case); c != 0 {
			return c
		}
		return cmpID(x.Worker, y.Worker)
	}
	if !slices.IsSortedFunc(res.Exclusions, byPair) {
		slices.SortFunc(res.Exclusions, byPair)
	}
	ids := make([]uuid.UUID, 0, len(r.cases))
	for _, c := range r.cases {
		ids = append(ids, c.ID)
	}
	slices.SortFunc(ids, cmpID)
	for _, id := range ids {
		if placed[id] {
			continue
		}
		u := r.unplaced(id)
		res.Unplaced = append(res.Unplaced, u)
	}
	return res, nil
}

// unplaced says why case id has no worker.
func (r *round) unplaced(id uuid.UUID) UnplacedCase {
	u := UnplacedCase{Case: id}
	switch n := r.eligible[id]; {
	case n > 0:
		u.Reason = UnplacedCapacityExhausted
		u.Detail = fmt.Sprintf("every eligible worker (%d) is taken by other cases placed", n)
	case r.capacityOnly[id]:
		u.Reason = UnplacedCapacityExhausted
		u.Detail = "every worker who could take it is at their caseload cap"
	default:
		u.Reason = UnplacedNoEligibleWorker
		u.Detail = fmt.Sprintf("all %d workers fail a hard constraint", len(r.workers))
	}
	return u
}

// Assign proposes a worker for each case of in: as many cases placed as possible, then the
// greatest total score. A case with no eligible worker, or whose eligible workers are all
// taken, is listed in Unplaced with the reason. Invalid input (a request, a conflict, a
// repeated ID) fails with KindInvalid naming the field; nothing is written anywhere.
func (a *CaseAssigner) Assign(in CaseAssignInput) (*CaseAssignResult, error) {
	const op = "linkage.CaseAssigner.Assign"
	r, err := a.newRound(op, in)
	if err != nil {
		return nil, err
	}
	sc, err := match.NewScored(r.demands(), r.supplies(), r.candidates, nil, a.scale)
	if err != nil {
		return nil, wushe.Wrap(op, err)
	}
	sol, err := match.Solve(sc.Problem, nil)
	if err != nil {
		return nil, wushe.Wrap(op, err)
	}
	return r.result(op, sc, sol)
}

// CaseRound is a solved round that takes more cases one at a time: Place re-optimises the
// round from its current optimum (the engine's incremental re-solve: only the paths the
// new case disturbs are searched) instead of solving from scratch. The answer after each
// Place has the same objective (cases placed, then total score) as Assign on all the cases
// so far; a new case may move earlier ones to other workers when that places more or
// scores more. Among equally good answers the round may hold a different one from
// Assign's (each is deterministic: the same sequence of calls gives the same answer).
// A CaseRound is not safe for concurrent use.
type CaseRound struct {
	r       *round
	session *match.Session
	sc      *match.Scored
	index   map[string]int // worker ID → supply index
}

// Start solves in and returns a round that later cases can be placed into.
func (a *CaseAssigner) Start(in CaseAssignInput) (*CaseRound, error) {
	const op = "linkage.CaseAssigner.Start"
	// Every worker without a cap offers as many units as there can ever be cases.
	r, err := a.newRound(op, in)
	if err != nil {
		return nil, err
	}
	for j := range r.workers {
		if r.workers[j].w.CaseloadCap == 0 {
			r.workers[j].spare = 1 << 30
		}
	}
	sc, err := match.NewScored(r.demands(), r.supplies(), r.candidates, nil, a.scale)
	if err != nil {
		return nil, wushe.Wrap(op, err)
	}
	s, err := match.NewSession(sc.Problem)
	if err != nil {
		return nil, wushe.Wrap(op, err)
	}
	cr := &CaseRound{r: r, session: s, sc: sc, index: map[string]int{}}
	// sc is nil after a Place until Result rebuilds it from the Session's problem, whose
	// arcs are in the order of r.candidates.
	for j, ws := range r.workers {
		cr.index[ws.w.ID.String()] = j
	}
	return cr, nil
}

// CasePlacement is the outcome of placing one case into a round: the worker it got, with
// the score's breakdown, or why it has none. Placing it may have moved earlier cases of the
// round to other workers; CaseRound.Result gives the whole answer.
type CasePlacement struct {
	// Placed reports whether the case got a worker; then Assignment says which.
	Placed     bool           `json:"placed"`
	Assignment CaseAssignment `json:"assignment,omitzero"`
	// Unplaced says why the case has no worker, when Placed is false.
	Unplaced UnplacedCase `json:"unplaced,omitzero"`
}

// Place adds case c to the round, re-optimises, and returns where c went. The work is the
// engine's repair of what c disturbed plus a pass over c's candidates, not a new solve;
// Result, which explains the whole round, costs a pass over every pair. A request that is
// invalid or repeats a case of the round fails with KindInvalid and leaves the round as it
// was.
func (cr *CaseRound) Place(c CaseRequest) (*CasePlacement, error) {
	const op = "linkage.CaseRound.Place"
	if err := c.Validate(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	if _, ok := cr.r.caseIdx[c.ID]; ok {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "CaseRequest", ID: c.ID.String(), Field: "ID", Msg: "is already in the round"}
	}
	r := cr.r
	nc, ne, ncase := len(r.candidates), len(r.exclusions), len(r.cases)
	undo := func() {
		r.candidates, r.exclusions, r.cases = r.candidates[:nc], r.exclusions[:ne], r.cases[:ncase]
		delete(r.caseIdx, c.ID)
		delete(r.capacityOnly, c.ID)
		delete(r.eligible, c.ID)
		delete(r.ids, c.ID.String())
	}
	if err := r.addCase(op, c); err != nil {
		undo()
		return nil, err
	}
	arcs := make([]match.Arc, 0, len(r.candidates)-nc)
	for _, cand := range r.candidates[nc:] {
		cost, err := cr.r.a.scale.Cost(cand.Score.Total)
		if err != nil {
			undo()
			return nil, wushe.Wrap(op, err)
		}
		arcs = append(arcs, match.Arc{Supply: cr.index[cand.Supply], Cost: cost, Cap: cand.Cap})
	}
	d, err := cr.session.AddDemand(match.Demand{ID: c.ID.String(), Units: 1}, arcs)
	if err != nil {
		undo()
		return nil, wushe.Wrap(op, err)
	}
	cr.sc = nil // rebuilt by Result
	for _, pr := range cr.session.DemandPairs(d) {
		cand := r.candidates[pr.Arc]
		a := CaseAssignment{Case: c.ID, Worker: r.ids[cand.Supply], Score: cand.Score.Total}
		for _, f := range cand.Score.Factors {
			a.Factors = append(a.Factors, CaseFactor{Name: f.Name, Value: f.Value, Weight: f.Weight})
		}
		return &CasePlacement{Placed: true, Assignment: a}, nil
	}
	return &CasePlacement{Unplaced: r.unplaced(c.ID)}, nil
}

// Result returns the round's current answer.
func (cr *CaseRound) Result() (*CaseAssignResult, error) {
	if cr.sc == nil {
		cr.sc = &match.Scored{Problem: cr.session.Problem(), Candidates: cr.r.candidates, Scale: cr.r.a.scale}
	}
	return cr.r.result("linkage.CaseRound.Result", cr.sc, cr.session.Solution())
}

// LoadCaseAssignInput reads from store what a round needs for cases: every social
// worker, every case (for load and continuity) and every community (for venues), plus the
// host's conflicts. Store errors are returned wrapped, naming the operation.
func LoadCaseAssignInput(ctx context.Context, store Store, cases []CaseRequest, conflicts []CaseConflict) (CaseAssignInput, error) {
	const op = "linkage.LoadCaseAssignInput"
	in := CaseAssignInput{Cases: slices.Clone(cases), Conflicts: slices.Clone(conflicts)}
	var err error
	if in.Workers, err = listAll(ctx, func(req wushe.PageRequest) (wushe.Page[SocialWorker], error) {
		return store.ListSocialWorkers(ctx, SocialWorkerFilter{Page: req})
	}); err != nil {
		return CaseAssignInput{}, wushe.Wrap(op, err)
	}
	if in.Existing, err = listAll(ctx, func(req wushe.PageRequest) (wushe.Page[Case], error) {
		return store.ListCases(ctx, CaseFilter{Page: req})
	}); err != nil {
		return CaseAssignInput{}, wushe.Wrap(op, err)
	}
	if in.Communities, err = listAll(ctx, func(req wushe.PageRequest) (wushe.Page[Community], error) {
		return store.ListCommunities(ctx, CommunityFilter{Page: req})
	}); err != nil {
		return CaseAssignInput{}, wushe.Wrap(op, err)
	}
	return in, nil
}

// cmpID orders UUIDs by their bytes, which is also the order of their strings.
func cmpID(x, y uuid.UUID) int { return bytes.Compare(x[:], y[:]) }

// listAll walks every page of a listing.
func listAll[T any](ctx context.Context, list func(wushe.PageRequest) (wushe.Page[T], error)) ([]T, error) {
	var all []T
	req := wushe.PageRequest{Limit: wushe.MaxPageLimit}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		page, err := list(req)
		if err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		if page.Next == uuid.Nil {
			return all, nil
		}
		req.After = page.Next
	}
}

// ApplyCaseAssignments hands each proposed case that already exists to its proposed worker
// through Service.UpdateCase, so the Service checks every rule again (status, community,
// qualification, caseload cap) against the store as it is now. Assignments are applied in
// order, each as its own write: on the first failure it stops and returns the cases
// updated so far with the error; the failed case is unchanged. A proposal for a case not
// yet opened is applied by the host with Service.OpenCase instead.
func ApplyCaseAssignments(ctx context.Context, svc *Service, res *CaseAssignResult) ([]Case, error) {
	const op = "linkage.ApplyCaseAssignments"
	if svc == nil || res == nil {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "CaseAssignResult", Field: "svc", Msg: "the service and the result are required"}
	}
	var done []Case
	for _, a := range res.Assignments {
		c, err := svc.GetCase(ctx, a.Case)
		if err != nil {
			return done, wushe.Wrap(op, err)
		}
		if c.Worker == a.Worker {
			done = append(done, c)
			continue
		}
		c.Worker = a.Worker
		if c.Supervisor == a.Worker {
			c.Supervisor = uuid.Nil
		}
		c, err = svc.UpdateCase(ctx, c)
		if err != nil {
			return done, wushe.Wrap(op, err)
		}
		done = append(done, c)
	}
	return done, nil
}
