package linkage

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// Residents who become providers (从服务对象到服务提供者): the community papers judge a
// community by residents who were first served and later serve. wushe follows one resident
// across the records by the pseudonymous reference the host uses for that person everywhere
// (attendance, needs, case clients, organization rosters, party reports,
// volunteer.Volunteer.ResidentRef), keyed with Options.ReferenceKey (wushe.KeyedIndex), so
// the computation compares keyed indexes and never holds or returns a reference.

// JourneyRole is a way a resident appears in the records: three ways of being served, three
// of serving.
type JourneyRole string

// The roles, served first, then serving. The order is the tie-break when one resident takes
// two roles of a side at the same instant.
const (
	RoleAttendee    JourneyRole = "attendee"    // attended an activity (Activity.Attendance)
	RoleBeneficiary JourneyRole = "beneficiary" // a need was raised for them (Need.Beneficiary)
	RoleClient      JourneyRole = "client"      // the client of a case (Case.Client.Ref)
	RoleVolunteer   JourneyRole = "volunteer"   // verified volunteer service (volunteer.Volunteer.ResidentRef)
	RoleMember      JourneyRole = "member"      // a member of a community social organization (Organization.Roster)
	// RolePartyMember is an in-service party member who reported to the community and
	// claimed a post (PartyReport.Posts): serving from the first claim.
	RolePartyMember JourneyRole = "party_member"
)

// JourneyRoles lists every role: the served ones, then the serving ones.
func JourneyRoles() []JourneyRole {
	return []JourneyRole{RoleAttendee, RoleBeneficiary, RoleClient, RoleVolunteer, RoleMember, RolePartyMember}
}

var journeyRoles = wushe.NewEnum("journey role", JourneyRoles()...)

// Valid reports whether r is a known role.
func (r JourneyRole) Valid() bool { return journeyRoles.Has(r) }

// Provider reports whether r is a way of serving: volunteer, member or party member.
func (r JourneyRole) Provider() bool {
	return r == RoleVolunteer || r == RoleMember || r == RolePartyMember
}

// JourneyEvent is one appearance of a resident in the records: Resident is the keyed index
// of their reference (never the reference), Role how they appeared and At when.
type JourneyEvent struct {
	Resident string      `json:"resident"`
	Role     JourneyRole `json:"role"`
	At       time.Time   `json:"at"`
}

// JourneyStep is a first role served and the first role serving that followed it.
type JourneyStep struct {
	From JourneyRole `json:"from"`
	To   JourneyRole `json:"to"`
}

// JourneyTransition counts the residents who took one step in a period.
type JourneyTransition struct {
	JourneyStep
	Residents int `json:"residents"`
}

// Journeys are the figures of residents who became providers in a period.
//
// Every resident counted has a first time served (the earliest of their attendee,
// beneficiary and client appearances) and a first time serving (the earliest of their
// volunteer, member and party member appearances), from the records dated before the
// period's end; one role of a side at the same instant as another is taken in
// JourneyRoles order.
type Journeys struct {
	Period wushe.Window `json:"period"`
	// Residents counts the residents who appear in the records before the period's end;
	// Served those of them served by then, Serving those serving by then.
	Residents int `json:"residents"`
	Served    int `json:"served"`
	Serving   int `json:"serving"`
	// NewProviders counts the residents whose first time serving lies in the period.
	NewProviders int `json:"new_providers"`
	// BecameProviders counts the new providers who were served strictly before they first
	// served: the residents who turned from service users into providers in the period. A
	// resident first served at the very instant they first serve is a new provider, not
	// one who became one.
	BecameProviders int `json:"became_providers"`
	// Transitions splits BecameProviders by first role served and first role serving, in
	// JourneyRoles order of From, then To; steps nobody took are left out.
	Transitions []JourneyTransition `json:"transitions,omitempty"`
	// VolunteersRead says whether volunteer service was read (see Service.Journeys).
	VolunteersRead bool `json:"volunteers_read"`
}

// By returns the number of residents who became providers in the role to.
func (j Journeys) By(to JourneyRole) int {
	n := 0
	for _, t := range j.Transitions {
		if t.To == to {
			n += t.Residents
		}
	}
	return n
}

