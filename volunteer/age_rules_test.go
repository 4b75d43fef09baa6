package volunteer_test

import (
	"errors"
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

// born returns the birth date of someone who turns age on t0's date minus one day, so
// they are exactly age on t0.
func born(age int) time.Time {
	return time.Date(t0.Year()-age, t0.Month(), t0.Day()-1, 0, 0, 0, 0, time.UTC)
}

func consent(v *volunteer.Volunteer) {
	v.Consent = &volunteer.GuardianConsent{Guardian: v.Name, Relation: volunteer.RelationParent, GivenAt: t0.AddDate(0, -1, 0)}
}

// ruleMsg returns the messages of err's field errors, without the IDs.
func ruleMsg(t *testing.T, err error) string {
	t.Helper()
	require.Error(t, err)
	var b strings.Builder
	for _, fe := range wushe.FieldErrors(err) {
		b.WriteString(fe.Field + ": " + fe.Msg + "\n")
	}
	var we *wushe.Error
	if b.Len() == 0 && errors.As(err, &we) {
		b.WriteString(we.Field + ": " + we.Msg)
	}
	return b.String()
}

// sameRule checks that age-rule errors for two ages state the same rule: the message
// never carries the volunteer's age ("aged 11").
func sameRule(t *testing.T, a, b error) {
	t.Helper()
	assert.Equal(t, ruleMsg(t, a), ruleMsg(t, b))
	assert.NotContains(t, a.Error(), "aged")
}

func TestCYLRefusesUnder14ConsentOrNot(t *testing.T) {
	cyl := newEnv(t, func(o *volunteer.Options) { o.Profile = "cyl" })
	first := cyl.registerErr(born(13), nil)
	for _, age := range []int{8, 11, 13} {
		for _, withConsent := range []bool{false, true} {
			mod := func(*volunteer.Volunteer) {}
			if withConsent {
				mod = consent
			}
			err := cyl.registerErr(born(age), mod)
			kindIs(t, err, wushe.KindForbidden)
			hasField(t, err, "BirthDate")
			assert.Contains(t, err.Error(), "under 14", "the rule is stated")
			assert.Contains(t, err.Error(), "consent does not lift")
			sameRule(t, first, err)
		}
	}
	// 14 and 15 need consent; with it they register.
	first = cyl.registerErr(born(14), nil)
	for _, age := range []int{14, 15} {
		err := cyl.registerErr(born(age), nil)
		hasField(t, err, "Consent")
		sameRule(t, first, err)
		assert.NotZero(t, cyl.register(born(age), consent).ID)
	}
	// The national profile registers an under-14 with consent (group activities only).
	national := newEnv(t, nil)
	assert.NotZero(t, national.register(born(11), consent).ID)
	p, err := volunteer.LookupProfile("cyl")
	require.NoError(t, err)
	assert.Equal(t, 14, p.MinAgeRegistration)
	p, err = volunteer.LookupProfile("national")
	require.NoError(t, err)
	assert.Zero(t, p.MinAgeRegistration)
}

func TestOwnLabourIncomeGivesFullCapacity(t *testing.T) {
	selfSupporting := func(v *volunteer.Volunteer) { v.OwnLabourIncome = true }
	for _, profile := range volunteer.ProfileNames() {
		t.Run(profile, func(t *testing.T) {
			e := newEnv(t, func(o *volunteer.Options) { o.Profile = profile })
			// 16 and 17, living on their own labour income: no consent needed.
			for _, age := range []int{16, 17} {
				v := e.register(born(age), selfSupporting)
				assert.Nil(t, v.Consent)
				o := e.opportunity(3, nil)
				occ, ok := o.Resolve(ref(o))
				require.True(t, ok)
				assert.NoError(t, e.svc.CheckEligibility(v, o, occ), "age %d", age)
				// Still a minor for the risk rules.
				risky := o
				risky.Risk = volunteer.RiskHigh
				risky.Theme = volunteer.ThemeEmergencyRescue
				hasField(t, e.svc.CheckEligibility(v, risky, occ), "Risk")
				// Without the record, consent is needed.
				err := e.registerErr(born(age), nil)
				hasField(t, err, "Consent")
				sameRule(t, e.registerErr(born(15), nil), err)
			}
			// 15 living on their own income: Art 18 starts at 16.
			err := e.registerErr(born(15), selfSupporting)
			hasField(t, err, "Consent")
		})
	}
}

func TestProfileNeedsConsent(t *testing.T) {
	p := volunteer.Profile{Name: "custom", MinAgeRegistration: 10, MinAgeIndividual: 12, ConsentBelow: 16, SelfSupportingFrom: 15,
		AdultAge: 18, InsuranceRequiredAt: volunteer.RiskHigh}
	require.NoError(t, p.Validate())
	v := volunteertest.Volunteer(1, born(15), t0)
	assert.True(t, p.NeedsConsent(v, t0), "under ConsentBelow")
	v.OwnLabourIncome = true
	assert.False(t, p.NeedsConsent(v, t0), "self-supporting at SelfSupportingFrom")
	v.LimitedCapacity = true
	assert.False(t, p.NeedsConsent(v, t0), "limited capacity needs consent only where the profile says")
	p.LimitedCapacityNeedsConsent = true
	assert.True(t, p.NeedsConsent(v, t0))
	older := volunteertest.Volunteer(2, born(16), t0)
	assert.False(t, p.NeedsConsent(older, t0), "at ConsentBelow")
	p.SelfSupportingFrom = 0
	v.LimitedCapacity = false
	assert.True(t, p.NeedsConsent(v, t0), "no exemption when SelfSupportingFrom is 0")
	p.MinAgeRegistration, p.SelfSupportingFrom = -1, 121
	hasField(t, p.Validate(), "MinAgeRegistration")
	hasField(t, p.Validate(), "SelfSupportingFrom")
}

func TestEligibilityMessagesStateTheRule(t *testing.T) {
	e := newEnv(t, nil)
	child := e.register(born(11), consent)
	o := e.opportunity(3, func(o *volunteer.Opportunity) { o.MinAge = 12; o.TimeBank = true })
	occ, _ := o.Resolve(ref(o))
	err := e.svc.CheckEligibility(child, o, occ)
	hasField(t, err, "BirthDate")
	sameRule(t, e.svc.CheckEligibility(e.register(born(9), consent), o, occ), err)
	assert.Contains(t, err.Error(), "minimum age of 12")
	sh := newEnv(t, func(o *volunteer.Options) { o.Profile = "shanghai" })
	teen := sh.register(born(15), consent)
	err = sh.svc.CheckEligibility(teen, o, occ)
	hasField(t, err, "BirthDate")
	sameRule(t, sh.svc.CheckEligibility(sh.register(born(16), consent), o, occ), err)
	assert.Contains(t, err.Error(), "time-bank")
}

func TestRegisterDerivesFromIDNumber(t *testing.T) {
	e := newEnv(t, nil)
	birth := time.Date(1988, 11, 3, 0, 0, 0, 0, time.UTC)
	name, _ := wushe.ParsePersonName("李四")
	for _, seq := range []int{7, 8} {
		v, err := e.svc.Register(t.Context(), volunteer.Volunteer{Name: name, IDNumber: volunteertest.IDNumber(birth, seq)})
		require.NoError(t, err, "Name and IDNumber are enough")
		assert.True(t, v.BirthDate.Equal(birth))
		want := volunteer.GenderFemale
		if seq%2 == 1 {
			want = volunteer.GenderMale
		}
		assert.Equal(t, want, v.Gender)
		got, err := e.svc.GetVolunteer(t.Context(), v.ID)
		require.NoError(t, err)
		assert.Equal(t, v.Gender, got.Gender, "stored as derived")
	}
	// Given values are kept and must agree with the number.
	_, err := e.svc.Register(t.Context(), volunteer.Volunteer{Name: name, IDNumber: volunteertest.IDNumber(birth, 9), Gender: volunteer.GenderFemale})
	kindIs(t, err, wushe.KindInvalid)
	hasField(t, err, "Gender")
	_, err = e.svc.Register(t.Context(), volunteer.Volunteer{Name: name, IDNumber: volunteertest.IDNumber(birth, 11), BirthDate: birth.AddDate(0, 0, 1)})
	hasField(t, err, "BirthDate")
	// Without an ID number nothing is derived and the required fields are named.
	_, err = e.svc.Register(t.Context(), volunteer.Volunteer{Name: name})
	hasField(t, err, "IDNumber")
	hasField(t, err, "BirthDate")
	hasField(t, err, "Gender")
	p, err := e.svc.ListVolunteers(t.Context(), volunteer.VolunteerFilter{})
	require.NoError(t, err)
	assert.Len(t, p.Items, 2, "refused registrations store nothing")
}

func TestFillFromIDNumber(t *testing.T) {
	var empty volunteer.Volunteer
	empty.FillFromIDNumber()
	assert.True(t, empty.BirthDate.IsZero())
	assert.Empty(t, empty.Gender)
	v := volunteer.Volunteer{IDNumber: volunteertest.IDNumber(time.Date(2001, 2, 3, 0, 0, 0, 0, time.UTC), 1), Gender: volunteer.GenderFemale}
	v.FillFromIDNumber()
	assert.Equal(t, volunteer.GenderFemale, v.Gender, "a given value is kept")
	assert.True(t, v.BirthDate.Equal(time.Date(2001, 2, 3, 0, 0, 0, 0, time.UTC)))
}

func TestEnumErrorsListTheValidValues(t *testing.T) {
	v := volunteertest.Volunteer(1, born(30), t0)
	v.Gender, v.Status = "x", "gone"
	err := v.Validate()
	assert.Contains(t, err.Error(), `Gender: "x" is not a gender; want one of female, male`)
	assert.Contains(t, err.Error(), `Status: "gone" is not a volunteer status; want one of active, suspended, deregistered`)
	o := volunteertest.Opportunity(t0, 1)
	o.Theme, o.Risk, o.Recurrence, o.Status = "Bad Theme", "", "daily", "open"
	err = o.Validate()
	assert.Contains(t, err.Error(), `Theme: "Bad Theme" is not a theme; want a lower-case identifier`)
	assert.Contains(t, err.Error(), "anti_fraud")
	assert.Contains(t, err.Error(), `Risk: is required; want one of low, medium, high, emergency`)
	assert.Contains(t, err.Error(), `want one of none, weekly`)
	assert.Contains(t, err.Error(), `want one of draft, published, closed, cancelled`)
	o.Organizer.Kind = "mayor"
	assert.Contains(t, o.Validate().Error(), `want one of volunteer, community, organization, project, unit, admin`)
	en := volunteer.Enrolment{Status: "maybe"}
	assert.Contains(t, en.Validate().Error(), `want one of applied, confirmed, checked_in, completed, no_show, cancelled`)
	r := volunteer.ServiceRecord{Status: "done"}
	assert.Contains(t, r.Validate().Error(), `want one of pending, verified, rejected`)
	tx := volunteer.Transaction{Kind: "gift"}
	assert.Contains(t, tx.Validate().Error(), `want one of earn, redeem, transfer, expire, penalty, adjust`)
	c := volunteer.GuardianConsent{Relation: "friend"}
	assert.Contains(t, c.Validate().Error(), `want one of spouse, parent, child, grandparent, grandchild, sibling`)
	e := newEnv(t, nil)
	_, err = e.svc.SetStatus(t.Context(), uuid.New(), "paused")
	assert.Contains(t, err.Error(), `want one of active, suspended, deregistered`)
}

func TestStateErrorsNameTheCall(t *testing.T) {
	e := newEnv(t, nil)
	v := e.adult()
	draft := e.opportunity(2, func(o *volunteer.Opportunity) { o.Status = volunteer.OpportunityDraft })
	_, err := e.svc.SignUp(t.Context(), v.ID, ref(draft))
	kindIs(t, err, wushe.KindConflict)
	assert.Contains(t, err.Error(), "is draft: publish it with PublishOpportunity first")
	_, err = e.svc.PublishOpportunity(t.Context(), volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}, draft.ID)
	kindIs(t, err, wushe.KindForbidden)
	pub, err := e.svc.PublishOpportunity(t.Context(), e.org, draft.ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.OpportunityPublished, pub.Status)
	assert.True(t, pub.PublishedAt.Equal(t0))
	_, err = e.svc.PublishOpportunity(t.Context(), e.org, draft.ID)
	kindIs(t, err, wushe.KindConflict)
	assert.Contains(t, err.Error(), "from published it can move to closed or cancelled")
	en, err := e.svc.SignUp(t.Context(), v.ID, ref(pub))
	require.NoError(t, err)

	// A waitlisted enrolment cannot check in; the message says why and what gets it there.
	full := e.opportunity(1, nil)
	_, err = e.svc.SignUp(t.Context(), e.adult().ID, ref(full))
	require.NoError(t, err)
	waiting, err := e.svc.SignUp(t.Context(), e.adult().ID, ref(full))
	require.NoError(t, err)
	require.Equal(t, volunteer.EnrolmentWaitlisted, waiting.Status)
	e.clock.Set(waiting.Window.Start)
	_, err = e.svc.CheckIn(t.Context(), e.org, waiting.ID)
	kindIs(t, err, wushe.KindConflict)
	assert.Contains(t, err.Error(), "is waitlisted; CheckIn needs a confirmed enrolment (a waitlisted one is confirmed when a place frees up)")
	_, err = e.svc.Complete(t.Context(), e.org, en.ID)
	require.NoError(t, err)
	_, err = e.svc.CheckIn(t.Context(), e.org, en.ID)
	assert.Contains(t, err.Error(), "is completed; CheckIn needs a confirmed enrolment")
}
