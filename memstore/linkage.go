package memstore

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// linkageState holds the linkage package's tables, one per entity.
type linkageState struct {
	communities     *table[linkage.Community]
	socialWorkers   *table[linkage.SocialWorker]
	organizations   *table[linkage.Organization]
	units           *table[linkage.Unit]
	projects        *table[linkage.Project]
	needs           *table[linkage.Need]
	cases           *table[linkage.Case]
	activities      *table[linkage.Activity]
	links           *table[linkage.Link]
	councilMeetings *table[linkage.CouncilMeeting]
	// Indexes of the community the filters most often select on.
	needsByCommunity      *index[linkage.Need, uuid.UUID]
	casesByCommunity      *index[linkage.Case, uuid.UUID]
	activitiesByCommunity *index[linkage.Activity, uuid.UUID]
	orgsByCommunity       *index[linkage.Organization, uuid.UUID]
	referrals             *table[linkage.Referral]
	followUps             *table[linkage.FollowUp]
}

// inCommunity returns the IDs of community's rows from x, or every ID of t when community
// is the nil UUID (the filter does not select on it).
func inCommunity[T any](t *table[T], x *index[T, uuid.UUID], community uuid.UUID) func() *idset {
	return func() *idset {
		if community == uuid.Nil {
			return &t.order
		}
		return x.of(community)
	}
}

func (st *linkageState) init() {
	st.communities = newTable("Community", func(v *linkage.Community) uuid.UUID { return v.ID },
		func(v *linkage.Community) *int64 { return &v.Version })
	st.socialWorkers = newTable("SocialWorker", func(v *linkage.SocialWorker) uuid.UUID { return v.ID },
		func(v *linkage.SocialWorker) *int64 { return &v.Version })
	st.organizations = newTable("Organization", func(v *linkage.Organization) uuid.UUID { return v.ID },
		func(v *linkage.Organization) *int64 { return &v.Version })
	st.units = newTable("Unit", func(v *linkage.Unit) uuid.UUID { return v.ID },
		func(v *linkage.Unit) *int64 { return &v.Version })
	st.projects = newTable("Project", func(v *linkage.Project) uuid.UUID { return v.ID },
		func(v *linkage.Project) *int64 { return &v.Version })
	st.needs = newTable("Need", func(v *linkage.Need) uuid.UUID { return v.ID },
		func(v *linkage.Need) *int64 { return &v.Version })
	st.cases = newTable("Case", func(v *linkage.Case) uuid.UUID { return v.ID },
		func(v *linkage.Case) *int64 { return &v.Version })
	st.activities = newTable("Activity", func(v *linkage.Activity) uuid.UUID { return v.ID },
		func(v *linkage.Activity) *int64 { return &v.Version })
	st.links = newTable("Link", func(v *linkage.Link) uuid.UUID { return v.ID },
		func(v *linkage.Link) *int64 { return &v.Version })
	st.councilMeetings = newTable("CouncilMeeting", func(v *linkage.CouncilMeeting) uuid.UUID { return v.ID },
		func(v *linkage.CouncilMeeting) *int64 { return &v.Version })
	st.needsByCommunity = indexBy(st.needs, newIndex(key(func(v *linkage.Need) uuid.UUID { return v.Community })))
	st.casesByCommunity = indexBy(st.cases, newIndex(key(func(v *linkage.Case) uuid.UUID { return v.Community })))
	st.activitiesByCommunity = indexBy(st.activities, newIndex(key(func(v *linkage.Activity) uuid.UUID { return v.Community })))
	st.orgsByCommunity = indexBy(st.organizations, newIndex(key(func(v *linkage.Organization) uuid.UUID { return v.Community })))
	st.referrals = newTable("Referral", func(v *linkage.Referral) uuid.UUID { return v.ID },
		func(v *linkage.Referral) *int64 { return &v.Version })
	st.followUps = newTable("FollowUp", func(v *linkage.FollowUp) uuid.UUID { return v.ID },
		func(v *linkage.FollowUp) *int64 { return &v.Version })
}

var _ linkage.Store = (*Store)(nil)

// CreateCommunity implements linkage.Store.
func (s *Store) CreateCommunity(ctx context.Context, c linkage.Community) error {
	return lockedCreate(ctx, s, "memstore.Store.CreateCommunity", s.communities, c)
}

