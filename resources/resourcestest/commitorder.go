package resourcestest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/storetest"
)

// lotLog lists every movement of a lot (or of every lot, for uuid.Nil).
func lotLog(ctx context.Context, s resources.Store, lot uuid.UUID) ([]resources.Movement, error) {
	return wushe.Collect(func(req wushe.PageRequest) (wushe.Page[resources.Movement], error) {
		return s.ListMovements(ctx, resources.MovementFilter{LotID: lot, Page: req})
	})
}

// checkCommitOrder checks the log of one lot as Post must write it: numbered 1, 2, 3 ...
// and dated strictly later along the numbers after the first. It returns the log in Seq
// order.
func checkCommitOrder(t *testing.T, ms []resources.Movement) []resources.Movement {
	t.Helper()
	ms = slices.SortedFunc(slices.Values(ms), func(a, b resources.Movement) int { return int(a.Seq - b.Seq) })
	for i, m := range ms {
		if m.Seq != int64(i+1) {
			t.Fatalf("movement %s of lot %s has Seq %d, want %d: a lot's movements are numbered 1, 2, 3 ... as they commit",
				m.ID, m.LotID, m.Seq, i+1)
		}
		if i > 0 && !m.At.After(ms[i-1].At) {
			t.Fatalf("movement %d of lot %s is dated %s, not after movement %d at %s", m.Seq, m.LotID,
				m.At.Format(time.RFC3339Nano), ms[i-1].Seq, ms[i-1].At.Format(time.RFC3339Nano))
		}
	}
	return ms
}

// replayOne replays the movements of one lot as of asOf; a lot with nothing logged by then
// has the zero position.
func replayOne(t *testing.T, ms []resources.Movement, lot uuid.UUID, asOf time.Time) resources.Position {
	t.Helper()
	ps, err := resources.Replay(ms, asOf)
	if err != nil {
		t.Fatalf("replay of lot %s as of %s: %v", lot, asOf.Format(time.RFC3339Nano), err)
	}
	for _, p := range ps {
		if p.LotID == lot {
			return p
		}
	}
	return resources.Position{LotID: lot, Received: decimal.Zero, OnHand: decimal.Zero, Reserved: decimal.Zero,
		Delivered: decimal.Zero, Disposed: decimal.Zero}
}

// testCommitOrder: a reservation whose clock read before the release that freed its
// stock, but which commits after it, is accepted (the stock is there when it commits) and
// logged after the release, with the next Seq and a later At; the log then replays as of
// every instant.
func testCommitOrder(t *testing.T, s resources.Store) {
	ctx := t.Context()
	base := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return base.Add(d) }
	d := Donor()
	must(t, s.CreateDonor(ctx, d))
	dn := Donation(d.ID)
	l := Lot(dn.ID)
	l.LastMoved = at(0)
	recv := resources.Movement{ID: uuid.New(), LotID: l.ID, Kind: resources.MoveReceive, Quantity: dec("2"), At: at(0), Actor: "suite"}
	must(t, s.Post(ctx, resources.Posting{NewDonations: []resources.Donation{dn}, NewLots: []resources.Lot{l},
		Movements: []resources.Movement{recv}}))
	r := Request("100")
	must(t, s.CreateRequest(ctx, r))
	held := reservation(l.ID, r.ID, "2")
	held.Movements[0].At = at(time.Minute)
	must(t, s.Post(ctx, held))
	a, err := s.GetAllocation(ctx, held.NewAllocations[0].ID)
	must(t, err)
	a.Status = resources.AllocationCancelled
	release := resources.Movement{ID: uuid.New(), LotID: l.ID, Kind: resources.MoveRelease, Quantity: dec("2"), At: at(time.Hour),
		Actor: "suite", AllocationID: a.ID, RequestID: r.ID}
	must(t, s.Post(ctx, resources.Posting{Allocations: []resources.Allocation{a}, Movements: []resources.Movement{release}}))

	// Dated 09:30, before the release at 10:00 whose stock it takes, committed after it.
	late := reservation(l.ID, r.ID, "1")
	late.Movements[0].At = at(30 * time.Minute)
	if err := s.Post(ctx, late); err != nil {
		t.Fatalf("a reservation of stock on hand when it commits, dated before the release that freed it: %v", err)
	}
	// Two movements of the lot in one posting at one instant: numbered and dated in
	// posting order.
	pair := reservation(l.ID, r.ID, "0.5")
	second := reservation(l.ID, r.ID, "0.5")
	pair.NewAllocations = append(pair.NewAllocations, second.NewAllocations...)
	second.Movements[0].At = pair.Movements[0].At
	pair.Movements = append(pair.Movements, second.Movements...)
	must(t, s.Post(ctx, pair))

	got, err := s.GetLot(ctx, l.ID)
	must(t, err)
	all, err := lotLog(ctx, s, l.ID)
	must(t, err)
	ms := checkCommitOrder(t, all)
	if len(ms) != 6 || got.LastSeq != 6 {
		t.Fatalf("lot logs %d movements, LastSeq %d; want 6 and 6", len(ms), got.LastSeq)
	}
	if !ms[0].At.Equal(at(0)) {
		t.Fatalf("the lot's first movement was re-dated to %s", ms[0].At)
	}
	if ms[3].ID != late.Movements[0].ID || !ms[3].At.Equal(at(time.Hour).Add(time.Nanosecond)) {
		t.Fatalf("the late reservation is logged as movement %d at %s; want movement 4 one nanosecond after the release",
			slices.IndexFunc(ms, func(m resources.Movement) bool { return m.ID == late.Movements[0].ID })+1, ms[3].At.Format(time.RFC3339Nano))
	}
	if ms[4].ID != pair.Movements[0].ID || ms[5].ID != pair.Movements[1].ID {
		t.Fatal("two movements of one posting are not logged in posting order")
	}
	if !got.LastMoved.Equal(ms[5].At) {
		t.Fatalf("lot last moved %s, its last movement is dated %s", got.LastMoved, ms[5].At)
	}
	// As of every instant the log replays, and each movement's instant shows the stock
	// after it.
	want := []string{"2/0", "0/2", "2/0", "1/1", "0.5/1.5", "0/2"}
	for i, m := range ms {
		replayOne(t, ms, l.ID, m.At.Add(-time.Nanosecond))
		p := replayOne(t, ms, l.ID, m.At)
		if w := want[i]; p.OnHand.String()+"/"+p.Reserved.String() != w {
			t.Fatalf("as of movement %d (%s) on hand/reserved is %s/%s, want %s", m.Seq, m.Kind, p.OnHand, p.Reserved, w)
		}
	}
	if p := replayOne(t, ms, l.ID, ms[5].At); !p.Equal(got.Position()) {
		t.Fatalf("replayed %v, stored %v", p, got.Position())
	}
}

