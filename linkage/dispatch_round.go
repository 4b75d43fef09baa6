package linkage

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// dispatchRound is one dispatch being worked out: the tasks and responders indexed, the
// pairs found, counted and scored.
type dispatchRound struct {
	d     *Dispatcher
	in    DispatchInput
	tasks []dTask
	sup   []dSupply // ordered by DispatchResponder.String
	// taskIdx maps a task's ID to its index in tasks (ordered by ID).
	taskIdx map[uuid.UUID]int
	cats    map[string]int32
	// active counts the supplies that pass the status rule, by kind; offer counts them by
	// kind and category.
	active   [len(dispatchKindsArr)]int64
	offer    map[catKind]int64
	inactive int64
	// The spatial index: located supplies by category and cell; supplies without a place
	// by category and community; every supply by category and community.
	grid    map[cellKey][]int32
	unloc   map[catComm][]int32
	all     map[catComm][]int32
	latStep float64
	lngStep float64
	counts  [][numRules]int64 // per task, by rule
	// onHand is each lot's OnHand at the exponent every lot's and task's quantity has
	// when written to the most places any has, so that comparing two is a comparison of
	// integers (decimal rescales, allocating, when the exponents differ).
	onHand   []decimal.Decimal
	arcs     []dArc
	taskArcs []int32 // first arc of each task; len(tasks)+1
	members  [][]int // team index → eligible member volunteer indices
}

var dispatchKindsArr = [...]DispatchKind{DispatchVolunteer, DispatchTeam, DispatchOrganization, DispatchUnit, DispatchLot}

const numRules = 11

// rule indices, in DispatchRules order.
var ruleIndex = func() map[string]int {
	m := map[string]int{}
	for i, r := range DispatchRules() {
		m[r] = i
	}
	return m
}()

func kindIndex(k DispatchKind) int { return slices.Index(dispatchKindsArr[:], k) }

type catKind struct {
	cat  int32
	kind int
}

type cellKey struct {
	cat    int32
	cx, cy int64
}

type catComm struct {
	cat  int32
	comm uuid.UUID
}

// dTask is a task as the round sees it.
type dTask struct {
	t      DispatchTask
	key    uuid.UUID
	cat    int32
	kinds  uint8 // bit i set: dispatchKindsArr[i] allowed
	loc    bool
	pt     wushe.Point
	cx, cy int64
	q      decimal.Decimal
	// qCmp is q at the round's common exponent (dispatchRound.onHand's), so that the
	// quantity rule compares without rescaling; ben is what a lot's restriction is
	// checked against (beneficiaryOf).
	qCmp decimal.Decimal
	ben  resources.Beneficiary
	urg  int64 // basis points
	wait int64 // basis points
}

func (t *dTask) allows(k DispatchKind) bool { return t.kinds&(1<<kindIndex(k)) != 0 }

// dPoint is a place a supply answers from; prov is the provision index, -1 for none.
type dPoint struct {
	pt   wushe.Point
	prov int
	area uuid.UUID
}

// dSupply is a responder in one capacity: a volunteer, a team, a lot, or an
// organization's or unit's provisions of one category.
type dSupply struct {
	responder DispatchResponder
	kind      int
	status    string
	cats      []int32 // categories offered, ascending
	levels    []int64 // for a volunteer: the skill level of each category, 0 for a team theme only
	pts       []dPoint
	unloc     int // provision index of a provision without a place, -2 when every place is known
	community uuid.UUID
	area      uuid.UUID
	capacity  int64
	held      int64
	units     int64
	index     int    // into the input slice of its kind
	id        string // DispatchResponder.String, the engine's supply ID
}

func (s *dSupply) offers(cat int32) bool {
	_, ok := slices.BinarySearch(s.cats, cat)
	return ok
}

// dArc is a pair that passed every rule.
type dArc struct {
	task, sup int32
	prov      int32
	dist      float64
	score     int64
}

