package resources

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// everyRejection is the definition firstRejections keeps to: every unused pair's key,
// sorted by rejOrder.
func everyRejection(pl *planner) []rejKey {
	var out []rejKey
	for ri := range pl.live {
		for k := pl.start[ri]; k < pl.start[ri+1]; k++ {
			if !pl.isUsed(k) {
				out = append(out, pl.rejKeyOf(ri, k))
			}
		}
	}
	slices.SortFunc(out, rejOrder)
	return out
}

// Property: the first n rejections, from the start or after any rejection, are those of
// the full sorted list, whether the pass stops early (the first n all lose zero and more
// pairs follow) or reads every pair; and a plan's Rejections are the first ListLimit.
func TestFirstRejectionsAgreeWithTheFullList(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	stopped, read := 0, 0
	for seed := range uint64(60) {
		lots, reqs := mixedCity(seed, at)
		o := &MatchOptions{Places: 2, MaxDistanceMeters: []float64{0, 2500}[seed%2], ListLimit: -1}
		if seed%3 == 0 {
			o.partsAbove, o.pricedBest = -1, 1
		}
		plan, err := Match(lots, reqs, at, o)
		require.NoError(t, err)
		pl := plan.pl
		all := everyRejection(pl)
		require.Len(t, all, plan.RejectionCount, "seed %d", seed)
		for _, n := range []int{1, 2, 7, 40, len(all) - 1, len(all), len(all) + 3} {
			if n <= 0 {
				continue
			}
			want := all[:min(n, len(all))]
			require.Equal(t, nonNilKeys(want), nonNilKeys(pl.firstRejections(nil, n, len(all))), "seed %d, first %d", seed, n)
			if n < len(all) {
				if last := want[n-1]; last.ok && last.lost == 0 {
					stopped++
				} else {
					read++
				}
			}
			for _, from := range []int{0, len(all) / 3, len(all) - 2} {
				if from < 0 || from >= len(all) {
					continue
				}
				got := pl.firstRejections(&all[from], n, len(all)-from-1)
				require.Equal(t, nonNilKeys(all[from+1:min(from+1+n, len(all))]), nonNilKeys(got), "seed %d, %d after %d", seed, n, from)
			}
			capped, err := Match(lots, reqs, at, &MatchOptions{Places: o.Places, MaxDistanceMeters: o.MaxDistanceMeters, ListLimit: n,
				partsAbove: o.partsAbove, pricedBest: o.pricedBest})
			require.NoError(t, err)
			require.Len(t, capped.Rejections, min(n, len(all)), "seed %d", seed)
			for i, key := range want {
				require.Equal(t, pl.rejection(key), capped.Rejections[i], "seed %d, rejection %d", seed, i)
			}
		}
	}
	require.Greater(t, stopped, 50, "the pass stopped early too seldom to be tried")
	require.Greater(t, read, 50, "the pass read every pair too seldom to be tried")
}

func nonNilKeys(k []rejKey) []rejKey {
	if k == nil {
		return []rejKey{}
	}
	return k
}

// AllRejections, in batches and then the rest sorted at once, lists the full sorted list.
func TestAllRejectionsInBatches(t *testing.T) {
	lots, reqs := benchCity(600, 8000, 3)
	at := time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC)
	plan, err := Match(lots, reqs, at, &MatchOptions{MaxDistanceMeters: 3000, Places: 2})
	require.NoError(t, err)
	all := everyRejection(plan.pl)
	require.Greater(t, len(all), 2*1024*16, "more pairs than the batches before the sort")
	i := 0
	for r := range plan.AllRejections() {
		require.Equal(t, plan.pl.rejection(all[i]), r, "rejection %d", i)
		i++
	}
	require.Equal(t, len(all), i)
	require.Equal(t, plan.RejectionCount, i)
}
