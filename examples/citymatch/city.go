package main

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// config is what the flags set: the seed and the size of the city.
type config struct {
	Seed       uint64
	Volunteers int
	Shifts     int
	Lots       int
	Requests   int
	// VolunteerDistance and ResourceDistance are the matchers' MaxDistanceMeters; 0 means
	// 6,000 and 8,000 m.
	VolunteerDistance, ResourceDistance float64
	// Fen, when set, makes the resource matcher count quantities to 0.01 (a fen of a yuan)
	// instead of whole units.
	Fen bool
	// Digest, when set, prints a digest of each matcher's answer (writeDigests).
	Digest bool
	// CPUProfile, when set, is where a CPU profile of the matching is written.
	CPUProfile string
	// DIMACS, when set, is a directory where each matcher's solved network is written
	// (volunteers.dimacs, resources.dimacs), for bench/city.sh to solve with LEMON.
	DIMACS string
	// GreedyLimit is the most candidates not chosen for which the greedy baselines run;
	// above it they are reported as not run. 0 means 300,000.
	GreedyLimit int
}

// community is one community of the synthetic city: a centre on the map and its grids.
type community struct {
	ID     uuid.UUID
	Name   string
	Centre wushe.Point
	Grids  []uuid.UUID
}

// city is a generated city: the volunteer matcher's input and the resource matcher's.
type city struct {
	Communities []community
	Match       volunteer.MatchInput
	// Windows and Headcounts describe every shift occurrence of Match.Shifts.
	Windows    map[volunteer.ShiftRef]wushe.Window
	Headcounts map[volunteer.ShiftRef]int
	Titles     map[uuid.UUID]string
	Lots       []resources.Lot
	Requests   []resources.Request
	// VolunteerDistance and ResourceDistance are the matchers' distance limits in metres.
	VolunteerDistance, ResourceDistance float64
	// Fen is the resource matcher's quantity scale: 0 for whole units, 2 for fen (0.01).
	Fen int32
	// KeepNetworks asks the matchers to keep the networks they solved.
	KeepNetworks bool
	// GreedyLimit is config.GreedyLimit with its default applied.
	GreedyLimit int
}

// The city sits around central Chengdu; a match is made on Sunday evening for the week
// that follows.
var (
	cityCentre = wushe.Point{Lat: 30.6570, Lng: 104.0660}
	matchAt    = time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC)
	weekStart  = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
)

// slot is a daily time slot. The slots do not touch, so shifts overlap exactly when they
// share a day and a slot, and the matcher's overlap clusters are the (day, slot) pairs.
type slot struct {
	Name       string
	Start, End volunteer.TimeOfDay
}

var slots = []slot{
	{"morning", 9 * 60, 12 * 60},
	{"afternoon", 14 * 60, 17 * 60},
	{"evening", 19 * 60, 21 * 60},
}

var skills = []string{"first_aid", "elderly_care", "tutoring", "sign_language", "cooking", "it_support", "counselling", "logistics"}

var themes = []volunteer.Theme{volunteer.ThemeEnvironment, volunteer.ThemeEducation, "elderly_care", "community_safety", "culture", "health"}

// category is a kind of donated resource with its unit, fair value and typical sizes.
type category struct {
	Kind       resources.PropertyKind
	Name, Unit string
	UnitValue  decimal.Decimal
	LotMax     int // a lot holds 1..LotMax units
	RequestMax int // a request wants 1..RequestMax units
	Perishable bool
}

var categories = []category{
	{resources.PropertyGoods, "rice", "kg", decimal.RequireFromString("6.50"), 75, 25, true},
	{resources.PropertyGoods, "cooking_oil", "bottle", decimal.RequireFromString("45.00"), 12, 4, true},
	{resources.PropertyGoods, "diapers", "pack", decimal.RequireFromString("60.00"), 18, 6, false},
	{resources.PropertyGoods, "winter_clothing", "piece", decimal.RequireFromString("120.00"), 15, 5, false},
	{resources.PropertyGoods, "school_supplies", "set", decimal.RequireFromString("80.00"), 9, 3, false},
	{resources.PropertyService, "home_repair", "session", decimal.RequireFromString("150.00"), 6, 2, false},
	{resources.PropertyService, "haircut", "session", decimal.RequireFromString("20.00"), 6, 2, false},
	{resources.PropertyCash, "emergency_aid", "CNY", decimal.NewFromInt(1), 9000, 3000, false},
}

