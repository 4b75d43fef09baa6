package main

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// budgetCtx is a context that is done once its Err has been asked a given number of
// times, so that every store call from then on fails.
type budgetCtx struct {
	context.Context
	left *atomic.Int64
}

func newBudgetCtx(n int64) budgetCtx {
	c := budgetCtx{Context: context.Background(), left: new(atomic.Int64)}
	c.left.Store(n)
	return c
}

func (c budgetCtx) Err() error {
	if c.left.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// A store failure at any point of the replay ends it with that error: never a panic,
// never a report that claims to be complete.
func TestReplayStopsAtTheFirstFailure(t *testing.T) {
	full := newBudgetCtx(1 << 40)
	require.NoError(t, replay(full, io.Discard))
	calls := 1<<40 - full.left.Load()
	// Every check through the setup, then ever sparser ones.
	next := func(n int64) int64 {
		if n < 150 {
			return n + 1
		}
		return n * 9 / 8
	}
	for n := int64(0); n < calls; n = next(n) {
		err := replay(newBudgetCtx(n), io.Discard)
		require.Error(t, err, "failing after %d store checks", n)
		require.True(t, errors.Is(err, context.Canceled), "failing after %d store checks: %v", n, err)
	}
}

// main prints the report to standard output.
func TestProgramPrintsTheReport(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "stdout")
	require.NoError(t, err)
	stdout := os.Stdout
	os.Stdout = f
	defer func() { os.Stdout = stdout }()
	main()
	os.Stdout = stdout
	require.NoError(t, f.Close())
	got, err := os.ReadFile(f.Name())
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(got), "project "), "%.80q", got)
	require.Contains(t, string(got), "contract scorecard:")
}
