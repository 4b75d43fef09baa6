package volunteer

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// Residents' points (积分制): any resident can hold a points account and earn for the acts a
// community rewards (taking part in an activity, volunteer service, environmental acts,
// residents' council participation, neighbourly help confirmed by grid staff) and spend
// them in the points supermarket (the catalogue). A resident is known by a pseudonymous
// reference (a wushe.Sensitive of class reference, the one the host uses for that person
// across attendance, needs and registration); the account is keyed by the reference's keyed
// index under Options.ResidentKey, so the ledger never holds the reference itself.
//
// A registered volunteer whose ResidentRef is set is that resident: their service earns into
// the same account and their balance is the resident's (one balance per person).

// ActKind is a kind of act that earns residents' points.
type ActKind string

// The act kinds the community papers reward.
const (
	ActAttendance       ActKind = "attendance"        // taking part in an activity (from its attendance)
	ActVolunteerService ActKind = "volunteer_service" // verified volunteer service (AwardPoints)
	ActEnvironment      ActKind = "environment"       // an environmental act, e.g. a garbage-sorting check passed
	ActCouncil          ActKind = "council"           // taking part in a residents' council
	ActNeighbourHelp    ActKind = "neighbour_help"    // neighbourly help, confirmed by grid staff
)

var actKinds = wushe.NewEnum("act kind", ActAttendance, ActVolunteerService, ActEnvironment, ActCouncil, ActNeighbourHelp)

// Valid reports whether k is a known act kind.
func (k ActKind) Valid() bool { return actKinds.Has(k) }

// ActRule is the earning rule of one act kind, as data.
type ActRule struct {
	// Points is what one act earns (positive).
	Points decimal.Decimal `json:"points"`
	// DailyCap and MonthlyCap cap the points a resident earns for this kind of act on one
	// calendar day and in one calendar month (in the Service's location); zero is no cap.
	// They hold under concurrent postings: the Store checks them atomically.
	DailyCap   decimal.Decimal `json:"daily_cap"`
	MonthlyCap decimal.Decimal `json:"monthly_cap"`
	// ConfirmedBy lists who may confirm an act of this kind; empty allows any organizer or an
	// admin. Neighbourly help is typically confirmed by grid staff (an organizer acting for
	// the community).
	ConfirmedBy []ActorKind `json:"confirmed_by,omitempty"`
}

// Validate checks the rule on its own.
func (r ActRule) Validate() error {
	p := wushe.Check("ActRule")
	p.Require(r.Points.IsPositive(), "Points", "must be positive")
	p.Require(!r.DailyCap.IsNegative(), "DailyCap", "is negative")
	p.Require(!r.MonthlyCap.IsNegative(), "MonthlyCap", "is negative")
	for i, k := range r.ConfirmedBy {
		requireOneOf(p, wushe.Index("ConfirmedBy", i), k, actorKinds)
	}
	return p.Err()
}

// allows reports whether by may confirm an act under the rule.
func (r ActRule) allows(by Actor) bool {
	if len(r.ConfirmedBy) == 0 {
		return by.Kind == ActorAdmin || by.Kind.Organizes()
	}
	for _, k := range r.ConfirmedBy {
		if by.Kind == k {
			return true
		}
	}
	return false
}

// Act is one rewarded act of a resident.
type Act struct {
	Kind ActKind `json:"kind"`
	// Ref identifies the act itself: the activity's ID for attendance, the check's ID for a
	// garbage-sorting check, the meeting's ID for a council. One act earns once: the pair
	// (Kind, Ref) and the resident make the posting's idempotency key.
	Ref string `json:"ref"`
	// Resident is the resident's pseudonymous reference (class reference).
	Resident wushe.Sensitive `json:"resident"`
	// At is when the act took place; it dates the posting and decides the day and month
	// the caps count it in.
	At time.Time `json:"at"`
}

// Validate checks the act on its own.
func (a Act) Validate() error {
	p := wushe.Check("Act")
	p.Add(actKinds.Check("Act", "Kind", a.Kind))
	p.Require(strings.TrimSpace(a.Ref) != "" && len(a.Ref) <= 100 && !strings.ContainsAny(a.Ref, "/ \t\n"),
		"Ref", "must be 1 to 100 characters without '/' or spaces")
	p.Nested("Resident", checkResidentRef(a.Resident))
	p.Require(!a.At.IsZero(), "At", "is required")
	return p.Err()
}

// checkResidentRef requires a non-empty reference of class reference.
func checkResidentRef(ref wushe.Sensitive) error {
	p := wushe.Check("Act")
	if ref.IsZero() {
		p.Addf("", "is required")
	} else if ref.Class() != wushe.ClassReference {
		p.Addf("", "must be a pseudonymous reference (class reference), not class %s", ref.Class())
	}
	return p.Err()
}

const (
	residentPrefix = "resident/"
	tallyPrefix    = "tally/"
	// residentDigits is how many hex digits of the keyed index name a resident account.
	residentDigits = 32
)

// residentAccount is the account of the resident whose reference has the keyed index idx.
func residentAccount(idx string) Account { return Account(residentPrefix + idx[:residentDigits]) }

// actTally is the memo account that tallies the points an account earned for one kind of
// act in one period ("2026-03-07" for a day, "2026-03" for a month): the Store's ceiling on
// it enforces the caps atomically. Nobody can spend from it.
func actTally(owner Account, kind ActKind, period string) Account {
	return Account(tallyPrefix + string(owner) + "/" + string(kind) + "/" + period)
}

// isHex reports whether s is n lower-case hex digits.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// validTally reports whether rest (after "tally/") is owner/kind/period with a resident or
// volunteer owner, a known act kind and a day or month.
func validTally(rest string) bool {
	i := strings.LastIndexByte(rest, '/')
	if i < 0 {
		return false
	}
	period := rest[i+1:]
	rest = rest[:i]
	j := strings.LastIndexByte(rest, '/')
	if j < 0 || !ActKind(rest[j+1:]).Valid() {
		return false
	}
	owner := Account(rest[:j])
	if !owner.Guarded() || !owner.Valid() {
		return false
	}
	_, dayErr := time.Parse(time.DateOnly, period)
	_, monthErr := time.Parse("2006-01", period)
	return dayErr == nil || monthErr == nil
}

// PointsFigures are the residents' points indicators for a period: who earned, and points
// earned and redeemed, in total and by act kind.
type PointsFigures struct {
	// ResidentsEarning counts the distinct accounts (residents and volunteers) that earned
	// points in the period.
	ResidentsEarning int `json:"residents_earning"`
	// Earned and Redeemed are the points earned and spent in the period; earnings taken back
	// by corrections count against Earned.
	Earned   decimal.Decimal `json:"earned"`
	Redeemed decimal.Decimal `json:"redeemed"`
	// EarnedByAct splits Earned by act kind (volunteer service for AwardPoints).
	EarnedByAct map[ActKind]decimal.Decimal `json:"earned_by_act"`
}
