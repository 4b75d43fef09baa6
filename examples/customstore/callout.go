package main

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// callOutKind is where call-outs live on disk.
var callOutKind = kind[volunteer.CallOut]{entity: "CallOut", dir: "call_outs",
	id: func(v *volunteer.CallOut) uuid.UUID { return v.ID }, version: func(v *volunteer.CallOut) *int64 { return &v.Version }}

// CreateCallOut implements volunteer.Store.
func (s *Store) CreateCallOut(ctx context.Context, x volunteer.CallOut) error {
	return callOutKind.create(ctx, s, "customstore.Store.CreateCallOut", x)
}

// GetCallOut implements volunteer.Store.
func (s *Store) GetCallOut(ctx context.Context, id uuid.UUID) (volunteer.CallOut, error) {
	return callOutKind.get(ctx, s, "customstore.Store.GetCallOut", id)
}

// ListCallOuts implements volunteer.Store.
func (s *Store) ListCallOuts(ctx context.Context, f volunteer.CallOutFilter) (wushe.Page[volunteer.CallOut], error) {
	return callOutKind.list(ctx, s, "customstore.Store.ListCallOuts", f.Match, f.Page)
}

// UpdateCallOut implements volunteer.Store.
func (s *Store) UpdateCallOut(ctx context.Context, id uuid.UUID, fn func(*volunteer.CallOut) error) (volunteer.CallOut, error) {
	return callOutKind.update(ctx, s, "customstore.Store.UpdateCallOut", id, fn)
}
