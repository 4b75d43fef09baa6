package volunteer_test

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/volunteer"
)

// capInstance is a match input with the windows and places the checks need.
type capInstance struct {
	in   volunteer.MatchInput
	win  map[volunteer.ShiftRef]wushe.Window
	want map[volunteer.ShiftRef]int
	caps map[uuid.UUID]time.Duration
}

func newCapInstance(opps []volunteer.Opportunity, vs []volunteer.Volunteer) capInstance {
	ci := capInstance{in: volunteer.MatchInput{Opportunities: opps, Volunteers: vs, At: t0},
		win: map[volunteer.ShiftRef]wushe.Window{}, want: map[volunteer.ShiftRef]int{}, caps: map[uuid.UUID]time.Duration{}}
	for _, o := range opps {
		ci.in.Shifts = append(ci.in.Shifts, ref(o))
		ci.win[ref(o)] = o.Shifts[0].Window
		ci.want[ref(o)] = o.Shifts[0].Headcount
	}
	for _, v := range vs {
		ci.caps[v.ID] = time.Duration(v.MaxWeeklyMinutes) * time.Minute
	}
	return ci
}

// checkFeasible fails when an answer over-fills a shift, puts a volunteer twice in a
// shift or in two overlapping shifts, or breaks a weekly cap (every shift of the tests is
// in one week with no earlier enrolments).
func checkFeasible(t *testing.T, ci capInstance, as []volunteer.Assignment, msg string) {
	t.Helper()
	count := map[volunteer.ShiftRef]int{}
	byVol := map[uuid.UUID][]volunteer.ShiftRef{}
	week := map[uuid.UUID]time.Duration{}
	for _, a := range as {
		for _, prev := range byVol[a.VolunteerID] {
			require.NotEqual(t, prev, a.Shift, "%s: a volunteer twice in a shift", msg)
			require.False(t, ci.win[prev].Overlaps(ci.win[a.Shift]), "%s: overlapping shifts", msg)
		}
		byVol[a.VolunteerID] = append(byVol[a.VolunteerID], a.Shift)
		count[a.Shift]++
		week[a.VolunteerID] += ci.win[a.Shift].Duration()
	}
	for r, n := range count {
		require.LessOrEqual(t, n, ci.want[r], "%s: shift over-filled", msg)
	}
	for id, d := range week {
		if c := ci.caps[id]; c > 0 {
			require.LessOrEqual(t, d, c, "%s: weekly cap of %s", msg, id)
		}
	}
}

// cappedGreedy is the baseline written independently of the matcher: every candidate
// TopK lists, by score (highest first, ties by shift then volunteer ID), taken when the
// shift has a free place, the volunteer has no overlapping shift and the week still fits
// the cap.
func cappedGreedy(t *testing.T, m *volunteer.Matcher, ci capInstance) []volunteer.Assignment {
	t.Helper()
	var pairs []volunteer.Assignment
	for _, r := range ci.in.Shifts {
		top, _, err := m.TopK(ci.in, r, 0)
		require.NoError(t, err)
		for _, s := range top {
			pairs = append(pairs, volunteer.Assignment{Shift: r, VolunteerID: s.VolunteerID, Score: s.Score})
		}
	}
	slices.SortFunc(pairs, func(a, b volunteer.Assignment) int {
		return cmp.Or(-a.Score.Total.Cmp(b.Score.Total), cmpRef(a.Shift, b.Shift), wushe.CompareIDs(a.VolunteerID, b.VolunteerID))
	})
	cluster := clusters(ci.win)
	busy := map[[2]any]bool{}
	filled := map[volunteer.ShiftRef]int{}
	week := map[uuid.UUID]time.Duration{}
	var out []volunteer.Assignment
	for _, p := range pairs {
		k := [2]any{p.VolunteerID, cluster[p.Shift]}
		d := ci.win[p.Shift].Duration()
		if filled[p.Shift] >= ci.want[p.Shift] || busy[k] || (ci.caps[p.VolunteerID] > 0 && week[p.VolunteerID]+d > ci.caps[p.VolunteerID]) {
			continue
		}
		busy[k] = true
		filled[p.Shift]++
		week[p.VolunteerID] += d
		out = append(out, p)
	}
	return out
}

