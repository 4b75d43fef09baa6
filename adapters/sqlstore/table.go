package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storecodec"
)

// column is one column of an entity table besides id, version and doc: what the filters
// select on and the schema constrains. Its value is recomputed from the entity on every
// write.
type column[T any] struct {
	// name is the SQL column.
	name string
	// field is the Go field it holds, named in errors.
	field string
	// max, when positive, is the most characters the column takes; a longer value is
	// refused as invalid before the statement is sent.
	max int
	// value extracts the column's value: a uuid.UUID, string, time.Time,
	// decimal.Decimal, bool, an integer, or nil for NULL.
	value func(*T) any
}

// table maps one entity type to its SQL table: id (primary key), version, doc (the whole
// entity in storecodec form) and the extracted columns.
type table[T any] struct {
	name    string
	entity  string
	id      func(*T) uuid.UUID
	version func(*T) *int64
	cols    []column[T]
}

// where collects the conditions of a list query.
type where struct {
	clauses []string
	args    []any
}

// eq adds "col = v" unless v is its type's zero value (a zero filter field matches
// anything).
func (w *where) eq(col string, v any) {
	if v == nil || reflect.ValueOf(v).IsZero() {
		return
	}
	w.add(col+" = ?", v)
}

// add adds a condition with ? placeholders.
func (w *where) add(clause string, args ...any) {
	w.clauses = append(w.clauses, clause)
	w.args = append(w.args, args...)
}

// between narrows to the half-open [from, to) of a time filter, each bound unless it is
// zero. The upper bound is taken inclusively: PostgreSQL keeps times to the microsecond,
// so two instants less than a microsecond apart can compare equal there; the filter's
// Match, on the document's exact time, then drops what lies at or after to.
func (w *where) between(col string, from, to time.Time) {
	if !from.IsZero() {
		w.add(col+" >= ?", from)
	}
	if !to.IsZero() {
		w.add(col+" <= ?", to)
	}
}

func (t *table[T]) alreadyExists(op string, id uuid.UUID) error {
	return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: t.entity, ID: id.String(), Msg: "already exists"}
}

// fresh returns v as a read would give it back (times in UTC, a copy of every slice and
// map): what a write returns, so that a caller holding v cannot reach what was stored.
func (t *table[T]) fresh(op string, v T) (T, error) {
	var out T
	id := t.id(&v)
	// The copy never leaves memory: the clear codec makes it.
	doc, err := storecodec.Marshal(v)
	if err != nil {
		return out, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: t.entity, ID: id.String(), Msg: "cannot be encoded", Err: err}
	}
	return out, t.decode(storecodec.Codec{}, op, id, *t.version(&v), doc, &out)
}

func (t *table[T]) notFound(op string, id uuid.UUID) error {
	return &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: t.entity, ID: id.String(), Msg: "not found"}
}

// row is what a write sends: the document and the column values, checked.
func (t *table[T]) row(s *Store, op string, v *T) (doc string, vals []any, err error) {
	id := t.id(v)
	for _, c := range t.cols {
		x := c.value(v)
		if str, ok := x.(string); ok && c.max > 0 && utf8.RuneCountInString(str) > c.max {
			return "", nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: t.entity, ID: id.String(), Field: c.field,
				Msg: "is " + strconv.Itoa(utf8.RuneCountInString(str)) + " characters long; the store takes at most " + strconv.Itoa(c.max)}
		}
		if x == nil {
			vals = append(vals, nil)
			continue
		}
		vals = append(vals, s.arg(x))
	}
	b, err := s.codec.Marshal(*v)
	if err != nil {
		return "", nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: t.entity, ID: id.String(), Msg: "cannot be encoded", Err: err}
	}
	return string(b), vals, nil
}

// named replaces a column name in a database error's Field by the Go field it holds.
func (t *table[T]) named(err error, id uuid.UUID) error {
	var we *wushe.Error
	if !errors.As(err, &we) {
		return err
	}
	if we.ID == "" && id != uuid.Nil {
		we.ID = id.String()
	}
	if we.Entity == "" || we.Entity == "Store" {
		we.Entity = t.entity
	}
	for _, c := range t.cols {
		if we.Field == c.name || strings.HasSuffix(we.Field, "."+c.name) || strings.HasSuffix(we.Field, "_"+c.name+"_check") {
			we.Field = c.field
		}
	}
	return err
}

// insert writes v as a new row with Version 1.
func (t *table[T]) insert(ctx context.Context, s *Store, tx *sql.Tx, op string, v T) error {
	id := t.id(&v)
	if id == uuid.Nil {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: t.entity, Field: "ID", Msg: "is the nil UUID"}
	}
	*t.version(&v) = 1
	return t.insertAsIs(ctx, s, tx, op, v)
}