// GetCommunity implements linkage.Store.
func (s *Store) GetCommunity(ctx context.Context, id uuid.UUID) (linkage.Community, error) {
	return lockedGet(ctx, s, "memstore.Store.GetCommunity", s.communities, id)
}

// ListCommunities implements linkage.Store.
func (s *Store) ListCommunities(ctx context.Context, f linkage.CommunityFilter) (wushe.Page[linkage.Community], error) {
	return lockedList(ctx, s, "memstore.Store.ListCommunities", s.communities, f.Match, f.Page)
}

// UpdateCommunity implements linkage.Store.
func (s *Store) UpdateCommunity(ctx context.Context, id uuid.UUID, fn func(*linkage.Community) error) (linkage.Community, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdateCommunity", s.communities, id, fn)
}

// CreateSocialWorker implements linkage.Store.
func (s *Store) CreateSocialWorker(ctx context.Context, w linkage.SocialWorker) error {
	return lockedCreate(ctx, s, "memstore.Store.CreateSocialWorker", s.socialWorkers, w)
}

// GetSocialWorker implements linkage.Store.
func (s *Store) GetSocialWorker(ctx context.Context, id uuid.UUID) (linkage.SocialWorker, error) {
	return lockedGet(ctx, s, "memstore.Store.GetSocialWorker", s.socialWorkers, id)
}

// ListSocialWorkers implements linkage.Store.
func (s *Store) ListSocialWorkers(ctx context.Context, f linkage.SocialWorkerFilter) (wushe.Page[linkage.SocialWorker], error) {
	return lockedList(ctx, s, "memstore.Store.ListSocialWorkers", s.socialWorkers, f.Match, f.Page)
}

// UpdateSocialWorker implements linkage.Store.
func (s *Store) UpdateSocialWorker(ctx context.Context, id uuid.UUID, fn func(*linkage.SocialWorker) error) (linkage.SocialWorker, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdateSocialWorker", s.socialWorkers, id, fn)
}

// CreateOrganization implements linkage.Store.
func (s *Store) CreateOrganization(ctx context.Context, o linkage.Organization) error {
	return lockedCreate(ctx, s, "memstore.Store.CreateOrganization", s.organizations, o)
}

// GetOrganization implements linkage.Store.
func (s *Store) GetOrganization(ctx context.Context, id uuid.UUID) (linkage.Organization, error) {
	return lockedGet(ctx, s, "memstore.Store.GetOrganization", s.organizations, id)
}

// ListOrganizations implements linkage.Store.
func (s *Store) ListOrganizations(ctx context.Context, f linkage.OrganizationFilter) (wushe.Page[linkage.Organization], error) {
	return lockedListIn(ctx, s, "memstore.Store.ListOrganizations", s.organizations, inCommunity(s.organizations, s.orgsByCommunity, f.Community), f.Match, f.Page)
}

// UpdateOrganization implements linkage.Store.
func (s *Store) UpdateOrganization(ctx context.Context, id uuid.UUID, fn func(*linkage.Organization) error) (linkage.Organization, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdateOrganization", s.organizations, id, fn)
}

// CreateUnit implements linkage.Store.
func (s *Store) CreateUnit(ctx context.Context, u linkage.Unit) error {
	return lockedCreate(ctx, s, "memstore.Store.CreateUnit", s.units, u)
}

// GetUnit implements linkage.Store.
func (s *Store) GetUnit(ctx context.Context, id uuid.UUID) (linkage.Unit, error) {
	return lockedGet(ctx, s, "memstore.Store.GetUnit", s.units, id)
}

// ListUnits implements linkage.Store.
func (s *Store) ListUnits(ctx context.Context, f linkage.UnitFilter) (wushe.Page[linkage.Unit], error) {
	return lockedList(ctx, s, "memstore.Store.ListUnits", s.units, f.Match, f.Page)
}

// UpdateUnit implements linkage.Store.
func (s *Store) UpdateUnit(ctx context.Context, id uuid.UUID, fn func(*linkage.Unit) error) (linkage.Unit, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdateUnit", s.units, id, fn)
}

// CreateProject implements linkage.Store.
func (s *Store) CreateProject(ctx context.Context, p linkage.Project) error {
	return lockedCreate(ctx, s, "memstore.Store.CreateProject", s.projects, p)
}

