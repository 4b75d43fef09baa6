package volunteertest_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/storetest"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

func TestRunStoreTestsOnMemstore(t *testing.T) {
	volunteertest.RunStoreTests(t, func(*testing.T) volunteer.Store { return memstore.New() }, volunteertest.Features{Racers: 20})
}

// TestFaultyStore checks that every method of the wrapper reports its name to Faults,
// fails when told to without reaching the store, and delegates otherwise.
func TestFaultyStore(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	id := uuid.New()
	calls := map[string]func(s volunteer.Store) error{
		"CreateVolunteer": func(s volunteer.Store) error { return s.CreateVolunteer(ctx, volunteer.Volunteer{ID: id}) },
		"GetVolunteer":    func(s volunteer.Store) error { _, err := s.GetVolunteer(ctx, id); return err },
		"ListVolunteers": func(s volunteer.Store) error {
			_, err := s.ListVolunteers(ctx, volunteer.VolunteerFilter{})
			return err
		},
		"UpdateVolunteer":   func(s volunteer.Store) error { _, err := s.UpdateVolunteer(ctx, id, nil); return err },
		"CreateTeam":        func(s volunteer.Store) error { return s.CreateTeam(ctx, volunteer.Team{ID: id}) },
		"GetTeam":           func(s volunteer.Store) error { _, err := s.GetTeam(ctx, id); return err },
		"ListTeams":         func(s volunteer.Store) error { _, err := s.ListTeams(ctx, volunteer.TeamFilter{}); return err },
		"UpdateTeam":        func(s volunteer.Store) error { _, err := s.UpdateTeam(ctx, id, nil); return err },
		"CreateOpportunity": func(s volunteer.Store) error { return s.CreateOpportunity(ctx, volunteer.Opportunity{ID: id}) },
		"GetOpportunity":    func(s volunteer.Store) error { _, err := s.GetOpportunity(ctx, id); return err },
		"ListOpportunities": func(s volunteer.Store) error {
			_, err := s.ListOpportunities(ctx, volunteer.OpportunityFilter{})
			return err
		},
		"UpdateOpportunity": func(s volunteer.Store) error { _, err := s.UpdateOpportunity(ctx, id, nil); return err },
		"EnrolInShift": func(s volunteer.Store) error {
			_, err := s.EnrolInShift(ctx, volunteer.Enrolment{ID: id}, 1)
			return err
		},
		"CancelEnrolment": func(s volunteer.Store) error {
			_, _, err := s.CancelEnrolment(ctx, uuid.New(), volunteer.Cancellation{})
			return err
		},
		"GetEnrolment": func(s volunteer.Store) error { _, err := s.GetEnrolment(ctx, id); return err },
		"ListEnrolments": func(s volunteer.Store) error {
			_, err := s.ListEnrolments(ctx, volunteer.EnrolmentFilter{})
			return err
		},
		"UpdateEnrolment":   func(s volunteer.Store) error { _, err := s.UpdateEnrolment(ctx, uuid.New(), nil); return err },
		"CreateRecord":      func(s volunteer.Store) error { return s.CreateRecord(ctx, volunteer.ServiceRecord{ID: id}) },
		"GetRecord":         func(s volunteer.Store) error { _, err := s.GetRecord(ctx, id); return err },
		"ListRecords":       func(s volunteer.Store) error { _, err := s.ListRecords(ctx, volunteer.RecordFilter{}); return err },
		"UpdateRecord":      func(s volunteer.Store) error { _, err := s.UpdateRecord(ctx, id, nil); return err },
		"CreateCertificate": func(s volunteer.Store) error { return s.CreateCertificate(ctx, volunteer.Certificate{ID: id}) },
		"GetCertificate":    func(s volunteer.Store) error { _, err := s.GetCertificate(ctx, id); return err },
		"CreateCatalogItem": func(s volunteer.Store) error { return s.CreateCatalogItem(ctx, volunteer.CatalogItem{ID: id}) },
		"GetCatalogItem":    func(s volunteer.Store) error { _, err := s.GetCatalogItem(ctx, id); return err },
		"ListCatalogItems": func(s volunteer.Store) error {
			_, err := s.ListCatalogItems(ctx, volunteer.CatalogFilter{})
			return err
		},
		"UpdateCatalogItem": func(s volunteer.Store) error { _, err := s.UpdateCatalogItem(ctx, uuid.New(), nil); return err },
		"PostTransaction": func(s volunteer.Store) error {
			_, err := s.PostTransaction(ctx, volunteer.Transaction{ID: id, Key: "k", PostedAt: at})
			return err
		},
		"ListTransactions": func(s volunteer.Store) error {
			_, err := s.ListTransactions(ctx, volunteer.TransactionFilter{})
			return err
		},
		"LedgerBalance": func(s volunteer.Store) error {
			_, err := s.LedgerBalance(ctx, volunteer.AccountIssuance, at)
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			mem := memstore.New()
			fs := volunteertest.NewFaultyStore(mem)
			fs.Faults.FailOn(name)
			err := call(fs)
			require.ErrorIs(t, err, storetest.ErrInjected)
			assert.Equal(t, wushe.KindUnavailable, wushe.KindOf(err))
			assert.Equal(t, []string{name}, fs.Faults.Log())
			fs.Faults.Reset()
			err = call(fs)
			assert.NotErrorIs(t, err, storetest.ErrInjected, "delegates when not failing")
			assert.Equal(t, 1, fs.Faults.Calls())
		})
	}
}

func TestFixtures(t *testing.T) {
	birth := time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC)
	for seq := range 50 {
		n := volunteertest.IDNumber(birth, seq)
		assert.Equal(t, seq%2 == 1, n.Male())
		assert.True(t, n.BirthDate().Equal(birth))
	}
	v := volunteertest.Volunteer(3, birth, birth.AddDate(20, 0, 0))
	require.NoError(t, v.Validate())
	require.NoError(t, volunteertest.Opportunity(birth, 2).Validate())
	assert.Panics(t, func() { volunteertest.IDNumber(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), 1) })
}
