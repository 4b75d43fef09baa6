// Package storecodec is the stored form of wushe's entities, for Store implementations
// that keep an entity as one document: the SQL adapter, a file store, a document database.
//
// The kernel's personal-data types (wushe.IDNumber, wushe.Phone, wushe.PersonName,
// wushe.Sensitive) encode MASKED in their own JSON, on purpose: a value printed or sent to
// a browser never shows the clear text. A store must not persist that mask. Marshal
// therefore walks the value by reflection instead of calling json.Marshal on it: a struct
// becomes an object of its Go field names, and every piece of personal data becomes a
// record holding the clear value, revealed with wushe.StorageEntitlement, and its class.
// Unmarshal rebuilds each one with the kernel's Parse functions or wushe.NewSensitive.
//
// Walking the fields also keeps what an entity's own JSON leaves out (`json:"-"`, a
// MarshalJSON that writes a display form), keeps nil and empty slices apart, stores a
// decimal.Decimal as coefficient and exponent so that 12.50 comes back as 12.50, and
// stores times in UTC (the same instant comes back, in time.UTC). Maps are stored as
// lists of key-value pairs, so any comparable key type works.
//
// What comes back equals what went in for every wushe entity, except that times come back
// in UTC: the property the conformance suites check through the Stores.
package storecodec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"time"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// secretRecord is the stored form of one piece of personal data.
type secretRecord struct {
	Class wushe.Class `json:"class,omitempty"`
	Clear string      `json:"clear"`
}

// decimalRecord is the stored form of a decimal.Decimal: coefficient and exponent, so
// that 12.50 comes back as 12.50 and not 12.5.
type decimalRecord struct {
	Coefficient string `json:"coefficient"`
	Exponent    int32  `json:"exponent"`
}

var (
	typeIDNumber   = reflect.TypeFor[wushe.IDNumber]()
	typePhone      = reflect.TypeFor[wushe.Phone]()
	typePersonName = reflect.TypeFor[wushe.PersonName]()
	typeSensitive  = reflect.TypeFor[wushe.Sensitive]()
	typeTime       = reflect.TypeFor[time.Time]()
	typeDecimal    = reflect.TypeFor[decimal.Decimal]()
	jsonNull       = json.RawMessage("null")
)

// Marshal returns the stored form of v: JSON in which every struct is an object of its Go
// field names, personal data is clear with its class, decimals keep their scale and times
// are UTC. It fails on a struct with an unexported field, which it could not restore.
func Marshal(v any) ([]byte, error) {
	raw, err := encodeValue(reflect.ValueOf(v))
	if err != nil {
		return nil, err
	}
	return raw, nil
}

// Unmarshal fills *out, which must be a non-nil pointer, from the stored form Marshal
// wrote. Personal data is rebuilt with the kernel's Parse functions, so a value that no
// longer parses (or a masked one) is an error, never taken for the real value. A field
// missing from data keeps its zero value.
func Unmarshal(data []byte, out any) error {
	p := reflect.ValueOf(out)
	if p.Kind() != reflect.Pointer || p.IsNil() {
		return fmt.Errorf("storecodec: Unmarshal needs a non-nil pointer, got %T", out)
	}
	return decodeValue(json.RawMessage(data), p.Elem())
}

func encodeValue(v reflect.Value) (json.RawMessage, error) {
	switch v.Type() {
	case typeIDNumber:
		return encodeSecret(v.Interface().(wushe.IDNumber).Reveal(wushe.StorageEntitlement()))
	case typePhone:
		return encodeSecret(v.Interface().(wushe.Phone).Reveal(wushe.StorageEntitlement()))
	case typePersonName:
		return encodeSecret(v.Interface().(wushe.PersonName).Reveal(wushe.StorageEntitlement()))
	case typeSensitive:
		s := v.Interface().(wushe.Sensitive)
		clear, err := s.Reveal(wushe.StorageEntitlement())
		if err != nil {
			return nil, err
		}
		return json.Marshal(secretRecord{Class: s.Class(), Clear: clear})
	case typeDecimal:
		// Decimal's own JSON drops trailing zeros; keep the scale the caller gave. The zero
		// Decimal (no coefficient at all) is stored as null so that it comes back as it was.
		if v.IsZero() {
			return jsonNull, nil
		}
		d := v.Interface().(decimal.Decimal)
		return json.Marshal(decimalRecord{Coefficient: d.Coefficient().String(), Exponent: d.Exponent()})
	case typeTime:
		return json.Marshal(v.Interface().(time.Time).UTC())
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return jsonNull, nil
		}
		return encodeValue(v.Elem())
	case reflect.Struct:
		t := v.Type()
		fields := make(map[string]json.RawMessage, t.NumField())
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				return nil, fmt.Errorf("type %s has an unexported field %s that the codec cannot persist", t, f.Name)
			}
			raw, err := encodeValue(v.Field(i))
			if err != nil {
				return nil, err
			}
			fields[f.Name] = raw
		}
		return json.Marshal(fields)
	case reflect.Slice:
		if v.IsNil() {
			return jsonNull, nil
		}
		return encodeList(v)
	case reflect.Map:
		if v.IsNil() {
			return jsonNull, nil
		}
		pairs := make([][2]json.RawMessage, 0, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			k, err := encodeValue(iter.Key())
			if err != nil {
				return nil, err
			}
			e, err := encodeValue(iter.Value())
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, [2]json.RawMessage{k, e})
		}
		return json.Marshal(pairs)
	default:
		// Strings, numbers, booleans, arrays such as uuid.UUID and named scalar types:
		// their JSON form is exact.
		return json.Marshal(v.Interface())
	}
}

