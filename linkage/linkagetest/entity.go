package linkagetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/storetest"
)

// Sizes the cases use.
const (
	racers       = 20  // goroutines in each race case
	raceAttempts = 500 // how often one racer retries an update that met a conflict
	pagingRows   = 7   // entities the paging case walks
	filterRows   = 32  // entities the filter case sorts
	filterSeed   = 0x5eed
)

// spec tells the suite how to exercise the four methods of one entity type: how to make a
// value, where its ID and Version are, which Store methods serve it, and what its filter
// can select on.
type spec[T, F any] struct {
	name string
	// make returns an entity with the given ID and no Version, with content that depends
	// on n and every slice, map and pointer that alias needs filled in. It is
	// deterministic: the same id and n make equal values, which is how cases say what the
	// store must hold.
	make func(id uuid.UUID, n int) T
	id   func(*T) uuid.UUID
	// setID changes the ID: the changed-ID case uses it inside an update.
	setID   func(*T, uuid.UUID)
	version func(*T) *int64

	// The entity's four Store methods, as method expressions (linkage.Store.CreateNeed).
	create func(linkage.Store, context.Context, T) error
	get    func(linkage.Store, context.Context, uuid.UUID) (T, error)
	list   func(linkage.Store, context.Context, F) (wushe.Page[T], error)
	update func(linkage.Store, context.Context, uuid.UUID, func(*T) error) (T, error)
	// page returns where F keeps its paging request.
	page func(*F) *wushe.PageRequest

	// alias changes, in place, memory that a shallow copy of the value shares with it:
	// an element of a slice, an entry of a map, the target of a pointer. It is nil for an
	// entity that has no such memory.
	alias func(*T)
	// bump adds one to a counter-like field (a number, or the length of a list); count
	// reads it. bump must not change memory that a shallow copy of the value shares.
	bump  func(*T)
	count func(T) int
	// filters returns one case per field of F (paging aside), with fresh values.
	filters func() []filterCase[T, F]
	// more, when set, returns the cases that only this entity has.
	more func(s spec[T, F]) []namedCase
}

// filterCase is one field of a filter. vary gives an entity one of a few values of the
// field; set makes the filter select one of them; want is the oracle: whether an entity
// belongs in the result.
type filterCase[T, F any] struct {
	field string
	vary  func(e *T, r *rand.Rand)
	set   func(f *F)
	want  func(e T) bool
}

// oneOf is the filter case of a field compared for equality, where the filter's zero
// value means "any": entities get one of values, the filter asks for values[0].
func oneOf[T, F any, V comparable](field string, values []V, get func(*T) *V, set func(*F, V)) filterCase[T, F] {
	return filterCase[T, F]{
		field: field,
		vary:  func(e *T, r *rand.Rand) { *get(e) = values[r.IntN(len(values))] },
		set:   func(f *F) { set(f, values[0]) },
		want:  func(e T) bool { return *get(&e) == values[0] },
	}
}

// contains is the filter case of a list field that the filter asks to contain one value:
// entities get a random, possibly empty, subset of values; the filter asks for values[0].
func contains[T, F any, V comparable](field string, values []V, get func(*T) *[]V, set func(*F, V)) filterCase[T, F] {
	return filterCase[T, F]{
		field: field,
		vary: func(e *T, r *rand.Rand) {
			var pick []V
			for _, v := range values {
				if r.IntN(2) == 0 {
					pick = append(pick, v)
				}
			}
			*get(e) = pick
		},
		set:  func(f *F) { set(f, values[0]) },
		want: func(e T) bool { return slices.Contains(*get(&e), values[0]) },
	}
}

