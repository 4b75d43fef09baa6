package linkage

import (
	"context"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// Indicator codes of residents' points and party-building linkage that Outputs reports.
// They use the evaluation catalogue's alphabet.
const (
	// CodePointsResidentsEarning counts the points accounts (residents and volunteers)
	// that earned points in the period.
	CodePointsResidentsEarning = "points_residents_earning"
	// CodePointsEarned and CodePointsRedeemed are the points earned and redeemed in the
	// period; CodePointsEarnedByActPrefix, followed by a volunteer.ActKind, the points
	// earned for that kind of act (see PointsIndicator).
	CodePointsEarned            = "points_earned"
	CodePointsRedeemed          = "points_redeemed"
	CodePointsEarnedByActPrefix = "points_earned_by_act."
	// CodePartyMembersReported counts the in-service party members who reported to the
	// community in the period, CodePartyOrganizationsReported the units' party
	// organizations.
	CodePartyMembersReported       = "party_members_reported"
	CodePartyOrganizationsReported = "party_organizations_reported"
	// CodePartyPostsClaimed counts the posts claimed in the period;
	// CodePartyPostsClaimedPrefix, followed by a PostKind, those of one post (see
	// PostIndicator).
	CodePartyPostsClaimed       = "party_posts_claimed"
	CodePartyPostsClaimedPrefix = "party_posts_claimed."
	// CodePartyServiceHours is the verified volunteer service in the period of the members
	// who have reported, in hours to 2 places.
	CodePartyServiceHours = "party_service_hours"
	// CodePartyOrganizationsRequired counts the social organizations with BranchThreshold
	// or more full party members; CodePartyOrganizationsCovered those of them with a
	// branch of their own or in a joint branch (Coverage).
	CodePartyOrganizationsRequired = "party_organizations_required"
	CodePartyOrganizationsCovered  = "party_organizations_covered"
)

// PointsIndicator returns the code of the points earned for act kind k:
// "points_earned_by_act.attendance" for volunteer.ActAttendance.
func PointsIndicator(k volunteer.ActKind) string { return CodePointsEarnedByActPrefix + string(k) }

// PostIndicator returns the code of the posts claimed of kind k:
// "party_posts_claimed.grid_helper" for PostGridHelper.
func PostIndicator(k PostKind) string { return CodePartyPostsClaimedPrefix + string(k) }

// PointsSource gives the residents' points figures of a period: *volunteer.Service
// satisfies it. Outputs reads it from OutputOptions.Points, or else from Options.Volunteer
// when that implements it.
type PointsSource interface {
	PointsFigures(ctx context.Context, period wushe.Window) (volunteer.PointsFigures, error)
}

// pointsActs lists the act kinds whose points Outputs always reports, in order.
var pointsActs = []volunteer.ActKind{volunteer.ActAttendance, volunteer.ActVolunteerService, volunteer.ActEnvironment,
	volunteer.ActCouncil, volunteer.ActNeighbourHelp}

// points reads the points figures of the period from src.
func (w *outputsWalk) points(src PointsSource, c *outputCounts) error {
	f, err := src.PointsFigures(w.ctx, w.period)
	if err != nil {
		return fail(w.op, err)
	}
	c.points = &f
	return nil
}

// party adds up the party figures of the scope's communities for the period.
func (w *outputsWalk) party(c *outputCounts) error {
	sum := PartyFigures{PostsClaimed: map[PostKind]int{}, HasServiceMinutes: true}
	for _, community := range w.communities {
		f, err := w.s.partyFigures(w.ctx, w.op, community, w.period)
		if err != nil {
			return fail(w.op, err)
		}
		sum.MembersReported += f.MembersReported
		sum.OrganizationsReported += f.OrganizationsReported
		for k, n := range f.PostsClaimed {
			sum.PostsClaimed[k] += n
		}
		sum.ServiceMinutes += f.ServiceMinutes
		sum.HasServiceMinutes = sum.HasServiceMinutes && f.HasServiceMinutes
		sum.Coverage.Required += f.Coverage.Required
		sum.Coverage.Covered += f.Coverage.Covered
	}
	c.party = &sum
	return nil
}

// addPoints appends the points observations: every count, and the points of every known
// act kind and of any other kind that earned.
func addPoints(f volunteer.PointsFigures, add func(string, decimal.Decimal)) {
	add(CodePointsResidentsEarning, decimal.NewFromInt(int64(f.ResidentsEarning)))
	add(CodePointsEarned, f.Earned)
	add(CodePointsRedeemed, f.Redeemed)
	acts := slices.Clone(pointsActs)
	var more []volunteer.ActKind
	for k := range f.EarnedByAct {
		if !slices.Contains(acts, k) {
			more = append(more, k)
		}
	}
	slices.Sort(more)
	for _, k := range append(acts, more...) {
		add(PointsIndicator(k), f.EarnedByAct[k])
	}
}

// addParty appends the party observations; the service hours only when they were counted.
func addParty(f PartyFigures, add func(string, decimal.Decimal)) {
	n := func(code string, v int) { add(code, decimal.NewFromInt(int64(v))) }
	n(CodePartyMembersReported, f.MembersReported)
	n(CodePartyOrganizationsReported, f.OrganizationsReported)
	total := 0
	for _, k := range postKinds.Values() {
		total += f.PostsClaimed[k]
	}
	n(CodePartyPostsClaimed, total)
	for _, k := range postKinds.Values() {
		n(PostIndicator(k), f.PostsClaimed[k])
	}
	if f.HasServiceMinutes {
		add(CodePartyServiceHours, decimal.NewFromInt(f.ServiceMinutes).Div(decimal.NewFromInt(60)).Round(2))
	}
	n(CodePartyOrganizationsRequired, f.Coverage.Required)
	n(CodePartyOrganizationsCovered, f.Coverage.Covered)
}
