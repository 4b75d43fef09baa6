package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storecodec"
)

// Store keeps every wushe entity as a JSON file on disk: one directory per entity type,
// one file per entity named by its ID. It implements linkage.Store, resources.Store and
// volunteer.Store on one type, the way a host's database adapter would.
//
// Every write goes to a temporary file in the same directory, is synced and then renamed
// over the old file, so a reader sees the old entity or the new one, never half of each.
// One lock per Store serialises the writes (and the atomic multi-entity methods) while
// reads share it, so the read-modify-write of UpdateX and the checks of the multi-entity
// methods see a state nobody else changes under them. Two Stores must not be opened on
// one directory at the same time; a crash in the middle of a multi-entity write can leave
// part of it on disk, which a database transaction would not.
type Store struct {
	dir    string
	mu     sync.RWMutex
	closed bool
}

// Open opens (creating it when needed) the store kept in dir.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, &wushe.Error{Op: "customstore.Open", Kind: wushe.KindUnavailable, Msg: "cannot create the store directory", Err: err}
	}
	return &Store{dir: dir}, nil
}

// Close releases the store; every later call fails with KindUnavailable. Closing twice is
// harmless.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// ready checks ctx and that the store is open; the caller holds the lock.
func (s *Store) ready(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Msg: "context is done", Err: err}
	}
	if s.closed {
		return &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Msg: "the store is closed"}
	}
	return nil
}

// updating marks the host update functions the store runs, so that a Store call made from
// inside one is refused instead of waiting for the lock its own goroutine holds.
var updating wushe.UpdateGuard

// read runs fn under the shared lock once the store is ready.
func (s *Store) read(ctx context.Context, op string, fn func() error) error {
	if err := updating.Check(op, "Store"); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.ready(ctx, op); err != nil {
		return err
	}
	return fn()
}

// write runs fn under the exclusive lock once the store is ready. fn checks everything
// before it writes its first file.
func (s *Store) write(ctx context.Context, op string, fn func() error) error {
	if err := updating.Check(op, "Store"); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.ready(ctx, op); err != nil {
		return err
	}
	return fn()
}

// kind describes one entity type: its name in errors, its directory, and how to reach its
// ID and Version.
type kind[T any] struct {
	entity  string
	dir     string
	id      func(*T) uuid.UUID
	version func(*T) *int64
}

func (k kind[T]) path(s *Store, id uuid.UUID) string {
	return filepath.Join(s.dir, k.dir, id.String()+".json")
}

func (k kind[T]) fail(op string, kd wushe.Kind, id uuid.UUID, msg string, err error) error {
	e := &wushe.Error{Op: op, Kind: kd, Entity: k.entity, Msg: msg, Err: err}
	if id != uuid.Nil {
		e.ID = id.String()
	}
	return e
}

// exists reports whether the entity's file is there.
func (k kind[T]) exists(s *Store, op string, id uuid.UUID) (bool, error) {
	_, err := os.Stat(k.path(s, id))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	default:
		return false, k.fail(op, wushe.KindUnavailable, id, "cannot read the entity file", err)
	}
}

// load reads and decodes one entity; a fresh value every time, so callers own it.
func (k kind[T]) load(s *Store, op string, id uuid.UUID) (T, error) {
	var v T
	b, err := os.ReadFile(k.path(s, id))
	if errors.Is(err, fs.ErrNotExist) {
		return v, k.fail(op, wushe.KindNotFound, id, "not found", nil)
	}
	if err != nil {
		return v, k.fail(op, wushe.KindUnavailable, id, "cannot read the entity file", err)
	}
	if err := storecodec.Unmarshal(b, &v); err != nil {
		return v, k.fail(op, wushe.KindUnavailable, id, "the entity file is damaged", err)
	}
	return v, nil
}

// save writes v atomically: a temporary file in the same directory, synced, then renamed.
func (k kind[T]) save(s *Store, op string, v T) error {
	id := k.id(&v)
	b, err := storecodec.Marshal(v)
	if err != nil {
		return k.fail(op, wushe.KindInvalid, id, "cannot encode the entity", err)
	}
	dir := filepath.Join(s.dir, k.dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return k.fail(op, wushe.KindUnavailable, id, "cannot create the entity directory", err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return k.fail(op, wushe.KindUnavailable, id, "cannot create a temporary file", err)
	}
	_, werr := tmp.Write(b)
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), k.path(s, id))
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return k.fail(op, wushe.KindUnavailable, id, "cannot write the entity file", werr)
	}
	return nil
}

