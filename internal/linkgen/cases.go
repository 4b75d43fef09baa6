package linkgen

import (
	"fmt"
	"math/rand/v2"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// CaseSpec sizes a seeded round of case assignment.
type CaseSpec struct {
	// Seed chooses the round together with its size; the same spec gives the same round,
	// IDs included.
	Seed uint64
	// Cases is how many cases the round places, Workers how many social workers it has.
	Cases, Workers int
}

// CaseDistrict is the case assignment benchmark's round: 2,000 cases against 300 workers.
func CaseDistrict() CaseSpec { return CaseSpec{Seed: 2024, Cases: 2000, Workers: 300} }

// Input builds the round sp describes: 20 communities, each with a service centre;
// workers of mixed qualification and two specialties, each serving 3 communities with a
// caseload cap of 30 and up to 19 open cases already; cases of mixed risk, each of one
// target group and a household, some of which already have a case. Workers, cases and
// communities are placed in a square of about 20 km around central Chengdu. IDs are
// fixed by position (case i, worker i, community i), so that rounds of different sizes
// share them.
func (sp CaseSpec) Input() linkage.CaseAssignInput {
	rng := rand.New(rand.NewPCG(sp.Seed, uint64(sp.Cases*sp.Workers)))
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
	for i := range sp.Workers {
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
	for i := range sp.Cases {
		in.Cases = append(in.Cases, linkage.CaseRequest{ID: uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-1%011d", i)),
			Community: comm(rng.IntN(20)), Risk: risks[rng.IntN(len(risks))], Household: fmt.Sprintf("H-%d", rng.IntN(5000)),
			Groups: []linkage.TargetGroup{groups[rng.IntN(len(groups))]}})
	}
	return in
}
