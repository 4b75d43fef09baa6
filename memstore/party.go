package memstore

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// partyState holds the party organizations and the reports to communities.
type partyState struct {
	partyOrgs    *table[linkage.PartyOrg]
	partyReports *table[linkage.PartyReport]
}

func (st *partyState) init() {
	st.partyOrgs = newTable("PartyOrg", func(v *linkage.PartyOrg) uuid.UUID { return v.ID },
		func(v *linkage.PartyOrg) *int64 { return &v.Version })
	st.partyReports = newTable("PartyReport", func(v *linkage.PartyReport) uuid.UUID { return v.ID },
		func(v *linkage.PartyReport) *int64 { return &v.Version })
}

// CreatePartyOrg implements linkage.Store.
func (s *Store) CreatePartyOrg(ctx context.Context, p linkage.PartyOrg) error {
	return lockedCreate(ctx, s, "memstore.Store.CreatePartyOrg", s.partyOrgs, p)
}

// GetPartyOrg implements linkage.Store.
func (s *Store) GetPartyOrg(ctx context.Context, id uuid.UUID) (linkage.PartyOrg, error) {
	return lockedGet(ctx, s, "memstore.Store.GetPartyOrg", s.partyOrgs, id)
}

// ListPartyOrgs implements linkage.Store.
func (s *Store) ListPartyOrgs(ctx context.Context, f linkage.PartyOrgFilter) (wushe.Page[linkage.PartyOrg], error) {
	return lockedList(ctx, s, "memstore.Store.ListPartyOrgs", s.partyOrgs, f.Match, f.Page)
}

// UpdatePartyOrg implements linkage.Store.
func (s *Store) UpdatePartyOrg(ctx context.Context, id uuid.UUID, fn func(*linkage.PartyOrg) error) (linkage.PartyOrg, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdatePartyOrg", s.partyOrgs, id, fn)
}

// CreatePartyReport implements linkage.Store.
func (s *Store) CreatePartyReport(ctx context.Context, r linkage.PartyReport) error {
	return lockedCreate(ctx, s, "memstore.Store.CreatePartyReport", s.partyReports, r)
}

// GetPartyReport implements linkage.Store.
func (s *Store) GetPartyReport(ctx context.Context, id uuid.UUID) (linkage.PartyReport, error) {
	return lockedGet(ctx, s, "memstore.Store.GetPartyReport", s.partyReports, id)
}

// ListPartyReports implements linkage.Store.
func (s *Store) ListPartyReports(ctx context.Context, f linkage.PartyReportFilter) (wushe.Page[linkage.PartyReport], error) {
	return lockedList(ctx, s, "memstore.Store.ListPartyReports", s.partyReports, f.Match, f.Page)
}

// UpdatePartyReport implements linkage.Store.
func (s *Store) UpdatePartyReport(ctx context.Context, id uuid.UUID, fn func(*linkage.PartyReport) error) (linkage.PartyReport, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdatePartyReport", s.partyReports, id, fn)
}
