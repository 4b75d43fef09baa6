package linkage

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/clone"
)

// RaiseNeed records a new need: status open, raised now (or at n.RaisedAt when the caller
// records a need found earlier; it cannot be in the future). The community must exist and
// n.Area, when set, must be one of its areas.
func (s *Service) RaiseNeed(ctx context.Context, n Need) (Need, error) {
	const op = "linkage.Service.RaiseNeed"
	now := s.clock.Now()
	if n.RaisedAt.IsZero() {
		n.RaisedAt = now
	}
	if n.RaisedAt.After(now) {
		return Need{}, refuse(op, wushe.KindInvalid, "Need", n.ID, "RaisedAt", "is in the future")
	}
	n.Status, n.PlannedAt, n.StartedAt, n.MetAt, n.ClosedAt, n.Outcome = NeedOpen, time.Time{}, time.Time{}, time.Time{}, time.Time{}, ""
	if err := s.checkNeed(ctx, op, n); err != nil {
		return Need{}, err
	}
	return s.needs().register(ctx, s, op, n)
}

// checkNeed validates n and checks its community and area exist.
func (s *Service) checkNeed(ctx context.Context, op string, n Need) error {
	if err := wushe.WithOp(op, n.Validate()); err != nil {
		return err
	}
	c, err := s.requireCommunity(ctx, op, "Need", "Community", n.Community)
	if err != nil {
		return err
	}
	if _, ok := c.Area(n.Area); n.Area != uuid.Nil && !ok {
		return refuse(op, wushe.KindNotFound, "Need", n.ID, "Area", "%s is not an area of community %s", n.Area, n.Community)
	}
	return nil
}

// UpdateNeed replaces the stored need's description fields with n's; the status, its
// timestamps, the outcome and the council origin only change through the life-cycle
// methods. n.Version must be the stored one.
func (s *Service) UpdateNeed(ctx context.Context, n Need) (Need, error) {
	const op = "linkage.Service.UpdateNeed"
	cur, err := s.store.GetNeed(ctx, n.ID)
	if err != nil {
		return Need{}, fail(op, err)
	}
	if n.Area != cur.Area && n.Area != uuid.Nil {
		c, err := s.requireCommunity(ctx, op, "Need", "Community", cur.Community)
		if err != nil {
			return Need{}, err
		}
		if _, ok := c.Area(n.Area); !ok {
			return Need{}, refuse(op, wushe.KindNotFound, "Need", n.ID, "Area", "%s is not an area of community %s", n.Area, cur.Community)
		}
	}
	return s.needs().replace(ctx, s, op, n, func(next *Need, cur Need) {
		next.Community, next.Status, next.Outcome = cur.Community, cur.Status, cur.Outcome
		next.RaisedAt, next.PlannedAt, next.StartedAt, next.MetAt, next.ClosedAt = cur.RaisedAt, cur.PlannedAt, cur.StartedAt, cur.MetAt, cur.ClosedAt
		next.Meeting, next.Proposal = cur.Meeting, cur.Proposal
	})
}

// moveNeed moves a need to status to and stamps the state's time.
func (s *Service) moveNeed(ctx context.Context, op string, id uuid.UUID, to NeedStatus, outcome string) (Need, error) {
	return s.needs().change(ctx, s, op, id, func(n *Need, now time.Time) error {
		return advanceNeed(op, n, to, outcome, now)
	})
}

// advanceNeed moves n to status to in place, stamping the state's time with now (or the
// latest earlier stamp, should the clock have been set back).
func advanceNeed(op string, n *Need, to NeedStatus, outcome string, now time.Time) error {
	if !n.Status.CanMoveTo(to) {
		return refuse(op, wushe.KindConflict, "Need", n.ID, "Status", "cannot move from %s to %s: %s", n.Status, to, needMoves(n.Status))
	}
	last := n.RaisedAt
	for _, t := range []time.Time{n.PlannedAt, n.StartedAt, n.MetAt} {
		if t.After(last) {
			last = t
		}
	}
	if now.Before(last) {
		now = last
	}
	switch to {
	case NeedPlanned:
		n.PlannedAt = now
	case NeedInProgress:
		n.StartedAt = now
	case NeedMet:
		n.MetAt = now
	case NeedClosedUnmet:
		n.ClosedAt = now
	}
	n.Status = to
	if outcome != "" {
		n.Outcome = outcome
	}
	return nil
}

