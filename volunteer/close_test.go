package volunteer_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/storetest"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

// closeFixture is a two-hour shift of three places: a and c check in, b is confirmed
// but never comes (with 10 points to lose), d is on the waitlist; the clock is at the
// shift's start.
type closeFixture struct {
	e          *env
	o          volunteer.Opportunity
	a, b, c, d volunteer.Volunteer
	en         map[uuid.UUID]volunteer.Enrolment
	// report is a's own pending report of the shift, once made by selfReport.
	report volunteer.ServiceRecord
}

func closeRules(o *volunteer.Options) {
	o.Ledger = &volunteer.LedgerRules{DefaultPerHour: dec("1"), NoShowPenalty: dec("2")}
}

func newCloseFixture(t *testing.T, e *env) *closeFixture {
	t.Helper()
	ctx := t.Context()
	f := &closeFixture{e: e, en: map[uuid.UUID]volunteer.Enrolment{}}
	f.a, f.b, f.c, f.d = e.adult(), e.adult(), e.adult(), e.adult()
	f.o = e.opportunity(3, nil)
	for _, v := range []volunteer.Volunteer{f.a, f.b, f.c, f.d} {
		en, err := e.svc.SignUp(ctx, v.ID, ref(f.o))
		require.NoError(t, err)
		f.en[v.ID] = en
	}
	require.Equal(t, volunteer.EnrolmentWaitlisted, f.en[f.d.ID].Status)
	_, err := e.svc.Adjust(ctx, e.admin, f.b.ID, dec("10"), "opening balance", "open/"+f.b.ID.String())
	require.NoError(t, err)
	e.clock.Set(f.o.Shifts[0].Window.Start)
	for _, v := range []volunteer.Volunteer{f.a, f.c} {
		_, err := e.svc.CheckIn(ctx, e.org, f.en[v.ID].ID)
		require.NoError(t, err)
	}
	return f
}

// selfReport moves the clock to the shift's end and has a report, as a pending record of
// its enrolment, the half of the shift from its first half-hour: 60 of its 120 minutes.
func (f *closeFixture) selfReport(t *testing.T) volunteer.ServiceRecord {
	t.Helper()
	win := f.o.Shifts[0].Window
	if f.e.clock.Now().Before(win.End) {
		f.e.clock.Set(win.End)
	}
	own := wushe.Window{Start: win.Start.Add(30 * time.Minute), End: win.Start.Add(90 * time.Minute)}
	r, err := f.e.svc.RecordService(t.Context(), volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: f.a.ID}, volunteer.ServiceRecord{
		VolunteerID: f.a.ID, EnrolmentID: f.en[f.a.ID].ID, Activity: f.o.Title, Content: "我来过", Theme: f.o.Theme,
		Window: own, Minutes: 60, Organizer: f.e.org})
	require.NoError(t, err)
	require.Equal(t, volunteer.RecordPending, r.Status)
	f.report = r
	return r
}

// outcome is what a closed shift holds, without the IDs and times a retry may differ in.
func (f *closeFixture) outcome(t *testing.T, c volunteer.ShiftClosure) string {
	t.Helper()
	ctx := t.Context()
	out := fmt.Sprintf("points %s penalties %s\n", c.Points, c.Penalties)
	for _, r := range c.Records {
		out += fmt.Sprintf("record %s %s %d %s %v\n", r.VolunteerID, r.EnrolmentID, r.Minutes, r.Status, r.Window)
	}
	for _, n := range c.NoShows {
		out += fmt.Sprintf("no-show %s\n", n.ID)
	}
	for _, p := range c.AwaitingVerification {
		out += fmt.Sprintf("awaiting %s %s %t %d %v\n", p.VolunteerID, p.EnrolmentID, p.RecordID == f.report.ID, p.Minutes, p.Window)
	}
	out += fmt.Sprintf("%d awaiting\n", c.Awaiting)
	for _, v := range []volunteer.Volunteer{f.a, f.b, f.c, f.d} {
		en, err := f.e.svc.GetEnrolment(ctx, f.en[v.ID].ID)
		require.NoError(t, err)
		bal, err := f.e.svc.Balance(ctx, v.ID, farAhead)
		require.NoError(t, err)
		txs, err := f.e.svc.Statement(ctx, v.ID)
		require.NoError(t, err)
		rs, err := f.e.svc.ListRecords(ctx, volunteer.RecordFilter{VolunteerID: v.ID})
		require.NoError(t, err)
		out += fmt.Sprintf("%s: %s balance %s, %d postings, %d records\n", v.ID, en.Status, bal, len(txs), len(rs.Items))
	}
	return out
}

