package gen

import "math/rand/v2"

// newRand returns the generator's random source for a seed and a stream name, so that
// independent parts of an instance (points, costs, skills) do not shift each other when
// one of them changes.
func newRand(seed uint64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15^stream))
}

// The streams.
const (
	streamRows uint64 = iota + 1
	streamCols
	streamCosts
	streamCandidates
	streamSkills
	streamClusters
	streamSpread
)