func cmpRef(a, b volunteer.ShiftRef) int {
	return cmp.Or(wushe.CompareIDs(a.OpportunityID, b.OpportunityID), wushe.CompareIDs(a.ShiftID, b.ShiftID), cmp.Compare(a.Occurrence, b.Occurrence))
}

// checkAccounting fails when a candidate pair is not in exactly one of Assignments,
// Dropped and Rejections, when a weekly_cap exclusion is not a rejected candidate, or when
// the fills do not count the assignments.
func checkAccounting(t *testing.T, m *volunteer.Matcher, ci capInstance, res *volunteer.MatchResult, msg string) {
	t.Helper()
	type pair struct {
		s volunteer.ShiftRef
		v uuid.UUID
	}
	cands := map[pair]bool{}
	for _, r := range ci.in.Shifts {
		top, _, err := m.TopK(ci.in, r, 0)
		require.NoError(t, err)
		for _, s := range top {
			cands[pair{r, s.VolunteerID}] = true
		}
	}
	seen := map[pair]int{}
	rejected := map[pair]bool{}
	for _, a := range slices.Concat(res.Assignments, res.Dropped) {
		seen[pair{a.Shift, a.VolunteerID}]++
	}
	for _, r := range res.Rejections {
		seen[pair{r.Shift, r.VolunteerID}]++
		rejected[pair{r.Shift, r.VolunteerID}] = true
	}
	require.Len(t, seen, len(cands), msg)
	for p, n := range seen {
		require.True(t, cands[p], "%s: not a candidate", msg)
		require.Equal(t, 1, n, "%s: a pair listed twice", msg)
	}
	for _, x := range res.Exclusions {
		if x.Constraint == "weekly_cap" && cands[pair{x.Shift, x.VolunteerID}] {
			require.True(t, rejected[pair{x.Shift, x.VolunteerID}], "%s: a cap exclusion is a rejected candidate", msg)
			require.Contains(t, x.Detail, "cap", msg)
		}
	}
	filled := map[volunteer.ShiftRef]int{}
	for _, a := range res.Assignments {
		filled[a.Shift]++
		sum := decimal.Zero
		for _, f := range a.Score.Factors {
			sum = sum.Add(f.Value.Mul(f.Weight))
		}
		require.True(t, sum.Equal(a.Score.Total), "%s: factor breakdown adds up", msg)
	}
	for _, f := range res.Fills {
		require.Equal(t, filled[f.Shift], f.Filled, msg)
	}
}

