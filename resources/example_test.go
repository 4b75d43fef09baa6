package resources_test

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/resources"
)

func exampleService() (*resources.Service, *wushe.ManualClock) {
	clock := wushe.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	svc, err := resources.NewService(memstore.New(), &resources.Options{Clock: clock,
		NewID: wushe.SequentialIDs("example"), Organization: "J Community Charity Fund",
		ReceiptNumber: func(_ resources.Donation, n int) string { return fmt.Sprintf("JCF-2026-%04d", n) }})
	if err != nil {
		panic(err)
	}
	return svc, clock
}

// A bank branch donates rice to the community's charity supermarket; a social worker
// requests some for an elderly resident, reserves it and delivers it.
func ExampleService_Donate() {
	ctx := context.Background()
	svc, _ := exampleService()
	bank, _ := svc.RegisterDonor(ctx, "clerk", resources.Donor{Kind: resources.DonorInstitution,
		Name: "Rural Commercial Bank, Tianhe branch", CreditCode: "91350100M000100Y43"})
	handler, _ := wushe.ParsePersonName("王芳")
	gift, lot, err := svc.Donate(ctx, "clerk", resources.Donation{DonorID: bank.ID, Kind: resources.PropertyGoods,
		Category: "rice", Quantity: decimal.NewFromInt(40), Unit: "bag (5 kg)",
		FairValue: decimal.NewFromInt(2000), FairValueProof: "supplier invoice 8812"},
		resources.Receiving{Handler: handler, Holder: resources.Holder{Kind: resources.HolderSupermarket, Name: "Liede charity supermarket"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	rc := gift.Receipts[0]
	fmt.Println("receipt", rc.Number, "from", rc.Donor, "value", rc.Value, "CNY, handled by", rc.Handler)

	req, _ := svc.Request(ctx, "social worker", resources.Request{CommunityID: uuid.MustParse("00000000-0000-4000-8000-000000000001"),
		Group: resources.GroupElderly, Purpose: resources.PurposeCare, Kind: resources.PropertyGoods, Category: "rice",
		Unit: "bag (5 kg)", Quantity: decimal.NewFromInt(2), Urgency: resources.UrgencyDifficult})
	a, _ := svc.Reserve(ctx, "social worker", lot.ID, req.ID, decimal.NewFromInt(2))
	a, _ = svc.Deliver(ctx, "volunteer", a.ID)
	fmt.Println("allocation", a.Status)
	l, _ := svc.Store().GetLot(ctx, lot.ID)
	fmt.Println(l.Position())
	// Output:
	// receipt JCF-2026-0001 from Rural Commercial Bank, Tianhe branch value 2000 CNY, handled by 王*
	// allocation delivered
	// received 40 = on hand 38 + reserved 0 + delivered 2 + disposed 0
}

// A pledge is received in two deliveries; a restricted gift refuses a request outside
// its terms.
func ExampleService_Reserve() {
	ctx := context.Background()
	svc, _ := exampleService()
	donor, _ := svc.RegisterDonor(ctx, "clerk", resources.Donor{Kind: resources.DonorEnterprise, Name: "Bookshop"})
	pledge, _ := svc.Pledge(ctx, "clerk", resources.Donation{DonorID: donor.ID, Kind: resources.PropertyGoods, Category: "books",
		Quantity: decimal.NewFromInt(100), Unit: "book", FairValue: decimal.NewFromInt(3000), FairValueProof: "price list",
		Restriction: resources.Restriction{Groups: []resources.TargetGroup{resources.GroupChildren}, MaxAge: 13}})
	handler, _ := wushe.ParsePersonName("王芳")
	holder := resources.Holder{Kind: resources.HolderOrganization, Name: "Reading club"}
	pledge, _, _ = svc.Receive(ctx, "clerk", pledge.ID, resources.Receiving{Quantity: decimal.NewFromInt(60), Handler: handler, Holder: holder})
	fmt.Println(pledge.Status, pledge.Received)
	pledge, lot, _ := svc.Receive(ctx, "clerk", pledge.ID, resources.Receiving{Quantity: decimal.NewFromInt(40), Handler: handler, Holder: holder})
	fmt.Println(pledge.Status, pledge.Received)

	community := uuid.MustParse("00000000-0000-4000-8000-000000000001")
	adult, _ := svc.Request(ctx, "worker", resources.Request{CommunityID: community, Group: resources.GroupElderly,
		Kind: resources.PropertyGoods, Category: "books", Unit: "book", Quantity: decimal.NewFromInt(1), Urgency: resources.UrgencyHopedFor})
	_, err := svc.Reserve(ctx, "worker", lot.ID, adult.ID, decimal.NewFromInt(1))
	fmt.Println(wushe.KindOf(err))
	// Output:
	// partially_received 60
	// received 100
	// forbidden
}

// The spending checks of Charity Law Art 61 and the 2020 tax announcement.
func ExampleCheckSpending() {
	c, err := resources.CheckSpending(resources.Financials{PublicFundraising: true,
		LastYearIncome: decimal.NewFromInt(2_000_000), CharitableSpending: decimal.NewFromInt(1_500_000),
		ManagementCosts: decimal.NewFromInt(190_000), TotalSpending: decimal.NewFromInt(1_700_000)}, resources.DefaultThresholds())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("spending", c.SpendingRatio, "of income, at least", c.MinSpending, c.SpendingOK)
	fmt.Println("management", c.ManagementRatio, "of spending, at most", c.MaxManagement, c.ManagementOK)
	// Output:
	// spending 0.75 of income, at least 0.7 true
	// management 0.1118 of spending, at most 0.1 false
}

func ExampleParseCreditCode() {
	c, err := resources.ParseCreditCode("53100000500021676K")
	fmt.Println(c, err, string(c.Authority()), c.Region(), c.OrganizationCode())
	_, err = resources.ParseCreditCode("53100000500021676J")
	fmt.Println(err)
	// Output:
	// 53100000500021676K <nil> 5 100000 50002167-6
	// CreditCode: CreditCode: check character is 'J', want 'K': invalid
}

// A project running a year discloses every quarter and in full within three months of
// its end; an anonymous donor stays anonymous.
func ExampleService_Disclosure() {
	ctx := context.Background()
	svc, clock := exampleService()
	project := uuid.MustParse("00000000-0000-4000-8000-0000000000aa")
	donor, _ := svc.RegisterDonor(ctx, "clerk", resources.Donor{Kind: resources.DonorEnterprise, Name: "Quiet Ltd", Anonymous: true})
	handler, _ := wushe.ParsePersonName("王芳")
	_, _, _ = svc.Donate(ctx, "clerk", resources.Donation{DonorID: donor.ID, Kind: resources.PropertyCash, Category: "fund",
		Quantity: decimal.RequireFromString("8888.80"), ProjectID: project},
		resources.Receiving{Handler: handler, Holder: resources.Holder{Kind: resources.HolderCommunityFund, Name: "J community fund"}})
	clock.Advance(24 * time.Hour)
	rep, _ := svc.Disclosure(ctx, project, wushe.Window{Start: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)})
	for _, p := range rep.Periods {
		fmt.Println(p.Period.Start.Format(time.DateOnly), "-", p.Period.End.Format(time.DateOnly), "due", p.Due.Format(time.DateOnly),
			"final", p.Final, "received", p.ReceivedValue, len(p.Receipts))
	}
	fmt.Println(rep.Periods[0].Receipts[0].Donor)
	// Output:
	// 2026-03-01 - 2026-06-01 due 2026-06-01 final false received 8888.8 1
	// 2026-06-01 - 2026-09-01 due 2026-09-01 final false received 0 0
	// 2026-09-01 - 2026-12-01 due 2026-12-01 final false received 0 0
	// 2026-12-01 - 2027-03-01 due 2027-03-01 final false received 0 0
	// 2026-03-01 - 2027-03-01 due 2027-06-01 final true received 8888.8 1
	// anonymous
}

// Export the directory as HSDS and read it back; fields wushe does not model survive.
func ExampleExportHSDS() {
	donor := resources.Donor{ID: uuid.MustParse("00000000-0000-4000-8000-000000000001"), Kind: resources.DonorInstitution,
		Name: "University library", CreditCode: "53100000500021676K"}
	ds := resources.ExportHSDS([]resources.Donor{donor}, nil, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	ds.Organizations[0].Extra = map[string]json.RawMessage{"x_note": json.RawMessage(`"kept"`)}
	b, _ := json.Marshal(ds)
	back, err := resources.ParseHSDS(b)
	fmt.Println(err, back.Organizations[0].OrganizationIdentifiers[0].Identifier, string(back.Organizations[0].Extra["x_note"]))
	// Output:
	// <nil> 53100000500021676K "kept"
}

// Import one organization as an HSDS 3.0 API serves it: its service becomes the donor's
// offer, and what wushe does not keep is listed, not dropped.
func ExampleImportHSDS() {
	doc := `{"id": "0f0f0f0f-0000-4000-8000-000000000001", "name": "Sunflower Social Work Agency",
	  "description": "Social work for elders", "website": "https://example.org",
	  "services": [{"id": "0f0f0f0f-0000-4000-8000-000000000003", "name": "Elderly phone class", "status": "active", "minimum_age": 60}]}`
	imp, err := resources.ImportHSDS([]byte(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	dn := imp.Donors[0]
	fmt.Println(dn.Name, "-", dn.Description)
	fmt.Println(dn.Identifiers[0].Scheme, dn.Identifiers[0].Value)
	fmt.Println("offers:", dn.Offers[0].Name, dn.Offers[0].Status, "from age", dn.Offers[0].MinAge)
	for _, n := range imp.NotKept {
		fmt.Println("not kept:", n.Path)
	}
	_, err = resources.ParseHSDS([]byte(`{"name": "no id"}`))
	fmt.Println(err != nil)
	// Output:
	// Sunflower Social Work Agency - Social work for elders
	// openreferral-hsds-id 0f0f0f0f-0000-4000-8000-000000000001
	// offers: Elderly phone class active from age 60
	// not kept: website
	// true
}

// Long-idle stock beside unmet requests.
func ExampleService_IdleReport() {
	ctx := context.Background()
	svc, clock := exampleService()
	donor, _ := svc.RegisterDonor(ctx, "clerk", resources.Donor{Kind: resources.DonorEnterprise, Name: "Wool shop"})
	handler, _ := wushe.ParsePersonName("王芳")
	_, _, _ = svc.Donate(ctx, "clerk", resources.Donation{DonorID: donor.ID, Kind: resources.PropertyGoods, Category: "wool",
		Quantity: decimal.NewFromInt(30), Unit: "ball", FairValue: decimal.NewFromInt(300), FairValueProof: "invoice"},
		resources.Receiving{Handler: handler, Holder: resources.Holder{Kind: resources.HolderOrganization, Name: "K knitting team"}})
	clock.Advance(45 * 24 * time.Hour)
	_, _ = svc.Request(ctx, "worker", resources.Request{CommunityID: uuid.MustParse("00000000-0000-4000-8000-000000000001"),
		Group: resources.GroupElderly, Kind: resources.PropertyGoods, Category: "wool", Unit: "ball",
		Quantity: decimal.NewFromInt(10), Urgency: resources.UrgencyHopedFor})
	rep, _ := svc.IdleReport(ctx, 30)
	for _, l := range rep.Idle {
		fmt.Println(l.Category, l.OnHand, l.Unit, "idle", l.IdleDays, "days, worth", l.Value, "CNY,", len(l.Requests), "matching request(s)")
	}
	fmt.Println(len(rep.Unmet), "unmet request(s)")
	// Output:
	// wool 30 ball idle 45 days, worth 300 CNY, 1 matching request(s)
	// 1 unmet request(s)
}

// The matcher fills the urgent request first from scarce stock and explains each choice.
func ExampleService_Match() {
	ctx := context.Background()
	svc, _ := exampleService()
	donor, _ := svc.RegisterDonor(ctx, "clerk", resources.Donor{Kind: resources.DonorEnterprise, Name: "Grain co-op"})
	handler, _ := wushe.ParsePersonName("王芳")
	_, _, _ = svc.Donate(ctx, "clerk", resources.Donation{DonorID: donor.ID, Kind: resources.PropertyGoods, Category: "rice",
		Quantity: decimal.NewFromInt(5), Unit: "bag", FairValue: decimal.NewFromInt(250), FairValueProof: "invoice"},
		resources.Receiving{Handler: handler, Holder: resources.Holder{Kind: resources.HolderSupermarket, Name: "Charity supermarket"}})
	community := uuid.MustParse("00000000-0000-4000-8000-000000000001")
	for _, u := range []resources.Urgency{resources.UrgencyHopedFor, resources.UrgencyUrgent} {
		_, _ = svc.Request(ctx, "worker", resources.Request{CommunityID: community, Group: resources.GroupLowIncome,
			Kind: resources.PropertyGoods, Category: "rice", Unit: "bag", Quantity: decimal.NewFromInt(4), Urgency: u})
	}
	plan, _ := svc.Match(ctx, nil)
	for _, a := range plan.Allocations {
		fmt.Println("allocate", a.Quantity, "score", a.Score, "urgency factor", a.Factors[3].Value)
	}
	for _, f := range plan.Requests {
		fmt.Println("wanted", f.Wanted, "planned", f.Planned, "partial", f.Partial)
	}
	made, err := svc.ApplyPlan(ctx, "worker", plan)
	fmt.Println(len(made), "reserved", err)
	// Output:
	// allocate 1 score 2.5 urgency factor 0.25
	// allocate 4 score 10 urgency factor 1
	// wanted 4 planned 1 partial true
	// wanted 4 planned 4 partial false
	// 2 reserved <nil>
}
