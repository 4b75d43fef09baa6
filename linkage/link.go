package linkage

import (
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// LinkKind is one of Project D's five linkages.
type LinkKind string

// The link kinds.
const (
	LinkTalent           LinkKind = "talent"            // 人才联动: a person's skills
	LinkOrganization     LinkKind = "organization"      // 组织联动: an organization takes part
	LinkService          LinkKind = "service"           // 服务联动: a service is provided
	LinkVenue            LinkKind = "venue"             // 场地联动: a venue is lent
	LinkVolunteerService LinkKind = "volunteer_service" // 志愿服务联动: volunteers serve
)

var linkKinds = wushe.NewEnum("link kind", LinkTalent, LinkOrganization, LinkService, LinkVenue, LinkVolunteerService)

// Valid reports whether k is a known link kind.
func (k LinkKind) Valid() bool { return linkKinds.Has(k) }

// PartyKind classifies a party to a link.
type PartyKind string

// The party kinds.
const (
	PartyUnit         PartyKind = "unit"
	PartyOrganization PartyKind = "organization"
	PartyVolunteer    PartyKind = "volunteer"
	PartySocialWorker PartyKind = "social_worker"
	PartyCommunity    PartyKind = "community"
	PartyDonor        PartyKind = "donor"
	// PartyGridStaff is a grid staff member (网格员) and PartyDepartment a street-office
	// department, named by the host's reference: the responders of grid and whistle
	// referrals, whose completed work is linked like any other party's.
	PartyGridStaff  PartyKind = "grid_staff"
	PartyDepartment PartyKind = "department"
)

var partyKinds = wushe.NewEnum("party kind", PartyUnit, PartyOrganization, PartyVolunteer, PartySocialWorker, PartyCommunity, PartyDonor,
	PartyGridStaff, PartyDepartment)

// Valid reports whether k is a known party kind.
func (k PartyKind) Valid() bool { return partyKinds.Has(k) }

// Party names a party by kind and ID.
type Party struct {
	Kind PartyKind `json:"kind"`
	ID   uuid.UUID `json:"id"`
}

// Validate reports a bad kind or a missing ID.
func (p Party) Validate() error {
	c := wushe.Check("Party")
	c.Require(p.Kind.Valid(), "Kind", partyKinds.Problem(p.Kind))
	c.Require(p.ID != uuid.Nil, "ID", "is required")
	return c.Err()
}

// TargetKind classifies what a link brought a contribution to.
type TargetKind string

// The link target kinds.
const (
	TargetNeed     TargetKind = "need"
	TargetActivity TargetKind = "activity"
	TargetProject  TargetKind = "project"
)

var targetKinds = wushe.NewEnum("target kind", TargetNeed, TargetActivity, TargetProject)

// Valid reports whether k is a known target kind.
func (k TargetKind) Valid() bool { return targetKinds.Has(k) }

// LinkTarget names the need, activity or project a contribution went to.
type LinkTarget struct {
	Kind TargetKind `json:"kind"`
	ID   uuid.UUID  `json:"id"`
}

// Link is a dated record that one party (By, typically a social worker) brought another
// party's contribution (From) to a need, activity or project (To). Counting links is how
// "units connected" and "volunteers connected" come from data.
//
// Required: Kind, By and From (each a kind and an ID) and To (a kind and the ID of a need,
// activity or project that exists). RecordLink fills in At (now, when empty), ID (when nil),
// Version, CreatedAt and UpdatedAt; CompleteReferral writes the links a referral's work
// earned itself.
type Link struct {
	ID   uuid.UUID  `json:"id"`
	Kind LinkKind   `json:"kind"`
	At   time.Time  `json:"at"`
	By   Party      `json:"by"`
	From Party      `json:"from"`
	To   LinkTarget `json:"to"`
	// Project is the purchased project the link was made under, if any.
	Project     uuid.UUID `json:"project,omitzero"`
	Description string    `json:"description,omitempty"`
	// Quantity is how much was brought (hours, items, CNY), if it is measured; Unit names
	// the measure.
	Quantity  decimal.NullDecimal `json:"quantity"`
	Unit      string              `json:"unit,omitempty"`
	Version   int64               `json:"version"`
	CreatedAt time.Time           `json:"created_at"`
	UpdatedAt time.Time           `json:"updated_at"`
}

// Validate reports every problem with the link.
func (l Link) Validate() error {
	p := wushe.Check("Link")
	if !p.CheckValues(l) {
		return p.Err()
	}
	p.Require(l.Kind.Valid(), "Kind", linkKinds.Problem(l.Kind))
	p.Require(!l.At.IsZero(), "At", "is required")
	p.Nested("By", l.By.Validate())
	p.Nested("From", l.From.Validate())
	p.Require(l.To.Kind.Valid(), "To.Kind", targetKinds.Problem(l.To.Kind))
	p.Require(l.To.ID != uuid.Nil, "To.ID", "is required")
	if l.Quantity.Valid {
		p.Require(!l.Quantity.Decimal.IsNegative(), "Quantity", "cannot be negative")
	}
	return p.Err()
}
