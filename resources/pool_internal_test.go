package resources

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

// poolCity is a seeded market of cash at fen precision held by several holders in a few
// restriction classes, and goods, for requests of several groups and communities.
func poolCity(seed uint64) ([]Lot, []Request) {
	rng := rand.New(rand.NewPCG(seed, 7))
	ids := wushe.SequentialIDs(fmt.Sprintf("pool/%d", seed))
	communities := []uuid.UUID{ids(), ids(), ids()}
	groups := []TargetGroup{GroupElderly, GroupChildren, GroupDisabled}
	holders := []Holder{{Kind: HolderOrganization, Name: "foundation"}, {Kind: HolderUnit, Name: "street office"}, {Kind: HolderSupermarket, Name: "market"}}
	var lots []Lot
	for range 10 + rng.IntN(40) {
		q := decimal.New(int64(1+rng.IntN(300_000)), -2) // fen
		l := Lot{ID: ids(), Kind: PropertyCash, Category: "emergency_aid", Unit: "CNY", UnitValue: decimal.NewFromInt(1),
			OnHand: q, Received: q, Holder: holders[rng.IntN(len(holders))]}
		switch rng.IntN(4) {
		case 1:
			l.Restriction.Groups = []TargetGroup{groups[rng.IntN(len(groups))]}
		case 2:
			l.Restriction.Communities = []uuid.UUID{communities[rng.IntN(len(communities))]}
		}
		if rng.IntN(2) == 0 {
			p := wushe.Point{Lat: 31.2 + rng.Float64()*0.05, Lng: 121.4 + rng.Float64()*0.05}
			l.Location = &p
		}
		lots = append(lots, l)
	}
	var reqs []Request
	for range 20 + rng.IntN(60) {
		c := communities[rng.IntN(len(communities))]
		g := groups[rng.IntN(len(groups))]
		r := Request{ID: ids(), CommunityID: c, Group: g, Purpose: PurposePoverty, Kind: PropertyCash, Category: "emergency_aid", Unit: "CNY",
			Quantity: decimal.New(int64(1+rng.IntN(200_000)), -2), Urgency: UrgencyDifficult, Status: RequestOpen,
			Beneficiary: Beneficiary{Groups: []TargetGroup{g}, CommunityID: c}}
		if rng.IntN(2) == 0 {
			r.Urgency = UrgencyUrgent
		}
		if rng.IntN(2) == 0 {
			p := wushe.Point{Lat: 31.2 + rng.Float64()*0.05, Lng: 121.4 + rng.Float64()*0.05}
			r.Location = &p
		}
		reqs = append(reqs, r)
	}
	return lots, reqs
}

// planTotals are what the objective is made of: units planned and Σ units × score.
func planTotals(p *MatchPlan) (decimal.Decimal, decimal.Decimal) {
	units, score := decimal.Zero, decimal.Zero
	for _, a := range p.Allocations {
		units = units.Add(a.Quantity)
		score = score.Add(a.Quantity.Mul(a.Score))
	}
	return units, score
}

// Property: pooling cash by restriction class whoever holds it gives the same optimum
// (units planned and total score) as pooling it by holder, and a class's money goes to
// its lots in ID order: a lot gives only when every lot of its class with a lower ID has
// given all it has.
func TestCashPoolsByRestrictionClass(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	merged := 0
	for seed := range uint64(60) {
		lots, reqs := poolCity(seed)
		opts := &MatchOptions{Places: 2, MaxDistanceMeters: 4000, ListLimit: -1}
		byClass, err := Match(lots, reqs, at, opts)
		require.NoError(t, err)
		byHolder, err := Match(lots, reqs, at, &MatchOptions{Places: 2, MaxDistanceMeters: 4000, ListLimit: -1, cashByHolder: true})
		require.NoError(t, err)
		u1, s1 := planTotals(byClass)
		u2, s2 := planTotals(byHolder)
		require.True(t, u1.Equal(u2), "seed %d: units %s against %s", seed, u1, u2)
		require.True(t, s1.Equal(s2), "seed %d: score %s against %s", seed, s1, s2)
		require.Equal(t, byHolder.ExclusionCount, byClass.ExclusionCount)
		require.Equal(t, byHolder.ExcludedBy, byClass.ExcludedBy)
		if len(byClass.pl.pools) < len(byHolder.pl.pools) {
			merged++
		}
		given := map[uuid.UUID]decimal.Decimal{}
		for _, a := range byClass.Allocations {
			given[a.LotID] = given[a.LotID].Add(a.Quantity)
		}
		for _, p := range byClass.pl.pools {
			require.True(t, slices.IsSortedFunc(p.lots, func(a, b Lot) int { return wushe.CompareIDs(a.ID, b.ID) }))
			short := false
			for _, l := range p.lots {
				if short {
					require.True(t, given[l.ID].IsZero(), "seed %d: lot %s gives before a lower ID is spent", seed, l.ID)
				}
				short = short || given[l.ID].LessThan(l.OnHand)
			}
		}
	}
	require.Positive(t, merged, "some cities have cash of one class with several holders")
}

