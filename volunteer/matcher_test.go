package volunteer_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

// sat9 is Saturday 2026-03-07 09:00 UTC; fixture volunteers are available 08:00-18:00 on
// Saturdays.
var sat9 = time.Date(2026, 3, 7, 9, 0, 0, 0, time.UTC)

func mvol(i int, mod func(*volunteer.Volunteer)) volunteer.Volunteer {
	v := volunteertest.Volunteer(i, time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), t0)
	v.ID = uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-%012d", i))
	if mod != nil {
		mod(&v)
	}
	return v
}

func mopp(i, places int, start time.Time, mod func(*volunteer.Opportunity)) volunteer.Opportunity {
	o := volunteertest.Opportunity(start, places)
	o.ID = uuid.MustParse(fmt.Sprintf("00000000-0000-4000-9000-%012d", i))
	o.Shifts[0].ID = uuid.MustParse(fmt.Sprintf("00000000-0000-4000-a000-%012d", i))
	if mod != nil {
		mod(&o)
	}
	return o
}

func newMatcher(t *testing.T, opts *volunteer.MatchOptions) *volunteer.Matcher {
	t.Helper()
	e := newEnv(t, nil)
	m, err := e.svc.NewMatcher(opts)
	require.NoError(t, err)
	return m
}

func TestNewMatcherOptions(t *testing.T) {
	e := newEnv(t, nil)
	_, err := e.svc.NewMatcher(&volunteer.MatchOptions{Weights: map[string]decimal.Decimal{"luck": dec("1"), volunteer.FactorSkill: dec("-1"), volunteer.FactorTeam: dec("0.00001")},
		NoShowRate: 1, MaxDistanceMeters: -1})
	for _, f := range []string{"Weights[luck]", "Weights[skill]", "Weights[team]", "NoShowRate", "MaxDistanceMeters"} {
		hasField(t, err, f)
	}
	total := decimal.Zero
	for _, w := range volunteer.DefaultMatchWeights() {
		total = total.Add(w)
	}
	decEq(t, "100", total)
}

func TestMatcherFillsMultiPersonShiftExactly(t *testing.T) {
	m := newMatcher(t, nil)
	o := mopp(1, 3, sat9, func(o *volunteer.Opportunity) {
		o.Preferred = []volunteer.SkillNeed{{Name: "first_aid", MinLevel: 1}}
	})
	var vs []volunteer.Volunteer
	for i := 1; i <= 5; i++ {
		vs = append(vs, mvol(i, func(v *volunteer.Volunteer) { v.Skills[0].Level = i }))
	}
	res, err := m.Assign(volunteer.MatchInput{Opportunities: []volunteer.Opportunity{o}, Shifts: []volunteer.ShiftRef{ref(o)}, Volunteers: vs, At: t0})
	require.NoError(t, err)
	require.Len(t, res.Assignments, 3)
	got := map[uuid.UUID]bool{}
	for _, a := range res.Assignments {
		got[a.VolunteerID] = true
	}
	assert.Equal(t, map[uuid.UUID]bool{vs[2].ID: true, vs[3].ID: true, vs[4].ID: true}, got, "the three most skilled, each once")
	assert.Equal(t, []volunteer.ShiftFill{{Shift: ref(o), Wanted: 3, Filled: 3}}, res.Fills)
	require.Len(t, res.Rejections, 2)
	for _, r := range res.Rejections {
		require.NotNil(t, r.Lost)
		assert.True(t, r.Lost.GreaterThanOrEqual(decimal.Zero))
	}
	// The factor breakdown adds up.
	for _, a := range res.Assignments {
		sum := decimal.Zero
		for _, f := range a.Score.Factors {
			sum = sum.Add(f.Value.Mul(f.Weight))
		}
		assert.True(t, sum.Equal(a.Score.Total))
		assert.Len(t, a.Score.Factors, 6)
	}
	again, err := m.Assign(volunteer.MatchInput{Opportunities: []volunteer.Opportunity{o}, Shifts: []volunteer.ShiftRef{ref(o)}, Volunteers: vs, At: t0})
	require.NoError(t, err)
	assert.Equal(t, res, again, "deterministic")
}

