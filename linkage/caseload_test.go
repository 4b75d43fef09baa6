package linkage_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/linkage/linkagetest"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/storetest"
)

type caseloadWorld struct {
	ctx       context.Context
	svc       *linkage.Service
	faults    *storetest.Faults
	community linkage.Community
	a, b      linkage.SocialWorker
}

func newCaseloadWorld(t *testing.T, capA, capB int) *caseloadWorld {
	t.Helper()
	w := &caseloadWorld{ctx: t.Context(), faults: &storetest.Faults{}}
	store := linkagetest.NewFaultStore(memstore.New(), w.faults)
	svc, err := linkage.NewService(store, &linkage.Options{Clock: wushe.NewManualClock(t0)})
	require.NoError(t, err)
	w.svc = svc
	w.community, err = svc.RegisterCommunity(w.ctx, linkage.Community{Name: "L社区", Kind: linkage.CommunityUrban})
	require.NoError(t, err)
	reg := func(name string, cap int) linkage.SocialWorker {
		sw, err := svc.RegisterSocialWorker(w.ctx, linkage.SocialWorker{Name: mustName(t, name), Agency: "协作者",
			Qualification: linkage.QualificationSocial, Communities: []uuid.UUID{w.community.ID}, CaseloadCap: cap,
			OpenCases: 7}) // callers cannot set the count
		require.NoError(t, err)
		require.Zero(t, sw.OpenCases)
		return sw
	}
	w.a, w.b = reg("赵一", capA), reg("钱二", capB)
	return w
}

func (w *caseloadWorld) open(worker uuid.UUID) (linkage.Case, error) {
	return w.svc.OpenCase(w.ctx, linkage.Case{Community: w.community.ID, Worker: worker, Risk: linkage.RiskLow,
		Client:   linkage.Client{Ref: wushe.NewSensitive(wushe.ClassReference, "client:"+uuid.NewString())},
		Consents: []linkage.Consent{{GivenBy: "client", Scope: []string{linkage.ScopeService}, Purpose: "case work"}}})
}

func (w *caseloadWorld) load(t *testing.T, id uuid.UUID) int {
	t.Helper()
	sw, err := w.svc.GetSocialWorker(w.ctx, id)
	require.NoError(t, err)
	return sw.OpenCases
}

// 20 cases opened at once for a worker with a cap of 5: exactly 5 are opened.
func TestCaseloadCapHoldsUnderConcurrency(t *testing.T) {
	w := newCaseloadWorld(t, 5, 0)
	errs := storetest.Parallel(20, func(int) error { _, err := w.open(w.a.ID); return err })
	opened := 0
	for _, err := range errs {
		if err == nil {
			opened++
			continue
		}
		require.ErrorIs(t, err, wushe.ErrInsufficient)
	}
	require.Equal(t, 5, opened)
	require.Equal(t, 5, w.load(t, w.a.ID))
	page, err := w.svc.ListCases(w.ctx, linkage.CaseFilter{Worker: w.a.ID})
	require.NoError(t, err)
	require.Len(t, page.Items, 5)
}

func TestClosingAndReassigningMoveTheCount(t *testing.T) {
	w := newCaseloadWorld(t, 1, 1)
	c, err := w.open(w.a.ID)
	require.NoError(t, err)
	_, err = w.open(w.a.ID)
	require.ErrorIs(t, err, wushe.ErrInsufficient)

	// Reassign to b: a's place is freed, b's taken.
	c.Worker = w.b.ID
	c, err = w.svc.UpdateCase(w.ctx, c)
	require.NoError(t, err)
	require.Equal(t, 0, w.load(t, w.a.ID))
	require.Equal(t, 1, w.load(t, w.b.ID))
	// b is full now: moving another case to b is refused and changes nothing.
	other, err := w.open(w.a.ID)
	require.NoError(t, err)
	other.Worker = w.b.ID
	_, err = w.svc.UpdateCase(w.ctx, other)
	require.ErrorIs(t, err, wushe.ErrInsufficient)
	require.Equal(t, 1, w.load(t, w.a.ID))
	require.Equal(t, 1, w.load(t, w.b.ID))

	// Closing frees the place.
	_, err = w.svc.AdvanceCase(w.ctx, c.ID, linkage.CaseClosed)
	require.NoError(t, err)
	require.Equal(t, 0, w.load(t, w.b.ID))
	_, err = w.open(w.b.ID)
	require.NoError(t, err)

	// Updating the worker's profile keeps the count.
	b, err := w.svc.GetSocialWorker(w.ctx, w.b.ID)
	require.NoError(t, err)
	b.OpenCases, b.Agency = 0, "新机构"
	b, err = w.svc.UpdateSocialWorker(w.ctx, b)
	require.NoError(t, err)
	require.Equal(t, 1, b.OpenCases)
}

// A store that fails while the case is written leaves the worker's count as it was.
func TestFailedOpenReleasesThePlace(t *testing.T) {
	w := newCaseloadWorld(t, 1, 0)
	w.faults.FailOn("CreateCase")
	_, err := w.open(w.a.ID)
	require.ErrorIs(t, err, storetest.ErrInjected)
	require.Equal(t, 0, w.load(t, w.a.ID))
	w.faults.Reset()
	_, err = w.open(w.a.ID)
	require.NoError(t, err)
}

// When the release itself fails, the count stays high (never above the cap) and
// RecountCaseload mends it.
func TestRecountCaseloadMendsAFailedRelease(t *testing.T) {
	w := newCaseloadWorld(t, 2, 0)
	c, err := w.open(w.a.ID)
	require.NoError(t, err)
	w.faults.FailOn("UpdateSocialWorker")
	closed, err := w.svc.AdvanceCase(w.ctx, c.ID, linkage.CaseClosed)
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	require.Equal(t, linkage.CaseClosed, closed.Status)
	require.Contains(t, err.Error(), "RecountCaseload")
	w.faults.Reset()
	require.Equal(t, 1, w.load(t, w.a.ID))
	_, err = w.open(w.a.ID)
	require.NoError(t, err)
	sw, err := w.svc.RecountCaseload(w.ctx, w.a.ID)
	require.NoError(t, err)
	require.Equal(t, 1, sw.OpenCases)
	_, err = w.svc.RecountCaseload(w.ctx, uuid.New())
	require.ErrorIs(t, err, wushe.ErrNotFound)
	w.faults.FailOn("ListCases")
	_, err = w.svc.RecountCaseload(w.ctx, w.a.ID)
	require.ErrorIs(t, err, storetest.ErrInjected)
}
