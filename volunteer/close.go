package volunteer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// ShiftClosure is the state CloseShift leaves a shift occurrence in, read back from the
// Store: the same whether the call did the work or found it done.
type ShiftClosure struct {
	Shift  ShiftRef     `json:"shift"`
	Window wushe.Window `json:"window"`
	// Records are the verified records of the settled attended enrolments (completed),
	// one per enrolment, in enrolment ID order.
	Records []ServiceRecord `json:"records"`
	// NoShows are the shift's enrolments marked no-show, in ID order.
	NoShows []Enrolment `json:"no_shows"`
	// AwaitingVerification are the attended enrolments (checked in or completed) that
	// CloseShift left for the organizer because the volunteer's own report of them is
	// pending, or a pending record of the volunteer with the same organizer but without
	// the enrolment holds part of the shift's time (a volunteer's time counts once: Store
	// checklist item 10), in enrolment ID order: they have no record in Records and no
	// points in Points until the organizer verifies or rejects the report (VerifyRecord)
	// and closes the shift again.
	AwaitingVerification []PendingReport `json:"awaiting_verification"`
	// Overlapping are the attended enrolments that CloseShift could not record because a
	// live record of the volunteer by another organizer holds part of the shift's time,
	// in enrolment ID order: they are not completed and earn nothing here, since the time
	// already counts (or will, once verified) on that record. Once that record is
	// rejected, closing again records the enrolment.
	Overlapping []PendingReport `json:"overlapping"`
	// Awaiting is the number of AwaitingVerification: zero once the shift is wholly
	// settled.
	Awaiting int `json:"awaiting"`
	// Points is what the volunteers' accounts hold for Records (AwardPoints under the
	// ledger rules and their caps); Penalties is what the no-shows lost (NoShowPenalty,
	// at most each balance).
	Points    decimal.Decimal `json:"points"`
	Penalties decimal.Decimal `json:"penalties"`
}

// PendingReport is an attended enrolment and the record that holds its time instead of a
// record of its own: the volunteer's own pending report of it (or, in Overlapping, a record
// of the volunteer over the shift's time): the enrolment, the volunteer, the record and
// what it claims (its window and minutes, which may differ from the shift's).
type PendingReport struct {
	EnrolmentID uuid.UUID    `json:"enrolment_id"`
	VolunteerID uuid.UUID    `json:"volunteer_id"`
	RecordID    uuid.UUID    `json:"record_id"`
	Window      wushe.Window `json:"window"`
	Minutes     int          `json:"minutes"`
}

// errUnchanged tells an update function's caller that the entity was already where the
// update would have moved it, so nothing is written.
var errUnchanged = errors.New("volunteer: already in the wanted state")

