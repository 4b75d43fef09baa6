// Package resourcestest is the conformance suite for resources.Store implementations,
// and a fault-injecting Store wrapper for tests of code built on one.
//
//	func TestStore(t *testing.T) {
//		resourcestest.RunStoreTests(t, func(t *testing.T) resources.Store { return mydb.New(t) },
//			resourcestest.Features{})
//	}
package resourcestest

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/storetest"
)

// Features declares what the Store under test can do, so the suite skips what does not
// apply instead of guessing.
type Features struct {
	// SkipConcurrency skips the concurrent-reservation tests (for a Store that is not safe
	// for concurrent use by design).
	SkipConcurrency bool
	// Goroutines is how many goroutines the race tests use; 0 means 50.
	Goroutines int
}

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// clock orders the suite's movements: each gets a later At than the one made before it.
var clock atomic.Int64

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Donor returns a valid organisation donor with a fresh ID.
func Donor() resources.Donor {
	return resources.Donor{ID: uuid.New(), Kind: resources.DonorEnterprise, Name: "Riverside Bank branch",
		CreditCode: "91350100M000100Y43", CreatedAt: t0, UpdatedAt: t0}
}

// Donation returns a valid received goods donation of donor with a fresh ID.
func Donation(donor uuid.UUID) resources.Donation {
	return resources.Donation{ID: uuid.New(), DonorID: donor, Status: resources.DonationReceived, Kind: resources.PropertyGoods,
		Category: "rice", Quantity: dec("10"), Unit: "bag", Received: dec("10"), FairValue: dec("500"),
		FairValueProof: "invoice 1", PledgedAt: t0, CreatedAt: t0, UpdatedAt: t0}
}

// Lot returns a valid lot of donation with zero stock and a fresh ID.
func Lot(donation uuid.UUID) resources.Lot {
	z := decimal.Zero
	return resources.Lot{ID: uuid.New(), DonationID: donation, Kind: resources.PropertyGoods, Category: "rice", Unit: "bag",
		UnitValue: dec("50"), Received: z, OnHand: z, Reserved: z, Delivered: z, Disposed: z,
		Holder: resources.Holder{Kind: resources.HolderSupermarket, Name: "Charity supermarket"}, CreatedAt: t0, UpdatedAt: t0, LastMoved: t0}
}

// Request returns a valid open request with a fresh ID.
func Request(qty string) resources.Request {
	return resources.Request{ID: uuid.New(), CommunityID: uuid.New(), Group: resources.GroupElderly, Kind: resources.PropertyGoods,
		Category: "rice", Unit: "bag", Quantity: dec(qty), Reserved: decimal.Zero, Delivered: decimal.Zero,
		Urgency: resources.UrgencyUrgent, Status: resources.RequestOpen, CreatedAt: t0, UpdatedAt: t0}
}

func move(lot uuid.UUID, kind resources.MovementKind, q string, alloc, req uuid.UUID) resources.Movement {
	at := t0.Add(time.Duration(clock.Add(1)) * time.Microsecond)
	return resources.Movement{ID: uuid.New(), LotID: lot, Kind: kind, Quantity: dec(q), At: at, Actor: "suite",
		AllocationID: alloc, RequestID: req}
}