// PlanNeed moves an open need to planned: a response is agreed. A need in any other state
// is KindConflict naming Status.
func (s *Service) PlanNeed(ctx context.Context, id uuid.UUID) (Need, error) {
	return s.moveNeed(ctx, "linkage.Service.PlanNeed", id, NeedPlanned, "")
}

// StartNeed moves a planned need to in_progress.
func (s *Service) StartNeed(ctx context.Context, id uuid.UUID) (Need, error) {
	return s.moveNeed(ctx, "linkage.Service.StartNeed", id, NeedInProgress, "")
}

// MeetNeed moves an in-progress need to met, recording how it was met.
func (s *Service) MeetNeed(ctx context.Context, id uuid.UUID, outcome string) (Need, error) {
	return s.moveNeed(ctx, "linkage.Service.MeetNeed", id, NeedMet, outcome)
}

// CloseNeedUnmet closes a need that is not final without meeting it; reason is required.
func (s *Service) CloseNeedUnmet(ctx context.Context, id uuid.UUID, reason string) (Need, error) {
	const op = "linkage.Service.CloseNeedUnmet"
	if reason == "" {
		return Need{}, refuse(op, wushe.KindInvalid, "Need", id, "Outcome", "a reason is required")
	}
	return s.moveNeed(ctx, op, id, NeedClosedUnmet, reason)
}

// GetNeed returns the need with the given ID.
func (s *Service) GetNeed(ctx context.Context, id uuid.UUID) (Need, error) {
	n, err := s.store.GetNeed(ctx, id)
	return n, wushe.Wrap("linkage.Service.GetNeed", err)
}

// ListNeeds returns one page of the needs matching f.
func (s *Service) ListNeeds(ctx context.Context, f NeedFilter) (wushe.Page[Need], error) {
	p, err := s.store.ListNeeds(ctx, f)
	return p, wushe.Wrap("linkage.Service.ListNeeds", err)
}

// HoldCouncilMeeting records a residents' council meeting; the community must exist.
// Proposals without an ID get one, and an empty proposal status means proposed; a new
// meeting cannot hold converted proposals (convert them with ConvertProposal).
func (s *Service) HoldCouncilMeeting(ctx context.Context, m CouncilMeeting) (CouncilMeeting, error) {
	const op = "linkage.Service.HoldCouncilMeeting"
	m = clone.Of(m)
	for i := range m.Proposals {
		pr := &m.Proposals[i]
		if pr.ID == uuid.Nil {
			pr.ID = s.newID()
		}
		if pr.Status == "" {
			pr.Status = ProposalProposed
		}
		if pr.Status == ProposalConverting || pr.Status == ProposalConverted {
			return CouncilMeeting{}, refuse(op, wushe.KindInvalid, "CouncilMeeting", m.ID, wushe.Index("Proposals", i)+".Status",
				"a new meeting's proposals cannot be %s", pr.Status)
		}
	}
	if err := wushe.WithOp(op, m.Validate()); err != nil {
		return CouncilMeeting{}, err
	}
	if _, err := s.requireCommunity(ctx, op, "CouncilMeeting", "Community", m.Community); err != nil {
		return CouncilMeeting{}, err
	}
	return s.meetings().register(ctx, s, op, m)
}

// DecideProposal marks a proposal adopted or rejected. Converted proposals cannot change.
func (s *Service) DecideProposal(ctx context.Context, meetingID, proposalID uuid.UUID, to ProposalStatus) (CouncilMeeting, error) {
	const op = "linkage.Service.DecideProposal"
	if to != ProposalAdopted && to != ProposalRejected {
		return CouncilMeeting{}, refuse(op, wushe.KindInvalid, "CouncilMeeting", meetingID, "Status", "must be adopted or rejected, not %q", to)
	}
	return s.meetings().change(ctx, s, op, meetingID, func(m *CouncilMeeting, _ time.Time) error {
		i := m.Proposal(proposalID)
		if i < 0 {
			return refuse(op, wushe.KindNotFound, "CouncilMeeting", meetingID, "Proposals", "has no proposal %s", proposalID)
		}
		if st := m.Proposals[i].Status; st != ProposalProposed && st != ProposalAdopted {
			return refuse(op, wushe.KindConflict, "CouncilMeeting", meetingID, wushe.Index("Proposals", i)+".Status", "is %s and cannot change: only a proposed or adopted proposal is decided", st)
		}
		m.Proposals[i].Status = to
		return nil
	})
}

