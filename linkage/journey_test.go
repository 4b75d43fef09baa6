package linkage_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/volunteer"
)

// journeyWorld is a Service with a ReferenceKey over memstore, a volunteer service on the
// same store, and two communities of one street office.
type journeyWorld struct {
	t      *testing.T
	mem    *memstore.Store
	clock  *wushe.ManualClock
	svc    *linkage.Service
	vol    *volunteer.Service
	a, b   linkage.Community
	worker linkage.SocialWorker
}

func newJourneyWorld(t *testing.T) *journeyWorld {
	t.Helper()
	w := &journeyWorld{t: t, mem: memstore.New(), clock: wushe.NewManualClock(time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC))}
	var err error
	w.vol, err = volunteer.NewService(w.mem, &volunteer.Options{Clock: w.clock})
	require.NoError(t, err)
	w.svc, err = linkage.NewService(w.mem, &linkage.Options{Clock: w.clock, NewID: wushe.SequentialIDs(t.Name()), ReferenceKey: refKey, Volunteer: w.vol})
	require.NoError(t, err)
	for _, c := range []*linkage.Community{&w.a, &w.b} {
		*c, err = w.svc.RegisterCommunity(t.Context(), linkage.Community{Name: "社区", Kind: linkage.CommunityUrban, StreetOffice: "春熙路街道"})
		require.NoError(t, err)
	}
	w.worker, err = w.svc.RegisterSocialWorker(t.Context(), linkage.SocialWorker{Name: mustName(t, "王小明"), Phone: mustPhone(t, "13812345678"),
		Agency: "阳光社工", Qualification: linkage.QualificationSocial, Communities: []uuid.UUID{w.a.ID, w.b.ID}})
	require.NoError(t, err)
	return w
}

func ref(s string) wushe.Sensitive { return wushe.NewSensitive(wushe.ClassReference, s) }

func march(day int) time.Time { return time.Date(2024, 3, day, 9, 0, 0, 0, time.UTC) }

// attend records an activity in community c on day with the residents attending.
func (w *journeyWorld) attend(c linkage.Community, at time.Time, who ...string) {
	w.t.Helper()
	a := linkage.Activity{Community: c.ID, Kind: linkage.ActivityCommunityWork, Title: "邻里节", Window: wushe.NewWindow(at, time.Hour)}
	for _, r := range who {
		a.Attendance = append(a.Attendance, linkage.Attendance{Ref: ref(r)})
	}
	_, err := w.svc.RecordActivity(w.t.Context(), a)
	require.NoError(w.t, err)
}

// raise raises a need in c for the resident.
func (w *journeyWorld) raise(c linkage.Community, at time.Time, who string) {
	w.t.Helper()
	_, err := w.svc.RaiseNeed(w.t.Context(), linkage.Need{Community: c.ID, TargetGroup: linkage.GroupElderly, Category: "meal delivery",
		Urgency: linkage.UrgencyAnxious, Source: linkage.SourceHomeVisit, Beneficiary: ref(who), RaisedAt: at, Description: "午餐"})
	require.NoError(w.t, err)
}

// organization registers an organization of c with the roster given as resident → joined.
func (w *journeyWorld) organization(c linkage.Community, roster map[string]time.Time) linkage.Organization {
	w.t.Helper()
	o := linkage.Organization{Name: "夕阳红互助会", Field: linkage.FieldMutualAid, Type: linkage.OrgAssociation, Community: c.ID,
		Stage: linkage.StageInterestGroup}
	for _, r := range slices.Sorted(func(yield func(string) bool) {
		for k := range roster {
			if !yield(k) {
				return
			}
		}
	}) {
		o.Roster = append(o.Roster, linkage.RosterEntry{Ref: ref(r), JoinedAt: roster[r]})
	}
	o, err := w.svc.RegisterOrganization(w.t.Context(), o)
	require.NoError(w.t, err)
	return o
}

// volunteerServes registers the resident as a volunteer of c and records verified service
// starting at.
func (w *journeyWorld) volunteerServes(c linkage.Community, who string, at time.Time) {
	w.t.Helper()
	v := volunteer.Volunteer{ID: uuid.New(), Status: volunteer.StatusActive, CommunityID: c.ID, ResidentRef: ref(who)}
	require.NoError(w.t, w.mem.CreateVolunteer(w.t.Context(), v))
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: c.ID}
	now := w.clock.Now()
	w.clock.Set(at.Add(3 * time.Hour))
	rec, err := w.vol.RecordService(w.t.Context(), org, volunteer.ServiceRecord{VolunteerID: v.ID, Activity: "送餐", Content: "送午餐",
		Theme: "elderly_care", Window: wushe.NewWindow(at, 2*time.Hour), Minutes: 120, Organizer: org})
	require.NoError(w.t, err)
	_, err = w.vol.VerifyRecord(w.t.Context(), org, rec.ID, true) // recorded outside a shift
	require.NoError(w.t, err)
	w.clock.Set(now)
}

