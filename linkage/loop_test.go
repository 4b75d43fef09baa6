package linkage_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/evaluation"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// loopFixture is a fixture on memstore whose Service reaches volunteer and resources
// services on the same store and clock.
type loopFixture struct {
	*fixture
	mem       *memstore.Store
	vol       *volunteer.Service
	res       *resources.Service
	organizer volunteer.Actor
	fundLot   resources.Lot
}

func newLoopFixture(t *testing.T) *loopFixture {
	t.Helper()
	mem := memstore.New()
	clock := wushe.NewManualClock(t0)
	vol, err := volunteer.NewService(mem, &volunteer.Options{Clock: clock, NewID: wushe.SequentialIDs(t.Name() + "v")})
	require.NoError(t, err)
	res, err := resources.NewService(mem, &resources.Options{Clock: clock, NewID: wushe.SequentialIDs(t.Name() + "r")})
	require.NoError(t, err)
	f := &fixture{ctx: t.Context(), clock: clock}
	svc, err := linkage.NewService(mem, &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs(t.Name()), Volunteer: vol, Resources: res})
	require.NoError(t, err)
	f.svc = svc
	f.grid = uuid.MustParse("00000000-0000-4000-8000-000000000001")
	f.community, err = svc.RegisterCommunity(f.ctx, linkage.Community{Name: "J社区", Kind: linkage.CommunityUrban,
		District: "锦江区", StreetOffice: "春熙路街道", Areas: []linkage.Area{{ID: f.grid, Name: "一网格", Level: linkage.LevelGrid}}})
	require.NoError(t, err)
	f.worker = f.addWorker(t, "王小明", linkage.QualificationSocial)
	f.supervisor = f.addWorker(t, "李督导", linkage.QualificationSenior)
	lf := &loopFixture{fixture: f, mem: mem, vol: vol, res: res,
		organizer: volunteer.Actor{Kind: volunteer.ActorCommunity, ID: f.community.ID}}
	donor, err := res.RegisterDonor(f.ctx, "worker", resources.Donor{Kind: resources.DonorIndividual, Person: mustName(t, "陈大文"),
		Phone: mustPhone(t, "13900000001"), CommunityID: f.community.ID})
	require.NoError(t, err)
	_, lf.fundLot, err = res.Donate(f.ctx, "worker", resources.Donation{DonorID: donor.ID, Kind: resources.PropertyGoods,
		Category: "rice", Unit: "bag", Quantity: decimal.NewFromInt(20), FairValue: decimal.NewFromInt(1000), FairValueProof: "invoice"},
		resources.Receiving{Handler: mustName(t, "刘佳"), Holder: resources.Holder{Kind: resources.HolderCommunityFund, Name: "J fund"}})
	require.NoError(t, err)
	return lf
}

// volunteers stores n volunteers and returns their IDs.
func (f *loopFixture) volunteers(t *testing.T, n int) []uuid.UUID {
	t.Helper()
	var out []uuid.UUID
	for range n {
		v := volunteer.Volunteer{ID: uuid.New(), Status: volunteer.StatusActive, CommunityID: f.community.ID}
		require.NoError(t, f.mem.CreateVolunteer(f.ctx, v))
		out = append(out, v.ID)
	}
	return out
}

// opportunity is a lunch-delivery shift tomorrow morning.
func (f *loopFixture) opportunity() volunteer.Opportunity {
	start := f.clock.Now().Add(24 * time.Hour)
	return volunteer.Opportunity{Title: "lunch delivery", Organizer: f.organizer, Theme: volunteer.ThemeElderlyCare, Risk: volunteer.RiskLow,
		PlaceName: "J社区", Place: wushe.Point{Lat: 30.65, Lng: 104.08},
		Shifts: []volunteer.Shift{{ID: uuid.New(), Window: wushe.NewWindow(start, 2*time.Hour), Headcount: 2}}}
}

