package resources

import (
	"testing"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storetest"
)

// Every enum of the package agrees with its type's Valid, and the Validate that checks a
// field of it refuses an unknown value with the values that would do.
func TestEnumsListTheirValues(t *testing.T) {
	storetest.RequireEnum(t, donorKinds, DonorKind.Valid)
	storetest.RequireEnum(t, propertyKinds, PropertyKind.Valid)
	storetest.RequireEnum(t, donationStatuses, DonationStatus.Valid)
	storetest.RequireEnum(t, purposes, Purpose.Valid)
	storetest.RequireEnum(t, holderKinds, HolderKind.Valid)
	storetest.RequireEnum(t, requestStatuses, RequestStatus.Valid)
	storetest.RequireEnum(t, allocationStatuses, AllocationStatus.Valid)
	storetest.RequireEnum(t, movementKinds, MovementKind.Valid)
	storetest.RequireEnum(t, disposalReasons, DisposalReason.Valid)
	storetest.RequireEnum(t, consentKinds, ConsentKind.Valid)

	storetest.RequireListsValues(t, Donor{Kind: "person"}.Validate(), donorKinds)
	storetest.RequireListsValues(t, Restriction{Purposes: []Purpose{"fun"}}.Validate(), purposes)
	d := Donation{Status: "maybe", Kind: "gold"}.Validate()
	storetest.RequireListsValues(t, d, donationStatuses)
	storetest.RequireListsValues(t, d, propertyKinds)
	l := Lot{Kind: "gold", Holder: Holder{Kind: "shop"}}.Validate()
	storetest.RequireListsValues(t, l, propertyKinds)
	storetest.RequireListsValues(t, l, holderKinds)
	storetest.RequireListsValues(t, Consent{Kind: "nod"}.Validate(), consentKinds)
	r := Request{Purpose: "fun", Kind: "gold", Status: "later", Beneficiary: Beneficiary{Groups: []TargetGroup{"pets"}}}.Validate()
	storetest.RequireListsValues(t, r, purposes)
	storetest.RequireListsValues(t, r, propertyKinds)
	storetest.RequireListsValues(t, r, requestStatuses)
	storetest.RequireListsValues(t, r, wushe.NewEnum("target group", wushe.TargetGroups()...))
	storetest.RequireListsValues(t, Allocation{Status: "held"}.Validate(), allocationStatuses)
	storetest.RequireListsValues(t, Movement{Kind: "teleport"}.Validate(), movementKinds)
	storetest.RequireListsValues(t, Movement{Kind: MoveDispose, Reason: "lost"}.Validate(), disposalReasons)
}
