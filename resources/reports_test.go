package resources_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

func TestIdleReport(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	_, old := e.goods("10", resources.Restriction{})
	e.clock.Advance(20 * 24 * time.Hour)
	_, fresh := e.goods("5", resources.Restriction{})
	hoped := e.request("3", func(r *resources.Request) { r.Urgency = resources.UrgencyHopedFor })
	urgentLate := e.request("3", func(r *resources.Request) { r.Urgency = resources.UrgencyUrgent; r.NeededBy = t0.AddDate(0, 2, 0) })
	urgentSoon := e.request("3", func(r *resources.Request) { r.Urgency = resources.UrgencyUrgent; r.NeededBy = t0.AddDate(0, 1, 0) })
	urgentOpen := e.request("3", func(r *resources.Request) { r.Urgency = resources.UrgencyUrgent })
	partial := e.request("4", nil)
	_, err := e.svc.Reserve(ctx, "w", fresh.ID, partial.ID, d("1"))
	require.NoError(t, err)
	full := e.request("1", nil)
	_, err = e.svc.Reserve(ctx, "w", fresh.ID, full.ID, d("1"))
	require.NoError(t, err)

	rep, err := e.svc.IdleReport(ctx, 14)
	require.NoError(t, err)
	require.Len(t, rep.Idle, 1)
	il := rep.Idle[0]
	assert.Equal(t, old.ID, il.LotID)
	assert.Equal(t, 20, il.IdleDays)
	assert.True(t, il.Value.Equal(d("500")))
	assert.ElementsMatch(t, []uuid.UUID{hoped.ID, urgentLate.ID, urgentSoon.ID, urgentOpen.ID, partial.ID}, il.Requests)
	var unmet []uuid.UUID
	for _, g := range rep.Unmet {
		unmet = append(unmet, g.RequestID)
	}
	assert.Equal(t, []uuid.UUID{urgentSoon.ID, urgentLate.ID, urgentOpen.ID, hoped.ID}, unmet)
	require.Len(t, rep.UnderSupplied, 1)
	assert.Equal(t, partial.ID, rep.UnderSupplied[0].RequestID)
	assert.True(t, rep.UnderSupplied[0].Missing.Equal(d("3")))

	rep0, err := e.svc.IdleReport(ctx, 0)
	require.NoError(t, err)
	assert.Len(t, rep0.Idle, 1, "the fresh lot moved today")
	_, err = e.svc.IdleReport(ctx, -1)
	assert.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestDisclosurePeriods(t *testing.T) {
	term := wushe.Window{Start: t0, End: t0.AddDate(0, 7, 0)}
	ps, err := resources.DisclosurePeriods(term)
	require.NoError(t, err)
	require.Len(t, ps, 4)
	assert.Equal(t, wushe.Window{Start: t0, End: t0.AddDate(0, 3, 0)}, ps[0].Period)
	assert.Equal(t, t0.AddDate(0, 6, 0), ps[2].Period.Start)
	assert.Equal(t, term.End, ps[2].Period.End)
	assert.True(t, ps[3].Final)
	assert.Equal(t, term.End.AddDate(0, 3, 0), ps[3].Due)

	short, err := resources.DisclosurePeriods(wushe.Window{Start: t0, End: t0.AddDate(0, 6, 0)})
	require.NoError(t, err)
	require.Len(t, short, 1, "a project of exactly six months owes only the final report")
	_, err = resources.DisclosurePeriods(wushe.Window{Start: t0, End: t0})
	assert.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestDisclosure(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	project := uuid.MustParse("00000000-0000-4000-8000-0000000000a1")
	anon, err := e.svc.RegisterDonor(ctx, "clerk", resources.Donor{Kind: resources.DonorEnterprise, Name: "Quiet Holdings", Anonymous: true})
	require.NoError(t, err)
	named := e.donor(false)
	var lot resources.Lot
	_, lot, err = e.svc.Donate(ctx, "clerk", resources.Donation{DonorID: anon.ID, Kind: resources.PropertyGoods, Category: "rice",
		Quantity: d("10"), Unit: "bag", FairValue: d("500"), FairValueProof: "invoice", ProjectID: project},
		resources.Receiving{Handler: person(t, "王五"), Holder: e.holder()})
	require.NoError(t, err)
	e.clock.Advance(100 * 24 * time.Hour)
	_, _, err = e.svc.Donate(ctx, "clerk", resources.Donation{DonorID: named.ID, Kind: resources.PropertyCash, Category: "fund",
		Quantity: d("1000"), ProjectID: project}, resources.Receiving{Handler: person(t, "王五"), Holder: e.holder()})
	require.NoError(t, err)
	r := e.request("4", nil)
	a, err := e.svc.Reserve(ctx, "w", lot.ID, r.ID, d("4"))
	require.NoError(t, err)
	_, err = e.svc.Deliver(ctx, "w", a.ID)
	require.NoError(t, err)
	e.goods("3", resources.Restriction{}) // another project's gift stays out

	rep, err := e.svc.Disclosure(ctx, project, wushe.Window{Start: t0, End: t0.AddDate(1, 0, 0)})
	require.NoError(t, err)
	require.Len(t, rep.Periods, 5)
	q1, q2 := rep.Periods[0], rep.Periods[1]
	require.Len(t, q1.Receipts, 1)
	assert.Equal(t, resources.Anonymous, q1.Receipts[0].Donor)
	assert.True(t, q1.ReceivedValue.Equal(d("500")))
	assert.Empty(t, q1.Uses)
	assert.True(t, q1.Overdue)
	require.Len(t, q2.Receipts, 1)
	assert.Equal(t, "Riverside Bank", q2.Receipts[0].Donor)
	require.Len(t, q2.Uses, 1)
	assert.True(t, q2.Uses[0].Value.Equal(d("200")))
	assert.False(t, q2.Overdue)
	final := rep.Periods[4]
	assert.True(t, final.Final)
	assert.True(t, final.ReceivedValue.Equal(d("1500")))
	j, err := json.Marshal(rep)
	require.NoError(t, err)
	assert.NotContains(t, string(j), anon.Name)

	_, err = e.svc.Disclosure(ctx, uuid.Nil, wushe.Window{Start: t0, End: t0.AddDate(1, 0, 0)})
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = e.svc.Disclosure(ctx, project, wushe.Window{})
	assert.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestCheckSpending(t *testing.T) {
	th := resources.DefaultThresholds()
	assert.Contains(t, th.Source, "61")
	c, err := resources.CheckSpending(resources.Financials{PublicFundraising: true, LastYearIncome: d("1000000"),
		CharitableSpending: d("700000"), ManagementCosts: d("80000"), TotalSpending: d("800000")}, th)
	require.NoError(t, err)
	assert.True(t, c.SpendingOK, "exactly 70% passes")
	assert.True(t, c.SpendingRatio.Equal(d("0.7")))
	assert.True(t, c.ManagementOK, "exactly 10% passes")
	c, err = resources.CheckSpending(resources.Financials{PublicFundraising: true, LastYearIncome: d("1000000"),
		CharitableSpending: d("699999.99"), ManagementCosts: d("80000.01"), TotalSpending: d("800000")}, th)
	require.NoError(t, err)
	assert.False(t, c.SpendingOK)
	assert.False(t, c.ManagementOK)
	c, err = resources.CheckSpending(resources.Financials{LastYearNetAssets: d("500000"), CharitableSpending: d("40000"),
		ManagementCosts: d("12000"), TotalSpending: d("100000")}, th)
	require.NoError(t, err)
	assert.True(t, c.SpendingOK && c.ManagementOK)
	assert.True(t, c.MaxManagement.Equal(d("0.12")))
	c, err = resources.CheckSpending(resources.Financials{LastYearNetAssets: d("500000")}, th)
	require.NoError(t, err)
	assert.False(t, c.SpendingOK)
	assert.True(t, c.ManagementRatio.IsZero())
	_, err = resources.CheckSpending(resources.Financials{PublicFundraising: true, CharitableSpending: d("-1"), ManagementCosts: d("2")}, th)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.ElementsMatch(t, []string{"CharitableSpending", "LastYearIncome", "TotalSpending", "ManagementCosts"}, fields(err))
	custom := th
	custom.MinSpendingOther = decimal.RequireFromString("0.1")
	c, err = resources.CheckSpending(resources.Financials{LastYearNetAssets: d("500000"), CharitableSpending: d("40000")}, custom)
	require.NoError(t, err)
	assert.False(t, c.SpendingOK, "thresholds are data")
}

func TestBuildIdleReportSkipsExpired(t *testing.T) {
	l := resources.Lot{ID: uuid.New(), OnHand: d("1"), UnitValue: d("1"), Expires: t0, LastMoved: t0.AddDate(0, -1, 0)}
	rep := resources.BuildIdleReport([]resources.Lot{l}, nil, t0, 1)
	assert.Empty(t, rep.Idle)
}

func TestEmergencyDisclosurePeriods(t *testing.T) {
	ps, err := resources.EmergencyDisclosurePeriods(wushe.Window{Start: t0, End: t0.AddDate(0, 0, 12)})
	require.NoError(t, err)
	require.Len(t, ps, 3)
	assert.Equal(t, t0.AddDate(0, 0, 5), ps[0].Due)
	assert.Equal(t, t0.AddDate(0, 0, 10), ps[1].Period.End)
	assert.Equal(t, t0.AddDate(0, 0, 12), ps[2].Period.End)
	_, err = resources.EmergencyDisclosurePeriods(wushe.Window{})
	assert.ErrorIs(t, err, wushe.ErrInvalid)
}
