package linkage_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/evaluation"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/linkage/linkagetest"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/storetest"
)

// outDay returns 09:00 UTC on the given day of 2024.
func outDay(month time.Month, day int) time.Time {
	return time.Date(2024, month, day, 9, 0, 0, 0, time.UTC)
}

// outMarch is the period most tests derive outputs for.
var outMarch = wushe.Window{Start: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}

// outWorld is a small world with known outputs in March 2024; see newOutWorld.
type outWorld struct {
	ctx       context.Context
	clock     *wushe.ManualClock
	svc       *linkage.Service
	a, b      linkage.Community
	worker    linkage.SocialWorker
	project   linkage.Project
	act1      linkage.Activity
	u1, u2    linkage.Unit
	o1, o2    linkage.Organization
	needsInA  []linkage.Need
	volunteer []uuid.UUID
}

// newOutWorld builds, through the Service over store (memstore when nil), a project P in
// community A and a community B, with activities, cases, links, needs and organizations
// whose March counts are worked out by hand in the comments.
func newOutWorld(t testing.TB, store linkage.Store) *outWorld {
	t.Helper()
	if store == nil {
		store = memstore.New()
	}
	w := &outWorld{ctx: context.Background(), clock: wushe.NewManualClock(outDay(time.February, 1))}
	var err error
	w.svc, err = linkage.NewService(store, &linkage.Options{Clock: w.clock, NewID: wushe.SequentialIDs("outputs")})
	require.NoError(t, err)
	must := func(err error) {
		t.Helper()
		require.NoError(t, err)
	}
	w.a, err = w.svc.RegisterCommunity(w.ctx, linkage.Community{Name: "J社区", Kind: linkage.CommunityUrban,
		District: "锦江区", StreetOffice: "春熙路街道", Households: 7000, Residents: 20000})
	must(err)
	w.b, err = w.svc.RegisterCommunity(w.ctx, linkage.Community{Name: "K社区", Kind: linkage.CommunityUrban,
		District: "锦江区", StreetOffice: "春熙路街道", Households: 3000, Residents: 9000})
	must(err)
	w.worker, err = w.svc.RegisterSocialWorker(w.ctx, linkage.SocialWorker{
		Name: mustName(t, "王小明"), Phone: mustPhone(t, "13812345678"), Agency: "阳光社工",
		Qualification: linkage.QualificationSocial, Communities: []uuid.UUID{w.a.ID, w.b.ID},
	})
	must(err)
	w.project, err = w.svc.RegisterProject(w.ctx, linkage.Project{
		Name: "J社区五社联动项目", Purchaser: "锦江区民政局", Operator: "阳光社工",
		Communities: []uuid.UUID{w.a.ID}, Budget: decimal.NewFromInt(300000),
		Cycle: wushe.Window{Start: outMarch.Start, End: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)},
		Targets: []linkage.Target{
			{IndicatorCode: evaluation.CodeHouseholdsVisited, Name: "入户走访", Unit: "household", Value: decimal.NewFromInt(4)},
			{IndicatorCode: evaluation.CodeCaseServices, Name: "个案服务", Unit: "session", Value: decimal.NewFromInt(5)},
			{IndicatorCode: evaluation.CodePeopleServed, Name: "服务人数", Unit: "person", Value: decimal.NewFromInt(6)},
			{IndicatorCode: evaluation.CodeMedianResponseDays, Name: "需求响应", Unit: "day", Value: decimal.NewFromInt(7)},
			{Name: "服务品牌宣传", Unit: "item", Value: decimal.NewFromInt(1)},
		},
	})
	must(err)
	for i, u := range []*linkage.Unit{&w.u1, &w.u2} {
		*u, err = w.svc.RegisterUnit(w.ctx, linkage.Unit{Name: "单位" + strconv.Itoa(i+1), Kind: linkage.UnitEnterprise, Community: w.a.ID})
		must(err)
	}
	org := func(name string, community uuid.UUID) linkage.Organization {
		o, err := w.svc.RegisterOrganization(w.ctx, linkage.Organization{
			Name: name, Field: linkage.FieldMutualAid, Type: linkage.OrgAssociation, Community: community,
			Leader:  linkage.Leader{Name: mustName(t, "张织"), Phone: mustPhone(t, "13900001111")},
			Members: linkage.Members{Individuals: 12}, Venue: "社区活动室",
			Charter: linkage.Charter{Text: "章程", AdoptedAt: outDay(time.January, 5)},
		})
		must(err)
		return o
	}
	// Organizations: O1 filed on 20 March, O2 filed on 3 April (an interest group at the
	// end of March), O3 in community B.
	w.o1, w.o2 = org("编织小组", w.a.ID), org("读书会", w.a.ID)
	org("舞蹈队", w.b.ID)

	// Activities. Project P in March: act1 group work {p1, p2}; act2 community work {p1, p3}
	// and 5 uncounted heads; act6 a case-session activity {p5}. Outside P: act3 in February;
	// act5, a market in A without a project {p4}; act4 in B {p8}.
	activity := func(kind linkage.ActivityKind, community, project uuid.UUID, start time.Time, uncounted int, refs ...string) linkage.Activity {
		a := linkage.Activity{Kind: kind, Title: string(kind), Community: community, Project: project,
			Window: wushe.NewWindow(start, 2*time.Hour), UncountedPersonTimes: uncounted}
		for _, r := range refs {
			a.Attendance = append(a.Attendance, linkage.Attendee(r, time.Time{}))
		}
		a, err := w.svc.RecordActivity(w.ctx, a)
		must(err)
		return a
	}
	P := w.project.ID
	w.act1 = activity(linkage.ActivityGroupWork, w.a.ID, P, outDay(time.March, 5), 0, "p1", "p2")
	act2 := activity(linkage.ActivityCommunityWork, w.a.ID, P, outDay(time.March, 8), 5, "p1", "p3")
	activity(linkage.ActivityCaseSession, w.a.ID, P, outDay(time.March, 9), 0, "p5")
	activity(linkage.ActivityTraining, w.a.ID, P, outDay(time.February, 20), 0, "p9")
	act5 := activity(linkage.ActivityPublicWelfareMarket, w.a.ID, uuid.Nil, outDay(time.March, 10), 0, "p4")
	act4 := activity(linkage.ActivityCommunityWork, w.b.ID, uuid.Nil, outDay(time.March, 10), 0, "p8")

	// Cases in A: case 1 (household H1, client C1) with two home visits and a counselling
	// session in March; case 2 (H1 again, client C2) one home visit; case 3 (no household,
	// client p1, who also attends activities) one home visit; case 4 (H4) visited in
	// February only. Households visited in March: H1 and case 3 = 2.
	openCase := func(household, client string, sessions ...linkage.Session) {
		c, err := w.svc.OpenCase(w.ctx, linkage.Case{
			Community: w.a.ID, Worker: w.worker.ID, Risk: linkage.RiskLow, Household: household,
			Client:   linkage.Client{Ref: wushe.NewSensitive(wushe.ClassReference, client)},
			Consents: []linkage.Consent{{GivenBy: "client", Scope: []string{linkage.ScopeService}, Purpose: "case work"}},
		})
		must(err)
		for _, s := range sessions {
			s.Worker = w.worker.ID
			_, err = w.svc.AddSession(w.ctx, c.ID, s)
			must(err)
		}
	}
	visit := func(at time.Time) linkage.Session {
		return linkage.Session{Kind: linkage.SessionHomeVisit, At: at, Notes: wushe.NewSensitive(wushe.ClassCaseNote, "visit")}
	}
	openCase("H1", "C1", visit(outDay(time.March, 2)), visit(outDay(time.March, 10)),
		linkage.Session{Kind: linkage.SessionCounselling, At: outDay(time.March, 11), Notes: wushe.NewSensitive(wushe.ClassCaseNote, "talk")})
	openCase("H1", "C2", visit(outDay(time.March, 12)))
	openCase("", "p1", visit(outDay(time.March, 15)))
	openCase("H4", "C4", visit(outDay(time.February, 15)))

	// Needs (A unless said): N0 raised 10 Feb, planned 3 Mar (21 days), met 5 Mar; N1 raised
	// 1 Mar, planned 2 Mar (1 day), met 20 Mar; N2 raised 4 Mar, planned 7 Mar 21:00 (3.5
	// days); N3 raised 25 Mar; N4 raised 28 Mar, planned 2 Apr, met 5 Apr; N5 in B.
	raise := func(community uuid.UUID, at time.Time) linkage.Need {
		w.clock.Set(at)
		n, err := w.svc.RaiseNeed(w.ctx, linkage.Need{Community: community, TargetGroup: linkage.GroupElderly,
			Category: "meal delivery", Urgency: linkage.UrgencyUrgent, Source: linkage.SourceHomeVisit,
			Description: "needs lunch"})
		must(err)
		return n
	}
	step := func(at time.Time, fn func(context.Context, uuid.UUID) (linkage.Need, error), id uuid.UUID) {
		w.clock.Set(at)
		_, err := fn(w.ctx, id)
		must(err)
	}
	meet := func(ctx context.Context, id uuid.UUID) (linkage.Need, error) { return w.svc.MeetNeed(ctx, id, "done") }
	n0 := raise(w.a.ID, outDay(time.February, 10))
	n1 := raise(w.a.ID, outDay(time.March, 1))
	step(outDay(time.March, 2), w.svc.PlanNeed, n1.ID)
	step(outDay(time.March, 3), w.svc.PlanNeed, n0.ID)
	n2 := raise(w.a.ID, outDay(time.March, 4))
	step(outDay(time.March, 5), w.svc.StartNeed, n0.ID)
	step(outDay(time.March, 5).Add(time.Hour), meet, n0.ID)
	n5 := raise(w.b.ID, outDay(time.March, 5).Add(2*time.Hour))
	step(outDay(time.March, 7).Add(12*time.Hour), w.svc.PlanNeed, n2.ID)
	step(outDay(time.March, 6), w.svc.PlanNeed, n5.ID)
	step(outDay(time.March, 20), w.svc.StartNeed, n1.ID)
	step(outDay(time.March, 20).Add(time.Hour), meet, n1.ID)
	w.clock.Set(outDay(time.March, 20).Add(2 * time.Hour))
	_, err = w.svc.AdvanceOrganization(w.ctx, w.o1.ID, linkage.StageFiled, "春熙路街道", "")
	must(err)
	n3 := raise(w.a.ID, outDay(time.March, 25))
	n4 := raise(w.a.ID, outDay(time.March, 28))
	step(outDay(time.April, 2), w.svc.PlanNeed, n4.ID)
	w.clock.Set(outDay(time.April, 3))
	_, err = w.svc.AdvanceOrganization(w.ctx, w.o2.ID, linkage.StageFiled, "春熙路街道", "")
	must(err)
	step(outDay(time.April, 4), w.svc.StartNeed, n4.ID)
	step(outDay(time.April, 5), meet, n4.ID)
	w.needsInA = []linkage.Need{n0, n1, n2, n3, n4}
	// An organization of A created after March does not count for March.
	org("合唱团", w.a.ID)

	// Links. Volunteer V1 to the project (3 Mar) and to act1 (5 Mar); V2 to need N1 in A;
	// unit U1 to act5 under project P; U2 to act2 in February; V3 to act4 in B; O1 to the
	// project (an organization, not counted); V4 to the project in April.
	w.volunteer = []uuid.UUID{uuid.New(), uuid.New(), uuid.New(), uuid.New()}
	by := linkage.Party{Kind: linkage.PartySocialWorker, ID: w.worker.ID}
	link := func(from linkage.Party, to linkage.LinkTarget, project uuid.UUID, at time.Time) {
		_, err := w.svc.RecordLink(w.ctx, linkage.Link{Kind: linkage.LinkVolunteerService, At: at, By: by, From: from, To: to, Project: project})
		must(err)
	}
	vol := func(i int) linkage.Party { return linkage.Party{Kind: linkage.PartyVolunteer, ID: w.volunteer[i]} }
	unit := func(u linkage.Unit) linkage.Party { return linkage.Party{Kind: linkage.PartyUnit, ID: u.ID} }
	toProject := linkage.LinkTarget{Kind: linkage.TargetProject, ID: P}
	toActivity := func(a linkage.Activity) linkage.LinkTarget {
		return linkage.LinkTarget{Kind: linkage.TargetActivity, ID: a.ID}
	}
	link(vol(0), toProject, uuid.Nil, outDay(time.March, 3))
	link(vol(0), toActivity(w.act1), uuid.Nil, outDay(time.March, 5))
	link(vol(1), linkage.LinkTarget{Kind: linkage.TargetNeed, ID: n1.ID}, uuid.Nil, outDay(time.March, 6))
	link(unit(w.u1), toActivity(act5), P, outDay(time.March, 10))
	link(unit(w.u2), toActivity(act2), uuid.Nil, outDay(time.February, 25))
	link(vol(2), toActivity(act4), uuid.Nil, outDay(time.March, 10))
	link(linkage.Party{Kind: linkage.PartyOrganization, ID: w.o1.ID}, toProject, uuid.Nil, outDay(time.March, 3))
	link(vol(3), toProject, uuid.Nil, outDay(time.April, 2))
	w.clock.Set(outDay(time.April, 10))
	return w
}

