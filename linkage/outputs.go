package linkage

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/evaluation"
	"github.com/wushe/wushe/volunteer"
)

// OutputsSource is the Source of the observations Service.Outputs derives.
const OutputsSource = "linkage"

// Indicator codes that linkage reports but evaluation's Catalogue does not define. They use
// the catalogue's alphabet, so observations of them are valid and a contract may set
// targets on them.
const (
	// CodeActivitiesTotal counts every activity held in the period, whatever its kind.
	CodeActivitiesTotal = "activities_total"
	// CodeOrganizationsAtStagePrefix, followed by a Stage, counts the community social
	// organizations at that cultivation stage at the end of the period; see StageIndicator.
	CodeOrganizationsAtStagePrefix = "organizations_stage."
)

// StageIndicator returns the code of the indicator that counts organizations at stage st:
// "organizations_stage.filed" for StageFiled.
func StageIndicator(st Stage) string { return CodeOrganizationsAtStagePrefix + string(st) }

// outputStages lists the cultivation stages in order.
var outputStages = []Stage{StageInterestGroup, StageVolunteerTeam, StageFiled, StageRegistered, StageServiceBrand}

// OutputScope names what outputs are derived for: a purchased project or a community.
type OutputScope struct {
	// Kind is evaluation.ScopeProject or evaluation.ScopeCommunity.
	Kind evaluation.ScopeKind `json:"kind"`
	// ID is the project's or the community's ID.
	ID uuid.UUID `json:"id"`
}

// ProjectScope returns the scope of the purchased project id.
func ProjectScope(id uuid.UUID) OutputScope {
	return OutputScope{Kind: evaluation.ScopeProject, ID: id}
}

// CommunityScope returns the scope of the community id.
func CommunityScope(id uuid.UUID) OutputScope {
	return OutputScope{Kind: evaluation.ScopeCommunity, ID: id}
}

// Validate reports a scope kind other than project or community and a nil ID.
func (sc OutputScope) Validate() error {
	p := wushe.Check("OutputScope")
	p.Require(sc.Kind == evaluation.ScopeProject || sc.Kind == evaluation.ScopeCommunity,
		"Kind", "must be project or community, not "+string(sc.Kind))
	p.Require(sc.ID != uuid.Nil, "ID", "is required")
	return p.Err()
}

// evaluationScope is the scope as evaluation names it.
func (sc OutputScope) evaluationScope() evaluation.Scope {
	return evaluation.Scope{Kind: sc.Kind, ID: sc.ID.String()}
}

// VolunteerHours totals the verified volunteer service of a scope in a period. The
// volunteer package's records hold the minutes; a host passes an adapter over its
// volunteer.Service (or any other source), a function wrapped in VolunteerHoursFunc, so
// that linkage depends on no implementation.
type VolunteerHours interface {
	// VerifiedMinutes returns the verified minutes served for scope within period.
	VerifiedMinutes(ctx context.Context, scope evaluation.Scope, period wushe.Window) (int64, error)
}

// ResourcesAllocated totals the value of resources allocated to a scope in a period.
// The resources package's deliveries hold the values; a host passes an adapter over its
// resources.Service (or any other source), a function wrapped in ResourcesAllocatedFunc.
type ResourcesAllocated interface {
	// DeliveredValue returns the value in CNY of the allocations delivered for scope within
	// period.
	DeliveredValue(ctx context.Context, scope evaluation.Scope, period wushe.Window) (decimal.Decimal, error)
}

// VolunteerHoursFunc adapts a function to VolunteerHours.
type VolunteerHoursFunc func(ctx context.Context, scope evaluation.Scope, period wushe.Window) (int64, error)

// VerifiedMinutes calls f.
func (f VolunteerHoursFunc) VerifiedMinutes(ctx context.Context, scope evaluation.Scope, period wushe.Window) (int64, error) {
	return f(ctx, scope, period)
}

// ResourcesAllocatedFunc adapts a function to ResourcesAllocated.
type ResourcesAllocatedFunc func(ctx context.Context, scope evaluation.Scope, period wushe.Window) (decimal.Decimal, error)

// DeliveredValue calls f.
func (f ResourcesAllocatedFunc) DeliveredValue(ctx context.Context, scope evaluation.Scope, period wushe.Window) (decimal.Decimal, error) {
	return f(ctx, scope, period)
}

