// Command jcommunity rebuilds J community (Sichuan) in 2023 from events and reads the
// year's figures back out of wushe: the community with its grids, micro-grids and venues
// (1 service centre, 2 party-and-mass service stations, 1 civilization practice station,
// 2 civilization practice points), its 241 party members and more than 20,000 residents;
// the social-work agency and its purchased project; 30 home visits to distinct households,
// 25 clients given individual case service, 12 support services that meet needs of the
// elderly, the disabled, minors and low-income families, 35 community activities that
// reach more than 2,000 residents, 5 units and 150 volunteers linked into the project; the
// volunteers' points (earned for verified service records, redeemed from a catalogue);
// and the contract scorecard against the project's targets, at mid-year and at year end.
//
// Every figure printed is counted by linkage.Service.Outputs or read back through the
// public API from what was recorded; none is typed in. The figures the program aims at
// are those reported for J community in 2023: 30 households visited, 25 individual case
// services, more than 10 support services for special groups, 35 community activities,
// more than 2,000 people served, 5 community units and 150 volunteers connected.
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
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/evaluation"
	"github.com/wushe/wushe/examples/internal/must"
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
	households    = 30   // households visited at home, one case each
	caseClients   = 25   // of them, clients who go on to individual case service
	supportNeeds  = 12   // of those, clients whose need is met by a support service
	activities    = 35   // community activities in the year
	newPerEvent   = 58   // residents attending an activity for the first time
	unitsLinked   = 5    // units in the area linked into the project
	volunteersN   = 150  // registered volunteers linked into the project
	serviceMins   = 120  // minutes each volunteer serves at an activity
	seed          = 2023 // seeds the choice of returning attendees
	haircutCost   = 2    // points for a haircut from the catalogue
	appliancePts  = 4    // points for an appliance clean from the catalogue
	applianceLeft = 10   // appliance cleans in stock
)

var cst = time.FixedZone("CST", 8*3600)

