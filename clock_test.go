package wushe_test

import (
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func TestManualClock(t *testing.T) {
	c := wushe.NewManualClock(t0)
	assert.Equal(t, t0, c.Now())
	assert.Equal(t, t0.Add(time.Hour), c.Advance(time.Hour))
	assert.Equal(t, t0.Add(time.Hour), c.Now())
	c.Set(t0)
	assert.Equal(t, t0, c.Now())
	var _ wushe.Clock = c
	var _ wushe.Clock = wushe.SystemClock{}
	assert.WithinDuration(t, time.Now(), wushe.SystemClock{}.Now(), time.Hour)
}

func TestSequentialIDs(t *testing.T) {
	a, b := wushe.SequentialIDs("demo"), wushe.SequentialIDs("demo")
	var prev uuid.UUID
	for i := range 1000 {
		x, y := a(), b()
		require.Equal(t, x, y, "same seed, same sequence")
		require.Equal(t, uuid.Version(8), x.Version())
		require.Equal(t, uuid.RFC4122, x.Variant())
		if i > 0 {
			require.Equal(t, 1, wushe.CompareIDs(x, prev), "ascending")
		}
		prev = x
	}
	assert.NotEqual(t, wushe.SequentialIDs("a")(), wushe.SequentialIDs("b")())

	// Concurrent callers get distinct IDs.
	ids := wushe.SequentialIDs("race")
	var mu sync.Mutex
	seen := map[uuid.UUID]bool{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				id := ids()
				mu.Lock()
				seen[id] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Len(t, seen, 800)
}

func TestNewIDIsTimeOrdered(t *testing.T) {
	prev := wushe.NewID()
	require.Equal(t, uuid.Version(7), prev.Version())
	for range 100 {
		id := wushe.NewID()
		require.Equal(t, 1, wushe.CompareIDs(id, prev))
		prev = id
	}
}
