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

// Valid reports whether k is a known unit kind.
func (k UnitKind) Valid() bool {
	return oneOf(k, UnitEnterprise, UnitInstitution, UnitPartyOrg, UnitSocialGroup, UnitGovernmentBody)
}

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

// Valid reports whether o is a known offer.
func (o Offer) Valid() bool {
	return oneOf(o, OfferResources, OfferVenues, OfferVolunteers, OfferServices, OfferExpertise)
}

// Contact is a person to reach at a unit. Name and phone print masked.
type Contact struct {
	Name  wushe.PersonName `json:"name"`
	Phone wushe.Phone      `json:"phone"`
}

// Unit is an enterprise, institution, party organization, social group or government body in
// or near a community that social workers link into resident services.
type Unit struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
	Kind UnitKind  `json:"kind"`
	// Community is the community the unit is linked with.
	Community uuid.UUID `json:"community"`
	Contact   Contact   `json:"contact"`
	// Offers says what the unit brings; Tags add detail ("free clinic", "anti-fraud talk").
	Offers    []Offer   `json:"offers,omitempty"`
	Tags      []string  `json:"tags,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate reports every problem with the unit.
func (u Unit) Validate() error {
	p := wushe.Check("Unit")
	p.Require(strings.TrimSpace(u.Name) != "", "Name", "is required")
	p.Require(u.Kind.Valid(), "Kind", "is not a known unit kind")
	p.Require(u.Community != uuid.Nil, "Community", "is required")
	for i, o := range u.Offers {
		p.Require(o.Valid(), wushe.Index("Offers", i), "is not a known offer")
	}
	for i, t := range u.Tags {
		p.Require(strings.TrimSpace(t) != "", wushe.Index("Tags", i), "is empty")
	}
	return p.Err()
}
