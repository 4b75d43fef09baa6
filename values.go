package wushe

import (
	"math/big"
	"reflect"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// The bounds on every decimal wushe accepts (amounts, quantities, rates, weights, scores).
// A decimal is within them when its magnitude is below 10^MaxDecimalIntegerDigits and it
// is written with at most MaxDecimalPlaces digits after the point (its exponent is at
// least -MaxDecimalPlaces; trailing zeros count). CheckDecimal enforces them in time
// proportional to the value's size, before any arithmetic: an exponent of -2e9 or a
// value of 10^10000000 is refused at once instead of costing minutes and gigabytes.
//
// 20 integer digits hold every int64 and any sum of money or goods a community handles;
// 32 places hold any rate or share the library computes (division keeps 16).
const (
	MaxDecimalIntegerDigits = 20
	MaxDecimalPlaces        = 32
)

// The years a time may fall in. A time outside them has no RFC 3339 form, so JSON and
// SQL stores cannot keep it; every Validate refuses it (CheckValues).
const (
	MinYear = 1
	MaxYear = 9999
)

// decimalLimits[e] is 10^(MaxDecimalIntegerDigits-e) for the exponents e that CheckDecimal
// lets through to the magnitude test, indexed from e = -MaxDecimalPlaces.
var decimalLimits = func() []*big.Int {
	out := make([]*big.Int, MaxDecimalIntegerDigits+MaxDecimalPlaces+1)
	for i := range out {
		e := i - MaxDecimalPlaces
		out[i] = new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(MaxDecimalIntegerDigits-e)), nil)
	}
	return out
}()

// DecimalInBounds reports whether d is within the bounds (MaxDecimalIntegerDigits,
// MaxDecimalPlaces), without arithmetic on d.
func DecimalInBounds(d decimal.Decimal) bool {
	e := int64(d.Exponent())
	if e < -MaxDecimalPlaces || e > MaxDecimalIntegerDigits {
		return false
	}
	c := d.Coefficient()
	// |c| × 10^e < 10^MaxDecimalIntegerDigits, that is |c| < 10^(MaxDecimalIntegerDigits-e).
	return c.CmpAbs(decimalLimits[e+MaxDecimalPlaces]) < 0
}

// CheckDecimal returns a KindInvalid error for field of entity when d is out of the bounds
// (see MaxDecimalIntegerDigits), and nil otherwise. Services call it on every decimal
// argument before computing with it; CheckValues calls it on every decimal field.
func CheckDecimal(entity, field string, d decimal.Decimal) error {
	if DecimalInBounds(d) {
		return nil
	}
	return Invalid(entity, field, "must be below 10^%d in magnitude with at most %d decimal places",
		MaxDecimalIntegerDigits, MaxDecimalPlaces)
}

// CheckValues records, on p, a problem for every value anywhere in v (fields, nested
// structs, pointers, slices, arrays, maps, the text inside personal-data types) that no
// backend could store faithfully or compute with safely:
//   - text that is not valid UTF-8 ("is not valid UTF-8");
//   - a non-zero time.Time whose year is outside MinYear to MaxYear;
//   - a decimal.Decimal outside the bounds of CheckDecimal.
//
// Unexported fields are walked for text only (a personal-data type's value); their
// problems are named by the field that holds them. Fields are named by their path ("Shifts[2].Title", "Tags[k]"). It reports whether every
// decimal was within bounds: when it was not, a Validate returns p.Err() at once, before
// any rule that computes with the decimals. Every entity's Validate calls it first, so
// that memstore and the SQL stores never keep different values for the same input. The
// messages never repeat the value: it may be personal data.
func (p *Problems) CheckValues(v any) (decimalsInBounds bool) {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	w := walker(rv.Type())
	if w == nil {
		return true
	}
	ok := true
	w(p, "", rv, &ok)
	return ok
}

// A valueWalker checks v (of the type it was built for) and records problems under path.
type valueWalker func(p *Problems, path string, v reflect.Value, decimalsOK *bool)

var (
	walkers        sync.Map // reflect.Type → valueWalker (nil: nothing to check)
	timeType       = reflect.TypeFor[time.Time]()
	decimalType    = reflect.TypeFor[decimal.Decimal]()
	walkerBuilding sync.Mutex
)

