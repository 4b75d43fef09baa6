package resources

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// CNYPlaces is the precision of money: CNY to the fen. Amounts with more decimal places
// are rejected, never rounded: a donor's money is recorded exactly as given.
const CNYPlaces = 2

// QuantityPlaces is the most decimal places a quantity of goods, sessions or hours may
// have (a gram of a kilogram, a minute of an hour is finer than any donation needs).
const QuantityPlaces = 3

// Anonymous is what receipts and reports show in place of an anonymous donor.
const Anonymous = "anonymous"

// fitsPlaces reports whether d has at most places decimal places.
func fitsPlaces(d decimal.Decimal, places int32) bool { return d.Equal(d.Truncate(places)) }

// Donor is someone who gives. Organisations carry a Name and, where they have one, a
// CreditCode; individuals carry a PersonName. Contact details are personal data and print
// masked.
//
// Required: Kind; Person for an individual, Name for any other kind (CreditCode, when
// given, must be a valid unified social credit code). RegisterDonor fills in ID, Version,
// CreatedAt and UpdatedAt, and normalizes CreditCode.
type Donor struct {
	ID   uuid.UUID `json:"id"`   // Identifies the entity.
	Kind DonorKind `json:"kind"` // What kind of giver.
	// Name is an organisation's name; required unless Kind is DonorIndividual.
	Name string `json:"name,omitempty"`
	// Person is an individual donor's name; required when Kind is DonorIndividual.
	Person wushe.PersonName `json:"person,omitzero"`
	// CreditCode is the organisation's unified social credit code, when it has one.
	CreditCode CreditCode `json:"credit_code,omitempty"`
	// Contact, Phone and Address reach the donor; all print masked.
	Contact wushe.PersonName `json:"contact,omitzero"`
	Phone   wushe.Phone      `json:"phone,omitzero"`   // A contact phone number (masked).
	Address wushe.Sensitive  `json:"address,omitzero"` // The donor's address, class address (masked).
	// Anonymous asks that the donor's identity never be disclosed: receipts record
	// "anonymous" and reports leave the donor out.
	Anonymous bool `json:"anonymous,omitempty"`
	// CommunityID is the community the donor belongs to, if any (an opaque reference).
	CommunityID uuid.UUID `json:"community_id,omitzero"`
	// Description says what the organisation is and does, as it describes itself.
	Description string `json:"description,omitempty"`
	// Identifiers are the organisation's registration numbers and its IDs in other
	// systems (an imported directory's ID under HSDSIDScheme). A CN-USCC identifier
	// agrees with CreditCode.
	Identifiers []Identifier `json:"identifiers,omitempty"`
	// Offers are the services the organisation declares it offers residents, outside any
	// donation: a directory's services, with where they are given.
	Offers []Offer `json:"offers,omitempty"`
	// Places are the organisation's own places that no offer names.
	Places    []Place   `json:"places,omitempty"`
	Version   int64     `json:"version"`    // Optimistic-concurrency version: 0 before the first save, set by the Store.
	CreatedAt time.Time `json:"created_at"` // Set by the Service from its clock.
	UpdatedAt time.Time `json:"updated_at"` // Set by the Service from its clock.
}

// Validate checks the donor itself: kind, the name that fits the kind and a well-formed
// credit code.
func (d Donor) Validate() error {
	p := wushe.Check("Donor")
	if !p.CheckValues(d) {
		return p.Err()
	}
	p.Require(d.Kind.Valid(), "Kind", donorKinds.Problem(d.Kind))
	if d.Kind == DonorIndividual {
		p.Require(!d.Person.IsZero(), "Person", "is required for an individual donor")
		p.Require(d.CreditCode == "", "CreditCode", "an individual has no credit code")
	} else {
		p.Require(strings.TrimSpace(d.Name) != "", "Name", "is required for an organisation")
	}
	if d.CreditCode != "" {
		if _, err := ParseCreditCode(string(d.CreditCode)); err != nil {
			p.Nested("", err)
		}
	}
	if !d.Address.IsZero() {
		p.Require(d.Address.Class() == wushe.ClassAddress, "Address", "must be of class address")
	}
	for i, x := range d.Identifiers {
		f := wushe.Index("Identifiers", i)
		p.Require(strings.TrimSpace(x.Scheme) != "" || strings.TrimSpace(x.Type) != "", f+".Scheme", "a scheme or a type is required")
		p.Require(strings.TrimSpace(x.Value) != "", f+".Value", "is required")
		if x.Scheme == CreditCodeScheme && d.CreditCode != "" {
			p.Require(x.Value == string(d.CreditCode), f+".Value", "differs from CreditCode")
		}
	}
	for i, o := range d.Offers {
		p.Nested(wushe.Index("Offers", i), o.Validate())
	}
	for i, pl := range d.Places {
		p.Nested(wushe.Index("Places", i), pl.Validate())
	}
	return p.Err()
}

// Identifier names an organisation in a register or another system: a unified social
// credit code (scheme CN-USCC), a charity number, a directory's own ID.
type Identifier struct {
	Scheme string `json:"scheme,omitempty"` // The register or system: "CN-USCC", HSDSIDScheme.
	Type   string `json:"type,omitempty"`   // What the identifier is, in words ("统一社会信用代码").
	Value  string `json:"value"`            // The identifier itself.
}

// HSDSIDScheme is the scheme under which an organisation, offer or place imported from an
// HSDS directory keeps the ID it had there.
const HSDSIDScheme = "openreferral-hsds-id"

// Offer is a service an organisation declares it offers residents: what, for whom, how
// much and where. It is a declaration, not stock: nothing is reserved from it.
type Offer struct {
	Name        string `json:"name"`                  // What is offered.
	Description string `json:"description,omitempty"` // More about it.
	// Status is as the directory gives it: active, inactive, defunct, temporarily closed.
	Status string `json:"status,omitempty"`
	// Eligibility says who may use it, in words.
	Eligibility string `json:"eligibility,omitempty"`
	MinAge      int    `json:"min_age,omitempty"` // Youngest age served; 0 for no limit.
	MaxAge      int    `json:"max_age,omitempty"` // Oldest age served; 0 for no limit.
	// Capacities say how much is available, each in its unit.
	Capacities []OfferCapacity `json:"capacities,omitempty"`
	Places     []Place         `json:"places,omitempty"` // Where it is given.
	// ExternalID is the offer's ID in the system it came from (an HSDS service id).
	ExternalID string `json:"external_id,omitempty"`
}

