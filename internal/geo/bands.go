// Package geo holds what the matchers share about places on the map beyond
// wushe.Point.DistanceMeters itself: bands of latitude and longitude that rule a pair out
// before its distance is measured.
package geo

import (
	"math"

	"github.com/wushe/wushe"
)

// Bands are differences of latitude and of longitude, in degrees, beyond which two points
// are surely farther apart than a radius (Beyond), so that a matcher measures only the
// pairs inside both.
type Bands struct {
	Lat, Lng float64
}

// NewBands works out the bands of radius metres for points no farther than maxLat
// degrees from the equator. Two points dLat radians of latitude apart are at least R ×
// |dLat| apart, and two points dLng radians of longitude apart at least 2R × asin(cos(maxLat)
// × sin(dLng / 2)), since the haversine of their angle is at least each of its two terms;
// each band is widened by a part in a million so that rounding never rules out a pair the
// radius admits. Past 89° (or for a latitude that is not a number) the bands are infinite:
// nothing is ruled out.
func NewBands(radius, maxLat float64) Bands {
	b := Bands{Lat: math.Inf(1), Lng: math.Inf(1)}
	if !(maxLat <= 89) {
		return b
	}
	const rad = math.Pi / 180
	angle := radius / wushe.EarthRadiusMeters
	b.Lat = angle / rad * (1 + 1e-6)
	if x := math.Sin(angle/2) / math.Cos(maxLat*rad); x < 0.5 {
		b.Lng = 2 * math.Asin(x) / rad * (1 + 1e-6)
	}
	return b
}

// Beyond reports whether p and q are surely farther apart than the bands' radius, from
// their differences of latitude and longitude alone (across the antimeridian too).
func (b Bands) Beyond(p, q wushe.Point) bool {
	dLng := math.Abs(p.Lng - q.Lng)
	if dLng > 180 {
		dLng = 360 - dLng
	}
	return math.Abs(p.Lat-q.Lat) > b.Lat || dLng > b.Lng
}
