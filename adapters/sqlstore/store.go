package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storecodec"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Backend names the database a Store runs on.
type Backend string

// The backends.
const (
	SQLite   Backend = "sqlite"
	Postgres Backend = "postgres"
)

// Options tune a Store. The zero value is a sound default for both backends.
type Options struct {
	// MaxOpenConns bounds the connection pool. 0 means 10 on PostgreSQL, 4 on an SQLite
	// file and 1 on an in-memory SQLite database (which lives in its one connection).
	MaxOpenConns int
	// Schema (PostgreSQL only) keeps every table in this schema, created when missing, by
	// setting search_path on each connection. Empty means the server's default.
	Schema string
	// MaxRetries is how many times a transaction that failed with a deadlock, a
	// serialization failure or a busy database is run again. 0 means 20.
	MaxRetries int
	// BusyTimeout (SQLite only) is how long a writer waits for another to finish before
	// the attempt counts as busy. 0 means 5 seconds.
	BusyTimeout time.Duration
	// Keys, when set, seals every piece of personal data in the stored documents
	// (storecodec, AES-GCM under the keyring's current key) and keys the blind index that
	// keeps ID numbers unique. Nil keeps personal data in the clear in the documents, as
	// the README says. Every process that opens a database must give the same keys; after
	// changing the current key, run RotateKeys.
	Keys *storecodec.Keyring
	// Synchronous (SQLite file only) is how hard a commit waits for the disk. The zero
	// value is SyncFull: a committed transaction survives a power loss. SyncNormal
	// commits faster and survives a crash of the process, but a power loss can undo the
	// last transactions (never corrupt the database). See the README.
	Synchronous Synchronous
	// MmapSize (SQLite file only) is how many bytes of the database file SQLite reads
	// through a memory map instead of read calls. Documents longer than about a thousand
	// bytes spill onto overflow pages, which SQLite otherwise reads from the file on
	// every access, bypassing its page cache; mapped, they cost a memory read. It
	// reserves address space, not memory: the pages stay in the operating system's
	// cache. 0 means 1 GiB; a negative value turns mapping off. With mapping on, an I/O
	// error while reading a mapped page stops the process instead of failing the call.
	MmapSize int64
}

// Synchronous is SQLite's synchronous setting for a database in WAL mode.
type Synchronous string

// The settings Options.Synchronous takes.
const (
	// SyncFull syncs the write-ahead log at every commit: durable through power loss.
	SyncFull Synchronous = "full"
	// SyncNormal syncs only at checkpoints: durable through a process crash, not a power
	// loss.
	SyncNormal Synchronous = "normal"
)

// Store implements every wushe package's Store on an SQL database. It is safe for
// concurrent use; Close it when done.
type Store struct {
	db      *sql.DB
	dialect dialect
	retries int
	// codec encodes the documents: sealing personal data when Options.Keys is set.
	codec storecodec.Codec
	// index is the keyed blind index of a piece of personal data (prepareIndex sets it).
	index func(c wushe.Class, clear string) string
	// beforeCommit, when set (tests only), runs inside every write transaction just
	// before it commits; an error from it aborts the transaction.
	beforeCommit func(ctx context.Context, tx *sql.Tx, op string) error
	// docs keeps recently decoded entities, so hot reads skip decoding.
	docs docCache
}

