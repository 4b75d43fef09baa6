// Package volunteertest is the conformance suite for volunteer.Store, like testing/fstest
// for file systems: a host that implements the Store on its database runs
//
//	func TestStore(t *testing.T) {
//		volunteertest.RunStoreTests(t, func(t *testing.T) volunteer.Store { return newMyStore(t) },
//			volunteertest.Features{})
//	}
//
// and learns whether its adapter keeps the contract written in volunteer.Store's doc
// comment: round trips, not found, already exists, version conflicts, filters and paging,
// mutation isolation, rollback when an update's closure fails, cancelled contexts, and
// the invariants that must hold under concurrency (shift capacity, non-negative balances,
// one live record per enrolment and none over another of the volunteer,
// idempotent postings). It also exports FaultyStore, a fault-injecting wrapper, and
// fixtures (Volunteer, Opportunity, IDNumber) for service tests.
package volunteertest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storetest"
	"github.com/wushe/wushe/volunteer"
)

// Features declares what the store under test can do, so the suite adapts without
// sniffing. The zero value runs everything with the default sizes.
type Features struct {
	// Racers is the number of goroutines in the concurrency tests; 0 means 50.
	Racers int
	// SkipConcurrency skips the concurrency tests (for a store that is documented as
	// single-goroutine only).
	SkipConcurrency bool
}

// base is the fixed instant fixtures are dated from.
var base = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// RunStoreTests runs the conformance suite against stores made by newStore, one fresh
// store per subtest. Subtests run in parallel.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) volunteer.Store, f Features) {
	if f.Racers <= 0 {
		f.Racers = 50
	}
	tests := []struct {
		name string
		fn   func(*testing.T, volunteer.Store, Features)
	}{
		{"VolunteerRoundTrip", testVolunteerRoundTrip},
		{"VolunteerUnique", testVolunteerUnique},
		{"NotFound", testNotFound},
		{"UpdateContract", testUpdateContract},
		{"VolunteerFiltersAndPaging", testVolunteerPaging},
		{"MutationIsolation", testMutationIsolation},
		{"CancelledContext", testCancelledContext},
		{"TeamsAndOpportunities", testTeamsAndOpportunities},
		{"RecordsAndCertificates", testRecordsAndCertificates},
		{"StarRecords", testStarRecords},
		{"EnrolAndWaitlist", testEnrolAndWaitlist},
		{"EnrolmentFilters", testEnrolmentFilters},
		{"LedgerPosting", testLedgerPosting},
		{"LedgerStock", testLedgerStock},
		{"LedgerFiltersAndBalanceAsOf", testLedgerAsOf},
		{"RaceShiftCapacity", testRaceCapacity},
		{"RaceRedemptions", testRaceRedemptions},
		{"RaceIdempotentRetries", testRaceIdempotent},
		{"RecordPerEnrolment", testRecordPerEnrolment},
		{"RaceRecordPerEnrolment", testRaceRecordPerEnrolment},
		{"RejectedRecordFreesEnrolment", testRejectedRecordFreesEnrolment},
		{"RaceRecordAfterRejection", testRaceRecordAfterRejection},
		{"RecordOverlap", testRecordOverlap},
		{"RaceRecordOverlap", testRaceRecordOverlap},
		{"CallOuts", testCallOuts},
		{"RaceCallOutHeadcount", testRaceCallOutHeadcount},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if f.SkipConcurrency && len(tc.name) > 4 && tc.name[:4] == "Race" {
				t.Skip("Features.SkipConcurrency")
			}
			tc.fn(t, newStore(t), f)
		})
	}
}

func kindIs(t *testing.T, err error, k wushe.Kind, msg string) {
	t.Helper()
	require.Error(t, err, msg)
	assert.Equal(t, k, wushe.KindOf(err), "%s: %v", msg, err)
	assert.ErrorIs(t, err, k, msg)
}

func newVolunteer(seq int) volunteer.Volunteer {
	return Volunteer(seq, time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), base)
}

func testVolunteerRoundTrip(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	v := newVolunteer(1)
	v.Consent = &volunteer.GuardianConsent{Guardian: v.Name, Relation: volunteer.RelationParent, GivenAt: base, Scope: []volunteer.Theme{"anti_fraud"}}
	v.Insurance = &volunteer.Insurance{Policy: "P-1", From: base, To: base.AddDate(1, 0, 0)}
	v.Teams = []uuid.UUID{uuid.New()}
	v.LimitedCapacity, v.OwnLabourIncome = true, true
	require.NoError(t, s.CreateVolunteer(ctx, v))
	got, err := s.GetVolunteer(ctx, v.ID)
	require.NoError(t, err)
	want := v
	want.Version = 1
	assert.Equal(t, want, got)
	kindIs(t, s.CreateVolunteer(ctx, v), wushe.KindAlreadyExists, "second create with the same ID")
}

func testVolunteerUnique(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	a := newVolunteer(1)
	require.NoError(t, s.CreateVolunteer(ctx, a))
	b := newVolunteer(2)
	b.Number = a.Number
	kindIs(t, s.CreateVolunteer(ctx, b), wushe.KindAlreadyExists, "duplicate Number")
	c := newVolunteer(1)
	kindIs(t, s.CreateVolunteer(ctx, c), wushe.KindAlreadyExists, "duplicate IDNumber")
	_, err := s.GetVolunteer(ctx, c.ID)
	kindIs(t, err, wushe.KindNotFound, "a rejected create stores nothing")
}

