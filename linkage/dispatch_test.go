package linkage_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/linkgen"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// A small street for the rule tests: community c with grid g1, community other.
var (
	dc      = uuid.MustParse("00000000-0000-4000-8000-0000000000c1")
	dother  = uuid.MustParse("00000000-0000-4000-8000-0000000000c2")
	dg1     = uuid.MustParse("00000000-0000-4000-8000-0000000000a1")
	dcentre = wushe.Point{Lat: 30.6570, Lng: 104.0660}
	dseq    = 0
)

// streetAt is the instant the dispatch tests run at, that of linkgen's streets.
var streetAt = linkgen.StreetAt

// north is the point m metres north of p.
func north(p wushe.Point, m float64) *wushe.Point {
	q := wushe.Point{Lat: p.Lat + m/(wushe.EarthRadiusMeters*3.141592653589793/180), Lng: p.Lng}
	return &q
}

// did makes a readable, ordered ID: the n-th of the tests.
func did() uuid.UUID {
	dseq++
	var u uuid.UUID
	u[0], u[1] = byte(dseq>>8), byte(dseq)
	u[6], u[8] = 0x40, 0x80
	return u
}

func adult(skills ...volunteer.Skill) volunteer.Volunteer {
	return volunteer.Volunteer{ID: did(), Version: 3, Status: volunteer.StatusActive, CommunityID: dc, GridID: dg1,
		BirthDate: streetAt.AddDate(-30, 0, 0), Home: *north(dcentre, 100), HasHome: true, Skills: skills,
		Availability: volunteer.Availability{Weekly: []volunteer.WeeklyWindow{{Weekday: time.Tuesday, DayWindow: volunteer.DayWindow{Start: volunteer.NewTimeOfDay(8, 0), End: volunteer.NewTimeOfDay(18, 0)}}}}}
}

// tuesday is the window of the rule tests' tasks: Tuesday after streetAt, 10:00 to 12:00.
var tuesday = wushe.Window{Start: streetAt.AddDate(0, 0, 1).Add(2 * time.Hour), End: streetAt.AddDate(0, 0, 1).Add(4 * time.Hour)}

func task(category string, u linkage.Urgency) linkage.DispatchTask {
	return linkage.DispatchTask{Need: did(), Version: 2, Community: dc, Area: dg1, Category: category, Group: linkage.GroupElderly,
		Urgency: u, Location: north(dcentre, 0), RaisedAt: streetAt.AddDate(0, 0, -6)}
}

func verdicts(t *testing.T, d *linkage.Dispatcher, in linkage.DispatchInput, id uuid.UUID) map[uuid.UUID]linkage.DispatchCandidate {
	t.Helper()
	cs, err := d.Candidates(in, id)
	require.NoError(t, err)
	out := map[uuid.UUID]linkage.DispatchCandidate{}
	for _, c := range cs {
		out[c.Responder.ID] = c
	}
	return out
}

func rules(m map[uuid.UUID]linkage.DispatchCandidate) map[uuid.UUID]string {
	out := map[uuid.UUID]string{}
	for id, c := range m {
		out[id] = c.Rule
	}
	return out
}

