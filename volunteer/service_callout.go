package volunteer

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// ---- emergency call-outs ----

// CallOut sends an emergency call-out to the volunteers among those the filter selects who
// qualify: active, with a home within RadiusMeters of the place, not minors when the work
// is dangerous (CallOut.Dangerous), and eligible for the work under the Service's profile
// (CheckEligibility on the call-out's theme, risk, required skills and window: age,
// guardian consent, insurance, skills). by must be the call-out's Organizer or an admin.
//
// The Service sets ID (when nil), OpenedAt (now), Status open, Invited (in ID order) and
// Reach (how many were screened, invited and left out by each rule; counts only). A
// call-out that reaches nobody is still stored: its figures then say so. Errors: invalid
// input (KindInvalid, naming the field), by not allowed (KindForbidden).
func (s *Service) CallOut(ctx context.Context, by Actor, c CallOut, among VolunteerFilter) (CallOut, error) {
	const op = "volunteer.Service.CallOut"
	now := s.now()
	if c.ID == uuid.Nil {
		c.ID = s.newID()
	}
	c.Version, c.OpenedAt, c.Status, c.CreatedAt, c.UpdatedAt = 0, now, CallOutOpen, now, now
	c.Invited, c.Acks, c.FullAt, c.ClosedAt, c.Reach = nil, nil, time.Time{}, time.Time{}, CallOutReach{}
	if err := wushe.WithOp(op, c.Validate()); err != nil {
		return CallOut{}, err
	}
	if by.Kind != ActorAdmin && by != c.Organizer {
		return CallOut{}, &wushe.Error{Op: op, Kind: wushe.KindForbidden, Entity: "CallOut", ID: c.ID.String(),
			Field: "Organizer", Msg: by.String() + " may not call out for another organizer"}
	}
	among.Page = wushe.PageRequest{}
	volunteers, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Volunteer], error) {
		f := among
		f.Page = r
		return s.store.ListVolunteers(ctx, f)
	})
	if err != nil {
		return CallOut{}, wushe.Wrap(op, err)
	}
	c.Reach = s.screen(c, volunteers, &c.Invited)
	if err := s.store.CreateCallOut(ctx, c); err != nil {
		return CallOut{}, wushe.Wrap(op, err)
	}
	c.Version = 1
	return c, nil
}

// screen decides whom the call-out reaches: it appends the invited volunteers' IDs to
// invited, in ID order, and counts the others by the first rule that leaves them out.
func (s *Service) screen(c CallOut, volunteers []Volunteer, invited *[]uuid.UUID) CallOutReach {
	reach := CallOutReach{Screened: len(volunteers), Excluded: map[string]int{}}
	work := Opportunity{Theme: c.Theme, Risk: c.Risk, Required: c.Required}
	occ := Occurrence{Window: c.Window}
	radius := float64(c.RadiusMeters)
	for _, v := range volunteers {
		reason := ""
		switch {
		case v.Status != StatusActive:
			reason = "status"
		case !v.HasHome:
			reason = "no_home"
		case !(v.Home.DistanceMeters(c.Place) <= radius): // a NaN distance is beyond too
			reason = "beyond_radius"
		case c.Dangerous() && v.AgeOn(c.Window.Start) < s.profile.AdultAge:
			reason = "minor_dangerous_work"
		default:
			reason = eligibilityReason(s.CheckEligibility(v, work, occ))
		}
		if reason != "" {
			reach.Excluded[reason]++
			continue
		}
		*invited = append(*invited, v.ID)
	}
	slices.SortFunc(*invited, wushe.CompareIDs)
	reach.Invited = len(*invited)
	if len(reach.Excluded) == 0 {
		reach.Excluded = nil
	}
	return reach
}

// eligibilityReason names what CheckEligibility refused: "skills" when skills are all
// that is missing, "eligibility" for any other rule, "" when nothing was refused.
func eligibilityReason(err error) string {
	if err == nil {
		return ""
	}
	for _, fe := range wushe.FieldErrors(err) {
		if fe.Field != "Skills" {
			return "eligibility"
		}
	}
	return "skills"
}

// errAlreadyAcknowledged stops an acknowledgement's update when the volunteer's earlier
// one still stands: nothing is written and the standing one is returned.
var errAlreadyAcknowledged = errors.New("already acknowledged")

// Acknowledge records that the volunteer answers the call-out. Acknowledgements fill the
// headcount in the order they arrive: the first Headcount are confirmed and the call-out
// becomes full; later ones are waitlisted. It runs as one atomic update of the call-out,
// so concurrent acknowledgements never confirm more than the headcount.
//
// A retry is harmless: while the volunteer's acknowledgement stands, Acknowledge returns
// it and writes nothing. A volunteer who withdrew may acknowledge again, at the end of the
// queue. Errors: an unknown call-out (KindNotFound); a volunteer the call was not sent to
// (KindForbidden); a call-out closed by its organizer or past its deadline (KindConflict).
func (s *Service) Acknowledge(ctx context.Context, volunteerID, callOutID uuid.UUID) (Acknowledgement, error) {
	const op = "volunteer.Service.Acknowledge"
	now := s.now()
	var ack Acknowledgement
	out, err := s.store.UpdateCallOut(ctx, callOutID, func(c *CallOut) error {
		if err := openForAnswers(op, *c, now); err != nil {
			return err
		}
		if !c.IsInvited(volunteerID) {
			return &wushe.Error{Op: op, Kind: wushe.KindForbidden, Entity: "CallOut", ID: c.ID.String(),
				Field: "Invited", Msg: "the call-out was not sent to volunteer " + volunteerID.String()}
		}
		if prev, ok := c.Ack(volunteerID); ok && prev.Status != AckWithdrawn {
			ack = prev
			return errAlreadyAcknowledged
		}
		ack = Acknowledgement{VolunteerID: volunteerID, At: now, Status: AckWaitlisted}
		if c.Confirmed() < c.Headcount {
			ack.Status, ack.ConfirmedAt = AckConfirmed, now
		}
		c.Acks = append(c.Acks, ack)
		c.settle(now)
		return nil
	})
	switch {
	case errors.Is(err, errAlreadyAcknowledged):
		return ack, nil
	case err != nil:
		return Acknowledgement{}, wushe.Wrap(op, err)
	}
	got, _ := out.Ack(volunteerID)
	return got, nil
}

