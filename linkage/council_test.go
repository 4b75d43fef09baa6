package linkage_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

func (f *fixture) meeting(t *testing.T) linkage.CouncilMeeting {
	t.Helper()
	m, err := f.svc.HoldCouncilMeeting(f.ctx, linkage.CouncilMeeting{Community: f.community.ID, HeldAt: t0, Attendees: 23,
		Proposals: []linkage.Proposal{{Title: "repair the stair handrails", ProposedBy: "resident:R-7"}, {Title: "more benches"}}})
	require.NoError(t, err)
	return m
}

var handrailNeed = linkage.Need{TargetGroup: linkage.GroupElderly, Category: "accessibility", Urgency: linkage.UrgencyDifficult,
	Description: "handrails in building 3 are loose"}

func TestConvertProposal(t *testing.T) {
	f := newFixture(t)
	m := f.meeting(t)
	require.Equal(t, linkage.ProposalProposed, m.Proposals[0].Status)
	pid := m.Proposals[0].ID
	need, m, err := f.svc.ConvertProposal(f.ctx, m.ID, pid, handrailNeed)
	require.NoError(t, err)
	require.Equal(t, linkage.SourceResidentsCouncil, need.Source)
	require.Equal(t, f.community.ID, need.Community)
	require.Equal(t, m.ID, need.Meeting)
	require.Equal(t, pid, need.Proposal)
	require.Equal(t, linkage.NeedOpen, need.Status)
	require.Equal(t, linkage.ProposalConverted, m.Proposals[0].Status)
	require.Equal(t, need.ID, m.Proposals[0].Need)

	_, _, err = f.svc.ConvertProposal(f.ctx, m.ID, pid, handrailNeed)
	requireKind(t, err, wushe.KindConflict, "linkage.Service.ConvertProposal")
	_, _, err = f.svc.ConvertProposal(f.ctx, m.ID, uuid.New(), handrailNeed)
	requireKind(t, err, wushe.KindNotFound, "Proposals")
	_, _, err = f.svc.ConvertProposal(f.ctx, uuid.New(), pid, handrailNeed)
	requireKind(t, err, wushe.KindNotFound, "")
	// An invalid need is refused before anything is written.
	before, err := f.svc.GetCouncilMeeting(f.ctx, m.ID)
	require.NoError(t, err)
	_, _, err = f.svc.ConvertProposal(f.ctx, m.ID, m.Proposals[1].ID, linkage.Need{})
	requireKind(t, err, wushe.KindInvalid, "")
	after, err := f.svc.GetCouncilMeeting(f.ctx, m.ID)
	require.NoError(t, err)
	require.Equal(t, before, after)
}