func TestDispatchVolunteerAndTeamRules(t *testing.T) {
	meal := volunteer.Skill{Name: "Meal-Delivery", Level: 4}
	tk := task("meal delivery", linkage.UrgencyUrgent)
	tk.Window = tuesday
	tk.Skills = []volunteer.SkillNeed{{Name: "Meal-Delivery", MinLevel: 2}}
	ok := adult(meal)
	susp := adult(meal)
	susp.Status = volunteer.StatusSuspended
	minor := adult(meal)
	minor.BirthDate = streetAt.AddDate(-16, 0, 0)
	cat := adult(volunteer.Skill{Name: "tutoring", Level: 5})
	far := adult(meal)
	far.Home = *north(dcentre, 401)
	homeless := adult(meal)
	homeless.HasHome = false
	stranger := adult(meal)
	stranger.HasHome, stranger.CommunityID = false, dother
	low := adult(volunteer.Skill{Name: "meal delivery", Level: 1})
	busy := adult(meal)
	busy.Availability = volunteer.Availability{}
	declined := adult(meal)
	held := adult(meal)
	tk.Declined = []uuid.UUID{declined.ID}
	team := volunteer.Team{ID: did(), Version: 1, Name: "meal team", Themes: []volunteer.Theme{"meal_delivery"}, LeaderID: ok.ID, Members: []uuid.UUID{ok.ID}}
	emptyTeam := volunteer.Team{ID: did(), Name: "minors", Themes: []volunteer.Theme{"meal_delivery"}, Members: []uuid.UUID{minor.ID}}
	in := linkage.DispatchInput{At: streetAt, Tasks: []linkage.DispatchTask{tk},
		Volunteers: []volunteer.Volunteer{ok, susp, minor, cat, far, homeless, stranger, low, busy, declined, held},
		Teams:      []volunteer.Team{team, emptyTeam}, Held: []linkage.DispatchLoad{{Responder: held.ID, Open: 1}}}
	d, err := linkage.NewDispatcher(nil)
	require.NoError(t, err)
	v := verdicts(t, d, in, tk.Need)
	assert.Equal(t, map[uuid.UUID]string{ok.ID: "", susp.ID: linkage.DispatchRuleStatus, minor.ID: linkage.DispatchRuleStatus,
		cat.ID: linkage.DispatchRuleCategory, far.ID: linkage.DispatchRuleDistance, homeless.ID: "",
		stranger.ID: linkage.DispatchRuleDistance, low.ID: linkage.DispatchRuleSkills, busy.ID: linkage.DispatchRuleAvailability,
		declined.ID: linkage.DispatchRuleDeclined, held.ID: linkage.DispatchRuleCapacity, team.ID: "",
		emptyTeam.ID: linkage.DispatchRuleStatus}, rules(v))
	assert.Equal(t, 100, v[ok.ID].DistanceMeters)
	assert.Equal(t, -1, v[homeless.ID].DistanceMeters)
	assert.Equal(t, "401 m away, beyond the walking radius of 400 m", v[far.ID].Detail)
	assert.Contains(t, v[low.ID].Detail, "Meal-Delivery at level 2")
	assert.Contains(t, v[held.ID].Detail, "holds 1 open referrals, takes 1")

	// The same verdicts, counted by Dispatch through the spatial index.
	res, err := d.Dispatch(in)
	require.NoError(t, err)
	assert.Equal(t, []linkage.RuleCount{{Rule: "status", Pairs: 3}, {Rule: "kind", Pairs: 0}, {Rule: "category", Pairs: 1},
		{Rule: "distance", Pairs: 2}, {Rule: "skills", Pairs: 1}, {Rule: "availability", Pairs: 1}, {Rule: "declined", Pairs: 1},
		{Rule: "restriction", Pairs: 0}, {Rule: "expiry", Pairs: 0}, {Rule: "quantity", Pairs: 0}, {Rule: "capacity", Pairs: 1}}, res.Excluded)
	assert.EqualValues(t, 3, res.Scored)
	require.Len(t, res.Proposals, 1)
	assert.Equal(t, 3, res.Proposals[0].Eligible)

	// A wider circle takes the far volunteer in; a team without skilled or available
	// members is refused on those rules.
	d2, err := linkage.NewDispatcher(&linkage.DispatchOptions{WalkingRadiusMeters: 500})
	require.NoError(t, err)
	assert.Equal(t, "", verdicts(t, d2, in, tk.Need)[far.ID].Rule)
	in.Teams[0].Members, in.Teams[0].LeaderID = []uuid.UUID{busy.ID}, uuid.Nil
	assert.Equal(t, linkage.DispatchRuleAvailability, verdicts(t, d, in, tk.Need)[team.ID].Rule)
	in.Teams[0].Members = []uuid.UUID{low.ID}
	assert.Equal(t, linkage.DispatchRuleSkills, verdicts(t, d, in, tk.Need)[team.ID].Rule)
}