func testNotFound(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	id := uuid.New()
	_, err := s.GetVolunteer(ctx, id)
	kindIs(t, err, wushe.KindNotFound, "GetVolunteer")
	_, err = s.GetTeam(ctx, id)
	kindIs(t, err, wushe.KindNotFound, "GetTeam")
	_, err = s.GetOpportunity(ctx, id)
	kindIs(t, err, wushe.KindNotFound, "GetOpportunity")
	_, err = s.GetEnrolment(ctx, id)
	kindIs(t, err, wushe.KindNotFound, "GetEnrolment")
	_, err = s.GetRecord(ctx, id)
	kindIs(t, err, wushe.KindNotFound, "GetRecord")
	_, err = s.GetCertificate(ctx, id)
	kindIs(t, err, wushe.KindNotFound, "GetCertificate")
	_, err = s.GetCatalogItem(ctx, id)
	kindIs(t, err, wushe.KindNotFound, "GetCatalogItem")
	_, err = s.UpdateVolunteer(ctx, id, func(*volunteer.Volunteer) error { return nil })
	kindIs(t, err, wushe.KindNotFound, "UpdateVolunteer")
	_, err = s.UpdateTeam(ctx, id, func(*volunteer.Team) error { return nil })
	kindIs(t, err, wushe.KindNotFound, "UpdateTeam")
	_, err = s.UpdateOpportunity(ctx, id, func(*volunteer.Opportunity) error { return nil })
	kindIs(t, err, wushe.KindNotFound, "UpdateOpportunity")
	_, err = s.UpdateEnrolment(ctx, id, func(*volunteer.Enrolment) error { return nil })
	kindIs(t, err, wushe.KindNotFound, "UpdateEnrolment")
	_, err = s.UpdateRecord(ctx, id, func(*volunteer.ServiceRecord) error { return nil })
	kindIs(t, err, wushe.KindNotFound, "UpdateRecord")
	_, err = s.UpdateCatalogItem(ctx, id, func(*volunteer.CatalogItem) error { return nil })
	kindIs(t, err, wushe.KindNotFound, "UpdateCatalogItem")
	_, _, err = s.CancelEnrolment(ctx, id, volunteer.Cancellation{At: base, Capacity: 1})
	kindIs(t, err, wushe.KindNotFound, "CancelEnrolment")
}

func testUpdateContract(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	v := newVolunteer(1)
	require.NoError(t, s.CreateVolunteer(ctx, v))

	calls := 0
	got, err := s.UpdateVolunteer(ctx, v.ID, func(x *volunteer.Volunteer) error {
		calls++
		assert.Equal(t, int64(1), x.Version, "fn sees the stored version")
		x.MaxWeeklyMinutes = 600
		return nil
	})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, calls, 1)
	assert.Equal(t, int64(2), got.Version)
	assert.Equal(t, 600, got.MaxWeeklyMinutes)

	boom := errors.New("boom")
	_, err = s.UpdateVolunteer(ctx, v.ID, func(x *volunteer.Volunteer) error {
		x.MaxWeeklyMinutes = 1
		return boom
	})
	assert.ErrorIs(t, err, boom, "fn's error is returned as it is")
	_, err = s.UpdateVolunteer(ctx, v.ID, func(x *volunteer.Volunteer) error { x.Version = 1; return nil })
	kindIs(t, err, wushe.KindConflict, "a stale version")
	_, err = s.UpdateVolunteer(ctx, v.ID, func(x *volunteer.Volunteer) error { x.ID = uuid.New(); return nil })
	kindIs(t, err, wushe.KindInvalid, "a changed ID")
	now, err := s.GetVolunteer(ctx, v.ID)
	require.NoError(t, err)
	assert.Equal(t, 600, now.MaxWeeklyMinutes, "failed updates persist nothing")
	assert.Equal(t, int64(2), now.Version)

	o := Opportunity(base.AddDate(0, 0, 7), 2)
	require.NoError(t, s.CreateOpportunity(ctx, o))
	_, err = s.UpdateOpportunity(ctx, o.ID, func(x *volunteer.Opportunity) error { x.Title = "x"; return boom })
	assert.ErrorIs(t, err, boom)
	_, err = s.UpdateOpportunity(ctx, o.ID, func(x *volunteer.Opportunity) error { x.Version = 7; return nil })
	kindIs(t, err, wushe.KindConflict, "opportunity stale version")
	got2, err := s.UpdateOpportunity(ctx, o.ID, func(x *volunteer.Opportunity) error { x.Title = "new"; return nil })
	require.NoError(t, err)
	assert.Equal(t, "new", got2.Title)
	assert.Equal(t, int64(2), got2.Version)
}

func testVolunteerPaging(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	community, team := uuid.New(), uuid.New()
	var want []uuid.UUID
	for i := range 7 {
		v := newVolunteer(i + 1)
		if i%2 == 0 {
			v.CommunityID = community
			v.Teams = []uuid.UUID{team}
			want = append(want, v.ID)
		}
		if i == 4 {
			v.Status = volunteer.StatusSuspended
		}
		require.NoError(t, s.CreateVolunteer(ctx, v))
	}
	slices.SortFunc(want, wushe.CompareIDs)
	var got []uuid.UUID
	req := wushe.PageRequest{Limit: 2}
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10, "paging does not end")
		p, err := s.ListVolunteers(ctx, volunteer.VolunteerFilter{CommunityID: community, Page: req})
		require.NoError(t, err)
		assert.LessOrEqual(t, len(p.Items), 2)
		for _, v := range p.Items {
			got = append(got, v.ID)
		}
		if p.Next == uuid.Nil {
			break
		}
		req.After = p.Next
	}
	assert.Equal(t, want, got, "all matching volunteers, ordered by ID")
	p, err := s.ListVolunteers(ctx, volunteer.VolunteerFilter{TeamID: team, Status: volunteer.StatusSuspended})
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	p, err = s.ListVolunteers(ctx, volunteer.VolunteerFilter{Number: p.Items[0].Number})
	require.NoError(t, err)
	assert.Len(t, p.Items, 1)
	_, err = s.ListVolunteers(ctx, volunteer.VolunteerFilter{Page: wushe.PageRequest{Limit: -1}})
	kindIs(t, err, wushe.KindInvalid, "negative limit")
}

func testMutationIsolation(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	v := newVolunteer(1)
	require.NoError(t, s.CreateVolunteer(ctx, v))
	v.Skills[0].Name = "changed after create"
	got, err := s.GetVolunteer(ctx, v.ID)
	require.NoError(t, err)
	assert.Equal(t, "first_aid", got.Skills[0].Name, "the store kept its own copy")
	got.Skills[0].Name = "changed after get"
	got.Availability.Weekly[0].Start = 0
	again, err := s.GetVolunteer(ctx, v.ID)
	require.NoError(t, err)
	assert.Equal(t, "first_aid", again.Skills[0].Name)
	assert.Equal(t, volunteer.NewTimeOfDay(8, 0), again.Availability.Weekly[0].Start)

	o := Opportunity(base.AddDate(0, 0, 3), 1)
	require.NoError(t, s.CreateOpportunity(ctx, o))
	p, err := s.ListOpportunities(ctx, volunteer.OpportunityFilter{})
	require.NoError(t, err)
	p.Items[0].Shifts[0].Headcount = 99
	back, err := s.GetOpportunity(ctx, o.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, back.Shifts[0].Headcount)
}

