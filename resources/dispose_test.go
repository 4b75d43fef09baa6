package resources_test

import (
	"context"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

// interleaved is a Store in which, right after the first GetLot, another caller's
// movement commits: the window between a service's read and its posting.
type interleaved struct {
	resources.Store
	once    sync.Once
	between func()
}

func (s *interleaved) GetLot(ctx context.Context, id uuid.UUID) (resources.Lot, error) {
	l, err := s.Store.GetLot(ctx, id)
	s.once.Do(s.between)
	return l, err
}

// TestDisposeReturnsTheStoredLot: Dispose returns the lot (and the proceeds' lot) as
// stored after its posting, including a movement another caller committed between its
// read and its posting, not the copy it read before.
func TestDisposeReturnsTheStoredLot(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	_, lot := e.goods("10", resources.Restriction{})
	other, err := resources.NewService(e.mem, &resources.Options{Clock: e.clock, NewID: wushe.SequentialIDs(t.Name() + "/other")})
	require.NoError(t, err)
	store := &interleaved{Store: e.mem, between: func() {
		_, _, err := other.Dispose(ctx, "another clerk", lot.ID, resources.Disposal{Quantity: d("2"), Reason: resources.DisposeDamaged})
		require.NoError(t, err)
	}}
	svc, err := resources.NewService(store, &resources.Options{Clock: e.clock, NewID: wushe.SequentialIDs(t.Name())})
	require.NoError(t, err)
	got, proceeds, err := svc.Dispose(ctx, "clerk", lot.ID, resources.Disposal{Quantity: d("3"), Reason: resources.DisposeSold,
		Proceeds: d("45"), Holder: e.holder()})
	require.NoError(t, err)
	assert.Equal(t, e.lot(lot.ID), got)
	assert.True(t, got.OnHand.Equal(d("5")), "10 less the other clerk's 2 and this sale's 3: %s", got.OnHand)
	assert.True(t, got.Disposed.Equal(d("5")))
	require.NotNil(t, proceeds)
	assert.Equal(t, e.lot(proceeds.ID), *proceeds)
}
