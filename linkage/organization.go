package linkage

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// ActivityField is one of the five fields of activity in the Ministry of Civil Affairs'
// 2017 definition of community social organizations (民发〔2017〕191号).
type ActivityField string

// The five fields.
const (
	FieldResidentServices   ActivityField = "resident_services"     // 为民服务
	FieldCharity            ActivityField = "charity"               // 公益慈善
	FieldMutualAid          ActivityField = "mutual_aid"            // 邻里互助
	FieldCultureSport       ActivityField = "culture_sport"         // 文体娱乐
	FieldRuralProductionTec ActivityField = "rural_production_tech" // 农村生产技术服务
)

var activityFields = wushe.NewEnum("field of activity", FieldResidentServices, FieldCharity, FieldMutualAid, FieldCultureSport, FieldRuralProductionTec)

// Valid reports whether f is one of the five fields.
func (f ActivityField) Valid() bool { return activityFields.Has(f) }

// OrgType is an organization's form: an association of members (会员制, the social-group
// form) or a service institution without members (非会员制, the private non-enterprise form).
type OrgType string

// The organization types.
const (
	OrgAssociation OrgType = "association"
	OrgInstitution OrgType = "service_institution"
)

var orgTypes = wushe.NewEnum("organization type", OrgAssociation, OrgInstitution)

// Valid reports whether t is a known organization type.
func (t OrgType) Valid() bool { return orgTypes.Has(t) }

// Stage is how far an organization has been cultivated. Stages are ordered:
// interest_group < volunteer_team < filed < registered < service_brand.
type Stage string

// The cultivation stages, in order.
const (
	StageInterestGroup Stage = "interest_group" // 兴趣小组
	StageVolunteerTeam Stage = "volunteer_team" // 志愿服务队
	StageFiled         Stage = "filed"          // 备案 with the street office or township
	StageRegistered    Stage = "registered"     // 登记 with civil affairs
	StageServiceBrand  Stage = "service_brand"  // 服务品牌
)

var stageOrder = []Stage{StageInterestGroup, StageVolunteerTeam, StageFiled, StageRegistered, StageServiceBrand}

var stages = wushe.NewEnum("stage", stageOrder...)

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return stages.Has(s) }

// Rank is s's place in the order (0 for interest_group) or -1 for an unknown stage.
func (s Stage) Rank() int { return slices.Index(stageOrder, s) }

// CanAdvanceTo reports whether an organization at stage s may move to stage to. Moves go
// forward one step at a time, with two documented exceptions:
//   - interest_group -> filed: a resident group that already meets the filing criteria
//     need not pass through a volunteer team;
//   - filed -> service_brand: a filed organization may become a service brand without
//     registering, since most community organizations never reach the registration
//     thresholds yet run lasting services.
//
// Whether the move's criteria are met is checked separately (CultivationRules.Check).
func (s Stage) CanAdvanceTo(to Stage) bool {
	if !s.Valid() || !to.Valid() {
		return false
	}
	if to.Rank() == s.Rank()+1 {
		return true
	}
	return (s == StageInterestGroup && to == StageFiled) || (s == StageFiled && to == StageServiceBrand)
}

// Leader is an organization's accountable leader (负责人). Name and phone print masked.
type Leader struct {
	Name  wushe.PersonName `json:"name"`
	Phone wushe.Phone      `json:"phone"`
}

// Members counts an organization's members: individuals and units (member organizations).
type Members struct {
	Individuals int `json:"individuals"`
	Units       int `json:"units"`
}

// Total is Individuals + Units.
func (m Members) Total() int { return m.Individuals + m.Units }

// Charter is an organization's charter (章程): its text or a reference to the document, and
// the date the members adopted it.
type Charter struct {
	Text      string    `json:"text,omitempty"`
	Ref       string    `json:"ref,omitempty"`
	AdoptedAt time.Time `json:"adopted_at,omitzero"`
}

// Adopted reports whether there is a charter: text or a reference, and an adoption date.
func (c Charter) Adopted() bool {
	return (strings.TrimSpace(c.Text) != "" || strings.TrimSpace(c.Ref) != "") && !c.AdoptedAt.IsZero()
}

// StageChange records one move between stages.
type StageChange struct {
	From Stage     `json:"from"`
	To   Stage     `json:"to"`
	At   time.Time `json:"at"`
	// ApprovedBy names who approved the move (the street office for a filing).
	ApprovedBy string `json:"approved_by"`
	Note       string `json:"note,omitempty"`
}

