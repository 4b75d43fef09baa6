package volunteer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// Volunteer is a registered volunteer (志愿者): the personal block of an Order 67 record
// (Art 5) plus what matching needs (skills, availability, location) and what the rules
// check (guardian consent, insurance).
//
// Required: Name and IDNumber. Service.Register fills in ID (when nil), Number,
// RegisteredOn (when zero), Status (active, when empty), Version and the timestamps, and
// derives BirthDate and Gender from the ID number when they are left empty; given ones
// must agree with it. Everything else is optional.
//
// Personal data is held in the kernel's masked types. A volunteer under 14 is a child whose
// whole record is sensitive (PIPL Art 28): String, fmt and JSON then show only the ID, the
// volunteer number, the status and the community. For adults they never show the birth
// date either (the ID number's mask hides it too). JSON is therefore a display form; a
// Store adapter persists the fields one by one (Reveal with wushe.StorageEntitlement).
type Volunteer struct {
	ID      uuid.UUID `json:"id"`
	Version int64     `json:"version"`
	// Number is the public volunteer number (志愿者编号), see NewVolunteerNumber. It is
	// what certificates and lists show; the ID number never is.
	Number    string           `json:"number"`
	Name      wushe.PersonName `json:"name"`
	Gender    Gender           `json:"gender"`
	BirthDate time.Time        `json:"birth_date"`
	IDNumber  wushe.IDNumber   `json:"id_number"`
	Phone     wushe.Phone      `json:"phone"`
	// CommunityID and GridID place the volunteer in a community and one of its grids
	// (uuid.Nil when unknown). To this package they are opaque references for filtering
	// and matching: it keeps no communities. The Service checks CommunityID only through
	// Options.Communities (linkage.CommunityChecker, or the host's own); without it the
	// host checks both against the communities it keeps before Register and
	// UpdateVolunteer. linkage imports this package, never the other way round.
	CommunityID uuid.UUID `json:"community_id"`
	GridID      uuid.UUID `json:"grid_id,omitzero"`
	// Home is the home location used for distance; HasHome says whether it is set.
	Home    wushe.Point `json:"home"`
	HasHome bool        `json:"has_home"`
	Skills  []Skill     `json:"skills,omitempty"`
	// Languages are language or dialect tags ("zh", "yue", "en", "sgn" for sign language).
	Languages    []string     `json:"languages,omitempty"`
	Availability Availability `json:"availability"`
	// MaxWeeklyMinutes caps the minutes of shifts per ISO week (0: no cap).
	MaxWeeklyMinutes int         `json:"max_weekly_minutes,omitempty"`
	Teams            []uuid.UUID `json:"teams,omitempty"`
	// ResidentRef is the volunteer's pseudonymous reference as a resident (class
	// reference), the one the host uses for the same person in attendance, needs and
	// residents' points. When set, the volunteer's points live in that resident's account
	// (one balance per person; it needs Options.ResidentKey). Optional.
	ResidentRef  wushe.Sensitive `json:"-"`
	RegisteredOn time.Time       `json:"registered_on"`
	Status       Status          `json:"status"`
	// LimitedCapacity marks a person of limited civil capacity (民法典 Arts 19-22), whom
	// some profiles allow to serve only with a guardian's consent.
	LimitedCapacity bool `json:"limited_capacity,omitempty"`
	// OwnLabourIncome records that the volunteer lives mainly on their own labour income.
	// From 16 that gives full civil capacity (民法典 Art 18 ¶2): no guardian's consent is
	// needed, though the volunteer is still a minor for the risk rules.
	OwnLabourIncome bool             `json:"own_labour_income,omitempty"`
	Consent         *GuardianConsent `json:"guardian_consent,omitempty"`
	Insurance       *Insurance       `json:"insurance,omitempty"`
	CreatedAt       time.Time        `json:"created_at"`
	UpdatedAt       time.Time        `json:"updated_at"`
}

// Skill is a named skill with a level from 1 (beginner) to 5 (expert).
type Skill struct {
	Name  string `json:"name"`
	Level int    `json:"level"`
}

