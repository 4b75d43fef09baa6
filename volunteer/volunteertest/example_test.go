package volunteertest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

var registered = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// Volunteer builds a valid adult volunteer for a test: it passes Validate and registers
// through the Service; its personal data prints masked.
func ExampleVolunteer() {
	v := volunteertest.Volunteer(7, time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), registered)
	fmt.Println("valid:", v.Validate() == nil, "status:", v.Status, "age:", v.AgeOn(registered))
	fmt.Println("ID number masked:", v.IDNumber.String() != mustReveal(v.IDNumber))
	// Output:
	// valid: true status: active age: 35
	// ID number masked: true
}

func mustReveal(r interface {
	Reveal(wushe.Entitlement) (string, error)
}) string {
	s, err := r.Reveal(wushe.StorageEntitlement())
	if err != nil {
		panic(err)
	}
	return s
}

// Opportunity builds a published opportunity with one two-hour shift of the given places.
func ExampleOpportunity() {
	start := time.Date(2026, 3, 7, 9, 0, 0, 0, time.UTC)
	o := volunteertest.Opportunity(start, 4)
	fmt.Println("valid:", o.Validate() == nil, o.Status, len(o.Shifts), "shift of", o.Shifts[0].Headcount, "places,",
		o.Shifts[0].Window.Duration())
	// Output:
	// valid: true published 1 shift of 4 places, 2h0m0s
}

// A FaultyStore fails the calls you choose: a service over it reports the store as
// unavailable and leaves nothing behind.
func ExampleNewFaultyStore() {
	ctx := context.Background()
	mem := memstore.New()
	faulty := volunteertest.NewFaultyStore(mem)
	faulty.Faults.FailOn("CreateVolunteer")
	svc, err := volunteer.NewService(faulty, &volunteer.Options{Clock: wushe.NewManualClock(registered)})
	if err != nil {
		panic(err)
	}
	v := volunteertest.Volunteer(8, time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), registered)
	_, err = svc.Register(ctx, v)
	fmt.Println("unavailable:", errors.Is(err, wushe.ErrUnavailable))
	page, _ := mem.ListVolunteers(ctx, volunteer.VolunteerFilter{})
	fmt.Println("volunteers stored:", len(page.Items), "calls:", faulty.Faults.Log())
	// Output:
	// unavailable: true
	// volunteers stored: 0 calls: [CreateVolunteer]
}
