package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

var _ volunteer.Store = (*Store)(nil)

// The volunteer package's tables. Lists narrow in SQL on the filter columns and then apply
// the filter's own Match, the one statement of its semantics.
var (
	volunteerTable = &table[volunteer.Volunteer]{name: "volunteer_volunteers", entity: "Volunteer",
		id: func(v *volunteer.Volunteer) uuid.UUID { return v.ID }, version: func(v *volunteer.Volunteer) *int64 { return &v.Version },
		cols: []column[volunteer.Volunteer]{
			{name: "number", field: "Number", max: 64, value: func(v *volunteer.Volunteer) any { return nullString(v.Number) }},
			{name: "id_number_index", field: "IDNumber", value: func(v *volunteer.Volunteer) any { return idNumberColumn(v.IDNumber) }},
			{name: "community_id", field: "CommunityID", value: func(v *volunteer.Volunteer) any { return v.CommunityID }},
			{name: "grid_id", field: "GridID", value: func(v *volunteer.Volunteer) any { return v.GridID }},
			{name: "status", field: "Status", max: 64, value: func(v *volunteer.Volunteer) any { return v.Status }},
		}}
	teamTable = &table[volunteer.Team]{name: "volunteer_teams", entity: "Team",
		id: func(v *volunteer.Team) uuid.UUID { return v.ID }, version: func(v *volunteer.Team) *int64 { return &v.Version },
		cols: []column[volunteer.Team]{
			{name: "run_by_kind", field: "RunBy.Kind", max: 64, value: func(v *volunteer.Team) any { return v.RunBy.Kind }},
			{name: "run_by_id", field: "RunBy.ID", value: func(v *volunteer.Team) any { return v.RunBy.ID }},
		}}
	opportunityTable = &table[volunteer.Opportunity]{name: "volunteer_opportunities", entity: "Opportunity",
		id: func(v *volunteer.Opportunity) uuid.UUID { return v.ID }, version: func(v *volunteer.Opportunity) *int64 { return &v.Version },
		cols: []column[volunteer.Opportunity]{
			{name: "organizer_kind", field: "Organizer.Kind", max: 64, value: func(v *volunteer.Opportunity) any { return v.Organizer.Kind }},
			{name: "organizer_id", field: "Organizer.ID", value: func(v *volunteer.Opportunity) any { return v.Organizer.ID }},
			{name: "theme", field: "Theme", max: 64, value: func(v *volunteer.Opportunity) any { return v.Theme }},
			{name: "status", field: "Status", max: 64, value: func(v *volunteer.Opportunity) any { return v.Status }},
			{name: "starts_at", field: "Shifts", value: func(v *volunteer.Opportunity) any { return earliestShift(v) }},
		}}
	enrolmentTable = &table[volunteer.Enrolment]{name: "volunteer_enrolments", entity: "Enrolment",
		id: func(v *volunteer.Enrolment) uuid.UUID { return v.ID }, version: func(v *volunteer.Enrolment) *int64 { return &v.Version },
		cols: []column[volunteer.Enrolment]{
			{name: "volunteer_id", field: "VolunteerID", value: func(v *volunteer.Enrolment) any { return v.VolunteerID }},
			{name: "opportunity_id", field: "Shift.OpportunityID", value: func(v *volunteer.Enrolment) any { return v.Shift.OpportunityID }},
			{name: "shift_id", field: "Shift.ShiftID", value: func(v *volunteer.Enrolment) any { return v.Shift.ShiftID }},
			{name: "occurrence", field: "Shift.Occurrence", value: func(v *volunteer.Enrolment) any { return v.Shift.Occurrence }},
			{name: "status", field: "Status", max: 64, value: func(v *volunteer.Enrolment) any { return v.Status }},
			{name: "applied_at", field: "AppliedAt", value: func(v *volunteer.Enrolment) any { return v.AppliedAt }},
		}}
	recordTable = &table[volunteer.ServiceRecord]{name: "volunteer_records", entity: "ServiceRecord",
		id: func(v *volunteer.ServiceRecord) uuid.UUID { return v.ID }, version: func(v *volunteer.ServiceRecord) *int64 { return &v.Version },
		cols: []column[volunteer.ServiceRecord]{
			{name: "volunteer_id", field: "VolunteerID", value: func(v *volunteer.ServiceRecord) any { return v.VolunteerID }},
			{name: "organizer_kind", field: "Organizer.Kind", max: 64, value: func(v *volunteer.ServiceRecord) any { return v.Organizer.Kind }},
			{name: "organizer_id", field: "Organizer.ID", value: func(v *volunteer.ServiceRecord) any { return v.Organizer.ID }},
			{name: "status", field: "Status", max: 64, value: func(v *volunteer.ServiceRecord) any { return v.Status }},
			{name: "starts_at", field: "Window.Start", value: func(v *volunteer.ServiceRecord) any { return v.Window.Start }},
			{name: "enrolment_id", field: "EnrolmentID", value: func(v *volunteer.ServiceRecord) any { return nullID(v.EnrolmentID) }},
			{name: "stars", field: "VerifiedAt", value: starsText},
			{name: "ends_at", field: "Window.End", value: func(v *volunteer.ServiceRecord) any { return v.Window.End }},
		}}
	certificateTable = &table[volunteer.Certificate]{name: "volunteer_certificates", entity: "Certificate",
		id: func(v *volunteer.Certificate) uuid.UUID { return v.ID }, version: func(v *volunteer.Certificate) *int64 { return &v.Version },
		cols: []column[volunteer.Certificate]{
			{name: "number", field: "Number", max: 64, value: func(v *volunteer.Certificate) any { return v.Number }},
			{name: "volunteer_id", field: "VolunteerID", value: func(v *volunteer.Certificate) any { return v.VolunteerID }},
		}}
	catalogTable = &table[volunteer.CatalogItem]{name: "volunteer_catalog_items", entity: "CatalogItem",
		id: func(v *volunteer.CatalogItem) uuid.UUID { return v.ID }, version: func(v *volunteer.CatalogItem) *int64 { return &v.Version },
		cols: []column[volunteer.CatalogItem]{
			{name: "active", field: "Active", value: func(v *volunteer.CatalogItem) any { return v.Active }},
			{name: "stock", field: "Stock", value: func(v *volunteer.CatalogItem) any { return v.Stock }},
		}}
	transactionTable = &table[volunteer.Transaction]{name: "volunteer_transactions", entity: "Transaction",
		id: func(v *volunteer.Transaction) uuid.UUID { return v.ID }, version: func(v *volunteer.Transaction) *int64 { return &v.Version },
		cols: []column[volunteer.Transaction]{
			{name: "key", field: "Key", max: 200, value: func(v *volunteer.Transaction) any { return v.Key }},
			{name: "kind", field: "Kind", max: 64, value: func(v *volunteer.Transaction) any { return v.Kind }},
			{name: "posted_at", field: "PostedAt", value: func(v *volunteer.Transaction) any { return v.PostedAt }},
			{name: "record_id", field: "RecordID", value: func(v *volunteer.Transaction) any { return nullID(v.RecordID) }},
		}}
)

