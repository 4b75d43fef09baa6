package resourcestest

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/storetest"
)

// FaultyStore wraps a resources.Store and fails the calls its Faults choose: each method
// calls Faults.Hit with its own name ("Post", "GetLot" ...) before delegating. Service
// tests use it to show that a failing store leaves nothing partial.
type FaultyStore struct {
	Store  resources.Store
	Faults *storetest.Faults
}

// NewFaultyStore wraps s with a fresh Faults that fails nothing until told to.
func NewFaultyStore(s resources.Store) *FaultyStore {
	return &FaultyStore{Store: s, Faults: &storetest.Faults{}}
}

var _ resources.Store = (*FaultyStore)(nil)

// CreateDonor implements resources.Store.
func (f *FaultyStore) CreateDonor(ctx context.Context, d resources.Donor) error {
	if err := f.Faults.Hit("CreateDonor"); err != nil {
		return err
	}
	return f.Store.CreateDonor(ctx, d)
}

// GetDonor implements resources.Store.
func (f *FaultyStore) GetDonor(ctx context.Context, id uuid.UUID) (resources.Donor, error) {
	if err := f.Faults.Hit("GetDonor"); err != nil {
		return resources.Donor{}, err
	}
	return f.Store.GetDonor(ctx, id)
}

// ListDonors implements resources.Store.
func (f *FaultyStore) ListDonors(ctx context.Context, fl resources.DonorFilter) (wushe.Page[resources.Donor], error) {
	if err := f.Faults.Hit("ListDonors"); err != nil {
		return wushe.Page[resources.Donor]{}, err
	}
	return f.Store.ListDonors(ctx, fl)
}

// UpdateDonor implements resources.Store.
func (f *FaultyStore) UpdateDonor(ctx context.Context, id uuid.UUID, fn func(*resources.Donor) error) (resources.Donor, error) {
	if err := f.Faults.Hit("UpdateDonor"); err != nil {
		return resources.Donor{}, err
	}
	return f.Store.UpdateDonor(ctx, id, fn)
}

// CreateDonation implements resources.Store.
func (f *FaultyStore) CreateDonation(ctx context.Context, d resources.Donation) error {
	if err := f.Faults.Hit("CreateDonation"); err != nil {
		return err
	}
	return f.Store.CreateDonation(ctx, d)
}

// GetDonation implements resources.Store.
func (f *FaultyStore) GetDonation(ctx context.Context, id uuid.UUID) (resources.Donation, error) {
	if err := f.Faults.Hit("GetDonation"); err != nil {
		return resources.Donation{}, err
	}
	return f.Store.GetDonation(ctx, id)
}

// ListDonations implements resources.Store.
func (f *FaultyStore) ListDonations(ctx context.Context, fl resources.DonationFilter) (wushe.Page[resources.Donation], error) {
	if err := f.Faults.Hit("ListDonations"); err != nil {
		return wushe.Page[resources.Donation]{}, err
	}
	return f.Store.ListDonations(ctx, fl)
}

// UpdateDonation implements resources.Store.
func (f *FaultyStore) UpdateDonation(ctx context.Context, id uuid.UUID, fn func(*resources.Donation) error) (resources.Donation, error) {
	if err := f.Faults.Hit("UpdateDonation"); err != nil {
		return resources.Donation{}, err
	}
	return f.Store.UpdateDonation(ctx, id, fn)
}

// GetLot implements resources.Store.
func (f *FaultyStore) GetLot(ctx context.Context, id uuid.UUID) (resources.Lot, error) {
	if err := f.Faults.Hit("GetLot"); err != nil {
		return resources.Lot{}, err
	}
	return f.Store.GetLot(ctx, id)
}

// ListLots implements resources.Store.
func (f *FaultyStore) ListLots(ctx context.Context, fl resources.LotFilter) (wushe.Page[resources.Lot], error) {
	if err := f.Faults.Hit("ListLots"); err != nil {
		return wushe.Page[resources.Lot]{}, err
	}
	return f.Store.ListLots(ctx, fl)
}

// UpdateLot implements resources.Store.
func (f *FaultyStore) UpdateLot(ctx context.Context, id uuid.UUID, fn func(*resources.Lot) error) (resources.Lot, error) {
	if err := f.Faults.Hit("UpdateLot"); err != nil {
		return resources.Lot{}, err
	}
	return f.Store.UpdateLot(ctx, id, fn)
}

// CreateRequest implements resources.Store.
func (f *FaultyStore) CreateRequest(ctx context.Context, r resources.Request) error {
	if err := f.Faults.Hit("CreateRequest"); err != nil {
		return err
	}
	return f.Store.CreateRequest(ctx, r)
}

// GetRequest implements resources.Store.
func (f *FaultyStore) GetRequest(ctx context.Context, id uuid.UUID) (resources.Request, error) {
	if err := f.Faults.Hit("GetRequest"); err != nil {
		return resources.Request{}, err
	}
	return f.Store.GetRequest(ctx, id)
}

// ListRequests implements resources.Store.
func (f *FaultyStore) ListRequests(ctx context.Context, fl resources.RequestFilter) (wushe.Page[resources.Request], error) {
	if err := f.Faults.Hit("ListRequests"); err != nil {
		return wushe.Page[resources.Request]{}, err
	}
	return f.Store.ListRequests(ctx, fl)
}

// UpdateRequest implements resources.Store.
func (f *FaultyStore) UpdateRequest(ctx context.Context, id uuid.UUID, fn func(*resources.Request) error) (resources.Request, error) {
	if err := f.Faults.Hit("UpdateRequest"); err != nil {
		return resources.Request{}, err
	}
	return f.Store.UpdateRequest(ctx, id, fn)
}

// GetAllocation implements resources.Store.
func (f *FaultyStore) GetAllocation(ctx context.Context, id uuid.UUID) (resources.Allocation, error) {
	if err := f.Faults.Hit("GetAllocation"); err != nil {
		return resources.Allocation{}, err
	}
	return f.Store.GetAllocation(ctx, id)
}

// ListAllocations implements resources.Store.
func (f *FaultyStore) ListAllocations(ctx context.Context, fl resources.AllocationFilter) (wushe.Page[resources.Allocation], error) {
	if err := f.Faults.Hit("ListAllocations"); err != nil {
		return wushe.Page[resources.Allocation]{}, err
	}
	return f.Store.ListAllocations(ctx, fl)
}

// ListMovements implements resources.Store.
func (f *FaultyStore) ListMovements(ctx context.Context, fl resources.MovementFilter) (wushe.Page[resources.Movement], error) {
	if err := f.Faults.Hit("ListMovements"); err != nil {
		return wushe.Page[resources.Movement]{}, err
	}
	return f.Store.ListMovements(ctx, fl)
}

// Post implements resources.Store.
func (f *FaultyStore) Post(ctx context.Context, p resources.Posting) error {
	if err := f.Faults.Hit("Post"); err != nil {
		return err
	}
	return f.Store.Post(ctx, p)
}