// Score is one named dimension of a capacity assessment with its score.
type Score struct {
	Dimension string          `json:"dimension"`
	Value     decimal.Decimal `json:"value"`
}

// CapacityAssessment records an assessment of an organization's capacity (leadership,
// governance, services, finances ...), on whatever scale the assessor uses.
type CapacityAssessment struct {
	At       time.Time `json:"at"`
	Assessor string    `json:"assessor"`
	Scores   []Score   `json:"scores"`
	Summary  string    `json:"summary,omitempty"`
}

// Validate reports every problem with the assessment: an assessor, a time, at least one
// score, named and unique dimensions, no negative score.
func (a CapacityAssessment) Validate() error {
	p := wushe.Check("CapacityAssessment")
	p.Require(!a.At.IsZero(), "At", "is required")
	p.Require(strings.TrimSpace(a.Assessor) != "", "Assessor", "is required")
	p.Require(len(a.Scores) > 0, "Scores", "needs at least one dimension")
	seen := map[string]bool{}
	for i, s := range a.Scores {
		f := wushe.Index("Scores", i)
		p.Require(strings.TrimSpace(s.Dimension) != "", f+".Dimension", "is required")
		p.Require(!seen[s.Dimension], f+".Dimension", "is listed twice")
		p.Require(!s.Value.IsNegative(), f+".Value", "cannot be negative")
		seen[s.Dimension] = true
	}
	return p.Err()
}

// Mean is the average score, or zero for no scores, rounded to 2 decimal places.
func (a CapacityAssessment) Mean() decimal.Decimal {
	if len(a.Scores) == 0 {
		return decimal.Zero
	}
	sum := decimal.Zero
	for _, s := range a.Scores {
		sum = sum.Add(s.Value)
	}
	return sum.DivRound(decimal.NewFromInt(int64(len(a.Scores))), 2)
}

// Organization is a community social organization (社区社会组织): founded by residents,
// active in one of the five fields, cultivated from an interest group towards a filed or
// registered organization and a service brand.
//
// Required: Name, Field, Type and Community. RegisterOrganization fills in ID (when nil),
// Stage (interest_group, when empty; a later stage must meet its criteria), Version,
// CreatedAt and UpdatedAt; AdvanceOrganization fills in StageHistory and
// AssessOrganization Assessments.
type Organization struct {
	ID    uuid.UUID     `json:"id"`
	Name  string        `json:"name"`
	Field ActivityField `json:"field"`
	Type  OrgType       `json:"type"`
	// Community is the founding community.
	Community uuid.UUID `json:"community"`
	Leader    Leader    `json:"leader"`
	Members   Members   `json:"members"`
	// Staff is the number of staff, which matters for a service institution.
	Staff int `json:"staff"`
	// PartyMembers counts the organization's full party members (正式党员): with
	// BranchThreshold or more it needs a party branch of its own or a joint branch
	// (Coverage).
	PartyMembers int `json:"party_members,omitempty"`
	// Venue is where the organization meets or works; free text or a venue name.
	Venue   string  `json:"venue,omitempty"`
	Charter Charter `json:"charter"`
	// Funds are the organization's own funds in CNY.
	Funds        decimal.Decimal      `json:"funds"`
	Stage        Stage                `json:"stage"`
	StageHistory []StageChange        `json:"stage_history,omitempty"`
	Assessments  []CapacityAssessment `json:"assessments,omitempty"`
	// Roster lists the individual members the host records by pseudonymous reference and
	// the day each joined; it may be partial. Members.Individuals stays the count the
	// cultivation rules read. Service.Journeys reads it to see residents who became
	// members after they were served.
	Roster []RosterEntry `json:"roster,omitempty"`
	// Provisions are the services the organization declared it offers residents, one
	// category of need each, with a capacity: what Dispatcher proposes and IdleReport
	// follows.
	Provisions []Provision `json:"provisions,omitempty"`
	Version    int64       `json:"version"`
	CreatedAt  time.Time   `json:"created_at"`
	UpdatedAt  time.Time   `json:"updated_at"`
}

// RosterEntry is one individual member of an organization: a pseudonymous reference (class
// reference, the one the host uses for the same person in attendance and needs; masked in
// fmt and JSON) and when they joined.
type RosterEntry struct {
	Ref      wushe.Sensitive `json:"ref"`
	JoinedAt time.Time       `json:"joined_at"`
}

