package resources_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

// Amounts are bounded and refused before any arithmetic: each call below ran for tens of
// seconds or more (or took gigabytes) before the bounds, and now fails at once as invalid
// and stores nothing.
func TestHugeDecimalsRefused(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	dn := e.donor(false)
	rice := func(q decimal.Decimal) resources.Donation {
		return resources.Donation{DonorID: dn.ID, Kind: resources.PropertyGoods, Category: "rice", Quantity: q, Unit: "bag",
			FairValue: d("50"), FairValueProof: "invoice"}
	}
	v := rice(d("1"))
	v.Quantity = decimal.New(1, -2_000_000_000)
	err := v.Validate()
	require.ErrorIs(t, err, wushe.ErrInvalid)
	require.Contains(t, fields(err), "Quantity")

	_, _, err = e.svc.Donate(ctx, "clerk", rice(decimal.New(1, 10_000_000)), resources.Receiving{Handler: person(t, "王五"), Holder: e.holder()})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = e.svc.Pledge(ctx, "clerk", rice(decimal.New(1, 2_000_000_000)))
	require.ErrorIs(t, err, wushe.ErrInvalid)
	cash := resources.Donation{DonorID: dn.ID, Kind: resources.PropertyCash, Quantity: decimal.New(5, 1_000_000)}
	_, err = e.svc.Pledge(ctx, "clerk", cash)
	require.ErrorIs(t, err, wushe.ErrInvalid)

	pledged, err := e.svc.Pledge(ctx, "clerk", rice(d("10")))
	require.NoError(t, err)
	_, _, err = e.svc.Receive(ctx, "clerk", pledged.ID, resources.Receiving{Quantity: decimal.New(1, -2_000_000_000),
		Handler: person(t, "王五"), Holder: e.holder()})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, lot := e.goods("5", resources.Restriction{})
	_, err = e.svc.Reserve(ctx, "clerk", lot.ID, dn.ID, decimal.New(1, 2_000_000_000))
	require.ErrorIs(t, err, wushe.ErrInvalid, "refused before the request is even looked up")

	page, err := e.store.ListDonations(ctx, resources.DonationFilter{})
	require.NoError(t, err)
	require.Len(t, page.Items, 2, "only the valid pledge and the valid donation were stored")
}

// Backends agree: text that is not UTF-8 and years outside 1-9999 are refused by Validate,
// so no store keeps a value another store would change or refuse.
func TestValidateRefusesBadTextAndYears(t *testing.T) {
	e := newEnv(t)
	dn := e.donor(false)
	don := resources.Donation{DonorID: dn.ID, Kind: resources.PropertyGoods, Category: "ri\xffce", Quantity: d("1"), Unit: "bag",
		FairValue: d("50"), FairValueProof: "invoice", PledgedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}
	err := don.Validate()
	require.ErrorIs(t, err, wushe.ErrInvalid)
	require.Contains(t, fields(err), "Category")
	require.Contains(t, fields(err), "PledgedAt")
	_, err = e.svc.Pledge(t.Context(), "clerk", don)
	require.ErrorIs(t, err, wushe.ErrInvalid)
}
