package main

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/storetest"
)

// A store failure at any point of the replay ends it with that error: never a panic,
// never a report that claims to be complete.
func TestReplayStopsAtTheFirstFailure(t *testing.T) {
	full := storetest.NewBudgetContext(1 << 40)
	require.NoError(t, replay(full, io.Discard))
	calls := full.Used()
	// Every check through the setup, then ever sparser ones.
	next := func(n int64) int64 {
		if n < 150 {
			return n + 1
		}
		return n * 9 / 8
	}
	for n := int64(0); n < calls; n = next(n) {
		err := replay(storetest.NewBudgetContext(n), io.Discard)
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
