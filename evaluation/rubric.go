package evaluation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// Confidence says how well a rule encoded in a rubric is sourced.
type Confidence string

// The confidence marks.
const (
	// Verified (✅): the full or article-level text was read in the cited source.
	Verified Confidence = "verified"
	// Secondary (◐): read in a news report, summary, local notice or a page quoting the rule.
	Secondary Confidence = "secondary"
	// Unverified (❓): recalled or only partly corroborated; a configurable default, not a rule.
	Unverified Confidence = "unverified"
)

var confidences = wushe.NewEnum("confidence mark", Verified, Secondary, Unverified)

// Valid reports whether c is one of the confidence marks.
func (c Confidence) Valid() bool { return confidences.Has(c) }

// Symbol returns ✅, ◐ or ❓ (and "?" for an unknown mark).
func (c Confidence) Symbol() string {
	switch c {
	case Verified:
		return "✅"
	case Secondary:
		return "◐"
	case Unverified:
		return "❓"
	}
	return "?"
}

// MethodKind is how a rubric leaf turns an observed value into points.
type MethodKind string

// The scoring methods. In each, points = MaxPoints × attainment, attainment in [0, 1].
const (
	// RatioToTarget: attainment = value / Target, capped at 1 (100%). For LowerIsBetter it
	// is Target / value (1 when value ≤ 0); for OnTarget it is 1 − |value − Target| / Target,
	// floored at 0.
	RatioToTarget MethodKind = "ratio_to_target"
	// LikertMean: the value is a mean on the scale ScaleMin..ScaleMax (1..5 by default);
	// attainment = (value − ScaleMin) / (ScaleMax − ScaleMin), so the lowest answer earns
	// nothing and the highest earns everything.
	LikertMean MethodKind = "likert_mean"
	// Checklist: the value is the number of the Items met; attainment = value / Items.
	Checklist MethodKind = "checklist"
	// Banded: the first of Bands whose inclusive range holds the value gives the points;
	// a value in no band earns 0.
	Banded MethodKind = "banded"
	// Manual: the value is the points themselves, awarded by a panel (0..MaxPoints).
	Manual MethodKind = "manual"
)

var methodKinds = wushe.NewEnum("scoring method", RatioToTarget, LikertMean, Checklist, Banded, Manual)

// Valid reports whether k is one of the methods.
func (k MethodKind) Valid() bool { return methodKinds.Has(k) }

// Range is an inclusive range of decimal values; a nil bound is open.
type Range struct {
	// Min is the least value in the range, nil for no lower bound.
	Min *decimal.Decimal `json:"min,omitempty"`
	// Max is the greatest value in the range, nil for no upper bound.
	Max *decimal.Decimal `json:"max,omitempty"`
}

// Contains reports whether Min ≤ v ≤ Max.
func (r Range) Contains(v decimal.Decimal) bool {
	return (r.Min == nil || v.GreaterThanOrEqual(*r.Min)) && (r.Max == nil || v.LessThanOrEqual(*r.Max))
}

// String renders the range as "[min, max]", "≥ min" or "≤ max".
func (r Range) String() string {
	switch {
	case r.Min != nil && r.Max != nil:
		return "[" + r.Min.String() + ", " + r.Max.String() + "]"
	case r.Min != nil:
		return "≥ " + r.Min.String()
	case r.Max != nil:
		return "≤ " + r.Max.String()
	}
	return "any value"
}

func (r Range) validate(p *wushe.Problems, field string) {
	if r.Min != nil && r.Max != nil && r.Min.GreaterThan(*r.Max) {
		p.Addf(field, "Min %s is greater than Max %s", r.Min, r.Max)
	}
}

// Dec returns a pointer to d, for Range bounds.
func Dec(d decimal.Decimal) *decimal.Decimal { return &d }

// ValueBand gives Points to observed values within Range (for the Banded method).
type ValueBand struct {
	Range
	// Points is what a value in the band earns.
	Points decimal.Decimal `json:"points"`
}

// Method says how a leaf is scored.
type Method struct {
	// Kind is the scoring method.
	Kind MethodKind `json:"kind"`
	// Indicator is the code of the indicator observed; empty means the node's Code.
	Indicator string `json:"indicator,omitempty"`
	// Direction, for RatioToTarget; empty means HigherIsBetter.
	Direction Direction `json:"direction,omitempty"`
	// Target, for RatioToTarget: must be positive.
	Target decimal.Decimal `json:"target"`
	// ScaleMin and ScaleMax bound the LikertMean scale; both zero mean 1..5.
	ScaleMin int `json:"scale_min,omitempty"`
	ScaleMax int `json:"scale_max,omitempty"`
	// Items is the number of checklist items, for Checklist.
	Items int `json:"items,omitempty"`
	// Bands are the value bands, for Banded, tried in order.
	Bands []ValueBand `json:"bands,omitempty"`
}

