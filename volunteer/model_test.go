package volunteer_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

func validVolunteer() volunteer.Volunteer {
	return volunteertest.Volunteer(7, time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), t0)
}

func TestVolunteerValidate(t *testing.T) {
	require.NoError(t, validVolunteer().Validate())
	cases := map[string]func(*volunteer.Volunteer){
		"ID":                     func(v *volunteer.Volunteer) { v.ID = uuid.Nil },
		"Number":                 func(v *volunteer.Volunteer) { v.Number = "123" },
		"Name":                   func(v *volunteer.Volunteer) { v.Name = wushe.PersonName{} },
		"Gender":                 func(v *volunteer.Volunteer) { v.Gender = "x" },
		"BirthDate":              func(v *volunteer.Volunteer) { v.BirthDate = v.BirthDate.AddDate(0, 0, 1) },
		"IDNumber":               func(v *volunteer.Volunteer) { v.IDNumber = wushe.IDNumber{} },
		"Home.Lat":               func(v *volunteer.Volunteer) { v.Home.Lat = 100 },
		"Skills[0].Level":        func(v *volunteer.Volunteer) { v.Skills[0].Level = 6 },
		"Skills[0].Name":         func(v *volunteer.Volunteer) { v.Skills[0].Name = " " },
		"Languages[1]":           func(v *volunteer.Volunteer) { v.Languages[1] = "" },
		"Availability.Weekly[0]": func(v *volunteer.Volunteer) { v.Availability.Weekly[0].End = 0 },
		"MaxWeeklyMinutes":       func(v *volunteer.Volunteer) { v.MaxWeeklyMinutes = -1 },
		"Teams[0]":               func(v *volunteer.Volunteer) { v.Teams = []uuid.UUID{uuid.Nil} },
		"RegisteredOn":           func(v *volunteer.Volunteer) { v.RegisteredOn = v.BirthDate.AddDate(0, 0, -1) },
		"Status":                 func(v *volunteer.Volunteer) { v.Status = "gone" },
		"Consent.Relation":       func(v *volunteer.Volunteer) { v.Consent = &volunteer.GuardianConsent{Guardian: v.Name, GivenAt: t0} },
		"Insurance.Policy":       func(v *volunteer.Volunteer) { v.Insurance = &volunteer.Insurance{From: t0, To: t0.Add(time.Hour)} },
		"Insurance.End":          func(v *volunteer.Volunteer) { v.Insurance = &volunteer.Insurance{Policy: "p", From: t0, To: t0} },
	}
	for field, mod := range cases {
		t.Run(field, func(t *testing.T) {
			v := validVolunteer()
			mod(&v)
			err := v.Validate()
			kindIs(t, err, wushe.KindInvalid)
			found := false
			for _, fe := range wushe.FieldErrors(err) {
				if strings.HasPrefix(fe.Field, field) {
					found = true
				}
				assert.Equal(t, "Volunteer", fe.Entity)
			}
			assert.True(t, found, "%v names %s", err, field)
		})
	}
	v := validVolunteer()
	if v.Gender == volunteer.GenderMale {
		v.Gender = volunteer.GenderFemale
	} else {
		v.Gender = volunteer.GenderMale
	}
	hasField(t, v.Validate(), "Gender")
	all := volunteer.Volunteer{}
	assert.GreaterOrEqual(t, len(wushe.FieldErrors(all.Validate())), 6, "every problem is reported")
}

// pinIDs gives v a fixed ID, community and number, so that no random hex digit spells a
// leak a masking test looks for ("1990", "110").
func pinIDs(v *volunteer.Volunteer, id string) {
	v.ID, v.CommunityID = uuid.MustParse(id), uuid.MustParse("00000000-0000-4000-8000-00000000c0de")
	v.Number = volunteer.NewVolunteerNumber(v.ID, v.RegisteredOn.Year())
}

