package linkage_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

// filterCase is one filter and whether it matches the entity under test. field names the
// filter field the case exercises ("" for cases about the whole filter).
type filterCase[F any] struct {
	field string
	name  string
	f     F
	want  bool
}

// runFilterCases checks every case against x, that the zero filter matches x and the zero
// entity, and that every field of F but Page has a case that matches and one that does
// not: a field Match ignored would fail its no-match case.
func runFilterCases[X any, F interface{ Match(*X) bool }](t *testing.T, x *X, cases []filterCase[F]) {
	t.Helper()
	var zero F
	require.True(t, zero.Match(x), "the zero filter matches anything")
	require.True(t, zero.Match(new(X)), "the zero filter matches the zero entity")
	for _, c := range cases {
		require.Equal(t, c.want, c.f.Match(x), "%s: %s", c.field, c.name)
	}
	ft := reflect.TypeFor[F]()
	for field := range ft.Fields() {
		if field.Name == "Page" {
			continue
		}
		var match, miss bool
		for _, c := range cases {
			if c.field == field.Name {
				match = match || c.want
				miss = miss || !c.want
			}
		}
		require.True(t, match, "%s.%s has no case that matches", ft.Name(), field.Name)
		require.True(t, miss, "%s.%s has no case that fails to match", ft.Name(), field.Name)
	}
}

// eqCases sets field to the entity's value (a match) and to another value (no match).
func eqCases[F any, V comparable](field string, have, other V, set func(*F, V)) []filterCase[F] {
	var hit, miss F
	set(&hit, have)
	set(&miss, other)
	return []filterCase[F]{
		{field: field, name: "equal", f: hit, want: true},
		{field: field, name: "different", f: miss, want: false},
	}
}

// containsCases sets a list field's filter to a member of the entity's list (a match) and
// to a value the list lacks (no match).
func containsCases[F any, V comparable](field string, member, absent V, set func(*F, V)) []filterCase[F] {
	var hit, miss F
	set(&hit, member)
	set(&miss, absent)
	return []filterCase[F]{
		{field: field, name: "list contains it", f: hit, want: true},
		{field: field, name: "list lacks it", f: miss, want: false},
	}
}

// rangeCases checks the half-open [From, To) bounds around an entity time at: From is
// inclusive, To exclusive, a zero bound open, and instants compare across time zones.
func rangeCases[F any](fromField, toField string, at time.Time, set func(f *F, from, to time.Time)) []filterCase[F] {
	ns := time.Nanosecond
	zone := at.In(time.FixedZone("CST", 8*3600))
	var zero time.Time
	c := func(field, name string, from, to time.Time, want bool) filterCase[F] {
		var f F
		set(&f, from, to)
		return filterCase[F]{field: field, name: name, f: f, want: want}
	}
	return []filterCase[F]{
		c(fromField, "From at the instant is included", at, zero, true),
		c(fromField, "From before the instant", at.Add(-ns), zero, true),
		c(fromField, "From just after the instant", at.Add(ns), zero, false),
		c(fromField, "From at the instant in another zone", zone, zero, true),
		c(toField, "To at the instant is excluded", zero, at, false),
		c(toField, "To just after the instant", zero, at.Add(ns), true),
		c(toField, "To before the instant", zero, at.Add(-ns), false),
		c(toField, "To at the instant in another zone", zero, zone, false),
		c(fromField, "the smallest range holding the instant", at, at.Add(ns), true),
		c(toField, "a range ending at the instant", at.Add(-time.Hour), at, false),
		c(fromField, "a range starting after the instant", at.Add(ns), at.Add(time.Hour), false),
	}
}

// filterID returns a fixed UUID whose last byte is n.
func filterID(n byte) uuid.UUID {
	var id uuid.UUID
	id[15] = n
	return id
}

// filterAt is the instant the time-bounded fixtures carry.
var filterAt = time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)