func TestMatcherFillsFirst(t *testing.T) {
	// x is the best for both shifts, y can only take a; filling both beats x's best score.
	m := newMatcher(t, nil)
	a := mopp(1, 1, sat9, func(o *volunteer.Opportunity) { o.Preferred = []volunteer.SkillNeed{{Name: "first_aid", MinLevel: 1}} })
	b := mopp(2, 1, sat9.Add(time.Hour), func(o *volunteer.Opportunity) { // overlaps a
		o.Required = []volunteer.SkillNeed{{Name: "sign_language", MinLevel: 1}}
	})
	x := mvol(1, func(v *volunteer.Volunteer) {
		v.Skills = []volunteer.Skill{{Name: "first_aid", Level: 5}, {Name: "sign_language", Level: 1}}
	})
	y := mvol(2, func(v *volunteer.Volunteer) { v.Skills[0].Level = 1 })
	res, err := m.Assign(volunteer.MatchInput{Opportunities: []volunteer.Opportunity{a, b}, Shifts: []volunteer.ShiftRef{ref(a), ref(b)},
		Volunteers: []volunteer.Volunteer{x, y}, At: t0})
	require.NoError(t, err)
	require.Len(t, res.Assignments, 2)
	byShift := map[volunteer.ShiftRef]uuid.UUID{}
	for _, as := range res.Assignments {
		byShift[as.Shift] = as.VolunteerID
	}
	assert.Equal(t, y.ID, byShift[ref(a)])
	assert.Equal(t, x.ID, byShift[ref(b)])
	require.Len(t, res.Exclusions, 1)
	assert.Equal(t, volunteer.Exclusion{Shift: ref(b), VolunteerID: y.ID, Constraint: "eligibility", Detail: res.Exclusions[0].Detail}, res.Exclusions[0])
	assert.Contains(t, res.Exclusions[0].Detail, "sign_language")
}

func TestMatcherHardConstraints(t *testing.T) {
	m := newMatcher(t, &volunteer.MatchOptions{MaxDistanceMeters: 5000})
	o := mopp(1, 5, sat9, nil)
	other := mopp(2, 5, sat9.Add(time.Hour), nil)
	ok := mvol(1, nil)
	far := mvol(2, func(v *volunteer.Volunteer) { v.Home = wushe.Point{Lat: 39.9, Lng: 116.4} })
	busy := mvol(3, nil)
	unavailable := mvol(4, func(v *volunteer.Volunteer) { v.Availability.Weekly[0].Weekday = time.Sunday })
	capped := mvol(5, func(v *volunteer.Volunteer) { v.MaxWeeklyMinutes = 60 })
	enrolled := mvol(6, nil)
	suspended := mvol(7, func(v *volunteer.Volunteer) { v.Status = volunteer.StatusSuspended })
	nohome := mvol(8, func(v *volunteer.Volunteer) { v.HasHome = false })
	ens := []volunteer.Enrolment{
		{ID: uuid.New(), Shift: ref(other), VolunteerID: busy.ID, Status: volunteer.EnrolmentConfirmed, Window: other.Shifts[0].Window},
		{ID: uuid.New(), Shift: ref(o), VolunteerID: enrolled.ID, Status: volunteer.EnrolmentConfirmed, Window: o.Shifts[0].Window},
	}
	res, err := m.Assign(volunteer.MatchInput{Opportunities: []volunteer.Opportunity{o, other}, Shifts: []volunteer.ShiftRef{ref(o)},
		Volunteers: []volunteer.Volunteer{ok, far, busy, unavailable, capped, enrolled, suspended, nohome}, Enrolments: ens, At: t0})
	require.NoError(t, err)
	why := map[uuid.UUID]string{}
	for _, x := range res.Exclusions {
		why[x.VolunteerID] = x.Constraint
	}
	assert.Equal(t, map[uuid.UUID]string{far.ID: "distance", busy.ID: "overlap", unavailable.ID: "availability",
		capped.ID: "weekly_cap", enrolled.ID: "enrolled", suspended.ID: "eligibility"}, why)
	assert.Equal(t, 4, res.Fills[0].Wanted, "one place is taken")
	require.Len(t, res.Assignments, 2)
	for _, a := range res.Assignments {
		if a.VolunteerID == nohome.ID {
			for _, f := range a.Score.Factors {
				if f.Name == volunteer.FactorDistance {
					assert.True(t, f.Value.IsZero(), "no home: distance scores 0")
				}
			}
		}
	}
}

