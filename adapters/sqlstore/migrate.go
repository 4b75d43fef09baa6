package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/wushe/wushe"
)

//go:embed migrations
var migrationFiles embed.FS

// Migration is one numbered step of the schema.
type Migration struct {
	// Version numbers the steps 1, 2, 3 ... with no gaps; steps run in this order.
	Version int
	// Name is the file's name without version and extension, e.g. "linkage".
	Name string
	// Script is the SQL the step runs, in the backend's dialect.
	Script string
}

// Migrations returns the schema steps for a backend, in order. Every backend has the same
// versions and names.
func Migrations(b Backend) ([]Migration, error) {
	return loadMigrations(migrationFiles, "migrations/"+string(b))
}

// loadMigrations reads NNNN_name.sql files from dir, checking that versions run 1..n.
func loadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	const op = "sqlstore.Migrations"
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Migration", Field: "Backend", Msg: "no migrations for " + path.Base(dir), Err: err}
	}
	var out []Migration
	for _, e := range entries {
		base, ok := strings.CutSuffix(e.Name(), ".sql")
		num, name, found := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || !found || err != nil || v <= 0 || name == "" {
			return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Migration", ID: e.Name(), Field: "Name", Msg: "is not NNNN_name.sql"}
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Entity: "Migration", ID: e.Name(), Msg: "cannot be read", Err: err}
		}
		out = append(out, Migration{Version: v, Name: name, Script: string(b)})
	}
	slices.SortFunc(out, func(a, b Migration) int { return a.Version - b.Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Migration", ID: strconv.Itoa(m.Version), Field: "Version",
				Msg: fmt.Sprintf("expected version %d: versions must run 1, 2, 3 ... without gaps or repeats", i+1)}
		}
	}
	return out, nil
}

// migrationLock is the advisory lock key that makes concurrent Opens on PostgreSQL take
// turns at migrating.
const migrationLock = "wushe.sqlstore.migrate"

// migrate applies the missing migrations in order, each in its own transaction with its
// record in wushe_schema_migrations.
func (s *Store) migrate(ctx context.Context) error {
	const op = "sqlstore.Store.migrate"
	steps, err := Migrations(s.Backend())
	if err != nil {
		return err
	}
	return s.applyMigrations(ctx, op, steps)
}

func (s *Store) applyMigrations(ctx context.Context, op string, steps []Migration) error {
	create := `CREATE TABLE IF NOT EXISTS wushe_schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TEXT NOT NULL)`
	if err := s.write(ctx, op, "Migration", func(tx *sql.Tx) error {
		if err := s.dialect.lock(ctx, tx, migrationLock); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, create)
		return err
	}); err != nil {
		return err
	}
	for _, m := range steps {
		err := s.write(ctx, op, "Migration", func(tx *sql.Tx) error {
			if err := s.dialect.lock(ctx, tx, migrationLock); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT COUNT(*) FROM wushe_schema_migrations WHERE version = ?`), m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.Script); err != nil {
				return &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Entity: "Migration", ID: strconv.Itoa(m.Version),
					Msg: "migration " + m.Name + " failed", Err: err}
			}
			_, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO wushe_schema_migrations (version, name, applied_at) VALUES (?, ?, CAST(CURRENT_TIMESTAMP AS TEXT))`),
				m.Version, m.Name)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion reports the highest migration applied to the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	const op = "sqlstore.Store.SchemaVersion"
	var v int
	err := s.read(ctx, op, "Migration", func(q querier) error {
		return q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM wushe_schema_migrations`).Scan(&v)
	})
	return v, err
}
