// Package sqlstore is wushe's SQL adapter: one type, Store, that implements linkage.Store,
// volunteer.Store and resources.Store on database/sql, for SQLite (embedded, pure Go, no
// cgo) and PostgreSQL (through pgx). It passes every package's conformance suite on both.
//
// # Choosing a backend
//
// OpenSQLite keeps everything in one file (or in memory with ":memory:"): nothing to run
// beside the host, backups are a file copy, and one writer at a time is plenty for a
// street office or a single agency. OpenPostgres is for a platform that several processes
// or many concurrent users write to, that needs point-in-time recovery, replicas, or
// reporting queries beside the application. Both keep the same schema and the same
// guarantees; only throughput under concurrent writes differs (see the README's figures).
//
// # Model
//
// Every entity is one row: its ID, its Version, the whole entity as a document (package
// storecodec: personal data with its class, decimals with their scale, times in UTC) and
// the columns the filters and invariants need (statuses, owners, dates,
// quantities as NUMERIC on PostgreSQL and exact decimal text on SQLite). Lists select on
// those columns, check the filter's own Match in Go and page by ID. The points ledger keeps
// one row per entry and one balance row per account but the platform's system accounts,
// which every earning touches and which therefore keep none; the resources movement log is
// append-only.
//
// # Personal data at rest
//
// Without Options.Keys the documents hold personal data in the clear: protect the database
// like any store of personal data. With a storecodec.Keyring in Options.Keys, every piece
// of personal data of every class is sealed with AES-GCM under the host's current key,
// which is named in each value; Store.RotateKeys reseals everything under a new current
// key. A volunteer's ID number is kept unique through a keyed blind index (HMAC-SHA256),
// never a bare hash: keyed by the host's index key, or without keys by a random key the
// database keeps.
//
// # Durability
//
// An SQLite file commits with synchronous=FULL in WAL mode, durable through a power loss;
// Options.Synchronous = SyncNormal trades the last transactions before a checkpoint on
// power loss for cheaper commits.
//
// # Transactions
//
// Every write runs in one transaction. On PostgreSQL, UpdateX locks the row (SELECT ... FOR
// UPDATE) before it calls fn, and the atomic methods lock what they decide on (the shift,
// the accounts and catalogue item, the lots and requests) in a fixed order, so concurrent
// callers queue instead of breaking an invariant; a deadlock or serialization failure is
// retried (Options.MaxRetries), which is why UpdateX's fn may run more than once. On
// SQLite every write transaction begins IMMEDIATE, so writers take turns and readers
// never wait for them (WAL mode on a file).
//
// # Errors
//
// Every error is a *wushe.Error naming the operation, the entity and, where one is at
// fault, the field. Database failures map to the kernel's kinds: a unique key taken is
// already_exists, a value too long or out of range for its column is invalid (checked
// before the statement is sent, and by the schema as well), a dropped connection, a busy
// database after the retries, a closed Store or a done context are unavailable. A failed
// call rolls its transaction back, so nothing is half-written.
//
// # Schema
//
// The schema is a list of numbered migrations embedded in the binary, one script per
// backend. Open applies the missing ones in order, each in its own transaction, and
// records it in wushe_schema_migrations; running it again changes nothing, and concurrent
// Opens on PostgreSQL take turns on an advisory lock.
package sqlstore
