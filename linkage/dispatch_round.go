package linkage

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/geo"
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
	cats    map[string]int32 // by CategoryKey
	rawCats map[string]int32 // by the name as written
	// active counts the supplies that pass the status rule, by kind; offer counts them by
	// kind and category.
	active   [len(dispatchKindsArr)]int64
	offer    map[catKind]int64
	inactive int64
	// The spatial index: located supplies by category and cell; supplies without a place
	// by category and community; every supply by category and community.
	grid    map[cellKey][]gridEntry
	unloc   map[catComm][]int32
	all     map[catComm][]int32
	latStep float64
	lngStep float64
	counts  [][numRules]int64 // per task, by rule
	// onHand is each lot's OnHand at the exponent every lot's and task's quantity has
	// when written to the most places any has, so that comparing two is a comparison of
	// integers (decimal rescales, allocating, when the exponents differ); onHandInt is its
	// coefficient, used instead when every such coefficient fits in int64 (quantInt).
	onHand    []decimal.Decimal
	onHandInt []int64
	quantInt  bool
	// Lots whose restrictions admit the same beneficiaries share a class (restrict); a
	// class's verdict is worked out once per task (restrictTask, restrictOK), on its
	// first lot (restrictLot).
	restrict     []int32
	restrictLot  []int
	expires      []time.Time // each lot's Expires
	restrictTask []int32
	restrictOK   []bool
	// skilled and available remember a volunteer's verdict per distinct skill list and
	// per distinct window of the tasks (dTask.skills, dTask.window).
	skilled, available verdicts
	// taskPts are the points of the factors that depend only on the task (taskFactors);
	// dHot.pts those that depend only on the supply.
	taskPts []int64
	// bands rule out the pairs surely farther apart than the radius.
	bands     geo.Bands
	hot       []dHot // by supply
	places    []dPoint
	catList   []int32
	levelList []int64
	// net is the problem the engine solves: a task's pairs are its arcs from
	// taskArcs[task] to taskArcs[task+1], in responder order.
	net      *match.Problem
	taskArcs []int32 // first arc of each task; len(tasks)+1
	// largest is, for each lot's supply, the first task among its pairs asking the most
	// of it, -1 when it has none; largestQ is that task's qInt.
	largest  []int32
	largestQ []int64
	members  [][]int // team index → eligible members: volunteer indices, then (pack) supply indices
}

// verdicts remembers a yes-or-no answer for each (class, item), for the first
// verdictClasses classes only, so that what it holds stays small whatever the input.
type verdicts struct {
	by    [][]uint8 // 0 not known, 1 yes, 2 no; nil until the class is first asked
	items int
}

const verdictClasses = 128

func newVerdicts(classes, items int) verdicts {
	return verdicts{by: make([][]uint8, min(classes, verdictClasses)), items: items}
}

// get returns the remembered answer for class c and item i, and whether there is one.
func (v *verdicts) get(c int32, i int) (ok, known bool) {
	if int(c) >= len(v.by) || v.by[c] == nil {
		return false, false
	}
	x := v.by[c][i]
	return x == 1, x != 0
}

// set remembers ok for class c and item i when the class is one remembered.
func (v *verdicts) set(c int32, i int, ok bool) {
	if int(c) >= len(v.by) {
		return
	}
	if v.by[c] == nil {
		v.by[c] = make([]uint8, v.items)
	}
	v.by[c][i] = 2
	if ok {
		v.by[c][i] = 1
	}
}

var dispatchKindsArr = [...]DispatchKind{DispatchVolunteer, DispatchTeam, DispatchOrganization, DispatchUnit, DispatchLot}

const numRules = 11

// The rules' indices in DispatchRules.
const (
	ruleStatus = iota
	ruleKind
	ruleCategory
	ruleDistance
	ruleSkills
	ruleAvailability
	ruleDeclined
	ruleRestriction
	ruleExpiry
	ruleQuantity
	ruleCapacity
)

var dispatchRuleNames = DispatchRules()

// The supplies' kinds, indices in dispatchKindsArr.
const (
	kindVolunteer = iota
	kindTeam
	kindOrganization
	kindUnit
	kindLot
)

func kindIndex(k DispatchKind) int { return slices.Index(dispatchKindsArr[:], k) }

type catKind struct {
	cat  int32
	kind int
}

type cellKey struct {
	cat    int32
	cx, cy int64
}