func TestVolunteerMasking(t *testing.T) {
	adult := validVolunteer()
	pinIDs(&adult, "00000000-0000-4000-8000-00000000ad17")
	clearID, err := adult.IDNumber.Reveal(wushe.StorageEntitlement())
	require.NoError(t, err)
	b, err := json.Marshal(adult)
	require.NoError(t, err)
	out := string(b)
	assert.NotContains(t, out, clearID)
	assert.NotContains(t, out, "1990-05-17")
	assert.NotContains(t, out, "13800001234")
	assert.NotContains(t, out, "张三丰")
	assert.Contains(t, out, `"birth_year":1990`)
	assert.Contains(t, out, adult.Number)
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		s := fmt.Sprintf(f, adult)
		assert.NotContains(t, s, "1990", f)
		assert.NotContains(t, s, clearID, f)
		assert.Contains(t, s, adult.Number, f)
	}
	assert.Contains(t, adult.String(), "张**")

	child := volunteertest.Volunteer(8, time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC), t0)
	pinIDs(&child, "00000000-0000-4000-8000-00000000c41d")
	child.Consent = &volunteer.GuardianConsent{Guardian: child.Name, Relation: volunteer.RelationParent, GivenAt: t0}
	assert.True(t, child.IsChild())
	b, err = json.Marshal(child)
	require.NoError(t, err)
	out = string(b)
	assert.Contains(t, out, `"child":true`)
	for _, leak := range []string{"2015", "张", "first_aid", "yue", "13800", "110"} {
		assert.NotContains(t, out, leak)
		assert.NotContains(t, fmt.Sprintf("%+v", child), leak)
	}
	assert.Contains(t, child.String(), "child record")

	// Undated records are masked as a child's.
	undated := adult
	undated.UpdatedAt, undated.RegisteredOn = time.Time{}, time.Time{}
	assert.True(t, undated.IsChild())
	grown := child
	grown.UpdatedAt = time.Date(2029, 5, 31, 0, 0, 0, 0, time.UTC)
	assert.True(t, grown.IsChild(), "13 until 2029-06-01")
	grown.UpdatedAt = time.Date(2029, 6, 1, 0, 0, 0, 0, time.UTC)
	assert.False(t, grown.IsChild())
}

func TestVolunteerHelpers(t *testing.T) {
	v := validVolunteer()
	v.Skills = append(v.Skills, volunteer.Skill{Name: "first_aid", Level: 5}, volunteer.Skill{Name: "sign", Level: 2})
	assert.Equal(t, 5, v.SkillLevel("first_aid"))
	assert.Equal(t, 0, v.SkillLevel("cooking"))
	team := uuid.New()
	assert.False(t, v.InTeam(team))
	v.Teams = []uuid.UUID{team}
	assert.True(t, v.InTeam(team))
	assert.Equal(t, 35, v.AgeOn(t0))
}

func TestVolunteerNumber(t *testing.T) {
	id := uuid.MustParse("0190f5a2-7c1e-7000-8000-000000000001")
	n := volunteer.NewVolunteerNumber(id, 2026)
	assert.Len(t, n, 20)
	assert.True(t, strings.HasPrefix(n, "V2026-"))
	require.NoError(t, volunteer.ValidateVolunteerNumber(n))
	assert.Equal(t, n, volunteer.NewVolunteerNumber(id, 2026), "deterministic")
	assert.NotEqual(t, n, volunteer.NewVolunteerNumber(uuid.New(), 2026))
	for i := 0; i < len(n); i++ {
		if n[i] == '-' {
			continue
		}
		for _, c := range []byte{'0', '7', 'A', 'F', 'Z'} {
			if c == n[i] {
				continue
			}
			bad := n[:i] + string(c) + n[i+1:]
			assert.Error(t, volunteer.ValidateVolunteerNumber(bad), "changed char %d: %s", i, bad)
		}
	}
	for _, bad := range []string{"", "V2026", "X2026-0123456789AB-C", "V20a6-0123456789AB-C", "V2026-0123456789ab-C", "V2026+0123456789AB-C", "V+026-0123456789AB-C"} {
		err := volunteer.ValidateVolunteerNumber(bad)
		kindIs(t, err, wushe.KindInvalid)
		hasField(t, err, "Number")
	}
	// A volunteer number is never an ID number.
	_, err := wushe.ParseIDNumber(n)
	assert.Error(t, err)
}

