package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/resources/resourcestest"
	"github.com/wushe/wushe/storecodec"
)

func TestResourcesStore(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		resourcestest.RunStoreTests(t, func(t *testing.T) resources.Store { return b.open(t) }, resourcestest.Features{})
	})
}

// resBase is the fixed instant the adapter's resources tests are dated from.
var resBase = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func resDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// resStock stores a donor, a donation and a lot of category with qty received, and
// returns the lot.
func resStock(t testing.TB, s *Store, category, qty string) resources.Lot {
	t.Helper()
	ctx := context.Background()
	d := resourcestest.Donor()
	require.NoError(t, s.CreateDonor(ctx, d))
	dn := resourcestest.Donation(d.ID)
	l := resourcestest.Lot(dn.ID)
	l.Category = category
	m := resources.Movement{ID: uuid.New(), LotID: l.ID, Kind: resources.MoveReceive, Quantity: resDec(qty), At: resBase,
		Actor: "test", DonationID: dn.ID}
	require.NoError(t, s.Post(ctx, resources.Posting{NewDonations: []resources.Donation{dn}, NewLots: []resources.Lot{l},
		Movements: []resources.Movement{m}}))
	got, err := s.GetLot(ctx, l.ID)
	require.NoError(t, err)
	return got
}

// resReservation is a posting that reserves q of lot for req at at.
func resReservation(lot, req uuid.UUID, q string, at time.Time) resources.Posting {
	a := resources.Allocation{ID: uuid.New(), LotID: lot, RequestID: req, Quantity: resDec(q), Status: resources.AllocationReserved,
		Actor: "test", ReservedAt: at, CreatedAt: at, UpdatedAt: at}
	return resources.Posting{NewAllocations: []resources.Allocation{a}, Movements: []resources.Movement{{ID: uuid.New(), LotID: lot,
		Kind: resources.MoveReserve, Quantity: resDec(q), At: at, Actor: "test", AllocationID: a.ID, RequestID: req}}}
}

// resSnapshot is every resources entity and movement the Store holds, in its stored
// form: two snapshots are equal when nothing was written in between.
func resSnapshot(t *testing.T, s *Store) string {
	t.Helper()
	ctx := t.Context()
	all := wushe.PageRequest{Limit: wushe.MaxPageLimit}
	donations, err := s.ListDonations(ctx, resources.DonationFilter{Page: all})
	require.NoError(t, err)
	lots, err := s.ListLots(ctx, resources.LotFilter{Page: all})
	require.NoError(t, err)
	requests, err := s.ListRequests(ctx, resources.RequestFilter{Page: all})
	require.NoError(t, err)
	allocs, err := s.ListAllocations(ctx, resources.AllocationFilter{Page: all})
	require.NoError(t, err)
	moves, err := s.ListMovements(ctx, resources.MovementFilter{Page: all})
	require.NoError(t, err)
	b, err := storecodec.Marshal(struct {
		Donations   []resources.Donation
		Lots        []resources.Lot
		Requests    []resources.Request
		Allocations []resources.Allocation
		Movements   []resources.Movement
	}{donations.Items, lots.Items, requests.Items, allocs.Items, moves.Items})
	require.NoError(t, err)
	return string(b)
}

func resKindAndField(t *testing.T, err error, kind wushe.Kind, entity, field string) {
	t.Helper()
	require.Error(t, err)
	assert.Equal(t, kind, wushe.KindOf(err), "%v", err)
	we, ok := errors.AsType[*wushe.Error](err)
	require.True(t, ok, "a *wushe.Error, got %T", err)
	assert.Equal(t, field, we.Field, "%v", err)
	assert.Equal(t, entity, we.Entity, "%v", err)
	assert.NotEmpty(t, we.Op)
}

