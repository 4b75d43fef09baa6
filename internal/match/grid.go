package match

import (
	"math"

	"github.com/wushe/wushe"
)

// Grid indexes points on the map so that a matcher finds the points within a distance
// limit of a place by looking at a few cells instead of at every point: the cells are half
// the limit wide, and every point within the limit of a place lies in the 5 × 5 cells
// around the place's cell. The cells hold point indexes; the caller still measures each
// pair, since a cell's corners lie farther than the limit.
//
// A great circle of d metres spans at most d / (R·π/180) degrees of latitude, and of
// longitude at most that over the cosine of the larger latitude (to first order); the
// cells are 5% larger than that to cover the rest. Near the poles and across the
// antimeridian, or for a limit of hundreds of kilometres, NewGrid returns nil and the
// caller looks at every point.
type Grid struct {
	cellLat, cellLng float64
	number           map[[2]int32]int32
	// Cells lists the points of each cell, by cell number.
	Cells [][]int32
}

// gridReach is how many cells on each side of a place's cell a search covers.
const gridReach = 2

// NewGrid indexes the points pts[i] for which keep(i) holds (nil: all) for the distance
// limit in metres. extent lists further places the grid will be asked about, so that the
// cells are sized for their latitudes too. It returns nil when a grid is not safe or not
// useful (see Grid).
func NewGrid(limit float64, pts []wushe.Point, keep func(i int) bool, extent []wushe.Point) *Grid {
	if !(limit > 0 && limit <= 200_000) {
		return nil
	}
	maxLat, maxLng := 0.0, 0.0
	see := func(p wushe.Point) {
		maxLat, maxLng = max(maxLat, math.Abs(p.Lat)), max(maxLng, math.Abs(p.Lng))
	}
	for i, p := range pts {
		if keep == nil || keep(i) {
			see(p)
		}
	}
	for _, p := range extent {
		see(p)
	}
	const degree = wushe.EarthRadiusMeters * math.Pi / 180
	g := &Grid{cellLat: 1.05 * limit / degree / gridReach, number: map[[2]int32]int32{}}
	if !(maxLat <= 75 && maxLng <= 175) {
		return nil
	}
	// A place asked about may lie a little nearer a pole than every point.
	g.cellLng = g.cellLat / math.Cos((maxLat+2*gridReach*g.cellLat)*math.Pi/180)
	if g.cellLng > 10 {
		return nil
	}
	for i, p := range pts {
		if keep != nil && !keep(i) {
			continue
		}
		k := g.key(p)
		n, ok := g.number[k]
		if !ok {
			n = int32(len(g.Cells))
			g.number[k] = n
			g.Cells = append(g.Cells, nil)
		}
		g.Cells[n] = append(g.Cells[n], int32(i))
	}
	return g
}

func (g *Grid) key(p wushe.Point) [2]int32 {
	return [2]int32{int32(math.Floor(p.Lat / g.cellLat)), int32(math.Floor(p.Lng / g.cellLng))}
}

// Near calls f with the number of every non-empty cell that may hold a point within the
// limit of p: the 5 × 5 cells around p's, or every cell for a place beyond the grid's
// reach (near a pole or the antimeridian).
func (g *Grid) Near(p wushe.Point, f func(cell int32)) {
	if !inReach(p) {
		for n := range g.Cells {
			f(int32(n))
		}
		return
	}
	c := g.key(p)
	for dy := int32(-gridReach); dy <= gridReach; dy++ {
		for dx := int32(-gridReach); dx <= gridReach; dx++ {
			if n, ok := g.number[[2]int32{c[0] + dy, c[1] + dx}]; ok {
				f(n)
			}
		}
	}
}

// Area names the cells Near visits for p: Near visits the same cells for two places of
// the same Area, so a caller may keep what it found near one place for the next.
func (g *Grid) Area(p wushe.Point) [3]int32 {
	if !inReach(p) {
		return [3]int32{0, 0, 1}
	}
	k := g.key(p)
	return [3]int32{k[0], k[1], 0}
}

// inReach reports whether Near looks only at the cells around p (else at every cell).
func inReach(p wushe.Point) bool { return math.Abs(p.Lat) <= 80 && math.Abs(p.Lng) <= 178 }
