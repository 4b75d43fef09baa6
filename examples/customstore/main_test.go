package main

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/linkage/linkagetest"
)

// openTemp opens a store in a fresh temporary directory and closes it when the test ends.
func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// reopen closes s and opens its directory again.
func reopen(t *testing.T, s *Store) *Store {
	t.Helper()
	require.NoError(t, s.Close())
	s2, err := Open(s.dir)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s2.Close() })
	return s2
}

func TestLinkageStore(t *testing.T) {
	linkagetest.RunStoreTests(t, func(t *testing.T) linkage.Store { return openTemp(t) }, linkagetest.Features{
		Reopen: func(t *testing.T, s linkage.Store) linkage.Store { return reopen(t, s.(*Store)) },
	})
}