// serve records a verified two-hour shift for each volunteer on o.
func (f *loopFixture) serve(t *testing.T, o volunteer.Opportunity, vs ...uuid.UUID) {
	t.Helper()
	f.clock.Set(o.Shifts[0].Window.End.Add(time.Hour))
	for _, v := range vs {
		rec, err := f.vol.RecordService(f.ctx, f.organizer, volunteer.ServiceRecord{VolunteerID: v, OpportunityID: o.ID,
			Activity: o.Title, Content: "lunch delivered", Theme: o.Theme, Window: o.Shifts[0].Window,
			Minutes: 120, Organizer: f.organizer})
		require.NoError(t, err)
		// Recorded without an enrolment, the record counts once the organizer verifies it.
		_, err = f.vol.VerifyRecord(f.ctx, f.organizer, rec.ID, true)
		require.NoError(t, err)
	}
}

func TestVolunteerReferralCompletesFromVerifiedWork(t *testing.T) {
	f := newLoopFixture(t)
	n := f.need(t)
	r := f.refer(t, n, teamA) // two people asked
	_, _, err := f.svc.OpenOpportunity(f.ctx, r.ID, f.opportunity())
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.OpenOpportunity") // not accepted yet
	_, err = f.svc.AcceptReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)
	o, r, err := f.svc.OpenOpportunity(f.ctx, r.ID, f.opportunity())
	require.NoError(t, err)
	require.Equal(t, n.ID, o.NeedID)
	require.Equal(t, r.ID, o.ReferralID)
	require.Equal(t, []linkage.WorkRef{{Kind: linkage.WorkOpportunity, ID: o.ID}}, r.Work)
	_, err = f.svc.StartReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)

	// No work yet: completion is refused and writes nothing.
	_, err = f.svc.CompleteReferral(f.ctx, r.ID, teamA)
	requireKind(t, err, wushe.KindInsufficient, "linkage.Service.CompleteReferral")
	vs := f.volunteers(t, 2)
	f.serve(t, o, vs[0])
	outs, err := f.svc.ReferralOutputs(f.ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, 1, outs.Headcount)
	_, err = f.svc.CompleteReferral(f.ctx, r.ID, teamA)
	requireKind(t, err, wushe.KindInsufficient, "") // one of two served
	links, err := f.svc.ListLinks(f.ctx, linkage.LinkFilter{ToID: n.ID})
	require.NoError(t, err)
	require.Empty(t, links.Items, "a refused completion writes no link")

	f.serve(t, o, vs[1])
	// A pending (self-reported) record does not count. (Over the shift itself it would be
	// refused: the organizer's record already holds that time.)
	before := wushe.Window{Start: o.Shifts[0].Window.Start.Add(-time.Hour), End: o.Shifts[0].Window.Start}
	_, err = f.vol.RecordService(f.ctx, volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: vs[0]}, volunteer.ServiceRecord{
		VolunteerID: vs[0], OpportunityID: o.ID, Activity: o.Title, Content: "x", Theme: o.Theme, Window: o.Shifts[0].Window,
		Minutes: 60, Organizer: f.organizer})
	requireKind(t, err, wushe.KindConflict, "volunteer.Service.RecordService")
	_, err = f.vol.RecordService(f.ctx, volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: vs[0]}, volunteer.ServiceRecord{
		VolunteerID: vs[0], OpportunityID: o.ID, Activity: o.Title, Content: "x", Theme: o.Theme, Window: before,
		Minutes: 60, Organizer: f.organizer})
	require.NoError(t, err)
	outs, err = f.svc.ReferralOutputs(f.ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, 2, outs.Headcount)
	require.Equal(t, int64(240), outs.Minutes)
	require.Len(t, outs.Records, 2)

	_, err = f.svc.CompleteReferral(f.ctx, r.ID, teamB)
	requireKind(t, err, wushe.KindForbidden, "")
	r, err = f.svc.CompleteReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)
	require.Equal(t, linkage.ReferralCompleted, r.Status)
	require.Len(t, r.Links, 2)
	links, err = f.svc.ListLinks(f.ctx, linkage.LinkFilter{ToID: n.ID})
	require.NoError(t, err)
	require.Len(t, links.Items, 2)
	for _, l := range links.Items {
		require.Equal(t, linkage.LinkVolunteerService, l.Kind)
		require.Equal(t, linkage.PartyVolunteer, l.From.Kind)
		require.Equal(t, f.requester(), l.By)
		require.True(t, l.Quantity.Decimal.Equal(dec("2")), "two hours each")
	}
	// Completing again is refused and writes no second link.
	_, err = f.svc.CompleteReferral(f.ctx, r.ID, teamA)
	requireKind(t, err, wushe.KindConflict, "")
	links, _ = f.svc.ListLinks(f.ctx, linkage.LinkFilter{ToID: n.ID})
	require.Len(t, links.Items, 2)

	need, err := f.svc.GetNeed(f.ctx, n.ID)
	require.NoError(t, err)
	require.Equal(t, linkage.NeedInProgress, need.Status, "not met before the resident's follow-up")
}

