package evaluation

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func TestBuildRBA(t *testing.T) {
	part, _ := LookupIndicator(CodeResidentsParticipating) // population, better-off %
	filed, _ := LookupIndicator(CodeOrganizationsFiled)    // population, better-off #
	resp, _ := LookupIndicator(CodeMedianResponseDays)     // performance, how well, lower is better
	visits, _ := LookupIndicator(CodeHouseholdsVisited)    // performance, how much
	budget := Indicator{Code: "budget_execution", Name: "Budget execution", Unit: "ratio", Direction: OnTarget,
		Stage: StageInput, Quadrant: HowWell, Level: Performance, Counting: Ratio}
	at := func(o Observation, w time.Time) Observation { o.Period = year25; o.RecordedAt = w; return o }
	s := set(t,
		at(obs(CodeResidentsParticipating, "0.10", t0), t0), obs(CodeResidentsParticipating, "0.14", t0),
		at(obs(CodeOrganizationsFiled, "12", t0), t0), obs(CodeOrganizationsFiled, "12", t0),
		at(obs(CodeMedianResponseDays, "3", t0), t0), obs(CodeMedianResponseDays, "5", t0),
		obs(CodeHouseholdsVisited, "300", t0),
		at(obs("budget_execution", "0.8", t0), t0), obs("budget_execution", "1.05", t0),
		obs(CodeResidentsParticipating, "0.99", t0.AddDate(2, 0, 0)), // recorded after asOf: ignored
	)
	targets := map[string]decimal.Decimal{"budget_execution": d(1)}
	rep, err := BuildRBA([]Indicator{part, filed, resp, visits, budget}, s, org, year25, year26, t0.AddDate(1, 0, 0), targets)
	require.NoError(t, err)
	require.Len(t, rep.Population, 4)
	require.Len(t, rep.Performance, 4)
	line := func(group []RBAQuadrantLines, q Quadrant, i int) RBALine {
		for _, g := range group {
			if g.Quadrant == q {
				return g.Lines[i]
			}
		}
		t.Fatalf("no quadrant %s", q)
		return RBALine{}
	}
	p := line(rep.Population, BetterOffPercent, 0)
	require.Equal(t, TurningTheCurve, p.Trend)
	requireDec(t, "0.04", *p.Change)
	requireDec(t, "0.14", *p.Current)
	require.Equal(t, Flat, line(rep.Population, BetterOffNumber, 0).Trend)
	require.Equal(t, Worsening, line(rep.Performance, HowWell, 0).Trend, "response time rose")
	require.Equal(t, TurningTheCurve, line(rep.Performance, HowWell, 1).Trend, "0.8 → 1.05 is closer to 1")
	v := line(rep.Performance, HowMuch, 0)
	require.Equal(t, NoBaseline, v.Trend)
	require.Nil(t, v.Baseline)
	require.Nil(t, v.Change)

	b, _ := json.Marshal(rep)
	var back RBAReport
	require.NoError(t, json.Unmarshal(b, &back))
	b2, _ := json.Marshal(back)
	require.Equal(t, string(b), string(b2))
}

func TestBuildRBAErrors(t *testing.T) {
	budget := Indicator{Code: "b", Name: "B", Unit: "ratio", Direction: OnTarget, Stage: StageInput, Quadrant: HowWell, Level: Performance, Counting: Ratio}
	_, err := BuildRBA([]Indicator{budget, {Code: "X"}}, ObservationSet{}, Scope{}, wushe.Window{}, year26, time.Time{}, nil)
	for _, f := range []string{"Indicators[0].Direction", "Indicators[1].Name", "Scope", "Baseline.Start", "AsOf"} {
		requireField(t, err, f)
	}
}
