package resources

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// Store persists the resources package's entities. A host implements it on its database
// (memstore.Store is the in-memory implementation); resourcestest.RunStoreTests checks an
// implementation. The Service applies every business rule; a Store persists, queries and
// keeps the stock invariants that must hold under concurrency.
//
// Implementer's checklist:
//
//  1. Every method takes ctx first and returns an error wrapping ctx.Err() (kind
//     unavailable) when ctx is done before the work is committed.
//  2. Report failures with the kernel's kinds (wushe.Error): not found, already exists,
//     conflict, invalid, insufficient, unavailable. Never invent kinds.
//  3. CreateX stores a copy with Version 1; an existing ID is already_exists.
//  4. GetX returns a deep copy; an unknown ID is not_found.
//  5. UpdateX(ctx, id, fn) is an atomic read-modify-write: fn gets a copy of the stored
//     entity; fn may run more than once, must have no side effects and must not call the
//     Store (a Store may refuse such a call as invalid: wushe.UpdateGuard); an error from fn
//     persists nothing and is returned as it is; afterwards a changed ID is invalid and a
//     Version different from the stored one is conflict; otherwise store with Version+1
//     and return the stored copy.
//  6. ListX returns the entities for which the filter's Match holds, ordered by ID
//     ascending (byte order), paged with the filter's Page (wushe.Paginate has the
//     semantics). Movements are listed the same way.
//  7. Post applies a Posting in one transaction, all of it or nothing: see Posting for
//     the order and the checks. Under concurrent Posts no lot and no request ever goes
//     negative or over-allocated: lock the lot and request rows (SELECT ... FOR UPDATE)
//     or run SERIALIZABLE and retry.
//  8. Movements are append-only: nothing but Post writes them and nothing changes or
//     deletes one. Post logs each movement as Lot.Record returns it, with its Seq and
//     At; a Store may also keep a lot's Seq unique (a unique index on lot and Seq).
//  9. Persist personal data in the clear with wushe.StorageEntitlement() and restore it
//     with the kernel's Parse functions; never persist the masked forms. A Request's
//     Beneficiary fields are persisted as they are.
//
// The Store never validates business rules, sets timestamps or makes IDs, except for
// the Seq and the commit-order At that Lot.Record gives each movement.
type Store interface {
	CreateDonor(ctx context.Context, d Donor) error
	GetDonor(ctx context.Context, id uuid.UUID) (Donor, error)
	ListDonors(ctx context.Context, f DonorFilter) (wushe.Page[Donor], error)
	UpdateDonor(ctx context.Context, id uuid.UUID, fn func(*Donor) error) (Donor, error)

	CreateDonation(ctx context.Context, d Donation) error
	GetDonation(ctx context.Context, id uuid.UUID) (Donation, error)
	ListDonations(ctx context.Context, f DonationFilter) (wushe.Page[Donation], error)
	UpdateDonation(ctx context.Context, id uuid.UUID, fn func(*Donation) error) (Donation, error)

	GetLot(ctx context.Context, id uuid.UUID) (Lot, error)
	ListLots(ctx context.Context, f LotFilter) (wushe.Page[Lot], error)
	// UpdateLot changes a lot's descriptive fields (location, holder, restriction ...).
	// Stock quantities change only through Post; a Store may reject, as invalid, an fn
	// that changes them.
	UpdateLot(ctx context.Context, id uuid.UUID, fn func(*Lot) error) (Lot, error)

	CreateRequest(ctx context.Context, r Request) error
	GetRequest(ctx context.Context, id uuid.UUID) (Request, error)
	ListRequests(ctx context.Context, f RequestFilter) (wushe.Page[Request], error)
	// UpdateRequest follows item 5; like UpdateLot it may reject a change of Reserved or
	// Delivered, which only Post makes.
	UpdateRequest(ctx context.Context, id uuid.UUID, fn func(*Request) error) (Request, error)

	GetAllocation(ctx context.Context, id uuid.UUID) (Allocation, error)
	ListAllocations(ctx context.Context, f AllocationFilter) (wushe.Page[Allocation], error)

	ListMovements(ctx context.Context, f MovementFilter) (wushe.Page[Movement], error)

	// Post applies p atomically; see Posting.
	Post(ctx context.Context, p Posting) error
}