// prepare validates in and indexes it.
func (d *Dispatcher) prepare(op string, in DispatchInput) (*dispatchRound, error) {
	if err := validateDispatchInput(in); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	r := &dispatchRound{d: d, in: in, cats: map[string]int32{}, offer: map[catKind]int64{},
		grid: map[cellKey][]int32{}, unloc: map[catComm][]int32{}, all: map[catComm][]int32{}, taskIdx: map[uuid.UUID]int{}}
	if err := r.supplies(op); err != nil {
		return nil, err
	}
	r.taskList()
	r.quantities()
	r.index()
	return r, nil
}

func (r *dispatchRound) cat(s string) int32 {
	k := CategoryKey(s)
	if c, ok := r.cats[k]; ok {
		return c
	}
	c := int32(len(r.cats))
	r.cats[k] = c
	return c
}

// taskList orders the tasks by ID and works out what each needs.
func (r *dispatchRound) taskList() {
	ts := slices.Clone(r.in.Tasks)
	slices.SortFunc(ts, func(a, b DispatchTask) int { return cmpID(a.key(), b.key()) })
	r.tasks = make([]dTask, len(ts))
	for i, t := range ts {
		dt := dTask{t: t, key: t.key(), cat: r.cat(t.Category), q: t.quantity(), ben: beneficiaryOf(t), urg: int64(4-t.Urgency.Rank()) * 2500}
		if len(t.Kinds) == 0 {
			dt.kinds = 1<<len(dispatchKindsArr) - 1
		}
		for _, k := range t.Kinds {
			dt.kinds |= 1 << kindIndex(k)
		}
		if t.Location != nil {
			dt.loc, dt.pt = true, *t.Location
		}
		if h := int64(r.in.At.Sub(t.RaisedAt) / time.Hour); h > 0 {
			dt.wait = min(10000, h*10000/r.d.waitHours)
		}
		r.taskIdx[dt.key] = i
		r.tasks[i] = dt
	}
}

// quantities writes every lot's OnHand and every task's quantity to the most places any of
// them has, which changes no value, into onHand and qCmp.
func (r *dispatchRound) quantities() {
	places := int32(0)
	for _, l := range r.in.Lots {
		places = max(places, -l.OnHand.Exponent())
	}
	for i := range r.tasks {
		places = max(places, -r.tasks[i].q.Exponent())
	}
	r.onHand = make([]decimal.Decimal, len(r.in.Lots))
	for i, l := range r.in.Lots {
		r.onHand[i] = l.OnHand.Round(places)
	}
	for i := range r.tasks {
		r.tasks[i].qCmp = r.tasks[i].q.Round(places)
	}
}

