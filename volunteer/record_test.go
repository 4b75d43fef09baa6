package volunteer_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

func verified(minutes int, at time.Time) volunteer.ServiceRecord {
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
	return volunteer.ServiceRecord{ID: uuid.New(), VolunteerID: uuid.New(), Activity: "a", Content: "c", Theme: "elderly_care",
		Window: wushe.NewWindow(at.Add(-24*time.Hour), 24*time.Hour), Minutes: minutes, Organizer: org, RecordedBy: org,
		RecordedAt: at, Status: volunteer.RecordVerified, VerifiedBy: org, VerifiedAt: at}
}

func TestServiceRecordValidate(t *testing.T) {
	require.NoError(t, verified(60, t0).Validate())
	r := verified(60, t0)
	r.Window = wushe.NewWindow(t0, time.Hour)
	r.Minutes = 61
	hasField(t, r.Validate(), "Minutes")
	bad := volunteer.ServiceRecord{Status: volunteer.RecordVerified, Organizer: volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: uuid.New()},
		Revisions: []volunteer.Revision{{}}}
	err := bad.Validate()
	for _, f := range []string{"ID", "VolunteerID", "Activity", "Content", "Theme", "Window.Start", "Minutes", "Organizer.Kind",
		"RecordedBy.Kind", "RecordedAt", "VerifiedAt", "Revisions[0].By.Kind", "Revisions[0].Reason"} {
		hasField(t, err, f)
	}
	hasField(t, volunteer.ServiceRecord{Status: "x"}.Validate(), "Status")
}

func TestMinutesAsOf(t *testing.T) {
	r := verified(90, t0)
	org := r.Organizer
	r.Revisions = []volunteer.Revision{
		{At: t0.Add(time.Hour), By: org, FromMinutes: 90, ToMinutes: 120, Reason: "late sign-out"},
		{At: t0.Add(2 * time.Hour), By: org, FromMinutes: 120, ToMinutes: 100, Reason: "recount"},
	}
	r.Minutes = 100
	assert.Equal(t, 0, r.MinutesAsOf(t0.Add(-time.Second)), "not yet verified")
	assert.Equal(t, 90, r.MinutesAsOf(t0))
	assert.Equal(t, 120, r.MinutesAsOf(t0.Add(90*time.Minute)))
	assert.Equal(t, 100, r.MinutesAsOf(t0.Add(3*time.Hour)))
	r.Status = volunteer.RecordPending
	assert.Equal(t, 0, r.MinutesAsOf(t0.Add(3*time.Hour)))
}

func TestWorkCalendar(t *testing.T) {
	var c volunteer.WorkCalendar
	fri := time.Date(2026, 3, 6, 15, 0, 0, 0, time.UTC)
	assert.True(t, c.IsWorkingDay(fri))
	assert.False(t, c.IsWorkingDay(fri.AddDate(0, 0, 1)))
	assert.Equal(t, time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), c.AddWorkingDays(fri, 1), "end of Monday")
	assert.Equal(t, time.Date(2026, 3, 21, 0, 0, 0, 0, time.UTC), c.AddWorkingDays(fri, 10), "10 working days = two weeks")
	c.Holidays = []string{"2026-03-09"}
	c.Workdays = []string{"2026-03-07"}
	assert.True(t, c.IsWorkingDay(fri.AddDate(0, 0, 1)), "a make-up Saturday")
	assert.False(t, c.IsWorkingDay(fri.AddDate(0, 0, 3)), "a holiday Monday")
	assert.Equal(t, time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC), c.AddWorkingDays(fri, 1))
	assert.Equal(t, time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC), c.AddWorkingDays(fri, 2))
	assert.Equal(t, time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC), c.AddWorkingDays(fri, 0))
}

func certificate() volunteer.Certificate {
	return volunteer.Certificate{ID: uuid.New(), Number: "C2026-ABCDEF012345", VolunteerID: uuid.New(), VolunteerNumber: "V2026-3F192496DE96-Y",
		Minutes: 180, Content: "防诈骗宣传", Unit: volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}, UnitName: "L社区居委会",
		Records: []uuid.UUID{uuid.New(), uuid.New()}, IssuedOn: t0}
}