// values maps each observation's indicator to its value, checking the observations'
// common fields on the way.
func values(t *testing.T, set evaluation.ObservationSet, scope evaluation.Scope, period wushe.Window, at time.Time) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, o := range set.All() {
		require.Equal(t, scope, o.Scope, o.Indicator)
		require.Equal(t, period, o.Period, o.Indicator)
		require.Equal(t, linkage.OutputsSource, o.Source)
		require.True(t, at.Equal(o.RecordedAt), o.Indicator)
		_, dup := out[o.Indicator]
		require.False(t, dup, "indicator %s reported twice", o.Indicator)
		out[o.Indicator] = o.Value.String()
	}
	return out
}

func TestOutputsProject(t *testing.T) {
	w := newOutWorld(t, nil)
	set, err := w.svc.Outputs(w.ctx, linkage.ProjectScope(w.project.ID), outMarch, nil)
	require.NoError(t, err)
	got := values(t, set, evaluation.Scope{Kind: evaluation.ScopeProject, ID: w.project.ID.String()}, outMarch, outDay(time.April, 10))
	require.Equal(t, map[string]string{
		evaluation.CodeHouseholdsVisited:                    "2",  // H1 twice (two cases) and case 3
		evaluation.CodeCaseServices:                         "5",  // 3 + 1 + 1 sessions in March
		linkage.CodeCasesServed:                             "3",  // three clients given those sessions
		evaluation.CodeGroupSessions:                        "1",  // act1
		evaluation.CodeCommunityActivities:                  "1",  // act2; act6 is a case session
		linkage.CodeActivitiesTotal:                         "3",  // act1, act2, act6
		evaluation.CodePeopleServed:                         "6",  // p1 p2 p3 p5 C1 C2
		evaluation.CodePersonTimes:                          "15", // 2 + 2 + 5 + 1 attendances, 5 sessions
		evaluation.CodeVolunteersConnected:                  "1",  // V1 twice
		evaluation.CodeUnitsConnected:                       "1",  // U1 under the project
		evaluation.CodeNeedsRaised:                          "4",  // N1..N4
		evaluation.CodeNeedsMet:                             "2",  // N0, N1
		evaluation.CodeNeedsMetShare:                        "0.25",
		evaluation.CodeMedianResponseDays:                   "3.5", // 1, 3.5, 21
		linkage.StageIndicator(linkage.StageInterestGroup):  "1",
		linkage.StageIndicator(linkage.StageVolunteerTeam):  "0",
		linkage.StageIndicator(linkage.StageFiled):          "1",
		linkage.StageIndicator(linkage.StageRegistered):     "0",
		linkage.StageIndicator(linkage.StageServiceBrand):   "0",
		evaluation.CodeOrganizationsFiled:                   "1",
		linkage.CodePartyMembersReported:                    "0",
		linkage.CodePartyOrganizationsReported:              "0",
		linkage.CodePartyPostsClaimed:                       "0",
		linkage.PostIndicator(linkage.PostGridHelper):       "0",
		linkage.PostIndicator(linkage.PostVolunteerService): "0",
		linkage.PostIndicator(linkage.PostPublicity):        "0",
		linkage.CodePartyServiceHours:                       "0", // memstore keeps volunteer records
		linkage.CodePartyOrganizationsRequired:              "0",
		linkage.CodePartyOrganizationsCovered:               "0",
	}, got)
}