// stocked creates a donor, a donation and a lot with qty received, and returns the lot ID.
func stocked(t *testing.T, s resources.Store, qty string) uuid.UUID {
	t.Helper()
	ctx := t.Context()
	d := Donor()
	must(t, s.CreateDonor(ctx, d))
	dn := Donation(d.ID)
	l := Lot(dn.ID)
	must(t, s.Post(ctx, resources.Posting{NewDonations: []resources.Donation{dn}, NewLots: []resources.Lot{l},
		Movements: []resources.Movement{move(l.ID, resources.MoveReceive, qty, uuid.Nil, uuid.Nil)}}))
	return l.ID
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantKind(t *testing.T, err error, k error) {
	t.Helper()
	if !errors.Is(err, k) {
		t.Fatalf("got error %v, want kind %s", err, k)
	}
}

func reservation(lot, req uuid.UUID, q string) resources.Posting {
	a := resources.Allocation{ID: uuid.New(), LotID: lot, RequestID: req, Quantity: dec(q), Status: resources.AllocationReserved,
		Actor: "suite", ReservedAt: t0, CreatedAt: t0, UpdatedAt: t0}
	return resources.Posting{NewAllocations: []resources.Allocation{a},
		Movements: []resources.Movement{move(lot, resources.MoveReserve, q, a.ID, req)}}
}

// RunStoreTests runs the conformance suite against stores made by newStore, one fresh
// store per subtest. Subtests run in parallel.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) resources.Store, f Features) {
	n := f.Goroutines
	if n == 0 {
		n = 50
	}
	tests := []struct {
		name string
		fn   func(t *testing.T, s resources.Store)
	}{
		{"DonorRoundTrip", testDonorRoundTrip},
		{"NotFound", testNotFound},
		{"AlreadyExists", testAlreadyExists},
		{"VersionConflict", testVersionConflict},
		{"FiltersAndPaging", testFiltersAndPaging},
		{"DonorAndDonationLists", testDonorDonationLists},
		{"PostRejectsBadInput", testPostRejects},
		{"MutationIsolation", testMutationIsolation},
		{"UpdateClosureError", testUpdateClosureError},
		{"CancelledContext", testCancelledContext},
		{"PostAppliesMovements", testPostApplies},
		{"PostIsAllOrNothing", testPostAllOrNothing},
		{"PostVersionChecks", testPostVersions},
		{"QuantitiesOnlyThroughPost", testQuantitiesGuarded},
		{"PostLogsInCommitOrder", testCommitOrder},
		{"PositionsAsOfIsReplay", testPositionsAsOf},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, newStore(t))
		})
	}
	if f.SkipConcurrency {
		return
	}
	t.Run("ConcurrentReservations", func(t *testing.T) {
		t.Parallel()
		testConcurrentReserve(t, newStore(t), n)
	})
	t.Run("ConcurrentReserveAndCancel", func(t *testing.T) {
		t.Parallel()
		testReserveCancel(t, newStore(t), n)
	})
	t.Run("ConcurrentLogReplays", func(t *testing.T) {
		t.Parallel()
		testConcurrentLog(t, newStore(t), n)
	})
}

func testDonorRoundTrip(t *testing.T, s resources.Store) {
	ctx := t.Context()
	d := Donor()
	d.Phone, _ = wushe.ParsePhone("13812345678")
	d.Contact, _ = wushe.ParsePersonName("张三")
	must(t, s.CreateDonor(ctx, d))
	got, err := s.GetDonor(ctx, d.ID)
	must(t, err)
	if got.Version != 1 || got.Name != d.Name || got.CreditCode != d.CreditCode || got.Phone != d.Phone || got.Contact != d.Contact {
		t.Fatalf("round trip: got %+v, want %+v with Version 1", got, d)
	}
	up, err := s.UpdateDonor(ctx, d.ID, func(x *resources.Donor) error { x.Name = "Renamed"; return nil })
	must(t, err)
	if up.Version != 2 || up.Name != "Renamed" {
		t.Fatalf("update: got version %d name %q", up.Version, up.Name)
	}
	lotID := stocked(t, s, "10")
	l, err := s.GetLot(ctx, lotID)
	must(t, err)
	if !l.OnHand.Equal(dec("10")) || !l.Received.Equal(dec("10")) || l.Version != 1 {
		t.Fatalf("lot after receipt: %+v", l.Position())
	}
}

