package volunteer_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/storetest"
	"github.com/wushe/wushe/volunteer"
)

// Awards for one volunteer and day posted at once never pass the daily cap together: the
// daily tally's ceiling is checked inside the Store's atomic posting.
func TestDailyCapHoldsUnderConcurrentAwards(t *testing.T) {
	e := newEnv(t, func(o *volunteer.Options) {
		o.Ledger = &volunteer.LedgerRules{DefaultPerHour: dec("1"), MaxPerDay: dec("6")}
	})
	v := e.adult()
	var ids []volunteer.ServiceRecord
	for i := range 10 {
		// Ten 48-minute records one after another on the same day (a volunteer's records
		// never overlap), each worth 0.8 points (elderly care at the default rate of 1 per
		// hour).
		in := e.served(v, t0.Add(-time.Duration(i)*48*time.Minute))
		in.Window.Start, in.Minutes = in.Window.End.Add(-48*time.Minute), 48
		r, err := e.recordVerified(t.Context(), in)
		require.NoError(t, err)
		ids = append(ids, r)
	}
	errs := storetest.Parallel(len(ids), func(i int) error {
		_, err := e.svc.AwardPoints(t.Context(), ids[i].ID)
		return err
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	bal, err := e.svc.Balance(t.Context(), v.ID, e.clock.Now())
	require.NoError(t, err)
	decEq(t, "6", bal, "the daily cap, exactly")
	st := ids[0].Window.Start
	day := time.Date(st.Year(), st.Month(), st.Day(), 0, 0, 0, 0, st.Location())
	require.True(t, volunteer.DailyAccount(v.ID, day).Valid())
}

func TestDailyAccountValid(t *testing.T) {
	id := volunteer.DailyAccount(uuid.MustParse("00000000-0000-4000-8000-000000000001"), t0)
	require.True(t, id.Valid())
	require.False(t, id.Guarded(), "a tally is not a spendable balance")
	for _, bad := range []volunteer.Account{"daily/", "daily/x/2026-01-01", "daily/" + "00000000-0000-4000-8000-000000000001" + "/2026-13-01",
		"daily/00000000-0000-0000-0000-000000000000/2026-01-01"} {
		require.False(t, bad.Valid(), bad)
	}
}
