package wushe_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func TestWindow(t *testing.T) {
	w := wushe.NewWindow(t0, time.Hour)
	require.NoError(t, w.Validate())
	assert.Equal(t, time.Hour, w.Duration())
	assert.True(t, w.Contains(t0))
	assert.False(t, w.Contains(t0.Add(time.Hour)))
	assert.False(t, w.Contains(t0.Add(-time.Nanosecond)))
	next := wushe.NewWindow(t0.Add(time.Hour), time.Hour)
	assert.False(t, w.Overlaps(next), "back-to-back windows do not overlap")
	half := wushe.NewWindow(t0.Add(30*time.Minute), time.Hour)
	assert.True(t, w.Overlaps(half))
	in, ok := w.Intersect(half)
	require.True(t, ok)
	assert.Equal(t, wushe.Window{Start: t0.Add(30 * time.Minute), End: t0.Add(time.Hour)}, in)
	_, ok = w.Intersect(next)
	assert.False(t, ok)
	assert.True(t, w.Covers(wushe.NewWindow(t0.Add(time.Minute), time.Minute)))
	assert.False(t, w.Covers(half))
	assert.Equal(t, "2026-11-23T09:00:00Z/2026-11-23T10:00:00Z", w.String())
	empty := wushe.Window{Start: t0, End: t0}
	assert.False(t, empty.Overlaps(w))
	assert.False(t, w.Overlaps(empty))
}

func TestWindowValidate(t *testing.T) {
	err := wushe.Window{}.Validate()
	require.ErrorIs(t, err, wushe.ErrInvalid)
	require.Len(t, wushe.FieldErrors(err), 2)
	err = wushe.Window{Start: t0, End: t0}.Validate()
	fes := wushe.FieldErrors(err)
	require.Len(t, fes, 1)
	assert.Equal(t, "End", fes[0].Field)
	assert.Contains(t, err.Error(), "is not after Start")
}

func TestWindowProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	win := func() wushe.Window {
		s := t0.Add(time.Duration(r.IntN(100)) * time.Minute)
		return wushe.NewWindow(s, time.Duration(r.IntN(50))*time.Minute)
	}
	for range 5000 {
		a, b := win(), win()
		require.Equal(t, a.Overlaps(b), b.Overlaps(a))
		in, ok := a.Intersect(b)
		require.Equal(t, a.Overlaps(b), ok)
		if ok {
			require.NoError(t, in.Validate())
			require.True(t, a.Covers(in) && b.Covers(in))
		}
		// Overlap is the same as sharing some minute.
		shared := false
		for m := t0; m.Before(t0.Add(200 * time.Minute)); m = m.Add(time.Minute) {
			if a.Contains(m) && b.Contains(m) {
				shared = true
				break
			}
		}
		require.Equal(t, shared, a.Overlaps(b), "%v %v", a, b)
	}
}

func FuzzWindowValidate(f *testing.F) {
	f.Add(int64(0), int64(0))
	f.Add(int64(1), int64(2))
	f.Add(int64(5), int64(-5))
	f.Fuzz(func(t *testing.T, start, length int64) {
		w := wushe.Window{Start: time.Unix(start, 0), End: time.Unix(start, 0).Add(time.Duration(length))}
		err := w.Validate()
		require.Equal(t, length > 0, err == nil)
		if err == nil {
			require.True(t, w.Contains(w.Start))
			require.False(t, w.Contains(w.End))
		}
	})
}
