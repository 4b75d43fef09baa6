package sqlstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/linkage/linkagetest"
)

func TestLinkageStore(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		f := linkagetest.Features{RefusesStoreCalls: true}
		if b.reopen != nil {
			f.Reopen = func(t *testing.T, s linkage.Store) linkage.Store { return b.reopen(t, s.(*Store)) }
		}
		linkagetest.RunStoreTests(t, func(t *testing.T) linkage.Store { return b.open(t) }, f)
	})
}

// TestReferralsDueBeforeSkipFinalInSQL: a final referral keeps the zero time in due_at,
// and a DueBefore filter leaves it out in SQL, so the rows the Store reads for the
// escalation sweep are the open referrals due, not every referral ever closed.
func TestReferralsDueBeforeSkipFinalInSQL(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		community, need := uuid.New(), uuid.New()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		referral := func(status linkage.ReferralStatus, respondBy time.Time) uuid.UUID {
			r := linkage.Referral{ID: uuid.New(), Need: need, Community: community, Status: status,
				Responder: linkage.ReferralResponder{Kind: linkage.ResponderOrganization, ID: uuid.New()},
				Urgency:   linkage.UrgencyDifficult, RespondBy: respondBy, ResolveBy: respondBy.Add(72 * time.Hour),
				RequestedAt: now.Add(-48 * time.Hour)}
			require.NoError(t, s.CreateReferral(ctx, r))
			return r.ID
		}
		overdue := referral(linkage.ReferralRequested, now.Add(-time.Hour))
		referral(linkage.ReferralRequested, now.Add(time.Hour))
		for _, st := range []linkage.ReferralStatus{linkage.ReferralCompleted, linkage.ReferralCancelled, linkage.ReferralFailed, linkage.ReferralRejected} {
			referral(st, now.Add(-time.Hour))
		}
		f := linkage.ReferralFilter{Community: community, DueBefore: now}
		w := referralWhere(f)
		var n int
		q := "SELECT count(*) FROM linkage_referrals WHERE " + strings.Join(w.clauses, " AND ")
		require.NoError(t, s.db.QueryRowContext(ctx, s.dialect.rebind(q), s.args(w.args...)...).Scan(&n))
		require.Equal(t, 1, n, "the SQL narrowing hands Match only the open referral that is due")
		page, err := s.ListReferrals(ctx, f)
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		require.Equal(t, overdue, page.Items[0].ID)
	})
}