// timeBounds is the pair of filter cases of a half-open time range [From, To) over one time
// field: entities get one of six instants an hour apart, From asks for the third onwards
// and To for those before the fifth, so both boundaries are met exactly.
func timeBounds[T, F any](fromField, toField string, get func(*T) *time.Time,
	setFrom, setTo func(*F, time.Time)) []filterCase[T, F] {
	var at [6]time.Time
	for i := range at {
		at[i] = base.Add(time.Duration(i) * time.Hour)
	}
	vary := func(e *T, r *rand.Rand) { *get(e) = at[r.IntN(len(at))] }
	return []filterCase[T, F]{{
		field: fromField,
		vary:  vary,
		set:   func(f *F) { setFrom(f, at[2]) },
		want:  func(e T) bool { return !get(&e).Before(at[2]) },
	}, {
		field: toField,
		vary:  vary,
		set:   func(f *F) { setTo(f, at[4]) },
		want:  func(e T) bool { return get(&e).Before(at[4]) },
	}}
}

// ids returns n fresh random IDs.
func ids(n int) []uuid.UUID {
	out := make([]uuid.UUID, n)
	for i := range out {
		out[i] = uuid.New()
	}
	return out
}

// entityCases is a spec with its types erased, so that specs of different entities fit in
// one table.
type entityCases interface {
	entity() string
	cases() []namedCase
}

// namedCase is one subtest: run gets a fresh store and the suite's environment.
type namedCase struct {
	name string
	run  func(t *testing.T, e env)
}

func (s spec[T, F]) entity() string { return s.name }

// scribble changes v through the memory it shares with its copies, or, for an entity that
// has none, through its counter.
func (s spec[T, F]) scribble(v *T) {
	if s.alias != nil {
		s.alias(v)
		return
	}
	s.bump(v)
}

func (s spec[T, F]) cases() []namedCase {
	out := []namedCase{
		{"RoundTrip", s.testRoundTrip},
		{"NotFound", s.testNotFound},
		{"AlreadyExists", s.testAlreadyExists},
		{"Update", s.testUpdate},
		{"StaleVersion", s.testStaleVersion},
		{"ChangedID", s.testChangedID},
		{"Rollback", s.testRollback},
		{"Isolation", s.testIsolation},
		{"Filters", s.testFilters},
		{"Paging", s.testPaging},
		{"InvalidLimit", s.testInvalidLimit},
		{"RaceUpdate", s.testRaceUpdate},
		{"RaceCreate", s.testRaceCreate},
		{"Cancelled", s.testCancelled},
		{"Reopen", s.testReopen},
	}
	if s.more != nil {
		out = append(out, s.more(s)...)
	}
	return out
}

// seed creates one entity and returns it as the store should now hold it (Version 1).
func (s spec[T, F]) seed(t *testing.T, st linkage.Store, n int) T {
	t.Helper()
	v := s.make(uuid.New(), n)
	require.NoError(t, s.create(st, t.Context(), v), "Create%s", s.name)
	*s.version(&v) = 1
	return v
}

// requireStored fails unless the store holds exactly want under want's ID.
func (s spec[T, F]) requireStored(t *testing.T, st linkage.Store, want T, msgAndArgs ...any) {
	t.Helper()
	got, err := s.get(st, t.Context(), s.id(&want))
	require.NoError(t, err, "Get%s", s.name)
	require.Equal(t, want, got, msgAndArgs...)
}

// requireKind fails unless err has the kind, by errors.Is on the sentinel and by KindOf.
func requireKind(t *testing.T, err error, kind wushe.Kind, what string) {
	t.Helper()
	require.Error(t, err, "%s: want a %s error", what, kind)
	require.ErrorIs(t, err, kind, "%s: errors.Is(err, %s)", what, kind)
	require.Equal(t, kind, wushe.KindOf(err), "%s: wushe.KindOf(%v)", what, err)
}

// requireNamed fails unless err's tree holds a *wushe.Error naming an operation and one
// naming the entity (checklist 7 of linkage.Store): an adapter may wrap, as long as the
// names survive.
func (s spec[T, F]) requireNamed(t *testing.T, err error, what string) {
	t.Helper()
	var op, entity bool
	wushe.Walk(err, func(err error) bool {
		if e, ok := err.(*wushe.Error); ok {
			op = op || e.Op != ""
			entity = entity || e.Entity == s.name
		}
		return true
	})
	require.True(t, op, "%s: the error names no operation: %v", what, err)
	require.True(t, entity, "%s: the error does not name the entity %s: %v", what, s.name, err)
}

