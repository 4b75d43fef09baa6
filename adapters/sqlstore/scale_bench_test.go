package sqlstore

import (
	"testing"

	"github.com/wushe/wushe/internal/scaleprobe"
)

// BenchmarkScale runs the scale probe (internal/scaleprobe) on SQLite in a file and on
// PostgreSQL: bulk load, pages, ledger, stars, sign-up, outputs and positions at 1k, 10k
// and 50k rows. Pick a backend and a size with -bench 'Scale/sqlite-file/^n=10000$/'.
func BenchmarkScale(b *testing.B) {
	for _, be := range []backend{sqliteFile(), postgres()} {
		b.Run(be.name, func(b *testing.B) {
			scaleprobe.Bench(b, func(b *testing.B) scaleprobe.Store { return be.open(b) })
		})
	}
}