func TestMatcherOverlapAndWeeklyCap(t *testing.T) {
	m := newMatcher(t, nil)
	a := mopp(1, 1, sat9, nil)
	b := mopp(2, 1, sat9.Add(time.Hour), nil) // overlaps a
	c := mopp(3, 1, sat9.Add(4*time.Hour), nil)
	v := mvol(1, func(v *volunteer.Volunteer) { v.MaxWeeklyMinutes = 120 })
	res, err := m.Assign(volunteer.MatchInput{Opportunities: []volunteer.Opportunity{a, b, c}, Shifts: []volunteer.ShiftRef{ref(a), ref(b), ref(c)},
		Volunteers: []volunteer.Volunteer{v}, At: t0})
	require.NoError(t, err)
	// The flow gives v one shift of the a/b cluster and c; the weekly cap (2 h) keeps one.
	assert.Len(t, res.Assignments, 1)
	assert.Len(t, res.Dropped, 1)
	filled := 0
	for _, f := range res.Fills {
		filled += f.Filled
	}
	assert.Equal(t, 1, filled)
	v.MaxWeeklyMinutes = 0
	res, err = m.Assign(volunteer.MatchInput{Opportunities: []volunteer.Opportunity{a, b, c}, Shifts: []volunteer.ShiftRef{ref(a), ref(b), ref(c)},
		Volunteers: []volunteer.Volunteer{v}, At: t0})
	require.NoError(t, err)
	require.Len(t, res.Assignments, 2, "one of the overlapping pair, and c")
	assert.NotEqual(t, res.Assignments[0].Shift, res.Assignments[1].Shift)
	for _, as := range res.Assignments {
		assert.True(t, as.Shift == ref(c) || as.Shift == ref(a) || as.Shift == ref(b))
	}
	assert.Contains(t, []volunteer.ShiftRef{res.Assignments[0].Shift, res.Assignments[1].Shift}, ref(c))
}

