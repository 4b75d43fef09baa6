package match_test

import (
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