// openForAnswers refuses answers to a call-out that is closed at now.
func openForAnswers(op string, c CallOut, now time.Time) error {
	if c.StatusAt(now) != CallOutClosed {
		return nil
	}
	msg := "is closed: its deadline to acknowledge has passed"
	if c.Status == CallOutClosed {
		msg = "is closed: its organizer closed it"
	}
	return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "CallOut", ID: c.ID.String(), Field: "Status", Msg: msg}
}

// settle sets the stored status from the confirmed count: full when the headcount is
// confirmed (recording when that first happened), open below it. A closed call-out stays
// closed.
func (c *CallOut) settle(now time.Time) {
	if c.Status == CallOutClosed {
		return
	}
	c.Status = CallOutOpen
	if c.Confirmed() >= c.Headcount {
		c.Status = CallOutFull
		if c.FullAt.IsZero() {
			c.FullAt = now
		}
	}
	c.UpdatedAt = now
}

// Withdraw takes back the volunteer's standing acknowledgement. When it held a place, the
// first waitlisted acknowledgement (in arrival order) is confirmed in its stead; with
// nobody waiting, a full call-out opens again. Errors: an unknown call-out, or no standing
// acknowledgement of the volunteer (KindNotFound).
func (s *Service) Withdraw(ctx context.Context, volunteerID, callOutID uuid.UUID) (CallOut, error) {
	const op = "volunteer.Service.Withdraw"
	now := s.now()
	out, err := s.store.UpdateCallOut(ctx, callOutID, func(c *CallOut) error {
		i := slices.IndexFunc(c.Acks, func(a Acknowledgement) bool {
			return a.VolunteerID == volunteerID && a.Status != AckWithdrawn
		})
		if i < 0 {
			return &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: "CallOut", ID: c.ID.String(),
				Field: "Acks", Msg: "volunteer " + volunteerID.String() + " has no standing acknowledgement"}
		}
		held := c.Acks[i].Status == AckConfirmed
		c.Acks[i].Status, c.Acks[i].WithdrawnAt = AckWithdrawn, now
		if held {
			if j := slices.IndexFunc(c.Acks, func(a Acknowledgement) bool { return a.Status == AckWaitlisted }); j >= 0 {
				c.Acks[j].Status, c.Acks[j].ConfirmedAt = AckConfirmed, now
			}
		}
		c.settle(now)
		return nil
	})
	if err != nil {
		return CallOut{}, wushe.Wrap(op, err)
	}
	return out, nil
}

// CloseCallOut closes the call-out now, by its organizer or an admin: no acknowledgement is
// taken after it. Closing one that is already closed by hand is KindConflict; the deadline
// closes a call-out without a write, and CloseCallOut after it records when it was closed.
func (s *Service) CloseCallOut(ctx context.Context, by Actor, id uuid.UUID) (CallOut, error) {
	const op = "volunteer.Service.CloseCallOut"
	now := s.now()
	out, err := s.store.UpdateCallOut(ctx, id, func(c *CallOut) error {
		if by.Kind != ActorAdmin && by != c.Organizer {
			return &wushe.Error{Op: op, Kind: wushe.KindForbidden, Entity: "CallOut", ID: c.ID.String(),
				Field: "Organizer", Msg: by.String() + " may not close another organizer's call-out"}
		}
		if c.Status == CallOutClosed {
			return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "CallOut", ID: c.ID.String(),
				Field: "Status", Msg: "is already closed: a closed call-out stays closed; call volunteers out again with CallOut"}
		}
		c.Status, c.ClosedAt, c.UpdatedAt = CallOutClosed, now, now
		return nil
	})
	if err != nil {
		return CallOut{}, wushe.Wrap(op, err)
	}
	return out, nil
}

// GetCallOut returns the call-out id.
func (s *Service) GetCallOut(ctx context.Context, id uuid.UUID) (CallOut, error) {
	c, err := s.store.GetCallOut(ctx, id)
	return c, wushe.Wrap("volunteer.Service.GetCallOut", err)
}

// ListCallOuts lists call-outs in ID order.
func (s *Service) ListCallOuts(ctx context.Context, f CallOutFilter) (wushe.Page[CallOut], error) {
	p, err := s.store.ListCallOuts(ctx, f)
	return p, wushe.Wrap("volunteer.Service.ListCallOuts", err)
}
