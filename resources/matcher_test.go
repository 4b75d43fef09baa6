package resources_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

func mlot(id byte, qty string, mod func(*resources.Lot)) resources.Lot {
	l := resources.Lot{ID: uuid.UUID{15: id}, DonationID: uuid.UUID{0: 1, 15: id}, Kind: resources.PropertyGoods, Category: "rice", Unit: "bag",
		UnitValue: d("50"), Received: d(qty), OnHand: d(qty), Reserved: decimal.Zero, Delivered: decimal.Zero, Disposed: decimal.Zero,
		Holder: resources.Holder{Kind: resources.HolderSupermarket, Name: "S"}}
	if mod != nil {
		mod(&l)
	}
	return l
}

func mreq(id byte, qty string, u resources.Urgency, mod func(*resources.Request)) resources.Request {
	r := resources.Request{ID: uuid.UUID{0: 2, 15: id}, CommunityID: uuid.UUID{0: 3}, Group: resources.GroupElderly, Kind: resources.PropertyGoods,
		Category: "rice", Unit: "bag", Quantity: d(qty), Reserved: decimal.Zero, Delivered: decimal.Zero, Urgency: u, Status: resources.RequestOpen}
	if mod != nil {
		mod(&r)
	}
	return r
}

func plannedFor(p *resources.MatchPlan, req uuid.UUID) decimal.Decimal {
	for _, f := range p.Requests {
		if f.RequestID == req {
			return f.Planned
		}
	}
	return decimal.Zero
}

func TestMatchUrgencyFirstAndPartial(t *testing.T) {
	lots := []resources.Lot{mlot(1, "5", nil)}
	urgent := mreq(1, "4", resources.UrgencyUrgent, nil)
	hoped := mreq(2, "4", resources.UrgencyHopedFor, nil)
	plan, err := resources.Match(lots, []resources.Request{hoped, urgent}, t0, nil)
	require.NoError(t, err)
	assert.True(t, plannedFor(plan, urgent.ID).Equal(d("4")))
	assert.True(t, plannedFor(plan, hoped.ID).Equal(d("1")))
	for _, f := range plan.Requests {
		if f.RequestID == hoped.ID {
			assert.True(t, f.Partial)
			assert.False(t, f.Unfilled)
		}
	}
	require.NotEmpty(t, plan.Allocations)
	names := []string{}
	for _, f := range plan.Allocations[0].Factors {
		names = append(names, f.Name)
	}
	assert.ElementsMatch(t, []string{resources.FactorUrgency, resources.FactorDistance, resources.FactorExpiry, resources.FactorPreference}, names)
	assert.NotEmpty(t, plan.Algorithm)
}

func TestMatchPoolsIdenticalLotsAndPrefersNearAndFirstExpiry(t *testing.T) {
	here := &wushe.Point{Lat: 30.0, Lng: 104.0}
	near := &wushe.Point{Lat: 30.001, Lng: 104.0}
	far := &wushe.Point{Lat: 30.03, Lng: 104.0}
	a := mlot(1, "2", func(l *resources.Lot) { l.Location = near })
	b := mlot(2, "2", func(l *resources.Lot) { l.Location = near })
	c := mlot(3, "10", func(l *resources.Lot) { l.Location = far })
	r := mreq(1, "3", resources.UrgencyDifficult, func(r *resources.Request) { r.Location = here })
	plan, err := resources.Match([]resources.Lot{c, b, a}, []resources.Request{r}, t0, nil)
	require.NoError(t, err)
	require.Len(t, plan.Allocations, 2, "the pooled pair near by fills it, split in ID order")
	assert.Equal(t, a.ID, plan.Allocations[0].LotID)
	assert.True(t, plan.Allocations[0].Quantity.Equal(d("2")))
	assert.Equal(t, b.ID, plan.Allocations[1].LotID)
	assert.True(t, plan.Allocations[1].Quantity.Equal(d("1")))
	require.Len(t, plan.Rejections, 1)
	assert.Equal(t, c.ID, plan.Rejections[0].LotID)
	assert.True(t, plan.Rejections[0].Lost.Valid)

	soon := mlot(4, "3", func(l *resources.Lot) { l.Expires = t0.AddDate(0, 0, 10) })
	late := mlot(5, "3", func(l *resources.Lot) { l.Expires = t0.AddDate(0, 6, 0) })
	plan, err = resources.Match([]resources.Lot{late, soon}, []resources.Request{mreq(2, "3", resources.UrgencyAnxious, nil)}, t0, nil)
	require.NoError(t, err)
	require.Len(t, plan.Allocations, 1)
	assert.Equal(t, soon.ID, plan.Allocations[0].LotID, "first expiry, first out")
}