func (m Method) scale() (int, int) {
	if m.ScaleMin == 0 && m.ScaleMax == 0 {
		return 1, 5
	}
	return m.ScaleMin, m.ScaleMax
}

func (m Method) direction() Direction {
	if m.Direction == "" {
		return HigherIsBetter
	}
	return m.Direction
}

// Node is one node of a rubric's indicator tree. A leaf carries a Method and earns up to
// MaxPoints from one observation; an inner node's MaxPoints must equal the sum of its
// children's and it earns the sum of their points.
type Node struct {
	// Code identifies the node, unique in its rubric (same alphabet as indicator codes).
	Code string `json:"code"`
	// Name is the node's name for people (基础条件, 决策, ...).
	Name string `json:"name"`
	// MaxPoints is the most the node can earn; it is positive.
	MaxPoints decimal.Decimal `json:"max_points"`
	// Method scores a leaf; inner nodes have none.
	Method *Method `json:"method,omitempty"`
	// Children are the node's sub-indicators.
	Children []Node `json:"children,omitempty"`
}

// IsLeaf reports whether n has no children.
func (n Node) IsLeaf() bool { return len(n.Children) == 0 }

// Leaves returns n's leaves in depth-first order.
func (n Node) Leaves() []Node {
	if n.IsLeaf() {
		return []Node{n}
	}
	var out []Node
	for _, c := range n.Children {
		out = append(out, c.Leaves()...)
	}
	return out
}

// indicator returns the code of the indicator a leaf observes.
func (n Node) indicator() string {
	if n.Method != nil && n.Method.Indicator != "" {
		return n.Method.Indicator
	}
	return n.Code
}

// validate checks n and its subtree; field is n's field path, codePath its path of codes.
func (n Node) validate(p *wushe.Problems, field, codePath string, seen map[string]string) {
	path := strings.TrimPrefix(codePath+"/"+n.Code, "/")
	if msg := validCode(n.Code); msg != "" {
		p.Addf(field+".Code", "node %s: %s", path, msg)
	} else if prev, dup := seen[n.Code]; dup {
		p.Addf(field+".Code", "node %s: code is already used by node %s", path, prev)
	} else {
		seen[n.Code] = path
	}
	p.Require(strings.TrimSpace(n.Name) != "", field+".Name", "node "+path+": is required")
	if !n.MaxPoints.IsPositive() {
		p.Addf(field+".MaxPoints", "node %s: %s is not positive", path, n.MaxPoints)
	}
	if n.IsLeaf() {
		if n.Method == nil {
			p.Addf(field+".Method", "node %s: a leaf needs a scoring method", path)
			return
		}
		n.Method.validate(p, field+".Method", path, n.MaxPoints)
		return
	}
	if n.Method != nil {
		p.Addf(field+".Method", "node %s: an inner node is scored from its children and takes no method", path)
	}
	sum := decimal.Zero
	for i, c := range n.Children {
		sum = sum.Add(c.MaxPoints)
		c.validate(p, field+"."+wushe.Index("Children", i), path, seen)
	}
	if !sum.Equal(n.MaxPoints) {
		p.Addf(field+".Children", "node %s: children's MaxPoints sum to %s, not the node's %s", path, sum, n.MaxPoints)
	}
}

func (m Method) validate(p *wushe.Problems, field, path string, maxPoints decimal.Decimal) {
	if !m.Kind.Valid() {
		p.Addf(field+".Kind", "node %s: %s", path, methodKinds.Problem(m.Kind))
		return
	}
	if m.Indicator != "" {
		if msg := validCode(m.Indicator); msg != "" {
			p.Addf(field+".Indicator", "node %s: %s", path, msg)
		}
	}
	switch m.Kind {
	case RatioToTarget:
		p.Require(m.direction().Valid(), field+".Direction", "node "+path+": "+directions.Problem(m.direction()))
		if !m.Target.IsPositive() {
			p.Addf(field+".Target", "node %s: target %s is not positive", path, m.Target)
		}
	case LikertMean:
		lo, hi := m.scale()
		if lo >= hi {
			p.Addf(field+".ScaleMax", "node %s: scale %d..%d is empty", path, lo, hi)
		}
	case Checklist:
		if m.Items <= 0 {
			p.Addf(field+".Items", "node %s: %d checklist items; need at least one", path, m.Items)
		}
	case Banded:
		if len(m.Bands) == 0 {
			p.Addf(field+".Bands", "node %s: a banded method needs bands", path)
		}
		for i, b := range m.Bands {
			f := field + "." + wushe.Index("Bands", i)
			b.Range.validate(p, f)
			if b.Points.IsNegative() || b.Points.GreaterThan(maxPoints) {
				p.Addf(f+".Points", "node %s: %s points are outside 0..%s", path, b.Points, maxPoints)
			}
		}
	}
}

