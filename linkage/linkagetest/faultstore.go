package linkagetest

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/storetest"
)

// FaultStore is a linkage.Store that asks a storetest.Faults before every call and fails the
// calls it chooses, without reaching the store it wraps; every other call is delegated as
// it is. Service tests use it to make the Nth store call, or every call of one method,
// fail, and then show that the service left nothing half done.
//
// A failed call returns a *wushe.Error of kind wushe.KindUnavailable whose Op is
// "linkagetest.FaultStore.<Method>", whose Entity is the entity the method serves and which
// wraps storetest.ErrInjected. The method names Faults sees are the Store's own
// ("CreateNeed", "ListCases", ...), so faults.FailOn("UpdateNeed") fails every UpdateNeed.
//
// A FaultStore is safe for concurrent use when the wrapped store is.
type FaultStore struct {
	inner  linkage.Store
	faults *storetest.Faults
}

var _ linkage.Store = (*FaultStore)(nil)

// NewFaultStore wraps inner so that f decides which calls fail. A nil f fails nothing and
// only counts and logs the calls (see Faults).
func NewFaultStore(inner linkage.Store, f *storetest.Faults) *FaultStore {
	if f == nil {
		f = new(storetest.Faults)
	}
	return &FaultStore{inner: inner, faults: f}
}

// Faults returns the fault plan the store asks before every call: use it to choose more
// failures, or to read how many calls were made and in which order.
func (s *FaultStore) Faults() *storetest.Faults { return s.faults }

// Inner returns the wrapped store, to inspect what it holds without counting calls.
func (s *FaultStore) Inner() linkage.Store { return s.inner }

// fail asks the fault plan about one call of method, which serves entity.
func (s *FaultStore) fail(method, entity string) error {
	if err := s.faults.Hit(method); err != nil {
		return &wushe.Error{Op: "linkagetest.FaultStore." + method, Kind: wushe.KindUnavailable,
			Entity: entity, Err: err}
	}
	return nil
}

// faulty runs call unless the fault plan fails the call of method.
func faulty[T any](s *FaultStore, method, entity string, call func() (T, error)) (T, error) {
	if err := s.fail(method, entity); err != nil {
		var zero T
		return zero, err
	}
	return call()
}

// CreateCommunity fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) CreateCommunity(ctx context.Context, c linkage.Community) error {
	if err := s.fail("CreateCommunity", "Community"); err != nil {
		return err
	}
	return s.inner.CreateCommunity(ctx, c)
}

// GetCommunity fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) GetCommunity(ctx context.Context, id uuid.UUID) (linkage.Community, error) {
	return faulty(s, "GetCommunity", "Community", func() (linkage.Community, error) { return s.inner.GetCommunity(ctx, id) })
}

// ListCommunities fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) ListCommunities(ctx context.Context, f linkage.CommunityFilter) (wushe.Page[linkage.Community], error) {
	return faulty(s, "ListCommunities", "Community", func() (wushe.Page[linkage.Community], error) { return s.inner.ListCommunities(ctx, f) })
}

// UpdateCommunity fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) UpdateCommunity(ctx context.Context, id uuid.UUID, fn func(*linkage.Community) error) (linkage.Community, error) {
	return faulty(s, "UpdateCommunity", "Community", func() (linkage.Community, error) { return s.inner.UpdateCommunity(ctx, id, fn) })
}

// CreateSocialWorker fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) CreateSocialWorker(ctx context.Context, w linkage.SocialWorker) error {
	if err := s.fail("CreateSocialWorker", "SocialWorker"); err != nil {
		return err
	}
	return s.inner.CreateSocialWorker(ctx, w)
}

// GetSocialWorker fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) GetSocialWorker(ctx context.Context, id uuid.UUID) (linkage.SocialWorker, error) {
	return faulty(s, "GetSocialWorker", "SocialWorker", func() (linkage.SocialWorker, error) { return s.inner.GetSocialWorker(ctx, id) })
}

// ListSocialWorkers fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) ListSocialWorkers(ctx context.Context, f linkage.SocialWorkerFilter) (wushe.Page[linkage.SocialWorker], error) {
	return faulty(s, "ListSocialWorkers", "SocialWorker", func() (wushe.Page[linkage.SocialWorker], error) { return s.inner.ListSocialWorkers(ctx, f) })
}

