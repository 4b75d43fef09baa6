package resources_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
	"github.com/wushe/wushe/resources"
)

// spreadMarket is a random market over a few kilometres: located and unlocated lots and
// requests of two categories, restrictions, expiry dates and identical lots to pool.
func spreadMarket(rng *rand.Rand) ([]resources.Lot, []resources.Request) {
	centre := wushe.Point{Lat: 30.65, Lng: 104.06}
	place := func() *wushe.Point {
		if rng.IntN(5) == 0 {
			return nil
		}
		return &wushe.Point{Lat: centre.Lat + (rng.Float64()-0.5)*0.04, Lng: centre.Lng + (rng.Float64()-0.5)*0.04}
	}
	cats := []string{"rice", "oil"}
	var lots []resources.Lot
	for i := range 3 + rng.IntN(12) {
		lots = append(lots, mlot(byte(i+1), fmt.Sprint(1+rng.IntN(6)), func(l *resources.Lot) {
			l.Category = cats[rng.IntN(2)]
			l.Location = place()
			if rng.IntN(3) == 0 {
				l.Expires = t0.AddDate(0, 0, rng.IntN(30))
			}
			if rng.IntN(3) == 0 {
				l.Restriction.Groups = []resources.TargetGroup{resources.GroupChildren}
			}
		}))
		if i > 0 && rng.IntN(4) == 0 { // an identical lot, pooled
			l := lots[i-1]
			l.ID = uuid.UUID{15: byte(100 + i)}
			lots = append(lots, l)
		}
	}
	urg := []resources.Urgency{resources.UrgencyUrgent, resources.UrgencyDifficult, resources.UrgencyAnxious, resources.UrgencyHopedFor}
	var reqs []resources.Request
	for i := range 2 + rng.IntN(12) {
		reqs = append(reqs, mreq(byte(i+1), fmt.Sprint(1+rng.IntN(5)), urg[rng.IntN(4)], func(r *resources.Request) {
			r.Category = cats[rng.IntN(2)]
			r.Location = place()
			if rng.IntN(2) == 0 {
				r.NeededBy = t0.AddDate(0, 0, rng.IntN(30))
			}
			if rng.IntN(3) == 0 {
				r.Group = resources.GroupChildren
			}
		}))
	}
	return lots, reqs
}

