package linkage

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
)

// TestCaseRoundAgreesWithScoredExplain checks the round's integer costs and scores and its
// lists against the engine's decimal path, which sums each pair's factors with decimals
// and converts the score with the scale: the same problem, and for the same solution the same
// assignments and the same rejections (score, loss, order), over random rounds.
func TestCaseRoundAgreesWithScoredExplain(t *testing.T) {
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 99))
		id := func(kind, n int) uuid.UUID {
			return uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-%d%011d", kind, n))
		}
		pt := func() *wushe.Point { return &wushe.Point{Lat: 30.6 + rng.Float64()*0.1, Lng: 104 + rng.Float64()*0.1} }
		var in CaseAssignInput
		for i := range 4 {
			in.Communities = append(in.Communities, Community{ID: id(3, i), Venues: []Venue{{Kind: VenueServiceCentre, Location: pt()}}})
		}
		quals := []Qualification{QualificationAssistant, QualificationSocial, QualificationSenior}
		specs := []Specialty{SpecialtyElderly, SpecialtyChildren, SpecialtyFamily, SpecialtyDisability}
		for i := range 3 + rng.IntN(15) {
			w := SocialWorker{ID: id(2, i), Status: WorkerActive, Qualification: quals[rng.IntN(3)], CaseloadCap: rng.IntN(4),
				Specialties: []Specialty{specs[rng.IntN(4)]}, Communities: []uuid.UUID{id(3, rng.IntN(4)), id(3, rng.IntN(4))}}
			if rng.IntN(3) > 0 {
				w.Location = pt()
			}
			in.Workers = append(in.Workers, w)
			for k := range rng.IntN(3) {
				in.Existing = append(in.Existing, Case{ID: id(4, i*10+k), Worker: w.ID, Status: CaseIntervention, Household: fmt.Sprintf("H%d", rng.IntN(8))})
			}
		}
		groups := TargetGroups()
		for i := range 1 + rng.IntN(30) {
			c := CaseRequest{ID: id(1, i), Community: id(3, rng.IntN(4)), Risk: []RiskLevel{RiskLow, RiskMedium, RiskHigh}[rng.IntN(3)],
				Household: fmt.Sprintf("H%d", rng.IntN(8)), Groups: []TargetGroup{groups[rng.IntN(len(groups))], groups[rng.IntN(len(groups))]}}
			if rng.IntN(2) == 0 {
				c.Location = pt()
			}
			in.Cases = append(in.Cases, c)
		}
		a, err := NewCaseAssigner(&CaseAssignOptions{ListLimit: -1, Clock: wushe.NewManualClock(time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC))})
		require.NoError(t, err)
		r, err := a.newRound("test", in)
		require.NoError(t, err)
		// The decimal path over the same pairs.
		var cands []match.Candidate
		for _, arc := range r.arcs {
			a := r.assignment(arc.Demand, arc.Supply)
			var fs []match.Factor
			for _, f := range a.Factors {
				fs = append(fs, match.Factor{Name: f.Name, Value: f.Value, Weight: f.Weight})
			}
			sc, err := match.NewScore(fs...)
			require.NoError(t, err)
			require.True(t, sc.Total.Equal(a.Score), "seed %d: %s vs %s", seed, sc.Total, a.Score)
			cands = append(cands, match.Candidate{Demand: a.Case.String(), Supply: a.Worker.String(), Score: sc, Cap: 1})
		}
		prob := r.problem()
		sc, err := match.NewScored(prob.Demands, prob.Supplies, cands, nil, a.scale)
		require.NoError(t, err)
		require.Equal(t, sc.Problem.Arcs, prob.Arcs, "seed %d: integer costs", seed)
		sol, err := match.Solve(prob, nil)
		require.NoError(t, err)
		want, err := sc.Explain(sol)
		require.NoError(t, err)
		res := r.result(prob, sol)
		require.Len(t, res.Rejections, len(want.Rejections), "seed %d", seed)
		for i, rj := range want.Rejections {
			got := res.Rejections[i]
			require.Equal(t, rj.Demand, got.Case.String(), "seed %d rejection %d", seed, i)
			require.Equal(t, rj.Supply, got.Worker.String())
			require.True(t, rj.Score.Total.Equal(got.Score))
			require.Equal(t, rj.Lost.Valid, got.Lost.Valid)
			require.True(t, rj.Lost.Decimal.Equal(got.Lost.Decimal))
		}
		require.Len(t, res.Assignments, len(want.Pairs))
		for _, p := range want.Pairs {
			i := slices.IndexFunc(res.Assignments, func(a CaseAssignment) bool { return a.Case.String() == p.Demand })
			require.GreaterOrEqual(t, i, 0)
			require.Equal(t, p.Supply, res.Assignments[i].Worker.String())
			require.True(t, p.Score.Total.Equal(res.Assignments[i].Score))
		}
	}
}