// UpdateSocialWorker fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) UpdateSocialWorker(ctx context.Context, id uuid.UUID, fn func(*linkage.SocialWorker) error) (linkage.SocialWorker, error) {
	return faulty(s, "UpdateSocialWorker", "SocialWorker", func() (linkage.SocialWorker, error) { return s.inner.UpdateSocialWorker(ctx, id, fn) })
}

// CreateOrganization fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) CreateOrganization(ctx context.Context, o linkage.Organization) error {
	if err := s.fail("CreateOrganization", "Organization"); err != nil {
		return err
	}
	return s.inner.CreateOrganization(ctx, o)
}

// GetOrganization fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) GetOrganization(ctx context.Context, id uuid.UUID) (linkage.Organization, error) {
	return faulty(s, "GetOrganization", "Organization", func() (linkage.Organization, error) { return s.inner.GetOrganization(ctx, id) })
}

// ListOrganizations fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) ListOrganizations(ctx context.Context, f linkage.OrganizationFilter) (wushe.Page[linkage.Organization], error) {
	return faulty(s, "ListOrganizations", "Organization", func() (wushe.Page[linkage.Organization], error) { return s.inner.ListOrganizations(ctx, f) })
}

// UpdateOrganization fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) UpdateOrganization(ctx context.Context, id uuid.UUID, fn func(*linkage.Organization) error) (linkage.Organization, error) {
	return faulty(s, "UpdateOrganization", "Organization", func() (linkage.Organization, error) { return s.inner.UpdateOrganization(ctx, id, fn) })
}

// CreateUnit fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) CreateUnit(ctx context.Context, u linkage.Unit) error {
	if err := s.fail("CreateUnit", "Unit"); err != nil {
		return err
	}
	return s.inner.CreateUnit(ctx, u)
}

// GetUnit fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) GetUnit(ctx context.Context, id uuid.UUID) (linkage.Unit, error) {
	return faulty(s, "GetUnit", "Unit", func() (linkage.Unit, error) { return s.inner.GetUnit(ctx, id) })
}

// ListUnits fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) ListUnits(ctx context.Context, f linkage.UnitFilter) (wushe.Page[linkage.Unit], error) {
	return faulty(s, "ListUnits", "Unit", func() (wushe.Page[linkage.Unit], error) { return s.inner.ListUnits(ctx, f) })
}

// UpdateUnit fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) UpdateUnit(ctx context.Context, id uuid.UUID, fn func(*linkage.Unit) error) (linkage.Unit, error) {
	return faulty(s, "UpdateUnit", "Unit", func() (linkage.Unit, error) { return s.inner.UpdateUnit(ctx, id, fn) })
}

// CreateProject fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) CreateProject(ctx context.Context, p linkage.Project) error {
	if err := s.fail("CreateProject", "Project"); err != nil {
		return err
	}
	return s.inner.CreateProject(ctx, p)
}

// GetProject fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) GetProject(ctx context.Context, id uuid.UUID) (linkage.Project, error) {
	return faulty(s, "GetProject", "Project", func() (linkage.Project, error) { return s.inner.GetProject(ctx, id) })
}

// ListProjects fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) ListProjects(ctx context.Context, f linkage.ProjectFilter) (wushe.Page[linkage.Project], error) {
	return faulty(s, "ListProjects", "Project", func() (wushe.Page[linkage.Project], error) { return s.inner.ListProjects(ctx, f) })
}

// UpdateProject fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) UpdateProject(ctx context.Context, id uuid.UUID, fn func(*linkage.Project) error) (linkage.Project, error) {
	return faulty(s, "UpdateProject", "Project", func() (linkage.Project, error) { return s.inner.UpdateProject(ctx, id, fn) })
}

// CreateNeed fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) CreateNeed(ctx context.Context, n linkage.Need) error {
	if err := s.fail("CreateNeed", "Need"); err != nil {
		return err
	}
	return s.inner.CreateNeed(ctx, n)
}