var farAhead = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)

func TestCloseShift(t *testing.T) {
	e := newEnv(t, closeRules)
	ctx := t.Context()
	f := newCloseFixture(t, e)
	win := f.o.Shifts[0].Window

	_, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	kindIs(t, err, wushe.KindConflict)
	hasField(t, err, "Window")
	assert.Contains(t, err.Error(), "volunteer.Service.CloseShift")
	e.clock.Set(win.End)
	for _, by := range []volunteer.Actor{e.admin, {Kind: volunteer.ActorVolunteer, ID: f.a.ID}, {Kind: volunteer.ActorCommunity, ID: uuid.New()}} {
		_, err = e.svc.CloseShift(ctx, by, ref(f.o))
		kindIs(t, err, wushe.KindForbidden)
		hasField(t, err, "Organizer")
	}
	_, err = e.svc.CloseShift(ctx, e.org, volunteer.ShiftRef{OpportunityID: f.o.ID, ShiftID: uuid.New()})
	kindIs(t, err, wushe.KindNotFound)
	_, err = e.svc.CloseShift(ctx, e.org, volunteer.ShiftRef{})
	kindIs(t, err, wushe.KindInvalid)
	before := snapshot(t, e.mem)

	e.clock.Set(win.End.Add(time.Hour))
	c, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	assert.NotEqual(t, before, snapshot(t, e.mem))
	assert.Equal(t, ref(f.o), c.Shift)
	assert.Equal(t, win, c.Window)
	require.Len(t, c.Records, 2)
	attended := map[uuid.UUID]bool{f.a.ID: true, f.c.ID: true}
	for _, r := range c.Records {
		assert.True(t, attended[r.VolunteerID])
		assert.Equal(t, f.en[r.VolunteerID].ID, r.EnrolmentID)
		assert.Equal(t, volunteer.RecordVerified, r.Status)
		assert.False(t, r.SelfReported)
		assert.Equal(t, 120, r.Minutes, "the shift's minutes")
		assert.Equal(t, win, r.Window)
		assert.Equal(t, f.o.ID, r.OpportunityID)
		en, err := e.svc.GetEnrolment(ctx, r.EnrolmentID)
		require.NoError(t, err)
		assert.Equal(t, volunteer.EnrolmentCompleted, en.Status)
		bal, err := e.svc.Balance(ctx, r.VolunteerID, farAhead)
		require.NoError(t, err)
		decEq(t, "2", bal, "two hours at one point an hour")
	}
	require.Len(t, c.NoShows, 1)
	assert.Equal(t, f.en[f.b.ID].ID, c.NoShows[0].ID)
	assert.Equal(t, volunteer.EnrolmentNoShow, c.NoShows[0].Status)
	decEq(t, "4", c.Points)
	decEq(t, "2", c.Penalties)
	bal, err := e.svc.Balance(ctx, f.b.ID, farAhead)
	require.NoError(t, err)
	decEq(t, "8", bal, "the no-show penalty")
	wait, err := e.svc.GetEnrolment(ctx, f.en[f.d.ID].ID)
	require.NoError(t, err)
	assert.Equal(t, f.en[f.d.ID], wait, "the waitlist is left alone")

	// A retry changes nothing and says the same.
	after := snapshot(t, e.mem)
	e.clock.Advance(time.Hour)
	again, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	assert.Equal(t, c, again)
	assert.Equal(t, after, snapshot(t, e.mem))
}

// TestCloseShiftKeepsWhatWasDone: a shift partly settled by hand (one record made, one
// enrolment completed without check-in, one no-show marked) is finished without a
// second record or penalty.
func TestCloseShiftKeepsWhatWasDone(t *testing.T) {
	e := newEnv(t, closeRules)
	ctx := t.Context()
	f := newCloseFixture(t, e)
	win := f.o.Shifts[0].Window
	e.clock.Set(win.End.Add(time.Minute))
	_, err := e.svc.MarkNoShow(ctx, e.org, f.en[f.b.ID].ID)
	require.NoError(t, err)
	byHand, err := e.svc.RecordService(ctx, e.org, volunteer.ServiceRecord{VolunteerID: f.a.ID, EnrolmentID: f.en[f.a.ID].ID,
		Activity: f.o.Title, Content: "宣传", Theme: f.o.Theme, Minutes: 90, Organizer: e.org})
	require.NoError(t, err)
	c, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	require.Len(t, c.Records, 2)
	assert.Contains(t, c.Records, byHand, "the organizer's own record stands")
	decEq(t, "2", c.Penalties, "the penalty MarkNoShow posted, once")
	bal, _ := e.svc.Balance(ctx, f.b.ID, farAhead)
	decEq(t, "8", bal)
	decEq(t, "3.5", c.Points, "90 minutes and 120 minutes")
}

