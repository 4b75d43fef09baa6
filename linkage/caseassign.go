package linkage

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"iter"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
	"github.com/wushe/wushe/internal/ordered"
)

// The names of the hard constraints, as CaseExclusion.Rule reports them.
const (
	CaseRuleStatus        = "status"
	CaseRuleCommunity     = "community"
	CaseRuleQualification = "qualification"
	CaseRuleConflict      = "conflict"
	CaseRuleCapacity      = "capacity"
)

// caseRules are the hard constraints in the order they are checked; a rule's index here
// is its code in a round.
var caseRules = [...]string{CaseRuleStatus, CaseRuleCommunity, CaseRuleQualification, CaseRuleConflict, CaseRuleCapacity}

// The rules' codes.
const (
	caseRuleStatus = iota
	caseRuleCommunity
	caseRuleQualification
	caseRuleConflict
	caseRuleCapacity
	// caseRuleNone is what exclude says of a pair that passes every rule.
	caseRuleNone = -1
)

// DefaultCaseListLimit is the most rejections and exclusions a CaseAssignResult lists
// unless CaseAssignOptions.ListLimit says otherwise: a district's round has hundreds of
// thousands of pairs, which are counted and explained on demand rather than listed.
const DefaultCaseListLimit = 1000

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

// values are the weights in the order of the factors: specialty, distance, continuity,
// balance.
func (w CaseWeights) values() [4]decimal.Decimal {
	return [4]decimal.Decimal{w.Specialty, w.Distance, w.Continuity, w.Balance}
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
	// ListLimit is the most entries CaseAssignResult.Rejections and Exclusions hold each:
	// 0 means DefaultCaseListLimit, a negative value every entry. The result's
	// AllRejections, AllExclusions and Explain give the rest on demand.
	ListLimit int
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
	// Rejections are the first CaseAssignOptions.ListLimit eligible pairs not used, least
	// score lost first, then by case and worker ID: the start of AllRejections.
	Rejections []CaseRejection `json:"rejections"`
	// Exclusions are the first CaseAssignOptions.ListLimit pairs kept apart, by case ID
	// then worker ID: the start of AllExclusions.
	Exclusions []CaseExclusion `json:"exclusions"`
	// RejectionCount and ExclusionCount count every entry of AllRejections and
	// AllExclusions.
	RejectionCount int `json:"rejection_count"`
	ExclusionCount int `json:"exclusion_count"`
	// Excluded counts the excluded pairs under the first rule each failed; every rule is
	// listed, in the order they are checked. The counts add up to ExclusionCount.
	Excluded []RuleCount `json:"excluded"`
	// Algorithm is the engine's method and Reason why it was chosen.
	Algorithm string `json:"algorithm"`
	Reason    string `json:"reason"`

	// network is the problem the engine solved, for WriteDIMACS.
	network *match.Problem
	// ex explains the answer on demand.
	ex *caseExplainer
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
// A round with more than 64 eligible workers per case on average is solved by network
// simplex, others by the engine's automatic choice; Algorithm and Reason say which.
//
// A CaseAssigner is safe for concurrent use.
type CaseAssigner struct {
	weights CaseWeights
	scale   match.Scale
	// units are the weights in hundredths of a point, in the order of the factors'
	// values; max is the scale's Max in units of 10^-4 point.
	units  [4]int64
	max    int64
	qual   map[RiskLevel]Qualification
	half   float64
	window time.Duration
	clock  wushe.Clock
	limit  int
}

// NewCaseAssigner returns an assigner with opts (nil for the defaults). It fails with
// KindInvalid when a weight is invalid, the weights' sum does not fit an int64 in units of
// 10^-4 point, a qualification override names an unknown level or qualification, or a
// distance or window is negative.
func NewCaseAssigner(opts *CaseAssignOptions) (*CaseAssigner, error) {
	const op = "linkage.NewCaseAssigner"
	var o CaseAssignOptions
	if opts != nil {
		o = *opts
	}
	a := &CaseAssigner{weights: o.Weights, qual: map[RiskLevel]Qualification{}, window: o.ContinuityWindow, clock: o.Clock, limit: o.ListLimit}
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
	if a.limit == 0 {
		a.limit = DefaultCaseListLimit
	}
	a.scale = match.Scale{Places: 4, Max: a.weights.sum()}
	if err := a.scale.Validate(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	// The scale validated, so the sum, and each weight, fits int64 in units of 10^-4.
	a.max = a.weights.sum().Shift(4).IntPart()
	for i, w := range a.weights.values() {
		a.units[i] = w.Shift(2).IntPart()
	}
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
	w     SocialWorker
	load  int
	spare int64 // units offered to the engine
	// served are the households the worker serves, by the round's household numbers,
	// ascending; specs are the worker's specialties as specialtyBits.
	served []int32
	specs  uint64
}

// specialtyBits numbers the specialties that serve some target group, one bit each, and
// groupBits is each group's specialties as those bits: a worker's specialty covers a
// group when the two share a bit.
var specialtyBits, groupBits = func() (map[Specialty]uint64, map[TargetGroup]uint64) {
	bits, groups := map[Specialty]uint64{}, map[TargetGroup]uint64{}
	for _, g := range slices.Sorted(maps.Keys(specialtiesFor)) {
		for _, sp := range specialtiesFor[g] {
			if _, ok := bits[sp]; !ok {
				bits[sp] = 1 << len(bits)
			}
			groups[g] |= bits[sp]
		}
	}
	return bits, groups
}()

// round is a built problem: its workers and cases, the candidate arcs with their costs,
// and what the round counted while building them. Factor values, scores and the text of
// exclusions are worked out again when an answer is explained: they depend only on the
// case and the worker's state, which the round never changes.
type round struct {
	a       *CaseAssigner
	at      time.Time
	workers []workerState // by ID
	venue   map[uuid.UUID]*wushe.Point
	conf    map[uuid.UUID][]CaseConflict // by worker
	cases   []CaseRequest                // in the order they were added
	caseIdx map[uuid.UUID]int
	// arcs are the candidates, by case then worker: Demand and Supply index cases and
	// workers, Cost is the scale's Max less the pair's score in units of 10^-4 point.
	arcs []match.Arc
	// Per case: where its arcs start, how many workers are eligible for it, and whether
	// some worker was excluded only for capacity.
	start        []int32
	eligible     []int32
	capacityOnly []bool
	// Per case: its household's number (-1: none, or no worker serves it) and its
	// groups as groupBits.
	household []int32
	groups    [][]uint64
	// households numbers the households some worker serves.
	households map[string]int32
	// serving lists, by community, the active workers who serve it, in worker order;
	// inactive counts the workers who are not active.
	serving  map[uuid.UUID][]int32
	inactive int64
	// venueDistance holds, by community, the distance factor from its service centre to
	// each worker (-1: not worked out yet), for the cases located by their venue.
	venueDistance map[uuid.UUID][]int16
	// excluded counts the excluded pairs by rule code.
	excluded [len(caseRules)]int64
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
	r := &round{a: a, at: a.clock.Now(), venue: map[uuid.UUID]*wushe.Point{}, conf: map[uuid.UUID][]CaseConflict{},
		caseIdx: make(map[uuid.UUID]int, len(in.Cases)), households: map[string]int32{}, serving: map[uuid.UUID][]int32{},
		venueDistance: map[uuid.UUID][]int16{}}
	for _, cf := range in.Conflicts {
		r.conf[cf.Worker] = append(r.conf[cf.Worker], cf)
	}
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
		ws := workerState{w: w}
		for _, sp := range w.Specialties {
			ws.specs |= specialtyBits[sp]
		}
		r.workers = append(r.workers, ws)
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
			h, ok := r.households[c.Household]
			if !ok {
				h = int32(len(r.households))
				r.households[c.Household] = h
			}
			r.workers[j].served = append(r.workers[j].served, h)
		}
	}
	for j := range r.workers {
		ws := &r.workers[j]
		slices.Sort(ws.served)
		ws.served = slices.Compact(ws.served)
		if ws.w.Status != WorkerActive {
			r.inactive++
			continue
		}
		for k, c := range ws.w.Communities {
			if !slices.Contains(ws.w.Communities[:k], c) {
				r.serving[c] = append(r.serving[c], int32(j))
			}
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
	n := 0
	for _, c := range cs {
		n += len(r.serving[c.Community])
	}
	r.arcs = make([]match.Arc, 0, n)
	for _, c := range cs {
		r.addCase(c)
	}
	return r, nil
}

// exclude returns the code of the first hard constraint the pair fails, or caseRuleNone,
// and for caseRuleConflict the conflict that names the pair.
func (r *round) exclude(ws *workerState, c *CaseRequest) (int, *CaseConflict) {
	w := &ws.w
	switch {
	case w.Status != WorkerActive:
		return caseRuleStatus, nil
	case !w.Serves(c.Community):
		return caseRuleCommunity, nil
	case !w.Qualification.AtLeast(r.a.Required(c.Risk)):
		return caseRuleQualification, nil
	}
	for i, cf := range r.conf[w.ID] {
		if cf.covers(w.ID, *c) {
			return caseRuleConflict, &r.conf[w.ID][i]
		}
	}
	if w.CaseloadCap > 0 && ws.load >= w.CaseloadCap {
		return caseRuleCapacity, nil
	}
	return caseRuleNone, nil
}

// exclusion is the pair's exclusion under rule, as exclude found it, with a detail for
// people.
func (r *round) exclusion(ws *workerState, c *CaseRequest, rule int, cf *CaseConflict) CaseExclusion {
	w := &ws.w
	var detail string
	switch rule {
	case caseRuleStatus:
		detail = fmt.Sprintf("worker is %s, not active", w.Status)
	case caseRuleCommunity:
		detail = fmt.Sprintf("worker does not serve community %s", c.Community)
	case caseRuleQualification:
		detail = fmt.Sprintf("a %s-risk case needs at least %s; the worker is %s", c.Risk, r.a.Required(c.Risk), w.Qualification)
	case caseRuleConflict:
		what := "the case"
		if cf.Case == uuid.Nil {
			what = "the case's household"
		}
		detail = "declared conflict of interest with " + what
		if cf.Reason != "" {
			detail += ": " + cf.Reason
		}
	case caseRuleCapacity:
		detail = fmt.Sprintf("worker holds %d open cases, the cap is %d", ws.load, w.CaseloadCap)
	}
	return CaseExclusion{Case: c.ID, Worker: w.ID, Rule: caseRules[rule], Detail: detail}
}

// hundredths is num / den in hundredths, rounded half up, for 0 <= num and 0 < den.
func hundredths(num, den int64) int64 { return (200*num + den) / (2 * den) }

// values are the factor values of worker j and case d in hundredths, in the order
// specialty, distance, continuity, balance.
func (r *round) values(j, d int) [4]int64 {
	var v [4]int64
	ws := &r.workers[j]
	if gs := r.groups[d]; len(gs) > 0 {
		n := 0
		for _, g := range gs {
			if g&ws.specs != 0 {
				n++
			}
		}
		v[0] = hundredths(int64(n), int64(len(gs)))
	}
	v[1] = r.distance(j, d)
	if h := r.household[d]; h >= 0 {
		if _, ok := slices.BinarySearch(ws.served, h); ok {
			v[2] = 100
		}
	}
	v[3] = hundredths(1, int64(1+ws.load))
	if ws.w.CaseloadCap > 0 {
		v[3] = hundredths(int64(ws.w.CaseloadCap-ws.load), int64(ws.w.CaseloadCap))
	}
	return v
}

// distance is the distance factor of worker j and case d in hundredths: H / (H + metres
// from the worker to the case's location, or else to its community's service centre), 0
// when either place is unknown. For a case located by its venue it is worked out once per
// community and worker.
func (r *round) distance(j, d int) int64 {
	ws, c := &r.workers[j], &r.cases[d]
	if ws.w.Location == nil {
		return 0
	}
	factor := func(place *wushe.Point) int64 {
		m := ws.w.Location.DistanceMeters(*place)
		return int64(math.Round(100 * r.a.half / (r.a.half + m)))
	}
	if c.Location != nil {
		return factor(c.Location)
	}
	place := r.venue[c.Community]
	if place == nil {
		return 0
	}
	memo := r.venueDistance[c.Community]
	if memo == nil {
		memo = make([]int16, len(r.workers))
		for i := range memo {
			memo[i] = -1
		}
		r.venueDistance[c.Community] = memo
	}
	if memo[j] < 0 {
		memo[j] = int16(factor(place))
	}
	return int64(memo[j])
}

// cost is the arc cost of a pair with factor values v: the scale's Max less the score, in
// units of 10^-4 point, exactly what the scale's Cost gives for the score.
func (r *round) cost(v [4]int64) int64 {
	c := r.a.max
	for i, x := range v {
		c -= x * r.a.units[i]
	}
	return c
}

// points is the score of a pair whose arc costs cost: the scale's Max less the cost, in
// points.
func (r *round) points(cost int64) decimal.Decimal { return decimal.New(r.a.max-cost, -4) }

// assignment is case d with worker s, with the score's breakdown.
func (r *round) assignment(d, s int) CaseAssignment {
	v := r.values(s, d)
	w := r.a.weights.values()
	names := [4]string{CaseFactorSpecialty, CaseFactorDistance, CaseFactorContinuity, CaseFactorBalance}
	a := CaseAssignment{Case: r.cases[d].ID, Worker: r.workers[s].w.ID, Score: r.points(r.cost(v)), Factors: make([]CaseFactor, len(v))}
	for i := range v {
		a.Factors[i] = CaseFactor{Name: names[i], Value: decimal.New(v[i], -2), Weight: w[i]}
	}
	return a
}

// addCase adds the case's candidate arcs and counts its exclusions; the case's index is
// len(r.cases) before the call.
func (r *round) addCase(c CaseRequest) {
	d := len(r.cases)
	r.caseIdx[c.ID] = d
	r.cases = append(r.cases, c)
	r.start = append(r.start, int32(len(r.arcs)))
	h, ok := r.households[c.Household]
	if !ok || c.Household == "" {
		h = -1
	}
	r.household = append(r.household, h)
	var gs []uint64
	for _, g := range c.Groups {
		gs = append(gs, groupBits[g])
	}
	r.groups = append(r.groups, gs)
	cp := &r.cases[d]
	// Only the active workers who serve the case's community can pass the first two
	// rules; the others are counted, not looked at.
	serving := r.serving[c.Community]
	r.excluded[caseRuleStatus] += r.inactive
	r.excluded[caseRuleCommunity] += int64(len(r.workers)) - r.inactive - int64(len(serving))
	capacity, n := false, int32(0)
	for _, j := range serving {
		if rule, _ := r.exclude(&r.workers[j], cp); rule != caseRuleNone {
			capacity = capacity || rule == caseRuleCapacity
			r.excluded[rule]++
			continue
		}
		r.arcs = append(r.arcs, match.Arc{Demand: d, Supply: int(j), Cost: r.cost(r.values(int(j), d)), Cap: 1})
		n++
	}
	r.eligible = append(r.eligible, n)
	r.capacityOnly = append(r.capacityOnly, capacity)
}

// truncate undoes the addCase calls after the round had n cases, arcs and the counts
// excluded.
func (r *round) truncate(n, arcs int, excluded [len(caseRules)]int64) {
	for _, c := range r.cases[n:] {
		delete(r.caseIdx, c.ID)
	}
	r.cases, r.arcs = r.cases[:n], r.arcs[:arcs]
	r.start, r.eligible, r.capacityOnly = r.start[:n], r.eligible[:n], r.capacityOnly[:n]
	r.household, r.groups = r.household[:n], r.groups[:n]
	r.excluded = excluded
}

// problem is the round's flow problem as it stands. Its arcs are the round's own, capped at
// their length: cases added later do not change it.
func (r *round) problem() *match.Problem {
	p := &match.Problem{Demands: make([]match.Demand, len(r.cases)), Supplies: make([]match.Supply, len(r.workers)),
		Arcs: r.arcs[:len(r.arcs):len(r.arcs)]}
	for i, c := range r.cases {
		p.Demands[i] = match.Demand{ID: c.ID.String(), Units: 1}
	}
	for j, ws := range r.workers {
		p.Supplies[j] = match.Supply{ID: ws.w.ID.String(), Units: ws.spare}
	}
	return p
}

// result turns a solution of the round's first ncases cases into the answer. prob is the
// problem the engine solved, kept for WriteDIMACS.
func (r *round) result(prob *match.Problem, sol *match.Solution) *CaseAssignResult {
	n := len(r.cases)
	ex := &caseExplainer{r: r, cases: n, arcs: r.arcs[:len(r.arcs):len(r.arcs)], start: r.start[:n:n], eligible: r.eligible[:n:n],
		used: make([]bool, len(r.arcs)), limit: r.a.limit}
	res := &CaseAssignResult{At: r.at, Algorithm: string(sol.Algorithm), Reason: sol.Reason,
		Assignments: make([]CaseAssignment, 0, len(sol.Pairs)), Unplaced: []UnplacedCase{}, network: prob, ex: ex}
	placed := make([]bool, n)
	for _, pr := range sol.Pairs {
		ex.used[pr.Arc] = true
		a := ex.arcs[pr.Arc]
		placed[a.Demand] = true
		res.Assignments = append(res.Assignments, r.assignment(a.Demand, a.Supply))
	}
	ex.sol = sol
	slices.SortFunc(res.Assignments, func(x, y CaseAssignment) int { return cmpID(x.Case, y.Case) })
	// The cases by ID: the order of the exclusions and of the unplaced.
	ex.byID = make([]int32, n)
	for i := range ex.byID {
		ex.byID[i] = int32(i)
	}
	slices.SortFunc(ex.byID, func(x, y int32) int { return cmpID(r.cases[x].ID, r.cases[y].ID) })
	for _, d := range ex.byID {
		if !placed[d] {
			res.Unplaced = append(res.Unplaced, r.unplaced(int(d)))
		}
	}
	res.RejectionCount = len(ex.arcs) - len(sol.Pairs)
	for i, rule := range caseRules {
		res.Excluded = append(res.Excluded, RuleCount{Rule: rule, Pairs: r.excluded[i]})
		res.ExclusionCount += int(r.excluded[i])
	}
	res.Rejections = limited(res.AllRejections(), ex.limit)
	res.Exclusions = limited(res.AllExclusions(), ex.limit)
	return res
}

// limited collects the first limit items of all, or every item for a negative limit.
func limited[T any](all iter.Seq[T], limit int) []T {
	out := []T{}
	if limit == 0 {
		return out
	}
	for x := range all {
		out = append(out, x)
		if len(out) == limit {
			break
		}
	}
	return out
}

// unplaced says why case d has no worker.
func (r *round) unplaced(d int) UnplacedCase {
	u := UnplacedCase{Case: r.cases[d].ID}
	switch n := r.eligible[d]; {
	case n > 0:
		u.Reason = UnplacedCapacityExhausted
		u.Detail = fmt.Sprintf("every eligible worker (%d) is taken by other cases placed", n)
	case r.capacityOnly[d]:
		u.Reason = UnplacedCapacityExhausted
		u.Detail = "every worker who could take it is at their caseload cap"
	default:
		u.Reason = UnplacedNoEligibleWorker
		u.Detail = fmt.Sprintf("all %d workers fail a hard constraint", len(r.workers))
	}
	return u
}

// caseExplainer is what a result keeps to list and explain any pair of its round: the
// round's cases, arcs and counts as they were when the answer was made (a CaseRound only
// appends after), the solution, and which arcs it used.
type caseExplainer struct {
	r        *round
	cases    int
	arcs     []match.Arc
	start    []int32
	eligible []int32
	used     []bool
	sol      *match.Solution
	byID     []int32 // case indexes by case ID
	limit    int
}

// rejKey is an unused arc as AllRejections orders it: known losses first, least first,
// then by case ID and worker ID.
type rejKey struct {
	ok   bool
	lost int64
	arc  int
}

func (ex *caseExplainer) rejOrder(x, y rejKey) int {
	if x.ok != y.ok {
		if x.ok {
			return -1
		}
		return 1
	}
	if x.ok {
		if c := cmp.Compare(x.lost, y.lost); c != 0 {
			return c
		}
	}
	a, b := ex.arcs[x.arc], ex.arcs[y.arc]
	return cmp.Or(cmpID(ex.r.cases[a.Demand].ID, ex.r.cases[b.Demand].ID), cmp.Compare(a.Supply, b.Supply))
}

func (ex *caseExplainer) rejKey(k int) rejKey {
	a := ex.arcs[k]
	key := rejKey{arc: k}
	key.lost, key.ok = ex.sol.Reduced(a.Cost, a.Demand, a.Supply)
	return key
}

func (ex *caseExplainer) rejection(key rejKey) CaseRejection {
	a := ex.arcs[key.arc]
	rj := CaseRejection{Case: ex.r.cases[a.Demand].ID, Worker: ex.r.workers[a.Supply].w.ID,
		Score: ex.r.points(a.Cost)}
	if key.ok {
		rj.Lost = decimal.NullDecimal{Decimal: ex.r.a.scale.Points(key.lost), Valid: true}
	}
	return rj
}

// AllRejections lists every eligible pair the answer does not use, least score lost first
// (its reduced cost at the optimum, in points; pairs whose loss is unknown last), then by
// case ID and worker ID: the whole list that Rejections holds the first
// CaseAssignOptions.ListLimit entries of. Each is built when the iteration reaches it; the
// first ones cost a pass over the pairs, not a sort of all of them.
func (r *CaseAssignResult) AllRejections() iter.Seq[CaseRejection] {
	ex := r.ex
	if ex == nil {
		return slices.Values(r.Rejections)
	}
	keys := func(yield func(rejKey) bool) {
		for k := range ex.arcs {
			if !ex.used[k] && !yield(ex.rejKey(k)) {
				return
			}
		}
	}
	return func(yield func(CaseRejection) bool) {
		for key := range ordered.All(keys, max(ex.limit, 1024), ex.rejOrder) {
			if !yield(ex.rejection(key)) {
				return
			}
		}
	}
}

// AllExclusions lists every pair a hard constraint kept apart, by case ID then worker ID,
// each under the first rule it fails with a detail for people: the whole list that
// Exclusions holds the first CaseAssignOptions.ListLimit entries of. Each pair is checked
// again when the iteration reaches it.
func (r *CaseAssignResult) AllExclusions() iter.Seq[CaseExclusion] {
	ex := r.ex
	if ex == nil {
		return slices.Values(r.Exclusions)
	}
	return func(yield func(CaseExclusion) bool) {
		rd := ex.r
		for _, d := range ex.byID {
			c := &rd.cases[d]
			if int(ex.eligible[d]) == len(rd.workers) {
				continue
			}
			for j := range rd.workers {
				ws := &rd.workers[j]
				rule, cf := rd.exclude(ws, c)
				if rule != caseRuleNone && !yield(rd.exclusion(ws, c, rule, cf)) {
					return
				}
			}
		}
	}
}

// The outcomes CasePairExplanation reports.
const (
	CasePairAssigned = "assigned" // in Assignments
	CasePairRejected = "rejected" // eligible, not used
	CasePairExcluded = "excluded" // kept apart by a hard constraint
)

// CasePairExplanation is what a round made of one case and one worker.
type CasePairExplanation struct {
	Case   uuid.UUID `json:"case"`
	Worker uuid.UUID `json:"worker"`
	// Outcome is CasePairAssigned, CasePairRejected or CasePairExcluded.
	Outcome string `json:"outcome"`
	// Score and Factors are the pair's score and its breakdown, for an eligible pair.
	Score   decimal.Decimal `json:"score,omitzero"`
	Factors []CaseFactor    `json:"factors,omitempty"`
	// Lost is, for a rejected pair, what CaseRejection.Lost says.
	Lost decimal.NullDecimal `json:"lost"`
	// Rule and Detail say why an excluded pair was kept apart, as AllExclusions does.
	Rule   string `json:"rule,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// Explain says what the round made of a case and a worker: assigned or rejected with the
// score's breakdown (and, rejected, the score lost by forcing it), or excluded with the
// rule and the text AllExclusions gives. It costs a look at the pair, not a pass over the
// round. A case or worker not in the round is a KindNotFound error; a result not made by a
// CaseAssigner is KindInvalid.
func (r *CaseAssignResult) Explain(caseID, workerID uuid.UUID) (*CasePairExplanation, error) {
	const op = "linkage.CaseAssignResult.Explain"
	ex := r.ex
	if ex == nil {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "CaseAssignResult", Msg: "was not made by a CaseAssigner"}
	}
	rd := ex.r
	d, ok := rd.caseIdx[caseID]
	if !ok || d >= ex.cases {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: "Case", ID: caseID.String(), Field: "caseID", Msg: "is not a case of the round"}
	}
	j, ok := slices.BinarySearchFunc(rd.workers, workerID, func(ws workerState, id uuid.UUID) int { return cmpID(ws.w.ID, id) })
	if !ok {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: "SocialWorker", ID: workerID.String(), Field: "workerID", Msg: "is not a worker of the round"}
	}
	out := &CasePairExplanation{Case: caseID, Worker: workerID}
	lo := int(ex.start[d])
	arcs := ex.arcs[lo : lo+int(ex.eligible[d])]
	k, found := slices.BinarySearchFunc(arcs, j, func(a match.Arc, j int) int { return cmp.Compare(a.Supply, j) })
	if !found {
		ws, c := &rd.workers[j], &rd.cases[d]
		rule, cf := rd.exclude(ws, c)
		e := rd.exclusion(ws, c, rule, cf)
		out.Outcome, out.Rule, out.Detail = CasePairExcluded, e.Rule, e.Detail
		return out, nil
	}
	k += lo
	a := rd.assignment(d, j)
	out.Score, out.Factors = a.Score, a.Factors
	if ex.used[k] {
		out.Outcome = CasePairAssigned
	} else {
		out.Outcome = CasePairRejected
		out.Lost = ex.rejection(ex.rejKey(k)).Lost
	}
	return out, nil
}

// simplexAbove is the average number of eligible workers per case above which Assign asks
// the engine for network simplex instead of its automatic choice. Case rounds are
// plentiful markets (most workers have room for several cases), where the automatic choice
// is successive shortest paths; with many candidates per case each of its searches grows.
// Measured with bench/cmd/linkcity: at 41 candidates per case (2,000 cases × 300 workers)
// the two cost the same, at 400 (20,000 × 3,000) shortest paths took 2.5 times network
// simplex's CPU time. Both are exact; among equally good answers they may choose
// differently.
const simplexAbove = 64

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
	prob := r.problem()
	var opts *match.Options
	if len(prob.Arcs) > simplexAbove*len(prob.Demands) {
		opts = &match.Options{Algorithm: match.NetworkSimplex}
	}
	sol, err := match.Solve(prob, opts)
	if err != nil {
		return nil, wushe.Wrap(op, err)
	}
	return r.result(prob, sol), nil
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
}

// Start solves in and returns a round that later cases can be placed into.
func (a *CaseAssigner) Start(in CaseAssignInput) (*CaseRound, error) {
	const op = "linkage.CaseAssigner.Start"
	r, err := a.newRound(op, in)
	if err != nil {
		return nil, err
	}
	// Every worker without a cap offers as many units as there can ever be cases.
	for j := range r.workers {
		if r.workers[j].w.CaseloadCap == 0 {
			r.workers[j].spare = 1 << 30
		}
	}
	// NewSession copies the problem, so the round's arcs may grow after.
	s, err := match.NewSession(r.problem())
	if err != nil {
		return nil, wushe.Wrap(op, err)
	}
	return &CaseRound{r: r, session: s}, nil
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
	r := cr.r
	if _, ok := r.caseIdx[c.ID]; ok {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "CaseRequest", ID: c.ID.String(), Field: "ID", Msg: "is already in the round"}
	}
	ncase, narc, excluded := len(r.cases), len(r.arcs), r.excluded
	r.addCase(c)
	arcs := make([]match.Arc, len(r.arcs)-narc)
	for i, a := range r.arcs[narc:] {
		arcs[i] = match.Arc{Supply: a.Supply, Cost: a.Cost, Cap: a.Cap}
	}
	d, err := cr.session.AddDemand(match.Demand{ID: c.ID.String(), Units: 1}, arcs)
	if err != nil {
		r.truncate(ncase, narc, excluded)
		return nil, wushe.Wrap(op, err)
	}
	for _, pr := range cr.session.DemandPairs(d) {
		return &CasePlacement{Placed: true, Assignment: r.assignment(ncase, r.arcs[pr.Arc].Supply)}, nil
	}
	return &CasePlacement{Unplaced: r.unplaced(ncase)}, nil
}

// Result returns the round's current answer. Later calls of Place do not change it.
func (cr *CaseRound) Result() (*CaseAssignResult, error) {
	// The round's problem is the Session's: the same nodes and arcs, in the same order.
	return cr.r.result(cr.r.problem(), cr.session.Solution()), nil
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
