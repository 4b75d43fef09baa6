package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

var _ linkage.Store = (*Store)(nil)

// The linkage package's tables. Lists narrow in SQL on the filter columns and then apply
// the filter's own Match, the one statement of its semantics.
var (
	communityTable = &table[linkage.Community]{name: "linkage_communities", entity: "Community",
		id: func(v *linkage.Community) uuid.UUID { return v.ID }, version: func(v *linkage.Community) *int64 { return &v.Version },
		cols: []column[linkage.Community]{
			{name: "kind", field: "Kind", max: 64, value: func(v *linkage.Community) any { return v.Kind }},
			{name: "district", field: "District", max: 200, value: func(v *linkage.Community) any { return v.District }},
			{name: "street_office", field: "StreetOffice", max: 200, value: func(v *linkage.Community) any { return v.StreetOffice }},
		}}
	socialWorkerTable = &table[linkage.SocialWorker]{name: "linkage_social_workers", entity: "SocialWorker",
		id: func(v *linkage.SocialWorker) uuid.UUID { return v.ID }, version: func(v *linkage.SocialWorker) *int64 { return &v.Version },
		cols: []column[linkage.SocialWorker]{
			{name: "agency", field: "Agency", max: 200, value: func(v *linkage.SocialWorker) any { return v.Agency }},
			{name: "status", field: "Status", max: 64, value: func(v *linkage.SocialWorker) any { return v.Status }},
		}}
	organizationTable = &table[linkage.Organization]{name: "linkage_organizations", entity: "Organization",
		id: func(v *linkage.Organization) uuid.UUID { return v.ID }, version: func(v *linkage.Organization) *int64 { return &v.Version },
		cols: []column[linkage.Organization]{
			{name: "community_id", field: "Community", max: 0, value: func(v *linkage.Organization) any { return v.Community }},
			{name: "field", field: "Field", max: 64, value: func(v *linkage.Organization) any { return v.Field }},
			{name: "type", field: "Type", max: 64, value: func(v *linkage.Organization) any { return v.Type }},
			{name: "stage", field: "Stage", max: 64, value: func(v *linkage.Organization) any { return v.Stage }},
		}}
	unitTable = &table[linkage.Unit]{name: "linkage_units", entity: "Unit",
		id: func(v *linkage.Unit) uuid.UUID { return v.ID }, version: func(v *linkage.Unit) *int64 { return &v.Version },
		cols: []column[linkage.Unit]{
			{name: "community_id", field: "Community", max: 0, value: func(v *linkage.Unit) any { return v.Community }},
			{name: "kind", field: "Kind", max: 64, value: func(v *linkage.Unit) any { return v.Kind }},
		}}
	projectTable = &table[linkage.Project]{name: "linkage_projects", entity: "Project",
		id: func(v *linkage.Project) uuid.UUID { return v.ID }, version: func(v *linkage.Project) *int64 { return &v.Version },
		cols: []column[linkage.Project]{
			{name: "purchaser", field: "Purchaser", max: 200, value: func(v *linkage.Project) any { return v.Purchaser }},
			{name: "operator", field: "Operator", max: 200, value: func(v *linkage.Project) any { return v.Operator }},
			{name: "status", field: "Status", max: 64, value: func(v *linkage.Project) any { return v.Status }},
		}}
	needTable = &table[linkage.Need]{name: "linkage_needs", entity: "Need",
		id: func(v *linkage.Need) uuid.UUID { return v.ID }, version: func(v *linkage.Need) *int64 { return &v.Version },
		cols: []column[linkage.Need]{
			{name: "community_id", field: "Community", max: 0, value: func(v *linkage.Need) any { return v.Community }},
			{name: "area_id", field: "Area", max: 0, value: func(v *linkage.Need) any { return v.Area }},
			{name: "status", field: "Status", max: 64, value: func(v *linkage.Need) any { return v.Status }},
			{name: "target_group", field: "TargetGroup", max: 64, value: func(v *linkage.Need) any { return v.TargetGroup }},
			{name: "urgency", field: "Urgency", max: 64, value: func(v *linkage.Need) any { return v.Urgency }},
			{name: "raised_at", field: "RaisedAt", max: 0, value: func(v *linkage.Need) any { return v.RaisedAt }},
			{name: "settled_at", field: "SettledAt", max: 0, value: func(v *linkage.Need) any { return nullTime(v.SettledAt()) }},
		}}
	caseTable = &table[linkage.Case]{name: "linkage_cases", entity: "Case",
		id: func(v *linkage.Case) uuid.UUID { return v.ID }, version: func(v *linkage.Case) *int64 { return &v.Version },
		cols: []column[linkage.Case]{
			{name: "worker_id", field: "Worker", max: 0, value: func(v *linkage.Case) any { return v.Worker }},
			{name: "supervisor_id", field: "Supervisor", max: 0, value: func(v *linkage.Case) any { return v.Supervisor }},
			{name: "status", field: "Status", max: 64, value: func(v *linkage.Case) any { return v.Status }},
			{name: "community_id", field: "Community", max: 0, value: func(v *linkage.Case) any { return v.Community }},
		}}
	activityTable = &table[linkage.Activity]{name: "linkage_activities", entity: "Activity",
		id: func(v *linkage.Activity) uuid.UUID { return v.ID }, version: func(v *linkage.Activity) *int64 { return &v.Version },
		cols: []column[linkage.Activity]{
			{name: "community_id", field: "Community", max: 0, value: func(v *linkage.Activity) any { return v.Community }},
			{name: "project_id", field: "Project", max: 0, value: func(v *linkage.Activity) any { return v.Project }},
			{name: "kind", field: "Kind", max: 64, value: func(v *linkage.Activity) any { return v.Kind }},
			{name: "starts_at", field: "Window.Start", max: 0, value: func(v *linkage.Activity) any { return v.Window.Start }},
		}}
	linkTable = &table[linkage.Link]{name: "linkage_links", entity: "Link",
		id: func(v *linkage.Link) uuid.UUID { return v.ID }, version: func(v *linkage.Link) *int64 { return &v.Version },
		cols: []column[linkage.Link]{
			{name: "kind", field: "Kind", max: 64, value: func(v *linkage.Link) any { return v.Kind }},
			{name: "by_kind", field: "By.Kind", max: 64, value: func(v *linkage.Link) any { return v.By.Kind }},
			{name: "by_id", field: "By.ID", max: 0, value: func(v *linkage.Link) any { return v.By.ID }},
			{name: "from_kind", field: "From.Kind", max: 64, value: func(v *linkage.Link) any { return v.From.Kind }},
			{name: "from_id", field: "From.ID", max: 0, value: func(v *linkage.Link) any { return v.From.ID }},
			{name: "to_kind", field: "To.Kind", max: 64, value: func(v *linkage.Link) any { return v.To.Kind }},
			{name: "to_id", field: "To.ID", max: 0, value: func(v *linkage.Link) any { return v.To.ID }},
			{name: "project_id", field: "Project", max: 0, value: func(v *linkage.Link) any { return v.Project }},
			{name: "at", field: "At", max: 0, value: func(v *linkage.Link) any { return v.At }},
		}}
	councilMeetingTable = &table[linkage.CouncilMeeting]{name: "linkage_council_meetings", entity: "CouncilMeeting",
		id: func(v *linkage.CouncilMeeting) uuid.UUID { return v.ID }, version: func(v *linkage.CouncilMeeting) *int64 { return &v.Version },
		cols: []column[linkage.CouncilMeeting]{
			{name: "community_id", field: "Community", max: 0, value: func(v *linkage.CouncilMeeting) any { return v.Community }},
			{name: "held_at", field: "HeldAt", max: 0, value: func(v *linkage.CouncilMeeting) any { return v.HeldAt }},
		}}
	referralTable = &table[linkage.Referral]{name: "linkage_referrals", entity: "Referral",
		id: func(v *linkage.Referral) uuid.UUID { return v.ID }, version: func(v *linkage.Referral) *int64 { return &v.Version },
		cols: []column[linkage.Referral]{
			{name: "need_id", field: "Need", max: 0, value: func(v *linkage.Referral) any { return v.Need }},
			{name: "community_id", field: "Community", max: 0, value: func(v *linkage.Referral) any { return v.Community }},
			{name: "responder_kind", field: "Responder.Kind", max: 64, value: func(v *linkage.Referral) any { return v.Responder.Kind }},
			{name: "responder_id", field: "Responder.ID", max: 0, value: func(v *linkage.Referral) any { return v.Responder.ID }},
			{name: "status", field: "Status", max: 64, value: func(v *linkage.Referral) any { return v.Status }},
			// A final referral has no deadline: due_at holds the zero time (referralWhere).
			{name: "due_at", field: "Due()", max: 0, value: func(v *linkage.Referral) any { return v.Due() }},
			{name: "requested_at", field: "RequestedAt", max: 0, value: func(v *linkage.Referral) any { return v.RequestedAt }},
		}}
	followUpTable = &table[linkage.FollowUp]{name: "linkage_follow_ups", entity: "FollowUp",
		id: func(v *linkage.FollowUp) uuid.UUID { return v.ID }, version: func(v *linkage.FollowUp) *int64 { return &v.Version },
		cols: []column[linkage.FollowUp]{
			{name: "need_id", field: "Need", max: 0, value: func(v *linkage.FollowUp) any { return v.Need }},
			{name: "community_id", field: "Community", max: 0, value: func(v *linkage.FollowUp) any { return v.Community }},
			{name: "answer", field: "Answer", max: 64, value: func(v *linkage.FollowUp) any { return v.Answer }},
			{name: "called_at", field: "CalledAt", max: 0, value: func(v *linkage.FollowUp) any { return v.CalledAt }},
		}}
)

