package resources_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/resources/resourcestest"
	"github.com/wushe/wushe/storetest"
)

func TestNewServiceRejectsNilStore(t *testing.T) {
	_, err := resources.NewService(nil, nil)
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	s, err := resources.NewService(newEnv(t).mem, nil)
	require.NoError(t, err)
	assert.NotNil(t, s.Store())
}

func TestRegisterDonor(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	dn, err := e.svc.RegisterDonor(ctx, "clerk", resources.Donor{Kind: resources.DonorEnterprise, Name: "Tencent",
		CreditCode: " 9144030071526726xg "})
	require.NoError(t, err)
	assert.Equal(t, resources.CreditCode("9144030071526726XG"), dn.CreditCode)
	assert.Equal(t, int64(1), dn.Version)
	assert.Equal(t, t0, dn.CreatedAt)

	_, err = e.svc.RegisterDonor(ctx, "clerk", resources.Donor{Kind: resources.DonorEnterprise, Name: "Bad", CreditCode: "91350100M000100Y44"})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	fe := wushe.FieldErrors(err)
	require.NotEmpty(t, fe)
	assert.Equal(t, "resources.Service.RegisterDonor", fe[0].Op)
	assert.Equal(t, "CreditCode", fe[0].Field)

	_, err = e.svc.RegisterDonor(ctx, "", resources.Donor{Kind: resources.DonorIndividual})
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = e.svc.RegisterDonor(ctx, "clerk", resources.Donor{Kind: resources.DonorIndividual})
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	ind, err := e.svc.RegisterDonor(ctx, "clerk", resources.Donor{Kind: resources.DonorIndividual, Person: person(t, "李小明")})
	require.NoError(t, err)
	assert.Equal(t, "李**", ind.DisplayName())
	assert.NotContains(t, fmt.Sprintf("%v %+v", ind, ind), "小明")
}

func TestPledgeReceivePartial(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	dn := e.donor(false)
	p, err := e.svc.Pledge(ctx, "clerk", resources.Donation{DonorID: dn.ID, Kind: resources.PropertyGoods, Category: "rice",
		Quantity: d("100"), Unit: "bag", FairValue: d("5000"), FairValueProof: "invoice 42",
		Agreement: &resources.Agreement{Reference: "A-1", Use: "elderly meals", Quality: "GB 1354", SignedOn: t0}})
	require.NoError(t, err)
	assert.Equal(t, resources.DonationPledged, p.Status)

	e.clock.Advance(time.Hour)
	p2, lot, err := e.svc.Receive(ctx, "clerk", p.ID, resources.Receiving{Quantity: d("40"), Handler: person(t, "王五"),
		Holder: e.holder(), Location: &wushe.Point{Lat: 30.6, Lng: 104.0}, Expires: t0.AddDate(0, 6, 0)})
	require.NoError(t, err)
	assert.Equal(t, resources.DonationPartial, p2.Status)
	assert.Equal(t, int64(2), p2.Version)
	require.Len(t, p2.Receipts, 1)
	rc := p2.Receipts[0]
	assert.Equal(t, "Riverside Bank", rc.Donor)
	assert.Equal(t, "J Community Charity Fund", rc.Organization)
	assert.True(t, rc.Value.Equal(d("2000")), rc.Value.String())
	assert.NotEmpty(t, rc.Number)
	assert.Empty(t, rc.Withheld)
	assert.Equal(t, lot.ID, rc.LotID)
	assert.True(t, lot.OnHand.Equal(d("40")))
	assert.True(t, lot.UnitValue.Equal(d("50")))
	assert.Equal(t, lot, e.lot(lot.ID))

	_, _, err = e.svc.Receive(ctx, "clerk", p.ID, resources.Receiving{Quantity: d("61"), Handler: person(t, "王五"), Holder: e.holder()})
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	p3, _, err := e.svc.Receive(ctx, "clerk", p.ID, resources.Receiving{Quantity: d("60"), Handler: person(t, "王五"), Holder: e.holder(), Number: "R-9"})
	require.NoError(t, err)
	assert.Equal(t, resources.DonationReceived, p3.Status)
	assert.Equal(t, "R-9", p3.Receipts[1].Number)
	_, _, err = e.svc.Receive(ctx, "clerk", p.ID, resources.Receiving{Quantity: d("1"), Handler: person(t, "王五"), Holder: e.holder()})
	assert.ErrorIs(t, err, wushe.ErrConflict)
	stored, err := e.mem.GetDonation(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, p3, stored)
}

