package linkage_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/linkage/linkagetest"
	"github.com/wushe/wushe/storetest"
)

func (f *fixture) requester() linkage.Party {
	return linkage.Party{Kind: linkage.PartySocialWorker, ID: f.worker.ID}
}

func (f *fixture) supervisorParty() linkage.Party {
	return linkage.Party{Kind: linkage.PartySocialWorker, ID: f.supervisor.ID}
}

var (
	teamA = linkage.ReferralResponder{Kind: linkage.ResponderVolunteerTeam, ID: uuid.MustParse("00000000-0000-4000-8000-0000000000a1"), Name: "Falcon team"}
	teamB = linkage.ReferralResponder{Kind: linkage.ResponderVolunteerTeam, ID: uuid.MustParse("00000000-0000-4000-8000-0000000000b2"), Name: "Red vests"}
	dept  = linkage.ReferralResponder{Kind: linkage.ResponderDepartment, ID: uuid.MustParse("00000000-0000-4000-8000-0000000000d3"), Name: "城管科"}
)

// refer refers need n to to, asking for two people.
func (f *fixture) refer(t *testing.T, n linkage.Need, to linkage.ReferralResponder) linkage.Referral {
	t.Helper()
	r, err := f.svc.Refer(f.ctx, linkage.Referral{
		Need: n.ID, Requester: f.requester(), Supervisor: f.supervisorParty(), Responder: to,
		Category: "meal delivery", Ask: "deliver lunch on weekdays",
		Quantity: decimal.NewNullDecimal(decimal.NewFromInt(2)), Unit: "people",
	})
	require.NoError(t, err)
	return r
}

func TestReferStampsDeadlinesFromProfile(t *testing.T) {
	f := newFixture(t)
	n := f.need(t) // urgent
	r := f.refer(t, n, teamA)
	require.Equal(t, linkage.ReferralRequested, r.Status)
	require.Equal(t, f.community.ID, r.Community)
	require.Equal(t, linkage.UrgencyUrgent, r.Urgency)
	require.Equal(t, t0, r.RequestedAt)
	require.Equal(t, t0.Add(2*time.Hour), r.RespondBy, "urgent: 2 hours to respond")
	require.Equal(t, t0.Add(24*time.Hour), r.ResolveBy, "urgent: 24 hours to resolve")
	require.Equal(t, r.RespondBy, r.Due())

	// An earlier deadline set by the requester is kept; a later one is not.
	r2, err := f.svc.Refer(f.ctx, linkage.Referral{Need: n.ID, Requester: f.requester(), Responder: teamB,
		Category: "x", Ask: "y", RespondBy: t0.Add(time.Hour), ResolveBy: t0.Add(100 * time.Hour)})
	require.NoError(t, err)
	require.Equal(t, t0.Add(time.Hour), r2.RespondBy)
	require.Equal(t, t0.Add(24*time.Hour), r2.ResolveBy)
}

func TestReferRefusals(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Refer(f.ctx, linkage.Referral{Need: uuid.New(), Requester: f.requester(), Responder: teamA, Category: "x", Ask: "y"})
	requireKind(t, err, wushe.KindNotFound, "linkage.Service.Refer")
	n := f.need(t)
	_, err = f.svc.Refer(f.ctx, linkage.Referral{Need: n.ID, Responder: linkage.ReferralResponder{Kind: "nobody"},
		Quantity: decimal.NewNullDecimal(dec("-1"))})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.Refer")
	require.Subset(t, fields(err), []string{"Requester.Kind", "Responder.Kind", "Category", "Ask", "Quantity", "Unit"})
	_, err = f.svc.Refer(f.ctx, linkage.Referral{Need: n.ID, Requester: f.requester(), Responder: teamA, Category: "x", Ask: "y",
		Quantity: decimal.NewNullDecimal(dec("1.5")), Unit: "people"})
	requireKind(t, err, wushe.KindInvalid, "")
	require.Contains(t, fields(err), "Quantity", "a team's headcount is whole")
	_, err = f.svc.CloseNeedUnmet(f.ctx, n.ID, "moved away")
	require.NoError(t, err)
	_, err = f.svc.Refer(f.ctx, linkage.Referral{Need: n.ID, Requester: f.requester(), Responder: teamA, Category: "x", Ask: "y"})
	requireKind(t, err, wushe.KindConflict, "linkage.Service.Refer")
}

