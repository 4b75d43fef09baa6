package resources

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// HSDS (Open Referral Human Services Data Specification) 3.0 objects for the resource
// directory, with service_capacity and unit from 3.1. Every object keeps the fields this
// package does not model in Extra and writes them back, so a round trip through wushe
// drops nothing.

// CreditCodeScheme is the organization_identifier scheme under which a unified social
// credit code is exchanged.
const CreditCodeScheme = "CN-USCC"

// hsdsNamespace derives the stable IDs of HSDS objects that have no wushe entity of their
// own (locations, capacities, units, holders).
var hsdsNamespace = uuid.MustParse("6c1f3b0e-8a4d-5f0e-9b6a-2d7c4e5f8a91")

// HSDSOrganizationIdentifier is an HSDS organization_identifier.
type HSDSOrganizationIdentifier struct {
	ID               string                     `json:"id"`
	IdentifierScheme string                     `json:"identifier_scheme,omitempty"`
	IdentifierType   string                     `json:"identifier_type"`
	Identifier       string                     `json:"identifier"`
	Extra            map[string]json.RawMessage `json:"-"`
}

// HSDSOrganization is an HSDS organization: a donor or a holder.
type HSDSOrganization struct {
	ID                      string                       `json:"id"`
	Name                    string                       `json:"name"`
	Description             string                       `json:"description"`
	OrganizationIdentifiers []HSDSOrganizationIdentifier `json:"organization_identifiers,omitempty"`
	Extra                   map[string]json.RawMessage   `json:"-"`
}

// HSDSUnit is an HSDS 3.1 unit.
type HSDSUnit struct {
	ID         string                     `json:"id"`
	Name       string                     `json:"name"`
	Scheme     string                     `json:"scheme,omitempty"`
	Identifier string                     `json:"identifier,omitempty"`
	Extra      map[string]json.RawMessage `json:"-"`
}

// HSDSServiceCapacity is an HSDS 3.1 service_capacity: how much of a service is
// available. Available and Maximum are JSON numbers kept exactly.
type HSDSServiceCapacity struct {
	ID          string                     `json:"id"`
	ServiceID   string                     `json:"service_id,omitempty"`
	Unit        HSDSUnit                   `json:"unit"`
	Available   json.Number                `json:"available"`
	Maximum     json.Number                `json:"maximum,omitempty"`
	Description string                     `json:"description,omitempty"`
	Updated     string                     `json:"updated"`
	Extra       map[string]json.RawMessage `json:"-"`
}

// HSDSService is an HSDS service: a lot offered to residents.
type HSDSService struct {
	ID                     string                     `json:"id"`
	OrganizationID         string                     `json:"organization_id,omitempty"`
	Name                   string                     `json:"name"`
	Description            string                     `json:"description,omitempty"`
	Status                 string                     `json:"status"`
	EligibilityDescription string                     `json:"eligibility_description,omitempty"`
	MinimumAge             *int                       `json:"minimum_age,omitempty"`
	MaximumAge             *int                       `json:"maximum_age,omitempty"`
	Capacities             []HSDSServiceCapacity      `json:"capacities,omitempty"`
	Extra                  map[string]json.RawMessage `json:"-"`
}

// HSDSLocation is an HSDS location.
type HSDSLocation struct {
	ID             string                     `json:"id"`
	LocationType   string                     `json:"location_type"`
	OrganizationID string                     `json:"organization_id,omitempty"`
	Name           string                     `json:"name,omitempty"`
	Latitude       *float64                   `json:"latitude,omitempty"`
	Longitude      *float64                   `json:"longitude,omitempty"`
	Extra          map[string]json.RawMessage `json:"-"`
}

// HSDSServiceAtLocation is an HSDS service_at_location.
type HSDSServiceAtLocation struct {
	ID         string                     `json:"id"`
	ServiceID  string                     `json:"service_id,omitempty"`
	LocationID string                     `json:"location_id,omitempty"`
	Extra      map[string]json.RawMessage `json:"-"`
}

