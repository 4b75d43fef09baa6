package resources

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// mixedCity is poolCity with some of its lots and requests turned into goods of two
// categories, and restrictions, expiry dates and units that rule pairs out.
func mixedCity(seed uint64, at time.Time) ([]Lot, []Request) {
	lots, reqs := poolCity(seed)
	rng := rand.New(rand.NewPCG(seed, 11))
	cats := []string{"rice", "oil"}
	for i := range lots {
		if rng.IntN(3) != 0 {
			lots[i].Kind, lots[i].Category, lots[i].Unit = PropertyGoods, cats[rng.IntN(2)], "kg"
			lots[i].OnHand = lots[i].OnHand.Ceil()
			lots[i].Received = lots[i].OnHand
		}
		ruleOut(&lots[i], rng.IntN(6), at.AddDate(0, 0, rng.IntN(40)-2))
	}
	for i := range reqs {
		if rng.IntN(3) != 0 {
			reqs[i].Kind, reqs[i].Category, reqs[i].Unit = PropertyGoods, cats[rng.IntN(2)], "kg"
			reqs[i].Quantity = reqs[i].Quantity.Ceil()
		}
		if rng.IntN(2) == 0 {
			reqs[i].NeededBy = at.AddDate(0, 0, rng.IntN(30))
		}
		reqs[i].Beneficiary.Age, reqs[i].Beneficiary.AgeKnown = rng.IntN(90), rng.IntN(3) != 0
	}
	return lots, reqs
}

// Property: the pairs the planner scores, their preference, and the exclusions it counts
// by rule are those that deciding every lot and request pair on its own gives (the planner
// decides eligibility once per request and rule class of lots).
func TestCandidatesAgreeWithEachPair(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for seed := range uint64(40) {
		lots, reqs := mixedCity(seed, at)
		plan, err := Match(lots, reqs, at, &MatchOptions{Places: 2, ListLimit: -1})
		require.NoError(t, err)
		pl := plan.pl
		eligiblePools, byRule := 0, map[string]int{}
		for _, r := range pl.live {
			for _, p := range pl.pools {
				if p.lots[0].Kind != r.Kind || p.lots[0].Category != r.Category {
					continue
				}
				if rule, _ := pl.exclude(p.lots[0], r); rule != "" {
					byRule[rule] += len(p.lots)
				} else {
					eligiblePools++
				}
			}
		}
		require.Equal(t, eligiblePools, len(pl.pairs), "seed %d", seed)
		require.Equal(t, byRule, plan.ExcludedBy, "seed %d", seed)
		for ri, r := range pl.live {
			for _, p := range pl.pairs[pl.start[ri]:pl.start[ri+1]] {
				rest := pl.pools[p.pool].lots[0].Restriction
				pref := slices.Contains(rest.Groups, r.Group) || slices.Contains(rest.Communities, r.CommunityID)
				require.Equal(t, pref, p.pref, "seed %d", seed)
			}
		}
	}
}
