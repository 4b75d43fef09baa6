package match

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

// bruteAssign returns the optimal total of m (least, or greatest when max) over every
// assignment of the smaller side, and whether one exists.
func bruteAssign(m Matrix, max bool) (int64, bool) {
	n, k := m.Rows, m.Cols
	at := func(i, j int) (int64, bool) { return m.At(i, j), m.Allowed(i, j) }
	if n > k {
		n, k = k, n
		at = func(i, j int) (int64, bool) { return m.At(j, i), m.Allowed(j, i) }
	}
	used := make([]bool, k)
	best, found := int64(0), false
	var rec func(i int, sum int64)
	rec = func(i int, sum int64) {
		if i == n {
			if !found || (!max && sum < best) || (max && sum > best) {
				best, found = sum, true
			}
			return
		}
		for j := 0; j < k; j++ {
			c, ok := at(i, j)
			if used[j] || !ok {
				continue
			}
			used[j] = true
			rec(i+1, sum+c)
			used[j] = false
		}
	}
	rec(0, 0)
	return best, found
}

func randomMatrix(r *rand.Rand, rows, cols int, span int64, forbid float64) Matrix {
	m := NewMatrix(rows, cols)
	for k := range m.Cost {
		m.Cost[k] = r.Int64N(2*span+1) - span
	}
	if forbid > 0 {
		m.Forbidden = make([]bool, rows*cols)
		for k := range m.Forbidden {
			m.Forbidden[k] = r.Float64() < forbid
		}
	}
	return m
}

// checkAssignment verifies the structure, forbidden pairs, the total and the dual
// conditions of a.
func checkAssignment(t *testing.T, m Matrix, a *Assignment) {
	t.Helper()
	require.Len(t, a.RowCol, m.Rows)
	require.Len(t, a.ColRow, m.Cols)
	assigned := 0
	var total int64
	for i, j := range a.RowCol {
		if j < 0 {
			continue
		}
		assigned++
		require.Equal(t, i, a.ColRow[j], "row %d col %d", i, j)
		require.True(t, m.Allowed(i, j), "forbidden pair (%d,%d) used", i, j)
		total += m.At(i, j)
	}
	for j, i := range a.ColRow {
		if i >= 0 {
			require.Equal(t, j, a.RowCol[i])
		}
	}
	require.Equal(t, min(m.Rows, m.Cols), assigned)
	require.Equal(t, total, a.Cost)
	// Duals in the minimisation sense.
	sign := int64(1)
	if a.Maximise {
		sign = -1
	}
	for i := 0; i < m.Rows; i++ {
		for j := 0; j < m.Cols; j++ {
			if !m.Allowed(i, j) {
				continue
			}
			r := a.Reduced(m, i, j)
			require.GreaterOrEqual(t, r, int64(0), "reduced cost of (%d,%d)", i, j)
			if a.RowCol[i] == j {
				require.Zero(t, r, "assigned pair (%d,%d) not tight", i, j)
			}
		}
	}
	for i, j := range a.RowCol {
		if j < 0 {
			require.Zero(t, a.RowPotential[i], "unassigned row %d", i)
		} else if m.Rows > m.Cols {
			require.LessOrEqual(t, sign*a.RowPotential[i], int64(0))
		}
	}
	for j, i := range a.ColRow {
		if i < 0 {
			require.Zero(t, a.ColPotential[j], "unassigned column %d", j)
		} else if m.Cols > m.Rows {
			require.LessOrEqual(t, sign*a.ColPotential[j], int64(0))
		}
	}
}

func TestAssignMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for it := 0; it < 4000; it++ {
		rows, cols := 1+r.IntN(6), 1+r.IntN(7)
		span := []int64{3, 100, 1 << 40}[it%3]
		forbid := 0.0
		if it%4 == 1 {
			forbid = 0.3
		}
		m := randomMatrix(r, rows, cols, span, forbid)
		max := it%5 == 2
		want, ok := bruteAssign(m, max)
		a, err := Assign(m, &AssignOptions{Maximise: max})
		name := fmt.Sprintf("it %d %dx%d max=%v", it, rows, cols, max)
		if !ok {
			require.Error(t, err, name)
			require.ErrorIs(t, err, wushe.ErrInsufficient, name)
			continue
		}
		require.NoError(t, err, name)
		require.Equal(t, want, a.Cost, name)
		checkAssignment(t, m, a)
		// Deterministic.
		b, err := Assign(m, &AssignOptions{Maximise: max})
		require.NoError(t, err)
		require.Equal(t, a, b, name)
	}
}

func TestAssignMaximiseMirrorsNegatedMinimise(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for it := 0; it < 1000; it++ {
		m := randomMatrix(r, 1+r.IntN(8), 1+r.IntN(8), 1000, 0.1*float64(it%2))
		neg := Matrix{Rows: m.Rows, Cols: m.Cols, Cost: make([]int64, len(m.Cost)), Forbidden: m.Forbidden}
		for k, x := range m.Cost {
			neg.Cost[k] = -x
		}
		a, errA := Assign(m, &AssignOptions{Maximise: true})
		b, errB := Assign(neg, nil)
		if errB != nil {
			require.Error(t, errA)
			continue
		}
		require.NoError(t, errA)
		require.Equal(t, -b.Cost, a.Cost)
		require.Equal(t, b.RowCol, a.RowCol)
		for i := range a.RowPotential {
			require.Equal(t, -b.RowPotential[i], a.RowPotential[i])
		}
	}
}

