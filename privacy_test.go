package wushe_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

// The two sample numbers printed in GB 11643-1999.
const (
	sampleID1 = "11010519491231002X"
	sampleID2 = "440524188001010014"
)

var caseworker = wushe.Entitlement{Actor: "worker-1", Purpose: "home visit",
	Classes: []wushe.Class{wushe.ClassIDNumber, wushe.ClassPhone, wushe.ClassName, wushe.ClassHealth}}

func TestParseIDNumber(t *testing.T) {
	for _, s := range []string{sampleID1, sampleID2, strings.ToLower(sampleID1)} {
		n, err := wushe.ParseIDNumber(s)
		require.NoError(t, err, s)
		raw, err := n.Reveal(caseworker)
		require.NoError(t, err)
		assert.Equal(t, strings.ToUpper(s), raw)
	}
	n, _ := wushe.ParseIDNumber(sampleID1)
	assert.Equal(t, time.Date(1949, 12, 31, 0, 0, 0, 0, time.UTC), n.BirthDate())
	assert.False(t, n.Male()) // sequence 002: even
	m, _ := wushe.ParseIDNumber(sampleID2)
	assert.True(t, m.Male()) // sequence 001: odd
	assert.Equal(t, "110***********002X", n.Masked())
	assert.NotContains(t, n.Masked(), "19491231")

	bad := map[string]string{
		"":                   "has 0 characters",
		"1101051949123100":   "has 16 characters",
		"11010519491231002Y": "check character",
		"110105194912310021": "check character",
		"1101051949A231002X": "character 11",
		"11010519491331002X": "birth date",
		"01010519491231002X": "administrative division code",
		"１１０１０５１９４９":         "want 18",
	}
	for s, want := range bad {
		_, err := wushe.ParseIDNumber(s)
		require.Error(t, err, s)
		require.ErrorIs(t, err, wushe.ErrInvalid)
		assert.Contains(t, err.Error(), want, s)
		fes := wushe.FieldErrors(err)
		require.Len(t, fes, 1)
		assert.Equal(t, "IDNumber", fes[0].Field)
	}
	var zero wushe.IDNumber
	assert.True(t, zero.IsZero())
	assert.True(t, zero.BirthDate().IsZero())
	assert.False(t, zero.Male())
	assert.Equal(t, "", zero.Masked())
}

func TestParsePhone(t *testing.T) {
	for in, want := range map[string]string{
		"13812341234":       "13812341234",
		"+86 138 1234 1234": "13812341234",
		"86-199-0000-0000":  "19900000000",
	} {
		p, err := wushe.ParsePhone(in)
		require.NoError(t, err, in)
		raw, err := p.Reveal(caseworker)
		require.NoError(t, err)
		assert.Equal(t, want, raw)
	}
	p, _ := wushe.ParsePhone("13812341234")
	assert.Equal(t, "138****1234", p.Masked())
	for _, s := range []string{"", "1381234123", "12812341234", "23812341234", "1381234123a", "+44 20 7946 0958"} {
		_, err := wushe.ParsePhone(s)
		require.ErrorIs(t, err, wushe.ErrInvalid, s)
	}
}

func TestParsePersonName(t *testing.T) {
	cases := map[string]string{
		"张三":       "张*",
		"李小明":      "李**",
		"欧阳娜娜":     "欧阳**",
		"欧阳":       "欧*",
		"诸葛亮":      "诸葛*",
		"王":        "*",
		"Jane Doe": "J*******",
	}
	for in, want := range cases {
		n, err := wushe.ParsePersonName(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, n.Masked(), in)
		assert.Equal(t, want, n.String())
	}
	for _, s := range []string{"", " 张三", "张三 ", "张*", "a\nb", strings.Repeat("名", 65), "\xff"} {
		_, err := wushe.ParsePersonName(s)
		require.ErrorIs(t, err, wushe.ErrInvalid, "%q", s)
	}
}

type person struct {
	Name   wushe.PersonName `json:"name"`
	ID     wushe.IDNumber   `json:"id_number"`
	Phone  wushe.Phone      `json:"phone"`
	Health wushe.Sensitive  `json:"health"`
	Note   *wushe.Sensitive `json:"note,omitempty"`
}

