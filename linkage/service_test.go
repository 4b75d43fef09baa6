package linkage_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

func TestCommunities(t *testing.T) {
	f := newFixture(t)
	c := f.community
	require.Equal(t, int64(1), c.Version)
	require.Equal(t, t0, c.CreatedAt)

	c, err := f.svc.AddArea(f.ctx, c.ID, linkage.Area{Name: "一网格-1", Level: linkage.LevelMicroGrid, Parent: f.grid,
		Staff: []linkage.GridStaff{{Name: mustName(t, "陈网格"), Role: "grid staff", Phone: mustPhone(t, "13700002222")}}})
	require.NoError(t, err)
	require.Len(t, c.Areas, 2)
	micro := c.Areas[1].ID
	_, err = f.svc.AddArea(f.ctx, c.ID, linkage.Area{Name: "bad", Level: linkage.LevelMicroGrid, Parent: micro})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.AddArea")
	require.Equal(t, []string{"Areas[2].Parent"}, fields(err))
	_, err = f.svc.AddArea(f.ctx, c.ID, linkage.Area{Name: "一网格", Level: linkage.LevelGrid})
	require.Equal(t, []string{"Areas[2].Name"}, fields(err))

	c, err = f.svc.AddVenue(f.ctx, c.ID, linkage.Venue{Name: "党群服务中心", Kind: linkage.VenueServiceCentre, Location: &wushe.Point{Lat: 30.65, Lng: 104.08}})
	require.NoError(t, err)
	require.NotEqual(t, uuid.Nil, c.Venues[0].ID)
	_, err = f.svc.AddVenue(f.ctx, c.ID, linkage.Venue{Name: "x", Kind: "pub"})
	require.Equal(t, []string{"Venues[1].Kind"}, fields(err))

	stale := c
	c.Residents = 21000
	c, err = f.svc.UpdateCommunity(f.ctx, c)
	require.NoError(t, err)
	require.Equal(t, 21000, c.Residents)
	require.Equal(t, t0, c.CreatedAt)
	_, err = f.svc.UpdateCommunity(f.ctx, stale)
	requireKind(t, err, wushe.KindConflict, "linkage.Service.UpdateCommunity")
	_, err = f.svc.UpdateCommunity(f.ctx, linkage.Community{})
	requireKind(t, err, wushe.KindInvalid, "ID")
	c.Name = ""
	_, err = f.svc.UpdateCommunity(f.ctx, c)
	requireKind(t, err, wushe.KindInvalid, "Name")

	got, err := f.svc.GetCommunity(f.ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, c.Version, got.Version)
	page, err := f.svc.ListCommunities(f.ctx, linkage.CommunityFilter{District: "锦江区"})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	page, err = f.svc.ListCommunities(f.ctx, linkage.CommunityFilter{Kind: linkage.CommunityRural})
	require.NoError(t, err)
	require.Empty(t, page.Items)
	_, err = f.svc.ListCommunities(f.ctx, linkage.CommunityFilter{Page: wushe.PageRequest{Limit: -1}})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.ListCommunities")

	ctx, cancel := context.WithCancel(f.ctx)
	cancel()
	_, err = f.svc.RegisterCommunity(ctx, linkage.Community{Name: "x", Kind: linkage.CommunityRural})
	requireKind(t, err, wushe.KindUnavailable, "linkage.Service.RegisterCommunity")
	require.ErrorIs(t, err, context.Canceled)
}

func TestCommunityValidate(t *testing.T) {
	g, m := uuid.New(), uuid.New()
	c := linkage.Community{Households: -1, Residents: -1, PartyMembers: -1,
		Areas: []linkage.Area{
			{ID: g, Name: "A", Level: linkage.LevelGrid, Parent: uuid.New()},
			{ID: g, Name: "A", Level: linkage.LevelMicroGrid},
			{ID: m, Name: "C", Level: linkage.LevelMicroGrid, Parent: g},
			{ID: uuid.New(), Name: "D", Level: linkage.LevelMicroGrid, Parent: m},
			{Level: "block", Staff: []linkage.GridStaff{{}}},
		},
		Venues: []linkage.Venue{{ID: g, Name: "v", Kind: linkage.VenueOther, Location: &wushe.Point{Lng: 500}}, {ID: g, Name: "w", Kind: linkage.VenueOther}},
	}
	got := fields(c.Validate())
	for _, want := range []string{"Name", "Kind", "Households", "Residents", "PartyMembers", "Areas[0].Parent", "Areas[1].ID",
		"Areas[1].Name", "Areas[1].Parent", "Areas[3].Parent", "Areas[4].ID", "Areas[4].Name", "Areas[4].Level", "Areas[4].Staff[0].Name",
		"Venues[0].Location.Lng", "Venues[1].ID"} {
		require.Contains(t, got, want)
	}
	require.NotContains(t, got, "Areas[2].Parent", "a micro-grid under a grid is fine")
	a, ok := c.Area(m)
	require.True(t, ok)
	require.Equal(t, "C", a.Name)
	_, ok = c.Area(uuid.New())
	require.False(t, ok)
}

