package volunteertest

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storetest"
	"github.com/wushe/wushe/volunteer"
)

// FaultyStore wraps a volunteer.Store and fails the calls its Faults choose: each method
// calls Faults.Hit with its name ("CreateVolunteer", "PostTransaction" ...) before
// delegating, and returns the injected error without delegating when Hit fails. Service
// tests use it to show that a failing store leaves nothing half-done.
type FaultyStore struct {
	Store  volunteer.Store
	Faults *storetest.Faults
}

// NewFaultyStore wraps s with a fresh Faults that fails nothing until told to.
func NewFaultyStore(s volunteer.Store) *FaultyStore {
	return &FaultyStore{Store: s, Faults: &storetest.Faults{}}
}

var _ volunteer.Store = (*FaultyStore)(nil)

// CreateVolunteer calls Faults.Hit("CreateVolunteer") and delegates.
func (f *FaultyStore) CreateVolunteer(ctx context.Context, v volunteer.Volunteer) error {
	if err := f.Faults.Hit("CreateVolunteer"); err != nil {
		return err
	}
	return f.Store.CreateVolunteer(ctx, v)
}

// GetVolunteer calls Faults.Hit("GetVolunteer") and delegates.
func (f *FaultyStore) GetVolunteer(ctx context.Context, id uuid.UUID) (volunteer.Volunteer, error) {
	if err := f.Faults.Hit("GetVolunteer"); err != nil {
		return volunteer.Volunteer{}, err
	}
	return f.Store.GetVolunteer(ctx, id)
}

// ListVolunteers calls Faults.Hit("ListVolunteers") and delegates.
func (f *FaultyStore) ListVolunteers(ctx context.Context, q volunteer.VolunteerFilter) (wushe.Page[volunteer.Volunteer], error) {
	if err := f.Faults.Hit("ListVolunteers"); err != nil {
		return wushe.Page[volunteer.Volunteer]{}, err
	}
	return f.Store.ListVolunteers(ctx, q)
}

// UpdateVolunteer calls Faults.Hit("UpdateVolunteer") and delegates.
func (f *FaultyStore) UpdateVolunteer(ctx context.Context, id uuid.UUID, fn func(*volunteer.Volunteer) error) (volunteer.Volunteer, error) {
	if err := f.Faults.Hit("UpdateVolunteer"); err != nil {
		return volunteer.Volunteer{}, err
	}
	return f.Store.UpdateVolunteer(ctx, id, fn)
}

// CreateTeam calls Faults.Hit("CreateTeam") and delegates.
func (f *FaultyStore) CreateTeam(ctx context.Context, t volunteer.Team) error {
	if err := f.Faults.Hit("CreateTeam"); err != nil {
		return err
	}
	return f.Store.CreateTeam(ctx, t)
}

// GetTeam calls Faults.Hit("GetTeam") and delegates.
func (f *FaultyStore) GetTeam(ctx context.Context, id uuid.UUID) (volunteer.Team, error) {
	if err := f.Faults.Hit("GetTeam"); err != nil {
		return volunteer.Team{}, err
	}
	return f.Store.GetTeam(ctx, id)
}

// ListTeams calls Faults.Hit("ListTeams") and delegates.
func (f *FaultyStore) ListTeams(ctx context.Context, q volunteer.TeamFilter) (wushe.Page[volunteer.Team], error) {
	if err := f.Faults.Hit("ListTeams"); err != nil {
		return wushe.Page[volunteer.Team]{}, err
	}
	return f.Store.ListTeams(ctx, q)
}

// UpdateTeam calls Faults.Hit("UpdateTeam") and delegates.
func (f *FaultyStore) UpdateTeam(ctx context.Context, id uuid.UUID, fn func(*volunteer.Team) error) (volunteer.Team, error) {
	if err := f.Faults.Hit("UpdateTeam"); err != nil {
		return volunteer.Team{}, err
	}
	return f.Store.UpdateTeam(ctx, id, fn)
}

// CreateOpportunity calls Faults.Hit("CreateOpportunity") and delegates.
func (f *FaultyStore) CreateOpportunity(ctx context.Context, o volunteer.Opportunity) error {
	if err := f.Faults.Hit("CreateOpportunity"); err != nil {
		return err
	}
	return f.Store.CreateOpportunity(ctx, o)
}