// A completion whose link writes are interrupted writes each link once when it is retried.
func TestCompleteReferralRetryWritesLinksOnce(t *testing.T) {
	f := newLoopFixture(t)
	n := f.need(t)
	r := f.refer(t, n, linkage.ReferralResponder{Kind: linkage.ResponderOrganization, ID: uuid.New()})
	by := r.Responder
	_, err := f.svc.AcceptReferral(f.ctx, r.ID, by)
	require.NoError(t, err)
	_, err = f.svc.StartReferral(f.ctx, r.ID, by)
	require.NoError(t, err)
	a, err := f.svc.RecordActivity(f.ctx, linkage.Activity{Community: f.community.ID, Kind: linkage.ActivityCommunityWork,
		Title: "lunch club", Window: wushe.NewWindow(t0.Add(-2*time.Hour), time.Hour)})
	require.NoError(t, err)
	_, err = f.svc.AttachWork(f.ctx, r.ID, linkage.WorkRef{Kind: linkage.WorkActivity, ID: a.ID})
	require.NoError(t, err)
	r, err = f.svc.AttachWork(f.ctx, r.ID, linkage.WorkRef{Kind: linkage.WorkActivity, ID: a.ID})
	require.NoError(t, err)
	require.Len(t, r.Work, 1, "attaching twice changes nothing")
	// Quantity asks 2 people, but an organization's records count as served: one activity.
	_, err = f.svc.CompleteReferral(f.ctx, r.ID, by)
	requireKind(t, err, wushe.KindInsufficient, "")
	b, err := f.svc.RecordActivity(f.ctx, linkage.Activity{Community: f.community.ID, Kind: linkage.ActivityCommunityWork,
		Title: "lunch club 2", Window: wushe.NewWindow(t0.Add(-time.Hour), time.Hour)})
	require.NoError(t, err)
	_, err = f.svc.AttachWork(f.ctx, r.ID, linkage.WorkRef{Kind: linkage.WorkActivity, ID: b.ID})
	require.NoError(t, err)
	// Write the link as an interrupted completion would have, then complete.
	outs, err := f.svc.ReferralOutputs(f.ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, 2, outs.Activities)
	r, err = f.svc.CompleteReferral(f.ctx, r.ID, by)
	require.NoError(t, err)
	require.Len(t, r.Links, 1)
	l, err := f.svc.GetLink(f.ctx, r.Links[0])
	require.NoError(t, err)
	require.Equal(t, linkage.LinkOrganization, l.Kind)
	require.Equal(t, linkage.Party{Kind: linkage.PartyOrganization, ID: by.ID}, l.From)
}

