package resources_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
)

func directory(t *testing.T) ([]resources.Donor, []resources.Lot) {
	t.Helper()
	e := newEnv(t)
	ctx := t.Context()
	bank := e.donor(false)
	anon := e.donor(true)
	ind, err := e.svc.RegisterDonor(ctx, "clerk", resources.Donor{Kind: resources.DonorIndividual, Person: person(t, "李四")})
	require.NoError(t, err)
	_, clinic, err := e.svc.Donate(ctx, "clerk", resources.Donation{DonorID: bank.ID, Kind: resources.PropertyService, Category: "free clinic",
		Quantity: d("12"), Unit: "session", FairValue: d("2400"), FairValueProof: "price list",
		Restriction: resources.Restriction{Groups: []resources.TargetGroup{resources.GroupElderly}, MinAge: 60, MaxAge: 120}},
		resources.Receiving{Handler: person(t, "王五"), Holder: resources.Holder{Kind: resources.HolderUnit, Name: "Community health centre"},
			Location: &wushe.Point{Lat: 23.12, Lng: 113.36}})
	require.NoError(t, err)
	_, rice := e.goods("10", resources.Restriction{})
	_, cash, err := e.svc.Donate(ctx, "clerk", resources.Donation{DonorID: ind.ID, Kind: resources.PropertyCash, Category: "fund", Quantity: d("50")},
		resources.Receiving{Handler: person(t, "王五"), Holder: e.holder()})
	require.NoError(t, err)
	return []resources.Donor{bank, anon, ind}, []resources.Lot{clinic, rice, cash}
}

func TestExportHSDS(t *testing.T) {
	donors, lots := directory(t)
	ds := resources.ExportHSDS(donors, lots, t0)
	require.NoError(t, ds.Validate())
	// the bank and two holders; the anonymous and the individual donors are never exported
	require.Len(t, ds.Organizations, 3)
	var ids []resources.HSDSOrganizationIdentifier
	for _, o := range ds.Organizations {
		ids = append(ids, o.OrganizationIdentifiers...)
		assert.NotEqual(t, donors[1].ID.String(), o.ID)
		assert.NotEqual(t, donors[2].ID.String(), o.ID)
	}
	require.Len(t, ids, 1)
	assert.Equal(t, resources.CreditCodeScheme, ids[0].IdentifierScheme)
	assert.Equal(t, "91350100M000100Y43", ids[0].Identifier)
	require.Len(t, ds.Services, 2, "cash is not directory data")
	var clinic resources.HSDSService
	for _, s := range ds.Services {
		if s.ID == lots[0].ID.String() {
			clinic = s
		}
	}
	require.NotNil(t, clinic.MinimumAge)
	assert.Equal(t, 60, *clinic.MinimumAge)
	assert.Equal(t, 120, *clinic.MaximumAge)
	assert.Contains(t, clinic.EligibilityDescription, "elderly")
	require.Len(t, clinic.Capacities, 1)
	assert.Equal(t, "12", clinic.Capacities[0].Available.String())
	assert.Equal(t, "session", clinic.Capacities[0].Unit.Name)
	require.Len(t, ds.Locations, 1)
	require.Len(t, ds.ServiceAtLocations, 1)
	assert.Equal(t, clinic.ID, ds.ServiceAtLocations[0].ServiceID)
	assert.Equal(t, ds, resources.ExportHSDS(donors, lots, t0), "export is deterministic")
}

func TestHSDSRoundTrip(t *testing.T) {
	donors, lots := directory(t)
	ds := resources.ExportHSDS(donors, lots, t0)
	b, err := json.Marshal(ds)
	require.NoError(t, err)
	back, err := resources.ParseHSDS(b)
	require.NoError(t, err)
	assert.Equal(t, ds, back)
	b2, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
}

