package evaluation

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func socialOrgObs(basic, gov, perfCode, perf, social string) []Observation {
	return []Observation{
		obs(CodeBasicConditions, basic, t0), obs(CodeInternalGovernance, gov, t0),
		obs(perfCode, perf, t0), obs(CodeSocialEvaluation, social, t0),
	}
}

// Huaining, social group, default weights 100/350/400/150:
//
//	基础条件 95 + 内部治理 330 + 工作绩效 380 + 社会评价 140 = 945 (base)
//	bonus claimed 120, cap 100 → total 1045 → 5A (≥950)
//	no party organization (0 < 1) → veto caps the grade at 4A
func TestHuainingHandComputed(t *testing.T) {
	r, err := SocialOrgRubric(SocialGroupOrFoundation, HuainingBands(), nil)
	require.NoError(t, err)
	require.Equal(t, Unverified, r.Confidence, "default weights are unverified")
	o := append(socialOrgObs("95", "330", CodeWorkPerformance, "380", "140"),
		obs(CodeAssessmentBonus, "120", t0), obs(CodeHasPartyOrganization, "0", t0))
	sc, err := Evaluate(r, set(t, o...), t0)
	require.NoError(t, err)
	requireDec(t, "945", sc.Base)
	requireDec(t, "100", sc.Bonus)
	requireDec(t, "1045", sc.Total)
	require.Equal(t, "5A", sc.GradeBeforeVetoes)
	require.Equal(t, "4A", sc.Grade)
	require.True(t, sc.Vetoes[0].Applied)
	require.True(t, sc.Complete)
	require.Contains(t, sc.BonusNote, "cap 100")

	// With a party organization the 5A stands.
	o[len(o)-1] = obs(CodeHasPartyOrganization, "1", t0)
	sc, err = Evaluate(r, set(t, o...), t0)
	require.NoError(t, err)
	require.Equal(t, "5A", sc.Grade)
	require.False(t, sc.Vetoes[0].Applied)

	// Without the bonus: 945 → 4A (901–950); the missing bonus is not a missing indicator.
	sc, err = Evaluate(r, set(t, append(socialOrgObs("95", "330", CodeWorkPerformance, "380", "140"),
		obs(CodeHasPartyOrganization, "1", t0))...), t0)
	require.NoError(t, err)
	requireDec(t, "945", sc.Total)
	require.Equal(t, "4A", sc.Grade)
	require.True(t, sc.Complete)
	require.Contains(t, sc.BonusNote, "No bonus")

	// Exactly 950 is 5A: the overlap with 901–950 goes to the first band.
	sc, err = Evaluate(r, set(t, append(socialOrgObs("100", "330", CodeWorkPerformance, "380", "140"),
		obs(CodeHasPartyOrganization, "1", t0))...), t0)
	require.NoError(t, err)
	requireDec(t, "950", sc.Total)
	require.Equal(t, "5A", sc.Grade)

	// A missing party-organization observation applies the veto and marks it missing: no
	// final grade, 4A reached so far.
	sc, err = Evaluate(r, set(t, socialOrgObs("100", "330", CodeWorkPerformance, "380", "140")...), t0)
	require.NoError(t, err)
	require.Equal(t, "", sc.Grade)
	require.Equal(t, "", sc.GradeBeforeVetoes)
	require.Equal(t, "4A", sc.Provisional)
	require.Equal(t, []string{CodeHasPartyOrganization}, sc.Missing)
	require.False(t, sc.Complete)

	// 700 is below 1A (701–800): not rated; the veto leaves an empty grade empty.
	sc, err = Evaluate(r, set(t, append(socialOrgObs("50", "250", CodeWorkPerformance, "300", "100"),
		obs(CodeHasPartyOrganization, "0", t0))...), t0)
	require.NoError(t, err)
	requireDec(t, "700", sc.Total)
	require.True(t, sc.Complete)
	require.Equal(t, "", sc.Grade)
	require.Equal(t, "not rated", sc.GradeText())
	// 900.6 is not 4A (901–950): the band starts at exactly 901. It is 3A, and shows as 901.
	sc, err = Evaluate(r, set(t, append(socialOrgObs("95", "330", CodeWorkPerformance, "335.6", "140"),
		obs(CodeHasPartyOrganization, "1", t0))...), t0)
	require.NoError(t, err)
	requireDec(t, "900.6", sc.Total)
	requireDec(t, "901", sc.RoundedTotal)
	require.Equal(t, "3A", sc.Grade)
}