func TestSocialWorkers(t *testing.T) {
	f := newFixture(t)
	require.Equal(t, linkage.WorkerActive, f.worker.Status)
	require.True(t, f.worker.Serves(f.community.ID))
	_, err := f.svc.RegisterSocialWorker(f.ctx, linkage.SocialWorker{Name: mustName(t, "x"), Agency: "a",
		Qualification: linkage.QualificationNone, Communities: []uuid.UUID{uuid.New()}})
	requireKind(t, err, wushe.KindNotFound, "Communities[0]")
	_, err = f.svc.RegisterSocialWorker(f.ctx, linkage.SocialWorker{})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.RegisterSocialWorker")
	page, err := f.svc.ListSocialWorkers(f.ctx, linkage.SocialWorkerFilter{Community: f.community.ID, Specialty: linkage.SpecialtyElderly})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	got, err := f.svc.GetSocialWorker(f.ctx, f.worker.ID)
	require.NoError(t, err)
	require.Equal(t, f.worker, got)
	got.Communities = append(got.Communities, uuid.New())
	_, err = f.svc.UpdateSocialWorker(f.ctx, got)
	requireKind(t, err, wushe.KindNotFound, "Communities[1]")

	w := linkage.SocialWorker{CaseloadCap: -1, Qualification: "phd", Specialties: []linkage.Specialty{"x"},
		Communities: []uuid.UUID{uuid.Nil}, Location: &wushe.Point{Lat: 91}, Status: "gone"}
	require.ElementsMatch(t, []string{"Name", "Agency", "Qualification", "Specialties[0]", "Communities[0]", "CaseloadCap",
		"Location.Lat", "Status"}, fields(w.Validate()))
}

func TestQualificationOrder(t *testing.T) {
	q := []linkage.Qualification{linkage.QualificationNone, linkage.QualificationAssistant, linkage.QualificationSocial, linkage.QualificationSenior}
	for i, a := range q {
		require.Equal(t, i, a.Rank())
		for j, b := range q {
			require.Equal(t, i >= j, a.AtLeast(b), "%s >= %s", a, b)
		}
	}
	require.False(t, linkage.Qualification("x").AtLeast(linkage.QualificationNone))
	require.Equal(t, -1, linkage.Qualification("x").Rank())
}

func TestUnits(t *testing.T) {
	f := newFixture(t)
	u, err := f.svc.RegisterUnit(f.ctx, linkage.Unit{Name: "农商银行支行", Kind: linkage.UnitEnterprise, Community: f.community.ID,
		Contact: linkage.Contact{Name: mustName(t, "刘经理"), Phone: mustPhone(t, "13600003333")},
		Offers:  []linkage.Offer{linkage.OfferServices, linkage.OfferVenues}, Tags: []string{"anti-fraud talk"}})
	require.NoError(t, err)
	_, err = f.svc.RegisterUnit(f.ctx, linkage.Unit{Name: "x", Kind: linkage.UnitInstitution, Community: uuid.New()})
	requireKind(t, err, wushe.KindNotFound, "Community")
	_, err = f.svc.RegisterUnit(f.ctx, linkage.Unit{Kind: "shop", Offers: []linkage.Offer{"x"}, Tags: []string{" "}})
	require.ElementsMatch(t, []string{"Name", "Kind", "Community", "Offers[0]", "Tags[0]"}, fields(err))
	u.Tags = append(u.Tags, "financial literacy")
	u, err = f.svc.UpdateUnit(f.ctx, u)
	require.NoError(t, err)
	require.Len(t, u.Tags, 2)
	page, err := f.svc.ListUnits(f.ctx, linkage.UnitFilter{Offer: linkage.OfferVenues})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	got, err := f.svc.GetUnit(f.ctx, u.ID)
	require.NoError(t, err)
	require.Equal(t, u, got)
	u.Community = uuid.New()
	_, err = f.svc.UpdateUnit(f.ctx, u)
	requireKind(t, err, wushe.KindNotFound, "linkage.Service.UpdateUnit")
}