const foreign = `{
 "organizations": [{"id": "0f0f0f0f-0000-4000-8000-000000000001", "name": "Sunflower Social Work Agency",
   "description": "agency", "email": "a@example.org", "x_grade": "5A",
   "organization_identifiers": [{"id": "0f0f0f0f-0000-4000-8000-000000000002", "identifier_type": "USCC",
     "identifier_scheme": "CN-USCC", "identifier": "53100000500021676K", "issued": "2016"}]}],
 "services": [{"id": "0f0f0f0f-0000-4000-8000-000000000003", "organization_id": "0f0f0f0f-0000-4000-8000-000000000001",
   "name": "Elderly phone class", "status": "active", "languages": [{"name": "zh"}],
   "capacities": [{"id": "0f0f0f0f-0000-4000-8000-000000000004", "available": 12.5, "maximum": 20,
     "updated": "2026-03-01T00:00:00Z", "unit": {"id": "0f0f0f0f-0000-4000-8000-000000000005", "name": "seat", "uri": "x:seat"}}]}],
 "locations": [{"id": "0f0f0f0f-0000-4000-8000-000000000006", "location_type": "physical", "latitude": 23.1,
   "longitude": 113.3, "addresses": [{"city": "Guangzhou"}]}],
 "service_at_locations": [{"id": "0f0f0f0f-0000-4000-8000-000000000007", "service_id": "0f0f0f0f-0000-4000-8000-000000000003",
   "location_id": "0f0f0f0f-0000-4000-8000-000000000006", "schedules": []}],
 "taxonomies": [{"id": "t1", "name": "wushe"}]
}`

func TestParseHSDSKeepsUnknownFields(t *testing.T) {
	ds, err := resources.ParseHSDS([]byte(foreign))
	require.NoError(t, err)
	assert.JSONEq(t, `"5A"`, string(ds.Organizations[0].Extra["x_grade"]))
	assert.JSONEq(t, `"2016"`, string(ds.Organizations[0].OrganizationIdentifiers[0].Extra["issued"]))
	assert.Contains(t, ds.Services[0].Extra, "languages")
	assert.Equal(t, "12.5", ds.Services[0].Capacities[0].Available.String())
	assert.Contains(t, ds.Services[0].Capacities[0].Unit.Extra, "uri")
	assert.Contains(t, ds.Locations[0].Extra, "addresses")
	assert.Contains(t, ds.ServiceAtLocations[0].Extra, "schedules")
	assert.Contains(t, ds.Extra, "taxonomies")
	out, err := json.Marshal(ds)
	require.NoError(t, err)
	assert.JSONEq(t, foreign, string(out), "nothing is dropped on the way back out")
}