func TestDispatchLotRules(t *testing.T) {
	tk := task("Rice", linkage.UrgencyDifficult)
	tk.Quantity = decimal.NewFromInt(3)
	tk.Window = wushe.Window{Start: streetAt, End: streetAt.AddDate(0, 0, 10)}
	lot := func(category string, onHand int64) resources.Lot {
		q := decimal.NewFromInt(onHand)
		return resources.Lot{ID: did(), Version: 5, Kind: resources.PropertyGoods, Category: category, Unit: "kg",
			Received: q, OnHand: q, Location: north(dcentre, 200), Holder: resources.Holder{Kind: resources.HolderSupermarket, Name: "超市"}}
	}
	ok := lot("rice", 10)
	ok.Expires = streetAt.AddDate(0, 0, 30)
	central := lot("rice", 10)
	central.Location = nil
	empty := lot("rice", 0)
	expired := lot("rice", 10)
	expired.Expires = streetAt
	restricted := lot("rice", 10)
	restricted.Restriction.Groups = []resources.TargetGroup{resources.GroupChildren}
	expiring := lot("rice", 10)
	expiring.Expires = streetAt.AddDate(0, 0, 5)
	small := lot("rice", 2)
	oil := lot("cooking oil", 10)
	in := linkage.DispatchInput{At: streetAt, Tasks: []linkage.DispatchTask{tk},
		Lots: []resources.Lot{ok, central, empty, expired, restricted, expiring, small, oil}}
	d, err := linkage.NewDispatcher(nil)
	require.NoError(t, err)
	v := verdicts(t, d, in, tk.Need)
	assert.Equal(t, map[uuid.UUID]string{ok.ID: "", central.ID: "", empty.ID: linkage.DispatchRuleStatus,
		expired.ID: linkage.DispatchRuleStatus, restricted.ID: linkage.DispatchRuleRestriction,
		expiring.ID: linkage.DispatchRuleExpiry, small.ID: linkage.DispatchRuleQuantity, oil.ID: linkage.DispatchRuleCategory}, rules(v))
	assert.Equal(t, "the beneficiary is in none of the eligible target groups", v[restricted.ID].Detail)
	assert.Equal(t, "the lot has 2 on hand, the task asks for 3", v[small.ID].Detail)
	assert.Equal(t, "the lot expired on 2026-03-02", v[expired.ID].Detail)

	res, err := d.Dispatch(in)
	require.NoError(t, err)
	p, found := res.Proposal(tk.Need)
	require.True(t, found)
	assert.Equal(t, ok.ID, p.Responder.ID, "the located lot, expiring first, wins")
	assert.True(t, decimal.NewFromInt(3).Equal(p.Quantity))
	assert.EqualValues(t, 5, p.Responder.Version)
	assert.Equal(t, "kg", p.Unit)
	assert.Equal(t, "超市", p.Holder.Name)
	assert.Equal(t, "超市", p.Responder.Name)
	require.NotNil(t, p.Alternative)
	assert.Equal(t, central.ID, p.Alternative.Responder.ID)
	assert.True(t, p.Alternative.Lost.Valid)
	assert.True(t, p.Alternative.Lost.Decimal.Equal(p.Score.Sub(p.Alternative.Score)), "lost %s", p.Alternative.Lost.Decimal)
}

