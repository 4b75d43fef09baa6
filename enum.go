package wushe

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Enum is the closed set of values of a string enum type, with the noun that names one value
// in messages. A package declares it once beside the constants and uses it for Valid and for
// the field check in Validate:
//
//	var themes = wushe.NewEnum("theme", ThemeAntiFraud, ThemeElderlyCare)
//
//	func (t Theme) Valid() bool { return themes.Has(t) }
//
//	p.Add(themes.Check("Opportunity", "Theme", o.Theme))
//
// An unknown value is then reported with the values that would do:
//
//	Opportunity: Theme: "x" is not a theme; want one of anti_fraud, elderly_care: invalid
//
// and an empty one as required. The values keep their declared order. An Enum is immutable
// and safe for concurrent use.
type Enum[T ~string] struct {
	noun   string
	values []T
}

// NewEnum returns the enum of values, named by noun ("theme", "need status") in messages.
// It panics on an empty noun, no values, an empty value or a duplicate: those are
// programming errors in a package's declarations, caught when the package loads.
func NewEnum[T ~string](noun string, values ...T) Enum[T] {
	if noun == "" || len(values) == 0 {
		panic("wushe.NewEnum: a noun and at least one value are required")
	}
	for i, v := range values {
		if v == "" || slices.Contains(values[:i], v) {
			panic(fmt.Sprintf("wushe.NewEnum(%q): value %q is empty or repeated", noun, v))
		}
	}
	return Enum[T]{noun: noun, values: slices.Clone(values)}
}

// Has reports whether v is one of the enum's values.
func (e Enum[T]) Has(v T) bool { return slices.Contains(e.values, v) }

// Values returns the enum's values in their declared order (a copy).
func (e Enum[T]) Values() []T { return slices.Clone(e.values) }

// Noun is the word that names one value in messages.
func (e Enum[T]) Noun() string { return e.noun }

// Check returns nil when v is one of the values, and otherwise a KindInvalid error naming
// entity and field whose message lists the valid values: `"x" is not a theme; want one of
// a, b`, or `is required; want one of a, b` when v is empty. The offending value is
// echoed quoted and cut to 32 characters, so that a long or binary input cannot flood a
// log. Use it with Problems.Add in a Validate, or on its own for an argument.
func (e Enum[T]) Check(entity, field string, v T) error {
	if msg := e.Problem(v); msg != "" {
		return Invalid(entity, field, "%s", msg)
	}
	return nil
}

// Problem is the message Check would report for v, without entity or field, and "" when
// v is one of the values: for a rule that words its own error around it
// ("node care.visits: "+Problem(v)).
func (e Enum[T]) Problem(v T) string {
	if e.Has(v) {
		return ""
	}
	want := e.list()
	if v == "" {
		return "is required; want one of " + want
	}
	return fmt.Sprintf("%s is not %s %s; want one of %s", quoteCut(string(v), 32), article(e.noun), e.noun, want)
}

func (e Enum[T]) list() string {
	var b strings.Builder
	for i, v := range e.values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(v))
	}
	return b.String()
}

// article is "an" before a vowel letter and "a" otherwise: good enough for the nouns
// wushe's enums use.
func article(noun string) string {
	if strings.ContainsRune("aeiouAEIOU", rune(noun[0])) {
		return "an"
	}
	return "a"
}

// quoteCut quotes s with %q after cutting it to at most n runes (an ellipsis marks the cut).
func quoteCut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return fmt.Sprintf("%q", s)
	}
	i, count := 0, 0
	for i = range s {
		if count == n {
			break
		}
		count++
	}
	return fmt.Sprintf("%q…", s[:i])
}
