package volunteer_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storetest"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

// snapshot lists everything the store holds, for before/after comparison.
func snapshot(t *testing.T, s volunteer.Store) string {
	t.Helper()
	ctx := context.Background()
	big := wushe.PageRequest{Limit: wushe.MaxPageLimit}
	vs, err := s.ListVolunteers(ctx, volunteer.VolunteerFilter{Page: big})
	require.NoError(t, err)
	ts, err := s.ListTeams(ctx, volunteer.TeamFilter{Page: big})
	require.NoError(t, err)
	os, err := s.ListOpportunities(ctx, volunteer.OpportunityFilter{Page: big})
	require.NoError(t, err)
	es, err := s.ListEnrolments(ctx, volunteer.EnrolmentFilter{Page: big})
	require.NoError(t, err)
	rs, err := s.ListRecords(ctx, volunteer.RecordFilter{Page: big})
	require.NoError(t, err)
	cs, err := s.ListCatalogItems(ctx, volunteer.CatalogFilter{Page: big})
	require.NoError(t, err)
	xs, err := s.ListTransactions(ctx, volunteer.TransactionFilter{Page: big})
	require.NoError(t, err)
	return fmt.Sprintf("%+v\n%+v\n%+v\n%+v\n%+v\n%+v\n%+v", vs.Items, ts.Items, os.Items, es.Items, rs.Items, cs.Items, xs.Items)
}