// CreateCommunity implements linkage.Store.
func (s *Store) CreateCommunity(ctx context.Context, v linkage.Community) error {
	return create(ctx, s, "sqlstore.Store.CreateCommunity", communityTable, v)
}

// GetCommunity implements linkage.Store.
func (s *Store) GetCommunity(ctx context.Context, id uuid.UUID) (linkage.Community, error) {
	return get(ctx, s, "sqlstore.Store.GetCommunity", communityTable, id)
}

// ListCommunities implements linkage.Store.
func (s *Store) ListCommunities(ctx context.Context, f linkage.CommunityFilter) (wushe.Page[linkage.Community], error) {
	var w where

	w.eq("kind", f.Kind)
	w.eq("district", f.District)
	w.eq("street_office", f.StreetOffice)
	return list(ctx, s, "sqlstore.Store.ListCommunities", communityTable, w, f.Match, f.Page)
}

// UpdateCommunity implements linkage.Store.
func (s *Store) UpdateCommunity(ctx context.Context, id uuid.UUID, fn func(*linkage.Community) error) (linkage.Community, error) {
	return update(ctx, s, "sqlstore.Store.UpdateCommunity", communityTable, id, fn)
}

// CreateSocialWorker implements linkage.Store.
func (s *Store) CreateSocialWorker(ctx context.Context, v linkage.SocialWorker) error {
	return create(ctx, s, "sqlstore.Store.CreateSocialWorker", socialWorkerTable, v)
}

