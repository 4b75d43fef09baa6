package linkage_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
)

func TestNeedLifecycle(t *testing.T) {
	f := newFixture(t)
	n := f.need(t)
	require.Equal(t, linkage.NeedOpen, n.Status)
	require.Equal(t, t0, n.RaisedAt)
	_, ok := n.ResponseTime()
	require.False(t, ok)

	_, err := f.svc.MeetNeed(f.ctx, n.ID, "done")
	requireKind(t, err, wushe.KindConflict, "linkage.Service.MeetNeed")

	f.clock.Advance(2 * time.Hour)
	n, err = f.svc.PlanNeed(f.ctx, n.ID)
	require.NoError(t, err)
	rt, ok := n.ResponseTime()
	require.True(t, ok)
	require.Equal(t, 2*time.Hour, rt)
	f.clock.Advance(time.Hour)
	n, err = f.svc.StartNeed(f.ctx, n.ID)
	require.NoError(t, err)
	f.clock.Advance(time.Hour)
	n, err = f.svc.MeetNeed(f.ctx, n.ID, "lunch delivered by the K team")
	require.NoError(t, err)
	require.Equal(t, linkage.NeedMet, n.Status)
	require.Equal(t, "lunch delivered by the K team", n.Outcome)
	res, ok := n.ResolutionTime()
	require.True(t, ok)
	require.Equal(t, 4*time.Hour, res)
	_, err = f.svc.CloseNeedUnmet(f.ctx, n.ID, "moved away")
	requireKind(t, err, wushe.KindConflict, "Status")
}

func TestCloseNeedUnmet(t *testing.T) {
	f := newFixture(t)
	n := f.need(t)
	_, err := f.svc.CloseNeedUnmet(f.ctx, n.ID, "")
	requireKind(t, err, wushe.KindInvalid, "Outcome")
	f.clock.Advance(time.Hour)
	n, err = f.svc.CloseNeedUnmet(f.ctx, n.ID, "moved away")
	require.NoError(t, err)
	require.Equal(t, t0.Add(time.Hour), n.ClosedAt)
	_, ok := n.ResolutionTime()
	require.False(t, ok)
	_, err = f.svc.PlanNeed(f.ctx, n.ID)
	requireKind(t, err, wushe.KindConflict, "")
}

func TestRaiseNeedRefusals(t *testing.T) {
	f := newFixture(t)
	good := f.need(t)
	for _, tc := range []struct {
		name  string
		edit  func(*linkage.Need)
		kind  wushe.Kind
		field string
	}{
		{"future", func(n *linkage.Need) { n.RaisedAt = t0.Add(time.Hour) }, wushe.KindInvalid, "RaisedAt"},
		{"community", func(n *linkage.Need) { n.Community = uuid.New() }, wushe.KindNotFound, "Community"},
		{"area", func(n *linkage.Need) { n.Area = uuid.New() }, wushe.KindNotFound, "Area"},
		{"urgency", func(n *linkage.Need) { n.Urgency = "soon" }, wushe.KindInvalid, "Urgency"},
		{"beneficiary", func(n *linkage.Need) { n.Beneficiary = wushe.NewSensitive(wushe.ClassName, "张三") }, wushe.KindInvalid, "Beneficiary"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := good
			n.ID, n.Version = uuid.Nil, 0
			tc.edit(&n)
			_, err := f.svc.RaiseNeed(f.ctx, n)
			requireKind(t, err, tc.kind, "linkage.Service.RaiseNeed")
			require.Contains(t, fields(err), tc.field)
		})
	}
	page, err := f.svc.ListNeeds(f.ctx, linkage.NeedFilter{Community: f.community.ID})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "refused needs are not stored")

	// A need found earlier keeps its time.
	n := good
	n.ID, n.RaisedAt = uuid.Nil, t0.Add(-time.Hour)
	n, err = f.svc.RaiseNeed(f.ctx, n)
	require.NoError(t, err)
	require.Equal(t, t0.Add(-time.Hour), n.RaisedAt)
	page, err = f.svc.ListNeeds(f.ctx, linkage.NeedFilter{RaisedTo: t0})
	require.NoError(t, err)
	require.Equal(t, []uuid.UUID{n.ID}, []uuid.UUID{page.Items[0].ID})
}

func TestUpdateNeed(t *testing.T) {
	f := newFixture(t)
	n := f.need(t)
	n2 := n
	n2.Description, n2.Status, n2.Urgency = "needs lunch and dinner", linkage.NeedMet, linkage.UrgencyDifficult
	got, err := f.svc.UpdateNeed(f.ctx, n2)
	require.NoError(t, err)
	require.Equal(t, "needs lunch and dinner", got.Description)
	require.Equal(t, linkage.UrgencyDifficult, got.Urgency)
	require.Equal(t, linkage.NeedOpen, got.Status, "status only changes through the life cycle")
	_, err = f.svc.UpdateNeed(f.ctx, n2)
	requireKind(t, err, wushe.KindConflict, "Version")
	got.Area = uuid.New()
	_, err = f.svc.UpdateNeed(f.ctx, got)
	requireKind(t, err, wushe.KindNotFound, "Area")
	got.Area, got.Category = f.grid, ""
	_, err = f.svc.UpdateNeed(f.ctx, got)
	requireKind(t, err, wushe.KindInvalid, "Category")
	_, err = f.svc.UpdateNeed(f.ctx, linkage.Need{ID: uuid.New()})
	requireKind(t, err, wushe.KindNotFound, "linkage.Service.UpdateNeed")
	_, err = f.svc.GetNeed(f.ctx, uuid.New())
	requireKind(t, err, wushe.KindNotFound, "linkage.Service.GetNeed")
}

