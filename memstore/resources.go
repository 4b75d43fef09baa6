package memstore

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

// resourcesState holds the resources package's tables.
type resourcesState struct {
	donors      *table[resources.Donor]
	donations   *table[resources.Donation]
	lots        *table[resources.Lot]
	requests    *table[resources.Request]
	allocations *table[resources.Allocation]
	// movements is the append-only stock log, listed by ID and by lot.
	movements  *table[resources.Movement]
	movesByLot *index[resources.Movement, uuid.UUID]
	// runs holds, for each lot, its position after each of its movements in Seq order
	// (dated strictly later along it, as Lot.Record logs them): PositionsAsOf reads the
	// last one at or before a date instead of replaying the log.
	runs map[uuid.UUID][]runningPosition
}

// runningPosition is a lot's position from the movement dated at on.
type runningPosition struct {
	at  time.Time
	pos resources.Position
}

func (st *resourcesState) init() {
	st.donors = newTable("Donor", func(v *resources.Donor) uuid.UUID { return v.ID },
		func(v *resources.Donor) *int64 { return &v.Version })
	st.donations = newTable("Donation", func(v *resources.Donation) uuid.UUID { return v.ID },
		func(v *resources.Donation) *int64 { return &v.Version })
	st.lots = newTable("Lot", func(v *resources.Lot) uuid.UUID { return v.ID },
		func(v *resources.Lot) *int64 { return &v.Version })
	st.requests = newTable("Request", func(v *resources.Request) uuid.UUID { return v.ID },
		func(v *resources.Request) *int64 { return &v.Version })
	st.allocations = newTable("Allocation", func(v *resources.Allocation) uuid.UUID { return v.ID },
		func(v *resources.Allocation) *int64 { return &v.Version })
	st.movements = newTable("Movement", func(v *resources.Movement) uuid.UUID { return v.ID }, nil)
	st.movesByLot = indexBy(st.movements, newIndex(key(func(v *resources.Movement) uuid.UUID { return v.LotID })))
	st.runs = map[uuid.UUID][]runningPosition{}
}

var _ resources.Store = (*Store)(nil)

// CreateDonor implements resources.Store.
func (s *Store) CreateDonor(ctx context.Context, d resources.Donor) error {
	const op = "memstore.Store.CreateDonor"
	return lockedCreate(ctx, s, op, s.donors, d)
}

// GetDonor implements resources.Store.
func (s *Store) GetDonor(ctx context.Context, id uuid.UUID) (out resources.Donor, err error) {
	const op = "memstore.Store.GetDonor"
	return lockedGet(ctx, s, op, s.donors, id)
}

// ListDonors implements resources.Store.
func (s *Store) ListDonors(ctx context.Context, f resources.DonorFilter) (out wushe.Page[resources.Donor], err error) {
	const op = "memstore.Store.ListDonors"
	return lockedList(ctx, s, op, s.donors, f.Match, f.Page)
}

// UpdateDonor implements resources.Store.
func (s *Store) UpdateDonor(ctx context.Context, id uuid.UUID, fn func(*resources.Donor) error) (out resources.Donor, err error) {
	const op = "memstore.Store.UpdateDonor"
	return lockedUpdate(ctx, s, op, s.donors, id, fn)
}

// CreateDonation implements resources.Store.
func (s *Store) CreateDonation(ctx context.Context, d resources.Donation) error {
	const op = "memstore.Store.CreateDonation"
	return lockedCreate(ctx, s, op, s.donations, d)
}

// GetDonation implements resources.Store.
func (s *Store) GetDonation(ctx context.Context, id uuid.UUID) (out resources.Donation, err error) {
	const op = "memstore.Store.GetDonation"
	return lockedGet(ctx, s, op, s.donations, id)
}

// ListDonations implements resources.Store.
func (s *Store) ListDonations(ctx context.Context, f resources.DonationFilter) (out wushe.Page[resources.Donation], err error) {
	const op = "memstore.Store.ListDonations"
	return lockedList(ctx, s, op, s.donations, f.Match, f.Page)
}

// UpdateDonation implements resources.Store.
func (s *Store) UpdateDonation(ctx context.Context, id uuid.UUID, fn func(*resources.Donation) error) (out resources.Donation, err error) {
	const op = "memstore.Store.UpdateDonation"
	return lockedUpdate(ctx, s, op, s.donations, id, fn)
}