// RecordFollowUp sets the meeting's follow-up note.
func (s *Service) RecordFollowUp(ctx context.Context, meetingID uuid.UUID, followUp string) (CouncilMeeting, error) {
	return s.meetings().change(ctx, s, "linkage.Service.RecordFollowUp", meetingID, func(m *CouncilMeeting, _ time.Time) error {
		m.FollowUp = followUp
		return nil
	})
}

// ConvertProposal turns a proposed or adopted proposal into a need (source
// residents_council, the meeting's community, open, raised now) and records the need's
// ID on the proposal. n supplies the need's description: target group, category, urgency,
// area, description and so on.
//
// The writes are ordered so that a need made from a proposal always has the proposal
// pointing at it, and no proposal is marked converted before its need exists:
//  1. the proposal is marked converting with a pre-allocated need ID;
//  2. the need is created with that ID; if this fails the proposal is put back as it
//     was;
//  3. the proposal is marked converted.
//
// If the process dies between the steps, or the put-back in step 2 or the write in step 3
// fails, the proposal stays converting; calling ConvertProposal again for it finishes the
// conversion (creating the need if it is missing) and never makes a second need.
func (s *Service) ConvertProposal(ctx context.Context, meetingID, proposalID uuid.UUID, n Need) (Need, CouncilMeeting, error) {
	const op = "linkage.Service.ConvertProposal"
	m, err := s.store.GetCouncilMeeting(ctx, meetingID)
	if err != nil {
		return Need{}, CouncilMeeting{}, fail(op, err)
	}
	i := m.Proposal(proposalID)
	if i < 0 {
		return Need{}, CouncilMeeting{}, refuse(op, wushe.KindNotFound, "CouncilMeeting", meetingID, "Proposals", "has no proposal %s", proposalID)
	}
	pr := m.Proposals[i]
	prev := pr.Status
	switch prev {
	case ProposalProposed, ProposalAdopted:
		n.ID = s.newID()
	case ProposalConverting:
		n.ID = pr.Need
	default:
		return Need{}, CouncilMeeting{}, refuse(op, wushe.KindConflict, "CouncilMeeting", meetingID,
			wushe.Index("Proposals", i)+".Status", "is %s and cannot be converted: only a proposed or adopted proposal becomes a need (adopt it with DecideProposal)", prev)
	}
	now := s.clock.Now()
	n.Community, n.Source, n.Meeting, n.Proposal = m.Community, SourceResidentsCouncil, meetingID, proposalID
	n.Status, n.RaisedAt, n.PlannedAt, n.StartedAt, n.MetAt, n.ClosedAt, n.Outcome = NeedOpen, now, time.Time{}, time.Time{}, time.Time{}, time.Time{}, ""
	if err := s.checkNeed(ctx, op, n); err != nil {
		return Need{}, CouncilMeeting{}, err
	}
	setStatus := func(from []ProposalStatus, to ProposalStatus, need uuid.UUID) (CouncilMeeting, error) {
		return s.meetings().change(ctx, s, op, meetingID, func(m *CouncilMeeting, _ time.Time) error {
			j := m.Proposal(proposalID)
			if j < 0 {
				return refuse(op, wushe.KindNotFound, "CouncilMeeting", meetingID, "Proposals", "has no proposal %s", proposalID)
			}
			p := &m.Proposals[j]
			if !oneOf(p.Status, from...) || (p.Status == ProposalConverting && p.Need != n.ID) {
				return refuse(op, wushe.KindConflict, "CouncilMeeting", meetingID, wushe.Index("Proposals", j)+".Status",
					"changed to %s during the conversion", p.Status)
			}
			p.Status, p.Need = to, need
			return nil
		})
	}
	if prev != ProposalConverting {
		if _, err := setStatus([]ProposalStatus{prev}, ProposalConverting, n.ID); err != nil {
			return Need{}, CouncilMeeting{}, err
		}
	}
	need, err := s.store.GetNeed(ctx, n.ID)
	switch {
	case err == nil:
		// Created by an earlier, interrupted conversion.
	case wushe.KindOf(err) == wushe.KindNotFound:
		need, err = s.needs().register(ctx, s, op, n)
		if err != nil {
			if prev != ProposalConverting {
				if _, rerr := setStatus([]ProposalStatus{ProposalConverting}, prev, uuid.Nil); rerr != nil {
					return Need{}, CouncilMeeting{}, errors.Join(err, rerr)
				}
			}
			return Need{}, CouncilMeeting{}, err
		}
	default:
		return Need{}, CouncilMeeting{}, fail(op, err)
	}
	m, err = setStatus([]ProposalStatus{ProposalConverting}, ProposalConverted, n.ID)
	if err != nil {
		return Need{}, CouncilMeeting{}, err
	}
	return need, m, nil
}