// supplies builds one supply per responder capacity, ordered by DispatchResponder.String.
func (r *dispatchRound) supplies(op string) error {
	in := r.in
	p := wushe.Check("DispatchInput")
	seen := map[string]bool{}
	add := func(field string, s dSupply) {
		id := s.responder.String()
		s.id = id
		if seen[id] {
			p.Addf(field, "repeats %s", id)
			return
		}
		seen[id] = true
		slices.Sort(s.cats)
		s.cats = slices.Compact(s.cats)
		r.sup = append(r.sup, s)
	}
	held := map[uuid.UUID]map[string]int64{}
	for _, l := range in.Held {
		if held[l.Responder] == nil {
			held[l.Responder] = map[string]int64{}
		}
		held[l.Responder][CategoryKey(l.Category)] += int64(l.Open)
	}
	heldAll := func(id uuid.UUID) int64 {
		var n int64
		for _, v := range held[id] {
			n += v
		}
		return n
	}
	// Volunteers: each offers the categories of its skills and of its teams' themes.
	themes := map[uuid.UUID][]string{}
	for _, t := range in.Teams {
		for _, th := range t.Themes {
			themes[t.ID] = append(themes[t.ID], CategoryKey(string(th)))
		}
	}
	byID := make(map[uuid.UUID]int, len(in.Volunteers))
	for i, v := range in.Volunteers {
		byID[v.ID] = i
	}
	teamIdx := make(map[uuid.UUID]int, len(in.Teams))
	for i, t := range in.Teams {
		teamIdx[t.ID] = i
	}
	// memberOf lists each volunteer's teams: those naming the volunteer and those the
	// volunteer names.
	memberOf := make(map[int][]int)
	for ti, t := range in.Teams {
		for _, m := range t.Members {
			if vi, ok := byID[m]; ok {
				memberOf[vi] = append(memberOf[vi], ti)
			}
		}
	}
	for vi, v := range in.Volunteers {
		for _, id := range v.Teams {
			if ti, ok := teamIdx[id]; ok {
				memberOf[vi] = append(memberOf[vi], ti)
			}
		}
		slices.Sort(memberOf[vi])
		memberOf[vi] = slices.Compact(memberOf[vi])
	}
	inTeam := make([][]int, len(in.Teams)) // team → volunteer indices of its members
	eligible := make([]bool, len(in.Volunteers))
	for i, v := range in.Volunteers {
		s := dSupply{responder: DispatchResponder{Kind: DispatchVolunteer, ID: v.ID, Version: v.Version}, kind: 0, index: i,
			community: v.CommunityID, area: v.GridID, capacity: 1, held: heldAll(v.ID), unloc: -2}
		switch {
		case v.Status != volunteer.StatusActive:
			s.status = fmt.Sprintf("the volunteer is %s", v.Status)
		case v.BirthDate.IsZero() || v.AgeOn(in.At) < r.d.minAge:
			s.status = fmt.Sprintf("the volunteer is under %d", r.d.minAge)
		}
		eligible[i] = s.status == ""
		levels := map[int32]int64{}
		for _, sk := range v.Skills {
			c := r.cat(sk.Name)
			levels[c] = max(levels[c], int64(sk.Level))
		}
		for _, ti := range memberOf[i] {
			inTeam[ti] = append(inTeam[ti], i)
			for _, th := range themes[in.Teams[ti].ID] {
				if _, ok := levels[r.cat(th)]; !ok {
					levels[r.cat(th)] = 0 // offered through the team's theme only
				}
			}
		}
		for c := range levels {
			s.cats = append(s.cats, c)
		}
		slices.Sort(s.cats)
		for _, c := range s.cats {
			s.levels = append(s.levels, levels[c])
		}
		if v.HasHome {
			s.pts = []dPoint{{pt: v.Home, prov: -1, area: v.GridID}}
		} else {
			s.unloc = -1
		}
		add(wushe.Index("Volunteers", i), s)
	}
	// Teams answer from their leader's home, through their eligible members.
	r.members = make([][]int, len(in.Teams))
	for i, t := range in.Teams {
		s := dSupply{responder: DispatchResponder{Kind: DispatchTeam, ID: t.ID, Version: t.Version, Name: t.Name}, kind: 1, index: i,
			capacity: 1, held: heldAll(t.ID), unloc: -1}
		for _, th := range themes[t.ID] {
			s.cats = append(s.cats, r.cat(th))
		}
		for _, m := range inTeam[i] {
			if eligible[m] {
				r.members[i] = append(r.members[i], m)
			}
		}
		if len(r.members[i]) == 0 {
			s.status = "none of the team's members is among the eligible volunteers"
		}
		if t.RunBy.Kind == volunteer.ActorCommunity {
			s.community = t.RunBy.ID
		}
		if li, ok := byID[t.LeaderID]; ok && t.LeaderID != uuid.Nil {
			l := in.Volunteers[li]
			s.community, s.area = l.CommunityID, l.GridID
			if l.HasHome {
				s.pts, s.unloc = []dPoint{{pt: l.Home, prov: -1, area: l.GridID}}, -2
			}
		}
		add(wushe.Index("Teams", i), s)
	}
	// Organizations and units: one supply per category of their provisions.
	provided := func(kind int, dk DispatchKind, field string, i int, id uuid.UUID, version int64, name string, community uuid.UUID, provs []Provision) {
		byCat := map[string][]int{}
		var order []string
		for j, pr := range provs {
			k := CategoryKey(pr.Category)
			if _, ok := byCat[k]; !ok {
				order = append(order, k)
			}
			byCat[k] = append(byCat[k], j)
		}
		for _, k := range order {
			s := dSupply{responder: DispatchResponder{Kind: dk, ID: id, Category: k, Version: version, Name: name}, kind: kind, index: i,
				community: community, unloc: -2, cats: []int32{r.cat(k)}}
			s.held = held[id][k] + held[id][""]
			for _, j := range byCat[k] {
				pr := provs[j]
				s.capacity += int64(max(1, pr.Capacity))
				if pr.Location != nil {
					s.pts = append(s.pts, dPoint{pt: *pr.Location, prov: j, area: pr.Area})
				} else if s.unloc == -2 {
					s.unloc = j
				}
			}
			if len(s.pts) == 0 {
				s.area = provs[s.unloc].Area
			}
			add(field, s)
		}
	}
	for i, o := range in.Organizations {
		provided(2, DispatchOrganization, wushe.Index("Organizations", i), i, o.ID, o.Version, o.Name, o.Community, o.Provisions)
	}
	for i, u := range in.Units {
		provided(3, DispatchUnit, wushe.Index("Units", i), i, u.ID, u.Version, u.Name, u.Community, u.Provisions)
	}
	// Lots: in every community, answering from where they are.
	for i, l := range in.Lots {
		s := dSupply{responder: DispatchResponder{Kind: DispatchLot, ID: l.ID, Version: l.Version, Name: l.Holder.Name}, kind: 4, index: i,
			cats: []int32{r.cat(l.Category)}, unloc: -1}
		switch {
		case !l.OnHand.IsPositive():
			s.status = "the lot has nothing on hand"
		case l.ExpiredAt(in.At):
			s.status = "the lot expired on " + l.Expires.Format(time.DateOnly)
		}
		if l.Location != nil {
			s.pts, s.unloc = []dPoint{{pt: *l.Location, prov: -1}}, -2
		}
		add(wushe.Index("Lots", i), s)
	}
	if err := p.Err(); err != nil {
		return wushe.WithOp(op, err)
	}
	slices.SortFunc(r.sup, func(a, b dSupply) int { return strings.Compare(a.id, b.id) })
	return nil
}

