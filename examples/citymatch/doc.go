// Command citymatch builds a seeded synthetic city and matches in it, to show what the
// volunteer and resource matchers do at city scale and what they buy over a greedy pass.
//
// The city: communities on a map around central Chengdu, each with grids and a service
// team; volunteers with homes, skills, weekly availability, weekly hour caps, insurance
// and eight weeks of past service (for reliability and fairness); opportunities with
// multi-person shifts in the week after the match, in three daily slots (morning,
// afternoon, evening), some needing a skill, some of medium or high risk; donated lots of
// goods, services and cash, with expiry dates and donors' restrictions; and residents'
// requests with a category, urgency, target group, place and needed-by date. Everything
// comes from the seed, so the same flags give the same city and the same matching.
//
// The volunteer match runs volunteer.Matcher.Assign (from a volunteer.Service over
// memstore.New(), on the matcher's pure MatchInput); the resource match runs
// resources.Match. For each, citymatch prints the wall-clock time of the solve and the
// memory it allocated (these two vary from run to run), the candidate pairs and the
// exclusions by hard constraint, the coverage (shifts full and places filled; requests
// filled fully, partly or not at all, in units and CNY), the total score, the same figures
// for a greedy pass over the same scored pairs under the same rules, the gap between the
// two, and a few explanations: the best pair chosen with its factors, the best pair not
// chosen with the score forcing it would lose, and one excluded pair per constraint.
//
// The defaults run in a few seconds:
//
//	go run ./examples/citymatch
//
// A larger city:
//
//	go run ./examples/citymatch -seed 7 -volunteers 5000 -shifts 1000 -lots 2000 -requests 4000
//
// Flags: -seed, -volunteers, -shifts (shift occurrences, 1 to 6 places each), -lots and
// -requests. The solve time includes the matchers' candidate generation and explanations,
// not building the city.
package main
