package linkage_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/linkage"
)

// benchStreet is the size: 2,000 open needs against 5,000 volunteers (with 100
// teams), 300 organizations, 200 units and 2,000 lots, on a 4 km street.
var benchStreet = streetSpec{Seed: 1, Needs: 2000, Volunteers: 5000, Teams: 100, Organizations: 300, Units: 200, Lots: 2000}

// benchDistrict is ten such streets' worth on one 12 km district: 20,000 needs, 50,000
// volunteers, 1,000 teams, 3,000 organizations, 2,000 units and 20,000 lots.
var benchDistrict = streetSpec{Seed: 1, Communities: 80, Needs: 20000, Volunteers: 50000, Teams: 1000, Organizations: 3000,
	Units: 2000, Lots: 20000, SideMeters: 12000}

// BenchmarkDispatch dispatches the street, and a district ten times its size, once per
// iteration: candidate generation through the spatial grid, scoring, one exact solve and
// the explanations.
//
//	go test -run '^$' -bench Dispatch -benchmem -benchtime 5x ./linkage
func BenchmarkDispatch(b *testing.B) {
	for _, c := range []struct {
		name string
		spec streetSpec
	}{{"street", benchStreet}, {"district", benchDistrict}} {
		b.Run(c.name, func(b *testing.B) {
			in := genStreet(c.spec)
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
