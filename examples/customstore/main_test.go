package main

import (
	"bytes"

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
		RefusesStoreCalls: true,
		Reopen:            func(t *testing.T, s linkage.Store) linkage.Store { return reopen(t, s.(*Store)) },
	})
}

func TestResourcesStore(t *testing.T) {
	resourcestest.RunStoreTests(t, func(t *testing.T) resources.Store { return openTemp(t) }, resourcestest.Features{})
}

func TestVolunteerStore(t *testing.T) {
	volunteertest.RunStoreTests(t, func(t *testing.T) volunteer.Store { return openTemp(t) }, volunteertest.Features{})
}

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	got := out.String()
	for _, want := range []string{
		`linkage: community "J community", social worker 李*, case intake with one home visit`,
		"resources: 40 bags of rice donated, 2 reserved and delivered",
		"volunteer: 张** (ID number 110***********0011) signs up: confirmed",
		"volunteer: 赵* (ID number 110***********0025) signs up: applied",
		"-- reopened from disk --",
		`community "J community" (version 1), grid staff 王*; social worker 李*, phone 139****0002`,
		`case client health *** (class health); the assigned worker reads the notes: "Lives alone; daughter visits on Sundays"`,
		"lot rice, 50 CNY a bag: received 40 = on hand 38 + reserved 0 + delivered 2 + disposed 0",
		"enrolment of 张**, born 1990: confirmed",
		"enrolment of 赵*, born 1992: applied",
		"files holding a masked value: 0",
	} {
		require.Contains(t, got, want)
	}
	for _, clear := range []string{"王芳", "李明", "13900000002", "knee replacement", "110105199005170011", "赵敏"} {
		require.NotContains(t, got, clear, "personal data printed in the clear")
	}
	var again bytes.Buffer
	require.NoError(t, run(&again))
	require.Equal(t, got, again.String(), "the scenario must print the same on every run")
}
