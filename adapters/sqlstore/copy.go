package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// CopyOptions tune Copy. The zero value is a sound default.
type CopyOptions struct {
	// BatchSize is how many rows go into the destination per transaction. 0 means 500.
	BatchSize int
	// Progress, when set, is called after each batch with the table, the rows of it
	// handled so far and the rows the source holds: for a progress line on long copies.
	Progress func(table string, done, total int64)
}

// TableCopy is what Copy did to one table.
type TableCopy struct {
	// Table is the SQL table.
	Table string
	// Rows is how many rows the source holds, and so the destination after the copy.
	Rows int64
	// Inserted is how many of them were written; the rest were already there (a copy run
	// again, or resumed after an interruption, writes only what is missing).
	Inserted int64
	// Checksum is the hex SHA-256 sum of the table's rows in a form both backends agree
	// on (times to the microsecond, JSON with sorted keys, decimals without trailing
	// zeros). It is the same on both sides when the copy is verified.
	Checksum string
}

// copyColumn is one column of a copied table with its PostgreSQL type, which says how
// its values move between the backends.
type copyColumn struct {
	name, typ string
}

// copyTable is one table Copy moves, with its columns in the order the schema declares
// them (ALTER TABLE ... RENAME COLUMN and ADD COLUMN in later migrations applied).
type copyTable struct {
	name string
	cols []copyColumn
}

var (
	createTableRE = regexp.MustCompile(`(?ms)^CREATE TABLE (\w+) \((.*?)^\);`)
	columnRE      = regexp.MustCompile(`^([a-z_][a-z0-9_]*) ([a-z]+)`)
	renameRE      = regexp.MustCompile(`(?m)^ALTER TABLE (\w+) RENAME COLUMN (\w+) TO (\w+);`)
	addColumnRE   = regexp.MustCompile(`(?m)^ALTER TABLE (\w+) ADD COLUMN (\w+) ([a-z]+)`)
)

