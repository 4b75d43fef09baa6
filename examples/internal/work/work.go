// Package work is what the example programs share to tell the referral loop: a volunteer
// team's referral gets an opportunity with one shift, the volunteers sign up and are
// checked in, and closing the shift records their verified service, which is what
// completes the referral; links are tallied by kind; and a program's test proves that it
// stops at the first store failure. It uses only the public API; a host writes the same
// calls in its own order.
package work

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/volunteer"
)

// Shift is one shift served for a referral.
type Shift struct {
	// Referral is the volunteer team's referral, accepted, in progress or on hold.
	Referral uuid.UUID
	// Opportunity is what the volunteers sign up for: its organizer checks them in and
	// closes the shift, its first shift is the one served (its other shifts are left as
	// they are).
	Opportunity volunteer.Opportunity
	// Volunteers serve the shift, in this order.
	Volunteers []uuid.UUID
}

// Serve opens the opportunity for the referral (linkage.Service.OpenOpportunity),
// publishes it and signs every volunteer up for its first shift; at the shift's start the
// organizer checks them in, and at its end closes the shift (volunteer.Service.CloseShift:
// a verified record of the whole shift for each, with its points). It moves the clock to
// the start and the end of the shift when they are ahead of it, and returns the
// opportunity and the closure. The first error stops it and is returned as it came.
func Serve(ctx context.Context, link *linkage.Service, vol *volunteer.Service, clock *wushe.ManualClock, s Shift) (volunteer.Opportunity, volunteer.ShiftClosure, error) {
	o, _, err := link.OpenOpportunity(ctx, s.Referral, s.Opportunity)
	if err != nil {
		return volunteer.Opportunity{}, volunteer.ShiftClosure{}, err
	}
	organizer := o.Organizer
	if o, err = vol.PublishOpportunity(ctx, organizer, o.ID); err != nil {
		return volunteer.Opportunity{}, volunteer.ShiftClosure{}, err
	}
	ref := volunteer.ShiftRef{OpportunityID: o.ID, ShiftID: o.Shifts[0].ID}
	window := o.Shifts[0].Window
	enrolments := make([]uuid.UUID, 0, len(s.Volunteers))
	for _, v := range s.Volunteers {
		e, err := vol.SignUp(ctx, v, ref)
		if err != nil {
			return volunteer.Opportunity{}, volunteer.ShiftClosure{}, err
		}
		enrolments = append(enrolments, e.ID)
	}
	moveTo(clock, window.Start)
	for _, id := range enrolments {
		if _, err := vol.CheckIn(ctx, organizer, id); err != nil {
			return volunteer.Opportunity{}, volunteer.ShiftClosure{}, err
		}
	}
	moveTo(clock, window.End)
	closure, err := vol.CloseShift(ctx, organizer, ref)
	if err != nil {
		return volunteer.Opportunity{}, volunteer.ShiftClosure{}, err
	}
	return o, closure, nil
}

// moveTo sets the clock to t unless it is already past it.
func moveTo(clock *wushe.ManualClock, t time.Time) {
	if clock.Now().Before(t) {
		clock.Set(t)
	}
}

// Tally is how many links of one kind there are, and from how many distinct parties.
type Tally struct {
	Links   int
	Parties int
}

// CountLinks tallies links by kind.
func CountLinks(links []linkage.Link) map[linkage.LinkKind]Tally {
	out := map[linkage.LinkKind]Tally{}
	seen := map[linkage.LinkKind]map[uuid.UUID]bool{}
	for _, l := range links {
		t := out[l.Kind]
		t.Links++
		if seen[l.Kind] == nil {
			seen[l.Kind] = map[uuid.UUID]bool{}
		}
		if !seen[l.Kind][l.From.ID] {
			seen[l.Kind][l.From.ID] = true
			t.Parties++
		}
		out[l.Kind] = t
	}
	return out
}