// OfferCapacity is how much of an offer is available, in one unit.
type OfferCapacity struct {
	Unit      string          `json:"unit"`             // What the quantities count (seat, session).
	Available decimal.Decimal `json:"available"`        // Available now.
	Maximum   decimal.Decimal `json:"maximum,omitzero"` // The most there can be; zero for unknown.
	Updated   time.Time       `json:"updated,omitzero"` // When Available was last known.
}

// Place is where an organisation is or gives an offer.
type Place struct {
	Name string `json:"name,omitempty"` // The place's name.
	// Kind is physical, postal or virtual, as HSDS location_type.
	Kind     string       `json:"kind,omitempty"`
	Location *wushe.Point `json:"location,omitempty"` // Where it is, if known.
	// ExternalID is the place's ID in the system it came from (an HSDS location id).
	ExternalID string `json:"external_id,omitempty"`
}

// Validate checks the offer itself.
func (o Offer) Validate() error {
	p := wushe.Check("Offer")
	p.Require(strings.TrimSpace(o.Name) != "", "Name", "is required")
	p.Require(o.MinAge >= 0, "MinAge", "is negative")
	p.Require(o.MaxAge >= 0, "MaxAge", "is negative")
	p.Require(o.MaxAge == 0 || o.MinAge <= o.MaxAge, "MaxAge", "is below MinAge")
	for i, c := range o.Capacities {
		f := wushe.Index("Capacities", i)
		p.Require(strings.TrimSpace(c.Unit) != "", f+".Unit", "is required")
		p.Require(!c.Available.IsNegative(), f+".Available", "is negative")
		p.Require(!c.Maximum.IsNegative(), f+".Maximum", "is negative")
	}
	for i, pl := range o.Places {
		p.Nested(wushe.Index("Places", i), pl.Validate())
	}
	return p.Err()
}

// Validate checks the place itself.
func (pl Place) Validate() error {
	p := wushe.Check("Place")
	p.Require(strings.TrimSpace(pl.Name) != "" || pl.Location != nil || pl.ExternalID != "", "Name", "a place needs a name, a location or an external ID")
	if pl.Location != nil {
		p.Nested("Location", pl.Location.Validate())
	}
	return p.Err()
}

// DisplayName is how receipts and reports name the donor: Anonymous for an anonymous
// donor, the masked name for an individual, the name for an organisation.
func (d Donor) DisplayName() string {
	switch {
	case d.Anonymous:
		return Anonymous
	case d.Kind == DonorIndividual:
		return d.Person.Masked()
	}
	return d.Name
}

// Restriction is what a donor allows a gift to be used for. Zero fields restrict nothing.
type Restriction struct {
	// Purposes are the charitable purposes allowed.
	Purposes []Purpose `json:"purposes,omitempty"`
	// Groups are the eligible target groups.
	Groups []TargetGroup `json:"groups,omitempty"`
	// MinAge and MaxAge bound the beneficiary's age in years, inclusive; 0 means no bound.
	MinAge int `json:"min_age,omitempty"`
	MaxAge int `json:"max_age,omitempty"` // See MinAge.
	// Communities are the communities the gift may go to.
	Communities []uuid.UUID `json:"communities,omitempty"`
}

// Validate checks the restriction's values.
func (r Restriction) Validate() error {
	p := wushe.Check("Restriction")
	for i, x := range r.Purposes {
		p.Require(x.Valid(), wushe.Index("Purposes", i), purposes.Problem(x))
	}
	for i, g := range r.Groups {
		p.Add(g.Check("Restriction", wushe.Index("Groups", i)))
	}
	p.Require(r.MinAge >= 0 && r.MinAge <= 150, "MinAge", "must be in [0, 150]")
	p.Require(r.MaxAge >= 0 && r.MaxAge <= 150, "MaxAge", "must be in [0, 150]")
	if r.MaxAge > 0 {
		p.Require(r.MinAge <= r.MaxAge, "MaxAge", "is below MinAge")
	}
	return p.Err()
}

// Admits reports whether a request for purpose with beneficiary b is within the
// restriction, and if not, why. An empty purpose passes a purpose restriction only when
// the restriction names none.
func (r Restriction) Admits(purpose Purpose, b Beneficiary) (bool, string) {
	return r.admits(purpose, &b, true)
}

// admits is Admits; the purpose's reason is formatted only when why is set.
func (r *Restriction) admits(purpose Purpose, b *Beneficiary, why bool) (bool, string) {
	if len(r.Purposes) > 0 && !slices.Contains(r.Purposes, purpose) {
		if !why {
			return false, ""
		}
		return false, fmt.Sprintf("purpose %q is not among the donor's purposes", purpose)
	}
	if len(r.Groups) > 0 && !slices.Contains(r.Groups, GroupGeneral) {
		ok := false
		for _, g := range b.Groups {
			if slices.Contains(r.Groups, g) {
				ok = true
				break
			}
		}
		if !ok {
			return false, "the beneficiary is in none of the eligible target groups"
		}
	}
	if r.MinAge > 0 || r.MaxAge > 0 {
		if !b.AgeKnown {
			return false, "the restriction has an age range and the beneficiary's age is not known"
		}
		if b.Age < r.MinAge || (r.MaxAge > 0 && b.Age > r.MaxAge) {
			return false, "the beneficiary's age is outside the eligible range"
		}
	}
	if len(r.Communities) > 0 && !slices.Contains(r.Communities, b.CommunityID) {
		return false, "the beneficiary's community is not among the eligible communities"
	}
	return true, ""
}

// Equal reports whether r and o restrict the same way (order aside).
func (r Restriction) Equal(o Restriction) bool {
	return sameSet(r.Purposes, o.Purposes) && sameSet(r.Groups, o.Groups) &&
		r.MinAge == o.MinAge && r.MaxAge == o.MaxAge && sameSet(r.Communities, o.Communities)
}

