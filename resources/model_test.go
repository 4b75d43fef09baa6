package resources_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

func fields(err error) []string {
	var out []string
	for _, e := range wushe.FieldErrors(err) {
		out = append(out, e.Field)
	}
	return out
}

func TestEnumsValid(t *testing.T) {
	assert.True(t, resources.DonorFoundation.Valid())
	assert.False(t, resources.DonorKind("x").Valid())
	assert.True(t, resources.PropertyVenue.Valid())
	assert.False(t, resources.PropertyKind("").Valid())
	assert.True(t, resources.DonationPartial.Valid())
	assert.False(t, resources.DonationStatus("x").Valid())
	assert.True(t, resources.GroupMigrant.Valid())
	assert.False(t, resources.TargetGroup("x").Valid())
	assert.True(t, resources.PurposeEnvironment.Valid())
	assert.False(t, resources.Purpose("x").Valid())
	assert.True(t, resources.HolderUnit.Valid())
	assert.False(t, resources.HolderKind("x").Valid())
	assert.True(t, resources.RequestCancelled.Valid())
	assert.False(t, resources.RequestStatus("x").Valid())
	assert.True(t, resources.AllocationDelivered.Valid())
	assert.False(t, resources.AllocationStatus("x").Valid())
	assert.True(t, resources.MoveDispose.Valid())
	assert.False(t, resources.MovementKind("x").Valid())
	assert.True(t, resources.DisposeSold.Valid())
	assert.False(t, resources.DisposalReason("x").Valid())
	assert.True(t, resources.ConsentPublicNotice.Valid())
	assert.False(t, resources.ConsentKind("x").Valid())
	ranks := []int{resources.UrgencyUrgent.Pressure(), resources.UrgencyDifficult.Pressure(), resources.UrgencyAnxious.Pressure(), resources.UrgencyHopedFor.Pressure()}
	assert.Equal(t, []int{4, 3, 2, 1}, ranks)
	assert.False(t, resources.Urgency("x").Valid())
}

func TestDonorValidate(t *testing.T) {
	assert.NoError(t, resources.Donor{Kind: resources.DonorFoundation, Name: "F"}.Validate())
	err := resources.Donor{Kind: "x"}.Validate()
	assert.Equal(t, []string{"Kind", "Name"}, fields(err))
	err = resources.Donor{Kind: resources.DonorIndividual, CreditCode: "91350100M000100Y43"}.Validate()
	assert.Equal(t, []string{"Person", "CreditCode"}, fields(err))
	err = resources.Donor{Kind: resources.DonorEnterprise, Name: "A", Address: wushe.NewSensitive(wushe.ClassName, "x")}.Validate()
	assert.Equal(t, []string{"Address"}, fields(err))
	assert.Equal(t, "A", resources.Donor{Kind: resources.DonorEnterprise, Name: "A"}.DisplayName())
	assert.Equal(t, resources.Anonymous, resources.Donor{Kind: resources.DonorEnterprise, Name: "A", Anonymous: true}.DisplayName())
}

func TestDonorJSONMasksPersonalData(t *testing.T) {
	ph, _ := wushe.ParsePhone("13812345678")
	dn := resources.Donor{Kind: resources.DonorIndividual, Person: person(t, "张三丰"), Phone: ph,
		Address: wushe.NewSensitive(wushe.ClassAddress, "1 Long Road")}
	b, err := json.Marshal(dn)
	require.NoError(t, err)
	s := string(b) + fmt.Sprintf("%v %+v", dn, dn)
	for _, clear := range []string{"三丰", "12345678", "Long Road"} {
		assert.NotContains(t, s, clear)
	}
}