func (f *fixture) project(t *testing.T) linkage.Project {
	t.Helper()
	p, err := f.svc.RegisterProject(f.ctx, linkage.Project{Name: "猎德人家", Purchaser: "天河区民政局", Operator: "阳光社工",
		Communities: []uuid.UUID{f.community.ID}, Budget: dec("600000.00"),
		Cycle:     wushe.Window{Start: time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)},
		Targets:   []linkage.Target{{IndicatorCode: "households_visited", Name: "households visited", Unit: "household", Value: dec("30")}},
		Mechanism: "1+3+N"})
	require.NoError(t, err)
	return p
}

func TestProjects(t *testing.T) {
	f := newFixture(t)
	p := f.project(t)
	require.Equal(t, linkage.ProjectDraft, p.Status)
	_, err := f.svc.MoveProject(f.ctx, p.ID, linkage.ProjectCompleted)
	requireKind(t, err, wushe.KindConflict, "linkage.Service.MoveProject")
	for _, s := range []linkage.ProjectStatus{linkage.ProjectActive, linkage.ProjectSuspended, linkage.ProjectActive, linkage.ProjectCompleted} {
		p, err = f.svc.MoveProject(f.ctx, p.ID, s)
		require.NoError(t, err)
	}
	_, err = f.svc.MoveProject(f.ctx, p.ID, linkage.ProjectTerminated)
	requireKind(t, err, wushe.KindConflict, "")

	p.Status, p.Mechanism = linkage.ProjectDraft, "1+1+N"
	p, err = f.svc.UpdateProject(f.ctx, p)
	require.NoError(t, err)
	require.Equal(t, linkage.ProjectCompleted, p.Status)
	require.Equal(t, "1+1+N", p.Mechanism)
	p.Communities = []uuid.UUID{uuid.New()}
	_, err = f.svc.UpdateProject(f.ctx, p)
	requireKind(t, err, wushe.KindNotFound, "linkage.Service.UpdateProject")

	_, err = f.svc.RegisterProject(f.ctx, linkage.Project{Name: "x", Purchaser: "x", Operator: "x", Communities: []uuid.UUID{uuid.New()},
		Cycle: wushe.NewWindow(t0, time.Hour)})
	requireKind(t, err, wushe.KindNotFound, "Communities[0]")
	bad := linkage.Project{Communities: []uuid.UUID{uuid.Nil}, Budget: dec("1.005"), Status: "x",
		Targets: []linkage.Target{{IndicatorCode: "a", Value: dec("-1")}, {IndicatorCode: "a", Name: "n", Unit: "u"}}}
	got := fields(bad.Validate())
	for _, want := range []string{"Name", "Purchaser", "Operator", "Communities[0]", "Budget", "Cycle.Start", "Cycle.End",
		"Targets[0].Name", "Targets[0].Unit", "Targets[0].Value", "Targets[1].IndicatorCode", "Status"} {
		require.Contains(t, got, want)
	}
	require.Contains(t, fields(linkage.Project{Budget: dec("-1")}.Validate()), "Communities")

	page, err := f.svc.ListProjects(f.ctx, linkage.ProjectFilter{Community: f.community.ID})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	_, err = f.svc.GetProject(f.ctx, uuid.New())
	requireKind(t, err, wushe.KindNotFound, "linkage.Service.GetProject")
	require.False(t, linkage.ProjectStatus("x").CanMoveTo(linkage.ProjectActive))
}

