package wushe_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func TestUrgencyOrder(t *testing.T) {
	all := wushe.Urgencies()
	require.Equal(t, []wushe.Urgency{wushe.UrgencyUrgent, wushe.UrgencyDifficult, wushe.UrgencyAnxious, wushe.UrgencyHopedFor}, all)
	for i, u := range all {
		require.True(t, u.Valid())
		require.Equal(t, i, u.Rank())
		require.Equal(t, 4-i, u.Pressure())
		require.NoError(t, u.Check("Need", "Urgency"))
		for j, v := range all {
			require.Equal(t, i < j, u.MorePressingThan(v), "%s vs %s", u, v)
		}
	}
	unknown := wushe.Urgency("soon")
	require.False(t, unknown.Valid())
	require.Equal(t, -1, unknown.Rank())
	require.Equal(t, 0, unknown.Pressure())
	require.False(t, unknown.MorePressingThan(wushe.UrgencyHopedFor))
	require.False(t, wushe.UrgencyUrgent.MorePressingThan(unknown))
	require.EqualError(t, unknown.Check("Need", "Urgency"),
		`Need: Urgency: "soon" is not an urgency; want one of urgent, difficult, anxious, hoped_for: invalid`)
}

func TestTargetGroups(t *testing.T) {
	all := wushe.TargetGroups()
	require.Len(t, all, 10)
	require.True(t, slices.Contains(all, wushe.GroupGeneral))
	require.True(t, slices.Contains(all, wushe.GroupOther))
	for _, g := range all {
		require.True(t, g.Valid())
		require.NoError(t, g.Check("Need", "TargetGroup"))
	}
	require.False(t, wushe.TargetGroup("migrant").Valid(), "the one spelling is migrants")
	require.ErrorIs(t, wushe.TargetGroup("").Check("Need", "TargetGroup"), wushe.ErrInvalid)
}
