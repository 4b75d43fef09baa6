package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

var _ resources.Store = (*Store)(nil)

// movementVersion is the Version column of every movement: a movement is written once and
// never changed, so the column is constant (the schema checks it).
func movementVersion(*resources.Movement) *int64 { v := int64(1); return &v }

// The resources package's tables. Lists narrow in SQL on the filter columns and then apply
// the filter's own Match, the one statement of its semantics.
var (
	donorTable = &table[resources.Donor]{name: "resources_donors", entity: "Donor",
		id: func(v *resources.Donor) uuid.UUID { return v.ID }, version: func(v *resources.Donor) *int64 { return &v.Version },
		cols: []column[resources.Donor]{
			{name: "kind", field: "Kind", max: 64, value: func(v *resources.Donor) any { return v.Kind }},
			{name: "credit_code", field: "CreditCode", max: 64, value: func(v *resources.Donor) any { return v.CreditCode }},
			{name: "community_id", field: "CommunityID", value: func(v *resources.Donor) any { return v.CommunityID }},
		}}
	donationTable = &table[resources.Donation]{name: "resources_donations", entity: "Donation",
		id: func(v *resources.Donation) uuid.UUID { return v.ID }, version: func(v *resources.Donation) *int64 { return &v.Version },
		cols: []column[resources.Donation]{
			{name: "donor_id", field: "DonorID", value: func(v *resources.Donation) any { return v.DonorID }},
			{name: "project_id", field: "ProjectID", value: func(v *resources.Donation) any { return v.ProjectID }},
			{name: "status", field: "Status", max: 64, value: func(v *resources.Donation) any { return v.Status }},
			{name: "kind", field: "Kind", max: 64, value: func(v *resources.Donation) any { return v.Kind }},
		}}
	lotTable = &table[resources.Lot]{name: "resources_lots", entity: "Lot",
		id: func(v *resources.Lot) uuid.UUID { return v.ID }, version: func(v *resources.Lot) *int64 { return &v.Version },
		cols: []column[resources.Lot]{
			{name: "donation_id", field: "DonationID", value: func(v *resources.Lot) any { return v.DonationID }},
			{name: "kind", field: "Kind", max: 64, value: func(v *resources.Lot) any { return v.Kind }},
			{name: "category", field: "Category", max: 200, value: func(v *resources.Lot) any { return v.Category }},
			{name: "on_hand", field: "OnHand", value: func(v *resources.Lot) any { return v.OnHand }},
		}}
	requestTable = &table[resources.Request]{name: "resources_requests", entity: "Request",
		id: func(v *resources.Request) uuid.UUID { return v.ID }, version: func(v *resources.Request) *int64 { return &v.Version },
		cols: []column[resources.Request]{
			{name: "community_id", field: "CommunityID", value: func(v *resources.Request) any { return v.CommunityID }},
			{name: "need_id", field: "NeedID", value: func(v *resources.Request) any { return v.NeedID }},
			{name: "category", field: "Category", max: 200, value: func(v *resources.Request) any { return v.Category }},
			{name: "status", field: "Status", max: 64, value: func(v *resources.Request) any { return v.Status }},
			{name: "urgency", field: "Urgency", max: 64, value: func(v *resources.Request) any { return v.Urgency }},
		}}
	allocationTable = &table[resources.Allocation]{name: "resources_allocations", entity: "Allocation",
		id: func(v *resources.Allocation) uuid.UUID { return v.ID }, version: func(v *resources.Allocation) *int64 { return &v.Version },
		cols: []column[resources.Allocation]{
			{name: "lot_id", field: "LotID", value: func(v *resources.Allocation) any { return v.LotID }},
			{name: "request_id", field: "RequestID", value: func(v *resources.Allocation) any { return v.RequestID }},
			{name: "status", field: "Status", max: 64, value: func(v *resources.Allocation) any { return v.Status }},
		}}
	// movementTable is append-only: Post inserts into it and nothing updates or deletes
	// (the schema's triggers refuse both).
	movementTable = &table[resources.Movement]{name: "resources_movements", entity: "Movement",
		id: func(v *resources.Movement) uuid.UUID { return v.ID }, version: movementVersion,
		cols: []column[resources.Movement]{
			{name: "lot_id", field: "LotID", value: func(v *resources.Movement) any { return v.LotID }},
			{name: "kind", field: "Kind", max: 64, value: func(v *resources.Movement) any { return v.Kind }},
			{name: "at", field: "At", value: func(v *resources.Movement) any { return v.At }},
			{name: "seq", field: "Seq", value: func(v *resources.Movement) any { return v.Seq }},
		}}
)

