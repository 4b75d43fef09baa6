package volunteer

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// Store persists the volunteer package's entities. A host implements it on its database
// (memstore.Store is the in-memory implementation); volunteertest.RunStoreTests checks an
// implementation. The Service applies every business rule; a Store only persists, queries
// and keeps the few invariants that must hold under concurrency.
//
// Implementer's checklist:
//
//  1. Every method takes ctx first and returns an error wrapping ctx.Err() (kind
//     unavailable) when ctx is done before the work is committed.
//  2. Report failures with the kernel's kinds (wushe.Error): not found, already exists,
//     conflict, invalid, insufficient, unavailable. Never invent kinds.
//  3. CreateX stores a copy with Version 1; an existing ID is already_exists.
//     CreateVolunteer also rejects, as already_exists, a Number or a (clear) IDNumber
//     that another volunteer has: a unique index on each. No two service records that
//     are not rejected share an EnrolmentID (uuid.Nil aside; a rejected record never
//     counts, so an enrolment whose record was rejected can be recorded again):
//     CreateRecord and UpdateRecord refuse it as already_exists naming EnrolmentID,
//     atomically (a unique index where EnrolmentID is not nil and Status is not
//     rejected), so of concurrent recorders of one enrolment exactly one wins.
//  4. GetX returns a deep copy; an unknown ID is not_found.
//  5. UpdateX(ctx, id, fn) is an atomic read-modify-write: fn gets a copy of the stored
//     entity; fn may run more than once, must have no side effects and must not call the
//     Store (a Store may refuse such a call as invalid: wushe.UpdateGuard); an error from fn
//     persists nothing and is returned as it is; afterwards a changed ID is invalid and a
//     Version different from the stored one is conflict; otherwise store with Version+1
//     and return the stored copy.
//  6. ListX returns entities matching every set filter field, ordered by ID ascending
//     (byte order), paged with the filter's Page (wushe.Paginate has the semantics).
//  7. EnrolInShift and CancelEnrolment keep a shift's places: in one transaction (SELECT
//     ... FOR UPDATE on the shift's enrolments, or SERIALIZABLE) count the enrolments of
//     the shift that hold a place (EnrolmentStatus.HoldsPlace) and decide. Capacity is
//     never exceeded, also under concurrent calls.
//  8. PostTransaction runs in one transaction: the idempotency key lookup, the balance
//     check of every guarded account, the ceilings, the stock decrement of a redemption
//     and the insert of the transaction all happen together or not at all.
//  9. Persist personal data in the clear with wushe.StorageEntitlement() and restore it
//     with the kernel's Parse functions; never persist the masked forms.
//  10. A volunteer's time counts once (see ServiceRecord.Live and CheckOverlap): no two
//     verified records of one volunteer overlap in time, and no record is stored live
//     (pending or verified) over the time of another live record of the volunteer.
//     CreateRecord of a live record refuses one whose Window overlaps a live record of
//     the same VolunteerID. UpdateRecord, when the update changes the record's Status,
//     Window or VolunteerID and leaves it live, refuses a result that overlaps a live
//     record, except that an update that only verifies a pending record (same window and
//     volunteer) is refused only by a verified one. An update that changes none of the
//     three (a correction of minutes) is never refused for overlapping. Windows are
//     half-open, so records that touch end to start do not overlap; records of one
//     enrolment are left to item 3. The refusal is KindConflict naming Window, whose cause
//     is a *RecordOverlap naming the other record by ID (CheckOverlap builds it), and
//     stores nothing. The check is atomic with the write: under a lock per volunteer
//     (SQLite's one writer, an advisory lock on PostgreSQL, the store's mutex), so that of
//     concurrent writers of overlapping records of one volunteer exactly one wins.
//
// The Store never validates business rules, sets timestamps or makes IDs, with the
// exceptions the atomic methods document (they set statuses and copy the times they are
// given).
type Store interface {
	CreateVolunteer(ctx context.Context, v Volunteer) error
	GetVolunteer(ctx context.Context, id uuid.UUID) (Volunteer, error)
	ListVolunteers(ctx context.Context, f VolunteerFilter) (wushe.Page[Volunteer], error)
	UpdateVolunteer(ctx context.Context, id uuid.UUID, fn func(*Volunteer) error) (Volunteer, error)

	CreateTeam(ctx context.Context, t Team) error
	GetTeam(ctx context.Context, id uuid.UUID) (Team, error)
	ListTeams(ctx context.Context, f TeamFilter) (wushe.Page[Team], error)
	UpdateTeam(ctx context.Context, id uuid.UUID, fn func(*Team) error) (Team, error)

	CreateOpportunity(ctx context.Context, o Opportunity) error
	GetOpportunity(ctx context.Context, id uuid.UUID) (Opportunity, error)
	ListOpportunities(ctx context.Context, f OpportunityFilter) (wushe.Page[Opportunity], error)
	UpdateOpportunity(ctx context.Context, id uuid.UUID, fn func(*Opportunity) error) (Opportunity, error)

	// EnrolInShift stores e (its Status is ignored) atomically: confirmed when fewer than
	// capacity enrolments of e.Shift hold a place, otherwise waitlisted. It
	// returns the stored enrolment. An enrolment with e's ID is already_exists; an open
	// enrolment (EnrolmentStatus.Open) of the same volunteer in the same shift is
	// already_exists too.
	EnrolInShift(ctx context.Context, e Enrolment, capacity int) (Enrolment, error)
	// CancelEnrolment cancels the enrolment id atomically and promotes the waitlist: it
	// sets Status cancelled, CancelledAt and UpdatedAt to c.At and LateCancellation to
	// c.Late; then, while fewer than c.Capacity enrolments of the shift hold a place, it
	// confirms the next on the waitlist (NextOnWaitlist order: AppliedAt, then ID),
	// setting UpdatedAt to c.At. It returns the cancelled enrolment and the promoted
	// ones, in promotion order. A missing enrolment is not_found; one that is not open
	// is conflict.
	CancelEnrolment(ctx context.Context, id uuid.UUID, c Cancellation) (Enrolment, []Enrolment, error)
	GetEnrolment(ctx context.Context, id uuid.UUID) (Enrolment, error)
	ListEnrolments(ctx context.Context, f EnrolmentFilter) (wushe.Page[Enrolment], error)
	UpdateEnrolment(ctx context.Context, id uuid.UUID, fn func(*Enrolment) error) (Enrolment, error)

	CreateRecord(ctx context.Context, r ServiceRecord) error
	GetRecord(ctx context.Context, id uuid.UUID) (ServiceRecord, error)
	ListRecords(ctx context.Context, f RecordFilter) (wushe.Page[ServiceRecord], error)
	UpdateRecord(ctx context.Context, id uuid.UUID, fn func(*ServiceRecord) error) (ServiceRecord, error)

	// CreateCertificate stores c; an existing ID or Number is already_exists.
	CreateCertificate(ctx context.Context, c Certificate) error
	GetCertificate(ctx context.Context, id uuid.UUID) (Certificate, error)

	CreateCatalogItem(ctx context.Context, c CatalogItem) error
	GetCatalogItem(ctx context.Context, id uuid.UUID) (CatalogItem, error)
	ListCatalogItems(ctx context.Context, f CatalogFilter) (wushe.Page[CatalogItem], error)
	UpdateCatalogItem(ctx context.Context, id uuid.UUID, fn func(*CatalogItem) error) (CatalogItem, error)

	// PostTransaction stores tx atomically (checklist item 8), with Version 1, and returns
	// the stored transaction:
	//   - a stored transaction with tx.Key and SameContent is returned as it is (nothing
	//     is posted again); with other content, conflict;
	//   - an existing ID is already_exists;
	//   - a guarded account (Account.Guarded) that would end below zero, counting every
	//     stored transaction, is insufficient;
	//   - an account that would end above one of tx.Ceilings is conflict;
	//   - a Redemption whose item is missing is not_found, and one whose item has less
	//     Stock than Quantity is insufficient; otherwise the item's Stock drops by
	//     Quantity, its Version rises by 1 and its UpdatedAt becomes tx.PostedAt.
	PostTransaction(ctx context.Context, tx Transaction) (Transaction, error)
	// ListTransactions returns the transactions matching f, ordered by ID.
	ListTransactions(ctx context.Context, f TransactionFilter) (wushe.Page[Transaction], error)
	// LedgerBalance is the sum of account's entries over transactions posted at or before
	// asOf (see Balance).
	LedgerBalance(ctx context.Context, account Account, asOf time.Time) (decimal.Decimal, error)

	// CreateCallOut, GetCallOut, ListCallOuts and UpdateCallOut keep emergency call-outs
	// like any other entity (checklist items 3 to 6). A call-out's acknowledgements live
	// inside it, so UpdateCallOut's atomic read-modify-write is what keeps its headcount
	// under concurrent acknowledgements.
	CreateCallOut(ctx context.Context, c CallOut) error
	GetCallOut(ctx context.Context, id uuid.UUID) (CallOut, error)
	ListCallOuts(ctx context.Context, f CallOutFilter) (wushe.Page[CallOut], error)
	UpdateCallOut(ctx context.Context, id uuid.UUID, fn func(*CallOut) error) (CallOut, error)
}