// walker returns the cached walker for t, building it on first use; nil means values of t
// hold nothing to check.
func walker(t reflect.Type) valueWalker {
	if w, ok := walkers.Load(t); ok {
		return w.(valueWalker)
	}
	walkerBuilding.Lock()
	defer walkerBuilding.Unlock()
	return build(t, map[reflect.Type]*valueWalker{})
}

// build makes t's walker; pending breaks cycles in recursive types.
func build(t reflect.Type, pending map[reflect.Type]*valueWalker) valueWalker {
	if w, ok := walkers.Load(t); ok {
		return w.(valueWalker)
	}
	if slot, ok := pending[t]; ok {
		return func(p *Problems, path string, v reflect.Value, ok *bool) {
			if *slot != nil {
				(*slot)(p, path, v, ok)
			}
		}
	}
	slot := new(valueWalker)
	pending[t] = slot
	w := buildWalker(t, pending)
	*slot = w
	walkers.Store(t, w)
	return w
}

func buildWalker(t reflect.Type, pending map[reflect.Type]*valueWalker) valueWalker {
	switch {
	case t == timeType:
		return func(p *Problems, path string, v reflect.Value, _ *bool) {
			if !v.CanInterface() {
				return
			}
			tm := v.Interface().(time.Time)
			if y := tm.Year(); !tm.IsZero() && (y < MinYear || y > MaxYear) {
				p.Addf(path, "has a year outside %d to %d", MinYear, MaxYear)
			}
		}
	case t == decimalType:
		return func(p *Problems, path string, v reflect.Value, ok *bool) {
			if !v.CanInterface() {
				return
			}
			if d := v.Interface().(decimal.Decimal); !DecimalInBounds(d) {
				*ok = false
				p.Add(CheckDecimal(p.entity, path, d))
			}
		}
	}
	switch t.Kind() {
	case reflect.String:
		return func(p *Problems, path string, v reflect.Value, _ *bool) {
			if !utf8.ValidString(v.String()) {
				p.Addf(path, "is not valid UTF-8")
			}
		}
	case reflect.Pointer:
		elem := build(t.Elem(), pending)
		if elem == nil {
			return nil
		}
		return func(p *Problems, path string, v reflect.Value, ok *bool) {
			if !v.IsNil() {
				elem(p, path, v.Elem(), ok)
			}
		}
	case reflect.Interface:
		return func(p *Problems, path string, v reflect.Value, ok *bool) {
			if v.IsNil() {
				return
			}
			e := v.Elem()
			if w := walker(e.Type()); w != nil {
				w(p, path, e, ok)
			}
		}
	case reflect.Slice, reflect.Array:
		elem := build(t.Elem(), pending)
		if elem == nil {
			return nil
		}
		return func(p *Problems, path string, v reflect.Value, ok *bool) {
			for i := range v.Len() {
				elem(p, Index(path, i), v.Index(i), ok)
			}
		}
	case reflect.Map:
		key, elem := build(t.Key(), pending), build(t.Elem(), pending)
		if key == nil && elem == nil {
			return nil
		}
		return func(p *Problems, path string, v reflect.Value, ok *bool) {
			it := v.MapRange()
			for it.Next() {
				k := it.Key()
				at := path + "[" + mapKey(k) + "]"
				if key != nil {
					key(p, at, k, ok)
				}
				if elem != nil {
					elem(p, at, it.Value(), ok)
				}
			}
		}
	case reflect.Struct:
		type field struct {
			index int
			name  string // "" for an unexported field: its problems belong to the parent
			walk  valueWalker
		}
		var fields []field
		for i := range t.NumField() {
			f := t.Field(i)
			w := build(f.Type, pending)
			if w == nil {
				continue
			}
			name := f.Name
			if !f.IsExported() || f.Anonymous {
				name = ""
			}
			fields = append(fields, field{index: i, name: name, walk: w})
		}
		if len(fields) == 0 {
			return nil
		}
		return func(p *Problems, path string, v reflect.Value, ok *bool) {
			for _, f := range fields {
				f.walk(p, joinField(path, f.name), v.Field(f.index), ok)
			}
		}
	}
	return nil
}

// mapKey names a map key in a field path without repeating text that may be personal:
// a key of a kind that needs no check (a UUID, a number) is printed, a string key is not.
func mapKey(k reflect.Value) string {
	switch k.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(k.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(k.Uint(), 10)
	case reflect.String:
		return "key"
	}
	if s, ok := k.Interface().(interface{ String() string }); ok && k.Kind() == reflect.Array {
		return s.String()
	}
	return "key"
}