// paged is a page request that Match ignores.
var paged = wushe.PageRequest{Limit: 1, After: filterID(0xff)}

func TestCommunityFilterMatch(t *testing.T) {
	x := &linkage.Community{ID: filterID(1), Kind: linkage.CommunityUrban, District: "Tianhe", StreetOffice: "Shipai"}
	type F = linkage.CommunityFilter
	cases := []filterCase[F]{
		{name: "every field set", f: F{Kind: linkage.CommunityUrban, District: "Tianhe", StreetOffice: "Shipai"}, want: true},
		{name: "paging aside", f: F{Page: paged}, want: true},
	}
	cases = append(cases, eqCases("Kind", linkage.CommunityUrban, linkage.CommunityRural, func(f *F, v linkage.CommunityKind) { f.Kind = v })...)
	cases = append(cases, eqCases("District", "Tianhe", "Yuexiu", func(f *F, v string) { f.District = v })...)
	cases = append(cases, eqCases("StreetOffice", "Shipai", "Linhe", func(f *F, v string) { f.StreetOffice = v })...)
	runFilterCases(t, x, cases)
}

func TestSocialWorkerFilterMatch(t *testing.T) {
	x := &linkage.SocialWorker{ID: filterID(1), Agency: "Sunrise", Status: linkage.WorkerActive,
		Communities: []uuid.UUID{filterID(2), filterID(3)},
		Specialties: []linkage.Specialty{linkage.SpecialtyElderly, linkage.SpecialtyFamily}}
	type F = linkage.SocialWorkerFilter
	cases := []filterCase[F]{
		{name: "every field set", f: F{Agency: "Sunrise", Community: filterID(2), Specialty: linkage.SpecialtyElderly,
			Status: linkage.WorkerActive}, want: true},
		{name: "paging aside", f: F{Page: paged}, want: true},
	}
	cases = append(cases, eqCases("Agency", "Sunrise", "Harbour", func(f *F, v string) { f.Agency = v })...)
	cases = append(cases, containsCases("Community", filterID(3), filterID(4), func(f *F, v uuid.UUID) { f.Community = v })...)
	cases = append(cases, containsCases("Specialty", linkage.SpecialtyFamily, linkage.SpecialtyMedical,
		func(f *F, v linkage.Specialty) { f.Specialty = v })...)
	cases = append(cases, eqCases("Status", linkage.WorkerActive, linkage.WorkerLeft, func(f *F, v linkage.WorkerStatus) { f.Status = v })...)
	runFilterCases(t, x, cases)
}

func TestOrganizationFilterMatch(t *testing.T) {
	x := &linkage.Organization{ID: filterID(1), Community: filterID(2), Field: linkage.FieldMutualAid,
		Type: linkage.OrgAssociation, Stage: linkage.StageFiled}
	type F = linkage.OrganizationFilter
	cases := []filterCase[F]{
		{name: "every field set", f: F{Community: filterID(2), Field: linkage.FieldMutualAid, Type: linkage.OrgAssociation,
			Stage: linkage.StageFiled}, want: true},
		{name: "paging aside", f: F{Page: paged}, want: true},
	}
	cases = append(cases, eqCases("Community", filterID(2), filterID(3), func(f *F, v uuid.UUID) { f.Community = v })...)
	cases = append(cases, eqCases("Field", linkage.FieldMutualAid, linkage.FieldCharity, func(f *F, v linkage.ActivityField) { f.Field = v })...)
	cases = append(cases, eqCases("Type", linkage.OrgAssociation, linkage.OrgInstitution, func(f *F, v linkage.OrgType) { f.Type = v })...)
	cases = append(cases, eqCases("Stage", linkage.StageFiled, linkage.StageRegistered, func(f *F, v linkage.Stage) { f.Stage = v })...)
	runFilterCases(t, x, cases)
}