// CloseShift closes one shift occurrence after it ended, by its organizer, in one call:
//
//   - each attended enrolment (checked in, or completed by Complete) gets a verified record
//     of the whole occurrence (RecordService with the enrolment: Activity and Content are
//     the opportunity's title, Place the shift's place) unless it has a record that is not
//     rejected, is completed, and earns its points (AwardPoints); a verified record it
//     finds (the organizer's own, or a report the organizer verified) is kept as it is,
//     with its own window and minutes. A volunteer's time counts once (Store checklist item
//     10): when a live record of the volunteer without the enrolment already holds part of
//     the shift's time, that record stands for the enrolment if the organizer made it (a
//     verified one is kept as above, a pending one awaits verification as below), and
//     otherwise the enrolment is listed in Overlapping and left as it is;
//   - an attended enrolment whose record is the volunteer's own pending report is left as
//     it is, for the organizer: CloseShift neither verifies the report (its minutes may
//     differ from the shift's) nor completes the enrolment nor awards anything, and lists
//     it in AwaitingVerification. Once the organizer verifies the report (VerifyRecord),
//     closing again completes the enrolment and awards the report's points; once the
//     organizer rejects it, the report holds the enrolment no longer and closing again
//     records the enrolment afresh;
//   - each confirmed enrolment that never checked in is marked no-show and loses the
//     ledger rules' NoShowPenalty, as MarkNoShow does;
//   - waitlisted and cancelled enrolments are left as they are.
//
// It is idempotent: every step finds what an earlier call did (the enrolment's record
// that is not rejected, the status already moved, the posting's idempotency key), so a
// retry after success changes nothing and returns the same ShiftClosure, a retry after a
// failure part-way finishes the job without doubling anything, and concurrent calls
// write each thing once.
//
// Errors: an invalid ref (KindInvalid), an unknown opportunity or occurrence
// (KindNotFound), by not the opportunity's organizer (KindForbidden naming Organizer), a
// shift that has not ended (KindConflict naming Window); a store failure is returned as
// it came, and calling CloseShift again finishes the work. A pending report is no error.
func (s *Service) CloseShift(ctx context.Context, by Actor, ref ShiftRef) (ShiftClosure, error) {
	const op = "volunteer.Service.CloseShift"
	now := s.now()
	if err := ref.Validate(); err != nil {
		return ShiftClosure{}, wushe.WithOp(op, err)
	}
	o, err := s.store.GetOpportunity(ctx, ref.OpportunityID)
	if err != nil {
		return ShiftClosure{}, wushe.Wrap(op, err)
	}
	if by != o.Organizer || !by.Kind.Organizes() {
		return ShiftClosure{}, &wushe.Error{Op: op, Kind: wushe.KindForbidden, Entity: "Opportunity", ID: o.ID.String(), Field: "Organizer",
			Msg: "only the opportunity's organizer closes its shifts (" + by.String() + " is not)"}
	}
	occ, ok := o.Resolve(ref)
	if !ok {
		return ShiftClosure{}, &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: "Shift", ID: ref.String(), Msg: "no such shift occurrence"}
	}
	if now.Before(occ.Window.End) {
		return ShiftClosure{}, &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Shift", ID: ref.String(), Field: "Window",
			Msg: fmt.Sprintf("the shift ends at %s: close it after that", occ.Window.End.Format(time.RFC3339))}
	}
	es, err := s.shiftEnrolments(ctx, ref)
	if err != nil {
		return ShiftClosure{}, wushe.Wrap(op, err)
	}
	out := ShiftClosure{Shift: ref, Window: occ.Window, Points: decimal.Zero, Penalties: decimal.Zero}
	place := occ.Place
	if place == "" {
		place = o.PlaceName
	}
	for _, e := range es {
		switch e.Status {
		case EnrolmentCheckedIn, EnrolmentCompleted:
			r, err := s.closeAttended(ctx, op, by, o, occ, place, e, now)
			if err != nil {
				return ShiftClosure{}, err
			}
			if r.Status != RecordVerified || r.Organizer != o.Organizer {
				// The volunteer's own report awaits the organizer: closureState lists it.
				continue
			}
			a, err := s.AwardPoints(ctx, r.ID)
			if err != nil {
				return ShiftClosure{}, wushe.WithOp(op, err)
			}
			if a.Transaction != nil {
				out.Points = out.Points.Sub(a.Transaction.Delta(AccountIssuance)).Sub(a.Transaction.Delta(AccountAdjustments))
			}
		case EnrolmentConfirmed, EnrolmentNoShow:
			if e.Status == EnrolmentConfirmed {
				if e, err = s.closeNoShow(ctx, op, e, now); err != nil {
					return ShiftClosure{}, err
				}
			}
			if e.Status == EnrolmentNoShow && s.rules.NoShowPenalty.IsPositive() {
				tx, err := s.penalize(ctx, e)
				if err != nil {
					return ShiftClosure{}, wushe.Wrap(op, err)
				}
				if tx != nil {
					out.Penalties = out.Penalties.Add(tx.Delta(AccountPenalties))
				}
			}
		}
	}
	return s.closureState(ctx, op, o.Organizer, out)
}

// shiftEnrolments lists every enrolment of the occurrence ref, by ID.
func (s *Service) shiftEnrolments(ctx context.Context, ref ShiftRef) ([]Enrolment, error) {
	return listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Enrolment], error) {
		return s.store.ListEnrolments(ctx, EnrolmentFilter{Shift: ref, Page: r})
	})
}

// closeAttended makes sure the attended enrolment e has its verified record and is
// completed, and returns the record; when the record it finds is the volunteer's pending
// report, or another organizer's record over the shift's time, it returns that and leaves
// e as it is.
func (s *Service) closeAttended(ctx context.Context, op string, by Actor, o Opportunity, occ Occurrence, place string, e Enrolment, now time.Time) (ServiceRecord, error) {
	r, found, err := s.enrolmentRecord(ctx, e)
	if err != nil {
		return ServiceRecord{}, wushe.Wrap(op, err)
	}
	if !found {
		r, err = s.RecordService(ctx, by, ServiceRecord{VolunteerID: e.VolunteerID, OpportunityID: o.ID, EnrolmentID: e.ID,
			Activity: o.Title, Content: o.Title, Place: place, Theme: o.Theme, Window: occ.Window,
			Minutes: int(occ.Window.Duration() / time.Minute), Organizer: o.Organizer})
		if wushe.KindOf(err) == wushe.KindAlreadyExists {
			// A concurrent close recorded it first: take that record.
			var lost error
			if r, found, lost = s.enrolmentRecord(ctx, e); lost == nil && !found {
				lost = err
			}
			err = lost
		}
		var ov *RecordOverlap
		if errors.As(err, &ov) {
			// Another live record of the volunteer holds part of the shift's time.
			if r, err = s.store.GetRecord(ctx, ov.Other); err != nil {
				return ServiceRecord{}, wushe.Wrap(op, err)
			}
		}
		if err != nil {
			return ServiceRecord{}, wushe.WithOp(op, err)
		}
	}
	if e.Status == EnrolmentCompleted || r.Status == RecordPending || r.Organizer != o.Organizer {
		return r, nil
	}
	_, err = s.store.UpdateEnrolment(ctx, e.ID, func(x *Enrolment) error {
		switch x.Status {
		case EnrolmentCompleted:
			return errUnchanged
		case EnrolmentCheckedIn:
			x.Status, x.CompletedAt, x.UpdatedAt = EnrolmentCompleted, now, now
			return nil
		}
		return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Enrolment", ID: x.ID.String(), Field: "Status",
			Msg: enrolmentStateMsg(op, x.Status, []EnrolmentStatus{EnrolmentCheckedIn, EnrolmentCompleted})}
	})
	if err != nil && !errors.Is(err, errUnchanged) {
		return ServiceRecord{}, wushe.Wrap(op, err)
	}
	return r, nil
}

