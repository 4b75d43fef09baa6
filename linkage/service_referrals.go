package linkage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/clone"
)

func (s *Service) referrals() kind[Referral] {
	return kind[Referral]{"Referral", func(x *Referral) (*uuid.UUID, *int64, *time.Time, *time.Time) {
		return &x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt
	}, Referral.Validate, s.store.CreateReferral, s.store.UpdateReferral}
}

func (s *Service) followUps() kind[FollowUp] {
	return kind[FollowUp]{"FollowUp", func(x *FollowUp) (*uuid.UUID, *int64, *time.Time, *time.Time) {
		return &x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt
	}, FollowUp.Validate, s.store.CreateFollowUp, s.store.UpdateFollowUp}
}

// Deadlines returns the deadline profile the Service gives new referrals.
func (s *Service) Deadlines() DeadlineProfile { return clone.Of(s.deadlines) }

// Refer hands a need, or one part of it, to a responder: the referral is requested now,
// its community and (unless set) its urgency are the need's, and its deadlines come from
// the Service's DeadlineProfile for that urgency; a RespondBy or ResolveBy the requester
// set is kept when it is earlier. The life-cycle fields (status, their times, work, links,
// escalations, events, Previous and Next) are the Service's: what r carries in them is
// ignored. A responder with a nil ID offers the referral to any responder of the kind.
//
// Errors: a need that does not exist is KindNotFound; a need that is met or closed is
// KindConflict; an invalid referral is KindInvalid with every problem listed.
func (s *Service) Refer(ctx context.Context, r Referral) (Referral, error) {
	const op = "linkage.Service.Refer"
	r.Previous = uuid.Nil
	return s.refer(ctx, op, r)
}

// refer checks the need and creates r as a new requested referral.
func (s *Service) refer(ctx context.Context, op string, r Referral) (Referral, error) {
	n, err := s.store.GetNeed(ctx, r.Need)
	if err != nil {
		return Referral{}, notFound(op, "Referral", "Need", "need", r.Need, err)
	}
	if n.Status.Final() {
		return Referral{}, refuse(op, wushe.KindConflict, "Referral", r.ID, "Need", "need %s is %s and takes no referral: only a need that is not met or closed does; raise a new one with RaiseNeed", n.ID, n.Status)
	}
	now := s.clock.Now()
	r = clone.Of(r)
	r.Community = n.Community
	if r.Urgency == "" {
		r.Urgency = n.Urgency
	}
	r.Status, r.RequestedAt = ReferralRequested, now
	r.ReceivedAt, r.RespondedAt, r.StartedAt, r.ClosedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	r.Reason, r.Next, r.Work, r.Links, r.Escalations, r.Events = "", uuid.Nil, nil, nil, nil, nil
	if dl, ok := s.deadlines.ByUrgency[r.Urgency]; ok {
		r.RespondBy = earliest(r.RespondBy, now.Add(dl.Respond))
		r.ResolveBy = earliest(r.ResolveBy, now.Add(dl.Resolve))
	}
	return s.referrals().register(ctx, s, op, r)
}

// earliest returns the earlier of a set time and def; an unset a gives def.
func earliest(a, def time.Time) time.Time {
	if a.IsZero() || def.Before(a) {
		return def
	}
	return a
}

// ReRefer hands a rejected or failed referral's ask to another responder: a new referral
// with Previous naming the old one, the same need, requester, supervisor, ask, quantity
// and urgency, new deadlines from now. The old referral records the new one in Next, so a
// referral is re-referred at most once and the chain of attempts stays readable from
// either end.
//
// The old referral is claimed first (Next set atomically), then the new one is created;
// if creating fails the claim is taken back. Two concurrent ReRefers of one referral:
// exactly one wins, the other gets KindConflict.
//
// Errors: a referral that is not rejected or failed, or that was re-referred already, is
// KindConflict; by must be the referral's requester or supervisor (KindForbidden).
func (s *Service) ReRefer(ctx context.Context, id uuid.UUID, by Party, to ReferralResponder) (Referral, error) {
	const op = "linkage.Service.ReRefer"
	return s.reRefer(ctx, op, id, by, to, ReferralRejected, ReferralFailed)
}