func TestUnitFilterMatch(t *testing.T) {
	x := &linkage.Unit{ID: filterID(1), Community: filterID(2), Kind: linkage.UnitEnterprise,
		Offers: []linkage.Offer{linkage.OfferVenues, linkage.OfferVolunteers}}
	type F = linkage.UnitFilter
	cases := []filterCase[F]{
		{name: "every field set", f: F{Community: filterID(2), Kind: linkage.UnitEnterprise, Offer: linkage.OfferVenues}, want: true},
		{name: "paging aside", f: F{Page: paged}, want: true},
	}
	cases = append(cases, eqCases("Community", filterID(2), filterID(3), func(f *F, v uuid.UUID) { f.Community = v })...)
	cases = append(cases, eqCases("Kind", linkage.UnitEnterprise, linkage.UnitInstitution, func(f *F, v linkage.UnitKind) { f.Kind = v })...)
	cases = append(cases, containsCases("Offer", linkage.OfferVolunteers, linkage.OfferExpertise, func(f *F, v linkage.Offer) { f.Offer = v })...)
	runFilterCases(t, x, cases)
}

func TestProjectFilterMatch(t *testing.T) {
	x := &linkage.Project{ID: filterID(1), Communities: []uuid.UUID{filterID(2), filterID(3)},
		Purchaser: "Tianhe Civil Affairs", Operator: "Sunrise", Status: linkage.ProjectActive}
	type F = linkage.ProjectFilter
	cases := []filterCase[F]{
		{name: "every field set", f: F{Community: filterID(2), Purchaser: "Tianhe Civil Affairs", Operator: "Sunrise",
			Status: linkage.ProjectActive}, want: true},
		{name: "paging aside", f: F{Page: paged}, want: true},
	}
	cases = append(cases, containsCases("Community", filterID(3), filterID(4), func(f *F, v uuid.UUID) { f.Community = v })...)
	cases = append(cases, eqCases("Purchaser", "Tianhe Civil Affairs", "Sunrise", func(f *F, v string) { f.Purchaser = v })...)
	cases = append(cases, eqCases("Operator", "Sunrise", "Tianhe Civil Affairs", func(f *F, v string) { f.Operator = v })...)
	cases = append(cases, eqCases("Status", linkage.ProjectActive, linkage.ProjectDraft, func(f *F, v linkage.ProjectStatus) { f.Status = v })...)
	runFilterCases(t, x, cases)
}

func TestNeedFilterMatch(t *testing.T) {
	x := &linkage.Need{ID: filterID(1), Community: filterID(2), Area: filterID(3), Status: linkage.NeedOpen,
		TargetGroup: linkage.GroupElderly, Urgency: linkage.UrgencyUrgent, RaisedAt: filterAt, MetAt: filterAt.Add(2 * time.Hour)}
	type F = linkage.NeedFilter
	cases := []filterCase[F]{
		{name: "every field set", f: F{Community: filterID(2), Area: filterID(3), Status: linkage.NeedOpen,
			TargetGroup: linkage.GroupElderly, Urgency: linkage.UrgencyUrgent, RaisedFrom: filterAt,
			RaisedTo: filterAt.Add(time.Hour)}, want: true},
		{name: "paging aside", f: F{Page: paged}, want: true},
	}
	cases = append(cases, eqCases("Community", filterID(2), filterID(3), func(f *F, v uuid.UUID) { f.Community = v })...)
	cases = append(cases, eqCases("Area", filterID(3), filterID(2), func(f *F, v uuid.UUID) { f.Area = v })...)
	cases = append(cases, eqCases("Status", linkage.NeedOpen, linkage.NeedMet, func(f *F, v linkage.NeedStatus) { f.Status = v })...)
	cases = append(cases, eqCases("TargetGroup", linkage.GroupElderly, linkage.GroupChildren, func(f *F, v linkage.TargetGroup) { f.TargetGroup = v })...)
	cases = append(cases, eqCases("Urgency", linkage.UrgencyUrgent, linkage.UrgencyHopedFor, func(f *F, v linkage.Urgency) { f.Urgency = v })...)
	cases = append(cases, rangeCases("RaisedFrom", "RaisedTo", filterAt, func(f *F, from, to time.Time) { f.RaisedFrom, f.RaisedTo = from, to })...)
	met := x.MetAt
	cases = append(cases,
		filterCase[F]{field: "OpenFrom", name: "met after it", f: F{OpenFrom: filterAt}, want: true},
		filterCase[F]{field: "OpenFrom", name: "met at it", f: F{OpenFrom: met}, want: true},
		filterCase[F]{field: "OpenFrom", name: "met before it", f: F{OpenFrom: met.Add(time.Nanosecond)}, want: false})
	runFilterCases(t, x, cases)
	open := *x
	open.MetAt = time.Time{}
	require.True(t, F{OpenFrom: met.Add(time.Hour)}.Match(&open), "a need neither met nor closed is open at any time")
}

