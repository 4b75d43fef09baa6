package linkage_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// lotList serves lots from a slice, as a resources.Store would.
type lotList []resources.Lot

func (l lotList) ListLots(_ context.Context, f resources.LotFilter) (wushe.Page[resources.Lot], error) {
	var out []resources.Lot
	for _, x := range l {
		if f.Match(&x) {
			out = append(out, x)
		}
	}
	return wushe.Paginate(out, func(x resources.Lot) uuid.UUID { return x.ID }, f.Page)
}

func TestLoadDispatchInputAndIdleReport(t *testing.T) {
	ctx := context.Background()
	store := memstore.New()
	clock := wushe.NewManualClock(streetAt)
	svc, err := linkage.NewService(store, &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs(t.Name())})
	require.NoError(t, err)
	community := func(name, street string) linkage.Community {
		c, err := svc.RegisterCommunity(ctx, linkage.Community{Name: name, Kind: linkage.CommunityUrban, StreetOffice: street})
		require.NoError(t, err)
		return c
	}
	a, b, c := community("A社区", "春熙路街道"), community("B社区", "春熙路街道"), community("C社区", "合江亭街道")
	need := func(comm uuid.UUID, cat string, raised time.Time) linkage.Need {
		n, err := svc.RaiseNeed(ctx, linkage.Need{Community: comm, TargetGroup: linkage.GroupElderly, Category: cat,
			Urgency: linkage.UrgencyUrgent, Source: linkage.SourceHomeVisit, RaisedAt: raised, Location: &dcentre})
		require.NoError(t, err)
		return n
	}
	na := need(a.ID, "meal delivery", streetAt.AddDate(0, 0, -40))
	nb := need(b.ID, "haircut", streetAt.AddDate(0, 0, -2))
	planned := need(a.ID, "meal delivery", streetAt.AddDate(0, 0, -40))
	_, err = store.UpdateNeed(ctx, planned.ID, func(n *linkage.Need) error {
		n.Status, n.PlannedAt = linkage.NeedPlanned, streetAt.AddDate(0, 0, -39)
		return nil
	})
	require.NoError(t, err)
	need(c.ID, "meal delivery", streetAt.AddDate(0, 0, -40))
	org, err := svc.RegisterOrganization(ctx, linkage.Organization{Name: "夕阳红", Field: linkage.FieldMutualAid, Type: linkage.OrgAssociation,
		Community: a.ID, Stage: linkage.StageInterestGroup, Provisions: []linkage.Provision{{Offer: linkage.OfferServices,
			Category: "Meal delivery", Capacity: 2, Location: north(dcentre, 100), Since: streetAt.AddDate(0, -3, 0)}}})
	require.NoError(t, err)
	_, err = svc.RegisterUnit(ctx, linkage.Unit{Name: "理发店", Kind: linkage.UnitEnterprise, Community: b.ID,
		Provisions: []linkage.Provision{{Offer: linkage.OfferServices, Category: "haircut", Since: streetAt.AddDate(0, -3, 0)}}})
	require.NoError(t, err)
	_, err = svc.RegisterUnit(ctx, linkage.Unit{Name: "外街单位", Kind: linkage.UnitEnterprise, Community: c.ID,
		Provisions: []linkage.Provision{{Offer: linkage.OfferServices, Category: "meal delivery"}}})
	require.NoError(t, err)
	vol := func(comm uuid.UUID, st volunteer.Status) volunteer.Volunteer {
		v := adult(volunteer.Skill{Name: "meal delivery", Level: 3})
		v.CommunityID, v.Status = comm, st
		require.NoError(t, store.CreateVolunteer(ctx, v))
		return v
	}
	va := vol(a.ID, volunteer.StatusActive)
	vol(a.ID, volunteer.StatusSuspended)
	vc := vol(c.ID, volunteer.StatusActive)
	runByA := volunteer.Team{ID: did(), Name: "A队", Themes: []volunteer.Theme{"meal_delivery"}, RunBy: volunteer.Actor{Kind: volunteer.ActorCommunity, ID: a.ID}}
	withA := volunteer.Team{ID: did(), Name: "联队", Members: []uuid.UUID{va.ID}, RunBy: volunteer.Actor{Kind: volunteer.ActorOrganization, ID: org.ID}}
	other := volunteer.Team{ID: did(), Name: "C队", Members: []uuid.UUID{vc.ID}, RunBy: volunteer.Actor{Kind: volunteer.ActorCommunity, ID: c.ID}}
	for _, tm := range []volunteer.Team{runByA, withA, other} {
		require.NoError(t, store.CreateTeam(ctx, tm))
	}
	lots := lotList{{ID: did(), Category: "rice", OnHand: decimal.NewFromInt(5), UnitValue: decimal.NewFromInt(6), LastMoved: streetAt.AddDate(0, -2, 0)},
		{ID: did(), Category: "rice", OnHand: decimal.Zero}}
	src := linkage.DispatchSources{Volunteers: store, Lots: lots}

	in, err := svc.LoadDispatchInput(ctx, linkage.DispatchScope{StreetOffice: "春熙路街道"}, src)
	require.NoError(t, err)
	assert.Equal(t, streetAt, in.At)
	assert.ElementsMatch(t, []uuid.UUID{na.ID, nb.ID}, []uuid.UUID{in.Tasks[0].Need, in.Tasks[1].Need})
	require.Len(t, in.Tasks, 2)
	require.Len(t, in.Volunteers, 1)
	assert.Equal(t, va.ID, in.Volunteers[0].ID)
	var teams []uuid.UUID
	for _, tm := range in.Teams {
		teams = append(teams, tm.ID)
	}
	assert.ElementsMatch(t, []uuid.UUID{runByA.ID, withA.ID}, teams)
	assert.Len(t, in.Organizations, 1)
	assert.Len(t, in.Units, 1)
	assert.Len(t, in.Lots, 1)
	d, err := linkage.NewDispatcher(nil)
	require.NoError(t, err)
	res, err := d.Dispatch(in)
	require.NoError(t, err)
	p, ok := res.Proposal(na.ID)
	require.True(t, ok)
	assert.EqualValues(t, 1, p.TaskVersion)

	one, err := svc.LoadDispatchInput(ctx, linkage.DispatchScope{Communities: []uuid.UUID{b.ID}}, linkage.DispatchSources{})
	require.NoError(t, err)
	require.Len(t, one.Tasks, 1)
	assert.Empty(t, one.Volunteers)
	assert.Empty(t, one.Lots)

	// The idle report of the street: the meal need open 40 days (and the planned one)
	// beside the organization's provision; the unit's haircuts idle for 3 months beside a
	// need open only 2 days; rice idle with no one asking.
	rep, err := svc.IdleReport(ctx, linkage.DispatchScope{StreetOffice: "春熙路街道"}, src, 30)
	require.NoError(t, err)
	byCat := map[string]linkage.IdleCategory{}
	for _, c := range rep.Categories {
		byCat[c.Category] = c
	}
	meal := byCat["meal_delivery"]
	assert.True(t, meal.IdleValue.IsZero())
	meal.IdleValue = decimal.Zero
	assert.Equal(t, linkage.IdleCategory{Category: "meal_delivery", UnmetNeeds: 2, LongestOpenDays: 40, IdleProvisions: 1,
		IdleValue: decimal.Zero, Beside: true}, meal)
	assert.Equal(t, 0, byCat["haircut"].UnmetNeeds)
	assert.Equal(t, 1, byCat["haircut"].IdleProvisions)
	assert.Equal(t, "30", byCat["rice"].IdleValue.String())

	// A link from the organization 10 days ago shows its provision in use.
	_, err = svc.RecordLink(ctx, linkage.Link{Kind: linkage.LinkService, By: linkage.Party{Kind: linkage.PartyCommunity, ID: a.ID},
		From: linkage.Party{Kind: linkage.PartyOrganization, ID: org.ID}, To: linkage.LinkTarget{Kind: linkage.TargetNeed, ID: planned.ID},
		At: streetAt.AddDate(0, 0, -10)})
	require.NoError(t, err)
	rep, err = svc.IdleReport(ctx, linkage.DispatchScope{Communities: []uuid.UUID{a.ID}}, src, 30)
	require.NoError(t, err)
	for _, c := range rep.Categories {
		if c.Category == "meal_delivery" {
			assert.Equal(t, 0, c.IdleProvisions)
			assert.False(t, c.Beside)
		}
	}

	_, err = svc.LoadDispatchInput(ctx, linkage.DispatchScope{}, src)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = svc.IdleReport(ctx, linkage.DispatchScope{Communities: []uuid.UUID{uuid.New()}}, src, 30)
	require.ErrorIs(t, err, wushe.ErrNotFound)
	_, err = svc.IdleReport(ctx, linkage.DispatchScope{Communities: []uuid.UUID{a.ID}}, src, -1)
	require.ErrorIs(t, err, wushe.ErrInvalid)
}
