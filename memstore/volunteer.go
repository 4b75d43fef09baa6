package memstore

import (
	"context"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/clone"
	"github.com/wushe/wushe/volunteer"
)

// volunteerState holds the volunteer package's tables.
type volunteerState struct {
	volunteers    *table[volunteer.Volunteer]
	teams         *table[volunteer.Team]
	opportunities *table[volunteer.Opportunity]
	enrolments    *table[volunteer.Enrolment]
	records       *table[volunteer.ServiceRecord]
	certificates  *table[volunteer.Certificate]
	catalog       *table[volunteer.CatalogItem]
	transactions  *table[volunteer.Transaction]
	callOuts      *table[volunteer.CallOut]
	txByKey       map[string]uuid.UUID
	// byShift indexes enrolment IDs by shift occurrence, for the atomic sign-up methods.
	byShift map[volunteer.ShiftRef][]uuid.UUID
	// balances caches every account's all-time balance for the overdraft check.
	balances map[volunteer.Account]decimal.Decimal
	// ledgers holds every account's running balance in posting order, for balances as of
	// a date in O(log n).
	ledgers map[volunteer.Account]*runningBalance
	// Indexes of what the Store's filters and unique checks select on.
	volByCommunity *index[volunteer.Volunteer, uuid.UUID]
	volByNumber    *index[volunteer.Volunteer, string]
	volByIDNumber  *index[volunteer.Volunteer, wushe.IDNumber]
	enrolByVol     *index[volunteer.Enrolment, uuid.UUID]
	recordByVol    *index[volunteer.ServiceRecord, uuid.UUID]
	recordByEnrol  *index[volunteer.ServiceRecord, uuid.UUID]
	certByNumber   *index[volunteer.Certificate, string]
	txByAccount    *index[volunteer.Transaction, volunteer.Account]
	txByRecord     *index[volunteer.Transaction, uuid.UUID]
}

func (st *volunteerState) init() {
	st.volunteers = newTable("Volunteer", func(v *volunteer.Volunteer) uuid.UUID { return v.ID },
		func(v *volunteer.Volunteer) *int64 { return &v.Version })
	st.teams = newTable("Team", func(v *volunteer.Team) uuid.UUID { return v.ID },
		func(v *volunteer.Team) *int64 { return &v.Version })
	st.opportunities = newTable("Opportunity", func(v *volunteer.Opportunity) uuid.UUID { return v.ID },
		func(v *volunteer.Opportunity) *int64 { return &v.Version })
	st.enrolments = newTable("Enrolment", func(v *volunteer.Enrolment) uuid.UUID { return v.ID },
		func(v *volunteer.Enrolment) *int64 { return &v.Version })
	st.records = newTable("ServiceRecord", func(v *volunteer.ServiceRecord) uuid.UUID { return v.ID },
		func(v *volunteer.ServiceRecord) *int64 { return &v.Version })
	st.certificates = newTable("Certificate", func(v *volunteer.Certificate) uuid.UUID { return v.ID },
		func(v *volunteer.Certificate) *int64 { return &v.Version })
	st.catalog = newTable("CatalogItem", func(v *volunteer.CatalogItem) uuid.UUID { return v.ID },
		func(v *volunteer.CatalogItem) *int64 { return &v.Version })
	st.transactions = newTable("Transaction", func(v *volunteer.Transaction) uuid.UUID { return v.ID },
		func(v *volunteer.Transaction) *int64 { return &v.Version })
	st.callOuts = newTable("CallOut", func(v *volunteer.CallOut) uuid.UUID { return v.ID },
		func(v *volunteer.CallOut) *int64 { return &v.Version })
	st.txByKey = map[string]uuid.UUID{}
	st.byShift = map[volunteer.ShiftRef][]uuid.UUID{}
	st.balances = map[volunteer.Account]decimal.Decimal{}
	st.ledgers = map[volunteer.Account]*runningBalance{}
	st.volByCommunity = indexBy(st.volunteers, newIndex(key(func(v *volunteer.Volunteer) uuid.UUID { return v.CommunityID })))
	st.volByNumber = indexBy(st.volunteers, newIndex(key(func(v *volunteer.Volunteer) string { return v.Number })))
	st.volByIDNumber = indexBy(st.volunteers, newIndex(key(func(v *volunteer.Volunteer) wushe.IDNumber { return v.IDNumber })))
	st.enrolByVol = indexBy(st.enrolments, newIndex(key(func(e *volunteer.Enrolment) uuid.UUID { return e.VolunteerID })))
	st.recordByVol = indexBy(st.records, newIndex(key(func(r *volunteer.ServiceRecord) uuid.UUID { return r.VolunteerID })))
	st.recordByEnrol = indexBy(st.records, newIndex(key(func(r *volunteer.ServiceRecord) uuid.UUID { return r.EnrolmentID })))
	st.certByNumber = indexBy(st.certificates, newIndex(key(func(c *volunteer.Certificate) string { return c.Number })))
	st.txByRecord = indexBy(st.transactions, newIndex(key(func(t *volunteer.Transaction) uuid.UUID { return t.RecordID })))
	st.txByAccount = indexBy(st.transactions, newIndex(func(t *volunteer.Transaction) []volunteer.Account {
		var out []volunteer.Account
		for _, e := range t.Entries {
			if !slices.Contains(out, e.Account) {
				out = append(out, e.Account)
			}
		}
		return out
	}))
}