func samplePerson(t *testing.T) person {
	t.Helper()
	n, err := wushe.ParsePersonName("李小明")
	require.NoError(t, err)
	id, err := wushe.ParseIDNumber(sampleID1)
	require.NoError(t, err)
	ph, err := wushe.ParsePhone("13812341234")
	require.NoError(t, err)
	note := wushe.NewSensitive(wushe.ClassCaseNote, "lives alone since March")
	return person{Name: n, ID: id, Phone: ph, Health: wushe.NewSensitive(wushe.ClassHealth, "diabetes"), Note: &note}
}

// The raw values must not appear in any fmt verb or in JSON.
func TestSensitiveValuesNeverPrintRaw(t *testing.T) {
	p := samplePerson(t)
	raws := []string{"李小明", "小明", sampleID1, "19491231", "13812341234", "diabetes", "lives alone"}
	js, err := json.Marshal(p)
	require.NoError(t, err)
	outputs := []string{string(js)}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		outputs = append(outputs, fmt.Sprintf(verb, p), fmt.Sprintf(verb, &p), fmt.Sprintf(verb, p.ID),
			fmt.Sprintf(verb, p.Phone), fmt.Sprintf(verb, p.Name), fmt.Sprintf(verb, p.Health))
	}
	outputs = append(outputs, p.ID.String(), p.Phone.String(), p.Name.String(), p.Health.String(), fmt.Sprint(p.Note))
	for _, out := range outputs {
		for _, raw := range raws {
			assert.NotContains(t, out, raw)
		}
	}
	assert.JSONEq(t, `{"name":"李**","id_number":"110***********002X","phone":"138****1234","health":"***","note":"***"}`, string(js))
	assert.Equal(t, `"138****1234"`, fmt.Sprintf("%q", p.Phone))
}

func TestRevealNeedsAnEntitlement(t *testing.T) {
	p := samplePerson(t)
	_, err := p.Health.Reveal(wushe.Entitlement{})
	require.ErrorIs(t, err, wushe.ErrForbidden)
	assert.Contains(t, err.Error(), "anonymous caller")
	_, err = p.Note.Reveal(caseworker) // case notes not listed
	require.ErrorIs(t, err, wushe.ErrForbidden)
	assert.Contains(t, err.Error(), "worker-1")
	_, err = p.Phone.Reveal(wushe.Entitlement{Actor: "x", Classes: []wushe.Class{wushe.ClassPhone}}) // no purpose
	require.ErrorIs(t, err, wushe.ErrForbidden)
	h, err := p.Health.Reveal(caseworker)
	require.NoError(t, err)
	assert.Equal(t, "diabetes", h)
	all := wushe.StorageEntitlement()
	for _, c := range []wushe.Class{wushe.ClassCaseNote, wushe.ClassMinor, wushe.ClassOther} {
		assert.True(t, all.Allows(c))
	}
	note, err := p.Note.Reveal(all)
	require.NoError(t, err)
	assert.Equal(t, "lives alone since March", note)
	name, err := p.Name.Reveal(all)
	require.NoError(t, err)
	assert.Equal(t, "李小明", name)
	assert.Equal(t, wushe.ClassCaseNote, p.Note.Class())
	assert.False(t, p.Note.IsZero())
	assert.True(t, wushe.Sensitive{}.IsZero())
	assert.Equal(t, "", wushe.Sensitive{}.Masked())
}