func TestCharityReferralCompletesFromDeliveries(t *testing.T) {
	f := newLoopFixture(t)
	n := f.need(t)
	fund := linkage.ReferralResponder{Kind: linkage.ResponderCharityFund, ID: uuid.New(), Name: "J fund"}
	r, err := f.svc.Refer(f.ctx, linkage.Referral{Need: n.ID, Requester: f.requester(), Responder: fund,
		Category: "rice", Ask: "four bags of rice", Quantity: decimal.NewNullDecimal(dec("4")), Unit: "bag"})
	require.NoError(t, err)
	_, err = f.svc.AcceptReferral(f.ctx, r.ID, fund)
	require.NoError(t, err)
	ask := resources.Request{Group: resources.GroupElderly, Kind: resources.PropertyGoods, Category: "rice", Unit: "bag",
		Quantity: dec("4"), Urgency: resources.UrgencyUrgent}
	bad := ask
	bad.CommunityID = uuid.New()
	_, _, err = f.svc.RequestResources(f.ctx, r.ID, "worker", bad)
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.RequestResources")
	reqs, err := f.mem.ListRequests(f.ctx, resources.RequestFilter{})
	require.NoError(t, err)
	require.Empty(t, reqs.Items, "a refused request writes nothing")
	q, r, err := f.svc.RequestResources(f.ctx, r.ID, "worker", ask)
	require.NoError(t, err)
	require.Equal(t, r.ID, q.ReferralID)
	require.Equal(t, n.ID, q.NeedID)
	require.Equal(t, f.community.ID, q.CommunityID)
	_, err = f.svc.StartReferral(f.ctx, r.ID, fund)
	require.NoError(t, err)
	al, err := f.res.Reserve(f.ctx, "worker", f.fundLot.ID, q.ID, dec("4"))
	require.NoError(t, err)
	_, err = f.svc.CompleteReferral(f.ctx, r.ID, fund)
	requireKind(t, err, wushe.KindInsufficient, "") // reserved, not delivered
	_, err = f.res.Deliver(f.ctx, "worker", al.ID)
	require.NoError(t, err)
	outs, err := f.svc.ReferralOutputs(f.ctx, r.ID)
	require.NoError(t, err)
	require.True(t, outs.Delivered.Equal(dec("4")))
	require.True(t, outs.Value.Equal(dec("200")), "4 bags at 50 CNY: %s", outs.Value)
	r, err = f.svc.CompleteReferral(f.ctx, r.ID, fund)
	require.NoError(t, err)
	l, err := f.svc.GetLink(f.ctx, r.Links[0])
	require.NoError(t, err)
	require.Equal(t, linkage.LinkService, l.Kind)
	require.Equal(t, linkage.Party{Kind: linkage.PartyDonor, ID: fund.ID}, l.From)
	require.True(t, l.Quantity.Decimal.Equal(dec("200")))

	// A volunteer referral cannot take a resources request.
	v := f.refer(t, n, teamA)
	_, err = f.svc.AcceptReferral(f.ctx, v.ID, teamA)
	require.NoError(t, err)
	_, _, err = f.svc.RequestResources(f.ctx, v.ID, "worker", ask)
	requireKind(t, err, wushe.KindInvalid, "")
}

// Records naming a referral they do not belong to are refused with invalid and nothing is
// written.
func TestWorkOfAnotherReferralRefused(t *testing.T) {
	f := newLoopFixture(t)
	n1, n2 := f.need(t), f.need(t)
	r1, r2 := f.refer(t, n1, teamA), f.refer(t, n2, teamA)
	for _, r := range []linkage.Referral{r1, r2} {
		_, err := f.svc.AcceptReferral(f.ctx, r.ID, teamA)
		require.NoError(t, err)
	}
	// An opportunity made in volunteer for referral 1 cannot serve referral 2.
	o := f.opportunity()
	o.NeedID, o.ReferralID = n1.ID, r1.ID
	o, err := f.vol.CreateOpportunity(f.ctx, o)
	require.NoError(t, err)
	_, err = f.svc.AttachWork(f.ctx, r2.ID, linkage.WorkRef{Kind: linkage.WorkOpportunity, ID: o.ID})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.AttachWork")
	got, _ := f.svc.GetReferral(f.ctx, r2.ID)
	require.Empty(t, got.Work)
	_, err = f.svc.AttachWork(f.ctx, r1.ID, linkage.WorkRef{Kind: linkage.WorkOpportunity, ID: o.ID})
	require.NoError(t, err)
	// Naming another referral when asking linkage to create it is refused before writing.
	bad := f.opportunity()
	bad.ReferralID = r1.ID
	_, _, err = f.svc.OpenOpportunity(f.ctx, r2.ID, bad)
	requireKind(t, err, wushe.KindInvalid, "")
	ops, err := f.mem.ListOpportunities(f.ctx, volunteer.OpportunityFilter{})
	require.NoError(t, err)
	require.Len(t, ops.Items, 1)
	// Another community's activity, a missing record, an unknown kind.
	other, err := f.svc.RegisterCommunity(f.ctx, linkage.Community{Name: "K社区", Kind: linkage.CommunityUrban, District: "x", StreetOffice: "y"})
	require.NoError(t, err)
	a, err := f.svc.RecordActivity(f.ctx, linkage.Activity{Community: other.ID, Kind: linkage.ActivityCommunityWork,
		Title: "elsewhere", Window: wushe.NewWindow(t0.Add(-2*time.Hour), time.Hour)})
	require.NoError(t, err)
	_, err = f.svc.AttachWork(f.ctx, r1.ID, linkage.WorkRef{Kind: linkage.WorkActivity, ID: a.ID})
	requireKind(t, err, wushe.KindInvalid, "")
	_, err = f.svc.AttachWork(f.ctx, r1.ID, linkage.WorkRef{Kind: linkage.WorkCase, ID: uuid.New()})
	requireKind(t, err, wushe.KindInvalid, "")
	_, err = f.svc.AttachWork(f.ctx, r1.ID, linkage.WorkRef{Kind: "x", ID: uuid.New()})
	requireKind(t, err, wushe.KindInvalid, "")
	// A cancelled referral takes no work.
	_, err = f.svc.CancelReferral(f.ctx, r2.ID, f.requester(), "duplicate")
	require.NoError(t, err)
	_, _, err = f.svc.OpenOpportunity(f.ctx, r2.ID, f.opportunity())
	requireKind(t, err, wushe.KindInvalid, "")
	_, err = f.svc.AttachWork(f.ctx, uuid.New(), linkage.WorkRef{Kind: linkage.WorkActivity, ID: a.ID})
	requireKind(t, err, wushe.KindInvalid, "")
	ops, _ = f.mem.ListOpportunities(f.ctx, volunteer.OpportunityFilter{})
	require.Len(t, ops.Items, 1)
}