func TestCertificateTamper(t *testing.T) {
	key := []byte("k")
	c := certificate()
	c.Code = volunteer.SignCertificate(c, key)
	require.NoError(t, volunteer.VerifyCertificate(c, key))
	kindIs(t, volunteer.VerifyCertificate(c, []byte("other")), wushe.KindInvalid)
	hasField(t, volunteer.VerifyCertificate(c, nil), "key")
	tampers := map[string]func(*volunteer.Certificate){
		"Number":          func(c *volunteer.Certificate) { c.Number += "1" },
		"VolunteerID":     func(c *volunteer.Certificate) { c.VolunteerID = uuid.New() },
		"VolunteerNumber": func(c *volunteer.Certificate) { c.VolunteerNumber = "V2026-000000000000-0" },
		"Minutes":         func(c *volunteer.Certificate) { c.Minutes++ },
		"Content":         func(c *volunteer.Certificate) { c.Content += "!" },
		"Unit":            func(c *volunteer.Certificate) { c.Unit.Kind = volunteer.ActorUnit },
		"UnitName":        func(c *volunteer.Certificate) { c.UnitName = "X" },
		"Records":         func(c *volunteer.Certificate) { c.Records = c.Records[:1] },
		"IssuedOn":        func(c *volunteer.Certificate) { c.IssuedOn = c.IssuedOn.Add(time.Second) },
		// The first hex digit moves to the next one, so the code always changes (writing
		// a fixed "00" left it as it was whenever the MAC began with a zero byte).
		"Code":       func(c *volunteer.Certificate) { c.Code = nextHexDigit(c.Code[:1]) + c.Code[1:] },
		"CodeNotHex": func(c *volunteer.Certificate) { c.Code = "zz" },
	}
	// Every certified field has a tamper case.
	typ := reflect.TypeOf(volunteer.Certificate{})
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		switch name {
		case "ID", "Version", "CreatedAt", "UpdatedAt":
			continue
		}
		_, ok := tampers[name]
		assert.True(t, ok, "no tamper case for %s", name)
	}
	for name, mod := range tampers {
		x := c
		x.Records = append([]uuid.UUID(nil), c.Records...)
		mod(&x)
		require.NotEqual(t, c, x, "the %s tamper changes the certificate", name)
		err := volunteer.VerifyCertificate(x, key)
		kindIs(t, err, wushe.KindInvalid)
		hasField(t, err, "Code")
	}
	// Field boundaries are unambiguous.
	a, b := c, c
	a.Content, a.UnitName = "x\nunit_name=y", ""
	b.Content, b.UnitName = "x", "y"
	assert.NotEqual(t, string(a.Canonical()), string(b.Canonical()))
	// The stored location does not matter.
	d := c
	d.IssuedOn = c.IssuedOn.In(time.FixedZone("CST", 8*3600))
	assert.Equal(t, c.Canonical(), d.Canonical())
}

// nextHexDigit returns the lower-case hex digit after d, wrapping f to 0.
func nextHexDigit(d string) string {
	const digits = "0123456789abcdef"
	return string(digits[(strings.Index(digits, d)+1)%len(digits)])
}

func TestLadder(t *testing.T) {
	require.NoError(t, volunteer.LadderCYL.Validate())
	require.NoError(t, volunteer.LadderBeijingOld.Validate())
	err := volunteer.Ladder{Thresholds: []int{100, 100, -1}}.Validate()
	hasField(t, err, "Thresholds[1]")
	hasField(t, err, "Thresholds[2]")
	hasField(t, volunteer.Ladder{}.Validate(), "Thresholds")
	for h, want := range map[int]int{0: 0, 99: 0, 100: 1, 299: 1, 300: 2, 600: 3, 1000: 4, 1499: 4, 1500: 5, 9999: 5} {
		assert.Equal(t, want, volunteer.LadderCYL.Level(h*60), "%d h", h)
	}
	assert.Equal(t, 3, volunteer.LadderBeijingOld.Level(500*60))
	assert.Equal(t, 2, volunteer.LadderCYL.Level(500*60))

	day := func(n int) time.Time { return t0.AddDate(0, 0, n) }
	a := verified(60*60, day(1))
	b := verified(50*60, day(2))
	c := verified(250*60, day(3))
	c.Revisions = []volunteer.Revision{{At: day(5), By: c.Organizer, FromMinutes: 250 * 60, ToMinutes: 190 * 60, Reason: "fix"}}
	c.Minutes = 190 * 60
	pending := verified(1000*60, day(1))
	pending.Status = volunteer.RecordPending
	rs := []volunteer.ServiceRecord{c, pending, b, a}
	st := volunteer.LadderCYL.Stars(rs, day(4))
	assert.Equal(t, 360*60, st.Minutes)
	assert.Equal(t, 2, st.Level)
	require.Len(t, st.Reached, 2)
	assert.True(t, st.Reached[0].Equal(day(2)), "100 h reached with the second record")
	assert.True(t, st.Reached[1].Equal(day(3)))
	st = volunteer.LadderCYL.Stars(rs, day(6))
	assert.Equal(t, 300*60, st.Minutes, "the correction applies from its time")
	assert.Equal(t, 2, st.Level)
	st = volunteer.LadderCYL.Stars(rs, day(1).Add(-time.Second))
	assert.Equal(t, volunteer.StarStatus{}, st)
	c.Revisions[0].ToMinutes = 100 * 60
	c.Minutes = 100 * 60
	st = volunteer.LadderCYL.Stars([]volunteer.ServiceRecord{a, b, c}, day(6))
	assert.Equal(t, 1, st.Level, "a correction can lower the level")
	assert.Len(t, st.Reached, 1)
}

