package main

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

var _ resources.Store = (*Store)(nil)

// The resources entity types and where they live on disk. Movements have no Version: they
// are append-only and only Post writes them.
var (
	donorKind = kind[resources.Donor]{entity: "Donor", dir: "donors",
		id: func(v *resources.Donor) uuid.UUID { return v.ID }, version: func(v *resources.Donor) *int64 { return &v.Version }}
	donationKind = kind[resources.Donation]{entity: "Donation", dir: "donations",
		id: func(v *resources.Donation) uuid.UUID { return v.ID }, version: func(v *resources.Donation) *int64 { return &v.Version }}
	lotKind = kind[resources.Lot]{entity: "Lot", dir: "lots",
		id: func(v *resources.Lot) uuid.UUID { return v.ID }, version: func(v *resources.Lot) *int64 { return &v.Version }}
	requestKind = kind[resources.Request]{entity: "Request", dir: "requests",
		id: func(v *resources.Request) uuid.UUID { return v.ID }, version: func(v *resources.Request) *int64 { return &v.Version }}
	allocationKind = kind[resources.Allocation]{entity: "Allocation", dir: "allocations",
		id: func(v *resources.Allocation) uuid.UUID { return v.ID }, version: func(v *resources.Allocation) *int64 { return &v.Version }}
	movementKind = kind[resources.Movement]{entity: "Movement", dir: "movements",
		id: func(v *resources.Movement) uuid.UUID { return v.ID }}
)

// CreateDonor implements resources.Store.
func (s *Store) CreateDonor(ctx context.Context, d resources.Donor) error {
	return donorKind.create(ctx, s, "customstore.Store.CreateDonor", d)
}

// GetDonor implements resources.Store.
func (s *Store) GetDonor(ctx context.Context, id uuid.UUID) (resources.Donor, error) {
	return donorKind.get(ctx, s, "customstore.Store.GetDonor", id)
}

// ListDonors implements resources.Store.
func (s *Store) ListDonors(ctx context.Context, f resources.DonorFilter) (wushe.Page[resources.Donor], error) {
	return donorKind.list(ctx, s, "customstore.Store.ListDonors", f.Match, f.Page)
}

// UpdateDonor implements resources.Store.
func (s *Store) UpdateDonor(ctx context.Context, id uuid.UUID, fn func(*resources.Donor) error) (resources.Donor, error) {
	return donorKind.update(ctx, s, "customstore.Store.UpdateDonor", id, fn)
}

// CreateDonation implements resources.Store.
func (s *Store) CreateDonation(ctx context.Context, d resources.Donation) error {
	return donationKind.create(ctx, s, "customstore.Store.CreateDonation", d)
}

// GetDonation implements resources.Store.
func (s *Store) GetDonation(ctx context.Context, id uuid.UUID) (resources.Donation, error) {
	return donationKind.get(ctx, s, "customstore.Store.GetDonation", id)
}

// ListDonations implements resources.Store.
func (s *Store) ListDonations(ctx context.Context, f resources.DonationFilter) (wushe.Page[resources.Donation], error) {
	return donationKind.list(ctx, s, "customstore.Store.ListDonations", f.Match, f.Page)
}

// UpdateDonation implements resources.Store.
func (s *Store) UpdateDonation(ctx context.Context, id uuid.UUID, fn func(*resources.Donation) error) (resources.Donation, error) {
	return donationKind.update(ctx, s, "customstore.Store.UpdateDonation", id, fn)
}

// GetLot implements resources.Store.
func (s *Store) GetLot(ctx context.Context, id uuid.UUID) (resources.Lot, error) {
	return lotKind.get(ctx, s, "customstore.Store.GetLot", id)
}

// ListLots implements resources.Store.
func (s *Store) ListLots(ctx context.Context, f resources.LotFilter) (wushe.Page[resources.Lot], error) {
	return lotKind.list(ctx, s, "customstore.Store.ListLots", f.Match, f.Page)
}

// UpdateLot implements resources.Store. It rejects, as invalid, an fn that changes the
// stock quantities: only Post moves stock.
func (s *Store) UpdateLot(ctx context.Context, id uuid.UUID, fn func(*resources.Lot) error) (resources.Lot, error) {
	const op = "customstore.Store.UpdateLot"
	return lotKind.update(ctx, s, op, id, resources.KeepStock(op, fn))
}

// CreateRequest implements resources.Store.
func (s *Store) CreateRequest(ctx context.Context, r resources.Request) error {
	return requestKind.create(ctx, s, "customstore.Store.CreateRequest", r)
}

// GetRequest implements resources.Store.
func (s *Store) GetRequest(ctx context.Context, id uuid.UUID) (resources.Request, error) {
	return requestKind.get(ctx, s, "customstore.Store.GetRequest", id)
}

// ListRequests implements resources.Store.
func (s *Store) ListRequests(ctx context.Context, f resources.RequestFilter) (wushe.Page[resources.Request], error) {
	return requestKind.list(ctx, s, "customstore.Store.ListRequests", f.Match, f.Page)
}

// UpdateRequest implements resources.Store. It rejects, as invalid, an fn that changes
// Reserved or Delivered: only Post moves them.
func (s *Store) UpdateRequest(ctx context.Context, id uuid.UUID, fn func(*resources.Request) error) (resources.Request, error) {
	const op = "customstore.Store.UpdateRequest"
	return requestKind.update(ctx, s, op, id, resources.KeepAllocated(op, fn))
}

// GetAllocation implements resources.Store.
func (s *Store) GetAllocation(ctx context.Context, id uuid.UUID) (resources.Allocation, error) {
	return allocationKind.get(ctx, s, "customstore.Store.GetAllocation", id)
}

