// Command jcommunity rebuilds J community (Sichuan) in 2023 from events and reads the
// year's figures back out of wushe: the community with its grids, micro-grids and venues
// (1 service centre, 2 party-and-mass service stations, 1 civilization practice station,
// 2 civilization practice points), its 241 party members and more than 20,000 residents;
// the social-work agency and its purchased project; 30 home visits to distinct households,
// 25 clients given individual case service, 12 support services that meet needs of the
// elderly, the disabled, minors and low-income families, 35 community activities that
// reach more than 2,000 residents, 5 units and 150 volunteers connected; residents'
// points earned for taking part, volunteer service and garbage sorting and spent in the
// points supermarket; in-service party members who report to the community, claim posts
// and serve; and the contract scorecard, at mid-year and at year end.
//
// Nothing is linked by hand. Each support need found on a home visit is referred to a unit
// stationed in the area, whose recorded service completes the referral; the year's
// activities need volunteers, a need referred to the community's volunteer team, whose
// verified service on each activity's shift completes it. Completing a referral derives
// its links, so "5 units and 150 volunteers connected" is counted from the work.
//
// Every figure printed is counted by linkage.Service.Outputs, PartyFigures or
// volunteer.Service.PointsFigures, or read back through the public API from what was
// recorded; none is typed in. The figures the program aims at are those reported for J
// community in 2023 (the J community paper, section 3): 30 households visited, 25
// individual case services, more than 10 support services for special groups, 35
// community activities, more than 2,000 people served, 5 community units and 150
// volunteers connected; 241 party members; the venues above. The paper describes the
// points system (points for taking part, volunteering and environmental acts, redeemed for
// rewards or services) and in-service members reporting and taking posts, but gives no
// point values, prices or counts of reporting members: those are illustrative.
//
// Outputs counts case_services as case sessions (30 home visits and 25 counselling
// sessions make 55); the reported 25 are clients, so the program counts the cases with a
// session beyond the first home visit itself and lists that target as not scored.
//
//	go run ./examples/jcommunity
package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/evaluation"
	"github.com/wushe/wushe/examples/internal/must"
	"github.com/wushe/wushe/examples/internal/work"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/volunteer"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "jcommunity:", err)
		os.Exit(1)
	}
}

// The shape of the year. The counts are what the program records; the figures printed
// are what wushe counts from those records.
const (
	households   = 30   // households visited at home, one case each
	caseClients  = 25   // of them, clients who go on to individual case service
	supportNeeds = 12   // of those, clients whose need a unit's support service meets
	activities   = 35   // community activities in the year
	newPerEvent  = 58   // residents attending an activity for the first time
	volunteersN  = 150  // registered volunteers of the community's team
	inService    = 30   // of them, in-service party members who report to the community (illustrative)
	checked      = 90   // households whose garbage sorting grid staff check each month (illustrative)
	seed         = 2023 // seeds the choice of returning attendees and the sorting checks
)

// The points rules (illustrative: the paper describes the system, not its values): one
// point per verified hour of volunteer service, one per activity attended (at most two a
// month), two per garbage-sorting check passed (once a month); the supermarket's goods.
var (
	ledgerRules = volunteer.LedgerRules{DefaultPerHour: decimal.NewFromInt(1), Acts: map[volunteer.ActKind]volunteer.ActRule{
		volunteer.ActAttendance:  {Points: decimal.NewFromInt(1), MonthlyCap: decimal.NewFromInt(2)},
		volunteer.ActEnvironment: {Points: decimal.NewFromInt(2), MonthlyCap: decimal.NewFromInt(2), ConfirmedBy: []volunteer.ActorKind{volunteer.ActorCommunity}},
	}}
	catalogue = []volunteer.CatalogItem{
		{Name: "bag of rice (5 kg)", Cost: decimal.NewFromInt(6), Stock: 40, Active: true},
		{Name: "appliance clean", Cost: decimal.NewFromInt(4), Stock: 10, Active: true},
		{Name: "haircut", Cost: decimal.NewFromInt(2), Stock: 300, Active: true},
		{Name: "eco shopping bag", Cost: decimal.NewFromInt(1), Stock: 2500, Active: true},
	}
)

var cst = time.FixedZone("CST", 8*3600)

// run records J community's 2023 and writes the report to w. The clock, the IDs and the
// random choices are fixed, so the output is the same on every run.
func run(w io.Writer) error {
	return replay(context.Background(), w)
}

// world is what the year's events work on.
type world struct {
	ctx        context.Context
	clock      *wushe.ManualClock
	svc        *linkage.Service
	vols       *volunteer.Service
	c          linkage.Community
	project    linkage.Project
	workers    []linkage.SocialWorker
	units      []linkage.Unit
	volunteers []volunteer.Volunteer
	organizer  volunteer.Actor
	rng        *rand.Rand
}

