package volunteer

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
)

// Candidate generation at city scale.
//
// A match looks at every shift and volunteer, but it scores only the pairs that can be
// candidates. With MaxDistanceMeters set, volunteers with a home are put in a match.Grid,
// so a shift looks only at the volunteers of the cells around its place: the others live
// too far away and are never scored. Each
// volunteer's availability is read once per distinct shift window, and the rules that
// rule a pair out at a glance (an inactive volunteer, a required skill below its level)
// are tried before CheckEligibility, which is called only for the pairs that pass every
// other rule. No exclusion's text is built while matching: the result counts them by
// rule and writes the text when asked.

// The hard constraints, in the order Matcher checks them for an exclusion's text.
const (
	ruleEnrolled     = "enrolled"
	ruleEligibility  = "eligibility"
	ruleAvailability = "availability"
	ruleOverlap      = "overlap"
	ruleWeeklyCap    = "weekly_cap"
	ruleDistance     = "distance"
)

// volInfo is what the match knows of one volunteer before looking at any shift.
type volInfo struct {
	hist        []Enrolment
	reliability float64
	recent      int     // minutes of service within the fairness window
	themes      []Theme // of the teams the volunteer is in
	// open lists the volunteer's open enrolments; weekMin the minutes each ISO week holds
	// from open and completed ones.
	open    []Enrolment
	weekMin []weekMinutes
	rank    int32         // position by ID
	capped  time.Duration // the weekly cap, 0 for none
}

// weekMinutes is the time an ISO week holds.
type weekMinutes struct {
	week [2]int
	d    time.Duration
}

// minutes is the time the volunteer's enrolments hold in week.
func (vs *volInfo) minutes(week [2]int) time.Duration {
	for _, w := range vs.weekMin {
		if w.week == week {
			return w.d
		}
	}
	return 0
}

// cand is one candidate pair: the occurrence, the volunteer, the factor values in
// factorOrder in units of 10^-4, and the score in units of 10^-8 point.
type cand struct {
	occ, vol int32
	vals     [6]uint16
	total    int64
}

