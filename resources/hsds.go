package resources

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
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

// The two properties wushe adds to what HSDS defines (HSDS conformance allows terms from
// outside the specification where its own do not suffice), so that ImportHSDS tells
// wushe's own stock from a directory's organizations and services.
const (
	// HSDSHolderKindKey marks an organization that holds lots and is not a donor: its
	// value is the holder's HolderKind.
	HSDSHolderKindKey = "wushe_holder_kind"
	// HSDSLotKindKey marks a service that is one of wushe's lots: its value is the lot's
	// PropertyKind.
	HSDSLotKindKey = "wushe_lot_kind"
)

// ExportHSDS writes the directory as HSDS, in the shapes ImportHSDS reads back:
//
//   - every non-anonymous organisation donor as an organization, with its description
//     and its identifiers as organization_identifiers (the credit code under scheme
//     CN-USCC); its Offers as services (status, eligibility, ages, capacities) given at
//     their Places through service_at_locations, and its own Places as its locations;
//   - every holder of an exported lot that is not an exported donor as an organization
//     marked with HSDSHolderKindKey;
//   - every non-cash lot with stock on hand as an active service of its holder, marked
//     with HSDSLotKindKey, with a service_capacity (available = OnHand, maximum =
//     Received, in the lot's unit), its age range, and, when the lot has a location, a
//     physical location and service_at_location.
//
// Individual and anonymous donors are never exported. An organization's ID is the HSDS id
// it was imported with (its HSDSIDScheme identifier), else its wushe ID; offers and places
// keep their ExternalID; other objects get IDs derived deterministically (UUID v5), so
// exporting what ImportHSDS returned gives the same document again. A capacity with no
// Updated time gets updated. Collections are ordered by ID.
func ExportHSDS(donors []Donor, lots []Lot, updated time.Time) HSDSDataset {
	ds := HSDSDataset{Organizations: []HSDSOrganization{}, Services: []HSDSService{}, Locations: []HSDSLocation{},
		ServiceAtLocations: []HSDSServiceAtLocation{}}
	stamp := updated.UTC().Format(time.RFC3339)
	orgs := map[uuid.UUID]bool{}
	orgOf := map[uuid.UUID]uuid.UUID{} // donor ID -> organization ID
	locs := map[string]bool{}
	addLocation := func(l HSDSLocation) {
		if !locs[l.ID] {
			locs[l.ID] = true
			ds.Locations = append(ds.Locations, l)
		}
	}
	for _, d := range donors {
		if d.Anonymous || d.Kind == DonorIndividual {
			continue
		}
		id := hsdsOrganizationID(d)
		orgOf[d.ID], orgs[id] = id, true
		o := HSDSOrganization{ID: id.String(), Name: d.Name, Description: d.Description}
		if strings.TrimSpace(o.Description) == "" {
			o.Description = "donor: " + string(d.Kind)
		}
		idents := slices.DeleteFunc(slices.Clone(d.Identifiers), func(x Identifier) bool { return x.Scheme == HSDSIDScheme })
		if d.CreditCode != "" && !slices.ContainsFunc(idents, func(x Identifier) bool { return x.Scheme == CreditCodeScheme }) {
			idents = append([]Identifier{{Scheme: CreditCodeScheme, Type: "统一社会信用代码", Value: string(d.CreditCode)}}, idents...)
		}
		for _, x := range idents {
			typ := x.Type
			if typ == "" {
				typ = x.Scheme
			}
			o.OrganizationIdentifiers = append(o.OrganizationIdentifiers, HSDSOrganizationIdentifier{
				ID:               uuid.NewSHA1(id, []byte("identifier:"+x.Scheme+":"+x.Value)).String(),
				IdentifierScheme: x.Scheme, IdentifierType: typ, Identifier: x.Value})
		}
		ds.Organizations = append(ds.Organizations, o)
		for i, of := range d.Offers {
			svc := exportOffer(id, i, of, stamp)
			ds.Services = append(ds.Services, svc)
			sid := uuid.MustParse(svc.ID)
			for k, pl := range of.Places {
				loc := exportPlace(id, sid, k, pl)
				addLocation(loc)
				ds.ServiceAtLocations = append(ds.ServiceAtLocations, HSDSServiceAtLocation{
					ID: uuid.NewSHA1(sid, []byte("service_at_location:"+loc.ID)).String(), ServiceID: svc.ID, LocationID: loc.ID})
			}
		}
		for i, pl := range d.Places {
			addLocation(exportPlace(id, id, i, pl))
		}
	}
	for _, l := range lots {
		if l.Kind == PropertyCash || !l.OnHand.IsPositive() {
			continue
		}
		holderID, ok := orgOf[l.Holder.ID]
		if !ok {
			holderID = l.Holder.ID
		}
		if holderID == uuid.Nil {
			holderID = uuid.NewSHA1(hsdsNamespace, []byte("holder:"+string(l.Holder.Kind)+":"+l.Holder.Name))
		}
		if !orgs[holderID] {
			orgs[holderID] = true
			ds.Organizations = append(ds.Organizations, HSDSOrganization{ID: holderID.String(), Name: l.Holder.Name,
				Description: "holder: " + string(l.Holder.Kind), Extra: hsdsMark(HSDSHolderKindKey, string(l.Holder.Kind))})
		}
		svc := HSDSService{ID: l.ID.String(), OrganizationID: holderID.String(), Name: l.Category,
			Description: string(l.Kind), Status: "active", Extra: hsdsMark(HSDSLotKindKey, string(l.Kind))}
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
			ID: uuid.NewSHA1(l.ID, []byte("capacity")).String(), ServiceID: l.ID.String(), Unit: hsdsUnit(l.Unit),
			Available: json.Number(l.OnHand.String()), Maximum: json.Number(l.Received.String()), Updated: stamp}}
		ds.Services = append(ds.Services, svc)
		if l.Location != nil {
			lat, lng := l.Location.Lat, l.Location.Lng
			loc := HSDSLocation{ID: uuid.NewSHA1(l.ID, []byte("location")).String(), LocationType: "physical",
				OrganizationID: holderID.String(), Name: l.Holder.Name, Latitude: &lat, Longitude: &lng}
			addLocation(loc)
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

// hsdsOrganizationID is the ID a donor is exported under: the HSDS id it was imported
// with, when that is a UUID, else its wushe ID.
func hsdsOrganizationID(d Donor) uuid.UUID {
	for _, x := range d.Identifiers {
		if x.Scheme == HSDSIDScheme {
			if id, err := uuid.Parse(x.Value); err == nil {
				return id
			}
		}
	}
	return d.ID
}

// hsdsMarkOf returns the string value of wushe's mark key in extra, if it is there.
func hsdsMarkOf(extra map[string]json.RawMessage, key string) (string, bool) {
	raw, ok := extra[key]
	if !ok {
		return "", false
	}
	var v string
	if json.Unmarshal(raw, &v) != nil {
		return "", false
	}
	return v, true
}

// withoutKey returns m without key (m itself is not changed).
func withoutKey(m map[string]json.RawMessage, key string) map[string]json.RawMessage {
	out := maps.Clone(m)
	delete(out, key)
	return out
}

// hsdsMark is the Extra map holding one of wushe's marks.
func hsdsMark(key, value string) map[string]json.RawMessage {
	b, _ := json.Marshal(value)
	return map[string]json.RawMessage{key: b}
}

// hsdsUnit is the HSDS unit named name, with an ID derived from the name.
func hsdsUnit(name string) HSDSUnit {
	return HSDSUnit{ID: uuid.NewSHA1(hsdsNamespace, []byte("unit:"+name)).String(), Name: name}
}

// exportOffer writes offer i of organization org as a service (without its places).
func exportOffer(org uuid.UUID, i int, of Offer, stamp string) HSDSService {
	id := of.ExternalID
	if _, err := uuid.Parse(id); err != nil {
		id = uuid.NewSHA1(org, []byte("offer:"+strconv.Itoa(i))).String()
	}
	svc := HSDSService{ID: id, OrganizationID: org.String(), Name: of.Name, Description: of.Description, Status: of.Status,
		EligibilityDescription: of.Eligibility}
	if svc.Status == "" {
		svc.Status = "active"
	}
	if of.MinAge > 0 {
		v := of.MinAge
		svc.MinimumAge = &v
	}
	if of.MaxAge > 0 {
		v := of.MaxAge
		svc.MaximumAge = &v
	}
	sid := uuid.MustParse(id)
	for j, c := range of.Capacities {
		hc := HSDSServiceCapacity{ID: uuid.NewSHA1(sid, []byte("capacity:"+strconv.Itoa(j))).String(), ServiceID: id,
			Unit: hsdsUnit(c.Unit), Available: json.Number(c.Available.String()), Updated: stamp}
		if !c.Maximum.IsZero() {
			hc.Maximum = json.Number(c.Maximum.String())
		}
		if !c.Updated.IsZero() {
			hc.Updated = c.Updated.UTC().Format(time.RFC3339)
		}
		svc.Capacities = append(svc.Capacities, hc)
	}
	return svc
}

// exportPlace writes place k of owner (an offer's service or the organization itself)
// as a location of organization org.
func exportPlace(org, owner uuid.UUID, k int, pl Place) HSDSLocation {
	id := pl.ExternalID
	if _, err := uuid.Parse(id); err != nil {
		id = uuid.NewSHA1(owner, []byte("place:"+strconv.Itoa(k))).String()
	}
	loc := HSDSLocation{ID: id, LocationType: pl.Kind, OrganizationID: org.String(), Name: pl.Name}
	if loc.LocationType == "" {
		loc.LocationType = "physical"
	}
	if pl.Location != nil {
		lat, lng := pl.Location.Lat, pl.Location.Lng
		loc.Latitude, loc.Longitude = &lat, &lng
	}
	return loc
}

// The JSON document shapes ParseHSDS reads. HSDS 3.0 (openreferral/specification,
// schema/openapi.json) serves one organization (/organizations/{id}: the organization
// with its services and locations nested), one service (/services/{id}: with its
// organization and service_at_locations, each with its location, nested) and list pages
// ({"contents": [...], "total_items": ...}); ExportHSDS writes the four core collections.
const (
	hsdsShapeCollections  = `the collections {"organizations": [...], "services": [...], "locations": [...], "service_at_locations": [...]} that ExportHSDS writes`
	hsdsShapeOrganization = `one organization {"id", "name", "description", "services": [...], "locations": [...]}`
	hsdsShapeService      = `one service {"id", "name", "status", "organization": {...}, "service_at_locations": [...]}`
	hsdsShapeList         = `a list of organizations or services: a page {"contents": [...]} or a JSON array`
)

// hsdsCollections are the top-level keys of the collections shape.
var hsdsCollections = []string{"organizations", "services", "locations", "service_at_locations"}

// hsdsSources maps each object of a normalized dataset to the JSON path it came from in
// the document, so that every problem names the document's path.
type hsdsSources map[string][]string

func (src hsdsSources) path(coll string, i int) string {
	if ps := src[coll]; i < len(ps) {
		return ps[i]
	}
	return wushe.Index(coll, i)
}

func (src hsdsSources) add(coll, path string) { src[coll] = append(src[coll], path) }

// join appends a field to a JSON path; the document root is the empty path.
func join(path, field string) string {
	if path == "" {
		return field
	}
	if strings.HasPrefix(field, "[") {
		return path + field
	}
	return path + "." + field
}

// ParseHSDS decodes an HSDS 3.x JSON document in any of the shapes HSDS publishes: one
// organization with its services and locations nested in it, one service with its
// organization and locations nested, a list page ({"contents": [...]}) or a JSON array of
// organizations or services, or the four core collections ExportHSDS writes. Nested
// objects are moved into the collections, linked as they were nested (a nested service
// gets its organization's id). A document of any other shape is refused with an error
// that names the shapes it reads. The result is validated with Validate; every problem,
// a value of the wrong JSON type included, is reported with its JSON path in the document
// ("services[0].capacities[1].available"; the root itself is "$"), with kind invalid.
// Fields and collections it does not model are kept in the Extra maps.
func ParseHSDS(data []byte) (HSDSDataset, error) {
	ds, _, err := parseHSDS(data)
	return ds, err
}

func parseHSDS(data []byte) (HSDSDataset, hsdsSources, error) {
	const op = "resources.ParseHSDS"
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return HSDSDataset{}, nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "HSDSDataset", Field: "$",
			Msg: fmt.Sprintf("is not JSON (at byte %d)", dec.InputOffset()), Err: err}
	}
	if dec.More() {
		return HSDSDataset{}, nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "HSDSDataset", Field: "$", Msg: "has data after the JSON document"}
	}
	p := wushe.Check("HSDSDataset")
	b := hsdsBuilder{p: p, src: hsdsSources{}, seen: map[string]bool{}}
	switch v := doc.(type) {
	case []any:
		b.list("", v)
	case map[string]any:
		switch {
		case hasAnyKey(v, "status") && hasAnyKey(v, "id"):
			b.service("", v, "")
		case hasAnyKey(v, "id"):
			b.organization("", v)
		case hasAnyKey(v, hsdsCollections...):
			b.collections(v)
		case hasAnyKey(v, "contents"):
			items, ok := v["contents"].([]any)
			if !ok {
				p.Addf("contents", "is %s, want an array (%s)", jsonKind(v["contents"]), hsdsShapeList)
				break
			}
			b.list("contents", items)
		default:
			p.Addf("$", "is no HSDS document this reads; want %s; %s; %s; or %s",
				hsdsShapeOrganization, hsdsShapeService, hsdsShapeList, hsdsShapeCollections)
		}
	default:
		p.Addf("$", "is %s; want %s; %s; %s; or %s", jsonKind(doc), hsdsShapeOrganization, hsdsShapeService, hsdsShapeList, hsdsShapeCollections)
	}
	if err := p.Err(); err != nil {
		return HSDSDataset{}, nil, wushe.WithOp(op, err)
	}
	if err := b.ds.validate(b.src); err != nil {
		return HSDSDataset{}, nil, wushe.WithOp(op, err)
	}
	if b.ds.Organizations == nil {
		b.ds.Organizations = []HSDSOrganization{}
	}
	if b.ds.Services == nil {
		b.ds.Services = []HSDSService{}
	}
	if b.ds.Locations == nil {
		b.ds.Locations = []HSDSLocation{}
	}
	if b.ds.ServiceAtLocations == nil {
		b.ds.ServiceAtLocations = []HSDSServiceAtLocation{}
	}
	return b.ds, b.src, nil
}