// Without the volunteer and resources services the Service still works, and says which
// option is missing when asked for that work.
func TestWorkWithoutSources(t *testing.T) {
	f := newFixture(t)
	n := f.need(t)
	r := f.refer(t, n, teamA)
	_, err := f.svc.AcceptReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)
	_, _, err = f.svc.OpenOpportunity(f.ctx, r.ID, volunteer.Opportunity{})
	requireKind(t, err, wushe.KindInvalid, "")
	require.Contains(t, fields(err), "Options.Volunteer")
	_, _, err = f.svc.RequestResources(f.ctx, r.ID, "w", resources.Request{})
	require.Contains(t, fields(err), "Options.Resources")
	_, err = f.svc.AttachWork(f.ctx, r.ID, linkage.WorkRef{Kind: linkage.WorkOpportunity, ID: uuid.New()})
	require.Contains(t, fields(err), "Options.Volunteer")
	_, err = f.svc.AttachWork(f.ctx, r.ID, linkage.WorkRef{Kind: linkage.WorkRequest, ID: uuid.New()})
	require.Contains(t, fields(err), "Options.Resources")
	outs, err := f.svc.ReferralOutputs(f.ctx, r.ID)
	require.NoError(t, err)
	require.True(t, outs.Empty())
}

// The need moves by itself: planned, in progress, met after completion and a content
// follow-up; an unsatisfied follow-up reopens it with a new referral.
func TestNeedFollowsReferralsAndFollowUps(t *testing.T) {
	f := newLoopFixture(t)
	n := f.need(t)
	r := f.refer(t, n, teamA)
	_, err := f.svc.AcceptReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)
	o, _, err := f.svc.OpenOpportunity(f.ctx, r.ID, f.opportunity())
	require.NoError(t, err)
	_, err = f.svc.StartReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)
	f.serve(t, o, f.volunteers(t, 2)...)
	r, err = f.svc.CompleteReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)

	// The follow-up must name a referral of this need.
	_, err = f.svc.FollowUpNeed(f.ctx, linkage.FollowUp{Need: n.ID, Referral: uuid.New(), Caller: f.requester(), Answer: linkage.Satisfied})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.FollowUpNeed")
	fs, _ := f.svc.ListFollowUps(f.ctx, linkage.FollowUpFilter{Need: n.ID})
	require.Empty(t, fs.Items)
	_, err = f.svc.FollowUpNeed(f.ctx, linkage.FollowUp{Need: n.ID, Caller: f.requester(), Answer: linkage.Satisfied, CalledAt: f.clock.Now().Add(time.Hour)})
	requireKind(t, err, wushe.KindInvalid, "")

	// Unsatisfied: a new referral to the same team, the need stays in progress.
	out, err := f.svc.FollowUpNeed(f.ctx, linkage.FollowUp{Need: n.ID, Referral: r.ID, Caller: f.requester(), Answer: linkage.Unsatisfied, Note: "lunch came cold"})
	require.NoError(t, err)
	require.NotNil(t, out.Reopened)
	require.Equal(t, r.ID, out.Reopened.Previous)
	require.Equal(t, teamA, out.Reopened.Responder)
	require.Equal(t, linkage.NeedInProgress, out.Need.Status)
	require.Equal(t, f.community.ID, out.FollowUp.Community)

	// A satisfied call while the new referral is open does not meet the need.
	out2, err := f.svc.FollowUpNeed(f.ctx, linkage.FollowUp{Need: n.ID, Caller: f.requester(), Answer: linkage.Satisfied})
	require.NoError(t, err)
	require.Nil(t, out2.Reopened)
	require.Equal(t, linkage.NeedInProgress, out2.Need.Status)

	// Once it is completed and the latest call is content, the need is met.
	r2 := *out.Reopened
	_, err = f.svc.AcceptReferral(f.ctx, r2.ID, teamA)
	require.NoError(t, err)
	_, err = f.svc.AttachWork(f.ctx, r2.ID, linkage.WorkRef{Kind: linkage.WorkOpportunity, ID: o.ID})
	requireKind(t, err, wushe.KindInvalid, "") // the old opportunity names the old referral
	o2, _, err := f.svc.OpenOpportunity(f.ctx, r2.ID, f.opportunity())
	require.NoError(t, err)
	_, err = f.svc.StartReferral(f.ctx, r2.ID, teamA)
	require.NoError(t, err)
	f.serve(t, o2, f.volunteers(t, 2)...)
	_, err = f.svc.CompleteReferral(f.ctx, r2.ID, teamA)
	require.NoError(t, err)
	need, err := f.svc.GetNeed(f.ctx, n.ID)
	require.NoError(t, err)
	require.Equal(t, linkage.NeedMet, need.Status, "completed and the latest call was satisfied")
	require.Equal(t, f.clock.Now(), need.MetAt)
	_, err = f.svc.FollowUpNeed(f.ctx, linkage.FollowUp{Need: n.ID, Caller: f.requester(), Answer: linkage.Satisfied})
	requireKind(t, err, wushe.KindConflict, "")
	got, err := f.svc.GetFollowUp(f.ctx, out.FollowUp.ID)
	require.NoError(t, err)
	require.Equal(t, "lunch came cold", got.Note)
}

