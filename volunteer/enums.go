package volunteer

import (
	"regexp"

	"github.com/wushe/wushe"
)

// requireOneOf records a problem with field unless v is one of e's values; the message
// lists them (wushe.Enum.Check).
func requireOneOf[T ~string](p *wushe.Problems, field string, v T, e wushe.Enum[T]) {
	if !e.Has(v) {
		p.Nested(field, unfield(e.Check("", field, v)))
	}
}

// Status is a volunteer's registration status.
type Status string

// The registration statuses. Only an active volunteer may sign up or earn points.
const (
	StatusActive       Status = "active"
	StatusSuspended    Status = "suspended"
	StatusDeregistered Status = "deregistered"
)

var statuses = wushe.NewEnum("volunteer status", StatusActive, StatusSuspended, StatusDeregistered)

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return statuses.Has(s) }

// Gender is recorded as Order 67 Art 5 asks (性别).
type Gender string

// The genders.
const (
	GenderFemale Gender = "female"
	GenderMale   Gender = "male"
)

var genders = wushe.NewEnum("gender", GenderFemale, GenderMale)

// Valid reports whether g is a known gender.
func (g Gender) Valid() bool { return genders.Has(g) }

// RiskLevel grades how dangerous an activity is. Levels are ordered: low < medium < high <
// emergency (抢险救灾 and similar).
type RiskLevel string

// The risk levels, in increasing order.
const (
	RiskLow       RiskLevel = "low"
	RiskMedium    RiskLevel = "medium"
	RiskHigh      RiskLevel = "high"
	RiskEmergency RiskLevel = "emergency"
)

var riskLevels = wushe.NewEnum("risk level", RiskLow, RiskMedium, RiskHigh, RiskEmergency)

// Rank is the level's position in the order, 1 (low) to 4 (emergency), or 0 for an unknown
// level.
func (r RiskLevel) Rank() int {
	switch r {
	case RiskLow:
		return 1
	case RiskMedium:
		return 2
	case RiskHigh:
		return 3
	case RiskEmergency:
		return 4
	}
	return 0
}

// Valid reports whether r is a known level.
func (r RiskLevel) Valid() bool { return riskLevels.Has(r) }

// AtLeast reports whether r is at or above o in the order. An unknown level is below all.
func (r RiskLevel) AtLeast(o RiskLevel) bool { return r.Rank() >= o.Rank() && o.Rank() > 0 }

// Theme names the subject of an activity or a team. Themes are open-ended: any lower-case
// identifier of letters, digits and underscores, 1 to 64 characters, is valid. The
// constants are the themes the domain names most often.
type Theme string

// Common themes.
const (
	ThemeAntiFraud          Theme = "anti_fraud"          // 反诈宣传
	ThemeEpidemicPrevention Theme = "epidemic_prevention" // 疫情防控
	ThemeDrugPrevention     Theme = "drug_prevention"     // 禁毒宣传
	ThemeElderlyCare        Theme = "elderly_care"        // 为老服务
	ThemeEmergencyRescue    Theme = "emergency_rescue"    // 抢险救灾
	ThemeEnvironment        Theme = "environment"         // 环境保护
	ThemeEducation          Theme = "education"           // 助学
)

var themePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// Valid reports whether t is a lower-case identifier starting with a letter.
func (t Theme) Valid() bool { return themePattern.MatchString(string(t)) }

// requireTheme records a problem with field unless t is a valid theme; themes are open,
// so the message states the form and gives the common ones as examples.
func requireTheme(p *wushe.Problems, field string, t Theme) {
	if !t.Valid() {
		p.Addf(field, "%q is not a theme; want a lower-case identifier of letters, digits and underscores, "+
			"starting with a letter, at most 64 characters (e.g. %s, %s, %s)", string(t), ThemeAntiFraud, ThemeElderlyCare, ThemeEducation)
	}
}

// ActorKind says what kind of party acts: a volunteer, or an organizer of one of four
// kinds, or an administrator of the platform.
type ActorKind string

// The actor kinds. Community, organization, project and unit are the organizer kinds.
const (
	ActorVolunteer    ActorKind = "volunteer"
	ActorCommunity    ActorKind = "community"    // 居委会/村委会
	ActorOrganization ActorKind = "organization" // 志愿服务组织 or community social organization
	ActorProject      ActorKind = "project"      // a purchased social-work service project
	ActorUnit         ActorKind = "unit"         // an employer or public-service body
	ActorAdmin        ActorKind = "admin"        // a platform administrator
)

var actorKinds = wushe.NewEnum("actor kind", ActorVolunteer, ActorCommunity, ActorOrganization, ActorProject, ActorUnit, ActorAdmin)

// Valid reports whether k is a known kind.
func (k ActorKind) Valid() bool { return actorKinds.Has(k) }

// Organizes reports whether k is one of the organizer kinds (community, organization,
// project, unit).
func (k ActorKind) Organizes() bool {
	return k == ActorCommunity || k == ActorOrganization || k == ActorProject || k == ActorUnit
}

// OpportunityStatus is where a recruitment post is in its life.
type OpportunityStatus string

