package sqlstore

import (
	"context"
	"database/sql"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// dialect holds what differs between the backends. Queries are written once with ?
// placeholders and rebound.
type dialect interface {
	backend() Backend
	// rebind turns ? placeholders into the backend's own.
	rebind(query string) string
	// forUpdate is the suffix that locks selected rows until the transaction ends.
	forUpdate() string
	// lock takes transaction-scoped exclusive locks on the keys, in sorted order: for
	// invariants over rows that may not exist yet (the enrolments of one shift, an
	// idempotency key, an account's balance).
	lock(ctx context.Context, tx *sql.Tx, keys ...string) error
	// lockShared takes transaction-scoped shared locks on the keys, in sorted order: many
	// holders at once, none while an exclusive lock on the key is held or awaited.
	lockShared(ctx context.Context, tx *sql.Tx, keys ...string) error
	// timeArg is the stored form of t in a time column.
	timeArg(t time.Time) any
}

type sqliteDialect struct{}

func (sqliteDialect) backend() Backend       { return SQLite }
func (sqliteDialect) rebind(q string) string { return q }
func (sqliteDialect) forUpdate() string      { return "" }

// lock is a no-op: every SQLite write transaction begins IMMEDIATE and so already holds
// the database's one write lock.
func (sqliteDialect) lock(context.Context, *sql.Tx, ...string) error { return nil }

func (sqliteDialect) lockShared(context.Context, *sql.Tx, ...string) error { return nil }

// sqliteTime is fixed-width UTC text, so that text order is time order.
const sqliteTime = "2006-01-02T15:04:05.000000000Z"

func (sqliteDialect) timeArg(t time.Time) any { return t.UTC().Format(sqliteTime) }

type postgresDialect struct{}

func (postgresDialect) backend() Backend { return Postgres }

func (postgresDialect) rebind(q string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

func (postgresDialect) forUpdate() string { return " FOR UPDATE" }

func (postgresDialect) lock(ctx context.Context, tx *sql.Tx, keys ...string) error {
	return advisoryLocks(ctx, tx, "pg_advisory_xact_lock", keys)
}

func (postgresDialect) lockShared(ctx context.Context, tx *sql.Tx, keys ...string) error {
	return advisoryLocks(ctx, tx, "pg_advisory_xact_lock_shared", keys)
}

// advisoryLocks calls the advisory lock function fn on each distinct key, in sorted order.
func advisoryLocks(ctx context.Context, tx *sql.Tx, fn string, keys []string) error {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		if _, err := tx.ExecContext(ctx, "SELECT "+fn+"(hashtextextended($1, 0))", k); err != nil {
			return err
		}
	}
	return nil
}

func (postgresDialect) timeArg(t time.Time) any { return t.UTC() }

// arg converts a Go value to what both drivers store in a filter or invariant column:
// UUIDs as canonical text, decimals as exact text, times through the dialect.
func (s *Store) arg(v any) any {
	switch v := v.(type) {
	case uuid.UUID:
		return v.String()
	case decimal.Decimal:
		return decimalText(v)
	case time.Time:
		return s.dialect.timeArg(v)
	case bool:
		if v {
			return 1
		}
		return 0
	case string, int, int64, nil:
		return v
	case blind:
		return s.blindIndex(v)
	}
	// Named scalar types (statuses, kinds) go as their underlying value.
	switch r := reflect.ValueOf(v); r.Kind() {
	case reflect.String:
		return r.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return r.Int()
	case reflect.Bool:
		return s.arg(r.Bool())
	}
	return v
}

// args converts every value with arg.
func (s *Store) args(vs ...any) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = s.arg(v)
	}
	return out
}

// decimalText is d as exact decimal text that keeps its scale: 1.50 stays "1.50" (String
// would write "1.5").
func decimalText(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}
