package memstore

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// BenchmarkCreateRecordBusyVolunteer measures CreateRecord for a volunteer who already has
// 1,000 records: the overlap check (volunteer.Store checklist item 10) walks the
// volunteer's records through the volunteer index, so its cost grows with that
// volunteer's history, not with the store's.
func BenchmarkCreateRecordBusyVolunteer(b *testing.B) {
	ctx := b.Context()
	s := New()
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
	vid := uuid.New()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	next := func(i int) volunteer.ServiceRecord {
		start := base.Add(time.Duration(i) * 3 * time.Hour)
		return volunteer.ServiceRecord{ID: uuid.New(), VolunteerID: vid, Window: wushe.NewWindow(start, 2*time.Hour), Minutes: 120,
			Organizer: org, Status: volunteer.RecordVerified, VerifiedAt: start}
	}
	for i := range 1000 {
		if err := s.CreateRecord(ctx, next(i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if err := s.CreateRecord(ctx, next(1000+i)); err != nil {
			b.Fatal(err)
		}
	}
}