// TestReferralEdgesOwnedBySide walks every pair of statuses for both sides: a move is
// allowed exactly on the listed edges of its owner.
func TestReferralEdgesOwnedBySide(t *testing.T) {
	responder := map[[2]linkage.ReferralStatus]bool{
		{linkage.ReferralRequested, linkage.ReferralReceived}: true, {linkage.ReferralRequested, linkage.ReferralAccepted}: true,
		{linkage.ReferralRequested, linkage.ReferralRejected}: true, {linkage.ReferralReceived, linkage.ReferralAccepted}: true,
		{linkage.ReferralReceived, linkage.ReferralRejected}: true, {linkage.ReferralAccepted, linkage.ReferralInProgress}: true,
		{linkage.ReferralAccepted, linkage.ReferralFailed}: true, {linkage.ReferralInProgress, linkage.ReferralOnHold}: true,
		{linkage.ReferralOnHold, linkage.ReferralInProgress}: true, {linkage.ReferralInProgress, linkage.ReferralCompleted}: true,
		{linkage.ReferralInProgress, linkage.ReferralFailed}: true, {linkage.ReferralOnHold, linkage.ReferralFailed}: true,
	}
	for _, from := range linkage.ReferralStatuses() {
		for _, to := range linkage.ReferralStatuses() {
			wantReq := to == linkage.ReferralCancelled && !from.Final()
			require.Equal(t, responder[[2]linkage.ReferralStatus{from, to}], from.CanMoveTo(to, linkage.SideResponder), "responder %s > %s", from, to)
			require.Equal(t, wantReq, from.CanMoveTo(to, linkage.SideRequester), "requester %s > %s", from, to)
		}
		require.Equal(t, from.Final(), !from.Open())
	}
	require.False(t, linkage.ReferralStatus("bogus").Open())
}

func TestReferralLifeAndSides(t *testing.T) {
	f := newFixture(t)
	n := f.need(t)
	r := f.refer(t, n, teamA)

	// The requester cannot accept; another team cannot either.
	_, err := f.svc.AcceptReferral(f.ctx, r.ID, linkage.ReferralResponder{Kind: linkage.ResponderSocialWorker, ID: f.worker.ID})
	requireKind(t, err, wushe.KindForbidden, "linkage.Service.AcceptReferral")
	_, err = f.svc.AcceptReferral(f.ctx, r.ID, teamB)
	requireKind(t, err, wushe.KindForbidden, "")
	// The responder cannot cancel.
	_, err = f.svc.CancelReferral(f.ctx, r.ID, linkage.Party{Kind: linkage.PartyOrganization, ID: teamA.ID}, "no")
	requireKind(t, err, wushe.KindForbidden, "linkage.Service.CancelReferral")
	// The responder cannot start before accepting.
	_, err = f.svc.StartReferral(f.ctx, r.ID, teamA)
	requireKind(t, err, wushe.KindConflict, "linkage.Service.StartReferral")

	f.clock.Advance(30 * time.Minute)
	r, err = f.svc.ReceiveReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)
	require.Equal(t, t0.Add(30*time.Minute), r.ReceivedAt)
	f.clock.Advance(30 * time.Minute)
	r, err = f.svc.AcceptReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)
	require.Equal(t, linkage.ReferralAccepted, r.Status)
	require.True(t, r.AnsweredInTime())
	d, ok := r.ResponseTime()
	require.True(t, ok)
	require.Equal(t, time.Hour, d)
	require.Equal(t, r.ResolveBy, r.Due())
	need, err := f.svc.GetNeed(f.ctx, n.ID)
	require.NoError(t, err)
	require.Equal(t, linkage.NeedPlanned, need.Status, "the first accepted referral plans the need")

	// Requesters cannot move the responder's edges even when it names them.
	_, err = f.svc.HoldReferral(f.ctx, r.ID, teamA, "")
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.HoldReferral")
	r, err = f.svc.StartReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)
	need, _ = f.svc.GetNeed(f.ctx, n.ID)
	require.Equal(t, linkage.NeedInProgress, need.Status, "work starting moves the need on")
	r, err = f.svc.HoldReferral(f.ctx, r.ID, teamA, "rain")
	require.NoError(t, err)
	require.Equal(t, linkage.ReferralOnHold, r.Status)
	r, err = f.svc.ResumeReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)
	require.Equal(t, linkage.ReferralInProgress, r.Status)
	require.Len(t, r.Events, 5)
	require.Equal(t, "rain", r.Events[3].Reason)
	_, ok = r.ResolutionTime()
	require.False(t, ok)

	// The supervisor may cancel for the requester; a cancelled referral is final.
	_, err = f.svc.CancelReferral(f.ctx, r.ID, f.supervisorParty(), "")
	requireKind(t, err, wushe.KindInvalid, "")
	r, err = f.svc.CancelReferral(f.ctx, r.ID, f.supervisorParty(), "the family found help")
	require.NoError(t, err)
	require.Equal(t, linkage.ReferralCancelled, r.Status)
	require.True(t, r.Due().IsZero())
	_, err = f.svc.CancelReferral(f.ctx, r.ID, f.requester(), "again")
	requireKind(t, err, wushe.KindConflict, "")
	_, err = f.svc.FailReferral(f.ctx, r.ID, teamA, "x")
	requireKind(t, err, wushe.KindConflict, "")
}

