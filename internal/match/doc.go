// Package match is wushe's matching engine: it decides who serves whom. Volunteers are
// matched to shifts, donated resources to residents' requests and social workers to
// cases, each by the same model and the same exact, deterministic solvers.
//
// # Problems
//
// A Problem is a bipartite transportation problem. Demands want units (a shift's places,
// a request's quantity, a case), Supplies offer units (a volunteer's free shifts, a lot's
// stock, a worker's spare caseload), and Arcs are the candidate pairs that passed every
// hard constraint, each with an integer cost per unit and an optional cap. A shift that
// needs N people and a volunteer who takes at most L shifts is a b-matching: the demand
// has N units, the supply L, the arc Cap 1, so nobody fills two places of one shift.
//
// # Objective
//
// The objective is lexicographic: fill as many demand units as possible, then among
// those answers take the least total cost. A demand with a non-zero Penalty trades
// instead: leaving one of its units unfilled costs Penalty, compared with arc costs.
//
// # Costs are integers, scores are decimals
//
// Matchers state their preferences as scores: a Score is a sum of named, weighted
// Factors (distance, skill, continuity, fairness), computed exactly in decimal. A Scale
// turns a score into a cost exactly, cost = (Max - score) × 10^Places, and refuses (kind
// invalid) a score with more decimal places than it keeps or a cost beyond int64 rather
// than round or wrap. NewScored builds the Problem from scored Candidates and remembers
// them, with the Exclusions a caller recorded, for explanations. Every solver works in
// int64 with overflow checks and no built-in "infinity": a forbidden pair is a missing
// arc or a mask, never a large number.
//
// # Solvers
//
//   - Solve (with Options) is the general min-cost flow entry point. It runs successive
//     shortest paths (Dijkstra on reduced costs with node potentials, stopping at the first
//     supply with spare units: fastest when supply is plentiful, the common city case) or
//     network simplex (block-search pivoting on a spanning-tree basis: fastest on scarce and
//     tight markets), chosen automatically with Auto and recorded in Solution.Algorithm and
//     Solution.Reason. MinCostFlow solves a general Graph the same ways.
//   - Assign solves a dense rectangular assignment Matrix (flat row-major int64 costs, an
//     optional forbidden mask, minimise or Maximise) by shortest augmenting paths with
//     Jonker-Volgenant initialisation, and returns the dual values. It needs every row (or
//     column, for tall matrices) assigned and reports KindInsufficient otherwise.
//     SolveDense uses it for Problems whose nodes have at most one unit, with the
//     lexicographic objective.
//   - GreedySolve and StableSolve are baselines for benchmarks and comparisons, not
//     answers: greedy takes arcs by cost, deferred acceptance gives a stable matching when
//     both sides rank each other.
//
// # Ties
//
// Results are deterministic. Every solver breaks ties by a stated rule on node IDs or
// indices (greedy: cost, then demand ID, then supply ID; deferred acceptance: rank, then
// the other side's ID; Assign: the first candidate in index order; network simplex: its
// pivot rules over the arcs in (demand ID, supply ID) order, searched interleaved), so
// the same input gives the same answer on every run and machine.
//
// # Explanations
//
// An optimal Solution carries node potentials (dual values). The reduced cost of an arc,
//
//	Cost(a) - DemandPotential[a.Demand] + SupplyPotential[a.Supply]
//
// (ReducedCost) is zero on the arcs used and, for an unused candidate, a lower bound on
// the cost added by forcing one unit along it. Scored.Explain turns a Solution into an
// Explanation: each chosen pair with its factor breakdown, each rejected candidate with the
// score lost by forcing it (the reduced cost converted back to points by the Scale), and
// each excluded pair with the hard constraint that excluded it. For a dense assignment
// Assignment.Reduced gives the same bound and Assignment.ForcedCost the exact change.
package match
