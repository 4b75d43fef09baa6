package volunteer

import (
	"cmp"
	"fmt"
	"math"
	"slices"
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
}

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
type Matcher struct {
	profile Profile
	rel     Reliability
	weights map[string]decimal.Decimal
	scale   match.Scale
	opts    MatchOptions
	elig    *Service
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
	return &Matcher{profile: s.profile, rel: s.rel, weights: o.Weights, opts: o, elig: s,
		scale: match.Scale{Places: 8, Max: total}}, nil
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
	Rejections  []Rejection  `json:"rejections"`
	Exclusions  []Exclusion  `json:"exclusions"`
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
}

type occInfo struct {
	occ     Occurrence
	opp     Opportunity
	free    int
	cluster int
}

// prepared is the candidate graph of a match.
type prepared struct {
	occs       []occInfo
	candidates map[[2]int]Score // (occurrence index, volunteer index) -> score
	exclusions []Exclusion
}

func (m *Matcher) prepare(in MatchInput) (*prepared, error) {
	const op = "volunteer.Matcher"
	opps := map[uuid.UUID]Opportunity{}
	for _, o := range in.Opportunities {
		opps[o.ID] = o
	}
	pr := &prepared{candidates: map[[2]int]Score{}}
	seen := map[ShiftRef]bool{}
	for i, ref := range in.Shifts {
		o, ok := opps[ref.OpportunityID]
		var occ Occurrence
		if ok {
			occ, ok = o.Resolve(ref)
		}
		if !ok {
			return nil, &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: "Shift", ID: ref.String(), Field: wushe.Index("Shifts", i), Msg: "no such shift occurrence in the input"}
		}
		if seen[ref] {
			return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Shift", ID: ref.String(), Field: wushe.Index("Shifts", i), Msg: "is listed twice"}
		}
		seen[ref] = true
		taken := 0
		for _, e := range in.Enrolments {
			if e.Shift == ref && e.Status.HoldsPlace() {
				taken++
			}
		}
		free := max(0, occ.Headcount-taken)
		if m.opts.NoShowRate > 0 && free > 0 {
			free = int(math.Ceil(float64(free)/(1-m.opts.NoShowRate) - 1e-9))
		}
		pr.occs = append(pr.occs, occInfo{occ: occ, opp: o, free: free})
	}
	// Deterministic order: start time, then ref.
	slices.SortFunc(pr.occs, func(a, b occInfo) int {
		return cmp.Or(a.occ.Window.Start.Compare(b.occ.Window.Start), compareRefs(a.occ.Ref, b.occ.Ref))
	})
	// Overlap clusters: sweep by start time.
	end := time.Time{}
	cl := -1
	for i := range pr.occs {
		if cl < 0 || !pr.occs[i].occ.Window.Start.Before(end) {
			cl++
		}
		pr.occs[i].cluster = cl
		if pr.occs[i].occ.Window.End.After(end) {
			end = pr.occs[i].occ.Window.End
		}
	}
	byVol := map[uuid.UUID][]Enrolment{}
	for _, e := range in.Enrolments {
		byVol[e.VolunteerID] = append(byVol[e.VolunteerID], e)
	}
	for vi, v := range in.Volunteers {
		hist := byVol[v.ID]
		reliability := m.rel.Score(hist, in.At)
		recent := 0
		for _, e := range hist {
			if (e.Status.HoldsPlace()) && e.Window.Start.After(in.At.Add(-m.opts.FairnessWindow)) && !e.Window.Start.After(in.At) {
				recent += int(e.Window.Duration() / time.Minute)
			}
		}
		for oi, oc := range pr.occs {
			ex := func(constraint, format string, args ...any) {
				pr.exclusions = append(pr.exclusions, Exclusion{Shift: oc.occ.Ref, VolunteerID: v.ID, Constraint: constraint, Detail: fmt.Sprintf(format, args...)})
			}
			if !m.hard(v, oc, hist, ex) {
				continue
			}
			pr.candidates[[2]int{oi, vi}] = m.score(v, oc, in, reliability, recent)
		}
	}
	return pr, nil
}

