package linkage_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/storetest"
)

// A store failure while the Service reads what a party organization or a report names (its
// parent, its hosts, the reporting unit) comes back as that failure: a cancelled context
// stays errors.Is-able and is not turned into a refusal of the caller's input.
func TestPartyReferencesKeepStoreFailures(t *testing.T) {
	w := newPartyWorld(t)
	k := w.org("K编织队", 3)
	unit, err := w.svc.RegisterUnit(t.Context(), linkage.Unit{Name: "街道卫生服务中心", Kind: linkage.UnitInstitution, Community: w.community.ID,
		Offers: []linkage.Offer{linkage.OfferServices}})
	require.NoError(t, err)
	calls := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"branch", func(ctx context.Context) error {
			_, err := w.svc.RegisterPartyOrg(ctx, linkage.PartyOrg{Community: w.community.ID, Name: "K编织队党支部", Kind: linkage.PartyBranch,
				Parent: w.committee.ID, Hosts: []linkage.PartyHost{{Kind: linkage.PartyOrganization, ID: k.ID}, {Kind: linkage.PartyUnit, ID: unit.ID}}})
			return err
		}},
		{"report", func(ctx context.Context) error {
			_, err := w.svc.ReportToCommunity(ctx, linkage.PartyReport{Community: w.community.ID, Kind: linkage.ReportOrganization, Unit: unit.ID})
			return err
		}},
	}
	for _, c := range calls {
		full := storetest.NewBudgetContext(1 << 40)
		require.NoError(t, c.call(full), c.name)
		used := full.Used()
		require.Greater(t, used, int64(2), c.name)
		for n := range used - 1 {
			err := c.call(storetest.NewBudgetContext(n))
			require.Error(t, err, "%s failing after %d store checks", c.name, n)
			require.True(t, errors.Is(err, context.Canceled), "%s failing after %d store checks: %v", c.name, n, err)
		}
	}
}
