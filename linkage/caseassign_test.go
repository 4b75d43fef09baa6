package linkage_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// Fixed IDs so that ties and orders are predictable: case n, worker n, community n.
func caseN(n int) uuid.UUID { return uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-1%011d", n)) }
func workerN(n int) uuid.UUID {
	return uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-2%011d", n))
}
func communityN(n int) uuid.UUID {
	return uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-3%011d", n))
}

func caWorker(n int, q linkage.Qualification, specs ...linkage.Specialty) linkage.SocialWorker {
	return linkage.SocialWorker{ID: workerN(n), Agency: "阳光社工", Qualification: q, Specialties: specs,
		Communities: []uuid.UUID{communityN(1)}, Status: linkage.WorkerActive}
}

func caCase(n int, risk linkage.RiskLevel, groups ...linkage.TargetGroup) linkage.CaseRequest {
	return linkage.CaseRequest{ID: caseN(n), Community: communityN(1), Risk: risk, Groups: groups}
}

func existing(id uuid.UUID, worker uuid.UUID, household string, closedAt time.Time) linkage.Case {
	c := linkage.Case{ID: id, Community: communityN(1), Worker: worker, Household: household, Status: linkage.CaseIntervention}
	if !closedAt.IsZero() {
		c.Status, c.ClosedAt = linkage.CaseClosed, closedAt
	}
	return c
}

func newAssigner(t testing.TB, opts *linkage.CaseAssignOptions) *linkage.CaseAssigner {
	t.Helper()
	o := linkage.CaseAssignOptions{Clock: wushe.NewManualClock(t0)}
	if opts != nil {
		o = *opts
		if o.Clock == nil {
			o.Clock = wushe.NewManualClock(t0)
		}
	}
	a, err := linkage.NewCaseAssigner(&o)
	require.NoError(t, err)
	return a
}

func assign(t testing.TB, a *linkage.CaseAssigner, in linkage.CaseAssignInput) *linkage.CaseAssignResult {
	t.Helper()
	res, err := a.Assign(in)
	require.NoError(t, err)
	return res
}

func exclusionsOf(res *linkage.CaseAssignResult, c uuid.UUID) map[uuid.UUID]string {
	out := map[uuid.UUID]string{}
	for _, e := range res.Exclusions {
		if e.Case == c {
			out[e.Worker] = e.Rule
		}
	}
	return out
}

func TestCaseAssignHardConstraints(t *testing.T) {
	a := newAssigner(t, nil)
	onLeave := caWorker(1, linkage.QualificationSenior)
	onLeave.Status = linkage.WorkerOnLeave
	elsewhere := caWorker(2, linkage.QualificationSenior)
	elsewhere.Communities = []uuid.UUID{communityN(2)}
	assistant := caWorker(3, linkage.QualificationAssistant)
	conflictCase := caWorker(4, linkage.QualificationSenior)
	conflictHome := caWorker(5, linkage.QualificationSenior)
	full := caWorker(6, linkage.QualificationSenior)
	full.CaseloadCap = 1
	ok := caWorker(7, linkage.QualificationSocial)
	c := caCase(1, linkage.RiskHigh)
	c.Household = "H-1"
	res := assign(t, a, linkage.CaseAssignInput{
		Cases:    []linkage.CaseRequest{c},
		Workers:  []linkage.SocialWorker{ok, full, conflictHome, conflictCase, assistant, elsewhere, onLeave},
		Existing: []linkage.Case{existing(caseN(99), full.ID, "", time.Time{})},
		Conflicts: []linkage.CaseConflict{
			{Worker: conflictCase.ID, Case: c.ID, Reason: "the worker's relative"},
			{Worker: conflictHome.ID, Household: "H-1"},
		},
	})
	require.Len(t, res.Assignments, 1)
	require.Equal(t, ok.ID, res.Assignments[0].Worker)
	require.Equal(t, ok.ID, res.Worker(c.ID))
	require.Equal(t, map[uuid.UUID]string{
		onLeave.ID: linkage.CaseRuleStatus, elsewhere.ID: linkage.CaseRuleCommunity,
		assistant.ID: linkage.CaseRuleQualification, conflictCase.ID: linkage.CaseRuleConflict,
		conflictHome.ID: linkage.CaseRuleConflict, full.ID: linkage.CaseRuleCapacity,
	}, exclusionsOf(res, c.ID))
	// Exclusions are ordered by worker ID and carry a detail for people.
	for i, e := range res.Exclusions {
		require.NotEmpty(t, e.Detail)
		if i > 0 {
			require.Less(t, res.Exclusions[i-1].Worker.String(), e.Worker.String())
		}
	}
	require.Contains(t, res.Exclusions[3].Detail, "the worker's relative")
	require.Contains(t, res.Exclusions[4].Detail, "household")
	require.Contains(t, res.Exclusions[5].Detail, "cap is 1")
	require.Empty(t, res.Unplaced)
	require.Empty(t, res.Rejections)
	require.NotEmpty(t, res.Algorithm)
	require.NotEmpty(t, res.Reason)
	require.Equal(t, t0, res.At)
}

func TestCaseAssignQualificationMapping(t *testing.T) {
	social := caWorker(1, linkage.QualificationSocial)
	social.CaseloadCap = 1
	in := linkage.CaseAssignInput{Cases: []linkage.CaseRequest{caCase(1, linkage.RiskHigh), caCase(2, linkage.RiskLow)},
		Workers: []linkage.SocialWorker{social, caWorker(2, linkage.QualificationNone)}}
	res := assign(t, newAssigner(t, nil), in)
	require.Equal(t, social.ID, res.Worker(caseN(1)))
	require.Equal(t, workerN(2), res.Worker(caseN(2)))
	// Raising high risk to senior leaves the high-risk case without an eligible worker.
	strict := newAssigner(t, &linkage.CaseAssignOptions{Qualification: map[linkage.RiskLevel]linkage.Qualification{
		linkage.RiskHigh: linkage.QualificationSenior}})
	require.Equal(t, linkage.QualificationSenior, strict.Required(linkage.RiskHigh))
	require.Equal(t, linkage.QualificationAssistant, strict.Required(linkage.RiskMedium))
	res = assign(t, strict, in)
	require.Equal(t, uuid.Nil, res.Worker(caseN(1)))
	require.Equal(t, []linkage.UnplacedCase{{Case: caseN(1), Reason: linkage.UnplacedNoEligibleWorker, Detail: "all 2 workers fail a hard constraint"}}, res.Unplaced)
	require.Equal(t, linkage.CaseRuleQualification, exclusionsOf(res, caseN(1))[social.ID])
}

func TestCaseAssignUnplacedReasons(t *testing.T) {
	a := newAssigner(t, nil)
	w := caWorker(1, linkage.QualificationSocial)
	w.CaseloadCap = 1
	t.Run("eligible worker taken", func(t *testing.T) {
		res := assign(t, a, linkage.CaseAssignInput{Cases: []linkage.CaseRequest{caCase(1, linkage.RiskLow), caCase(2, linkage.RiskLow)},
			Workers: []linkage.SocialWorker{w}})
		require.Len(t, res.Assignments, 1)
		require.Len(t, res.Unplaced, 1)
		require.Equal(t, linkage.UnplacedCapacityExhausted, res.Unplaced[0].Reason)
		require.Len(t, res.Rejections, 1)
	})
	t.Run("at cap before the round", func(t *testing.T) {
		res := assign(t, a, linkage.CaseAssignInput{Cases: []linkage.CaseRequest{caCase(1, linkage.RiskLow)},
			Workers: []linkage.SocialWorker{w}, Existing: []linkage.Case{existing(caseN(50), w.ID, "", time.Time{})}})
		require.Equal(t, linkage.UnplacedCapacityExhausted, res.Unplaced[0].Reason)
		require.Contains(t, res.Unplaced[0].Detail, "caseload cap")
	})
	t.Run("closed cases and handed-over cases do not count toward load", func(t *testing.T) {
		res := assign(t, a, linkage.CaseAssignInput{Cases: []linkage.CaseRequest{caCase(1, linkage.RiskLow)},
			Workers: []linkage.SocialWorker{w}, Existing: []linkage.Case{
				existing(caseN(50), w.ID, "", t0.Add(-time.Hour)), existing(caseN(1), w.ID, "", time.Time{}),
				existing(caseN(51), workerN(9), "", time.Time{})}})
		require.Equal(t, w.ID, res.Worker(caseN(1)))
	})
	t.Run("no workers", func(t *testing.T) {
		res := assign(t, a, linkage.CaseAssignInput{Cases: []linkage.CaseRequest{caCase(1, linkage.RiskLow)}})
		require.Equal(t, linkage.UnplacedNoEligibleWorker, res.Unplaced[0].Reason)
	})
}

func TestCaseAssignCapacityRespected(t *testing.T) {
	w1, w2 := caWorker(1, linkage.QualificationSocial, linkage.SpecialtyElderly), caWorker(2, linkage.QualificationSocial)
	w1.CaseloadCap, w2.CaseloadCap = 3, 2
	var cases []linkage.CaseRequest
	for i := range 6 {
		cases = append(cases, caCase(i+1, linkage.RiskLow, linkage.GroupElderly))
	}
	res := assign(t, newAssigner(t, nil), linkage.CaseAssignInput{Cases: cases, Workers: []linkage.SocialWorker{w1, w2},
		Existing: []linkage.Case{existing(caseN(50), w1.ID, "", time.Time{})}})
	count := map[uuid.UUID]int{}
	for _, as := range res.Assignments {
		count[as.Worker]++
	}
	require.Equal(t, map[uuid.UUID]int{w1.ID: 2, w2.ID: 2}, count)
	require.Len(t, res.Unplaced, 2)
}

// pick assigns one case between workers 1 and 2 and returns the winner.
func pick(t *testing.T, w linkage.CaseWeights, c linkage.CaseRequest, in linkage.CaseAssignInput) uuid.UUID {
	t.Helper()
	in.Cases = []linkage.CaseRequest{c}
	res := assign(t, newAssigner(t, &linkage.CaseAssignOptions{Weights: w}), in)
	require.Len(t, res.Assignments, 1)
	return res.Assignments[0].Worker
}

func TestCaseAssignFactors(t *testing.T) {
	only := func(specialty, distance, continuity, balance int64) linkage.CaseWeights {
		return linkage.CaseWeights{Specialty: decimal.NewFromInt(specialty), Distance: decimal.NewFromInt(distance),
			Continuity: decimal.NewFromInt(continuity), Balance: decimal.NewFromInt(balance)}
	}
	t.Run("specialty against balance", func(t *testing.T) {
		// Worker 2 knows children but is busier; worker 1 is free and knows elderly.
		w1, w2 := caWorker(1, linkage.QualificationSocial, linkage.SpecialtyElderly), caWorker(2, linkage.QualificationSocial, linkage.SpecialtyChildren)
		w1.CaseloadCap, w2.CaseloadCap = 10, 10
		in := linkage.CaseAssignInput{Workers: []linkage.SocialWorker{w1, w2}, Existing: []linkage.Case{
			existing(caseN(50), w2.ID, "", time.Time{}), existing(caseN(51), w2.ID, "", time.Time{})}}
		c := caCase(1, linkage.RiskLow, linkage.GroupOneOldOneYoung, linkage.GroupChildren)
		require.Equal(t, w2.ID, pick(t, only(1, 0, 0, 0), c, in))
		require.Equal(t, w1.ID, pick(t, only(0, 0, 0, 1), c, in))
		res := assign(t, newAssigner(t, nil), linkage.CaseAssignInput{Cases: []linkage.CaseRequest{c}, Workers: in.Workers, Existing: in.Existing})
		// Defaults: specialty 40 × 1 + balance 10 × 0.8 = 48 for worker 2, 40 × 0.5 + 10 × 1 = 30 for worker 1.
		require.Equal(t, w2.ID, res.Assignments[0].Worker)
		require.Equal(t, "48", res.Assignments[0].Score.String())
		require.Equal(t, []linkage.CaseFactor{
			{Name: linkage.CaseFactorSpecialty, Value: dec("1"), Weight: dec("40")},
			{Name: linkage.CaseFactorDistance, Value: dec("0"), Weight: dec("20")},
			{Name: linkage.CaseFactorContinuity, Value: dec("0"), Weight: dec("30")},
			{Name: linkage.CaseFactorBalance, Value: dec("0.8"), Weight: dec("10")},
		}, normalise(res.Assignments[0].Factors))
		require.Len(t, res.Rejections, 1)
		require.Equal(t, "30", res.Rejections[0].Score.String())
		require.Equal(t, "18", res.Rejections[0].Lost.Decimal.String())
	})
	t.Run("distance to the case or the service centre", func(t *testing.T) {
		centre := wushe.Point{Lat: 30.6570, Lng: 104.0800}
		near, far := centre, wushe.Point{Lat: 30.7, Lng: 104.2}
		w1, w2 := caWorker(1, linkage.QualificationSocial), caWorker(2, linkage.QualificationSocial)
		w1.Location, w2.Location = &far, &near
		in := linkage.CaseAssignInput{Workers: []linkage.SocialWorker{w1, w2}, Communities: []linkage.Community{{
			ID: communityN(1), Venues: []linkage.Venue{
				{Kind: linkage.VenueOther, Location: &far},
				{Kind: linkage.VenueServiceCentre},
				{Kind: linkage.VenueServiceCentre, Location: &centre},
			}}}}
		c := caCase(1, linkage.RiskLow)
		require.Equal(t, w2.ID, pick(t, only(0, 1, 0, 0), c, in))
		c.Location = &far
		require.Equal(t, w1.ID, pick(t, only(0, 1, 0, 0), c, in))
		res := assign(t, newAssigner(t, &linkage.CaseAssignOptions{Weights: only(0, 1, 0, 0)}), linkage.CaseAssignInput{Cases: []linkage.CaseRequest{c}, Workers: in.Workers})
		require.Equal(t, "1", res.Assignments[0].Score.String())
	})
	t.Run("distance decay", func(t *testing.T) {
		origin := wushe.Point{Lat: 30, Lng: 104}
		at := wushe.Point{Lat: 30, Lng: 104}
		w := caWorker(1, linkage.QualificationSocial)
		w.Location = &at
		c := caCase(1, linkage.RiskLow)
		c.Location = &origin
		d := origin.DistanceMeters(wushe.Point{Lat: 30, Lng: 104.01})
		at.Lng = 104.01
		res := assign(t, newAssigner(t, &linkage.CaseAssignOptions{Weights: only(0, 1, 0, 0), HalfDistanceMeters: d}),
			linkage.CaseAssignInput{Cases: []linkage.CaseRequest{c}, Workers: []linkage.SocialWorker{w}})
		require.Equal(t, "0.5", res.Assignments[0].Score.String())
	})
	t.Run("continuity within the window", func(t *testing.T) {
		w1, w2 := caWorker(1, linkage.QualificationSocial), caWorker(2, linkage.QualificationSocial)
		c := caCase(1, linkage.RiskLow)
		c.Household = "H-7"
		recent := linkage.CaseAssignInput{Workers: []linkage.SocialWorker{w1, w2},
			Existing: []linkage.Case{existing(caseN(50), w2.ID, "H-7", t0.Add(-30*24*time.Hour))}}
		require.Equal(t, w2.ID, pick(t, only(0, 0, 1, 0), c, recent))
		// Worker 2 carries a closed case, so balance alone still prefers nobody over w1: the
		// closed case is not load. Closed too long ago, continuity no longer counts and the
		// tie goes by worker ID.
		old := linkage.CaseAssignInput{Workers: recent.Workers,
			Existing: []linkage.Case{existing(caseN(50), w2.ID, "H-7", t0.Add(-400*24*time.Hour))}}
		require.Equal(t, w1.ID, pick(t, only(0, 0, 1, 0), c, old))
		open := linkage.CaseAssignInput{Workers: recent.Workers,
			Existing: []linkage.Case{existing(caseN(50), w2.ID, "H-7", time.Time{})}}
		require.Equal(t, w2.ID, pick(t, only(0, 0, 1, 1), c, open))
		require.Equal(t, w1.ID, pick(t, only(0, 0, 1, 2), c, open))
	})
}

// normalise gives decimals a canonical form for comparison.
func normalise(fs []linkage.CaseFactor) []linkage.CaseFactor {
	out := slices.Clone(fs)
	for i := range out {
		out[i].Value, out[i].Weight = dec(out[i].Value.String()), dec(out[i].Weight.String())
	}
	return out
}

func TestCaseAssignLexicographic(t *testing.T) {
	// Case 1 scores far better with worker 1, but only worker 1 can take case 2 (high
	// risk): placing both beats the better score for case 1.
	w1 := caWorker(1, linkage.QualificationSocial, linkage.SpecialtyElderly)
	w2 := caWorker(2, linkage.QualificationAssistant)
	w1.CaseloadCap, w2.CaseloadCap = 1, 1
	res := assign(t, newAssigner(t, nil), linkage.CaseAssignInput{
		Cases:   []linkage.CaseRequest{caCase(1, linkage.RiskLow, linkage.GroupElderly), caCase(2, linkage.RiskHigh)},
		Workers: []linkage.SocialWorker{w1, w2}})
	require.Empty(t, res.Unplaced)
	require.Equal(t, w2.ID, res.Worker(caseN(1)))
	require.Equal(t, w1.ID, res.Worker(caseN(2)))
	require.Equal(t, "20", res.Score().String())
}

// bruteForce returns the best (placed, score) over every assignment of in's cases, with
// case force fixed to worker forceW when force is set. Eligibility and scores come from a
// solved result's assignments, rejections and exclusions.
func bruteForce(res *linkage.CaseAssignResult, cases []uuid.UUID, caps map[uuid.UUID]int, forceC, forceW uuid.UUID) (int, decimal.Decimal) {
	score := map[[2]uuid.UUID]decimal.Decimal{}
	for _, a := range res.Assignments {
		score[[2]uuid.UUID{a.Case, a.Worker}] = a.Score
	}
	for _, r := range res.Rejections {
		score[[2]uuid.UUID{r.Case, r.Worker}] = r.Score
	}
	bestN, best := -1, decimal.Zero
	used := map[uuid.UUID]int{}
	var walk func(i, n int, total decimal.Decimal)
	walk = func(i, n int, total decimal.Decimal) {
		if i == len(cases) {
			if n > bestN || (n == bestN && total.GreaterThan(best)) {
				bestN, best = n, total
			}
			return
		}
		c := cases[i]
		if c != forceC {
			walk(i+1, n, total)
		}
		for pair, s := range score {
			if pair[0] != c || used[pair[1]] >= caps[pair[1]] || (c == forceC && pair[1] != forceW) {
				continue
			}
			used[pair[1]]++
			walk(i+1, n+1, total.Add(s))
			used[pair[1]]--
		}
	}
	walk(0, 0, decimal.Zero)
	return bestN, best
}

func TestCaseAssignRejectionLostIsForcedLoss(t *testing.T) {
	t.Run("one case: the loss is the score difference", func(t *testing.T) {
		w1 := caWorker(1, linkage.QualificationSocial, linkage.SpecialtyElderly, linkage.SpecialtyChildren)
		w2 := caWorker(2, linkage.QualificationSocial, linkage.SpecialtyChildren)
		w3 := caWorker(3, linkage.QualificationSocial)
		cases := []linkage.CaseRequest{caCase(1, linkage.RiskLow, linkage.GroupElderly, linkage.GroupChildren)}
		res := assign(t, newAssigner(t, nil), linkage.CaseAssignInput{Cases: cases, Workers: []linkage.SocialWorker{w1, w2, w3}})
		ids := []uuid.UUID{caseN(1)}
		caps := map[uuid.UUID]int{w1.ID: 1, w2.ID: 1, w3.ID: 1}
		_, best := bruteForce(res, ids, caps, uuid.Nil, uuid.Nil)
		require.True(t, best.Equal(res.Score()))
		require.Len(t, res.Rejections, 2)
		for _, r := range res.Rejections {
			_, forced := bruteForce(res, ids, caps, r.Case, r.Worker)
			require.True(t, r.Lost.Valid)
			require.True(t, r.Lost.Decimal.Equal(best.Sub(forced)), "pair %s/%s: lost %s, forced loss %s", r.Case, r.Worker, r.Lost.Decimal, best.Sub(forced))
		}
		// Rejections come least score lost first.
		require.Equal(t, w2.ID, res.Rejections[0].Worker)
		require.Equal(t, "20", res.Rejections[0].Lost.Decimal.String())
	})
	t.Run("two by two: the two reduced costs share the loss", func(t *testing.T) {
		// Forcing either unused pair forces the other too, so the loss of the swap is the sum
		// of the two reduced costs, whatever optimal duals the engine returns.
		w1 := caWorker(1, linkage.QualificationSocial, linkage.SpecialtyElderly, linkage.SpecialtyChildren)
		w2 := caWorker(2, linkage.QualificationSocial, linkage.SpecialtyChildren)
		w1.CaseloadCap, w2.CaseloadCap = 1, 1
		cases := []linkage.CaseRequest{caCase(1, linkage.RiskLow, linkage.GroupElderly), caCase(2, linkage.RiskLow, linkage.GroupChildren)}
		res := assign(t, newAssigner(t, nil), linkage.CaseAssignInput{Cases: cases, Workers: []linkage.SocialWorker{w1, w2}})
		ids := []uuid.UUID{caseN(1), caseN(2)}
		caps := map[uuid.UUID]int{w1.ID: 1, w2.ID: 1}
		n, best := bruteForce(res, ids, caps, uuid.Nil, uuid.Nil)
		require.Equal(t, 2, n)
		require.True(t, best.Equal(res.Score()))
		require.Len(t, res.Rejections, 2)
		sum := decimal.Zero
		for _, r := range res.Rejections {
			fn, forced := bruteForce(res, ids, caps, r.Case, r.Worker)
			require.Equal(t, 2, fn)
			require.Equal(t, "40", best.Sub(forced).String())
			require.True(t, r.Lost.Decimal.LessThanOrEqual(best.Sub(forced)))
			sum = sum.Add(r.Lost.Decimal)
		}
		require.Equal(t, "40", sum.String())
	})
	t.Run("random tiny instances: a lower bound", func(t *testing.T) {
		a := newAssigner(t, nil)
		for seed := range uint64(40) {
			rng := rand.New(rand.NewPCG(seed, 11))
			in := randomInput(rng, 1+rng.IntN(4), 1+rng.IntN(3))
			res := assign(t, a, in)
			ids := []uuid.UUID{}
			for _, c := range in.Cases {
				ids = append(ids, c.ID)
			}
			caps := map[uuid.UUID]int{}
			for _, w := range in.Workers {
				caps[w.ID] = len(in.Cases)
				if w.CaseloadCap > 0 {
					caps[w.ID] = w.CaseloadCap
					for _, c := range in.Existing {
						if c.Worker == w.ID && c.Status != linkage.CaseClosed {
							caps[w.ID]--
						}
					}
				}
			}
			n, best := bruteForce(res, ids, caps, uuid.Nil, uuid.Nil)
			require.Equal(t, n, len(res.Assignments), "seed %d", seed)
			require.True(t, best.Equal(res.Score()), "seed %d: optimum %s, got %s", seed, best, res.Score())
			for _, r := range res.Rejections {
				fn, forced := bruteForce(res, ids, caps, r.Case, r.Worker)
				if fn < n {
					continue // forcing the pair places fewer cases: a loss beyond points
				}
				require.True(t, r.Lost.Decimal.LessThanOrEqual(best.Sub(forced)), "seed %d", seed)
			}
		}
	})
}

// randomInput builds a random instance from rng: up to nc cases and nw workers in two
// communities, with loads, households, locations and conflicts.
func randomInput(rng *rand.Rand, nc, nw int) linkage.CaseAssignInput {
	quals := []linkage.Qualification{linkage.QualificationNone, linkage.QualificationAssistant, linkage.QualificationSocial, linkage.QualificationSenior}
	specs := []linkage.Specialty{linkage.SpecialtyElderly, linkage.SpecialtyChildren, linkage.SpecialtyFamily, linkage.SpecialtyDisability}
	groups := []linkage.TargetGroup{linkage.GroupElderly, linkage.GroupChildren, linkage.GroupWomenAndParents, linkage.GroupDisabled, linkage.GroupOneOldOneYoung}
	risks := []linkage.RiskLevel{linkage.RiskLow, linkage.RiskMedium, linkage.RiskHigh}
	statuses := []linkage.WorkerStatus{linkage.WorkerActive, linkage.WorkerActive, linkage.WorkerActive, linkage.WorkerOnLeave}
	point := func() *wushe.Point {
		return &wushe.Point{Lat: 30.6 + rng.Float64()*0.1, Lng: 104 + rng.Float64()*0.1}
	}
	var in linkage.CaseAssignInput
	for c := 1; c <= 2; c++ {
		in.Communities = append(in.Communities, linkage.Community{ID: communityN(c), Venues: []linkage.Venue{{Kind: linkage.VenueServiceCentre, Location: point()}}})
	}
	for i := range nw {
		w := linkage.SocialWorker{ID: workerN(i + 1), Qualification: quals[rng.IntN(len(quals))], Status: statuses[rng.IntN(len(statuses))],
			CaseloadCap: rng.IntN(4), Communities: []uuid.UUID{communityN(1 + rng.IntN(2))}}
		if rng.IntN(3) == 0 {
			w.Communities = append(w.Communities, communityN(1), communityN(2))
		}
		for _, s := range specs {
			if rng.IntN(3) == 0 {
				w.Specialties = append(w.Specialties, s)
			}
		}
		if rng.IntN(4) > 0 {
			w.Location = point()
		}
		in.Workers = append(in.Workers, w)
		for k := range rng.IntN(3) {
			in.Existing = append(in.Existing, existing(caseN(1000+i*10+k), w.ID, fmt.Sprintf("H-%d", rng.IntN(8)),
				[]time.Time{{}, t0.Add(-48 * time.Hour)}[rng.IntN(2)]))
		}
	}
	for i := range nc {
		c := linkage.CaseRequest{ID: caseN(i + 1), Community: communityN(1 + rng.IntN(2)), Risk: risks[rng.IntN(len(risks))]}
		for _, g := range groups {
			if rng.IntN(3) == 0 {
				c.Groups = append(c.Groups, g)
			}
		}
		if rng.IntN(2) == 0 {
			c.Household = fmt.Sprintf("H-%d", rng.IntN(8))
		}
		if rng.IntN(3) == 0 {
			c.Location = point()
		}
		in.Cases = append(in.Cases, c)
		if nw > 0 && rng.IntN(4) == 0 {
			in.Conflicts = append(in.Conflicts, linkage.CaseConflict{Worker: workerN(1 + rng.IntN(nw)), Case: c.ID})
		}
	}
	return in
}

// checkFeasible checks every assignment respects the hard constraints and capacity.
func checkFeasible(t *testing.T, in linkage.CaseAssignInput, res *linkage.CaseAssignResult) {
	t.Helper()
	workers := map[uuid.UUID]linkage.SocialWorker{}
	for _, w := range in.Workers {
		workers[w.ID] = w
	}
	load := map[uuid.UUID]int{}
	for _, c := range in.Existing {
		if c.Status != linkage.CaseClosed {
			load[c.Worker]++
		}
	}
	cases := map[uuid.UUID]linkage.CaseRequest{}
	for _, c := range in.Cases {
		cases[c.ID] = c
	}
	seen := map[uuid.UUID]bool{}
	for _, a := range res.Assignments {
		w, c := workers[a.Worker], cases[a.Case]
		require.False(t, seen[a.Case])
		seen[a.Case] = true
		require.Equal(t, linkage.WorkerActive, w.Status)
		require.True(t, w.Serves(c.Community))
		require.True(t, w.Qualification.AtLeast(c.Risk.RequiredQualification()))
		for _, cf := range in.Conflicts {
			require.False(t, cf.Worker == w.ID && cf.Case == c.ID)
		}
		load[w.ID]++
		require.True(t, w.CaseloadCap == 0 || load[w.ID] <= w.CaseloadCap, "worker %s over cap", w.ID)
	}
	require.Equal(t, len(in.Cases), len(res.Assignments)+len(res.Unplaced))
}

func TestCaseRoundPlaceEqualsFullSolve(t *testing.T) {
	a := newAssigner(t, nil)
	for seed := range uint64(60) {
		rng := rand.New(rand.NewPCG(seed, 7))
		in := randomInput(rng, 1+rng.IntN(12), rng.IntN(8))
		full := assign(t, a, in)
		checkFeasible(t, in, full)
		k := rng.IntN(len(in.Cases) + 1)
		start := in
		start.Cases = in.Cases[:k]
		round, err := a.Start(start)
		require.NoError(t, err)
		res, err := round.Result()
		require.NoError(t, err)
		for _, c := range in.Cases[k:] {
			pl, err := round.Place(c)
			require.NoError(t, err)
			res, err = round.Result()
			require.NoError(t, err)
			if pl.Placed {
				require.Equal(t, pl.Assignment.Worker, res.Worker(c.ID), "seed %d", seed)
				require.Contains(t, res.Assignments, pl.Assignment)
			} else {
				require.Equal(t, uuid.Nil, res.Worker(c.ID))
				require.Contains(t, res.Unplaced, pl.Unplaced)
			}
		}
		checkFeasible(t, in, res)
		require.Equal(t, len(full.Assignments), len(res.Assignments), "seed %d: cases placed", seed)
		require.True(t, full.Score().Equal(res.Score()), "seed %d: score %s incremental, %s full", seed, res.Score(), full.Score())
		require.Equal(t, len(full.Exclusions), len(res.Exclusions), "seed %d", seed)
		require.Equal(t, len(full.Rejections), len(res.Rejections), "seed %d", seed)
		require.Equal(t, unplacedIDs(full), unplacedIDs(res), "seed %d", seed)
	}
}

func unplacedIDs(res *linkage.CaseAssignResult) int { return len(res.Unplaced) }

// requireSameCaseResult checks that two results say the same: every exported field, and
// every rejection and exclusion beyond the listed ones.
func requireSameCaseResult(t *testing.T, want, got *linkage.CaseAssignResult) {
	t.Helper()
	w, err := json.Marshal(want)
	require.NoError(t, err)
	g, err := json.Marshal(got)
	require.NoError(t, err)
	require.JSONEq(t, string(w), string(g))
	require.Equal(t, slices.Collect(want.AllRejections()), slices.Collect(got.AllRejections()))
	require.Equal(t, slices.Collect(want.AllExclusions()), slices.Collect(got.AllExclusions()))
}

func TestCaseAssignDeterministic(t *testing.T) {
	a := newAssigner(t, nil)
	rng := rand.New(rand.NewPCG(42, 1))
	in := randomInput(rng, 30, 10)
	want := assign(t, a, in)
	for range 5 {
		sh := in
		sh.Cases, sh.Workers, sh.Existing = slices.Clone(in.Cases), slices.Clone(in.Workers), slices.Clone(in.Existing)
		rng.Shuffle(len(sh.Cases), func(i, j int) { sh.Cases[i], sh.Cases[j] = sh.Cases[j], sh.Cases[i] })
		rng.Shuffle(len(sh.Workers), func(i, j int) { sh.Workers[i], sh.Workers[j] = sh.Workers[j], sh.Workers[i] })
		rng.Shuffle(len(sh.Existing), func(i, j int) { sh.Existing[i], sh.Existing[j] = sh.Existing[j], sh.Existing[i] })
		requireSameCaseResult(t, want, assign(t, a, sh))
	}
	// The same sequence of placements gives the same round.
	var rounds []*linkage.CaseAssignResult
	for range 2 {
		start := in
		start.Cases = in.Cases[:10]
		round, err := a.Start(start)
		require.NoError(t, err)
		for _, c := range in.Cases[10:] {
			_, err := round.Place(c)
			require.NoError(t, err)
		}
		res, err := round.Result()
		require.NoError(t, err)
		rounds = append(rounds, res)
	}
	requireSameCaseResult(t, rounds[0], rounds[1])
	// Two identical workers: the tie goes the same way every time.
	tie := linkage.CaseAssignInput{Cases: []linkage.CaseRequest{caCase(1, linkage.RiskLow)},
		Workers: []linkage.SocialWorker{caWorker(2, linkage.QualificationNone), caWorker(1, linkage.QualificationNone)}}
	first := assign(t, a, tie).Worker(caseN(1))
	tie.Workers = []linkage.SocialWorker{caWorker(1, linkage.QualificationNone), caWorker(2, linkage.QualificationNone)}
	require.Equal(t, first, assign(t, a, tie).Worker(caseN(1)))
}

func TestCaseAssignRejectsBadInput(t *testing.T) {
	const op = "linkage.CaseAssigner.Assign"
	a := newAssigner(t, nil)
	bad := []struct {
		name  string
		in    linkage.CaseAssignInput
		field string
	}{
		{"case without ID", linkage.CaseAssignInput{Cases: []linkage.CaseRequest{{Community: communityN(1), Risk: linkage.RiskLow}}}, "Cases[0].ID"},
		{"case risk", linkage.CaseAssignInput{Cases: []linkage.CaseRequest{{ID: caseN(1), Community: communityN(1)}}}, "Cases[0].Risk"},
		{"case community", linkage.CaseAssignInput{Cases: []linkage.CaseRequest{{ID: caseN(1), Risk: linkage.RiskLow}}}, "Cases[0].Community"},
		{"case group", linkage.CaseAssignInput{Cases: []linkage.CaseRequest{caCase(1, linkage.RiskLow, "pets")}}, "Cases[0].Groups[0]"},
		{"case location", linkage.CaseAssignInput{Cases: []linkage.CaseRequest{{ID: caseN(1), Community: communityN(1), Risk: linkage.RiskLow, Location: &wushe.Point{Lat: 91}}}}, "Cases[0].Location.Lat"},
		{"repeated case", linkage.CaseAssignInput{Cases: []linkage.CaseRequest{caCase(1, linkage.RiskLow), caCase(1, linkage.RiskLow)}}, "Cases[1].ID"},
		{"worker without ID", linkage.CaseAssignInput{Workers: []linkage.SocialWorker{{}}}, "Workers[0].ID"},
		{"repeated worker", linkage.CaseAssignInput{Workers: []linkage.SocialWorker{caWorker(1, ""), caWorker(1, "")}}, "Workers[1].ID"},
		{"negative cap", linkage.CaseAssignInput{Workers: []linkage.SocialWorker{{ID: workerN(1), CaseloadCap: -1}}}, "Workers[0].CaseloadCap"},
		{"conflict", linkage.CaseAssignInput{Conflicts: []linkage.CaseConflict{{Worker: workerN(1)}}}, "Conflicts[0].Case"},
		{"conflict worker", linkage.CaseAssignInput{Conflicts: []linkage.CaseConflict{{Household: "H"}}}, "Conflicts[0].Worker"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := a.Assign(tc.in)
			requireKind(t, err, wushe.KindInvalid, op)
			require.Contains(t, fields(err), tc.field)
		})
	}
}

