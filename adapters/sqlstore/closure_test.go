package sqlstore

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// A panic inside an update function rolls the transaction back and goes on panicking: the
// connection and the row lock are released, so later writes (more of them than the pool
// has connections) go through, and the panicking change is not stored. Without the
// rollback the second write waits for the leaked transaction until its deadline.
func TestPanicInUpdateRollsBack(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		// A guard against a hang, not a speed limit: a leaked transaction blocks forever.
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		c := community("Wuhou")
		require.NoError(t, s.CreateCommunity(ctx, c))
		for range 30 {
			require.PanicsWithValue(t, "boom", func() {
				_, _ = s.UpdateCommunity(ctx, c.ID, func(c *linkage.Community) error {
					c.Name = "changed"
					panic("boom")
				})
			})
		}
		got, err := s.UpdateCommunity(ctx, c.ID, func(c *linkage.Community) error { c.Name = "after"; return nil })
		require.NoError(t, err)
		assert.Equal(t, "after", got.Name)
		assert.Equal(t, int64(2), got.Version, "no panicking update was stored")
	})
}

// A Store call from inside an update function fails at once with invalid (the contract
// forbids it; it would wait for its own transaction's lock or connection), and the outer
// update goes on.
func TestStoreCallInsideUpdateIsRefused(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		c, other := community("Wuhou"), community("Jinjiang")
		require.NoError(t, s.CreateCommunity(ctx, c))
		require.NoError(t, s.CreateCommunity(ctx, other))
		var readErr, writeErr, selfErr error
		_, err := s.UpdateCommunity(ctx, c.ID, func(n *linkage.Community) error {
			_, readErr = s.GetCommunity(ctx, other.ID)
			_, writeErr = s.UpdateCommunity(ctx, other.ID, func(o *linkage.Community) error { o.Name = "x"; return nil })
			_, selfErr = s.UpdateCommunity(ctx, c.ID, func(o *linkage.Community) error { o.Name = "x"; return nil })
			n.Name = "outer"
			return nil
		})
		require.NoError(t, err)
		for _, e := range []error{readErr, writeErr, selfErr} {
			we := requireKind(t, e, wushe.KindInvalid)
			assert.Equal(t, "fn", we.Field)
		}
		got, err := s.GetCommunity(ctx, other.ID)
		require.NoError(t, err)
		assert.Equal(t, "J community", got.Name, "the refused inner update stored nothing")
		got, err = s.GetCommunity(ctx, c.ID)
		require.NoError(t, err)
		assert.Equal(t, "outer", got.Name)
		assert.Equal(t, int64(2), got.Version)
	})
}