// OpenSQLite opens (creating it when missing) the SQLite database at path and brings its
// schema up to date. path ":memory:" opens a private in-memory database that lives as
// long as the Store. A file database runs in WAL mode.
func OpenSQLite(ctx context.Context, path string, opts Options) (*Store, error) {
	const op = "sqlstore.OpenSQLite"
	if path == "" {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Store", Field: "path", Msg: "is empty"}
	}
	busy := opts.BusyTimeout
	if busy <= 0 {
		busy = 5 * time.Second
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	memory := path == ":memory:"
	conns := opts.MaxOpenConns
	var dsn string
	if memory {
		// A private in-memory database lives in its connection: keep exactly one.
		conns = 1
		dsn = "file:" + uuid.NewString() + "?mode=memory&" + q.Encode()
	} else {
		sync := opts.Synchronous
		if sync == "" {
			sync = SyncFull
		}
		if sync != SyncFull && sync != SyncNormal {
			return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Store", Field: "Synchronous",
				Msg: fmt.Sprintf("is %q; want %q or %q", sync, SyncFull, SyncNormal)}
		}
		mmap := opts.MmapSize
		if mmap == 0 {
			mmap = 1 << 30
		}
		q.Add("_pragma", fmt.Sprintf("mmap_size(%d)", max(mmap, 0)))
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous("+strings.ToUpper(string(sync))+")")
		if conns <= 0 {
			conns = 4
		}
		dsn = "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Entity: "Store", Msg: "cannot open the database", Err: err}
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	return open(ctx, op, db, sqliteDialect{}, opts)
}

// OpenPostgres connects to the PostgreSQL server dsn names (a URL or key=value string, as
// pgx accepts) and brings the schema up to date.
func OpenPostgres(ctx context.Context, dsn string, opts Options) (*Store, error) {
	const op = "sqlstore.OpenPostgres"
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Store", Field: "dsn", Msg: "cannot be parsed", Err: err}
	}
	if opts.Schema != "" {
		if !validSchema(opts.Schema) {
			return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Store", Field: "Schema",
				Msg: fmt.Sprintf("%q is not a lower-case SQL identifier of at most 63 characters", opts.Schema)}
		}
		if err := createSchema(ctx, cfg, opts.Schema); err != nil {
			return nil, mapErr(op, "Store", "", err)
		}
		cfg.RuntimeParams["search_path"] = opts.Schema
	}
	db := stdlib.OpenDB(*cfg)
	conns := opts.MaxOpenConns
	if conns <= 0 {
		conns = 10
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	return open(ctx, op, db, postgresDialect{}, opts)
}

// validSchema accepts the identifiers that need no quoting.
func validSchema(s string) bool {
	if len(s) == 0 || len(s) > 63 || !(s[0] == '_' || s[0] >= 'a' && s[0] <= 'z') {
		return false
	}
	return strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == ""
}

// createSchema creates the schema on a connection of its own, before the pool that sets
// search_path to it exists. CREATE SCHEMA IF NOT EXISTS is not safe against itself: two
// sessions that both find the name free both insert it and one fails on the catalogue's
// unique index. So creators take turns on an advisory lock named after the schema, and
// the later ones find it there.
func createSchema(ctx context.Context, cfg *pgx.ConnConfig, schema string) error {
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := (postgresDialect{}).lock(ctx, tx, schemaLock+schema); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
		return err
	}
	return tx.Commit()
}

// schemaLock prefixes the advisory lock key under which Opens create a schema.
const schemaLock = "wushe.sqlstore.schema "

func open(ctx context.Context, op string, db *sql.DB, d dialect, opts Options) (*Store, error) {
	s := &Store{db: db, dialect: d, retries: opts.MaxRetries}
	if s.retries <= 0 {
		s.retries = 20
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, wushe.WithOp(op, err)
	}
	if err := s.prepareIndex(ctx, opts.Keys); err != nil {
		db.Close()
		return nil, wushe.WithOp(op, err)
	}
	if err := s.rebuildPositions(ctx); err != nil {
		db.Close()
		return nil, wushe.WithOp(op, err)
	}
	if err := s.rebuildStars(ctx); err != nil {
		db.Close()
		return nil, wushe.WithOp(op, err)
	}
	return s, nil
}

// Backend reports which database the Store runs on.
func (s *Store) Backend() Backend { return s.dialect.backend() }

// DB returns the underlying pool, for a host's own queries and health checks. Writing to
// wushe's tables through it bypasses the Store's guarantees.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the connection pool; every later call fails with KindUnavailable. Closing
// twice is harmless.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil && !errors.Is(err, sql.ErrConnDone) {
		return &wushe.Error{Op: "sqlstore.Store.Close", Kind: wushe.KindUnavailable, Entity: "Store", Msg: "closing failed", Err: err}
	}
	return nil
}