func TestNewCaseAssignerOptions(t *testing.T) {
	const op = "linkage.NewCaseAssigner"
	a, err := linkage.NewCaseAssigner(nil)
	require.NoError(t, err)
	require.Equal(t, linkage.DefaultCaseWeights(), a.Weights())
	require.Equal(t, linkage.QualificationSocial, a.Required(linkage.RiskHigh))
	w := linkage.CaseWeights{Specialty: dec("1.5")}
	a, err = linkage.NewCaseAssigner(&linkage.CaseAssignOptions{Weights: w})
	require.NoError(t, err)
	require.Equal(t, w, a.Weights())
	bad := []struct {
		opts  linkage.CaseAssignOptions
		field string
	}{
		{linkage.CaseAssignOptions{Weights: linkage.CaseWeights{Specialty: dec("-1")}}, "Weights.Specialty"},
		{linkage.CaseAssignOptions{Weights: linkage.CaseWeights{Balance: dec("0.001")}}, "Weights.Balance"},
		{linkage.CaseAssignOptions{Qualification: map[linkage.RiskLevel]linkage.Qualification{"extreme": linkage.QualificationSenior}}, "Qualification"},
		{linkage.CaseAssignOptions{Qualification: map[linkage.RiskLevel]linkage.Qualification{linkage.RiskHigh: "doctor"}}, "Qualification"},
		{linkage.CaseAssignOptions{HalfDistanceMeters: -1}, "HalfDistanceMeters"},
		{linkage.CaseAssignOptions{ContinuityWindow: -time.Hour}, "ContinuityWindow"},
	}
	for _, tc := range bad {
		_, err := linkage.NewCaseAssigner(&tc.opts)
		requireKind(t, err, wushe.KindInvalid, op)
		require.Contains(t, fields(err), tc.field)
	}
	require.NoError(t, linkage.DefaultCaseWeights().Validate())
}

