package resourcestest

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

// testPositionsAsOf is the property a resources.PositionReader promises: for a seeded
// history of receipts, reservations, deliveries, releases and disposals over several lots
// (some postings moving two lots, some dated before a lot's last movement, which Post
// then dates after it), PositionsAsOf as of every movement's instant, a nanosecond either
// side, before the first and after the last gives what Replay of the log gives.
func testPositionsAsOf(t *testing.T, s resources.Store) {
	r, ok := s.(resources.PositionReader)
	if !ok {
		t.Skip("the Store does not implement resources.PositionReader; Service.Positions replays its log")
	}
	ctx := t.Context()
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 17))
		base := time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(seed) * 24 * time.Hour)
		at := func() time.Time { return base.Add(time.Duration(rng.IntN(600)) * time.Minute) }
		quantity := func() decimal.Decimal { return decimal.New(int64(1+rng.IntN(400)), -int32(rng.IntN(3))) }
		var lots []uuid.UUID
		mine := map[uuid.UUID]bool{}
		for range 5 {
			lot := stocked(t, s, "100")
			lots, mine[lot] = append(lots, lot), true
		}
		type held struct {
			a   resources.Allocation
			lot uuid.UUID
		}
		var reserved []held
		for i := range 160 {
			lot := lots[rng.IntN(len(lots))]
			m := resources.Movement{ID: uuid.New(), LotID: lot, Quantity: quantity(), At: at(), Actor: "suite"}
			var p resources.Posting
			switch k := rng.IntN(5); {
			case k == 0 || len(reserved) == 0 && k >= 3:
				m.Kind = resources.MoveReceive
				if i%4 == 0 { // a second lot moves in the same posting
					other := lots[rng.IntN(len(lots))]
					p.Movements = append(p.Movements, resources.Movement{ID: uuid.New(), LotID: other, Kind: resources.MoveDispose,
						Reason: resources.DisposeDamaged, Quantity: decimal.NewFromInt(1), At: at(), Actor: "suite"})
				}
			case k == 1:
				m.Kind, m.Reason = resources.MoveDispose, resources.DisposeExpired
			case k == 2:
				req := Request("100000")
				must(t, s.CreateRequest(ctx, req))
				a := resources.Allocation{ID: uuid.New(), LotID: lot, RequestID: req.ID, Quantity: m.Quantity, Status: resources.AllocationReserved,
					Actor: "suite", ReservedAt: m.At, CreatedAt: m.At, UpdatedAt: m.At}
				m.Kind, m.AllocationID, m.RequestID = resources.MoveReserve, a.ID, req.ID
				p.NewAllocations = []resources.Allocation{a}
			default:
				j := rng.IntN(len(reserved))
				h := reserved[j]
				a, err := s.GetAllocation(ctx, h.a.ID)
				must(t, err)
				m.LotID, m.Quantity, m.AllocationID, m.RequestID = h.lot, a.Quantity, a.ID, a.RequestID
				if k == 3 {
					m.Kind, a.Status = resources.MoveDeliver, resources.AllocationDelivered
				} else {
					m.Kind, a.Status = resources.MoveRelease, resources.AllocationCancelled
				}
				p.Allocations = []resources.Allocation{a}
				reserved = slices.Delete(reserved, j, j+1)
			}
			p.Movements = append(p.Movements, m)
			err := s.Post(ctx, p)
			if errors.Is(err, wushe.ErrInsufficient) {
				if m.Kind == resources.MoveDeliver || m.Kind == resources.MoveRelease {
					t.Fatalf("settling a held reservation: %v", err)
				}
				continue
			}
			must(t, err)
			if m.Kind == resources.MoveReserve {
				reserved = append(reserved, held{p.NewAllocations[0], lot})
			}
		}

		all, err := lotLog(ctx, s, uuid.Nil)
		must(t, err)
		instants := []time.Time{{}, base.Add(-time.Hour), base.Add(1000 * time.Hour)}
		for _, m := range all {
			if mine[m.LotID] {
				instants = append(instants, m.At.Add(-time.Nanosecond), m.At, m.At.Add(time.Nanosecond))
			}
		}
		for _, asOf := range instants {
			want, err := resources.Replay(all, asOf)
			must(t, err)
			got, err := r.PositionsAsOf(ctx, asOf)
			must(t, err)
			if got == nil {
				t.Fatalf("PositionsAsOf(%s) returned nil, want an empty list when nothing moved", asOf.Format(time.RFC3339Nano))
			}
			keep := func(ps []resources.Position) []resources.Position {
				return slices.DeleteFunc(ps, func(p resources.Position) bool { return !mine[p.LotID] })
			}
			want, got = keep(want), keep(slices.Clone(got))
			if !slices.EqualFunc(got, want, resources.Position.Equal) {
				t.Fatalf("seed %d, positions as of %s:\n got  %v\n want %v (Replay of the log)", seed, asOf.Format(time.RFC3339Nano), got, want)
			}
		}
	}
}