// TestCloseShiftFinishesAfterAFailure fails each store call of a close in turn; calling
// again finishes the job, and the shift ends exactly as after a close that never failed:
// a shift of check-ins, one with a volunteer's pending report (left awaiting), and the
// close after the organizer verified that report.
func TestCloseShiftFinishesAfterAFailure(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before func(t *testing.T, f *closeFixture)
	}{
		{"check-ins", func(*testing.T, *closeFixture) {}},
		{"pending report", func(t *testing.T, f *closeFixture) { f.selfReport(t) }},
		{"report verified after a close", func(t *testing.T, f *closeFixture) {
			r := f.selfReport(t)
			c, err := f.e.svc.CloseShift(t.Context(), f.e.org, ref(f.o))
			require.NoError(t, err)
			require.Equal(t, 1, c.Awaiting)
			_, err = f.e.svc.VerifyRecord(t.Context(), f.e.org, r.ID, true)
			require.NoError(t, err)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			setup := func(t *testing.T) (*env, *closeFixture) {
				e, _ := newFaultyEnv(t, closeRules)
				f := newCloseFixture(t, e)
				e.clock.Set(f.o.Shifts[0].Window.End)
				tc.before(t, f)
				return e, f
			}
			e, f := setup(t)
			var clean volunteer.ShiftClosure
			calls := countCalls(t, e, func() error {
				var err error
				clean, err = e.svc.CloseShift(t.Context(), e.org, ref(f.o))
				return err
			})
			want := f.outcome(t, clean)
			for n := 1; n <= calls; n++ {
				e, f := setup(t)
				faults := faultsOf(e)
				faults.Reset()
				faults.FailAt(n)
				_, err := e.svc.CloseShift(t.Context(), e.org, ref(f.o))
				require.Error(t, err, "call %d of %d fails", n, calls)
				assert.Equal(t, wushe.KindUnavailable, wushe.KindOf(err), "%v", err)
				faults.Reset()
				c, err := e.svc.CloseShift(t.Context(), e.org, ref(f.o))
				require.NoError(t, err, "call %d of %d failed; the retry finishes", n, calls)
				assert.Equal(t, want, f.outcome(t, c), "call %d of %d failed", n, calls)
			}
		})
	}
}

// TestCloseShiftConcurrent: two organizers' screens close the same shift at once; both
// succeed with the same closure and everything is written once, also when one attended
// volunteer's own report is pending (left for the organizer by both).
func TestCloseShiftConcurrent(t *testing.T) {
	for _, pending := range []bool{false, true} {
		for round := range 20 {
			t.Run(fmt.Sprintf("pending=%t/%d", pending, round), func(t *testing.T) {
				e := newEnv(t, closeRules)
				f := newCloseFixture(t, e)
				e.clock.Set(f.o.Shifts[0].Window.End)
				if pending {
					f.selfReport(t)
				}
				got := make([]volunteer.ShiftClosure, 2)
				errs := storetest.Parallel(2, func(i int) error {
					var err error
					got[i], err = e.svc.CloseShift(context.Background(), e.org, ref(f.o))
					return err
				})
				for _, err := range errs {
					require.NoError(t, err)
				}
				assert.Equal(t, got[0], got[1])
				decEq(t, "2", got[0].Penalties)
				rs, err := e.svc.ListRecords(t.Context(), volunteer.RecordFilter{OpportunityID: f.o.ID})
				require.NoError(t, err)
				assert.Len(t, rs.Items, 2, "one record per attended enrolment")
				came := map[uuid.UUID]string{f.a.ID: "2", f.c.ID: "2"}
				if pending {
					require.Len(t, got[0].Records, 1)
					require.Len(t, got[0].AwaitingVerification, 1)
					assert.Equal(t, f.report.ID, got[0].AwaitingVerification[0].RecordID)
					decEq(t, "2", got[0].Points)
					came[f.a.ID] = "0"
				} else {
					assert.Len(t, got[0].Records, 2)
					assert.Empty(t, got[0].AwaitingVerification)
					decEq(t, "4", got[0].Points)
				}
				for id, want := range came {
					bal, err := e.svc.Balance(t.Context(), id, farAhead)
					require.NoError(t, err)
					decEq(t, want, bal, "points posted once, none for a pending report")
				}
				bal, err := e.svc.Balance(t.Context(), f.b.ID, farAhead)
				require.NoError(t, err)
				decEq(t, "8", bal, "penalty posted once")
			})
		}
	}
}

