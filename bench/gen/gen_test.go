package gen

import (
	"bufio"
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
)

func matrixBytes(t *testing.T, d Dense) []byte {
	t.Helper()
	m, err := d.Matrix()
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, WriteMatrix(&b, m))
	return b.Bytes()
}

func dimacsBytes(t *testing.T, s Sparse) ([]byte, Encoding) {
	t.Helper()
	p, err := s.Problem()
	require.NoError(t, err)
	var b bytes.Buffer
	e, err := WriteDIMACS(&b, p)
	require.NoError(t, err)
	return b.Bytes(), e
}

func TestDenseDeterministic(t *testing.T) {
	for _, c := range []CostModel{Uniform, Geographic} {
		d := Dense{Rows: 7, Cols: 11, Costs: c, Seed: 42}
		a, b := matrixBytes(t, d), matrixBytes(t, d)
		assert.Equal(t, a, b, "same seed, same bytes")
		d.Seed = 43
		assert.NotEqual(t, a, matrixBytes(t, d), "another seed, another matrix")
	}
}

func TestDenseShapesAndRanges(t *testing.T) {
	m, err := Dense{Rows: 30, Cols: 50, Costs: Uniform, MaxCost: 9, Seed: 1}.Matrix()
	require.NoError(t, err)
	assert.Equal(t, 30, m.Rows)
	assert.Equal(t, 50, m.Cols)
	require.Len(t, m.Cost, 1500)
	seen := map[int64]bool{}
	for _, c := range m.Cost {
		assert.True(t, c >= 0 && c <= 9, "uniform cost %d outside [0, 9]", c)
		seen[c] = true
	}
	assert.Len(t, seen, 10, "1500 draws hit every value of [0, 9]")

	side := 1000.0
	g, err := Dense{Rows: 40, Cols: 20, Costs: Geographic, SideMeters: side, Seed: 2}.Matrix()
	require.NoError(t, err)
	diag := int64(math.Ceil(side * math.Sqrt2))
	for _, c := range g.Cost {
		assert.True(t, c >= 0 && c <= diag, "distance %d outside [0, %d]", c, diag)
	}
	// Distances obey the triangle inequality up to rounding: d(r1,c) <= d(r1,c') + d(r2,c') + d(r2,c) + 2.
	for r1 := range 5 {
		for r2 := range 5 {
			for c := range 5 {
				for c2 := range 5 {
					assert.LessOrEqual(t, g.At(r1, c), g.At(r1, c2)+g.At(r2, c2)+g.At(r2, c)+2)
				}
			}
		}
	}
	z, err := Dense{}.Matrix()
	require.NoError(t, err)
	assert.Empty(t, z.Cost)
}

func TestDenseValidate(t *testing.T) {
	err := Dense{Rows: -1, Cols: -2, Costs: "manhattan", MaxCost: -1, SideMeters: -5}.Validate()
	require.ErrorIs(t, err, wushe.ErrInvalid)
	var fields []string
	for _, e := range wushe.FieldErrors(err) {
		fields = append(fields, e.Field)
	}
	assert.ElementsMatch(t, []string{"Rows", "Cols", "Costs", "MaxCost", "SideMeters"}, fields)
	_, err = Dense{Rows: 1 << 20, Cols: 1 << 20}.Matrix()
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.Contains(t, err.Error(), "gen.Dense.Matrix")
	assert.True(t, Uniform.Valid() && Geographic.Valid() && !CostModel("x").Valid())
}

// bruteNearest is the reference: sort every point by (squared distance, index).
func bruteNearest(pts []point, q point, k int) []int {
	all := make([]neighbour, len(pts))
	for i, p := range pts {
		dx, dy := p.x-q.x, p.y-q.y
		all[i] = neighbour{dx*dx + dy*dy, i}
	}
	slices.SortFunc(all, closer)
	out := []int{}
	for _, n := range all[:min(k, len(all))] {
		out = append(out, n.index)
	}
	return out
}

func TestGridNearestMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for trial := range 300 {
		n := r.IntN(200)
		side := 1 + r.Float64()*5000
		pts := points(r, n, side)
		if trial%5 == 0 && n > 3 {
			pts[1], pts[2] = pts[0], pts[0] // exact ties
		}
		g := newGrid(pts, side)
		for range 5 {
			q := point{r.Float64() * side, r.Float64() * side}
			k := r.IntN(n + 3)
			got := []int{}
			for _, nb := range g.nearest(q, k, nil) {
				got = append(got, nb.index)
			}
			require.Equal(t, bruteNearest(pts, q, k), got, "trial %d n=%d k=%d", trial, n, k)
		}
	}
	assert.Empty(t, newGrid(nil, 10).nearest(point{}, 3, nil))
}

func TestSparseNearest(t *testing.T) {
	s := Sparse{Demands: 50, Supplies: 300, K: 8, ArcCap: 1, Seed: 3}
	p, err := s.Problem()
	require.NoError(t, err)
	require.Len(t, p.Demands, 50)
	require.Len(t, p.Supplies, 300)
	require.Len(t, p.Arcs, 400)
	assert.Equal(t, "d07", p.Demands[7].ID)
	assert.Equal(t, "s007", p.Supplies[7].ID)
	assert.Equal(t, "s299", p.Supplies[299].ID)
	assert.True(t, slices.IsSortedFunc(p.Demands, func(a, b match.Demand) int { return strings.Compare(a.ID, b.ID) }))
	assert.True(t, slices.IsSortedFunc(p.Supplies, func(a, b match.Supply) int { return strings.Compare(a.ID, b.ID) }))
	for i, a := range p.Arcs {
		assert.Equal(t, i/8, a.Demand, "arcs grouped by demand")
		assert.Equal(t, int64(1), a.Cap)
		if i%8 > 0 {
			assert.Greater(t, a.Supply, p.Arcs[i-1].Supply, "ordered by supply within a demand")
		}
	}
	// The arcs are exactly the K nearest of the generated points.
	dem := points(newRand(3, streamRows), 50, DefaultSideMeters)
	sup := points(newRand(3, streamCols), 300, DefaultSideMeters)
	for d := range 50 {
		var got []int
		for _, a := range p.Arcs[d*8 : d*8+8] {
			got = append(got, a.Supply)
			assert.Equal(t, metres(dem[d], sup[a.Supply]), a.Cost)
		}
		want := bruteNearest(sup, dem[d], 8)
		slices.Sort(want)
		assert.Equal(t, want, got)
	}
	a, _ := dimacsBytes(t, s)
	b, _ := dimacsBytes(t, s)
	assert.Equal(t, a, b, "same seed, same bytes")
	s.Seed = 4
	c, _ := dimacsBytes(t, s)
	assert.NotEqual(t, a, c)
}

func TestSparseRandom(t *testing.T) {
	p, err := Sparse{Demands: 40, Supplies: 25, K: 25, Candidates: Random, MaxCost: 5, DemandUnits: 3, SupplyUnits: 2, Seed: 9}.Problem()
	require.NoError(t, err)
	require.Len(t, p.Arcs, 40*25)
	per := map[int]map[int]bool{}
	for _, a := range p.Arcs {
		if per[a.Demand] == nil {
			per[a.Demand] = map[int]bool{}
		}
		assert.False(t, per[a.Demand][a.Supply], "distinct candidates")
		per[a.Demand][a.Supply] = true
		assert.True(t, a.Cost >= 0 && a.Cost <= 5)
		assert.Zero(t, a.Cap)
	}
	assert.Equal(t, int64(3), p.Demands[0].Units)
	assert.Equal(t, int64(2), p.Supplies[0].Units)
	// K beyond Supplies is cut to Supplies.
	q, err := Sparse{Demands: 3, Supplies: 2, K: 10, Candidates: Random, Seed: 1}.Problem()
	require.NoError(t, err)
	assert.Len(t, q.Arcs, 6)
}