func TestDispatchOrganizationsUnitsAndKinds(t *testing.T) {
	tk := task("free clinic", linkage.UrgencyAnxious)
	tk.Kinds = []linkage.DispatchKind{linkage.DispatchOrganization, linkage.DispatchUnit}
	clinic := func(m float64, capacity int) linkage.Provision {
		return linkage.Provision{Offer: linkage.OfferServices, Category: "Free Clinic", Capacity: capacity, Location: north(dcentre, m)}
	}
	org := linkage.Organization{ID: did(), Version: 1, Name: "夕阳红", Community: dc, Provisions: []linkage.Provision{
		{Offer: linkage.OfferServices, Category: "haircut"}, clinic(390, 0), clinic(250, 1)}}
	full := linkage.Organization{ID: did(), Community: dc, Provisions: []linkage.Provision{clinic(50, 2)}}
	unit := linkage.Unit{ID: did(), Community: dother, Provisions: []linkage.Provision{clinic(300, 1)}}
	farUnit := linkage.Unit{ID: did(), Community: dc, Provisions: []linkage.Provision{clinic(900, 1)}}
	doctor := adult(volunteer.Skill{Name: "free clinic", Level: 5})
	in := linkage.DispatchInput{At: streetAt, Tasks: []linkage.DispatchTask{tk}, Volunteers: []volunteer.Volunteer{doctor},
		Organizations: []linkage.Organization{org, full}, Units: []linkage.Unit{unit, farUnit},
		Held: []linkage.DispatchLoad{{Responder: full.ID, Category: "free-clinic", Open: 1}, {Responder: full.ID, Open: 1}}}
	d, err := linkage.NewDispatcher(nil)
	require.NoError(t, err)
	cs, err := d.Candidates(in, tk.Need)
	require.NoError(t, err)
	got := map[string]linkage.DispatchCandidate{}
	for _, c := range cs {
		got[c.Responder.String()] = c
	}
	require.Len(t, got, 6, "the organization answers haircuts and clinics separately")
	assert.Equal(t, linkage.DispatchRuleCategory, got["organization:"+org.ID.String()+":haircut"].Rule)
	c := got["organization:"+org.ID.String()+":free_clinic"]
	assert.Equal(t, "", c.Rule)
	assert.Equal(t, "夕阳红", c.Responder.Name)
	assert.Equal(t, 2, c.Provision, "the nearest provision of the category")
	assert.Equal(t, 250, c.DistanceMeters)
	assert.Equal(t, linkage.DispatchRuleCapacity, got["organization:"+full.ID.String()+":free_clinic"].Rule)
	assert.Equal(t, "", got["unit:"+unit.ID.String()+":free_clinic"].Rule, "a located pair needs no common community")
	assert.Equal(t, linkage.DispatchRuleDistance, got["unit:"+farUnit.ID.String()+":free_clinic"].Rule)
	assert.Equal(t, linkage.DispatchRuleKind, got["volunteer:"+doctor.ID.String()].Rule)
	assert.Equal(t, "the task does not take a volunteer", got["volunteer:"+doctor.ID.String()].Detail)
	assert.Equal(t, "organization:"+org.ID.String()+":free_clinic", cs[0].Responder.String(), "best score first")
}

func TestDispatchUrgencyFirst(t *testing.T) {
	// One volunteer, two needs: the hoped-for one on the doorstep, the urgent one at the
	// edge of the circle, raised later. The urgent one wins the volunteer.
	v := adult(volunteer.Skill{Name: "repair", Level: 5})
	v.Home = dcentre
	urgent := task("repair", linkage.UrgencyUrgent)
	urgent.Location, urgent.RaisedAt = north(dcentre, 399), streetAt
	hoped := task("repair", linkage.UrgencyHopedFor)
	hoped.RaisedAt = streetAt.AddDate(0, -3, 0)
	in := linkage.DispatchInput{At: streetAt, Tasks: []linkage.DispatchTask{hoped, urgent}, Volunteers: []volunteer.Volunteer{v}}
	d, err := linkage.NewDispatcher(nil)
	require.NoError(t, err)
	res, err := d.Dispatch(in)
	require.NoError(t, err)
	require.Len(t, res.Proposals, 1)
	assert.Equal(t, urgent.Need, res.Proposals[0].Need)
	require.Len(t, res.Unplaced, 1)
	assert.Equal(t, linkage.DispatchUnplaced{Need: hoped.Need, Reason: linkage.DispatchTaken, Excluded: []linkage.RuleCount{}}, res.Unplaced[0])

	// With distance weighed above urgency the doorstep need wins instead.
	w := linkage.DefaultDispatchWeights()
	w.Urgency, w.Distance = decimal.NewFromInt(1), decimal.NewFromInt(80)
	d, err = linkage.NewDispatcher(&linkage.DispatchOptions{Weights: w})
	require.NoError(t, err)
	res, err = d.Dispatch(in)
	require.NoError(t, err)
	require.Len(t, res.Proposals, 1)
	assert.Equal(t, hoped.Need, res.Proposals[0].Need)
}

