package linkage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

var t0 = time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)

// fixture is a Service over a fake store with a manual clock and a community, a grid and
// two social workers.
type fixture struct {
	ctx        context.Context
	store      *fakeStore
	clock      *wushe.ManualClock
	svc        *linkage.Service
	community  linkage.Community
	grid       uuid.UUID
	worker     linkage.SocialWorker
	supervisor linkage.SocialWorker
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureOn(t, newFakeStore())
}

func newFixtureOn(t *testing.T, store linkage.Store) *fixture {
	t.Helper()
	f := &fixture{ctx: context.Background(), clock: wushe.NewManualClock(t0)}
	if fs, ok := store.(*fakeStore); ok {
		f.store = fs
	} else if fl, ok := store.(*failingStore); ok {
		f.store = fl.Store.(*fakeStore)
	}
	svc, err := linkage.NewService(store, &linkage.Options{Clock: f.clock, NewID: wushe.SequentialIDs(t.Name())})
	require.NoError(t, err)
	f.svc = svc
	f.grid = uuid.MustParse("00000000-0000-4000-8000-000000000001")
	f.community, err = svc.RegisterCommunity(f.ctx, linkage.Community{
		Name: "J社区", Kind: linkage.CommunityUrban, District: "锦江区", StreetOffice: "春熙路街道",
		Households: 7000, Residents: 20000, PartyMembers: 241,
		Areas: []linkage.Area{{ID: f.grid, Name: "一网格", Level: linkage.LevelGrid}},
	})
	require.NoError(t, err)
	f.worker = f.addWorker(t, "王小明", linkage.QualificationSocial)
	f.supervisor = f.addWorker(t, "李督导", linkage.QualificationSenior)
	return f
}

func (f *fixture) addWorker(t *testing.T, name string, q linkage.Qualification) linkage.SocialWorker {
	t.Helper()
	w, err := f.svc.RegisterSocialWorker(f.ctx, linkage.SocialWorker{
		Name: mustName(t, name), Phone: mustPhone(t, "13812345678"), Agency: "阳光社工", Qualification: q,
		Specialties: []linkage.Specialty{linkage.SpecialtyElderly}, Communities: []uuid.UUID{f.community.ID},
	})
	require.NoError(t, err)
	return w
}

func mustName(t testing.TB, s string) wushe.PersonName {
	t.Helper()
	n, err := wushe.ParsePersonName(s)
	require.NoError(t, err)
	return n
}

func mustPhone(t testing.TB, s string) wushe.Phone {
	t.Helper()
	p, err := wushe.ParsePhone(s)
	require.NoError(t, err)
	return p
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// fields lists the fields named by err's field errors.
func fields(err error) []string {
	var out []string
	for _, e := range wushe.FieldErrors(err) {
		out = append(out, e.Field)
	}
	return out
}

// requireKind checks err's kind and that it names op.
func requireKind(t *testing.T, err error, k wushe.Kind, op string) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, k, wushe.KindOf(err), "error: %v", err)
	require.True(t, errors.Is(err, k))
	if op != "" {
		require.Contains(t, err.Error(), op)
	}
}

func (f *fixture) need(t *testing.T) linkage.Need {
	t.Helper()
	n, err := f.svc.RaiseNeed(f.ctx, linkage.Need{
		Community: f.community.ID, Area: f.grid, TargetGroup: linkage.GroupElderly, Category: "meal delivery",
		Urgency: linkage.UrgencyUrgent, Source: linkage.SourceHomeVisit,
		Beneficiary: wushe.NewSensitive(wushe.ClassReference, "R-0001"), Description: "needs lunch delivered",
	})
	require.NoError(t, err)
	return n
}

func (f *fixture) openCase(t *testing.T) linkage.Case {
	t.Helper()
	c, err := f.svc.OpenCase(f.ctx, linkage.Case{
		Community: f.community.ID, Worker: f.worker.ID, Supervisor: f.supervisor.ID, Risk: linkage.RiskMedium,
		Client: linkage.Client{
			Ref:    wushe.NewSensitive(wushe.ClassReference, "C-0042"),
			Health: wushe.NewSensitive(wushe.ClassHealth, "type 2 diabetes"),
		},
		Consents: []linkage.Consent{{GivenBy: "client", Scope: []string{linkage.ScopeService}, Purpose: "case work"}},
	})
	require.NoError(t, err)
	return c
}