// GetProject implements linkage.Store.
func (s *Store) GetProject(ctx context.Context, id uuid.UUID) (linkage.Project, error) {
	return lockedGet(ctx, s, "memstore.Store.GetProject", s.projects, id)
}

// ListProjects implements linkage.Store.
func (s *Store) ListProjects(ctx context.Context, f linkage.ProjectFilter) (wushe.Page[linkage.Project], error) {
	return lockedList(ctx, s, "memstore.Store.ListProjects", s.projects, f.Match, f.Page)
}

// UpdateProject implements linkage.Store.
func (s *Store) UpdateProject(ctx context.Context, id uuid.UUID, fn func(*linkage.Project) error) (linkage.Project, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdateProject", s.projects, id, fn)
}

// CreateNeed implements linkage.Store.
func (s *Store) CreateNeed(ctx context.Context, n linkage.Need) error {
	return lockedCreate(ctx, s, "memstore.Store.CreateNeed", s.needs, n)
}

// GetNeed implements linkage.Store.
func (s *Store) GetNeed(ctx context.Context, id uuid.UUID) (linkage.Need, error) {
	return lockedGet(ctx, s, "memstore.Store.GetNeed", s.needs, id)
}

// ListNeeds implements linkage.Store.
func (s *Store) ListNeeds(ctx context.Context, f linkage.NeedFilter) (wushe.Page[linkage.Need], error) {
	return lockedListIn(ctx, s, "memstore.Store.ListNeeds", s.needs, inCommunity(s.needs, s.needsByCommunity, f.Community), f.Match, f.Page)
}

// UpdateNeed implements linkage.Store.
func (s *Store) UpdateNeed(ctx context.Context, id uuid.UUID, fn func(*linkage.Need) error) (linkage.Need, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdateNeed", s.needs, id, fn)
}

// CreateCase implements linkage.Store.
func (s *Store) CreateCase(ctx context.Context, c linkage.Case) error {
	return lockedCreate(ctx, s, "memstore.Store.CreateCase", s.cases, c)
}

// GetCase implements linkage.Store.
func (s *Store) GetCase(ctx context.Context, id uuid.UUID) (linkage.Case, error) {
	return lockedGet(ctx, s, "memstore.Store.GetCase", s.cases, id)
}

// ListCases implements linkage.Store.
func (s *Store) ListCases(ctx context.Context, f linkage.CaseFilter) (wushe.Page[linkage.Case], error) {
	return lockedListIn(ctx, s, "memstore.Store.ListCases", s.cases, inCommunity(s.cases, s.casesByCommunity, f.Community), f.Match, f.Page)
}

// UpdateCase implements linkage.Store.
func (s *Store) UpdateCase(ctx context.Context, id uuid.UUID, fn func(*linkage.Case) error) (linkage.Case, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdateCase", s.cases, id, fn)
}

// CreateActivity implements linkage.Store.
func (s *Store) CreateActivity(ctx context.Context, a linkage.Activity) error {
	return lockedCreate(ctx, s, "memstore.Store.CreateActivity", s.activities, a)
}

// GetActivity implements linkage.Store.
func (s *Store) GetActivity(ctx context.Context, id uuid.UUID) (linkage.Activity, error) {
	return lockedGet(ctx, s, "memstore.Store.GetActivity", s.activities, id)
}

// ListActivities implements linkage.Store.
func (s *Store) ListActivities(ctx context.Context, f linkage.ActivityFilter) (wushe.Page[linkage.Activity], error) {
	return lockedListIn(ctx, s, "memstore.Store.ListActivities", s.activities, inCommunity(s.activities, s.activitiesByCommunity, f.Community), f.Match, f.Page)
}

// UpdateActivity implements linkage.Store.
func (s *Store) UpdateActivity(ctx context.Context, id uuid.UUID, fn func(*linkage.Activity) error) (linkage.Activity, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdateActivity", s.activities, id, fn)
}

// CreateLink implements linkage.Store.
func (s *Store) CreateLink(ctx context.Context, l linkage.Link) error {
	return lockedCreate(ctx, s, "memstore.Store.CreateLink", s.links, l)
}

// GetLink implements linkage.Store.
func (s *Store) GetLink(ctx context.Context, id uuid.UUID) (linkage.Link, error) {
	return lockedGet(ctx, s, "memstore.Store.GetLink", s.links, id)
}