// Validate reports every problem with the organization itself. Whether it meets the
// criteria of its stage is CultivationRules' business, checked when it advances.
func (o Organization) Validate() error {
	p := wushe.Check("Organization")
	if !p.CheckValues(o) {
		return p.Err()
	}
	p.Require(strings.TrimSpace(o.Name) != "", "Name", "is required")
	p.Require(o.Field.Valid(), "Field", activityFields.Problem(o.Field))
	p.Require(o.Type.Valid(), "Type", orgTypes.Problem(o.Type))
	p.Require(o.Community != uuid.Nil, "Community", "is required")
	p.Require(o.Members.Individuals >= 0, "Members.Individuals", "cannot be negative")
	p.Require(o.Members.Units >= 0, "Members.Units", "cannot be negative")
	p.Require(o.Staff >= 0, "Staff", "cannot be negative")
	p.Require(o.PartyMembers >= 0, "PartyMembers", "cannot be negative")
	p.Require(!o.Funds.IsNegative(), "Funds", "cannot be negative")
	p.Require(o.Stage.Valid(), "Stage", stages.Problem(o.Stage))
	for i, c := range o.StageHistory {
		f := wushe.Index("StageHistory", i)
		p.Require(c.From.CanAdvanceTo(c.To), f, "is not an allowed move")
		p.Require(!c.At.IsZero(), f+".At", "is required")
	}
	for i, a := range o.Assessments {
		p.Nested(wushe.Index("Assessments", i), a.Validate())
	}
	for i, pr := range o.Provisions {
		p.Nested(wushe.Index("Provisions", i), pr.Validate())
	}
	for i, m := range o.Roster {
		f := wushe.Index("Roster", i)
		p.Require(!m.Ref.IsZero() && m.Ref.Class() == wushe.ClassReference, f+".Ref", "must be a pseudonymous reference (class reference)")
		p.Require(!m.JoinedAt.IsZero(), f+".JoinedAt", "is required")
		p.Require(!slices.ContainsFunc(o.Roster[:i], func(x RosterEntry) bool { return x.Ref == m.Ref }), f+".Ref", "lists a member twice")
	}
	return p.Err()
}

// CultivationRules are the thresholds an organization must meet to move up a stage. The
// defaults (DefaultCultivationRules) follow STANDARDS.md §2.2; provinces and cities set their
// own, so every threshold is a field.
type CultivationRules struct {
	// FilingMinMembers is the fewest members an association needs to file (default 10).
	FilingMinMembers int `json:"filing_min_members"`
	// FilingMinStaff is the fewest staff a service institution needs to file (default 3).
	FilingMinStaff int `json:"filing_min_staff"`
	// RegisterMinIndividuals, RegisterMinUnits and RegisterMinMixed are the member
	// thresholds for registering a social group: 50 individuals, or 30 units, or 50 in
	// total when members are mixed (社会团体登记管理条例 Art 10).
	RegisterMinIndividuals int `json:"register_min_individuals"`
	RegisterMinUnits       int `json:"register_min_units"`
	RegisterMinMixed       int `json:"register_min_mixed"`
	// RegisterMinFunds is the least funds in CNY for registration: 30,000 for a local
	// social group (Art 10; 100,000 for a national one).
	RegisterMinFunds decimal.Decimal `json:"register_min_funds"`
	// BrandMinAssessments is the fewest capacity assessments a service brand needs
	// (default 1).
	BrandMinAssessments int `json:"brand_min_assessments"`
	// BrandMinMeanScore, when positive, is the least mean score the latest assessment
	// must reach for a service brand (default zero: not checked).
	BrandMinMeanScore decimal.Decimal `json:"brand_min_mean_score"`
}

// DefaultCultivationRules returns the national defaults: filing with 10 members or 3 staff;
// registration with 50 individual or 30 unit members (50 mixed) and 30,000 CNY; a service
// brand after one capacity assessment.
func DefaultCultivationRules() CultivationRules {
	return CultivationRules{
		FilingMinMembers:       10,
		FilingMinStaff:         3,
		RegisterMinIndividuals: 50,
		RegisterMinUnits:       30,
		RegisterMinMixed:       50,
		RegisterMinFunds:       decimal.NewFromInt(30000),
		BrandMinAssessments:    1,
	}
}