// run records J community's 2023 and writes the report to w. The clock, the IDs and the
// random choices are fixed, so the output is the same on every run.
func run(w io.Writer) error {
	ctx := context.Background()
	clock := wushe.NewManualClock(time.Date(2023, 1, 3, 9, 0, 0, 0, cst))
	store := memstore.New()
	svc, err := linkage.NewService(store, &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs("jcommunity")})
	if err != nil {
		return err
	}
	vols, err := volunteer.NewService(store, &volunteer.Options{
		Clock: clock, NewID: wushe.SequentialIDs("jcommunity-volunteers"), Location: cst,
	})
	if err != nil {
		return err
	}
	year := wushe.Window{Start: time.Date(2023, 1, 1, 0, 0, 0, 0, cst), End: time.Date(2024, 1, 1, 0, 0, 0, 0, cst)}

	c, err := registerCommunity(ctx, svc)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== %s (%s, %s) ==\n", c.Name, c.District, c.StreetOffice)
	grids, micro := 0, 0
	for _, a := range c.Areas {
		if a.Level == linkage.LevelGrid {
			grids++
		} else {
			micro++
		}
	}
	venues := map[linkage.VenueKind]int{}
	for _, v := range c.Venues {
		venues[v.Kind]++
	}
	fmt.Fprintf(w, "residents %d, party members %d, %d grids with %d micro-grids\n", c.Residents, c.PartyMembers, grids, micro)
	fmt.Fprintf(w, "venues: %d service centre, %d party-and-mass service stations, %d civilization practice station, %d civilization practice points\n",
		venues[linkage.VenueServiceCentre], venues[linkage.VenuePartyMassStation],
		venues[linkage.VenueCivilizationStation], venues[linkage.VenueCivilizationPoint])

	// The agency's two social workers and the purchased project.
	var workers []linkage.SocialWorker
	for i, name := range []string{"陈思远", "刘雨欣"} {
		sw, err := svc.RegisterSocialWorker(ctx, linkage.SocialWorker{
			Name: must.Name(name), Phone: must.Phone(fmt.Sprintf("1398100%04d", i+1)), Agency: "Hexin Social Work Service Centre",
			Qualification: linkage.QualificationSocial,
			Specialties:   []linkage.Specialty{linkage.SpecialtyElderly, linkage.SpecialtyDisability, linkage.SpecialtyChildren},
			Communities:   []uuid.UUID{c.ID}, CaseloadCap: 20, Status: linkage.WorkerActive,
		})
		if err != nil {
			return err
		}
		workers = append(workers, sw)
	}
	project, err := svc.RegisterProject(ctx, linkage.Project{
		Name: "J community social work service 2023", Purchaser: "Street office", Operator: workers[0].Agency,
		Communities: []uuid.UUID{c.ID}, Budget: decimal.RequireFromString("280000.00"), Cycle: year,
		Targets: []linkage.Target{
			{IndicatorCode: evaluation.CodeHouseholdsVisited, Name: "Households visited", Unit: "household", Value: decimal.NewFromInt(30)},
			{IndicatorCode: evaluation.CodeCommunityActivities, Name: "Community activities", Unit: "activity", Value: decimal.NewFromInt(35)},
			{IndicatorCode: evaluation.CodePeopleServed, Name: "People served", Unit: "person", Value: decimal.NewFromInt(2000)},
			{IndicatorCode: evaluation.CodeUnitsConnected, Name: "Community units connected", Unit: "unit", Value: decimal.NewFromInt(5)},
			{IndicatorCode: evaluation.CodeVolunteersConnected, Name: "Volunteers connected", Unit: "person", Value: decimal.NewFromInt(150)},
			{IndicatorCode: evaluation.CodeNeedsMet, Name: "Special-group support services", Unit: "need", Value: decimal.NewFromInt(10)},
			{Name: "Individual case services (clients)", Unit: "case", Value: decimal.NewFromInt(25)},
		},
		Status: linkage.ProjectActive, Mechanism: "party building + social work + micro-grid",
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "project %q run by %s: budget %s CNY, cycle %s to %s, %d social workers\n",
		project.Name, project.Operator, project.Budget.StringFixed(2),
		project.Cycle.Start.Format(time.DateOnly), project.Cycle.End.Format(time.DateOnly), len(workers))

	// Units stationed in the area and the volunteers.
	units, err := registerUnits(ctx, svc, c.ID)
	if err != nil {
		return err
	}
	volunteers, err := registerVolunteers(ctx, vols, c.ID)
	if err != nil {
		return err
	}

	// Case work: 30 home visits to distinct households; 25 of the clients go on to
	// individual case service (an assessment and a counselling session).
	if err := recordCaseWork(ctx, svc, clock, c.ID, workers); err != nil {
		return err
	}

	// 35 community activities through the year, with attendance, linked units and
	// volunteers, and the volunteers' service records and points.
	organizer := volunteer.Actor{Kind: volunteer.ActorProject, ID: project.ID}
	if err := recordActivities(ctx, svc, vols, clock, c, project.ID, workers[0].ID, units, volunteers, organizer); err != nil {
		return err
	}

	// Residents redeem points from the catalogue at the year-end exchange.
	clock.Set(time.Date(2023, 12, 28, 10, 0, 0, 0, cst))
	redeemed, refused, err := redeemPoints(ctx, vols, volunteers)
	if err != nil {
		return err
	}

	// The year's figures, counted from the records.
	clock.Set(time.Date(2024, 1, 5, 9, 0, 0, 0, cst))
	hours := linkage.VolunteerHoursFunc(func(ctx context.Context, _ evaluation.Scope, period wushe.Window) (int64, error) {
		// Every registered volunteer in this program serves only this project, so the
		// verified minutes up to the period's end are the project's.
		var total int64
		for _, v := range volunteers {
			st, err := vols.Stars(ctx, v.ID, period.End)
			if err != nil {
				return 0, err
			}
			total += int64(st.Minutes)
		}
		return total, nil
	})
	opts := &linkage.OutputOptions{VolunteerHours: hours}
	out, err := svc.Outputs(ctx, linkage.ProjectScope(project.ID), year, opts)
	if err != nil {
		return err
	}
	served, err := casesServed(ctx, svc, c.ID, year)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\n== 2023 outputs (counted from the records) ==")
	for _, code := range []string{
		evaluation.CodeHouseholdsVisited, evaluation.CodeCaseServices, evaluation.CodeCommunityActivities,
		evaluation.CodePeopleServed, evaluation.CodePersonTimes, evaluation.CodeUnitsConnected,
		evaluation.CodeVolunteersConnected, evaluation.CodeVolunteerHours, evaluation.CodeNeedsRaised,
		evaluation.CodeNeedsMet, evaluation.CodeMedianResponseDays,
	} {
		o, ok, err := out.Latest(code)
		if err != nil {
			return err
		}
		if ok {
			fmt.Fprintf(w, "%-22s %s\n", code, o.Value)
		}
	}
	fmt.Fprintf(w, "%-22s %d (clients with a session beyond the first home visit)\n", "individual case clients", served)
	fmt.Fprint(w, "support services met by group:")
	for _, g := range specialGroups {
		n, err := countMetNeeds(ctx, svc, c.ID, g)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, " %s %d", g, n)
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, "\n== volunteer points (1 point per verified hour) ==")
	var earned, spent, balance decimal.Decimal
	for _, v := range volunteers {
		txs, err := vols.Statement(ctx, v.ID)
		if err != nil {
			return err
		}
		for _, tx := range txs {
			d := tx.Delta(volunteer.VolunteerAccount(v.ID))
			if d.IsPositive() {
				earned = earned.Add(d)
			} else {
				spent = spent.Sub(d)
			}
		}
		b, err := vols.Balance(ctx, v.ID, clock.Now())
		if err != nil {
			return err
		}
		balance = balance.Add(b)
	}
	fmt.Fprintf(w, "earned %s, redeemed %s, outstanding %s points\n", earned, spent, balance)
	for _, r := range redeemed {
		fmt.Fprintf(w, "  %-16s x%d\n", r.name, r.count)
	}
	fmt.Fprintf(w, "redemptions refused for want of stock or points: %d\n", refused)
	first := volunteers[0]
	st, err := vols.Stars(ctx, first.ID, clock.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "volunteer %s (%v, phone %v): %d verified minutes\n", first.Number, first.Name, first.Phone, st.Minutes)

	for _, check := range []struct {
		title string
		asOf  time.Time
	}{
		{"mid-year check, as of 2023-07-01", time.Date(2023, 7, 1, 0, 0, 0, 0, cst)},
		{"year end", time.Time{}},
	} {
		card, err := svc.ContractScorecard(ctx, project.ID, check.asOf, opts)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n== contract scorecard, %s ==\n", check.title)
		printScorecard(w, card)
	}
	for _, t := range project.Targets {
		if t.IndicatorCode == "" {
			fmt.Fprintf(w, "not scored (no indicator): %s, target %s, counted %d\n", t.Name, t.Value, served)
		}
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
		{ID: ids(), Name: "Party-and-mass service centre", Kind: linkage.VenueServiceCentre},
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
		})
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// specialGroups are the groups whose needs the home visits find, in turn.
var specialGroups = []linkage.TargetGroup{linkage.GroupElderly, linkage.GroupDisabled, linkage.GroupChildren, linkage.GroupLowIncome}

