package volunteer

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
)

// The matcher's factor names.
const (
	FactorSkill       = "skill"       // mean level of the needed skills, level/5
	FactorDistance    = "distance"    // 1 within the ideal distance, ideal/d beyond it
	FactorReliability = "reliability" // the attendance score
	FactorFairness    = "fairness"    // 1 - recent minutes / FairnessMinutes, at least 0
	FactorLocality    = "locality"    // 1 same grid, 0.5 same community, else 0
	FactorTeam        = "team"        // 1 when in a team whose themes include the shift's
)

// FiveMinuteCircleMeters is the walking distance of the "five-minute service circle"
// (五分钟服务圈): five minutes at about 80 m a minute. It is the default ideal distance.
const FiveMinuteCircleMeters = 400

// MatchOptions configures a Matcher. Zero values are useful defaults.
type MatchOptions struct {
	// Weights gives each factor its weight (non-negative, at most 4 decimal places); nil
	// means skill 30, distance 25, reliability 20, fairness 10, locality 10, team 5.
	Weights map[string]decimal.Decimal
	// IdealDistanceMeters scores distance 1 within it; default FiveMinuteCircleMeters.
	IdealDistanceMeters float64
	// MaxDistanceMeters excludes volunteers living farther away (0: no limit). A volunteer
	// with no home location is never excluded by distance and scores 0 on it.
	MaxDistanceMeters float64
	// FairnessWindow is how far back recent service counts (default 30 days) and
	// FairnessMinutes how many recent minutes bring the fairness factor to 0 (default 600).
	FairnessWindow  time.Duration
	FairnessMinutes int
	// NoShowRate, when positive, overbooks: a shift with n free places asks for
	// ceil(n / (1 - NoShowRate)) volunteers. Zero (the default) never overbooks.
	NoShowRate float64
	// Location is where availability clock times and ISO weeks are read; default UTC.
	Location *time.Location
	// ListLimit is the most entries MatchResult.Rejections and MatchResult.Exclusions hold
	// each: 0 means DefaultListLimit, a negative value every entry. The result's
	// AllRejections, AllExclusions and Explain give the rest on demand.
	ListLimit int
	// KeepNetwork keeps the flow network of the first solve in the result, for
	// MatchResult.WriteDIMACS.
	KeepNetwork bool
	// Progress, when set, is called as Assign moves through its phases, so that a long
	// match can report how far it got (and a caller time each phase with its own clock).
	Progress func(MatchProgress)
}

// The phases of a match, as MatchProgress.Phase names them.
const (
	PhaseCandidates = "candidates" // scoring the pairs that pass the hard constraints
	PhaseSolve      = "solve"      // the min-cost-flow solves of the cap rounds
	PhaseExplain    = "explain"    // listing the first rejections and exclusions
	PhaseDone       = "done"
)

// MatchProgress is where a match is: in Phase, Done of Total steps (shifts looked at while
// finding candidates, rounds solved while solving; Total 0 when not known ahead).
type MatchProgress struct {
	Phase       string
	Done, Total int
}

// DefaultListLimit is the most rejections and exclusions a MatchResult lists unless
// MatchOptions.ListLimit says otherwise: a city-wide match has millions of them, which are
// counted and explained on demand rather than listed.
const DefaultListLimit = 1000

// DefaultMatchWeights returns the default weights (they sum to 100).
func DefaultMatchWeights() map[string]decimal.Decimal {
	return map[string]decimal.Decimal{FactorSkill: decimal.NewFromInt(30), FactorDistance: decimal.NewFromInt(25),
		FactorReliability: decimal.NewFromInt(20), FactorFairness: decimal.NewFromInt(10),
		FactorLocality: decimal.NewFromInt(10), FactorTeam: decimal.NewFromInt(5)}
}

