package linkage

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// ActivityKind classifies an activity by social-work method or purpose.
type ActivityKind string

// The activity kinds.
const (
	ActivityCaseSession         ActivityKind = "case_session"
	ActivityGroupWork           ActivityKind = "group_work"
	ActivityCommunityWork       ActivityKind = "community_work"
	ActivityPublicWelfareMarket ActivityKind = "public_welfare_market" // 公益集市
	ActivityTraining            ActivityKind = "training"
	ActivityPartyBuilding       ActivityKind = "party_building"
	ActivityOther               ActivityKind = "other"
)

var activityKinds = wushe.NewEnum("activity kind", ActivityCaseSession, ActivityGroupWork, ActivityCommunityWork, ActivityPublicWelfareMarket, ActivityTraining, ActivityPartyBuilding, ActivityOther)

// Valid reports whether k is a known activity kind.
func (k ActivityKind) Valid() bool { return activityKinds.Has(k) }

// Attendance is one person attending once: a person-time. Ref is a pseudonymous
// participant reference (ClassReference), the same for the same person across activities;
// like every reference it prints and encodes masked.
type Attendance struct {
	Ref wushe.Sensitive `json:"ref"`
	At  time.Time       `json:"at,omitzero"`
}

// Attendee is the attendance at time at (zero if unknown) of the person with the
// pseudonymous reference ref.
func Attendee(ref string, at time.Time) Attendance {
	return Attendance{Ref: wushe.NewSensitive(wushe.ClassReference, ref), At: at}
}

// Activity is a service activity held in a community: a group session, a forum, a public
// welfare market, a training. Participants are counted both as unique persons and as
// person-times.
//
// Required: Kind, Title, Community (which must exist) and a valid Window; each attendance
// needs a Ref of class reference. RecordActivity fills in ID (when nil), Version, CreatedAt
// and UpdatedAt.
type Activity struct {
	ID        uuid.UUID    `json:"id"`
	Kind      ActivityKind `json:"kind"`
	Title     string       `json:"title"`
	Community uuid.UUID    `json:"community"`
	// Organizations and Units are the organizers; Project the purchased project it
	// belongs to, if any.
	Organizations []uuid.UUID `json:"organizations,omitempty"`
	Units         []uuid.UUID `json:"units,omitempty"`
	Project       uuid.UUID   `json:"project,omitzero"`
	// Venue names where it happened.
	Venue  string       `json:"venue,omitempty"`
	Window wushe.Window `json:"window"`
	// Attendance lists person-times with pseudonymous references.
	Attendance []Attendance `json:"attendance,omitempty"`
	// UncountedPersonTimes are person-times counted without references (heads counted at a
	// market stall): they add to PersonTimes but not to UniquePersons.
	UncountedPersonTimes int `json:"uncounted_person_times,omitempty"`
	// Volunteers are the volunteers involved, by ID; ExtraVolunteers counts others.
	Volunteers      []uuid.UUID   `json:"volunteers,omitempty"`
	ExtraVolunteers int           `json:"extra_volunteers,omitempty"`
	TargetGroups    []TargetGroup `json:"target_groups,omitempty"`
	Version         int64         `json:"version"`
	CreatedAt       time.Time     `json:"created_at"`
	UpdatedAt       time.Time     `json:"updated_at"`
}

// Validate reports every problem with the activity.
func (a Activity) Validate() error {
	p := wushe.Check("Activity")
	if !p.CheckValues(a) {
		return p.Err()
	}
	p.Require(a.Kind.Valid(), "Kind", activityKinds.Problem(a.Kind))
	p.Require(strings.TrimSpace(a.Title) != "", "Title", "is required")
	p.Require(a.Community != uuid.Nil, "Community", "is required")
	p.Nested("Window", a.Window.Validate())
	for i, at := range a.Attendance {
		f := wushe.Index("Attendance", i)
		if at.Ref.IsZero() || at.Ref.Class() != wushe.ClassReference {
			p.Require(at.Ref.IsZero(), f+".Ref", "must be of class reference")
			p.Require(!at.Ref.IsZero(), f+".Ref", "is required")
			continue
		}
		ref, _ := at.Ref.Reveal(revealRefs)
		p.Require(strings.TrimSpace(ref) != "", f+".Ref", "is required")
	}
	p.Require(a.UncountedPersonTimes >= 0, "UncountedPersonTimes", "cannot be negative")
	p.Require(a.ExtraVolunteers >= 0, "ExtraVolunteers", "cannot be negative")
	for i, g := range a.TargetGroups {
		p.Add(g.Check("Activity", wushe.Index("TargetGroups", i)))
	}
	return p.Err()
}

// UniquePersons is the number of distinct participant references in Attendance.
func (a Activity) UniquePersons() int {
	seen := make(map[wushe.Sensitive]struct{}, len(a.Attendance))
	for _, at := range a.Attendance {
		seen[at.Ref] = struct{}{}
	}
	return len(seen)
}

// PersonTimes is the number of attendances: len(Attendance) + UncountedPersonTimes.
func (a Activity) PersonTimes() int { return len(a.Attendance) + a.UncountedPersonTimes }

// VolunteerCount is the number of volunteers involved: distinct Volunteers plus
// ExtraVolunteers.
func (a Activity) VolunteerCount() int {
	seen := make(map[uuid.UUID]struct{}, len(a.Volunteers))
	for _, v := range a.Volunteers {
		seen[v] = struct{}{}
	}
	return len(seen) + a.ExtraVolunteers
}