// Luoyang Chanhe, private non-enterprise unit, caller's weights 150/300/400/150:
//
//	基础条件 120 + 内部治理 250 + 业务活动和诚信建设 330 + 社会评价 120 = 820 → 4A (800–899)
func TestLuoyangChanheHandComputed(t *testing.T) {
	w := SocialOrgWeights{BasicConditions: d(150), InternalGovernance: d(300), Performance: d(400), SocialEvaluation: d(150)}
	r, err := SocialOrgRubric(PrivateNonEnterprise, LuoyangChanheBands(), &w)
	require.NoError(t, err)
	require.Equal(t, Secondary, r.Confidence)
	require.Equal(t, CodeBusinessIntegrity, r.Root.Children[2].Code)
	sc, err := Evaluate(r, set(t, socialOrgObs("120", "250", CodeBusinessIntegrity, "330", "120")...), t0)
	require.NoError(t, err)
	requireDec(t, "820", sc.Total)
	require.Equal(t, "4A", sc.Grade)
	require.True(t, sc.Complete)
	// 120 + 200 + 200 + 59 = 579 → 1A (≤599).
	sc, err = Evaluate(r, set(t, socialOrgObs("120", "200", CodeBusinessIntegrity, "200", "59")...), t0)
	require.NoError(t, err)
	require.Equal(t, "1A", sc.Grade)
	// 899.5 is not 5A (≥900): the grade is decided on the exact total, not on 900 as it
	// rounds for display.
	g, _ := r.GradeFor(dec("899.5"))
	require.Equal(t, "4A", g)
	requireDec(t, "900", r.RoundTotal(dec("899.5")))
	// 599.5 has not reached 2A (600–699): 1A (≤599) holds it.
	g, _ = r.GradeFor(dec("599.5"))
	require.Equal(t, "1A", g)
}

func TestSocialOrgRubricErrors(t *testing.T) {
	_, err := SocialOrgRubric("company", AnqingBands(), nil)
	requireField(t, err, "Kind")
	w := DefaultSocialOrgWeights()
	w.SocialEvaluation = d(100) // sums to 950
	_, err = SocialOrgRubric(SocialGroupOrFoundation, AnqingBands(), &w)
	requireField(t, err, "Root.Children")
	b := AnqingBands()
	b.Confidence = Unverified
	r, err := SocialOrgRubric(SocialGroupOrFoundation, b, &SocialOrgWeights{d(100), d(300), d(400), d(200)})
	require.NoError(t, err)
	require.Equal(t, Unverified, r.Confidence)
	// Profiles are fresh values: changing one leaves the next untouched.
	h := HuainingBands()
	h.Grades[0].Grade = "changed"
	h.Vetoes[0].MaxGrade = "changed"
	require.Equal(t, "5A", HuainingBands().Grades[0].Grade)
	require.Equal(t, "4A", HuainingBands().Vetoes[0].MaxGrade)
	require.Len(t, AnqingBands().Grades, 4)
}

// Purchased-project performance:
//
//	决策 13 + 过程 18 + 产出 (9 + 8 + 8 + 6 = 31) + 效益 (社会效益 17 + 满意度 Likert 4.2:
//	(4.2−1)/4 = 0.8 × 10 = 8 → 25) = 13 + 18 + 31 + 25 = 87 → 良 (80–89.99)
func TestProjectPerformanceHandComputed(t *testing.T) {
	r := ProjectPerformanceRubric()
	require.NoError(t, r.Validate())
	s := set(t, obs(CodeDecision, "13", t0), obs(CodeProcess, "18", t0), obs(CodeOutputQty, "9", t0),
		obs(CodeOutputQuality, "8", t0), obs(CodeOutputTime, "8", t0), obs(CodeOutputCost, "6", t0),
		obs(CodeSocialBenefit, "17", t0), obs(CodeSatisfaction, "4.2", t0))
	sc, err := Evaluate(r, s, t0)
	require.NoError(t, err)
	requireDec(t, "31", sc.Root.Children[2].Points)
	requireDec(t, "25", sc.Root.Children[3].Points)
	requireDec(t, "87", sc.Total)
	require.Equal(t, "良", sc.Grade)
	require.Equal(t, Unverified, sc.Confidence)
}

