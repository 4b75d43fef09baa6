package wushe_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func TestPointValidate(t *testing.T) {
	require.NoError(t, wushe.Point{Lat: 23.12, Lng: 113.32}.Validate())
	require.NoError(t, wushe.Point{Lat: -90, Lng: 180}.Validate())
	for _, p := range []wushe.Point{{Lat: 91}, {Lng: -180.5}, {Lat: math.NaN()}, {Lng: math.Inf(1)}} {
		err := p.Validate()
		require.ErrorIs(t, err, wushe.ErrInvalid, p)
		require.Len(t, wushe.FieldErrors(err), 1)
	}
	err := wushe.Point{Lat: 100, Lng: 200}.Validate()
	require.Len(t, wushe.FieldErrors(err), 2)
}

func TestDistanceMeters(t *testing.T) {
	// Tianhe (Guangzhou) to Liede: a few kilometres. Reference values from the haversine
	// formula on the same sphere, computed independently.
	beijing := wushe.Point{Lat: 39.9042, Lng: 116.4074}
	shanghai := wushe.Point{Lat: 31.2304, Lng: 121.4737}
	d := beijing.DistanceMeters(shanghai)
	assert.InDelta(t, 1_067_000, d, 2_000) // about 1,067 km great-circle
	// One degree of latitude is about 111.2 km on this sphere.
	assert.InDelta(t, 111_195, wushe.Point{}.DistanceMeters(wushe.Point{Lat: 1}), 1)
	// Antipodes: half the circumference.
	assert.InDelta(t, math.Pi*wushe.EarthRadiusMeters, wushe.Point{Lat: 0, Lng: 0}.DistanceMeters(wushe.Point{Lat: 0, Lng: 180}), 1e-6)
	assert.Equal(t, "39.904200,116.407400", beijing.String())
}

func TestDistanceProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pt := func() wushe.Point { return wushe.Point{Lat: r.Float64()*180 - 90, Lng: r.Float64()*360 - 180} }
	for range 5000 {
		a, b, c := pt(), pt(), pt()
		ab, ba := a.DistanceMeters(b), b.DistanceMeters(a)
		require.InDelta(t, ab, ba, 1e-6)
		require.GreaterOrEqual(t, ab, 0.0)
		require.LessOrEqual(t, ab, math.Pi*wushe.EarthRadiusMeters+1e-6)
		require.Zero(t, a.DistanceMeters(a))
		require.LessOrEqual(t, ab, a.DistanceMeters(c)+c.DistanceMeters(b)+1e-6) // triangle inequality
	}
}

func FuzzPointValidate(f *testing.F) {
	f.Add(0.0, 0.0)
	f.Add(91.0, 0.0)
	f.Add(math.NaN(), 1.0)
	f.Fuzz(func(t *testing.T, lat, lng float64) {
		p := wushe.Point{Lat: lat, Lng: lng}
		ok := lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180
		err := p.Validate()
		require.Equal(t, ok, err == nil)
		if ok {
			d := p.DistanceMeters(wushe.Point{})
			require.False(t, math.IsNaN(d))
		}
	})
}
