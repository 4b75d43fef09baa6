package volunteer_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// served returns a record input for v: a 3-hour activity that ended at end, 150 minutes
// served.
func (e *env) served(v volunteer.Volunteer, end time.Time) volunteer.ServiceRecord {
	return volunteer.ServiceRecord{VolunteerID: v.ID, Activity: "长者手机课堂", Content: "教长者使用智能手机",
		Theme: volunteer.ThemeElderlyCare, Window: wushe.Window{Start: end.Add(-3 * time.Hour), End: end}, Minutes: 150, Organizer: e.org}
}

func TestRecordService(t *testing.T) {
	e := newEnv(t, nil)
	v := e.adult()
	// No enrolment: self-reported and pending even when the organizer records it.
	r, err := e.svc.RecordService(t.Context(), e.org, e.served(v, t0.Add(-time.Hour)))
	require.NoError(t, err)
	assert.Equal(t, volunteer.RecordPending, r.Status)
	assert.True(t, r.SelfReported)
	assert.Equal(t, e.org, r.RecordedBy)
	assert.False(t, r.Late)
	st, err := e.svc.Stars(t.Context(), v.ID, t0)
	require.NoError(t, err)
	assert.Zero(t, st.Minutes, "a pending record counts for nothing")
	_, err = e.svc.AwardPoints(t.Context(), r.ID)
	kindIs(t, err, wushe.KindConflict)
	_, err = e.svc.IssueCertificate(t.Context(), e.org, "L社区居委会", v.ID, []uuid.UUID{r.ID})
	kindIs(t, err, wushe.KindConflict)
	r, err = e.svc.VerifyRecord(t.Context(), e.org, r.ID, true)
	require.NoError(t, err)
	assert.Equal(t, volunteer.RecordVerified, r.Status)
	assert.Equal(t, e.org, r.VerifiedBy)
	st, _ = e.svc.Stars(t.Context(), v.ID, t0)
	assert.Equal(t, 150, st.Minutes, "counts once verified")
	// Reported by the volunteer: pending until the organizer verifies.
	me := volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: v.ID}
	p, err := e.svc.RecordService(t.Context(), me, e.served(v, t0.Add(-4*time.Hour)))
	require.NoError(t, err)
	assert.Equal(t, volunteer.RecordPending, p.Status)
	assert.True(t, p.SelfReported)
	_, err = e.svc.VerifyRecord(t.Context(), me, p.ID, true)
	kindIs(t, err, wushe.KindForbidden)
	ok, err := e.svc.VerifyRecord(t.Context(), e.org, p.ID, true)
	require.NoError(t, err)
	assert.Equal(t, volunteer.RecordVerified, ok.Status)
	_, err = e.svc.VerifyRecord(t.Context(), e.org, p.ID, true)
	kindIs(t, err, wushe.KindConflict)
	q, _ := e.svc.RecordService(t.Context(), me, e.served(v, t0.Add(-7*time.Hour)))
	rej, err := e.svc.VerifyRecord(t.Context(), e.org, q.ID, false)
	require.NoError(t, err)
	assert.Equal(t, volunteer.RecordRejected, rej.Status)
	_, err = e.svc.CorrectRecord(t.Context(), e.org, q.ID, 10, "x")
	kindIs(t, err, wushe.KindConflict)
	assert.ErrorContains(t, err, "is rejected: a rejected record stays as it was decided; record the service afresh with RecordService")

	// Someone else may not record.
	_, err = e.svc.RecordService(t.Context(), volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: uuid.New()}, e.served(v, t0))
	kindIs(t, err, wushe.KindForbidden)
	// Travel is not service time: minutes cannot exceed the activity.
	long := e.served(v, t0)
	long.Minutes = 181
	_, err = e.svc.RecordService(t.Context(), e.org, long)
	hasField(t, err, "Minutes")
	// The activity must have ended.
	_, err = e.svc.RecordService(t.Context(), e.org, e.served(v, t0.Add(time.Hour)))
	hasField(t, err, "Window")
	_, err = e.svc.RecordService(t.Context(), e.org, e.served(volunteer.Volunteer{ID: uuid.New()}, t0))
	kindIs(t, err, wushe.KindNotFound)
	got, err := e.svc.GetRecord(t.Context(), r.ID)
	require.NoError(t, err)
	assert.Equal(t, r, got)
	page, err := e.svc.ListRecords(t.Context(), volunteer.RecordFilter{VolunteerID: r.VolunteerID, From: r.Window.Start})
	require.NoError(t, err)
	assert.Equal(t, []volunteer.ServiceRecord{r}, page.Items)
	_, err = e.svc.ListRecords(t.Context(), volunteer.RecordFilter{Page: wushe.PageRequest{Limit: -1}})
	kindIs(t, err, wushe.KindInvalid)
}