// GetOpportunity calls Faults.Hit("GetOpportunity") and delegates.
func (f *FaultyStore) GetOpportunity(ctx context.Context, id uuid.UUID) (volunteer.Opportunity, error) {
	if err := f.Faults.Hit("GetOpportunity"); err != nil {
		return volunteer.Opportunity{}, err
	}
	return f.Store.GetOpportunity(ctx, id)
}

// ListOpportunities calls Faults.Hit("ListOpportunities") and delegates.
func (f *FaultyStore) ListOpportunities(ctx context.Context, q volunteer.OpportunityFilter) (wushe.Page[volunteer.Opportunity], error) {
	if err := f.Faults.Hit("ListOpportunities"); err != nil {
		return wushe.Page[volunteer.Opportunity]{}, err
	}
	return f.Store.ListOpportunities(ctx, q)
}

// UpdateOpportunity calls Faults.Hit("UpdateOpportunity") and delegates.
func (f *FaultyStore) UpdateOpportunity(ctx context.Context, id uuid.UUID, fn func(*volunteer.Opportunity) error) (volunteer.Opportunity, error) {
	if err := f.Faults.Hit("UpdateOpportunity"); err != nil {
		return volunteer.Opportunity{}, err
	}
	return f.Store.UpdateOpportunity(ctx, id, fn)
}

// EnrolInShift calls Faults.Hit("EnrolInShift") and delegates.
func (f *FaultyStore) EnrolInShift(ctx context.Context, e volunteer.Enrolment, capacity int) (volunteer.Enrolment, error) {
	if err := f.Faults.Hit("EnrolInShift"); err != nil {
		return volunteer.Enrolment{}, err
	}
	return f.Store.EnrolInShift(ctx, e, capacity)
}

// CancelEnrolment calls Faults.Hit("CancelEnrolment") and delegates.
func (f *FaultyStore) CancelEnrolment(ctx context.Context, id uuid.UUID, c volunteer.Cancellation) (volunteer.Enrolment, []volunteer.Enrolment, error) {
	if err := f.Faults.Hit("CancelEnrolment"); err != nil {
		return volunteer.Enrolment{}, nil, err
	}
	return f.Store.CancelEnrolment(ctx, id, c)
}

// GetEnrolment calls Faults.Hit("GetEnrolment") and delegates.
func (f *FaultyStore) GetEnrolment(ctx context.Context, id uuid.UUID) (volunteer.Enrolment, error) {
	if err := f.Faults.Hit("GetEnrolment"); err != nil {
		return volunteer.Enrolment{}, err
	}
	return f.Store.GetEnrolment(ctx, id)
}

// ListEnrolments calls Faults.Hit("ListEnrolments") and delegates.
func (f *FaultyStore) ListEnrolments(ctx context.Context, q volunteer.EnrolmentFilter) (wushe.Page[volunteer.Enrolment], error) {
	if err := f.Faults.Hit("ListEnrolments"); err != nil {
		return wushe.Page[volunteer.Enrolment]{}, err
	}
	return f.Store.ListEnrolments(ctx, q)
}

// UpdateEnrolment calls Faults.Hit("UpdateEnrolment") and delegates.
func (f *FaultyStore) UpdateEnrolment(ctx context.Context, id uuid.UUID, fn func(*volunteer.Enrolment) error) (volunteer.Enrolment, error) {
	if err := f.Faults.Hit("UpdateEnrolment"); err != nil {
		return volunteer.Enrolment{}, err
	}
	return f.Store.UpdateEnrolment(ctx, id, fn)
}

// CreateRecord calls Faults.Hit("CreateRecord") and delegates.
func (f *FaultyStore) CreateRecord(ctx context.Context, r volunteer.ServiceRecord) error {
	if err := f.Faults.Hit("CreateRecord"); err != nil {
		return err
	}
	return f.Store.CreateRecord(ctx, r)
}

// GetRecord calls Faults.Hit("GetRecord") and delegates.
func (f *FaultyStore) GetRecord(ctx context.Context, id uuid.UUID) (volunteer.ServiceRecord, error) {
	if err := f.Faults.Hit("GetRecord"); err != nil {
		return volunteer.ServiceRecord{}, err
	}
	return f.Store.GetRecord(ctx, id)
}