func TestDonationValidate(t *testing.T) {
	ok := resources.Donation{DonorID: uuid.New(), Status: resources.DonationPledged, Kind: resources.PropertyCash, Category: "fund",
		Quantity: d("100.10"), Unit: "CNY", Received: decimal.Zero}
	require.NoError(t, ok.Validate())
	bad := ok
	bad.Quantity = d("100.101")
	assert.Equal(t, []string{"Quantity"}, fields(bad.Validate()))
	bad = ok
	bad.Unit, bad.FairValue = "USD", d("3")
	assert.Equal(t, []string{"Unit", "FairValue"}, fields(bad.Validate()))
	g := resources.Donation{Status: "x", Kind: resources.PropertyGoods, Quantity: d("-1"), Received: d("2"), CapacityPerSession: -1,
		FairValue: d("0.001"), Restriction: resources.Restriction{MinAge: 5, MaxAge: 3}, Agreement: &resources.Agreement{}}
	assert.ElementsMatch(t, []string{"DonorID", "Status", "Category", "Unit", "Quantity", "FairValue", "Received",
		"CapacityPerSession", "Restriction.MaxAge", "Agreement.Reference", "Agreement.Use", "Agreement.SignedOn"}, fields(g.Validate()))
	g2 := ok
	g2.Kind, g2.Unit, g2.Quantity, g2.FairValue = resources.PropertyGoods, "kg", d("1.0005"), d("10")
	assert.Equal(t, []string{"Quantity"}, fields(g2.Validate()))
	g2.Quantity = d("4")
	assert.True(t, g2.UnitValue().Equal(d("2.5")))
	assert.True(t, g2.Remaining().Equal(d("4")))
	g2.Quantity = decimal.Zero
	assert.True(t, g2.UnitValue().IsZero())
}

func TestRestriction(t *testing.T) {
	c1, c2 := uuid.New(), uuid.New()
	r := resources.Restriction{Purposes: []resources.Purpose{resources.PurposeCare}, Groups: []resources.TargetGroup{resources.GroupElderly},
		MinAge: 60, Communities: []uuid.UUID{c1}}
	b := resources.Beneficiary{Age: 70, AgeKnown: true, Groups: []resources.TargetGroup{resources.GroupElderly}, CommunityID: c1}
	ok, why := r.Admits(resources.PurposeCare, b)
	assert.True(t, ok, why)
	cases := map[string]func(*resources.Beneficiary) resources.Purpose{
		"purpose":   func(*resources.Beneficiary) resources.Purpose { return resources.PurposeDisaster },
		"group":     func(b *resources.Beneficiary) resources.Purpose { b.Groups = nil; return resources.PurposeCare },
		"age":       func(b *resources.Beneficiary) resources.Purpose { b.Age = 50; return resources.PurposeCare },
		"no age":    func(b *resources.Beneficiary) resources.Purpose { b.AgeKnown = false; return resources.PurposeCare },
		"community": func(b *resources.Beneficiary) resources.Purpose { b.CommunityID = c2; return resources.PurposeCare },
	}
	for name, mod := range cases {
		bb := b
		p := mod(&bb)
		ok, why := r.Admits(p, bb)
		assert.False(t, ok, name)
		assert.NotEmpty(t, why, name)
	}
	general := resources.Restriction{Groups: []resources.TargetGroup{resources.GroupGeneral}}
	ok, _ = general.Admits("", resources.Beneficiary{})
	assert.True(t, ok)
	assert.True(t, r.Equal(resources.Restriction{Purposes: r.Purposes, Groups: r.Groups, MinAge: 60, Communities: []uuid.UUID{c1}}))
	assert.False(t, r.Equal(general))
	assert.Equal(t, []string{"Purposes[0]", "Groups[0]", "MinAge", "MaxAge"},
		fields(resources.Restriction{Purposes: []resources.Purpose{"x"}, Groups: []resources.TargetGroup{"y"}, MinAge: -1, MaxAge: 200}.Validate()))
}

