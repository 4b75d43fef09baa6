package volunteer

import (
	"testing"

	"github.com/wushe/wushe/storetest"
)

// Every enum of the package agrees with its type's Valid, and the Validates not covered by
// TestEnumErrorsListTheValidValues refuse an unknown value with the values that would do.
func TestEnumsListTheirValues(t *testing.T) {
	storetest.RequireEnum(t, statuses, Status.Valid)
	storetest.RequireEnum(t, genders, Gender.Valid)
	storetest.RequireEnum(t, riskLevels, RiskLevel.Valid)
	storetest.RequireEnum(t, actorKinds, ActorKind.Valid)
	storetest.RequireEnum(t, opportunityStatuses, OpportunityStatus.Valid)
	storetest.RequireEnum(t, recurrences, Recurrence.Valid)
	storetest.RequireEnum(t, enrolmentStatuses, EnrolmentStatus.Valid)
	storetest.RequireEnum(t, recordStatuses, RecordStatus.Valid)
	storetest.RequireEnum(t, entryKinds, EntryKind.Valid)
	storetest.RequireEnum(t, relations, Relation.Valid)
	storetest.RequireEnum(t, callOutStatuses, CallOutStatus.Valid)
	storetest.RequireEnum(t, ackStatuses, AckStatus.Valid)
	storetest.RequireEnum(t, actKinds, ActKind.Valid)
	for _, r := range riskLevels.Values() {
		if r.Rank() < 1 {
			t.Errorf("risk level %s has no rank", r)
		}
	}

	c := CallOut{Risk: "extreme", Status: "gone", Acks: []Acknowledgement{{Status: "maybe"}}}
	err := c.Validate()
	storetest.RequireListsValues(t, err, riskLevels)
	storetest.RequireListsValues(t, err, callOutStatuses)
	storetest.RequireListsValues(t, err, ackStatuses)
	storetest.RequireListsValues(t, ActRule{ConfirmedBy: []ActorKind{"mayor"}}.Validate(), actorKinds)
	storetest.RequireListsValues(t, Act{Kind: "jogging"}.Validate(), actKinds)
	storetest.RequireListsValues(t, Profile{InsuranceRequiredAt: "extreme"}.Validate(), riskLevels)
}