// prepare resolves the shifts, numbers the overlap clusters, and lists the candidate
// pairs with their scores.
func (m *Matcher) prepare(in MatchInput) (*prepared, error) {
	const op = "volunteer.Matcher"
	if err := in.validLocations(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	opps := make(map[uuid.UUID]int, len(in.Opportunities))
	for i, o := range in.Opportunities {
		opps[o.ID] = i
	}
	taken := map[ShiftRef]int{}
	for _, e := range in.Enrolments {
		if e.Status.HoldsPlace() {
			taken[e.Shift]++
		}
	}
	pr := &prepared{in: in, excluded: map[string]int{}}
	seen := make(map[ShiftRef]bool, len(in.Shifts))
	for i, ref := range in.Shifts {
		oi, ok := opps[ref.OpportunityID]
		var occ Occurrence
		if ok {
			occ, ok = in.Opportunities[oi].Resolve(ref)
		}
		if !ok {
			return nil, &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: "Shift", ID: ref.String(), Field: wushe.Index("Shifts", i), Msg: "no such shift occurrence in the input"}
		}
		if seen[ref] {
			return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Shift", ID: ref.String(), Field: wushe.Index("Shifts", i), Msg: "is listed twice"}
		}
		seen[ref] = true
		free := max(0, occ.Headcount-taken[ref])
		if m.opts.NoShowRate > 0 && free > 0 {
			free = int(math.Ceil(float64(free)/(1-m.opts.NoShowRate) - 1e-9))
		}
		o := in.Opportunities[oi]
		pr.occs = append(pr.occs, occInfo{occ: occ, opp: o, free: free, grid: in.Grids[o.ID],
			week: isoWeek(occ.Window.Start.In(m.opts.Location)), dur: occ.Window.Duration()})
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
	byRef := make([]int32, len(pr.occs))
	for i := range byRef {
		byRef[i] = int32(i)
	}
	slices.SortFunc(byRef, func(a, b int32) int { return compareRefs(pr.occs[a].occ.Ref, pr.occs[b].occ.Ref) })
	for r, i := range byRef {
		pr.occs[i].refRank = int32(r)
	}
	pr.byRef = byRef
	m.prepareVolunteers(pr)
	m.candidates(pr)
	return pr, nil
}

// prepareVolunteers gathers each volunteer's history, reliability, recent service, teams'
// themes and weekly minutes.
func (m *Matcher) prepareVolunteers(pr *prepared) {
	in := pr.in
	byVol := map[uuid.UUID][]Enrolment{}
	for _, e := range in.Enrolments {
		byVol[e.VolunteerID] = append(byVol[e.VolunteerID], e)
	}
	teamsOf := map[uuid.UUID][]int{}
	teamIndex := map[uuid.UUID]int{}
	for ti, t := range in.Teams {
		teamIndex[t.ID] = ti
		for _, id := range t.Members {
			teamsOf[id] = append(teamsOf[id], ti)
		}
	}
	pr.vols = make([]volInfo, len(in.Volunteers))
	order := make([]int32, len(in.Volunteers))
	for vi := range in.Volunteers {
		order[vi] = int32(vi)
		v := &in.Volunteers[vi]
		hist := byVol[v.ID]
		vs := &pr.vols[vi]
		vs.hist = hist
		vs.capped = time.Duration(max(0, v.MaxWeeklyMinutes)) * time.Minute
		vs.reliability = m.rel.Score(hist, in.At)
		for _, e := range hist {
			if e.Status.HoldsPlace() && e.Window.Start.After(in.At.Add(-m.opts.FairnessWindow)) && !e.Window.Start.After(in.At) {
				vs.recent += int(e.Window.Duration() / time.Minute)
			}
			if e.Status.Open() {
				vs.open = append(vs.open, e)
			}
			if e.Status.Open() || e.Status == EnrolmentCompleted {
				wk := isoWeek(e.Window.Start.In(m.opts.Location))
				if i := slices.IndexFunc(vs.weekMin, func(w weekMinutes) bool { return w.week == wk }); i >= 0 {
					vs.weekMin[i].d += e.Window.Duration()
				} else {
					vs.weekMin = append(vs.weekMin, weekMinutes{wk, e.Window.Duration()})
				}
			}
		}
		teams := teamsOf[v.ID]
		for _, id := range v.Teams {
			if ti, ok := teamIndex[id]; ok && !slices.Contains(teams, ti) {
				teams = append(teams, ti)
			}
		}
		for _, ti := range teams {
			for _, th := range in.Teams[ti].Themes {
				if !slices.Contains(vs.themes, th) {
					vs.themes = append(vs.themes, th)
				}
			}
		}
	}
	slices.SortFunc(order, func(a, b int32) int { return wushe.CompareIDs(in.Volunteers[a].ID, in.Volunteers[b].ID) })
	for r, vi := range order {
		pr.vols[vi].rank = int32(r)
	}
	pr.byID = order
}

// candidates lists the pairs that pass every hard constraint, ordered by volunteer ID
// then occurrence, and counts the others by the first rule that ruled them out in the
// order the index applies the rules: distance for a volunteer outside the cells around
// the shift, then availability, distance, enrolled, overlap, weekly_cap, eligibility.
func (m *Matcher) candidates(pr *prepared) {
	in := pr.in
	V := len(in.Volunteers)
	homes, hasHome := make([]wushe.Point, V), make([]bool, V)
	for vi := range in.Volunteers {
		homes[vi], hasHome[vi] = in.Volunteers[vi].Home, in.Volunteers[vi].HasHome
	}
	places := make([]wushe.Point, len(pr.occs))
	for i := range pr.occs {
		places[i] = pr.occs[i].opp.Place
	}
	limit := m.opts.MaxDistanceMeters
	// cells are the grid's cells and, last, the volunteers every search looks at: those
	// without a home, or everyone when there is no grid.
	var cells [][]int32
	var rest []int32
	grid := match.NewGrid(limit, homes, func(i int) bool { return hasHome[i] }, places)
	for vi := range in.Volunteers {
		if grid == nil || !hasHome[vi] {
			rest = append(rest, int32(vi))
		}
	}
	if grid != nil {
		cells = grid.Cells
	}
	cells = append(cells[:len(cells):len(cells)], rest)
	const latMetres = wushe.EarthRadiusMeters * math.Pi / 180
	// Availability is read once per volunteer and distinct window: each window gets the
	// cells with only the volunteers available then. Occurrences come by start time, so a
	// window's cells are dropped once its last occurrence is done.
	type winKey struct{ start, end time.Time }
	winOf := map[winKey]int{}
	last := map[int]int{}
	wins := make([]int, len(pr.occs))
	for i := range pr.occs {
		w := pr.occs[i].occ.Window
		k := winKey{w.Start.UTC(), w.End.UTC()}
		id, ok := winOf[k]
		if !ok {
			id = len(winOf)
			winOf[k] = id
		}
		wins[i], last[id] = id, i
	}
	// A volunteer's age is the same on every occurrence's day when it is the same on the
	// first and the last; ages holds it then, -1 otherwise.
	ages := make([]int, V)
	if len(pr.occs) > 0 {
		first, last := pr.occs[0].occ.Window.Start, pr.occs[0].occ.Window.Start
		for i := range pr.occs {
			st := pr.occs[i].occ.Window.Start
			if st.Before(first) {
				first = st
			}
			if st.After(last) {
				last = st
			}
		}
		for vi := range in.Volunteers {
			v := &in.Volunteers[vi]
			if a := v.AgeOn(first); a == v.AgeOn(last) {
				ages[vi] = a
			} else {
				ages[vi] = -1
			}
		}
	}
	availCells := map[int]*availability{}
	// found holds the candidates in chunks, so that a city's millions are never copied
	// to grow one slice.
	const chunk = 1 << 15
	var found [][]cand
	cur := make([]cand, 0, chunk)
	perVol := make([]int32, V+1)
	m.progress(PhaseCandidates, 0, len(pr.occs))
	for oi := range pr.occs {
		if oi%1024 == 1023 {
			m.progress(PhaseCandidates, oi, len(pr.occs))
		}
		oc := &pr.occs[oi]
		av := availCells[wins[oi]]
		if av == nil {
			av = &availability{cells: make([][]int32, len(cells)), read: make([]bool, len(cells))}
			availCells[wins[oi]] = av
		}
		looked := 0
		visit := func(n int32) {
			looked += len(cells[n])
			if !av.read[n] {
				// A cell's availability is read when a search first reaches it, so that one
				// shift among a city's volunteers reads only the cells around its place.
				av.read[n] = true
				for _, vi := range cells[n] {
					if in.Volunteers[vi].Availability.Covers(oc.occ.Window, m.opts.Location) {
						av.cells[n] = append(av.cells[n], vi)
					}
				}
			}
			pr.excluded[ruleAvailability] += len(cells[n]) - len(av.cells[n])
			for _, vi := range av.cells[n] {
				var d float64
				if limit > 0 && hasHome[vi] {
					// A great circle is at least as long as its span of latitude.
					h := homes[vi]
					if math.Abs(h.Lat-oc.opp.Place.Lat)*latMetres > limit*1.000001 {
						pr.excluded[ruleDistance]++
						continue
					}
					if d = h.DistanceMeters(oc.opp.Place); d > limit {
						pr.excluded[ruleDistance]++
						continue
					}
				}
				v := &in.Volunteers[vi]
				if rule := m.fastRule(v, &pr.vols[vi], oc); rule != "" {
					pr.excluded[rule]++
					continue
				}
				age := ages[vi]
				if age < 0 {
					age = v.AgeOn(oc.occ.Window.Start)
				}
				if !m.elig.eligible(v, age, &oc.opp, &oc.occ, nil) {
					pr.excluded[ruleEligibility]++
					continue
				}
				c := cand{occ: int32(oi), vol: vi}
				c.vals, c.total = m.values(v, &pr.vols[vi], oc, d)
				if len(cur) == chunk {
					found, cur = append(found, cur), make([]cand, 0, chunk)
				}
				cur = append(cur, c)
				perVol[vi+1]++
			}
		}
		if grid != nil {
			grid.Near(oc.opp.Place, visit)
		}
		visit(int32(len(cells) - 1))
		if n := V - looked; n > 0 {
			pr.excluded[ruleDistance] += n
		}
		if last[wins[oi]] == oi {
			delete(availCells, wins[oi])
		}
	}
	for rule, n := range pr.excluded {
		if n == 0 {
			delete(pr.excluded, rule)
		}
	}
	// By volunteer ID, then occurrence: a counting sort keeps the occurrence order.
	start := make([]int32, V+1)
	for r, vi := range pr.byID {
		start[r+1] = start[r] + perVol[vi+1]
	}
	fill := make([]int32, V)
	for r, vi := range pr.byID {
		fill[vi] = start[r]
	}
	found = append(found, cur)
	pr.cands = make([]cand, start[V])
	for _, cs := range found {
		for _, c := range cs {
			pr.cands[fill[c.vol]] = c
			fill[c.vol]++
		}
	}
}

// availability is, for one shift window, the volunteers of each grid cell available for the
// whole window, in the cell's order; read says which cells have been read.
type availability struct {
	cells [][]int32
	read  []bool
}

// fastRule returns the first rule, in the index's order after availability, that the pair
// fails among those decided without CheckEligibility: enrolled, overlap, weekly_cap, and
// the eligibility rules seen at a glance (an inactive volunteer, a required skill below
// its level, both of which CheckEligibility always reports). "" when none fails.
func (m *Matcher) fastRule(v *Volunteer, vs *volInfo, oc *occInfo) string {
	w := oc.occ.Window
	for _, e := range vs.open {
		if e.Shift == oc.occ.Ref {
			return ruleEnrolled
		}
	}
	for _, e := range vs.open {
		if e.Window.Overlaps(w) {
			return ruleOverlap
		}
	}
	if v.MaxWeeklyMinutes > 0 && oc.dur+vs.minutes(oc.week) > time.Duration(v.MaxWeeklyMinutes)*time.Minute {
		return ruleWeeklyCap
	}
	if v.Status != StatusActive {
		return ruleEligibility
	}
	for _, n := range oc.opp.Required {
		if skillLevel(v.Skills, n.Name) < n.MinLevel {
			return ruleEligibility
		}
	}
	return ""
}