func TestOutputsCommunity(t *testing.T) {
	w := newOutWorld(t, nil)
	set, err := w.svc.Outputs(w.ctx, linkage.CommunityScope(w.a.ID), outMarch, nil)
	require.NoError(t, err)
	got := values(t, set, evaluation.Scope{Kind: evaluation.ScopeCommunity, ID: w.a.ID.String()}, outMarch, outDay(time.April, 10))
	require.Equal(t, "4", got[linkage.CodeActivitiesTotal])         // act1, act2, act5, act6
	require.Equal(t, "2", got[evaluation.CodeCommunityActivities])  // act2, act5
	require.Equal(t, "7", got[evaluation.CodePeopleServed])         // and p4
	require.Equal(t, "16", got[evaluation.CodePersonTimes])         // and p4 once
	require.Equal(t, "2", got[evaluation.CodeVolunteersConnected])  // V1 via act1, V2 via N1; not the project link
	require.Equal(t, "1", got[evaluation.CodeUnitsConnected])       // U1 via act5
	require.Equal(t, "2", got[evaluation.CodeHouseholdsVisited])    // the same cases
	require.Equal(t, "4", got[evaluation.CodeNeedsRaised])          // N5 is in B
	require.Equal(t, "3.5", got[evaluation.CodeMedianResponseDays]) // N5 planned in B does not count
	require.Equal(t, "1", got[evaluation.CodeOrganizationsFiled])   // O1
	require.Equal(t, "1", got[linkage.StageIndicator(linkage.StageFiled)])

	setB, err := w.svc.Outputs(w.ctx, linkage.CommunityScope(w.b.ID), outMarch, nil)
	require.NoError(t, err)
	gotB := values(t, setB, evaluation.Scope{Kind: evaluation.ScopeCommunity, ID: w.b.ID.String()}, outMarch, outDay(time.April, 10))
	require.Equal(t, "1", gotB[evaluation.CodeVolunteersConnected]) // V3
	require.Equal(t, "0", gotB[evaluation.CodeUnitsConnected])
	require.Equal(t, "0", gotB[evaluation.CodeCaseServices])
	require.Equal(t, "1", gotB[evaluation.CodeNeedsRaised])
	require.Equal(t, "0", gotB[evaluation.CodeNeedsMetShare])
	require.Equal(t, "0.92", gotB[evaluation.CodeMedianResponseDays]) // raised 5 Mar 11:00, planned 6 Mar 09:00: 22 h = 0.9167 days
	require.Equal(t, "1", gotB[linkage.StageIndicator(linkage.StageInterestGroup)])
}

