// Package memstore is wushe's embedded store: one in-memory type, Store, that implements
// the Store interface of every wushe package (linkage.Store, volunteer.Store,
// resources.Store ...), the way a host's database adapter does. It is the default in every
// example and passes every conformance suite.
//
// A Store is safe for concurrent use. It copies entities deeply on the way in and on the
// way out, so no caller can change stored state through a slice or map it holds. One lock
// guards the whole store: every method, the atomic multi-entity ones included, runs alone,
// so invariants that span entities hold under any number of goroutines. Every method checks
// its context first and returns an error wrapping ctx.Err() when it is done.
//
// Limits: the data lives in the process and is lost when it exits; one process only. For
// durable storage implement the Stores on your database (see the conformance suites) or use
// the SQL adapter.
package memstore

import (
	"context"
	"sync"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/clone"
)

// Store is the in-memory implementation of every wushe Store. The zero value is not
// usable; call New.
type Store struct {
	mu sync.RWMutex
	linkageState
	volunteerState
	resourcesState
}

// New returns an empty Store.
func New() *Store {
	s := &Store{}
	s.linkageState.init()
	s.volunteerState.init()
	s.resourcesState.init()
	return s
}

// read runs fn under the read lock after checking ctx.
func (s *Store) read(ctx context.Context, op string, fn func() error) error {
	if err := ctxErr(ctx, op); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fn()
}

// write runs fn under the write lock after checking ctx. fn must leave the state as it was
// when it returns an error.
func (s *Store) write(ctx context.Context, op string, fn func() error) error {
	if err := ctxErr(ctx, op); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return fn()
}

func ctxErr(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Msg: "context is done", Err: err}
	}
	return nil
}

// The four operations every entity shares, for every package's tables: a table method run
// under the Store's lock, write lock for changes and read lock for queries.

func lockedCreate[T any](ctx context.Context, s *Store, op string, t *table[T], v T) error {
	return s.write(ctx, op, func() error { return t.create(op, v) })
}

func lockedGet[T any](ctx context.Context, s *Store, op string, t *table[T], id uuid.UUID) (out T, err error) {
	err = s.read(ctx, op, func() error { out, err = t.get(op, id); return err })
	return out, err
}

func lockedList[T any](ctx context.Context, s *Store, op string, t *table[T], match func(*T) bool,
	req wushe.PageRequest) (out wushe.Page[T], err error) {
	err = s.read(ctx, op, func() error { out, err = t.list(op, match, req); return err })
	return out, err
}

func lockedUpdate[T any](ctx context.Context, s *Store, op string, t *table[T], id uuid.UUID,
	fn func(*T) error) (out T, err error) {
	err = s.write(ctx, op, func() error { out, err = t.update(op, id, fn); return err })
	return out, err
}

// table holds the rows of one entity type, keyed by ID. Its methods assume the caller holds
// the Store's lock, and copy deeply on the way in and out.
type table[T any] struct {
	entity  string
	rows    map[uuid.UUID]T
	id      func(*T) uuid.UUID
	version func(*T) *int64
}

func newTable[T any](entity string, id func(*T) uuid.UUID, version func(*T) *int64) *table[T] {
	return &table[T]{entity: entity, rows: map[uuid.UUID]T{}, id: id, version: version}
}

// create stores a copy of v with Version 1, or fails with KindAlreadyExists.
func (t *table[T]) create(op string, v T) error {
	id := t.id(&v)
	if id == uuid.Nil {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: t.entity, Field: "ID", Msg: "is the nil UUID"}
	}
	if _, ok := t.rows[id]; ok {
		return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: t.entity, ID: id.String(), Msg: "already exists"}
	}
	c := clone.Of(v)
	*t.version(&c) = 1
	t.rows[id] = c
	return nil
}

// get returns a copy of the row, or fails with KindNotFound.
func (t *table[T]) get(op string, id uuid.UUID) (T, error) {
	v, ok := t.rows[id]
	if !ok {
		var zero T
		return zero, t.notFound(op, id)
	}
	return clone.Of(v), nil
}

func (t *table[T]) notFound(op string, id uuid.UUID) error {
	return &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: t.entity, ID: id.String(), Msg: "not found"}
}

// has reports whether a row with id exists.
func (t *table[T]) has(id uuid.UUID) bool {
	_, ok := t.rows[id]
	return ok
}

// update runs the Store contract's read-modify-write: fn gets a copy; an error from fn is
// returned as it is and nothing changes; a changed ID is invalid; a changed Version is a
// conflict; otherwise the copy is stored with Version + 1 and a copy of it returned.
func (t *table[T]) update(op string, id uuid.UUID, fn func(*T) error) (T, error) {
	var zero T
	cur, ok := t.rows[id]
	if !ok {
		return zero, t.notFound(op, id)
	}
	next := clone.Of(cur)
	if err := fn(&next); err != nil {
		return zero, err
	}
	if t.id(&next) != id {
		return zero, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: t.entity, ID: id.String(),
			Field: "ID", Msg: "an update cannot change the ID"}
	}
	if have, want := *t.version(&next), *t.version(&cur); have != want {
		return zero, &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: t.entity, ID: id.String(),
			Field: "Version", Msg: "version " + itoa(have) + " is stale, the stored version is " + itoa(want)}
	}
	*t.version(&next) = *t.version(&cur) + 1
	// Store a copy: fn may have kept the pointer it was given.
	t.rows[id] = clone.Of(next)
	return next, nil
}

// put stores v as it is, replacing any row with its ID: for atomic multi-entity methods that
// have already checked their preconditions. It sets nothing.
func (t *table[T]) put(v T) { t.rows[t.id(&v)] = clone.Of(v) }

// list returns one page of copies of the rows that match, ordered by ID.
func (t *table[T]) list(op string, match func(*T) bool, req wushe.PageRequest) (wushe.Page[T], error) {
	ids := make([]uuid.UUID, 0, len(t.rows))
	var v T // one variable for every row: passing &v to match moves it to the heap once
	for id := range t.rows {
		v = t.rows[id]
		if match == nil || match(&v) {
			ids = append(ids, id)
		}
	}
	page, err := wushe.Paginate(ids, func(id uuid.UUID) uuid.UUID { return id }, req)
	if err != nil {
		return wushe.Page[T]{}, wushe.WithOp(op, err)
	}
	out := wushe.Page[T]{Items: make([]T, len(page.Items)), Next: page.Next}
	for i, id := range page.Items {
		out.Items[i] = clone.Of(t.rows[id])
	}
	return out, nil
}

// all returns copies of every row that matches, ordered by ID: for derived queries that
// need every row (counts, reports).
func (t *table[T]) all(match func(*T) bool) []T {
	var ids []uuid.UUID
	var v T
	for id := range t.rows {
		v = t.rows[id]
		if match == nil || match(&v) {
			ids = append(ids, id)
		}
	}
	sortIDs(ids)
	out := make([]T, len(ids))
	for i, id := range ids {
		out[i] = clone.Of(t.rows[id])
	}
	return out
}