// gridEntry is a place of a supply in a cell of the grid.
type gridEntry struct {
	pt wushe.Point
	si int32
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
	// quantity rule compares without rescaling, and qInt its coefficient; ben is what a
	// lot's restriction is checked against (beneficiaryOf).
	qCmp decimal.Decimal
	qInt int64
	ben  resources.Beneficiary
	// skills and window are the classes of the task's skill list and window among the
	// round's tasks, -1 when it names no skill or has no window.
	skills, window int32
	// comm and area are the numbers of the task's community and grid (dispatchRound.pack).
	comm, area int32
	urg        int64 // basis points
	wait       int64 // basis points
}

func (t *dTask) allows(k DispatchKind) bool { return t.kinds&(1<<kindIndex(k)) != 0 }

// dPoint is a place a supply answers from; prov is the provision index, -1 for none.
type dPoint struct {
	pt   wushe.Point
	prov int32
	grid int32 // area's number (dispatchRound.pack)
	area uuid.UUID
}

// dHot is what enumerating reads of a supply for every pair, packed in 64 bytes: its
// places (dispatchRound.places[first:first+n]; the first one's point and provision also
// here), the points of its own factors (supplyFactors), its categories and levels
// (catList and levelList[cats:cats+ncats]), its community's and grid's numbers (0 for
// none), whether it holds as many referrals as it takes, and whether every place is in
// its grid.
type dHot struct {
	pt          wushe.Point
	pts         int64
	first, n    int32
	unloc       int32
	index       int32
	comm, area  int32
	cats, ncats int32
	prov        int32
	kind        uint8
	full        bool
	oneGrid     bool
}

// dSupply is a responder in one capacity: a volunteer, a team, a lot, or an
// organization's or unit's provisions of one category.
//
// The fields every pair reads come first, so that they share a cache line.
type dSupply struct {
	kind      int
	index     int // into the input slice of its kind
	unloc     int // provision index of a provision without a place, -2 when every place is known
	pts       []dPoint
	community uuid.UUID
	capacity  int64
	held      int64
	area      uuid.UUID
	cats      []int32 // categories offered, ascending
	levels    []int64 // for a volunteer: the skill level of each category, 0 for a team theme only
	responder DispatchResponder
	status    string
	units     int64
	id        string // DispatchResponder.String, the engine's supply ID
}

func (s *dSupply) offers(cat int32) bool {
	_, ok := slices.BinarySearch(s.cats, cat)
	return ok
}

// prepare validates in and indexes it.
func (d *Dispatcher) prepare(op string, in DispatchInput) (*dispatchRound, error) {
	if err := validateDispatchInput(in); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	r := &dispatchRound{d: d, in: in, cats: map[string]int32{}, rawCats: map[string]int32{}, offer: map[catKind]int64{},
		grid: map[cellKey][]gridEntry{}, unloc: map[catComm][]int32{}, all: map[catComm][]int32{}, taskIdx: map[uuid.UUID]int{}}
	if err := r.supplies(op); err != nil {
		return nil, err
	}
	r.taskList()
	r.quantities()
	r.restrictions()
	r.pack()
	r.index()
	r.points()
	return r, nil
}

// cat returns the number of the category named s, working out its CategoryKey once per
// name as written.
func (r *dispatchRound) cat(s string) int32 {
	if c, ok := r.rawCats[s]; ok {
		return c
	}
	c := classOf(r.cats, CategoryKey(s))
	r.rawCats[s] = c
	return c
}

// catLevel is a category a volunteer offers and the level of their skill in it.
type catLevel struct {
	cat   int32
	level int64
}

// levelOf is the index of category c in levels, -1 when it is not there.
func levelOf(levels []catLevel, c int32) int {
	for j := range levels {
		if levels[j].cat == c {
			return j
		}
	}
	return -1
}

