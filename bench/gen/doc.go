// Package gen makes seeded, reproducible matching instances for wushe's benchmarks and for
// the peer comparison in bench/compare.sh.
//
// Two kinds of instance are generated:
//
//   - Dense cost matrices for match.Assign (see Dense): uniform random costs, or geographic
//     costs, the distance in whole metres between random points in a square of
//     SideMeters × SideMeters (planar, so that every solver sees the same integers).
//     Rows and Cols may differ.
//   - Sparse bipartite match.Problems for match.Solve (see Sparse): every demand gets K
//     candidate supplies, either its K nearest (found with a uniform spatial grid; ties
//     broken by supply index) or K distinct supplies drawn at random. An optional skill
//     filter then drops the arcs whose supply lacks the demand's required skill. Demand
//     Units > 1 with arc Cap 1 gives b-matching: a multi-person shift that no volunteer
//     may fill twice. BMatching sizes the units for a plentiful, balanced or scarce market.
//
// The same Seed always yields the same instance, byte for byte, in the written files.
//
// Writers turn instances into the two files the command-line solvers and their peers read:
// WriteMatrix writes the dense format ("rows cols", then one line of integers per row) and
// WriteDIMACS writes a DIMACS minimum-cost-flow file. The DIMACS network is the bipartite
// problem's exact equivalent, including its lexicographic objective ("fill as many units as
// possible, then least cost"); Encoding documents the construction and decodes objectives.
package gen
