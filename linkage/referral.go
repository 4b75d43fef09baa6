package linkage

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// ResponderKind says which of the parties a referral is handed to.
type ResponderKind string

// The responder kinds.
const (
	ResponderSocialWorker   ResponderKind = "social_worker"   // a social worker (社工)
	ResponderOrganization   ResponderKind = "organization"    // a community social organization (社区社会组织)
	ResponderUnit           ResponderKind = "unit"            // a unit in the jurisdiction (驻区单位)
	ResponderVolunteerTeam  ResponderKind = "volunteer_team"  // a volunteer team (志愿服务队)
	ResponderCharityFund    ResponderKind = "charity_fund"    // a community charity fund (社区慈善基金)
	ResponderCommunityStock ResponderKind = "community_stock" // the community's own stock of donated goods
	ResponderGridStaff      ResponderKind = "grid_staff"      // grid staff (网格员)
	// ResponderDepartment is a street-office department: a referral to one is a whistle
	// (街乡吹哨、部门报到), and its escalation goes to the street office.
	ResponderDepartment ResponderKind = "department"
	// ResponderVolunteer is one registered volunteer (ID is the volunteer.Volunteer's). The
	// referral is answered by the volunteer's own verified service in an opportunity
	// opened for it (OpenOpportunity); it asks no quantity.
	ResponderVolunteer ResponderKind = "volunteer"
)

// ResponderKinds lists every responder kind in a fixed order.
func ResponderKinds() []ResponderKind {
	return []ResponderKind{ResponderSocialWorker, ResponderOrganization, ResponderUnit, ResponderVolunteerTeam,
		ResponderCharityFund, ResponderCommunityStock, ResponderGridStaff, ResponderDepartment, ResponderVolunteer}
}

var responderKinds = wushe.NewEnum("responder kind", ResponderKinds()...)

// Valid reports whether k is a known responder kind.
func (k ResponderKind) Valid() bool { return responderKinds.Has(k) }

// Volunteers reports whether k is answered by volunteers' verified service: a volunteer
// team or one volunteer.
func (k ResponderKind) Volunteers() bool {
	return k == ResponderVolunteerTeam || k == ResponderVolunteer
}

// Charity reports whether k holds charity resources (a fund or the community's stock):
// such a referral is answered by a resources request and its delivered allocations.
func (k ResponderKind) Charity() bool {
	return k == ResponderCharityFund || k == ResponderCommunityStock
}

// ReferralResponder names who a referral is handed to. ID is the party's ID: a SocialWorker, an
// Organization, a Unit, a volunteer.Team, a volunteer.Volunteer, the charity fund's or the stock's ID as the host
// keeps it, or the host's reference for a grid staff member or a department. A nil ID
// offers the referral to any responder of the kind; the first to accept it becomes its
// responder (Service.AcceptReferral).
type ReferralResponder struct {
	Kind ResponderKind `json:"kind"`
	ID   uuid.UUID     `json:"id,omitzero"`
	// Name is how people call the responder ("民政科", "Falcon team"); optional.
	Name string `json:"name,omitempty"`
}

// Validate reports a bad kind.
func (r ReferralResponder) Validate() error {
	p := wushe.Check("ReferralResponder")
	p.Require(r.Kind.Valid(), "Kind", responderKinds.Problem(r.Kind))
	return p.Err()
}

// ReferralStatus is where a referral is in the closed-loop model (STANDARDS.md §10.1,
// FHIR TaskStatus less draft, ready and entered-in-error).
type ReferralStatus string

// The referral statuses. rejected, completed, cancelled and failed are final.
const (
	ReferralRequested  ReferralStatus = "requested"
	ReferralReceived   ReferralStatus = "received"
	ReferralAccepted   ReferralStatus = "accepted"
	ReferralRejected   ReferralStatus = "rejected"
	ReferralInProgress ReferralStatus = "in_progress"
	ReferralOnHold     ReferralStatus = "on_hold"
	ReferralCompleted  ReferralStatus = "completed"
	ReferralCancelled  ReferralStatus = "cancelled"
	ReferralFailed     ReferralStatus = "failed"
)