// index builds the spatial grid and the per-community lists, and counts the supplies.
func (r *dispatchRound) index() {
	// Cells are at least the radius wide wherever a point lies (with a 1% margin for the
	// sphere), so two points within the radius are in the same or adjacent cells.
	maxLat := 0.0
	for _, t := range r.tasks {
		if t.loc {
			maxLat = max(maxLat, math.Abs(t.pt.Lat))
		}
	}
	for _, s := range r.sup {
		for _, p := range s.pts {
			maxLat = max(maxLat, math.Abs(p.pt.Lat))
		}
	}
	maxLat = min(maxLat, 89)
	r.latStep = r.d.radius * 1.01 / (wushe.EarthRadiusMeters * math.Pi / 180)
	r.lngStep = r.latStep / math.Cos(maxLat*math.Pi/180)
	for si := range r.sup {
		s := &r.sup[si]
		if s.status != "" {
			r.inactive++
			continue
		}
		r.active[s.kind]++
		for _, c := range s.cats {
			r.offer[catKind{c, s.kind}]++
			r.all[catComm{c, s.community}] = append(r.all[catComm{c, s.community}], int32(si))
			if s.unloc != -2 {
				r.unloc[catComm{c, s.community}] = append(r.unloc[catComm{c, s.community}], int32(si))
			}
			for _, p := range s.pts {
				cx, cy := r.cell(p.pt)
				k := cellKey{c, cx, cy}
				if l := r.grid[k]; len(l) == 0 || l[len(l)-1] != int32(si) {
					r.grid[k] = append(l, int32(si))
				}
			}
		}
	}
	for i := range r.tasks {
		t := &r.tasks[i]
		if t.loc {
			t.cx, t.cy = r.cell(t.pt)
		}
	}
}