func TestTimeOfDay(t *testing.T) {
	for s, want := range map[string]volunteer.TimeOfDay{"00:00": 0, "09:30": 570, "23:59": 1439, "24:00": 1440} {
		got, err := volunteer.ParseTimeOfDay(s)
		require.NoError(t, err, s)
		assert.Equal(t, want, got)
		assert.Equal(t, s, got.String())
		b, err := json.Marshal(got)
		require.NoError(t, err)
		var back volunteer.TimeOfDay
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, got, back)
	}
	for _, s := range []string{"", "9:30", "24:01", "12:60", "ab:cd", "12-30", "25:00"} {
		_, err := volunteer.ParseTimeOfDay(s)
		kindIs(t, err, wushe.KindInvalid)
	}
	var x volunteer.TimeOfDay
	assert.Error(t, json.Unmarshal([]byte(`930`), &x))
	assert.Error(t, json.Unmarshal([]byte(`"930"`), &x))
	assert.Equal(t, volunteer.TimeOfDay(570), volunteer.NewTimeOfDay(9, 30))
	assert.False(t, volunteer.TimeOfDay(1441).Valid())
}

func TestAvailability(t *testing.T) {
	sat := time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC) // a Saturday
	a := volunteer.Availability{
		Weekly: []volunteer.WeeklyWindow{
			{Weekday: time.Saturday, DayWindow: volunteer.DayWindow{Start: volunteer.NewTimeOfDay(8, 0), End: volunteer.NewTimeOfDay(12, 0)}},
			{Weekday: time.Saturday, DayWindow: volunteer.DayWindow{Start: volunteer.NewTimeOfDay(12, 0), End: volunteer.NewTimeOfDay(24, 0)}},
			{Weekday: time.Sunday, DayWindow: volunteer.DayWindow{Start: volunteer.NewTimeOfDay(0, 0), End: volunteer.NewTimeOfDay(2, 0)}},
		},
		Exceptions: []volunteer.DateException{
			{Date: "2026-03-14", Unavailable: true},
			{Date: "2026-03-10", Windows: []volunteer.DayWindow{{Start: volunteer.NewTimeOfDay(18, 0), End: volunteer.NewTimeOfDay(20, 0)}}},
		},
	}
	require.NoError(t, a.Validate())
	w := func(day time.Time, h, m int, d time.Duration) wushe.Window {
		return wushe.NewWindow(day.Add(time.Duration(h)*time.Hour+time.Duration(m)*time.Minute), d)
	}
	assert.True(t, a.Covers(w(sat, 9, 0, 2*time.Hour), nil))
	assert.True(t, a.Covers(w(sat, 11, 0, 3*time.Hour), nil), "adjacent windows join")
	assert.True(t, a.Covers(w(sat, 23, 0, 2*time.Hour), nil), "across midnight into Sunday")
	assert.False(t, a.Covers(w(sat, 23, 0, 4*time.Hour), nil), "Sunday 02:00-03:00 uncovered")
	assert.False(t, a.Covers(w(sat, 7, 30, time.Hour), nil))
	assert.False(t, a.Covers(w(sat.AddDate(0, 0, 7), 9, 0, time.Hour), nil), "unavailable date")
	assert.True(t, a.Covers(w(time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), 18, 30, time.Hour), nil), "extra window on a date")
	assert.False(t, a.Covers(w(time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC), 18, 30, time.Hour), nil))
	assert.False(t, a.Covers(wushe.Window{Start: sat, End: sat}, nil), "empty window")
	sh := time.FixedZone("CST", 8*3600)
	// 01:00 UTC Saturday is 09:00 in Shanghai.
	assert.True(t, a.Covers(w(sat, 1, 0, time.Hour), sh))
	assert.False(t, a.Covers(w(sat, 1, 0, time.Hour), time.UTC))
	assert.True(t, a.Covers(w(sat, 9, 0, 30*time.Second), nil))

	bad := volunteer.Availability{
		Weekly:     []volunteer.WeeklyWindow{{Weekday: 9, DayWindow: volunteer.DayWindow{Start: 10, End: 5}}},
		Exceptions: []volunteer.DateException{{Date: "2026-13-01"}, {Date: "2026-01-01", Unavailable: true, Windows: []volunteer.DayWindow{{Start: 0, End: 2000}}}},
	}
	err := bad.Validate()
	for _, f := range []string{"Weekly[0].Weekday", "Weekly[0].End", "Exceptions[0].Date", "Exceptions[1].Windows", "Exceptions[1].Windows[0].End"} {
		hasField(t, err, f)
	}
}