// ListLinks implements linkage.Store.
func (s *Store) ListLinks(ctx context.Context, f linkage.LinkFilter) (wushe.Page[linkage.Link], error) {
	return lockedList(ctx, s, "memstore.Store.ListLinks", s.links, f.Match, f.Page)
}

// UpdateLink implements linkage.Store.
func (s *Store) UpdateLink(ctx context.Context, id uuid.UUID, fn func(*linkage.Link) error) (linkage.Link, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdateLink", s.links, id, fn)
}

// CreateCouncilMeeting implements linkage.Store.
func (s *Store) CreateCouncilMeeting(ctx context.Context, m linkage.CouncilMeeting) error {
	return lockedCreate(ctx, s, "memstore.Store.CreateCouncilMeeting", s.councilMeetings, m)
}

// GetCouncilMeeting implements linkage.Store.
func (s *Store) GetCouncilMeeting(ctx context.Context, id uuid.UUID) (linkage.CouncilMeeting, error) {
	return lockedGet(ctx, s, "memstore.Store.GetCouncilMeeting", s.councilMeetings, id)
}

// ListCouncilMeetings implements linkage.Store.
func (s *Store) ListCouncilMeetings(ctx context.Context, f linkage.CouncilMeetingFilter) (wushe.Page[linkage.CouncilMeeting], error) {
	return lockedList(ctx, s, "memstore.Store.ListCouncilMeetings", s.councilMeetings, f.Match, f.Page)
}

// UpdateCouncilMeeting implements linkage.Store.
func (s *Store) UpdateCouncilMeeting(ctx context.Context, id uuid.UUID, fn func(*linkage.CouncilMeeting) error) (linkage.CouncilMeeting, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdateCouncilMeeting", s.councilMeetings, id, fn)
}

// CreateReferral implements linkage.Store.
func (s *Store) CreateReferral(ctx context.Context, r linkage.Referral) error {
	return lockedCreate(ctx, s, "memstore.Store.CreateReferral", s.referrals, r)
}

// GetReferral implements linkage.Store.
func (s *Store) GetReferral(ctx context.Context, id uuid.UUID) (linkage.Referral, error) {
	return lockedGet(ctx, s, "memstore.Store.GetReferral", s.referrals, id)
}

// ListReferrals implements linkage.Store.
func (s *Store) ListReferrals(ctx context.Context, q linkage.ReferralFilter) (wushe.Page[linkage.Referral], error) {
	return lockedList(ctx, s, "memstore.Store.ListReferrals", s.referrals, q.Match, q.Page)
}

// DeleteReferral implements linkage.Store.
func (s *Store) DeleteReferral(ctx context.Context, id uuid.UUID, version int64) error {
	const op = "memstore.Store.DeleteReferral"
	return s.write(ctx, op, func() error { return s.referrals.remove(op, id, version) })
}

// UpdateReferral implements linkage.Store.
func (s *Store) UpdateReferral(ctx context.Context, id uuid.UUID, fn func(*linkage.Referral) error) (linkage.Referral, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdateReferral", s.referrals, id, fn)
}

// CreateFollowUp implements linkage.Store.
func (s *Store) CreateFollowUp(ctx context.Context, f linkage.FollowUp) error {
	return lockedCreate(ctx, s, "memstore.Store.CreateFollowUp", s.followUps, f)
}

// GetFollowUp implements linkage.Store.
func (s *Store) GetFollowUp(ctx context.Context, id uuid.UUID) (linkage.FollowUp, error) {
	return lockedGet(ctx, s, "memstore.Store.GetFollowUp", s.followUps, id)
}

// ListFollowUps implements linkage.Store.
func (s *Store) ListFollowUps(ctx context.Context, q linkage.FollowUpFilter) (wushe.Page[linkage.FollowUp], error) {
	return lockedList(ctx, s, "memstore.Store.ListFollowUps", s.followUps, q.Match, q.Page)
}

// UpdateFollowUp implements linkage.Store.
func (s *Store) UpdateFollowUp(ctx context.Context, id uuid.UUID, fn func(*linkage.FollowUp) error) (linkage.FollowUp, error) {
	return lockedUpdate(ctx, s, "memstore.Store.UpdateFollowUp", s.followUps, id, fn)
}
