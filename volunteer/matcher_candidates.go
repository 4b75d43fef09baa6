package volunteer

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// Candidate generation at city scale.
//
// A match looks at every shift and volunteer, but it scores only the pairs that can be
// candidates. With MaxDistanceMeters set, volunteers with a home are put in a grid of
// cells at least as wide as the limit, so a shift looks only at the volunteers of the
// nine cells around its place: the others live too far away and are never scored. Each
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
	weekMin map[[2]int]time.Duration
	rank    int32 // position by ID
}

// cand is one candidate pair: the occurrence, the volunteer, the factor values in
// factorOrder in units of 10^-4, and the score in units of 10^-8 point.
type cand struct {
	occ, vol int32
	vals     [6]uint16
	total    int64
}

// distGrid indexes points in cells at least limit metres tall and wide, so that every
// point within limit of a place lies in the 3 × 3 cells around it.
type distGrid struct {
	cellLat, cellLng float64
	cells            map[[2]int32][]int32
}

// newDistGrid returns a grid of pts for the distance limit, or nil when a grid is not
// safe or not useful (no limit, near a pole or the antimeridian, a limit of hundreds of
// kilometres); the caller then looks at every point.
func newDistGrid(limit float64, pts []wushe.Point, has []bool, places []wushe.Point) *distGrid {
	if limit <= 0 || limit > 200_000 || math.IsNaN(limit) || math.IsInf(limit, 0) {
		return nil
	}
	maxLat, minLng, maxLng := 0.0, math.Inf(1), math.Inf(-1)
	see := func(p wushe.Point) {
		maxLat = max(maxLat, math.Abs(p.Lat))
		minLng, maxLng = min(minLng, p.Lng), max(maxLng, p.Lng)
	}
	for i, p := range pts {
		if has[i] {
			see(p)
		}
	}
	for _, p := range places {
		see(p)
	}
	if maxLat > 80 || maxLng-minLng > 180 || math.IsNaN(maxLat) || math.IsNaN(minLng) || math.IsNaN(maxLng) {
		return nil
	}
	// A great circle of d metres spans at most d / (R·π/180) degrees of latitude, and of
	// longitude at most that over cos(latitude) (to first order); 5% covers the rest.
	const degree = wushe.EarthRadiusMeters * math.Pi / 180
	g := &distGrid{cellLat: 1.05 * limit / degree, cells: map[[2]int32][]int32{}}
	g.cellLng = g.cellLat / math.Cos((maxLat+2*g.cellLat)*math.Pi/180)
	if g.cellLng > 10 {
		return nil
	}
	for i, p := range pts {
		if has[i] {
			c := g.cell(p)
			g.cells[c] = append(g.cells[c], int32(i))
		}
	}
	return g
}

func (g *distGrid) cell(p wushe.Point) [2]int32 {
	return [2]int32{int32(math.Floor(p.Lat / g.cellLat)), int32(math.Floor(p.Lng / g.cellLng))}
}

// near calls f for every point in the 3 × 3 cells around p.
func (g *distGrid) near(p wushe.Point, f func(i int32)) {
	c := g.cell(p)
	for dy := int32(-1); dy <= 1; dy++ {
		for dx := int32(-1); dx <= 1; dx++ {
			for _, i := range g.cells[[2]int32{c[0] + dy, c[1] + dx}] {
				f(i)
			}
		}
	}
}

// prepare resolves the shifts, numbers the overlap clusters, and lists the candidate
// pairs with their scores.
func (m *Matcher) prepare(in MatchInput) (*prepared, error) {
	const op = "volunteer.Matcher"
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
		vs.reliability = m.rel.Score(hist, in.At)
		for _, e := range hist {
			if e.Status.HoldsPlace() && e.Window.Start.After(in.At.Add(-m.opts.FairnessWindow)) && !e.Window.Start.After(in.At) {
				vs.recent += int(e.Window.Duration() / time.Minute)
			}
			if e.Status.Open() {
				vs.open = append(vs.open, e)
			}
			if e.Status.Open() || e.Status == EnrolmentCompleted {
				if vs.weekMin == nil {
					vs.weekMin = map[[2]int]time.Duration{}
				}
				vs.weekMin[isoWeek(e.Window.Start.In(m.opts.Location))] += e.Window.Duration()
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
// order the index applies the rules: distance, availability, enrolled, overlap,
// weekly_cap, eligibility.
func (m *Matcher) candidates(pr *prepared) {
	in := pr.in
	V := len(in.Volunteers)
	homes := make([]wushe.Point, V)
	has := make([]bool, V)
	var homeless []int32
	for vi, v := range in.Volunteers {
		homes[vi], has[vi] = v.Home, v.HasHome
		if !v.HasHome {
			homeless = append(homeless, int32(vi))
		}
	}
	places := make([]wushe.Point, len(pr.occs))
	for i := range pr.occs {
		places[i] = pr.occs[i].opp.Place
	}
	limit := m.opts.MaxDistanceMeters
	grid := newDistGrid(limit, homes, has, places)
	// Availability is read once per volunteer and distinct window; occurrences come by
	// start time, so a window's answers are dropped once its last occurrence is done.
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
	avail := map[int][]int8{} // window → by volunteer: 0 unknown, 1 available, 2 not
	var found []cand
	perVol := make([]int32, V+1)
	count := func(rule string, n int) {
		if n > 0 {
			pr.excluded[rule] += n
		}
	}
	for oi := range pr.occs {
		oc := &pr.occs[oi]
		av := avail[wins[oi]]
		if av == nil {
			av = make([]int8, V)
			avail[wins[oi]] = av
		}
		looked := 0
		visit := func(vi int32) {
			looked++
			v := &in.Volunteers[vi]
			var d float64
			if limit > 0 && v.HasHome {
				if d = v.Home.DistanceMeters(oc.opp.Place); d > limit {
					pr.excluded[ruleDistance]++
					return
				}
			}
			if av[vi] == 0 {
				av[vi] = 2
				if v.Availability.Covers(oc.occ.Window, m.opts.Location) {
					av[vi] = 1
				}
			}
			if av[vi] != 1 {
				pr.excluded[ruleAvailability]++
				return
			}
			if rule := m.fastRule(v, &pr.vols[vi], oc); rule != "" {
				pr.excluded[rule]++
				return
			}
			if m.elig.CheckEligibility(*v, oc.opp, oc.occ) != nil {
				pr.excluded[ruleEligibility]++
				return
			}
			c := cand{occ: int32(oi), vol: vi}
			c.vals, c.total = m.values(v, &pr.vols[vi], oc, d)
			found = append(found, c)
			perVol[vi+1]++
		}
		if grid == nil {
			for vi := range V {
				visit(int32(vi))
			}
		} else {
			grid.near(oc.opp.Place, visit)
			for _, vi := range homeless {
				visit(vi)
			}
			count(ruleDistance, V-looked)
		}
		if last[wins[oi]] == oi {
			delete(avail, wins[oi])
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
	pr.cands = make([]cand, len(found))
	for _, c := range found {
		pr.cands[fill[c.vol]] = c
		fill[c.vol]++
	}
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
	if v.MaxWeeklyMinutes > 0 && oc.dur+vs.weekMin[oc.week] > time.Duration(v.MaxWeeklyMinutes)*time.Minute {
		return ruleWeeklyCap
	}
	if v.Status != StatusActive {
		return ruleEligibility
	}
	for _, n := range oc.opp.Required {
		if v.SkillLevel(n.Name) < n.MinLevel {
			return ruleEligibility
		}
	}
	return ""
}