func hasAnyKey(m map[string]any, keys ...string) bool {
	for _, k := range keys {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// jsonKind names the JSON type of a decoded value.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "unknown"
}

// hsdsBuilder normalizes a decoded document into the collections, recording where each
// object came from.
type hsdsBuilder struct {
	p    *wushe.Problems
	ds   HSDSDataset
	src  hsdsSources
	seen map[string]bool // "locations/<id>" already taken, for locations nested twice
}

// decode checks v against T's JSON fields, reporting every value of the wrong type with
// its path, and decodes it. ok is false when v had a problem.
func decodeAt[T any](p *wushe.Problems, path string, v any) (T, bool) {
	var out T
	if !typeCheck(p, path, v, reflect.TypeFor[T]()) {
		return out, false
	}
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	if err != nil {
		p.Addf(orRoot(path), "cannot be read: %v", err)
		return out, false
	}
	return out, true
}

func orRoot(path string) string {
	if path == "" {
		return "$"
	}
	return path
}

var jsonNumberType = reflect.TypeFor[json.Number]()

// typeCheck reports, with their paths, the values of v that do not have the JSON type t
// decodes from; null is taken as absent. It returns whether there was none.
func typeCheck(p *wushe.Problems, path string, v any, t reflect.Type) bool {
	if v == nil {
		return true
	}
	bad := func(want string) bool {
		p.Addf(orRoot(path), "is %s, want %s", jsonKind(v), want)
		return false
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == jsonNumberType:
		if _, ok := v.(json.Number); !ok {
			return bad("a number")
		}
		return true
	case t.Kind() == reflect.String:
		if _, ok := v.(string); !ok {
			return bad("a string")
		}
		return true
	case t.Kind() == reflect.Int:
		n, ok := v.(json.Number)
		if !ok {
			return bad("a whole number")
		}
		if _, err := strconv.ParseInt(string(n), 10, 32); err != nil {
			p.Addf(orRoot(path), "%s is not a whole number in range", n)
			return false
		}
		return true
	case t.Kind() == reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			return bad("a number")
		}
		if _, err := strconv.ParseFloat(string(n), 64); err != nil {
			p.Addf(orRoot(path), "%s is not a number in range", n)
			return false
		}
		return true
	case t.Kind() == reflect.Slice:
		items, ok := v.([]any)
		if !ok {
			return bad("an array")
		}
		good := true
		for i, x := range items {
			good = typeCheck(p, join(path, wushe.Index("", i)), x, t.Elem()) && good
		}
		return good
	case t.Kind() == reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return bad("an object")
		}
		good := true
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			if x, ok := m[name]; ok {
				good = typeCheck(p, join(path, name), x, t.Field(i).Type) && good
			}
		}
		return good
	}
	return true
}