// reRefer claims the referral id, which must be in one of from, and creates its
// successor, handed to to.
func (s *Service) reRefer(ctx context.Context, op string, id uuid.UUID, by Party, to ReferralResponder, from ...ReferralStatus) (Referral, error) {
	if err := wushe.WithOp(op, to.Validate()); err != nil {
		return Referral{}, err
	}
	next := s.newID()
	claim := func(want, set uuid.UUID) (Referral, error) {
		return s.referrals().change(ctx, s, op, id, func(r *Referral, _ time.Time) error {
			if want == uuid.Nil {
				if err := requesterSide(op, r, by); err != nil {
					return err
				}
				if !oneOf(r.Status, from...) {
					return refuse(op, wushe.KindConflict, "Referral", id, "Status", "is %s: only a %s referral is re-referred; a referral still open is cancelled with CancelReferral and the need referred again with Refer", r.Status, orList(from))
				}
			}
			if r.Next != want {
				return refuse(op, wushe.KindConflict, "Referral", id, "Next", "was re-referred already as %s", r.Next)
			}
			r.Next = set
			return nil
		})
	}
	old, err := claim(uuid.Nil, next)
	if err != nil {
		return Referral{}, err
	}
	nr := Referral{ID: next, Need: old.Need, Project: old.Project, Requester: old.Requester, Supervisor: old.Supervisor,
		Responder: to, Category: old.Category, Ask: old.Ask, Quantity: old.Quantity, Unit: old.Unit,
		Urgency: old.Urgency, Previous: old.ID}
	created, err := s.refer(ctx, op, nr)
	if err != nil {
		if _, rerr := claim(next, uuid.Nil); rerr != nil {
			return Referral{}, errors.Join(err, rerr)
		}
		return Referral{}, err
	}
	return created, nil
}

// requesterSide refuses by unless it is the referral's requester or supervisor.
func requesterSide(op string, r *Referral, by Party) error {
	if by.ID == uuid.Nil || (by != r.Requester && by != r.Supervisor) {
		return refuse(op, wushe.KindForbidden, "Referral", r.ID, "Requester", "%s %s is not the referral's requester or supervisor", by.Kind, by.ID)
	}
	return nil
}

// responderSide refuses by unless it is the referral's responder; a referral offered to
// any responder of a kind (nil Responder.ID) is answered (received, accepted or rejected)
// by any responder of the kind, and accepting or rejecting it names that responder.
func responderSide(op string, r *Referral, by ReferralResponder, to ReferralStatus) error {
	switch {
	case by.ID == uuid.Nil || by.Kind != r.Responder.Kind:
	case r.Responder.ID == by.ID:
		return nil
	case r.Responder.ID == uuid.Nil && oneOf(to, ReferralReceived, ReferralAccepted, ReferralRejected):
		return nil
	}
	return refuse(op, wushe.KindForbidden, "Referral", r.ID, "Responder", "%s %s is not the referral's responder", by.Kind, by.ID)
}

// move is one move of the closed loop: the side's check, the edge, the stamps and the
// event. It returns the referral moved in place.
func move(op string, r *Referral, side Side, to ReferralStatus, reason string, now time.Time) error {
	if err := edge(op, r, side, to); err != nil {
		return err
	}
	// A clock set back must not make the times run backwards.
	for _, t := range []time.Time{r.RequestedAt, r.ReceivedAt, r.RespondedAt, r.StartedAt} {
		if now.Before(t) {
			now = t
		}
	}
	switch to {
	case ReferralReceived:
		r.ReceivedAt = now
	case ReferralAccepted, ReferralRejected:
		r.RespondedAt = now
	case ReferralInProgress:
		if r.StartedAt.IsZero() {
			r.StartedAt = now
		}
	}
	if to.Final() {
		r.ClosedAt = now
		r.Reason = reason
	}
	r.Events = append(r.Events, ReferralEvent{At: now, Side: side, From: r.Status, To: to, Reason: reason})
	r.Status = to
	return nil
}

// edge refuses a move that is not an edge of side from the referral's status: KindForbidden
// when it is the other side's edge, KindConflict otherwise.
func edge(op string, r *Referral, side Side, to ReferralStatus) error {
	if r.Status.CanMoveTo(to, side) {
		return nil
	}
	if r.Status.CanMoveTo(to, otherSide(side)) {
		return refuse(op, wushe.KindForbidden, "Referral", r.ID, "Status", "the %s cannot move a referral from %s to %s: only the %s does, with %s",
			side, r.Status, to, otherSide(side), referralCalls[to])
	}
	return refuse(op, wushe.KindConflict, "Referral", r.ID, "Status", "the %s cannot move a referral from %s to %s: %s", side, r.Status, to, howToReach(r.Status, side, to))
}

