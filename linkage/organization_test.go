package linkage_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

func (f *fixture) org(t *testing.T, o linkage.Organization) linkage.Organization {
	t.Helper()
	if o.Name == "" {
		o.Name = "K编织志愿服务队"
	}
	o.Field, o.Community = linkage.FieldMutualAid, f.community.ID
	if o.Type == "" {
		o.Type = linkage.OrgAssociation
	}
	got, err := f.svc.RegisterOrganization(f.ctx, o)
	require.NoError(t, err)
	return got
}

func fileable(t *testing.T) linkage.Organization {
	return linkage.Organization{
		Leader:  linkage.Leader{Name: mustName(t, "张织"), Phone: mustPhone(t, "13900001111")},
		Members: linkage.Members{Individuals: 12}, Venue: "社区活动室",
		Charter: linkage.Charter{Ref: "章程2024", AdoptedAt: t0},
	}
}

func TestAdvanceOrganizationListsEveryUnmetCriterion(t *testing.T) {
	f := newFixture(t)
	o := f.org(t, linkage.Organization{Members: linkage.Members{Individuals: 4}})
	_, err := f.svc.AdvanceOrganization(f.ctx, o.ID, linkage.StageFiled, "春熙路街道", "")
	requireKind(t, err, wushe.KindInsufficient, "linkage.Service.AdvanceOrganization")
	require.ElementsMatch(t, []string{"Leader.Name", "Leader.Phone", "Members", "Venue", "Charter"}, fields(err))
	for _, fe := range wushe.FieldErrors(err) {
		require.Equal(t, wushe.KindInsufficient, fe.Kind)
		require.Equal(t, "Organization", fe.Entity)
	}
	require.Contains(t, err.Error(), "5 criteria for filed are not met")
	got, err := f.svc.GetOrganization(f.ctx, o.ID)
	require.NoError(t, err)
	require.Equal(t, o, got, "a refused move writes nothing")
}

func TestAdvanceOrganizationPath(t *testing.T) {
	f := newFixture(t)
	o := f.org(t, fileable(t))
	_, err := f.svc.AdvanceOrganization(f.ctx, o.ID, linkage.StageFiled, "", "")
	requireKind(t, err, wushe.KindInvalid, "ApprovedBy")
	_, err = f.svc.AdvanceOrganization(f.ctx, o.ID, linkage.StageRegistered, "民政局", "")
	requireKind(t, err, wushe.KindConflict, "cannot advance")

	f.clock.Advance(time.Hour)
	o, err = f.svc.AdvanceOrganization(f.ctx, o.ID, linkage.StageFiled, "春熙路街道", "first filing")
	require.NoError(t, err)
	require.Equal(t, linkage.StageFiled, o.Stage)
	require.Equal(t, []linkage.StageChange{{From: linkage.StageInterestGroup, To: linkage.StageFiled, At: t0.Add(time.Hour),
		ApprovedBy: "春熙路街道", Note: "first filing"}}, o.StageHistory)

	_, err = f.svc.AdvanceOrganization(f.ctx, o.ID, linkage.StageRegistered, "民政局", "")
	requireKind(t, err, wushe.KindInsufficient, "")
	require.ElementsMatch(t, []string{"Members", "Funds"}, fields(err))

	_, err = f.svc.AdvanceOrganization(f.ctx, o.ID, linkage.StageServiceBrand, "街道", "")
	require.Equal(t, []string{"Assessments"}, fields(err))
	o, err = f.svc.AssessOrganization(f.ctx, o.ID, linkage.CapacityAssessment{Assessor: "评估中心",
		Scores: []linkage.Score{{Dimension: "governance", Value: dec("80")}, {Dimension: "services", Value: dec("91")}}})
	require.NoError(t, err)
	require.Equal(t, f.clock.Now(), o.Assessments[0].At)
	require.True(t, dec("85.5").Equal(o.Assessments[0].Mean()))
	_, err = f.svc.AssessOrganization(f.ctx, o.ID, linkage.CapacityAssessment{})
	requireKind(t, err, wushe.KindInvalid, "Assessor")
	o, err = f.svc.AdvanceOrganization(f.ctx, o.ID, linkage.StageServiceBrand, "街道", "")
	require.NoError(t, err)
	require.Len(t, o.StageHistory, 2)
	_, err = f.svc.AdvanceOrganization(f.ctx, o.ID, linkage.StageRegistered, "民政局", "")
	requireKind(t, err, wushe.KindConflict, "")
}