// CountJourneys counts the journeys of events for period (see Journeys): events dated at or
// after the period's end are ignored, so are events of unknown roles or without a
// resident. The order of events does not matter.
func CountJourneys(events []JourneyEvent, period wushe.Window) Journeys {
	type first struct {
		served, serving       time.Time
		servedAs, servingAs   JourneyRole
		hasServed, hasServing bool
	}
	rank := func(r JourneyRole) int { return slices.Index(JourneyRoles(), r) }
	earlier := func(t time.Time, r JourneyRole, have time.Time, haveRole JourneyRole, ok bool) bool {
		return !ok || t.Before(have) || (t.Equal(have) && rank(r) < rank(haveRole))
	}
	people := map[string]*first{}
	for _, e := range events {
		if e.Resident == "" || !e.Role.Valid() || !e.At.Before(period.End) {
			continue
		}
		p := people[e.Resident]
		if p == nil {
			p = &first{}
			people[e.Resident] = p
		}
		if e.Role.Provider() {
			if earlier(e.At, e.Role, p.serving, p.servingAs, p.hasServing) {
				p.serving, p.servingAs, p.hasServing = e.At, e.Role, true
			}
		} else if earlier(e.At, e.Role, p.served, p.servedAs, p.hasServed) {
			p.served, p.servedAs, p.hasServed = e.At, e.Role, true
		}
	}
	j := Journeys{Period: period, Residents: len(people)}
	steps := map[JourneyStep]int{}
	for _, p := range people {
		if p.hasServed {
			j.Served++
		}
		if !p.hasServing {
			continue
		}
		j.Serving++
		if !period.Contains(p.serving) {
			continue
		}
		j.NewProviders++
		if p.hasServed && p.served.Before(p.serving) {
			j.BecameProviders++
			steps[JourneyStep{From: p.servedAs, To: p.servingAs}]++
		}
	}
	for s, n := range steps {
		j.Transitions = append(j.Transitions, JourneyTransition{JourneyStep: s, Residents: n})
	}
	slices.SortFunc(j.Transitions, func(a, b JourneyTransition) int {
		return cmp.Or(cmp.Compare(rank(a.From), rank(b.From)), cmp.Compare(rank(a.To), rank(b.To)))
	})
	return j
}

// Indicator codes of residents who became providers that Outputs reports.
const (
	// CodeResidentsBecameProviders counts the residents who became providers in the period
	// (Journeys.BecameProviders); CodeResidentsBecameProvidersPrefix, followed by a
	// provider role, those whose first role serving was that one (see JourneyIndicator).
	CodeResidentsBecameProviders       = "residents_became_providers"
	CodeResidentsBecameProvidersPrefix = "residents_became_providers."
)

// JourneyIndicator returns the code counting the residents who became providers in role
// r: "residents_became_providers.volunteer" for RoleVolunteer.
func JourneyIndicator(r JourneyRole) string { return CodeResidentsBecameProvidersPrefix + string(r) }

// journeys counts the scope's residents who became providers, when the Service has a
// ReferenceKey to follow them with.
func (w *outputsWalk) journeys(c *outputCounts) error {
	if w.s.refKey == nil {
		return nil
	}
	j, err := w.s.journeys(w.ctx, w.op, w.communities, w.period)
	if err != nil {
		return err
	}
	c.journeys = &j
	return nil
}

// addJourneys appends the journey observations: the total and one per provider role.
func addJourneys(j Journeys, add func(string, decimal.Decimal)) {
	add(CodeResidentsBecameProviders, decimal.NewFromInt(int64(j.BecameProviders)))
	for _, r := range JourneyRoles() {
		if r.Provider() {
			add(JourneyIndicator(r), decimal.NewFromInt(int64(j.By(r))))
		}
	}
}

// residentRecords is what Journeys reads volunteers and their service from:
// *volunteer.Service and every volunteer.Store satisfy it.
type residentRecords interface {
	ListVolunteers(ctx context.Context, f volunteer.VolunteerFilter) (wushe.Page[volunteer.Volunteer], error)
	ListRecords(ctx context.Context, f volunteer.RecordFilter) (wushe.Page[volunteer.ServiceRecord], error)
}

// Journeys counts, for the communities of scope (the scope a dispatch takes: communities
// listed and every community of a street office) and period, the residents who were served
// first and serve later (see Journeys for the rule). It reads, from the records of those
// communities dated before the period's end:
//
//   - attendee: every attendance at their activities, at Attendance.At, or the activity's
//     start when the attendance is undated;
//   - beneficiary: their needs with a Beneficiary, at RaisedAt;
//   - client: their cases, at OpenedAt;
//   - member: the Roster of their organizations, at JoinedAt;
//   - party member: the members' reports to them with a post claimed, at the first claim;
//   - volunteer: their volunteers (volunteer.Volunteer.CommunityID) with a ResidentRef, at
//     the start of their earliest verified service record, wherever it was served. The
//     volunteers are read through Options.Volunteer when it can list volunteers (as
//     *volunteer.Service can), else through the Store when it keeps volunteers (as memstore
//     and sqlstore do); with neither, Journeys.VolunteersRead is false.
//
// References are compared by their keyed index under Options.ReferenceKey; without a key
// Journeys is KindInvalid, as are an invalid period and an empty scope. A community that
// does not exist is KindNotFound. Journeys only reads.
func (s *Service) Journeys(ctx context.Context, scope DispatchScope, period wushe.Window) (Journeys, error) {
	const op = "linkage.Service.Journeys"
	if err := wushe.WithOp(op, period.Validate()); err != nil {
		return Journeys{}, err
	}
	if s.refKey == nil {
		return Journeys{}, refuse(op, wushe.KindInvalid, "Options", uuid.Nil, "ReferenceKey",
			"following residents across the records needs a ReferenceKey in the Service's Options")
	}
	comms, err := s.scopeCommunities(ctx, op, scope)
	if err != nil {
		return Journeys{}, err
	}
	return s.journeys(ctx, op, comms, period)
}