// TestCloseShiftLeavesAPendingReport: a volunteer's own pending report of an attended
// enrolment (an hour of the two-hour shift, with its own window) does not stop the close:
// the rest is settled, and the enrolment is listed with its report, unverified, not
// completed and without points; closing again changes nothing. Once the organizer
// verifies the report, closing again completes the enrolment and awards the report's own
// hour, once, even when the organizer awarded it by hand first.
func TestCloseShiftLeavesAPendingReport(t *testing.T) {
	e := newEnv(t, closeRules)
	ctx := t.Context()
	f := newCloseFixture(t, e)
	report := f.selfReport(t)
	e.clock.Advance(time.Hour)

	c, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	require.Len(t, c.Records, 1, "c's record; a's enrolment awaits its organizer")
	assert.Equal(t, f.c.ID, c.Records[0].VolunteerID)
	assert.Equal(t, volunteer.RecordVerified, c.Records[0].Status)
	require.Len(t, c.NoShows, 1)
	assert.Equal(t, f.en[f.b.ID].ID, c.NoShows[0].ID)
	assert.Equal(t, []volunteer.PendingReport{{EnrolmentID: f.en[f.a.ID].ID, VolunteerID: f.a.ID, RecordID: report.ID,
		Window: report.Window, Minutes: 60}}, c.AwaitingVerification)
	assert.Equal(t, 1, c.Awaiting)
	decEq(t, "2", c.Points, "c's two hours only")
	decEq(t, "2", c.Penalties)
	stored, err := e.svc.GetRecord(ctx, report.ID)
	require.NoError(t, err)
	assert.Equal(t, report, stored, "the report is neither verified nor changed")
	en, err := e.svc.GetEnrolment(ctx, f.en[f.a.ID].ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.EnrolmentCheckedIn, en.Status, "the enrolment waits for the organizer")
	bal, err := e.svc.Balance(ctx, f.a.ID, farAhead)
	require.NoError(t, err)
	decEq(t, "0", bal)

	after := snapshot(t, e.mem)
	e.clock.Advance(time.Hour)
	again, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	assert.Equal(t, c, again)
	assert.Equal(t, after, snapshot(t, e.mem), "closing again with the report pending changes nothing")

	_, err = e.svc.VerifyRecord(ctx, e.org, report.ID, true)
	require.NoError(t, err)
	byHand, err := e.svc.AwardPoints(ctx, report.ID)
	require.NoError(t, err)
	require.NotNil(t, byHand.Transaction)
	done, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	require.Len(t, done.Records, 2)
	assert.Empty(t, done.AwaitingVerification)
	assert.Equal(t, 0, done.Awaiting)
	var kept volunteer.ServiceRecord
	for _, r := range done.Records {
		if r.VolunteerID == f.a.ID {
			kept = r
		}
	}
	assert.Equal(t, report.ID, kept.ID, "the verified report is the enrolment's record")
	assert.Equal(t, volunteer.RecordVerified, kept.Status)
	assert.True(t, kept.SelfReported)
	assert.Equal(t, 60, kept.Minutes, "the report's own minutes, not the shift's")
	assert.Equal(t, report.Window, kept.Window)
	decEq(t, "3", done.Points, "a's hour and c's two")
	en, err = e.svc.GetEnrolment(ctx, f.en[f.a.ID].ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.EnrolmentCompleted, en.Status)
	bal, err = e.svc.Balance(ctx, f.a.ID, farAhead)
	require.NoError(t, err)
	decEq(t, "1", bal, "the hour awarded once")
	txs, err := e.svc.Statement(ctx, f.a.ID)
	require.NoError(t, err)
	assert.Len(t, txs, 1)
	rs, err := e.svc.ListRecords(ctx, volunteer.RecordFilter{EnrolmentID: f.en[f.a.ID].ID})
	require.NoError(t, err)
	assert.Len(t, rs.Items, 1, "no second record")

	settled := snapshot(t, e.mem)
	last, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	assert.Equal(t, done, last)
	assert.Equal(t, settled, snapshot(t, e.mem))
}