func TestRecordDeadline(t *testing.T) {
	e := newEnv(t, func(o *volunteer.Options) { o.Calendar = volunteer.WorkCalendar{Holidays: []string{"2026-02-27"}} })
	v := e.adult()
	// t0 is Monday 2026-03-02 09:00. An activity ending Friday 2026-02-13: ten working
	// days end on Friday 2026-02-27 (a holiday here), so the deadline moves to Monday
	// 2026-03-02 end of day; recording now is on time.
	in, err := e.svc.RecordService(t.Context(), e.org, e.served(v, time.Date(2026, 2, 13, 18, 0, 0, 0, time.UTC)))
	require.NoError(t, err)
	assert.False(t, in.Late)
	late, err := e.svc.RecordService(t.Context(), e.org, e.served(v, time.Date(2026, 2, 12, 18, 0, 0, 0, time.UTC)))
	require.NoError(t, err, "a late record is accepted")
	assert.True(t, late.Late, "and flagged")
}

func TestRecordForOpportunity(t *testing.T) {
	e := newEnv(t, nil)
	v := e.adult()
	o := e.opportunity(1, func(o *volunteer.Opportunity) {
		o.Shifts[0].Window = wushe.NewWindow(t0.AddDate(0, 0, -2), 3*time.Hour)
		o.Theme = volunteer.ThemeElderlyCare
	})
	in := e.served(v, o.Shifts[0].Window.End)
	in.OpportunityID = o.ID
	_, err := e.svc.RecordService(t.Context(), e.org, in)
	require.NoError(t, err)
	in.Theme = volunteer.ThemeAntiFraud
	_, err = e.svc.RecordService(t.Context(), e.org, in)
	hasField(t, err, "Organizer")
	in.OpportunityID = uuid.New()
	_, err = e.svc.RecordService(t.Context(), e.org, in)
	kindIs(t, err, wushe.KindNotFound)
}

func TestCorrectRecordKeepsHistory(t *testing.T) {
	e := newEnv(t, nil)
	v := e.adult()
	r, _ := e.recordVerified(t.Context(), e.served(v, t0.Add(-time.Hour)))
	e.clock.Advance(time.Hour)
	c, err := e.svc.CorrectRecord(t.Context(), e.org, r.ID, 120, "left early")
	require.NoError(t, err)
	assert.Equal(t, 120, c.Minutes)
	require.Len(t, c.Revisions, 1)
	assert.Equal(t, volunteer.Revision{At: t0.Add(time.Hour), By: e.org, FromMinutes: 150, ToMinutes: 120, Reason: "left early"}, c.Revisions[0])
	_, err = e.svc.CorrectRecord(t.Context(), e.admin, r.ID, 100, "audit")
	require.NoError(t, err, "an admin may correct")
	c, _ = e.svc.GetRecord(t.Context(), r.ID)
	assert.Len(t, c.Revisions, 2, "append-only")
	assert.Equal(t, 150, c.MinutesAsOf(t0))
	_, err = e.svc.CorrectRecord(t.Context(), e.org, r.ID, 100, "same")
	hasField(t, err, "Minutes")
	_, err = e.svc.CorrectRecord(t.Context(), e.org, r.ID, 0, "zero")
	hasField(t, err, "Minutes")
	_, err = e.svc.CorrectRecord(t.Context(), e.org, r.ID, 90, "")
	hasField(t, err, "Revisions[2].Reason")
	_, err = e.svc.CorrectRecord(t.Context(), volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: v.ID}, r.ID, 90, "mine")
	kindIs(t, err, wushe.KindForbidden)
	back, _ := e.svc.GetRecord(t.Context(), r.ID)
	assert.Equal(t, c, back, "rejected corrections change nothing")
}

