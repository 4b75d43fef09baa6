package linkage

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

func (s *Service) partyOrgs() kind[PartyOrg] {
	return kind[PartyOrg]{"PartyOrg", func(x *PartyOrg) (*uuid.UUID, *int64, *time.Time, *time.Time) {
		return &x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt
	}, PartyOrg.Validate, s.store.CreatePartyOrg, s.store.UpdatePartyOrg}
}

// RegisterPartyOrg records a party organization of a community. Its community must exist;
// a committee must be the community's only one; any other organization's Parent must be a
// party organization of the same community; every host must be an organization or unit of
// that community. Errors name the field: KindNotFound for what does not exist, KindInvalid
// for what belongs elsewhere, KindConflict for a second committee.
func (s *Service) RegisterPartyOrg(ctx context.Context, p PartyOrg) (PartyOrg, error) {
	const op = "linkage.Service.RegisterPartyOrg"
	if p.ID == uuid.Nil {
		p.ID = s.newID()
	}
	if err := wushe.WithOp(op, p.Validate()); err != nil {
		return PartyOrg{}, err
	}
	if err := s.checkPartyOrg(ctx, op, p); err != nil {
		return PartyOrg{}, err
	}
	return s.partyOrgs().register(ctx, s, op, p)
}

// UpdatePartyOrg replaces the stored party organization with p (p.Version must be the
// stored one), under RegisterPartyOrg's checks: how a branch is founded inside an
// organization, a joint branch gathers another, or the members are recounted.
func (s *Service) UpdatePartyOrg(ctx context.Context, p PartyOrg) (PartyOrg, error) {
	const op = "linkage.Service.UpdatePartyOrg"
	if err := wushe.WithOp(op, p.Validate()); err != nil {
		return PartyOrg{}, err
	}
	if err := s.checkPartyOrg(ctx, op, p); err != nil {
		return PartyOrg{}, err
	}
	return s.partyOrgs().replace(ctx, s, op, p, func(next *PartyOrg, cur PartyOrg) { next.Community = cur.Community })
}

func (s *Service) checkPartyOrg(ctx context.Context, op string, p PartyOrg) error {
	if _, err := s.requireCommunity(ctx, op, "PartyOrg", "Community", p.Community); err != nil {
		return err
	}
	if p.Kind == PartyCommittee {
		page, err := s.store.ListPartyOrgs(ctx, PartyOrgFilter{Community: p.Community, Kind: PartyCommittee})
		if err != nil {
			return fail(op, err)
		}
		if slices.ContainsFunc(page.Items, func(x PartyOrg) bool { return x.ID != p.ID }) {
			return refuse(op, wushe.KindConflict, "PartyOrg", p.ID, "Kind", "community %s already has a party committee", p.Community)
		}
	} else {
		parent, err := s.store.GetPartyOrg(ctx, p.Parent)
		if err != nil {
			return unreadable(op, "PartyOrg", p.ID, "Parent", "party organization", p.Parent, err)
		}
		if parent.Community != p.Community {
			return refuse(op, wushe.KindInvalid, "PartyOrg", p.ID, "Parent", "belongs to another community")
		}
	}
	for i, h := range p.Hosts {
		field := wushe.Index("Hosts", i)
		var community uuid.UUID
		switch h.Kind {
		case PartyOrganization:
			o, err := s.store.GetOrganization(ctx, h.ID)
			if err != nil {
				return unreadable(op, "PartyOrg", p.ID, field, "organization", h.ID, err)
			}
			community = o.Community
		case PartyUnit:
			u, err := s.store.GetUnit(ctx, h.ID)
			if err != nil {
				return unreadable(op, "PartyOrg", p.ID, field, "unit", h.ID, err)
			}
			community = u.Community
		}
		if community != p.Community {
			return refuse(op, wushe.KindInvalid, "PartyOrg", p.ID, field, "%s %s belongs to another community", h.Kind, h.ID)
		}
	}
	return nil
}

// unreadable is the error for a record that field names and the Service could not read: a
// missing one is refused as KindNotFound naming the field; any other failure (a cancelled
// context, a store outage) is returned as it came, so callers can still errors.Is it.
func unreadable(op, entity string, id uuid.UUID, field, what string, ref uuid.UUID, err error) error {
	if wushe.KindOf(err) != wushe.KindNotFound {
		return fail(op, err)
	}
	e := refuse(op, wushe.KindNotFound, entity, id, field, "%s %s does not exist", what, ref)
	e.Err = err
	return e
}

// GetPartyOrg returns the party organization with the given ID.
func (s *Service) GetPartyOrg(ctx context.Context, id uuid.UUID) (PartyOrg, error) {
	p, err := s.store.GetPartyOrg(ctx, id)
	return p, wushe.Wrap("linkage.Service.GetPartyOrg", err)
}

