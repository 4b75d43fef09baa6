package resources

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/geo"
	"github.com/wushe/wushe/internal/match"
)

// mixedCity is poolCity with some of its lots and requests turned into goods of two
// categories, and restrictions, expiry dates and units that rule pairs out.
func mixedCity(seed uint64, at time.Time) ([]Lot, []Request) {
	lots, reqs := poolCity(seed)
	rng := rand.New(rand.NewPCG(seed, 11))
	cats := []string{"rice", "oil"}
	for i := range lots {
		if rng.IntN(3) != 0 {
			lots[i].Kind, lots[i].Category, lots[i].Unit = PropertyGoods, cats[rng.IntN(2)], "kg"
			lots[i].OnHand = lots[i].OnHand.Ceil()
			lots[i].Received = lots[i].OnHand
		}
		ruleOut(&lots[i], rng.IntN(6), at.AddDate(0, 0, rng.IntN(40)-2))
	}
	for i := range reqs {
		if rng.IntN(3) != 0 {
			reqs[i].Kind, reqs[i].Category, reqs[i].Unit = PropertyGoods, cats[rng.IntN(2)], "kg"
			reqs[i].Quantity = reqs[i].Quantity.Ceil()
		}
		if rng.IntN(2) == 0 {
			reqs[i].NeededBy = at.AddDate(0, 0, rng.IntN(30))
		}
		reqs[i].Beneficiary.Age, reqs[i].Beneficiary.AgeKnown = rng.IntN(90), rng.IntN(3) != 0
	}
	return lots, reqs
}

// Property: the pairs the planner scores, their preference, and the exclusions it counts
// by rule are those that deciding every lot and request pair on its own gives (the planner
// decides eligibility once per request and rule class of lots).
func TestCandidatesAgreeWithEachPair(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for seed := range uint64(40) {
		lots, reqs := mixedCity(seed, at)
		plan, err := Match(lots, reqs, at, &MatchOptions{Places: 2, ListLimit: -1})
		require.NoError(t, err)
		pl := plan.pl
		eligiblePools, byRule := 0, map[string]int{}
		for _, r := range pl.live {
			for _, p := range pl.pools {
				if p.lots[0].Kind != r.Kind || p.lots[0].Category != r.Category {
					continue
				}
				if rule, _ := pl.exclude(p.lots[0], r); rule != "" {
					byRule[rule] += len(p.lots)
				} else {
					eligiblePools++
				}
			}
		}
		require.Equal(t, eligiblePools, len(pl.pairs), "seed %d", seed)
		require.Equal(t, byRule, plan.ExcludedBy, "seed %d", seed)
		for ri, r := range pl.live {
			for _, p := range pl.pairs[pl.start[ri]:pl.start[ri+1]] {
				rest := pl.pools[p.pool].lots[0].Restriction
				pref := slices.Contains(rest.Groups, r.Group) || slices.Contains(rest.Communities, r.CommunityID)
				require.Equal(t, pref, p.pref, "seed %d", seed)
			}
		}
	}
}

// Property: distanceUnits decides every located pair as DistanceMeters does (beyond the
// limit, or the distance factor rounded to 10^-4), for pairs drawn all over a city and
// for pairs placed right at the limit and right at the factor's rounding boundaries,
// with and without a limit.
func TestDistanceUnitsAgreeWithDistanceMeters(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 4))
	const rad = math.Pi / 180
	// at is a point d metres from p (as DistanceMeters measures) in a random direction:
	// a step on the flat map, then scaled along the same line until the distance is d.
	at := func(p wushe.Point, d float64) wushe.Point {
		b := rng.Float64() * 2 * math.Pi
		dLat, dLng := d*math.Cos(b)/wushe.EarthRadiusMeters/rad, d*math.Sin(b)/(wushe.EarthRadiusMeters*math.Cos(p.Lat*rad))/rad
		s := 1.0
		for range 6 {
			if got := p.DistanceMeters(wushe.Point{Lat: p.Lat + s*dLat, Lng: p.Lng + s*dLng}); got > 0 {
				s *= d / got
			}
		}
		return wushe.Point{Lat: p.Lat + s*dLat, Lng: p.Lng + s*dLng}
	}
	// near is a relative step of 10^-15 to 10^-9, either way, or none.
	near := func() float64 {
		return float64(rng.IntN(3)-1) * math.Pow(10, -9-float64(rng.IntN(7)))
	}
	edges := 0
	for i := range 400_000 {
		limit := []float64{0, 300, 2000, 8000}[i%4]
		ref := cmp.Or(limit, 5000)
		lot := wushe.Point{Lat: 30.6 + rng.Float64()*0.2, Lng: 104 + rng.Float64()*0.2}
		var req wushe.Point
		switch i % 3 {
		case 0: // anywhere nearby
			req = at(lot, rng.Float64()*1.3*ref)
		case 1: // at a rounding boundary of the factor: (1 − d/ref) × 10^4 + 1/2 near a whole number
			k := float64(rng.IntN(10_000))
			req = at(lot, ref*(1-(k+0.5)/1e4)*(1+near()))
		default: // at the limit
			req = at(lot, ref*(1+near()))
		}
		dist := lot.DistanceMeters(req)
		wantBeyond := limit > 0 && dist > limit
		var want uint16
		if !wantBeyond {
			want = uint16(round4Units(math.Max(0, 1-dist/ref)))
		}
		got, beyond := distanceUnits(lot, req, geo.CosLat(lot), geo.CosLat(req), limit, ref)
		if got != want || beyond != wantBeyond {
			t.Fatalf("limit %v: %v to %v, %.12f m: %d, %v; DistanceMeters says %d, %v", limit, lot, req, dist, got, beyond, want, wantBeyond)
		}
		if i%3 != 0 {
			edges++
		}
	}
	require.Greater(t, edges, 200_000)
}

// Property: a pair's score is the one match.NewScore makes of its four factors, to the
// decimal (Total and every factor), whatever the weights.
func TestScoreIsNewScore(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(8, 8))
	checked := 0
	for seed := range uint64(20) {
		lots, reqs := mixedCity(seed, at)
		o := &MatchOptions{Places: 2, MaxDistanceMeters: 2500}
		if seed%2 == 1 {
			w := func(n int) decimal.Decimal { return decimal.NewFromInt(int64(rng.IntN(n))) }
			o.Weights = map[string]decimal.Decimal{FactorUrgency: w(40), FactorDistance: w(20), FactorExpiry: w(20), FactorPreference: w(10)}
		}
		plan, err := Match(lots, reqs, at, o)
		require.NoError(t, err)
		pl := plan.pl
		for ri := range pl.live {
			for k := pl.start[ri]; k < pl.start[ri+1]; k++ {
				c := pl.cand(ri, k)
				var fs []match.Factor
				for i, name := range resFactors {
					v := decimal.New(int64(c.vals[i]), -4)
					switch {
					case c.vals[i] == 0:
						v = decimal.Zero
					case name == FactorPreference:
						v = decimal.NewFromInt(1)
					case name == FactorUrgency:
						v = decimal.NewFromInt(int64(c.vals[i] / 2500)).Div(decimal.NewFromInt(4))
					}
					fs = append(fs, match.Factor{Name: name, Value: v, Weight: pl.weights[name]})
				}
				want, err := match.NewScore(fs...)
				require.NoError(t, err)
				require.Equal(t, want, pl.score(c), "seed %d, pair %d", seed, k)
				checked++
			}
		}
	}
	require.Greater(t, checked, 1000)
}