// Validate checks the name and the level.
func (s Skill) Validate() error {
	p := wushe.Check("Skill")
	p.Require(strings.TrimSpace(s.Name) != "", "Name", "is required")
	p.Require(s.Level >= 1 && s.Level <= 5, "Level", fmt.Sprintf("%d is not in [1, 5]", s.Level))
	return p.Err()
}

// GuardianConsent records a guardian's consent for a minor or a person of limited capacity:
// who gave it, when, and for which themes (empty Scope: every theme).
type GuardianConsent struct {
	Guardian wushe.PersonName `json:"guardian"`
	Relation Relation         `json:"relation"`
	Phone    wushe.Phone      `json:"phone"`
	GivenAt  time.Time        `json:"given_at"`
	Scope    []Theme          `json:"scope,omitempty"`
}

// Validate checks that the guardian, relation and time are set and the scope's themes are
// valid.
func (c GuardianConsent) Validate() error {
	p := wushe.Check("GuardianConsent")
	p.Require(!c.Guardian.IsZero(), "Guardian", "is required")
	requireOneOf(p, "Relation", c.Relation, relations)
	p.Require(!c.GivenAt.IsZero(), "GivenAt", "is required")
	for i, t := range c.Scope {
		requireTheme(p, wushe.Index("Scope", i), t)
	}
	return p.Err()
}

// Covers reports whether the consent was given by at and its scope includes theme.
func (c GuardianConsent) Covers(theme Theme, at time.Time) bool {
	if c.GivenAt.After(at) {
		return false
	}
	if len(c.Scope) == 0 {
		return true
	}
	for _, t := range c.Scope {
		if t == theme {
			return true
		}
	}
	return false
}

// Insurance is a personal accident-insurance policy valid over [From, To).
type Insurance struct {
	Policy  string    `json:"policy"`
	Insurer string    `json:"insurer,omitempty"`
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
}

// Validate checks the policy number and the validity window.
func (in Insurance) Validate() error {
	p := wushe.Check("Insurance")
	p.Require(strings.TrimSpace(in.Policy) != "", "Policy", "is required")
	p.Nested("", wushe.Window{Start: in.From, End: in.To}.Validate())
	return p.Err()
}

// Covers reports whether the policy is valid for the whole of w.
func (in Insurance) Covers(w wushe.Window) bool {
	return wushe.Window{Start: in.From, End: in.To}.Covers(w)
}

// Validate checks every field of the volunteer and reports every problem. The birth date
// must agree with the ID number's, and the gender with its sequence code.
func (v Volunteer) Validate() error {
	p := wushe.Check("Volunteer")
	if !p.CheckValues(v) {
		return p.Err()
	}
	p.Require(v.ID != uuid.Nil, "ID", "is required")
	if err := ValidateVolunteerNumber(v.Number); err != nil {
		p.Nested("Number", unfield(err))
	}
	p.Require(!v.Name.IsZero(), "Name", "is required")
	requireOneOf(p, "Gender", v.Gender, genders)
	p.Require(!v.BirthDate.IsZero(), "BirthDate", "is required")
	if p.Require(!v.IDNumber.IsZero(), "IDNumber", "is required") {
		if !v.BirthDate.IsZero() && !sameDate(v.BirthDate, v.IDNumber.BirthDate()) {
			p.Addf("BirthDate", "does not agree with the ID number's birth date")
		}
		if v.Gender.Valid() && (v.Gender == GenderMale) != v.IDNumber.Male() {
			p.Addf("Gender", "does not agree with the ID number's sequence code")
		}
	}
	if v.HasHome {
		p.Nested("Home", v.Home.Validate())
	}
	for i, s := range v.Skills {
		p.Nested(wushe.Index("Skills", i), s.Validate())
	}
	for i, l := range v.Languages {
		p.Require(strings.TrimSpace(l) != "", wushe.Index("Languages", i), "is empty")
	}
	p.Nested("Availability", v.Availability.Validate())
	p.Require(v.MaxWeeklyMinutes >= 0 && v.MaxWeeklyMinutes <= 7*24*60, "MaxWeeklyMinutes",
		fmt.Sprintf("%d is not in [0, 10080]", v.MaxWeeklyMinutes))
	for i, t := range v.Teams {
		p.Require(t != uuid.Nil, wushe.Index("Teams", i), "is the nil UUID")
	}
	p.Require(!v.RegisteredOn.IsZero(), "RegisteredOn", "is required")
	if !v.RegisteredOn.IsZero() && !v.BirthDate.IsZero() {
		p.Require(!v.RegisteredOn.Before(v.BirthDate), "RegisteredOn", "is before the birth date")
	}
	requireOneOf(p, "Status", v.Status, statuses)
	if v.Consent != nil {
		p.Nested("Consent", v.Consent.Validate())
	}
	if v.Insurance != nil {
		p.Nested("Insurance", v.Insurance.Validate())
	}
	return p.Err()
}

