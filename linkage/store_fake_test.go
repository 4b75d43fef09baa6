package linkage_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/clone"
	"github.com/wushe/wushe/linkage"
)

// fakeTable is one entity's rows in fakeStore, following the Store contract.
type fakeTable[T any] struct {
	name    string
	rows    map[uuid.UUID]T
	id      func(*T) uuid.UUID
	version func(*T) *int64
}

func newFakeTable[T any](name string, id func(*T) uuid.UUID, version func(*T) *int64) *fakeTable[T] {
	return &fakeTable[T]{name: name, rows: map[uuid.UUID]T{}, id: id, version: version}
}

func (t *fakeTable[T]) create(op string, v T) error {
	id := t.id(&v)
	if id == uuid.Nil {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: t.name, Field: "ID", Msg: "is nil"}
	}
	if _, ok := t.rows[id]; ok {
		return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: t.name, ID: id.String()}
	}
	v = clone.Of(v)
	*t.version(&v) = 1
	t.rows[id] = v
	return nil
}

func (t *fakeTable[T]) get(op string, id uuid.UUID) (T, error) {
	v, ok := t.rows[id]
	if !ok {
		var zero T
		return zero, &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: t.name, ID: id.String()}
	}
	return clone.Of(v), nil
}

func (t *fakeTable[T]) list(op string, match func(T) bool, req wushe.PageRequest) (wushe.Page[T], error) {
	var items []T
	for _, v := range t.rows {
		if match(v) {
			items = append(items, clone.Of(v))
		}
	}
	p, err := wushe.Paginate(items, func(v T) uuid.UUID { return t.id(&v) }, req)
	return p, wushe.WithOp(op, err)
}

func (t *fakeTable[T]) update(op string, id uuid.UUID, fn func(*T) error) (T, error) {
	var zero T
	cur, ok := t.rows[id]
	if !ok {
		return zero, &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: t.name, ID: id.String()}
	}
	next := clone.Of(cur)
	if err := fn(&next); err != nil {
		return zero, err
	}
	if t.id(&next) != id {
		return zero, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: t.name, Field: "ID"}
	}
	if *t.version(&next) != *t.version(&cur) {
		return zero, &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: t.name, Field: "Version"}
	}
	*t.version(&next)++
	t.rows[id] = clone.Of(next)
	return next, nil
}

func (t *fakeTable[T]) remove(op string, id uuid.UUID, version int64) error {
	cur, ok := t.rows[id]
	if !ok {
		return &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: t.name, ID: id.String()}
	}
	if *t.version(&cur) != version {
		return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: t.name, Field: "Version"}
	}
	delete(t.rows, id)
	return nil
}

// fakeStore is a minimal map-based linkage.Store for the Service's tests.
type fakeStore struct {
	mu            sync.Mutex
	communities   *fakeTable[linkage.Community]
	workers       *fakeTable[linkage.SocialWorker]
	organizations *fakeTable[linkage.Organization]
	units         *fakeTable[linkage.Unit]
	projects      *fakeTable[linkage.Project]
	needs         *fakeTable[linkage.Need]
	cases         *fakeTable[linkage.Case]
	activities    *fakeTable[linkage.Activity]
	links         *fakeTable[linkage.Link]
	meetings      *fakeTable[linkage.CouncilMeeting]
	referrals     *fakeTable[linkage.Referral]
	followUps     *fakeTable[linkage.FollowUp]
	partyOrgs     *fakeTable[linkage.PartyOrg]
	partyReports  *fakeTable[linkage.PartyReport]
}

var _ linkage.Store = (*fakeStore)(nil)

