package linkage_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/linkage"
)

// benchStreet is the size: 2,000 open needs against 5,000 volunteers (with 100
// teams), 300 organizations, 200 units and 2,000 lots, on a 4 km street.
var benchStreet = streetSpec{Seed: 1, Needs: 2000, Volunteers: 5000, Teams: 100, Organizations: 300, Units: 200, Lots: 2000}

// BenchmarkDispatch dispatches the street once per iteration: candidate generation
// through the spatial grid, scoring, one exact solve and the explanations.
//
//	go test -run '^$' -bench Dispatch -benchmem -benchtime 5x ./linkage
func BenchmarkDispatch(b *testing.B) {
	in := genStreet(benchStreet)
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
}