func TestBeneficiaryMasked(t *testing.T) {
	b := resources.Beneficiary{Age: 9, AgeKnown: true, Groups: []resources.TargetGroup{resources.GroupLowIncome}}
	r := resources.Request{Beneficiary: b}
	s := fmt.Sprintf("%v %+v %s", r, r, b)
	assert.NotContains(t, s, "low_income")
	j, err := json.Marshal(r)
	require.NoError(t, err)
	assert.NotContains(t, string(j), "low_income")
	assert.NotContains(t, string(j), `"age":9`)
	assert.True(t, b.Child())
	assert.False(t, resources.Beneficiary{Age: 20, AgeKnown: true}.Child())
}

func TestLotValidate(t *testing.T) {
	l := resources.Lot{DonationID: uuid.New(), Kind: resources.PropertyVenue, Category: "hall", Unit: "hour", UnitValue: d("100"),
		Received: d("10"), OnHand: d("4"), Reserved: d("3"), Delivered: d("2"), Disposed: d("1"),
		Holder: resources.Holder{Kind: resources.HolderUnit, Name: "Library"}, Location: &wushe.Point{Lat: 30, Lng: 104},
		Sessions: []resources.Session{{Window: wushe.NewWindow(t0, time.Hour), Capacity: 30}}}
	require.NoError(t, l.Validate())
	l.OnHand = d("5")
	assert.Equal(t, []string{"Received"}, fields(l.Validate()))
	l2 := resources.Lot{Reserved: d("-1"), Received: d("-1"), Location: &wushe.Point{Lat: 100}, Sessions: []resources.Session{{}}}
	assert.ElementsMatch(t, []string{"DonationID", "Kind", "Category", "Unit", "Holder.Kind", "Holder.Name", "Received", "Reserved",
		"Location.Lat", "Sessions[0].Window.Start", "Sessions[0].Window.End", "Sessions[0].Capacity"}, fields(l2.Validate()))
	assert.False(t, l.ExpiredAt(t0))
	l.Expires = t0
	assert.True(t, l.ExpiredAt(t0))
	assert.False(t, l.ExpiredAt(t0.Add(-time.Nanosecond)))
}

func TestRequestAndAllocationValidate(t *testing.T) {
	err := resources.Request{Kind: resources.PropertyCash, Quantity: d("1.001"), Reserved: d("2"), Purpose: "x",
		Location: &wushe.Point{Lng: 200}, Beneficiary: resources.Beneficiary{Groups: []resources.TargetGroup{"z"}, Age: -1, AgeKnown: true}}.Validate()
	assert.ElementsMatch(t, []string{"CommunityID", "Group", "Purpose", "Category", "Unit", "Quantity", "Reserved", "Urgency", "Status",
		"Location.Lng", "Beneficiary.Groups[0]", "Beneficiary.Age"}, fields(err))
	assert.ElementsMatch(t, []string{"LotID", "RequestID", "Quantity", "Status", "Actor"}, fields(resources.Allocation{}.Validate()))
	assert.NoError(t, resources.Allocation{LotID: uuid.New(), RequestID: uuid.New(), Quantity: d("1"), Status: resources.AllocationReserved, Actor: "a"}.Validate())
	assert.ElementsMatch(t, []string{"ID", "LotID", "Kind", "Quantity", "At", "Actor"}, fields(resources.Movement{}.Validate()))
	assert.ElementsMatch(t, []string{"AllocationID", "RequestID"}, fields(resources.Movement{ID: uuid.New(), LotID: uuid.New(),
		Kind: resources.MoveReserve, Quantity: d("1"), At: t0, Actor: "a"}.Validate()))
	assert.ElementsMatch(t, []string{"Reason"}, fields(resources.Movement{ID: uuid.New(), LotID: uuid.New(),
		Kind: resources.MoveDispose, Quantity: d("1"), At: t0, Actor: "a"}.Validate()))
	assert.ElementsMatch(t, []string{"Kind", "Reference", "Date"}, fields(resources.Consent{}.Validate()))
}

