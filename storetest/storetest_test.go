package storetest

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

func TestFaultsFailAt(t *testing.T) {
	var f Faults
	f.FailAt(2)
	require.NoError(t, f.Hit("A"))
	err := f.Hit("B")
	require.ErrorIs(t, err, ErrInjected)
	require.ErrorIs(t, err, wushe.ErrUnavailable)
	require.NoError(t, f.Hit("C"))
	require.Equal(t, 3, f.Calls())
	require.Equal(t, []string{"A", "B", "C"}, f.Log())
	f.Reset()
	require.Equal(t, 0, f.Calls())
	require.NoError(t, f.Hit("B"))
}

func TestFaultsFailOn(t *testing.T) {
	var f Faults
	f.FailOn("Get")
	require.NoError(t, f.Hit("Put"))
	require.Error(t, f.Hit("Get"))
	require.Error(t, f.Hit("Get"))
}

func TestParallel(t *testing.T) {
	var n atomic.Int64
	errs := Parallel(20, func(i int) error {
		n.Add(1)
		if i == 3 {
			return errors.New("three")
		}
		return nil
	})
	require.Equal(t, int64(20), n.Load())
	require.Len(t, errs, 20)
	require.EqualError(t, errs[3], "three")
	require.NoError(t, errs[0])
}

func TestBudgetContext(t *testing.T) {
	c := NewBudgetContext(2)
	require.NoError(t, c.Err())
	require.NoError(t, c.Err())
	require.ErrorIs(t, c.Err(), context.Canceled)
	require.ErrorIs(t, c.Err(), context.Canceled)
	require.Equal(t, int64(2), c.Used())
	z := NewBudgetContext(0)
	require.ErrorIs(t, z.Err(), context.Canceled)
	require.Equal(t, int64(0), z.Used())
	var _ context.Context = c
}

func TestPersonalDataIn(t *testing.T) {
	cases := []struct {
		text     string
		personal []string
		want     []string
	}{
		{"volunteer.Service.Register: Volunteer 5f0c1c2e-9d1b-4c55-8a77-1234567890ab: BirthDate: is under the minimum age of 18", nil, nil},
		{"IDNumber: region code 510107 is not an administrative division code", nil, []string{"510107"}},
		{"lives 1234.5 m away", nil, []string{"1234.5"}},
		{"Home.Lat: 95.5 is not a latitude", nil, []string{"95.5"}},
		{"aged 11, under the minimum", []string{"11"}, []string{"aged", "11"}},
		{"line 11: bad", []string{"11"}, []string{"11"}},
		{"line 111: bad", []string{"11"}, nil},
		{"\"V2024-ABCD\" does not have the form", []string{"V2024-ABCDEF012345-Q"}, []string{"V202"}},
		{"name 张三丰 is taken", []string{"张三丰"}, []string{"张三丰"}},
	}
	for _, c := range cases {
		require.Equal(t, c.want, PersonalDataIn(c.text, c.personal...), c.text)
	}
	RequireNoPersonalData(t, errors.New("Phone: has 12 digits, want 11"))
}

type shade string

// recorder is a testing.TB that notes a failure instead of failing the test; its Fatalf
// panics to stop the helper, as FailNow stops a real test.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()                      {}
func (r *recorder) Errorf(string, ...any)        { r.failed = true }
func (r *recorder) Fatalf(f string, args ...any) { r.failed = true; panic("fatal") }

func TestRequireEnumAndListsValues(t *testing.T) {
	shades := wushe.NewEnum[shade]("shade", "light", "dark")
	RequireEnum(t, shades, shades.Has)

	// A Valid that drifted from the enum, an error that lists too little, no error at all:
	// each is caught.
	rec := &recorder{}
	RequireEnum(rec, shades, func(s shade) bool { return s == "light" })
	require.True(t, rec.failed, "a Valid refusing a declared value")
	rec = &recorder{}
	RequireEnum(rec, shades, func(s shade) bool { return true })
	require.True(t, rec.failed, "a Valid accepting anything")
	rec = &recorder{}
	RequireListsValues(rec, wushe.Invalid("E", "F", "is not a shade; want one of light"), shades)
	require.True(t, rec.failed, "a list missing a value")
	rec = &recorder{}
	RequireListsValues(rec, errors.New("want one of light, dark"), shades)
	require.True(t, rec.failed, "an error without the invalid kind")
	rec = &recorder{}
	func() {
		defer func() { _ = recover() }()
		RequireListsValues(rec, nil, shades)
	}()
	require.True(t, rec.failed, "no error")
}