// ReferralStatuses lists every referral status in life order.
func ReferralStatuses() []ReferralStatus {
	return []ReferralStatus{ReferralRequested, ReferralReceived, ReferralAccepted, ReferralRejected,
		ReferralInProgress, ReferralOnHold, ReferralCompleted, ReferralCancelled, ReferralFailed}
}

var referralStatuses = wushe.NewEnum("referral status", ReferralStatuses()...)

// Valid reports whether s is a known referral status.
func (s ReferralStatus) Valid() bool { return referralStatuses.Has(s) }

// Final reports whether s is rejected, completed, cancelled or failed.
func (s ReferralStatus) Final() bool {
	return oneOf(s, ReferralRejected, ReferralCompleted, ReferralCancelled, ReferralFailed)
}

// Open reports whether s is known and not final: the referral still waits for its
// responder or its work.
func (s ReferralStatus) Open() bool { return s.Valid() && !s.Final() }

// Answered reports whether the responder has accepted the referral (accepted or any
// status after it) or rejected it.
func (s ReferralStatus) Answered() bool {
	return oneOf(s, ReferralAccepted, ReferralRejected, ReferralInProgress, ReferralOnHold, ReferralCompleted, ReferralFailed)
}

// Side is one of the two parties to a referral: the requester who hands it over, or the
// responder who answers it.
type Side string

// The sides.
const (
	SideRequester Side = "requester"
	SideResponder Side = "responder"
)

// referralEdges lists every move of the closed loop and the side that owns it. The
// responder receives, accepts or rejects, starts, holds and resumes, completes and fails;
// the requester cancels a referral that is not final. No other move exists.
var referralEdges = map[[2]ReferralStatus]Side{
	{ReferralRequested, ReferralReceived}:   SideResponder,
	{ReferralRequested, ReferralAccepted}:   SideResponder,
	{ReferralRequested, ReferralRejected}:   SideResponder,
	{ReferralReceived, ReferralAccepted}:    SideResponder,
	{ReferralReceived, ReferralRejected}:    SideResponder,
	{ReferralAccepted, ReferralInProgress}:  SideResponder,
	{ReferralAccepted, ReferralFailed}:      SideResponder,
	{ReferralInProgress, ReferralOnHold}:    SideResponder,
	{ReferralOnHold, ReferralInProgress}:    SideResponder,
	{ReferralInProgress, ReferralCompleted}: SideResponder,
	{ReferralInProgress, ReferralFailed}:    SideResponder,
	{ReferralOnHold, ReferralFailed}:        SideResponder,
	{ReferralRequested, ReferralCancelled}:  SideRequester,
	{ReferralReceived, ReferralCancelled}:   SideRequester,
	{ReferralAccepted, ReferralCancelled}:   SideRequester,
	{ReferralInProgress, ReferralCancelled}: SideRequester,
	{ReferralOnHold, ReferralCancelled}:     SideRequester,
}

// CanMoveTo reports whether side may move a referral from s to to. The edges and their
// owners:
//
//	responder: requested > received; requested or received > accepted or rejected;
//	           accepted > in_progress; in_progress <> on_hold; in_progress > completed;
//	           accepted, in_progress or on_hold > failed
//	requester: any status that is not final > cancelled
func (s ReferralStatus) CanMoveTo(to ReferralStatus, side Side) bool {
	owner, ok := referralEdges[[2]ReferralStatus{s, to}]
	return ok && owner == side
}

// Deadline is what a referral's requester may expect of its responder: an answer (accept
// or reject) within Respond of the request, and the work done within Resolve.
type Deadline struct {
	Respond time.Duration `json:"respond"`
	Resolve time.Duration `json:"resolve"`
}

// DeadlineProfile gives a Deadline per urgency: deadlines are data, since cities set them
// differently (STANDARDS.md §10.2).
type DeadlineProfile struct {
	Name string `json:"name"`
	// ByUrgency holds one deadline for every urgency.
	ByUrgency map[Urgency]Deadline `json:"by_urgency"`
}