func TestSparseSkills(t *testing.T) {
	base := Sparse{Demands: 200, Supplies: 400, K: 10, Skills: 8, SupplySkills: 8, Seed: 5}
	all, err := base.Problem()
	require.NoError(t, err)
	assert.Len(t, all.Arcs, 2000, "everyone holds every skill: nothing filtered")
	base.SupplySkills = 2
	some, err := base.Problem()
	require.NoError(t, err)
	assert.Less(t, len(some.Arcs), 2000)
	assert.Greater(t, len(some.Arcs), 200, "about a quarter kept")
	need, held := skills(base.withDefaults())
	for _, h := range held {
		n := 0
		for b := range 8 {
			if h&(1<<b) != 0 {
				n++
			}
		}
		assert.Equal(t, 2, n)
	}
	// Every kept arc is qualified and is one of the unfiltered arcs.
	full := map[[2]int]bool{}
	for _, a := range all.Arcs {
		full[[2]int{a.Demand, a.Supply}] = true
	}
	for _, a := range some.Arcs {
		assert.NotZero(t, held[a.Supply]&(1<<need[a.Demand]))
		assert.True(t, full[[2]int{a.Demand, a.Supply}])
	}
}

func TestSparseValidate(t *testing.T) {
	err := Sparse{Demands: -1, Supplies: -1, K: -1, Candidates: "all", DemandUnits: -1, SupplyUnits: -1,
		ArcCap: -1, Skills: 65, SideMeters: -1, MaxCost: -1}.Validate()
	require.ErrorIs(t, err, wushe.ErrInvalid)
	var fields []string
	for _, e := range wushe.FieldErrors(err) {
		fields = append(fields, e.Field)
	}
	assert.ElementsMatch(t, []string{"Demands", "Supplies", "K", "Candidates", "DemandUnits", "SupplyUnits",
		"ArcCap", "Skills", "SideMeters", "MaxCost"}, fields)
	for _, s := range []Sparse{
		{Skills: 4, SupplySkills: 5},
		{SupplySkills: 1},
		{Demands: 1 << 20, Supplies: 1 << 20, K: 1 << 10},
		{Demands: 1, DemandUnits: math.MaxInt32 + 1},
		{Supplies: 1, SupplyUnits: math.MaxInt32 + 1},
	} {
		_, err := s.Problem()
		require.ErrorIs(t, err, wushe.ErrInvalid, "%+v", s)
		assert.Contains(t, err.Error(), "gen.Sparse.Problem")
	}
	assert.True(t, Nearest.Valid() && Random.Valid() && !Candidates("x").Valid())
}

func TestBMatching(t *testing.T) {
	want := map[Market]int64{Plentiful: 4, Balanced: 2, Scarce: 1}
	for m, l := range want {
		s, err := BMatching(m, 100, 200, 4, 12, 1)
		require.NoError(t, err)
		assert.Equal(t, l, s.SupplyUnits, m)
		assert.Equal(t, int64(4), s.DemandUnits)
		assert.Equal(t, int64(1), s.ArcCap)
		p, err := s.Problem()
		require.NoError(t, err)
		var d, sup int64
		for _, x := range p.Demands {
			d += x.Units
		}
		for _, x := range p.Supplies {
			sup += x.Units
		}
		assert.InDelta(t, m.Ratio(), float64(sup)/float64(d), 0.01, m)
	}
	s, err := BMatching(Scarce, 10, 1000, 1, 3, 1)
	require.NoError(t, err)
	assert.Equal(t, int64(1), s.SupplyUnits, "at least one shift each")
	_, err = BMatching("glut", 0, 0, 0, 1, 1)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.Len(t, wushe.FieldErrors(err), 3)
	_, err = BMatching(Balanced, 10, 10, 1, -1, 1)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.Zero(t, Market("x").Ratio())
}