func TestParseHSDSReportsEveryProblem(t *testing.T) {
	bad := `{"organizations": [{"id": "x", "name": "", "description": "",
	   "organization_identifiers": [{"id": "y", "identifier_type": "", "identifier_scheme": "CN-USCC", "identifier": "91350100M000100Y44"}]},
	   {"id": "0f0f0f0f-0000-4000-8000-000000000001", "name": "A", "description": "B"},
	   {"id": "0f0f0f0f-0000-4000-8000-000000000001", "name": "A", "description": "B"}],
	 "services": [{"id": "0f0f0f0f-0000-4000-8000-000000000003", "name": "", "status": "open", "organization_id": "nope",
	   "minimum_age": -1, "maximum_age": -2,
	   "capacities": [{"id": "c", "service_id": "other", "available": -1, "maximum": 1e999999, "updated": "yesterday", "unit": {"id": "u", "name": ""}}]}],
	 "locations": [{"id": "0f0f0f0f-0000-4000-8000-000000000006", "location_type": "house", "organization_id": "z", "latitude": 91, "longitude": 181}],
	 "service_at_locations": [{"id": "0f0f0f0f-0000-4000-8000-000000000007", "service_id": "s", "location_id": "l"}]}`
	_, err := resources.ParseHSDS([]byte(bad))
	require.ErrorIs(t, err, wushe.ErrInvalid)
	want := []string{"organizations[0].id", "organizations[0].name", "organizations[0].description",
		"organizations[0].organization_identifiers[0].id", "organizations[0].organization_identifiers[0].identifier_type",
		"organizations[0].organization_identifiers[0].identifier.CreditCode", "organizations[2].id",
		"services[0].name", "services[0].status", "services[0].organization_id", "services[0].minimum_age", "services[0].maximum_age",
		"services[0].capacities[0].id", "services[0].capacities[0].unit.id", "services[0].capacities[0].unit.name",
		"services[0].capacities[0].available", "services[0].capacities[0].updated",
		"services[0].capacities[0].service_id", "locations[0].location_type", "locations[0].organization_id", "locations[0].latitude",
		"locations[0].longitude", "service_at_locations[0].service_id", "service_at_locations[0].location_id"}
	got := fields(err)
	for _, w := range want {
		assert.Contains(t, got, w)
	}
	for _, e := range wushe.FieldErrors(err) {
		assert.Equal(t, "resources.ParseHSDS", e.Op)
	}
	for _, in := range []string{"", "3", "{", `{"services": 3}`, `{"name": "x"}`, `{} {}`, `{"services":[{"id":"0f0f0f0f-0000-4000-8000-000000000003","name":"a","status":"active","capacities":[{"available":"x"}]}]}`} {
		_, err := resources.ParseHSDS([]byte(in))
		assert.ErrorIs(t, err, wushe.ErrInvalid, in)
	}
	_, err = resources.ParseHSDS([]byte(`{"organizations": [], "services": [], "locations": [], "service_at_locations": []}`))
	assert.NoError(t, err)
	_ = uuid.Nil
}

