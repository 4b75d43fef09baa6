package volunteer_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storetest"
	"github.com/wushe/wushe/volunteer"
)

func TestNewService(t *testing.T) {
	_, err := volunteer.NewService(nil, nil)
	kindIs(t, err, wushe.KindInvalid)
	e := newEnv(t, nil)
	_, err = volunteer.NewService(e.mem, &volunteer.Options{Profile: "atlantis"})
	kindIs(t, err, wushe.KindInvalid)
	_, err = volunteer.NewService(e.mem, &volunteer.Options{Ledger: &volunteer.LedgerRules{DefaultPerHour: dec("-1")}})
	kindIs(t, err, wushe.KindInvalid)
	_, err = volunteer.NewService(e.mem, &volunteer.Options{Ladder: &volunteer.Ladder{}})
	kindIs(t, err, wushe.KindInvalid)
	s, err := volunteer.NewService(e.mem, nil)
	require.NoError(t, err)
	assert.Equal(t, "national", s.Profile().Name)
	assert.Equal(t, volunteer.LadderCYL, s.Ladder())
	s, err = volunteer.NewService(e.mem, &volunteer.Options{Profile: "Shandong", Ladder: &volunteer.LadderBeijingOld})
	require.NoError(t, err)
	assert.Equal(t, "shandong", s.Profile().Name)
	assert.Equal(t, volunteer.LadderBeijingOld.Thresholds, s.Ladder().Thresholds)
}

func TestRegister(t *testing.T) {
	e := newEnv(t, nil)
	v := e.adult()
	assert.Equal(t, int64(1), v.Version)
	require.NoError(t, volunteer.ValidateVolunteerNumber(v.Number))
	assert.Equal(t, volunteer.NewVolunteerNumber(v.ID, 2026), v.Number)
	assert.True(t, v.RegisteredOn.Equal(t0))
	assert.Equal(t, volunteer.StatusActive, v.Status)
	got, err := e.svc.GetVolunteer(t.Context(), v.ID)
	require.NoError(t, err)
	assert.Equal(t, v, got)

	// Under 14: refused without a guardian's consent; with it, group activities only.
	young := e.registerErr(time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC), nil)
	kindIs(t, young, wushe.KindForbidden)
	hasField(t, young, "Consent")
	child := e.register(time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC), func(v *volunteer.Volunteer) {
		v.Consent = &volunteer.GuardianConsent{Guardian: v.Name, Relation: volunteer.RelationParent, GivenAt: t0}
	})
	assert.True(t, child.IsChild())
	solo := e.opportunity(5, nil)
	_, err = e.svc.SignUp(t.Context(), child.ID, ref(solo))
	hasField(t, err, "BirthDate")
	group := e.opportunity(5, func(o *volunteer.Opportunity) { o.GroupActivity = true })
	_, err = e.svc.SignUp(t.Context(), child.ID, ref(group))
	require.NoError(t, err)
	// 16: consent required.
	teen := e.registerErr(time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), nil)
	hasField(t, teen, "Consent")
	withConsent := e.register(time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), func(v *volunteer.Volunteer) {
		v.Consent = &volunteer.GuardianConsent{Guardian: v.Name, Relation: volunteer.RelationParent, GivenAt: t0}
	})
	assert.NotZero(t, withConsent.ID)
	// Invalid input names the field and the operation.
	err = e.registerErr(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), func(v *volunteer.Volunteer) { v.Skills[0].Level = 0 })
	hasField(t, err, "Skills[0].Level")
	var werr *wushe.Error
	require.ErrorAs(t, err, &werr)
	assert.Equal(t, "volunteer.Service.Register", werr.Op)
	// The same person twice.
	dup := e.adult()
	again := dup
	again.ID, again.Number, again.Version = uuid.Nil, "", 0
	_, err = e.svc.Register(t.Context(), again)
	kindIs(t, err, wushe.KindAlreadyExists)

	p, err := e.svc.ListVolunteers(t.Context(), volunteer.VolunteerFilter{Number: v.Number})
	require.NoError(t, err)
	assert.Len(t, p.Items, 1)
}

func (e *env) registerErr(birth time.Time, mod func(*volunteer.Volunteer)) error {
	e.t.Helper()
	v := volunteerFixture(birth)
	if mod != nil {
		mod(&v)
	}
	_, err := e.svc.Register(e.t.Context(), v)
	require.Error(e.t, err)
	return err
}