// TestAcceptRaceOneWinner: twenty teams accept a referral offered to any team at once;
// exactly one wins and becomes the responder, the others get a conflict.
func TestAcceptRaceOneWinner(t *testing.T) {
	f := newFixture(t)
	n := f.need(t)
	r := f.refer(t, n, linkage.ReferralResponder{Kind: linkage.ResponderVolunteerTeam})
	const racers = 20
	errs := make([]error, racers)
	teams := make([]linkage.ReferralResponder, racers)
	var wg sync.WaitGroup
	for i := range racers {
		teams[i] = linkage.ReferralResponder{Kind: linkage.ResponderVolunteerTeam, ID: uuid.New()}
		wg.Go(func() { _, errs[i] = f.svc.AcceptReferral(f.ctx, r.ID, teams[i]) })
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		if err == nil {
			require.Equal(t, -1, winner, "two winners")
			winner = i
			continue
		}
		requireKind(t, err, wushe.KindConflict, "linkage.Service.AcceptReferral")
	}
	require.NotEqual(t, -1, winner)
	got, err := f.svc.GetReferral(f.ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, teams[winner].ID, got.Responder.ID)
	// Now only the winner is the responder.
	_, err = f.svc.StartReferral(f.ctx, r.ID, teams[(winner+1)%racers])
	requireKind(t, err, wushe.KindForbidden, "")
}