// referralCalls names the Service call that moves a referral into each status.
var referralCalls = map[ReferralStatus]string{
	ReferralReceived: "ReceiveReferral", ReferralAccepted: "AcceptReferral", ReferralRejected: "RejectReferral",
	ReferralInProgress: "StartReferral", ReferralOnHold: "HoldReferral", ReferralCompleted: "CompleteReferral",
	ReferralFailed: "FailReferral", ReferralCancelled: "CancelReferral",
}

// howToReach says what a refused move of side from status at to status to needs: the
// status it is made from and the call that gets there, or, from a final status, a new
// referral.
func howToReach(at ReferralStatus, side Side, to ReferralStatus) string {
	if at.Final() {
		return "the referral is final; hand the need on with ReRefer (after rejected or failed) or a new Refer"
	}
	var from []ReferralStatus
	for _, s := range ReferralStatuses() {
		if s.CanMoveTo(to, side) {
			from = append(from, s)
		}
	}
	if len(from) == 0 {
		return "no move of the " + string(side) + " reaches " + string(to)
	}
	first, call := from[0], referralCalls[from[0]]
	if at == ReferralOnHold && slices.Contains(from, ReferralInProgress) {
		first, call = ReferralInProgress, "ResumeReferral"
	}
	return fmt.Sprintf("it moves to %s from %s; move it to %s first with %s", to, orList(from), first, call)
}