// GetSocialWorker implements linkage.Store.
func (s *Store) GetSocialWorker(ctx context.Context, id uuid.UUID) (linkage.SocialWorker, error) {
	return get(ctx, s, "sqlstore.Store.GetSocialWorker", socialWorkerTable, id)
}

// ListSocialWorkers implements linkage.Store.
func (s *Store) ListSocialWorkers(ctx context.Context, f linkage.SocialWorkerFilter) (wushe.Page[linkage.SocialWorker], error) {
	var w where

	w.eq("agency", f.Agency)
	w.eq("status", f.Status)
	return list(ctx, s, "sqlstore.Store.ListSocialWorkers", socialWorkerTable, w, f.Match, f.Page)
}

// UpdateSocialWorker implements linkage.Store.
func (s *Store) UpdateSocialWorker(ctx context.Context, id uuid.UUID, fn func(*linkage.SocialWorker) error) (linkage.SocialWorker, error) {
	return update(ctx, s, "sqlstore.Store.UpdateSocialWorker", socialWorkerTable, id, fn)
}

// CreateOrganization implements linkage.Store.
func (s *Store) CreateOrganization(ctx context.Context, v linkage.Organization) error {
	return create(ctx, s, "sqlstore.Store.CreateOrganization", organizationTable, v)
}

// GetOrganization implements linkage.Store.
func (s *Store) GetOrganization(ctx context.Context, id uuid.UUID) (linkage.Organization, error) {
	return get(ctx, s, "sqlstore.Store.GetOrganization", organizationTable, id)
}

// ListOrganizations implements linkage.Store.
func (s *Store) ListOrganizations(ctx context.Context, f linkage.OrganizationFilter) (wushe.Page[linkage.Organization], error) {
	var w where

	w.eq("community_id", f.Community)
	w.eq("field", f.Field)
	w.eq("type", f.Type)
	w.eq("stage", f.Stage)
	return list(ctx, s, "sqlstore.Store.ListOrganizations", organizationTable, w, f.Match, f.Page)
}

