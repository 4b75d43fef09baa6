package match

import (
	"math"
	"math/rand/v2"
	"testing"
)

// uniformMatrix has costs drawn uniformly from [0, 10^6), seeded.
func uniformMatrix(rows, cols int, seed uint64) Matrix {
	r := rand.New(rand.NewPCG(seed, 1))
	m := NewMatrix(rows, cols)
	for k := range m.Cost {
		m.Cost[k] = r.Int64N(1_000_000)
	}
	return m
}

// geoMatrix has costs equal to the distance in metres between random points in a 20 km
// square: rows are tasks, columns volunteers.
func geoMatrix(rows, cols int, seed uint64) Matrix {
	r := rand.New(rand.NewPCG(seed, 2))
	type pt struct{ x, y float64 }
	ps := make([]pt, rows)
	qs := make([]pt, cols)
	for i := range ps {
		ps[i] = pt{r.Float64() * 20000, r.Float64() * 20000}
	}
	for j := range qs {
		qs[j] = pt{r.Float64() * 20000, r.Float64() * 20000}
	}
	m := NewMatrix(rows, cols)
	for i, p := range ps {
		for j, q := range qs {
			m.Cost[i*cols+j] = int64(math.Round(math.Hypot(p.x-q.x, p.y-q.y)))
		}
	}
	return m
}

func benchAssign(b *testing.B, m Matrix) {
	b.ReportAllocs()
	var cost int64
	for b.Loop() {
		a, err := Assign(m, nil)
		if err != nil {
			b.Fatal(err)
		}
		cost = a.Cost
	}
	b.ReportMetric(float64(cost), "cost")
}

func BenchmarkAssignUniform2000(b *testing.B)    { benchAssign(b, uniformMatrix(2000, 2000, 1)) }
func BenchmarkAssignGeo2000(b *testing.B)        { benchAssign(b, geoMatrix(2000, 2000, 1)) }
func BenchmarkAssignUniform5000(b *testing.B)    { benchAssign(b, uniformMatrix(5000, 5000, 1)) }
func BenchmarkAssignGeo5000(b *testing.B)        { benchAssign(b, geoMatrix(5000, 5000, 1)) }
func BenchmarkAssignRect1000x10000(b *testing.B) { benchAssign(b, uniformMatrix(1000, 10000, 1)) }
func BenchmarkAssignGeoRect1000x10000(b *testing.B) {
	benchAssign(b, geoMatrix(1000, 10000, 1))
}