var groups = []resources.TargetGroup{resources.GroupElderly, resources.GroupParents, resources.GroupChildren,
	resources.GroupAdolescents, resources.GroupDisabled, resources.GroupMigrant, resources.GroupGeneral}

var purposes = []resources.Purpose{resources.PurposePoverty, resources.PurposeCare, resources.PurposeDisaster, resources.PurposeDevelopment}

var urgencies = []resources.Urgency{resources.UrgencyUrgent, resources.UrgencyDifficult, resources.UrgencyAnxious, resources.UrgencyHopedFor}

// generate builds the city for cfg. The same config gives the same city, IDs included.
func generate(cfg config) *city {
	rng := rand.New(rand.NewPCG(cfg.Seed, 0xc17))
	ids := wushe.SequentialIDs(fmt.Sprintf("citymatch/%d", cfg.Seed))
	c := &city{Windows: map[volunteer.ShiftRef]wushe.Window{}, Headcounts: map[volunteer.ShiftRef]int{}, Titles: map[uuid.UUID]string{}}
	c.VolunteerDistance, c.ResourceDistance = cmp.Or(cfg.VolunteerDistance, 6000), cmp.Or(cfg.ResourceDistance, 8000)
	if cfg.Fen {
		c.Fen = 2
	}
	c.KeepNetworks = cfg.DIMACS != ""
	c.GreedyLimit = cmp.Or(cfg.GreedyLimit, defaultGreedyLimit)

	// Communities: one per 200 volunteers, at least 3, at most 60, within about 9 km of the centre.
	n := min(max(cfg.Volunteers/200, 3), 60)
	for i := range n {
		cm := community{ID: ids(), Name: fmt.Sprintf("community %d", i+1),
			Centre: wushe.Point{Lat: cityCentre.Lat + (rng.Float64()*2-1)*0.08, Lng: cityCentre.Lng + (rng.Float64()*2-1)*0.09}}
		for range 4 {
			cm.Grids = append(cm.Grids, ids())
		}
		c.Communities = append(c.Communities, cm)
	}
	near := func(p wushe.Point) wushe.Point {
		return wushe.Point{Lat: p.Lat + rng.NormFloat64()*0.006, Lng: p.Lng + rng.NormFloat64()*0.007}
	}

	// One service team per community.
	teams := make([]volunteer.Team, n)
	for i, cm := range c.Communities {
		teams[i] = volunteer.Team{ID: ids(), Name: fmt.Sprintf("%s service team", cm.Name),
			Themes: []volunteer.Theme{themes[rng.IntN(len(themes))]},
			RunBy:  volunteer.Actor{Kind: volunteer.ActorCommunity, ID: cm.ID}}
	}

	m := &c.Match
	m.At = matchAt
	m.Grids = map[uuid.UUID]uuid.UUID{}
	for range cfg.Volunteers {
		ci := rng.IntN(n)
		cm := c.Communities[ci]
		v := volunteer.Volunteer{ID: ids(), CommunityID: cm.ID, GridID: cm.Grids[rng.IntN(len(cm.Grids))],
			Home: near(cm.Centre), HasHome: rng.IntN(20) != 0, Status: volunteer.StatusActive,
			RegisteredOn: matchAt.AddDate(-1-rng.IntN(5), 0, 0)}
		v.Number = volunteer.NewVolunteerNumber(v.ID, v.RegisteredOn.Year())
		if rng.IntN(30) == 0 {
			v.Status = volunteer.StatusSuspended
		}
		// Ages 15 to 75; a minor has no guardian's consent on file, so hard rules keep them out.
		v.BirthDate = matchAt.AddDate(-15-rng.IntN(61), -rng.IntN(12), 0)
		for _, si := range rng.Perm(len(skills))[:1+rng.IntN(3)] {
			v.Skills = append(v.Skills, volunteer.Skill{Name: skills[si], Level: 1 + rng.IntN(5)})
		}
		for d := range 7 {
			for _, s := range slots {
				if rng.IntN(100) < 35 {
					v.Availability.Weekly = append(v.Availability.Weekly, volunteer.WeeklyWindow{
						Weekday: time.Weekday((int(time.Monday) + d) % 7), DayWindow: volunteer.DayWindow{Start: s.Start, End: s.End}})
				}
			}
		}
		if rng.IntN(2) == 0 {
			v.MaxWeeklyMinutes = []int{240, 360, 480, 600}[rng.IntN(4)]
		}
		if rng.IntN(5) < 2 {
			v.Insurance = &volunteer.Insurance{Policy: fmt.Sprintf("P-%06d", rng.IntN(1000000)), From: matchAt.AddDate(-1, 0, 0), To: matchAt.AddDate(1, 0, 0)}
		}
		if rng.IntN(10) < 3 {
			v.Teams = []uuid.UUID{teams[ci].ID}
			teams[ci].Members = append(teams[ci].Members, v.ID)
		}
		// Past service over the last eight weeks, for reliability and fairness: each
		// volunteer shows up with their own probability.
		attend := 0.5 + rng.Float64()/2
		for range rng.IntN(9) {
			day := weekStart.AddDate(0, 0, -1-rng.IntN(56))
			s := slots[rng.IntN(len(slots))]
			w := wushe.Window{Start: day.Add(time.Duration(s.Start) * time.Minute), End: day.Add(time.Duration(s.End) * time.Minute)}
			st := volunteer.EnrolmentCompleted
			if rng.Float64() > attend {
				st = volunteer.EnrolmentNoShow
			}
			m.Enrolments = append(m.Enrolments, volunteer.Enrolment{ID: ids(), VolunteerID: v.ID, Status: st, Window: w,
				Shift:     volunteer.ShiftRef{OpportunityID: ids(), ShiftID: ids()},
				AppliedAt: w.Start.AddDate(0, 0, -3), CreatedAt: w.Start.AddDate(0, 0, -3), UpdatedAt: w.End})
		}
		m.Volunteers = append(m.Volunteers, v)
	}
	m.Teams = teams

	// Opportunities with one to three shifts each, in the week after the match.
	for len(m.Shifts) < cfg.Shifts {
		ci := rng.IntN(n)
		cm := c.Communities[ci]
		o := volunteer.Opportunity{ID: ids(), Organizer: volunteer.Actor{Kind: volunteer.ActorCommunity, ID: cm.ID},
			Theme: themes[rng.IntN(len(themes))], Place: near(cm.Centre), PlaceName: cm.Name + " service centre",
			Risk: volunteer.RiskLow, Recurrence: volunteer.RecurrenceNone, Status: volunteer.OpportunityPublished,
			PublishedAt: matchAt.AddDate(0, 0, -7), CreatedAt: matchAt.AddDate(0, 0, -7), UpdatedAt: matchAt.AddDate(0, 0, -7)}
		o.Title = fmt.Sprintf("%s in %s", o.Theme, cm.Name)
		switch r := rng.IntN(20); {
		case r < 2:
			o.Risk = volunteer.RiskHigh
		case r < 5:
			o.Risk = volunteer.RiskMedium
		}
		if rng.IntN(2) == 0 {
			o.Required = []volunteer.SkillNeed{{Name: skills[rng.IntN(len(skills))], MinLevel: 1 + rng.IntN(3)}}
		}
		if rng.IntN(2) == 0 {
			o.Preferred = []volunteer.SkillNeed{{Name: skills[rng.IntN(len(skills))], MinLevel: 1 + rng.IntN(5)}}
		}
		for range min(1+rng.IntN(3), cfg.Shifts-len(m.Shifts)) {
			day := weekStart.AddDate(0, 0, rng.IntN(7))
			s := slots[rng.IntN(len(slots))]
			sh := volunteer.Shift{ID: ids(), Headcount: 1 + rng.IntN(6),
				Window: wushe.Window{Start: day.Add(time.Duration(s.Start) * time.Minute), End: day.Add(time.Duration(s.End) * time.Minute)}}
			o.Shifts = append(o.Shifts, sh)
			ref := volunteer.ShiftRef{OpportunityID: o.ID, ShiftID: sh.ID}
			m.Shifts = append(m.Shifts, ref)
			c.Windows[ref] = sh.Window
			c.Headcounts[ref] = sh.Headcount
		}
		m.Opportunities = append(m.Opportunities, o)
		m.Grids[o.ID] = cm.Grids[rng.IntN(len(cm.Grids))]
		c.Titles[o.ID] = o.Title
	}

	// Donated lots held around the city.
	holders := []resources.HolderKind{resources.HolderSupermarket, resources.HolderOrganization, resources.HolderUnit}
	for range cfg.Lots {
		cat := categories[rng.IntN(len(categories))]
		cm := c.Communities[rng.IntN(n)]
		qty := decimal.NewFromInt(int64(1 + rng.IntN(cat.LotMax)))
		l := resources.Lot{ID: ids(), DonationID: ids(), Kind: cat.Kind, Category: cat.Name, Unit: cat.Unit, UnitValue: cat.UnitValue,
			Received: qty, OnHand: qty, Reserved: decimal.Zero, Delivered: decimal.Zero, Disposed: decimal.Zero,
			Holder:    resources.Holder{Kind: holders[rng.IntN(len(holders))], Name: cm.Name + " charity point"},
			LastMoved: matchAt.AddDate(0, 0, -rng.IntN(90)), CreatedAt: matchAt.AddDate(0, 0, -90), UpdatedAt: matchAt}
		if cat.Kind != resources.PropertyCash {
			p := near(cm.Centre)
			l.Location = &p
		}
		if cat.Perishable {
			l.Expires = matchAt.AddDate(0, 0, 5+rng.IntN(200))
		}
		if rng.IntN(10) < 3 {
			l.Restriction.Groups = []resources.TargetGroup{groups[rng.IntN(len(groups))]}
		}
		if rng.IntN(10) < 2 {
			l.Restriction.Purposes = []resources.Purpose{resources.PurposePoverty, resources.PurposeCare}
		}
		if rng.IntN(10) < 2 {
			l.Restriction.Communities = []uuid.UUID{cm.ID}
		}
		if rng.IntN(10) == 0 {
			l.Restriction.MinAge = 60
		}
		c.Lots = append(c.Lots, l)
	}

	// Residents' requests.
	for range cfg.Requests {
		cat := categories[rng.IntN(len(categories))]
		cm := c.Communities[rng.IntN(n)]
		g := groups[rng.IntN(len(groups))]
		r := resources.Request{ID: ids(), CommunityID: cm.ID, Group: g, Purpose: purposes[rng.IntN(len(purposes))],
			Kind: cat.Kind, Category: cat.Name, Unit: cat.Unit, Quantity: decimal.NewFromInt(int64(1 + rng.IntN(cat.RequestMax))),
			Reserved: decimal.Zero, Delivered: decimal.Zero, Urgency: urgencies[rng.IntN(len(urgencies))], Status: resources.RequestOpen,
			Beneficiary: resources.Beneficiary{Age: rng.IntN(90), AgeKnown: rng.IntN(4) != 0, Groups: []resources.TargetGroup{g}, CommunityID: cm.ID},
			CreatedAt:   matchAt.AddDate(0, 0, -rng.IntN(30)), UpdatedAt: matchAt}
		if rng.IntN(10) != 0 {
			p := near(cm.Centre)
			r.Location = &p
		}
		if rng.IntN(3) != 0 {
			r.NeededBy = matchAt.AddDate(0, 0, 3+rng.IntN(60))
		}
		c.Requests = append(c.Requests, r)
	}
	return c
}
