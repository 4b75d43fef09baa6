package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/wushe/wushe"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// mapErr turns a database or driver error into a *wushe.Error of the right kind naming op
// and entity. An error that already carries a kernel kind (the caller's fn, a check made
// before the statement) is returned as it is.
func mapErr(op, entity, id string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*wushe.Error](err); ok {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Entity: entity, ID: id, Msg: "context is done", Err: err}
	}
	e := &wushe.Error{Op: op, Entity: entity, ID: id, Err: err}
	var pg *pgconn.PgError
	var lite *sqlite.Error
	switch {
	case errors.As(err, &pg):
		e.Kind, e.Field, e.Msg = pgKind(pg)
	case errors.As(err, &lite):
		e.Kind, e.Field, e.Msg = sqliteKind(lite)
	case errors.Is(err, sql.ErrNoRows):
		e.Kind, e.Msg = wushe.KindNotFound, "not found"
	default:
		e.Kind, e.Msg = wushe.KindUnavailable, connMsg(err)
	}
	return e
}

// connMsg describes an error that is not the database's verdict on the statement: the
// connection or the pool failed.
func connMsg(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, sql.ErrConnDone) || strings.Contains(err.Error(), "database is closed"):
		return "the store is closed"
	case errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.As(err, &ne) || pgconn.SafeToRetry(err):
		return "the connection to the database was lost"
	}
	return "the database failed"
}

// pgKind classifies a PostgreSQL error by its SQLSTATE.
func pgKind(e *pgconn.PgError) (wushe.Kind, string, string) {
	field := e.ColumnName
	if field == "" {
		field = e.ConstraintName
	}
	switch {
	case e.Code == "23505":
		return wushe.KindAlreadyExists, field, "a unique key is taken (" + e.ConstraintName + ")"
	case strings.HasPrefix(e.Code, "23"): // integrity: not null, check, foreign key
		return wushe.KindInvalid, field, "violates " + e.ConstraintName + ": " + e.Message
	case strings.HasPrefix(e.Code, "22"): // data exception: too long, out of range, bad text
		return wushe.KindInvalid, field, "a value does not fit its column: " + e.Message
	case e.Code == "40001" || e.Code == "40P01":
		return wushe.KindUnavailable, "", "the transaction kept failing to serialize; try again"
	case e.Code == "57014": // query_canceled
		return wushe.KindUnavailable, "", "the statement was cancelled"
	}
	return wushe.KindUnavailable, "", fmt.Sprintf("the database failed (SQLSTATE %s): %s", e.Code, e.Message)
}

// sqliteKind classifies an SQLite error by its extended result code.
func sqliteKind(e *sqlite.Error) (wushe.Kind, string, string) {
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return wushe.KindAlreadyExists, constraintColumn(e.Error()), "a unique key is taken"
	case sqlite3.SQLITE_TOOBIG, sqlite3.SQLITE_MISMATCH, sqlite3.SQLITE_RANGE:
		return wushe.KindInvalid, "", "a value does not fit its column"
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_CONSTRAINT:
		return wushe.KindInvalid, constraintColumn(e.Error()), "violates a constraint: " + e.Error()
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return wushe.KindUnavailable, "", "the database stayed busy; try again"
	}
	return wushe.KindUnavailable, "", "the database failed: " + e.Error()
}

// constraintColumn finds "table.column" at the end of SQLite's constraint message.
func constraintColumn(msg string) string {
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		cols := msg[i+2:]
		if j := strings.IndexByte(cols, ' '); j >= 0 {
			cols = cols[:j]
		}
		return strings.TrimRight(cols, ",)")
	}
	return ""
}

// retryable reports whether running the whole transaction again may succeed: a deadlock,
// a serialization failure or a busy SQLite database.
func retryable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "40001" || pg.Code == "40P01"
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		c := lite.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	return false
}
