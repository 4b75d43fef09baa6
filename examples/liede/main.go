// Command liede replays the "Liede Renjia" (猎德仁家) social-work service project of Liede
// Street, Tianhe District, Guangzhou, over its three-year cycle (June 2021 to May 2024) on
// the embedded in-memory store, and prints what a project officer reads at the end: the
// "1+3+N" project, the Falcon volunteer service team and its three themes (anti-fraud,
// epidemic prevention, drug prevention), the weekly recruitment posts published every
// Monday, the weekly elderly mobile-phone class, the monthly public welfare market run
// with six partner units, the volunteers' verified hours and stars, the outputs derived
// from those events and the scorecard against the contracted targets.
//
// The Falcon team's emergency call-out for the mass testing of May 2021 prints its figures
// from the acknowledgements: time to the first answer, time to a full headcount and the
// fill rate. The links between the parties are never typed in: the team's weekly posts are
// the work of a referral of the residents' publicity need, each council proposal is
// referred to the partner unit that runs it at the monthly market, and completing those
// referrals derives the volunteers and units connected; volunteer hours come from the same
// work.
//
// The facts (the mechanism, the team and its themes, the weekly class, the Monday posts,
// the monthly market and its partners, the service period) come from Xie and Yu's study
// of the project (IJOSSER 7(11), 2024). The paper publishes no budget, contract targets or
// attendance figures, so those are illustrative and say so; every count printed is
// computed from the recorded events, never typed in.
//
//	go run ./examples/liede
package main

import (
	"cmp"
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
		fmt.Fprintln(os.Stderr, "liede:", err)
		os.Exit(1)
	}
}

// cst is China Standard Time, where every date of the case is read.
var cst = time.FixedZone("CST", 8*3600)

func day(y int, m time.Month, d, hour, minute int) time.Time {
	return time.Date(y, m, d, hour, minute, 0, 0, cst)
}

// The service cycle is three years, [2021-06-01, 2024-06-01); the paper reports services
// from June 2021 to April 2024, so events run until the end of April 2024.
var (
	cycle      = wushe.Window{Start: day(2021, time.June, 1, 0, 0), End: day(2024, time.June, 1, 0, 0)}
	lastEvents = day(2024, time.May, 1, 0, 0)
	firstWeek  = day(2021, time.June, 7, 0, 0) // the first Monday of the cycle
)

const (
	falconMembers = 24  // registered members of the Falcon team
	elderPool     = 36  // older residents who come to the phone class
	residentPool  = 220 // residents who come to the market and give a reference
	shiftPlaces   = 4   // places on each weekly Falcon shift
)

// partners are the units the project works with (Xie and Yu, section 3(2)).
var partners = []struct {
	name  string
	kind  linkage.UnitKind
	offer linkage.Offer
	does  string
}{
	{"Liede Martial Arts Dragon and Lion Team", linkage.UnitSocialGroup, linkage.OfferServices, "dragon and lion dance"},
	{"Liede Community Health Service Centre", linkage.UnitInstitution, linkage.OfferServices, "free clinic"},
	{"Guangzhou Rural Commercial Bank, Liede Branch", linkage.UnitEnterprise, linkage.OfferServices, "anti-fraud and finance advice"},
	{"Guangzhou Vocational College of Science and Technology and Trade", linkage.UnitInstitution, linkage.OfferVolunteers, "student volunteers"},
	{"Sun Yat-sen University Library", linkage.UnitInstitution, linkage.OfferExpertise, "reading corner"},
	{"Eight Hundred Companions volunteer group", linkage.UnitSocialGroup, linkage.OfferVolunteers, "free haircuts and repairs"},
}

// falconThemes are the Falcon team's three themes, taken in turn week by week.
var falconThemes = []struct {
	theme volunteer.Theme
	title string
}{
	{volunteer.ThemeAntiFraud, "Falcon: anti-fraud publicity for residents"},
	{volunteer.ThemeEpidemicPrevention, "Falcon: community epidemic prevention"},
	{volunteer.ThemeDrugPrevention, "Falcon: drug-prevention publicity"},
}

