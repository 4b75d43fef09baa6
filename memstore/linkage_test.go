package memstore

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/linkage/linkagetest"
)

func TestLinkageStore(t *testing.T) {
	linkagetest.RunStoreTests(t, func(t *testing.T) linkage.Store { return New() }, linkagetest.Features{})
}

// The race cases again, many rounds on one store: run with -race.
func TestLinkageStoreStress(t *testing.T) {
	if testing.Short() {
		t.Skip("stress rounds skipped in -short mode")
	}
	linkagetest.RunStoreTests(t, func(t *testing.T) linkage.Store { return New() }, linkagetest.Features{Rounds: 5})
}

func TestFilterPredicates(t *testing.T) {
	require.True(t, is("", "urban"), "a zero filter value matches anything")
	require.True(t, is("urban", "urban"))
	require.False(t, is("rural", "urban"))
	require.True(t, is(uuid.Nil, uuid.New()))

	a, b := uuid.New(), uuid.New()
	require.True(t, holds(uuid.Nil, nil), "a zero filter value matches an empty list")
	require.True(t, holds(a, []uuid.UUID{b, a}))
	require.False(t, holds(a, []uuid.UUID{b}))
	require.False(t, holds(a, nil))

	t0 := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	t1 := t0.Add(time.Hour)
	var zero time.Time
	require.True(t, within(zero, zero, t0))
	require.True(t, within(t0, zero, t0), "From is inclusive")
	require.False(t, within(t1, zero, t0))
	require.False(t, within(zero, t0, t0), "To is exclusive")
	require.True(t, within(zero, t1, t0))
	require.True(t, within(t0, t1, t0))
	require.False(t, within(t0, t1, t1))
	// The same instant in another zone is the same instant.
	require.True(t, within(t0, t1, t0.In(time.FixedZone("CST", 8*3600))))
}

// FuzzWithin checks the time-range predicate against the kernel's half-open Window, and a
// zero bound against an open one.
func FuzzWithin(f *testing.F) {
	f.Add(int64(0), int64(3600), int64(0), false, false)
	f.Add(int64(0), int64(3600), int64(3600), false, false)
	f.Add(int64(100), int64(50), int64(70), true, false)
	f.Fuzz(func(t *testing.T, from, to, at int64, openFrom, openTo bool) {
		tf, tt, ta := time.Unix(from, 0).UTC(), time.Unix(to, 0).UTC(), time.Unix(at, 0).UTC()
		w := wushe.Window{Start: tf, End: tt}
		want := (openFrom || !ta.Before(w.Start)) && (openTo || ta.Before(w.End))
		if openFrom {
			tf = time.Time{}
		}
		if openTo {
			tt = time.Time{}
		}
		if !openFrom && !openTo {
			require.Equal(t, w.Contains(ta), within(tf, tt, ta))
		}
		require.Equal(t, want, within(tf, tt, ta))
	})
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
