package linkage_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/internal/linkgen"
	"github.com/wushe/wushe/linkage"
)

// BenchmarkDispatch dispatches linkgen's street, and its district ten times the size, once per
// iteration: candidate generation through the spatial grid, scoring, one exact solve and
// the explanations.
//
//	go test -run '^$' -bench Dispatch -benchmem -benchtime 5x ./linkage
func BenchmarkDispatch(b *testing.B) {
	for _, c := range []struct {
		name string
		spec linkgen.StreetSpec
	}{{"street", linkgen.Street()}, {"district", linkgen.District()}} {
		b.Run(c.name, func(b *testing.B) {
			in := c.spec.Input()
			d, err := linkage.NewDispatcher(nil)
			require.NoError(b, err)
			b.ReportAllocs()
			var res *linkage.DispatchResult
			for b.Loop() {
				res, err = d.Dispatch(in)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(res.Proposals)), "placed")
			b.ReportMetric(float64(res.Scored), "pairs")
		})
	}
}
