package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/wushe/wushe"
)

// Property: SmallDistance lies within SmallDistanceError of DistanceMeters wherever it
// answers, at every latitude and across the antimeridian; it answers for every pair up to
// 5 km apart below 60° of latitude, and never for points 100 km apart.
func TestSmallDistanceAgreesWithDistanceMeters(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	answered := 0
	for range 200_000 {
		p := wushe.Point{Lat: (rng.Float64()*2 - 1) * 89, Lng: rng.Float64()*360 - 180}
		d := math.Pow(10, rng.Float64()*6-1) // 0.1 m to 100 km
		bearing := rng.Float64() * 2 * math.Pi
		q := wushe.Point{Lat: p.Lat + d*math.Cos(bearing)/wushe.EarthRadiusMeters*180/math.Pi,
			Lng: p.Lng + d*math.Sin(bearing)/(wushe.EarthRadiusMeters*math.Cos(p.Lat*math.Pi/180))*180/math.Pi}
		q.Lat = max(-90, min(90, q.Lat))
		if q.Lng > 180 {
			q.Lng -= 360
		} else if q.Lng < -180 {
			q.Lng += 360
		}
		if rng.IntN(50) == 0 {
			q = p
		}
		got, ok := SmallDistance(p, q, CosLat(p), CosLat(q))
		want := p.DistanceMeters(q)
		if !ok {
			if want < 5_000 && math.Abs(p.Lat) < 60 && math.Abs(q.Lng-p.Lng) < 180 {
				t.Fatalf("%v to %v, %.3f m apart: no answer", p, q, want)
			}
			if got != 0 {
				t.Fatalf("%v to %v: %v without an answer", p, q, got)
			}
			continue
		}
		answered++
		if want > 100_000 {
			t.Fatalf("%v to %v, %.0f m apart: answered", p, q, want)
		}
		if math.Abs(got-want) > SmallDistanceError*want {
			t.Fatalf("%v to %v: %.17g against %.17g, %.3g apart", p, q, got, want, math.Abs(got-want)/want)
		}
	}
	if answered < 100_000 {
		t.Fatalf("only %d answers: the property was hardly tried", answered)
	}
}
