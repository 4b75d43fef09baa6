package memstore_test

import (
	"testing"

	"github.com/wushe/wushe/internal/scaleprobe"
	"github.com/wushe/wushe/memstore"
)

// BenchmarkScale runs the scale probe (internal/scaleprobe) on memstore: bulk load, pages,
// ledger, stars, sign-up, outputs and positions at 1k, 10k and 50k rows. Pick a size with
// -bench 'Scale/^n=10000$/'.
func BenchmarkScale(b *testing.B) {
	scaleprobe.Bench(b, func(*testing.B) scaleprobe.Store { return memstore.New() })
}
