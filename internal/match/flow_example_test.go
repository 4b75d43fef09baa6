package match_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/wushe/wushe/internal/match"
)

func ExampleSolve() {
	// Two shifts, three volunteers; costs are travel minutes. The evening shift needs two
	// people and nobody may fill two places of one shift (Cap 1).
	p := &match.Problem{
		Demands: []match.Demand{{ID: "evening", Units: 2}, {ID: "morning", Units: 1}},
		Supplies: []match.Supply{
			{ID: "vol-chen", Units: 1}, {ID: "vol-liu", Units: 1}, {ID: "vol-zhao", Units: 1},
		},
		Arcs: []match.Arc{
			{Demand: 0, Supply: 0, Cost: 10, Cap: 1},
			{Demand: 0, Supply: 1, Cost: 25, Cap: 1},
			{Demand: 1, Supply: 0, Cost: 5, Cap: 1},
			{Demand: 1, Supply: 2, Cost: 30, Cap: 1},
		},
	}
	sol, err := match.Solve(p, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, pr := range sol.Pairs {
		fmt.Printf("%s ← %s (%d min)\n", p.Demands[pr.Demand].ID, p.Supplies[pr.Supply].ID, pr.Cost)
	}
	fmt.Println("filled", sol.Filled, "of", sol.Filled+sol.Unfilled, "cost", sol.Cost)
	// Output:
	// evening ← vol-chen (10 min)
	// evening ← vol-liu (25 min)
	// morning ← vol-zhao (30 min)
	// filled 3 of 3 cost 65
}

func ExampleSolve_duals() {
	// Why not pair b with x? The reduced cost says what insisting on it would cost at least.
	p := &match.Problem{
		Demands:  []match.Demand{{ID: "a", Units: 1}, {ID: "b", Units: 1}},
		Supplies: []match.Supply{{ID: "x", Units: 1}, {ID: "y", Units: 1}},
		Arcs: []match.Arc{
			{Demand: 0, Supply: 0, Cost: 1}, {Demand: 0, Supply: 1, Cost: 5},
			{Demand: 1, Supply: 0, Cost: 4}, {Demand: 1, Supply: 1, Cost: 6},
		},
	}
	sol, _ := match.Solve(p, &match.Options{Algorithm: match.NetworkSimplex})
	a := p.Arcs[2]
	rc := a.Cost - sol.DemandPotential[a.Demand] + sol.SupplyPotential[a.Supply]
	fmt.Println("cost", sol.Cost, "reduced cost of b-x", rc)
	// Output:
	// cost 7 reduced cost of b-x 2
}

func ExampleMinCostFlow() {
	g := match.NewGraph(4)
	g.Supply[0], g.Supply[3] = 4, -4
	g.AddArc(0, 1, 4, 2)
	g.AddArc(0, 2, 2, 2)
	g.AddArc(1, 2, 2, 1)
	g.AddArc(1, 3, 3, 3)
	g.AddArc(2, 3, 5, 1)
	f, err := match.MinCostFlow(g, match.SuccessiveShortestPaths)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("cost", f.Cost, "flows", f.Flow)
	// Output:
	// cost 14 flows [2 2 2 0 4]
}

func ExampleReadDIMACS() {
	in := "c one arc\np min 2 1\nn 1 3\nn 2 -3\na 1 2 0 5 7\n"
	g, err := match.ReadDIMACS(strings.NewReader(in))
	if err != nil {
		fmt.Println(err)
		return
	}
	f, _ := match.MinCostFlow(g, match.Auto)
	match.WriteDIMACSSolution(os.Stdout, g, f, true)
	// Output:
	// s 21
	// f 1 2 3
}
