package gen

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
)

// Candidates says how a demand's candidate supplies are chosen.
type Candidates string

// The candidate models.
const (
	// Nearest gives each demand its K nearest supplies (ties broken by supply index); an
	// arc costs the distance in whole metres. This is what a host's spatial index returns.
	Nearest Candidates = "nearest"
	// Random gives each demand K distinct supplies drawn uniformly; an arc costs a uniform
	// integer in [0, MaxCost].
	Random Candidates = "random"
)

// Valid reports whether c is one of the candidate models.
func (c Candidates) Valid() bool { return c == Nearest || c == Random }

// MaxSkills is the largest skill pool the filter supports.
const MaxSkills = 64

// Sparse describes a sparse bipartite problem: Demands × Supplies with K candidate arcs per
// demand.
type Sparse struct {
	// Demands and Supplies are the node counts.
	Demands, Supplies int
	// K is the number of candidates per demand before the skill filter; it is cut to
	// Supplies when larger.
	K int
	// Candidates is the candidate model; Nearest when empty.
	Candidates Candidates
	// DemandUnits and SupplyUnits are every node's units; 1 when zero.
	DemandUnits, SupplyUnits int64
	// ArcCap is every arc's capacity; 0 means no limit beyond the nodes' units. Use 1 with
	// DemandUnits > 1 for b-matching (nobody fills two places of one shift).
	ArcCap int64
	// Skills, when positive, turns on the skill filter: each demand requires one skill drawn
	// from a pool of Skills, each supply holds SupplySkills distinct skills of the pool, and
	// a candidate arc is kept only when the supply holds the demand's skill. A demand may be
	// left with no arc at all, so the problem then has no full matching.
	Skills, SupplySkills int
	// SideMeters is the side of the square the Nearest points lie in; DefaultSideMeters
	// when zero.
	SideMeters float64
	// MaxCost bounds Random costs; 1000 when zero.
	MaxCost int64
	// Clusters, when positive, draws the Nearest points of both sides around that many
	// centres spread uniformly over the square (a city's neighbourhoods): each point lies at
	// a normal offset of ClusterMeters from a centre picked uniformly, kept inside the square.
	Clusters int
	// ClusterMeters is the spread of a cluster; SideMeters / (4 √Clusters) when zero.
	ClusterMeters float64
	// KSpread, when positive, gives demand d K + a uniform draw in [0, KSpread] candidates
	// instead of K (cut to Supplies).
	KSpread int
	// Seed selects the instance.
	Seed uint64
}

// DefaultRandomMaxCost bounds Random arc costs when Sparse.MaxCost is zero.
const DefaultRandomMaxCost int64 = 1000

func (s Sparse) withDefaults() Sparse {
	if s.Candidates == "" {
		s.Candidates = Nearest
	}
	if s.DemandUnits == 0 {
		s.DemandUnits = 1
	}
	if s.SupplyUnits == 0 {
		s.SupplyUnits = 1
	}
	if s.SideMeters == 0 {
		s.SideMeters = DefaultSideMeters
	}
	if s.MaxCost == 0 {
		s.MaxCost = DefaultRandomMaxCost
	}
	if s.K > s.Supplies {
		s.K = s.Supplies
	}
	if s.Clusters > 0 && s.ClusterMeters == 0 {
		s.ClusterMeters = s.SideMeters / (4 * math.Sqrt(float64(s.Clusters)))
	}
	return s
}

// clustered draws n points around the centres, each at a normal offset of spread metres
// from a centre picked uniformly, clamped to the square.
func clustered(r *rand.Rand, centres []point, n int, spread, side float64) []point {
	ps := make([]point, n)
	for i := range ps {
		c := centres[r.IntN(len(centres))]
		ps[i] = point{min(side, max(0, c.x+r.NormFloat64()*spread)), min(side, max(0, c.y+r.NormFloat64()*spread))}
	}
	return ps
}

// maxNodes bounds either side and maxArcs the candidate arcs, so that a mistyped size fails
// instead of exhausting memory.
const (
	maxNodes = 1 << 26
	maxArcs  = 1 << 28
)