func (r *dispatchRound) cell(p wushe.Point) (int64, int64) {
	return int64(math.Floor(p.Lng / r.lngStep)), int64(math.Floor(p.Lat / r.latStep))
}

// sameCommunity reports whether a supply is in the task's community; a supply without
// one (a lot) is in every community.
func (r *dispatchRound) sameCommunity(t *dTask, s *dSupply) bool {
	return s.community == uuid.Nil || s.community == t.t.Community
}

// nearest is the distance rule: the distance to the supply's nearest place within the
// radius and its provision, or whether the pair may go without a distance. The distance
// is -1 when not known; when the pair fails it is the nearest distance, or -1.
func (r *dispatchRound) nearest(ti, si int) (float64, int, bool) {
	t, s := &r.tasks[ti], &r.sup[si]
	if !t.loc {
		if !r.sameCommunity(t, s) {
			return -1, -1, false
		}
		if s.unloc != -2 {
			return -1, s.unloc, true
		}
		return -1, s.pts[0].prov, true
	}
	best, prov := -1.0, -1
	for _, p := range s.pts {
		if d := t.pt.DistanceMeters(p.pt); best < 0 || d < best {
			best, prov = d, p.prov
		}
	}
	if best >= 0 && best <= r.d.radius {
		return best, prov, true
	}
	if s.unloc != -2 && r.sameCommunity(t, s) {
		return -1, s.unloc, true
	}
	return best, -1, false
}

// enumerate finds, counts and scores every pair of the round through the spatial index.
func (r *dispatchRound) enumerate() {
	r.counts = make([][numRules]int64, len(r.tasks))
	r.taskArcs = make([]int32, 0, len(r.tasks)+1)
	stamp := make([]int32, len(r.sup))
	var found []int32
	// The pairs are gathered in chunks and copied once into r.arcs, so that a district's
	// ten million are never copied to grow one slice.
	const chunk = 1 << 16
	var chunks [][]dArc
	cur := make([]dArc, 0, chunk)
	n := int32(0)
	for ti := range r.tasks {
		t := &r.tasks[ti]
		cnt := &r.counts[ti]
		cnt[0] = r.inactive
		var offered int64
		for k := range dispatchKindsArr {
			if !t.allows(dispatchKindsArr[k]) {
				cnt[1] += r.active[k]
				continue
			}
			n := r.offer[catKind{t.cat, k}]
			cnt[2] += r.active[k] - n
			offered += n
		}
		found = found[:0]
		visit := func(list []int32) {
			for _, si := range list {
				if stamp[si] == int32(ti+1) {
					continue
				}
				stamp[si] = int32(ti + 1)
				if t.allows(r.sup[si].responder.Kind) {
					found = append(found, si)
				}
			}
		}
		if t.loc {
			for dx := int64(-1); dx <= 1; dx++ {
				for dy := int64(-1); dy <= 1; dy++ {
					visit(r.grid[cellKey{t.cat, t.cx + dx, t.cy + dy}])
				}
			}
			visit(r.unloc[catComm{t.cat, t.t.Community}])
			if t.t.Community != uuid.Nil {
				visit(r.unloc[catComm{t.cat, uuid.Nil}])
			}
		} else {
			visit(r.all[catComm{t.cat, t.t.Community}])
			if t.t.Community != uuid.Nil {
				visit(r.all[catComm{t.cat, uuid.Nil}])
			}
		}
		slices.Sort(found) // supplies in ID order, so arcs come in the engine's order
		r.taskArcs = append(r.taskArcs, n)
		var near int64
		for _, si := range found {
			dist, prov, ok := r.nearest(ti, int(si))
			if !ok {
				continue
			}
			near++
			if rule := r.rest(ti, int(si)); rule != "" {
				cnt[ruleIndex[rule]]++
				continue
			}
			if len(cur) == chunk {
				chunks, cur = append(chunks, cur), make([]dArc, 0, chunk)
			}
			cur = append(cur, dArc{task: int32(ti), sup: si, prov: int32(prov), dist: dist, score: r.total(ti, int(si), dist)})
			n++
		}
		cnt[3] = offered - near
	}
	r.taskArcs = append(r.taskArcs, n)
	r.arcs = make([]dArc, 0, n)
	for _, c := range append(chunks, cur) {
		r.arcs = append(r.arcs, c...)
	}
}