func TestResourcesCategoryTooLong(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := t.Context()
		d := resourcestest.Donor()
		require.NoError(t, s.CreateDonor(ctx, d))
		dn := resourcestest.Donation(d.ID)
		l := resourcestest.Lot(dn.ID)
		l.Category = strings.Repeat("米", 201)
		m := resources.Movement{ID: uuid.New(), LotID: l.ID, Kind: resources.MoveReceive, Quantity: resDec("10"), At: resBase, Actor: "test"}
		err := s.Post(ctx, resources.Posting{NewDonations: []resources.Donation{dn}, NewLots: []resources.Lot{l},
			Movements: []resources.Movement{m}})
		resKindAndField(t, err, wushe.KindInvalid, "Lot", "Category")
		_, err = s.GetDonation(ctx, dn.ID)
		assert.Equal(t, wushe.KindNotFound, wushe.KindOf(err), "the posting's donation is not stored")
		_, err = s.GetLot(ctx, l.ID)
		assert.Equal(t, wushe.KindNotFound, wushe.KindOf(err), "the lot is not stored")
		ms, err := s.ListMovements(ctx, resources.MovementFilter{})
		require.NoError(t, err)
		assert.Empty(t, ms.Items, "no movement is logged")

		r := resourcestest.Request("5")
		r.Category = strings.Repeat("c", 201)
		resKindAndField(t, s.CreateRequest(ctx, r), wushe.KindInvalid, "Request", "Category")
		_, err = s.GetRequest(ctx, r.ID)
		assert.Equal(t, wushe.KindNotFound, wushe.KindOf(err), "the request is not stored")

		r.Category = strings.Repeat("米", 200)
		require.NoError(t, s.CreateRequest(ctx, r), "200 characters fit, whatever their bytes")
		_, err = s.UpdateRequest(ctx, r.ID, func(x *resources.Request) error { x.Category += "x"; return nil })
		resKindAndField(t, err, wushe.KindInvalid, "Request", "Category")
		got, err := s.GetRequest(ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, r.Category, got.Category)
		assert.Equal(t, int64(1), got.Version)
	})
}

func TestResourcesPostFailureWritesNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := t.Context()
		lot := resStock(t, s, "rice", "5")
		r := resourcestest.Request("100")
		require.NoError(t, s.CreateRequest(ctx, r))
		held := resReservation(lot.ID, r.ID, "2", resBase.Add(time.Minute))
		require.NoError(t, s.Post(ctx, held))
		a, err := s.GetAllocation(ctx, held.NewAllocations[0].ID)
		require.NoError(t, err)
		before := resSnapshot(t, s)

		// A posting that cancels the held allocation (its movement applies) and then
		// reserves more than the lot has: the second movement fails.
		at := resBase.Add(time.Hour)
		cancel := a
		cancel.Status, cancel.CancelledAt = resources.AllocationCancelled, at
		over := resReservation(lot.ID, r.ID, "8", at.Add(time.Second))
		p := resources.Posting{
			Allocations:    []resources.Allocation{cancel},
			NewAllocations: over.NewAllocations,
			Movements: []resources.Movement{
				{ID: uuid.New(), LotID: lot.ID, Kind: resources.MoveRelease, Quantity: resDec("2"), At: at, Actor: "test",
					AllocationID: a.ID, RequestID: r.ID},
				over.Movements[0],
			},
		}
		err = s.Post(ctx, p)
		require.ErrorIs(t, err, wushe.ErrInsufficient)
		assert.Equal(t, before, resSnapshot(t, s), "a failed posting left a trace")

		// The same posting with a second movement that fits passes every check and
		// writes every row; failing the commit rolls all of it back.
		p.Movements[1].Quantity = resDec("5")
		p.NewAllocations[0].Quantity = resDec("5")
		s.beforeCommit = func(_ context.Context, _ *sql.Tx, op string) error {
			if op == "sqlstore.Store.Post" {
				return &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Entity: "Posting", Msg: "commit refused by the test"}
			}
			return nil
		}
		require.ErrorIs(t, s.Post(ctx, p), wushe.ErrUnavailable)
		s.beforeCommit = nil
		assert.Equal(t, before, resSnapshot(t, s), "a posting rolled back at commit left a trace")

		// And without the failure it applies.
		require.NoError(t, s.Post(ctx, p))
		got, err := s.GetLot(ctx, lot.ID)
		require.NoError(t, err)
		assert.True(t, got.OnHand.IsZero() && got.Reserved.Equal(resDec("5")), "%v", got.Position())
		assert.Equal(t, lot.Version+2, got.Version)
	})
}

