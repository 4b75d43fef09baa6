package evaluation

import (
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

// svgElements parses doc as XML and counts its elements by name, with the text of every
// title and text element; it fails the test on malformed XML or a script.
func svgElements(t *testing.T, doc string) (map[string]int, []string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	counts := map[string]int{}
	var texts []string
	var in string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, doc)
		switch tk := tok.(type) {
		case xml.StartElement:
			counts[tk.Name.Local]++
			in = tk.Name.Local
			for _, a := range tk.Attr {
				require.NotEqual(t, "href", a.Name.Local, "external reference")
				require.False(t, strings.HasPrefix(a.Name.Local, "on"), "event handler")
			}
		case xml.CharData:
			if s := strings.TrimSpace(string(tk)); s != "" && (in == "text" || in == "title") {
				texts = append(texts, s)
			}
		}
	}
	require.Zero(t, counts["script"])
	require.Equal(t, 1, counts["svg"])
	return counts, texts
}

func months(vals ...int64) []CurvePoint {
	out := make([]CurvePoint, len(vals))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, v := range vals {
		out[i] = CurvePoint{Period: wushe.NewWindow(start.AddDate(0, 0, 30*i), 30*24*time.Hour), Value: decimal.NewFromInt(v)}
	}
	return out
}

func TestForecast(t *testing.T) {
	h := months(10, 12, 14, 16)
	f := Forecast(h, 2)
	require.Len(t, f, 2)
	require.Equal(t, "18", f[0].Value.String())
	require.Equal(t, "20", f[1].Value.String())
	require.Equal(t, h[3].Period.End, f[0].Period.Start)
	require.Equal(t, f[0].Period.End, f[1].Period.Start)
	require.Equal(t, "7", Forecast(months(7), 1)[0].Value.String())
	require.Equal(t, "5", Forecast(months(5, 5, 5), 3)[2].Value.String())
	require.Nil(t, Forecast(nil, 3))
	require.Nil(t, Forecast(h, 0))
}

func TestTurnTheCurveSVG(t *testing.T) {
	h := months(10, 12, 11, 15)
	target := decimal.NewFromInt(20)
	doc := TurnTheCurveSVG(`Needs met <& "share">`, h, Forecast(h, 3), &target)
	counts, texts := svgElements(t, doc)
	require.Equal(t, 2, counts["polyline"])
	require.Equal(t, 7, counts["circle"])
	require.Contains(t, texts, `Needs met <& "share">`)
	require.Contains(t, texts, "target 20")
	require.Contains(t, texts, "2026-01-01: 10")
	require.Contains(t, doc, `class="target"`)
	// Without a target or a forecast, one line and no target.
	counts, _ = svgElements(t, TurnTheCurveSVG("x", h, nil, nil))
	require.Equal(t, 1, counts["polyline"])
	require.Zero(t, counts["line"]-2) // the two axes only
	// One point and no points still make a document.
	svgElements(t, TurnTheCurveSVG("x", months(3), nil, nil))
	svgElements(t, TurnTheCurveSVG("x", nil, nil, nil))
}

func TestScorecardSVG(t *testing.T) {
	d := func(v string) decimal.Decimal { return decimal.RequireFromString(v) }
	sc := Scorecard{RubricName: "Contract & outputs", Root: NodeScore{Code: "root", Points: d("55"), MaxPoints: d("100"), Children: []NodeScore{
		{Code: "outputs", Name: "产出", Points: d("40"), MaxPoints: d("60")},
		{Code: "quality", Name: "质量 <b>", Points: d("15"), MaxPoints: d("40"), Missing: true},
	}}}
	counts, texts := svgElements(t, ScorecardSVG(sc))
	require.Equal(t, 4, counts["rect"])
	require.Contains(t, texts, "Contract & outputs: 55 / 100")
	require.Contains(t, texts, "40 / 60")
	require.Contains(t, texts, "15 / 40 (incomplete)")
	require.Contains(t, texts, "质量 <b>")
	// The bars are drawn to scale: the points bar of outputs is 60% as long as the
	// longest maximum.
	doc := ScorecardSVG(sc)
	require.Contains(t, doc, `class="max" x="180" y="42" width="350.0"`)
	require.Contains(t, doc, `class="points" x="180" y="42" width="233.3"`)
	// A scorecard without dimensions draws its root.
	counts, _ = svgElements(t, ScorecardSVG(Scorecard{Rubric: "r", Root: NodeScore{Code: "r", Points: d("1"), MaxPoints: d("2")}}))
	require.Equal(t, 2, counts["rect"])
}

