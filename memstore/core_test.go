package memstore

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// A closure that keeps the pointer it was given cannot change the stored row after the
// update returns, and neither can the caller through the returned value.
func TestTableUpdateDoesNotAliasTheClosure(t *testing.T) {
	tb := newRows()
	id := uuid.New()
	require.NoError(t, tb.create(testOp, sample(id)))
	var kept *row
	got, err := tb.update(testOp, id, func(r *row) error {
		kept = r
		r.N = 4
		return nil
	})
	require.NoError(t, err)
	scribble(kept)
	scribble(&got)
	stored, err := tb.get(testOp, id)
	require.NoError(t, err)
	want := sample(id)
	want.N, want.Version = 4, 2
	require.Equal(t, want, stored)
}
