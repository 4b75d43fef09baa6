package evaluation

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

var (
	t0     = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	year26 = wushe.Window{Start: t0, End: t0.AddDate(1, 0, 0)}
	year25 = wushe.Window{Start: t0.AddDate(-1, 0, 0), End: t0}
	org    = Scope{Kind: ScopeOrganization, ID: "org-1"}
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func obs(code, value string, recorded time.Time) Observation {
	return Observation{Indicator: code, Value: dec(value), Period: year26, Scope: org, Source: "test", RecordedAt: recorded}
}

func set(t testing.TB, o ...Observation) ObservationSet {
	t.Helper()
	s, err := NewObservationSet(o...)
	require.NoError(t, err)
	return s
}

// requireDec compares decimals by value.
func requireDec(t testing.TB, want string, got decimal.Decimal, msg ...any) {
	t.Helper()
	require.True(t, dec(want).Equal(got), "want %s, got %s %v", want, got, msg)
}

// requireField asserts err is KindInvalid and names field among its field errors.
func requireField(t testing.TB, err error, field string) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	var fields []string
	for _, fe := range wushe.FieldErrors(err) {
		if fe.Field == field {
			return
		}
		fields = append(fields, fe.Field)
	}
	t.Fatalf("no error for field %q; fields: %v; err: %v", field, fields, err)
}

type decimalT = decimal.Decimal

func decimalFromInt(i int) decimal.Decimal { return decimal.NewFromInt(int64(i)) }