// GradeBand is a grade and the inclusive range of totals that earns it.
type GradeBand struct {
	// Grade is the grade's name: "5A", "优".
	Grade string `json:"grade"`
	Range
}

// Bonus adds points from an indicator on top of the tree's total.
type Bonus struct {
	// Indicator is the code of the indicator whose value is the bonus points claimed.
	Indicator string `json:"indicator"`
	// Cap is the most bonus that counts.
	Cap decimal.Decimal `json:"cap"`
	// WithinMax keeps the total (tree + bonus) at or below the root's MaxPoints.
	WithinMax bool `json:"within_max,omitempty"`
}

// Veto caps or withholds the grade when a condition is not met: the condition holds when
// the indicator's value is at least Min. A missing observation does not show the
// condition, so the veto applies (and the indicator is listed as missing). A veto either
// caps the grade at MaxGrade or, with Withhold, withholds it entirely (不予评级: the
// organization is not rated, whatever its total).
type Veto struct {
	// Name says what the rule is, with its source.
	Name string `json:"name"`
	// Indicator is the code of the condition's indicator (e.g. has_party_organization).
	Indicator string `json:"indicator"`
	// Min is the least value that meets the condition (1 for a yes/no indicator).
	Min decimal.Decimal `json:"min"`
	// MaxGrade is the best grade allowed when the condition is not met; empty with
	// Withhold.
	MaxGrade string `json:"max_grade,omitempty"`
	// Withhold withholds the grade when the condition is not met (不予评级), instead of
	// capping it; MaxGrade must then be empty.
	Withhold bool `json:"withhold,omitempty"`
}

// Rubric is an evaluation scheme as data: an indicator tree, grade bands, an optional
// bonus and veto rules, with the source it encodes and how well that source is verified.
type Rubric struct {
	// Code identifies the rubric ("mca.socialorg.group.anqing").
	Code string `json:"code"`
	// Name is the rubric's name for people.
	Name string `json:"name"`
	// Source cites what the rubric encodes.
	Source string `json:"source"`
	// Confidence is how well Source backs the rubric.
	Confidence Confidence `json:"confidence"`
	// Notes documents choices made where the source is silent.
	Notes string `json:"notes,omitempty"`
	// Root is the indicator tree; its MaxPoints is the full score.
	Root Node `json:"root"`
	// Resolution is the step the source's band table counts in (1 for whole points) and
	// the step totals are shown at (RoundTotal, half up); zero means 0.01. It never
	// decides a grade: GradeFor reads the exact total.
	Resolution decimal.Decimal `json:"resolution"`
	// Grades are the grade bands, best first, as the source states them ("4A: 901–950").
	// The grade of a total is the first band whose Min the exact total reaches (see
	// GradeFor). Adjacent bands must neither leave a gap larger than Resolution nor
	// overlap, unless AllowOverlap is set, which needs OverlapNote to say why.
	Grades []GradeBand `json:"grades"`
	// AllowOverlap accepts bands that overlap as the source states them.
	AllowOverlap bool `json:"allow_overlap,omitempty"`
	// OverlapNote says where the overlap comes from and that the first band wins.
	OverlapNote string `json:"overlap_note,omitempty"`
	// Bonus, when set, adds capped bonus points.
	Bonus *Bonus `json:"bonus,omitempty"`
	// Vetoes cap the grade when their conditions are not met.
	Vetoes []Veto `json:"vetoes,omitempty"`
}

func (r Rubric) resolution() decimal.Decimal {
	if r.Resolution.IsPositive() {
		return r.Resolution
	}
	return decimal.New(1, -2)
}