// GetNeed fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) GetNeed(ctx context.Context, id uuid.UUID) (linkage.Need, error) {
	return faulty(s, "GetNeed", "Need", func() (linkage.Need, error) { return s.inner.GetNeed(ctx, id) })
}

// ListNeeds fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) ListNeeds(ctx context.Context, f linkage.NeedFilter) (wushe.Page[linkage.Need], error) {
	return faulty(s, "ListNeeds", "Need", func() (wushe.Page[linkage.Need], error) { return s.inner.ListNeeds(ctx, f) })
}

// UpdateNeed fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) UpdateNeed(ctx context.Context, id uuid.UUID, fn func(*linkage.Need) error) (linkage.Need, error) {
	return faulty(s, "UpdateNeed", "Need", func() (linkage.Need, error) { return s.inner.UpdateNeed(ctx, id, fn) })
}

// CreateCase fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) CreateCase(ctx context.Context, c linkage.Case) error {
	if err := s.fail("CreateCase", "Case"); err != nil {
		return err
	}
	return s.inner.CreateCase(ctx, c)
}

// GetCase fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) GetCase(ctx context.Context, id uuid.UUID) (linkage.Case, error) {
	return faulty(s, "GetCase", "Case", func() (linkage.Case, error) { return s.inner.GetCase(ctx, id) })
}

// ListCases fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) ListCases(ctx context.Context, f linkage.CaseFilter) (wushe.Page[linkage.Case], error) {
	return faulty(s, "ListCases", "Case", func() (wushe.Page[linkage.Case], error) { return s.inner.ListCases(ctx, f) })
}

// UpdateCase fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) UpdateCase(ctx context.Context, id uuid.UUID, fn func(*linkage.Case) error) (linkage.Case, error) {
	return faulty(s, "UpdateCase", "Case", func() (linkage.Case, error) { return s.inner.UpdateCase(ctx, id, fn) })
}

// CreateActivity fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) CreateActivity(ctx context.Context, a linkage.Activity) error {
	if err := s.fail("CreateActivity", "Activity"); err != nil {
		return err
	}
	return s.inner.CreateActivity(ctx, a)
}

// GetActivity fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) GetActivity(ctx context.Context, id uuid.UUID) (linkage.Activity, error) {
	return faulty(s, "GetActivity", "Activity", func() (linkage.Activity, error) { return s.inner.GetActivity(ctx, id) })
}

// ListActivities fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) ListActivities(ctx context.Context, f linkage.ActivityFilter) (wushe.Page[linkage.Activity], error) {
	return faulty(s, "ListActivities", "Activity", func() (wushe.Page[linkage.Activity], error) { return s.inner.ListActivities(ctx, f) })
}

// UpdateActivity fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) UpdateActivity(ctx context.Context, id uuid.UUID, fn func(*linkage.Activity) error) (linkage.Activity, error) {
	return faulty(s, "UpdateActivity", "Activity", func() (linkage.Activity, error) { return s.inner.UpdateActivity(ctx, id, fn) })
}

// CreateLink fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) CreateLink(ctx context.Context, l linkage.Link) error {
	if err := s.fail("CreateLink", "Link"); err != nil {
		return err
	}
	return s.inner.CreateLink(ctx, l)
}

// GetLink fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) GetLink(ctx context.Context, id uuid.UUID) (linkage.Link, error) {
	return faulty(s, "GetLink", "Link", func() (linkage.Link, error) { return s.inner.GetLink(ctx, id) })
}

// ListLinks fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) ListLinks(ctx context.Context, f linkage.LinkFilter) (wushe.Page[linkage.Link], error) {
	return faulty(s, "ListLinks", "Link", func() (wushe.Page[linkage.Link], error) { return s.inner.ListLinks(ctx, f) })
}

// UpdateLink fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) UpdateLink(ctx context.Context, id uuid.UUID, fn func(*linkage.Link) error) (linkage.Link, error) {
	return faulty(s, "UpdateLink", "Link", func() (linkage.Link, error) { return s.inner.UpdateLink(ctx, id, fn) })
}