// taskList orders the tasks by ID and works out what each needs.
func (r *dispatchRound) taskList() {
	ts := slices.Clone(r.in.Tasks)
	slices.SortFunc(ts, func(a, b DispatchTask) int { return cmpID(a.key(), b.key()) })
	r.tasks = make([]dTask, len(ts))
	skillLists := map[string]int32{}
	windows := map[wushe.Window]int32{}
	for i, t := range ts {
		dt := dTask{t: t, key: t.key(), cat: r.cat(t.Category), q: t.quantity(), ben: beneficiaryOf(t), urg: int64(4-t.Urgency.Rank()) * 2500,
			skills: -1, window: -1}
		if len(t.Skills) > 0 {
			var b strings.Builder
			for _, n := range t.Skills {
				fmt.Fprintf(&b, "%d %q;", n.MinLevel, n.Name)
			}
			dt.skills = classOf(skillLists, b.String())
		}
		if !t.Window.Start.IsZero() || !t.Window.End.IsZero() {
			dt.window = classOf(windows, t.Window)
		}
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
	r.skilled = newVerdicts(len(skillLists), len(r.sup))
	r.available = newVerdicts(len(windows), len(r.sup))
}

// classOf returns the class of k in classes, adding k as a new class when it has none.
func classOf[K comparable](classes map[K]int32, k K) int32 {
	c, ok := classes[k]
	if !ok {
		c = int32(len(classes))
		classes[k] = c
	}
	return c
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
	r.onHand = make([]decimal.Decimal, len(r.sup))
	r.onHandInt = make([]int64, len(r.sup))
	r.quantInt = true
	coefficient := func(d decimal.Decimal) int64 {
		c := d.Coefficient()
		if d.Exponent() != -places || !c.IsInt64() {
			r.quantInt = false
			return 0
		}
		return c.Int64()
	}
	for si := range r.sup {
		if s := &r.sup[si]; s.kind == kindLot {
			r.onHand[si] = r.in.Lots[s.index].OnHand.Round(places)
			r.onHandInt[si] = coefficient(r.onHand[si])
		}
	}
	for i := range r.tasks {
		t := &r.tasks[i]
		t.qCmp = t.q.Round(places)
		t.qInt = coefficient(t.qCmp)
	}
}

// less reports whether the stock on hand of lot supply si is less than what task t asks
// for.
func (r *dispatchRound) less(si int, t *dTask) bool {
	if r.quantInt {
		return r.onHandInt[si] < t.qInt
	}
	return r.onHand[si].LessThan(t.qCmp)
}

// more reports whether task t asks for more than the task that asks the most of lot
// supply si so far (largest).
func (r *dispatchRound) more(t *dTask, si int32) bool {
	if r.quantInt {
		return t.qInt > r.largestQ[si]
	}
	return t.qCmp.GreaterThan(r.tasks[r.largest[si]].qCmp)
}

// restrictions puts the lots into classes of restrictions that admit the same
// beneficiaries: the same sets of purposes, groups and communities, and the same ages.
func (r *dispatchRound) restrictions() {
	classes := map[string]int32{}
	r.restrict = make([]int32, len(r.sup))
	r.expires = make([]time.Time, len(r.sup))
	for si := range r.sup {
		s := &r.sup[si]
		if s.kind != kindLot {
			continue
		}
		l := &r.in.Lots[s.index]
		r.expires[si] = l.Expires
		c := classOf(classes, restrictionKey(&l.Restriction))
		if int(c) == len(r.restrictLot) {
			r.restrictLot = append(r.restrictLot, s.index)
		}
		r.restrict[si] = c
	}
	r.restrictTask = make([]int32, len(classes))
	r.restrictOK = make([]bool, len(classes))
}

// restrictionKey is the same for two restrictions exactly when they are Equal.
func restrictionKey(x *resources.Restriction) string {
	if len(x.Purposes) == 0 && len(x.Groups) == 0 && len(x.Communities) == 0 && x.MinAge == 0 && x.MaxAge == 0 {
		return ""
	}
	var b strings.Builder
	for _, p := range slices.Compact(slices.Sorted(slices.Values(x.Purposes))) {
		fmt.Fprintf(&b, "%q ", p)
	}
	b.WriteByte(';')
	for _, g := range slices.Compact(slices.Sorted(slices.Values(x.Groups))) {
		fmt.Fprintf(&b, "%q ", g)
	}
	fmt.Fprintf(&b, ";%d;%d;", x.MinAge, x.MaxAge)
	for _, c := range slices.Compact(slices.SortedFunc(slices.Values(x.Communities), cmpID)) {
		b.WriteString(c.String())
	}
	return b.String()
}

// admits reports whether the restriction of lot supply si admits task ti's need,
// deciding it once per task and class of restriction.
func (r *dispatchRound) admits(ti, si int) bool {
	c := r.restrict[si]
	if r.restrictTask[c] != int32(ti+1) {
		t := &r.tasks[ti]
		ok, _ := r.in.Lots[r.restrictLot[c]].Restriction.Admits(t.t.Purpose, t.ben)
		r.restrictTask[c], r.restrictOK[c] = int32(ti+1), ok
	}
	return r.restrictOK[c]
}

// supplies builds one supply per responder capacity, ordered by DispatchResponder.String.
func (r *dispatchRound) supplies(op string) error {
	in := r.in
	p := wushe.Check("DispatchInput")
	seen := make(map[string]bool, len(in.Volunteers)+len(in.Teams)+len(in.Organizations)+len(in.Units)+len(in.Lots))
	// Room for one supply per responder, so that r.sup is not copied as it grows.
	r.sup = make([]dSupply, 0, len(in.Volunteers)+len(in.Teams)+len(in.Organizations)+len(in.Units)+len(in.Lots))
	// add adds s, the supply of element i of the input's list.
	add := func(list string, i int, s dSupply) {
		id := s.responder.String()
		s.id = id
		if seen[id] {
			p.Addf(wushe.Index(list, i), "repeats %s", id)
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
	var levels []catLevel
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
		// levels is the highest level of each category among the volunteer's skills.
		levels = levels[:0]
		for _, sk := range v.Skills {
			c := r.cat(sk.Name)
			if j := levelOf(levels, c); j >= 0 {
				levels[j].level = max(levels[j].level, int64(sk.Level))
			} else {
				levels = append(levels, catLevel{c, max(0, int64(sk.Level))})
			}
		}
		for _, ti := range memberOf[i] {
			inTeam[ti] = append(inTeam[ti], i)
			for _, th := range themes[in.Teams[ti].ID] {
				if c := r.cat(th); levelOf(levels, c) < 0 {
					levels = append(levels, catLevel{c, 0}) // offered through the team's theme only
				}
			}
		}
		slices.SortFunc(levels, func(a, b catLevel) int { return cmp.Compare(a.cat, b.cat) })
		for _, x := range levels {
			s.cats = append(s.cats, x.cat)
			s.levels = append(s.levels, x.level)
		}
		if v.HasHome {
			s.pts = []dPoint{{pt: v.Home, prov: -1, area: v.GridID}}
		} else {
			s.unloc = -1
		}
		add("Volunteers", i, s)
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
		add("Teams", i, s)
	}
	// Organizations and units: one supply per category of their provisions.
	provided := func(kind int, dk DispatchKind, list string, i int, id uuid.UUID, version int64, name string, community uuid.UUID, provs []Provision) {
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
					s.pts = append(s.pts, dPoint{pt: *pr.Location, prov: int32(j), area: pr.Area})
				} else if s.unloc == -2 {
					s.unloc = j
				}
			}
			if len(s.pts) == 0 {
				s.area = provs[s.unloc].Area
			}
			add(list, i, s)
		}
	}
	for i, o := range in.Organizations {
		provided(2, DispatchOrganization, "Organizations", i, o.ID, o.Version, o.Name, o.Community, o.Provisions)
	}
	for i, u := range in.Units {
		provided(3, DispatchUnit, "Units", i, u.ID, u.Version, u.Name, u.Community, u.Provisions)
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
		add("Lots", i, s)
	}
	if err := p.Err(); err != nil {
		return wushe.WithOp(op, err)
	}
	slices.SortFunc(r.sup, func(a, b dSupply) int { return strings.Compare(a.id, b.id) })
	return nil
}