func TestRegisterLimitedCapacity(t *testing.T) {
	e := newEnv(t, func(o *volunteer.Options) { o.Profile = "shandong" })
	err := e.registerErr(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), func(v *volunteer.Volunteer) { v.LimitedCapacity = true })
	hasField(t, err, "Consent")
	national := newEnv(t, nil)
	v := national.register(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), func(v *volunteer.Volunteer) { v.LimitedCapacity = true })
	assert.True(t, v.LimitedCapacity)
}

func TestUpdateVolunteerAndStatus(t *testing.T) {
	e := newEnv(t, nil)
	v := e.adult()
	e.clock.Advance(time.Hour)
	got, err := e.svc.UpdateVolunteer(t.Context(), v.ID, func(x *volunteer.Volunteer) error { x.MaxWeeklyMinutes = 300; return nil })
	require.NoError(t, err)
	assert.Equal(t, 300, got.MaxWeeklyMinutes)
	assert.True(t, got.UpdatedAt.Equal(t0.Add(time.Hour)))
	_, err = e.svc.UpdateVolunteer(t.Context(), v.ID, func(x *volunteer.Volunteer) error { x.Number = "V2026-000000000000-0"; return nil })
	hasField(t, err, "Number")
	_, err = e.svc.UpdateVolunteer(t.Context(), v.ID, func(x *volunteer.Volunteer) error { x.Skills[0].Level = 9; return nil })
	hasField(t, err, "Skills[0].Level")
	_, err = e.svc.UpdateVolunteer(t.Context(), v.ID, func(x *volunteer.Volunteer) error { return wushe.ErrConflict })
	kindIs(t, err, wushe.KindConflict)
	back, _ := e.svc.GetVolunteer(t.Context(), v.ID)
	assert.Equal(t, int64(2), back.Version, "rejected updates change nothing")
	s, err := e.svc.SetStatus(t.Context(), v.ID, volunteer.StatusSuspended)
	require.NoError(t, err)
	assert.Equal(t, volunteer.StatusSuspended, s.Status)
	_, err = e.svc.SetStatus(t.Context(), v.ID, "gone")
	hasField(t, err, "Status")
}

func TestTeams(t *testing.T) {
	e := newEnv(t, nil)
	v := e.adult()
	tm, err := e.svc.CreateTeam(t.Context(), volunteer.Team{Name: "猎鹰队", Themes: []volunteer.Theme{volunteer.ThemeAntiFraud}, RunBy: e.org})
	require.NoError(t, err)
	_, err = e.svc.CreateTeam(t.Context(), volunteer.Team{Name: ""})
	hasField(t, err, "Name")
	tm, err = e.svc.JoinTeam(t.Context(), tm.ID, v.ID)
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{v.ID}, tm.Members)
	got, _ := e.svc.GetVolunteer(t.Context(), v.ID)
	assert.True(t, got.InTeam(tm.ID))
	_, err = e.svc.JoinTeam(t.Context(), tm.ID, v.ID)
	kindIs(t, err, wushe.KindAlreadyExists)
	_, err = e.svc.JoinTeam(t.Context(), tm.ID, uuid.New())
	kindIs(t, err, wushe.KindNotFound)
	back, err := e.svc.GetTeam(t.Context(), tm.ID)
	require.NoError(t, err)
	assert.Len(t, back.Members, 1)
}

func TestJoinTeamRollsBack(t *testing.T) {
	e, fs := newFaultyEnv(t, nil)
	v := e.adult()
	tm, err := e.svc.CreateTeam(t.Context(), volunteer.Team{Name: "K编织队", RunBy: e.org})
	require.NoError(t, err)
	fs.Faults.FailOn("UpdateVolunteer")
	_, err = e.svc.JoinTeam(t.Context(), tm.ID, v.ID)
	kindIs(t, err, wushe.KindUnavailable)
	back, _ := e.mem.GetTeam(t.Context(), tm.ID)
	assert.Empty(t, back.Members, "the team write is undone")
}

