package linkage_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/resources"
)

func TestIdleReportEdges(t *testing.T) {
	at := streetAt
	week := 7 * 24 * time.Hour
	need := func(cat string, raised time.Time, st linkage.NeedStatus) linkage.Need {
		return linkage.Need{ID: did(), Community: dc, Area: dg1, Category: cat, Status: st, RaisedAt: raised}
	}
	needs := []linkage.Need{
		need("Meal delivery", at.Add(-week), linkage.NeedOpen),                 // exactly 7 days: counts
		need("meal delivery", at.Add(-week+time.Nanosecond), linkage.NeedOpen), // a moment short
		need("meal delivery", at.Add(-3*week), linkage.NeedInProgress),         // unmet, 21 days
		need("meal delivery", at.Add(-3*week), linkage.NeedMet),
		need("meal delivery", at.Add(-3*week), linkage.NeedClosedUnmet),
		need("haircut", at.Add(-2*week), linkage.NeedPlanned),
	}
	prov := func(cat string, since time.Time) linkage.Provision {
		return linkage.Provision{Offer: linkage.OfferServices, Category: cat, Since: since}
	}
	org := linkage.Organization{ID: did(), Community: dc, CreatedAt: at.Add(-10 * week), Provisions: []linkage.Provision{
		prov("meal delivery", at.Add(-week)),                 // idle exactly 7 days
		prov("meal delivery", at.Add(-week+time.Nanosecond)), // declared a moment too late
		prov("haircut", time.Time{}),                         // since the organization was created
	}}
	busy := linkage.Unit{ID: did(), Community: dc, CreatedAt: at.Add(-10 * week), Provisions: []linkage.Provision{prov("meal delivery", time.Time{})}}
	used := linkage.Unit{ID: did(), Community: dc, CreatedAt: at.Add(-10 * week), Provisions: []linkage.Provision{
		{Offer: linkage.OfferVenues, Category: "meal delivery", Area: dg1}, prov("haircut", time.Time{})}}
	links := []linkage.Link{
		{From: linkage.Party{Kind: linkage.PartyUnit, ID: busy.ID}, At: at.Add(-week + time.Hour)}, // in use 7 days ago less an hour
		{From: linkage.Party{Kind: linkage.PartyOrganization, ID: org.ID}, At: at.Add(time.Hour)},  // after the report: ignored
	}
	uses := []linkage.ProvisionUse{{Responder: used.ID, Category: "Haircut", At: at.Add(-time.Hour)}}
	lot := func(cat string, onHand int64, moved time.Time) resources.Lot {
		return resources.Lot{ID: did(), Category: cat, OnHand: decimal.NewFromInt(onHand), UnitValue: decimal.RequireFromString("6.5"),
			LastMoved: moved, CreatedAt: at.Add(-10 * week)}
	}
	expired := lot("rice", 10, at.Add(-2*week))
	expired.Expires = at
	fresh := lot("rice", 10, at.Add(-2*week))
	fresh.Expires = at.Add(time.Nanosecond)
	lots := []resources.Lot{lot("rice", 10, at.Add(-week)), lot("rice", 10, at.Add(-week+time.Nanosecond)),
		lot("rice", 0, at.Add(-2*week)), expired, fresh, lot("meal delivery", 2, time.Time{})}

	rep, err := linkage.BuildIdleReport(linkage.IdleInput{Needs: needs, Organizations: []linkage.Organization{org},
		Units: []linkage.Unit{busy, used}, Lots: lots, Links: links, Used: uses}, at, 7)
	require.NoError(t, err)
	assert.Equal(t, 7, rep.Days)
	v := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	want := []linkage.IdleRow{
		{Category: "haircut", Community: dc, IdleProvisions: 1, IdleValue: v("0")},
		{Category: "haircut", Community: dc, Area: dg1, UnmetNeeds: 1, LongestOpenDays: 14, IdleValue: v("0")},
		{Category: "meal_delivery", IdleLots: 1, IdleValue: v("13")},
		{Category: "meal_delivery", Community: dc, IdleProvisions: 1, IdleValue: v("0")},
		{Category: "meal_delivery", Community: dc, Area: dg1, UnmetNeeds: 2, LongestOpenDays: 21, IdleProvisions: 1, IdleValue: v("0")},
		{Category: "rice", IdleLots: 2, IdleValue: v("130")},
	}
	require.Len(t, rep.Rows, len(want))
	for i, w := range want {
		got := rep.Rows[i]
		assert.True(t, w.IdleValue.Equal(got.IdleValue), "row %d value %s", i, got.IdleValue)
		got.IdleValue, w.IdleValue = decimal.Zero, decimal.Zero
		assert.Equal(t, w, got, "row %d", i)
	}
	require.Len(t, rep.Categories, 3)
	assert.Equal(t, "haircut", rep.Categories[0].Category)
	assert.True(t, rep.Categories[0].Beside)
	assert.Equal(t, 2, rep.Categories[1].IdleProvisions)
	assert.Equal(t, 1, rep.Categories[1].IdleLots)
	assert.True(t, rep.Categories[1].Beside)
	assert.False(t, rep.Categories[2].Beside, "rice lay idle, but no one asked for it")

	// Days 0: every open need and every unused thing up to now.
	rep, err = linkage.BuildIdleReport(linkage.IdleInput{Needs: needs}, at, 0)
	require.NoError(t, err)
	assert.Equal(t, 3, rep.Categories[1].UnmetNeeds)

	_, err = linkage.BuildIdleReport(linkage.IdleInput{}, at, -1)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = linkage.BuildIdleReport(linkage.IdleInput{}, time.Time{}, 1)
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

// A street office asks which resources have lain idle for 30 days beside needs open as
// long.
func ExampleBuildIdleReport() {
	at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	community := uuid.MustParse("00000000-0000-4000-8000-000000000001")
	grid := uuid.MustParse("00000000-0000-4000-8000-000000000002")
	in := linkage.IdleInput{
		Needs: []linkage.Need{
			{Community: community, Area: grid, Category: "stairs handrail", Status: linkage.NeedOpen, RaisedAt: at.AddDate(0, 0, -45)},
			{Community: community, Area: grid, Category: "after-school care", Status: linkage.NeedOpen, RaisedAt: at.AddDate(0, 0, -5)},
		},
		Units: []linkage.Unit{{Name: "装修公司", Community: community, Provisions: []linkage.Provision{
			{Offer: linkage.OfferServices, Category: "Stairs handrail", Capacity: 2, Since: at.AddDate(0, -3, 0)}}}},
		Lots: []resources.Lot{{Category: "rice", OnHand: decimal.NewFromInt(40), UnitValue: decimal.RequireFromString("6.5"),
			LastMoved: at.AddDate(0, -2, 0)}},
	}
	rep, err := linkage.BuildIdleReport(in, at, 30)
	if err != nil {
		panic(err)
	}
	for _, c := range rep.Categories {
		fmt.Printf("%-16s unmet %d (longest %d days), idle offers %d, idle lots %d worth %s CNY, beside: %v\n",
			c.Category, c.UnmetNeeds, c.LongestOpenDays, c.IdleProvisions, c.IdleLots, c.IdleValue.StringFixed(2), c.Beside)
	}
	// Output:
	// rice             unmet 0 (longest 0 days), idle offers 0, idle lots 1 worth 260.00 CNY, beside: false
	// stairs_handrail  unmet 1 (longest 45 days), idle offers 1, idle lots 0 worth 0.00 CNY, beside: true
}
