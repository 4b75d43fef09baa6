package sqlstore

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
)

// walk pages through a list with the given limit and returns every ID in order.
func walk[T any, F any](t *testing.T, f F, limit int, setPage func(*F, wushe.PageRequest),
	list func(context.Context, F) (wushe.Page[T], error), id func(T) uuid.UUID) []uuid.UUID {
	t.Helper()
	var out []uuid.UUID
	req := wushe.PageRequest{Limit: limit}
	for range 10_000 {
		setPage(&f, req)
		page, err := list(t.Context(), f)
		require.NoError(t, err)
		require.NotNil(t, page.Items)
		require.LessOrEqual(t, len(page.Items), limit)
		for _, x := range page.Items {
			out = append(out, id(x))
		}
		if page.Next == uuid.Nil {
			return out
		}
		req.After = page.Next
	}
	t.Fatal("paging does not end")
	return nil
}

// TestListsAgreeWithMemstore is a differential property test of the SQL narrowing: on
// seeded random needs, activities and links, every random filter walked page by page
// returns exactly the IDs memstore returns (the filters' Match decides there). A SQL
// condition that dropped a row Match keeps, or a page boundary off by one, fails it.
func TestListsAgreeWithMemstore(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		if b.name == "sqlite-file" {
			t.Skip("same SQL as sqlite-memory")
		}
		ctx := t.Context()
		r := rand.New(rand.NewPCG(2026, 11))
		s, m := b.open(t), memstore.New()
		pick := func(n int) int { return r.IntN(n) }
		communities := []uuid.UUID{wushe.NewID(), wushe.NewID(), wushe.NewID()}
		projects := []uuid.UUID{wushe.NewID(), wushe.NewID()}
		orgs := []uuid.UUID{wushe.NewID(), wushe.NewID(), wushe.NewID()}
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		at := func() time.Time { return base.Add(time.Duration(pick(60*24*30)) * time.Minute) }
		statuses := []linkage.NeedStatus{linkage.NeedOpen, linkage.NeedPlanned, linkage.NeedMet}
		groups := []linkage.TargetGroup{linkage.GroupElderly, linkage.GroupChildren}
		urgencies := []linkage.Urgency{linkage.UrgencyUrgent, linkage.UrgencyHopedFor}
		kinds := []linkage.ActivityKind{linkage.ActivityGroupWork, linkage.ActivityCommunityWork}
		linkKinds := []linkage.LinkKind{linkage.LinkTalent, linkage.LinkService, linkage.LinkVenue}
		parties := []linkage.PartyKind{linkage.PartyUnit, linkage.PartyOrganization}
		targets := []linkage.TargetKind{linkage.TargetNeed, linkage.TargetActivity}

		for range 240 {
			n := linkage.Need{ID: wushe.NewID(), Community: communities[pick(3)], Status: statuses[pick(3)],
				TargetGroup: groups[pick(2)], Urgency: urgencies[pick(2)], RaisedAt: at()}
			if pick(2) == 0 {
				n.Area = communities[pick(3)]
			}
			a := linkage.Activity{ID: wushe.NewID(), Community: communities[pick(3)], Kind: kinds[pick(2)],
				Organizations: orgs[:pick(4)], Window: wushe.Window{Start: at()}}
			if pick(2) == 0 {
				a.Project = projects[pick(2)]
			}
			l := linkage.Link{ID: wushe.NewID(), Kind: linkKinds[pick(3)], At: at(),
				By:   linkage.Party{Kind: parties[pick(2)], ID: orgs[pick(3)]},
				From: linkage.Party{Kind: parties[pick(2)], ID: orgs[pick(3)]},
				To:   linkage.LinkTarget{Kind: targets[pick(2)], ID: communities[pick(3)]}}
			if pick(2) == 0 {
				l.Project = projects[pick(2)]
			}
			for _, st := range []linkage.Store{s, m} {
				require.NoError(t, st.CreateNeed(ctx, n))
				require.NoError(t, st.CreateActivity(ctx, a))
				require.NoError(t, st.CreateLink(ctx, l))
			}
		}
		maybe := func() bool { return pick(3) == 0 }
		bounds := func() (from, to time.Time) {
			if maybe() {
				from = at()
			}
			if maybe() {
				to = at()
			}
			return from, to
		}
		for i := range 60 {
			limit := 1 + pick(40)
			nf := linkage.NeedFilter{}
			if maybe() {
				nf.Community = communities[pick(3)]
			}
			if maybe() {
				nf.Area = communities[pick(3)]
			}
			if maybe() {
				nf.Status = statuses[pick(3)]
			}
			if maybe() {
				nf.TargetGroup = groups[pick(2)]
			}
			if maybe() {
				nf.Urgency = urgencies[pick(2)]
			}
			nf.RaisedFrom, nf.RaisedTo = bounds()
			setNeed := func(f *linkage.NeedFilter, p wushe.PageRequest) { f.Page = p }
			needID := func(n linkage.Need) uuid.UUID { return n.ID }
			require.Equal(t, walk(t, nf, limit, setNeed, m.ListNeeds, needID), walk(t, nf, limit, setNeed, s.ListNeeds, needID), "needs, filter %d: %+v", i, nf)

			af := linkage.ActivityFilter{}
			if maybe() {
				af.Community = communities[pick(3)]
			}
			if maybe() {
				af.Project = projects[pick(2)]
			}
			if maybe() {
				af.Organization = orgs[pick(3)]
			}
			if maybe() {
				af.Kind = kinds[pick(2)]
			}
			af.From, af.To = bounds()
			setAct := func(f *linkage.ActivityFilter, p wushe.PageRequest) { f.Page = p }
			actID := func(a linkage.Activity) uuid.UUID { return a.ID }
			require.Equal(t, walk(t, af, limit, setAct, m.ListActivities, actID), walk(t, af, limit, setAct, s.ListActivities, actID), "activities, filter %d: %+v", i, af)

			lf := linkage.LinkFilter{}
			if maybe() {
				lf.Kind = linkKinds[pick(3)]
			}
			if maybe() {
				lf.ByKind, lf.ByID = parties[pick(2)], orgs[pick(3)]
			}
			if maybe() {
				lf.FromID = orgs[pick(3)]
			}
			if maybe() {
				lf.ToID = communities[pick(3)]
			}
			if maybe() {
				lf.Project = projects[pick(2)]
			}
			lf.From, lf.To = bounds()
			setLink := func(f *linkage.LinkFilter, p wushe.PageRequest) { f.Page = p }
			linkID := func(l linkage.Link) uuid.UUID { return l.ID }
			require.Equal(t, walk(t, lf, limit, setLink, m.ListLinks, linkID), walk(t, lf, limit, setLink, s.ListLinks, linkID), "links, filter %d: %+v", i, lf)
		}
	})
}