// proposals are what residents raise at the quarterly council meetings, in turn; the
// paper names these services as ones the project runs regularly. The social worker refers
// each to the partner unit that runs it at the monthly market (partner indexes partners;
// the paper names the partners and the services, the pairing is illustrative).
var proposals = []struct {
	title    string
	group    linkage.TargetGroup
	category string
	partner  int
}{
	{"An elderly health lecture hall every month", linkage.GroupElderly, "health education", 1},
	{"Free haircuts (Yi Jian) for older residents", linkage.GroupElderly, "convenience service", 5},
	{"Parent-child handicraft afternoons", linkage.GroupWomenAndParents, "family activities", 0},
	{"A youth extracurricular improvement school in the holidays", linkage.GroupAdolescents, "youth development", 4},
	{"Finance and business courses for residents", linkage.GroupOther, "financial literacy", 2},
	{"A career awareness classroom for teenagers", linkage.GroupAdolescents, "youth development", 3},
}

// run replays the project and writes the report to w. The clock, the IDs and the random
// choices are fixed, so the output is the same on every run.
func run(w io.Writer) error {
	return replay(context.Background(), w)
}

// replay is run under ctx: the first store call that finds ctx done ends it with an error
// wrapping ctx.Err().
func replay(ctx context.Context, w io.Writer) error {
	clock := wushe.NewManualClock(day(2021, time.May, 20, 9, 0))
	store := memstore.New()
	vol, err := volunteer.NewService(store, &volunteer.Options{Clock: clock, NewID: wushe.SequentialIDs("liede-volunteer"),
		Location: cst, CertificateKey: []byte("liede-renjia-example-key")})
	if err != nil {
		return err
	}
	link, err := linkage.NewService(store, &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs("liede-linkage"), Volunteer: vol})
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2021, 6))
	areaIDs := wushe.SequentialIDs("liede-areas")

	// The community, the station the project runs from, and the project's social worker.
	community, err := link.RegisterCommunity(ctx, linkage.Community{
		Name: "Liede community", Kind: linkage.CommunityUrban, District: "Tianhe", StreetOffice: "Liede Street",
		Venues: []linkage.Venue{{ID: areaIDs(), Name: "Liede Renjia New Era Civilization Practice Station", Kind: linkage.VenueCivilizationStation,
			Location: &wushe.Point{Lat: 23.1177, Lng: 113.3358}}},
	})
	if err != nil {
		return err
	}
	station := community.Venues[0].Name
	worker, err := link.RegisterSocialWorker(ctx, linkage.SocialWorker{
		Name: must.Name("陈晓敏"), Phone: must.Phone("13900002021"), Agency: "Liede Renjia social work team",
		Qualification: linkage.QualificationSocial, Specialties: []linkage.Specialty{linkage.SpecialtyElderly},
		Communities: []uuid.UUID{community.ID}, CaseloadCap: 20, Status: linkage.WorkerActive,
	})
	if err != nil {
		return err
	}
	by := linkage.Party{Kind: linkage.PartySocialWorker, ID: worker.ID}

	// The purchased project. The contract figures are illustrative (not published).
	project, err := link.RegisterProject(ctx, linkage.Project{
		Name: "Liede Renjia social work service project", Purchaser: "Liede Street Office, Tianhe District",
		Operator: "Liede Renjia social work team", Communities: []uuid.UUID{community.ID},
		Budget: decimal.RequireFromString("1200000.00"), Cycle: cycle, Mechanism: "1+3+N", Status: linkage.ProjectActive,
		Targets: []linkage.Target{
			target(evaluation.CodeCommunityActivities, "Community activities", "activity", 180),
			target(evaluation.CodePeopleServed, "People served", "person", 240),
			target(evaluation.CodePersonTimes, "Person-times", "person-time", 6000),
			target(evaluation.CodeVolunteersConnected, "Volunteers connected", "person", 24),
			target(evaluation.CodeUnitsConnected, "Units connected", "unit", 6),
			target(evaluation.CodeVolunteerHours, "Volunteer hours", "hour", 1200),
			target(evaluation.CodeNeedsMet, "Needs met (council proposals and the publicity)", "need", 12),
		},
	})
	if err != nil {
		return err
	}
	organizer := volunteer.Actor{Kind: volunteer.ActorProject, ID: project.ID}
	fmt.Fprintf(w, "project %q (%s), bought by %s\n", project.Name, project.Mechanism, project.Purchaser)
	fmt.Fprintf(w, "  cycle %s to %s, budget %s CNY (illustrative)\n",
		cycle.Start.Format(time.DateOnly), cycle.End.Format(time.DateOnly), project.Budget.StringFixed(2))

	// The six partner units.
	units := make([]uuid.UUID, 0, len(partners))
	for _, p := range partners {
		u, err := link.RegisterUnit(ctx, linkage.Unit{Name: p.name, Kind: p.kind, Community: community.ID,
			Offers: []linkage.Offer{p.offer}, Tags: []string{p.does}})
		if err != nil {
			return err
		}
		units = append(units, u.ID)
	}

	// The Falcon volunteer service team, as a community organization and as a team.
	falconOrg, err := link.RegisterOrganization(ctx, linkage.Organization{
		Name: "Falcon Volunteer Service Team", Field: linkage.FieldResidentServices, Type: linkage.OrgAssociation,
		Community: community.ID, Leader: linkage.Leader{Name: must.Name("梁志强"), Phone: must.Phone("13700002021")},
		Members: linkage.Members{Individuals: falconMembers}, Stage: linkage.StageInterestGroup,
	})
	if err != nil {
		return err
	}
	if falconOrg, err = link.AdvanceOrganization(ctx, falconOrg.ID, linkage.StageVolunteerTeam, "Liede Street Office", "weekly service rota"); err != nil {
		return err
	}
	team, err := vol.CreateTeam(ctx, volunteer.Team{Name: "Falcon Volunteer Service Team", RunBy: volunteer.Actor{Kind: volunteer.ActorOrganization, ID: falconOrg.ID},
		Themes: []volunteer.Theme{falconThemes[0].theme, falconThemes[1].theme, falconThemes[2].theme}})
	if err != nil {
		return err
	}
	members := make([]volunteer.Volunteer, 0, falconMembers)
	for i := range falconMembers {
		v, err := vol.Register(ctx, falconVolunteer(i, community.ID))
		if err != nil {
			return err
		}
		if _, err := vol.JoinTeam(ctx, team.ID, v.ID); err != nil {
			return err
		}
		members = append(members, v)
	}
	themes := make([]string, len(team.Themes))
	for i, th := range team.Themes {
		themes[i] = words(string(th))
	}
	fmt.Fprintf(w, "team %q (%s): %d members, themes: %s\n", team.Name, words(string(falconOrg.Stage)), len(members), strings.Join(themes, ", "))

	// An emergency call-out before the cycle starts: Guangzhou's mass testing of late May
	// 2021. The community calls the Falcon members living within a kilometre of the station
	// to keep order at the testing site; the first eight to answer are confirmed.
	if err := callOut(ctx, w, clock, vol, organizer, *community.Venues[0].Location, members); err != nil {
		return err
	}

	// The Monday recruitment posts: one weekly opportunity per theme, published on the
	// first Monday. Week n's shift is occurrence n, on the Saturday morning of week n; the
	// themes take the weeks in turn, and each Monday volunteers sign up for that week's.
	//
	// The posts are the work of a referral: the street office asks the project for regular
	// publicity on fraud, epidemics and drugs, and the social worker refers that need to the
	// Falcon team. The volunteers connected and their hours come from that referral's work.
	clock.Set(firstWeek.Add(9 * time.Hour))
	publicity, err := link.RaiseNeed(ctx, linkage.Need{Community: community.ID, TargetGroup: linkage.GroupOther, Category: "publicity",
		Urgency: linkage.UrgencyHopedFor, Source: linkage.SourceOther,
		Description: "regular anti-fraud, epidemic-prevention and drug-prevention publicity for Liede's residents"})
	if err != nil {
		return err
	}
	toFalcon := linkage.ReferralResponder{Kind: linkage.ResponderVolunteerTeam, ID: team.ID, Name: team.Name}
	falconRef, err := link.Refer(ctx, linkage.Referral{Need: publicity.ID, Project: project.ID, Requester: by, Responder: toFalcon,
		Category: "publicity", Ask: "a publicity shift every Saturday morning, the three themes in turn"})
	if err != nil {
		return err
	}
	if _, err := link.AcceptReferral(ctx, falconRef.ID, toFalcon); err != nil {
		return err
	}
	posts := make([]volunteer.Opportunity, len(falconThemes))
	for i, th := range falconThemes {
		posts[i], _, err = link.OpenOpportunity(ctx, falconRef.ID, volunteer.Opportunity{
			Title: th.title, Organizer: organizer, Theme: th.theme, PlaceName: station, Place: *community.Venues[0].Location,
			Risk: volunteer.RiskLow, Recurrence: volunteer.RecurrenceWeekly, RepeatUntil: lastEvents,
			Shifts: []volunteer.Shift{{Window: wushe.NewWindow(firstWeek.AddDate(0, 0, 5).Add(9*time.Hour), 2*time.Hour), Headcount: shiftPlaces}},
			Status: volunteer.OpportunityPublished,
		})
		if err != nil {
			return err
		}
	}

	if _, err := link.StartReferral(ctx, falconRef.ID, toFalcon); err != nil {
		return err
	}
	fmt.Fprintf(w, "Monday posts: %d weekly opportunities of %d places, Saturdays 09:00-11:00, repeating until %s\n",
		len(posts), shiftPlaces, lastEvents.Format(time.DateOnly))

	var weeks, classes, markets, shifts, signUps, waitlisted, councils int
	steps := map[int][]func() error{} // need steps due in a later week
	proposalIDs := wushe.SequentialIDs("liede-proposals")
	var market linkage.Activity // the latest public welfare market
	for monday := firstWeek; monday.Before(lastEvents); monday = monday.AddDate(0, 0, 7) {
		// Monday: the week's recruitment is posted and volunteers sign up.
		clock.Set(monday.Add(9 * time.Hour))
		post := posts[weeks%len(posts)]
		ref := volunteer.ShiftRef{OpportunityID: post.ID, ShiftID: post.Shifts[0].ID, Occurrence: weeks}
		occ, ok := post.Resolve(ref)
		if !ok || !occ.Window.End.Before(lastEvents) {
			weeks++
			continue
		}
		var enrolments []volunteer.Enrolment
		for _, i := range rng.Perm(len(members))[:shiftPlaces+rng.IntN(2)] { // now and then one too many
			e, err := vol.SignUp(ctx, members[i].ID, ref)
			if err != nil {
				return err
			}
			signUps++
			if e.Status == volunteer.EnrolmentConfirmed {
				enrolments = append(enrolments, e)
			} else {
				waitlisted++
			}
		}

		// Tuesday afternoon: the elderly mobile-phone class.
		class := wushe.NewWindow(monday.AddDate(0, 0, 1).Add(15*time.Hour), 90*time.Minute)
		clock.Set(class.End)
		if _, err := link.RecordActivity(ctx, linkage.Activity{
			Kind: linkage.ActivityTraining, Title: "Elderly mobile-phone class: WeChat location, online payment, video calls, bus tracking",
			Community: community.ID, Project: project.ID, Venue: station, Window: class,
			Attendance: attendance(rng, "elder", elderPool, 8+rng.IntN(7), class.Start), TargetGroups: []linkage.TargetGroup{linkage.GroupElderly},
		}); err != nil {
			return err
		}
		classes++

		// Wednesday evening: the quarterly residents' council in the first week of March,
		// June, September and December, and the follow-up of the needs it raised.
		wednesday := monday.AddDate(0, 0, 2).Add(19 * time.Hour)
		clock.Set(wednesday)
		for _, step := range steps[weeks] {
			if err := step(); err != nil {
				return err
			}
		}
		delete(steps, weeks)
		if monday.Month()%3 == 0 && monday.Day() <= 7 {
			p := proposals[councils%len(proposals)]
			meeting, err := link.HoldCouncilMeeting(ctx, linkage.CouncilMeeting{Community: community.ID, HeldAt: wednesday,
				Attendees: 18 + rng.IntN(15), Proposals: []linkage.Proposal{{ID: proposalIDs(), Title: p.title,
					ProposedBy: fmt.Sprintf("resident-%03d", 1+rng.IntN(residentPool)), Status: linkage.ProposalProposed}}})
			if err != nil {
				return err
			}
			need, _, err := link.ConvertProposal(ctx, meeting.ID, meeting.Proposals[0].ID, linkage.Need{
				TargetGroup: p.group, Category: p.category, Urgency: linkage.UrgencyHopedFor, Description: p.title})
			if err != nil {
				return err
			}
			// The social worker refers it to the partner unit that runs the service; the unit
			// accepts one or two weeks later, starts a week after, and four weeks after that
			// the month's market, where it ran the service, completes the referral; the
			// resident who proposed it is called back.
			to := linkage.ReferralResponder{Kind: linkage.ResponderUnit, ID: units[p.partner], Name: partners[p.partner].name}
			ref, err := link.Refer(ctx, linkage.Referral{Need: need.ID, Project: project.ID, Requester: by, Responder: to,
				Category: p.category, Ask: p.title})
			if err != nil {
				return err
			}
			planIn := 1 + rng.IntN(2)
			steps[weeks+planIn] = append(steps[weeks+planIn], func() error { _, err := link.AcceptReferral(ctx, ref.ID, to); return err })
			steps[weeks+planIn+1] = append(steps[weeks+planIn+1], func() error { _, err := link.StartReferral(ctx, ref.ID, to); return err })
			steps[weeks+planIn+4] = append(steps[weeks+planIn+4], func() error {
				if market.Window.Start.Before(ref.RequestedAt) {
					return fmt.Errorf("liede: no market held since %q was referred", p.title)
				}
				if _, err := link.AttachWork(ctx, ref.ID, linkage.WorkRef{Kind: linkage.WorkActivity, ID: market.ID}); err != nil {
					return err
				}
				if _, err := link.CompleteReferral(ctx, ref.ID, to); err != nil {
					return err
				}
				_, err := link.FollowUpNeed(ctx, linkage.FollowUp{Need: need.ID, Caller: by, Answer: linkage.Satisfied,
					Note: "the service runs at the station"})
				return err
			})
			councils++
		}

		// Saturday: the members are checked in at the stall, and the shift is closed after
		// it: a verified record of the whole shift for each, with its points.
		clock.Set(occ.Window.Start)
		for _, e := range enrolments {
			if _, err := vol.CheckIn(ctx, organizer, e.ID); err != nil {
				return err
			}
		}
		clock.Set(occ.Window.End.Add(30 * time.Minute))
		if _, err := vol.CloseShift(ctx, organizer, ref); err != nil {
			return err
		}
		shifts++

		// The last Saturday of the month, afternoon: the public welfare market.
		sat := occ.Window.Start
		if sat.AddDate(0, 0, 7).Month() != sat.Month() {
			held := wushe.NewWindow(time.Date(sat.Year(), sat.Month(), sat.Day(), 14, 0, 0, 0, cst), 3*time.Hour)
			clock.Set(held.End)
			market, err = link.RecordActivity(ctx, linkage.Activity{
				Kind: linkage.ActivityPublicWelfareMarket, Title: "Liede Renjia public welfare market, " + sat.Format("January 2006"),
				Community: community.ID, Project: project.ID, Units: units, Venue: station, Window: held,
				Attendance:           attendance(rng, "resident", residentPool, 25+rng.IntN(16), held.Start),
				UncountedPersonTimes: 60 + rng.IntN(41), ExtraVolunteers: len(units),
				TargetGroups: []linkage.TargetGroup{linkage.GroupOneOldOneYoung, linkage.GroupWomenAndParents},
			})
			if err != nil {
				return err
			}
			markets++
		}
		weeks++
	}
	fmt.Fprintf(w, "%d weeks replayed: %d Monday posts filled (%d sign-ups, %d waitlisted), %d phone classes, %d markets, %d council meetings\n",
		weeks, shifts, signUps, waitlisted, classes, markets, councils)
	if len(steps) != 0 {
		return fmt.Errorf("liede: %d weeks of need follow-up left after the last week", len(steps))
	}

	// The Falcon referral is completed from the verified service on its posts, and the
	// residents' answer closes the publicity need.
	clock.Set(lastEvents.Add(9 * time.Hour))
	falconOut, err := link.ReferralOutputs(ctx, falconRef.ID)
	if err != nil {
		return err
	}
	if _, err := link.CompleteReferral(ctx, falconRef.ID, toFalcon); err != nil {
		return err
	}
	if _, err := link.FollowUpNeed(ctx, linkage.FollowUp{Need: publicity.ID, Caller: by, Answer: linkage.Satisfied,
		Note: "residents know the Falcon stall and its leaflets"}); err != nil {
		return err
	}
	fmt.Fprintf(w, "the Falcon referral, completed from its work: %d members served %s h on %d verified records\n",
		falconOut.Headcount, hours(int(falconOut.Minutes)), len(falconOut.Records))
	if err := printLinks(ctx, w, link, project.ID); err != nil {
		return err
	}

	// Falcon hours by theme and the three members with the most hours.
	clock.Set(cycle.End)
	records, err := allRecords(ctx, store, volunteer.RecordFilter{Organizer: organizer, Status: volunteer.RecordVerified})
	if err != nil {
		return err
	}
	byTheme := map[volunteer.Theme]int{}
	byVolunteer := map[uuid.UUID]int{}
	for _, r := range records {
		byTheme[r.Theme] += r.Minutes
		byVolunteer[r.VolunteerID] += r.Minutes
	}
	fmt.Fprintf(w, "Falcon verified service: %d records, %s h\n", len(records), hours(sum(byTheme)))
	for _, th := range falconThemes {
		fmt.Fprintf(w, "  %-20s %s h\n", words(string(th.theme)), hours(byTheme[th.theme]))
	}
	slices.SortFunc(members, func(a, b volunteer.Volunteer) int { // most hours first, then by number
		if d := byVolunteer[b.ID] - byVolunteer[a.ID]; d != 0 {
			return d
		}
		return cmp.Compare(a.Number, b.Number)
	})
	for _, v := range members[:3] {
		stars, err := vol.Stars(ctx, v.ID, clock.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  volunteer %s %v: %s h, %d star(s)\n", v.Number, v.Name, hours(stars.Minutes), stars.Level)
	}
	var best []uuid.UUID
	for _, r := range records {
		if r.VolunteerID == members[0].ID {
			best = append(best, r.ID)
		}
	}
	cert, err := vol.IssueCertificate(ctx, organizer, project.Name, members[0].ID, best)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  certificate %s for %s: %d records, %s h, verifies: %v\n", cert.Number, cert.VolunteerNumber, len(cert.Records),
		hours(cert.Minutes), vol.VerifyCertificate(cert) == nil)

	// Outputs over the cycle and the scorecard against the contract.
	// Volunteer hours come from the referrals' work: the verified records on the Falcon posts.
	outputs, err := link.Outputs(ctx, linkage.ProjectScope(project.ID), cycle, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "outputs over the cycle:")
	for _, code := range []string{linkage.CodeActivitiesTotal, evaluation.CodeCommunityActivities, evaluation.CodePeopleServed,
		evaluation.CodePersonTimes, evaluation.CodeVolunteersConnected, evaluation.CodeUnitsConnected, evaluation.CodeVolunteerHours,
		evaluation.CodeNeedsRaised, evaluation.CodeNeedsMet, evaluation.CodeNeedsMetShare, evaluation.CodeMedianResponseDays} {
		o, ok, err := outputs.Latest(code)
		if err != nil || !ok {
			return fmt.Errorf("output %s: found=%v: %w", code, ok, err)
		}
		fmt.Fprintf(w, "  %-22s %s\n", words(code), o.Value)
	}
	sc, err := link.ContractScorecard(ctx, project.ID, cycle.End, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "contract scorecard:")
	for _, leaf := range sc.Root.Leaves() {
		fmt.Fprintf(w, "  %-22s %6s / %s points\n", words(leaf.Indicator), leaf.Points.StringFixed(2), leaf.MaxPoints.StringFixed(2))
	}
	fmt.Fprintf(w, "total %s / %s, grade %s (%s)\n", sc.Total.StringFixed(2), sc.MaxPoints.StringFixed(2), sc.Grade, sc.Status())
	return nil
}