// insertAsIs writes v as a new row with the Version it carries.
func (t *table[T]) insertAsIs(ctx context.Context, s *Store, tx *sql.Tx, op string, v T) error {
	id := t.id(&v)
	doc, vals, err := t.row(s, op, &v)
	if err != nil {
		return err
	}
	taken, err := t.exists(ctx, s, tx, id)
	if err != nil {
		return err
	}
	if taken {
		return t.alreadyExists(op, id)
	}
	names := []string{"id", "version", "doc"}
	for _, c := range t.cols {
		names = append(names, c.name)
	}
	q := "INSERT INTO " + t.name + " (" + strings.Join(names, ", ") + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ") + ")"
	args := append([]any{id.String(), *t.version(&v), doc}, vals...)
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(q), args...); err != nil {
		return t.named(mapErr(op, t.entity, id.String(), err), id)
	}
	return nil
}

// put overwrites the stored row of v with v as it is (Version included): for the atomic
// methods, which have checked their preconditions under lock.
func (t *table[T]) put(ctx context.Context, s *Store, tx *sql.Tx, op string, v T) error {
	id := t.id(&v)
	doc, vals, err := t.row(s, op, &v)
	if err != nil {
		return err
	}
	sets := []string{"version = ?", "doc = ?"}
	for _, c := range t.cols {
		sets = append(sets, c.name+" = ?")
	}
	args := append([]any{*t.version(&v), doc}, vals...)
	args = append(args, id.String())
	res, err := tx.ExecContext(ctx, s.dialect.rebind("UPDATE "+t.name+" SET "+strings.Join(sets, ", ")+" WHERE id = ?"), args...)
	if err != nil {
		return t.named(mapErr(op, t.entity, id.String(), err), id)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return t.notFound(op, id)
	}
	return nil
}

// get reads one row; lock (inside a write transaction) also locks it until the
// transaction ends.
func (t *table[T]) get(ctx context.Context, s *Store, q querier, op string, id uuid.UUID, lock bool) (T, error) {
	query := "SELECT version, doc FROM " + t.name + " WHERE id = ?"
	if lock {
		query += s.dialect.forUpdate()
	}
	var out T
	var version int64
	var doc []byte
	err := q.QueryRowContext(ctx, s.dialect.rebind(query), id.String()).Scan(&version, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return out, t.notFound(op, id)
	}
	if err != nil {
		return out, err
	}
	return out, t.load(s, op, id, version, doc, &out)
}

// exists reports whether a row with id is stored.
func (t *table[T]) exists(ctx context.Context, s *Store, q querier, id uuid.UUID) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, s.dialect.rebind("SELECT COUNT(*) FROM "+t.name+" WHERE id = ?"), id.String()).Scan(&n)
	return n > 0, err
}

// load decodes a stored document with the Store's codec (which opens sealed values).
func (t *table[T]) load(s *Store, op string, id uuid.UUID, version int64, doc []byte, out *T) error {
	return t.decodeCached(s, op, id, version, doc, out)
}

func (t *table[T]) decode(c storecodec.Codec, op string, id uuid.UUID, version int64, doc []byte, out *T) error {
	if err := c.Unmarshal(doc, out); err != nil {
		return &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Entity: t.entity, ID: id.String(),
			Msg: "the stored document cannot be decoded", Err: err}
	}
	*t.version(out) = version
	return nil
}

// update is the contract's read-modify-write inside tx: lock and read the row, run fn on
// the copy, refuse a changed ID or a stale Version, write it with Version + 1.
func (t *table[T]) update(ctx context.Context, s *Store, tx *sql.Tx, op string, id uuid.UUID, fn func(*T) error) (T, error) {
	var zero T
	next, err := t.get(ctx, s, tx, op, id, true)
	if err != nil {
		return zero, err
	}
	stored := *t.version(&next)
	if err := updating.Run(func() error { return fn(&next) }); err != nil {
		return zero, err
	}
	if t.id(&next) != id {
		return zero, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: t.entity, ID: id.String(),
			Field: "ID", Msg: "an update cannot change the ID"}
	}
	if have := *t.version(&next); have != stored {
		return zero, &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: t.entity, ID: id.String(), Field: "Version",
			Msg: "version " + strconv.FormatInt(have, 10) + " is stale, the stored version is " + strconv.FormatInt(stored, 10)}
	}
	*t.version(&next) = stored + 1
	if err := t.put(ctx, s, tx, op, next); err != nil {
		return zero, err
	}
	// Return a fresh copy: fn may have kept the pointer it was given.
	return t.fresh(op, next)
}

// remove deletes the row id inside tx when its Version is version: KindNotFound when there
// is none, KindConflict when it moved on.
func (t *table[T]) remove(ctx context.Context, s *Store, tx *sql.Tx, op string, id uuid.UUID, version int64) error {
	cur, err := t.get(ctx, s, tx, op, id, true)
	if err != nil {
		return err
	}
	if have := *t.version(&cur); have != version {
		return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: t.entity, ID: id.String(), Field: "Version",
			Msg: "version " + strconv.FormatInt(version, 10) + " is stale, the stored version is " + strconv.FormatInt(have, 10)}
	}
	if _, err := tx.ExecContext(ctx, s.dialect.rebind("DELETE FROM "+t.name+" WHERE id = ?"), id.String()); err != nil {
		return t.named(mapErr(op, t.entity, id.String(), err), id)
	}
	return nil
}

