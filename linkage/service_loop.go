package linkage

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// walkAll reads every page of a list, the largest pages first.
func walkAll[T any](ctx context.Context, op string, list func(wushe.PageRequest) (wushe.Page[T], error)) ([]T, error) {
	var out []T
	req := wushe.PageRequest{Limit: wushe.MaxPageLimit}
	for {
		page, err := list(req)
		if err != nil {
			return nil, fail(op, err)
		}
		out = append(out, page.Items...)
		if page.Next == uuid.Nil {
			return out, nil
		}
		req.After = page.Next
	}
}

// needReferrals returns every referral of the need, in ID order.
func (s *Service) needReferrals(ctx context.Context, op string, need uuid.UUID) ([]Referral, error) {
	return walkAll(ctx, op, func(req wushe.PageRequest) (wushe.Page[Referral], error) {
		return s.store.ListReferrals(ctx, ReferralFilter{Need: need, Page: req})
	})
}

// needFollowUps returns every follow-up of the need, latest call last (ties by ID).
func (s *Service) needFollowUps(ctx context.Context, op string, need uuid.UUID) ([]FollowUp, error) {
	fs, err := walkAll(ctx, op, func(req wushe.PageRequest) (wushe.Page[FollowUp], error) {
		return s.store.ListFollowUps(ctx, FollowUpFilter{Need: need, Page: req})
	})
	slices.SortStableFunc(fs, func(a, b FollowUp) int { return a.CalledAt.Compare(b.CalledAt) })
	return fs, err
}

// NeedProgress is where a need's referrals and follow-ups say it stands.
type NeedProgress struct {
	// Accepted: some referral was accepted (and not rejected): the need is planned.
	Accepted bool
	// Started: work started on some referral: the need is in progress.
	Started bool
	// Open counts the referrals that are not final; Completed those completed.
	Open, Completed int
	// Content: the latest follow-up call found the resident satisfied or basically
	// satisfied.
	Content bool
}

// Status is the need status the progress warrants: met when no referral is open, at
// least one is completed and the latest follow-up is content; in_progress once work has
// started; planned once a referral is accepted; open otherwise.
func (p NeedProgress) Status() NeedStatus {
	switch {
	case p.Open == 0 && p.Completed > 0 && p.Content:
		return NeedMet
	case p.Started:
		return NeedInProgress
	case p.Accepted:
		return NeedPlanned
	}
	return NeedOpen
}

// progress reads the need's referrals and follow-ups.
func (s *Service) progress(ctx context.Context, op string, need uuid.UUID) (NeedProgress, []Referral, error) {
	rs, err := s.needReferrals(ctx, op, need)
	if err != nil {
		return NeedProgress{}, nil, err
	}
	fs, err := s.needFollowUps(ctx, op, need)
	if err != nil {
		return NeedProgress{}, nil, err
	}
	var p NeedProgress
	for _, r := range rs {
		p.Accepted = p.Accepted || (r.Status.Answered() && r.Status != ReferralRejected)
		p.Started = p.Started || !r.StartedAt.IsZero()
		if r.Status.Open() {
			p.Open++
		}
		if r.Status == ReferralCompleted {
			p.Completed++
		}
	}
	p.Content = len(fs) > 0 && fs[len(fs)-1].Answer.Content()
	return p, rs, nil
}

// SyncNeed brings the need's status up to what its referrals and follow-ups warrant
// (NeedProgress.Status): planned when its first referral is accepted, in_progress when
// work starts, met when every referral is final, at least one completed, and the latest
// follow-up found the resident satisfied or basically satisfied. It only moves forward
// and never touches a final need. Every referral move and follow-up calls it; a host
// calls it to mend a need whose move failed after the referral's was written.
func (s *Service) SyncNeed(ctx context.Context, id uuid.UUID) (Need, error) {
	return s.syncNeed(ctx, "linkage.Service.SyncNeed", id)
}

func (s *Service) syncNeed(ctx context.Context, op string, id uuid.UUID) (Need, error) {
	p, _, err := s.progress(ctx, op, id)
	if err != nil {
		return Need{}, err
	}
	want := p.Status()
	n, err := s.needs().change(ctx, s, op, id, func(n *Need, now time.Time) error {
		if n.Status.Final() || n.Status == want {
			return errNothingToDo
		}
		moved := false
		for _, st := range []NeedStatus{NeedPlanned, NeedInProgress, NeedMet} {
			if st.Rank() <= n.Status.Rank() || st.Rank() > want.Rank() {
				continue
			}
			if err := advanceNeed(op, n, st, "", now); err != nil {
				return err
			}
			moved = true
		}
		if !moved {
			return errNothingToDo
		}
		return nil
	})
	if errors.Is(err, errNothingToDo) {
		n, err = s.store.GetNeed(ctx, id)
		return n, wushe.Wrap(op, err)
	}
	return n, err
}