// maxAccount is the longest account name the ledger tables take.
const maxAccount = 200

// uniqueFields names the Go field behind each unique index, for a PostgreSQL unique
// violation (which names the index, not the column) that slipped past a pre-check.
var uniqueFields = map[string]string{
	"volunteer_volunteers_number_uniq":          "Number",
	"volunteer_volunteers_id_number_index_uniq": "IDNumber",
	"volunteer_certificates_number_uniq":        "Number",
	"volunteer_transactions_key_uniq":           "Key",
	"volunteer_enrolments_open_uniq":            "VolunteerID",
	"volunteer_records_enrolment_id_uniq":       "EnrolmentID",
}

// uniqueField replaces an index name in err's Field by the Go field the index keeps unique.
func uniqueField(err error) error {
	var we *wushe.Error
	if errors.As(err, &we) {
		if f, ok := uniqueFields[we.Field]; ok {
			we.Field = f
		}
	}
	return err
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// nullID stores the nil UUID as NULL, so that a unique column allows many.
func nullID(id uuid.UUID) any {
	if id == uuid.Nil {
		return nil
	}
	return id
}

// nullString stores an empty string as NULL, so that a unique column allows many.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// idNumberColumn is the unique column's value: the ID number's keyed blind index (see
// blindIndex), NULL without an ID number.
func idNumberColumn(n wushe.IDNumber) any {
	if n.IsZero() {
		return nil
	}
	return blind{class: wushe.ClassIDNumber, value: n}
}

// earliestShift is the earliest start of o's shifts: no occurrence starts before it
// (repeats start later), so "starts_at < StartsBefore" never drops an opportunity the
// filter keeps.
func earliestShift(o *volunteer.Opportunity) time.Time {
	var first time.Time
	for i, s := range o.Shifts {
		if i == 0 || s.Window.Start.Before(first) {
			first = s.Window.Start
		}
	}
	return first
}

// CreateVolunteer implements volunteer.Store. Number and IDNumber are unique: checked
// first, for an error naming the field, and kept by unique indexes.
func (s *Store) CreateVolunteer(ctx context.Context, v volunteer.Volunteer) error {
	const op = "sqlstore.Store.CreateVolunteer"
	err := s.write(ctx, op, "Volunteer", func(tx *sql.Tx) error {
		if ok, err := volunteerTable.exists(ctx, s, tx, v.ID); err != nil || ok {
			if ok {
				return volunteerTable.alreadyExists(op, v.ID)
			}
			return err
		}
		if v.Number != "" {
			taken, err := s.taken(ctx, tx, "SELECT COUNT(*) FROM volunteer_volunteers WHERE number = ?", v.Number)
			if err != nil {
				return err
			}
			if taken {
				return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Volunteer", ID: v.ID.String(),
					Field: "Number", Msg: "another volunteer has this number"}
			}
		}
		if !v.IDNumber.IsZero() {
			taken, err := s.taken(ctx, tx, "SELECT COUNT(*) FROM volunteer_volunteers WHERE id_number_index = ?", idNumberColumn(v.IDNumber))
			if err != nil {
				return err
			}
			if taken {
				return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Volunteer", ID: v.ID.String(),
					Field: "IDNumber", Msg: "another volunteer has this ID number"}
			}
		}
		return volunteerTable.insert(ctx, s, tx, op, v)
	})
	return uniqueField(err)
}

// taken reports whether the COUNT(*) query finds a row.
func (s *Store) taken(ctx context.Context, q querier, query string, args ...any) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, s.dialect.rebind(query), s.args(args...)...).Scan(&n)
	return n > 0, err
}

// GetVolunteer implements volunteer.Store.
func (s *Store) GetVolunteer(ctx context.Context, id uuid.UUID) (volunteer.Volunteer, error) {
	return get(ctx, s, "sqlstore.Store.GetVolunteer", volunteerTable, id)
}

// ListVolunteers implements volunteer.Store.
func (s *Store) ListVolunteers(ctx context.Context, f volunteer.VolunteerFilter) (wushe.Page[volunteer.Volunteer], error) {
	var w where
	w.eq("community_id", f.CommunityID)
	w.eq("grid_id", f.GridID)
	w.eq("status", f.Status)
	w.eq("number", f.Number)
	return list(ctx, s, "sqlstore.Store.ListVolunteers", volunteerTable, w, f.Match, f.Page)
}

// UpdateVolunteer implements volunteer.Store. A Number or IDNumber another volunteer has
// is already_exists.
func (s *Store) UpdateVolunteer(ctx context.Context, id uuid.UUID, fn func(*volunteer.Volunteer) error) (volunteer.Volunteer, error) {
	out, err := update(ctx, s, "sqlstore.Store.UpdateVolunteer", volunteerTable, id, fn)
	return out, uniqueField(err)
}

// CreateTeam implements volunteer.Store.
func (s *Store) CreateTeam(ctx context.Context, t volunteer.Team) error {
	return create(ctx, s, "sqlstore.Store.CreateTeam", teamTable, t)
}

