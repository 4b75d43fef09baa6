package main

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

var _ linkage.Store = (*Store)(nil)

// The linkage entity types and where they live on disk.
var (
	communityKind = kind[linkage.Community]{entity: "Community", dir: "communities",
		id: func(v *linkage.Community) uuid.UUID { return v.ID }, version: func(v *linkage.Community) *int64 { return &v.Version }}
	socialWorkerKind = kind[linkage.SocialWorker]{entity: "SocialWorker", dir: "social_workers",
		id: func(v *linkage.SocialWorker) uuid.UUID { return v.ID }, version: func(v *linkage.SocialWorker) *int64 { return &v.Version }}
	organizationKind = kind[linkage.Organization]{entity: "Organization", dir: "organizations",
		id: func(v *linkage.Organization) uuid.UUID { return v.ID }, version: func(v *linkage.Organization) *int64 { return &v.Version }}
	unitKind = kind[linkage.Unit]{entity: "Unit", dir: "units",
		id: func(v *linkage.Unit) uuid.UUID { return v.ID }, version: func(v *linkage.Unit) *int64 { return &v.Version }}
	projectKind = kind[linkage.Project]{entity: "Project", dir: "projects",
		id: func(v *linkage.Project) uuid.UUID { return v.ID }, version: func(v *linkage.Project) *int64 { return &v.Version }}
	needKind = kind[linkage.Need]{entity: "Need", dir: "needs",
		id: func(v *linkage.Need) uuid.UUID { return v.ID }, version: func(v *linkage.Need) *int64 { return &v.Version }}
	caseKind = kind[linkage.Case]{entity: "Case", dir: "cases",
		id: func(v *linkage.Case) uuid.UUID { return v.ID }, version: func(v *linkage.Case) *int64 { return &v.Version }}
	activityKind = kind[linkage.Activity]{entity: "Activity", dir: "activities",
		id: func(v *linkage.Activity) uuid.UUID { return v.ID }, version: func(v *linkage.Activity) *int64 { return &v.Version }}
	linkKind = kind[linkage.Link]{entity: "Link", dir: "links",
		id: func(v *linkage.Link) uuid.UUID { return v.ID }, version: func(v *linkage.Link) *int64 { return &v.Version }}
	councilMeetingKind = kind[linkage.CouncilMeeting]{entity: "CouncilMeeting", dir: "council_meetings",
		id: func(v *linkage.CouncilMeeting) uuid.UUID { return v.ID }, version: func(v *linkage.CouncilMeeting) *int64 { return &v.Version }}
	referralKind = kind[linkage.Referral]{entity: "Referral", dir: "referrals",
		id: func(v *linkage.Referral) uuid.UUID { return v.ID }, version: func(v *linkage.Referral) *int64 { return &v.Version }}
	followUpKind = kind[linkage.FollowUp]{entity: "FollowUp", dir: "follow_ups",
		id: func(v *linkage.FollowUp) uuid.UUID { return v.ID }, version: func(v *linkage.FollowUp) *int64 { return &v.Version }}
)

// CreateCommunity implements linkage.Store.
func (s *Store) CreateCommunity(ctx context.Context, c linkage.Community) error {
	return communityKind.create(ctx, s, "customstore.Store.CreateCommunity", c)
}

// GetCommunity implements linkage.Store.
func (s *Store) GetCommunity(ctx context.Context, id uuid.UUID) (linkage.Community, error) {
	return communityKind.get(ctx, s, "customstore.Store.GetCommunity", id)
}

// ListCommunities implements linkage.Store.
func (s *Store) ListCommunities(ctx context.Context, f linkage.CommunityFilter) (wushe.Page[linkage.Community], error) {
	return communityKind.list(ctx, s, "customstore.Store.ListCommunities", f.Match, f.Page)
}

// UpdateCommunity implements linkage.Store.
func (s *Store) UpdateCommunity(ctx context.Context, id uuid.UUID, fn func(*linkage.Community) error) (linkage.Community, error) {
	return communityKind.update(ctx, s, "customstore.Store.UpdateCommunity", id, fn)
}