// An empty period reports every count as zero and omits the share and the median.
func TestOutputsEmptyPeriod(t *testing.T) {
	w := newOutWorld(t, nil)
	jan := wushe.Window{Start: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC)}
	set, err := w.svc.Outputs(w.ctx, linkage.ProjectScope(w.project.ID), jan, nil)
	require.NoError(t, err)
	got := values(t, set, evaluation.Scope{Kind: evaluation.ScopeProject, ID: w.project.ID.String()}, jan, outDay(time.April, 10))
	require.Len(t, got, 27) // 18 and the party figures
	for code, v := range got {
		require.Equal(t, "0", v, code)
	}
	require.NotContains(t, got, evaluation.CodeNeedsMetShare)
	require.NotContains(t, got, evaluation.CodeMedianResponseDays)
	require.NotContains(t, got, evaluation.CodeVolunteerHours)
	require.NotContains(t, got, evaluation.CodeResourcesAllocatedValue)
}

// Walking pages of one item gives what one page gives, and more than a default page of
// activities is read to the end.
func TestOutputsPaging(t *testing.T) {
	w := newOutWorld(t, nil)
	scope := linkage.CommunityScope(w.a.ID)
	whole, err := w.svc.Outputs(w.ctx, scope, outMarch, nil)
	require.NoError(t, err)
	paged, err := w.svc.Outputs(w.ctx, scope, outMarch, &linkage.OutputOptions{PageLimit: 1})
	require.NoError(t, err)
	require.Equal(t, whole.All(), paged.All())

	const extra = 130
	for i := range extra {
		_, err := w.svc.RecordActivity(w.ctx, linkage.Activity{Kind: linkage.ActivityGroupWork, Title: "围棋", Community: w.a.ID,
			Project: w.project.ID, Window: wushe.NewWindow(outDay(time.March, 1+i%28), time.Hour),
			Attendance: []linkage.Attendance{linkage.Attendee("p1", time.Time{}), linkage.Attendee(fmt.Sprintf("g%d", i%40), time.Time{})}})
		require.NoError(t, err)
	}
	// 133 activities are two pages of wushe.DefaultPageLimit.
	set, err := w.svc.Outputs(w.ctx, linkage.ProjectScope(w.project.ID), outMarch, &linkage.OutputOptions{PageLimit: wushe.DefaultPageLimit})
	require.NoError(t, err)
	whole, err = w.svc.Outputs(w.ctx, linkage.ProjectScope(w.project.ID), outMarch, nil)
	require.NoError(t, err)
	require.Equal(t, whole.All(), set.All())
	got := values(t, set, evaluation.Scope{Kind: evaluation.ScopeProject, ID: w.project.ID.String()}, outMarch, outDay(time.April, 10))
	require.Equal(t, strconv.Itoa(3+extra), got[linkage.CodeActivitiesTotal])
	require.Equal(t, strconv.Itoa(1+extra), got[evaluation.CodeGroupSessions])
	require.Equal(t, strconv.Itoa(6+40), got[evaluation.CodePeopleServed])
	require.Equal(t, strconv.Itoa(15+2*extra), got[evaluation.CodePersonTimes])
}