// GetTeam implements volunteer.Store.
func (s *Store) GetTeam(ctx context.Context, id uuid.UUID) (volunteer.Team, error) {
	return get(ctx, s, "sqlstore.Store.GetTeam", teamTable, id)
}

// ListTeams implements volunteer.Store.
func (s *Store) ListTeams(ctx context.Context, f volunteer.TeamFilter) (wushe.Page[volunteer.Team], error) {
	var w where
	if f.RunBy != (volunteer.Actor{}) {
		w.add("run_by_kind = ? AND run_by_id = ?", f.RunBy.Kind, f.RunBy.ID)
	}
	return list(ctx, s, "sqlstore.Store.ListTeams", teamTable, w, f.Match, f.Page)
}

// UpdateTeam implements volunteer.Store.
func (s *Store) UpdateTeam(ctx context.Context, id uuid.UUID, fn func(*volunteer.Team) error) (volunteer.Team, error) {
	return update(ctx, s, "sqlstore.Store.UpdateTeam", teamTable, id, fn)
}

// CreateOpportunity implements volunteer.Store.
func (s *Store) CreateOpportunity(ctx context.Context, o volunteer.Opportunity) error {
	return create(ctx, s, "sqlstore.Store.CreateOpportunity", opportunityTable, o)
}

// GetOpportunity implements volunteer.Store.
func (s *Store) GetOpportunity(ctx context.Context, id uuid.UUID) (volunteer.Opportunity, error) {
	return get(ctx, s, "sqlstore.Store.GetOpportunity", opportunityTable, id)
}

// ListOpportunities implements volunteer.Store. The time range narrows on the earliest
// shift start; Match expands the occurrences.
func (s *Store) ListOpportunities(ctx context.Context, f volunteer.OpportunityFilter) (wushe.Page[volunteer.Opportunity], error) {
	var w where
	if f.Organizer != (volunteer.Actor{}) {
		w.add("organizer_kind = ? AND organizer_id = ?", f.Organizer.Kind, f.Organizer.ID)
	}
	w.eq("theme", f.Theme)
	w.eq("status", f.Status)
	if !f.StartsBefore.IsZero() {
		w.add("starts_at <= ?", f.StartsBefore) // inclusive: PostgreSQL keeps microseconds; Match is exact
	}
	return list(ctx, s, "sqlstore.Store.ListOpportunities", opportunityTable, w, f.Match, f.Page)
}

// UpdateOpportunity implements volunteer.Store.
func (s *Store) UpdateOpportunity(ctx context.Context, id uuid.UUID, fn func(*volunteer.Opportunity) error) (volunteer.Opportunity, error) {
	return update(ctx, s, "sqlstore.Store.UpdateOpportunity", opportunityTable, id, fn)
}

// allEnrolmentStatuses lists every status; the open and place-holding lists derive from
// the status's own methods.
var allEnrolmentStatuses = []volunteer.EnrolmentStatus{volunteer.EnrolmentWaitlisted, volunteer.EnrolmentConfirmed,
	volunteer.EnrolmentCheckedIn, volunteer.EnrolmentCompleted, volunteer.EnrolmentNoShow, volunteer.EnrolmentCancelled}

// statusIn is "status IN (?, ...)" with the statuses keep accepts.
func statusIn(keep func(volunteer.EnrolmentStatus) bool) (string, []any) {
	var args []any
	for _, st := range allEnrolmentStatuses {
		if keep(st) {
			args = append(args, st)
		}
	}
	return "status IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ") + ")", args
}

// openStatusSQL is the condition of the partial unique index volunteer_enrolments_open_uniq,
// written out the same way so that the planners use that index for the one-open-enrolment
// check (SQLite matches a partial index's condition term by term, never through a
// parameter).
var openStatusSQL = func() string {
	var quoted []string
	for _, st := range allEnrolmentStatuses {
		if st.Open() {
			quoted = append(quoted, "'"+string(st)+"'")
		}
	}
	return "status IN (" + strings.Join(quoted, ", ") + ")"
}()

// shiftKey is the advisory lock key of one shift occurrence: every change to its
// enrolments' places holds it.
func shiftKey(ref volunteer.ShiftRef) string { return "volunteer.shift:" + ref.String() }

// shiftWhere selects the enrolments of ref.
func shiftWhere(ref volunteer.ShiftRef) where {
	var w where
	w.add("opportunity_id = ? AND shift_id = ? AND occurrence = ?", ref.OpportunityID, ref.ShiftID, ref.Occurrence)
	return w
}

// EnrolInShift implements volunteer.Store: under the shift's lock it counts the
// enrolments that hold a place and stores e confirmed or applied.
func (s *Store) EnrolInShift(ctx context.Context, e volunteer.Enrolment, capacity int) (out volunteer.Enrolment, err error) {
	const op = "sqlstore.Store.EnrolInShift"
	err = s.write(ctx, op, "Enrolment", func(tx *sql.Tx) error {
		if err := s.dialect.lock(ctx, tx, shiftKey(e.Shift)); err != nil {
			return err
		}
		if ok, err := enrolmentTable.exists(ctx, s, tx, e.ID); err != nil || ok {
			if ok {
				return enrolmentTable.alreadyExists(op, e.ID)
			}
			return err
		}
		w := shiftWhere(e.Shift)
		w.add("volunteer_id = ?", e.VolunteerID)
		w.add(openStatusSQL)
		var other string
		err := tx.QueryRowContext(ctx, s.dialect.rebind("SELECT id FROM volunteer_enrolments WHERE "+strings.Join(w.clauses, " AND ")+" LIMIT 1"),
			s.args(w.args...)...).Scan(&other)
		switch {
		case err == nil:
			return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Enrolment", ID: other,
				Field: "VolunteerID", Msg: "the volunteer is already enrolled in this shift"}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		taken, err := s.placesTaken(ctx, tx, e.Shift)
		if err != nil {
			return err
		}
		e.Status = volunteer.EnrolmentWaitlisted
		if taken < capacity {
			e.Status = volunteer.EnrolmentConfirmed
		}
		e.Version = 1
		if err := enrolmentTable.insertAsIs(ctx, s, tx, op, e); err != nil {
			return err
		}
		out, err = enrolmentTable.fresh(op, e)
		return err
	})
	return out, uniqueField(err)
}

