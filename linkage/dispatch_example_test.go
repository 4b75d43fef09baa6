package linkage_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// Two open needs of one community, a volunteer, an organization's provision and a lot of
// rice: the dispatcher proposes a responder for each need within the five-minute circle
// and explains the score.
func ExampleDispatcher_Dispatch() {
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	ids := wushe.SequentialIDs("dispatch example")
	community, grid := ids(), ids()
	home := wushe.Point{Lat: 30.6570, Lng: 104.0660}
	near := func(m float64) *wushe.Point { p := wushe.Point{Lat: home.Lat + m/111195, Lng: home.Lng}; return &p }

	visit := linkage.DispatchTask{Need: ids(), Version: 1, Community: community, Area: grid, Category: "Companionship",
		Group: linkage.GroupElderly, Urgency: linkage.UrgencyUrgent, Location: near(0), RaisedAt: at.AddDate(0, 0, -3)}
	rice := linkage.DispatchTask{Need: ids(), Version: 1, Community: community, Category: "rice", Group: linkage.GroupLowIncome,
		Urgency: linkage.UrgencyDifficult, Location: near(50), RaisedAt: at.AddDate(0, 0, -15), Quantity: decimal.NewFromInt(5)}
	in := linkage.DispatchInput{At: at, Tasks: []linkage.DispatchTask{visit, rice},
		Volunteers: []volunteer.Volunteer{{ID: ids(), Status: volunteer.StatusActive, CommunityID: community, GridID: grid,
			BirthDate: at.AddDate(-40, 0, 0), Home: *near(120), HasHome: true,
			Skills: []volunteer.Skill{{Name: "companionship", Level: 4}}}},
		Organizations: []linkage.Organization{{ID: ids(), Name: "夕阳红志愿服务队", Community: community,
			Provisions: []linkage.Provision{{Offer: linkage.OfferServices, Category: "companionship", Capacity: 3, Location: near(300)}}}},
		Lots: []resources.Lot{{ID: ids(), Kind: resources.PropertyGoods, Category: "rice", Unit: "kg",
			OnHand: decimal.NewFromInt(40), Received: decimal.NewFromInt(40), Location: near(200),
			Expires: at.AddDate(0, 2, 0), Holder: resources.Holder{Kind: resources.HolderSupermarket, Name: "慈善超市"}}}}

	d, err := linkage.NewDispatcher(nil) // a 400 m walking radius
	if err != nil {
		panic(err)
	}
	res, err := d.Dispatch(in)
	if err != nil {
		panic(err)
	}
	name := map[uuid.UUID]string{visit.Need: "companionship", rice.Need: "rice"}
	for _, p := range res.Proposals {
		fmt.Printf("%s -> %s at %d m, score %s (%d eligible)\n", name[p.Need], p.Responder.Kind, p.DistanceMeters, p.Score, p.Eligible)
		for _, f := range p.Factors {
			fmt.Printf("  %-8s %-6s x %s\n", f.Name, f.Value, f.Weight)
		}
		if p.Quantity.IsPositive() {
			fmt.Println("  quantity", p.Quantity)
		}
		if a := p.Alternative; a != nil {
			fmt.Printf("  next best: %s, score %s, forcing it loses %s\n", a.Responder.Kind, a.Score, a.Lost.Decimal)
		}
	}
	fmt.Println("pairs scored:", res.Scored)
	// Output:
	// companionship -> volunteer at 120 m, score 91.4 (2 eligible)
	//   urgency  1      x 80
	//   waiting  0.1    x 3
	//   distance 0.7    x 7
	//   fit      0.8    x 4
	//   locality 1      x 2
	//   expiry   0      x 2
	//   balance  1      x 1
	//   next best: organization, score 88.05, forcing it loses 3.35
	// rice -> lot at 150 m, score 72.5408 (1 eligible)
	//   urgency  0.75   x 80
	//   waiting  0.5    x 3
	//   distance 0.625  x 7
	//   fit      1      x 4
	//   locality 0      x 2
	//   expiry   0.8329 x 2
	//   balance  1      x 1
	//   quantity 5
	// pairs scored: 3
}

// A community's open needs are dispatched and the social worker applies the proposals she
// keeps: each becomes a referral to its responder, requested now with deadlines from the
// urgency.
func ExampleService_ApplyDispatch() {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	svc, err := linkage.NewService(memstore.New(), &linkage.Options{Clock: wushe.NewManualClock(at), NewID: wushe.SequentialIDs("apply example")})
	if err != nil {
		panic(err)
	}
	c, _ := svc.RegisterCommunity(ctx, linkage.Community{Name: "J社区", Kind: linkage.CommunityUrban})
	home := wushe.Point{Lat: 30.6570, Lng: 104.0660}
	need, _ := svc.RaiseNeed(ctx, linkage.Need{Community: c.ID, TargetGroup: linkage.GroupElderly, Category: "meal delivery",
		Urgency: linkage.UrgencyUrgent, Source: linkage.SourceHomeVisit, Location: &home, Description: "午餐送到三楼"})
	kitchen := wushe.Point{Lat: home.Lat + 0.002, Lng: home.Lng}
	if _, err := svc.RegisterOrganization(ctx, linkage.Organization{Name: "邻里厨房", Field: linkage.FieldMutualAid,
		Type: linkage.OrgAssociation, Community: c.ID, Stage: linkage.StageInterestGroup,
		Provisions: []linkage.Provision{{Offer: linkage.OfferServices, Category: "Meal delivery", Capacity: 5, Location: &kitchen}}}); err != nil {
		panic(err)
	}

	in, err := svc.LoadDispatchInput(ctx, linkage.DispatchScope{Communities: []uuid.UUID{c.ID}}, linkage.DispatchSources{})
	if err != nil {
		panic(err)
	}
	d, _ := linkage.NewDispatcher(nil)
	res, err := d.Dispatch(in)
	if err != nil {
		panic(err)
	}
	p, _ := res.Proposal(need.ID)
	fmt.Printf("proposed: %s %s, %d m away\n", p.Responder.Kind, p.Responder.Name, p.DistanceMeters)

	worker := linkage.Party{Kind: linkage.PartySocialWorker, ID: uuid.MustParse("00000000-0000-4000-8000-00000000000a")}
	refs, err := svc.ApplyDispatch(ctx, worker, res)
	if err != nil {
		panic(err)
	}
	r := refs[0]
	fmt.Printf("referral: %s to %s %s, %s, answer by %s\n", r.Status, r.Responder.Kind, r.Responder.Name, r.Ask, r.RespondBy.Format("15:04"))
	_, err = svc.ApplyDispatch(ctx, worker, res)
	fmt.Println("applied twice:", wushe.KindOf(err))
	// Output:
	// proposed: organization 邻里厨房, 222 m away
	// referral: requested to organization 邻里厨房, 午餐送到三楼, answer by 10:00
	// applied twice: conflict
}