// journeys reads the events of the communities and counts them.
func (s *Service) journeys(ctx context.Context, op string, comms []uuid.UUID, period wushe.Window) (Journeys, error) {
	var events []JourneyEvent
	var bad error
	add := func(ref wushe.Sensitive, role JourneyRole, at time.Time) {
		if ref.IsZero() || at.IsZero() || bad != nil {
			return
		}
		clear, err := ref.Reveal(revealRefs)
		if err != nil {
			bad = fail(op, err)
			return
		}
		events = append(events, JourneyEvent{Resident: wushe.KeyedIndex(s.refKey, wushe.ClassReference, clear), Role: role, At: at})
	}
	end := period.End
	for _, c := range comms {
		acts, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Activity], error) {
			return s.store.ListActivities(ctx, ActivityFilter{Community: c, To: end, Page: r})
		})
		if err != nil {
			return Journeys{}, fail(op, err)
		}
		for _, a := range acts {
			for _, at := range a.Attendance {
				add(at.Ref, RoleAttendee, cmp.Or(at.At, a.Window.Start))
			}
		}
		needs, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Need], error) {
			return s.store.ListNeeds(ctx, NeedFilter{Community: c, RaisedTo: end, Page: r})
		})
		if err != nil {
			return Journeys{}, fail(op, err)
		}
		for _, n := range needs {
			add(n.Beneficiary, RoleBeneficiary, n.RaisedAt)
		}
		cases, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Case], error) {
			return s.store.ListCases(ctx, CaseFilter{Community: c, Page: r})
		})
		if err != nil {
			return Journeys{}, fail(op, err)
		}
		for _, k := range cases {
			add(k.Client.Ref, RoleClient, k.OpenedAt)
		}
		orgs, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Organization], error) {
			return s.store.ListOrganizations(ctx, OrganizationFilter{Community: c, Page: r})
		})
		if err != nil {
			return Journeys{}, fail(op, err)
		}
		for _, o := range orgs {
			for _, m := range o.Roster {
				add(m.Ref, RoleMember, m.JoinedAt)
			}
		}
		reports, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[PartyReport], error) {
			return s.store.ListPartyReports(ctx, PartyReportFilter{Community: c, Kind: ReportMember, ReportedTo: end, Page: r})
		})
		if err != nil {
			return Journeys{}, fail(op, err)
		}
		for _, r := range reports {
			if len(r.Posts) > 0 {
				first := slices.MinFunc(r.Posts, func(a, b PostClaim) int { return a.ClaimedAt.Compare(b.ClaimedAt) })
				add(r.Member, RolePartyMember, first.ClaimedAt)
			}
		}
	}
	read, err := s.volunteerJourneys(ctx, op, comms, end, add)
	if err != nil {
		return Journeys{}, err
	}
	if bad != nil {
		return Journeys{}, bad
	}
	j := CountJourneys(events, period)
	j.VolunteersRead = read
	return j, nil
}

// volunteerJourneys adds the volunteer events of the communities' volunteers; false when
// neither the volunteer source nor the Store can list volunteers.
func (s *Service) volunteerJourneys(ctx context.Context, op string, comms []uuid.UUID, end time.Time,
	add func(wushe.Sensitive, JourneyRole, time.Time)) (bool, error) {
	src, ok := s.volunteer.(residentRecords)
	if !ok {
		if src, ok = s.store.(residentRecords); !ok {
			return false, nil
		}
	}
	for _, c := range comms {
		vs, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[volunteer.Volunteer], error) {
			return src.ListVolunteers(ctx, volunteer.VolunteerFilter{CommunityID: c, Page: r})
		})
		if err != nil {
			return false, fail(op, err)
		}
		for _, v := range vs {
			if v.ResidentRef.IsZero() {
				continue
			}
			recs, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[volunteer.ServiceRecord], error) {
				return src.ListRecords(ctx, volunteer.RecordFilter{VolunteerID: v.ID, Status: volunteer.RecordVerified, To: end, Page: r})
			})
			if err != nil {
				return false, fail(op, err)
			}
			if len(recs) > 0 {
				first := slices.MinFunc(recs, func(a, b volunteer.ServiceRecord) int { return a.Window.Start.Compare(b.Window.Start) })
				add(v.ResidentRef, RoleVolunteer, first.Window.Start)
			}
		}
	}
	return true, nil
}