// StarReader is what a Store may implement besides Store so that Service.Stars reads only
// what star levels depend on instead of every record of the volunteer whole. StarRecords
// returns the volunteer's verified records whose VerifiedAt is at or before asOf, in any
// order, with only ID, VolunteerID, Status, VerifiedAt, Minutes and each revision's At,
// FromMinutes and ToMinutes filled in: Ladder.Stars of them as of asOf is Ladder.Stars of
// all the volunteer's records. The conformance suite checks it when a Store implements
// it; a Store that does not is listed whole by the Service.
type StarReader interface {
	StarRecords(ctx context.Context, volunteerID uuid.UUID, asOf time.Time) ([]ServiceRecord, error)
}

// Cancellation is what CancelEnrolment needs: when, whether it is late, and the shift's
// capacity for promoting the waitlist.
type Cancellation struct {
	At       time.Time `json:"at"`
	Late     bool      `json:"late"`
	Capacity int       `json:"capacity"`
}

// VolunteerFilter selects volunteers; zero fields match everything.
type VolunteerFilter struct {
	CommunityID uuid.UUID
	GridID      uuid.UUID
	TeamID      uuid.UUID
	Status      Status
	Number      string
	Page        wushe.PageRequest
}

// Match reports whether v passes the filter (paging aside): the semantics every Store
// must reproduce.
func (f VolunteerFilter) Match(v *Volunteer) bool {
	return (f.CommunityID == uuid.Nil || v.CommunityID == f.CommunityID) &&
		(f.GridID == uuid.Nil || v.GridID == f.GridID) &&
		(f.TeamID == uuid.Nil || v.InTeam(f.TeamID)) &&
		(f.Status == "" || v.Status == f.Status) &&
		(f.Number == "" || v.Number == f.Number)
}

