// Package tour is the quickstart's scenario, apart from the store it runs on, so that the
// same tour runs on the in-memory store (go run ./examples/quickstart) and on any other
// linkage.Store, such as the SQL adapter's (adapters/sqlstore/examples/quickstart): the
// only line that differs between the two programs is the one that opens the store.
package tour

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/examples/internal/must"
	"github.com/wushe/wushe/linkage"
)

// Run does the tour on store, which must be empty, and writes what it did to w. The clock
// and the IDs are fixed, so the output is the same on every run and on every Store.
func Run(ctx context.Context, w io.Writer, store linkage.Store) error {
	clock := wushe.NewManualClock(time.Date(2023, 3, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)))
	svc, err := linkage.NewService(store, &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs("quickstart")})
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
	fmt.Fprintf(w, "social worker %v (%s), phone %v\n", worker.Name, worker.Qualification, worker.Phone)

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
	fmt.Fprintf(w, "organization %q is a %s; filing refused (%s):\n", org.Name, org.Stage, wushe.KindOf(err))
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
	fmt.Fprintf(w, "with 12 members, a venue and a charter it is %s (approved by %s)\n", org.Stage, last.ApprovedBy)

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

	// 5. A residents' council raises a proposal, which becomes a need.
	meeting, err := svc.HoldCouncilMeeting(ctx, linkage.CouncilMeeting{
		Community: c.ID, HeldAt: clock.Now(), Attendees: 23,
		Proposals: []linkage.Proposal{{ID: ids(), Title: "Handrails for the stairs of building 3", ProposedBy: "resident:3-2-401", Status: linkage.ProposalProposed}},
	})
	if err != nil {
		return err
	}
	need, meeting, err := svc.ConvertProposal(ctx, meeting.ID, meeting.Proposals[0].ID, linkage.Need{
		TargetGroup: linkage.GroupElderly, Category: "accessibility", Urgency: linkage.UrgencyDifficult,
		Area: grid, Description: "Older residents of building 3 cannot use the stairs safely",
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "council meeting with %d residents: proposal %q is now need (%s, %s, %s)\n",
		meeting.Attendees, meeting.Proposals[0].Title, need.Status, need.Urgency, need.Source)
	clock.Advance(48 * time.Hour)
	if need, err = svc.PlanNeed(ctx, need.ID); err != nil {
		return err
	}
	if rt, ok := need.ResponseTime(); ok {
		fmt.Fprintf(w, "need planned %s after it was raised\n", rt)
	}

	// 6. A case opened with the client's consent; its notes are confidential.
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
	fmt.Fprintf(w, "case opened (%s), client health shown as %v, 1 home visit recorded\n", cs.Status, cs.Client.Health)
	notes, err := svc.ReadCaseNotes(ctx, cs.ID, linkage.Reader{Worker: worker.ID}, "supervision", linkage.BasisConsent)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "the assigned worker reads the notes: %q\n", notes[0].Text)
	_, err = svc.ReadCaseNotes(ctx, cs.ID, linkage.Reader{Ref: "unit:health-centre"}, "follow-up", linkage.BasisConsent)
	fmt.Fprintf(w, "the health centre without consent: forbidden=%v\n", errors.Is(err, wushe.ErrForbidden))

	// 7. The worker links the health centre's free clinic to the need.
	link, err := svc.RecordLink(ctx, linkage.Link{
		Kind: linkage.LinkService, At: clock.Now(),
		By:   linkage.Party{Kind: linkage.PartySocialWorker, ID: worker.ID},
		From: linkage.Party{Kind: linkage.PartyUnit, ID: unit.ID},
		To:   linkage.LinkTarget{Kind: linkage.TargetNeed, ID: need.ID}, Project: project.ID,
		Description: "free clinic and home assessment for building 3",
	})
	if err != nil {
		return err
	}
	units, err := svc.CountLinkedParties(ctx, linkage.PartyUnit, linkage.LinkFilter{Project: project.ID})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "link recorded (%s linkage); units connected to the project: %d\n", link.Kind, units)
	return nil
}

func staff(name, phone string) linkage.GridStaff {
	return linkage.GridStaff{Name: must.Name(name), Role: "grid staff", Phone: must.Phone(phone)}
}