// HSDSDataset is a directory export: the four core HSDS collections. Extra keeps any
// other top-level collections as they came.
type HSDSDataset struct {
	Organizations      []HSDSOrganization         `json:"organizations"`
	Services           []HSDSService              `json:"services"`
	Locations          []HSDSLocation             `json:"locations"`
	ServiceAtLocations []HSDSServiceAtLocation    `json:"service_at_locations"`
	Extra              map[string]json.RawMessage `json:"-"`
}

// The JSON methods: known fields through an alias type, unknown ones through Extra.

func marshalExtra(v any, extra map[string]json.RawMessage) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, x := range extra {
		if _, known := m[k]; !known {
			m[k] = x
		}
	}
	return json.Marshal(m)
}

func unmarshalExtra(b []byte, v any, extra *map[string]json.RawMessage) error {
	if err := json.Unmarshal(b, v); err != nil {
		return err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	t := reflect.TypeOf(v).Elem()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			delete(m, name)
		}
	}
	*extra = nil
	if len(m) > 0 {
		*extra = m
	}
	return nil
}

// MarshalJSON writes the known fields and the Extra ones.
func (o HSDSOrganizationIdentifier) MarshalJSON() ([]byte, error) {
	type plain HSDSOrganizationIdentifier
	return marshalExtra(plain(o), o.Extra)
}

// UnmarshalJSON reads the known fields and keeps the others in Extra.
func (o *HSDSOrganizationIdentifier) UnmarshalJSON(b []byte) error {
	type plain HSDSOrganizationIdentifier
	return unmarshalExtra(b, (*plain)(o), &o.Extra)
}

// MarshalJSON writes the known fields and the Extra ones.
func (o HSDSOrganization) MarshalJSON() ([]byte, error) {
	type plain HSDSOrganization
	return marshalExtra(plain(o), o.Extra)
}

// UnmarshalJSON reads the known fields and keeps the others in Extra.
func (o *HSDSOrganization) UnmarshalJSON(b []byte) error {
	type plain HSDSOrganization
	return unmarshalExtra(b, (*plain)(o), &o.Extra)
}

// MarshalJSON writes the known fields and the Extra ones.
func (u HSDSUnit) MarshalJSON() ([]byte, error) {
	type plain HSDSUnit
	return marshalExtra(plain(u), u.Extra)
}

// UnmarshalJSON reads the known fields and keeps the others in Extra.
func (u *HSDSUnit) UnmarshalJSON(b []byte) error {
	type plain HSDSUnit
	return unmarshalExtra(b, (*plain)(u), &u.Extra)
}

// MarshalJSON writes the known fields and the Extra ones.
func (c HSDSServiceCapacity) MarshalJSON() ([]byte, error) {
	type plain HSDSServiceCapacity
	return marshalExtra(plain(c), c.Extra)
}

// UnmarshalJSON reads the known fields and keeps the others in Extra.
func (c *HSDSServiceCapacity) UnmarshalJSON(b []byte) error {
	type plain HSDSServiceCapacity
	return unmarshalExtra(b, (*plain)(c), &c.Extra)
}

// MarshalJSON writes the known fields and the Extra ones.
func (s HSDSService) MarshalJSON() ([]byte, error) {
	type plain HSDSService
	return marshalExtra(plain(s), s.Extra)
}

// UnmarshalJSON reads the known fields and keeps the others in Extra.
func (s *HSDSService) UnmarshalJSON(b []byte) error {
	type plain HSDSService
	return unmarshalExtra(b, (*plain)(s), &s.Extra)
}

// MarshalJSON writes the known fields and the Extra ones.
func (l HSDSLocation) MarshalJSON() ([]byte, error) {
	type plain HSDSLocation
	return marshalExtra(plain(l), l.Extra)
}

// UnmarshalJSON reads the known fields and keeps the others in Extra.
func (l *HSDSLocation) UnmarshalJSON(b []byte) error {
	type plain HSDSLocation
	return unmarshalExtra(b, (*plain)(l), &l.Extra)
}

// MarshalJSON writes the known fields and the Extra ones.
func (s HSDSServiceAtLocation) MarshalJSON() ([]byte, error) {
	type plain HSDSServiceAtLocation
	return marshalExtra(plain(s), s.Extra)
}

