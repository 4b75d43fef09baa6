package main

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/examples/internal/must"
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

func TestCodecRoundTrip(t *testing.T) {
	phone := must.Phone("13800001234")
	idn, err := wushe.ParseIDNumber("110105199005170011")
	require.NoError(t, err)
	in := sample{
		ID: uuid.New(), Name: must.Name("欧阳娜娜"), Phone: phone, IDNumber: idn,
		Note: wushe.NewSensitive(wushe.ClassHealth, "diabetes"), Opt: &phone,
		Amount: decimal.RequireFromString("12.50"), At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		Tags: []string{"a", "b"}, Empty: []string{},
		Nested: []inner{{Who: must.Name("王芳"), Note: wushe.NewSensitive(wushe.ClassMinor, "age 9")}, {}},
		ByKey:  map[uuid.UUID]decimal.Decimal{uuid.New(): decimal.New(1050, -2)},
		Count:  1 << 60,
	}
	b, err := encodeRecord(in)
	require.NoError(t, err)
	for _, clear := range []string{"欧阳娜娜", "13800001234", "110105199005170011", "diabetes", "age 9", `"health"`, `"minor"`} {
		require.Contains(t, string(b), clear, "the record must hold personal data in the clear with its class")
	}
	require.NotContains(t, string(b), "**", "the record must not hold a masked value")
	var out sample
	require.NoError(t, decodeRecord(b, &out))
	require.Equal(t, in, out)
	require.Equal(t, int32(-2), out.Amount.Exponent(), "the decimal keeps its scale")
	require.NotNil(t, out.Empty)
	require.Nil(t, out.NilMap)
	require.Nil(t, out.Ptr)
	require.Equal(t, wushe.ClassHealth, out.Note.Class())
}

func TestCodecRejects(t *testing.T) {
	_, err := encodeRecord(hidden{Visible: "x", secret: "y"})
	require.ErrorContains(t, err, "unexported field secret")
	_, err = encodeRecord([]hidden{{}})
	require.Error(t, err)
	_, err = encodeRecord(map[string]hidden{"k": {}})
	require.Error(t, err)
	_, err = encodeRecord(map[hidden]int{{}: 1})
	require.Error(t, err)
	_, err = encodeRecord(&inner{})
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
		require.Error(t, decodeRecord([]byte(bad), &out), bad)
	}
}

// TestCodecRandomEntities round-trips seeded random entities of every package through the
// codec: what comes back equals what went in.
func TestCodecRandomEntities(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for i := range 200 {
		name := must.Name(string([]rune("张王李赵刘陈杨黄")[r.IntN(8)]) + strconv.Itoa(r.IntN(1000)))
		phone := must.Phone("139" + strconv.Itoa(10000000+r.IntN(89999999)))
		amount := decimal.New(r.Int64N(1_000_000), -int32(r.IntN(4)))
		v := volunteer.Volunteer{ID: uuid.New(), Name: name, Phone: phone, Version: r.Int64N(10),
			Languages: []string{"zh"}[:r.IntN(2)], RegisteredOn: time.Unix(r.Int64N(2e9), 0).UTC()}
		req := resources.Request{ID: uuid.New(), Quantity: amount, Reserved: amount.Div(decimal.NewFromInt(2)).Truncate(2)}
		req.Beneficiary.Note = wushe.NewSensitive(wushe.ClassLowIncome, strings.Repeat("低保", 1+r.IntN(3)))
		for _, x := range []any{v, req} {
			b, err := encodeRecord(x)
			require.NoError(t, err)
			switch x := x.(type) {
			case volunteer.Volunteer:
				var got volunteer.Volunteer
				require.NoError(t, decodeRecord(b, &got), "case %d", i)
				require.Equal(t, x, got, "case %d", i)
			case resources.Request:
				var got resources.Request
				require.NoError(t, decodeRecord(b, &got), "case %d", i)
				require.Equal(t, x, got, "case %d", i)
			}
		}
	}
}

// FuzzDecodeRecord feeds arbitrary bytes to the decoder: it must fail cleanly or give a
// value that encodes and decodes to itself.
func FuzzDecodeRecord(f *testing.F) {
	b, err := encodeRecord(inner{Who: must.Name("王芳"), Note: wushe.NewSensitive(wushe.ClassHealth, "x")})
	require.NoError(f, err)
	f.Add(b)
	f.Add([]byte(`{"Who":null}`))
	f.Add([]byte(`{"Note":{"class":"minor","clear":""}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var v inner
		if decodeRecord(data, &v) != nil {
			return
		}
		again, err := encodeRecord(v)
		require.NoError(t, err)
		var w inner
		require.NoError(t, decodeRecord(again, &w))
		require.Equal(t, v, w)
	})
}

func TestStoreFailures(t *testing.T) {
	ctx := t.Context()
	s := openTemp(t)
	d := resources.Donor{ID: uuid.New(), Kind: resources.DonorEnterprise, Name: "Bookshop"}
	require.NoError(t, s.CreateDonor(ctx, d))

	// Temporary files and strangers in an entity directory are not entities.
	dir := filepath.Join(s.dir, donorKind.dir)
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".tmp-123"), []byte("{"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.json"), []byte("{"), 0o600))
	require.NoError(t, os.Mkdir(filepath.Join(dir, uuid.NewString()+".json"), 0o700))
	page, err := s.ListDonors(ctx, resources.DonorFilter{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)

	// A damaged file is unavailable, never silently skipped.
	require.NoError(t, os.WriteFile(donorKind.path(s, d.ID), []byte("{"), 0o600))
	_, err = s.GetDonor(ctx, d.ID)
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	_, err = s.ListDonors(ctx, resources.DonorFilter{})
	require.ErrorIs(t, err, wushe.ErrUnavailable)

	// A directory where a file should be cannot be read or written.
	id := uuid.New()
	require.NoError(t, os.Mkdir(donorKind.path(s, id), 0o700))
	_, err = s.GetDonor(ctx, id)
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	_, err = s.UpdateDonor(ctx, id, func(*resources.Donor) error { return nil })
	require.ErrorIs(t, err, wushe.ErrUnavailable)

	// An entity the codec cannot encode is invalid and writes nothing.
	var ek = kind[hidden]{entity: "Hidden", dir: "hidden", id: func(*hidden) uuid.UUID { return uuid.Nil }}
	require.ErrorIs(t, ek.save(s, "test", hidden{}), wushe.ErrInvalid)

	// A closed store refuses every call.
	require.NoError(t, s.Close())
	_, err = s.GetDonor(ctx, d.ID)
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	require.ErrorIs(t, s.CreateDonor(ctx, resources.Donor{ID: uuid.New()}), wushe.ErrUnavailable)
	require.NoError(t, s.Close(), "closing twice is harmless")
}

func TestOpenFails(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	_, err := Open(filepath.Join(file, "store"))
	require.ErrorIs(t, err, wushe.ErrUnavailable)

	// An entity directory that cannot be created fails the write and keeps nothing.
	s := openTemp(t)
	require.NoError(t, os.WriteFile(filepath.Join(s.dir, donorKind.dir), nil, 0o600))
	err = s.CreateDonor(t.Context(), resources.Donor{ID: uuid.New()})
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	_, err = s.ListDonors(t.Context(), resources.DonorFilter{})
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	var e *wushe.Error
	require.True(t, errors.As(err, &e))
	require.Equal(t, "customstore.Store.ListDonors", e.Op)
	require.Equal(t, "Donor", e.Entity)
}
