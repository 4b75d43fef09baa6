package volunteertest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storetest"
	"github.com/wushe/wushe/volunteer"
)

// pendingRecord is a volunteer's own report of window, pending.
func pendingRecord(vid uuid.UUID, org volunteer.Actor, w wushe.Window) volunteer.ServiceRecord {
	r := record(vid, org, w.Start, int(w.Duration()/time.Minute))
	r.Window, r.Status, r.SelfReported = w, volunteer.RecordPending, true
	r.RecordedBy, r.VerifiedBy, r.VerifiedAt = volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: vid}, volunteer.Actor{}, time.Time{}
	return r
}

// overlapRefused checks that err is the overlap refusal (checklist item 10): conflict
// naming Window, whose *volunteer.RecordOverlap names other.
func overlapRefused(t *testing.T, err error, other uuid.UUID, msg string) {
	t.Helper()
	kindIs(t, err, wushe.KindConflict, msg)
	assert.Contains(t, fieldsOf(err), "Window", "%s: %v", msg, err)
	var ov *volunteer.RecordOverlap
	if assert.True(t, errors.As(err, &ov), "%s: no RecordOverlap in %v", msg, err) {
		assert.Equal(t, other, ov.Other, msg)
	}
}

// testRecordOverlap checks checklist item 10 one call at a time: a live record over the
// time of another live record of the volunteer is refused, whoever made either, and
// stores nothing; records that touch end to start, records of other volunteers and
// rejected records are not refused; an update is checked when it changes the status, the
// window or the volunteer, and a correction of minutes is not.
func testRecordOverlap(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
	vid := uuid.New()
	shift := wushe.NewWindow(base, 3*time.Hour)
	organizers := record(vid, org, base, 180)
	organizers.EnrolmentID = uuid.New()
	require.NoError(t, s.CreateRecord(ctx, organizers))

	// The volunteer's report of the same shift, without the enrolment: refused when made.
	report := pendingRecord(vid, org, wushe.NewWindow(base.Add(time.Hour), time.Hour))
	overlapRefused(t, s.CreateRecord(ctx, report), organizers.ID, "a report inside a verified record")
	_, err := s.GetRecord(ctx, report.ID)
	kindIs(t, err, wushe.KindNotFound, "the refused record was not stored")
	for _, w := range []wushe.Window{
		{Start: shift.End.Add(-time.Nanosecond), End: shift.End.Add(time.Hour)},
		{Start: shift.Start.Add(-time.Hour), End: shift.Start.Add(time.Nanosecond)},
		{Start: shift.Start.Add(-time.Hour), End: shift.End.Add(time.Hour)},
		shift,
	} {
		r := pendingRecord(vid, org, w)
		overlapRefused(t, s.CreateRecord(ctx, r), organizers.ID, "an instant in common: "+w.String())
		v := record(vid, org, w.Start, 1)
		v.Window = w
		overlapRefused(t, s.CreateRecord(ctx, v), organizers.ID, "a verified record too: "+w.String())
	}

	// Touching end to start is no overlap, on either side.
	after := pendingRecord(vid, org, wushe.Window{Start: shift.End, End: shift.End.Add(time.Hour)})
	require.NoError(t, s.CreateRecord(ctx, after), "starts when the shift ends")
	before := record(vid, org, shift.Start.Add(-2*time.Hour), 120)
	before.Window = wushe.Window{Start: shift.Start.Add(-2 * time.Hour), End: shift.Start}
	require.NoError(t, s.CreateRecord(ctx, before), "ends when the shift starts")
	// A pending record holds its time too: an organizer's record over it is refused.
	over := record(vid, org, after.Window.Start, 60)
	over.Window = after.Window
	overlapRefused(t, s.CreateRecord(ctx, over), after.ID, "a verified record over a pending report")
	// Another volunteer, or a rejected record, holds nothing against this one.
	require.NoError(t, s.CreateRecord(ctx, record(uuid.New(), org, base, 180)), "another volunteer at the same time")
	rejected := pendingRecord(vid, org, shift)
	rejected.Status = volunteer.RecordRejected
	require.NoError(t, s.CreateRecord(ctx, rejected), "a rejected record over the shift")

	// Bringing the rejected record back, or moving a record onto the shift, is refused.
	_, err = s.UpdateRecord(ctx, rejected.ID, func(r *volunteer.ServiceRecord) error { r.Status = volunteer.RecordPending; return nil })
	overlapRefused(t, err, organizers.ID, "a rejected record brought back")
	got, err := s.GetRecord(ctx, rejected.ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.RecordRejected, got.Status, "the refused update stored nothing")
	assert.Equal(t, int64(1), got.Version)
	_, err = s.UpdateRecord(ctx, after.ID, func(r *volunteer.ServiceRecord) error {
		r.Window.Start = r.Window.Start.Add(-time.Minute)
		return nil
	})
	overlapRefused(t, err, organizers.ID, "a window moved into the shift")
	other := record(uuid.New(), org, base, 60)
	require.NoError(t, s.CreateRecord(ctx, other))
	_, err = s.UpdateRecord(ctx, other.ID, func(r *volunteer.ServiceRecord) error { r.VolunteerID = vid; return nil })
	overlapRefused(t, err, organizers.ID, "a record moved to a volunteer busy then")
	// Verifying the pending report after the shift: nothing verified overlaps it.
	ok, err := s.UpdateRecord(ctx, after.ID, func(r *volunteer.ServiceRecord) error {
		r.Status, r.VerifiedBy, r.VerifiedAt = volunteer.RecordVerified, org, base.AddDate(0, 0, 1)
		return nil
	})
	require.NoError(t, err, "verifying a record that touches the shift")
	assert.Equal(t, volunteer.RecordVerified, ok.Status)
	// A correction of minutes is not checked; nor is a rejection.
	_, err = s.UpdateRecord(ctx, organizers.ID, func(r *volunteer.ServiceRecord) error { r.Minutes = 150; return nil })
	require.NoError(t, err, "a correction of minutes")
	_, err = s.UpdateRecord(ctx, before.ID, func(r *volunteer.ServiceRecord) error { r.Status = volunteer.RecordRejected; return nil })
	require.NoError(t, err, "a rejection")
	// Once the organizer's record is rejected, the time is free for the report.
	_, err = s.UpdateRecord(ctx, organizers.ID, func(r *volunteer.ServiceRecord) error { r.Status = volunteer.RecordRejected; return nil })
	require.NoError(t, err)
	require.NoError(t, s.CreateRecord(ctx, report), "the time is free again")
}

