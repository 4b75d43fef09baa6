package sqlstore

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// needAt is the i-th need of a community, raised i minutes after start.
func needAt(start time.Time, community, area uuid.UUID, i int) linkage.Need {
	return linkage.Need{
		ID: wushe.NewID(), Community: community, Area: area, Category: fmt.Sprintf("need %d", i),
		Status: linkage.NeedOpen, TargetGroup: linkage.GroupElderly, Urgency: linkage.UrgencyHopedFor,
		RaisedAt: start.Add(time.Duration(i) * time.Minute),
	}
}

// BenchmarkCreateNeed writes one need per iteration: one INSERT in one transaction.
func BenchmarkCreateNeed(b *testing.B) {
	for _, be := range backends(b) {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			ctx := b.Context()
			start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
			community, area := wushe.NewID(), wushe.NewID()
			i := 0
			for b.Loop() {
				i++
				if err := s.CreateNeed(ctx, needAt(start, community, area, i)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkListNeedsFiltered reads one page of 50 out of 10,000 needs of which a tenth
// match the filter (community and status in SQL, a date range, then Match in Go).
func BenchmarkListNeedsFiltered(b *testing.B) {
	for _, be := range backends(b) {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			ctx := b.Context()
			start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
			communities := make([]uuid.UUID, 10)
			for i := range communities {
				communities[i] = wushe.NewID()
			}
			area := wushe.NewID()
			for i := range 10_000 {
				require.NoError(b, s.CreateNeed(ctx, needAt(start, communities[i%10], area, i)))
			}
			f := linkage.NeedFilter{Community: communities[3], Status: linkage.NeedOpen,
				RaisedFrom: start.Add(2000 * time.Minute), RaisedTo: start.Add(9000 * time.Minute),
				Page: wushe.PageRequest{Limit: 50}}
			for b.Loop() {
				page, err := s.ListNeeds(ctx, f)
				if err != nil || len(page.Items) != 50 {
					b.Fatalf("page of %d, %v", len(page.Items), err)
				}
			}
		})
	}
}
