package linkage_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/evaluation"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
)

// Derive a project's outputs for a month from what was recorded, and score the project
// against its contract in one call.
func ExampleService_Outputs() {
	ctx := context.Background()
	clock := wushe.NewManualClock(time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC))
	svc, _ := linkage.NewService(memstore.New(), &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs("outputs-example")})
	community, _ := svc.RegisterCommunity(ctx, linkage.Community{Name: "J社区", Kind: linkage.CommunityUrban,
		District: "锦江区", StreetOffice: "春熙路街道", Households: 7000, Residents: 20000})
	march := wushe.Window{Start: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}
	project, err := svc.RegisterProject(ctx, linkage.Project{
		Name: "邻里守望", Purchaser: "锦江区民政局", Operator: "阳光社工", Communities: []uuid.UUID{community.ID},
		Budget: decimal.NewFromInt(100000), Cycle: march,
		Targets: []linkage.Target{
			{IndicatorCode: evaluation.CodeGroupSessions, Name: "小组活动", Unit: "session", Value: decimal.NewFromInt(4)},
			{IndicatorCode: evaluation.CodePeopleServed, Name: "服务人数", Unit: "person", Value: decimal.NewFromInt(3)},
			{IndicatorCode: evaluation.CodeVolunteersConnected, Name: "链接志愿者", Unit: "person", Value: decimal.NewFromInt(2)},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// Two group sessions with the same two elders and a third resident: 3 unique persons,
	// 5 person-times.
	var first linkage.Activity
	for i, refs := range [][]string{{"R1", "R2"}, {"R1", "R2", "R3"}} {
		a := linkage.Activity{Kind: linkage.ActivityGroupWork, Title: "长者手工", Community: community.ID, Project: project.ID,
			Window: wushe.NewWindow(time.Date(2024, 3, 5+7*i, 14, 0, 0, 0, time.UTC), 2*time.Hour)}
		for _, r := range refs {
			a.Attendance = append(a.Attendance, linkage.Attendee(r, time.Time{}))
		}
		a, err = svc.RecordActivity(ctx, a)
		if err != nil {
			fmt.Println(err)
			return
		}
		if i == 0 {
			first = a
		}
	}
	// One volunteer linked to the project twice counts once.
	volunteer := linkage.Party{Kind: linkage.PartyVolunteer, ID: uuid.MustParse("7f000000-0000-4000-8000-000000000001")}
	for _, at := range []int{5, 12} {
		_, err = svc.RecordLink(ctx, linkage.Link{Kind: linkage.LinkVolunteerService,
			At: time.Date(2024, 3, at, 14, 0, 0, 0, time.UTC), By: linkage.Party{Kind: linkage.PartyCommunity, ID: community.ID},
			From: volunteer, To: linkage.LinkTarget{Kind: linkage.TargetActivity, ID: first.ID}, Project: project.ID})
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	clock.Set(time.Date(2024, 4, 2, 9, 0, 0, 0, time.UTC))

	outputs, err := svc.Outputs(ctx, linkage.ProjectScope(project.ID), march, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range outputs.All() {
		switch o.Indicator {
		case evaluation.CodeGroupSessions, evaluation.CodePeopleServed, evaluation.CodePersonTimes,
			evaluation.CodeVolunteersConnected, evaluation.CodeNeedsRaised:
			fmt.Printf("%s: %s\n", o.Indicator, o.Value)
		}
	}

	card, err := svc.ContractScorecard(ctx, project.ID, time.Time{}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("contract: %s of %s, grade %s (%s)\n", card.Total, card.MaxPoints, card.Grade, card.Status())
	// Output:
	// group_sessions: 2
	// needs_raised: 0
	// people_served: 3
	// person_times: 5
	// volunteers_connected: 1
	// contract: 66.67 of 100, grade 中 (complete)
}
