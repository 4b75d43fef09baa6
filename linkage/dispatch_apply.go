package linkage

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

// TaskForReferral returns the task that places a referral waiting for a responder (one
// rejected or failed and not yet re-referred) of need n: the need's place, group and
// raised time with the referral's category, urgency and version; a charity referral's
// quantity; and the referral's responder among those that declined.
func TaskForReferral(r Referral, n Need) DispatchTask {
	t := TaskForNeed(n)
	t.Referral, t.Version, t.Category, t.Urgency = r.ID, r.Version, r.Category, r.Urgency
	if r.Quantity.Valid && r.Responder.Kind.Charity() {
		t.Quantity = r.Quantity.Decimal
	}
	if r.Responder.ID != uuid.Nil {
		t.Declined = []uuid.UUID{r.Responder.ID}
	}
	return t
}

// ReferralResponderFor returns who a referral made from proposal p is handed to: a
// volunteer as one volunteer (ResponderVolunteer), a team as a volunteer team, an
// organization or a unit as itself, a lot as its holder (the community charity fund for a
// fund's lot, else the community's stock) named by the holder's ID, or the lot's when the
// holder has none. The second result is false for a kind it does not know.
func ReferralResponderFor(p DispatchProposal) (ReferralResponder, bool) {
	r := ReferralResponder{ID: p.Responder.ID, Name: p.Responder.Name}
	switch p.Responder.Kind {
	case DispatchVolunteer:
		r.Kind = ResponderVolunteer
	case DispatchTeam:
		r.Kind = ResponderVolunteerTeam
	case DispatchOrganization:
		r.Kind = ResponderOrganization
	case DispatchUnit:
		r.Kind = ResponderUnit
	case DispatchLot:
		r.Kind = ResponderCommunityStock
		if p.Holder.Kind == resources.HolderCommunityFund {
			r.Kind = ResponderCharityFund
		}
		if p.Holder.ID != uuid.Nil {
			r.ID = p.Holder.ID
		}
	default:
		return ReferralResponder{}, false
	}
	return r, true
}

// ApplyDispatch writes proposals of res as referrals requested by by: the proposals of
// the tasks listed (a referral's or a need's ID), or every proposal when none is listed.
// A proposal for a need is written with Refer (the ask is the need's description, else
// its category; a lot's quantity and unit go with it); one for a waiting referral with
// ReRefer, so the chain of attempts is kept.
//
// Nothing is written unless every proposal chosen is still current: its need (or
// referral) has the version the dispatch read and is open; its organization or unit has
// the version the dispatch read; the need has no open referral to the same responder.
// Otherwise the call fails with KindConflict naming each stale proposal, a task without a
// proposal is KindNotFound, and a proposal of a responder kind ReferralResponderFor does not
// know is KindInvalid; nothing is written. Then each proposal is written: a need's proposal
// first claims the need at the version read (the need's Version moves on, so a second apply
// of the same proposal, even a concurrent one, is refused with KindConflict), then refers
// it; a referral's proposal claims the referral through ReRefer.
//
// All or none: when a write fails, the referrals already written by the call are withdrawn
// (DeleteReferral at the version written, and a re-referred referral's Next is cleared
// again) and the call returns no referral and the write's error. The needs and referrals it
// claimed keep their later Version, so the dispatch is stale and must be run again. Should a withdrawal
// fail too (a responder acted on the new referral in between, or the store is down), the
// error joins the reason and names the referral left standing.
func (s *Service) ApplyDispatch(ctx context.Context, by Party, res *DispatchResult, tasks ...uuid.UUID) ([]Referral, error) {
	const op = "linkage.Service.ApplyDispatch"
	if res == nil {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "DispatchResult", Msg: "is nil"}
	}
	if err := by.Validate(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	chosen := res.Proposals
	if len(tasks) > 0 {
		chosen = make([]DispatchProposal, 0, len(tasks))
		for _, id := range tasks {
			p, ok := res.Proposal(id)
			if !ok {
				return nil, &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: "DispatchProposal", ID: id.String(), Msg: "the result proposes nothing for this task"}
			}
			chosen = append(chosen, p)
		}
	}
	needs := make([]Need, len(chosen))
	var errs []error
	for i, p := range chosen {
		n, err := s.checkProposal(ctx, op, p)
		if err != nil {
			errs = append(errs, err)
		}
		needs[i] = n
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	out := make([]Referral, 0, len(chosen))
	for i, p := range chosen {
		to, _ := ReferralResponderFor(p)
		var r Referral
		var err error
		if p.Referral != uuid.Nil {
			r, err = s.ReRefer(ctx, p.Referral, by, to)
		} else {
			r, err = s.referProposal(ctx, op, by, to, p, needs[i])
		}
		if err != nil {
			return nil, s.withdraw(ctx, op, fail(op, err), out)
		}
		out = append(out, r)
	}
	return out, nil
}