// The opportunity statuses. Only a published opportunity takes sign-ups.
const (
	OpportunityDraft     OpportunityStatus = "draft"
	OpportunityPublished OpportunityStatus = "published"
	OpportunityClosed    OpportunityStatus = "closed"
	OpportunityCancelled OpportunityStatus = "cancelled"
)

var opportunityStatuses = wushe.NewEnum("opportunity status", OpportunityDraft, OpportunityPublished, OpportunityClosed, OpportunityCancelled)

// Valid reports whether s is a known status.
func (s OpportunityStatus) Valid() bool { return opportunityStatuses.Has(s) }

// Recurrence says whether an opportunity's shifts repeat.
type Recurrence string

// The recurrences. A weekly opportunity repeats every shift every 7 days (same local clock
// time) until its RepeatUntil.
const (
	RecurrenceNone   Recurrence = "none"
	RecurrenceWeekly Recurrence = "weekly"
)

var recurrences = wushe.NewEnum("recurrence", RecurrenceNone, RecurrenceWeekly)

// Valid reports whether r is a known recurrence.
func (r Recurrence) Valid() bool { return recurrences.Has(r) }

// EnrolmentStatus is where a sign-up is: waitlisted > confirmed > checked_in > completed,
// or no_show, or cancelled.
type EnrolmentStatus string

// The enrolment statuses. A waitlisted enrolment is on the shift's waitlist (its stored
// value is "applied": it applied and holds no place yet); confirmed, checked_in and
// completed enrolments hold a place.
const (
	EnrolmentWaitlisted EnrolmentStatus = "applied"
	EnrolmentConfirmed  EnrolmentStatus = "confirmed"
	EnrolmentCheckedIn  EnrolmentStatus = "checked_in"
	EnrolmentCompleted  EnrolmentStatus = "completed"
	EnrolmentNoShow     EnrolmentStatus = "no_show"
	EnrolmentCancelled  EnrolmentStatus = "cancelled"
)

// EnrolmentApplied is the former name of EnrolmentWaitlisted.
//
// Deprecated: use EnrolmentWaitlisted; this alias goes in a later version.
const EnrolmentApplied = EnrolmentWaitlisted

var enrolmentStatuses = wushe.NewEnum("enrolment status", EnrolmentWaitlisted, EnrolmentConfirmed, EnrolmentCheckedIn, EnrolmentCompleted,
	EnrolmentNoShow, EnrolmentCancelled)

// Valid reports whether s is a known status.
func (s EnrolmentStatus) Valid() bool { return enrolmentStatuses.Has(s) }

// describe names the status for messages: "waitlisted" for the stored "applied".
func (s EnrolmentStatus) describe() string {
	if s == EnrolmentWaitlisted {
		return "waitlisted"
	}
	return string(s)
}

// HoldsPlace reports whether an enrolment in status s occupies one of the shift's places:
// confirmed, checked in or completed.
func (s EnrolmentStatus) HoldsPlace() bool {
	return s == EnrolmentConfirmed || s == EnrolmentCheckedIn || s == EnrolmentCompleted
}

// Open reports whether the enrolment can still change: waitlisted, confirmed or checked in.
func (s EnrolmentStatus) Open() bool {
	return s == EnrolmentWaitlisted || s == EnrolmentConfirmed || s == EnrolmentCheckedIn
}

// RecordStatus is the verification state of a service record.
type RecordStatus string

// The record statuses. Only verified records count towards hours, stars, points and
// certificates.
const (
	RecordPending  RecordStatus = "pending"
	RecordVerified RecordStatus = "verified"
	RecordRejected RecordStatus = "rejected"
)

var recordStatuses = wushe.NewEnum("record status", RecordPending, RecordVerified, RecordRejected)

// Valid reports whether s is a known status.
func (s RecordStatus) Valid() bool { return recordStatuses.Has(s) }

// EntryKind classifies a ledger transaction.
type EntryKind string

// The ledger transaction kinds.
const (
	KindEarn     EntryKind = "earn"     // points for verified service
	KindRedeem   EntryKind = "redeem"   // points spent on a catalogue item
	KindTransfer EntryKind = "transfer" // points given to a family member
	KindExpire   EntryKind = "expire"   // points removed by the expiry policy
	KindPenalty  EntryKind = "penalty"  // points removed for a no-show
	KindAdjust   EntryKind = "adjust"   // a manual correction by an administrator
)

var entryKinds = wushe.NewEnum("transaction kind", KindEarn, KindRedeem, KindTransfer, KindExpire, KindPenalty, KindAdjust)

// Valid reports whether k is a known kind.
func (k EntryKind) Valid() bool { return entryKinds.Has(k) }

// Relation is a family relation, which a points transfer must name.
type Relation string

// The family relations a transfer may name (spouse and direct relatives, as the Nanjing
// and Beijing time banks allow).
const (
	RelationSpouse      Relation = "spouse"
	RelationParent      Relation = "parent"
	RelationChild       Relation = "child"
	RelationGrandparent Relation = "grandparent"
	RelationGrandchild  Relation = "grandchild"
	RelationSibling     Relation = "sibling"
)

var relations = wushe.NewEnum("relation", RelationSpouse, RelationParent, RelationChild, RelationGrandparent, RelationGrandchild, RelationSibling)

// Valid reports whether r is a known relation.
func (r Relation) Valid() bool { return relations.Has(r) }
