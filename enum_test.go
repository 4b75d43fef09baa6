package wushe_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

type color string

var colors = wushe.NewEnum[color]("colour", "red", "amber", "green")

func TestEnumHasAndValues(t *testing.T) {
	require.True(t, colors.Has("amber"))
	require.False(t, colors.Has("blue"))
	require.False(t, colors.Has(""))
	require.Equal(t, []color{"red", "amber", "green"}, colors.Values())
	vs := colors.Values()
	vs[0] = "changed"
	require.True(t, colors.Has("red"), "Values returns a copy")
	require.Equal(t, "colour", colors.Noun())
}

func TestEnumCheckListsTheValidValues(t *testing.T) {
	require.NoError(t, colors.Check("Light", "Colour", "green"))

	err := colors.Check("Light", "Colour", "blue")
	require.ErrorIs(t, err, wushe.ErrInvalid)
	require.EqualError(t, err, `Light: Colour: "blue" is not a colour; want one of red, amber, green: invalid`)
	fe := wushe.FieldErrors(err)
	require.Len(t, fe, 1)
	require.Equal(t, "Colour", fe[0].Field)

	require.EqualError(t, colors.Check("Light", "Colour", ""), "Light: Colour: is required; want one of red, amber, green: invalid")

	article := wushe.NewEnum[color]("activity kind", "talk")
	require.ErrorContains(t, article.Check("Activity", "Kind", "x"), `"x" is not an activity kind; want one of talk`)
}

func TestEnumCheckCutsLongInput(t *testing.T) {
	long := color(strings.Repeat("很", 100))
	err := colors.Check("Light", "Colour", long)
	require.Error(t, err)
	require.Contains(t, err.Error(), `"`+strings.Repeat("很", 32)+`"…`)
	require.NotContains(t, err.Error(), strings.Repeat("很", 33))
}

func TestEnumWithProblemsReportsEveryField(t *testing.T) {
	p := wushe.Check("Light")
	p.Add(colors.Check("Light", "Front", "blue"))
	p.Add(colors.Check("Light", "Back", "red"))
	p.Add(colors.Check("Light", "Side", "pink"))
	err := p.Err()
	require.Len(t, wushe.FieldErrors(err), 2)
	require.True(t, errors.Is(err, wushe.ErrInvalid))
}

func TestEnumProblemIsCheckWithoutTheField(t *testing.T) {
	require.Empty(t, colors.Problem("red"))
	require.Equal(t, `"blue" is not a colour; want one of red, amber, green`, colors.Problem("blue"))
	require.Equal(t, "is required; want one of red, amber, green", colors.Problem(""))
	require.EqualError(t, colors.Check("Light", "Colour", "blue"), "Light: Colour: "+colors.Problem("blue")+": invalid")
}

func TestNewEnumRefusesBadDeclarations(t *testing.T) {
	require.Panics(t, func() { wushe.NewEnum[color]("") })
	require.Panics(t, func() { wushe.NewEnum[color]("colour") })
	require.Panics(t, func() { wushe.NewEnum[color]("colour", "red", "") })
	require.Panics(t, func() { wushe.NewEnum[color]("colour", "red", "red") })
}

// Whatever the input, Check accepts exactly the declared values, and the message it gives
// otherwise is valid UTF-8, names the field and never carries more than 32 runes of input.
func FuzzEnumCheck(f *testing.F) {
	for _, s := range []string{"", "red", "blue", "\xff\xfe", strings.Repeat("x", 200), "red "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := colors.Check("Light", "Colour", color(s))
		if colors.Has(color(s)) {
			require.NoError(t, err)
			return
		}
		require.ErrorIs(t, err, wushe.ErrInvalid)
		msg := err.Error()
		require.True(t, utf8.ValidString(msg))
		require.True(t, strings.HasPrefix(msg, "Light: Colour: "))
		require.Contains(t, msg, "want one of red, amber, green")
		require.Less(t, len(msg), 32*len(`\U0010ffff`)+100, "at most 32 runes of input, each escaped at worst as \\U0010ffff")
	})
}

func ExampleEnum() {
	type theme string
	themes := wushe.NewEnum[theme]("theme", "anti_fraud", "elderly_care")
	fmt.Println(themes.Has("anti_fraud"))
	fmt.Println(themes.Check("Opportunity", "Theme", "x"))
	// Output:
	// true
	// Opportunity: Theme: "x" is not a theme; want one of anti_fraud, elderly_care: invalid
}
