package evaluation

import (
	"slices"
	"strings"

	"github.com/wushe/wushe"
)

// Direction says which way an indicator improves.
type Direction string

// The directions.
const (
	// HigherIsBetter: more is better (households visited, satisfaction).
	HigherIsBetter Direction = "higher_is_better"
	// LowerIsBetter: less is better (median response time).
	LowerIsBetter Direction = "lower_is_better"
	// OnTarget: the closer to a target, the better (a budget execution rate of 100%).
	OnTarget Direction = "target"
)

var directions = wushe.NewEnum("direction", HigherIsBetter, LowerIsBetter, OnTarget)

// Valid reports whether d is one of the directions.
func (d Direction) Valid() bool { return directions.Has(d) }

// Stage is a logic-model stage (W.K. Kellogg Foundation, Logic Model Development Guide, 2004):
// inputs → activities → outputs → outcomes → impact.
type Stage string

// The logic-model stages, in causal order.
const (
	StageInput    Stage = "input"
	StageActivity Stage = "activity"
	StageOutput   Stage = "output"
	StageOutcome  Stage = "outcome"
	StageImpact   Stage = "impact"
)

var stages = wushe.NewEnum("logic-model stage", StageInput, StageActivity, StageOutput, StageOutcome, StageImpact)

// Valid reports whether s is one of the stages.
func (s Stage) Valid() bool { return stages.Has(s) }

// Quadrant is a Results-Based Accountability quadrant (Friedman, Trying Hard Is Not Good
// Enough, 2005): effort or effect crossed with quantity or quality.
type Quadrant string

// The RBA quadrants, from least to most important (and from most to least controlled).
const (
	// HowMuch: how much did we do? (effort, quantity, a number)
	HowMuch Quadrant = "how_much"
	// HowWell: how well did we do it? (effort, quality, usually a percentage)
	HowWell Quadrant = "how_well"
	// BetterOffNumber: is anyone better off? (effect, a number)
	BetterOffNumber Quadrant = "better_off_number"
	// BetterOffPercent: is anyone better off? (effect, a percentage)
	BetterOffPercent Quadrant = "better_off_percent"
)

var quadrants = wushe.NewEnum("quadrant", HowMuch, HowWell, BetterOffNumber, BetterOffPercent)

// Quadrants lists the RBA quadrants in report order.
func Quadrants() []Quadrant { return quadrants.Values() }

// Valid reports whether q is one of the quadrants.
func (q Quadrant) Valid() bool { return quadrants.Has(q) }

// Level is RBA's accountability level.
type Level string

// The accountability levels.
const (
	// Population: an indicator about a whole population (all residents of a community),
	// which no single programme controls; reports "turn the curve" against a baseline.
	Population Level = "population"
	// Performance: a performance measure for a programme's own clients.
	Performance Level = "performance"
)

var levels = wushe.NewEnum("level", Population, Performance)

// Valid reports whether l is one of the levels.
func (l Level) Valid() bool { return levels.Has(l) }

// Counting is the counting rule of an indicator. It keeps unique persons apart from
// person-times (人次): ten visits to one elder are 1 unique person and 10 person-times,
// and reports that add the two together are wrong (IRIS+ PI4060 counts unique clients,
// PI5184 counts transactions).
type Counting string

// The counting rules.
const (
	// UniquePersons counts each person once in the period (IRIS+ PI4060).
	UniquePersons Counting = "unique_persons"
	// PersonTimes counts every service contact (人次; IRIS+ PI5184).
	PersonTimes Counting = "person_times"
	// Households counts each household once (IRIS+ PI7954).
	Households Counting = "households"
	// Sessions counts events: activities, group sessions, visits as events.
	Sessions Counting = "sessions"
	// Amount is a quantity in the indicator's unit: yuan, hours, days.
	Amount Counting = "amount"
	// Ratio is a share between 0 and 1.
	Ratio Counting = "ratio"
	// Score is a score on a scale (a Likert mean, points).
	Score Counting = "score"
)

var countings = wushe.NewEnum("counting rule", UniquePersons, PersonTimes, Households, Sessions, Amount, Ratio, Score)

