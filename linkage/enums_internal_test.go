package linkage

import (
	"testing"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/storetest"
)

// Every enum of the package agrees with its type's Valid, and the Validate that checks a
// field of it refuses an unknown value with the values that would do.
func TestEnumsListTheirValues(t *testing.T) {
	storetest.RequireEnum(t, activityKinds, ActivityKind.Valid)
	storetest.RequireEnum(t, caseStatuses, CaseStatus.Valid)
	storetest.RequireEnum(t, riskLevels, RiskLevel.Valid)
	storetest.RequireEnum(t, sessionKinds, SessionKind.Valid)
	storetest.RequireEnum(t, bases, Basis.Valid)
	storetest.RequireEnum(t, proposalStatuses, ProposalStatus.Valid)
	storetest.RequireEnum(t, dispatchKindEnum, DispatchKind.Valid)
	storetest.RequireEnum(t, communityKinds, CommunityKind.Valid)
	storetest.RequireEnum(t, areaLevels, AreaLevel.Valid)
	storetest.RequireEnum(t, venueKinds, VenueKind.Valid)
	storetest.RequireEnum(t, linkKinds, LinkKind.Valid)
	storetest.RequireEnum(t, partyKinds, PartyKind.Valid)
	storetest.RequireEnum(t, targetKinds, TargetKind.Valid)
	storetest.RequireEnum(t, needSources, NeedSource.Valid)
	storetest.RequireEnum(t, needStatuses, NeedStatus.Valid)
	storetest.RequireEnum(t, activityFields, ActivityField.Valid)
	storetest.RequireEnum(t, orgTypes, OrgType.Valid)
	storetest.RequireEnum(t, stages, Stage.Valid)
	storetest.RequireEnum(t, projectStatuses, ProjectStatus.Valid)
	storetest.RequireEnum(t, workKinds, WorkKind.Valid)
	storetest.RequireEnum(t, responderKinds, ResponderKind.Valid)
	storetest.RequireEnum(t, referralStatuses, ReferralStatus.Valid)
	storetest.RequireEnum(t, satisfactions, Satisfaction.Valid)
	storetest.RequireEnum(t, unitKinds, UnitKind.Valid)
	storetest.RequireEnum(t, offers, Offer.Valid)
	storetest.RequireEnum(t, qualifications, Qualification.Valid)
	storetest.RequireEnum(t, specialties, Specialty.Valid)
	storetest.RequireEnum(t, workerStatuses, WorkerStatus.Valid)
	storetest.RequireEnum(t, partyOrgKinds, PartyOrgKind.Valid)
	storetest.RequireEnum(t, partyReportKinds, PartyReportKind.Valid)
	storetest.RequireEnum(t, postKinds, PostKind.Valid)
	storetest.RequireEnum(t, journeyRoles, JourneyRole.Valid)

	lists := func(err error, enums ...interface{ check(*testing.T, error) }) {
		t.Helper()
		for _, e := range enums {
			e.check(t, err)
		}
	}
	lists(Activity{Kind: "party"}.Validate(), listed(activityKinds))
	lists(Session{Kind: "chat"}.Validate(), listed(sessionKinds))
	lists(Disclosure{Basis: "curiosity"}.Validate(), listed(bases))
	lists(Case{Status: "open", Risk: "severe"}.Validate(), listed(caseStatuses), listed(riskLevels))
	lists(CaseRequest{Risk: "severe"}.Validate(), listed(riskLevels))
	lists(Community{Kind: "suburb"}.Validate(), listed(communityKinds))
	lists(Area{Level: "block"}.Validate(), listed(areaLevels))
	lists(Venue{Kind: "park"}.Validate(), listed(venueKinds))
	lists(CouncilMeeting{Proposals: []Proposal{{Status: "tabled"}}}.Validate(), listed(proposalStatuses))
	lists(DispatchTask{Group: "pets", Urgency: "soon", Purpose: "fun", Kinds: []DispatchKind{"drone"}}.Validate(),
		listed(wushe.NewEnum("target group", wushe.TargetGroups()...)), listed(wushe.NewEnum("urgency", wushe.Urgencies()...)),
		listed(wushe.NewEnum("purpose", resources.PurposePoverty, resources.PurposeCare, resources.PurposeDisaster,
			resources.PurposeDevelopment, resources.PurposeEnvironment, resources.PurposeOther)),
		listed(dispatchKindEnum))
	lists(Link{Kind: "money", From: Party{Kind: "mayor"}, To: LinkTarget{Kind: "dream"}}.Validate(),
		listed(linkKinds), listed(partyKinds), listed(targetKinds))
	lists(Need{Source: "rumour", Status: "done"}.Validate(), listed(needSources), listed(needStatuses))
	lists(Organization{Field: "sport", Type: "club", Stage: "famous"}.Validate(), listed(activityFields), listed(orgTypes), listed(stages))
	lists(Project{Status: "paused"}.Validate(), listed(projectStatuses))
	lists(Referral{Responder: ReferralResponder{Kind: "mayor"}, Status: "lost", Work: []WorkRef{{Kind: "prayer"}}}.Validate(),
		listed(responderKinds), listed(referralStatuses), listed(workKinds))
	lists(FollowUp{Answer: "meh"}.Validate(), listed(satisfactions))
	lists(Unit{Kind: "club", Offers: []Offer{"money"}}.Validate(), listed(unitKinds), listed(offers))
	lists(Provision{Offer: "money"}.Validate(), listed(offers))
	lists(SocialWorker{Qualification: "phd", Specialties: []Specialty{"magic"}, Status: "gone"}.Validate(),
		listed(qualifications), listed(specialties), listed(workerStatuses))
}

type enumLister[T ~string] struct{ e wushe.Enum[T] }

func listed[T ~string](e wushe.Enum[T]) enumLister[T] { return enumLister[T]{e} }

func (l enumLister[T]) check(t *testing.T, err error) {
	t.Helper()
	storetest.RequireListsValues(t, err, l.e)
}