func TestWriteMatrixFormat(t *testing.T) {
	m := match.NewMatrix(2, 3)
	copy(m.Cost, []int64{1, -2, 3, 40, 0, 6})
	var b bytes.Buffer
	require.NoError(t, WriteMatrix(&b, m))
	assert.Equal(t, "2 3\n1 -2 3\n40 0 6\n", b.String())
	err := WriteMatrix(&b, m.Forbid(0, 1))
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.Contains(t, err.Error(), "gen.WriteMatrix")
	err = WriteMatrix(&b, match.Matrix{Rows: 2, Cols: 2})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	require.Error(t, WriteMatrix(failWriter{}, m))
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteDIMACSLayout(t *testing.T) {
	p := &match.Problem{
		Demands:  []match.Demand{{ID: "a", Units: 2}, {ID: "b", Units: 1, Penalty: 0}},
		Supplies: []match.Supply{{ID: "x", Units: 1}, {ID: "y", Units: 3}},
		Arcs:     []match.Arc{{Demand: 0, Supply: 0, Cost: 5, Cap: 1}, {Demand: 0, Supply: 1, Cost: 7}, {Demand: 1, Supply: 1, Cost: -2}},
	}
	var b bytes.Buffer
	e, err := WriteDIMACS(&b, p)
	require.NoError(t, err)
	// span = 7 - (-2) = 9, total 3: Big = 28.
	assert.Equal(t, Encoding{Demands: 2, Supplies: 2, Nodes: 6, Arcs: 9, Total: 3, Big: 28, Lexicographic: true, MinCost: -2}, e)
	assert.Equal(t, strings.Join([]string{
		"c wushe bipartite 2 2",
		"c wushe big 28 total 3",
		"p min 6 9",
		"n 1 3",
		"n 6 -3",
		"a 1 2 0 2 0",
		"a 1 3 0 1 0",
		"a 2 4 0 1 5",
		"a 2 5 0 2 7",
		"a 3 5 0 1 -2",
		"a 4 6 0 1 0",
		"a 5 6 0 3 0",
		"a 2 6 0 2 28",
		"a 3 6 0 1 28",
	}, "\n")+"\n", b.String())
	_, err = WriteDIMACS(failWriter{}, p)
	require.Error(t, err)
}

func TestWriteDIMACSRejects(t *testing.T) {
	_, err := WriteDIMACS(&bytes.Buffer{}, nil)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	bad := &match.Problem{
		Demands:  []match.Demand{{Units: -1, Penalty: -1}},
		Supplies: []match.Supply{{Units: -1}},
		Arcs:     []match.Arc{{Demand: 1, Supply: -1, Cap: -1, Cost: math.MaxInt64}},
	}
	var b bytes.Buffer
	_, err = WriteDIMACS(&b, bad)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.Contains(t, err.Error(), "gen.WriteDIMACS")
	var fields []string
	for _, e := range wushe.FieldErrors(err) {
		fields = append(fields, e.Field)
	}
	assert.ElementsMatch(t, []string{"Demands[0].Units", "Demands[0].Penalty", "Supplies[0].Units",
		"Arcs[0].Demand", "Arcs[0].Supply", "Arcs[0].Cap", "Arcs[0].Cost"}, fields)
	assert.Zero(t, b.Len(), "nothing written for a rejected problem")

	huge := &match.Problem{Demands: []match.Demand{{Units: 1 << 30}}, Supplies: []match.Supply{{Units: 1}},
		Arcs: []match.Arc{{Cost: 1 << 20}}}
	_, err = WriteDIMACS(&b, huge)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	many := &match.Problem{Demands: []match.Demand{{Units: 1 << 60}, {Units: 1 << 60}}}
	_, err = WriteDIMACS(&b, many)
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestEncodingSplitAndObjective(t *testing.T) {
	e := Encoding{Total: 10, Big: 1001, Lexicographic: true, MinCost: -50}
	for _, c := range []struct{ unfilled, cost int64 }{{0, 0}, {3, 999 - 500}, {10, -500}, {1, 400}} {
		obj := e.Objective(c.cost, 0, c.unfilled)
		u, k, err := e.Split(obj)
		require.NoError(t, err)
		assert.Equal(t, c.unfilled, u)
		assert.Equal(t, c.cost, k)
	}
	assert.Equal(t, int64(7+5+2*1001), e.Objective(7, 5, 2))
	e.Lexicographic = false
	_, _, err := e.Split(5)
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

// network is a parsed DIMACS file.
type network struct {
	n      int
	supply []int64
	arcs   [][5]int64 // tail, head, low, cap, cost
}

func parseDIMACS(t *testing.T, b []byte) network {
	t.Helper()
	var nw network
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		num := func(i int) int64 {
			v, err := strconv.ParseInt(f[i], 10, 64)
			require.NoError(t, err)
			return v
		}
		switch f[0] {
		case "p":
			nw.n = int(num(2))
			nw.supply = make([]int64, nw.n+1)
		case "n":
			nw.supply[num(1)] = num(2)
		case "a":
			nw.arcs = append(nw.arcs, [5]int64{num(1), num(2), num(3), num(4), num(5)})
		}
	}
	return nw
}

// minCostFlow solves a network with one source (node 1) and one sink (node n) by
// successive shortest paths with Bellman-Ford: a small, independent reference.
func minCostFlow(nw network) int64 {
	type edge struct {
		to     int
		cap, c int64
		rev    int
	}
	g := make([][]edge, nw.n+1)
	for _, a := range nw.arcs {
		u, v := int(a[0]), int(a[1])
		g[u] = append(g[u], edge{v, a[3], a[4], len(g[v])})
		g[v] = append(g[v], edge{u, 0, -a[4], len(g[u]) - 1})
	}
	need, total := nw.supply[1], int64(0)
	for need > 0 {
		dist := make([]int64, nw.n+1)
		prev := make([][2]int, nw.n+1)
		for i := range dist {
			dist[i] = math.MaxInt64
		}
		dist[1] = 0
		for changed := true; changed; {
			changed = false
			for u := 1; u <= nw.n; u++ {
				if dist[u] == math.MaxInt64 {
					continue
				}
				for i, e := range g[u] {
					if e.cap > 0 && dist[u]+e.c < dist[e.to] {
						dist[e.to] = dist[u] + e.c
						prev[e.to] = [2]int{u, i}
						changed = true
					}
				}
			}
		}
		f := need
		for v := nw.n; v != 1; v = prev[v][0] {
			f = min(f, g[prev[v][0]][prev[v][1]].cap)
		}
		for v := nw.n; v != 1; v = prev[v][0] {
			e := &g[prev[v][0]][prev[v][1]]
			e.cap -= f
			g[v][e.rev].cap += f
		}
		need -= f
		total += f * dist[nw.n]
	}
	return total
}

// lexBest enumerates every subset of arcs of a one-unit problem that is a matching and
// returns the most pairs, then the least cost.
func lexBest(p *match.Problem) (pairs int, cost int64) {
	best, bestCost := -1, int64(0)
	for mask := 0; mask < 1<<len(p.Arcs); mask++ {
		usedD, usedS := map[int]bool{}, map[int]bool{}
		n, c, ok := 0, int64(0), true
		for i, a := range p.Arcs {
			if mask&(1<<i) == 0 {
				continue
			}
			if usedD[a.Demand] || usedS[a.Supply] {
				ok = false
				break
			}
			usedD[a.Demand], usedS[a.Supply] = true, true
			n++
			c += a.Cost
		}
		if ok && (n > best || n == best && c < bestCost) {
			best, bestCost = n, c
		}
	}
	return best, bestCost
}

// TestDIMACSEncodesLexicographicOptimum checks the encoding's central claim on random
// one-unit problems: the min-cost flow of the written network, split with the Encoding,
// is the lexicographic optimum found by enumeration, including with negative costs.
func TestDIMACSEncodesLexicographicOptimum(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	for trial := range 200 {
		d, s := 1+r.IntN(4), 1+r.IntN(4)
		p := &match.Problem{Demands: make([]match.Demand, d), Supplies: make([]match.Supply, s)}
		for i := range p.Demands {
			p.Demands[i].Units = 1
		}
		for j := range p.Supplies {
			p.Supplies[j].Units = 1
		}
		for i := range d {
			for j := range s {
				if r.IntN(3) > 0 && len(p.Arcs) < 12 {
					p.Arcs = append(p.Arcs, match.Arc{Demand: i, Supply: j, Cost: r.Int64N(200) - 40})
				}
			}
		}
		var b bytes.Buffer
		e, err := WriteDIMACS(&b, p)
		require.NoError(t, err)
		obj := minCostFlow(parseDIMACS(t, b.Bytes()))
		unfilled, cost, err := e.Split(obj)
		require.NoError(t, err)
		pairs, want := lexBest(p)
		require.Equal(t, int64(d-pairs), unfilled, "trial %d", trial)
		require.Equal(t, want, cost, "trial %d", trial)
	}
}

// TestDIMACSBMatchingNoDoubleFill checks that a shift needing two people cannot be filled
// twice by one volunteer: arcs of Cap 1 hold the flow to one unit per pair.
func TestDIMACSBMatchingNoDoubleFill(t *testing.T) {
	p := &match.Problem{
		Demands:  []match.Demand{{Units: 2}},
		Supplies: []match.Supply{{Units: 2}, {Units: 2}},
		Arcs:     []match.Arc{{Demand: 0, Supply: 0, Cost: 1, Cap: 1}, {Demand: 0, Supply: 1, Cost: 100, Cap: 1}},
	}
	var b bytes.Buffer
	e, err := WriteDIMACS(&b, p)
	require.NoError(t, err)
	u, c, err := e.Split(minCostFlow(parseDIMACS(t, b.Bytes())))
	require.NoError(t, err)
	assert.Equal(t, int64(0), u)
	assert.Equal(t, int64(101), c, "the far volunteer fills the second place")
}

func TestInstances(t *testing.T) {
	for _, set := range []string{SmokeSet, FullSet} {
		insts, err := Instances(set, 1)
		require.NoError(t, err)
		names := map[string]bool{}
		groups := 0
		for _, in := range insts {
			assert.False(t, names[in.Name], "unique name %s", in.Name)
			names[in.Name] = true
			assert.True(t, (in.Dense == nil) != (in.Sparse == nil), in.Name)
			if in.Dense != nil {
				require.NoError(t, in.Dense.Validate(), in.Name)
			} else {
				require.NoError(t, in.Sparse.Validate(), in.Name)
			}
			require.NotEmpty(t, in.Peers)
			assert.Equal(t, in.Target.Peer, in.Peers[0], in.Name)
			assert.True(t, in.Target.MaxRatio > 0 || in.Target.MaxMillis > 0, in.Name)
			if in.Target.Group != "" {
				groups++
			}
		}
		assert.Len(t, insts, 11, set) // 4 dense square, 1 rectangular, 3 sparse, 3 b-matching
		assert.Equal(t, 3, groups, "plentiful, balanced and scarce b-matching")
	}
	full, _ := Instances(FullSet, 1)
	var withNX []string
	for _, in := range full {
		if slices.Contains(in.Peers, NetworkX) {
			withNX = append(withNX, in.Name)
		}
	}
	assert.Equal(t, []string{"bmatch-plentiful-10000x20000"}, withNX, "networkx only where it takes seconds")
	again, _ := Instances(FullSet, 1)
	assert.Equal(t, full, again)
	other, _ := Instances(FullSet, 2)
	assert.NotEqual(t, full[0].Dense.Seed, other[0].Dense.Seed)
	_, err := Instances("huge", 1)
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestTargetString(t *testing.T) {
	assert.Equal(t, "<= 0.85x scipy_lap", Target{Peer: ScipyLAP, MaxRatio: 0.85}.String())
	assert.Equal(t, "<= 10 ms", Target{Peer: LEMON, MaxMillis: 10}.String())
	assert.Equal(t, "<= 1.5x lemon, <= 3 ms (b-matching geomean <= 1x)",
		Target{Peer: LEMON, MaxRatio: 1.5, MaxMillis: 3, Group: "b-matching", GroupGeoMean: 1}.String())
}

func FuzzSparse(f *testing.F) {
	f.Add(10, 20, 3, int64(1), int64(1), int64(0), 0, 0, uint64(1), false)
	f.Add(5, 5, 9, int64(3), int64(2), int64(1), 6, 2, uint64(2), true)
	f.Add(-1, 0, -3, int64(0), int64(-4), int64(-1), 70, 80, uint64(0), false)
	f.Fuzz(func(t *testing.T, d, s, k int, du, su, cp int64, skills, held int, seed uint64, random bool) {
		if d > 300 || s > 300 || k > 300 {
			t.Skip()
		}
		sp := Sparse{Demands: d, Supplies: s, K: k, DemandUnits: du, SupplyUnits: su, ArcCap: cp,
			Skills: skills, SupplySkills: held, Seed: seed}
		if random {
			sp.Candidates = Random
		}
		p, err := sp.Problem()
		if err != nil {
			require.ErrorIs(t, err, wushe.ErrInvalid)
			require.NotEmpty(t, wushe.FieldErrors(err))
			return
		}
		per := make([]int, d)
		for _, a := range p.Arcs {
			require.True(t, a.Demand >= 0 && a.Demand < d && a.Supply >= 0 && a.Supply < s)
			require.GreaterOrEqual(t, a.Cost, int64(0))
			per[a.Demand]++
		}
		for _, n := range per {
			require.LessOrEqual(t, n, min(k, s))
		}
		var b bytes.Buffer
		e, err := WriteDIMACS(&b, p)
		require.NoError(t, err)
		nw := parseDIMACS(t, b.Bytes())
		require.Equal(t, e.Nodes, nw.n)
		require.Len(t, nw.arcs, e.Arcs)
	})
}

func FuzzDense(f *testing.F) {
	f.Add(3, 4, "uniform", int64(10), 100.0, uint64(1))
	f.Add(0, 5, "geographic", int64(0), 0.0, uint64(2))
	f.Add(-1, 5, "x", int64(-1), -1.0, uint64(3))
	f.Fuzz(func(t *testing.T, r, c int, model string, maxCost int64, side float64, seed uint64) {
		if r > 200 || c > 200 {
			t.Skip()
		}
		d := Dense{Rows: r, Cols: c, Costs: CostModel(model), MaxCost: maxCost, SideMeters: side, Seed: seed}
		m, err := d.Matrix()
		if err != nil {
			require.ErrorIs(t, err, wushe.ErrInvalid)
			return
		}
		require.NoError(t, m.Validate())
		var b bytes.Buffer
		require.NoError(t, WriteMatrix(&b, m))
		require.Equal(t, r+1, bytes.Count(b.Bytes(), []byte("\n")))
	})
}

// TestClustered: clustered points lie nearer to each other than uniform ones (a shift's
// nearest candidates are closer), each demand gets K to K + KSpread candidates, the same
// seed gives the same problem, and the instance set has the three markets at two sizes.
func TestClustered(t *testing.T) {
	base := Sparse{Demands: 400, Supplies: 800, K: 20, DemandUnits: 4, SupplyUnits: 2, ArcCap: 1, Seed: 5}
	cl := base
	cl.Clusters, cl.KSpread = 6, 10
	p, err := cl.Problem()
	require.NoError(t, err)
	again, err := cl.Problem()
	require.NoError(t, err)
	assert.Equal(t, p, again)
	per := make([]int, cl.Demands)
	var clCost, uniCost int64
	for _, a := range p.Arcs {
		per[a.Demand]++
		clCost += a.Cost
	}
	for d, n := range per {
		assert.True(t, n >= cl.K && n <= cl.K+cl.KSpread, "demand %d has %d candidates", d, n)
	}
	assert.Greater(t, slices.Max(per), slices.Min(per), "the spread varies the candidates")
	u, err := base.Problem()
	require.NoError(t, err)
	for _, a := range u.Arcs {
		uniCost += a.Cost
	}
	assert.Less(t, float64(clCost)/float64(len(p.Arcs)), float64(uniCost)/float64(len(u.Arcs)), "clustered candidates are nearer")

	bad := base
	bad.Candidates, bad.Clusters = Random, 3
	require.ErrorIs(t, bad.Validate(), wushe.ErrInvalid)
	bad = base
	bad.KSpread = -1
	require.ErrorIs(t, bad.Validate(), wushe.ErrInvalid)

	insts, err := Instances(ClusteredSet, 1)
	require.NoError(t, err)
	require.Len(t, insts, 6)
	for _, in := range insts {
		require.NotNil(t, in.Sparse, in.Name)
		require.NoError(t, in.Sparse.Validate(), in.Name)
		assert.Positive(t, in.Sparse.Clusters, in.Name)
		assert.Equal(t, Target{Peer: LEMON, MaxRatio: 1.5, Group: "clustered b-matching", GroupGeoMean: 1.0}, in.Target)
	}
}
