package volunteer_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

// exampleService is the setup the examples share: an in-memory store, a manual clock,
// deterministic IDs and a certificate key.
func exampleService(clock wushe.Clock) *volunteer.Service {
	svc, err := volunteer.NewService(memstore.New(), &volunteer.Options{
		Clock:          clock,
		NewID:          wushe.SequentialIDs("example"),
		CertificateKey: []byte("keep-this-secret"),
		Ledger: &volunteer.LedgerRules{
			DefaultPerHour: decimal.NewFromInt(1),
			StorageCap:     decimal.NewFromInt(1500), // Nanjing's 1500 h
		},
	})
	if err != nil {
		panic(err)
	}
	return svc
}

func exampleVolunteer(ctx context.Context, svc *volunteer.Service, seq int) volunteer.Volunteer {
	v := volunteertest.Volunteer(seq, time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	v.ID, v.Number = wushe.SequentialIDs(fmt.Sprint("volunteer", seq))(), ""
	v, err := svc.Register(ctx, v)
	if err != nil {
		panic(err)
	}
	return v
}

// exampleShift publishes the community's anti-fraud opportunity: one two-hour shift of two
// places on Saturday 7 March 2026.
func exampleShift(ctx context.Context, svc *volunteer.Service, community volunteer.Actor) (volunteer.Opportunity, volunteer.ShiftRef) {
	opp, err := svc.CreateOpportunity(ctx, volunteer.Opportunity{
		Title: "反诈宣传进社区", Organizer: community, Theme: volunteer.ThemeAntiFraud,
		PlaceName: "社区广场", Place: wushe.Point{Lat: 23.13, Lng: 113.33}, Risk: volunteer.RiskLow,
		Shifts: []volunteer.Shift{{Window: wushe.NewWindow(time.Date(2026, 3, 7, 9, 0, 0, 0, time.UTC), 2*time.Hour), Headcount: 2}},
		Status: volunteer.OpportunityPublished,
	})
	if err != nil {
		panic(err)
	}
	return opp, volunteer.ShiftRef{OpportunityID: opp.ID, ShiftID: opp.Shifts[0].ID}
}

// A community posts a two-place anti-fraud shift; three volunteers sign up: two are
// confirmed, the third waits. When one cancels, the waiting volunteer gets the place.
func Example_signUp() {
	ctx := context.Background()
	clock := wushe.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	svc := exampleService(clock)
	community := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: wushe.SequentialIDs("community")()}

	_, shift := exampleShift(ctx, svc, community)
	var enrolments []volunteer.Enrolment
	for i := 1; i <= 3; i++ {
		v := exampleVolunteer(ctx, svc, i)
		e, err := svc.SignUp(ctx, v.ID, shift)
		if err != nil {
			fmt.Println(err)
			return
		}
		enrolments = append(enrolments, e)
		fmt.Printf("volunteer %d: %s\n", i, e.Status)
		clock.Advance(time.Minute)
	}
	first := volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: enrolments[0].VolunteerID}
	_, promoted, _ := svc.Cancel(ctx, first, enrolments[0].ID)
	fmt.Printf("after a cancellation, volunteer 3 is %s\n", promoted[0].Status)
	// Output:
	// volunteer 1: confirmed
	// volunteer 2: confirmed
	// volunteer 3: applied
	// after a cancellation, volunteer 3 is confirmed
}

// After a two-hour shift the organizer closes it in one call: the volunteer who checked in
// gets a verified record of the shift and its points, the one who never came is marked a
// no-show. Closing again changes nothing.
func Example_closeShift() {
	ctx := context.Background()
	clock := wushe.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	svc := exampleService(clock)
	community := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: wushe.SequentialIDs("community")()}
	opp, shift := exampleShift(ctx, svc, community)
	came, _ := svc.SignUp(ctx, exampleVolunteer(ctx, svc, 1).ID, shift)
	_, _ = svc.SignUp(ctx, exampleVolunteer(ctx, svc, 2).ID, shift)
	clock.Set(opp.Shifts[0].Window.Start)
	_, _ = svc.CheckIn(ctx, community, came.ID)

	clock.Set(opp.Shifts[0].Window.End)
	closed, err := svc.CloseShift(ctx, community, shift)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := closed.Records[0]
	fmt.Println("record:", r.Minutes, "minutes,", r.Status)
	fmt.Println("no-shows:", len(closed.NoShows), "points:", closed.Points)
	again, _ := svc.CloseShift(ctx, community, shift)
	fmt.Println("closing again gives the same:", len(again.Records), again.Records[0].ID == r.ID, again.Points)
	// Output:
	// record: 120 minutes, verified
	// no-shows: 1 points: 2
	// closing again gives the same: 1 true 2
}

