package sqlstore

import (
	"context"
	"database/sql"
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

// TestReferralsRequestedNarrowInSQL: RequestedFrom and RequestedTo narrow in SQL on the
// requested_at column, so a report on a period reads the referrals requested in it, not
// every referral of the community; and migration 14 fills the column of referrals stored
// before it, so that they are still found.
func TestReferralsRequestedNarrowInSQL(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := openBefore(t, b, "report_filters")
		community := uuid.New()
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		shanghai := time.FixedZone("CST", 8*3600)
		var ids []uuid.UUID
		// One a month, Asia/Shanghai time with a fraction of a second; the first two stored
		// before the migration.
		for i := range 6 {
			at := start.AddDate(0, i, 0).Add(-500 * time.Millisecond).In(shanghai)
			r := linkage.Referral{ID: uuid.New(), Need: uuid.New(), Community: community, Status: linkage.ReferralRequested,
				Responder: linkage.ReferralResponder{Kind: linkage.ResponderOrganization, ID: uuid.New()},
				Urgency:   linkage.UrgencyDifficult, RespondBy: at.Add(time.Hour), ResolveBy: at.Add(72 * time.Hour), RequestedAt: at}
			if i == 2 {
				migrateAll(t, s)
			}
			if i < 2 {
				r.Version = 1
				require.NoError(t, s.write(ctx, "test", "Referral", func(tx *sql.Tx) error {
					return insertOld(ctx, s, tx, referralTable, r, "", 1)
				}))
			} else {
				require.NoError(t, s.CreateReferral(ctx, r))
			}
			ids = append(ids, r.ID)
		}
		for _, c := range []struct {
			from, to time.Time
			want     []uuid.UUID
		}{
			{start.AddDate(0, 0, -1), start.AddDate(0, 2, -1), ids[:2]},
			{start.AddDate(0, 0, 0).Add(-500 * time.Millisecond), start.AddDate(0, 1, 0).Add(-500 * time.Millisecond), ids[:1]},
			{start.AddDate(0, 2, 0).Add(-500 * time.Millisecond), start.AddDate(0, 4, 0), ids[2:5]},
			{start.AddDate(0, 2, 0).Add(-499 * time.Millisecond), time.Time{}, ids[3:]},
		} {
			f := linkage.ReferralFilter{Community: community, RequestedFrom: c.from, RequestedTo: c.to}
			w := referralWhere(f)
			var n int
			q := "SELECT count(*) FROM linkage_referrals WHERE " + strings.Join(w.clauses, " AND ")
			require.NoError(t, s.db.QueryRowContext(ctx, s.dialect.rebind(q), s.args(w.args...)...).Scan(&n))
			require.LessOrEqual(t, n, len(c.want)+1, "the SQL narrowing reads at most one referral beyond the period")
			page, err := s.ListReferrals(ctx, f)
			require.NoError(t, err)
			var got []uuid.UUID
			for _, r := range page.Items {
				got = append(got, r.ID)
			}
			require.ElementsMatch(t, c.want, got, "requested in [%s, %s)", c.from, c.to)
		}
	})
}
