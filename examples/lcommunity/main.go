// Command lcommunity replays the cultivation of the K volunteer service team of L community,
// Beijing, on the embedded in-memory store: residents who can knit grow from an interest
// group into a filed community social organization, each stage change refused until its
// criteria are met and then approved, with dated capacity assessments along the way; the
// activities that got them there (tripartite talks, capacity-building lectures, knitting
// training, charity sales); the knitted goods residents donate, sold at charity sales with
// the proceeds entering the books as cash and spent on a request; the stock conservation
// figures and the project's disclosure report; and the outputs and scorecard of the project
// bought by the Changping district civil-affairs department.
//
// The sales and the care packs they pay for answer one need, referred by the social worker
// to the K team (its work: the sales) and to the community charity fund (its work: the
// proceeds delivered); the links between the parties are derived from those referrals when
// they are completed. The paper's criticism that party building inside the community's
// social organizations lags behind becomes a figure: the party coverage of the
// organizations before and after the K team gets a branch of its own.
//
// The facts (the knitting residents, the K team, the four kinds of activity, the purchaser)
// come from Han, Song, Wang and Li's case study of L community. The study publishes no
// dates, budget, targets or quantities, so those are illustrative; every count printed is
// computed from the recorded events, never typed in.
//
//	go run ./examples/lcommunity
package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/evaluation"
	"github.com/wushe/wushe/examples/internal/must"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/resources"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "lcommunity:", err)
		os.Exit(1)
	}
}

// cst is China Standard Time, where every date of the case is read.
var cst = time.FixedZone("CST", 8*3600)

// day is a date of the project year: April to December 2022, January to March 2023.
func day(m time.Month, d, hour int) time.Time {
	y := 2022
	if m < time.April {
		y = 2023
	}
	return time.Date(y, m, d, hour, 0, 0, 0, cst)
}

// The project runs one year, [2022-04-01, 2023-04-01) (illustrative).
var cycle = wushe.Window{Start: time.Date(2022, time.April, 1, 0, 0, 0, 0, cst), End: time.Date(2023, time.April, 1, 0, 0, 0, 0, cst)}

// knitters are the residents who can knit, by pseudonymous reference; the team grows as
// the project recruits them.
const knitterPool = 16

// donors are the knitters who give the goods sold at the charity sales: name, what, how
// many, the fair value of one piece in CNY.
var donors = []struct {
	name, phone, category, unit string
	pieces                      int64
	value                       int64
}{
	{"赵桂兰", "13600100001", "knitted_scarf", "scarf", 40, 45},
	{"孙淑珍", "13600100002", "knitted_hat", "hat", 36, 30},
	{"周玉梅", "13600100003", "knitted_scarf", "scarf", 24, 45},
}

// run replays the project and writes the report to w. The clock, the IDs and the random
// choices are fixed, so the output is the same on every run.
func run(w io.Writer) error {
	return replay(context.Background(), w)
}

