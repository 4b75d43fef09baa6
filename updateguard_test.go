package wushe

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUpdateGuard(t *testing.T) {
	var g UpdateGuard
	require.NoError(t, g.Check("op", "X"), "outside any update function")

	var inside error
	require.NoError(t, g.Run(func() error { inside = g.Check("store.UpdateX", "X"); return nil }))
	require.ErrorIs(t, inside, ErrInvalid)
	var we *Error
	require.True(t, errors.As(inside, &we))
	assert.Equal(t, "store.UpdateX", we.Op)
	assert.Equal(t, "X", we.Entity)
	assert.Equal(t, "fn", we.Field)

	// The function's error comes back as it is.
	boom := errors.New("boom")
	require.Same(t, boom, g.Run(func() error { return boom }))

	// Deep below the function (more frames than one read of the stack holds).
	var deep func(n int) error
	deep = func(n int) error {
		if n == 0 {
			return g.Check("op", "X")
		}
		return deep(n - 1)
	}
	require.ErrorIs(t, g.Run(func() error { return deep(300) }), ErrInvalid)

	// Another goroutine, not inside a function, passes while one runs.
	release := make(chan struct{})
	running := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- g.Run(func() error { close(running); <-release; return nil })
	}()
	<-running
	require.NoError(t, g.Check("op", "X"), "a concurrent caller is not inside the function")
	close(release)
	require.NoError(t, <-done)

	// A panic passes through unchanged and leaves nothing running.
	require.PanicsWithValue(t, "bad", func() { _ = g.Run(func() error { panic("bad") }) })
	assert.Zero(t, g.running.Load())
	require.NoError(t, g.Check("op", "X"))
}