// takenBy reports whether a row other than id is in set.
func takenBy(set *idset, id uuid.UUID) bool {
	other := false
	set.ascend(uuid.Nil, func(o uuid.UUID) bool { other = o != id; return !other })
	return other
}

var _ volunteer.Store = (*Store)(nil)

// CreateVolunteer implements volunteer.Store. Number and IDNumber are unique.
func (s *Store) CreateVolunteer(ctx context.Context, v volunteer.Volunteer) error {
	const op = "memstore.Store.CreateVolunteer"
	return s.write(ctx, op, func() error {
		if !s.volunteers.has(v.ID) {
			if v.Number != "" && takenBy(s.volByNumber.of(v.Number), v.ID) {
				return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Volunteer", ID: v.ID.String(),
					Field: "Number", Msg: "another volunteer has this number"}
			}
			if !v.IDNumber.IsZero() && takenBy(s.volByIDNumber.of(v.IDNumber), v.ID) {
				return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Volunteer", ID: v.ID.String(),
					Field: "IDNumber", Msg: "another volunteer has this ID number"}
			}
		}
		return s.volunteers.create(op, v)
	})
}

// GetVolunteer implements volunteer.Store.
func (s *Store) GetVolunteer(ctx context.Context, id uuid.UUID) (out volunteer.Volunteer, err error) {
	const op = "memstore.Store.GetVolunteer"
	return lockedGet(ctx, s, op, s.volunteers, id)
}

// ListVolunteers implements volunteer.Store.
func (s *Store) ListVolunteers(ctx context.Context, f volunteer.VolunteerFilter) (out wushe.Page[volunteer.Volunteer], err error) {
	const op = "memstore.Store.ListVolunteers"
	return lockedListIn(ctx, s, op, s.volunteers, func() *idset {
		switch {
		case f.Number != "":
			return s.volByNumber.of(f.Number)
		case f.CommunityID != uuid.Nil:
			return s.volByCommunity.of(f.CommunityID)
		}
		return &s.volunteers.order
	}, f.Match, f.Page)
}

// UpdateVolunteer implements volunteer.Store.
func (s *Store) UpdateVolunteer(ctx context.Context, id uuid.UUID, fn func(*volunteer.Volunteer) error) (out volunteer.Volunteer, err error) {
	const op = "memstore.Store.UpdateVolunteer"
	return lockedUpdate(ctx, s, op, s.volunteers, id, fn)
}

// CreateTeam implements volunteer.Store.
func (s *Store) CreateTeam(ctx context.Context, t volunteer.Team) error {
	const op = "memstore.Store.CreateTeam"
	return lockedCreate(ctx, s, op, s.teams, t)
}