func TestActivities(t *testing.T) {
	f := newFixture(t)
	p := f.project(t)
	o := f.org(t, linkage.Organization{})
	u, err := f.svc.RegisterUnit(f.ctx, linkage.Unit{Name: "社区卫生服务中心", Kind: linkage.UnitInstitution, Community: f.community.ID})
	require.NoError(t, err)
	v1, v2 := uuid.New(), uuid.New()
	a, err := f.svc.RecordActivity(f.ctx, linkage.Activity{Kind: linkage.ActivityPublicWelfareMarket, Title: "公益集市",
		Community: f.community.ID, Project: p.ID, Organizations: []uuid.UUID{o.ID}, Units: []uuid.UUID{u.ID},
		Window:     wushe.NewWindow(t0, 3*time.Hour),
		Attendance: []linkage.Attendance{linkage.Attendee("P1", time.Time{}), linkage.Attendee("P2", time.Time{}), linkage.Attendee("P1", time.Time{})}, UncountedPersonTimes: 40,
		Volunteers: []uuid.UUID{v1, v2, v1}, ExtraVolunteers: 3, TargetGroups: []linkage.TargetGroup{linkage.GroupElderly}})
	require.NoError(t, err)
	require.Equal(t, 2, a.UniquePersons())
	require.Equal(t, 43, a.PersonTimes())
	require.Equal(t, 5, a.VolunteerCount())

	a.Attendance = append(a.Attendance, linkage.Attendee("P3", t0))
	a.Community = uuid.New()
	a, err = f.svc.UpdateActivity(f.ctx, a)
	require.NoError(t, err)
	require.Equal(t, 3, a.UniquePersons())
	require.Equal(t, f.community.ID, a.Community, "the community cannot change")

	for _, tc := range []struct {
		edit  func(*linkage.Activity)
		field string
	}{
		{func(a *linkage.Activity) { a.Project = uuid.New() }, "Project"},
		{func(a *linkage.Activity) { a.Organizations = []uuid.UUID{uuid.New()} }, "Organizations[0]"},
		{func(a *linkage.Activity) { a.Units = []uuid.UUID{uuid.New()} }, "Units[0]"},
		{func(a *linkage.Activity) { a.Community = uuid.New() }, "Community"},
	} {
		b := a
		b.ID = uuid.Nil
		tc.edit(&b)
		_, err = f.svc.RecordActivity(f.ctx, b)
		requireKind(t, err, wushe.KindNotFound, "linkage.Service.RecordActivity")
		require.Equal(t, []string{tc.field}, fields(err))
	}
	bad := linkage.Activity{Kind: "party", Attendance: []linkage.Attendance{{}}, UncountedPersonTimes: -1, ExtraVolunteers: -1,
		TargetGroups: []linkage.TargetGroup{"x"}}
	_, err = f.svc.RecordActivity(f.ctx, bad)
	require.ElementsMatch(t, []string{"Kind", "Title", "Community", "Window.Start", "Window.End", "Attendance[0].Ref",
		"UncountedPersonTimes", "ExtraVolunteers", "TargetGroups[0]"}, fields(err))

	page, err := f.svc.ListActivities(f.ctx, linkage.ActivityFilter{Organization: o.ID, From: t0, To: t0.Add(time.Hour)})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	got, err := f.svc.GetActivity(f.ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, a, got)
}

