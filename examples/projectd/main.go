// Command projectd rebuilds a service year of Project D, a public service project bought
// by City H and run by a social-work agency, around its "five linkages": talent,
// organization, service, venue and volunteer-service linkage (Huang and Li's study of
// Project D). Nothing links the parties by hand: the social worker refers each need to a
// party and the party's recorded work completes the referral, which derives the links.
// Needs found on home visits go to a specialist social worker (talent linkage; the work is
// case sessions) or to a unit (service linkage; the work is its one-to-one service).
// Activities residents ask for go to a community social organization that runs them
// (organization linkage), to the volunteer team for two volunteers whose verified service
// is the work (volunteer-service linkage) and, for some, to a unit that lends its hall,
// which linkage derives as the unit's service: no link of kind venue comes out of a
// referral yet. The program prints the links by kind, the services for the three groups
// the project starts from (disadvantaged groups, families and minors), the project's
// outputs with the referral rates as linkage.Service.Outputs counts them, and the
// contract scorecard.
//
// The paper names the five linkages and the groups served but reports no counts, so the
// volume of events here is illustrative; every figure printed is counted from the
// recorded events, none is typed in.
//
//	go run ./examples/projectd
package main

import (
	"context"
	"fmt"
	"io"
	"os"
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
	return replay(context.Background(), w)
}

