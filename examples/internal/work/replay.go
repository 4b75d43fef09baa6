package work

import (
	"context"
	"errors"
	"testing"

	"github.com/wushe/wushe/storetest"
)

// StopsAtEveryFailure runs replay once with every store check allowed, then again with
// the store failing after n checks, for n from 0 and then every next(n), until the full
// run's count: each failing run must return an error wrapping context.Canceled, never
// panic and never finish as if whole. It is how an example program's test proves that the
// program stops at the first store failure.
func StopsAtEveryFailure(t testing.TB, replay func(context.Context) error, next func(n int64) int64) {
	t.Helper()
	full := storetest.NewBudgetContext(1 << 40)
	if err := replay(full); err != nil {
		t.Fatalf("the full run failed: %v", err)
	}
	for n := int64(0); n < full.Used(); n = next(n) {
		err := replay(storetest.NewBudgetContext(n))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("failing after %d store checks: got %v, want an error wrapping context.Canceled", n, err)
		}
	}
}