func newFakeStore() *fakeStore {
	return &fakeStore{
		communities: newFakeTable("Community", func(x *linkage.Community) uuid.UUID { return x.ID }, func(x *linkage.Community) *int64 { return &x.Version }),
		workers:     newFakeTable("SocialWorker", func(x *linkage.SocialWorker) uuid.UUID { return x.ID }, func(x *linkage.SocialWorker) *int64 { return &x.Version }),
		organizations: newFakeTable("Organization", func(x *linkage.Organization) uuid.UUID { return x.ID },
			func(x *linkage.Organization) *int64 { return &x.Version }),
		units:      newFakeTable("Unit", func(x *linkage.Unit) uuid.UUID { return x.ID }, func(x *linkage.Unit) *int64 { return &x.Version }),
		projects:   newFakeTable("Project", func(x *linkage.Project) uuid.UUID { return x.ID }, func(x *linkage.Project) *int64 { return &x.Version }),
		needs:      newFakeTable("Need", func(x *linkage.Need) uuid.UUID { return x.ID }, func(x *linkage.Need) *int64 { return &x.Version }),
		cases:      newFakeTable("Case", func(x *linkage.Case) uuid.UUID { return x.ID }, func(x *linkage.Case) *int64 { return &x.Version }),
		activities: newFakeTable("Activity", func(x *linkage.Activity) uuid.UUID { return x.ID }, func(x *linkage.Activity) *int64 { return &x.Version }),
		links:      newFakeTable("Link", func(x *linkage.Link) uuid.UUID { return x.ID }, func(x *linkage.Link) *int64 { return &x.Version }),
		meetings: newFakeTable("CouncilMeeting", func(x *linkage.CouncilMeeting) uuid.UUID { return x.ID },
			func(x *linkage.CouncilMeeting) *int64 { return &x.Version }),
		referrals: newFakeTable("Referral", func(x *linkage.Referral) uuid.UUID { return x.ID }, func(x *linkage.Referral) *int64 { return &x.Version }),
		followUps: newFakeTable("FollowUp", func(x *linkage.FollowUp) uuid.UUID { return x.ID }, func(x *linkage.FollowUp) *int64 { return &x.Version }),
		partyOrgs: newFakeTable("PartyOrg", func(x *linkage.PartyOrg) uuid.UUID { return x.ID },
			func(x *linkage.PartyOrg) *int64 { return &x.Version }),
		partyReports: newFakeTable("PartyReport", func(x *linkage.PartyReport) uuid.UUID { return x.ID },
			func(x *linkage.PartyReport) *int64 { return &x.Version }),
	}
}

// lock checks ctx and takes the lock; the caller defers the returned unlock.
func (s *fakeStore) lock(ctx context.Context, op string) (func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Err: err}
	}
	s.mu.Lock()
	return s.mu.Unlock, nil
}

func do[T any](s *fakeStore, ctx context.Context, op string, fn func() (T, error)) (T, error) {
	unlock, err := s.lock(ctx, op)
	if err != nil {
		var zero T
		return zero, err
	}
	defer unlock()
	return fn()
}

func (s *fakeStore) CreateCommunity(ctx context.Context, c linkage.Community) error {
	_, err := do(s, ctx, "fake.CreateCommunity", func() (int, error) { return 0, s.communities.create("fake.CreateCommunity", c) })
	return err
}
func (s *fakeStore) GetCommunity(ctx context.Context, id uuid.UUID) (linkage.Community, error) {
	return do(s, ctx, "fake.GetCommunity", func() (linkage.Community, error) { return s.communities.get("fake.GetCommunity", id) })
}
func (s *fakeStore) ListCommunities(ctx context.Context, f linkage.CommunityFilter) (wushe.Page[linkage.Community], error) {
	return do(s, ctx, "fake.ListCommunities", func() (wushe.Page[linkage.Community], error) {
		return s.communities.list("fake.ListCommunities", func(c linkage.Community) bool { return f.Match(&c) }, f.Page)
	})
}
func (s *fakeStore) UpdateCommunity(ctx context.Context, id uuid.UUID, fn func(*linkage.Community) error) (linkage.Community, error) {
	return do(s, ctx, "fake.UpdateCommunity", func() (linkage.Community, error) { return s.communities.update("fake.UpdateCommunity", id, fn) })
}

