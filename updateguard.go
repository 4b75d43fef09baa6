package wushe

import (
	"reflect"
	"runtime"
	"sync/atomic"
)

// UpdateGuard lets a Store refuse a call made from inside an update function it is running.
//
// The Store contract forbids such calls: an update function receives a copy of one entity
// and must compute its change from that copy alone, without reaching the Store. A Store
// that holds a lock while the function runs (memstore's one lock, a SQL transaction's row
// lock) would otherwise wait for itself forever. A Store runs each host function through
// Run and calls Check first thing in every method:
//
//	var guard wushe.UpdateGuard // one per Store type or per Store
//
//	func (s *MyStore) UpdateX(ctx context.Context, id uuid.UUID, fn func(*X) error) (X, error) {
//		if err := guard.Check("mystore.UpdateX", "X"); err != nil {
//			return X{}, err
//		}
//		...
//		err := guard.Run(func() error { return fn(&next) })
//
// Check fails with a KindInvalid error whenever the calling goroutine is inside a function
// that any UpdateGuard's Run is running, so a call into another Store from inside an
// update function is refused as well while g has a function running. While none runs
// under g, Check costs one atomic load; otherwise it reads the calling goroutine's stack.
// A panic in the function passes through Run unchanged.
//
// The zero UpdateGuard is ready to use and is safe for concurrent use.
type UpdateGuard struct{ running atomic.Int64 }

// Run runs fn, marked as an update function, and returns its error.
func (g *UpdateGuard) Run(fn func() error) error {
	g.running.Add(1)
	defer g.running.Add(-1)
	return runUpdateFunction(fn)
}

// Check returns a KindInvalid error naming op and entity when the calling goroutine is
// inside a function run by an UpdateGuard's Run while g has a function running, and nil
// otherwise.
func (g *UpdateGuard) Check(op, entity string) error {
	if g.running.Load() == 0 || !insideUpdateFunction() {
		return nil
	}
	return &Error{Op: op, Kind: KindInvalid, Entity: entity, Field: "fn",
		Msg: "a Store method was called from inside an update function; read what the function needs before the update"}
}

// runUpdateFunction is the frame that marks the stack of a goroutine running an update
// function. It must not be inlined, or the mark would vanish.
//
//go:noinline
func runUpdateFunction(fn func() error) error { return fn() }

// updateFunctionName is runUpdateFunction's name as stack frames report it.
var updateFunctionName = runtime.FuncForPC(reflect.ValueOf(runUpdateFunction).Pointer()).Name()

// insideUpdateFunction reports whether runUpdateFunction is on the calling goroutine's
// stack.
func insideUpdateFunction() bool {
	var pcs [64]uintptr
	for skip := 2; ; {
		n := runtime.Callers(skip, pcs[:])
		frames := runtime.CallersFrames(pcs[:n])
		for {
			f, more := frames.Next()
			if f.Function == updateFunctionName {
				return true
			}
			if !more {
				break
			}
		}
		if n < len(pcs) {
			return false
		}
		skip += n
	}
}