// Rank orders the need statuses along the way to met: open 0, planned 1, in_progress 2,
// met 3; closed_unmet is -1.
func (s NeedStatus) Rank() int {
	return slices.Index([]NeedStatus{NeedOpen, NeedPlanned, NeedInProgress, NeedMet}, s)
}

// FollowUpOutcome is what recording a follow-up did: the call, the need as it now stands,
// and the new referral an unsatisfied answer opened (nil otherwise).
type FollowUpOutcome struct {
	FollowUp FollowUp  `json:"follow_up"`
	Need     Need      `json:"need"`
	Reopened *Referral `json:"reopened,omitempty"`
}

// FollowUpNeed records a follow-up call (回访) to the resident about a need: who called
// (f.Caller), when (f.CalledAt, now when zero; never in the future) and the answer. The
// community is the need's. Then:
//   - a satisfied or basically satisfied answer makes the need met once every referral
//     is final and at least one is completed (see SyncNeed);
//   - an unsatisfied answer reopens the need with a new referral: the completed referral
//     the call asked about (f.Referral), or else the latest completed one not re-referred
//     yet, is re-referred to the same responder (Previous naming it). With no completed
//     referral there is nothing to reopen, and the call is only recorded.
//
// Errors: a need that does not exist is KindNotFound, a met or closed need KindConflict;
// a follow-up naming a referral of another need is KindInvalid, and nothing is written.
func (s *Service) FollowUpNeed(ctx context.Context, f FollowUp) (FollowUpOutcome, error) {
	const op = "linkage.Service.FollowUpNeed"
	n, err := s.store.GetNeed(ctx, f.Need)
	if err != nil {
		return FollowUpOutcome{}, notFound(op, "FollowUp", "Need", "need", f.Need, err)
	}
	if n.Status.Final() {
		return FollowUpOutcome{}, refuse(op, wushe.KindConflict, "FollowUp", f.ID, "Need", "need %s is %s: a met or closed need takes no follow-up; raise a new one with RaiseNeed", n.ID, n.Status)
	}
	now := s.clock.Now()
	if f.CalledAt.IsZero() {
		f.CalledAt = now
	}
	if f.CalledAt.After(now) {
		return FollowUpOutcome{}, refuse(op, wushe.KindInvalid, "FollowUp", f.ID, "CalledAt", "is in the future")
	}
	f.Community = n.Community
	if f.Referral != uuid.Nil {
		r, err := s.store.GetReferral(ctx, f.Referral)
		if err != nil && wushe.KindOf(err) != wushe.KindNotFound {
			return FollowUpOutcome{}, fail(op, err)
		}
		if err != nil || r.Need != f.Need {
			return FollowUpOutcome{}, refuse(op, wushe.KindInvalid, "FollowUp", f.ID, "Referral", "%s is not a referral of need %s", f.Referral, f.Need)
		}
	}
	rec, err := s.followUps().register(ctx, s, op, f)
	if err != nil {
		return FollowUpOutcome{}, err
	}
	out := FollowUpOutcome{FollowUp: rec}
	if !rec.Answer.Content() {
		_, rs, err := s.progress(ctx, op, n.ID)
		if err != nil {
			return out, err
		}
		var last *Referral
		for i := range rs {
			r := &rs[i]
			if r.Status != ReferralCompleted || r.Next != uuid.Nil {
				continue
			}
			if r.ID == rec.Referral || (rec.Referral == uuid.Nil && (last == nil || r.ClosedAt.After(last.ClosedAt))) {
				last = r
			}
		}
		if last != nil {
			nr, err := s.reRefer(ctx, op, last.ID, last.Requester, last.Responder, ReferralCompleted)
			if err != nil {
				return out, err
			}
			out.Reopened = &nr
		}
	}
	out.Need, err = s.syncNeed(ctx, op, n.ID)
	return out, err
}

// ListFollowUps returns one page of the follow-up calls matching f.
func (s *Service) ListFollowUps(ctx context.Context, f FollowUpFilter) (wushe.Page[FollowUp], error) {
	p, err := s.store.ListFollowUps(ctx, f)
	return p, wushe.Wrap("linkage.Service.ListFollowUps", err)
}

// GetFollowUp returns the follow-up call with the given ID.
func (s *Service) GetFollowUp(ctx context.Context, id uuid.UUID) (FollowUp, error) {
	f, err := s.store.GetFollowUp(ctx, id)
	return f, wushe.Wrap("linkage.Service.GetFollowUp", err)
}