func encodeList(v reflect.Value) (json.RawMessage, error) {
	items := make([]json.RawMessage, v.Len())
	for i := range v.Len() {
		raw, err := encodeValue(v.Index(i))
		if err != nil {
			return nil, err
		}
		items[i] = raw
	}
	return json.Marshal(items)
}

func encodeSecret(clear string, err error) (json.RawMessage, error) {
	if err != nil {
		return nil, err
	}
	return json.Marshal(secretRecord{Clear: clear})
}

// decodeValue sets v, which must be settable, from raw.
func decodeValue(raw json.RawMessage, v reflect.Value) error {
	if bytes.Equal(bytes.TrimSpace(raw), jsonNull) {
		v.SetZero()
		return nil
	}
	switch v.Type() {
	case typeIDNumber, typePhone, typePersonName, typeSensitive:
		var rec secretRecord
		if err := json.Unmarshal(raw, &rec); err != nil {
			return err
		}
		secret, err := rebuildSecret(v.Type(), rec)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(secret))
		return nil
	case typeDecimal:
		var rec decimalRecord
		if err := json.Unmarshal(raw, &rec); err != nil {
			return err
		}
		c, ok := new(big.Int).SetString(rec.Coefficient, 10)
		if !ok {
			return fmt.Errorf("decimal coefficient %q is not an integer", rec.Coefficient)
		}
		v.Set(reflect.ValueOf(decimal.NewFromBigInt(c, rec.Exponent)))
		return nil
	case typeTime:
		return json.Unmarshal(raw, v.Addr().Interface())
	}
	switch v.Kind() {
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		if err := decodeValue(raw, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case reflect.Struct:
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return err
		}
		t := v.Type()
		for i := range t.NumField() {
			f, ok := fields[t.Field(i).Name]
			if !ok {
				continue // a field added since the record was written keeps its zero value
			}
			if err := decodeValue(f, v.Field(i)); err != nil {
				return fmt.Errorf("%s.%s: %w", t.Name(), t.Field(i).Name, err)
			}
		}
		return nil
	case reflect.Slice:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return err
		}
		s := reflect.MakeSlice(v.Type(), len(items), len(items))
		for i, item := range items {
			if err := decodeValue(item, s.Index(i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.Map:
		var pairs [][2]json.RawMessage
		if err := json.Unmarshal(raw, &pairs); err != nil {
			return err
		}
		m := reflect.MakeMapWithSize(v.Type(), len(pairs))
		for _, pair := range pairs {
			k := reflect.New(v.Type().Key()).Elem()
			e := reflect.New(v.Type().Elem()).Elem()
			if err := decodeValue(pair[0], k); err != nil {
				return err
			}
			if err := decodeValue(pair[1], e); err != nil {
				return err
			}
			m.SetMapIndex(k, e)
		}
		v.Set(m)
		return nil
	default:
		return json.Unmarshal(raw, v.Addr().Interface())
	}
}

// rebuildSecret turns a stored record back into the kernel type t. An empty value comes
// back as the zero value, which the Parse functions would reject.
func rebuildSecret(t reflect.Type, rec secretRecord) (any, error) {
	switch t {
	case typeIDNumber:
		if rec.Clear == "" {
			return wushe.IDNumber{}, nil
		}
		return wushe.ParseIDNumber(rec.Clear)
	case typePhone:
		if rec.Clear == "" {
			return wushe.Phone{}, nil
		}
		return wushe.ParsePhone(rec.Clear)
	case typePersonName:
		if rec.Clear == "" {
			return wushe.PersonName{}, nil
		}
		return wushe.ParsePersonName(rec.Clear)
	default:
		return wushe.NewSensitive(rec.Class, rec.Clear), nil
	}
}
