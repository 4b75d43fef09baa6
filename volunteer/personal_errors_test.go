package volunteer_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storetest"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

// Error messages never carry personal data: the errors a child's registration and
// sign-up produce, the volunteer-number check and a matcher's distance exclusions are
// walked for ages, birth years, ID digits, coordinates and distances.
func TestErrorsCarryNoPersonalData(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	birth := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC) // 10 at t0
	child := volunteerFixture(birth)
	id, err := child.IDNumber.Reveal(wushe.StorageEntitlement())
	require.NoError(t, err)
	personal := []string{"10", "11", "2015", id, "23.13", "113.32"}

	child.Consent = nil
	_, err = e.svc.Register(ctx, child)
	require.ErrorIs(t, err, wushe.ErrForbidden)
	storetest.RequireNoPersonalData(t, err, personal...)

	o := volunteertest.Opportunity(t0.AddDate(0, 0, 7), 2)
	o.MinAge, o.TimeBank, o.GroupActivity = 16, true, false
	occ, ok := o.Resolve(ref(o))
	require.True(t, ok)
	err = e.svc.CheckEligibility(child, o, occ)
	require.ErrorIs(t, err, wushe.ErrForbidden)
	storetest.RequireNoPersonalData(t, err, personal...)

	for _, n := range []string{"V2024-0123456789AB-", "X2024-0123456789AB-7", "V2024-0123456789aB-7", "V2024-0123456789AB-#"} {
		err := volunteer.ValidateVolunteerNumber(n)
		require.ErrorIs(t, err, wushe.ErrInvalid, n)
		storetest.RequireNoPersonalData(t, err, n)
	}

	bad := child
	bad.Home = wushe.Point{Lat: 123.456789, Lng: 113.32}
	storetest.RequireNoPersonalData(t, bad.Validate(), append(personal, "123.45")...)

	// A distance exclusion says the limit, never how far the volunteer lives.
	m := newMatcher(t, &volunteer.MatchOptions{MaxDistanceMeters: 5000})
	opp := mopp(1, 2, sat9, nil)
	far := mvol(2, func(v *volunteer.Volunteer) { v.Home = wushe.Point{Lat: 39.9042, Lng: 116.4074} })
	res, err := m.Assign(volunteer.MatchInput{Opportunities: []volunteer.Opportunity{opp}, Shifts: []volunteer.ShiftRef{ref(opp)},
		Volunteers: []volunteer.Volunteer{far}, At: t0})
	require.NoError(t, err)
	require.Len(t, res.Exclusions, 1)
	assert.Equal(t, "distance", res.Exclusions[0].Constraint)
	storetest.RequireNoPersonalData(t, errors.New(res.Exclusions[0].Detail), "39.90", "116.40")
	_, ex, err := m.TopK(volunteer.MatchInput{Opportunities: []volunteer.Opportunity{opp}, Shifts: []volunteer.ShiftRef{ref(opp)},
		Volunteers: []volunteer.Volunteer{far}, At: t0}, ref(opp), 3)
	require.NoError(t, err)
	require.Len(t, ex, 1)
	storetest.RequireNoPersonalData(t, errors.New(ex[0].Detail), "39.90", "116.40")
}

// A matcher refuses a volunteer whose home is not a position (NaN escapes every distance
// comparison and would score as if next door) and an opportunity placed nowhere.
func TestMatcherRefusesInvalidLocations(t *testing.T) {
	m := newMatcher(t, &volunteer.MatchOptions{MaxDistanceMeters: 5000})
	opp := mopp(1, 2, sat9, nil)
	nan := mvol(2, func(v *volunteer.Volunteer) { v.Home = wushe.Point{Lat: math.NaN(), Lng: 116.4} })
	in := volunteer.MatchInput{Opportunities: []volunteer.Opportunity{opp}, Shifts: []volunteer.ShiftRef{ref(opp)},
		Volunteers: []volunteer.Volunteer{nan}, At: t0}
	_, err := m.Assign(in)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	hasField(t, err, "Volunteers[0].Home.Lat")
	storetest.RequireNoPersonalData(t, err)
	_, _, err = m.TopK(in, ref(opp), 3)
	require.ErrorIs(t, err, wushe.ErrInvalid)

	nowhere := mopp(1, 2, sat9, func(o *volunteer.Opportunity) { o.Place = wushe.Point{Lat: 30, Lng: math.Inf(-1)} })
	in = volunteer.MatchInput{Opportunities: []volunteer.Opportunity{nowhere}, Shifts: []volunteer.ShiftRef{ref(nowhere)},
		Volunteers: []volunteer.Volunteer{mvol(3, nil)}, At: t0}
	_, err = m.Assign(in)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	hasField(t, err, "Opportunities[0].Place.Lng")
}

// Backends agree: every entity's Validate refuses text that is not UTF-8, years outside
// 1-9999 and decimals beyond the bounds, naming the field.
func TestValidateRefusesValuesNoBackendKeeps(t *testing.T) {
	o := volunteertest.Opportunity(t0, 2)
	o.Title = "反诈\xff"
	o.Shifts[0].Window.End = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	err := o.Validate()
	require.ErrorIs(t, err, wushe.ErrInvalid)
	hasField(t, err, "Title")
	hasField(t, err, "Shifts[0].Window.End")

	v := volunteerFixture(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC))
	v.Languages = []string{"zh", "\xc3"}
	hasField(t, v.Validate(), "Languages[1]")

	item := volunteer.CatalogItem{Name: "rice", Cost: decimal.New(1, -2_000_000_000)}
	err = item.Validate()
	require.ErrorIs(t, err, wushe.ErrInvalid)
	hasField(t, err, "Cost")
}