// enrolmentRecord returns the record of enrolment e that is not rejected, if there is
// one: a rejected record counts as no record, and the enrolment is recorded afresh.
func (s *Service) enrolmentRecord(ctx context.Context, e Enrolment) (ServiceRecord, bool, error) {
	rs, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[ServiceRecord], error) {
		return s.store.ListRecords(ctx, RecordFilter{EnrolmentID: e.ID, VolunteerID: e.VolunteerID, Page: r})
	})
	if err != nil {
		return ServiceRecord{}, false, err
	}
	for _, r := range rs {
		if r.Status != RecordRejected {
			return r, true, nil
		}
	}
	return ServiceRecord{}, false, nil
}

// closeNoShow marks the confirmed enrolment e a no-show (or finds it marked) and returns
// it as stored.
func (s *Service) closeNoShow(ctx context.Context, op string, e Enrolment, now time.Time) (Enrolment, error) {
	out, err := s.store.UpdateEnrolment(ctx, e.ID, func(x *Enrolment) error {
		switch x.Status {
		case EnrolmentNoShow:
			return errUnchanged
		case EnrolmentConfirmed:
			x.Status, x.UpdatedAt = EnrolmentNoShow, now
			return nil
		}
		return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Enrolment", ID: x.ID.String(), Field: "Status",
			Msg: enrolmentStateMsg(op, x.Status, []EnrolmentStatus{EnrolmentConfirmed})}
	})
	if errors.Is(err, errUnchanged) {
		out, err = s.store.GetEnrolment(ctx, e.ID)
	}
	if err != nil {
		return Enrolment{}, wushe.Wrap(op, err)
	}
	return out, nil
}

// heldBy returns the first live record (by ID) of the volunteer whose window overlaps w:
// the one that holds a shift's time when its enrolment could not be recorded. It reads
// the volunteer's records that start before w ends, so it is only asked for an attended
// enrolment that has no record of its own.
func (s *Service) heldBy(ctx context.Context, volunteerID uuid.UUID, w wushe.Window) (ServiceRecord, bool, error) {
	rs, err := s.volunteerRecords(ctx, volunteerID, RecordFilter{To: w.End})
	if err != nil {
		return ServiceRecord{}, false, err
	}
	for _, r := range rs {
		if r.Live() && r.Window.Overlaps(w) {
			return r, true, nil
		}
	}
	return ServiceRecord{}, false, nil
}

// closureState fills c's Records, NoShows, AwaitingVerification and Overlapping from the
// Store; organizer is the opportunity's.
func (s *Service) closureState(ctx context.Context, op string, organizer Actor, c ShiftClosure) (ShiftClosure, error) {
	es, err := s.shiftEnrolments(ctx, c.Shift)
	if err != nil {
		return ShiftClosure{}, wushe.Wrap(op, err)
	}
	c.Records, c.NoShows, c.AwaitingVerification, c.Overlapping = []ServiceRecord{}, []Enrolment{}, []PendingReport{}, []PendingReport{}
	for _, e := range es {
		switch e.Status {
		case EnrolmentCheckedIn, EnrolmentCompleted:
			r, found, err := s.enrolmentRecord(ctx, e)
			if err == nil && !found {
				r, found, err = s.heldBy(ctx, e.VolunteerID, c.Window)
			}
			if err != nil {
				return ShiftClosure{}, wushe.Wrap(op, err)
			}
			held := PendingReport{EnrolmentID: e.ID, VolunteerID: e.VolunteerID, RecordID: r.ID, Window: r.Window, Minutes: r.Minutes}
			switch {
			case !found:
			case r.Organizer != organizer:
				c.Overlapping = append(c.Overlapping, held)
			case r.Status == RecordPending:
				c.AwaitingVerification = append(c.AwaitingVerification, held)
			case e.Status == EnrolmentCompleted:
				c.Records = append(c.Records, r)
			}
		case EnrolmentNoShow:
			c.NoShows = append(c.NoShows, e)
		}
	}
	c.Awaiting = len(c.AwaitingVerification)
	return c, nil
}
