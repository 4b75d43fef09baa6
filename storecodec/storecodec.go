// Package storecodec is the stored form of wushe's entities, for Store implementations
// that keep an entity as one document: the SQL adapter, a file store, a document database.
//
// The kernel's personal-data types (wushe.IDNumber, wushe.Phone, wushe.PersonName,
// wushe.Sensitive) encode MASKED in their own JSON, on purpose: a value printed or sent to
// a browser never shows the clear text. A store must not persist that mask. Marshal
// therefore walks the value by reflection instead of calling json.Marshal on it: a struct
// becomes an object of its Go field names, and every piece of personal data becomes a
// record holding the value, revealed with wushe.StorageEntitlement, and its class.
// Unmarshal rebuilds each one with the kernel's Parse functions or wushe.NewSensitive.
//
// # Personal data at rest
//
// The package-level Marshal keeps personal data in the clear: whoever can read the
// documents can read it. A Codec with a Keyring seals every piece of personal data
// instead, of every class (ID numbers, phones, names, health, disability, low-income
// status, case notes, anything about a child), with AES-GCM under the keyring's current
// key: the record holds the key's ID and the sealed bytes, and the class is authenticated
// with them. Keys rotate: a new Keyring names a new current key and keeps the old ones to
// read what they sealed, and Codec.Reseal rewrites a document that still holds values in
// the clear or under an older key. Keyring.BlindIndex gives a Store the keyed index it
// needs to keep personal data unique or to find it without storing it.
//
// # What is kept
//
// Walking the fields also keeps what an entity's own JSON leaves out (`json:"-"`, a
// MarshalJSON that writes a display form), keeps nil and empty slices apart, stores a
// decimal.Decimal as coefficient and exponent so that 12.50 comes back as 12.50, and
// stores times in UTC (the same instant comes back, in time.UTC). Maps are stored as
// lists of key-value pairs, so any comparable key type works; arrays element by element
// like slices (an array type with a text form of its own, such as uuid.UUID, keeps that
// form). What comes back equals what went in for every wushe entity, except that times
// come back in UTC: the property the conformance suites check through the Stores.
//
// Nothing is dropped silently. A field in a document that the Go type does not have is
// an error, not ignored; a field that the type has and the document lacks keeps its zero
// value (a field added since the document was written).
//
// # Versions and upgrades
//
// A document carries two versions. "@format" (top level) is the codec's own: how records,
// decimals and maps are written; this package reads every format it ever wrote, and
// Format is the one it writes. "@version" sits in the object of any struct that
// implements Versioned: the version of that struct's shape. When an entity renames,
// moves or removes a field, its package raises StoredVersion and teaches UpgradeStored
// to turn the older object into the newer one (rename the key, convert the value, drop
// what is gone). Unmarshal runs the upgrades in order before decoding, so old documents
// read correctly, and a Store writes the new shape on the document's next write (or at
// once with Codec.Reseal). A document from a newer program (a higher version than the
// type knows) is refused, never half read.
package storecodec

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
)

// Format is the version of the stored form this package writes, in every top-level
// document's "@format" key. A document without the key is format 1.
const Format = 1

// The reserved keys of a document. Go field names start with a capital letter, so they
// never collide with these.
const (
	formatKey  = "@format"
	versionKey = "@version"
)

// Versioned is implemented by a struct whose stored shape has changed since its first
// version. StoredVersion is the current version (2 after the first change); Marshal
// writes it in the struct's object. UpgradeStored turns the object of version from into
// version from+1, in place: fields maps each stored key (a Go field name) to its stored
// value; rename a key, rewrite a value with Marshal of the new type, delete what is gone.
// Unmarshal calls it for every version between the document's and the current one.
//
// Implement it on the value type (not the pointer); it must not depend on anything but
// its arguments.
type Versioned interface {
	StoredVersion() int
	UpgradeStored(from int, fields map[string]json.RawMessage) error
}

