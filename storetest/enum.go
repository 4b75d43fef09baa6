package storetest

import (
	"errors"
	"strings"
	"testing"

	"github.com/wushe/wushe"
)

// RequireEnum fails t unless a package's enum and its type's Valid agree: every value of e
// is valid, and the empty string and a value outside e are not. A package runs it over
// every enum it declares, so that Valid, the messages and the constants cannot drift apart.
func RequireEnum[T ~string](t testing.TB, e wushe.Enum[T], valid func(T) bool) {
	t.Helper()
	if e.Noun() == "" || len(e.Values()) == 0 {
		t.Fatalf("enum has no noun or no values")
	}
	for _, v := range e.Values() {
		if !valid(v) {
			t.Errorf("%s %q is in the enum but Valid refuses it", e.Noun(), v)
		}
	}
	for _, v := range []T{"", "not_a_value"} {
		if valid(v) {
			t.Errorf("%s: Valid accepts %q, which is not in the enum", e.Noun(), v)
		}
	}
	RequireListsValues(t, e.Check("Entity", "Field", "not_a_value"), e)
}

// RequireListsValues fails t unless err is invalid and its text lists every value of e in
// declared order after "want one of": the error an entity's Validate or an operation gives
// for a value outside e, which tells the caller what would do.
func RequireListsValues[T ~string](t testing.TB, err error, e wushe.Enum[T]) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error listing the %ss, got none", e.Noun())
	}
	if !errors.Is(err, wushe.ErrInvalid) {
		t.Errorf("want an invalid error, got %v", err)
	}
	var want strings.Builder
	for i, v := range e.Values() {
		if i > 0 {
			want.WriteString(", ")
		}
		want.WriteString(string(v))
	}
	if !strings.Contains(err.Error(), "want one of "+want.String()) {
		t.Errorf("error does not list the %ss (want one of %s): %v", e.Noun(), want.String(), err)
	}
}
