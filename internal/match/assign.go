package match

import (
	"math"
	"strconv"

	"github.com/wushe/wushe"
)

const opAssign = "match.Assign"

// lapLimit bounds every magnitude the dense solver works with. If the largest allowed cost
// magnitude C and the largest potential magnitude V satisfy C+V <= lapLimit, every
// intermediate value (reduced costs, path lengths, potential updates) stays within
// 4·(C+V) <= MaxInt64 and cannot wrap. Assign checks the bound before it starts and after
// every potential update and fails with an error instead of wrapping.
const lapLimit = math.MaxInt64 / 4

// Matrix is a dense cost matrix for Assign: Rows × Cols entries stored row-major in Cost,
// the entry of row i and column j at Cost[i*Cols+j]. Forbidden, when not nil, has the same
// layout and marks the pairs that may not be assigned; a forbidden pair's cost is ignored.
type Matrix struct {
	Rows, Cols int
	Cost       []int64
	Forbidden  []bool
}

// NewMatrix returns a rows × cols matrix of zero costs with no forbidden pairs.
func NewMatrix(rows, cols int) Matrix {
	return Matrix{Rows: rows, Cols: cols, Cost: make([]int64, rows*cols)}
}

// At returns the cost of row i and column j.
func (m Matrix) At(i, j int) int64 { return m.Cost[i*m.Cols+j] }

// Set sets the cost of row i and column j.
func (m Matrix) Set(i, j int, c int64) { m.Cost[i*m.Cols+j] = c }

// Allowed reports whether row i and column j may be paired.
func (m Matrix) Allowed(i, j int) bool { return m.Forbidden == nil || !m.Forbidden[i*m.Cols+j] }

// Forbid marks the pair (i, j) as not assignable, allocating the mask on first use, and
// returns the matrix (whose Forbidden field may now be set).
func (m Matrix) Forbid(i, j int) Matrix {
	if m.Forbidden == nil {
		m.Forbidden = make([]bool, len(m.Cost))
	}
	m.Forbidden[i*m.Cols+j] = true
	return m
}

// Validate checks the shape: non-negative dimensions, len(Cost) = Rows·Cols and a
// Forbidden mask that is nil or of the same length.
func (m Matrix) Validate() error {
	p := wushe.Check("Matrix")
	p.Require(m.Rows >= 0, "Rows", "must not be negative")
	p.Require(m.Cols >= 0, "Cols", "must not be negative")
	if m.Rows >= 0 && m.Cols >= 0 {
		if m.Cols > 0 && m.Rows > math.MaxInt/m.Cols {
			p.Addf("Rows", "%d × %d entries do not fit in memory", m.Rows, m.Cols)
		} else {
			n := m.Rows * m.Cols
			if len(m.Cost) != n {
				p.Addf("Cost", "has %d entries, want Rows × Cols = %d", len(m.Cost), n)
			}
			if m.Forbidden != nil && len(m.Forbidden) != n {
				p.Addf("Forbidden", "has %d entries, want Rows × Cols = %d", len(m.Forbidden), n)
			}
		}
	}
	return p.Err()
}

// AssignOptions tunes Assign. The zero value (or nil) minimises.
type AssignOptions struct {
	// Maximise finds the assignment of greatest total instead of least.
	Maximise bool
}

// Assignment is the answer of Assign.
//
// Every row is assigned when Rows <= Cols, every column when Rows > Cols; the other side
// has Rows-Cols (or Cols-Rows) entries left unassigned (-1).
//
// The potentials are an optimal dual solution. When minimising, for every allowed pair
// RowPotential[i] + ColPotential[j] <= cost(i, j), with equality on assigned pairs, and the
// potential of an unassigned row or column is 0 while every other one on that side is <= 0.
// When maximising, the inequalities are reversed (>= and >= 0). Reduced gives the reduced
// cost of a pair, the least amount by which the objective worsens if the pair is forced.
type Assignment struct {
	// RowCol[i] is the column assigned to row i, or -1.
	RowCol []int
	// ColRow[j] is the row assigned to column j, or -1.
	ColRow []int
	// Cost is the total cost of the assigned pairs.
	Cost int64
	// RowPotential and ColPotential are the dual values (see the type's doc).
	RowPotential, ColPotential []int64
	// Maximise records the sense the assignment was solved in.
	Maximise bool
}

