package sqlstore

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/volunteer"
)

// Times keep their nanoseconds in the document, and every time bound is exact to the
// nanosecond on every backend, although PostgreSQL's timestamps keep microseconds.
func TestSubMicrosecondBounds(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := t.Context()
		base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		n := linkage.Need{ID: wushe.NewID(), Community: wushe.NewID(), Status: linkage.NeedOpen, RaisedAt: base.Add(300)}
		require.NoError(t, s.CreateNeed(ctx, n))
		got, err := s.GetNeed(ctx, n.ID)
		require.NoError(t, err)
		require.Equal(t, n.RaisedAt, got.RaisedAt, "the nanoseconds survive")
		count := func(from, to time.Time) int {
			page, err := s.ListNeeds(ctx, linkage.NeedFilter{RaisedFrom: from, RaisedTo: to})
			require.NoError(t, err)
			return len(page.Items)
		}
		require.Equal(t, 1, count(time.Time{}, base.Add(301)))
		require.Equal(t, 0, count(time.Time{}, base.Add(300)), "To is excluded to the nanosecond")
		require.Equal(t, 1, count(base.Add(300), time.Time{}), "From is included")
		require.Equal(t, 0, count(base.Add(301), time.Time{}))

		tx := volunteer.Transaction{ID: wushe.NewID(), Key: "k1", Kind: volunteer.KindEarn, PostedAt: base.Add(700),
			Entries: []volunteer.Entry{{Account: "a", Amount: decimal.RequireFromString("2.50")}, {Account: "b", Amount: decimal.RequireFromString("-2.50")}}}
		_, err = s.PostTransaction(ctx, tx)
		require.NoError(t, err)
		bal := func(asOf time.Time) string {
			d, err := s.LedgerBalance(ctx, "a", asOf)
			require.NoError(t, err)
			return d.String()
		}
		require.Equal(t, "0", bal(base.Add(699)), "a posting 1ns after the bound does not count")
		require.Equal(t, "2.5", bal(base.Add(700)))
		require.Equal(t, "2.5", bal(time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)), "a bound past 2262 still counts everything")
		require.Equal(t, "0", bal(time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC)))
	})
}