type fakeHours struct {
	minutes int64
	err     error
	scope   evaluation.Scope
	period  wushe.Window
}

func (f *fakeHours) VerifiedMinutes(_ context.Context, scope evaluation.Scope, period wushe.Window) (int64, error) {
	f.scope, f.period = scope, period
	return f.minutes, f.err
}

type fakeValue struct {
	value decimal.Decimal
	err   error
}

func (f fakeValue) DeliveredValue(context.Context, evaluation.Scope, wushe.Window) (decimal.Decimal, error) {
	return f.value, f.err
}

func TestOutputsOptionalSources(t *testing.T) {
	w := newOutWorld(t, nil)
	hours := &fakeHours{minutes: 1510}
	scope := linkage.ProjectScope(w.project.ID)
	set, err := w.svc.Outputs(w.ctx, scope, outMarch, &linkage.OutputOptions{
		VolunteerHours: hours, ResourcesAllocated: fakeValue{value: decimal.RequireFromString("12800.50")},
	})
	require.NoError(t, err)
	got := values(t, set, evaluation.Scope{Kind: evaluation.ScopeProject, ID: w.project.ID.String()}, outMarch, outDay(time.April, 10))
	require.Equal(t, "25.17", got[evaluation.CodeVolunteerHours]) // 1510 min = 25.1666 h
	require.Equal(t, "12800.5", got[evaluation.CodeResourcesAllocatedValue])
	require.Equal(t, evaluation.Scope{Kind: evaluation.ScopeProject, ID: w.project.ID.String()}, hours.scope)
	require.Equal(t, outMarch, hours.period)

	boom := errors.New("volunteer store down")
	_, err = w.svc.Outputs(w.ctx, scope, outMarch, &linkage.OutputOptions{VolunteerHours: &fakeHours{err: boom}})
	require.ErrorIs(t, err, boom)
	require.Contains(t, err.Error(), "linkage.Service.Outputs")
	_, err = w.svc.Outputs(w.ctx, scope, outMarch, &linkage.OutputOptions{ResourcesAllocated: fakeValue{err: wushe.ErrUnavailable}})
	requireKind(t, err, wushe.KindUnavailable, "linkage.Service.Outputs")

	// The function adapters pass their arguments through.
	var seen []evaluation.Scope
	set, err = w.svc.Outputs(w.ctx, scope, outMarch, &linkage.OutputOptions{
		VolunteerHours: linkage.VolunteerHoursFunc(func(_ context.Context, sc evaluation.Scope, p wushe.Window) (int64, error) {
			seen = append(seen, sc)
			require.Equal(t, outMarch, p)
			return 90, nil
		}),
		ResourcesAllocated: linkage.ResourcesAllocatedFunc(func(_ context.Context, sc evaluation.Scope, p wushe.Window) (decimal.Decimal, error) {
			seen = append(seen, sc)
			require.Equal(t, outMarch, p)
			return decimal.NewFromInt(7), nil
		}),
	})
	require.NoError(t, err)
	got = values(t, set, evaluation.Scope{Kind: evaluation.ScopeProject, ID: w.project.ID.String()}, outMarch, outDay(time.April, 10))
	require.Equal(t, "1.5", got[evaluation.CodeVolunteerHours])
	require.Equal(t, "7", got[evaluation.CodeResourcesAllocatedValue])
	require.Len(t, seen, 2)
}

