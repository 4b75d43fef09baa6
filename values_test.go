package wushe_test

import (
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func TestDecimalInBounds(t *testing.T) {
	in := []string{"0", "-0", "1", "99999999999999999999", "-99999999999999999999", "0.00000000000000000000000000000001",
		"12345678901234567890.123456789012", "1E+19", "1.5E-31", "0E+20", "100E+17"}
	for _, s := range in {
		assert.True(t, wushe.DecimalInBounds(decimal.RequireFromString(s)), s)
		assert.NoError(t, wushe.CheckDecimal("X", "F", decimal.RequireFromString(s)), s)
	}
	out := []decimal.Decimal{
		decimal.RequireFromString("100000000000000000000"), decimal.RequireFromString("-100000000000000000000"),
		decimal.RequireFromString("1E+20"), decimal.RequireFromString("0E+21"),
		decimal.RequireFromString("0.000000000000000000000000000000001"), // 33 places
		decimal.RequireFromString("1.000000000000000000000000000000000"), // trailing zeros count
		decimal.New(1, -2_000_000_000), decimal.New(1, 2_000_000_000), decimal.New(0, 2_000_000_000),
		decimal.NewFromBigInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(100_000), nil), 0),
		decimal.New(1, 10_000_000),
	}
	for _, d := range out {
		assert.False(t, wushe.DecimalInBounds(d), d.Exponent())
		err := wushe.CheckDecimal("Donation", "Amount", d)
		require.ErrorIs(t, err, wushe.ErrInvalid)
		fes := wushe.FieldErrors(err)
		require.Len(t, fes, 1)
		assert.Equal(t, "Amount", fes[0].Field)
		assert.Equal(t, "Donation", fes[0].Entity)
		assert.Less(t, len(err.Error()), 200, "the message does not repeat the value")
	}
}

type valuesLeaf struct {
	Note  string
	At    time.Time
	Share decimal.Decimal
}

type valuesEntity struct {
	Name     wushe.PersonName
	Title    string
	Tags     []string
	Leaves   []valuesLeaf
	ByID     map[uuid.UUID]valuesLeaf
	ByName   map[string]int
	Optional *valuesLeaf
	Any      any
	Next     *valuesEntity
	Count    int
	Place    wushe.Point
	hidden   string
}

func TestCheckValues(t *testing.T) {
	good := valuesEntity{Title: "反诈宣传", Tags: []string{"a"}, Leaves: []valuesLeaf{{Note: "ok", At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Share: decimal.RequireFromString("0.5")}},
		Next: &valuesEntity{Title: "inner"}}
	p := wushe.Check("Entity")
	assert.True(t, p.CheckValues(good))
	assert.NoError(t, p.Err())
	assert.True(t, p.CheckValues(nil))
	assert.True(t, p.CheckValues(&good))

	id := uuid.MustParse("00000000-0000-4000-8000-000000000001")
	name, err := wushe.ParsePersonName("张三")
	require.NoError(t, err)
	bad := valuesEntity{
		Name:  name,
		Title: "bad\xff",
		Tags:  []string{"ok", "\xc3"},
		Leaves: []valuesLeaf{{At: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, {At: time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC)},
			{Share: decimal.New(1, -2_000_000_000)}},
		ByID:     map[uuid.UUID]valuesLeaf{id: {Note: "\xfe"}},
		ByName:   map[string]int{"\xfe": 1},
		Optional: &valuesLeaf{Share: decimal.New(7, 30)},
		Any:      valuesLeaf{Note: "\x80"},
		Next:     &valuesEntity{Title: "\x80"},
		hidden:   "\xff",
	}
	p = wushe.Check("Entity")
	assert.False(t, p.CheckValues(bad), "two decimals are out of bounds")
	var fields []string
	for _, fe := range wushe.FieldErrors(p.Err()) {
		fields = append(fields, fe.Field)
		assert.Equal(t, "Entity", fe.Entity)
		assert.NotContains(t, fe.Msg, "\xff")
	}
	assert.ElementsMatch(t, []string{"Title", "Tags[1]", "Leaves[0].At", "Leaves[1].At", "Leaves[2].Share",
		"ByID[" + id.String() + "].Note", "ByName[key]", "Optional.Share", "Any.Note", "Next.Title"}, fields)

	// The text inside a personal-data type is checked too, under the field that holds it.
	type person struct{ Name wushe.Sensitive }
	p = wushe.Check("Person")
	assert.True(t, p.CheckValues(person{Name: wushe.NewSensitive(wushe.ClassName, "李\xff")}))
	fes := wushe.FieldErrors(p.Err())
	require.Len(t, fes, 1)
	assert.Equal(t, "Name", fes[0].Field)
	assert.Equal(t, "is not valid UTF-8", fes[0].Msg)
}

