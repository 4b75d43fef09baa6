package linkage

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// CaseStatus is where a case is in the case-work process.
type CaseStatus string

// The case statuses, in process order. Allowed moves (CaseStatus.CanMoveTo): one step
// forward; review back to intervention when the review finds more work to do; and any
// status that is not closed to closed (a client may end the work at any time).
const (
	CaseIntake       CaseStatus = "intake"
	CaseAssessment   CaseStatus = "assessment"
	CasePlanning     CaseStatus = "plan"
	CaseIntervention CaseStatus = "intervention"
	CaseReview       CaseStatus = "review"
	CaseClosed       CaseStatus = "closed"
)

var caseOrder = []CaseStatus{CaseIntake, CaseAssessment, CasePlanning, CaseIntervention, CaseReview, CaseClosed}

var caseStatuses = wushe.NewEnum("case status", caseOrder...)

// Valid reports whether s is a known case status.
func (s CaseStatus) Valid() bool { return caseStatuses.Has(s) }

// CanMoveTo reports whether a case may move from s to to.
func (s CaseStatus) CanMoveTo(to CaseStatus) bool {
	i, j := slices.Index(caseOrder, s), slices.Index(caseOrder, to)
	switch {
	case i < 0 || j < 0 || s == CaseClosed:
		return false
	case to == CaseClosed || j == i+1:
		return true
	}
	return s == CaseReview && to == CaseIntervention
}

// RiskLevel grades the risk to a client. Higher risk needs a more qualified worker.
type RiskLevel string

// The risk levels.
const (
	RiskLow    RiskLevel = "low"
	RiskMedium RiskLevel = "medium"
	RiskHigh   RiskLevel = "high"
)

var riskLevels = wushe.NewEnum("risk level", RiskLow, RiskMedium, RiskHigh)

// Valid reports whether r is a known risk level.
func (r RiskLevel) Valid() bool { return riskLevels.Has(r) }

// RequiredQualification is the least qualification of a worker assigned a case at risk
// level r. wushe's rule (a house default, not a statutory one): low risk needs none (the
// supervisor answers for the work), medium an assistant social worker, high a social
// worker.
func (r RiskLevel) RequiredQualification() Qualification {
	switch r {
	case RiskHigh:
		return QualificationSocial
	case RiskMedium:
		return QualificationAssistant
	}
	return QualificationNone
}

// SessionKind classifies a case session.
type SessionKind string

// The session kinds.
const (
	SessionHomeVisit   SessionKind = "home_visit"
	SessionCounselling SessionKind = "counselling"
	SessionReferral    SessionKind = "referral"
	SessionGroup       SessionKind = "group"
	SessionOther       SessionKind = "other"
)

var sessionKinds = wushe.NewEnum("session kind", SessionHomeVisit, SessionCounselling, SessionReferral, SessionGroup, SessionOther)

// Valid reports whether k is a known session kind.
func (k SessionKind) Valid() bool { return sessionKinds.Has(k) }

// Basis is the legal basis for disclosing case information to someone other than the
// assigned worker and the supervisor (PIPL Art 13; NASW 1.07; STANDARDS.md §7.2).
type Basis string

// The disclosure bases.
const (
	// BasisConsent: the client (or guardian) consented to this recipient seeing the data.
	BasisConsent Basis = "consent"
	// BasisImminentHarm: disclosure prevents serious, foreseeable and imminent harm to the
	// client or others.
	BasisImminentHarm Basis = "imminent_harm"
	// BasisStatutoryDuty: a law requires the disclosure (e.g. mandatory reporting).
	BasisStatutoryDuty Basis = "statutory_duty"
)

var bases = wushe.NewEnum("legal basis", BasisConsent, BasisImminentHarm, BasisStatutoryDuty)

// Valid reports whether b is a known basis.
func (b Basis) Valid() bool { return bases.Has(b) }

// BreakGlass reports whether b discloses without the client's consent (imminent harm, a
// statutory duty): such a disclosure needs a stated reason and the supervisor's review.
func (b Basis) BreakGlass() bool { return b == BasisImminentHarm || b == BasisStatutoryDuty }

// Consent scopes: what a consent covers.
const (
	// ScopeService is consent to receive case-work services and to have the case file
	// processed by the assigned worker and supervisor. OpenCase requires it.
	ScopeService = "service"
	// ScopeNotes is consent to disclose session notes to the consent's recipient.
	ScopeNotes = "notes"
)

