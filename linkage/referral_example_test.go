package linkage_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
)

// A need referred to a volunteer team that declines, re-referred to a street-office
// department (a whistle) that answers late, and escalated to the street office.
func ExampleService_Refer() {
	ctx := context.Background()
	clock := wushe.NewManualClock(time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC))
	svc, _ := linkage.NewService(memstore.New(), &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs("referral example")})
	c, _ := svc.RegisterCommunity(ctx, linkage.Community{Name: "J community", Kind: linkage.CommunityUrban,
		District: "Jinjiang", StreetOffice: "Chunxi Road street office"})
	n, _ := svc.RaiseNeed(ctx, linkage.Need{Community: c.ID, TargetGroup: linkage.GroupElderly, Category: "stairs handrail",
		Urgency: linkage.UrgencyDifficult, Source: linkage.SourceResidentsCouncil, Description: "building 3 has no handrail"})
	worker := linkage.Party{Kind: linkage.PartySocialWorker, ID: uuid.MustParse("00000000-0000-4000-8000-000000000007")}
	team := linkage.ReferralResponder{Kind: linkage.ResponderVolunteerTeam, ID: uuid.MustParse("00000000-0000-4000-8000-0000000000a1")}
	office := linkage.ReferralResponder{Kind: linkage.ResponderDepartment, ID: uuid.MustParse("00000000-0000-4000-8000-0000000000d3"), Name: "housing office"}

	r, _ := svc.Refer(ctx, linkage.Referral{Need: n.ID, Requester: worker, Responder: team, Category: "stairs handrail", Ask: "fit a handrail"})
	fmt.Printf("referred: %s, answer within %v, resolve within %v\n", r.Status, r.RespondBy.Sub(r.RequestedAt), r.ResolveBy.Sub(r.RequestedAt))
	r, _ = svc.RejectReferral(ctx, r.ID, team, "needs a contractor")
	w, _ := svc.ReRefer(ctx, r.ID, worker, office)
	fmt.Printf("re-referred to the %s: whistle %v, previous was %s\n", w.Responder.Name, w.Whistle(), r.Status)
	clock.Advance(13 * time.Hour)
	escalated, _ := svc.EscalateOverdue(ctx, c.ID)
	fmt.Printf("escalated %d: missed %s, told %s\n", len(escalated), escalated[0].Escalations[0].Missed, escalated[0].Escalations[0].StreetOffice)
	w, _ = svc.AcceptReferral(ctx, w.ID, office)
	need, _ := svc.GetNeed(ctx, n.ID)
	fmt.Printf("accepted in time: %v; the need is %s\n", w.AnsweredInTime(), need.Status)
	// Output:
	// referred: requested, answer within 12h0m0s, resolve within 72h0m0s
	// re-referred to the housing office: whistle true, previous was rejected
	// escalated 1: missed respond, told Chunxi Road street office
	// accepted in time: false; the need is planned
}
