package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storetest"
)

// Parallel releases its goroutines at once and returns each one's error by index: the shape
// of every race test in the suites. Ten callers claim five places; exactly five win.
func ExampleParallel() {
	var mu sync.Mutex
	left := 5
	errs := storetest.Parallel(10, func(int) error {
		mu.Lock()
		defer mu.Unlock()
		if left == 0 {
			return wushe.ErrInsufficient
		}
		left--
		return nil
	})
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		}
	}
	fmt.Println("won:", won, "refused:", len(errs)-won)
	// Output:
	// won: 5 refused: 5
}

// A Store wrapper calls Hit with the method's name before delegating; Faults decides which
// calls fail. The failure carries the kind a store that went away would report.
func ExampleFaults() {
	faults := (&storetest.Faults{}).FailOn("UpdateLot").FailAt(2)
	for _, method := range []string{"GetLot", "ListLots", "UpdateLot", "GetLot"} {
		err := faults.Hit(method)
		fmt.Printf("%s: unavailable=%v injected=%v\n", method,
			errors.Is(err, wushe.ErrUnavailable), errors.Is(err, storetest.ErrInjected))
	}
	fmt.Println(faults.Calls(), faults.Log())
	// Output:
	// GetLot: unavailable=false injected=false
	// ListLots: unavailable=true injected=true
	// UpdateLot: unavailable=true injected=true
	// GetLot: unavailable=false injected=false
	// 4 [GetLot ListLots UpdateLot GetLot]
}

// A BudgetContext answers n checks and is cancelled after them; running an operation under
// budgets 0, 1, 2 ... makes it fail at each of its store calls in turn.
func ExampleNewBudgetContext() {
	steps := func(ctx context.Context) (done int, err error) {
		for range 3 { // an operation making three store calls
			if err := ctx.Err(); err != nil {
				return done, err
			}
			done++
		}
		return done, nil
	}
	for budget := range int64(4) {
		done, err := steps(storetest.NewBudgetContext(budget))
		fmt.Println(budget, done, errors.Is(err, context.Canceled))
	}
	// Output:
	// 0 0 true
	// 1 1 true
	// 2 2 true
	// 3 3 false
}
