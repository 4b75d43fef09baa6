package storecodec

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// sample exercises every shape the codec handles.
type sample struct {
	ID       uuid.UUID
	Name     wushe.PersonName
	Phone    wushe.Phone
	IDNumber wushe.IDNumber
	Note     wushe.Sensitive `json:"-"`
	Opt      *wushe.Phone
	Amount   decimal.Decimal
	At       time.Time
	Tags     []string
	Empty    []string
	Nested   []inner
	ByKey    map[uuid.UUID]decimal.Decimal
	NilMap   map[string]int
	Ptr      *inner
	Count    int64
}

type inner struct {
	Who  wushe.PersonName
	Note wushe.Sensitive
}

type hidden struct {
	Visible string
	secret  string
}

func phone(s string) wushe.Phone {
	p, err := wushe.ParsePhone(s)
	if err != nil {
		panic(err)
	}
	return p
}

func name(s string) wushe.PersonName {
	n, err := wushe.ParsePersonName(s)
	if err != nil {
		panic(err)
	}
	return n
}

func TestCodecRoundTrip(t *testing.T) {
	mobile := phone("13800001234")
	idn, err := wushe.ParseIDNumber("110105199005170011")
	require.NoError(t, err)
	in := sample{
		ID: uuid.New(), Name: name("欧阳娜娜"), Phone: mobile, IDNumber: idn,
		Note: wushe.NewSensitive(wushe.ClassHealth, "diabetes"), Opt: &mobile,
		Amount: decimal.RequireFromString("12.50"), At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		Tags: []string{"a", "b"}, Empty: []string{},
		Nested: []inner{{Who: name("王芳"), Note: wushe.NewSensitive(wushe.ClassMinor, "age 9")}, {}},
		ByKey:  map[uuid.UUID]decimal.Decimal{uuid.New(): decimal.New(1050, -2)},
		Count:  1 << 60,
	}
	b, err := Marshal(in)
	require.NoError(t, err)
	for _, clear := range []string{"欧阳娜娜", "13800001234", "110105199005170011", "diabetes", "age 9", `"health"`, `"minor"`} {
		require.Contains(t, string(b), clear, "the record must hold personal data in the clear with its class")
	}
	require.NotContains(t, string(b), "**", "the record must not hold a masked value")
	var out sample
	require.NoError(t, Unmarshal(b, &out))
	require.Equal(t, in, out)
	require.Equal(t, int32(-2), out.Amount.Exponent(), "the decimal keeps its scale")
	require.NotNil(t, out.Empty)
	require.Nil(t, out.NilMap)
	require.Nil(t, out.Ptr)
	require.Equal(t, wushe.ClassHealth, out.Note.Class())
}

func TestCodecRejects(t *testing.T) {
	_, err := Marshal(hidden{Visible: "x", secret: "y"})
	require.ErrorContains(t, err, "unexported field secret")
	_, err = Marshal([]hidden{{}})
	require.Error(t, err)
	_, err = Marshal(map[string]hidden{"k": {}})
	require.Error(t, err)
	_, err = Marshal(map[hidden]int{{}: 1})
	require.Error(t, err)
	_, err = Marshal(&inner{})
	require.NoError(t, err)

	for _, bad := range []string{
		`{"Name":{"clear":"bad***name"}}`,
		`{"Phone":{"clear":"123"}}`,
		`{"IDNumber":{"clear":"110105199005170012"}}`,
		`{"Amount":{"coefficient":"1.5","exponent":0}}`,
		`{"Amount":"12"}`,
		`{"Name":"clear"}`,
		`{"Tags":{}}`,
		`{"Tags":[1]}`,
		`{"ByKey":{}}`,
		`{"ByKey":[["not-a-uuid",{"coefficient":"1","exponent":0}]]}`,
		`{"ByKey":[["` + uuid.NewString() + `","x"]]}`,
		`{"Ptr":{"Who":{"clear":"***"}}}`,
		`{"Count":"x"}`,
		`[]`,
	} {
		var out sample
		require.Error(t, Unmarshal([]byte(bad), &out), bad)
	}
}

