// Command projectd rebuilds a service year of Project D, a public service project bought
// by City H and run by a social-work agency, around its "five linkages": talent,
// organization, service, venue and volunteer-service linkage. Each linkage is a
// linkage.Link record: a social worker brings a volunteer's skills, a community social
// organization, a unit's service, a unit's venue or volunteers' time to a resident need or
// an activity. The program prints the links by kind, the services they produced for the
// three groups the project starts from (disadvantaged groups, families and minors), the
// project's outputs as linkage.Service.Outputs counts them, and the contract scorecard.
//
// The paper on Project D names the five linkages and the groups served but reports no
// counts, so the volume of events here is illustrative; every figure printed is counted
// from the recorded events, none is typed in.
//
//	go run ./examples/projectd
package main

import (
	"context"
	"fmt"
	"io"
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
		fmt.Fprintln(os.Stderr, "projectd:", err)
		os.Exit(1)
	}
}

var cst = time.FixedZone("CST", 8*3600)

// band is one of the three groups Project D starts from, with the target groups it covers.
type band struct {
	name   string
	groups []linkage.TargetGroup
}

var bands = []band{
	{"disadvantaged groups", []linkage.TargetGroup{linkage.GroupLowIncome, linkage.GroupDisabled, linkage.GroupElderly}},
	{"families", []linkage.TargetGroup{linkage.GroupWomenAndParents}},
	{"minors", []linkage.TargetGroup{linkage.GroupChildren, linkage.GroupAdolescents}},
}

// needSpec is a need found on a home visit: its group, what it is, the days from raised
// to planned, and whether it is met within the year.
type needSpec struct {
	group    linkage.TargetGroup
	category string
	planDays int
	met      bool
}

var needSpecs = []needSpec{
	{linkage.GroupLowIncome, "job search support", 2, true},
	{linkage.GroupLowIncome, "legal advice on a wage dispute", 1, true},
	{linkage.GroupLowIncome, "winter supplies", 3, true},
	{linkage.GroupDisabled, "home accessibility check", 4, true},
	{linkage.GroupDisabled, "rehabilitation escort", 5, false},
	{linkage.GroupElderly, "meal delivery", 1, true},
	{linkage.GroupElderly, "health check", 2, true},
	{linkage.GroupWomenAndParents, "parenting support", 3, true},
	{linkage.GroupWomenAndParents, "family conflict mediation", 6, false},
	{linkage.GroupChildren, "after-school care", 2, true},
	{linkage.GroupChildren, "summer safety", 3, true},
	{linkage.GroupAdolescents, "homework tutoring", 4, true},
}

// activitySpec is an activity of the project: kind, title, the group it serves and the
// number of participants.
type activitySpec struct {
	kind  linkage.ActivityKind
	title string
	group linkage.TargetGroup
	size  int
}

var activitySpecs = []activitySpec{
	{linkage.ActivityGroupWork, "Parent-child reading group", linkage.GroupWomenAndParents, 12},
	{linkage.ActivityGroupWork, "Teen peer-support group", linkage.GroupAdolescents, 10},
	{linkage.ActivityGroupWork, "Carers' mutual-aid group", linkage.GroupDisabled, 8},
	{linkage.ActivityGroupWork, "Elders' memory group", linkage.GroupElderly, 10},
	{linkage.ActivityCommunityWork, "Neighbourhood issues forum", linkage.GroupOther, 40},
	{linkage.ActivityPublicWelfareMarket, "Public welfare market", linkage.GroupLowIncome, 90},
	{linkage.ActivityTraining, "Job skills workshop", linkage.GroupLowIncome, 25},
	{linkage.ActivityCommunityWork, "Accessible community walk", linkage.GroupDisabled, 20},
	{linkage.ActivityCommunityWork, "Family day", linkage.GroupWomenAndParents, 60},
	{linkage.ActivityTraining, "Child safety class", linkage.GroupChildren, 35},
	{linkage.ActivityCommunityWork, "Summer camp", linkage.GroupChildren, 30},
	{linkage.ActivityTraining, "Volunteer training", linkage.GroupOther, 25},
}