func TestPositionApply(t *testing.T) {
	var p resources.Position
	p = resources.Position{Received: decimal.Zero, OnHand: decimal.Zero, Reserved: decimal.Zero, Delivered: decimal.Zero, Disposed: decimal.Zero}
	m := func(k resources.MovementKind, q string) resources.Movement {
		return resources.Movement{Kind: k, Quantity: d(q)}
	}
	require.NoError(t, p.Apply(m(resources.MoveReceive, "5")))
	require.ErrorIs(t, p.Apply(m(resources.MoveReserve, "6")), wushe.ErrInsufficient)
	require.ErrorIs(t, p.Apply(m(resources.MoveRelease, "1")), wushe.ErrInsufficient)
	require.ErrorIs(t, p.Apply(m(resources.MoveDeliver, "1")), wushe.ErrInsufficient)
	require.ErrorIs(t, p.Apply(m(resources.MoveDispose, "6")), wushe.ErrInsufficient)
	require.ErrorIs(t, p.Apply(m(resources.MoveReceive, "0")), wushe.ErrInvalid)
	require.ErrorIs(t, p.Apply(m("teleport", "1")), wushe.ErrInvalid)
	require.NoError(t, p.Apply(m(resources.MoveReserve, "3")))
	require.NoError(t, p.Apply(m(resources.MoveRelease, "1")))
	require.NoError(t, p.Apply(m(resources.MoveDeliver, "1")))
	require.NoError(t, p.Apply(m(resources.MoveDispose, "2")))
	assert.Equal(t, "received 5 = on hand 1 + reserved 1 + delivered 1 + disposed 2", p.String())

	r := resources.Request{Quantity: d("2"), Reserved: decimal.Zero, Delivered: decimal.Zero}
	require.NoError(t, r.Apply(m(resources.MoveReserve, "2")))
	require.ErrorIs(t, r.Apply(m(resources.MoveReserve, "1")), wushe.ErrInsufficient)
	require.ErrorIs(t, r.Apply(m(resources.MoveRelease, "3")), wushe.ErrInsufficient)
	require.NoError(t, r.Apply(m(resources.MoveDeliver, "1")))
	require.NoError(t, r.Apply(m(resources.MoveReceive, "1")), "movements that do not concern a request leave it alone")
	assert.True(t, r.Reserved.Equal(d("1")) && r.Delivered.Equal(d("1")))
}

func TestReplayRejectsImpossibleLog(t *testing.T) {
	lot := uuid.New()
	_, err := resources.Replay([]resources.Movement{{ID: uuid.New(), LotID: lot, Kind: resources.MoveReserve, Quantity: d("1"), At: t0}}, t0)
	assert.ErrorIs(t, err, wushe.ErrInsufficient)
}