// UpdateOrganization implements linkage.Store.
func (s *Store) UpdateOrganization(ctx context.Context, id uuid.UUID, fn func(*linkage.Organization) error) (linkage.Organization, error) {
	return update(ctx, s, "sqlstore.Store.UpdateOrganization", organizationTable, id, fn)
}

// CreateUnit implements linkage.Store.
func (s *Store) CreateUnit(ctx context.Context, v linkage.Unit) error {
	return create(ctx, s, "sqlstore.Store.CreateUnit", unitTable, v)
}

// GetUnit implements linkage.Store.
func (s *Store) GetUnit(ctx context.Context, id uuid.UUID) (linkage.Unit, error) {
	return get(ctx, s, "sqlstore.Store.GetUnit", unitTable, id)
}

// ListUnits implements linkage.Store.
func (s *Store) ListUnits(ctx context.Context, f linkage.UnitFilter) (wushe.Page[linkage.Unit], error) {
	var w where

	w.eq("community_id", f.Community)
	w.eq("kind", f.Kind)
	return list(ctx, s, "sqlstore.Store.ListUnits", unitTable, w, f.Match, f.Page)
}

// UpdateUnit implements linkage.Store.
func (s *Store) UpdateUnit(ctx context.Context, id uuid.UUID, fn func(*linkage.Unit) error) (linkage.Unit, error) {
	return update(ctx, s, "sqlstore.Store.UpdateUnit", unitTable, id, fn)
}

// CreateProject implements linkage.Store.
func (s *Store) CreateProject(ctx context.Context, v linkage.Project) error {
	return create(ctx, s, "sqlstore.Store.CreateProject", projectTable, v)
}

// GetProject implements linkage.Store.
func (s *Store) GetProject(ctx context.Context, id uuid.UUID) (linkage.Project, error) {
	return get(ctx, s, "sqlstore.Store.GetProject", projectTable, id)
}

// ListProjects implements linkage.Store.
func (s *Store) ListProjects(ctx context.Context, f linkage.ProjectFilter) (wushe.Page[linkage.Project], error) {
	var w where

	w.eq("purchaser", f.Purchaser)
	w.eq("operator", f.Operator)
	w.eq("status", f.Status)
	return list(ctx, s, "sqlstore.Store.ListProjects", projectTable, w, f.Match, f.Page)
}

// UpdateProject implements linkage.Store.
func (s *Store) UpdateProject(ctx context.Context, id uuid.UUID, fn func(*linkage.Project) error) (linkage.Project, error) {
	return update(ctx, s, "sqlstore.Store.UpdateProject", projectTable, id, fn)
}

// CreateNeed implements linkage.Store.
func (s *Store) CreateNeed(ctx context.Context, v linkage.Need) error {
	return create(ctx, s, "sqlstore.Store.CreateNeed", needTable, v)
}

// GetNeed implements linkage.Store.
func (s *Store) GetNeed(ctx context.Context, id uuid.UUID) (linkage.Need, error) {
	return get(ctx, s, "sqlstore.Store.GetNeed", needTable, id)
}

// ListNeeds implements linkage.Store.
func (s *Store) ListNeeds(ctx context.Context, f linkage.NeedFilter) (wushe.Page[linkage.Need], error) {
	var w where

	w.eq("community_id", f.Community)
	w.eq("area_id", f.Area)
	w.eq("status", f.Status)
	w.eq("target_group", f.TargetGroup)
	w.eq("urgency", f.Urgency)
	w.between("raised_at", f.RaisedFrom, f.RaisedTo)
	if !f.OpenFrom.IsZero() {
		// A second early: the column only narrows (migration 11 filled it to the second, and
		// PostgreSQL keeps microseconds); Match decides.
		w.add("(settled_at IS NULL OR settled_at >= ?)", f.OpenFrom.Add(-time.Second))
	}
	return list(ctx, s, "sqlstore.Store.ListNeeds", needTable, w, f.Match, f.Page)
}

// UpdateNeed implements linkage.Store.
func (s *Store) UpdateNeed(ctx context.Context, id uuid.UUID, fn func(*linkage.Need) error) (linkage.Need, error) {
	return update(ctx, s, "sqlstore.Store.UpdateNeed", needTable, id, fn)
}

// CreateCase implements linkage.Store.
func (s *Store) CreateCase(ctx context.Context, v linkage.Case) error {
	return create(ctx, s, "sqlstore.Store.CreateCase", caseTable, v)
}