func TestReceiveRules(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	dn := e.donor(true)
	p, err := e.svc.Pledge(ctx, "clerk", resources.Donation{DonorID: dn.ID, Kind: resources.PropertyService, Category: "haircut",
		Quantity: d("20"), Unit: "session", FairValue: d("600"), CapacityPerSession: 1})
	require.NoError(t, err)
	before := e.snapshot()
	for name, r := range map[string]resources.Receiving{
		"no handler":  {Quantity: d("1"), Holder: e.holder()},
		"no holder":   {Quantity: d("1"), Handler: person(t, "王五")},
		"zero":        {Handler: person(t, "王五"), Holder: e.holder()},
		"too precise": {Quantity: d("1.0001"), Handler: person(t, "王五"), Holder: e.holder()},
		"expired":     {Quantity: d("1"), Handler: person(t, "王五"), Holder: e.holder(), Expires: t0},
		"bad point":   {Quantity: d("1"), Handler: person(t, "王五"), Holder: e.holder(), Location: &wushe.Point{Lat: 91}},
	} {
		_, _, err := e.svc.Receive(ctx, "clerk", p.ID, r)
		assert.ErrorIs(t, err, wushe.ErrInvalid, name)
	}
	_, _, err = e.svc.Receive(ctx, "", p.ID, resources.Receiving{})
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	_, _, err = e.svc.Receive(ctx, "clerk", uuid.New(), resources.Receiving{})
	assert.ErrorIs(t, err, wushe.ErrNotFound)
	assert.Equal(t, before, e.snapshot())

	// no fair-value proof: the property is received, the receipt is withheld, the donor anonymous
	p2, _, err := e.svc.Receive(ctx, "clerk", p.ID, resources.Receiving{Quantity: d("5"), Handler: person(t, "王五"), Holder: e.holder()})
	require.NoError(t, err)
	rc := p2.Receipts[0]
	assert.Empty(t, rc.Number)
	assert.Contains(t, rc.Withheld, "fair value")
	assert.Equal(t, resources.Anonymous, rc.Donor)
}

func TestPledgeValidation(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	dn := e.donor(false)
	_, err := e.svc.Pledge(ctx, "clerk", resources.Donation{DonorID: dn.ID, Kind: resources.PropertyCash, Category: "fund", Quantity: d("10.001")})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.Equal(t, "Quantity", wushe.FieldErrors(err)[0].Field)
	_, err = e.svc.Pledge(ctx, "clerk", resources.Donation{DonorID: uuid.New(), Kind: resources.PropertyCash, Category: "fund", Quantity: d("10")})
	assert.ErrorIs(t, err, wushe.ErrNotFound)
	c, err := e.svc.Pledge(ctx, "clerk", resources.Donation{DonorID: dn.ID, Kind: resources.PropertyCash, Category: "fund", Quantity: d("10.50")})
	require.NoError(t, err)
	assert.Equal(t, "CNY", c.Unit)
	assert.True(t, c.FairValue.Equal(d("10.5")))
	assert.True(t, c.UnitValue().Equal(d("1")))
}

