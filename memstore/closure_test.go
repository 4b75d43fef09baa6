package memstore

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/linkage"
)

func closureCommunity() linkage.Community {
	return linkage.Community{ID: uuid.New(), Name: "Yulin", Kind: linkage.CommunityUrban, District: "Wuhou"}
}

// A panic inside an update function releases the lock, stores nothing and goes on
// panicking with its own value.
func TestPanicInUpdateReleasesTheLock(t *testing.T) {
	s := New()
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
	_, err = s.UpdateCommunity(ctx, c.ID, func(c *linkage.Community) error { c.Name = "after"; return nil })
	require.NoError(t, err)
}