// GetTeam implements volunteer.Store.
func (s *Store) GetTeam(ctx context.Context, id uuid.UUID) (out volunteer.Team, err error) {
	const op = "memstore.Store.GetTeam"
	return lockedGet(ctx, s, op, s.teams, id)
}

// ListTeams implements volunteer.Store.
func (s *Store) ListTeams(ctx context.Context, f volunteer.TeamFilter) (out wushe.Page[volunteer.Team], err error) {
	const op = "memstore.Store.ListTeams"
	return lockedList(ctx, s, op, s.teams, f.Match, f.Page)
}

// UpdateTeam implements volunteer.Store.
func (s *Store) UpdateTeam(ctx context.Context, id uuid.UUID, fn func(*volunteer.Team) error) (out volunteer.Team, err error) {
	const op = "memstore.Store.UpdateTeam"
	return lockedUpdate(ctx, s, op, s.teams, id, fn)
}

// CreateOpportunity implements volunteer.Store.
func (s *Store) CreateOpportunity(ctx context.Context, o volunteer.Opportunity) error {
	const op = "memstore.Store.CreateOpportunity"
	return lockedCreate(ctx, s, op, s.opportunities, o)
}

// GetOpportunity implements volunteer.Store.
func (s *Store) GetOpportunity(ctx context.Context, id uuid.UUID) (out volunteer.Opportunity, err error) {
	const op = "memstore.Store.GetOpportunity"
	return lockedGet(ctx, s, op, s.opportunities, id)
}

// ListOpportunities implements volunteer.Store.
func (s *Store) ListOpportunities(ctx context.Context, f volunteer.OpportunityFilter) (out wushe.Page[volunteer.Opportunity], err error) {
	const op = "memstore.Store.ListOpportunities"
	return lockedList(ctx, s, op, s.opportunities, f.Match, f.Page)
}

// UpdateOpportunity implements volunteer.Store.
func (s *Store) UpdateOpportunity(ctx context.Context, id uuid.UUID, fn func(*volunteer.Opportunity) error) (out volunteer.Opportunity, err error) {
	const op = "memstore.Store.UpdateOpportunity"
	return lockedUpdate(ctx, s, op, s.opportunities, id, fn)
}

// shiftEnrolments returns the stored enrolments of ref (no copies: callers only read).
func (s *Store) shiftEnrolments(ref volunteer.ShiftRef) []volunteer.Enrolment {
	ids := s.byShift[ref]
	out := make([]volunteer.Enrolment, 0, len(ids))
	for _, id := range ids {
		out = append(out, s.enrolments.rows[id])
	}
	return out
}

func placesTaken(es []volunteer.Enrolment) int {
	n := 0
	for _, e := range es {
		if e.Status.HoldsPlace() {
			n++
		}
	}
	return n
}

// EnrolInShift implements volunteer.Store: confirmed while places are free, else applied.
func (s *Store) EnrolInShift(ctx context.Context, e volunteer.Enrolment, capacity int) (out volunteer.Enrolment, err error) {
	const op = "memstore.Store.EnrolInShift"
	err = s.write(ctx, op, func() error {
		if s.enrolments.has(e.ID) {
			return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Enrolment", ID: e.ID.String(), Msg: "already exists"}
		}
		es := s.shiftEnrolments(e.Shift)
		for _, o := range es {
			if o.VolunteerID == e.VolunteerID && o.Status.Open() {
				return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Enrolment", ID: o.ID.String(),
					Field: "VolunteerID", Msg: "the volunteer is already enrolled in this shift"}
			}
		}
		e.Status = volunteer.EnrolmentWaitlisted
		if placesTaken(es) < capacity {
			e.Status = volunteer.EnrolmentConfirmed
		}
		if err := s.enrolments.create(op, e); err != nil {
			return err
		}
		s.byShift[e.Shift] = append(s.byShift[e.Shift], e.ID)
		out, err = s.enrolments.get(op, e.ID)
		return err
	})
	return out, err
}

