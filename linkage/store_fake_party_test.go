package linkage_test

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

func (s *fakeStore) CreatePartyOrg(ctx context.Context, p linkage.PartyOrg) error {
	_, err := do(s, ctx, "fake.CreatePartyOrg", func() (int, error) { return 0, s.partyOrgs.create("fake.CreatePartyOrg", p) })
	return err
}
func (s *fakeStore) GetPartyOrg(ctx context.Context, id uuid.UUID) (linkage.PartyOrg, error) {
	return do(s, ctx, "fake.GetPartyOrg", func() (linkage.PartyOrg, error) { return s.partyOrgs.get("fake.GetPartyOrg", id) })
}
func (s *fakeStore) ListPartyOrgs(ctx context.Context, f linkage.PartyOrgFilter) (wushe.Page[linkage.PartyOrg], error) {
	return do(s, ctx, "fake.ListPartyOrgs", func() (wushe.Page[linkage.PartyOrg], error) {
		return s.partyOrgs.list("fake.ListPartyOrgs", func(x linkage.PartyOrg) bool { return f.Match(&x) }, f.Page)
	})
}
func (s *fakeStore) UpdatePartyOrg(ctx context.Context, id uuid.UUID, fn func(*linkage.PartyOrg) error) (linkage.PartyOrg, error) {
	return do(s, ctx, "fake.UpdatePartyOrg", func() (linkage.PartyOrg, error) { return s.partyOrgs.update("fake.UpdatePartyOrg", id, fn) })
}

func (s *fakeStore) CreatePartyReport(ctx context.Context, r linkage.PartyReport) error {
	_, err := do(s, ctx, "fake.CreatePartyReport", func() (int, error) { return 0, s.partyReports.create("fake.CreatePartyReport", r) })
	return err
}
func (s *fakeStore) GetPartyReport(ctx context.Context, id uuid.UUID) (linkage.PartyReport, error) {
	return do(s, ctx, "fake.GetPartyReport", func() (linkage.PartyReport, error) { return s.partyReports.get("fake.GetPartyReport", id) })
}
func (s *fakeStore) ListPartyReports(ctx context.Context, f linkage.PartyReportFilter) (wushe.Page[linkage.PartyReport], error) {
	return do(s, ctx, "fake.ListPartyReports", func() (wushe.Page[linkage.PartyReport], error) {
		return s.partyReports.list("fake.ListPartyReports", func(x linkage.PartyReport) bool { return f.Match(&x) }, f.Page)
	})
}
func (s *fakeStore) UpdatePartyReport(ctx context.Context, id uuid.UUID, fn func(*linkage.PartyReport) error) (linkage.PartyReport, error) {
	return do(s, ctx, "fake.UpdatePartyReport", func() (linkage.PartyReport, error) { return s.partyReports.update("fake.UpdatePartyReport", id, fn) })
}