func TestOpportunityLifecycle(t *testing.T) {
	e := newEnv(t, nil)
	o := e.opportunity(2, func(o *volunteer.Opportunity) { o.Status = "" })
	assert.Equal(t, volunteer.OpportunityDraft, o.Status)
	assert.NotEqual(t, uuid.Nil, o.Shifts[0].ID)
	_, err := e.svc.SetOpportunityStatus(t.Context(), volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}, o.ID, volunteer.OpportunityPublished)
	kindIs(t, err, wushe.KindForbidden)
	e.clock.Advance(time.Minute)
	p, err := e.svc.SetOpportunityStatus(t.Context(), e.org, o.ID, volunteer.OpportunityPublished)
	require.NoError(t, err)
	assert.True(t, p.PublishedAt.Equal(t0.Add(time.Minute)))
	_, err = e.svc.SetOpportunityStatus(t.Context(), e.org, o.ID, volunteer.OpportunityDraft)
	kindIs(t, err, wushe.KindConflict)
	c, err := e.svc.SetOpportunityStatus(t.Context(), e.admin, o.ID, volunteer.OpportunityClosed)
	require.NoError(t, err)
	assert.Equal(t, volunteer.OpportunityClosed, c.Status)
	_, err = e.svc.CreateOpportunity(t.Context(), volunteer.Opportunity{Title: "x"})
	hasField(t, err, "Shifts")
	pub := e.opportunity(1, nil)
	assert.True(t, pub.PublishedAt.Equal(e.clock.Now()))
	got, err := e.svc.GetOpportunity(t.Context(), pub.ID)
	require.NoError(t, err)
	assert.Equal(t, pub.Title, got.Title)
	list, err := e.svc.ListOpportunities(t.Context(), volunteer.OpportunityFilter{Status: volunteer.OpportunityPublished})
	require.NoError(t, err)
	assert.Len(t, list.Items, 1)
}

func TestSignUpConfirmsThenWaitlists(t *testing.T) {
	e := newEnv(t, nil)
	o := e.opportunity(2, nil)
	var es []volunteer.Enrolment
	for range 4 {
		v := e.adult()
		en, err := e.svc.SignUp(t.Context(), v.ID, ref(o))
		require.NoError(t, err)
		es = append(es, en)
		e.clock.Advance(time.Minute)
	}
	assert.Equal(t, []volunteer.EnrolmentStatus{"confirmed", "confirmed", "applied", "applied"},
		[]volunteer.EnrolmentStatus{es[0].Status, es[1].Status, es[2].Status, es[3].Status})
	_, err := e.svc.SignUp(t.Context(), es[0].VolunteerID, ref(o))
	kindIs(t, err, wushe.KindConflict)

	// The volunteer cancels two days ahead: on time, and the first waitlisted is promoted.
	c, promoted, err := e.svc.Cancel(t.Context(), volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: es[0].VolunteerID}, es[0].ID)
	require.NoError(t, err)
	assert.False(t, c.LateCancellation)
	require.Len(t, promoted, 1)
	assert.Equal(t, es[2].ID, promoted[0].ID)

	// Within the notice period it is late.
	e.clock.Set(o.Shifts[0].Window.Start.Add(-time.Hour))
	c, promoted, err = e.svc.Cancel(t.Context(), volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: es[1].VolunteerID}, es[1].ID)
	require.NoError(t, err)
	assert.True(t, c.LateCancellation)
	assert.Equal(t, es[3].ID, promoted[0].ID)
	// The organizer's cancellation is never late; strangers may not cancel.
	_, _, err = e.svc.Cancel(t.Context(), volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: uuid.New()}, es[2].ID)
	kindIs(t, err, wushe.KindForbidden)
	c, _, err = e.svc.Cancel(t.Context(), e.org, es[2].ID)
	require.NoError(t, err)
	assert.False(t, c.LateCancellation)
	_, _, err = e.svc.Cancel(t.Context(), e.org, es[2].ID)
	kindIs(t, err, wushe.KindConflict)
	_, _, err = e.svc.Cancel(t.Context(), e.org, uuid.New())
	kindIs(t, err, wushe.KindNotFound)
	got, err := e.svc.GetEnrolment(t.Context(), es[3].ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.EnrolmentConfirmed, got.Status)
	list, err := e.svc.ListEnrolments(t.Context(), volunteer.EnrolmentFilter{Shift: ref(o), Status: volunteer.EnrolmentCancelled})
	require.NoError(t, err)
	assert.Len(t, list.Items, 3)
}

