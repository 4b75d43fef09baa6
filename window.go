package wushe

import (
	"fmt"
	"time"
)

// Window is the half-open time interval [Start, End): it contains Start and not End, so
// that back-to-back windows (a 9:00-10:00 shift and a 10:00-11:00 shift) do not overlap.
type Window struct {
	// Start is the first instant in the window.
	Start time.Time `json:"start"`
	// End is the first instant after the window.
	End time.Time `json:"end"`
}

// NewWindow returns the window [start, start+d).
func NewWindow(start time.Time, d time.Duration) Window {
	return Window{Start: start, End: start.Add(d)}
}

// Validate reports a KindInvalid error when Start or End is zero or End is not after Start.
func (w Window) Validate() error {
	c := Check("Window")
	c.Require(!w.Start.IsZero(), "Start", "is required")
	c.Require(!w.End.IsZero(), "End", "is required")
	if !w.Start.IsZero() && !w.End.IsZero() {
		c.Require(w.End.After(w.Start), "End", fmt.Sprintf("%s is not after Start %s",
			w.End.Format(time.RFC3339), w.Start.Format(time.RFC3339)))
	}
	return c.Err()
}

// Duration is End - Start; it is zero or negative for an invalid window.
func (w Window) Duration() time.Duration { return w.End.Sub(w.Start) }

// Contains reports whether t lies in [Start, End).
func (w Window) Contains(t time.Time) bool { return !t.Before(w.Start) && t.Before(w.End) }

// Covers reports whether every instant of o lies in w. An empty o is covered when its
// Start lies in w or on w.End.
func (w Window) Covers(o Window) bool {
	return !o.Start.Before(w.Start) && !o.End.After(w.End)
}

// Overlaps reports whether w and o share at least one instant. Windows that only touch
// (w.End == o.Start) do not overlap; empty windows overlap nothing.
func (w Window) Overlaps(o Window) bool {
	return w.Start.Before(o.End) && o.Start.Before(w.End) && w.Start.Before(w.End) && o.Start.Before(o.End)
}

// Intersect returns the shared part of w and o, and false when they do not overlap.
func (w Window) Intersect(o Window) (Window, bool) {
	if !w.Overlaps(o) {
		return Window{}, false
	}
	out := w
	if o.Start.After(out.Start) {
		out.Start = o.Start
	}
	if o.End.Before(out.End) {
		out.End = o.End
	}
	return out, true
}

// String renders the window as "start/end" in RFC 3339 (the ISO 8601 interval form).
func (w Window) String() string {
	return w.Start.Format(time.RFC3339) + "/" + w.End.Format(time.RFC3339)
}