// replay is run under ctx: the first store call that finds ctx done ends it with an error
// wrapping ctx.Err().
func replay(ctx context.Context, w io.Writer) error {
	x := &world{ctx: ctx, clock: wushe.NewManualClock(time.Date(2023, 1, 3, 9, 0, 0, 0, cst)), rng: rand.New(rand.NewPCG(seed, seed))}
	store := memstore.New()
	var err error
	x.vols, err = volunteer.NewService(store, &volunteer.Options{Clock: x.clock, NewID: wushe.SequentialIDs("jcommunity-volunteers"),
		Location: cst, Ledger: &ledgerRules, ResidentKey: []byte("j-community-resident-key-2023")})
	if err != nil {
		return err
	}
	x.svc, err = linkage.NewService(store, &linkage.Options{Clock: x.clock, NewID: wushe.SequentialIDs("jcommunity"), Volunteer: x.vols,
		ReferenceKey: []byte("j-community-reference-key-2023")})
	if err != nil {
		return err
	}
	year := wushe.Window{Start: time.Date(2023, 1, 1, 0, 0, 0, 0, cst), End: time.Date(2024, 1, 1, 0, 0, 0, 0, cst)}

	if x.c, err = registerCommunity(ctx, x.svc); err != nil {
		return err
	}
	fmt.Fprintf(w, "== %s (%s, %s) ==\n", x.c.Name, x.c.District, x.c.StreetOffice)
	grids, micro := 0, 0
	for _, a := range x.c.Areas {
		if a.Level == linkage.LevelGrid {
			grids++
		} else {
			micro++
		}
	}
	venues := map[linkage.VenueKind]int{}
	for _, v := range x.c.Venues {
		venues[v.Kind]++
	}
	fmt.Fprintf(w, "residents %d, party members %d, %d grids with %d micro-grids\n", x.c.Residents, x.c.PartyMembers, grids, micro)
	fmt.Fprintf(w, "venues: %d service centre, %d party-and-mass service stations, %d civilization practice station, %d civilization practice points\n",
		venues[linkage.VenueServiceCentre], venues[linkage.VenuePartyMassStation],
		venues[linkage.VenueCivilizationStation], venues[linkage.VenueCivilizationPoint])

	// The agency's two social workers and the purchased project.
	for i, name := range []string{"陈思远", "刘雨欣"} {
		sw, err := x.svc.RegisterSocialWorker(ctx, linkage.SocialWorker{
			Name: must.Name(name), Phone: must.Phone(fmt.Sprintf("1398100%04d", i+1)), Agency: "Hexin Social Work Service Centre",
			Qualification: linkage.QualificationSocial,
			Specialties:   []linkage.Specialty{linkage.SpecialtyElderly, linkage.SpecialtyDisability, linkage.SpecialtyChildren},
			Communities:   []uuid.UUID{x.c.ID}, CaseloadCap: 20, Status: linkage.WorkerActive,
		})
		if err != nil {
			return err
		}
		x.workers = append(x.workers, sw)
	}
	x.project, err = x.svc.RegisterProject(ctx, linkage.Project{
		Name: "J community social work service 2023", Purchaser: "Street office", Operator: x.workers[0].Agency,
		Communities: []uuid.UUID{x.c.ID}, Budget: decimal.RequireFromString("280000.00"), Cycle: year,
		Targets: []linkage.Target{
			{IndicatorCode: evaluation.CodeHouseholdsVisited, Name: "Households visited", Unit: "household", Value: decimal.NewFromInt(30)},
			{IndicatorCode: evaluation.CodeCommunityActivities, Name: "Community activities", Unit: "activity", Value: decimal.NewFromInt(35)},
			{IndicatorCode: evaluation.CodePeopleServed, Name: "People served", Unit: "person", Value: decimal.NewFromInt(2000)},
			{IndicatorCode: evaluation.CodeUnitsConnected, Name: "Community units connected", Unit: "unit", Value: decimal.NewFromInt(5)},
			{IndicatorCode: evaluation.CodeVolunteersConnected, Name: "Volunteers connected", Unit: "person", Value: decimal.NewFromInt(150)},
			{IndicatorCode: evaluation.CodeNeedsMet, Name: "Needs met", Unit: "need", Value: decimal.NewFromInt(10)},
			{Name: "Individual case services (clients)", Unit: "case", Value: decimal.NewFromInt(25)},
		},
		Status: linkage.ProjectActive, Mechanism: "party building + social work + micro-grid",
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "project %q run by %s: budget %s CNY, cycle %s to %s, %d social workers\n",
		x.project.Name, x.project.Operator, x.project.Budget.StringFixed(2),
		x.project.Cycle.Start.Format(time.DateOnly), x.project.Cycle.End.Format(time.DateOnly), len(x.workers))
	x.organizer = volunteer.Actor{Kind: volunteer.ActorProject, ID: x.project.ID}

	// Units stationed in the area, the volunteers and their team, and the party committee.
	if x.units, err = registerUnits(ctx, x.svc, x.c.ID); err != nil {
		return err
	}
	if x.volunteers, err = registerVolunteers(ctx, x.vols, x.c.ID); err != nil {
		return err
	}
	if _, err := x.svc.RegisterPartyOrg(ctx, linkage.PartyOrg{Community: x.c.ID, Name: "J community party committee",
		Kind: linkage.PartyCommittee, FullMembers: x.c.PartyMembers}); err != nil {
		return err
	}

	// The year, event by event in time order.
	var year2023 schedule
	volunteerNeed, err := x.planActivities(&year2023)
	if err != nil {
		return err
	}
	x.planCaseWork(&year2023)
	x.planSortingChecks(&year2023)
	x.planPartyReports(&year2023)
	if err := year2023.run(x.clock); err != nil {
		return err
	}
	fmt.Fprintf(w, "the year's activities need volunteers: %s\n", volunteerNeed)

	// The points supermarket at the year-end exchange.
	x.clock.Set(time.Date(2023, 12, 28, 10, 0, 0, 0, cst))
	redeemed, refused, err := x.redeemPoints()
	if err != nil {
		return err
	}

	// The year's figures, counted from the records.
	x.clock.Set(time.Date(2024, 1, 5, 9, 0, 0, 0, cst))
	out, err := x.svc.Outputs(ctx, linkage.ProjectScope(x.project.ID), year, nil)
	if err != nil {
		return err
	}
	served, err := casesServed(ctx, x.svc, x.c.ID, year)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\n== 2023 outputs (counted from the records) ==")
	for _, code := range []string{
		evaluation.CodeHouseholdsVisited, evaluation.CodeCaseServices, evaluation.CodeCommunityActivities,
		evaluation.CodePeopleServed, evaluation.CodePersonTimes, evaluation.CodeUnitsConnected,
		evaluation.CodeVolunteersConnected, evaluation.CodeVolunteerHours, evaluation.CodeNeedsRaised,
		evaluation.CodeNeedsMet, evaluation.CodeMedianResponseDays, linkage.CodeReferrals, linkage.CodeReferralSatisfactionRate,
	} {
		o, ok, err := out.Latest(code)
		if err != nil {
			return err
		}
		if ok {
			fmt.Fprintf(w, "%-26s %s\n", words(code), o.Value)
		}
	}
	fmt.Fprintf(w, "%-26s %d (clients with a session beyond the first home visit)\n", "individual case clients", served)
	fmt.Fprint(w, "support services met by group:")
	for _, g := range specialGroups {
		n, err := countMetNeeds(ctx, x.svc, x.c.ID, g)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, " %s %d", words(string(g)), n)
	}
	fmt.Fprintln(w)
	if err := x.printLinks(w); err != nil {
		return err
	}

	if err := x.printPoints(w, year, redeemed, refused); err != nil {
		return err
	}
	if err := x.printParty(w, year); err != nil {
		return err
	}
	// Residents who turned from service users into providers, from the same references
	// across attendance, case work, volunteer service and party posts.
	j, err := x.svc.Journeys(ctx, linkage.DispatchScope{Communities: []uuid.UUID{x.c.ID}}, year)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nresidents who began serving in 2023: %d; of them, served first and serving later: %d\n", j.NewProviders, j.BecameProviders)
	for _, t := range j.Transitions {
		fmt.Fprintf(w, "  from %s to %s: %d\n", words(string(t.From)), words(string(t.To)), t.Residents)
	}

	for _, check := range []struct {
		title string
		asOf  time.Time
	}{
		{"mid-year check, as of 2023-07-01", time.Date(2023, 7, 1, 0, 0, 0, 0, cst)},
		{"year end", time.Time{}},
	} {
		card, err := x.svc.ContractScorecard(ctx, x.project.ID, check.asOf, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n== contract scorecard, %s ==\n", check.title)
		printScorecard(w, card)
	}
	for _, t := range x.project.Targets {
		if t.IndicatorCode == "" {
			fmt.Fprintf(w, "not scored (no indicator): %s, target %s, counted %d\n", t.Name, t.Value, served)
		}
	}
	return nil
}

// schedule holds the year's events; run does them in time order (ties in the order they
// were planned), moving the clock to each.
type schedule struct{ events []event }

type event struct {
	at time.Time
	do func() error
}

func (s *schedule) at(t time.Time, do func() error) { s.events = append(s.events, event{t, do}) }

func (s *schedule) run(clock *wushe.ManualClock) error {
	slices.SortStableFunc(s.events, func(a, b event) int { return a.at.Compare(b.at) })
	for _, e := range s.events {
		if clock.Now().Before(e.at) {
			clock.Set(e.at)
		}
		if err := e.do(); err != nil {
			return err
		}
	}
	return nil
}

// specialGroups are the groups whose needs the home visits find, in turn.
var specialGroups = []linkage.TargetGroup{linkage.GroupElderly, linkage.GroupDisabled, linkage.GroupChildren, linkage.GroupLowIncome}

// planCaseWork plans a home visit to each of 30 households, one a week from 6 February,
// and individual case service (assessment and counselling) three days later for 25 of the
// clients. For 12 of them the visit finds a need of a special group (the elderly, the
// disabled, minors, low-income families): the social worker refers it to a unit in turn,
// which answers the next morning, serves the household two days after the counselling
// (the one-to-one service is the referral's work), and the household is called back two
// days later. A child client's case is opened with a guardian's consent.
func (x *world) planCaseWork(s *schedule) {
	for i := range households {
		visit := time.Date(2023, 2, 6, 9, 0, 0, 0, cst).AddDate(0, 0, 7*i)
		worker := x.workers[i%len(x.workers)].ID
		group := specialGroups[i%len(specialGroups)]
		client := linkage.Client{Ref: resident(i)}
		consent := linkage.Consent{GivenBy: "client", Scope: []string{linkage.ScopeService}, Purpose: "home visit and case work"}
		switch group {
		case linkage.GroupChildren:
			client.Minor, consent.GivenBy = true, "guardian"
		case linkage.GroupDisabled:
			client.Disability = wushe.NewSensitive(wushe.ClassDisability, "hearing impairment, grade 3")
		case linkage.GroupLowIncome:
			client.LowIncome = wushe.NewSensitive(wushe.ClassLowIncome, "minimum living allowance")
		}
		var cs linkage.Case
		var need linkage.Need
		var ref linkage.Referral
		unit := x.units[i%len(x.units)]
		to := linkage.ReferralResponder{Kind: linkage.ResponderUnit, ID: unit.ID, Name: unit.Name}
		s.at(visit, func() (err error) {
			cs, err = x.svc.OpenCase(x.ctx, linkage.Case{Community: x.c.ID, Worker: worker, Household: fmt.Sprintf("household:%04d", i+1),
				Risk: linkage.RiskMedium, Client: client, Consents: []linkage.Consent{consent}})
			if err != nil {
				return err
			}
			if _, err := x.svc.AddSession(x.ctx, cs.ID, linkage.Session{Kind: linkage.SessionHomeVisit, Worker: worker, Duration: time.Hour,
				Notes: wushe.NewSensitive(wushe.ClassCaseNote, fmt.Sprintf("visit %d: living conditions and needs", i+1))}); err != nil {
				return err
			}
			if i >= supportNeeds {
				return nil
			}
			need, err = x.svc.RaiseNeed(x.ctx, linkage.Need{Community: x.c.ID, TargetGroup: group, Category: "support service",
				Urgency: linkage.UrgencyAnxious, Source: linkage.SourceHomeVisit, Beneficiary: client.Ref,
				Description: "support service for a " + words(string(group)) + " household found on a home visit"})
			if err != nil {
				return err
			}
			ref, err = x.svc.Refer(x.ctx, linkage.Referral{Need: need.ID, Project: x.project.ID, Responder: to,
				Requester: linkage.Party{Kind: linkage.PartySocialWorker, ID: worker}, Category: "support service", Ask: unit.Tags[0] + " for the household"})
			return err
		})
		if i >= caseClients {
			continue
		}
		s.at(visit.Add(72*time.Hour), func() error {
			if _, err := x.svc.AdvanceCase(x.ctx, cs.ID, linkage.CaseAssessment); err != nil {
				return err
			}
			_, err := x.svc.AddSession(x.ctx, cs.ID, linkage.Session{Kind: linkage.SessionCounselling, Worker: worker, Duration: 90 * time.Minute,
				Notes: wushe.NewSensitive(wushe.ClassCaseNote, "psychological support and a plan for social participation")})
			return err
		})
		if i >= supportNeeds {
			continue
		}
		s.at(visit.Add(23*time.Hour), func() error {
			if _, err := x.svc.AcceptReferral(x.ctx, ref.ID, to); err != nil {
				return err
			}
			_, err := x.svc.StartReferral(x.ctx, ref.ID, to)
			return err
		})
		s.at(visit.Add(5*24*time.Hour), func() error {
			at := wushe.NewWindow(x.clock.Now(), time.Hour)
			a, err := x.svc.RecordActivity(x.ctx, linkage.Activity{Kind: linkage.ActivityCaseSession, Title: unit.Name + ": " + unit.Tags[0],
				Community: x.c.ID, Project: x.project.ID, Units: []uuid.UUID{unit.ID}, Window: at,
				Attendance: []linkage.Attendance{{Ref: client.Ref, At: at.Start}}, TargetGroups: []linkage.TargetGroup{group}})
			if err != nil {
				return err
			}
			if _, err := x.svc.AttachWork(x.ctx, ref.ID, linkage.WorkRef{Kind: linkage.WorkActivity, ID: a.ID}); err != nil {
				return err
			}
			_, err = x.svc.CompleteReferral(x.ctx, ref.ID, to)
			return err
		})
		s.at(visit.Add(7*24*time.Hour), func() error {
			_, err := x.svc.FollowUpNeed(x.ctx, linkage.FollowUp{Need: need.ID, Caller: linkage.Party{Kind: linkage.PartySocialWorker, ID: worker},
				Answer: linkage.Satisfied, Note: "the service came as agreed"})
			return err
		})
	}
}

// planActivities raises the need the year's activities have for volunteers and plans the
// 35 activities, one every ten days from 14 January: each with first-time and returning
// attendees, who earn points for taking part, and with its volunteers, who sign up for the
// activity's shift, serve, and earn points for their verified service. Each quarter the
// social worker refers the need to the community's volunteer team for the volunteers that
// quarter's activities need, five days before the first of them; the team answers that
// afternoon, and the referral is completed from the verified service three days after the
// quarter's last activity, which derives the quarter's volunteer links. At the end of the
// year the residents' council is asked whether the need was met. It returns a description
// of the need for the report.
func (x *world) planActivities(s *schedule) (fmt.Stringer, error) {
	ids := make([]uuid.UUID, len(x.volunteers))
	for i, v := range x.volunteers {
		ids[i] = v.ID
	}
	team, err := x.vols.CreateTeam(x.ctx, volunteer.Team{Name: "J community volunteer team", LeaderID: ids[0], Members: ids,
		Themes: []volunteer.Theme{volunteer.ThemeElderlyCare}, RunBy: volunteer.Actor{Kind: volunteer.ActorCommunity, ID: x.c.ID}})
	if err != nil {
		return nil, err
	}
	need, err := x.svc.RaiseNeed(x.ctx, linkage.Need{Community: x.c.ID, TargetGroup: linkage.GroupOther, Category: "activity volunteers",
		Urgency: linkage.UrgencyHopedFor, Source: linkage.SourceOther, Description: "volunteers for the year's community activities"})
	if err != nil {
		return nil, err
	}
	to := linkage.ReferralResponder{Kind: linkage.ResponderVolunteerTeam, ID: team.ID, Name: team.Name}
	by := linkage.Party{Kind: linkage.PartySocialWorker, ID: x.workers[0].ID}

	// The activities of each quarter and who serves at each.
	type planned struct {
		start   time.Time
		serving []uuid.UUID
	}
	var quarters [4][]planned
	for i := range activities {
		p := planned{start: time.Date(2023, 1, 14, 9, 0, 0, 0, cst).AddDate(0, 0, 10*i)}
		for j, v := range x.volunteers {
			if j%activities == i || (j*7+3)%activities == i {
				p.serving = append(p.serving, v.ID)
			}
		}
		q := (int(p.start.Month()) - 1) / 3
		quarters[q] = append(quarters[q], p)
	}

	report := &needReport{}
	kinds := []linkage.ActivityKind{linkage.ActivityCommunityWork, linkage.ActivityPartyBuilding,
		linkage.ActivityPublicWelfareMarket, linkage.ActivityTraining}
	groups := []linkage.TargetGroup{linkage.GroupElderly, linkage.GroupChildren, linkage.GroupDisabled, linkage.GroupLowIncome}
	attended, n := 0, 0
	venue := x.c.Venues[0]
	for q, acts := range quarters {
		distinct := map[uuid.UUID]bool{}
		for _, p := range acts {
			for _, v := range p.serving {
				distinct[v] = true
			}
		}
		var ref linkage.Referral
		opens := acts[0].start.AddDate(0, 0, -5) // five days before the quarter's first activity
		s.at(opens, func() (err error) {
			ref, err = x.svc.Refer(x.ctx, linkage.Referral{Need: need.ID, Project: x.project.ID, Requester: by, Responder: to,
				Category: "activity volunteers", Ask: fmt.Sprintf("volunteers for the activities of quarter %d", q+1), Unit: "volunteers",
				Quantity: decimal.NewNullDecimal(decimal.NewFromInt(int64(len(distinct))))})
			return err
		})
		s.at(opens.Add(6*time.Hour), func() error {
			if _, err := x.svc.AcceptReferral(x.ctx, ref.ID, to); err != nil {
				return err
			}
			_, err := x.svc.StartReferral(x.ctx, ref.ID, to)
			return err
		})
		for _, p := range acts {
			i := n
			n++
			s.at(p.start.Add(-15*time.Hour), func() error {
				a := linkage.Activity{
					Kind: kinds[i%len(kinds)], Title: fmt.Sprintf("Community activity %02d", i+1), Community: x.c.ID, Project: x.project.ID,
					Venue: x.c.Venues[i%len(x.c.Venues)].Name, Window: wushe.NewWindow(p.start, 3*time.Hour), Volunteers: p.serving,
					TargetGroups: []linkage.TargetGroup{groups[i%len(groups)]}, Units: []uuid.UUID{x.units[i%len(x.units)].ID},
				}
				for range newPerEvent {
					a.Attendance = append(a.Attendance, linkage.Attendee(residentRef(attended), time.Time{}))
					attended++
				}
				for range 12 { // returning residents, chosen with the seeded generator
					a.Attendance = append(a.Attendance, linkage.Attendee(residentRef(x.rng.IntN(attended)), time.Time{}))
				}
				// The volunteers' shift: closing it records their verified service and its points.
				if _, _, err := work.Serve(x.ctx, x.svc, x.vols, x.clock, work.Shift{Referral: ref.ID, Volunteers: p.serving,
					Opportunity: volunteer.Opportunity{Title: a.Title, Organizer: x.organizer,
						Theme: volunteer.ThemeElderlyCare, Risk: volunteer.RiskLow, PlaceName: a.Venue, Place: *venue.Location,
						Shifts: []volunteer.Shift{{Window: a.Window, Headcount: len(p.serving)}}}}); err != nil {
					return err
				}
				x.clock.Advance(time.Hour)
				a, err := x.svc.RecordActivity(x.ctx, a)
				if err != nil {
					return err
				}
				for _, at := range a.Attendance {
					if _, err := x.vols.EarnForAct(x.ctx, x.organizer, volunteer.Act{Kind: volunteer.ActAttendance, Ref: a.ID.String(),
						Resident: at.Ref, At: a.Window.Start}); err != nil {
						return err
					}
				}
				return nil
			})
		}
		s.at(acts[len(acts)-1].start.Add(3*24*time.Hour), func() error {
			out, err := x.svc.ReferralOutputs(x.ctx, ref.ID)
			if err != nil {
				return err
			}
			if _, err := x.svc.CompleteReferral(x.ctx, ref.ID, to); err != nil {
				return err
			}
			report.referrals++
			report.minutes += out.Minutes
			return nil
		})
	}
	s.at(time.Date(2023, 12, 27, 19, 0, 0, 0, cst), func() error {
		called, err := x.svc.FollowUpNeed(x.ctx, linkage.FollowUp{Need: need.ID, Caller: by, Answer: linkage.Satisfied,
			Note: "asked at the residents' council"})
		report.status = called.Need.Status
		return err
	})
	return report, nil
}

// needReport says what became of the activities' need for volunteers.
type needReport struct {
	referrals int
	minutes   int64
	status    linkage.NeedStatus
}

func (r *needReport) String() string {
	return fmt.Sprintf("%d quarterly referrals to the volunteer team, each completed from its verified service (%s hours in all); the need is %s",
		r.referrals, decimal.NewFromInt(r.minutes).Div(decimal.NewFromInt(60)).String(), words(string(r.status)))
}

// planSortingChecks plans the monthly garbage-sorting check: on the 20th, grid staff check
// the sorting of 90 residents' households, chosen with the seeded generator; a pass earns
// the resident points, confirmed by the community.
func (x *world) planSortingChecks(s *schedule) {
	grid := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: x.c.ID}
	for m := time.January; m <= time.December; m++ {
		s.at(time.Date(2023, m, 20, 10, 0, 0, 0, cst), func() error {
			for _, r := range x.rng.Perm(2000)[:checked] {
				if x.rng.IntN(10) < 3 { // three in ten are not sorted well enough to pass
					continue
				}
				if _, err := x.vols.EarnForAct(x.ctx, grid, volunteer.Act{Kind: volunteer.ActEnvironment,
					Ref: fmt.Sprintf("sorting-%s-%04d", x.clock.Now().Format("2006-01"), r), Resident: resident(r), At: x.clock.Now()}); err != nil {
					return err
				}
			}
			return nil
		})
	}
}