// Validate reports every negative threshold.
func (r CultivationRules) Validate() error {
	p := wushe.Check("CultivationRules")
	p.Require(r.FilingMinMembers >= 0, "FilingMinMembers", "cannot be negative")
	p.Require(r.FilingMinStaff >= 0, "FilingMinStaff", "cannot be negative")
	p.Require(r.RegisterMinIndividuals >= 0, "RegisterMinIndividuals", "cannot be negative")
	p.Require(r.RegisterMinUnits >= 0, "RegisterMinUnits", "cannot be negative")
	p.Require(r.RegisterMinMixed >= 0, "RegisterMinMixed", "cannot be negative")
	p.Require(!r.RegisterMinFunds.IsNegative(), "RegisterMinFunds", "cannot be negative")
	p.Require(r.BrandMinAssessments >= 0, "BrandMinAssessments", "cannot be negative")
	p.Require(!r.BrandMinMeanScore.IsNegative(), "BrandMinMeanScore", "cannot be negative")
	return p.Err()
}

// Check reports every criterion o fails for stage to, as one error of kind
// KindInsufficient that joins one *wushe.Error per unmet criterion, each naming the field
// (list them with wushe.FieldErrors); nil when every criterion is met. It does not check
// whether the move itself is allowed (Stage.CanAdvanceTo).
//
// Criteria by target stage:
//   - volunteer_team: an accountable leader.
//   - filed: an accountable leader (name and phone); FilingMinMembers members for an
//     association or FilingMinStaff staff for a service institution; a venue; an adopted
//     charter.
//   - registered: the filing criteria, the member thresholds and RegisterMinFunds.
//   - service_brand: the organization is filed or registered; BrandMinAssessments
//     assessments; and, if BrandMinMeanScore is positive, a latest assessment (the one with
//     the latest At) whose mean reaches it.
func (r CultivationRules) Check(o Organization, to Stage) error {
	var errs []error
	add := func(field, format string, args ...any) {
		e := wushe.Invalid("Organization", field, format, args...)
		e.Kind, e.ID = wushe.KindInsufficient, o.ID.String()
		errs = append(errs, e)
	}
	leader := func() {
		if o.Leader.Name.IsZero() {
			add("Leader.Name", "an accountable leader is required")
		}
	}
	filing := func() {
		leader()
		if o.Leader.Phone.IsZero() {
			add("Leader.Phone", "the accountable leader's phone is required")
		}
		switch o.Type {
		case OrgInstitution:
			if o.Staff < r.FilingMinStaff {
				add("Staff", "has %d staff, a service institution needs at least %d", o.Staff, r.FilingMinStaff)
			}
		default:
			if o.Members.Total() < r.FilingMinMembers {
				add("Members", "has %d members, an association needs at least %d", o.Members.Total(), r.FilingMinMembers)
			}
		}
		if strings.TrimSpace(o.Venue) == "" {
			add("Venue", "a fixed venue is required")
		}
		if !o.Charter.Adopted() {
			add("Charter", "an adopted charter (text or reference, and adoption date) is required")
		}
	}
	switch to {
	case StageVolunteerTeam:
		leader()
	case StageFiled:
		filing()
	case StageRegistered:
		filing()
		m := o.Members
		mixed := m.Individuals > 0 && m.Units > 0
		if !(m.Individuals >= r.RegisterMinIndividuals || m.Units >= r.RegisterMinUnits || (mixed && m.Total() >= r.RegisterMinMixed)) {
			add("Members", "has %d individual and %d unit members; registration needs %d individual, %d unit or %d mixed",
				m.Individuals, m.Units, r.RegisterMinIndividuals, r.RegisterMinUnits, r.RegisterMinMixed)
		}
		if o.Funds.LessThan(r.RegisterMinFunds) {
			add("Funds", "has %s CNY, registration needs at least %s", o.Funds.StringFixed(2), r.RegisterMinFunds.StringFixed(2))
		}
	case StageServiceBrand:
		if o.Stage != StageFiled && o.Stage != StageRegistered {
			add("Stage", "is %s; a service brand must be filed or registered first", o.Stage)
		}
		if len(o.Assessments) < r.BrandMinAssessments {
			add("Assessments", "has %d capacity assessments, a service brand needs at least %d", len(o.Assessments), r.BrandMinAssessments)
		}
		if r.BrandMinMeanScore.IsPositive() && len(o.Assessments) > 0 {
			latest := o.Assessments[0]
			for _, a := range o.Assessments[1:] {
				if !a.At.Before(latest.At) {
					latest = a
				}
			}
			if m := latest.Mean(); m.LessThan(r.BrandMinMeanScore) {
				add("Assessments", "the latest assessment's mean score %s is below %s", m, r.BrandMinMeanScore)
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}
