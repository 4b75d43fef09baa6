package scaleprobe_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/internal/scaleprobe"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/volunteer"
)

// TestLoad loads a small data set and checks that every operation of the probe sees it.
func TestLoad(t *testing.T) {
	ctx := t.Context()
	f, err := scaleprobe.NewFixture(memstore.New())
	require.NoError(t, err)
	require.NoError(t, f.Load(ctx, 200))
	require.Len(t, f.Volunteers, 200)
	require.Len(t, f.Needs, 200)
	require.Len(t, f.Lots, 200)

	vs, err := f.PageVolunteers(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, vs.Items)
	for _, v := range vs.Items {
		require.Equal(t, f.Communities[3], v.CommunityID)
	}
	ns, err := f.PageNeeds(ctx)
	require.NoError(t, err)
	require.Len(t, ns.Items, 2, "needs 133 and 143 of 200 are community 3's in that quarter")

	b, err := f.Volunteer.Balance(ctx, f.LongLedger, scaleprobe.Now)
	require.NoError(t, err)
	require.Equal(t, "10000", b.String())
	st, err := f.Volunteer.Stars(ctx, f.LongStars, scaleprobe.Now)
	require.NoError(t, err)
	require.Equal(t, 2*scaleprobe.StarsLong*60, st.Minutes)

	a, err := f.AwardNewRecord(ctx, f.Volunteers[7], scaleprobe.Now.AddDate(0, 0, -1))
	require.NoError(t, err)
	require.NotNil(t, a.Transaction)
	ref, err := f.NewShift(ctx)
	require.NoError(t, err)
	e, err := f.Volunteer.SignUp(ctx, f.Volunteers[7], ref)
	require.NoError(t, err)
	require.Equal(t, volunteer.EnrolmentConfirmed, e.Status)

	n, err := f.Outputs(ctx)
	require.NoError(t, err)
	require.NotZero(t, n)
	pos, err := f.Positions(ctx)
	require.NoError(t, err)
	require.Len(t, pos, 101, "lots 0 to 100 of 200 were received by the end of the first year, inclusive")
}