func sameSet[T comparable](a, b []T) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			return false
		}
	}
	return true
}

// Agreement is the written donation agreement of Charity Law Art 39 (and donation law Art
// 12): the parties, and the property's kind, quantity, quality, use and delivery time.
type Agreement struct {
	// Reference identifies the signed agreement in the host's records.
	Reference string `json:"reference"`
	// Quality states the quality and standards the goods meet (Art 36: use value, safety,
	// hygiene and environmental standards).
	Quality string `json:"quality,omitempty"`
	// Use is the agreed use.
	Use string `json:"use"`
	// DeliverBy is the agreed delivery time.
	DeliverBy time.Time `json:"deliver_by,omitzero"`
	SignedOn  time.Time `json:"signed_on"` // When the agreement was signed.
}

// Validate checks the agreement's required fields.
func (a Agreement) Validate() error {
	p := wushe.Check("Agreement")
	p.Require(strings.TrimSpace(a.Reference) != "", "Reference", "is required")
	p.Require(strings.TrimSpace(a.Use) != "", "Use", "is required (Charity Law Art 39)")
	p.Require(!a.SignedOn.IsZero(), "SignedOn", "is required")
	return p.Err()
}

// Receipt records one delivery of donated property, with the fields of Charity Law Art 38:
// donor, kind and quantity of property, receiving organisation, handler and date, and the
// receipt number. Number is empty when no receipt could be issued; Withheld says why (an
// in-kind gift without proof of fair value, 2020 tax announcement).
type Receipt struct {
	Number string `json:"number,omitempty"` // The receipt number; empty when withheld.
	// Donor is the donor's display name: "anonymous" for an anonymous donor.
	Donor        string           `json:"donor"`
	Kind         PropertyKind     `json:"kind"`               // The kind of property received.
	Quantity     decimal.Decimal  `json:"quantity"`           // In Unit, exact.
	Unit         string           `json:"unit"`               // What quantities count (bag, session, hour, CNY).
	Value        decimal.Decimal  `json:"value"`              // Fair value in CNY of what this receipt covers.
	Organization string           `json:"organization"`       // The receiving organisation.
	Handler      wushe.PersonName `json:"handler"`            // The person who handled the receipt (masked).
	Date         time.Time        `json:"date"`               // The receipt date.
	LotID        uuid.UUID        `json:"lot_id"`             // The lot the property was put in.
	Withheld     string           `json:"withheld,omitempty"` // Why no receipt was issued, if none was.
}

// Donation is property given by a donor: pledged, then received in one or more receipts.
//
// For cash, Quantity is the amount in CNY and Unit is "CNY". For in-kind property Quantity
// counts Units (boxes, sessions, hours), and FairValue is the value of the whole pledge in
// CNY; a receipt is issued only when FairValueProof names the evidence (an invoice, an
// appraisal).
//
// Required: DonorID (a registered donor), Kind, Category and a positive Quantity; Unit for
// in-kind property. Pledge and Donate fill in ID, Status (pledged, then moved by each
// receipt), Received, Receipts, PledgedAt (now, when empty), Version, CreatedAt and
// UpdatedAt. A host never builds a Lot: each Receiving makes one.
type Donation struct {
	ID       uuid.UUID      `json:"id"`       // Identifies the entity.
	DonorID  uuid.UUID      `json:"donor_id"` // The donor who gives.
	Status   DonationStatus `json:"status"`   // Pledged, partially received, received or cancelled.
	Kind     PropertyKind   `json:"kind"`     // Cash or the kind of in-kind property.
	Category string         `json:"category"` // What the resource is (rice, haircut, hall); matching compares it exactly.
	// Description says what the property is.
	Description string          `json:"description,omitempty"`
	Quantity    decimal.Decimal `json:"quantity"` // The pledged quantity in Unit (CNY for cash).
	Unit        string          `json:"unit"`     // What quantities count (bag, session, hour, CNY).
	// Received is the quantity received so far, at most Quantity.
	Received decimal.Decimal `json:"received"`
	// FairValue is the value in CNY of the whole Quantity (for cash, the amount itself).
	FairValue      decimal.Decimal `json:"fair_value"`
	FairValueProof string          `json:"fair_value_proof,omitempty"` // Names the evidence of fair value (invoice, appraisal); required for a receipt of in-kind property.
	// CapacityPerSession is how many people one session serves (services and venues).
	CapacityPerSession int `json:"capacity_per_session,omitempty"`
	// Restriction is the donor's restriction on use.
	Restriction Restriction `json:"restriction"`
	Agreement   *Agreement  `json:"agreement,omitempty"` // The written agreement, when there is one (Art 39).
	// ProjectID is the project or fundraising the donation goes to (opaque; used by
	// Disclosure).
	ProjectID uuid.UUID `json:"project_id,omitzero"`
	// FromLotID links a cash donation made of charity-sale proceeds to the lot sold. Dispose
	// no longer makes such donations (proceeds are a cash lot of the goods' donation, see
	// Lot.FromLotID); the field is kept for donations recorded that way.
	FromLotID uuid.UUID `json:"from_lot_id,omitzero"`
	Receipts  []Receipt `json:"receipts,omitempty"` // One per delivery received, in order.
	PledgedAt time.Time `json:"pledged_at"`         // When the pledge was made.
	Version   int64     `json:"version"`            // Optimistic-concurrency version: 0 before the first save, set by the Store.
	CreatedAt time.Time `json:"created_at"`         // Set by the Service from its clock.
	UpdatedAt time.Time `json:"updated_at"`         // Set by the Service from its clock.
}