// callOut sends the Falcon team's epidemic-prevention call-out and prints its figures. The
// members answer in registration order, one every three minutes from the second minute,
// until ten have answered.
func callOut(ctx context.Context, w io.Writer, clock *wushe.ManualClock, vol *volunteer.Service, organizer volunteer.Actor,
	site wushe.Point, members []volunteer.Volunteer) error {
	clock.Set(day(2021, time.May, 30, 7, 0))
	c, err := vol.CallOut(ctx, organizer, volunteer.CallOut{
		Organizer: organizer, Title: "Falcon: order at the mass-testing site", Theme: volunteer.ThemeEpidemicPrevention,
		Risk: volunteer.RiskMedium, PlaceName: "Liede village square", Place: site, RadiusMeters: 1000, Headcount: 8,
		Window: wushe.NewWindow(clock.Now().Add(time.Hour), 10*time.Hour), AckBy: clock.Now().Add(45 * time.Minute),
	}, volunteer.VolunteerFilter{CommunityID: members[0].CommunityID})
	if err != nil {
		return err
	}
	answered := 0
	for _, v := range members {
		if answered == 10 {
			break
		}
		if !c.IsInvited(v.ID) {
			continue
		}
		clock.Set(c.OpenedAt.Add(time.Duration(2+3*answered) * time.Minute))
		if _, err := vol.Acknowledge(ctx, v.ID, c.ID); err != nil {
			return err
		}
		answered++
	}
	if c, err = vol.GetCallOut(ctx, c.ID); err != nil {
		return err
	}
	f := c.Figures()
	fmt.Fprintf(w, "call-out %q: %d of %d members invited, living within %d m (%d farther)\n", c.Title, c.Reach.Invited,
		c.Reach.Screened, c.RadiusMeters, c.Reach.Excluded["beyond_radius"])
	first, full := "nobody answered", fmt.Sprintf("the %d places were not all filled", f.Headcount)
	if f.HasFirstAck {
		first = "first answer " + minutes(f.FirstAck) + " after the call"
	}
	if f.Full {
		full = fmt.Sprintf("all %d places filled %s after the call", f.Headcount, minutes(f.ToFull))
	}
	fmt.Fprintf(w, "  %s; %s; fill rate %s%% (%d of %d places); %d answered, %d on the waiting list\n",
		first, full, f.FillRate().Mul(decimal.NewFromInt(100)).StringFixed(0), f.Confirmed, f.Headcount, f.Acknowledged, f.Waitlisted)
	return nil
}