// placesTaken counts the enrolments of ref that hold a place.
func (s *Store) placesTaken(ctx context.Context, q querier, ref volunteer.ShiftRef) (int, error) {
	w := shiftWhere(ref)
	holds, args := statusIn(volunteer.EnrolmentStatus.HoldsPlace)
	w.add(holds, args...)
	var n int
	err := q.QueryRowContext(ctx, s.dialect.rebind("SELECT COUNT(*) FROM volunteer_enrolments WHERE "+strings.Join(w.clauses, " AND ")),
		s.args(w.args...)...).Scan(&n)
	return n, err
}

// lockEnrolment reads the enrolment id holding its shift's lock and, on PostgreSQL, its
// row lock: the shift is learnt from a first read, locked, and the row read again locked;
// should the enrolment have moved meanwhile, the new shift is locked too. Shift before
// row, as EnrolInShift and CancelEnrolment take them.
func (s *Store) lockEnrolment(ctx context.Context, tx *sql.Tx, op string, id uuid.UUID) (volunteer.Enrolment, error) {
	e, err := enrolmentTable.get(ctx, s, tx, op, id, false)
	for err == nil {
		if err = s.dialect.lock(ctx, tx, shiftKey(e.Shift)); err != nil {
			break
		}
		if s.Backend() == SQLite {
			// The IMMEDIATE transaction already excludes every other writer.
			return e, nil
		}
		var locked volunteer.Enrolment
		if locked, err = enrolmentTable.get(ctx, s, tx, op, id, true); err == nil && locked.Shift == e.Shift {
			return locked, nil
		}
		e = locked
	}
	return volunteer.Enrolment{}, err
}

// CancelEnrolment implements volunteer.Store: under the shift's lock it cancels the
// enrolment and confirms the waitlist in NextOnWaitlist order while places are free.
func (s *Store) CancelEnrolment(ctx context.Context, id uuid.UUID, c volunteer.Cancellation) (cancelled volunteer.Enrolment, promoted []volunteer.Enrolment, err error) {
	const op = "sqlstore.Store.CancelEnrolment"
	err = s.write(ctx, op, "Enrolment", func(tx *sql.Tx) error {
		promoted = nil
		cur, err := s.lockEnrolment(ctx, tx, op, id)
		if err != nil {
			return err
		}
		if !cur.Status.Open() {
			return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Enrolment", ID: id.String(),
				Field: "Status", Msg: "a " + string(cur.Status) + " enrolment cannot be cancelled"}
		}
		cur.Status, cur.CancelledAt, cur.UpdatedAt, cur.LateCancellation = volunteer.EnrolmentCancelled, c.At, c.At, c.Late
		cur.Version++
		if err := enrolmentTable.put(ctx, s, tx, op, cur); err != nil {
			return err
		}
		if cancelled, err = enrolmentTable.fresh(op, cur); err != nil {
			return err
		}
		es, err := enrolmentTable.all(ctx, s, tx, op, shiftWhere(cur.Shift), nil, false)
		if err != nil {
			return err
		}
		taken := 0
		for _, e := range es {
			if e.Status.HoldsPlace() {
				taken++
			}
		}
		for ; taken < c.Capacity; taken++ {
			next, ok := volunteer.NextOnWaitlist(es, cur.Shift)
			if !ok {
				break
			}
			next.Status, next.UpdatedAt = volunteer.EnrolmentConfirmed, c.At
			next.Version++
			if err := enrolmentTable.put(ctx, s, tx, op, next); err != nil {
				return err
			}
			back, err := enrolmentTable.fresh(op, next)
			if err != nil {
				return err
			}
			promoted = append(promoted, back)
			for i := range es {
				if es[i].ID == next.ID {
					es[i] = next
				}
			}
		}
		return nil
	})
	if err != nil {
		return volunteer.Enrolment{}, nil, err
	}
	return cancelled, promoted, nil
}

// GetEnrolment implements volunteer.Store.
func (s *Store) GetEnrolment(ctx context.Context, id uuid.UUID) (volunteer.Enrolment, error) {
	return get(ctx, s, "sqlstore.Store.GetEnrolment", enrolmentTable, id)
}

// ListEnrolments implements volunteer.Store.
func (s *Store) ListEnrolments(ctx context.Context, f volunteer.EnrolmentFilter) (wushe.Page[volunteer.Enrolment], error) {
	var w where
	w.eq("volunteer_id", f.VolunteerID)
	w.eq("opportunity_id", f.OpportunityID)
	if f.Shift.OpportunityID != uuid.Nil {
		w.add("opportunity_id = ? AND shift_id = ? AND occurrence = ?", f.Shift.OpportunityID, f.Shift.ShiftID, f.Shift.Occurrence)
	}
	w.eq("status", f.Status)
	return list(ctx, s, "sqlstore.Store.ListEnrolments", enrolmentTable, w, f.Match, f.Page)
}

// UpdateEnrolment implements volunteer.Store. It holds the shift's lock, and the new
// shift's when fn moves the enrolment, so that places are counted right; the shift
// columns follow the enrolment.
func (s *Store) UpdateEnrolment(ctx context.Context, id uuid.UUID, fn func(*volunteer.Enrolment) error) (out volunteer.Enrolment, err error) {
	const op = "sqlstore.Store.UpdateEnrolment"
	err = s.write(ctx, op, "Enrolment", func(tx *sql.Tx) error {
		cur, err := s.lockEnrolment(ctx, tx, op, id)
		if err != nil {
			return err
		}
		out, err = enrolmentTable.update(ctx, s, tx, op, id, func(e *volunteer.Enrolment) error {
			if err := fn(e); err != nil {
				return err
			}
			if e.Shift != cur.Shift {
				return s.dialect.lock(ctx, tx, shiftKey(e.Shift))
			}
			return nil
		})
		return err
	})
	return out, uniqueField(err)
}