func TestAssignLargerInstancesDualCertificate(t *testing.T) {
	// Beyond brute force the duals certify optimality: a feasible dual whose value equals
	// the primal cost proves the primal optimal.
	r := rand.New(rand.NewPCG(5, 6))
	for it := 0; it < 60; it++ {
		rows, cols := 20+r.IntN(60), 20+r.IntN(60)
		m := randomMatrix(r, rows, cols, []int64{10, 1e6, 1 << 50}[it%3], 0.05*float64(it%2))
		a, err := Assign(m, &AssignOptions{Maximise: it%4 == 3})
		if err != nil {
			require.ErrorIs(t, err, wushe.ErrInsufficient)
			continue
		}
		checkAssignment(t, m, a)
		var dual int64
		for _, u := range a.RowPotential {
			dual += u
		}
		for _, v := range a.ColPotential {
			dual += v
		}
		require.Equal(t, a.Cost, dual, "it %d", it)
	}
}

func TestAssignExample(t *testing.T) {
	m := Matrix{Rows: 3, Cols: 3, Cost: []int64{
		4, 1, 3,
		2, 0, 5,
		3, 2, 2,
	}}
	a, err := Assign(m, nil)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 0, 2}, a.RowCol)
	assert.Equal(t, []int{1, 0, 2}, a.ColRow)
	assert.Equal(t, int64(5), a.Cost)
}

func TestAssignRectangularAndTall(t *testing.T) {
	m := Matrix{Rows: 2, Cols: 4, Cost: []int64{
		9, 9, 1, 9,
		9, 2, 9, 9,
	}}
	a, err := Assign(m, nil)
	require.NoError(t, err)
	assert.Equal(t, []int{2, 1}, a.RowCol)
	assert.Equal(t, []int{-1, 1, 0, -1}, a.ColRow)
	assert.Equal(t, int64(3), a.Cost)

	tall := Matrix{Rows: 4, Cols: 2, Cost: []int64{9, 9, 9, 2, 1, 9, 9, 9}}
	a, err = Assign(tall, nil)
	require.NoError(t, err)
	assert.Equal(t, []int{-1, 1, 0, -1}, a.RowCol)
	assert.Equal(t, int64(3), a.Cost)
	checkAssignment(t, tall, a)
}

func TestAssignEmpty(t *testing.T) {
	for _, m := range []Matrix{{}, {Rows: 3}, {Cols: 2}} {
		a, err := Assign(m, nil)
		require.NoError(t, err)
		assert.Zero(t, a.Cost)
		for _, j := range a.RowCol {
			assert.Equal(t, -1, j)
		}
	}
}

func TestAssignForbiddenInsufficient(t *testing.T) {
	m := NewMatrix(2, 2)
	m = m.Forbid(0, 0).Forbid(1, 0)
	_, err := Assign(m, nil)
	require.ErrorIs(t, err, wushe.ErrInsufficient)
	var werr *wushe.Error
	require.ErrorAs(t, err, &werr)
	assert.Equal(t, "match.Assign", werr.Op)
	assert.Equal(t, "Matrix", werr.Entity)
	assert.Equal(t, "Forbidden", werr.Field)

	// A row with no allowed column at all.
	m = NewMatrix(2, 3).Forbid(1, 0).Forbid(1, 1).Forbid(1, 2)
	_, err = Assign(m, nil)
	require.ErrorIs(t, err, wushe.ErrInsufficient)
	assert.Contains(t, err.Error(), "row 1")

	// Tall matrices name the column.
	m = NewMatrix(3, 2).Forbid(0, 1).Forbid(1, 1).Forbid(2, 1)
	_, err = Assign(m, nil)
	require.ErrorIs(t, err, wushe.ErrInsufficient)
	assert.Contains(t, err.Error(), "column 1 has no allowed row")
}

func TestAssignValidate(t *testing.T) {
	cases := map[string]Matrix{
		"negative rows":  {Rows: -1, Cols: 2},
		"negative cols":  {Rows: 1, Cols: -2},
		"short cost":     {Rows: 2, Cols: 2, Cost: []int64{1, 2, 3}},
		"bad mask":       {Rows: 1, Cols: 2, Cost: []int64{1, 2}, Forbidden: []bool{true}},
		"too many cells": {Rows: math.MaxInt / 2, Cols: 4},
	}
	for name, m := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Assign(m, nil)
			require.ErrorIs(t, err, wushe.ErrInvalid)
			fe := wushe.FieldErrors(err)
			require.NotEmpty(t, fe)
			assert.Equal(t, "match.Assign", fe[0].Op)
			assert.Equal(t, "Matrix", fe[0].Entity)
		})
	}
}