func TestStackedSVG(t *testing.T) {
	d := func(v string) decimal.Decimal { return decimal.RequireFromString(v) }
	cols := []StackColumn{
		{Period: months(0)[0].Period, Values: []decimal.Decimal{d("3"), d("0"), d("1")}},
		{Period: months(0, 0)[1].Period, Values: []decimal.Decimal{d("1"), d("2"), d("5")}},
	}
	doc, err := StackedSVG("Referrals <by> status", []string{"requested", "accepted", "completed & closed"}, cols)
	require.NoError(t, err)
	counts, texts := svgElements(t, doc)
	require.Equal(t, 5+3, counts["rect"], "five non-zero segments and three legend keys")
	require.Contains(t, texts, "Referrals <by> status")
	require.Contains(t, texts, "completed & closed 2026-01-31: 5")
	require.Contains(t, texts, "requested 2026-01-01: 3")
	require.Contains(t, texts, "8", "the y axis runs to the tallest column")
	// Segments are to scale and stack from the bottom: the second column is 8 high (the
	// whole plot, 230 units), its first segment 1 of 8.
	require.Contains(t, doc, `y="241.2" width="150.5" height="28.8" fill="#1f77b4"><title>requested 2026-01-31: 1</title>`)

	// An empty chart is still a well-formed document, and says it has nothing to show.
	empty, err := StackedSVG("none", []string{"a"}, nil)
	require.NoError(t, err)
	_, texts = svgElements(t, empty)
	require.Contains(t, texts, "no values in these periods")
	require.Empty(t, legend(empty))

	_, err = StackedSVG("x", nil, nil)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = StackedSVG("x", []string{"a", "b"}, []StackColumn{{Values: []decimal.Decimal{d("1")}}, {Values: []decimal.Decimal{d("1"), d("-1")}}})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	fe := wushe.FieldErrors(err)
	require.Len(t, fe, 2)
	require.Equal(t, "Columns[0].Values", fe[0].Field)
	require.Equal(t, "Columns[1].Values[1]", fe[1].Field)
}

// legendKey is one entry of a stacked chart's legend: a category and its colour.
type legendKey struct{ name, fill string }

var legendRe = regexp.MustCompile(`<rect class="legend" [^>]*fill="([^"]+)"/>\n<text [^>]*>([^<]*)</text>`)

// legend lists the legend of a stacked chart, top to bottom.
func legend(doc string) []legendKey {
	var out []legendKey
	for _, m := range legendRe.FindAllStringSubmatch(doc, -1) {
		out = append(out, legendKey{name: html.UnescapeString(m[2]), fill: m[1]})
	}
	return out
}

// A category that is zero in every column is left out, of the legend too; the others keep
// their order and the colour of their place in the list.
func TestStackedSVGShowsOnlyCategoriesWithValues(t *testing.T) {
	d := func(v string) decimal.Decimal { return decimal.RequireFromString(v) }
	cols := []StackColumn{
		{Period: months(0)[0].Period, Values: []decimal.Decimal{d("0"), d("2"), d("0"), d("0")}},
		{Period: months(0, 0)[1].Period, Values: []decimal.Decimal{d("0"), d("1"), d("0"), d("4")}},
	}
	doc, err := StackedSVG("referrals", []string{"requested", "accepted", "on_hold", "completed"}, cols)
	require.NoError(t, err)
	counts, texts := svgElements(t, doc)
	require.Equal(t, []legendKey{{"accepted", svgPalette[1]}, {"completed", svgPalette[3]}}, legend(doc))
	require.Equal(t, 3+2, counts["rect"], "three non-zero segments and two legend keys")
	require.NotContains(t, texts, "requested")
	require.NotContains(t, texts, "on_hold")
	require.NotContains(t, texts, "no values in these periods")

	// Every value zero: no legend, and the plot says so.
	for i := range cols {
		for j := range cols[i].Values {
			cols[i].Values[j] = decimal.Zero
		}
	}
	doc, err = StackedSVG("referrals", []string{"requested", "accepted", "on_hold", "completed"}, cols)
	require.NoError(t, err)
	_, texts = svgElements(t, doc)
	require.Empty(t, legend(doc))
	require.Contains(t, texts, "no values in these periods")
}

