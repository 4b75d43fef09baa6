package volunteer_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

// communities is a host's table of communities, counting the checks it answers.
type communities struct {
	mu    sync.Mutex
	known map[uuid.UUID]bool
	calls atomic.Int64
	err   error
}

func (c *communities) CommunityExists(_ context.Context, id uuid.UUID) (bool, error) {
	c.calls.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.known[id], c.err
}

func newVolunteer(t *testing.T) volunteer.Volunteer {
	v := volunteertest.Volunteer(int(seq.Add(1)), time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), t0)
	v.ID, v.Number, v.Version, v.RegisteredOn = uuid.Nil, "", 0, time.Time{}
	return v
}

// requireUnknownCommunity checks the error for an unknown community: not found, naming
// CommunityID, and no personal data in the message.
func requireUnknownCommunity(t *testing.T, err error, op string, v volunteer.Volunteer) {
	t.Helper()
	require.ErrorIs(t, err, wushe.ErrNotFound)
	var we *wushe.Error
	require.ErrorAs(t, err, &we)
	require.Equal(t, op, we.Op)
	require.Equal(t, "CommunityID", we.Field)
	msg := err.Error()
	idn, _ := v.IDNumber.Reveal(wushe.StorageEntitlement())
	name, _ := v.Name.Reveal(wushe.StorageEntitlement())
	phone, _ := v.Phone.Reveal(wushe.StorageEntitlement())
	for _, pd := range []string{idn, name, phone} {
		require.NotContains(t, msg, pd, "personal data in the error")
	}
}

func TestCommunityIDUncheckedWithoutChecker(t *testing.T) {
	e := newEnv(t, nil)
	v, err := e.svc.Register(t.Context(), newVolunteer(t)) // a CommunityID nobody keeps
	require.NoError(t, err)
	_, err = e.svc.UpdateVolunteer(t.Context(), v.ID, func(v *volunteer.Volunteer) error { v.CommunityID = uuid.New(); return nil })
	require.NoError(t, err, "without Options.Communities the field stays opaque")
}

func TestRegisterChecksCommunity(t *testing.T) {
	known := uuid.New()
	cs := &communities{known: map[uuid.UUID]bool{known: true}}
	e := newEnv(t, func(o *volunteer.Options) { o.Communities = cs })

	v := newVolunteer(t)
	_, err := e.svc.Register(t.Context(), v)
	requireUnknownCommunity(t, err, "volunteer.Service.Register", v)
	page, err := e.svc.ListVolunteers(t.Context(), volunteer.VolunteerFilter{})
	require.NoError(t, err)
	require.Empty(t, page.Items, "a refused registration stores nothing")

	v.CommunityID = known
	got, err := e.svc.Register(t.Context(), v)
	require.NoError(t, err)
	require.Equal(t, known, got.CommunityID)

	calls := cs.calls.Load()
	v = newVolunteer(t)
	v.CommunityID = uuid.Nil
	_, err = e.svc.Register(t.Context(), v)
	require.NoError(t, err, "an unknown community (uuid.Nil) is not checked")
	require.Equal(t, calls, cs.calls.Load())
}

func TestUpdateVolunteerChecksChangedCommunity(t *testing.T) {
	a, b := uuid.New(), uuid.New()
	cs := &communities{known: map[uuid.UUID]bool{a: true, b: true}}
	e := newEnv(t, func(o *volunteer.Options) { o.Communities = cs })
	v := newVolunteer(t)
	v.CommunityID = a
	v, err := e.svc.Register(t.Context(), v)
	require.NoError(t, err)

	_, err = e.svc.UpdateVolunteer(t.Context(), v.ID, func(x *volunteer.Volunteer) error { x.CommunityID = uuid.New(); return nil })
	requireUnknownCommunity(t, err, "volunteer.Service.UpdateVolunteer", v)
	stored, err := e.svc.GetVolunteer(t.Context(), v.ID)
	require.NoError(t, err)
	require.Equal(t, v, stored, "a refused update leaves the volunteer as it was")

	moved, err := e.svc.UpdateVolunteer(t.Context(), v.ID, func(x *volunteer.Volunteer) error { x.CommunityID = b; return nil })
	require.NoError(t, err)
	require.Equal(t, b, moved.CommunityID)
	require.Equal(t, v.Version+1, moved.Version, "the check does not write twice")

	// An update that leaves the community alone does not ask, even once the host no
	// longer knows it.
	cs.mu.Lock()
	delete(cs.known, b)
	cs.mu.Unlock()
	calls := cs.calls.Load()
	_, err = e.svc.UpdateVolunteer(t.Context(), v.ID, func(x *volunteer.Volunteer) error { x.Languages = []string{"zh"}; return nil })
	require.NoError(t, err)
	require.Equal(t, calls, cs.calls.Load())
}

