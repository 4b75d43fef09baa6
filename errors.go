package wushe

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an error so that callers can react to it without reading its text.
// Kinds are strings so that they can be logged and put in JSON as they are.
//
// Every Kind is itself an error (its sentinel), so
//
//	errors.Is(err, wushe.ErrNotFound)
//
// holds for any error built by wushe, by a Store adapter or by a host, as long as it wraps
// the kind: a *Error with that Kind, the sentinel itself, or anything that wraps either.
type Kind string

// The error kinds. Store implementations must report their failures with these kinds
// (usually through *Error) and must never invent kinds of their own.
const (
	// KindNotFound: the entity asked for does not exist.
	KindNotFound Kind = "not_found"
	// KindAlreadyExists: an entity with the same identity already exists.
	KindAlreadyExists Kind = "already_exists"
	// KindConflict: the entity changed since it was read (optimistic-concurrency
	// version mismatch), or the operation clashes with the entity's current state.
	KindConflict Kind = "conflict"
	// KindInvalid: the input breaks a rule; the error names the field.
	KindInvalid Kind = "invalid"
	// KindForbidden: the caller is not entitled to do or see this.
	KindForbidden Kind = "forbidden"
	// KindInsufficient: not enough of something (capacity, stock, balance, criteria met).
	KindInsufficient Kind = "insufficient"
	// KindUnavailable: the operation could not be carried out now (a cancelled context,
	// a store that is down); retrying later may succeed.
	KindUnavailable Kind = "unavailable"
	// KindUnknown is what KindOf reports for an error that carries no kind.
	KindUnknown Kind = "unknown"
)

// The sentinels, one per kind, for errors.Is. Each is the Kind value itself.
var (
	ErrNotFound      error = KindNotFound
	ErrAlreadyExists error = KindAlreadyExists
	ErrConflict      error = KindConflict
	ErrInvalid       error = KindInvalid
	ErrForbidden     error = KindForbidden
	ErrInsufficient  error = KindInsufficient
	ErrUnavailable   error = KindUnavailable
)

// Kinds lists every kind a wushe error can carry, KindUnknown excluded, in a fixed order.
func Kinds() []Kind {
	return []Kind{KindNotFound, KindAlreadyExists, KindConflict, KindInvalid,
		KindForbidden, KindInsufficient, KindUnavailable}
}

// Error implements error: a Kind is its own sentinel. The text is the kind's string value,
// "not_found" for KindNotFound, the same in error text, logs and JSON.
func (k Kind) Error() string { return string(k) }

// Valid reports whether k is one of the kinds listed by Kinds.
func (k Kind) Valid() bool {
	for _, v := range Kinds() {
		if k == v {
			return true
		}
	}
	return false
}

// Error is wushe's coded error. It names the operation that failed, the kind of failure,
// and, where they apply, the entity, its ID and the field at fault, with a message for
// people and the underlying cause.
//
// Unwrap yields both the cause and the kind's sentinel, so errors.Is works for the kind
// and for anything in the cause chain (context.Canceled, a driver error):
//
//	var werr *wushe.Error
//	if errors.As(err, &werr) { log.Println(werr.Op, werr.Field) }
//	if errors.Is(err, wushe.ErrConflict) { retry() }
type Error struct {
	// Op is the operation, "package.Type.Method" or "package.Function",
	// e.g. "linkage.Service.OpenCase".
	Op string
	// Kind classifies the failure. A zero Kind is taken from Err by KindOf.
	Kind Kind
	// Entity names the type of the entity concerned, e.g. "Case".
	Entity string
	// ID identifies the entity, when it has one.
	ID string
	// Field is the field at fault, with a path for nested fields ("Grids[1].Name").
	Field string
	// Msg says what is wrong, for people.
	Msg string
	// Err is the underlying cause, if any.
	Err error
}

// Error renders "op: entity id: field: message: kind: cause", leaving out empty parts.
func (e *Error) Error() string {
	var b strings.Builder
	sep := func() {
		if b.Len() > 0 {
			b.WriteString(": ")
		}
	}
	if e.Op != "" {
		b.WriteString(e.Op)
	}
	if e.Entity != "" || e.ID != "" {
		sep()
		b.WriteString(strings.TrimSpace(e.Entity + " " + e.ID))
	}
	if e.Field != "" {
		sep()
		b.WriteString(e.Field)
	}
	if e.Msg != "" {
		sep()
		b.WriteString(e.Msg)
	}
	if k := e.kind(); k != KindUnknown && (e.Err == nil || KindOf(e.Err) != k) {
		sep()
		b.WriteString(k.Error())
	}
	if e.Err != nil {
		sep()
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) kind() Kind {
	if e.Kind != "" {
		return e.Kind
	}
	if e.Err != nil {
		return KindOf(e.Err)
	}
	return KindUnknown
}

// Unwrap returns the cause and the kind's sentinel, in that order.
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	if e.Kind != "" && e.Kind != KindUnknown {
		errs = append(errs, e.Kind)
	}
	return errs
}

// KindOf returns the kind of any error: the Kind of the outermost *Error that has one, or
// the kind whose sentinel err wraps. context.Canceled and context.DeadlineExceeded are
// KindUnavailable. A nil error has the empty Kind; an error with no kind is KindUnknown.
func KindOf(err error) Kind {
	if err == nil {
		return ""
	}
	if k := kindOf(err); k != "" {
		return k
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return KindUnavailable
	}
	return KindUnknown
}

// kindOf returns the first kind found walking the tree outermost first, or "".
func kindOf(err error) Kind {
	var found Kind
	Walk(err, func(e error) bool {
		if found != "" {
			return false
		}
		switch e := e.(type) {
		case Kind:
			if e.Valid() {
				found = e
			}
		case *Error:
			if e.Kind != "" && e.Kind != KindUnknown {
				found = e.Kind
			}
		}
		return found == ""
	})
	return found
}

// Walk visits err and the errors it wraps, depth first and outermost first, following both
// Unwrap() error and Unwrap() []error. visit returns whether to descend into the error it
// was given. Walk(nil, visit) visits nothing.
func Walk(err error, visit func(error) bool) {
	if err == nil || !visit(err) {
		return
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		Walk(u.Unwrap(), visit)
	case interface{ Unwrap() []error }:
		for _, next := range u.Unwrap() {
			Walk(next, visit)
		}
	}
}

// Wrap adds the operation op to err and keeps its kind: the result is a *Error whose
// Kind is KindOf(err) and whose cause is err. Wrap(op, nil) is nil.
func Wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	k := KindOf(err)
	if k == KindUnknown {
		k = ""
	}
	return &Error{Op: op, Kind: k, Err: err}
}

// E builds a *Error of the given kind for an entity, with a formatted message. Field and
// ID can be set on the result, or use Invalid for field errors.
func E(op string, kind Kind, entity, id, format string, args ...any) *Error {
	return &Error{Op: op, Kind: kind, Entity: entity, ID: id, Msg: fmt.Sprintf(format, args...)}
}

// Invalid builds a KindInvalid *Error for one field of an entity.
func Invalid(entity, field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Entity: entity, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// FieldErrors returns every *Error in err's tree that names a field, outermost first.
// It is how a caller lists all the problems a Validate call found.
func FieldErrors(err error) []*Error {
	var out []*Error
	Walk(err, func(e error) bool {
		if fe, ok := e.(*Error); ok && fe.Field != "" {
			out = append(out, fe)
			return false
		}
		return true
	})
	return out
}
