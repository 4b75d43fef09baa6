package linkage_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// ExampleCaseAssigner_Assign places two cases between two social workers: the high-risk
// case needs a qualified social worker, and the elderly client's case goes to the worker
// who specialises in elderly care. A declared conflict keeps one pair apart.
func ExampleCaseAssigner_Assign() {
	community := uuid.MustParse("00000000-0000-4000-8000-000000000c01")
	wang := linkage.SocialWorker{ID: uuid.MustParse("00000000-0000-4000-8000-000000000a01"), Status: linkage.WorkerActive,
		Qualification: linkage.QualificationSocial, Specialties: []linkage.Specialty{linkage.SpecialtyFamily},
		Communities: []uuid.UUID{community}, CaseloadCap: 20}
	li := linkage.SocialWorker{ID: uuid.MustParse("00000000-0000-4000-8000-000000000a02"), Status: linkage.WorkerActive,
		Qualification: linkage.QualificationAssistant, Specialties: []linkage.Specialty{linkage.SpecialtyElderly},
		Communities: []uuid.UUID{community}, CaseloadCap: 20}
	family := linkage.CaseRequest{ID: uuid.MustParse("00000000-0000-4000-8000-000000000b01"), Community: community,
		Risk: linkage.RiskHigh, Groups: []linkage.TargetGroup{linkage.GroupWomenAndParents}, Household: "H-12"}
	elder := linkage.CaseRequest{ID: uuid.MustParse("00000000-0000-4000-8000-000000000b02"), Community: community,
		Risk: linkage.RiskLow, Groups: []linkage.TargetGroup{linkage.GroupElderly}, Household: "H-30"}

	assigner, err := linkage.NewCaseAssigner(&linkage.CaseAssignOptions{
		Clock: wushe.NewManualClock(time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC))})
	if err != nil {
		panic(err)
	}
	res, err := assigner.Assign(linkage.CaseAssignInput{
		Cases:     []linkage.CaseRequest{family, elder},
		Workers:   []linkage.SocialWorker{wang, li},
		Conflicts: []linkage.CaseConflict{{Worker: wang.ID, Household: "H-30", Reason: "neighbour"}},
	})
	if err != nil {
		panic(err)
	}
	name := map[uuid.UUID]string{wang.ID: "Wang", li.ID: "Li", family.ID: "family case", elder.ID: "elderly case"}
	for _, a := range res.Assignments {
		fmt.Printf("%s -> %s, score %s:", name[a.Case], name[a.Worker], a.Score)
		for _, f := range a.Factors {
			fmt.Printf(" %s %s×%s", f.Name, f.Value, f.Weight)
		}
		fmt.Println()
	}
	for _, e := range res.Exclusions {
		fmt.Printf("excluded %s with %s: %s (%s)\n", name[e.Case], name[e.Worker], e.Rule, e.Detail)
	}
	fmt.Println("unplaced:", len(res.Unplaced))
	// Output:
	// family case -> Wang, score 50: specialty 1×40 distance 0×20 continuity 0×30 balance 1×10
	// elderly case -> Li, score 50: specialty 1×40 distance 0×20 continuity 0×30 balance 1×10
	// excluded family case with Li: qualification (a high-risk case needs at least social_worker; the worker is assistant_social_worker)
	// excluded elderly case with Wang: conflict (declared conflict of interest with the case's household: neighbour)
	// unplaced: 0
}