// ListAllocations implements resources.Store.
func (s *Store) ListAllocations(ctx context.Context, f resources.AllocationFilter) (wushe.Page[resources.Allocation], error) {
	return allocationKind.list(ctx, s, "customstore.Store.ListAllocations", f.Match, f.Page)
}

// ListMovements implements resources.Store.
func (s *Store) ListMovements(ctx context.Context, f resources.MovementFilter) (wushe.Page[resources.Movement], error) {
	return movementKind.list(ctx, s, "customstore.Store.ListMovements", f.Match, f.Page)
}

// posting is a Post being staged: every entity it will write, already checked and with
// its new Version, keyed by ID. Nothing reaches disk until every check has passed.
type posting struct {
	s           *Store
	op          string
	donations   map[uuid.UUID]resources.Donation
	lots        map[uuid.UUID]resources.Lot
	allocations map[uuid.UUID]resources.Allocation
	requests    map[uuid.UUID]resources.Request
	movements   []resources.Movement
	seen        map[uuid.UUID]bool // movement IDs in this posting
}

// Post implements resources.Store: it stages the whole posting in memory in the order
// resources.Posting gives, checks everything, and only then writes the files, all under
// the exclusive lock, so a rejected posting writes nothing.
func (s *Store) Post(ctx context.Context, p resources.Posting) error {
	const op = "customstore.Store.Post"
	return s.write(ctx, op, func() error {
		st := &posting{s: s, op: op, donations: map[uuid.UUID]resources.Donation{}, lots: map[uuid.UUID]resources.Lot{},
			allocations: map[uuid.UUID]resources.Allocation{}, requests: map[uuid.UUID]resources.Request{},
			seen: map[uuid.UUID]bool{}}
		if err := st.stage(p); err != nil {
			return err
		}
		return st.commit()
	})
}

// stage checks p and computes what it writes.
func (st *posting) stage(p resources.Posting) error {
	for _, d := range p.Donations {
		if err := replaced(st, donationKind, st.donations, d); err != nil {
			return err
		}
	}
	for _, d := range p.NewDonations {
		if err := added(st, donationKind, st.donations, d); err != nil {
			return err
		}
	}
	for _, l := range p.NewLots {
		if err := added(st, lotKind, st.lots, l); err != nil {
			return err
		}
	}
	for _, a := range p.Allocations {
		if err := replaced(st, allocationKind, st.allocations, a); err != nil {
			return err
		}
	}
	for _, a := range p.NewAllocations {
		if err := added(st, allocationKind, st.allocations, a); err != nil {
			return err
		}
	}
	for _, m := range p.Movements {
		if err := st.move(m); err != nil {
			return err
		}
	}
	return nil
}

// replaced stages v over the stored entity of its ID, which must have v's Version.
func replaced[T any](st *posting, k kind[T], staged map[uuid.UUID]T, v T) error {
	id := k.id(&v)
	cur, err := k.load(st.s, st.op, id)
	if err != nil {
		return err
	}
	if have, want := *k.version(&v), *k.version(&cur); have != want {
		return &wushe.Error{Op: st.op, Kind: wushe.KindConflict, Entity: k.entity, ID: id.String(), Field: "Version",
			Msg: "the posting carries a stale version"}
	}
	*k.version(&v) = *k.version(&cur) + 1
	staged[id] = v
	return nil
}

// added stages v as a new entity with Version 1.
func added[T any](st *posting, k kind[T], staged map[uuid.UUID]T, v T) error {
	id := k.id(&v)
	if err := k.checkNew(st.s, st.op, id); err != nil {
		return err
	}
	if _, dup := staged[id]; dup {
		return k.fail(st.op, wushe.KindAlreadyExists, id, "appears twice in the posting", nil)
	}
	*k.version(&v) = 1
	staged[id] = v
	return nil
}

// move records one movement on its lot (Lot.Record numbers and dates it in commit order)
// and applies it to its request, loading each once.
func (st *posting) move(m resources.Movement) error {
	if err := movementKind.checkNew(st.s, st.op, m.ID); err != nil {
		return err
	}
	if st.seen[m.ID] {
		return movementKind.fail(st.op, wushe.KindAlreadyExists, m.ID, "appears twice in the posting", nil)
	}
	st.seen[m.ID] = true
	l, ok := st.lots[m.LotID]
	if !ok {
		cur, err := lotKind.load(st.s, st.op, m.LotID)
		if err != nil {
			return err
		}
		cur.Version++
		l = cur
	}
	m, err := l.Record(m)
	if err != nil {
		return wushe.WithOp(st.op, err)
	}
	st.lots[m.LotID] = l
	if m.RequestID != uuid.Nil {
		r, ok := st.requests[m.RequestID]
		if !ok {
			cur, err := requestKind.load(st.s, st.op, m.RequestID)
			if err != nil {
				return err
			}
			cur.Version++
			r = cur
		}
		if err := r.Apply(m); err != nil {
			return wushe.WithOp(st.op, err)
		}
		st.requests[m.RequestID] = r
	}
	st.movements = append(st.movements, m)
	return nil
}

// commit writes what stage computed.
func (st *posting) commit() error {
	for _, d := range st.donations {
		if err := donationKind.save(st.s, st.op, d); err != nil {
			return err
		}
	}
	for _, l := range st.lots {
		if err := lotKind.save(st.s, st.op, l); err != nil {
			return err
		}
	}
	for _, a := range st.allocations {
		if err := allocationKind.save(st.s, st.op, a); err != nil {
			return err
		}
	}
	for _, r := range st.requests {
		if err := requestKind.save(st.s, st.op, r); err != nil {
			return err
		}
	}
	for _, m := range st.movements {
		if err := movementKind.save(st.s, st.op, m); err != nil {
			return err
		}
	}
	return nil
}
