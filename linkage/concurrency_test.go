package linkage_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// Concurrent updates from the same copy: exactly one wins, the others conflict.
func TestConcurrentUpdatesOneWins(t *testing.T) {
	f := newFixture(t)
	c := f.community
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			edit := c
			edit.Households = 7000 + i
			_, errs[i] = f.svc.UpdateCommunity(f.ctx, edit)
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		if err == nil {
			wins++
			continue
		}
		requireKind(t, err, wushe.KindConflict, "linkage.Service.UpdateCommunity")
	}
	require.Equal(t, 1, wins)
	got, err := f.svc.GetCommunity(f.ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, c.Version+1, got.Version)
}

// Concurrent disclosures are each logged once: no read goes unlogged.
func TestConcurrentDisclosuresAllLogged(t *testing.T) {
	f := newFixture(t)
	c := f.caseWithNote(t)
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.svc.BreakGlassCaseNotes(f.ctx, c.ID, linkage.Reader{Ref: "court"}, linkage.BasisStatutoryDuty, "statutory report", "court order")
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	got, err := f.svc.GetCase(f.ctx, c.ID)
	require.NoError(t, err)
	require.Len(t, got.Disclosures, n)
}
