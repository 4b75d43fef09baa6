package linkage_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
)

// exampleService returns a Service over the in-memory store with a fixed clock and
// deterministic IDs, and a registered community.
func exampleService() (*linkage.Service, *wushe.ManualClock, linkage.Community) {
	clock := wushe.NewManualClock(time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC))
	svc, err := linkage.NewService(memstore.New(), &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs("example")})
	if err != nil {
		panic(err)
	}
	c, err := svc.RegisterCommunity(context.Background(), linkage.Community{
		Name: "J社区", Kind: linkage.CommunityUrban, District: "锦江区", StreetOffice: "春熙路街道",
		Households: 7000, Residents: 20000, PartyMembers: 241,
	})
	if err != nil {
		panic(err)
	}
	return svc, clock, c
}

// Raise a need found on a home visit, plan a response, carry it out and meet it.
func ExampleService_RaiseNeed() {
	ctx := context.Background()
	svc, clock, community := exampleService()

	need, err := svc.RaiseNeed(ctx, linkage.Need{
		Community: community.ID, TargetGroup: linkage.GroupElderly, Category: "meal delivery",
		Urgency: linkage.UrgencyUrgent, Source: linkage.SourceHomeVisit,
		Beneficiary: wushe.NewSensitive(wushe.ClassReference, "R-0001"),
		Description: "lives alone on the 6th floor, cannot cook",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	clock.Advance(4 * time.Hour)
	need, _ = svc.PlanNeed(ctx, need.ID)
	clock.Advance(20 * time.Hour)
	need, _ = svc.StartNeed(ctx, need.ID)
	clock.Advance(48 * time.Hour)
	need, err = svc.MeetNeed(ctx, need.ID, "lunch delivered daily by the Falcon volunteer team")
	if err != nil {
		fmt.Println(err)
		return
	}
	response, _ := need.ResponseTime()
	resolution, _ := need.ResolutionTime()
	fmt.Println(need.Status, "beneficiary:", need.Beneficiary)
	fmt.Println("response:", response, "resolution:", resolution)
	// Output:
	// met beneficiary: ***
	// response: 4h0m0s resolution: 72h0m0s
}

// Try to file a knitting group that is not ready: the one error lists every unmet
// criterion.
func ExampleService_AdvanceOrganization() {
	ctx := context.Background()
	svc, _, community := exampleService()

	org, err := svc.RegisterOrganization(ctx, linkage.Organization{
		Name: "K编织小组", Field: linkage.FieldMutualAid, Type: linkage.OrgAssociation, Community: community.ID,
		Members: linkage.Members{Individuals: 6}, Venue: "社区活动室",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = svc.AdvanceOrganization(ctx, org.ID, linkage.StageFiled, "春熙路街道", "")
	fmt.Println(wushe.KindOf(err), errors.Is(err, wushe.ErrInsufficient))
	for _, fe := range wushe.FieldErrors(err) {
		fmt.Printf("%s: %s\n", fe.Field, fe.Msg)
	}
	// Output:
	// insufficient true
	// Leader.Name: an accountable leader is required
	// Leader.Phone: the accountable leader's phone is required
	// Members: has 6 members, an association needs at least 10
	// Charter: an adopted charter (text or reference, and adoption date) is required
}

// Case notes are revealed to the assigned worker; a third party needs a consent or a
// legal basis, and every disclosure to one is logged. Anyone else is refused.
func ExampleService_ReadCaseNotes() {
	ctx := context.Background()
	svc, _, community := exampleService()
	name, _ := wushe.ParsePersonName("王小明")
	worker, _ := svc.RegisterSocialWorker(ctx, linkage.SocialWorker{
		Name: name, Agency: "阳光社工", Qualification: linkage.QualificationSocial,
		Communities: []uuid.UUID{community.ID},
	})
	c, err := svc.OpenCase(ctx, linkage.Case{
		Community: community.ID, Worker: worker.ID, Risk: linkage.RiskMedium,
		Client: linkage.Client{Ref: wushe.NewSensitive(wushe.ClassReference, "C-0042")},
		Consents: []linkage.Consent{
			{GivenBy: "client", Scope: []string{linkage.ScopeService}, Purpose: "case work"},
			{GivenBy: "client", Recipient: "hospital:psychiatry", Scope: []string{linkage.ScopeNotes}, Purpose: "referral"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ = svc.AddSession(ctx, c.ID, linkage.Session{Kind: linkage.SessionHomeVisit, Worker: worker.ID,
		Notes: wushe.NewSensitive(wushe.ClassCaseNote, "sleeping badly since the bereavement")})
	fmt.Println("stored:", c.Sessions[0].Notes)

	notes, _ := svc.ReadCaseNotes(ctx, c.ID, linkage.Reader{Worker: worker.ID}, "", "")
	fmt.Println("worker:", notes[0].Text)

	notes, _ = svc.ReadCaseNotes(ctx, c.ID, linkage.Reader{Ref: "hospital:psychiatry"}, "referral assessment", linkage.BasisConsent)
	fmt.Println("hospital:", notes[0].Text)

	_, err = svc.ReadCaseNotes(ctx, c.ID, linkage.Reader{Ref: "neighbour"}, "curiosity", linkage.BasisConsent)
	fmt.Println("neighbour:", wushe.KindOf(err))

	c, _ = svc.GetCase(ctx, c.ID)
	for _, d := range c.Disclosures {
		fmt.Println("logged:", d.To, d.Purpose, d.Basis, d.Fields)
	}
	// Output:
	// stored: ***
	// worker: sleeping badly since the bereavement
	// hospital: sleeping badly since the bereavement
	// neighbour: forbidden
	// logged: hospital:psychiatry referral assessment consent [notes]
}
