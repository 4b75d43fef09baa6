package linkagetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/storetest"
)

// testAcceptRace has 20 volunteer teams accept one referral offered to any team at once,
// through UpdateReferral as linkage.Service.AcceptReferral does: each closure refuses a
// referral that is no longer waiting for an answer. Exactly one team must win, every other
// must get a conflict, and the store must hold the winner as the responder with Version 2.
func testAcceptRace(t *testing.T, e env) {
	st := e.open(t)
	for round := range e.f.rounds() {
		r := referralSpec().make(uuid.New(), round)
		r.Status, r.Responder.ID, r.Events, r.Escalations = linkage.ReferralRequested, uuid.Nil, nil, nil
		r.ReceivedAt, r.RespondedAt, r.StartedAt = time.Time{}, time.Time{}, time.Time{}
		require.NoError(t, st.CreateReferral(t.Context(), r))
		teams := ids(racers)
		errs := storetest.Parallel(racers, func(i int) error {
			_, err := st.UpdateReferral(t.Context(), r.ID, func(x *linkage.Referral) error {
				if x.Status != linkage.ReferralRequested && x.Status != linkage.ReferralReceived {
					return wushe.E("linkagetest.accept", wushe.KindConflict, "Referral", x.ID.String(), "is already %s", x.Status)
				}
				x.Status, x.Responder.ID, x.RespondedAt = linkage.ReferralAccepted, teams[i], at(round+1)
				return nil
			})
			return err
		})
		winner := -1
		for i, err := range errs {
			if err == nil {
				require.Equal(t, -1, winner, "UpdateReferral: teams %d and %d both accepted", winner, i)
				winner = i
				continue
			}
			requireKind(t, err, wushe.KindConflict, fmt.Sprintf("accept by team %d", i))
		}
		require.NotEqual(t, -1, winner, "UpdateReferral: no team accepted")
		got, err := st.GetReferral(t.Context(), r.ID)
		require.NoError(t, err)
		require.Equal(t, linkage.ReferralAccepted, got.Status)
		require.Equal(t, teams[winner], got.Responder.ID, "the stored responder must be the winner")
		require.Equal(t, int64(2), got.Version, "only the winner's write may count")
	}
}

// testDeleteReferral checks DeleteReferral: a stale Version is a conflict and deletes
// nothing, the stored Version deletes the referral (gone from Get and List, its ID free
// again), and a referral that is not there is not found.
func testDeleteReferral(t *testing.T, e env) {
	st := e.open(t)
	ctx := t.Context()
	r := referralSpec().make(uuid.New(), 1)
	require.NoError(t, st.CreateReferral(ctx, r))
	_, err := st.UpdateReferral(ctx, r.ID, func(x *linkage.Referral) error { x.Ask = "changed"; return nil })
	require.NoError(t, err)
	requireKind(t, st.DeleteReferral(ctx, r.ID, 1), wushe.KindConflict, "DeleteReferral at a stale version")
	got, err := st.GetReferral(ctx, r.ID)
	require.NoError(t, err, "a refused delete deletes nothing")
	require.Equal(t, int64(2), got.Version)
	require.NoError(t, st.DeleteReferral(ctx, r.ID, 2))
	_, err = st.GetReferral(ctx, r.ID)
	requireKind(t, err, wushe.KindNotFound, "GetReferral after DeleteReferral")
	page, err := st.ListReferrals(ctx, linkage.ReferralFilter{Need: r.Need})
	require.NoError(t, err)
	require.Empty(t, page.Items, "a deleted referral is not listed")
	requireKind(t, st.DeleteReferral(ctx, r.ID, 2), wushe.KindNotFound, "DeleteReferral twice")
	require.NoError(t, st.CreateReferral(ctx, r), "a deleted referral's ID is free again")
	got, err = st.GetReferral(ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, int64(1), got.Version)
}