func (s *fakeStore) CreateSocialWorker(ctx context.Context, w linkage.SocialWorker) error {
	_, err := do(s, ctx, "fake.CreateSocialWorker", func() (int, error) { return 0, s.workers.create("fake.CreateSocialWorker", w) })
	return err
}
func (s *fakeStore) GetSocialWorker(ctx context.Context, id uuid.UUID) (linkage.SocialWorker, error) {
	return do(s, ctx, "fake.GetSocialWorker", func() (linkage.SocialWorker, error) { return s.workers.get("fake.GetSocialWorker", id) })
}
func (s *fakeStore) ListSocialWorkers(ctx context.Context, f linkage.SocialWorkerFilter) (wushe.Page[linkage.SocialWorker], error) {
	return do(s, ctx, "fake.ListSocialWorkers", func() (wushe.Page[linkage.SocialWorker], error) {
		return s.workers.list("fake.ListSocialWorkers", func(w linkage.SocialWorker) bool { return f.Match(&w) }, f.Page)
	})
}
func (s *fakeStore) UpdateSocialWorker(ctx context.Context, id uuid.UUID, fn func(*linkage.SocialWorker) error) (linkage.SocialWorker, error) {
	return do(s, ctx, "fake.UpdateSocialWorker", func() (linkage.SocialWorker, error) { return s.workers.update("fake.UpdateSocialWorker", id, fn) })
}

func (s *fakeStore) CreateOrganization(ctx context.Context, o linkage.Organization) error {
	_, err := do(s, ctx, "fake.CreateOrganization", func() (int, error) { return 0, s.organizations.create("fake.CreateOrganization", o) })
	return err
}
func (s *fakeStore) GetOrganization(ctx context.Context, id uuid.UUID) (linkage.Organization, error) {
	return do(s, ctx, "fake.GetOrganization", func() (linkage.Organization, error) { return s.organizations.get("fake.GetOrganization", id) })
}
func (s *fakeStore) ListOrganizations(ctx context.Context, f linkage.OrganizationFilter) (wushe.Page[linkage.Organization], error) {
	return do(s, ctx, "fake.ListOrganizations", func() (wushe.Page[linkage.Organization], error) {
		return s.organizations.list("fake.ListOrganizations", func(o linkage.Organization) bool { return f.Match(&o) }, f.Page)
	})
}
func (s *fakeStore) UpdateOrganization(ctx context.Context, id uuid.UUID, fn func(*linkage.Organization) error) (linkage.Organization, error) {
	return do(s, ctx, "fake.UpdateOrganization", func() (linkage.Organization, error) {
		return s.organizations.update("fake.UpdateOrganization", id, fn)
	})
}

func (s *fakeStore) CreateUnit(ctx context.Context, u linkage.Unit) error {
	_, err := do(s, ctx, "fake.CreateUnit", func() (int, error) { return 0, s.units.create("fake.CreateUnit", u) })
	return err
}
func (s *fakeStore) GetUnit(ctx context.Context, id uuid.UUID) (linkage.Unit, error) {
	return do(s, ctx, "fake.GetUnit", func() (linkage.Unit, error) { return s.units.get("fake.GetUnit", id) })
}
func (s *fakeStore) ListUnits(ctx context.Context, f linkage.UnitFilter) (wushe.Page[linkage.Unit], error) {
	return do(s, ctx, "fake.ListUnits", func() (wushe.Page[linkage.Unit], error) {
		return s.units.list("fake.ListUnits", func(u linkage.Unit) bool { return f.Match(&u) }, f.Page)
	})
}
func (s *fakeStore) UpdateUnit(ctx context.Context, id uuid.UUID, fn func(*linkage.Unit) error) (linkage.Unit, error) {
	return do(s, ctx, "fake.UpdateUnit", func() (linkage.Unit, error) { return s.units.update("fake.UpdateUnit", id, fn) })
}

