package wushe

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/google/uuid"
)

// Paging limits. A PageRequest with Limit 0 gets DefaultPageLimit items; a Limit above
// MaxPageLimit is invalid.
const (
	DefaultPageLimit = 100
	MaxPageLimit     = 1000
)

// PageRequest asks for one page of a list. Lists are ordered by ID, ascending in byte
// order; with the default time-ordered IDs (UUID version 7, see NewID) that is creation
// order. After is the exclusive cursor: the Next of the previous page, or the zero UUID for
// the first page.
type PageRequest struct {
	// Limit is the most items to return: 0 means DefaultPageLimit.
	Limit int `json:"limit,omitempty"`
	// After returns only items whose ID sorts after it.
	After uuid.UUID `json:"after,omitzero"`
}

// Normalize returns the request with Limit defaulted, or a KindInvalid error naming Limit
// when it is negative or above MaxPageLimit.
func (r PageRequest) Normalize() (PageRequest, error) {
	switch {
	case r.Limit < 0 || r.Limit > MaxPageLimit:
		return r, Invalid("PageRequest", "Limit", "%d is not in [0, %d]", r.Limit, MaxPageLimit)
	case r.Limit == 0:
		r.Limit = DefaultPageLimit
	}
	return r, nil
}

// Page is one page of a list. Next is the cursor for the following page; it is the zero
// UUID when this is the last page.
type Page[T any] struct {
	Items []T       `json:"items"`
	Next  uuid.UUID `json:"next,omitzero"`
}

// CompareIDs orders IDs as lists do: byte order, ascending.
func CompareIDs(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }

// Paginate cuts one page out of items, which must already hold only the items that match
// the caller's filter; it sorts a copy by id, skips to req.After and takes req.Limit items.
// It is the paging logic an in-memory or host-written Store can reuse.
func Paginate[T any](items []T, id func(T) uuid.UUID, req PageRequest) (Page[T], error) {
	req, err := req.Normalize()
	if err != nil {
		return Page[T]{}, err
	}
	sorted := slices.Clone(items)
	slices.SortFunc(sorted, func(a, b T) int { return CompareIDs(id(a), id(b)) })
	start := 0
	if req.After != uuid.Nil {
		start, _ = slices.BinarySearchFunc(sorted, req.After, func(e T, t uuid.UUID) int {
			return CompareIDs(id(e), t)
		})
		if start < len(sorted) && id(sorted[start]) == req.After {
			start++
		}
	}
	end := min(start+req.Limit, len(sorted))
	page := Page[T]{Items: sorted[start:end:end]}
	if end < len(sorted) {
		page.Next = id(sorted[end-1])
	}
	if page.Items == nil {
		page.Items = []T{}
	}
	return page, nil
}

// Collect reads a whole list page by page, MaxPageLimit items at a time, following each
// page's Next until the last, and returns the items in list order. list gets each page's
// request; its first error ends the walk and is returned as it is.
func Collect[T any](list func(PageRequest) (Page[T], error)) ([]T, error) {
	var out []T
	req := PageRequest{Limit: MaxPageLimit}
	for {
		page, err := list(req)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.Next == uuid.Nil {
			return out, nil
		}
		req.After = page.Next
	}
}

// NewID is the default IDSource: a UUID version 7, whose leading bits are a millisecond
// timestamp, so that IDs sort in creation order.
func NewID() uuid.UUID {
	id, err := uuid.NewV7()
	if err != nil {
		// uuid.NewV7 fails only when the system's random source does; a v4 UUID is then
		// no better, so report the failure loudly rather than hand out a weak ID.
		panic(fmt.Sprintf("wushe.NewID: %v", err))
	}
	return id
}