// reportsAndServes records a member's report to c and a post claimed at.
func (w *journeyWorld) reportsAndServes(c linkage.Community, who string, at time.Time) {
	w.t.Helper()
	now := w.clock.Now()
	w.clock.Set(at)
	r, err := w.svc.ReportToCommunity(w.t.Context(), linkage.PartyReport{Community: c.ID, Kind: linkage.ReportMember, Member: ref(who), Employer: "区税务局"})
	require.NoError(w.t, err)
	_, err = w.svc.ClaimPost(w.t.Context(), r.ID, linkage.PostGridHelper)
	require.NoError(w.t, err)
	w.clock.Set(now)
}

// The residents of community A in March, each with a story:
//
//	r1 attends on 1 Mar, joins an organization on 10 Mar         became a member
//	r2 has a need raised on 2 Mar, serves as a volunteer 12 Mar   became a volunteer
//	r3 is a case client from 3 Mar, reports and claims 15 Mar     became a party member
//	r4 joined in February, attends on 5 Mar                       served after serving: not counted
//	r5 attends and joins at the same instant, 6 Mar               a new provider, not one who became one
//	r6 attended in February, joins in April                       after the period
//	r7 attends in community B in February, volunteers in A 20 Mar  became one in A only via B's record: not in A
func TestJourneysFollowResidentsAcrossTheRecords(t *testing.T) {
	w := newJourneyWorld(t)
	ctx := t.Context()
	feb := time.Date(2024, 2, 10, 9, 0, 0, 0, time.UTC)
	w.attend(w.a, march(1), "r1")
	w.raise(w.a, march(2), "r2")
	w.clock.Set(march(3))
	_, err := w.svc.OpenCase(ctx, linkage.Case{Community: w.a.ID, Worker: w.worker.ID, Risk: linkage.RiskLow,
		Client:   linkage.Client{Ref: ref("r3")},
		Consents: []linkage.Consent{{GivenBy: "client", Scope: []string{linkage.ScopeService}, Purpose: "case work"}}})
	require.NoError(t, err)
	w.clock.Set(time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC))
	w.attend(w.a, march(5), "r4")
	w.attend(w.a, march(6), "r5")
	w.attend(w.a, feb, "r6")
	w.organization(w.a, map[string]time.Time{"r1": march(10), "r4": feb, "r5": march(6), "r6": time.Date(2024, 4, 2, 0, 0, 0, 0, time.UTC)})
	w.volunteerServes(w.a, "r2", march(12))
	w.reportsAndServes(w.a, "r3", march(15))
	w.attend(w.b, feb, "r7")
	w.volunteerServes(w.a, "r7", march(20))

	j, err := w.svc.Journeys(ctx, linkage.DispatchScope{Communities: []uuid.UUID{w.a.ID}}, march2024)
	require.NoError(t, err)
	require.True(t, j.VolunteersRead)
	require.Equal(t, 7, j.Residents, "r1..r7; r6's April membership is after the period")
	require.Equal(t, 6, j.Served, "r7 was served in B only")
	require.Equal(t, 6, j.Serving, "r1 r2 r3 r4 r5 r7")
	require.Equal(t, 5, j.NewProviders, "r1 r2 r3 r5 r7; r4 served from February")
	require.Equal(t, 3, j.BecameProviders)
	require.Equal(t, []linkage.JourneyTransition{
		{JourneyStep: linkage.JourneyStep{From: linkage.RoleAttendee, To: linkage.RoleMember}, Residents: 1},
		{JourneyStep: linkage.JourneyStep{From: linkage.RoleBeneficiary, To: linkage.RoleVolunteer}, Residents: 1},
		{JourneyStep: linkage.JourneyStep{From: linkage.RoleClient, To: linkage.RolePartyMember}, Residents: 1},
	}, j.Transitions)
	require.Equal(t, 1, j.By(linkage.RoleVolunteer))

	// The street covers both communities: r7, served in B in February, became a volunteer.
	street, err := w.svc.Journeys(ctx, linkage.DispatchScope{StreetOffice: "春熙路街道"}, march2024)
	require.NoError(t, err)
	require.Equal(t, 4, street.BecameProviders)
	require.Equal(t, 2, street.By(linkage.RoleVolunteer))

	// April: r6 became a member (attended in February).
	april := wushe.Window{Start: march2024.End, End: march2024.End.AddDate(0, 1, 0)}
	j, err = w.svc.Journeys(ctx, linkage.DispatchScope{Communities: []uuid.UUID{w.a.ID}}, april)
	require.NoError(t, err)
	require.Equal(t, 1, j.BecameProviders)

	// Outputs reports the same figures, and nothing in them is a reference.
	got := outputValues(t, w.svc, w.a.ID, nil)
	require.Equal(t, "3", got[linkage.CodeResidentsBecameProviders])
	require.Equal(t, "1", got[linkage.JourneyIndicator(linkage.RoleMember)])
	require.Equal(t, "1", got[linkage.JourneyIndicator(linkage.RoleVolunteer)])
	require.Equal(t, "1", got[linkage.JourneyIndicator(linkage.RolePartyMember)])
	require.NotContains(t, got, linkage.JourneyIndicator(linkage.RoleAttendee))
	j, err = w.svc.Journeys(ctx, linkage.DispatchScope{Communities: []uuid.UUID{w.a.ID}}, march2024)
	require.NoError(t, err)
	require.NotContains(t, fmt.Sprintf("%+v", j), "r1")
}

