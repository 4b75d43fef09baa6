package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"
)

// postgresEnv names the environment variable that enables the PostgreSQL tests: a DSN
// of a server the tests may create and drop schemas on, e.g.
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
const postgresEnv = "WUSHE_POSTGRES_DSN"

// backend opens fresh, empty Stores of one kind for the tests.
type backend struct {
	name string
	// open returns a new empty Store, closed when t ends.
	open func(t testing.TB) *Store
	// reopen closes s and opens the same storage again (nil when it does not survive).
	reopen func(t testing.TB, s *Store) *Store
}

var schemaSeq atomic.Int64

// backends lists SQLite in memory, SQLite in a file and PostgreSQL (one throwaway schema
// per Store). Without postgresEnv set, opening a PostgreSQL Store skips the test or
// benchmark with a message naming the variable.
//
// sqlite-sealed is SQLite in memory with personal data sealed (Options.Keys), so that every
// suite also runs on sealed documents. With sealedEnv set, every backend seals.
func backends(testing.TB) []backend {
	return []backend{sqliteMemory(), sqliteFile(), postgres(), sqliteSealed()}
}

// sealedEnv, set to 1, makes every test backend seal personal data: how the benchmarks
// measure the cost of encryption.
const sealedEnv = "WUSHE_SQLSTORE_SEALED"

// baseOptions are the Options every test backend opens with.
func baseOptions() Options {
	if os.Getenv(sealedEnv) == "1" {
		return Options{Keys: testKeyring()}
	}
	return Options{}
}

func sqliteMemory() backend {
	return backend{name: "sqlite-memory", open: func(t testing.TB) *Store {
		s, err := OpenSQLite(context.Background(), ":memory:", baseOptions())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	}}
}

func sqliteSealed() backend {
	return backend{name: "sqlite-sealed", open: func(t testing.TB) *Store {
		s, err := OpenSQLite(context.Background(), ":memory:", Options{Keys: testKeyring()})
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	}}
}

func sqliteFile() backend {
	var mu sync.Mutex
	paths := map[*Store]string{}
	remember := func(s *Store, p string) { mu.Lock(); defer mu.Unlock(); paths[s] = p }
	lookup := func(s *Store) string { mu.Lock(); defer mu.Unlock(); return paths[s] }
	openAt := func(t testing.TB, path string) *Store {
		s, err := OpenSQLite(context.Background(), path, baseOptions())
		require.NoError(t, err)
		remember(s, path)
		t.Cleanup(func() { s.Close() })
		return s
	}
	return backend{
		name: "sqlite-file",
		open: func(t testing.TB) *Store {
			return openAt(t, filepath.Join(t.TempDir(), "wushe.db"))
		},
		reopen: func(t testing.TB, s *Store) *Store {
			require.NoError(t, s.Close())
			return openAt(t, lookup(s))
		},
	}
}

// postgres is the PostgreSQL backend: each Store gets a schema of its own, dropped when
// the test ends, and a pool of 24 connections so that the suites' racers really run at
// once. Without postgresEnv it skips.
func postgres() backend {
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		skip := func(t testing.TB) *Store {
			t.Skipf("PostgreSQL tests skipped: set %s to a server's DSN (e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable) to run them", postgresEnv)
			return nil
		}
		return backend{name: "postgres", open: skip, reopen: func(t testing.TB, _ *Store) *Store { return skip(t) }}
	}
	var mu sync.Mutex
	schemas := map[*Store]string{}
	openIn := func(t testing.TB, schema string) *Store {
		opts := baseOptions()
		opts.Schema, opts.MaxOpenConns = schema, 24
		s, err := OpenPostgres(context.Background(), dsn, opts)
		require.NoError(t, err)
		mu.Lock()
		schemas[s] = schema
		mu.Unlock()
		t.Cleanup(func() { s.Close() })
		return s
	}
	return backend{
		name: "postgres",
		open: func(t testing.TB) *Store {
			schema := fmt.Sprintf("wushe_test_%d_%d", os.Getpid(), schemaSeq.Add(1))
			t.Cleanup(func() { dropSchema(t, dsn, schema) })
			return openIn(t, schema)
		},
		reopen: func(t testing.TB, s *Store) *Store {
			mu.Lock()
			schema := schemas[s]
			mu.Unlock()
			require.NoError(t, s.Close())
			return openIn(t, schema)
		},
	}
}

func dropSchema(t testing.TB, dsn, schema string) {
	if !strings.HasPrefix(schema, "wushe_test_") {
		t.Fatalf("refusing to drop schema %q", schema)
	}
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Logf("cannot drop schema %s: %v", schema, err)
		return
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
		t.Logf("cannot drop schema %s: %v", schema, err)
	}
}

// eachBackend runs fn as a subtest per backend.
func eachBackend(t *testing.T, fn func(t *testing.T, b backend)) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) { fn(t, b) })
	}
}

// openBefore opens a store of backend b with every migration applied up to, not
// including, the one named name: a database as it was before that step.
func openBefore(t testing.TB, b backend, name string) *Store {
	t.Helper()
	all, err := Migrations(SQLite) // both backends have the same steps
	require.NoError(t, err)
	step := slices.IndexFunc(all, func(m Migration) bool { return m.Name == name })
	require.Positive(t, step, "no migration %q", name)
	return openAtVersion(t, b, step)
}

// migrateAll applies every migration s has not applied yet, as Open does.
func migrateAll(t testing.TB, s *Store) {
	t.Helper()
	steps, err := Migrations(s.Backend())
	require.NoError(t, err)
	require.NoError(t, s.applyMigrations(t.Context(), "test", steps))
}

// openAtVersion opens a new, empty Store of b's kind whose schema has only the first n
// migrations applied, for tests of a later step on data written before it.
func openAtVersion(t testing.TB, b backend, n int) *Store {
	t.Helper()
	ctx := context.Background()
	var s *Store
	switch b.name {
	case "postgres":
		dsn := os.Getenv(postgresEnv)
		if dsn == "" {
			b.open(t) // skips, naming the variable
		}
		cfg, err := pgx.ParseConfig(dsn)
		require.NoError(t, err)
		schema := fmt.Sprintf("wushe_test_%d_%d", os.Getpid(), schemaSeq.Add(1))
		t.Cleanup(func() { dropSchema(t, dsn, schema) })
		require.NoError(t, createSchema(ctx, cfg, schema))
		cfg.RuntimeParams["search_path"] = schema
		s = &Store{db: stdlib.OpenDB(*cfg), dialect: postgresDialect{}, retries: 20}
	default:
		db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "old.db")+"?_txlock=immediate&_pragma=busy_timeout(5000)")
		require.NoError(t, err)
		s = &Store{db: db, dialect: sqliteDialect{}, retries: 20}
	}
	t.Cleanup(func() { s.Close() })
	steps, err := Migrations(s.Backend())
	require.NoError(t, err)
	require.NoError(t, s.applyMigrations(ctx, "test", steps[:n]))
	return s
}
