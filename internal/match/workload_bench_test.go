package match_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/wushe/wushe/bench/gen"
	"github.com/wushe/wushe/internal/match"
)

// The workload benchmarks measure the rows of the performance targets (PERFORMANCE.md) on
// the instances bench/gen makes for the peer comparison (gen.Instances, full set, seed 1),
// so that a figure here and a row of bench/compare.sh describe the same problem:
//
//	go test -run '^$' -bench Workload -benchtime 3x ./internal/match
//
// Besides ns/op and allocations, each reports the solution's cost, the units filled and,
// where the greedy baseline is cheap enough to run, greedy's extra cost over the optimum in
// percent (greedy-extra-%) and the units greedy leaves unfilled that the optimum fills
// (greedy-lost-units).

// workload returns the named instance of the full set.
func workload(b *testing.B, name string) gen.Instance {
	b.Helper()
	insts, err := gen.Instances(gen.FullSet, 1)
	if err != nil {
		b.Fatal(err)
	}
	for _, in := range insts {
		if in.Name == name {
			return in
		}
	}
	b.Fatalf("no instance %q in the full set", name)
	return gen.Instance{}
}

// denseProblem turns a matrix into a one-unit Problem with an arc per entry, for the
// greedy baseline.
func denseProblem(m match.Matrix) *match.Problem {
	p := &match.Problem{Demands: make([]match.Demand, m.Rows), Supplies: make([]match.Supply, m.Cols),
		Arcs: make([]match.Arc, 0, len(m.Cost))}
	for i := range p.Demands {
		p.Demands[i] = match.Demand{ID: fmt.Sprintf("r%06d", i), Units: 1}
	}
	for j := range p.Supplies {
		p.Supplies[j] = match.Supply{ID: fmt.Sprintf("c%06d", j), Units: 1}
	}
	for i := range m.Rows {
		for j := range m.Cols {
			p.Arcs = append(p.Arcs, match.Arc{Demand: i, Supply: j, Cost: m.At(i, j)})
		}
	}
	return p
}

// greedyLimit bounds the arcs on which the greedy baseline is run for the gap metrics.
const greedyLimit = 4_000_000

// reportGreedy runs the greedy baseline on p and reports its gap to an optimum that filled
// filled units at cost cost.
func reportGreedy(b *testing.B, p *match.Problem, filled, cost int64) {
	b.Helper()
	if len(p.Arcs) > greedyLimit {
		return
	}
	g, err := match.GreedySolve(p)
	if err != nil {
		b.Fatal(err)
	}
	if g.Filled > filled {
		b.Fatalf("greedy filled %d units, more than the optimum's %d", g.Filled, filled)
	}
	b.ReportMetric(float64(filled-g.Filled), "greedy-lost-units")
	if g.Filled == filled && cost > 0 {
		b.ReportMetric(100*float64(g.Cost-cost)/float64(cost), "greedy-extra-%")
	}
}

func benchDense(b *testing.B, name string) {
	in := workload(b, name)
	m, err := in.Dense.Matrix()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var a *match.Assignment
	for b.Loop() {
		if a, err = match.Assign(m, nil); err != nil {
			b.Fatal(err)
		}
	}
	filled := int64(min(m.Rows, m.Cols))
	b.ReportMetric(float64(a.Cost), "cost")
	b.ReportMetric(float64(filled), "filled")
	b.StopTimer()
	reportGreedy(b, denseProblem(m), filled, a.Cost)
}

// BenchmarkWorkloadDense measures the dense rows: square 2000 and 5000 with geographic
// and uniform costs, and rectangular 1000 × 10000 (target: a fraction of scipy's time).
func BenchmarkWorkloadDense(b *testing.B) {
	for _, name := range []string{"dense-geo-2000", "dense-uniform-2000", "dense-geo-5000", "dense-uniform-5000", "rect-geo-1000x10000"} {
		b.Run(name, func(b *testing.B) { benchDense(b, name) })
	}
}

func benchSparse(b *testing.B, name string, alg match.Algorithm) {
	in := workload(b, name)
	p, err := in.Sparse.Problem()
	if err != nil {
		b.Fatal(err)
	}
	opts := &match.Options{Algorithm: alg}
	b.ReportAllocs()
	var sol *match.Solution
	for b.Loop() {
		if sol, err = match.Solve(p, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sol.Cost), "cost")
	b.ReportMetric(float64(sol.Filled), "filled")
	b.ReportMetric(float64(sol.Unfilled), "unfilled")
	b.StopTimer()
	reportGreedy(b, p, sol.Filled, sol.Cost)
}

// sparseWorkloads are the sparse rows: 10k tasks × 100k volunteers × 50 candidates
// (target: 10 ms), balanced 10k × 10k × 50 (0.85× LEMON), 100k × 100k with about 10
// qualified candidates each and no full matching (1.0× LEMON, lexicographic optimum), and
// b-matching 10k shifts of 4 places × 20k volunteers, plentiful to scarce (geometric mean
// 1.0× LEMON, none above 1.5×).
var sparseWorkloads = []string{
	"sparse-10000x100000x50", "balanced-10000x10000x50", "deficit-100000x100000x10",
	"bmatch-plentiful-10000x20000", "bmatch-balanced-10000x20000", "bmatch-scarce-10000x20000",
}

// BenchmarkWorkloadSparse measures Solve with its automatic choice of algorithm on every
// sparse row.
func BenchmarkWorkloadSparse(b *testing.B) {
	for _, name := range sparseWorkloads {
		b.Run(name, func(b *testing.B) { benchSparse(b, name, match.Auto) })
	}
}

// BenchmarkWorkloadSparseAlgorithms measures each exact algorithm forced on every sparse
// row, to show what the automatic choice gains.
func BenchmarkWorkloadSparseAlgorithms(b *testing.B) {
	for _, name := range sparseWorkloads {
		for _, alg := range []match.Algorithm{match.SuccessiveShortestPaths, match.NetworkSimplex} {
			b.Run(name+"/"+string(alg), func(b *testing.B) { benchSparse(b, name, alg) })
		}
	}
}

// BenchmarkWorkloadClustered measures network simplex on the clustered b-matching markets
// (gen.ClusteredSet, seed 1), on the same DIMACS network bench/compare.sh gives LEMON and
// mcf (target: geometric mean 1.0× LEMON NetworkSimplex, none above 1.5×):
//
//	go test -run '^$' -bench WorkloadClustered -benchtime 3x ./internal/match
func BenchmarkWorkloadClustered(b *testing.B) {
	insts, err := gen.Instances(gen.ClusteredSet, 1)
	if err != nil {
		b.Fatal(err)
	}
	for _, in := range insts {
		b.Run(in.Name, func(b *testing.B) {
			p, err := in.Sparse.Problem()
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			if _, err := gen.WriteDIMACS(&buf, p); err != nil {
				b.Fatal(err)
			}
			g, err := match.ReadDIMACS(&buf)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var f *match.Flow
			for b.Loop() {
				if f, err = match.MinCostFlow(g, match.NetworkSimplex); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(f.Cost), "cost")
		})
	}
}