// CreateCouncilMeeting fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) CreateCouncilMeeting(ctx context.Context, m linkage.CouncilMeeting) error {
	if err := s.fail("CreateCouncilMeeting", "CouncilMeeting"); err != nil {
		return err
	}
	return s.inner.CreateCouncilMeeting(ctx, m)
}

// GetCouncilMeeting fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) GetCouncilMeeting(ctx context.Context, id uuid.UUID) (linkage.CouncilMeeting, error) {
	return faulty(s, "GetCouncilMeeting", "CouncilMeeting", func() (linkage.CouncilMeeting, error) { return s.inner.GetCouncilMeeting(ctx, id) })
}

// ListCouncilMeetings fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) ListCouncilMeetings(ctx context.Context, f linkage.CouncilMeetingFilter) (wushe.Page[linkage.CouncilMeeting], error) {
	return faulty(s, "ListCouncilMeetings", "CouncilMeeting", func() (wushe.Page[linkage.CouncilMeeting], error) { return s.inner.ListCouncilMeetings(ctx, f) })
}

// UpdateCouncilMeeting fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) UpdateCouncilMeeting(ctx context.Context, id uuid.UUID, fn func(*linkage.CouncilMeeting) error) (linkage.CouncilMeeting, error) {
	return faulty(s, "UpdateCouncilMeeting", "CouncilMeeting", func() (linkage.CouncilMeeting, error) { return s.inner.UpdateCouncilMeeting(ctx, id, fn) })
}

// CreateReferral fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) CreateReferral(ctx context.Context, r linkage.Referral) error {
	if err := s.fail("CreateReferral", "Referral"); err != nil {
		return err
	}
	return s.inner.CreateReferral(ctx, r)
}

// GetReferral fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) GetReferral(ctx context.Context, id uuid.UUID) (linkage.Referral, error) {
	return faulty(s, "GetReferral", "Referral", func() (linkage.Referral, error) { return s.inner.GetReferral(ctx, id) })
}

// ListReferrals fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) ListReferrals(ctx context.Context, q linkage.ReferralFilter) (wushe.Page[linkage.Referral], error) {
	return faulty(s, "ListReferrals", "Referral", func() (wushe.Page[linkage.Referral], error) { return s.inner.ListReferrals(ctx, q) })
}

// DeleteReferral fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) DeleteReferral(ctx context.Context, id uuid.UUID, version int64) error {
	if err := s.fail("DeleteReferral", "Referral"); err != nil {
		return err
	}
	return s.inner.DeleteReferral(ctx, id, version)
}

// UpdateReferral fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) UpdateReferral(ctx context.Context, id uuid.UUID, fn func(*linkage.Referral) error) (linkage.Referral, error) {
	return faulty(s, "UpdateReferral", "Referral", func() (linkage.Referral, error) { return s.inner.UpdateReferral(ctx, id, fn) })
}

// CreateFollowUp fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) CreateFollowUp(ctx context.Context, f linkage.FollowUp) error {
	if err := s.fail("CreateFollowUp", "FollowUp"); err != nil {
		return err
	}
	return s.inner.CreateFollowUp(ctx, f)
}

// GetFollowUp fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) GetFollowUp(ctx context.Context, id uuid.UUID) (linkage.FollowUp, error) {
	return faulty(s, "GetFollowUp", "FollowUp", func() (linkage.FollowUp, error) { return s.inner.GetFollowUp(ctx, id) })
}

// ListFollowUps fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) ListFollowUps(ctx context.Context, q linkage.FollowUpFilter) (wushe.Page[linkage.FollowUp], error) {
	return faulty(s, "ListFollowUps", "FollowUp", func() (wushe.Page[linkage.FollowUp], error) { return s.inner.ListFollowUps(ctx, q) })
}

// UpdateFollowUp fails when the fault plan chooses the call, and otherwise calls the wrapped store.
func (s *FaultStore) UpdateFollowUp(ctx context.Context, id uuid.UUID, fn func(*linkage.FollowUp) error) (linkage.FollowUp, error) {
	return faulty(s, "UpdateFollowUp", "FollowUp", func() (linkage.FollowUp, error) { return s.inner.UpdateFollowUp(ctx, id, fn) })
}
