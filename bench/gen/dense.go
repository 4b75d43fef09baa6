package gen

import (
	"math"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
)

// CostModel says how costs are drawn.
type CostModel string

// The cost models.
const (
	// Uniform draws each cost independently and uniformly from [0, MaxCost].
	Uniform CostModel = "uniform"
	// Geographic places both sides at uniformly random points in a square of side
	// SideMeters and uses the planar distance between them, rounded to whole metres.
	Geographic CostModel = "geographic"
)

// Valid reports whether m is one of the cost models.
func (m CostModel) Valid() bool { return m == Uniform || m == Geographic }

// Defaults used when a spec leaves a field zero.
const (
	// DefaultSideMeters is a 20 km square, about the size of a Chinese city district.
	DefaultSideMeters = 20000.0
	// DefaultMaxCost bounds uniform costs.
	DefaultMaxCost int64 = 1000000
)

// Dense describes a dense cost matrix.
type Dense struct {
	// Rows and Cols are the matrix shape; they may differ.
	Rows, Cols int
	// Costs is the cost model; Uniform when empty.
	Costs CostModel
	// MaxCost bounds Uniform costs; DefaultMaxCost when zero.
	MaxCost int64
	// SideMeters is the side of the Geographic square; DefaultSideMeters when zero.
	SideMeters float64
	// Seed selects the instance.
	Seed uint64
}

func (d Dense) withDefaults() Dense {
	if d.Costs == "" {
		d.Costs = Uniform
	}
	if d.MaxCost == 0 {
		d.MaxCost = DefaultMaxCost
	}
	if d.SideMeters == 0 {
		d.SideMeters = DefaultSideMeters
	}
	return d
}

// maxSide keeps rounded distances (at most side·√2) far inside int64 and exact in float64.
const maxSide = 1e12

// maxEntries bounds a dense matrix (8 GiB of int64 costs).
const maxEntries = 1 << 30

// Validate reports every problem with the spec as a KindInvalid error naming the field.
func (d Dense) Validate() error {
	d = d.withDefaults()
	p := wushe.Check("gen.Dense")
	p.Require(d.Rows >= 0, "Rows", "must not be negative")
	p.Require(d.Cols >= 0, "Cols", "must not be negative")
	if d.Rows > 0 && d.Cols > 0 {
		p.Require(d.Rows <= maxEntries/d.Cols, "Rows", "Rows × Cols exceeds 2^30 entries")
	}
	p.Require(d.Costs.Valid(), "Costs", "must be uniform or geographic")
	p.Require(d.MaxCost > 0 && d.MaxCost < math.MaxInt64, "MaxCost", "must be positive and below MaxInt64")
	p.Require(d.SideMeters > 0 && d.SideMeters <= maxSide, "SideMeters", "must be in (0, 1e12]")
	return p.Err()
}

// Matrix generates the matrix. It fails with a KindInvalid error when the spec is invalid.
func (d Dense) Matrix() (match.Matrix, error) {
	if err := d.Validate(); err != nil {
		return match.Matrix{}, wushe.WithOp("gen.Dense.Matrix", err)
	}
	d = d.withDefaults()
	m := match.NewMatrix(d.Rows, d.Cols)
	switch d.Costs {
	case Uniform:
		r := newRand(d.Seed, streamCosts)
		for i := range m.Cost {
			m.Cost[i] = r.Int64N(d.MaxCost + 1)
		}
	case Geographic:
		rows := points(newRand(d.Seed, streamRows), d.Rows, d.SideMeters)
		cols := points(newRand(d.Seed, streamCols), d.Cols, d.SideMeters)
		for i, a := range rows {
			row := m.Cost[i*d.Cols : (i+1)*d.Cols]
			for j, b := range cols {
				row[j] = metres(a, b)
			}
		}
	}
	return m, nil
}

// point is a planar position in metres.
type point struct{ x, y float64 }

func points(r interface{ Float64() float64 }, n int, side float64) []point {
	ps := make([]point, n)
	for i := range ps {
		ps[i] = point{r.Float64() * side, r.Float64() * side}
	}
	return ps
}

// metres is the distance from a to b rounded to whole metres (half away from zero).
func metres(a, b point) int64 { return int64(math.Round(math.Hypot(a.x-b.x, a.y-b.y))) }