// planPartyReports plans the "double report" of the first quarter: the five units' party
// organizations report to the community, and 30 of the volunteers who are in-service party
// members ("double posts, double competition") report, each naming their employer and
// their volunteer registration, and claim posts: every one volunteer service, every third
// also grid helper, every fifth also publicity. Their service is the volunteer service
// they give at the activities.
func (x *world) planPartyReports(s *schedule) {
	employers := []string{"Sichuan provincial tax office", "J city people's hospital", "State Grid J city branch", "J city No. 2 middle school"}
	for i, u := range x.units {
		s.at(time.Date(2023, 2, 1, 10, 0, 0, 0, cst).AddDate(0, 0, i), func() error {
			_, err := x.svc.ReportToCommunity(x.ctx, linkage.PartyReport{Community: x.c.ID, Kind: linkage.ReportOrganization, Unit: u.ID})
			return err
		})
	}
	for i := range inService {
		v := x.volunteers[5*i]
		s.at(time.Date(2023, 2, 15, 19, 0, 0, 0, cst).AddDate(0, 0, i), func() error {
			r, err := x.svc.ReportToCommunity(x.ctx, linkage.PartyReport{Community: x.c.ID, Kind: linkage.ReportMember,
				Member: v.ResidentRef, Employer: employers[i%len(employers)], VolunteerID: v.ID})
			if err != nil {
				return err
			}
			posts := []linkage.PostKind{linkage.PostVolunteerService}
			if i%3 == 0 {
				posts = append(posts, linkage.PostGridHelper)
			}
			if i%5 == 0 {
				posts = append(posts, linkage.PostPublicity)
			}
			for _, p := range posts {
				if _, err := x.svc.ClaimPost(x.ctx, r.ID, p); err != nil {
					return err
				}
			}
			return nil
		})
	}
}