// Reduced returns the reduced cost of pairing row i with column j of m, the matrix that
// was solved: cost - RowPotential[i] - ColPotential[j] when minimising,
// RowPotential[i] + ColPotential[j] - cost when maximising. It is 0 on assigned pairs and
// >= 0 on every allowed pair, and it is a lower bound on how much the objective worsens
// when the pair is forced; ForcedCost gives the exact figure.
func (a *Assignment) Reduced(m Matrix, i, j int) int64 {
	if a.Maximise {
		return a.RowPotential[i] + a.ColPotential[j] - m.At(i, j)
	}
	return m.At(i, j) - a.RowPotential[i] - a.ColPotential[j]
}

// Assign solves the rectangular linear assignment problem on m: pair each row with a
// distinct column (each column with a distinct row when Rows > Cols), never using a
// forbidden pair, at the least total cost (greatest with opts.Maximise).
//
// The method is a shortest augmenting path algorithm in the manner of Jonker and
// Volgenant: for square matrices column reduction, reduction transfer and two rounds of
// augmenting row reduction build an initial partial assignment, then each free row is
// assigned along a Dijkstra-like shortest augmenting path over reduced costs. Rectangular
// matrices skip the column steps (they would break the dual conditions of the columns left
// unassigned) and start from zero potentials. A matrix with more rows than columns is
// solved transposed; maximising solves the negated matrix. Both cost one copy of the
// matrix; the plain case copies nothing.
//
// Arithmetic is exact in int64 and has no built-in infinity: forbidden pairs are a mask.
// Assign fails with KindInvalid (Field "Cost") rather than wrap when an intermediate value
// could leave int64, and when the total cost overflows. The rule it checks: with C the
// largest allowed cost magnitude and V the largest potential magnitude so far,
// C + V <= 2^61 (MaxInt64/4), which bounds every sum it forms by MaxInt64. Potentials
// stay within about 3·C on the random matrices of the tests, so costs up to 2^58 in
// magnitude solve; costs meant as scores scaled by 10^4 are far below that.
//
// Assign requires a complete assignment of the smaller side. When forbidden pairs make
// that impossible it fails with KindInsufficient (Field "Forbidden") naming the first row
// (or column, for tall matrices) that could not be placed; use Solve, whose objective fills
// as much as possible first, when some rows may stay unassigned.
//
// Ties: the result is a fixed function of the matrix. Scans run in index order and keep
// the first of equal candidates, so among equally good answers the one returned does not
// change between runs or machines.
func Assign(m Matrix, opts *AssignOptions) (*Assignment, error) {
	if err := m.Validate(); err != nil {
		return nil, wushe.WithOp(opAssign, err)
	}
	maximise := opts != nil && opts.Maximise
	n, cols := m.Rows, m.Cols
	transposed := n > cols
	c := m.Cost
	mask := m.Forbidden
	if transposed || maximise {
		var err error
		c, mask, err = prepare(m, transposed, maximise)
		if err != nil {
			return nil, err
		}
		if transposed {
			n, cols = cols, n
		}
	}
	s := solver{n: n, m: cols, c: c, mask: mask, rowName: "row", colName: "column"}
	if transposed {
		s.rowName, s.colName = "column", "row"
	}
	if err := s.solve(); err != nil {
		return nil, err
	}
	// u_i = c(i, x_i) - v(x_i): the row potentials of the solved (prepared) matrix.
	u := make([]int64, n)
	for i := 0; i < n; i++ {
		j := s.rowsol[i]
		u[i] = c[i*cols+j] - s.v[j]
	}
	a := &Assignment{Maximise: maximise}
	if transposed {
		a.RowCol, a.ColRow = s.colsol, s.rowsol
		a.RowPotential, a.ColPotential = s.v, u
	} else {
		a.RowCol, a.ColRow = s.rowsol, s.colsol
		a.RowPotential, a.ColPotential = u, s.v
	}
	if maximise {
		for i := range a.RowPotential {
			a.RowPotential[i] = -a.RowPotential[i]
		}
		for j := range a.ColPotential {
			a.ColPotential[j] = -a.ColPotential[j]
		}
	}
	var total int64
	for i, j := range a.RowCol {
		if j < 0 {
			continue
		}
		x := m.Cost[i*m.Cols+j]
		s := total + x
		if (s^total)&(s^x) < 0 {
			return nil, &wushe.Error{Op: opAssign, Kind: wushe.KindInvalid, Entity: "Matrix", Field: "Cost",
				Msg: "the total cost of the assignment overflows int64"}
		}
		total = s
	}
	a.Cost = total
	return a, nil
}