// UnmarshalJSON reads the known fields and keeps the others in Extra.
func (s *HSDSServiceAtLocation) UnmarshalJSON(b []byte) error {
	type plain HSDSServiceAtLocation
	return unmarshalExtra(b, (*plain)(s), &s.Extra)
}

// MarshalJSON writes the known collections and the Extra ones.
func (d HSDSDataset) MarshalJSON() ([]byte, error) {
	type plain HSDSDataset
	return marshalExtra(plain(d), d.Extra)
}

// UnmarshalJSON reads the known collections and keeps the others in Extra.
func (d *HSDSDataset) UnmarshalJSON(b []byte) error {
	type plain HSDSDataset
	return unmarshalExtra(b, (*plain)(d), &d.Extra)
}

// HSDS enumerations (HSDS 3.0 schema).
var (
	hsdsServiceStatuses = []string{"active", "inactive", "defunct", "temporarily closed"}
	hsdsLocationTypes   = []string{"physical", "postal", "virtual"}
)

// ExportHSDS writes the directory as HSDS: every non-anonymous organisation donor (with
// its credit code as an organization_identifier of scheme CN-USCC) and every holder as an
// organization; every non-cash lot with stock on hand as an active service with a
// service_capacity (available = OnHand, maximum = Received, in the lot's unit), its age
// range, and, when the lot has a location, a physical location and service_at_location.
// Individual and anonymous donors are never exported. IDs are the wushe IDs, or derived
// deterministically (UUID v5) for objects wushe does not store. Collections are ordered
// by ID.
func ExportHSDS(donors []Donor, lots []Lot, updated time.Time) HSDSDataset {
	ds := HSDSDataset{Organizations: []HSDSOrganization{}, Services: []HSDSService{}, Locations: []HSDSLocation{},
		ServiceAtLocations: []HSDSServiceAtLocation{}}
	orgs := map[string]bool{}
	for _, d := range donors {
		if d.Anonymous || d.Kind == DonorIndividual {
			continue
		}
		o := HSDSOrganization{ID: d.ID.String(), Name: d.Name, Description: "donor: " + string(d.Kind)}
		if d.CreditCode != "" {
			o.OrganizationIdentifiers = []HSDSOrganizationIdentifier{{
				ID: uuid.NewSHA1(d.ID, []byte("uscc")).String(), IdentifierScheme: CreditCodeScheme,
				IdentifierType: "统一社会信用代码", Identifier: string(d.CreditCode)}}
		}
		ds.Organizations = append(ds.Organizations, o)
		orgs[o.ID] = true
	}
	for _, l := range lots {
		if l.Kind == PropertyCash || !l.OnHand.IsPositive() {
			continue
		}
		holderID := l.Holder.ID
		if holderID == uuid.Nil {
			holderID = uuid.NewSHA1(hsdsNamespace, []byte("holder:"+string(l.Holder.Kind)+":"+l.Holder.Name))
		}
		if !orgs[holderID.String()] {
			orgs[holderID.String()] = true
			ds.Organizations = append(ds.Organizations, HSDSOrganization{ID: holderID.String(), Name: l.Holder.Name,
				Description: "holder: " + string(l.Holder.Kind)})
		}
		svc := HSDSService{ID: l.ID.String(), OrganizationID: holderID.String(), Name: l.Category,
			Description: string(l.Kind), Status: "active"}
		if l.Restriction.MinAge > 0 {
			v := l.Restriction.MinAge
			svc.MinimumAge = &v
		}
		if l.Restriction.MaxAge > 0 {
			v := l.Restriction.MaxAge
			svc.MaximumAge = &v
		}
		if len(l.Restriction.Groups) > 0 {
			gs := make([]string, len(l.Restriction.Groups))
			for i, g := range l.Restriction.Groups {
				gs[i] = string(g)
			}
			svc.EligibilityDescription = "target groups: " + strings.Join(gs, ", ")
		}
		svc.Capacities = []HSDSServiceCapacity{{
			ID: uuid.NewSHA1(l.ID, []byte("capacity")).String(), ServiceID: l.ID.String(),
			Unit:      HSDSUnit{ID: uuid.NewSHA1(hsdsNamespace, []byte("unit:"+l.Unit)).String(), Name: l.Unit},
			Available: json.Number(l.OnHand.String()), Maximum: json.Number(l.Received.String()),
			Updated: updated.UTC().Format(time.RFC3339)}}
		ds.Services = append(ds.Services, svc)
		if l.Location != nil {
			lat, lng := l.Location.Lat, l.Location.Lng
			loc := HSDSLocation{ID: uuid.NewSHA1(l.ID, []byte("location")).String(), LocationType: "physical",
				OrganizationID: holderID.String(), Name: l.Holder.Name, Latitude: &lat, Longitude: &lng}
			ds.Locations = append(ds.Locations, loc)
			ds.ServiceAtLocations = append(ds.ServiceAtLocations, HSDSServiceAtLocation{
				ID: uuid.NewSHA1(l.ID, []byte("service_at_location")).String(), ServiceID: svc.ID, LocationID: loc.ID})
		}
	}
	slices.SortFunc(ds.Organizations, func(a, b HSDSOrganization) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Services, func(a, b HSDSService) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Locations, func(a, b HSDSLocation) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.ServiceAtLocations, func(a, b HSDSServiceAtLocation) int { return strings.Compare(a.ID, b.ID) })
	return ds
}