func TestNeedSettledAt(t *testing.T) {
	require.True(t, linkage.Need{}.SettledAt().IsZero())
	require.Equal(t, filterAt, linkage.Need{MetAt: filterAt}.SettledAt())
	require.Equal(t, filterAt, linkage.Need{ClosedAt: filterAt}.SettledAt())
}

func TestCaseFilterMatch(t *testing.T) {
	x := &linkage.Case{ID: filterID(1), Worker: filterID(2), Supervisor: filterID(3), Status: linkage.CaseIntake,
		Community: filterID(4)}
	type F = linkage.CaseFilter
	cases := []filterCase[F]{
		{name: "every field set", f: F{Worker: filterID(2), Supervisor: filterID(3), Status: linkage.CaseIntake,
			Community: filterID(4)}, want: true},
		{name: "paging aside", f: F{Page: paged}, want: true},
	}
	cases = append(cases, eqCases("Worker", filterID(2), filterID(3), func(f *F, v uuid.UUID) { f.Worker = v })...)
	cases = append(cases, eqCases("Supervisor", filterID(3), filterID(2), func(f *F, v uuid.UUID) { f.Supervisor = v })...)
	cases = append(cases, eqCases("Status", linkage.CaseIntake, linkage.CaseClosed, func(f *F, v linkage.CaseStatus) { f.Status = v })...)
	cases = append(cases, eqCases("Community", filterID(4), filterID(5), func(f *F, v uuid.UUID) { f.Community = v })...)
	runFilterCases(t, x, cases)
}

func TestActivityFilterMatch(t *testing.T) {
	x := &linkage.Activity{ID: filterID(1), Community: filterID(2), Project: filterID(3),
		Organizations: []uuid.UUID{filterID(4), filterID(5)}, Kind: linkage.ActivityGroupWork,
		Window: wushe.Window{Start: filterAt, End: filterAt.Add(2 * time.Hour)}}
	type F = linkage.ActivityFilter
	cases := []filterCase[F]{
		{name: "every field set", f: F{Community: filterID(2), Project: filterID(3), Organization: filterID(4),
			Kind: linkage.ActivityGroupWork, From: filterAt, To: filterAt.Add(time.Hour)}, want: true},
		{name: "paging aside", f: F{Page: paged}, want: true},
		// The range bounds the window's start, not its end.
		{field: "From", name: "From inside the window, after its start", f: F{From: filterAt.Add(time.Hour)}, want: false},
		{field: "To", name: "To inside the window, after its start", f: F{To: filterAt.Add(time.Hour)}, want: true},
	}
	cases = append(cases, eqCases("Community", filterID(2), filterID(3), func(f *F, v uuid.UUID) { f.Community = v })...)
	cases = append(cases, eqCases("Project", filterID(3), filterID(2), func(f *F, v uuid.UUID) { f.Project = v })...)
	cases = append(cases, containsCases("Organization", filterID(5), filterID(6), func(f *F, v uuid.UUID) { f.Organization = v })...)
	cases = append(cases, eqCases("Kind", linkage.ActivityGroupWork, linkage.ActivityTraining, func(f *F, v linkage.ActivityKind) { f.Kind = v })...)
	cases = append(cases, rangeCases("From", "To", filterAt, func(f *F, from, to time.Time) { f.From, f.To = from, to })...)
	runFilterCases(t, x, cases)
}

