package main

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/examples/internal/must"
	"github.com/wushe/wushe/examples/internal/work"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	got := out.String()
	for _, want := range []string{
		"residents 20460, party members 241, 2 grids with 4 micro-grids",
		"venues: 1 service centre, 2 party-and-mass service stations, 1 civilization practice station, 2 civilization practice points",
		"households visited         30\n",
		"case services              55\n",
		"community activities       35\n",
		"people served              2030\n",
		// Counted from the links that completed referrals derived: the 12 support needs
		// referred to the 5 units in turn, and the four quarterly referrals of the
		// activities' need to the volunteer team, every member serving at two activities.
		"units connected            5\n",
		"volunteers connected       150\n",
		"links derived from completed referrals: 12 service links from 5 units, 258 volunteer service links from 150 volunteers\n",
		// 296 verified three-hour shifts served on the referrals' opportunities.
		"volunteer hours            888\n",
		"the year's activities need volunteers: 4 quarterly referrals to the volunteer team, each completed from its verified service (888 hours in all); the need is met\n",
		"individual case clients    25 ",
		"needs raised               13\n",
		"needs met                  13\n",
		"referrals                  16\n",
		"referral satisfaction rate 1\n",
		"support services met by group: elderly 3 disabled 3 children 3 low income 3\n",
		// Points from the ledger: the 2,450 attendances earn 2,398 (a resident drawn twice
		// for one activity earns once, and at most 2 a month), the volunteers one per hour,
		// and the sorting checks passed two each.
		"2030 residents earned 4796 points: 2398 for taking part, 888 for volunteer service, 1510 for garbage sorting\n",
		"spent at the points supermarket: 2560 points\n",
		"  bag of rice (5 kg)   x40\n  appliance clean      x10\n  haircut              x300\n  eco shopping bag     x1680\n",
		"residents who found their first choice sold out and took a cheaper item: 712\n",
		// Party building: 30 members' and 5 units' reports, their posts, and the members'
		// verified service at the activities.
		"in-service party members who reported to the community: 30; units' party organizations: 5\n",
		"posts claimed: 30 volunteer service, 10 grid helper, 6 publicity\n",
		"their verified volunteer service: 180 hours\n",
		// The 150 volunteers are residents 1 to 150: 141 attended an activity before their
		// first shift; the other 9 first served at or before the activity they first attended.
		"residents who began serving in 2023: 150; of them, served first and serving later: 141\n  from attendee to volunteer: 141\n",
		"Volunteers connected               102   11.34 / 16.67",
		"total 72.65 of 100.00, grade 中 (complete)",
		"total 100.00 of 100.00, grade 优 (complete)",
		"not scored (no indicator): Individual case services (clients), target 25, counted 25",
	} {
		require.Contains(t, got, want)
	}
	// No personal data in the clear: names, phones, ID numbers, client references, notes.
	for _, raw := range []string{"陈思远", "刘雨欣", "王建国", "王明丽", "13981000001", "13783000001", "13582000001",
		"511002", "resident:", "household:", "minimum living allowance", "hearing impairment", "living conditions", "psychological support"} {
		require.NotContains(t, got, raw)
	}
	// Plain words: codes, kinds and statuses print with spaces, never as raw values.
	for _, raw := range []string{"households_visited", "low_income", "volunteer_service"} {
		require.NotContains(t, got, raw)
	}
	// Deterministic: a second run prints the same.
	var again bytes.Buffer
	require.NoError(t, run(&again))
	require.Equal(t, got, again.String())
}

func TestIDNumberIsValidAndMatchesBirth(t *testing.T) {
	for seq := range 200 {
		birth := time.Date(1955+seq%45, time.Month(1+seq%12), 1+seq%28, 0, 0, 0, 0, time.UTC)
		n := must.IDNumber("511002", birth, seq)
		raw, err := n.Reveal(wushe.StorageEntitlement())
		require.NoError(t, err)
		_, err = wushe.ParseIDNumber(raw)
		require.NoError(t, err, "seq %d", seq)
		require.True(t, n.BirthDate().Equal(birth), "seq %d", seq)
	}
}

func TestResidentRefsAreDistinct(t *testing.T) {
	seen := map[string]bool{}
	for i := range 3000 {
		r := residentRef(i)
		require.False(t, seen[r], r)
		seen[r] = true
	}
	require.Equal(t, "resident:00001", residentRef(0))
}

// A store failure anywhere in the year ends it with that error, never a panic or a report
// that claims to be whole: checks ever further apart, through the setup and the year.
func TestReplayStopsAtTheFirstFailure(t *testing.T) {
	work.StopsAtEveryFailure(t, func(ctx context.Context) error { return replay(ctx, io.Discard) }, func(n int64) int64 { return 2*n + 1 })
}
