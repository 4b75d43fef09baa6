package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

func community(district string) linkage.Community {
	return linkage.Community{ID: wushe.NewID(), Name: "J community", Kind: linkage.CommunityUrban, District: district}
}

func requireKind(t testing.TB, err error, kind wushe.Kind) *wushe.Error {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, kind, wushe.KindOf(err), "%v", err)
	var e *wushe.Error
	require.True(t, errors.As(err, &e), "%v is not a *wushe.Error", err)
	require.NotEmpty(t, e.Op)
	return e
}

func TestMigrationsAgree(t *testing.T) {
	lite, err := Migrations(SQLite)
	require.NoError(t, err)
	pg, err := Migrations(Postgres)
	require.NoError(t, err)
	require.Equal(t, len(lite), len(pg))
	require.NotEmpty(t, lite)
	for i := range lite {
		require.Equal(t, i+1, lite[i].Version)
		require.Equal(t, lite[i].Version, pg[i].Version)
		require.Equal(t, lite[i].Name, pg[i].Name)
		require.NotEmpty(t, strings.TrimSpace(lite[i].Script))
	}
	_, err = Migrations("oracle")
	requireKind(t, err, wushe.KindInvalid)
}

func TestLoadMigrationsRejects(t *testing.T) {
	for name, files := range map[string]fstest.MapFS{
		"bad name":    {"m/first.sql": {Data: []byte("x")}},
		"no name":     {"m/0001.sql": {Data: []byte("x")}},
		"zero":        {"m/0000_a.sql": {Data: []byte("x")}},
		"gap":         {"m/0001_a.sql": {Data: []byte("x")}, "m/0003_c.sql": {Data: []byte("x")}},
		"repeat":      {"m/0001_a.sql": {Data: []byte("x")}, "m/01_b.sql": {Data: []byte("x")}},
		"not sql":     {"m/0001_a.txt": {Data: []byte("x")}},
		"a directory": {"m/0001_a.sql/x": {Data: []byte("x")}},
	} {
		_, err := loadMigrations(files, "m")
		require.Error(t, err, name)
		require.True(t, errors.Is(err, wushe.ErrInvalid) || errors.Is(err, wushe.ErrUnavailable), name)
	}
	ms, err := loadMigrations(fstest.MapFS{"m/0002_b.sql": {Data: []byte("B")}, "m/0001_a.sql": {Data: []byte("A")}}, "m")
	require.NoError(t, err)
	require.Equal(t, []Migration{{1, "a", "A"}, {2, "b", "B"}}, ms)
}

// Opening a migrated database again applies nothing; a later migration is applied once,
// in order, and a failing one leaves the schema at the last good version.
func TestMigrateIdempotentAndOrdered(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := t.Context()
		steps, err := Migrations(s.Backend())
		require.NoError(t, err)
		v, err := s.SchemaVersion(ctx)
		require.NoError(t, err)
		require.Equal(t, len(steps), v)

		require.NoError(t, s.applyMigrations(ctx, "test", steps), "applying again changes nothing")
		n := len(steps)
		extra := append(steps,
			Migration{Version: n + 1, Name: "extra", Script: "CREATE TABLE wushe_test_extra (x INTEGER)"},
			Migration{Version: n + 2, Name: "broken", Script: "CREATE TABLE wushe_test_broken (x INTEGER); SELECT * FROM no_such_table"})
		err = s.applyMigrations(ctx, "test", extra)
		requireKind(t, err, wushe.KindUnavailable)
		v, err = s.SchemaVersion(ctx)
		require.NoError(t, err)
		require.Equal(t, n+1, v, "the good step stays, the broken one is rolled back")
		var count int
		require.NoError(t, s.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM wushe_test_extra").Scan(&count))
		_, err = s.DB().ExecContext(ctx, "SELECT * FROM wushe_test_broken")
		require.Error(t, err, "the broken step's table was rolled back")

		if b.reopen != nil {
			s = b.reopen(t, s)
			v, err = s.SchemaVersion(ctx)
			require.NoError(t, err)
			require.Equal(t, n+1, v, "reopening applies nothing and forgets nothing")
		}
	})
}