func (b *hsdsBuilder) collections(m map[string]any) {
	for _, coll := range hsdsCollections {
		x, ok := m[coll]
		if !ok || x == nil {
			continue
		}
		items, isArray := x.([]any)
		if !isArray {
			b.p.Addf(coll, "is %s, want an array", jsonKind(x))
			continue
		}
		for i, item := range items {
			path := wushe.Index(coll, i)
			switch coll {
			case "organizations":
				b.organization(path, item)
			case "services":
				b.service(path, item, "")
			case "locations":
				b.location(path, item, "")
			case "service_at_locations":
				b.serviceAtLocation(path, item, "")
			}
		}
	}
	rest := map[string]any{}
	for k, x := range m {
		if !slices.Contains(hsdsCollections, k) {
			rest[k] = x
		}
	}
	if len(rest) > 0 {
		b.ds.Extra = map[string]json.RawMessage{}
		for k, x := range rest {
			raw, _ := json.Marshal(x)
			b.ds.Extra[k] = raw
		}
	}
}

// list reads the items of a list page or array: a service when it has a status (which
// HSDS requires of a service and has no organization field of that name), else an
// organization.
func (b *hsdsBuilder) list(path string, items []any) {
	for i, item := range items {
		ip := join(path, wushe.Index("", i))
		if m, ok := item.(map[string]any); ok && hasAnyKey(m, "status") {
			b.service(ip, item, "")
		} else {
			b.organization(ip, item)
		}
	}
}

