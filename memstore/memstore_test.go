package memstore

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storetest"
)

// row is an entity made for testing the shared core: an ID, a Version and fields that share
// memory when copied shallowly.
type row struct {
	ID      uuid.UUID
	Version int64
	Tags    []string
	Meta    map[string]int
	Ptr     *int
	N       int
}

const testOp = "memstore.test"

func newRows() *table[row] {
	return newTable("Row", func(r *row) uuid.UUID { return r.ID }, func(r *row) *int64 { return &r.Version })
}

func sample(id uuid.UUID) row {
	n := 7
	return row{ID: id, Tags: []string{"a", "b"}, Meta: map[string]int{"k": 1}, Ptr: &n, N: 3}
}

// scribble changes every piece of memory r shares with its source when copied shallowly.
func scribble(r *row) {
	r.Tags[0] = "changed"
	r.Meta["k"] = 99
	r.Meta["new"] = 1
	*r.Ptr = -1
}

// requireErr checks an error's kind and the names it must carry.
func requireErr(t *testing.T, err error, kind error, op, entity, id, field string) {
	t.Helper()
	require.ErrorIs(t, err, kind)
	var werr *wushe.Error
	require.ErrorAs(t, err, &werr)
	require.Equal(t, op, werr.Op)
	require.Equal(t, entity, werr.Entity)
	require.Equal(t, id, werr.ID)
	require.Equal(t, field, werr.Field)
}

func TestTableCreateGet(t *testing.T) {
	tb := newRows()
	id := uuid.New()
	in := sample(id)
	in.Version = 42 // the table sets 1 whatever it is given
	require.NoError(t, tb.create(testOp, in))
	require.True(t, tb.has(id))
	require.False(t, tb.has(uuid.New()))

	want := sample(id)
	want.Version = 1
	got, err := tb.get(testOp, id)
	require.NoError(t, err)
	require.Equal(t, want, got)

	scribble(&in) // the value handed to create
	scribble(&got)
	again, err := tb.get(testOp, id)
	require.NoError(t, err)
	require.Equal(t, want, again, "create and get must copy deeply")
}

func TestTableCreateRejects(t *testing.T) {
	tb := newRows()
	err := tb.create(testOp, sample(uuid.Nil))
	requireErr(t, err, wushe.ErrInvalid, testOp, "Row", "", "ID")
	require.Empty(t, tb.rows)

	id := uuid.New()
	require.NoError(t, tb.create(testOp, sample(id)))
	dup := sample(id)
	dup.N = 1000
	err = tb.create(testOp, dup)
	requireErr(t, err, wushe.ErrAlreadyExists, testOp, "Row", id.String(), "")
	got, err := tb.get(testOp, id)
	require.NoError(t, err)
	require.Equal(t, 3, got.N, "a rejected create must not overwrite")
	require.Equal(t, int64(1), got.Version)
}

func TestTableGetNotFound(t *testing.T) {
	tb := newRows()
	id := uuid.New()
	got, err := tb.get(testOp, id)
	requireErr(t, err, wushe.ErrNotFound, testOp, "Row", id.String(), "")
	require.Equal(t, wushe.KindNotFound, wushe.KindOf(err))
	require.Zero(t, got)
}