// Valid reports whether c is one of the counting rules.
func (c Counting) Valid() bool { return countings.Has(c) }

// Indicator defines something measured: what it counts and how it is read. Observations
// refer to indicators by Code.
type Indicator struct {
	// Code identifies the indicator: lower-case letters, digits, '_', '.' and '-'.
	Code string `json:"code"`
	// Name is the indicator's name for people.
	Name string `json:"name"`
	// Unit is the unit of its values ("persons", "person-times", "hours", "CNY", "ratio").
	Unit string `json:"unit"`
	// Direction says which way it improves.
	Direction Direction `json:"direction"`
	// Stage is its logic-model stage.
	Stage Stage `json:"stage"`
	// Quadrant is its RBA quadrant.
	Quadrant Quadrant `json:"quadrant"`
	// Level is its RBA accountability level.
	Level Level `json:"level"`
	// Counting is how it counts.
	Counting Counting `json:"counting"`
}

// Validate reports every problem with the indicator.
func (in Indicator) Validate() error {
	p := wushe.Check("Indicator")
	if !p.CheckValues(in) {
		return p.Err()
	}
	if err := validCode(in.Code); err != "" {
		p.Addf("Code", "%s", err)
	}
	p.Require(strings.TrimSpace(in.Name) != "", "Name", "is required")
	p.Require(strings.TrimSpace(in.Unit) != "", "Unit", "is required")
	p.Add(directions.Check("Indicator", "Direction", in.Direction))
	p.Add(stages.Check("Indicator", "Stage", in.Stage))
	p.Add(quadrants.Check("Indicator", "Quadrant", in.Quadrant))
	p.Add(levels.Check("Indicator", "Level", in.Level))
	p.Add(countings.Check("Indicator", "Counting", in.Counting))
	return p.Err()
}

// validCode returns "" for a good code, else what is wrong.
func validCode(code string) string {
	if code == "" {
		return "is required"
	}
	if len(code) > 64 {
		return "is longer than 64 bytes"
	}
	for _, r := range code {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-') {
			return "may hold only a-z, 0-9, '_', '.' and '-': " + code
		}
	}
	return ""
}

// Codes of the standard indicators in Catalogue. The bundled profiles and linkage use them.
const (
	CodeHouseholdsVisited       = "households_visited"
	CodeCaseServices            = "case_services"
	CodeGroupSessions           = "group_sessions"
	CodeCommunityActivities     = "community_activities"
	CodePeopleServed            = "people_served"
	CodePersonTimes             = "person_times"
	CodeVolunteersConnected     = "volunteers_connected"
	CodeUnitsConnected          = "units_connected"
	CodeVolunteerHours          = "volunteer_hours"
	CodeNeedsRaised             = "needs_raised"
	CodeNeedsMet                = "needs_met"
	CodeNeedsMetShare           = "needs_met_share"
	CodeMedianResponseDays      = "median_response_days"
	CodeOrganizationsFiled      = "organizations_filed"
	CodeResourcesAllocatedValue = "resources_allocated_value"
	CodeSatisfaction            = "satisfaction"
	CodeVolunteersRetained      = "volunteers_retained_share"
	CodeResidentsParticipating  = "residents_participating_share"
	CodeHasPartyOrganization    = "has_party_organization"
	CodeAssessmentBonus         = "assessment_bonus"
	CodeAnnualInspectionPassed  = "annual_inspection_passed"
	CodeNoAdministrativePenalty = "no_administrative_penalty"
	CodeNotUnderInvestigation   = "not_under_investigation"
)