// Concurrent Opens of one PostgreSQL schema take turns at migrating.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	b := postgres()
	first := b.open(t)
	schema := ""
	require.NoError(t, first.DB().QueryRowContext(t.Context(), "SELECT current_schema()").Scan(&schema))
	// A fresh schema, opened by many at once.
	fresh := schema + "_c"
	t.Cleanup(func() { dropSchema(t, dsnFromEnv(), fresh) })
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			s, err := OpenPostgres(t.Context(), dsnFromEnv(), Options{Schema: fresh, MaxOpenConns: 2})
			if err == nil {
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	s, err := OpenPostgres(t.Context(), dsnFromEnv(), Options{Schema: fresh})
	require.NoError(t, err)
	defer s.Close()
	var rows int
	require.NoError(t, s.DB().QueryRowContext(t.Context(), "SELECT COUNT(*) FROM wushe_schema_migrations").Scan(&rows))
	steps, _ := Migrations(Postgres)
	require.Equal(t, len(steps), rows)
}

func TestOpenRejects(t *testing.T) {
	ctx := t.Context()
	_, err := OpenSQLite(ctx, "", Options{})
	e := requireKind(t, err, wushe.KindInvalid)
	require.Equal(t, "path", e.Field)

	_, err = OpenSQLite(ctx, t.TempDir()+"/no/such/dir/wushe.db", Options{})
	requireKind(t, err, wushe.KindUnavailable)

	_, err = OpenPostgres(ctx, "postgres://%zz", Options{})
	e = requireKind(t, err, wushe.KindInvalid)
	require.Equal(t, "dsn", e.Field)

	for _, bad := range []string{"Public", "1abc", "a-b", "a;drop", strings.Repeat("a", 64), ""} {
		if bad == "" {
			continue // empty means the server's default
		}
		_, err = OpenPostgres(ctx, "postgres://postgres@127.0.0.1:1/x", Options{Schema: bad})
		e = requireKind(t, err, wushe.KindInvalid)
		require.Equal(t, "Schema", e.Field, bad)
	}
	require.True(t, validSchema("wushe_2026"))

	// Nothing listens on port 1: unavailable, not a hang.
	_, err = OpenPostgres(ctx, "postgres://postgres@127.0.0.1:1/x?connect_timeout=2", Options{})
	requireKind(t, err, wushe.KindUnavailable)
	_, err = OpenPostgres(ctx, "postgres://postgres@127.0.0.1:1/x?connect_timeout=2", Options{Schema: "wushe"})
	requireKind(t, err, wushe.KindUnavailable)
}

// A value too long for its column is invalid, names the field, and stores nothing; with
// the Go check out of the way the schema still refuses it.
func TestValueTooLong(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := t.Context()
		c := community(strings.Repeat("武", 201))
		e := requireKind(t, s.CreateCommunity(ctx, c), wushe.KindInvalid)
		require.Equal(t, "District", e.Field)
		require.Equal(t, "Community", e.Entity)
		require.Equal(t, c.ID.String(), e.ID)
		_, err := s.GetCommunity(ctx, c.ID)
		requireKind(t, err, wushe.KindNotFound)

		ok := community(strings.Repeat("武", 200))
		require.NoError(t, s.CreateCommunity(ctx, ok), "200 characters fit, however many bytes they take")
		_, err = s.UpdateCommunity(ctx, ok.ID, func(c *linkage.Community) error { c.District += "区"; return nil })
		requireKind(t, err, wushe.KindInvalid)
		got, err := s.GetCommunity(ctx, ok.ID)
		require.NoError(t, err)
		require.Equal(t, int64(1), got.Version, "the refused update wrote nothing")

		// The schema's own limit, without the Go check.
		unchecked := *communityTable
		unchecked.cols = nil
		for _, c := range communityTable.cols {
			c.max = 0
			unchecked.cols = append(unchecked.cols, c)
		}
		err = s.write(ctx, "test", "Community", func(tx *sql.Tx) error { return unchecked.insert(ctx, s, tx, "test", c) })
		e = requireKind(t, err, wushe.KindInvalid)
		if s.Backend() == SQLite {
			require.Equal(t, "District", e.Field, "SQLite names the CHECK constraint, mapped back to the field")
		}
		_, err = s.GetCommunity(ctx, c.ID)
		requireKind(t, err, wushe.KindNotFound)
	})
}

// A unique key taken at the database is already_exists even when the Go pre-check is
// bypassed.
func TestUniqueViolationFromTheDatabase(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := t.Context()
		c := community("Wuhou")
		require.NoError(t, s.CreateCommunity(ctx, c))
		_, err := s.DB().ExecContext(ctx, s.dialect.rebind("INSERT INTO linkage_communities (id, version, doc, kind, district, street_office) VALUES (?, 1, '{}', '', '', '')"), c.ID.String())
		require.Error(t, err)
		mapped := mapErr("test", "Community", c.ID.String(), err)
		requireKind(t, mapped, wushe.KindAlreadyExists)
		require.ErrorIs(t, s.CreateCommunity(ctx, c), wushe.ErrAlreadyExists)
	})
}