func TestLinkFilterMatch(t *testing.T) {
	x := &linkage.Link{ID: filterID(1), Kind: linkage.LinkVenue, At: filterAt,
		By:      linkage.Party{Kind: linkage.PartySocialWorker, ID: filterID(2)},
		From:    linkage.Party{Kind: linkage.PartyUnit, ID: filterID(3)},
		To:      linkage.LinkTarget{Kind: linkage.TargetActivity, ID: filterID(4)},
		Project: filterID(5)}
	type F = linkage.LinkFilter
	cases := []filterCase[F]{
		{name: "every field set", f: F{Kind: linkage.LinkVenue, ByKind: linkage.PartySocialWorker, ByID: filterID(2),
			FromKind: linkage.PartyUnit, FromID: filterID(3), ToKind: linkage.TargetActivity, ToID: filterID(4),
			Project: filterID(5), From: filterAt, To: filterAt.Add(time.Hour)}, want: true},
		{name: "paging aside", f: F{Page: paged}, want: true},
	}
	// Each party's ID is another party's mismatch, so a field compared with the wrong party
	// fails too.
	cases = append(cases, eqCases("Kind", linkage.LinkVenue, linkage.LinkService, func(f *F, v linkage.LinkKind) { f.Kind = v })...)
	cases = append(cases, eqCases("ByKind", linkage.PartySocialWorker, linkage.PartyUnit, func(f *F, v linkage.PartyKind) { f.ByKind = v })...)
	cases = append(cases, eqCases("ByID", filterID(2), filterID(3), func(f *F, v uuid.UUID) { f.ByID = v })...)
	cases = append(cases, eqCases("FromKind", linkage.PartyUnit, linkage.PartySocialWorker, func(f *F, v linkage.PartyKind) { f.FromKind = v })...)
	cases = append(cases, eqCases("FromID", filterID(3), filterID(2), func(f *F, v uuid.UUID) { f.FromID = v })...)
	cases = append(cases, eqCases("ToKind", linkage.TargetActivity, linkage.TargetNeed, func(f *F, v linkage.TargetKind) { f.ToKind = v })...)
	cases = append(cases, eqCases("ToID", filterID(4), filterID(5), func(f *F, v uuid.UUID) { f.ToID = v })...)
	cases = append(cases, eqCases("Project", filterID(5), filterID(4), func(f *F, v uuid.UUID) { f.Project = v })...)
	cases = append(cases, rangeCases("From", "To", filterAt, func(f *F, from, to time.Time) { f.From, f.To = from, to })...)
	runFilterCases(t, x, cases)
}

func TestCouncilMeetingFilterMatch(t *testing.T) {
	x := &linkage.CouncilMeeting{ID: filterID(1), Community: filterID(2), HeldAt: filterAt}
	type F = linkage.CouncilMeetingFilter
	cases := []filterCase[F]{
		{name: "every field set", f: F{Community: filterID(2), From: filterAt, To: filterAt.Add(time.Hour)}, want: true},
		{name: "paging aside", f: F{Page: paged}, want: true},
	}
	cases = append(cases, eqCases("Community", filterID(2), filterID(3), func(f *F, v uuid.UUID) { f.Community = v })...)
	cases = append(cases, rangeCases("From", "To", filterAt, func(f *F, from, to time.Time) { f.From, f.To = from, to })...)
	runFilterCases(t, x, cases)
}
