package volunteer_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storetest"
	"github.com/wushe/wushe/volunteer"
)

// liedeSquare is where the call-outs in these tests ask volunteers to come.
var liedeSquare = wushe.Point{Lat: 23.1200, Lng: 113.3300}

// near is about 550 m north of liedeSquare; far is about 5.5 km.
var (
	near = wushe.Point{Lat: 23.1250, Lng: 113.3300}
	far  = wushe.Point{Lat: 23.1700, Lng: 113.3300}
)

func (e *env) callOutDraft(headcount int) volunteer.CallOut {
	return volunteer.CallOut{Organizer: e.org, Title: "核酸检测点秩序维护", Theme: "epidemic_prevention", Risk: volunteer.RiskMedium,
		PlaceName: "猎德村文化广场", Place: liedeSquare, RadiusMeters: 1000, Headcount: headcount,
		Window: wushe.NewWindow(t0.Add(2*time.Hour), 6*time.Hour), AckBy: t0.Add(time.Hour)}
}

func (e *env) volunteerAt(home wushe.Point, birth time.Time, mod func(*volunteer.Volunteer)) volunteer.Volunteer {
	e.t.Helper()
	return e.register(birth, func(v *volunteer.Volunteer) {
		v.Home, v.HasHome = home, true
		if mod != nil {
			mod(v)
		}
	})
}

var adultBirth = time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)

func TestCallOutScreensWhoIsCalled(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	invited := []volunteer.Volunteer{e.volunteerAt(near, adultBirth, nil), e.volunteerAt(liedeSquare, adultBirth, nil)}
	e.volunteerAt(far, adultBirth, nil)                                                                    // beyond_radius
	e.volunteerAt(near, adultBirth, func(v *volunteer.Volunteer) { v.HasHome = false })                    // no_home
	e.volunteerAt(near, adultBirth, func(v *volunteer.Volunteer) { v.Skills = nil })                       // skills
	e.volunteerAt(near, adultBirth, func(v *volunteer.Volunteer) { v.Status = volunteer.StatusSuspended }) // status
	sixteen := time.Date(2009, 6, 1, 0, 0, 0, 0, time.UTC)
	e.volunteerAt(near, sixteen, func(v *volunteer.Volunteer) { // eligibility: a minor without consent
		v.Consent = &volunteer.GuardianConsent{Guardian: v.Name, Relation: volunteer.RelationParent, GivenAt: t0, Scope: []volunteer.Theme{"anti_fraud"}}
	})

	draft := e.callOutDraft(3)
	draft.Required = []volunteer.SkillNeed{{Name: "first_aid", MinLevel: 1}}
	c, err := e.svc.CallOut(ctx, e.org, draft, volunteer.VolunteerFilter{})
	require.NoError(t, err)
	assert.Equal(t, volunteer.CallOutOpen, c.Status)
	assert.Equal(t, t0, c.OpenedAt)
	want := []uuid.UUID{invited[0].ID, invited[1].ID}
	if wushe.CompareIDs(want[0], want[1]) > 0 {
		want[0], want[1] = want[1], want[0]
	}
	assert.Equal(t, want, c.Invited, "the qualifying volunteers, in ID order")
	assert.Equal(t, volunteer.CallOutReach{Screened: 7, Invited: 2, Excluded: map[string]int{
		"beyond_radius": 1, "no_home": 1, "skills": 1, "status": 1, "eligibility": 1}}, c.Reach)

	stored, err := e.svc.GetCallOut(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, c, stored)
}

// Minors are never called to rescue or dangerous work, even under a profile that would let
// them take the activity with a guardian's consent.
func TestCallOutLeavesMinorsOutOfDangerousWork(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	consent := func(v *volunteer.Volunteer) {
		v.Consent = &volunteer.GuardianConsent{Guardian: v.Name, Relation: volunteer.RelationParent, GivenAt: t0,
			Scope: []volunteer.Theme{volunteer.ThemeEmergencyRescue, "epidemic_prevention"}}
	}
	minor := e.volunteerAt(near, time.Date(2009, 6, 1, 0, 0, 0, 0, time.UTC), consent)
	adult := e.volunteerAt(near, adultBirth, nil)

	safe, err := e.svc.CallOut(ctx, e.org, e.callOutDraft(2), volunteer.VolunteerFilter{})
	require.NoError(t, err)
	assert.True(t, safe.IsInvited(minor.ID), "with consent, a minor may answer a medium-risk call that is not rescue")

	rescue := e.callOutDraft(2)
	rescue.Theme = volunteer.ThemeEmergencyRescue
	c, err := e.svc.CallOut(ctx, e.org, rescue, volunteer.VolunteerFilter{})
	require.NoError(t, err)
	assert.False(t, c.IsInvited(minor.ID))
	assert.True(t, c.IsInvited(adult.ID))
	assert.Equal(t, 1, c.Reach.Excluded["minor_dangerous_work"])
	assert.True(t, c.Dangerous())
}

