package linkgen

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// StreetSpec sizes a seeded street for dispatch: its communities, open needs and
// candidate responders.
type StreetSpec struct {
	// Seed chooses the street; the same spec gives the same street, IDs included.
	Seed uint64
	// Communities is how many communities share the street, each of four grids; 0 means 8.
	Communities int
	// Needs, Volunteers, Teams, Organizations, Units and Lots are how many of each.
	Needs, Volunteers, Teams, Organizations, Units, Lots int
	// SideMeters is the side of the square the street covers; 0 means 4,000.
	SideMeters float64
}

// StreetAt is the instant a generated street is dispatched at: a Monday morning.
var StreetAt = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// Street is the dispatch benchmarks' street: 2,000 open needs against 5,000 volunteers
// (with 100 teams), 300 organizations, 200 units and 2,000 lots, on a 4 km square of 8
// communities.
func Street() StreetSpec {
	return StreetSpec{Seed: 1, Communities: 8, Needs: 2000, Volunteers: 5000, Teams: 100, Organizations: 300, Units: 200, Lots: 2000, SideMeters: 4000}
}

// District is ten streets' worth on one 12 km square of 80 communities: 20,000 needs,
// 50,000 volunteers, 1,000 teams, 3,000 organizations, 2,000 units and 20,000 lots.
func District() StreetSpec {
	return StreetSpec{Seed: 1, Communities: 80, Needs: 20000, Volunteers: 50000, Teams: 1000, Organizations: 3000,
		Units: 2000, Lots: 20000, SideMeters: 12000}
}

// The categories a street's needs and offers share: services a volunteer or an
// organization gives (each also a volunteer skill name) and goods that lots hold.
var (
	serviceCategories = []string{"meal delivery", "home repair", "companionship", "tutoring", "haircut", "free clinic", "legal advice", "elderly care"}
	goodsCategories   = []string{"rice", "cooking oil", "diapers", "winter clothing", "school supplies"}
)