// redemption counts the redemptions of one catalogue item.
type redemption struct {
	name  string
	count int
}

// redeemPoints stocks the points supermarket and lets every resident who holds points
// shop once, in resident order: each takes the dearest item their balance buys, or, when
// it is sold out, the next dearest. It returns the redemptions by item and the number of
// residents who found their first choice sold out.
func (x *world) redeemPoints() ([]redemption, int, error) {
	items := make([]volunteer.CatalogItem, len(catalogue))
	out := make([]redemption, len(catalogue))
	for i, c := range catalogue {
		item, err := x.vols.AddCatalogItem(x.ctx, c)
		if err != nil {
			return nil, 0, err
		}
		items[i], out[i].name = item, item.Name
	}
	soldOut := 0
	for r := range 2100 {
		ref := resident(r)
		balance, err := x.vols.ResidentBalance(x.ctx, ref, x.clock.Now())
		if err != nil {
			return nil, 0, err
		}
		first := true
		for k, item := range items {
			if balance.LessThan(item.Cost) {
				continue
			}
			_, err := x.vols.RedeemForResident(x.ctx, ref, item.ID, 1, fmt.Sprintf("exchange-2023/%d", r))
			if wushe.KindOf(err) == wushe.KindInsufficient { // sold out: the balance was checked
				if first {
					soldOut++
				}
				first = false
				continue
			}
			if err != nil {
				return nil, 0, err
			}
			out[k].count++
			break
		}
	}
	return out, soldOut, nil
}

