package linkage

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// UnitKind classifies a unit in the community's jurisdiction (辖区单位).
type UnitKind string

// The unit kinds.
const (
	UnitEnterprise     UnitKind = "enterprise"         // companies, shops, a bank branch run as a company
	UnitInstitution    UnitKind = "institution"        // 事业单位: hospitals, colleges, libraries
	UnitPartyOrg       UnitKind = "party_organization" // a party organization of another body
	UnitSocialGroup    UnitKind = "social_group"       // e.g. a dragon-and-lion team
	UnitGovernmentBody UnitKind = "government_body"
)

var unitKinds = wushe.NewEnum("kind of unit", UnitEnterprise, UnitInstitution, UnitPartyOrg, UnitSocialGroup, UnitGovernmentBody)

// Valid reports whether k is a known unit kind.
func (k UnitKind) Valid() bool { return unitKinds.Has(k) }

// Offer is what a unit can bring to the community.
type Offer string

// The offers.
const (
	OfferResources  Offer = "resources"  // goods and money
	OfferVenues     Offer = "venues"     // rooms, halls, grounds
	OfferVolunteers Offer = "volunteers" // staff who volunteer
	OfferServices   Offer = "services"   // free clinics, financial education, repairs
	OfferExpertise  Offer = "expertise"  // training, advice
)

var offers = wushe.NewEnum("offer", OfferResources, OfferVenues, OfferVolunteers, OfferServices, OfferExpertise)

// Valid reports whether o is a known offer.
func (o Offer) Valid() bool { return offers.Has(o) }

// Contact is a person to reach at a unit. Name and phone print masked.
type Contact struct {
	Name  wushe.PersonName `json:"name"`
	Phone wushe.Phone      `json:"phone"`
}

// Unit is an enterprise, institution, party organization, social group or government body in
// or near a community that social workers link into resident services.
//
// Required: Name, Kind and Community. RegisterUnit fills in ID (when nil), Version,
// CreatedAt and UpdatedAt.
type Unit struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
	Kind UnitKind  `json:"kind"`
	// Community is the community the unit is linked with.
	Community uuid.UUID `json:"community"`
	Contact   Contact   `json:"contact"`
	// Offers says what the unit brings; Tags add detail ("free clinic", "anti-fraud talk").
	Offers []Offer  `json:"offers,omitempty"`
	Tags   []string `json:"tags,omitempty"`
	// Provisions are what the unit declared it offers residents, one category of need
	// each, with a capacity and a place: what Dispatcher proposes and IdleReport follows.
	Provisions []Provision `json:"provisions,omitempty"`
	Version    int64       `json:"version"`
	CreatedAt  time.Time   `json:"created_at"`
	UpdatedAt  time.Time   `json:"updated_at"`
}

// Validate reports every problem with the unit.
func (u Unit) Validate() error {
	p := wushe.Check("Unit")
	if !p.CheckValues(u) {
		return p.Err()
	}
	p.Require(strings.TrimSpace(u.Name) != "", "Name", "is required")
	p.Require(u.Kind.Valid(), "Kind", unitKinds.Problem(u.Kind))
	p.Require(u.Community != uuid.Nil, "Community", "is required")
	for i, o := range u.Offers {
		p.Require(o.Valid(), wushe.Index("Offers", i), offers.Problem(o))
	}
	for i, t := range u.Tags {
		p.Require(strings.TrimSpace(t) != "", wushe.Index("Tags", i), "is empty")
	}
	for i, pr := range u.Provisions {
		p.Nested(wushe.Index("Provisions", i), pr.Validate())
	}
	return p.Err()
}

// Provision is one thing a unit or an organization declared it offers residents: a venue,
// a service or goods (Offer) for one category of need, how many referrals it takes at
// once, where it is offered and since when. Dispatch proposes it for open needs of its
// category (CategoryKey compares them); the idle report counts the days it went unused.
type Provision struct {
	Offer Offer `json:"offer"`
	// Category is the category of need it answers ("meal delivery", "free clinic").
	Category string `json:"category"`
	// Capacity is how many referrals it takes at once; 0 means 1.
	Capacity int `json:"capacity,omitempty"`
	// Location is where it is offered, if known.
	Location *wushe.Point `json:"location,omitempty"`
	// Area is the grid or micro-grid it serves, if it serves one.
	Area uuid.UUID `json:"area,omitzero"`
	// Since is when it was declared; zero means when its unit or organization was
	// registered.
	Since time.Time `json:"since,omitzero"`
}

// Validate reports every problem with the provision: a known offer, a category, a
// capacity that is not negative and a valid location.
func (p Provision) Validate() error {
	c := wushe.Check("Provision")
	c.Require(p.Offer.Valid(), "Offer", offers.Problem(p.Offer))
	c.Require(CategoryKey(p.Category) != "", "Category", "is required")
	c.Require(p.Capacity >= 0, "Capacity", "cannot be negative")
	if p.Location != nil {
		c.Nested("Location", p.Location.Validate())
	}
	return c.Err()
}