// checkNew rejects the nil UUID and an ID that is already stored.
func (k kind[T]) checkNew(s *Store, op string, id uuid.UUID) error {
	if id == uuid.Nil {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: k.entity, Field: "ID", Msg: "is the nil UUID"}
	}
	ok, err := k.exists(s, op, id)
	if err != nil {
		return err
	}
	if ok {
		return k.fail(op, wushe.KindAlreadyExists, id, "already exists", nil)
	}
	return nil
}

// create stores v with Version 1.
func (k kind[T]) create(ctx context.Context, s *Store, op string, v T) error {
	return s.write(ctx, op, func() error {
		if err := k.checkNew(s, op, k.id(&v)); err != nil {
			return err
		}
		*k.version(&v) = 1
		return k.save(s, op, v)
	})
}

// get loads one entity.
func (k kind[T]) get(ctx context.Context, s *Store, op string, id uuid.UUID) (out T, err error) {
	err = s.read(ctx, op, func() error {
		out, err = k.load(s, op, id)
		return err
	})
	return out, err
}

// update is the contract's read-modify-write under the exclusive lock.
func (k kind[T]) update(ctx context.Context, s *Store, op string, id uuid.UUID, fn func(*T) error) (out T, err error) {
	err = s.write(ctx, op, func() error {
		cur, err := k.load(s, op, id)
		if err != nil {
			return err
		}
		stored := *k.version(&cur)
		if err := updating.Run(func() error { return fn(&cur) }); err != nil {
			return err
		}
		if k.id(&cur) != id {
			return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: k.entity, ID: id.String(), Field: "ID",
				Msg: "an update cannot change the ID"}
		}
		if have := *k.version(&cur); have != stored {
			return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: k.entity, ID: id.String(), Field: "Version",
				Msg: "version " + strconv.FormatInt(have, 10) + " is stale, the stored version is " + strconv.FormatInt(stored, 10)}
		}
		*k.version(&cur) = stored + 1
		if err := k.save(s, op, cur); err != nil {
			return err
		}
		// Return a value of our own: fn may have kept the pointer it was given.
		out, err = k.load(s, op, id)
		return err
	})
	return out, err
}

// remove deletes the stored entity when its Version is version, under the exclusive lock.
func (k kind[T]) remove(ctx context.Context, s *Store, op string, id uuid.UUID, version int64) error {
	return s.write(ctx, op, func() error {
		cur, err := k.load(s, op, id)
		if err != nil {
			return err
		}
		if have := *k.version(&cur); have != version {
			return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: k.entity, ID: id.String(), Field: "Version",
				Msg: "version " + strconv.FormatInt(version, 10) + " is stale, the stored version is " + strconv.FormatInt(have, 10)}
		}
		if err := os.Remove(k.path(s, id)); err != nil {
			return k.fail(op, wushe.KindUnavailable, id, "cannot remove the file", err)
		}
		return nil
	})
}

// all loads every stored entity, ordered by ID ascending in byte order.
func (k kind[T]) all(s *Store, op string) ([]T, error) {
	entries, err := os.ReadDir(filepath.Join(s.dir, k.dir))
	if errors.Is(err, fs.ErrNotExist) {
		return []T{}, nil
	}
	if err != nil {
		return nil, k.fail(op, wushe.KindUnavailable, uuid.Nil, "cannot list the entity directory", err)
	}
	ids := make([]uuid.UUID, 0, len(entries))
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || e.IsDir() {
			continue // temporary files and anything else a host put there
		}
		id, err := uuid.Parse(name)
		if err != nil {
			continue
		}
		ids = append(ids, id)
	}
	slices.SortFunc(ids, wushe.CompareIDs)
	out := make([]T, 0, len(ids))
	for _, id := range ids {
		v, err := k.load(s, op, id)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// list returns one page of the entities that match.
func (k kind[T]) list(ctx context.Context, s *Store, op string, match func(*T) bool, req wushe.PageRequest) (out wushe.Page[T], err error) {
	err = s.read(ctx, op, func() error {
		if _, err := req.Normalize(); err != nil {
			return wushe.WithOp(op, err)
		}
		rows, err := k.all(s, op)
		if err != nil {
			return err
		}
		rows = slices.DeleteFunc(rows, func(v T) bool { return !match(&v) })
		out, err = wushe.Paginate(rows, func(v T) uuid.UUID { return k.id(&v) }, req)
		if err != nil {
			return wushe.WithOp(op, err)
		}
		return nil
	})
	return out, err
}
