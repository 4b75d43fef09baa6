package match_test

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe/internal/match"
)

func ExampleAssign() {
	// Three volunteers (rows) and four shifts (columns); costs are travel minutes.
	m := match.Matrix{Rows: 3, Cols: 4, Cost: []int64{
		12, 30, 7, 25,
		9, 14, 8, 40,
		20, 11, 16, 6,
	}}
	m = m.Forbid(1, 0) // volunteer 1 lacks the skill shift 0 needs
	a, err := match.Assign(m, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("columns:", a.RowCol, "total:", a.Cost)
	// The reduced cost is a lower bound on what forcing a pair costs; ForcedCost is exact.
	fmt.Println("reduced cost of (0,2):", a.Reduced(m, 0, 2))
	forced, _ := a.ForcedCost(m, 0, 2)
	fmt.Println("forcing (0,2) adds:", forced)
	// Output:
	// columns: [0 2 3] total: 26
	// reduced cost of (0,2): 0
	// forcing (0,2) adds: 1
}

func ExampleAssign_maximise() {
	m := match.Matrix{Rows: 2, Cols: 2, Cost: []int64{90, 60, 80, 40}}
	a, _ := match.Assign(m, &match.AssignOptions{Maximise: true})
	fmt.Println(a.RowCol, a.Cost)
	// Output: [1 0] 140
}

func ExampleGreedySolve() {
	p := &match.Problem{
		Demands:  []match.Demand{{ID: "shift-a", Units: 1}, {ID: "shift-b", Units: 1}},
		Supplies: []match.Supply{{ID: "vol-1", Units: 1}, {ID: "vol-2", Units: 1}},
		Arcs: []match.Arc{
			{Demand: 0, Supply: 0, Cost: 1}, {Demand: 0, Supply: 1, Cost: 2},
			{Demand: 1, Supply: 0, Cost: 2},
		},
	}
	g, _ := match.GreedySolve(p)
	d, _ := match.SolveDense(p)
	fmt.Println("greedy filled", g.Filled, "cost", g.Cost)
	fmt.Println("optimum filled", d.Filled, "cost", d.Cost)
	// Output:
	// greedy filled 1 cost 1
	// optimum filled 2 cost 4
}

func ExampleStableSolve() {
	// Volunteers (demands) rank shifts by cost; shift x ranks v2 above v1.
	p := &match.Problem{
		Demands:  []match.Demand{{ID: "v1", Units: 1}, {ID: "v2", Units: 1}},
		Supplies: []match.Supply{{ID: "x", Units: 1}, {ID: "y", Units: 1}},
		Arcs: []match.Arc{
			{Demand: 0, Supply: 0, Cost: 1}, {Demand: 0, Supply: 1, Cost: 2},
			{Demand: 1, Supply: 0, Cost: 1}, {Demand: 1, Supply: 1, Cost: 2},
		},
	}
	sol, _ := match.StableSolve(p, nil, []int64{2, 1, 1, 2})
	for _, pr := range sol.Pairs {
		fmt.Println(p.Demands[pr.Demand].ID, "->", p.Supplies[pr.Supply].ID)
	}
	// Output:
	// v1 -> y
	// v2 -> x
}

func ExampleScale() {
	s := match.DefaultScale // 4 places, Max 100
	score, _ := match.NewScore(
		match.Factor{Name: "distance", Value: decimal.RequireFromString("0.75"), Weight: decimal.NewFromInt(60)},
		match.Factor{Name: "skill", Value: decimal.RequireFromString("0.5"), Weight: decimal.RequireFromString("40.5")},
	)
	cost, _ := s.Cost(score.Total)
	fmt.Println(score.Total, cost, s.Score(cost))
	_, err := s.Cost(decimal.RequireFromString("12.00005"))
	fmt.Println(err != nil)
	// Output:
	// 65.25 347500 65.25
	// true
}