// take removes key from an object's Extra and returns its value decoded, nil when absent.
func take(extra map[string]json.RawMessage, key string) any {
	raw, ok := extra[key]
	if !ok {
		return nil
	}
	delete(extra, key)
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	_ = dec.Decode(&v) // raw came out of a decoded document
	return v
}

// nested takes the array under key out of an object's Extra, checking it is one.
func (b *hsdsBuilder) nested(path string, extra map[string]json.RawMessage, key string) []any {
	v := take(extra, key)
	if v == nil {
		return nil
	}
	items, isArray := v.([]any)
	if !isArray {
		b.p.Addf(join(path, key), "is %s, want an array", jsonKind(v))
	}
	return items
}

func (b *hsdsBuilder) organization(path string, v any) {
	o, ok := decodeAt[HSDSOrganization](b.p, path, v)
	if !ok {
		return
	}
	services := b.nested(path, o.Extra, "services")
	locations := b.nested(path, o.Extra, "locations")
	if len(o.Extra) == 0 {
		o.Extra = nil
	}
	b.ds.Organizations = append(b.ds.Organizations, o)
	b.src.add("organizations", path)
	for i, x := range services {
		b.service(join(path, wushe.Index("services", i)), x, o.ID)
	}
	for i, x := range locations {
		b.location(join(path, wushe.Index("locations", i)), x, o.ID)
	}
}