// Validate checks the donation itself: kind, category, unit, quantities to their
// precision (CNY to the fen, quantities to QuantityPlaces), Received within Quantity.
func (d Donation) Validate() error {
	p := wushe.Check("Donation")
	if !p.CheckValues(d) {
		return p.Err()
	}
	p.Require(d.DonorID != uuid.Nil, "DonorID", "is required")
	p.Require(d.Status.Valid(), "Status", donationStatuses.Problem(d.Status))
	p.Require(d.Kind.Valid(), "Kind", propertyKinds.Problem(d.Kind))
	p.Require(strings.TrimSpace(d.Category) != "", "Category", "is required")
	if d.Kind == PropertyCash {
		p.Require(d.Unit == "CNY", "Unit", "must be CNY for cash")
		p.Require(fitsPlaces(d.Quantity, CNYPlaces), "Quantity", "has more than 2 decimal places (CNY to the fen)")
		p.Require(d.FairValue.IsZero() || d.FairValue.Equal(d.Quantity), "FairValue", "of cash is its amount")
	} else {
		p.Require(strings.TrimSpace(d.Unit) != "", "Unit", "is required")
		p.Require(fitsPlaces(d.Quantity, QuantityPlaces), "Quantity", "has more than 3 decimal places")
	}
	p.Require(d.Quantity.IsPositive(), "Quantity", "must be positive")
	p.Require(!d.FairValue.IsNegative(), "FairValue", "is negative")
	p.Require(fitsPlaces(d.FairValue, CNYPlaces), "FairValue", "has more than 2 decimal places (CNY to the fen)")
	p.Require(!d.Received.IsNegative() && d.Received.LessThanOrEqual(d.Quantity), "Received", "must be within [0, Quantity]")
	p.Require(d.CapacityPerSession >= 0, "CapacityPerSession", "is negative")
	p.Nested("Restriction", d.Restriction.Validate())
	if d.Agreement != nil {
		p.Nested("Agreement", d.Agreement.Validate())
	}
	return p.Err()
}

// Remaining is the pledged quantity not yet received.
func (d Donation) Remaining() decimal.Decimal { return d.Quantity.Sub(d.Received) }

// UnitValue is the fair value of one unit in CNY: FairValue / Quantity, exact to 8 places.
func (d Donation) UnitValue() decimal.Decimal {
	if d.Kind == PropertyCash {
		return decimal.NewFromInt(1)
	}
	if d.Quantity.IsZero() {
		return decimal.Zero
	}
	return d.FairValue.DivRound(d.Quantity, 8)
}

// Holder is who holds a lot.
type Holder struct {
	Kind HolderKind `json:"kind"` // What kind of holder.
	Name string     `json:"name"` // The holder's name, as published.
	// ID references the holder in the host's records (an organisation, a fund), if any.
	ID uuid.UUID `json:"id,omitzero"`
}

// Session is one scheduled session of a service or venue lot.
type Session struct {
	Window   wushe.Window `json:"window"`   // When the session runs.
	Capacity int          `json:"capacity"` // How many people it serves.
}

// Lot is a quantity of one resource on hand to give. Its four stock quantities always
// satisfy Received = OnHand + Reserved + Delivered + Disposed, each non-negative; only
// Apply (through a Store's Post) changes them.
//
// A host never builds one: Receive and Donate make a lot from the donation and the
// Receiving (ID, Kind, Category, Unit, UnitValue, Holder, Location, Expires, Restriction,
// Sessions, the timestamps and LastMoved), and its quantities change only through the
// Store's Post.
type Lot struct {
	ID         uuid.UUID    `json:"id"`          // Identifies the entity.
	DonationID uuid.UUID    `json:"donation_id"` // The donation the lot came from.
	Kind       PropertyKind `json:"kind"`        // The kind of property.
	Category   string       `json:"category"`    // What the resource is (rice, haircut, hall); matching compares it exactly.
	Unit       string       `json:"unit"`        // What quantities count (bag, session, hour, CNY).
	// UnitValue is the fair value of one unit in CNY (1 for cash).
	UnitValue   decimal.Decimal `json:"unit_value"`
	Received    decimal.Decimal `json:"received"`           // Quantity received in all.
	OnHand      decimal.Decimal `json:"on_hand"`            // Quantity free to allocate.
	Reserved    decimal.Decimal `json:"reserved"`           // Quantity held by reserved allocations.
	Delivered   decimal.Decimal `json:"delivered"`          // Quantity delivered to requests.
	Disposed    decimal.Decimal `json:"disposed"`           // Quantity disposed of (expired, damaged, sold).
	Location    *wushe.Point    `json:"location,omitempty"` // Where it is, if known.
	Holder      Holder          `json:"holder"`             // Who holds the stock.
	Expires     time.Time       `json:"expires,omitzero"`   // First instant it may no longer be used; zero for none.
	Restriction Restriction     `json:"restriction"`        // The donor's restriction on use.
	Sessions    []Session       `json:"sessions,omitempty"` // The schedule of a service or venue lot.
	// Consents records every change of use and the consent behind it.
	Consents []Consent `json:"consents,omitempty"`
	// FromLotID is, on the cash lot a charity sale's proceeds became, the goods lot sold;
	// the cash belongs to the goods' donation (the same gift in another form).
	FromLotID uuid.UUID `json:"from_lot_id,omitzero"`
	// PaidBy says who paid a charity sale's proceeds: the buyers, not the goods' donor.
	PaidBy string `json:"paid_by,omitempty"`
	// LastMoved is the time of the lot's last movement.
	LastMoved time.Time `json:"last_moved"`
	// LastSeq is the Seq of the lot's last movement: how many movements its log holds, 0
	// before the first. Only a Store's Post changes it, through Record.
	LastSeq   int64     `json:"last_seq"`
	Version   int64     `json:"version"`    // Optimistic-concurrency version: 0 before the first save, set by the Store.
	CreatedAt time.Time `json:"created_at"` // Set by the Service from its clock.
	UpdatedAt time.Time `json:"updated_at"` // Set by the Service from its clock.
}