// CreateRecord implements volunteer.Store: under the volunteer's record lock it refuses a
// record over another live record's time (volunteer.CheckOverlap), then inserts; the
// unique index keeps one live record per enrolment.
func (s *Store) CreateRecord(ctx context.Context, r volunteer.ServiceRecord) error {
	const op = "sqlstore.Store.CreateRecord"
	return uniqueField(s.write(ctx, op, "ServiceRecord", func(tx *sql.Tx) error {
		if err := s.dialect.lock(ctx, tx, volunteerRecordsKey(r.VolunteerID)); err != nil {
			return err
		}
		if ok, err := recordTable.exists(ctx, s, tx, r.ID); err != nil || ok {
			if ok {
				return recordTable.alreadyExists(op, r.ID)
			}
			return err
		}
		if err := s.recordOverlap(ctx, tx, op, nil, r); err != nil {
			return err
		}
		return recordTable.insert(ctx, s, tx, op, r)
	}))
}

// volunteerRecordsKey names the lock that orders the writers of one volunteer's records.
func volunteerRecordsKey(id uuid.UUID) string { return "volunteer.records:" + id.String() }

// overlapMargin widens the overlap query's bounds: SQLite rows filled by the migration
// keep ends_at to the second, PostgreSQL keeps times to the microsecond. The query only
// narrows; volunteer.CheckOverlap decides on the documents.
const overlapMargin = time.Second

// recordOverlap applies the overlap rule to a write of r over before (nil when r is new)
// inside tx, which holds the volunteer's record lock: it reads the volunteer's live
// records that end after r starts, through the (volunteer_id, ends_at, starts_at) index,
// and lets volunteer.CheckOverlap decide. Service is mostly recorded in time order, so
// those are the last few; the query has no bound on starts_at, which would lead SQLite's
// planner to the (volunteer_id, starts_at, id) index and every earlier record.
func (s *Store) recordOverlap(ctx context.Context, tx *sql.Tx, op string, before *volunteer.ServiceRecord, r volunteer.ServiceRecord) error {
	if !volunteer.OverlapCheckNeeded(before, r) {
		return nil
	}
	var w where
	w.add("volunteer_id = ?", r.VolunteerID)
	w.add("ends_at >= ?", r.Window.Start.Add(-overlapMargin))
	w.add("status <> ?", volunteer.RecordRejected)
	w.add("id <> ?", r.ID)
	others, err := recordTable.all(ctx, s, tx, op, w, nil, false)
	if err != nil {
		return err
	}
	return volunteer.CheckOverlap(op, before, r, others)
}

// GetRecord implements volunteer.Store.
func (s *Store) GetRecord(ctx context.Context, id uuid.UUID) (volunteer.ServiceRecord, error) {
	return get(ctx, s, "sqlstore.Store.GetRecord", recordTable, id)
}

// ListRecords implements volunteer.Store.
func (s *Store) ListRecords(ctx context.Context, f volunteer.RecordFilter) (wushe.Page[volunteer.ServiceRecord], error) {
	var w where
	w.eq("volunteer_id", f.VolunteerID)
	w.eq("enrolment_id", f.EnrolmentID)
	if f.Organizer != (volunteer.Actor{}) {
		w.add("organizer_kind = ? AND organizer_id = ?", f.Organizer.Kind, f.Organizer.ID)
	}
	w.eq("status", f.Status)
	w.between("starts_at", f.From, f.To)
	return list(ctx, s, "sqlstore.Store.ListRecords", recordTable, w, f.Match, f.Page)
}

// UpdateRecord implements volunteer.Store: it takes the volunteer's record lock before the
// row's (as CreateRecord takes it), runs fn, and refuses a result over another record's
// time (volunteer.CheckOverlap).
func (s *Store) UpdateRecord(ctx context.Context, id uuid.UUID, fn func(*volunteer.ServiceRecord) error) (out volunteer.ServiceRecord, err error) {
	const op = "sqlstore.Store.UpdateRecord"
	err = s.write(ctx, op, "ServiceRecord", func(tx *sql.Tx) error {
		first, err := recordTable.get(ctx, s, tx, op, id, false)
		if err != nil {
			return err
		}
		locked := first.VolunteerID
		if err := s.dialect.lock(ctx, tx, volunteerRecordsKey(locked)); err != nil {
			return err
		}
		out, err = recordTable.update(ctx, s, tx, op, id, func(r *volunteer.ServiceRecord) error {
			before := *r
			if err := fn(r); err != nil {
				return err
			}
			for _, v := range []uuid.UUID{before.VolunteerID, r.VolunteerID} {
				if v != locked {
					if err := s.dialect.lock(ctx, tx, volunteerRecordsKey(v)); err != nil {
						return err
					}
				}
			}
			return s.recordOverlap(ctx, tx, op, &before, *r)
		})
		return err
	})
	return out, uniqueField(err)
}

// CreateCertificate implements volunteer.Store. Numbers are unique: checked first, for an
// error naming the field, and kept by a unique index.
func (s *Store) CreateCertificate(ctx context.Context, c volunteer.Certificate) error {
	const op = "sqlstore.Store.CreateCertificate"
	err := s.write(ctx, op, "Certificate", func(tx *sql.Tx) error {
		if ok, err := certificateTable.exists(ctx, s, tx, c.ID); err != nil || ok {
			if ok {
				return certificateTable.alreadyExists(op, c.ID)
			}
			return err
		}
		taken, err := s.taken(ctx, tx, "SELECT COUNT(*) FROM volunteer_certificates WHERE number = ?", c.Number)
		if err != nil {
			return err
		}
		if taken {
			return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Certificate", ID: c.ID.String(),
				Field: "Number", Msg: "another certificate has this number"}
		}
		return certificateTable.insert(ctx, s, tx, op, c)
	})
	return uniqueField(err)
}

// GetCertificate implements volunteer.Store.
func (s *Store) GetCertificate(ctx context.Context, id uuid.UUID) (volunteer.Certificate, error) {
	return get(ctx, s, "sqlstore.Store.GetCertificate", certificateTable, id)
}

