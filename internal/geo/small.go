package geo

import (
	"math"

	"github.com/wushe/wushe"
)

// CosLat is the cosine of p's latitude, which SmallDistance takes for each point so that a
// caller measuring many pairs works it out once per point.
func CosLat(p wushe.Point) float64 { return math.Cos(p.Lat * math.Pi / 180) }

// SmallDistance is p.DistanceMeters(q) for points a few kilometres apart (up to 12 km north to south, 6 km east to west at 60°), given the
// cosines of their latitudes (CosLat): the same haversine with the first terms of the series
// of the sine and of the arcsine in place of the functions, which costs a fraction
// as much. Its result lies within SmallDistanceError of DistanceMeters' (relative to the
// distance); ok is false, and the distance 0, when the points are too far apart for the
// series (or across the antimeridian), and the caller measures them with DistanceMeters.
func SmallDistance(p, q wushe.Point, cosP, cosQ float64) (d float64, ok bool) {
	const rad, reach = math.Pi / 180, 1e-3
	x, y := (q.Lat-p.Lat)*rad/2, (q.Lng-p.Lng)*rad/2
	if !(math.Abs(x) <= reach && math.Abs(y) <= reach) {
		return 0, false
	}
	// sin t = t − t³/6 + t⁵/120 − …; asin s = s + s³/6 + 3s⁵/40 + 5s⁷/112 + …: with |t|
	// and s below 1.5 × 10^-3 the terms left out are below 10^-14 of the value.
	s1, s2 := x-x*x*x/6, y-y*y*y/6
	s := math.Sqrt(s1*s1 + cosP*cosQ*s2*s2)
	s2s := s * s
	return 2 * wushe.EarthRadiusMeters * s * (1 + s2s*(1.0/6+s2s*3.0/40)), true
}

// SmallDistanceError bounds how far SmallDistance may lie from DistanceMeters, as a part of
// the distance: the series' terms left out and the rounding of either computation.
const SmallDistanceError = 1e-12