func testCancelledContext(t *testing.T, s volunteer.Store, _ Features) {
	ctx, cancel := context.WithCancel(t.Context())
	v := newVolunteer(1)
	require.NoError(t, s.CreateVolunteer(t.Context(), v))
	cancel()
	check := func(name string, err error) {
		t.Helper()
		require.Error(t, err, name)
		assert.ErrorIs(t, err, context.Canceled, name)
	}
	check("CreateVolunteer", s.CreateVolunteer(ctx, newVolunteer(2)))
	_, err := s.GetVolunteer(ctx, v.ID)
	check("GetVolunteer", err)
	_, err = s.ListVolunteers(ctx, volunteer.VolunteerFilter{})
	check("ListVolunteers", err)
	_, err = s.UpdateVolunteer(ctx, v.ID, func(*volunteer.Volunteer) error { return nil })
	check("UpdateVolunteer", err)
	_, err = s.EnrolInShift(ctx, volunteer.Enrolment{ID: uuid.New()}, 1)
	check("EnrolInShift", err)
	_, _, err = s.CancelEnrolment(ctx, uuid.New(), volunteer.Cancellation{})
	check("CancelEnrolment", err)
	_, err = s.PostTransaction(ctx, volunteer.Transaction{ID: uuid.New(), Key: "k"})
	check("PostTransaction", err)
	_, err = s.LedgerBalance(ctx, volunteer.VolunteerAccount(v.ID), base)
	check("LedgerBalance", err)
	_, err = s.ListTransactions(ctx, volunteer.TransactionFilter{})
	check("ListTransactions", err)
	check("CreateRecord", s.CreateRecord(ctx, volunteer.ServiceRecord{ID: uuid.New()}))
	check("CreateCatalogItem", s.CreateCatalogItem(ctx, volunteer.CatalogItem{ID: uuid.New()}))
	check("CreateCertificate", s.CreateCertificate(ctx, volunteer.Certificate{ID: uuid.New()}))
	check("CreateTeam", s.CreateTeam(ctx, volunteer.Team{ID: uuid.New()}))
	check("CreateOpportunity", s.CreateOpportunity(ctx, volunteer.Opportunity{ID: uuid.New()}))
	got, err := s.GetVolunteer(t.Context(), v.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(1), got.Version, "nothing changed")
}

func testTeamsAndOpportunities(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	org := volunteer.Actor{Kind: volunteer.ActorOrganization, ID: uuid.New()}
	member := uuid.New()
	tm := volunteer.Team{ID: uuid.New(), Name: "猎鹰志愿服务队", Themes: []volunteer.Theme{volunteer.ThemeAntiFraud},
		LeaderID: member, Members: []uuid.UUID{member}, RunBy: org, CreatedAt: base, UpdatedAt: base}
	require.NoError(t, s.CreateTeam(ctx, tm))
	kindIs(t, s.CreateTeam(ctx, tm), wushe.KindAlreadyExists, "team twice")
	got, err := s.GetTeam(ctx, tm.ID)
	require.NoError(t, err)
	tm.Version = 1
	assert.Equal(t, tm, got)
	other := tm
	other.ID, other.Members, other.LeaderID, other.Version = uuid.New(), nil, uuid.Nil, 0
	other.Themes = []volunteer.Theme{volunteer.ThemeDrugPrevention}
	require.NoError(t, s.CreateTeam(ctx, other))
	for _, c := range []struct {
		f    volunteer.TeamFilter
		want int
	}{{volunteer.TeamFilter{}, 2}, {volunteer.TeamFilter{Member: member}, 1}, {volunteer.TeamFilter{Theme: volunteer.ThemeDrugPrevention}, 1},
		{volunteer.TeamFilter{RunBy: org}, 2}, {volunteer.TeamFilter{RunBy: volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}}, 0}} {
		p, err := s.ListTeams(ctx, c.f)
		require.NoError(t, err)
		assert.Len(t, p.Items, c.want, "%+v", c.f)
	}
	upd, err := s.UpdateTeam(ctx, tm.ID, func(x *volunteer.Team) error { x.Name = "new"; return nil })
	require.NoError(t, err)
	assert.Equal(t, int64(2), upd.Version)

	o1 := Opportunity(base.AddDate(0, 0, 7), 3)
	o1.PointsPerHour = decimal.RequireFromString("1.50")
	o2 := Opportunity(base.AddDate(0, 1, 0), 3)
	o2.Status = volunteer.OpportunityDraft
	o2.Theme = volunteer.ThemeElderlyCare
	require.NoError(t, s.CreateOpportunity(ctx, o1))
	require.NoError(t, s.CreateOpportunity(ctx, o2))
	kindIs(t, s.CreateOpportunity(ctx, o1), wushe.KindAlreadyExists, "opportunity twice")
	back, err := s.GetOpportunity(ctx, o1.ID)
	require.NoError(t, err)
	assert.True(t, back.PointsPerHour.Equal(o1.PointsPerHour))
	back.PointsPerHour, o1.PointsPerHour = decimal.Zero, decimal.Zero
	o1.Version = 1
	assert.Equal(t, o1, back)
	for _, c := range []struct {
		f    volunteer.OpportunityFilter
		want int
	}{{volunteer.OpportunityFilter{}, 2}, {volunteer.OpportunityFilter{Status: volunteer.OpportunityPublished}, 1},
		{volunteer.OpportunityFilter{Theme: volunteer.ThemeElderlyCare}, 1}, {volunteer.OpportunityFilter{Organizer: o1.Organizer}, 1},
		{volunteer.OpportunityFilter{EndsAfter: base.AddDate(0, 0, 20)}, 1},
		{volunteer.OpportunityFilter{EndsAfter: base, StartsBefore: base.AddDate(0, 0, 8)}, 1}} {
		p, err := s.ListOpportunities(ctx, c.f)
		require.NoError(t, err)
		assert.Len(t, p.Items, c.want, "%+v", c.f)
	}
}