// OutputOptions tunes Service.Outputs. The zero value (or nil) is useful: the largest
// pages, no volunteer hours and no resource values.
type OutputOptions struct {
	// PageLimit is the page size used to walk every list; 0 means wushe.MaxPageLimit,
	// since Outputs reads whole lists and fewer, larger pages cost less on every store.
	PageLimit int
	// VolunteerHours, when set, adds CodeVolunteerHours.
	VolunteerHours VolunteerHours
	// ResourcesAllocated, when set, adds CodeResourcesAllocatedValue.
	ResourcesAllocated ResourcesAllocated
	// Points, when set, gives the residents' points figures; unset, Outputs reads them
	// from Options.Volunteer when it is a PointsSource (as *volunteer.Service is), and
	// reports none otherwise.
	Points PointsSource
}

// revealRefs is the entitlement Outputs uses to compare client references when counting
// unique persons. The references never leave the computation.
var revealRefs = wushe.Entitlement{
	Actor: "linkage.Service.Outputs", Purpose: "counting unique persons served",
	Classes: []wushe.Class{wushe.ClassReference},
}

// Outputs derives the observations of a project's or a community's outputs over period
// from the Store: one evaluation.Observation per indicator, with Period = period, Scope =
// scope, Source = OutputsSource and RecordedAt = the Service clock's now. Every list is
// read page by page to the end.
//
// What belongs to a scope: a community's activities, cases, needs and organizations are
// those whose Community is it. A project's activities are those whose Project is it; its
// cases, needs and organizations are those of the project's Communities (none of them
// carries a project reference; the project serves those communities). A link belongs to a
// project when its Project or its target is the project, or its target is an activity of
// the project; to a community when its target is a need or an activity of the community.
//
// The indicators, and the rule for each ("in the period" means the time lies in the
// half-open period):
//   - evaluation.CodeHouseholdsVisited: distinct households with a home_visit case session in the
//     period, keyed by Case.Household, or by the case when it has none.
//   - evaluation.CodeCaseServices: case sessions in the period, any kind.
//   - evaluation.CodeGroupSessions: activities of kind group_work starting in the period.
//   - evaluation.CodeCommunityActivities: activities starting in the period of any kind but
//     group_work and case_session.
//   - CodeActivitiesTotal: every activity starting in the period.
//   - evaluation.CodePeopleServed: unique persons: distinct attendance references across those
//     activities together with the client references of cases with a session in the
//     period (participant and client references share one pseudonymous namespace).
//   - evaluation.CodePersonTimes: person-times: every attendance (Activity.PersonTimes, uncounted
//     heads included) plus every case session in the period, one contact with the client
//     each. People served never exceeds person-times.
//   - evaluation.CodeVolunteersConnected, evaluation.CodeUnitsConnected: distinct From parties of kind volunteer
//     and unit of the scope's links made in the period; counted from links only.
//   - evaluation.CodeNeedsRaised: needs raised in the period. evaluation.CodeNeedsMet: needs met in the period,
//     whenever they were raised.
//   - evaluation.CodeNeedsMetShare: of the needs raised in the period, the share met before its end,
//     4 decimal places (half away from zero).
//   - evaluation.CodeMedianResponseDays: the median Need.ResponseTime (raised to planned) of the
//     needs planned in the period, in days to 2 decimal places; for an even count the mean
//     of the two middle ones.
//   - StageIndicator(st) for every stage, and evaluation.CodeOrganizationsFiled: organizations created
//     before the period ends, at their stage as it stood then (replaying StageHistory);
//     organizations filed counts those at filed or beyond (registered, service brand).
//   - evaluation.CodeVolunteerHours (verified minutes ÷ 60, 2 decimal places) and
//     evaluation.CodeResourcesAllocatedValue, only when opts supplies their sources.
//   - CodeCasesServed and the referral figures (CodeReferrals and the others of
//     outputs_referrals.go) of the referrals requested in the period, including the
//     whistles: CodeWhistles requested, CodeWhistlesAnsweredOnTime (answered by their
//     RespondBy), CodeWhistlesResolved (completed by the period's end).
//   - The party-building figures of the scope's communities (PartyFigures, added up for
//     a project): CodePartyMembersReported, CodePartyOrganizationsReported,
//     CodePartyPostsClaimed and PostIndicator(k) for every post, CodePartyServiceHours
//     (when the Store keeps volunteer records), CodePartyOrganizationsRequired and
//     CodePartyOrganizationsCovered (coverage as the records stand now: party
//     organizations keep no history).
//   - When the Service has a ReferenceKey, the residents who became providers in the
//     period in the scope's communities (Service.Journeys): CodeResidentsBecameProviders
//     and JourneyIndicator(r) for every provider role.
//   - The residents' points figures when a PointsSource is at hand (see
//     OutputOptions.Points): CodePointsResidentsEarning, CodePointsEarned,
//     CodePointsRedeemed and PointsIndicator(k) for every act kind. A points scheme is
//     the whole ledger of the volunteer.Service that runs it, not split by community: a
//     host running one scheme per community or street reads that scheme's figures.
//
// Counts are always reported, 0 when nothing happened, so an empty period yields zero
// observations rather than missing ones. evaluation.CodeNeedsMetShare is omitted when no need was
// raised in the period and evaluation.CodeMedianResponseDays when none was planned in it: a ratio
// or median of nothing is undefined, and evaluation lists an omitted indicator as missing
// instead of scoring it zero.
//
// Errors: a scope that is not a project or community, a nil ID or an invalid period is
// KindInvalid; a scope that does not exist is KindNotFound; store and source errors are
// returned wrapped with the operation. Outputs only reads.
func (s *Service) Outputs(ctx context.Context, scope OutputScope, period wushe.Window, opts *OutputOptions) (evaluation.ObservationSet, error) {
	const op = "linkage.Service.Outputs"
	obs, err := s.outputs(ctx, op, scope, period, opts)
	if err != nil {
		return evaluation.ObservationSet{}, err
	}
	set, err := evaluation.NewObservationSet(obs...)
	if err != nil {
		return evaluation.ObservationSet{}, fail(op, err)
	}
	return set, nil
}