func TestResourcesQuantitiesKeepScale(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := t.Context()
		lot := resStock(t, s, "oil", "12.50")
		assert.Equal(t, "12.50", lot.OnHand.StringFixed(-lot.OnHand.Exponent()), "on hand keeps its scale")
		assert.Equal(t, int32(-2), lot.Received.Exponent(), "received keeps its scale")
		dn, err := s.GetDonation(ctx, lot.DonationID)
		require.NoError(t, err)
		assert.Equal(t, "500", dn.FairValue.String())

		r := resourcestest.Request("3.250")
		require.NoError(t, s.CreateRequest(ctx, r))
		gotR, err := s.GetRequest(ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, int32(-3), gotR.Quantity.Exponent(), "3.250 comes back with three places")

		// The on_hand column sums exactly: 0.1 + 0.2 + 12.50 + 0.001 is 12.801, never a
		// binary-float neighbour of it.
		resStock(t, s, "oil", "0.1")
		resStock(t, s, "oil", "0.2")
		resStock(t, s, "oil", "0.001")
		var sum decimal.Decimal
		if s.Backend() == Postgres {
			var text string
			require.NoError(t, s.DB().QueryRowContext(ctx, "SELECT CAST(SUM(on_hand) AS TEXT) FROM resources_lots").Scan(&text))
			sum = resDec(text)
			assert.Equal(t, "12.801", text)
		} else {
			rows, err := s.DB().QueryContext(ctx, "SELECT on_hand, typeof(on_hand) FROM resources_lots")
			require.NoError(t, err)
			defer rows.Close()
			for rows.Next() {
				var v, typ string
				require.NoError(t, rows.Scan(&v, &typ))
				assert.Equal(t, "text", typ, "quantities are stored as exact decimal text")
				sum = sum.Add(resDec(v))
			}
			require.NoError(t, rows.Err())
		}
		assert.True(t, sum.Equal(resDec("12.801")), "sum %s", sum)
	})
}

func TestResourcesInStockNarrowsExactly(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := t.Context()
		d := resourcestest.Donor()
		require.NoError(t, s.CreateDonor(ctx, d))
		dn := resourcestest.Donation(d.ID)
		var lots []resources.Lot
		for _, q := range []string{"0", "0.000", "0.001", "10", "0.0000000000000000000000000001"} {
			l := resourcestest.Lot(dn.ID)
			l.Received, l.OnHand = resDec(q), resDec(q)
			lots = append(lots, l)
		}
		require.NoError(t, s.Post(ctx, resources.Posting{NewDonations: []resources.Donation{dn}, NewLots: lots}))
		page, err := s.ListLots(ctx, resources.LotFilter{DonationID: dn.ID, InStock: true, Page: wushe.PageRequest{Limit: 2}})
		require.NoError(t, err)
		require.Len(t, page.Items, 2)
		rest, err := s.ListLots(ctx, resources.LotFilter{DonationID: dn.ID, InStock: true, Page: wushe.PageRequest{Limit: 2, After: page.Next}})
		require.NoError(t, err)
		got := map[string]bool{}
		for _, l := range append(page.Items, rest.Items...) {
			got[l.OnHand.String()] = true
		}
		assert.Equal(t, map[string]bool{"0.001": true, "10": true, "0.0000000000000000000000000001": true}, got)
	})
}