// CreateSocialWorker implements linkage.Store.
func (s *Store) CreateSocialWorker(ctx context.Context, w linkage.SocialWorker) error {
	return socialWorkerKind.create(ctx, s, "customstore.Store.CreateSocialWorker", w)
}

// GetSocialWorker implements linkage.Store.
func (s *Store) GetSocialWorker(ctx context.Context, id uuid.UUID) (linkage.SocialWorker, error) {
	return socialWorkerKind.get(ctx, s, "customstore.Store.GetSocialWorker", id)
}

// ListSocialWorkers implements linkage.Store.
func (s *Store) ListSocialWorkers(ctx context.Context, f linkage.SocialWorkerFilter) (wushe.Page[linkage.SocialWorker], error) {
	return socialWorkerKind.list(ctx, s, "customstore.Store.ListSocialWorkers", f.Match, f.Page)
}

// UpdateSocialWorker implements linkage.Store.
func (s *Store) UpdateSocialWorker(ctx context.Context, id uuid.UUID, fn func(*linkage.SocialWorker) error) (linkage.SocialWorker, error) {
	return socialWorkerKind.update(ctx, s, "customstore.Store.UpdateSocialWorker", id, fn)
}

// CreateOrganization implements linkage.Store.
func (s *Store) CreateOrganization(ctx context.Context, o linkage.Organization) error {
	return organizationKind.create(ctx, s, "customstore.Store.CreateOrganization", o)
}

// GetOrganization implements linkage.Store.
func (s *Store) GetOrganization(ctx context.Context, id uuid.UUID) (linkage.Organization, error) {
	return organizationKind.get(ctx, s, "customstore.Store.GetOrganization", id)
}

// ListOrganizations implements linkage.Store.
func (s *Store) ListOrganizations(ctx context.Context, f linkage.OrganizationFilter) (wushe.Page[linkage.Organization], error) {
	return organizationKind.list(ctx, s, "customstore.Store.ListOrganizations", f.Match, f.Page)
}

// UpdateOrganization implements linkage.Store.
func (s *Store) UpdateOrganization(ctx context.Context, id uuid.UUID, fn func(*linkage.Organization) error) (linkage.Organization, error) {
	return organizationKind.update(ctx, s, "customstore.Store.UpdateOrganization", id, fn)
}

// CreateUnit implements linkage.Store.
func (s *Store) CreateUnit(ctx context.Context, u linkage.Unit) error {
	return unitKind.create(ctx, s, "customstore.Store.CreateUnit", u)
}

// GetUnit implements linkage.Store.
func (s *Store) GetUnit(ctx context.Context, id uuid.UUID) (linkage.Unit, error) {
	return unitKind.get(ctx, s, "customstore.Store.GetUnit", id)
}

// ListUnits implements linkage.Store.
func (s *Store) ListUnits(ctx context.Context, f linkage.UnitFilter) (wushe.Page[linkage.Unit], error) {
	return unitKind.list(ctx, s, "customstore.Store.ListUnits", f.Match, f.Page)
}

// UpdateUnit implements linkage.Store.
func (s *Store) UpdateUnit(ctx context.Context, id uuid.UUID, fn func(*linkage.Unit) error) (linkage.Unit, error) {
	return unitKind.update(ctx, s, "customstore.Store.UpdateUnit", id, fn)
}

// CreateProject implements linkage.Store.
func (s *Store) CreateProject(ctx context.Context, p linkage.Project) error {
	return projectKind.create(ctx, s, "customstore.Store.CreateProject", p)
}

// GetProject implements linkage.Store.
func (s *Store) GetProject(ctx context.Context, id uuid.UUID) (linkage.Project, error) {
	return projectKind.get(ctx, s, "customstore.Store.GetProject", id)
}

// ListProjects implements linkage.Store.
func (s *Store) ListProjects(ctx context.Context, f linkage.ProjectFilter) (wushe.Page[linkage.Project], error) {
	return projectKind.list(ctx, s, "customstore.Store.ListProjects", f.Match, f.Page)
}

