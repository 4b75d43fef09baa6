package linkage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/linkage/linkagetest"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/storetest"
	"github.com/wushe/wushe/volunteer"
)

// applyWorld is a community with two open needs (meals for an elder, rice for a family),
// an organization that delivers meals, a lot of rice and a volunteer who cooks.
type applyWorld struct {
	ctx       context.Context
	store     *memstore.Store
	clock     *wushe.ManualClock
	svc       *linkage.Service
	community linkage.Community
	meals     linkage.Need
	rice      linkage.Need
	org       linkage.Organization
	lot       resources.Lot
	cook      volunteer.Volunteer
	src       linkage.DispatchSources
	worker    linkage.Party
	d         *linkage.Dispatcher
}

func newApplyWorld(t *testing.T) *applyWorld {
	t.Helper()
	w := &applyWorld{ctx: context.Background(), store: memstore.New()}
	var err error
	w.clock = wushe.NewManualClock(streetAt)
	w.svc, err = linkage.NewService(w.store, &linkage.Options{Clock: w.clock, NewID: wushe.SequentialIDs(t.Name())})
	require.NoError(t, err)
	w.community, err = w.svc.RegisterCommunity(w.ctx, linkage.Community{Name: "J社区", Kind: linkage.CommunityUrban, StreetOffice: "春熙路街道"})
	require.NoError(t, err)
	raise := func(cat string, g linkage.TargetGroup) linkage.Need {
		n, err := w.svc.RaiseNeed(w.ctx, linkage.Need{Community: w.community.ID, TargetGroup: g, Category: cat, Urgency: linkage.UrgencyUrgent,
			Source: linkage.SourceHomeVisit, RaisedAt: streetAt.AddDate(0, 0, -3), Location: &dcentre, Description: "每天午餐送到三楼"})
		require.NoError(t, err)
		return n
	}
	w.meals, w.rice = raise("meal delivery", linkage.GroupElderly), raise("rice", linkage.GroupLowIncome)
	w.org, err = w.svc.RegisterOrganization(w.ctx, linkage.Organization{Name: "夕阳红互助会", Field: linkage.FieldMutualAid, Type: linkage.OrgAssociation,
		Community: w.community.ID, Stage: linkage.StageInterestGroup, Provisions: []linkage.Provision{{Offer: linkage.OfferServices,
			Category: "Meal delivery", Capacity: 1, Location: north(dcentre, 150)}}})
	require.NoError(t, err)
	w.cook = adult(volunteer.Skill{Name: "meal delivery", Level: 2})
	w.cook.CommunityID = w.community.ID
	require.NoError(t, w.store.CreateVolunteer(w.ctx, w.cook))
	w.lot = resources.Lot{ID: did(), Version: 2, Kind: resources.PropertyGoods, Category: "rice", Unit: "kg", OnHand: decimal.NewFromInt(50),
		Location: north(dcentre, 80), Holder: resources.Holder{Kind: resources.HolderCommunityFund, Name: "社区基金", ID: did()}}
	w.src = linkage.DispatchSources{Volunteers: w.store, Lots: lotList{w.lot}}
	w.worker = linkage.Party{Kind: linkage.PartySocialWorker, ID: did()}
	w.d, err = linkage.NewDispatcher(nil)
	require.NoError(t, err)
	return w
}

// dispatch loads the community and dispatches it, organizations and lots only unless
// kinds say otherwise.
func (w *applyWorld) dispatch(t *testing.T, kinds ...linkage.DispatchKind) *linkage.DispatchResult {
	t.Helper()
	in, err := w.svc.LoadDispatchInput(w.ctx, linkage.DispatchScope{Communities: []uuid.UUID{w.community.ID}}, w.src)
	require.NoError(t, err)
	if len(kinds) == 0 {
		kinds = []linkage.DispatchKind{linkage.DispatchOrganization, linkage.DispatchLot}
	}
	for i := range in.Tasks {
		in.Tasks[i].Kinds = kinds
	}
	res, err := w.d.Dispatch(in)
	require.NoError(t, err)
	return res
}

func (w *applyWorld) referrals(t *testing.T) []linkage.Referral {
	t.Helper()
	page, err := w.svc.ListReferrals(w.ctx, linkage.ReferralFilter{})
	require.NoError(t, err)
	return page.Items
}

