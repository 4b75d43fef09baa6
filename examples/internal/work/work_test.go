package work_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/examples/internal/must"
	"github.com/wushe/wushe/examples/internal/work"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/volunteer"
)

// Serve records verified service for every volunteer on the referral's opportunity, so
// the referral completes with that headcount and derives one link per volunteer.
func TestServeCompletesAVolunteerReferral(t *testing.T) {
	ctx := t.Context()
	clock := wushe.NewManualClock(time.Date(2023, 5, 1, 9, 0, 0, 0, time.UTC))
	store := memstore.New()
	vol, err := volunteer.NewService(store, &volunteer.Options{Clock: clock})
	require.NoError(t, err)
	link, err := linkage.NewService(store, &linkage.Options{Clock: clock, Volunteer: vol})
	require.NoError(t, err)
	c, err := link.RegisterCommunity(ctx, linkage.Community{Name: "J community", Kind: linkage.CommunityUrban})
	require.NoError(t, err)
	var ids []uuid.UUID
	for i := range 2 {
		v, err := vol.Register(ctx, volunteer.Volunteer{Name: must.Name("赵红梅"), CommunityID: c.ID,
			IDNumber: must.IDNumber("510107", time.Date(1970+i, 3, 1, 0, 0, 0, 0, time.UTC), i+1)})
		require.NoError(t, err)
		ids = append(ids, v.ID)
	}
	organizer := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: c.ID}
	team, err := vol.CreateTeam(ctx, volunteer.Team{Name: "lunch team", RunBy: organizer, Members: ids})
	require.NoError(t, err)
	need, err := link.RaiseNeed(ctx, linkage.Need{Community: c.ID, TargetGroup: linkage.GroupElderly, Category: "meals",
		Urgency: linkage.UrgencyAnxious, Source: linkage.SourceGridStaff, Description: "lunch for older residents"})
	require.NoError(t, err)
	to := linkage.ReferralResponder{Kind: linkage.ResponderVolunteerTeam, ID: team.ID}
	ref, err := link.Refer(ctx, linkage.Referral{Need: need.ID, Requester: linkage.Party{Kind: linkage.PartyCommunity, ID: c.ID},
		Responder: to, Category: "meals", Ask: "two volunteers", Quantity: decimal.NewNullDecimal(decimal.NewFromInt(2)), Unit: "volunteers"})
	require.NoError(t, err)
	_, err = link.AcceptReferral(ctx, ref.ID, to)
	require.NoError(t, err)
	_, err = link.StartReferral(ctx, ref.ID, to)
	require.NoError(t, err)

	shift := wushe.NewWindow(time.Date(2023, 5, 2, 11, 0, 0, 0, time.UTC), 90*time.Minute)
	o, closure, err := work.Serve(ctx, link, vol, clock, work.Shift{Referral: ref.ID, Volunteers: ids,
		Opportunity: volunteer.Opportunity{Title: "Lunch", Organizer: organizer, Theme: volunteer.ThemeElderlyCare, Risk: volunteer.RiskLow,
			PlaceName: "centre", Place: wushe.Point{Lat: 30.6, Lng: 104.0}, Shifts: []volunteer.Shift{{Window: shift, Headcount: 2}}}})
	require.NoError(t, err)
	require.Equal(t, ref.ID, o.ReferralID)
	require.Len(t, closure.Records, 2)
	var served []uuid.UUID
	for _, r := range closure.Records {
		served = append(served, r.VolunteerID)
		require.Equal(t, 90, r.Minutes)
		require.Equal(t, volunteer.RecordVerified, r.Status)
	}
	require.ElementsMatch(t, ids, served)
	require.Empty(t, closure.NoShows)
	require.True(t, closure.Points.Equal(decimal.NewFromInt(3)), "1.5 hours each at 1 point an hour: %s", closure.Points)
	require.Equal(t, shift.End, clock.Now())
	done, err := link.CompleteReferral(ctx, ref.ID, to)
	require.NoError(t, err)
	require.Len(t, done.Links, 2)

	// The first failure stops it: a referral that takes no more work.
	_, _, err = work.Serve(ctx, link, vol, clock, work.Shift{Referral: ref.ID, Volunteers: ids,
		Opportunity: volunteer.Opportunity{Title: "Lunch", Organizer: organizer}})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, _, err = work.Serve(cancelled, link, vol, clock, work.Shift{Referral: ref.ID})
	require.ErrorIs(t, err, context.Canceled)
}

func TestCountLinks(t *testing.T) {
	a, b := uuid.New(), uuid.New()
	vol := func(id uuid.UUID) linkage.Link {
		return linkage.Link{Kind: linkage.LinkVolunteerService, From: linkage.Party{Kind: linkage.PartyVolunteer, ID: id}}
	}
	got := work.CountLinks([]linkage.Link{vol(a), vol(b), vol(a),
		{Kind: linkage.LinkService, From: linkage.Party{Kind: linkage.PartyUnit, ID: b}}})
	require.Equal(t, map[linkage.LinkKind]work.Tally{
		linkage.LinkVolunteerService: {Links: 3, Parties: 2},
		linkage.LinkService:          {Links: 1, Parties: 1},
	}, got)
	require.Empty(t, work.CountLinks(nil))
}

// recorder is a testing.TB that keeps the first fatal message instead of stopping.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	if r.failed == "" {
		r.failed = fmt.Sprintf(format, args...)
	}
}

func TestStopsAtEveryFailure(t *testing.T) {
	// A replay that makes five store checks and stops at the first failure passes.
	checks := func(ctx context.Context, n int) error {
		for range n {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("step: %w", err)
			}
		}
		return nil
	}
	var tried []int64
	r := &recorder{TB: t}
	work.StopsAtEveryFailure(r, func(ctx context.Context) error { return checks(ctx, 5) }, func(n int64) int64 { tried = append(tried, n); return n + 2 })
	require.Empty(t, r.failed)
	require.Equal(t, []int64{0, 2, 4}, tried)

	// One that swallows the failure and finishes is caught.
	r = &recorder{TB: t}
	work.StopsAtEveryFailure(r, func(ctx context.Context) error { _ = checks(ctx, 5); return nil }, func(n int64) int64 { return n + 1 })
	require.Contains(t, r.failed, "failing after 0 store checks")
	// So is one that fails on its own.
	r = &recorder{TB: t}
	work.StopsAtEveryFailure(r, func(context.Context) error { return errors.New("broken") }, func(n int64) int64 { return n + 1 })
	require.Contains(t, r.failed, "the full run failed: broken")
}