func TestMatchExclusions(t *testing.T) {
	here := &wushe.Point{Lat: 30.0, Lng: 104.0}
	far := &wushe.Point{Lat: 31.0, Lng: 104.0}
	expiring := mlot(1, "3", func(l *resources.Lot) { l.Expires = t0.AddDate(0, 0, 3) })
	children := mlot(2, "3", func(l *resources.Lot) { l.Restriction.Groups = []resources.TargetGroup{resources.GroupChildren} })
	distant := mlot(3, "3", func(l *resources.Lot) { l.Location = far })
	oil := mlot(4, "3", func(l *resources.Lot) { l.Category = "oil" })
	r := mreq(1, "3", resources.UrgencyUrgent, func(r *resources.Request) { r.Location = here; r.NeededBy = t0.AddDate(0, 0, 7) })
	plan, err := resources.Match([]resources.Lot{expiring, children, distant, oil}, []resources.Request{r}, t0,
		&resources.MatchOptions{MaxDistanceMeters: 5000})
	require.NoError(t, err)
	assert.Empty(t, plan.Allocations)
	got := map[uuid.UUID]string{}
	for _, x := range plan.Exclusions {
		got[x.LotID] = x.Constraint
		assert.NotEmpty(t, x.Detail)
	}
	assert.Equal(t, map[uuid.UUID]string{expiring.ID: "expiry", children.ID: "eligibility", distant.ID: "distance"}, got,
		"a lot of another category is not a candidate at all")
	require.Len(t, plan.Requests, 1)
	assert.True(t, plan.Requests[0].Unfilled)
}

func TestMatchScaleAndOptions(t *testing.T) {
	half := mlot(1, "0.5", nil)
	_, err := resources.Match([]resources.Lot{half}, nil, t0, &resources.MatchOptions{WholeUnits: true})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.Contains(t, err.Error(), "finer")
	_, err = resources.Match(nil, []resources.Request{mreq(1, "0.25", resources.UrgencyUrgent, nil)}, t0, &resources.MatchOptions{Places: 1})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	plan, err := resources.Match([]resources.Lot{half}, []resources.Request{mreq(1, "1", resources.UrgencyUrgent, nil)}, t0, &resources.MatchOptions{Places: 1})
	require.NoError(t, err)
	assert.True(t, plan.Allocations[0].Quantity.Equal(d("0.5")))
	assert.True(t, plan.Requests[0].Partial)

	bad := []resources.MatchOptions{
		{Places: 4},
		{MaxDistanceMeters: -1},
		{Weights: map[string]decimal.Decimal{resources.FactorUrgency: d("1")}},
		{Weights: map[string]decimal.Decimal{resources.FactorUrgency: d("-1"), resources.FactorDistance: d("1"), resources.FactorExpiry: d("1"), resources.FactorPreference: d("0.00001")}},
		{Weights: map[string]decimal.Decimal{resources.FactorUrgency: d("99"), resources.FactorDistance: d("1"), resources.FactorExpiry: d("1"), resources.FactorPreference: d("0")}},
	}
	for i, o := range bad {
		_, err := resources.Match(nil, nil, t0, &o)
		assert.ErrorIs(t, err, wushe.ErrInvalid, i)
	}
	pref := mlot(2, "1", func(l *resources.Lot) { l.Restriction.Groups = []resources.TargetGroup{resources.GroupElderly} })
	plain := mlot(3, "1", nil)
	plan, err = resources.Match([]resources.Lot{plain, pref}, []resources.Request{mreq(2, "1", resources.UrgencyUrgent, nil)}, t0, nil)
	require.NoError(t, err)
	assert.Equal(t, pref.ID, plan.Allocations[0].LotID, "the donor's preferred group wins a tie")
}

