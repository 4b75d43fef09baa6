package main

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

func closureCommunity() linkage.Community {
	return linkage.Community{ID: uuid.New(), Name: "Yulin", Kind: linkage.CommunityUrban, District: "Wuhou"}
}

// A Store call from inside an update function fails at once with invalid instead of
// waiting forever for the lock its own goroutine holds; the outer update goes on.
func TestStoreCallInsideUpdateIsRefused(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	c, other := closureCommunity(), closureCommunity()
	require.NoError(t, s.CreateCommunity(ctx, c))
	require.NoError(t, s.CreateCommunity(ctx, other))
	var readErr, writeErr error
	_, err := s.UpdateCommunity(ctx, c.ID, func(c *linkage.Community) error {
		_, readErr = s.GetCommunity(ctx, other.ID)
		_, writeErr = s.UpdateCommunity(ctx, other.ID, func(o *linkage.Community) error { o.Name = "x"; return nil })
		c.Name = "outer"
		return nil
	})
	require.NoError(t, err)
	for _, e := range []error{readErr, writeErr} {
		require.ErrorIs(t, e, wushe.ErrInvalid)
		var we *wushe.Error
		require.ErrorAs(t, e, &we)
		assert.Equal(t, "fn", we.Field)
	}
	got, err := s.GetCommunity(ctx, other.ID)
	require.NoError(t, err)
	assert.Equal(t, "Yulin", got.Name, "the refused inner update stored nothing")
	got, err = s.GetCommunity(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, "outer", got.Name)
}

// A panic inside an update function releases the lock, stores nothing and goes on
// panicking with its own value.
func TestPanicInUpdateReleasesTheLock(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	c := closureCommunity()
	require.NoError(t, s.CreateCommunity(ctx, c))
	require.PanicsWithValue(t, "boom", func() {
		_, _ = s.UpdateCommunity(ctx, c.ID, func(c *linkage.Community) error {
			c.Name = "changed"
			panic("boom")
		})
	})
	require.True(t, s.mu.TryLock(), "the write lock is free after the panic")
	s.mu.Unlock()
	got, err := s.GetCommunity(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, "Yulin", got.Name)
	assert.Equal(t, int64(1), got.Version)
}
