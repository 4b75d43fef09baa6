package linkage

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// Urgency grades a need on the 急难愁盼 scale (the kernel's wushe.Urgency: one vocabulary
// for every package). Urgencies are ordered, most pressing first: urgent < difficult <
// anxious < hoped_for by Rank, so sorting by Rank puts urgent first.
type Urgency = wushe.Urgency

// The urgencies, most pressing first.
const (
	UrgencyUrgent    = wushe.UrgencyUrgent    // 急
	UrgencyDifficult = wushe.UrgencyDifficult // 难
	UrgencyAnxious   = wushe.UrgencyAnxious   // 愁
	UrgencyHopedFor  = wushe.UrgencyHopedFor  // 盼
)

// NeedSource says how a need came to be known.
type NeedSource string

// The need sources.
const (
	SourceHomeVisit        NeedSource = "home_visit"
	SourceResidentsCouncil NeedSource = "residents_council"
	SourceGridStaff        NeedSource = "grid_staff"
	SourceHotline          NeedSource = "hotline"
	SourceSelf             NeedSource = "self"
	SourceOther            NeedSource = "other"
)

var needSources = wushe.NewEnum("need source", SourceHomeVisit, SourceResidentsCouncil, SourceGridStaff, SourceHotline, SourceSelf, SourceOther)

// Valid reports whether s is a known source.
func (s NeedSource) Valid() bool { return needSources.Has(s) }

// NeedStatus is where a need is in its life: open > planned > in_progress > met, or
// closed_unmet from any state that is not final.
type NeedStatus string

// The need statuses. met and closed_unmet are final.
const (
	NeedOpen        NeedStatus = "open"
	NeedPlanned     NeedStatus = "planned"
	NeedInProgress  NeedStatus = "in_progress"
	NeedMet         NeedStatus = "met"
	NeedClosedUnmet NeedStatus = "closed_unmet"
)

var needStatuses = wushe.NewEnum("need status", NeedOpen, NeedPlanned, NeedInProgress, NeedMet, NeedClosedUnmet)

// Valid reports whether s is a known need status.
func (s NeedStatus) Valid() bool { return needStatuses.Has(s) }

// Final reports whether s is met or closed_unmet.
func (s NeedStatus) Final() bool { return s == NeedMet || s == NeedClosedUnmet }

// CanMoveTo reports whether a need may move from s to to: one step forward, or to
// closed_unmet from any state that is not final.
func (s NeedStatus) CanMoveTo(to NeedStatus) bool {
	switch {
	case !s.Valid() || s.Final():
		return false
	case to == NeedClosedUnmet:
		return true
	}
	return (s == NeedOpen && to == NeedPlanned) || (s == NeedPlanned && to == NeedInProgress) ||
		(s == NeedInProgress && to == NeedMet)
}