func TestCultivationRulesCheck(t *testing.T) {
	r := linkage.DefaultCultivationRules()
	reg := fileable(t)
	reg.Stage = linkage.StageFiled
	reg.Funds = dec("30000")
	for _, tc := range []struct {
		members linkage.Members
		ok      bool
	}{
		{linkage.Members{Individuals: 50}, true},
		{linkage.Members{Individuals: 49}, false},
		{linkage.Members{Units: 30}, true},
		{linkage.Members{Units: 29}, false},
		{linkage.Members{Individuals: 30, Units: 20}, true},
		{linkage.Members{Individuals: 30, Units: 19}, false},
	} {
		reg.Members = tc.members
		err := r.Check(reg, linkage.StageRegistered)
		require.Equal(t, tc.ok, err == nil, "%+v: %v", tc.members, err)
	}
	reg.Members = linkage.Members{Individuals: 60}
	reg.Funds = dec("29999.99")
	require.Equal(t, []string{"Funds"}, fields(r.Check(reg, linkage.StageRegistered)))

	inst := fileable(t)
	inst.Type, inst.Members, inst.Staff = linkage.OrgInstitution, linkage.Members{}, 2
	require.Equal(t, []string{"Staff"}, fields(r.Check(inst, linkage.StageFiled)))
	inst.Staff = 3
	require.NoError(t, r.Check(inst, linkage.StageFiled))

	require.Equal(t, []string{"Leader.Name"}, fields(r.Check(linkage.Organization{}, linkage.StageVolunteerTeam)))
	require.NoError(t, r.Check(linkage.Organization{}, linkage.StageInterestGroup))

	// A configured minimum mean score looks at the latest assessment.
	r.BrandMinMeanScore = dec("60")
	b := fileable(t)
	b.Stage = linkage.StageRegistered
	b.Assessments = []linkage.CapacityAssessment{
		{At: t0.Add(time.Hour), Scores: []linkage.Score{{Dimension: "a", Value: dec("50")}}},
		{At: t0, Scores: []linkage.Score{{Dimension: "a", Value: dec("90")}}},
	}
	require.Equal(t, []string{"Assessments"}, fields(r.Check(b, linkage.StageServiceBrand)))
	b.Assessments[0].Scores[0].Value = dec("70")
	require.NoError(t, r.Check(b, linkage.StageServiceBrand))
	b.Stage = linkage.StageVolunteerTeam
	require.Equal(t, []string{"Stage"}, fields(r.Check(b, linkage.StageServiceBrand)))

	bad := linkage.CultivationRules{FilingMinMembers: -1, RegisterMinFunds: dec("-1")}
	require.ElementsMatch(t, []string{"FilingMinMembers", "RegisterMinFunds"}, fields(bad.Validate()))
	_, err := linkage.NewService(newFakeStore(), &linkage.Options{Cultivation: bad})
	requireKind(t, err, wushe.KindInvalid, "linkage.NewService")
}

func TestLocalCultivationRules(t *testing.T) {
	rules := linkage.DefaultCultivationRules()
	rules.FilingMinMembers = 20
	svc, err := linkage.NewService(newFakeStore(), &linkage.Options{Cultivation: rules})
	require.NoError(t, err)
	require.Equal(t, 20, svc.Rules().FilingMinMembers)
	svc, err = linkage.NewService(newFakeStore(), nil)
	require.NoError(t, err)
	require.Equal(t, 10, svc.Rules().FilingMinMembers)
	_, err = linkage.NewService(nil, nil)
	requireKind(t, err, wushe.KindInvalid, "linkage.NewService")
}