func TestJourneysRejects(t *testing.T) {
	w := newJourneyWorld(t)
	ctx := t.Context()
	scope := linkage.DispatchScope{Communities: []uuid.UUID{w.a.ID}}
	_, err := w.svc.Journeys(ctx, scope, wushe.Window{})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.Journeys")
	_, err = w.svc.Journeys(ctx, linkage.DispatchScope{}, march2024)
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.Journeys")
	_, err = w.svc.Journeys(ctx, linkage.DispatchScope{Communities: []uuid.UUID{uuid.New()}}, march2024)
	requireKind(t, err, wushe.KindNotFound, "linkage.Service.Journeys")

	// Without a ReferenceKey residents cannot be followed, and Outputs leaves them out.
	f := newFixture(t)
	_, err = f.svc.Journeys(f.ctx, linkage.DispatchScope{Communities: []uuid.UUID{f.community.ID}}, march2024)
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.Journeys")
	require.Contains(t, fields(err), "ReferenceKey")
	require.NotContains(t, outputValues(t, f.svc, f.community.ID, nil), linkage.CodeResidentsBecameProviders)

	// A Store that keeps no volunteers: the rest is still counted.
	fs := newFakeStore()
	svc, err := linkage.NewService(fs, &linkage.Options{ReferenceKey: refKey})
	require.NoError(t, err)
	c, err := svc.RegisterCommunity(ctx, linkage.Community{Name: "社区", Kind: linkage.CommunityUrban})
	require.NoError(t, err)
	j, err := svc.Journeys(ctx, linkage.DispatchScope{Communities: []uuid.UUID{c.ID}}, march2024)
	require.NoError(t, err)
	require.False(t, j.VolunteersRead)
}

func TestOrganizationRosterIsValidated(t *testing.T) {
	o := linkage.Organization{Name: "互助会", Field: linkage.FieldMutualAid, Type: linkage.OrgAssociation, Community: uuid.New(),
		Stage: linkage.StageInterestGroup, Roster: []linkage.RosterEntry{
			{Ref: ref("r1"), JoinedAt: march(1)},
			{Ref: ref("r1"), JoinedAt: march(2)},
			{Ref: wushe.NewSensitive(wushe.ClassHealth, "x"), JoinedAt: march(2)},
			{Ref: ref("r3")},
		}}
	require.ElementsMatch(t, []string{"Roster[1].Ref", "Roster[2].Ref", "Roster[3].JoinedAt"}, fields(o.Validate()))
	o.Roster = o.Roster[:1]
	require.NoError(t, o.Validate())
	require.NotContains(t, fmt.Sprintf("%v", o), "r1", "a roster prints masked")
}

// journeyOracle counts BecameProviders the long way: sort a resident's events by time
// (served before serving at the same instant never matters: it must be strictly before),
// find the first serving event before the period's end, and look for a served event
// strictly before it.
func journeyOracle(events []linkage.JourneyEvent, period wushe.Window) (became, newProviders int) {
	by := map[string][]linkage.JourneyEvent{}
	for _, e := range events {
		if e.Resident != "" && e.Role.Valid() && e.At.Before(period.End) {
			by[e.Resident] = append(by[e.Resident], e)
		}
	}
	for _, es := range by {
		slices.SortFunc(es, func(a, b linkage.JourneyEvent) int { return a.At.Compare(b.At) })
		i := slices.IndexFunc(es, func(e linkage.JourneyEvent) bool { return e.Role.Provider() })
		if i < 0 || !period.Contains(es[i].At) {
			continue
		}
		newProviders++
		if slices.ContainsFunc(es, func(e linkage.JourneyEvent) bool { return !e.Role.Provider() && e.At.Before(es[i].At) }) {
			became++
		}
	}
	return became, newProviders
}

