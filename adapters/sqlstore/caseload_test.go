package sqlstore

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/storetest"
)

// OpenCase claims a place of the worker's caseload atomically: 16 cases opened at once for a
// worker with a cap of 4 open exactly 4 on every backend, and the count says 4.
func TestCaseloadCapHoldsOnEveryBackend(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := t.Context()
		svc, err := linkage.NewService(b.open(t), &linkage.Options{
			Clock: wushe.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))})
		require.NoError(t, err)
		c, err := svc.RegisterCommunity(ctx, linkage.Community{Name: "L社区", Kind: linkage.CommunityUrban})
		require.NoError(t, err)
		name, err := wushe.ParsePersonName("赵一")
		require.NoError(t, err)
		sw, err := svc.RegisterSocialWorker(ctx, linkage.SocialWorker{Name: name, Agency: "协作者",
			Qualification: linkage.QualificationSocial, Communities: []uuid.UUID{c.ID}, CaseloadCap: 4})
		require.NoError(t, err)

		errs := storetest.Parallel(16, func(int) error {
			_, err := svc.OpenCase(ctx, linkage.Case{Community: c.ID, Worker: sw.ID, Risk: linkage.RiskLow,
				Client:   linkage.Client{Ref: wushe.NewSensitive(wushe.ClassReference, "client:"+uuid.NewString())},
				Consents: []linkage.Consent{{GivenBy: "client", Scope: []string{linkage.ScopeService}, Purpose: "case work"}}})
			return err
		})
		opened := 0
		for _, err := range errs {
			if err == nil {
				opened++
				continue
			}
			require.ErrorIs(t, err, wushe.ErrInsufficient)
		}
		require.Equal(t, 4, opened)
		got, err := svc.GetSocialWorker(ctx, sw.ID)
		require.NoError(t, err)
		require.Equal(t, 4, got.OpenCases)
		page, err := svc.ListCases(ctx, linkage.CaseFilter{Worker: sw.ID})
		require.NoError(t, err)
		require.Len(t, page.Items, 4)
	})
}
