package resources

import "github.com/wushe/wushe/internal/match"

// solve finds the optimal plan over every eligible pair. It returns the solution and, for
// each arc of the problem it solved, the pair it stands for (nil: arc k is pair k).
func (pl *planner) solve(demands []match.Demand, supplies []match.Supply) (*match.Solution, []int, error) {
	arcs := make([]match.Arc, 0, len(pl.pairs))
	for ri := range pl.live {
		for k := pl.start[ri]; k < pl.start[ri+1]; k++ {
			arcs = append(arcs, match.Arc{Demand: ri, Supply: int(pl.pairs[k].pool), Cost: pl.cost(pl.cand(ri, k))})
		}
	}
	prob := &match.Problem{Demands: demands, Supplies: supplies, Arcs: arcs}
	if pl.o.KeepNetwork {
		pl.network = prob
	}
	sol, err := match.Solve(prob, nil)
	if err != nil {
		return nil, nil, err
	}
	pl.sol = sol
	return sol, nil, nil
}