// hard applies the hard constraints, recording the first failed one; it reports whether
// the pair passed.
func (m *Matcher) hard(v Volunteer, oc occInfo, hist []Enrolment, ex func(string, string, ...any)) bool {
	w := oc.occ.Window
	for _, e := range hist {
		if e.Shift == oc.occ.Ref && e.Status.Open() {
			ex("enrolled", "already enrolled in this shift")
			return false
		}
	}
	if err := m.elig.CheckEligibility(v, oc.opp, oc.occ); err != nil {
		ex("eligibility", "%v", err)
		return false
	}
	if !v.Availability.Covers(w, m.opts.Location) {
		ex("availability", "not available for the whole shift %s", w)
		return false
	}
	weekly := w.Duration()
	week := isoWeek(w.Start.In(m.opts.Location))
	for _, e := range hist {
		if e.Status.Open() && e.Window.Overlaps(w) {
			ex("overlap", "already enrolled in a shift at %s", e.Window)
			return false
		}
		if (e.Status.Open() || e.Status == EnrolmentCompleted) && isoWeek(e.Window.Start.In(m.opts.Location)) == week {
			weekly += e.Window.Duration()
		}
	}
	if v.MaxWeeklyMinutes > 0 && weekly > time.Duration(v.MaxWeeklyMinutes)*time.Minute {
		ex("weekly_cap", "the week would reach %v, above the cap of %d minutes", weekly, v.MaxWeeklyMinutes)
		return false
	}
	if m.opts.MaxDistanceMeters > 0 && v.HasHome {
		if d := v.Home.DistanceMeters(oc.opp.Place); d > m.opts.MaxDistanceMeters {
			ex("distance", "lives %.0f m away, the limit is %.0f m", d, m.opts.MaxDistanceMeters)
			return false
		}
	}
	return true
}

// round4 rounds x, clamped to [0, 1], to 4 decimal places.
func round4(x float64) decimal.Decimal {
	if math.IsNaN(x) || x < 0 {
		x = 0
	}
	return decimal.New(int64(math.Round(math.Min(1, x)*1e4)), -4)
}

// factorOrder lists the factors in name order, the order of Score.Factors.
var factorOrder = []string{FactorDistance, FactorFairness, FactorLocality, FactorReliability, FactorSkill, FactorTeam}

func (m *Matcher) score(v Volunteer, oc occInfo, in MatchInput, reliability float64, recent int) Score {
	var vals [6]decimal.Decimal // in factorOrder
	skill, needs := 0.0, 0
	for _, list := range [][]SkillNeed{oc.opp.Required, oc.opp.Preferred} {
		for _, n := range list {
			skill += float64(v.SkillLevel(n.Name)) / 5
			needs++
		}
	}
	if needs > 0 {
		skill /= float64(needs)
	}
	vals[4] = round4(skill)
	dist := 0.0
	if v.HasHome {
		d := v.Home.DistanceMeters(oc.opp.Place)
		dist = 1
		if d > m.opts.IdealDistanceMeters {
			dist = m.opts.IdealDistanceMeters / d
		}
	}
	vals[0] = round4(dist)
	vals[3] = round4(reliability)
	vals[1] = round4(1 - float64(recent)/float64(m.opts.FairnessMinutes))
	loc := 0.0
	if g, ok := in.Grids[oc.opp.ID]; ok && g != uuid.Nil && g == v.GridID {
		loc = 1
	} else if oc.opp.Organizer.Kind == ActorCommunity && oc.opp.Organizer.ID == v.CommunityID {
		loc = 0.5
	}
	vals[2] = round4(loc)
	team := 0.0
	for _, t := range in.Teams {
		if contains(t.Themes, oc.opp.Theme) && (contains(t.Members, v.ID) || v.InTeam(t.ID)) {
			team = 1
			break
		}
	}
	vals[5] = round4(team)
	s := Score{Total: decimal.Zero, Factors: make([]Factor, 0, len(factorOrder))}
	for i, n := range factorOrder {
		w, ok := m.weights[n]
		if !ok {
			continue
		}
		f := Factor{Name: n, Value: vals[i], Weight: w}
		s.Factors = append(s.Factors, f)
		s.Total = s.Total.Add(f.Value.Mul(f.Weight))
	}
	return s
}

func toMatchScore(s Score) match.Score {
	out := match.Score{Total: s.Total}
	for _, f := range s.Factors {
		out.Factors = append(out.Factors, match.Factor{Name: f.Name, Value: f.Value, Weight: f.Weight})
	}
	return out
}