// copyTables lists every table the migrations create, in the order they create them (so a
// referenced table comes before the tables referring to it), read from the PostgreSQL
// migrations: the schema is the one list of tables, so a table a new migration adds is
// copied without anyone listing it.
func copyTables() ([]copyTable, error) {
	steps, err := Migrations(Postgres)
	if err != nil {
		return nil, err
	}
	var out []copyTable
	find := func(name string) *copyTable {
		for i := range out {
			if out[i].name == name {
				return &out[i]
			}
		}
		return nil
	}
	for _, m := range steps {
		for _, match := range renameRE.FindAllStringSubmatch(m.Script, -1) {
			if t := find(match[1]); t != nil {
				for i := range t.cols {
					if t.cols[i].name == match[2] {
						t.cols[i].name = match[3]
					}
				}
			}
		}
		for _, match := range addColumnRE.FindAllStringSubmatch(m.Script, -1) {
			if t := find(match[1]); t != nil {
				t.cols = append(t.cols, copyColumn{name: match[2], typ: match[3]})
			}
		}
		for _, match := range createTableRE.FindAllStringSubmatch(m.Script, -1) {
			t := copyTable{name: match[1]}
			for _, line := range strings.Split(match[2], "\n") {
				line = strings.TrimSpace(line)
				c := columnRE.FindStringSubmatch(line)
				if c == nil || c[1] == "check" || c[1] == "unique" || c[1] == "constraint" {
					continue
				}
				t.cols = append(t.cols, copyColumn{name: c[1], typ: c[2]})
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// Copy copies every row of every table of src into dst: every entity of every package's
// Store, the points ledger, the movement log, referrals, call-outs and all the rest, so
// that dst then answers every read as src does. Both Stores must be at the same schema
// version (Open brings each to the latest). Rows already in dst are left as they are, so
// Copy may be run again, or resumed after an interruption, and writes only what is
// missing. After each table, Copy counts its rows and sums them on both sides; it fails
// with ErrConflict, naming the table, when they differ (dst held other data, or src was
// written to during the copy). Copy reads src without locking it: stop writers first.
//
// Rows move as stored: documents sealed with a host's keys stay sealed, so dst must be
// opened with the same Keyring. The database's own settings (its blind index key) are
// taken from src; when dst is opened with host keys, its blind indexes are recomputed
// under them after the copy, and a later Copy into it then reports those tables as
// different.
//
// Copying from PostgreSQL keeps times to the microsecond, as PostgreSQL itself does.
func Copy(ctx context.Context, dst, src *Store, opts CopyOptions) ([]TableCopy, error) {
	const op = "sqlstore.Copy"
	if dst == nil || src == nil {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Store", Msg: "needs both a source and a destination"}
	}
	if dst == src {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Store", Msg: "source and destination are the same Store"}
	}
	sv, err := src.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	dv, err := dst.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if sv != dv {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Store", Field: "SchemaVersion",
			Msg: fmt.Sprintf("source is at schema version %d and destination at %d: open both with this version of sqlstore to migrate them", sv, dv)}
	}
	tables, err := copyTables()
	if err != nil {
		return nil, err
	}
	batch := opts.BatchSize
	if batch <= 0 {
		batch = 500
	}
	var out []TableCopy
	for _, t := range tables {
		tc, err := copyOne(ctx, op, dst, src, t, batch, opts.Progress)
		if err != nil {
			return out, err
		}
		out = append(out, tc)
	}
	// dst now keeps src's index key: take it up (or, with host keys, recompute the
	// indexes under them).
	if err := dst.prepareIndex(ctx, dst.codec.Keys); err != nil {
		return out, err
	}
	return out, nil
}

// settingsTable holds the database's own settings, which a copy takes from the source.
const settingsTable = "wushe_settings"

// copyOne copies one table and verifies it.
func copyOne(ctx context.Context, op string, dst, src *Store, t copyTable, batch int, progress func(string, int64, int64)) (TableCopy, error) {
	tc := TableCopy{Table: t.name}
	total, err := countRows(ctx, src, t)
	if err != nil {
		return tc, mapErr(op, t.name, "", err)
	}
	rows, err := src.db.QueryContext(ctx, selectRows(src, t))
	if err != nil {
		return tc, mapErr(op, t.name, "", err)
	}
	defer rows.Close()
	insert := insertRow(dst, t)
	var pending [][]any
	var done int64
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		err := dst.write(ctx, op, t.name, func(tx *sql.Tx) error {
			var n int64
			for _, vals := range pending {
				res, err := tx.ExecContext(ctx, insert, vals...)
				if err != nil {
					return err
				}
				k, err := res.RowsAffected()
				if err != nil {
					return err
				}
				n += k
			}
			tc.Inserted += n
			return nil
		})
		if err != nil {
			return err
		}
		done += int64(len(pending))
		pending = pending[:0]
		if progress != nil {
			progress(t.name, done, total)
		}
		return nil
	}
	for rows.Next() {
		vals, err := scanRow(rows, t)
		if err != nil {
			return tc, mapErr(op, t.name, "", err)
		}
		args := make([]any, len(vals))
		for i, v := range vals {
			args[i] = writeValue(dst, v)
		}
		pending = append(pending, args)
		if len(pending) >= batch {
			if err := flush(); err != nil {
				return tc, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return tc, mapErr(op, t.name, "", err)
	}
	rows.Close()
	if err := flush(); err != nil {
		return tc, err
	}
	srcN, srcSum, err := tableChecksum(ctx, src, t)
	if err != nil {
		return tc, mapErr(op, t.name, "", err)
	}
	dstN, dstSum, err := tableChecksum(ctx, dst, t)
	if err != nil {
		return tc, mapErr(op, t.name, "", err)
	}
	tc.Rows, tc.Checksum = srcN, srcSum
	if srcN != dstN || srcSum != dstSum {
		return tc, &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: t.name,
			Msg: fmt.Sprintf("differs after the copy (source %d rows, checksum %.12s; destination %d rows, checksum %.12s): the destination held other data or the source changed during the copy; copy into an empty database with writers stopped", srcN, srcSum, dstN, dstSum)}
	}
	return tc, nil
}

// Checksums counts and sums every table's rows as Copy verifies them, for comparing two
// databases at any time.
func Checksums(ctx context.Context, s *Store) ([]TableCopy, error) {
	const op = "sqlstore.Checksums"
	tables, err := copyTables()
	if err != nil {
		return nil, err
	}
	out := make([]TableCopy, 0, len(tables))
	for _, t := range tables {
		n, sum, err := tableChecksum(ctx, s, t)
		if err != nil {
			return nil, mapErr(op, t.name, "", err)
		}
		out = append(out, TableCopy{Table: t.name, Rows: n, Checksum: sum})
	}
	return out, nil
}

func countRows(ctx context.Context, s *Store, t copyTable) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t.name).Scan(&n)
	return n, err
}

// selectRows reads every column; on PostgreSQL, the types the drivers do not return as
// text are cast to it (times stay times).
func selectRows(s *Store, t copyTable) string {
	exprs := make([]string, len(t.cols))
	for i, c := range t.cols {
		exprs[i] = c.name
		if s.Backend() == Postgres {
			switch c.typ {
			case "uuid", "jsonb", "numeric", "varchar", "char", "text":
				exprs[i] = "CAST(" + c.name + " AS text)"
			}
		}
	}
	return "SELECT " + strings.Join(exprs, ", ") + " FROM " + t.name
}

// insertRow inserts one row unless a row with the same key is there already. On
// PostgreSQL, values go as text and are cast to the column's type.
func insertRow(s *Store, t copyTable) string {
	names := make([]string, len(t.cols))
	marks := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
		marks[i] = "?"
		if s.Backend() == Postgres {
			switch c.typ {
			case "uuid", "jsonb", "numeric":
				marks[i] = "CAST(CAST(? AS text) AS " + c.typ + ")"
			}
		}
	}
	q := "INSERT INTO " + t.name + " (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")"
	if t.name == settingsTable {
		// The settings (the blind index key) follow the source: the copied rows' indexes
		// were computed with its key.
		q += " ON CONFLICT (name) DO UPDATE SET value = excluded.value WHERE " + t.name + ".value <> excluded.value"
	} else {
		q += " ON CONFLICT DO NOTHING"
	}
	return s.dialect.rebind(q)
}