// list returns one page of the rows that satisfy w in SQL and match in Go (nil matches
// all), ordered by ID. Rows are read in batches until the page is full, so a filter that
// SQL cannot express costs reading, never a wrong page.
func (t *table[T]) list(ctx context.Context, s *Store, q querier, op string, w where, match func(*T) bool, req wushe.PageRequest) (wushe.Page[T], error) {
	req, err := req.Normalize()
	if err != nil {
		return wushe.Page[T]{}, wushe.WithOp(op, err)
	}
	batch := req.Limit + 1
	if match != nil {
		batch = max(batch, 256)
	}
	out := wushe.Page[T]{Items: []T{}}
	var items []T
	after := req.After
	for {
		ww := where{clauses: append([]string(nil), w.clauses...), args: append([]any(nil), w.args...)}
		if after != uuid.Nil {
			ww.add("id > ?", after)
		}
		// The batch's IDs first, then their documents: when the database sorts the rows
		// that satisfy w by ID, it sorts IDs (read from an index alone when one holds
		// every column w selects on), not documents, and reads only the batch's
		// documents, in the order of the IDs it found.
		keys := "SELECT id FROM " + t.name
		if len(ww.clauses) > 0 {
			keys += " WHERE " + strings.Join(ww.clauses, " AND ")
		}
		keys += " ORDER BY id LIMIT " + strconv.Itoa(batch)
		query := "SELECT id, version, doc FROM " + t.name + " WHERE id IN (" + keys + ") ORDER BY id"
		n, last, err := t.scanBatch(ctx, s, q, op, s.dialect.rebind(query), s.args(ww.args...), func(v T) bool {
			if match == nil || match(&v) {
				items = append(items, v)
			}
			return len(items) > req.Limit
		})
		if err != nil {
			return wushe.Page[T]{}, err
		}
		if len(items) > req.Limit {
			out.Items = items[:req.Limit:req.Limit]
			out.Next = t.id(&items[req.Limit-1])
			return out, nil
		}
		if n < batch {
			if items != nil {
				out.Items = items
			}
			return out, nil
		}
		after = last
	}
}

// scanBatch runs query and hands each decoded row to keep until keep says stop. It
// returns how many rows it read and the last ID.
func (t *table[T]) scanBatch(ctx context.Context, s *Store, q querier, op, query string, args []any, keep func(T) bool) (int, uuid.UUID, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, uuid.Nil, err
	}
	defer rows.Close()
	n := 0
	var last uuid.UUID
	// The ID and the document are read in place (valid until the next row): the cache
	// hands out a copy of a document it has decoded before, and decoding copies what it
	// keeps.
	var idText, doc sql.RawBytes
	var version int64
	for rows.Next() {
		if err := rows.Scan(&idText, &version, &doc); err != nil {
			return n, last, err
		}
		id, err := uuid.ParseBytes(idText)
		if err != nil {
			return n, last, &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Entity: t.entity, ID: string(idText), Msg: "a stored ID is not a UUID", Err: err}
		}
		n, last = n+1, id
		var v T
		if err := t.load(s, op, id, version, doc, &v); err != nil {
			return n, last, err
		}
		if keep(v) {
			return n, last, nil
		}
	}
	return n, last, rows.Err()
}

// all returns every row that satisfies w and match, ordered by ID.
func (t *table[T]) all(ctx context.Context, s *Store, q querier, op string, w where, match func(*T) bool, lock bool) ([]T, error) {
	query := "SELECT id, version, doc FROM " + t.name
	if len(w.clauses) > 0 {
		query += " WHERE " + strings.Join(w.clauses, " AND ")
	}
	query += " ORDER BY id"
	if lock {
		query += s.dialect.forUpdate()
	}
	var out []T
	_, _, err := t.scanBatch(ctx, s, q, op, s.dialect.rebind(query), s.args(w.args...), func(v T) bool {
		if match == nil || match(&v) {
			out = append(out, v)
		}
		return false
	})
	return out, err
}

// The Store-level operations every entity shares: one statement or one transaction
// around a table method.

func create[T any](ctx context.Context, s *Store, op string, t *table[T], v T) error {
	return s.write(ctx, op, t.entity, func(tx *sql.Tx) error { return t.insert(ctx, s, tx, op, v) })
}

func get[T any](ctx context.Context, s *Store, op string, t *table[T], id uuid.UUID) (out T, err error) {
	err = s.read(ctx, op, t.entity, func(q querier) error { out, err = t.get(ctx, s, q, op, id, false); return err })
	return out, err
}

func list[T any](ctx context.Context, s *Store, op string, t *table[T], w where, match func(*T) bool, req wushe.PageRequest) (out wushe.Page[T], err error) {
	err = s.read(ctx, op, t.entity, func(q querier) error { out, err = t.list(ctx, s, q, op, w, match, req); return err })
	return out, err
}

func update[T any](ctx context.Context, s *Store, op string, t *table[T], id uuid.UUID, fn func(*T) error) (out T, err error) {
	err = s.write(ctx, op, t.entity, func(tx *sql.Tx) error { out, err = t.update(ctx, s, tx, op, id, fn); return err })
	return out, err
}