// BenchmarkOutputs derives a community's monthly outputs over memstore from 2,000
// activities (10 attendances each), 300 cases (4 sessions each), 1,000 links and 500 needs,
// half of them in the month.
func BenchmarkOutputs(b *testing.B) {
	w := newOutWorld(b, nil)
	ctx := w.ctx
	for i := range 2000 {
		a := linkage.Activity{Kind: linkage.ActivityGroupWork, Title: "x", Community: w.a.ID, Project: w.project.ID,
			Window: wushe.NewWindow(outDay(time.February, 1).Add(time.Duration(i%1400)*time.Hour), time.Hour)}
		for j := range 10 {
			a.Attendance = append(a.Attendance, linkage.Attendee(fmt.Sprintf("b%d", (i*7+j)%900), time.Time{}))
		}
		a, err := w.svc.RecordActivity(ctx, a)
		require.NoError(b, err)
		if i < 1000 {
			_, err = w.svc.RecordLink(ctx, linkage.Link{Kind: linkage.LinkVolunteerService, At: a.Window.Start,
				By:   linkage.Party{Kind: linkage.PartySocialWorker, ID: w.worker.ID},
				From: linkage.Party{Kind: linkage.PartyVolunteer, ID: uuid.NewSHA1(uuid.Nil, []byte{byte(i % 200)})},
				To:   linkage.LinkTarget{Kind: linkage.TargetActivity, ID: a.ID}})
			require.NoError(b, err)
		}
	}
	for i := range 300 {
		c, err := w.svc.OpenCase(ctx, linkage.Case{Community: w.a.ID, Worker: w.worker.ID, Risk: linkage.RiskLow,
			Household: fmt.Sprintf("H%d", i%150), Client: linkage.Client{Ref: wushe.NewSensitive(wushe.ClassReference, fmt.Sprintf("c%d", i))},
			Consents: []linkage.Consent{{GivenBy: "client", Scope: []string{linkage.ScopeService}, Purpose: "case work"}}})
		require.NoError(b, err)
		for j := range 4 {
			_, err = w.svc.AddSession(ctx, c.ID, linkage.Session{Kind: linkage.SessionHomeVisit, Worker: w.worker.ID,
				At: outDay(time.February, 1).Add(time.Duration(i+j*300) * time.Hour), Notes: wushe.NewSensitive(wushe.ClassCaseNote, "v")})
			require.NoError(b, err)
		}
	}
	for i := range 500 {
		_, err := w.svc.RaiseNeed(ctx, linkage.Need{Community: w.a.ID, TargetGroup: linkage.GroupElderly, Category: "meals",
			Urgency: linkage.UrgencyUrgent, Source: linkage.SourceHotline, Description: "x",
			RaisedAt: outDay(time.February, 1).Add(time.Duration(i*2) * time.Hour)})
		require.NoError(b, err)
	}
	scope := linkage.CommunityScope(w.a.ID)
	for _, limit := range []int{0, wushe.DefaultPageLimit} {
		b.Run(fmt.Sprintf("page=%d", limit), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := w.svc.Outputs(ctx, scope, outMarch, &linkage.OutputOptions{PageLimit: limit}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestOutputsRejects(t *testing.T) {
	w := newOutWorld(t, nil)
	const op = "linkage.Service.Outputs"
	cases := []struct {
		name   string
		scope  linkage.OutputScope
		period wushe.Window
		opts   *linkage.OutputOptions
		kind   wushe.Kind
		field  string
	}{
		{"grid scope", linkage.OutputScope{Kind: evaluation.ScopeGrid, ID: w.a.ID}, outMarch, nil, wushe.KindInvalid, "Scope.Kind"},
		{"nil id", linkage.ProjectScope(uuid.Nil), outMarch, nil, wushe.KindInvalid, "Scope.ID"},
		{"empty period", linkage.ProjectScope(w.project.ID), wushe.Window{Start: outMarch.Start, End: outMarch.Start}, nil, wushe.KindInvalid, "Period"},
		{"page limit", linkage.ProjectScope(w.project.ID), outMarch, &linkage.OutputOptions{PageLimit: -1}, wushe.KindInvalid, "PageLimit"},
		{"missing project", linkage.ProjectScope(uuid.New()), outMarch, nil, wushe.KindNotFound, "Scope.ID"},
		{"missing community", linkage.CommunityScope(uuid.New()), outMarch, nil, wushe.KindNotFound, "Scope.ID"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set, err := w.svc.Outputs(w.ctx, c.scope, c.period, c.opts)
			requireKind(t, err, c.kind, op)
			require.Zero(t, set.Len())
			require.Contains(t, err.Error(), c.field)
		})
	}
	ctx, cancel := context.WithCancel(w.ctx)
	cancel()
	_, err := w.svc.Outputs(ctx, linkage.ProjectScope(w.project.ID), outMarch, nil)
	require.ErrorIs(t, err, context.Canceled)
}

// Every store call Outputs makes can fail; the failure is returned with the operation.
func TestOutputsStoreFailures(t *testing.T) {
	faults := new(storetest.Faults)
	w := newOutWorld(t, linkagetest.NewFaultStore(memstore.New(), faults))
	for _, scope := range []linkage.OutputScope{linkage.ProjectScope(w.project.ID), linkage.CommunityScope(w.a.ID)} {
		for _, m := range []string{"GetProject", "GetCommunity", "ListActivities", "ListCases", "ListLinks", "GetActivity", "GetNeed", "ListNeeds", "ListOrganizations", "ListPartyOrgs", "ListPartyReports"} {
			faults.Reset()
			faults.FailOn(m)
			_, err := w.svc.Outputs(w.ctx, scope, outMarch, nil)
			if scope.Kind == evaluation.ScopeProject && (m == "GetCommunity" || m == "GetNeed") ||
				scope.Kind == evaluation.ScopeCommunity && m == "GetProject" {
				require.NoError(t, err, "%s %s", scope.Kind, m)
				continue
			}
			requireKind(t, err, wushe.KindUnavailable, "linkage.Service.Outputs")
			require.ErrorIs(t, err, storetest.ErrInjected, m)
		}
	}
	faults.Reset()
	faults.FailOn("GetProject")
	_, err := w.svc.ContractScorecard(w.ctx, w.project.ID, outMarch.End, nil)
	requireKind(t, err, wushe.KindUnavailable, "linkage.Service.ContractScorecard")
	faults.Reset()
	faults.FailOn("ListActivities")
	_, err = w.svc.ContractScorecard(w.ctx, w.project.ID, outMarch.End, nil)
	requireKind(t, err, wushe.KindUnavailable, "linkage.Service.ContractScorecard")
}

func TestOutputScope(t *testing.T) {
	id := uuid.New()
	require.Equal(t, linkage.OutputScope{Kind: evaluation.ScopeProject, ID: id}, linkage.ProjectScope(id))
	require.Equal(t, linkage.OutputScope{Kind: evaluation.ScopeCommunity, ID: id}, linkage.CommunityScope(id))
	require.NoError(t, linkage.ProjectScope(id).Validate())
	require.NoError(t, linkage.CommunityScope(id).Validate())
	err := linkage.OutputScope{Kind: "grid"}.Validate()
	require.ElementsMatch(t, []string{"Kind", "ID"}, fields(err))
	require.Equal(t, "organizations_stage.filed", linkage.StageIndicator(linkage.StageFiled))
}

func TestStageAt(t *testing.T) {
	o := linkage.Organization{Stage: linkage.StageRegistered, StageHistory: []linkage.StageChange{
		{From: linkage.StageFiled, To: linkage.StageRegistered, At: outDay(time.June, 1)},
		{From: linkage.StageInterestGroup, To: linkage.StageFiled, At: outDay(time.March, 1)},
	}}
	require.Equal(t, linkage.StageInterestGroup, linkage.StageAt(o, outDay(time.January, 1)))
	require.Equal(t, linkage.StageInterestGroup, linkage.StageAt(o, outDay(time.March, 1)), "a change at t is not before t")
	require.Equal(t, linkage.StageFiled, linkage.StageAt(o, outDay(time.March, 1).Add(time.Nanosecond)))
	require.Equal(t, linkage.StageRegistered, linkage.StageAt(o, outDay(time.July, 1)))
	require.Equal(t, linkage.StageVolunteerTeam, linkage.StageAt(linkage.Organization{Stage: linkage.StageVolunteerTeam}, outDay(time.July, 1)))
	require.Equal(t, linkage.StageFiled, o.StageHistory[1].To, "the history is not reordered in place")
}

func TestContractScorecard(t *testing.T) {
	w := newOutWorld(t, nil)
	sc, err := w.svc.ContractScorecard(w.ctx, w.project.ID, outMarch.End, nil)
	require.NoError(t, err)
	// households 2 of 4: 12.5; case services 5 of 5, people 6 of 6 and median 3.5 days
	// against 7 (lower is better): 25 each.
	require.Equal(t, "87.5", sc.Total.String())
	require.Equal(t, "良", sc.Grade)
	require.True(t, sc.Complete)
	require.True(t, outDay(time.April, 10).Equal(sc.AsOf))
	leaves := sc.Root.Leaves()
	require.Len(t, leaves, 4)
	require.Equal(t, outMarch, *leaves[0].Period)

	// A zero asOf means now (10 April): households are still 2, the period is longer.
	sc, err = w.svc.ContractScorecard(w.ctx, w.project.ID, time.Time{}, nil)
	require.NoError(t, err)
	require.Equal(t, outDay(time.April, 10), sc.Root.Leaves()[0].Period.End)

	// A target on an indicator Outputs does not report leaves the scorecard incomplete.
	p, err := w.svc.GetProject(w.ctx, w.project.ID)
	require.NoError(t, err)
	p.Targets = append(p.Targets, linkage.Target{IndicatorCode: evaluation.CodeSatisfaction, Name: "满意度", Unit: "score", Value: decimal.NewFromInt(4)})
	_, err = w.svc.UpdateProject(w.ctx, p)
	require.NoError(t, err)
	sc, err = w.svc.ContractScorecard(w.ctx, w.project.ID, outMarch.End, nil)
	require.NoError(t, err)
	require.False(t, sc.Complete)
	require.Equal(t, []string{evaluation.CodeSatisfaction}, sc.Missing)
}

func TestContractScorecardRejects(t *testing.T) {
	w := newOutWorld(t, nil)
	const op = "linkage.Service.ContractScorecard"
	_, err := w.svc.ContractScorecard(w.ctx, uuid.New(), outMarch.End, nil)
	requireKind(t, err, wushe.KindNotFound, op)

	_, err = w.svc.ContractScorecard(w.ctx, w.project.ID, outMarch.Start, nil)
	requireKind(t, err, wushe.KindInvalid, op)
	require.Contains(t, err.Error(), "asOf")

	_, err = w.svc.ContractScorecard(w.ctx, w.project.ID, outMarch.End, &linkage.OutputOptions{PageLimit: 5000})
	requireKind(t, err, wushe.KindInvalid, op)

	p, err := w.svc.GetProject(w.ctx, w.project.ID)
	require.NoError(t, err)
	p.Targets = p.Targets[4:] // the narrative target only
	p, err = w.svc.UpdateProject(w.ctx, p)
	require.NoError(t, err)
	_, err = w.svc.ContractScorecard(w.ctx, w.project.ID, outMarch.End, nil)
	requireKind(t, err, wushe.KindInvalid, op)
	require.Contains(t, err.Error(), "Targets")

	p.Targets = []linkage.Target{{IndicatorCode: evaluation.CodeCaseServices, Name: "个案", Unit: "session", Value: decimal.Zero}}
	_, err = w.svc.UpdateProject(w.ctx, p)
	require.NoError(t, err)
	_, err = w.svc.ContractScorecard(w.ctx, w.project.ID, outMarch.End, nil)
	require.Error(t, err)
	require.Contains(t, err.Error(), op)
}

func TestContractRubric(t *testing.T) {
	p := linkage.Project{ID: uuid.New(), Name: "项目", Targets: []linkage.Target{
		{IndicatorCode: evaluation.CodeMedianResponseDays, Name: "响应", Unit: "day", Value: decimal.NewFromInt(3)},
		{IndicatorCode: linkage.CodeActivitiesTotal, Name: "活动", Unit: "activity", Value: decimal.NewFromInt(40)},
		{Name: "宣传", Unit: "item", Value: decimal.NewFromInt(2)},
	}}
	r, err := linkage.ContractRubric(p)
	require.NoError(t, err)
	require.Equal(t, "linkage.contract."+p.ID.String(), r.Code)
	require.Equal(t, "100", r.Root.MaxPoints.String())
	leaves := r.Root.Leaves()
	require.Len(t, leaves, 2)
	require.Equal(t, evaluation.LowerIsBetter, leaves[0].Method.Direction)
	require.Equal(t, evaluation.HigherIsBetter, leaves[1].Method.Direction)
	require.Equal(t, "50", leaves[0].MaxPoints.String())

	_, err = linkage.ContractRubric(linkage.Project{})
	requireKind(t, err, wushe.KindInvalid, "linkage.ContractRubric")
}

// For random worlds, the outputs equal a count made independently, whatever the page
// size, and people served never exceeds person-times.
func TestOutputsProperty(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 42))
			clock := wushe.NewManualClock(outDay(time.February, 1))
			svc, err := linkage.NewService(memstore.New(), &linkage.Options{Clock: clock})
			require.NoError(t, err)
			ctx := context.Background()
			c, err := svc.RegisterCommunity(ctx, linkage.Community{Name: "J社区", Kind: linkage.CommunityUrban,
				District: "锦江区", StreetOffice: "春熙路街道", Households: 100, Residents: 300})
			require.NoError(t, err)
			kinds := []linkage.ActivityKind{linkage.ActivityGroupWork, linkage.ActivityCommunityWork, linkage.ActivityTraining,
				linkage.ActivityPartyBuilding, linkage.ActivityPublicWelfareMarket, linkage.ActivityCaseSession, linkage.ActivityOther}
			persons := map[wushe.Sensitive]bool{}
			var personTimes, total, group, community int
			for range 5 + rng.IntN(40) {
				start := outDay(time.February, 15).Add(time.Duration(rng.IntN(60*24)) * time.Hour)
				a := linkage.Activity{Kind: kinds[rng.IntN(len(kinds))], Title: "x", Community: c.ID,
					Window: wushe.NewWindow(start, time.Hour), UncountedPersonTimes: rng.IntN(3)}
				for range rng.IntN(6) {
					a.Attendance = append(a.Attendance, linkage.Attendee("r"+strconv.Itoa(rng.IntN(15)), time.Time{}))
				}
				_, err := svc.RecordActivity(ctx, a)
				require.NoError(t, err)
				if !outMarch.Contains(start) {
					continue
				}
				total++
				switch a.Kind {
				case linkage.ActivityGroupWork:
					group++
				case linkage.ActivityCaseSession:
				default:
					community++
				}
				personTimes += len(a.Attendance) + a.UncountedPersonTimes
				for _, at := range a.Attendance {
					persons[at.Ref] = true
				}
			}
			scope := linkage.CommunityScope(c.ID)
			want, err := svc.Outputs(ctx, scope, outMarch, nil)
			require.NoError(t, err)
			got := values(t, want, evaluation.Scope{Kind: evaluation.ScopeCommunity, ID: c.ID.String()}, outMarch, clock.Now())
			require.Equal(t, strconv.Itoa(total), got[linkage.CodeActivitiesTotal])
			require.Equal(t, strconv.Itoa(group), got[evaluation.CodeGroupSessions])
			require.Equal(t, strconv.Itoa(community), got[evaluation.CodeCommunityActivities])
			require.Equal(t, strconv.Itoa(len(persons)), got[evaluation.CodePeopleServed])
			require.Equal(t, strconv.Itoa(personTimes), got[evaluation.CodePersonTimes])
			require.LessOrEqual(t, len(persons), personTimes)
			paged, err := svc.Outputs(ctx, scope, outMarch, &linkage.OutputOptions{PageLimit: 1 + rng.IntN(7)})
			require.NoError(t, err)
			require.Equal(t, want.All(), paged.All())
		})
	}
}

