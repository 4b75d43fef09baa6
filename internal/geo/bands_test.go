package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/wushe/wushe"
)

// TestBandsNeverDropAPairWithinTheRadius checks the property the bands rest on: two points
// Beyond says are surely apart are farther apart than the radius, at every latitude up to
// the bands' limit, across the antimeridian, and right at the edge of the radius.
func TestBandsNeverDropAPairWithinTheRadius(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 3))
	excluded := 0
	for range 2000 {
		radius := []float64{1, 50, 400, 2000, 5000, 100_000}[rng.IntN(6)]
		maxLat := rng.Float64() * 89
		b := NewBands(radius, maxLat)
		require := func(ok bool, p, q wushe.Point) {
			t.Helper()
			if !ok {
				t.Fatalf("radius %.0f m, max latitude %.4f: %v and %v are %.6f m apart, yet beyond", radius, maxLat, p, q, p.DistanceMeters(q))
			}
		}
		lat := func() float64 { return (rng.Float64()*2 - 1) * maxLat }
		p := wushe.Point{Lat: lat(), Lng: rng.Float64()*360 - 180}
		for range 50 {
			// A point near the edge of the radius in a random direction, then clamped to
			// the latitudes the bands were made for.
			bearing, d := rng.Float64()*2*math.Pi, radius*(0.98+rng.Float64()*0.04)
			dLat := d * math.Cos(bearing) / wushe.EarthRadiusMeters * 180 / math.Pi
			dLng := d * math.Sin(bearing) / (wushe.EarthRadiusMeters * math.Cos(p.Lat*math.Pi/180)) * 180 / math.Pi
			q := wushe.Point{Lat: max(-maxLat, min(maxLat, p.Lat+dLat)), Lng: p.Lng + dLng}
			if q.Lng > 180 {
				q.Lng -= 360
			} else if q.Lng < -180 {
				q.Lng += 360
			}
			if b.Beyond(p, q) {
				excluded++
			}
			require(!b.Beyond(p, q) || p.DistanceMeters(q) > radius, p, q)
			require(!b.Beyond(q, p) || q.DistanceMeters(p) > radius, q, p)
		}
	}
	if excluded < 1000 {
		t.Fatalf("the bands passed over only %d pairs: the property was hardly tried", excluded)
	}
	// Far past the bands' limit there are none.
	if b := NewBands(400, 89.5); !math.IsInf(b.Lat, 1) || !math.IsInf(b.Lng, 1) {
		t.Fatalf("bands past 89°: %v", b)
	}
	if b := NewBands(400, math.NaN()); !math.IsInf(b.Lat, 1) {
		t.Fatal("bands with a latitude that is not a number")
	}
	// A wide radius has a latitude band and no longitude band.
	if b := NewBands(4_000_000, 60); math.IsInf(b.Lat, 1) || !math.IsInf(b.Lng, 1) {
		t.Fatalf("bands of 4,000 km at 60°: %v", b)
	}
}
