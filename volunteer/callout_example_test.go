package volunteer_test

import (
	"context"
	"fmt"
	"time"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// An emergency call-out: the community calls the volunteers within a kilometre of the
// testing site; the first three to acknowledge are confirmed, the fourth waits. The figures
// come from the acknowledgements.
func Example_callOut() {
	ctx := context.Background()
	clock := wushe.NewManualClock(time.Date(2026, 3, 7, 7, 0, 0, 0, time.UTC))
	svc := exampleService(clock)
	community := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: wushe.SequentialIDs("community")()}
	var falcons []volunteer.Volunteer
	for i := 1; i <= 5; i++ {
		falcons = append(falcons, exampleVolunteer(ctx, svc, i)) // all live at 23.13, 113.32
	}

	c, err := svc.CallOut(ctx, community, volunteer.CallOut{
		Organizer: community, Title: "核酸检测点秩序维护", Theme: "epidemic_prevention", Risk: volunteer.RiskMedium,
		PlaceName: "猎德村文化广场", Place: wushe.Point{Lat: 23.1305, Lng: 113.3210}, RadiusMeters: 1000, Headcount: 3,
		Window: wushe.NewWindow(clock.Now().Add(time.Hour), 5*time.Hour), AckBy: clock.Now().Add(30 * time.Minute),
	}, volunteer.VolunteerFilter{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("invited:", c.Reach.Invited, "of", c.Reach.Screened)
	for i, minutes := range []int{2, 5, 9, 12} {
		clock.Set(c.OpenedAt.Add(time.Duration(minutes) * time.Minute))
		ack, _ := svc.Acknowledge(ctx, falcons[i].ID, c.ID)
		fmt.Printf("after %2d min: %s\n", minutes, ack.Status)
	}
	c, _ = svc.GetCallOut(ctx, c.ID)
	f := c.Figures()
	fmt.Println("first answer after", f.FirstAck, "- full after", f.ToFull, "- fill rate", f.FillRate().StringFixed(2))
	clock.Set(c.AckBy)
	_, err = svc.Acknowledge(ctx, falcons[4].ID, c.ID)
	fmt.Println("at the deadline:", wushe.KindOf(err))
	// Output:
	// invited: 5 of 5
	// after  2 min: confirmed
	// after  5 min: confirmed
	// after  9 min: confirmed
	// after 12 min: waitlisted
	// first answer after 2m0s - full after 9m0s - fill rate 1.00
	// at the deadline: conflict
}
