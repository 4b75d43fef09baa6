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
// matchers were rebuilt for city scale. The digests must not change: same optimum, same
// ties, same explanations.
var goldenCities = []struct {
	cfg      config
	maxDist  float64 // volunteer matcher's MaxDistanceMeters
	resDist  float64 // resources.Match's MaxDistanceMeters
	vol, res string
}{
	{config{Seed: 1, Volunteers: 300, Shifts: 120, Lots: 80, Requests: 200}, 6000, 8000, "02c0c877cc280237fa08d0d227e638e5bf5508db57eb09fb2fd72fa7ba3eda5e",
		"90ee24374400ca63ab9b96c0cf11cd6ce43529ad2e4116c3733275cf0adf5942"},
	{config{Seed: 2, Volunteers: 120, Shifts: 60, Lots: 60, Requests: 120}, 0, 0, "61c6428f2050f1a7eba2e34b47e495815beccbbe4ef776f6bc79b94ef755cef6",
		"82438a759a356e39c701897b9f4645c4eb003a75ffc6c19ffb28cecf7b7b4050"},
	{config{Seed: 3, Volunteers: 900, Shifts: 250, Lots: 300, Requests: 700}, 1500, 1500, "74180dd84efd56bcf97c926c8cfb39873a9c03e6728f8145ccbecf61b2cce950",
		"f836297933ba68bb80e517e127a93c07b9d2b0101e723a4ad5703ffc5eedf70e"},
	{config{Seed: 4, Volunteers: 1200, Shifts: 200, Lots: 400, Requests: 900}, 2500, 3000, "a2ee96343de2860ca8dde1307c2bfa93f219526b5374ce8d9177dc2ad2a8391f",
		"1e8056296762e95f423509574da0045ce55f04ad06a276cd5e229e266d52c5e8"},
	{config{Seed: 5, Volunteers: 60, Shifts: 90, Lots: 20, Requests: 200}, 800, 500, "60f662bb0ef06b377a0d04a5a29439ae80569413e1cfd13a775df73ff6323f18",
		"3823034956d7bc4280395bcacdd2d8efc117dbd3d89fc939846b19e8fcee71da"},
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
