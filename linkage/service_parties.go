package linkage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/clone"
)

// RegisterCommunity validates and stores a new community. Areas and venues without an ID
// get one. It returns the stored community (Version 1).
func (s *Service) RegisterCommunity(ctx context.Context, c Community) (Community, error) {
	for i := range c.Areas {
		if c.Areas[i].ID == uuid.Nil {
			c.Areas[i].ID = s.newID()
		}
	}
	for i := range c.Venues {
		if c.Venues[i].ID == uuid.Nil {
			c.Venues[i].ID = s.newID()
		}
	}
	return s.communities().register(ctx, s, "linkage.Service.RegisterCommunity", c)
}

// UpdateCommunity replaces the stored community with c. c.Version must be the stored
// version (KindConflict otherwise: read it again and retry).
func (s *Service) UpdateCommunity(ctx context.Context, c Community) (Community, error) {
	return s.communities().replace(ctx, s, "linkage.Service.UpdateCommunity", c, nil)
}

// AddArea adds a grid or micro-grid to a community's area tree (an ID is assigned if a is
// missing one). The tree rules of Community.Validate apply.
func (s *Service) AddArea(ctx context.Context, community uuid.UUID, a Area) (Community, error) {
	if a.ID == uuid.Nil {
		a.ID = s.newID()
	}
	return s.communities().change(ctx, s, "linkage.Service.AddArea", community, func(c *Community, _ time.Time) error {
		c.Areas = append(c.Areas, clone.Of(a))
		return nil
	})
}

// AddVenue adds a venue to a community (an ID is assigned if v is missing one).
func (s *Service) AddVenue(ctx context.Context, community uuid.UUID, v Venue) (Community, error) {
	if v.ID == uuid.Nil {
		v.ID = s.newID()
	}
	return s.communities().change(ctx, s, "linkage.Service.AddVenue", community, func(c *Community, _ time.Time) error {
		c.Venues = append(c.Venues, clone.Of(v))
		return nil
	})
}

// GetCommunity returns the community with the given ID.
func (s *Service) GetCommunity(ctx context.Context, id uuid.UUID) (Community, error) {
	c, err := s.store.GetCommunity(ctx, id)
	return c, wushe.Wrap("linkage.Service.GetCommunity", err)
}

// ListCommunities returns one page of the communities matching f.
func (s *Service) ListCommunities(ctx context.Context, f CommunityFilter) (wushe.Page[Community], error) {
	p, err := s.store.ListCommunities(ctx, f)
	return p, wushe.Wrap("linkage.Service.ListCommunities", err)
}

// RegisterSocialWorker validates and stores a new social worker; an empty Status means
// active. Every community the worker serves must exist.
func (s *Service) RegisterSocialWorker(ctx context.Context, w SocialWorker) (SocialWorker, error) {
	const op = "linkage.Service.RegisterSocialWorker"
	if w.Status == "" {
		w.Status = WorkerActive
	}
	w.OpenCases = 0
	if err := wushe.WithOp(op, w.Validate()); err != nil {
		return SocialWorker{}, err
	}
	for i, c := range w.Communities {
		if _, err := s.requireCommunity(ctx, op, "SocialWorker", wushe.Index("Communities", i), c); err != nil {
			return SocialWorker{}, err
		}
	}
	return s.workers().register(ctx, s, op, w)
}

// UpdateSocialWorker replaces the stored worker with w; w.Version must be the stored one
// and every community it serves must exist. OpenCases keeps its stored value.
func (s *Service) UpdateSocialWorker(ctx context.Context, w SocialWorker) (SocialWorker, error) {
	const op = "linkage.Service.UpdateSocialWorker"
	for i, c := range w.Communities {
		if _, err := s.requireCommunity(ctx, op, "SocialWorker", wushe.Index("Communities", i), c); err != nil {
			return SocialWorker{}, err
		}
	}
	return s.workers().replace(ctx, s, op, w, func(next *SocialWorker, cur SocialWorker) {
		next.OpenCases = cur.OpenCases
	})
}

// GetSocialWorker returns the worker with the given ID.
func (s *Service) GetSocialWorker(ctx context.Context, id uuid.UUID) (SocialWorker, error) {
	w, err := s.store.GetSocialWorker(ctx, id)
	return w, wushe.Wrap("linkage.Service.GetSocialWorker", err)
}

// ListSocialWorkers returns one page of the workers matching f.
func (s *Service) ListSocialWorkers(ctx context.Context, f SocialWorkerFilter) (wushe.Page[SocialWorker], error) {
	p, err := s.store.ListSocialWorkers(ctx, f)
	return p, wushe.Wrap("linkage.Service.ListSocialWorkers", err)
}