// BenchmarkCloseShift closes a shift of 60 places: 50 volunteers checked in (records,
// completions, points) and 10 who never came (no-shows), on memstore.
func BenchmarkCloseShift(b *testing.B) {
	for _, places := range []int{60, 600, 6000} {
		b.Run(fmt.Sprintf("places=%d", places), func(b *testing.B) { benchmarkCloseShift(b, places) })
	}
}

// benchmarkCloseShift closes a shift of places enrolments, five in six of them checked in
// and the rest no-shows.
func benchmarkCloseShift(b *testing.B, places int) {
	ctx := context.Background()
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.MustParse("00000000-0000-4000-8000-00000000000a")}
	came := places * 5 / 6
	setup := func() (*volunteer.Service, volunteer.ShiftRef) {
		clock := wushe.NewManualClock(t0)
		svc, err := volunteer.NewService(memstore.New(), &volunteer.Options{Clock: clock, NewID: wushe.SequentialIDs("bench"),
			Ledger: &volunteer.LedgerRules{DefaultPerHour: dec("1"), NoShowPenalty: dec("2")}})
		require.NoError(b, err)
		o := volunteertest.Opportunity(t0.AddDate(0, 0, 7), places)
		o.ID, o.Organizer, o.Shifts[0].ID = uuid.Nil, org, uuid.Nil
		o, err = svc.CreateOpportunity(ctx, o)
		require.NoError(b, err)
		shift := ref(o)
		var ens []volunteer.Enrolment
		for i := range places {
			// volunteertest.Volunteer numbers up to 1,000 people per birth date.
			v := volunteertest.Volunteer(i%1000+1, time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/1000), t0)
			v.ID, v.Number, v.Version, v.RegisteredOn = uuid.Nil, "", 0, time.Time{}
			v, err := svc.Register(ctx, v)
			require.NoError(b, err)
			en, err := svc.SignUp(ctx, v.ID, shift)
			require.NoError(b, err)
			ens = append(ens, en)
		}
		clock.Set(o.Shifts[0].Window.Start)
		for _, en := range ens[:came] {
			_, err := svc.CheckIn(ctx, org, en.ID)
			require.NoError(b, err)
		}
		clock.Set(o.Shifts[0].Window.End)
		return svc, shift
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		svc, shift := setup()
		b.StartTimer()
		c, err := svc.CloseShift(ctx, org, shift)
		if err != nil || len(c.Records) != came || len(c.NoShows) != places-came {
			b.Fatalf("closed %d records and %d no-shows: %v", len(c.Records), len(c.NoShows), err)
		}
	}
}