// secretRecord is the stored form of one piece of personal data: Clear without a
// keyring, Key and Sealed with one.
type secretRecord struct {
	Class  wushe.Class `json:"class,omitempty"`
	Clear  *string     `json:"clear,omitempty"`
	Key    string      `json:"key,omitempty"`
	Sealed string      `json:"sealed,omitempty"`
}

// decimalRecord is the stored form of a decimal.Decimal: coefficient and exponent, so
// that 12.50 comes back as 12.50 and not 12.5.
type decimalRecord struct {
	Coefficient string `json:"coefficient"`
	Exponent    int32  `json:"exponent"`
}

var (
	typeIDNumber      = reflect.TypeFor[wushe.IDNumber]()
	typePhone         = reflect.TypeFor[wushe.Phone]()
	typePersonName    = reflect.TypeFor[wushe.PersonName]()
	typeSensitive     = reflect.TypeFor[wushe.Sensitive]()
	typeTime          = reflect.TypeFor[time.Time]()
	typeDecimal       = reflect.TypeFor[decimal.Decimal]()
	typeVersioned     = reflect.TypeFor[Versioned]()
	typeTextMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	typeTextUnmarshal = reflect.TypeFor[encoding.TextUnmarshaler]()
	jsonNull          = json.RawMessage("null")
)

// Codec encodes and decodes stored documents. The zero Codec keeps personal data in the
// clear; with Keys it seals every piece of personal data. A Codec with Keys still reads
// clear documents (written before the keys were set), so turning encryption on needs no
// migration: Reseal, or the next write, seals them.
type Codec struct {
	// Keys, when set, seals personal data and opens what it sealed.
	Keys *Keyring
}

// Marshal returns the stored form of v with personal data in the clear: Codec{}.Marshal.
func Marshal(v any) ([]byte, error) { return Codec{}.Marshal(v) }

// Unmarshal fills *out from a document in the clear: Codec{}.Unmarshal. A document with
// sealed values needs a Codec with the keys.
func Unmarshal(data []byte, out any) error { return Codec{}.Unmarshal(data, out) }

// Marshal returns the stored form of v: JSON in which every struct is an object of its Go
// field names, personal data is a record with its class (clear, or sealed when c has
// keys), decimals keep their scale and times are UTC. It fails on a struct with an
// unexported field, which it could not restore.
func (c Codec) Marshal(v any) ([]byte, error) {
	e := encoder{keys: c.Keys}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return jsonNull, nil
	}
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Struct && !isLeaf(rv.Type()) {
		fields, err := e.structFields(rv)
		if err != nil {
			return nil, err
		}
		fields[formatKey] = json.RawMessage(fmt.Sprint(Format))
		return json.Marshal(fields)
	}
	return e.value(rv)
}

// Unmarshal fills *out, which must be a non-nil pointer, from the stored form Marshal
// wrote. Personal data is rebuilt with the kernel's Parse functions, so a value that no
// longer parses (or a masked one) is an error, never taken for the real value. A field
// missing from data keeps its zero value; a field the type does not have is an error;
// older versions of a Versioned struct are upgraded first.
func (c Codec) Unmarshal(data []byte, out any) error {
	_, err := c.unmarshal(data, out)
	return err
}

// Reseal decodes data into *out like Unmarshal and, when data holds personal data that
// c would not write as it is (in the clear, or sealed under a key other than the current
// one) or an older version or format, returns it re-encoded with changed true: the key
// rotation (and the upgrade) of one document. A Store runs it over every document after
// a host changes its keys. Without keys, sealed documents are decoded with nothing to
// open them and fail.
func (c Codec) Reseal(data []byte, out any) (resealed []byte, changed bool, err error) {
	stale, err := c.unmarshal(data, out)
	if err != nil || !stale {
		return data, false, err
	}
	b, err := c.Marshal(reflect.ValueOf(out).Elem().Interface())
	if err != nil {
		return data, false, err
	}
	return b, true, nil
}