// UpdateProject implements linkage.Store.
func (s *Store) UpdateProject(ctx context.Context, id uuid.UUID, fn func(*linkage.Project) error) (linkage.Project, error) {
	return projectKind.update(ctx, s, "customstore.Store.UpdateProject", id, fn)
}

// CreateNeed implements linkage.Store.
func (s *Store) CreateNeed(ctx context.Context, n linkage.Need) error {
	return needKind.create(ctx, s, "customstore.Store.CreateNeed", n)
}

// GetNeed implements linkage.Store.
func (s *Store) GetNeed(ctx context.Context, id uuid.UUID) (linkage.Need, error) {
	return needKind.get(ctx, s, "customstore.Store.GetNeed", id)
}

// ListNeeds implements linkage.Store.
func (s *Store) ListNeeds(ctx context.Context, f linkage.NeedFilter) (wushe.Page[linkage.Need], error) {
	return needKind.list(ctx, s, "customstore.Store.ListNeeds", f.Match, f.Page)
}

// UpdateNeed implements linkage.Store.
func (s *Store) UpdateNeed(ctx context.Context, id uuid.UUID, fn func(*linkage.Need) error) (linkage.Need, error) {
	return needKind.update(ctx, s, "customstore.Store.UpdateNeed", id, fn)
}

// CreateCase implements linkage.Store.
func (s *Store) CreateCase(ctx context.Context, c linkage.Case) error {
	return caseKind.create(ctx, s, "customstore.Store.CreateCase", c)
}

// GetCase implements linkage.Store.
func (s *Store) GetCase(ctx context.Context, id uuid.UUID) (linkage.Case, error) {
	return caseKind.get(ctx, s, "customstore.Store.GetCase", id)
}

// ListCases implements linkage.Store.
func (s *Store) ListCases(ctx context.Context, f linkage.CaseFilter) (wushe.Page[linkage.Case], error) {
	return caseKind.list(ctx, s, "customstore.Store.ListCases", f.Match, f.Page)
}

// UpdateCase implements linkage.Store.
func (s *Store) UpdateCase(ctx context.Context, id uuid.UUID, fn func(*linkage.Case) error) (linkage.Case, error) {
	return caseKind.update(ctx, s, "customstore.Store.UpdateCase", id, fn)
}

// CreateActivity implements linkage.Store.
func (s *Store) CreateActivity(ctx context.Context, a linkage.Activity) error {
	return activityKind.create(ctx, s, "customstore.Store.CreateActivity", a)
}

// GetActivity implements linkage.Store.
func (s *Store) GetActivity(ctx context.Context, id uuid.UUID) (linkage.Activity, error) {
	return activityKind.get(ctx, s, "customstore.Store.GetActivity", id)
}

// ListActivities implements linkage.Store.
func (s *Store) ListActivities(ctx context.Context, f linkage.ActivityFilter) (wushe.Page[linkage.Activity], error) {
	return activityKind.list(ctx, s, "customstore.Store.ListActivities", f.Match, f.Page)
}

// UpdateActivity implements linkage.Store.
func (s *Store) UpdateActivity(ctx context.Context, id uuid.UUID, fn func(*linkage.Activity) error) (linkage.Activity, error) {
	return activityKind.update(ctx, s, "customstore.Store.UpdateActivity", id, fn)
}

// CreateLink implements linkage.Store.
func (s *Store) CreateLink(ctx context.Context, l linkage.Link) error {
	return linkKind.create(ctx, s, "customstore.Store.CreateLink", l)
}

// GetLink implements linkage.Store.
func (s *Store) GetLink(ctx context.Context, id uuid.UUID) (linkage.Link, error) {
	return linkKind.get(ctx, s, "customstore.Store.GetLink", id)
}

// ListLinks implements linkage.Store.
func (s *Store) ListLinks(ctx context.Context, f linkage.LinkFilter) (wushe.Page[linkage.Link], error) {
	return linkKind.list(ctx, s, "customstore.Store.ListLinks", f.Match, f.Page)
}