func TestMatcherSoftFactors(t *testing.T) {
	m := newMatcher(t, nil)
	grid := uuid.New()
	o := mopp(1, 1, sat9, func(o *volunteer.Opportunity) { o.Place = wushe.Point{Lat: 23.13, Lng: 113.32} })
	team := volunteer.Team{ID: uuid.New(), Name: "猎鹰", Themes: []volunteer.Theme{volunteer.ThemeAntiFraud}, RunBy: o.Organizer}
	v := mvol(1, func(v *volunteer.Volunteer) {
		v.CommunityID, v.GridID, v.Teams = o.Organizer.ID, grid, []uuid.UUID{team.ID}
	})
	w := mvol(2, func(v *volunteer.Volunteer) {
		v.CommunityID = o.Organizer.ID
		v.Home = wushe.Point{Lat: 23.15, Lng: 113.32} // about 2.2 km
	})
	hist := []volunteer.Enrolment{
		{ID: uuid.New(), VolunteerID: w.ID, Status: volunteer.EnrolmentNoShow, Window: wushe.NewWindow(t0.AddDate(0, 0, -3), 5*time.Hour)},
		{ID: uuid.New(), VolunteerID: w.ID, Status: volunteer.EnrolmentCompleted, CompletedAt: t0.AddDate(0, 0, -2), Window: wushe.NewWindow(t0.AddDate(0, 0, -2), 5*time.Hour)},
	}
	in := volunteer.MatchInput{Opportunities: []volunteer.Opportunity{o}, Volunteers: []volunteer.Volunteer{w, v}, Enrolments: hist, Teams: []volunteer.Team{team},
		Grids: map[uuid.UUID]uuid.UUID{o.ID: grid}, At: t0}
	top, ex, err := m.TopK(in, ref(o), 0)
	require.NoError(t, err)
	assert.Empty(t, ex)
	require.Len(t, top, 2)
	assert.Equal(t, v.ID, top[0].VolunteerID)
	vals := func(s volunteer.Score) map[string]string {
		out := map[string]string{}
		for _, f := range s.Factors {
			out[f.Name] = f.Value.String()
		}
		return out
	}
	assert.Equal(t, map[string]string{"distance": "1", "fairness": "1", "locality": "1", "reliability": "1", "skill": "0", "team": "1"}, vals(top[0].Score))
	wv := vals(top[1].Score)
	assert.Equal(t, "0.5", wv["locality"])
	assert.Equal(t, "0", wv["team"])
	assert.Equal(t, "0.5", wv["fairness"], "300 of 600 recent minutes")
	assert.Equal(t, decimal.NewFromFloat(volunteer.DefaultReliability.Score(hist, t0)).Round(4).String(), wv["reliability"])
	assert.NotEqual(t, "1", wv["reliability"])
	assert.Equal(t, "0.1799", wv["distance"], "ideal 400 m over about 2.2 km")
	one, _, err := m.TopK(in, ref(o), 1)
	require.NoError(t, err)
	assert.Len(t, one, 1)
	_, _, err = m.TopK(in, volunteer.ShiftRef{OpportunityID: uuid.New(), ShiftID: uuid.New()}, 1)
	kindIs(t, err, wushe.KindNotFound)
}

func TestMatcherOverbookAndErrors(t *testing.T) {
	m := newMatcher(t, &volunteer.MatchOptions{NoShowRate: 0.2})
	o := mopp(1, 4, sat9, nil)
	var vs []volunteer.Volunteer
	for i := 1; i <= 8; i++ {
		vs = append(vs, mvol(i, nil))
	}
	res, err := m.Assign(volunteer.MatchInput{Opportunities: []volunteer.Opportunity{o}, Shifts: []volunteer.ShiftRef{ref(o)}, Volunteers: vs, At: t0})
	require.NoError(t, err)
	assert.Equal(t, 5, res.Fills[0].Wanted, "4 / 0.8")
	assert.Len(t, res.Assignments, 5)
	plain := newMatcher(t, nil)
	res, err = plain.Assign(volunteer.MatchInput{Opportunities: []volunteer.Opportunity{o}, Shifts: []volunteer.ShiftRef{ref(o)}, Volunteers: vs, At: t0})
	require.NoError(t, err)
	assert.Len(t, res.Assignments, 4, "no overbooking unless asked")
	_, err = plain.Assign(volunteer.MatchInput{Opportunities: []volunteer.Opportunity{o}, Shifts: []volunteer.ShiftRef{ref(o), ref(o)}, Volunteers: vs})
	kindIs(t, err, wushe.KindInvalid)
	_, err = plain.Assign(volunteer.MatchInput{Shifts: []volunteer.ShiftRef{ref(o)}})
	kindIs(t, err, wushe.KindNotFound)
}