func TestNeedProgressStatus(t *testing.T) {
	cases := []struct {
		p    linkage.NeedProgress
		want linkage.NeedStatus
	}{
		{linkage.NeedProgress{}, linkage.NeedOpen},
		{linkage.NeedProgress{Accepted: true, Open: 1}, linkage.NeedPlanned},
		{linkage.NeedProgress{Accepted: true, Started: true, Open: 1}, linkage.NeedInProgress},
		{linkage.NeedProgress{Accepted: true, Started: true, Completed: 1}, linkage.NeedInProgress},
		{linkage.NeedProgress{Accepted: true, Started: true, Completed: 1, Open: 1, Content: true}, linkage.NeedInProgress},
		{linkage.NeedProgress{Accepted: true, Started: true, Completed: 1, Content: true}, linkage.NeedMet},
		{linkage.NeedProgress{Content: true}, linkage.NeedOpen},
	}
	for _, c := range cases {
		require.Equal(t, c.want, c.p.Status(), "%+v", c.p)
	}
	require.Equal(t, -1, linkage.NeedClosedUnmet.Rank())
	require.Equal(t, 3, linkage.NeedMet.Rank())
}

// Outputs computes hours served and value delivered from the referrals' work by itself,
// and the referral figures: counts by responder kind, the three rates, medians, overdue
// referrals and whistles answered on time.
func TestOutputsFromTheLoop(t *testing.T) {
	f := newLoopFixture(t)
	n := f.need(t)
	start := f.clock.Now()
	// A volunteer referral answered in 1 hour, served by two volunteers for 2 hours each.
	r := f.refer(t, n, teamA)
	f.clock.Advance(time.Hour)
	_, err := f.svc.AcceptReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)
	o, _, err := f.svc.OpenOpportunity(f.ctx, r.ID, f.opportunity())
	require.NoError(t, err)
	_, err = f.svc.StartReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)
	// A whistle answered in time, and a referral nobody answers.
	w := f.refer(t, n, dept)
	_, err = f.svc.AcceptReferral(f.ctx, w.ID, dept)
	require.NoError(t, err)
	f.refer(t, n, teamB)
	f.serve(t, o, f.volunteers(t, 2)...) // the clock is now past every respond deadline
	_, err = f.svc.CompleteReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)
	_, err = f.svc.FollowUpNeed(f.ctx, linkage.FollowUp{Need: n.ID, Caller: f.requester(), Answer: linkage.BasicallySatisfied})
	require.NoError(t, err)
	_, err = f.svc.FollowUpNeed(f.ctx, linkage.FollowUp{Need: n.ID, Caller: f.requester(), Answer: linkage.Unsatisfied})
	require.NoError(t, err)

	period := wushe.Window{Start: start, End: f.clock.Now().Add(time.Minute)}
	set, err := f.svc.Outputs(f.ctx, linkage.CommunityScope(f.community.ID), period, nil)
	require.NoError(t, err)
	got := map[string]string{}
	for _, ob := range set.All() {
		got[ob.Indicator] = ob.Value.String()
	}
	require.Equal(t, "4", got[evaluation.CodeVolunteerHours], "two volunteers, two hours each, without a host function")
	require.Equal(t, "0", got[evaluation.CodeResourcesAllocatedValue])
	require.Equal(t, "4", got[linkage.CodeReferrals], "three referred, one re-referred after the unsatisfied call")
	require.Equal(t, "3", got[linkage.ReferralIndicator(linkage.ResponderVolunteerTeam)])
	require.Equal(t, "1", got[linkage.ReferralIndicator(linkage.ResponderDepartment)])
	require.Equal(t, "0", got[linkage.ReferralIndicator(linkage.ResponderUnit)])
	require.Equal(t, "0.5", got[linkage.CodeReferralResponseRate], "two of four answered in time")
	require.Equal(t, "0.25", got[linkage.CodeReferralResolutionRate])
	require.Equal(t, "0.5", got[linkage.CodeReferralSatisfactionRate])
	require.Equal(t, "1", got[linkage.CodeWhistlesAnsweredOnTime])
	require.Equal(t, "3", got[linkage.CodeReferralsOverdue], "team A completed after 24 hours, the whistle is still open past its day, team B never answered")
	require.Equal(t, "0.02", got[linkage.CodeReferralMedianResponseDays], "answers after 1 hour and at once: median 30 minutes")
	require.Contains(t, got, linkage.CodeReferralMedianResolutionDays)

	// A host function still overrides.
	set, err = f.svc.Outputs(f.ctx, linkage.CommunityScope(f.community.ID), period, &linkage.OutputOptions{
		VolunteerHours: linkage.VolunteerHoursFunc(func(context.Context, evaluation.Scope, wushe.Window) (int64, error) { return 600, nil })})
	require.NoError(t, err)
	for _, ob := range set.All() {
		if ob.Indicator == evaluation.CodeVolunteerHours {
			require.Equal(t, "10", ob.Value.String())
		}
	}
}