// outputs derives the observations in a fixed order.
func (s *Service) outputs(ctx context.Context, op string, scope OutputScope, period wushe.Window, opts *OutputOptions) ([]evaluation.Observation, error) {
	var o OutputOptions
	if opts != nil {
		o = *opts
	}
	p := wushe.Check("Outputs")
	p.Nested("Scope", scope.Validate())
	p.Nested("Period", period.Validate())
	limit := o.PageLimit
	if limit == 0 {
		limit = wushe.MaxPageLimit
	}
	if _, err := (wushe.PageRequest{Limit: limit}).Normalize(); err != nil {
		p.Addf("PageLimit", "%d is not in [0, %d]", o.PageLimit, wushe.MaxPageLimit)
	}
	if err := wushe.WithOp(op, p.Err()); err != nil {
		return nil, err
	}
	w := &outputsWalk{s: s, ctx: ctx, op: op, scope: scope, period: period, limit: limit}
	if err := w.resolveScope(); err != nil {
		return nil, err
	}
	c := outputCounts{households: map[string]struct{}{}, persons: map[string]struct{}{}, clients: map[string]struct{}{}}
	steps := []func(*outputCounts) error{w.activities, w.cases, w.links, w.needs, w.organizations, w.referrals, w.party, w.journeys}
	if o.Points == nil {
		o.Points, _ = s.volunteer.(PointsSource)
	}
	if o.Points != nil {
		steps = append(steps, func(c *outputCounts) error { return w.points(o.Points, c) })
	}
	for _, step := range steps {
		if err := step(&c); err != nil {
			return nil, err
		}
	}
	if (o.VolunteerHours == nil && s.volunteer != nil) || (o.ResourcesAllocated == nil && s.resources != nil) {
		minutes, value, err := w.workTotals()
		if err != nil {
			return nil, err
		}
		if o.VolunteerHours == nil && s.volunteer != nil {
			h := decimal.NewFromInt(minutes).Div(decimal.NewFromInt(60)).Round(2)
			c.volunteerHours = &h
		}
		if o.ResourcesAllocated == nil && s.resources != nil {
			c.resourcesValue = &value
		}
	}
	if o.VolunteerHours != nil {
		minutes, err := o.VolunteerHours.VerifiedMinutes(ctx, scope.evaluationScope(), period)
		if err != nil {
			return nil, fail(op, err)
		}
		h := decimal.NewFromInt(minutes).Div(decimal.NewFromInt(60)).Round(2)
		c.volunteerHours = &h
	}
	if o.ResourcesAllocated != nil {
		v, err := o.ResourcesAllocated.DeliveredValue(ctx, scope.evaluationScope(), period)
		if err != nil {
			return nil, fail(op, err)
		}
		c.resourcesValue = &v
	}
	return c.observations(scope.evaluationScope(), period, s.clock.Now()), nil
}

