package resources

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// Options configures a Service. The zero value is usable.
type Options struct {
	// Clock tells the time; the default is wushe.SystemClock.
	Clock wushe.Clock
	// NewID makes entity IDs; the default is wushe.NewID (time-ordered). The order of
	// movement IDs does not matter: the Store numbers each lot's movements in commit
	// order (Lot.Record).
	NewID wushe.IDSource
	// Organization is the receiving organisation named on receipts (Charity Law Art 38).
	// The default is "receiving organization"; set it.
	Organization string
	// ReceiptNumber makes the number of the n-th receipt (from 1) of a donation when the
	// Receiving gives none. Receipts are the finance department's numbered forms (Charity
	// Law Art 38), so hosts usually pass the form's number instead. The default is the
	// donation ID, a slash and n.
	ReceiptNumber func(d Donation, n int) string
}

// Service applies the resources rules over a Store. It is safe for concurrent use as far
// as its Store is.
type Service struct {
	store   Store
	clock   wushe.Clock
	newID   wushe.IDSource
	org     string
	receipt func(Donation, int) string
}

// NewService returns a Service over store. store must not be nil.
func NewService(store Store, opts *Options) (*Service, error) {
	if store == nil {
		return nil, &wushe.Error{Op: "resources.NewService", Kind: wushe.KindInvalid, Entity: "Service", Field: "store", Msg: "is nil"}
	}
	s := &Service{store: store, clock: wushe.SystemClock{}, newID: wushe.NewID, org: "receiving organization",
		receipt: func(d Donation, n int) string { return fmt.Sprintf("%s/%d", d.ID, n) }}
	if opts != nil {
		if opts.Clock != nil {
			s.clock = opts.Clock
		}
		if opts.NewID != nil {
			s.newID = opts.NewID
		}
		if opts.Organization != "" {
			s.org = opts.Organization
		}
		if opts.ReceiptNumber != nil {
			s.receipt = opts.ReceiptNumber
		}
	}
	return s, nil
}

// Store returns the service's store, for reads the Service does not wrap.
func (s *Service) Store() Store { return s.store }

func needActor(op, actor string) error {
	if strings.TrimSpace(actor) == "" {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Actor", Field: "actor", Msg: "is required"}
	}
	return nil
}

// RegisterDonor validates and stores a new donor with a fresh ID.
func (s *Service) RegisterDonor(ctx context.Context, actor string, d Donor) (Donor, error) {
	const op = "resources.Service.RegisterDonor"
	if err := needActor(op, actor); err != nil {
		return Donor{}, err
	}
	now := s.clock.Now()
	d.ID, d.Version, d.CreatedAt, d.UpdatedAt = s.newID(), 0, now, now
	if d.CreditCode != "" {
		cc, err := ParseCreditCode(string(d.CreditCode))
		if err == nil {
			d.CreditCode = cc
		}
	}
	if err := d.Validate(); err != nil {
		return Donor{}, wushe.WithOp(op, err)
	}
	if err := s.store.CreateDonor(ctx, d); err != nil {
		return Donor{}, wushe.Wrap(op, err)
	}
	d.Version = 1
	return d, nil
}

// UpdateDonor changes a donor through fn, which gets a copy of the stored donor and may
// run more than once (see Store). The result must still Validate; ID, Version and
// CreatedAt are kept, UpdatedAt is set from the clock.
func (s *Service) UpdateDonor(ctx context.Context, actor string, id uuid.UUID, fn func(*Donor) error) (Donor, error) {
	const op = "resources.Service.UpdateDonor"
	if err := needActor(op, actor); err != nil {
		return Donor{}, err
	}
	now := s.clock.Now()
	d, err := s.store.UpdateDonor(ctx, id, func(d *Donor) error {
		keep := *d
		if err := fn(d); err != nil {
			return err
		}
		d.ID, d.Version, d.CreatedAt, d.UpdatedAt = keep.ID, keep.Version, keep.CreatedAt, now
		if d.CreditCode != "" {
			if cc, err := ParseCreditCode(string(d.CreditCode)); err == nil {
				d.CreditCode = cc
			}
		}
		return wushe.WithOp(op, d.Validate())
	})
	return d, wushe.Wrap(op, err)
}

