package evaluation

import (
	"fmt"
	"html"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// CurvePoint is one period's value of an indicator, a point of a turn-the-curve chart.
type CurvePoint struct {
	// Period is the period the value covers; the chart labels it by its start date.
	Period wushe.Window `json:"period"`
	// Value is the indicator's value over it.
	Value decimal.Decimal `json:"value"`
}

// The size of every chart, in SVG user units.
const (
	svgWidth, svgHeight = 640, 320
	svgLeft, svgRight   = 60, 20
	svgTop, svgBottom   = 40, 50
)

// Forecast extends history by ahead periods along its least-squares line: the RBA
// baseline forecast, where the curve goes if nothing changes. Each new period has the
// length of the last one and follows it; values are rounded to 2 decimal places (half away
// from zero). With fewer than two points there is no trend: the last value is carried
// forward. It returns nil for an empty history or ahead ≤ 0.
func Forecast(history []CurvePoint, ahead int) []CurvePoint {
	if len(history) == 0 || ahead <= 0 {
		return nil
	}
	n := decimal.NewFromInt(int64(len(history)))
	var sx, sy, sxy, sxx decimal.Decimal
	for i, p := range history {
		x := decimal.NewFromInt(int64(i))
		sx, sy = sx.Add(x), sy.Add(p.Value)
		sxy, sxx = sxy.Add(x.Mul(p.Value)), sxx.Add(x.Mul(x))
	}
	slope := decimal.Zero
	if den := n.Mul(sxx).Sub(sx.Mul(sx)); !den.IsZero() {
		slope = n.Mul(sxy).Sub(sx.Mul(sy)).DivRound(den, 8)
	}
	intercept := sy.Sub(slope.Mul(sx)).DivRound(n, 8)
	if len(history) == 1 {
		intercept = history[0].Value
	}
	last := history[len(history)-1].Period
	out := make([]CurvePoint, ahead)
	for k := range ahead {
		x := decimal.NewFromInt(int64(len(history) + k))
		start := last.End.Add(last.Duration() * time.Duration(k))
		out[k] = CurvePoint{Period: wushe.NewWindow(start, last.Duration()), Value: intercept.Add(slope.Mul(x)).Round(2)}
	}
	return out
}

// TurnTheCurveSVG draws the RBA turn-the-curve chart of one indicator as an SVG document
// (no scripts, no external files): the history as a solid line with its points, the
// baseline forecast continuing it as a dashed line, and the target, when not nil, as a
// horizontal line. The y axis runs from 0 (or the lowest value, when negative) to the
// highest value; the x axis labels each period by its start date (at most twelve, each
// whole on the chart). title is escaped.
func TurnTheCurveSVG(title string, history, forecast []CurvePoint, target *decimal.Decimal) string {
	all := append(append([]CurvePoint(nil), history...), forecast...)
	lo, hi := decimal.Zero, decimal.Zero
	for _, p := range all {
		lo, hi = decimal.Min(lo, p.Value), decimal.Max(hi, p.Value)
	}
	if target != nil {
		lo, hi = decimal.Min(lo, *target), decimal.Max(hi, *target)
	}
	if hi.Equal(lo) {
		hi = lo.Add(decimal.NewFromInt(1))
	}
	plotW := float64(svgWidth - svgLeft - svgRight)
	plotH := float64(svgHeight - svgTop - svgBottom)
	x := func(i int) float64 {
		if len(all) < 2 {
			return svgLeft + plotW/2
		}
		return svgLeft + plotW*float64(i)/float64(len(all)-1)
	}
	y := func(v decimal.Decimal) float64 {
		f, _ := v.Sub(lo).Div(hi.Sub(lo)).Float64()
		return svgTop + plotH*(1-f)
	}
	var b strings.Builder
	svgOpen(&b, title)
	svgAxes(&b, lo, hi)
	line := func(class string, from int, pts []CurvePoint, dash string) {
		if len(pts) == 0 {
			return
		}
		var coords []string
		if from > 0 && len(history) > 0 {
			coords = append(coords, fmt.Sprintf("%.1f,%.1f", x(from-1), y(history[len(history)-1].Value)))
		}
		for i, p := range pts {
			coords = append(coords, fmt.Sprintf("%.1f,%.1f", x(from+i), y(p.Value)))
		}
		fmt.Fprintf(&b, `<polyline class="%s" fill="none" stroke="%s" stroke-width="2"%s points="%s"/>`+"\n",
			class, map[string]string{"history": "#1f77b4", "forecast": "#7f7f7f"}[class], dash, strings.Join(coords, " "))
		for i, p := range pts {
			fmt.Fprintf(&b, `<circle class="%s-point" cx="%.1f" cy="%.1f" r="3" fill="#1f77b4"><title>%s: %s</title></circle>`+"\n",
				class, x(from+i), y(p.Value), p.Period.Start.Format("2006-01-02"), p.Value.String())
		}
	}
	line("history", 0, history, "")
	line("forecast", len(history), forecast, ` stroke-dasharray="6 4"`)
	if target != nil {
		ty := y(*target)
		fmt.Fprintf(&b, `<line class="target" x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#2ca02c" stroke-width="2"/>`+"\n", svgLeft, ty, svgWidth-svgRight, ty)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" font-size="11" fill="#2ca02c" text-anchor="end">target %s</text>`+"\n", svgWidth-svgRight, ty-4, target.String())
	}
	for i, p := range all {
		if len(all) > 12 && i%((len(all)+11)/12) != 0 {
			continue
		}
		// The last label, under the right end of the axis, moves left to stay on the chart.
		lx := min(x(i), svgWidth-dateLabelWidth/2)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="10" text-anchor="middle">%s</text>`+"\n", lx, svgHeight-svgBottom+16, p.Period.Start.Format("2006-01-02"))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// ScorecardSVG draws a scorecard's dimensions (the root's children) as horizontal bars:
// each dimension's points in a bar drawn against a lighter bar of its maximum, labelled
// "points / max"; a dimension with a missing leaf is marked "(incomplete)". An SVG
// document with no scripts and no external files.
func ScorecardSVG(sc Scorecard) string {
	dims := sc.Root.Children
	if len(dims) == 0 {
		dims = []NodeScore{sc.Root}
	}
	top := decimal.Zero
	for _, d := range dims {
		top = decimal.Max(top, d.MaxPoints, d.Points)
	}
	if top.IsZero() {
		top = decimal.NewFromInt(1)
	}
	const rowH, labelW = 28, 180
	height := svgTop + rowH*len(dims) + 20
	barW := float64(svgWidth - labelW - svgRight - 90)
	w := func(v decimal.Decimal) float64 {
		f, _ := v.Div(top).Float64()
		return barW * f
	}
	var b strings.Builder
	title := sc.RubricName
	if title == "" {
		title = sc.Rubric
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img">`+"\n", svgWidth, height, svgWidth, height)
	fmt.Fprintf(&b, `<title>%s</title>`+"\n", html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="%d" y="24" font-size="14" font-weight="bold">%s: %s / %s</text>`+"\n", svgLeft, html.EscapeString(title), sc.Root.Points.String(), sc.Root.MaxPoints.String())
	for i, d := range dims {
		y := svgTop + i*rowH
		name := d.Name
		if name == "" {
			name = d.Code
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end">%s</text>`+"\n", labelW-8, y+16, html.EscapeString(name))
		fmt.Fprintf(&b, `<rect class="max" x="%d" y="%d" width="%.1f" height="20" fill="#dddddd"/>`+"\n", labelW, y+2, w(d.MaxPoints))
		fmt.Fprintf(&b, `<rect class="points" x="%d" y="%d" width="%.1f" height="20" fill="#1f77b4"><title>%s</title></rect>`+"\n", labelW, y+2, w(d.Points), html.EscapeString(d.Code))
		note := ""
		if d.Missing {
			note = " (incomplete)"
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="12">%s / %s%s</text>`+"\n", float64(labelW)+barW+6, y+16, d.Points.String(), d.MaxPoints.String(), note)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// svgOpen writes the root element and the title of a chart of the standard size.
func svgOpen(b *strings.Builder, title string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img">`+"\n", svgWidth, svgHeight, svgWidth, svgHeight)
	fmt.Fprintf(b, `<title>%s</title>`+"\n", html.EscapeString(title))
	fmt.Fprintf(b, `<text x="%d" y="24" font-size="14" font-weight="bold">%s</text>`+"\n", svgLeft, html.EscapeString(title))
}

// svgAxes writes the axes of a chart of the standard size with its y range labelled.
func svgAxes(b *strings.Builder, lo, hi decimal.Decimal) {
	bottom := svgHeight - svgBottom
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#000"/>`+"\n", svgLeft, svgTop, svgLeft, bottom)
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#000"/>`+"\n", svgLeft, bottom, svgWidth-svgRight, bottom)
	fmt.Fprintf(b, `<text x="%d" y="%d" font-size="10" text-anchor="end">%s</text>`+"\n", svgLeft-4, svgTop+4, hi.Round(2).String())
	fmt.Fprintf(b, `<text x="%d" y="%d" font-size="10" text-anchor="end">%s</text>`+"\n", svgLeft-4, bottom, lo.Round(2).String())
}

// dateLabelWidth is the width a date label on the x axis takes ("2006-01-02" at font size
// 10, with a gap), in SVG user units.
const dateLabelWidth = 60

// StackColumn is one period's values by category: a column of a stacked chart.
type StackColumn struct {
	// Period is the period the column shows; the chart labels it by its start date.
	Period wushe.Window `json:"period"`
	// Values holds one value per category, in the chart's category order; none negative.
	Values []decimal.Decimal `json:"values"`
}

// svgPalette colours the categories of a stacked chart in order (repeating after ten).
var svgPalette = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"}

// StackedSVG draws values by category over time as stacked columns, as an SVG document
// with no scripts and no external files: one column per period, labelled by its start
// date (every few columns when the dates would otherwise overlap), its segments the
// categories in order from the bottom, and a legend naming the colour of each category
// shown. Only the categories with a value above zero in some column are shown, in the
// legend too, in the order of categories; each keeps the colour of its place in
// categories, so one list of categories colours every chart alike. When no category has
// a value the plot says so. Each segment's title gives its category, period and value;
// title and category names are escaped. The y axis runs from 0 to the tallest column.
//
// Errors are KindInvalid: no categories, a column whose Values do not match the
// categories one for one, a negative value.
func StackedSVG(title string, categories []string, columns []StackColumn) (string, error) {
	const op = "evaluation.StackedSVG"
	p := wushe.Check("StackedChart")
	p.Require(len(categories) > 0, "Categories", "are required")
	top := decimal.Zero
	for i, c := range columns {
		f := wushe.Index("Columns", i)
		if !p.Require(len(c.Values) == len(categories), f+".Values", fmt.Sprintf("has %d values for %d categories", len(c.Values), len(categories))) {
			continue
		}
		sum := decimal.Zero
		for j, v := range c.Values {
			p.Require(!v.IsNegative(), wushe.Index(f+".Values", j), "is negative")
			sum = sum.Add(v)
		}
		top = decimal.Max(top, sum)
	}
	if err := p.Err(); err != nil {
		return "", wushe.WithOp(op, err)
	}
	if top.IsZero() {
		top = decimal.NewFromInt(1)
	}
	plotW := float64(svgWidth - svgLeft - svgRight - 130) // the legend takes the right
	plotH := float64(svgHeight - svgTop - svgBottom)
	slot := plotW / float64(max(len(columns), 1))
	h := func(v decimal.Decimal) float64 {
		f, _ := v.Div(top).Float64()
		return plotH * f
	}
	// Label every labelStep-th column, so that no two dates overlap.
	labelStep := max(1, int(math.Ceil(dateLabelWidth/slot)))
	var b strings.Builder
	svgOpen(&b, title)
	svgAxes(&b, decimal.Zero, top)
	bottom := float64(svgHeight - svgBottom)
	for i, c := range columns {
		x := float64(svgLeft) + slot*float64(i) + slot*0.15
		y := bottom
		date := c.Period.Start.Format("2006-01-02")
		for j, v := range c.Values {
			if v.IsZero() {
				continue
			}
			hh := h(v)
			y -= hh
			fmt.Fprintf(&b, `<rect class="segment" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %s</title></rect>`+"\n",
				x, y, slot*0.7, hh, svgPalette[j%len(svgPalette)], html.EscapeString(categories[j]), date, v.String())
		}
		if i%labelStep == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="10" text-anchor="middle">%s</text>`+"\n", x+slot*0.35, svgHeight-svgBottom+16, date)
		}
	}
	lx := svgWidth - svgRight - 120
	shown := 0
	for j, name := range categories {
		if !slices.ContainsFunc(columns, func(c StackColumn) bool { return c.Values[j].IsPositive() }) {
			continue
		}
		ly := svgTop + 16*shown
		shown++
		fmt.Fprintf(&b, `<rect class="legend" x="%d" y="%d" width="10" height="10" fill="%s"/>`+"\n", lx, ly, svgPalette[j%len(svgPalette)])
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11">%s</text>`+"\n", lx+14, ly+9, html.EscapeString(name))
	}
	if shown == 0 {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" text-anchor="middle">no values in these periods</text>`+"\n",
			float64(svgLeft)+plotW/2, float64(svgTop)+plotH/2)
	}
	b.WriteString("</svg>\n")
	return b.String(), nil
}
