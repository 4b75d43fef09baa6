package evaluation

import (
	"strings"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

func d(v int64) decimal.Decimal { return decimal.NewFromInt(v) }

// SocialOrgKind is the kind of registered social organization being assessed (社会组织评估
// 管理办法, MCA Order No. 39, Art. 8).
type SocialOrgKind string

// The kinds with their assessment dimensions.
const (
	// SocialGroupOrFoundation: 社会团体 and 基金会, 综合评估 over 基础条件, 内部治理,
	// 工作绩效, 社会评价.
	SocialGroupOrFoundation SocialOrgKind = "social_group_or_foundation"
	// PrivateNonEnterprise: 民办非企业单位 (社会服务机构), 规范化建设评估 over 基础条件,
	// 内部治理, 业务活动和诚信建设, 社会评价.
	PrivateNonEnterprise SocialOrgKind = "private_non_enterprise"
)

var socialOrgKinds = wushe.NewEnum("social-organization kind", SocialGroupOrFoundation, PrivateNonEnterprise)

// Valid reports whether k is one of the kinds.
func (k SocialOrgKind) Valid() bool { return socialOrgKinds.Has(k) }

// Codes of the social-organization assessment dimensions (the leaves of SocialOrgRubric).
const (
	CodeBasicConditions    = "basic_conditions"
	CodeInternalGovernance = "internal_governance"
	CodeWorkPerformance    = "work_performance"
	CodeBusinessIntegrity  = "business_activity_integrity"
	CodeSocialEvaluation   = "social_evaluation"
)

// SocialOrgWeights splits the 1000 points among the four dimensions. The split is set
// locally, not nationally (Suzhou gives 基础条件 80, Fujian 145); the default is a
// documented choice, not a sourced rule.
type SocialOrgWeights struct {
	BasicConditions    decimal.Decimal `json:"basic_conditions"`
	InternalGovernance decimal.Decimal `json:"internal_governance"`
	// Performance is 工作绩效 for social groups and foundations, 业务活动和诚信建设 for
	// private non-enterprise units.
	Performance      decimal.Decimal `json:"performance"`
	SocialEvaluation decimal.Decimal `json:"social_evaluation"`
}

// DefaultSocialOrgWeights returns the default split ❓: 基础条件 100, 内部治理 350,
// 工作绩效 (or 业务活动和诚信建设) 400, 社会评价 150, total 1000. Unverified: no national
// split exists; replace it with the local scheme's.
func DefaultSocialOrgWeights() SocialOrgWeights {
	return SocialOrgWeights{BasicConditions: d(100), InternalGovernance: d(350), Performance: d(400), SocialEvaluation: d(150)}
}

// BandProfile is a local grade-band table with the local bonus and veto rules.
type BandProfile struct {
	// Code and Name identify the profile; Source and Confidence cite it.
	Code       string     `json:"code"`
	Name       string     `json:"name"`
	Source     string     `json:"source"`
	Confidence Confidence `json:"confidence"`
	// Resolution, Grades, AllowOverlap and OverlapNote are copied into the rubric.
	Resolution   decimal.Decimal `json:"resolution"`
	Grades       []GradeBand     `json:"grades"`
	AllowOverlap bool            `json:"allow_overlap,omitempty"`
	OverlapNote  string          `json:"overlap_note,omitempty"`
	// Bonus and Vetoes are the local extra rules, if any.
	Bonus  *Bonus `json:"bonus,omitempty"`
	Vetoes []Veto `json:"vetoes,omitempty"`
}

func band(grade string, lo, hi *decimal.Decimal) GradeBand {
	return GradeBand{Grade: grade, Range: Range{Min: lo, Max: hi}}
}

func p(v int64) *decimal.Decimal { return Dec(d(v)) }

const anhuiOverlap = "The source gives 5A as \"950以上\" and 4A as 901–950, so both hold 950; " +
	"the first band in order wins, and 950 is 5A."

// AnqingBands returns the Anqing (安庆市, 2021) bands on the 1000-point scale: 5A ≥950,
// 4A 901–950, 3A 851–900, 2A 801–850; below 801 is not rated. ◐ per the Anqing notice
// (STANDARDS §2.1). The 950 overlap is kept as stated; the first band wins.
func AnqingBands() BandProfile {
	return BandProfile{
		Code: "anqing-2021", Name: "安庆市社会组织评估等级 (2021)",
		Source:     "安庆市 social-organization assessment notice (2021), per www-06633.com; MCA Order No. 39 Art. 26 for the grades",
		Confidence: Secondary, Resolution: d(1),
		Grades: []GradeBand{
			band("5A", p(950), nil), band("4A", p(901), p(950)), band("3A", p(851), p(900)), band("2A", p(801), p(850)),
		},
		AllowOverlap: true, OverlapNote: anhuiOverlap,
	}
}

// HuainingBands returns the Huaining County (怀宁县, 2022, Anhui) profile: Anqing's bands
// plus 1A 701–800, up to 100 bonus points on top of the 1000, and the rule that an
// organization without a party organization cannot be rated 5A (it is capped at 4A; the
// condition is indicator has_party_organization ≥ 1). ◐ per xcgamer.cn and m.ftmusedu.com.
func HuainingBands() BandProfile {
	b := AnqingBands()
	b.Code, b.Name = "huaining-2022", "怀宁县社会组织评估等级 (2022)"
	b.Source = "怀宁县 social-organization assessment notice (2022), per xcgamer.cn and m.ftmusedu.com; bands as 安庆市 (2021)"
	b.Grades = append(b.Grades, band("1A", p(701), p(800)))
	b.Bonus = &Bonus{Indicator: CodeAssessmentBonus, Cap: d(100)}
	b.Vetoes = []Veto{{Name: "怀宁: no party organization, no 5A", Indicator: CodeHasPartyOrganization, Min: d(1), MaxGrade: "4A"}}
	return b
}

// Order39Exclusions returns the vetoes of 社会组织评估管理办法 (MCA Order No. 39) Art 7 ✅:
// an organization that did not take or did not pass last year's annual inspection (or was
// "basically qualified" two years running), that was penalized last year or has a penalty
// still being carried out, or that is under investigation, is not assessed, so each veto
// withholds the grade (不予评级) instead of capping it. Append them to a rubric's Vetoes;
// each condition is a yes/no indicator (1 = yes).
func Order39Exclusions() []Veto {
	const src = "社会组织评估管理办法 (MCA Order No. 39) Art 7"
	return []Veto{
		{Name: src + ": last year's annual inspection not taken or not passed", Indicator: CodeAnnualInspectionPassed, Min: d(1), Withhold: true},
		{Name: src + ": administrative penalty last year or still being carried out", Indicator: CodeNoAdministrativePenalty, Min: d(1), Withhold: true},
		{Name: src + ": under investigation", Indicator: CodeNotUnderInvestigation, Min: d(1), Withhold: true},
	}
}

// LuoyangChanheBands returns the Chanhe District, Luoyang (洛阳市瀍河区, 2025, Henan) bands:
// 5A ≥900, 4A 800–899, 3A 700–799, 2A 600–699, 1A ≤599. ◐ per chanhe.gov.cn.
func LuoyangChanheBands() BandProfile {
	return BandProfile{
		Code: "luoyang-chanhe-2025", Name: "洛阳市瀍河区社会组织评估等级 (2025)",
		Source:     "洛阳市瀍河区 social-organization assessment notice (2025), per chanhe.gov.cn",
		Confidence: Secondary, Resolution: d(1),
		Grades: []GradeBand{
			band("5A", p(900), nil), band("4A", p(800), p(899)), band("3A", p(700), p(799)), band("2A", p(600), p(699)), band("1A", nil, p(599)),
		},
	}
}

// SocialOrgRubric returns a fresh 1000-point social-organization assessment rubric for
// the kind, graded by the band profile. Each dimension is a leaf scored Manual (the points
// the assessment panel awards it); replace a leaf with a subtree to score the local
// criteria. weights nil means DefaultSocialOrgWeights, which makes the rubric Unverified;
// weights must sum to 1000.
func SocialOrgRubric(kind SocialOrgKind, bands BandProfile, weights *SocialOrgWeights) (Rubric, error) {
	const op = "evaluation.SocialOrgRubric"
	if err := socialOrgKinds.Check("Rubric", "Kind", kind); err != nil {
		return Rubric{}, wushe.WithOp(op, err)
	}
	w, conf := DefaultSocialOrgWeights(), Unverified
	notes := "Dimension weights are the library default (❓ unverified: set locally, no national split); pass the local scheme's weights."
	if weights != nil {
		w, conf = *weights, bands.Confidence
		notes = "Dimension weights supplied by the caller."
	}
	if bands.Confidence == Unverified {
		conf = Unverified
	}
	perfCode, perfName, name := CodeWorkPerformance, "工作绩效 (work performance)", "社会团体/基金会综合评估"
	if kind == PrivateNonEnterprise {
		perfCode, perfName, name = CodeBusinessIntegrity, "业务活动和诚信建设 (business activity and integrity)", "民办非企业单位规范化建设评估"
	}
	leaf := func(code, nm string, max decimal.Decimal) Node {
		return Node{Code: code, Name: nm, MaxPoints: max, Method: &Method{Kind: Manual}}
	}
	r := Rubric{
		Code: "mca.socialorg." + string(kind) + "." + bands.Code, Name: name + " · " + bands.Name,
		Source:     "社会组织评估管理办法 (MCA Order No. 39, 2010) Art. 8 dimensions ✅; " + bands.Source,
		Confidence: conf, Notes: notes,
		Root: Node{Code: "total", Name: name, MaxPoints: d(1000), Children: []Node{
			leaf(CodeBasicConditions, "基础条件 (basic conditions)", w.BasicConditions),
			leaf(CodeInternalGovernance, "内部治理 (internal governance)", w.InternalGovernance),
			leaf(perfCode, perfName, w.Performance),
			leaf(CodeSocialEvaluation, "社会评价 (social evaluation)", w.SocialEvaluation),
		}},
		Resolution: bands.Resolution, Grades: append([]GradeBand(nil), bands.Grades...),
		AllowOverlap: bands.AllowOverlap, OverlapNote: bands.OverlapNote,
		Vetoes: append([]Veto(nil), bands.Vetoes...),
	}
	if bands.Bonus != nil {
		b := *bands.Bonus
		r.Bonus = &b
	}
	if err := r.Validate(); err != nil {
		return Rubric{}, wushe.WithOp(op, err)
	}
	return r, nil
}

// Codes of the purchased-project performance rubric's nodes.
const (
	CodeDecision      = "decision"
	CodeProcess       = "process"
	CodeOutput        = "output"
	CodeOutputQty     = "output_quantity"
	CodeOutputQuality = "output_quality"
	CodeOutputTime    = "output_timeliness"
	CodeOutputCost    = "output_cost"
	CodeBenefit       = "benefit"
	CodeSocialBenefit = "social_benefit"
)

// performanceBands are 优 ≥90, 良 80–<90, 中 60–<80, 差 <60 on a 100-point scale, scaled
// to total, at a resolution of 0.01.
func performanceBands(total decimal.Decimal) []GradeBand {
	at := func(pct int64) decimal.Decimal { return total.Mul(d(pct)).Div(d(100)).Round(2) }
	cent := decimal.New(1, -2)
	return []GradeBand{
		band("优", Dec(at(90)), nil),
		band("良", Dec(at(80)), Dec(at(90).Sub(cent))),
		band("中", Dec(at(60)), Dec(at(80).Sub(cent))),
		band("差", nil, Dec(at(60).Sub(cent))),
	}
}

// ProjectPerformanceRubric returns a fresh 100-point performance rubric for a government-
// purchased service project, on the first-level indicators of 财政部《项目支出绩效评价管理办法》
// (财预〔2020〕10号) ◐: 决策 15, 过程 20, 产出 35 (数量 10, 质量 10, 时效 8, 成本 7), 效益 30
// (社会效益 20, 服务对象满意度 10 as a 1–5 Likert mean). The weights and the bands 优 ≥90,
// 良 80–89.99, 中 60–79.99, 差 <60 are unverified ❓ defaults; the rubric is data, edit it.
func ProjectPerformanceRubric() Rubric {
	manual := func(code, name string, max int64) Node {
		return Node{Code: code, Name: name, MaxPoints: d(max), Method: &Method{Kind: Manual}}
	}
	return Rubric{
		Code: "mof.project-performance", Name: "政府购买服务项目绩效评价",
		Source:     "财政部《项目支出绩效评价管理办法》(财预〔2020〕10号) first-level indicators, per secondary sources; weights and bands recalled",
		Confidence: Unverified,
		Notes:      "First-level indicators ◐; weights and 90/80/60 bands ❓ unverified defaults.",
		Root: Node{Code: "total", Name: "绩效评价", MaxPoints: d(100), Children: []Node{
			manual(CodeDecision, "决策 (decision)", 15),
			manual(CodeProcess, "过程 (process)", 20),
			{Code: CodeOutput, Name: "产出 (output)", MaxPoints: d(35), Children: []Node{
				manual(CodeOutputQty, "产出数量 (quantity)", 10),
				manual(CodeOutputQuality, "产出质量 (quality)", 10),
				manual(CodeOutputTime, "产出时效 (timeliness)", 8),
				manual(CodeOutputCost, "产出成本 (cost)", 7),
			}},
			{Code: CodeBenefit, Name: "效益 (benefit)", MaxPoints: d(30), Children: []Node{
				manual(CodeSocialBenefit, "社会效益 (social benefit)", 20),
				{Code: CodeSatisfaction, Name: "服务对象满意度 (satisfaction)", MaxPoints: d(10), Method: &Method{Kind: LikertMean}},
			}},
		}},
		Resolution: decimal.New(1, -2),
		Grades:     performanceBands(d(100)),
	}
}

// ContractTarget is one target a purchase contract sets for a project.
type ContractTarget struct {
	// Indicator is the code of the indicator the target is set on.
	Indicator string `json:"indicator"`
	// Name describes the target; empty means the indicator's catalogue name or its code.
	Name string `json:"name,omitempty"`
	// Target is the contracted value; positive.
	Target decimal.Decimal `json:"target"`
	// Direction is how attainment is read; empty means HigherIsBetter.
	Direction Direction `json:"direction,omitempty"`
	// Weight is the target's relative weight; all zero means equal weights.
	Weight decimal.Decimal `json:"weight"`
}

// ContractRubric returns a contract-attainment rubric for a purchased project: one
// RatioToTarget leaf per contracted target (attainment capped at 100%), sharing total points
// by weight (equal when every weight is zero). Each leaf's points are rounded to 2 decimal
// places and the rounding remainder goes to the last target, so the leaves sum to total.
// Grades are 优 ≥90%, 良 ≥80%, 中 ≥60%, 差 below, of total (❓ unverified defaults).
func ContractRubric(code, name string, targets []ContractTarget, total decimal.Decimal) (Rubric, error) {
	const op = "evaluation.ContractRubric"
	pr := wushe.Check("Rubric")
	pr.Require(len(targets) > 0, "Targets", "at least one contracted target is required")
	if !total.IsPositive() {
		pr.Addf("Total", "%s is not positive", total)
	}
	sum, zero := decimal.Zero, 0
	for i, t := range targets {
		if t.Weight.IsNegative() {
			pr.Addf(wushe.Index("Targets", i)+".Weight", "%s is negative", t.Weight)
		}
		if t.Weight.IsZero() {
			zero++
		}
		sum = sum.Add(t.Weight)
	}
	if zero > 0 && zero < len(targets) {
		pr.Addf("Targets", "either every target has a weight or none has (equal weights); %d of %d have none", zero, len(targets))
	}
	if err := pr.Err(); err != nil {
		return Rubric{}, wushe.WithOp(op, err)
	}
	if zero == len(targets) {
		sum = d(int64(len(targets)))
	}
	root := Node{Code: "contract", Name: name, MaxPoints: total}
	given := decimal.Zero
	for i, t := range targets {
		w := t.Weight
		if zero > 0 {
			w = d(1)
		}
		pts := total.Mul(w).DivRound(sum, 2)
		if i == len(targets)-1 {
			pts = total.Sub(given)
		}
		given = given.Add(pts)
		nm := t.Name
		if strings.TrimSpace(nm) == "" {
			nm = t.Indicator
			if in, ok := LookupIndicator(t.Indicator); ok {
				nm = in.Name
			}
		}
		root.Children = append(root.Children, Node{Code: t.Indicator, Name: nm, MaxPoints: pts,
			Method: &Method{Kind: RatioToTarget, Target: t.Target, Direction: t.Direction}})
	}
	r := Rubric{
		Code: code, Name: name,
		Source:     "Purchase contract targets; attainment = observed ÷ contracted, capped at 100%",
		Confidence: Unverified,
		Notes:      "Grade bands 90/80/60% are unverified defaults (财预〔2020〕10号 as recalled).",
		Root:       root, Resolution: decimal.New(1, -2), Grades: performanceBands(total),
	}
	if err := r.Validate(); err != nil {
		return Rubric{}, wushe.WithOp(op, err)
	}
	return r, nil
}
