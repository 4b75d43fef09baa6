package linkage

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/clone"
)

// Options configures a Service. The zero value is useful: the system clock, time-ordered
// IDs and DefaultCultivationRules.
type Options struct {
	// Clock tells the time for every timestamp; nil means wushe.SystemClock.
	Clock wushe.Clock
	// NewID makes entity IDs; nil means wushe.NewID.
	NewID wushe.IDSource
	// Cultivation are the thresholds for advancing organizations; the zero value means
	// DefaultCultivationRules().
	Cultivation CultivationRules
	// Deadlines give new referrals their time to respond and to resolve by urgency; a nil
	// ByUrgency means DefaultDeadlines().
	Deadlines DeadlineProfile
	// Volunteer and Resources give the Service the volunteer and resources work that
	// answers referrals (OpenOpportunity, RequestResources, ReferralOutputs,
	// CompleteReferral) and that Outputs counts; either may be nil for a host that does
	// not use that package.
	Volunteer VolunteerWork
	Resources ResourcesWork
	// ReferenceKey keys what the Service derives from residents' pseudonymous references
	// (wushe.KeyedIndex): the one ID a party member's report to a community can have. At
	// least 16 random bytes; keep it secret and stable. Required for members' reports.
	ReferenceKey []byte
}

// Service holds the linkage rules over a Store: it validates, stamps IDs, versions and
// times, moves entities through their life cycles and guards case notes. It is safe for
// concurrent use when its Store is.
type Service struct {
	store Store
	clock wushe.Clock
	newID wushe.IDSource
	rules CultivationRules
	// deadlines is the referral deadline profile.
	deadlines DeadlineProfile
	volunteer VolunteerWork
	resources ResourcesWork
	// refKey is Options.ReferenceKey.
	refKey []byte
}