// Validate reports every problem with the spec as a KindInvalid error naming the field.
func (s Sparse) Validate() error {
	s = s.withDefaults()
	p := wushe.Check("gen.Sparse")
	p.Require(s.Demands >= 0 && s.Demands <= maxNodes, "Demands", "must be in [0, 2^26]")
	p.Require(s.Supplies >= 0 && s.Supplies <= maxNodes, "Supplies", "must be in [0, 2^26]")
	if p.Require(s.K >= 0, "K", "must not be negative") && s.K > 0 && s.Demands > 0 {
		p.Require(s.Demands <= maxArcs/(s.K+max(0, s.KSpread)), "K", "Demands × (K + KSpread) exceeds 2^28 arcs")
	}
	p.Require(s.KSpread >= 0 && s.KSpread <= maxNodes, "KSpread", "must be in [0, 2^26]")
	p.Require(s.Clusters >= 0 && s.Clusters <= maxNodes, "Clusters", "must be in [0, 2^26]")
	p.Require(s.ClusterMeters >= 0 && s.ClusterMeters <= maxSide, "ClusterMeters", "must be in [0, 1e12]")
	p.Require(s.Clusters == 0 || s.Candidates == Nearest, "Clusters", "needs nearest candidates")
	p.Require(s.Candidates.Valid(), "Candidates", "must be nearest or random")
	p.Require(s.DemandUnits > 0, "DemandUnits", "must be positive")
	p.Require(s.SupplyUnits > 0, "SupplyUnits", "must be positive")
	p.Require(s.ArcCap >= 0, "ArcCap", "must not be negative")
	if p.Require(s.Skills >= 0 && s.Skills <= MaxSkills, "Skills", fmt.Sprintf("must be in [0, %d]", MaxSkills)) && s.Skills > 0 {
		p.Require(s.SupplySkills >= 1 && s.SupplySkills <= s.Skills, "SupplySkills", "must be in [1, Skills] when Skills is set")
	} else if s.Skills == 0 {
		p.Require(s.SupplySkills == 0, "SupplySkills", "needs Skills")
	}
	p.Require(s.SideMeters > 0 && s.SideMeters <= maxSide, "SideMeters", "must be in (0, 1e12]")
	p.Require(s.MaxCost > 0 && s.MaxCost < math.MaxInt64, "MaxCost", "must be positive and below MaxInt64")
	if s.Demands > 0 && s.DemandUnits > 0 {
		p.Require(s.DemandUnits <= math.MaxInt32, "DemandUnits", "must be at most 2^31-1")
	}
	if s.Supplies > 0 && s.SupplyUnits > 0 {
		p.Require(s.SupplyUnits <= math.MaxInt32, "SupplyUnits", "must be at most 2^31-1")
	}
	return p.Err()
}