// Client describes a case's client without identifying them: a pseudonymous reference the
// host resolves elsewhere, and sensitive attributes that print masked.
type Client struct {
	// Ref is the pseudonymous client reference (ClassReference).
	Ref wushe.Sensitive `json:"ref"`
	// Health, Disability and LowIncome hold the client's health, disability and
	// low-income status, if recorded (ClassHealth, ClassDisability, ClassLowIncome).
	Health     wushe.Sensitive `json:"health"`
	Disability wushe.Sensitive `json:"disability"`
	LowIncome  wushe.Sensitive `json:"low_income"`
	// BirthDate is the birth date as YYYY-MM-DD (ClassBirthDate); a client under 14
	// needs a guardian's consent (PIPL Art 31).
	BirthDate wushe.Sensitive `json:"birth_date"`
	// Minor marks a client under 14 when the birth date is not recorded.
	Minor bool `json:"minor"`
}

// Consent records a consent given for a case.
type Consent struct {
	ID uuid.UUID `json:"id"`
	// GivenBy says who consented: "client" or "guardian" (required for a minor client).
	GivenBy string `json:"given_by"`
	// Recipient is who may receive the data under this consent; empty for a consent to
	// the service itself (ScopeService).
	Recipient string `json:"recipient,omitempty"`
	// Scope lists what the consent covers: ScopeService, ScopeNotes, or other field names.
	Scope       []string  `json:"scope"`
	Purpose     string    `json:"purpose"`
	At          time.Time `json:"at"`
	WithdrawnAt time.Time `json:"withdrawn_at,omitzero"`
}

// Validate reports every problem with the consent.
func (c Consent) Validate() error {
	p := wushe.Check("Consent")
	p.Require(c.ID != uuid.Nil, "ID", "is required")
	p.Require(c.GivenBy == "client" || c.GivenBy == "guardian", "GivenBy", "must be client or guardian")
	p.Require(len(c.Scope) > 0, "Scope", "needs at least one entry")
	p.Require(strings.TrimSpace(c.Purpose) != "", "Purpose", "is required")
	p.Require(!c.At.IsZero(), "At", "is required")
	p.Require(c.WithdrawnAt.IsZero() || !c.WithdrawnAt.Before(c.At), "WithdrawnAt", "is before the consent was given")
	return p.Err()
}

// Covers reports whether the consent, at time at, lets recipient receive scope: given by
// then, not withdrawn by then, naming the recipient (empty matches only an empty
// recipient) and listing the scope.
func (c Consent) Covers(recipient, scope string, at time.Time) bool {
	return !c.At.After(at) && (c.WithdrawnAt.IsZero() || c.WithdrawnAt.After(at)) &&
		c.Recipient == recipient && slices.Contains(c.Scope, scope)
}

// CasePlan is the agreed service plan.
type CasePlan struct {
	Goals []string `json:"goals,omitempty"`
	// Text is the plan's narrative (ClassCaseNote).
	Text wushe.Sensitive `json:"text"`
}

// Session is one piece of case work.
type Session struct {
	At     time.Time   `json:"at"`
	Kind   SessionKind `json:"kind"`
	Worker uuid.UUID   `json:"worker"`
	// Notes are the session notes (ClassCaseNote); only ReadCaseNotes reveals them.
	Notes    wushe.Sensitive `json:"notes"`
	Duration time.Duration   `json:"duration"`
}

// Validate reports every problem with the session.
func (s Session) Validate() error {
	p := wushe.Check("Session")
	p.Require(!s.At.IsZero(), "At", "is required")
	p.Require(s.Kind.Valid(), "Kind", sessionKinds.Problem(s.Kind))
	p.Require(s.Worker != uuid.Nil, "Worker", "is required")
	p.Require(s.Notes.IsZero() || s.Notes.Class() == wushe.ClassCaseNote, "Notes", "must be of class case_note")
	p.Require(s.Duration >= 0, "Duration", "cannot be negative")
	return p.Err()
}

// Disclosure records that case information left the worker and supervisor: who released
// it, to whom, why, on what basis and which fields.
type Disclosure struct {
	At time.Time `json:"at"`
	// By is who released the data: the custodian (the assigned worker's ID).
	By string `json:"by"`
	// To is the recipient.
	To      string   `json:"to"`
	Purpose string   `json:"purpose"`
	Basis   Basis    `json:"basis"`
	Fields  []string `json:"fields"`
	// Reason states the facts that justify a break-glass disclosure (Basis.BreakGlass):
	// the harm foreseen, or the law and article that require it. Empty for consent.
	Reason string `json:"reason,omitempty"`
	// NeedsReview flags a break-glass disclosure for the case supervisor's review;
	// ReviewedBy, ReviewedAt and ReviewNote record the review (Service.ReviewDisclosure).
	NeedsReview bool      `json:"needs_review,omitempty"`
	ReviewedBy  uuid.UUID `json:"reviewed_by,omitzero"`
	ReviewedAt  time.Time `json:"reviewed_at,omitzero"`
	ReviewNote  string    `json:"review_note,omitempty"`
}

// AwaitsReview reports whether the disclosure is flagged for review and not yet reviewed.
func (d Disclosure) AwaitsReview() bool { return d.NeedsReview && d.ReviewedAt.IsZero() }

