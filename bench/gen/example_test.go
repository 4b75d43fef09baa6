package gen_test

import (
	"fmt"
	"os"

	"github.com/wushe/wushe/bench/gen"
)

// A small uniform matrix, written in the dense format that bench/cmd/lap and the scipy
// peer read.
func ExampleDense() {
	m, err := gen.Dense{Rows: 2, Cols: 3, Costs: gen.Uniform, MaxCost: 9, Seed: 1}.Matrix()
	if err != nil {
		panic(err)
	}
	if err := gen.WriteMatrix(os.Stdout, m); err != nil {
		panic(err)
	}
	again, _ := gen.Dense{Rows: 2, Cols: 3, Costs: gen.Uniform, MaxCost: 9, Seed: 1}.Matrix()
	fmt.Println("same seed, same matrix:", fmt.Sprint(m.Cost) == fmt.Sprint(again.Cost))
	// Output:
	// 2 3
	// 7 3 3
	// 9 9 1
	// same seed, same matrix: true
}

// A b-matching market: shifts that need two people each, volunteers taking at most one
// shift, each shift offered its three nearest volunteers, written as DIMACS.
func ExampleWriteDIMACS() {
	spec, err := gen.BMatching(gen.Balanced, 2, 4, 2, 3, 7)
	if err != nil {
		panic(err)
	}
	p, err := spec.Problem()
	if err != nil {
		panic(err)
	}
	enc, err := gen.WriteDIMACS(os.Stdout, p)
	if err != nil {
		panic(err)
	}
	// A solver's objective splits into the units left unfilled and the travel cost.
	unfilled, cost, _ := enc.Split(enc.Objective(9000, 0, 1))
	fmt.Println("unfilled", unfilled, "cost", cost)
	// Output:
	// c wushe bipartite 2 4
	// c wushe big 76145 total 4
	// p min 8 14
	// n 1 4
	// n 8 -4
	// a 1 2 0 2 0
	// a 1 3 0 2 0
	// a 2 4 0 1 6353
	// a 2 5 0 1 19036
	// a 2 7 0 1 12540
	// a 3 4 0 1 8275
	// a 3 6 0 1 11110
	// a 3 7 0 1 5401
	// a 4 8 0 1 0
	// a 5 8 0 1 0
	// a 6 8 0 1 0
	// a 7 8 0 1 0
	// a 2 8 0 2 76145
	// a 3 8 0 2 76145
	// unfilled 1 cost 9000
}
