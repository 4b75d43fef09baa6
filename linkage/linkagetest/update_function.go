package linkagetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// updateFunctionCases checks what the contract says of the function an UpdateX runs: a
// panic in it stores nothing, goes on with its own value and leaves the store usable (30
// panics, more than a connection pool usually holds); with Features.RefusesStoreCalls, a
// Store call made from inside it is refused as invalid naming "fn", and the outer update
// goes on.
func updateFunctionCases(t *testing.T, e env) {
	t.Run("Panic", func(t *testing.T) {
		t.Parallel()
		s := e.open(t)
		// A guard against a hang, not a speed limit: a leaked lock or transaction blocks
		// forever.
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		c := updateFunctionCommunity("Yulin")
		require.NoError(t, s.CreateCommunity(ctx, c))
		for range 30 {
			require.PanicsWithValue(t, "boom", func() {
				_, _ = s.UpdateCommunity(ctx, c.ID, func(c *linkage.Community) error {
					c.Name = "changed"
					panic("boom")
				})
			})
		}
		got, err := s.GetCommunity(ctx, c.ID)
		require.NoError(t, err)
		assert.Equal(t, "Yulin", got.Name, "no panicking update was stored")
		assert.Equal(t, int64(1), got.Version)
		got, err = s.UpdateCommunity(ctx, c.ID, func(c *linkage.Community) error { c.Name = "after"; return nil })
		require.NoError(t, err)
		assert.Equal(t, "after", got.Name)
		assert.Equal(t, int64(2), got.Version)
	})
	t.Run("StoreCallInside", func(t *testing.T) {
		if !e.f.RefusesStoreCalls {
			t.Skip("the store does not declare Features.RefusesStoreCalls")
		}
		t.Parallel()
		s := e.open(t)
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		c, other := updateFunctionCommunity("Yulin"), updateFunctionCommunity("Jinjiang")
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
		for _, got := range []error{readErr, writeErr, selfErr} {
			require.ErrorIs(t, got, wushe.ErrInvalid)
			var we *wushe.Error
			require.True(t, errors.As(got, &we), "%v is not a *wushe.Error", got)
			assert.Equal(t, "fn", we.Field)
		}
		got, err := s.GetCommunity(ctx, other.ID)
		require.NoError(t, err)
		assert.Equal(t, "Jinjiang", got.Name, "the refused inner update stored nothing")
		got, err = s.GetCommunity(ctx, c.ID)
		require.NoError(t, err)
		assert.Equal(t, "outer", got.Name)
		assert.Equal(t, int64(2), got.Version)
	})
}

func updateFunctionCommunity(name string) linkage.Community {
	return linkage.Community{ID: uuid.New(), Name: name, Kind: linkage.CommunityUrban, District: "Wuhou"}
}