// Validate checks the lot itself, conservation and non-negativity included.
func (l Lot) Validate() error {
	p := wushe.Check("Lot")
	if !p.CheckValues(l) {
		return p.Err()
	}
	p.Require(l.DonationID != uuid.Nil, "DonationID", "is required")
	p.Require(l.Kind.Valid(), "Kind", propertyKinds.Problem(l.Kind))
	p.Require(strings.TrimSpace(l.Category) != "", "Category", "is required")
	p.Require(strings.TrimSpace(l.Unit) != "", "Unit", "is required")
	p.Require(l.Holder.Kind.Valid(), "Holder.Kind", holderKinds.Problem(l.Holder.Kind))
	p.Require(strings.TrimSpace(l.Holder.Name) != "", "Holder.Name", "is required")
	for _, q := range []struct {
		name string
		v    decimal.Decimal
	}{{"Received", l.Received}, {"OnHand", l.OnHand}, {"Reserved", l.Reserved}, {"Delivered", l.Delivered}, {"Disposed", l.Disposed}, {"UnitValue", l.UnitValue}} {
		p.Require(!q.v.IsNegative(), q.name, "is negative")
	}
	p.Require(l.Conserved(), "Received", "is not OnHand + Reserved + Delivered + Disposed")
	if l.Location != nil {
		p.Nested("Location", l.Location.Validate())
	}
	p.Nested("Restriction", l.Restriction.Validate())
	for i, s := range l.Sessions {
		p.Nested(wushe.Index("Sessions", i)+".Window", s.Window.Validate())
		p.Require(s.Capacity > 0, wushe.Index("Sessions", i)+".Capacity", "must be positive")
	}
	return p.Err()
}

// Conserved reports whether Received = OnHand + Reserved + Delivered + Disposed.
func (l Lot) Conserved() bool {
	return l.Received.Equal(l.OnHand.Add(l.Reserved).Add(l.Delivered).Add(l.Disposed))
}

// Position returns the lot's stock quantities.
func (l Lot) Position() Position {
	return Position{LotID: l.ID, Received: l.Received, OnHand: l.OnHand, Reserved: l.Reserved,
		Delivered: l.Delivered, Disposed: l.Disposed}
}

// ExpiredAt reports whether the lot has expired at t (Expires is the first instant it may
// no longer be used).
func (l Lot) ExpiredAt(t time.Time) bool { return !l.Expires.IsZero() && !t.Before(l.Expires) }

// Apply changes the lot's quantities by one movement, or returns an error of kind
// insufficient (the quantity would go negative) or invalid (a bad movement) and leaves
// the lot as it was. It is the one place the effect of a movement is defined; Stores call
// it inside their transaction and Replay calls it on positions.
func (l *Lot) Apply(m Movement) error {
	pos := l.Position()
	if err := pos.Apply(m); err != nil {
		return err
	}
	l.Received, l.OnHand, l.Reserved, l.Delivered, l.Disposed = pos.Received, pos.OnHand, pos.Reserved, pos.Delivered, pos.Disposed
	if m.At.After(l.LastMoved) {
		l.LastMoved = m.At
	}
	return nil
}

// Record applies m to the lot as a Store's Post logs it, inside the transaction that
// commits it, and returns m as it is to be logged: m.Seq becomes the lot's next number
// (LastSeq + 1, which becomes the new LastSeq) and, when the lot has moved before and m is
// dated at or before the lot's LastMoved, m.At becomes one nanosecond after LastMoved. A
// lot's log is thus numbered and dated in the order its movements committed, whatever
// order their Services read the clock in: a reservation dated before the cancellation
// that freed its stock, but committed after it, is logged after it. The lot's first
// movement keeps its date. Every Store's Post runs Record (instead of Apply) for each
// movement, on the lot it holds under lock. On error nothing changes.
func (l *Lot) Record(m Movement) (Movement, error) {
	if l.LastSeq > 0 && !m.At.After(l.LastMoved) {
		m.At = l.LastMoved.Add(time.Nanosecond)
	}
	m.Seq = l.LastSeq + 1
	if err := l.Apply(m); err != nil {
		return Movement{}, err
	}
	l.LastSeq = m.Seq
	return m, nil
}

// Position is a lot's stock at one moment.
type Position struct {
	LotID     uuid.UUID       `json:"lot_id"`    // The lot concerned.
	Received  decimal.Decimal `json:"received"`  // Quantity received in all.
	OnHand    decimal.Decimal `json:"on_hand"`   // Quantity free to allocate.
	Reserved  decimal.Decimal `json:"reserved"`  // Quantity held by reserved allocations.
	Delivered decimal.Decimal `json:"delivered"` // Quantity delivered to requests.
	Disposed  decimal.Decimal `json:"disposed"`  // Quantity disposed of (expired, damaged, sold).
}

// String renders the position as "received R = on hand O + reserved V + delivered D +
// disposed X".
func (p Position) String() string {
	return fmt.Sprintf("received %s = on hand %s + reserved %s + delivered %s + disposed %s",
		p.Received, p.OnHand, p.Reserved, p.Delivered, p.Disposed)
}

// Equal reports whether p and q are the same lot's position with equal quantities,
// compared as numbers (5 and 5.00 are equal). A Store uses it to refuse an UpdateLot that
// changes stock, which only Post changes.
func (p Position) Equal(q Position) bool {
	return p.LotID == q.LotID && p.Received.Equal(q.Received) && p.OnHand.Equal(q.OnHand) &&
		p.Reserved.Equal(q.Reserved) && p.Delivered.Equal(q.Delivered) && p.Disposed.Equal(q.Disposed)
}