func TestSpecialtiesFor(t *testing.T) {
	for _, g := range linkage.TargetGroups() {
		specs := linkage.SpecialtiesFor(g)
		require.NotEmpty(t, specs, "group %s", g)
		for _, s := range specs {
			require.True(t, s.Valid())
		}
	}
	require.Equal(t, []linkage.Specialty{linkage.SpecialtyElderly, linkage.SpecialtyChildren}, linkage.SpecialtiesFor(linkage.GroupOneOldOneYoung))
	require.Empty(t, linkage.SpecialtiesFor("pets"))
	// The result is a copy.
	linkage.SpecialtiesFor(linkage.GroupElderly)[0] = linkage.SpecialtyOther
	require.Equal(t, []linkage.Specialty{linkage.SpecialtyElderly}, linkage.SpecialtiesFor(linkage.GroupElderly))
}

func TestCaseRoundPlace(t *testing.T) {
	const op = "linkage.CaseRound.Place"
	a := newAssigner(t, nil)
	w := caWorker(1, linkage.QualificationSocial)
	w.CaseloadCap = 1
	round, err := a.Start(linkage.CaseAssignInput{Workers: []linkage.SocialWorker{w, caWorker(2, linkage.QualificationNone, linkage.SpecialtyElderly)}})
	require.NoError(t, err)
	pl, err := round.Place(caCase(1, linkage.RiskLow, linkage.GroupElderly))
	require.NoError(t, err)
	require.True(t, pl.Placed)
	require.Equal(t, workerN(2), pl.Assignment.Worker, "specialty")
	require.Equal(t, "50", pl.Assignment.Score.String())
	require.Len(t, pl.Assignment.Factors, 4)
	// A high-risk case only worker 1 can take.
	pl, err = round.Place(caCase(2, linkage.RiskHigh))
	require.NoError(t, err)
	require.Equal(t, w.ID, pl.Assignment.Worker)
	// Worker 1 is full now: the next high-risk case is unplaced for capacity.
	pl, err = round.Place(caCase(3, linkage.RiskHigh))
	require.NoError(t, err)
	require.False(t, pl.Placed)
	want := linkage.UnplacedCase{Case: caseN(3), Reason: linkage.UnplacedCapacityExhausted,
		Detail: "every eligible worker (1) is taken by other cases placed"}
	require.Equal(t, want, pl.Unplaced)
	res, err := round.Result()
	require.NoError(t, err)
	require.Equal(t, []linkage.UnplacedCase{want}, res.Unplaced)
	before, err := round.Result()
	require.NoError(t, err)
	_, err = round.Place(caCase(3, linkage.RiskLow))
	requireKind(t, err, wushe.KindInvalid, op)
	_, err = round.Place(linkage.CaseRequest{ID: caseN(4)})
	requireKind(t, err, wushe.KindInvalid, op)
	after, err := round.Result()
	require.NoError(t, err)
	require.Equal(t, before, after, "a refused Place leaves the round as it was")
	_, err = a.Start(linkage.CaseAssignInput{Cases: []linkage.CaseRequest{{}}})
	requireKind(t, err, wushe.KindInvalid, "linkage.CaseAssigner.Start")
}

