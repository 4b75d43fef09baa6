package evaluation

import (
	"encoding/xml"
	"io"
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

	// An empty chart is still a well-formed document.
	empty, err := StackedSVG("none", []string{"a"}, nil)
	require.NoError(t, err)
	svgElements(t, empty)

	_, err = StackedSVG("x", nil, nil)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = StackedSVG("x", []string{"a", "b"}, []StackColumn{{Values: []decimal.Decimal{d("1")}}, {Values: []decimal.Decimal{d("1"), d("-1")}}})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	fe := wushe.FieldErrors(err)
	require.Len(t, fe, 2)
	require.Equal(t, "Columns[0].Values", fe[0].Field)
	require.Equal(t, "Columns[1].Values[1]", fe[1].Field)
}