func TestApplyDispatchWritesReferrals(t *testing.T) {
	w := newApplyWorld(t)
	res := w.dispatch(t)
	require.Len(t, res.Proposals, 2)
	refs, err := w.svc.ApplyDispatch(w.ctx, w.worker, res)
	require.NoError(t, err)
	require.Len(t, refs, 2)
	byNeed := map[uuid.UUID]linkage.Referral{}
	for _, r := range refs {
		byNeed[r.Need] = r
		assert.Equal(t, linkage.ReferralRequested, r.Status)
		assert.Equal(t, w.worker, r.Requester)
	}
	meal := byNeed[w.meals.ID]
	assert.Equal(t, linkage.ReferralResponder{Kind: linkage.ResponderOrganization, ID: w.org.ID, Name: "夕阳红互助会"}, meal.Responder)
	assert.Equal(t, "meal delivery", meal.Category)
	assert.Equal(t, "每天午餐送到三楼", meal.Ask)
	assert.False(t, meal.Quantity.Valid)
	rice := byNeed[w.rice.ID]
	assert.Equal(t, linkage.ReferralResponder{Kind: linkage.ResponderCharityFund, ID: w.lot.Holder.ID, Name: "社区基金"}, rice.Responder)
	assert.True(t, rice.Quantity.Valid)
	assert.Equal(t, "1", rice.Quantity.Decimal.String())
	assert.Equal(t, "kg", rice.Unit)

	// Applying the same proposals again is stale: the needs moved on. Nothing is written.
	_, err = w.svc.ApplyDispatch(w.ctx, w.worker, res)
	require.ErrorIs(t, err, wushe.ErrConflict)
	assert.Len(t, w.referrals(t), 2)

	// The next dispatch sees the referrals: the needs are being answered and the
	// organization's one place is held.
	again := w.dispatch(t)
	assert.Empty(t, again.Proposals)
	assert.Empty(t, again.Unplaced)
}

func TestApplyDispatchRefusesStaleProposalsAndWritesNothing(t *testing.T) {
	w := newApplyWorld(t)
	res := w.dispatch(t)
	require.Len(t, res.Proposals, 2)

	// The rice need is edited after the dispatch: the whole apply is refused.
	n, err := w.svc.GetNeed(w.ctx, w.rice.ID)
	require.NoError(t, err)
	n.Description = "两袋米"
	_, err = w.svc.UpdateNeed(w.ctx, n)
	require.NoError(t, err)
	out, err := w.svc.ApplyDispatch(w.ctx, w.worker, res)
	require.ErrorIs(t, err, wushe.ErrConflict)
	assert.Nil(t, out)
	assert.Empty(t, w.referrals(t))
	assert.Contains(t, err.Error(), "the dispatch read version 1")
	meals, err := w.svc.GetNeed(w.ctx, w.meals.ID)
	require.NoError(t, err)
	assert.Equal(t, w.meals.Version, meals.Version, "the fresh need was not touched")

	// The fresh proposal alone still applies.
	out, err = w.svc.ApplyDispatch(w.ctx, w.worker, res, w.meals.ID)
	require.NoError(t, err)
	require.Len(t, out, 1)

	// An organization changed since the dispatch makes its proposal stale.
	w2 := newApplyWorld(t)
	res2 := w2.dispatch(t)
	org, err := w2.svc.GetOrganization(w2.ctx, w2.org.ID)
	require.NoError(t, err)
	org.Venue = "活动室"
	_, err = w2.svc.UpdateOrganization(w2.ctx, org)
	require.NoError(t, err)
	_, err = w2.svc.ApplyDispatch(w2.ctx, w2.worker, res2, w2.meals.ID)
	require.ErrorIs(t, err, wushe.ErrConflict)
	assert.Empty(t, w2.referrals(t))

	// A proposal of a kind ApplyDispatch does not know is invalid; a task the result does
	// not propose for is not found; a bad requester is invalid. Nothing is written.
	w3 := newApplyWorld(t)
	res3 := w3.dispatch(t, linkage.DispatchVolunteer)
	p, ok := res3.Proposal(w3.meals.ID)
	require.True(t, ok)
	bad := *res3
	bad.Proposals = []linkage.DispatchProposal{p}
	bad.Proposals[0].Responder.Kind = "robot"
	_, ok = linkage.ReferralResponderFor(bad.Proposals[0])
	assert.False(t, ok)
	_, err = w3.svc.ApplyDispatch(w3.ctx, w3.worker, &bad)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = w3.svc.ApplyDispatch(w3.ctx, w3.worker, res3, uuid.New())
	require.ErrorIs(t, err, wushe.ErrNotFound)
	_, err = w3.svc.ApplyDispatch(w3.ctx, linkage.Party{}, res)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = w3.svc.ApplyDispatch(w3.ctx, w3.worker, nil)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.Empty(t, w3.referrals(t))
}

