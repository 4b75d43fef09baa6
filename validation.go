package wushe

import (
	"errors"
	"fmt"
	"strings"
)

// Problems collects the field errors an entity's Validate finds, so that one call reports
// every problem instead of the first. The zero value is not usable; call Check.
//
//	func (c Community) Validate() error {
//		p := wushe.Check("Community")
//		p.Require(c.Name != "", "Name", "is required")
//		p.Nested("Grids[0]", c.Grids[0].Validate())
//		return p.Err()
//	}
type Problems struct {
	entity string
	errs   []error
}

// Check starts collecting problems for the named entity type.
func Check(entity string) *Problems { return &Problems{entity: entity} }

// Addf records a problem with field.
func (p *Problems) Addf(field, format string, args ...any) {
	p.errs = append(p.errs, Invalid(p.entity, field, format, args...))
}

// Require records msg against field unless ok holds. It returns ok.
func (p *Problems) Require(ok bool, field, msg string) bool {
	if !ok {
		p.Addf(field, "%s", msg)
	}
	return ok
}

// Nested records the problems of a nested value's Validate under a field path: each *Error
// in err (errors.Join-ed ones included) is re-rooted at prefix ("Grids[2]" + "Name" =
// "Grids[2].Name"); any other error is kept under prefix, as KindInvalid unless it carries
// a kind. A nil err records nothing.
func (p *Problems) Nested(prefix string, err error) {
	if err == nil {
		return
	}
	switch e := err.(type) {
	case *Error:
		cp := *e
		cp.Entity = p.entity
		cp.Field = joinField(prefix, e.Field)
		p.errs = append(p.errs, &cp)
		return
	case interface{ Unwrap() []error }:
		for _, next := range e.Unwrap() {
			p.Nested(prefix, next)
		}
		return
	}
	k := KindOf(err)
	if k == KindUnknown {
		k = KindInvalid
	}
	p.errs = append(p.errs, &Error{Kind: k, Entity: p.entity, Field: prefix, Err: err})
}

// Add records err as it is (nil is ignored): for a rule that already built its own *Error.
func (p *Problems) Add(err error) {
	if err != nil {
		p.errs = append(p.errs, err)
	}
}

// Len is the number of problems recorded.
func (p *Problems) Len() int { return len(p.errs) }

// Err returns nil when nothing was recorded, otherwise every problem joined with
// errors.Join. The result has kind KindInvalid unless a problem of another kind was added.
func (p *Problems) Err() error {
	switch len(p.errs) {
	case 0:
		return nil
	case 1:
		return p.errs[0]
	}
	return errors.Join(p.errs...)
}

func joinField(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case field == "":
		return prefix
	case strings.HasPrefix(field, "["):
		return prefix + field
	}
	return prefix + "." + field
}

// Index formats a field path element for a slice element: Index("Grids", 2) = "Grids[2]".
func Index(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }

// WithOp sets the operation on every *Error in err's tree that has none, and returns err.
// Services call it on what an entity's Validate returned, so that the error names the
// operation as well as the entity and field.
func WithOp(op string, err error) error {
	if err == nil {
		return nil
	}
	Walk(err, func(e error) bool {
		if we, ok := e.(*Error); ok && we.Op == "" {
			we.Op = op
		}
		return true
	})
	return err
}