// testRaceRecordOverlap races writers of overlapping records of one volunteer: new
// records (pending and verified, each over part of the same shift) and rejected records
// of that shift brought back as verified. Exactly one wins, every other is conflict,
// and the volunteer ends with one live record over the shift.
func testRaceRecordOverlap(t *testing.T, s volunteer.Store, f Features) {
	ctx := t.Context()
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
	vid := uuid.New()
	shift := wushe.NewWindow(base, 3*time.Hour)
	// Each racer's window shares the shift's middle hour.
	window := func(i int) wushe.Window {
		start := shift.Start.Add(time.Duration(i%60) * time.Minute)
		return wushe.Window{Start: start, End: start.Add(2 * time.Hour)}
	}
	rejected := make([]volunteer.ServiceRecord, f.Racers)
	for i := range rejected {
		if i%2 == 1 {
			rejected[i] = pendingRecord(vid, org, window(i))
			rejected[i].Status = volunteer.RecordRejected
			require.NoError(t, s.CreateRecord(ctx, rejected[i]))
		}
	}
	errs := storetest.Parallel(f.Racers, func(i int) error {
		switch {
		case i%2 == 1:
			_, err := s.UpdateRecord(ctx, rejected[i].ID, func(r *volunteer.ServiceRecord) error {
				r.Status, r.VerifiedBy, r.VerifiedAt = volunteer.RecordVerified, org, base.AddDate(0, 0, 1)
				return nil
			})
			return err
		case i%4 == 0:
			return s.CreateRecord(ctx, pendingRecord(vid, org, window(i)))
		default:
			r := record(vid, org, window(i).Start, 60)
			r.Window = window(i)
			return s.CreateRecord(ctx, r)
		}
	})
	assert.Equal(t, 1, winners(t, errs, wushe.KindConflict), "exactly one writer wins")
	p, err := s.ListRecords(ctx, volunteer.RecordFilter{VolunteerID: vid, Page: wushe.PageRequest{Limit: wushe.MaxPageLimit}})
	require.NoError(t, err)
	live := 0
	for _, r := range p.Items {
		if r.Live() {
			live++
		}
	}
	assert.Equal(t, 1, live, "one live record over the shift")
}