// CreateDonor implements resources.Store.
func (s *Store) CreateDonor(ctx context.Context, d resources.Donor) error {
	return create(ctx, s, "sqlstore.Store.CreateDonor", donorTable, d)
}

// GetDonor implements resources.Store.
func (s *Store) GetDonor(ctx context.Context, id uuid.UUID) (resources.Donor, error) {
	return get(ctx, s, "sqlstore.Store.GetDonor", donorTable, id)
}

// ListDonors implements resources.Store.
func (s *Store) ListDonors(ctx context.Context, f resources.DonorFilter) (wushe.Page[resources.Donor], error) {
	var w where
	w.eq("kind", f.Kind)
	w.eq("credit_code", f.CreditCode)
	w.eq("community_id", f.CommunityID)
	return list(ctx, s, "sqlstore.Store.ListDonors", donorTable, w, f.Match, f.Page)
}

// UpdateDonor implements resources.Store.
func (s *Store) UpdateDonor(ctx context.Context, id uuid.UUID, fn func(*resources.Donor) error) (resources.Donor, error) {
	return update(ctx, s, "sqlstore.Store.UpdateDonor", donorTable, id, fn)
}

// CreateDonation implements resources.Store.
func (s *Store) CreateDonation(ctx context.Context, d resources.Donation) error {
	return create(ctx, s, "sqlstore.Store.CreateDonation", donationTable, d)
}

// GetDonation implements resources.Store.
func (s *Store) GetDonation(ctx context.Context, id uuid.UUID) (resources.Donation, error) {
	return get(ctx, s, "sqlstore.Store.GetDonation", donationTable, id)
}

// ListDonations implements resources.Store.
func (s *Store) ListDonations(ctx context.Context, f resources.DonationFilter) (wushe.Page[resources.Donation], error) {
	var w where
	w.eq("donor_id", f.DonorID)
	w.eq("project_id", f.ProjectID)
	w.eq("status", f.Status)
	w.eq("kind", f.Kind)
	return list(ctx, s, "sqlstore.Store.ListDonations", donationTable, w, f.Match, f.Page)
}

// UpdateDonation implements resources.Store.
func (s *Store) UpdateDonation(ctx context.Context, id uuid.UUID, fn func(*resources.Donation) error) (resources.Donation, error) {
	return update(ctx, s, "sqlstore.Store.UpdateDonation", donationTable, id, fn)
}

// GetLot implements resources.Store.
func (s *Store) GetLot(ctx context.Context, id uuid.UUID) (resources.Lot, error) {
	return get(ctx, s, "sqlstore.Store.GetLot", lotTable, id)
}

// ListLots implements resources.Store. InStock narrows in SQL on the on_hand column:
// numeric on PostgreSQL; on SQLite, decimal text that is not negative and has a non-zero
// digit, which is exactly a positive decimal.
func (s *Store) ListLots(ctx context.Context, f resources.LotFilter) (wushe.Page[resources.Lot], error) {
	var w where
	w.eq("donation_id", f.DonationID)
	w.eq("kind", f.Kind)
	w.eq("category", f.Category)
	if f.InStock {
		if s.dialect.backend() == Postgres {
			w.add("on_hand > 0")
		} else {
			w.add("on_hand NOT LIKE '-%' AND on_hand GLOB '*[1-9]*'")
		}
	}
	return list(ctx, s, "sqlstore.Store.ListLots", lotTable, w, f.Match, f.Page)
}