func (s spec[T, F]) testRoundTrip(t *testing.T, e env) {
	st := e.open(t)
	id := uuid.New()
	v := s.make(id, 1)
	require.NoError(t, s.create(st, t.Context(), v))
	got, err := s.get(st, t.Context(), id)
	require.NoError(t, err)
	require.Equal(t, int64(1), *s.version(&got), "Create%s must store Version 1", s.name)
	*s.version(&v) = 1
	require.Equal(t, v, got, "Get%s must return what Create%s stored", s.name, s.name)

	// A Version set by the caller is not kept: the store sets 1.
	w := s.make(uuid.New(), 2)
	*s.version(&w) = 7
	require.NoError(t, s.create(st, t.Context(), w))
	got, err = s.get(st, t.Context(), s.id(&w))
	require.NoError(t, err)
	require.Equal(t, int64(1), *s.version(&got), "Create%s must store Version 1 whatever the caller set", s.name)
}

func (s spec[T, F]) testNotFound(t *testing.T, e env) {
	st := e.open(t)
	s.seed(t, st, 1) // a store with something in it, but not the ID asked for
	missing := uuid.New()
	_, err := s.get(st, t.Context(), missing)
	requireKind(t, err, wushe.KindNotFound, "Get"+s.name)
	s.requireNamed(t, err, "Get"+s.name)

	called := false
	_, err = s.update(st, t.Context(), missing, func(*T) error { called = true; return nil })
	requireKind(t, err, wushe.KindNotFound, "Update"+s.name)
	s.requireNamed(t, err, "Update"+s.name)
	require.False(t, called, "Update%s must not call the closure for a missing entity", s.name)
	_, err = s.get(st, t.Context(), missing)
	requireKind(t, err, wushe.KindNotFound, "Get"+s.name+" after a failed update")
	s.requireNamed(t, err, "Get"+s.name+" after a failed update")
}

func (s spec[T, F]) testAlreadyExists(t *testing.T, e env) {
	st := e.open(t)
	v := s.seed(t, st, 1)
	dup := s.make(s.id(&v), 2)
	err := s.create(st, t.Context(), dup)
	requireKind(t, err, wushe.KindAlreadyExists, "Create"+s.name+" with a used ID")
	s.requireNamed(t, err, "Create"+s.name+" with a used ID")
	s.requireStored(t, st, v, "a rejected Create%s must not overwrite", s.name)
}

func (s spec[T, F]) testUpdate(t *testing.T, e env) {
	st := e.open(t)
	v := s.seed(t, st, 1)
	other := s.seed(t, st, 2)
	for round := int64(2); round <= 3; round++ {
		var passed T
		got, err := s.update(st, t.Context(), s.id(&v), func(x *T) error {
			passed = *x
			s.bump(x)
			return nil
		})
		require.NoError(t, err)
		require.Equal(t, v, passed, "Update%s must pass the stored entity to the closure", s.name)
		s.bump(&v)
		*s.version(&v) = round
		require.Equal(t, v, got, "Update%s must return what it stored, with Version + 1", s.name)
		s.requireStored(t, st, v, "Update%s must persist", s.name)
	}
	s.requireStored(t, st, other, "Update%s must not touch other entities", s.name)
}

func (s spec[T, F]) testStaleVersion(t *testing.T, e env) {
	st := e.open(t)
	v := s.seed(t, st, 1)
	stale := v // a copy read before someone else's update
	_, err := s.update(st, t.Context(), s.id(&v), func(x *T) error { s.bump(x); return nil })
	require.NoError(t, err)
	s.bump(&v)
	*s.version(&v) = 2

	for _, bad := range []int64{1, 3, 0} {
		_, err = s.update(st, t.Context(), s.id(&v), func(x *T) error {
			*x = stale // what a caller writing back its stale copy does
			s.bump(x)
			*s.version(x) = bad
			return nil
		})
		requireKind(t, err, wushe.KindConflict, fmt.Sprintf("Update%s with Version %d over 2", s.name, bad))
		s.requireNamed(t, err, fmt.Sprintf("Update%s with Version %d over 2", s.name, bad))
		s.requireStored(t, st, v, "a conflicting Update%s must write nothing", s.name)
	}
}