// Property: the listed exclusions and rejections are the first ListLimit of the whole
// lists, the counts add up, Explain agrees with the lists, and the plan does not depend
// on the limit.
func TestMatchExplanationsOnDemandProperty(t *testing.T) {
	for seed := uint64(1); seed <= 60; seed++ {
		rng := rand.New(rand.NewPCG(seed, 5))
		lots, reqs := spreadMarket(rng)
		dist := []float64{0, 600, 1500}[rng.IntN(3)]
		all, err := resources.Match(lots, reqs, t0, &resources.MatchOptions{MaxDistanceMeters: dist, ListLimit: -1})
		require.NoError(t, err)
		capped, err := resources.Match(lots, reqs, t0, &resources.MatchOptions{MaxDistanceMeters: dist, ListLimit: 2})
		require.NoError(t, err)
		msg := fmt.Sprintf("seed %d, limit %v", seed, dist)
		exc, rej := nonNil(slices.Collect(capped.AllExclusions())), nonNil(slices.Collect(capped.AllRejections()))
		assert.Equal(t, all.Exclusions, exc, msg)
		assert.Equal(t, all.Rejections, rej, msg)
		assert.Equal(t, all.Allocations, capped.Allocations, msg)
		assert.Equal(t, exc[:min(2, len(exc))], capped.Exclusions, msg)
		assert.Equal(t, rej[:min(2, len(rej))], capped.Rejections, msg)
		assert.Equal(t, len(exc), capped.ExclusionCount, msg)
		assert.Equal(t, len(rej), capped.RejectionCount, msg)
		sum := 0
		for _, n := range capped.ExcludedBy {
			sum += n
		}
		assert.Equal(t, capped.ExclusionCount, sum, msg)
		for i := 1; i < len(rej); i++ {
			require.True(t, rej[i-1].Lost.Decimal.LessThanOrEqual(rej[i].Lost.Decimal), msg)
		}

		type pair struct{ lot, req uuid.UUID }
		planned := map[pair]bool{}
		for _, a := range capped.Allocations {
			planned[pair{a.LotID, a.RequestID}] = true
		}
		rejected := map[pair]resources.MatchRejection{}
		for _, r := range rej {
			rejected[pair{r.LotID, r.RequestID}] = r
		}
		excluded := map[pair]resources.MatchExclusion{}
		for _, x := range exc {
			excluded[pair{x.LotID, x.RequestID}] = x
		}
		for _, l := range lots {
			for _, r := range reqs {
				e, err := capped.Explain(l.ID, r.ID)
				require.NoError(t, err, msg)
				p := pair{l.ID, r.ID}
				switch e.Outcome {
				case resources.PairPlanned:
					require.NotNil(t, e.Score, msg)
				case resources.PairRejected:
					// A pool is rejected under its first lot.
					if x, ok := rejected[p]; ok {
						require.Equal(t, x.Lost, e.Lost, msg)
						require.True(t, x.Score.Equal(e.Score.Total), msg)
					}
					require.False(t, planned[p], msg)
				case resources.PairExcluded:
					x, ok := excluded[p]
					require.True(t, ok, msg)
					require.Equal(t, x.Constraint, e.Constraint, msg)
					require.Equal(t, x.Detail, e.Detail, msg)
				case resources.PairUnrelated:
					require.NotEqual(t, l.Category, r.Category, msg)
				}
				if e.Outcome != resources.PairExcluded {
					_, ok := excluded[p]
					require.False(t, ok, msg)
				}
			}
		}
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func TestMatchPlanExplainErrorsAndDIMACS(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	lots, reqs := spreadMarket(rng)
	plan, err := resources.Match(lots, reqs, t0, nil)
	require.NoError(t, err)
	_, err = plan.Explain(uuid.New(), reqs[0].ID)
	assert.ErrorIs(t, err, wushe.ErrNotFound)
	_, err = plan.Explain(lots[0].ID, uuid.New())
	assert.ErrorIs(t, err, wushe.ErrNotFound)
	_, err = (&resources.MatchPlan{}).Explain(lots[0].ID, reqs[0].ID)
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	assert.ErrorIs(t, plan.WriteDIMACS(&bytes.Buffer{}), wushe.ErrInvalid)
	hand := &resources.MatchPlan{Rejections: []resources.MatchRejection{{}}, Exclusions: []resources.MatchExclusion{{}, {}}}
	assert.Len(t, slices.Collect(hand.AllRejections()), 1)
	assert.Len(t, slices.Collect(hand.AllExclusions()), 2)

	plan, err = resources.Match(lots, reqs, t0, &resources.MatchOptions{KeepNetwork: true})
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, plan.WriteDIMACS(&b))
	var big, total int64
	_, err = fmt.Sscanf(strings.Split(b.String(), "\n")[1], "c wushe big %d total %d", &big, &total)
	require.NoError(t, err)
	g, err := match.ReadDIMACS(&b)
	require.NoError(t, err)
	f, err := match.MinCostFlow(g, match.NetworkSimplex)
	require.NoError(t, err)
	// Units filled: the total less what the requests' unfilled arcs (the last ones) carry.
	filled := total
	for k := len(g.Arcs) - len(plan.Requests); k < len(g.Arcs); k++ {
		filled -= f.Flow[k]
	}
	var planned int64
	for _, a := range plan.Allocations {
		planned += a.Quantity.Shift(resources.QuantityPlaces).IntPart()
	}
	assert.Equal(t, filled, planned, "the solved network fills what the plan allocates")
}
