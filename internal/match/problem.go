package match

// Demand is a node that wants units: a shift's places, a request's quantity, a case.
type Demand struct {
	// ID is a stable identifier; ties between equal-cost answers are broken by IDs.
	ID string
	// Units is how many units the demand wants (>= 0).
	Units int64
	// Penalty is the cost of each unit left unfilled. Zero means lexicographic: filling one
	// more unit always beats any saving in cost.
	Penalty int64
}

// Supply is a node that offers units: a volunteer's shifts, a lot's stock, a worker's
// free caseload.
type Supply struct {
	// ID is a stable identifier; ties between equal-cost answers are broken by IDs.
	ID string
	// Units is how many units the supply can give in total (>= 0).
	Units int64
}

// Arc is a candidate pairing of a demand and a supply that passed every hard constraint.
type Arc struct {
	// Demand and Supply index Problem.Demands and Problem.Supplies.
	Demand, Supply int
	// Cost is the cost of each unit sent along the arc; lower is better. Scores are turned
	// into costs by the score package's exact conversion.
	Cost int64
	// Cap is the most units the arc may carry; 0 means no limit beyond the two nodes' units.
	// A person filling a multi-person shift has Cap 1.
	Cap int64
}

// Problem is a bipartite transportation problem: send units from supplies to demands along
// candidate arcs, filling as much demand as possible first, then at the least total cost.
type Problem struct {
	Demands  []Demand
	Supplies []Supply
	Arcs     []Arc
}

// Pair is one arc used by a solution.
type Pair struct {
	// Arc indexes Problem.Arcs.
	Arc int
	// Demand and Supply index the problem's nodes.
	Demand, Supply int
	// Units is how many units flow along the arc (> 0).
	Units int64
	// Cost is the arc's per-unit cost.
	Cost int64
}

// Algorithm names the method that produced a Solution.
type Algorithm string

// The algorithms.
const (
	// SuccessiveShortestPaths augments along shortest paths with node potentials; fastest
	// when supply is plentiful.
	SuccessiveShortestPaths Algorithm = "successive-shortest-paths"
	// NetworkSimplex pivots on a spanning-tree basis with block search; fastest on scarce
	// or tight markets.
	NetworkSimplex Algorithm = "network-simplex"
	// Greedy takes arcs in order of cost; a baseline, not optimal.
	Greedy Algorithm = "greedy"
	// DeferredAcceptance is capacitated stable matching; a baseline for two-sided ranks.
	DeferredAcceptance Algorithm = "deferred-acceptance"
	// Auto lets Solve choose between SuccessiveShortestPaths and NetworkSimplex.
	Auto Algorithm = "auto"
)

// Solution is an answer to a Problem.
type Solution struct {
	// Pairs lists the arcs used, ordered by arc index.
	Pairs []Pair
	// Filled and Unfilled count demand units; Filled + Unfilled = total demand.
	Filled, Unfilled int64
	// Cost is the total arc cost, Σ Units × Cost over Pairs (penalties excluded).
	Cost int64
	// PenaltyCost is Σ Unfilled × Penalty over demands with a non-zero Penalty.
	PenaltyCost int64
	// Algorithm is what ran; Reason says why it was chosen.
	Algorithm Algorithm
	Reason    string
	// DemandPotential and SupplyPotential are dual values (node potentials) of an optimal
	// solution, nil for the baselines. With them the reduced cost of an unused arc a,
	// Cost(a) - DemandPotential[a.Demand] + SupplyPotential[a.Supply] under the sign
	// convention documented by Solve, is the cost added by forcing one unit along it.
	DemandPotential, SupplyPotential []int64
	// UnitScale and CostScale are 1 when the problem was solved as given. When its
	// magnitudes risked overflowing int64, Solve solved it at a coarser exact scale (units
	// in steps of UnitScale, the greatest common divisor of every demand, supply and cap;
	// costs in steps of CostScale, that of every cost and penalty), said so in Reason, and
	// reports everything in the problem's own units. Zero in a Solution not from Solve.
	UnitScale, CostScale int64
}