// Contract attainment, equal weights, 100 points: 100/3 → 33.33, 33.33 and 33.34 (the
// remainder to the last).
//
//	households_visited 150 of 200 = 0.75 × 33.33 = 24.9975 → 25.00
//	group_sessions 30 of 24 → capped 1 × 33.33 = 33.33
//	median_response_days 4 against a ceiling of 3: 3/4 = 0.75 × 33.34 = 25.005 → 25.01
//	total 83.34 → 良
func TestContractHandComputed(t *testing.T) {
	r, err := ContractRubric("contract.p1", "Project 1 contract", []ContractTarget{
		{Indicator: CodeHouseholdsVisited, Target: d(200)},
		{Indicator: CodeGroupSessions, Name: "Group sessions", Target: d(24)},
		{Indicator: CodeMedianResponseDays, Target: d(3), Direction: LowerIsBetter},
	}, d(100))
	require.NoError(t, err)
	require.Equal(t, "Group sessions", r.Root.Children[1].Name)
	require.Contains(t, r.Root.Children[0].Name, "Households visited")
	requireDec(t, "33.34", r.Root.Children[2].MaxPoints)
	sc, err := Evaluate(r, set(t, obs(CodeHouseholdsVisited, "150", t0), obs(CodeGroupSessions, "30", t0),
		obs(CodeMedianResponseDays, "4", t0)), t0)
	require.NoError(t, err)
	requireDec(t, "25", sc.Root.Children[0].Points)
	requireDec(t, "33.33", sc.Root.Children[1].Points)
	requireDec(t, "25.01", sc.Root.Children[2].Points)
	requireDec(t, "83.34", sc.Total)
	require.Equal(t, "良", sc.Grade)

	// Weights 2:1:1 → 50, 25, 25; full attainment gives 100 → 优.
	r, err = ContractRubric("c2", "C2", []ContractTarget{
		{Indicator: CodeHouseholdsVisited, Target: d(10), Weight: d(2)},
		{Indicator: "custom_target", Target: d(10), Weight: d(1)},
		{Indicator: CodeNeedsMet, Target: d(10), Weight: d(1)},
	}, d(100))
	require.NoError(t, err)
	require.Equal(t, "custom_target", r.Root.Children[1].Name)
	requireDec(t, "50", r.Root.Children[0].MaxPoints)
	sc, err = Evaluate(r, set(t, obs(CodeHouseholdsVisited, "10", t0), obs("custom_target", "10", t0), obs(CodeNeedsMet, "12", t0)), t0)
	require.NoError(t, err)
	requireDec(t, "100", sc.Total)
	require.Equal(t, "优", sc.Grade)
}

func TestContractRubricErrors(t *testing.T) {
	_, err := ContractRubric("c", "C", nil, d(0))
	requireField(t, err, "Targets")
	requireField(t, err, "Total")
	var werr *wushe.Error
	require.ErrorAs(t, err, &werr)
	require.Equal(t, "evaluation.ContractRubric", werr.Op)
	_, err = ContractRubric("c", "C", []ContractTarget{{Indicator: "a", Target: d(1), Weight: d(-1)}}, d(10))
	requireField(t, err, "Targets[0].Weight")
	_, err = ContractRubric("c", "C", []ContractTarget{{Indicator: "a", Target: d(1), Weight: d(1)}, {Indicator: "b", Target: d(1)}}, d(10))
	requireField(t, err, "Targets")
	// A duplicate indicator and a non-positive target are caught by the rubric's Validate.
	_, err = ContractRubric("c", "C", []ContractTarget{{Indicator: "a", Target: d(1)}, {Indicator: "a", Target: d(0)}}, d(10))
	requireField(t, err, "Root.Children[1].Code")
	requireField(t, err, "Root.Children[1].Method.Target")
}
