package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// goldenCities are seeded cities whose full answers (every assignment, fill, rejection
// with its loss, exclusion with its text, dropped pair and cap figure; every planned
// allocation, fill, exclusion and rejection) were recorded as SHA-256 digests before the
// matchers were rebuilt for city scale, and again when distance exclusions stopped stating
// how far a home is (they state the limit), and the resource digests once more when cash
// of one restriction class became one pool whoever holds it (the same optimum, checked
// against pooling by holder in resources' TestCashPoolsByRestrictionClass; a class's lots
// give in ID order), and all of them once more when network simplex began to search its
// arcs interleaved (the order internal/match's interleave deals them in), which picks
// another of several equally good optima on some cities: on every golden city each
// solve's units filled, cost and penalties, the volunteers' places and total score and
// the plans' quantity and total score stayed the same; only which of the equal-cost
// allocations is taken and the dual values (the rejections' losses) moved. The digests
// must not change otherwise: same optimum, same ties, same explanations.
var goldenCities = []struct {
	cfg      config
	maxDist  float64 // volunteer matcher's MaxDistanceMeters
	resDist  float64 // resources.Match's MaxDistanceMeters
	vol, res string
}{
	{config{Seed: 1, Volunteers: 300, Shifts: 120, Lots: 80, Requests: 200}, 6000, 8000, "32e6985b429e0ba8a6e61c6b94c595d9250bc81f17c84b681d4a965fdb161ead",
		"238f2dcdda804ff7f414bcf4868941b3cd12f8e9ef1b09fe30cee2282fe96cdc"},
	{config{Seed: 2, Volunteers: 120, Shifts: 60, Lots: 60, Requests: 120}, 0, 0, "61c6428f2050f1a7eba2e34b47e495815beccbbe4ef776f6bc79b94ef755cef6",
		"d4b8fee7e0684afb460e173694c98fd7d02afe93ee3a64ecb05d62887d31def0"},
	{config{Seed: 3, Volunteers: 900, Shifts: 250, Lots: 300, Requests: 700}, 1500, 1500, "7e714577c642d285c4bc85d7bcf628bddcda4da09a1fcbdf902266355adca68d",
		"d571d0238ab2c906dc32e0249ef1bfffdeba42be878596aae82c34b3cdef3a20"},
	{config{Seed: 4, Volunteers: 1200, Shifts: 200, Lots: 400, Requests: 900}, 2500, 3000, "81eb06bfe57e60d4c52b0113f246db67df29a6e586ce84c8139b99b89aef9a89",
		"94e5001d829f53783024cae61700b83435a26b591caa1b7f10b9d4d937861c20"},
	{config{Seed: 5, Volunteers: 60, Shifts: 90, Lots: 20, Requests: 200}, 800, 500, "76173eabc839228bbccd12f63ab946dacdd999483ecc577843f0c088cac9322d",
		"4ea353daf1111aff5791fa12c72b25a55d32d546a42e74ef3b0bf4c8c8baa272"},
}

// volunteerDigest is the digest of everything a volunteer match answers.
func volunteerDigest(t *testing.T, c *city, maxDist float64) string {
	t.Helper()
	svc, err := volunteer.NewService(memstore.New(), &volunteer.Options{Clock: wushe.NewManualClock(matchAt)})
	require.NoError(t, err)
	m, err := svc.NewMatcher(&volunteer.MatchOptions{MaxDistanceMeters: maxDist, Location: time.UTC})
	require.NoError(t, err)
	res, err := m.Assign(c.Match)
	require.NoError(t, err)
	b, err := json.Marshal([]any{res.Assignments, res.Fills, allRejections(res), allExclusions(res), res.Dropped,
		res.Refilled, res.CapRounds, res.GreedyFallback})
	require.NoError(t, err)
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// resourceDigest is the digest of everything a resource plan answers.
func resourceDigest(t *testing.T, c *city, maxDist float64) string {
	t.Helper()
	plan, err := resources.Match(c.Lots, c.Requests, matchAt, &resources.MatchOptions{MaxDistanceMeters: maxDist, WholeUnits: true})
	require.NoError(t, err)
	b, err := json.Marshal([]any{plan.Allocations, plan.Requests, allMatchExclusions(plan), allMatchRejections(plan), plan.Algorithm})
	require.NoError(t, err)
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

func TestGoldenCities(t *testing.T) {
	for _, g := range goldenCities {
		t.Run(fmt.Sprint(g.cfg), func(t *testing.T) {
			c := generate(g.cfg)
			vol, res := volunteerDigest(t, c, g.maxDist), resourceDigest(t, c, g.resDist)
			t.Logf("digests: %q, %q", vol, res)
			require.Equal(t, g.vol, vol, "the volunteer match changed")
			require.Equal(t, g.res, res, "the resource plan changed")
		})
	}
}
