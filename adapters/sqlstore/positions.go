package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

// Positions as of a date: resources_positions holds each lot's position after each of its
// movements (written by Post in the movement's transaction), so that PositionsAsOf reads,
// for every lot that had moved by the date, the one row of its last movement at or before
// it: one index search per lot, however long the log.

var _ resources.PositionReader = (*Store)(nil)

// settingPositionsRebuild is the wushe_settings row the migration that adds
// resources_positions leaves, until Open has filled the table from the movements already
// logged.
const settingPositionsRebuild = "positions_rebuild"

// positionsLock is the advisory lock key under which Opens on PostgreSQL fill
// resources_positions.
const positionsLock = "wushe.sqlstore.positions"

// PositionsAsOf implements resources.PositionReader: for every lot whose first movement is
// dated at or before asOf, its position after its last movement at or before asOf (by At,
// then Seq, the order Replay applies them in), ordered by lot ID. Both bounds compare Unix
// nanoseconds, so they are exact on PostgreSQL too.
func (s *Store) PositionsAsOf(ctx context.Context, asOf time.Time) (out []resources.Position, err error) {
	const op = "sqlstore.Store.PositionsAsOf"
	ns := unixNano(asOf)
	err = s.read(ctx, op, "Movement", func(q querier) error {
		rows, err := q.QueryContext(ctx, s.dialect.rebind("SELECT f.lot_id, (SELECT p.position FROM resources_positions p "+
			"WHERE p.lot_id = f.lot_id AND p.at_ns <= ? ORDER BY p.at_ns DESC, p.seq DESC LIMIT 1) "+
			"FROM resources_positions f WHERE f.seq = 1 AND f.at_ns <= ? ORDER BY f.lot_id"), ns, ns)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = []resources.Position{}
		// Most lots share a few positions (received 10, nothing else yet): parse each once.
		parsed := map[string]resources.Position{}
		for rows.Next() {
			var id, text sql.RawBytes
			if err := rows.Scan(&id, &text); err != nil {
				return err
			}
			lot, err := uuid.ParseBytes(id)
			if err != nil {
				return &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Entity: "Lot", ID: string(id), Msg: "a stored lot ID is not a UUID", Err: err}
			}
			p, ok := parsed[string(text)]
			if !ok {
				if p, err = parsePosition(string(text)); err != nil {
					return &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Entity: "Lot", ID: lot.String(), Msg: "a stored position cannot be read", Err: err}
				}
				parsed[string(text)] = p
			}
			p.LotID = lot
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}

// positionText is p's quantities as resources_positions keeps them: exact decimal text,
// scale kept, separated by single spaces.
func positionText(p resources.Position) string {
	return decimalText(p.Received) + " " + decimalText(p.OnHand) + " " + decimalText(p.Reserved) + " " +
		decimalText(p.Delivered) + " " + decimalText(p.Disposed)
}

// parsePosition reads what positionText wrote; the LotID is left zero.
func parsePosition(text string) (resources.Position, error) {
	var p resources.Position
	fields := strings.Split(text, " ")
	if len(fields) != 5 {
		return p, errors.New("want five quantities separated by spaces, got " + text)
	}
	for i, dst := range []*decimal.Decimal{&p.Received, &p.OnHand, &p.Reserved, &p.Delivered, &p.Disposed} {
		d, err := decimal.NewFromString(fields[i])
		if err != nil {
			return p, err
		}
		*dst = d
	}
	return p, nil
}

// positionRow is one row of resources_positions: lot after movement m.
type positionRow struct {
	m   resources.Movement
	pos resources.Position
}

// insertPositions appends rows to resources_positions inside tx.
func (s *Store) insertPositions(ctx context.Context, tx *sql.Tx, rows []positionRow) error {
	const per = 200 // rows per statement: 800 parameters, within every backend's limit
	for len(rows) > 0 {
		n := min(len(rows), per)
		var b strings.Builder
		b.WriteString("INSERT INTO resources_positions (lot_id, seq, at_ns, position) VALUES ")
		args := make([]any, 0, 4*n)
		for i, r := range rows[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?)")
			args = append(args, r.m.LotID.String(), r.m.Seq, unixNano(r.m.At), positionText(r.pos))
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(b.String()), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// rebuildPositions fills resources_positions from the movement log when the migration
// that added it asked for it, with what Post would have written: each lot's stored
// quantities before its first movement, moved by each movement in Seq order. It runs at
// Open, in one transaction (under an advisory lock on PostgreSQL), once: the request is
// deleted in the same transaction.
func (s *Store) rebuildPositions(ctx context.Context) error {
	const op = "sqlstore.Open"
	return s.rebuildOnce(ctx, settingPositionsRebuild, positionsLock, "Movement", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM resources_positions"); err != nil {
			return err
		}
		moves, err := movementTable.all(ctx, s, tx, op, where{}, nil, false)
		if err != nil {
			return err
		}
		byLot := map[uuid.UUID][]resources.Movement{}
		for _, m := range moves {
			byLot[m.LotID] = append(byLot[m.LotID], m)
		}
		var rows []positionRow
		for _, id := range postSorted(byLot) {
			lot, err := lotTable.get(ctx, s, tx, op, id, false)
			if err != nil {
				return err
			}
			run, err := replayFrom(lot, byLot[id])
			if err != nil {
				return err
			}
			rows = append(rows, run...)
		}
		return s.insertPositions(ctx, tx, rows)
	})
}

// rebuildOnce runs fill at Open when a migration asked for it by leaving the
// wushe_settings row name (a table or column that only Go can fill from the rows already
// stored): in one transaction, under the advisory lock key on PostgreSQL so that
// concurrent Opens take turns, and once, since the row is deleted in the same transaction.
// An Open that finds no request, the usual case, reads one table and writes nothing.
func (s *Store) rebuildOnce(ctx context.Context, name, lock, entity string, fill func(tx *sql.Tx) error) error {
	const op = "sqlstore.Open"
	settings, err := s.settings(ctx, s.db)
	if err != nil {
		return mapErr(op, entity, "", err)
	}
	if _, ok := settings[name]; !ok {
		return nil
	}
	return s.write(ctx, op, entity, func(tx *sql.Tx) error {
		if err := s.dialect.lock(ctx, tx, lock); err != nil {
			return err
		}
		settings, err := s.settings(ctx, tx)
		if err != nil {
			return err
		}
		if _, ok := settings[name]; !ok {
			return nil
		}
		if err := fill(tx); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.dialect.rebind("DELETE FROM wushe_settings WHERE name = ?"), name)
		return err
	})
}