// TestFailingStoreLeavesNothingPartial fails, one at a time, every store call each
// operation makes, and checks that the store is exactly as it was.
func TestFailingStoreLeavesNothingPartial(t *testing.T) {
	type fixture struct {
		e        *env
		v, w     volunteer.Volunteer
		o        volunteer.Opportunity
		en       volunteer.Enrolment
		rec      volunteer.ServiceRecord
		item     volunteer.CatalogItem
		pendingR volunteer.ServiceRecord
	}
	setup := func(t *testing.T) (*fixture, *env) {
		e, _ := newFaultyEnv(t, func(o *volunteer.Options) { o.Profile = "beijing" })
		f := &fixture{e: e}
		f.v, f.w = e.adult(), e.adult()
		f.o = e.opportunity(1, nil)
		var err error
		f.en, err = e.svc.SignUp(t.Context(), f.v.ID, ref(f.o))
		require.NoError(t, err)
		f.rec, err = e.recordVerified(t.Context(), e.served(f.v, t0.Add(-time.Hour)))
		require.NoError(t, err)
		f.pendingR, err = e.svc.RecordService(t.Context(), volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: f.v.ID}, e.served(f.v, t0.Add(-4*time.Hour)))
		require.NoError(t, err)
		_, err = e.svc.Adjust(t.Context(), e.admin, f.v.ID, dec("20"), "opening", "open")
		require.NoError(t, err)
		f.item, err = e.svc.AddCatalogItem(t.Context(), volunteer.CatalogItem{Name: "义剪", Cost: dec("2"), Stock: 3, Active: true})
		require.NoError(t, err)
		return f, e
	}
	ops := map[string]func(context.Context, *fixture) error{
		"Register": func(ctx context.Context, f *fixture) error {
			_, err := f.e.svc.Register(ctx, volunteerFixture(time.Date(1991, 1, 1, 0, 0, 0, 0, time.UTC)))
			return err
		},
		"CreateTeam": func(ctx context.Context, f *fixture) error {
			_, err := f.e.svc.CreateTeam(ctx, volunteer.Team{Name: "队", RunBy: f.e.org})
			return err
		},
		"CreateOpportunity": func(ctx context.Context, f *fixture) error {
			o := f.o
			o.ID, o.Version, o.Shifts = uuid.Nil, 0, []volunteer.Shift{{Window: o.Shifts[0].Window, Headcount: 1}}
			_, err := f.e.svc.CreateOpportunity(ctx, o)
			return err
		},
		"SetOpportunityStatus": func(ctx context.Context, f *fixture) error {
			_, err := f.e.svc.SetOpportunityStatus(ctx, f.e.org, f.o.ID, volunteer.OpportunityClosed)
			return err
		},
		"UpdateVolunteer": func(ctx context.Context, f *fixture) error {
			_, err := f.e.svc.SetStatus(ctx, f.v.ID, volunteer.StatusSuspended)
			return err
		},
		"SignUp": func(ctx context.Context, f *fixture) error {
			_, err := f.e.svc.SignUp(ctx, f.w.ID, ref(f.o))
			return err
		},
		"Cancel": func(ctx context.Context, f *fixture) error {
			_, _, err := f.e.svc.Cancel(ctx, f.e.org, f.en.ID)
			return err
		},
		"CheckIn": func(ctx context.Context, f *fixture) error {
			f.e.clock.Set(f.o.Shifts[0].Window.Start)
			_, err := f.e.svc.CheckIn(ctx, f.e.org, f.en.ID)
			return err
		},
		"RecordService": func(ctx context.Context, f *fixture) error {
			_, err := f.e.svc.RecordService(ctx, f.e.org, f.e.served(f.w, t0.Add(-time.Hour)))
			return err
		},
		"VerifyRecord": func(ctx context.Context, f *fixture) error {
			_, err := f.e.svc.VerifyRecord(ctx, f.e.org, f.pendingR.ID, true)
			return err
		},
		"CorrectRecord": func(ctx context.Context, f *fixture) error {
			_, err := f.e.svc.CorrectRecord(ctx, f.e.org, f.rec.ID, 100, "recount")
			return err
		},
		"AwardPoints": func(ctx context.Context, f *fixture) error {
			_, err := f.e.svc.AwardPoints(ctx, f.rec.ID)
			return err
		},
		"IssueCertificate": func(ctx context.Context, f *fixture) error {
			_, err := f.e.svc.IssueCertificate(ctx, f.e.org, "居委会", f.v.ID, []uuid.UUID{f.rec.ID})
			return err
		},
		"Redeem": func(ctx context.Context, f *fixture) error {
			_, err := f.e.svc.Redeem(ctx, f.v.ID, f.item.ID, 2, "order")
			return err
		},
		"Transfer": func(ctx context.Context, f *fixture) error {
			_, err := f.e.svc.Transfer(ctx, f.v.ID, f.w.ID, dec("3"), volunteer.RelationSpouse, "gift")
			return err
		},
		"Adjust": func(ctx context.Context, f *fixture) error {
			_, err := f.e.svc.Adjust(ctx, f.e.admin, f.v.ID, dec("-1"), "fix", "fix")
			return err
		},
		"AddCatalogItem": func(ctx context.Context, f *fixture) error {
			_, err := f.e.svc.AddCatalogItem(ctx, volunteer.CatalogItem{Name: "x", Cost: dec("1"), Active: true})
			return err
		},
	}
	for name, op := range ops {
		t.Run(name, func(t *testing.T) {
			// Count the calls the operation makes when nothing fails.
			f, _ := setup(t)
			calls := countCalls(t, f.e, func() error { return op(t.Context(), f) })
			require.Positive(t, calls)
			for n := 1; n <= calls; n++ {
				f, e := setup(t)
				before := snapshot(t, e.mem)
				faulty := faultsOf(e)
				faulty.Reset()
				faulty.FailAt(n)
				err := op(t.Context(), f)
				require.Error(t, err, "call %d of %d fails", n, calls)
				assert.Equal(t, wushe.KindUnavailable, wushe.KindOf(err), "%v", err)
				assert.Equal(t, before, snapshot(t, e.mem), "call %d of %d: the store is unchanged", n, calls)
			}
		})
	}
}

func faultsOf(e *env) *storetest.Faults { return e.store.(*volunteertest.FaultyStore).Faults }

// countCalls runs fn with no failures and returns how many store calls it made.
func countCalls(t *testing.T, e *env, fn func() error) int {
	t.Helper()
	f := faultsOf(e)
	f.Reset()
	require.NoError(t, fn())
	return f.Calls()
}