// service adds a service; orgID is the organization it is nested in, if any.
func (b *hsdsBuilder) service(path string, v any, orgID string) {
	s, ok := decodeAt[HSDSService](b.p, path, v)
	if !ok {
		return
	}
	if orgID == "" {
		if ov := take(s.Extra, "organization"); ov != nil {
			b.organization(join(path, "organization"), ov)
			if m, ok := ov.(map[string]any); ok {
				if id, ok := m["id"].(string); ok && s.OrganizationID == "" {
					s.OrganizationID = id
				}
			}
		}
	}
	if s.OrganizationID == "" {
		s.OrganizationID = orgID
	}
	sals := b.nested(path, s.Extra, "service_at_locations")
	if len(s.Extra) == 0 {
		s.Extra = nil
	}
	b.ds.Services = append(b.ds.Services, s)
	b.src.add("services", path)
	for i, x := range sals {
		b.serviceAtLocation(join(path, wushe.Index("service_at_locations", i)), x, s.ID)
	}
}

// location adds a location, once per ID; orgID is the organization it is nested in.
func (b *hsdsBuilder) location(path string, v any, orgID string) string {
	l, ok := decodeAt[HSDSLocation](b.p, path, v)
	if !ok {
		return ""
	}
	if l.OrganizationID == "" {
		l.OrganizationID = orgID
	}
	if l.ID != "" && b.seen["locations/"+l.ID] {
		return l.ID
	}
	b.seen["locations/"+l.ID] = true
	b.ds.Locations = append(b.ds.Locations, l)
	b.src.add("locations", path)
	return l.ID
}

