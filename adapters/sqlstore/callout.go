package sqlstore

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// callOutTable keeps emergency call-outs; acknowledgements live in the document, so an
// acknowledgement is one locked read-modify-write of the row.
var callOutTable = &table[volunteer.CallOut]{name: "volunteer_call_outs", entity: "CallOut",
	id: func(v *volunteer.CallOut) uuid.UUID { return v.ID }, version: func(v *volunteer.CallOut) *int64 { return &v.Version },
	cols: []column[volunteer.CallOut]{
		{name: "organizer_kind", field: "Organizer.Kind", max: 64, value: func(v *volunteer.CallOut) any { return v.Organizer.Kind }},
		{name: "organizer_id", field: "Organizer.ID", value: func(v *volunteer.CallOut) any { return v.Organizer.ID }},
		{name: "status", field: "Status", max: 64, value: func(v *volunteer.CallOut) any { return v.Status }},
		{name: "opened_at", field: "OpenedAt", value: func(v *volunteer.CallOut) any { return v.OpenedAt }},
	}}

// CreateCallOut implements volunteer.Store.
func (s *Store) CreateCallOut(ctx context.Context, c volunteer.CallOut) error {
	return create(ctx, s, "sqlstore.Store.CreateCallOut", callOutTable, c)
}

// GetCallOut implements volunteer.Store.
func (s *Store) GetCallOut(ctx context.Context, id uuid.UUID) (volunteer.CallOut, error) {
	return get(ctx, s, "sqlstore.Store.GetCallOut", callOutTable, id)
}

// ListCallOuts implements volunteer.Store.
func (s *Store) ListCallOuts(ctx context.Context, f volunteer.CallOutFilter) (wushe.Page[volunteer.CallOut], error) {
	var w where
	w.eq("organizer_id", f.Organizer.ID)
	w.eq("organizer_kind", f.Organizer.Kind)
	w.eq("status", f.Status)
	w.between("opened_at", f.OpenedFrom, f.OpenedTo)
	return list(ctx, s, "sqlstore.Store.ListCallOuts", callOutTable, w, f.Match, f.Page)
}

// UpdateCallOut implements volunteer.Store.
func (s *Store) UpdateCallOut(ctx context.Context, id uuid.UUID, fn func(*volunteer.CallOut) error) (volunteer.CallOut, error) {
	return update(ctx, s, "sqlstore.Store.UpdateCallOut", callOutTable, id, fn)
}