// Property: on random instances the plan never gives a lot more than it has on hand or a
// request more than it still needs, never pairs across a hard constraint, and fills at
// least as many units as a greedy fill in request order would.
func TestMatchProperty(t *testing.T) {
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 11))
		var lots []resources.Lot
		var reqs []resources.Request
		cats := []string{"rice", "oil"}
		for i := range 2 + rng.IntN(6) {
			lots = append(lots, mlot(byte(i+1), fmt.Sprint(1+rng.IntN(6)), func(l *resources.Lot) {
				l.Category = cats[rng.IntN(2)]
				if rng.IntN(3) == 0 {
					l.Expires = t0.AddDate(0, 0, rng.IntN(30))
				}
				if rng.IntN(3) == 0 {
					l.Restriction.Groups = []resources.TargetGroup{resources.GroupChildren}
				}
			}))
		}
		urg := []resources.Urgency{resources.UrgencyUrgent, resources.UrgencyDifficult, resources.UrgencyAnxious, resources.UrgencyHopedFor}
		for i := range 1 + rng.IntN(6) {
			reqs = append(reqs, mreq(byte(i+1), fmt.Sprint(1+rng.IntN(5)), urg[rng.IntN(4)], func(r *resources.Request) {
				r.Category = cats[rng.IntN(2)]
				if rng.IntN(2) == 0 {
					r.NeededBy = t0.AddDate(0, 0, rng.IntN(30))
				}
			}))
		}
		plan, err := resources.Match(lots, reqs, t0, nil)
		require.NoError(t, err)
		given := map[uuid.UUID]decimal.Decimal{}
		got := map[uuid.UUID]decimal.Decimal{}
		byLot := map[uuid.UUID]resources.Lot{}
		for _, l := range lots {
			byLot[l.ID] = l
		}
		byReq := map[uuid.UUID]resources.Request{}
		for _, r := range reqs {
			byReq[r.ID] = r
		}
		total := decimal.Zero
		for _, a := range plan.Allocations {
			l, r := byLot[a.LotID], byReq[a.RequestID]
			ok, why := resources.Eligible(l, r, t0)
			require.True(t, ok, "seed %d: %s", seed, why)
			require.False(t, !l.Expires.IsZero() && !r.NeededBy.IsZero() && l.Expires.Before(r.NeededBy), "seed %d: expiry", seed)
			given[a.LotID] = given[a.LotID].Add(a.Quantity)
			got[a.RequestID] = got[a.RequestID].Add(a.Quantity)
			total = total.Add(a.Quantity)
		}
		for id, q := range given {
			require.True(t, q.LessThanOrEqual(byLot[id].OnHand), "seed %d", seed)
		}
		for id, q := range got {
			require.True(t, q.LessThanOrEqual(byReq[id].Quantity), "seed %d", seed)
		}
		// greedy baseline
		left := map[uuid.UUID]decimal.Decimal{}
		for _, l := range lots {
			left[l.ID] = l.OnHand
		}
		greedy := decimal.Zero
		for _, r := range reqs {
			need := r.Quantity
			for _, l := range lots {
				ok, _ := resources.Eligible(l, r, t0)
				if !ok || (!l.Expires.IsZero() && !r.NeededBy.IsZero() && l.Expires.Before(r.NeededBy)) {
					continue
				}
				take := decimal.Min(need, left[l.ID])
				left[l.ID], need = left[l.ID].Sub(take), need.Sub(take)
				greedy = greedy.Add(take)
			}
		}
		require.True(t, total.GreaterThanOrEqual(greedy), "seed %d: optimum fills %s, greedy %s", seed, total, greedy)
	}
}

func TestServiceMatchAndApply(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	_, lot := e.goods("5", resources.Restriction{})
	urgent := e.request("3", func(r *resources.Request) { r.Urgency = resources.UrgencyUrgent })
	other := e.request("3", nil)
	plan, err := e.svc.Match(ctx, nil)
	require.NoError(t, err)
	assert.True(t, plannedFor(plan, urgent.ID).Equal(d("3")))
	assert.True(t, plannedFor(plan, other.ID).Equal(d("2")))
	// someone takes one unit before the plan is applied: that allocation fails, the rest go ahead
	_, _, err = e.svc.Dispose(ctx, "clerk", lot.ID, resources.Disposal{Quantity: d("1"), Reason: resources.DisposeDamaged})
	require.NoError(t, err)
	made, err := e.svc.ApplyPlan(ctx, "worker", plan)
	require.ErrorIs(t, err, wushe.ErrInsufficient)
	require.Len(t, made, 1)
	l := e.lot(lot.ID)
	assert.True(t, l.Conserved())
	_, err = e.svc.ApplyPlan(ctx, "worker", nil)
	assert.ErrorIs(t, err, wushe.ErrInvalid)

	fe := newFaultyEnv(t)
	fe.fs.Faults.FailOn("ListLots")
	_, err = fe.svc.Match(ctx, nil)
	assert.ErrorIs(t, err, wushe.ErrUnavailable)
	fe.fs.Faults.Reset()
	fe.fs.Faults.FailOn("ListRequests")
	_, err = fe.svc.Match(ctx, nil)
	assert.ErrorIs(t, err, wushe.ErrUnavailable)
	fe.fs.Faults.Reset()
	_, err = fe.svc.Match(ctx, &resources.MatchOptions{Places: 9})
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	_ = time.Second
}