func TestResourcesMovementsUntilKeepsSubMicrosecond(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := t.Context()
		lot := resStock(t, s, "rice", "5")
		// PostgreSQL keeps the column to the microsecond and rounds this At up; the
		// filter still keeps the movement whose At equals Until.
		at := resBase.Add(time.Hour + 700*time.Nanosecond)
		m := resources.Movement{ID: uuid.New(), LotID: lot.ID, Kind: resources.MoveDispose, Quantity: resDec("1"), At: at,
			Actor: "test", Reason: resources.DisposeDamaged}
		require.NoError(t, s.Post(ctx, resources.Posting{Movements: []resources.Movement{m}}))
		page, err := s.ListMovements(ctx, resources.MovementFilter{LotID: lot.ID, Until: at})
		require.NoError(t, err)
		require.Len(t, page.Items, 2)
		assert.Contains(t, []uuid.UUID{page.Items[0].ID, page.Items[1].ID}, m.ID)
		page, err = s.ListMovements(ctx, resources.MovementFilter{LotID: lot.ID, Until: at.Add(-time.Nanosecond)})
		require.NoError(t, err)
		require.Len(t, page.Items, 1, "a movement after Until is left out")
		page, err = s.ListMovements(ctx, resources.MovementFilter{LotID: lot.ID, Kinds: []resources.MovementKind{resources.MoveDispose, resources.MoveDispose}})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		assert.Equal(t, m.ID, page.Items[0].ID)
		assert.True(t, page.Items[0].At.Equal(at), "At keeps its nanoseconds: %s", page.Items[0].At)
	})
}

func TestResourcesMovementsAreAppendOnly(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := t.Context()
		lot := resStock(t, s, "rice", "5")
		_, err := s.DB().ExecContext(ctx, s.dialect.rebind("UPDATE resources_movements SET kind = ? WHERE lot_id = ?"), "dispose", lot.ID.String())
		require.Error(t, err, "the schema refuses to change a movement")
		_, err = s.DB().ExecContext(ctx, s.dialect.rebind("DELETE FROM resources_movements WHERE lot_id = ?"), lot.ID.String())
		require.Error(t, err, "the schema refuses to delete a movement")
		page, err := s.ListMovements(ctx, resources.MovementFilter{LotID: lot.ID})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		assert.Equal(t, resources.MoveReceive, page.Items[0].Kind)
	})
}

