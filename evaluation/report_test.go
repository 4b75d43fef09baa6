package evaluation

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func reportScorecard(t *testing.T) Scorecard {
	r, err := SocialOrgRubric(SocialGroupOrFoundation, HuainingBands(), nil)
	require.NoError(t, err)
	r.Root.Children[0].Name = `<script>alert("x")</script> | =cmd`
	o := append(socialOrgObs("95", "330", CodeWorkPerformance, "380", "140"),
		obs(CodeAssessmentBonus, "10", t0))
	sc, err := Evaluate(r, set(t, o...), t0)
	require.NoError(t, err)
	return sc
}

func TestScorecardMarkdown(t *testing.T) {
	sc := reportScorecard(t)
	var b bytes.Buffer
	require.NoError(t, WriteScorecardMarkdown(&b, sc))
	out := b.String()
	require.Contains(t, out, "Status: **incomplete**")
	require.Contains(t, out, "Total: **955.00** of 1000")
	require.Contains(t, out, "Grade: **no final grade (provisional 4A: data missing)**\n")
	require.Contains(t, out, `\| =cmd`, "pipes are escaped in table cells")
	require.Contains(t, out, "Missing observations (not scored): has_party_organization")
	require.Contains(t, out, "Bonus: Bonus claimed 10")
	require.Contains(t, out, "Veto: 怀宁")
	require.Contains(t, out, "❓ unverified")
	require.Error(t, WriteScorecardMarkdown(failWriter{}, sc))
}

func TestScorecardHTMLEscapes(t *testing.T) {
	sc := reportScorecard(t)
	var b bytes.Buffer
	require.NoError(t, WriteScorecardHTML(&b, sc))
	out := b.String()
	require.NotContains(t, out, "<script>")
	require.Contains(t, out, "&lt;script&gt;")
	require.NotContains(t, out, `class="missing"`)
	require.Contains(t, out, "<strong>no final grade (provisional 4A: data missing)</strong>")
	require.Contains(t, out, "Missing observations (not scored): has_party_organization")
	err := WriteScorecardHTML(failWriter{}, sc)
	require.ErrorIs(t, err, wushe.ErrUnavailable)
}

func TestScorecardCSV(t *testing.T) {
	sc := reportScorecard(t)
	var b bytes.Buffer
	require.NoError(t, WriteScorecardCSV(&b, sc))
	rows, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+5+1) // header, root + 4 dimensions, total
	require.Equal(t, "points", rows[0][6])
	require.Equal(t, "total", rows[1][1])
	require.Equal(t, "945.00", rows[1][6])
	require.True(t, strings.HasPrefix(rows[2][2], "<script>"))
	last := rows[len(rows)-1]
	require.Equal(t, "955.00", last[6])
	require.Equal(t, "grade no final grade (provisional 4A: data missing)", last[9])
	require.Equal(t, "'=x", csvText("=x"))
	require.Equal(t, "x", csvText("x"))
	require.Error(t, WriteScorecardCSV(failWriter{}, sc))
}

func TestNotRatedText(t *testing.T) {
	r, _ := SocialOrgRubric(SocialGroupOrFoundation, AnqingBands(), nil)
	sc, err := Evaluate(r, set(t, socialOrgObs("10", "10", CodeWorkPerformance, "10", "10")...), t0)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, WriteScorecardMarkdown(&b, sc))
	require.Contains(t, b.String(), "Grade: **not rated**")
	require.NotContains(t, b.String(), "provisional")

	sc, err = Evaluate(r, set(t, obs(CodeBasicConditions, "10", t0)), t0)
	require.NoError(t, err)
	b.Reset()
	require.NoError(t, WriteScorecardHTML(&b, sc))
	require.Equal(t, 4, strings.Count(b.String(), `class="missing"`), "the three leaves without data and the root above them")
}