// replayFrom returns lot's position after each of its movements ms (sorted here by Seq),
// ending at the lot's stored quantities, as Post wrote them: a lot the Service made
// started from nothing, and one posted with quantities of its own started from those.
// The movements are applied, with Position.Apply, to a start so large that none can run
// short; the start the lot really had is then the stored quantities less what the
// movements did.
func replayFrom(lot resources.Lot, ms []resources.Movement) ([]positionRow, error) {
	slices.SortFunc(ms, func(a, b resources.Movement) int { return cmp.Compare(a.Seq, b.Seq) })
	big := decimal.NewFromInt(1)
	for _, m := range ms {
		big = big.Add(m.Quantity.Abs())
	}
	p := resources.Position{LotID: lot.ID, Received: big, OnHand: big, Reserved: big, Delivered: big, Disposed: big}
	out := make([]positionRow, len(ms))
	for i, m := range ms {
		if err := p.Apply(m); err != nil {
			return nil, &wushe.Error{Op: "sqlstore.Open", Kind: wushe.KindUnavailable, Entity: "Lot", ID: lot.ID.String(),
				Msg: "a logged movement cannot be applied, so the lot's positions cannot be kept", Err: err}
		}
		out[i] = positionRow{m: m, pos: p}
	}
	// What the lot held before its first movement, less the large start.
	shift := []decimal.Decimal{lot.Received.Sub(p.Received), lot.OnHand.Sub(p.OnHand), lot.Reserved.Sub(p.Reserved),
		lot.Delivered.Sub(p.Delivered), lot.Disposed.Sub(p.Disposed)}
	for i := range out {
		q := &out[i].pos
		for j, f := range []*decimal.Decimal{&q.Received, &q.OnHand, &q.Reserved, &q.Delivered, &q.Disposed} {
			*f = f.Add(shift[j])
		}
	}
	return out, nil
}