// Input builds the street sp describes, to be dispatched at StreetAt: communities with
// four grids each inside a square around central Chengdu; needs open for up to 60 days;
// volunteers with homes, skills and weekly availability, one in five in a team; teams with
// themes; organizations and units with provisions; lots of goods. The same spec gives the
// same street, IDs included.
func (sp StreetSpec) Input() linkage.DispatchInput {
	rng := rand.New(rand.NewPCG(sp.Seed, 0xd15a7c4))
	ids := wushe.SequentialIDs(fmt.Sprintf("street/%d", sp.Seed))
	if sp.Communities == 0 {
		sp.Communities = 8
	}
	if sp.SideMeters == 0 {
		sp.SideMeters = 4000
	}
	centre := wushe.Point{Lat: 30.6570, Lng: 104.0660}
	dLat := sp.SideMeters / 111195
	dLng := dLat / 0.8603 // cos(30.66°)
	at := func() wushe.Point {
		return wushe.Point{Lat: centre.Lat + (rng.Float64()-0.5)*dLat, Lng: centre.Lng + (rng.Float64()-0.5)*dLng}
	}
	type community struct {
		id    uuid.UUID
		grids []uuid.UUID
	}
	comms := make([]community, sp.Communities)
	for i := range comms {
		comms[i].id = ids()
		for range 4 {
			comms[i].grids = append(comms[i].grids, ids())
		}
	}
	pick := func() community { return comms[rng.IntN(len(comms))] }
	in := linkage.DispatchInput{At: StreetAt}
	all := append(append([]string{}, serviceCategories...), goodsCategories...)
	urg := []linkage.Urgency{linkage.UrgencyUrgent, linkage.UrgencyDifficult, linkage.UrgencyAnxious, linkage.UrgencyHopedFor}
	groups := linkage.TargetGroups()
	for range sp.Needs {
		c := pick()
		t := linkage.DispatchTask{Need: ids(), Version: 1, Community: c.id, Area: c.grids[rng.IntN(4)],
			Category: all[rng.IntN(len(all))], Group: groups[rng.IntN(len(groups))], Urgency: urg[rng.IntN(4)],
			RaisedAt: StreetAt.Add(-time.Duration(rng.IntN(60*24)) * time.Hour)}
		if rng.IntN(10) != 0 {
			p := at()
			t.Location = &p
		}
		if rng.IntN(3) == 0 {
			day := StreetAt.AddDate(0, 0, 1+rng.IntN(6)).Truncate(24 * time.Hour)
			start := day.Add(time.Duration(9+rng.IntN(8)) * time.Hour)
			t.Window = wushe.Window{Start: start, End: start.Add(2 * time.Hour)}
		}
		if rng.IntN(8) == 0 {
			t.Skills = []volunteer.SkillNeed{{Name: serviceCategories[rng.IntN(len(serviceCategories))], MinLevel: 1 + rng.IntN(3)}}
		}
		if rng.IntN(4) == 0 {
			t.Quantity = decimal.NewFromInt(int64(1 + rng.IntN(5)))
		}
		in.Tasks = append(in.Tasks, t)
	}
	for i := range sp.Teams {
		c := comms[i%len(comms)]
		in.Teams = append(in.Teams, volunteer.Team{ID: ids(), Version: 1, Name: fmt.Sprintf("team %d", i+1),
			Themes: []volunteer.Theme{volunteer.Theme(linkage.CategoryKey(serviceCategories[rng.IntN(len(serviceCategories))]))},
			RunBy:  volunteer.Actor{Kind: volunteer.ActorCommunity, ID: c.id}})
	}
	for range sp.Volunteers {
		c := pick()
		v := volunteer.Volunteer{ID: ids(), Version: 1, CommunityID: c.id, GridID: c.grids[rng.IntN(4)],
			Home: at(), HasHome: rng.IntN(20) != 0, Status: volunteer.StatusActive,
			BirthDate: StreetAt.AddDate(-16-rng.IntN(60), -rng.IntN(12), 0)}
		if rng.IntN(25) == 0 {
			v.Status = volunteer.StatusSuspended
		}
		for _, si := range rng.Perm(len(serviceCategories))[:1+rng.IntN(2)] {
			v.Skills = append(v.Skills, volunteer.Skill{Name: serviceCategories[si], Level: 1 + rng.IntN(5)})
		}
		for d := range 7 {
			if rng.IntN(2) == 0 {
				from := volunteer.NewTimeOfDay(8+rng.IntN(4), 0)
				v.Availability.Weekly = append(v.Availability.Weekly, volunteer.WeeklyWindow{Weekday: time.Weekday(d),
					DayWindow: volunteer.DayWindow{Start: from, End: from + volunteer.TimeOfDay(60*(4+rng.IntN(8)))}})
			}
		}
		if len(in.Teams) > 0 && rng.IntN(5) == 0 {
			t := &in.Teams[rng.IntN(len(in.Teams))]
			v.Teams = []uuid.UUID{t.ID}
			t.Members = append(t.Members, v.ID)
			if t.LeaderID == uuid.Nil {
				t.LeaderID = v.ID
			}
		}
		in.Volunteers = append(in.Volunteers, v)
	}
	provisions := func(n int, offer linkage.Offer) []linkage.Provision {
		var ps []linkage.Provision
		for range n {
			p := at()
			ps = append(ps, linkage.Provision{Offer: offer, Category: serviceCategories[rng.IntN(len(serviceCategories))],
				Capacity: rng.IntN(5), Location: &p, Since: StreetAt.AddDate(0, 0, -rng.IntN(90))})
		}
		return ps
	}
	for i := range sp.Organizations {
		c := pick()
		in.Organizations = append(in.Organizations, linkage.Organization{ID: ids(), Version: 1, Name: fmt.Sprintf("organization %d", i+1),
			Field: linkage.FieldResidentServices, Type: linkage.OrgAssociation, Community: c.id, Stage: linkage.StageFiled,
			Provisions: provisions(1+rng.IntN(2), linkage.OfferServices)})
	}
	offers := []linkage.Offer{linkage.OfferServices, linkage.OfferVenues, linkage.OfferExpertise}
	for i := range sp.Units {
		c := pick()
		in.Units = append(in.Units, linkage.Unit{ID: ids(), Version: 1, Name: fmt.Sprintf("unit %d", i+1), Kind: linkage.UnitEnterprise,
			Community: c.id, Provisions: provisions(1+rng.IntN(3), offers[rng.IntN(len(offers))])})
	}
	for range sp.Lots {
		onHand := decimal.NewFromInt(int64(rng.IntN(40)))
		l := resources.Lot{ID: ids(), Version: 1, DonationID: ids(), Kind: resources.PropertyGoods,
			Category: goodsCategories[rng.IntN(len(goodsCategories))], Unit: "piece", UnitValue: decimal.NewFromInt(20),
			Received: onHand, OnHand: onHand, Holder: resources.Holder{Kind: resources.HolderSupermarket, Name: "charity supermarket"},
			LastMoved: StreetAt.AddDate(0, 0, -rng.IntN(120))}
		if rng.IntN(10) < 7 {
			p := at()
			l.Location = &p
		}
		if rng.IntN(2) == 0 {
			l.Expires = StreetAt.AddDate(0, 0, -5+rng.IntN(200))
		}
		if rng.IntN(8) == 0 {
			l.Restriction.Groups = []resources.TargetGroup{resources.GroupElderly}
		}
		in.Lots = append(in.Lots, l)
	}
	return in
}