// TeamFilter selects teams; zero fields match everything.
type TeamFilter struct {
	RunBy  Actor
	Theme  Theme
	Member uuid.UUID
	Page   wushe.PageRequest
}

// Match reports whether t passes the filter (paging aside).
func (f TeamFilter) Match(t *Team) bool {
	if f.RunBy != (Actor{}) && t.RunBy != f.RunBy {
		return false
	}
	if f.Theme != "" && !contains(t.Themes, f.Theme) {
		return false
	}
	return f.Member == uuid.Nil || contains(t.Members, f.Member)
}

// OpportunityFilter selects opportunities; zero fields match everything. StartsBefore and
// EndsAfter select opportunities with a shift occurrence overlapping [EndsAfter,
// StartsBefore).
type OpportunityFilter struct {
	Organizer    Actor
	Theme        Theme
	Status       OpportunityStatus
	EndsAfter    time.Time
	StartsBefore time.Time
	Page         wushe.PageRequest
}

// Match reports whether o passes the filter (paging aside).
func (f OpportunityFilter) Match(o *Opportunity) bool {
	if f.Organizer != (Actor{}) && o.Organizer != f.Organizer {
		return false
	}
	if (f.Theme != "" && o.Theme != f.Theme) || (f.Status != "" && o.Status != f.Status) {
		return false
	}
	if !f.EndsAfter.IsZero() || !f.StartsBefore.IsZero() {
		from, to := f.EndsAfter, f.StartsBefore
		if to.IsZero() {
			to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return len(o.Occurrences(from, to)) > 0
	}
	return true
}

// EnrolmentFilter selects enrolments; zero fields match everything. Shift matches one
// occurrence exactly when its OpportunityID is set.
type EnrolmentFilter struct {
	VolunteerID   uuid.UUID
	OpportunityID uuid.UUID
	Shift         ShiftRef
	Status        EnrolmentStatus
	Page          wushe.PageRequest
}

// Match reports whether e passes the filter (paging aside).
func (f EnrolmentFilter) Match(e *Enrolment) bool {
	return (f.VolunteerID == uuid.Nil || e.VolunteerID == f.VolunteerID) &&
		(f.OpportunityID == uuid.Nil || e.Shift.OpportunityID == f.OpportunityID) &&
		(f.Shift.OpportunityID == uuid.Nil || e.Shift == f.Shift) &&
		(f.Status == "" || e.Status == f.Status)
}

// RecordFilter selects service records; zero fields match everything. From and To select
// records whose activity started in [From, To).
type RecordFilter struct {
	VolunteerID uuid.UUID
	// OpportunityID selects the records of one opportunity.
	OpportunityID uuid.UUID
	// EnrolmentID selects the records of one enrolment: at most one that is not
	// rejected, and any number of rejected ones.
	EnrolmentID uuid.UUID
	Organizer   Actor
	Status      RecordStatus
	From, To    time.Time
	Page        wushe.PageRequest
}

// Match reports whether r passes the filter (paging aside).
func (f RecordFilter) Match(r *ServiceRecord) bool {
	return (f.VolunteerID == uuid.Nil || r.VolunteerID == f.VolunteerID) &&
		(f.OpportunityID == uuid.Nil || r.OpportunityID == f.OpportunityID) &&
		(f.EnrolmentID == uuid.Nil || r.EnrolmentID == f.EnrolmentID) &&
		(f.Organizer == (Actor{}) || r.Organizer == f.Organizer) &&
		(f.Status == "" || r.Status == f.Status) &&
		(f.From.IsZero() || !r.Window.Start.Before(f.From)) &&
		(f.To.IsZero() || r.Window.Start.Before(f.To))
}

// CatalogFilter selects catalogue items; ActiveOnly keeps active ones.
type CatalogFilter struct {
	ActiveOnly bool
	Page       wushe.PageRequest
}

// Match reports whether c passes the filter (paging aside).
func (f CatalogFilter) Match(c *CatalogItem) bool { return !f.ActiveOnly || c.Active }

// TransactionFilter selects ledger transactions; zero fields match everything. Account
// matches transactions with an entry on it; RecordID those posted for one service record
// (Transaction.RecordID), which Stores index so that settling a record's points reads only
// its own postings; From and To select PostedAt in [From, To).
type TransactionFilter struct {
	Account  Account
	Kind     EntryKind
	Key      string
	RecordID uuid.UUID
	From, To time.Time
	Page     wushe.PageRequest
}

// Match reports whether t passes the filter (paging aside).
func (f TransactionFilter) Match(t *Transaction) bool {
	if f.Account != "" {
		found := false
		for _, e := range t.Entries {
			if e.Account == f.Account {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return (f.Kind == "" || t.Kind == f.Kind) && (f.Key == "" || t.Key == f.Key) &&
		(f.RecordID == uuid.Nil || t.RecordID == f.RecordID) &&
		(f.From.IsZero() || !t.PostedAt.Before(f.From)) &&
		(f.To.IsZero() || t.PostedAt.Before(f.To))
}

func contains[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
