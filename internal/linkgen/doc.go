// Package linkgen builds seeded city instances for the linkage package's two matchers, so
// that their tests, their benchmarks and the bench command that checks them against LEMON
// (bench/cmd/linkcity) all solve the same streets and districts.
//
// StreetSpec.Input builds a DispatchInput for the Dispatcher: communities of four grids
// each inside a square around central Chengdu, open needs of the service and goods
// categories (most located, some with a time window, a skill or a quantity), volunteers
// with homes, skills, weekly availability and teams, organizations and units with
// provisions, and lots of goods. CaseSpec.Input builds a CaseAssignInput for the
// CaseAssigner: cases of mixed risk and groups against social workers who serve three of
// twenty communities each, with a caseload cap and some open cases already.
//
// Both are deterministic: the same spec gives the same instance, IDs included, on every
// platform (the generators draw from math/rand/v2's PCG, whose sequence is fixed). Street
// and District are the sizes the dispatch benchmarks use, CaseDistrict the case
// assignment benchmark's.
package linkgen