func randomJourneyEvents(r *rand.Rand) []linkage.JourneyEvent {
	roles := linkage.JourneyRoles()
	n := r.IntN(60)
	out := make([]linkage.JourneyEvent, n)
	for i := range out {
		out[i] = linkage.JourneyEvent{Resident: fmt.Sprint("k", r.IntN(12)), Role: roles[r.IntN(len(roles))],
			At: march(1).Add(time.Duration(r.IntN(24*60)) * time.Hour)}
	}
	return out
}

// The rules of CountJourneys hold for random records: the oracle agrees, the counts nest,
// the transitions add up, the order of the records does not matter, splitting the period
// splits the count, and records at or after the period's end change nothing.
func TestCountJourneysProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2024))
	period := wushe.Window{Start: march(10), End: march(40)}
	for range 500 {
		events := randomJourneyEvents(r)
		j := linkage.CountJourneys(events, period)
		became, newProviders := journeyOracle(events, period)
		require.Equal(t, became, j.BecameProviders)
		require.Equal(t, newProviders, j.NewProviders)
		require.LessOrEqual(t, j.BecameProviders, j.NewProviders)
		require.LessOrEqual(t, j.NewProviders, j.Serving)
		require.LessOrEqual(t, j.Serving, j.Residents)
		require.LessOrEqual(t, j.Served, j.Residents)
		sum := 0
		for i, tr := range j.Transitions {
			require.False(t, tr.From.Provider())
			require.True(t, tr.To.Provider())
			require.Positive(t, tr.Residents)
			sum += tr.Residents
			if i > 0 {
				prev := j.Transitions[i-1]
				require.True(t, slices.Index(linkage.JourneyRoles(), prev.From) < slices.Index(linkage.JourneyRoles(), tr.From) ||
					prev.From == tr.From && slices.Index(linkage.JourneyRoles(), prev.To) < slices.Index(linkage.JourneyRoles(), tr.To))
			}
		}
		require.Equal(t, j.BecameProviders, sum)

		shuffled := slices.Clone(events)
		r.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		require.Equal(t, j, linkage.CountJourneys(shuffled, period))

		mid := period.Start.Add(time.Duration(r.IntN(int(period.Duration()/time.Hour))) * time.Hour)
		first := linkage.CountJourneys(events, wushe.Window{Start: period.Start, End: mid})
		second := linkage.CountJourneys(events, wushe.Window{Start: mid, End: period.End})
		require.Equal(t, j.BecameProviders, first.BecameProviders+second.BecameProviders)

		later := append(slices.Clone(events), linkage.JourneyEvent{Resident: "k1", Role: linkage.RoleVolunteer, At: period.End},
			linkage.JourneyEvent{Resident: "new", Role: linkage.RoleAttendee, At: period.End.Add(time.Hour)})
		require.Equal(t, j, linkage.CountJourneys(later, period))
	}
}

func TestCountJourneysTies(t *testing.T) {
	p := wushe.Window{Start: march(1), End: march(31)}
	at := march(5)
	// Served and serving at the same instant: a new provider, not one who became one.
	j := linkage.CountJourneys([]linkage.JourneyEvent{{"a", linkage.RoleAttendee, at}, {"a", linkage.RoleMember, at}}, p)
	require.Equal(t, 1, j.NewProviders)
	require.Zero(t, j.BecameProviders)
	// Two roles of a side at one instant: the first in JourneyRoles order is taken.
	j = linkage.CountJourneys([]linkage.JourneyEvent{
		{"a", linkage.RoleClient, at}, {"a", linkage.RoleBeneficiary, at},
		{"a", linkage.RolePartyMember, at.Add(time.Hour)}, {"a", linkage.RoleMember, at.Add(time.Hour)},
		{"", linkage.RoleAttendee, at}, {"b", "stranger", at},
	}, p)
	require.Equal(t, 1, j.Residents)
	require.Equal(t, []linkage.JourneyTransition{{JourneyStep: linkage.JourneyStep{From: linkage.RoleBeneficiary, To: linkage.RoleMember}, Residents: 1}}, j.Transitions)
	require.True(t, linkage.RolePartyMember.Valid() && !linkage.JourneyRole("x").Valid())
	require.False(t, strings.Contains(fmt.Sprint(linkage.JourneyRoles()), "x"))
}