// Pledge records a donation promised and not yet received. The donor must exist.
// PledgedAt defaults to now.
func (s *Service) Pledge(ctx context.Context, actor string, d Donation) (Donation, error) {
	const op = "resources.Service.Pledge"
	d, _, err := s.newDonation(ctx, op, actor, d)
	if err != nil {
		return Donation{}, err
	}
	if err := s.store.CreateDonation(ctx, d); err != nil {
		return Donation{}, wushe.Wrap(op, err)
	}
	d.Version = 1
	return d, nil
}

// newDonation prepares a new pledge and returns it with its donor, which must exist.
func (s *Service) newDonation(ctx context.Context, op, actor string, d Donation) (Donation, Donor, error) {
	if err := needActor(op, actor); err != nil {
		return Donation{}, Donor{}, err
	}
	now := s.clock.Now()
	d.ID, d.Version, d.CreatedAt, d.UpdatedAt = s.newID(), 0, now, now
	d.Status, d.Received, d.Receipts = DonationPledged, decimal.Zero, nil
	if d.PledgedAt.IsZero() {
		d.PledgedAt = now
	}
	if d.Kind == PropertyCash {
		if d.Unit == "" {
			d.Unit = "CNY"
		}
		if d.FairValue.IsZero() {
			d.FairValue = d.Quantity
		}
		if d.FairValueProof == "" {
			d.FairValueProof = "cash received"
		}
	}
	if err := d.Validate(); err != nil {
		return Donation{}, Donor{}, wushe.WithOp(op, err)
	}
	donor, err := s.store.GetDonor(ctx, d.DonorID)
	if err != nil {
		return Donation{}, Donor{}, wushe.Wrap(op, err)
	}
	return d, donor, nil
}

// Receiving describes one delivery of donated property and where it is put.
type Receiving struct {
	// Quantity received; Donate takes the whole donation and ignores it.
	Quantity decimal.Decimal
	// Handler is the person who handled the receipt (Charity Law Art 38); required.
	Handler wushe.PersonName
	// Number is the receipt number; empty means the Service makes one.
	Number string
	// Holder holds the lot; required.
	Holder   Holder
	Location *wushe.Point // Where the lot is kept, if known.
	// Expires is when perishable goods expire; zero for none.
	Expires  time.Time
	Sessions []Session // The schedule of a service or venue lot.
}

// Receive records a receipt of part or all of a pledged donation: it issues the receipt
// (withheld, with the reason, for in-kind property without fair-value proof), puts the
// property on hand as a new Lot and logs the movement, all in one Posting. The donation
// becomes partially received or received.
func (s *Service) Receive(ctx context.Context, actor string, donationID uuid.UUID, r Receiving) (Donation, Lot, error) {
	const op = "resources.Service.Receive"
	if err := needActor(op, actor); err != nil {
		return Donation{}, Lot{}, err
	}
	if pr := wushe.Check("Receiving"); !pr.CheckValues(r) {
		return Donation{}, Lot{}, wushe.WithOp(op, pr.Err())
	}
	d, err := s.store.GetDonation(ctx, donationID)
	if err != nil {
		return Donation{}, Lot{}, wushe.Wrap(op, err)
	}
	donor, err := s.store.GetDonor(ctx, d.DonorID)
	if err != nil {
		return Donation{}, Lot{}, wushe.Wrap(op, err)
	}
	if d.Status == DonationCancelled || d.Status == DonationReceived {
		return Donation{}, Lot{}, wushe.E(op, wushe.KindConflict, "Donation", d.ID.String(), "is %s: only a pledged or partially received donation receives more; record a new gift with Donate or Pledge", d.Status)
	}
	if r.Quantity.GreaterThan(d.Remaining()) {
		e := wushe.E(op, wushe.KindInvalid, "Receiving", d.ID.String(), "%s exceeds the %s still pledged", r.Quantity, d.Remaining())
		e.Field = "Quantity"
		return Donation{}, Lot{}, e
	}
	p, d2, lot, err := s.receive(op, actor, donor, d, r)
	if err != nil {
		return Donation{}, Lot{}, err
	}
	p.Donations = []Donation{d2}
	if err := s.store.Post(ctx, p); err != nil {
		return Donation{}, Lot{}, wushe.Wrap(op, err)
	}
	d2.Version++
	return d2, lot, nil
}