// recordCaseWork records a home visit to each of 30 households and individual case
// service (assessment and counselling) for 25 of the clients; for 12 of them the visit
// finds a need of a special group (the elderly, the disabled, minors, low-income
// families) that a support service then meets. A child client's case is opened with a
// guardian's consent.
func recordCaseWork(ctx context.Context, svc *linkage.Service, clock *wushe.ManualClock, community uuid.UUID, workers []linkage.SocialWorker) error {
	for i := range households {
		clock.Set(time.Date(2023, 2, 6, 9, 0, 0, 0, cst).AddDate(0, 0, 7*i))
		worker := workers[i%len(workers)].ID
		group := specialGroups[i%len(specialGroups)]
		client := linkage.Client{Ref: wushe.NewSensitive(wushe.ClassReference, residentRef(i))}
		consent := linkage.Consent{GivenBy: "client", Scope: []string{linkage.ScopeService}, Purpose: "home visit and case work"}
		switch group {
		case linkage.GroupChildren:
			client.Minor, consent.GivenBy = true, "guardian"
		case linkage.GroupDisabled:
			client.Disability = wushe.NewSensitive(wushe.ClassDisability, "hearing impairment, grade 3")
		case linkage.GroupLowIncome:
			client.LowIncome = wushe.NewSensitive(wushe.ClassLowIncome, "minimum living allowance")
		}
		cs, err := svc.OpenCase(ctx, linkage.Case{
			Community: community, Worker: worker, Household: fmt.Sprintf("household:%04d", i+1), Risk: linkage.RiskMedium,
			Client: client, Consents: []linkage.Consent{consent},
		})
		if err != nil {
			return err
		}
		if _, err := svc.AddSession(ctx, cs.ID, linkage.Session{Kind: linkage.SessionHomeVisit, Worker: worker, Duration: time.Hour,
			Notes: wushe.NewSensitive(wushe.ClassCaseNote, fmt.Sprintf("visit %d: living conditions and needs", i+1))}); err != nil {
			return err
		}
		if i >= caseClients {
			continue
		}
		var need linkage.Need
		if i < supportNeeds {
			need, err = svc.RaiseNeed(ctx, linkage.Need{Community: community, TargetGroup: group, Category: "support service",
				Urgency: linkage.UrgencyDifficult, Source: linkage.SourceHomeVisit, Beneficiary: client.Ref,
				Description: "support service for a " + string(group) + " household found on a home visit"})
			if err != nil {
				return err
			}
		}
		clock.Advance(72 * time.Hour)
		if _, err := svc.AdvanceCase(ctx, cs.ID, linkage.CaseAssessment); err != nil {
			return err
		}
		if _, err := svc.AddSession(ctx, cs.ID, linkage.Session{Kind: linkage.SessionCounselling, Worker: worker, Duration: 90 * time.Minute,
			Notes: wushe.NewSensitive(wushe.ClassCaseNote, "psychological support and a plan for social participation")}); err != nil {
			return err
		}
		if i >= supportNeeds {
			continue
		}
		if _, err := svc.PlanNeed(ctx, need.ID); err != nil {
			return err
		}
		if _, err := svc.StartNeed(ctx, need.ID); err != nil {
			return err
		}
		clock.Advance(48 * time.Hour)
		if _, err := svc.MeetNeed(ctx, need.ID, "support service delivered"); err != nil {
			return err
		}
	}
	return nil
}

