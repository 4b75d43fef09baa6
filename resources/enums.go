package resources

import "github.com/wushe/wushe"

// DonorKind says what kind of giver a Donor is.
type DonorKind string

// The donor kinds.
const (
	DonorEnterprise    DonorKind = "enterprise"         // a company
	DonorInstitution   DonorKind = "institution"        // a hospital, bank, school, library, troupe ...
	DonorIndividual    DonorKind = "individual"         // a resident or other natural person
	DonorFoundation    DonorKind = "foundation"         // a charitable foundation
	DonorCommunityFund DonorKind = "community_fund"     // a community charity fund (社区基金)
	DonorParty         DonorKind = "party_organization" // a party organisation
	DonorGovernment    DonorKind = "government"         // a government body
)

var donorKinds = wushe.NewEnum("donor kind", DonorEnterprise, DonorInstitution, DonorIndividual, DonorFoundation, DonorCommunityFund, DonorParty, DonorGovernment)

// Valid reports whether k is a known donor kind.
func (k DonorKind) Valid() bool { return donorKinds.Has(k) }

// PropertyKind says what a donation or lot is made of (Charity Law Art 36 lists money,
// goods, buildings, securities, equity and intellectual property; community practice adds
// services, venue time and expertise).
type PropertyKind string

// The property kinds.
const (
	PropertyCash      PropertyKind = "cash"      // money, in CNY
	PropertyGoods     PropertyKind = "goods"     // goods with a quantity and unit
	PropertyService   PropertyKind = "service"   // service sessions (a free clinic, haircuts)
	PropertyVenue     PropertyKind = "venue"     // venue time
	PropertyExpertise PropertyKind = "expertise" // professional expertise, in hours
)

var propertyKinds = wushe.NewEnum("property kind", PropertyCash, PropertyGoods, PropertyService, PropertyVenue, PropertyExpertise)

// Valid reports whether k is a known property kind.
func (k PropertyKind) Valid() bool { return propertyKinds.Has(k) }

// DonationStatus is where a donation stands between pledge and receipt.
type DonationStatus string

// The donation statuses.
const (
	DonationPledged   DonationStatus = "pledged"            // promised, nothing received yet
	DonationPartial   DonationStatus = "partially_received" // some of the pledge received
	DonationReceived  DonationStatus = "received"           // the whole pledge received
	DonationCancelled DonationStatus = "cancelled"          // pledge released (Charity Law Art 41)
)

var donationStatuses = wushe.NewEnum("donation status", DonationPledged, DonationPartial, DonationReceived, DonationCancelled)

// Valid reports whether s is a known donation status.
func (s DonationStatus) Valid() bool { return donationStatuses.Has(s) }

// Urgency is the "urgent, difficult, anxious, hoped-for" (急难愁盼) classification of a need
// (the kernel's wushe.Urgency: one vocabulary for every package). Pressure weighs it: 4 for
// urgent down to 1 for hoped-for.
type Urgency = wushe.Urgency

// The urgencies, most pressing first.
const (
	UrgencyUrgent    = wushe.UrgencyUrgent    // 急
	UrgencyDifficult = wushe.UrgencyDifficult // 难
	UrgencyAnxious   = wushe.UrgencyAnxious   // 愁
	UrgencyHopedFor  = wushe.UrgencyHopedFor  // 盼
)

// TargetGroup is a resident group that needs and restrictions name (the kernel's
// wushe.TargetGroup: one vocabulary for every package).
type TargetGroup = wushe.TargetGroup

// The target groups the community papers sort residents into.
const (
	GroupElderly         = wushe.GroupElderly
	GroupWomenAndParents = wushe.GroupWomenAndParents
	GroupChildren        = wushe.GroupChildren
	GroupAdolescents     = wushe.GroupAdolescents
	GroupDisabled        = wushe.GroupDisabled
	GroupLowIncome       = wushe.GroupLowIncome
	GroupMigrants        = wushe.GroupMigrants
	GroupOneOldOneYoung  = wushe.GroupOneOldOneYoung
	GroupGeneral         = wushe.GroupGeneral // every resident
	GroupOther           = wushe.GroupOther

	// Deprecated: GroupParents is GroupWomenAndParents, the one name every package uses.
	GroupParents = wushe.GroupWomenAndParents
	// Deprecated: GroupMigrant is GroupMigrants; the stored value is "migrants" (it was
	// "migrant" before the vocabulary was shared).
	GroupMigrant = wushe.GroupMigrants
)