// Property: on random small instances where weekly caps bind (shifts of one to three
// hours on one Saturday, caps of two to five hours), the answer never breaks a cap or an
// overlap rule, fills at least as many places as the capped greedy pass, accounts for
// every candidate once, and is the same on every run.
func TestMatcherCapsProperty(t *testing.T) {
	m := newMatcher(t, nil)
	binding := 0
	for seed := uint64(1); seed <= 60; seed++ {
		rng := rand.New(rand.NewPCG(seed, 14))
		var opps []volunteer.Opportunity
		for i := range 3 + rng.IntN(8) {
			start := sat9.Add(time.Duration(rng.IntN(13)-2) * 30 * time.Minute)
			long := time.Duration(1+rng.IntN(3)) * time.Hour
			opps = append(opps, mopp(i+1, 1+rng.IntN(3), start, func(o *volunteer.Opportunity) {
				o.Shifts[0].Window = wushe.NewWindow(start, long)
				o.Preferred = []volunteer.SkillNeed{{Name: "first_aid", MinLevel: 1}}
			}))
		}
		var vs []volunteer.Volunteer
		for i := range 2 + rng.IntN(8) {
			vs = append(vs, mvol(i+1, func(v *volunteer.Volunteer) {
				v.Skills[0].Level = 1 + rng.IntN(5)
				v.Home = wushe.Point{Lat: 23.1 + rng.Float64()/50, Lng: 113.3 + rng.Float64()/50}
				if rng.IntN(5) > 0 {
					v.MaxWeeklyMinutes = 60 * (2 + rng.IntN(4))
				}
			}))
		}
		ci := newCapInstance(opps, vs)
		res, err := m.Assign(ci.in)
		require.NoError(t, err)
		msg := "seed " + decimal.NewFromUint64(seed).String()
		checkFeasible(t, ci, res.Assignments, msg)
		checkAccounting(t, m, ci, res, msg)
		greedy := cappedGreedy(t, m, ci)
		checkFeasible(t, ci, greedy, msg+" (greedy)")
		require.GreaterOrEqual(t, sumFilled(res), len(greedy), msg)
		require.Equal(t, len(res.Assignments), sumFilled(res), msg)
		if len(res.Dropped) > 0 {
			binding++
		}
		if res.Refilled > 0 {
			require.Greater(t, res.CapRounds, 1, msg)
		}
		if !res.GreedyFallback {
			require.LessOrEqual(t, res.Refilled, len(res.Assignments), msg)
		}
		again, err := m.Assign(ci.in)
		require.NoError(t, err)
		require.Equal(t, res, again, "%s: deterministic", msg)
	}
	require.Greater(t, binding, 10, "the caps bind in many instances")
}

// The shape of a city's failure: the best volunteers are best everywhere, so the uncapped
// optimum gives them far more hours than their caps allow, and dropping the excess left
// places empty that others could take. The rounds release the excess and, shifts being
// of equal length, refill it exactly: every place filled.
func TestMatcherCapsEqualLengthsExact(t *testing.T) {
	m := newMatcher(t, nil)
	var opps []volunteer.Opportunity
	for i := range 5 { // 08:00-10:00, 10:00-12:00, ... 16:00-18:00, two places each
		start := sat9.Add(time.Duration(2*i-1) * time.Hour)
		opps = append(opps, mopp(i+1, 2, start, func(o *volunteer.Opportunity) {
			o.Shifts[0].Window = wushe.NewWindow(start, 2*time.Hour)
			o.Preferred = []volunteer.SkillNeed{{Name: "first_aid", MinLevel: 1}}
		}))
	}
	var vs []volunteer.Volunteer
	for i := range 5 {
		vs = append(vs, mvol(i+1, func(v *volunteer.Volunteer) {
			v.Skills[0].Level = 5 - i
			v.MaxWeeklyMinutes = 270 // two shifts and a half hour
		}))
	}
	ci := newCapInstance(opps, vs)
	res, err := m.Assign(ci.in)
	require.NoError(t, err)
	checkFeasible(t, ci, res.Assignments, "equal")
	checkAccounting(t, m, ci, res, "equal")
	assert.Equal(t, 10, sumFilled(res), "five volunteers, two shifts each, fill all ten places")
	require.NotEmpty(t, res.Dropped, "the uncapped optimum breaks the caps")
	assert.Equal(t, len(res.Dropped), res.Refilled, "every dropped place is refilled")
	assert.Greater(t, res.CapRounds, 1)
	assert.False(t, res.GreedyFallback)
	perVol := map[uuid.UUID]int{}
	for _, a := range res.Assignments {
		perVol[a.VolunteerID]++
	}
	for _, v := range vs {
		assert.Equal(t, 2, perVol[v.ID], "each volunteer works up to the cap")
	}
}