// A database whose movements were logged before the movement_seq migration numbered them: the step
// numbers each lot's log in the order Replay applied it then (time, then ID), writes Seq
// and LastSeq into the documents, and later Posts go on from there in commit order.
func TestResourcesMovementSeqMigration(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := openBefore(t, b, "movement_seq")
		ctx := t.Context()
		steps, err := Migrations(s.Backend())
		require.NoError(t, err)

		// Two lots logged the old way: movements without Seq, one pair sharing an
		// instant (ordered by ID then), the lots without LastSeq.
		lot, other := resourcestest.Lot(uuid.New()), resourcestest.Lot(uuid.New())
		ids := []uuid.UUID{uuid.MustParse("00000000-0000-7000-8000-000000000002"), uuid.MustParse("00000000-0000-7000-8000-000000000001"),
			uuid.MustParse("00000000-0000-7000-8000-000000000003"), uuid.MustParse("00000000-0000-7000-8000-000000000004")}
		r := resourcestest.Request("10")
		a := uuid.New()
		old := []resources.Movement{
			{ID: ids[0], LotID: lot.ID, Kind: resources.MoveReceive, Quantity: resDec("5"), At: resBase, Actor: "test"},
			{ID: ids[2], LotID: lot.ID, Kind: resources.MoveReserve, Quantity: resDec("2"), At: resBase.Add(time.Hour), Actor: "test", AllocationID: a, RequestID: r.ID},
			{ID: ids[1], LotID: lot.ID, Kind: resources.MoveReceive, Quantity: resDec("1"), At: resBase.Add(time.Hour), Actor: "test"},
			{ID: ids[3], LotID: other.ID, Kind: resources.MoveReceive, Quantity: resDec("4"), At: resBase, Actor: "test"},
		}
		for _, m := range old {
			l := &lot
			if m.LotID == other.ID {
				l = &other
			}
			require.NoError(t, l.Apply(m))
		}
		lot.Version, other.Version = 1, 1
		require.NoError(t, s.write(ctx, "test", "Lot", func(tx *sql.Tx) error {
			for _, l := range []resources.Lot{lot, other} {
				if err := insertOld(ctx, s, tx, lotTable, l, "LastSeq", 0); err != nil {
					return err
				}
			}
			for _, m := range old {
				if err := insertOld(ctx, s, tx, movementTable, m, "Seq", 1); err != nil {
					return err
				}
			}
			return nil
		}))

		require.NoError(t, s.applyMigrations(ctx, "test", steps))
		ms, err := s.ListMovements(ctx, resources.MovementFilter{LotID: lot.ID})
		require.NoError(t, err)
		seq := map[uuid.UUID]int64{}
		for _, m := range ms.Items {
			seq[m.ID] = m.Seq
		}
		assert.Equal(t, map[uuid.UUID]int64{ids[0]: 1, ids[1]: 2, ids[2]: 3}, seq, "numbered by time, then ID")
		got, err := s.GetLot(ctx, lot.ID)
		require.NoError(t, err)
		assert.Equal(t, int64(3), got.LastSeq)
		o, err := s.GetLot(ctx, other.ID)
		require.NoError(t, err)
		assert.Equal(t, int64(1), o.LastSeq)

		// The next movement, dated before the last logged one, continues the count after it.
		require.NoError(t, s.CreateRequest(ctx, r))
		next := resReservation(lot.ID, r.ID, "1", resBase.Add(time.Minute))
		require.NoError(t, s.Post(ctx, next))
		ms, err = s.ListMovements(ctx, resources.MovementFilter{LotID: lot.ID})
		require.NoError(t, err)
		for _, m := range ms.Items {
			if m.ID == next.Movements[0].ID {
				assert.Equal(t, int64(4), m.Seq)
				assert.Equal(t, resBase.Add(time.Hour+time.Nanosecond), m.At)
			}
		}
		ps, err := resources.Replay(ms.Items, resBase.Add(24*time.Hour))
		require.NoError(t, err)
		got, err = s.GetLot(ctx, lot.ID)
		require.NoError(t, err)
		require.Len(t, ps, 1)
		assert.True(t, ps[0].Equal(got.Position()), "replayed %v, stored %v", ps[0], got.Position())

		// The schema keeps a lot's numbers unique.
		dup := resources.Movement{ID: uuid.New(), LotID: lot.ID, Kind: resources.MoveReceive, Quantity: resDec("1"), At: resBase, Actor: "test", Seq: 2}
		err = s.write(ctx, "test", "Movement", func(tx *sql.Tx) error { return movementTable.insertAsIs(ctx, s, tx, "test", dup) })
		require.Error(t, err, "a second movement 2 of the lot")
	})
}

// insertOld writes v as a row of t was written before the movement_seq migration: without the column
// and document field that step adds (the document field dropped, the column left out
// when dropCol is 1).
func insertOld[T any](ctx context.Context, s *Store, tx *sql.Tx, t *table[T], v T, field string, dropCol int) error {
	doc, vals, err := t.row(s, "test", &v)
	if err != nil {
		return err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(doc), &fields); err != nil {
		return err
	}
	delete(fields, field)
	b, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	names := []string{"id", "version", "doc"}
	for _, c := range t.cols[:len(t.cols)-dropCol] {
		names = append(names, c.name)
	}
	args := append([]any{t.id(&v).String(), *t.version(&v), string(b)}, vals[:len(vals)-dropCol]...)
	q := "INSERT INTO " + t.name + " (" + strings.Join(names, ", ") + ") VALUES (" + strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ") + ")"
	_, err = tx.ExecContext(ctx, s.dialect.rebind(q), args...)
	return err
}