// unfield strips the field of a kernel error so that Nested can re-root it.
func unfield(err error) error {
	if e, ok := err.(*wushe.Error); ok {
		cp := *e
		cp.Field = ""
		return &cp
	}
	return err
}

func sameDate(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// AgeOn is the volunteer's age in whole years on day.
func (v Volunteer) AgeOn(day time.Time) int { return wushe.AgeOn(v.BirthDate, day) }

// FillFromIDNumber sets BirthDate and Gender from the ID number where they are empty (a
// valid ID number encodes both: GB 11643 birth date and the sequence code's parity). Given
// values are kept; Validate then refuses any that disagree with the number.
func (v *Volunteer) FillFromIDNumber() {
	if v.IDNumber.IsZero() {
		return
	}
	if v.BirthDate.IsZero() {
		v.BirthDate = v.IDNumber.BirthDate()
	}
	if v.Gender == "" {
		v.Gender = GenderFemale
		if v.IDNumber.Male() {
			v.Gender = GenderMale
		}
	}
}

// SkillLevel returns the level of the named skill, or 0 when the volunteer lacks it.
func (v Volunteer) SkillLevel(name string) int { return skillLevel(v.Skills, name) }

// skillLevel is the level of the named skill among skills, 0 when absent.
func skillLevel(skills []Skill, name string) int {
	best := 0
	for _, s := range skills {
		if s.Name == name && s.Level > best {
			best = s.Level
		}
	}
	return best
}

// InTeam reports whether the volunteer belongs to team.
func (v Volunteer) InTeam(team uuid.UUID) bool {
	for _, t := range v.Teams {
		if t == team {
			return true
		}
	}
	return false
}

// IsChild reports whether the record is a child's (under wushe.ChildAge), judged on the
// date the record was last saved (UpdatedAt, else RegisteredOn). A record with neither
// date, or without a birth date, is treated as a child's: masking too much is the safe
// error.
func (v Volunteer) IsChild() bool {
	ref := v.UpdatedAt
	if ref.IsZero() {
		ref = v.RegisteredOn
	}
	if ref.IsZero() || v.BirthDate.IsZero() {
		return true
	}
	return wushe.IsChild(v.BirthDate, ref)
}

// volunteerView is the display form JSON and fmt use.
type volunteerView struct {
	ID               uuid.UUID         `json:"id"`
	Version          int64             `json:"version"`
	Number           string            `json:"number"`
	Child            bool              `json:"child,omitempty"`
	Name             *wushe.PersonName `json:"name,omitempty"`
	Gender           Gender            `json:"gender,omitempty"`
	BirthYear        int               `json:"birth_year,omitempty"`
	IDNumber         *wushe.IDNumber   `json:"id_number,omitempty"`
	Phone            *wushe.Phone      `json:"phone,omitempty"`
	CommunityID      uuid.UUID         `json:"community_id"`
	GridID           uuid.UUID         `json:"grid_id,omitzero"`
	Skills           []Skill           `json:"skills,omitempty"`
	Languages        []string          `json:"languages,omitempty"`
	MaxWeeklyMinutes int               `json:"max_weekly_minutes,omitempty"`
	Teams            []uuid.UUID       `json:"teams,omitempty"`
	RegisteredOn     *time.Time        `json:"registered_on,omitempty"`
	Status           Status            `json:"status"`
	HasConsent       bool              `json:"has_guardian_consent,omitempty"`
	Insured          bool              `json:"insured,omitempty"`
}

func (v Volunteer) view() volunteerView {
	out := volunteerView{ID: v.ID, Version: v.Version, Number: v.Number, CommunityID: v.CommunityID, Status: v.Status}
	if v.IsChild() {
		out.Child = true
		return out
	}
	out.Name, out.Gender, out.IDNumber, out.Phone = &v.Name, v.Gender, &v.IDNumber, &v.Phone
	out.BirthYear = v.BirthDate.Year()
	out.GridID, out.Skills, out.Languages, out.Teams = v.GridID, v.Skills, v.Languages, v.Teams
	out.MaxWeeklyMinutes = v.MaxWeeklyMinutes
	out.RegisteredOn = &v.RegisteredOn
	out.HasConsent, out.Insured = v.Consent != nil, v.Insurance != nil
	return out
}

// MarshalJSON encodes the display form: masked personal data, the birth year instead of
// the birth date, no home location, availability, consent or policy details; for a child
// only the ID, number, status and community, with "child": true.
func (v Volunteer) MarshalJSON() ([]byte, error) { return json.Marshal(v.view()) }

// String renders the display form, e.g. "Volunteer V2024-00A1B2C3D4E5-7 张* active".
// A child's record shows only the number and status.
func (v Volunteer) String() string {
	if v.IsChild() {
		return fmt.Sprintf("Volunteer %s (child record, masked) %s", v.Number, v.Status)
	}
	return fmt.Sprintf("Volunteer %s %s %s", v.Number, v.Name.Masked(), v.Status)
}

// Format prints String for every verb, so that %v, %+v and %#v never print the clear
// birth date, home location or a child's details.
func (v Volunteer) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", v.String())
		return
	}
	fmt.Fprint(f, v.String())
}