func (c Codec) unmarshal(data []byte, out any) (stale bool, err error) {
	p := reflect.ValueOf(out)
	if p.Kind() != reflect.Pointer || p.IsNil() {
		return false, fmt.Errorf("storecodec: Unmarshal needs a non-nil pointer, got %T", out)
	}
	d := decoder{keys: c.Keys}
	v := p.Elem()
	for v.Kind() == reflect.Pointer {
		if bytes.Equal(bytes.TrimSpace(data), jsonNull) {
			v.SetZero()
			return false, nil
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct || isLeaf(v.Type()) {
		err := d.value(json.RawMessage(data), v)
		return d.stale, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return false, err
	}
	if f, ok := fields[formatKey]; ok {
		var n int
		if err := json.Unmarshal(f, &n); err != nil || n < 1 {
			return false, fmt.Errorf("%s %s is not a format version", formatKey, f)
		}
		if n > Format {
			return false, fmt.Errorf("the document is in format %d; this program reads formats 1 to %d", n, Format)
		}
		delete(fields, formatKey)
	} else {
		d.stale = true
	}
	err = d.structFields(fields, v)
	return d.stale, err
}

// isLeaf reports whether t is stored as one value rather than walked: the kernel's
// personal-data types, time.Time and decimal.Decimal.
func isLeaf(t reflect.Type) bool {
	switch t {
	case typeIDNumber, typePhone, typePersonName, typeSensitive, typeTime, typeDecimal:
		return true
	}
	return false
}

// classOf is the class a personal-data type is stored under.
func classOf(t reflect.Type, v reflect.Value) wushe.Class {
	switch t {
	case typeIDNumber:
		return wushe.ClassIDNumber
	case typePhone:
		return wushe.ClassPhone
	case typePersonName:
		return wushe.ClassName
	default:
		return v.Interface().(wushe.Sensitive).Class()
	}
}

// textArray reports whether an array type keeps a text form of its own (uuid.UUID).
func textArray(t reflect.Type) bool {
	return t.Implements(typeTextMarshaler) && reflect.PointerTo(t).Implements(typeTextUnmarshal)
}

type encoder struct{ keys *Keyring }

func (e encoder) value(v reflect.Value) (json.RawMessage, error) {
	switch v.Type() {
	case typeIDNumber:
		return e.secret(v.Type(), v, "")(v.Interface().(wushe.IDNumber).Reveal(wushe.StorageEntitlement()))
	case typePhone:
		return e.secret(v.Type(), v, "")(v.Interface().(wushe.Phone).Reveal(wushe.StorageEntitlement()))
	case typePersonName:
		return e.secret(v.Type(), v, "")(v.Interface().(wushe.PersonName).Reveal(wushe.StorageEntitlement()))
	case typeSensitive:
		s := v.Interface().(wushe.Sensitive)
		return e.secret(v.Type(), v, s.Class())(s.Reveal(wushe.StorageEntitlement()))
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
		return e.value(v.Elem())
	case reflect.Struct:
		fields, err := e.structFields(v)
		if err != nil {
			return nil, err
		}
		return json.Marshal(fields)
	case reflect.Slice:
		if v.IsNil() {
			return jsonNull, nil
		}
		return e.list(v)
	case reflect.Array:
		if textArray(v.Type()) {
			return json.Marshal(v.Interface())
		}
		return e.list(v)
	case reflect.Map:
		if v.IsNil() {
			return jsonNull, nil
		}
		pairs := make([][2]json.RawMessage, 0, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			k, err := e.value(iter.Key())
			if err != nil {
				return nil, err
			}
			x, err := e.value(iter.Value())
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, [2]json.RawMessage{k, x})
		}
		return json.Marshal(pairs)
	default:
		// Strings, numbers, booleans and named scalar types: their JSON form is exact.
		return json.Marshal(v.Interface())
	}
}

// structFields encodes a struct's fields by Go name, with "@version" for a Versioned one.
func (e encoder) structFields(v reflect.Value) (map[string]json.RawMessage, error) {
	t := v.Type()
	fields := make(map[string]json.RawMessage, t.NumField()+1)
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			return nil, fmt.Errorf("type %s has an unexported field %s that the codec cannot persist", t, f.Name)
		}
		raw, err := e.value(v.Field(i))
		if err != nil {
			return nil, err
		}
		fields[f.Name] = raw
	}
	if t.Implements(typeVersioned) {
		fields[versionKey] = json.RawMessage(fmt.Sprint(v.Interface().(Versioned).StoredVersion()))
	}
	return fields, nil
}

