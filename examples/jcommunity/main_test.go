package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/examples/internal/must"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/volunteer"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	got := out.String()
	for _, want := range []string{
		"residents 20460, party members 241, 2 grids with 4 micro-grids",
		"venues: 1 service centre, 2 party-and-mass service stations, 1 civilization practice station, 2 civilization practice points",
		"households_visited     30\n",
		"case_services          55\n",
		"community_activities   35\n",
		"people_served          2030\n",
		"units_connected        5\n",
		"volunteers_connected   150\n",
		"volunteer_hours        592\n",
		"individual case clients 25 ",
		"earned 592, redeemed 140, outstanding 452 points",
		"haircut          x50",
		"appliance clean  x10",
		"redemptions refused for want of stock or points: 20",
		"needs_raised           12\n",
		"needs_met              12\n",
		"median_response_days   3\n",
		"support services met by group: elderly 3 disabled 3 children 3 low_income 3\n",
		"Special-group support services      12   16.65 / 16.65",
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

// Each step stops at the first store error and returns it: with a cancelled context the
// store refuses every call.
func TestStepsReturnStoreErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	clock := wushe.NewManualClock(time.Date(2023, 1, 3, 9, 0, 0, 0, cst))
	store := memstore.New()
	svc, err := linkage.NewService(store, &linkage.Options{Clock: clock})
	require.NoError(t, err)
	vols, err := volunteer.NewService(store, &volunteer.Options{Clock: clock})
	require.NoError(t, err)
	id := uuid.New()
	_, err = registerCommunity(ctx, svc)
	require.ErrorIs(t, err, context.Canceled)
	_, err = registerUnits(ctx, svc, id)
	require.ErrorIs(t, err, context.Canceled)
	_, err = registerVolunteers(ctx, vols, id)
	require.ErrorIs(t, err, context.Canceled)
	err = recordCaseWork(ctx, svc, clock, id, []linkage.SocialWorker{{ID: id}})
	require.ErrorIs(t, err, context.Canceled)
	err = recordActivities(ctx, svc, vols, clock, linkage.Community{ID: id, Venues: []linkage.Venue{{Name: "hall"}}}, id, id, nil, nil,
		volunteer.Actor{Kind: volunteer.ActorProject, ID: id})
	require.ErrorIs(t, err, context.Canceled)
	_, _, err = redeemPoints(ctx, vols, nil)
	require.ErrorIs(t, err, context.Canceled)
	_, err = casesServed(ctx, svc, id, wushe.Window{Start: clock.Now(), End: clock.Now().Add(time.Hour)})
	require.ErrorIs(t, err, context.Canceled)
	_, err = countMetNeeds(ctx, svc, id, linkage.GroupElderly)
	require.ErrorIs(t, err, context.Canceled)
}
