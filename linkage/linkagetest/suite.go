package linkagetest

import (
	"testing"

	"github.com/wushe/wushe/linkage"
)

// Features declares what the store under test can do, so that the suite runs the cases that
// apply instead of guessing. The zero value describes a store that keeps its data only as
// long as the value lives, as memstore does; every case that does not depend on a field
// runs whatever the Features say.
type Features struct {
	// Reopen, when set, closes s and opens the same storage again, returning the new
	// handle: the Reopen case then checks that what was created and updated before is
	// still there, Versions included. Leave it nil for a store that does not survive
	// reopening; the Reopen case is then skipped.
	Reopen func(t *testing.T, s linkage.Store) linkage.Store

	// Rounds repeats the race cases (20 goroutines updating one entity, 20 creating one
	// ID) this many times on the same store, to shake out rarer interleavings in a stress
	// run. Zero or less means once.
	Rounds int

	// RefusesStoreCalls declares that the store refuses a Store call made from inside a
	// function its UpdateX is running (see wushe.UpdateGuard), as memstore and the SQL
	// adapter do: the UpdateFunction/StoreCallInside case then checks it. A store that
	// leaves it false is not called from inside an update function, since such a call may
	// wait for the store's own lock forever.
	RefusesStoreCalls bool
}

func (f Features) rounds() int { return max(f.Rounds, 1) }

// env is what every case gets: the factory and the features.
type env struct {
	newStore func(t *testing.T) linkage.Store
	f        Features
}

// open returns a fresh store from the factory.
func (e env) open(t *testing.T) linkage.Store {
	t.Helper()
	s := e.newStore(t)
	if s == nil {
		t.Fatal("linkagetest: newStore returned a nil linkage.Store")
	}
	return s
}

// RunStoreTests runs the conformance suite against the linkage.Store that newStore returns.
//
// newStore is called once per subtest and must return an empty store that no other subtest
// writes to: a new in-memory value, a fresh database schema, a new temporary file. Close
// it with t.Cleanup. The subtests run in parallel, each with its own store and with random
// IDs (uuid.New), under t.Context(). Values are compared with require.Equal, field by
// field: the suite's times are in UTC at whole seconds and its decimals are written as
// they should come back, so a store must return times in UTC (not in time.Local) and keep
// a decimal's scale.
//
// For every entity the Store holds, the suite checks: a round trip, not found, already
// exists, an update that bumps Version and persists, a stale Version rejected as a conflict,
// an update changing the ID rejected as invalid, a closure error that persists nothing and
// comes back to the caller, mutation isolation (changing what was given to or returned by
// the store changes nothing stored), every filter field of the entity's filter, paging with
// every Limit, a Limit above wushe.MaxPageLimit rejected as invalid, 20 goroutines updating
// one entity with no lost update, 20 goroutines creating one ID of which exactly one
// succeeds, and a cancelled context that fails every method and writes nothing. With
// Features.Reopen it also checks that the data survives reopening. The UpdateFunction
// cases check that a panic in an update function stores nothing and, with
// Features.RefusesStoreCalls, that a Store call from inside one is refused.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) linkage.Store, f Features) {
	t.Helper()
	e := env{newStore: newStore, f: f}
	t.Run("UpdateFunction", func(t *testing.T) {
		t.Parallel()
		updateFunctionCases(t, e)
	})
	for _, ent := range entities() {
		t.Run(ent.entity(), func(t *testing.T) {
			t.Parallel()
			for _, c := range ent.cases() {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					c.run(t, e)
				})
			}
		})
	}
}
