package match

import (
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/wushe/wushe"
)

// fuzzInts reads signed values from data, 8 bytes each, small values more often.
func fuzzInts(data []byte) []int64 {
	var out []int64
	for len(data) > 0 {
		if data[0]&1 == 0 || len(data) < 9 {
			out = append(out, int64(int8(data[0]))>>1)
			data = data[1:]
			continue
		}
		out = append(out, int64(binary.LittleEndian.Uint64(data[1:9])))
		data = data[9:]
	}
	return out
}

// fuzzProblem decodes a problem from data's integers (fuzzInts): the numbers of demands
// and supplies (at most 4 each), each demand's units and penalty, each supply's units,
// then, when extra is set, one more integer, which it returns, then arcs of four integers
// each (demand, supply, cost, cap). Integers that run out read as 0.
func fuzzProblem(data []byte, extra bool) (*Problem, int64) {
	v := fuzzInts(data)
	next := func() int64 {
		if len(v) == 0 {
			return 0
		}
		x := v[0]
		v = v[1:]
		return x
	}
	p := &Problem{}
	D, S := int(uint64(next())%5), int(uint64(next())%5)
	for i := range D {
		p.Demands = append(p.Demands, Demand{ID: fmt.Sprint("d", i), Units: next(), Penalty: next()})
	}
	for j := range S {
		p.Supplies = append(p.Supplies, Supply{ID: fmt.Sprint("s", j), Units: next()})
	}
	var x int64
	if extra {
		x = next()
	}
	for len(v) >= 4 {
		p.Arcs = append(p.Arcs, Arc{Demand: int(next()), Supply: int(next()), Cost: next(), Cap: next()})
	}
	return p, x
}

func FuzzSolve(f *testing.F) {
	f.Add([]byte{4, 4, 2, 6, 2, 0, 0, 6, 2, 2, 0})
	f.Add([]byte{6, 2, 255, 4, 8, 1, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, _ := fuzzProblem(data, false)
		var first *Solution
		for _, alg := range []Algorithm{SuccessiveShortestPaths, NetworkSimplex} {
			s, err := Solve(p, &Options{Algorithm: alg})
			if err != nil {
				if !errors.Is(err, wushe.ErrInvalid) {
					t.Fatalf("%s: error not invalid: %v", alg, err)
				}
				return
			}
			if first == nil {
				first = s
				continue
			}
			f1, c1 := lexObjective(p, first)
			f2, c2 := lexObjective(p, s)
			if f1 != f2 || c1 != c2 {
				t.Fatalf("solvers disagree: %+v / %+v", first, s)
			}
		}
	})
}

func FuzzGraphValidate(f *testing.F) {
	f.Add([]byte{6, 2, 0, 4, 8, 10})
	f.Fuzz(func(t *testing.T, data []byte) {
		v := fuzzInts(data)
		if len(v) == 0 {
			return
		}
		n := int(uint64(v[0]) % 6)
		v = v[1:]
		g := NewGraph(n)
		for i := 0; i < n && len(v) > 0; i++ {
			g.Supply[i], v = v[0], v[1:]
		}
		for len(v) >= 4 {
			g.AddArc(int(v[0]), int(v[1]), v[2], v[3])
			v = v[4:]
		}
		err := g.Validate()
		if err != nil {
			if !errors.Is(err, wushe.ErrInvalid) || len(wushe.FieldErrors(err)) == 0 {
				t.Fatalf("bad error: %v", err)
			}
			return
		}
		f1, err1 := MinCostFlow(g, SuccessiveShortestPaths)
		f2, err2 := MinCostFlow(g, NetworkSimplex)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("solvers disagree: %v / %v", err1, err2)
		}
		if err1 != nil {
			if !errors.Is(err1, wushe.ErrInsufficient) {
				t.Fatalf("bad error: %v", err1)
			}
			return
		}
		if f1.Cost != f2.Cost {
			t.Fatalf("objectives differ: %d / %d", f1.Cost, f2.Cost)
		}
	})
}

// FuzzColumnsAddArcs hands a problem's arcs to a Columns in two rounds: every refusal is
// KindInvalid and leaves the answer as it was, and an accepted round ends at the objective
// Solve finds on all the arcs at once.
func FuzzColumnsAddArcs(f *testing.F) {
	f.Add([]byte{4, 4, 2, 6, 2, 0, 0, 6, 2, 2, 0, 2, 2, 8, 0, 0, 0, 4, 0})
	f.Add([]byte{6, 2, 255, 4, 8, 1, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 3, 2, 2, 250, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, x := fuzzProblem(data, true)
		split := min(int(uint64(x)%8), len(p.Arcs))
		first := &Problem{Demands: p.Demands, Supplies: p.Supplies, Arcs: p.Arcs[:split]}
		c, err := NewColumns(first)
		if err != nil {
			if !errors.Is(err, wushe.ErrInvalid) {
				t.Fatalf("NewColumns: error not invalid: %v", err)
			}
			return
		}
		before := c.Solution()
		if err := c.AddArcs(p.Arcs[split:]); err != nil {
			if !errors.Is(err, wushe.ErrInvalid) {
				t.Fatalf("AddArcs: error not invalid: %v", err)
			}
			if after := c.Solution(); !reflect.DeepEqual(before, after) {
				t.Fatalf("a refused round changed the answer: %+v / %+v", before, after)
			}
			return
		}
		want, err := Solve(p, &Options{Algorithm: NetworkSimplex})
		if err != nil {
			t.Fatalf("Solve refused what Columns took: %v", err)
		}
		got := c.Solution()
		f1, c1 := lexObjective(p, want)
		f2, c2 := lexObjective(p, got)
		if f1 != f2 || c1 != c2 {
			t.Fatalf("Columns and Solve disagree: %+v / %+v", got, want)
		}
	})
}