// Problem generates the problem. Demand and supply IDs are "d<index>" and "s<index>" with
// the index zero-padded to a common width, so that ID order is index order; arcs are
// ordered by demand, then by supply, the order match.Solve works in. Every demand has Penalty 0 (lexicographic: filling comes first).
func (s Sparse) Problem() (*match.Problem, error) {
	if err := s.Validate(); err != nil {
		return nil, wushe.WithOp("gen.Sparse.Problem", err)
	}
	s = s.withDefaults()
	p := &match.Problem{
		Demands:  make([]match.Demand, s.Demands),
		Supplies: make([]match.Supply, s.Supplies),
	}
	dw, sw := len(fmt.Sprint(max(0, s.Demands-1))), len(fmt.Sprint(max(0, s.Supplies-1)))
	for i := range p.Demands {
		p.Demands[i] = match.Demand{ID: fmt.Sprintf("d%0*d", dw, i), Units: s.DemandUnits}
	}
	for j := range p.Supplies {
		p.Supplies[j] = match.Supply{ID: fmt.Sprintf("s%0*d", sw, j), Units: s.SupplyUnits}
	}
	var need []int
	var held []uint64
	if s.Skills > 0 {
		need, held = skills(s)
	}
	p.Arcs = make([]match.Arc, 0, s.Demands*s.K)
	keep := func(d, sup int) bool { return need == nil || held[sup]&(1<<need[d]) != 0 }
	switch s.Candidates {
	case Nearest:
		dem := points(newRand(s.Seed, streamRows), s.Demands, s.SideMeters)
		sup := points(newRand(s.Seed, streamCols), s.Supplies, s.SideMeters)
		if s.Clusters > 0 {
			centres := points(newRand(s.Seed, streamClusters), s.Clusters, s.SideMeters)
			dem = clustered(newRand(s.Seed, streamRows), centres, s.Demands, s.ClusterMeters, s.SideMeters)
			sup = clustered(newRand(s.Seed, streamCols), centres, s.Supplies, s.ClusterMeters, s.SideMeters)
		}
		spread := newRand(s.Seed, streamSpread)
		g := newGrid(sup, s.SideMeters)
		var buf []neighbour
		for d, q := range dem {
			k := s.K
			if s.KSpread > 0 {
				k = min(s.Supplies, k+spread.IntN(s.KSpread+1))
			}
			buf = g.nearest(q, k, buf[:0])
			for _, n := range buf {
				if keep(d, n.index) {
					p.Arcs = append(p.Arcs, match.Arc{Demand: d, Supply: n.index, Cost: metres(q, sup[n.index]), Cap: s.ArcCap})
				}
			}
		}
	case Random:
		r := newRand(s.Seed, streamCandidates)
		c := newRand(s.Seed, streamCosts)
		seen := make(map[int]struct{}, s.K)
		for d := range s.Demands {
			clear(seen)
			for len(seen) < s.K {
				sup := r.IntN(s.Supplies)
				if _, dup := seen[sup]; dup {
					continue
				}
				seen[sup] = struct{}{}
				cost := c.Int64N(s.MaxCost + 1)
				if keep(d, sup) {
					p.Arcs = append(p.Arcs, match.Arc{Demand: d, Supply: sup, Cost: cost, Cap: s.ArcCap})
				}
			}
		}
	}
	slices.SortFunc(p.Arcs, func(a, b match.Arc) int {
		return cmp.Or(cmp.Compare(a.Demand, b.Demand), cmp.Compare(a.Supply, b.Supply))
	})
	return p, nil
}

// skills draws each demand's required skill and each supply's skill set.
func skills(s Sparse) (need []int, held []uint64) {
	r := newRand(s.Seed, streamSkills)
	need = make([]int, s.Demands)
	for i := range need {
		need[i] = r.IntN(s.Skills)
	}
	held = make([]uint64, s.Supplies)
	for j := range held {
		var set uint64
		for bits.OnesCount64(set) < s.SupplySkills {
			set |= 1 << r.IntN(s.Skills)
		}
		held[j] = set
	}
	return need, held
}

// Market is how much supply a b-matching market has against its demand.
type Market string

// The markets, as the ratio of total supply units to total demand units.
const (
	// Plentiful markets offer about twice the units they need.
	Plentiful Market = "plentiful"
	// Balanced markets offer about as many units as they need.
	Balanced Market = "balanced"
	// Scarce markets offer about half the units they need.
	Scarce Market = "scarce"
)

// Ratio is the market's supply-to-demand ratio in units: 2, 1 or 1/2; 0 for an unknown
// market.
func (m Market) Ratio() float64 {
	switch m {
	case Plentiful:
		return 2
	case Balanced:
		return 1
	case Scarce:
		return 0.5
	}
	return 0
}

