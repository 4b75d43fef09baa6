package volunteertest

import (
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storetest"
	"github.com/wushe/wushe/volunteer"
)

// callOut is a valid call-out opened at base, inviting the given volunteers.
func callOut(org volunteer.Actor, headcount int, invited ...uuid.UUID) volunteer.CallOut {
	invited = slices.Clone(invited)
	slices.SortFunc(invited, wushe.CompareIDs)
	return volunteer.CallOut{ID: uuid.New(), Organizer: org, Title: "防疫应急动员", Theme: volunteer.ThemeEmergencyRescue,
		Risk: volunteer.RiskHigh, PlaceName: "猎德村", Place: wushe.Point{Lat: 23.12, Lng: 113.33},
		Window: wushe.NewWindow(base.Add(time.Hour), 4*time.Hour), RadiusMeters: 1500, Headcount: headcount,
		OpenedAt: base, AckBy: base.Add(30 * time.Minute), Status: volunteer.CallOutOpen, Invited: invited,
		Reach:     volunteer.CallOutReach{Screened: len(invited) + 2, Invited: len(invited), Excluded: map[string]int{"beyond_radius": 2}},
		CreatedAt: base, UpdatedAt: base}
}

func testCallOuts(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
	other := volunteer.Actor{Kind: volunteer.ActorOrganization, ID: uuid.New()}
	a, b := uuid.New(), uuid.New()
	c := callOut(org, 2, a, b)
	c.Acks = []volunteer.Acknowledgement{{VolunteerID: a, At: base.Add(time.Minute), Status: volunteer.AckConfirmed, ConfirmedAt: base.Add(time.Minute)}}
	require.NoError(t, s.CreateCallOut(ctx, c))
	kindIs(t, s.CreateCallOut(ctx, c), wushe.KindAlreadyExists, "call-out twice")

	got, err := s.GetCallOut(ctx, c.ID)
	require.NoError(t, err)
	c.Version = 1
	assert.Equal(t, c, got, "a call-out comes back as it went in")
	got.Acks[0].Status = volunteer.AckWithdrawn
	got.Reach.Excluded["status"] = 9
	again, err := s.GetCallOut(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, c, again, "changing a returned copy changes nothing stored")

	_, err = s.GetCallOut(ctx, uuid.New())
	kindIs(t, err, wushe.KindNotFound, "GetCallOut of an unknown ID")
	_, err = s.UpdateCallOut(ctx, uuid.New(), func(*volunteer.CallOut) error { return nil })
	kindIs(t, err, wushe.KindNotFound, "UpdateCallOut of an unknown ID")

	upd, err := s.UpdateCallOut(ctx, c.ID, func(x *volunteer.CallOut) error {
		x.Acks = append(x.Acks, volunteer.Acknowledgement{VolunteerID: b, At: base.Add(2 * time.Minute), Status: volunteer.AckConfirmed, ConfirmedAt: base.Add(2 * time.Minute)})
		x.Status, x.FullAt = volunteer.CallOutFull, base.Add(2*time.Minute)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, int64(2), upd.Version)
	assert.Len(t, upd.Acks, 2)
	_, err = s.UpdateCallOut(ctx, c.ID, func(x *volunteer.CallOut) error { x.Version = 1; return nil })
	kindIs(t, err, wushe.KindConflict, "a stale version")
	_, err = s.UpdateCallOut(ctx, c.ID, func(x *volunteer.CallOut) error { x.ID = uuid.New(); return nil })
	kindIs(t, err, wushe.KindInvalid, "a changed ID")
	stored, err := s.GetCallOut(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, upd, stored, "rejected updates persist nothing")

	later := callOut(other, 1)
	later.OpenedAt, later.AckBy = base.AddDate(0, 0, 7), base.AddDate(0, 0, 7).Add(time.Hour)
	later.Window = wushe.NewWindow(later.AckBy, time.Hour)
	require.NoError(t, s.CreateCallOut(ctx, later))
	ids := func(f volunteer.CallOutFilter) []uuid.UUID {
		t.Helper()
		p, err := s.ListCallOuts(ctx, f)
		require.NoError(t, err)
		var out []uuid.UUID
		for _, x := range p.Items {
			out = append(out, x.ID)
		}
		return out
	}
	assert.Equal(t, []uuid.UUID{c.ID}, ids(volunteer.CallOutFilter{Organizer: org}))
	assert.Equal(t, []uuid.UUID{c.ID}, ids(volunteer.CallOutFilter{Status: volunteer.CallOutFull}))
	assert.Equal(t, []uuid.UUID{later.ID}, ids(volunteer.CallOutFilter{OpenedFrom: base.Add(time.Nanosecond)}))
	assert.Equal(t, []uuid.UUID{c.ID}, ids(volunteer.CallOutFilter{OpenedTo: later.OpenedAt}), "OpenedTo is exclusive")
	assert.Empty(t, ids(volunteer.CallOutFilter{Organizer: volunteer.Actor{Kind: volunteer.ActorUnit, ID: org.ID}}), "the organizer's kind counts too")
	all := ids(volunteer.CallOutFilter{})
	assert.Len(t, all, 2)
	assert.True(t, slices.IsSortedFunc(all, wushe.CompareIDs), "in ID order")
}

// testRaceCallOutHeadcount: racers acknowledge one call-out at once through UpdateCallOut,
// each deciding inside the closure whether a place is left. No acknowledgement is lost and
// exactly the headcount is confirmed.
func testRaceCallOutHeadcount(t *testing.T, s volunteer.Store, f Features) {
	const headcount = 5
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
	c := callOut(org, headcount)
	require.NoError(t, s.CreateCallOut(t.Context(), c))
	errs := storetest.Parallel(f.Racers, func(i int) error {
		_, err := s.UpdateCallOut(t.Context(), c.ID, func(x *volunteer.CallOut) error {
			at := base.Add(time.Duration(i+1) * time.Second)
			ack := volunteer.Acknowledgement{VolunteerID: uuid.New(), At: at, Status: volunteer.AckWaitlisted}
			if x.Confirmed() < x.Headcount {
				ack.Status, ack.ConfirmedAt = volunteer.AckConfirmed, at
			}
			x.Acks = append(x.Acks, ack)
			return nil
		})
		return err
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	got, err := s.GetCallOut(t.Context(), c.ID)
	require.NoError(t, err)
	assert.Len(t, got.Acks, f.Racers, "no acknowledgement is lost")
	assert.Equal(t, min(headcount, f.Racers), got.Confirmed(), "exactly the headcount is confirmed")
	assert.Equal(t, int64(1+f.Racers), got.Version)
}