// A referral to one volunteer is answered by that volunteer's verified service: others'
// service on the opportunity does not complete it.
func TestVolunteerResponderCompletesFromTheirOwnService(t *testing.T) {
	f := newLoopFixture(t)
	n := f.need(t)
	vs := f.volunteers(t, 2)
	me := linkage.ReferralResponder{Kind: linkage.ResponderVolunteer, ID: vs[0], Name: "陈阿姨"}
	_, err := f.svc.Refer(f.ctx, linkage.Referral{Need: n.ID, Requester: f.requester(), Responder: me,
		Category: "meal delivery", Ask: "lunch", Quantity: decimal.NewNullDecimal(decimal.NewFromInt(1)), Unit: "people"})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.Refer")
	require.Contains(t, fields(err), "Quantity")
	r, err := f.svc.Refer(f.ctx, linkage.Referral{Need: n.ID, Requester: f.requester(), Responder: me,
		Category: "meal delivery", Ask: "lunch"})
	require.NoError(t, err)
	_, err = f.svc.AcceptReferral(f.ctx, r.ID, me)
	require.NoError(t, err)
	o, _, err := f.svc.OpenOpportunity(f.ctx, r.ID, f.opportunity())
	require.NoError(t, err)
	_, err = f.svc.StartReferral(f.ctx, r.ID, me)
	require.NoError(t, err)
	f.serve(t, o, vs[1])
	_, err = f.svc.CompleteReferral(f.ctx, r.ID, me)
	requireKind(t, err, wushe.KindInsufficient, "linkage.Service.CompleteReferral")
	require.Contains(t, fields(err), "Work")
	f.serve(t, o, vs[0])
	r, err = f.svc.CompleteReferral(f.ctx, r.ID, me)
	require.NoError(t, err)
	require.Len(t, r.Links, 2, "everyone who served on the referral's opportunity is linked")
	l, err := f.svc.GetLink(f.ctx, r.Links[0])
	require.NoError(t, err)
	require.Equal(t, linkage.LinkVolunteerService, l.Kind)
	require.Equal(t, linkage.PartyVolunteer, l.From.Kind)
	require.True(t, linkage.ResponderVolunteer.Volunteers() && linkage.ResponderVolunteerTeam.Volunteers())
	require.False(t, linkage.ResponderUnit.Volunteers())
}