func TestEnums(t *testing.T) {
	assert.True(t, volunteer.StatusActive.Valid())
	assert.False(t, volunteer.Status("x").Valid())
	assert.True(t, volunteer.GenderFemale.Valid())
	assert.False(t, volunteer.Gender("").Valid())
	assert.True(t, volunteer.RiskEmergency.AtLeast(volunteer.RiskHigh))
	assert.False(t, volunteer.RiskMedium.AtLeast(volunteer.RiskHigh))
	assert.False(t, volunteer.RiskLow.AtLeast(""))
	assert.False(t, volunteer.RiskLevel("x").Valid())
	assert.Equal(t, 0, volunteer.RiskLevel("x").Rank())
	assert.True(t, volunteer.ThemeAntiFraud.Valid())
	for _, bad := range []volunteer.Theme{"", "Anti", "1x", "a b", volunteer.Theme(strings.Repeat("a", 65))} {
		assert.False(t, bad.Valid(), bad)
	}
	for _, k := range []volunteer.ActorKind{volunteer.ActorCommunity, volunteer.ActorOrganization, volunteer.ActorProject, volunteer.ActorUnit} {
		assert.True(t, k.Valid() && k.Organizes())
	}
	assert.True(t, volunteer.ActorVolunteer.Valid())
	assert.False(t, volunteer.ActorAdmin.Organizes())
	assert.False(t, volunteer.ActorKind("x").Valid())
	for _, s := range []volunteer.OpportunityStatus{"draft", "published", "closed", "cancelled"} {
		assert.True(t, s.Valid())
	}
	assert.False(t, volunteer.OpportunityStatus("x").Valid())
	assert.True(t, volunteer.RecurrenceWeekly.Valid())
	assert.False(t, volunteer.Recurrence("daily").Valid())
	holds := map[volunteer.EnrolmentStatus][2]bool{"applied": {false, true}, "confirmed": {true, true}, "checked_in": {true, true},
		"completed": {true, false}, "no_show": {false, false}, "cancelled": {false, false}}
	for s, want := range holds {
		assert.True(t, s.Valid())
		assert.Equal(t, want[0], s.HoldsPlace(), s)
		assert.Equal(t, want[1], s.Open(), s)
	}
	assert.False(t, volunteer.EnrolmentStatus("x").Valid())
	assert.True(t, volunteer.RecordRejected.Valid())
	assert.False(t, volunteer.RecordStatus("x").Valid())
	for _, k := range []volunteer.EntryKind{"earn", "redeem", "transfer", "expire", "penalty", "adjust"} {
		assert.True(t, k.Valid())
	}
	assert.False(t, volunteer.EntryKind("gift").Valid())
	for _, r := range []volunteer.Relation{"spouse", "parent", "child", "grandparent", "grandchild", "sibling"} {
		assert.True(t, r.Valid())
	}
	assert.False(t, volunteer.Relation("friend").Valid())
}