func TestCaseAssignResultHelpers(t *testing.T) {
	res := &linkage.CaseAssignResult{Assignments: []linkage.CaseAssignment{
		{Case: caseN(1), Worker: workerN(1), Score: dec("10.5")}, {Case: caseN(2), Worker: workerN(2), Score: dec("2.25")}}}
	require.Equal(t, workerN(2), res.Worker(caseN(2)))
	require.Equal(t, uuid.Nil, res.Worker(caseN(3)))
	require.Equal(t, "12.75", res.Score().String())
}

func TestCaseConflictValidate(t *testing.T) {
	require.NoError(t, linkage.CaseConflict{Worker: workerN(1), Case: caseN(1)}.Validate())
	require.NoError(t, linkage.CaseConflict{Worker: workerN(1), Household: "H"}.Validate())
	err := linkage.CaseConflict{Worker: workerN(1), Case: caseN(1), Household: "H"}.Validate()
	require.Contains(t, fields(err), "Case")
}

// listFailStore fails ListX calls named in fail.
type listFailStore struct {
	linkage.Store
	fail string
}

func (s listFailStore) ListSocialWorkers(ctx context.Context, f linkage.SocialWorkerFilter) (wushe.Page[linkage.SocialWorker], error) {
	if s.fail == "workers" {
		return wushe.Page[linkage.SocialWorker]{}, wushe.ErrUnavailable
	}
	return s.Store.ListSocialWorkers(ctx, f)
}

