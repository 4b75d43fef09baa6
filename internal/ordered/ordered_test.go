package ordered

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLeastAndAllAgreeWithSort checks, over random collections with repeated keys broken
// by position, that Least gives the first k of a full sort and All the full sort, for
// every first batch size.
func TestLeastAndAllAgreeWithSort(t *testing.T) {
	type item struct{ key, pos int }
	order := func(a, b item) int { return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.pos, b.pos)) }
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 7))
		n := rng.IntN(200)
		items := make([]item, n)
		for i := range items {
			items[i] = item{rng.IntN(1 + n/3), i}
		}
		want := slices.SortedFunc(slices.Values(items), order)
		k := rng.IntN(n + 3)
		got := Least(slices.Values(items), k, order)
		require.Equal(t, append([]item{}, want[:min(k, n)]...), append([]item{}, got...), "seed %d k %d", seed, k)
		first := rng.IntN(10)
		require.Equal(t, append([]item{}, want...), append([]item{}, slices.Collect(All(slices.Values(items), first, order))...), "seed %d first %d", seed, first)
		// Stopping early yields a prefix.
		stop := rng.IntN(n + 1)
		var prefix []item
		for x := range All(slices.Values(items), first, order) {
			if len(prefix) == stop {
				break
			}
			prefix = append(prefix, x)
		}
		require.Equal(t, append([]item{}, want[:stop]...), append([]item{}, prefix...))
	}
}

func TestLeastOfNothing(t *testing.T) {
	require.Nil(t, Least(slices.Values([]int{3, 1, 2}), 0, cmp.Compare[int]))
	require.Empty(t, slices.Collect(All(slices.Values([]int{}), 5, cmp.Compare[int])))
}