func (s *fakeStore) CreateProject(ctx context.Context, p linkage.Project) error {
	_, err := do(s, ctx, "fake.CreateProject", func() (int, error) { return 0, s.projects.create("fake.CreateProject", p) })
	return err
}
func (s *fakeStore) GetProject(ctx context.Context, id uuid.UUID) (linkage.Project, error) {
	return do(s, ctx, "fake.GetProject", func() (linkage.Project, error) { return s.projects.get("fake.GetProject", id) })
}
func (s *fakeStore) ListProjects(ctx context.Context, f linkage.ProjectFilter) (wushe.Page[linkage.Project], error) {
	return do(s, ctx, "fake.ListProjects", func() (wushe.Page[linkage.Project], error) {
		return s.projects.list("fake.ListProjects", func(p linkage.Project) bool { return f.Match(&p) }, f.Page)
	})
}
func (s *fakeStore) UpdateProject(ctx context.Context, id uuid.UUID, fn func(*linkage.Project) error) (linkage.Project, error) {
	return do(s, ctx, "fake.UpdateProject", func() (linkage.Project, error) { return s.projects.update("fake.UpdateProject", id, fn) })
}

func (s *fakeStore) CreateNeed(ctx context.Context, n linkage.Need) error {
	_, err := do(s, ctx, "fake.CreateNeed", func() (int, error) { return 0, s.needs.create("fake.CreateNeed", n) })
	return err
}
func (s *fakeStore) GetNeed(ctx context.Context, id uuid.UUID) (linkage.Need, error) {
	return do(s, ctx, "fake.GetNeed", func() (linkage.Need, error) { return s.needs.get("fake.GetNeed", id) })
}
func (s *fakeStore) ListNeeds(ctx context.Context, f linkage.NeedFilter) (wushe.Page[linkage.Need], error) {
	return do(s, ctx, "fake.ListNeeds", func() (wushe.Page[linkage.Need], error) {
		return s.needs.list("fake.ListNeeds", func(n linkage.Need) bool { return f.Match(&n) }, f.Page)
	})
}
func (s *fakeStore) UpdateNeed(ctx context.Context, id uuid.UUID, fn func(*linkage.Need) error) (linkage.Need, error) {
	return do(s, ctx, "fake.UpdateNeed", func() (linkage.Need, error) { return s.needs.update("fake.UpdateNeed", id, fn) })
}

func (s *fakeStore) CreateCase(ctx context.Context, c linkage.Case) error {
	_, err := do(s, ctx, "fake.CreateCase", func() (int, error) { return 0, s.cases.create("fake.CreateCase", c) })
	return err
}
func (s *fakeStore) GetCase(ctx context.Context, id uuid.UUID) (linkage.Case, error) {
	return do(s, ctx, "fake.GetCase", func() (linkage.Case, error) { return s.cases.get("fake.GetCase", id) })
}
func (s *fakeStore) ListCases(ctx context.Context, f linkage.CaseFilter) (wushe.Page[linkage.Case], error) {
	return do(s, ctx, "fake.ListCases", func() (wushe.Page[linkage.Case], error) {
		return s.cases.list("fake.ListCases", func(c linkage.Case) bool { return f.Match(&c) }, f.Page)
	})
}
func (s *fakeStore) UpdateCase(ctx context.Context, id uuid.UUID, fn func(*linkage.Case) error) (linkage.Case, error) {
	return do(s, ctx, "fake.UpdateCase", func() (linkage.Case, error) { return s.cases.update("fake.UpdateCase", id, fn) })
}

