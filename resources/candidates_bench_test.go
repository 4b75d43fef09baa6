package resources

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/runcost"
)

// benchCity is a city of the shape examples/citymatch draws: 60 communities within about
// 9 km of a centre, lots and requests of eight categories around them (cash has no place,
// one request in ten none either), restrictions by group, purpose, community and age,
// expiry dates and needed-by dates.
func benchCity(nLots, nReqs int, seed uint64) ([]Lot, []Request) {
	rng := rand.New(rand.NewPCG(seed, 0xbe))
	ids := wushe.SequentialIDs(fmt.Sprintf("bench/%d", seed))
	at := time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC)
	type community struct {
		id     uuid.UUID
		centre wushe.Point
	}
	comms := make([]community, 60)
	for i := range comms {
		comms[i] = community{ids(), wushe.Point{Lat: 30.657 + (rng.Float64()*2-1)*0.08, Lng: 104.066 + (rng.Float64()*2-1)*0.09}}
	}
	near := func(c community) *wushe.Point {
		return &wushe.Point{Lat: c.centre.Lat + rng.NormFloat64()*0.006, Lng: c.centre.Lng + rng.NormFloat64()*0.007}
	}
	cats := []struct {
		kind             PropertyKind
		name, unit       string
		lotMax, reqMax   int
		perishable, cash bool
	}{
		{PropertyGoods, "rice", "kg", 75, 25, true, false}, {PropertyGoods, "oil", "bottle", 12, 4, true, false},
		{PropertyGoods, "diapers", "pack", 18, 6, false, false}, {PropertyGoods, "clothing", "piece", 15, 5, false, false},
		{PropertyGoods, "school", "set", 9, 3, false, false}, {PropertyService, "repair", "session", 6, 2, false, false},
		{PropertyService, "haircut", "session", 6, 2, false, false}, {PropertyCash, "aid", "CNY", 9000, 3000, false, true},
	}
	groups := []TargetGroup{GroupElderly, GroupParents, GroupChildren, GroupDisabled, GroupGeneral}
	purposes := []Purpose{PurposePoverty, PurposeCare, PurposeDisaster, PurposeDevelopment}
	urgencies := []Urgency{UrgencyUrgent, UrgencyDifficult, UrgencyAnxious, UrgencyHopedFor}
	lots := make([]Lot, nLots)
	for i := range lots {
		cat, c := cats[rng.IntN(len(cats))], comms[rng.IntN(len(comms))]
		q := decimal.NewFromInt(int64(1 + rng.IntN(cat.lotMax)))
		l := Lot{ID: ids(), Kind: cat.kind, Category: cat.name, Unit: cat.unit, UnitValue: decimal.NewFromInt(10), Received: q, OnHand: q,
			Holder: Holder{Kind: HolderOrganization, Name: fmt.Sprint("point ", i%60)}}
		if !cat.cash {
			l.Location = near(c)
		}
		if cat.perishable {
			l.Expires = at.AddDate(0, 0, 5+rng.IntN(200))
		}
		if rng.IntN(10) < 3 {
			l.Restriction.Groups = []TargetGroup{groups[rng.IntN(len(groups))]}
		}
		if rng.IntN(10) < 2 {
			l.Restriction.Purposes = []Purpose{PurposePoverty, PurposeCare}
		}
		if rng.IntN(10) < 2 {
			l.Restriction.Communities = []uuid.UUID{c.id}
		}
		if rng.IntN(10) == 0 {
			l.Restriction.MinAge = 60
		}
		lots[i] = l
	}
	reqs := make([]Request, nReqs)
	for i := range reqs {
		cat, c, g := cats[rng.IntN(len(cats))], comms[rng.IntN(len(comms))], groups[rng.IntN(len(groups))]
		r := Request{ID: ids(), CommunityID: c.id, Group: g, Purpose: purposes[rng.IntN(len(purposes))], Kind: cat.kind, Category: cat.name,
			Unit: cat.unit, Quantity: decimal.NewFromInt(int64(1 + rng.IntN(cat.reqMax))), Urgency: urgencies[rng.IntN(len(urgencies))],
			Status: RequestOpen, Beneficiary: Beneficiary{Age: rng.IntN(90), AgeKnown: rng.IntN(4) != 0, Groups: []TargetGroup{g}, CommunityID: c.id}}
		if rng.IntN(10) != 0 {
			r.Location = near(c)
		}
		if rng.IntN(3) != 0 {
			r.NeededBy = at.AddDate(0, 0, 3+rng.IntN(60))
		}
		reqs[i] = r
	}
	return lots, reqs
}

// BenchmarkCandidates measures finding, counting and scoring the eligible pairs of a city
// of 20,000 lots and 50,000 requests with a 2 km limit (about 8 million pairs), the step of
// Match before the solve. cpu-ms/op, the process's CPU time per run with the garbage
// collector's, is the figure to read on a shared machine:
//
//	go test -run '^$' -bench Candidates -benchtime 5x ./resources/
func BenchmarkCandidates(b *testing.B) {
	lots, reqs := benchCity(20_000, 50_000, 1)
	at := time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC)
	pl, _, _, err := newPlanner(lots, reqs, at, &MatchOptions{MaxDistanceMeters: 2000, Places: 2})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	defer runcost.PerOp(b)()
	for b.Loop() {
		pl.plan.ExcludedBy = map[string]int{}
		if err := pl.candidates(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(pl.pairs)), "pairs")
}