func TestLinks(t *testing.T) {
	f := newFixture(t)
	p := f.project(t)
	n := f.need(t)
	var units []linkage.Unit
	for _, name := range []string{"医院", "银行", "学院"} {
		u, err := f.svc.RegisterUnit(f.ctx, linkage.Unit{Name: name, Kind: linkage.UnitInstitution, Community: f.community.ID})
		require.NoError(t, err)
		units = append(units, u)
	}
	by := linkage.Party{Kind: linkage.PartySocialWorker, ID: f.worker.ID}
	for i, u := range append(units, units[0]) {
		l, err := f.svc.RecordLink(f.ctx, linkage.Link{Kind: linkage.LinkService, By: by, From: linkage.Party{Kind: linkage.PartyUnit, ID: u.ID},
			To: linkage.LinkTarget{Kind: linkage.TargetNeed, ID: n.ID}, Project: p.ID,
			Quantity: decimal.NewNullDecimal(dec("2")), Unit: "hours"})
		require.NoError(t, err, "link %d", i)
		require.Equal(t, t0, l.At)
	}
	vol := uuid.New()
	_, err := f.svc.RecordLink(f.ctx, linkage.Link{Kind: linkage.LinkVolunteerService, By: by, From: linkage.Party{Kind: linkage.PartyVolunteer, ID: vol},
		To: linkage.LinkTarget{Kind: linkage.TargetProject, ID: p.ID}})
	require.NoError(t, err)

	count, err := f.svc.CountLinkedParties(f.ctx, linkage.PartyUnit, linkage.LinkFilter{Project: p.ID, Page: wushe.PageRequest{Limit: 1}})
	require.NoError(t, err)
	require.Equal(t, 3, count, "four links from three distinct units")
	count, err = f.svc.CountLinkedParties(f.ctx, linkage.PartyVolunteer, linkage.LinkFilter{})
	require.NoError(t, err)
	require.Equal(t, 1, count)
	_, err = f.svc.CountLinkedParties(f.ctx, "alien", linkage.LinkFilter{})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.CountLinkedParties")
	_, err = f.svc.CountLinkedParties(f.ctx, linkage.PartyUnit, linkage.LinkFilter{Page: wushe.PageRequest{Limit: -1}})
	requireKind(t, err, wushe.KindInvalid, "")

	page, err := f.svc.ListLinks(f.ctx, linkage.LinkFilter{ToKind: linkage.TargetNeed, ToID: n.ID})
	require.NoError(t, err)
	require.Len(t, page.Items, 4)
	got, err := f.svc.GetLink(f.ctx, page.Items[0].ID)
	require.NoError(t, err)
	require.Equal(t, page.Items[0], got)

	good := linkage.Link{Kind: linkage.LinkVenue, By: by, From: linkage.Party{Kind: linkage.PartyUnit, ID: units[0].ID},
		To: linkage.LinkTarget{Kind: linkage.TargetNeed, ID: n.ID}}
	for _, tc := range []struct {
		edit  func(*linkage.Link)
		field string
	}{
		{func(l *linkage.Link) { l.To.ID = uuid.New() }, "To.ID"},
		{func(l *linkage.Link) { l.To = linkage.LinkTarget{Kind: linkage.TargetActivity, ID: uuid.New()} }, "To.ID"},
		{func(l *linkage.Link) { l.Project = uuid.New() }, "Project"},
		{func(l *linkage.Link) { l.From.ID = uuid.New() }, "From.ID"},
		{func(l *linkage.Link) { l.By.ID = uuid.New() }, "By.ID"},
		{func(l *linkage.Link) { l.From = linkage.Party{Kind: linkage.PartyOrganization, ID: uuid.New()} }, "From.ID"},
		{func(l *linkage.Link) { l.From = linkage.Party{Kind: linkage.PartyCommunity, ID: uuid.New()} }, "From.ID"},
	} {
		l := good
		tc.edit(&l)
		_, err := f.svc.RecordLink(f.ctx, l)
		requireKind(t, err, wushe.KindNotFound, "linkage.Service.RecordLink")
		require.Equal(t, []string{tc.field}, fields(err))
	}
	_, err = f.svc.RecordLink(f.ctx, linkage.Link{Kind: "x", By: linkage.Party{Kind: "x"}, To: linkage.LinkTarget{Kind: "x"},
		Quantity: decimal.NewNullDecimal(dec("-1"))})
	require.ElementsMatch(t, []string{"Kind", "By.Kind", "By.ID", "From.Kind", "From.ID", "To.Kind", "To.ID", "Quantity"}, fields(err))
}

func TestEnumsValid(t *testing.T) {
	valid := []interface{ Valid() bool }{linkage.CommunityUrban, linkage.LevelMicroGrid, linkage.VenueCivilizationPoint,
		linkage.GroupOneOldOneYoung, linkage.SpecialtyCorrections, linkage.WorkerOnLeave, linkage.FieldRuralProductionTec,
		linkage.OrgInstitution, linkage.StageServiceBrand, linkage.UnitGovernmentBody, linkage.OfferExpertise,
		linkage.ProjectTerminated, linkage.UrgencyHopedFor, linkage.SourceHotline, linkage.NeedClosedUnmet,
		linkage.CaseReview, linkage.RiskHigh, linkage.SessionReferral, linkage.BasisStatutoryDuty,
		linkage.ActivityPartyBuilding, linkage.LinkTalent, linkage.PartyDonor, linkage.TargetActivity, linkage.ProposalConverting}
	invalid := []interface{ Valid() bool }{linkage.CommunityKind(""), linkage.AreaLevel("x"), linkage.VenueKind("x"),
		linkage.TargetGroup("x"), linkage.Specialty("x"), linkage.WorkerStatus("x"), linkage.ActivityField("x"),
		linkage.OrgType("x"), linkage.Stage("x"), linkage.UnitKind("x"), linkage.Offer("x"), linkage.ProjectStatus("x"),
		linkage.Urgency("x"), linkage.NeedSource("x"), linkage.NeedStatus("x"), linkage.CaseStatus("x"), linkage.RiskLevel("x"),
		linkage.SessionKind("x"), linkage.Basis(""), linkage.ActivityKind("x"), linkage.LinkKind("x"), linkage.PartyKind("x"),
		linkage.TargetKind("x"), linkage.ProposalStatus("x")}
	for _, v := range valid {
		require.True(t, v.Valid(), "%v", v)
	}
	for _, v := range invalid {
		require.False(t, v.Valid(), "%v", v)
	}
}
