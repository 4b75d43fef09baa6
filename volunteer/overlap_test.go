package volunteer_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// overlapOf returns the record a refusal for overlapping names, failing the test when err
// is not that refusal: conflict naming Window, with a RecordOverlap cause.
func overlapOf(t *testing.T, err error) uuid.UUID {
	t.Helper()
	kindIs(t, err, wushe.KindConflict)
	hasField(t, err, "Window")
	ov, ok := errors.AsType[*volunteer.RecordOverlap](err)
	require.True(t, ok, "no RecordOverlap in %v", err)
	return ov.Other
}

// selfReportWithout is f.a's own report of the whole shift without its enrolment.
func (f *closeFixture) selfReportWithout(t *testing.T) (volunteer.ServiceRecord, error) {
	t.Helper()
	return f.e.svc.RecordService(t.Context(), volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: f.a.ID}, volunteer.ServiceRecord{
		VolunteerID: f.a.ID, OpportunityID: f.o.ID, Activity: f.o.Title, Content: "我来过", Theme: f.o.Theme,
		Window: f.o.Shifts[0].Window, Minutes: 120, Organizer: f.e.org})
}

// The double count: the organizer records the shift (CloseShift), then the volunteer
// reports the same shift without the enrolment. The report is refused when made, naming
// the organizer's record and nothing personal, and stores nothing; the hours, the star
// minutes and the points count the shift once.
func TestSelfReportBesideOrganizerRecordIsRefused(t *testing.T) {
	e := newEnv(t, closeRules)
	f := newCloseFixture(t, e)
	ctx := t.Context()
	e.clock.Set(f.o.Shifts[0].Window.End)
	c, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	organizers := c.Records[slices.IndexFunc(c.Records, func(r volunteer.ServiceRecord) bool { return r.VolunteerID == f.a.ID })]

	before := snapshot(t, e.store)
	_, err = f.selfReportWithout(t)
	assert.Equal(t, organizers.ID, overlapOf(t, err), "the refusal names the organizer's record")
	assert.Contains(t, err.Error(), organizers.ID.String())
	assert.NotContains(t, err.Error(), f.a.Number, "no personal data in the error")
	assert.Equal(t, before, snapshot(t, e.store), "the refused report stored nothing")

	// An organizer's second record of the same time, without the enrolment, is refused too.
	_, err = e.svc.RecordService(ctx, e.org, volunteer.ServiceRecord{VolunteerID: f.a.ID, Activity: "另一次", Content: "x",
		Theme: f.o.Theme, Window: wushe.NewWindow(f.o.Shifts[0].Window.Start.Add(time.Hour), time.Hour), Minutes: 60, Organizer: e.org})
	assert.Equal(t, organizers.ID, overlapOf(t, err))

	st, err := e.svc.Stars(ctx, f.a.ID, e.clock.Now())
	require.NoError(t, err)
	assert.Equal(t, 120, st.Minutes, "the shift counts once")
	bal, err := e.svc.Balance(ctx, f.a.ID, e.clock.Now())
	require.NoError(t, err)
	decEq(t, "2", bal, "two hours at one point an hour, once")
	again, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	assert.Equal(t, c, again, "closing again finds the shift as it was")
}