func (e encoder) list(v reflect.Value) (json.RawMessage, error) {
	items := make([]json.RawMessage, v.Len())
	for i := range v.Len() {
		raw, err := e.value(v.Index(i))
		if err != nil {
			return nil, err
		}
		items[i] = raw
	}
	return json.Marshal(items)
}

// secret returns the encoder of one piece of personal data of type t, given its clear
// value; recordClass is the class written in the record (only Sensitive writes one: the
// other types imply theirs).
func (e encoder) secret(t reflect.Type, v reflect.Value, recordClass wushe.Class) func(string, error) (json.RawMessage, error) {
	return func(clear string, err error) (json.RawMessage, error) {
		if err != nil {
			return nil, err
		}
		rec := secretRecord{Class: recordClass}
		if e.keys == nil || clear == "" {
			rec.Clear = &clear
			return json.Marshal(rec)
		}
		rec.Key, rec.Sealed, err = e.keys.seal(classOf(t, v), clear)
		if err != nil {
			return nil, err
		}
		return json.Marshal(rec)
	}
}

// decoder decodes one document; stale records whether it holds anything the codec would
// now write otherwise (for Reseal).
type decoder struct {
	keys  *Keyring
	stale bool
}

// strict decodes raw into out, refusing keys that out does not have.
func strict(raw json.RawMessage, out any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the value")
	}
	return nil
}