// Apply changes the position by one movement (see MovementKind for the effects). It fails
// with kind insufficient when a quantity would go negative and with kind invalid for a
// non-positive quantity or an unknown kind, leaving the position as it was.
func (p *Position) Apply(m Movement) error {
	const op = "resources.Position.Apply"
	if !m.Quantity.IsPositive() {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Movement", ID: m.ID.String(), Field: "Quantity", Msg: "must be positive"}
	}
	q := m.Quantity
	short := func(what string, have decimal.Decimal) error {
		return &wushe.Error{Op: op, Kind: wushe.KindInsufficient, Entity: "Lot", ID: m.LotID.String(), Field: what,
			Msg: fmt.Sprintf("%s %s is less than the %s of %s", what, have, m.Kind, q)}
	}
	n := *p
	switch m.Kind {
	case MoveReceive:
		n.Received, n.OnHand = n.Received.Add(q), n.OnHand.Add(q)
	case MoveReserve:
		if n.OnHand.LessThan(q) {
			return short("OnHand", n.OnHand)
		}
		n.OnHand, n.Reserved = n.OnHand.Sub(q), n.Reserved.Add(q)
	case MoveRelease:
		if n.Reserved.LessThan(q) {
			return short("Reserved", n.Reserved)
		}
		n.Reserved, n.OnHand = n.Reserved.Sub(q), n.OnHand.Add(q)
	case MoveDeliver:
		if n.Reserved.LessThan(q) {
			return short("Reserved", n.Reserved)
		}
		n.Reserved, n.Delivered = n.Reserved.Sub(q), n.Delivered.Add(q)
	case MoveDispose:
		if n.OnHand.LessThan(q) {
			return short("OnHand", n.OnHand)
		}
		n.OnHand, n.Disposed = n.OnHand.Sub(q), n.Disposed.Add(q)
	default:
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Movement", ID: m.ID.String(), Field: "Kind",
			Msg: movementKinds.Problem(m.Kind)}
	}
	*p = n
	return nil
}

// ConsentKind says how a change of use was authorised.
type ConsentKind string

// The consent kinds.
const (
	// ConsentDonor is the donor's recorded consent (Charity Law Art 56, donation law Art 18).
	ConsentDonor ConsentKind = "donor_consent"
	// ConsentPublicNotice is a public notice of at least PublicNoticeDays, for a donor who
	// cannot be reached (广州市慈善促进条例 Art 26).
	ConsentPublicNotice ConsentKind = "public_notice"
)

var consentKinds = wushe.NewEnum("consent kind", ConsentDonor, ConsentPublicNotice)

// Valid reports whether k is a known consent kind.
func (k ConsentKind) Valid() bool { return consentKinds.Has(k) }

// PublicNoticeDays is the shortest public notice that stands in for an unreachable donor's
// consent to a change of use (广州市慈善促进条例 2021, Art 26).
const PublicNoticeDays = 60

// Consent records the authority for a change of a lot's use.
type Consent struct {
	Kind ConsentKind `json:"kind"` // Donor consent or public notice.
	// Reference identifies the signed consent or the notice in the host's records.
	Reference string `json:"reference"`
	// Date is when consent was given, or when the notice ended.
	Date time.Time `json:"date"`
	// NoticeFrom is when a public notice started.
	NoticeFrom time.Time `json:"notice_from,omitzero"`
	// Before and After are the restrictions the change replaced and set.
	Before Restriction `json:"before"`
	After  Restriction `json:"after"` // See Before.
	Actor  string      `json:"actor"` // Who recorded the change (set by the Service).
}

// Validate checks the consent record.
func (c Consent) Validate() error {
	p := wushe.Check("Consent")
	p.Require(c.Kind.Valid(), "Kind", consentKinds.Problem(c.Kind))
	p.Require(strings.TrimSpace(c.Reference) != "", "Reference", "is required")
	p.Require(!c.Date.IsZero(), "Date", "is required")
	if c.Kind == ConsentPublicNotice {
		p.Require(!c.NoticeFrom.IsZero() && !c.NoticeFrom.AddDate(0, 0, PublicNoticeDays).After(c.Date), "NoticeFrom",
			fmt.Sprintf("a public notice must run at least %d days before Date", PublicNoticeDays))
	}
	return p.Err()
}

// Beneficiary holds the facts about a request's beneficiary that eligibility is checked
// against. They are personal data (age, and group memberships such as low-income or
// disability status): String, Format and MarshalJSON show them masked; code reads the
// fields. A Store persists the fields themselves.
type Beneficiary struct {
	// Age in years, when AgeKnown.
	Age      int  `json:"-"`
	AgeKnown bool `json:"-"` // Tells whether Age is set.
	// Groups are the target groups the beneficiary belongs to.
	Groups []TargetGroup `json:"-"`
	// CommunityID is the beneficiary's community.
	CommunityID uuid.UUID `json:"-"`
	// Note is free text about the beneficiary.
	Note wushe.Sensitive `json:"-"`
}

// String shows the facts masked.
func (b Beneficiary) String() string { return "{age:*** groups:*** community:***}" }

// Format prints the masked form for every verb.
func (b Beneficiary) Format(f fmt.State, verb rune) { fmt.Fprint(f, b.String()) }

// MarshalJSON encodes only that facts are recorded, never the facts themselves.
func (b Beneficiary) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"age": "***", "groups": "***", "community": "***"})
}

// Child reports whether the beneficiary is known to be under wushe.ChildAge, which makes
// every fact about them sensitive and needs a guardian's consent to process.
func (b Beneficiary) Child() bool { return b.AgeKnown && b.Age < wushe.ChildAge }

// Request is a need for resources.
//
// Required: CommunityID, Kind, Category, Unit, Urgency and a positive Quantity;
// Beneficiary describes who it is for. Request fills in ID, Status (open), Reserved and
// Delivered (zero), Version, CreatedAt and UpdatedAt; Reserve, Deliver and Cancel move them.
type Request struct {
	ID uuid.UUID `json:"id"` // Identifies the entity.
	// NeedID references the linkage Need this request serves, if any (opaque).
	NeedID uuid.UUID `json:"need_id,omitzero"`
	// ReferralID references the linkage Referral this request answers, if any (opaque:
	// linkage checks that it belongs to NeedID and CommunityID, in
	// linkage.Service.RequestResources before writing and in AttachWork after).
	ReferralID  uuid.UUID       `json:"referral_id,omitzero"`
	CommunityID uuid.UUID       `json:"community_id"` // The community the need is in.
	Group       TargetGroup     `json:"group"`        // The target group the need belongs to.
	Purpose     Purpose         `json:"purpose"`      // The charitable purpose served; donors' purpose restrictions are checked against it.
	Kind        PropertyKind    `json:"kind"`         // The kind of property wanted.
	Category    string          `json:"category"`     // What the resource is (rice, haircut, hall); matching compares it exactly.
	Unit        string          `json:"unit"`         // What quantities count (bag, session, hour, CNY).
	Quantity    decimal.Decimal `json:"quantity"`     // Wanted, in Unit.
	// Reserved and Delivered are the quantities allocated so far; only Apply (through a
	// Store's Post) changes them, and Reserved + Delivered never exceeds Quantity.
	Reserved    decimal.Decimal `json:"reserved"`
	Delivered   decimal.Decimal `json:"delivered"`          // See Reserved.
	Urgency     Urgency         `json:"urgency"`            // The request's urgency.
	Location    *wushe.Point    `json:"location,omitempty"` // Where it is, if known.
	NeededBy    time.Time       `json:"needed_by,omitzero"` // When the request must be met; zero for no date.
	Beneficiary Beneficiary     `json:"beneficiary"`        // Facts eligibility is checked against (masked).
	Status      RequestStatus   `json:"status"`             // Open, closed or cancelled.
	Version     int64           `json:"version"`            // Optimistic-concurrency version: 0 before the first save, set by the Store.
	CreatedAt   time.Time       `json:"created_at"`         // Set by the Service from its clock.
	UpdatedAt   time.Time       `json:"updated_at"`         // Set by the Service from its clock.
}