// With overlapping candidates the cap is met by releasing: the best volunteer's excess
// shifts are dropped, and the next round gives them to others, with their scores.
func TestMatcherCapsRefillDroppedPlaces(t *testing.T) {
	m := newMatcher(t, nil)
	at := func(h int) time.Time { return time.Date(2026, 3, 7, h, 0, 0, 0, time.UTC) }
	var opps []volunteer.Opportunity
	for i, h := range []int{8, 9, 12, 14} { // 08-10 and 09-11 overlap
		opps = append(opps, mopp(i+1, 1, at(h), func(o *volunteer.Opportunity) {
			o.Preferred = []volunteer.SkillNeed{{Name: "first_aid", MinLevel: 1}}
		}))
	}
	best := mvol(1, func(v *volunteer.Volunteer) { v.Skills[0].Level, v.MaxWeeklyMinutes = 5, 120 })
	second := mvol(2, func(v *volunteer.Volunteer) { v.Skills[0].Level, v.MaxWeeklyMinutes = 3, 240 })
	third := mvol(3, func(v *volunteer.Volunteer) { v.Skills[0].Level = 1 })
	ci := newCapInstance(opps, []volunteer.Volunteer{best, second, third})
	res, err := m.Assign(ci.in)
	require.NoError(t, err)
	checkFeasible(t, ci, res.Assignments, "refill")
	checkAccounting(t, m, ci, res, "refill")
	assert.Equal(t, 4, sumFilled(res), "every place filled")
	require.NotEmpty(t, res.Dropped, "the uncapped optimum breaks the best volunteer's cap")
	for _, d := range res.Dropped {
		assert.Equal(t, best.ID, d.VolunteerID)
	}
	assert.Equal(t, len(res.Dropped), res.Refilled, "every dropped place is refilled")
	assert.Greater(t, res.CapRounds, 1)
	assert.False(t, res.GreedyFallback)
	again, err := m.Assign(ci.in)
	require.NoError(t, err)
	assert.Equal(t, res, again, "deterministic")
}

// When the rounds keep a volunteer's best pair and that strands a place greedy would
// fill, the greedy answer is returned and says so.
func TestMatcherCapsGreedyFloor(t *testing.T) {
	m := newMatcher(t, &volunteer.MatchOptions{Weights: map[string]decimal.Decimal{volunteer.FactorSkill: decimal.NewFromInt(100)}})
	at := func(h int) time.Time { return time.Date(2026, 3, 7, h, 0, 0, 0, time.UTC) }
	shift := func(i int, start time.Time, long time.Duration, need volunteer.SkillNeed, required bool) volunteer.Opportunity {
		return mopp(i, 1, start, func(o *volunteer.Opportunity) {
			o.Shifts[0].Window = wushe.NewWindow(start, long)
			o.Preferred = nil
			if required {
				o.Required = []volunteer.SkillNeed{need}
			} else {
				o.Preferred = []volunteer.SkillNeed{need}
			}
		})
	}
	a := shift(1, at(8), 3*time.Hour, volunteer.SkillNeed{Name: "first_aid", MinLevel: 1}, false)
	x := shift(2, at(10), 2*time.Hour, volunteer.SkillNeed{Name: "sign_language", MinLevel: 1}, false) // overlaps a
	c := shift(3, at(12), time.Hour, volunteer.SkillNeed{Name: "logistics", MinLevel: 1}, true)
	v := mvol(1, func(v *volunteer.Volunteer) {
		v.Skills = []volunteer.Skill{{Name: "first_aid", Level: 4}, {Name: "sign_language", Level: 1}, {Name: "logistics", Level: 1}}
		v.MaxWeeklyMinutes = 180
	})
	w := mvol(2, func(v *volunteer.Volunteer) {
		v.Skills = []volunteer.Skill{{Name: "first_aid", Level: 5}, {Name: "sign_language", Level: 4}}
	})
	ci := newCapInstance([]volunteer.Opportunity{a, x, c}, []volunteer.Volunteer{v, w})
	res, err := m.Assign(ci.in)
	require.NoError(t, err)
	checkFeasible(t, ci, res.Assignments, "floor")
	checkAccounting(t, m, ci, res, "floor")
	// Uncapped, v takes a and c and w takes x (180 points beat 140); the cap keeps v's a
	// (80 points against 20), and nobody else may take c. Greedy gives a to w, x and c to
	// v: all three.
	assert.True(t, res.GreedyFallback)
	assert.Equal(t, 3, sumFilled(res))
	assert.Len(t, cappedGreedy(t, m, ci), 3)
	got := map[volunteer.ShiftRef]uuid.UUID{}
	for _, as := range res.Assignments {
		got[as.Shift] = as.VolunteerID
	}
	assert.Equal(t, map[volunteer.ShiftRef]uuid.UUID{ref(a): w.ID, ref(x): v.ID, ref(c): v.ID}, got)
	assert.NotEmpty(t, res.Dropped, "the rounds' pairs the greedy answer replaced")
}