// printLinks writes the links the completed referrals derived for the project, by kind:
// how many, from how many parties.
func printLinks(ctx context.Context, w io.Writer, link *linkage.Service, project uuid.UUID) error {
	links, err := wushe.Collect(func(r wushe.PageRequest) (wushe.Page[linkage.Link], error) {
		return link.ListLinks(ctx, linkage.LinkFilter{Project: project, Page: r})
	})
	if err != nil {
		return err
	}
	t := work.CountLinks(links)
	fmt.Fprintf(w, "%d links derived from the completed referrals: %d volunteer service links from %d volunteers, %d service links from %d partner units\n",
		len(links), t[linkage.LinkVolunteerService].Links, t[linkage.LinkVolunteerService].Parties, t[linkage.LinkService].Links, t[linkage.LinkService].Parties)
	return nil
}

// minutes prints a duration in whole minutes, as a street-office worker reads it.
func minutes(d time.Duration) string { return fmt.Sprintf("%d min", int(d/time.Minute)) }

// target is a contracted target of n in unit on the indicator code.
func target(code, name, unit string, n int64) linkage.Target {
	return linkage.Target{IndicatorCode: code, Name: name, Unit: unit, Value: decimal.NewFromInt(n)}
}

// attendance draws n distinct pseudonymous participants from a pool of size people.
func attendance(rng *rand.Rand, prefix string, pool, n int, at time.Time) []linkage.Attendance {
	out := make([]linkage.Attendance, 0, n)
	for _, i := range rng.Perm(pool)[:n] {
		out = append(out, linkage.Attendee(fmt.Sprintf("%s-%03d", prefix, i+1), at))
	}
	return out
}

