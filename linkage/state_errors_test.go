package linkage_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// A call refused for an entity's state says which state would do and the call that gets
// there.
func TestStateErrorsSayHowToFix(t *testing.T) {
	f := newFixture(t)
	refused := func(err error, kind wushe.Kind, text string) {
		t.Helper()
		require.Error(t, err)
		require.Equal(t, kind, wushe.KindOf(err), "%v", err)
		require.ErrorContains(t, err, text)
	}

	n := f.need(t)
	r := f.refer(t, n, teamA)
	_, err := f.svc.StartReferral(f.ctx, r.ID, teamA)
	refused(err, wushe.KindConflict, "the responder cannot move a referral from requested to in_progress: it moves to in_progress from accepted or on_hold; move it to accepted first with AcceptReferral")
	_, err = f.svc.AcceptReferral(f.ctx, r.ID, teamA)
	require.NoError(t, err)
	_, err = f.svc.CompleteReferral(f.ctx, r.ID, teamA)
	refused(err, wushe.KindConflict, "move it to in_progress first with StartReferral")
	_, err = f.svc.ReRefer(f.ctx, r.ID, f.requester(), teamB)
	refused(err, wushe.KindConflict, "is accepted: only a rejected or failed referral is re-referred; a referral still open is cancelled with CancelReferral")

	_, err = f.svc.MeetNeed(f.ctx, n.ID, "done")
	refused(err, wushe.KindConflict, "cannot move from ")
	require.ErrorContains(t, err, "with StartNeed")
	_, err = f.svc.CloseNeedUnmet(f.ctx, n.ID, "moved away")
	require.NoError(t, err)
	_, err = f.svc.Refer(f.ctx, linkage.Referral{Need: n.ID, Requester: f.requester(), Responder: teamB})
	refused(err, wushe.KindConflict, "takes no referral: only a need that is not met or closed does; raise a new one with RaiseNeed")
	_, err = f.svc.StartNeed(f.ctx, n.ID)
	refused(err, wushe.KindConflict, "a closed_unmet need is final; raise a new one with RaiseNeed")

	c := f.openCase(t)
	_, err = f.svc.AdvanceCase(f.ctx, c.ID, linkage.CaseReview)
	refused(err, wushe.KindConflict, "from intake it moves to assessment or closed with AdvanceCase, one step at a time")
	_, err = f.svc.AdvanceCase(f.ctx, c.ID, linkage.CaseClosed)
	require.NoError(t, err)
	_, err = f.svc.SetCasePlan(f.ctx, c.ID, linkage.CasePlan{})
	refused(err, wushe.KindConflict, "the case is closed: a closed case takes no more work; open a new one with OpenCase")

	p := f.project(t)
	_, err = f.svc.MoveProject(f.ctx, p.ID, linkage.ProjectCompleted)
	refused(err, wushe.KindConflict, "from draft it moves to active or terminated with MoveProject")

	o := f.org(t, linkage.Organization{})
	_, err = f.svc.AdvanceOrganization(f.ctx, o.ID, linkage.StageServiceBrand, "street office", "")
	refused(err, wushe.KindConflict, "from interest_group it advances to volunteer_team or filed with AdvanceOrganization")
}
