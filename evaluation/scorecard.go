package evaluation

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// NodeScore is how one rubric node scored.
type NodeScore struct {
	// Code and Name are the node's.
	Code string `json:"code"`
	Name string `json:"name"`
	// MaxPoints is the most the node can earn.
	MaxPoints decimal.Decimal `json:"max_points"`
	// Points is what it earned: for a leaf MaxPoints × Attainment rounded to 2 decimal
	// places (half up); for an inner node the sum of its children's Points.
	Points decimal.Decimal `json:"points"`
	// Method is a leaf's scoring method.
	Method MethodKind `json:"method,omitempty"`
	// Indicator is the code of the indicator a leaf observes.
	Indicator string `json:"indicator,omitempty"`
	// Value is the observed value used, nil when none was found.
	Value *decimal.Decimal `json:"value,omitempty"`
	// Source, Period and RecordedAt trace the observation used.
	Source     string        `json:"source,omitempty"`
	Period     *wushe.Window `json:"period,omitempty"`
	RecordedAt *time.Time    `json:"recorded_at,omitempty"`
	// Attainment is a leaf's share of its MaxPoints earned, 0..1 to 4 decimal places; nil
	// when the leaf is missing.
	Attainment *decimal.Decimal `json:"attainment,omitempty"`
	// Missing is set on a leaf with no observation, and on an inner node with a missing leaf.
	Missing bool `json:"missing,omitempty"`
	// Explanation says in one sentence how the points were reached.
	Explanation string `json:"explanation,omitempty"`
	// Children are the scores of the node's children.
	Children []NodeScore `json:"children,omitempty"`
}

// Leaves returns the leaf scores in depth-first order.
func (n NodeScore) Leaves() []NodeScore {
	if len(n.Children) == 0 {
		return []NodeScore{n}
	}
	var out []NodeScore
	for _, c := range n.Children {
		out = append(out, c.Leaves()...)
	}
	return out
}

// VetoResult says whether a veto rule capped or withheld the grade.
type VetoResult struct {
	Veto
	// Applied is set when the condition was not met (or not observed).
	Applied bool `json:"applied"`
	// Explanation says why.
	Explanation string `json:"explanation"`
}

// Scorecard is the result of scoring a rubric against observations.
type Scorecard struct {
	// Rubric, RubricName, Source and Confidence identify the rubric used.
	Rubric     string     `json:"rubric"`
	RubricName string     `json:"rubric_name"`
	Source     string     `json:"source"`
	Confidence Confidence `json:"confidence"`
	// AsOf is the time the scorecard was computed for: only observations recorded at or
	// before it were used.
	AsOf time.Time `json:"as_of"`
	// Root is the score tree.
	Root NodeScore `json:"root"`
	// MaxPoints is the rubric's full score (without bonus).
	MaxPoints decimal.Decimal `json:"max_points"`
	// ScoredMaxPoints is the full score of the leaves that had observations: what the
	// total is "out of" when the scorecard is incomplete.
	ScoredMaxPoints decimal.Decimal `json:"scored_max_points"`
	// Base is the tree's points, Bonus the bonus counted, Total their sum (kept within
	// MaxPoints when the bonus rule says so). Total is exact: the grade is decided on it.
	Base  decimal.Decimal `json:"base"`
	Bonus decimal.Decimal `json:"bonus"`
	Total decimal.Decimal `json:"total"`
	// RoundedTotal is Total rounded to the rubric's Resolution (half up), for display
	// only: 900.6 shows as 901 and is still graded as 900.6.
	RoundedTotal decimal.Decimal `json:"rounded_total"`
	// BonusNote explains the bonus.
	BonusNote string `json:"bonus_note,omitempty"`
	// GradeBeforeVetoes is the grade the total reaches before the vetoes, on a complete
	// scorecard; empty when no band holds the total, and on an incomplete scorecard.
	GradeBeforeVetoes string `json:"grade_before_vetoes"`
	// Grade is the final grade: the total's grade after the vetoes, on a complete
	// scorecard only. Empty means no final grade: the total reaches no band (not rated),
	// a veto withheld the grade (Withheld), or data is missing (see Provisional).
	Grade string `json:"grade"`
	// Provisional, on an incomplete scorecard only, is the grade reached so far: what the
	// total of the observed leaves earns after the vetoes (a veto whose condition was not
	// observed applies). It is never a final grade; empty when nothing is reached so far.
	Provisional string `json:"provisional_grade,omitempty"`
	// Withheld is set when a veto withheld the grade (不予评级): Grade and Provisional
	// are then empty.
	Withheld bool `json:"withheld,omitempty"`
	// Vetoes reports every veto rule of the rubric.
	Vetoes []VetoResult `json:"vetoes,omitempty"`
	// Complete is false when any leaf or veto condition had no observation. Such
	// indicators are listed in Missing and are never scored as zero: the total covers only
	// what was observed, and there is no final grade.
	Complete bool     `json:"complete"`
	Missing  []string `json:"missing,omitempty"`
}

