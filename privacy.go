package wushe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Class names a category of personal data. Sensitive values carry their class; an
// Entitlement lists the classes its holder may see in the clear. The classes follow the
// sensitive categories of the Personal Information Protection Law (PIPL Art. 28) and the
// domain: see STANDARDS.md §7.
type Class string

// The classes of personal data wushe masks.
const (
	ClassIDNumber   Class = "id_number"  // mainland resident ID-card number
	ClassPhone      Class = "phone"      // phone number
	ClassName       Class = "name"       // a person's name
	ClassAddress    Class = "address"    // home address or precise home location
	ClassHealth     Class = "health"     // health and medical information
	ClassDisability Class = "disability" // disability or loss of capacity (残疾、失能)
	ClassLowIncome  Class = "low_income" // low-income, extreme-poverty or similar status (低保、特困)
	ClassMinor      Class = "minor"      // anything about a child under 14
	ClassCaseNote   Class = "case_note"  // social-work case notes
	ClassIdentity   Class = "identity"   // other specific identities (religion, bereavement ...)
	ClassFinancial  Class = "financial"  // bank and payment accounts
	ClassBirthDate  Class = "birth_date" // a person's date of birth
	ClassFreeText   Class = "free_text"  // free text that may hold any of the above
	ClassContact    Class = "contact"    // e-mail and other contact details
	ClassBiometrics Class = "biometrics" // photographs of faces, fingerprints
	ClassLocation   Class = "location"   // movement traces
	ClassGuardian   Class = "guardian"   // a guardian's identity and consent records
	ClassReference  Class = "reference"  // a pseudonymous reference that must still not be published
	ClassEthnicity  Class = "ethnicity"  // ethnic group
	ClassCredential Class = "credential" // passwords, tokens
	ClassOther      Class = "other"      // anything else marked sensitive by a host
	classAll        Class = "*"          // every class; see AllClasses
)

const (
	maxNameRunes = 64    // the longest name PersonName accepts
	maskRune     = '*'   // the rune masks are made of
	masked       = "***" // what a fully masked value shows
)

// AllClasses is the class that an Entitlement lists to see every class in the clear.
// Storage adapters use StorageEntitlement, which lists it.
const AllClasses = classAll

// Entitlement is an explicit permission to see personal data in the clear: who asks, why,
// and which classes. Reveal checks it. The zero Entitlement allows nothing.
type Entitlement struct {
	// Actor identifies who asks (a user ID, a service account).
	Actor string
	// Purpose says why, in words a reviewer would accept ("home visit", "persistence").
	Purpose string
	// Classes lists the classes that may be revealed; AllClasses allows every class.
	Classes []Class
}

// StorageEntitlement is the entitlement a Store adapter uses to persist sensitive values in
// the clear. Nothing but persistence code should use it.
func StorageEntitlement() Entitlement {
	return Entitlement{Actor: "store", Purpose: "persistence", Classes: []Class{AllClasses}}
}

// Allows reports whether e lets its holder see values of class c: e must name an actor and
// a purpose, and list c or AllClasses.
func (e Entitlement) Allows(c Class) bool {
	if strings.TrimSpace(e.Actor) == "" || strings.TrimSpace(e.Purpose) == "" {
		return false
	}
	return slices.Contains(e.Classes, c) || slices.Contains(e.Classes, classAll)
}

// Sensitive is a piece of personal data of a given Class. Its String, Format (every fmt
// verb, %v %+v %#v %s %q included) and MarshalJSON show only a masked form; the clear value
// comes only from Reveal with an Entitlement that allows the class.
//
// Marking a field sensitive is declaring it with this type, or with IDNumber, Phone or
// PersonName, which add validation and a masking rule fitted to the data. Keep such values
// in exported fields: fmt prints unexported fields by reflection, bypassing Format.
//
// UnmarshalJSON accepts a clear value together with its class, {"class": "health",
// "value": "diabetes"}, or a clear JSON string into a value that already has its class
// (one made with NewSensitive(class, "")). A value whose class is not known either way is
// refused: taking it as ClassOther would let an entitlement for ClassOther reveal health
// data. The mask "***" is refused too, so that masked output fed back in never silently
// replaces the real value; any other text, '*' included, is a clear value.
type Sensitive struct {
	class Class
	raw   string
}

