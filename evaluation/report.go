package evaluation

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// mdCell makes text safe inside a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "\\", "\\\\")
	s = strings.ReplaceAll(s, "|", "\\|")
	return strings.Join(strings.Fields(s), " ")
}

// csvText keeps a text cell from being read as a spreadsheet formula.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func decOr(v *decimal.Decimal, none string) string {
	if v == nil {
		return none
	}
	return v.String()
}

type scoreRow struct {
	Depth                     int
	Code, Name, Method        string
	Value, Attainment, Points string
	MaxPoints, Explanation    string
	Missing                   bool
}

func scoreRows(n NodeScore, depth int, out *[]scoreRow) {
	att := "—"
	if n.Attainment != nil {
		att = pct(*n.Attainment)
	}
	points := n.Points.StringFixed(2)
	if n.Missing && len(n.Children) == 0 {
		points = "—" // not scored, not zero
	}
	*out = append(*out, scoreRow{Depth: depth, Code: n.Code, Name: n.Name, Method: string(n.Method),
		Value: decOr(n.Value, "—"), Attainment: att, Points: points,
		MaxPoints: n.MaxPoints.String(), Explanation: n.Explanation, Missing: n.Missing})
	for _, c := range n.Children {
		scoreRows(c, depth+1, out)
	}
}

func reportErr(op string, err error) error {
	if err == nil {
		return nil
	}
	return &wushe.Error{Op: op, Kind: wushe.KindUnavailable, Msg: "writing the report failed", Err: err}
}

// WriteScorecardMarkdown writes the scorecard as a Markdown document: a summary, the
// score tree as a table, vetoes and the missing indicators.
func WriteScorecardMarkdown(w io.Writer, sc Scorecard) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", mdCell(sc.RubricName))
	fmt.Fprintf(&b, "- Rubric: `%s` (%s %s)\n- Source: %s\n- As of: %s\n- Status: **%s**\n",
		sc.Rubric, sc.Confidence.Symbol(), sc.Confidence, mdCell(sc.Source), sc.AsOf.UTC().Format(time.RFC3339), sc.Status())
	fmt.Fprintf(&b, "- Total: **%s** of %s (base %s + bonus %s; scored out of %s)",
		sc.Total.StringFixed(2), sc.MaxPoints, sc.Base.StringFixed(2), sc.Bonus.StringFixed(2), sc.ScoredMaxPoints)
	if !sc.RoundedTotal.Equal(sc.Total) {
		fmt.Fprintf(&b, "; %s rounded, the grade is decided on the exact total", sc.RoundedTotal)
	}
	fmt.Fprintf(&b, "\n- Grade: **%s**", sc.GradeText())
	switch {
	case sc.Complete && sc.Withheld && sc.GradeBeforeVetoes != "":
		fmt.Fprintf(&b, " (the total reaches %s)", sc.GradeBeforeVetoes)
	case sc.Complete && sc.Grade != sc.GradeBeforeVetoes:
		fmt.Fprintf(&b, " (capped by a veto from %s)", sc.GradeBeforeVetoes)
	}
	b.WriteString("\n\n| Indicator | Value | Attainment | Points | Max | Explanation |\n|---|---|---|---|---|---|\n")
	var rows []scoreRow
	scoreRows(sc.Root, 0, &rows)
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s%s | %s | %s | %s | %s | %s |\n", strings.Repeat("  ", r.Depth),
			mdCell(r.Name), r.Value, r.Attainment, r.Points, r.MaxPoints, mdCell(r.Explanation))
	}
	if sc.BonusNote != "" {
		fmt.Fprintf(&b, "\nBonus: %s\n", mdCell(sc.BonusNote))
	}
	for _, v := range sc.Vetoes {
		fmt.Fprintf(&b, "\nVeto: %s\n", mdCell(v.Explanation))
	}
	if len(sc.Missing) > 0 {
		fmt.Fprintf(&b, "\nMissing observations (not scored): %s\n", strings.Join(sc.Missing, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return reportErr("evaluation.WriteScorecardMarkdown", err)
}

// WriteScorecardCSV writes one row per rubric node: depth, code, name, method, value,
// attainment, points, max points, missing, explanation, after a header row.
func WriteScorecardCSV(w io.Writer, sc Scorecard) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"depth", "code", "name", "method", "value", "attainment", "points", "max_points", "missing", "explanation"})
	var rows []scoreRow
	scoreRows(sc.Root, 0, &rows)
	for _, r := range rows {
		_ = cw.Write([]string{fmt.Sprint(r.Depth), r.Code, csvText(r.Name), r.Method, r.Value, r.Attainment,
			r.Points, r.MaxPoints, fmt.Sprint(r.Missing), csvText(r.Explanation)})
	}
	_ = cw.Write([]string{"", "total", csvText(sc.RubricName), "", "", "", sc.Total.StringFixed(2), sc.MaxPoints.String(),
		fmt.Sprint(!sc.Complete), "grade " + sc.GradeText()})
	cw.Flush()
	return reportErr("evaluation.WriteScorecardCSV", cw.Error())
}