// Posting is one atomic change of stock and the entities around it. A Store applies it in
// this order, inside one transaction:
//
//  1. Donations: each must exist with the same Version as given (else conflict); it is
//     replaced and its Version incremented. NewDonations are created (Version 1;
//     already_exists if the ID is taken).
//  2. NewLots are created (Version 1) with the quantities given (the Service gives zero
//     quantities; the receipt movement adds the stock).
//  3. Allocations: each must exist with the same Version as given (else conflict); it is
//     replaced with Version+1. NewAllocations are created with Version 1.
//  4. Movements, in order: each is recorded on its lot with Lot.Record (which applies it,
//     gives it the lot's next Seq and, if needed, moves its At after the lot's last
//     movement) and, when it names a request, applied to that request with
//     Request.Apply; an error (not found, insufficient) aborts the whole posting. Each
//     lot and request touched is written once with Version+1, and each movement is
//     appended to the log as Record returned it.
//
// Record runs on the lot as the transaction holds it locked, so a lot's log is numbered
// and dated in commit order even when concurrent Services read their clocks in another
// order: Replay as of any instant then gives the stock that was true at that instant.
//
// Any failure leaves the store exactly as it was.
type Posting struct {
	Donations      []Donation   `json:"donations,omitempty"`
	NewDonations   []Donation   `json:"new_donations,omitempty"`
	NewLots        []Lot        `json:"new_lots,omitempty"`
	Allocations    []Allocation `json:"allocations,omitempty"`
	NewAllocations []Allocation `json:"new_allocations,omitempty"`
	Movements      []Movement   `json:"movements,omitempty"`
}

// PositionReader is what a Store may implement besides Store so that Service.Positions
// costs the same however long the movement log grows. PositionsAsOf returns exactly what
// Replay returns for every movement at or before asOf: the position of every lot that
// has moved by then, ordered by lot ID. A lot's movements at or before any instant are a
// prefix of its log in Seq order (Lot.Record dates them strictly later along it), so a
// Store that keeps each lot's position after each of its movements answers with one
// search per lot. The conformance suite checks it against Replay when a Store
// implements it; a Store that does not is replayed by the Service.
type PositionReader interface {
	PositionsAsOf(ctx context.Context, asOf time.Time) ([]Position, error)
}

// DonorFilter selects donors; zero fields match everything.
type DonorFilter struct {
	Kind        DonorKind
	CreditCode  CreditCode
	CommunityID uuid.UUID
	Page        wushe.PageRequest
}

// Match reports whether d passes the filter (paging aside): the semantics every Store
// must reproduce.
func (f DonorFilter) Match(d *Donor) bool {
	return (f.Kind == "" || d.Kind == f.Kind) &&
		(f.CreditCode == "" || d.CreditCode == f.CreditCode) &&
		(f.CommunityID == uuid.Nil || d.CommunityID == f.CommunityID)
}

// DonationFilter selects donations; zero fields match everything.
type DonationFilter struct {
	DonorID   uuid.UUID
	ProjectID uuid.UUID
	Status    DonationStatus
	Kind      PropertyKind
	Page      wushe.PageRequest
}

// Match reports whether d passes the filter (paging aside).
func (f DonationFilter) Match(d *Donation) bool {
	return (f.DonorID == uuid.Nil || d.DonorID == f.DonorID) &&
		(f.ProjectID == uuid.Nil || d.ProjectID == f.ProjectID) &&
		(f.Status == "" || d.Status == f.Status) &&
		(f.Kind == "" || d.Kind == f.Kind)
}