func (s listFailStore) ListCases(ctx context.Context, f linkage.CaseFilter) (wushe.Page[linkage.Case], error) {
	if s.fail == "cases" {
		return wushe.Page[linkage.Case]{}, wushe.ErrUnavailable
	}
	return s.Store.ListCases(ctx, f)
}

func (s listFailStore) ListCommunities(ctx context.Context, f linkage.CommunityFilter) (wushe.Page[linkage.Community], error) {
	if s.fail == "communities" {
		return wushe.Page[linkage.Community]{}, wushe.ErrUnavailable
	}
	return s.Store.ListCommunities(ctx, f)
}

func TestLoadAndApplyCaseAssignments(t *testing.T) {
	f := newFixture(t)
	c := f.openCase(t) // held by f.worker, supervised by f.supervisor
	other := f.addWorker(t, "赵社工", linkage.QualificationSocial)
	req := linkage.CaseRequest{ID: c.ID, Community: c.Community, Risk: c.Risk}
	conflicts := []linkage.CaseConflict{{Worker: f.worker.ID, Case: c.ID, Reason: "hand-over requested"},
		{Worker: f.supervisor.ID, Case: c.ID}}
	in, err := linkage.LoadCaseAssignInput(f.ctx, f.store, []linkage.CaseRequest{req}, conflicts)
	require.NoError(t, err)
	require.Len(t, in.Workers, 3)
	require.Len(t, in.Existing, 1)
	require.Len(t, in.Communities, 1)
	res := assign(t, newAssigner(t, nil), in)
	require.Equal(t, other.ID, res.Worker(c.ID))
	done, err := linkage.ApplyCaseAssignments(f.ctx, f.svc, res)
	require.NoError(t, err)
	require.Len(t, done, 1)
	got, err := f.svc.GetCase(f.ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, other.ID, got.Worker)
	require.Equal(t, int64(2), got.Version)
	// Applying again changes nothing.
	done, err = linkage.ApplyCaseAssignments(f.ctx, f.svc, res)
	require.NoError(t, err)
	require.Equal(t, int64(2), done[0].Version)
	// Handing the case to its supervisor clears the supervisor.
	done, err = linkage.ApplyCaseAssignments(f.ctx, f.svc, &linkage.CaseAssignResult{Assignments: []linkage.CaseAssignment{{Case: c.ID, Worker: f.supervisor.ID}}})
	require.NoError(t, err)
	require.Equal(t, uuid.Nil, done[0].Supervisor)

	t.Run("refusals leave the store unchanged", func(t *testing.T) {
		const op = "linkage.ApplyCaseAssignments"
		_, err := linkage.ApplyCaseAssignments(f.ctx, nil, res)
		requireKind(t, err, wushe.KindInvalid, op)
		_, err = linkage.ApplyCaseAssignments(f.ctx, f.svc, &linkage.CaseAssignResult{Assignments: []linkage.CaseAssignment{{Case: caseN(404), Worker: other.ID}}})
		requireKind(t, err, wushe.KindNotFound, op)
		_, err = linkage.ApplyCaseAssignments(f.ctx, f.svc, &linkage.CaseAssignResult{Assignments: []linkage.CaseAssignment{{Case: c.ID, Worker: workerN(404)}}})
		requireKind(t, err, wushe.KindNotFound, op)
		got, err := f.svc.GetCase(f.ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, f.supervisor.ID, got.Worker)
	})
	t.Run("store failures", func(t *testing.T) {
		for _, which := range []string{"workers", "cases", "communities"} {
			_, err := linkage.LoadCaseAssignInput(f.ctx, listFailStore{Store: f.store, fail: which}, nil, nil)
			requireKind(t, err, wushe.KindUnavailable, "linkage.LoadCaseAssignInput")
		}
		ctx, cancel := context.WithCancel(f.ctx)
		cancel()
		_, err := linkage.LoadCaseAssignInput(ctx, f.store, nil, nil)
		require.ErrorIs(t, err, context.Canceled)
	})
}