// TestNeedTransitionsProperty drives needs through random sequences of transitions with a
// clock that moves randomly, backwards too, and checks that every stored need is valid,
// that refused transitions change nothing and that the state timestamps never go
// backwards.
func TestNeedTransitionsProperty(t *testing.T) {
	f := newFixture(t)
	rng := rand.New(rand.NewPCG(2024, 3))
	ops := []struct {
		to   linkage.NeedStatus
		call func(uuid.UUID) (linkage.Need, error)
	}{
		{linkage.NeedPlanned, func(id uuid.UUID) (linkage.Need, error) { return f.svc.PlanNeed(f.ctx, id) }},
		{linkage.NeedInProgress, func(id uuid.UUID) (linkage.Need, error) { return f.svc.StartNeed(f.ctx, id) }},
		{linkage.NeedMet, func(id uuid.UUID) (linkage.Need, error) { return f.svc.MeetNeed(f.ctx, id, "met") }},
		{linkage.NeedClosedUnmet, func(id uuid.UUID) (linkage.Need, error) { return f.svc.CloseNeedUnmet(f.ctx, id, "gone") }},
	}
	for range 200 {
		n := f.need(t)
		for range rng.IntN(8) {
			f.clock.Advance(time.Duration(rng.IntN(240)-60) * time.Minute)
			op := ops[rng.IntN(len(ops))]
			before, err := f.svc.GetNeed(f.ctx, n.ID)
			require.NoError(t, err)
			got, err := op.call(n.ID)
			if !before.Status.CanMoveTo(op.to) {
				requireKind(t, err, wushe.KindConflict, "")
				after, err := f.svc.GetNeed(f.ctx, n.ID)
				require.NoError(t, err)
				require.Equal(t, before, after)
				continue
			}
			require.NoError(t, err)
			require.Equal(t, op.to, got.Status)
			require.NoError(t, got.Validate())
			stamps := []time.Time{got.RaisedAt, got.PlannedAt, got.StartedAt, got.MetAt, got.ClosedAt}
			last := stamps[0]
			for _, s := range stamps[1:] {
				if s.IsZero() {
					continue
				}
				require.False(t, s.Before(last), "timestamps went backwards: %v", stamps)
				last = s
			}
		}
	}
}

func TestNeedEnumsAndValidate(t *testing.T) {
	require.True(t, linkage.UrgencyUrgent.MorePressingThan(linkage.UrgencyHopedFor))
	require.False(t, linkage.UrgencyHopedFor.MorePressingThan(linkage.UrgencyAnxious))
	require.False(t, linkage.Urgency("x").MorePressingThan(linkage.UrgencyHopedFor))
	require.Equal(t, -1, linkage.Urgency("x").Rank())
	require.Equal(t, 1, linkage.UrgencyDifficult.Rank())
	require.False(t, linkage.NeedStatus("x").CanMoveTo(linkage.NeedClosedUnmet))
	require.False(t, linkage.NeedOpen.CanMoveTo(linkage.NeedMet))
	require.True(t, linkage.NeedInProgress.CanMoveTo(linkage.NeedClosedUnmet))
	require.Len(t, linkage.TargetGroups(), 10)

	base := linkage.Need{Community: uuid.New(), TargetGroup: linkage.GroupChildren, Category: "c", Urgency: linkage.UrgencyUrgent,
		Source: linkage.SourceSelf, RaisedAt: t0}
	n := base
	n.Status = linkage.NeedOpen
	n.PlannedAt = t0
	require.Equal(t, []string{"PlannedAt"}, fields(n.Validate()))
	n = base
	n.Status, n.PlannedAt = linkage.NeedInProgress, t0.Add(-time.Hour)
	require.ElementsMatch(t, []string{"PlannedAt", "StartedAt"}, fields(n.Validate()))
	n = base
	n.Status, n.PlannedAt, n.MetAt, n.ClosedAt = linkage.NeedClosedUnmet, t0.Add(time.Hour), t0, t0
	require.ElementsMatch(t, []string{"MetAt", "ClosedAt", "MetAt"}, fields(n.Validate()))
	n = base
	n.Status, n.ClosedAt = linkage.NeedMet, t0
	require.ElementsMatch(t, []string{"PlannedAt", "StartedAt", "MetAt", "ClosedAt"}, fields(n.Validate()))
	n = base
	n.Status, n.PlannedAt, n.StartedAt = linkage.NeedClosedUnmet, t0.Add(time.Hour), t0
	require.ElementsMatch(t, []string{"StartedAt", "ClosedAt"}, fields(n.Validate()))
	bad := -100.0
	n = linkage.Need{Location: &wushe.Point{Lat: bad}}
	require.Subset(t, fields(n.Validate()), []string{"Community", "TargetGroup", "Category", "Urgency", "Source",
		"Location.Lat", "Status", "RaisedAt"})
}
