package linkage_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/linkage"
)

// StatusAt replays a referral's events: each instant sees the status it had then, and the
// last one the stored Status; CountByStatusAt adds them up, leaving out what did not exist.
func TestReferralStatusAt(t *testing.T) {
	f := newFixture(t)
	n := f.need(t)
	start := f.clock.Now()
	r := f.refer(t, n, teamA)
	// An hour apart: accepted at 1 h, started at 2 h.
	for _, move := range []func(context.Context, uuid.UUID, linkage.ReferralResponder) (linkage.Referral, error){
		f.svc.AcceptReferral, f.svc.StartReferral,
	} {
		f.clock.Advance(time.Hour)
		var err error
		r, err = move(f.ctx, r.ID, teamA)
		require.NoError(t, err)
	}
	f.clock.Advance(time.Hour)
	other := f.refer(t, f.need(t), teamB)

	at := func(r linkage.Referral, d time.Duration) linkage.ReferralStatus {
		s, ok := r.StatusAt(start.Add(d))
		if !ok {
			return "none"
		}
		return s
	}
	require.Equal(t, linkage.ReferralStatus("none"), at(r, -time.Second))
	require.Equal(t, linkage.ReferralRequested, at(r, 0))
	require.Equal(t, linkage.ReferralRequested, at(r, time.Hour-time.Second))
	require.Equal(t, linkage.ReferralAccepted, at(r, time.Hour))
	require.Equal(t, linkage.ReferralInProgress, at(r, 2*time.Hour))
	require.Equal(t, r.Status, at(r, 100*time.Hour))
	_, ok := linkage.Referral{}.StatusAt(start)
	require.False(t, ok, "a referral never made")

	both := []linkage.Referral{r, other}
	require.Equal(t, map[linkage.ReferralStatus]int{linkage.ReferralAccepted: 1}, linkage.CountByStatusAt(both, start.Add(90*time.Minute)))
	require.Equal(t, map[linkage.ReferralStatus]int{linkage.ReferralInProgress: 1, linkage.ReferralRequested: 1},
		linkage.CountByStatusAt(both, f.clock.Now()))
}
