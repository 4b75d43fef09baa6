package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// Star levels: the stars column of volunteer_records holds, for a verified record, what
// Ladder.Stars reads of it (its verification time and minutes, and each correction's
// time and minutes before and after), written with the record's other columns on every
// write. StarRecords reads that column for one volunteer from an index (on SQLite one
// that holds it, so no document and no table row is read) instead of decoding every
// record's whole document.

var _ volunteer.StarReader = (*Store)(nil)

// settingStarsRebuild is the wushe_settings row the migration that adds the stars column
// leaves, until Open has filled it from the records already stored.
const settingStarsRebuild = "stars_rebuild"

// starsLock is the advisory lock key under which Opens on PostgreSQL fill the stars
// column.
const starsLock = "wushe.sqlstore.stars"

// StarRecords implements volunteer.StarReader: the volunteer's verified records, from
// the stars column alone.
func (s *Store) StarRecords(ctx context.Context, volunteerID uuid.UUID, asOf time.Time) (out []volunteer.ServiceRecord, err error) {
	const op = "sqlstore.Store.StarRecords"
	err = s.read(ctx, op, "ServiceRecord", func(q querier) error {
		rows, err := q.QueryContext(ctx, s.dialect.rebind("SELECT id, stars FROM volunteer_records WHERE volunteer_id = ? AND stars IS NOT NULL"),
			s.args(volunteerID)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = []volunteer.ServiceRecord{}
		for rows.Next() {
			var id, text sql.RawBytes
			if err := rows.Scan(&id, &text); err != nil {
				return err
			}
			r, err := parseStars(string(text))
			if err == nil {
				r.ID, err = uuid.ParseBytes(id)
			}
			if err != nil {
				return &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Entity: "ServiceRecord", ID: string(id),
					Field: "VerifiedAt", Msg: "the stored star minutes cannot be read", Err: err}
			}
			if r.VerifiedAt.After(asOf) {
				continue
			}
			r.VolunteerID = volunteerID
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// starsText is the stars column of r: NULL unless r is verified; otherwise its
// VerifiedAt and Minutes, then each revision's At, FromMinutes and ToMinutes, separated
// by single spaces, times in RFC 3339 with nanoseconds in UTC (exact on both backends).
func starsText(r *volunteer.ServiceRecord) any {
	if r.Status != volunteer.RecordVerified {
		return nil
	}
	b := make([]byte, 0, 40+len(r.Revisions)*48)
	b = r.VerifiedAt.UTC().AppendFormat(b, time.RFC3339Nano)
	b = strconv.AppendInt(append(b, ' '), int64(r.Minutes), 10)
	for _, rv := range r.Revisions {
		b = rv.At.UTC().AppendFormat(append(b, ' '), time.RFC3339Nano)
		b = strconv.AppendInt(append(b, ' '), int64(rv.FromMinutes), 10)
		b = strconv.AppendInt(append(b, ' '), int64(rv.ToMinutes), 10)
	}
	return string(b)
}

// parseStars reads what starsText wrote: a verified record with only Status, VerifiedAt,
// Minutes and its revisions' At, FromMinutes and ToMinutes.
func parseStars(text string) (volunteer.ServiceRecord, error) {
	r := volunteer.ServiceRecord{Status: volunteer.RecordVerified}
	fields := strings.Split(text, " ")
	if len(fields) < 2 || len(fields)%3 != 2 {
		return r, errors.New("want a time and minutes, then a time and two minutes per correction, got " + strconv.Quote(text))
	}
	var err error
	if r.VerifiedAt, err = time.Parse(time.RFC3339Nano, fields[0]); err != nil {
		return r, err
	}
	if r.Minutes, err = strconv.Atoi(fields[1]); err != nil {
		return r, err
	}
	if n := (len(fields) - 2) / 3; n > 0 {
		r.Revisions = make([]volunteer.Revision, n)
	}
	for i := range r.Revisions {
		f := fields[2+3*i:]
		rv := &r.Revisions[i]
		if rv.At, err = time.Parse(time.RFC3339Nano, f[0]); err != nil {
			return r, err
		}
		if rv.FromMinutes, err = strconv.Atoi(f[1]); err != nil {
			return r, err
		}
		if rv.ToMinutes, err = strconv.Atoi(f[2]); err != nil {
			return r, err
		}
	}
	return r, nil
}

// rebuildStars fills the stars column of every verified record from its document when
// the migration that added the column asked for it, once, at Open.
func (s *Store) rebuildStars(ctx context.Context) error {
	const op = "sqlstore.Open"
	return s.rebuildOnce(ctx, settingStarsRebuild, starsLock, "ServiceRecord", func(tx *sql.Tx) error {
		var w where
		w.eq("status", volunteer.RecordVerified)
		records, err := recordTable.all(ctx, s, tx, op, w, nil, false)
		if err != nil {
			return err
		}
		update := s.dialect.rebind("UPDATE volunteer_records SET stars = ? WHERE id = ?")
		for i := range records {
			if _, err := tx.ExecContext(ctx, update, s.args(starsText(&records[i]), records[i].ID)...); err != nil {
				return err
			}
		}
		return nil
	})
}