func (s spec[T, F]) testChangedID(t *testing.T, e env) {
	st := e.open(t)
	v := s.seed(t, st, 1)
	newID := uuid.New()
	_, err := s.update(st, t.Context(), s.id(&v), func(x *T) error {
		s.setID(x, newID)
		s.bump(x)
		return nil
	})
	requireKind(t, err, wushe.KindInvalid, "Update"+s.name+" changing the ID")
	s.requireNamed(t, err, "Update"+s.name+" changing the ID")
	s.requireStored(t, st, v, "an Update%s changing the ID must write nothing", s.name)
	_, err = s.get(st, t.Context(), newID)
	requireKind(t, err, wushe.KindNotFound, "Get"+s.name+" of the ID an update tried to move to")
	s.requireNamed(t, err, "Get"+s.name+" of the ID an update tried to move to")
}

func (s spec[T, F]) testRollback(t *testing.T, e env) {
	st := e.open(t)
	v := s.seed(t, st, 1)
	sentinel := errors.New("linkagetest: the closure refuses")
	got, err := s.update(st, t.Context(), s.id(&v), func(x *T) error {
		s.bump(x)
		s.scribble(x)
		return sentinel
	})
	require.ErrorIs(t, err, sentinel, "Update%s must return the closure's error", s.name)
	var zero T
	require.Equal(t, zero, got, "Update%s must return the zero value with an error", s.name)
	s.requireStored(t, st, v, "an Update%s whose closure failed must write nothing", s.name)
}

func (s spec[T, F]) testIsolation(t *testing.T, e env) {
	st := e.open(t)
	ctx := t.Context()

	// The value given to Create.
	in := s.make(uuid.New(), 1)
	require.NoError(t, s.create(st, ctx, in))
	want := s.make(s.id(&in), 1)
	*s.version(&want) = 1
	s.scribble(&in)
	s.requireStored(t, st, want, "changing the value given to Create%s changed the store", s.name)

	// A value returned by Get.
	got, err := s.get(st, ctx, s.id(&want))
	require.NoError(t, err)
	s.scribble(&got)
	s.requireStored(t, st, want, "changing a value returned by Get%s changed the store", s.name)

	// A value returned by List.
	var f F
	page, err := s.list(st, ctx, f)
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	s.scribble(&page.Items[0])
	s.requireStored(t, st, want, "changing a value returned by List%s changed the store", s.name)

	// The closure's argument, kept and changed after the closure failed.
	var kept *T
	_, err = s.update(st, ctx, s.id(&want), func(x *T) error {
		kept = x
		return errors.New("linkagetest: refused")
	})
	require.Error(t, err)
	require.NotNil(t, kept)
	s.scribble(kept)
	s.bump(kept)
	s.requireStored(t, st, want, "changing the closure's argument after a failed Update%s changed the store", s.name)

	// A value returned by Update.
	updated, err := s.update(st, ctx, s.id(&want), func(x *T) error { s.bump(x); return nil })
	require.NoError(t, err)
	s.bump(&want)
	*s.version(&want) = 2
	s.scribble(&updated)
	s.requireStored(t, st, want, "changing a value returned by Update%s changed the store", s.name)
}

