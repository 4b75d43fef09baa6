package linkage

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// Store persists and queries the linkage package's entities. Hosts implement it on their
// database; memstore.Store implements it in memory. linkagetest.RunStoreTests proves an
// implementation. The implementer's checklist:
//
//  1. ctx comes first; when ctx is done a method returns an error wrapping ctx.Err()
//     (kind KindUnavailable).
//  2. CreateX stores a deep copy of x with Version = 1, whatever Version it carried, and
//     fails with KindAlreadyExists when an entity with x.ID exists (KindInvalid for the nil
//     UUID).
//  3. GetX returns a deep copy, or fails with KindNotFound.
//  4. ListX returns the entities matching every set field of the filter (a zero field
//     matches anything; time ranges are half-open [From, To)), ordered by ID ascending in
//     byte order (wushe.CompareIDs), one page at a time as wushe.PageRequest says; a bad
//     Page is KindInvalid. Items is never nil.
//  5. UpdateX(ctx, id, fn) is an atomic read-modify-write: it passes fn a deep copy of the
//     stored entity (KindNotFound when there is none). fn may be called more than once (an
//     adapter retries on a serialization failure), must have no side effects and must not
//     call the Store (a Store may refuse such a call as invalid; see wushe.UpdateGuard),
//     and a panic in it stores nothing; an error
//     from fn persists nothing and is returned as it is. After fn the Store rejects a
//     changed ID (KindInvalid) and a Version that differs from the stored one
//     (KindConflict: how a caller's stale copy is caught), then writes the entity with
//     Version + 1 and returns a deep copy of what it stored.
//  6. Sensitive values (wushe.Sensitive, wushe.Phone, wushe.PersonName) are persisted in
//     the clear with wushe.StorageEntitlement and restored with their class.
//  7. Errors carry a wushe kind and name the operation and entity.
//  8. The Store never validates business rules, sets timestamps or makes IDs: the Service
//     does.
//
// Every method is safe for concurrent use.
type Store interface {
	CreateCommunity(ctx context.Context, c Community) error
	GetCommunity(ctx context.Context, id uuid.UUID) (Community, error)
	ListCommunities(ctx context.Context, f CommunityFilter) (wushe.Page[Community], error)
	UpdateCommunity(ctx context.Context, id uuid.UUID, fn func(*Community) error) (Community, error)

	CreateSocialWorker(ctx context.Context, w SocialWorker) error
	GetSocialWorker(ctx context.Context, id uuid.UUID) (SocialWorker, error)
	ListSocialWorkers(ctx context.Context, f SocialWorkerFilter) (wushe.Page[SocialWorker], error)
	UpdateSocialWorker(ctx context.Context, id uuid.UUID, fn func(*SocialWorker) error) (SocialWorker, error)

	CreateOrganization(ctx context.Context, o Organization) error
	GetOrganization(ctx context.Context, id uuid.UUID) (Organization, error)
	ListOrganizations(ctx context.Context, f OrganizationFilter) (wushe.Page[Organization], error)
	UpdateOrganization(ctx context.Context, id uuid.UUID, fn func(*Organization) error) (Organization, error)

	CreateUnit(ctx context.Context, u Unit) error
	GetUnit(ctx context.Context, id uuid.UUID) (Unit, error)
	ListUnits(ctx context.Context, f UnitFilter) (wushe.Page[Unit], error)
	UpdateUnit(ctx context.Context, id uuid.UUID, fn func(*Unit) error) (Unit, error)

	CreateProject(ctx context.Context, p Project) error
	GetProject(ctx context.Context, id uuid.UUID) (Project, error)
	ListProjects(ctx context.Context, f ProjectFilter) (wushe.Page[Project], error)
	UpdateProject(ctx context.Context, id uuid.UUID, fn func(*Project) error) (Project, error)

	CreateNeed(ctx context.Context, n Need) error
	GetNeed(ctx context.Context, id uuid.UUID) (Need, error)
	ListNeeds(ctx context.Context, f NeedFilter) (wushe.Page[Need], error)
	UpdateNeed(ctx context.Context, id uuid.UUID, fn func(*Need) error) (Need, error)

	CreateCase(ctx context.Context, c Case) error
	GetCase(ctx context.Context, id uuid.UUID) (Case, error)
	ListCases(ctx context.Context, f CaseFilter) (wushe.Page[Case], error)
	UpdateCase(ctx context.Context, id uuid.UUID, fn func(*Case) error) (Case, error)

	CreateActivity(ctx context.Context, a Activity) error
	GetActivity(ctx context.Context, id uuid.UUID) (Activity, error)
	ListActivities(ctx context.Context, f ActivityFilter) (wushe.Page[Activity], error)
	UpdateActivity(ctx context.Context, id uuid.UUID, fn func(*Activity) error) (Activity, error)

	CreateLink(ctx context.Context, l Link) error
	GetLink(ctx context.Context, id uuid.UUID) (Link, error)
	ListLinks(ctx context.Context, f LinkFilter) (wushe.Page[Link], error)
	UpdateLink(ctx context.Context, id uuid.UUID, fn func(*Link) error) (Link, error)

	CreateCouncilMeeting(ctx context.Context, m CouncilMeeting) error
	GetCouncilMeeting(ctx context.Context, id uuid.UUID) (CouncilMeeting, error)
	ListCouncilMeetings(ctx context.Context, f CouncilMeetingFilter) (wushe.Page[CouncilMeeting], error)
	UpdateCouncilMeeting(ctx context.Context, id uuid.UUID, fn func(*CouncilMeeting) error) (CouncilMeeting, error)

	// Two responders accepting one referral at once is settled by UpdateReferral's
	// atomic read-modify-write: the Service's closure sees the status the other left, so
	// exactly one accept succeeds (linkagetest checks it).
	CreateReferral(ctx context.Context, r Referral) error
	GetReferral(ctx context.Context, id uuid.UUID) (Referral, error)
	ListReferrals(ctx context.Context, f ReferralFilter) (wushe.Page[Referral], error)
	UpdateReferral(ctx context.Context, id uuid.UUID, fn func(*Referral) error) (Referral, error)
	// DeleteReferral removes the referral id when its stored Version is version, and fails
	// with KindNotFound when there is none and KindConflict when its Version differs
	// (someone acted on it since). The Service uses it only to withdraw referrals it wrote
	// earlier in the same call (ApplyDispatch undoing a partial write), never a referral
	// with a history.
	DeleteReferral(ctx context.Context, id uuid.UUID, version int64) error

	CreateFollowUp(ctx context.Context, f FollowUp) error
	GetFollowUp(ctx context.Context, id uuid.UUID) (FollowUp, error)
	ListFollowUps(ctx context.Context, f FollowUpFilter) (wushe.Page[FollowUp], error)
	UpdateFollowUp(ctx context.Context, id uuid.UUID, fn func(*FollowUp) error) (FollowUp, error)

	PartyStore
}

