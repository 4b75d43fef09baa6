package main

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// Where party organizations and reports live on disk.
var (
	partyOrgKind = kind[linkage.PartyOrg]{entity: "PartyOrg", dir: "party_orgs",
		id: func(v *linkage.PartyOrg) uuid.UUID { return v.ID }, version: func(v *linkage.PartyOrg) *int64 { return &v.Version }}
	partyReportKind = kind[linkage.PartyReport]{entity: "PartyReport", dir: "party_reports",
		id: func(v *linkage.PartyReport) uuid.UUID { return v.ID }, version: func(v *linkage.PartyReport) *int64 { return &v.Version }}
)

// CreatePartyOrg implements linkage.Store.
func (s *Store) CreatePartyOrg(ctx context.Context, x linkage.PartyOrg) error {
	return partyOrgKind.create(ctx, s, "customstore.Store.CreatePartyOrg", x)
}

// GetPartyOrg implements linkage.Store.
func (s *Store) GetPartyOrg(ctx context.Context, id uuid.UUID) (linkage.PartyOrg, error) {
	return partyOrgKind.get(ctx, s, "customstore.Store.GetPartyOrg", id)
}

// ListPartyOrgs implements linkage.Store.
func (s *Store) ListPartyOrgs(ctx context.Context, f linkage.PartyOrgFilter) (wushe.Page[linkage.PartyOrg], error) {
	return partyOrgKind.list(ctx, s, "customstore.Store.ListPartyOrgs", f.Match, f.Page)
}

// UpdatePartyOrg implements linkage.Store.
func (s *Store) UpdatePartyOrg(ctx context.Context, id uuid.UUID, fn func(*linkage.PartyOrg) error) (linkage.PartyOrg, error) {
	return partyOrgKind.update(ctx, s, "customstore.Store.UpdatePartyOrg", id, fn)
}

// CreatePartyReport implements linkage.Store.
func (s *Store) CreatePartyReport(ctx context.Context, x linkage.PartyReport) error {
	return partyReportKind.create(ctx, s, "customstore.Store.CreatePartyReport", x)
}

// GetPartyReport implements linkage.Store.
func (s *Store) GetPartyReport(ctx context.Context, id uuid.UUID) (linkage.PartyReport, error) {
	return partyReportKind.get(ctx, s, "customstore.Store.GetPartyReport", id)
}

// ListPartyReports implements linkage.Store.
func (s *Store) ListPartyReports(ctx context.Context, f linkage.PartyReportFilter) (wushe.Page[linkage.PartyReport], error) {
	return partyReportKind.list(ctx, s, "customstore.Store.ListPartyReports", f.Match, f.Page)
}

// UpdatePartyReport implements linkage.Store.
func (s *Store) UpdatePartyReport(ctx context.Context, id uuid.UUID, fn func(*linkage.PartyReport) error) (linkage.PartyReport, error) {
	return partyReportKind.update(ctx, s, "customstore.Store.UpdatePartyReport", id, fn)
}