// NewSensitive marks raw as personal data of class c.
func NewSensitive(c Class, raw string) Sensitive { return Sensitive{class: c, raw: raw} }

// Class returns the value's class.
func (s Sensitive) Class() Class { return s.class }

// IsZero reports whether the value is empty.
func (s Sensitive) IsZero() bool { return s.raw == "" }

// Masked returns the masked form: "***" for a non-empty value, "" for an empty one.
func (s Sensitive) Masked() string { return maskAll(s.raw) }

// Reveal returns the clear value when e allows s's class, and otherwise a KindForbidden
// error naming the class and the actor.
func (s Sensitive) Reveal(e Entitlement) (string, error) { return reveal(s.class, s.raw, e) }

// String returns the masked form.
func (s Sensitive) String() string { return s.Masked() }

// Format prints the masked form for every verb.
func (s Sensitive) Format(f fmt.State, verb rune) { formatMasked(f, verb, s.Masked()) }

// MarshalJSON encodes the masked form, or null for an empty value.
func (s Sensitive) MarshalJSON() ([]byte, error) { return marshalMasked(s.raw, s.Masked()) }

// sensitiveJSON is the object form of a Sensitive value in a request: the clear value
// and its class.
type sensitiveJSON struct {
	Class *Class  `json:"class"`
	Value *string `json:"value"`
}

// UnmarshalJSON decodes a clear value and keeps its class: from {"class": ..., "value":
// ...}, or from a plain JSON string when the receiver already has a class. It refuses with
// a KindInvalid error a value of unknown class, a class that differs from the receiver's,
// the class "*" and the mask "***". null gives the empty value and keeps the receiver's
// class.
func (s *Sensitive) UnmarshalJSON(b []byte) error {
	const op, entity = "wushe.UnmarshalJSON", "Sensitive"
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		s.raw = ""
		return nil
	}
	if len(b) == 0 || b[0] != '{' {
		var raw string
		if err := json.Unmarshal(b, &raw); err != nil {
			return &Error{Op: op, Kind: KindInvalid, Entity: entity, Msg: `want a JSON string or {"class": ..., "value": ...}`, Err: err}
		}
		if s.class == "" {
			return &Error{Op: op, Kind: KindInvalid, Entity: entity, Field: "class",
				Msg: `is unknown: send {"class": ..., "value": ...}, or decode into a value made with NewSensitive(class, "")`}
		}
		return s.setClear(op, s.class, raw)
	}
	var in sensitiveJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return &Error{Op: op, Kind: KindInvalid, Entity: entity, Msg: `want {"class": ..., "value": ...}`, Err: err}
	}
	if in.Class == nil || strings.TrimSpace(string(*in.Class)) == "" || *in.Class == classAll {
		return &Error{Op: op, Kind: KindInvalid, Entity: entity, Field: "class", Msg: `is required and cannot be "*"`}
	}
	if s.class != "" && *in.Class != s.class {
		return &Error{Op: op, Kind: KindInvalid, Entity: entity, Field: "class",
			Msg: fmt.Sprintf("is %q where %q is expected", *in.Class, s.class)}
	}
	if in.Value == nil {
		return &Error{Op: op, Kind: KindInvalid, Entity: entity, Field: "value", Msg: "is required (null is not a value)"}
	}
	return s.setClear(op, *in.Class, *in.Value)
}

// setClear sets the class and the clear value, refusing the mask.
func (s *Sensitive) setClear(op string, c Class, raw string) error {
	if raw == masked {
		return &Error{Op: op, Kind: KindInvalid, Entity: "Sensitive", Msg: maskedMsg}
	}
	s.class, s.raw = c, raw
	return nil
}

