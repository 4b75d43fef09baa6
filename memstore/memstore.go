// Package memstore is wushe's embedded store: one in-memory type, Store, that implements
// the Store interface of every wushe package (linkage.Store, volunteer.Store,
// resources.Store ...), the way a host's database adapter does. It is the default in every
// example and passes every conformance suite.
//
// A Store is safe for concurrent use. It copies entities deeply on the way in and on the
// way out, so no caller can change stored state through a slice or map it holds. One
// read-write lock guards the whole store: every method that writes, the atomic
// multi-entity ones included, runs alone, and reads run beside each other but never beside
// a write, so a read never sees a write half done and invariants that span entities hold
// under any number of goroutines. Every method checks its context first and returns an
// error wrapping ctx.Err() when it is done.
//
// An update function must not call a memstore (the Store contract forbids it): the lock is
// held while the function runs, so the call would wait for itself. Such a call fails at
// once with a KindInvalid error instead. A panic in an update function releases the lock
// and goes on panicking; nothing is stored.
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
	partyState
	volunteerState
	resourcesState
}

// New returns an empty Store.
func New() *Store {
	s := &Store{}
	s.linkageState.init()
	s.partyState.init()
	s.volunteerState.init()
	s.resourcesState.init()
	return s
}

// updating marks the update functions that memstores run, so that a call from inside one
// is refused instead of waiting for a lock its own goroutine holds.
var updating wushe.UpdateGuard

// read runs fn under the read lock after checking ctx.
func (s *Store) read(ctx context.Context, op string, fn func() error) error {
	if err := ctxErr(ctx, op); err != nil {
		return err
	}
	if err := updating.Check(op, "Store"); err != nil {
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
	if err := updating.Check(op, "Store"); err != nil {
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

// lockedListIn is lockedList walking only the IDs in returns (an index's set for the
// filter's key, taken under the lock) instead of the whole table.
func lockedListIn[T any](ctx context.Context, s *Store, op string, t *table[T], in func() *idset, match func(*T) bool,
	req wushe.PageRequest) (out wushe.Page[T], err error) {
	err = s.read(ctx, op, func() error { out, err = t.listIn(op, in(), match, req); return err })
	return out, err
}

func lockedUpdate[T any](ctx context.Context, s *Store, op string, t *table[T], id uuid.UUID,
	fn func(*T) error) (out T, err error) {
	err = s.write(ctx, op, func() error { out, err = t.update(op, id, fn); return err })
	return out, err
}

// table holds the rows of one entity type, keyed by ID, with their IDs in list order and
// the indexes its Store's filters walk. Its methods assume the caller holds the Store's
// lock, and copy deeply on the way in and out.
type table[T any] struct {
	entity  string
	rows    map[uuid.UUID]T
	id      func(*T) uuid.UUID
	version func(*T) *int64
	// order holds every row's ID in list order, for pages that cost O(page + log n).
	order idset
	// indexes are kept up to date by every write.
	indexes []secondary[T]
}

// indexBy adds x to the indexes the table keeps and returns x. Call it before the first
// row is stored.
func indexBy[T any, K comparable](t *table[T], x *index[T, K]) *index[T, K] {
	t.indexes = append(t.indexes, x)
	return x
}

// store sets the row with v's ID to v (a copy the table owns), replacing old when there
// was one, and keeps the order and the indexes.
func (t *table[T]) store(v T, old *T) {
	id := t.id(&v)
	for _, x := range t.indexes {
		if old != nil {
			x.remove(id, old)
		}
		x.add(id, &v)
	}
	if old == nil {
		t.order.add(id)
	}
	t.rows[id] = v
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
	t.store(c, nil)
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
	if err := updating.Run(func() error { return fn(&next) }); err != nil {
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
	t.store(clone.Of(next), &cur)
	return next, nil
}

// remove deletes the row id if its Version is version: KindNotFound when there is none,
// KindConflict when it moved on.
func (t *table[T]) remove(op string, id uuid.UUID, version int64) error {
	cur, ok := t.rows[id]
	if !ok {
		return t.notFound(op, id)
	}
	if have := *t.version(&cur); have != version {
		return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: t.entity, ID: id.String(),
			Field: "Version", Msg: "version " + itoa(version) + " is stale, the stored version is " + itoa(have)}
	}
	for _, x := range t.indexes {
		x.remove(id, &cur)
	}
	t.order.remove(id)
	delete(t.rows, id)
	return nil
}

// put stores v as it is, replacing any row with its ID: for atomic multi-entity methods that
// have already checked their preconditions. It sets nothing.
func (t *table[T]) put(v T) {
	if old, ok := t.rows[t.id(&v)]; ok {
		t.store(clone.Of(v), &old)
		return
	}
	t.store(clone.Of(v), nil)
}

// list returns one page of copies of the rows that match, ordered by ID.
func (t *table[T]) list(op string, match func(*T) bool, req wushe.PageRequest) (wushe.Page[T], error) {
	return t.listIn(op, &t.order, match, req)
}

// listIn returns one page of copies of the rows in set that match, ordered by ID: it
// walks set from the cursor and stops one match past the page, so a page costs the IDs
// it visits, not the table.
func (t *table[T]) listIn(op string, set *idset, match func(*T) bool, req wushe.PageRequest) (wushe.Page[T], error) {
	req, err := req.Normalize()
	if err != nil {
		return wushe.Page[T]{}, wushe.WithOp(op, err)
	}
	out := wushe.Page[T]{Items: []T{}}
	var v T // one variable for every row: passing &v to match moves it to the heap once
	set.ascend(req.After, func(id uuid.UUID) bool {
		v = t.rows[id]
		if match != nil && !match(&v) {
			return true
		}
		if len(out.Items) == req.Limit {
			out.Next = t.id(&out.Items[req.Limit-1])
			return false
		}
		out.Items = append(out.Items, clone.Of(v))
		return true
	})
	return out, nil
}

// all returns copies of every row that matches, ordered by ID: for derived queries that
// need every row (counts, reports).
func (t *table[T]) all(match func(*T) bool) []T {
	out := []T{}
	var v T
	t.order.ascend(uuid.Nil, func(id uuid.UUID) bool {
		v = t.rows[id]
		if match == nil || match(&v) {
			out = append(out, clone.Of(v))
		}
		return true
	})
	return out
}