// outputCounts accumulates what Outputs reports.
type outputCounts struct {
	households                          map[string]struct{}
	persons                             map[string]struct{}
	caseSessions, personTimes           int
	group, community, activities        int
	volunteers, units                   int
	needsRaised, needsMet, raisedAndMet int
	responses                           []time.Duration
	stages                              map[Stage]int
	volunteerHours, resourcesValue      *decimal.Decimal
	clients                             map[string]struct{}
	referrals                           *referralCounts
	points                              *volunteer.PointsFigures
	party                               *PartyFigures
	journeys                            *Journeys
}

// observations turns the counts into observations, in a fixed order.
func (c *outputCounts) observations(scope evaluation.Scope, period wushe.Window, at time.Time) []evaluation.Observation {
	var out []evaluation.Observation
	add := func(code string, v decimal.Decimal) {
		out = append(out, evaluation.Observation{
			Indicator: code, Value: v, Period: period, Scope: scope, Source: OutputsSource, RecordedAt: at,
		})
	}
	n := func(code string, v int) { add(code, decimal.NewFromInt(int64(v))) }
	n(evaluation.CodeHouseholdsVisited, len(c.households))
	n(evaluation.CodeCaseServices, c.caseSessions)
	n(evaluation.CodeGroupSessions, c.group)
	n(evaluation.CodeCommunityActivities, c.community)
	n(CodeActivitiesTotal, c.activities)
	n(evaluation.CodePeopleServed, len(c.persons))
	n(evaluation.CodePersonTimes, c.personTimes)
	n(evaluation.CodeVolunteersConnected, c.volunteers)
	n(evaluation.CodeUnitsConnected, c.units)
	n(evaluation.CodeNeedsRaised, c.needsRaised)
	n(evaluation.CodeNeedsMet, c.needsMet)
	if c.needsRaised > 0 {
		add(evaluation.CodeNeedsMetShare,
			decimal.NewFromInt(int64(c.raisedAndMet)).DivRound(decimal.NewFromInt(int64(c.needsRaised)), 4))
	}
	if m, ok := medianDays(c.responses); ok {
		add(evaluation.CodeMedianResponseDays, m)
	}
	filed := 0
	for _, st := range outputStages {
		n(StageIndicator(st), c.stages[st])
		if st.Rank() >= StageFiled.Rank() {
			filed += c.stages[st]
		}
	}
	n(evaluation.CodeOrganizationsFiled, filed)
	if c.volunteerHours != nil {
		add(evaluation.CodeVolunteerHours, *c.volunteerHours)
	}
	if c.resourcesValue != nil {
		add(evaluation.CodeResourcesAllocatedValue, *c.resourcesValue)
	}
	n(CodeCasesServed, len(c.clients))
	if c.referrals != nil {
		c.referrals.add(add)
	}
	if c.party != nil {
		addParty(*c.party, add)
	}
	if c.points != nil {
		addPoints(*c.points, add)
	}
	if c.journeys != nil {
		addJourneys(*c.journeys, add)
	}
	return out
}

// medianDays returns the median of ds in days, 2 decimal places; false for none.
func medianDays(ds []time.Duration) (decimal.Decimal, bool) {
	if len(ds) == 0 {
		return decimal.Decimal{}, false
	}
	ds = slices.Clone(ds)
	slices.Sort(ds)
	day := decimal.NewFromInt(int64(24 * time.Hour))
	mid := len(ds) / 2
	sum := decimal.NewFromInt(int64(ds[mid]))
	count := int64(1)
	if len(ds)%2 == 0 {
		sum = sum.Add(decimal.NewFromInt(int64(ds[mid-1])))
		count = 2
	}
	return sum.Div(day.Mul(decimal.NewFromInt(count))).Round(2), true
}