func testNotFound(t *testing.T, s resources.Store) {
	ctx := t.Context()
	id := uuid.New()
	_, err := s.GetDonor(ctx, id)
	wantKind(t, err, wushe.ErrNotFound)
	_, err = s.GetDonation(ctx, id)
	wantKind(t, err, wushe.ErrNotFound)
	_, err = s.GetLot(ctx, id)
	wantKind(t, err, wushe.ErrNotFound)
	_, err = s.GetRequest(ctx, id)
	wantKind(t, err, wushe.ErrNotFound)
	_, err = s.GetAllocation(ctx, id)
	wantKind(t, err, wushe.ErrNotFound)
	_, err = s.UpdateDonor(ctx, id, func(*resources.Donor) error { return nil })
	wantKind(t, err, wushe.ErrNotFound)
	_, err = s.UpdateRequest(ctx, id, func(*resources.Request) error { return nil })
	wantKind(t, err, wushe.ErrNotFound)
	err = s.Post(ctx, resources.Posting{Movements: []resources.Movement{move(id, resources.MoveReceive, "1", uuid.Nil, uuid.Nil)}})
	wantKind(t, err, wushe.ErrNotFound)
}

func testAlreadyExists(t *testing.T, s resources.Store) {
	ctx := t.Context()
	d := Donor()
	must(t, s.CreateDonor(ctx, d))
	wantKind(t, s.CreateDonor(ctx, d), wushe.ErrAlreadyExists)
	dn := Donation(d.ID)
	must(t, s.CreateDonation(ctx, dn))
	wantKind(t, s.CreateDonation(ctx, dn), wushe.ErrAlreadyExists)
	r := Request("1")
	must(t, s.CreateRequest(ctx, r))
	wantKind(t, s.CreateRequest(ctx, r), wushe.ErrAlreadyExists)
	wantKind(t, s.Post(ctx, resources.Posting{NewDonations: []resources.Donation{dn}}), wushe.ErrAlreadyExists)
}

func testVersionConflict(t *testing.T, s resources.Store) {
	ctx := t.Context()
	d := Donor()
	must(t, s.CreateDonor(ctx, d))
	_, err := s.UpdateDonor(ctx, d.ID, func(x *resources.Donor) error { x.Version = 7; return nil })
	wantKind(t, err, wushe.ErrConflict)
	_, err = s.UpdateDonor(ctx, d.ID, func(x *resources.Donor) error { x.ID = uuid.New(); return nil })
	wantKind(t, err, wushe.ErrInvalid)
	got, err := s.GetDonor(ctx, d.ID)
	must(t, err)
	if got.Version != 1 {
		t.Fatalf("a rejected update changed the version to %d", got.Version)
	}
}

func testFiltersAndPaging(t *testing.T, s resources.Store) {
	ctx := t.Context()
	community := uuid.New()
	var ids []uuid.UUID
	for i := range 5 {
		r := Request("2")
		if i%2 == 0 {
			r.CommunityID = community
		}
		must(t, s.CreateRequest(ctx, r))
		if i%2 == 0 {
			ids = append(ids, r.ID)
		}
	}
	var got []uuid.UUID
	req := wushe.PageRequest{Limit: 2}
	for {
		page, err := s.ListRequests(ctx, resources.RequestFilter{CommunityID: community, Page: req})
		must(t, err)
		for _, r := range page.Items {
			got = append(got, r.ID)
		}
		if page.Next == uuid.Nil {
			break
		}
		req.After = page.Next
	}
	want := wushe.Page[uuid.UUID]{}
	want, _ = wushe.Paginate(ids, func(id uuid.UUID) uuid.UUID { return id }, wushe.PageRequest{})
	if fmt.Sprint(got) != fmt.Sprint(want.Items) {
		t.Fatalf("paged filter: got %v, want %v", got, want.Items)
	}
	_, err := s.ListRequests(ctx, resources.RequestFilter{Page: wushe.PageRequest{Limit: -1}})
	wantKind(t, err, wushe.ErrInvalid)
	lot := stocked(t, s, "3")
	ms, err := s.ListMovements(ctx, resources.MovementFilter{LotID: lot})
	must(t, err)
	if len(ms.Items) != 1 || ms.Items[0].Kind != resources.MoveReceive {
		t.Fatalf("movements of the lot: %+v", ms.Items)
	}
	lots, err := s.ListLots(ctx, resources.LotFilter{InStock: true, Category: "rice"})
	must(t, err)
	if len(lots.Items) != 1 || lots.Items[0].ID != lot {
		t.Fatalf("lots in stock: %+v", lots.Items)
	}
}