func TestConvertProposalFailures(t *testing.T) {
	needs := func(t *testing.T, f *fixture) []linkage.Need {
		page, err := f.svc.ListNeeds(f.ctx, linkage.NeedFilter{})
		require.NoError(t, err)
		return page.Items
	}
	t.Run("need write fails: proposal put back, no need", func(t *testing.T) {
		fl := newFailingStore(newFakeStore())
		f := newFixtureOn(t, fl)
		m := f.meeting(t)
		fl.fail["CreateNeed"] = 0
		_, _, err := f.svc.ConvertProposal(f.ctx, m.ID, m.Proposals[0].ID, handrailNeed)
		requireKind(t, err, wushe.KindUnavailable, "linkage.Service.ConvertProposal")
		got, err := f.svc.GetCouncilMeeting(f.ctx, m.ID)
		require.NoError(t, err)
		require.Equal(t, m.Proposals, got.Proposals)
		require.Empty(t, needs(t, f))
	})
	t.Run("first meeting write fails: nothing written", func(t *testing.T) {
		fl := newFailingStore(newFakeStore())
		f := newFixtureOn(t, fl)
		m := f.meeting(t)
		fl.fail["UpdateCouncilMeeting"] = 0
		_, _, err := f.svc.ConvertProposal(f.ctx, m.ID, m.Proposals[0].ID, handrailNeed)
		requireKind(t, err, wushe.KindUnavailable, "")
		got, err := f.svc.GetCouncilMeeting(f.ctx, m.ID)
		require.NoError(t, err)
		require.Equal(t, m, got)
		require.Empty(t, needs(t, f))
	})
	t.Run("need write and put-back fail: a retry finishes with one need", func(t *testing.T) {
		fl := newFailingStore(newFakeStore())
		f := newFixtureOn(t, fl)
		m := f.meeting(t)
		fl.fail["CreateNeed"] = 0
		fl.fail["UpdateCouncilMeeting"] = 1
		_, _, err := f.svc.ConvertProposal(f.ctx, m.ID, m.Proposals[0].ID, handrailNeed)
		requireKind(t, err, wushe.KindUnavailable, "")
		got, err := f.svc.GetCouncilMeeting(f.ctx, m.ID)
		require.NoError(t, err)
		require.Equal(t, linkage.ProposalConverting, got.Proposals[0].Status)
		require.Empty(t, needs(t, f))

		delete(fl.fail, "CreateNeed")
		delete(fl.fail, "UpdateCouncilMeeting")
		need, m2, err := f.svc.ConvertProposal(f.ctx, m.ID, m.Proposals[0].ID, handrailNeed)
		require.NoError(t, err)
		require.Equal(t, got.Proposals[0].Need, need.ID, "the pre-allocated ID is kept")
		require.Equal(t, linkage.ProposalConverted, m2.Proposals[0].Status)
		require.Len(t, needs(t, f), 1)
	})
	t.Run("last meeting write fails: a retry finishes without a second need", func(t *testing.T) {
		fl := newFailingStore(newFakeStore())
		f := newFixtureOn(t, fl)
		m := f.meeting(t)
		fl.fail["UpdateCouncilMeeting"] = 1
		_, _, err := f.svc.ConvertProposal(f.ctx, m.ID, m.Proposals[0].ID, handrailNeed)
		requireKind(t, err, wushe.KindUnavailable, "")
		require.Len(t, needs(t, f), 1)

		delete(fl.fail, "UpdateCouncilMeeting")
		need, m2, err := f.svc.ConvertProposal(f.ctx, m.ID, m.Proposals[0].ID, handrailNeed)
		require.NoError(t, err)
		require.Equal(t, linkage.ProposalConverted, m2.Proposals[0].Status)
		require.Equal(t, need.ID, m2.Proposals[0].Need)
		require.Len(t, needs(t, f), 1)
	})
}

