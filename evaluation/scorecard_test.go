package evaluation

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func leafByCode(sc Scorecard, code string) NodeScore {
	for _, l := range sc.Root.Leaves() {
		if l.Code == code {
			return l
		}
	}
	return NodeScore{}
}

// Hand computation for smallRubric:
//
//	a ratio 150/200 = 0.75 × 40 = 30.00
//	b Likert mean 4.2 on 1..5: (4.2−1)/4 = 0.80 × 30 = 24.00
//	c checklist 3 of 4 = 0.75 × 20 = 15.00
//	e banded 7 ∈ [5, 9] → 6 points (attainment 0.6)
//	total 30 + 24 + 15 + 6 = 75.00 → 中 (60–79.99)
func TestEvaluateMethods(t *testing.T) {
	s := set(t, obs("a", "150", t0), obs("b", "4.2", t0), obs("c", "3", t0), obs("e", "7", t0))
	sc, err := Evaluate(smallRubric(), s, t0)
	require.NoError(t, err)
	requireDec(t, "30", leafByCode(sc, "a").Points)
	requireDec(t, "24", leafByCode(sc, "b").Points)
	requireDec(t, "15", leafByCode(sc, "c").Points)
	requireDec(t, "6", leafByCode(sc, "e").Points)
	requireDec(t, "0.6", *leafByCode(sc, "e").Attainment)
	requireDec(t, "21", sc.Root.Children[2].Points)
	requireDec(t, "75", sc.Total)
	requireDec(t, "100", sc.ScoredMaxPoints)
	require.Equal(t, "中", sc.Grade)
	require.True(t, sc.Complete)
	require.Equal(t, "complete", sc.Status())
	require.Contains(t, leafByCode(sc, "a").Explanation, "150 of target 200")
	require.Contains(t, leafByCode(sc, "e").Explanation, "[5, 9]")
	a := leafByCode(sc, "a")
	require.Equal(t, "test", a.Source)
	require.Equal(t, year26, *a.Period)
	require.True(t, a.RecordedAt.Equal(t0))

	// Over target is capped at 100%; a value in no band earns 0.
	sc, err = Evaluate(smallRubric(), set(t, obs("a", "999", t0), obs("b", "5", t0), obs("c", "4", t0), obs("e", "1", t0)), t0)
	require.NoError(t, err)
	requireDec(t, "40", leafByCode(sc, "a").Points)
	requireDec(t, "0", leafByCode(sc, "e").Points)
	require.Contains(t, leafByCode(sc, "e").Explanation, "no band")
	requireDec(t, "90", sc.Total)
	require.Equal(t, "优", sc.Grade)
}

func TestEvaluateDirections(t *testing.T) {
	r := Rubric{Code: "dir", Name: "Dir", Source: "test", Confidence: Verified, Grades: performanceBands(d(30)),
		Root: Node{Code: "root", Name: "Root", MaxPoints: d(30), Children: []Node{
			leaf("low", 10, Method{Kind: RatioToTarget, Direction: LowerIsBetter, Target: d(3)}),
			leaf("zero", 10, Method{Kind: RatioToTarget, Direction: LowerIsBetter, Target: d(3), Indicator: "low0"}),
			leaf("exact", 10, Method{Kind: RatioToTarget, Direction: OnTarget, Target: d(100)}),
		}}}
	// low: 3/4 = 0.75 → 7.50; low0 = 0 → 1 → 10; exact: 1 − |90−100|/100 = 0.9 → 9.
	sc, err := Evaluate(r, set(t, obs("low", "4", t0), obs("low0", "0", t0), obs("exact", "90", t0)), t0)
	require.NoError(t, err)
	requireDec(t, "7.5", leafByCode(sc, "low").Points)
	requireDec(t, "10", leafByCode(sc, "zero").Points)
	requireDec(t, "9", leafByCode(sc, "exact").Points)
	// Far off target floors at 0.
	sc, err = Evaluate(r, set(t, obs("low", "4", t0), obs("low0", "0", t0), obs("exact", "350", t0)), t0)
	require.NoError(t, err)
	requireDec(t, "0", leafByCode(sc, "exact").Points)
}