// outputsWalk reads what belongs to one scope.
type outputsWalk struct {
	s           *Service
	ctx         context.Context
	op          string
	scope       OutputScope
	period      wushe.Window
	limit       int
	communities []uuid.UUID
	// activityScope caches whether an activity belongs to the scope, by ID.
	activityScope map[uuid.UUID]bool
	// needScope caches whether a need belongs to the scope, by ID.
	needScope map[uuid.UUID]bool
}

// resolveScope checks that the scope exists and finds its communities.
func (w *outputsWalk) resolveScope() error {
	w.activityScope = map[uuid.UUID]bool{}
	w.needScope = map[uuid.UUID]bool{}
	if w.scope.Kind == evaluation.ScopeCommunity {
		if _, err := w.s.store.GetCommunity(w.ctx, w.scope.ID); err != nil {
			return notFound(w.op, "Outputs", "Scope.ID", "community", w.scope.ID, err)
		}
		w.communities = []uuid.UUID{w.scope.ID}
		return nil
	}
	p, err := w.s.store.GetProject(w.ctx, w.scope.ID)
	if err != nil {
		return notFound(w.op, "Outputs", "Scope.ID", "project", w.scope.ID, err)
	}
	w.communities = slices.Clone(p.Communities)
	slices.SortFunc(w.communities, func(a, b uuid.UUID) int { return cmp.Compare(a.String(), b.String()) })
	w.communities = slices.Compact(w.communities)
	return nil
}

// walkPages reads every page of a list: list is called with the cursor, and each page's items
// go to visit.
func walkPages[T any](w *outputsWalk, list func(wushe.PageRequest) (wushe.Page[T], error), visit func(T) error) error {
	req := wushe.PageRequest{Limit: w.limit}
	for {
		if err := w.ctx.Err(); err != nil {
			return fail(w.op, err)
		}
		page, err := list(req)
		if err != nil {
			return fail(w.op, err)
		}
		for _, it := range page.Items {
			if err := visit(it); err != nil {
				return err
			}
		}
		if page.Next == uuid.Nil {
			return nil
		}
		req.After = page.Next
	}
}

// activities counts the activities starting in the period.
func (w *outputsWalk) activities(c *outputCounts) error {
	f := ActivityFilter{From: w.period.Start, To: w.period.End}
	if w.scope.Kind == evaluation.ScopeProject {
		f.Project = w.scope.ID
	} else {
		f.Community = w.scope.ID
	}
	return walkPages(w, func(req wushe.PageRequest) (wushe.Page[Activity], error) {
		f.Page = req
		return w.s.ListActivities(w.ctx, f)
	}, func(a Activity) error {
		w.activityScope[a.ID] = true
		c.activities++
		switch a.Kind {
		case ActivityGroupWork:
			c.group++
		case ActivityCaseSession:
		default:
			c.community++
		}
		c.personTimes += a.PersonTimes()
		for _, at := range a.Attendance {
			ref, err := at.Ref.Reveal(revealRefs)
			if err != nil {
				return fail(w.op, err)
			}
			c.persons[ref] = struct{}{}
		}
		return nil
	})
}