func TestSignUpRules(t *testing.T) {
	type tc struct {
		profile string
		birth   time.Time
		vmod    func(*volunteer.Volunteer)
		omod    func(*volunteer.Opportunity)
		kind    wushe.Kind
		field   string
	}
	adult := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	teen := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	consent := func(v *volunteer.Volunteer) {
		v.Consent = &volunteer.GuardianConsent{Guardian: v.Name, Relation: volunteer.RelationParent, GivenAt: t0}
	}
	insured := func(v *volunteer.Volunteer) {
		v.Insurance = &volunteer.Insurance{Policy: "P", From: t0, To: t0.AddDate(1, 0, 0)}
	}
	cases := map[string]tc{
		"adult ok":                  {birth: adult},
		"minor with consent ok":     {birth: teen, vmod: consent},
		"consent scoped elsewhere":  {birth: teen, vmod: func(v *volunteer.Volunteer) { consent(v); v.Consent.Scope = []volunteer.Theme{"education"} }, kind: wushe.KindForbidden, field: "Consent"},
		"consent given later":       {birth: teen, vmod: func(v *volunteer.Volunteer) { consent(v); v.Consent.GivenAt = t0.AddDate(0, 1, 0) }, kind: wushe.KindForbidden, field: "Consent"},
		"minor high risk":           {birth: teen, vmod: func(v *volunteer.Volunteer) { consent(v); insured(v) }, omod: func(o *volunteer.Opportunity) { o.Risk = volunteer.RiskHigh }, kind: wushe.KindForbidden, field: "Risk"},
		"shandong minor rescue":     {profile: "shandong", birth: teen, vmod: consent, omod: func(o *volunteer.Opportunity) { o.Theme = volunteer.ThemeEmergencyRescue }, kind: wushe.KindForbidden, field: "Risk"},
		"national minor rescue low": {birth: teen, vmod: consent, omod: func(o *volunteer.Opportunity) { o.Theme = volunteer.ThemeEmergencyRescue }},
		"cyl minor medium":          {profile: "cyl", birth: teen, vmod: consent, omod: func(o *volunteer.Opportunity) { o.Risk = volunteer.RiskMedium }, kind: wushe.KindForbidden, field: "Risk"},
		"insurance missing":         {birth: adult, omod: func(o *volunteer.Opportunity) { o.Risk = volunteer.RiskHigh }, kind: wushe.KindForbidden, field: "Insurance"},
		"insurance expired":         {birth: adult, vmod: func(v *volunteer.Volunteer) { insured(v); v.Insurance.To = t0.AddDate(0, 0, 7) }, omod: func(o *volunteer.Opportunity) { o.Risk = volunteer.RiskEmergency }, kind: wushe.KindForbidden, field: "Insurance"},
		"insured ok":                {birth: adult, vmod: insured, omod: func(o *volunteer.Opportunity) { o.Risk = volunteer.RiskEmergency }},
		"shanghai medium insurance": {profile: "shanghai", birth: adult, omod: func(o *volunteer.Opportunity) { o.Risk = volunteer.RiskMedium }, kind: wushe.KindForbidden, field: "Insurance"},
		"opportunity min age":       {birth: teen, vmod: consent, omod: func(o *volunteer.Opportunity) { o.MinAge = 18 }, kind: wushe.KindForbidden, field: "BirthDate"},
		"shanghai time bank minor":  {profile: "shanghai", birth: teen, vmod: consent, omod: func(o *volunteer.Opportunity) { o.TimeBank = true }, kind: wushe.KindForbidden, field: "BirthDate"},
		"shanghai time bank group":  {profile: "shanghai", birth: teen, vmod: consent, omod: func(o *volunteer.Opportunity) { o.TimeBank, o.GroupActivity = true, true }},
		"required skill missing": {birth: adult, omod: func(o *volunteer.Opportunity) {
			o.Required = []volunteer.SkillNeed{{Name: "sign_language", MinLevel: 1}}
		}, kind: wushe.KindForbidden, field: "Skills"},
		"required skill too low": {birth: adult, omod: func(o *volunteer.Opportunity) { o.Required = []volunteer.SkillNeed{{Name: "first_aid", MinLevel: 4}} }, kind: wushe.KindForbidden, field: "Skills"},
		"required skill ok":      {birth: adult, omod: func(o *volunteer.Opportunity) { o.Required = []volunteer.SkillNeed{{Name: "first_aid", MinLevel: 3}} }},
		"limited capacity": {profile: "beijing", birth: adult, vmod: func(v *volunteer.Volunteer) {
			consent(v)
			v.LimitedCapacity = true
			v.Consent.Scope = []volunteer.Theme{"x"}
		}, kind: wushe.KindForbidden, field: "Consent"},
		"draft opportunity": {birth: adult, omod: func(o *volunteer.Opportunity) { o.Status = volunteer.OpportunityDraft }, kind: wushe.KindConflict, field: "Status"},
		"shift started":     {birth: adult, omod: func(o *volunteer.Opportunity) { o.Shifts[0].Window = wushe.NewWindow(t0, time.Hour) }, kind: wushe.KindConflict, field: "Window"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, func(o *volunteer.Options) { o.Profile = c.profile })
			v := e.register(c.birth, func(v *volunteer.Volunteer) {
				if c.birth == teen {
					consent(v)
				}
				if c.vmod != nil {
					c.vmod(v)
				}
			})
			o := e.opportunity(3, c.omod)
			en, err := e.svc.SignUp(t.Context(), v.ID, ref(o))
			if c.kind == "" {
				require.NoError(t, err)
				assert.Equal(t, volunteer.EnrolmentConfirmed, en.Status)
				return
			}
			kindIs(t, err, c.kind)
			hasField(t, err, c.field)
			list, _ := e.svc.ListEnrolments(t.Context(), volunteer.EnrolmentFilter{})
			assert.Empty(t, list.Items, "a refused sign-up stores nothing")
		})
	}
}