// Completing a grid staff member's or a department's referral writes a service link from
// them, so whistles answered show in the links like any party's work.
func TestGridAndDepartmentReferralsWriteLinks(t *testing.T) {
	grid := linkage.ReferralResponder{Kind: linkage.ResponderGridStaff, ID: uuid.MustParse("00000000-0000-4000-8000-0000000000e4"), Name: "一网格网格员"}
	for _, tc := range []struct {
		to   linkage.ReferralResponder
		from linkage.PartyKind
	}{{grid, linkage.PartyGridStaff}, {dept, linkage.PartyDepartment}} {
		t.Run(string(tc.to.Kind), func(t *testing.T) {
			f := newLoopFixture(t)
			n := f.need(t)
			r, err := f.svc.Refer(f.ctx, linkage.Referral{Need: n.ID, Requester: f.requester(), Responder: tc.to,
				Category: "stairs", Ask: "fix the handrail"})
			require.NoError(t, err)
			_, err = f.svc.AcceptReferral(f.ctx, r.ID, tc.to)
			require.NoError(t, err)
			_, err = f.svc.StartReferral(f.ctx, r.ID, tc.to)
			require.NoError(t, err)
			a, err := f.svc.RecordActivity(f.ctx, linkage.Activity{Community: f.community.ID, Kind: linkage.ActivityCommunityWork,
				Title: "handrail fixed", Window: wushe.NewWindow(t0.Add(-2*time.Hour), time.Hour)})
			require.NoError(t, err)
			_, err = f.svc.AttachWork(f.ctx, r.ID, linkage.WorkRef{Kind: linkage.WorkActivity, ID: a.ID})
			require.NoError(t, err)
			r, err = f.svc.CompleteReferral(f.ctx, r.ID, tc.to)
			require.NoError(t, err)
			require.Len(t, r.Links, 1)
			l, err := f.svc.GetLink(f.ctx, r.Links[0])
			require.NoError(t, err)
			require.Equal(t, linkage.LinkService, l.Kind)
			require.Equal(t, linkage.Party{Kind: tc.from, ID: tc.to.ID}, l.From)
			require.True(t, l.Quantity.Decimal.Equal(decimal.NewFromInt(1)))
			links, err := f.svc.ListLinks(f.ctx, linkage.LinkFilter{FromKind: tc.from})
			require.NoError(t, err)
			require.Len(t, links.Items, 1)
		})
	}
}