// A volunteer's proposal is written as a referral to that one volunteer.
func TestApplyDispatchWritesAVolunteerProposal(t *testing.T) {
	w := newApplyWorld(t)
	res := w.dispatch(t, linkage.DispatchVolunteer)
	p, ok := res.Proposal(w.meals.ID)
	require.True(t, ok)
	require.Equal(t, linkage.DispatchVolunteer, p.Responder.Kind)
	to, ok := linkage.ReferralResponderFor(p)
	require.True(t, ok)
	assert.Equal(t, linkage.ResponderVolunteer, to.Kind)
	assert.Equal(t, w.cook.ID, to.ID)
	refs, err := w.svc.ApplyDispatch(w.ctx, w.worker, res, w.meals.ID)
	require.NoError(t, err)
	require.Len(t, refs, 1)
	assert.Equal(t, linkage.ReferralResponder{Kind: linkage.ResponderVolunteer, ID: w.cook.ID, Name: p.Responder.Name}, refs[0].Responder)
	assert.False(t, refs[0].Quantity.Valid, "a referral to one volunteer asks no quantity")
}

func TestApplyDispatchConcurrentOneWins(t *testing.T) {
	w := newApplyWorld(t)
	res := w.dispatch(t)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = w.svc.ApplyDispatch(w.ctx, w.worker, res, w.meals.ID)
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else {
			require.ErrorIs(t, err, wushe.ErrConflict)
		}
	}
	assert.Equal(t, 1, won)
	assert.Len(t, w.referrals(t), 1)
}

func TestApplyDispatchReRefersARejectedReferral(t *testing.T) {
	w := newApplyWorld(t)
	second, err := w.svc.RegisterOrganization(w.ctx, linkage.Organization{Name: "邻里送餐队", Field: linkage.FieldMutualAid, Type: linkage.OrgAssociation,
		Community: w.community.ID, Stage: linkage.StageInterestGroup, Provisions: []linkage.Provision{{Offer: linkage.OfferServices,
			Category: "meal delivery", Location: north(dcentre, 350)}}})
	require.NoError(t, err)
	res := w.dispatch(t)
	first, err := w.svc.ApplyDispatch(w.ctx, w.worker, res, w.meals.ID)
	require.NoError(t, err)
	require.Equal(t, w.org.ID, first[0].Responder.ID, "the nearer organization first")
	_, err = w.svc.RejectReferral(w.ctx, first[0].ID, first[0].Responder, "no driver this week")
	require.NoError(t, err)

	// The rejected referral waits for a responder; the one that rejected it is declined.
	in, err := w.svc.LoadDispatchInput(w.ctx, linkage.DispatchScope{Communities: []uuid.UUID{w.community.ID}}, w.src)
	require.NoError(t, err)
	var task linkage.DispatchTask
	for _, tk := range in.Tasks {
		if tk.Need == w.meals.ID {
			task = tk
		}
	}
	require.Equal(t, first[0].ID, task.Referral)
	assert.Equal(t, []uuid.UUID{w.org.ID}, task.Declined)
	res = w.dispatch(t)
	p, ok := res.Proposal(first[0].ID)
	require.True(t, ok)
	assert.Equal(t, second.ID, p.Responder.ID)
	next, err := w.svc.ApplyDispatch(w.ctx, w.worker, res, first[0].ID)
	require.NoError(t, err)
	require.Len(t, next, 1)
	assert.Equal(t, first[0].ID, next[0].Previous)
	assert.Equal(t, second.ID, next[0].Responder.ID)
	_, err = w.svc.ApplyDispatch(w.ctx, w.worker, res, first[0].ID)
	require.ErrorIs(t, err, wushe.ErrConflict, "re-referred already")
}

func TestIdleReportCountsAcceptedReferralsAsUse(t *testing.T) {
	w := newApplyWorld(t)
	w.clock.Advance(40 * 24 * time.Hour)
	scope := linkage.DispatchScope{Communities: []uuid.UUID{w.community.ID}}
	idle := func() int {
		rep, err := w.svc.IdleReport(w.ctx, scope, w.src, 30)
		require.NoError(t, err)
		n := 0
		for _, c := range rep.Categories {
			n += c.IdleProvisions
		}
		return n
	}
	require.Equal(t, 1, idle(), "declared 40 days ago, never used")
	res := w.dispatch(t)
	refs, err := w.svc.ApplyDispatch(w.ctx, w.worker, res, w.meals.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, idle(), "a referral asked for is not yet a use")
	_, err = w.svc.AcceptReferral(w.ctx, refs[0].ID, refs[0].Responder)
	require.NoError(t, err)
	assert.Equal(t, 0, idle(), "accepted today")
	w.clock.Advance(30 * 24 * time.Hour)
	assert.Equal(t, 1, idle(), "accepted exactly 30 days ago")
}