func TestReReferKeepsHistory(t *testing.T) {
	f := newFixture(t)
	n := f.need(t)
	r := f.refer(t, n, teamA)
	_, err := f.svc.ReRefer(f.ctx, r.ID, f.requester(), teamB)
	requireKind(t, err, wushe.KindConflict, "linkage.Service.ReRefer")
	_, err = f.svc.RejectReferral(f.ctx, r.ID, teamA, "")
	requireKind(t, err, wushe.KindInvalid, "")
	r, err = f.svc.RejectReferral(f.ctx, r.ID, teamA, "no one free this week")
	require.NoError(t, err)
	require.Equal(t, "no one free this week", r.Reason)
	need, _ := f.svc.GetNeed(f.ctx, n.ID)
	require.Equal(t, linkage.NeedOpen, need.Status, "a rejection plans nothing")

	_, err = f.svc.ReRefer(f.ctx, r.ID, linkage.Party{Kind: linkage.PartyCommunity, ID: uuid.New()}, teamB)
	requireKind(t, err, wushe.KindForbidden, "")
	_, err = f.svc.ReRefer(f.ctx, r.ID, f.requester(), linkage.ReferralResponder{Kind: "x"})
	requireKind(t, err, wushe.KindInvalid, "")
	f.clock.Advance(time.Hour)
	nr, err := f.svc.ReRefer(f.ctx, r.ID, f.requester(), teamB)
	require.NoError(t, err)
	require.Equal(t, r.ID, nr.Previous)
	require.Equal(t, teamB, nr.Responder)
	require.Equal(t, r.Ask, nr.Ask)
	require.Equal(t, t0.Add(3*time.Hour), nr.RespondBy, "new deadlines from the re-referral")
	old, err := f.svc.GetReferral(f.ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, nr.ID, old.Next)
	require.Equal(t, linkage.ReferralRejected, old.Status)
	_, err = f.svc.ReRefer(f.ctx, r.ID, f.requester(), teamA)
	requireKind(t, err, wushe.KindConflict, "")

	// A failed referral can be re-referred too.
	_, err = f.svc.AcceptReferral(f.ctx, nr.ID, teamB)
	require.NoError(t, err)
	_, err = f.svc.FailReferral(f.ctx, nr.ID, teamB, "")
	requireKind(t, err, wushe.KindInvalid, "")
	_, err = f.svc.FailReferral(f.ctx, nr.ID, teamB, "the van broke")
	require.NoError(t, err)
	third, err := f.svc.ReRefer(f.ctx, nr.ID, f.supervisorParty(), teamA)
	require.NoError(t, err)
	require.Equal(t, nr.ID, third.Previous)
}

// A re-referral whose creation fails takes its claim back: the old referral can be
// re-referred again.
func TestReReferRollsBackClaim(t *testing.T) {
	faults := new(storetest.Faults)
	f := newFixtureOn(t, linkagetest.NewFaultStore(newFakeStore(), faults))
	n := f.need(t)
	r := f.refer(t, n, teamA)
	_, err := f.svc.RejectReferral(f.ctx, r.ID, teamA, "busy")
	require.NoError(t, err)
	faults.FailOn("CreateReferral")
	_, err = f.svc.ReRefer(f.ctx, r.ID, f.requester(), teamB)
	require.Error(t, err)
	old, err := f.svc.GetReferral(f.ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, uuid.Nil, old.Next)
	faults.Reset()
	_, err = f.svc.ReRefer(f.ctx, r.ID, f.requester(), teamB)
	require.NoError(t, err)
}

func TestEscalateOverdue(t *testing.T) {
	f := newFixture(t)
	n := f.need(t)
	r := f.refer(t, n, teamA)
	w := f.refer(t, n, dept)
	// Nothing is overdue yet.
	got, err := f.svc.EscalateOverdue(f.ctx, f.community.ID)
	require.NoError(t, err)
	require.Empty(t, got)

	f.clock.Advance(2*time.Hour + time.Second)
	got, err = f.svc.EscalateOverdue(f.ctx, f.community.ID)
	require.NoError(t, err)
	require.Len(t, got, 2)
	byID := map[uuid.UUID]linkage.Referral{got[0].ID: got[0], got[1].ID: got[1]}
	require.Equal(t, []linkage.Escalation{{At: f.clock.Now(), Missed: linkage.DeadlineRespond, Supervisor: f.supervisorParty()}},
		byID[r.ID].Escalations)
	require.Equal(t, "春熙路街道", byID[w.ID].Escalations[0].StreetOffice, "a whistle escalates to the street office")
	require.True(t, byID[w.ID].Whistle())

	// Once per deadline.
	got, err = f.svc.EscalateOverdue(f.ctx, f.community.ID)
	require.NoError(t, err)
	require.Empty(t, got)

	// Answering late counts against the response rate, and resolving late escalates again.
	a, err := f.svc.AcceptReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)
	require.False(t, a.AnsweredInTime())
	f.clock.Advance(24 * time.Hour)
	got, err = f.svc.EscalateOverdue(f.ctx, f.community.ID)
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, linkage.DeadlineResolve, got[0].Escalations[1].Missed)
	_, err = f.svc.EscalateOverdue(f.ctx, uuid.New())
	requireKind(t, err, wushe.KindNotFound, "linkage.Service.EscalateOverdue")
}