func TestCouncilMeetings(t *testing.T) {
	f := newFixture(t)
	m := f.meeting(t)
	m, err := f.svc.DecideProposal(f.ctx, m.ID, m.Proposals[1].ID, linkage.ProposalRejected)
	require.NoError(t, err)
	require.Equal(t, linkage.ProposalRejected, m.Proposals[1].Status)
	_, err = f.svc.DecideProposal(f.ctx, m.ID, m.Proposals[1].ID, linkage.ProposalAdopted)
	requireKind(t, err, wushe.KindConflict, "linkage.Service.DecideProposal")
	_, err = f.svc.DecideProposal(f.ctx, m.ID, m.Proposals[0].ID, linkage.ProposalConverted)
	requireKind(t, err, wushe.KindInvalid, "")
	_, err = f.svc.DecideProposal(f.ctx, m.ID, uuid.New(), linkage.ProposalAdopted)
	requireKind(t, err, wushe.KindNotFound, "")
	_, _, err = f.svc.ConvertProposal(f.ctx, m.ID, m.Proposals[1].ID, handrailNeed)
	requireKind(t, err, wushe.KindConflict, "rejected")

	m, err = f.svc.RecordFollowUp(f.ctx, m.ID, "handrails repaired by the property company")
	require.NoError(t, err)
	require.Equal(t, "handrails repaired by the property company", m.FollowUp)

	_, err = f.svc.HoldCouncilMeeting(f.ctx, linkage.CouncilMeeting{Community: f.community.ID, HeldAt: t0,
		Proposals: []linkage.Proposal{{Title: "x", Status: linkage.ProposalConverted}}})
	requireKind(t, err, wushe.KindInvalid, "Proposals[0].Status")
	_, err = f.svc.HoldCouncilMeeting(f.ctx, linkage.CouncilMeeting{Community: uuid.New(), HeldAt: t0})
	requireKind(t, err, wushe.KindNotFound, "Community")
	_, err = f.svc.HoldCouncilMeeting(f.ctx, linkage.CouncilMeeting{Community: f.community.ID})
	requireKind(t, err, wushe.KindInvalid, "HeldAt")

	page, err := f.svc.ListCouncilMeetings(f.ctx, linkage.CouncilMeetingFilter{Community: f.community.ID})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	_, err = f.svc.GetCouncilMeeting(f.ctx, uuid.New())
	requireKind(t, err, wushe.KindNotFound, "linkage.Service.GetCouncilMeeting")

	id := uuid.New()
	bad := linkage.CouncilMeeting{Attendees: -1, Proposals: []linkage.Proposal{{ID: id, Status: "x"}, {ID: id, Status: linkage.ProposalConverted}}}
	got := fields(bad.Validate())
	for _, want := range []string{"Community", "HeldAt", "Attendees", "Proposals[0].Title", "Proposals[0].Status", "Proposals[1].ID", "Proposals[1].Need"} {
		require.Contains(t, got, want)
	}
}

func TestUpdateCouncilMeeting(t *testing.T) {
	f := newFixture(t)
	m := f.meeting(t)
	need, m, err := f.svc.ConvertProposal(f.ctx, m.ID, m.Proposals[0].ID, handrailNeed)
	require.NoError(t, err)

	edit := m
	edit.Proposals = append([]linkage.Proposal(nil), m.Proposals...)
	edit.Attendees = 25
	edit.Proposals[0].Status, edit.Proposals[0].Need, edit.Proposals[0].Title = linkage.ProposalProposed, uuid.Nil, "repair handrails (bldg 3)"
	edit.Proposals = append(edit.Proposals, linkage.Proposal{Title: "a reading corner"})
	got, err := f.svc.UpdateCouncilMeeting(f.ctx, edit)
	require.NoError(t, err)
	require.Equal(t, 25, got.Attendees)
	require.Equal(t, "repair handrails (bldg 3)", got.Proposals[0].Title)
	require.Equal(t, linkage.ProposalConverted, got.Proposals[0].Status, "status is kept")
	require.Equal(t, need.ID, got.Proposals[0].Need)
	require.Equal(t, linkage.ProposalProposed, got.Proposals[2].Status)
	require.NotEqual(t, uuid.Nil, got.Proposals[2].ID)

	_, err = f.svc.UpdateCouncilMeeting(f.ctx, edit)
	requireKind(t, err, wushe.KindConflict, "linkage.Service.UpdateCouncilMeeting")
	drop := got
	drop.Proposals = got.Proposals[1:]
	_, err = f.svc.UpdateCouncilMeeting(f.ctx, drop)
	requireKind(t, err, wushe.KindInvalid, "cannot be dropped")
	add := got
	add.Proposals = append(append([]linkage.Proposal(nil), got.Proposals...), linkage.Proposal{Title: "x", Status: linkage.ProposalConverted})
	_, err = f.svc.UpdateCouncilMeeting(f.ctx, add)
	requireKind(t, err, wushe.KindInvalid, "Proposals[3].Status")
	after, err := f.svc.GetCouncilMeeting(f.ctx, m.ID)
	require.NoError(t, err)
	require.Equal(t, got, after)
}