// printLinks writes the links the completed referrals derived, by kind and source.
func (x *world) printLinks(w io.Writer) error {
	links, err := wushe.Collect(func(r wushe.PageRequest) (wushe.Page[linkage.Link], error) {
		return x.svc.ListLinks(x.ctx, linkage.LinkFilter{Project: x.project.ID, Page: r})
	})
	if err != nil {
		return err
	}
	t := work.CountLinks(links)
	fmt.Fprintf(w, "links derived from completed referrals: %d service links from %d units, %d volunteer service links from %d volunteers\n",
		t[linkage.LinkService].Links, t[linkage.LinkService].Parties, t[linkage.LinkVolunteerService].Links, t[linkage.LinkVolunteerService].Parties)
	return nil
}

// printPoints writes the year's residents' points from the ledger.
func (x *world) printPoints(w io.Writer, year wushe.Window, redeemed []redemption, soldOut int) error {
	f, err := x.vols.PointsFigures(x.ctx, year)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\n== residents' points (illustrative rules: 1 per hour served, 1 per activity, 2 per sorting check passed) ==")
	fmt.Fprintf(w, "%d residents earned %s points: %s for taking part, %s for volunteer service, %s for garbage sorting\n",
		f.ResidentsEarning, f.Earned, f.EarnedByAct[volunteer.ActAttendance], f.EarnedByAct[volunteer.ActVolunteerService],
		f.EarnedByAct[volunteer.ActEnvironment])
	fmt.Fprintf(w, "spent at the points supermarket: %s points\n", f.Redeemed)
	for _, r := range redeemed {
		fmt.Fprintf(w, "  %-20s x%d\n", r.name, r.count)
	}
	fmt.Fprintf(w, "residents who found their first choice sold out and took a cheaper item: %d\n", soldOut)
	first := x.volunteers[0]
	bal, err := x.vols.Balance(x.ctx, first.ID, x.clock.Now())
	if err != nil {
		return err
	}
	st, err := x.vols.Stars(x.ctx, first.ID, x.clock.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "volunteer %s (%v, phone %v): %d verified minutes, %s points left as a resident\n", first.Number, first.Name, first.Phone, st.Minutes, bal)
	return nil
}