func TestProfiles(t *testing.T) {
	assert.Equal(t, []string{"national", "shanghai", "shandong", "beijing", "cyl"}, volunteer.ProfileNames())
	for _, n := range volunteer.ProfileNames() {
		p, err := volunteer.LookupProfile(strings.ToUpper(n))
		require.NoError(t, err)
		assert.Equal(t, n, p.Name)
		require.NoError(t, p.Validate())
		assert.Equal(t, 14, p.MinAgeIndividual)
		assert.Equal(t, 18, p.ConsentBelow)
	}
	_, err := volunteer.LookupProfile("guangdong")
	kindIs(t, err, wushe.KindInvalid)
	assert.Contains(t, err.Error(), "guangdong")
	sd, _ := volunteer.LookupProfile("shandong")
	assert.Contains(t, sd.ForbiddenThemesForMinors, volunteer.ThemeEmergencyRescue)
	sd.ForbiddenThemesForMinors[0] = "changed"
	again, _ := volunteer.LookupProfile("shandong")
	assert.Equal(t, volunteer.ThemeEmergencyRescue, again.ForbiddenThemesForMinors[0], "lookups return copies")
	sh, _ := volunteer.LookupProfile("shanghai")
	assert.Equal(t, 18, sh.TimeBankMinAge)
	assert.True(t, sh.TransfersAllowed)
	bad := volunteer.Profile{AdultAge: 0, MinAgeIndividual: -1, ConsentBelow: 200, ForbiddenRiskForMinors: "x", InsuranceRequiredAt: "y",
		ForbiddenThemesForMinors: []volunteer.Theme{"A"}, TimeBankMinAge: -1}
	err = bad.Validate()
	for _, f := range []string{"Name", "MinAgeIndividual", "ConsentBelow", "AdultAge", "ForbiddenRiskForMinors", "InsuranceRequiredAt", "ForbiddenThemesForMinors[0]", "TimeBankMinAge"} {
		hasField(t, err, f)
	}
}

func TestTeamValidate(t *testing.T) {
	m := uuid.New()
	ok := volunteer.Team{ID: uuid.New(), Name: "K编织队", Themes: []volunteer.Theme{"knitting"}, LeaderID: m, Members: []uuid.UUID{m},
		RunBy: volunteer.Actor{Kind: volunteer.ActorOrganization, ID: uuid.New()}}
	require.NoError(t, ok.Validate())
	bad := volunteer.Team{LeaderID: uuid.New(), Themes: []volunteer.Theme{"X"}, Members: []uuid.UUID{m, m, uuid.Nil},
		RunBy: volunteer.Actor{Kind: volunteer.ActorUnit, ID: uuid.New()}}
	err := bad.Validate()
	for _, f := range []string{"ID", "Name", "Themes[0]", "Members[1]", "Members[2]", "LeaderID", "RunBy.Kind"} {
		hasField(t, err, f)
	}
	hasField(t, volunteer.Team{}.Validate(), "RunBy.ID")
}

func TestOpportunityValidate(t *testing.T) {
	o := volunteertest.Opportunity(t0, 2)
	require.NoError(t, o.Validate())
	o.ID, o.Title, o.Theme, o.Risk, o.Status, o.Recurrence = uuid.Nil, "", "", "", "", "monthly"
	o.Organizer.Kind = volunteer.ActorVolunteer
	o.Place.Lng = 200
	o.Shifts = append(o.Shifts, o.Shifts[0], volunteer.Shift{})
	o.Required = []volunteer.SkillNeed{{Name: "", MinLevel: 0}}
	o.Preferred = []volunteer.SkillNeed{{Name: "x", MinLevel: 9}}
	o.MinAge = -1
	o.PointsPerHour = dec("-1")
	err := o.Validate()
	for _, f := range []string{"ID", "Title", "Organizer.Kind", "Theme", "Place.Lng", "Shifts[1].ID", "Shifts[2].ID", "Shifts[2].Window.Start",
		"Shifts[2].Headcount", "Required[0].Name", "Required[0].MinLevel", "Preferred[0].MinLevel", "MinAge", "Risk", "PointsPerHour", "Recurrence", "Status"} {
		hasField(t, err, f)
	}
	w := volunteertest.Opportunity(t0, 1)
	w.Recurrence, w.Status, w.PublishedAt, w.Shifts = volunteer.RecurrenceWeekly, volunteer.OpportunityPublished, time.Time{}, nil
	err = w.Validate()
	for _, f := range []string{"RepeatUntil", "PublishedAt", "Shifts"} {
		hasField(t, err, f)
	}
	require.NoError(t, volunteer.Actor{Kind: volunteer.ActorUnit, ID: uuid.New()}.Validate())
	hasField(t, volunteer.Actor{}.Validate(), "Kind")
	hasField(t, volunteer.ShiftRef{Occurrence: -1}.Validate(), "Occurrence")
}