// DefaultDeadlines is an illustrative profile, not a sourced rule (STANDARDS.md §10.2
// gives urgent 2 h to respond and 24 h to resolve, ordinary 24 h and 7 days as examples):
// urgent 2 h / 24 h, difficult 12 h / 3 days, anxious 24 h / 7 days, hoped_for 3 days /
// 30 days. A host sets its city's profile in Options.Deadlines.
func DefaultDeadlines() DeadlineProfile {
	return DeadlineProfile{Name: "illustrative", ByUrgency: map[Urgency]Deadline{
		UrgencyUrgent:    {Respond: 2 * time.Hour, Resolve: 24 * time.Hour},
		UrgencyDifficult: {Respond: 12 * time.Hour, Resolve: 3 * 24 * time.Hour},
		UrgencyAnxious:   {Respond: 24 * time.Hour, Resolve: 7 * 24 * time.Hour},
		UrgencyHopedFor:  {Respond: 3 * 24 * time.Hour, Resolve: 30 * 24 * time.Hour},
	}}
}

// Validate reports a missing urgency, a duration that is not positive and a Respond
// longer than its Resolve.
func (d DeadlineProfile) Validate() error {
	p := wushe.Check("DeadlineProfile")
	for _, u := range wushe.Urgencies() {
		dl, ok := d.ByUrgency[u]
		field := "ByUrgency[" + string(u) + "]"
		if !p.Require(ok, field, "is missing") {
			continue
		}
		p.Require(dl.Respond > 0, field+".Respond", "must be positive")
		p.Require(dl.Resolve > 0, field+".Resolve", "must be positive")
		p.Require(dl.Respond <= dl.Resolve, field+".Respond", "is longer than Resolve")
	}
	for u := range d.ByUrgency {
		if !u.Valid() {
			p.Nested("ByUrgency", u.Check("", ""))
		}
	}
	return p.Err()
}

// DeadlineKind names which of a referral's deadlines is meant.
type DeadlineKind string

// The deadline kinds.
const (
	DeadlineRespond DeadlineKind = "respond"
	DeadlineResolve DeadlineKind = "resolve"
)

// Escalation records that a referral missed a deadline and who was told: the requester's
// supervisor (Supervisor, when the referral names one) and, for a whistle, the street
// office (StreetOffice, from the community).
type Escalation struct {
	At           time.Time    `json:"at"`
	Missed       DeadlineKind `json:"missed"`
	Supervisor   Party        `json:"supervisor,omitzero"`
	StreetOffice string       `json:"street_office,omitempty"`
}

// ReferralEvent is one move of a referral: when, by which side, from and to which status,
// and the reason given (a rejection's, a hold's, a cancellation's or a failure's).
type ReferralEvent struct {
	At     time.Time      `json:"at"`
	Side   Side           `json:"side"`
	From   ReferralStatus `json:"from"`
	To     ReferralStatus `json:"to"`
	Reason string         `json:"reason,omitempty"`
}

// WorkKind names a kind of record that fulfils a referral.
type WorkKind string

// The work kinds.
const (
	// WorkOpportunity is a volunteer.Opportunity: its verified service records are the
	// work.
	WorkOpportunity WorkKind = "volunteer_opportunity"
	// WorkRequest is a resources.Request: its delivered allocations are the work.
	WorkRequest WorkKind = "resources_request"
	// WorkActivity is an Activity held for the need.
	WorkActivity WorkKind = "activity"
	// WorkCase is a Case: its sessions are the work.
	WorkCase WorkKind = "case"
)

var workKinds = wushe.NewEnum("work kind", WorkOpportunity, WorkRequest, WorkActivity, WorkCase)

// Valid reports whether k is a known work kind.
func (k WorkKind) Valid() bool { return workKinds.Has(k) }