func record(volunteerID uuid.UUID, org volunteer.Actor, start time.Time, minutes int) volunteer.ServiceRecord {
	return volunteer.ServiceRecord{ID: uuid.New(), VolunteerID: volunteerID, Activity: "防诈骗宣传", Content: "发放传单",
		Theme: volunteer.ThemeAntiFraud, Window: wushe.NewWindow(start, 3*time.Hour), Minutes: minutes, Organizer: org,
		RecordedBy: org, RecordedAt: start.Add(4 * time.Hour), Status: volunteer.RecordVerified, VerifiedBy: org,
		VerifiedAt: start.Add(4 * time.Hour), CreatedAt: start, UpdatedAt: start}
}

func testRecordsAndCertificates(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
	vid := uuid.New()
	r1 := record(vid, org, base, 120)
	r1.Revisions = []volunteer.Revision{{At: base, By: org, FromMinutes: 100, ToMinutes: 120, Reason: "typo"}}
	r2 := record(vid, org, base.AddDate(0, 0, 10), 60)
	r2.Status = volunteer.RecordPending
	r3 := record(uuid.New(), org, base, 30)
	for _, r := range []volunteer.ServiceRecord{r1, r2, r3} {
		require.NoError(t, s.CreateRecord(ctx, r))
	}
	kindIs(t, s.CreateRecord(ctx, r1), wushe.KindAlreadyExists, "record twice")
	got, err := s.GetRecord(ctx, r1.ID)
	require.NoError(t, err)
	r1.Version = 1
	assert.Equal(t, r1, got)
	for _, c := range []struct {
		f    volunteer.RecordFilter
		want int
	}{{volunteer.RecordFilter{}, 3}, {volunteer.RecordFilter{VolunteerID: vid}, 2}, {volunteer.RecordFilter{Status: volunteer.RecordPending}, 1},
		{volunteer.RecordFilter{Organizer: org, From: base.AddDate(0, 0, 1)}, 1}, {volunteer.RecordFilter{To: base.AddDate(0, 0, 1)}, 2}} {
		p, err := s.ListRecords(ctx, c.f)
		require.NoError(t, err)
		assert.Len(t, p.Items, c.want, "%+v", c.f)
	}
	upd, err := s.UpdateRecord(ctx, r2.ID, func(r *volunteer.ServiceRecord) error { r.Status = volunteer.RecordVerified; return nil })
	require.NoError(t, err)
	assert.Equal(t, int64(2), upd.Version)

	c := volunteer.Certificate{ID: uuid.New(), Number: "C2026-0001", VolunteerID: vid, VolunteerNumber: "V2026-000000000000-0",
		Minutes: 180, Content: "防诈骗宣传", Unit: org, UnitName: "L社区居委会", Records: []uuid.UUID{r1.ID, r2.ID}, IssuedOn: base,
		Code: "abc", CreatedAt: base, UpdatedAt: base}
	require.NoError(t, s.CreateCertificate(ctx, c))
	kindIs(t, s.CreateCertificate(ctx, c), wushe.KindAlreadyExists, "certificate twice")
	dup := c
	dup.ID = uuid.New()
	kindIs(t, s.CreateCertificate(ctx, dup), wushe.KindAlreadyExists, "certificate number twice")
	gc, err := s.GetCertificate(ctx, c.ID)
	require.NoError(t, err)
	c.Version = 1
	assert.Equal(t, c, gc)
}

func enrolment(ref volunteer.ShiftRef, at time.Time) volunteer.Enrolment {
	return volunteer.Enrolment{ID: uuid.New(), Shift: ref, VolunteerID: uuid.New(), Status: volunteer.EnrolmentWaitlisted,
		Window: wushe.NewWindow(base.AddDate(0, 0, 7), 2*time.Hour), AppliedAt: at, CreatedAt: at, UpdatedAt: at}
}

func testEnrolAndWaitlist(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	ref := volunteer.ShiftRef{OpportunityID: uuid.New(), ShiftID: uuid.New()}
	a := enrolment(ref, base)
	got, err := s.EnrolInShift(ctx, a, 1)
	require.NoError(t, err)
	assert.Equal(t, volunteer.EnrolmentConfirmed, got.Status)
	assert.Equal(t, int64(1), got.Version)
	_, err = s.EnrolInShift(ctx, a, 1)
	kindIs(t, err, wushe.KindAlreadyExists, "same ID twice")
	again := enrolment(ref, base)
	again.VolunteerID = a.VolunteerID
	_, err = s.EnrolInShift(ctx, again, 5)
	kindIs(t, err, wushe.KindAlreadyExists, "same volunteer twice in one shift")

	// Waitlist: c applied later than d but d has the same time and a larger ID.
	b := enrolment(ref, base.Add(3*time.Minute))
	c := enrolment(ref, base.Add(time.Minute))
	d := enrolment(ref, base.Add(time.Minute))
	if wushe.CompareIDs(c.ID, d.ID) > 0 {
		c.ID, d.ID = d.ID, c.ID
	}
	for _, e := range []volunteer.Enrolment{b, d, c} {
		got, err := s.EnrolInShift(ctx, e, 1)
		require.NoError(t, err)
		assert.Equal(t, volunteer.EnrolmentWaitlisted, got.Status, "the shift is full")
	}
	cancelled, promoted, err := s.CancelEnrolment(ctx, a.ID, volunteer.Cancellation{At: base.Add(time.Hour), Late: true, Capacity: 1})
	require.NoError(t, err)
	assert.Equal(t, volunteer.EnrolmentCancelled, cancelled.Status)
	assert.True(t, cancelled.LateCancellation)
	assert.True(t, cancelled.CancelledAt.Equal(base.Add(time.Hour)))
	assert.Equal(t, int64(2), cancelled.Version)
	require.Len(t, promoted, 1)
	assert.Equal(t, c.ID, promoted[0].ID, "earliest applied, then smallest ID")
	assert.Equal(t, volunteer.EnrolmentConfirmed, promoted[0].Status)
	stored, err := s.GetEnrolment(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, volunteer.EnrolmentConfirmed, stored.Status)
	_, _, err = s.CancelEnrolment(ctx, a.ID, volunteer.Cancellation{At: base, Capacity: 1})
	kindIs(t, err, wushe.KindConflict, "cancelling a cancelled enrolment")

	// Cancelling a waitlisted enrolment frees no place; a larger capacity promotes two.
	_, promoted, err = s.CancelEnrolment(ctx, b.ID, volunteer.Cancellation{At: base, Capacity: 1})
	require.NoError(t, err)
	assert.Empty(t, promoted)
	e := enrolment(ref, base.Add(time.Hour))
	_, err = s.EnrolInShift(ctx, e, 1)
	require.NoError(t, err)
	_, promoted, err = s.CancelEnrolment(ctx, c.ID, volunteer.Cancellation{At: base, Capacity: 2})
	require.NoError(t, err)
	require.Len(t, promoted, 2)
	assert.Equal(t, []uuid.UUID{d.ID, e.ID}, []uuid.UUID{promoted[0].ID, promoted[1].ID})
	// A completed enrolment holds its place.
	_, err = s.UpdateEnrolment(ctx, d.ID, func(x *volunteer.Enrolment) error { x.Status = volunteer.EnrolmentCompleted; return nil })
	require.NoError(t, err)
	f := enrolment(ref, base.Add(2*time.Hour))
	got, err = s.EnrolInShift(ctx, f, 2)
	require.NoError(t, err)
	assert.Equal(t, volunteer.EnrolmentWaitlisted, got.Status)
}