func TestSignUpOverlapWeeklyCapAndStatus(t *testing.T) {
	e := newEnv(t, nil)
	v := e.register(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), func(v *volunteer.Volunteer) { v.MaxWeeklyMinutes = 180 })
	a := e.opportunity(5, nil)
	b := e.opportunity(5, func(o *volunteer.Opportunity) {
		o.Shifts[0].Window = wushe.NewWindow(o.Shifts[0].Window.Start.Add(time.Hour), 2*time.Hour)
	})
	c := e.opportunity(5, func(o *volunteer.Opportunity) {
		o.Shifts[0].Window = wushe.NewWindow(o.Shifts[0].Window.Start.Add(5*time.Hour), 2*time.Hour)
	})
	d := e.opportunity(5, func(o *volunteer.Opportunity) {
		o.Shifts[0].Window = wushe.NewWindow(o.Shifts[0].Window.Start.AddDate(0, 0, 7), 2*time.Hour)
	})
	_, err := e.svc.SignUp(t.Context(), v.ID, ref(a))
	require.NoError(t, err)
	_, err = e.svc.SignUp(t.Context(), v.ID, ref(b))
	kindIs(t, err, wushe.KindConflict)
	hasField(t, err, "Window")
	_, err = e.svc.SignUp(t.Context(), v.ID, ref(c))
	kindIs(t, err, wushe.KindInsufficient)
	hasField(t, err, "MaxWeeklyMinutes")
	_, err = e.svc.SignUp(t.Context(), v.ID, ref(d))
	require.NoError(t, err, "next week has room")
	_, err = e.svc.SignUp(t.Context(), v.ID, volunteer.ShiftRef{OpportunityID: a.ID, ShiftID: uuid.New()})
	kindIs(t, err, wushe.KindNotFound)
	_, err = e.svc.SignUp(t.Context(), v.ID, volunteer.ShiftRef{})
	kindIs(t, err, wushe.KindInvalid)
	_, err = e.svc.SignUp(t.Context(), uuid.New(), ref(a))
	kindIs(t, err, wushe.KindNotFound)
	_, err = e.svc.SignUp(t.Context(), v.ID, volunteer.ShiftRef{OpportunityID: uuid.New(), ShiftID: uuid.New()})
	kindIs(t, err, wushe.KindNotFound)
	_, err = e.svc.SetStatus(t.Context(), v.ID, volunteer.StatusSuspended)
	require.NoError(t, err)
	_, err = e.svc.SignUp(t.Context(), v.ID, ref(c))
	hasField(t, err, "Status")
}