// RegisterUnit validates and stores a new unit; its community must exist.
func (s *Service) RegisterUnit(ctx context.Context, u Unit) (Unit, error) {
	const op = "linkage.Service.RegisterUnit"
	if err := wushe.WithOp(op, u.Validate()); err != nil {
		return Unit{}, err
	}
	if _, err := s.requireCommunity(ctx, op, "Unit", "Community", u.Community); err != nil {
		return Unit{}, err
	}
	return s.units().register(ctx, s, op, u)
}

// UpdateUnit replaces the stored unit with u; u.Version must be the stored one and its
// community must exist.
func (s *Service) UpdateUnit(ctx context.Context, u Unit) (Unit, error) {
	const op = "linkage.Service.UpdateUnit"
	if _, err := s.requireCommunity(ctx, op, "Unit", "Community", u.Community); err != nil {
		return Unit{}, err
	}
	return s.units().replace(ctx, s, op, u, nil)
}

// GetUnit returns the unit with the given ID.
func (s *Service) GetUnit(ctx context.Context, id uuid.UUID) (Unit, error) {
	u, err := s.store.GetUnit(ctx, id)
	return u, wushe.Wrap("linkage.Service.GetUnit", err)
}

// ListUnits returns one page of the units matching f.
func (s *Service) ListUnits(ctx context.Context, f UnitFilter) (wushe.Page[Unit], error) {
	p, err := s.store.ListUnits(ctx, f)
	return p, wushe.Wrap("linkage.Service.ListUnits", err)
}

// RegisterProject validates and stores a new project; an empty Status means draft. Every
// community must exist.
func (s *Service) RegisterProject(ctx context.Context, p Project) (Project, error) {
	const op = "linkage.Service.RegisterProject"
	if p.Status == "" {
		p.Status = ProjectDraft
	}
	if err := wushe.WithOp(op, p.Validate()); err != nil {
		return Project{}, err
	}
	for i, c := range p.Communities {
		if _, err := s.requireCommunity(ctx, op, "Project", wushe.Index("Communities", i), c); err != nil {
			return Project{}, err
		}
	}
	return s.projects().register(ctx, s, op, p)
}

// UpdateProject replaces the stored project with p, except its Status, which only
// MoveProject changes; p.Version must be the stored one and every community must exist.
func (s *Service) UpdateProject(ctx context.Context, p Project) (Project, error) {
	const op = "linkage.Service.UpdateProject"
	for i, c := range p.Communities {
		if _, err := s.requireCommunity(ctx, op, "Project", wushe.Index("Communities", i), c); err != nil {
			return Project{}, err
		}
	}
	return s.projects().replace(ctx, s, op, p, func(next *Project, cur Project) {
		next.Status = cur.Status
	})
}

// MoveProject moves a project to status to, as ProjectStatus.CanMoveTo allows; any other
// move is a KindConflict error naming Status.
func (s *Service) MoveProject(ctx context.Context, id uuid.UUID, to ProjectStatus) (Project, error) {
	const op = "linkage.Service.MoveProject"
	return s.projects().change(ctx, s, op, id, func(p *Project, _ time.Time) error {
		if !p.Status.CanMoveTo(to) {
			return refuse(op, wushe.KindConflict, "Project", id, "Status", "cannot move from %s to %q: %s", p.Status, to, projectMoves(p.Status))
		}
		p.Status = to
		return nil
	})
}

// GetProject returns the project with the given ID.
func (s *Service) GetProject(ctx context.Context, id uuid.UUID) (Project, error) {
	p, err := s.store.GetProject(ctx, id)
	return p, wushe.Wrap("linkage.Service.GetProject", err)
}

// ListProjects returns one page of the projects matching f.
func (s *Service) ListProjects(ctx context.Context, f ProjectFilter) (wushe.Page[Project], error) {
	p, err := s.store.ListProjects(ctx, f)
	return p, wushe.Wrap("linkage.Service.ListProjects", err)
}

// RegisterOrganization validates and stores a new community social organization; its
// community must exist. An empty Stage means interest_group. An organization recorded at
// a later stage (volunteer_team, filed or registered: one the host already filed or
// registered) must meet that stage's criteria; service_brand is reached only through
// AdvanceOrganization. Stage history and assessments start empty.
func (s *Service) RegisterOrganization(ctx context.Context, o Organization) (Organization, error) {
	const op = "linkage.Service.RegisterOrganization"
	if o.Stage == "" {
		o.Stage = StageInterestGroup
	}
	o.StageHistory, o.Assessments = nil, nil
	if err := wushe.WithOp(op, o.Validate()); err != nil {
		return Organization{}, err
	}
	if o.Stage == StageServiceBrand {
		return Organization{}, refuse(op, wushe.KindInvalid, "Organization", o.ID, "Stage",
			"a new organization cannot start as a service brand; advance it")
	}
	if o.Stage != StageInterestGroup {
		if err := s.rules.Check(o, o.Stage); err != nil {
			return Organization{}, s.unmet(op, o, o.Stage, err)
		}
	}
	if _, err := s.requireCommunity(ctx, op, "Organization", "Community", o.Community); err != nil {
		return Organization{}, err
	}
	return s.organizations().register(ctx, s, op, o)
}