// CancelEnrolment implements volunteer.Store: cancels and promotes the waitlist in order.
func (s *Store) CancelEnrolment(ctx context.Context, id uuid.UUID, c volunteer.Cancellation) (cancelled volunteer.Enrolment, promoted []volunteer.Enrolment, err error) {
	const op = "memstore.Store.CancelEnrolment"
	err = s.write(ctx, op, func() error {
		cur, ok := s.enrolments.rows[id]
		if !ok {
			return s.enrolments.notFound(op, id)
		}
		if !cur.Status.Open() {
			return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Enrolment", ID: id.String(),
				Field: "Status", Msg: "a " + string(cur.Status) + " enrolment cannot be cancelled"}
		}
		cur.Status, cur.CancelledAt, cur.UpdatedAt, cur.LateCancellation = volunteer.EnrolmentCancelled, c.At, c.At, c.Late
		cur.Version++
		s.enrolments.put(cur)
		cancelled = clone.Of(cur)
		es := s.shiftEnrolments(cur.Shift)
		taken := placesTaken(es)
		for taken < c.Capacity {
			next, ok := volunteer.NextOnWaitlist(es, cur.Shift)
			if !ok {
				break
			}
			next.Status, next.UpdatedAt = volunteer.EnrolmentConfirmed, c.At
			next.Version++
			s.enrolments.put(next)
			promoted = append(promoted, clone.Of(next))
			for i := range es {
				if es[i].ID == next.ID {
					es[i] = next
				}
			}
			taken++
		}
		return nil
	})
	if err != nil {
		return volunteer.Enrolment{}, nil, err
	}
	return cancelled, promoted, nil
}

// GetEnrolment implements volunteer.Store.
func (s *Store) GetEnrolment(ctx context.Context, id uuid.UUID) (out volunteer.Enrolment, err error) {
	const op = "memstore.Store.GetEnrolment"
	return lockedGet(ctx, s, op, s.enrolments, id)
}

// ListEnrolments implements volunteer.Store.
func (s *Store) ListEnrolments(ctx context.Context, f volunteer.EnrolmentFilter) (out wushe.Page[volunteer.Enrolment], err error) {
	const op = "memstore.Store.ListEnrolments"
	return lockedListIn(ctx, s, op, s.enrolments, func() *idset {
		if f.VolunteerID != uuid.Nil {
			return s.enrolByVol.of(f.VolunteerID)
		}
		return &s.enrolments.order
	}, f.Match, f.Page)
}

// UpdateEnrolment implements volunteer.Store.
func (s *Store) UpdateEnrolment(ctx context.Context, id uuid.UUID, fn func(*volunteer.Enrolment) error) (out volunteer.Enrolment, err error) {
	const op = "memstore.Store.UpdateEnrolment"
	err = s.write(ctx, op, func() error {
		before := s.enrolments.rows[id].Shift
		if out, err = s.enrolments.update(op, id, fn); err != nil {
			return err
		}
		if out.Shift != before {
			s.byShift[before] = slices.DeleteFunc(s.byShift[before], func(x uuid.UUID) bool { return x == id })
			s.byShift[out.Shift] = append(s.byShift[out.Shift], id)
		}
		return nil
	})
	return out, err
}

// CreateRecord implements volunteer.Store: one record per enrolment that is not rejected,
// and none over the time of another live record of the volunteer.
func (s *Store) CreateRecord(ctx context.Context, r volunteer.ServiceRecord) error {
	const op = "memstore.Store.CreateRecord"
	return s.write(ctx, op, func() error {
		if !s.records.has(r.ID) {
			if err := s.enrolmentRecorded(op, &r); err != nil {
				return err
			}
			if err := s.recordOverlap(op, nil, r); err != nil {
				return err
			}
		}
		return s.records.create(op, r)
	})
}

// recordOverlap applies the overlap rule (volunteer.CheckOverlap) to a write of r over
// before, reading the volunteer's records through the volunteer index, in ID order.
func (s *Store) recordOverlap(op string, before *volunteer.ServiceRecord, r volunteer.ServiceRecord) error {
	if !volunteer.OverlapCheckNeeded(before, r) {
		return nil
	}
	var others []volunteer.ServiceRecord
	s.recordByVol.of(r.VolunteerID).ascend(uuid.Nil, func(id uuid.UUID) bool {
		if o := s.records.rows[id]; o.Window.Overlaps(r.Window) {
			others = append(others, o)
		}
		return true
	})
	return volunteer.CheckOverlap(op, before, r, others)
}