// Volunteer numbers have the form "V" + four-digit registration year + "-" + 12 upper-case
// hex digits + "-" + one check character: "V2024-3F9A0C11B2D4-K". The 12 digits are the
// first 48 bits of SHA-256 over the volunteer's ID, so the Service derives the number
// deterministically from its IDSource; the check character is the weighted sum mod 36 (in
// 0-9A-Z) of the first 18 characters, with weights coprime to 36 so that any single changed
// character is caught. A number is never an ID number: it starts with a letter
// and has 20 characters.
const volunteerNumberLen = 20

const base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// NewVolunteerNumber returns the volunteer number for a volunteer with id registered in
// year (see the format above).
func NewVolunteerNumber(id uuid.UUID, year int) string {
	sum := sha256.Sum256(id[:])
	body := fmt.Sprintf("V%04d-%s", year%10000, strings.ToUpper(hex.EncodeToString(sum[:6])))
	return body + "-" + string(numberCheck(body))
}

func numberCheck(body string) byte {
	// Weights coprime to 36, so that changing any one character changes the check.
	weights := [...]int{1, 5, 7, 11, 13, 17, 19, 23, 25, 29, 31, 35}
	total := 0
	for i := 0; i < len(body); i++ {
		total += strings.IndexByte(base36, body[i]) * weights[i%len(weights)]
	}
	if total < 0 {
		total = -total
	}
	return base36[total%36]
}

// ValidateVolunteerNumber checks s against the volunteer-number format and its check
// character, and returns a KindInvalid error naming Number when it does not fit.
func ValidateVolunteerNumber(s string) error {
	const entity, field = "VolunteerNumber", "Number"
	if len(s) != volunteerNumberLen {
		return wushe.Invalid(entity, field, "has %d bytes, want %d", len(s), volunteerNumberLen)
	}
	if s[0] != 'V' || s[5] != '-' || s[18] != '-' {
		return wushe.Invalid(entity, field, "does not have the form VYYYY-XXXXXXXXXXXX-C")
	}
	if _, err := strconv.Atoi(s[1:5]); err != nil || strings.ContainsAny(s[1:5], "+-") {
		return wushe.Invalid(entity, field, "characters 2-5 are not a year")
	}
	for i := 6; i < 18; i++ {
		if !strings.ContainsRune("0123456789ABCDEF", rune(s[i])) {
			return wushe.Invalid(entity, field, "character %d is not an upper-case hex digit", i+1)
		}
	}
	if want := numberCheck(s[:18]); s[19] != want {
		return wushe.Invalid(entity, field, "check character does not match characters 1-18")
	}
	return nil
}