func testMutationIsolation(t *testing.T, s resources.Store) {
	ctx := t.Context()
	r := Request("1")
	r.Beneficiary.Groups = []resources.TargetGroup{resources.GroupElderly}
	must(t, s.CreateRequest(ctx, r))
	r.Beneficiary.Groups[0] = resources.GroupChildren
	got, err := s.GetRequest(ctx, r.ID)
	must(t, err)
	if got.Beneficiary.Groups[0] != resources.GroupElderly {
		t.Fatal("the store shares a slice with the caller's value")
	}
	got.Beneficiary.Groups[0] = resources.GroupMigrant
	again, err := s.GetRequest(ctx, r.ID)
	must(t, err)
	if again.Beneficiary.Groups[0] != resources.GroupElderly {
		t.Fatal("the store shares a slice with a returned value")
	}
}

func testUpdateClosureError(t *testing.T, s resources.Store) {
	ctx := t.Context()
	d := Donor()
	must(t, s.CreateDonor(ctx, d))
	boom := errors.New("boom")
	_, err := s.UpdateDonor(ctx, d.ID, func(x *resources.Donor) error { x.Name = "changed"; return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the closure's error", err)
	}
	got, err := s.GetDonor(ctx, d.ID)
	must(t, err)
	if got.Name != d.Name || got.Version != 1 {
		t.Fatal("a failed closure persisted its change")
	}
}

func testCancelledContext(t *testing.T, s resources.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	d := Donor()
	err := s.CreateDonor(ctx, d)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	_, err = s.GetDonor(ctx, d.ID)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("get: got %v, want context.Canceled", err)
	}
	err = s.Post(ctx, resources.Posting{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("post: got %v, want context.Canceled", err)
	}
	_, err = s.GetDonor(t.Context(), d.ID)
	wantKind(t, err, wushe.ErrNotFound)
}

func testPostApplies(t *testing.T, s resources.Store) {
	ctx := t.Context()
	lot := stocked(t, s, "10")
	r := Request("6")
	must(t, s.CreateRequest(ctx, r))
	p := reservation(lot, r.ID, "4")
	must(t, s.Post(ctx, p))
	a := p.NewAllocations[0]
	got, err := s.GetAllocation(ctx, a.ID)
	must(t, err)
	if got.Version != 1 {
		t.Fatalf("allocation version %d, want 1", got.Version)
	}
	got.Status = resources.AllocationDelivered
	must(t, s.Post(ctx, resources.Posting{Allocations: []resources.Allocation{got},
		Movements: []resources.Movement{move(lot, resources.MoveDeliver, "4", a.ID, r.ID)}}))
	l, err := s.GetLot(ctx, lot)
	must(t, err)
	if !l.OnHand.Equal(dec("6")) || !l.Delivered.Equal(dec("4")) || !l.Reserved.IsZero() || !l.Conserved() {
		t.Fatalf("lot after delivery: %+v", l.Position())
	}
	rq, err := s.GetRequest(ctx, r.ID)
	must(t, err)
	if !rq.Delivered.Equal(dec("4")) || !rq.Reserved.IsZero() || rq.Version != 3 {
		t.Fatalf("request after delivery: reserved %s delivered %s version %d", rq.Reserved, rq.Delivered, rq.Version)
	}
	a2, err := s.GetAllocation(ctx, a.ID)
	must(t, err)
	if a2.Status != resources.AllocationDelivered || a2.Version != 2 {
		t.Fatalf("allocation after delivery: %s v%d", a2.Status, a2.Version)
	}
}

func testPostAllOrNothing(t *testing.T, s resources.Store) {
	ctx := t.Context()
	lot := stocked(t, s, "5")
	r := Request("100")
	must(t, s.CreateRequest(ctx, r))
	p := reservation(lot, r.ID, "3")
	// a second reservation in the same posting takes the lot below zero
	p2 := reservation(lot, r.ID, "3")
	p.NewAllocations = append(p.NewAllocations, p2.NewAllocations...)
	p.Movements = append(p.Movements, p2.Movements...)
	wantKind(t, s.Post(ctx, p), wushe.ErrInsufficient)
	l, err := s.GetLot(ctx, lot)
	must(t, err)
	if !l.OnHand.Equal(dec("5")) || l.Version != 1 {
		t.Fatalf("a failed posting changed the lot: %+v v%d", l.Position(), l.Version)
	}
	_, err = s.GetAllocation(ctx, p.NewAllocations[0].ID)
	wantKind(t, err, wushe.ErrNotFound)
	ms, err := s.ListMovements(ctx, resources.MovementFilter{LotID: lot})
	must(t, err)
	if len(ms.Items) != 1 {
		t.Fatalf("a failed posting logged %d movements", len(ms.Items)-1)
	}
	// over-allocating the request fails the same way
	small := Request("1")
	must(t, s.CreateRequest(ctx, small))
	wantKind(t, s.Post(ctx, reservation(lot, small.ID, "2")), wushe.ErrInsufficient)
}

func testPostVersions(t *testing.T, s resources.Store) {
	ctx := t.Context()
	d := Donor()
	must(t, s.CreateDonor(ctx, d))
	dn := Donation(d.ID)
	must(t, s.CreateDonation(ctx, dn))
	stale := dn
	stale.Version = 0
	wantKind(t, s.Post(ctx, resources.Posting{Donations: []resources.Donation{stale}}), wushe.ErrConflict)
	cur, err := s.GetDonation(ctx, dn.ID)
	must(t, err)
	cur.Description = "updated"
	must(t, s.Post(ctx, resources.Posting{Donations: []resources.Donation{cur}}))
	got, err := s.GetDonation(ctx, dn.ID)
	must(t, err)
	if got.Version != 2 || got.Description != "updated" {
		t.Fatalf("donation after posting: v%d %q", got.Version, got.Description)
	}
}

func testQuantitiesGuarded(t *testing.T, s resources.Store) {
	ctx := t.Context()
	lot := stocked(t, s, "5")
	_, err := s.UpdateLot(ctx, lot, func(l *resources.Lot) error { l.OnHand = dec("50"); return nil })
	wantKind(t, err, wushe.ErrInvalid)
	up, err := s.UpdateLot(ctx, lot, func(l *resources.Lot) error { l.Holder.Name = "Fund"; return nil })
	must(t, err)
	if up.Holder.Name != "Fund" || up.Version != 2 {
		t.Fatalf("lot update: %q v%d", up.Holder.Name, up.Version)
	}
	r := Request("3")
	must(t, s.CreateRequest(ctx, r))
	_, err = s.UpdateRequest(ctx, r.ID, func(x *resources.Request) error { x.Delivered = dec("1"); return nil })
	wantKind(t, err, wushe.ErrInvalid)
}

func testConcurrentReserve(t *testing.T, s resources.Store, n int) {
	ctx := t.Context()
	lot := stocked(t, s, "10")
	r := Request(fmt.Sprint(n))
	must(t, s.CreateRequest(ctx, r))
	var ok atomic.Int64
	errs := storetest.Parallel(n, func(int) error {
		err := s.Post(ctx, reservation(lot, r.ID, "1"))
		if err == nil {
			ok.Add(1)
		}
		return err
	})
	for _, err := range errs {
		if err != nil && !errors.Is(err, wushe.ErrInsufficient) {
			t.Fatalf("unexpected error: %v", err)
		}
	}
	l, err := s.GetLot(ctx, lot)
	must(t, err)
	want := min(int64(n), 10)
	if ok.Load() != want || !l.Reserved.Equal(decimal.NewFromInt(want)) || !l.Conserved() || l.OnHand.IsNegative() {
		t.Fatalf("%d goroutines reserving 1 of 10: %d succeeded, lot %+v", n, ok.Load(), l.Position())
	}
}

func testReserveCancel(t *testing.T, s resources.Store, n int) {
	ctx := t.Context()
	lot := stocked(t, s, "10")
	r := Request(fmt.Sprint(2 * n))
	must(t, s.CreateRequest(ctx, r))
	// pre-reserve some so that cancellations have something to release
	var held []resources.Allocation
	for range 5 {
		p := reservation(lot, r.ID, "1")
		must(t, s.Post(ctx, p))
		a, err := s.GetAllocation(ctx, p.NewAllocations[0].ID)
		must(t, err)
		held = append(held, a)
	}
	errs := storetest.Parallel(n, func(i int) error {
		if i < len(held) {
			a := held[i]
			a.Status = resources.AllocationCancelled
			return s.Post(ctx, resources.Posting{Allocations: []resources.Allocation{a},
				Movements: []resources.Movement{move(lot, resources.MoveRelease, "1", a.ID, r.ID)}})
		}
		return s.Post(ctx, reservation(lot, r.ID, "1"))
	})
	for _, err := range errs {
		if err != nil && !errors.Is(err, wushe.ErrInsufficient) {
			t.Fatalf("unexpected error: %v", err)
		}
	}
	l, err := s.GetLot(ctx, lot)
	must(t, err)
	if !l.Conserved() || l.OnHand.IsNegative() || l.Reserved.IsNegative() {
		t.Fatalf("conservation broken: %+v", l.Position())
	}
	// the reserved total equals the live allocations
	page, err := s.ListAllocations(ctx, resources.AllocationFilter{LotID: lot, Status: resources.AllocationReserved, Page: wushe.PageRequest{Limit: wushe.MaxPageLimit}})
	must(t, err)
	if !l.Reserved.Equal(decimal.NewFromInt(int64(len(page.Items)))) {
		t.Fatalf("lot reserves %s, %d allocations are reserved", l.Reserved, len(page.Items))
	}
	rq, err := s.GetRequest(ctx, r.ID)
	must(t, err)
	if !rq.Reserved.Equal(l.Reserved) {
		t.Fatalf("request reserves %s, lot %s", rq.Reserved, l.Reserved)
	}
	pos, err := movementsReplay(ctx, s, lot)
	must(t, err)
	if !pos.OnHand.Equal(l.OnHand) || !pos.Reserved.Equal(l.Reserved) {
		t.Fatalf("replayed %+v, stored %+v", pos, l.Position())
	}
}

func movementsReplay(ctx context.Context, s resources.Store, lot uuid.UUID) (resources.Position, error) {
	page, err := s.ListMovements(ctx, resources.MovementFilter{LotID: lot, Page: wushe.PageRequest{Limit: wushe.MaxPageLimit}})
	if err != nil {
		return resources.Position{}, err
	}
	ps, err := resources.Replay(page.Items, t0.Add(24*time.Hour))
	if err != nil || len(ps) != 1 {
		return resources.Position{}, fmt.Errorf("replay: %v (%d lots)", err, len(ps))
	}
	return ps[0], nil
}

func testDonorDonationLists(t *testing.T, s resources.Store) {
	ctx := t.Context()
	community := uuid.New()
	var mine []uuid.UUID
	for i := range 4 {
		d := Donor()
		if i%2 == 1 {
			d.Kind, d.CreditCode, d.CommunityID = resources.DonorFoundation, "", community
			mine = append(mine, d.ID)
		}
		must(t, s.CreateDonor(ctx, d))
	}
	page, err := s.ListDonors(ctx, resources.DonorFilter{Kind: resources.DonorFoundation, CommunityID: community})
	must(t, err)
	var got []uuid.UUID
	for _, d := range page.Items {
		got = append(got, d.ID)
	}
	want, _ := wushe.Paginate(mine, func(id uuid.UUID) uuid.UUID { return id }, wushe.PageRequest{})
	if fmt.Sprint(got) != fmt.Sprint(want.Items) {
		t.Fatalf("donors: got %v, want %v", got, want.Items)
	}
	_, err = s.ListDonors(ctx, resources.DonorFilter{Page: wushe.PageRequest{Limit: wushe.MaxPageLimit + 1}})
	wantKind(t, err, wushe.ErrInvalid)

	project := uuid.New()
	dn := Donation(mine[0])
	dn.ProjectID = project
	must(t, s.CreateDonation(ctx, dn))
	must(t, s.CreateDonation(ctx, Donation(mine[0])))
	dons, err := s.ListDonations(ctx, resources.DonationFilter{DonorID: mine[0], ProjectID: project, Status: resources.DonationReceived, Kind: resources.PropertyGoods})
	must(t, err)
	if len(dons.Items) != 1 || dons.Items[0].ID != dn.ID {
		t.Fatalf("donations of the project: %d", len(dons.Items))
	}
	up, err := s.UpdateDonation(ctx, dn.ID, func(d *resources.Donation) error { d.Description = "x"; return nil })
	must(t, err)
	if up.Version != 2 || up.Description != "x" {
		t.Fatalf("donation update: v%d %q", up.Version, up.Description)
	}
	_, err = s.UpdateDonation(ctx, uuid.New(), func(*resources.Donation) error { return nil })
	wantKind(t, err, wushe.ErrNotFound)
	_, err = s.UpdateLot(ctx, uuid.New(), func(*resources.Lot) error { return nil })
	wantKind(t, err, wushe.ErrNotFound)
}

func testPostRejects(t *testing.T, s resources.Store) {
	ctx := t.Context()
	lot := stocked(t, s, "5")
	// a movement naming a missing request, a movement repeated, a nil ID, a missing allocation
	r := Request("5")
	must(t, s.CreateRequest(ctx, r))
	bad := reservation(lot, uuid.New(), "1")
	wantKind(t, s.Post(ctx, bad), wushe.ErrNotFound)
	p := reservation(lot, r.ID, "1")
	p.Movements = append(p.Movements, p.Movements[0])
	wantKind(t, s.Post(ctx, p), wushe.ErrAlreadyExists)
	p = reservation(lot, r.ID, "1")
	p.Movements[0].ID = uuid.Nil
	wantKind(t, s.Post(ctx, p), wushe.ErrInvalid)
	a := reservation(lot, r.ID, "1").NewAllocations[0]
	wantKind(t, s.Post(ctx, resources.Posting{Allocations: []resources.Allocation{a}}), wushe.ErrNotFound)
	l := Lot(uuid.New())
	l2 := l
	wantKind(t, s.Post(ctx, resources.Posting{NewLots: []resources.Lot{l, l2}}), wushe.ErrAlreadyExists)
	d := Donation(uuid.New())
	d.Version = 0
	wantKind(t, s.Post(ctx, resources.Posting{Donations: []resources.Donation{d}}), wushe.ErrNotFound)
	got, err := s.GetLot(ctx, lot)
	must(t, err)
	if !got.OnHand.Equal(dec("5")) || got.Version != 1 {
		t.Fatalf("rejected postings changed the lot: %+v v%d", got.Position(), got.Version)
	}
	_, err = s.GetLot(ctx, l.ID)
	wantKind(t, err, wushe.ErrNotFound)
}