func testEnrolmentFilters(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	opp := uuid.New()
	r1 := volunteer.ShiftRef{OpportunityID: opp, ShiftID: uuid.New()}
	r2 := volunteer.ShiftRef{OpportunityID: opp, ShiftID: r1.ShiftID, Occurrence: 1}
	a := enrolment(r1, base)
	b := enrolment(r2, base)
	b.VolunteerID = a.VolunteerID
	c := enrolment(volunteer.ShiftRef{OpportunityID: uuid.New(), ShiftID: uuid.New()}, base)
	for _, e := range []volunteer.Enrolment{a, b, c} {
		_, err := s.EnrolInShift(ctx, e, 5)
		require.NoError(t, err)
	}
	for _, tc := range []struct {
		f    volunteer.EnrolmentFilter
		want int
	}{{volunteer.EnrolmentFilter{}, 3}, {volunteer.EnrolmentFilter{VolunteerID: a.VolunteerID}, 2},
		{volunteer.EnrolmentFilter{OpportunityID: opp}, 2}, {volunteer.EnrolmentFilter{Shift: r2}, 1},
		{volunteer.EnrolmentFilter{Status: volunteer.EnrolmentWaitlisted}, 0}} {
		p, err := s.ListEnrolments(ctx, tc.f)
		require.NoError(t, err)
		assert.Len(t, p.Items, tc.want, "%+v", tc.f)
	}
}

func tx(key string, kind volunteer.EntryKind, from, to volunteer.Account, amount string, at time.Time) volunteer.Transaction {
	d := decimal.RequireFromString(amount)
	return volunteer.Transaction{ID: uuid.New(), Key: key, Kind: kind, PostedAt: at, CreatedAt: at,
		Entries: []volunteer.Entry{{Account: from, Amount: d.Neg()}, {Account: to, Amount: d}}}
}

func balance(t *testing.T, s volunteer.Store, a volunteer.Account, at time.Time) decimal.Decimal {
	t.Helper()
	b, err := s.LedgerBalance(t.Context(), a, at)
	require.NoError(t, err)
	return b
}

func testLedgerPosting(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	acct := volunteer.VolunteerAccount(uuid.New())
	earn := tx("earn-1", volunteer.KindEarn, volunteer.AccountIssuance, acct, "10", base)
	got, err := s.PostTransaction(ctx, earn)
	require.NoError(t, err)
	assert.Equal(t, int64(1), got.Version)
	assert.Equal(t, earn.ID, got.ID)

	retry := earn
	retry.ID, retry.PostedAt = uuid.New(), base.Add(time.Hour)
	got, err = s.PostTransaction(ctx, retry)
	require.NoError(t, err, "a retry with the same key and content")
	assert.Equal(t, earn.ID, got.ID, "the retry returns the original posting")
	assert.True(t, balance(t, s, acct, base.Add(time.Hour)).Equal(decimal.NewFromInt(10)), "posted once")

	other := tx("earn-1", volunteer.KindEarn, volunteer.AccountIssuance, acct, "11", base)
	_, err = s.PostTransaction(ctx, other)
	kindIs(t, err, wushe.KindConflict, "same key, different content")
	sameID := tx("new-key", volunteer.KindEarn, volunteer.AccountIssuance, acct, "1", base)
	sameID.ID = earn.ID
	_, err = s.PostTransaction(ctx, sameID)
	kindIs(t, err, wushe.KindAlreadyExists, "same ID, new key")

	_, err = s.PostTransaction(ctx, tx("spend-too-much", volunteer.KindRedeem, acct, volunteer.AccountRedemptions, "10.01", base))
	kindIs(t, err, wushe.KindInsufficient, "overdraw")
	_, err = s.PostTransaction(ctx, tx("spend-all", volunteer.KindRedeem, acct, volunteer.AccountRedemptions, "10", base))
	require.NoError(t, err, "spending to exactly zero")
	assert.True(t, balance(t, s, acct, base).IsZero())
	assert.True(t, balance(t, s, volunteer.AccountIssuance, base).Equal(decimal.NewFromInt(-10)), "system accounts may go negative")

	capped := tx("capped", volunteer.KindEarn, volunteer.AccountIssuance, acct, "5", base)
	capped.Ceilings = []volunteer.Ceiling{{Account: acct, Max: decimal.NewFromInt(4)}}
	_, err = s.PostTransaction(ctx, capped)
	kindIs(t, err, wushe.KindConflict, "above the ceiling")
	capped.Ceilings[0].Max = decimal.NewFromInt(5)
	_, err = s.PostTransaction(ctx, capped)
	require.NoError(t, err, "exactly at the ceiling")
	p, err := s.ListTransactions(ctx, volunteer.TransactionFilter{Key: "capped"})
	require.NoError(t, err)
	assert.Len(t, p.Items, 1)
}