// Matcher assigns volunteers to shift occurrences: hard constraints decide who may take
// a shift, a weighted sum of named factors scores each candidate, and a min-cost flow
// finds the assignment that fills the most places and then has the highest total score.
// A shift of n places is one demand of n units with arcs of capacity 1, so a volunteer
// fills at most one place of it.
//
// Weekly hour caps are met in rounds, each a min-cost flow. Round 1 solves without the
// caps: one supply unit per volunteer and overlap cluster. When it gives a volunteer more
// than the week holds, the new assignments are taken by score (highest first, then start
// time, then shift), each kept while the week still fits, and the rest released
// (MatchResult.Dropped). Each later round solves the residual problem: the places still
// free against the volunteers' remaining hours, the kept assignments fixed, and every
// pair that no longer fits its week left out (reported as an Exclusion with constraint
// "weekly_cap"). In it, a capped volunteer's week whose candidate shifts lie in distinct
// overlap clusters is one supply of floor(hours left / longest candidate shift) units,
// so the flow cannot break the cap: with shifts of equal length that models the cap
// exactly, and with mixed lengths it is cautious and a later round uses the hours left
// over; any other week keeps one unit per cluster and is released as in round 1. Rounds
// repeat until one keeps nothing new; every round keeps at least one assignment, so
// there are at most as many rounds as places, and Assignments with Dropped hold every
// pair of the uncapped optimum. When no cap binds, round 1 is the answer and it is exact:
// the most places, then the highest total score. When caps bind, each round is exact on
// its residual problem but the whole is not guaranteed optimal; as a floor, Assign also
// runs the greedy pass under the caps (candidates by score, highest first, ties by shift
// then volunteer ID) and returns it instead when it fills more places
// (MatchResult.GreedyFallback), so the answer never fills fewer places than that greedy
// pass. MatchResult.Refilled counts the places the later rounds filled.
//
// Guarantees: every assigned pair passes every hard constraint against the input's
// enrolments; no volunteer gets two overlapping shifts (occurrences that overlap,
// directly or through a chain, form a cluster, and a volunteer takes at most one shift
// per cluster: safe, but it can leave a place unfilled that a finer model would fill);
// no volunteer's week, existing enrolments included, exceeds the weekly cap. The answer
// is deterministic: ties are broken by shift and volunteer IDs.
//
// At city scale: with MaxDistanceMeters set, only the volunteers living in the grid
// cells around a shift's place are looked at (a pair farther apart is never scored);
// availability is read once per volunteer and shift window; scores and costs are
// integers (10^-8 point), decimals only in the Scores a result reports; and no
// exclusion's text is written while matching. The result lists the first ListLimit
// rejections and exclusions, counts them all, and explains any pair on demand (Explain,
// AllRejections, AllExclusions) with the same text a full list would hold.
type Matcher struct {
	profile Profile
	rel     Reliability
	weights map[string]decimal.Decimal
	scale   match.Scale
	opts    MatchOptions
	elig    *Service
	// units are the weights in factorOrder in units of 10^-4 (0 when absent), and maxUnits
	// the scale's Max in units of 10^-8: a score in units of 10^-8 is Σ value × unit, and
	// its cost maxUnits − score, exactly what scale.Cost gives.
	units    [6]int64
	maxUnits int64
}

