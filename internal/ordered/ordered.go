// Package ordered lists the items of a large collection in a total order without sorting
// all of them: the first k cost one pass and a heap of k, which is what a matcher's result
// needs to list the first rejections of millions of candidates and still give every one
// of them, in the same order, when a caller walks the whole list.
package ordered

import (
	"container/heap"
	"iter"
	"slices"
)

// Least returns the k least items of all by cmp, in order, walking all once. cmp must be
// a total order (no two distinct items compare equal) for the answer to be the only one.
// A k of 0 or less gives nil.
func Least[T any](all iter.Seq[T], k int, cmp func(a, b T) int) []T {
	return least(all, k, cmp, nil)
}

// least is Least over the items strictly after *after, when after is not nil.
func least[T any](all iter.Seq[T], k int, cmp func(a, b T) int, after *T) []T {
	if k <= 0 {
		return nil
	}
	h := &maxHeap[T]{cmp: cmp}
	for x := range all {
		if after != nil && cmp(x, *after) <= 0 {
			continue
		}
		switch {
		case len(h.items) < k:
			heap.Push(h, x)
		case cmp(x, h.items[0]) < 0:
			h.items[0] = x
			heap.Fix(h, 0)
		}
	}
	out := h.items
	slices.SortFunc(out, cmp)
	return out
}

// All yields every item of all in cmp order, which must be total. It walks all once for
// each batch: the first batch holds first items, and each next one four times as many as
// the one before, so that the first entries cost one pass and the whole list
// O(n log n) comparisons over O(log n) passes. all must give the same items each time it
// is walked.
func All[T any](all iter.Seq[T], first int, cmp func(a, b T) int) iter.Seq[T] {
	return func(yield func(T) bool) {
		var after *T
		for batch := max(first, 1); ; batch *= 4 {
			out := least(all, batch, cmp, after)
			for _, x := range out {
				if !yield(x) {
					return
				}
			}
			if len(out) < batch {
				return
			}
			after = &out[len(out)-1]
		}
	}
}

// maxHeap keeps the greatest item at the root, so that the k least stay.
type maxHeap[T any] struct {
	items []T
	cmp   func(a, b T) int
}

func (h *maxHeap[T]) Len() int           { return len(h.items) }
func (h *maxHeap[T]) Less(i, j int) bool { return h.cmp(h.items[i], h.items[j]) > 0 }
func (h *maxHeap[T]) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *maxHeap[T]) Push(x any)         { h.items = append(h.items, x.(T)) }
func (h *maxHeap[T]) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}