// collect walks every page of List with filter f, limit items at a time, and returns the
// IDs in the order seen, checking the paging contract on the way.
func (s spec[T, F]) collect(t *testing.T, st linkage.Store, f F, limit int) []uuid.UUID {
	t.Helper()
	var out []uuid.UUID
	seen := map[uuid.UUID]bool{}
	*s.page(&f) = wushe.PageRequest{Limit: limit}
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10*filterRows, "List%s does not stop paging", s.name)
		page, err := s.list(st, t.Context(), f)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Items), limit, "List%s returned more than Limit", s.name)
		require.False(t, pages > 0 && len(page.Items) == 0,
			"List%s: Next was set on the last page (Limit %d); it must be the zero UUID there", s.name, limit)
		for _, v := range page.Items {
			id := s.id(&v)
			require.False(t, seen[id], "List%s returned %s twice", s.name, id)
			seen[id] = true
			out = append(out, id)
		}
		if page.Next == uuid.Nil {
			return out
		}
		require.Len(t, page.Items, limit, "List%s: a page before the last must be full", s.name)
		require.Equal(t, s.id(&page.Items[len(page.Items)-1]), page.Next,
			"List%s: Next must be the ID of the page's last item", s.name)
		s.page(&f).After = page.Next
	}
}

func (s spec[T, F]) testFilters(t *testing.T, e env) {
	st := e.open(t)
	cases := s.filters()
	r := rand.New(rand.NewPCG(filterSeed, uint64(len(s.name))))
	all := make([]T, filterRows)
	for i := range all {
		v := s.make(uuid.New(), i)
		for _, c := range cases {
			c.vary(&v, r)
		}
		require.NoError(t, s.create(st, t.Context(), v))
		all[i] = v
	}
	expect := func(pick []filterCase[T, F]) []uuid.UUID {
		var out []uuid.UUID
		for _, v := range all {
			ok := true
			for _, c := range pick {
				ok = ok && c.want(v)
			}
			if ok {
				out = append(out, s.id(&v))
			}
		}
		slices.SortFunc(out, wushe.CompareIDs)
		return out
	}
	check := func(pick []filterCase[T, F], name string, limit int) {
		t.Helper()
		var f F
		for _, c := range pick {
			c.set(&f)
		}
		want := expect(pick)
		got := s.collect(t, st, f, limit)
		require.Equal(t, want, got, "List%s filtered by %s", s.name, name)
	}

	check(nil, "nothing", wushe.MaxPageLimit)
	for i, c := range cases {
		n := len(expect(cases[i : i+1]))
		// The oracle must split the entities, or the case could not fail.
		require.True(t, n > 0 && n < filterRows, "linkagetest: the %s.%s case selects %d of %d", s.name, c.field, n, filterRows)
		check(cases[i:i+1], c.field, 1+i%5)
		for j := i + 1; j < len(cases); j++ {
			check([]filterCase[T, F]{c, cases[j]}, c.field+" and "+cases[j].field, wushe.MaxPageLimit)
		}
	}
	if len(cases) > 2 {
		check(cases, "every field", wushe.MaxPageLimit)
	}
}

func (s spec[T, F]) testPaging(t *testing.T, e env) {
	st := e.open(t)
	var want []uuid.UUID
	stored := map[uuid.UUID]T{}
	for i := range pagingRows {
		v := s.seed(t, st, i)
		want = append(want, s.id(&v))
		stored[s.id(&v)] = v
	}
	slices.SortFunc(want, wushe.CompareIDs)
	var f F
	for limit := 1; limit <= pagingRows+1; limit++ {
		require.Equal(t, want, s.collect(t, st, f, limit), "List%s with Limit %d", s.name, limit)
	}
	// Limit 0 means the default, which holds them all, each as Get returns it.
	page, err := s.list(st, t.Context(), f)
	require.NoError(t, err)
	require.Len(t, page.Items, pagingRows)
	require.Equal(t, uuid.Nil, page.Next)
	for _, v := range page.Items {
		require.Equal(t, stored[s.id(&v)], v, "List%s must return the entities as stored", s.name)
	}

	// After the last ID: an empty, final page.
	*s.page(&f) = wushe.PageRequest{After: want[len(want)-1]}
	page, err = s.list(st, t.Context(), f)
	require.NoError(t, err)
	require.Empty(t, page.Items)
	require.Equal(t, uuid.Nil, page.Next)
}

func (s spec[T, F]) testInvalidLimit(t *testing.T, e env) {
	st := e.open(t)
	s.seed(t, st, 1)
	for _, limit := range []int{wushe.MaxPageLimit + 1, -1} {
		var f F
		*s.page(&f) = wushe.PageRequest{Limit: limit}
		_, err := s.list(st, t.Context(), f)
		requireKind(t, err, wushe.KindInvalid, fmt.Sprintf("List%s with Limit %d", s.name, limit))
	}
}