func FuzzOutputScopeValidate(f *testing.F) {
	f.Add("project", true)
	f.Add("community", false)
	f.Add("grid", true)
	f.Add("", false)
	f.Fuzz(func(t *testing.T, kind string, hasID bool) {
		sc := linkage.OutputScope{Kind: evaluation.ScopeKind(kind)}
		if hasID {
			sc.ID = uuid.New()
		}
		err := sc.Validate()
		ok := (kind == "project" || kind == "community") && hasID
		require.Equal(t, ok, err == nil, "%+v: %v", sc, err)
		if err != nil {
			require.Equal(t, wushe.KindInvalid, wushe.KindOf(err))
		}
	})
}

func FuzzStageAt(f *testing.F) {
	f.Add([]byte{0, 2, 1, 3, 9}, int64(5))
	f.Add([]byte{}, int64(0))
	f.Fuzz(func(t *testing.T, steps []byte, at int64) {
		stages := []linkage.Stage{linkage.StageInterestGroup, linkage.StageVolunteerTeam, linkage.StageFiled,
			linkage.StageRegistered, linkage.StageServiceBrand}
		o := linkage.Organization{Stage: linkage.StageServiceBrand}
		allowed := map[linkage.Stage]bool{o.Stage: true}
		for i := 0; i+1 < len(steps) && i < 20; i += 2 {
			ch := linkage.StageChange{From: stages[int(steps[i])%len(stages)], To: stages[int(steps[i+1])%len(stages)],
				At: outDay(time.January, 1).Add(time.Duration(steps[i]) * time.Hour)}
			o.StageHistory = append(o.StageHistory, ch)
			allowed[ch.From], allowed[ch.To] = true, true
		}
		got := linkage.StageAt(o, outDay(time.January, 1).Add(time.Duration(at%300)*time.Hour))
		require.True(t, allowed[got], "stage %s is neither current nor in the history", got)
		require.Equal(t, got, linkage.StageAt(o, outDay(time.January, 1).Add(time.Duration(at%300)*time.Hour)))
	})
}