// ListPartyOrgs returns one page of the party organizations matching f.
func (s *Service) ListPartyOrgs(ctx context.Context, f PartyOrgFilter) (wushe.Page[PartyOrg], error) {
	p, err := s.store.ListPartyOrgs(ctx, f)
	return p, wushe.Wrap("linkage.Service.ListPartyOrgs", err)
}

// PartyCoverage computes the coverage of the community's social organizations by its party
// organizations (Coverage).
func (s *Service) PartyCoverage(ctx context.Context, community uuid.UUID) (PartyCoverage, error) {
	const op = "linkage.Service.PartyCoverage"
	if _, err := s.requireCommunity(ctx, op, "PartyOrg", "Community", community); err != nil {
		return PartyCoverage{}, err
	}
	return s.coverage(ctx, op, community)
}

// coverage computes the coverage of an existing community.
func (s *Service) coverage(ctx context.Context, op string, community uuid.UUID) (PartyCoverage, error) {
	orgs, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Organization], error) {
		return s.store.ListOrganizations(ctx, OrganizationFilter{Community: community, Page: r})
	})
	if err != nil {
		return PartyCoverage{}, fail(op, err)
	}
	party, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[PartyOrg], error) {
		return s.store.ListPartyOrgs(ctx, PartyOrgFilter{Community: community, Page: r})
	})
	if err != nil {
		return PartyCoverage{}, fail(op, err)
	}
	return Coverage(orgs, party), nil
}

// reportNamespace seeds the deterministic IDs of party reports.
var reportNamespace = uuid.MustParse("6f1c3b52-7f0e-4a39-9d1e-2b8b0a3c5e41")

// reportID is the one ID a reporter's report to a community can have: from the community
// and the member's keyed index (or the reporting unit), so a second report of the same
// reporter is already_exists on every Store.
func (s *Service) reportID(op string, r PartyReport) (uuid.UUID, error) {
	who := "unit/" + r.Unit.String()
	if r.Kind == ReportMember {
		if s.refKey == nil {
			return uuid.Nil, refuse(op, wushe.KindInvalid, "Options", uuid.Nil, "ReferenceKey",
				"members' reports need a ReferenceKey in the Service's Options")
		}
		clear, err := r.Member.Reveal(wushe.Entitlement{Actor: "linkage.Service", Purpose: "party report identity",
			Classes: []wushe.Class{wushe.ClassReference}})
		if err != nil {
			return uuid.Nil, fail(op, err)
		}
		who = "member/" + wushe.KeyedIndex(s.refKey, wushe.ClassReference, clear)
	}
	return uuid.NewSHA1(reportNamespace, []byte(r.Community.String()+"/"+who)), nil
}

// ReportToCommunity records a report to a residential community: an in-service member's
// (在职党员到社区报到) or a unit's party organization's. Each reports once to a community: a
// second report is KindAlreadyExists. The community must exist and a named unit must be
// one of its units. The Service sets ID, ReportedAt (now) and clears Posts (claim them with
// ClaimPost).
func (s *Service) ReportToCommunity(ctx context.Context, r PartyReport) (PartyReport, error) {
	const op = "linkage.Service.ReportToCommunity"
	now := s.clock.Now()
	r.ReportedAt, r.Posts = now, nil
	r.ID = reportNamespace // a placeholder for Validate; reportID gives the real one
	if err := wushe.WithOp(op, r.Validate()); err != nil {
		return PartyReport{}, err
	}
	id, err := s.reportID(op, r)
	if err != nil {
		return PartyReport{}, err
	}
	r.ID = id
	if _, err := s.requireCommunity(ctx, op, "PartyReport", "Community", r.Community); err != nil {
		return PartyReport{}, err
	}
	if r.Unit != uuid.Nil {
		u, err := s.store.GetUnit(ctx, r.Unit)
		if err != nil {
			return PartyReport{}, unreadable(op, "PartyReport", r.ID, "Unit", "unit", r.Unit, err)
		}
		if u.Community != r.Community {
			return PartyReport{}, refuse(op, wushe.KindInvalid, "PartyReport", r.ID, "Unit", "unit %s belongs to another community", r.Unit)
		}
	}
	r.Version, r.CreatedAt, r.UpdatedAt = 0, now, now
	if err := s.store.CreatePartyReport(ctx, r); err != nil {
		if wushe.KindOf(err) == wushe.KindAlreadyExists {
			return PartyReport{}, refuse(op, wushe.KindAlreadyExists, "PartyReport", r.ID, "Member", "has already reported to this community")
		}
		return PartyReport{}, fail(op, err)
	}
	r.Version = 1
	return r, nil
}