func (s spec[T, F]) testRaceUpdate(t *testing.T, e env) {
	st := e.open(t)
	v := s.seed(t, st, 1)
	start := s.count(v)
	for range e.f.rounds() {
		errs := storetest.Parallel(racers, func(int) error {
			for range raceAttempts {
				_, err := s.update(st, t.Context(), s.id(&v), func(x *T) error { s.bump(x); return nil })
				if !errors.Is(err, wushe.ErrConflict) {
					return err
				}
			}
			return errors.New("linkagetest: still conflicting after retries")
		})
		for i, err := range errs {
			require.NoError(t, err, "racer %d", i)
		}
	}
	got, err := s.get(st, t.Context(), s.id(&v))
	require.NoError(t, err)
	n := racers * e.f.rounds()
	require.Equal(t, start+n, s.count(got), "Update%s lost an update", s.name)
	require.Equal(t, int64(1+n), *s.version(&got), "Update%s: Version must count the updates", s.name)
}

func (s spec[T, F]) testRaceCreate(t *testing.T, e env) {
	st := e.open(t)
	for range e.f.rounds() {
		id := uuid.New()
		errs := storetest.Parallel(racers, func(i int) error { return s.create(st, t.Context(), s.make(id, i)) })
		winner := -1
		for i, err := range errs {
			if err == nil {
				require.Equal(t, -1, winner, "Create%s: racers %d and %d both created %s", s.name, winner, i, id)
				winner = i
				continue
			}
			requireKind(t, err, wushe.KindAlreadyExists, fmt.Sprintf("Create%s racer %d", s.name, i))
			s.requireNamed(t, err, fmt.Sprintf("Create%s racer %d", s.name, i))
		}
		require.NotEqual(t, -1, winner, "Create%s: no racer created %s", s.name, id)
		want := s.make(id, winner)
		*s.version(&want) = 1
		s.requireStored(t, st, want, "Create%s must store the winner's value", s.name)
	}
}

func (s spec[T, F]) testCancelled(t *testing.T, e env) {
	st := e.open(t)
	v := s.seed(t, st, 1)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	fresh := s.make(uuid.New(), 2)
	err := s.create(st, ctx, fresh)
	require.ErrorIs(t, err, context.Canceled, "Create%s with a cancelled context", s.name)
	_, err = s.get(st, t.Context(), s.id(&fresh))
	requireKind(t, err, wushe.KindNotFound, "Get"+s.name+" of what a cancelled Create tried to store")
	s.requireNamed(t, err, "Get"+s.name+" of what a cancelled Create tried to store")

	_, err = s.get(st, ctx, s.id(&v))
	require.ErrorIs(t, err, context.Canceled, "Get%s with a cancelled context", s.name)

	var f F
	_, err = s.list(st, ctx, f)
	require.ErrorIs(t, err, context.Canceled, "List%s with a cancelled context", s.name)

	_, err = s.update(st, ctx, s.id(&v), func(x *T) error { s.bump(x); return nil })
	require.ErrorIs(t, err, context.Canceled, "Update%s with a cancelled context", s.name)
	s.requireStored(t, st, v, "Update%s with a cancelled context must write nothing", s.name)
}

func (s spec[T, F]) testReopen(t *testing.T, e env) {
	if e.f.Reopen == nil {
		t.Skip("Features.Reopen is nil: the store does not survive reopening")
	}
	st := e.open(t)
	v := s.seed(t, st, 1)
	u, err := s.update(st, t.Context(), s.id(&v), func(x *T) error { s.bump(x); return nil })
	require.NoError(t, err)
	w := s.seed(t, st, 2)
	st = e.f.Reopen(t, st)
	s.requireStored(t, st, u, "Get%s after reopening", s.name)
	s.requireStored(t, st, w, "Get%s after reopening", s.name)
}
