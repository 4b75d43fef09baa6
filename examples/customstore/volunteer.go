package main

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

var _ volunteer.Store = (*Store)(nil)

// The volunteer entity types and where they live on disk.
var (
	volunteerKind = kind[volunteer.Volunteer]{entity: "Volunteer", dir: "volunteers",
		id: func(v *volunteer.Volunteer) uuid.UUID { return v.ID }, version: func(v *volunteer.Volunteer) *int64 { return &v.Version }}
	enrolmentKind = kind[volunteer.Enrolment]{entity: "Enrolment", dir: "enrolments",
		id: func(v *volunteer.Enrolment) uuid.UUID { return v.ID }, version: func(v *volunteer.Enrolment) *int64 { return &v.Version }}
	certificateKind = kind[volunteer.Certificate]{entity: "Certificate", dir: "certificates",
		id: func(v *volunteer.Certificate) uuid.UUID { return v.ID }, version: func(v *volunteer.Certificate) *int64 { return &v.Version }}
	transactionKind = kind[volunteer.Transaction]{entity: "Transaction", dir: "transactions",
		id: func(v *volunteer.Transaction) uuid.UUID { return v.ID }, version: func(v *volunteer.Transaction) *int64 { return &v.Version }}
	teamKind = kind[volunteer.Team]{entity: "Team", dir: "teams",
		id: func(v *volunteer.Team) uuid.UUID { return v.ID }, version: func(v *volunteer.Team) *int64 { return &v.Version }}
	opportunityKind = kind[volunteer.Opportunity]{entity: "Opportunity", dir: "opportunities",
		id: func(v *volunteer.Opportunity) uuid.UUID { return v.ID }, version: func(v *volunteer.Opportunity) *int64 { return &v.Version }}
	recordKind = kind[volunteer.ServiceRecord]{entity: "ServiceRecord", dir: "records",
		id: func(v *volunteer.ServiceRecord) uuid.UUID { return v.ID }, version: func(v *volunteer.ServiceRecord) *int64 { return &v.Version }}
	catalogItemKind = kind[volunteer.CatalogItem]{entity: "CatalogItem", dir: "catalog_items",
		id: func(v *volunteer.CatalogItem) uuid.UUID { return v.ID }, version: func(v *volunteer.CatalogItem) *int64 { return &v.Version }}
)

// CreateTeam implements volunteer.Store.
func (s *Store) CreateTeam(ctx context.Context, x volunteer.Team) error {
	return teamKind.create(ctx, s, "customstore.Store.CreateTeam", x)
}

// GetTeam implements volunteer.Store.
func (s *Store) GetTeam(ctx context.Context, id uuid.UUID) (volunteer.Team, error) {
	return teamKind.get(ctx, s, "customstore.Store.GetTeam", id)
}

// ListTeams implements volunteer.Store.
func (s *Store) ListTeams(ctx context.Context, f volunteer.TeamFilter) (wushe.Page[volunteer.Team], error) {
	return teamKind.list(ctx, s, "customstore.Store.ListTeams", f.Match, f.Page)
}

// UpdateTeam implements volunteer.Store.
func (s *Store) UpdateTeam(ctx context.Context, id uuid.UUID, fn func(*volunteer.Team) error) (volunteer.Team, error) {
	return teamKind.update(ctx, s, "customstore.Store.UpdateTeam", id, fn)
}

// CreateOpportunity implements volunteer.Store.
func (s *Store) CreateOpportunity(ctx context.Context, x volunteer.Opportunity) error {
	return opportunityKind.create(ctx, s, "customstore.Store.CreateOpportunity", x)
}

// GetOpportunity implements volunteer.Store.
func (s *Store) GetOpportunity(ctx context.Context, id uuid.UUID) (volunteer.Opportunity, error) {
	return opportunityKind.get(ctx, s, "customstore.Store.GetOpportunity", id)
}