// cases counts the case sessions in the period in the scope's communities.
func (w *outputsWalk) cases(c *outputCounts) error {
	for _, community := range w.communities {
		f := CaseFilter{Community: community}
		err := walkPages(w, func(req wushe.PageRequest) (wushe.Page[Case], error) {
			f.Page = req
			return w.s.ListCases(w.ctx, f)
		}, func(k Case) error {
			served := false
			for _, sess := range k.Sessions {
				if !w.period.Contains(sess.At) {
					continue
				}
				served = true
				c.caseSessions++
				c.personTimes++
				if sess.Kind == SessionHomeVisit {
					key := "case:" + k.ID.String()
					if k.Household != "" {
						key = "household:" + k.Household
					}
					c.households[key] = struct{}{}
				}
			}
			if !served || k.Client.Ref.IsZero() {
				return nil
			}
			ref, err := k.Client.Ref.Reveal(revealRefs)
			if err != nil {
				return fail(w.op, err)
			}
			c.persons[ref] = struct{}{}
			c.clients[ref] = struct{}{}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// links counts the volunteers and units whose contributions were linked to the scope in
// the period.
func (w *outputsWalk) links(c *outputCounts) error {
	volunteers := map[uuid.UUID]struct{}{}
	units := map[uuid.UUID]struct{}{}
	f := LinkFilter{From: w.period.Start, To: w.period.End}
	err := walkPages(w, func(req wushe.PageRequest) (wushe.Page[Link], error) {
		f.Page = req
		return w.s.ListLinks(w.ctx, f)
	}, func(l Link) error {
		if l.From.Kind != PartyVolunteer && l.From.Kind != PartyUnit {
			return nil
		}
		in, err := w.linkInScope(l)
		if err != nil || !in {
			return err
		}
		if l.From.Kind == PartyVolunteer {
			volunteers[l.From.ID] = struct{}{}
		} else {
			units[l.From.ID] = struct{}{}
		}
		return nil
	})
	c.volunteers, c.units = len(volunteers), len(units)
	return err
}

// linkInScope reports whether l was made for the scope.
func (w *outputsWalk) linkInScope(l Link) (bool, error) {
	project := w.scope.Kind == evaluation.ScopeProject
	switch {
	case project && (l.Project == w.scope.ID || (l.To.Kind == TargetProject && l.To.ID == w.scope.ID)):
		return true, nil
	case l.To.Kind == TargetActivity:
		if in, ok := w.activityScope[l.To.ID]; ok {
			return in, nil
		}
		a, err := w.s.store.GetActivity(w.ctx, l.To.ID)
		if err != nil {
			return false, fail(w.op, err)
		}
		in := (project && a.Project == w.scope.ID) || (!project && a.Community == w.scope.ID)
		w.activityScope[a.ID] = in
		return in, nil
	case l.To.Kind == TargetNeed && !project:
		if in, ok := w.needScope[l.To.ID]; ok {
			return in, nil
		}
		n, err := w.s.store.GetNeed(w.ctx, l.To.ID)
		if err != nil {
			return false, fail(w.op, err)
		}
		w.needScope[n.ID] = n.Community == w.scope.ID
		return n.Community == w.scope.ID, nil
	}
	return false, nil
}

// needs counts the needs raised, met and planned in the period in the scope's
// communities.
func (w *outputsWalk) needs(c *outputCounts) error {
	for _, community := range w.communities {
		f := NeedFilter{Community: community, RaisedTo: w.period.End, OpenFrom: w.period.Start}
		err := walkPages(w, func(req wushe.PageRequest) (wushe.Page[Need], error) {
			f.Page = req
			return w.s.ListNeeds(w.ctx, f)
		}, func(n Need) error {
			met := !n.MetAt.IsZero()
			if w.period.Contains(n.RaisedAt) {
				c.needsRaised++
				if met && n.MetAt.Before(w.period.End) {
					c.raisedAndMet++
				}
			}
			if met && w.period.Contains(n.MetAt) {
				c.needsMet++
			}
			if d, ok := n.ResponseTime(); ok && w.period.Contains(n.PlannedAt) {
				c.responses = append(c.responses, d)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// organizations counts the scope's organizations by their stage at the period's end.
func (w *outputsWalk) organizations(c *outputCounts) error {
	c.stages = map[Stage]int{}
	for _, community := range w.communities {
		f := OrganizationFilter{Community: community}
		err := walkPages(w, func(req wushe.PageRequest) (wushe.Page[Organization], error) {
			f.Page = req
			return w.s.ListOrganizations(w.ctx, f)
		}, func(o Organization) error {
			if !o.CreatedAt.IsZero() && !o.CreatedAt.Before(w.period.End) {
				return nil
			}
			c.stages[StageAt(o, w.period.End)]++
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// StageAt returns the stage o was at just before t, replaying its StageHistory: the
// stage the first recorded change left, moved by every change made before t (in order of
// At; changes at the same instant keep their recorded order). With no history it is
// o.Stage.
func StageAt(o Organization, t time.Time) Stage {
	if len(o.StageHistory) == 0 {
		return o.Stage
	}
	h := slices.Clone(o.StageHistory)
	slices.SortStableFunc(h, func(a, b StageChange) int { return a.At.Compare(b.At) })
	st := h[0].From
	for _, ch := range h {
		if !ch.At.Before(t) {
			break
		}
		st = ch.To
	}
	return st
}

// ContractScorecard answers "how is this project doing against its contract?" in one
// call. It derives the project's Outputs over its cycle up to asOf (the period
// [Cycle.Start, min(asOf, Cycle.End)); a zero asOf means the Service clock's now), builds
// evaluation.ContractRubric from Project.Targets (100 points, weights equal, each target's
// direction taken from the evaluation catalogue, higher is better for codes it does not
// know) and evaluates it as of the time the observations were recorded.
//
// Targets without an IndicatorCode are narrative and left out of the rubric. A target
// whose indicator Outputs does not report (satisfaction, say) is listed in the
// scorecard's Missing and the grade is provisional; hosts with such figures score the
// rubric themselves with evaluation.Evaluate on the Outputs plus their own observations.
//
// Errors: a missing project is KindNotFound; a project with no target on an indicator, or
// an asOf not after the cycle's start, is KindInvalid; a target evaluation refuses (a zero
// value) is returned with evaluation's error kind.
func (s *Service) ContractScorecard(ctx context.Context, projectID uuid.UUID, asOf time.Time, opts *OutputOptions) (evaluation.Scorecard, error) {
	const op = "linkage.Service.ContractScorecard"
	p, err := s.store.GetProject(ctx, projectID)
	if err != nil {
		return evaluation.Scorecard{}, notFound(op, "Project", "ID", "project", projectID, err)
	}
	rubric, err := ContractRubric(p)
	if err != nil {
		return evaluation.Scorecard{}, fail(op, err)
	}
	if asOf.IsZero() {
		asOf = s.clock.Now()
	}
	period := p.Cycle
	if asOf.Before(period.End) {
		period.End = asOf
	}
	if !period.End.After(period.Start) {
		return evaluation.Scorecard{}, refuse(op, wushe.KindInvalid, "Project", projectID, "asOf",
			"%s is not after the cycle's start %s", asOf.Format(time.RFC3339), p.Cycle.Start.Format(time.RFC3339))
	}
	obs, err := s.outputs(ctx, op, ProjectScope(projectID), period, opts)
	if err != nil {
		return evaluation.Scorecard{}, err
	}
	set, err := evaluation.NewObservationSet(obs...)
	if err != nil {
		return evaluation.Scorecard{}, fail(op, err)
	}
	recorded := obs[0].RecordedAt
	sc, err := evaluation.Evaluate(rubric, set, recorded)
	if err != nil {
		return evaluation.Scorecard{}, fail(op, err)
	}
	return sc, nil
}

// ContractRubric returns the contract-attainment rubric of project p, as
// ContractScorecard scores it: evaluation.ContractRubric over p's targets that name an
// indicator, 100 points shared equally, code "linkage.contract.<project ID>". It fails with
// KindInvalid when no target names an indicator, and with evaluation's error when a target
// is refused (a zero value).
func ContractRubric(p Project) (evaluation.Rubric, error) {
	const op = "linkage.ContractRubric"
	var targets []evaluation.ContractTarget
	for _, t := range p.Targets {
		if t.IndicatorCode == "" {
			continue
		}
		dir := evaluation.HigherIsBetter
		if in, ok := evaluation.LookupIndicator(t.IndicatorCode); ok {
			dir = in.Direction
		}
		targets = append(targets, evaluation.ContractTarget{
			Indicator: t.IndicatorCode, Name: t.Name, Target: t.Value, Direction: dir,
		})
	}
	if len(targets) == 0 {
		return evaluation.Rubric{}, refuse(op, wushe.KindInvalid, "Project", p.ID, "Targets",
			"no target names an indicator")
	}
	r, err := evaluation.ContractRubric("linkage.contract."+p.ID.String(), p.Name, targets, decimal.NewFromInt(100))
	if err != nil {
		return evaluation.Rubric{}, fail(op, err)
	}
	return r, nil
}

// notFound names what is missing when err is KindNotFound, and wraps err with op
// otherwise.
func notFound(op, entity, field, what string, id uuid.UUID, err error) error {
	if wushe.KindOf(err) != wushe.KindNotFound {
		return fail(op, err)
	}
	e := wushe.E(op, wushe.KindNotFound, entity, id.String(), "%s %s does not exist", what, id)
	e.Field, e.Err = field, err
	return e
}
