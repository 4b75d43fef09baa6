package evaluation

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func leaf(code string, max int64, m Method) Node {
	return Node{Code: code, Name: code, MaxPoints: d(max), Method: &m}
}

// smallRubric: 100 points = a (ratio, 40) + b (likert, 30) + c (checklist, 20) + e (banded, 10).
func smallRubric() Rubric {
	return Rubric{
		Code: "small", Name: "Small", Source: "test", Confidence: Verified,
		Root: Node{Code: "root", Name: "Root", MaxPoints: d(100), Children: []Node{
			leaf("a", 40, Method{Kind: RatioToTarget, Target: d(200)}),
			leaf("b", 30, Method{Kind: LikertMean}),
			{Code: "grp", Name: "Group", MaxPoints: d(30), Children: []Node{
				leaf("c", 20, Method{Kind: Checklist, Items: 4}),
				leaf("e", 10, Method{Kind: Banded, Bands: []ValueBand{
					{Range{Min: p(10)}, d(10)}, {Range{Min: p(5), Max: p(9)}, d(6)},
				}}),
			}},
		}},
		Grades: performanceBands(d(100)),
	}
}

func TestRubricValidateOK(t *testing.T) {
	require.NoError(t, smallRubric().Validate())
	require.Len(t, smallRubric().Root.Leaves(), 4)
}

func TestRubricChildrenMustSumWithPath(t *testing.T) {
	r := smallRubric()
	r.Root.Children[2].Children[1].MaxPoints = d(11)
	err := r.Validate()
	requireField(t, err, "Root.Children[2].Children")
	require.Contains(t, err.Error(), "root/grp")
	require.Len(t, wushe.FieldErrors(err), 1, "the root still sums: only the group is at fault")
}

func TestRubricValidateProblems(t *testing.T) {
	r := smallRubric()
	r.Code, r.Name, r.Source, r.Confidence, r.Resolution = "", " ", "", "x", d(-1)
	r.Root.Children[0].Code = "b"                                    // duplicate
	r.Root.Children[1].Method = nil                                  // leaf without method
	r.Root.Children[2].Method = &Method{Kind: Manual}                // inner with method
	r.Root.Children[2].Children[0].Method = &Method{Kind: Checklist} // no items
	r.Root.Children[2].Children[1].Method = &Method{Kind: Banded}    // no bands
	r.Bonus = &Bonus{Indicator: "", Cap: d(0)}                       // bad bonus
	r.Vetoes = []Veto{{Name: "", Indicator: "X", MaxGrade: "S"}}     // bad veto
	err := r.Validate()
	for _, f := range []string{"Code", "Name", "Source", "Confidence", "Resolution",
		"Root.Children[1].Code", "Root.Children[1].Method", "Root.Children[2].Method",
		"Root.Children[2].Children[0].Method.Items", "Root.Children[2].Children[1].Method.Bands",
		"Bonus.Indicator", "Bonus.Cap", "Vetoes[0].Name", "Vetoes[0].Indicator", "Vetoes[0].MaxGrade"} {
		requireField(t, err, f)
	}
}

func TestMethodValidate(t *testing.T) {
	r := smallRubric()
	r.Root.Children[0].Method = &Method{Kind: RatioToTarget, Direction: "sideways", Indicator: "BAD"}
	r.Root.Children[1].Method = &Method{Kind: LikertMean, ScaleMin: 5, ScaleMax: 5}
	r.Root.Children[2].Children[1].Method = &Method{Kind: Banded, Bands: []ValueBand{{Range{Min: p(5), Max: p(1)}, d(11)}}}
	r.Root.Children[2].Children[0].Method = &Method{Kind: "sum"}
	r.Root.Children[2].Children[0].MaxPoints = d(20)
	err := r.Validate()
	for _, f := range []string{"Root.Children[0].Method.Direction", "Root.Children[0].Method.Target",
		"Root.Children[0].Method.Indicator", "Root.Children[1].Method.ScaleMax",
		"Root.Children[2].Children[1].Method.Bands[0]", "Root.Children[2].Children[1].Method.Bands[0].Points",
		"Root.Children[2].Children[0].Method.Kind"} {
		requireField(t, err, f)
	}
	r = smallRubric()
	r.Root.Children[0].MaxPoints = d(0)
	r.Root.Children[0].Name = ""
	requireField(t, r.Validate(), "Root.Children[0].MaxPoints")
	requireField(t, r.Validate(), "Root.Children[0].Name")
}

