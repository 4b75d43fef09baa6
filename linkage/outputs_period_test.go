package linkage_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
)

// referralReads records the referral filters a Store is asked and the referrals it
// returned.
type referralReads struct {
	linkage.Store
	mu       sync.Mutex
	filters  []linkage.ReferralFilter
	returned int
}

func (s *referralReads) ListReferrals(ctx context.Context, f linkage.ReferralFilter) (wushe.Page[linkage.Referral], error) {
	p, err := s.Store.ListReferrals(ctx, f)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.filters = append(s.filters, f)
	s.returned += len(p.Items)
	return p, err
}

// Outputs asks the Store only for the period's referrals: a referral requested before the
// period is never read for the referral figures.
func TestOutputsReadOnlyThePeriodsReferrals(t *testing.T) {
	store := &referralReads{Store: memstore.New()}
	f := newFixtureOn(t, store)
	n := f.need(t)
	f.refer(t, n, teamA) // requested on 1 March
	f.clock.Set(t0.AddDate(0, 1, 0))
	f.refer(t, n, teamB) // requested on 1 April
	april := wushe.Window{Start: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}
	store.filters, store.returned = nil, 0
	set, err := f.svc.Outputs(f.ctx, linkage.CommunityScope(f.community.ID), april, nil)
	require.NoError(t, err)
	require.NotEmpty(t, store.filters)
	for _, q := range store.filters {
		require.Equal(t, april.Start, q.RequestedFrom)
		require.Equal(t, april.End, q.RequestedTo)
	}
	require.Equal(t, 1, store.returned, "only April's referral is read")
	o, ok, err := set.Latest(linkage.CodeReferrals)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, "1", o.Value.String())
}
