package volunteer

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// CallOutStatus is where an emergency call-out stands.
type CallOutStatus string

// The call-out statuses. A call-out is open until its headcount is confirmed (full); a
// withdrawal that empties a place with nobody waiting opens it again. It is closed when
// its organizer closes it or, whatever its stored status, once its acknowledgement
// deadline has passed (CallOut.StatusAt).
const (
	CallOutOpen   CallOutStatus = "open"
	CallOutFull   CallOutStatus = "full"
	CallOutClosed CallOutStatus = "closed"
)

var callOutStatuses = wushe.NewEnum("call-out status", CallOutOpen, CallOutFull, CallOutClosed)

// Valid reports whether s is a known call-out status.
func (s CallOutStatus) Valid() bool { return callOutStatuses.Has(s) }

// AckStatus is the standing of one volunteer's acknowledgement of a call-out.
type AckStatus string

// The acknowledgement statuses: acknowledgements fill the headcount in the order they
// arrive (confirmed); once it is full, later ones wait (waitlisted) and move up, in order,
// when a confirmed volunteer withdraws.
const (
	AckConfirmed  AckStatus = "confirmed"
	AckWaitlisted AckStatus = "waitlisted"
	AckWithdrawn  AckStatus = "withdrawn"
)

var ackStatuses = wushe.NewEnum("acknowledgement status", AckConfirmed, AckWaitlisted, AckWithdrawn)

// Valid reports whether s is a known acknowledgement status.
func (s AckStatus) Valid() bool { return ackStatuses.Has(s) }

// Acknowledgement is one volunteer's answer to a call-out: "I am coming".
type Acknowledgement struct {
	VolunteerID uuid.UUID `json:"volunteer_id"`
	// At is when the acknowledgement arrived; it decides the order of filling.
	At     time.Time `json:"at"`
	Status AckStatus `json:"status"`
	// ConfirmedAt is when the acknowledgement took a place (At, or when it moved up from
	// the waitlist); zero while waitlisted.
	ConfirmedAt time.Time `json:"confirmed_at,omitzero"`
	// WithdrawnAt is when the volunteer withdrew; zero otherwise.
	WithdrawnAt time.Time `json:"withdrawn_at,omitzero"`
}

// CallOutReach records whom a call-out was sent to: how many volunteers were screened,
// how many were invited, and how many were left out by each hard rule. It holds counts
// only, never who was left out or why in their case (a volunteer's age or home is
// nobody else's business).
type CallOutReach struct {
	Screened int `json:"screened"`
	Invited  int `json:"invited"`
	// Excluded counts the volunteers left out by reason: "status", "no_home",
	// "beyond_radius", "minor_dangerous_work", "eligibility" (the profile's rules:
	// age, consent, insurance) and "skills".
	Excluded map[string]int `json:"excluded,omitempty"`
}