// FuzzCaseAssign builds instances from fuzzed seeds and sizes and checks the answer is
// feasible and accounts for every case.
func FuzzCaseAssign(f *testing.F) {
	f.Add(uint64(1), uint8(5), uint8(3))
	f.Add(uint64(9), uint8(0), uint8(0))
	f.Add(uint64(77), uint8(20), uint8(1))
	a := newAssigner(f, nil)
	f.Fuzz(func(t *testing.T, seed uint64, nc, nw uint8) {
		rng := rand.New(rand.NewPCG(seed, 3))
		in := randomInput(rng, int(nc%24), int(nw%10))
		res, err := a.Assign(in)
		require.NoError(t, err)
		checkFeasible(t, in, res)
	})
}

// FuzzCaseRequestValidate checks Validate never panics and accepts exactly the requests
// with an ID, a community, a known risk and known groups.
func FuzzCaseRequestValidate(f *testing.F) {
	f.Add("low", "elderly", true, true)
	f.Add("", "pets", false, true)
	f.Fuzz(func(t *testing.T, risk, group string, id, community bool) {
		r := linkage.CaseRequest{Risk: linkage.RiskLevel(risk), Groups: []linkage.TargetGroup{linkage.TargetGroup(group)}}
		if id {
			r.ID = caseN(1)
		}
		if community {
			r.Community = communityN(1)
		}
		ok := id && community && r.Risk.Valid() && linkage.TargetGroup(group).Valid()
		require.Equal(t, ok, r.Validate() == nil)
	})
}

func TestCaseAssignFactorRounding(t *testing.T) {
	// Two of three groups covered: 0.666… rounds half up to 0.67. Balance 2 of 3 spare: 0.67.
	w := caWorker(1, linkage.QualificationSocial, linkage.SpecialtyElderly, linkage.SpecialtyChildren)
	w.CaseloadCap = 3
	c := caCase(1, linkage.RiskLow, linkage.GroupElderly, linkage.GroupChildren, linkage.GroupDisabled)
	res := assign(t, newAssigner(t, &linkage.CaseAssignOptions{Weights: linkage.CaseWeights{Specialty: dec("1"), Balance: dec("0.5")}}),
		linkage.CaseAssignInput{Cases: []linkage.CaseRequest{c}, Workers: []linkage.SocialWorker{w},
			Existing: []linkage.Case{existing(caseN(50), w.ID, "", time.Time{})}})
	require.Equal(t, "0.67", res.Assignments[0].Factors[0].Value.String())
	require.Equal(t, "0.67", res.Assignments[0].Factors[3].Value.String())
	require.Equal(t, "1.005", res.Assignments[0].Score.String())
}
