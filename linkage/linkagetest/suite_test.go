package linkagetest_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/linkage/linkagetest"
	"github.com/wushe/wushe/memstore"
)

// TestReopen runs the suite with Features.Reopen on a store that "reopens" as the same
// value, so the Reopen case runs rather than skips.
func TestReopen(t *testing.T) {
	reopened := 0
	var mu sync.Mutex
	linkagetest.RunStoreTests(t, func(t *testing.T) linkage.Store { return memstore.New() }, linkagetest.Features{
		Reopen: func(_ *testing.T, s linkage.Store) linkage.Store {
			mu.Lock()
			defer mu.Unlock()
			reopened++
			return s
		},
	})
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		require.Equal(t, 14, reopened, "one Reopen case per entity")
	})
}

// The suite is only worth running if it fails a store that breaks the contract. Each broken
// store below is memstore with one method wrong in a way a real adapter could get wrong;
// TestSuiteCatchesBrokenStores runs the suite on each in a child process and checks that
// the case meant to catch it fails.

// swallowsClosureError persists the closure's changes even when it fails.
type swallowsClosureError struct{ linkage.Store }

func (s swallowsClosureError) UpdateNeed(ctx context.Context, id uuid.UUID, fn func(*linkage.Need) error) (linkage.Need, error) {
	return s.Store.UpdateNeed(ctx, id, func(n *linkage.Need) error { _ = fn(n); return nil })
}

// cachingGet hands out values that share memory with its cache, which is also never
// invalidated.
type cachingGet struct {
	linkage.Store
	mu    sync.Mutex
	cache map[uuid.UUID]linkage.Unit
}

func (s *cachingGet) GetUnit(ctx context.Context, id uuid.UUID) (linkage.Unit, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.cache[id]; ok {
		return u, nil
	}
	u, err := s.Store.GetUnit(ctx, id)
	if err == nil {
		s.cache[id] = u
	}
	return u, err
}

// ignoresUrgency drops one filter field.
type ignoresUrgency struct{ linkage.Store }

func (s ignoresUrgency) ListNeeds(ctx context.Context, f linkage.NeedFilter) (wushe.Page[linkage.Need], error) {
	f.Urgency = ""
	return s.Store.ListNeeds(ctx, f)
}

// nextOnLastPage always sets a cursor, so a caller never learns it has reached the end.
type nextOnLastPage struct{ linkage.Store }

func (s nextOnLastPage) ListCases(ctx context.Context, f linkage.CaseFilter) (wushe.Page[linkage.Case], error) {
	p, err := s.Store.ListCases(ctx, f)
	if err == nil && p.Next == uuid.Nil && len(p.Items) > 0 {
		p.Next = p.Items[len(p.Items)-1].ID
	}
	return p, err
}

// nextWhenFull sets a cursor whenever a page is full, the common shortcut that sends the
// caller for one more, empty, page.
type nextWhenFull struct{ linkage.Store }

func (s nextWhenFull) ListUnits(ctx context.Context, f linkage.UnitFilter) (wushe.Page[linkage.Unit], error) {
	p, err := s.Store.ListUnits(ctx, f)
	if err == nil && p.Next == uuid.Nil && len(p.Items) > 0 && len(p.Items) == f.Page.Limit {
		p.Next = p.Items[len(p.Items)-1].ID
	}
	return p, err
}

// clampsLimit serves a page of MaxPageLimit instead of rejecting a larger Limit.
type clampsLimit struct{ linkage.Store }

func (s clampsLimit) ListLinks(ctx context.Context, f linkage.LinkFilter) (wushe.Page[linkage.Link], error) {
	f.Page.Limit = min(f.Page.Limit, wushe.MaxPageLimit)
	return s.Store.ListLinks(ctx, f)
}

// ignoresContext writes on a cancelled context.
type ignoresContext struct{ linkage.Store }

func (s ignoresContext) CreateActivity(_ context.Context, a linkage.Activity) error {
	return s.Store.CreateActivity(context.Background(), a)
}

// plainNotFound reports a missing project with an error that carries no kind.
type plainNotFound struct{ linkage.Store }