// TestCaseRoundProblemIsTheSessions: the problem a CaseRound's result keeps for
// WriteDIMACS, built from the round, is the one its Session holds after each Place.
func TestCaseRoundProblemIsTheSessions(t *testing.T) {
	id := func(kind, n int) uuid.UUID {
		return uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-%d%011d", kind, n))
	}
	in := CaseAssignInput{}
	for i := range 6 {
		in.Workers = append(in.Workers, SocialWorker{ID: id(2, i), Status: WorkerActive, Qualification: QualificationSenior,
			CaseloadCap: i % 3, Communities: []uuid.UUID{id(3, i%2)}})
	}
	for i := range 5 {
		in.Cases = append(in.Cases, CaseRequest{ID: id(1, 10-i), Community: id(3, i%2), Risk: RiskLow})
	}
	a, err := NewCaseAssigner(nil)
	require.NoError(t, err)
	cr, err := a.Start(in)
	require.NoError(t, err)
	for i := range 6 {
		require.Equal(t, cr.session.Problem(), cr.r.problem(), "after %d placements", i)
		_, err := cr.Place(CaseRequest{ID: id(1, 20+i), Community: id(3, i%2), Risk: RiskLow})
		require.NoError(t, err)
	}
}

// TestCaseAssignSimplexForManyCandidates: a round with more than simplexAbove eligible
// workers per case is solved by network simplex, with the objective successive shortest
// paths reaches on the same problem; a smaller one keeps the engine's automatic choice.
func TestCaseAssignSimplexForManyCandidates(t *testing.T) {
	id := func(kind, n int) uuid.UUID {
		return uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-%d%011d", kind, n))
	}
	for _, workers := range []int{simplexAbove / 2, 3 * simplexAbove} {
		rng := rand.New(rand.NewPCG(uint64(workers), 5))
		in := CaseAssignInput{Communities: []Community{{ID: id(3, 0), Venues: []Venue{{Kind: VenueServiceCentre, Location: &wushe.Point{Lat: 30.6, Lng: 104}}}}}}
		for i := range workers {
			in.Workers = append(in.Workers, SocialWorker{ID: id(2, i), Status: WorkerActive, Qualification: QualificationSenior, CaseloadCap: 1 + rng.IntN(3),
				Communities: []uuid.UUID{id(3, 0)}, Location: &wushe.Point{Lat: 30.6 + rng.Float64()*0.05, Lng: 104 + rng.Float64()*0.05},
				Specialties: []Specialty{SpecialtyElderly, SpecialtyChildren}[rng.IntN(2):]})
		}
		for i := range 3 * workers {
			in.Cases = append(in.Cases, CaseRequest{ID: id(1, i), Community: id(3, 0), Risk: RiskLow, Groups: []TargetGroup{GroupElderly}})
		}
		a, err := NewCaseAssigner(&CaseAssignOptions{Clock: wushe.NewManualClock(time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC))})
		require.NoError(t, err)
		res, err := a.Assign(in)
		require.NoError(t, err)
		r, err := a.newRound("test", in)
		require.NoError(t, err)
		ssp, err := match.Solve(r.problem(), &match.Options{Algorithm: match.SuccessiveShortestPaths})
		require.NoError(t, err)
		if workers > simplexAbove {
			require.Equal(t, string(match.NetworkSimplex), res.Algorithm)
		} else {
			require.NotEqual(t, "asked for by Options.Algorithm", res.Reason)
		}
		require.Len(t, res.Assignments, int(ssp.Filled))
		require.True(t, res.Score().Equal(decimal.New(int64(len(res.Assignments))*a.max-ssp.Cost, -4)), "workers %d: %s", workers, res.Score())
	}
}