func reveal(c Class, raw string, e Entitlement) (string, error) {
	if !e.Allows(c) {
		actor := e.Actor
		if actor == "" {
			actor = "an anonymous caller"
		}
		return "", &Error{Op: "wushe.Reveal", Kind: KindForbidden, Entity: "Sensitive", Field: string(c),
			Msg: fmt.Sprintf("%s is not entitled to see %s data in the clear", actor, c)}
	}
	return raw, nil
}

func maskAll(raw string) string {
	if raw == "" {
		return ""
	}
	return masked
}

func formatMasked(f fmt.State, verb rune, m string) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", m)
		return
	}
	fmt.Fprint(f, m)
}

func marshalMasked(raw, m string) ([]byte, error) {
	if raw == "" {
		return []byte("null"), nil
	}
	return json.Marshal(m)
}

// maskedMsg is the error message for masked output fed back in.
const maskedMsg = "value is masked; a masked value cannot stand for the real one"

// unmarshalClear decodes a JSON string for IDNumber, Phone and PersonName, whose clear
// values never contain '*': one that does is a mask.
func unmarshalClear(entity string, b []byte) (string, error) {
	if string(b) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return "", &Error{Op: "wushe.UnmarshalJSON", Kind: KindInvalid, Entity: entity, Msg: "want a JSON string", Err: err}
	}
	if strings.ContainsRune(s, maskRune) {
		return "", &Error{Op: "wushe.UnmarshalJSON", Kind: KindInvalid, Entity: entity, Msg: maskedMsg}
	}
	return s, nil
}

// IDNumber is a mainland China resident identity-card number (GB 11643-1999): 17 digits
// and a check character (0-9 or X) computed with ISO 7064 MOD 11-2. It is personal data of
// ClassIDNumber: printed and encoded as "110***********123X"-style masks that keep the
// first 3 and last 4 characters and always hide the birth date.
type IDNumber struct{ raw string }

// idWeights are the GB 11643 weights of the first 17 digits: 2^(18-i) mod 11.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheck maps the weighted sum mod 11 to the check character.
const idCheck = "10X98765432"

// ParseIDNumber validates s as an 18-character resident ID number and returns it. A
// lower-case x is accepted as the check character and stored upper-case. It checks the
// length, the digits, the birth date (a real calendar date, not after today is the caller's
// business) and the check character, and names what is wrong in a KindInvalid error.
func ParseIDNumber(s string) (IDNumber, error) {
	const entity, field = "IDNumber", "IDNumber"
	if len(s) != 18 {
		return IDNumber{}, Invalid(entity, field, "has %d characters, want 18", utf8.RuneCountInString(s))
	}
	s = strings.ToUpper(s)
	sum := 0
	for i := 0; i < 17; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return IDNumber{}, Invalid(entity, field, "character %d is not a digit", i+1)
		}
		sum += int(c-'0') * idWeights[i]
	}
	if s[0] == '0' {
		return IDNumber{}, Invalid(entity, field, "characters 1-6 are not an administrative division code")
	}
	if _, err := time.Parse("20060102", s[6:14]); err != nil {
		return IDNumber{}, Invalid(entity, field, "characters 7-14 are not a birth date (YYYYMMDD)")
	}
	if want := idCheck[sum%11]; s[17] != want {
		return IDNumber{}, Invalid(entity, field, "check character does not match the first 17 digits")
	}
	return IDNumber{raw: s}, nil
}

// CompleteIDNumber appends the GB 11643 check character to the first 17 digits of an ID
// number (6-digit region code, 8-digit birth date, 3-digit sequence) and returns the
// validated number. Test fixtures, examples and data generators use it to build valid
// numbers; it fails like ParseIDNumber on anything but 17 digits with a real birth date.
func CompleteIDNumber(first17 string) (IDNumber, error) {
	if len(first17) != 17 {
		return IDNumber{}, Invalid("IDNumber", "IDNumber", "has %d characters, want the first 17", utf8.RuneCountInString(first17))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return IDNumber{}, Invalid("IDNumber", "IDNumber", "character %d is not a digit", i+1)
		}
		sum += int(c-'0') * idWeights[i]
	}
	return ParseIDNumber(first17 + string(idCheck[sum%11]))
}