var scorecardHTML = template.Must(template.New("scorecard").Funcs(template.FuncMap{
	"indent": func(n int) string { return strings.Repeat("\u00a0\u00a0", n) },
}).Parse(`<section class="wushe-scorecard">
<h1>{{.SC.RubricName}}</h1>
<p>Source: {{.SC.Source}} ({{.SC.Confidence}})</p>
<p>Status: <strong>{{.SC.Status}}</strong>. Total <strong>{{.SC.Total.StringFixed 2}}</strong> of {{.SC.MaxPoints}}; grade <strong>{{.SC.GradeText}}</strong>.</p>
<table>
<thead><tr><th>Indicator</th><th>Value</th><th>Attainment</th><th>Points</th><th>Max</th><th>Explanation</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr{{if .Missing}} class="missing"{{end}}><td>{{indent .Depth}}{{.Name}}</td><td>{{.Value}}</td><td>{{.Attainment}}</td><td>{{.Points}}</td><td>{{.MaxPoints}}</td><td>{{.Explanation}}</td></tr>
{{- end}}
</tbody>
</table>
{{- if .SC.BonusNote}}
<p>Bonus: {{.SC.BonusNote}}</p>
{{- end}}
{{- range .SC.Vetoes}}
<p>Veto: {{.Explanation}}</p>
{{- end}}
{{- if .SC.Missing}}
<p>Missing observations (not scored): {{range $i, $m := .SC.Missing}}{{if $i}}, {{end}}{{$m}}{{end}}</p>
{{- end}}
</section>
`))

// WriteScorecardHTML writes the scorecard as an HTML fragment (a <section>); every text
// is escaped by html/template.
func WriteScorecardHTML(w io.Writer, sc Scorecard) error {
	var rows []scoreRow
	scoreRows(sc.Root, 0, &rows)
	return reportErr("evaluation.WriteScorecardHTML", scorecardHTML.Execute(w, struct {
		SC   Scorecard
		Rows []scoreRow
	}{sc, rows}))
}

func payback(r SROIResult) string {
	if r.PaybackMonths == nil {
		return "never (no impact)"
	}
	return r.PaybackMonths.StringFixed(2) + " months"
}

// WriteSROIMarkdown writes an SROI result, and the sensitivity analysis when s is not nil.
func WriteSROIMarkdown(w io.Writer, r SROIResult, s *Sensitivity) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# SROI: %s\n\n", mdCell(r.Name))
	fmt.Fprintf(&b, "- Total inputs: %s CNY (volunteer time %s CNY)\n- Present value: %s CNY\n- NPV: %s CNY\n",
		r.TotalInputs.StringFixed(2), r.VolunteerValue.StringFixed(2), r.PresentValue.StringFixed(2), r.NPV.StringFixed(2))
	fmt.Fprintf(&b, "- SROI ratio: 1 : %s (net %s)\n- Payback: %s\n- Discounting: %s\n\n",
		r.Ratio.StringFixed(4), r.NetRatio.StringFixed(4), payback(r), mdCell(r.Discounting))
	b.WriteString("| Outcome | Gross / year | Impact / year | Present value |\n|---|---|---|---|\n")
	for _, o := range r.Outcomes {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", mdCell(o.Name), o.Gross.StringFixed(2), o.Impact.StringFixed(2), o.PresentValue.StringFixed(2))
	}
	b.WriteString("\n| Year | Value | Discount factor | Present value |\n|---|---|---|---|\n")
	for _, y := range r.Years {
		fmt.Fprintf(&b, "| %d | %s | %s | %s |\n", y.Year, y.Value.StringFixed(2), y.DiscountFactor.StringFixed(6), y.PresentValue.StringFixed(2))
	}
	if s != nil {
		fmt.Fprintf(&b, "\nSensitivity: ratio %s to %s (base %s)\n\n| Assumption | From | To | Ratio |\n|---|---|---|---|\n",
			s.Min.StringFixed(4), s.Max.StringFixed(4), s.Base.StringFixed(4))
		for _, c := range s.Cases {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", mdCell(c.Assumption), c.From, c.To, c.Ratio.StringFixed(4))
		}
	}
	_, err := io.WriteString(w, b.String())
	return reportErr("evaluation.WriteSROIMarkdown", err)
}