// WorkRef names one record that serves a referral.
type WorkRef struct {
	Kind WorkKind  `json:"kind"`
	ID   uuid.UUID `json:"id"`
}

// Referral hands a need, or one part of it, to one responder and follows it to its end
// (转介 / 派单, the closed-loop referral of STANDARDS.md §10.1). Requester is who referred
// it; Supervisor, when set, is who an overdue referral escalates to.
//
// Re-referral keeps history: a rejected or failed referral (or a completed one that the
// resident's follow-up found unsatisfying) is never reopened; a new referral is made with
// Previous naming it, and the old one records the new one in Next, once.
//
// Required: Need, Requester, Responder (its Kind, and its ID unless the requester leaves
// the answer to whoever takes it), Category and Ask; Unit with a Quantity. Refer fills in
// ID (when nil), Community (the need's), Urgency (the need's, when empty), Status
// (requested), RequestedAt, RespondBy and ResolveBy (from the DeadlineProfile, or earlier
// ones given), Version, CreatedAt and UpdatedAt; the moves fill in the other state times,
// Reason and Events, OpenOpportunity, RequestResources and AttachWork fill in Work, and
// CompleteReferral fills in Links.
type Referral struct {
	ID        uuid.UUID `json:"id"`
	Need      uuid.UUID `json:"need"`
	Community uuid.UUID `json:"community"`
	// Project is the purchased project the referral is made under, if any.
	Project    uuid.UUID         `json:"project,omitzero"`
	Requester  Party             `json:"requester"`
	Supervisor Party             `json:"supervisor,omitzero"`
	Responder  ReferralResponder `json:"responder"`
	// Category classifies what is asked ("meal delivery", "rice"); Ask says it in words.
	Category string `json:"category"`
	Ask      string `json:"ask"`
	// Quantity is the headcount asked of a volunteer team, or the quantity asked of a
	// charity resource holder in Unit; unset when the ask is not counted.
	Quantity decimal.NullDecimal `json:"quantity"`
	Unit     string              `json:"unit,omitempty"`
	Urgency  Urgency             `json:"urgency"`
	Status   ReferralStatus      `json:"status"`
	// RespondBy and ResolveBy are the deadlines, from the Service's DeadlineProfile unless
	// the requester set earlier ones.
	RespondBy time.Time `json:"respond_by"`
	ResolveBy time.Time `json:"resolve_by"`
	// The time the referral entered each state; zero until it does. RespondedAt is when
	// it was accepted or rejected, ClosedAt when it became final.
	RequestedAt time.Time `json:"requested_at"`
	ReceivedAt  time.Time `json:"received_at,omitzero"`
	RespondedAt time.Time `json:"responded_at,omitzero"`
	StartedAt   time.Time `json:"started_at,omitzero"`
	ClosedAt    time.Time `json:"closed_at,omitzero"`
	// Reason is why it was rejected, cancelled or failed.
	Reason   string    `json:"reason,omitempty"`
	Previous uuid.UUID `json:"previous,omitzero"`
	Next     uuid.UUID `json:"next,omitzero"`
	// Work lists the records that serve the referral; Links the links written when it
	// was completed.
	Work        []WorkRef       `json:"work,omitempty"`
	Links       []uuid.UUID     `json:"links,omitempty"`
	Escalations []Escalation    `json:"escalations,omitempty"`
	Events      []ReferralEvent `json:"events,omitempty"`
	Version     int64           `json:"version"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
}

// Whistle reports whether the referral is handed to a street-office department.
func (r Referral) Whistle() bool { return r.Responder.Kind == ResponderDepartment }

// Due returns the deadline the referral is held to now: RespondBy while it waits for an
// answer (requested, received), ResolveBy while it is being worked on (accepted,
// in_progress, on_hold), and the zero time once it is final.
func (r Referral) Due() time.Time {
	switch r.Status {
	case ReferralRequested, ReferralReceived:
		return r.RespondBy
	case ReferralAccepted, ReferralInProgress, ReferralOnHold:
		return r.ResolveBy
	}
	return time.Time{}
}

// Overdue reports which deadline an open referral has missed at t, if any.
func (r Referral) Overdue(t time.Time) (DeadlineKind, bool) {
	due := r.Due()
	if due.IsZero() || !t.After(due) {
		return "", false
	}
	if r.Status == ReferralRequested || r.Status == ReferralReceived {
		return DeadlineRespond, true
	}
	return DeadlineResolve, true
}

// Escalated reports whether the referral has been escalated for missing deadline k.
func (r Referral) Escalated(k DeadlineKind) bool {
	for _, e := range r.Escalations {
		if e.Missed == k {
			return true
		}
	}
	return false
}

// AnsweredInTime reports whether the responder answered (accepted or rejected) by
// RespondBy; false while unanswered.
func (r Referral) AnsweredInTime() bool {
	return !r.RespondedAt.IsZero() && !r.RespondedAt.After(r.RespondBy)
}

// ResponseTime is RequestedAt to RespondedAt; false until answered.
func (r Referral) ResponseTime() (time.Duration, bool) {
	if r.RespondedAt.IsZero() {
		return 0, false
	}
	return r.RespondedAt.Sub(r.RequestedAt), true
}

// ResolutionTime is RequestedAt to ClosedAt for a completed referral; false otherwise.
func (r Referral) ResolutionTime() (time.Duration, bool) {
	if r.Status != ReferralCompleted {
		return 0, false
	}
	return r.ClosedAt.Sub(r.RequestedAt), true
}

// Validate reports every problem with the referral, the consistency of its status and
// timestamps included.
func (r Referral) Validate() error {
	p := wushe.Check("Referral")
	p.Require(r.Need != uuid.Nil, "Need", "is required")
	p.Require(r.Community != uuid.Nil, "Community", "is required")
	p.Nested("Requester", r.Requester.Validate())
	if r.Supervisor != (Party{}) {
		p.Nested("Supervisor", r.Supervisor.Validate())
	}
	p.Nested("Responder", r.Responder.Validate())
	p.Require(strings.TrimSpace(r.Category) != "", "Category", "is required")
	p.Require(strings.TrimSpace(r.Ask) != "", "Ask", "is required")
	if r.Quantity.Valid {
		p.Require(r.Quantity.Decimal.IsPositive(), "Quantity", "must be positive")
		p.Require(strings.TrimSpace(r.Unit) != "", "Unit", "is required with a quantity")
		if r.Responder.Kind == ResponderVolunteerTeam {
			p.Require(r.Quantity.Decimal.IsInteger(), "Quantity", "is a headcount and must be whole")
		}
		p.Require(r.Responder.Kind != ResponderVolunteer, "Quantity", "must be empty for a referral to one volunteer")
	}
	p.Nested("Urgency", r.Urgency.Check("", ""))
	p.Require(r.Status.Valid(), "Status", referralStatuses.Problem(r.Status))
	p.Require(!r.RequestedAt.IsZero(), "RequestedAt", "is required")
	p.Require(!r.RespondBy.Before(r.RequestedAt), "RespondBy", "is before RequestedAt")
	p.Require(!r.ResolveBy.Before(r.RespondBy), "ResolveBy", "is before RespondBy")
	p.Require(r.Previous != r.ID || r.ID == uuid.Nil, "Previous", "cannot be the referral itself")
	p.Require(r.Next == uuid.Nil || r.Next != r.ID, "Next", "cannot be the referral itself")
	answered := r.Status.Answered()
	stamp := func(field string, t time.Time, want bool) {
		if want {
			if p.Require(!t.IsZero(), field, "is required once the referral is "+string(r.Status)) {
				p.Require(!t.Before(r.RequestedAt), field, "is before RequestedAt")
			}
			return
		}
		p.Require(t.IsZero(), field, "must be empty while the referral is "+string(r.Status))
	}
	if r.Status != ReferralCancelled || r.RespondedAt.IsZero() {
		stamp("RespondedAt", r.RespondedAt, answered)
	}
	p.Require(!answered || r.Status == ReferralRejected || r.Responder.ID != uuid.Nil,
		"Responder.ID", "is required once the referral is accepted")
	started := oneOf(r.Status, ReferralInProgress, ReferralOnHold, ReferralCompleted)
	if !started && r.Status != ReferralFailed && r.Status != ReferralCancelled {
		stamp("StartedAt", r.StartedAt, false)
	} else if started {
		stamp("StartedAt", r.StartedAt, true)
	}
	stamp("ClosedAt", r.ClosedAt, r.Status.Final())
	if !r.ClosedAt.IsZero() && !r.RespondedAt.IsZero() {
		p.Require(!r.ClosedAt.Before(r.RespondedAt), "ClosedAt", "is before RespondedAt")
	}
	if oneOf(r.Status, ReferralRejected, ReferralCancelled, ReferralFailed) {
		p.Require(strings.TrimSpace(r.Reason) != "", "Reason", "is required once the referral is "+string(r.Status))
	}
	p.Require(r.Next == uuid.Nil || r.Status.Final(), "Next", "is only set on a final referral")
	for i, w := range r.Work {
		p.Require(w.Kind.Valid(), wushe.Index("Work", i)+".Kind", workKinds.Problem(w.Kind))
		p.Require(w.ID != uuid.Nil, wushe.Index("Work", i)+".ID", "is required")
	}
	for i, e := range r.Events {
		p.Require(e.From.CanMoveTo(e.To, e.Side), wushe.Index("Events", i), "is not a move of the closed loop")
	}
	for i, e := range r.Escalations {
		p.Require(e.Missed == DeadlineRespond || e.Missed == DeadlineResolve, wushe.Index("Escalations", i)+".Missed", "must be respond or resolve")
		p.Require(!e.At.IsZero(), wushe.Index("Escalations", i)+".At", "is required")
	}
	return p.Err()
}

// Satisfaction is a resident's answer to a follow-up call (回访).
type Satisfaction string

// The answers.
const (
	Satisfied          Satisfaction = "satisfied"           // 满意
	BasicallySatisfied Satisfaction = "basically_satisfied" // 基本满意
	Unsatisfied        Satisfaction = "unsatisfied"         // 不满意
)

var satisfactions = wushe.NewEnum("satisfaction answer", Satisfied, BasicallySatisfied, Unsatisfied)

// Valid reports whether s is a known answer.
func (s Satisfaction) Valid() bool { return satisfactions.Has(s) }

// Content reports whether s counts as satisfied: satisfied or basically satisfied.
func (s Satisfaction) Content() bool { return s == Satisfied || s == BasicallySatisfied }

// FollowUp records a follow-up call (回访) to the resident about a need: who called,
// when, and the answer. Referral, when set, names the referral the call asked about.
//
// Required: Need (not met or closed), Caller and Answer; Referral, when set, is a referral
// of the need. FollowUpNeed fills in ID (when nil), Community (the need's), CalledAt (now,
// when empty), Version, CreatedAt and UpdatedAt.
type FollowUp struct {
	ID        uuid.UUID    `json:"id"`
	Need      uuid.UUID    `json:"need"`
	Community uuid.UUID    `json:"community"`
	Referral  uuid.UUID    `json:"referral,omitzero"`
	Caller    Party        `json:"caller"`
	CalledAt  time.Time    `json:"called_at"`
	Answer    Satisfaction `json:"answer"`
	// Note is what the resident said, in the caller's words.
	Note      string    `json:"note,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate reports every problem with the follow-up.
func (f FollowUp) Validate() error {
	p := wushe.Check("FollowUp")
	p.Require(f.Need != uuid.Nil, "Need", "is required")
	p.Require(f.Community != uuid.Nil, "Community", "is required")
	p.Nested("Caller", f.Caller.Validate())
	p.Require(!f.CalledAt.IsZero(), "CalledAt", "is required")
	p.Require(f.Answer.Valid(), "Answer", satisfactions.Problem(f.Answer))
	return p.Err()
}