// GetLot implements resources.Store.
func (s *Store) GetLot(ctx context.Context, id uuid.UUID) (out resources.Lot, err error) {
	const op = "memstore.Store.GetLot"
	return lockedGet(ctx, s, op, s.lots, id)
}

// ListLots implements resources.Store.
func (s *Store) ListLots(ctx context.Context, f resources.LotFilter) (out wushe.Page[resources.Lot], err error) {
	const op = "memstore.Store.ListLots"
	return lockedList(ctx, s, op, s.lots, f.Match, f.Page)
}

// UpdateLot implements resources.Store. It rejects, as invalid, an fn that changes the
// stock quantities, which only Post changes.
func (s *Store) UpdateLot(ctx context.Context, id uuid.UUID, fn func(*resources.Lot) error) (out resources.Lot, err error) {
	const op = "memstore.Store.UpdateLot"
	return lockedUpdate(ctx, s, op, s.lots, id, resources.KeepStock(op, fn))
}

// CreateRequest implements resources.Store.
func (s *Store) CreateRequest(ctx context.Context, r resources.Request) error {
	const op = "memstore.Store.CreateRequest"
	return lockedCreate(ctx, s, op, s.requests, r)
}

// GetRequest implements resources.Store.
func (s *Store) GetRequest(ctx context.Context, id uuid.UUID) (out resources.Request, err error) {
	const op = "memstore.Store.GetRequest"
	return lockedGet(ctx, s, op, s.requests, id)
}

// ListRequests implements resources.Store.
func (s *Store) ListRequests(ctx context.Context, f resources.RequestFilter) (out wushe.Page[resources.Request], err error) {
	const op = "memstore.Store.ListRequests"
	return lockedList(ctx, s, op, s.requests, f.Match, f.Page)
}

// UpdateRequest implements resources.Store. It rejects, as invalid, an fn that changes
// Reserved or Delivered, which only Post changes.
func (s *Store) UpdateRequest(ctx context.Context, id uuid.UUID, fn func(*resources.Request) error) (out resources.Request, err error) {
	const op = "memstore.Store.UpdateRequest"
	return lockedUpdate(ctx, s, op, s.requests, id, resources.KeepAllocated(op, fn))
}

// GetAllocation implements resources.Store.
func (s *Store) GetAllocation(ctx context.Context, id uuid.UUID) (out resources.Allocation, err error) {
	const op = "memstore.Store.GetAllocation"
	return lockedGet(ctx, s, op, s.allocations, id)
}

// ListAllocations implements resources.Store.
func (s *Store) ListAllocations(ctx context.Context, f resources.AllocationFilter) (out wushe.Page[resources.Allocation], err error) {
	const op = "memstore.Store.ListAllocations"
	return lockedList(ctx, s, op, s.allocations, f.Match, f.Page)
}

// ListMovements implements resources.Store.
func (s *Store) ListMovements(ctx context.Context, f resources.MovementFilter) (out wushe.Page[resources.Movement], err error) {
	const op = "memstore.Store.ListMovements"
	return lockedListIn(ctx, s, op, s.movements, inCommunity(s.movements, s.movesByLot, f.LotID), f.Match, f.Page)
}

var _ resources.PositionReader = (*Store)(nil)

// PositionsAsOf implements resources.PositionReader: one binary search per lot in the
// positions Post kept after each movement, so its cost does not grow with the log.
func (s *Store) PositionsAsOf(ctx context.Context, asOf time.Time) (out []resources.Position, err error) {
	const op = "memstore.Store.PositionsAsOf"
	err = s.read(ctx, op, func() error {
		out = []resources.Position{}
		s.lots.order.ascend(uuid.Nil, func(id uuid.UUID) bool {
			run := s.runs[id]
			// The number of movements dated at or before asOf.
			n, _ := slices.BinarySearchFunc(run, asOf, func(r runningPosition, t time.Time) int {
				if r.at.After(t) {
					return 1
				}
				return -1
			})
			if n > 0 {
				out = append(out, run[n-1].pos)
			}
			return true
		})
		return nil
	})
	return out, err
}