// UpdateLink implements linkage.Store.
func (s *Store) UpdateLink(ctx context.Context, id uuid.UUID, fn func(*linkage.Link) error) (linkage.Link, error) {
	return linkKind.update(ctx, s, "customstore.Store.UpdateLink", id, fn)
}

// CreateCouncilMeeting implements linkage.Store.
func (s *Store) CreateCouncilMeeting(ctx context.Context, m linkage.CouncilMeeting) error {
	return councilMeetingKind.create(ctx, s, "customstore.Store.CreateCouncilMeeting", m)
}

// GetCouncilMeeting implements linkage.Store.
func (s *Store) GetCouncilMeeting(ctx context.Context, id uuid.UUID) (linkage.CouncilMeeting, error) {
	return councilMeetingKind.get(ctx, s, "customstore.Store.GetCouncilMeeting", id)
}

// ListCouncilMeetings implements linkage.Store.
func (s *Store) ListCouncilMeetings(ctx context.Context, f linkage.CouncilMeetingFilter) (wushe.Page[linkage.CouncilMeeting], error) {
	return councilMeetingKind.list(ctx, s, "customstore.Store.ListCouncilMeetings", f.Match, f.Page)
}

// UpdateCouncilMeeting implements linkage.Store.
func (s *Store) UpdateCouncilMeeting(ctx context.Context, id uuid.UUID, fn func(*linkage.CouncilMeeting) error) (linkage.CouncilMeeting, error) {
	return councilMeetingKind.update(ctx, s, "customstore.Store.UpdateCouncilMeeting", id, fn)
}

// CreateReferral implements linkage.Store.
func (s *Store) CreateReferral(ctx context.Context, r linkage.Referral) error {
	return referralKind.create(ctx, s, "customstore.Store.CreateReferral", r)
}

// GetReferral implements linkage.Store.
func (s *Store) GetReferral(ctx context.Context, id uuid.UUID) (linkage.Referral, error) {
	return referralKind.get(ctx, s, "customstore.Store.GetReferral", id)
}

// ListReferrals implements linkage.Store.
func (s *Store) ListReferrals(ctx context.Context, q linkage.ReferralFilter) (wushe.Page[linkage.Referral], error) {
	return referralKind.list(ctx, s, "customstore.Store.ListReferrals", q.Match, q.Page)
}

// DeleteReferral implements linkage.Store.
func (s *Store) DeleteReferral(ctx context.Context, id uuid.UUID, version int64) error {
	return referralKind.remove(ctx, s, "customstore.Store.DeleteReferral", id, version)
}

// UpdateReferral implements linkage.Store.
func (s *Store) UpdateReferral(ctx context.Context, id uuid.UUID, fn func(*linkage.Referral) error) (linkage.Referral, error) {
	return referralKind.update(ctx, s, "customstore.Store.UpdateReferral", id, fn)
}

// CreateFollowUp implements linkage.Store.
func (s *Store) CreateFollowUp(ctx context.Context, f linkage.FollowUp) error {
	return followUpKind.create(ctx, s, "customstore.Store.CreateFollowUp", f)
}

// GetFollowUp implements linkage.Store.
func (s *Store) GetFollowUp(ctx context.Context, id uuid.UUID) (linkage.FollowUp, error) {
	return followUpKind.get(ctx, s, "customstore.Store.GetFollowUp", id)
}

// ListFollowUps implements linkage.Store.
func (s *Store) ListFollowUps(ctx context.Context, q linkage.FollowUpFilter) (wushe.Page[linkage.FollowUp], error) {
	return followUpKind.list(ctx, s, "customstore.Store.ListFollowUps", q.Match, q.Page)
}

// UpdateFollowUp implements linkage.Store.
func (s *Store) UpdateFollowUp(ctx context.Context, id uuid.UUID, fn func(*linkage.FollowUp) error) (linkage.FollowUp, error) {
	return followUpKind.update(ctx, s, "customstore.Store.UpdateFollowUp", id, fn)
}