// ListOpportunities implements volunteer.Store.
func (s *Store) ListOpportunities(ctx context.Context, f volunteer.OpportunityFilter) (wushe.Page[volunteer.Opportunity], error) {
	return opportunityKind.list(ctx, s, "customstore.Store.ListOpportunities", f.Match, f.Page)
}

// UpdateOpportunity implements volunteer.Store.
func (s *Store) UpdateOpportunity(ctx context.Context, id uuid.UUID, fn func(*volunteer.Opportunity) error) (volunteer.Opportunity, error) {
	return opportunityKind.update(ctx, s, "customstore.Store.UpdateOpportunity", id, fn)
}

// CreateRecord implements volunteer.Store. One record per enrolment that is not
// rejected: a database would keep a unique index on EnrolmentID over the records whose
// Status is not rejected; this store scans its records under the lock.
func (s *Store) CreateRecord(ctx context.Context, x volunteer.ServiceRecord) error {
	const op = "customstore.Store.CreateRecord"
	return s.write(ctx, op, func() error {
		if err := recordKind.checkNew(s, op, x.ID); err != nil {
			return err
		}
		if err := s.enrolmentRecorded(op, &x); err != nil {
			return err
		}
		if err := s.recordOverlap(op, nil, x); err != nil {
			return err
		}
		x.Version = 1
		return recordKind.save(s, op, x)
	})
}

// enrolmentRecorded refuses r, unless it is rejected, when another record of its
// enrolment is not rejected; the caller holds the lock.
func (s *Store) enrolmentRecorded(op string, r *volunteer.ServiceRecord) error {
	if r.EnrolmentID == uuid.Nil || r.Status == volunteer.RecordRejected {
		return nil
	}
	all, err := recordKind.all(s, op)
	if err != nil {
		return err
	}
	for _, o := range all {
		if o.EnrolmentID == r.EnrolmentID && o.ID != r.ID && o.Status != volunteer.RecordRejected {
			return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "ServiceRecord", ID: r.ID.String(), Field: "EnrolmentID",
				Msg: "another record of this enrolment is not rejected"}
		}
	}
	return nil
}

// recordOverlap refuses a write of r over before (nil for a new record) that would put
// it over the time of another record of the volunteer (volunteer.CheckOverlap); the
// caller holds the lock, so the check and the write are one step.
func (s *Store) recordOverlap(op string, before *volunteer.ServiceRecord, r volunteer.ServiceRecord) error {
	if !volunteer.OverlapCheckNeeded(before, r) {
		return nil
	}
	all, err := recordKind.all(s, op)
	if err != nil {
		return err
	}
	return volunteer.CheckOverlap(op, before, r, all)
}

// GetRecord implements volunteer.Store.
func (s *Store) GetRecord(ctx context.Context, id uuid.UUID) (volunteer.ServiceRecord, error) {
	return recordKind.get(ctx, s, "customstore.Store.GetRecord", id)
}

// ListRecords implements volunteer.Store.
func (s *Store) ListRecords(ctx context.Context, f volunteer.RecordFilter) (wushe.Page[volunteer.ServiceRecord], error) {
	return recordKind.list(ctx, s, "customstore.Store.ListRecords", f.Match, f.Page)
}

// UpdateRecord implements volunteer.Store.
func (s *Store) UpdateRecord(ctx context.Context, id uuid.UUID, fn func(*volunteer.ServiceRecord) error) (volunteer.ServiceRecord, error) {
	const op = "customstore.Store.UpdateRecord"
	return recordKind.update(ctx, s, op, id, func(r *volunteer.ServiceRecord) error {
		before := *r
		if err := fn(r); err != nil {
			return err
		}
		if err := s.enrolmentRecorded(op, r); err != nil {
			return err
		}
		return s.recordOverlap(op, &before, *r)
	})
}

// CreateCatalogItem implements volunteer.Store.
func (s *Store) CreateCatalogItem(ctx context.Context, x volunteer.CatalogItem) error {
	return catalogItemKind.create(ctx, s, "customstore.Store.CreateCatalogItem", x)
}