// ClaimPost records that a reporting member takes a post (认岗). A post is claimed once
// (KindAlreadyExists for a second claim); an organization's report claims no posts
// (KindInvalid).
func (s *Service) ClaimPost(ctx context.Context, reportID uuid.UUID, post PostKind) (PartyReport, error) {
	const op = "linkage.Service.ClaimPost"
	if err := postKinds.Check("PartyReport", "Posts", post); err != nil {
		return PartyReport{}, wushe.WithOp(op, err)
	}
	now := s.clock.Now()
	out, err := s.store.UpdatePartyReport(ctx, reportID, func(r *PartyReport) error {
		if r.Kind != ReportMember {
			return refuse(op, wushe.KindInvalid, "PartyReport", r.ID, "Kind", "only a member's report claims posts")
		}
		if slices.ContainsFunc(r.Posts, func(p PostClaim) bool { return p.Kind == post }) {
			return refuse(op, wushe.KindAlreadyExists, "PartyReport", r.ID, "Posts", "post %s is already claimed", post)
		}
		r.Posts = append(r.Posts, PostClaim{Kind: post, ClaimedAt: now})
		r.UpdatedAt = now
		return nil
	})
	if err != nil {
		return PartyReport{}, fail(op, err)
	}
	return out, nil
}

// GetPartyReport returns the report with the given ID.
func (s *Service) GetPartyReport(ctx context.Context, id uuid.UUID) (PartyReport, error) {
	r, err := s.store.GetPartyReport(ctx, id)
	return r, wushe.Wrap("linkage.Service.GetPartyReport", err)
}

// ListPartyReports returns one page of the reports matching f.
func (s *Service) ListPartyReports(ctx context.Context, f PartyReportFilter) (wushe.Page[PartyReport], error) {
	p, err := s.store.ListPartyReports(ctx, f)
	return p, wushe.Wrap("linkage.Service.ListPartyReports", err)
}

// PartyFigures are the party-building indicators of a community for a period.
type PartyFigures struct {
	// MembersReported counts the in-service members who reported in the period;
	// OrganizationsReported the units' party organizations.
	MembersReported       int `json:"members_reported"`
	OrganizationsReported int `json:"organizations_reported"`
	// PostsClaimed counts the posts claimed in the period, by post.
	PostsClaimed map[PostKind]int `json:"posts_claimed"`
	// ServiceMinutes is the verified volunteer service, in the period, of the members who
	// have reported (by then) and whose report names their volunteer registration. It is
	// counted when the Store also keeps volunteer records (it implements volunteer.Store, as
	// memstore and sqlstore do); HasServiceMinutes says whether it was.
	ServiceMinutes    int64 `json:"service_minutes"`
	HasServiceMinutes bool  `json:"has_service_minutes"`
	// Coverage is the party coverage of the community's organizations now.
	Coverage PartyCoverage `json:"coverage"`
}

// PartyFigures computes the party-building indicators of the community for the period.
func (s *Service) PartyFigures(ctx context.Context, community uuid.UUID, period wushe.Window) (PartyFigures, error) {
	const op = "linkage.Service.PartyFigures"
	if err := wushe.WithOp(op, period.Validate()); err != nil {
		return PartyFigures{}, err
	}
	if _, err := s.requireCommunity(ctx, op, "PartyOrg", "Community", community); err != nil {
		return PartyFigures{}, err
	}
	return s.partyFigures(ctx, op, community, period)
}

// partyFigures computes the figures of an existing community for a valid period.
func (s *Service) partyFigures(ctx context.Context, op string, community uuid.UUID, period wushe.Window) (PartyFigures, error) {
	cov, err := s.coverage(ctx, op, community)
	if err != nil {
		return PartyFigures{}, err
	}
	reports, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[PartyReport], error) {
		return s.store.ListPartyReports(ctx, PartyReportFilter{Community: community, ReportedTo: period.End, Page: r})
	})
	if err != nil {
		return PartyFigures{}, fail(op, err)
	}
	f := PartyFigures{PostsClaimed: map[PostKind]int{}, Coverage: cov}
	var volunteers []uuid.UUID
	for _, r := range reports {
		in := period.Contains(r.ReportedAt)
		switch {
		case r.Kind == ReportMember && in:
			f.MembersReported++
		case r.Kind == ReportOrganization && in:
			f.OrganizationsReported++
		}
		for _, p := range r.Posts {
			if period.Contains(p.ClaimedAt) {
				f.PostsClaimed[p.Kind]++
			}
		}
		if r.Kind == ReportMember && r.VolunteerID != uuid.Nil {
			volunteers = append(volunteers, r.VolunteerID)
		}
	}
	vs, ok := s.store.(volunteer.Store)
	if !ok {
		return f, nil
	}
	f.HasServiceMinutes = true
	for _, id := range volunteers {
		recs, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[volunteer.ServiceRecord], error) {
			return vs.ListRecords(ctx, volunteer.RecordFilter{VolunteerID: id, Status: volunteer.RecordVerified,
				From: period.Start, To: period.End, Page: r})
		})
		if err != nil {
			return PartyFigures{}, fail(op, err)
		}
		for _, rec := range recs {
			f.ServiceMinutes += int64(rec.Minutes)
		}
	}
	return f, nil
}
