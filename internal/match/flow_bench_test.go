package match

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
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

// generalSSP solves p by successive shortest paths on its whole flow network, the way Solve
// did before it worked on the Problem directly: the reference for the bipartite solver.
func generalSSP(t *testing.T, p *Problem) *Solution {
	t.Helper()
	nw, err := buildNetwork(p)
	require.NoError(t, err)
	g := nw.graph()
	pot := make([]int64, len(g.Supply))
	for _, a := range g.Arcs {
		if a.Cost < 0 && a.From < nw.D {
			pot[a.From] = max(pot[a.From], -a.Cost)
		}
	}
	r := newResidual(g, nil, pot)
	require.Equal(t, -1, r.run())
	flow := r.flows(nil, len(g.Arcs))
	m := len(p.Arcs)
	return nw.solution(positive(flow[:m]), flow[m+nw.S:], r.potentials(nil),
		SuccessiveShortestPaths, "asked for by Options.Algorithm")
}

// shuffledIDs renames p's nodes so that neither side is in ID order and reverses the arcs,
// so that Solve renumbers nodes and sorts arcs.
func shuffledIDs(rng *rand.Rand, p *Problem) *Problem {
	q := &Problem{Demands: append([]Demand(nil), p.Demands...), Supplies: append([]Supply(nil), p.Supplies...)}
	for i := range q.Demands {
		q.Demands[i].ID = fmt.Sprintf("d%03d", rng.IntN(1000)) + q.Demands[i].ID
	}
	for j := range q.Supplies {
		q.Supplies[j].ID = fmt.Sprintf("s%03d", rng.IntN(1000)) + q.Supplies[j].ID
	}
	for k := len(p.Arcs) - 1; k >= 0; k-- {
		q.Arcs = append(q.Arcs, p.Arcs[k])
	}
	return q
}

// TestSolveSSPMatchesGeneralNetwork checks that Solve's successive shortest paths, which
// works on the Problem's arcs, gives exactly what the general solver gives on the flow
// network: the same pairs, units, costs and potentials, ties included.
func TestSolveSSPMatchesGeneralNetwork(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 43))
	check := func(p *Problem, msg string) {
		got, err := Solve(p, &Options{Algorithm: SuccessiveShortestPaths})
		require.NoError(t, err, msg)
		require.Equal(t, generalSSP(t, p), got, msg)
	}
	for it := range 2000 {
		p := flowRandomProblem(rng, it%2 == 0)
		if it%3 == 0 {
			for k := range p.Arcs {
				p.Arcs[k].Cost = int64(rng.IntN(2)) // many ties
			}
		}
		check(p, fmt.Sprintf("instance %d", it))
		check(shuffledIDs(rng, p), fmt.Sprintf("instance %d renamed", it))
	}
	for it := range 30 {
		D, S := 1+rng.IntN(60), 1+rng.IntN(90)
		p := benchSparse(D, S, 1+rng.IntN(min(S, 8)), 1+rng.Int64N(3), rng.Int64N(3), rng.Int64N(2), rng.IntN(S), rng.Uint64())
		for k := range p.Arcs {
			p.Arcs[k].Cost = p.Arcs[k].Cost%7 - 2
		}
		check(p, fmt.Sprintf("sparse %d", it))
		check(shuffledIDs(rng, p), fmt.Sprintf("sparse %d renamed", it))
	}
}
