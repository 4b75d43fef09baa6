package memstore

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// CreateCallOut implements volunteer.Store.
func (s *Store) CreateCallOut(ctx context.Context, c volunteer.CallOut) error {
	return lockedCreate(ctx, s, "memstore.Store.CreateCallOut", s.callOuts, c)
}

// GetCallOut implements volunteer.Store.
func (s *Store) GetCallOut(ctx context.Context, id uuid.UUID) (volunteer.CallOut, error) {
	return lockedGet(ctx, s, "memstore.Store.GetCallOut", s.callOuts, id)
}

// ListCallOuts implements volunteer.Store.
func (s *Store) ListCallOuts(ctx context.Context, f volunteer.CallOutFilter) (wushe.Page[volunteer.CallOut], error) {
	return lockedList(ctx, s, "memstore.Store.ListCallOuts", s.callOuts, f.Match, f.Page)
}

// UpdateCallOut implements volunteer.Store: the read-modify-write runs under the store's
// lock, so concurrent acknowledgements are applied one after another.
func (s *Store) UpdateCallOut(ctx context.Context, id uuid.UUID, fn func(*volunteer.CallOut) error) (volunteer.CallOut, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdateCallOut", s.callOuts, id, fn)
}