func (s *fakeStore) CreateActivity(ctx context.Context, a linkage.Activity) error {
	_, err := do(s, ctx, "fake.CreateActivity", func() (int, error) { return 0, s.activities.create("fake.CreateActivity", a) })
	return err
}
func (s *fakeStore) GetActivity(ctx context.Context, id uuid.UUID) (linkage.Activity, error) {
	return do(s, ctx, "fake.GetActivity", func() (linkage.Activity, error) { return s.activities.get("fake.GetActivity", id) })
}
func (s *fakeStore) ListActivities(ctx context.Context, f linkage.ActivityFilter) (wushe.Page[linkage.Activity], error) {
	return do(s, ctx, "fake.ListActivities", func() (wushe.Page[linkage.Activity], error) {
		return s.activities.list("fake.ListActivities", func(a linkage.Activity) bool { return f.Match(&a) }, f.Page)
	})
}
func (s *fakeStore) UpdateActivity(ctx context.Context, id uuid.UUID, fn func(*linkage.Activity) error) (linkage.Activity, error) {
	return do(s, ctx, "fake.UpdateActivity", func() (linkage.Activity, error) { return s.activities.update("fake.UpdateActivity", id, fn) })
}

func (s *fakeStore) CreateLink(ctx context.Context, l linkage.Link) error {
	_, err := do(s, ctx, "fake.CreateLink", func() (int, error) { return 0, s.links.create("fake.CreateLink", l) })
	return err
}
func (s *fakeStore) GetLink(ctx context.Context, id uuid.UUID) (linkage.Link, error) {
	return do(s, ctx, "fake.GetLink", func() (linkage.Link, error) { return s.links.get("fake.GetLink", id) })
}
func (s *fakeStore) ListLinks(ctx context.Context, f linkage.LinkFilter) (wushe.Page[linkage.Link], error) {
	return do(s, ctx, "fake.ListLinks", func() (wushe.Page[linkage.Link], error) {
		return s.links.list("fake.ListLinks", func(l linkage.Link) bool { return f.Match(&l) }, f.Page)
	})
}
func (s *fakeStore) UpdateLink(ctx context.Context, id uuid.UUID, fn func(*linkage.Link) error) (linkage.Link, error) {
	return do(s, ctx, "fake.UpdateLink", func() (linkage.Link, error) { return s.links.update("fake.UpdateLink", id, fn) })
}

func (s *fakeStore) CreateCouncilMeeting(ctx context.Context, m linkage.CouncilMeeting) error {
	_, err := do(s, ctx, "fake.CreateCouncilMeeting", func() (int, error) { return 0, s.meetings.create("fake.CreateCouncilMeeting", m) })
	return err
}
func (s *fakeStore) GetCouncilMeeting(ctx context.Context, id uuid.UUID) (linkage.CouncilMeeting, error) {
	return do(s, ctx, "fake.GetCouncilMeeting", func() (linkage.CouncilMeeting, error) { return s.meetings.get("fake.GetCouncilMeeting", id) })
}
func (s *fakeStore) ListCouncilMeetings(ctx context.Context, f linkage.CouncilMeetingFilter) (wushe.Page[linkage.CouncilMeeting], error) {
	return do(s, ctx, "fake.ListCouncilMeetings", func() (wushe.Page[linkage.CouncilMeeting], error) {
		return s.meetings.list("fake.ListCouncilMeetings", func(m linkage.CouncilMeeting) bool { return f.Match(&m) }, f.Page)
	})
}
func (s *fakeStore) UpdateCouncilMeeting(ctx context.Context, id uuid.UUID, fn func(*linkage.CouncilMeeting) error) (linkage.CouncilMeeting, error) {
	return do(s, ctx, "fake.UpdateCouncilMeeting", func() (linkage.CouncilMeeting, error) {
		return s.meetings.update("fake.UpdateCouncilMeeting", id, fn)
	})
}

func (s *fakeStore) CreateReferral(ctx context.Context, r linkage.Referral) error {
	_, err := do(s, ctx, "fake.CreateReferral", func() (int, error) { return 0, s.referrals.create("fake.CreateReferral", r) })
	return err
}
func (s *fakeStore) GetReferral(ctx context.Context, id uuid.UUID) (linkage.Referral, error) {
	return do(s, ctx, "fake.GetReferral", func() (linkage.Referral, error) { return s.referrals.get("fake.GetReferral", id) })
}
func (s *fakeStore) ListReferrals(ctx context.Context, q linkage.ReferralFilter) (wushe.Page[linkage.Referral], error) {
	return do(s, ctx, "fake.ListReferrals", func() (wushe.Page[linkage.Referral], error) {
		return s.referrals.list("fake.ListReferrals", func(x linkage.Referral) bool { return q.Match(&x) }, q.Page)
	})
}
func (s *fakeStore) DeleteReferral(ctx context.Context, id uuid.UUID, version int64) error {
	_, err := do(s, ctx, "fake.DeleteReferral", func() (int, error) { return 0, s.referrals.remove("fake.DeleteReferral", id, version) })
	return err
}