func TestCancelPledge(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	dn := e.donor(false)
	p, err := e.svc.Pledge(ctx, "clerk", resources.Donation{DonorID: dn.ID, Kind: resources.PropertyCash, Category: "fund", Quantity: d("1000")})
	require.NoError(t, err)
	_, err = e.svc.CancelPledge(ctx, "clerk", p.ID, "")
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = e.svc.CancelPledge(ctx, "", p.ID, "x")
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	c, err := e.svc.CancelPledge(ctx, "clerk", p.ID, "donor's business failed")
	require.NoError(t, err)
	assert.Equal(t, resources.DonationCancelled, c.Status)
	// A state error says which state would do and the call that gets there.
	_, err = e.svc.CancelPledge(ctx, "clerk", p.ID, "again")
	assert.ErrorIs(t, err, wushe.ErrConflict)
	assert.ErrorContains(t, err, "is cancelled: only a pledged or partially received donation can be released")
	_, _, err = e.svc.Receive(ctx, "clerk", p.ID, resources.Receiving{Quantity: d("1"), Handler: person(t, "王五"), Holder: e.holder()})
	assert.ErrorIs(t, err, wushe.ErrConflict)
	assert.ErrorContains(t, err, "is cancelled: only a pledged or partially received donation receives more; record a new gift with Donate or Pledge")
}