func TestSensitiveJSONInput(t *testing.T) {
	var in person
	err := json.Unmarshal([]byte(`{"name":"张三","id_number":"440524188001010014","phone":"+8613812341234","health":{"class":"health","value":"asthma"}}`), &in)
	require.NoError(t, err)
	all := wushe.StorageEntitlement()
	got, _ := in.Phone.Reveal(all)
	assert.Equal(t, "13812341234", got)
	got, _ = in.Health.Reveal(all)
	assert.Equal(t, "asthma", got)
	assert.Equal(t, wushe.ClassHealth, in.Health.Class())
	// null and absent values decode to zero
	var empty person
	require.NoError(t, json.Unmarshal([]byte(`{"name":null,"id_number":null,"phone":null,"health":null}`), &empty))
	assert.True(t, empty.Name.IsZero() && empty.ID.IsZero() && empty.Phone.IsZero() && empty.Health.IsZero())
	js, err := json.Marshal(empty)
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":null,"id_number":null,"phone":null,"health":null}`, string(js))

	// Masked output fed back in is rejected, never taken for the real value.
	out, _ := json.Marshal(samplePerson(t))
	var back person
	err = json.Unmarshal(out, &back)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.Contains(t, err.Error(), "masked")
	for _, bad := range []string{`{"phone":"123"}`, `{"id_number":"110105194912310021"}`, `{"name":" x"}`, `{"health":5}`, `{"phone":5}`} {
		require.Error(t, json.Unmarshal([]byte(bad), &back), bad)
	}
}

func TestAgeOn(t *testing.T) {
	birth := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, 13, wushe.AgeOn(birth, time.Date(2026, 2, 28, 23, 0, 0, 0, time.UTC)))
	assert.Equal(t, 14, wushe.AgeOn(birth, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)))
	assert.True(t, wushe.IsChild(birth, time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)))
	assert.False(t, wushe.IsChild(birth, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)))
	assert.Equal(t, 0, wushe.AgeOn(birth, birth))
}

func FuzzParseIDNumber(f *testing.F) {
	for _, s := range []string{sampleID1, sampleID2, "", "x", "11010519491331002X", "110105194912310021"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := wushe.ParseIDNumber(s)
		if err != nil {
			require.ErrorIs(t, err, wushe.ErrInvalid)
			require.True(t, n.IsZero())
			return
		}
		raw, err := n.Reveal(wushe.StorageEntitlement())
		require.NoError(t, err)
		require.Equal(t, strings.ToUpper(s), raw)
		require.Len(t, n.Masked(), 18)
		require.NotContains(t, n.Masked(), raw[6:14])
		again, err := wushe.ParseIDNumber(raw)
		require.NoError(t, err)
		require.Equal(t, n, again)
	})
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"13812341234", "+86 138 1234 1234", "", "123"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := wushe.ParsePhone(s)
		if err != nil {
			require.ErrorIs(t, err, wushe.ErrInvalid)
			return
		}
		raw, _ := p.Reveal(wushe.StorageEntitlement())
		require.Len(t, raw, 11)
		require.Equal(t, raw[:3]+"****"+raw[7:], p.Masked())
		again, err := wushe.ParsePhone(raw)
		require.NoError(t, err)
		require.Equal(t, p, again)
	})
}

func FuzzParsePersonName(f *testing.F) {
	for _, s := range []string{"张三", "欧阳娜娜", "", " a", "Jane Doe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := wushe.ParsePersonName(s)
		if err != nil {
			require.ErrorIs(t, err, wushe.ErrInvalid)
			return
		}
		m := n.Masked()
		require.Equal(t, len([]rune(s)), len([]rune(m)))
		require.Contains(t, m, "*")
		js, err := json.Marshal(n)
		require.NoError(t, err)
		want, _ := json.Marshal(m)
		require.Equal(t, string(want), string(js))
	})
}