// GetCase implements linkage.Store.
func (s *Store) GetCase(ctx context.Context, id uuid.UUID) (linkage.Case, error) {
	return get(ctx, s, "sqlstore.Store.GetCase", caseTable, id)
}

// ListCases implements linkage.Store.
func (s *Store) ListCases(ctx context.Context, f linkage.CaseFilter) (wushe.Page[linkage.Case], error) {
	var w where

	w.eq("worker_id", f.Worker)
	w.eq("supervisor_id", f.Supervisor)
	w.eq("status", f.Status)
	w.eq("community_id", f.Community)
	return list(ctx, s, "sqlstore.Store.ListCases", caseTable, w, f.Match, f.Page)
}

// UpdateCase implements linkage.Store.
func (s *Store) UpdateCase(ctx context.Context, id uuid.UUID, fn func(*linkage.Case) error) (linkage.Case, error) {
	return update(ctx, s, "sqlstore.Store.UpdateCase", caseTable, id, fn)
}

// CreateActivity implements linkage.Store.
func (s *Store) CreateActivity(ctx context.Context, v linkage.Activity) error {
	return create(ctx, s, "sqlstore.Store.CreateActivity", activityTable, v)
}

// GetActivity implements linkage.Store.
func (s *Store) GetActivity(ctx context.Context, id uuid.UUID) (linkage.Activity, error) {
	return get(ctx, s, "sqlstore.Store.GetActivity", activityTable, id)
}

// ListActivities implements linkage.Store.
func (s *Store) ListActivities(ctx context.Context, f linkage.ActivityFilter) (wushe.Page[linkage.Activity], error) {
	var w where

	w.eq("community_id", f.Community)
	w.eq("project_id", f.Project)
	w.eq("kind", f.Kind)
	w.between("starts_at", f.From, f.To)
	return list(ctx, s, "sqlstore.Store.ListActivities", activityTable, w, f.Match, f.Page)
}

// UpdateActivity implements linkage.Store.
func (s *Store) UpdateActivity(ctx context.Context, id uuid.UUID, fn func(*linkage.Activity) error) (linkage.Activity, error) {
	return update(ctx, s, "sqlstore.Store.UpdateActivity", activityTable, id, fn)
}

// CreateLink implements linkage.Store.
func (s *Store) CreateLink(ctx context.Context, v linkage.Link) error {
	return create(ctx, s, "sqlstore.Store.CreateLink", linkTable, v)
}

// GetLink implements linkage.Store.
func (s *Store) GetLink(ctx context.Context, id uuid.UUID) (linkage.Link, error) {
	return get(ctx, s, "sqlstore.Store.GetLink", linkTable, id)
}

// ListLinks implements linkage.Store.
func (s *Store) ListLinks(ctx context.Context, f linkage.LinkFilter) (wushe.Page[linkage.Link], error) {
	var w where

	w.eq("kind", f.Kind)
	w.eq("by_kind", f.ByKind)
	w.eq("by_id", f.ByID)
	w.eq("from_kind", f.FromKind)
	w.eq("from_id", f.FromID)
	w.eq("to_kind", f.ToKind)
	w.eq("to_id", f.ToID)
	w.eq("project_id", f.Project)
	w.between("at", f.From, f.To)
	return list(ctx, s, "sqlstore.Store.ListLinks", linkTable, w, f.Match, f.Page)
}

// UpdateLink implements linkage.Store.
func (s *Store) UpdateLink(ctx context.Context, id uuid.UUID, fn func(*linkage.Link) error) (linkage.Link, error) {
	return update(ctx, s, "sqlstore.Store.UpdateLink", linkTable, id, fn)
}

// CreateCouncilMeeting implements linkage.Store.
func (s *Store) CreateCouncilMeeting(ctx context.Context, v linkage.CouncilMeeting) error {
	return create(ctx, s, "sqlstore.Store.CreateCouncilMeeting", councilMeetingTable, v)
}

// GetCouncilMeeting implements linkage.Store.
func (s *Store) GetCouncilMeeting(ctx context.Context, id uuid.UUID) (linkage.CouncilMeeting, error) {
	return get(ctx, s, "sqlstore.Store.GetCouncilMeeting", councilMeetingTable, id)
}

// ListCouncilMeetings implements linkage.Store.
func (s *Store) ListCouncilMeetings(ctx context.Context, f linkage.CouncilMeetingFilter) (wushe.Page[linkage.CouncilMeeting], error) {
	var w where

	w.eq("community_id", f.Community)
	w.between("held_at", f.From, f.To)
	return list(ctx, s, "sqlstore.Store.ListCouncilMeetings", councilMeetingTable, w, f.Match, f.Page)
}

