package volunteertest

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// CreateCallOut calls Faults.Hit("CreateCallOut") and delegates.
func (f *FaultyStore) CreateCallOut(ctx context.Context, c volunteer.CallOut) error {
	if err := f.Faults.Hit("CreateCallOut"); err != nil {
		return err
	}
	return f.Store.CreateCallOut(ctx, c)
}

// GetCallOut calls Faults.Hit("GetCallOut") and delegates.
func (f *FaultyStore) GetCallOut(ctx context.Context, id uuid.UUID) (volunteer.CallOut, error) {
	if err := f.Faults.Hit("GetCallOut"); err != nil {
		return volunteer.CallOut{}, err
	}
	return f.Store.GetCallOut(ctx, id)
}

// ListCallOuts calls Faults.Hit("ListCallOuts") and delegates.
func (f *FaultyStore) ListCallOuts(ctx context.Context, q volunteer.CallOutFilter) (wushe.Page[volunteer.CallOut], error) {
	if err := f.Faults.Hit("ListCallOuts"); err != nil {
		return wushe.Page[volunteer.CallOut]{}, err
	}
	return f.Store.ListCallOuts(ctx, q)
}

// UpdateCallOut calls Faults.Hit("UpdateCallOut") and delegates.
func (f *FaultyStore) UpdateCallOut(ctx context.Context, id uuid.UUID, fn func(*volunteer.CallOut) error) (volunteer.CallOut, error) {
	if err := f.Faults.Hit("UpdateCallOut"); err != nil {
		return volunteer.CallOut{}, err
	}
	return f.Store.UpdateCallOut(ctx, id, fn)
}