// Property: over random charts, the legend names exactly the categories with a value
// above zero in some column, in the order given, each in the colour of its place; every
// segment's category is in the legend.
func TestStackedSVGLegendProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 17))
	for range 300 {
		n := 1 + rng.IntN(12)
		cats := make([]string, n)
		for j := range cats {
			cats[j] = fmt.Sprintf("c%d<&>", j)
		}
		cols := make([]StackColumn, rng.IntN(40))
		for i := range cols {
			cols[i].Period = wushe.NewWindow(time.Date(2026, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC), 24*time.Hour)
			for range n {
				v := int64(0)
				if rng.IntN(3) == 0 {
					v = rng.Int64N(20)
				}
				cols[i].Values = append(cols[i].Values, decimal.NewFromInt(v))
			}
		}
		doc, err := StackedSVG("p", cats, cols)
		require.NoError(t, err)
		var want []legendKey
		for j, c := range cats {
			for _, col := range cols {
				if col.Values[j].IsPositive() {
					want = append(want, legendKey{c, svgPalette[j%len(svgPalette)]})
					break
				}
			}
		}
		require.Equal(t, want, legend(doc))
		_, texts := svgElements(t, doc)
		for _, txt := range texts {
			if name, _, ok := strings.Cut(txt, " 20"); ok {
				require.True(t, slices.ContainsFunc(want, func(k legendKey) bool { return k.name == name }), "segment %q", txt)
			}
		}
		if want == nil {
			require.Contains(t, texts, "no values in these periods")
		}
		requireDateLabelsApart(t, doc, len(cols))
	}
}

var dateLabelRe = regexp.MustCompile(`<text x="([0-9.]+)" y="\d+" font-size="10" text-anchor="middle">\d{4}-\d\d-\d\d</text>`)

// requireDateLabelsApart checks that a chart of n periods labels the first one and that
// its date labels are at least dateLabelWidth apart and whole on the chart, so none
// overlap or is cut.
func requireDateLabelsApart(t *testing.T, doc string, n int) {
	t.Helper()
	ms := dateLabelRe.FindAllStringSubmatch(doc, -1)
	if n == 0 {
		require.Empty(t, ms)
		return
	}
	require.NotEmpty(t, ms, "the first column is labelled")
	last := -1.0
	for _, m := range ms {
		x, err := strconv.ParseFloat(m[1], 64)
		require.NoError(t, err)
		if last >= 0 {
			require.GreaterOrEqual(t, x-last, float64(dateLabelWidth)-0.1, "labels %v apart", x-last)
		}
		require.LessOrEqual(t, x+dateLabelWidth/2, float64(svgWidth), "a label ends past the chart's edge")
		last = x
	}
}

// A year of months labels every second month: twelve dates side by side overlapped.
func TestStackedSVGYearLabels(t *testing.T) {
	var cols []StackColumn
	for m := range 12 {
		start := time.Date(2023, time.Month(1+m), 1, 0, 0, 0, 0, time.UTC)
		cols = append(cols, StackColumn{Period: wushe.Window{Start: start, End: start.AddDate(0, 1, 0)}, Values: []decimal.Decimal{decimal.NewFromInt(1)}})
	}
	doc, err := StackedSVG("year", []string{"a"}, cols)
	require.NoError(t, err)
	require.Len(t, dateLabelRe.FindAllString(doc, -1), 6)
	require.Contains(t, doc, ">2023-01-01</text>")
	require.Contains(t, doc, ">2023-11-01</text>")
	require.NotContains(t, doc, ">2023-02-01</text>")
	requireDateLabelsApart(t, doc, 12)
}

// A year of months and three forecast ones: every second date is labelled, the last one
// moved left so that it is not cut at the chart's right edge.
func TestTurnTheCurveSVGLabels(t *testing.T) {
	var h []CurvePoint
	for m := range 12 {
		start := time.Date(2023, time.Month(1+m), 1, 0, 0, 0, 0, time.UTC)
		h = append(h, CurvePoint{Period: wushe.Window{Start: start, End: start.AddDate(0, 1, 0)}, Value: decimal.NewFromInt(int64(m % 3))})
	}
	f := Forecast(h, 3)
	doc := TurnTheCurveSVG("needs", h, f, nil)
	svgElements(t, doc)
	require.Len(t, dateLabelRe.FindAllString(doc, -1), 8)
	require.Contains(t, doc, `x="610.0" y="286" font-size="10" text-anchor="middle">`+f[2].Period.Start.Format("2006-01-02")+"</text>",
		"the last forecast period is labelled, moved left from its point at 620")
	requireDateLabelsApart(t, doc, 15)
}
