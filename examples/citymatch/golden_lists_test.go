package main

import (
	"slices"

	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

func allRejections(r *volunteer.MatchResult) []volunteer.Rejection {
	return slices.Collect(r.AllRejections())
}
func allExclusions(r *volunteer.MatchResult) []volunteer.Exclusion {
	return slices.Collect(r.AllExclusions())
}
func allMatchExclusions(p *resources.MatchPlan) []resources.MatchExclusion {
	return slices.Collect(p.AllExclusions())
}
func allMatchRejections(p *resources.MatchPlan) []resources.MatchRejection {
	return slices.Collect(p.AllRejections())
}