// printParty writes the party-building figures of the year.
func (x *world) printParty(w io.Writer, year wushe.Window) error {
	f, err := x.svc.PartyFigures(x.ctx, x.c.ID, year)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\n== party building ==")
	fmt.Fprintf(w, "in-service party members who reported to the community: %d; units' party organizations: %d\n",
		f.MembersReported, f.OrganizationsReported)
	fmt.Fprintf(w, "posts claimed: %d volunteer service, %d grid helper, %d publicity\n",
		f.PostsClaimed[linkage.PostVolunteerService], f.PostsClaimed[linkage.PostGridHelper], f.PostsClaimed[linkage.PostPublicity])
	if f.HasServiceMinutes {
		fmt.Fprintf(w, "their verified volunteer service: %s hours\n", decimal.NewFromInt(f.ServiceMinutes).Div(decimal.NewFromInt(60)))
	}
	return nil
}

// printScorecard writes one line per target and the total with the grade.
func printScorecard(w io.Writer, card evaluation.Scorecard) {
	for _, leaf := range card.Root.Children {
		value := "missing"
		if leaf.Value != nil {
			value = leaf.Value.String()
		}
		fmt.Fprintf(w, "%-31s %6s  %6s / %s\n", leaf.Name, value, leaf.Points.StringFixed(2), leaf.MaxPoints.StringFixed(2))
	}
	fmt.Fprintf(w, "total %s of %s, grade %s (%s)\n", card.Total.StringFixed(2), card.MaxPoints.StringFixed(2), card.Grade, card.Status())
}

