package sqlstore

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/volunteer"
)

func TestDocCacheForgetsOldestFirst(t *testing.T) {
	var c docCache
	doc := func(i int) []byte { return fmt.Appendf(nil, `{"n":%d}`, i) }
	for i := range docCacheSize + 10 {
		c.keep("t", doc(i), i)
	}
	for i := range 10 {
		_, ok := c.lookup("t", doc(i))
		require.False(t, ok, "entry %d is among the oldest and was forgotten", i)
	}
	for _, i := range []int{10, docCacheSize, docCacheSize + 9} {
		v, ok := c.lookup("t", doc(i))
		require.True(t, ok, "entry %d", i)
		require.Equal(t, i, v)
	}
	_, ok := c.lookup("other", doc(20))
	require.False(t, ok, "tables do not share entries")
	c.keep("t", doc(20), -1)
	v, _ := c.lookup("t", doc(20))
	require.Equal(t, 20, v, "a document already kept keeps its entity")
}

// TestDocCacheReadsAreCopies reads the same rows again (from the cache) and checks that
// they equal the first reads, that changing what a read returned changes no later read,
// and that an updated row is read as updated.
func TestDocCacheReadsAreCopies(t *testing.T) {
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			ctx := t.Context()
			s := be.open(t)
			v := testVolunteer(1)
			require.NoError(t, s.CreateVolunteer(ctx, v))
			first, err := s.GetVolunteer(ctx, v.ID)
			require.NoError(t, err)
			again, err := s.GetVolunteer(ctx, v.ID)
			require.NoError(t, err)
			require.Equal(t, first, again)
			again.Skills[0].Name = "changed"
			again.Languages = append(again.Languages[:0], "xx")
			third, err := s.GetVolunteer(ctx, v.ID)
			require.NoError(t, err)
			require.Equal(t, first, third)
			page, err := s.ListVolunteers(ctx, volunteer.VolunteerFilter{})
			require.NoError(t, err)
			require.Equal(t, []volunteer.Volunteer{first}, page.Items)

			_, err = s.UpdateVolunteer(ctx, v.ID, func(v *volunteer.Volunteer) error { v.Skills[0].Level = 5; return nil })
			require.NoError(t, err)
			got, err := s.GetVolunteer(ctx, v.ID)
			require.NoError(t, err)
			require.Equal(t, 5, got.Skills[0].Level)
			require.Equal(t, first.Version+1, got.Version)
		})
	}
}
