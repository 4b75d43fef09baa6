// Package work is the volunteer part of the referral loop as the example programs tell it:
// a volunteer team's referral gets an opportunity with one shift, the volunteers sign up,
// serve, and the organizer records their service, which is what completes the referral.
// It uses only the public API; a host writes the same calls in its own order.
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
	// Opportunity is what the volunteers sign up for: its organizer records the service,
	// its first shift is the one served (its other shifts are left as they are).
	Opportunity volunteer.Opportunity
	// Volunteers serve the shift, in this order.
	Volunteers []uuid.UUID
	// Content says what they did, on every record.
	Content string
}

// Serve opens the opportunity for the referral (linkage.Service.OpenOpportunity),
// publishes it, signs every volunteer up for its first shift, moves the clock to the end of
// the shift, completes each enrolment and records the volunteer's service for the whole
// shift. It returns the opportunity and the records, in the volunteers' order. The first
// error stops it and is returned as it came.
func Serve(ctx context.Context, link *linkage.Service, vol *volunteer.Service, clock *wushe.ManualClock, s Shift) (volunteer.Opportunity, []volunteer.ServiceRecord, error) {
	o, _, err := link.OpenOpportunity(ctx, s.Referral, s.Opportunity)
	if err != nil {
		return volunteer.Opportunity{}, nil, err
	}
	organizer := o.Organizer
	if o, err = vol.PublishOpportunity(ctx, organizer, o.ID); err != nil {
		return volunteer.Opportunity{}, nil, err
	}
	shift := o.Shifts[0]
	enrolments := make([]volunteer.Enrolment, 0, len(s.Volunteers))
	for _, v := range s.Volunteers {
		e, err := vol.SignUp(ctx, v, volunteer.ShiftRef{OpportunityID: o.ID, ShiftID: shift.ID})
		if err != nil {
			return volunteer.Opportunity{}, nil, err
		}
		enrolments = append(enrolments, e)
	}
	if clock.Now().Before(shift.Window.End) {
		clock.Set(shift.Window.End)
	}
	records := make([]volunteer.ServiceRecord, 0, len(enrolments))
	for _, e := range enrolments {
		if _, err := vol.Complete(ctx, organizer, e.ID); err != nil {
			return volunteer.Opportunity{}, nil, err
		}
		r, err := vol.RecordService(ctx, organizer, volunteer.ServiceRecord{VolunteerID: e.VolunteerID, OpportunityID: o.ID,
			EnrolmentID: e.ID, Activity: o.Title, Content: s.Content, Place: o.PlaceName, Theme: o.Theme,
			Window: shift.Window, Minutes: int(shift.Window.Duration() / time.Minute), Organizer: organizer})
		if err != nil {
			return volunteer.Opportunity{}, nil, err
		}
		records = append(records, r)
	}
	return o, records, nil
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