// Catalogue returns the standard indicators, a fresh slice ordered by Code. They are the
// outputs and outcomes people judge community projects by: what was done (households
// visited, sessions, person-times), how well (share of needs met, response time,
// satisfaction) and whether anyone is better off (organizations filed, volunteers
// retained, residents taking part).
func Catalogue() []Indicator {
	out := []Indicator{
		{CodeHouseholdsVisited, "Households visited (入户走访户数)", "households", HigherIsBetter, StageOutput, HowMuch, Performance, Households},
		{CodeCaseServices, "Case services (个案服务)", "cases", HigherIsBetter, StageOutput, HowMuch, Performance, Sessions},
		{CodeGroupSessions, "Group work sessions (小组活动节数)", "sessions", HigherIsBetter, StageOutput, HowMuch, Performance, Sessions},
		{CodeCommunityActivities, "Community activities (社区活动场次)", "activities", HigherIsBetter, StageOutput, HowMuch, Performance, Sessions},
		{CodePeopleServed, "People served, unique (服务人数)", "persons", HigherIsBetter, StageOutput, HowMuch, Performance, UniquePersons},
		{CodePersonTimes, "Person-times served (服务人次)", "person-times", HigherIsBetter, StageOutput, HowMuch, Performance, PersonTimes},
		{CodeVolunteersConnected, "Volunteers connected (链接志愿者人数)", "persons", HigherIsBetter, StageInput, HowMuch, Performance, UniquePersons},
		{CodeUnitsConnected, "Units connected (链接单位数)", "units", HigherIsBetter, StageInput, HowMuch, Performance, Sessions},
		{CodeVolunteerHours, "Volunteer hours (志愿服务时长, IRIS+ OI1166)", "hours", HigherIsBetter, StageInput, HowMuch, Performance, Amount},
		{CodeNeedsRaised, "Needs raised (收集需求数)", "needs", HigherIsBetter, StageActivity, HowMuch, Performance, Sessions},
		{CodeNeedsMet, "Needs met (满足需求数)", "needs", HigherIsBetter, StageOutput, HowMuch, Performance, Sessions},
		{CodeNeedsMetShare, "Share of needs met (需求满足率)", "ratio", HigherIsBetter, StageOutput, HowWell, Performance, Ratio},
		{CodeMedianResponseDays, "Median response time to a need (需求响应时间中位数)", "days", LowerIsBetter, StageOutput, HowWell, Performance, Amount},
		{CodeOrganizationsFiled, "Community social organizations filed (备案社区社会组织数)", "organizations", HigherIsBetter, StageOutcome, BetterOffNumber, Population, Sessions},
		{CodeResourcesAllocatedValue, "Value of resources allocated (配置资源价值)", "CNY", HigherIsBetter, StageInput, HowMuch, Performance, Amount},
		{CodeSatisfaction, "Satisfaction, Likert mean (满意度)", "score 1-5", HigherIsBetter, StageOutcome, HowWell, Performance, Score},
		{CodeVolunteersRetained, "Share of volunteers retained (志愿者留存率)", "ratio", HigherIsBetter, StageOutcome, BetterOffPercent, Performance, Ratio},
		{CodeResidentsParticipating, "Share of residents taking part (居民参与率)", "ratio", HigherIsBetter, StageImpact, BetterOffPercent, Population, Ratio},
		{CodeHasPartyOrganization, "Has a party organization (建立党组织, 1 = yes)", "yes/no", HigherIsBetter, StageInput, HowWell, Performance, Score},
		{CodeAssessmentBonus, "Assessment bonus points (加分)", "points", HigherIsBetter, StageOutcome, HowWell, Performance, Score},
		{CodeAnnualInspectionPassed, "Took and passed last year's annual inspection, not basically qualified two years running (年检合格, 1 = yes)", "yes/no", HigherIsBetter, StageInput, HowWell, Performance, Score},
		{CodeNoAdministrativePenalty, "No administrative penalty last year and none still being carried out (无行政处罚, 1 = yes)", "yes/no", HigherIsBetter, StageInput, HowWell, Performance, Score},
		{CodeNotUnderInvestigation, "Not under investigation by a government body or judicial organ (未被立案调查, 1 = yes)", "yes/no", HigherIsBetter, StageInput, HowWell, Performance, Score},
	}
	slices.SortFunc(out, func(a, b Indicator) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// LookupIndicator returns the catalogue indicator with the code, and false when there is none.
func LookupIndicator(code string) (Indicator, bool) {
	for _, in := range Catalogue() {
		if in.Code == code {
			return in, true
		}
	}
	return Indicator{}, false
}