// scanRow reads one row as strings, int64s, times and nils.
func scanRow(rows *sql.Rows, t copyTable) ([]any, error) {
	vals := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	for i, v := range vals {
		switch x := v.(type) {
		case []byte:
			vals[i] = string(x)
		case int32:
			vals[i] = int64(x)
		case int16:
			vals[i] = int64(x)
		}
		if t.cols[i].typ == "timestamptz" {
			if s, ok := vals[i].(string); ok {
				tm, err := time.Parse(time.RFC3339Nano, s)
				if err != nil {
					return nil, fmt.Errorf("column %s: %q is not a time: %w", t.cols[i].name, s, err)
				}
				vals[i] = tm
			}
		}
	}
	return vals, nil
}

// writeValue is v as s stores it: times in the backend's form, the rest as read.
func writeValue(s *Store, v any) any {
	if tm, ok := v.(time.Time); ok {
		return s.dialect.timeArg(tm)
	}
	return v
}

// tableChecksum counts a table's rows and sums them: each row's SHA-256 over its values
// in canonical form, added as 256-bit numbers so that the order the rows come in does not
// matter.
func tableChecksum(ctx context.Context, s *Store, t copyTable) (int64, string, error) {
	rows, err := s.db.QueryContext(ctx, selectRows(s, t))
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	mod := new(big.Int).Lsh(big.NewInt(1), 256)
	sum := new(big.Int)
	var n int64
	var b strings.Builder
	for rows.Next() {
		vals, err := scanRow(rows, t)
		if err != nil {
			return 0, "", err
		}
		b.Reset()
		for i, v := range vals {
			c, err := canonical(t.cols[i].typ, v)
			if err != nil {
				return 0, "", fmt.Errorf("column %s: %w", t.cols[i].name, err)
			}
			b.WriteString(strconv.Itoa(len(c)))
			b.WriteByte(':')
			b.WriteString(c)
		}
		h := sha256.Sum256([]byte(b.String()))
		sum.Add(sum, new(big.Int).SetBytes(h[:]))
		sum.Mod(sum, mod)
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, "", err
	}
	buf := make([]byte, 32)
	return n, hex.EncodeToString(sum.FillBytes(buf)), nil
}

// canonical is v in the one form both backends agree on.
func canonical(typ string, v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "\x00null", nil
	case time.Time:
		return x.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case string:
		switch typ {
		case "jsonb":
			dec := json.NewDecoder(strings.NewReader(x))
			dec.UseNumber()
			var doc any
			if err := dec.Decode(&doc); err != nil {
				return "", err
			}
			out, err := json.Marshal(doc)
			return string(out), err
		case "numeric":
			d, err := decimal.NewFromString(x)
			if err != nil {
				return "", err
			}
			return d.String(), nil
		case "uuid":
			return strings.ToLower(x), nil
		case "bigint", "integer", "smallint":
			n, err := strconv.ParseInt(x, 10, 64)
			return strconv.FormatInt(n, 10), err
		}
		return x, nil
	}
	return fmt.Sprint(v), nil
}