// The other order: the volunteer reports the shift without the enrolment before the
// organizer closes it. CloseShift does not record the enrolment over the report: it lists
// it as awaiting verification, with the report; once the organizer verifies the report,
// closing again completes the enrolment on the report, with its points, and the shift
// counts once. Had the organizer rejected the report instead, closing again records the
// enrolment afresh.
func TestSelfReportBeforeCloseAwaitsVerification(t *testing.T) {
	for _, approve := range []bool{true, false} {
		e := newEnv(t, closeRules)
		f := newCloseFixture(t, e)
		ctx := t.Context()
		e.clock.Set(f.o.Shifts[0].Window.End)
		report, err := f.selfReportWithout(t)
		require.NoError(t, err)
		require.Equal(t, volunteer.RecordPending, report.Status)

		c, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
		require.NoError(t, err)
		require.Len(t, c.AwaitingVerification, 1)
		assert.Equal(t, volunteer.PendingReport{EnrolmentID: f.en[f.a.ID].ID, VolunteerID: f.a.ID, RecordID: report.ID,
			Window: report.Window, Minutes: 120}, c.AwaitingVerification[0])
		assert.Equal(t, 1, c.Awaiting)
		assert.Len(t, c.Records, 1, "c's record only")
		en, err := e.svc.GetEnrolment(ctx, f.en[f.a.ID].ID)
		require.NoError(t, err)
		assert.Equal(t, volunteer.EnrolmentCheckedIn, en.Status, "left for the organizer")

		_, err = e.svc.VerifyRecord(ctx, e.org, report.ID, approve)
		require.NoError(t, err)
		c, err = e.svc.CloseShift(ctx, e.org, ref(f.o))
		require.NoError(t, err)
		assert.Empty(t, c.AwaitingVerification)
		require.Len(t, c.Records, 2)
		mine := c.Records[slices.IndexFunc(c.Records, func(r volunteer.ServiceRecord) bool { return r.VolunteerID == f.a.ID })]
		if approve {
			assert.Equal(t, report.ID, mine.ID, "the verified report stands for the enrolment")
		} else {
			assert.Equal(t, f.en[f.a.ID].ID, mine.EnrolmentID, "recorded afresh")
		}
		en, err = e.svc.GetEnrolment(ctx, f.en[f.a.ID].ID)
		require.NoError(t, err)
		assert.Equal(t, volunteer.EnrolmentCompleted, en.Status)
		st, err := e.svc.Stars(ctx, f.a.ID, e.clock.Now())
		require.NoError(t, err)
		assert.Equal(t, 120, st.Minutes, "the shift counts once")
		bal, err := e.svc.Balance(ctx, f.a.ID, e.clock.Now())
		require.NoError(t, err)
		decEq(t, "2", bal, "points once")
		decEq(t, "4", c.Points, "a's and c's two hours")
	}
}

// A volunteer who reports another organizer's activity over the shift's time: CloseShift
// leaves that enrolment in Overlapping, not completed and without points, and closes the
// rest of the shift.
func TestCloseShiftLeavesAnotherOrganizersTime(t *testing.T) {
	e := newEnv(t, closeRules)
	f := newCloseFixture(t, e)
	ctx := t.Context()
	win := f.o.Shifts[0].Window
	e.clock.Set(win.End.Add(time.Hour))
	other := volunteer.Actor{Kind: volunteer.ActorOrganization, ID: uuid.New()}
	elsewhere, err := e.svc.RecordService(ctx, other, volunteer.ServiceRecord{VolunteerID: f.a.ID, Activity: "别处", Content: "x",
		Theme: f.o.Theme, Window: wushe.NewWindow(win.Start.Add(time.Hour), 2*time.Hour), Minutes: 60, Organizer: other})
	require.NoError(t, err)
	c, err := e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	require.Len(t, c.Overlapping, 1)
	assert.Equal(t, elsewhere.ID, c.Overlapping[0].RecordID)
	assert.Equal(t, f.en[f.a.ID].ID, c.Overlapping[0].EnrolmentID)
	assert.Empty(t, c.AwaitingVerification)
	require.Len(t, c.Records, 1)
	assert.Equal(t, f.c.ID, c.Records[0].VolunteerID)
	decEq(t, "2", c.Points, "c's two hours only")
	en, err := e.svc.GetEnrolment(ctx, f.en[f.a.ID].ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.EnrolmentCheckedIn, en.Status)

	// Once the other organizer rejects its record, closing again records the enrolment.
	_, err = e.svc.VerifyRecord(ctx, other, elsewhere.ID, false)
	require.NoError(t, err)
	c, err = e.svc.CloseShift(ctx, e.org, ref(f.o))
	require.NoError(t, err)
	assert.Empty(t, c.Overlapping)
	assert.Len(t, c.Records, 2)
}

// The edges: windows are half-open, so records that touch end to start both count; a
// nanosecond in common is an overlap.
func TestRecordEdges(t *testing.T) {
	e := newEnv(t, nil)
	v := e.adult()
	ctx := t.Context()
	first := e.served(v, t0.Add(-3*time.Hour)) // 03:00-06:00
	r1, err := e.recordVerified(ctx, first)
	require.NoError(t, err)
	touching := e.served(v, t0) // 06:00-09:00
	r2, err := e.recordVerified(ctx, touching)
	require.NoError(t, err, "starts when the other ends")
	earlier := e.served(v, first.Window.Start) // 00:00-03:00
	_, err = e.recordVerified(ctx, earlier)
	require.NoError(t, err, "ends when the other starts")
	st, err := e.svc.Stars(ctx, v.ID, t0)
	require.NoError(t, err)
	assert.Equal(t, 450, st.Minutes, "three touching records all count")

	for _, w := range []wushe.Window{
		{Start: first.Window.End.Add(-time.Nanosecond), End: first.Window.End.Add(time.Minute)},
		{Start: first.Window.Start.Add(time.Minute), End: first.Window.Start.Add(2 * time.Minute)},
	} {
		in := e.served(v, w.End)
		in.Window, in.Minutes = w, 1
		_, err := e.svc.RecordService(ctx, volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: v.ID}, in)
		assert.Contains(t, []uuid.UUID{r1.ID, r2.ID}, overlapOf(t, err), w.String())
	}
	other := e.adult()
	_, err = e.recordVerified(ctx, e.served(other, t0))
	require.NoError(t, err, "another volunteer at the same time")
}

