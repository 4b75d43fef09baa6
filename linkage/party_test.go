package linkage_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/storetest"
	"github.com/wushe/wushe/volunteer"
)

var refKey = []byte("party-reference-key-0123456789")

type partyWorld struct {
	t         *testing.T
	svc       *linkage.Service
	vol       *volunteer.Service
	clock     *wushe.ManualClock
	community linkage.Community
	other     linkage.Community
	committee linkage.PartyOrg
}

func newPartyWorld(t *testing.T) *partyWorld {
	t.Helper()
	store := memstore.New()
	w := &partyWorld{t: t, clock: wushe.NewManualClock(t0)}
	var err error
	w.svc, err = linkage.NewService(store, &linkage.Options{Clock: w.clock, NewID: wushe.SequentialIDs(t.Name()), ReferenceKey: refKey})
	require.NoError(t, err)
	w.vol, err = volunteer.NewService(store, &volunteer.Options{Clock: w.clock})
	require.NoError(t, err)
	w.community, err = w.svc.RegisterCommunity(t.Context(), linkage.Community{Name: "L社区", Kind: linkage.CommunityUrban, PartyMembers: 180})
	require.NoError(t, err)
	w.other, err = w.svc.RegisterCommunity(t.Context(), linkage.Community{Name: "M社区", Kind: linkage.CommunityUrban})
	require.NoError(t, err)
	w.committee, err = w.svc.RegisterPartyOrg(t.Context(), linkage.PartyOrg{Community: w.community.ID, Name: "L社区党委",
		Kind: linkage.PartyCommittee, FullMembers: 180})
	require.NoError(t, err)
	return w
}

func (w *partyWorld) org(name string, members int) linkage.Organization {
	w.t.Helper()
	o, err := w.svc.RegisterOrganization(w.t.Context(), linkage.Organization{Name: name, Field: linkage.FieldCultureSport,
		Type: linkage.OrgAssociation, Community: w.community.ID, PartyMembers: members})
	require.NoError(w.t, err)
	return o
}

// The L community paper: the K knitting team has party members but no branch inside it.
// Coverage says so; a branch founded in it, and a joint branch for two small groups, close
// the gap.
func TestPartyCoverageBeforeAndAfterABranch(t *testing.T) {
	w := newPartyWorld(t)
	ctx := t.Context()
	k := w.org("K编织队", 4)
	dance := w.org("广场舞队", 3)
	chess := w.org("象棋协会", 1)
	w.org("读书会", 0)

	before, err := w.svc.PartyCoverage(ctx, w.community.ID)
	require.NoError(t, err)
	assert.Equal(t, 4, before.Organizations)
	assert.Equal(t, 3, before.WithMembers)
	assert.Equal(t, 2, before.Required, "three or more full members (Party Constitution Art 30)")
	assert.Equal(t, 0, before.Covered)
	assert.True(t, before.Rate().IsZero())

	_, err = w.svc.RegisterPartyOrg(ctx, linkage.PartyOrg{Community: w.community.ID, Name: "K编织队党支部", Kind: linkage.PartyBranch,
		Parent: w.committee.ID, Hosts: []linkage.PartyHost{{Kind: linkage.PartyOrganization, ID: k.ID}}, FullMembers: 4})
	require.NoError(t, err)
	_, err = w.svc.RegisterPartyOrg(ctx, linkage.PartyOrg{Community: w.community.ID, Name: "文体联合党支部", Kind: linkage.PartyJointBranch,
		Parent: w.committee.ID, Hosts: []linkage.PartyHost{{Kind: linkage.PartyOrganization, ID: dance.ID}, {Kind: linkage.PartyOrganization, ID: chess.ID}},
		FullMembers: 4})
	require.NoError(t, err)

	after, err := w.svc.PartyCoverage(ctx, w.community.ID)
	require.NoError(t, err)
	assert.Equal(t, 2, after.Covered)
	assert.Equal(t, 1, after.OwnBranch)
	assert.Equal(t, 2, after.InJointBranch)
	assert.Empty(t, after.Uncovered)
	assert.True(t, after.Rate().Equal(dec("1")))
}

func TestCoverageListsTheUncoveredInIDOrder(t *testing.T) {
	a, b, c := uuid.MustParse("00000000-0000-4000-8000-00000000000c"), uuid.MustParse("00000000-0000-4000-8000-00000000000a"),
		uuid.MustParse("00000000-0000-4000-8000-00000000000b")
	cov := linkage.Coverage([]linkage.Organization{{ID: a, PartyMembers: 3}, {ID: b, PartyMembers: 9}, {ID: c, PartyMembers: 2}}, nil)
	assert.Equal(t, []uuid.UUID{b, a}, cov.Uncovered)
	assert.Equal(t, "0", cov.Rate().String())
	assert.True(t, linkage.Coverage(nil, nil).Rate().Equal(dec("1")), "nothing required, nothing missing")
}