// Assign finds the best assignment of in.Volunteers to in.Shifts under the weekly hour
// caps (see Matcher for the method and its guarantees) and explains it: each assignment
// with its factor breakdown, each unused candidate with the score lost by forcing it,
// each excluded pair with the constraint that excluded it, and what the caps cost.
func (m *Matcher) Assign(in MatchInput) (*MatchResult, error) {
	const op = "volunteer.Matcher.Assign"
	pr, err := m.prepare(in)
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	cs := m.capCandidates(pr, in)
	st := newCapState(pr, in, m.opts.Location)
	res := &MatchResult{Assignments: []Assignment{}, Rejections: []Rejection{}, Exclusions: pr.exclusions}
	lost := make([]*decimal.Decimal, len(cs))
	for round := 0; round <= len(cs); round++ {
		keep, drop, err := m.capRound(op, round > 0, pr, in, cs, st, lost)
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
	}
	// The rounds' answer is compared with the greedy pass under the same rules; the one
	// that fills more places is returned (the rounds' on a tie).
	final := st.kept
	if greedy := m.capGreedy(pr, in, cs); len(greedy) > len(st.kept) {
		final = greedy
		res.GreedyFallback = true
	}
	inFinal := make([]bool, len(cs))
	fills := map[ShiftRef]int{}
	for _, c := range final {
		inFinal[c] = true
		k := cs[c].key
		res.Assignments = append(res.Assignments, Assignment{Shift: pr.occs[k[0]].occ.Ref, VolunteerID: in.Volunteers[k[1]].ID, Score: pr.candidates[k]})
		fills[pr.occs[k[0]].occ.Ref]++
	}
	dropped := make([]bool, len(cs))
	for _, c := range slices.Concat(st.kept, st.dropped) {
		if !inFinal[c] {
			dropped[c] = true
			k := cs[c].key
			res.Dropped = append(res.Dropped, Assignment{Shift: pr.occs[k[0]].occ.Ref, VolunteerID: in.Volunteers[k[1]].ID, Score: pr.candidates[k]})
		}
	}
	for c, cd := range cs {
		if inFinal[c] || dropped[c] {
			continue
		}
		k := cd.key
		ref, vol := pr.occs[k[0]].occ.Ref, in.Volunteers[k[1]]
		res.Rejections = append(res.Rejections, Rejection{Shift: ref, VolunteerID: vol.ID, Score: pr.candidates[k], Lost: lost[c]})
		if st.capOut[c] {
			res.Exclusions = append(res.Exclusions, Exclusion{Shift: ref, VolunteerID: vol.ID, Constraint: "weekly_cap",
				Detail: fmt.Sprintf("the assignments kept leave %v of the %d-minute cap that week, the shift takes %v", st.capLeft[c], vol.MaxWeeklyMinutes, cd.dur)})
		}
	}
	byAssignment := func(a, b Assignment) int {
		return cmp.Or(compareRefs(a.Shift, b.Shift), wushe.CompareIDs(a.VolunteerID, b.VolunteerID))
	}
	slices.SortFunc(res.Assignments, byAssignment)
	slices.SortFunc(res.Dropped, byAssignment)
	for _, oc := range pr.occs {
		res.Fills = append(res.Fills, ShiftFill{Shift: oc.occ.Ref, Wanted: oc.free, Filled: fills[oc.occ.Ref]})
	}
	slices.SortFunc(res.Rejections, func(a, b Rejection) int {
		return cmp.Or(compareRefs(a.Shift, b.Shift), -a.Score.Total.Cmp(b.Score.Total), wushe.CompareIDs(a.VolunteerID, b.VolunteerID))
	})
	return res, nil
}

// capCand is one candidate pair with what the caps need to know about it.
type capCand struct {
	key     [2]int // (occurrence index, volunteer index)
	cluster int
	week    [2]int
	dur     time.Duration
	capped  time.Duration // the volunteer's weekly cap, 0 for none
}

// volWeek is one volunteer's ISO week.
type volWeek struct {
	vi   int
	week [2]int
}

// volCluster is one volunteer's overlap cluster: the supply of one unit.
type volCluster struct{ vi, cl int }

// capCandidates lists the candidate pairs ordered by volunteer ID, then occurrence.
func (m *Matcher) capCandidates(pr *prepared, in MatchInput) []capCand {
	keys := make([][2]int, 0, len(pr.candidates))
	for k := range pr.candidates {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]int) int {
		return cmp.Or(wushe.CompareIDs(in.Volunteers[a[1]].ID, in.Volunteers[b[1]].ID), cmp.Compare(a[0], b[0]))
	})
	cs := make([]capCand, len(keys))
	for i, k := range keys {
		oc := pr.occs[k[0]]
		cs[i] = capCand{key: k, cluster: oc.cluster, week: isoWeek(oc.occ.Window.Start.In(m.opts.Location)), dur: oc.occ.Window.Duration(),
			capped: time.Duration(max(0, in.Volunteers[k[1]].MaxWeeklyMinutes)) * time.Minute}
	}
	return cs
}

