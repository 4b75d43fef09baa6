// Package linkagetest is the conformance suite for linkage.Store, the interface a host
// implements to keep linkage's entities on its own database, and a fault-injecting Store
// wrapper for testing services on top of a store that fails.
//
// # Proving an adapter
//
// A host that implements linkage.Store runs the suite from one of its own tests. The
// factory returns a fresh, empty store for each subtest; Features declares what the store
// can do beyond the contract every store keeps:
//
//	func TestStore(t *testing.T) {
//		linkagetest.RunStoreTests(t, func(t *testing.T) linkage.Store {
//			db := mydb.OpenTemp(t) // an empty schema, dropped by t.Cleanup
//			return db
//		}, linkagetest.Features{
//			Reopen: func(t *testing.T, s linkage.Store) linkage.Store {
//				return s.(*mydb.DB).Reopen(t)
//			},
//		})
//	}
//
// The suite is table-driven over every entity the Store holds, so an entity added to the
// Store is covered by every case at once. The cases run in parallel, each on its own store,
// with random IDs and t.Context(). They check the contract written in linkage.Store's
// documentation and in CONTRIBUTING.md: the error kinds (errors.Is with wushe.ErrNotFound,
// wushe.ErrAlreadyExists, wushe.ErrConflict, wushe.ErrInvalid), Version handling, the
// read-modify-write closures of the UpdateX methods, deep copies in and out, filters and
// paging, atomicity under 20 concurrent goroutines, and cancelled contexts. Run it with
// -race.
//
// # Failing on purpose
//
// FaultStore wraps any linkage.Store and asks a storetest.Faults before every call, so a
// service test can make the Nth store call, or every call of one method, fail and then
// show that the service left nothing half done:
//
//	faults := new(storetest.Faults)
//	store := linkagetest.NewFaultStore(memstore.New(), faults)
//	faults.FailOn("UpdateNeed")
//	// ... call the service, expect wushe.ErrUnavailable, check the store is unchanged.
package linkagetest