// enrolmentRecorded refuses r, unless it is rejected, when another record of its
// enrolment is not rejected. The index holds every record of an enrolment, rejected ones
// too (ListRecords reads it), and an enrolment has few.
func (s *Store) enrolmentRecorded(op string, r *volunteer.ServiceRecord) error {
	if r.EnrolmentID == uuid.Nil || r.Status == volunteer.RecordRejected {
		return nil
	}
	taken := false
	s.recordByEnrol.of(r.EnrolmentID).ascend(uuid.Nil, func(o uuid.UUID) bool {
		taken = o != r.ID && s.records.rows[o].Status != volunteer.RecordRejected
		return !taken
	})
	if taken {
		return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "ServiceRecord", ID: r.ID.String(), Field: "EnrolmentID",
			Msg: "another record of this enrolment is not rejected"}
	}
	return nil
}

// GetRecord implements volunteer.Store.
func (s *Store) GetRecord(ctx context.Context, id uuid.UUID) (out volunteer.ServiceRecord, err error) {
	const op = "memstore.Store.GetRecord"
	return lockedGet(ctx, s, op, s.records, id)
}

// ListRecords implements volunteer.Store.
func (s *Store) ListRecords(ctx context.Context, f volunteer.RecordFilter) (out wushe.Page[volunteer.ServiceRecord], err error) {
	const op = "memstore.Store.ListRecords"
	return lockedListIn(ctx, s, op, s.records, func() *idset {
		if f.EnrolmentID != uuid.Nil {
			return s.recordByEnrol.of(f.EnrolmentID)
		}
		if f.VolunteerID != uuid.Nil {
			return s.recordByVol.of(f.VolunteerID)
		}
		return &s.records.order
	}, f.Match, f.Page)
}

var _ volunteer.StarReader = (*Store)(nil)

// StarRecords implements volunteer.StarReader: the volunteer's records from its index,
// each copied with only what star levels depend on.
func (s *Store) StarRecords(ctx context.Context, volunteerID uuid.UUID, asOf time.Time) (out []volunteer.ServiceRecord, err error) {
	const op = "memstore.Store.StarRecords"
	err = s.read(ctx, op, func() error {
		out = []volunteer.ServiceRecord{}
		s.recordByVol.of(volunteerID).ascend(uuid.Nil, func(id uuid.UUID) bool {
			r := s.records.rows[id]
			if r.Status != volunteer.RecordVerified || r.VerifiedAt.After(asOf) {
				return true
			}
			slim := volunteer.ServiceRecord{ID: r.ID, VolunteerID: r.VolunteerID, Status: r.Status, VerifiedAt: r.VerifiedAt, Minutes: r.Minutes}
			if len(r.Revisions) > 0 {
				slim.Revisions = make([]volunteer.Revision, len(r.Revisions))
				for i, rv := range r.Revisions {
					slim.Revisions[i] = volunteer.Revision{At: rv.At, FromMinutes: rv.FromMinutes, ToMinutes: rv.ToMinutes}
				}
			}
			out = append(out, slim)
			return true
		})
		return nil
	})
	return out, err
}