// capState is the progress of the cap rounds.
type capState struct {
	used    map[volWeek]time.Duration // minutes of the week held by enrolments and kept assignments
	busy    map[volCluster]bool       // clusters where a volunteer already has a kept assignment
	left    []int                     // free places of each occurrence after the kept assignments
	kept    []int                     // candidates kept, in the order kept
	dropped []int                     // candidates released by a cap
	gone    map[int]bool              // kept, dropped or ruled out by a cap
	capOut  map[int]bool              // ruled out by a cap without being dropped
	capLeft map[int]time.Duration     // the hours the week had left when a cap ruled the pair out
}

func newCapState(pr *prepared, in MatchInput, loc *time.Location) *capState {
	st := &capState{used: map[volWeek]time.Duration{}, busy: map[volCluster]bool{}, gone: map[int]bool{},
		capOut: map[int]bool{}, capLeft: map[int]time.Duration{}}
	vi := map[uuid.UUID]int{}
	for i, v := range in.Volunteers {
		vi[v.ID] = i
	}
	for _, e := range in.Enrolments {
		if i, ok := vi[e.VolunteerID]; ok && (e.Status.Open() || e.Status == EnrolmentCompleted) {
			st.used[volWeek{i, isoWeek(e.Window.Start.In(loc))}] += e.Window.Duration()
		}
	}
	for _, oc := range pr.occs {
		st.left = append(st.left, oc.free)
	}
	return st
}

// capRound solves the residual problem once: the places still free against the pairs
// that still fit, keeps the best subset of each volunteer's new assignments that fits the
// week (by score, highest first, then start, then shift), and releases the rest. It
// records the score lost by forcing each unused arc and reports how many assignments it
// kept and dropped.
func (m *Matcher) capRound(op string, weekly bool, pr *prepared, in MatchInput, cs []capCand, st *capState, lost []*decimal.Decimal) (keep, drop int, err error) {
	var demands []match.Demand
	for i, oc := range pr.occs {
		demands = append(demands, match.Demand{ID: oc.occ.Ref.String(), Units: int64(st.left[i])})
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
		if st.gone[c] || st.busy[volCluster{cd.key[1], cd.cluster}] || st.left[cd.key[0]] == 0 {
			continue
		}
		vw := volWeek{cd.key[1], cd.week}
		if u := st.used[vw]; cd.capped > 0 && u+cd.dur > cd.capped {
			st.gone[c], st.capOut[c], st.capLeft[c] = true, true, max(0, cd.capped-u)
			continue
		}
		active = append(active, c)
		wi := weeks[vw]
		if wi == nil {
			wi = &weekInfo{seen: map[int]bool{}}
			weeks[vw] = wi
		}
		wi.n++
		wi.longest = max(wi.longest, cd.dur)
		wi.shared = wi.shared || wi.seen[cd.cluster]
		wi.seen[cd.cluster] = true
	}
	// After the first round, a capped week whose candidates lie in distinct clusters is one
	// supply of as many units as the longest of them fits in the hours left: every answer
	// then keeps the cap, and with shifts of equal length the cap is modelled exactly. Any
	// other week has a supply of one unit per overlap cluster, and the cap is met by
	// releasing.
	type supKey struct {
		vi, cl int
		week   [2]int
	}
	supIndex := map[supKey]int{}
	var supplies []match.Supply
	var cands []match.Candidate
	var arcCand []int
	for _, c := range active {
		cd := cs[c]
		vw := volWeek{cd.key[1], cd.week}
		wi := weeks[vw]
		key, units := supKey{vi: cd.key[1], cl: cd.cluster}, int64(1)
		if weekly && cd.capped > 0 && !wi.shared {
			if k := int((cd.capped - st.used[vw]) / wi.longest); k < wi.n {
				key, units = supKey{vi: cd.key[1], cl: -1, week: cd.week}, int64(k)
			}
		}
		s, ok := supIndex[key]
		if !ok {
			s = len(supplies)
			supIndex[key] = s
			id := fmt.Sprintf("%s/%d", in.Volunteers[key.vi].ID, key.cl)
			if key.cl < 0 {
				id = fmt.Sprintf("%s/w%d-%02d", in.Volunteers[key.vi].ID, key.week[0], key.week[1])
			}
			supplies = append(supplies, match.Supply{ID: id, Units: units})
		}
		cands = append(cands, match.Candidate{Demand: demands[cd.key[0]].ID, Supply: supplies[s].ID, Score: toMatchScore(pr.candidates[cd.key]), Cap: 1})
		arcCand = append(arcCand, c)
	}
	if len(cands) == 0 {
		return 0, 0, nil
	}
	sc, err := match.NewScored(demands, supplies, cands, nil, m.scale)
	if err != nil {
		return 0, 0, wushe.Wrap(op, err)
	}
	sol, err := match.Solve(sc.Problem, nil)
	if err != nil {
		return 0, 0, wushe.Wrap(op, err)
	}
	used := make([]bool, len(cands))
	for _, p := range sol.Pairs {
		used[p.Arc] = true
	}
	groups := map[volWeek][]int{}
	var order []volWeek
	for a, c := range arcCand {
		if !used[a] {
			if r, ok := match.ReducedCost(sc.Problem, sol, a); ok {
				l := m.scale.Points(r)
				lost[c] = &l
			}
			continue
		}
		lost[c] = nil
		vw := volWeek{cs[c].key[1], cs[c].week}
		if _, ok := groups[vw]; !ok {
			order = append(order, vw)
		}
		groups[vw] = append(groups[vw], c)
	}
	for _, vw := range order {
		g := groups[vw]
		slices.SortFunc(g, func(a, b int) int {
			oa, ob := pr.occs[cs[a].key[0]].occ, pr.occs[cs[b].key[0]].occ
			return cmp.Or(-pr.candidates[cs[a].key].Total.Cmp(pr.candidates[cs[b].key].Total), oa.Window.Start.Compare(ob.Window.Start), compareRefs(oa.Ref, ob.Ref))
		})
		for _, c := range g {
			cd := cs[c]
			st.gone[c] = true
			if cd.capped > 0 && st.used[vw]+cd.dur > cd.capped {
				st.dropped = append(st.dropped, c)
				drop++
				continue
			}
			st.used[vw] += cd.dur
			st.busy[volCluster{cd.key[1], cd.cluster}] = true
			st.left[cd.key[0]]--
			st.kept = append(st.kept, c)
			keep++
		}
	}
	return keep, drop, nil
}