func TestDispatchExplainsEachProposal(t *testing.T) {
	v := adult(volunteer.Skill{Name: "companionship", Level: 3})
	v.Home = *north(dcentre, 100)
	tk := task("companionship", linkage.UrgencyDifficult)
	tk.RaisedAt = streetAt.AddDate(0, 0, -6) // 6 of 30 days
	in := linkage.DispatchInput{At: streetAt, Tasks: []linkage.DispatchTask{tk}, Volunteers: []volunteer.Volunteer{v}}
	d, err := linkage.NewDispatcher(nil)
	require.NoError(t, err)
	res, err := d.Dispatch(in)
	require.NoError(t, err)
	require.Len(t, res.Proposals, 1)
	p := res.Proposals[0]
	want := map[string][2]string{"urgency": {"0.75", "80"}, "waiting": {"0.2", "3"}, "distance": {"0.75", "7"},
		"fit": {"0.6", "4"}, "locality": {"1", "2"}, "expiry": {"0", "2"}, "balance": {"1", "1"}}
	sum := decimal.Zero
	require.Len(t, p.Factors, 7)
	for _, f := range p.Factors {
		w, ok := want[f.Name]
		require.True(t, ok, f.Name)
		assert.Equal(t, w[0], f.Value.String(), f.Name)
		assert.Equal(t, w[1], f.Weight.String(), f.Name)
		sum = sum.Add(f.Value.Mul(f.Weight))
	}
	assert.Equal(t, "71.25", p.Score.String()) // 60 + 0.6 + 5.25 + 2.4 + 2 + 0 + 1
	assert.True(t, sum.Equal(p.Score))
	assert.True(t, p.Score.Equal(res.Score()))
	assert.Equal(t, 100, p.DistanceMeters)
	assert.Equal(t, -1, p.Provision)
	assert.Nil(t, p.Alternative)
	assert.EqualValues(t, 2, p.TaskVersion)
	assert.Equal(t, "companionship", p.Category)
	_, found := res.Proposal(uuid.New())
	assert.False(t, found)
}

func TestDispatchRejectsBadInput(t *testing.T) {
	_, err := linkage.NewDispatcher(&linkage.DispatchOptions{WalkingRadiusMeters: -1, WaitingDays: -1,
		Weights: linkage.DispatchWeights{Urgency: decimal.RequireFromString("1.234"), Fit: decimal.NewFromInt(-1)}})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	var fields []string
	for _, fe := range wushe.FieldErrors(err) {
		fields = append(fields, fe.Field)
	}
	assert.ElementsMatch(t, []string{"WalkingRadiusMeters", "WaitingDays", "Weights.Urgency", "Weights.Fit"}, fields)
	_, err = linkage.NewDispatcher(&linkage.DispatchOptions{Weights: linkage.DispatchWeights{Fit: decimal.Zero, Urgency: decimal.NewFromInt(-1)}})
	require.ErrorIs(t, err, wushe.ErrInvalid)

	d, err := linkage.NewDispatcher(nil)
	require.NoError(t, err)
	tk := task("meal", linkage.UrgencyUrgent)
	bad := tk
	bad.Need, bad.Category, bad.Urgency, bad.Kinds = did(), "  ", "soon", []linkage.DispatchKind{linkage.DispatchLot, "bus"}
	v := adult()
	_, err = d.Dispatch(linkage.DispatchInput{At: streetAt, Tasks: []linkage.DispatchTask{tk, tk, bad},
		Volunteers: []volunteer.Volunteer{v, v}, Held: []linkage.DispatchLoad{{Open: -1}}})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	var we *wushe.Error
	require.True(t, errors.As(err, &we))
	assert.Equal(t, "linkage.Dispatcher.Dispatch", we.Op)
	fields = nil
	for _, fe := range wushe.FieldErrors(err) {
		fields = append(fields, fe.Field)
	}
	assert.ElementsMatch(t, []string{"Tasks[1]", "Tasks[2].Category", "Tasks[2].Urgency", "Tasks[2].Kinds[1]", "Held[0].Responder", "Held[0].Open"}, fields)
	_, err = d.Dispatch(linkage.DispatchInput{At: streetAt, Volunteers: []volunteer.Volunteer{v, v}})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = d.Dispatch(linkage.DispatchInput{})
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = d.Candidates(linkage.DispatchInput{At: streetAt, Tasks: []linkage.DispatchTask{tk}}, uuid.New())
	require.ErrorIs(t, err, wushe.ErrNotFound)
}