// NewService returns a Service over store. It fails with KindInvalid when store is nil or
// the cultivation rules or the deadline profile are invalid.
func NewService(store Store, opts *Options) (*Service, error) {
	const op = "linkage.NewService"
	if store == nil {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Service", Field: "store", Msg: "is nil"}
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	s := &Service{store: store, clock: o.Clock, newID: o.NewID, rules: o.Cultivation, volunteer: o.Volunteer, resources: o.Resources}
	if o.ReferenceKey != nil && len(o.ReferenceKey) < 16 {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Options", Field: "ReferenceKey",
			Msg: "has fewer than 16 bytes"}
	}
	s.refKey = slices.Clone(o.ReferenceKey)
	if s.clock == nil {
		s.clock = wushe.SystemClock{}
	}
	if s.newID == nil {
		s.newID = wushe.NewID
	}
	if s.rules.isZero() {
		s.rules = DefaultCultivationRules()
	}
	if err := s.rules.Validate(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	s.deadlines = clone.Of(o.Deadlines)
	if s.deadlines.ByUrgency == nil {
		s.deadlines = DefaultDeadlines()
	}
	if err := s.deadlines.Validate(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	return s, nil
}

// Rules returns the cultivation rules the Service applies.
func (s *Service) Rules() CultivationRules { return s.rules }

func (r CultivationRules) isZero() bool {
	return r.FilingMinMembers == 0 && r.FilingMinStaff == 0 && r.RegisterMinIndividuals == 0 &&
		r.RegisterMinUnits == 0 && r.RegisterMinMixed == 0 && r.RegisterMinFunds.IsZero() &&
		r.BrandMinAssessments == 0 && r.BrandMinMeanScore.IsZero()
}

// fail returns err with op: an error already naming op is returned as it is, others are
// wrapped.
func fail(op string, err error) error {
	var we *wushe.Error
	if errors.As(err, &we) && we.Op == op {
		return err
	}
	return wushe.Wrap(op, err)
}

// refuse builds an error of kind k about field of an entity.
func refuse(op string, k wushe.Kind, entity string, id uuid.UUID, field, format string, args ...any) *wushe.Error {
	e := wushe.E(op, k, entity, id.String(), format, args...)
	e.Field = field
	return e
}

// stale is the conflict error for a caller's copy whose Version is not the stored one.
func stale(op, entity string, id uuid.UUID, have, want int64) error {
	return refuse(op, wushe.KindConflict, entity, id, "Version",
		"version %d is stale, the stored version is %d; read it again", have, want)
}

// kind describes how the Service handles one entity type.
type kind[T any] struct {
	name     string
	meta     func(*T) (id *uuid.UUID, version *int64, created, updated *time.Time)
	validate func(T) error
	create   func(context.Context, T) error
	update   func(context.Context, uuid.UUID, func(*T) error) (T, error)
}

// register stamps x (ID when nil, Version 0, CreatedAt and UpdatedAt), validates it and
// creates it.
func (k kind[T]) register(ctx context.Context, s *Service, op string, x T) (T, error) {
	var zero T
	x = clone.Of(x)
	id, v, c, u := k.meta(&x)
	if *id == uuid.Nil {
		*id = s.newID()
	}
	now := s.clock.Now()
	*v, *c, *u = 0, now, now
	if err := k.validate(x); err != nil {
		return zero, wushe.WithOp(op, err)
	}
	if err := k.create(ctx, x); err != nil {
		return zero, fail(op, err)
	}
	*v = 1
	return x, nil
}

// replace stores x over the stored entity with x's ID, provided x.Version is the stored
// one. keep copies into x the fields that only life-cycle methods may change.
func (k kind[T]) replace(ctx context.Context, s *Service, op string, x T, keep func(next *T, cur T)) (T, error) {
	var zero T
	x = clone.Of(x)
	id, version, _, _ := k.meta(&x)
	if *id == uuid.Nil {
		return zero, refuse(op, wushe.KindInvalid, k.name, *id, "ID", "is required")
	}
	out, err := k.update(ctx, *id, func(cur *T) error {
		next := clone.Of(x)
		_, cv, cc, _ := k.meta(cur)
		_, nv, nc, nu := k.meta(&next)
		if *nv != *cv {
			return stale(op, k.name, *id, *version, *cv)
		}
		if keep != nil {
			keep(&next, *cur)
		}
		*nc, *nu = *cc, s.clock.Now()
		if err := k.validate(next); err != nil {
			return wushe.WithOp(op, err)
		}
		*cur = next
		return nil
	})
	if err != nil {
		return zero, fail(op, err)
	}
	return out, nil
}

// change runs a life-cycle change on the stored entity: fn edits the copy (and may refuse),
// then the result is stamped and validated.
func (k kind[T]) change(ctx context.Context, s *Service, op string, id uuid.UUID, fn func(*T, time.Time) error) (T, error) {
	var zero T
	out, err := k.update(ctx, id, func(cur *T) error {
		now := s.clock.Now()
		if err := fn(cur, now); err != nil {
			return err
		}
		_, _, _, u := k.meta(cur)
		*u = now
		return wushe.WithOp(op, k.validate(*cur))
	})
	if err != nil {
		return zero, fail(op, err)
	}
	return out, nil
}

func (s *Service) communities() kind[Community] {
	return kind[Community]{"Community", func(x *Community) (*uuid.UUID, *int64, *time.Time, *time.Time) {
		return &x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt
	}, Community.Validate, s.store.CreateCommunity, s.store.UpdateCommunity}
}

func (s *Service) workers() kind[SocialWorker] {
	return kind[SocialWorker]{"SocialWorker", func(x *SocialWorker) (*uuid.UUID, *int64, *time.Time, *time.Time) {
		return &x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt
	}, SocialWorker.Validate, s.store.CreateSocialWorker, s.store.UpdateSocialWorker}
}

func (s *Service) organizations() kind[Organization] {
	return kind[Organization]{"Organization", func(x *Organization) (*uuid.UUID, *int64, *time.Time, *time.Time) {
		return &x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt
	}, Organization.Validate, s.store.CreateOrganization, s.store.UpdateOrganization}
}

func (s *Service) units() kind[Unit] {
	return kind[Unit]{"Unit", func(x *Unit) (*uuid.UUID, *int64, *time.Time, *time.Time) {
		return &x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt
	}, Unit.Validate, s.store.CreateUnit, s.store.UpdateUnit}
}

func (s *Service) projects() kind[Project] {
	return kind[Project]{"Project", func(x *Project) (*uuid.UUID, *int64, *time.Time, *time.Time) {
		return &x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt
	}, Project.Validate, s.store.CreateProject, s.store.UpdateProject}
}

func (s *Service) needs() kind[Need] {
	return kind[Need]{"Need", func(x *Need) (*uuid.UUID, *int64, *time.Time, *time.Time) {
		return &x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt
	}, Need.Validate, s.store.CreateNeed, s.store.UpdateNeed}
}

func (s *Service) cases() kind[Case] {
	return kind[Case]{"Case", func(x *Case) (*uuid.UUID, *int64, *time.Time, *time.Time) {
		return &x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt
	}, Case.Validate, s.store.CreateCase, s.store.UpdateCase}
}

func (s *Service) activities() kind[Activity] {
	return kind[Activity]{"Activity", func(x *Activity) (*uuid.UUID, *int64, *time.Time, *time.Time) {
		return &x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt
	}, Activity.Validate, s.store.CreateActivity, s.store.UpdateActivity}
}

func (s *Service) links() kind[Link] {
	return kind[Link]{"Link", func(x *Link) (*uuid.UUID, *int64, *time.Time, *time.Time) {
		return &x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt
	}, Link.Validate, s.store.CreateLink, s.store.UpdateLink}
}

func (s *Service) meetings() kind[CouncilMeeting] {
	return kind[CouncilMeeting]{"CouncilMeeting", func(x *CouncilMeeting) (*uuid.UUID, *int64, *time.Time, *time.Time) {
		return &x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt
	}, CouncilMeeting.Validate, s.store.CreateCouncilMeeting, s.store.UpdateCouncilMeeting}
}

// requireCommunity fails with KindNotFound naming field when the community does not exist.
func (s *Service) requireCommunity(ctx context.Context, op, entity, field string, id uuid.UUID) (Community, error) {
	c, err := s.store.GetCommunity(ctx, id)
	if err != nil {
		if wushe.KindOf(err) == wushe.KindNotFound {
			e := refuse(op, wushe.KindNotFound, entity, uuid.Nil, field, "community %s does not exist", id)
			e.ID, e.Err = "", err
			return Community{}, e
		}
		return Community{}, fail(op, err)
	}
	return c, nil
}