func TestOccurrences(t *testing.T) {
	mon := time.Date(2026, 3, 2, 19, 0, 0, 0, time.UTC)
	o := volunteertest.Opportunity(mon, 3)
	second := volunteer.Shift{ID: uuid.New(), Window: wushe.NewWindow(mon, time.Hour), Headcount: 1}
	o.Shifts = append(o.Shifts, second)
	single := o.Occurrences(mon.AddDate(0, 0, -1), mon.AddDate(1, 0, 0))
	require.Len(t, single, 2, "a non-recurring opportunity has occurrence 0 only")
	assert.Equal(t, o.Shifts[0].ID, single[0].Ref.ShiftID, "same start: shift order")

	o.Recurrence, o.RepeatUntil = volunteer.RecurrenceWeekly, mon.AddDate(0, 0, 28) // 4 Mondays
	occ := o.Occurrences(mon, mon.AddDate(0, 2, 0))
	require.Len(t, occ, 8)
	for i, c := range occ {
		assert.Equal(t, i/2, c.Ref.Occurrence)
		assert.Equal(t, time.Monday, c.Window.Start.Weekday())
		if i > 0 {
			assert.False(t, c.Window.Start.Before(occ[i-1].Window.Start), "ordered by start")
		}
	}
	assert.Equal(t, occ, o.Occurrences(mon, mon.AddDate(0, 2, 0)), "deterministic")
	mid := o.Occurrences(mon.AddDate(0, 0, 8), mon.AddDate(0, 0, 15))
	require.Len(t, mid, 2)
	assert.Equal(t, 2, mid[0].Ref.Occurrence)
	assert.Empty(t, o.Occurrences(mon.AddDate(1, 0, 0), mon.AddDate(2, 0, 0)))

	// DST: a weekly 09:00 class in New York keeps its clock time.
	ny, err := time.LoadLocation("America/New_York")
	if err == nil {
		d := volunteertest.Opportunity(time.Date(2026, 3, 2, 9, 0, 0, 0, ny), 1)
		d.Recurrence, d.RepeatUntil = volunteer.RecurrenceWeekly, time.Date(2026, 4, 1, 0, 0, 0, 0, ny)
		for _, c := range d.Occurrences(time.Date(2026, 3, 1, 0, 0, 0, 0, ny), time.Date(2026, 4, 1, 0, 0, 0, 0, ny)) {
			assert.Equal(t, 9, c.Window.Start.Hour())
		}
	}

	r, ok := o.Resolve(volunteer.ShiftRef{OpportunityID: o.ID, ShiftID: second.ID, Occurrence: 3})
	require.True(t, ok)
	assert.True(t, r.Window.Start.Equal(mon.AddDate(0, 0, 21)))
	for _, bad := range []volunteer.ShiftRef{
		{OpportunityID: o.ID, ShiftID: second.ID, Occurrence: 4},
		{OpportunityID: o.ID, ShiftID: uuid.New()},
		{OpportunityID: uuid.New(), ShiftID: second.ID},
		{OpportunityID: o.ID, ShiftID: second.ID, Occurrence: -1},
	} {
		_, ok := o.Resolve(bad)
		assert.False(t, ok, "%v", bad)
	}
	o.Recurrence = volunteer.RecurrenceNone
	_, ok = o.Resolve(volunteer.ShiftRef{OpportunityID: o.ID, ShiftID: second.ID, Occurrence: 1})
	assert.False(t, ok)
	assert.Contains(t, volunteer.ShiftRef{OpportunityID: o.ID, ShiftID: second.ID, Occurrence: 2}.String(), "#2")
}