// Validate checks the request itself.
func (r Request) Validate() error {
	p := wushe.Check("Request")
	if !p.CheckValues(r) {
		return p.Err()
	}
	p.Require(r.CommunityID != uuid.Nil, "CommunityID", "is required")
	p.Add(r.Group.Check("Request", "Group"))
	p.Require(r.Purpose == "" || r.Purpose.Valid(), "Purpose", purposes.Problem(r.Purpose))
	p.Require(r.Kind.Valid(), "Kind", propertyKinds.Problem(r.Kind))
	p.Require(strings.TrimSpace(r.Category) != "", "Category", "is required")
	p.Require(strings.TrimSpace(r.Unit) != "", "Unit", "is required")
	p.Require(r.Quantity.IsPositive(), "Quantity", "must be positive")
	places := int32(QuantityPlaces)
	if r.Kind == PropertyCash {
		places = CNYPlaces
	}
	p.Require(fitsPlaces(r.Quantity, places), "Quantity", fmt.Sprintf("has more than %d decimal places", places))
	p.Require(!r.Reserved.IsNegative() && !r.Delivered.IsNegative() && r.Reserved.Add(r.Delivered).LessThanOrEqual(r.Quantity),
		"Reserved", "Reserved + Delivered must be within [0, Quantity]")
	p.Add(r.Urgency.Check("Request", "Urgency"))
	p.Require(r.Status.Valid(), "Status", requestStatuses.Problem(r.Status))
	if r.Location != nil {
		p.Nested("Location", r.Location.Validate())
	}
	for i, g := range r.Beneficiary.Groups {
		p.Nested(wushe.Index("Beneficiary.Groups", i), g.Check("", ""))
	}
	p.Require(!r.Beneficiary.AgeKnown || (r.Beneficiary.Age >= 0 && r.Beneficiary.Age <= 150), "Beneficiary.Age", "must be in [0, 150]")
	return p.Err()
}

// Remaining is the quantity still to allocate: Quantity - Reserved - Delivered.
func (r Request) Remaining() decimal.Decimal { return r.Quantity.Sub(r.Reserved).Sub(r.Delivered) }

// SameAllocated reports whether r and o have equal Reserved and Delivered quantities,
// compared as numbers (1 and 1.0 are equal). A Store uses it to refuse an UpdateRequest
// that changes them, which only Post changes.
func (r Request) SameAllocated(o Request) bool {
	return r.Reserved.Equal(o.Reserved) && r.Delivered.Equal(o.Delivered)
}

// Apply changes the request's allocated quantities by a movement that names it: reserve
// adds to Reserved, release takes from it, deliver moves from Reserved to Delivered. Other
// kinds leave it alone. It fails with kind insufficient when Reserved + Delivered would
// exceed Quantity or Reserved would go negative, leaving the request as it was.
func (r *Request) Apply(m Movement) error {
	const op = "resources.Request.Apply"
	n := *r
	switch m.Kind {
	case MoveReserve:
		n.Reserved = n.Reserved.Add(m.Quantity)
		if n.Reserved.Add(n.Delivered).GreaterThan(n.Quantity) {
			return &wushe.Error{Op: op, Kind: wushe.KindInsufficient, Entity: "Request", ID: r.ID.String(), Field: "Quantity",
				Msg: fmt.Sprintf("reserving %s more exceeds the %s requested (%s remain)", m.Quantity, r.Quantity, r.Remaining())}
		}
	case MoveRelease, MoveDeliver:
		if n.Reserved.LessThan(m.Quantity) {
			return &wushe.Error{Op: op, Kind: wushe.KindInsufficient, Entity: "Request", ID: r.ID.String(), Field: "Reserved",
				Msg: fmt.Sprintf("reserved %s is less than the %s of %s", n.Reserved, m.Kind, m.Quantity)}
		}
		n.Reserved = n.Reserved.Sub(m.Quantity)
		if m.Kind == MoveDeliver {
			n.Delivered = n.Delivered.Add(m.Quantity)
		}
	}
	*r = n
	return nil
}

// Allocation takes Quantity of a lot for a request: reserved, then delivered or cancelled.
//
// A host never builds one: Reserve makes it (ID, LotID, RequestID, Quantity, Actor, Status
// reserved and the timestamps) and Deliver or Cancel settles it.
type Allocation struct {
	ID          uuid.UUID        `json:"id"`                    // Identifies the entity.
	LotID       uuid.UUID        `json:"lot_id"`                // The lot concerned.
	RequestID   uuid.UUID        `json:"request_id"`            // The request concerned.
	Quantity    decimal.Decimal  `json:"quantity"`              // Allocated, in the lot's unit.
	Status      AllocationStatus `json:"status"`                // Reserved, delivered or cancelled.
	Actor       string           `json:"actor"`                 // Who reserved it.
	Note        string           `json:"note,omitempty"`        // Free text for people.
	ReservedAt  time.Time        `json:"reserved_at"`           // When it was reserved.
	DeliveredAt time.Time        `json:"delivered_at,omitzero"` // When it was delivered; zero until then.
	CancelledAt time.Time        `json:"cancelled_at,omitzero"` // When it was cancelled; zero unless it was.
	Version     int64            `json:"version"`               // Optimistic-concurrency version: 0 before the first save, set by the Store.
	CreatedAt   time.Time        `json:"created_at"`            // Set by the Service from its clock.
	UpdatedAt   time.Time        `json:"updated_at"`            // Set by the Service from its clock.
}