// UpdateRecord implements volunteer.Store.
func (s *Store) UpdateRecord(ctx context.Context, id uuid.UUID, fn func(*volunteer.ServiceRecord) error) (out volunteer.ServiceRecord, err error) {
	const op = "memstore.Store.UpdateRecord"
	return lockedUpdate(ctx, s, op, s.records, id, func(r *volunteer.ServiceRecord) error {
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

// CreateCertificate implements volunteer.Store. Numbers are unique.
func (s *Store) CreateCertificate(ctx context.Context, c volunteer.Certificate) error {
	const op = "memstore.Store.CreateCertificate"
	return s.write(ctx, op, func() error {
		if takenBy(s.certByNumber.of(c.Number), c.ID) {
			return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Certificate", ID: c.ID.String(),
				Field: "Number", Msg: "another certificate has this number"}
		}
		return s.certificates.create(op, c)
	})
}

// GetCertificate implements volunteer.Store.
func (s *Store) GetCertificate(ctx context.Context, id uuid.UUID) (out volunteer.Certificate, err error) {
	const op = "memstore.Store.GetCertificate"
	return lockedGet(ctx, s, op, s.certificates, id)
}

// CreateCatalogItem implements volunteer.Store.
func (s *Store) CreateCatalogItem(ctx context.Context, c volunteer.CatalogItem) error {
	const op = "memstore.Store.CreateCatalogItem"
	return lockedCreate(ctx, s, op, s.catalog, c)
}

// GetCatalogItem implements volunteer.Store.
func (s *Store) GetCatalogItem(ctx context.Context, id uuid.UUID) (out volunteer.CatalogItem, err error) {
	const op = "memstore.Store.GetCatalogItem"
	return lockedGet(ctx, s, op, s.catalog, id)
}

// ListCatalogItems implements volunteer.Store.
func (s *Store) ListCatalogItems(ctx context.Context, f volunteer.CatalogFilter) (out wushe.Page[volunteer.CatalogItem], err error) {
	const op = "memstore.Store.ListCatalogItems"
	return lockedList(ctx, s, op, s.catalog, f.Match, f.Page)
}

// UpdateCatalogItem implements volunteer.Store.
func (s *Store) UpdateCatalogItem(ctx context.Context, id uuid.UUID, fn func(*volunteer.CatalogItem) error) (out volunteer.CatalogItem, err error) {
	const op = "memstore.Store.UpdateCatalogItem"
	return lockedUpdate(ctx, s, op, s.catalog, id, fn)
}

// PostTransaction implements volunteer.Store: idempotency, balance, ceiling and stock
// checks and the insert happen under the store's lock, all or nothing.
func (s *Store) PostTransaction(ctx context.Context, tx volunteer.Transaction) (out volunteer.Transaction, err error) {
	const op = "memstore.Store.PostTransaction"
	err = s.write(ctx, op, func() error {
		if id, ok := s.txByKey[tx.Key]; ok {
			prev := s.transactions.rows[id]
			if !volunteer.SameContent(prev, tx) {
				return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Transaction", ID: id.String(), Field: "Key",
					Msg: "the idempotency key was used for a different transaction"}
			}
			out = clone.Of(prev)
			return nil
		}
		if s.transactions.has(tx.ID) {
			return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Transaction", ID: tx.ID.String(), Msg: "already exists"}
		}
		after := map[volunteer.Account]decimal.Decimal{}
		for _, e := range tx.Entries {
			cur, ok := after[e.Account]
			if !ok {
				cur = s.balances[e.Account]
			}
			after[e.Account] = cur.Add(e.Amount)
		}
		for a, b := range after {
			if a.Guarded() && b.IsNegative() {
				return &wushe.Error{Op: op, Kind: wushe.KindInsufficient, Entity: "Transaction", ID: tx.ID.String(), Field: "Entries",
					Msg: "account " + string(a) + " would go negative (balance " + s.balances[a].String() + ")"}
			}
		}
		for _, c := range tx.Ceilings {
			b, ok := after[c.Account]
			if !ok {
				b = s.balances[c.Account]
			}
			if b.GreaterThan(c.Max) {
				return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Transaction", ID: tx.ID.String(), Field: "Ceilings",
					Msg: "account " + string(c.Account) + " would end above " + c.Max.String()}
			}
		}
		var item volunteer.CatalogItem
		if r := tx.Redemption; r != nil {
			cur, ok := s.catalog.rows[r.ItemID]
			if !ok {
				return s.catalog.notFound(op, r.ItemID)
			}
			if cur.Stock < r.Quantity {
				return &wushe.Error{Op: op, Kind: wushe.KindInsufficient, Entity: "CatalogItem", ID: r.ItemID.String(), Field: "Stock",
					Msg: "only " + itoa(int64(cur.Stock)) + " left"}
			}
			item = cur
			item.Stock -= r.Quantity
			item.Version++
			item.UpdatedAt = tx.PostedAt
		}
		if err := s.transactions.create(op, tx); err != nil {
			return err
		}
		if tx.Redemption != nil {
			s.catalog.put(item)
		}
		for a, b := range after {
			s.balances[a] = b
			s.ledger(a).post(tx.PostedAt, tx.ID, tx.Delta(a))
		}
		s.txByKey[tx.Key] = tx.ID
		out, err = s.transactions.get(op, tx.ID)
		return err
	})
	return out, err
}

