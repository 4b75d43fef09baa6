package linkagetest

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// CreatePartyOrg fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) CreatePartyOrg(ctx context.Context, p linkage.PartyOrg) error {
	if err := s.fail("CreatePartyOrg", "PartyOrg"); err != nil {
		return err
	}
	return s.inner.CreatePartyOrg(ctx, p)
}

// GetPartyOrg fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) GetPartyOrg(ctx context.Context, id uuid.UUID) (linkage.PartyOrg, error) {
	return faulty(s, "GetPartyOrg", "PartyOrg", func() (linkage.PartyOrg, error) { return s.inner.GetPartyOrg(ctx, id) })
}

// ListPartyOrgs fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) ListPartyOrgs(ctx context.Context, f linkage.PartyOrgFilter) (wushe.Page[linkage.PartyOrg], error) {
	return faulty(s, "ListPartyOrgs", "PartyOrg", func() (wushe.Page[linkage.PartyOrg], error) { return s.inner.ListPartyOrgs(ctx, f) })
}

// UpdatePartyOrg fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) UpdatePartyOrg(ctx context.Context, id uuid.UUID, fn func(*linkage.PartyOrg) error) (linkage.PartyOrg, error) {
	return faulty(s, "UpdatePartyOrg", "PartyOrg", func() (linkage.PartyOrg, error) { return s.inner.UpdatePartyOrg(ctx, id, fn) })
}

// CreatePartyReport fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) CreatePartyReport(ctx context.Context, r linkage.PartyReport) error {
	if err := s.fail("CreatePartyReport", "PartyReport"); err != nil {
		return err
	}
	return s.inner.CreatePartyReport(ctx, r)
}

// GetPartyReport fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) GetPartyReport(ctx context.Context, id uuid.UUID) (linkage.PartyReport, error) {
	return faulty(s, "GetPartyReport", "PartyReport", func() (linkage.PartyReport, error) { return s.inner.GetPartyReport(ctx, id) })
}

// ListPartyReports fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) ListPartyReports(ctx context.Context, f linkage.PartyReportFilter) (wushe.Page[linkage.PartyReport], error) {
	return faulty(s, "ListPartyReports", "PartyReport", func() (wushe.Page[linkage.PartyReport], error) { return s.inner.ListPartyReports(ctx, f) })
}

// UpdatePartyReport fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) UpdatePartyReport(ctx context.Context, id uuid.UUID, fn func(*linkage.PartyReport) error) (linkage.PartyReport, error) {
	return faulty(s, "UpdatePartyReport", "PartyReport", func() (linkage.PartyReport, error) { return s.inner.UpdatePartyReport(ctx, id, fn) })
}