// Post implements resources.Store: it stages every change on copies, checks them all, and
// writes them only when every check passed, so a failure leaves the store as it was.
// Movements are logged as Lot.Record numbers and dates them under the store's lock.
func (s *Store) Post(ctx context.Context, p resources.Posting) error {
	const op = "memstore.Store.Post"
	return s.write(ctx, op, func() error {
		donations := map[uuid.UUID]resources.Donation{}
		for _, d := range p.Donations {
			cur, err := s.donations.get(op, d.ID)
			if err != nil {
				return err
			}
			if d.Version != cur.Version {
				return conflict(op, "Donation", d.ID, d.Version, cur.Version)
			}
			d.Version++
			donations[d.ID] = d
		}
		for _, d := range p.NewDonations {
			if err := fresh(op, "Donation", d.ID, s.donations.has(d.ID) || hasKey(donations, d.ID)); err != nil {
				return err
			}
			d.Version = 1
			donations[d.ID] = d
		}
		lots := map[uuid.UUID]resources.Lot{}
		for _, l := range p.NewLots {
			if err := fresh(op, "Lot", l.ID, s.lots.has(l.ID) || hasKey(lots, l.ID)); err != nil {
				return err
			}
			l.Version = 1
			lots[l.ID] = l
		}
		allocs := map[uuid.UUID]resources.Allocation{}
		for _, a := range p.Allocations {
			cur, err := s.allocations.get(op, a.ID)
			if err != nil {
				return err
			}
			if a.Version != cur.Version {
				return conflict(op, "Allocation", a.ID, a.Version, cur.Version)
			}
			a.Version++
			allocs[a.ID] = a
		}
		for _, a := range p.NewAllocations {
			if err := fresh(op, "Allocation", a.ID, s.allocations.has(a.ID) || hasKey(allocs, a.ID)); err != nil {
				return err
			}
			a.Version = 1
			allocs[a.ID] = a
		}
		requests := map[uuid.UUID]resources.Request{}
		moved := map[uuid.UUID]bool{}
		logged := make([]resources.Movement, 0, len(p.Movements))
		runs := make([]runningPosition, 0, len(p.Movements))
		for _, m := range p.Movements {
			if err := fresh(op, "Movement", m.ID, m.ID == uuid.Nil || s.movements.has(m.ID) || moved[m.ID]); err != nil {
				return err
			}
			moved[m.ID] = true
			l, ok := lots[m.LotID]
			if !ok {
				cur, err := s.lots.get(op, m.LotID)
				if err != nil {
					return err
				}
				cur.Version++
				l = cur
			}
			m, err := l.Record(m)
			if err != nil {
				return wushe.WithOp(op, err)
			}
			logged = append(logged, m)
			runs = append(runs, runningPosition{at: m.At, pos: l.Position()})
			lots[m.LotID] = l
			if m.RequestID != uuid.Nil {
				r, ok := requests[m.RequestID]
				if !ok {
					cur, err := s.requests.get(op, m.RequestID)
					if err != nil {
						return err
					}
					cur.Version++
					r = cur
				}
				if err := r.Apply(m); err != nil {
					return wushe.WithOp(op, err)
				}
				requests[m.RequestID] = r
			}
		}
		for _, d := range donations {
			s.donations.put(d)
		}
		for _, l := range lots {
			s.lots.put(l)
		}
		for _, a := range allocs {
			s.allocations.put(a)
		}
		for _, r := range requests {
			s.requests.put(r)
		}
		for i, m := range logged {
			s.movements.put(m)
			s.runs[m.LotID] = append(s.runs[m.LotID], runs[i])
		}
		return nil
	})
}

func hasKey[V any](m map[uuid.UUID]V, id uuid.UUID) bool { _, ok := m[id]; return ok }

func fresh(op, entity string, id uuid.UUID, taken bool) error {
	if id == uuid.Nil {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: entity, Field: "ID", Msg: "is the nil UUID"}
	}
	if taken {
		return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: entity, ID: id.String(), Msg: "already exists"}
	}
	return nil
}

func conflict(op, entity string, id uuid.UUID, have, want int64) error {
	return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: entity, ID: id.String(), Field: "Version",
		Msg: "version " + itoa(have) + " is stale, the stored version is " + itoa(want)}
}