// CommunityFilter selects communities. Zero fields match anything.
type CommunityFilter struct {
	Kind         CommunityKind     `json:"kind,omitempty"`
	District     string            `json:"district,omitempty"`
	StreetOffice string            `json:"street_office,omitempty"`
	Page         wushe.PageRequest `json:"page"`
}

// Match reports whether c passes the filter (paging aside): the semantics every Store
// must reproduce.
func (f CommunityFilter) Match(c *Community) bool {
	return is(f.Kind, c.Kind) && is(f.District, c.District) && is(f.StreetOffice, c.StreetOffice)
}

// SocialWorkerFilter selects social workers. Community matches a worker whose
// Communities contain it; Specialty one whose Specialties contain it.
type SocialWorkerFilter struct {
	Agency    string            `json:"agency,omitempty"`
	Community uuid.UUID         `json:"community,omitzero"`
	Specialty Specialty         `json:"specialty,omitempty"`
	Status    WorkerStatus      `json:"status,omitempty"`
	Page      wushe.PageRequest `json:"page"`
}

// Match reports whether w passes the filter (paging aside).
func (f SocialWorkerFilter) Match(w *SocialWorker) bool {
	return is(f.Agency, w.Agency) && holds(f.Community, w.Communities) &&
		holds(f.Specialty, w.Specialties) && is(f.Status, w.Status)
}

// OrganizationFilter selects organizations by founding community, field, type and stage.
type OrganizationFilter struct {
	Community uuid.UUID         `json:"community,omitzero"`
	Field     ActivityField     `json:"field,omitempty"`
	Type      OrgType           `json:"type,omitempty"`
	Stage     Stage             `json:"stage,omitempty"`
	Page      wushe.PageRequest `json:"page"`
}

// Match reports whether o passes the filter (paging aside).
func (f OrganizationFilter) Match(o *Organization) bool {
	return is(f.Community, o.Community) && is(f.Field, o.Field) && is(f.Type, o.Type) && is(f.Stage, o.Stage)
}

// UnitFilter selects units. Offer matches a unit whose Offers contain it.
type UnitFilter struct {
	Community uuid.UUID         `json:"community,omitzero"`
	Kind      UnitKind          `json:"kind,omitempty"`
	Offer     Offer             `json:"offer,omitempty"`
	Page      wushe.PageRequest `json:"page"`
}