// tickClock reads a later instant on every call, one millisecond apart, from any
// goroutine: what a busy service's clock does.
type tickClock struct {
	base time.Time
	n    atomic.Int64
}

func (c *tickClock) Now() time.Time { return c.base.Add(time.Duration(c.n.Add(1)) * time.Millisecond) }

// lateStore yields the processor before every Post, so that a caller that read the clock
// first often commits last.
type lateStore struct{ resources.Store }

func (s lateStore) Post(ctx context.Context, p resources.Posting) error {
	runtime.Gosched()
	return s.Store.Post(ctx, p)
}

// observation is a lot as a caller read it while others wrote.
type observation struct {
	pos       resources.Position
	lastMoved time.Time
	lastSeq   int64
}

// testConcurrentLog runs up to 24 of the n goroutines through resources.Service, reserving, cancelling
// and delivering on three lots with a clock that every caller reads at a different
// instant, and reading the lots as they go. Afterwards each lot's log is numbered and
// dated in commit order, replays without error as of every instant, shows at each
// observed lot's LastMoved exactly what was observed, and ends at the stored lot.
func testConcurrentLog(t *testing.T, s resources.Store, n int) {
	ctx := t.Context()
	clock := &tickClock{base: time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)}
	svc, err := resources.NewService(lateStore{s}, &resources.Options{Clock: clock})
	must(t, err)
	donor, err := svc.RegisterDonor(ctx, "suite", Donor())
	must(t, err)
	var lots []uuid.UUID
	for range 3 {
		_, lot, err := svc.Donate(ctx, "suite", resources.Donation{DonorID: donor.ID, Kind: resources.PropertyGoods, Category: "rice",
			Quantity: dec("12"), Unit: "bag", FairValue: dec("600"), FairValueProof: "invoice"},
			resources.Receiving{Handler: mustName(t, "李四"), Holder: resources.Holder{Kind: resources.HolderSupermarket, Name: "Charity supermarket"}})
		must(t, err)
		lots = append(lots, lot.ID)
	}
	var reqs []uuid.UUID
	for range 3 {
		r, err := svc.Request(ctx, "suite", resources.Request{CommunityID: uuid.New(), Group: resources.GroupElderly,
			Kind: resources.PropertyGoods, Category: "rice", Unit: "bag", Quantity: decimal.NewFromInt(int64(4 * n)), Urgency: resources.UrgencyUrgent})
		must(t, err)
		reqs = append(reqs, r.ID)
	}

	var mu sync.Mutex
	seen := map[uuid.UUID][]observation{}
	observe := func(lot uuid.UUID) error {
		l, err := s.GetLot(ctx, lot)
		if err != nil {
			return err
		}
		mu.Lock()
		seen[lot] = append(seen[lot], observation{pos: l.Position(), lastMoved: l.LastMoved, lastSeq: l.LastSeq})
		mu.Unlock()
		return nil
	}
	var reserved, settled atomic.Int64
	errs := storetest.Parallel(min(n, 24), func(i int) error {
		for round := range 2 {
			lot, req := lots[(i+round)%3], reqs[(i+2*round)%3]
			a, err := svc.Reserve(ctx, "suite", lot, req, decimal.NewFromInt(int64(1+(i+round)%2)))
			if errors.Is(err, wushe.ErrInsufficient) {
				if err := observe(lot); err != nil {
					return err
				}
				continue
			}
			if err != nil {
				return fmt.Errorf("reserve: %w", err)
			}
			reserved.Add(1)
			if err := observe(lot); err != nil {
				return err
			}
			if (i+round)%4 == 0 {
				_, err = svc.Deliver(ctx, "suite", a.ID)
			} else {
				_, err = svc.Cancel(ctx, "suite", a.ID, "")
			}
			if err != nil {
				return fmt.Errorf("settle: %w", err)
			}
			settled.Add(1)
			if err := observe(lot); err != nil {
				return err
			}
		}
		return nil
	})
	for _, err := range errs {
		if err != nil {
			t.Fatalf("a racer failed: %v", err)
		}
	}
	if reserved.Load() == 0 || settled.Load() != reserved.Load() {
		t.Fatalf("%d reservations, %d settled", reserved.Load(), settled.Load())
	}

	all, err := lotLog(ctx, s, uuid.Nil)
	must(t, err)
	byLot := map[uuid.UUID][]resources.Movement{}
	for _, m := range all {
		byLot[m.LotID] = append(byLot[m.LotID], m)
	}
	// Every instant of the log replays, for every lot at once.
	var instants []time.Time
	for _, m := range all {
		instants = append(instants, m.At)
	}
	for _, at := range instants {
		if _, err := resources.Replay(all, at); err != nil {
			t.Fatalf("replay as of %s: %v", at.Format(time.RFC3339Nano), err)
		}
	}
	for _, lot := range lots {
		ms := checkCommitOrder(t, byLot[lot])
		stored, err := s.GetLot(ctx, lot)
		must(t, err)
		if stored.LastSeq != int64(len(ms)) {
			t.Fatalf("lot %s has LastSeq %d and %d movements", lot, stored.LastSeq, len(ms))
		}
		if p := replayOne(t, ms, lot, ms[len(ms)-1].At); !p.Equal(stored.Position()) {
			t.Fatalf("lot %s replayed %v, stored %v", lot, p, stored.Position())
		}
		for _, o := range seen[lot] {
			if p := replayOne(t, ms, lot, o.lastMoved); !p.Equal(o.pos) {
				t.Fatalf("lot %s was read as %v (movement %d, %s); replayed as of then: %v", lot, o.pos, o.lastSeq,
					o.lastMoved.Format(time.RFC3339Nano), p)
			}
			if o.lastSeq < 1 || o.lastSeq > int64(len(ms)) || !ms[o.lastSeq-1].At.Equal(o.lastMoved) {
				t.Fatalf("lot %s was read at movement %d dated %s, which the log does not hold", lot, o.lastSeq, o.lastMoved)
			}
		}
	}
	// And through the Service, which reads the log from the store, at a few of them.
	slices.SortFunc(instants, time.Time.Compare)
	for i := 0; i < len(instants); i += max(1, len(instants)/8) {
		if _, err := svc.Positions(ctx, instants[i]); err != nil {
			t.Fatalf("positions as of %s: %v", instants[i].Format(time.RFC3339Nano), err)
		}
	}
	// The requests hold what their allocations hold.
	for _, id := range reqs {
		r, err := s.GetRequest(ctx, id)
		must(t, err)
		res, del := decimal.Zero, decimal.Zero
		as, err := listAllocations(ctx, s, id)
		must(t, err)
		for _, a := range as {
			switch a.Status {
			case resources.AllocationReserved:
				res = res.Add(a.Quantity)
			case resources.AllocationDelivered:
				del = del.Add(a.Quantity)
			}
		}
		if !r.Reserved.Equal(res) || !r.Delivered.Equal(del) {
			t.Fatalf("request %s: reserved %s delivered %s, its allocations %s and %s", id, r.Reserved, r.Delivered, res, del)
		}
	}
}

func listAllocations(ctx context.Context, s resources.Store, req uuid.UUID) ([]resources.Allocation, error) {
	return wushe.Collect(func(p wushe.PageRequest) (wushe.Page[resources.Allocation], error) {
		return s.ListAllocations(ctx, resources.AllocationFilter{RequestID: req, Page: p})
	})
}

func mustName(t *testing.T, s string) wushe.PersonName {
	t.Helper()
	n, err := wushe.ParsePersonName(s)
	must(t, err)
	return n
}