// Validate checks the allocation itself.
func (a Allocation) Validate() error {
	p := wushe.Check("Allocation")
	if !p.CheckValues(a) {
		return p.Err()
	}
	p.Require(a.LotID != uuid.Nil, "LotID", "is required")
	p.Require(a.RequestID != uuid.Nil, "RequestID", "is required")
	p.Require(a.Quantity.IsPositive(), "Quantity", "must be positive")
	p.Require(a.Status.Valid(), "Status", allocationStatuses.Problem(a.Status))
	p.Require(strings.TrimSpace(a.Actor) != "", "Actor", "is required")
	return p.Err()
}

// Movement is one entry of the append-only stock log: Quantity of a lot moved by Kind at
// At. A movement of a reservation, release or delivery names its allocation and request;
// a receipt names its donation; a disposal its reason.
type Movement struct {
	ID       uuid.UUID       `json:"id"`       // Identifies the entity.
	LotID    uuid.UUID       `json:"lot_id"`   // The lot concerned.
	Kind     MovementKind    `json:"kind"`     // What the movement does to the lot.
	Quantity decimal.Decimal `json:"quantity"` // Moved, positive.
	// At is when it happened: the Service's clock when it made the movement, moved
	// forward by the Store when a movement of the same lot committed first with a later
	// time (see Lot.Record), so that a lot's movements are dated in the order they
	// committed.
	At time.Time `json:"at"`
	// Seq numbers the lot's movements 1, 2, 3 ... in the order they committed; the Store
	// sets it inside Post's transaction (Lot.Record). Zero on a movement not yet posted.
	Seq          int64          `json:"seq,omitempty"`
	Actor        string         `json:"actor"`                  // Who did it.
	DonationID   uuid.UUID      `json:"donation_id,omitzero"`   // The donation of a receipt.
	AllocationID uuid.UUID      `json:"allocation_id,omitzero"` // The allocation of a reservation, release or delivery.
	RequestID    uuid.UUID      `json:"request_id,omitzero"`    // The request of a reservation, release or delivery.
	Reason       DisposalReason `json:"reason,omitempty"`       // Why stock was disposed of.
	Note         string         `json:"note,omitempty"`         // Free text for people.
}

// Validate checks the movement itself.
func (m Movement) Validate() error {
	p := wushe.Check("Movement")
	if !p.CheckValues(m) {
		return p.Err()
	}
	p.Require(m.ID != uuid.Nil, "ID", "is required")
	p.Require(m.LotID != uuid.Nil, "LotID", "is required")
	p.Require(m.Kind.Valid(), "Kind", movementKinds.Problem(m.Kind))
	p.Require(m.Quantity.IsPositive(), "Quantity", "must be positive")
	p.Require(!m.At.IsZero(), "At", "is required")
	p.Require(strings.TrimSpace(m.Actor) != "", "Actor", "is required")
	switch m.Kind {
	case MoveReserve, MoveRelease, MoveDeliver:
		p.Require(m.AllocationID != uuid.Nil, "AllocationID", "is required for "+string(m.Kind))
		p.Require(m.RequestID != uuid.Nil, "RequestID", "is required for "+string(m.Kind))
	case MoveDispose:
		p.Require(m.Reason.Valid(), "Reason", disposalReasons.Problem(m.Reason))
	}
	return p.Err()
}

// Replay rebuilds every lot's position as of asOf from movements: the movements at or
// before asOf, applied in order of (At, Seq, ID). A log written through a Store's Post is
// in commit order that way: each lot's movements are numbered by Seq in the order they
// committed and dated strictly later along it (Lot.Record), so the movements at or before
// any instant are a prefix of each lot's log and replaying them gives the stock the lot
// held from that instant until its next movement. Replay fails with kind invalid,
// naming the movement, when a lot's sequenced movements are dated out of their Seq
// order, and with kind insufficient when the log would take a quantity negative; neither
// happens to a log written through Post. Lots are returned ordered by ID.
func Replay(movements []Movement, asOf time.Time) ([]Position, error) {
	const op = "resources.Replay"
	ms := slices.Clone(movements)
	slices.SortStableFunc(ms, compareLogged)
	seq := map[uuid.UUID]int64{}
	for _, m := range ms {
		if m.Seq == 0 {
			continue
		}
		if m.Seq <= seq[m.LotID] {
			return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Movement", ID: m.ID.String(), Field: "Seq",
				Msg: fmt.Sprintf("%d is dated %s, not after movement %d of lot %s: the log is out of commit order", m.Seq,
					m.At.Format(time.RFC3339Nano), seq[m.LotID], m.LotID)}
		}
		seq[m.LotID] = m.Seq
	}
	pos := map[uuid.UUID]*Position{}
	for _, m := range ms {
		if m.At.After(asOf) {
			break
		}
		p, ok := pos[m.LotID]
		if !ok {
			p = &Position{LotID: m.LotID, Received: decimal.Zero, OnHand: decimal.Zero, Reserved: decimal.Zero,
				Delivered: decimal.Zero, Disposed: decimal.Zero}
			pos[m.LotID] = p
		}
		if err := p.Apply(m); err != nil {
			return nil, wushe.Wrap(op, err)
		}
	}
	out := make([]Position, 0, len(pos))
	for _, p := range pos {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b Position) int { return wushe.CompareIDs(a.LotID, b.LotID) })
	return out, nil
}

// compareLogged orders movements as Replay applies them: by At, then Seq, then ID.
func compareLogged(a, b Movement) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	if a.Seq != b.Seq {
		return cmp.Compare(a.Seq, b.Seq)
	}
	return wushe.CompareIDs(a.ID, b.ID)
}