// allRecords reads every service record f selects, page by page.
func allRecords(ctx context.Context, store *memstore.Store, f volunteer.RecordFilter) ([]volunteer.ServiceRecord, error) {
	var out []volunteer.ServiceRecord
	f.Page.Limit = wushe.MaxPageLimit
	for {
		page, err := store.ListRecords(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.Next == uuid.Nil {
			return out, nil
		}
		f.Page.After = page.Next
	}
}

// hours formats minutes as hours to one decimal place.
func hours(minutes int) string {
	return decimal.NewFromInt(int64(minutes)).Div(decimal.NewFromInt(60)).StringFixed(1)
}

func sum[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

var (
	surnames = []string{"陈", "黄", "李", "梁", "林", "何", "罗", "郭"}
	given    = []string{"嘉欣", "伟明", "慧玲"}
)

// falconVolunteer is the i-th Falcon member: an adult resident of Liede.
func falconVolunteer(i int, community uuid.UUID) volunteer.Volunteer {
	birth := time.Date(1965+i, time.Month(1+i%12), 1+i, 0, 0, 0, 0, time.UTC)
	idn := must.IDNumber("440106", birth, i+1)
	g := volunteer.GenderFemale
	if idn.Male() {
		g = volunteer.GenderMale
	}
	return volunteer.Volunteer{
		Name: must.Name(surnames[i%len(surnames)] + given[i/len(surnames)%len(given)]), Gender: g, BirthDate: birth, IDNumber: idn,
		Phone: must.Phone(fmt.Sprintf("1380020%04d", i+1)), CommunityID: community, Languages: []string{"zh", "yue"},
		// Homes on a grid of 400 m steps around Liede's station.
		Home: wushe.Point{Lat: 23.1177 + float64(i%5-2)*0.0036, Lng: 113.3358 + float64(i/5-2)*0.0039}, HasHome: true,
		RegisteredOn: day(2021, time.May, 20, 0, 0), Status: volunteer.StatusActive,
	}
}

// words writes a code, status or kind as words: "volunteer_team" is "volunteer team".
func words(s string) string { return strings.ReplaceAll(s, "_", " ") }