// GetCatalogItem implements volunteer.Store.
func (s *Store) GetCatalogItem(ctx context.Context, id uuid.UUID) (volunteer.CatalogItem, error) {
	return catalogItemKind.get(ctx, s, "customstore.Store.GetCatalogItem", id)
}

// ListCatalogItems implements volunteer.Store.
func (s *Store) ListCatalogItems(ctx context.Context, f volunteer.CatalogFilter) (wushe.Page[volunteer.CatalogItem], error) {
	return catalogItemKind.list(ctx, s, "customstore.Store.ListCatalogItems", f.Match, f.Page)
}

// UpdateCatalogItem implements volunteer.Store.
func (s *Store) UpdateCatalogItem(ctx context.Context, id uuid.UUID, fn func(*volunteer.CatalogItem) error) (volunteer.CatalogItem, error) {
	return catalogItemKind.update(ctx, s, "customstore.Store.UpdateCatalogItem", id, fn)
}

// CreateVolunteer implements volunteer.Store. Number and the clear IDNumber are unique: a
// database would keep a unique index on each; this store scans its volunteers.
func (s *Store) CreateVolunteer(ctx context.Context, v volunteer.Volunteer) error {
	const op = "customstore.Store.CreateVolunteer"
	return s.write(ctx, op, func() error {
		if err := volunteerKind.checkNew(s, op, v.ID); err != nil {
			return err
		}
		all, err := volunteerKind.all(s, op)
		if err != nil {
			return err
		}
		for _, o := range all {
			if v.Number != "" && o.Number == v.Number {
				return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Volunteer", ID: v.ID.String(),
					Field: "Number", Msg: "another volunteer has this number"}
			}
			if !v.IDNumber.IsZero() && o.IDNumber == v.IDNumber {
				return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Volunteer", ID: v.ID.String(),
					Field: "IDNumber", Msg: "another volunteer has this ID number"}
			}
		}
		v.Version = 1
		return volunteerKind.save(s, op, v)
	})
}

// GetVolunteer implements volunteer.Store.
func (s *Store) GetVolunteer(ctx context.Context, id uuid.UUID) (volunteer.Volunteer, error) {
	return volunteerKind.get(ctx, s, "customstore.Store.GetVolunteer", id)
}

// ListVolunteers implements volunteer.Store.
func (s *Store) ListVolunteers(ctx context.Context, f volunteer.VolunteerFilter) (wushe.Page[volunteer.Volunteer], error) {
	return volunteerKind.list(ctx, s, "customstore.Store.ListVolunteers", f.Match, f.Page)
}

// UpdateVolunteer implements volunteer.Store.
func (s *Store) UpdateVolunteer(ctx context.Context, id uuid.UUID, fn func(*volunteer.Volunteer) error) (volunteer.Volunteer, error) {
	return volunteerKind.update(ctx, s, "customstore.Store.UpdateVolunteer", id, fn)
}

// shiftEnrolments loads the enrolments of one shift occurrence; the caller holds the lock.
func (s *Store) shiftEnrolments(op string, ref volunteer.ShiftRef) ([]volunteer.Enrolment, int, error) {
	all, err := enrolmentKind.all(s, op)
	if err != nil {
		return nil, 0, err
	}
	var es []volunteer.Enrolment
	taken := 0
	for _, e := range all {
		if e.Shift == ref {
			es = append(es, e)
			if e.Status.HoldsPlace() {
				taken++
			}
		}
	}
	return es, taken, nil
}