// rest checks the rules after distance, in order, and returns the first one failed.
func (r *dispatchRound) rest(ti, si int) string {
	t, s := &r.tasks[ti], &r.sup[si]
	switch s.responder.Kind {
	case DispatchVolunteer:
		v := &r.in.Volunteers[s.index]
		if !hasSkills(v, t.t.Skills) {
			return DispatchRuleSkills
		}
		if !r.available(v, t) {
			return DispatchRuleAvailability
		}
	case DispatchTeam:
		if rule := r.teamRule(s.index, t); rule != "" {
			return rule
		}
	}
	if slices.Contains(t.t.Declined, s.responder.ID) {
		return DispatchRuleDeclined
	}
	if s.responder.Kind == DispatchLot {
		l := &r.in.Lots[s.index]
		if ok, _ := l.Restriction.Admits(t.t.Purpose, t.ben); !ok {
			return DispatchRuleRestriction
		}
		if !l.Expires.IsZero() && !t.t.Window.End.IsZero() && l.Expires.Before(t.t.Window.End) {
			return DispatchRuleExpiry
		}
		if r.onHand[s.index].LessThan(t.qCmp) {
			return DispatchRuleQuantity
		}
		return ""
	}
	if s.capacity-s.held <= 0 {
		return DispatchRuleCapacity
	}
	return ""
}

// why says, for people, how the pair fails rule.
func (r *dispatchRound) why(ti, si int, rule string) string {
	t, s := &r.tasks[ti], &r.sup[si]
	switch rule {
	case DispatchRuleSkills:
		names := make([]string, len(t.t.Skills))
		for i, n := range t.t.Skills {
			names[i] = fmt.Sprintf("%s at level %d", n.Name, n.MinLevel)
		}
		return "lacks " + strings.Join(names, ", ")
	case DispatchRuleAvailability:
		return fmt.Sprintf("not available for the whole of %s", t.t.Window)
	case DispatchRuleDeclined:
		return "already declined the task"
	case DispatchRuleRestriction:
		_, why := r.in.Lots[s.index].Restriction.Admits(t.t.Purpose, t.ben)
		return why
	case DispatchRuleExpiry:
		return fmt.Sprintf("the lot expires %s, before the task's window ends %s",
			r.in.Lots[s.index].Expires.Format(time.DateOnly), t.t.Window.End.Format(time.DateOnly))
	case DispatchRuleQuantity:
		return fmt.Sprintf("the lot has %s on hand, the task asks for %s", r.in.Lots[s.index].OnHand, t.q)
	case DispatchRuleCapacity:
		return fmt.Sprintf("holds %d open referrals, takes %d", s.held, s.capacity)
	}
	return ""
}

// teamRule is the skills and availability rules for a team: some eligible member holds
// the skills, and one of those is available.
func (r *dispatchRound) teamRule(team int, t *dTask) string {
	rule := DispatchRuleSkills
	for _, m := range r.members[team] {
		v := &r.in.Volunteers[m]
		if hasSkills(v, t.t.Skills) {
			if r.available(v, t) {
				return ""
			}
			rule = DispatchRuleAvailability
		}
	}
	return rule
}

func hasSkills(v *volunteer.Volunteer, needs []volunteer.SkillNeed) bool {
	for _, n := range needs {
		if v.SkillLevel(n.Name) < max(1, n.MinLevel) {
			return false
		}
	}
	return true
}