// Need is a resident need found in a community: who it concerns (by group and by a
// pseudonymous reference only; the beneficiary's identity is never stored here), how
// pressing it is, and its life from raised to met or closed.
//
// Required: Community, TargetGroup, Category, Urgency and Source; Area, when set, is an
// area of the community, and Beneficiary is a reference (class reference), never a name.
// RaiseNeed fills in ID (when nil), Status (open), RaisedAt (now, unless an earlier time is
// given), Version, CreatedAt and UpdatedAt; PlanNeed, StartNeed, MeetNeed, CloseNeedUnmet and
// the referrals (SyncNeed) fill in the later states and their times.
type Need struct {
	ID        uuid.UUID `json:"id"`
	Community uuid.UUID `json:"community"`
	// Area is the grid or micro-grid, if known.
	Area        uuid.UUID   `json:"area,omitzero"`
	TargetGroup TargetGroup `json:"target_group"`
	// Category is free text: "meal delivery", "after-school care", "stairs handrail".
	Category string     `json:"category"`
	Urgency  Urgency    `json:"urgency"`
	Source   NeedSource `json:"source"`
	// Beneficiary is a pseudonymous reference to who has the need (ClassReference), which
	// the host resolves elsewhere; empty for a need of a whole building or group.
	Beneficiary wushe.Sensitive `json:"beneficiary"`
	Location    *wushe.Point    `json:"location,omitempty"`
	Description string          `json:"description"`
	Status      NeedStatus      `json:"status"`
	// The time the need entered each state; zero until it does.
	RaisedAt  time.Time `json:"raised_at"`
	PlannedAt time.Time `json:"planned_at,omitzero"`
	StartedAt time.Time `json:"started_at,omitzero"`
	MetAt     time.Time `json:"met_at,omitzero"`
	ClosedAt  time.Time `json:"closed_at,omitzero"`
	// Outcome says how the need was met or why it was closed unmet.
	Outcome string `json:"outcome,omitempty"`
	// Meeting and Proposal name the council meeting and proposal the need came from.
	Meeting   uuid.UUID `json:"meeting,omitzero"`
	Proposal  uuid.UUID `json:"proposal,omitzero"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate reports every problem with the need, the consistency of its status and
// timestamps included: a timestamp is set exactly when the need reached its state, and the
// timestamps never go backwards.
func (n Need) Validate() error {
	p := wushe.Check("Need")
	if !p.CheckValues(n) {
		return p.Err()
	}
	p.Require(n.Community != uuid.Nil, "Community", "is required")
	p.Add(n.TargetGroup.Check("Need", "TargetGroup"))
	p.Require(strings.TrimSpace(n.Category) != "", "Category", "is required")
	p.Add(n.Urgency.Check("Need", "Urgency"))
	p.Require(n.Source.Valid(), "Source", needSources.Problem(n.Source))
	p.Require(n.Beneficiary.IsZero() || n.Beneficiary.Class() == wushe.ClassReference, "Beneficiary", "must be of class reference")
	if n.Location != nil {
		p.Nested("Location", n.Location.Validate())
	}
	p.Require(n.Status.Valid(), "Status", needStatuses.Problem(n.Status))
	p.Require(!n.RaisedAt.IsZero(), "RaisedAt", "is required")
	reached := func(s NeedStatus) bool {
		switch n.Status {
		case NeedPlanned:
			return s == NeedPlanned
		case NeedInProgress:
			return s == NeedPlanned || s == NeedInProgress
		case NeedMet:
			return s != NeedClosedUnmet
		}
		return false
	}
	stamps := []struct {
		field string
		at    time.Time
		s     NeedStatus
	}{{"PlannedAt", n.PlannedAt, NeedPlanned}, {"StartedAt", n.StartedAt, NeedInProgress}, {"MetAt", n.MetAt, NeedMet}}
	last := n.RaisedAt
	for _, st := range stamps {
		switch {
		case reached(st.s):
			if p.Require(!st.at.IsZero(), st.field, "is required once the need is "+string(st.s)) {
				if p.Require(!st.at.Before(last), st.field, "is before the previous state's time") {
					last = st.at
				}
			}
		case n.Status != NeedClosedUnmet:
			p.Require(st.at.IsZero(), st.field, "must be empty while the need is "+string(n.Status))
		case !st.at.IsZero():
			if p.Require(!st.at.Before(last), st.field, "is before the previous state's time") {
				last = st.at
			}
		}
	}
	if n.Status == NeedClosedUnmet {
		if p.Require(!n.ClosedAt.IsZero(), "ClosedAt", "is required once the need is closed_unmet") {
			p.Require(!n.ClosedAt.Before(last), "ClosedAt", "is before the previous state's time")
		}
		p.Require(n.MetAt.IsZero(), "MetAt", "must be empty for a need closed unmet")
	} else {
		p.Require(n.ClosedAt.IsZero(), "ClosedAt", "must be empty unless the need is closed_unmet")
	}
	return p.Err()
}

// ResponseTime is the time from raising the need to planning a response (RaisedAt to
// PlannedAt): how long residents waited to hear what will be done. The second result is
// false while the need has not been planned (including a need closed before planning).
func (n Need) ResponseTime() (time.Duration, bool) {
	if n.PlannedAt.IsZero() || n.RaisedAt.IsZero() {
		return 0, false
	}
	return n.PlannedAt.Sub(n.RaisedAt), true
}

// ResolutionTime is the time from raising the need to meeting it (RaisedAt to MetAt); the
// second result is false unless the need was met.
func (n Need) ResolutionTime() (time.Duration, bool) {
	if n.MetAt.IsZero() || n.RaisedAt.IsZero() {
		return 0, false
	}
	return n.MetAt.Sub(n.RaisedAt), true
}