// Match reports whether u passes the filter (paging aside).
func (f UnitFilter) Match(u *Unit) bool {
	return is(f.Community, u.Community) && is(f.Kind, u.Kind) && holds(f.Offer, u.Offers)
}

// ProjectFilter selects projects. Community matches a project whose Communities contain
// it; Operator and Purchaser match exactly.
type ProjectFilter struct {
	Community uuid.UUID         `json:"community,omitzero"`
	Purchaser string            `json:"purchaser,omitempty"`
	Operator  string            `json:"operator,omitempty"`
	Status    ProjectStatus     `json:"status,omitempty"`
	Page      wushe.PageRequest `json:"page"`
}

// Match reports whether p passes the filter (paging aside).
func (f ProjectFilter) Match(p *Project) bool {
	return holds(f.Community, p.Communities) && is(f.Purchaser, p.Purchaser) &&
		is(f.Operator, p.Operator) && is(f.Status, p.Status)
}

// NeedFilter selects needs. RaisedFrom and RaisedTo bound RaisedAt, half-open
// [RaisedFrom, RaisedTo); a zero bound is open. OpenFrom, when set, selects the needs not
// settled before it (Need.SettledAt zero or at or after OpenFrom): with RaisedTo, every need
// a report on [OpenFrom, RaisedTo) can count, however long the history before it, since a
// need is planned and met or closed after it is raised.
type NeedFilter struct {
	Community   uuid.UUID         `json:"community,omitzero"`
	Area        uuid.UUID         `json:"area,omitzero"`
	Status      NeedStatus        `json:"status,omitempty"`
	TargetGroup TargetGroup       `json:"target_group,omitempty"`
	Urgency     Urgency           `json:"urgency,omitempty"`
	RaisedFrom  time.Time         `json:"raised_from,omitzero"`
	RaisedTo    time.Time         `json:"raised_to,omitzero"`
	OpenFrom    time.Time         `json:"open_from,omitzero"`
	Page        wushe.PageRequest `json:"page"`
}

// Match reports whether n passes the filter (paging aside).
func (f NeedFilter) Match(n *Need) bool {
	settled := n.SettledAt()
	return is(f.Community, n.Community) && is(f.Area, n.Area) && is(f.Status, n.Status) &&
		is(f.TargetGroup, n.TargetGroup) && is(f.Urgency, n.Urgency) &&
		within(f.RaisedFrom, f.RaisedTo, n.RaisedAt) &&
		(f.OpenFrom.IsZero() || settled.IsZero() || !settled.Before(f.OpenFrom))
}

// SettledAt is when the need was met (MetAt) or else closed unmet (ClosedAt); zero while it
// is neither. Stores index it for NeedFilter.OpenFrom.
func (n Need) SettledAt() time.Time {
	if !n.MetAt.IsZero() {
		return n.MetAt
	}
	return n.ClosedAt
}

// CaseFilter selects cases by assigned worker, supervisor, status and community. Listing
// cases reveals nothing: notes and client attributes stay masked.
type CaseFilter struct {
	Worker     uuid.UUID         `json:"worker,omitzero"`
	Supervisor uuid.UUID         `json:"supervisor,omitzero"`
	Status     CaseStatus        `json:"status,omitempty"`
	Community  uuid.UUID         `json:"community,omitzero"`
	Page       wushe.PageRequest `json:"page"`
}

// Match reports whether c passes the filter (paging aside).
func (f CaseFilter) Match(c *Case) bool {
	return is(f.Worker, c.Worker) && is(f.Supervisor, c.Supervisor) && is(f.Status, c.Status) &&
		is(f.Community, c.Community)
}

// ActivityFilter selects activities. Organization matches an activity whose
// Organizations contain it; From and To bound Window.Start, half-open [From, To).
type ActivityFilter struct {
	Community    uuid.UUID         `json:"community,omitzero"`
	Project      uuid.UUID         `json:"project,omitzero"`
	Organization uuid.UUID         `json:"organization,omitzero"`
	Kind         ActivityKind      `json:"kind,omitempty"`
	From         time.Time         `json:"from,omitzero"`
	To           time.Time         `json:"to,omitzero"`
	Page         wushe.PageRequest `json:"page"`
}

// Match reports whether a passes the filter (paging aside).
func (f ActivityFilter) Match(a *Activity) bool {
	return is(f.Community, a.Community) && is(f.Project, a.Project) &&
		holds(f.Organization, a.Organizations) && is(f.Kind, a.Kind) && within(f.From, f.To, a.Window.Start)
}