// Property: as-of star status is monotone in time when there are no downward
// corrections, and equals the ladder level of the verified minutes.
func TestStarsProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		var rs []volunteer.ServiceRecord
		for range rng.IntN(30) {
			rs = append(rs, verified(1+rng.IntN(100*60), t0.Add(time.Duration(rng.IntN(1000))*time.Hour)))
		}
		prev := 0
		for h := 0; h <= 1000; h += 50 {
			at := t0.Add(time.Duration(h) * time.Hour)
			st := volunteer.LadderCYL.Stars(rs, at)
			sum := 0
			for _, r := range rs {
				sum += r.MinutesAsOf(at)
			}
			require.Equal(t, sum, st.Minutes)
			require.Equal(t, volunteer.LadderCYL.Level(sum), st.Level)
			require.Len(t, st.Reached, st.Level)
			require.GreaterOrEqual(t, st.Level, prev)
			prev = st.Level
		}
	}
}

func enrol(status volunteer.EnrolmentStatus, at time.Time, late bool) volunteer.Enrolment {
	return volunteer.Enrolment{Status: status, CompletedAt: at, CancelledAt: at, LateCancellation: late, Window: wushe.NewWindow(at.Add(-time.Hour), time.Hour)}
}

func TestReliability(t *testing.T) {
	r := volunteer.DefaultReliability
	assert.Equal(t, 1.0, r.Score(nil, t0), "a newcomer starts at 1")
	noShow := enrol(volunteer.EnrolmentNoShow, t0, false)
	s1 := r.Score([]volunteer.Enrolment{noShow}, t0)
	assert.InDelta(t, 0.75, s1, 1e-9, "(3+0)/(3+1)")
	later := r.Score([]volunteer.Enrolment{noShow}, t0.AddDate(0, 0, 90))
	assert.InDelta(t, 3/3.5, later, 1e-9, "half weight after one half-life")
	assert.Greater(t, later, s1, "recovers with time")
	hist := []volunteer.Enrolment{noShow}
	for i := 1; i <= 5; i++ {
		hist = append(hist, enrol(volunteer.EnrolmentCompleted, t0.AddDate(0, 0, i), false))
	}
	assert.Greater(t, r.Score(hist, t0.AddDate(0, 0, 6)), r.Score(hist[:1], t0.AddDate(0, 0, 6)), "good attendance lifts it")
	late := r.Score([]volunteer.Enrolment{enrol(volunteer.EnrolmentCancelled, t0, true)}, t0)
	assert.InDelta(t, 3.5/4, late, 1e-9)
	ignored := []volunteer.Enrolment{enrol(volunteer.EnrolmentCancelled, t0, false), enrol(volunteer.EnrolmentConfirmed, t0, false),
		enrol(volunteer.EnrolmentNoShow, t0.Add(time.Hour), false)}
	assert.Equal(t, 1.0, r.Score(ignored, t0), "on-time cancellations, open and future outcomes are ignored")
	zero := volunteer.Reliability{PriorEvents: -1}
	assert.Equal(t, 0.0, zero.Score([]volunteer.Enrolment{noShow}, t0))
	assert.Equal(t, 1.0, zero.Score(nil, t0))
}

func TestReliabilityProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	statuses := []volunteer.EnrolmentStatus{volunteer.EnrolmentCompleted, volunteer.EnrolmentNoShow, volunteer.EnrolmentCancelled}
	r := volunteer.DefaultReliability
	for range 500 {
		var hist []volunteer.Enrolment
		for range rng.IntN(40) {
			hist = append(hist, enrol(statuses[rng.IntN(3)], t0.Add(time.Duration(rng.IntN(365*24))*time.Hour), rng.IntN(2) == 0))
		}
		at := t0.AddDate(1, 0, 0)
		s := r.Score(hist, at)
		require.False(t, math.IsNaN(s))
		require.GreaterOrEqual(t, s, 0.0)
		require.LessOrEqual(t, s, 1.0)
		withGood := r.Score(append(hist, enrol(volunteer.EnrolmentCompleted, at, false)), at)
		require.GreaterOrEqual(t, withGood, s-1e-12, "a completed shift never lowers the score")
		withBad := r.Score(append(hist, enrol(volunteer.EnrolmentNoShow, at, false)), at)
		require.LessOrEqual(t, withBad, s+1e-12, "a no-show never raises it")
	}
}