func TestSROIReports(t *testing.T) {
	a := handSROI()
	a.Name = `Visits <b>&</b> | care`
	res, err := a.Calculate()
	require.NoError(t, err)
	sens, err := a.Sensitivity(nil)
	require.NoError(t, err)

	var md bytes.Buffer
	require.NoError(t, WriteSROIMarkdown(&md, res, &sens))
	require.Contains(t, md.String(), "SROI ratio: 1 : 1.4329")
	require.Contains(t, md.String(), "Payback: 12.00 months")
	require.Contains(t, md.String(), "Sensitivity: ratio")
	require.Contains(t, md.String(), `\| care`)
	md.Reset()
	require.NoError(t, WriteSROIMarkdown(&md, res, nil))
	require.NotContains(t, md.String(), "Sensitivity")

	var h bytes.Buffer
	require.NoError(t, WriteSROIHTML(&h, res, &sens))
	require.NotContains(t, h.String(), "<b>")
	require.Contains(t, h.String(), "&lt;b&gt;")
	require.Contains(t, h.String(), "1 : 1.4329")
	require.Contains(t, h.String(), "Sensitivity: ratio")
	h.Reset()
	require.NoError(t, WriteSROIHTML(&h, res, nil))
	require.NotContains(t, h.String(), "Sensitivity")

	var c bytes.Buffer
	require.NoError(t, WriteSROICSV(&c, res, &sens))
	rows, err := csv.NewReader(&c).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"summary", "ratio", "1.4329"}, rows[5])
	require.Equal(t, []string{"summary", "payback_months", "12.00"}, rows[7])
	require.Equal(t, 1+7+1+2+len(sens.Cases), len(rows))

	res.PaybackMonths = nil
	c.Reset()
	require.NoError(t, WriteSROICSV(&c, res, nil))
	require.Contains(t, c.String(), "payback_months,\n")
	md.Reset()
	require.NoError(t, WriteSROIMarkdown(&md, res, nil))
	require.Contains(t, md.String(), "never (no impact)")

	require.Error(t, WriteSROIMarkdown(failWriter{}, res, nil))
	require.Error(t, WriteSROIHTML(failWriter{}, res, nil))
	require.Error(t, WriteSROICSV(failWriter{}, res, nil))
}

// A complete scorecard shows its final grade, what capped or withheld it, and the rounded
// total beside the exact one that decided it.
func TestScorecardMarkdownFinalGrades(t *testing.T) {
	r, err := SocialOrgRubric(SocialGroupOrFoundation, HuainingBands(), nil)
	require.NoError(t, err)
	md := func(r Rubric, o ...Observation) string {
		sc, err := Evaluate(r, set(t, o...), t0)
		require.NoError(t, err)
		require.True(t, sc.Complete)
		var b bytes.Buffer
		require.NoError(t, WriteScorecardMarkdown(&b, sc))
		return b.String()
	}
	out := md(r, append(socialOrgObs("95", "330", CodeWorkPerformance, "380", "140"),
		obs(CodeAssessmentBonus, "10", t0), obs(CodeHasPartyOrganization, "0", t0))...)
	require.Contains(t, out, "Grade: **4A** (capped by a veto from 5A)\n")
	out = md(r, append(socialOrgObs("95", "330", CodeWorkPerformance, "335.6", "140"), obs(CodeHasPartyOrganization, "1", t0))...)
	require.Contains(t, out, "Total: **900.60** of 1000 (base 900.60 + bonus 0.00; scored out of 1000); 901 rounded, the grade is decided on the exact total\n- Grade: **3A**\n")
	r.Vetoes = append(r.Vetoes, Veto{Name: "Order 39 Art 7: not inspected last year", Indicator: CodeAnnualInspectionPassed, Min: d(1), Withhold: true})
	out = md(r, append(socialOrgObs("95", "330", CodeWorkPerformance, "380", "140"),
		obs(CodeHasPartyOrganization, "1", t0), obs(CodeAnnualInspectionPassed, "0", t0))...)
	require.Contains(t, out, "Grade: **withheld (不予评级)** (the total reaches 4A)\n")
}