// IsZero reports whether the number is empty.
func (n IDNumber) IsZero() bool { return n.raw == "" }

// BirthDate returns the birth date encoded in the number (midnight UTC), or the zero time
// for an empty number. It reveals nothing beyond the date, which callers must treat as
// personal data of ClassBirthDate.
func (n IDNumber) BirthDate() time.Time {
	if n.raw == "" {
		return time.Time{}
	}
	t, _ := time.Parse("20060102", n.raw[6:14])
	return t
}

// Male reports whether the number's sequence code is odd, which GB 11643 assigns to men.
func (n IDNumber) Male() bool { return n.raw != "" && (n.raw[16]-'0')%2 == 1 }

// Masked keeps the first 3 and last 4 characters: "110***********123X".
func (n IDNumber) Masked() string {
	if n.raw == "" {
		return ""
	}
	return n.raw[:3] + strings.Repeat(string(maskRune), 11) + n.raw[14:]
}

// Reveal returns the clear number when e allows ClassIDNumber.
func (n IDNumber) Reveal(e Entitlement) (string, error) { return reveal(ClassIDNumber, n.raw, e) }

// String returns the masked form.
func (n IDNumber) String() string { return n.Masked() }

// Format prints the masked form for every verb.
func (n IDNumber) Format(f fmt.State, verb rune) { formatMasked(f, verb, n.Masked()) }

// MarshalJSON encodes the masked form, or null for an empty number.
func (n IDNumber) MarshalJSON() ([]byte, error) { return marshalMasked(n.raw, n.Masked()) }

// UnmarshalJSON decodes and validates a clear number; a masked one is rejected.
func (n *IDNumber) UnmarshalJSON(b []byte) error {
	raw, err := unmarshalClear("IDNumber", b)
	if err != nil || raw == "" {
		*n = IDNumber{}
		return err
	}
	v, err := ParseIDNumber(raw)
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// Phone is a mainland mobile number: 11 digits starting with 1 and a second digit from 3
// to 9. ParsePhone accepts a "+86" or "86" prefix and spaces or hyphens, and stores the 11
// digits. It is personal data of ClassPhone, masked as "138****1234".
type Phone struct{ raw string }

// ParsePhone validates s as a mainland mobile number and returns it normalised.
func ParsePhone(s string) (Phone, error) {
	const entity, field = "Phone", "Phone"
	d := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	d = strings.TrimPrefix(d, "+")
	if len(d) == 13 && strings.HasPrefix(d, "86") {
		d = d[2:]
	}
	if len(d) != 11 {
		return Phone{}, Invalid(entity, field, "has %d digits, want 11", len(d))
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return Phone{}, Invalid(entity, field, "character %d is not a digit", i+1)
		}
	}
	if d[0] != '1' || d[1] < '3' {
		return Phone{}, Invalid(entity, field, "does not start with a mainland mobile prefix (13x-19x)")
	}
	return Phone{raw: d}, nil
}

// IsZero reports whether the number is empty.
func (p Phone) IsZero() bool { return p.raw == "" }

// Masked keeps the first 3 and last 4 digits: "138****1234".
func (p Phone) Masked() string {
	if p.raw == "" {
		return ""
	}
	return p.raw[:3] + "****" + p.raw[7:]
}

// Reveal returns the clear number when e allows ClassPhone.
func (p Phone) Reveal(e Entitlement) (string, error) { return reveal(ClassPhone, p.raw, e) }

// String returns the masked form.
func (p Phone) String() string { return p.Masked() }

// Format prints the masked form for every verb.
func (p Phone) Format(f fmt.State, verb rune) { formatMasked(f, verb, p.Masked()) }

// MarshalJSON encodes the masked form, or null for an empty number.
func (p Phone) MarshalJSON() ([]byte, error) { return marshalMasked(p.raw, p.Masked()) }