func (r *dispatchRound) available(v *volunteer.Volunteer, t *dTask) bool {
	w := t.t.Window
	return w.Start.IsZero() && w.End.IsZero() || v.Availability.Covers(w, r.d.loc)
}

// beneficiaryOf is what a lot's restriction is checked against: the need's community and
// its target group ("one old, one young" counts as both elderly and children).
func beneficiaryOf(t DispatchTask) resources.Beneficiary {
	b := resources.Beneficiary{CommunityID: t.Community, Groups: []TargetGroup{t.Group}}
	if t.Group == GroupOneOldOneYoung {
		b.Groups = append(b.Groups, GroupElderly, GroupChildren)
	}
	return b
}

// factors computes the pair's factor values in basis points, in the order of
// DispatchWeights.named.
func (r *dispatchRound) factors(ti, si int, dist float64) [dispatchFactors]int64 {
	t, s := &r.tasks[ti], &r.sup[si]
	var v [dispatchFactors]int64
	v[0], v[1] = t.urg, t.wait
	if dist >= 0 {
		v[2] = max(0, int64(math.Round(10000*(1-dist/r.d.radius))))
	}
	v[3] = 10000
	if s.responder.Kind == DispatchVolunteer {
		vol := &r.in.Volunteers[s.index]
		if len(t.t.Skills) > 0 {
			var sum int64
			for _, n := range t.t.Skills {
				sum += int64(vol.SkillLevel(n.Name)) * 2000
			}
			v[3] = sum / int64(len(t.t.Skills))
		} else if i, ok := slices.BinarySearch(s.cats, t.cat); ok && s.levels[i] > 0 {
			v[3] = s.levels[i] * 2000
		} else {
			v[3] = 6000
		}
	}
	switch {
	case t.t.Area != uuid.Nil && r.servesArea(s, t.t.Area):
		v[4] = 10000
	case s.community != uuid.Nil && s.community == t.t.Community:
		v[4] = 5000
	}
	if s.responder.Kind == DispatchLot {
		if l := &r.in.Lots[s.index]; !l.Expires.IsZero() {
			left := int64(l.Expires.Sub(r.in.At) / time.Hour)
			v[5] = max(0, 10000-left*10000/(365*24))
		}
		v[6] = 10000
	} else if s.capacity > 0 {
		v[6] = max(0, (s.capacity-s.held)*10000/s.capacity)
	}
	return v
}

func (r *dispatchRound) servesArea(s *dSupply, area uuid.UUID) bool {
	if s.area == area {
		return true
	}
	for _, p := range s.pts {
		if p.area == area {
			return true
		}
	}
	return false
}

// total is the pair's score in millionths of a point.
func (r *dispatchRound) total(ti, si int, dist float64) int64 {
	v := r.factors(ti, si, dist)
	var sum int64
	for i, x := range v {
		sum += x * r.d.w[i]
	}
	return sum
}

// explain turns factor values into the decimal score and breakdown.
func (r *dispatchRound) explain(v [dispatchFactors]int64) (decimal.Decimal, []DispatchFactor) {
	fs := make([]DispatchFactor, 0, dispatchFactors)
	var sum int64
	for i, f := range r.d.weights.named() {
		fs = append(fs, DispatchFactor{Name: f.name, Value: decimal.New(v[i], -4), Weight: decimal.New(r.d.w[i], -2)})
		sum += v[i] * r.d.w[i]
	}
	return decimal.New(sum, -6), fs
}

