package resources_test

import (
	"encoding/json"
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
	for _, in := range []string{"", "[]", "{", `{"services": 3}`, `{} {}`, `{"services":[{"id":"0f0f0f0f-0000-4000-8000-000000000003","name":"a","status":"active","capacities":[{"available":"x"}]}]}`} {
		_, err := resources.ParseHSDS([]byte(in))
		assert.ErrorIs(t, err, wushe.ErrInvalid, in)
	}
	_, err = resources.ParseHSDS([]byte(`{"organizations": [], "services": [], "locations": [], "service_at_locations": []}`))
	assert.NoError(t, err)
	_ = uuid.Nil
}

// FuzzParseHSDS: no input panics; anything accepted validates, re-encodes, and parses
// back to the same dataset.
func FuzzParseHSDS(f *testing.F) {
	f.Add([]byte(foreign))
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
		b, err := json.Marshal(ds)
		require.NoError(t, err)
		back, err := resources.ParseHSDS(b)
		require.NoError(t, err)
		b2, err := json.Marshal(back)
		require.NoError(t, err)
		require.JSONEq(t, string(b), string(b2))
	})
}

func TestHSDSDonors(t *testing.T) {
	ds, err := resources.ParseHSDS([]byte(foreign))
	require.NoError(t, err)
	donors, err := ds.Donors()
	require.NoError(t, err)
	require.Len(t, donors, 1)
	assert.Equal(t, "Sunflower Social Work Agency", donors[0].Name)
	assert.Equal(t, resources.CreditCode("53100000500021676K"), donors[0].CreditCode)
	assert.Equal(t, "0f0f0f0f-0000-4000-8000-000000000001", donors[0].ID.String())

	bad := resources.HSDSDataset{Organizations: []resources.HSDSOrganization{{ID: "x", Name: "A"}, {ID: uuid.New().String(),
		OrganizationIdentifiers: []resources.HSDSOrganizationIdentifier{{IdentifierScheme: resources.CreditCodeScheme, Identifier: "1"}}}}}
	_, err = bad.Donors()
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.ElementsMatch(t, []string{"organizations[0].id", "organizations[1].organization_identifiers.CreditCode", "organizations[1].Name"}, fields(err))
}