func TestGradeBandsValidate(t *testing.T) {
	base := smallRubric()
	withGrades := func(g ...GradeBand) Rubric { r := base; r.Grades = g; r.Resolution = d(1); return r }

	requireField(t, withGrades().Validate(), "Grades")
	// A gap: 90.. and ..88 leave 89 ungraded.
	requireField(t, withGrades(band("A", p(90), nil), band("B", nil, p(88))).Validate(), "Grades[1].Max")
	// An overlap without permission.
	requireField(t, withGrades(band("A", p(90), nil), band("B", nil, p(90))).Validate(), "Grades[1].Max")
	// An overlap with permission but no note.
	r := withGrades(band("A", p(90), nil), band("B", nil, p(90)))
	r.AllowOverlap = true
	requireField(t, r.Validate(), "OverlapNote")
	r.OverlapNote = "as the source states"
	require.NoError(t, r.Validate())
	// Open bounds in the middle, duplicates, empty names, min > max, wrong order.
	err := withGrades(band("A", p(90), p(80)), band("A", nil, nil), band("", p(95), p(99))).Validate()
	for _, f := range []string{"Grades[0]", "Grades[1].Grade", "Grades[1].Min", "Grades[1].Max", "Grades[2].Grade"} {
		requireField(t, err, f)
	}
	requireField(t, withGrades(band("A", p(50), p(60)), band("B", p(50), p(49))).Validate(), "Grades[1].Min")
	// No gap at the default resolution 0.01 for the performance bands.
	require.NoError(t, base.Validate())
}

func TestGradeForFirstBandWins(t *testing.T) {
	r, err := SocialOrgRubric(SocialGroupOrFoundation, AnqingBands(), nil)
	require.NoError(t, err)
	// Decided on the exact total: a band starts at exactly its Min.
	for total, want := range map[string]string{
		"1000": "5A", "950": "5A", "949.999": "4A", "949.5": "4A", "901": "4A", "900.6": "3A", "900.5": "3A",
		"900": "3A", "851": "3A", "850.6": "2A", "850": "2A", "801": "2A", "800.9": "", "800": "",
	} {
		got, ok := r.GradeFor(dec(total))
		require.Equal(t, want, got, total)
		require.Equal(t, want != "", ok, total)
	}
	requireDec(t, "950", r.RoundTotal(dec("949.5")))
	cents := ProjectPerformanceRubric()
	g, _ := cents.GradeFor(dec("89.994"))
	require.Equal(t, "良", g)
	g, _ = cents.GradeFor(dec("89.995"))
	require.Equal(t, "良", g)
	g, _ = cents.GradeFor(dec("90"))
	require.Equal(t, "优", g)
	g, _ = cents.GradeFor(dec("-5"))
	require.Equal(t, "差", g)
}

func TestRange(t *testing.T) {
	require.Equal(t, "[1, 2]", Range{p(1), p(2)}.String())
	require.Equal(t, "≥ 1", Range{Min: p(1)}.String())
	require.Equal(t, "≤ 2", Range{Max: p(2)}.String())
	require.Equal(t, "any value", Range{}.String())
	require.True(t, Range{}.Contains(d(-99)))
	require.True(t, Range{p(1), p(2)}.Contains(d(2)))
	require.False(t, Range{p(1), p(2)}.Contains(dec("2.01")))
}

