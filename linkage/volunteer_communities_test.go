package linkage_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

// unreachable is a linkage Store whose GetCommunity cannot answer.
type unreachable struct{ *memstore.Store }

func (unreachable) GetCommunity(context.Context, uuid.UUID) (linkage.Community, error) {
	return linkage.Community{}, &wushe.Error{Op: "test.GetCommunity", Kind: wushe.KindUnavailable, Entity: "Community", Msg: "database down"}
}

func TestCommunityCheckerGuardsVolunteers(t *testing.T) {
	ctx := context.Background()
	store := memstore.New()
	clock := wushe.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	vol, err := volunteer.NewService(store, &volunteer.Options{Clock: clock, Communities: linkage.CommunityChecker(store)})
	require.NoError(t, err)
	svc, err := linkage.NewService(store, &linkage.Options{Clock: clock, Volunteer: vol})
	require.NoError(t, err)
	a, err := svc.RegisterCommunity(ctx, linkage.Community{Name: "A社区", Kind: linkage.CommunityUrban})
	require.NoError(t, err)
	b, err := svc.RegisterCommunity(ctx, linkage.Community{Name: "B社区", Kind: linkage.CommunityUrban})
	require.NoError(t, err)

	v := volunteertest.Volunteer(1, time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), clock.Now())
	v.ID, v.Number, v.Version, v.RegisteredOn = uuid.Nil, "", 0, time.Time{}
	_, err = vol.Register(ctx, v) // the fixture's CommunityID is a fresh UUID
	require.ErrorIs(t, err, wushe.ErrNotFound)
	require.Equal(t, "CommunityID", wushe.FieldErrors(err)[0].Field)

	v.CommunityID = a.ID
	v, err = vol.Register(ctx, v)
	require.NoError(t, err)
	_, err = vol.UpdateVolunteer(ctx, v.ID, func(x *volunteer.Volunteer) error { x.CommunityID = uuid.New(); return nil })
	require.ErrorIs(t, err, wushe.ErrNotFound)
	moved, err := vol.UpdateVolunteer(ctx, v.ID, func(x *volunteer.Volunteer) error { x.CommunityID = b.ID; return nil })
	require.NoError(t, err)
	require.Equal(t, b.ID, moved.CommunityID)

	// A store that cannot answer fails the check with its kind; it is not read as "no
	// such community".
	down, err := volunteer.NewService(store, &volunteer.Options{Clock: clock, Communities: linkage.CommunityChecker(unreachable{store})})
	require.NoError(t, err)
	_, err = down.UpdateVolunteer(ctx, v.ID, func(x *volunteer.Volunteer) error { x.CommunityID = a.ID; return nil })
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	require.NotErrorIs(t, err, wushe.ErrNotFound)
	require.ErrorContains(t, err, "linkage.CommunityChecker")
	got, err := vol.GetVolunteer(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, b.ID, got.CommunityID)
}

// A host wiring both services has volunteers' communities checked against linkage's.
func ExampleCommunityChecker() {
	ctx := context.Background()
	store := memstore.New()
	clock := wushe.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	vol, _ := volunteer.NewService(store, &volunteer.Options{Clock: clock, Communities: linkage.CommunityChecker(store)})
	svc, _ := linkage.NewService(store, &linkage.Options{Clock: clock, Volunteer: vol})
	c, _ := svc.RegisterCommunity(ctx, linkage.Community{Name: "J community", Kind: linkage.CommunityUrban})

	v := volunteertest.Volunteer(7, time.Date(1988, 1, 9, 0, 0, 0, 0, time.UTC), clock.Now())
	v.ID, v.Number, v.RegisteredOn = uuid.Nil, "", time.Time{}
	_, err := vol.Register(ctx, v)
	fmt.Println("unknown community refused:", errors.Is(err, wushe.ErrNotFound), wushe.FieldErrors(err)[0].Field)
	v.CommunityID = c.ID
	v, err = vol.Register(ctx, v)
	fmt.Println("registered in J community:", err == nil && v.CommunityID == c.ID)
	// Output:
	// unknown community refused: true CommunityID
	// registered in J community: true
}
