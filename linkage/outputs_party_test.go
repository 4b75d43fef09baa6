package linkage_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/volunteer"
)

var march2024 = wushe.Window{Start: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}

// outputValues derives the community's outputs for March 2024 as code → value.
func outputValues(t *testing.T, svc *linkage.Service, community uuid.UUID, opts *linkage.OutputOptions) map[string]string {
	t.Helper()
	set, err := svc.Outputs(t.Context(), linkage.CommunityScope(community), march2024, opts)
	require.NoError(t, err)
	out := map[string]string{}
	for _, o := range set.All() {
		out[o.Indicator] = o.Value.String()
	}
	return out
}

// The party figures of the community's records show in Outputs: members reported, posts
// claimed, their service hours, organizations required to have a branch and covered.
func TestOutputsPartyFigures(t *testing.T) {
	w := newPartyWorld(t)
	ctx := t.Context()
	covered, bare := w.org("舞蹈队", 4), w.org("书法社", 3)
	w.org("棋牌社", 1)
	_, err := w.svc.RegisterPartyOrg(ctx, linkage.PartyOrg{Community: w.community.ID, Name: "舞蹈队支部", Kind: linkage.PartyBranch,
		Parent: w.committee.ID, Hosts: []linkage.PartyHost{{Kind: linkage.PartyOrganization, ID: covered.ID}}, FullMembers: 4})
	require.NoError(t, err)
	org := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: w.community.ID}
	for i := range 2 {
		v, err := w.vol.Register(ctx, volunteerFixture(i))
		require.NoError(t, err)
		r, err := w.svc.ReportToCommunity(ctx, linkage.PartyReport{Community: w.community.ID, Kind: linkage.ReportMember,
			Member: wushe.NewSensitive(wushe.ClassReference, fmt.Sprint("member-", i)), Employer: "区财政局", VolunteerID: v.ID})
		require.NoError(t, err)
		_, err = w.svc.ClaimPost(ctx, r.ID, linkage.PostGridHelper)
		require.NoError(t, err)
		rec, err := w.vol.RecordService(ctx, org, volunteer.ServiceRecord{VolunteerID: v.ID, Activity: "网格巡查", Content: "协助巡查",
			Theme: "grid_patrol", Window: wushe.NewWindow(t0.Add(-4*time.Hour), 3*time.Hour), Minutes: 90, Organizer: org})
		require.NoError(t, err)
		_, err = w.vol.VerifyRecord(ctx, org, rec.ID, true)
		require.NoError(t, err)
	}
	got := outputValues(t, w.svc, w.community.ID, nil)
	require.Equal(t, "2", got[linkage.CodePartyMembersReported])
	require.Equal(t, "0", got[linkage.CodePartyOrganizationsReported])
	require.Equal(t, "2", got[linkage.CodePartyPostsClaimed])
	require.Equal(t, "2", got[linkage.PostIndicator(linkage.PostGridHelper)])
	require.Equal(t, "0", got[linkage.PostIndicator(linkage.PostPublicity)])
	require.Equal(t, "3", got[linkage.CodePartyServiceHours]) // 2 × 90 minutes
	require.Equal(t, "2", got[linkage.CodePartyOrganizationsRequired])
	require.Equal(t, "1", got[linkage.CodePartyOrganizationsCovered])
	require.NotContains(t, got, linkage.CodePointsEarned, "no points source")
	cov, err := w.svc.PartyCoverage(ctx, w.community.ID)
	require.NoError(t, err)
	require.Equal(t, []uuid.UUID{bare.ID}, cov.Uncovered)

	// The other community's figures are its own.
	other := outputValues(t, w.svc, w.other.ID, nil)
	require.Equal(t, "0", other[linkage.CodePartyMembersReported])
	require.Equal(t, "0", other[linkage.CodePartyOrganizationsRequired])

	// Without volunteer records in the Store the service hours are not reported.
	fake := newFixture(t)
	require.NotContains(t, outputValues(t, fake.svc, fake.community.ID, nil), linkage.CodePartyServiceHours)
}