func TestDeadlineProfile(t *testing.T) {
	require.NoError(t, linkage.DefaultDeadlines().Validate())
	bad := linkage.DeadlineProfile{ByUrgency: map[linkage.Urgency]linkage.Deadline{
		linkage.UrgencyUrgent: {Respond: 3 * time.Hour, Resolve: time.Hour}, "soon": {Respond: 1, Resolve: 1},
		linkage.UrgencyAnxious: {Respond: 0, Resolve: -1},
	}}
	err := bad.Validate()
	require.Subset(t, fields(err), []string{"ByUrgency[urgent].Respond", "ByUrgency[difficult]", "ByUrgency[anxious].Resolve", "ByUrgency"})
	_, err = linkage.NewService(newFakeStore(), &linkage.Options{Deadlines: bad})
	requireKind(t, err, wushe.KindInvalid, "linkage.NewService")
	p := linkage.DefaultDeadlines()
	p.ByUrgency[linkage.UrgencyUrgent] = linkage.Deadline{Respond: time.Minute, Resolve: time.Hour}
	svc, err := linkage.NewService(newFakeStore(), &linkage.Options{Deadlines: p})
	require.NoError(t, err)
	require.Equal(t, time.Minute, svc.Deadlines().ByUrgency[linkage.UrgencyUrgent].Respond)
	svc.Deadlines().ByUrgency[linkage.UrgencyUrgent] = linkage.Deadline{}
	require.Equal(t, time.Minute, svc.Deadlines().ByUrgency[linkage.UrgencyUrgent].Respond, "Deadlines returns a copy")
}

func TestReferralValidate(t *testing.T) {
	ok := linkage.Referral{ID: uuid.New(), Need: uuid.New(), Community: uuid.New(), Requester: linkage.Party{Kind: linkage.PartyCommunity, ID: uuid.New()},
		Responder: teamA, Category: "x", Ask: "y", Urgency: linkage.UrgencyUrgent, Status: linkage.ReferralRequested,
		RequestedAt: t0, RespondBy: t0, ResolveBy: t0}
	require.NoError(t, ok.Validate())
	bad := ok
	bad.Status, bad.Responder.ID = linkage.ReferralAccepted, uuid.Nil
	bad.Work = []linkage.WorkRef{{Kind: "x"}}
	bad.Events = []linkage.ReferralEvent{{From: linkage.ReferralCompleted, To: linkage.ReferralRequested}}
	bad.Escalations = []linkage.Escalation{{}}
	bad.Next = uuid.New()
	bad.ResolveBy = t0.Add(-time.Hour)
	require.Subset(t, fields(bad.Validate()), []string{"RespondedAt", "Responder.ID", "Work[0].Kind", "Work[0].ID",
		"Events[0]", "Escalations[0].Missed", "Escalations[0].At", "Next", "ResolveBy"})
	bad = ok
	bad.Status = linkage.ReferralCancelled
	require.Subset(t, fields(bad.Validate()), []string{"ClosedAt", "Reason"})
	bad = ok
	bad.StartedAt = t0
	require.Contains(t, fields(bad.Validate()), "StartedAt")
	// The JSON names every field in snake_case.
	b, err := json.Marshal(ok)
	require.NoError(t, err)
	require.Contains(t, string(b), `"respond_by"`)
	for _, k := range linkage.ResponderKinds() {
		require.True(t, k.Valid())
		require.Equal(t, k == linkage.ResponderCharityFund || k == linkage.ResponderCommunityStock, k.Charity())
	}
}