// ParseHSDS decodes an HSDS directory (a JSON object with organizations, services,
// locations and service_at_locations) and validates it with Validate. Fields and
// collections it does not know are kept in the Extra maps. Every problem is reported,
// each naming its field path, with kind invalid.
func ParseHSDS(data []byte) (HSDSDataset, error) {
	const op = "resources.ParseHSDS"
	var ds HSDSDataset
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&ds); err != nil {
		return HSDSDataset{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "HSDSDataset", Msg: "is not an HSDS JSON object", Err: err}
	}
	if dec.More() {
		return HSDSDataset{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "HSDSDataset", Msg: "has data after the JSON object"}
	}
	if err := ds.Validate(); err != nil {
		return HSDSDataset{}, wushe.WithOp(op, err)
	}
	return ds, nil
}

// Validate checks the fields HSDS 3.0 requires (3.1 for capacities and units): IDs are
// UUIDs and unique per collection; organization name and description; service name and a
// status of active, inactive, defunct or temporarily closed; location_type of physical,
// postal or virtual; identifier type and value (and a valid credit code under scheme
// CN-USCC); capacity unit, available and updated; and that references resolve.
func (d HSDSDataset) Validate() error {
	p := wushe.Check("HSDSDataset")
	ids := func(coll string, i int, id string, seen map[string]bool) {
		f := wushe.Index(coll, i) + ".id"
		if _, err := uuid.Parse(id); err != nil {
			p.Addf(f, "%q is not a UUID", id)
		} else if seen[id] {
			p.Addf(f, "%q repeats", id)
		}
		seen[id] = true
	}
	num := func(f string, n json.Number, required bool) {
		if n == "" {
			if required {
				p.Addf(f, "is required")
			}
			return
		}
		if v, err := decimal.NewFromString(string(n)); err != nil || v.IsNegative() {
			p.Addf(f, "%q is not a non-negative number", string(n))
		}
	}
	orgs, svcs, locs, sals := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for i, o := range d.Organizations {
		ids("organizations", i, o.ID, orgs)
		f := wushe.Index("organizations", i)
		p.Require(strings.TrimSpace(o.Name) != "", f+".name", "is required")
		p.Require(strings.TrimSpace(o.Description) != "", f+".description", "is required")
		for j, x := range o.OrganizationIdentifiers {
			g := f + "." + wushe.Index("organization_identifiers", j)
			if _, err := uuid.Parse(x.ID); err != nil {
				p.Addf(g+".id", "%q is not a UUID", x.ID)
			}
			p.Require(strings.TrimSpace(x.IdentifierType) != "", g+".identifier_type", "is required")
			if p.Require(strings.TrimSpace(x.Identifier) != "", g+".identifier", "is required") && x.IdentifierScheme == CreditCodeScheme {
				if _, err := ParseCreditCode(x.Identifier); err != nil {
					p.Nested(g+".identifier", err)
				}
			}
		}
	}
	for i, s := range d.Services {
		ids("services", i, s.ID, svcs)
		f := wushe.Index("services", i)
		p.Require(strings.TrimSpace(s.Name) != "", f+".name", "is required")
		p.Require(slices.Contains(hsdsServiceStatuses, s.Status), f+".status", fmt.Sprintf("%q is not one of %q", s.Status, hsdsServiceStatuses))
		p.Require(s.OrganizationID == "" || orgs[s.OrganizationID], f+".organization_id", "names no organization in the dataset")
		p.Require(s.MinimumAge == nil || *s.MinimumAge >= 0, f+".minimum_age", "is negative")
		p.Require(s.MaximumAge == nil || *s.MaximumAge >= 0, f+".maximum_age", "is negative")
		for j, c := range s.Capacities {
			g := f + "." + wushe.Index("capacities", j)
			if _, err := uuid.Parse(c.ID); err != nil {
				p.Addf(g+".id", "%q is not a UUID", c.ID)
			}
			if _, err := uuid.Parse(c.Unit.ID); err != nil {
				p.Addf(g+".unit.id", "%q is not a UUID", c.Unit.ID)
			}
			p.Require(strings.TrimSpace(c.Unit.Name) != "", g+".unit.name", "is required")
			num(g+".available", c.Available, true)
			num(g+".maximum", c.Maximum, false)
			if _, err := time.Parse(time.RFC3339, c.Updated); err != nil {
				p.Addf(g+".updated", "%q is not an RFC 3339 date-time", c.Updated)
			}
			p.Require(c.ServiceID == "" || c.ServiceID == s.ID, g+".service_id", "is not the enclosing service")
		}
	}
	for i, l := range d.Locations {
		ids("locations", i, l.ID, locs)
		f := wushe.Index("locations", i)
		p.Require(slices.Contains(hsdsLocationTypes, l.LocationType), f+".location_type", fmt.Sprintf("%q is not one of %q", l.LocationType, hsdsLocationTypes))
		p.Require(l.OrganizationID == "" || orgs[l.OrganizationID], f+".organization_id", "names no organization in the dataset")
		p.Require(l.Latitude == nil || (*l.Latitude >= -90 && *l.Latitude <= 90), f+".latitude", "is not in [-90, 90]")
		p.Require(l.Longitude == nil || (*l.Longitude >= -180 && *l.Longitude <= 180), f+".longitude", "is not in [-180, 180]")
	}
	for i, s := range d.ServiceAtLocations {
		ids("service_at_locations", i, s.ID, sals)
		f := wushe.Index("service_at_locations", i)
		p.Require(s.ServiceID == "" || svcs[s.ServiceID], f+".service_id", "names no service in the dataset")
		p.Require(s.LocationID == "" || locs[s.LocationID], f+".location_id", "names no location in the dataset")
	}
	return p.Err()
}