func testLedgerStock(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	acct := volunteer.VolunteerAccount(uuid.New())
	_, err := s.PostTransaction(ctx, tx("seed", volunteer.KindEarn, volunteer.AccountIssuance, acct, "100", base))
	require.NoError(t, err)
	item := volunteer.CatalogItem{ID: uuid.New(), Name: "理发服务", Cost: decimal.NewFromInt(10), Stock: 2, Active: true, CreatedAt: base, UpdatedAt: base}
	require.NoError(t, s.CreateCatalogItem(ctx, item))
	kindIs(t, s.CreateCatalogItem(ctx, item), wushe.KindAlreadyExists, "item twice")
	redeem := func(key string, qty int) error {
		r := tx(key, volunteer.KindRedeem, acct, volunteer.AccountRedemptions, fmt.Sprint(10*qty), base.Add(time.Hour))
		r.Redemption = &volunteer.Redemption{ItemID: item.ID, Quantity: qty}
		_, err := s.PostTransaction(ctx, r)
		return err
	}
	kindIs(t, redeem("r-3", 3), wushe.KindInsufficient, "more than the stock")
	assert.True(t, balance(t, s, acct, base.Add(time.Hour)).Equal(decimal.NewFromInt(100)), "a refused redemption posts nothing")
	require.NoError(t, redeem("r-2", 2))
	got, err := s.GetCatalogItem(ctx, item.ID)
	require.NoError(t, err)
	assert.Equal(t, 0, got.Stock)
	assert.Equal(t, int64(2), got.Version)
	assert.True(t, got.UpdatedAt.Equal(base.Add(time.Hour)))
	kindIs(t, redeem("r-1", 1), wushe.KindInsufficient, "out of stock")
	missing := tx("r-missing", volunteer.KindRedeem, acct, volunteer.AccountRedemptions, "1", base)
	missing.Redemption = &volunteer.Redemption{ItemID: uuid.New(), Quantity: 1}
	_, err = s.PostTransaction(ctx, missing)
	kindIs(t, err, wushe.KindNotFound, "unknown item")

	inactive := volunteer.CatalogItem{ID: uuid.New(), Name: "旧物", Cost: decimal.NewFromInt(1), Stock: 1, CreatedAt: base, UpdatedAt: base}
	require.NoError(t, s.CreateCatalogItem(ctx, inactive))
	p, err := s.ListCatalogItems(ctx, volunteer.CatalogFilter{ActiveOnly: true})
	require.NoError(t, err)
	assert.Len(t, p.Items, 1)
	upd, err := s.UpdateCatalogItem(ctx, inactive.ID, func(c *volunteer.CatalogItem) error { c.Active = true; return nil })
	require.NoError(t, err)
	assert.True(t, upd.Active)
}

func testLedgerAsOf(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	a, b := volunteer.VolunteerAccount(uuid.New()), volunteer.VolunteerAccount(uuid.New())
	steps := []volunteer.Transaction{
		tx("e1", volunteer.KindEarn, volunteer.AccountIssuance, a, "3", base),
		tx("e2", volunteer.KindEarn, volunteer.AccountIssuance, a, "4.5", base.AddDate(0, 0, 1)),
		tx("t1", volunteer.KindTransfer, a, b, "2", base.AddDate(0, 0, 2)),
	}
	r1, r2 := uuid.New(), uuid.New()
	steps[0].RecordID, steps[1].RecordID = r1, r2
	for _, st := range steps {
		_, err := s.PostTransaction(ctx, st)
		require.NoError(t, err)
	}
	for _, c := range []struct {
		at   time.Time
		a, b string
	}{{base.Add(-time.Second), "0", "0"}, {base, "3", "0"}, {base.AddDate(0, 0, 1), "7.5", "0"}, {base.AddDate(0, 0, 9), "5.5", "2"}} {
		assert.True(t, balance(t, s, a, c.at).Equal(decimal.RequireFromString(c.a)), "a at %v", c.at)
		assert.True(t, balance(t, s, b, c.at).Equal(decimal.RequireFromString(c.b)), "b at %v", c.at)
	}
	for _, c := range []struct {
		f    volunteer.TransactionFilter
		want int
	}{{volunteer.TransactionFilter{}, 3}, {volunteer.TransactionFilter{Account: b}, 1}, {volunteer.TransactionFilter{Kind: volunteer.KindEarn}, 2},
		{volunteer.TransactionFilter{From: base.AddDate(0, 0, 1)}, 2}, {volunteer.TransactionFilter{To: base.AddDate(0, 0, 1)}, 1},
		{volunteer.TransactionFilter{Account: a, Page: wushe.PageRequest{Limit: 2}}, 2},
		{volunteer.TransactionFilter{RecordID: r1}, 1}, {volunteer.TransactionFilter{RecordID: r2, Account: a}, 1},
		{volunteer.TransactionFilter{RecordID: r2, Account: b}, 0}, {volunteer.TransactionFilter{RecordID: r1, Kind: volunteer.KindTransfer}, 0},
		{volunteer.TransactionFilter{RecordID: uuid.New()}, 0}} {
		p, err := s.ListTransactions(ctx, c.f)
		require.NoError(t, err)
		assert.Len(t, p.Items, c.want, "%+v", c.f)
		for _, it := range p.Items {
			assert.True(t, c.f.Match(&it), "%+v listed %s, which it does not match", c.f, it.Key)
		}
	}
}