// GetCouncilMeeting returns the meeting with the given ID.
func (s *Service) GetCouncilMeeting(ctx context.Context, id uuid.UUID) (CouncilMeeting, error) {
	m, err := s.store.GetCouncilMeeting(ctx, id)
	return m, wushe.Wrap("linkage.Service.GetCouncilMeeting", err)
}

// ListCouncilMeetings returns one page of the meetings matching f.
func (s *Service) ListCouncilMeetings(ctx context.Context, f CouncilMeetingFilter) (wushe.Page[CouncilMeeting], error) {
	p, err := s.store.ListCouncilMeetings(ctx, f)
	return p, wushe.Wrap("linkage.Service.ListCouncilMeetings", err)
}

// UpdateCouncilMeeting replaces the meeting's HeldAt, Attendees, FollowUp and proposal
// titles and proposers with m's, and adds m's new proposals (an ID is assigned if missing;
// an empty status means proposed). Proposal statuses and needs only change through
// DecideProposal and ConvertProposal, and proposals cannot be dropped. m.Version must be
// the stored one.
func (s *Service) UpdateCouncilMeeting(ctx context.Context, m CouncilMeeting) (CouncilMeeting, error) {
	const op = "linkage.Service.UpdateCouncilMeeting"
	m = clone.Of(m)
	for i := range m.Proposals {
		if m.Proposals[i].ID == uuid.Nil {
			m.Proposals[i].ID = s.newID()
		}
	}
	return s.meetings().change(ctx, s, op, m.ID, func(cur *CouncilMeeting, _ time.Time) error {
		if cur.Version != m.Version {
			return stale(op, "CouncilMeeting", m.ID, m.Version, cur.Version)
		}
		next := clone.Of(m.Proposals)
		for i := range next {
			if j := cur.Proposal(next[i].ID); j >= 0 {
				next[i].Status, next[i].Need = cur.Proposals[j].Status, cur.Proposals[j].Need
				continue
			}
			if next[i].Status == "" {
				next[i].Status = ProposalProposed
			}
			if next[i].Status == ProposalConverting || next[i].Status == ProposalConverted {
				return refuse(op, wushe.KindInvalid, "CouncilMeeting", m.ID, wushe.Index("Proposals", i)+".Status",
					"a new proposal cannot be %s", next[i].Status)
			}
		}
		for _, p := range cur.Proposals {
			if m.Proposal(p.ID) < 0 {
				return refuse(op, wushe.KindInvalid, "CouncilMeeting", m.ID, "Proposals", "proposal %s cannot be dropped", p.ID)
			}
		}
		cur.HeldAt, cur.Attendees, cur.FollowUp, cur.Proposals = m.HeldAt, m.Attendees, m.FollowUp, next
		return nil
	})
}

// needCalls names the Service call that moves a need into each status.
var needCalls = map[NeedStatus]string{NeedPlanned: "PlanNeed", NeedInProgress: "StartNeed", NeedMet: "MeetNeed", NeedClosedUnmet: "CloseNeedUnmet"}

// needMoves says where a need may go from s, and with which call, for a refused move.
func needMoves(s NeedStatus) string {
	if s.Final() {
		return "a " + string(s) + " need is final; raise a new one with RaiseNeed"
	}
	var moves []string
	for _, to := range needStatuses.Values() {
		if s.CanMoveTo(to) {
			moves = append(moves, string(to)+" with "+needCalls[to])
		}
	}
	return "from " + string(s) + " it moves to " + orList(moves)
}