// Validate reports every problem with the rubric: bad codes, a parent whose children do
// not sum to it (the error names the offending node's path), leaves without methods,
// gaps or overlaps between grade bands, unknown grades in vetoes.
func (r Rubric) Validate() error {
	p := wushe.Check("Rubric")
	if !p.CheckValues(r) {
		return p.Err()
	}
	if msg := validCode(r.Code); msg != "" {
		p.Addf("Code", "%s", msg)
	}
	p.Require(strings.TrimSpace(r.Name) != "", "Name", "is required")
	p.Require(strings.TrimSpace(r.Source) != "", "Source", "is required: cite what the rubric encodes")
	p.Add(confidences.Check("Rubric", "Confidence", r.Confidence))
	if r.Resolution.IsNegative() {
		p.Addf("Resolution", "%s is negative", r.Resolution)
	}
	r.Root.validate(p, "Root", "", map[string]string{})
	r.validateGrades(p)
	if r.Bonus != nil {
		if msg := validCode(r.Bonus.Indicator); msg != "" {
			p.Addf("Bonus.Indicator", "%s", msg)
		}
		if !r.Bonus.Cap.IsPositive() {
			p.Addf("Bonus.Cap", "%s is not positive", r.Bonus.Cap)
		}
	}
	for i, v := range r.Vetoes {
		f := wushe.Index("Vetoes", i)
		p.Require(strings.TrimSpace(v.Name) != "", f+".Name", "is required")
		if msg := validCode(v.Indicator); msg != "" {
			p.Addf(f+".Indicator", "%s", msg)
		}
		switch {
		case v.Withhold:
			p.Require(v.MaxGrade == "", f+".MaxGrade", fmt.Sprintf("is %q, but a veto that withholds the grade caps nothing: leave it empty", v.MaxGrade))
		default:
			p.Require(r.gradeIndex(v.MaxGrade) >= 0, f+".MaxGrade", fmt.Sprintf("%q is not one of the rubric's grades (or set Withhold to withhold the grade)", v.MaxGrade))
		}
	}
	return p.Err()
}

func (r Rubric) validateGrades(p *wushe.Problems) {
	p.Require(len(r.Grades) > 0, "Grades", "at least one grade band is required")
	if r.AllowOverlap {
		p.Require(strings.TrimSpace(r.OverlapNote) != "", "OverlapNote", "is required when AllowOverlap is set: say where the overlap comes from")
	}
	res := r.resolution()
	seen := map[string]bool{}
	for i, g := range r.Grades {
		f := wushe.Index("Grades", i)
		p.Require(strings.TrimSpace(g.Grade) != "", f+".Grade", "is required")
		if seen[g.Grade] {
			p.Addf(f+".Grade", "grade %q appears twice", g.Grade)
		}
		seen[g.Grade] = true
		g.Range.validate(p, f)
		if i > 0 {
			p.Require(g.Max != nil, f+".Max", "only the first (best) band may be open above")
		}
		if i < len(r.Grades)-1 {
			p.Require(g.Min != nil, f+".Min", "only the last band may be open below")
		}
		if i == 0 || g.Max == nil || r.Grades[i-1].Min == nil {
			continue
		}
		upper := r.Grades[i-1]
		switch gap := upper.Min.Sub(*g.Max); {
		case gap.GreaterThan(res):
			p.Addf(f+".Max", "band %q ends at %s and band %q starts at %s: totals between them get no grade (resolution %s)",
				g.Grade, g.Max, upper.Grade, upper.Min, res)
		case !gap.IsPositive() && !r.AllowOverlap:
			p.Addf(f+".Max", "band %q ends at %s, overlapping band %q which starts at %s", g.Grade, g.Max, upper.Grade, upper.Min)
		}
		if g.Min != nil && !upper.Min.GreaterThan(*g.Min) {
			p.Addf(f+".Min", "bands must be ordered best first: %q starts at %s, not below %q at %s", g.Grade, g.Min, upper.Grade, upper.Min)
		}
	}
}

func (r Rubric) gradeIndex(grade string) int {
	return slices.IndexFunc(r.Grades, func(g GradeBand) bool { return g.Grade == grade })
}

// RoundTotal rounds a total to the rubric's Resolution, half up: for display only.
func (r Rubric) RoundTotal(total decimal.Decimal) decimal.Decimal {
	res := r.resolution()
	return total.DivRound(res, 0).Mul(res)
}

// GradeFor returns the grade of a total, decided on the exact total: the first band, in
// order (best first), whose Min the total reaches; a band without Min is reached by every
// total. A band "4A: 901–950" starts at exactly 901, so 900.6 is not 4A: it has reached
// 3A's 851 and stays 3A, although the source's whole-point table ends 3A at 900. Where
// bands overlap (5A "950以上", 4A 901–950) the first wins. It returns false when the total
// reaches no band (an organization below the lowest band is not rated). Totals are never
// rounded first: rounding is for display (RoundTotal).
func (r Rubric) GradeFor(total decimal.Decimal) (string, bool) {
	for _, g := range r.Grades {
		if g.Min == nil || total.GreaterThanOrEqual(*g.Min) {
			return g.Grade, true
		}
	}
	return "", false
}