func (s plainNotFound) GetProject(ctx context.Context, id uuid.UUID) (linkage.Project, error) {
	p, err := s.Store.GetProject(ctx, id)
	if errors.Is(err, wushe.ErrNotFound) {
		return p, errors.New("project not found")
	}
	return p, err
}

// bareSentinel reports a missing case with the bare kind: errors.Is works, but the error
// names neither the operation nor the entity.
type bareSentinel struct{ linkage.Store }

func (s bareSentinel) GetCase(ctx context.Context, id uuid.UUID) (linkage.Case, error) {
	c, err := s.Store.GetCase(ctx, id)
	if errors.Is(err, wushe.ErrNotFound) {
		return c, wushe.ErrNotFound
	}
	return c, err
}

// overwritesOnCreate treats a create of an existing ID as an update.
type overwritesOnCreate struct{ linkage.Store }

func (s overwritesOnCreate) CreateOrganization(ctx context.Context, o linkage.Organization) error {
	err := s.Store.CreateOrganization(ctx, o)
	if errors.Is(err, wushe.ErrAlreadyExists) {
		_, err = s.Store.UpdateOrganization(ctx, o.ID, func(cur *linkage.Organization) error {
			o.Version = cur.Version
			*cur = o
			return nil
		})
	}
	return err
}

// keepsID quietly restores an ID the closure changed instead of rejecting the update.
type keepsID struct{ linkage.Store }

func (s keepsID) UpdateSocialWorker(ctx context.Context, id uuid.UUID, fn func(*linkage.SocialWorker) error) (linkage.SocialWorker, error) {
	return s.Store.UpdateSocialWorker(ctx, id, func(w *linkage.SocialWorker) error {
		err := fn(w)
		w.ID = id
		return err
	})
}

// lastWriteWins ignores the Version the closure leaves, so a stale copy overwrites.
type lastWriteWins struct{ linkage.Store }

func (s lastWriteWins) UpdateCouncilMeeting(ctx context.Context, id uuid.UUID, fn func(*linkage.CouncilMeeting) error) (linkage.CouncilMeeting, error) {
	return s.Store.UpdateCouncilMeeting(ctx, id, func(m *linkage.CouncilMeeting) error {
		v := m.Version
		err := fn(m)
		m.Version = v
		return err
	})
}

// readThenWrite runs the closure on a copy read outside the write, then writes that copy:
// concurrent updates overwrite each other.
type readThenWrite struct{ linkage.Store }

func (s readThenWrite) UpdateCommunity(ctx context.Context, id uuid.UUID, fn func(*linkage.Community) error) (linkage.Community, error) {
	c, err := s.Store.GetCommunity(ctx, id)
	if err != nil {
		return c, err
	}
	if err := fn(&c); err != nil {
		return linkage.Community{}, err
	}
	runtime.Gosched()
	return s.Store.UpdateCommunity(ctx, id, func(cur *linkage.Community) error {
		c.Version = cur.Version
		*cur = c
		return nil
	})
}

// acceptsTwice runs the closure on a copy read outside the write, as readThenWrite does,
// for referrals: two teams can both accept one referral.
type acceptsTwice struct{ linkage.Store }

func (s acceptsTwice) UpdateReferral(ctx context.Context, id uuid.UUID, fn func(*linkage.Referral) error) (linkage.Referral, error) {
	r, err := s.Store.GetReferral(ctx, id)
	if err != nil {
		return r, err
	}
	if err := fn(&r); err != nil {
		return linkage.Referral{}, err
	}
	runtime.Gosched()
	return s.Store.UpdateReferral(ctx, id, func(cur *linkage.Referral) error {
		r.Version = cur.Version
		*cur = r
		return nil
	})
}

type brokenStore struct {
	wrap     func(linkage.Store) linkage.Store
	entity   string // the subtest the child runs
	wantFail string // the case that must fail
	features linkagetest.Features
}

