package volunteer_test

import (
	"fmt"
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

var residentKey = []byte("resident-points-key-0123456789")

// pointsRules: attendance 5 (12 a day), garbage sorting 2 (30 a month), neighbourly help 10
// confirmed by the community (grid staff) only.
func pointsRules() *volunteer.LedgerRules {
	r := volunteer.DefaultLedgerRules()
	r.Acts = map[volunteer.ActKind]volunteer.ActRule{
		volunteer.ActAttendance:    {Points: dec("5"), DailyCap: dec("12")},
		volunteer.ActEnvironment:   {Points: dec("2"), MonthlyCap: dec("30")},
		volunteer.ActNeighbourHelp: {Points: dec("10"), ConfirmedBy: []volunteer.ActorKind{volunteer.ActorCommunity}},
		volunteer.ActCouncil:       {Points: dec("3")},
	}
	return &r
}

func newPointsEnv(t *testing.T) *env {
	return newEnv(t, func(o *volunteer.Options) { o.Ledger, o.ResidentKey = pointsRules(), residentKey })
}

func resident(n int) wushe.Sensitive {
	return wushe.NewSensitive(wushe.ClassReference, fmt.Sprintf("res-%04d", n))
}

func act(kind volunteer.ActKind, ref string, who wushe.Sensitive, at time.Time) volunteer.Act {
	return volunteer.Act{Kind: kind, Ref: ref, Resident: who, At: at}
}

func TestEarnForActIsIdempotentOnTheAct(t *testing.T) {
	e := newPointsEnv(t)
	ctx := t.Context()
	a := act(volunteer.ActAttendance, "activity-1", resident(1), t0)
	first, err := e.svc.EarnForAct(ctx, e.org, a)
	require.NoError(t, err)
	require.NotNil(t, first.Transaction)
	assert.Equal(t, volunteer.ActAttendance, first.Transaction.Act)
	again, err := e.svc.EarnForAct(ctx, e.org, a)
	require.NoError(t, err)
	assert.Equal(t, first.Transaction.ID, again.Transaction.ID, "attending the same activity twice earns once")
	b, err := e.svc.ResidentBalance(ctx, resident(1), t0)
	require.NoError(t, err)
	assert.True(t, b.Equal(dec("5")), "balance %s", b)

	acct, err := e.svc.ResidentAccount(resident(1))
	require.NoError(t, err)
	assert.True(t, acct.Valid() && acct.Guarded())
	assert.NotContains(t, string(acct), "res-0001", "the ledger never holds the reference")
	other, _ := e.svc.ResidentAccount(resident(2))
	assert.NotEqual(t, acct, other)
}

func TestActCapsPerDayAndMonth(t *testing.T) {
	e := newPointsEnv(t)
	ctx := t.Context()
	who := resident(3)
	var got []string
	for i := range 4 {
		aw, err := e.svc.EarnForAct(ctx, e.org, act(volunteer.ActAttendance, fmt.Sprintf("a-%d", i), who, t0.Add(time.Duration(i)*time.Hour)))
		require.NoError(t, err)
		posted := "0"
		if aw.Transaction != nil {
			posted = aw.Transaction.Delta(mustAccount(t, e, who)).String()
		}
		got = append(got, posted+"+"+aw.Excess.String())
	}
	assert.Equal(t, []string{"5+0", "5+0", "2+3", "0+5"}, got, "12 a day: the third is cut, the fourth earns nothing")
	next, err := e.svc.EarnForAct(ctx, e.org, act(volunteer.ActAttendance, "a-next-day", who, t0.AddDate(0, 0, 1)))
	require.NoError(t, err)
	assert.True(t, next.Transaction.Delta(mustAccount(t, e, who)).Equal(dec("5")), "a new day, a new cap")

	// Garbage sorting: 2 a check, 30 a month: the 16th check in March earns nothing.
	earned := decimal.Zero
	for i := range 16 {
		aw, err := e.svc.EarnForAct(ctx, e.org, act(volunteer.ActEnvironment, fmt.Sprintf("sort-%d", i), who, t0.AddDate(0, 0, i)))
		require.NoError(t, err)
		if aw.Transaction != nil {
			earned = earned.Add(aw.Transaction.Delta(mustAccount(t, e, who)))
		}
	}
	assert.True(t, earned.Equal(dec("30")), "earned %s", earned)
	april, err := e.svc.EarnForAct(ctx, e.org, act(volunteer.ActEnvironment, "sort-april", who, time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)))
	require.NoError(t, err)
	require.NotNil(t, april.Transaction)
}