// WriteSROICSV writes the SROI result as "section,name,value" rows: the summary figures,
// then each outcome's present value, each year's present value and, when s is not nil,
// each sensitivity case's ratio.
func WriteSROICSV(w io.Writer, r SROIResult, s *Sensitivity) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"section", "name", "value"})
	pb := ""
	if r.PaybackMonths != nil {
		pb = r.PaybackMonths.StringFixed(2)
	}
	for _, row := range [][2]string{
		{"total_inputs", r.TotalInputs.StringFixed(2)}, {"volunteer_value", r.VolunteerValue.StringFixed(2)},
		{"present_value", r.PresentValue.StringFixed(2)}, {"npv", r.NPV.StringFixed(2)},
		{"ratio", r.Ratio.StringFixed(4)}, {"net_ratio", r.NetRatio.StringFixed(4)}, {"payback_months", pb},
	} {
		_ = cw.Write([]string{"summary", row[0], row[1]})
	}
	for _, o := range r.Outcomes {
		_ = cw.Write([]string{"outcome", csvText(o.Name), o.PresentValue.StringFixed(2)})
	}
	for _, y := range r.Years {
		_ = cw.Write([]string{"year", fmt.Sprint(y.Year), y.PresentValue.StringFixed(2)})
	}
	if s != nil {
		for _, c := range s.Cases {
			_ = cw.Write([]string{"sensitivity", csvText(c.Assumption + ": " + c.From.String() + " -> " + c.To.String()), c.Ratio.StringFixed(4)})
		}
	}
	cw.Flush()
	return reportErr("evaluation.WriteSROICSV", cw.Error())
}

var sroiHTML = template.Must(template.New("sroi").Parse(`<section class="wushe-sroi">
<h1>SROI: {{.R.Name}}</h1>
<p>Total inputs {{.R.TotalInputs.StringFixed 2}} CNY; present value {{.R.PresentValue.StringFixed 2}} CNY; NPV {{.R.NPV.StringFixed 2}} CNY.</p>
<p>SROI ratio 1 : {{.R.Ratio.StringFixed 4}} (net {{.R.NetRatio.StringFixed 4}}); payback {{.Payback}}. Discounting: {{.R.Discounting}}.</p>
<table>
<thead><tr><th>Outcome</th><th>Gross / year</th><th>Impact / year</th><th>Present value</th></tr></thead>
<tbody>
{{- range .R.Outcomes}}
<tr><td>{{.Name}}</td><td>{{.Gross.StringFixed 2}}</td><td>{{.Impact.StringFixed 2}}</td><td>{{.PresentValue.StringFixed 2}}</td></tr>
{{- end}}
</tbody>
</table>
{{- with .S}}
<p>Sensitivity: ratio {{.Min.StringFixed 4}} to {{.Max.StringFixed 4}} (base {{.Base.StringFixed 4}}).</p>
<table>
<thead><tr><th>Assumption</th><th>From</th><th>To</th><th>Ratio</th></tr></thead>
<tbody>
{{- range .Cases}}
<tr><td>{{.Assumption}}</td><td>{{.From}}</td><td>{{.To}}</td><td>{{.Ratio.StringFixed 4}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}
</section>
`))

// WriteSROIHTML writes the SROI result (and sensitivity when s is not nil) as an escaped
// HTML fragment.
func WriteSROIHTML(w io.Writer, r SROIResult, s *Sensitivity) error {
	return reportErr("evaluation.WriteSROIHTML", sroiHTML.Execute(w, struct {
		R       SROIResult
		S       *Sensitivity
		Payback string
	}{r, s, payback(r)}))
}