// capGreedy is the greedy pass under the same rules: candidates by score, highest first
// (ties by shift, then volunteer ID), each taken when its shift has a free place, the
// volunteer has no shift in its overlap cluster and the week still fits the cap.
func (m *Matcher) capGreedy(pr *prepared, in MatchInput, cs []capCand) []int {
	st := newCapState(pr, in, m.opts.Location)
	order := make([]int, len(cs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		ka, kb := cs[a].key, cs[b].key
		return cmp.Or(-pr.candidates[ka].Total.Cmp(pr.candidates[kb].Total), compareRefs(pr.occs[ka[0]].occ.Ref, pr.occs[kb[0]].occ.Ref),
			wushe.CompareIDs(in.Volunteers[ka[1]].ID, in.Volunteers[kb[1]].ID))
	})
	var out []int
	for _, c := range order {
		cd := cs[c]
		vw, vc := volWeek{cd.key[1], cd.week}, volCluster{cd.key[1], cd.cluster}
		if st.left[cd.key[0]] == 0 || st.busy[vc] || (cd.capped > 0 && st.used[vw]+cd.dur > cd.capped) {
			continue
		}
		st.left[cd.key[0]]--
		st.busy[vc] = true
		st.used[vw] += cd.dur
		out = append(out, c)
	}
	return out
}

// Suggestion is one candidate for a shift, ranked.
type Suggestion struct {
	VolunteerID uuid.UUID `json:"volunteer_id"`
	Score       Score     `json:"score"`
}

// TopK ranks the volunteers who may take the shift ref: the k best by score (ties by
// volunteer ID), with the exclusions of everyone else. k <= 0 returns every candidate.
func (m *Matcher) TopK(in MatchInput, ref ShiftRef, k int) ([]Suggestion, []Exclusion, error) {
	in.Shifts = []ShiftRef{ref}
	pr, err := m.prepare(in)
	if err != nil {
		return nil, nil, wushe.WithOp("volunteer.Matcher.TopK", err)
	}
	out := []Suggestion{}
	for key, s := range pr.candidates {
		out = append(out, Suggestion{VolunteerID: in.Volunteers[key[1]].ID, Score: s})
	}
	slices.SortFunc(out, func(a, b Suggestion) int {
		return cmp.Or(-a.Score.Total.Cmp(b.Score.Total), wushe.CompareIDs(a.VolunteerID, b.VolunteerID))
	})
	if k > 0 && len(out) > k {
		out = out[:k]
	}
	return out, pr.exclusions, nil
}

// compareRefs orders shift refs by opportunity ID, shift ID, then occurrence.
func compareRefs(a, b ShiftRef) int {
	return cmp.Or(wushe.CompareIDs(a.OpportunityID, b.OpportunityID), wushe.CompareIDs(a.ShiftID, b.ShiftID), cmp.Compare(a.Occurrence, b.Occurrence))
}