// UpdateLot implements resources.Store. It refuses, as invalid, an fn that changes the
// stock quantities, which only Post changes.
func (s *Store) UpdateLot(ctx context.Context, id uuid.UUID, fn func(*resources.Lot) error) (resources.Lot, error) {
	const op = "sqlstore.Store.UpdateLot"
	return update(ctx, s, op, lotTable, id, resources.KeepStock(op, fn))
}

// CreateRequest implements resources.Store.
func (s *Store) CreateRequest(ctx context.Context, r resources.Request) error {
	return create(ctx, s, "sqlstore.Store.CreateRequest", requestTable, r)
}

// GetRequest implements resources.Store.
func (s *Store) GetRequest(ctx context.Context, id uuid.UUID) (resources.Request, error) {
	return get(ctx, s, "sqlstore.Store.GetRequest", requestTable, id)
}

// ListRequests implements resources.Store.
func (s *Store) ListRequests(ctx context.Context, f resources.RequestFilter) (wushe.Page[resources.Request], error) {
	var w where
	w.eq("community_id", f.CommunityID)
	w.eq("need_id", f.NeedID)
	w.eq("category", f.Category)
	w.eq("status", f.Status)
	w.eq("urgency", f.Urgency)
	return list(ctx, s, "sqlstore.Store.ListRequests", requestTable, w, f.Match, f.Page)
}

// UpdateRequest implements resources.Store. It refuses, as invalid, an fn that changes
// Reserved or Delivered, which only Post changes.
func (s *Store) UpdateRequest(ctx context.Context, id uuid.UUID, fn func(*resources.Request) error) (resources.Request, error) {
	const op = "sqlstore.Store.UpdateRequest"
	return update(ctx, s, op, requestTable, id, resources.KeepAllocated(op, fn))
}

// GetAllocation implements resources.Store.
func (s *Store) GetAllocation(ctx context.Context, id uuid.UUID) (resources.Allocation, error) {
	return get(ctx, s, "sqlstore.Store.GetAllocation", allocationTable, id)
}

// ListAllocations implements resources.Store.
func (s *Store) ListAllocations(ctx context.Context, f resources.AllocationFilter) (wushe.Page[resources.Allocation], error) {
	var w where
	w.eq("lot_id", f.LotID)
	w.eq("request_id", f.RequestID)
	w.eq("status", f.Status)
	return list(ctx, s, "sqlstore.Store.ListAllocations", allocationTable, w, f.Match, f.Page)
}

// ListMovements implements resources.Store. Until narrows in SQL one microsecond late,
// because PostgreSQL keeps times to the microsecond and may round a movement's At up;
// the filter's Match then applies the exact bound.
func (s *Store) ListMovements(ctx context.Context, f resources.MovementFilter) (wushe.Page[resources.Movement], error) {
	var w where
	w.eq("lot_id", f.LotID)
	if kinds := slices.Compact(slices.Sorted(slices.Values(f.Kinds))); len(kinds) > 0 {
		args := make([]any, len(kinds))
		for i, k := range kinds {
			args[i] = k
		}
		w.add("kind IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(kinds)), ", ")+")", args...)
	}
	if !f.Until.IsZero() {
		w.add("at <= ?", f.Until.Add(time.Microsecond))
	}
	return list(ctx, s, "sqlstore.Store.ListMovements", movementTable, w, f.Match, f.Page)
}

// postRow is an entity Post has read (under lock) or made, and will write.
type postRow[T any] struct {
	v     T
	isNew bool
}