// A home whose coordinates are not numbers is never within the radius.
func TestCallOutRefusesAHomeThatIsNotANumber(t *testing.T) {
	e := newEnv(t, nil)
	v := e.volunteerAt(near, adultBirth, nil)
	_, err := e.store.UpdateVolunteer(t.Context(), v.ID, func(x *volunteer.Volunteer) error {
		x.Home = wushe.Point{Lat: math.NaN(), Lng: math.NaN()}
		return nil
	})
	require.NoError(t, err)
	c, err := e.svc.CallOut(t.Context(), e.org, e.callOutDraft(1), volunteer.VolunteerFilter{})
	require.NoError(t, err)
	assert.Empty(t, c.Invited)
	assert.Equal(t, 1, c.Reach.Excluded["beyond_radius"])
}

func TestCallOutValidatesAndAuthorizes(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	bad := e.callOutDraft(0)
	bad.RadiusMeters, bad.AckBy = 0, t0.Add(-time.Minute)
	_, err := e.svc.CallOut(ctx, e.org, bad, volunteer.VolunteerFilter{})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	fields := map[string]bool{}
	for _, fe := range wushe.FieldErrors(err) {
		fields[fe.Field] = true
	}
	assert.Equal(t, map[string]bool{"Headcount": true, "RadiusMeters": true, "AckBy": true}, fields)
	assert.Contains(t, err.Error(), "volunteer.Service.CallOut")

	stranger := volunteer.Actor{Kind: volunteer.ActorOrganization, ID: uuid.New()}
	_, err = e.svc.CallOut(ctx, stranger, e.callOutDraft(1), volunteer.VolunteerFilter{})
	require.ErrorIs(t, err, wushe.ErrForbidden)
	page, err := e.svc.ListCallOuts(ctx, volunteer.CallOutFilter{})
	require.NoError(t, err)
	assert.Empty(t, page.Items, "refused call-outs write nothing")

	_, err = e.svc.CallOut(ctx, e.admin, e.callOutDraft(1), volunteer.VolunteerFilter{})
	require.NoError(t, err, "an admin may call out for an organizer")
}

func TestAcknowledgementsFillInOrderAndWaitlist(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	var vs []volunteer.Volunteer
	for range 4 {
		vs = append(vs, e.volunteerAt(near, adultBirth, nil))
	}
	outsider := e.volunteerAt(far, adultBirth, nil)
	c, err := e.svc.CallOut(ctx, e.org, e.callOutDraft(2), volunteer.VolunteerFilter{})
	require.NoError(t, err)
	require.Len(t, c.Invited, 4)

	ack := func(v volunteer.Volunteer, after time.Duration) volunteer.Acknowledgement {
		t.Helper()
		e.clock.Set(t0.Add(after))
		a, err := e.svc.Acknowledge(ctx, v.ID, c.ID)
		require.NoError(t, err)
		return a
	}
	first := ack(vs[2], 3*time.Minute)
	assert.Equal(t, volunteer.AckConfirmed, first.Status)
	assert.Equal(t, t0.Add(3*time.Minute), first.ConfirmedAt)
	assert.Equal(t, volunteer.AckConfirmed, ack(vs[0], 7*time.Minute).Status)
	third := ack(vs[1], 9*time.Minute)
	assert.Equal(t, volunteer.AckWaitlisted, third.Status)
	assert.True(t, third.ConfirmedAt.IsZero())

	before, err := e.svc.GetCallOut(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.CallOutFull, before.Status)
	assert.Equal(t, t0.Add(7*time.Minute), before.FullAt)
	retry := ack(vs[2], 10*time.Minute)
	assert.Equal(t, first, retry, "a retry returns the standing acknowledgement")
	after, err := e.svc.GetCallOut(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, before, after, "and writes nothing")

	_, err = e.svc.Acknowledge(ctx, outsider.ID, c.ID)
	require.ErrorIs(t, err, wushe.ErrForbidden, "the call was not sent to them")
	_, err = e.svc.Acknowledge(ctx, vs[0].ID, uuid.New())
	require.ErrorIs(t, err, wushe.ErrNotFound)

	f := after.Figures()
	assert.Equal(t, volunteer.CallOutFigures{Headcount: 2, Invited: 4, Acknowledged: 3, Confirmed: 2, Waitlisted: 1,
		FirstAck: 3 * time.Minute, HasFirstAck: true, ToFull: 7 * time.Minute, Full: true}, f)
	assert.True(t, f.FillRate().Equal(decimal.NewFromInt(1)))

	// The deadline closes it: a late answer is refused and nothing is written.
	e.clock.Set(c.AckBy)
	_, err = e.svc.Acknowledge(ctx, vs[3].ID, c.ID)
	require.ErrorIs(t, err, wushe.ErrConflict)
	assert.ErrorContains(t, err, "deadline")
	late, err := e.svc.GetCallOut(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, after, late)
	assert.Equal(t, volunteer.CallOutClosed, late.StatusAt(e.clock.Now()))
	assert.Equal(t, volunteer.CallOutFull, late.StatusAt(c.AckBy.Add(-time.Nanosecond)), "open until the deadline, exactly")
}

