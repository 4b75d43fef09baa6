package volunteer_test

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
	"github.com/wushe/wushe/volunteer"
)

// spreadInstance is a random match over a few kilometres: homes and places scattered
// around a centre, some volunteers without a home, some unavailable, skills and caps
// varied, so that every hard constraint and the distance grid come into play.
func spreadInstance(rng *rand.Rand, centre wushe.Point) volunteer.MatchInput {
	var opps []volunteer.Opportunity
	for i := range 4 + rng.IntN(10) {
		start := sat9.Add(time.Duration(rng.IntN(13)-2) * 30 * time.Minute)
		opps = append(opps, mopp(i+1, 1+rng.IntN(3), start, func(o *volunteer.Opportunity) {
			o.Shifts[0].Window = wushe.NewWindow(start, time.Duration(1+rng.IntN(3))*time.Hour)
			o.Place = wushe.Point{Lat: centre.Lat + (rng.Float64()-0.5)*0.05, Lng: centre.Lng + (rng.Float64()-0.5)*0.05}
			if rng.IntN(3) == 0 {
				o.Required = []volunteer.SkillNeed{{Name: "first_aid", MinLevel: 2}}
			}
		}))
	}
	var vs []volunteer.Volunteer
	for i := range 5 + rng.IntN(25) {
		vs = append(vs, mvol(i+1, func(v *volunteer.Volunteer) {
			v.Home = wushe.Point{Lat: centre.Lat + (rng.Float64()-0.5)*0.05, Lng: centre.Lng + (rng.Float64()-0.5)*0.05}
			v.HasHome = rng.IntN(6) != 0
			v.MaxWeeklyMinutes = []int{0, 120, 180, 300}[rng.IntN(4)]
			if rng.IntN(5) == 0 {
				v.Availability = volunteer.Availability{}
			}
			if rng.IntN(4) == 0 {
				v.Skills = nil
			}
			if rng.IntN(15) == 0 {
				v.Status = volunteer.StatusSuspended
			}
		}))
	}
	rng.Shuffle(len(vs), func(i, j int) { vs[i], vs[j] = vs[j], vs[i] })
	in := volunteer.MatchInput{Opportunities: opps, Volunteers: vs, At: t0}
	for _, o := range opps {
		in.Shifts = append(in.Shifts, ref(o))
	}
	return in
}

// Property: the listed rejections and exclusions are the first ListLimit of the whole
// lists, the counts add up, and Explain says of every pair what the lists say, with the
// same text; near a pole (no grid) and around Chengdu (a grid) alike.
func TestMatcherExplanationsOnDemandProperty(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		rng := rand.New(rand.NewPCG(seed, 71))
		centre := wushe.Point{Lat: 30.65, Lng: 104.06}
		if seed%5 == 0 {
			centre = wushe.Point{Lat: 84.5, Lng: 10}
		}
		in := spreadInstance(rng, centre)
		limit := []float64{0, 800, 1500, 2500}[rng.IntN(4)]
		all := newMatcher(t, &volunteer.MatchOptions{MaxDistanceMeters: limit, ListLimit: -1})
		capped := newMatcher(t, &volunteer.MatchOptions{MaxDistanceMeters: limit, ListLimit: 3})
		ra, err := all.Assign(in)
		require.NoError(t, err)
		rc, err := capped.Assign(in)
		require.NoError(t, err)
		msg := fmt.Sprintf("seed %d, limit %v", seed, limit)

		rej, exc := slices.Collect(rc.AllRejections()), slices.Collect(rc.AllExclusions())
		assert.Equal(t, ra.Rejections, rej, msg)
		assert.Equal(t, ra.Exclusions, exc, msg)
		assert.Equal(t, ra.Assignments, rc.Assignments, msg)
		assert.Equal(t, rej[:min(3, len(rej))], rc.Rejections, msg)
		assert.Equal(t, exc[:min(3, len(exc))], rc.Exclusions, msg)
		assert.Equal(t, len(rej), rc.RejectionCount, msg)
		assert.Equal(t, len(exc), rc.ExclusionCount, msg)
		sum := 0
		for _, n := range rc.ExcludedBy {
			sum += n
		}
		assert.Equal(t, rc.ExclusionCount, sum, msg)
		assert.Equal(t, len(in.Volunteers)*len(in.Shifts), len(rc.Assignments)+len(rc.Dropped)+rc.RejectionCount+rc.ExclusionCount-capOuts(exc, rej), msg)

		type pair struct {
			s volunteer.ShiftRef
			v uuid.UUID
		}
		want := map[pair]string{}
		for _, a := range rc.Assignments {
			want[pair{a.Shift, a.VolunteerID}] = volunteer.PairAssigned
		}
		for _, a := range rc.Dropped {
			want[pair{a.Shift, a.VolunteerID}] = volunteer.PairDropped
		}
		lost := map[pair]string{}
		for _, r := range rej {
			want[pair{r.Shift, r.VolunteerID}] = volunteer.PairRejected
			if r.Lost != nil {
				lost[pair{r.Shift, r.VolunteerID}] = r.Lost.String()
			}
		}
		excl := map[pair][]volunteer.Exclusion{}
		for _, x := range exc {
			excl[pair{x.Shift, x.VolunteerID}] = append(excl[pair{x.Shift, x.VolunteerID}], x)
		}
		for _, s := range in.Shifts {
			for _, v := range in.Volunteers {
				p := pair{s, v.ID}
				e, err := rc.Explain(s, v.ID)
				require.NoError(t, err, msg)
				outcome := want[p]
				if outcome == "" {
					outcome = volunteer.PairExcluded
				}
				require.Equal(t, outcome, e.Outcome, msg)
				require.Equal(t, excl[p], e.Exclusions, msg)
				if e.Outcome == volunteer.PairExcluded {
					require.Nil(t, e.Score, msg)
					continue
				}
				require.NotNil(t, e.Score, msg)
				if l, ok := lost[p]; ok {
					require.Equal(t, l, e.Lost.String(), msg)
				} else {
					require.Nil(t, e.Lost, msg)
				}
			}
		}
	}
}