// CreateCatalogItem implements volunteer.Store.
func (s *Store) CreateCatalogItem(ctx context.Context, c volunteer.CatalogItem) error {
	return create(ctx, s, "sqlstore.Store.CreateCatalogItem", catalogTable, c)
}

// GetCatalogItem implements volunteer.Store.
func (s *Store) GetCatalogItem(ctx context.Context, id uuid.UUID) (volunteer.CatalogItem, error) {
	return get(ctx, s, "sqlstore.Store.GetCatalogItem", catalogTable, id)
}

// ListCatalogItems implements volunteer.Store.
func (s *Store) ListCatalogItems(ctx context.Context, f volunteer.CatalogFilter) (wushe.Page[volunteer.CatalogItem], error) {
	var w where
	if f.ActiveOnly {
		w.add("active = ?", true)
	}
	return list(ctx, s, "sqlstore.Store.ListCatalogItems", catalogTable, w, f.Match, f.Page)
}

// UpdateCatalogItem implements volunteer.Store.
func (s *Store) UpdateCatalogItem(ctx context.Context, id uuid.UUID, fn func(*volunteer.CatalogItem) error) (volunteer.CatalogItem, error) {
	return update(ctx, s, "sqlstore.Store.UpdateCatalogItem", catalogTable, id, fn)
}

// keyLock and accountLock are the advisory lock keys of an idempotency key and of an
// account's balance.
func keyLock(key string) string              { return "volunteer.ledger.key:" + key }
func accountLock(a volunteer.Account) string { return "volunteer.ledger.account:" + string(a) }

// PostTransaction implements volunteer.Store in one transaction: it locks the idempotency
// key and returns the stored transaction with that key; otherwise it locks the accounts
// (see lockAccounts), checks the guarded balances and the ceilings, takes the redeemed
// item's stock under its row lock, and inserts the transaction, its entries and the new
// balance rows.
func (s *Store) PostTransaction(ctx context.Context, in volunteer.Transaction) (out volunteer.Transaction, err error) {
	const op = "sqlstore.Store.PostTransaction"
	if err := checkAccounts(op, in); err != nil {
		return volunteer.Transaction{}, err
	}
	err = s.write(ctx, op, "Transaction", func(tx *sql.Tx) error {
		if err := s.dialect.lock(ctx, tx, keyLock(in.Key)); err != nil {
			return err
		}
		prev, found, err := s.transactionByKey(ctx, tx, op, in.Key)
		if err != nil {
			return err
		}
		if found {
			if !volunteer.SameContent(prev, in) {
				return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Transaction", ID: prev.ID.String(), Field: "Key",
					Msg: "the idempotency key was used for a different transaction"}
			}
			out = prev
			return nil
		}
		if ok, err := transactionTable.exists(ctx, s, tx, in.ID); err != nil || ok {
			if ok {
				return transactionTable.alreadyExists(op, in.ID)
			}
			return err
		}
		exclusive, shared := ledgerAccounts(in)
		if err := s.lockAccounts(ctx, tx, exclusive, shared); err != nil {
			return err
		}
		current, err := s.currentBalances(ctx, tx, exclusive)
		if err != nil {
			return err
		}
		after := map[volunteer.Account]decimal.Decimal{}
		var touched []volunteer.Account
		for _, e := range in.Entries {
			cur, ok := after[e.Account]
			if !ok {
				cur = current[e.Account]
				touched = append(touched, e.Account)
			}
			after[e.Account] = cur.Add(e.Amount)
		}
		slices.Sort(touched)
		for _, a := range touched {
			if a.Guarded() && after[a].IsNegative() {
				return &wushe.Error{Op: op, Kind: wushe.KindInsufficient, Entity: "Transaction", ID: in.ID.String(), Field: "Entries",
					Msg: "account " + string(a) + " would go negative (balance " + current[a].String() + ")"}
			}
		}
		for _, c := range in.Ceilings {
			b, ok := after[c.Account]
			if !ok {
				b = current[c.Account]
			}
			if b.GreaterThan(c.Max) {
				return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Transaction", ID: in.ID.String(), Field: "Ceilings",
					Msg: "account " + string(c.Account) + " would end above " + c.Max.String()}
			}
		}
		if r := in.Redemption; r != nil {
			item, err := catalogTable.get(ctx, s, tx, op, r.ItemID, true)
			if err != nil {
				return err
			}
			if item.Stock < r.Quantity {
				return &wushe.Error{Op: op, Kind: wushe.KindInsufficient, Entity: "CatalogItem", ID: r.ItemID.String(), Field: "Stock",
					Msg: "only " + strconv.Itoa(item.Stock) + " left"}
			}
			item.Stock -= r.Quantity
			item.Version++
			item.UpdatedAt = in.PostedAt
			if err := catalogTable.put(ctx, s, tx, op, item); err != nil {
				return err
			}
		}
		if err := transactionTable.insert(ctx, s, tx, op, in); err != nil {
			return err
		}
		if err := s.insertEntries(ctx, tx, in); err != nil {
			return err
		}
		if err := s.storeBalances(ctx, tx, touched, after); err != nil {
			return err
		}
		if err := s.keepCheckpoints(ctx, tx, touched, unixNano(in.PostedAt)); err != nil {
			return err
		}
		in.Version = 1
		out, err = transactionTable.fresh(op, in)
		return err
	})
	return out, uniqueField(err)
}

// checkAccounts refuses, before any statement, an account name the ledger tables cannot
// hold.
func checkAccounts(op string, in volunteer.Transaction) error {
	for i, e := range in.Entries {
		if n := utf8.RuneCountInString(string(e.Account)); n > maxAccount {
			return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Transaction", ID: in.ID.String(), Field: wushe.Index("Entries", i) + ".Account",
				Msg: "is " + strconv.Itoa(n) + " characters long; the store takes at most " + strconv.Itoa(maxAccount)}
		}
	}
	return nil
}