// replay is run under ctx: the first store call that finds ctx done ends it with an error
// wrapping ctx.Err().
func replay(ctx context.Context, w io.Writer) error {
	clock := wushe.NewManualClock(day(time.April, 1, 9))
	store := memstore.New()
	res, err := resources.NewService(store, &resources.Options{Clock: clock, NewID: wushe.SequentialIDs("lcommunity-resources"),
		Organization: "L community charity fund"})
	if err != nil {
		return err
	}
	link, err := linkage.NewService(store, &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs("lcommunity-linkage"), Resources: res})
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2022, 4))

	community, err := link.RegisterCommunity(ctx, linkage.Community{
		Name: "L community", Kind: linkage.CommunityUrban, District: "Changping", StreetOffice: "street office",
		Venues: []linkage.Venue{{ID: wushe.SequentialIDs("lcommunity-venues")(), Name: "L community service centre", Kind: linkage.VenueServiceCentre}},
	})
	if err != nil {
		return err
	}
	worker, err := link.RegisterSocialWorker(ctx, linkage.SocialWorker{
		Name: must.Name("刘佳"), Phone: must.Phone("13900102022"), Agency: "social work agency",
		Qualification: linkage.QualificationSocial, Specialties: []linkage.Specialty{linkage.SpecialtyElderly},
		Communities: []uuid.UUID{community.ID}, CaseloadCap: 20, Status: linkage.WorkerActive,
	})
	if err != nil {
		return err
	}
	project, err := link.RegisterProject(ctx, linkage.Project{
		Name: "K volunteer service team cultivation in L community", Purchaser: "Changping District Civil Affairs Bureau",
		Operator: "social work agency", Communities: []uuid.UUID{community.ID},
		Budget: decimal.RequireFromString("150000.00"), Cycle: cycle, Status: linkage.ProjectActive, Mechanism: "five-society linkage",
		Targets: []linkage.Target{
			target(evaluation.CodeGroupSessions, "Knitting training sessions", "session", 20),
			target(evaluation.CodeCommunityActivities, "Talks, lectures and charity sales", "activity", 10),
			target(evaluation.CodePeopleServed, "People served", "person", 60),
			target(evaluation.CodeOrganizationsFiled, "Organizations filed", "organization", 1),
			target(evaluation.CodeResourcesAllocatedValue, "Charity-sale proceeds put to use", "CNY", 3000),
		},
	})
	if err != nil {
		return err
	}
	// The community's party committee. The K team's party members belong to it, not to a
	// party organization of the team: the paper finds party building in the community's
	// social organizations lagging, led from outside by the community's party organization
	// or the street's party working committee, with none inside the organization.
	committee, err := link.RegisterPartyOrg(ctx, linkage.PartyOrg{Community: community.ID, Name: "L community party committee", Kind: linkage.PartyCommittee})
	if err != nil {
		return err
	}
	coverage := func(when string) error {
		c, err := link.PartyCoverage(ctx, community.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "party building %s: %d of %d social organizations with %d or more full party members have a party branch (%s)\n",
			when, c.Covered, c.Required, linkage.BranchThreshold, percent(c.Rate()))
		return nil
	}
	fmt.Fprintf(w, "project %q bought by %s\n", project.Name, project.Purchaser)
	fmt.Fprintf(w, "  cycle %s to %s, budget %s CNY (illustrative), %d targets\n",
		cycle.Start.Format(time.DateOnly), cycle.End.Format(time.DateOnly), project.Budget.StringFixed(2), len(project.Targets))

	// The interest group: six knitters, no accountable leader yet.
	team, err := link.RegisterOrganization(ctx, linkage.Organization{
		Name: "K volunteer service team", Field: linkage.FieldMutualAid, Type: linkage.OrgAssociation,
		Community: community.ID, Members: linkage.Members{Individuals: 6}, Stage: linkage.StageInterestGroup,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %s with %d members\n", team.Name, words(string(team.Stage)), team.Members.Total())
	assess := func(at time.Time, summary string, leadership, governance, services, finances string) error {
		clock.Set(at)
		t, err := link.AssessOrganization(ctx, team.ID, linkage.CapacityAssessment{At: at, Assessor: "social worker", Summary: summary,
			Scores: []linkage.Score{score("leadership", leadership), score("governance", governance), score("services", services), score("finances", finances)}})
		if err != nil {
			return err
		}
		a := t.Assessments[len(t.Assessments)-1]
		fmt.Fprintf(w, "  capacity assessment %s (%s): mean %s of 5\n", a.At.Format(time.DateOnly), a.Summary, a.Mean().StringFixed(2))
		team = t
		return nil
	}
	advance := func(at time.Time, to linkage.Stage, approvedBy, note string) (bool, error) {
		clock.Set(at)
		t, err := link.AdvanceOrganization(ctx, team.ID, to, approvedBy, note)
		if err == nil {
			team = t
			fmt.Fprintf(w, "  %s: %s approved by %s\n", at.Format(time.DateOnly), words(string(to)), approvedBy)
			return true, nil
		}
		if wushe.KindOf(err) != wushe.KindInsufficient {
			return false, err
		}
		fmt.Fprintf(w, "  %s: %s refused (%s):\n", at.Format(time.DateOnly), words(string(to)), wushe.KindOf(err))
		for _, fe := range wushe.FieldErrors(err) {
			fmt.Fprintf(w, "    - %s: %s\n", fe.Field, fe.Msg)
		}
		return false, nil
	}
	if err := assess(day(time.April, 8, 10), "baseline", "1.5", "1.0", "2.0", "1.0"); err != nil {
		return err
	}

	// Activities, counted as they are recorded.
	kinds := map[string]int{}
	record := func(kind linkage.ActivityKind, label, title string, start time.Time, length time.Duration, refs []string, uncounted int) (linkage.Activity, error) {
		win := wushe.NewWindow(start, length)
		clock.Set(win.End)
		att := make([]linkage.Attendance, 0, len(refs))
		for _, r := range refs {
			att = append(att, linkage.Attendee(r, start))
		}
		a, err := link.RecordActivity(ctx, linkage.Activity{Kind: kind, Title: title, Community: community.ID, Project: project.ID,
			Organizations: []uuid.UUID{team.ID}, Venue: community.Venues[0].Name, Window: win, Attendance: att,
			UncountedPersonTimes: uncounted, TargetGroups: []linkage.TargetGroup{linkage.GroupElderly}})
		if err == nil {
			kinds[label]++
		}
		return a, err
	}
	members := 6
	talk := func(at time.Time, topic string) error {
		refs := append(knitters(members), "committee-01", "committee-02")
		_, err := record(linkage.ActivityCommunityWork, "tripartite talks", "Tripartite talk: "+topic, at, 2*time.Hour, refs, 0)
		return err
	}
	lecture := func(at time.Time, topic string) error {
		_, err := record(linkage.ActivityTraining, "capacity-building lectures", "Capacity-building lecture: "+topic, at, 90*time.Minute, knitters(members), 0)
		return err
	}

	// April: the first tripartite talk settles who leads; the team is then a volunteer team.
	if _, err := advance(day(time.April, 12, 9), linkage.StageVolunteerTeam, "residents' committee", ""); err != nil {
		return err
	}
	if err := talk(day(time.April, 15, 14), "community committee, social worker and knitters on how the team is run"); err != nil {
		return err
	}
	team.Leader = linkage.Leader{Name: must.Name("赵桂兰")}
	if team, err = link.UpdateOrganization(ctx, team); err != nil {
		return err
	}
	if _, err := advance(day(time.April, 18, 9), linkage.StageVolunteerTeam, "residents' committee", "leader chosen at the tripartite talk"); err != nil {
		return err
	}

	// May to September: weekly knitting training; recruitment grows the team.
	lectures := []string{"what a community social organization is", "writing a charter", "keeping accounts", "running a charity sale"}
	training := day(time.May, 6, 14)
	for week := range 20 {
		at := training.AddDate(0, 0, 7*week)
		if week%3 == 2 && members < knitterPool {
			members++
		}
		present := knitters(members)
		rng.Shuffle(len(present), func(i, j int) { present[i], present[j] = present[j], present[i] })
		if _, err := record(linkage.ActivityGroupWork, "knitting training", "Knitting training", at, 2*time.Hour, present[:members-rng.IntN(3)], 0); err != nil {
			return err
		}
		if week%5 == 2 {
			if err := lecture(at.AddDate(0, 0, 2), lectures[week/5]); err != nil {
				return err
			}
		}
		if week == 9 {
			team.Members.Individuals = members
			if team, err = link.UpdateOrganization(ctx, team); err != nil {
				return err
			}
			if _, err := advance(at.AddDate(0, 0, 1), linkage.StageFiled, "street office", ""); err != nil {
				return err
			}
			if err := talk(at.AddDate(0, 0, 3), "a venue, a charter and the leader's contact for filing"); err != nil {
				return err
			}
			if err := talk(at.AddDate(0, 0, 4), "bonding with the neighbouring knitting groups"); err != nil {
				return err
			}
		}
		if week == 13 {
			team.Members.Individuals = members
			team.Leader.Phone = must.Phone(donors[0].phone)
			team.Venue = "L community service centre, activity room 2"
			team.Charter = linkage.Charter{Ref: "K team charter, 2022", AdoptedAt: clock.Now()}
			// Three of the knitters are full party members (illustrative: the paper gives
			// no count), enough that the team needs a party branch (Party Constitution Art 30).
			team.PartyMembers = 3
			if team, err = link.UpdateOrganization(ctx, team); err != nil {
				return err
			}
			if _, err := advance(at.AddDate(0, 0, 1), linkage.StageFiled, "street office", "filed with the street office"); err != nil {
				return err
			}
		}
	}
	if err := coverage("once the team is filed"); err != nil {
		return err
	}
	if err := assess(day(time.September, 30, 10), "mid-term", "3.0", "3.5", "3.0", "2.5"); err != nil {
		return err
	}

	// October: three knitters give their work to the project for the charity sales.
	handler := must.Name("刘佳")
	fundID := wushe.SequentialIDs("lcommunity-fund")() // the fund as the community's books know it
	fund := resources.Holder{Kind: resources.HolderCommunityFund, Name: "L community charity fund", ID: fundID}
	stall := resources.Holder{Kind: resources.HolderOrganization, Name: team.Name, ID: team.ID}
	var lots []resources.Lot
	clock.Set(day(time.October, 10, 10))
	for _, d := range donors {
		donor, err := res.RegisterDonor(ctx, "social worker", resources.Donor{Kind: resources.DonorIndividual, Person: must.Name(d.name),
			Phone: must.Phone(d.phone), CommunityID: community.ID})
		if err != nil {
			return err
		}
		_, lot, err := res.Donate(ctx, "social worker", resources.Donation{DonorID: donor.ID, Kind: resources.PropertyGoods,
			Category: d.category, Unit: d.unit, Quantity: decimal.NewFromInt(d.pieces),
			FairValue: decimal.NewFromInt(d.pieces * d.value), FairValueProof: "price list agreed with the residents' committee",
			ProjectID: project.ID, Description: "hand-knitted for the K team's charity sales"},
			resources.Receiving{Handler: handler, Holder: stall})
		if err != nil {
			return err
		}
		lots = append(lots, lot)
	}
	fmt.Fprintf(w, "%d knitters donated %d lots for the charity sales\n", len(donors), len(lots))

	// The need the sales serve: winter care packs for older residents living alone. The
	// social worker refers it to the K team, which runs the sales; the links come from the
	// referrals' work when they are completed, never typed in.
	need, err := link.RaiseNeed(ctx, linkage.Need{Community: community.ID, TargetGroup: linkage.GroupElderly, Category: "winter care",
		Urgency: linkage.UrgencyHopedFor, Source: linkage.SourceHomeVisit,
		Description: "older residents living alone need warm clothes and care packs for the winter"})
	if err != nil {
		return err
	}
	by := linkage.Party{Kind: linkage.PartySocialWorker, ID: worker.ID}
	toTeam := linkage.ReferralResponder{Kind: linkage.ResponderOrganization, ID: team.ID, Name: team.Name}
	teamRef, err := link.Refer(ctx, linkage.Referral{Need: need.ID, Project: project.ID, Requester: by, Responder: toTeam,
		Category: "charity sale", Ask: "run a charity sale a month of the knitted goods to pay for the care packs"})
	if err != nil {
		return err
	}
	if _, err := link.AcceptReferral(ctx, teamRef.ID, toTeam); err != nil {
		return err
	}
	if _, err := link.StartReferral(ctx, teamRef.ID, toTeam); err != nil {
		return err
	}

	// November to January: a charity sale a month; what sells is disposed of as sold and
	// the proceeds are received into the community charity fund as cash.
	var proceedsLots []uuid.UUID
	raised := decimal.Zero
	for i, at := range []time.Time{day(time.November, 19, 9), day(time.December, 17, 9), day(time.January, 14, 9)} {
		buyers := make([]string, 0, 20)
		for _, n := range rng.Perm(60)[:12+rng.IntN(9)] {
			buyers = append(buyers, fmt.Sprintf("resident-%03d", n+1))
		}
		sale, err := record(linkage.ActivityPublicWelfareMarket, "charity sales", fmt.Sprintf("K team charity sale %d", i+1), at, 4*time.Hour,
			append(knitters(members), buyers...), 30+rng.IntN(21))
		if err != nil {
			return err
		}
		if _, err := link.AttachWork(ctx, teamRef.ID, linkage.WorkRef{Kind: linkage.WorkActivity, ID: sale.ID}); err != nil {
			return err
		}
		for j, lot := range lots {
			l, err := store.GetLot(ctx, lot.ID)
			if err != nil {
				return err
			}
			sold := l.OnHand.Mul(decimal.NewFromInt(int64(3 + j))).Div(decimal.NewFromInt(10)).Floor() // what the stall sold
			if !sold.IsPositive() {
				continue
			}
			price := l.UnitValue.Mul(decimal.RequireFromString("0.9")) // sold at 90% of the listed value
			// The buyers pay; the proceeds are the knitters' gift in cash, not a second gift.
			_, proceeds, err := res.Dispose(ctx, "social worker", lot.ID, resources.Disposal{Quantity: sold, Reason: resources.DisposeSold,
				Proceeds: sold.Mul(price).Round(2), Buyers: fmt.Sprintf("%d buyers at %s", len(buyers), sale.Title), Holder: fund, Note: sale.Title})
			if err != nil {
				return err
			}
			raised = raised.Add(proceeds.Received)
			proceedsLots = append(proceedsLots, proceeds.ID)
			if i == 0 && j == 0 {
				fmt.Fprintf(w, "  %s CNY for %s %s of %s, paid by %s\n", proceeds.Received.StringFixed(2), sold, l.Unit, l.Category, proceeds.PaidBy)
			}
		}
	}
	fmt.Fprintf(w, "%d charity sales raised %s CNY from their buyers, kept as %d cash lots of the knitters' donations\n",
		kinds["charity sales"], raised.StringFixed(2), len(proceedsLots))
	if teamRef, err = link.CompleteReferral(ctx, teamRef.ID, toTeam); err != nil {
		return err
	}

	// January: the street's party working committee approves a party branch inside the K
	// team, under the community's committee.
	clock.Set(day(time.January, 20, 10))
	if _, err := link.RegisterPartyOrg(ctx, linkage.PartyOrg{Community: community.ID, Name: "K volunteer service team party branch",
		Kind: linkage.PartyBranch, Parent: committee.ID, FullMembers: team.PartyMembers, FoundedOn: clock.Now(),
		Hosts: []linkage.PartyHost{{Kind: linkage.PartyOrganization, ID: team.ID}}}); err != nil {
		return err
	}
	if err := coverage("once the team has its own branch"); err != nil {
		return err
	}

	// February: the proceeds pay for winter care packs for older residents living alone.
	// The social worker refers that part of the need to the community charity fund, which
	// pays for the packs from the proceeds.
	clock.Set(day(time.February, 6, 10))
	toFund := linkage.ReferralResponder{Kind: linkage.ResponderCharityFund, ID: fundID, Name: fund.Name}
	fundRef, err := link.Refer(ctx, linkage.Referral{Need: need.ID, Project: project.ID, Requester: by, Responder: toFund,
		Category: "charity_sale_proceeds", Ask: "pay for the winter care packs from the charity-sale proceeds"})
	if err != nil {
		return err
	}
	if _, err := link.AcceptReferral(ctx, fundRef.ID, toFund); err != nil {
		return err
	}
	req, _, err := link.RequestResources(ctx, fundRef.ID, "social worker", resources.Request{Group: resources.GroupElderly,
		Purpose: resources.PurposeCare, Kind: resources.PropertyCash, Category: "charity_sale_proceeds", Unit: "CNY",
		Quantity: decimal.NewFromInt(3600), Urgency: resources.UrgencyDifficult})
	if err != nil {
		return err
	}
	if _, err := link.StartReferral(ctx, fundRef.ID, toFund); err != nil {
		return err
	}
	for _, id := range proceedsLots {
		l, err := store.GetLot(ctx, id)
		if err != nil {
			return err
		}
		take := decimal.Min(l.OnHand, req.Quantity.Sub(req.Reserved).Sub(req.Delivered))
		if !take.IsPositive() {
			break
		}
		a, err := res.Reserve(ctx, "social worker", id, req.ID, take)
		if err != nil {
			return err
		}
		if _, err := res.Deliver(ctx, "social worker", a.ID); err != nil {
			return err
		}
		if req, err = store.GetRequest(ctx, req.ID); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "winter care packs: %s of %s CNY delivered from the proceeds\n", req.Delivered.StringFixed(2), req.Quantity.StringFixed(2))
	if _, err := link.CompleteReferral(ctx, fundRef.ID, toFund); err != nil {
		return err
	}
	clock.Advance(3 * 24 * time.Hour)
	called, err := link.FollowUpNeed(ctx, linkage.FollowUp{Need: need.ID, Caller: by, Answer: linkage.Satisfied, Note: "the packs arrived before the cold spell"})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "the need for winter care is %s after the residents' follow-up (%s)\n", words(string(called.Need.Status)), words(string(called.FollowUp.Answer)))
	links, err := wushe.Collect(func(r wushe.PageRequest) (wushe.Page[linkage.Link], error) {
		return link.ListLinks(ctx, linkage.LinkFilter{ToID: need.ID, Page: r})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d links derived from the completed referrals:\n", len(links))
	for _, l := range links {
		from := team.Name
		if l.From.ID == fundID {
			from = fund.Name
		}
		q := l.Quantity.Decimal.String()
		if l.Unit == "CNY" {
			q = l.Quantity.Decimal.StringFixed(2)
		}
		fmt.Fprintf(w, "  %s linkage from %s: %s %s\n", words(string(l.Kind)), from, q, l.Unit)
	}

	if err := lecture(day(time.March, 4, 14), "planning the second year"); err != nil {
		return err
	}
	if err := assess(day(time.March, 20, 10), "final", "4.0", "4.0", "4.5", "3.5"); err != nil {
		return err
	}

	// The books: every lot's stock is conserved, and the disclosure report.
	clock.Set(cycle.End)
	positions, err := res.Positions(ctx, clock.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "stock positions at %s (received = on hand + reserved + delivered + disposed):\n", cycle.End.Format(time.DateOnly))
	for _, p := range positions {
		l, err := store.GetLot(ctx, p.LotID)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %-22s %-6s %s conserved=%v\n", l.Category, l.Unit, p, l.Conserved())
	}
	disclosure, err := res.Disclosure(ctx, project.ID, cycle)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "disclosure (Charity Law Art 79):")
	for _, p := range disclosure.Periods {
		kind := "quarter"
		if p.Final {
			kind = "final"
		}
		fmt.Fprintf(w, "  %-7s %s to %s due %s: %d receipts %s CNY, %d uses %s CNY\n", kind, p.Period.Start.Format(time.DateOnly),
			p.Period.End.Format(time.DateOnly), p.Due.Format(time.DateOnly), len(p.Receipts), p.ReceivedValue.StringFixed(2), len(p.Uses), p.UsedValue.StringFixed(2))
	}
	final := disclosure.Periods[len(disclosure.Periods)-1]
	for _, r := range final.Receipts {
		fmt.Fprintf(w, "    receipt from %s: %s %s %s, %s CNY\n", r.Donor, r.Quantity, r.Unit, r.Category, r.Value.StringFixed(2))
	}

	// Outputs and the scorecard against the contract.
	fmt.Fprintf(w, "activities by kind: %d tripartite talks, %d capacity-building lectures, %d knitting training, %d charity sales\n",
		kinds["tripartite talks"], kinds["capacity-building lectures"], kinds["knitting training"], kinds["charity sales"])
	// The value delivered comes from the referrals' work: the allocations delivered for the
	// fund's referral, at their lots' value.
	outputs, err := link.Outputs(ctx, linkage.ProjectScope(project.ID), cycle, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "outputs over the cycle:")
	for _, code := range []string{evaluation.CodeGroupSessions, evaluation.CodeCommunityActivities, evaluation.CodePeopleServed,
		evaluation.CodePersonTimes, evaluation.CodeOrganizationsFiled, evaluation.CodeResourcesAllocatedValue} {
		o, ok, err := outputs.Latest(code)
		if err != nil || !ok {
			return fmt.Errorf("output %s: found=%v: %w", code, ok, err)
		}
		fmt.Fprintf(w, "  %-26s %s\n", words(code), o.Value)
	}
	sc, err := link.ContractScorecard(ctx, project.ID, cycle.End, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "contract scorecard:")
	for _, leaf := range sc.Root.Leaves() {
		fmt.Fprintf(w, "  %-26s %6s / %s points\n", words(leaf.Indicator), leaf.Points.StringFixed(2), leaf.MaxPoints.StringFixed(2))
	}
	fmt.Fprintf(w, "total %s / %s, grade %s (%s)\n", sc.Total.StringFixed(2), sc.MaxPoints.StringFixed(2), sc.GradeText(), sc.Status())
	return nil
}

// knitters are the references of the first n knitters.
func knitters(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("knitter-%02d", i+1)
	}
	return out
}

func target(code, name, unit string, n int64) linkage.Target {
	return linkage.Target{IndicatorCode: code, Name: name, Unit: unit, Value: decimal.NewFromInt(n)}
}

func score(dimension, value string) linkage.Score {
	return linkage.Score{Dimension: dimension, Value: decimal.RequireFromString(value)}
}

// percent writes a share as a whole percentage.
func percent(share decimal.Decimal) string {
	return share.Mul(decimal.NewFromInt(100)).Round(0).String() + "%"
}

// words writes a code, status or kind as words: "volunteer_team" is "volunteer team".
func words(s string) string { return strings.ReplaceAll(s, "_", " ") }