func TestCertificates(t *testing.T) {
	e := newEnv(t, nil)
	v := e.adult()
	r1, _ := e.recordVerified(t.Context(), e.served(v, t0.Add(-time.Hour)))
	r2, _ := e.recordVerified(t.Context(), e.served(v, t0.Add(-48*time.Hour)))
	c, err := e.svc.IssueCertificate(t.Context(), e.org, "L社区居委会", v.ID, []uuid.UUID{r2.ID, r1.ID, r1.ID})
	require.NoError(t, err)
	assert.Equal(t, 300, c.Minutes)
	assert.Equal(t, v.Number, c.VolunteerNumber)
	assert.Equal(t, "长者手机课堂", c.Content)
	assert.Len(t, c.Records, 2)
	require.NoError(t, e.svc.VerifyCertificate(c))
	require.NoError(t, volunteer.VerifyCertificate(c, []byte("test-key")))
	clearID, _ := v.IDNumber.Reveal(wushe.StorageEntitlement())
	assert.NotContains(t, string(c.Canonical()), clearID, "never the ID number")
	stored, err := e.svc.GetCertificate(t.Context(), c.ID)
	require.NoError(t, err)
	require.NoError(t, e.svc.VerifyCertificate(stored), "the stored copy verifies")
	c.Minutes = 3000
	kindIs(t, e.svc.VerifyCertificate(c), wushe.KindInvalid)

	other := volunteer.Actor{Kind: volunteer.ActorOrganization, ID: uuid.New()}
	_, err = e.svc.IssueCertificate(t.Context(), other, "X", v.ID, []uuid.UUID{r1.ID})
	kindIs(t, err, wushe.KindForbidden)
	w := e.adult()
	_, err = e.svc.IssueCertificate(t.Context(), e.org, "X", w.ID, []uuid.UUID{r1.ID})
	hasField(t, err, "VolunteerID")
	p, _ := e.svc.RecordService(t.Context(), volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: v.ID}, e.served(v, t0.Add(-4*time.Hour)))
	_, err = e.svc.IssueCertificate(t.Context(), e.org, "X", v.ID, []uuid.UUID{p.ID})
	kindIs(t, err, wushe.KindConflict)
	_, err = e.svc.IssueCertificate(t.Context(), e.org, "", v.ID, []uuid.UUID{r1.ID})
	kindIs(t, err, wushe.KindInvalid)
	_, err = e.svc.IssueCertificate(t.Context(), e.org, "X", v.ID, []uuid.UUID{uuid.New()})
	kindIs(t, err, wushe.KindNotFound)
	_, err = e.svc.IssueCertificate(t.Context(), e.org, "X", uuid.New(), []uuid.UUID{r1.ID})
	kindIs(t, err, wushe.KindNotFound)

	nokey := newEnv(t, func(o *volunteer.Options) { o.CertificateKey = nil })
	_, err = nokey.svc.IssueCertificate(t.Context(), e.org, "X", v.ID, []uuid.UUID{r1.ID})
	hasField(t, err, "CertificateKey")
}

func TestStarsAndAnnualMinimum(t *testing.T) {
	e := newEnv(t, nil)
	busy, idle, fresh := e.adult(), e.adult(), e.adult()
	community := uuid.New()
	for _, v := range []volunteer.Volunteer{busy, idle, fresh} {
		_, err := e.svc.UpdateVolunteer(t.Context(), v.ID, func(x *volunteer.Volunteer) error { x.CommunityID = community; return nil })
		require.NoError(t, err)
	}
	// busy serves 8 × 150 min = 20 h in 2026; idle 150 min.
	for i := range 8 {
		e.clock.Set(t0.AddDate(0, 0, 2*i+1))
		_, err := e.recordVerified(t.Context(), e.served(busy, e.clock.Now().Add(-time.Hour)))
		require.NoError(t, err)
	}
	_, err := e.recordVerified(t.Context(), e.served(idle, e.clock.Now().Add(-time.Hour)))
	require.NoError(t, err)
	below, err := e.svc.BelowAnnualMinimum(t.Context(), 2026, volunteer.VolunteerFilter{CommunityID: community})
	require.NoError(t, err)
	ids := map[uuid.UUID]int{}
	for _, b := range below {
		ids[b.VolunteerID] = b.Minutes
	}
	assert.Equal(t, map[uuid.UUID]int{idle.ID: 150, fresh.ID: 0}, ids)
	below, err = e.svc.BelowAnnualMinimum(t.Context(), 2025, volunteer.VolunteerFilter{CommunityID: community})
	require.NoError(t, err)
	assert.Empty(t, below, "not registered before 2026")

	big := newEnv(t, nil)
	v := big.adult()
	for i := range 3 {
		in := big.served(v, t0.Add(-time.Hour))
		// Three 50-hour stretches one after another: a volunteer's records never overlap.
		end := t0.AddDate(0, 0, -10).Add(-time.Duration(50*i) * time.Hour)
		in.Window = wushe.Window{Start: end.Add(-50 * time.Hour), End: end}
		in.Minutes = 50 * 60
		big.clock.Set(t0.AddDate(0, 0, i))
		_, err := big.recordVerified(t.Context(), in)
		require.NoError(t, err)
	}
	st, err := big.svc.Stars(t.Context(), v.ID, t0.AddDate(0, 0, 5))
	require.NoError(t, err)
	assert.Equal(t, 1, st.Level)
	assert.True(t, st.Reached[0].Equal(t0.AddDate(0, 0, 1)))
	st, _ = big.svc.Stars(t.Context(), v.ID, t0.Add(time.Hour))
	assert.Equal(t, 0, st.Level, "as of an earlier date")
}