func TestDispatcherDefaultsAndTaskForNeed(t *testing.T) {
	d, err := linkage.NewDispatcher(nil)
	require.NoError(t, err)
	assert.Equal(t, linkage.DefaultDispatchWeights(), d.Weights())
	assert.EqualValues(t, volunteer.FiveMinuteCircleMeters, d.RadiusMeters())
	w := linkage.DispatchWeights{Distance: decimal.NewFromInt(1)}
	d, err = linkage.NewDispatcher(&linkage.DispatchOptions{Weights: w, WalkingRadiusMeters: 800})
	require.NoError(t, err)
	assert.Equal(t, w, d.Weights())
	assert.EqualValues(t, 800, d.RadiusMeters())
	assert.True(t, linkage.DispatchTeam.Valid())
	assert.False(t, linkage.DispatchKind("bus").Valid())

	n := linkage.Need{ID: did(), Version: 4, Community: dc, Area: dg1, Category: "meal delivery", TargetGroup: linkage.GroupDisabled,
		Urgency: linkage.UrgencyAnxious, Location: &dcentre, RaisedAt: streetAt, Description: "三楼送餐"}
	tk := linkage.TaskForNeed(n)
	assert.Equal(t, linkage.DispatchTask{Need: n.ID, Version: 4, Community: dc, Area: dg1, Category: "meal delivery",
		Group: linkage.GroupDisabled, Urgency: linkage.UrgencyAnxious, Location: &dcentre, RaisedAt: streetAt}, tk)
	tk.Location.Lat = 0
	assert.NotZero(t, n.Location.Lat, "the task has its own copy of the place")
	require.NoError(t, tk.Validate())
}

func TestCategoryKey(t *testing.T) {
	for in, want := range map[string]string{"Meal delivery": "meal_delivery", " meal--delivery ": "meal_delivery",
		"MEAL_DELIVERY": "meal_delivery", "送餐 上门": "送餐_上门", "": "", " _- ": "", "a": "a"} {
		assert.Equal(t, want, linkage.CategoryKey(in), in)
	}
}

func FuzzCategoryKey(f *testing.F) {
	for _, s := range []string{"Meal delivery", "  a - b ", "送餐", "_x_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := linkage.CategoryKey(s)
		if linkage.CategoryKey(k) != k {
			t.Fatalf("CategoryKey(%q) = %q is not stable", s, k)
		}
		if len(k) > 0 && (k[0] == '_' || k[len(k)-1] == '_') {
			t.Fatalf("CategoryKey(%q) = %q has an edge underscore", s, k)
		}
	})
}

// shuffled returns in with every list in a random order.
func shuffled(in linkage.DispatchInput, seed uint64) linkage.DispatchInput {
	rng := rand.New(rand.NewPCG(seed, 1))
	out := in
	out.Tasks, out.Volunteers, out.Teams = slices.Clone(in.Tasks), slices.Clone(in.Volunteers), slices.Clone(in.Teams)
	out.Organizations, out.Units, out.Lots = slices.Clone(in.Organizations), slices.Clone(in.Units), slices.Clone(in.Lots)
	rng.Shuffle(len(out.Tasks), func(i, j int) { out.Tasks[i], out.Tasks[j] = out.Tasks[j], out.Tasks[i] })
	rng.Shuffle(len(out.Volunteers), func(i, j int) { out.Volunteers[i], out.Volunteers[j] = out.Volunteers[j], out.Volunteers[i] })
	rng.Shuffle(len(out.Teams), func(i, j int) { out.Teams[i], out.Teams[j] = out.Teams[j], out.Teams[i] })
	rng.Shuffle(len(out.Organizations), func(i, j int) {
		out.Organizations[i], out.Organizations[j] = out.Organizations[j], out.Organizations[i]
	})
	rng.Shuffle(len(out.Units), func(i, j int) { out.Units[i], out.Units[j] = out.Units[j], out.Units[i] })
	rng.Shuffle(len(out.Lots), func(i, j int) { out.Lots[i], out.Lots[j] = out.Lots[j], out.Lots[i] })
	return out
}

