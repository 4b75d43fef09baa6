package volunteer

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// Actor is a party that acts: a volunteer, an organizer (community, organization, project
// or unit) or an administrator, with its ID.
type Actor struct {
	Kind ActorKind `json:"kind"`
	ID   uuid.UUID `json:"id"`
}

// Validate checks the kind and the ID.
func (a Actor) Validate() error {
	p := wushe.Check("Actor")
	requireOneOf(p, "Kind", a.Kind, actorKinds)
	p.Require(a.ID != uuid.Nil, "ID", "is required")
	return p.Err()
}

// String renders "kind/id".
func (a Actor) String() string { return string(a.Kind) + "/" + a.ID.String() }

// Team is a volunteer service team (志愿服务队), e.g. an anti-fraud publicity team, run by
// a community or an organization.
//
// Required: Name and RunBy (a community or an organization); a LeaderID must be one of
// Members. CreateTeam fills in ID (when nil), Version, CreatedAt and UpdatedAt.
type Team struct {
	ID        uuid.UUID   `json:"id"`
	Version   int64       `json:"version"`
	Name      string      `json:"name"`
	Themes    []Theme     `json:"themes,omitempty"`
	LeaderID  uuid.UUID   `json:"leader_id,omitzero"`
	Members   []uuid.UUID `json:"members,omitempty"`
	RunBy     Actor       `json:"run_by"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// Validate checks the name, themes, the running organizer, and that the leader (if any) is
// a member and no member is listed twice.
func (t Team) Validate() error {
	p := wushe.Check("Team")
	if !p.CheckValues(t) {
		return p.Err()
	}
	p.Require(t.ID != uuid.Nil, "ID", "is required")
	p.Require(strings.TrimSpace(t.Name) != "", "Name", "is required")
	for i, th := range t.Themes {
		requireTheme(p, wushe.Index("Themes", i), th)
	}
	seen := map[uuid.UUID]bool{}
	for i, m := range t.Members {
		p.Require(m != uuid.Nil, wushe.Index("Members", i), "is the nil UUID")
		p.Require(!seen[m], wushe.Index("Members", i), "is listed twice")
		seen[m] = true
	}
	if t.LeaderID != uuid.Nil {
		p.Require(seen[t.LeaderID], "LeaderID", "is not a member")
	}
	p.Nested("RunBy", t.RunBy.Validate())
	if t.RunBy.Kind.Valid() {
		p.Require(t.RunBy.Kind == ActorCommunity || t.RunBy.Kind == ActorOrganization, "RunBy.Kind", "must be community or organization")
	}
	return p.Err()
}

// Shift is one staffed time slot of an opportunity.
type Shift struct {
	ID        uuid.UUID    `json:"id"`
	Window    wushe.Window `json:"window"`
	Headcount int          `json:"headcount"`
	Place     string       `json:"place,omitempty"`
}

// Validate checks the ID, the window and the headcount.
func (s Shift) Validate() error {
	p := wushe.Check("Shift")
	p.Require(s.ID != uuid.Nil, "ID", "is required")
	p.Nested("Window", s.Window.Validate())
	p.Require(s.Headcount >= 1, "Headcount", fmt.Sprintf("%d is less than 1", s.Headcount))
	return p.Err()
}

// SkillNeed is a skill an opportunity requires or prefers, with a minimum level.
type SkillNeed struct {
	Name     string `json:"name"`
	MinLevel int    `json:"min_level"`
}

// Validate checks the name and level.
func (n SkillNeed) Validate() error {
	p := wushe.Check("SkillNeed")
	p.Require(strings.TrimSpace(n.Name) != "", "Name", "is required")
	p.Require(n.MinLevel >= 1 && n.MinLevel <= 5, "MinLevel", fmt.Sprintf("%d is not in [1, 5]", n.MinLevel))
	return p.Err()
}

// Opportunity is a recruitment post (招募) with one or more shifts. A weekly opportunity
// repeats its shifts every 7 days until RepeatUntil: occurrence n of a shift starts n weeks
// after the shift (same local clock time, so daylight-saving changes keep the clock time).
//
// Required: Title, Organizer (a community, organization, project or unit), Theme, Risk,
// Place and at least one shift (each with a valid Window and a Headcount); RepeatUntil for
// a weekly one. CreateOpportunity fills in ID and the shifts' IDs (when nil), Status (draft,
// when empty: sign-ups need PublishOpportunity first), Recurrence (none, when empty),
// PublishedAt, Version, CreatedAt and UpdatedAt.
type Opportunity struct {
	ID        uuid.UUID   `json:"id"`
	Version   int64       `json:"version"`
	Title     string      `json:"title"`
	Organizer Actor       `json:"organizer"`
	Theme     Theme       `json:"theme"`
	PlaceName string      `json:"place_name"`
	Place     wushe.Point `json:"place"`
	Shifts    []Shift     `json:"shifts"`
	Required  []SkillNeed `json:"required_skills,omitempty"`
	Preferred []SkillNeed `json:"preferred_skills,omitempty"`
	MinAge    int         `json:"min_age,omitempty"`
	Risk      RiskLevel   `json:"risk"`
	// PointsPerHour overrides the ledger rules' rate for this opportunity when positive.
	PointsPerHour decimal.Decimal `json:"points_per_hour"`
	// TimeBank marks hours that earn time-bank credit; GroupActivity marks an activity
	// run for a group (as the Shanghai time bank requires for providers under 18).
	TimeBank      bool              `json:"time_bank,omitempty"`
	GroupActivity bool              `json:"group_activity,omitempty"`
	PublishedAt   time.Time         `json:"published_at,omitzero"`
	Recurrence    Recurrence        `json:"recurrence"`
	RepeatUntil   time.Time         `json:"repeat_until,omitzero"`
	Status        OpportunityStatus `json:"status"`
	// NeedID and ReferralID name the linkage need and referral the opportunity serves,
	// if any. They are opaque here: volunteer never reads them; linkage checks that they
	// belong together (linkage.Service.OpenOpportunity creates an opportunity for a
	// referral after checking it, and AttachWork checks one made here).
	NeedID     uuid.UUID `json:"need_id,omitzero"`
	ReferralID uuid.UUID `json:"referral_id,omitzero"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Validate checks every field and every shift, and reports every problem.
func (o Opportunity) Validate() error {
	p := wushe.Check("Opportunity")
	if !p.CheckValues(o) {
		return p.Err()
	}
	p.Require(o.ID != uuid.Nil, "ID", "is required")
	p.Require(strings.TrimSpace(o.Title) != "", "Title", "is required")
	p.Nested("Organizer", o.Organizer.Validate())
	if o.Organizer.Kind.Valid() {
		p.Require(o.Organizer.Kind.Organizes(), "Organizer.Kind", "must be community, organization, project or unit")
	}
	requireTheme(p, "Theme", o.Theme)
	p.Nested("Place", o.Place.Validate())
	p.Require(len(o.Shifts) > 0, "Shifts", "needs at least one shift")
	ids := map[uuid.UUID]bool{}
	for i, s := range o.Shifts {
		p.Nested(wushe.Index("Shifts", i), s.Validate())
		p.Require(!ids[s.ID], wushe.Index("Shifts", i)+".ID", "is listed twice")
		ids[s.ID] = true
	}
	for i, n := range o.Required {
		p.Nested(wushe.Index("Required", i), n.Validate())
	}
	for i, n := range o.Preferred {
		p.Nested(wushe.Index("Preferred", i), n.Validate())
	}
	p.Require(o.MinAge >= 0 && o.MinAge <= 120, "MinAge", fmt.Sprintf("%d is not in [0, 120]", o.MinAge))
	requireOneOf(p, "Risk", o.Risk, riskLevels)
	p.Require(!o.PointsPerHour.IsNegative(), "PointsPerHour", "is negative")
	requireOneOf(p, "Recurrence", o.Recurrence, recurrences)
	if o.Recurrence == RecurrenceWeekly {
		p.Require(!o.RepeatUntil.IsZero(), "RepeatUntil", "is required for a weekly opportunity")
	}
	requireOneOf(p, "Status", o.Status, opportunityStatuses)
	if o.Status == OpportunityPublished {
		p.Require(!o.PublishedAt.IsZero(), "PublishedAt", "is required once published")
	}
	return p.Err()
}

// Shift returns the shift with id.
func (o Opportunity) Shift(id uuid.UUID) (Shift, bool) {
	for _, s := range o.Shifts {
		if s.ID == id {
			return s, true
		}
	}
	return Shift{}, false
}

// ShiftRef names one occurrence of one shift: the opportunity, the shift, and the
// occurrence number (0 for the shift itself, n for the nth weekly repeat).
type ShiftRef struct {
	OpportunityID uuid.UUID `json:"opportunity_id"`
	ShiftID       uuid.UUID `json:"shift_id"`
	Occurrence    int       `json:"occurrence"`
}

// Validate checks the IDs and the occurrence.
func (r ShiftRef) Validate() error {
	p := wushe.Check("ShiftRef")
	p.Require(r.OpportunityID != uuid.Nil, "OpportunityID", "is required")
	p.Require(r.ShiftID != uuid.Nil, "ShiftID", "is required")
	p.Require(r.Occurrence >= 0, "Occurrence", "is negative")
	return p.Err()
}

// String renders "opportunity/shift#n".
func (r ShiftRef) String() string {
	return fmt.Sprintf("%s/%s#%d", r.OpportunityID, r.ShiftID, r.Occurrence)
}

// Occurrence is one dated instance of a shift.
type Occurrence struct {
	Ref       ShiftRef     `json:"ref"`
	Window    wushe.Window `json:"window"`
	Headcount int          `json:"headcount"`
	Place     string       `json:"place,omitempty"`
}

// occurrenceWindow is the window of occurrence n of s: n weeks later on the local calendar.
func occurrenceWindow(s Shift, n int) wushe.Window {
	return wushe.Window{Start: s.Window.Start.AddDate(0, 0, 7*n), End: s.Window.End.AddDate(0, 0, 7*n)}
}

// Resolve returns the occurrence ref names, or false when the shift does not exist or the
// occurrence is beyond the recurrence (a non-recurring opportunity has only occurrence 0;
// a weekly one has those that start before RepeatUntil).
func (o Opportunity) Resolve(ref ShiftRef) (Occurrence, bool) {
	if ref.OpportunityID != o.ID || ref.Occurrence < 0 {
		return Occurrence{}, false
	}
	s, ok := o.Shift(ref.ShiftID)
	if !ok {
		return Occurrence{}, false
	}
	if ref.Occurrence > 0 {
		if o.Recurrence != RecurrenceWeekly {
			return Occurrence{}, false
		}
		if w := occurrenceWindow(s, ref.Occurrence); !w.Start.Before(o.RepeatUntil) {
			return Occurrence{}, false
		}
	}
	return Occurrence{Ref: ref, Window: occurrenceWindow(s, ref.Occurrence), Headcount: s.Headcount, Place: s.Place}, true
}

// maxOccurrences bounds the expansion of one weekly shift (about 20 years of weeks).
const maxOccurrences = 1100

// Occurrences expands the opportunity's shifts over [from, to): every occurrence whose
// window overlaps the range, ordered by start time, then shift order in Shifts, then
// occurrence number. The result is the same for the same opportunity and range.
func (o Opportunity) Occurrences(from, to time.Time) []Occurrence {
	var out []Occurrence
	rng := wushe.Window{Start: from, End: to}
	for _, s := range o.Shifts {
		for n := 0; n < maxOccurrences; n++ {
			if n > 0 && o.Recurrence != RecurrenceWeekly {
				break
			}
			w := occurrenceWindow(s, n)
			if n > 0 && !w.Start.Before(o.RepeatUntil) {
				break
			}
			if !w.Start.Before(to) {
				break
			}
			if w.Overlaps(rng) {
				out = append(out, Occurrence{Ref: ShiftRef{OpportunityID: o.ID, ShiftID: s.ID, Occurrence: n},
					Window: w, Headcount: s.Headcount, Place: s.Place})
			}
		}
	}
	order := map[uuid.UUID]int{}
	for i, s := range o.Shifts {
		order[s.ID] = i
	}
	sortOccurrences(out, order)
	return out
}

func sortOccurrences(out []Occurrence, order map[uuid.UUID]int) {
	slices.SortFunc(out, func(a, b Occurrence) int {
		if c := a.Window.Start.Compare(b.Window.Start); c != 0 {
			return c
		}
		if c := order[a.Ref.ShiftID] - order[b.Ref.ShiftID]; c != 0 {
			return c
		}
		return a.Ref.Occurrence - b.Ref.Occurrence
	})
}

// Enrolment is a volunteer's sign-up for one shift occurrence. The Store's EnrolInShift
// decides atomically whether it is confirmed or waitlisted (EnrolmentWaitlisted); the waitlist
// is promoted in order of AppliedAt, then ID, when a place frees up.
//
// SignUp builds every field from the volunteer's ID and the ShiftRef: ID, Status (confirmed
// or waitlisted, as the Store decides), Window (the occurrence's), AppliedAt, Version and
// the timestamps; the check-in, cancel and completion calls fill in the rest. A host never
// builds one.
type Enrolment struct {
	ID          uuid.UUID       `json:"id"`
	Version     int64           `json:"version"`
	Shift       ShiftRef        `json:"shift"`
	VolunteerID uuid.UUID       `json:"volunteer_id"`
	Status      EnrolmentStatus `json:"status"`
	// Window is the occurrence's window, copied at sign-up for overlap and weekly-cap checks.
	Window      wushe.Window `json:"window"`
	AppliedAt   time.Time    `json:"applied_at"`
	CheckedInAt time.Time    `json:"checked_in_at,omitzero"`
	CompletedAt time.Time    `json:"completed_at,omitzero"`
	CancelledAt time.Time    `json:"cancelled_at,omitzero"`
	// LateCancellation is set when the enrolment was cancelled within the notice period.
	LateCancellation bool      `json:"late_cancellation,omitempty"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// Validate checks the references, status and times.
func (e Enrolment) Validate() error {
	p := wushe.Check("Enrolment")
	if !p.CheckValues(e) {
		return p.Err()
	}
	p.Require(e.ID != uuid.Nil, "ID", "is required")
	p.Nested("Shift", e.Shift.Validate())
	p.Require(e.VolunteerID != uuid.Nil, "VolunteerID", "is required")
	requireOneOf(p, "Status", e.Status, enrolmentStatuses)
	p.Nested("Window", e.Window.Validate())
	p.Require(!e.AppliedAt.IsZero(), "AppliedAt", "is required")
	return p.Err()
}

// waitlistLess orders a waitlist: earlier AppliedAt first, then smaller ID.
func waitlistLess(a, b Enrolment) bool {
	if !a.AppliedAt.Equal(b.AppliedAt) {
		return a.AppliedAt.Before(b.AppliedAt)
	}
	return wushe.CompareIDs(a.ID, b.ID) < 0
}

// NextOnWaitlist returns the enrolment that a freed place goes to: among those of es in
// EnrolmentWaitlisted for ref, the earliest AppliedAt, ties broken by the smaller ID. Store
// implementations use it (or the same order in SQL) in CancelEnrolment.
func NextOnWaitlist(es []Enrolment, ref ShiftRef) (Enrolment, bool) {
	var best Enrolment
	found := false
	for _, e := range es {
		if e.Shift != ref || e.Status != EnrolmentWaitlisted {
			continue
		}
		if !found || waitlistLess(e, best) {
			best, found = e, true
		}
	}
	return best, found
}