// LotFilter selects lots; zero fields match everything.
type LotFilter struct {
	DonationID uuid.UUID
	Kind       PropertyKind
	Category   string
	// InStock selects lots with a positive OnHand.
	InStock bool
	Page    wushe.PageRequest
}

// Match reports whether l passes the filter (paging aside).
func (f LotFilter) Match(l *Lot) bool {
	return (f.DonationID == uuid.Nil || l.DonationID == f.DonationID) &&
		(f.Kind == "" || l.Kind == f.Kind) &&
		(f.Category == "" || l.Category == f.Category) &&
		(!f.InStock || l.OnHand.IsPositive())
}

// RequestFilter selects requests; zero fields match everything.
type RequestFilter struct {
	CommunityID uuid.UUID
	NeedID      uuid.UUID
	Category    string
	Status      RequestStatus
	Urgency     Urgency
	Page        wushe.PageRequest
}

// Match reports whether r passes the filter (paging aside).
func (f RequestFilter) Match(r *Request) bool {
	return (f.CommunityID == uuid.Nil || r.CommunityID == f.CommunityID) &&
		(f.NeedID == uuid.Nil || r.NeedID == f.NeedID) &&
		(f.Category == "" || r.Category == f.Category) &&
		(f.Status == "" || r.Status == f.Status) &&
		(f.Urgency == "" || r.Urgency == f.Urgency)
}

// AllocationFilter selects allocations; zero fields match everything.
type AllocationFilter struct {
	LotID     uuid.UUID
	RequestID uuid.UUID
	Status    AllocationStatus
	Page      wushe.PageRequest
}

// Match reports whether a passes the filter (paging aside).
func (f AllocationFilter) Match(a *Allocation) bool {
	return (f.LotID == uuid.Nil || a.LotID == f.LotID) &&
		(f.RequestID == uuid.Nil || a.RequestID == f.RequestID) &&
		(f.Status == "" || a.Status == f.Status)
}

// MovementFilter selects movements; zero fields match everything.
type MovementFilter struct {
	LotID uuid.UUID
	Kinds []MovementKind
	// Until selects movements at or before it.
	Until time.Time
	Page  wushe.PageRequest
}

// Match reports whether m passes the filter (paging aside).
func (f MovementFilter) Match(m *Movement) bool {
	return (f.LotID == uuid.Nil || m.LotID == f.LotID) &&
		(len(f.Kinds) == 0 || slices.Contains(f.Kinds, m.Kind)) &&
		(f.Until.IsZero() || !m.At.After(f.Until))
}

// listAll pages through a Store list until its end.
func listAll[T any, F any](ctx context.Context, f F, setPage func(*F, wushe.PageRequest), list func(context.Context, F) (wushe.Page[T], error)) ([]T, error) {
	return wushe.Collect(func(req wushe.PageRequest) (wushe.Page[T], error) {
		setPage(&f, req)
		return list(ctx, f)
	})
}

// KeepStock wraps the fn of an UpdateLot call so that it fails, as invalid, when fn
// changes the lot's stock quantities (Position), which only Post changes: what every
// Store's UpdateLot runs instead of fn. op names the Store's operation in the error.
func KeepStock(op string, fn func(*Lot) error) func(*Lot) error {
	return func(l *Lot) error {
		id, before := l.ID, l.Position()
		if err := fn(l); err != nil {
			return err
		}
		if !l.Position().Equal(before) {
			return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Lot", ID: id.String(), Field: "OnHand",
				Msg: "stock quantities change only through Post"}
		}
		return nil
	}
}

// KeepAllocated wraps the fn of an UpdateRequest call so that it fails, as invalid, when
// fn changes Reserved or Delivered, which only Post changes.
func KeepAllocated(op string, fn func(*Request) error) func(*Request) error {
	return func(r *Request) error {
		before := *r
		if err := fn(r); err != nil {
			return err
		}
		if !r.SameAllocated(before) {
			return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Request", ID: before.ID.String(), Field: "Reserved",
				Msg: "allocated quantities change only through Post"}
		}
		return nil
	}
}