func TestRegisterPartyOrgChecksItsReferences(t *testing.T) {
	w := newPartyWorld(t)
	ctx := t.Context()
	_, err := w.svc.RegisterPartyOrg(ctx, linkage.PartyOrg{Community: w.community.ID, Name: "第二党委", Kind: linkage.PartyCommittee})
	requireKind(t, err, wushe.KindConflict, "linkage.Service.RegisterPartyOrg")

	foreign, err := w.svc.RegisterOrganization(ctx, linkage.Organization{Name: "外社区协会", Field: linkage.FieldCharity,
		Type: linkage.OrgAssociation, Community: w.other.ID, PartyMembers: 5})
	require.NoError(t, err)
	_, err = w.svc.RegisterPartyOrg(ctx, linkage.PartyOrg{Community: w.community.ID, Name: "支部", Kind: linkage.PartyBranch,
		Parent: w.committee.ID, Hosts: []linkage.PartyHost{{Kind: linkage.PartyOrganization, ID: foreign.ID}}})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.RegisterPartyOrg")
	assert.Contains(t, fields(err), "Hosts[0]")

	_, err = w.svc.RegisterPartyOrg(ctx, linkage.PartyOrg{Community: w.community.ID, Name: "支部", Kind: linkage.PartyBranch,
		Parent: uuid.New()})
	requireKind(t, err, wushe.KindNotFound, "linkage.Service.RegisterPartyOrg")

	otherCommittee, err := w.svc.RegisterPartyOrg(ctx, linkage.PartyOrg{Community: w.other.ID, Name: "M社区党委", Kind: linkage.PartyCommittee})
	require.NoError(t, err)
	_, err = w.svc.RegisterPartyOrg(ctx, linkage.PartyOrg{Community: w.community.ID, Name: "支部", Kind: linkage.PartyBranch,
		Parent: otherCommittee.ID})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.RegisterPartyOrg")

	_, err = w.svc.RegisterPartyOrg(ctx, linkage.PartyOrg{Community: w.community.ID, Name: "联合支部", Kind: linkage.PartyJointBranch,
		Parent: w.committee.ID, Hosts: []linkage.PartyHost{{Kind: linkage.PartyOrganization, ID: uuid.New()}}, FullMembers: -1})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.RegisterPartyOrg")
	assert.ElementsMatch(t, []string{"Hosts", "FullMembers"}, fields(err))

	page, err := w.svc.ListPartyOrgs(ctx, linkage.PartyOrgFilter{Community: w.community.ID})
	require.NoError(t, err)
	assert.Len(t, page.Items, 1, "refused organizations write nothing")

	// Recounting the members goes through UpdatePartyOrg, under the same checks.
	c := w.committee
	c.FullMembers = 185
	got, err := w.svc.UpdatePartyOrg(ctx, c)
	require.NoError(t, err)
	assert.Equal(t, 185, got.FullMembers)
	again, err := w.svc.GetPartyOrg(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, got, again)
}