// Post implements resources.Store in one transaction. It first locks (SELECT ... FOR
// UPDATE on PostgreSQL) every stored lot and request the movements name, in ascending
// ID order so that concurrent Posts queue instead of deadlocking; then it follows
// Posting's order on copies: replaced donations (locked, Version checked), new donations
// and lots, replaced allocations (locked, Version checked) and new ones, and the
// movements recorded with Lot.Record and applied with Request.Apply. Record runs on the
// locked lot row, so each lot's movements get their Seq (kept unique per lot by the
// schema) and their At in the order the transactions commit. Only when every check has
// passed does it write each touched row once and append the movements, with each lot's
// position after each of them (see PositionsAsOf). Any failure rolls the whole
// transaction back.
func (s *Store) Post(ctx context.Context, p resources.Posting) error {
	const op = "sqlstore.Store.Post"
	return s.write(ctx, op, "Posting", func(tx *sql.Tx) error {
		return s.post(ctx, tx, op, p)
	})
}

func (s *Store) post(ctx context.Context, tx *sql.Tx, op string, p resources.Posting) error {
	// Lock the stored lots and requests the movements touch, in one ascending ID order
	// across both tables. A row that is not there is left for the staging below to
	// report in Posting's order.
	newLots := map[uuid.UUID]bool{}
	for _, l := range p.NewLots {
		newLots[l.ID] = true
	}
	type target struct {
		id    uuid.UUID
		isLot bool
	}
	var targets []target
	for _, m := range p.Movements {
		if !newLots[m.LotID] {
			targets = append(targets, target{m.LotID, true})
		}
		if m.RequestID != uuid.Nil {
			targets = append(targets, target{m.RequestID, false})
		}
	}
	slices.SortFunc(targets, func(a, b target) int {
		if c := wushe.CompareIDs(a.id, b.id); c != 0 {
			return c
		}
		switch {
		case a.isLot == b.isLot:
			return 0
		case a.isLot:
			return -1
		}
		return 1
	})
	targets = slices.Compact(targets)
	storedLots := map[uuid.UUID]resources.Lot{}
	storedRequests := map[uuid.UUID]resources.Request{}
	for _, t := range targets {
		var err error
		if t.isLot {
			err = lockInto(ctx, s, tx, op, lotTable, t.id, storedLots)
		} else {
			err = lockInto(ctx, s, tx, op, requestTable, t.id, storedRequests)
		}
		if err != nil {
			return err
		}
	}

	// 1. Donations: replaced (locked, same Version) and new.
	donations := map[uuid.UUID]postRow[resources.Donation]{}
	for _, d := range p.Donations {
		cur, err := donationTable.get(ctx, s, tx, op, d.ID, true)
		if err != nil {
			return err
		}
		if d.Version != cur.Version {
			return postStale(op, "Donation", d.ID, d.Version, cur.Version)
		}
		d.Version++
		donations[d.ID] = postRow[resources.Donation]{v: d}
	}
	for _, d := range p.NewDonations {
		if err := postFresh(ctx, s, tx, op, donationTable, d.ID, postHas(donations, d.ID)); err != nil {
			return err
		}
		d.Version = 1
		donations[d.ID] = postRow[resources.Donation]{v: d, isNew: true}
	}

	// 2. New lots.
	lots := map[uuid.UUID]postRow[resources.Lot]{}
	for _, l := range p.NewLots {
		if err := postFresh(ctx, s, tx, op, lotTable, l.ID, postHas(lots, l.ID)); err != nil {
			return err
		}
		l.Version = 1
		lots[l.ID] = postRow[resources.Lot]{v: l, isNew: true}
	}

	// 3. Allocations: replaced (locked, same Version) and new.
	allocs := map[uuid.UUID]postRow[resources.Allocation]{}
	for _, a := range p.Allocations {
		cur, err := allocationTable.get(ctx, s, tx, op, a.ID, true)
		if err != nil {
			return err
		}
		if a.Version != cur.Version {
			return postStale(op, "Allocation", a.ID, a.Version, cur.Version)
		}
		a.Version++
		allocs[a.ID] = postRow[resources.Allocation]{v: a}
	}
	for _, a := range p.NewAllocations {
		if err := postFresh(ctx, s, tx, op, allocationTable, a.ID, postHas(allocs, a.ID)); err != nil {
			return err
		}
		a.Version = 1
		allocs[a.ID] = postRow[resources.Allocation]{v: a, isNew: true}
	}

	// 4. Movements, in order, on the staged lots and requests.
	requests := map[uuid.UUID]resources.Request{}
	moved := map[uuid.UUID]bool{}
	logged := make([]positionRow, 0, len(p.Movements))
	for _, m := range p.Movements {
		if err := postFresh(ctx, s, tx, op, movementTable, m.ID, moved[m.ID]); err != nil {
			return err
		}
		moved[m.ID] = true
		l, ok := lots[m.LotID]
		if !ok {
			cur, found := storedLots[m.LotID]
			if !found {
				return lotTable.notFound(op, m.LotID)
			}
			cur.Version++
			l = postRow[resources.Lot]{v: cur}
		}
		m, err := l.v.Record(m)
		if err != nil {
			return wushe.WithOp(op, err)
		}
		logged = append(logged, positionRow{m: m, pos: l.v.Position()})
		lots[m.LotID] = l
		if m.RequestID != uuid.Nil {
			r, ok := requests[m.RequestID]
			if !ok {
				cur, found := storedRequests[m.RequestID]
				if !found {
					return requestTable.notFound(op, m.RequestID)
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

	// Every check passed: write each row once, in ID order, then append the log.
	if err := postWrite(ctx, s, tx, op, donationTable, donations); err != nil {
		return err
	}
	if err := postWrite(ctx, s, tx, op, lotTable, lots); err != nil {
		return err
	}
	if err := postWrite(ctx, s, tx, op, allocationTable, allocs); err != nil {
		return err
	}
	for _, id := range postSorted(requests) {
		if err := requestTable.put(ctx, s, tx, op, requests[id]); err != nil {
			return err
		}
	}
	for _, r := range logged {
		if err := movementTable.insertAsIs(ctx, s, tx, op, r.m); err != nil {
			return err
		}
	}
	return s.insertPositions(ctx, tx, logged)
}

// lockInto reads the row id of t, locked until the transaction ends, into m; a row that
// is not there is left out.
func lockInto[T any](ctx context.Context, s *Store, tx *sql.Tx, op string, t *table[T], id uuid.UUID, m map[uuid.UUID]T) error {
	v, err := t.get(ctx, s, tx, op, id, true)
	if errors.Is(err, wushe.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	m[id] = v
	return nil
}

// postFresh checks that id may be created in t: not the nil UUID, not staged already
// (taken) and not stored.
func postFresh[T any](ctx context.Context, s *Store, q querier, op string, t *table[T], id uuid.UUID, taken bool) error {
	if id == uuid.Nil {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: t.entity, Field: "ID", Msg: "is the nil UUID"}
	}
	if !taken {
		var err error
		if taken, err = t.exists(ctx, s, q, id); err != nil {
			return err
		}
	}
	if taken {
		return t.alreadyExists(op, id)
	}
	return nil
}

// postWrite inserts the new entities of m and overwrites the replaced ones, in ID order.
func postWrite[T any](ctx context.Context, s *Store, tx *sql.Tx, op string, t *table[T], m map[uuid.UUID]postRow[T]) error {
	for _, id := range postSorted(m) {
		e := m[id]
		var err error
		if e.isNew {
			err = t.insertAsIs(ctx, s, tx, op, e.v)
		} else {
			err = t.put(ctx, s, tx, op, e.v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// postSorted returns the keys of m in ascending ID order.
func postSorted[V any](m map[uuid.UUID]V) []uuid.UUID {
	keys := make([]uuid.UUID, 0, len(m))
	for id := range m {
		keys = append(keys, id)
	}
	slices.SortFunc(keys, wushe.CompareIDs)
	return keys
}

func postHas[V any](m map[uuid.UUID]V, id uuid.UUID) bool { _, ok := m[id]; return ok }

func postStale(op, entity string, id uuid.UUID, have, want int64) error {
	return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: entity, ID: id.String(), Field: "Version",
		Msg: "version " + strconv.FormatInt(have, 10) + " is stale, the stored version is " + strconv.FormatInt(want, 10)}
}