func TestRubricJSONRoundTrip(t *testing.T) {
	for _, r := range allProfiles(t) {
		b, err := json.Marshal(r)
		require.NoError(t, err)
		var back Rubric
		require.NoError(t, json.Unmarshal(b, &back))
		require.NoError(t, back.Validate())
		b2, err := json.Marshal(back)
		require.NoError(t, err)
		require.JSONEq(t, string(b), string(b2))
		require.Equal(t, string(b), string(b2))
	}
}

func allProfiles(t testing.TB) []Rubric {
	var out []Rubric
	for _, k := range []SocialOrgKind{SocialGroupOrFoundation, PrivateNonEnterprise} {
		for _, b := range []BandProfile{AnqingBands(), HuainingBands(), LuoyangChanheBands()} {
			r, err := SocialOrgRubric(k, b, nil)
			require.NoError(t, err)
			out = append(out, r)
		}
	}
	c, err := ContractRubric("c", "C", []ContractTarget{{Indicator: CodeHouseholdsVisited, Target: d(10)}}, d(100))
	require.NoError(t, err)
	return append(out, ProjectPerformanceRubric(), c, smallRubric())
}

// FuzzRubricJSON decodes arbitrary JSON as a Rubric; Validate must not panic, and a valid
// rubric must evaluate (against no observations) without panicking, listing every leaf
// as missing.
func FuzzRubricJSON(f *testing.F) {
	for _, r := range allProfiles(f) {
		b, _ := json.Marshal(r)
		f.Add(b)
	}
	f.Add([]byte(`{"code":"x","root":{"code":"r","max_points":"-1","children":[{}]}}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r Rubric
		if json.Unmarshal(data, &r) != nil {
			return
		}
		if err := r.Validate(); err != nil {
			require.ErrorIs(t, err, wushe.ErrInvalid)
			return
		}
		sc, err := Evaluate(r, ObservationSet{}, t0)
		require.NoError(t, err)
		require.False(t, sc.Complete)
		require.Empty(t, sc.Grade, "an incomplete scorecard has no final grade")
		require.True(t, sc.Base.IsZero())
		for _, l := range sc.Root.Leaves() {
			require.True(t, l.Missing)
		}
	})
}

// FuzzGradeFor: for any total the grade is the first band whose Min the exact total
// reaches, or none; a band is never reached by a total below its Min, and a higher total
// never gets a worse grade.
func FuzzGradeFor(f *testing.F) {
	for _, s := range []string{"950", "949.5", "0", "-1", "1e9", "899.499", "59.995"} {
		f.Add(s)
	}
	huai, _ := SocialOrgRubric(SocialGroupOrFoundation, HuainingBands(), nil)
	luo, _ := SocialOrgRubric(PrivateNonEnterprise, LuoyangChanheBands(), nil)
	rubrics := []Rubric{huai, luo, ProjectPerformanceRubric()}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 40 {
			return
		}
		v, err := decimal.NewFromString(strings.TrimSpace(s))
		if err != nil {
			return
		}
		for _, r := range rubrics {
			g, ok := r.GradeFor(v)
			idx := -1
			for i, b := range r.Grades {
				if b.Min == nil || !v.LessThan(*b.Min) {
					idx = i
					break
				}
			}
			require.Equal(t, idx >= 0, ok)
			if ok {
				require.Equal(t, r.Grades[idx].Grade, g)
				require.False(t, r.Grades[idx].Min != nil && v.LessThan(*r.Grades[idx].Min))
			}
			// A little more never grades worse; a little less never grades better.
			step := decimal.New(1, -3)
			up, _ := r.GradeFor(v.Add(step))
			down, _ := r.GradeFor(v.Sub(step))
			rank := func(g string) int {
				if g == "" {
					return len(r.Grades)
				}
				return r.gradeIndex(g)
			}
			require.LessOrEqual(t, rank(up), rank(g), "%s: %s", r.Code, s)
			require.GreaterOrEqual(t, rank(down), rank(g), "%s: %s", r.Code, s)
			// Luoyang and the performance bands cover every value.
			if r.Code != huai.Code {
				require.True(t, ok, "%s: %s", r.Code, s)
			}
		}
	})
}