// The residents' points figures come from the volunteer service's PointsFigures: earned by
// act kind, redeemed, residents earning.
func TestOutputsPointsFigures(t *testing.T) {
	store := memstore.New()
	clock := wushe.NewManualClock(t0)
	rules := volunteer.DefaultLedgerRules()
	rules.Acts = map[volunteer.ActKind]volunteer.ActRule{
		volunteer.ActAttendance:  {Points: dec("5")},
		volunteer.ActEnvironment: {Points: dec("2")},
	}
	vol, err := volunteer.NewService(store, &volunteer.Options{Clock: clock, Ledger: &rules, ResidentKey: refKey})
	require.NoError(t, err)
	svc, err := linkage.NewService(store, &linkage.Options{Clock: clock, Volunteer: vol})
	require.NoError(t, err)
	c, err := svc.RegisterCommunity(t.Context(), linkage.Community{Name: "J社区", Kind: linkage.CommunityUrban})
	require.NoError(t, err)
	by := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: c.ID}
	res := func(i int) wushe.Sensitive { return wushe.NewSensitive(wushe.ClassReference, fmt.Sprint("res-", i)) }
	for i := range 3 {
		_, err := vol.EarnForAct(t.Context(), by, volunteer.Act{Kind: volunteer.ActAttendance, Ref: fmt.Sprint("act-", i), Resident: res(i), At: t0})
		require.NoError(t, err)
	}
	_, err = vol.EarnForAct(t.Context(), by, volunteer.Act{Kind: volunteer.ActEnvironment, Ref: "sort-1", Resident: res(0), At: t0})
	require.NoError(t, err)
	// February's act is outside the period.
	_, err = vol.EarnForAct(t.Context(), by, volunteer.Act{Kind: volunteer.ActEnvironment, Ref: "sort-0", Resident: res(4), At: t0.AddDate(0, -1, 0)})
	require.NoError(t, err)
	item, err := vol.AddCatalogItem(t.Context(), volunteer.CatalogItem{Name: "环保袋", Cost: dec("4"), Stock: 3, Active: true})
	require.NoError(t, err)
	clock.Advance(time.Hour)
	_, err = vol.RedeemForResident(t.Context(), res(0), item.ID, 1, "bag-1")
	require.NoError(t, err)

	got := outputValues(t, svc, c.ID, nil)
	require.Equal(t, "3", got[linkage.CodePointsResidentsEarning])
	require.Equal(t, "17", got[linkage.CodePointsEarned])
	require.Equal(t, "4", got[linkage.CodePointsRedeemed])
	require.Equal(t, "15", got[linkage.PointsIndicator(volunteer.ActAttendance)])
	require.Equal(t, "2", got[linkage.PointsIndicator(volunteer.ActEnvironment)])
	require.Equal(t, "0", got[linkage.PointsIndicator(volunteer.ActCouncil)])

	// An explicit source overrides the service's, and a kind of act Outputs does not know
	// is reported too; the source's error stops Outputs.
	custom := volunteer.ActKind("tree_planting")
	got = outputValues(t, svc, c.ID, &linkage.OutputOptions{Points: fixedPoints{f: volunteer.PointsFigures{
		ResidentsEarning: 7, Earned: dec("70"), Redeemed: decimal.Zero,
		EarnedByAct: map[volunteer.ActKind]decimal.Decimal{custom: dec("70")}}}})
	require.Equal(t, "7", got[linkage.CodePointsResidentsEarning])
	require.Equal(t, "70", got[linkage.PointsIndicator(custom)])
	require.Equal(t, "0", got[linkage.PointsIndicator(volunteer.ActAttendance)])
	_, err = svc.Outputs(t.Context(), linkage.CommunityScope(c.ID), march2024, &linkage.OutputOptions{Points: fixedPoints{err: errBoom}})
	require.ErrorIs(t, err, errBoom)
	require.Contains(t, err.Error(), "linkage.Service.Outputs")
}

var errBoom = errors.New("points ledger unreachable")

// fixedPoints is a PointsSource with fixed figures or a fixed error.
type fixedPoints struct {
	f   volunteer.PointsFigures
	err error
}

func (p fixedPoints) PointsFigures(context.Context, wushe.Window) (volunteer.PointsFigures, error) {
	return p.f, p.err
}

// Whistles are the referrals to street-office departments: counted, answered by their
// RespondBy and resolved, apart from the other referrals.
func TestOutputsWhistleFigures(t *testing.T) {
	f := newFixture(t)
	n := f.need(t) // urgent: 2 h to respond, 24 h to resolve
	refer := func(to linkage.ReferralResponder) linkage.Referral {
		r, err := f.svc.Refer(f.ctx, linkage.Referral{Need: n.ID, Requester: f.requester(), Responder: to, Category: "stairs", Ask: "fix the handrail"})
		require.NoError(t, err)
		return r
	}
	dept2 := linkage.ReferralResponder{Kind: linkage.ResponderDepartment, ID: uuid.MustParse("00000000-0000-4000-8000-0000000000d4"), Name: "住建科"}
	dept3 := linkage.ReferralResponder{Kind: linkage.ResponderDepartment, ID: uuid.MustParse("00000000-0000-4000-8000-0000000000d5"), Name: "民政科"}
	refer(dept3) // never answered
	onTime, late, unit := refer(dept), refer(dept2), refer(linkage.ReferralResponder{Kind: linkage.ResponderUnit, ID: uuid.New()})
	f.clock.Advance(time.Hour)
	for _, r := range []linkage.Referral{onTime, unit} {
		_, err := f.svc.AcceptReferral(f.ctx, r.ID, r.Responder)
		require.NoError(t, err)
	}
	_, err := f.svc.StartReferral(f.ctx, onTime.ID, dept)
	require.NoError(t, err)
	a, err := f.svc.RecordActivity(f.ctx, linkage.Activity{Community: f.community.ID, Kind: linkage.ActivityCommunityWork,
		Title: "handrail fixed", Window: wushe.NewWindow(f.clock.Now(), time.Hour)})
	require.NoError(t, err)
	_, err = f.svc.AttachWork(f.ctx, onTime.ID, linkage.WorkRef{Kind: linkage.WorkActivity, ID: a.ID})
	require.NoError(t, err)
	_, err = f.svc.CompleteReferral(f.ctx, onTime.ID, dept)
	require.NoError(t, err)
	f.clock.Advance(2 * time.Hour) // past the 2 h to respond
	_, err = f.svc.AcceptReferral(f.ctx, late.ID, dept2)
	require.NoError(t, err)
	got := outputValues(t, f.svc, f.community.ID, nil)
	require.Equal(t, "4", got[linkage.CodeReferrals])
	require.Equal(t, "3", got[linkage.CodeWhistles])
	require.Equal(t, "3", got[linkage.ReferralIndicator(linkage.ResponderDepartment)])
	require.Equal(t, "1", got[linkage.CodeWhistlesAnsweredOnTime], "the unit answered on time too, but is no whistle")
	require.Equal(t, "1", got[linkage.CodeWhistlesResolved])
	require.Equal(t, "0.5", got[linkage.CodeReferralResponseRate]) // the whistle and the unit of four
	require.Equal(t, "0", outputValues(t, f.svc, f.community.ID, nil)[linkage.ReferralIndicator(linkage.ResponderVolunteer)])
}
