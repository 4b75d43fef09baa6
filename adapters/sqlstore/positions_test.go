package sqlstore

import (
	"database/sql"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/resources/resourcestest"
)

// A database whose movements were logged before the positions migration: Open fills
// resources_positions from the log, once, with what Post would have written (a lot posted
// with quantities of its own starts from them), and later Posts go on from there.
func TestResourcesPositionsMigration(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := openBefore(t, b, "positions")
		ctx := t.Context()

		// Lot a as the Service makes lots (from nothing); lot b posted holding 3 already.
		a, bl := resourcestest.Lot(uuid.New()), resourcestest.Lot(uuid.New())
		bl.Received, bl.OnHand = resDec("3"), resDec("3")
		r := resourcestest.Request("10")
		logged := []resources.Movement{
			{ID: uuid.New(), LotID: a.ID, Kind: resources.MoveReceive, Quantity: resDec("5"), At: resBase, Actor: "test"},
			{ID: uuid.New(), LotID: a.ID, Kind: resources.MoveReserve, Quantity: resDec("2"), At: resBase.Add(time.Hour), Actor: "test",
				AllocationID: uuid.New(), RequestID: r.ID},
			{ID: uuid.New(), LotID: bl.ID, Kind: resources.MoveDispose, Quantity: resDec("1.5"), At: resBase.Add(time.Minute), Actor: "test",
				Reason: resources.DisposeDamaged},
			{ID: uuid.New(), LotID: a.ID, Kind: resources.MoveReceive, Quantity: resDec("1"), At: resBase.Add(2 * time.Hour), Actor: "test"},
		}
		for i, m := range logged {
			l := &a
			if m.LotID == bl.ID {
				l = &bl
			}
			m, err := l.Record(m)
			require.NoError(t, err)
			logged[i] = m
		}
		a.Version, bl.Version = 1, 1
		require.NoError(t, s.write(ctx, "test", "Lot", func(tx *sql.Tx) error {
			for _, l := range []resources.Lot{a, bl} {
				if err := lotTable.insertAsIs(ctx, s, tx, "test", l); err != nil {
					return err
				}
			}
			for _, m := range logged {
				if err := movementTable.insertAsIs(ctx, s, tx, "test", m); err != nil {
					return err
				}
			}
			return nil
		}))

		migrateAll(t, s)
		require.NoError(t, s.rebuildPositions(ctx))
		require.NoError(t, s.rebuildPositions(ctx), "a second Open finds nothing to do")
		var n int
		require.NoError(t, s.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM resources_positions").Scan(&n))
		assert.Equal(t, len(logged), n, "one row per movement, written once")

		pos := func(at time.Time) map[uuid.UUID]string {
			ps, err := s.PositionsAsOf(ctx, at)
			require.NoError(t, err)
			out := map[uuid.UUID]string{}
			for _, p := range ps {
				out[p.LotID] = p.String()
			}
			return out
		}
		assert.Empty(t, pos(resBase.Add(-time.Nanosecond)))
		assert.Equal(t, map[uuid.UUID]string{a.ID: "received 5 = on hand 5 + reserved 0 + delivered 0 + disposed 0"}, pos(resBase))
		assert.Equal(t, map[uuid.UUID]string{
			a.ID:  "received 5 = on hand 3 + reserved 2 + delivered 0 + disposed 0",
			bl.ID: "received 3 = on hand 1.5 + reserved 0 + delivered 0 + disposed 1.5",
		}, pos(resBase.Add(time.Hour)))
		got := pos(resBase.Add(24 * time.Hour))
		assert.Equal(t, "received 6 = on hand 4 + reserved 2 + delivered 0 + disposed 0", got[a.ID])
		ps, err := resources.Replay(slices.DeleteFunc(slices.Clone(logged), func(m resources.Movement) bool { return m.LotID != a.ID }),
			resBase.Add(24*time.Hour))
		require.NoError(t, err)
		require.Len(t, ps, 1)
		assert.Equal(t, ps[0].String(), got[a.ID], "a lot made from nothing is what Replay gives")

		// The next Post goes on from the rebuilt rows.
		require.NoError(t, s.Post(ctx, resources.Posting{Movements: []resources.Movement{{ID: uuid.New(), LotID: bl.ID,
			Kind: resources.MoveReceive, Quantity: resDec("2"), At: resBase.Add(3 * time.Hour), Actor: "test"}}}))
		assert.Equal(t, "received 5 = on hand 3.5 + reserved 0 + delivered 0 + disposed 1.5", pos(resBase.Add(24 * time.Hour))[bl.ID])
	})
}

// A stored position that cannot be read fails PositionsAsOf as unavailable, naming the lot.
func TestResourcesPositionsUnreadable(t *testing.T) {
	s := sqliteMemory().open(t)
	ctx := t.Context()
	lot := resStock(t, s, "rice", "5")
	_, err := s.DB().ExecContext(ctx, "UPDATE resources_positions SET position = 'five' WHERE lot_id = ?", lot.ID.String())
	require.NoError(t, err)
	_, err = s.PositionsAsOf(ctx, resBase)
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	assert.ErrorContains(t, err, lot.ID.String())
}
