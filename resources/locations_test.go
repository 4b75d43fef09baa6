package resources_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/storetest"
)

// Match refuses a lot or request placed at a point that is not a position: NaN escapes
// the distance limit and would score as if next door. The distance exclusion states the
// limit, not how far a recipient lives.
func TestMatchLocations(t *testing.T) {
	here := &wushe.Point{Lat: 30.0, Lng: 104.0}
	r := mreq(1, "3", resources.UrgencyUrgent, func(r *resources.Request) { r.Location = here })
	nan := mlot(1, "3", func(l *resources.Lot) { l.Location = &wushe.Point{Lat: math.NaN(), Lng: 104} })
	_, err := resources.Match([]resources.Lot{nan}, []resources.Request{r}, t0, &resources.MatchOptions{MaxDistanceMeters: 5000})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	storetest.RequireNoPersonalData(t, err)
	lot := mlot(2, "3", nil)
	home := mreq(2, "3", resources.UrgencyUrgent, func(r *resources.Request) { r.Location = &wushe.Point{Lat: 30, Lng: math.Inf(1)} })
	_, err = resources.Match([]resources.Lot{lot}, []resources.Request{home}, t0, nil)
	require.ErrorIs(t, err, wushe.ErrInvalid)

	distant := mlot(3, "3", func(l *resources.Lot) { l.Location = &wushe.Point{Lat: 31.0123, Lng: 104.0456} })
	plan, err := resources.Match([]resources.Lot{distant}, []resources.Request{r}, t0, &resources.MatchOptions{MaxDistanceMeters: 5000})
	require.NoError(t, err)
	require.Len(t, plan.Exclusions, 1)
	storetest.RequireNoPersonalData(t, errors.New(plan.Exclusions[0].Detail), "31.01", "104.04", "1126")
}
