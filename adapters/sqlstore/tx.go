package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/wushe/wushe"
)

// querier is what reads need: the pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// updating marks the update functions that Stores run inside their transactions.
var updating wushe.UpdateGuard

// ready fails with KindUnavailable when ctx is done, and with KindInvalid when the caller
// is inside an update function: the Store contract forbids Store calls there, and one
// would wait for the row lock or the connection its own transaction holds.
func ready(ctx context.Context, op, entity string) error {
	if err := ctx.Err(); err != nil {
		return &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Entity: entity, Msg: "context is done", Err: err}
	}
	return updating.Check(op, entity)
}

// write runs fn in one transaction and commits it, all or nothing. A deadlock, a
// serialization failure or a busy database rolls back and runs fn again, up to the
// Store's retry budget, after a short randomised pause; fn must therefore have no effect
// outside tx. Any other failure rolls back and is returned mapped to a kernel kind (an
// error that already has one, such as fn's own, as it is).
func (s *Store) write(ctx context.Context, op, entity string, fn func(tx *sql.Tx) error) error {
	if err := ready(ctx, op, entity); err != nil {
		return err
	}
	var err error
	for attempt := 0; ; attempt++ {
		err = s.attempt(ctx, op, fn)
		if err == nil || !retryable(err) || attempt >= s.retries {
			break
		}
		if werr := pause(ctx, attempt); werr != nil {
			err = werr
			break
		}
	}
	return mapErr(op, entity, "", blameContext(ctx, err))
}

// attempt runs fn once in a transaction. A panic in fn (an update function's, say) rolls
// the transaction back, so that its connection and locks are released, and goes on
// panicking with the same value.
func (s *Store) attempt(ctx context.Context, op string, fn func(tx *sql.Tx) error) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if s.beforeCommit != nil {
		if err = s.beforeCommit(ctx, tx, op); err != nil {
			return err
		}
	}
	committed = true // Commit releases the transaction whether it succeeds or not
	return tx.Commit()
}

// pause waits a little longer after each failed attempt, with jitter so that the racers
// that collided do not collide again.
func pause(ctx context.Context, attempt int) error {
	base := time.Millisecond << min(attempt, 6)
	d := base/2 + rand.N(base)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// read runs fn on the pool after checking ctx, and maps its error.
func (s *Store) read(ctx context.Context, op, entity string, fn func(q querier) error) error {
	if err := ready(ctx, op, entity); err != nil {
		return err
	}
	return mapErr(op, entity, "", blameContext(ctx, fn(s.db)))
}

// blameContext reports ctx's error instead of a driver's when ctx ended: a statement that
// failed because ctx ended reports the context, not the symptom.
func blameContext(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil {
		return err
	}
	if _, ok := errors.AsType[*wushe.Error](err); ok {
		return err
	}
	return ctx.Err()
}