func testRaceCapacity(t *testing.T, s volunteer.Store, f Features) {
	const places = 5
	ref := volunteer.ShiftRef{OpportunityID: uuid.New(), ShiftID: uuid.New()}
	errs := storetest.Parallel(f.Racers, func(i int) error {
		_, err := s.EnrolInShift(t.Context(), enrolment(ref, base.Add(time.Duration(i)*time.Second)), places)
		return err
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	confirmed, applied := 0, 0
	all, err := s.ListEnrolments(t.Context(), volunteer.EnrolmentFilter{Shift: ref, Page: wushe.PageRequest{Limit: wushe.MaxPageLimit}})
	require.NoError(t, err)
	for _, e := range all.Items {
		switch e.Status {
		case volunteer.EnrolmentConfirmed:
			confirmed++
		case volunteer.EnrolmentWaitlisted:
			applied++
		}
	}
	assert.Equal(t, min(places, f.Racers), confirmed, "exactly the capacity is confirmed")
	assert.Equal(t, f.Racers-min(places, f.Racers), applied, "the rest are waitlisted")

	// Concurrent cancellations promote without ever exceeding the capacity.
	var holders []uuid.UUID
	for _, e := range all.Items {
		if e.Status == volunteer.EnrolmentConfirmed {
			holders = append(holders, e.ID)
		}
	}
	errs = storetest.Parallel(len(holders), func(i int) error {
		_, _, err := s.CancelEnrolment(t.Context(), holders[i], volunteer.Cancellation{At: base.AddDate(0, 0, 1), Capacity: places})
		return err
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	after, err := s.ListEnrolments(t.Context(), volunteer.EnrolmentFilter{Shift: ref, Status: volunteer.EnrolmentConfirmed, Page: wushe.PageRequest{Limit: wushe.MaxPageLimit}})
	require.NoError(t, err)
	assert.Equal(t, min(places, f.Racers-len(holders)), len(after.Items))
}

func testRaceRedemptions(t *testing.T, s volunteer.Store, f Features) {
	acct := volunteer.VolunteerAccount(uuid.New())
	_, err := s.PostTransaction(t.Context(), tx("seed", volunteer.KindEarn, volunteer.AccountIssuance, acct, "100", base))
	require.NoError(t, err)
	errs := storetest.Parallel(f.Racers, func(i int) error {
		_, err := s.PostTransaction(t.Context(), tx(fmt.Sprintf("redeem-%d", i), volunteer.KindRedeem, acct, volunteer.AccountRedemptions, "7", base.Add(time.Minute)))
		return err
	})
	ok := winners(t, errs, wushe.KindInsufficient)
	want := min(f.Racers, 100/7)
	assert.Equal(t, want, ok, "as many redemptions as the balance allows")
	b := balance(t, s, acct, base.AddDate(1, 0, 0))
	assert.True(t, b.Equal(decimal.NewFromInt(int64(100-7*ok))), "balance %s", b)
	assert.False(t, b.IsNegative())
}

func testRaceIdempotent(t *testing.T, s volunteer.Store, f Features) {
	acct := volunteer.VolunteerAccount(uuid.New())
	ids := make([]uuid.UUID, f.Racers)
	errs := storetest.Parallel(f.Racers, func(i int) error {
		got, err := s.PostTransaction(t.Context(), tx("award/record-1", volunteer.KindEarn, volunteer.AccountIssuance, acct, "2.5", base))
		ids[i] = got.ID
		return err
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	for _, id := range ids {
		assert.Equal(t, ids[0], id, "every retry gets the one posting")
	}
	p, err := s.ListTransactions(t.Context(), volunteer.TransactionFilter{Key: "award/record-1"})
	require.NoError(t, err)
	assert.Len(t, p.Items, 1)
	assert.True(t, balance(t, s, acct, base).Equal(decimal.RequireFromString("2.5")))
}

// testRecordPerEnrolment checks that no two records that are not rejected share an
// enrolment: a second CreateRecord, or an update that takes another record's enrolment, is
// already_exists and stores nothing; records without an enrolment are not limited.
func testRecordPerEnrolment(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
	vid, enrol := uuid.New(), uuid.New()
	first := record(vid, org, base, 60)
	first.EnrolmentID = enrol
	require.NoError(t, s.CreateRecord(ctx, first))
	// Later in the same shift: the enrolment refuses it, not its window.
	second := record(vid, org, base.Add(3*time.Hour), 60)
	second.EnrolmentID = enrol
	err := s.CreateRecord(ctx, second)
	kindIs(t, err, wushe.KindAlreadyExists, "a second record of one enrolment")
	assert.Contains(t, fieldsOf(err), "EnrolmentID", "%v", err)
	_, err = s.GetRecord(ctx, second.ID)
	kindIs(t, err, wushe.KindNotFound, "the refused record was not stored")
	kindIs(t, s.CreateRecord(ctx, first), wushe.KindAlreadyExists, "the same record again")

	free1, free2 := record(vid, org, base.AddDate(0, 0, 1), 30), record(vid, org, base.AddDate(0, 0, 2), 30)
	require.NoError(t, s.CreateRecord(ctx, free1))
	require.NoError(t, s.CreateRecord(ctx, free2), "records without an enrolment are not limited by one")
	_, err = s.UpdateRecord(ctx, free1.ID, func(r *volunteer.ServiceRecord) error { r.EnrolmentID = enrol; return nil })
	kindIs(t, err, wushe.KindAlreadyExists, "an update taking another record's enrolment")
	got, err := s.GetRecord(ctx, free1.ID)
	require.NoError(t, err)
	assert.Equal(t, uuid.Nil, got.EnrolmentID)
	assert.Equal(t, int64(1), got.Version)
	upd, err := s.UpdateRecord(ctx, first.ID, func(r *volunteer.ServiceRecord) error { r.Minutes = 50; return nil })
	require.NoError(t, err, "a record keeps its own enrolment")
	assert.Equal(t, 50, upd.Minutes)

	// Moving the first record to another enrolment frees the old one.
	other := uuid.New()
	_, err = s.UpdateRecord(ctx, first.ID, func(r *volunteer.ServiceRecord) error { r.EnrolmentID = other; return nil })
	require.NoError(t, err)
	require.NoError(t, s.CreateRecord(ctx, second), "the enrolment is free again")
	for id, want := range map[uuid.UUID]uuid.UUID{enrol: second.ID, other: first.ID} {
		p, err := s.ListRecords(ctx, volunteer.RecordFilter{EnrolmentID: id})
		require.NoError(t, err)
		require.Len(t, p.Items, 1)
		assert.Equal(t, want, p.Items[0].ID)
	}
}

// testRaceRecordPerEnrolment records one enrolment from many goroutines: exactly one
// record is stored, every other call is already_exists.
func testRaceRecordPerEnrolment(t *testing.T, s volunteer.Store, f Features) {
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
	vid, enrol := uuid.New(), uuid.New()
	errs := storetest.Parallel(f.Racers, func(int) error {
		r := record(vid, org, base, 90)
		r.EnrolmentID = enrol
		return s.CreateRecord(t.Context(), r)
	})
	assert.Equal(t, 1, winners(t, errs, wushe.KindAlreadyExists), "exactly one recorder wins")
	p, err := s.ListRecords(t.Context(), volunteer.RecordFilter{VolunteerID: vid, Page: wushe.PageRequest{Limit: wushe.MaxPageLimit}})
	require.NoError(t, err)
	assert.Len(t, p.Items, 1)
}

// fieldsOf lists the fields err's kernel errors name.
func fieldsOf(err error) []string {
	var out []string
	wushe.Walk(err, func(e error) bool {
		var we *wushe.Error
		if errors.As(e, &we) && we.Field != "" {
			out = append(out, we.Field)
		}
		return true
	})
	return out
}

// liveRecords lists the records of enrolment that are not rejected.
func liveRecords(t *testing.T, s volunteer.Store, enrolment uuid.UUID) []volunteer.ServiceRecord {
	t.Helper()
	p, err := s.ListRecords(t.Context(), volunteer.RecordFilter{EnrolmentID: enrolment, Page: wushe.PageRequest{Limit: wushe.MaxPageLimit}})
	require.NoError(t, err)
	return slices.DeleteFunc(p.Items, func(r volunteer.ServiceRecord) bool { return r.Status == volunteer.RecordRejected })
}

// testRejectedRecordFreesEnrolment checks that a rejected record does not hold its
// enrolment: once the volunteer's pending report of an enrolment is rejected, the
// organizer's record of it is stored; a second record that is not rejected is still
// already_exists, and so is putting the rejected record back to pending, both storing
// nothing; ListRecords by enrolment returns the rejected records too.
func testRejectedRecordFreesEnrolment(t *testing.T, s volunteer.Store, _ Features) {
	ctx := t.Context()
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
	vid, enrol := uuid.New(), uuid.New()
	reported := record(vid, org, base, 60)
	reported.EnrolmentID, reported.Status, reported.SelfReported = enrol, volunteer.RecordPending, true
	reported.RecordedBy, reported.VerifiedBy, reported.VerifiedAt = volunteer.Actor{Kind: volunteer.ActorVolunteer, ID: vid}, volunteer.Actor{}, time.Time{}
	require.NoError(t, s.CreateRecord(ctx, reported))
	organizers := record(vid, org, base, 50)
	organizers.EnrolmentID = enrol
	kindIs(t, s.CreateRecord(ctx, organizers), wushe.KindAlreadyExists, "a pending record holds its enrolment")

	rejected, err := s.UpdateRecord(ctx, reported.ID, func(r *volunteer.ServiceRecord) error {
		r.Status, r.VerifiedBy, r.VerifiedAt = volunteer.RecordRejected, org, base.AddDate(0, 0, 1)
		return nil
	})
	require.NoError(t, err)
	require.NoError(t, s.CreateRecord(ctx, organizers), "a rejected record frees its enrolment")

	again := record(vid, org, base, 40)
	again.EnrolmentID = enrol
	err = s.CreateRecord(ctx, again)
	kindIs(t, err, wushe.KindAlreadyExists, "a second record that is not rejected")
	assert.Contains(t, fieldsOf(err), "EnrolmentID", "%v", err)
	_, err = s.GetRecord(ctx, again.ID)
	kindIs(t, err, wushe.KindNotFound, "the refused record was not stored")
	_, err = s.UpdateRecord(ctx, reported.ID, func(r *volunteer.ServiceRecord) error { r.Status = volunteer.RecordPending; return nil })
	kindIs(t, err, wushe.KindAlreadyExists, "a rejected record put back while another stands")
	got, err := s.GetRecord(ctx, reported.ID)
	require.NoError(t, err)
	assert.Equal(t, rejected, got, "the refused update stored nothing")

	// A rejected record never counts, however many the enrolment has.
	alsoRejected := record(vid, org, base, 30)
	alsoRejected.EnrolmentID, alsoRejected.Status = enrol, volunteer.RecordRejected
	require.NoError(t, s.CreateRecord(ctx, alsoRejected))
	p, err := s.ListRecords(ctx, volunteer.RecordFilter{EnrolmentID: enrol})
	require.NoError(t, err)
	want := []uuid.UUID{reported.ID, organizers.ID, alsoRejected.ID}
	slices.SortFunc(want, wushe.CompareIDs)
	var ids []uuid.UUID
	for _, r := range p.Items {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, want, ids, "every record of the enrolment, rejected ones too, by ID")
	live := liveRecords(t, s, enrol)
	require.Len(t, live, 1)
	assert.Equal(t, organizers.ID, live[0].ID)

	// Rejecting the standing record frees the enrolment once more.
	_, err = s.UpdateRecord(ctx, organizers.ID, func(r *volunteer.ServiceRecord) error { r.Status = volunteer.RecordRejected; return nil })
	require.NoError(t, err)
	require.NoError(t, s.CreateRecord(ctx, again))
}

// testRaceRecordAfterRejection races the rejection of an enrolment's pending record
// against recorders of the same enrolment, then races recorders alone: the rejection
// always succeeds, every refused recorder is already_exists, and the enrolment never has
// more than one record that is not rejected.
func testRaceRecordAfterRejection(t *testing.T, s volunteer.Store, f Features) {
	ctx := t.Context()
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: uuid.New()}
	vid, enrol := uuid.New(), uuid.New()
	pending := record(vid, org, base, 60)
	pending.EnrolmentID, pending.Status, pending.VerifiedBy, pending.VerifiedAt = enrol, volunteer.RecordPending, volunteer.Actor{}, time.Time{}
	require.NoError(t, s.CreateRecord(ctx, pending))
	errs := storetest.Parallel(f.Racers, func(i int) error {
		if i == 0 {
			_, err := s.UpdateRecord(ctx, pending.ID, func(r *volunteer.ServiceRecord) error { r.Status = volunteer.RecordRejected; return nil })
			return err
		}
		r := record(vid, org, base, 90)
		r.EnrolmentID = enrol
		return s.CreateRecord(ctx, r)
	})
	require.NoError(t, errs[0], "the rejection")
	won := winners(t, errs[1:], wushe.KindAlreadyExists)
	assert.LessOrEqual(t, won, 1, "at most one recorder wins")
	live := liveRecords(t, s, enrol)
	assert.Len(t, live, won, "the winner is the one record that is not rejected")

	if won == 1 {
		_, err := s.UpdateRecord(ctx, live[0].ID, func(r *volunteer.ServiceRecord) error { r.Status = volunteer.RecordRejected; return nil })
		require.NoError(t, err)
	}
	errs = storetest.Parallel(f.Racers, func(int) error {
		r := record(vid, org, base, 90)
		r.EnrolmentID = enrol
		return s.CreateRecord(ctx, r)
	})
	assert.Equal(t, 1, winners(t, errs, wushe.KindAlreadyExists), "exactly one recorder wins once every record is rejected")
	assert.Len(t, liveRecords(t, s, enrol), 1)
}

// winners counts the racers whose call succeeded and checks that every other one failed
// with the kind a loser of that race gets.
func winners(t *testing.T, errs []error, loser wushe.Kind) int {
	t.Helper()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		assert.Equal(t, loser, wushe.KindOf(err), "%v", err)
	}
	return won
}