func (s *fakeStore) UpdateReferral(ctx context.Context, id uuid.UUID, fn func(*linkage.Referral) error) (linkage.Referral, error) {
	return do(s, ctx, "fake.UpdateReferral", func() (linkage.Referral, error) { return s.referrals.update("fake.UpdateReferral", id, fn) })
}

func (s *fakeStore) CreateFollowUp(ctx context.Context, f linkage.FollowUp) error {
	_, err := do(s, ctx, "fake.CreateFollowUp", func() (int, error) { return 0, s.followUps.create("fake.CreateFollowUp", f) })
	return err
}
func (s *fakeStore) GetFollowUp(ctx context.Context, id uuid.UUID) (linkage.FollowUp, error) {
	return do(s, ctx, "fake.GetFollowUp", func() (linkage.FollowUp, error) { return s.followUps.get("fake.GetFollowUp", id) })
}
func (s *fakeStore) ListFollowUps(ctx context.Context, q linkage.FollowUpFilter) (wushe.Page[linkage.FollowUp], error) {
	return do(s, ctx, "fake.ListFollowUps", func() (wushe.Page[linkage.FollowUp], error) {
		return s.followUps.list("fake.ListFollowUps", func(x linkage.FollowUp) bool { return q.Match(&x) }, q.Page)
	})
}
func (s *fakeStore) UpdateFollowUp(ctx context.Context, id uuid.UUID, fn func(*linkage.FollowUp) error) (linkage.FollowUp, error) {
	return do(s, ctx, "fake.UpdateFollowUp", func() (linkage.FollowUp, error) { return s.followUps.update("fake.UpdateFollowUp", id, fn) })
}

// failingStore wraps a Store and fails the named methods once they have been called
// after more than skip calls to them: fail["UpdateCouncilMeeting"] = 1 lets the first call
// through and fails every later one.
type failingStore struct {
	linkage.Store
	mu    sync.Mutex
	fail  map[string]int
	calls map[string]int
}

func newFailingStore(inner linkage.Store) *failingStore {
	return &failingStore{Store: inner, fail: map[string]int{}, calls: map[string]int{}}
}

func (f *failingStore) hit(method string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[method]++
	if skip, ok := f.fail[method]; ok && f.calls[method] > skip {
		return &wushe.Error{Op: "failing." + method, Kind: wushe.KindUnavailable, Msg: fmt.Sprintf("injected failure of call %d", f.calls[method])}
	}
	return nil
}

func (f *failingStore) CreateNeed(ctx context.Context, n linkage.Need) error {
	if err := f.hit("CreateNeed"); err != nil {
		return err
	}
	return f.Store.CreateNeed(ctx, n)
}

func (f *failingStore) UpdateCouncilMeeting(ctx context.Context, id uuid.UUID, fn func(*linkage.CouncilMeeting) error) (linkage.CouncilMeeting, error) {
	if err := f.hit("UpdateCouncilMeeting"); err != nil {
		return linkage.CouncilMeeting{}, err
	}
	return f.Store.UpdateCouncilMeeting(ctx, id, fn)
}

func (f *failingStore) UpdateCase(ctx context.Context, id uuid.UUID, fn func(*linkage.Case) error) (linkage.Case, error) {
	if err := f.hit("UpdateCase"); err != nil {
		return linkage.Case{}, err
	}
	return f.Store.UpdateCase(ctx, id, fn)
}