// A failure at commit time (here: the connection is killed, or a hook fails) rolls the
// whole transaction back; the Store goes on working afterwards.
func TestFailedCommitWritesNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := t.Context()
		c := community("Wuhou")
		require.NoError(t, s.CreateCommunity(ctx, c))

		boom := errors.New("disk on fire")
		s.beforeCommit = func(context.Context, *sql.Tx, string) error { return boom }
		_, err := s.UpdateCommunity(ctx, c.ID, func(c *linkage.Community) error { c.Name = "changed"; return nil })
		require.ErrorIs(t, err, boom)
		requireKind(t, err, wushe.KindUnavailable)
		other := community("Jinjiang")
		require.Error(t, s.CreateCommunity(ctx, other))

		if s.Backend() == Postgres {
			// The server drops the connection in the middle of the transaction.
			s.beforeCommit = func(ctx context.Context, tx *sql.Tx, _ string) error {
				_, err := tx.ExecContext(ctx, "SELECT pg_terminate_backend(pg_backend_pid())")
				return err
			}
			_, err = s.UpdateCommunity(ctx, c.ID, func(c *linkage.Community) error { c.Name = "changed"; return nil })
			e := requireKind(t, err, wushe.KindUnavailable)
			require.Equal(t, "sqlstore.Store.UpdateCommunity", e.Op)
		}
		s.beforeCommit = nil
		got, err := s.GetCommunity(ctx, c.ID)
		require.NoError(t, err, "the pool replaces a dropped connection")
		require.Equal(t, "J community", got.Name)
		require.Equal(t, int64(1), got.Version)
		_, err = s.GetCommunity(ctx, other.ID)
		requireKind(t, err, wushe.KindNotFound)
	})
}

// Serialization failures and deadlocks are retried, running the transaction (and fn)
// again; when they persist past the budget the caller gets unavailable.
func TestRetries(t *testing.T) {
	s := sqliteMemory().open(t)
	ctx := t.Context()
	c := community("Wuhou")
	require.NoError(t, s.CreateCommunity(ctx, c))
	failures := 3
	s.beforeCommit = func(context.Context, *sql.Tx, string) error {
		if failures > 0 {
			failures--
			return &pgconn.PgError{Code: "40001", Message: "could not serialize access"}
		}
		return nil
	}
	calls := 0
	got, err := s.UpdateCommunity(ctx, c.ID, func(c *linkage.Community) error { calls++; c.Households++; return nil })
	require.NoError(t, err)
	require.Equal(t, 4, calls, "fn runs once per attempt")
	require.Equal(t, 1, got.Households, "only the last attempt counts")
	require.Equal(t, int64(2), got.Version)

	s.retries = 2
	s.beforeCommit = func(context.Context, *sql.Tx, string) error {
		return &pgconn.PgError{Code: "40P01", Message: "deadlock detected"}
	}
	calls = 0
	_, err = s.UpdateCommunity(ctx, c.ID, func(c *linkage.Community) error { calls++; return nil })
	requireKind(t, err, wushe.KindUnavailable)
	require.Equal(t, 3, calls)

	// A cancelled context stops the retrying.
	cctx, cancel := context.WithCancel(ctx)
	s.retries = 1000
	s.beforeCommit = func(context.Context, *sql.Tx, string) error {
		cancel()
		return &pgconn.PgError{Code: "40001"}
	}
	_, err = s.UpdateCommunity(cctx, c.ID, func(c *linkage.Community) error { return nil })
	requireKind(t, err, wushe.KindUnavailable)
	require.ErrorIs(t, err, context.Canceled)
}

func TestDoneContextAndClosedStore(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		requireKind(t, s.CreateCommunity(ctx, community("x")), wushe.KindUnavailable)
		_, err := s.ListCommunities(ctx, linkage.CommunityFilter{})
		require.ErrorIs(t, err, context.Canceled)
		_, err = s.SchemaVersion(ctx)
		requireKind(t, err, wushe.KindUnavailable)

		require.NoError(t, s.Close())
		require.NoError(t, s.Close(), "closing twice is harmless")
		err = s.CreateCommunity(t.Context(), community("x"))
		e := requireKind(t, err, wushe.KindUnavailable)
		require.Contains(t, e.Msg, "closed")
		_, err = s.GetCommunity(t.Context(), uuid.New())
		requireKind(t, err, wushe.KindUnavailable)
	})
}