// Validate reports every problem with the disclosure record.
func (d Disclosure) Validate() error {
	p := wushe.Check("Disclosure")
	p.Require(!d.At.IsZero(), "At", "is required")
	p.Require(strings.TrimSpace(d.By) != "", "By", "is required")
	p.Require(strings.TrimSpace(d.To) != "", "To", "is required")
	p.Require(strings.TrimSpace(d.Purpose) != "", "Purpose", "is required")
	p.Require(d.Basis.Valid(), "Basis", bases.Problem(d.Basis))
	p.Require(len(d.Fields) > 0, "Fields", "needs at least one field")
	p.Require(!d.NeedsReview || strings.TrimSpace(d.Reason) != "", "Reason", "a disclosure flagged for review states its reason")
	reviewed := !d.ReviewedAt.IsZero()
	p.Require(reviewed == (d.ReviewedBy != uuid.Nil), "ReviewedBy", "is set exactly when ReviewedAt is")
	p.Require(!reviewed || d.NeedsReview, "NeedsReview", "only a flagged disclosure is reviewed")
	p.Require(!reviewed || strings.TrimSpace(d.ReviewNote) != "", "ReviewNote", "a review states its conclusion")
	return p.Err()
}

// Case is a case-work file (个案档案). Everything that identifies or describes the client
// is sensitive and prints masked; session notes are revealed only through
// Service.ReadCaseNotes, which checks entitlement and logs every disclosure.
//
// Required: Community, Client.Ref (class reference) and Worker (an active worker of the
// community with the qualification Risk needs). OpenCase fills in ID (when nil), Status
// (intake), Risk (low, when empty), OpenedAt, each consent's ID and At when empty, Version,
// CreatedAt and UpdatedAt; AddSession, RecordConsent, AdvanceCase and the disclosures fill in
// the rest.
type Case struct {
	ID        uuid.UUID `json:"id"`
	Community uuid.UUID `json:"community"`
	Client    Client    `json:"client"`
	// Worker is the assigned social worker; Supervisor the supervising one (optional).
	Worker     uuid.UUID `json:"worker"`
	Supervisor uuid.UUID `json:"supervisor,omitzero"`
	// Household is an opaque reference to the client's household, for continuity of
	// service across cases.
	Household   string       `json:"household,omitempty"`
	Consents    []Consent    `json:"consents"`
	Plan        CasePlan     `json:"plan"`
	Sessions    []Session    `json:"sessions,omitempty"`
	Status      CaseStatus   `json:"status"`
	Risk        RiskLevel    `json:"risk"`
	Disclosures []Disclosure `json:"disclosures,omitempty"`
	OpenedAt    time.Time    `json:"opened_at"`
	ClosedAt    time.Time    `json:"closed_at,omitzero"`
	Version     int64        `json:"version"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// Validate reports every problem with the case.
func (c Case) Validate() error {
	p := wushe.Check("Case")
	if !p.CheckValues(c) {
		return p.Err()
	}
	p.Require(c.Community != uuid.Nil, "Community", "is required")
	p.Require(!c.Client.Ref.IsZero(), "Client.Ref", "is required")
	p.Require(c.Client.Ref.IsZero() || c.Client.Ref.Class() == wushe.ClassReference, "Client.Ref", "must be of class reference")
	p.Require(c.Worker != uuid.Nil, "Worker", "is required")
	p.Require(c.Supervisor == uuid.Nil || c.Supervisor != c.Worker, "Supervisor", "cannot be the assigned worker")
	for i, cs := range c.Consents {
		p.Nested(wushe.Index("Consents", i), cs.Validate())
	}
	for i, s := range c.Sessions {
		p.Nested(wushe.Index("Sessions", i), s.Validate())
	}
	p.Require(c.Status.Valid(), "Status", caseStatuses.Problem(c.Status))
	p.Require(c.Risk.Valid(), "Risk", riskLevels.Problem(c.Risk))
	for i, d := range c.Disclosures {
		p.Nested(wushe.Index("Disclosures", i), d.Validate())
	}
	p.Require(!c.OpenedAt.IsZero(), "OpenedAt", "is required")
	p.Require((c.Status == CaseClosed) == !c.ClosedAt.IsZero(), "ClosedAt", "is set exactly when the case is closed")
	return p.Err()
}

// AwaitingReview lists the indices in Disclosures of the break-glass disclosures the
// supervisor has not reviewed yet, in log order.
func (c Case) AwaitingReview() []int {
	var out []int
	for i, d := range c.Disclosures {
		if d.AwaitsReview() {
			out = append(out, i)
		}
	}
	return out
}

// Consented reports whether an unwithdrawn consent at time at covers recipient and scope.
func (c Case) Consented(recipient, scope string, at time.Time) bool {
	return slices.ContainsFunc(c.Consents, func(cs Consent) bool { return cs.Covers(recipient, scope, at) })
}