// TestCodecRandomEntities round-trips seeded random entities of every package through the
// codec: what comes back equals what went in.
func TestCodecRandomEntities(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for i := range 200 {
		who := name(string([]rune("张王李赵刘陈杨黄")[r.IntN(8)]) + strconv.Itoa(r.IntN(1000)))
		mobile := phone("139" + strconv.Itoa(10000000+r.IntN(89999999)))
		amount := decimal.New(r.Int64N(1_000_000), -int32(r.IntN(4)))
		v := volunteer.Volunteer{ID: uuid.New(), Name: who, Phone: mobile, Version: r.Int64N(10),
			Languages: []string{"zh"}[:r.IntN(2)], RegisteredOn: time.Unix(r.Int64N(2e9), 0).UTC()}
		req := resources.Request{ID: uuid.New(), Quantity: amount, Reserved: amount.Div(decimal.NewFromInt(2)).Truncate(2)}
		req.Beneficiary.Note = wushe.NewSensitive(wushe.ClassLowIncome, strings.Repeat("低保", 1+r.IntN(3)))
		for _, x := range []any{v, req} {
			for _, c := range []Codec{{}, {Keys: testKeys(t)}} {
				b, err := c.Marshal(x)
				require.NoError(t, err)
				switch x := x.(type) {
				case volunteer.Volunteer:
					var got volunteer.Volunteer
					require.NoError(t, c.Unmarshal(b, &got), "case %d", i)
					require.Equal(t, x, got, "case %d", i)
				case resources.Request:
					var got resources.Request
					require.NoError(t, c.Unmarshal(b, &got), "case %d", i)
					require.Equal(t, x, got, "case %d", i)
				}
			}
		}
	}
}

// FuzzDecodeRecord feeds arbitrary bytes to the decoder: it must fail cleanly or give a
// value that encodes and decodes to itself.
func FuzzDecodeRecord(f *testing.F) {
	b, err := Marshal(inner{Who: name("王芳"), Note: wushe.NewSensitive(wushe.ClassHealth, "x")})
	require.NoError(f, err)
	f.Add(b)
	f.Add([]byte(`{"Who":null}`))
	f.Add([]byte(`{"Note":{"class":"minor","clear":""}}`))
	keyed := Codec{Keys: testKeys(f)}
	sealed, err := keyed.Marshal(inner{Who: name("王芳"), Note: wushe.NewSensitive(wushe.ClassHealth, "x")})
	require.NoError(f, err)
	f.Add(sealed)
	f.Add([]byte(`{"@format":1,"Who":{"clear":"王芳","key":"k1"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, c := range []Codec{{}, keyed} {
			var v inner
			if c.Unmarshal(data, &v) != nil {
				continue
			}
			again, err := c.Marshal(v)
			require.NoError(t, err)
			var w inner
			require.NoError(t, c.Unmarshal(again, &w))
			require.Equal(t, v, w)
		}
	})
}

func TestUnmarshalNeedsPointer(t *testing.T) {
	var v inner
	require.ErrorContains(t, Unmarshal([]byte(`{}`), v), "non-nil pointer")
	require.ErrorContains(t, Unmarshal([]byte(`{}`), (*inner)(nil)), "non-nil pointer")
}

func TestTimesComeBackUTC(t *testing.T) {
	type stamped struct{ At time.Time }
	in := stamped{At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	b, err := Marshal(in)
	require.NoError(t, err)
	require.Contains(t, string(b), "2026-03-02T01:00:00Z")
	var out stamped
	require.NoError(t, Unmarshal(b, &out))
	require.True(t, in.At.Equal(out.At))
	require.Equal(t, time.UTC, out.At.Location())
}