func TestEvaluateMissingIsNotZero(t *testing.T) {
	s := set(t, obs("a", "200", t0), obs("c", "2", t0))
	sc, err := Evaluate(smallRubric(), s, t0)
	require.NoError(t, err)
	require.False(t, sc.Complete)
	require.Equal(t, "incomplete", sc.Status())
	require.Equal(t, []string{"b", "e"}, sc.Missing)
	requireDec(t, "50", sc.Total) // 40 + 10
	requireDec(t, "60", sc.ScoredMaxPoints)
	b := leafByCode(sc, "b")
	require.True(t, b.Missing)
	require.Nil(t, b.Value)
	require.Nil(t, b.Attainment)
	require.Contains(t, b.Explanation, "not scored")
	require.True(t, sc.Root.Missing)
	require.True(t, sc.Root.Children[2].Missing)
}

func TestEvaluateAsOf(t *testing.T) {
	early := obs("a", "100", t0)
	late := obs("a", "200", t0.Add(48*time.Hour))
	s := set(t, early, late, obs("b", "5", t0), obs("c", "4", t0), obs("e", "10", t0))
	sc, err := Evaluate(smallRubric(), s, t0.Add(time.Hour))
	require.NoError(t, err)
	requireDec(t, "20", leafByCode(sc, "a").Points, "only the early value was known")
	sc, err = Evaluate(smallRubric(), s, t0.Add(48*time.Hour))
	require.NoError(t, err)
	requireDec(t, "40", leafByCode(sc, "a").Points)
	sc, err = Evaluate(smallRubric(), s, t0.Add(-time.Hour))
	require.NoError(t, err)
	require.Len(t, sc.Missing, 4)
}

func TestEvaluateRejects(t *testing.T) {
	_, err := Evaluate(smallRubric(), ObservationSet{}, time.Time{})
	requireField(t, err, "AsOf")
	bad := smallRubric()
	bad.Code = ""
	_, err = Evaluate(bad, ObservationSet{}, t0)
	requireField(t, err, "Code")
	var werr *wushe.Error
	require.ErrorAs(t, err, &werr)
	require.Equal(t, "evaluation.Evaluate", werr.Op)

	for code, v := range map[string]string{"b": "5.5", "c": "5", "c-": "-1"} {
		ind := code
		if code == "c-" {
			ind = "c"
		}
		_, err = Evaluate(smallRubric(), set(t, obs(ind, v, t0)), t0)
		requireField(t, err, "Value")
	}
	// Manual points outside 0..MaxPoints.
	r, _ := SocialOrgRubric(SocialGroupOrFoundation, AnqingBands(), nil)
	_, err = Evaluate(r, set(t, obs(CodeBasicConditions, "101", t0)), t0)
	requireField(t, err, "Value")
	// Two scopes for one indicator.
	other := obs("a", "1", t0)
	other.Scope.ID = "org-2"
	_, err = Evaluate(smallRubric(), set(t, obs("a", "1", t0), other), t0)
	requireField(t, err, "Scope")
}

// Property: the scorecard is a function of (rubric, observations, asOf): shuffling the
// observations changes nothing, points never exceed the maximum, and each inner node's
// points are the sum of its children's.
func TestEvaluateProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	r := smallRubric()
	var check func(n NodeScore)
	check = func(n NodeScore) {
		require.False(t, n.Points.IsNegative())
		require.True(t, n.Points.LessThanOrEqual(n.MaxPoints), "%s %s > %s", n.Code, n.Points, n.MaxPoints)
		if len(n.Children) > 0 {
			sum := d(0)
			for _, c := range n.Children {
				check(c)
				sum = sum.Add(c.Points)
			}
			require.True(t, sum.Equal(n.Points))
		}
	}
	for i := 0; i < 300; i++ {
		var all []Observation
		for j := 0; j < 8; j++ {
			code := []string{"a", "b", "c", "e"}[rng.IntN(4)]
			var v string
			switch code {
			case "a":
				v = decimalFromInt(rng.IntN(400)).String()
			case "b":
				v = decimalFromInt(1 + rng.IntN(5)).String()
			case "c":
				v = decimalFromInt(rng.IntN(5)).String()
			default:
				v = decimalFromInt(rng.IntN(20)).String()
			}
			all = append(all, obs(code, v, t0.Add(time.Duration(rng.IntN(5))*time.Hour)))
		}
		asOf := t0.Add(time.Duration(rng.IntN(6)) * time.Hour)
		a, err := Evaluate(r, set(t, all...), asOf)
		require.NoError(t, err)
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		b, err := Evaluate(r, set(t, all...), asOf)
		require.NoError(t, err)
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		require.Equal(t, string(ja), string(jb))
		check(a.Root)
		require.Equal(t, a.Complete, len(a.Missing) == 0)
		require.True(t, a.ScoredMaxPoints.LessThanOrEqual(a.MaxPoints))
	}
}