// value sets v, which must be settable, from raw.
func (d *decoder) value(raw json.RawMessage, v reflect.Value) error {
	if bytes.Equal(bytes.TrimSpace(raw), jsonNull) {
		v.SetZero()
		return nil
	}
	switch v.Type() {
	case typeIDNumber, typePhone, typePersonName, typeSensitive:
		var rec secretRecord
		if err := strict(raw, &rec); err != nil {
			return err
		}
		secret, err := d.secret(v.Type(), rec)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(secret))
		return nil
	case typeDecimal:
		var rec decimalRecord
		if err := strict(raw, &rec); err != nil {
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
		if err := d.value(raw, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case reflect.Struct:
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return err
		}
		return d.structFields(fields, v)
	case reflect.Slice:
		items, err := d.items(raw)
		if err != nil {
			return err
		}
		s := reflect.MakeSlice(v.Type(), len(items), len(items))
		for i, item := range items {
			if err := d.value(item, s.Index(i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.Array:
		if textArray(v.Type()) {
			return json.Unmarshal(raw, v.Addr().Interface())
		}
		items, err := d.items(raw)
		if err != nil {
			return err
		}
		if len(items) != v.Len() {
			return fmt.Errorf("%s holds %d elements, the document %d", v.Type(), v.Len(), len(items))
		}
		for i, item := range items {
			if err := d.value(item, v.Index(i)); err != nil {
				return err
			}
		}
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
			if err := d.value(pair[0], k); err != nil {
				return err
			}
			if err := d.value(pair[1], e); err != nil {
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

func (d *decoder) items(raw json.RawMessage) ([]json.RawMessage, error) {
	var items []json.RawMessage
	err := json.Unmarshal(raw, &items)
	return items, err
}

// structFields sets the struct v from its stored object: upgrades a Versioned struct's
// older object first, then decodes each field and refuses keys the struct lacks.
func (d *decoder) structFields(fields map[string]json.RawMessage, v reflect.Value) error {
	t := v.Type()
	if err := d.upgrade(t, fields); err != nil {
		return err
	}
	for i := range t.NumField() {
		f, ok := fields[t.Field(i).Name]
		if !ok {
			continue // a field added since the record was written keeps its zero value
		}
		if err := d.value(f, v.Field(i)); err != nil {
			return fmt.Errorf("%s.%s: %w", t.Name(), t.Field(i).Name, err)
		}
		delete(fields, t.Field(i).Name)
	}
	if len(fields) > 0 {
		unknown := slices.Sorted(func(yield func(string) bool) {
			for k := range fields {
				if !yield(k) {
					return
				}
			}
		})
		return fmt.Errorf("the stored %s has fields %q that the type does not have (renamed or removed without an upgrade: see Versioned)", t, unknown)
	}
	return nil
}

// upgrade brings the stored object of struct type t to its current version, removing the
// version key.
func (d *decoder) upgrade(t reflect.Type, fields map[string]json.RawMessage) error {
	stored := 1
	if raw, ok := fields[versionKey]; ok {
		if err := json.Unmarshal(raw, &stored); err != nil || stored < 1 {
			return fmt.Errorf("the stored %s has %s %s, not a version", t, versionKey, raw)
		}
		delete(fields, versionKey)
	}
	current := 1
	var vt Versioned
	if t.Implements(typeVersioned) {
		vt = reflect.Zero(t).Interface().(Versioned)
		current = vt.StoredVersion()
	}
	if stored > current {
		return fmt.Errorf("the stored %s is version %d; this program knows versions up to %d", t, stored, current)
	}
	if stored < current {
		d.stale = true
	}
	for from := stored; from < current; from++ {
		if err := vt.UpgradeStored(from, fields); err != nil {
			return fmt.Errorf("upgrading the stored %s from version %d: %w", t, from, err)
		}
		delete(fields, versionKey)
	}
	return nil
}

// secret opens a stored record and rebuilds the kernel type t. An empty value comes back
// as the zero value, which the Parse functions would reject.
func (d *decoder) secret(t reflect.Type, rec secretRecord) (any, error) {
	class := rec.Class
	switch t {
	case typeIDNumber:
		class = wushe.ClassIDNumber
	case typePhone:
		class = wushe.ClassPhone
	case typePersonName:
		class = wushe.ClassName
	}
	var clear string
	switch {
	case rec.Clear != nil && rec.Sealed == "" && rec.Key == "":
		clear = *rec.Clear
		if d.keys != nil && clear != "" {
			d.stale = true
		}
	case rec.Clear == nil && rec.Sealed != "" && rec.Key != "":
		if d.keys == nil {
			return nil, &wushe.Error{Op: "storecodec.Unmarshal", Kind: wushe.KindUnavailable, Entity: "Keyring",
				Msg: fmt.Sprintf("a value is sealed with key %q and the codec has no keys", rec.Key)}
		}
		var err error
		if clear, err = d.keys.open(class, rec.Key, rec.Sealed); err != nil {
			return nil, err
		}
		if rec.Key != d.keys.current {
			d.stale = true
		}
	default:
		return nil, fmt.Errorf(`a personal-data record holds either "clear" or "key" and "sealed"`)
	}
	switch t {
	case typeIDNumber:
		if clear == "" {
			return wushe.IDNumber{}, nil
		}
		return wushe.ParseIDNumber(clear)
	case typePhone:
		if clear == "" {
			return wushe.Phone{}, nil
		}
		return wushe.ParsePhone(clear)
	case typePersonName:
		if clear == "" {
			return wushe.PersonName{}, nil
		}
		return wushe.ParsePersonName(clear)
	default:
		return wushe.NewSensitive(class, clear), nil
	}
}
