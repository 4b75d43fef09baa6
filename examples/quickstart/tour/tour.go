// Package tour is the quickstart's story, apart from the store it runs on, so that the
// same story runs on the in-memory store (go run ./examples/quickstart) and on any other
// Store, such as the SQL adapter's (adapters/sqlstore/examples/quickstart): the only line
// that differs between the two programs is the one that opens the store.
//
// The story follows one need through the five parties. Residents raise it at their
// council; the social worker assesses it in a home visit (a case whose notes stay
// confidential) and refers it to a volunteer team, to the community's charity stock and to
// a unit, which declines; the team serves a shift and records it, the stock delivers rice;
// the referrals are completed from that work, the resident is called back and the need is
// met. The links between the parties are derived from the completed referrals, and the
// referral rates come from Service.Outputs.
package tour

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/evaluation"
	"github.com/wushe/wushe/examples/internal/must"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// Store is what the tour runs on: the linkage, volunteer and resources Stores on one
// type, as memstore.Store and the SQL adapter's Store implement them.
type Store interface {
	linkage.Store
	volunteer.Store
	resources.Store
}

// Run does the tour on store, which must be empty, and writes what it did to w. The clock
// and the IDs are fixed, so the output is the same on every run and on every Store.
func Run(ctx context.Context, w io.Writer, store Store) error {
	clock := wushe.NewManualClock(time.Date(2023, 3, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)))
	// Communities makes Register refuse a volunteer whose CommunityID names no community
	// the store knows.
	vol, err := volunteer.NewService(store, &volunteer.Options{Clock: clock, NewID: wushe.SequentialIDs("quickstart-volunteer"),
		Communities: linkage.CommunityChecker(store)})
	if err != nil {
		return err
	}
	res, err := resources.NewService(store, &resources.Options{Clock: clock, NewID: wushe.SequentialIDs("quickstart-resources")})
	if err != nil {
		return err
	}
	svc, err := linkage.NewService(store, &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs("quickstart"),
		Volunteer: vol, Resources: res})
	if err != nil {
		return err
	}
	ids := wushe.SequentialIDs("quickstart-areas")

	// 1. The community, its grid tree and its venues.
	grid := ids()
	c, err := svc.RegisterCommunity(ctx, linkage.Community{
		Name: "J community", Kind: linkage.CommunityUrban, District: "Wuhou", StreetOffice: "Jiangxi Street",
		Households: 6800, Residents: 20300, PartyMembers: 241,
		Areas: []linkage.Area{
			{ID: grid, Name: "Grid 1", Level: linkage.LevelGrid, Staff: []linkage.GridStaff{staff("王芳", "13800000001")}},
			{ID: ids(), Name: "Grid 1, building 3", Level: linkage.LevelMicroGrid, Parent: grid},
			{ID: ids(), Name: "Grid 2", Level: linkage.LevelGrid},
		},
		Venues: []linkage.Venue{
			{ID: ids(), Name: "Community service centre", Kind: linkage.VenueServiceCentre, Location: &wushe.Point{Lat: 30.6420, Lng: 104.0431}},
			{ID: ids(), Name: "Civilization practice station", Kind: linkage.VenueCivilizationStation},
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "community %q: %d residents, %d areas, %d venues; grid staff %v\n",
		c.Name, c.Residents, len(c.Areas), len(c.Venues), c.Areas[0].Staff[0].Name)

	// 2. A social worker who serves it.
	worker, err := svc.RegisterSocialWorker(ctx, linkage.SocialWorker{
		Name: must.Name("李明"), Phone: must.Phone("13900000002"), Agency: "Xinyuan Social Work Agency",
		Qualification: linkage.QualificationSocial, Specialties: []linkage.Specialty{linkage.SpecialtyElderly},
		Communities: []uuid.UUID{c.ID}, CaseloadCap: 25, Status: linkage.WorkerActive,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "social worker %v (%s), phone %v\n", worker.Name, words(string(worker.Qualification)), worker.Phone)

	// 3. A community organization: an interest group that cannot be filed yet.
	org, err := svc.RegisterOrganization(ctx, linkage.Organization{
		Name: "Silver-hair knitting group", Field: linkage.FieldMutualAid, Type: linkage.OrgAssociation,
		Community: c.ID, Leader: linkage.Leader{Name: must.Name("张秀兰"), Phone: must.Phone("13700000003")},
		Members: linkage.Members{Individuals: 8}, Stage: linkage.StageInterestGroup,
	})
	if err != nil {
		return err
	}
	org, err = svc.AdvanceOrganization(ctx, org.ID, linkage.StageVolunteerTeam, "street office", "organized service rota")
	if err != nil {
		return err
	}
	_, err = svc.AdvanceOrganization(ctx, org.ID, linkage.StageFiled, "street office", "")
	fmt.Fprintf(w, "organization %q is a %s; filing refused (%s):\n", org.Name, words(string(org.Stage)), wushe.KindOf(err))
	for _, fe := range wushe.FieldErrors(err) {
		fmt.Fprintf(w, "  - %s: %s\n", fe.Field, fe.Msg)
	}

	org.Members.Individuals = 12
	org.Venue = "Community service centre, room 2"
	org.Charter = linkage.Charter{Ref: "charter-2023-01", AdoptedAt: clock.Now()}
	if org, err = svc.UpdateOrganization(ctx, org); err != nil {
		return err
	}
	if org, err = svc.AdvanceOrganization(ctx, org.ID, linkage.StageFiled, "Jiangxi Street office", "filing approved"); err != nil {
		return err
	}
	last := org.StageHistory[len(org.StageHistory)-1]
	fmt.Fprintf(w, "with 12 members, a venue and a charter it is %s (approved by %s)\n", words(string(org.Stage)), last.ApprovedBy)

	// 4. A unit in the area and a purchased service project.
	unit, err := svc.RegisterUnit(ctx, linkage.Unit{
		Name: "Community health service centre", Kind: linkage.UnitInstitution, Community: c.ID,
		Offers: []linkage.Offer{linkage.OfferServices, linkage.OfferVolunteers}, Tags: []string{"free clinic"},
	})
	if err != nil {
		return err
	}
	project, err := svc.RegisterProject(ctx, linkage.Project{
		Name: "Party-building-led social work in J community", Purchaser: "Street office",
		Operator: "Xinyuan Social Work Agency", Communities: []uuid.UUID{c.ID},
		Budget: decimal.RequireFromString("300000.00"),
		Cycle:  wushe.Window{Start: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		Targets: []linkage.Target{
			{IndicatorCode: "households_visited", Name: "Households visited", Unit: "household", Value: decimal.NewFromInt(30)},
			{IndicatorCode: "case_services", Name: "Case services", Unit: "case", Value: decimal.NewFromInt(25)},
		},
		Status: linkage.ProjectActive, Mechanism: "1+1+N",
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "project %q: budget %s CNY, %d targets\n", project.Name, project.Budget.StringFixed(2), len(project.Targets))

	// 5. Residents raise a proposal at their council; it becomes a need.
	meeting, err := svc.HoldCouncilMeeting(ctx, linkage.CouncilMeeting{
		Community: c.ID, HeldAt: clock.Now(), Attendees: 23,
		Proposals: []linkage.Proposal{{ID: ids(), Title: "Lunch for older residents living alone in building 3", ProposedBy: "resident:3-2-401", Status: linkage.ProposalProposed}},
	})
	if err != nil {
		return err
	}
	need, meeting, err := svc.ConvertProposal(ctx, meeting.ID, meeting.Proposals[0].ID, linkage.Need{
		TargetGroup: linkage.GroupElderly, Category: "meals", Urgency: linkage.UrgencyDifficult,
		Area: grid, Description: "Older residents of building 3 who live alone cannot cook a hot lunch",
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nThe residents' council (%d residents) raises %q: the need is %s\n",
		meeting.Attendees, meeting.Proposals[0].Title, words(string(need.Status)))

	// 6. The social worker assesses it in a home visit: a case opened with the client's
	// consent, whose notes are confidential.
	clock.Advance(2 * time.Hour)
	cs, err := svc.OpenCase(ctx, linkage.Case{
		Community: c.ID, Worker: worker.ID, Household: "household:3-2-401", Risk: linkage.RiskMedium,
		Client: linkage.Client{
			Ref:    wushe.NewSensitive(wushe.ClassReference, "client:0042"),
			Health: wushe.NewSensitive(wushe.ClassHealth, "knee replacement in 2022"),
		},
		Consents: []linkage.Consent{{GivenBy: "client", Scope: []string{linkage.ScopeService}, Purpose: "case work", At: clock.Now()}},
	})
	if err != nil {
		return err
	}
	cs, err = svc.AddSession(ctx, cs.ID, linkage.Session{At: clock.Now(), Kind: linkage.SessionHomeVisit, Worker: worker.ID,
		Notes: wushe.NewSensitive(wushe.ClassCaseNote, "Lives alone; daughter visits on Sundays"), Duration: time.Hour})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "The social worker assesses it in a home visit: case %s, the client's health shows as %v\n", words(string(cs.Status)), cs.Client.Health)
	notes, err := svc.ReadCaseNotes(ctx, cs.ID, linkage.Reader{Worker: worker.ID}, "supervision", linkage.BasisConsent)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  the assigned worker reads the notes: %q\n", notes[0].Text)
	_, err = svc.ReadCaseNotes(ctx, cs.ID, linkage.Reader{Ref: "unit:health-centre"}, "follow-up", linkage.BasisConsent)
	fmt.Fprintf(w, "  the health centre asks without consent: %s\n", yesNo(errors.Is(err, wushe.ErrForbidden), "refused", "allowed"))

	// 7. The parties that answer it: a volunteer team with two volunteers, and the
	// community's charity stock holding a supermarket's donated rice.
	organizer := volunteer.Actor{Kind: volunteer.ActorCommunity, ID: c.ID}
	var helpers []volunteer.Volunteer
	for i, name := range []string{"赵红梅", "孙建国"} {
		birth := time.Date(1962+i*6, time.Month(4+i), 12, 0, 0, 0, 0, time.UTC)
		v, err := vol.Register(ctx, volunteer.Volunteer{Name: must.Name(name), IDNumber: must.IDNumber("510107", birth, i+1),
			Phone: must.Phone(fmt.Sprintf("1358000000%d", i+1)), CommunityID: c.ID})
		if err != nil {
			return err
		}
		helpers = append(helpers, v)
	}
	team, err := vol.CreateTeam(ctx, volunteer.Team{Name: "Building 3 lunch team", Themes: []volunteer.Theme{volunteer.ThemeElderlyCare},
		LeaderID: helpers[0].ID, Members: []uuid.UUID{helpers[0].ID, helpers[1].ID}, RunBy: organizer})
	if err != nil {
		return err
	}
	donor, err := res.RegisterDonor(ctx, "community office", resources.Donor{Kind: resources.DonorEnterprise, Name: "Jiangxi Street supermarket", CommunityID: c.ID})
	if err != nil {
		return err
	}
	_, lot, err := res.Donate(ctx, "community office", resources.Donation{DonorID: donor.ID, Kind: resources.PropertyGoods,
		Category: "rice", Unit: "bag", Quantity: decimal.NewFromInt(20), FairValue: decimal.NewFromInt(1000), FairValueProof: "invoice 2023-0301"},
		resources.Receiving{Handler: must.Name("王芳"), Holder: resources.Holder{Kind: resources.HolderCommunityFund, Name: "J community charity stock"}})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "The team %q has %d volunteers (%v, %v); the charity stock holds %s bags of rice worth %s CNY each\n",
		team.Name, len(team.Members), helpers[0].Name, helpers[1].Name, lot.OnHand, lot.UnitValue.StringFixed(2))

	// 8. The social worker refers the need to the team, the stock and the health centre.
	clock.Advance(3 * time.Hour)
	by := linkage.Party{Kind: linkage.PartySocialWorker, ID: worker.ID}
	toTeam := linkage.ReferralResponder{Kind: linkage.ResponderVolunteerTeam, ID: team.ID, Name: team.Name}
	toStock := linkage.ReferralResponder{Kind: linkage.ResponderCommunityStock, ID: c.ID, Name: "J community charity stock"}
	toUnit := linkage.ReferralResponder{Kind: linkage.ResponderUnit, ID: unit.ID, Name: unit.Name}
	refer := func(to linkage.ReferralResponder, category, ask string, quantity int64, unitName string) (linkage.Referral, error) {
		r := linkage.Referral{Need: need.ID, Project: project.ID, Requester: by, Responder: to, Category: category, Ask: ask, Unit: unitName}
		if quantity > 0 {
			r.Quantity = decimal.NewNullDecimal(decimal.NewFromInt(quantity))
		}
		return svc.Refer(ctx, r)
	}
	teamRef, err := refer(toTeam, "meal delivery", "deliver a hot lunch to building 3", 2, "volunteers")
	if err != nil {
		return err
	}
	stockRef, err := refer(toStock, "rice", "four bags of rice for the lunch kitchen", 4, "bag")
	if err != nil {
		return err
	}
	unitRef, err := refer(toUnit, "health check", "a doctor's home check for the residents served", 0, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "The social worker refers it to the team, the stock and the health centre: each must answer within %s and finish within %s\n",
		span(teamRef.RespondBy.Sub(teamRef.RequestedAt)), span(teamRef.ResolveBy.Sub(teamRef.RequestedAt)))

	// 9. The answers: the stock at once, the health centre declines, the team in 3 hours.
	if stockRef, err = svc.AcceptReferral(ctx, stockRef.ID, toStock); err != nil {
		return err
	}
	clock.Advance(time.Hour)
	if unitRef, err = svc.RejectReferral(ctx, unitRef.ID, toUnit, "no doctor free for home visits until April"); err != nil {
		return err
	}
	clock.Advance(2 * time.Hour)
	if teamRef, err = svc.AcceptReferral(ctx, teamRef.ID, toTeam); err != nil {
		return err
	}
	for _, r := range []linkage.Referral{stockRef, unitRef, teamRef} {
		rt, _ := r.ResponseTime()
		fmt.Fprintf(w, "  %s: %s %s", r.Responder.Name, words(string(r.Status)), after(rt))
		if r.Reason != "" {
			fmt.Fprintf(w, " (%s)", r.Reason)
		}
		fmt.Fprintln(w)
	}
	if need, err = svc.GetNeed(ctx, need.ID); err != nil {
		return err
	}
	fmt.Fprintf(w, "  the need is now %s\n", words(string(need.Status)))

	// 10. The stock's work: a resources request for the referral, rice reserved and delivered.
	req, stockRef, err := svc.RequestResources(ctx, stockRef.ID, "community office", resources.Request{Group: resources.GroupElderly,
		Kind: resources.PropertyGoods, Category: "rice", Unit: "bag", Quantity: decimal.NewFromInt(4), Urgency: resources.UrgencyUrgent})
	if err != nil {
		return err
	}
	if stockRef, err = svc.StartReferral(ctx, stockRef.ID, toStock); err != nil {
		return err
	}
	clock.Advance(15 * time.Hour) // the next morning
	al, err := res.Reserve(ctx, "community office", lot.ID, req.ID, req.Quantity)
	if err != nil {
		return err
	}
	if al, err = res.Deliver(ctx, "community office", al.ID); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nThe stock delivers %s bags of rice to the lunch kitchen\n", al.Quantity)
	outs, err := svc.ReferralOutputs(ctx, stockRef.ID)
	if err != nil {
		return err
	}
	if stockRef, err = svc.CompleteReferral(ctx, stockRef.ID, toStock); err != nil {
		return err
	}
	rt, _ := stockRef.ResolutionTime()
	fmt.Fprintf(w, "  %s: %s %s after the referral: %s bags delivered, worth %s CNY\n", toStock.Name, words(string(stockRef.Status)),
		span(rt), outs.Delivered, outs.Value.StringFixed(2))

	// 11. The team's work: a lunch shift for the referral, signed up and served.
	shiftStart := time.Date(2023, 3, 3, 11, 0, 0, 0, clock.Now().Location())
	opp, teamRef, err := svc.OpenOpportunity(ctx, teamRef.ID, volunteer.Opportunity{Title: "Hot lunch for building 3",
		Organizer: organizer, Theme: volunteer.ThemeElderlyCare, Risk: volunteer.RiskLow, PlaceName: "Community service centre",
		Place:  wushe.Point{Lat: 30.6420, Lng: 104.0431},
		Shifts: []volunteer.Shift{{ID: ids(), Window: wushe.NewWindow(shiftStart, 2*time.Hour), Headcount: 2}}})
	if err != nil {
		return err
	}
	if opp, err = vol.PublishOpportunity(ctx, organizer, opp.ID); err != nil {
		return err
	}
	shift := volunteer.ShiftRef{OpportunityID: opp.ID, ShiftID: opp.Shifts[0].ID}
	names := map[uuid.UUID]string{}
	var enrolments []volunteer.Enrolment
	for _, v := range helpers {
		e, err := vol.SignUp(ctx, v.ID, shift)
		if err != nil {
			return err
		}
		enrolments = append(enrolments, e)
		names[v.ID] = fmt.Sprint(v.Name)
	}
	if teamRef, err = svc.StartReferral(ctx, teamRef.ID, toTeam); err != nil {
		return err
	}
	clock.Set(opp.Shifts[0].Window.Start)
	for _, e := range enrolments {
		if _, err := vol.CheckIn(ctx, organizer, e.ID); err != nil {
			return err
		}
	}
	// After the shift one call records every check-in, completes the enrolments, awards
	// the points and marks whoever did not come.
	clock.Set(opp.Shifts[0].Window.End.Add(time.Hour))
	closed, err := vol.CloseShift(ctx, organizer, shift)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "The team serves the lunch shift of %s (%d signed up, %d no-shows); the organizer closes it:\n",
		shiftStart.Format("2 January, 15:04"), len(helpers), len(closed.NoShows))
	for _, rec := range closed.Records {
		fmt.Fprintf(w, "  %s served %s; the record is %s\n", names[rec.VolunteerID], span(time.Duration(rec.Minutes)*time.Minute),
			words(string(rec.Status)))
	}
	fmt.Fprintf(w, "  %s points for the team\n", closed.Points)

	// 12. The team's referral is completed from that work; the need waits for the resident.
	if outs, err = svc.ReferralOutputs(ctx, teamRef.ID); err != nil {
		return err
	}
	if teamRef, err = svc.CompleteReferral(ctx, teamRef.ID, toTeam); err != nil {
		return err
	}
	rt, _ = teamRef.ResolutionTime()
	fmt.Fprintf(w, "  %s: %s %s after the referral: %d volunteers served %s in all\n", toTeam.Name, words(string(teamRef.Status)),
		span(rt), outs.Headcount, span(time.Duration(outs.Minutes)*time.Minute))
	if need, err = svc.GetNeed(ctx, need.ID); err != nil {
		return err
	}
	fmt.Fprintf(w, "  the need is now %s, until the resident says it is met\n", words(string(need.Status)))

	// 13. The resident's follow-up call.
	clock.Advance(2 * 24 * time.Hour)
	out, err := svc.FollowUpNeed(ctx, linkage.FollowUp{Need: need.ID, Caller: by, Answer: linkage.Satisfied, Note: "lunch arrives hot every day"})
	if err != nil {
		return err
	}
	need = out.Need
	fmt.Fprintf(w, "\nThe social worker calls the resident back: %s (%q). The need is %s, %s after it was raised\n",
		words(string(out.FollowUp.Answer)), out.FollowUp.Note, words(string(need.Status)), span(need.MetAt.Sub(need.RaisedAt)))

	// 14. The links, derived from the completed referrals.
	links, err := svc.ListLinks(ctx, linkage.LinkFilter{ToID: need.ID})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d links were derived from the completed referrals:\n", len(links.Items))
	for _, l := range links.Items {
		from, err := partyName(ctx, vol, l.From, c)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s linkage from %s: %s %s\n", words(string(l.Kind)), from, l.Quantity.Decimal.StringFixed(2), l.Unit)
	}
	volunteers, err := svc.CountLinkedParties(ctx, linkage.PartyVolunteer, linkage.LinkFilter{Project: project.ID})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "volunteers connected to the project: %d\n", volunteers)

	// 15. What the month adds up to.
	march := wushe.Window{Start: time.Date(2023, 3, 1, 0, 0, 0, 0, clock.Now().Location()), End: time.Date(2023, 4, 1, 0, 0, 0, 0, clock.Now().Location())}
	set, err := svc.Outputs(ctx, linkage.CommunityScope(c.ID), march, nil)
	if err != nil {
		return err
	}
	got := map[string]decimal.Decimal{}
	for _, ob := range set.All() {
		got[ob.Indicator] = ob.Value
	}
	fmt.Fprintf(w, "\nMarch 2023 in %s: %s referrals, %s volunteer hours, %s CNY of goods delivered\n", c.Name,
		got[linkage.CodeReferrals], got[evaluation.CodeVolunteerHours], got[evaluation.CodeResourcesAllocatedValue].StringFixed(2))
	fmt.Fprintf(w, "  answered in time %s, resolved %s, residents satisfied %s\n", percent(got[linkage.CodeReferralResponseRate]),
		percent(got[linkage.CodeReferralResolutionRate]), percent(got[linkage.CodeReferralSatisfactionRate]))
	return nil
}

// partyName is how the tour names a link's source: a volunteer by their masked name, the
// community by its name.
func partyName(ctx context.Context, vol *volunteer.Service, p linkage.Party, c linkage.Community) (string, error) {
	switch p.Kind {
	case linkage.PartyVolunteer:
		v, err := vol.GetVolunteer(ctx, p.ID)
		if err != nil {
			return "", err
		}
		return "volunteer " + v.Name.String(), nil
	case linkage.PartyCommunity:
		return c.Name, nil
	}
	return words(string(p.Kind)), nil
}

// words writes a status or kind as words: "in_progress" is "in progress".
func words(s string) string { return strings.ReplaceAll(s, "_", " ") }

// span writes a duration in days, hours and minutes ("2 days 3 hours", "3 hours").
func span(d time.Duration) string {
	days, hours, minutes := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	for _, p := range []struct {
		n    int
		unit string
	}{{days, "day"}, {hours, "hour"}, {minutes, "minute"}} {
		switch {
		case p.n == 1:
			parts = append(parts, "1 "+p.unit)
		case p.n > 1:
			parts = append(parts, fmt.Sprintf("%d %ss", p.n, p.unit))
		}
	}
	if len(parts) == 0 {
		return "0 minutes"
	}
	return strings.Join(parts, " ")
}

// after writes how long after something came: "at once" or "after 3 hours".
func after(d time.Duration) string {
	if d <= 0 {
		return "at once"
	}
	return "after " + span(d)
}

// percent writes a share as a whole percentage.
func percent(share decimal.Decimal) string {
	return share.Mul(decimal.NewFromInt(100)).Round(0).String() + "%"
}

// yesNo picks the word for a condition.
func yesNo(ok bool, yes, no string) string {
	if ok {
		return yes
	}
	return no
}

func staff(name, phone string) linkage.GridStaff {
	return linkage.GridStaff{Name: must.Name(name), Role: "grid staff", Phone: must.Phone(phone)}
}