// orList writes values as "a, b or c" for a message.
func orList[T ~string](values []T) string {
	names := make([]string, len(values))
	for i, v := range values {
		names[i] = string(v)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func otherSide(s Side) Side {
	if s == SideRequester {
		return SideResponder
	}
	return SideRequester
}

// respond runs a responder's move on the referral id and then brings its need along.
func (s *Service) respond(ctx context.Context, op string, id uuid.UUID, by ReferralResponder, to ReferralStatus, reason string) (Referral, error) {
	r, err := s.referrals().change(ctx, s, op, id, func(r *Referral, now time.Time) error {
		// The status first: the loser of an accept race learns that the referral was
		// taken (a conflict), not that it is no longer its responder.
		if err := edge(op, r, SideResponder, to); err != nil {
			return err
		}
		if err := responderSide(op, r, by, to); err != nil {
			return err
		}
		if err := move(op, r, SideResponder, to, reason, now); err != nil {
			return err
		}
		if to == ReferralAccepted || to == ReferralRejected {
			r.Responder.ID = by.ID
			if r.Responder.Name == "" {
				r.Responder.Name = by.Name
			}
		}
		return nil
	})
	if err != nil {
		return Referral{}, err
	}
	if _, err := s.syncNeed(ctx, op, r.Need); err != nil {
		return r, err
	}
	return r, nil
}

// needReason refuses an empty reason.
func needReason(op string, id uuid.UUID, reason string) error {
	if reason == "" {
		return refuse(op, wushe.KindInvalid, "Referral", id, "Reason", "a reason is required")
	}
	return nil
}

// ReceiveReferral records that the responder has seen the referral (requested to
// received). Responder edges, here and below, are refused with KindForbidden for anyone
// but the referral's responder (or, for a referral offered to any responder of a kind,
// anyone of that kind) and with KindConflict when the referral is not in a status the
// edge leaves.
func (s *Service) ReceiveReferral(ctx context.Context, id uuid.UUID, by ReferralResponder) (Referral, error) {
	return s.respond(ctx, "linkage.Service.ReceiveReferral", id, by, ReferralReceived, "")
}

// AcceptReferral records the responder's acceptance (requested or received to accepted)
// and makes by the referral's responder. One responder at a time: when several accept
// at once, exactly one succeeds and the others get KindConflict. The need moves to
// planned if it was open.
func (s *Service) AcceptReferral(ctx context.Context, id uuid.UUID, by ReferralResponder) (Referral, error) {
	return s.respond(ctx, "linkage.Service.AcceptReferral", id, by, ReferralAccepted, "")
}

// RejectReferral records the responder's refusal with its reason (requested or received
// to rejected). The requester may then ReRefer it.
func (s *Service) RejectReferral(ctx context.Context, id uuid.UUID, by ReferralResponder, reason string) (Referral, error) {
	const op = "linkage.Service.RejectReferral"
	if err := needReason(op, id, reason); err != nil {
		return Referral{}, err
	}
	return s.respond(ctx, op, id, by, ReferralRejected, reason)
}

// StartReferral records that work has started (accepted to in_progress). The need moves
// to in_progress (through planned) if it was not there yet.
func (s *Service) StartReferral(ctx context.Context, id uuid.UUID, by ReferralResponder) (Referral, error) {
	return s.respond(ctx, "linkage.Service.StartReferral", id, by, ReferralInProgress, "")
}

// HoldReferral pauses the work (in_progress to on_hold); the reason is kept in the event.
func (s *Service) HoldReferral(ctx context.Context, id uuid.UUID, by ReferralResponder, reason string) (Referral, error) {
	const op = "linkage.Service.HoldReferral"
	if err := needReason(op, id, reason); err != nil {
		return Referral{}, err
	}
	return s.respond(ctx, op, id, by, ReferralOnHold, reason)
}

// ResumeReferral takes the work up again (on_hold to in_progress).
func (s *Service) ResumeReferral(ctx context.Context, id uuid.UUID, by ReferralResponder) (Referral, error) {
	return s.respond(ctx, "linkage.Service.ResumeReferral", id, by, ReferralInProgress, "")
}

// FailReferral records that the responder could not do the work (accepted, in_progress
// or on_hold to failed), with the reason. The requester may then ReRefer it.
func (s *Service) FailReferral(ctx context.Context, id uuid.UUID, by ReferralResponder, reason string) (Referral, error) {
	const op = "linkage.Service.FailReferral"
	if err := needReason(op, id, reason); err != nil {
		return Referral{}, err
	}
	return s.respond(ctx, op, id, by, ReferralFailed, reason)
}

// CancelReferral withdraws a referral that is not final, with the reason: the
// requester's only edge. by must be the requester or the supervisor (KindForbidden
// otherwise); a final referral is KindConflict.
func (s *Service) CancelReferral(ctx context.Context, id uuid.UUID, by Party, reason string) (Referral, error) {
	const op = "linkage.Service.CancelReferral"
	if err := needReason(op, id, reason); err != nil {
		return Referral{}, err
	}
	return s.referrals().change(ctx, s, op, id, func(r *Referral, now time.Time) error {
		if err := requesterSide(op, r, by); err != nil {
			return err
		}
		return move(op, r, SideRequester, ReferralCancelled, reason, now)
	})
}

// GetReferral returns the referral with the given ID.
func (s *Service) GetReferral(ctx context.Context, id uuid.UUID) (Referral, error) {
	r, err := s.store.GetReferral(ctx, id)
	return r, wushe.Wrap("linkage.Service.GetReferral", err)
}

// ListReferrals returns one page of the referrals matching f.
func (s *Service) ListReferrals(ctx context.Context, f ReferralFilter) (wushe.Page[Referral], error) {
	p, err := s.store.ListReferrals(ctx, f)
	return p, wushe.Wrap("linkage.Service.ListReferrals", err)
}

// EscalateOverdue escalates every referral of the community that has missed its current
// deadline by the Service clock's now and was not escalated for that deadline yet: it
// records an Escalation naming the requester's supervisor (when the referral names one)
// and, for a whistle, the community's street office. A referral is escalated at most once
// per deadline (once for answering late, once for resolving late). It returns the
// referrals it escalated, in ID order.
func (s *Service) EscalateOverdue(ctx context.Context, community uuid.UUID) ([]Referral, error) {
	const op = "linkage.Service.EscalateOverdue"
	c, err := s.requireCommunity(ctx, op, "Referral", "Community", community)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var due []uuid.UUID
	f := ReferralFilter{Community: community, DueBefore: now, Page: wushe.PageRequest{Limit: wushe.MaxPageLimit}}
	for {
		page, err := s.store.ListReferrals(ctx, f)
		if err != nil {
			return nil, fail(op, err)
		}
		for _, r := range page.Items {
			if k, ok := r.Overdue(now); ok && !r.Escalated(k) {
				due = append(due, r.ID)
			}
		}
		if page.Next == uuid.Nil {
			break
		}
		f.Page.After = page.Next
	}
	var out []Referral
	for _, id := range due {
		r, err := s.referrals().change(ctx, s, op, id, func(r *Referral, at time.Time) error {
			k, ok := r.Overdue(at)
			if !ok || r.Escalated(k) {
				return errNothingToDo
			}
			e := Escalation{At: at, Missed: k, Supervisor: r.Supervisor}
			if r.Whistle() {
				e.StreetOffice = c.StreetOffice
				if e.StreetOffice == "" {
					e.StreetOffice = c.Name
				}
			}
			r.Escalations = append(r.Escalations, e)
			return nil
		})
		if errors.Is(err, errNothingToDo) {
			continue
		}
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// errNothingToDo stops an update that finds the work already done.
var errNothingToDo = errors.New("linkage: nothing to do")