// run records Project D's year and writes the report to w. The clock and the IDs are
// fixed, so the output is the same on every run.
func run(w io.Writer) error {
	ctx := context.Background()
	clock := wushe.NewManualClock(time.Date(2022, 3, 1, 9, 0, 0, 0, cst))
	store := memstore.New()
	svc, err := linkage.NewService(store, &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs("projectd")})
	if err != nil {
		return err
	}
	vols, err := volunteer.NewService(store, &volunteer.Options{Clock: clock, NewID: wushe.SequentialIDs("projectd-volunteers"), Location: cst})
	if err != nil {
		return err
	}
	cycle := wushe.Window{Start: time.Date(2022, 3, 1, 0, 0, 0, 0, cst), End: time.Date(2023, 3, 1, 0, 0, 0, 0, cst)}

	c, err := svc.RegisterCommunity(ctx, linkage.Community{
		Name: "D community", Kind: linkage.CommunityUrban, District: "City H", StreetOffice: "D street office",
		Households: 4100, Residents: 11800, PartyMembers: 160,
		Venues: []linkage.Venue{{ID: wushe.SequentialIDs("projectd-venues")(), Name: "Community service centre", Kind: linkage.VenueServiceCentre}},
	})
	if err != nil {
		return err
	}
	worker, err := svc.RegisterSocialWorker(ctx, linkage.SocialWorker{
		Name: must.Name("黄嘉怡"), Phone: must.Phone("13682000001"), Agency: "H City Social Work Agency",
		Qualification: linkage.QualificationSocial, Communities: []uuid.UUID{c.ID}, Status: linkage.WorkerActive,
		Specialties: []linkage.Specialty{linkage.SpecialtyFamily, linkage.SpecialtyChildren, linkage.SpecialtyPovertyRelief},
	})
	if err != nil {
		return err
	}
	project, err := svc.RegisterProject(ctx, linkage.Project{
		Name: "Project D", Purchaser: "City H", Operator: worker.Agency, Communities: []uuid.UUID{c.ID},
		Budget: decimal.RequireFromString("200000.00"), Cycle: cycle, Status: linkage.ProjectActive,
		Mechanism: "five linkages",
		Targets: []linkage.Target{
			{IndicatorCode: evaluation.CodeGroupSessions, Name: "Group sessions", Unit: "session", Value: decimal.NewFromInt(4)},
			{IndicatorCode: evaluation.CodeCommunityActivities, Name: "Community activities", Unit: "activity", Value: decimal.NewFromInt(10)},
			{IndicatorCode: evaluation.CodePeopleServed, Name: "People served", Unit: "person", Value: decimal.NewFromInt(300)},
			{IndicatorCode: evaluation.CodeNeedsMet, Name: "Needs met", Unit: "need", Value: decimal.NewFromInt(12)},
			{IndicatorCode: evaluation.CodeVolunteersConnected, Name: "Volunteers connected", Unit: "person", Value: decimal.NewFromInt(10)},
			{IndicatorCode: evaluation.CodeUnitsConnected, Name: "Units connected", Unit: "unit", Value: decimal.NewFromInt(3)},
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== %s: bought by %s, run by %s, %s to %s ==\n", project.Name, project.Purchaser, project.Operator,
		cycle.Start.Format(time.DateOnly), cycle.End.Format(time.DateOnly))
	fmt.Fprintf(w, "social worker %v (%s), phone %v\n", worker.Name, worker.Qualification, worker.Phone)

	p, err := registerParties(ctx, svc, vols, c.ID)
	if err != nil {
		return err
	}
	by := linkage.Party{Kind: linkage.PartySocialWorker, ID: worker.ID}
	link := func(kind linkage.LinkKind, from linkage.Party, to linkage.LinkTarget, what string) error {
		_, err := svc.RecordLink(ctx, linkage.Link{Kind: kind, By: by, From: from, To: to, Project: project.ID, Description: what})
		return err
	}

	// Home visits find needs; the worker plans them, links a talent or a unit's service to
	// each, and most are met.
	needs := make([]linkage.Need, len(needSpecs))
	for i, ns := range needSpecs {
		clock.Set(cycle.Start.AddDate(0, 0, 7+14*i))
		n, err := svc.RaiseNeed(ctx, linkage.Need{Community: c.ID, TargetGroup: ns.group, Category: ns.category,
			Urgency: linkage.UrgencyDifficult, Source: linkage.SourceHomeVisit,
			Beneficiary: wushe.NewSensitive(wushe.ClassReference, fmt.Sprintf("client:%03d", i+1)),
			Description: ns.category + " found on a home visit"})
		if err != nil {
			return err
		}
		clock.Advance(time.Duration(ns.planDays) * 24 * time.Hour)
		if _, err := svc.PlanNeed(ctx, n.ID); err != nil {
			return err
		}
		if n, err = svc.StartNeed(ctx, n.ID); err != nil {
			return err
		}
		to := linkage.LinkTarget{Kind: linkage.TargetNeed, ID: n.ID}
		if i%2 == 0 {
			err = link(linkage.LinkTalent, p.talents[i/2%len(p.talents)], to, "skills brought to "+ns.category)
		} else {
			err = link(linkage.LinkService, p.services[i/2%len(p.services)], to, "service brought to "+ns.category)
		}
		if err != nil {
			return err
		}
		if ns.met {
			clock.Advance(10 * 24 * time.Hour)
			if n, err = svc.MeetNeed(ctx, n.ID, "met through the linked "+ns.category); err != nil {
				return err
			}
		}
		needs[i] = n
	}

	// Activities: organizations run them, units lend venues, volunteers serve.
	next := 0
	for i, as := range activitySpecs {
		start := cycle.Start.AddDate(0, 0, 10+28*i).Add(14 * time.Hour)
		clock.Set(start.Add(3 * time.Hour))
		a := linkage.Activity{Kind: as.kind, Title: as.title, Community: c.ID, Project: project.ID,
			Window: wushe.NewWindow(start, 2*time.Hour), TargetGroups: []linkage.TargetGroup{as.group}}
		for j := range as.size {
			// Half of a group's members come back from earlier activities.
			ref := next
			if j%2 == 1 && next > 0 {
				ref = (7*j + 13*i) % next
			} else {
				next++
			}
			a.Attendance = append(a.Attendance, linkage.Attendee(fmt.Sprintf("resident:%04d", ref+1), time.Time{}))
		}
		org := p.organizations[i%len(p.organizations)]
		a.Organizations = []uuid.UUID{org.ID}
		if a, err = svc.RecordActivity(ctx, a); err != nil {
			return err
		}
		to := linkage.LinkTarget{Kind: linkage.TargetActivity, ID: a.ID}
		if err := link(linkage.LinkOrganization, org, to, "organizes "+as.title); err != nil {
			return err
		}
		if i%3 == 0 {
			if err := link(linkage.LinkVenue, p.venues[i/3%len(p.venues)], to, "venue lent for "+as.title); err != nil {
				return err
			}
		}
		for k := range 2 {
			v := p.volunteers[(2*i+k)%len(p.volunteers)]
			if err := link(linkage.LinkVolunteerService, v, to, "serves at "+as.title); err != nil {
				return err
			}
		}
	}

	clock.Set(cycle.End.Add(72 * time.Hour))
	if err := printLinks(ctx, w, svc, project.ID); err != nil {
		return err
	}
	if err := printServices(ctx, w, svc, c.ID, project.ID); err != nil {
		return err
	}
	out, err := svc.Outputs(ctx, linkage.ProjectScope(project.ID), cycle, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\n== outputs (counted from the records) ==")
	for _, o := range out.All() {
		switch o.Indicator {
		case evaluation.CodeGroupSessions, evaluation.CodeCommunityActivities, evaluation.CodePeopleServed,
			evaluation.CodePersonTimes, evaluation.CodeVolunteersConnected, evaluation.CodeUnitsConnected,
			evaluation.CodeNeedsRaised, evaluation.CodeNeedsMet, evaluation.CodeNeedsMetShare, evaluation.CodeMedianResponseDays:
			fmt.Fprintf(w, "%-22s %s\n", o.Indicator, o.Value)
		}
	}
	card, err := svc.ContractScorecard(ctx, project.ID, time.Time{}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\n== contract scorecard ==")
	for _, leaf := range card.Root.Children {
		value := "missing"
		if leaf.Value != nil {
			value = leaf.Value.String()
		}
		fmt.Fprintf(w, "%-22s %6s  %6s / %s\n", leaf.Name, value, leaf.Points.StringFixed(2), leaf.MaxPoints.StringFixed(2))
	}
	fmt.Fprintf(w, "total %s of %s, grade %s (%s)\n", card.Total.StringFixed(2), card.MaxPoints.StringFixed(2), card.Grade, card.Status())
	return nil
}

// parties are the contributors the worker links: volunteers with skills (talent),
// unit services, unit venues, community social organizations and service volunteers.
type parties struct {
	talents, services, venues, organizations, volunteers []linkage.Party
}

// registerParties registers the units, organizations and volunteers of the project.
func registerParties(ctx context.Context, svc *linkage.Service, vols *volunteer.Service, community uuid.UUID) (parties, error) {
	var p parties
	units := []struct {
		name  string
		kind  linkage.UnitKind
		offer linkage.Offer
		venue bool
	}{
		{"Street hospital", linkage.UnitInstitution, linkage.OfferServices, false},
		{"Legal aid station", linkage.UnitGovernmentBody, linkage.OfferServices, false},
		{"Middle school", linkage.UnitInstitution, linkage.OfferVenues, true},
		{"Shopping mall", linkage.UnitEnterprise, linkage.OfferVenues, true},
	}
	for _, u := range units {
		unit, err := svc.RegisterUnit(ctx, linkage.Unit{Name: u.name, Kind: u.kind, Community: community, Offers: []linkage.Offer{u.offer}})
		if err != nil {
			return parties{}, err
		}
		party := linkage.Party{Kind: linkage.PartyUnit, ID: unit.ID}
		if u.venue {
			p.venues = append(p.venues, party)
		} else {
			p.services = append(p.services, party)
		}
	}
	orgs := []struct {
		name  string
		field linkage.ActivityField
		lead  string
	}{
		{"Neighbourhood mutual-aid society", linkage.FieldMutualAid, "林志明"},
		{"Parents' volunteer association", linkage.FieldResidentServices, "郭晓燕"},
		{"Youth arts club", linkage.FieldCultureSport, "何文博"},
	}
	for i, o := range orgs {
		org, err := svc.RegisterOrganization(ctx, linkage.Organization{Name: o.name, Field: o.field, Type: linkage.OrgAssociation,
			Community: community, Leader: linkage.Leader{Name: must.Name(o.lead), Phone: must.Phone(fmt.Sprintf("1358300%04d", i+1))},
			Members: linkage.Members{Individuals: 8 + 3*i}, Stage: linkage.StageInterestGroup})
		if err != nil {
			return parties{}, err
		}
		p.organizations = append(p.organizations, linkage.Party{Kind: linkage.PartyOrganization, ID: org.ID})
	}
	names := []string{"周律师", "吴老师", "郑医生", "冯晓东", "陈美华", "褚建平", "卫小红", "蒋立新", "沈海波", "韩秀英", "杨志刚"}
	skills := []string{"legal_advice", "tutoring", "health_advice"}
	for i, name := range names {
		birth := time.Date(1960+i*3, time.Month(1+i), 10+i, 0, 0, 0, 0, time.UTC)
		idn := must.IDNumber("330102", birth, i)
		g := volunteer.GenderFemale
		if idn.Male() {
			g = volunteer.GenderMale
		}
		v := volunteer.Volunteer{Name: must.Name(name), Gender: g, BirthDate: birth, IDNumber: idn,
			Phone: must.Phone(fmt.Sprintf("1378400%04d", i+1)), CommunityID: community}
		if i < len(skills) {
			v.Skills = []volunteer.Skill{{Name: skills[i], Level: 4}}
		}
		v, err := vols.Register(ctx, v)
		if err != nil {
			return parties{}, err
		}
		party := linkage.Party{Kind: linkage.PartyVolunteer, ID: v.ID}
		if i < len(skills) {
			p.talents = append(p.talents, party)
		} else {
			p.volunteers = append(p.volunteers, party)
		}
	}
	return p, nil
}

// printLinks writes the project's links by kind, with the distinct parties each brought.
func printLinks(ctx context.Context, w io.Writer, svc *linkage.Service, project uuid.UUID) error {
	fmt.Fprintln(w, "\n== the five linkages ==")
	total := 0
	for _, kind := range []linkage.LinkKind{linkage.LinkTalent, linkage.LinkOrganization, linkage.LinkService,
		linkage.LinkVenue, linkage.LinkVolunteerService} {
		f := linkage.LinkFilter{Kind: kind, Project: project}
		links, err := all(func(req wushe.PageRequest) (wushe.Page[linkage.Link], error) {
			f.Page = req
			return svc.ListLinks(ctx, f)
		})
		if err != nil {
			return err
		}
		parties, needs, acts := map[uuid.UUID]bool{}, 0, 0
		for _, l := range links {
			parties[l.From.ID] = true
			if l.To.Kind == linkage.TargetNeed {
				needs++
			} else {
				acts++
			}
		}
		total += len(links)
		fmt.Fprintf(w, "%-18s %2d links from %d parties (%d to needs, %d to activities)\n", kind, len(links), len(parties), needs, acts)
	}
	fmt.Fprintf(w, "%-18s %2d links\n", "all", total)
	return nil
}

// printServices writes the needs and activities for each of the three groups the project
// starts from.
func printServices(ctx context.Context, w io.Writer, svc *linkage.Service, community, project uuid.UUID) error {
	fmt.Fprintln(w, "\n== services by group ==")
	nf := linkage.NeedFilter{Community: community}
	needs, err := all(func(req wushe.PageRequest) (wushe.Page[linkage.Need], error) {
		nf.Page = req
		return svc.ListNeeds(ctx, nf)
	})
	if err != nil {
		return err
	}
	af := linkage.ActivityFilter{Project: project}
	acts, err := all(func(req wushe.PageRequest) (wushe.Page[linkage.Activity], error) {
		af.Page = req
		return svc.ListActivities(ctx, af)
	})
	if err != nil {
		return err
	}
	for _, b := range bands {
		in := func(g linkage.TargetGroup) bool {
			for _, x := range b.groups {
				if x == g {
					return true
				}
			}
			return false
		}
		raised, met, activities, people := 0, 0, 0, map[wushe.Sensitive]bool{}
		for _, n := range needs {
			if in(n.TargetGroup) {
				raised++
				if n.Status == linkage.NeedMet {
					met++
				}
			}
		}
		for _, a := range acts {
			for _, g := range a.TargetGroups {
				if in(g) {
					activities++
					for _, at := range a.Attendance {
						people[at.Ref] = true
					}
					break
				}
			}
		}
		fmt.Fprintf(w, "%-20s needs %2d raised, %2d met; %2d activities reaching %3d people\n", b.name, raised, met, activities, len(people))
	}
	return nil
}

// all reads every page of a list, in the largest pages.
func all[T any](list func(wushe.PageRequest) (wushe.Page[T], error)) ([]T, error) {
	var out []T
	req := wushe.PageRequest{Limit: wushe.MaxPageLimit}
	for {
		page, err := list(req)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.Next == uuid.Nil {
			return out, nil
		}
		req.After = page.Next
	}
}