// UpdateCouncilMeeting implements linkage.Store.
func (s *Store) UpdateCouncilMeeting(ctx context.Context, id uuid.UUID, fn func(*linkage.CouncilMeeting) error) (linkage.CouncilMeeting, error) {
	return update(ctx, s, "sqlstore.Store.UpdateCouncilMeeting", councilMeetingTable, id, fn)
}

// CreateReferral implements linkage.Store.
func (s *Store) CreateReferral(ctx context.Context, v linkage.Referral) error {
	return create(ctx, s, "sqlstore.Store.CreateReferral", referralTable, v)
}

// GetReferral implements linkage.Store.
func (s *Store) GetReferral(ctx context.Context, id uuid.UUID) (linkage.Referral, error) {
	return get(ctx, s, "sqlstore.Store.GetReferral", referralTable, id)
}

// ListReferrals implements linkage.Store.
func (s *Store) ListReferrals(ctx context.Context, f linkage.ReferralFilter) (wushe.Page[linkage.Referral], error) {
	return list(ctx, s, "sqlstore.Store.ListReferrals", referralTable, referralWhere(f), f.Match, f.Page)
}

// referralWhere narrows a referral filter in SQL. A final referral has no deadline and
// keeps the zero time in due_at; DueBefore never matches it, so the narrowing starts just
// after the zero time: the escalation sweep (DueBefore now) then reads a community's open
// referrals through the due_at index, not every referral it ever closed.
func referralWhere(f linkage.ReferralFilter) where {
	var w where
	w.eq("need_id", f.Need)
	w.eq("community_id", f.Community)
	w.eq("responder_kind", f.ResponderKind)
	w.eq("responder_id", f.ResponderID)
	w.eq("status", f.Status)
	if !f.DueBefore.IsZero() {
		w.add("due_at > ?", time.Time{})
		w.between("due_at", time.Time{}, f.DueBefore)
	}
	if !f.RequestedFrom.IsZero() {
		// A second early: the column only narrows (migration 14 filled it to the second, and
		// PostgreSQL keeps microseconds); Match decides.
		w.add("requested_at >= ?", f.RequestedFrom.Add(-time.Second))
	}
	w.between("requested_at", time.Time{}, f.RequestedTo)
	return w
}

// DeleteReferral implements linkage.Store.
func (s *Store) DeleteReferral(ctx context.Context, id uuid.UUID, version int64) error {
	const op = "sqlstore.Store.DeleteReferral"
	return s.write(ctx, op, referralTable.entity, func(tx *sql.Tx) error {
		return referralTable.remove(ctx, s, tx, op, id, version)
	})
}

// UpdateReferral implements linkage.Store.
func (s *Store) UpdateReferral(ctx context.Context, id uuid.UUID, fn func(*linkage.Referral) error) (linkage.Referral, error) {
	return update(ctx, s, "sqlstore.Store.UpdateReferral", referralTable, id, fn)
}

// CreateFollowUp implements linkage.Store.
func (s *Store) CreateFollowUp(ctx context.Context, v linkage.FollowUp) error {
	return create(ctx, s, "sqlstore.Store.CreateFollowUp", followUpTable, v)
}

// GetFollowUp implements linkage.Store.
func (s *Store) GetFollowUp(ctx context.Context, id uuid.UUID) (linkage.FollowUp, error) {
	return get(ctx, s, "sqlstore.Store.GetFollowUp", followUpTable, id)
}

// ListFollowUps implements linkage.Store.
func (s *Store) ListFollowUps(ctx context.Context, f linkage.FollowUpFilter) (wushe.Page[linkage.FollowUp], error) {
	var w where
	w.eq("need_id", f.Need)
	w.eq("community_id", f.Community)
	w.eq("answer", f.Answer)
	w.between("called_at", f.From, f.To)
	return list(ctx, s, "sqlstore.Store.ListFollowUps", followUpTable, w, f.Match, f.Page)
}

// UpdateFollowUp implements linkage.Store.
func (s *Store) UpdateFollowUp(ctx context.Context, id uuid.UUID, fn func(*linkage.FollowUp) error) (linkage.FollowUp, error) {
	return update(ctx, s, "sqlstore.Store.UpdateFollowUp", followUpTable, id, fn)
}