func TestDispatchIsDeterministic(t *testing.T) {
	in := linkgen.StreetSpec{Seed: 3, Needs: 150, Volunteers: 200, Teams: 6, Organizations: 15, Units: 10, Lots: 60, SideMeters: 1500}.Input()
	d, err := linkage.NewDispatcher(nil)
	require.NoError(t, err)
	first, err := d.Dispatch(in)
	require.NoError(t, err)
	want, err := json.Marshal(first)
	require.NoError(t, err)
	for seed := range uint64(3) {
		res, err := d.Dispatch(shuffled(in, seed))
		require.NoError(t, err)
		got, err := json.Marshal(res)
		require.NoError(t, err)
		require.JSONEq(t, string(want), string(got), "shuffle %d", seed)
	}
	assert.Greater(t, len(first.Proposals), 0)
	assert.Greater(t, len(first.Unplaced), 0, "a street with more needs than help leaves some unplaced")
}

// TestDispatchPropertyNoProposalBreaksARule dispatches many small seeded streets, tight
// enough that responders run out, and checks every answer against the one-by-one rules:
// every proposal passes every hard rule with the same score; no responder is given more
// than its capacity left, nor a lot more than it holds; the pairs counted through the
// spatial index are exactly those the one-by-one check finds, rule by rule.
func TestDispatchPropertyNoProposalBreaksARule(t *testing.T) {
	for seed := range uint64(25) {
		rng := rand.New(rand.NewPCG(seed, 7))
		in := linkgen.StreetSpec{Seed: seed, Communities: 1 + rng.IntN(4), Needs: 20 + rng.IntN(60), Volunteers: rng.IntN(60),
			Teams: rng.IntN(4), Organizations: rng.IntN(8), Units: rng.IntN(8), Lots: rng.IntN(30), SideMeters: 500 + rng.Float64()*2000}.Input()
		for range rng.IntN(10) {
			if len(in.Volunteers) > 0 {
				in.Held = append(in.Held, linkage.DispatchLoad{Responder: in.Volunteers[rng.IntN(len(in.Volunteers))].ID, Open: 1})
			}
			if len(in.Organizations) > 0 {
				in.Held = append(in.Held, linkage.DispatchLoad{Responder: in.Organizations[rng.IntN(len(in.Organizations))].ID, Open: rng.IntN(3)})
			}
		}
		d, err := linkage.NewDispatcher(&linkage.DispatchOptions{WalkingRadiusMeters: 150 + rng.Float64()*500})
		require.NoError(t, err)
		res, err := d.Dispatch(in)
		require.NoError(t, err)

		capacity := map[string]int64{}
		lots := map[uuid.UUID]resources.Lot{}
		for _, l := range in.Lots {
			lots[l.ID] = l
		}
		var counted [11]int64
		var eligible int64
		given := map[string]int64{}
		gave := map[uuid.UUID]decimal.Decimal{}
		for _, tk := range in.Tasks {
			cs, err := d.Candidates(in, tk.Need)
			require.NoError(t, err)
			byResponder := map[string]linkage.DispatchCandidate{}
			n := 0
			for _, c := range cs {
				byResponder[c.Responder.String()] = c
				if c.Rule == "" {
					n++
					eligible++
				} else {
					counted[slices.Index(linkage.DispatchRules(), c.Rule)]++
				}
			}
			if p, ok := res.Proposal(tk.Need); ok {
				c := byResponder[p.Responder.String()]
				require.Equal(t, "", c.Rule, "seed %d: proposal %s breaks %s: %s", seed, p.Responder, c.Rule, c.Detail)
				require.True(t, c.Score.Equal(p.Score), "seed %d", seed)
				require.Equal(t, n, p.Eligible, "seed %d", seed)
				given[p.Responder.String()]++
				if p.Responder.Kind == linkage.DispatchLot {
					gave[p.Responder.ID] = gave[p.Responder.ID].Add(p.Quantity)
				}
			} else {
				require.True(t, slices.ContainsFunc(res.Unplaced, func(u linkage.DispatchUnplaced) bool { return u.Need == tk.Need }))
			}
			for key, c := range byResponder {
				if c.Rule == "" || c.Rule == linkage.DispatchRuleCapacity {
					capacity[key] = capacityLeft(in, c.Responder)
				}
			}
		}
		for key, n := range given {
			if left, ok := capacity[key]; ok && !slices.ContainsFunc(in.Lots, func(l resources.Lot) bool { return "lot:"+l.ID.String() == key }) {
				require.LessOrEqual(t, n, left, "seed %d: %s given %d, capacity left %d", seed, key, n, left)
			}
		}
		for id, q := range gave {
			require.True(t, q.LessThanOrEqual(lots[id].OnHand), "seed %d: lot %s gives %s of %s", seed, id, q, lots[id].OnHand)
		}
		for i, rc := range res.Excluded {
			require.Equal(t, counted[i], rc.Pairs, "seed %d: rule %s", seed, rc.Rule)
		}
		require.Equal(t, eligible, res.Scored, "seed %d", seed)
	}
}