// prepare copies m into a matrix with at most as many rows as columns, negated when
// maximising.
func prepare(m Matrix, transposed, maximise bool) ([]int64, []bool, error) {
	c := make([]int64, len(m.Cost))
	var mask []bool
	if m.Forbidden != nil {
		mask = make([]bool, len(m.Forbidden))
	}
	for i := 0; i < m.Rows; i++ {
		for j := 0; j < m.Cols; j++ {
			k := i*m.Cols + j
			x := m.Cost[k]
			forbidden := m.Forbidden != nil && m.Forbidden[k]
			if maximise {
				if x == math.MinInt64 && !forbidden {
					return nil, nil, &wushe.Error{Op: opAssign, Kind: wushe.KindInvalid, Entity: "Matrix",
						Field: wushe.Index("Cost", k), Msg: "cannot be negated in int64 to maximise"}
				}
				x = -x
			}
			t := k
			if transposed {
				t = j*m.Rows + i
			}
			c[t] = x
			if mask != nil {
				mask[t] = forbidden
			}
		}
	}
	return c, mask, nil
}

// solver holds one run of the shortest augmenting path algorithm on an n × m matrix with
// n <= m. Reduced costs are c(i, j) - v(j); the row potential is implicit.
type solver struct {
	n, m   int
	c      []int64
	mask   []bool
	v      []int64
	rowsol []int
	colsol []int
	free   []int
	// scratch for augmentation, allocated once.
	d    []int64
	pred []int
	col  []int
	pv   []int64
	// bound is the largest allowed cost magnitude; vmax the largest potential magnitude.
	bound, vmax int64
	// rowName and colName name the sides in errors ("row", "column"; swapped when transposed).
	rowName, colName string
}

func (s *solver) allowed(i, j int) bool { return s.mask == nil || !s.mask[i*s.m+j] }

func (s *solver) overflow() error {
	return &wushe.Error{Op: opAssign, Kind: wushe.KindInvalid, Entity: "Matrix", Field: "Cost",
		Msg: "cost magnitudes too large to solve exactly in int64 (potentials would overflow)"}
}

// track records a new potential and fails when the magnitude bound would be broken.
func (s *solver) track(x int64) error {
	if x < 0 {
		x = -x
	}
	if x > s.vmax {
		s.vmax = x
		if s.vmax > lapLimit-s.bound {
			return s.overflow()
		}
	}
	return nil
}

// flipPath augments along the shortest path found from free row f to the free column end:
// walking back through pred, each column on the path takes the row before it.
func (s *solver) flipPath(pred, colsol []int, end, f int) {
	for {
		i := pred[end]
		colsol[end] = i
		j := s.rowsol[i]
		s.rowsol[i] = end
		if i == f {
			return
		}
		end = j
	}
}

