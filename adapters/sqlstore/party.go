package sqlstore

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// The party-building tables: party organizations and reports to communities.
var (
	partyOrgTable = &table[linkage.PartyOrg]{name: "linkage_party_orgs", entity: "PartyOrg",
		id: func(v *linkage.PartyOrg) uuid.UUID { return v.ID }, version: func(v *linkage.PartyOrg) *int64 { return &v.Version },
		cols: []column[linkage.PartyOrg]{
			{name: "community_id", field: "Community", value: func(v *linkage.PartyOrg) any { return v.Community }},
			{name: "kind", field: "Kind", max: 64, value: func(v *linkage.PartyOrg) any { return v.Kind }},
		}}
	partyReportTable = &table[linkage.PartyReport]{name: "linkage_party_reports", entity: "PartyReport",
		id: func(v *linkage.PartyReport) uuid.UUID { return v.ID }, version: func(v *linkage.PartyReport) *int64 { return &v.Version },
		cols: []column[linkage.PartyReport]{
			{name: "community_id", field: "Community", value: func(v *linkage.PartyReport) any { return v.Community }},
			{name: "kind", field: "Kind", max: 64, value: func(v *linkage.PartyReport) any { return v.Kind }},
			{name: "reported_at", field: "ReportedAt", value: func(v *linkage.PartyReport) any { return v.ReportedAt }},
		}}
)

// CreatePartyOrg implements linkage.Store.
func (s *Store) CreatePartyOrg(ctx context.Context, v linkage.PartyOrg) error {
	return create(ctx, s, "sqlstore.Store.CreatePartyOrg", partyOrgTable, v)
}

// GetPartyOrg implements linkage.Store.
func (s *Store) GetPartyOrg(ctx context.Context, id uuid.UUID) (linkage.PartyOrg, error) {
	return get(ctx, s, "sqlstore.Store.GetPartyOrg", partyOrgTable, id)
}

// ListPartyOrgs implements linkage.Store.
func (s *Store) ListPartyOrgs(ctx context.Context, f linkage.PartyOrgFilter) (wushe.Page[linkage.PartyOrg], error) {
	var w where
	w.eq("community_id", f.Community)
	w.eq("kind", f.Kind)
	return list(ctx, s, "sqlstore.Store.ListPartyOrgs", partyOrgTable, w, f.Match, f.Page)
}

// UpdatePartyOrg implements linkage.Store.
func (s *Store) UpdatePartyOrg(ctx context.Context, id uuid.UUID, fn func(*linkage.PartyOrg) error) (linkage.PartyOrg, error) {
	return update(ctx, s, "sqlstore.Store.UpdatePartyOrg", partyOrgTable, id, fn)
}

// CreatePartyReport implements linkage.Store.
func (s *Store) CreatePartyReport(ctx context.Context, v linkage.PartyReport) error {
	return create(ctx, s, "sqlstore.Store.CreatePartyReport", partyReportTable, v)
}

// GetPartyReport implements linkage.Store.
func (s *Store) GetPartyReport(ctx context.Context, id uuid.UUID) (linkage.PartyReport, error) {
	return get(ctx, s, "sqlstore.Store.GetPartyReport", partyReportTable, id)
}

// ListPartyReports implements linkage.Store.
func (s *Store) ListPartyReports(ctx context.Context, f linkage.PartyReportFilter) (wushe.Page[linkage.PartyReport], error) {
	var w where
	w.eq("community_id", f.Community)
	w.eq("kind", f.Kind)
	w.between("reported_at", f.ReportedFrom, f.ReportedTo)
	return list(ctx, s, "sqlstore.Store.ListPartyReports", partyReportTable, w, f.Match, f.Page)
}

// UpdatePartyReport implements linkage.Store.
func (s *Store) UpdatePartyReport(ctx context.Context, id uuid.UUID, fn func(*linkage.PartyReport) error) (linkage.PartyReport, error) {
	return update(ctx, s, "sqlstore.Store.UpdatePartyReport", partyReportTable, id, fn)
}