// Property: raising an observed value of a higher-is-better ratio leaf never lowers its points.
func TestRatioMonotone(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	r := smallRubric()
	for i := 0; i < 200; i++ {
		lo := rng.IntN(500)
		hi := lo + rng.IntN(500)
		a, err := Evaluate(r, set(t, obs("a", decimalFromInt(lo).String(), t0)), t0)
		require.NoError(t, err)
		b, err := Evaluate(r, set(t, obs("a", decimalFromInt(hi).String(), t0)), t0)
		require.NoError(t, err)
		require.True(t, leafByCode(a, "a").Points.LessThanOrEqual(leafByCode(b, "a").Points))
	}
}

func TestScorecardJSONRoundTrip(t *testing.T) {
	r, _ := SocialOrgRubric(SocialGroupOrFoundation, HuainingBands(), nil)
	sc, err := Evaluate(r, set(t, obs(CodeBasicConditions, "95", t0), obs(CodeAssessmentBonus, "20", t0)), t0)
	require.NoError(t, err)
	b, err := json.Marshal(sc)
	require.NoError(t, err)
	var back Scorecard
	require.NoError(t, json.Unmarshal(b, &back))
	b2, err := json.Marshal(back)
	require.NoError(t, err)
	require.Equal(t, string(b), string(b2))
	require.True(t, back.Total.Equal(sc.Total))
	require.Equal(t, sc.Missing, back.Missing)
	require.True(t, back.AsOf.Equal(sc.AsOf))
}

// Bonus kept within the maximum (Jiangsu style: bonus, total capped at 1000):
// base 980 + bonus 30 = 1010 → kept at 1000.
func TestBonusWithinMaxAndErrors(t *testing.T) {
	r, err := SocialOrgRubric(SocialGroupOrFoundation, LuoyangChanheBands(), nil)
	require.NoError(t, err)
	r.Bonus = &Bonus{Indicator: CodeAssessmentBonus, Cap: d(30), WithinMax: true}
	o := socialOrgObs("100", "340", CodeWorkPerformance, "390", "150")
	sc, err := Evaluate(r, set(t, append(o, obs(CodeAssessmentBonus, "30", t0))...), t0)
	require.NoError(t, err)
	requireDec(t, "980", sc.Base)
	requireDec(t, "30", sc.Bonus)
	requireDec(t, "1000", sc.Total)
	require.Contains(t, sc.BonusNote, "kept within 1000")

	_, err = Evaluate(r, set(t, append(o, obs(CodeAssessmentBonus, "-1", t0))...), t0)
	requireField(t, err, "Value")

	// A bonus or veto indicator observed for two scopes is ambiguous.
	other := obs(CodeAssessmentBonus, "1", t0)
	other.Scope.ID = "org-2"
	_, err = Evaluate(r, set(t, append(o, obs(CodeAssessmentBonus, "1", t0), other)...), t0)
	requireField(t, err, "Scope")
	h, _ := SocialOrgRubric(SocialGroupOrFoundation, HuainingBands(), nil)
	other.Indicator = CodeHasPartyOrganization
	_, err = Evaluate(h, set(t, append(o, obs(CodeHasPartyOrganization, "1", t0), other)...), t0)
	requireField(t, err, "Scope")
	// A leaf indicator observed for two scopes deep in a tree.
	p := ProjectPerformanceRubric()
	two := obs(CodeOutputCost, "1", t0)
	two.Scope.ID = "org-2"
	_, err = Evaluate(p, set(t, obs(CodeOutputCost, "1", t0), two), t0)
	requireField(t, err, "Scope")
}