// transactionByKey reads the transaction stored with key, if any.
func (s *Store) transactionByKey(ctx context.Context, q querier, op, key string) (volunteer.Transaction, bool, error) {
	var out volunteer.Transaction
	var idText string
	var version int64
	var doc []byte
	err := q.QueryRowContext(ctx, s.dialect.rebind("SELECT id, version, doc FROM volunteer_transactions WHERE key = ?"), key).Scan(&idText, &version, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return out, false, nil
	}
	if err != nil {
		return out, false, err
	}
	id, err := uuid.Parse(idText)
	if err != nil {
		return out, false, &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Entity: "Transaction", ID: idText, Msg: "a stored ID is not a UUID", Err: err}
	}
	return out, true, transactionTable.load(s, op, id, version, doc, &out)
}

// systemAccount reports whether a is one of the platform's own accounts (system/...), the
// counterparties that nearly every posting touches: they keep no balance row, so that
// postings to them do not queue on one hot row, and are locked shared unless a posting
// puts a ceiling on one.
func systemAccount(a volunteer.Account) bool { return strings.HasPrefix(string(a), "system/") }

// ledgerAccounts splits the accounts a transaction touches: exclusive ones (every account
// it posts to but the system accounts, and every account it puts a ceiling on), whose
// balances it reads and writes, and shared ones (system accounts it only posts to).
func ledgerAccounts(in volunteer.Transaction) (exclusive, shared []volunteer.Account) {
	for _, c := range in.Ceilings {
		exclusive = append(exclusive, c.Account)
	}
	for _, e := range in.Entries {
		if !systemAccount(e.Account) {
			exclusive = append(exclusive, e.Account)
		}
	}
	slices.Sort(exclusive)
	exclusive = slices.Compact(exclusive)
	for _, e := range in.Entries {
		if _, found := slices.BinarySearch(exclusive, e.Account); !found {
			shared = append(shared, e.Account)
		}
	}
	slices.Sort(shared)
	return exclusive, slices.Compact(shared)
}

// lockAccounts takes an exclusive lock on each exclusive account and a shared one on each
// shared account, all in sorted order. Postings that meet only on system accounts share
// those locks and run side by side; a posting that reads an account's balance holds it
// alone, after every posting to it has ended, so what it reads (the balance row, or for
// a system account under a ceiling, the sum of its entries) is exact.
func (s *Store) lockAccounts(ctx context.Context, tx *sql.Tx, exclusive, shared []volunteer.Account) error {
	all := append(slices.Clone(exclusive), shared...)
	slices.Sort(all)
	for _, a := range all {
		var err error
		if _, found := slices.BinarySearch(exclusive, a); found {
			err = s.dialect.lock(ctx, tx, accountLock(a))
		} else {
			err = s.dialect.lockShared(ctx, tx, accountLock(a))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// currentBalances reads the balances of the accounts: the balance row of each, or for a
// system account (which keeps none) the sum of its entries.
func (s *Store) currentBalances(ctx context.Context, q querier, accounts []volunteer.Account) (map[volunteer.Account]decimal.Decimal, error) {
	out := make(map[volunteer.Account]decimal.Decimal, len(accounts))
	var rowed, system []volunteer.Account
	for _, a := range accounts {
		out[a] = decimal.Zero
		if systemAccount(a) {
			system = append(system, a)
		} else {
			rowed = append(rowed, a)
		}
	}
	if len(rowed) > 0 {
		args := make([]any, len(rowed))
		for i, a := range rowed {
			args[i] = string(a)
		}
		query := "SELECT account, CAST(balance AS TEXT) FROM volunteer_ledger_balances WHERE account IN (" +
			strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ") + ")"
		rows, err := q.QueryContext(ctx, s.dialect.rebind(query), args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var a string
			var b decimal.Decimal
			if err := rows.Scan(&a, &b); err != nil {
				return nil, err
			}
			out[volunteer.Account(a)] = b
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	sums, err := s.balances(ctx, q, system, math.MaxInt64)
	if err != nil {
		return nil, err
	}
	maps.Copy(out, sums)
	return out, nil
}

// storeBalances writes the new balance rows of the touched accounts but the system ones.
func (s *Store) storeBalances(ctx context.Context, tx *sql.Tx, touched []volunteer.Account, after map[volunteer.Account]decimal.Decimal) error {
	var b strings.Builder
	args := make([]any, 0, 2*len(touched))
	for _, a := range touched {
		if systemAccount(a) {
			continue
		}
		if len(args) > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?)")
		args = append(args, s.args(a, after[a])...)
	}
	if len(args) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, s.dialect.rebind("INSERT INTO volunteer_ledger_balances (account, balance) VALUES "+
		b.String()+" ON CONFLICT (account) DO UPDATE SET balance = excluded.balance"), args...)
	return err
}

// balances sums the entries of each account posted at or before asOf (Unix nanoseconds):
// numeric SUM on PostgreSQL, decimal text added up in Go on SQLite; never a float.
func (s *Store) balances(ctx context.Context, q querier, accounts []volunteer.Account, asOf int64) (map[volunteer.Account]decimal.Decimal, error) {
	out := make(map[volunteer.Account]decimal.Decimal, len(accounts))
	for _, a := range accounts {
		out[a] = decimal.Zero
	}
	if len(accounts) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(accounts)+1)
	for _, a := range accounts {
		args = append(args, string(a))
	}
	args = append(args, asOf)
	in := "account IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(accounts)), ", ") + ") AND posted_ns <= ?"
	query := "SELECT account, amount FROM volunteer_ledger_entries WHERE " + in
	if s.Backend() == Postgres {
		query = "SELECT account, CAST(SUM(amount) AS TEXT) FROM volunteer_ledger_entries WHERE " + in + " GROUP BY account"
	}
	rows, err := q.QueryContext(ctx, s.dialect.rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		var d decimal.Decimal
		if err := rows.Scan(&a, &d); err != nil {
			return nil, err
		}
		out[volunteer.Account(a)] = out[volunteer.Account(a)].Add(d)
	}
	return out, rows.Err()
}