// TestRecordServiceFollowsEnrolment: a record naming an enrolment stands on that
// volunteer's enrolment in that opportunity's shift, one that held a place, and never
// claims more than the shift; anything else is refused and stores nothing.
func TestRecordServiceFollowsEnrolment(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	a, b, c, d := e.adult(), e.adult(), e.adult(), e.adult()
	o := e.opportunity(2, nil)
	other := e.opportunity(2, func(o *volunteer.Opportunity) { o.Shifts[0].Window = wushe.NewWindow(t0.AddDate(0, 0, 8), 2*time.Hour) })
	sign := func(v volunteer.Volunteer, o volunteer.Opportunity) volunteer.Enrolment {
		en, err := e.svc.SignUp(ctx, v.ID, ref(o))
		require.NoError(t, err)
		return en
	}
	ea, eb, ec := sign(a, o), sign(b, o), sign(c, o)
	require.Equal(t, volunteer.EnrolmentWaitlisted, ec.Status)
	_, _, err := e.svc.Cancel(ctx, e.org, ec.ID)
	require.NoError(t, err)
	ed := sign(d, o)
	require.Equal(t, volunteer.EnrolmentWaitlisted, ed.Status)
	eOther := sign(a, other)
	win := o.Shifts[0].Window
	e.clock.Set(win.Start)
	_, err = e.svc.CheckIn(ctx, e.org, ea.ID)
	require.NoError(t, err)
	_, err = e.svc.MarkNoShow(ctx, e.org, eb.ID)
	require.NoError(t, err)
	e.clock.Set(win.End.Add(time.Hour))

	in := func(v volunteer.Volunteer, en volunteer.Enrolment) volunteer.ServiceRecord {
		return volunteer.ServiceRecord{VolunteerID: v.ID, EnrolmentID: en.ID, Activity: o.Title, Content: "宣传", Theme: o.Theme,
			Minutes: 100, Organizer: e.org}
	}
	refused := func(r volunteer.ServiceRecord, kind wushe.Kind, field string, says ...string) {
		t.Helper()
		_, err := e.svc.RecordService(ctx, e.org, r)
		kindIs(t, err, kind)
		hasField(t, err, field)
		assert.Contains(t, err.Error(), "volunteer.Service.RecordService")
		for _, s := range says {
			assert.Contains(t, err.Error(), s)
		}
	}
	unknown := in(a, ea)
	unknown.EnrolmentID = uuid.New()
	refused(unknown, wushe.KindNotFound, "EnrolmentID")
	refused(in(b, ea), wushe.KindInvalid, "EnrolmentID", "another volunteer's")
	refused(in(d, ed), wushe.KindConflict, "Status", "waitlisted", "confirmed", "place frees up")
	refused(in(c, ec), wushe.KindConflict, "Status", "cancelled", "VerifyRecord")
	refused(in(b, eb), wushe.KindConflict, "Status", "no_show", "checked_in")
	wrongOpp := in(a, ea)
	wrongOpp.OpportunityID = other.ID
	refused(wrongOpp, wushe.KindInvalid, "EnrolmentID", "another opportunity")
	// Minutes are bounded by the shift, not by the window the record claims.
	longer := in(a, ea)
	longer.Window, longer.Minutes = wushe.Window{Start: win.Start.Add(-time.Hour), End: win.End}, 150
	refused(longer, wushe.KindInvalid, "Window", "enrolled shift")
	elsewhere := in(a, ea)
	elsewhere.Window = wushe.NewWindow(win.Start.AddDate(0, 0, -1), 2*time.Hour)
	refused(elsewhere, wushe.KindInvalid, "Window")
	tooMany := in(a, ea)
	tooMany.Minutes = int(win.Duration().Minutes()) + 1
	refused(tooMany, wushe.KindInvalid, "Minutes")
	page, err := e.svc.ListRecords(ctx, volunteer.RecordFilter{})
	require.NoError(t, err)
	assert.Empty(t, page.Items, "a refused record stores nothing")

	// The organizer's record of a checked-in enrolment is verified at once, its window and
	// opportunity taken from the enrolment.
	r, err := e.svc.RecordService(ctx, e.org, in(a, ea))
	require.NoError(t, err)
	assert.Equal(t, volunteer.RecordVerified, r.Status)
	assert.False(t, r.SelfReported)
	assert.Equal(t, win, r.Window)
	assert.Equal(t, o.ID, r.OpportunityID)
	_, err = e.svc.RecordService(ctx, e.org, in(a, ea))
	kindIs(t, err, wushe.KindAlreadyExists)
	hasField(t, err, "EnrolmentID")
	// The volunteer's own report of an enrolment waits for the organizer.
	e.clock.Set(other.Shifts[0].Window.End.Add(time.Minute))
	mine := in(a, eOther)
	mine.Activity, mine.Theme = other.Title, other.Theme
	p, err := e.svc.RecordService(ctx, volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: a.ID}, mine)
	require.NoError(t, err)
	assert.Equal(t, volunteer.RecordPending, p.Status)
	assert.True(t, p.SelfReported)
}