// serviceAtLocation adds a service_at_location, and the location nested in it.
func (b *hsdsBuilder) serviceAtLocation(path string, v any, serviceID string) {
	sl, ok := decodeAt[HSDSServiceAtLocation](b.p, path, v)
	if !ok {
		return
	}
	if sl.ServiceID == "" {
		sl.ServiceID = serviceID
	}
	if lv := take(sl.Extra, "location"); lv != nil {
		if id := b.location(join(path, "location"), lv, ""); sl.LocationID == "" {
			sl.LocationID = id
		}
	}
	if len(sl.Extra) == 0 {
		sl.Extra = nil
	}
	b.ds.ServiceAtLocations = append(b.ds.ServiceAtLocations, sl)
	b.src.add("service_at_locations", path)
}

// Validate checks the fields HSDS 3.0 requires (3.1 for capacities and units): IDs are
// UUIDs and unique per collection; organization name and description; service name and a
// status of active, inactive, defunct or temporarily closed; location_type of physical,
// postal or virtual; identifier type and value (and a valid credit code under scheme
// CN-USCC); capacity unit, available and updated; and that references resolve.
func (d HSDSDataset) Validate() error { return d.validate(nil) }

func (d HSDSDataset) validate(src hsdsSources) error {
	p := wushe.Check("HSDSDataset")
	ids := func(coll string, i int, id string, seen map[string]bool) {
		f := join(src.path(coll, i), "id")
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
		f := src.path("organizations", i)
		p.Require(strings.TrimSpace(o.Name) != "", join(f, "name"), "is required")
		p.Require(strings.TrimSpace(o.Description) != "", join(f, "description"), "is required")
		for j, x := range o.OrganizationIdentifiers {
			g := join(f, wushe.Index("organization_identifiers", j))
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
		f := src.path("services", i)
		p.Require(strings.TrimSpace(s.Name) != "", join(f, "name"), "is required")
		p.Require(slices.Contains(hsdsServiceStatuses, s.Status), join(f, "status"), fmt.Sprintf("%q is not one of %q", s.Status, hsdsServiceStatuses))
		p.Require(s.OrganizationID == "" || orgs[s.OrganizationID], join(f, "organization_id"), "names no organization in the dataset")
		p.Require(s.MinimumAge == nil || *s.MinimumAge >= 0, join(f, "minimum_age"), "is negative")
		p.Require(s.MaximumAge == nil || *s.MaximumAge >= 0, join(f, "maximum_age"), "is negative")
		for j, c := range s.Capacities {
			g := join(f, wushe.Index("capacities", j))
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
		f := src.path("locations", i)
		p.Require(slices.Contains(hsdsLocationTypes, l.LocationType), join(f, "location_type"), fmt.Sprintf("%q is not one of %q", l.LocationType, hsdsLocationTypes))
		p.Require(l.OrganizationID == "" || orgs[l.OrganizationID], join(f, "organization_id"), "names no organization in the dataset")
		p.Require(l.Latitude == nil || (*l.Latitude >= -90 && *l.Latitude <= 90), join(f, "latitude"), "is not in [-90, 90]")
		p.Require(l.Longitude == nil || (*l.Longitude >= -180 && *l.Longitude <= 180), join(f, "longitude"), "is not in [-180, 180]")
	}
	for i, s := range d.ServiceAtLocations {
		ids("service_at_locations", i, s.ID, sals)
		f := src.path("service_at_locations", i)
		p.Require(s.ServiceID == "" || svcs[s.ServiceID], join(f, "service_id"), "names no service in the dataset")
		p.Require(s.LocationID == "" || locs[s.LocationID], join(f, "location_id"), "names no location in the dataset")
	}
	return p.Err()
}

// HSDSNotKept is one piece of an imported directory that wushe's entities do not keep.
type HSDSNotKept struct {
	Path   string `json:"path"`   // Where it is in the document, as ParseHSDS names paths.
	Reason string `json:"reason"` // Why it is not kept.
}

// HSDSImport is what a directory becomes in wushe: one donor per organization, ready for
// Service.RegisterDonor (which gives it its ID), the lot holders wushe exported, and
// everything not kept.
type HSDSImport struct {
	Donors []Donor `json:"donors"`
	// Holders are the organizations ExportHSDS marked as lot holders (HSDSHolderKindKey),
	// back as the holders they were: kind, name and ID. They are not donors.
	Holders []Holder `json:"holders"`
	// NotKept lists, in document order, every field, object and collection the donors do
	// not keep: nothing is dropped without being listed here.
	NotKept []HSDSNotKept `json:"not_kept"`
}

// ImportHSDS parses an HSDS document (see ParseHSDS for the shapes) and imports it (see
// HSDSDataset.Import), naming what it does not keep by its path in the document.
func ImportHSDS(data []byte) (HSDSImport, error) {
	ds, src, err := parseHSDS(data)
	if err != nil {
		return HSDSImport{}, wushe.WithOp("resources.ImportHSDS", err)
	}
	return ds.importAs(src), nil
}

// Import turns a valid dataset (as ParseHSDS returns it) into donors of kind institution
// (an organization marked with HSDSHolderKindKey comes back as a Holder instead, and a
// service marked with HSDSLotKindKey, one of wushe's lots, is not imported: stock enters
// wushe through donations; both are listed in NotKept with their locations):
// each organization's name, description and identifiers (every organization_identifier,
// and its HSDS id under HSDSIDScheme; a CN-USCC one also sets CreditCode); its services as
// the donor's Offers (status, eligibility, ages, capacities, and the locations they are
// given at, through service_at_locations, as the offer's Places, each keeping its HSDS id);
// and its locations that no service names as the donor's Places. What wushe does not keep
// (fields it has no place for, the ids of link objects, services and locations of no
// organization, other collections) is listed in NotKept with its path. Paths are the
// collections' ("organizations[0].email"); ImportHSDS names them as in the document.
func (d HSDSDataset) Import() HSDSImport { return d.importAs(nil) }

func (d HSDSDataset) importAs(src hsdsSources) HSDSImport {
	out := HSDSImport{Donors: []Donor{}, Holders: []Holder{}, NotKept: []HSDSNotKept{}}
	drop := func(path, reason string) { out.NotKept = append(out.NotKept, HSDSNotKept{Path: path, Reason: reason}) }
	extra := func(path string, m map[string]json.RawMessage, what string) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			drop(join(path, k), "wushe keeps no "+k+" of "+what)
		}
	}
	donorOf := map[string]int{}
	for i, o := range d.Organizations {
		f := src.path("organizations", i)
		if kind, ok := hsdsMarkOf(o.Extra, HSDSHolderKindKey); ok && HolderKind(kind).Valid() {
			id, _ := uuid.Parse(o.ID)
			out.Holders = append(out.Holders, Holder{Kind: HolderKind(kind), Name: o.Name, ID: id})
			if o.Description != "holder: "+kind {
				drop(join(f, "description"), "wushe keeps a lot holder by its kind, name and ID")
			}
			for j := range o.OrganizationIdentifiers {
				drop(join(f, wushe.Index("organization_identifiers", j)), "wushe keeps a lot holder by its kind, name and ID")
			}
			extra(f, withoutKey(o.Extra, HSDSHolderKindKey), "a lot holder")
			continue
		}
		dn := Donor{Kind: DonorInstitution, Name: o.Name, Description: o.Description,
			Identifiers: []Identifier{{Scheme: HSDSIDScheme, Type: "organization id", Value: o.ID}}}
		for j, x := range o.OrganizationIdentifiers {
			g := join(f, wushe.Index("organization_identifiers", j))
			dn.Identifiers = append(dn.Identifiers, Identifier{Scheme: x.IdentifierScheme, Type: x.IdentifierType, Value: x.Identifier})
			if x.IdentifierScheme == CreditCodeScheme && dn.CreditCode == "" {
				if cc, err := ParseCreditCode(x.Identifier); err == nil {
					dn.CreditCode = cc
				}
			}
			drop(join(g, "id"), "an identifier is kept by its scheme, type and value, not its own id")
			extra(g, x.Extra, "an identifier")
		}
		extra(f, o.Extra, "an organization")
		donorOf[o.ID] = len(out.Donors)
		out.Donors = append(out.Donors, dn)
	}
	locIndex := map[string]int{}
	for i, l := range d.Locations {
		locIndex[l.ID] = i
	}
	place := func(i int) Place {
		l := d.Locations[i]
		pl := Place{Name: l.Name, Kind: l.LocationType, ExternalID: l.ID}
		if l.Latitude != nil && l.Longitude != nil {
			pl.Location = &wushe.Point{Lat: *l.Latitude, Lng: *l.Longitude}
		}
		return pl
	}
	placed, lotPlaced, kept := map[string]bool{}, map[string]bool{}, map[string]bool{}
	salsOf := map[string][]int{}
	for i, sl := range d.ServiceAtLocations {
		salsOf[sl.ServiceID] = append(salsOf[sl.ServiceID], i)
	}
	for i, s := range d.Services {
		f := src.path("services", i)
		if _, lot := hsdsMarkOf(s.Extra, HSDSLotKindKey); lot {
			drop(f, "one of wushe's lots: stock enters wushe through its donation, not from a directory")
			for _, k := range salsOf[s.ID] {
				lotPlaced[d.ServiceAtLocations[k].LocationID] = true
			}
			continue
		}
		di, ok := donorOf[s.OrganizationID]
		if !ok {
			drop(f, "a service of no organization kept as a donor: wushe keeps a service as its organization's offer")
			continue
		}
		kept[s.ID] = true
		of := Offer{Name: s.Name, Description: s.Description, Status: s.Status, Eligibility: s.EligibilityDescription, ExternalID: s.ID}
		if s.MinimumAge != nil {
			of.MinAge = *s.MinimumAge
		}
		if s.MaximumAge != nil {
			of.MaxAge = *s.MaximumAge
		}
		for j, c := range s.Capacities {
			g := join(f, wushe.Index("capacities", j))
			oc := OfferCapacity{Unit: c.Unit.Name}
			oc.Available, _ = decimal.NewFromString(string(c.Available))
			if c.Maximum != "" {
				oc.Maximum, _ = decimal.NewFromString(string(c.Maximum))
			}
			oc.Updated, _ = time.Parse(time.RFC3339, c.Updated)
			of.Capacities = append(of.Capacities, oc)
			drop(join(g, "id"), "a capacity is kept by its unit and quantities, not its own id")
			drop(join(g, "unit.id"), "a unit is kept by its name")
			for _, k := range []struct{ field, v string }{{"scheme", c.Unit.Scheme}, {"identifier", c.Unit.Identifier}, {"description", c.Description}} {
				if k.v != "" {
					path := join(g, k.field)
					if k.field != "description" {
						path = join(g, "unit."+k.field)
					}
					drop(path, "wushe keeps a capacity's unit by its name")
				}
			}
			extra(g, c.Extra, "a capacity")
			extra(join(g, "unit"), c.Unit.Extra, "a unit")
		}
		for _, k := range salsOf[s.ID] {
			sl := d.ServiceAtLocations[k]
			g := src.path("service_at_locations", k)
			if li, ok := locIndex[sl.LocationID]; ok {
				of.Places = append(of.Places, place(li))
				placed[sl.LocationID] = true
			}
			drop(join(g, "id"), "a service_at_location is kept as the place of its service's offer, not by its own id")
			extra(g, sl.Extra, "a service_at_location")
		}
		extra(f, s.Extra, "a service")
		out.Donors[di].Offers = append(out.Donors[di].Offers, of)
	}
	for i, sl := range d.ServiceAtLocations {
		if !kept[sl.ServiceID] {
			drop(src.path("service_at_locations", i), "links a service that is not kept")
		}
	}
	for i, l := range d.Locations {
		f := src.path("locations", i)
		di, ok := donorOf[l.OrganizationID]
		switch {
		case placed[l.ID]:
		case lotPlaced[l.ID]:
			drop(f, "the place of one of wushe's lots, which are not imported")
			continue
		case ok:
			out.Donors[di].Places = append(out.Donors[di].Places, place(i))
		default:
			drop(f, "a location of no organization and no kept service")
			continue
		}
		extra(f, l.Extra, "a location")
	}
	for _, k := range slices.Sorted(maps.Keys(d.Extra)) {
		drop(k, "wushe keeps no "+k+" collection")
	}
	return out
}