// NewMatcher returns a Matcher that applies the Service's profile and reliability
// settings. Invalid weights are a KindInvalid error naming Weights.
func (s *Service) NewMatcher(opts *MatchOptions) (*Matcher, error) {
	const op = "volunteer.Service.NewMatcher"
	var o MatchOptions
	if opts != nil {
		o = *opts
	}
	if o.Weights == nil {
		o.Weights = DefaultMatchWeights()
	}
	if o.IdealDistanceMeters <= 0 {
		o.IdealDistanceMeters = FiveMinuteCircleMeters
	}
	if o.FairnessWindow <= 0 {
		o.FairnessWindow = 30 * 24 * time.Hour
	}
	if o.FairnessMinutes <= 0 {
		o.FairnessMinutes = 600
	}
	if o.Location == nil {
		o.Location = s.loc
	}
	p := wushe.Check("MatchOptions")
	total := decimal.Zero
	for name, w := range o.Weights {
		f := "Weights[" + name + "]"
		if !slices.Contains([]string{FactorSkill, FactorDistance, FactorReliability, FactorFairness, FactorLocality, FactorTeam}, name) {
			p.Addf(f, "is not a factor")
		}
		p.Require(!w.IsNegative() && w.Exponent() >= -4, f, "must be non-negative with at most 4 decimal places")
		total = total.Add(w)
	}
	p.Require(o.NoShowRate >= 0 && o.NoShowRate < 1, "NoShowRate", "is not in [0, 1)")
	p.Require(o.MaxDistanceMeters >= 0, "MaxDistanceMeters", "is negative")
	if err := p.Err(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	if !total.IsPositive() {
		total = decimal.NewFromInt(1)
	}
	if o.ListLimit == 0 {
		o.ListLimit = DefaultListLimit
	}
	m := &Matcher{profile: s.profile, rel: s.rel, weights: o.Weights, opts: o, elig: s,
		scale: match.Scale{Places: 8, Max: total}}
	for i, n := range factorOrder {
		if w, ok := o.Weights[n]; ok && w.Shift(4).BigInt().IsInt64() {
			m.units[i] = w.Shift(4).IntPart()
		}
	}
	if u := total.Shift(8); u.BigInt().IsInt64() {
		m.maxUnits = u.IntPart()
	}
	return m, nil
}

// MatchInput is what a match runs on: the opportunities, the occurrences to fill, the
// candidate volunteers, their existing enrolments (for places taken, overlaps, weekly
// hours, reliability and fairness), teams, the grid of each opportunity when known, and
// the instant of the match.
type MatchInput struct {
	Opportunities []Opportunity
	Shifts        []ShiftRef
	Volunteers    []Volunteer
	Enrolments    []Enrolment
	Teams         []Team
	// Grids maps an opportunity ID to the grid it serves, for the locality factor.
	Grids map[uuid.UUID]uuid.UUID
	At    time.Time
}

// Factor is one named, weighted part of a match score.
type Factor struct {
	Name   string          `json:"name"`
	Value  decimal.Decimal `json:"value"`
	Weight decimal.Decimal `json:"weight"`
}

// Score is a candidate's score: Total = Σ Value × Weight over Factors.
type Score struct {
	Factors []Factor        `json:"factors"`
	Total   decimal.Decimal `json:"total"`
}

// Assignment is one volunteer chosen for one shift occurrence, with the score that won.
type Assignment struct {
	Shift       ShiftRef  `json:"shift"`
	VolunteerID uuid.UUID `json:"volunteer_id"`
	Score       Score     `json:"score"`
}

// Rejection is a candidate the answer did not use (and did not drop). Lost, when known, is
// the least total score given up per place by forcing it, from the dual values of the
// last round in which the pair was offered; it is nil for a pair never offered (its shift
// was full or its volunteer busy in every round). A pair that a later round left out
// because the volunteer's week was full is also listed in MatchResult.Exclusions with
// constraint "weekly_cap", so Assignments, Dropped and Rejections together list every
// candidate exactly once.
type Rejection struct {
	Shift       ShiftRef         `json:"shift"`
	VolunteerID uuid.UUID        `json:"volunteer_id"`
	Score       Score            `json:"score"`
	Lost        *decimal.Decimal `json:"lost,omitempty"`
}

// Exclusion is a pair a hard constraint kept out: Constraint is "eligibility",
// "availability", "overlap", "weekly_cap", "distance" or "enrolled"; Detail says why.
type Exclusion struct {
	Shift       ShiftRef  `json:"shift"`
	VolunteerID uuid.UUID `json:"volunteer_id"`
	Constraint  string    `json:"constraint"`
	Detail      string    `json:"detail"`
}

// ShiftFill says how many places of a shift the match asked for and filled.
type ShiftFill struct {
	Shift  ShiftRef `json:"shift"`
	Wanted int      `json:"wanted"`
	Filled int      `json:"filled"`
}

// MatchResult is a match's answer with its explanation.
type MatchResult struct {
	Assignments []Assignment `json:"assignments"`
	Fills       []ShiftFill  `json:"fills"`
	// Rejections and Exclusions are the first MatchOptions.ListLimit entries of
	// AllRejections and AllExclusions.
	Rejections []Rejection `json:"rejections"`
	Exclusions []Exclusion `json:"exclusions"`
	// RejectionCount and ExclusionCount count every entry of AllRejections and
	// AllExclusions.
	RejectionCount int `json:"rejection_count"`
	ExclusionCount int `json:"exclusion_count"`
	// ExcludedBy counts the excluded pairs by constraint as the match ruled them out,
	// without writing their text: a volunteer whose home lies outside the grid cells
	// around the shift's place under "distance" (the match never looks at the pair), else
	// under the first rule the pair fails in the order availability, distance, enrolled,
	// overlap, weekly_cap, eligibility; plus the candidates a later
	// cap round left out, under weekly_cap. The counts add up to ExclusionCount. A pair
	// that fails several rules may be counted under another rule than the one
	// AllExclusions names, which follows the order of the explanation.
	ExcludedBy map[string]int `json:"excluded_by"`
	// Dropped lists the assignments a solve chose that the answer does not hold: those the
	// weekly caps released (together with the volunteer's other assignments of the week
	// they broke the cap; their places were offered again in the next round) and, under
	// GreedyFallback, the rounds' assignments the greedy answer replaced. Assignments and
	// Dropped together hold every pair the first, uncapped solve chose.
	Dropped []Assignment `json:"dropped,omitempty"`
	// Refilled counts the places filled by the rounds after the first, with the hours the
	// caps left: what the caps' dropped places won back.
	Refilled int `json:"refilled"`
	// CapRounds is how many solves changed the answer: 1 when no cap bound, 0 when there
	// was no candidate.
	CapRounds int `json:"cap_rounds"`
	// GreedyFallback reports that the greedy pass under the caps filled more places than
	// the rounds, and that its answer is the one returned.
	GreedyFallback bool `json:"greedy_fallback,omitempty"`

	ex *explainer
}

type occInfo struct {
	occ     Occurrence
	opp     Opportunity
	free    int
	cluster int
	week    [2]int
	dur     time.Duration
	grid    uuid.UUID // the opportunity's grid, for the locality factor
	refRank int32     // position by ref
}

// prepared is the candidate graph of a match.
type prepared struct {
	in       MatchInput
	occs     []occInfo
	vols     []volInfo
	byRef    []int32 // occurrence indexes by ref
	byID     []int32 // volunteer indexes by ID
	cands    []cand  // by volunteer ID, then occurrence
	excluded map[string]int
}

// hard applies the hard constraints, recording the first failed one; it reports whether
// the pair passed. It is the statement of each exclusion's text; matching itself rules
// pairs out without building any (see candidates).
func (m *Matcher) hard(v Volunteer, oc occInfo, hist []Enrolment, ex func(string, string, ...any)) bool {
	w := oc.occ.Window
	for _, e := range hist {
		if e.Shift == oc.occ.Ref && e.Status.Open() {
			ex(ruleEnrolled, "already enrolled in this shift")
			return false
		}
	}
	if err := m.elig.CheckEligibility(v, oc.opp, oc.occ); err != nil {
		ex(ruleEligibility, "%v", err)
		return false
	}
	if !v.Availability.Covers(w, m.opts.Location) {
		ex(ruleAvailability, "not available for the whole shift %s", w)
		return false
	}
	weekly := w.Duration()
	week := isoWeek(w.Start.In(m.opts.Location))
	for _, e := range hist {
		if e.Status.Open() && e.Window.Overlaps(w) {
			ex(ruleOverlap, "already enrolled in a shift at %s", e.Window)
			return false
		}
		if (e.Status.Open() || e.Status == EnrolmentCompleted) && isoWeek(e.Window.Start.In(m.opts.Location)) == week {
			weekly += e.Window.Duration()
		}
	}
	if v.MaxWeeklyMinutes > 0 && weekly > time.Duration(v.MaxWeeklyMinutes)*time.Minute {
		ex(ruleWeeklyCap, "the week would reach %v, above the cap of %d minutes", weekly, v.MaxWeeklyMinutes)
		return false
	}
	if m.opts.MaxDistanceMeters > 0 && v.HasHome {
		if d := v.Home.DistanceMeters(oc.opp.Place); d > m.opts.MaxDistanceMeters {
			ex(ruleDistance, "lives farther away than the limit of %.0f m", m.opts.MaxDistanceMeters)
			return false
		}
	}
	return true
}

// round4 rounds x, clamped to [0, 1], to 4 decimal places, in units of 10^-4.
func round4(x float64) uint16 {
	if math.IsNaN(x) || x < 0 {
		x = 0
	}
	return uint16(math.Round(math.Min(1, x) * 1e4))
}

// factorOrder lists the factors in name order, the order of Score.Factors.
var factorOrder = []string{FactorDistance, FactorFairness, FactorLocality, FactorReliability, FactorSkill, FactorTeam}

// values computes the pair's factor values (in factorOrder, units of 10^-4) and its score
// in units of 10^-8 point; d is the distance from the volunteer's home to the shift's
// place when the volunteer has a home.
func (m *Matcher) values(v *Volunteer, vs *volInfo, oc *occInfo, d float64) ([6]uint16, int64) {
	var vals [6]uint16 // in factorOrder
	skill, needs := 0.0, 0
	for _, list := range [][]SkillNeed{oc.opp.Required, oc.opp.Preferred} {
		for _, n := range list {
			skill += float64(skillLevel(v.Skills, n.Name)) / 5
			needs++
		}
	}
	if needs > 0 {
		skill /= float64(needs)
	}
	vals[4] = round4(skill)
	dist := 0.0
	if v.HasHome {
		if m.opts.MaxDistanceMeters <= 0 {
			d = v.Home.DistanceMeters(oc.opp.Place)
		}
		dist = 1
		if d > m.opts.IdealDistanceMeters {
			dist = m.opts.IdealDistanceMeters / d
		}
	}
	vals[0] = round4(dist)
	vals[3] = round4(vs.reliability)
	vals[1] = round4(1 - float64(vs.recent)/float64(m.opts.FairnessMinutes))
	loc := 0.0
	if g := oc.grid; g != uuid.Nil && g == v.GridID {
		loc = 1
	} else if oc.opp.Organizer.Kind == ActorCommunity && oc.opp.Organizer.ID == v.CommunityID {
		loc = 0.5
	}
	vals[2] = round4(loc)
	if slices.Contains(vs.themes, oc.opp.Theme) {
		vals[5] = round4(1)
	}
	var total int64
	for i, w := range m.units {
		total += int64(vals[i]) * w
	}
	return vals, total
}

// scoreOf builds the decimal score of factor values, exactly as the units computed it.
func (m *Matcher) scoreOf(vals [6]uint16) Score {
	s := Score{Total: decimal.Zero, Factors: make([]Factor, 0, len(factorOrder))}
	for i, n := range factorOrder {
		w, ok := m.weights[n]
		if !ok {
			continue
		}
		f := Factor{Name: n, Value: decimal.New(int64(vals[i]), -4), Weight: w}
		s.Factors = append(s.Factors, f)
		s.Total = s.Total.Add(f.Value.Mul(f.Weight))
	}
	return s
}

// Assign finds the best assignment of in.Volunteers to in.Shifts under the weekly hour
// caps (see Matcher for the method and its guarantees) and explains it: each assignment
// with its factor breakdown, each unused candidate with the score lost by forcing it,
// each excluded pair with the constraint that excluded it, and what the caps cost.
// Rejections and Exclusions list at most MatchOptions.ListLimit entries each; the result's
// AllRejections, AllExclusions and Explain give the rest on demand.
func (m *Matcher) Assign(in MatchInput) (*MatchResult, error) {
	const op = "volunteer.Matcher.Assign"
	if err := m.scale.Validate(); err != nil {
		return nil, wushe.Wrap(op, err)
	}
	pr, err := m.prepare(in)
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	m.progress(PhaseSolve, 0, 0)
	cs := pr.cands
	st := newCapState(pr, len(cs))
	ex := &explainer{m: m, pr: pr, st: st, lost: make([]int64, len(cs)), lostOK: make([]bool, len(cs)), outcome: make([]int8, len(cs))}
	res := &MatchResult{Assignments: []Assignment{}, Rejections: []Rejection{}, Exclusions: []Exclusion{}, ex: ex}
	for round := 0; round <= len(cs); round++ {
		keep, drop, err := m.capRound(op, round > 0, pr, st, ex)
		if err != nil {
			return nil, err
		}
		if keep == 0 && drop == 0 {
			break
		}
		res.CapRounds++
		if round > 0 {
			res.Refilled += keep
		}
		m.progress(PhaseSolve, res.CapRounds, 0)
	}
	// The rounds' answer is compared with the greedy pass under the same rules; the one
	// that fills more places is returned (the rounds' on a tie).
	final := st.kept
	if greedy := m.capGreedy(pr); len(greedy) > len(st.kept) {
		final = greedy
		res.GreedyFallback = true
	}
	fills := make([]int, len(pr.occs))
	for _, c := range final {
		ex.outcome[c] = outcomeAssigned
		k := cs[c]
		res.Assignments = append(res.Assignments, ex.assignment(c))
		fills[k.occ]++
	}
	for _, c := range slices.Concat(st.kept, st.dropped) {
		if ex.outcome[c] != outcomeAssigned {
			ex.outcome[c] = outcomeDropped
			res.Dropped = append(res.Dropped, ex.assignment(c))
		}
	}
	for c := range cs {
		if ex.outcome[c] == outcomeRejected {
			res.RejectionCount++
			if st.capOut[c] {
				ex.capOuts++
			}
		}
	}
	byAssignment := func(a, b Assignment) int {
		return cmp.Or(compareRefs(a.Shift, b.Shift), wushe.CompareIDs(a.VolunteerID, b.VolunteerID))
	}
	slices.SortFunc(res.Assignments, byAssignment)
	slices.SortFunc(res.Dropped, byAssignment)
	for i, oc := range pr.occs {
		res.Fills = append(res.Fills, ShiftFill{Shift: oc.occ.Ref, Wanted: oc.free, Filled: fills[i]})
	}
	res.ExcludedBy = maps.Clone(pr.excluded)
	if ex.capOuts > 0 {
		res.ExcludedBy[ruleWeeklyCap] += ex.capOuts
	}
	res.ExclusionCount = len(in.Volunteers)*len(pr.occs) - len(cs) + ex.capOuts
	m.progress(PhaseExplain, 0, 0)
	limit := m.opts.ListLimit
	for r := range res.AllRejections() {
		if limit >= 0 && len(res.Rejections) >= limit {
			break
		}
		res.Rejections = append(res.Rejections, r)
	}
	for x := range res.AllExclusions() {
		if limit >= 0 && len(res.Exclusions) >= limit {
			break
		}
		res.Exclusions = append(res.Exclusions, x)
	}
	m.progress(PhaseDone, 0, 0)
	return res, nil
}

func (m *Matcher) progress(phase string, done, total int) {
	if m.opts.Progress != nil {
		m.opts.Progress(MatchProgress{Phase: phase, Done: done, Total: total})
	}
}

// volWeek is one volunteer's ISO week.
type volWeek struct {
	vi   int32
	week [2]int
}

// volCluster is one volunteer's overlap cluster: the supply of one unit.
type volCluster struct{ vi, cl int32 }

// capState is the progress of the cap rounds.
type capState struct {
	used    [][]weekMinutes // by volunteer: the time each week holds in enrolments and kept assignments
	busy    [][]int32       // by volunteer: the clusters where it already has a kept assignment
	left    []int           // free places of each occurrence after the kept assignments
	kept    []int           // candidates kept, in the order kept
	dropped []int           // candidates released by a cap
	gone    []bool          // kept, dropped or ruled out by a cap
	capOut  []bool          // ruled out by a cap without being dropped
	capLeft []time.Duration // the hours the week had left when a cap ruled the pair out
}

func newCapState(pr *prepared, n int) *capState {
	st := &capState{used: make([][]weekMinutes, len(pr.vols)), busy: make([][]int32, len(pr.vols))}
	if n > 0 {
		st.gone, st.capOut, st.capLeft = make([]bool, n), make([]bool, n), make([]time.Duration, n)
	}
	for vi := range pr.vols {
		st.used[vi] = slices.Clone(pr.vols[vi].weekMin)
	}
	for _, oc := range pr.occs {
		st.left = append(st.left, oc.free)
	}
	return st
}

// usedIn is the time volunteer vw.vi's week vw.week holds.
func (st *capState) usedIn(vw volWeek) time.Duration {
	for _, w := range st.used[vw.vi] {
		if w.week == vw.week {
			return w.d
		}
	}
	return 0
}

// addUsed adds d to the time volunteer vw.vi's week vw.week holds.
func (st *capState) addUsed(vw volWeek, d time.Duration) {
	for i, w := range st.used[vw.vi] {
		if w.week == vw.week {
			st.used[vw.vi][i].d += d
			return
		}
	}
	st.used[vw.vi] = append(st.used[vw.vi], weekMinutes{vw.week, d})
}

// isBusy reports whether the volunteer already has a kept assignment in the cluster.
func (st *capState) isBusy(vc volCluster) bool { return slices.Contains(st.busy[vc.vi], vc.cl) }

// setBusy records a kept assignment of the volunteer in the cluster.
func (st *capState) setBusy(vc volCluster) { st.busy[vc.vi] = append(st.busy[vc.vi], vc.cl) }

// capOf is the weekly cap of candidate c's volunteer, 0 for none.
func (pr *prepared) capOf(c int) time.Duration {
	return pr.vols[pr.cands[c].vol].capped
}

// capRound solves the residual problem once: the places still free against the pairs
// that still fit, keeps the best subset of each volunteer's new assignments that fits the
// week (by score, highest first, then start, then shift), and releases the rest. It
// records the score lost by forcing each unused arc and reports how many assignments it
// kept and dropped.
func (m *Matcher) capRound(op string, weekly bool, pr *prepared, st *capState, ex *explainer) (keep, drop int, err error) {
	cs := pr.cands
	demands := make([]match.Demand, len(pr.occs))
	for i, oc := range pr.occs {
		demands[i] = match.Demand{ID: oc.occ.Ref.String(), Units: int64(st.left[i])}
	}
	var active []int
	type weekInfo struct {
		n       int
		longest time.Duration
		shared  bool
		seen    map[int]bool
	}
	weeks := map[volWeek]*weekInfo{}
	for c, cd := range cs {
		oc := &pr.occs[cd.occ]
		if st.gone[c] || st.left[cd.occ] == 0 || st.isBusy(volCluster{cd.vol, int32(oc.cluster)}) {
			continue
		}
		vw := volWeek{cd.vol, oc.week}
		if capped := pr.capOf(c); capped > 0 {
			if u := st.usedIn(vw); u+oc.dur > capped {
				st.gone[c], st.capOut[c], st.capLeft[c] = true, true, max(0, capped-u)
				continue
			}
		}
		active = append(active, c)
		if !weekly || pr.capOf(c) == 0 {
			continue
		}
		wi := weeks[vw]
		if wi == nil {
			wi = &weekInfo{seen: map[int]bool{}}
			weeks[vw] = wi
		}
		wi.n++
		wi.longest = max(wi.longest, oc.dur)
		wi.shared = wi.shared || wi.seen[oc.cluster]
		wi.seen[oc.cluster] = true
	}
	if len(active) == 0 {
		return 0, 0, nil
	}
	// After the first round, a capped week whose candidates lie in distinct clusters is one
	// supply of as many units as the longest of them fits in the hours left: every answer
	// then keeps the cap, and with shifts of equal length the cap is modelled exactly. Any
	// other week has a supply of one unit per overlap cluster, and the cap is met by
	// releasing.
	type supKey struct {
		vi, cl int32
		week   [2]int
	}
	// The candidates come by volunteer ID, so each volunteer's supplies are made together
	// and listed in ID order: Solve then finds the supplies sorted.
	type supply struct {
		key   supKey
		id    string
		units int64
	}
	var supplies []match.Supply
	arcs := make([]match.Arc, len(active))
	keyOf := make([]supKey, 0, 64)
	var mine []supply
	for lo := 0; lo < len(active); {
		vi := cs[active[lo]].vol
		hi := lo
		keyOf, mine = keyOf[:0], mine[:0]
		for ; hi < len(active) && cs[active[hi]].vol == vi; hi++ {
			c := active[hi]
			oc := &pr.occs[cs[c].occ]
			vw := volWeek{vi, oc.week}
			key, units := supKey{vi: vi, cl: int32(oc.cluster)}, int64(1)
			if capped := pr.capOf(c); weekly && capped > 0 && !weeks[vw].shared {
				wi := weeks[vw]
				if k := int((capped - st.usedIn(vw)) / wi.longest); k < wi.n {
					key, units = supKey{vi: vi, cl: -1, week: oc.week}, int64(k)
				}
			}
			keyOf = append(keyOf, key)
			if !slices.ContainsFunc(mine, func(s supply) bool { return s.key == key }) {
				id := pr.in.Volunteers[vi].ID.String() + "/" + strconv.Itoa(int(key.cl))
				if key.cl < 0 {
					id = fmt.Sprintf("%s/w%d-%02d", pr.in.Volunteers[vi].ID, key.week[0], key.week[1])
				}
				mine = append(mine, supply{key: key, id: id, units: units})
			}
		}
		slices.SortFunc(mine, func(a, b supply) int { return cmp.Compare(a.id, b.id) })
		base := len(supplies)
		for _, s := range mine {
			supplies = append(supplies, match.Supply{ID: s.id, Units: s.units})
		}
		for i := lo; i < hi; i++ {
			c := active[i]
			s := base + slices.IndexFunc(mine, func(s supply) bool { return s.key == keyOf[i-lo] })
			arcs[i] = match.Arc{Demand: int(cs[c].occ), Supply: s, Cost: m.maxUnits - cs[c].total, Cap: 1}
		}
		lo = hi
	}
	p := &match.Problem{Demands: demands, Supplies: supplies, Arcs: arcs}
	ex.noteNetwork(p)
	sol, err := match.Solve(p, nil)
	if err != nil {
		return 0, 0, wushe.Wrap(op, err)
	}
	used := make([]bool, len(arcs))
	for _, pa := range sol.Pairs {
		used[pa.Arc] = true
	}
	groups := map[volWeek][]int{}
	var order []volWeek
	for a, c := range active {
		if !used[a] {
			if r, ok := match.ReducedCost(p, sol, a); ok {
				ex.lost[c], ex.lostOK[c] = r, true
			}
			continue
		}
		ex.lostOK[c] = false
		vw := volWeek{cs[c].vol, pr.occs[cs[c].occ].week}
		if _, ok := groups[vw]; !ok {
			order = append(order, vw)
		}
		groups[vw] = append(groups[vw], c)
	}
	for _, vw := range order {
		g := groups[vw]
		slices.SortFunc(g, func(a, b int) int {
			oa, ob := pr.occs[cs[a].occ].occ, pr.occs[cs[b].occ].occ
			return cmp.Or(-cmp.Compare(cs[a].total, cs[b].total), oa.Window.Start.Compare(ob.Window.Start), compareRefs(oa.Ref, ob.Ref))
		})
		for _, c := range g {
			cd := cs[c]
			oc := &pr.occs[cd.occ]
			st.gone[c] = true
			if capped := pr.capOf(c); capped > 0 && st.usedIn(vw)+oc.dur > capped {
				st.dropped = append(st.dropped, c)
				drop++
				continue
			}
			st.addUsed(vw, oc.dur)
			st.setBusy(volCluster{cd.vol, int32(oc.cluster)})
			st.left[cd.occ]--
			st.kept = append(st.kept, c)
			keep++
		}
	}
	return keep, drop, nil
}

// capGreedy is the greedy pass under the same rules: candidates by score, highest first
// (ties by shift, then volunteer ID), each taken when its shift has a free place, the
// volunteer has no shift in its overlap cluster and the week still fits the cap.
func (m *Matcher) capGreedy(pr *prepared) []int {
	cs := pr.cands
	st := newCapState(pr, 0)
	places := 0
	for _, n := range st.left {
		places += n
	}
	var out []int
	for _, c32 := range m.greedyOrder(pr) {
		c := int(c32)
		if len(out) == places {
			break // every place is taken
		}
		cd := cs[c]
		oc := &pr.occs[cd.occ]
		vw, vc := volWeek{cd.vol, oc.week}, volCluster{cd.vol, int32(oc.cluster)}
		capped := pr.capOf(c)
		if st.left[cd.occ] == 0 || st.isBusy(vc) || (capped > 0 && st.usedIn(vw)+oc.dur > capped) {
			continue
		}
		st.left[cd.occ]--
		st.setBusy(vc)
		st.addUsed(vw, oc.dur)
		out = append(out, c)
	}
	return out
}

// greedyOrder lists the candidates by score, highest first, then shift, then volunteer ID.
// The candidates are by volunteer ID already, so a stable sort by (score, shift) gives the
// order; when both fit one 64-bit key, it is a radix sort.
func (m *Matcher) greedyOrder(pr *prepared) []int32 {
	cs := pr.cands
	order := make([]int32, len(cs))
	for i := range order {
		order[i] = int32(i)
	}
	const refBits = 20
	if m.maxUnits >= 1<<(63-refBits) || len(pr.occs) > 1<<refBits {
		slices.SortStableFunc(order, func(a, b int32) int {
			ka, kb := &cs[a], &cs[b]
			return cmp.Or(-cmp.Compare(ka.total, kb.total), cmp.Compare(pr.occs[ka.occ].refRank, pr.occs[kb.occ].refRank))
		})
		return order
	}
	keys := make([]uint64, len(cs))
	var all uint64
	for i, c := range cs {
		keys[i] = uint64(m.maxUnits-c.total)<<refBits | uint64(pr.occs[c.occ].refRank)
		all |= keys[i]
	}
	// Least significant byte first, each pass stable.
	tmp, tmpKeys := make([]int32, len(order)), make([]uint64, len(keys))
	for shift := uint(0); shift < 64 && all>>shift != 0; shift += 8 {
		var count [257]int
		for _, k := range keys {
			count[(k>>shift)&0xff+1]++
		}
		for b := 1; b < 257; b++ {
			count[b] += count[b-1]
		}
		for i, k := range keys {
			b := (k >> shift) & 0xff
			tmp[count[b]], tmpKeys[count[b]] = order[i], k
			count[b]++
		}
		order, tmp = tmp, order
		keys, tmpKeys = tmpKeys, keys
	}
	return order
}

// Suggestion is one candidate for a shift, ranked.
type Suggestion struct {
	VolunteerID uuid.UUID `json:"volunteer_id"`
	Score       Score     `json:"score"`
}

// TopK ranks the volunteers who may take the shift ref: the k best by score (ties by
// volunteer ID), with the exclusions of everyone else in the order of in.Volunteers, at
// most MatchOptions.ListLimit of them (a negative ListLimit lists them all), so that a
// shift ranked among a street's 20,000 volunteers does not write 20,000 explanations.
// k <= 0 returns every candidate.
func (m *Matcher) TopK(in MatchInput, ref ShiftRef, k int) ([]Suggestion, []Exclusion, error) {
	in.Shifts = []ShiftRef{ref}
	pr, err := m.prepare(in)
	if err != nil {
		return nil, nil, wushe.WithOp("volunteer.Matcher.TopK", err)
	}
	// Ranked on the integer scores, which order the pairs exactly as their decimal
	// Scores do; only the k suggested get a decimal Score.
	cands := slices.Clone(pr.cands)
	isCand := make([]bool, len(in.Volunteers))
	for _, c := range cands {
		isCand[c.vol] = true
	}
	slices.SortFunc(cands, func(a, b cand) int {
		return cmp.Or(cmp.Compare(b.total, a.total), wushe.CompareIDs(in.Volunteers[a.vol].ID, in.Volunteers[b.vol].ID))
	})
	if k > 0 && len(cands) > k {
		cands = cands[:k]
	}
	out := make([]Suggestion, 0, len(cands))
	for _, c := range cands {
		out = append(out, Suggestion{VolunteerID: in.Volunteers[c.vol].ID, Score: m.scoreOf(c.vals)})
	}
	var excl []Exclusion
	limit := m.opts.ListLimit
	for vi, v := range in.Volunteers {
		if limit >= 0 && len(excl) >= limit {
			break
		}
		if isCand[vi] {
			continue // a candidate passed every hard constraint
		}
		m.hard(v, pr.occs[0], pr.vols[vi].hist, func(constraint, format string, args ...any) {
			if limit < 0 || len(excl) < limit {
				excl = append(excl, Exclusion{Shift: ref, VolunteerID: v.ID, Constraint: constraint, Detail: fmt.Sprintf(format, args...)})
			}
		})
	}
	return out, excl, nil
}

// compareRefs orders shift refs by opportunity ID, shift ID, then occurrence.
func compareRefs(a, b ShiftRef) int {
	return cmp.Or(wushe.CompareIDs(a.OpportunityID, b.OpportunityID), wushe.CompareIDs(a.ShiftID, b.ShiftID), cmp.Compare(a.Occurrence, b.Occurrence))
}