// CallOut is an emergency mobilisation (应急动员): an organizer calls the volunteers near a
// place who have the needed skills, asks each to acknowledge before a deadline, and fills a
// headcount in the order the acknowledgements arrive (STANDARDS.md §10.5; Regulation Art
// 17). Minors are never called to rescue or other dangerous work (Shandong Regulation Art
// 10): a call-out whose Risk is high or above, or whose Theme is emergency_rescue, leaves
// out everyone under 18 whatever the profile says.
//
// Required when calling out: Organizer (an organizing actor), Title, Theme, Risk, Place
// (valid coordinates), RadiusMeters (1 to 50,000), Headcount (1 to 10,000), Window (the
// service the call is for) and AckBy (after the call opens, at or before Window.End).
// Required lists the skills every invited volunteer must have. The Service fills in ID,
// OpenedAt, Status, Invited, Reach, Acks, FullAt, ClosedAt and the timestamps.
type CallOut struct {
	ID        uuid.UUID    `json:"id"`
	Version   int64        `json:"version"`
	Organizer Actor        `json:"organizer"`
	Title     string       `json:"title"`
	Theme     Theme        `json:"theme"`
	Risk      RiskLevel    `json:"risk"`
	PlaceName string       `json:"place_name,omitempty"`
	Place     wushe.Point  `json:"place"`
	Required  []SkillNeed  `json:"required,omitempty"`
	Window    wushe.Window `json:"window"`
	// RadiusMeters is how far from Place a volunteer's home may be, as the crow flies.
	RadiusMeters int `json:"radius_meters"`
	Headcount    int `json:"headcount"`
	// OpenedAt is when the call went out; AckBy is the deadline to acknowledge.
	OpenedAt time.Time     `json:"opened_at"`
	AckBy    time.Time     `json:"ack_by"`
	Status   CallOutStatus `json:"status"`
	// Invited are the volunteers the call was sent to, in ID order.
	Invited []uuid.UUID  `json:"invited,omitempty"`
	Reach   CallOutReach `json:"reach"`
	// Acks are the acknowledgements in the order they arrived.
	Acks []Acknowledgement `json:"acks,omitempty"`
	// FullAt is when the headcount was first confirmed in full; zero until then.
	FullAt time.Time `json:"full_at,omitzero"`
	// ClosedAt is when the organizer closed the call-out; zero while it is not closed by
	// hand (the deadline closes it without a write: StatusAt).
	ClosedAt  time.Time `json:"closed_at,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// The bounds a call-out's numbers must keep.
const (
	MaxCallOutRadiusMeters = 50_000
	MaxCallOutHeadcount    = 10_000
)

// Validate checks the call-out on its own.
func (c CallOut) Validate() error {
	p := wushe.Check("CallOut")
	p.Require(c.ID != uuid.Nil, "ID", "is required")
	p.Nested("Organizer", c.Organizer.Validate())
	p.Require(c.Organizer.Kind.Organizes() || c.Organizer.Kind == ActorAdmin, "Organizer.Kind", "must be an organizer or an admin")
	p.Require(strings.TrimSpace(c.Title) != "", "Title", "is required")
	requireTheme(p, "Theme", c.Theme)
	requireOneOf(p, "Risk", c.Risk, riskLevels)
	p.Nested("Place", c.Place.Validate())
	for i, n := range c.Required {
		p.Nested(wushe.Index("Required", i), n.Validate())
	}
	p.Nested("Window", c.Window.Validate())
	p.Require(c.RadiusMeters > 0 && c.RadiusMeters <= MaxCallOutRadiusMeters, "RadiusMeters", "must be in [1, 50000]")
	p.Require(c.Headcount > 0 && c.Headcount <= MaxCallOutHeadcount, "Headcount", "must be in [1, 10000]")
	p.Require(!c.OpenedAt.IsZero(), "OpenedAt", "is required")
	p.Require(c.AckBy.After(c.OpenedAt), "AckBy", "must be after OpenedAt")
	p.Require(!c.AckBy.After(c.Window.End), "AckBy", "must be at or before the end of the Window")
	p.Add(callOutStatuses.Check("CallOut", "Status", c.Status))
	p.Require(slices.IsSortedFunc(c.Invited, wushe.CompareIDs), "Invited", "must be in ID order")
	confirmed := 0
	for i, a := range c.Acks {
		f := wushe.Index("Acks", i)
		p.Require(a.VolunteerID != uuid.Nil, f+".VolunteerID", "is required")
		p.Add(ackStatuses.Check("CallOut", f+".Status", a.Status))
		p.Require(!a.At.IsZero(), f+".At", "is required")
		if a.Status == AckConfirmed {
			confirmed++
		}
	}
	p.Require(confirmed <= c.Headcount, "Acks", "confirm more volunteers than the headcount")
	return p.Err()
}

// Dangerous reports whether the call-out is rescue or other dangerous work, from which
// minors are always left out: Risk high or above, or Theme emergency_rescue.
func (c CallOut) Dangerous() bool {
	return c.Risk.AtLeast(RiskHigh) || c.Theme == ThemeEmergencyRescue
}

// StatusAt is the call-out's status at t: closed once the organizer closed it or once
// AckBy has passed (t at or after AckBy), otherwise the stored status.
func (c CallOut) StatusAt(t time.Time) CallOutStatus {
	if c.Status == CallOutClosed || !t.Before(c.AckBy) {
		return CallOutClosed
	}
	return c.Status
}

// IsInvited reports whether the call-out was sent to the volunteer.
func (c CallOut) IsInvited(volunteerID uuid.UUID) bool {
	_, ok := slices.BinarySearchFunc(c.Invited, volunteerID, wushe.CompareIDs)
	return ok
}

// Ack returns the volunteer's latest acknowledgement and whether there is one.
func (c CallOut) Ack(volunteerID uuid.UUID) (Acknowledgement, bool) {
	for i := len(c.Acks) - 1; i >= 0; i-- {
		if c.Acks[i].VolunteerID == volunteerID {
			return c.Acks[i], true
		}
	}
	return Acknowledgement{}, false
}

// Confirmed counts the acknowledgements holding a place.
func (c CallOut) Confirmed() int {
	n := 0
	for _, a := range c.Acks {
		if a.Status == AckConfirmed {
			n++
		}
	}
	return n
}

// CallOutFigures are the mobilisation figures STANDARDS.md §10.5 asks for, derived from the
// call-out's acknowledgements.
type CallOutFigures struct {
	Headcount    int `json:"headcount"`
	Invited      int `json:"invited"`
	Acknowledged int `json:"acknowledged"` // every acknowledgement, withdrawn ones included
	Confirmed    int `json:"confirmed"`    // holding a place now
	Waitlisted   int `json:"waitlisted"`
	Withdrawn    int `json:"withdrawn"`
	// FirstAck is the time from the call to the first acknowledgement; HasFirstAck says
	// whether anyone acknowledged.
	FirstAck    time.Duration `json:"first_ack"`
	HasFirstAck bool          `json:"has_first_ack"`
	// ToFull is the time from the call to the headcount first confirmed in full; Full says
	// whether that happened.
	ToFull time.Duration `json:"to_full"`
	Full   bool          `json:"full"`
}

// FillRate is Confirmed / Headcount, exact (round it only to display it).
func (f CallOutFigures) FillRate() decimal.Decimal {
	if f.Headcount == 0 {
		return decimal.Zero
	}
	return decimal.NewFromInt(int64(f.Confirmed)).Div(decimal.NewFromInt(int64(f.Headcount)))
}

// Figures derives the call-out's figures from its acknowledgements.
func (c CallOut) Figures() CallOutFigures {
	f := CallOutFigures{Headcount: c.Headcount, Invited: len(c.Invited), Acknowledged: len(c.Acks)}
	for i, a := range c.Acks {
		switch a.Status {
		case AckConfirmed:
			f.Confirmed++
		case AckWaitlisted:
			f.Waitlisted++
		case AckWithdrawn:
			f.Withdrawn++
		}
		if i == 0 {
			f.FirstAck, f.HasFirstAck = a.At.Sub(c.OpenedAt), true
		}
	}
	if !c.FullAt.IsZero() {
		f.ToFull, f.Full = c.FullAt.Sub(c.OpenedAt), true
	}
	return f
}

// CallOutFilter selects call-outs; zero fields match everything. OpenedFrom and OpenedTo
// select OpenedAt in [OpenedFrom, OpenedTo).
type CallOutFilter struct {
	Organizer  Actor
	Status     CallOutStatus
	OpenedFrom time.Time
	OpenedTo   time.Time
	Page       wushe.PageRequest
}

// Match reports whether c passes the filter: the one statement of its semantics, which
// every Store applies. Status compares the stored status.
func (f CallOutFilter) Match(c *CallOut) bool {
	return (f.Organizer == Actor{} || c.Organizer == f.Organizer) &&
		(f.Status == "" || c.Status == f.Status) &&
		(f.OpenedFrom.IsZero() || !c.OpenedAt.Before(f.OpenedFrom)) &&
		(f.OpenedTo.IsZero() || c.OpenedAt.Before(f.OpenedTo))
}
