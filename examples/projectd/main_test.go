package main

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/examples/internal/must"
	"github.com/wushe/wushe/examples/internal/work"
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
		// Every link comes from a completed referral: 6 of the 12 home-visit needs go to the
		// three specialists (4 done in the year), 6 to the two serving units (all done); each
		// of the 12 activities to an organization, to the team for two volunteers, and every
		// third to a unit lending its hall.
		"talent              4 links from 3 parties to 4 needs\n",
		"organization       12 links from 3 parties to 12 needs\n",
		"service            10 links from 4 parties to 10 needs\n",
		"venue               0 links from 0 parties to 0 needs (a unit's hall lent for an activity is derived as the unit's service)\n",
		"volunteer service  24 links from 11 parties to 12 needs\n",
		"all                50 links",
		"disadvantaged groups needs 12 raised, 11 met;  5 activities reaching  97 people",
		"families             needs  4 raised,  3 met;  2 activities reaching  59 people",
		"minors               needs  6 raised,  6 met;  3 activities reaching  65 people",
		"community activities       8\n",
		"group sessions             4\n",
		"median response days       1\n",
		"needs met                  22\n",
		"needs raised               24\n",
		"people served              194\n",
		"person times               375\n",
		// 40 referrals: 4 answered after the 3 days a hoped-for need allows (accepted after
		// 4, 5, 6 and 4 days), 2 still under way at the year's end; every call back content.
		"referrals                  40\n",
		"referral response rate     0.9\n",
		"referral resolution rate   0.95\n",
		"referral satisfaction rate 1\n",
		"units connected            4\n",
		// 12 shifts x 2 volunteers x 2 hours of verified service.
		"volunteer hours            48\n",
		"volunteers connected       11\n",
		"total 90.78 of 100.00, grade 优 (complete)",
	} {
		require.Contains(t, got, want)
	}
	// No personal data in the clear: names, phones, ID numbers, beneficiary references.
	for _, raw := range []string{"黄嘉怡", "林志明", "周律师", "杨志刚", "13682000001", "13583000001", "13784000001",
		"330102", "client:", "resident:"} {
		require.NotContains(t, got, raw)
	}
	// Plain words: codes, kinds and statuses print with spaces, never as raw values.
	for _, raw := range []string{"volunteer_service", "needs_met", "social_worker"} {
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
	_, err = registerParties(ctx, svc, vols, id, id)
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

// A store failure anywhere in the year ends it with that error, never a panic or a report
// that claims to be whole. Every tenth check is enough to pass through each step's kind.
func TestReplayStopsAtTheFirstFailure(t *testing.T) {
	work.StopsAtEveryFailure(t, func(ctx context.Context) error { return replay(ctx, io.Discard) }, func(n int64) int64 { return n + 1 + n/10 })
}
