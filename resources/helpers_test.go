package resources_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/resources/resourcestest"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

type env struct {
	t     testing.TB
	svc   *resources.Service
	store resources.Store
	mem   *memstore.Store
	clock *wushe.ManualClock
	fs    *resourcestest.FaultyStore
}

func newEnv(t testing.TB) *env {
	t.Helper()
	mem := memstore.New()
	e := &env{t: t, mem: mem, store: mem, clock: wushe.NewManualClock(t0)}
	svc, err := resources.NewService(mem, &resources.Options{Clock: e.clock, NewID: wushe.SequentialIDs(t.Name()),
		Organization: "J Community Charity Fund"})
	require.NoError(t, err)
	e.svc = svc
	return e
}

// newFaultyEnv is newEnv over a FaultyStore wrapping the memstore.
func newFaultyEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.fs = resourcestest.NewFaultyStore(e.mem)
	e.store = e.fs
	svc, err := resources.NewService(e.fs, &resources.Options{Clock: e.clock, NewID: wushe.SequentialIDs(t.Name() + "/faulty")})
	require.NoError(t, err)
	e.svc = svc
	return e
}

func person(t testing.TB, s string) wushe.PersonName {
	t.Helper()
	n, err := wushe.ParsePersonName(s)
	require.NoError(t, err)
	return n
}

func (e *env) donor(anonymous bool) resources.Donor {
	e.t.Helper()
	dn, err := e.svc.RegisterDonor(e.t.Context(), "clerk", resources.Donor{Kind: resources.DonorEnterprise, Name: "Riverside Bank",
		CreditCode: "91350100M000100Y43", Anonymous: anonymous})
	require.NoError(e.t, err)
	return dn
}

func (e *env) holder() resources.Holder {
	return resources.Holder{Kind: resources.HolderSupermarket, Name: "Charity supermarket"}
}

// goods donates qty bags of rice worth 50 each and returns the lot.
func (e *env) goods(qty string, r resources.Restriction) (resources.Donation, resources.Lot) {
	e.t.Helper()
	dn := e.donor(false)
	don, lot, err := e.svc.Donate(e.t.Context(), "clerk", resources.Donation{DonorID: dn.ID, Kind: resources.PropertyGoods,
		Category: "rice", Quantity: d(qty), Unit: "bag", FairValue: d(qty).Mul(d("50")), FairValueProof: "invoice",
		Restriction: r}, resources.Receiving{Handler: person(e.t, "王五"), Holder: e.holder()})
	require.NoError(e.t, err)
	return don, lot
}

func (e *env) request(qty string, mod func(*resources.Request)) resources.Request {
	e.t.Helper()
	r := resources.Request{CommunityID: uuid.MustParse("00000000-0000-4000-8000-0000000000c1"), Group: resources.GroupElderly,
		Purpose: resources.PurposeCare, Kind: resources.PropertyGoods, Category: "rice", Unit: "bag", Quantity: d(qty),
		Urgency: resources.UrgencyDifficult}
	if mod != nil {
		mod(&r)
	}
	out, err := e.svc.Request(e.t.Context(), "worker", r)
	require.NoError(e.t, err)
	return out
}

func (e *env) lot(id uuid.UUID) resources.Lot {
	e.t.Helper()
	l, err := e.mem.GetLot(e.t.Context(), id)
	require.NoError(e.t, err)
	return l
}

// snapshot lists everything in the store, to compare before and after a failed call.
type snapshot struct {
	Donors      []resources.Donor
	Donations   []resources.Donation
	Lots        []resources.Lot
	Requests    []resources.Request
	Allocations []resources.Allocation
	Movements   []resources.Movement
}

func (e *env) snapshot() snapshot {
	e.t.Helper()
	ctx := e.t.Context()
	pg := wushe.PageRequest{Limit: wushe.MaxPageLimit}
	var s snapshot
	a, err := e.mem.ListDonors(ctx, resources.DonorFilter{Page: pg})
	require.NoError(e.t, err)
	b, err := e.mem.ListDonations(ctx, resources.DonationFilter{Page: pg})
	require.NoError(e.t, err)
	c, err := e.mem.ListLots(ctx, resources.LotFilter{Page: pg})
	require.NoError(e.t, err)
	r, err := e.mem.ListRequests(ctx, resources.RequestFilter{Page: pg})
	require.NoError(e.t, err)
	al, err := e.mem.ListAllocations(ctx, resources.AllocationFilter{Page: pg})
	require.NoError(e.t, err)
	m, err := e.mem.ListMovements(ctx, resources.MovementFilter{Page: pg})
	require.NoError(e.t, err)
	s.Donors, s.Donations, s.Lots, s.Requests, s.Allocations, s.Movements = a.Items, b.Items, c.Items, r.Items, al.Items, m.Items
	return s
}