// registerCommunity registers J community with two grids, four micro-grids and six venues.
func registerCommunity(ctx context.Context, svc *linkage.Service) (linkage.Community, error) {
	ids := wushe.SequentialIDs("jcommunity-areas")
	var areas []linkage.Area
	staffNames := []string{"王建国", "赵丽华", "孙志强", "周美玲", "吴海燕", "郑国平"}
	for g := range 2 {
		grid := ids()
		areas = append(areas, linkage.Area{ID: grid, Name: fmt.Sprintf("Grid %d", g+1), Level: linkage.LevelGrid,
			Staff: []linkage.GridStaff{{Name: must.Name(staffNames[g*3]), Role: "grid staff", Phone: must.Phone(fmt.Sprintf("1358200%04d", g*3+1))}}})
		for m := range 2 {
			n := g*3 + m + 1
			areas = append(areas, linkage.Area{ID: ids(), Name: fmt.Sprintf("Grid %d, micro-grid %d", g+1, m+1),
				Level: linkage.LevelMicroGrid, Parent: grid,
				Staff: []linkage.GridStaff{{Name: must.Name(staffNames[n]), Role: "micro-grid helper", Phone: must.Phone(fmt.Sprintf("1358200%04d", n+1))}}})
		}
	}
	venues := []linkage.Venue{
		{ID: ids(), Name: "Party-and-mass service centre", Kind: linkage.VenueServiceCentre, Location: &wushe.Point{Lat: 30.5728, Lng: 104.0668}},
		{ID: ids(), Name: "Party-and-mass service station, grid 1", Kind: linkage.VenuePartyMassStation},
		{ID: ids(), Name: "Party-and-mass service station, grid 2", Kind: linkage.VenuePartyMassStation},
		{ID: ids(), Name: "New-era civilization practice station", Kind: linkage.VenueCivilizationStation},
		{ID: ids(), Name: "Civilization practice point, east gate", Kind: linkage.VenueCivilizationPoint},
		{ID: ids(), Name: "Civilization practice point, market square", Kind: linkage.VenueCivilizationPoint},
	}
	return svc.RegisterCommunity(ctx, linkage.Community{
		Name: "J community", Kind: linkage.CommunityUrban, District: "southeast Sichuan", StreetOffice: "J street office",
		Households: 7200, Residents: 20460, PartyMembers: 241, Areas: areas, Venues: venues,
	})
}