// BenchmarkMatcherAssignCapsBind measures Assign when the weekly caps bind: 60 shifts of
// one or two hours and 1-4 places in five two-hour slots of one Saturday, 120 volunteers
// with caps of two to five hours (seed 1), so the first round breaks caps and later
// rounds refill.
func BenchmarkMatcherAssignCapsBind(b *testing.B) {
	mem := memstore.New()
	svc, _ := volunteer.NewService(mem, nil)
	m, err := svc.NewMatcher(nil)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var in volunteer.MatchInput
	for i := range 60 {
		start := sat9.Add(time.Duration(2*(i%5)-1) * time.Hour)
		long := time.Duration(1+rng.IntN(2)) * time.Hour
		o := mopp(i+1, 1+rng.IntN(4), start, func(o *volunteer.Opportunity) {
			o.Shifts[0].Window = wushe.NewWindow(start, long)
			o.Preferred = []volunteer.SkillNeed{{Name: "first_aid", MinLevel: 1}}
		})
		in.Opportunities = append(in.Opportunities, o)
		in.Shifts = append(in.Shifts, ref(o))
	}
	for i := range 120 {
		in.Volunteers = append(in.Volunteers, mvol(i+1, func(v *volunteer.Volunteer) {
			v.Skills[0].Level = 1 + rng.IntN(5)
			v.MaxWeeklyMinutes = 60 * (2 + rng.IntN(4))
		}))
	}
	in.At = t0
	b.ReportAllocs()
	for b.Loop() {
		res, err := m.Assign(in)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Dropped) == 0 {
			b.Fatal("the caps do not bind")
		}
	}
}

// Hours already enrolled that week count against the cap: with two of four hours taken,
// the volunteer gets one more two-hour shift, and the other goes to a volunteer without a
// cap.
func TestMatcherCapsCountExistingEnrolments(t *testing.T) {
	m := newMatcher(t, nil)
	at := func(h int) time.Time { return time.Date(2026, 3, 7, h, 0, 0, 0, time.UTC) }
	earlier := mopp(1, 1, at(8), nil)
	a := mopp(2, 1, at(11), nil)
	b := mopp(3, 1, at(14), nil)
	v := mvol(1, func(v *volunteer.Volunteer) { v.Skills[0].Level, v.MaxWeeklyMinutes = 5, 240 })
	w := mvol(2, func(v *volunteer.Volunteer) { v.Skills[0].Level = 1 })
	for _, o := range []*volunteer.Opportunity{&a, &b} {
		o.Preferred = []volunteer.SkillNeed{{Name: "first_aid", MinLevel: 1}}
	}
	in := volunteer.MatchInput{Opportunities: []volunteer.Opportunity{earlier, a, b}, Shifts: []volunteer.ShiftRef{ref(a), ref(b)},
		Volunteers: []volunteer.Volunteer{v, w}, At: t0,
		Enrolments: []volunteer.Enrolment{{ID: uuid.New(), Shift: ref(earlier), VolunteerID: v.ID, Status: volunteer.EnrolmentConfirmed, Window: earlier.Shifts[0].Window}}}
	res, err := m.Assign(in)
	require.NoError(t, err)
	perVol := map[uuid.UUID]int{}
	for _, as := range res.Assignments {
		perVol[as.VolunteerID]++
	}
	assert.Equal(t, map[uuid.UUID]int{v.ID: 1, w.ID: 1}, perVol)
	assert.Equal(t, 2, sumFilled(res))
	assert.Len(t, res.Dropped, 1, "the uncapped optimum gave v both")
	assert.Equal(t, 1, res.Refilled)
}