func TestReserveDeliverCancel(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	_, lot := e.goods("10", resources.Restriction{})
	r := e.request("6", nil)
	a, err := e.svc.Reserve(ctx, "worker", lot.ID, r.ID, d("4"))
	require.NoError(t, err)
	assert.Equal(t, resources.AllocationReserved, a.Status)
	l := e.lot(lot.ID)
	assert.True(t, l.OnHand.Equal(d("6")) && l.Reserved.Equal(d("4")))

	_, err = e.svc.Reserve(ctx, "worker", lot.ID, r.ID, d("3"))
	assert.ErrorIs(t, err, wushe.ErrInsufficient, "request wants only 2 more")
	b, err := e.svc.Reserve(ctx, "worker", lot.ID, r.ID, d("2"))
	require.NoError(t, err)

	del, err := e.svc.Deliver(ctx, "worker", a.ID)
	require.NoError(t, err)
	assert.Equal(t, resources.AllocationDelivered, del.Status)
	assert.Equal(t, int64(2), del.Version)
	_, err = e.svc.Deliver(ctx, "worker", a.ID)
	assert.ErrorIs(t, err, wushe.ErrConflict)
	assert.ErrorContains(t, err, "is delivered: only a reserved allocation can be delivered or cancelled; reserve stock for the request with Reserve first")
	_, err = e.svc.Cancel(ctx, "worker", a.ID, "x")
	assert.ErrorIs(t, err, wushe.ErrConflict)

	c, err := e.svc.Cancel(ctx, "worker", b.ID, "resident moved away")
	require.NoError(t, err)
	assert.Equal(t, resources.AllocationCancelled, c.Status)
	assert.Equal(t, "resident moved away", c.Note)
	l = e.lot(lot.ID)
	assert.True(t, l.OnHand.Equal(d("6")) && l.Reserved.IsZero() && l.Delivered.Equal(d("4")) && l.Conserved())
	rq, err := e.mem.GetRequest(ctx, r.ID)
	require.NoError(t, err)
	assert.True(t, rq.Remaining().Equal(d("2")))

	_, err = e.svc.Deliver(ctx, "worker", uuid.New())
	assert.ErrorIs(t, err, wushe.ErrNotFound)
	_, err = e.svc.Deliver(ctx, "", a.ID)
	assert.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestReserveEligibility(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	child := resources.Restriction{Groups: []resources.TargetGroup{resources.GroupChildren}, MaxAge: 13}
	_, lot := e.goods("10", child)
	elderly := e.request("1", nil)
	_, err := e.svc.Reserve(ctx, "worker", lot.ID, elderly.ID, d("1"))
	require.ErrorIs(t, err, wushe.ErrForbidden)
	assert.Contains(t, err.Error(), "target groups")

	kid := e.request("1", func(r *resources.Request) {
		r.Group = resources.GroupChildren
		r.Beneficiary = resources.Beneficiary{Age: 9, AgeKnown: true, Groups: []resources.TargetGroup{resources.GroupChildren}}
	})
	_, err = e.svc.Reserve(ctx, "worker", lot.ID, kid.ID, d("1"))
	require.NoError(t, err)

	teen := e.request("1", func(r *resources.Request) {
		r.Group = resources.GroupChildren
		r.Beneficiary = resources.Beneficiary{Age: 15, AgeKnown: true}
	})
	_, err = e.svc.Reserve(ctx, "worker", lot.ID, teen.ID, d("1"))
	assert.ErrorIs(t, err, wushe.ErrForbidden)

	oil := e.request("1", func(r *resources.Request) { r.Category = "oil" })
	_, err = e.svc.Reserve(ctx, "worker", lot.ID, oil.ID, d("1"))
	assert.ErrorIs(t, err, wushe.ErrInvalid)

	_, err = e.svc.CloseRequest(ctx, "worker", oil.ID, resources.RequestCancelled)
	require.NoError(t, err)
	_, err = e.svc.Reserve(ctx, "worker", lot.ID, oil.ID, d("1"))
	assert.ErrorIs(t, err, wushe.ErrConflict)

	_, err = e.svc.Reserve(ctx, "worker", lot.ID, kid.ID, d("0"))
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = e.svc.Reserve(ctx, "worker", uuid.New(), kid.ID, d("1"))
	assert.ErrorIs(t, err, wushe.ErrNotFound)
	_, err = e.svc.Reserve(ctx, "worker", lot.ID, uuid.New(), d("1"))
	assert.ErrorIs(t, err, wushe.ErrNotFound)
	_, err = e.svc.Reserve(ctx, "", lot.ID, kid.ID, d("1"))
	assert.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestReserveExpired(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	dn := e.donor(false)
	_, lot, err := e.svc.Donate(ctx, "clerk", resources.Donation{DonorID: dn.ID, Kind: resources.PropertyGoods, Category: "milk",
		Quantity: d("12"), Unit: "box", FairValue: d("120"), FairValueProof: "invoice"},
		resources.Receiving{Handler: person(t, "王五"), Holder: e.holder(), Expires: t0.AddDate(0, 0, 7)})
	require.NoError(t, err)
	r := e.request("2", func(r *resources.Request) { r.Category, r.Unit = "milk", "box" })
	_, _, err = e.svc.Dispose(ctx, "clerk", lot.ID, resources.Disposal{Quantity: d("1"), Reason: resources.DisposeExpired})
	assert.ErrorIs(t, err, wushe.ErrInvalid, "not yet expired")
	e.clock.Advance(8 * 24 * time.Hour)
	_, err = e.svc.Reserve(ctx, "worker", lot.ID, r.ID, d("1"))
	assert.ErrorIs(t, err, wushe.ErrForbidden)
	l, _, err := e.svc.Dispose(ctx, "clerk", lot.ID, resources.Disposal{Quantity: d("12"), Reason: resources.DisposeExpired})
	require.NoError(t, err)
	assert.True(t, l.Disposed.Equal(d("12")) && l.OnHand.IsZero() && l.Conserved())
	assert.Equal(t, l, e.lot(lot.ID))
	_, _, err = e.svc.Dispose(ctx, "clerk", lot.ID, resources.Disposal{Quantity: d("1"), Reason: resources.DisposeDamaged})
	assert.ErrorIs(t, err, wushe.ErrInsufficient)
}

func TestDisposeSale(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	project := uuid.MustParse("00000000-0000-4000-8000-0000000000a1")
	dn := e.donor(false)
	_, lot, err := e.svc.Donate(ctx, "clerk", resources.Donation{DonorID: dn.ID, Kind: resources.PropertyGoods, Category: "scarves",
		Quantity: d("30"), Unit: "piece", FairValue: d("900"), FairValueProof: "appraisal", ProjectID: project,
		Restriction: resources.Restriction{Purposes: []resources.Purpose{resources.PurposeCare}}},
		resources.Receiving{Handler: person(t, "王五"), Holder: e.holder()})
	require.NoError(t, err)
	l, proceeds, err := e.svc.Dispose(ctx, "clerk", lot.ID, resources.Disposal{Quantity: d("10"), Reason: resources.DisposeSold,
		Proceeds: d("350.50"), Buyers: "14 residents at the spring fair", Holder: resources.Holder{Kind: resources.HolderCommunityFund, Name: "Fund"}})
	require.NoError(t, err)
	assert.True(t, l.Disposed.Equal(d("10")))
	require.NotNil(t, proceeds)
	// The proceeds are the same gift in cash: a lot of the goods' donation, paid by the
	// buyers, with no new donation and no new receipt.
	assert.Equal(t, lot.ID, proceeds.FromLotID)
	assert.Equal(t, lot.DonationID, proceeds.DonationID)
	assert.Equal(t, "14 residents at the spring fair", proceeds.PaidBy)
	assert.Equal(t, resources.PropertyCash, proceeds.Kind)
	assert.True(t, proceeds.Restriction.Equal(lot.Restriction))
	stored, err := e.mem.GetLot(ctx, proceeds.ID)
	require.NoError(t, err)
	assert.True(t, stored.OnHand.Equal(d("350.50")))
	assert.Equal(t, proceeds.PaidBy, stored.PaidBy)
	dons, err := e.mem.ListDonations(ctx, resources.DonationFilter{ProjectID: project})
	require.NoError(t, err)
	require.Len(t, dons.Items, 1, "a sale makes no donation")
	assert.Len(t, dons.Items[0].Receipts, 1, "a sale issues no receipt")
	assert.Equal(t, dn.ID, dons.Items[0].DonorID)

	// Counted once: the disclosure receives the goods' 900 and uses only what the cash
	// delivers, never the sale itself.
	r, err := e.svc.Request(ctx, "clerk", resources.Request{CommunityID: uuid.New(), Group: resources.GroupElderly, Purpose: resources.PurposeCare,
		Kind: resources.PropertyCash, Category: resources.ProceedsCategory, Unit: "CNY", Quantity: d("100"), Urgency: resources.UrgencyUrgent})
	require.NoError(t, err)
	a, err := e.svc.Reserve(ctx, "clerk", proceeds.ID, r.ID, d("100"))
	require.NoError(t, err)
	_, err = e.svc.Deliver(ctx, "clerk", a.ID)
	require.NoError(t, err)
	dis, err := e.svc.Disclosure(ctx, project, wushe.Window{Start: t0.AddDate(0, -1, 0), End: t0.AddDate(0, 2, 0)})
	require.NoError(t, err)
	final := dis.Periods[len(dis.Periods)-1]
	assert.Equal(t, "900", final.ReceivedValue.String())
	assert.Equal(t, "100", final.UsedValue.String())
	require.Len(t, final.Uses, 1)
	assert.Equal(t, resources.MoveDeliver, final.Uses[0].Kind)

	for name, x := range map[string]resources.Disposal{
		"proceeds without sale": {Quantity: d("1"), Reason: resources.DisposeDamaged, Proceeds: d("1")},
		"bad reason":            {Quantity: d("1"), Reason: "lost"},
		"fen":                   {Quantity: d("1"), Reason: resources.DisposeSold, Proceeds: d("1.001")},
		"no holder":             {Quantity: d("1"), Reason: resources.DisposeSold, Proceeds: d("1")},
	} {
		before := e.snapshot()
		_, _, err := e.svc.Dispose(ctx, "clerk", lot.ID, x)
		assert.ErrorIs(t, err, wushe.ErrInvalid, name)
		assert.Equal(t, before, e.snapshot(), name)
	}
	_, _, err = e.svc.Dispose(ctx, "clerk", uuid.New(), resources.Disposal{Quantity: d("1"), Reason: resources.DisposeDamaged})
	assert.ErrorIs(t, err, wushe.ErrNotFound)
	_, _, err = e.svc.Dispose(ctx, "", lot.ID, resources.Disposal{})
	assert.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestChangeUse(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	_, lot := e.goods("5", resources.Restriction{Groups: []resources.TargetGroup{resources.GroupChildren}})
	to := resources.Restriction{Groups: []resources.TargetGroup{resources.GroupElderly}}
	_, err := e.svc.ChangeUse(ctx, "clerk", lot.ID, to, resources.Consent{})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = e.svc.ChangeUse(ctx, "clerk", lot.ID, to, resources.Consent{Kind: resources.ConsentPublicNotice, Reference: "notice 3",
		Date: t0, NoticeFrom: t0.AddDate(0, 0, -30)})
	require.ErrorIs(t, err, wushe.ErrInvalid, "a 30-day notice is too short")
	_, err = e.svc.ChangeUse(ctx, "clerk", lot.ID, to, resources.Consent{Kind: resources.ConsentDonor, Reference: "letter", Date: t0.Add(time.Hour)})
	require.ErrorIs(t, err, wushe.ErrInvalid, "consent from the future")
	l, err := e.svc.ChangeUse(ctx, "clerk", lot.ID, to, resources.Consent{Kind: resources.ConsentDonor, Reference: "letter 7", Date: t0})
	require.NoError(t, err)
	assert.True(t, l.Restriction.Equal(to))
	require.Len(t, l.Consents, 1)
	assert.Equal(t, "clerk", l.Consents[0].Actor)
	assert.Equal(t, []resources.TargetGroup{resources.GroupChildren}, l.Consents[0].Before.Groups)
	_, err = e.svc.ChangeUse(ctx, "clerk", lot.ID, to, resources.Consent{Kind: resources.ConsentDonor, Reference: "letter 8", Date: t0})
	assert.ErrorIs(t, err, wushe.ErrConflict)
	_, err = e.svc.ChangeUse(ctx, "", lot.ID, to, resources.Consent{})
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	r := e.request("1", nil)
	_, err = e.svc.Reserve(ctx, "worker", lot.ID, r.ID, d("1"))
	assert.NoError(t, err, "the new use admits the elderly")
}

func TestCloseRequest(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	r := e.request("1", nil)
	_, err := e.svc.CloseRequest(ctx, "worker", r.ID, resources.RequestOpen)
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = e.svc.CloseRequest(ctx, "", r.ID, resources.RequestClosed)
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	c, err := e.svc.CloseRequest(ctx, "worker", r.ID, resources.RequestClosed)
	require.NoError(t, err)
	assert.Equal(t, resources.RequestClosed, c.Status)
	_, err = e.svc.CloseRequest(ctx, "worker", r.ID, resources.RequestClosed)
	assert.ErrorIs(t, err, wushe.ErrConflict)
	assert.ErrorContains(t, err, "is closed: only an open request can be closed or cancelled; raise a new one with Request")
	_, err = e.svc.Request(ctx, "worker", resources.Request{})
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = e.svc.Request(ctx, "", resources.Request{})
	assert.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestPositionsAsOf(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	_, lot := e.goods("10", resources.Restriction{})
	r := e.request("10", nil)
	e.clock.Advance(24 * time.Hour)
	a, err := e.svc.Reserve(ctx, "worker", lot.ID, r.ID, d("3"))
	require.NoError(t, err)
	e.clock.Advance(24 * time.Hour)
	_, err = e.svc.Deliver(ctx, "worker", a.ID)
	require.NoError(t, err)

	at := func(t1 time.Time) resources.Position {
		ps, err := e.svc.Positions(ctx, t1)
		require.NoError(t, err)
		require.Len(t, ps, 1)
		return ps[0]
	}
	p0 := at(t0)
	assert.True(t, p0.OnHand.Equal(d("10")) && p0.Reserved.IsZero())
	p1 := at(t0.Add(36 * time.Hour))
	assert.True(t, p1.OnHand.Equal(d("7")) && p1.Reserved.Equal(d("3")))
	p2 := at(t0.Add(72 * time.Hour))
	assert.Equal(t, e.lot(lot.ID).Position().String(), p2.String())
	ps, err := e.svc.Positions(ctx, t0.Add(-time.Hour))
	require.NoError(t, err)
	assert.Empty(t, ps)

	// The memstore answers from the positions it keeps (resources.PositionReader); a
	// Store without that is replayed by the Service, with the same answers.
	var _ resources.PositionReader = e.mem
	replayed, err := resources.NewService(resourcestest.NewFaultyStore(e.mem), &resources.Options{Clock: e.clock})
	require.NoError(t, err)
	for h := -1; h <= 80; h++ {
		asOf := t0.Add(time.Duration(h) * time.Hour)
		want, err := replayed.Positions(ctx, asOf)
		require.NoError(t, err)
		got, err := e.svc.Positions(ctx, asOf)
		require.NoError(t, err)
		require.Equal(t, fmt.Sprint(want), fmt.Sprint(got), "as of %s", asOf)
	}
}

// Every service call that fails at any store call leaves the store exactly as it was.
func TestFailingStoreLeavesNothingPartial(t *testing.T) {
	var pledge resources.Donation
	steps := []struct {
		name string
		run  func(e *env, lot resources.Lot, req resources.Request, alloc resources.Allocation) error
	}{
		{"Receive", func(e *env, _ resources.Lot, _ resources.Request, _ resources.Allocation) error {
			_, _, err := e.svc.Receive(e.t.Context(), "clerk", pledge.ID, resources.Receiving{Quantity: d("3"),
				Handler: person(e.t, "王五"), Holder: e.holder()})
			return err
		}},
		{"CancelPledge", func(e *env, _ resources.Lot, _ resources.Request, _ resources.Allocation) error {
			_, err := e.svc.CancelPledge(e.t.Context(), "clerk", pledge.ID, "donor withdrew")
			return err
		}},
		{"CloseRequest", func(e *env, _ resources.Lot, req resources.Request, _ resources.Allocation) error {
			_, err := e.svc.CloseRequest(e.t.Context(), "worker", req.ID, resources.RequestClosed)
			return err
		}},
		{"Donate", func(e *env, _ resources.Lot, _ resources.Request, _ resources.Allocation) error {
			dn, err := e.mem.ListDonors(e.t.Context(), resources.DonorFilter{})
			require.NoError(e.t, err)
			_, _, err = e.svc.Donate(e.t.Context(), "clerk", resources.Donation{DonorID: dn.Items[0].ID, Kind: resources.PropertyCash,
				Category: "fund", Quantity: d("100")}, resources.Receiving{Handler: person(e.t, "王五"), Holder: e.holder()})
			return err
		}},
		{"Reserve", func(e *env, lot resources.Lot, req resources.Request, _ resources.Allocation) error {
			_, err := e.svc.Reserve(e.t.Context(), "worker", lot.ID, req.ID, d("1"))
			return err
		}},
		{"Deliver", func(e *env, _ resources.Lot, _ resources.Request, a resources.Allocation) error {
			_, err := e.svc.Deliver(e.t.Context(), "worker", a.ID)
			return err
		}},
		{"Cancel", func(e *env, _ resources.Lot, _ resources.Request, a resources.Allocation) error {
			_, err := e.svc.Cancel(e.t.Context(), "worker", a.ID, "")
			return err
		}},
		{"DisposeSale", func(e *env, lot resources.Lot, _ resources.Request, _ resources.Allocation) error {
			_, _, err := e.svc.Dispose(e.t.Context(), "clerk", lot.ID, resources.Disposal{Quantity: d("1"), Reason: resources.DisposeSold,
				Proceeds: d("20"), Holder: e.holder()})
			return err
		}},
		{"ChangeUse", func(e *env, lot resources.Lot, _ resources.Request, _ resources.Allocation) error {
			_, err := e.svc.ChangeUse(e.t.Context(), "clerk", lot.ID, resources.Restriction{MaxAge: 10},
				resources.Consent{Kind: resources.ConsentDonor, Reference: "r", Date: t0})
			return err
		}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			for call := 1; ; call++ {
				e := newFaultyEnv(t)
				_, lot := e.goods("10", resources.Restriction{})
				req := e.request("5", nil)
				alloc, err := e.svc.Reserve(t.Context(), "worker", lot.ID, req.ID, d("2"))
				require.NoError(t, err)
				dons, err := e.mem.ListDonations(t.Context(), resources.DonationFilter{})
				require.NoError(t, err)
				pledge, err = e.svc.Pledge(t.Context(), "clerk", resources.Donation{DonorID: dons.Items[0].DonorID, Kind: resources.PropertyGoods,
					Category: "oil", Quantity: d("5"), Unit: "bottle", FairValue: d("100"), FairValueProof: "invoice"})
				require.NoError(t, err)
				before := e.snapshot()
				e.fs.Faults.Reset()
				e.fs.Faults.FailAt(call)
				err = st.run(e, lot, req, alloc)
				if err == nil {
					require.Greater(t, call, 1, "the step made no store call")
					return
				}
				require.ErrorIs(t, err, storetest.ErrInjected)
				assert.Equal(t, wushe.KindUnavailable, wushe.KindOf(err))
				if strings.Contains(err.Error(), "the disposal was recorded") {
					// Reading the lots back after the posting failed: the disposal stands
					// (it was not rejected), whole, and the error says so.
					require.Equal(t, "DisposeSale", st.name)
					assert.True(t, e.lot(lot.ID).Disposed.Equal(d("1")), "failure at call %d", call)
					continue
				}
				require.Equal(t, before, e.snapshot(), "failure at call %d (%v) left a partial change", call, e.fs.Faults.Log())
				var werr *wushe.Error
				require.True(t, errors.As(err, &werr))
				assert.Contains(t, werr.Op, "resources.Service.")
			}
		})
	}
}

// 50 goroutines each reserve 1 unit of a lot of 10 through the Service: exactly 10 win,
// the rest are told the stock is insufficient, and conservation holds.
func TestConcurrentServiceReserve(t *testing.T) {
	e := newEnv(t)
	_, lot := e.goods("10", resources.Restriction{})
	r := e.request("50", nil)
	errs := storetest.Parallel(50, func(int) error {
		_, err := e.svc.Reserve(t.Context(), "worker", lot.ID, r.ID, d("1"))
		return err
	})
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else {
			require.ErrorIs(t, err, wushe.ErrInsufficient)
		}
	}
	assert.Equal(t, 10, won)
	l := e.lot(lot.ID)
	assert.True(t, l.Reserved.Equal(d("10")) && l.OnHand.IsZero() && l.Conserved())
}

func TestUpdateDonor(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	dn := e.donor(false)
	e.clock.Advance(time.Hour)
	up, err := e.svc.UpdateDonor(ctx, "clerk", dn.ID, func(d *resources.Donor) error {
		d.Name, d.Anonymous, d.ID, d.CreatedAt = "Renamed bank", true, uuid.New(), time.Time{}
		d.CreditCode = "9144030071526726xg"
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, dn.ID, up.ID)
	assert.Equal(t, dn.CreatedAt, up.CreatedAt)
	assert.Equal(t, t0.Add(time.Hour), up.UpdatedAt)
	assert.Equal(t, int64(2), up.Version)
	assert.Equal(t, resources.CreditCode("9144030071526726XG"), up.CreditCode)
	assert.Equal(t, resources.Anonymous, up.DisplayName())
	_, err = e.svc.UpdateDonor(ctx, "clerk", dn.ID, func(d *resources.Donor) error { d.Name = ""; return nil })
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.Equal(t, "resources.Service.UpdateDonor", wushe.FieldErrors(err)[0].Op)
	boom := errors.New("boom")
	_, err = e.svc.UpdateDonor(ctx, "clerk", dn.ID, func(*resources.Donor) error { return boom })
	assert.ErrorIs(t, err, boom)
	_, err = e.svc.UpdateDonor(ctx, "", dn.ID, nil)
	assert.ErrorIs(t, err, wushe.ErrInvalid)
	got, err := e.mem.GetDonor(ctx, dn.ID)
	require.NoError(t, err)
	assert.Equal(t, up, got)
}