// LinkFilter selects links. FromKind/FromID match From, ToKind/ToID match To, ByKind/ByID
// match By; From and To bound At, half-open [From, To).
type LinkFilter struct {
	Kind     LinkKind          `json:"kind,omitempty"`
	ByKind   PartyKind         `json:"by_kind,omitempty"`
	ByID     uuid.UUID         `json:"by_id,omitzero"`
	FromKind PartyKind         `json:"from_kind,omitempty"`
	FromID   uuid.UUID         `json:"from_id,omitzero"`
	ToKind   TargetKind        `json:"to_kind,omitempty"`
	ToID     uuid.UUID         `json:"to_id,omitzero"`
	Project  uuid.UUID         `json:"project,omitzero"`
	From     time.Time         `json:"from,omitzero"`
	To       time.Time         `json:"to,omitzero"`
	Page     wushe.PageRequest `json:"page"`
}

// Match reports whether l passes the filter (paging aside).
func (f LinkFilter) Match(l *Link) bool {
	return is(f.Kind, l.Kind) && is(f.ByKind, l.By.Kind) && is(f.ByID, l.By.ID) &&
		is(f.FromKind, l.From.Kind) && is(f.FromID, l.From.ID) && is(f.ToKind, l.To.Kind) &&
		is(f.ToID, l.To.ID) && is(f.Project, l.Project) && within(f.From, f.To, l.At)
}

// CouncilMeetingFilter selects council meetings; From and To bound HeldAt, half-open
// [From, To).
type CouncilMeetingFilter struct {
	Community uuid.UUID         `json:"community,omitzero"`
	From      time.Time         `json:"from,omitzero"`
	To        time.Time         `json:"to,omitzero"`
	Page      wushe.PageRequest `json:"page"`
}

// Match reports whether m passes the filter (paging aside).
func (f CouncilMeetingFilter) Match(m *CouncilMeeting) bool {
	return is(f.Community, m.Community) && within(f.From, f.To, m.HeldAt)
}

// ReferralFilter selects referrals. ResponderKind and ResponderID match Responder;
// DueBefore matches a referral whose current deadline (Referral.Due: RespondBy while it
// waits for an answer, ResolveBy while it is worked on) is before it, so a final referral,
// which has none, never matches. RequestedFrom and RequestedTo bound RequestedAt,
// half-open [RequestedFrom, RequestedTo); a zero bound is open.
type ReferralFilter struct {
	Need          uuid.UUID         `json:"need,omitzero"`
	Community     uuid.UUID         `json:"community,omitzero"`
	ResponderKind ResponderKind     `json:"responder_kind,omitempty"`
	ResponderID   uuid.UUID         `json:"responder_id,omitzero"`
	Status        ReferralStatus    `json:"status,omitempty"`
	DueBefore     time.Time         `json:"due_before,omitzero"`
	RequestedFrom time.Time         `json:"requested_from,omitzero"`
	RequestedTo   time.Time         `json:"requested_to,omitzero"`
	Page          wushe.PageRequest `json:"page"`
}

// Match reports whether r passes the filter (paging aside).
func (f ReferralFilter) Match(r *Referral) bool {
	if !f.DueBefore.IsZero() {
		due := r.Due()
		if due.IsZero() || !due.Before(f.DueBefore) {
			return false
		}
	}
	return is(f.Need, r.Need) && is(f.Community, r.Community) && is(f.ResponderKind, r.Responder.Kind) &&
		is(f.ResponderID, r.Responder.ID) && is(f.Status, r.Status) && within(f.RequestedFrom, f.RequestedTo, r.RequestedAt)
}

// FollowUpFilter selects follow-up calls; From and To bound CalledAt, half-open [From, To).
type FollowUpFilter struct {
	Need      uuid.UUID         `json:"need,omitzero"`
	Community uuid.UUID         `json:"community,omitzero"`
	Answer    Satisfaction      `json:"answer,omitempty"`
	From      time.Time         `json:"from,omitzero"`
	To        time.Time         `json:"to,omitzero"`
	Page      wushe.PageRequest `json:"page"`
}

// Match reports whether f passes the filter (paging aside).
func (q FollowUpFilter) Match(f *FollowUp) bool {
	return is(q.Need, f.Need) && is(q.Community, f.Community) && is(q.Answer, f.Answer) && within(q.From, q.To, f.CalledAt)
}

// is reports whether have equals want, or want is zero (a zero filter field matches
// anything).
func is[V comparable](want, have V) bool {
	var zero V
	return want == zero || want == have
}

// holds reports whether list contains want, or want is zero.
func holds[V comparable](want V, list []V) bool {
	var zero V
	return want == zero || slices.Contains(list, want)
}

// within reports whether t lies in the half-open [from, to); a zero bound is open.
func within(from, to, t time.Time) bool {
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || t.Before(to))
}