// FuzzParseHSDS: no input panics; anything accepted validates, imports without panicking,
// re-encodes as collections, and parses back to the same dataset.
func FuzzParseHSDS(f *testing.F) {
	f.Add([]byte(foreign))
	f.Add([]byte(oneOrganization))
	f.Add([]byte(`[` + oneOrganization + `]`))
	f.Add([]byte(`{"contents": [{"id": "0f0f0f0f-0000-4000-8000-000000000003", "name": "a", "status": "active"}]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"organizations":[{"id":"0f0f0f0f-0000-4000-8000-000000000001","name":"a","description":"b","z":1}]}`))
	f.Add([]byte(`{"services":[{"id":"0f0f0f0f-0000-4000-8000-000000000003","name":"a","status":"active","capacities":[{"id":"0f0f0f0f-0000-4000-8000-000000000004","available":1,"updated":"2026-01-01T00:00:00Z","unit":{"id":"0f0f0f0f-0000-4000-8000-000000000005","name":"u"}}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := resources.ParseHSDS(data)
		if err != nil {
			require.ErrorIs(t, err, wushe.ErrInvalid)
			return
		}
		require.NoError(t, ds.Validate())
		imp, err := resources.ImportHSDS(data)
		require.NoError(t, err)
		require.Len(t, imp.Donors, len(ds.Organizations)-len(imp.Holders))
		for _, dn := range imp.Donors {
			if dn.Validate() != nil {
				// only an organization whose name is blank after trimming may fail
				require.Empty(t, strings.TrimSpace(dn.Name))
			}
		}
		b, err := json.Marshal(ds)
		require.NoError(t, err)
		back, err := resources.ParseHSDS(b)
		require.NoError(t, err)
		b2, err := json.Marshal(back)
		require.NoError(t, err)
		require.JSONEq(t, string(b), string(b2))
	})
}

// One organization as HSDS 3.0 serves it (/organizations/{id}): services and locations
// nested in it, a service's locations nested in its service_at_locations.
const oneOrganization = `{"id": "0f0f0f0f-0000-4000-8000-000000000001", "name": "Sunflower Social Work Agency",
 "description": "Social work for elders in Jiangxi Street", "email": "a@example.org",
 "organization_identifiers": [
   {"id": "0f0f0f0f-0000-4000-8000-000000000002", "identifier_type": "统一社会信用代码", "identifier_scheme": "CN-USCC", "identifier": "53100000500021676K"},
   {"id": "0f0f0f0f-0000-4000-8000-000000000009", "identifier_type": "charity number", "identifier_scheme": "CN-CHARITY", "identifier": "C-2024-17"}],
 "services": [{"id": "0f0f0f0f-0000-4000-8000-000000000003", "name": "Elderly phone class", "status": "active",
   "description": "Smartphone lessons", "eligibility_description": "residents over 60", "minimum_age": 60,
   "capacities": [{"id": "0f0f0f0f-0000-4000-8000-000000000004", "available": 12, "maximum": 20,
     "updated": "2026-03-01T00:00:00Z", "unit": {"id": "0f0f0f0f-0000-4000-8000-000000000005", "name": "seat"}}],
   "service_at_locations": [{"id": "0f0f0f0f-0000-4000-8000-000000000007",
     "location": {"id": "0f0f0f0f-0000-4000-8000-000000000006", "location_type": "physical", "name": "Community centre",
       "latitude": 23.1, "longitude": 113.3, "addresses": [{"city": "Guangzhou"}]}}]}],
 "locations": [{"id": "0f0f0f0f-0000-4000-8000-000000000008", "location_type": "postal", "name": "Head office"}]}`

// ParseHSDS reads every shape HSDS 3.x publishes into the same collections.
func TestParseHSDSShapes(t *testing.T) {
	org, err := resources.ParseHSDS([]byte(oneOrganization))
	require.NoError(t, err)
	require.Len(t, org.Organizations, 1, "a single organization is read as one, not as a dataset of none")
	require.Len(t, org.Services, 1)
	require.Len(t, org.Locations, 2)
	require.Len(t, org.ServiceAtLocations, 1)
	assert.Equal(t, org.Organizations[0].ID, org.Services[0].OrganizationID, "a nested service belongs to its organization")
	assert.Equal(t, org.Services[0].ID, org.ServiceAtLocations[0].ServiceID)
	assert.Equal(t, "0f0f0f0f-0000-4000-8000-000000000006", org.ServiceAtLocations[0].LocationID)
	assert.NotContains(t, org.Organizations[0].Extra, "services", "nested collections move out of Extra")
	assert.Contains(t, org.Organizations[0].Extra, "email")

	// The same organization as a list page, as an array, and as collections: the same data.
	for name, doc := range map[string]string{
		"page":        `{"total_items": 1, "page_number": 1, "contents": [` + oneOrganization + `]}`,
		"array":       `[` + oneOrganization + `]`,
		"collections": mustJSON(t, org),
	} {
		ds, err := resources.ParseHSDS([]byte(doc))
		require.NoError(t, err, name)
		assert.JSONEq(t, mustJSON(t, org), mustJSON(t, withoutExtra(ds)), name)
	}

	// One service with its organization nested (/services/{id}).
	svc := `{"id": "0f0f0f0f-0000-4000-8000-000000000003", "name": "Elderly phone class", "status": "active",
	  "organization": {"id": "0f0f0f0f-0000-4000-8000-000000000001", "name": "Sunflower", "description": "agency"},
	  "service_at_locations": [{"id": "0f0f0f0f-0000-4000-8000-000000000007", "location": {"id": "0f0f0f0f-0000-4000-8000-000000000006", "location_type": "virtual"}}]}`
	ds, err := resources.ParseHSDS([]byte(svc))
	require.NoError(t, err)
	require.Len(t, ds.Organizations, 1)
	require.Len(t, ds.Services, 1)
	assert.Equal(t, "0f0f0f0f-0000-4000-8000-000000000001", ds.Services[0].OrganizationID)
	require.Len(t, ds.Locations, 1)

	// Other shapes are refused, naming the shapes that are read.
	for _, doc := range []string{`{"name": "x"}`, `"text"`, `42`, `{"contents": {}}`} {
		_, err := resources.ParseHSDS([]byte(doc))
		require.ErrorIs(t, err, wushe.ErrInvalid, doc)
		assert.Regexp(t, `organization|contents`, err.Error(), doc)
	}
	_, err = resources.ParseHSDS([]byte(`{"name": "x"}`))
	for _, shape := range []string{"one organization", "one service", "a list of organizations or services", "the collections"} {
		assert.Contains(t, err.Error(), shape)
	}
}

// Every problem is named by its JSON path in the document, wrong JSON types included.
func TestParseHSDSPathsInTheDocument(t *testing.T) {
	bad := `{"id": "0f0f0f0f-0000-4000-8000-000000000001", "name": "", "description": "d",
	 "services": [{"id": "0f0f0f0f-0000-4000-8000-000000000003", "name": "a", "status": "open",
	   "capacities": [{"id": "0f0f0f0f-0000-4000-8000-000000000004", "available": "many", "updated": "2026-03-01T00:00:00Z",
	     "unit": {"id": "0f0f0f0f-0000-4000-8000-000000000005", "name": "seat"}}],
	   "service_at_locations": [{"id": "0f0f0f0f-0000-4000-8000-000000000007", "location": {"id": "0f0f0f0f-0000-4000-8000-000000000006", "location_type": "boat"}}]},
	  {"id": "0f0f0f0f-0000-4000-8000-00000000000a", "name": 7, "status": "active", "minimum_age": 1.5}],
	 "locations": "none"}`
	_, err := resources.ParseHSDS([]byte(bad))
	require.ErrorIs(t, err, wushe.ErrInvalid)
	got := fields(err)
	for _, w := range []string{"services[0].capacities[0].available", "services[1].name", "services[1].minimum_age", "locations"} {
		assert.Contains(t, got, w)
	}
	// Once the types are right, the values are checked at the same paths.
	bad = `{"contents": [{"id": "0f0f0f0f-0000-4000-8000-000000000001", "name": "", "description": "d",
	 "services": [{"id": "0f0f0f0f-0000-4000-8000-000000000003", "name": "a", "status": "open",
	   "service_at_locations": [{"id": "0f0f0f0f-0000-4000-8000-000000000007", "location": {"id": "0f0f0f0f-0000-4000-8000-000000000006", "location_type": "boat"}}]}]}]}`
	_, err = resources.ParseHSDS([]byte(bad))
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.ElementsMatch(t, []string{"contents[0].name", "contents[0].services[0].status",
		"contents[0].services[0].service_at_locations[0].location.location_type"}, fields(err))
}

// Importing keeps the description, every identifier, the HSDS id, the services as offers
// with their places, and the organization's other locations; the rest is listed.
func TestImportHSDS(t *testing.T) {
	imp, err := resources.ImportHSDS([]byte(oneOrganization))
	require.NoError(t, err)
	require.Len(t, imp.Donors, 1)
	dn := imp.Donors[0]
	require.NoError(t, dn.Validate())
	assert.Equal(t, uuid.Nil, dn.ID, "RegisterDonor gives the ID")
	assert.Equal(t, "Social work for elders in Jiangxi Street", dn.Description)
	assert.Equal(t, resources.CreditCode("53100000500021676K"), dn.CreditCode)
	assert.Equal(t, []resources.Identifier{
		{Scheme: resources.HSDSIDScheme, Type: "organization id", Value: "0f0f0f0f-0000-4000-8000-000000000001"},
		{Scheme: "CN-USCC", Type: "统一社会信用代码", Value: "53100000500021676K"},
		{Scheme: "CN-CHARITY", Type: "charity number", Value: "C-2024-17"}}, dn.Identifiers)
	require.Len(t, dn.Offers, 1)
	of := dn.Offers[0]
	assert.Equal(t, "Elderly phone class", of.Name)
	assert.Equal(t, "Smartphone lessons", of.Description)
	assert.Equal(t, "active", of.Status)
	assert.Equal(t, 60, of.MinAge)
	assert.Equal(t, "0f0f0f0f-0000-4000-8000-000000000003", of.ExternalID)
	require.Len(t, of.Capacities, 1)
	assert.Equal(t, "seat", of.Capacities[0].Unit)
	assert.Equal(t, "12", of.Capacities[0].Available.String())
	assert.Equal(t, "20", of.Capacities[0].Maximum.String())
	require.Len(t, of.Places, 1)
	assert.Equal(t, resources.Place{Name: "Community centre", Kind: "physical", Location: &wushe.Point{Lat: 23.1, Lng: 113.3},
		ExternalID: "0f0f0f0f-0000-4000-8000-000000000006"}, of.Places[0])
	assert.Equal(t, []resources.Place{{Name: "Head office", Kind: "postal", ExternalID: "0f0f0f0f-0000-4000-8000-000000000008"}}, dn.Places)

	var paths []string
	for _, n := range imp.NotKept {
		paths = append(paths, n.Path)
		assert.NotEmpty(t, n.Reason)
	}
	assert.ElementsMatch(t, []string{"email",
		"organization_identifiers[0].id", "organization_identifiers[1].id",
		"services[0].capacities[0].id", "services[0].capacities[0].unit.id",
		"services[0].service_at_locations[0].id",
		"services[0].service_at_locations[0].location.addresses"}, paths)

	// A registered import keeps all of it.
	e := newEnv(t)
	reg, err := e.svc.RegisterDonor(t.Context(), "clerk", dn)
	require.NoError(t, err)
	back, err := e.store.GetDonor(t.Context(), reg.ID)
	require.NoError(t, err)
	assert.Equal(t, dn.Offers, back.Offers)
	assert.Equal(t, dn.Identifiers, back.Identifiers)

	// Collections: a service and a location of no organization, and an unknown collection,
	// are listed, not dropped.
	ds, err := resources.ParseHSDS([]byte(foreign))
	require.NoError(t, err)
	ds.Services[0].OrganizationID = ""
	imp = ds.Import()
	paths = nil
	for _, n := range imp.NotKept {
		paths = append(paths, n.Path)
	}
	for _, w := range []string{"services[0]", "service_at_locations[0]", "locations[0]", "taxonomies", "organizations[0].x_grade",
		"organizations[0].email", "organizations[0].organization_identifiers[0].issued"} {
		assert.Contains(t, paths, w)
	}
	assert.Empty(t, imp.Donors[0].Offers)

	_, err = resources.ImportHSDS([]byte(`{"name": 1}`))
	require.ErrorIs(t, err, wushe.ErrInvalid)
}

// ExportHSDS writes a donor's description and identifiers.
func TestExportHSDSDescriptionAndIdentifiers(t *testing.T) {
	imp, err := resources.ImportHSDS([]byte(oneOrganization))
	require.NoError(t, err)
	dn := imp.Donors[0]
	dn.ID = uuid.New()
	ds := resources.ExportHSDS([]resources.Donor{dn}, nil, t0)
	require.NoError(t, ds.Validate())
	require.Len(t, ds.Organizations, 1)
	o := ds.Organizations[0]
	assert.Equal(t, dn.Description, o.Description)
	var got []string
	for _, x := range o.OrganizationIdentifiers {
		got = append(got, x.IdentifierScheme+"="+x.Identifier)
	}
	assert.Equal(t, []string{"CN-USCC=53100000500021676K", "CN-CHARITY=C-2024-17"}, got)
	assert.Equal(t, "0f0f0f0f-0000-4000-8000-000000000001", o.ID, "the organization keeps its HSDS id, not the donor's new wushe ID")
}

// registered gives imported donors new wushe IDs, as Service.RegisterDonor does.
func registered(ds []resources.Donor) []resources.Donor {
	out := make([]resources.Donor, len(ds))
	for i, d := range ds {
		d.ID = uuid.New()
		out[i] = d
	}
	return out
}

// TestHSDSExportImportExport: what ExportHSDS writes, ImportHSDS reads back as the same
// donors (with their offers and places) and the same lot holders, and exporting that again
// gives the same document, for wushe's own directory and for a published one.
func TestHSDSExportImportExport(t *testing.T) {
	donors, lots := directory(t)
	bank := &donors[0]
	bank.Places = []resources.Place{{Name: "Branch office", Kind: "postal"}}
	bank.Offers = []resources.Offer{{Name: "Financial literacy class", Description: "for elders", Eligibility: "over 60", MinAge: 60,
		Capacities: []resources.OfferCapacity{{Unit: "seat", Available: d("12.5"), Maximum: d("20")}},
		Places:     []resources.Place{{Name: "Community centre", Location: &wushe.Point{Lat: 23.1, Lng: 113.3}}}},
		{Name: "Counter help", Status: "temporarily closed"}}
	first := resources.ExportHSDS(donors, lots, t0)
	require.NoError(t, first.Validate())
	imp, err := resources.ImportHSDS([]byte(mustJSON(t, first)))
	require.NoError(t, err)
	require.Len(t, imp.Donors, 1, "the bank; the lot holders are not donors")
	got := imp.Donors[0]
	assert.Equal(t, bank.Name, got.Name)
	require.Len(t, got.Offers, 2)
	i := slices.IndexFunc(got.Offers, func(o resources.Offer) bool { return o.Name == "Financial literacy class" })
	require.GreaterOrEqual(t, i, 0)
	class := got.Offers[i]
	assert.Equal(t, 60, class.MinAge)
	assert.Equal(t, "over 60", class.Eligibility)
	require.Len(t, class.Capacities, 1)
	assert.True(t, class.Capacities[0].Available.Equal(d("12.5")))
	require.Len(t, class.Places, 1)
	assert.Equal(t, "Community centre", class.Places[0].Name)
	assert.Equal(t, wushe.Point{Lat: 23.1, Lng: 113.3}, *class.Places[0].Location)
	require.Len(t, got.Places, 1)
	assert.Equal(t, "Branch office", got.Places[0].Name)
	// Each holder comes back as the holder it was, under the ID its lots' services name.
	orgOfLot := map[string]string{}
	for _, sv := range first.Services {
		orgOfLot[sv.ID] = sv.OrganizationID
	}
	var want []resources.Holder
	for _, l := range lots[:2] {
		want = append(want, resources.Holder{Kind: l.Holder.Kind, Name: l.Holder.Name, ID: uuid.MustParse(orgOfLot[l.ID.String()])})
	}
	assert.Equal(t, sortedHolders(want), sortedHolders(imp.Holders))
	var lotPaths []string
	for _, n := range imp.NotKept {
		if strings.Contains(n.Reason, "wushe's lots") {
			lotPaths = append(lotPaths, n.Path)
		}
	}
	assert.Len(t, lotPaths, 3, "the two lots and the clinic's place are listed as not imported")

	second := resources.ExportHSDS(registered(imp.Donors), lots, t0)
	assert.JSONEq(t, mustJSON(t, first), mustJSON(t, second), "export, import, export gives the same document")
	again, err := resources.ImportHSDS([]byte(mustJSON(t, second)))
	require.NoError(t, err)
	assert.Equal(t, imp, again)

	// A published directory: imported, exported and imported again, the same donor.
	pub, err := resources.ImportHSDS([]byte(oneOrganization))
	require.NoError(t, err)
	out := resources.ExportHSDS(registered(pub.Donors), nil, t0)
	back, err := resources.ImportHSDS([]byte(mustJSON(t, out)))
	require.NoError(t, err)
	assert.Equal(t, pub.Donors, back.Donors)
	assert.JSONEq(t, mustJSON(t, out), mustJSON(t, resources.ExportHSDS(registered(back.Donors), nil, t0)))
}

func sortedHolders(hs []resources.Holder) []resources.Holder {
	out := slices.Clone(hs)
	slices.SortFunc(out, func(a, b resources.Holder) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// withoutExtra drops the top-level Extra (a list page's total_items and the like).
func withoutExtra(ds resources.HSDSDataset) resources.HSDSDataset {
	ds.Extra = nil
	return ds
}