// Property: over random sequences of service operations, every lot satisfies
// Received = OnHand + Reserved + Delivered + Disposed with no negative quantity, the
// totals over all lots do too, requests are never over-allocated, and replaying the log
// gives the stored positions.
func TestConservationProperty(t *testing.T) {
	for seed := range uint64(12) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			e := newEnv(t)
			ctx := t.Context()
			var lots []uuid.UUID
			var reqs []uuid.UUID
			var allocs []uuid.UUID
			for step := 0; step < 120; step++ {
				e.clock.Advance(time.Duration(1+rng.IntN(600)) * time.Minute)
				qty := decimal.NewFromInt(int64(1 + rng.IntN(5)))
				switch op := rng.IntN(6); {
				case op == 0 || len(lots) == 0:
					_, l := e.goods(qty.Mul(decimal.NewFromInt(3)).String(), resources.Restriction{})
					lots = append(lots, l.ID)
				case op == 1 || len(reqs) == 0:
					reqs = append(reqs, e.request(qty.Mul(decimal.NewFromInt(2)).String(), nil).ID)
				case op == 2:
					a, err := e.svc.Reserve(ctx, "w", lots[rng.IntN(len(lots))], reqs[rng.IntN(len(reqs))], qty)
					if err == nil {
						allocs = append(allocs, a.ID)
					} else {
						require.ErrorIs(t, err, wushe.ErrInsufficient)
					}
				case op == 3 && len(allocs) > 0:
					_, err := e.svc.Deliver(ctx, "w", allocs[rng.IntN(len(allocs))])
					if err != nil {
						require.ErrorIs(t, err, wushe.ErrConflict)
					}
				case op == 4 && len(allocs) > 0:
					_, err := e.svc.Cancel(ctx, "w", allocs[rng.IntN(len(allocs))], "")
					if err != nil {
						require.ErrorIs(t, err, wushe.ErrConflict)
					}
				case op == 5:
					_, _, err := e.svc.Dispose(ctx, "w", lots[rng.IntN(len(lots))], resources.Disposal{Quantity: qty, Reason: resources.DisposeDamaged})
					if err != nil {
						require.ErrorIs(t, err, wushe.ErrInsufficient)
					}
				}
				checkConservation(t, e)
			}
			stored := e.snapshot().Lots
			replayed, err := e.svc.Positions(ctx, e.clock.Now())
			require.NoError(t, err)
			require.Len(t, replayed, len(stored))
			for i, l := range stored {
				assert.Equal(t, l.Position().String(), replayed[i].String())
			}
		})
	}
}

func checkConservation(t *testing.T, e *env) {
	t.Helper()
	s := e.snapshot()
	tot := resources.Position{Received: decimal.Zero, OnHand: decimal.Zero, Reserved: decimal.Zero, Delivered: decimal.Zero, Disposed: decimal.Zero}
	for _, l := range s.Lots {
		require.True(t, l.Conserved(), l.Position().String())
		require.NoError(t, l.Validate())
		tot.Received, tot.OnHand = tot.Received.Add(l.Received), tot.OnHand.Add(l.OnHand)
		tot.Reserved, tot.Delivered, tot.Disposed = tot.Reserved.Add(l.Reserved), tot.Delivered.Add(l.Delivered), tot.Disposed.Add(l.Disposed)
	}
	require.True(t, tot.Received.Equal(tot.OnHand.Add(tot.Reserved).Add(tot.Delivered).Add(tot.Disposed)), tot.String())
	reserved := decimal.Zero
	for _, a := range s.Allocations {
		if a.Status == resources.AllocationReserved {
			reserved = reserved.Add(a.Quantity)
		}
	}
	require.True(t, reserved.Equal(tot.Reserved), "allocations reserve %s, lots %s", reserved, tot.Reserved)
	for _, r := range s.Requests {
		require.NoError(t, r.Validate())
	}
}

// FuzzDonationValidate feeds arbitrary amounts and units to Donation.Validate: it never
// panics, and whatever it accepts is CNY to the fen for cash, positive and within bounds.
func FuzzDonationValidate(f *testing.F) {
	f.Add("cash", "100.10", "0", "CNY")
	f.Add("goods", "3.5", "1", "bag")
	f.Add("cash", "0.001", "0", "CNY")
	f.Add("goods", "-1", "5", "")
	f.Fuzz(func(t *testing.T, kind, qty, received, unit string) {
		q, err1 := decimal.NewFromString(qty)
		r, err2 := decimal.NewFromString(received)
		if err1 != nil || err2 != nil {
			return
		}
		dn := resources.Donation{DonorID: uuid.New(), Status: resources.DonationPartial, Kind: resources.PropertyKind(kind),
			Category: "c", Quantity: q, Received: r, Unit: unit}
		if err := dn.Validate(); err != nil {
			require.ErrorIs(t, err, wushe.ErrInvalid)
			return
		}
		require.True(t, q.IsPositive())
		require.True(t, !r.IsNegative() && r.LessThanOrEqual(q))
		if dn.Kind == resources.PropertyCash {
			require.True(t, q.Equal(q.Round(2)))
		}
	})
}