func TestWeeklyOccurrenceSignUp(t *testing.T) {
	e := newEnv(t, nil)
	o := e.opportunity(1, func(o *volunteer.Opportunity) {
		o.Recurrence, o.RepeatUntil = volunteer.RecurrenceWeekly, t0.AddDate(0, 2, 0)
	})
	v := e.adult()
	r := ref(o)
	r.Occurrence = 3
	en, err := e.svc.SignUp(t.Context(), v.ID, r)
	require.NoError(t, err)
	assert.True(t, en.Window.Start.Equal(o.Shifts[0].Window.Start.AddDate(0, 0, 21)))
	r.Occurrence = 99
	_, err = e.svc.SignUp(t.Context(), v.ID, r)
	kindIs(t, err, wushe.KindNotFound)
}

func TestAttendance(t *testing.T) {
	e := newEnv(t, func(o *volunteer.Options) {
		o.Ledger = &volunteer.LedgerRules{DefaultPerHour: dec("1"), NoShowPenalty: dec("2")}
	})
	o := e.opportunity(3, nil)
	start := o.Shifts[0].Window.Start
	a, b, c := e.adult(), e.adult(), e.adult()
	ea, _ := e.svc.SignUp(t.Context(), a.ID, ref(o))
	eb, _ := e.svc.SignUp(t.Context(), b.ID, ref(o))
	ec, _ := e.svc.SignUp(t.Context(), c.ID, ref(o))
	va := volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: a.ID}

	_, err := e.svc.CheckIn(t.Context(), va, ea.ID)
	kindIs(t, err, wushe.KindConflict)
	_, err = e.svc.Complete(t.Context(), e.org, ea.ID)
	kindIs(t, err, wushe.KindConflict)
	_, err = e.svc.MarkNoShow(t.Context(), e.org, eb.ID)
	kindIs(t, err, wushe.KindConflict)
	e.clock.Set(start.Add(-30 * time.Minute))
	in, err := e.svc.CheckIn(t.Context(), va, ea.ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.EnrolmentCheckedIn, in.Status)
	_, err = e.svc.CheckIn(t.Context(), va, ea.ID)
	kindIs(t, err, wushe.KindConflict)
	_, err = e.svc.Complete(t.Context(), va, ea.ID)
	kindIs(t, err, wushe.KindForbidden)
	e.clock.Set(start.Add(2 * time.Hour))
	done, err := e.svc.Complete(t.Context(), e.org, ea.ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.EnrolmentCompleted, done.Status)
	assert.True(t, done.CompletedAt.Equal(start.Add(2*time.Hour)))

	// No-show with a penalty bounded by the balance.
	_, err = e.svc.Adjust(t.Context(), e.admin, b.ID, dec("5"), "opening balance", "open-b")
	require.NoError(t, err)
	ns, err := e.svc.MarkNoShow(t.Context(), e.org, eb.ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.EnrolmentNoShow, ns.Status)
	bal, _ := e.svc.Balance(t.Context(), b.ID, e.clock.Now())
	decEq(t, "3", bal)
	_, err = e.svc.MarkNoShow(t.Context(), e.org, eb.ID)
	require.NoError(t, err, "marking again is idempotent")
	bal, _ = e.svc.Balance(t.Context(), b.ID, e.clock.Now())
	decEq(t, "3", bal, "penalty posted once")
	_, err = e.svc.MarkNoShow(t.Context(), volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: b.ID}, eb.ID)
	kindIs(t, err, wushe.KindForbidden)
	_, err = e.svc.MarkNoShow(t.Context(), e.org, ec.ID)
	require.NoError(t, err, "a zero balance takes no penalty and does not fail")
	bal, _ = e.svc.Balance(t.Context(), c.ID, e.clock.Now())
	assert.True(t, bal.IsZero())
	_, err = e.svc.MarkNoShow(t.Context(), e.org, uuid.New())
	kindIs(t, err, wushe.KindNotFound)

	score, err := e.svc.Reliability(t.Context(), b.ID, e.clock.Now())
	require.NoError(t, err)
	assert.InDelta(t, 0.75, score, 1e-9)
	score, _ = e.svc.Reliability(t.Context(), a.ID, e.clock.Now())
	assert.Equal(t, 1.0, score)
}

