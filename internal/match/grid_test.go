package match

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

// Property: every kept point within the limit of a place is in a cell Near gives, at any
// latitude the grid accepts and for any limit; beyond what it accepts, NewGrid says nil.
func TestGridFindsEveryPointWithinTheLimit(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for it := range 400 {
		centre := wushe.Point{Lat: rng.Float64()*150 - 75, Lng: rng.Float64()*340 - 170}
		limit := []float64{50, 400, 2000, 15000, 150000}[rng.IntN(5)]
		spread := limit / 111000 * 4
		pt := func() wushe.Point {
			p := wushe.Point{Lat: centre.Lat + (rng.Float64()-0.5)*spread, Lng: centre.Lng + (rng.Float64()-0.5)*spread*3}
			p.Lat = max(-75, min(75, p.Lat))
			p.Lng = max(-175, min(175, p.Lng))
			return p
		}
		pts := make([]wushe.Point, 60)
		for i := range pts {
			pts[i] = pt()
		}
		places := make([]wushe.Point, 20)
		for i := range places {
			places[i] = pt()
		}
		keep := func(i int) bool { return i%7 != 0 }
		g := NewGrid(limit, pts, keep, places)
		if g == nil {
			continue
		}
		for _, p := range places {
			seen := map[int32]bool{}
			g.Near(p, func(n int32) {
				for _, i := range g.Cells[n] {
					seen[i] = true
				}
			})
			for i, q := range pts {
				if keep(i) && q.DistanceMeters(p) <= limit {
					require.True(t, seen[int32(i)], "instance %d: point %d at %.0f m of a place, limit %.0f", it, i, q.DistanceMeters(p), limit)
				}
				if !keep(i) {
					require.False(t, seen[int32(i)], "instance %d", it)
				}
			}
		}
	}
	require.Nil(t, NewGrid(0, nil, nil, nil))
	require.Nil(t, NewGrid(500, []wushe.Point{{Lat: 85}}, nil, nil), "near a pole")
	require.Nil(t, NewGrid(500, []wushe.Point{{Lat: 10, Lng: 179.5}}, nil, nil), "at the antimeridian")
	g := NewGrid(500, []wushe.Point{{Lat: 10, Lng: 10}}, nil, nil)
	n := 0
	g.Near(wushe.Point{Lat: 89, Lng: 0}, func(int32) { n++ })
	require.Equal(t, 1, n, "a place beyond the grid's reach looks at every cell")
}