// Refusal is fast: a decimal with an exponent of two billion is checked in time
// proportional to its size, not its value (the test would run for minutes otherwise).
func TestCheckValuesRefusesHugeDecimalsBeforeArithmetic(t *testing.T) {
	type pledge struct{ Quantity decimal.Decimal }
	for _, d := range []decimal.Decimal{decimal.New(1, 2_000_000_000), decimal.New(1, -2_000_000_000),
		decimal.RequireFromString("1" + strings.Repeat("0", 20_000))} {
		p := wushe.Check("Pledge")
		assert.False(t, p.CheckValues(pledge{d}))
		require.ErrorIs(t, p.Err(), wushe.ErrInvalid)
	}
}

func FuzzCheckDecimal(f *testing.F) {
	for _, s := range []string{"0", "1.5", "1E+20", "99999999999999999999.99", "-1e-32", "1e-33", "1e2000000000"} {
		f.Add(s)
	}
	limit := decimal.New(1, wushe.MaxDecimalIntegerDigits)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := decimal.NewFromString(s)
		if err != nil {
			return
		}
		ok := wushe.DecimalInBounds(d)
		if (wushe.CheckDecimal("X", "F", d) == nil) != ok {
			t.Fatalf("CheckDecimal and DecimalInBounds disagree on %s", s)
		}
		if !ok {
			return
		}
		// Within bounds the arithmetic is cheap and the bounds mean what they say.
		if d.Abs().Cmp(limit) >= 0 {
			t.Fatalf("%s is in bounds but not below 10^%d", s, wushe.MaxDecimalIntegerDigits)
		}
		if d.Exponent() < -wushe.MaxDecimalPlaces {
			t.Fatalf("%s is in bounds with exponent %d", s, d.Exponent())
		}
	})
}

func FuzzCheckValues(f *testing.F) {
	f.Add("title", "2026-01-02T03:04:05Z", "1.25")
	f.Add("\xff", "0000-01-01T00:00:00Z", "1e-40")
	f.Fuzz(func(t *testing.T, title, at, amount string) {
		tm, _ := time.Parse(time.RFC3339, at)
		d, _ := decimal.NewFromString(amount)
		v := valuesLeaf{Note: title, At: tm, Share: d}
		p := wushe.Check("Leaf")
		ok := p.CheckValues(v)
		if ok != wushe.DecimalInBounds(d) {
			t.Fatalf("decimal verdict %v for %s", ok, amount)
		}
		want := 0
		if !ok {
			want++
		}
		if !utf8Valid(title) {
			want++
		}
		if y := tm.Year(); !tm.IsZero() && (y < wushe.MinYear || y > wushe.MaxYear) {
			want++
		}
		if got := len(wushe.FieldErrors(p.Err())); got != want {
			t.Fatalf("%d problems, want %d: %v", got, want, p.Err())
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s }

// BenchmarkCheckValues walks a value with text, times, decimals, a map and a nested slice:
// the cost CheckValues adds to a Validate.
func BenchmarkCheckValues(b *testing.B) {
	leaf := valuesLeaf{Note: "一次入户探访", At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Share: decimal.RequireFromString("12.50")}
	v := valuesEntity{Title: "反诈宣传进社区", Tags: []string{"a", "b", "c"}, Leaves: []valuesLeaf{leaf, leaf, leaf, leaf},
		ByID: map[uuid.UUID]valuesLeaf{uuid.New(): leaf}, Optional: &leaf}
	b.ReportAllocs()
	for b.Loop() {
		p := wushe.Check("Entity")
		if !p.CheckValues(v) {
			b.Fatal("out of bounds")
		}
	}
}
