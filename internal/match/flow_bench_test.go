package match

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchSparse makes a seeded sparse problem: D demands of dUnits, S supplies of sUnits, and
// k distinct candidate supplies per demand at uniform costs in [0, 1000]. When pool > 0,
// every twentieth demand draws its candidates from the first pool supplies only, so that
// no full matching exists. IDs are zero-padded so the input is already in ID order.
func benchSparse(D, S, k int, dUnits, sUnits, arcCap int64, pool int, seed uint64) *Problem {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	p := &Problem{Demands: make([]Demand, D), Supplies: make([]Supply, S), Arcs: make([]Arc, 0, D*k)}
	for i := range p.Demands {
		p.Demands[i] = Demand{ID: fmt.Sprintf("d%07d", i), Units: dUnits}
	}
	for j := range p.Supplies {
		p.Supplies[j] = Supply{ID: fmt.Sprintf("s%07d", j), Units: sUnits}
	}
	seen := make(map[int]bool, k)
	picks := make([]int, 0, k)
	for i := range D {
		clear(seen)
		picks = picks[:0]
		n := S
		if pool > 0 && i%20 == 0 {
			n = min(pool, S)
		}
		for len(picks) < min(k, n) {
			j := rng.IntN(n)
			if !seen[j] {
				seen[j] = true
				picks = append(picks, j)
			}
		}
		// Supplies ascending within a demand, as a spatial index would list them by ID.
		for j := range picks {
			for t := j; t > 0 && picks[t-1] > picks[t]; t-- {
				picks[t-1], picks[t] = picks[t], picks[t-1]
			}
		}
		for _, j := range picks {
			p.Arcs = append(p.Arcs, Arc{Demand: i, Supply: j, Cost: rng.Int64N(1001), Cap: arcCap})
		}
	}
	return p
}

func benchSolve(b *testing.B, p *Problem, alg Algorithm) {
	b.ReportAllocs()
	var s *Solution
	b.ResetTimer()
	for b.Loop() {
		var err error
		s, err = Solve(p, &Options{Algorithm: alg})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(s.Filled), "filled")
	b.ReportMetric(float64(s.Cost), "cost")
}

func BenchmarkSolve(b *testing.B) {
	instances := []struct {
		name string
		make func() *Problem
	}{
		{"sparse_10kx100kx50", func() *Problem { return benchSparse(10_000, 100_000, 50, 1, 1, 0, 0, 1) }},
		{"balanced_10kx10kx50", func() *Problem { return benchSparse(10_000, 10_000, 50, 1, 1, 0, 0, 2) }},
		{"nofull_100kx100kx10", func() *Problem { return benchSparse(100_000, 100_000, 10, 1, 1, 0, 1000, 3) }},
		{"bmatch_plentiful_10kx20k", func() *Problem { return benchSparse(10_000, 20_000, 20, 2, 3, 1, 0, 4) }},
		{"bmatch_balanced_10kx20k", func() *Problem { return benchSparse(10_000, 20_000, 20, 4, 2, 1, 0, 5) }},
		{"bmatch_scarce_10kx20k", func() *Problem { return benchSparse(10_000, 20_000, 20, 6, 2, 1, 0, 6) }},
	}
	for _, in := range instances {
		p := in.make()
		for _, alg := range []Algorithm{Auto, SuccessiveShortestPaths, NetworkSimplex} {
			b.Run(in.name+"/"+string(alg), func(b *testing.B) { benchSolve(b, p, alg) })
		}
	}
}
