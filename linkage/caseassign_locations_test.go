package linkage_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/storetest"
)

// The case assigner refuses a worker or a venue located at a point that is not a position
// (NaN escapes every distance comparison), without repeating the coordinates.
func TestCaseAssignRefusesInvalidLocations(t *testing.T) {
	a := newAssigner(t, nil)
	w := caWorker(1, linkage.QualificationAssistant)
	w.Location = &wushe.Point{Lat: math.NaN(), Lng: 104.0665}
	_, err := a.Assign(linkage.CaseAssignInput{Cases: []linkage.CaseRequest{caCase(1, linkage.RiskLow)}, Workers: []linkage.SocialWorker{w}})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	storetest.RequireNoPersonalData(t, err, "104.06")

	c := linkage.Community{ID: communityN(1), Venues: []linkage.Venue{{Kind: linkage.VenueServiceCentre, Location: &wushe.Point{Lat: 30.6573, Lng: math.Inf(1)}}}}
	_, err = a.Assign(linkage.CaseAssignInput{Cases: []linkage.CaseRequest{caCase(1, linkage.RiskLow)}, Workers: []linkage.SocialWorker{caWorker(1, linkage.QualificationAssistant)},
		Communities: []linkage.Community{c}})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	storetest.RequireNoPersonalData(t, err, "30.65")
}