// checkpointEvery is how many entries of an account a checkpoint covers beyond the one
// before it.
const checkpointEvery = 256

// keepCheckpoints maintains the ledger checkpoints of the accounts a posting dated ns
// touched (the caller holds their exclusive locks): it deletes those the posting falls at
// or before, and adds one at the account's latest entry once checkpointEvery entries lie
// beyond the latest checkpoint. System accounts keep none.
func (s *Store) keepCheckpoints(ctx context.Context, tx *sql.Tx, touched []volunteer.Account, ns int64) error {
	for _, a := range touched {
		if systemAccount(a) {
			continue
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind("DELETE FROM volunteer_ledger_checkpoints WHERE account = ? AND posted_ns >= ?"),
			string(a), ns); err != nil {
			return err
		}
		since, base := int64(math.MinInt64), decimal.Zero
		err := tx.QueryRowContext(ctx, s.dialect.rebind("SELECT posted_ns, CAST(balance AS TEXT) FROM volunteer_ledger_checkpoints "+
			"WHERE account = ? ORDER BY posted_ns DESC LIMIT 1"), string(a)).Scan(&since, &base)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, s.dialect.rebind("SELECT COUNT(*) FROM (SELECT 1 FROM volunteer_ledger_entries "+
			"WHERE account = ? AND posted_ns > ? LIMIT "+strconv.Itoa(checkpointEvery)+") AS recent"), string(a), since).Scan(&n); err != nil {
			return err
		}
		if n < checkpointEvery {
			continue
		}
		rows, err := tx.QueryContext(ctx, s.dialect.rebind("SELECT CAST(amount AS TEXT), posted_ns FROM volunteer_ledger_entries "+
			"WHERE account = ? AND posted_ns > ?"), string(a), since)
		if err != nil {
			return err
		}
		sum, last := base, since
		for rows.Next() {
			var d decimal.Decimal
			var at int64
			if err := rows.Scan(&d, &at); err != nil {
				rows.Close()
				return err
			}
			sum, last = sum.Add(d), max(last, at)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind("INSERT INTO volunteer_ledger_checkpoints (account, posted_ns, balance) VALUES (?, ?, ?)"),
			s.args(a, last, sum)...); err != nil {
			return err
		}
	}
	return nil
}

// balanceAsOf is account's balance over its entries posted at or before asOf (Unix
// nanoseconds): the latest checkpoint at or before asOf plus the entries after it, read in
// one statement so that both come from the same state of the ledger.
func (s *Store) balanceAsOf(ctx context.Context, q querier, account volunteer.Account, asOf int64) (decimal.Decimal, error) {
	parts := "WITH cp AS (SELECT posted_ns, balance FROM volunteer_ledger_checkpoints WHERE account = ? AND posted_ns <= ? " +
		"ORDER BY posted_ns DESC LIMIT 1) " +
		"SELECT balance AS amount FROM cp UNION ALL " +
		"SELECT amount FROM volunteer_ledger_entries WHERE account = ? AND posted_ns <= ? " +
		"AND posted_ns > COALESCE((SELECT posted_ns FROM cp), ?)"
	query := parts
	if s.Backend() == Postgres {
		query = "SELECT CAST(COALESCE(SUM(amount), 0) AS TEXT) FROM (" + parts + ") AS recent"
	}
	rows, err := q.QueryContext(ctx, s.dialect.rebind(query), string(account), asOf, string(account), asOf, int64(math.MinInt64))
	if err != nil {
		return decimal.Zero, err
	}
	defer rows.Close()
	out := decimal.Zero
	for rows.Next() {
		var d decimal.Decimal
		if err := rows.Scan(&d); err != nil {
			return decimal.Zero, err
		}
		out = out.Add(d)
	}
	return out, rows.Err()
}

// insertEntries writes one row per entry of t, dated t.PostedAt.
func (s *Store) insertEntries(ctx context.Context, tx *sql.Tx, t volunteer.Transaction) error {
	if len(t.Entries) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("INSERT INTO volunteer_ledger_entries (transaction_id, position, account, amount, posted_at, posted_ns) VALUES ")
	args := make([]any, 0, 6*len(t.Entries))
	for i, e := range t.Entries {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?)")
		args = append(args, s.args(t.ID, i, e.Account, e.Amount, t.PostedAt, unixNano(t.PostedAt))...)
	}
	_, err := tx.ExecContext(ctx, s.dialect.rebind(b.String()), args...)
	return err
}

// ListTransactions implements volunteer.Store. The Account filter selects through the
// entries.
func (s *Store) ListTransactions(ctx context.Context, f volunteer.TransactionFilter) (wushe.Page[volunteer.Transaction], error) {
	var w where
	if f.Account != "" {
		w.add("id IN (SELECT transaction_id FROM volunteer_ledger_entries WHERE account = ?)", f.Account)
	}
	w.eq("kind", f.Kind)
	w.eq("key", f.Key)
	w.eq("record_id", f.RecordID)
	w.between("posted_at", f.From, f.To)
	return list(ctx, s, "sqlstore.Store.ListTransactions", transactionTable, w, f.Match, f.Page)
}

// LedgerBalance implements volunteer.Store: the sum of account's entries posted at or
// before asOf, exact in amount (PostgreSQL sums numeric; SQLite's decimal text is summed
// in Go) and in time (the bound compares Unix nanoseconds, not PostgreSQL's microsecond
// timestamps).
func (s *Store) LedgerBalance(ctx context.Context, account volunteer.Account, asOf time.Time) (out decimal.Decimal, err error) {
	const op = "sqlstore.Store.LedgerBalance"
	err = s.read(ctx, op, "Transaction", func(q querier) error {
		out, err = s.balanceAsOf(ctx, q, account, unixNano(asOf))
		return err
	})
	if err != nil {
		return decimal.Zero, err
	}
	return out, nil
}

// unixNano is t in Unix nanoseconds, clamped to the int64 range (years 1678 to 2262), so
// that an as-of bound far in the future or past still compares right.
func unixNano(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		return math.MinInt64
	case t.After(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64
	}
	return t.UnixNano()
}