// Status is "complete" or "incomplete".
func (s Scorecard) Status() string {
	if s.Complete {
		return "complete"
	}
	return "incomplete"
}

// GradeText says in words what the scorecard grades: the final grade, "withheld
// (不予评级)", "not rated", or, on an incomplete scorecard, "no final grade (provisional
// 4A: data missing)" and the like.
func (s Scorecard) GradeText() string {
	switch {
	case !s.Complete && s.Withheld:
		return "no final grade (withheld so far, 不予评级: data missing)"
	case s.Withheld:
		return "withheld (不予评级)"
	case !s.Complete && s.Provisional != "":
		return "no final grade (provisional " + s.Provisional + ": data missing)"
	case !s.Complete:
		return "no final grade (nothing reached so far: data missing)"
	case s.Grade == "":
		return "not rated"
	}
	return s.Grade
}

// Evaluate scores rubric r against the observations recorded at or before asOf. For each
// leaf it takes the indicator's observation from obs as ObservationSet.Latest picks it
// (resolved duplicates, then the most recent period), so obs should hold one scope; an
// indicator observed for several scopes is an error. Leaves without an observation are
// listed in Missing, not scored as zero. The result depends only on r, obs and asOf.
//
// Rounding: leaf points are MaxPoints × attainment rounded to 2 decimal places, half up;
// sums are exact; the grade is decided on the exact total (Rubric.GradeFor), and
// RoundedTotal is for display. A scorecard with missing data gets no final grade: the
// grade reached so far is in Provisional, never in Grade.
func Evaluate(r Rubric, obs ObservationSet, asOf time.Time) (Scorecard, error) {
	const op = "evaluation.Evaluate"
	if err := r.Validate(); err != nil {
		return Scorecard{}, wushe.WithOp(op, err)
	}
	if asOf.IsZero() {
		return Scorecard{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Scorecard", Field: "AsOf", Msg: "is required"}
	}
	known := obs.AsOf(asOf)
	e := evaluator{obs: known.byIndicator(), asOf: asOf, missing: map[string]bool{}}
	root, err := e.node(r.Root)
	if err != nil {
		return Scorecard{}, wushe.WithOp(op, err)
	}
	sc := Scorecard{
		Rubric: r.Code, RubricName: r.Name, Source: r.Source, Confidence: r.Confidence,
		AsOf: asOf, Root: root, MaxPoints: r.Root.MaxPoints, Base: root.Points, Bonus: decimal.Zero,
	}
	for _, l := range root.Leaves() {
		if !l.Missing {
			sc.ScoredMaxPoints = sc.ScoredMaxPoints.Add(l.MaxPoints)
		}
	}
	if err := e.bonus(r, &sc); err != nil {
		return Scorecard{}, wushe.WithOp(op, err)
	}
	sc.RoundedTotal = r.RoundTotal(sc.Total)
	before, _ := r.GradeFor(sc.Total)
	grade, err := e.vetoes(r, &sc, before)
	if err != nil {
		return Scorecard{}, wushe.WithOp(op, err)
	}
	for code := range e.missing {
		sc.Missing = append(sc.Missing, code)
	}
	slices.Sort(sc.Missing)
	sc.Complete = len(sc.Missing) == 0
	if sc.Complete {
		sc.GradeBeforeVetoes, sc.Grade = before, grade
	} else {
		sc.Provisional = grade
	}
	return sc, nil
}

type evaluator struct {
	obs     map[string][]Observation // resolved, by indicator
	asOf    time.Time
	missing map[string]bool
}

func (e *evaluator) latest(code string) (Observation, bool, error) {
	return latestOf(code, e.obs[code])
}

func (e *evaluator) node(n Node) (NodeScore, error) {
	ns := NodeScore{Code: n.Code, Name: n.Name, MaxPoints: n.MaxPoints, Points: decimal.Zero}
	if n.IsLeaf() {
		return e.leaf(n)
	}
	for _, c := range n.Children {
		cs, err := e.node(c)
		if err != nil {
			return NodeScore{}, err
		}
		ns.Points = ns.Points.Add(cs.Points)
		ns.Missing = ns.Missing || cs.Missing
		ns.Children = append(ns.Children, cs)
	}
	return ns, nil
}

func pct(d decimal.Decimal) string { return d.Mul(decimal.NewFromInt(100)).StringFixed(2) + "%" }

func (e *evaluator) leaf(n Node) (NodeScore, error) {
	m := *n.Method
	code := n.indicator()
	ns := NodeScore{Code: n.Code, Name: n.Name, MaxPoints: n.MaxPoints, Points: decimal.Zero, Method: m.Kind, Indicator: code}
	o, ok, err := e.latest(code)
	if err != nil {
		return NodeScore{}, err
	}
	if !ok {
		e.missing[code] = true
		ns.Missing = true
		ns.Explanation = fmt.Sprintf("No observation of %s recorded by %s: not scored and left out of the total.",
			code, e.asOf.UTC().Format(time.RFC3339))
		return ns, nil
	}
	v, period, at := o.Value, o.Period, o.RecordedAt
	ns.Value, ns.Source, ns.Period, ns.RecordedAt = &v, o.Source, &period, &at
	bad := func(format string, args ...any) error {
		return &wushe.Error{Kind: wushe.KindInvalid, Entity: "Observation", ID: code, Field: "Value",
			Msg: fmt.Sprintf("node %s: ", n.Code) + fmt.Sprintf(format, args...)}
	}
	one := decimal.NewFromInt(1)
	var att decimal.Decimal
	var how string
	switch m.Kind {
	case RatioToTarget:
		switch m.direction() {
		case HigherIsBetter:
			att = v.DivRound(m.Target, 16)
			how = fmt.Sprintf("%s of target %s", v, m.Target)
		case LowerIsBetter:
			if v.IsPositive() {
				att = m.Target.DivRound(v, 16)
			} else {
				att = one
			}
			how = fmt.Sprintf("%s against a ceiling of %s", v, m.Target)
		case OnTarget:
			att = one.Sub(v.Sub(m.Target).Abs().DivRound(m.Target, 16))
			how = fmt.Sprintf("%s against a target of exactly %s", v, m.Target)
		}
		att = decimal.Max(decimal.Zero, decimal.Min(one, att))
	case LikertMean:
		lo, hi := m.scale()
		dlo, dhi := decimal.NewFromInt(int64(lo)), decimal.NewFromInt(int64(hi))
		if v.LessThan(dlo) || v.GreaterThan(dhi) {
			return NodeScore{}, bad("Likert mean %s is outside the scale %d..%d", v, lo, hi)
		}
		att = v.Sub(dlo).DivRound(dhi.Sub(dlo), 16)
		how = fmt.Sprintf("mean %s on a %d-%d scale", v, lo, hi)
	case Checklist:
		if v.IsNegative() || v.GreaterThan(decimal.NewFromInt(int64(m.Items))) {
			return NodeScore{}, bad("%s items met is outside 0..%d", v, m.Items)
		}
		att = v.DivRound(decimal.NewFromInt(int64(m.Items)), 16)
		how = fmt.Sprintf("%s of %d checklist items met", v, m.Items)
	case Banded:
		att = decimal.Zero
		how = fmt.Sprintf("%s falls in no band", v)
		for _, b := range m.Bands {
			if b.Contains(v) {
				att = b.Points.DivRound(n.MaxPoints, 16)
				how = fmt.Sprintf("%s falls in band %s worth %s points", v, b.Range, b.Points)
				break
			}
		}
	case Manual:
		if v.IsNegative() || v.GreaterThan(n.MaxPoints) {
			return NodeScore{}, bad("%s points awarded are outside 0..%s", v, n.MaxPoints)
		}
		att = v.DivRound(n.MaxPoints, 16)
		how = fmt.Sprintf("%s points awarded by the panel", v)
	}
	ns.Points = n.MaxPoints.Mul(att).Round(2)
	if m.Kind == Manual {
		ns.Points = v.Round(2) // the panel's points as awarded, not via the ratio
	}
	a := att.Round(4)
	ns.Attainment = &a
	ns.Explanation = fmt.Sprintf("%s %s: %s = %s of %s points.", code, how, pct(a), ns.Points, n.MaxPoints)
	return ns, nil
}

func (e *evaluator) bonus(r Rubric, sc *Scorecard) error {
	sc.Total = sc.Base
	if r.Bonus == nil {
		return nil
	}
	b := r.Bonus
	o, ok, err := e.latest(b.Indicator)
	if err != nil {
		return err
	}
	if !ok {
		sc.BonusNote = fmt.Sprintf("No bonus observed (%s): no bonus points.", b.Indicator)
		return nil
	}
	if o.Value.IsNegative() {
		return &wushe.Error{Kind: wushe.KindInvalid, Entity: "Observation", ID: b.Indicator, Field: "Value",
			Msg: fmt.Sprintf("bonus %s is negative", o.Value)}
	}
	sc.Bonus = decimal.Min(o.Value, b.Cap)
	sc.BonusNote = fmt.Sprintf("Bonus claimed %s, cap %s: %s counted.", o.Value, b.Cap, sc.Bonus)
	sc.Total = sc.Base.Add(sc.Bonus)
	if b.WithinMax && sc.Total.GreaterThan(r.Root.MaxPoints) {
		sc.Total = r.Root.MaxPoints
		sc.BonusNote += fmt.Sprintf(" The total is kept within %s.", r.Root.MaxPoints)
	}
	return nil
}

// vetoes reports every veto of r on sc and returns grade after them: capped at the
// MaxGrade of each applied capping veto, or empty (with sc.Withheld set) when an applied
// veto withholds it.
func (e *evaluator) vetoes(r Rubric, sc *Scorecard, grade string) (string, error) {
	for _, v := range r.Vetoes {
		res := VetoResult{Veto: v}
		o, ok, err := e.latest(v.Indicator)
		if err != nil {
			return "", err
		}
		effect := "the grade is at most " + v.MaxGrade
		if v.Withhold {
			effect = "the grade is withheld (不予评级)"
		}
		switch {
		case !ok:
			e.missing[v.Indicator] = true
			res.Applied = true
			res.Explanation = fmt.Sprintf("%s: no observation of %s, so the condition is not shown; %s.", v.Name, v.Indicator, effect)
		case o.Value.LessThan(v.Min):
			res.Applied = true
			res.Explanation = fmt.Sprintf("%s: %s is %s, below %s; %s.", v.Name, v.Indicator, o.Value, v.Min, effect)
		default:
			res.Explanation = fmt.Sprintf("%s: %s is %s; condition met.", v.Name, v.Indicator, o.Value)
		}
		if res.Applied {
			switch {
			case v.Withhold:
				sc.Withheld = true
			case grade != "" && r.gradeIndex(grade) < r.gradeIndex(v.MaxGrade):
				grade = v.MaxGrade
			}
		}
		sc.Vetoes = append(sc.Vetoes, res)
	}
	if sc.Withheld {
		grade = ""
	}
	return grade, nil
}
