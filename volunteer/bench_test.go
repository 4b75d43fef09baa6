package volunteer_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/volunteer"
)

// BenchmarkEnrolInShift measures the atomic sign-up on memstore with parallel callers
// spread over 1000 shifts of 20 places.
func BenchmarkEnrolInShift(b *testing.B) {
	s := memstore.New()
	refs := make([]volunteer.ShiftRef, 1000)
	for i := range refs {
		refs[i] = volunteer.ShiftRef{OpportunityID: uuid.New(), ShiftID: uuid.New()}
	}
	w := wushe.NewWindow(t0, time.Hour)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
		for pb.Next() {
			e := volunteer.Enrolment{ID: uuid.New(), Shift: refs[rng.IntN(len(refs))], VolunteerID: uuid.New(), Window: w, AppliedAt: t0}
			if _, err := s.EnrolInShift(context.Background(), e, 20); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPostTransaction measures idempotent, balance-checked posting on memstore.
func BenchmarkPostTransaction(b *testing.B) {
	s := memstore.New()
	acct := volunteer.VolunteerAccount(uuid.New())
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		tx := volunteer.Transaction{ID: uuid.New(), Key: fmt.Sprint(i), Kind: volunteer.KindEarn, PostedAt: t0,
			Entries: []volunteer.Entry{{Account: volunteer.AccountIssuance, Amount: dec("-1")}, {Account: acct, Amount: dec("1")}}}
		if _, err := s.PostTransaction(context.Background(), tx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServiceSignUp measures the full rule check and atomic enrolment: 900
// volunteers signing up for weekly shifts, each week a new shift.
func BenchmarkServiceSignUp(b *testing.B) {
	mem := memstore.New()
	clock := wushe.NewManualClock(t0)
	svc, err := volunteer.NewService(mem, &volunteer.Options{Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	o := mopp(1, 1_000_000, sat9, nil)
	if err := mem.CreateOpportunity(context.Background(), o); err != nil {
		b.Fatal(err)
	}
	var ids []uuid.UUID
	for i := range 900 {
		v := mvol(i+1, nil)
		if err := mem.CreateVolunteer(context.Background(), v); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, v.ID)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i > 0 && i%len(ids) == 0 {
			b.StopTimer()
			o = mopp(1000+i, 1_000_000, sat9.AddDate(0, 0, 7*(i/len(ids))), nil)
			if err := mem.CreateOpportunity(context.Background(), o); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		if _, err := svc.SignUp(context.Background(), ids[i%len(ids)], ref(o)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatcherAssign measures candidate generation, scoring and the flow solve for
// 50 shifts of 1-5 places and 1000 volunteers around one community (seed 1).
func BenchmarkMatcherAssign(b *testing.B) {
	mem := memstore.New()
	svc, _ := volunteer.NewService(mem, nil)
	m, err := svc.NewMatcher(&volunteer.MatchOptions{MaxDistanceMeters: 3000})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	var in volunteer.MatchInput
	for i := range 50 {
		o := mopp(i+1, 1+rng.IntN(5), sat9.Add(time.Duration(rng.IntN(16))*30*time.Minute), func(o *volunteer.Opportunity) {
			o.Place = wushe.Point{Lat: 23.1 + rng.Float64()/50, Lng: 113.3 + rng.Float64()/50}
			o.Preferred = []volunteer.SkillNeed{{Name: "first_aid", MinLevel: 1}}
		})
		in.Opportunities = append(in.Opportunities, o)
		in.Shifts = append(in.Shifts, ref(o))
	}
	for i := range 1000 {
		in.Volunteers = append(in.Volunteers, mvol(i+1, func(v *volunteer.Volunteer) {
			v.Home = wushe.Point{Lat: 23.1 + rng.Float64()/50, Lng: 113.3 + rng.Float64()/50}
			v.Skills[0].Level = 1 + rng.IntN(5)
		}))
	}
	in.At = t0
	b.ReportAllocs()
	for b.Loop() {
		res, err := m.Assign(in)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Assignments) == 0 {
			b.Fatal("nothing assigned")
		}
	}
}

// BenchmarkStars measures the as-of star computation over 5000 records.
func BenchmarkStars(b *testing.B) {
	var rs []volunteer.ServiceRecord
	for i := range 5000 {
		rs = append(rs, verified(120, t0.Add(time.Duration(i)*time.Hour)))
	}
	b.ReportAllocs()
	for b.Loop() {
		volunteer.LadderCYL.Stars(rs, t0.AddDate(1, 0, 0))
	}
}

// BenchmarkMatcherTopK ranks the volunteers for one new shift among 1,000 and 20,000
// volunteers spread over about 20 km (seed 1): the path a coordinator takes when one shift
// arrives after the week's match. CPU time per call is TopK's share of a profile:
//
//	go test -run '^$' -bench MatcherTopK -benchtime 100x -benchmem -cpuprofile p ./volunteer/
func BenchmarkMatcherTopK(b *testing.B) {
	for _, n := range []int{1000, 20000} {
		b.Run(fmt.Sprintf("volunteers=%d", n), func(b *testing.B) {
			svc, _ := volunteer.NewService(memstore.New(), nil)
			m, err := svc.NewMatcher(&volunteer.MatchOptions{MaxDistanceMeters: 3000})
			if err != nil {
				b.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			o := mopp(1, 4, sat9, func(o *volunteer.Opportunity) {
				o.Place = wushe.Point{Lat: 23.2, Lng: 113.4}
				o.Preferred = []volunteer.SkillNeed{{Name: "first_aid", MinLevel: 1}}
			})
			in := volunteer.MatchInput{Opportunities: []volunteer.Opportunity{o}, At: t0}
			for i := range n {
				in.Volunteers = append(in.Volunteers, mvol(i+1, func(v *volunteer.Volunteer) {
					v.Home = wushe.Point{Lat: 23.1 + rng.Float64()/5, Lng: 113.3 + rng.Float64()/5}
					v.Skills[0].Level = 1 + rng.IntN(5)
				}))
			}
			b.ReportAllocs()
			var got int
			for b.Loop() {
				top, _, err := m.TopK(in, ref(o), 10)
				if err != nil {
					b.Fatal(err)
				}
				got = len(top)
			}
			b.ReportMetric(float64(got), "suggested")
		})
	}
}
