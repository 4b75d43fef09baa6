package linkage_test

import (
	"fmt"
	"testing"

	"github.com/wushe/wushe/internal/linkgen"
	"github.com/wushe/wushe/linkage"
)

// BenchmarkCaseAssign solves a whole round: 2,000 cases × 300 workers, and a team-sized one.
func BenchmarkCaseAssign(b *testing.B) {
	for _, size := range []struct{ cases, workers int }{{100, 20}, {2000, 300}} {
		b.Run(fmt.Sprintf("%dx%d", size.cases, size.workers), func(b *testing.B) {
			in := linkgen.CaseSpec{Seed: 2024, Cases: size.cases, Workers: size.workers}.Input()
			a, err := linkage.NewCaseAssigner(nil)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var placed int
			for b.Loop() {
				res, err := a.Assign(in)
				if err != nil {
					b.Fatal(err)
				}
				placed = len(res.Assignments)
			}
			b.ReportMetric(float64(placed), "placed")
		})
	}
}

// BenchmarkCaseRoundPlace places one more case into a solved round of 2,000 cases × 300
// workers, the incremental path, against BenchmarkCaseAssign's full solve. The timer stops
// around Start, but collecting Start's garbage still lands in the timed part on a loaded
// machine; Place's own CPU time is its share of a profile:
//
//	go test -run '^$' -bench CaseRoundPlace -benchtime 100x -benchmem -cpuprofile p ./linkage/
func BenchmarkCaseRoundPlace(b *testing.B) {
	in := linkgen.CaseSpec{Seed: 2024, Cases: 2001, Workers: 300}.Input()
	last := in.Cases[len(in.Cases)-1]
	in.Cases = in.Cases[:len(in.Cases)-1]
	a, err := linkage.NewCaseAssigner(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		round, err := a.Start(in)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := round.Place(last); err != nil {
			b.Fatal(err)
		}
	}
}
