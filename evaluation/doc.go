// Package evaluation scores the work of community projects and social organizations:
// what was done, how well, and whether anyone is better off.
//
// The model runs in one direction: indicators → observations → rubric → scorecard.
//
//   - An Indicator defines something measured: its unit, which way is better, its
//     logic-model stage (input → activity → output → outcome → impact), its Results-Based
//     Accountability quadrant and level, and a Counting rule that keeps unique persons
//     apart from person-times (人次). Catalogue lists the standard ones.
//   - An Observation is one value of an indicator for a Scope (community, project, grid
//     or organization) over a period, with its source and the time it was recorded. An
//     ObservationSet is an immutable collection of them. Duplicates of the same
//     indicator, period and scope resolve deterministically (latest RecordedAt, then
//     greatest Source, then greatest Value), and AsOf keeps only what was recorded by a
//     given time, so that a scorecard can be recomputed as it stood on any day.
//   - A Rubric is an evaluation scheme as data: a tree of Nodes whose children's points
//     sum to their parent, leaves scored by a Method (ratio to target capped at 100%,
//     Likert mean, checklist, value bands, or points awarded by a panel), grade bands as
//     the source states them, an optional capped Bonus and Vetoes that cap the grade, or
//     withhold it (不予评级), when a condition is unmet. The grade is decided on the exact
//     total: the first band whose lower bound the total reaches, so a band "4A: 901–950"
//     starts at exactly 901; rounding is for display. Every rubric cites its Source and a
//     Confidence: Verified ✅, Secondary ◐ or Unverified ❓.
//   - Evaluate scores a rubric against observations as of a time and returns a
//     Scorecard: points and a one-sentence explanation per node, total, bonus, vetoes and
//     grade. Indicators without observations are listed in Missing and never scored as
//     zero; the scorecard is then incomplete and has no final grade, only the grade
//     reached so far in Provisional.
//
// Bundled profiles return fresh rubrics: SocialOrgRubric for the 1000-point assessment
// of social groups and foundations or private non-enterprise units (MCA Order No. 39),
// graded by AnqingBands, HuainingBands (bonus and the party-organization veto) or
// LuoyangChanheBands, with Order39Exclusions for the organizations Order 39 does not rate; ProjectPerformanceRubric for purchased projects (决策, 过程, 产出,
// 效益); and ContractRubric for attainment of a contract's targets.
//
// SROI computes a Social Return on Investment: outcomes valued by financial proxies net
// of deadweight, displacement and attribution, declining by drop-off, discounted (by
// default at the HM Treasury Green Book rate, 3.5%) and set against inputs including
// volunteer time; Sensitivity varies each assumption. Survey summarizes Likert
// satisfaction surveys. BuildRBA groups indicators by RBA quadrant and compares them
// with a baseline ("turn the curve"). The Write* functions render scorecards and SROI
// results as Markdown, HTML and CSV; every result type round-trips through JSON.
//
// Money and scores are decimal.Decimal, never floats; each computation states its
// rounding. The package is pure: it keeps no store and reads no clock. Hosts persist
// rubrics and observations where they like (linkage derives observations from its
// stores) and pass them in, with the "as of" time taken from their own wushe.Clock.
package evaluation