// EnrolInShift implements volunteer.Store: the count of places and the insert happen under
// the exclusive lock, so capacity holds under concurrent sign-ups.
func (s *Store) EnrolInShift(ctx context.Context, e volunteer.Enrolment, capacity int) (out volunteer.Enrolment, err error) {
	const op = "customstore.Store.EnrolInShift"
	err = s.write(ctx, op, func() error {
		if err := enrolmentKind.checkNew(s, op, e.ID); err != nil {
			return err
		}
		es, taken, err := s.shiftEnrolments(op, e.Shift)
		if err != nil {
			return err
		}
		for _, o := range es {
			if o.VolunteerID == e.VolunteerID && o.Status.Open() {
				return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Enrolment", ID: o.ID.String(),
					Field: "VolunteerID", Msg: "the volunteer is already enrolled in this shift"}
			}
		}
		e.Status = volunteer.EnrolmentWaitlisted
		if taken < capacity {
			e.Status = volunteer.EnrolmentConfirmed
		}
		e.Version = 1
		if err := enrolmentKind.save(s, op, e); err != nil {
			return err
		}
		out, err = enrolmentKind.load(s, op, e.ID)
		return err
	})
	return out, err
}

// CancelEnrolment implements volunteer.Store: it cancels and promotes the waitlist under
// the exclusive lock, checking everything before it writes.
func (s *Store) CancelEnrolment(ctx context.Context, id uuid.UUID, c volunteer.Cancellation) (cancelled volunteer.Enrolment, promoted []volunteer.Enrolment, err error) {
	const op = "customstore.Store.CancelEnrolment"
	err = s.write(ctx, op, func() error {
		cur, err := enrolmentKind.load(s, op, id)
		if err != nil {
			return err
		}
		if !cur.Status.Open() {
			return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Enrolment", ID: id.String(),
				Field: "Status", Msg: "a " + string(cur.Status) + " enrolment cannot be cancelled"}
		}
		cur.Status, cur.CancelledAt, cur.UpdatedAt, cur.LateCancellation = volunteer.EnrolmentCancelled, c.At, c.At, c.Late
		cur.Version++
		es, taken, err := s.shiftEnrolments(op, cur.Shift)
		if err != nil {
			return err
		}
		for i := range es {
			if es[i].ID == cur.ID {
				if es[i].Status.HoldsPlace() {
					taken--
				}
				es[i] = cur
			}
		}
		for ; taken < c.Capacity; taken++ {
			next, ok := volunteer.NextOnWaitlist(es, cur.Shift)
			if !ok {
				break
			}
			next.Status, next.UpdatedAt = volunteer.EnrolmentConfirmed, c.At
			next.Version++
			promoted = append(promoted, next)
			for i := range es {
				if es[i].ID == next.ID {
					es[i] = next
				}
			}
		}
		for _, e := range append([]volunteer.Enrolment{cur}, promoted...) {
			if err := enrolmentKind.save(s, op, e); err != nil {
				return err
			}
		}
		cancelled = cur
		return nil
	})
	if err != nil {
		return volunteer.Enrolment{}, nil, err
	}
	return cancelled, promoted, nil
}

// GetEnrolment implements volunteer.Store.
func (s *Store) GetEnrolment(ctx context.Context, id uuid.UUID) (volunteer.Enrolment, error) {
	return enrolmentKind.get(ctx, s, "customstore.Store.GetEnrolment", id)
}

// ListEnrolments implements volunteer.Store.
func (s *Store) ListEnrolments(ctx context.Context, f volunteer.EnrolmentFilter) (wushe.Page[volunteer.Enrolment], error) {
	return enrolmentKind.list(ctx, s, "customstore.Store.ListEnrolments", f.Match, f.Page)
}

// UpdateEnrolment implements volunteer.Store.
func (s *Store) UpdateEnrolment(ctx context.Context, id uuid.UUID, fn func(*volunteer.Enrolment) error) (volunteer.Enrolment, error) {
	return enrolmentKind.update(ctx, s, "customstore.Store.UpdateEnrolment", id, fn)
}

// CreateCertificate implements volunteer.Store; Number is unique.
func (s *Store) CreateCertificate(ctx context.Context, c volunteer.Certificate) error {
	const op = "customstore.Store.CreateCertificate"
	return s.write(ctx, op, func() error {
		if err := certificateKind.checkNew(s, op, c.ID); err != nil {
			return err
		}
		all, err := certificateKind.all(s, op)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.Number == c.Number {
				return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Certificate", ID: c.ID.String(),
					Field: "Number", Msg: "another certificate has this number"}
			}
		}
		c.Version = 1
		return certificateKind.save(s, op, c)
	})
}