func TestNextOnWaitlist(t *testing.T) {
	ref := volunteer.ShiftRef{OpportunityID: uuid.New(), ShiftID: uuid.New()}
	a := volunteer.Enrolment{ID: uuid.MustParse("00000000-0000-4000-8000-000000000002"), Shift: ref, Status: volunteer.EnrolmentWaitlisted, AppliedAt: t0}
	b := volunteer.Enrolment{ID: uuid.MustParse("00000000-0000-4000-8000-000000000001"), Shift: ref, Status: volunteer.EnrolmentWaitlisted, AppliedAt: t0}
	c := volunteer.Enrolment{ID: uuid.MustParse("00000000-0000-4000-8000-000000000000"), Shift: ref, Status: volunteer.EnrolmentWaitlisted, AppliedAt: t0.Add(time.Second)}
	d := volunteer.Enrolment{ID: uuid.MustParse("00000000-0000-4000-8000-0000000000ff"), Shift: ref, Status: volunteer.EnrolmentConfirmed, AppliedAt: t0.Add(-time.Hour)}
	other := volunteer.Enrolment{ID: uuid.Nil, Shift: volunteer.ShiftRef{OpportunityID: uuid.New()}, Status: volunteer.EnrolmentWaitlisted, AppliedAt: t0.Add(-time.Hour)}
	got, ok := volunteer.NextOnWaitlist([]volunteer.Enrolment{c, a, d, other, b}, ref)
	require.True(t, ok)
	assert.Equal(t, b.ID, got.ID)
	_, ok = volunteer.NextOnWaitlist([]volunteer.Enrolment{d}, ref)
	assert.False(t, ok)
}

func TestEnrolmentValidate(t *testing.T) {
	err := volunteer.Enrolment{}.Validate()
	for _, f := range []string{"ID", "Shift.OpportunityID", "VolunteerID", "Status", "Window.Start", "AppliedAt"} {
		hasField(t, err, f)
	}
}

func TestFilters(t *testing.T) {
	v := validVolunteer()
	assert.True(t, volunteer.VolunteerFilter{}.Match(&v))
	assert.False(t, volunteer.VolunteerFilter{GridID: uuid.New()}.Match(&v))
	assert.False(t, volunteer.VolunteerFilter{CommunityID: uuid.New()}.Match(&v))
	o := volunteertest.Opportunity(t0, 1)
	assert.True(t, volunteer.OpportunityFilter{StartsBefore: t0.Add(time.Minute)}.Match(&o))
	assert.False(t, volunteer.OpportunityFilter{StartsBefore: t0}.Match(&o))
	r := volunteer.ServiceRecord{Window: wushe.NewWindow(t0, time.Hour)}
	assert.False(t, volunteer.RecordFilter{Status: volunteer.RecordVerified}.Match(&r))
	r.OpportunityID = uuid.New()
	assert.True(t, volunteer.RecordFilter{OpportunityID: r.OpportunityID}.Match(&r))
	assert.False(t, volunteer.RecordFilter{OpportunityID: uuid.New()}.Match(&r))
	c := volunteer.CatalogItem{}
	assert.False(t, volunteer.CatalogFilter{ActiveOnly: true}.Match(&c))
	tx := volunteer.Transaction{Kind: volunteer.KindEarn, PostedAt: t0}
	assert.False(t, volunteer.TransactionFilter{Account: volunteer.AccountIssuance}.Match(&tx))
	assert.False(t, volunteer.TransactionFilter{Kind: volunteer.KindRedeem}.Match(&tx))
}