// A plan is never refused for size while an exact scale fits: a network whose costs over
// its units risk overflowing int64 is solved in coarser exact steps, said so in Reason,
// with the same allocations as a plan at that scale from the start.
func TestMatchFallsBackToCoarserExactScale(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	ids := wushe.SequentialIDs("coarser")
	c := ids()
	cash := func(q string) Lot {
		d := decimal.RequireFromString(q)
		return Lot{ID: ids(), Kind: PropertyCash, Category: "emergency_aid", Unit: "CNY", UnitValue: decimal.NewFromInt(1), OnHand: d, Received: d}
	}
	req := func(q string, u Urgency) Request {
		return Request{ID: ids(), CommunityID: c, Group: GroupElderly, Purpose: PurposePoverty, Kind: PropertyCash, Category: "emergency_aid",
			Unit: "CNY", Quantity: decimal.RequireFromString(q), Urgency: u, Status: RequestOpen,
			Beneficiary: Beneficiary{Groups: []TargetGroup{GroupElderly}, CommunityID: c}}
	}
	allocs := func(p *MatchPlan) []string {
		var out []string
		for _, a := range p.Allocations {
			out = append(out, fmt.Sprintf("%s %s %s %s", a.LotID, a.RequestID, a.Quantity, a.Score))
		}
		return out
	}

	// A quantity finer than the scale is still refused, never rounded, and so is a network
	// that fits at no exact scale.
	_, err := Match([]Lot{cash("0.001")}, []Request{req("1", UrgencyUrgent)}, at, &MatchOptions{Places: 2})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = Match([]Lot{cash("90000000000000000.01")}, []Request{req("90000000000000000.03", UrgencyUrgent)}, at, &MatchOptions{Places: 2})
	require.ErrorIs(t, err, wushe.ErrInvalid)

	// Whole yuan in fen: 2 × 10^12 units fit, but costs of up to 10^6 over them risk
	// overflowing; every quantity is a multiple of 100 fen, so the engine counts in yuan.
	lots := []Lot{cash("20000000000"), cash("3000000000")}
	reqs := []Request{req("15000000000", UrgencyUrgent), req("9000000000", UrgencyHopedFor)}
	plan, err := Match(lots, reqs, at, &MatchOptions{Places: 2})
	require.NoError(t, err)
	assert.Contains(t, plan.Reason, "coarser exact scale, units in steps of 100000000")
	same, err := Match(lots, reqs, at, &MatchOptions{WholeUnits: true})
	require.NoError(t, err)
	assert.Equal(t, allocs(same), allocs(plan))
	planned := decimal.Zero
	for _, a := range plan.Allocations {
		planned = planned.Add(a.Quantity)
	}
	assert.Equal(t, "23000000000", planned.String())
}

// Property: the matcher's quiet eligibility test (no reason written) rules in and out
// exactly the pairs Eligible does.
func TestQuietEligibilityAgrees(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(5, 9))
	for seed := range uint64(30) {
		lots, reqs := poolCity(seed)
		for i := range lots {
			ruleOut(&lots[i], rng.IntN(5), at.AddDate(0, 0, rng.IntN(5)-2))
		}
		for _, r := range reqs {
			if rng.IntN(6) == 0 {
				r.Status = RequestClosed
			}
			b := r.beneficiary()
			for _, l := range lots {
				ok, why := Eligible(l, r, at)
				quiet, _ := eligible(&l, &r, &b, at, false)
				require.Equal(t, ok, quiet, "lot %+v, request %+v: %s", l, r, why)
				require.Equal(t, ok, why == "", why)
			}
		}
	}
}

// ruleOut gives a lot what rules some pairs out, by rule: 0 an expiry date (expires), 1 a
// purpose, 2 a minimum age, 3 another unit; any other rule leaves it as it is.
func ruleOut(l *Lot, rule int, expires time.Time) {
	switch rule {
	case 0:
		l.Expires = expires
	case 1:
		l.Restriction.Purposes = []Purpose{PurposeCare}
	case 2:
		l.Restriction.MinAge = 60
	case 3:
		l.Unit = "USD"
	}
}