// pack lays out what enumerating reads of every pair's supply densely and in supply
// order (hot, places, catList, levelList), and numbers communities and grids.
func (r *dispatchRound) pack() {
	nums := map[uuid.UUID]int32{uuid.Nil: 0}
	var np, nc int
	for si := range r.sup {
		np += len(r.sup[si].pts)
		nc += len(r.sup[si].cats)
	}
	r.places = make([]dPoint, 0, np)
	r.catList, r.levelList = make([]int32, 0, nc), make([]int64, 0, nc)
	r.hot = make([]dHot, len(r.sup))
	for si := range r.sup {
		s := &r.sup[si]
		h := dHot{first: int32(len(r.places)), n: int32(len(s.pts)), unloc: int32(s.unloc), index: int32(s.index),
			comm: classOf(nums, s.community), area: classOf(nums, s.area), cats: int32(len(r.catList)), ncats: int32(len(s.cats)),
			kind: uint8(s.kind), full: s.capacity-s.held <= 0, oneGrid: true}
		for i, p := range s.pts {
			p.grid = classOf(nums, p.area)
			r.places = append(r.places, p)
			if i == 0 {
				h.pt, h.prov = p.pt, p.prov
			}
			h.oneGrid = h.oneGrid && p.grid == h.area
		}
		s.pts = r.places[h.first:len(r.places):len(r.places)]
		r.catList = append(r.catList, s.cats...)
		if s.kind == kindVolunteer {
			r.levelList = append(r.levelList, s.levels...)
		} else {
			r.levelList = append(r.levelList, make([]int64, len(s.cats))...)
		}
		r.hot[si] = h
	}
	for ti := range r.tasks {
		t := &r.tasks[ti]
		t.comm, t.area = classOf(nums, t.t.Community), classOf(nums, t.t.Area)
	}
	volSup := make([]int, len(r.in.Volunteers))
	for si := range r.sup {
		if s := &r.sup[si]; s.kind == kindVolunteer {
			volSup[s.index] = si
		}
	}
	for _, ms := range r.members {
		for i, vi := range ms {
			ms[i] = volSup[vi]
		}
	}
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
	r.bands = geo.NewBands(r.d.radius, maxLat)
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
				r.grid[k] = append(r.grid[k], gridEntry{p.pt, int32(si)})
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
func (r *dispatchRound) sameCommunity(t *dTask, h *dHot) bool {
	return h.comm == 0 || h.comm == t.comm
}

// nearest is the distance rule: the distance to the supply's nearest place within the
// radius and its provision, or whether the pair may go without a distance. The distance
// is -1 when not known; when the pair fails it is the nearest distance, or -1. With
// banded, places surely beyond the radius (bands) are passed over unmeasured, which
// changes nothing when the pair passes and leaves the distance -1 when it fails.
func (r *dispatchRound) nearest(ti, si int, banded bool) (float64, int, bool) {
	t, h := &r.tasks[ti], &r.hot[si]
	if !t.loc {
		if !r.sameCommunity(t, h) {
			return -1, -1, false
		}
		if h.unloc != -2 {
			return -1, int(h.unloc), true
		}
		return -1, int(h.prov), true
	}
	best, prov := -1.0, -1
	if h.n == 1 { // the usual case, read from the supply's dHot alone
		best, prov = r.closer(t, h.pt, h.prov, banded, best, prov)
	} else {
		for _, p := range r.places[h.first : h.first+h.n] {
			best, prov = r.closer(t, p.pt, p.prov, banded, best, prov)
		}
	}
	if best >= 0 && best <= r.d.radius {
		return best, prov, true
	}
	if h.unloc != -2 && r.sameCommunity(t, h) {
		return -1, int(h.unloc), true
	}
	if banded {
		best = -1
	}
	return best, -1, false
}

// closer returns the distance from task t to place pt and its provision when it is
// nearer than best (or best is -1), else best and bestProv. With banded, a place surely
// beyond the radius is not measured.
func (r *dispatchRound) closer(t *dTask, pt wushe.Point, prov int32, banded bool, best float64, bestProv int) (float64, int) {
	if banded && r.bands.Beyond(t.pt, pt) {
		return best, bestProv
	}
	if d := t.pt.DistanceMeters(pt); best < 0 || d < best {
		return d, int(prov)
	}
	return best, bestProv
}

// enumerate finds, counts and scores every pair of the round through the spatial index,
// and builds the network the engine solves.
func (r *dispatchRound) enumerate() {
	r.counts = make([][numRules]int64, len(r.tasks))
	r.taskArcs = make([]int32, 0, len(r.tasks)+1)
	r.largest, r.largestQ = make([]int32, len(r.sup)), make([]int64, len(r.sup))
	for i := range r.largest {
		r.largest[i] = -1
	}
	// seen marks the supplies found for the task being enumerated.
	seen := make([]uint64, (len(r.sup)+63)/64)
	var found []int32
	// The pairs are gathered in chunks, a responder and a score each, and written once
	// into the network's arcs, so that a district's ten million are never copied to grow
	// one slice.
	const chunk = 1 << 16
	var sups [][]int32
	var scores [][]int64
	curSup, curScore := make([]int32, 0, chunk), make([]int64, 0, chunk)
	n := int32(0)
	for ti := range r.tasks {
		t := &r.tasks[ti]
		cnt := &r.counts[ti]
		cnt[ruleStatus] = r.inactive
		var offered int64
		for k := range dispatchKindsArr {
			if !t.allows(dispatchKindsArr[k]) {
				cnt[ruleKind] += r.active[k]
				continue
			}
			n := r.offer[catKind{t.cat, k}]
			cnt[ruleCategory] += r.active[k] - n
			offered += n
		}
		found = found[:0]
		every := t.kinds == 1<<len(dispatchKindsArr)-1
		mark := func(si int32) {
			w, b := si>>6, uint64(1)<<(si&63)
			if seen[w]&b != 0 || !every && t.kinds&(1<<r.hot[si].kind) == 0 {
				return
			}
			seen[w] |= b
			found = append(found, si)
		}
		visit := func(list []int32) {
			for _, si := range list {
				mark(si)
			}
		}
		if t.loc {
			// A place surely beyond the radius is passed over here, where the cell's
			// places are read in a row; a supply none of whose places is near is
			// counted under distance with those never found.
			for dx := int64(-1); dx <= 1; dx++ {
				for dy := int64(-1); dy <= 1; dy++ {
					for _, e := range r.grid[cellKey{t.cat, t.cx + dx, t.cy + dy}] {
						if !r.bands.Beyond(t.pt, e.pt) {
							mark(e.si)
						}
					}
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
		found = inOrder(found, seen) // supplies in ID order, so arcs come in the engine's order
		r.taskArcs = append(r.taskArcs, n)
		var near int64
		for _, si := range found {
			dist, _, ok := r.nearest(ti, int(si), true)
			if !ok {
				continue
			}
			near++
			if rule := r.rest(ti, int(si)); rule >= 0 {
				cnt[rule]++
				continue
			}
			if r.hot[si].kind == kindLot {
				if l := r.largest[si]; l < 0 || r.more(t, si) {
					r.largest[si], r.largestQ[si] = int32(ti), t.qInt
				}
			}
			if len(curSup) == chunk {
				sups, scores = append(sups, curSup), append(scores, curScore)
				curSup, curScore = make([]int32, 0, chunk), make([]int64, 0, chunk)
			}
			curSup = append(curSup, si)
			curScore = append(curScore, r.total(ti, int(si), dist))
			n++
		}
		cnt[ruleDistance] = offered - near
	}
	r.taskArcs = append(r.taskArcs, n)
	sups, scores = append(sups, curSup), append(scores, curScore)
	p := &match.Problem{Demands: make([]match.Demand, len(r.tasks)), Supplies: make([]match.Supply, len(r.sup)),
		Arcs: make([]match.Arc, 0, n)}
	for i := range r.tasks {
		p.Demands[i] = match.Demand{ID: r.tasks[i].key.String(), Units: 1}
	}
	ti := 0
	for c, cs := range sups {
		for j, si := range cs {
			for int32(len(p.Arcs)) == r.taskArcs[ti+1] {
				ti++
			}
			p.Arcs = append(p.Arcs, match.Arc{Demand: ti, Supply: int(si), Cost: r.d.maxScore - scores[c][j], Cap: 1})
		}
	}
	r.net = p
}

// inOrder sorts found, the supplies marked in seen, and clears their marks. When they
// are dense enough among the supplies between the first and the last, it reads them
// off the marks instead of sorting.
func inOrder(found []int32, seen []uint64) []int32 {
	if len(found) == 0 {
		return found
	}
	lo, hi := found[0], found[0]
	for _, si := range found {
		lo, hi = min(lo, si), max(hi, si)
	}
	if int(hi>>6-lo>>6) > 8*len(found) {
		slices.Sort(found)
		for _, si := range found {
			seen[si>>6] = 0
		}
		return found
	}
	found = found[:0]
	for w := lo >> 6; w <= hi>>6; w++ {
		for x := seen[w]; x != 0; x &= x - 1 {
			found = append(found, w<<6+int32(bits.TrailingZeros64(x)))
		}
		seen[w] = 0
	}
	return found
}

// rest checks the rules after distance, in order, and returns the index of the first one
// failed, or -1.
func (r *dispatchRound) rest(ti, si int) int {
	t, h := &r.tasks[ti], &r.hot[si]
	switch h.kind {
	case kindVolunteer:
		if !r.hasSkills(si, t) {
			return ruleSkills
		}
		if !r.availableFor(si, t) {
			return ruleAvailability
		}
	case kindTeam:
		if rule := r.teamRule(int(h.index), t); rule >= 0 {
			return rule
		}
	}
	if len(t.t.Declined) > 0 && slices.Contains(t.t.Declined, r.sup[si].responder.ID) {
		return ruleDeclined
	}
	if h.kind == kindLot {
		if !r.admits(ti, si) {
			return ruleRestriction
		}
		if e := &r.expires[si]; !e.IsZero() && !t.t.Window.End.IsZero() && e.Before(t.t.Window.End) {
			return ruleExpiry
		}
		if r.less(si, t) {
			return ruleQuantity
		}
		return -1
	}
	if h.full {
		return ruleCapacity
	}
	return -1
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
// the skills, and one of those is available. It returns the index of the rule failed, or
// -1.
func (r *dispatchRound) teamRule(team int, t *dTask) int {
	rule := ruleSkills
	for _, m := range r.members[team] {
		if r.hasSkills(m, t) {
			if r.availableFor(m, t) {
				return -1
			}
			rule = ruleAvailability
		}
	}
	return rule
}

// hasSkills reports whether volunteer supply si holds every skill task t needs,
// remembered per distinct skill list.
func (r *dispatchRound) hasSkills(si int, t *dTask) bool {
	if t.skills < 0 {
		return true
	}
	if ok, known := r.skilled.get(t.skills, si); known {
		return ok
	}
	ok := hasSkills(&r.in.Volunteers[r.hot[si].index], t.t.Skills)
	r.skilled.set(t.skills, si, ok)
	return ok
}

// availableFor reports whether volunteer supply si is available for the whole of task
// t's window, remembered per distinct window.
func (r *dispatchRound) availableFor(si int, t *dTask) bool {
	if t.window < 0 {
		return true
	}
	if ok, known := r.available.get(t.window, si); known {
		return ok
	}
	ok := r.in.Volunteers[r.hot[si].index].Availability.Covers(t.t.Window, r.d.loc)
	r.available.set(t.window, si, ok)
	return ok
}

func hasSkills(v *volunteer.Volunteer, needs []volunteer.SkillNeed) bool {
	for _, n := range needs {
		if v.SkillLevel(n.Name) < max(1, n.MinLevel) {
			return false
		}
	}
	return true
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
// DispatchWeights.named: those of the task, those of the supply and those of the pair.
func (r *dispatchRound) factors(ti, si int, dist float64) [dispatchFactors]int64 {
	var v [dispatchFactors]int64
	r.taskFactors(&v, ti)
	r.supplyFactors(&v, si)
	r.pairFactors(&v, ti, si, dist)
	return v
}

// taskFactors sets the factors that depend on the task alone: urgency and waiting.
func (r *dispatchRound) taskFactors(v *[dispatchFactors]int64, ti int) {
	t := &r.tasks[ti]
	v[0], v[1] = t.urg, t.wait
}

// supplyFactors sets the factors that depend on the supply alone: fit for every kind
// but a volunteer, expiry and balance.
func (r *dispatchRound) supplyFactors(v *[dispatchFactors]int64, si int) {
	s := &r.sup[si]
	if s.kind != kindVolunteer {
		v[3] = 10000
	}
	if s.kind == kindLot {
		if l := &r.in.Lots[s.index]; !l.Expires.IsZero() {
			left := int64(l.Expires.Sub(r.in.At) / time.Hour)
			v[5] = max(0, 10000-left*10000/(365*24))
		}
		v[6] = 10000
	} else if s.capacity > 0 {
		v[6] = max(0, (s.capacity-s.held)*10000/s.capacity)
	}
}

// pairFactors sets the factors that depend on both: distance, a volunteer's fit and
// locality.
func (r *dispatchRound) pairFactors(v *[dispatchFactors]int64, ti, si int, dist float64) {
	t, h := &r.tasks[ti], &r.hot[si]
	if dist >= 0 {
		v[2] = max(0, int64(math.Round(10000*(1-dist/r.d.radius))))
	}
	if h.kind == kindVolunteer {
		vol := &r.in.Volunteers[h.index]
		if len(t.t.Skills) > 0 {
			var sum int64
			for _, n := range t.t.Skills {
				sum += int64(vol.SkillLevel(n.Name)) * 2000
			}
			v[3] = sum / int64(len(t.t.Skills))
		} else if i, ok := slices.BinarySearch(r.catList[h.cats:h.cats+h.ncats], t.cat); ok && r.levelList[int(h.cats)+i] > 0 {
			v[3] = r.levelList[int(h.cats)+i] * 2000
		} else {
			v[3] = 6000
		}
	}
	switch {
	case t.area != 0 && r.servesArea(h, t.area):
		v[4] = 10000
	case h.comm != 0 && h.comm == t.comm:
		v[4] = 5000
	}
}

// points works out taskPts and each dHot's pts.
func (r *dispatchRound) points() {
	r.taskPts = make([]int64, len(r.tasks))
	for ti := range r.tasks {
		var v [dispatchFactors]int64
		r.taskFactors(&v, ti)
		r.taskPts[ti] = r.weigh(&v)
	}
	for si := range r.sup {
		var v [dispatchFactors]int64
		r.supplyFactors(&v, si)
		r.hot[si].pts = r.weigh(&v)
	}
}

// weigh is Σ value × weight over the factors, in millionths of a point.
func (r *dispatchRound) weigh(v *[dispatchFactors]int64) int64 {
	var sum int64
	for i, x := range v {
		sum += x * r.d.w[i]
	}
	return sum
}

// servesArea reports whether the supply is in, or has a place in, the grid numbered area.
func (r *dispatchRound) servesArea(h *dHot, area int32) bool {
	if h.area == area {
		return true
	}
	if h.oneGrid {
		return false
	}
	for _, p := range r.places[h.first : h.first+h.n] {
		if p.grid == area {
			return true
		}
	}
	return false
}

// total is the pair's score in millionths of a point: factors weighed, the task's and
// the supply's parts taken from taskPts and dHot.pts.
func (r *dispatchRound) total(ti, si int, dist float64) int64 {
	var v [dispatchFactors]int64
	r.pairFactors(&v, ti, si, dist)
	return r.taskPts[ti] + r.hot[si].pts + r.weigh(&v)
}

// explain turns factor values into the decimal score and breakdown.
func (r *dispatchRound) explain(v [dispatchFactors]int64) (decimal.Decimal, []DispatchFactor) {
	fs := make([]DispatchFactor, 0, dispatchFactors)
	for i, f := range r.d.weights.named() {
		fs = append(fs, DispatchFactor{Name: f.name, Value: decimal.New(v[i], -4), Weight: decimal.New(r.d.w[i], -2)})
	}
	return decimal.New(r.weigh(&v), -6), fs
}

// solve runs the engine once on the network enumerate built and builds the answer.
func (r *dispatchRound) solve(op string) (*DispatchResult, error) {
	p := r.net
	for si := range r.sup {
		s := &r.sup[si]
		switch {
		case s.status != "":
		case s.kind == kindLot:
			// A lot takes as many tasks as the largest quantity asked of it fits in its stock.
			if l := r.largest[si]; l >= 0 {
				s.units = r.in.Lots[s.index].OnHand.Div(r.tasks[l].q).IntPart()
			}
		default:
			s.units = max(0, s.capacity-s.held)
		}
		p.Supplies[si] = match.Supply{ID: s.id, Units: s.units}
	}
	sol, err := match.Solve(p, nil)
	if err != nil {
		return nil, wushe.Wrap(op, err)
	}
	res := &DispatchResult{At: r.in.At, Algorithm: string(sol.Algorithm), Reason: sol.Reason,
		Proposals: make([]DispatchProposal, 0, len(sol.Pairs)), Unplaced: []DispatchUnplaced{}, Scored: int64(len(p.Arcs)), network: p}
	used := make([]bool, len(p.Arcs))
	chosen := make([]int, len(r.tasks))
	for i := range chosen {
		chosen[i] = -1
	}
	for _, pr := range sol.Pairs {
		used[pr.Arc] = true
		chosen[p.Arcs[pr.Arc].Demand] = pr.Arc
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
			for i, rule := range dispatchRuleNames {
				if n := r.counts[ti][i]; n > 0 {
					u.Excluded = append(u.Excluded, RuleCount{Rule: rule, Pairs: n})
				}
			}
			res.Unplaced = append(res.Unplaced, u)
			continue
		}
		si := p.Arcs[chosen[ti]].Supply
		s := &r.sup[si]
		dist, prov, _ := r.nearest(ti, si, true)
		pp := DispatchProposal{Need: t.t.Need, Referral: t.t.Referral, TaskVersion: t.t.Version, Responder: s.responder,
			Category: CategoryKey(t.t.Category), Provision: prov, DistanceMeters: metres(dist), Eligible: to - from}
		if s.kind == kindLot {
			l := &r.in.Lots[s.index]
			pp.Quantity, pp.Unit, pp.Holder = t.q, l.Unit, l.Holder
		}
		pp.Score, pp.Factors = r.explain(r.factors(ti, si, dist))
		// The best pair of the task not chosen (the least cost), ties by responder order.
		best := -1
		for k := from; k < to; k++ {
			if !used[k] && (best < 0 || p.Arcs[k].Cost < p.Arcs[best].Cost) {
				best = k
			}
		}
		if best >= 0 {
			alt := &DispatchAlternative{Responder: r.sup[p.Arcs[best].Supply].responder, Score: decimal.New(r.d.maxScore-p.Arcs[best].Cost, -6)}
			if rc, ok := match.ReducedCost(p, sol, best); ok {
				alt.Lost = decimal.NullDecimal{Decimal: decimal.New(rc, -6), Valid: true}
			}
			pp.Alternative = alt
		}
		res.Proposals = append(res.Proposals, pp)
	}
	for i, rule := range dispatchRuleNames {
		res.Excluded = append(res.Excluded, RuleCount{Rule: rule, Pairs: total[i]})
	}
	return res, nil
}
