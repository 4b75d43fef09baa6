package resourcestest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/resources/resourcestest"
)

// The fixtures are valid as they come: a donor, a goods donation of that donor, and an
// open request for a quantity.
func ExampleDonor() {
	d := resourcestest.Donor()
	gift := resourcestest.Donation(d.ID)
	req := resourcestest.Request("12.5")
	fmt.Println(d.Validate() == nil, gift.Validate() == nil, gift.DonorID == d.ID)
	fmt.Println(req.Validate() == nil, req.Status, req.Quantity)
	// Output:
	// true true true
	// true open 12.5
}

// Lot is a valid lot of a donation, with no stock yet: stock comes only from postings.
func ExampleLot() {
	d := resourcestest.Donor()
	lot := resourcestest.Lot(resourcestest.Donation(d.ID).ID)
	fmt.Println(lot.Validate() == nil, lot.OnHand, lot.Reserved)
	// Output:
	// true 0 0
}

// A FaultyStore fails the calls you choose; a service over it reports the store as
// unavailable and nothing is stored.
func ExampleNewFaultyStore() {
	ctx := context.Background()
	mem := memstore.New()
	faulty := resourcestest.NewFaultyStore(mem)
	faulty.Faults.FailOn("CreateDonor")
	svc, err := resources.NewService(faulty, &resources.Options{Clock: wushe.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))})
	if err != nil {
		panic(err)
	}
	_, err = svc.RegisterDonor(ctx, "clerk", resourcestest.Donor())
	fmt.Println("unavailable:", errors.Is(err, wushe.ErrUnavailable))
	page, _ := mem.ListDonors(ctx, resources.DonorFilter{})
	fmt.Println("donors stored:", len(page.Items))
	// Output:
	// unavailable: true
	// donors stored: 0
}
