// Command customstore shows a host how to write its own wushe Store from scratch: Store
// keeps every entity as a JSON file on disk and implements linkage.Store, resources.Store
// and volunteer.Store on one type, and its tests run each package's conformance suite
// against it.
//
// The lessons it carries for a host adapter on any database:
//
//   - Personal data (wushe.IDNumber, wushe.Phone, wushe.PersonName, wushe.Sensitive) encodes
//     MASKED in JSON. Persist it in the clear, revealed with wushe.StorageEntitlement, with
//     its class, and rebuild it with the kernel's Parse functions: package storecodec does
//     both for a whole entity, and this store writes every file with it.
//   - Keep a decimal's scale (12.50 is not 12.5) and return times in UTC.
//   - Write atomically (here: temporary file, sync, rename) and hold one lock across the
//     read-modify-write of UpdateX and across the atomic multi-entity methods, checking
//     everything before the first write so that a rejected call leaves the store unchanged.
//   - Decode a fresh value on every read: that is the deep copy the contract asks for.
//
// Run it with
//
//	go run ./examples/customstore
//
// It opens a store in a temporary directory, runs a short scenario through the Services,
// closes the store, opens it again from disk and prints what it reads back.
package main