func TestMembersReportOnceAndClaimPosts(t *testing.T) {
	w := newPartyWorld(t)
	ctx := t.Context()
	member := wushe.NewSensitive(wushe.ClassReference, "resident-0042")
	r, err := w.svc.ReportToCommunity(ctx, linkage.PartyReport{Community: w.community.ID, Kind: linkage.ReportMember,
		Member: member, Employer: "区税务局"})
	require.NoError(t, err)
	assert.Equal(t, t0, r.ReportedAt)
	_, err = w.svc.ReportToCommunity(ctx, linkage.PartyReport{Community: w.community.ID, Kind: linkage.ReportMember,
		Member: member, Employer: "区税务局"})
	requireKind(t, err, wushe.KindAlreadyExists, "linkage.Service.ReportToCommunity")
	assert.NotContains(t, err.Error(), "resident-0042")
	_, err = w.svc.ReportToCommunity(ctx, linkage.PartyReport{Community: w.other.ID, Kind: linkage.ReportMember,
		Member: member, Employer: "区税务局"})
	require.NoError(t, err, "another community is another report")

	got, err := w.svc.ClaimPost(ctx, r.ID, linkage.PostGridHelper)
	require.NoError(t, err)
	require.Len(t, got.Posts, 1)
	_, err = w.svc.ClaimPost(ctx, r.ID, linkage.PostGridHelper)
	requireKind(t, err, wushe.KindAlreadyExists, "linkage.Service.ClaimPost")
	_, err = w.svc.ClaimPost(ctx, r.ID, "cooking")
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.ClaimPost")
	assert.ErrorContains(t, err, "want one of grid_helper, volunteer_service, publicity")

	// A unit's party organization reports too, once, and claims no posts.
	bank, err := w.svc.RegisterUnit(ctx, linkage.Unit{Name: "农商银行支行", Kind: linkage.UnitEnterprise, Community: w.community.ID})
	require.NoError(t, err)
	org, err := w.svc.ReportToCommunity(ctx, linkage.PartyReport{Community: w.community.ID, Kind: linkage.ReportOrganization, Unit: bank.ID})
	require.NoError(t, err)
	_, err = w.svc.ClaimPost(ctx, org.ID, linkage.PostPublicity)
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.ClaimPost")
	_, err = w.svc.ReportToCommunity(ctx, linkage.PartyReport{Community: w.other.ID, Kind: linkage.ReportOrganization, Unit: bank.ID})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.ReportToCommunity")
	_, err = w.svc.ReportToCommunity(ctx, linkage.PartyReport{Community: w.community.ID, Kind: linkage.ReportMember,
		Member: wushe.NewSensitive(wushe.ClassPhone, "13800001234"), Employer: "x"})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.ReportToCommunity")
	assert.NotContains(t, err.Error(), "13800001234")

	noKey, err := linkage.NewService(memstore.New(), nil)
	require.NoError(t, err)
	_, err = noKey.ReportToCommunity(ctx, linkage.PartyReport{Community: w.community.ID, Kind: linkage.ReportMember, Member: member, Employer: "x"})
	requireKind(t, err, wushe.KindInvalid, "linkage.Service.ReportToCommunity")
	assert.ErrorContains(t, err, "ReferenceKey")
	_, err = linkage.NewService(memstore.New(), &linkage.Options{ReferenceKey: []byte("short")})
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

// A member reporting from two devices at once is recorded once.
func TestConcurrentReportsRecordOne(t *testing.T) {
	w := newPartyWorld(t)
	member := wushe.NewSensitive(wushe.ClassReference, "resident-0777")
	errs := storetest.Parallel(12, func(int) error {
		_, err := w.svc.ReportToCommunity(t.Context(), linkage.PartyReport{Community: w.community.ID, Kind: linkage.ReportMember,
			Member: member, Employer: "街道卫生院"})
		return err
	})
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
			continue
		}
		require.ErrorIs(t, err, wushe.ErrAlreadyExists)
	}
	assert.Equal(t, 1, ok)
}

func TestPartyFiguresCountReportsPostsAndService(t *testing.T) {
	w := newPartyWorld(t)
	ctx := t.Context()
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: w.community.ID}
	for i := range 3 {
		v, err := w.vol.Register(ctx, volunteerFixture(i))
		require.NoError(t, err)
		r, err := w.svc.ReportToCommunity(ctx, linkage.PartyReport{Community: w.community.ID, Kind: linkage.ReportMember,
			Member: wushe.NewSensitive(wushe.ClassReference, fmt.Sprint("member-", i)), Employer: "区财政局", VolunteerID: v.ID})
		require.NoError(t, err)
		_, err = w.svc.ClaimPost(ctx, r.ID, linkage.PostVolunteerService)
		require.NoError(t, err)
		rec, err := w.vol.RecordService(ctx, org, volunteer.ServiceRecord{VolunteerID: v.ID, Activity: "网格巡查", Content: "协助网格员巡查",
			Theme: "grid_patrol", Window: wushe.NewWindow(t0.Add(-4*time.Hour), 3*time.Hour), Minutes: 90 + 30*i, Organizer: org})
		require.NoError(t, err)
		_, err = w.vol.VerifyRecord(ctx, org, rec.ID, true)
		require.NoError(t, err)
		w.clock.Advance(time.Hour)
	}
	month := wushe.NewWindow(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), 31*24*time.Hour)
	f, err := w.svc.PartyFigures(ctx, w.community.ID, month)
	require.NoError(t, err)
	assert.Equal(t, 3, f.MembersReported)
	assert.Equal(t, 3, f.PostsClaimed[linkage.PostVolunteerService])
	assert.True(t, f.HasServiceMinutes)
	assert.Equal(t, int64(90+120+150), f.ServiceMinutes)

	april := wushe.NewWindow(time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), 30*24*time.Hour)
	f, err = w.svc.PartyFigures(ctx, w.community.ID, april)
	require.NoError(t, err)
	assert.Zero(t, f.MembersReported)
	assert.Zero(t, f.ServiceMinutes)

	fake := newFixture(t)
	f, err = fake.svc.PartyFigures(ctx, fake.community.ID, month)
	require.NoError(t, err)
	assert.False(t, f.HasServiceMinutes, "a Store without volunteer records cannot count service")
	_, err = w.svc.PartyFigures(ctx, w.community.ID, wushe.Window{})
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

func volunteerFixture(i int) volunteer.Volunteer {
	birth := time.Date(1980+i, 5, 17, 0, 0, 0, 0, time.UTC)
	idn, err := wushe.CompleteIDNumber(fmt.Sprintf("44010619%02d0517%03d", 80+i, 11+i))
	if err != nil {
		panic(err)
	}
	name, _ := wushe.ParsePersonName("陈志明")
	return volunteer.Volunteer{Name: name, BirthDate: birth, IDNumber: idn, Status: volunteer.StatusActive}
}