// capacityLeft is a responder's capacity less its loads, as the documentation states it.
func capacityLeft(in linkage.DispatchInput, r linkage.DispatchResponder) int64 {
	var capacity, held int64 = 1, 0
	var provs []linkage.Provision
	for _, o := range in.Organizations {
		if o.ID == r.ID {
			provs = o.Provisions
		}
	}
	for _, u := range in.Units {
		if u.ID == r.ID {
			provs = u.Provisions
		}
	}
	if r.Category != "" {
		capacity = 0
		for _, p := range provs {
			if linkage.CategoryKey(p.Category) == r.Category {
				capacity += int64(max(1, p.Capacity))
			}
		}
	}
	for _, l := range in.Held {
		if l.Responder == r.ID && (r.Category == "" || l.Category == "" || linkage.CategoryKey(l.Category) == r.Category) {
			held += int64(l.Open)
		}
	}
	return capacity - held
}

func TestProvisionValidate(t *testing.T) {
	good := linkage.Provision{Offer: linkage.OfferVenues, Category: "meeting room", Capacity: 2, Location: &dcentre}
	require.NoError(t, good.Validate())
	bad := linkage.Provision{Offer: "cash", Category: " - ", Capacity: -1, Location: &wushe.Point{Lat: 91}}
	err := bad.Validate()
	require.ErrorIs(t, err, wushe.ErrInvalid)
	var fields []string
	for _, fe := range wushe.FieldErrors(err) {
		fields = append(fields, fe.Field)
	}
	assert.ElementsMatch(t, []string{"Offer", "Category", "Capacity", "Location.Lat"}, fields)

	u := linkage.Unit{Name: "社区医院", Kind: linkage.UnitInstitution, Community: dc, Provisions: []linkage.Provision{good, bad}}
	fields = nil
	for _, fe := range wushe.FieldErrors(u.Validate()) {
		fields = append(fields, fe.Field)
	}
	assert.Contains(t, fields, "Provisions[1].Category")
	o := linkage.Organization{Name: "夕阳红", Field: linkage.FieldMutualAid, Type: linkage.OrgAssociation, Community: dc,
		Stage: linkage.StageInterestGroup, Provisions: []linkage.Provision{good}}
	require.NoError(t, o.Validate())
	o.Provisions = append(o.Provisions, bad)
	fields = nil
	for _, fe := range wushe.FieldErrors(o.Validate()) {
		fields = append(fields, fe.Field)
	}
	assert.Contains(t, fields, "Provisions[1].Capacity")
}
