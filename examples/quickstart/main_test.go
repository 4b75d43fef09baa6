package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/examples/quickstart/tour"
	"github.com/wushe/wushe/memstore"
)

// The program prints the tour as the tour package runs it on a new in-memory store; the
// tour's own tests check what it prints.
func TestRun(t *testing.T) {
	var got, want bytes.Buffer
	require.NoError(t, run(&got))
	require.NoError(t, tour.Run(t.Context(), &want, memstore.New()))
	require.Equal(t, want.String(), got.String())
	require.Contains(t, got.String(), "volunteers connected to the project: 2")
}