var brokenStores = map[string]brokenStore{
	"swallowsClosureError": {func(s linkage.Store) linkage.Store { return swallowsClosureError{s} }, "Need", "Rollback", linkagetest.Features{}},
	"cachingGet": {func(s linkage.Store) linkage.Store {
		return &cachingGet{Store: s, cache: map[uuid.UUID]linkage.Unit{}}
	}, "Unit", "Isolation", linkagetest.Features{}},
	"ignoresUrgency":     {func(s linkage.Store) linkage.Store { return ignoresUrgency{s} }, "Need", "Filters", linkagetest.Features{}},
	"nextOnLastPage":     {func(s linkage.Store) linkage.Store { return nextOnLastPage{s} }, "Case", "Paging", linkagetest.Features{}},
	"nextWhenFull":       {func(s linkage.Store) linkage.Store { return nextWhenFull{s} }, "Unit", "Paging", linkagetest.Features{}},
	"clampsLimit":        {func(s linkage.Store) linkage.Store { return clampsLimit{s} }, "Link", "InvalidLimit", linkagetest.Features{}},
	"ignoresContext":     {func(s linkage.Store) linkage.Store { return ignoresContext{s} }, "Activity", "Cancelled", linkagetest.Features{}},
	"plainNotFound":      {func(s linkage.Store) linkage.Store { return plainNotFound{s} }, "Project", "NotFound", linkagetest.Features{}},
	"bareSentinel":       {func(s linkage.Store) linkage.Store { return bareSentinel{s} }, "Case", "NotFound", linkagetest.Features{}},
	"overwritesOnCreate": {func(s linkage.Store) linkage.Store { return overwritesOnCreate{s} }, "Organization", "AlreadyExists", linkagetest.Features{}},
	"keepsID":            {func(s linkage.Store) linkage.Store { return keepsID{s} }, "SocialWorker", "ChangedID", linkagetest.Features{}},
	"lastWriteWins":      {func(s linkage.Store) linkage.Store { return lastWriteWins{s} }, "CouncilMeeting", "StaleVersion", linkagetest.Features{}},
	// Twenty rounds of twenty racers: a round with no lost update is possible, twenty are
	// not to be expected.
	// A store that declares it survives reopening, but comes back empty.
	"forgetsOnReopen": {func(s linkage.Store) linkage.Store { return s }, "Need", "Reopen", linkagetest.Features{
		Reopen: func(*testing.T, linkage.Store) linkage.Store { return memstore.New() },
	}},
	"acceptsTwice":  {func(s linkage.Store) linkage.Store { return acceptsTwice{s} }, "Referral", "AcceptRace", linkagetest.Features{Rounds: 20}},
	"readThenWrite": {func(s linkage.Store) linkage.Store { return readThenWrite{s} }, "Community", "RaceUpdate", linkagetest.Features{Rounds: 20}},
}

const brokenEnv = "LINKAGETEST_BROKEN_STORE"

// TestBrokenStore runs the suite on the broken store named by the environment; it is
// TestSuiteCatchesBrokenStores's child and is skipped otherwise.
func TestBrokenStore(t *testing.T) {
	name := os.Getenv(brokenEnv)
	if name == "" {
		t.Skip("runs only as a child of TestSuiteCatchesBrokenStores")
	}
	b, ok := brokenStores[name]
	require.True(t, ok, "no broken store %q", name)
	linkagetest.RunStoreTests(t, func(t *testing.T) linkage.Store { return b.wrap(memstore.New()) }, b.features)
}

func TestSuiteCatchesBrokenStores(t *testing.T) {
	if os.Getenv(brokenEnv) != "" {
		t.Skip("already a child")
	}
	for name, b := range brokenStores {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.CommandContext(t.Context(), os.Args[0],
				"-test.run=^TestBrokenStore$/^"+b.entity+"$", "-test.v=true", "-test.count=1")
			cmd.Env = append(os.Environ(), brokenEnv+"="+name)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "the suite passed a store that is broken (%s):\n%s", name, out)
			want := "--- FAIL: TestBrokenStore/" + b.entity + "/" + b.wantFail + " "
			require.True(t, strings.Contains(string(out), want), "want %q in:\n%s", want, out)
			require.Contains(t, string(out), "--- PASS: TestBrokenStore/"+b.entity+"/RoundTrip ",
				"the cases that do not test the broken method still pass")
		})
	}
}
