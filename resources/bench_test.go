package resources_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

// BenchmarkReserve measures Service.Reserve on memstore: one allocation, one posting.
func BenchmarkReserve(b *testing.B) {
	e := newEnv(b)
	_, lot := e.goods("1000000000", resources.Restriction{})
	r := e.request("1000000000", nil)
	ctx := b.Context()
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.svc.Reserve(ctx, "w", lot.ID, r.ID, decimal.NewFromInt(1)); err != nil {
			b.Fatal(err)
		}
	}
}

func randomMarket(n, m int, seed uint64) ([]resources.Lot, []resources.Request) {
	rng := rand.New(rand.NewPCG(seed, 3))
	cats := []string{"rice", "oil", "milk", "books"}
	lots := make([]resources.Lot, n)
	for i := range lots {
		q := decimal.NewFromInt(int64(1 + rng.IntN(20)))
		lots[i] = resources.Lot{ID: uuid.New(), Kind: resources.PropertyGoods, Category: cats[rng.IntN(4)], Unit: "u",
			UnitValue: decimal.NewFromInt(10), Received: q, OnHand: q, Reserved: decimal.Zero, Delivered: decimal.Zero, Disposed: decimal.Zero,
			Location: &wushe.Point{Lat: 30 + rng.Float64()/10, Lng: 104 + rng.Float64()/10},
			Holder:   resources.Holder{Kind: resources.HolderSupermarket, Name: fmt.Sprint(i)}}
	}
	urg := []resources.Urgency{resources.UrgencyUrgent, resources.UrgencyDifficult, resources.UrgencyAnxious, resources.UrgencyHopedFor}
	reqs := make([]resources.Request, m)
	for i := range reqs {
		reqs[i] = resources.Request{ID: uuid.New(), CommunityID: uuid.New(), Group: resources.GroupElderly, Kind: resources.PropertyGoods,
			Category: cats[rng.IntN(4)], Unit: "u", Quantity: decimal.NewFromInt(int64(1 + rng.IntN(10))), Reserved: decimal.Zero,
			Delivered: decimal.Zero, Urgency: urg[rng.IntN(4)], Status: resources.RequestOpen,
			Location: &wushe.Point{Lat: 30 + rng.Float64()/10, Lng: 104 + rng.Float64()/10}}
	}
	return lots, reqs
}

// BenchmarkMatch measures Match on 200 lots and 500 requests in 4 categories (about
// 25,000 candidate pairs), candidate scoring included.
func BenchmarkMatch(b *testing.B) {
	lots, reqs := randomMarket(200, 500, 1)
	at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		if _, err := resources.Match(lots, reqs, at, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReplay measures rebuilding positions from 10,000 movements over 100 lots.
func BenchmarkReplay(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 5))
	var ms []resources.Movement
	lots := make([]uuid.UUID, 100)
	at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for i := range lots {
		lots[i] = uuid.New()
		at = at.Add(time.Second)
		ms = append(ms, resources.Movement{ID: uuid.New(), LotID: lots[i], Kind: resources.MoveReceive, Quantity: decimal.NewFromInt(1000), At: at})
	}
	for len(ms) < 10000 {
		at = at.Add(time.Second)
		ms = append(ms, resources.Movement{ID: uuid.New(), LotID: lots[rng.IntN(100)], Kind: resources.MoveDispose, Quantity: decimal.NewFromInt(1), At: at})
	}
	for b.Loop() {
		if _, err := resources.Replay(ms, at); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseCreditCode(b *testing.B) {
	for b.Loop() {
		if _, err := resources.ParseCreditCode("9144030071526726XG"); err != nil {
			b.Fatal(err)
		}
	}
}
