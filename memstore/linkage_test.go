package memstore

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/linkage/linkagetest"
)

func TestLinkageStore(t *testing.T) {
	linkagetest.RunStoreTests(t, func(t *testing.T) linkage.Store { return New() }, linkagetest.Features{RefusesStoreCalls: true})
}

// The race cases again, many rounds on one store: run with -race.
func TestLinkageStoreStress(t *testing.T) {
	if testing.Short() {
		t.Skip("stress rounds skipped in -short mode")
	}
	linkagetest.RunStoreTests(t, func(t *testing.T) linkage.Store { return New() }, linkagetest.Features{Rounds: 5, RefusesStoreCalls: true})
}

// benchNeeds fills a store with n needs spread over 20 communities and the five statuses.
func benchNeeds(b *testing.B, n int) (*Store, []uuid.UUID, []uuid.UUID) {
	b.Helper()
	s := New()
	communities := make([]uuid.UUID, 20)
	for i := range communities {
		communities[i] = uuid.New()
	}
	statuses := []linkage.NeedStatus{linkage.NeedOpen, linkage.NeedPlanned, linkage.NeedInProgress,
		linkage.NeedMet, linkage.NeedClosedUnmet}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ids := make([]uuid.UUID, n)
	for i := range n {
		ids[i] = wushe.NewID()
		need := linkage.Need{ID: ids[i], Community: communities[i%len(communities)], Status: statuses[i%len(statuses)],
			TargetGroup: linkage.GroupElderly, Urgency: linkage.UrgencyUrgent, Category: "meal delivery",
			RaisedAt: base.Add(time.Duration(i) * time.Minute), Location: &wushe.Point{Lat: 23.1, Lng: 113.3}}
		if err := s.CreateNeed(b.Context(), need); err != nil {
			b.Fatal(err)
		}
	}
	return s, ids, communities
}

func BenchmarkCreateNeed(b *testing.B) {
	s := New()
	need := linkage.Need{Community: uuid.New(), Category: "meal delivery", Location: &wushe.Point{Lat: 23.1, Lng: 113.3}}
	for b.Loop() {
		need.ID = uuid.New()
		if err := s.CreateNeed(b.Context(), need); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetNeedParallel(b *testing.B) {
	s, ids, _ := benchNeeds(b, 10_000)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := s.GetNeed(b.Context(), ids[i%len(ids)]); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

func BenchmarkUpdateNeed(b *testing.B) {
	s, ids, _ := benchNeeds(b, 1_000)
	i := 0
	for b.Loop() {
		_, err := s.UpdateNeed(b.Context(), ids[i%len(ids)], func(n *linkage.Need) error {
			n.Description = "visited"
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkListNeedsFiltered lists one community's open needs, 100 a page, out of 10,000.
func BenchmarkListNeedsFiltered(b *testing.B) {
	s, _, communities := benchNeeds(b, 10_000)
	f := linkage.NeedFilter{Community: communities[0], Status: linkage.NeedOpen, Page: wushe.PageRequest{Limit: 100}}
	for b.Loop() {
		page, err := s.ListNeeds(b.Context(), f)
		if err != nil {
			b.Fatal(err)
		}
		if len(page.Items) != 100 {
			b.Fatalf("got %d needs, want 100", len(page.Items))
		}
	}
}
