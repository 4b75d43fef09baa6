package match

import (
	"slices"
	"testing"
)

// BenchmarkColumns runs column generation on a sparse market of 20,000 demands of 3 units
// and 8,000 supplies of 8 units with 120 candidates per demand (2.4 M arcs): first each
// demand's 4 cheapest arcs and the dearest, then rounds that add, for each demand, up to
// 16 arcs the potentials price below zero. "warm" re-optimises a Columns from the last
// basis after each round; "scratch" solves the arcs handed over so far anew each round,
// as a caller without Columns must. Both end at the same optimum (cost is reported):
//
//	go test -run '^$' -bench Columns -benchtime 3x ./internal/match
func BenchmarkColumns(b *testing.B) {
	p := benchSparse(20000, 8000, 120, 3, 8, 0, 0, 1)
	for _, warm := range []bool{true, false} {
		name := "scratch"
		if warm {
			name = "warm"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var sol *Solution
			var rounds int
			for b.Loop() {
				sol, rounds = priceInRounds(b, p, warm)
			}
			b.ReportMetric(float64(rounds), "rounds")
			b.ReportMetric(float64(sol.Cost), "cost")
			b.ReportMetric(float64(sol.Filled), "filled")
		})
	}
}

// priceInRounds is the column generation BenchmarkColumns measures.
func priceInRounds(b *testing.B, p *Problem, warm bool) (*Solution, int) {
	const best, add = 4, 16
	in := make([]bool, len(p.Arcs))
	dearest := 0
	byCost := func(x, y int) int { return int(p.Arcs[x].Cost - p.Arcs[y].Cost) }
	var idx []int
	for i := 0; i < len(p.Arcs); {
		j := i
		for ; j < len(p.Arcs) && p.Arcs[j].Demand == p.Arcs[i].Demand; j++ {
			if p.Arcs[j].Cost > p.Arcs[dearest].Cost {
				dearest = j
			}
		}
		idx = idx[:0]
		for k := i; k < j; k++ {
			idx = append(idx, k)
		}
		slices.SortStableFunc(idx, byCost)
		for _, k := range idx[:min(best, len(idx))] {
			in[k] = true
		}
		i = j
	}
	in[dearest] = true
	sub := &Problem{Demands: p.Demands, Supplies: p.Supplies}
	for k, ok := range in {
		if ok {
			sub.Arcs = append(sub.Arcs, p.Arcs[k])
		}
	}
	var c *Columns
	var sol *Solution
	var err error
	if warm {
		c, err = NewColumns(sub)
		if err == nil {
			sol = c.Solution()
		}
	} else {
		sol, err = Solve(sub, &Options{Algorithm: NetworkSimplex})
	}
	if err != nil {
		b.Fatal(err)
	}
	for rounds := 1; ; rounds++ {
		var batch []Arc
		for i := 0; i < len(p.Arcs); {
			j := i
			idx = idx[:0]
			for ; j < len(p.Arcs) && p.Arcs[j].Demand == p.Arcs[i].Demand; j++ {
				a := &p.Arcs[j]
				if rc, ok := sol.Reduced(a.Cost, a.Demand, a.Supply); !in[j] && ok && rc < 0 {
					idx = append(idx, j)
				}
			}
			for _, k := range idx[:min(add, len(idx))] {
				in[k] = true
				batch = append(batch, p.Arcs[k])
			}
			i = j
		}
		if len(batch) == 0 {
			return sol, rounds
		}
		if warm {
			err = c.AddArcs(batch)
			sol = c.Solution()
		} else {
			sub.Arcs = append(sub.Arcs, batch...)
			sol, err = Solve(sub, &Options{Algorithm: NetworkSimplex})
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}