// ExampleCaseRound_Place places a case that arrives after the round was solved, without
// solving the round again from scratch.
func ExampleCaseRound_Place() {
	community := uuid.MustParse("00000000-0000-4000-8000-000000000c01")
	worker := linkage.SocialWorker{ID: uuid.MustParse("00000000-0000-4000-8000-000000000a01"), Status: linkage.WorkerActive,
		Qualification: linkage.QualificationSocial, Communities: []uuid.UUID{community}, CaseloadCap: 1}
	assigner, err := linkage.NewCaseAssigner(&linkage.CaseAssignOptions{Clock: wushe.NewManualClock(time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC))})
	if err != nil {
		panic(err)
	}
	round, err := assigner.Start(linkage.CaseAssignInput{Workers: []linkage.SocialWorker{worker}})
	if err != nil {
		panic(err)
	}
	for _, id := range []string{"00000000-0000-4000-8000-000000000b01", "00000000-0000-4000-8000-000000000b02"} {
		pl, err := round.Place(linkage.CaseRequest{ID: uuid.MustParse(id), Community: community, Risk: linkage.RiskMedium})
		if err != nil {
			panic(err)
		}
		if pl.Placed {
			fmt.Println("placed, score", pl.Assignment.Score)
		} else {
			fmt.Println("unplaced:", pl.Unplaced.Reason)
		}
	}
	res, err := round.Result()
	if err != nil {
		panic(err)
	}
	fmt.Println(len(res.Assignments), "placed;", len(res.Unplaced), "unplaced")
	// Output:
	// placed, score 10
	// unplaced: capacity_exhausted
	// 1 placed; 1 unplaced
}

// ExampleCaseAssignResult_Explain asks, after a round, why a case went to one worker and
// not to another: the result counts every pair and explains any of them on demand, while
// its lists hold only the first CaseAssignOptions.ListLimit rejections and exclusions.
func ExampleCaseAssignResult_Explain() {
	community := uuid.MustParse("00000000-0000-4000-8000-000000000c01")
	worker := func(id string, q linkage.Qualification, s linkage.Specialty) linkage.SocialWorker {
		return linkage.SocialWorker{ID: uuid.MustParse(id), Status: linkage.WorkerActive, Qualification: q,
			Specialties: []linkage.Specialty{s}, Communities: []uuid.UUID{community}, CaseloadCap: 20}
	}
	zhao := worker("00000000-0000-4000-8000-000000000a01", linkage.QualificationSocial, linkage.SpecialtyChildren)
	sun := worker("00000000-0000-4000-8000-000000000a02", linkage.QualificationSocial, linkage.SpecialtyElderly)
	zhou := worker("00000000-0000-4000-8000-000000000a03", linkage.QualificationAssistant, linkage.SpecialtyElderly)
	elder := linkage.CaseRequest{ID: uuid.MustParse("00000000-0000-4000-8000-000000000b01"), Community: community,
		Risk: linkage.RiskHigh, Groups: []linkage.TargetGroup{linkage.GroupElderly}}

	assigner, err := linkage.NewCaseAssigner(&linkage.CaseAssignOptions{ListLimit: 1,
		Clock: wushe.NewManualClock(time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC))})
	if err != nil {
		panic(err)
	}
	res, err := assigner.Assign(linkage.CaseAssignInput{Cases: []linkage.CaseRequest{elder}, Workers: []linkage.SocialWorker{zhao, sun, zhou}})
	if err != nil {
		panic(err)
	}
	fmt.Println("rejections:", res.RejectionCount, "exclusions:", res.ExclusionCount)
	for _, w := range []linkage.SocialWorker{sun, zhao, zhou} {
		ex, err := res.Explain(elder.ID, w.ID)
		if err != nil {
			panic(err)
		}
		switch ex.Outcome {
		case linkage.CasePairExcluded:
			fmt.Printf("%s: %s, %s\n", ex.Outcome, ex.Rule, ex.Detail)
		case linkage.CasePairRejected:
			fmt.Printf("%s: score %s, forcing it loses %s\n", ex.Outcome, ex.Score, ex.Lost.Decimal)
		default:
			fmt.Printf("%s: score %s\n", ex.Outcome, ex.Score)
		}
	}
	// Output:
	// rejections: 1 exclusions: 1
	// assigned: score 50
	// rejected: score 10, forcing it loses 40
	// excluded: qualification, a high-risk case needs at least social_worker; the worker is assistant_social_worker
}