func TestAssignExactAtLargeMagnitudes(t *testing.T) {
	// Costs near 2^57 are solved exactly: the optimum differs from the runner-up by 1.
	const big = int64(1) << 57
	m := Matrix{Rows: 3, Cols: 3, Cost: []int64{
		big, big - 1, -big,
		-big + 1, big, big,
		big, -big, big - 3,
	}}
	a, err := Assign(m, nil)
	require.NoError(t, err)
	want, _ := bruteAssign(m, false)
	assert.Equal(t, want, a.Cost)
	checkAssignment(t, m, a)

	r := rand.New(rand.NewPCG(7, 8))
	for it := 0; it < 300; it++ {
		m := randomMatrix(r, 1+r.IntN(5), 1+r.IntN(5), 1<<58, 0)
		for k := range m.Cost {
			if r.IntN(2) == 0 {
				m.Cost[k] = (1<<58 - int64(r.IntN(3))) * (1 - 2*int64(r.IntN(2)))
			}
		}
		want, _ := bruteAssign(m, false)
		a, err := Assign(m, nil)
		require.NoError(t, err)
		require.Equal(t, want, a.Cost)
		checkAssignment(t, m, a)
	}
}

func TestAssignOverflowIsAnError(t *testing.T) {
	for _, m := range []Matrix{
		{Rows: 2, Cols: 2, Cost: []int64{math.MaxInt64, 0, 0, 1}},
		{Rows: 2, Cols: 2, Cost: []int64{math.MinInt64, 0, 0, 1}},
		{Rows: 1, Cols: 2, Cost: []int64{math.MaxInt64 / 2, 0}},
	} {
		_, err := Assign(m, nil)
		require.ErrorIs(t, err, wushe.ErrInvalid)
		var werr *wushe.Error
		require.ErrorAs(t, err, &werr)
		assert.Equal(t, "Cost", werr.Field)
	}
	// A forbidden huge entry is ignored.
	m := Matrix{Rows: 2, Cols: 2, Cost: []int64{math.MinInt64, 5, 6, 1}}
	m = m.Forbid(0, 0)
	a, err := Assign(m, &AssignOptions{Maximise: true})
	require.NoError(t, err)
	assert.Equal(t, int64(11), a.Cost)
	// MinInt64 cannot be negated to maximise.
	_, err = Assign(Matrix{Rows: 1, Cols: 1, Cost: []int64{math.MinInt64}}, &AssignOptions{Maximise: true})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	// Potentials that would leave the safe range are caught: costs just inside the bound
	// on one side and far on the other.
	m = Matrix{Rows: 2, Cols: 2, Cost: []int64{lapLimit, -lapLimit, -lapLimit, lapLimit}}
	_, err = Assign(m, nil)
	if err != nil {
		require.ErrorIs(t, err, wushe.ErrInvalid)
	}
	// The total may overflow even though each step is safe.
	const x = lapLimit
	m = NewMatrix(5, 5)
	for k := range m.Cost {
		m.Cost[k] = x
	}
	_, err = Assign(m, nil)
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

func TestMatrixHelpers(t *testing.T) {
	m := NewMatrix(2, 3)
	m.Set(1, 2, 7)
	assert.Equal(t, int64(7), m.At(1, 2))
	assert.True(t, m.Allowed(1, 2))
	m = m.Forbid(1, 2)
	assert.False(t, m.Allowed(1, 2))
	assert.True(t, m.Allowed(0, 0))
	require.NoError(t, m.Validate())
}

func TestAssignErrorsAreCoded(t *testing.T) {
	_, err := Assign(Matrix{Rows: 1, Cols: 1}, nil)
	var werr *wushe.Error
	require.True(t, errors.As(err, &werr))
	assert.Equal(t, "Cost", werr.Field)
}

func FuzzAssign(f *testing.F) {
	f.Add([]byte{2, 3, 1, 2, 3, 4, 5, 6}, false)
	f.Add([]byte{3, 3, 9, 9, 9, 0, 0, 0, 255, 128, 1}, true)
	f.Fuzz(func(t *testing.T, data []byte, max bool) {
		if len(data) < 2 {
			return
		}
		rows, cols := int(data[0]%6), int(data[1]%6)
		m := NewMatrix(rows, cols)
		body := data[2:]
		for k := range m.Cost {
			if len(body) == 0 {
				break
			}
			b := body[k%len(body)]
			if b == 255 {
				m = m.Forbid(k/cols, k%cols)
			}
			m.Cost[k] = int64(int8(b)) * int64(1+k)
		}
		a, err := Assign(m, &AssignOptions{Maximise: max})
		want, ok := bruteAssign(m, max)
		if !ok {
			if !errors.Is(err, wushe.ErrInsufficient) {
				t.Fatalf("want insufficient, got %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if a.Cost != want {
			t.Fatalf("cost %d, want %d", a.Cost, want)
		}
		checkAssignment(t, m, a)
	})
}