func TestWithdrawalPromotesTheWaitlist(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	a, b, c3 := e.volunteerAt(near, adultBirth, nil), e.volunteerAt(near, adultBirth, nil), e.volunteerAt(near, adultBirth, nil)
	c, err := e.svc.CallOut(ctx, e.org, e.callOutDraft(1), volunteer.VolunteerFilter{})
	require.NoError(t, err)
	for i, v := range []volunteer.Volunteer{a, b, c3} {
		e.clock.Set(t0.Add(time.Duration(i+1) * time.Minute))
		_, err := e.svc.Acknowledge(ctx, v.ID, c.ID)
		require.NoError(t, err)
	}
	e.clock.Set(t0.Add(10 * time.Minute))
	out, err := e.svc.Withdraw(ctx, a.ID, c.ID)
	require.NoError(t, err)
	got, _ := out.Ack(b.ID)
	assert.Equal(t, volunteer.AckConfirmed, got.Status, "the first waiting moves up")
	assert.Equal(t, t0.Add(10*time.Minute), got.ConfirmedAt)
	waiting, _ := out.Ack(c3.ID)
	assert.Equal(t, volunteer.AckWaitlisted, waiting.Status)
	assert.Equal(t, volunteer.CallOutFull, out.Status)
	assert.Equal(t, t0.Add(time.Minute), out.FullAt, "FullAt is when it first filled")

	_, err = e.svc.Withdraw(ctx, a.ID, c.ID)
	require.ErrorIs(t, err, wushe.ErrNotFound, "nothing left to withdraw")

	_, err = e.svc.Withdraw(ctx, c3.ID, c.ID)
	require.NoError(t, err)
	out, err = e.svc.Withdraw(ctx, b.ID, c.ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.CallOutOpen, out.Status, "with nobody waiting, the place opens again")
	assert.Equal(t, 0, out.Confirmed())

	again, err := e.svc.Acknowledge(ctx, a.ID, c.ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.AckConfirmed, again.Status, "a volunteer who withdrew may answer again")
}

func TestCloseCallOut(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	v := e.volunteerAt(near, adultBirth, nil)
	c, err := e.svc.CallOut(ctx, e.org, e.callOutDraft(5), volunteer.VolunteerFilter{})
	require.NoError(t, err)

	_, err = e.svc.CloseCallOut(ctx, volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: v.ID}, c.ID)
	require.ErrorIs(t, err, wushe.ErrForbidden)
	e.clock.Advance(5 * time.Minute)
	closed, err := e.svc.CloseCallOut(ctx, e.org, c.ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.CallOutClosed, closed.Status)
	assert.Equal(t, t0.Add(5*time.Minute), closed.ClosedAt)
	_, err = e.svc.CloseCallOut(ctx, e.org, c.ID)
	require.ErrorIs(t, err, wushe.ErrConflict)
	assert.ErrorContains(t, err, "is already closed: a closed call-out stays closed; call volunteers out again with CallOut")

	_, err = e.svc.Acknowledge(ctx, v.ID, c.ID)
	require.ErrorIs(t, err, wushe.ErrConflict)
	assert.ErrorContains(t, err, "organizer closed it")
	f := closed.Figures()
	assert.False(t, f.HasFirstAck)
	assert.False(t, f.Full)
	assert.True(t, f.FillRate().IsZero())

	page, err := e.svc.ListCallOuts(ctx, volunteer.CallOutFilter{Status: volunteer.CallOutClosed})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
}

// Concurrent acknowledgements never confirm more than the headcount, and every one of
// them is recorded once.
func TestConcurrentAcknowledgementsNeverOverfill(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	const racers, headcount = 40, 7
	var vs []volunteer.Volunteer
	for range racers {
		vs = append(vs, e.volunteerAt(near, adultBirth, nil))
	}
	c, err := e.svc.CallOut(ctx, e.org, e.callOutDraft(headcount), volunteer.VolunteerFilter{})
	require.NoError(t, err)
	require.Len(t, c.Invited, racers)
	errs := storetest.Parallel(racers, func(i int) error {
		_, err := e.svc.Acknowledge(ctx, vs[i].ID, c.ID)
		if err != nil {
			return err
		}
		_, err = e.svc.Acknowledge(ctx, vs[i].ID, c.ID) // a retry
		return err
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	got, err := e.svc.GetCallOut(ctx, c.ID)
	require.NoError(t, err)
	f := got.Figures()
	assert.Equal(t, headcount, f.Confirmed)
	assert.Equal(t, racers-headcount, f.Waitlisted)
	assert.Equal(t, racers, f.Acknowledged, "one acknowledgement per volunteer")
	assert.Equal(t, volunteer.CallOutFull, got.Status)
}

func TestCallOutFillRateIsExact(t *testing.T) {
	f := volunteer.CallOutFigures{Headcount: 3, Confirmed: 2}
	assert.Equal(t, "0.6666666666666667", f.FillRate().String())
	assert.True(t, f.FillRate().LessThan(decimal.RequireFromString("0.67")))
}
