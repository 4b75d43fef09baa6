package evaluation

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// benchRubric builds a rubric of dims × leaves ratio leaves and observations for each,
// with dup duplicates per indicator.
func benchRubric(b *testing.B, dims, leaves, dup int) (Rubric, ObservationSet) {
	root := Node{Code: "root", Name: "Root", MaxPoints: d(int64(dims * leaves * 10))}
	var all []Observation
	rng := rand.New(rand.NewPCG(9, 9))
	for i := 0; i < dims; i++ {
		dim := Node{Code: fmt.Sprintf("dim%d", i), Name: "dim", MaxPoints: d(int64(leaves * 10))}
		for j := 0; j < leaves; j++ {
			code := fmt.Sprintf("ind%d_%d", i, j)
			dim.Children = append(dim.Children, leaf(code, 10, Method{Kind: RatioToTarget, Target: d(100)}))
			for k := 0; k < dup; k++ {
				all = append(all, obs(code, fmt.Sprint(rng.IntN(150)), t0.Add(time.Duration(k)*time.Hour)))
			}
		}
		root.Children = append(root.Children, dim)
	}
	r := Rubric{Code: "bench", Name: "Bench", Source: "bench", Confidence: Verified, Root: root,
		Grades: performanceBands(root.MaxPoints)}
	s, err := NewObservationSet(all...)
	if err != nil {
		b.Fatal(err)
	}
	return r, s
}

// BenchmarkEvaluate: go test -run '^$' -bench Evaluate -benchmem ./evaluation
func BenchmarkEvaluate(b *testing.B) {
	for _, size := range []struct{ dims, leaves, dup int }{{4, 5, 1}, {10, 20, 3}} {
		r, s := benchRubric(b, size.dims, size.leaves, size.dup)
		b.Run(fmt.Sprintf("leaves=%d/obs=%d", size.dims*size.leaves, s.Len()), func(b *testing.B) {
			for b.Loop() {
				if _, err := Evaluate(r, s, t0.Add(time.Hour)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNewObservationSet: validating and ordering 10,000 observations.
func BenchmarkNewObservationSet(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	all := make([]Observation, 10000)
	for i := range all {
		all[i] = obs(fmt.Sprintf("ind%d", rng.IntN(500)), "1", t0.Add(time.Duration(rng.IntN(100))*time.Minute))
	}
	for b.Loop() {
		if _, err := NewObservationSet(all...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSROI: a 10-outcome, 10-year analysis and its sensitivity analysis.
func BenchmarkSROI(b *testing.B) {
	a := SROI{Name: "bench", Inputs: []Input{{Name: "grant", Amount: d(500000)}}}
	for i := 0; i < 10; i++ {
		a.Outcomes = append(a.Outcomes, Outcome{Name: fmt.Sprint("o", i), Quantity: d(100), Proxy: d(800), ProxySource: "s",
			Deadweight: decimal.New(2, -1), Attribution: decimal.New(1, -1), DropOff: decimal.New(15, -2), Duration: 10})
	}
	b.Run("calculate", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.Calculate(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sensitivity", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.Sensitivity(nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
