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
		"== Project D: bought by City H, run by H City Social Work Agency, 2022-03-01 to 2023-03-01 ==",
		"talent              6 links from 3 parties (6 to needs, 0 to activities)",
		"organization       12 links from 3 parties (0 to needs, 12 to activities)",
		"service             6 links from 2 parties (6 to needs, 0 to activities)",
		"venue               4 links from 2 parties (0 to needs, 4 to activities)",
		"volunteer_service  24 links from 8 parties (0 to needs, 24 to activities)",
		"all                52 links",
		"disadvantaged groups needs  7 raised,  6 met;  5 activities reaching  97 people",
		"families             needs  2 raised,  1 met;  2 activities reaching  59 people",
		"minors               needs  3 raised,  3 met;  3 activities reaching  65 people",
		"community_activities   8\n",
		"group_sessions         4\n",
		"median_response_days   3\n",
		"needs_met              10\n",
		"needs_met_share        0.8333\n",
		"needs_raised           12\n",
		"people_served          184\n",
		"person_times           365\n",
		"units_connected        4\n",
		"volunteers_connected   11\n",
		"total 87.44 of 100.00, grade 良 (complete)",
	} {
		require.Contains(t, got, want)
	}
	// No personal data in the clear: names, phones, ID numbers, beneficiary references.
	for _, raw := range []string{"黄嘉怡", "林志明", "周律师", "杨志刚", "13682000001", "13583000001", "13784000001",
		"330102", "client:", "resident:"} {
		require.NotContains(t, got, raw)
	}
	// Deterministic: a second run prints the same.
	var again bytes.Buffer
	require.NoError(t, run(&again))
	require.Equal(t, got, again.String())
}

// The five linkages each appear, and the groups partition the needs the program raises.
func TestSpecsCoverTheBands(t *testing.T) {
	inBand := 0
	for _, ns := range needSpecs {
		for _, b := range bands {
			for _, g := range b.groups {
				if g == ns.group {
					inBand++
				}
			}
		}
	}
	require.Equal(t, len(needSpecs), inBand, "every need belongs to exactly one band")
	for _, as := range activitySpecs {
		require.True(t, as.kind.Valid(), as.title)
		require.True(t, as.group.Valid(), as.title)
		require.Positive(t, as.size, as.title)
	}
}

func TestIDNumberIsValidAndMatchesBirth(t *testing.T) {
	for seq := range 50 {
		birth := time.Date(1960+seq%40, time.Month(1+seq%12), 1+seq%28, 0, 0, 0, 0, time.UTC)
		n := must.IDNumber("330102", birth, seq)
		raw, err := n.Reveal(wushe.StorageEntitlement())
		require.NoError(t, err)
		_, err = wushe.ParseIDNumber(raw)
		require.NoError(t, err, "seq %d", seq)
		require.True(t, n.BirthDate().Equal(birth), "seq %d", seq)
	}
}

func TestMustHelpersPanicOnBadInput(t *testing.T) {
	require.Panics(t, func() { must.Name("") })
	require.Panics(t, func() { must.Phone("12") })
}

// Each step stops at the first store error and returns it: with a cancelled context the
// store refuses every call.
func TestStepsReturnStoreErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	clock := wushe.NewManualClock(time.Date(2022, 3, 1, 9, 0, 0, 0, cst))
	store := memstore.New()
	svc, err := linkage.NewService(store, &linkage.Options{Clock: clock})
	require.NoError(t, err)
	vols, err := volunteer.NewService(store, &volunteer.Options{Clock: clock})
	require.NoError(t, err)
	id := uuid.New()
	_, err = registerParties(ctx, svc, vols, id)
	require.ErrorIs(t, err, context.Canceled)
	var out bytes.Buffer
	require.ErrorIs(t, printLinks(ctx, &out, svc, id), context.Canceled)
	require.ErrorIs(t, printServices(ctx, &out, svc, id, id), context.Canceled)
}

// all walks every page: with a page size of 1 it still returns every item, in order.
func TestAllReadsEveryPage(t *testing.T) {
	ids := []uuid.UUID{uuid.MustParse("00000000-0000-4000-8000-000000000001"),
		uuid.MustParse("00000000-0000-4000-8000-000000000002"), uuid.MustParse("00000000-0000-4000-8000-000000000003")}
	calls := 0
	got, err := all(func(req wushe.PageRequest) (wushe.Page[uuid.UUID], error) {
		calls++
		req.Limit = 1
		return wushe.Paginate(ids, func(id uuid.UUID) uuid.UUID { return id }, req)
	})
	require.NoError(t, err)
	require.Equal(t, ids, got)
	require.GreaterOrEqual(t, calls, 3)
}