// UnmarshalJSON decodes and validates a clear number; a masked one is rejected.
func (p *Phone) UnmarshalJSON(b []byte) error {
	raw, err := unmarshalClear("Phone", b)
	if err != nil || raw == "" {
		*p = Phone{}
		return err
	}
	v, err := ParsePhone(raw)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// PersonName is a person's name: 1 to 64 characters, no control characters, no leading or
// trailing space, no '*'. It is personal data of ClassName, masked by keeping the surname:
// "张*", "李**", "欧阳**" (known two-character surnames are kept whole), "J***" for a
// name in Latin letters.
type PersonName struct{ raw string }

// compoundSurnames are two-character surnames that a mask keeps whole.
var compoundSurnames = []string{"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容",
	"夏侯", "尉迟", "公孙", "长孙", "宇文", "司徒", "端木", "独孤", "南宫", "西门", "呼延", "轩辕",
	"闻人", "赫连", "澹台", "公冶", "太叔", "申屠", "濮阳", "淳于", "单于", "钟离", "百里", "东郭"}

// ParsePersonName validates s as a name and returns it.
func ParsePersonName(s string) (PersonName, error) {
	const entity, field = "PersonName", "Name"
	if s == "" {
		return PersonName{}, Invalid(entity, field, "is required")
	}
	if !utf8.ValidString(s) {
		return PersonName{}, Invalid(entity, field, "is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > maxNameRunes {
		return PersonName{}, Invalid(entity, field, "has %d characters, at most %d allowed", n, maxNameRunes)
	}
	if strings.TrimSpace(s) != s {
		return PersonName{}, Invalid(entity, field, "has leading or trailing space")
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == maskRune {
			return PersonName{}, Invalid(entity, field, "contains a control character or '*', which a name cannot")
		}
	}
	return PersonName{raw: s}, nil
}

// IsZero reports whether the name is empty.
func (n PersonName) IsZero() bool { return n.raw == "" }

// Masked keeps the surname and masks the rest, one '*' per character.
func (n PersonName) Masked() string {
	if n.raw == "" {
		return ""
	}
	keep := 1
	for _, cs := range compoundSurnames {
		if strings.HasPrefix(n.raw, cs) && utf8.RuneCountInString(n.raw) > 2 {
			keep = 2
			break
		}
	}
	runes := []rune(n.raw)
	if len(runes) == 1 {
		return string(maskRune)
	}
	return string(runes[:keep]) + strings.Repeat(string(maskRune), len(runes)-keep)
}

// Reveal returns the clear name when e allows ClassName.
func (n PersonName) Reveal(e Entitlement) (string, error) { return reveal(ClassName, n.raw, e) }

// String returns the masked form.
func (n PersonName) String() string { return n.Masked() }

// Format prints the masked form for every verb.
func (n PersonName) Format(f fmt.State, verb rune) { formatMasked(f, verb, n.Masked()) }

// MarshalJSON encodes the masked form, or null for an empty name.
func (n PersonName) MarshalJSON() ([]byte, error) { return marshalMasked(n.raw, n.Masked()) }

// UnmarshalJSON decodes and validates a clear name; a masked one is rejected.
func (n *PersonName) UnmarshalJSON(b []byte) error {
	raw, err := unmarshalClear("PersonName", b)
	if err != nil || raw == "" {
		*n = PersonName{}
		return err
	}
	v, err := ParsePersonName(raw)
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// AgeOn returns the age in whole years on day of a person born on birth (both compared as
// calendar dates in birth's location). A person born on 29 February turns a year older on
// 1 March in common years.
func AgeOn(birth, day time.Time) int {
	day = day.In(birth.Location())
	age := day.Year() - birth.Year()
	if day.Month() < birth.Month() || (day.Month() == birth.Month() && day.Day() < birth.Day()) {
		age--
	}
	return age
}

// ChildAge is the age below which everything about a person is sensitive personal data and
// needs a guardian's consent to process (PIPL Art. 28 and 31).
const ChildAge = 14

// IsChild reports whether a person born on birth is under ChildAge on day.
func IsChild(birth, day time.Time) bool { return AgeOn(birth, day) < ChildAge }