// Donate records a donation received in full at once: the pledge, its receipt, the lot and
// the movement in one Posting. r.Quantity is ignored.
func (s *Service) Donate(ctx context.Context, actor string, d Donation, r Receiving) (Donation, Lot, error) {
	const op = "resources.Service.Donate"
	d, donor, err := s.newDonation(ctx, op, actor, d)
	if err != nil {
		return Donation{}, Lot{}, err
	}
	r.Quantity = d.Quantity
	p, d2, lot, err := s.receive(op, actor, donor, d, r)
	if err != nil {
		return Donation{}, Lot{}, err
	}
	p.NewDonations = []Donation{d2}
	if err := s.store.Post(ctx, p); err != nil {
		return Donation{}, Lot{}, wushe.Wrap(op, err)
	}
	d2.Version = 1
	return d2, lot, nil
}

// receive builds the posting of one receipt; it changes nothing.
func (s *Service) receive(op, actor string, donor Donor, d Donation, r Receiving) (Posting, Donation, Lot, error) {
	now := s.clock.Now()
	pr := wushe.Check("Receiving")
	if !pr.CheckValues(r) {
		return Posting{}, Donation{}, Lot{}, wushe.WithOp(op, pr.Err())
	}
	places := int32(QuantityPlaces)
	if d.Kind == PropertyCash {
		places = CNYPlaces
	}
	pr.Require(r.Quantity.IsPositive(), "Quantity", "must be positive")
	pr.Require(fitsPlaces(r.Quantity, places), "Quantity", fmt.Sprintf("has more than %d decimal places", places))
	pr.Require(!r.Handler.IsZero(), "Handler", "is required (Charity Law Art 38)")
	pr.Require(r.Holder.Kind.Valid(), "Holder.Kind", holderKinds.Problem(r.Holder.Kind))
	pr.Require(strings.TrimSpace(r.Holder.Name) != "", "Holder.Name", "is required")
	pr.Require(r.Expires.IsZero() || r.Expires.After(now), "Expires", "is already past: expired goods have no use value (Charity Law Art 36)")
	if r.Location != nil {
		pr.Nested("Location", r.Location.Validate())
	}
	if err := pr.Err(); err != nil {
		return Posting{}, Donation{}, Lot{}, wushe.WithOp(op, err)
	}
	lot := Lot{ID: s.newID(), DonationID: d.ID, Kind: d.Kind, Category: d.Category, Unit: d.Unit,
		UnitValue: d.UnitValue(), Received: decimal.Zero, OnHand: decimal.Zero, Reserved: decimal.Zero,
		Delivered: decimal.Zero, Disposed: decimal.Zero, Location: r.Location, Holder: r.Holder, Expires: r.Expires,
		Restriction: d.Restriction, Sessions: r.Sessions, CreatedAt: now, UpdatedAt: now, LastMoved: now}
	if err := lot.Validate(); err != nil {
		return Posting{}, Donation{}, Lot{}, wushe.WithOp(op, err)
	}
	value := r.Quantity.Mul(d.UnitValue()).Round(CNYPlaces)
	if d.Kind == PropertyCash {
		value = r.Quantity
	}
	rc := Receipt{Donor: donor.DisplayName(), Kind: d.Kind, Quantity: r.Quantity, Unit: d.Unit, Value: value,
		Organization: s.org, Handler: r.Handler, Date: now, LotID: lot.ID}
	if d.Kind != PropertyCash && (strings.TrimSpace(d.FairValueProof) == "" || !d.FairValue.IsPositive()) {
		rc.Withheld = "no proof of fair value: a receipt for in-kind property needs one (2020 announcement on charitable-donation deductions)"
	} else {
		rc.Number = r.Number
		if rc.Number == "" {
			rc.Number = s.receipt(d, len(d.Receipts)+1)
		}
	}
	d.Receipts = append(d.Receipts, rc)
	d.Received = d.Received.Add(r.Quantity)
	d.Status = DonationPartial
	if d.Received.Equal(d.Quantity) {
		d.Status = DonationReceived
	}
	d.UpdatedAt = now
	m := Movement{ID: s.newID(), LotID: lot.ID, Kind: MoveReceive, Quantity: r.Quantity, At: now, Actor: actor, DonationID: d.ID}
	out := lot
	if _, err := out.Record(m); err != nil {
		return Posting{}, Donation{}, Lot{}, wushe.WithOp(op, err)
	}
	out.Version = 1
	return Posting{NewLots: []Lot{lot}, Movements: []Movement{m}}, d, out, nil
}

