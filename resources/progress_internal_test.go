package resources

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Match reports its phases in order through MatchOptions.Progress, the candidates phase
// with its steps out of the open requests, and plans the same with or without it.
func TestMatchProgress(t *testing.T) {
	lots, reqs := benchCity(300, 5000, 2)
	at := time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC)
	var seen []MatchProgress
	o := &MatchOptions{MaxDistanceMeters: 2000, Places: 2, Progress: func(p MatchProgress) { seen = append(seen, p) }}
	plan, err := Match(lots, reqs, at, o)
	require.NoError(t, err)
	var phases []string
	steps := 0
	for _, p := range seen {
		if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
			phases = append(phases, p.Phase)
		}
		if p.Phase == PhaseCandidates {
			require.Equal(t, len(plan.Requests), p.Total)
			require.True(t, p.Done >= 0 && p.Done < p.Total, "%+v", p)
			if p.Done > 0 {
				steps++
			}
		}
	}
	assert.Equal(t, []string{PhaseCandidates, PhaseSolve, PhaseExplain, PhaseDone}, phases)
	assert.Positive(t, steps, "a long candidates phase reports steps")

	o.Progress = nil
	quiet, err := Match(lots, reqs, at, o)
	require.NoError(t, err)
	assert.Equal(t, quiet.Allocations, plan.Allocations)
	assert.Equal(t, quiet.Rejections, plan.Rejections)
}