// registerUnits registers the five units stationed in the area that join the work.
func registerUnits(ctx context.Context, svc *linkage.Service, community uuid.UUID) ([]linkage.Unit, error) {
	specs := []struct {
		name  string
		kind  linkage.UnitKind
		offer linkage.Offer
		tag   string
	}{
		{"Community health service centre", linkage.UnitInstitution, linkage.OfferServices, "free clinic"},
		{"Police station", linkage.UnitGovernmentBody, linkage.OfferServices, "anti-fraud talk"},
		{"Primary school", linkage.UnitInstitution, linkage.OfferVenues, "playground"},
		{"Rural commercial bank branch", linkage.UnitEnterprise, linkage.OfferResources, "financial literacy"},
		{"Property management company", linkage.UnitEnterprise, linkage.OfferVolunteers, "repairs"},
	}
	var out []linkage.Unit
	for _, s := range specs {
		u, err := svc.RegisterUnit(ctx, linkage.Unit{Name: s.name, Kind: s.kind, Community: community,
			Offers: []linkage.Offer{s.offer}, Tags: []string{s.tag}})
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// registerVolunteers registers the 150 volunteers with deterministic personal data.
func registerVolunteers(ctx context.Context, vols *volunteer.Service, community uuid.UUID) ([]volunteer.Volunteer, error) {
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡")
	given := []rune("明华芳静丽强伟敏军洋")
	var out []volunteer.Volunteer
	for i := range volunteersN {
		birth := time.Date(1955+i%45, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
		idn := must.IDNumber("511002", birth, i)
		g := volunteer.GenderFemale
		if idn.Male() {
			g = volunteer.GenderMale
		}
		name := string([]rune{surnames[i%len(surnames)], given[i/len(surnames)%len(given)], given[(i+3)%len(given)]})
		v, err := vols.Register(ctx, volunteer.Volunteer{
			Name: must.Name(name), Gender: g, BirthDate: birth, IDNumber: idn,
			Phone: must.Phone(fmt.Sprintf("1378300%04d", i+1)), CommunityID: community,
			// The volunteer is resident i: one points account for their service and their
			// taking part.
			ResidentRef: resident(i),
		})
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// casesServed counts the cases of community with a session other than a home visit in
// period: the clients given individual case service.
func casesServed(ctx context.Context, svc *linkage.Service, community uuid.UUID, period wushe.Window) (int, error) {
	n := 0
	f := linkage.CaseFilter{Community: community, Page: wushe.PageRequest{Limit: wushe.MaxPageLimit}}
	for {
		page, err := svc.ListCases(ctx, f)
		if err != nil {
			return 0, err
		}
		for _, k := range page.Items {
			for _, s := range k.Sessions {
				if s.Kind != linkage.SessionHomeVisit && period.Contains(s.At) {
					n++
					break
				}
			}
		}
		if page.Next == uuid.Nil {
			return n, nil
		}
		f.Page.After = page.Next
	}
}

// countMetNeeds counts the met needs of group in community, reading every page.
func countMetNeeds(ctx context.Context, svc *linkage.Service, community uuid.UUID, group linkage.TargetGroup) (int, error) {
	n := 0
	f := linkage.NeedFilter{Community: community, TargetGroup: group, Status: linkage.NeedMet, Page: wushe.PageRequest{Limit: wushe.MaxPageLimit}}
	for {
		page, err := svc.ListNeeds(ctx, f)
		if err != nil {
			return 0, err
		}
		n += len(page.Items)
		if page.Next == uuid.Nil {
			return n, nil
		}
		f.Page.After = page.Next
	}
}

// residentRef is the pseudonymous reference of the i-th resident; case clients and
// activity attendees share it, so a client who also attends is one person served.
func residentRef(i int) string { return fmt.Sprintf("resident:%05d", i+1) }

// resident is the i-th resident's pseudonymous reference.
func resident(i int) wushe.Sensitive { return wushe.NewSensitive(wushe.ClassReference, residentRef(i)) }

// words writes a status or group as words: "low_income" is "low income".
func words(s string) string { return strings.ReplaceAll(s, "_", " ") }
