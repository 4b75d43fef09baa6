// Package storetest holds what every package's conformance suite shares: fault injection
// for Store wrappers and helpers for concurrent tests. The suites themselves live beside
// their packages (linkage/linkagetest, volunteer/volunteertest, ...).
package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/wushe/wushe"
)

// ErrInjected is the cause of every failure a Faults injects. Its kind is
// wushe.KindUnavailable, as a store that went away would report.
var ErrInjected = &wushe.Error{Op: "storetest.Faults", Kind: wushe.KindUnavailable, Msg: "injected store failure"}

// Faults decides which calls of a Store wrapper fail. A wrapper calls Hit with the method
// name before delegating; Hit returns an error on the calls chosen by FailAt or FailOn and
// nil otherwise. It is safe for concurrent use. The zero value fails nothing.
type Faults struct {
	mu     sync.Mutex
	calls  int
	failAt map[int]bool
	failOn map[string]bool
	log    []string
}

// FailAt makes the nth call (counting from 1, across all methods) fail, in addition to any
// already chosen.
func (f *Faults) FailAt(n ...int) *Faults {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failAt == nil {
		f.failAt = map[int]bool{}
	}
	for _, i := range n {
		f.failAt[i] = true
	}
	return f
}

// FailOn makes every call of the named methods fail.
func (f *Faults) FailOn(methods ...string) *Faults {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failOn == nil {
		f.failOn = map[string]bool{}
	}
	for _, m := range methods {
		f.failOn[m] = true
	}
	return f
}

// Reset forgets the calls counted and the failures chosen.
func (f *Faults) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls, f.failAt, f.failOn, f.log = 0, nil, nil, nil
}

// Hit counts a call of method and returns a *wushe.Error wrapping ErrInjected when the
// call is chosen to fail.
func (f *Faults) Hit(method string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	f.log = append(f.log, method)
	if f.failAt[f.calls] || f.failOn[method] {
		return &wushe.Error{Op: method, Kind: wushe.KindUnavailable,
			Msg: fmt.Sprintf("call %d", f.calls), Err: ErrInjected}
	}
	return nil
}

// Calls returns how many calls were counted.
func (f *Faults) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// Log returns the method names of the calls counted, in order.
func (f *Faults) Log() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.log...)
}

// Parallel runs fn(i) for i in [0, n) on n goroutines released at once, waits for all of
// them and returns their errors by index. Suites use it for their race tests.
func Parallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range n {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			errs[i] = fn(i)
		}()
	}
	start.Done()
	done.Wait()
	return errs
}

// BudgetContext is a context whose Err starts reporting context.Canceled once it has been
// asked more than a given number of times. Every wushe Store checks its context on each
// call, so running an operation under BudgetContexts of 0, 1, 2 ... checks makes it fail at
// every store call in turn: the way to show that a failure anywhere leaves nothing partial
// and never panics. It is safe for concurrent use.
type BudgetContext struct {
	context.Context
	left  atomic.Int64
	start int64
}

// NewBudgetContext returns a context that answers n calls of Err with nil.
func NewBudgetContext(n int64) *BudgetContext {
	c := &BudgetContext{Context: context.Background(), start: n}
	c.left.Store(n)
	return c
}

// Err is nil for the first n calls and context.Canceled after them.
func (c *BudgetContext) Err() error {
	if c.left.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// Used reports how many calls of Err the budget has answered so far (at most n).
func (c *BudgetContext) Used() int64 { return c.start - max(c.left.Load(), 0) }
