package linkage_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// benchCaseInput is a city district: cases × workers over 20 communities, each worker
// serving 3 of them with a cap of 30 and some load, cases of mixed risk and groups.
func benchCaseInput(cases, workers int) linkage.CaseAssignInput {
	rng := rand.New(rand.NewPCG(2024, uint64(cases*workers)))
	comm := func(i int) uuid.UUID { return uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-3%011d", i)) }
	quals := []linkage.Qualification{linkage.QualificationAssistant, linkage.QualificationSocial, linkage.QualificationSocial, linkage.QualificationSenior}
	specs := []linkage.Specialty{linkage.SpecialtyElderly, linkage.SpecialtyChildren, linkage.SpecialtyFamily, linkage.SpecialtyDisability, linkage.SpecialtyPovertyRelief}
	groups := linkage.TargetGroups()
	risks := []linkage.RiskLevel{linkage.RiskLow, linkage.RiskLow, linkage.RiskMedium, linkage.RiskHigh}
	point := func() *wushe.Point {
		return &wushe.Point{Lat: 30.55 + rng.Float64()*0.2, Lng: 103.95 + rng.Float64()*0.2}
	}
	var in linkage.CaseAssignInput
	for i := range 20 {
		in.Communities = append(in.Communities, linkage.Community{ID: comm(i), Venues: []linkage.Venue{{Kind: linkage.VenueServiceCentre, Location: point()}}})
	}
	for i := range workers {
		w := linkage.SocialWorker{ID: uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-2%011d", i)), Status: linkage.WorkerActive,
			Qualification: quals[rng.IntN(len(quals))], CaseloadCap: 30, Location: point(),
			Specialties: []linkage.Specialty{specs[rng.IntN(len(specs))], specs[rng.IntN(len(specs))]}}
		for range 3 {
			w.Communities = append(w.Communities, comm(rng.IntN(20)))
		}
		in.Workers = append(in.Workers, w)
		for k := range rng.IntN(20) {
			in.Existing = append(in.Existing, linkage.Case{ID: uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-4%05d%06d", i, k)),
				Worker: w.ID, Status: linkage.CaseIntervention, Household: fmt.Sprintf("H-%d", rng.IntN(5000))})
		}
	}
	for i := range cases {
		in.Cases = append(in.Cases, linkage.CaseRequest{ID: uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-1%011d", i)),
			Community: comm(rng.IntN(20)), Risk: risks[rng.IntN(len(risks))], Household: fmt.Sprintf("H-%d", rng.IntN(5000)),
			Groups: []linkage.TargetGroup{groups[rng.IntN(len(groups))]}})
	}
	return in
}

// BenchmarkCaseAssign solves a whole round: 2,000 cases × 300 workers, and a team-sized one.
func BenchmarkCaseAssign(b *testing.B) {
	for _, size := range []struct{ cases, workers int }{{100, 20}, {2000, 300}} {
		b.Run(fmt.Sprintf("%dx%d", size.cases, size.workers), func(b *testing.B) {
			in := benchCaseInput(size.cases, size.workers)
			a, err := linkage.NewCaseAssigner(nil)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var placed int
			for b.Loop() {
				res, err := a.Assign(in)
				if err != nil {
					b.Fatal(err)
				}
				placed = len(res.Assignments)
			}
			b.ReportMetric(float64(placed), "placed")
		})
	}
}

// BenchmarkCaseRoundPlace places one more case into a solved round of 2,000 cases × 300
// workers, the incremental path, against BenchmarkCaseAssign's full solve. The timer stops
// around Start, but collecting Start's garbage still lands in the timed part on a loaded
// machine; Place's own CPU time is its share of a profile:
//
//	go test -run '^$' -bench CaseRoundPlace -benchtime 100x -benchmem -cpuprofile p ./linkage/
func BenchmarkCaseRoundPlace(b *testing.B) {
	in := benchCaseInput(2001, 300)
	last := in.Cases[len(in.Cases)-1]
	in.Cases = in.Cases[:len(in.Cases)-1]
	a, err := linkage.NewCaseAssigner(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		round, err := a.Start(in)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := round.Place(last); err != nil {
			b.Fatal(err)
		}
	}
}