// The organizer records two and a half hours of service outside any shift: with no
// enrolment behind it the record waits for verification; once verified it earns points
// and can be certified with a code anyone holding the key can check.
func Example_recordHours() {
	ctx := context.Background()
	clock := wushe.NewManualClock(time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC))
	svc := exampleService(clock)
	community := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: wushe.SequentialIDs("community")()}
	v := exampleVolunteer(ctx, svc, 1)

	rec, err := svc.RecordService(ctx, community, volunteer.ServiceRecord{
		VolunteerID: v.ID, Activity: "长者手机课堂", Content: "教长者使用智能手机", Theme: volunteer.ThemeElderlyCare,
		Window:  wushe.NewWindow(time.Date(2026, 3, 7, 9, 0, 0, 0, time.UTC), 3*time.Hour),
		Minutes: 150, Organizer: community,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("recorded:", rec.Status, "self-reported:", rec.SelfReported)
	rec, _ = svc.VerifyRecord(ctx, community, rec.ID, true)
	award, _ := svc.AwardPoints(ctx, rec.ID)
	cert, _ := svc.IssueCertificate(ctx, community, "L社区居委会", v.ID, []uuid.UUID{rec.ID})
	fmt.Println("status:", rec.Status, "late:", rec.Late)
	fmt.Println("points:", award.Transaction.Delta(volunteer.VolunteerAccount(v.ID)))
	fmt.Println("certified minutes:", cert.Minutes, "valid:", svc.VerifyCertificate(cert) == nil)
	cert.Minutes = 1500
	fmt.Println("altered certificate valid:", svc.VerifyCertificate(cert) == nil)
	// Output:
	// recorded: pending self-reported: true
	// status: verified late: false
	// points: 2.5
	// certified minutes: 150 valid: true
	// altered certificate valid: false
}

// Points are redeemed for a service from the catalogue; the same order retried posts
// once, and an order the balance cannot cover is refused.
func Example_redeemPoints() {
	ctx := context.Background()
	clock := wushe.NewManualClock(time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC))
	svc := exampleService(clock)
	admin := volunteer.Actor{Kind: volunteer.ActorAdmin, ID: wushe.SequentialIDs("admin")()}
	v := exampleVolunteer(ctx, svc, 1)
	_, _ = svc.Adjust(ctx, admin, v.ID, decimal.NewFromInt(10), "hours carried over from the paper ledger", "migration/1")

	haircut, _ := svc.AddCatalogItem(ctx, volunteer.CatalogItem{Name: "义剪一次", Cost: decimal.NewFromInt(4), Stock: 5, Active: true})
	_, err := svc.AddCatalogItem(ctx, volunteer.CatalogItem{Name: "超市购物卡", Cost: decimal.NewFromInt(4), Stock: 5, Active: true, CashEquivalent: true})
	fmt.Println("cash equivalent refused:", wushe.KindOf(err))

	first, _ := svc.Redeem(ctx, v.ID, haircut.ID, 2, "order-42")
	retry, _ := svc.Redeem(ctx, v.ID, haircut.ID, 2, "order-42")
	fmt.Println("retry is the same posting:", first.ID == retry.ID)
	_, err = svc.Redeem(ctx, v.ID, haircut.ID, 1, "order-43")
	fmt.Println("third haircut:", wushe.KindOf(err))
	balance, _ := svc.Balance(ctx, v.ID, clock.Now())
	fmt.Println("balance:", balance)
	// Output:
	// cash equivalent refused: invalid
	// retry is the same posting: true
	// third haircut: insufficient
	// balance: 2
}

// Profiles are looked up by name; an unknown name is an error, never a default.
func ExampleLookupProfile() {
	p, _ := volunteer.LookupProfile("shandong")
	fmt.Println(p.Name, p.MinAgeIndividual, p.ConsentBelow, p.ForbiddenThemesForMinors)
	_, err := volunteer.LookupProfile("atlantis")
	fmt.Println(wushe.KindOf(err))
	// Output:
	// shandong 14 18 [emergency_rescue]
	// invalid
}

// Star levels from verified hours on the CYL ladder.
func ExampleLadder_Level() {
	for _, h := range []int{99, 100, 650, 1500} {
		fmt.Printf("%d h: %d stars\n", h, volunteer.LadderCYL.Level(h*60))
	}
	// Output:
	// 99 h: 0 stars
	// 100 h: 1 stars
	// 650 h: 3 stars
	// 1500 h: 5 stars
}