func TestTableUpdate(t *testing.T) {
	tb := newRows()
	id := uuid.New()
	require.NoError(t, tb.create(testOp, sample(id)))

	got, err := tb.update(testOp, id, func(r *row) error {
		r.N++
		r.Tags = append(r.Tags, "c")
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, int64(2), got.Version)
	require.Equal(t, 4, got.N)
	require.Equal(t, []string{"a", "b", "c"}, got.Tags)

	scribble(&got) // the returned copy
	stored, err := tb.get(testOp, id)
	require.NoError(t, err)
	want := sample(id)
	want.Version, want.N, want.Tags = 2, 4, []string{"a", "b", "c"}
	require.Equal(t, want, stored)
}

func TestTableUpdateRejects(t *testing.T) {
	id := uuid.New()
	fresh := func() *table[row] {
		tb := newRows()
		require.NoError(t, tb.create(testOp, sample(id)))
		return tb
	}
	want := sample(id)
	want.Version = 1
	sentinel := errors.New("closure refused")

	cases := []struct {
		name  string
		fn    func(*row) error
		check func(t *testing.T, err error)
	}{
		{"closure error comes back as it is", func(r *row) error {
			scribble(r)
			r.N = 100
			return sentinel
		}, func(t *testing.T, err error) { require.Same(t, sentinel, err) }},
		{"changed ID", func(r *row) error {
			r.ID = uuid.New()
			return nil
		}, func(t *testing.T, err error) {
			requireErr(t, err, wushe.ErrInvalid, testOp, "Row", id.String(), "ID")
		}},
		{"stale Version", func(r *row) error {
			r.N = 100
			r.Version = 0
			return nil
		}, func(t *testing.T, err error) {
			requireErr(t, err, wushe.ErrConflict, testOp, "Row", id.String(), "Version")
			require.Contains(t, err.Error(), "version 0 is stale, the stored version is 1")
		}},
		{"Version ahead", func(r *row) error {
			r.Version = 5
			return nil
		}, func(t *testing.T, err error) {
			requireErr(t, err, wushe.ErrConflict, testOp, "Row", id.String(), "Version")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb := fresh()
			got, err := tb.update(testOp, id, c.fn)
			c.check(t, err)
			require.Zero(t, got)
			stored, err := tb.get(testOp, id)
			require.NoError(t, err)
			require.Equal(t, want, stored, "a rejected update must write nothing")
		})
	}

	t.Run("not found", func(t *testing.T) {
		tb := fresh()
		missing := uuid.New()
		called := false
		_, err := tb.update(testOp, missing, func(*row) error { called = true; return nil })
		requireErr(t, err, wushe.ErrNotFound, testOp, "Row", missing.String(), "")
		require.False(t, called, "the closure must not run for a missing row")
	})
}

func TestTablePut(t *testing.T) {
	tb := newRows()
	id := uuid.New()
	v := sample(id)
	v.Version = 9
	tb.put(v)
	scribble(&v)
	got, err := tb.get(testOp, id)
	require.NoError(t, err)
	want := sample(id)
	want.Version = 9
	require.Equal(t, want, got, "put stores a copy as it is and sets nothing")

	v2 := sample(id)
	v2.N = 50
	tb.put(v2)
	got, err = tb.get(testOp, id)
	require.NoError(t, err)
	require.Equal(t, 50, got.N, "put replaces")
	require.Len(t, tb.rows, 1)
}

// fill stores n rows with N = 0..n-1 and returns their IDs in list order.
func fill(t *testing.T, tb *table[row], n int) []uuid.UUID {
	t.Helper()
	ids := make([]uuid.UUID, n)
	for i := range n {
		ids[i] = uuid.New()
		r := sample(ids[i])
		r.N = i
		require.NoError(t, tb.create(testOp, r))
	}
	sortIDs(ids)
	return ids
}

func TestTableList(t *testing.T) {
	tb := newRows()
	ids := fill(t, tb, 7)

	page, err := tb.list(testOp, nil, wushe.PageRequest{})
	require.NoError(t, err)
	require.Equal(t, uuid.Nil, page.Next)
	got := make([]uuid.UUID, len(page.Items))
	for i, r := range page.Items {
		got[i] = r.ID
	}
	require.Equal(t, ids, got, "ordered by ID ascending")

	even := func(r *row) bool { return r.N%2 == 0 }
	var walked []uuid.UUID
	req := wushe.PageRequest{Limit: 2}
	for {
		page, err := tb.list(testOp, even, req)
		require.NoError(t, err)
		for _, r := range page.Items {
			require.Zero(t, r.N%2)
			walked = append(walked, r.ID)
		}
		if page.Next == uuid.Nil {
			break
		}
		req.After = page.Next
	}
	require.Len(t, walked, 4)
	require.True(t, slices.IsSortedFunc(walked, wushe.CompareIDs))

	page, err = tb.list(testOp, func(*row) bool { return false }, wushe.PageRequest{})
	require.NoError(t, err)
	require.NotNil(t, page.Items, "an empty page has an empty, non-nil slice")
	require.Empty(t, page.Items)

	page, err = tb.list(testOp, nil, wushe.PageRequest{Limit: 1})
	require.NoError(t, err)
	scribble(&page.Items[0])
	stored, err := tb.get(testOp, page.Items[0].ID)
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b"}, stored.Tags, "list must copy deeply")
	require.Equal(t, map[string]int{"k": 1}, stored.Meta)
}

func TestTableListInvalidLimit(t *testing.T) {
	tb := newRows()
	fill(t, tb, 2)
	for _, limit := range []int{-1, wushe.MaxPageLimit + 1} {
		page, err := tb.list(testOp, nil, wushe.PageRequest{Limit: limit})
		require.ErrorIs(t, err, wushe.ErrInvalid)
		var werr *wushe.Error
		require.ErrorAs(t, err, &werr)
		require.Equal(t, testOp, werr.Op)
		require.Equal(t, "Limit", werr.Field)
		require.Zero(t, page)
	}
}

func TestTableAll(t *testing.T) {
	tb := newRows()
	require.Empty(t, tb.all(nil))
	ids := fill(t, tb, 6)
	all := tb.all(nil)
	require.Len(t, all, 6)
	for i, r := range all {
		require.Equal(t, ids[i], r.ID)
	}
	odd := tb.all(func(r *row) bool { return r.N%2 == 1 })
	require.Len(t, odd, 3)
	require.True(t, slices.IsSortedFunc(odd, func(a, b row) int { return wushe.CompareIDs(a.ID, b.ID) }))
	scribble(&odd[0])
	stored, err := tb.get(testOp, odd[0].ID)
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b"}, stored.Tags, "all must copy deeply")
}

// TestTableModel runs random operations against a table and a plain map model, seeded so a
// failure replays: after every step the table holds exactly what the model says.
func TestTableModel(t *testing.T) {
	for seed := range uint64(20) {
		r := rand.New(rand.NewPCG(seed, 0x5eed))
		tb := newRows()
		model := map[uuid.UUID]row{}
		var known []uuid.UUID
		pick := func() uuid.UUID {
			if len(known) == 0 || r.IntN(5) == 0 {
				return uuid.New()
			}
			return known[r.IntN(len(known))]
		}
		for step := range 200 {
			id := pick()
			_, exists := model[id]
			switch r.IntN(4) {
			case 0:
				v := sample(id)
				v.N = r.IntN(100)
				err := tb.create(testOp, v)
				if exists {
					require.ErrorIs(t, err, wushe.ErrAlreadyExists, "seed %d step %d", seed, step)
				} else {
					require.NoError(t, err)
					v.Version = 1
					model[id] = v
					known = append(known, id)
				}
			case 1:
				delta := r.IntN(10)
				fail := r.IntN(3) == 0
				got, err := tb.update(testOp, id, func(v *row) error {
					v.N += delta
					if fail {
						return errors.New("no")
					}
					return nil
				})
				switch {
				case !exists:
					require.ErrorIs(t, err, wushe.ErrNotFound)
				case fail:
					require.EqualError(t, err, "no")
				default:
					require.NoError(t, err)
					m := model[id]
					m.N += delta
					m.Version++
					model[id] = m
					require.Equal(t, m, got)
				}
			case 2:
				got, err := tb.get(testOp, id)
				if exists {
					require.NoError(t, err)
					require.Equal(t, model[id], got)
				} else {
					require.ErrorIs(t, err, wushe.ErrNotFound)
				}
			case 3:
				limit := 1 + r.IntN(4)
				walked := []row{}
				req := wushe.PageRequest{Limit: limit}
				for {
					page, err := tb.list(testOp, nil, req)
					require.NoError(t, err)
					require.LessOrEqual(t, len(page.Items), limit)
					walked = append(walked, page.Items...)
					if page.Next == uuid.Nil {
						break
					}
					req.After = page.Next
				}
				require.Equal(t, tb.all(nil), walked, "seed %d step %d", seed, step)
			}
			require.Len(t, tb.rows, len(model))
		}
		for id, want := range model {
			got, err := tb.get(testOp, id)
			require.NoError(t, err)
			require.Equal(t, want, got)
		}
	}
}

func TestStoreContextDone(t *testing.T) {
	s := New()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for name, run := range map[string]func(context.Context, string, func() error) error{
		"read": s.read, "write": s.write,
	} {
		t.Run(name, func(t *testing.T) {
			called := false
			err := run(ctx, testOp, func() error { called = true; return nil })
			require.ErrorIs(t, err, context.Canceled)
			require.ErrorIs(t, err, wushe.ErrUnavailable)
			var werr *wushe.Error
			require.ErrorAs(t, err, &werr)
			require.Equal(t, testOp, werr.Op)
			require.False(t, called, "fn must not run on a done context")

			sentinel := errors.New("from fn")
			require.Same(t, sentinel, run(t.Context(), testOp, func() error { return sentinel }))
			require.NoError(t, run(t.Context(), testOp, func() error { return nil }))
		})
	}

	dl, cancel2 := context.WithDeadline(t.Context(), time.Unix(0, 0))
	defer cancel2()
	require.ErrorIs(t, s.read(dl, testOp, func() error { return nil }), context.DeadlineExceeded)
}

// TestStoreLockExcludes runs writers and readers on one counter at once; under -race a lock
// that let two writers in, or a reader beside a writer, is reported, and a lost increment
// fails the count.
func TestStoreLockExcludes(t *testing.T) {
	s := New()
	counter := 0
	errs := storetest.Parallel(40, func(i int) error {
		if i%2 == 0 {
			return s.read(t.Context(), testOp, func() error {
				if counter < 0 {
					return errors.New("negative")
				}
				return nil
			})
		}
		return s.write(t.Context(), testOp, func() error { counter++; return nil })
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	require.Equal(t, 20, counter)
}

func TestUtil(t *testing.T) {
	require.Equal(t, "-12", itoa(-12))
	require.Equal(t, "9223372036854775807", itoa(1<<63-1))
	a := uuid.MustParse("00000000-0000-0000-0000-000000000002")
	b := uuid.MustParse("00000000-0000-0000-0000-000000000001")
	c := uuid.MustParse("ff000000-0000-0000-0000-000000000000")
	ids := []uuid.UUID{c, a, b}
	sortIDs(ids)
	require.Equal(t, []uuid.UUID{b, a, c}, ids)
}