// withdraw undoes the referrals written, newest first: each is deleted at the version it
// was written with, and a re-referred referral gets its Next cleared. It returns cause,
// joined with every withdrawal that failed.
func (s *Service) withdraw(ctx context.Context, op string, cause error, written []Referral) error {
	ctx = context.WithoutCancel(ctx)
	errs := []error{cause}
	for i := len(written) - 1; i >= 0; i-- {
		r := written[i]
		if err := s.store.DeleteReferral(ctx, r.ID, r.Version); err != nil {
			errs = append(errs, refuse(op, wushe.KindOf(err), "Referral", r.ID, "ID",
				"referral %s was written and could not be withdrawn: %v", r.ID, err))
			continue
		}
		if r.Previous == uuid.Nil {
			continue
		}
		_, err := s.referrals().change(ctx, s, op, r.Previous, func(prev *Referral, _ time.Time) error {
			if prev.Next != r.ID {
				return refuse(op, wushe.KindConflict, "Referral", prev.ID, "Next", "names %s, not the withdrawn %s", prev.Next, r.ID)
			}
			prev.Next = uuid.Nil
			return nil
		})
		if err != nil {
			errs = append(errs, refuse(op, wushe.KindOf(err), "Referral", r.Previous, "Next",
				"referral %s still names the withdrawn %s as its next: %v", r.Previous, r.ID, err))
		}
	}
	if len(errs) == 1 {
		return cause
	}
	return errors.Join(errs...)
}

// checkProposal refuses a proposal that cannot be applied or is stale, and returns its
// need.
func (s *Service) checkProposal(ctx context.Context, op string, p DispatchProposal) (Need, error) {
	id := proposalKey(p).String()
	staleErr := func(field, format string, args ...any) error {
		e := wushe.E(op, wushe.KindConflict, "DispatchProposal", id, format, args...)
		e.Field = field
		return e
	}
	to, ok := ReferralResponderFor(p)
	if !ok {
		e := wushe.E(op, wushe.KindInvalid, "DispatchProposal", id, "a %q responder is not one ApplyDispatch knows; it writes volunteer, team, organization, unit and lot proposals", p.Responder.Kind)
		e.Field = "Responder.Kind"
		return Need{}, e
	}
	n, err := s.store.GetNeed(ctx, p.Need)
	if err != nil {
		return Need{}, fail(op, err)
	}
	if n.Status.Final() {
		return Need{}, staleErr("Need", "need %s is %s", n.ID, n.Status)
	}
	if p.Referral != uuid.Nil {
		r, err := s.store.GetReferral(ctx, p.Referral)
		if err != nil {
			return Need{}, fail(op, err)
		}
		if r.Version != p.TaskVersion {
			return Need{}, staleErr("TaskVersion", "referral %s is at version %d, the dispatch read version %d", r.ID, r.Version, p.TaskVersion)
		}
	} else if n.Version != p.TaskVersion {
		return Need{}, staleErr("TaskVersion", "need %s is at version %d, the dispatch read version %d", n.ID, n.Version, p.TaskVersion)
	}
	var version int64 = -1
	switch p.Responder.Kind {
	case DispatchOrganization:
		o, err := s.store.GetOrganization(ctx, p.Responder.ID)
		if err != nil {
			return Need{}, fail(op, err)
		}
		version = o.Version
	case DispatchUnit:
		u, err := s.store.GetUnit(ctx, p.Responder.ID)
		if err != nil {
			return Need{}, fail(op, err)
		}
		version = u.Version
	}
	if version >= 0 && version != p.Responder.Version {
		return Need{}, staleErr("Responder.Version", "%s %s is at version %d, the dispatch read version %d", p.Responder.Kind, p.Responder.ID, version, p.Responder.Version)
	}
	open, err := listAll(ctx, func(req wushe.PageRequest) (wushe.Page[Referral], error) {
		return s.store.ListReferrals(ctx, ReferralFilter{Need: p.Need, ResponderKind: to.Kind, ResponderID: to.ID, Page: req})
	})
	if err != nil {
		return Need{}, fail(op, err)
	}
	for _, r := range open {
		if r.Status.Open() {
			return Need{}, staleErr("Responder", "need %s already has referral %s open with this responder", n.ID, r.ID)
		}
	}
	return n, nil
}

// referProposal claims the need at the version the dispatch read, then refers it.
func (s *Service) referProposal(ctx context.Context, op string, by Party, to ReferralResponder, p DispatchProposal, n Need) (Referral, error) {
	if _, err := s.needs().change(ctx, s, op, p.Need, func(cur *Need, _ time.Time) error {
		if cur.Version != p.TaskVersion || cur.Status.Final() {
			return refuse(op, wushe.KindConflict, "DispatchProposal", p.Need, "TaskVersion",
				"need %s moved on to version %d (%s) since the dispatch read version %d", cur.ID, cur.Version, cur.Status, p.TaskVersion)
		}
		return nil
	}); err != nil {
		return Referral{}, err
	}
	ask := n.Description
	if ask == "" {
		ask = n.Category
	}
	r := Referral{Need: p.Need, Requester: by, Responder: to, Category: n.Category, Ask: ask}
	if p.Responder.Kind == DispatchLot {
		r.Quantity, r.Unit = decimal.NullDecimal{Decimal: p.Quantity, Valid: true}, p.Unit
	}
	return s.Refer(ctx, r)
}