// replay is run under ctx: the first store call that finds ctx done ends it with an error
// wrapping ctx.Err().
func replay(ctx context.Context, w io.Writer) error {
	clock := wushe.NewManualClock(time.Date(2022, 3, 1, 9, 0, 0, 0, cst))
	store := memstore.New()
	vols, err := volunteer.NewService(store, &volunteer.Options{Clock: clock, NewID: wushe.SequentialIDs("projectd-volunteers"), Location: cst})
	if err != nil {
		return err
	}
	svc, err := linkage.NewService(store, &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs("projectd"), Volunteer: vols})
	if err != nil {
		return err
	}
	cycle := wushe.Window{Start: time.Date(2022, 3, 1, 0, 0, 0, 0, cst), End: time.Date(2023, 3, 1, 0, 0, 0, 0, cst)}

	c, err := svc.RegisterCommunity(ctx, linkage.Community{
		Name: "D community", Kind: linkage.CommunityUrban, District: "City H", StreetOffice: "D street office",
		Households: 4100, Residents: 11800, PartyMembers: 160,
		Venues: []linkage.Venue{{ID: wushe.SequentialIDs("projectd-venues")(), Name: "Community service centre", Kind: linkage.VenueServiceCentre,
			Location: &wushe.Point{Lat: 23.0805, Lng: 114.4128}}},
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
			{IndicatorCode: evaluation.CodeNeedsMet, Name: "Needs met", Unit: "need", Value: decimal.NewFromInt(20)},
			{IndicatorCode: evaluation.CodeVolunteersConnected, Name: "Volunteers connected", Unit: "person", Value: decimal.NewFromInt(10)},
			{IndicatorCode: evaluation.CodeUnitsConnected, Name: "Units connected", Unit: "unit", Value: decimal.NewFromInt(3)},
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== %s: bought by %s, run by %s, %s to %s ==\n", project.Name, project.Purchaser, project.Operator,
		cycle.Start.Format(time.DateOnly), cycle.End.Format(time.DateOnly))
	fmt.Fprintf(w, "social worker %v (%s), phone %v\n", worker.Name, words(string(worker.Qualification)), worker.Phone)

	p, err := registerParties(ctx, svc, vols, c.ID, project.ID)
	if err != nil {
		return err
	}
	by := linkage.Party{Kind: linkage.PartySocialWorker, ID: worker.ID}
	loop := &referrals{ctx: ctx, svc: svc, by: by, project: project.ID}

	// Home visits find needs. The worker refers each to a specialist social worker (talent
	// linkage), whose case sessions are the work, or to a unit (service linkage), whose
	// one-to-one service is the work. Most are done and the resident is satisfied.
	for i, ns := range needSpecs {
		clock.Set(cycle.Start.AddDate(0, 0, 7+14*i))
		client := wushe.NewSensitive(wushe.ClassReference, fmt.Sprintf("client:%03d", i+1))
		n, err := svc.RaiseNeed(ctx, linkage.Need{Community: c.ID, TargetGroup: ns.group, Category: ns.category,
			Urgency: linkage.UrgencyHopedFor, Source: linkage.SourceHomeVisit, Beneficiary: client,
			Description: ns.category + " found on a home visit"})
		if err != nil {
			return err
		}
		var to linkage.ReferralResponder
		if i%2 == 0 {
			sw := p.specialists[i/2%len(p.specialists)]
			to = linkage.ReferralResponder{Kind: linkage.ResponderSocialWorker, ID: sw.ID, Name: "specialist social worker"}
		} else {
			u := p.services[i/2%len(p.services)]
			to = linkage.ReferralResponder{Kind: linkage.ResponderUnit, ID: u.ID, Name: u.Name}
		}
		ref, err := loop.refer(n.ID, to, ns.category, ns.category+" for the household visited")
		if err != nil {
			return err
		}
		clock.Advance(time.Duration(ns.planDays) * 24 * time.Hour)
		if err := loop.start(ref, to); err != nil {
			return err
		}
		if !ns.met {
			continue // still under way when the year ends
		}
		clock.Advance(7 * 24 * time.Hour)
		var done linkage.WorkRef
		if to.Kind == linkage.ResponderSocialWorker {
			cs, err := svc.OpenCase(ctx, linkage.Case{Community: c.ID, Worker: to.ID, Household: fmt.Sprintf("household:%03d", i+1),
				Risk: linkage.RiskLow, Client: linkage.Client{Ref: client, Minor: ns.group == linkage.GroupChildren || ns.group == linkage.GroupAdolescents},
				Consents: []linkage.Consent{{GivenBy: consentBy(ns.group), Scope: []string{linkage.ScopeService}, Purpose: ns.category, At: clock.Now()}}})
			if err != nil {
				return err
			}
			if _, err := svc.AddSession(ctx, cs.ID, linkage.Session{Kind: linkage.SessionCounselling, Worker: to.ID, Duration: time.Hour,
				Notes: wushe.NewSensitive(wushe.ClassCaseNote, "session on "+ns.category)}); err != nil {
				return err
			}
			done = linkage.WorkRef{Kind: linkage.WorkCase, ID: cs.ID}
		} else {
			visit := wushe.NewWindow(clock.Now().Add(-2*time.Hour), time.Hour)
			a, err := svc.RecordActivity(ctx, linkage.Activity{Kind: linkage.ActivityCaseSession, Title: to.Name + ": " + ns.category,
				Community: c.ID, Project: project.ID, Units: []uuid.UUID{to.ID}, Window: visit,
				Attendance: []linkage.Attendance{{Ref: client, At: visit.Start}}, TargetGroups: []linkage.TargetGroup{ns.group}})
			if err != nil {
				return err
			}
			done = linkage.WorkRef{Kind: linkage.WorkActivity, ID: a.ID}
		}
		if err := loop.finish(ref, to, done); err != nil {
			return err
		}
		clock.Advance(3 * 24 * time.Hour)
		if err := loop.followUp(n.ID); err != nil {
			return err
		}
	}

	// Activities answer what residents ask for at the community forum. Each is referred to
	// an organization that runs it (organization linkage), to the volunteer team for two
	// volunteers (volunteer-service linkage) and, for every third, to a unit that lends its
	// hall (counted as a unit's service: see the package comment).
	next := 0
	for i, as := range activitySpecs {
		start := cycle.Start.AddDate(0, 0, 10+28*i).Add(14 * time.Hour)
		clock.Set(start.AddDate(0, 0, -5))
		n, err := svc.RaiseNeed(ctx, linkage.Need{Community: c.ID, TargetGroup: as.group, Category: "activity",
			Urgency: linkage.UrgencyHopedFor, Source: linkage.SourceOther, Description: "residents ask for: " + as.title})
		if err != nil {
			return err
		}
		org := p.organizations[i%len(p.organizations)]
		toOrg := linkage.ReferralResponder{Kind: linkage.ResponderOrganization, ID: org.ID, Name: org.Name}
		toTeam := linkage.ReferralResponder{Kind: linkage.ResponderVolunteerTeam, ID: p.team.ID, Name: p.team.Name}
		asks := []struct {
			to  linkage.ReferralResponder
			ask string
			n   int64
		}{{toOrg, "run " + as.title, 0}, {toTeam, "two volunteers to help at " + as.title, 2}}
		if i%3 == 0 {
			u := p.venues[i/3%len(p.venues)]
			asks = append(asks, struct {
				to  linkage.ReferralResponder
				ask string
				n   int64
			}{linkage.ReferralResponder{Kind: linkage.ResponderUnit, ID: u.ID, Name: u.Name}, "lend the hall for " + as.title, 0})
		}
		refs := make([]linkage.Referral, len(asks))
		for k, a := range asks {
			if refs[k], err = loop.referN(n.ID, a.to, "activity", a.ask, a.n); err != nil {
				return err
			}
		}
		clock.Advance(24 * time.Hour) // each answers the next day
		for k, a := range asks {
			if err := loop.start(refs[k], a.to); err != nil {
				return err
			}
		}
		v1, v2 := p.volunteers[(2*i)%len(p.volunteers)], p.volunteers[(2*i+1)%len(p.volunteers)]
		if _, _, err := work.Serve(ctx, svc, vols, clock, work.Shift{Referral: refs[1].ID, Volunteers: []uuid.UUID{v1, v2}, Opportunity: volunteer.Opportunity{Title: "Helpers for " + as.title, Organizer: p.organizer,
			Theme: "community_service", Risk: volunteer.RiskLow, PlaceName: c.Venues[0].Name, Place: *c.Venues[0].Location,
			Shifts: []volunteer.Shift{{Window: wushe.NewWindow(start, 2*time.Hour), Headcount: 2}}}}); err != nil {
			return err
		}
		clock.Set(start.Add(3 * time.Hour))
		a := linkage.Activity{Kind: as.kind, Title: as.title, Community: c.ID, Project: project.ID,
			Window: wushe.NewWindow(start, 2*time.Hour), TargetGroups: []linkage.TargetGroup{as.group}, Organizations: []uuid.UUID{org.ID}}
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
		if a, err = svc.RecordActivity(ctx, a); err != nil {
			return err
		}
		for k, x := range asks {
			var done linkage.WorkRef // the team's work is its opportunity, already attached
			if x.to.Kind != linkage.ResponderVolunteerTeam {
				done = linkage.WorkRef{Kind: linkage.WorkActivity, ID: a.ID}
			}
			if err := loop.finish(refs[k], x.to, done); err != nil {
				return err
			}
		}
		clock.Advance(2 * 24 * time.Hour)
		if err := loop.followUp(n.ID); err != nil {
			return err
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
			evaluation.CodePersonTimes, evaluation.CodeVolunteersConnected, evaluation.CodeUnitsConnected, evaluation.CodeVolunteerHours,
			evaluation.CodeNeedsRaised, evaluation.CodeNeedsMet, evaluation.CodeNeedsMetShare, evaluation.CodeMedianResponseDays,
			linkage.CodeReferrals, linkage.CodeReferralResponseRate, linkage.CodeReferralResolutionRate, linkage.CodeReferralSatisfactionRate:
			fmt.Fprintf(w, "%-26s %s\n", words(o.Indicator), o.Value)
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

// referrals is the social worker's side of the loop: refer, then (as the responder would)
// accept and start, finish with the work, and call the resident back.
type referrals struct {
	ctx     context.Context
	svc     *linkage.Service
	by      linkage.Party
	project uuid.UUID
}

func (l *referrals) refer(need uuid.UUID, to linkage.ReferralResponder, category, ask string) (linkage.Referral, error) {
	return l.referN(need, to, category, ask, 0)
}

// referN refers need to to; n > 0 asks for that headcount.
func (l *referrals) referN(need uuid.UUID, to linkage.ReferralResponder, category, ask string, n int64) (linkage.Referral, error) {
	r := linkage.Referral{Need: need, Project: l.project, Requester: l.by, Responder: to, Category: category, Ask: ask}
	if n > 0 {
		r.Quantity, r.Unit = decimal.NewNullDecimal(decimal.NewFromInt(n)), "volunteers"
	}
	return l.svc.Refer(l.ctx, r)
}

// start has the responder accept the referral and start on it.
func (l *referrals) start(r linkage.Referral, to linkage.ReferralResponder) error {
	if _, err := l.svc.AcceptReferral(l.ctx, r.ID, to); err != nil {
		return err
	}
	_, err := l.svc.StartReferral(l.ctx, r.ID, to)
	return err
}

// finish attaches work (unless it is the zero WorkRef) and completes the referral, which
// derives its links.
func (l *referrals) finish(r linkage.Referral, to linkage.ReferralResponder, work linkage.WorkRef) error {
	if work.ID != uuid.Nil {
		if _, err := l.svc.AttachWork(l.ctx, r.ID, work); err != nil {
			return err
		}
	}
	_, err := l.svc.CompleteReferral(l.ctx, r.ID, to)
	return err
}

// followUp records the resident's answer: satisfied.
func (l *referrals) followUp(need uuid.UUID) error {
	_, err := l.svc.FollowUpNeed(l.ctx, linkage.FollowUp{Need: need, Caller: l.by, Answer: linkage.Satisfied})
	return err
}

// consentBy is who consents to case work for a client of group: a guardian for a minor.
func consentBy(g linkage.TargetGroup) string {
	if g == linkage.GroupChildren || g == linkage.GroupAdolescents {
		return "guardian"
	}
	return "client"
}

// parties are who the social worker refers to: specialist social workers (talent), units
// that serve and units that lend a hall, community social organizations, and the
// volunteer team with its members.
type parties struct {
	specialists      []linkage.SocialWorker
	services, venues []linkage.Unit
	organizations    []linkage.Organization
	team             volunteer.Team
	volunteers       []uuid.UUID
	organizer        volunteer.Actor
}

// registerParties registers the specialists, units, organizations and volunteers of the
// project.
func registerParties(ctx context.Context, svc *linkage.Service, vols *volunteer.Service, community, project uuid.UUID) (parties, error) {
	p := parties{organizer: volunteer.Actor{Kind: volunteer.ActorProject, ID: project}}
	for i, s := range []struct {
		name      string
		specialty linkage.Specialty
	}{{"苏明远", linkage.SpecialtyPovertyRelief}, {"许静怡", linkage.SpecialtyChildren}, {"唐立华", linkage.SpecialtyFamily}} {
		sw, err := svc.RegisterSocialWorker(ctx, linkage.SocialWorker{Name: must.Name(s.name), Phone: must.Phone(fmt.Sprintf("1368200%04d", i+2)),
			Agency: "H City Social Work Agency", Qualification: linkage.QualificationSocial, Communities: []uuid.UUID{community},
			Status: linkage.WorkerActive, Specialties: []linkage.Specialty{s.specialty}, CaseloadCap: 10})
		if err != nil {
			return parties{}, err
		}
		p.specialists = append(p.specialists, sw)
	}
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
		if u.venue {
			p.venues = append(p.venues, unit)
		} else {
			p.services = append(p.services, unit)
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
		p.organizations = append(p.organizations, org)
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
		p.volunteers = append(p.volunteers, v.ID)
	}
	team, err := vols.CreateTeam(ctx, volunteer.Team{Name: "D community volunteer team", RunBy: volunteer.Actor{Kind: volunteer.ActorCommunity, ID: community},
		LeaderID: p.volunteers[0], Members: p.volunteers})
	if err != nil {
		return parties{}, err
	}
	p.team = team
	return p, nil
}

// printLinks writes the project's links by kind, with the distinct parties each brought:
// every one derived from a completed referral.
func printLinks(ctx context.Context, w io.Writer, svc *linkage.Service, project uuid.UUID) error {
	fmt.Fprintln(w, "\n== the five linkages (derived from the completed referrals) ==")
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
		parties, needs := map[uuid.UUID]bool{}, map[uuid.UUID]bool{}
		for _, l := range links {
			parties[l.From.ID] = true
			needs[l.To.ID] = true
		}
		total += len(links)
		fmt.Fprintf(w, "%-18s %2d links from %d parties to %d needs", words(string(kind)), len(links), len(parties), len(needs))
		if kind == linkage.LinkVenue && len(links) == 0 {
			fmt.Fprint(w, " (a unit's hall lent for an activity is derived as the unit's service)")
		}
		fmt.Fprintln(w)
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
			if a.Kind == linkage.ActivityCaseSession {
				continue // a unit's one-to-one service for a need, counted with the needs
			}
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

// words writes a kind as words: "volunteer_service" is "volunteer service".
func words(s string) string { return strings.ReplaceAll(s, "_", " ") }