func TestMarkNoShowPenaltyRetry(t *testing.T) {
	e, fs := newFaultyEnv(t, func(o *volunteer.Options) {
		o.Ledger = &volunteer.LedgerRules{DefaultPerHour: dec("1"), NoShowPenalty: dec("1")}
	})
	o := e.opportunity(1, nil)
	v := e.adult()
	en, err := e.svc.SignUp(t.Context(), v.ID, ref(o))
	require.NoError(t, err)
	_, err = e.svc.Adjust(t.Context(), e.admin, v.ID, dec("4"), "opening", "open")
	require.NoError(t, err)
	e.clock.Set(o.Shifts[0].Window.End)
	fs.Faults.FailOn("PostTransaction")
	_, err = e.svc.MarkNoShow(t.Context(), e.org, en.ID)
	kindIs(t, err, wushe.KindUnavailable)
	fs.Faults.Reset()
	_, err = e.svc.MarkNoShow(t.Context(), e.org, en.ID)
	require.NoError(t, err, "calling again completes the penalty")
	bal, _ := e.svc.Balance(t.Context(), v.ID, e.clock.Now())
	decEq(t, "3", bal)
}

func TestSignUpRaceThroughService(t *testing.T) {
	e := newEnv(t, nil)
	o := e.opportunity(5, nil)
	var ids []uuid.UUID
	for range 50 {
		ids = append(ids, e.adult().ID)
	}
	errs := storetest.Parallel(len(ids), func(i int) error {
		_, err := e.svc.SignUp(t.Context(), ids[i], ref(o))
		return err
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	confirmed, err := e.svc.ListEnrolments(t.Context(), volunteer.EnrolmentFilter{Shift: ref(o), Status: volunteer.EnrolmentConfirmed})
	require.NoError(t, err)
	assert.Len(t, confirmed.Items, 5)
	waiting, err := e.svc.ListEnrolments(t.Context(), volunteer.EnrolmentFilter{Shift: ref(o), Status: volunteer.EnrolmentWaitlisted})
	require.NoError(t, err)
	assert.Len(t, waiting.Items, 45)
}

func TestMatchInputFromStore(t *testing.T) {
	e := newEnv(t, nil)
	community := uuid.New()
	o := e.opportunity(2, func(o *volunteer.Opportunity) {
		o.Shifts[0].Window = wushe.NewWindow(sat9.AddDate(0, 0, 7), 2*time.Hour)
	})
	tm, err := e.svc.CreateTeam(t.Context(), volunteer.Team{Name: "猎鹰", Themes: []volunteer.Theme{volunteer.ThemeAntiFraud}, RunBy: e.org})
	require.NoError(t, err)
	var vs []volunteer.Volunteer
	for range 3 {
		v := e.register(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), func(v *volunteer.Volunteer) { v.CommunityID = community })
		vs = append(vs, v)
	}
	outsider := e.adult()
	_, err = e.svc.JoinTeam(t.Context(), tm.ID, vs[0].ID)
	require.NoError(t, err)
	_, err = e.svc.SignUp(t.Context(), outsider.ID, ref(o))
	require.NoError(t, err)
	in, err := e.svc.MatchInput(t.Context(), []volunteer.ShiftRef{ref(o)}, volunteer.VolunteerFilter{CommunityID: community})
	require.NoError(t, err)
	assert.Len(t, in.Volunteers, 3)
	assert.Len(t, in.Opportunities, 1)
	assert.Len(t, in.Enrolments, 1, "the outsider's enrolment holds a place")
	require.Len(t, in.Teams, 1)
	m, err := e.svc.NewMatcher(nil)
	require.NoError(t, err)
	res, err := m.Assign(in)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Fills[0].Wanted)
	require.Len(t, res.Assignments, 1)
	assert.Equal(t, vs[0].ID, res.Assignments[0].VolunteerID, "the team member wins the last place")
	_, err = e.svc.MatchInput(t.Context(), []volunteer.ShiftRef{{OpportunityID: uuid.New(), ShiftID: uuid.New()}}, volunteer.VolunteerFilter{})
	kindIs(t, err, wushe.KindNotFound)
}