func mustAccount(t *testing.T, e *env, who wushe.Sensitive) volunteer.Account {
	t.Helper()
	a, err := e.svc.ResidentAccount(who)
	require.NoError(t, err)
	return a
}

// Concurrent acts of one resident on one day never earn past the daily cap.
func TestActDailyCapHoldsUnderConcurrency(t *testing.T) {
	e := newPointsEnv(t)
	ctx := t.Context()
	who := resident(4)
	errs := storetest.Parallel(20, func(i int) error {
		_, err := e.svc.EarnForAct(ctx, e.org, act(volunteer.ActAttendance, fmt.Sprintf("race-%d", i), who, t0))
		return err
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	b, err := e.svc.ResidentBalance(ctx, who, t0)
	require.NoError(t, err)
	assert.True(t, b.Equal(dec("12")), "balance %s, want the daily cap of 12", b)
}

func TestEarnForActRefusesBadInput(t *testing.T) {
	e := newPointsEnv(t)
	ctx := t.Context()
	stranger := volunteer.Actor{Kind: volunteer.ActorOrganization, ID: uuid.New()}
	_, err := e.svc.EarnForAct(ctx, stranger, act(volunteer.ActNeighbourHelp, "help-1", resident(5), t0))
	require.ErrorIs(t, err, wushe.ErrForbidden, "neighbourly help is confirmed by grid staff (the community)")
	_, err = e.svc.EarnForAct(ctx, e.org, act(volunteer.ActNeighbourHelp, "help-1", resident(5), t0))
	require.NoError(t, err)

	_, err = e.svc.EarnForAct(ctx, e.org, act(volunteer.ActVolunteerService, "x", resident(5), t0))
	require.ErrorIs(t, err, wushe.ErrInvalid, "no rule for the kind")
	assert.ErrorContains(t, err, "LedgerRules")
	_, err = e.svc.EarnForAct(ctx, e.org, act("picnic", "x", resident(5), t0))
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.ErrorContains(t, err, "want one of attendance")
	_, err = e.svc.EarnForAct(ctx, e.org, act(volunteer.ActAttendance, "a/b", resident(5), t0))
	require.ErrorIs(t, err, wushe.ErrInvalid)
	phone := wushe.NewSensitive(wushe.ClassPhone, "13800001234")
	_, err = e.svc.EarnForAct(ctx, e.org, act(volunteer.ActAttendance, "a", phone, t0))
	require.ErrorIs(t, err, wushe.ErrInvalid, "only a pseudonymous reference names a resident")
	assert.NotContains(t, err.Error(), "13800001234")

	noKey := newEnv(t, func(o *volunteer.Options) { o.Ledger = pointsRules() })
	_, err = noKey.svc.EarnForAct(ctx, e.org, act(volunteer.ActAttendance, "a", resident(5), t0))
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.ErrorContains(t, err, "ResidentKey")
	_, err = volunteer.NewService(e.mem, &volunteer.Options{ResidentKey: []byte("short")})
	require.ErrorIs(t, err, wushe.ErrInvalid)

	bad := volunteer.DefaultLedgerRules()
	bad.Acts = map[volunteer.ActKind]volunteer.ActRule{"picnic": {Points: dec("1")}, volunteer.ActCouncil: {Points: dec("0")}}
	_, err = volunteer.NewService(e.mem, &volunteer.Options{Ledger: &bad})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.Len(t, wushe.FieldErrors(err), 2)
}

// A registered volunteer with a resident reference is that resident: service and acts earn
// into one account, and redemptions spend from it.
func TestVolunteerAndResidentShareOneBalance(t *testing.T) {
	e := newPointsEnv(t)
	ctx := t.Context()
	who := resident(6)
	_, err := e.svc.EarnForAct(ctx, e.org, act(volunteer.ActCouncil, "council-1", who, t0))
	require.NoError(t, err)
	v := e.register(adultBirth, func(v *volunteer.Volunteer) { v.ResidentRef = who })

	rec, err := e.recordVerified(ctx, volunteer.ServiceRecord{VolunteerID: v.ID, Activity: "敬老探访", Content: "探访独居长者",
		Theme: volunteer.ThemeElderlyCare, Window: wushe.NewWindow(t0.Add(-3*time.Hour), 2*time.Hour), Minutes: 120, Organizer: e.org})
	require.NoError(t, err)
	_, err = e.svc.AwardPoints(ctx, rec.ID)
	require.NoError(t, err)

	asResident, err := e.svc.ResidentBalance(ctx, who, t0)
	require.NoError(t, err)
	asVolunteer, err := e.svc.Balance(ctx, v.ID, t0)
	require.NoError(t, err)
	assert.True(t, asResident.Equal(dec("5")), "3 for the council and 2 for two hours: %s", asResident)
	assert.True(t, asVolunteer.Equal(asResident), "one balance per person")

	item, err := e.svc.AddCatalogItem(ctx, volunteer.CatalogItem{Name: "环保袋", Cost: dec("4"), Stock: 3, Active: true})
	require.NoError(t, err)
	_, err = e.svc.RedeemForResident(ctx, who, item.ID, 1, "bag-1")
	require.NoError(t, err)
	_, err = e.svc.RedeemForResident(ctx, who, item.ID, 1, "bag-2")
	require.ErrorIs(t, err, wushe.ErrInsufficient, "one point left")
	left, err := e.svc.Balance(ctx, v.ID, t0.Add(time.Hour))
	require.NoError(t, err)
	assert.True(t, left.Equal(dec("1")))

	noKey := newEnv(t, nil)
	_, err = noKey.svc.Register(ctx, func() volunteer.Volunteer {
		x := e.register(adultBirth, nil)
		x.ID, x.Number, x.Version, x.ResidentRef = uuid.Nil, "", 0, who
		return x
	}())
	require.ErrorIs(t, err, wushe.ErrInvalid, "a resident reference needs the Service's ResidentKey")
}

func TestPointsFigures(t *testing.T) {
	e := newPointsEnv(t)
	ctx := t.Context()
	for i, k := range []volunteer.ActKind{volunteer.ActAttendance, volunteer.ActAttendance, volunteer.ActEnvironment, volunteer.ActCouncil} {
		_, err := e.svc.EarnForAct(ctx, e.org, act(k, fmt.Sprintf("act-%d", i), resident(10+i%3), t0.Add(time.Duration(i)*time.Hour)))
		require.NoError(t, err)
	}
	_, err := e.svc.EarnForAct(ctx, e.org, act(volunteer.ActAttendance, "in-april", resident(20), time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC)))
	require.NoError(t, err)
	item, err := e.svc.AddCatalogItem(ctx, volunteer.CatalogItem{Name: "理发", Cost: dec("3"), Stock: 5, Active: true})
	require.NoError(t, err)
	_, err = e.svc.RedeemForResident(ctx, resident(10), item.ID, 1, "cut-1")
	require.NoError(t, err)

	march := wushe.NewWindow(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), 31*24*time.Hour)
	f, err := e.svc.PointsFigures(ctx, march)
	require.NoError(t, err)
	assert.Equal(t, 3, f.ResidentsEarning)
	assert.True(t, f.Earned.Equal(dec("15")), "5+5+2+3: %s", f.Earned)
	assert.True(t, f.Redeemed.Equal(dec("3")))
	assert.True(t, f.EarnedByAct[volunteer.ActAttendance].Equal(dec("10")))
	assert.True(t, f.EarnedByAct[volunteer.ActEnvironment].Equal(dec("2")))
	assert.True(t, f.EarnedByAct[volunteer.ActCouncil].Equal(dec("3")))

	_, err = e.svc.PointsFigures(ctx, wushe.Window{})
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestResidentAndTallyAccountsAreValid(t *testing.T) {
	e := newPointsEnv(t)
	acct := mustAccount(t, e, resident(1))
	for _, a := range []volunteer.Account{"resident/0123456789abcdef0123456789abcdef", acct} {
		assert.True(t, a.Valid(), a)
		assert.True(t, a.Guarded(), a)
	}
	for _, a := range []volunteer.Account{"resident/0123", "resident/0123456789ABCDEF0123456789ABCDEF", "resident/",
		"tally/resident/0123456789abcdef0123456789abcdef/picnic/2026-03-02",
		"tally/system/issuance/attendance/2026-03", "tally/resident/0123456789abcdef0123456789abcdef/attendance/03-2026"} {
		assert.False(t, a.Valid(), a)
	}
	assert.True(t, volunteer.Account("tally/resident/0123456789abcdef0123456789abcdef/attendance/2026-03").Valid())
	assert.True(t, volunteer.Account("tally/resident/0123456789abcdef0123456789abcdef/attendance/2026-03-02").Valid())
	assert.False(t, volunteer.Account("tally/resident/0123456789abcdef0123456789abcdef/attendance/2026-03-02").Guarded(),
		"a tally is a memo: never spent from")
}
