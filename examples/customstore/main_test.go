package main

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/linkage/linkagetest"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/resources/resourcestest"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
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

func TestResourcesStore(t *testing.T) {
	resourcestest.RunStoreTests(t, func(t *testing.T) resources.Store { return openTemp(t) }, resourcestest.Features{})
}

func TestVolunteerStore(t *testing.T) {
	volunteertest.RunStoreTests(t, func(t *testing.T) volunteer.Store { return openTemp(t) }, volunteertest.Features{})
}