func (s *solver) solve() error {
	n, m := s.n, s.m
	s.v = make([]int64, m)
	s.rowsol = make([]int, n)
	s.colsol = make([]int, m)
	for i := range s.rowsol {
		s.rowsol[i] = -1
	}
	for j := range s.colsol {
		s.colsol[j] = -1
	}
	if n == 0 {
		return nil
	}
	// The magnitude bound.
	for k, x := range s.c {
		if s.mask != nil && s.mask[k] {
			continue
		}
		if x == math.MinInt64 || x > lapLimit || x < -lapLimit {
			return s.overflow()
		}
		if x < 0 {
			x = -x
		}
		if x > s.bound {
			s.bound = x
		}
	}
	s.free = make([]int, 0, n)
	if n == m {
		if err := s.columnReduction(); err != nil {
			return err
		}
	} else {
		for i := 0; i < n; i++ {
			s.free = append(s.free, i)
		}
	}
	for pass := 0; pass < 2 && len(s.free) > 0; pass++ {
		if err := s.augmentingRowReduction(); err != nil {
			return err
		}
	}
	s.d = make([]int64, m)
	s.pred = make([]int, m)
	s.col = make([]int, m)
	if s.mask == nil {
		s.pv = make([]int64, m)
	}
	for _, f := range s.free {
		var err error
		if s.mask == nil {
			err = s.augmentDense(f)
		} else {
			err = s.augment(f)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// augmentDense is augment for a matrix without forbidden pairs. It keeps the columns in
// scan order with, per position k, the column pc[k], its potential pv[k] and
// w[k] = d + v, the column's tentative distance plus its potential. Relaxing row i with
// u1 = its reduced-cost offset then compares c(i, j) - u1 with w[k] directly, so the inner
// loop reads the cost row (gathered), pc and w, and touches pv only on an improvement.
func (s *solver) augmentDense(f int) error {
	m, c, v := s.m, s.c, s.v
	pc, pv, w := s.col[:m], s.pv[:m], s.d[:m]
	pred := s.pred[:m]
	colsol := s.colsol[:m]
	frow := c[f*m : f*m+m]
	for j := range pc {
		pc[j] = j
		pv[j] = v[j]
		w[j] = frow[j]
		pred[j] = f
	}
	low, up, last := 0, 0, 0
	end := -1
	var mn int64
scan:
	for {
		if up == low {
			last = low
			mn = w[up] - pv[up]
			up++
			for k := up; k < len(w); k++ {
				h := w[k] - pv[k]
				if h <= mn {
					if h < mn {
						up = low
						mn = h
					}
					pc[k], pc[up] = pc[up], pc[k]
					pv[k], pv[up] = pv[up], pv[k]
					w[k], w[up] = w[up], w[k]
					up++
				}
			}
			for k := low; k < up; k++ {
				if colsol[pc[k]] < 0 {
					end = pc[k]
					break scan
				}
			}
		}
		j1 := pc[low]
		i := colsol[j1]
		row := c[i*m : i*m+m]
		// d(j) via row i is c(i, j) - v(j) - u1, so the test d < d(j) is x < w(j).
		u1 := row[j1] - pv[low] - mn
		low++
		for k := up; k < len(w); k++ {
			j := pc[k]
			x := row[j] - u1
			if x < w[k] {
				w[k] = x
				pred[j] = i
				if x-pv[k] == mn {
					if colsol[j] < 0 {
						end = j
						break scan
					}
					pc[k], pc[up] = pc[up], j
					pv[k], pv[up] = pv[up], pv[k]
					w[k], w[up] = w[up], x
					up++
				}
			}
		}
	}
	for k := 0; k < last; k++ {
		x := w[k] - mn
		v[pc[k]] = x
		if err := s.track(x); err != nil {
			return err
		}
	}
	s.flipPath(pred, colsol, end, f)
	return nil
}

// columnReduction (square matrices): v(j) is the least cost of column j; each column is
// given to its cheapest row (the first on ties) if that row has no column yet or this
// column is cheaper; then reduction transfer lowers the potential of each row's only
// column by the row's second-best reduced cost. Rows left without a column become free.
func (s *solver) columnReduction() error {
	n, m, c := s.n, s.m, s.c
	imin := make([]int, m)
	has := make([]bool, m)
	for i := 0; i < n; i++ {
		row := c[i*m : i*m+m]
		for j, x := range row {
			if s.mask != nil && s.mask[i*m+j] {
				continue
			}
			if !has[j] || x < s.v[j] {
				s.v[j] = x
				imin[j] = i
				has[j] = true
			}
		}
	}
	count := make([]int, n)
	for j := m - 1; j >= 0; j-- {
		if !has[j] {
			continue
		}
		i := imin[j]
		count[i]++
		if count[i] == 1 {
			s.rowsol[i], s.colsol[j] = j, i
		} else if s.v[j] < s.v[s.rowsol[i]] {
			s.colsol[s.rowsol[i]] = -1
			s.rowsol[i], s.colsol[j] = j, i
		}
	}
	for j := 0; j < m; j++ {
		if err := s.track(s.v[j]); err != nil {
			return err
		}
	}
	for i := 0; i < n; i++ {
		switch {
		case count[i] == 0:
			s.free = append(s.free, i)
		case count[i] == 1:
			j1 := s.rowsol[i]
			row := c[i*m : i*m+m]
			found := false
			var mn int64
			for j, x := range row {
				if j == j1 || !s.allowed(i, j) {
					continue
				}
				if h := x - s.v[j]; !found || h < mn {
					mn, found = h, true
				}
			}
			if found {
				// Reduced cost of (i, j1) is 0 here, so mn >= 0.
				s.v[j1] -= mn
				if err := s.track(s.v[j1]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// augmentingRowReduction gives each free row its best reduced-cost column, lowering that
// column's potential to the row's second best so that the row stays dual feasible, and
// frees the row displaced. A row lowered strictly is reprocessed at once. Potentials only
// decrease, so the unassigned columns of a rectangular matrix keep potential 0, the most.
// The work is capped at a few scans per free row; rows left over are augmented later.
func (s *solver) augmentingRowReduction() error {
	m, c := s.m, s.c
	prv := len(s.free)
	free := s.free
	numfree := 0
	budget := 4*prv + 16
	k := 0
	for k < prv {
		if budget == 0 {
			// Keep the unprocessed rows free.
			numfree += copy(free[numfree:], free[k:prv])
			break
		}
		budget--
		i := free[k]
		k++
		row := c[i*m : i*m+m]
		j1, j2 := -1, -1
		var u1, u2 int64
		for j, x := range row {
			if s.mask != nil && s.mask[i*m+j] {
				continue
			}
			h := x - s.v[j]
			switch {
			case j1 < 0:
				j1, u1 = j, h
			case h < u1:
				j2, u2 = j1, u1
				j1, u1 = j, h
			case j2 < 0 || h < u2:
				j2, u2 = j, h
			}
		}
		if j1 < 0 {
			return &wushe.Error{Op: opAssign, Kind: wushe.KindInsufficient, Entity: "Matrix", Field: "Forbidden",
				Msg: s.rowName + " " + strconv.Itoa(i) + " has no allowed " + s.colName}
		}
		if j2 < 0 {
			// A single allowed column: leave the row to augmentation.
			free[numfree] = i
			numfree++
			continue
		}
		i0 := s.colsol[j1]
		strict := u1 < u2
		if strict {
			s.v[j1] -= u2 - u1
			if err := s.track(s.v[j1]); err != nil {
				return err
			}
		} else if i0 >= 0 {
			j1 = j2
			i0 = s.colsol[j2]
		}
		s.rowsol[i], s.colsol[j1] = j1, i
		if i0 >= 0 {
			s.rowsol[i0] = -1
			if strict {
				k--
				free[k] = i0
			} else {
				free[numfree] = i0
				numfree++
			}
		}
	}
	s.free = free[:numfree]
	return nil
}

// augment assigns free row f along a shortest augmenting path in reduced costs
// (Dijkstra over columns, all at once for columns at the current minimum distance),
// then updates the potentials of the scanned columns.
//
// col is a permutation of the columns split into [0, low) scanned, [low, up) at the
// current minimum distance and not yet scanned, [up, reach) reached and [reach, m)
// not reached (only with a mask; without one every column is reached at once).
func (s *solver) augment(f int) error {
	m, c, v, d, pred, col := s.m, s.c, s.v, s.d, s.pred, s.col
	colsol := s.colsol
	mask := s.mask
	reach := 0
	frow := c[f*m : f*m+m]
	for j := 0; j < m; j++ {
		if mask != nil && mask[f*m+j] {
			continue
		}
		d[j] = frow[j] - v[j]
		pred[j] = f
		col[reach] = j
		reach++
	}
	if mask != nil {
		k := reach
		for j := 0; j < m; j++ {
			if mask[f*m+j] {
				col[k] = j
				k++
			}
		}
	}
	low, up := 0, 0
	last := 0
	end := -1
	var min int64
	for end < 0 {
		if up == low {
			if up == reach {
				return &wushe.Error{Op: opAssign, Kind: wushe.KindInsufficient, Entity: "Matrix", Field: "Forbidden",
					Msg: s.rowName + " " + strconv.Itoa(f) + " cannot be assigned: forbidden pairs leave no complete assignment"}
			}
			last = low
			min = d[col[up]]
			up++
			for k := up; k < reach; k++ {
				j := col[k]
				h := d[j]
				if h <= min {
					if h < min {
						up = low
						min = h
					}
					col[k] = col[up]
					col[up] = j
					up++
				}
			}
			for k := low; k < up; k++ {
				if colsol[col[k]] < 0 {
					end = col[k]
					break
				}
			}
			if end >= 0 {
				break
			}
		}
		j1 := col[low]
		low++
		i := colsol[j1]
		row := c[i*m : i*m+m]
		u1 := row[j1] - v[j1] - min
		if mask == nil {
			for k := up; k < reach; k++ {
				j := col[k]
				h := row[j] - v[j] - u1
				if h < d[j] {
					d[j] = h
					pred[j] = i
					if h == min {
						if colsol[j] < 0 {
							end = j
							break
						}
						col[k] = col[up]
						col[up] = j
						up++
					}
				}
			}
			continue
		}
		mrow := mask[i*m : i*m+m]
		for k := up; k < reach; k++ {
			j := col[k]
			if mrow[j] {
				continue
			}
			h := row[j] - v[j] - u1
			if h < d[j] {
				d[j] = h
				pred[j] = i
				if h == min {
					if colsol[j] < 0 {
						end = j
						break
					}
					col[k] = col[up]
					col[up] = j
					up++
				}
			}
		}
		if end >= 0 {
			break
		}
		for k := reach; k < m; k++ {
			j := col[k]
			if mrow[j] {
				continue
			}
			h := row[j] - v[j] - u1
			d[j] = h
			pred[j] = i
			// Move j into the reached region.
			col[k] = col[reach]
			col[reach] = j
			if h == min {
				if colsol[j] < 0 {
					end = j
					break
				}
				col[reach] = col[up]
				col[up] = j
				up++
			}
			reach++
		}
	}
	// Update the potentials of the scanned columns: they all lie in col[0:last].
	for k := 0; k < last; k++ {
		j := col[k]
		v[j] += d[j] - min
		if err := s.track(v[j]); err != nil {
			return err
		}
	}
	s.flipPath(pred, colsol, end, f)
	return nil
}

// DenseAssignment names the dense shortest augmenting path method of Assign, as used by
// SolveDense.
const DenseAssignment Algorithm = "dense-assignment"

// SolveDense solves a Problem in which every node has at most one unit (one volunteer,
// one one-person shift) with Assign, and returns a Solution like Solve's, potentials
// included. Demands are rows and supplies columns; each demand also gets a private
// "unfilled" column, so the answer is the lexicographic optimum of the Problem: most
// demands filled, then least cost. A demand with Penalty 0 pays, for being left unfilled,
// a cost larger than any possible saving (computed from the arc costs, with overflow
// checks); one with a Penalty pays that. Between two arcs of the same pair the cheaper
// (then the first) is used.
//
// The potentials follow Solution's convention: for every arc a between a demand and a
// supply that both have a unit, Cost(a) - DemandPotential[a.Demand] +
// SupplyPotential[a.Supply] >= 0, and 0 on used arcs.
// The matrix has Demands × (Supplies + Demands) entries: use Solve for large or sparse
// problems and for nodes with more than one unit.
func SolveDense(p *Problem) (*Solution, error) {
	const op = "match.SolveDense"
	if err := checkBaseline(op, p); err != nil {
		return nil, err
	}
	c := wushe.Check("Problem")
	for i, d := range p.Demands {
		c.Require(d.Units <= 1, wushe.Index("Demands", i)+".Units", "must be 0 or 1 for SolveDense")
	}
	for i, s := range p.Supplies {
		c.Require(s.Units <= 1, wushe.Index("Supplies", i)+".Units", "must be 0 or 1 for SolveDense")
	}
	if err := c.Err(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	nd, ns := len(p.Demands), len(p.Supplies)
	cols := ns + nd
	// best[d*ns+s] is the arc used for the pair, or -1.
	best := make([]int, nd*ns)
	for k := range best {
		best[k] = -1
	}
	var lo, hi int64
	seen := false
	for a, arc := range p.Arcs {
		if p.Demands[arc.Demand].Units == 0 || p.Supplies[arc.Supply].Units == 0 {
			continue
		}
		k := arc.Demand*ns + arc.Supply
		if b := best[k]; b < 0 || arc.Cost < p.Arcs[b].Cost {
			best[k] = a
		}
		if !seen || arc.Cost < lo {
			lo = arc.Cost
		}
		if !seen || arc.Cost > hi {
			hi = arc.Cost
		}
		seen = true
	}
	// An unfilled demand costs more than any assignment can save: (hi - lo) per demand,
	// plus one, above the dearest arc.
	span, ok := lapAdd(hi, -lo)
	if ok {
		span, ok = lapMul(span, int64(nd)+1)
	}
	var unfilled int64
	if ok {
		unfilled, ok = lapAdd(hi, span)
	}
	if ok {
		unfilled, ok = lapAdd(unfilled, 1)
	}
	if !ok {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Problem", Field: "Arcs",
			Msg: "arc costs span too wide a range to rank filling above cost in int64"}
	}
	m := Matrix{Rows: nd, Cols: cols, Cost: make([]int64, nd*cols), Forbidden: make([]bool, nd*cols)}
	for d := 0; d < nd; d++ {
		row := d * cols
		for s := 0; s < ns; s++ {
			if a := best[d*ns+s]; a >= 0 {
				m.Cost[row+s] = p.Arcs[a].Cost
			} else {
				m.Forbidden[row+s] = true
			}
		}
		for e := 0; e < nd; e++ {
			m.Forbidden[row+ns+e] = e != d
		}
		if pen := p.Demands[d].Penalty; pen > 0 {
			m.Cost[row+ns+d] = pen
		} else {
			m.Cost[row+ns+d] = unfilled
		}
	}
	as, err := Assign(m, nil)
	if err != nil {
		return nil, wushe.Wrap(op, err)
	}
	units := make([]int64, len(p.Arcs))
	for d, j := range as.RowCol {
		if j >= 0 && j < ns && p.Demands[d].Units > 0 {
			units[best[d*ns+j]] = 1
		}
	}
	sol, err := finish(op, p, units, DenseAssignment, "every node has at most one unit")
	if err != nil {
		return nil, err
	}
	sol.DemandPotential = as.RowPotential
	sol.SupplyPotential = make([]int64, ns)
	for s := 0; s < ns; s++ {
		sol.SupplyPotential[s] = -as.ColPotential[s]
	}
	return sol, nil
}