// A veto can withhold the grade entirely (不予评级): Order 39 Art 7's exclusions do, whatever
// the total, and a withholding veto outranks a capping one.
func TestVetoWithholdsTheGrade(t *testing.T) {
	r, err := SocialOrgRubric(SocialGroupOrFoundation, HuainingBands(), nil)
	require.NoError(t, err)
	r.Vetoes = append(r.Vetoes, Order39Exclusions()...)
	require.NoError(t, r.Validate())
	good := append(socialOrgObs("100", "340", CodeWorkPerformance, "390", "140"), obs(CodeHasPartyOrganization, "1", t0),
		obs(CodeAnnualInspectionPassed, "1", t0), obs(CodeNoAdministrativePenalty, "1", t0), obs(CodeNotUnderInvestigation, "1", t0))
	sc, err := Evaluate(r, set(t, good...), t0)
	require.NoError(t, err)
	require.True(t, sc.Complete)
	require.Equal(t, "5A", sc.Grade)
	require.False(t, sc.Withheld)

	for i, code := range []string{CodeAnnualInspectionPassed, CodeNoAdministrativePenalty, CodeNotUnderInvestigation} {
		o := append([]Observation(nil), good...)
		o[len(o)-3+i] = obs(code, "0", t0)
		o[4] = obs(CodeHasPartyOrganization, "0", t0) // the cap applies too
		sc, err := Evaluate(r, set(t, o...), t0)
		require.NoError(t, err)
		require.True(t, sc.Complete, code)
		require.True(t, sc.Withheld, code)
		require.Equal(t, "", sc.Grade, code)
		require.Equal(t, "5A", sc.GradeBeforeVetoes, code)
		require.Equal(t, "withheld (不予评级)", sc.GradeText())
		require.True(t, sc.Vetoes[1+i].Applied)
		require.Contains(t, sc.Vetoes[1+i].Explanation, "withheld (不予评级)")
	}

	// A withholding veto names no grade; a capping one names one of the rubric's.
	r.Vetoes[1].MaxGrade = "4A"
	requireField(t, r.Validate(), "Vetoes[1].MaxGrade")
	r.Vetoes[1].MaxGrade, r.Vetoes[1].Withhold = "", false
	requireField(t, r.Validate(), "Vetoes[1].MaxGrade")
}

// A scorecard with missing data has no final grade: the grade reached so far is in
// Provisional, never in Grade, in Go and in JSON.
func TestIncompleteHasNoFinalGrade(t *testing.T) {
	sc, err := Evaluate(smallRubric(), set(t, obs("a", "200", t0), obs("b", "5", t0), obs("c", "4", t0)), t0)
	require.NoError(t, err)
	require.False(t, sc.Complete)
	require.Equal(t, []string{"e"}, sc.Missing)
	requireDec(t, "90", sc.Total)
	require.Equal(t, "", sc.Grade)
	require.Equal(t, "", sc.GradeBeforeVetoes)
	require.Equal(t, "优", sc.Provisional)
	require.Equal(t, "no final grade (provisional 优: data missing)", sc.GradeText())
	b, err := json.Marshal(sc)
	require.NoError(t, err)
	var fields map[string]any
	require.NoError(t, json.Unmarshal(b, &fields))
	require.Equal(t, "", fields["grade"])
	require.Equal(t, "优", fields["provisional_grade"])

	// Complete: the final grade, and no provisional one.
	sc, err = Evaluate(smallRubric(), set(t, obs("a", "200", t0), obs("b", "5", t0), obs("c", "4", t0), obs("e", "7", t0)), t0)
	require.NoError(t, err)
	require.True(t, sc.Complete)
	require.Equal(t, "优", sc.Grade)
	require.Equal(t, "", sc.Provisional)

	// Nothing reached so far, and a withholding veto whose condition is not observed.
	r := smallRubric()
	r.Vetoes = []Veto{{Name: "registered", Indicator: "registered", Min: decimalFromInt(1), Withhold: true}}
	sc, err = Evaluate(r, set(t, obs("a", "200", t0)), t0)
	require.NoError(t, err)
	require.False(t, sc.Complete)
	require.True(t, sc.Withheld)
	require.Equal(t, "", sc.Grade)
	require.Equal(t, "", sc.Provisional)
	require.Equal(t, "no final grade (withheld so far, 不予评级: data missing)", sc.GradeText())
}