// Donors turns the dataset's organizations into donors of kind institution, to import a
// directory of partner units: the ID is the organization's, the name its name, and the
// credit code the first identifier of scheme CN-USCC, if any. Call it on a dataset that
// ParseHSDS accepted; an organization whose ID is not a UUID is an error of kind invalid.
func (d HSDSDataset) Donors() ([]Donor, error) {
	p := wushe.Check("HSDSDataset")
	out := make([]Donor, 0, len(d.Organizations))
	for i, o := range d.Organizations {
		id, err := uuid.Parse(o.ID)
		if err != nil {
			p.Addf(wushe.Index("organizations", i)+".id", "%q is not a UUID", o.ID)
			continue
		}
		dn := Donor{ID: id, Kind: DonorInstitution, Name: o.Name}
		for _, x := range o.OrganizationIdentifiers {
			if x.IdentifierScheme == CreditCodeScheme {
				cc, err := ParseCreditCode(x.Identifier)
				if err != nil {
					p.Nested(wushe.Index("organizations", i)+".organization_identifiers", err)
				}
				dn.CreditCode = cc
				break
			}
		}
		p.Nested(wushe.Index("organizations", i), dn.Validate())
		out = append(out, dn)
	}
	if err := p.Err(); err != nil {
		return nil, wushe.WithOp("resources.HSDSDataset.Donors", err)
	}
	return out, nil
}
