package sqlstore

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

// BenchmarkSignUp measures volunteer.Service.SignUp on the Store: read the volunteer and
// the opportunity, list the volunteer's enrolments, and enrol in the shift under its lock.
// Every iteration signs a different volunteer up for one shift, so the shift's enrolments
// grow as the benchmark runs (the capacity count stays an index lookup).
func BenchmarkSignUp(b *testing.B) {
	for _, backend := range backends(b) {
		b.Run(backend.name, func(b *testing.B) {
			ctx := b.Context()
			s := backend.open(b)
			now := volunteerBase
			svc, err := volunteer.NewService(s, &volunteer.Options{Clock: wushe.NewManualClock(now)})
			if err != nil {
				b.Fatal(err)
			}
			o := volunteertest.Opportunity(now.AddDate(0, 0, 7), 50)
			if err := s.CreateOpportunity(ctx, o); err != nil {
				b.Fatal(err)
			}
			ref := volunteer.ShiftRef{OpportunityID: o.ID, ShiftID: o.Shifts[0].ID}
			ids := make([]uuid.UUID, b.N)
			for i := range ids {
				v := volunteertest.Volunteer(i%1000, time.Date(1970+i/1000, 5, 17, 0, 0, 0, 0, time.UTC), now)
				if err := s.CreateVolunteer(ctx, v); err != nil {
					b.Fatal(err)
				}
				ids[i] = v.ID
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if _, err := svc.SignUp(ctx, ids[i], ref); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLedgerPost measures PostTransaction of an earning shaped as the Service posts
// one: issuance to the volunteer's account and the daily tally, with a storage-cap and a
// daily-cap ceiling. Postings rotate over 100 volunteers.
func BenchmarkLedgerPost(b *testing.B) {
	for _, backend := range backends(b) {
		b.Run(backend.name, func(b *testing.B) {
			ctx := b.Context()
			s := backend.open(b)
			vols := make([]uuid.UUID, 100)
			for i := range vols {
				vols[i] = uuid.New()
			}
			amount := decimal.RequireFromString("1.50")
			limit := decimal.NewFromInt(1_000_000_000)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				v := vols[i%len(vols)]
				acct, tally := volunteer.VolunteerAccount(v), volunteer.DailyAccount(v, volunteerBase)
				tx := volunteer.Transaction{ID: uuid.New(), Key: fmt.Sprintf("award/%d", i), Kind: volunteer.KindEarn,
					PostedAt: volunteerBase, CreatedAt: volunteerBase, Memo: "points for 防诈骗宣传",
					Entries: []volunteer.Entry{{Account: volunteer.AccountIssuance, Amount: amount.Neg()}, {Account: acct, Amount: amount},
						{Account: volunteer.AccountDailyOffset, Amount: amount.Neg()}, {Account: tally, Amount: amount}},
					Ceilings: []volunteer.Ceiling{{Account: acct, Max: limit}, {Account: tally, Max: limit}}}
				if _, err := s.PostTransaction(ctx, tx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLedgerPostParallel posts the same earnings from 16 goroutines at once (each
// volunteer's postings from one goroutine), the load of a busy platform: what it measures
// is how far concurrent postings on different volunteers get in each other's way.
func BenchmarkLedgerPostParallel(b *testing.B) {
	for _, backend := range backends(b) {
		b.Run(backend.name, func(b *testing.B) {
			ctx := b.Context()
			s := backend.open(b)
			amount := decimal.RequireFromString("1.50")
			limit := decimal.NewFromInt(1_000_000_000)
			var seq atomic.Int64
			b.ReportAllocs()
			b.SetParallelism(8) // 8 x GOMAXPROCS goroutines
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				v := uuid.New()
				acct, tally := volunteer.VolunteerAccount(v), volunteer.DailyAccount(v, volunteerBase)
				for pb.Next() {
					i := seq.Add(1)
					tx := volunteer.Transaction{ID: uuid.New(), Key: fmt.Sprintf("award/%d", i), Kind: volunteer.KindEarn,
						PostedAt: volunteerBase, CreatedAt: volunteerBase,
						Entries: []volunteer.Entry{{Account: volunteer.AccountIssuance, Amount: amount.Neg()}, {Account: acct, Amount: amount},
							{Account: volunteer.AccountDailyOffset, Amount: amount.Neg()}, {Account: tally, Amount: amount}},
						Ceilings: []volunteer.Ceiling{{Account: acct, Max: limit}, {Account: tally, Max: limit}}}
					if _, err := s.PostTransaction(ctx, tx); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkCreateRecordBusyVolunteer measures CreateRecord for a volunteer who already has
// 1,000 records: the overlap check (Store checklist item 10) reads, through the
// (volunteer_id, ends_at, starts_at) index, only the records that end after the new one
// starts, so recording the next stretch of time stays flat as the history grows.
func BenchmarkCreateRecordBusyVolunteer(b *testing.B) {
	for _, backend := range backends(b) {
		b.Run(backend.name, func(b *testing.B) {
			ctx := b.Context()
			s := backend.open(b)
			org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
			vid := uuid.New()
			next := func(i int) volunteer.ServiceRecord {
				start := volunteerBase.Add(time.Duration(i) * 3 * time.Hour)
				return volunteer.ServiceRecord{ID: uuid.New(), VolunteerID: vid, Activity: "防诈骗宣传", Content: "发放传单",
					Theme: volunteer.ThemeAntiFraud, Window: wushe.NewWindow(start, 2*time.Hour), Minutes: 120, Organizer: org,
					RecordedBy: org, RecordedAt: start, Status: volunteer.RecordVerified, VerifiedBy: org, VerifiedAt: start,
					CreatedAt: start, UpdatedAt: start}
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
		})
	}
}