// ListTransactions implements volunteer.Store.
func (s *Store) ListTransactions(ctx context.Context, f volunteer.TransactionFilter) (out wushe.Page[volunteer.Transaction], err error) {
	const op = "memstore.Store.ListTransactions"
	return lockedListIn(ctx, s, op, s.transactions, func() *idset {
		switch {
		case f.Key != "":
			set := &idset{}
			if id, ok := s.txByKey[f.Key]; ok {
				set.add(id)
			}
			return set
		case f.RecordID != uuid.Nil:
			return s.txByRecord.of(f.RecordID)
		case f.Account != "":
			return s.txByAccount.of(f.Account)
		}
		return &s.transactions.order
	}, f.Match, f.Page)
}

// LedgerBalance implements volunteer.Store: the sum of account's entries posted by asOf.
func (s *Store) LedgerBalance(ctx context.Context, account volunteer.Account, asOf time.Time) (out decimal.Decimal, err error) {
	const op = "memstore.Store.LedgerBalance"
	err = s.read(ctx, op, func() error {
		out = decimal.Zero
		if l, ok := s.ledgers[account]; ok {
			out = l.asOf(asOf)
		}
		return nil
	})
	return out, err
}

// ledger returns account's running balance, made empty on first use.
func (st *volunteerState) ledger(a volunteer.Account) *runningBalance {
	l, ok := st.ledgers[a]
	if !ok {
		l = &runningBalance{}
		st.ledgers[a] = l
	}
	return l
}

// runningBalance is one account's postings in (PostedAt, ID) order, each with the balance
// after it: a balance as of any date is a binary search, exact however long the history.
// Postings arrive nearly in date order, so adding one is an append. A back-dated posting
// marks the balances after it stale; the next read recomputes them up to the point it
// needs, so each balance is recomputed at most once per back-dated posting before it.
type runningBalance struct {
	// mu guards the lazy recomputation, which readers holding the Store's read lock do.
	mu     sync.Mutex
	points []balancePoint
	// fresh is how many leading points have their after balance computed.
	fresh int
}

type balancePoint struct {
	at    time.Time
	id    uuid.UUID
	delta decimal.Decimal
	after decimal.Decimal
}

func (p balancePoint) before(at time.Time, id uuid.UUID) bool {
	return p.at.Before(at) || p.at.Equal(at) && wushe.CompareIDs(p.id, id) < 0
}

// post adds a posting of delta at at. The caller holds the Store's write lock.
func (l *runningBalance) post(at time.Time, id uuid.UUID, delta decimal.Decimal) {
	i := len(l.points)
	if i > 0 && !l.points[i-1].before(at, id) {
		i = sort.Search(len(l.points), func(j int) bool { return !l.points[j].before(at, id) })
	}
	l.points = slices.Insert(l.points, i, balancePoint{at: at, id: id, delta: delta})
	l.fresh = min(l.fresh, i)
}

// asOf is the balance over the postings at or before t.
func (l *runningBalance) asOf(t time.Time) decimal.Decimal {
	n := sort.Search(len(l.points), func(j int) bool { return l.points[j].at.After(t) })
	if n == 0 {
		return decimal.Zero
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for ; l.fresh < n; l.fresh++ {
		prev := decimal.Zero
		if l.fresh > 0 {
			prev = l.points[l.fresh-1].after
		}
		l.points[l.fresh].after = prev.Add(l.points[l.fresh].delta)
	}
	return l.points[n-1].after
}