func FuzzSensitiveUnmarshal(f *testing.F) {
	for _, s := range []string{`"x"`, `null`, `"***"`, `5`, `"a*b"`, `{"class":"health","value":"x"}`, `{"class":"other","value":"x"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := wushe.NewSensitive(wushe.ClassHealth, "")
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			return
		}
		require.Equal(t, wushe.ClassHealth, v.Class())
		raw, _ := v.Reveal(wushe.StorageEntitlement())
		require.NotEqual(t, "***", raw)
	})
}

// TestSensitiveJSONKeepsClass: a decoded value keeps the class its JSON or its receiver
// names, and one whose class is unknown is refused, never taken as ClassOther (an
// entitlement for ClassOther must not reveal health data).
func TestSensitiveJSONKeepsClass(t *testing.T) {
	other := wushe.Entitlement{Actor: "clerk", Purpose: "filing", Classes: []wushe.Class{wushe.ClassOther}}

	var v wushe.Sensitive
	require.NoError(t, json.Unmarshal([]byte(`{"class":"health","value":"diabetes"}`), &v))
	assert.Equal(t, wushe.ClassHealth, v.Class())
	_, err := v.Reveal(other)
	require.ErrorIs(t, err, wushe.ErrForbidden)

	// A plain string needs a receiver that knows its class.
	var unknown wushe.Sensitive
	err = json.Unmarshal([]byte(`"diabetes"`), &unknown)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	assert.True(t, unknown.IsZero())
	assert.Equal(t, wushe.Class(""), unknown.Class())
	known := wushe.NewSensitive(wushe.ClassDisability, "")
	require.NoError(t, json.Unmarshal([]byte(`"wheelchair user"`), &known))
	assert.Equal(t, wushe.ClassDisability, known.Class())

	// The JSON's class must agree with the receiver's.
	err = json.Unmarshal([]byte(`{"class":"other","value":"x"}`), &known)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	got, _ := known.Reveal(wushe.StorageEntitlement())
	assert.Equal(t, "wheelchair user", got, "a refused value leaves the receiver as it was")

	// null empties the value and keeps the class.
	require.NoError(t, json.Unmarshal([]byte(`null`), &known))
	assert.True(t, known.IsZero())
	assert.Equal(t, wushe.ClassDisability, known.Class())

	for _, bad := range []string{`{"value":"x"}`, `{"class":"","value":"x"}`, `{"class":"*","value":"x"}`,
		`{"class":"health"}`, `{"class":"health","value":null}`, `{"class":"health","value":"x","extra":1}`,
		`{"class":"health","value":"***"}`, `"***"`, `[]`, `{"class":5,"value":"x"}`} {
		var s wushe.Sensitive
		require.ErrorIs(t, json.Unmarshal([]byte(bad), &s), wushe.ErrInvalid, bad)
	}
}

// TestSensitiveClearValueWithStar: a clear value containing '*' is taken as the clear
// value; only the mask itself ("***") is refused.
func TestSensitiveClearValueWithStar(t *testing.T) {
	for _, clear := range []string{"rated 5*", "*", "**", "a*b", "****", "*** ", "note: ***"} {
		v := wushe.NewSensitive(wushe.ClassCaseNote, "")
		js, _ := json.Marshal(clear)
		require.NoError(t, json.Unmarshal(js, &v), clear)
		got, _ := v.Reveal(wushe.StorageEntitlement())
		assert.Equal(t, clear, got)
		var w wushe.Sensitive
		require.NoError(t, json.Unmarshal([]byte(`{"class":"case_note","value":`+string(js)+`}`), &w), clear)
		got, _ = w.Reveal(wushe.StorageEntitlement())
		assert.Equal(t, clear, got)
	}
	// Masked output of a Sensitive is exactly "***": refused.
	masked, _ := json.Marshal(wushe.NewSensitive(wushe.ClassHealth, "diabetes"))
	v := wushe.NewSensitive(wushe.ClassHealth, "")
	require.ErrorIs(t, json.Unmarshal(masked, &v), wushe.ErrInvalid)
}

func TestCompleteIDNumber(t *testing.T) {
	for _, s := range []string{sampleID1, sampleID2} {
		n, err := wushe.CompleteIDNumber(s[:17])
		require.NoError(t, err)
		raw, _ := n.Reveal(wushe.StorageEntitlement())
		assert.Equal(t, s, raw)
	}
	for _, bad := range []string{"", "1101051949123100", "11010519491231002X", "1101051949123100a", "11010519491331002"} {
		_, err := wushe.CompleteIDNumber(bad)
		require.ErrorIs(t, err, wushe.ErrInvalid, bad)
	}
}

func FuzzCompleteIDNumber(f *testing.F) {
	f.Add("11010519491231002")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := wushe.CompleteIDNumber(s)
		if err != nil {
			require.ErrorIs(t, err, wushe.ErrInvalid)
			return
		}
		raw, _ := n.Reveal(wushe.StorageEntitlement())
		require.Equal(t, s, raw[:17])
		_, err = wushe.ParseIDNumber(raw)
		require.NoError(t, err)
	})
}