func TestMapErr(t *testing.T) {
	require.NoError(t, mapErr("op", "E", "", nil))
	own := &wushe.Error{Op: "fn", Kind: wushe.KindInsufficient}
	require.Same(t, own, mapErr("op", "E", "", own), "an error with a kernel kind passes as it is")
	for code, kind := range map[string]wushe.Kind{
		"23505": wushe.KindAlreadyExists, "23514": wushe.KindInvalid, "23502": wushe.KindInvalid,
		"22001": wushe.KindInvalid, "22003": wushe.KindInvalid, "40001": wushe.KindUnavailable,
		"40P01": wushe.KindUnavailable, "57P01": wushe.KindUnavailable, "57014": wushe.KindUnavailable,
		"08006": wushe.KindUnavailable, "42P01": wushe.KindUnavailable,
	} {
		err := mapErr("op", "Lot", "x", fmt.Errorf("wrapped: %w", &pgconn.PgError{Code: code, ConstraintName: "c", ColumnName: "col"}))
		e := requireKind(t, err, kind)
		require.Equal(t, "op", e.Op)
		require.Equal(t, "Lot", e.Entity)
		if kind == wushe.KindInvalid || kind == wushe.KindAlreadyExists {
			require.Equal(t, "col", e.Field, code)
		}
	}
	requireKind(t, mapErr("op", "E", "", sql.ErrNoRows), wushe.KindNotFound)
	e := requireKind(t, mapErr("op", "E", "", sql.ErrConnDone), wushe.KindUnavailable)
	require.Contains(t, e.Msg, "closed")
	e = requireKind(t, mapErr("op", "E", "", fmt.Errorf("x: %w", context.DeadlineExceeded)), wushe.KindUnavailable)
	require.Contains(t, e.Msg, "context")
	e = requireKind(t, mapErr("op", "E", "", errors.New("odd")), wushe.KindUnavailable)
	require.Contains(t, e.Msg, "failed")

	require.True(t, retryable(&pgconn.PgError{Code: "40001"}))
	require.False(t, retryable(&pgconn.PgError{Code: "23505"}))
	require.False(t, retryable(errors.New("x")))
	require.Equal(t, "linkage_units.kind", constraintColumn("UNIQUE constraint failed: linkage_units.kind"))
	require.Equal(t, "", constraintColumn("no colon"))
}

func TestRebind(t *testing.T) {
	require.Equal(t, "a = $1 AND b = $2", postgresDialect{}.rebind("a = ? AND b = ?"))
	require.Equal(t, "a = ?", sqliteDialect{}.rebind("a = ?"))
}

func dsnFromEnv() string { return os.Getenv(postgresEnv) }

func TestDecimalTextKeepsScale(t *testing.T) {
	for in, want := range map[string]string{"1.50": "1.50", "0.00": "0.00", "-2.500": "-2.500", "12": "12", "0": "0"} {
		require.Equal(t, want, decimalText(decimal.RequireFromString(in)))
	}
	require.Equal(t, "1500", decimalText(decimal.New(15, 2)))
	require.Equal(t, "1.50", (&Store{dialect: sqliteDialect{}}).arg(decimal.RequireFromString("1.50")))
}

// FuzzLoadMigrations feeds arbitrary file names to the migration loader: it accepts a
// name only as NNNN_name.sql and then returns exactly that version and name.
func FuzzLoadMigrations(f *testing.F) {
	for _, s := range []string{"0001_linkage.sql", "1_a.sql", "0001.sql", "x_y.sql", "0001_a.txt", "-1_a.sql", "0001__.sql"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if strings.Contains(name, "/") || !fs.ValidPath("m/"+name) {
			return // not a file name a directory can hold
		}
		ms, err := loadMigrations(fstest.MapFS{"m/" + name: {Data: []byte("SELECT 1")}}, "m")
		if err != nil {
			requireKind(t, err, wushe.KindInvalid)
			return
		}
		require.Len(t, ms, 1)
		require.Equal(t, 1, ms[0].Version)
		require.True(t, strings.HasSuffix(name, "_"+ms[0].Name+".sql"), "%q gave %+v", name, ms[0])
		require.Equal(t, "SELECT 1", ms[0].Script)
	})
}

// FuzzConstraintColumn: whatever SQLite's message says, the column found is a suffix of
// it and carries no separator.
func FuzzConstraintColumn(f *testing.F) {
	f.Add("UNIQUE constraint failed: volunteer_volunteers.number")
	f.Add("CHECK constraint failed: linkage_units_kind_check")
	f.Add("UNIQUE constraint failed: t.a, t.b")
	f.Fuzz(func(t *testing.T, msg string) {
		col := constraintColumn(msg)
		require.NotContains(t, col, ": ")
		require.NotContains(t, col, " ")
		if col != "" {
			require.Contains(t, msg, col)
		}
	})
}