func TestCommunityCheckFailureStoresNothing(t *testing.T) {
	down := errors.New("directory unreachable")
	cs := &communities{known: map[uuid.UUID]bool{}}
	e := newEnv(t, func(o *volunteer.Options) {
		o.Communities = volunteer.CommunityCheckerFunc(func(ctx context.Context, id uuid.UUID) (bool, error) {
			return cs.CommunityExists(ctx, id)
		})
	})
	v := newVolunteer(t)
	v.CommunityID = uuid.Nil
	v, err := e.svc.Register(t.Context(), v)
	require.NoError(t, err)

	cs.err = &wushe.Error{Op: "host.Communities", Kind: wushe.KindUnavailable, Err: down}
	_, err = e.svc.UpdateVolunteer(t.Context(), v.ID, func(x *volunteer.Volunteer) error { x.CommunityID = uuid.New(); return nil })
	require.ErrorIs(t, err, down)
	require.ErrorIs(t, err, wushe.ErrUnavailable, "the checker's kind is kept")
	stored, err := e.svc.GetVolunteer(t.Context(), v.ID)
	require.NoError(t, err)
	require.Equal(t, v, stored)

	w := newVolunteer(t)
	_, err = e.svc.Register(t.Context(), w)
	require.ErrorIs(t, err, down)
	var we *wushe.Error
	require.ErrorAs(t, err, &we)
	require.Equal(t, "CommunityID", we.Field)
}

// A change that names another community each time it runs cannot be checked: it is
// refused as a conflict after a few rounds, and nothing is stored.
func TestUpdateVolunteerCommunityThatKeepsChanging(t *testing.T) {
	e := newEnv(t, func(o *volunteer.Options) {
		o.Communities = volunteer.CommunityCheckerFunc(func(context.Context, uuid.UUID) (bool, error) { return true, nil })
	})
	v := newVolunteer(t)
	v, err := e.svc.Register(t.Context(), v)
	require.NoError(t, err)
	_, err = e.svc.UpdateVolunteer(t.Context(), v.ID, func(x *volunteer.Volunteer) error { x.CommunityID = uuid.New(); return nil })
	require.ErrorIs(t, err, wushe.ErrConflict)
	stored, err := e.svc.GetVolunteer(t.Context(), v.ID)
	require.NoError(t, err)
	require.Equal(t, v, stored)
}

// Concurrent moves between known communities all land, each checked, none lost.
func TestUpdateVolunteerCommunityConcurrent(t *testing.T) {
	ids := []uuid.UUID{uuid.New(), uuid.New(), uuid.New()}
	cs := &communities{known: map[uuid.UUID]bool{ids[0]: true, ids[1]: true, ids[2]: true}}
	e := newEnv(t, func(o *volunteer.Options) { o.Communities = cs })
	v := newVolunteer(t)
	v.CommunityID = ids[0]
	v, err := e.svc.Register(t.Context(), v)
	require.NoError(t, err)
	var wg sync.WaitGroup
	const n = 16
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.svc.UpdateVolunteer(t.Context(), v.ID, func(x *volunteer.Volunteer) error { x.CommunityID = ids[1+i%2]; return nil })
			require.NoError(t, err)
		}()
	}
	wg.Wait()
	got, err := e.svc.GetVolunteer(t.Context(), v.ID)
	require.NoError(t, err)
	require.Equal(t, v.Version+n, got.Version)
	require.Contains(t, ids[1:], got.CommunityID)
}