// solve runs the engine once on the pairs found and builds the answer.
func (r *dispatchRound) solve(op string) (*DispatchResult, error) {
	p := &match.Problem{Demands: make([]match.Demand, len(r.tasks)), Supplies: make([]match.Supply, len(r.sup)),
		Arcs: make([]match.Arc, len(r.arcs))}
	for i, t := range r.tasks {
		p.Demands[i] = match.Demand{ID: t.key.String(), Units: 1}
	}
	// A lot takes as many tasks as the largest quantity asked of it fits in its stock.
	largest := make(map[int32]decimal.Decimal)
	for _, a := range r.arcs {
		if r.sup[a.sup].responder.Kind == DispatchLot {
			if q := r.tasks[a.task].q; q.GreaterThan(largest[a.sup]) {
				largest[a.sup] = q
			}
		}
	}
	for si := range r.sup {
		s := &r.sup[si]
		switch {
		case s.status != "":
		case s.responder.Kind == DispatchLot:
			if q, ok := largest[int32(si)]; ok {
				s.units = r.in.Lots[s.index].OnHand.Div(q).IntPart()
			}
		default:
			s.units = max(0, s.capacity-s.held)
		}
		p.Supplies[si] = match.Supply{ID: s.id, Units: s.units}
	}
	for i, a := range r.arcs {
		p.Arcs[i] = match.Arc{Demand: int(a.task), Supply: int(a.sup), Cost: r.d.maxScore - a.score, Cap: 1}
	}
	sol, err := match.Solve(p, nil)
	if err != nil {
		return nil, wushe.Wrap(op, err)
	}
	res := &DispatchResult{At: r.in.At, Algorithm: string(sol.Algorithm), Reason: sol.Reason,
		Proposals: []DispatchProposal{}, Unplaced: []DispatchUnplaced{}, Scored: int64(len(r.arcs)), network: p}
	used := make([]bool, len(r.arcs))
	chosen := make([]int, len(r.tasks))
	for i := range chosen {
		chosen[i] = -1
	}
	for _, pr := range sol.Pairs {
		used[pr.Arc] = true
		chosen[r.arcs[pr.Arc].task] = pr.Arc
	}
	var total [numRules]int64
	for ti := range r.tasks {
		t := &r.tasks[ti]
		for i, n := range r.counts[ti] {
			total[i] += n
		}
		from, to := int(r.taskArcs[ti]), int(r.taskArcs[ti+1])
		if chosen[ti] < 0 {
			u := DispatchUnplaced{Need: t.t.Need, Referral: t.t.Referral, Reason: DispatchNoCandidate, Excluded: []RuleCount{}}
			if to > from {
				u.Reason = DispatchTaken
			}
			for i, rule := range DispatchRules() {
				if n := r.counts[ti][i]; n > 0 {
					u.Excluded = append(u.Excluded, RuleCount{Rule: rule, Pairs: n})
				}
			}
			res.Unplaced = append(res.Unplaced, u)
			continue
		}
		a := r.arcs[chosen[ti]]
		s := &r.sup[a.sup]
		pp := DispatchProposal{Need: t.t.Need, Referral: t.t.Referral, TaskVersion: t.t.Version, Responder: s.responder,
			Category: CategoryKey(t.t.Category), Provision: int(a.prov), DistanceMeters: metres(a.dist), Eligible: to - from}
		if s.responder.Kind == DispatchLot {
			l := &r.in.Lots[s.index]
			pp.Quantity, pp.Unit, pp.Holder = t.q, l.Unit, l.Holder
		}
		pp.Score, pp.Factors = r.explain(r.factors(ti, int(a.sup), a.dist))
		// The best pair of the task not chosen, ties by responder order.
		best := -1
		for k := from; k < to; k++ {
			if !used[k] && (best < 0 || r.arcs[k].score > r.arcs[best].score) {
				best = k
			}
		}
		if best >= 0 {
			alt := &DispatchAlternative{Responder: r.sup[r.arcs[best].sup].responder, Score: decimal.New(r.arcs[best].score, -6)}
			if rc, ok := match.ReducedCost(p, sol, best); ok {
				alt.Lost = decimal.NullDecimal{Decimal: decimal.New(rc, -6), Valid: true}
			}
			pp.Alternative = alt
		}
		res.Proposals = append(res.Proposals, pp)
	}
	for i, rule := range DispatchRules() {
		res.Excluded = append(res.Excluded, RuleCount{Rule: rule, Pairs: total[i]})
	}
	return res, nil
}
