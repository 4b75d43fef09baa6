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

// Property: Near visits the same cells for two places of the same Area, and places in
// different cells have different Areas; places beyond the grid's reach share one Area.
func TestGridAreaNamesNearsCells(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 1))
	var pts []wushe.Point
	for range 300 {
		pts = append(pts, wushe.Point{Lat: 30 + rng.Float64()*0.2, Lng: 104 + rng.Float64()*0.2})
	}
	g := NewGrid(1000, pts, nil, nil)
	cells := func(p wushe.Point) []int32 {
		var out []int32
		g.Near(p, func(n int32) { out = append(out, n) })
		return out
	}
	byArea := map[[3]int32][]int32{}
	for range 2000 {
		p := wushe.Point{Lat: 29.99 + rng.Float64()*0.22, Lng: 103.99 + rng.Float64()*0.22}
		a := g.Area(p)
		if seen, ok := byArea[a]; ok {
			require.Equal(t, seen, cells(p), "area %v", a)
		} else {
			byArea[a] = cells(p)
		}
		require.Equal(t, g.key(p), [2]int32{a[0], a[1]})
	}
	require.Greater(t, len(byArea), 50)
	require.Equal(t, g.Area(wushe.Point{Lat: 89}), g.Area(wushe.Point{Lat: -85, Lng: 179}))
	require.NotEqual(t, g.Area(wushe.Point{Lat: 30, Lng: 104}), g.Area(wushe.Point{Lat: 89}))
}