// GetCertificate implements volunteer.Store.
func (s *Store) GetCertificate(ctx context.Context, id uuid.UUID) (volunteer.Certificate, error) {
	return certificateKind.get(ctx, s, "customstore.Store.GetCertificate", id)
}

// PostTransaction implements volunteer.Store: the key lookup, the balance and ceiling
// checks, the stock decrement and the insert all run under the exclusive lock, and nothing
// is written until every check has passed.
func (s *Store) PostTransaction(ctx context.Context, tx volunteer.Transaction) (out volunteer.Transaction, err error) {
	const op = "customstore.Store.PostTransaction"
	err = s.write(ctx, op, func() error {
		all, err := transactionKind.all(s, op)
		if err != nil {
			return err
		}
		for _, prev := range all {
			if prev.Key != tx.Key {
				continue
			}
			if !volunteer.SameContent(prev, tx) {
				return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Transaction", ID: prev.ID.String(), Field: "Key",
					Msg: "the idempotency key was used for a different transaction"}
			}
			out = prev
			return nil
		}
		if err := transactionKind.checkNew(s, op, tx.ID); err != nil {
			return err
		}
		balance := func(a volunteer.Account) decimal.Decimal {
			b := tx.Delta(a)
			for _, t := range all {
				b = b.Add(t.Delta(a))
			}
			return b
		}
		for _, e := range tx.Entries {
			if b := balance(e.Account); e.Account.Guarded() && b.IsNegative() {
				return &wushe.Error{Op: op, Kind: wushe.KindInsufficient, Entity: "Transaction", ID: tx.ID.String(), Field: "Entries",
					Msg: "account " + string(e.Account) + " would go negative (" + b.String() + ")"}
			}
		}
		for _, c := range tx.Ceilings {
			if b := balance(c.Account); b.GreaterThan(c.Max) {
				return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Transaction", ID: tx.ID.String(), Field: "Ceilings",
					Msg: "account " + string(c.Account) + " would end above " + c.Max.String()}
			}
		}
		var item volunteer.CatalogItem
		if r := tx.Redemption; r != nil {
			item, err = catalogItemKind.load(s, op, r.ItemID)
			if err != nil {
				return err
			}
			if item.Stock < r.Quantity {
				return &wushe.Error{Op: op, Kind: wushe.KindInsufficient, Entity: "CatalogItem", ID: r.ItemID.String(), Field: "Stock",
					Msg: "not enough stock left"}
			}
			item.Stock -= r.Quantity
			item.Version++
			item.UpdatedAt = tx.PostedAt
		}
		tx.Version = 1
		if err := transactionKind.save(s, op, tx); err != nil {
			return err
		}
		if tx.Redemption != nil {
			if err := catalogItemKind.save(s, op, item); err != nil {
				return err
			}
		}
		out, err = transactionKind.load(s, op, tx.ID)
		return err
	})
	return out, err
}

// ListTransactions implements volunteer.Store.
func (s *Store) ListTransactions(ctx context.Context, f volunteer.TransactionFilter) (wushe.Page[volunteer.Transaction], error) {
	return transactionKind.list(ctx, s, "customstore.Store.ListTransactions", f.Match, f.Page)
}

// LedgerBalance implements volunteer.Store with volunteer.Balance over every stored
// transaction.
func (s *Store) LedgerBalance(ctx context.Context, account volunteer.Account, asOf time.Time) (out decimal.Decimal, err error) {
	const op = "customstore.Store.LedgerBalance"
	err = s.read(ctx, op, func() error {
		all, err := transactionKind.all(s, op)
		if err != nil {
			return err
		}
		out = volunteer.Balance(all, account, asOf)
		return nil
	})
	return out, err
}