// A volunteer's own report of an enrolment, once rejected, holds the enrolment no longer:
// while it is pending the organizer's record is refused (saying how to settle it) and
// stores nothing, and CloseShift settles the rest of the shift and lists the report as
// awaiting; after the rejection CloseShift records the enrolment afresh, and stars, points
// and certificates count only that record.
func TestCloseShiftAfterARejectedReport(t *testing.T) {
	e := newEnv(t, closeRules)
	ctx := t.Context()
	f := newCloseFixture(t, e)
	win := f.o.Shifts[0].Window
	e.clock.Set(win.End.Add(time.Hour))
	a := volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: f.a.ID}
	report, err := e.svc.RecordService(ctx, a, volunteer.ServiceRecord{VolunteerID: f.a.ID, EnrolmentID: f.en[f.a.ID].ID,
		Activity: f.o.Title, Content: "我来过", Theme: f.o.Theme, Minutes: 110, Organizer: e.org})
	require.NoError(t, err)
	require.Equal(t, volunteer.RecordPending, report.Status)

	before := snapshot(t, e.mem)
	_, err = e.svc.RecordService(ctx, e.org, volunteer.ServiceRecord{VolunteerID: f.a.ID, EnrolmentID: f.en[f.a.ID].ID,
		Activity: f.o.Title, Content: f.o.Title, Theme: f.o.Theme, Minutes: 120, Organizer: e.org})
	kindIs(t, err, wushe.KindAlreadyExists)
	hasField(t, err, "EnrolmentID")
	assert.Contains(t, err.Error(), "volunteer.Service.RecordService")
	assert.Contains(t, err.Error(), "VerifyRecord")
	assert.Equal(t, before, snapshot(t, e.mem), "the refused record stored nothing")
	waiting, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	require.Len(t, waiting.AwaitingVerification, 1, "the close leaves the pending report to the organizer")
	assert.Equal(t, report.ID, waiting.AwaitingVerification[0].RecordID)
	assert.Equal(t, 110, waiting.AwaitingVerification[0].Minutes)
	require.Len(t, waiting.Records, 1)
	decEq(t, "2", waiting.Points, "c's two hours")

	rejected, err := e.svc.VerifyRecord(ctx, e.org, report.ID, false)
	require.NoError(t, err)
	require.Equal(t, volunteer.RecordRejected, rejected.Status)
	c, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	require.Len(t, c.Records, 2)
	assert.Empty(t, c.AwaitingVerification)
	assert.Zero(t, c.Awaiting)
	var fresh volunteer.ServiceRecord
	for _, r := range c.Records {
		assert.NotEqual(t, report.ID, r.ID, "the rejected report is not the closure's record")
		if r.VolunteerID == f.a.ID {
			fresh = r
		}
	}
	require.Equal(t, f.en[f.a.ID].ID, fresh.EnrolmentID)
	assert.Equal(t, volunteer.RecordVerified, fresh.Status)
	assert.Equal(t, 120, fresh.Minutes)
	decEq(t, "4", c.Points, "two hours each for a and c, nothing for the rejected report")
	again, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	assert.Equal(t, f.outcome(t, c), f.outcome(t, again), "a retry finds the fresh record, not the rejected one")

	stars, err := e.svc.Stars(ctx, f.a.ID, farAhead)
	require.NoError(t, err)
	assert.Equal(t, 120, stars.Minutes, "only the fresh record counts toward stars")
	bal, err := e.svc.Balance(ctx, f.a.ID, farAhead)
	require.NoError(t, err)
	decEq(t, "2", bal)
	_, err = e.svc.AwardPoints(ctx, report.ID)
	kindIs(t, err, wushe.KindConflict)
	_, err = e.svc.IssueCertificate(ctx, e.org, "社区", f.a.ID, []uuid.UUID{report.ID})
	kindIs(t, err, wushe.KindConflict)
	cert, err := e.svc.IssueCertificate(ctx, e.org, "社区", f.a.ID, []uuid.UUID{fresh.ID})
	require.NoError(t, err)
	assert.Equal(t, 120, cert.Minutes)
	rs, err := e.svc.ListRecords(ctx, volunteer.RecordFilter{EnrolmentID: f.en[f.a.ID].ID})
	require.NoError(t, err)
	assert.Len(t, rs.Items, 2, "the enrolment keeps its rejected report beside the fresh record")
}

// TestCloseShiftPendingReportOfACompletedEnrolment: an enrolment the organizer completed
// by hand whose volunteer then reported it is listed as awaiting too, and stays completed;
// once the report is rejected, closing again records the shift's minutes for it.
func TestCloseShiftPendingReportOfACompletedEnrolment(t *testing.T) {
	e := newEnv(t, closeRules)
	ctx := t.Context()
	f := newCloseFixture(t, e)
	_, err := e.svc.Complete(ctx, e.org, f.en[f.a.ID].ID)
	require.NoError(t, err)
	report := f.selfReport(t)

	c, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	require.Len(t, c.AwaitingVerification, 1)
	assert.Equal(t, report.ID, c.AwaitingVerification[0].RecordID)
	assert.Equal(t, f.en[f.a.ID].ID, c.AwaitingVerification[0].EnrolmentID)
	require.Len(t, c.Records, 1)
	assert.Equal(t, f.c.ID, c.Records[0].VolunteerID)
	decEq(t, "2", c.Points)
	en, err := e.svc.GetEnrolment(ctx, f.en[f.a.ID].ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.EnrolmentCompleted, en.Status)

	_, err = e.svc.VerifyRecord(ctx, e.org, report.ID, false)
	require.NoError(t, err)
	done, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	assert.Zero(t, done.Awaiting)
	require.Len(t, done.Records, 2)
	for _, r := range done.Records {
		assert.NotEqual(t, report.ID, r.ID)
		assert.Equal(t, 120, r.Minutes, "the shift's minutes, recorded afresh")
	}
	decEq(t, "4", done.Points)
	bal, err := e.svc.Balance(ctx, f.a.ID, farAhead)
	require.NoError(t, err)
	decEq(t, "2", bal)
}