func TestStageMoves(t *testing.T) {
	allowed := map[[2]linkage.Stage]bool{
		{linkage.StageInterestGroup, linkage.StageVolunteerTeam}: true,
		{linkage.StageInterestGroup, linkage.StageFiled}:         true,
		{linkage.StageVolunteerTeam, linkage.StageFiled}:         true,
		{linkage.StageFiled, linkage.StageRegistered}:            true,
		{linkage.StageFiled, linkage.StageServiceBrand}:          true,
		{linkage.StageRegistered, linkage.StageServiceBrand}:     true,
	}
	stages := []linkage.Stage{linkage.StageInterestGroup, linkage.StageVolunteerTeam, linkage.StageFiled,
		linkage.StageRegistered, linkage.StageServiceBrand, "bogus"}
	for _, a := range stages {
		for _, b := range stages {
			require.Equal(t, allowed[[2]linkage.Stage{a, b}], a.CanAdvanceTo(b), "%s -> %s", a, b)
		}
	}
	require.Equal(t, -1, linkage.Stage("x").Rank())
}

func TestRegisterOrganization(t *testing.T) {
	f := newFixture(t)
	o := f.org(t, linkage.Organization{})
	require.Equal(t, linkage.StageInterestGroup, o.Stage)

	filed := fileable(t)
	filed.Name, filed.Field, filed.Type, filed.Community, filed.Stage = "已备案", linkage.FieldCharity, linkage.OrgAssociation, f.community.ID, linkage.StageFiled
	got, err := f.svc.RegisterOrganization(f.ctx, filed)
	require.NoError(t, err)
	require.Equal(t, linkage.StageFiled, got.Stage)

	filed.Venue = ""
	_, err = f.svc.RegisterOrganization(f.ctx, filed)
	requireKind(t, err, wushe.KindInsufficient, "linkage.Service.RegisterOrganization")
	require.Equal(t, []string{"Venue"}, fields(err))
	filed.Stage = linkage.StageServiceBrand
	_, err = f.svc.RegisterOrganization(f.ctx, filed)
	requireKind(t, err, wushe.KindInvalid, "service brand")
	filed.Stage, filed.Community = "", uuid.New()
	_, err = f.svc.RegisterOrganization(f.ctx, filed)
	requireKind(t, err, wushe.KindNotFound, "Community")

	// UpdateOrganization keeps the stage and history; a stale copy conflicts.
	o.Members.Individuals, o.Stage = 30, linkage.StageRegistered
	upd, err := f.svc.UpdateOrganization(f.ctx, o)
	require.NoError(t, err)
	require.Equal(t, 30, upd.Members.Individuals)
	require.Equal(t, linkage.StageInterestGroup, upd.Stage)
	require.Equal(t, int64(2), upd.Version)
	_, err = f.svc.UpdateOrganization(f.ctx, o)
	requireKind(t, err, wushe.KindConflict, "linkage.Service.UpdateOrganization")

	page, err := f.svc.ListOrganizations(f.ctx, linkage.OrganizationFilter{Stage: linkage.StageFiled})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	_, err = f.svc.GetOrganization(f.ctx, uuid.New())
	requireKind(t, err, wushe.KindNotFound, "linkage.Service.GetOrganization")
}

func TestOrganizationValidate(t *testing.T) {
	o := linkage.Organization{Members: linkage.Members{Individuals: -1, Units: -1}, Staff: -1, Funds: decimal.NewFromInt(-1),
		StageHistory: []linkage.StageChange{{From: linkage.StageRegistered, To: linkage.StageFiled}},
		Assessments:  []linkage.CapacityAssessment{{Scores: []linkage.Score{{}, {Value: dec("-1")}}}}}
	got := fields(o.Validate())
	for _, want := range []string{"Name", "Field", "Type", "Community", "Members.Individuals", "Members.Units", "Staff", "Funds",
		"Stage", "StageHistory[0]", "StageHistory[0].At", "Assessments[0].At", "Assessments[0].Assessor",
		"Assessments[0].Scores[0].Dimension", "Assessments[0].Scores[1].Value"} {
		require.Contains(t, got, want)
	}
	require.True(t, linkage.CapacityAssessment{}.Mean().IsZero())
	require.False(t, linkage.Charter{Text: "x"}.Adopted())
	require.True(t, linkage.Charter{Text: "x", AdoptedAt: t0}.Adopted())
}