// recordActivities records the 35 community activities, each with first-time and
// returning attendees, one unit linked to it in turn, the volunteers who served and their
// verified service records and points.
func recordActivities(ctx context.Context, svc *linkage.Service, vols *volunteer.Service, clock *wushe.ManualClock,
	c linkage.Community, project, worker uuid.UUID, units []linkage.Unit, volunteers []volunteer.Volunteer, organizer volunteer.Actor) error {
	rng := rand.New(rand.NewPCG(seed, seed))
	kinds := []linkage.ActivityKind{linkage.ActivityCommunityWork, linkage.ActivityPartyBuilding,
		linkage.ActivityPublicWelfareMarket, linkage.ActivityTraining}
	groups := []linkage.TargetGroup{linkage.GroupElderly, linkage.GroupChildren, linkage.GroupDisabled, linkage.GroupLowIncome}
	by := linkage.Party{Kind: linkage.PartySocialWorker, ID: worker}
	attended := 0
	for i := range activities {
		start := time.Date(2023, 1, 14, 9, 0, 0, 0, cst).AddDate(0, 0, 10*i)
		a := linkage.Activity{
			Kind: kinds[i%len(kinds)], Title: fmt.Sprintf("Community activity %02d", i+1), Community: c.ID, Project: project,
			Venue: c.Venues[i%len(c.Venues)].Name, Window: wushe.NewWindow(start, 3*time.Hour),
			TargetGroups: []linkage.TargetGroup{groups[i%len(groups)]},
		}
		for range newPerEvent {
			a.Attendance = append(a.Attendance, linkage.Attendee(residentRef(attended), time.Time{}))
			attended++
		}
		for range 12 { // returning residents, chosen with the seeded generator
			if attended > 0 {
				a.Attendance = append(a.Attendance, linkage.Attendee(residentRef(rng.IntN(attended)), time.Time{}))
			}
		}
		var serving []volunteer.Volunteer
		for j, v := range volunteers {
			if j%activities == i || (j*7+3)%activities == i {
				serving = append(serving, v)
				a.Volunteers = append(a.Volunteers, v.ID)
			}
		}
		clock.Set(start.Add(4 * time.Hour))
		a, err := svc.RecordActivity(ctx, a)
		if err != nil {
			return err
		}
		to := linkage.LinkTarget{Kind: linkage.TargetActivity, ID: a.ID}
		unit := units[i%len(units)]
		if _, err := svc.RecordLink(ctx, linkage.Link{Kind: linkage.LinkService, By: by, Project: project,
			From: linkage.Party{Kind: linkage.PartyUnit, ID: unit.ID}, To: to, Description: unit.Tags[0]}); err != nil {
			return err
		}
		for _, v := range serving {
			if _, err := svc.RecordLink(ctx, linkage.Link{Kind: linkage.LinkVolunteerService, By: by, Project: project,
				From: linkage.Party{Kind: linkage.PartyVolunteer, ID: v.ID}, To: to,
				Quantity: decimal.NewNullDecimal(decimal.NewFromInt(serviceMins)), Unit: "minute"}); err != nil {
				return err
			}
			rec, err := vols.RecordService(ctx, organizer, volunteer.ServiceRecord{
				VolunteerID: v.ID, Activity: a.Title, Content: "stewarding and helping residents", Place: a.Venue,
				Theme: volunteer.ThemeElderlyCare, Window: a.Window, Minutes: serviceMins, Organizer: organizer,
			})
			if err != nil {
				return err
			}
			// An activity has no enrolments: its records are self-reported until verified.
			if _, err := vols.VerifyRecord(ctx, organizer, rec.ID, true); err != nil {
				return err
			}
			if _, err := vols.AwardPoints(ctx, rec.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// redemption counts the redemptions of one catalogue item.
type redemption struct {
	name  string
	count int
}

// redeemPoints sets up the catalogue and lets the volunteers redeem: every third one a
// haircut, every fifth an appliance clean while stock lasts. It returns the redemptions
// by item and the number refused.
func redeemPoints(ctx context.Context, vols *volunteer.Service, volunteers []volunteer.Volunteer) ([]redemption, int, error) {
	haircut, err := vols.AddCatalogItem(ctx, volunteer.CatalogItem{Name: "haircut", Cost: decimal.NewFromInt(haircutCost), Stock: 100, Active: true})
	if err != nil {
		return nil, 0, err
	}
	clean, err := vols.AddCatalogItem(ctx, volunteer.CatalogItem{Name: "appliance clean", Cost: decimal.NewFromInt(appliancePts), Stock: applianceLeft, Active: true})
	if err != nil {
		return nil, 0, err
	}
	out := []redemption{{name: haircut.Name}, {name: clean.Name}}
	refused := 0
	for i, v := range volunteers {
		for k, item := range []volunteer.CatalogItem{haircut, clean} {
			if (k == 0 && i%3 != 0) || (k == 1 && i%5 != 0) {
				continue
			}
			_, err := vols.Redeem(ctx, v.ID, item.ID, 1, fmt.Sprintf("exchange-2023/%s/%d", item.Name, i))
			switch {
			case err == nil:
				out[k].count++
			case wushe.KindOf(err) == wushe.KindInsufficient:
				refused++
			default:
				return nil, 0, err
			}
		}
	}
	return out, refused, nil
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