// capOuts counts the exclusions that are also rejected candidates (weekly caps met in a
// later round): they are listed in both lists.
func capOuts(exc []volunteer.Exclusion, rej []volunteer.Rejection) int {
	type pair struct {
		s volunteer.ShiftRef
		v uuid.UUID
	}
	r := map[pair]bool{}
	for _, x := range rej {
		r[pair{x.Shift, x.VolunteerID}] = true
	}
	n := 0
	for _, x := range exc {
		if r[pair{x.Shift, x.VolunteerID}] {
			n++
		}
	}
	return n
}

func TestMatchResultExplainErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	in := spreadInstance(rng, wushe.Point{Lat: 30.65, Lng: 104.06})
	res, err := newMatcher(t, nil).Assign(in)
	require.NoError(t, err)
	_, err = res.Explain(volunteer.ShiftRef{OpportunityID: uuid.New(), ShiftID: uuid.New()}, in.Volunteers[0].ID)
	kindIs(t, err, wushe.KindNotFound)
	_, err = res.Explain(in.Shifts[0], uuid.New())
	kindIs(t, err, wushe.KindNotFound)
	_, err = (&volunteer.MatchResult{}).Explain(in.Shifts[0], in.Volunteers[0].ID)
	kindIs(t, err, wushe.KindInvalid)
	// A result built by hand lists what it holds.
	hand := &volunteer.MatchResult{Rejections: []volunteer.Rejection{{VolunteerID: uuid.New()}}, Exclusions: []volunteer.Exclusion{{Constraint: "x"}}}
	assert.Len(t, slices.Collect(hand.AllRejections()), 1)
	assert.Len(t, slices.Collect(hand.AllExclusions()), 1)
}

// The network of the first solve, written as DIMACS, reads back and solves; without
// KeepNetwork there is none.
func TestMatchResultWriteDIMACS(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 1))
	in := spreadInstance(rng, wushe.Point{Lat: 30.65, Lng: 104.06})
	res, err := newMatcher(t, nil).Assign(in)
	require.NoError(t, err)
	kindIs(t, res.WriteDIMACS(&bytes.Buffer{}), wushe.KindInvalid)

	var phases []string
	m := newMatcher(t, &volunteer.MatchOptions{KeepNetwork: true, Progress: func(p volunteer.MatchProgress) {
		if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
			phases = append(phases, p.Phase)
		}
	}})
	res, err = m.Assign(in)
	require.NoError(t, err)
	assert.Equal(t, []string{volunteer.PhaseCandidates, volunteer.PhaseSolve, volunteer.PhaseExplain, volunteer.PhaseDone}, phases)
	var b bytes.Buffer
	require.NoError(t, res.WriteDIMACS(&b))
	require.Contains(t, b.String(), "c wushe big ")
	g, err := match.ReadDIMACS(strings.NewReader(b.String()))
	require.NoError(t, err)
	f, err := match.MinCostFlow(g, match.NetworkSimplex)
	require.NoError(t, err)
	// The sink takes every free place; a place is filled when it does not take its
	// demand's unfilled arc (the last len(in.Shifts) arcs).
	filled := int64(0)
	for _, fl := range res.Fills {
		filled += int64(fl.Wanted)
	}
	for k := len(g.Arcs) - len(in.Shifts); k < len(g.Arcs); k++ {
		filled -= f.Flow[k]
	}
	assert.GreaterOrEqual(t, filled, int64(0))
	assert.LessOrEqual(t, filled, int64(len(res.Assignments)+len(res.Dropped)), "Assignments and Dropped hold every pair of the first solve")
}

// Property: TopK ranks by decimal score, highest first, ties by volunteer ID; a smaller k
// is a prefix of the whole ranking; its exclusions are the first ListLimit of the whole
// list, and none names a ranked volunteer.
func TestMatcherTopKProperty(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		rng := rand.New(rand.NewPCG(seed, 72))
		in := spreadInstance(rng, wushe.Point{Lat: 30.65, Lng: 104.06})
		limit := []float64{0, 800, 1500, 2500}[rng.IntN(4)]
		all := newMatcher(t, &volunteer.MatchOptions{MaxDistanceMeters: limit, ListLimit: -1})
		capped := newMatcher(t, &volunteer.MatchOptions{MaxDistanceMeters: limit, ListLimit: 2})
		for _, r := range in.Shifts {
			msg := fmt.Sprintf("seed %d, limit %v, shift %v", seed, limit, r.OpportunityID)
			top, exc, err := all.TopK(in, r, 0)
			require.NoError(t, err, msg)
			require.True(t, slices.IsSortedFunc(top, func(a, b volunteer.Suggestion) int {
				return cmp.Or(-a.Score.Total.Cmp(b.Score.Total), wushe.CompareIDs(a.VolunteerID, b.VolunteerID))
			}), msg)
			k := 1 + rng.IntN(3)
			few, excCapped, err := capped.TopK(in, r, k)
			require.NoError(t, err, msg)
			assert.Equal(t, top[:min(k, len(top))], few, msg)
			assert.Equal(t, exc[:min(2, len(exc))], excCapped, msg)
			ranked := map[uuid.UUID]bool{}
			for _, s := range top {
				ranked[s.VolunteerID] = true
			}
			for _, e := range exc {
				assert.False(t, ranked[e.VolunteerID], "%s: %v is both ranked and excluded", msg, e.VolunteerID)
			}
		}
	}
}
