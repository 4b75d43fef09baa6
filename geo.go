package wushe

import (
	"fmt"
	"math"
)

// EarthRadiusMeters is the mean Earth radius (IUGG R1 = 6,371,008.8 m) used by Distance.
const EarthRadiusMeters = 6371008.8

// Point is a position in WGS-84 degrees. The zero Point (0, 0) is a valid position in the
// Gulf of Guinea; entities that may have no location say so with a separate flag or a
// pointer, never with the zero Point.
type Point struct {
	// Lat is the latitude in degrees, -90 to 90.
	Lat float64 `json:"lat"`
	// Lng is the longitude in degrees, -180 to 180.
	Lng float64 `json:"lng"`
}

// Validate reports a KindInvalid error naming Lat or Lng when a coordinate is out of range,
// infinite or not a number (NaN). The message never repeats the coordinate: a point is
// often someone's home.
func (p Point) Validate() error {
	c := Check("Point")
	c.Require(!math.IsNaN(p.Lat) && p.Lat >= -90 && p.Lat <= 90, "Lat", "is not a latitude in [-90, 90]")
	c.Require(!math.IsNaN(p.Lng) && p.Lng >= -180 && p.Lng <= 180, "Lng", "is not a longitude in [-180, 180]")
	return c.Err()
}

// DistanceMeters is the great-circle (haversine) distance from p to q in metres on a
// sphere of radius EarthRadiusMeters. It is symmetric, zero for equal points and at most
// half the circumference. Its error against the WGS-84 ellipsoid is below 0.5%.
func (p Point) DistanceMeters(q Point) float64 {
	const rad = math.Pi / 180
	lat1, lat2 := p.Lat*rad, q.Lat*rad
	dLat := (q.Lat - p.Lat) * rad
	dLng := (q.Lng - p.Lng) * rad
	s1, s2 := math.Sin(dLat/2), math.Sin(dLng/2)
	h := s1*s1 + math.Cos(lat1)*math.Cos(lat2)*s2*s2
	h = math.Min(1, math.Max(0, h))
	return 2 * EarthRadiusMeters * math.Asin(math.Sqrt(h))
}

// String renders the point as "lat,lng" with six decimals (about 0.1 m).
func (p Point) String() string { return fmt.Sprintf("%.6f,%.6f", p.Lat, p.Lng) }