// CancelPledge releases what remains of a pledge (Charity Law Art 41: a donor whose
// finances have worsened may be released). What was received stays received.
func (s *Service) CancelPledge(ctx context.Context, actor string, donationID uuid.UUID, reason string) (Donation, error) {
	const op = "resources.Service.CancelPledge"
	if err := needActor(op, actor); err != nil {
		return Donation{}, err
	}
	if strings.TrimSpace(reason) == "" {
		return Donation{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Donation", ID: donationID.String(), Field: "reason", Msg: "is required"}
	}
	now := s.clock.Now()
	d, err := s.store.UpdateDonation(ctx, donationID, func(d *Donation) error {
		if d.Status != DonationPledged && d.Status != DonationPartial {
			return wushe.E(op, wushe.KindConflict, "Donation", d.ID.String(), "is %s: only a pledged or partially received donation can be released; stock already received leaves through Reserve and Deliver, or Dispose", d.Status)
		}
		d.Status = DonationCancelled
		d.Description = strings.TrimSpace(d.Description + " [pledge released: " + reason + "]")
		d.UpdatedAt = now
		return nil
	})
	return d, wushe.Wrap(op, err)
}

// Request records a need for resources. Status is set to open.
func (s *Service) Request(ctx context.Context, actor string, r Request) (Request, error) {
	const op = "resources.Service.Request"
	if err := needActor(op, actor); err != nil {
		return Request{}, err
	}
	now := s.clock.Now()
	r.ID, r.Version, r.CreatedAt, r.UpdatedAt = s.newID(), 0, now, now
	r.Status, r.Reserved, r.Delivered = RequestOpen, decimal.Zero, decimal.Zero
	if r.Kind == PropertyCash && r.Unit == "" {
		r.Unit = "CNY"
	}
	if err := r.Validate(); err != nil {
		return Request{}, wushe.WithOp(op, err)
	}
	if err := s.store.CreateRequest(ctx, r); err != nil {
		return Request{}, wushe.Wrap(op, err)
	}
	r.Version = 1
	return r, nil
}

// CloseRequest closes (met or no longer needed) or cancels an open request. Allocations
// already reserved stay; cancel them first if the stock should go back.
func (s *Service) CloseRequest(ctx context.Context, actor string, id uuid.UUID, status RequestStatus) (Request, error) {
	const op = "resources.Service.CloseRequest"
	if err := needActor(op, actor); err != nil {
		return Request{}, err
	}
	if status != RequestClosed && status != RequestCancelled {
		return Request{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Request", ID: id.String(), Field: "status",
			Msg: fmt.Sprintf("%q: a request can be closed or cancelled", status)}
	}
	now := s.clock.Now()
	r, err := s.store.UpdateRequest(ctx, id, func(r *Request) error {
		if r.Status != RequestOpen {
			return wushe.E(op, wushe.KindConflict, "Request", r.ID.String(), "is %s: only an open request can be closed or cancelled; raise a new one with Request", r.Status)
		}
		r.Status, r.UpdatedAt = status, now
		return nil
	})
	return r, wushe.Wrap(op, err)
}

// Eligible reports whether lot may serve request at time at, and if not, why: the request
// must be open; kind, category and unit must agree; the lot must not have expired; and
// the donor's restriction must admit the request's purpose and beneficiary. It reads
// nothing from the store.
func Eligible(lot Lot, r Request, at time.Time) (bool, string) {
	b := r.beneficiary()
	return eligible(&lot, &r, &b, at, true)
}

// beneficiary is the request's beneficiary as Eligible judges it: the request's community
// and group stand in for what the beneficiary does not say.
func (r *Request) beneficiary() Beneficiary {
	b := r.Beneficiary
	if b.CommunityID == uuid.Nil {
		b.CommunityID = r.CommunityID
	}
	if len(b.Groups) == 0 {
		b.Groups = []TargetGroup{r.Group}
	}
	return b
}

// eligible is Eligible for b, r's beneficiary(); the reason is written only when why is
// set, so that a matcher deciding millions of pairs formats none.
func eligible(lot *Lot, r *Request, b *Beneficiary, at time.Time, why bool) (bool, string) {
	fail := func(format string, args ...any) (bool, string) {
		if !why {
			return false, ""
		}
		return false, fmt.Sprintf(format, args...)
	}
	switch {
	case r.Status != RequestOpen:
		return fail("request is %s", r.Status)
	case lot.Kind != r.Kind:
		return fail("lot is %s, request wants %s", lot.Kind, r.Kind)
	case lot.Category != r.Category:
		return fail("lot is category %q, request wants %q", lot.Category, r.Category)
	case lot.Unit != r.Unit:
		return fail("lot is counted in %q, request in %q", lot.Unit, r.Unit)
	case lot.ExpiredAt(at):
		if !why {
			return false, ""
		}
		return false, "lot expired on " + lot.Expires.Format(time.DateOnly)
	}
	return lot.Restriction.admits(r.Purpose, b, why)
}

// Reserve allocates quantity of a lot to a request. Eligible must hold (else forbidden for
// a restriction, invalid for a mismatch, conflict for a closed request); the Store's Post
// refuses, as insufficient, more than the lot has on hand or the request still needs.
func (s *Service) Reserve(ctx context.Context, actor string, lotID, requestID uuid.UUID, quantity decimal.Decimal) (Allocation, error) {
	const op = "resources.Service.Reserve"
	if err := needActor(op, actor); err != nil {
		return Allocation{}, err
	}
	if err := wushe.CheckDecimal("Allocation", "Quantity", quantity); err != nil {
		return Allocation{}, wushe.WithOp(op, err)
	}
	if !quantity.IsPositive() || !fitsPlaces(quantity, QuantityPlaces) {
		return Allocation{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Allocation", Field: "Quantity",
			Msg: fmt.Sprintf("%s must be positive with at most %d decimal places", quantity, QuantityPlaces)}
	}
	lot, err := s.store.GetLot(ctx, lotID)
	if err != nil {
		return Allocation{}, wushe.Wrap(op, err)
	}
	r, err := s.store.GetRequest(ctx, requestID)
	if err != nil {
		return Allocation{}, wushe.Wrap(op, err)
	}
	now := s.clock.Now()
	if ok, why := Eligible(lot, r, now); !ok {
		kind := wushe.KindInvalid
		switch {
		case r.Status != RequestOpen:
			kind = wushe.KindConflict
		case lot.ExpiredAt(now) || lot.Kind == r.Kind && lot.Category == r.Category && lot.Unit == r.Unit:
			kind = wushe.KindForbidden
		}
		return Allocation{}, wushe.E(op, kind, "Lot", lot.ID.String(), "cannot serve request %s: %s", r.ID, why)
	}
	if lot.Kind == PropertyCash && !fitsPlaces(quantity, CNYPlaces) {
		return Allocation{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Allocation", Field: "Quantity",
			Msg: "cash is allocated to the fen (2 decimal places)"}
	}
	a := Allocation{ID: s.newID(), LotID: lotID, RequestID: requestID, Quantity: quantity, Status: AllocationReserved,
		Actor: actor, ReservedAt: now, CreatedAt: now, UpdatedAt: now}
	m := Movement{ID: s.newID(), LotID: lotID, Kind: MoveReserve, Quantity: quantity, At: now, Actor: actor,
		AllocationID: a.ID, RequestID: requestID}
	if err := s.store.Post(ctx, Posting{NewAllocations: []Allocation{a}, Movements: []Movement{m}}); err != nil {
		return Allocation{}, wushe.Wrap(op, err)
	}
	a.Version = 1
	return a, nil
}

// Deliver marks a reserved allocation delivered.
func (s *Service) Deliver(ctx context.Context, actor string, allocationID uuid.UUID) (Allocation, error) {
	return s.settle(ctx, "resources.Service.Deliver", actor, allocationID, MoveDeliver, "")
}

// Cancel cancels a reserved allocation and puts its quantity back on hand.
func (s *Service) Cancel(ctx context.Context, actor string, allocationID uuid.UUID, note string) (Allocation, error) {
	return s.settle(ctx, "resources.Service.Cancel", actor, allocationID, MoveRelease, note)
}

func (s *Service) settle(ctx context.Context, op, actor string, id uuid.UUID, kind MovementKind, note string) (Allocation, error) {
	if err := needActor(op, actor); err != nil {
		return Allocation{}, err
	}
	a, err := s.store.GetAllocation(ctx, id)
	if err != nil {
		return Allocation{}, wushe.Wrap(op, err)
	}
	if a.Status != AllocationReserved {
		return Allocation{}, wushe.E(op, wushe.KindConflict, "Allocation", a.ID.String(), "is %s: only a reserved allocation can be delivered or cancelled; reserve stock for the request with Reserve first", a.Status)
	}
	now := s.clock.Now()
	if kind == MoveDeliver {
		a.Status, a.DeliveredAt = AllocationDelivered, now
	} else {
		a.Status, a.CancelledAt = AllocationCancelled, now
		if note != "" {
			a.Note = note
		}
	}
	a.UpdatedAt = now
	m := Movement{ID: s.newID(), LotID: a.LotID, Kind: kind, Quantity: a.Quantity, At: now, Actor: actor,
		AllocationID: a.ID, RequestID: a.RequestID, Note: note}
	if err := s.store.Post(ctx, Posting{Allocations: []Allocation{a}, Movements: []Movement{m}}); err != nil {
		return Allocation{}, wushe.Wrap(op, err)
	}
	a.Version++
	return a, nil
}

// Disposal takes stock out of a lot other than by delivery.
type Disposal struct {
	Quantity decimal.Decimal // Taken out of stock on hand.
	Reason   DisposalReason  // Expired, damaged or sold.
	// Proceeds is what a charity sale raised, in CNY (DisposeSold only). It is the same
	// gift in another form, not a new donation: it becomes a cash lot of the goods'
	// donation, linked to the goods lot by FromLotID, with the goods' restriction (Charity
	// Law Art 54). No receipt is issued for it: the goods' receipt already counts the gift.
	Proceeds decimal.Decimal
	// Buyers says who paid the proceeds ("18 residents at the November sale"): the money
	// comes from them, not from the donor of the goods. Empty means "the buyers at the
	// charity sale".
	Buyers string
	// Holder holds the proceeds; required for a sale with proceeds.
	Holder Holder
	Note   string // Free text for people.
}

// Dispose takes quantity out of a lot's stock on hand: expired (the lot must have
// expired), damaged, or sold at a charity sale, whose proceeds become a cash lot of the
// same donation (see Disposal.Proceeds). Everything happens in one Posting. It returns the
// lot and, for a sale with proceeds, the proceeds' cash lot, as the Store holds them after
// the posting (so they include movements other callers committed meanwhile, and the
// sequence numbers the Store gave). If reading them back fails, the disposal stands and
// the error says so.
func (s *Service) Dispose(ctx context.Context, actor string, lotID uuid.UUID, x Disposal) (Lot, *Lot, error) {
	const op = "resources.Service.Dispose"
	if err := needActor(op, actor); err != nil {
		return Lot{}, nil, err
	}
	lot, err := s.store.GetLot(ctx, lotID)
	if err != nil {
		return Lot{}, nil, wushe.Wrap(op, err)
	}
	now := s.clock.Now()
	p := wushe.Check("Disposal")
	p.Require(x.Quantity.IsPositive() && fitsPlaces(x.Quantity, QuantityPlaces), "Quantity", "must be positive with at most 3 decimal places")
	p.Require(x.Reason.Valid(), "Reason", disposalReasons.Problem(x.Reason))
	p.Require(x.Reason != DisposeExpired || lot.ExpiredAt(now), "Reason", "the lot has not expired")
	p.Require(x.Reason != DisposeSold || lot.Kind == PropertyGoods, "Reason", "only goods are sold at a charity sale")
	p.Require(!x.Proceeds.IsNegative() && fitsPlaces(x.Proceeds, CNYPlaces), "Proceeds", "must be non-negative CNY to the fen")
	p.Require(x.Reason == DisposeSold || x.Proceeds.IsZero(), "Proceeds", "only a sale has proceeds")
	if x.Proceeds.IsPositive() {
		p.Require(x.Holder.Kind.Valid(), "Holder.Kind", holderKinds.Problem(x.Holder.Kind))
		p.Require(strings.TrimSpace(x.Holder.Name) != "", "Holder.Name", "is required for the proceeds")
	}
	if err := p.Err(); err != nil {
		return Lot{}, nil, wushe.WithOp(op, err)
	}
	m := Movement{ID: s.newID(), LotID: lotID, Kind: MoveDispose, Quantity: x.Quantity, At: now, Actor: actor, Reason: x.Reason, Note: x.Note}
	post := Posting{Movements: []Movement{m}}
	var proceeds *Lot
	if x.Proceeds.IsPositive() {
		buyers := strings.TrimSpace(x.Buyers)
		if buyers == "" {
			buyers = "the buyers at the charity sale"
		}
		cash := Lot{ID: s.newID(), DonationID: lot.DonationID, Kind: PropertyCash, Category: ProceedsCategory, Unit: "CNY",
			UnitValue: decimal.NewFromInt(1), Received: decimal.Zero, OnHand: decimal.Zero, Reserved: decimal.Zero,
			Delivered: decimal.Zero, Disposed: decimal.Zero, Holder: x.Holder, Restriction: lot.Restriction,
			FromLotID: lot.ID, PaidBy: buyers, CreatedAt: now, UpdatedAt: now, LastMoved: now}
		if err := cash.Validate(); err != nil {
			return Lot{}, nil, wushe.WithOp(op, err)
		}
		in := Movement{ID: s.newID(), LotID: cash.ID, Kind: MoveReceive, Quantity: x.Proceeds, At: now, Actor: actor,
			DonationID: lot.DonationID, Note: fmt.Sprintf("paid by %s for %s %s of lot %s", buyers, x.Quantity, lot.Unit, lot.ID)}
		post.NewLots = []Lot{cash}
		post.Movements = append(post.Movements, in)
		if _, err := cash.Record(in); err != nil {
			return Lot{}, nil, wushe.WithOp(op, err)
		}
		proceeds = &cash
	}
	if err := s.store.Post(ctx, post); err != nil {
		return Lot{}, nil, wushe.Wrap(op, err)
	}
	readBack := func(id uuid.UUID) (Lot, error) {
		l, err := s.store.GetLot(ctx, id)
		if err != nil {
			return Lot{}, &wushe.Error{Op: op, Entity: "Lot", ID: id.String(), Err: err,
				Msg: "the disposal was recorded, but the lot could not be read back: read it with GetLot, do not dispose again"}
		}
		return l, nil
	}
	if lot, err = readBack(lotID); err != nil {
		return Lot{}, nil, err
	}
	if proceeds != nil {
		cash, err := readBack(proceeds.ID)
		if err != nil {
			return Lot{}, nil, err
		}
		proceeds = &cash
	}
	return lot, proceeds, nil
}

// ProceedsCategory is the category of the cash lot a charity sale's proceeds become.
const ProceedsCategory = "charity_sale_proceeds"

// ChangeUse replaces a lot's restriction. A change of use needs the donor's recorded
// consent (Charity Law Art 56, donation law Art 18) or, for a donor who cannot be
// reached, a public notice of at least PublicNoticeDays; the consent is kept on the lot.
func (s *Service) ChangeUse(ctx context.Context, actor string, lotID uuid.UUID, to Restriction, c Consent) (Lot, error) {
	const op = "resources.Service.ChangeUse"
	if err := needActor(op, actor); err != nil {
		return Lot{}, err
	}
	p := wushe.Check("ChangeUse")
	p.Nested("Restriction", to.Validate())
	p.Nested("Consent", c.Validate())
	if err := p.Err(); err != nil {
		return Lot{}, wushe.WithOp(op, err)
	}
	now := s.clock.Now()
	if c.Date.After(now) {
		return Lot{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Consent", Field: "Date", Msg: "is in the future"}
	}
	lot, err := s.store.UpdateLot(ctx, lotID, func(l *Lot) error {
		if l.Restriction.Equal(to) {
			return wushe.E(op, wushe.KindConflict, "Lot", l.ID.String(), "already has this restriction")
		}
		cc := c
		cc.Before, cc.After, cc.Actor = l.Restriction, to, actor
		l.Consents = append(l.Consents, cc)
		l.Restriction, l.UpdatedAt = to, now
		return nil
	})
	return lot, wushe.Wrap(op, err)
}

// Positions rebuilds every lot's stock as of asOf from the movement log (see Replay). A
// Store that implements PositionReader answers it itself, without the Service reading
// the log.
func (s *Service) Positions(ctx context.Context, asOf time.Time) ([]Position, error) {
	const op = "resources.Service.Positions"
	if r, ok := s.store.(PositionReader); ok {
		pos, err := r.PositionsAsOf(ctx, asOf)
		return pos, wushe.Wrap(op, err)
	}
	ms, err := listAll(ctx, MovementFilter{Until: asOf}, func(f *MovementFilter, p wushe.PageRequest) { f.Page = p }, s.store.ListMovements)
	if err != nil {
		return nil, wushe.Wrap(op, err)
	}
	pos, err := Replay(ms, asOf)
	return pos, wushe.Wrap(op, err)
}
