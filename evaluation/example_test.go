package evaluation_test

import (
	"fmt"
	"os"
	"time"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/evaluation"
)

var (
	start  = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	period = wushe.Window{Start: start, End: start.AddDate(1, 0, 0)}
)

func observe(scope evaluation.Scope, code, value string) evaluation.Observation {
	return evaluation.Observation{Indicator: code, Value: decimal.RequireFromString(value), Period: period,
		Scope: scope, Source: "assessment panel", RecordedAt: start.AddDate(1, 0, 10)}
}

// Grades are decided on the exact total; Order 39's exclusions withhold the grade
// (不予评级); a scorecard with data missing gives only a provisional grade.
func Example_gradeRules() {
	rubric, err := evaluation.SocialOrgRubric(evaluation.SocialGroupOrFoundation, evaluation.AnqingBands(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	rubric.Vetoes = append(rubric.Vetoes, evaluation.Order39Exclusions()...)
	org := evaluation.Scope{Kind: evaluation.ScopeOrganization, ID: "xx-community-dance-team"}
	card := func(penalized string, more ...evaluation.Observation) evaluation.Scorecard {
		obs, err := evaluation.NewObservationSet(append([]evaluation.Observation{
			observe(org, evaluation.CodeBasicConditions, "95"),
			observe(org, evaluation.CodeInternalGovernance, "330"),
			observe(org, evaluation.CodeWorkPerformance, "335.6"),
			observe(org, evaluation.CodeAnnualInspectionPassed, "1"),
			observe(org, evaluation.CodeNoAdministrativePenalty, penalized),
		}, more...)...)
		if err != nil {
			panic(err)
		}
		sc, err := evaluation.Evaluate(rubric, obs, start.AddDate(1, 1, 0))
		if err != nil {
			panic(err)
		}
		return sc
	}
	investigated := observe(org, evaluation.CodeNotUnderInvestigation, "1")
	social := observe(org, evaluation.CodeSocialEvaluation, "140")
	sc := card("1", investigated, social)
	fmt.Println("total", sc.Total, "shown as", sc.RoundedTotal, "grade", sc.GradeText())
	sc = card("0", investigated, social)
	fmt.Println("penalized last year:", sc.GradeText())
	sc = card("1", investigated)
	fmt.Println("no social evaluation yet:", sc.GradeText(), sc.Missing)
	// Output:
	// total 900.6 shown as 901 grade 3A
	// penalized last year: withheld (不予评级)
	// no social evaluation yet: no final grade (nothing reached so far: data missing) [social_evaluation]
}

// A social group assessed under the Huaining (怀宁县) profile: a 1000-point rubric, up to 100
// bonus points, and no 5A without a party organization.
func Example_socialOrgScorecard() {
	rubric, err := evaluation.SocialOrgRubric(evaluation.SocialGroupOrFoundation, evaluation.HuainingBands(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	org := evaluation.Scope{Kind: evaluation.ScopeOrganization, ID: "xx-community-elder-association"}
	obs, err := evaluation.NewObservationSet(
		observe(org, evaluation.CodeBasicConditions, "95"),
		observe(org, evaluation.CodeInternalGovernance, "330"),
		observe(org, evaluation.CodeWorkPerformance, "380"),
		observe(org, evaluation.CodeSocialEvaluation, "140"),
		observe(org, evaluation.CodeAssessmentBonus, "20"),
		observe(org, evaluation.CodeHasPartyOrganization, "0"),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	sc, err := evaluation.Evaluate(rubric, obs, start.AddDate(1, 1, 0))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range sc.Root.Leaves() {
		fmt.Printf("%-22s %7s / %s\n", l.Code, l.Points.StringFixed(2), l.MaxPoints)
	}
	fmt.Println("base", sc.Base, "bonus", sc.Bonus, "total", sc.Total, sc.Status())
	fmt.Println("grade", sc.GradeBeforeVetoes, "→", sc.Grade)
	fmt.Println(sc.Vetoes[0].Explanation)
	// Output:
	// basic_conditions         95.00 / 100
	// internal_governance     330.00 / 350
	// work_performance        380.00 / 400
	// social_evaluation       140.00 / 150
	// base 945 bonus 20 total 965 complete
	// grade 5A → 4A
	// 怀宁: no party organization, no 5A: has_party_organization is 0, below 1; the grade is at most 4A.
}

// An SROI analysis of a volunteer home-visiting project, with a sensitivity analysis.
func Example_sROI() {
	dec := decimal.RequireFromString
	a := evaluation.SROI{
		Name: "Home visits to elders living alone",
		Outcomes: []evaluation.Outcome{{
			Name: "Fewer emergency calls", Stakeholder: "elders", Quantity: dec("40"),
			Proxy: dec("1200"), ProxySource: "avoided ambulance call-out cost (illustrative)",
			Deadweight: dec("0.25"), Displacement: dec("0"), Attribution: dec("0.2"), DropOff: dec("0.3"), Duration: 3,
		}},
		Inputs:     []evaluation.Input{{Name: "Street office grant", Amount: dec("30000")}},
		Volunteers: &evaluation.VolunteerTime{Hours: dec("600"), HourlyValue: dec("25"), Source: "local minimum hourly wage (illustrative)"},
	}
	res, err := a.Calculate()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("inputs", res.TotalInputs.StringFixed(2), "PV", res.PresentValue.StringFixed(2), "NPV", res.NPV.StringFixed(2))
	fmt.Println("ratio 1 :", res.Ratio.StringFixed(4), "payback", res.PaybackMonths.StringFixed(2), "months")
	s, err := a.Sensitivity(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sensitivity", s.Min.StringFixed(4), "to", s.Max.StringFixed(4), "over", len(s.Cases), "cases")
	// Output:
	// inputs 45000.00 PV 59373.88 NPV 14373.88
	// ratio 1 : 1.3194 payback 18.75 months
	// sensitivity 1.0366 to 1.5833 over 15 cases
}

// Attainment of a purchased project's contracted targets, rendered as Markdown.
func Example_contractAttainment() {
	dec := decimal.RequireFromString
	rubric, err := evaluation.ContractRubric("contract.2026-017", "Contract 2026-017", []evaluation.ContractTarget{
		{Indicator: evaluation.CodeHouseholdsVisited, Name: "Households visited", Target: dec("200")},
		{Indicator: evaluation.CodeGroupSessions, Name: "Group sessions", Target: dec("24")},
		{Indicator: evaluation.CodeMedianResponseDays, Name: "Median response (days)", Target: dec("3"), Direction: evaluation.LowerIsBetter},
	}, dec("100"))
	if err != nil {
		fmt.Println(err)
		return
	}
	project := evaluation.Scope{Kind: evaluation.ScopeProject, ID: "2026-017"}
	obs, _ := evaluation.NewObservationSet(
		observe(project, evaluation.CodeHouseholdsVisited, "150"),
		observe(project, evaluation.CodeGroupSessions, "30"),
	)
	sc, err := evaluation.Evaluate(rubric, obs, start.AddDate(1, 1, 0))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := evaluation.WriteScorecardMarkdown(os.Stdout, sc); err != nil {
		fmt.Println(err)
	}
	// Output:
	// # Contract 2026-017
	//
	// - Rubric: `contract.2026-017` (❓ unverified)
	// - Source: Purchase contract targets; attainment = observed ÷ contracted, capped at 100%
	// - As of: 2027-02-01T00:00:00Z
	// - Status: **incomplete**
	// - Total: **58.33** of 100 (base 58.33 + bonus 0.00; scored out of 66.66)
	// - Grade: **no final grade (provisional 差: data missing)**
	//
	// | Indicator | Value | Attainment | Points | Max | Explanation |
	// |---|---|---|---|---|---|
	// | Contract 2026-017 | — | — | 58.33 | 100 |  |
	// |   Households visited | 150 | 75.00% | 25.00 | 33.33 | households_visited 150 of target 200: 75.00% = 25 of 33.33 points. |
	// |   Group sessions | 30 | 100.00% | 33.33 | 33.33 | group_sessions 30 of target 24: 100.00% = 33.33 of 33.33 points. |
	// |   Median response (days) | — | — | — | 33.34 | No observation of median_response_days recorded by 2027-02-01T00:00:00Z: not scored and left out of the total. |
	//
	// Missing observations (not scored): median_response_days
}

// A residents' satisfaction survey summarized, and its overall mean recorded as an
// observation for a rubric's Likert leaf.
func ExampleSurvey_Summarize() {
	s := evaluation.Survey{Name: "2026 service satisfaction", Invitations: 10, Questions: []evaluation.Question{
		{Code: "overall", Text: "Overall, how satisfied are you?", Responses: []int{5, 5, 4, 4, 4, 3, 2, 1}},
		{Code: "timely", Text: "Was help timely?", Responses: []int{5, 5, 5, 1}},
	}}
	r, err := s.Summarize()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, q := range r.Questions {
		fmt.Printf("%-8s n=%d mean %s top-two %s %v\n", q.Code, q.Responses, q.Mean, q.TopTwoBox, q.Distribution)
	}
	fmt.Println("response rate", r.ResponseRate, "overall mean", r.Overall.Mean)
	o, err := r.Observation(evaluation.Scope{Kind: evaluation.ScopeProject, ID: "2026-017"}, period, "survey", start.AddDate(1, 0, 5))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(o.Indicator, o.Value)
	// Output:
	// overall  n=8 mean 3.5 top-two 0.625 [1 1 1 3 2]
	// timely   n=4 mean 4 top-two 0.75 [1 0 0 0 3]
	// response rate 0.8 overall mean 3.6667
	// satisfaction 3.6667
}

// An RBA report for a community: is the share of residents taking part turning the curve?
func ExampleBuildRBA() {
	community := evaluation.Scope{Kind: evaluation.ScopeCommunity, ID: "xx-community"}
	baseline := wushe.Window{Start: start.AddDate(-1, 0, 0), End: start}
	part, _ := evaluation.LookupIndicator(evaluation.CodeResidentsParticipating)
	visits, _ := evaluation.LookupIndicator(evaluation.CodeHouseholdsVisited)
	before := observe(community, evaluation.CodeResidentsParticipating, "0.10")
	before.Period = baseline
	obs, _ := evaluation.NewObservationSet(before,
		observe(community, evaluation.CodeResidentsParticipating, "0.14"),
		observe(community, evaluation.CodeHouseholdsVisited, "320"))
	rep, err := evaluation.BuildRBA([]evaluation.Indicator{part, visits}, obs, community, baseline, period, start.AddDate(1, 1, 0), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, level := range [][]evaluation.RBAQuadrantLines{rep.Population, rep.Performance} {
		for _, q := range level {
			for _, l := range q.Lines {
				fmt.Println(l.Indicator.Level, q.Quadrant, l.Indicator.Code, l.Current, l.Trend)
			}
		}
	}
	// Output:
	// population better_off_percent residents_participating_share 0.14 turning_the_curve
	// performance how_much households_visited 320 no_baseline
}
