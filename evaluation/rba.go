package evaluation

import (
	"time"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// Trend is the direction a value moved from its baseline, read with the indicator's Direction.
type Trend string

// The trends.
const (
	// TurningTheCurve: better than the baseline.
	TurningTheCurve Trend = "turning_the_curve"
	// Flat: equal to the baseline.
	Flat Trend = "flat"
	// Worsening: worse than the baseline.
	Worsening Trend = "worsening"
	// NoBaseline: the baseline or the current value is missing.
	NoBaseline Trend = "no_baseline"
)

// RBALine is one indicator in an RBA report.
type RBALine struct {
	// Indicator is the indicator reported.
	Indicator Indicator `json:"indicator"`
	// Current and Baseline are the observed values, nil when missing.
	Current  *decimal.Decimal `json:"current,omitempty"`
	Baseline *decimal.Decimal `json:"baseline,omitempty"`
	// Change is Current − Baseline when both exist.
	Change *decimal.Decimal `json:"change,omitempty"`
	// Trend reads Change with the indicator's Direction. For an OnTarget indicator it
	// compares distances to Target.
	Trend Trend `json:"trend"`
}

// RBAQuadrantLines holds the lines of one quadrant.
type RBAQuadrantLines struct {
	// Quadrant is the RBA quadrant.
	Quadrant Quadrant `json:"quadrant"`
	// Lines are its indicators.
	Lines []RBALine `json:"lines"`
}

// RBAReport groups indicators by RBA quadrant and level: population indicators (the
// community's conditions, "turn the curve") apart from performance measures (the
// programme's clients).
type RBAReport struct {
	// Scope is the unit reported on; Baseline and Current the two periods compared;
	// AsOf the time up to which observations were used.
	Scope    Scope        `json:"scope"`
	Baseline wushe.Window `json:"baseline"`
	Current  wushe.Window `json:"current"`
	AsOf     time.Time    `json:"as_of"`
	// Population and Performance list the quadrants in Quadrants() order, each present
	// even when empty; lines keep the order of the indicators given.
	Population  []RBAQuadrantLines `json:"population"`
	Performance []RBAQuadrantLines `json:"performance"`
	// Targets holds targets used for OnTarget indicators, by code.
	Targets map[string]decimal.Decimal `json:"targets,omitempty"`
}

// BuildRBA builds an RBA report for one scope from the observations recorded by asOf:
// each indicator's current value is its resolved observation whose period equals current,
// its baseline the one whose period equals baseline. targets gives the target of each
// OnTarget indicator (by code); one missing is an error.
func BuildRBA(indicators []Indicator, obs ObservationSet, scope Scope, baseline, current wushe.Window, asOf time.Time, targets map[string]decimal.Decimal) (RBAReport, error) {
	const op = "evaluation.BuildRBA"
	p := wushe.Check("RBAReport")
	for i, in := range indicators {
		p.Nested(wushe.Index("Indicators", i), in.Validate())
		if in.Direction == OnTarget {
			if _, ok := targets[in.Code]; !ok {
				p.Addf(wushe.Index("Indicators", i)+".Direction", "indicator %s is read against a target; targets has none", in.Code)
			}
		}
	}
	if !scope.Kind.Valid() {
		p.Addf("Scope", "kind %s", scopeKinds.Problem(scope.Kind))
	}
	p.Require(scope.ID != "", "Scope", "an ID is required")
	p.Nested("Baseline", baseline.Validate())
	p.Nested("Current", current.Validate())
	p.Require(!asOf.IsZero(), "AsOf", "is required")
	if err := p.Err(); err != nil {
		return RBAReport{}, wushe.WithOp(op, err)
	}
	rep := RBAReport{Scope: scope, Baseline: baseline, Current: current, AsOf: asOf, Targets: targets}
	for _, q := range Quadrants() {
		rep.Population = append(rep.Population, RBAQuadrantLines{Quadrant: q})
		rep.Performance = append(rep.Performance, RBAQuadrantLines{Quadrant: q})
	}
	mine := obs.AsOf(asOf).Filter(ObservationFilter{Scope: scope}).Resolved()
	find := func(code string, w wushe.Window) *decimal.Decimal {
		for _, o := range mine {
			if o.Indicator == code && o.Period.Start.Equal(w.Start) && o.Period.End.Equal(w.End) {
				v := o.Value
				return &v
			}
		}
		return nil
	}
	for _, in := range indicators {
		l := RBALine{Indicator: in, Current: find(in.Code, current), Baseline: find(in.Code, baseline), Trend: NoBaseline}
		if l.Current != nil && l.Baseline != nil {
			ch := l.Current.Sub(*l.Baseline)
			l.Change = &ch
			better := ch.Sign()
			switch in.Direction {
			case LowerIsBetter:
				better = -better
			case OnTarget:
				t := targets[in.Code]
				better = l.Baseline.Sub(t).Abs().Cmp(l.Current.Sub(t).Abs())
			}
			switch {
			case better > 0:
				l.Trend = TurningTheCurve
			case better < 0:
				l.Trend = Worsening
			default:
				l.Trend = Flat
			}
		}
		group := rep.Performance
		if in.Level == Population {
			group = rep.Population
		}
		for i := range group {
			if group[i].Quadrant == in.Quadrant {
				group[i].Lines = append(group[i].Lines, l)
			}
		}
	}
	return rep, nil
}
