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
// resources.Match. For each, citymatch prints the wall-clock and CPU time of the match
// with the time of each phase (candidates, solve, explanations), the memory it allocated
// and the process's peak resident memory (these vary from run to run), the candidate
// pairs and the exclusions counted by hard constraint, the coverage (shifts full and
// places filled; requests filled fully, partly or not at all, in units and CNY), the total
// score, the same figures for a greedy pass over the same scored pairs under the same
// rules (not run above 300,000 candidates not chosen, where writing every candidate out
// costs more than the match, and then said so; -greedy-limit moves the limit), the gap between the two, and a few explanations: the best pair chosen
// with its factors, the best listed pair not chosen with the score forcing it would lose,
// and one excluded pair per constraint. A long volunteer match prints its progress to
// standard error.
//
// The defaults run in a few seconds:
//
//	go run ./examples/citymatch
//
// A city:
//
//	go run ./examples/citymatch -volunteers 20000 -shifts 5000 -volunteer-distance 2000
//
// Flags: -seed, -volunteers, -shifts (shift occurrences, 1 to 6 places each), -lots,
// -requests, -volunteer-distance and -resource-distance (the matchers' distance limits,
// 6,000 and 8,000 m by default), -fen (resource quantities to 0.01 instead of whole
// units), -dimacs DIR (write each matcher's solved network for bench/city.sh) and
// -cpuprofile FILE. The times cover the matchers' candidate generation, solves and
// explanations, not building the city. The city has one community per 200 volunteers
// (3 to 60), so a large city needs many volunteers as well as many lots.
package main
