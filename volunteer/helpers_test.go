package volunteer_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

// t0 is a Monday morning; shifts in tests are a week later.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type env struct {
	t     *testing.T
	svc   *volunteer.Service
	store volunteer.Store
	mem   *memstore.Store
	clock *wushe.ManualClock
	org   volunteer.Actor
	admin volunteer.Actor
}

func newEnv(t *testing.T, mod func(*volunteer.Options)) *env {
	t.Helper()
	mem := memstore.New()
	e := &env{t: t, mem: mem, store: mem, clock: wushe.NewManualClock(t0),
		org:   volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.MustParse("00000000-0000-4000-8000-00000000000a")},
		admin: volunteer.Actor{Kind: volunteer.ActorAdmin, ID: uuid.MustParse("00000000-0000-4000-8000-0000000000ad")}}
	opts := &volunteer.Options{Clock: e.clock, NewID: wushe.SequentialIDs(t.Name()), CertificateKey: []byte("test-key")}
	if mod != nil {
		mod(opts)
	}
	if opts.Clock != e.clock {
		e.clock = nil
	}
	svc, err := volunteer.NewService(e.store, opts)
	require.NoError(t, err)
	e.svc = svc
	return e
}

// newFaultyEnv is newEnv over a FaultyStore.
func newFaultyEnv(t *testing.T, mod func(*volunteer.Options)) (*env, *volunteertest.FaultyStore) {
	t.Helper()
	e := newEnv(t, mod)
	fs := volunteertest.NewFaultyStore(e.mem)
	opts := &volunteer.Options{Clock: e.clock, NewID: wushe.SequentialIDs(t.Name() + "/faulty"), CertificateKey: []byte("test-key")}
	if mod != nil {
		mod(opts)
	}
	svc, err := volunteer.NewService(fs, opts)
	require.NoError(t, err)
	e.svc, e.store = svc, fs
	return e, fs
}

var seq atomic.Int64

// adult registers an adult volunteer (born 1990).
func (e *env) adult() volunteer.Volunteer {
	e.t.Helper()
	return e.register(time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), nil)
}

func (e *env) register(birth time.Time, mod func(*volunteer.Volunteer)) volunteer.Volunteer {
	e.t.Helper()
	v := volunteertest.Volunteer(int(seq.Add(1)), birth, t0)
	v.ID, v.Number, v.Version, v.RegisteredOn = uuid.Nil, "", 0, time.Time{}
	if mod != nil {
		mod(&v)
	}
	out, err := e.svc.Register(e.t.Context(), v)
	require.NoError(e.t, err)
	return out
}

// opportunity creates a published opportunity organized by e.org with one shift of
// headcount places a week after t0.
func (e *env) opportunity(headcount int, mod func(*volunteer.Opportunity)) volunteer.Opportunity {
	e.t.Helper()
	o := volunteertest.Opportunity(t0.AddDate(0, 0, 7), headcount)
	o.ID, o.Organizer, o.PublishedAt = uuid.Nil, e.org, time.Time{}
	o.Shifts[0].ID = uuid.Nil
	if mod != nil {
		mod(&o)
	}
	out, err := e.svc.CreateOpportunity(e.t.Context(), o)
	require.NoError(e.t, err)
	return out
}

func ref(o volunteer.Opportunity) volunteer.ShiftRef {
	return volunteer.ShiftRef{OpportunityID: o.ID, ShiftID: o.Shifts[0].ID}
}

func kindIs(t *testing.T, err error, k wushe.Kind) {
	t.Helper()
	require.Error(t, err)
	assert.Equal(t, k, wushe.KindOf(err), "%v", err)
}

func hasField(t *testing.T, err error, field string) {
	t.Helper()
	require.Error(t, err)
	for _, fe := range wushe.FieldErrors(err) {
		if fe.Field == field {
			return
		}
	}
	var werr *wushe.Error
	if errors.As(err, &werr) && werr.Field == field {
		return
	}
	t.Errorf("no error names field %q in %v", field, err)
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func decEq(t *testing.T, want string, got decimal.Decimal, msg ...any) {
	t.Helper()
	assert.True(t, got.Equal(dec(want)), "want %s, got %s %v", want, got, msg)
}

func volunteerFixture(birth time.Time) volunteer.Volunteer {
	v := volunteertest.Volunteer(int(seq.Add(1)), birth, t0)
	v.ID, v.Number, v.Version, v.RegisteredOn = uuid.Nil, "", 0, time.Time{}
	return v
}

// recordVerified records in by the organizer with no enrolment and approves it: service
// outside a shift is self-reported and counts once its organizer verifies it.
func (e *env) recordVerified(ctx context.Context, in volunteer.ServiceRecord) (volunteer.ServiceRecord, error) {
	e.t.Helper()
	r, err := e.svc.RecordService(ctx, e.org, in)
	if err != nil {
		return r, err
	}
	return e.svc.VerifyRecord(ctx, e.org, r.ID, true)
}