// unmet wraps the unmet criteria in one KindInsufficient error. The wrapper names no field
// so that wushe.FieldErrors reaches the criteria, each of which names its own.
func (s *Service) unmet(op string, o Organization, to Stage, err error) error {
	n := len(wushe.FieldErrors(err))
	return &wushe.Error{Op: op, Kind: wushe.KindInsufficient, Entity: "Organization", ID: o.ID.String(),
		Msg: fmt.Sprintf("%d criteria for %s are not met", n, to), Err: err}
}

// UpdateOrganization replaces the stored organization with o, except Stage, StageHistory
// and Assessments, which only AdvanceOrganization and AssessOrganization change; o.Version
// must be the stored one.
func (s *Service) UpdateOrganization(ctx context.Context, o Organization) (Organization, error) {
	return s.organizations().replace(ctx, s, "linkage.Service.UpdateOrganization", o, func(next *Organization, cur Organization) {
		next.Stage, next.StageHistory, next.Assessments = cur.Stage, cur.StageHistory, cur.Assessments
	})
}

// AdvanceOrganization moves an organization to stage to, approved by approvedBy (the
// street office for a filing, the civil-affairs bureau for a registration). A move that
// Stage.CanAdvanceTo refuses is KindConflict naming Stage; a move whose criteria fail is
// one KindInsufficient error whose wushe.FieldErrors list every unmet criterion
// (CultivationRules.Check). Nothing is written when the move is refused.
func (s *Service) AdvanceOrganization(ctx context.Context, orgID uuid.UUID, to Stage, approvedBy, note string) (Organization, error) {
	const op = "linkage.Service.AdvanceOrganization"
	if strings.TrimSpace(approvedBy) == "" {
		return Organization{}, refuse(op, wushe.KindInvalid, "Organization", orgID, "ApprovedBy", "is required")
	}
	return s.organizations().change(ctx, s, op, orgID, func(o *Organization, now time.Time) error {
		if !o.Stage.CanAdvanceTo(to) {
			return refuse(op, wushe.KindConflict, "Organization", orgID, "Stage", "cannot advance from %s to %q: %s", o.Stage, to, stageMoves(o.Stage))
		}
		if err := s.rules.Check(*o, to); err != nil {
			return s.unmet(op, *o, to, err)
		}
		o.StageHistory = append(o.StageHistory, StageChange{From: o.Stage, To: to, At: now, ApprovedBy: approvedBy, Note: note})
		o.Stage = to
		return nil
	})
}

// AssessOrganization records a capacity assessment of an organization; a zero a.At means
// now.
func (s *Service) AssessOrganization(ctx context.Context, orgID uuid.UUID, a CapacityAssessment) (Organization, error) {
	const op = "linkage.Service.AssessOrganization"
	if a.At.IsZero() {
		a.At = s.clock.Now()
	}
	if err := wushe.WithOp(op, a.Validate()); err != nil {
		return Organization{}, err
	}
	return s.organizations().change(ctx, s, op, orgID, func(o *Organization, _ time.Time) error {
		o.Assessments = append(o.Assessments, clone.Of(a))
		return nil
	})
}

// GetOrganization returns the organization with the given ID.
func (s *Service) GetOrganization(ctx context.Context, id uuid.UUID) (Organization, error) {
	o, err := s.store.GetOrganization(ctx, id)
	return o, wushe.Wrap("linkage.Service.GetOrganization", err)
}

// ListOrganizations returns one page of the organizations matching f.
func (s *Service) ListOrganizations(ctx context.Context, f OrganizationFilter) (wushe.Page[Organization], error) {
	p, err := s.store.ListOrganizations(ctx, f)
	return p, wushe.Wrap("linkage.Service.ListOrganizations", err)
}

// projectMoves says where a project may go from s, for a refused MoveProject.
func projectMoves(s ProjectStatus) string {
	var next []ProjectStatus
	for _, to := range projectStatuses.Values() {
		if s.CanMoveTo(to) {
			next = append(next, to)
		}
	}
	if len(next) == 0 {
		return "a " + string(s) + " project is final; register a new one with RegisterProject"
	}
	return "from " + string(s) + " it moves to " + orList(next) + " with MoveProject"
}

// stageMoves says where an organization may advance from s, for a refused
// AdvanceOrganization.
func stageMoves(s Stage) string {
	var next []Stage
	for _, to := range stageOrder {
		if s.CanAdvanceTo(to) {
			next = append(next, to)
		}
	}
	if len(next) == 0 {
		return string(s) + " is the last stage"
	}
	return "from " + string(s) + " it advances to " + orList(next) + " with AdvanceOrganization"
}