// BMatching returns the spec of a b-matching market: shifts needing places people each,
// volunteers taking at most L shifts each, every arc of capacity 1, K nearest candidates per
// shift. L is the market ratio × shifts × places / volunteers, rounded, and at least 1.
func BMatching(m Market, shifts, volunteers int, places int64, k int, seed uint64) (Sparse, error) {
	p := wushe.Check("gen.BMatching")
	p.Require(m.Ratio() > 0, "Market", "must be plentiful, balanced or scarce")
	p.Require(volunteers > 0, "Volunteers", "must be positive")
	p.Require(shifts >= 0, "Shifts", "must not be negative")
	p.Require(places > 0, "Places", "must be positive")
	if err := p.Err(); err != nil {
		return Sparse{}, wushe.WithOp("gen.BMatching", err)
	}
	l := int64(math.Round(m.Ratio() * float64(shifts) * float64(places) / float64(volunteers)))
	s := Sparse{
		Demands: shifts, Supplies: volunteers, K: k, Candidates: Nearest,
		DemandUnits: places, SupplyUnits: max(1, l), ArcCap: 1, Seed: seed,
	}
	if err := s.Validate(); err != nil {
		return Sparse{}, wushe.WithOp("gen.BMatching", err)
	}
	return s, nil
}

// grid is a uniform spatial index over points in a square: cell (cx, cy) lists the indices
// of the points inside it, in index order.
type grid struct {
	pts   []point
	n     int     // cells per side
	size  float64 // cell side in metres
	start []int32 // cell c holds idx[start[c]:start[c+1]]
	idx   []int32
}

// newGrid sizes the cells so that each holds about two points.
func newGrid(pts []point, side float64) *grid {
	n := max(1, int(math.Sqrt(float64(len(pts))/2)))
	g := &grid{pts: pts, n: n, size: side / float64(n), start: make([]int32, n*n+1)}
	cell := make([]int32, len(pts))
	for i, q := range pts {
		c := g.cellOf(q)
		cell[i] = int32(c)
		g.start[c+1]++
	}
	for c := 1; c <= n*n; c++ {
		g.start[c] += g.start[c-1]
	}
	fill := slices.Clone(g.start[:n*n])
	g.idx = make([]int32, len(pts))
	for i, c := range cell {
		g.idx[fill[c]] = int32(i)
		fill[c]++
	}
	return g
}

func (g *grid) coord(v float64) int { return min(g.n-1, max(0, int(v/g.size))) }

func (g *grid) cellOf(q point) int { return g.coord(q.y)*g.n + g.coord(q.x) }

// neighbour is a candidate point and its squared distance from the query.
type neighbour struct {
	d2    float64
	index int
}

func closer(a, b neighbour) int {
	if c := cmp.Compare(a.d2, b.d2); c != 0 {
		return c
	}
	return cmp.Compare(a.index, b.index)
}

// nearest appends the k points nearest to q to buf, nearest first, ties by index. It scans
// square rings of cells outwards and stops once k points are known and no point of the next
// ring can be closer than the k-th: every point of ring r+1 is at least r cell sides away.
func (g *grid) nearest(q point, k int, buf []neighbour) []neighbour {
	if k <= 0 || len(g.pts) == 0 {
		return buf
	}
	cx, cy := g.coord(q.x), g.coord(q.y)
	found := buf
	base := len(buf)
	for r := 0; r < g.n; r++ {
		for y := cy - r; y <= cy+r; y++ {
			if y < 0 || y >= g.n {
				continue
			}
			step := 1
			if y != cy-r && y != cy+r {
				step = 2 * r // only the ring's left and right cells
			}
			for x := cx - r; x <= cx+r; x += max(step, 1) {
				if x < 0 || x >= g.n {
					continue
				}
				c := y*g.n + x
				for _, i := range g.idx[g.start[c]:g.start[c+1]] {
					p := g.pts[i]
					dx, dy := p.x-q.x, p.y-q.y
					found = append(found, neighbour{dx*dx + dy*dy, int(i)})
				}
			}
		}
		cand := found[base:]
		if len(cand) >= k {
			slices.SortFunc(cand, closer)
			found = found[:base+k]
			reach := float64(r) * g.size
			if found[base+k-1].d2 < reach*reach {
				return found
			}
		}
	}
	slices.SortFunc(found[base:], closer)
	if len(found)-base > k {
		found = found[:base+k]
	}
	return found
}
