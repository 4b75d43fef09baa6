package storecodec

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

// resident1 is the first shape of a stored entity; resident2 renamed Name to FullName
// and says how to upgrade; residentNoUpgrade renamed it without.
type resident1 struct {
	Name  wushe.PersonName
	Phone wushe.Phone
}

type resident2 struct {
	FullName wushe.PersonName
	Phone    wushe.Phone
}

func (resident2) StoredVersion() int { return 2 }

func (resident2) UpgradeStored(from int, fields map[string]json.RawMessage) error {
	if from == 1 {
		fields["FullName"] = fields["Name"]
		delete(fields, "Name")
	}
	return nil
}

type residentNoUpgrade struct {
	FullName wushe.PersonName
	Phone    wushe.Phone
}

// household nests the renamed type: upgrades run wherever it sits.
type household struct {
	Head    resident2
	Members []resident2
}

type household1 struct {
	Head    resident1
	Members []resident1
}

// TestRenamedFieldUpgrade: a field renamed with an upgrade reads old documents
// correctly; renamed without one, the old document is refused (never read with the name
// silently lost); the new shape carries its version, and a version newer than the program
// knows is refused.
func TestRenamedFieldUpgrade(t *testing.T) {
	for _, c := range []Codec{{}, {Keys: testKeys(t)}} {
		old, err := c.Marshal(resident1{Name: name("张伟"), Phone: phone("13800001234")})
		require.NoError(t, err)
		require.NotContains(t, string(old), versionKey, "an unversioned type writes no version")

		var lost residentNoUpgrade
		err = c.Unmarshal(old, &lost)
		require.ErrorContains(t, err, `"Name"`)
		require.ErrorContains(t, err, "does not have")

		var got resident2
		require.NoError(t, c.Unmarshal(old, &got))
		require.Equal(t, resident2{FullName: name("张伟"), Phone: phone("13800001234")}, got)

		// Reseal writes the upgraded shape.
		upgraded, changed, err := c.Reseal(old, &got)
		require.NoError(t, err)
		require.True(t, changed)
		require.Contains(t, string(upgraded), `"@version":2`)
		require.Contains(t, string(upgraded), `"FullName"`)
		require.NotContains(t, string(upgraded), `"Name"`)
		_, changed, err = c.Reseal(upgraded, &got)
		require.NoError(t, err)
		require.False(t, changed)

		// Nested, in a slice too.
		oldHouse, err := c.Marshal(household1{Head: resident1{Name: name("李娜")}, Members: []resident1{{Name: name("李雷")}}})
		require.NoError(t, err)
		var house household
		require.NoError(t, c.Unmarshal(oldHouse, &house))
		require.Equal(t, name("李娜"), house.Head.FullName)
		require.Equal(t, name("李雷"), house.Members[0].FullName)

		newer := strings.Replace(string(upgraded), `"@version":2`, `"@version":3`, 1)
		require.ErrorContains(t, c.Unmarshal([]byte(newer), &got), "version 3")
		require.Error(t, c.Unmarshal([]byte(strings.Replace(string(upgraded), `"@version":2`, `"@version":"x"`, 1)), &got))
	}
}

// TestUnknownFieldRefused: a key the type does not have, at any depth and in a record, is
// an error naming it; the codec's own keys are accepted where they belong.
func TestUnknownFieldRefused(t *testing.T) {
	b, err := Marshal(sampleValue(t))
	require.NoError(t, err)
	var out sample
	require.NoError(t, Unmarshal(b, &out))
	for _, bad := range []string{
		`{"Count":1,"Gone":2}`,
		`{"Ptr":{"Who":null,"Extra":"x"}}`,
		`{"Nested":[{"Who":null,"Age":9}]}`,
		`{"Name":{"clear":"王芳","note":"x"}}`,
		`{"Amount":{"coefficient":"1","exponent":0,"scale":2}}`,
		`{"Count":1,"@format":2}`,
		`{"Count":1,"@format":"one"}`,
		`{"Ptr":{"@format":1}}`,
	} {
		require.Error(t, Unmarshal([]byte(bad), &out), bad)
	}
	require.ErrorContains(t, Unmarshal([]byte(`{"Count":1,"Gone":2}`), &out), `"Gone"`)
	// A document without "@format" is format 1, as written before the key existed.
	require.NoError(t, Unmarshal([]byte(`{"Count":1}`), &out))
	require.Equal(t, int64(1), out.Count)
}

// withArrays holds arrays of personal data, decimals and IDs.
type withArrays struct {
	Phones  [2]wushe.Phone
	Amounts [2]decimal.Decimal
	Notes   [1]wushe.Sensitive
	IDs     [2]uuid.UUID
	Grid    [2][2]int
}

// TestArraysElementByElement: an array is stored like a slice, each element in its
// stored form (personal data as a record, never its mask; decimals with their scale);
// uuid.UUID keeps its text form; a wrong length is refused.
func TestArraysElementByElement(t *testing.T) {
	in := withArrays{
		Phones:  [2]wushe.Phone{phone("13800001234"), phone("13900005678")},
		Amounts: [2]decimal.Decimal{decimal.RequireFromString("1.50"), decimal.RequireFromString("2.000")},
		Notes:   [1]wushe.Sensitive{wushe.NewSensitive(wushe.ClassDisability, "deaf")},
		IDs:     [2]uuid.UUID{uuid.New(), uuid.New()},
		Grid:    [2][2]int{{1, 2}, {3, 4}},
	}
	b, err := Marshal(in)
	require.NoError(t, err)
	require.NotContains(t, string(b), "****", "no masked phone")
	require.Contains(t, string(b), `{"clear":"13800001234"}`)
	require.Contains(t, string(b), `{"class":"disability","clear":"deaf"}`)
	require.Contains(t, string(b), `"exponent":-3`)
	require.Contains(t, string(b), `"`+in.IDs[0].String()+`"`)
	var out withArrays
	require.NoError(t, Unmarshal(b, &out))
	require.Equal(t, in, out)
	require.Equal(t, int32(-3), out.Amounts[1].Exponent())

	sealed, err := Codec{Keys: testKeys(t)}.Marshal(in)
	require.NoError(t, err)
	require.NotContains(t, string(sealed), "13800001234")
	require.NotContains(t, string(sealed), "deaf")

	require.ErrorContains(t, Unmarshal([]byte(`{"Grid":[[1,2]]}`), &out), "elements")
	require.Error(t, Unmarshal([]byte(`{"Grid":[[1,2,3],[4,5,6]]}`), &out))
}