// ApplyDispatch writes all its proposals or none: whichever store call fails while it
// writes a new referral for one need and re-refers another's rejected referral, no
// referral is left written and the rejected one can still be re-referred.
func TestApplyDispatchIsAllOrNothing(t *testing.T) {
	setup := func(t *testing.T) (*applyWorld, *linkagetest.FaultStore, *linkage.Service, *linkage.DispatchResult, linkage.Referral) {
		w := newApplyWorld(t)
		_, err := w.svc.RegisterOrganization(w.ctx, linkage.Organization{Name: "邻里送餐队", Field: linkage.FieldMutualAid, Type: linkage.OrgAssociation,
			Community: w.community.ID, Stage: linkage.StageInterestGroup, Provisions: []linkage.Provision{{Offer: linkage.OfferServices,
				Category: "meal delivery", Location: north(dcentre, 350)}}})
		require.NoError(t, err)
		first, err := w.svc.ApplyDispatch(w.ctx, w.worker, w.dispatch(t), w.meals.ID)
		require.NoError(t, err)
		rejected, err := w.svc.RejectReferral(w.ctx, first[0].ID, first[0].Responder, "no driver this week")
		require.NoError(t, err)
		res := w.dispatch(t)
		require.Len(t, res.Proposals, 2, "the rejected referral and the rice need")
		fs := linkagetest.NewFaultStore(w.store, nil)
		svc, err := linkage.NewService(fs, &linkage.Options{Clock: w.clock, NewID: wushe.SequentialIDs(t.Name() + "apply")})
		require.NoError(t, err)
		return w, fs, svc, res, rejected
	}
	// A clean run, to count the store calls an apply makes.
	w, fs, svc, res, _ := setup(t)
	out, err := svc.ApplyDispatch(w.ctx, w.worker, res)
	require.NoError(t, err)
	require.Len(t, out, 2)
	calls := fs.Faults().Calls()
	require.Greater(t, calls, 6)

	for k := 1; k <= calls; k++ {
		t.Run(fmt.Sprint("call ", k), func(t *testing.T) {
			w, fs, svc, res, rejected := setup(t)
			before := w.referrals(t)
			fs.Faults().FailAt(k)
			out, err := svc.ApplyDispatch(w.ctx, w.worker, res)
			require.ErrorIs(t, err, storetest.ErrInjected)
			require.Nil(t, out)
			// Claims move Versions on (and UpdatedAt); everything else is as it was.
			unversioned := func(rs []linkage.Referral) []linkage.Referral {
				for i := range rs {
					rs[i].Version, rs[i].UpdatedAt = 0, time.Time{}
				}
				return rs
			}
			assert.Equal(t, unversioned(before), unversioned(w.referrals(t)), "%s failed; the referrals are as they were", fs.Faults().Log()[k-1])
			// The rejected referral can still be re-referred.
			got, err := w.svc.GetReferral(w.ctx, rejected.ID)
			require.NoError(t, err)
			require.Equal(t, uuid.Nil, got.Next)
		})
	}
}

// A withdrawal that fails too is reported with the referral it leaves standing.
func TestApplyDispatchReportsAFailedWithdrawal(t *testing.T) {
	// A dry run on a world like it finds the call that writes the second referral.
	probe := newApplyWorld(t)
	pfs := linkagetest.NewFaultStore(probe.store, nil)
	psvc, err := linkage.NewService(pfs, &linkage.Options{Clock: probe.clock, NewID: wushe.SequentialIDs(t.Name() + "probe")})
	require.NoError(t, err)
	_, err = psvc.ApplyDispatch(probe.ctx, probe.worker, probe.dispatch(t))
	require.NoError(t, err)
	second, creates := 0, 0
	for i, m := range pfs.Faults().Log() {
		if m == "CreateReferral" {
			if creates++; creates == 2 {
				second = i + 1
			}
		}
	}
	require.NotZero(t, second)

	w := newApplyWorld(t)
	res := w.dispatch(t)
	fs := linkagetest.NewFaultStore(w.store, new(storetest.Faults).FailAt(second).FailOn("DeleteReferral"))
	svc, err := linkage.NewService(fs, &linkage.Options{Clock: w.clock, NewID: wushe.SequentialIDs(t.Name())})
	require.NoError(t, err)
	out, err := svc.ApplyDispatch(w.ctx, w.worker, res)
	require.Nil(t, out)
	require.ErrorIs(t, err, storetest.ErrInjected)
	require.Contains(t, err.Error(), "could not be withdrawn")
	assert.Len(t, w.referrals(t), 1, "the first referral stays, and the error says so")
}