// unionMinutes is the length, in whole minutes, of the union of windows.
func unionMinutes(ws []wushe.Window) int {
	slices.SortFunc(ws, func(a, b wushe.Window) int { return a.Start.Compare(b.Start) })
	var total time.Duration
	var cur wushe.Window
	for i, w := range ws {
		switch {
		case i == 0:
			cur = w
		case w.Start.After(cur.End):
			total += cur.Duration()
			cur = w
		case w.End.After(cur.End):
			cur.End = w.End
		}
	}
	if len(ws) > 0 {
		total += cur.Duration()
	}
	return int(total / time.Minute)
}

// TestVerifiedHoursNeverExceedTheirTime draws random records for a few volunteers (by the
// organizer or the volunteer, windows of 30 minutes to 4 hours over two days, minutes up
// to the window), verifies, rejects and corrects at random, and checks after every step:
// no two verified records of a volunteer overlap, their minutes never exceed the union
// of their windows, and Stars counts exactly their sum.
func TestVerifiedHoursNeverExceedTheirTime(t *testing.T) {
	for seed := range uint64(6) {
		r := rand.New(rand.NewPCG(seed, 0x0f1ce))
		e := newEnv(t, nil)
		ctx := t.Context()
		vs := []volunteer.Volunteer{e.adult(), e.adult(), e.adult()}
		var ids []uuid.UUID
		refused := 0
		for step := range 120 {
			v := vs[r.IntN(len(vs))]
			switch r.IntN(4) {
			case 0, 1:
				start := t0.Add(-48 * time.Hour).Add(time.Duration(r.IntN(44*4)) * 15 * time.Minute)
				w := wushe.NewWindow(start, time.Duration(2+r.IntN(15))*15*time.Minute)
				in := e.served(v, w.End)
				in.Window, in.Minutes = w, 1+r.IntN(int(w.Duration()/time.Minute))
				by := e.org
				if r.IntN(2) == 0 {
					by = volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: v.ID}
				}
				got, err := e.svc.RecordService(ctx, by, in)
				if err != nil {
					overlapOf(t, err)
					refused++
					continue
				}
				ids = append(ids, got.ID)
			case 2:
				if len(ids) > 0 {
					_, err := e.svc.VerifyRecord(ctx, e.org, ids[r.IntN(len(ids))], r.IntN(4) > 0)
					if err != nil {
						kindIs(t, err, wushe.KindConflict) // not pending any more
					}
				}
			case 3:
				if len(ids) > 0 {
					id := ids[r.IntN(len(ids))]
					rec, err := e.svc.GetRecord(ctx, id)
					require.NoError(t, err)
					_, err = e.svc.CorrectRecord(ctx, e.org, id, 1+r.IntN(int(rec.Window.Duration()/time.Minute)), "recount")
					if err != nil && wushe.KindOf(err) != wushe.KindConflict {
						require.Equal(t, wushe.KindInvalid, wushe.KindOf(err), "%v", err) // unchanged minutes
					}
				}
			}
			for _, v := range vs {
				rs, err := e.svc.ListRecords(ctx, volunteer.RecordFilter{VolunteerID: v.ID, Status: volunteer.RecordVerified,
					Page: wushe.PageRequest{Limit: wushe.MaxPageLimit}})
				require.NoError(t, err)
				sum := 0
				var ws []wushe.Window
				for i, a := range rs.Items {
					sum += a.Minutes
					ws = append(ws, a.Window)
					for _, b := range rs.Items[i+1:] {
						require.False(t, a.Window.Overlaps(b.Window), "seed %d step %d: %s and %s overlap", seed, step, a.ID, b.ID)
					}
				}
				require.LessOrEqual(t, sum, unionMinutes(ws), "seed %d step %d", seed, step)
				st, err := e.svc.Stars(ctx, v.ID, e.clock.Now())
				require.NoError(t, err)
				require.Equal(t, sum, st.Minutes, "seed %d step %d", seed, step)
			}
		}
		assert.Positive(t, refused, "seed %d: some draws overlapped and were refused", seed)
	}
}