// Property: on random instances every assignment is a candidate pair, no volunteer fills
// two places of one shift or two overlapping shifts, fills never exceed what was asked,
// and the optimum fills at least as many places as a greedy pass over the candidates.
func TestMatcherProperty(t *testing.T) {
	m := newMatcher(t, nil)
	for seed := uint64(1); seed <= 30; seed++ {
		rng := rand.New(rand.NewPCG(seed, 3))
		var opps []volunteer.Opportunity
		var refs []volunteer.ShiftRef
		for i := range 2 + rng.IntN(6) {
			o := mopp(i+1, 1+rng.IntN(4), sat9.Add(time.Duration(rng.IntN(8))*time.Hour), func(o *volunteer.Opportunity) {
				if rng.IntN(2) == 0 {
					o.Required = []volunteer.SkillNeed{{Name: "first_aid", MinLevel: 1 + rng.IntN(5)}}
				}
			})
			opps = append(opps, o)
			refs = append(refs, ref(o))
		}
		var vs []volunteer.Volunteer
		for i := range 1 + rng.IntN(15) {
			vs = append(vs, mvol(i+1, func(v *volunteer.Volunteer) {
				v.Skills[0].Level = 1 + rng.IntN(5)
				v.Home = wushe.Point{Lat: 23.1 + rng.Float64()/20, Lng: 113.3 + rng.Float64()/20}
			}))
		}
		in := volunteer.MatchInput{Opportunities: opps, Shifts: refs, Volunteers: vs, At: t0}
		res, err := m.Assign(in)
		require.NoError(t, err)
		win := map[volunteer.ShiftRef]wushe.Window{}
		want := map[volunteer.ShiftRef]int{}
		for _, o := range opps {
			win[ref(o)] = o.Shifts[0].Window
			want[ref(o)] = o.Shifts[0].Headcount
		}
		perVol := map[uuid.UUID][]volunteer.ShiftRef{}
		count := map[volunteer.ShiftRef]int{}
		for _, a := range res.Assignments {
			for _, prev := range perVol[a.VolunteerID] {
				require.NotEqual(t, prev, a.Shift, "seed %d: one volunteer twice in a shift", seed)
				require.False(t, win[prev].Overlaps(win[a.Shift]), "seed %d: overlapping shifts", seed)
			}
			perVol[a.VolunteerID] = append(perVol[a.VolunteerID], a.Shift)
			count[a.Shift]++
		}
		for r, n := range count {
			require.LessOrEqual(t, n, want[r])
		}
		// Greedy baseline under the same model (one shift per volunteer per overlap
		// cluster) is a feasible answer, so the optimum fills at least as many places.
		cluster := clusters(win)
		greedy := 0
		taken := map[[2]int]bool{}
		for _, r := range refs {
			top, _, err := m.TopK(in, r, 0)
			require.NoError(t, err)
			n := 0
			for _, s := range top {
				k := [2]int{int(s.VolunteerID[15]), cluster[r]}
				if n < want[r] && !taken[k] {
					taken[k] = true
					n++
				}
			}
			greedy += n
		}
		require.GreaterOrEqual(t, sumFilled(res), greedy, "seed %d", seed)
		require.Equal(t, len(res.Assignments)+len(res.Dropped), sumFilled(res)+len(res.Dropped))
	}
}

func sumFilled(res *volunteer.MatchResult) int {
	n := 0
	for _, f := range res.Fills {
		n += f.Filled
	}
	return n
}

// clusters numbers the windows' overlap clusters (chains of overlapping windows).
func clusters(win map[volunteer.ShiftRef]wushe.Window) map[volunteer.ShiftRef]int {
	refs := make([]volunteer.ShiftRef, 0, len(win))
	for r := range win {
		refs = append(refs, r)
	}
	slices.SortFunc(refs, func(a, b volunteer.ShiftRef) int { return win[a].Start.Compare(win[b].Start) })
	out := map[volunteer.ShiftRef]int{}
	var end time.Time
	c := -1
	for _, r := range refs {
		if c < 0 || !win[r].Start.Before(end) {
			c++
		}
		out[r] = c
		if win[r].End.After(end) {
			end = win[r].End
		}
	}
	return out
}