// Purpose is a charitable purpose of Charity Law Art 3, which donors restrict gifts to.
type Purpose string

// The charitable purposes of Charity Law Art 3.
const (
	PurposePoverty     Purpose = "poverty_relief"    // 扶贫济困
	PurposeCare        Purpose = "care"              // 扶老救孤恤病助残优抚
	PurposeDisaster    Purpose = "disaster_relief"   // disasters, accidents, public-health events
	PurposeDevelopment Purpose = "development"       // education, science, culture, health, sport
	PurposeEnvironment Purpose = "environment"       // pollution and ecology
	PurposeOther       Purpose = "other_public_good" // other public-welfare activities
)

var purposes = wushe.NewEnum("purpose", PurposePoverty, PurposeCare, PurposeDisaster, PurposeDevelopment, PurposeEnvironment, PurposeOther)

// Valid reports whether p is a known purpose.
func (p Purpose) Valid() bool { return purposes.Has(p) }

// Check returns nil for a known purpose and otherwise a KindInvalid error on entity's field
// that lists the purposes: for a package that names a purpose in its own entities.
func (p Purpose) Check(entity, field string) error { return purposes.Check(entity, field, p) }

// HolderKind says who holds a lot.
type HolderKind string

// The holder kinds.
const (
	HolderSupermarket   HolderKind = "charity_supermarket" // 慈善超市
	HolderCommunityFund HolderKind = "community_fund"      // 社区基金
	HolderOrganization  HolderKind = "organization"        // a charity or community organisation
	HolderUnit          HolderKind = "unit"                // a unit in the jurisdiction (hospital, bank ...)
)

var holderKinds = wushe.NewEnum("holder kind", HolderSupermarket, HolderCommunityFund, HolderOrganization, HolderUnit)

// Valid reports whether k is a known holder kind.
func (k HolderKind) Valid() bool { return holderKinds.Has(k) }

// RequestStatus is where a request stands.
type RequestStatus string

// The request statuses.
const (
	RequestOpen      RequestStatus = "open"      // accepting allocations
	RequestClosed    RequestStatus = "closed"    // met, or closed by the requester
	RequestCancelled RequestStatus = "cancelled" // withdrawn
)

var requestStatuses = wushe.NewEnum("request status", RequestOpen, RequestClosed, RequestCancelled)

// Valid reports whether s is a known request status.
func (s RequestStatus) Valid() bool { return requestStatuses.Has(s) }

// AllocationStatus is where an allocation stands: reserved, then delivered or cancelled.
type AllocationStatus string

// The allocation statuses.
const (
	AllocationReserved  AllocationStatus = "reserved"
	AllocationDelivered AllocationStatus = "delivered"
	AllocationCancelled AllocationStatus = "cancelled"
)

var allocationStatuses = wushe.NewEnum("allocation status", AllocationReserved, AllocationDelivered, AllocationCancelled)

// Valid reports whether s is a known allocation status.
func (s AllocationStatus) Valid() bool { return allocationStatuses.Has(s) }

// MovementKind is what a movement does to a lot's quantities.
type MovementKind string

// The movement kinds and their effect on a lot.
const (
	MoveReceive MovementKind = "receive" // Received += q, OnHand += q
	MoveReserve MovementKind = "reserve" // OnHand -= q, Reserved += q
	MoveRelease MovementKind = "release" // Reserved -= q, OnHand += q (a cancelled allocation)
	MoveDeliver MovementKind = "deliver" // Reserved -= q, Delivered += q
	MoveDispose MovementKind = "dispose" // OnHand -= q, Disposed += q
)

var movementKinds = wushe.NewEnum("movement kind", MoveReceive, MoveReserve, MoveRelease, MoveDeliver, MoveDispose)

// Valid reports whether k is a known movement kind.
func (k MovementKind) Valid() bool { return movementKinds.Has(k) }

// DisposalReason says why stock left other than by delivery.
type DisposalReason string

// The disposal reasons.
const (
	DisposeExpired DisposalReason = "expired" // past its expiry date
	DisposeDamaged DisposalReason = "damaged" // damaged or unusable
	DisposeSold    DisposalReason = "sold"    // sold at a charity sale (Charity Law Art 54); proceeds become a cash lot of the same donation
)

var disposalReasons = wushe.NewEnum("disposal reason", DisposeExpired, DisposeDamaged, DisposeSold)

// Valid reports whether r is a known disposal reason.
func (r DisposalReason) Valid() bool { return disposalReasons.Has(r) }