// ListRecords calls Faults.Hit("ListRecords") and delegates.
func (f *FaultyStore) ListRecords(ctx context.Context, q volunteer.RecordFilter) (wushe.Page[volunteer.ServiceRecord], error) {
	if err := f.Faults.Hit("ListRecords"); err != nil {
		return wushe.Page[volunteer.ServiceRecord]{}, err
	}
	return f.Store.ListRecords(ctx, q)
}

// UpdateRecord calls Faults.Hit("UpdateRecord") and delegates.
func (f *FaultyStore) UpdateRecord(ctx context.Context, id uuid.UUID, fn func(*volunteer.ServiceRecord) error) (volunteer.ServiceRecord, error) {
	if err := f.Faults.Hit("UpdateRecord"); err != nil {
		return volunteer.ServiceRecord{}, err
	}
	return f.Store.UpdateRecord(ctx, id, fn)
}

// CreateCertificate calls Faults.Hit("CreateCertificate") and delegates.
func (f *FaultyStore) CreateCertificate(ctx context.Context, c volunteer.Certificate) error {
	if err := f.Faults.Hit("CreateCertificate"); err != nil {
		return err
	}
	return f.Store.CreateCertificate(ctx, c)
}

// GetCertificate calls Faults.Hit("GetCertificate") and delegates.
func (f *FaultyStore) GetCertificate(ctx context.Context, id uuid.UUID) (volunteer.Certificate, error) {
	if err := f.Faults.Hit("GetCertificate"); err != nil {
		return volunteer.Certificate{}, err
	}
	return f.Store.GetCertificate(ctx, id)
}

// CreateCatalogItem calls Faults.Hit("CreateCatalogItem") and delegates.
func (f *FaultyStore) CreateCatalogItem(ctx context.Context, c volunteer.CatalogItem) error {
	if err := f.Faults.Hit("CreateCatalogItem"); err != nil {
		return err
	}
	return f.Store.CreateCatalogItem(ctx, c)
}

// GetCatalogItem calls Faults.Hit("GetCatalogItem") and delegates.
func (f *FaultyStore) GetCatalogItem(ctx context.Context, id uuid.UUID) (volunteer.CatalogItem, error) {
	if err := f.Faults.Hit("GetCatalogItem"); err != nil {
		return volunteer.CatalogItem{}, err
	}
	return f.Store.GetCatalogItem(ctx, id)
}

// ListCatalogItems calls Faults.Hit("ListCatalogItems") and delegates.
func (f *FaultyStore) ListCatalogItems(ctx context.Context, q volunteer.CatalogFilter) (wushe.Page[volunteer.CatalogItem], error) {
	if err := f.Faults.Hit("ListCatalogItems"); err != nil {
		return wushe.Page[volunteer.CatalogItem]{}, err
	}
	return f.Store.ListCatalogItems(ctx, q)
}

// UpdateCatalogItem calls Faults.Hit("UpdateCatalogItem") and delegates.
func (f *FaultyStore) UpdateCatalogItem(ctx context.Context, id uuid.UUID, fn func(*volunteer.CatalogItem) error) (volunteer.CatalogItem, error) {
	if err := f.Faults.Hit("UpdateCatalogItem"); err != nil {
		return volunteer.CatalogItem{}, err
	}
	return f.Store.UpdateCatalogItem(ctx, id, fn)
}

// PostTransaction calls Faults.Hit("PostTransaction") and delegates.
func (f *FaultyStore) PostTransaction(ctx context.Context, tx volunteer.Transaction) (volunteer.Transaction, error) {
	if err := f.Faults.Hit("PostTransaction"); err != nil {
		return volunteer.Transaction{}, err
	}
	return f.Store.PostTransaction(ctx, tx)
}

// ListTransactions calls Faults.Hit("ListTransactions") and delegates.
func (f *FaultyStore) ListTransactions(ctx context.Context, q volunteer.TransactionFilter) (wushe.Page[volunteer.Transaction], error) {
	if err := f.Faults.Hit("ListTransactions"); err != nil {
		return wushe.Page[volunteer.Transaction]{}, err
	}
	return f.Store.ListTransactions(ctx, q)
}

// LedgerBalance calls Faults.Hit("LedgerBalance") and delegates.
func (f *FaultyStore) LedgerBalance(ctx context.Context, a volunteer.Account, asOf time.Time) (decimal.Decimal, error) {
	if err := f.Faults.Hit("LedgerBalance"); err != nil {
		return decimal.Zero, err
	}
	return f.Store.LedgerBalance(ctx, a, asOf)
}
