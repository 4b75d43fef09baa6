package volunteer

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/wushe/wushe"
)

// TimeOfDay is a clock time as minutes after midnight, 0 to 1440 (1440 is the end of the
// day, allowed as a window's end). It encodes in JSON as "HH:MM" ("24:00" for 1440).
type TimeOfDay int

// ParseTimeOfDay parses "HH:MM" (00:00 to 24:00).
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	const entity, field = "TimeOfDay", "TimeOfDay"
	if len(s) != 5 || s[2] != ':' {
		return 0, wushe.Invalid(entity, field, "%q is not HH:MM", s)
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, wushe.Invalid(entity, field, "%q is not HH:MM", s)
		}
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	if m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, wushe.Invalid(entity, field, "%q is not a time between 00:00 and 24:00", s)
	}
	return TimeOfDay(h*60 + m), nil
}

// NewTimeOfDay returns the time of day h:m (NewTimeOfDay(9, 30) is 09:30). It does not
// check the range; Valid does.
func NewTimeOfDay(h, m int) TimeOfDay { return TimeOfDay(h*60 + m) }

// Valid reports whether t is in [0, 1440].
func (t TimeOfDay) Valid() bool { return t >= 0 && t <= 24*60 }

// String renders "HH:MM".
func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", int(t)/60, int(t)%60) }

// MarshalJSON encodes "HH:MM".
func (t TimeOfDay) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }

// UnmarshalJSON decodes "HH:MM".
func (t *TimeOfDay) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return wushe.Invalid("TimeOfDay", "TimeOfDay", "want a JSON string: %v", err)
	}
	v, err := ParseTimeOfDay(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// DayWindow is [Start, End) on one day, in local clock time.
type DayWindow struct {
	Start TimeOfDay `json:"start"`
	End   TimeOfDay `json:"end"`
}

// Validate checks that both ends are clock times and End is after Start.
func (w DayWindow) Validate() error {
	p := wushe.Check("DayWindow")
	p.Require(w.Start.Valid(), "Start", fmt.Sprintf("%d is not in [0, 1440]", int(w.Start)))
	p.Require(w.End.Valid(), "End", fmt.Sprintf("%d is not in [0, 1440]", int(w.End)))
	p.Require(w.End > w.Start, "End", "is not after Start")
	return p.Err()
}

// WeeklyWindow is a window that recurs on one weekday every week.
type WeeklyWindow struct {
	Weekday time.Weekday `json:"weekday"`
	DayWindow
}

// DateException changes the availability on one calendar date ("2006-01-02"): Unavailable
// removes the whole day; otherwise Windows are added to the weekly ones for that date.
type DateException struct {
	Date        string      `json:"date"`
	Unavailable bool        `json:"unavailable,omitempty"`
	Windows     []DayWindow `json:"windows,omitempty"`
}

// Availability is when a volunteer can serve: weekly windows with dated exceptions. Times
// are local clock times in the location of the shift being checked.
type Availability struct {
	Weekly     []WeeklyWindow  `json:"weekly,omitempty"`
	Exceptions []DateException `json:"exceptions,omitempty"`
}

// Validate checks every window and exception.
func (a Availability) Validate() error {
	p := wushe.Check("Availability")
	for i, w := range a.Weekly {
		f := wushe.Index("Weekly", i)
		p.Require(w.Weekday >= time.Sunday && w.Weekday <= time.Saturday, f+".Weekday", fmt.Sprintf("%d is not a weekday", w.Weekday))
		p.Nested(f, w.DayWindow.Validate())
	}
	for i, e := range a.Exceptions {
		f := wushe.Index("Exceptions", i)
		if _, err := time.Parse(time.DateOnly, e.Date); err != nil {
			p.Addf(f+".Date", "%q is not a date (YYYY-MM-DD)", e.Date)
		}
		if e.Unavailable && len(e.Windows) > 0 {
			p.Addf(f+".Windows", "must be empty when the date is unavailable")
		}
		for j, w := range e.Windows {
			p.Nested(f+"."+wushe.Index("Windows", j), w.Validate())
		}
	}
	return p.Err()
}

// appendWindowsOn appends to out the day windows that apply on the calendar date of day,
// and returns out unchanged when an exception marks the day unavailable. The date is
// written out only when there are exceptions to compare it with.
func (a Availability) appendWindowsOn(out []DayWindow, day time.Time) []DayWindow {
	var date string
	if len(a.Exceptions) > 0 {
		date = day.Format(time.DateOnly)
		for _, e := range a.Exceptions {
			if e.Date == date && e.Unavailable {
				return out
			}
		}
	}
	wd := day.Weekday()
	for _, w := range a.Weekly {
		if w.Weekday == wd {
			out = append(out, w.DayWindow)
		}
	}
	for _, e := range a.Exceptions {
		if e.Date == date {
			out = append(out, e.Windows...)
		}
	}
	return out
}

// Covers reports whether the volunteer is available for the whole of w, read as local
// clock times in loc (nil: w.Start's location). A window spanning midnight must be covered
// on each day; adjacent or overlapping windows on one day join up.
func (a Availability) Covers(w wushe.Window, loc *time.Location) bool {
	if w.Duration() <= 0 {
		return false
	}
	if loc == nil {
		loc = w.Start.Location()
	}
	start, end := w.Start.In(loc), w.End.In(loc)
	var buf [8]DayWindow // a day's windows, without a heap allocation for most days
	for day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, loc); day.Before(end); day = day.AddDate(0, 0, 1) {
		next := day.AddDate(0, 0, 1)
		from, to := TimeOfDay(0), TimeOfDay(24*60)
		if start.After(day) {
			from = minutesInto(day, start)
		}
		if end.Before(next) {
			to = minutesInto(day, end)
		}
		if from >= to {
			continue
		}
		if !coveredBy(a.appendWindowsOn(buf[:0], day), from, to) {
			return false
		}
	}
	return true
}

// minutesInto is the clock time of t on day, rounded up to the minute for safety.
func minutesInto(day, t time.Time) TimeOfDay {
	d := t.Sub(day)
	m := int(d / time.Minute)
	if d%time.Minute != 0 {
		m++
	}
	return TimeOfDay(m)
}

// coveredBy reports whether the union of ws covers [from, to).
func coveredBy(ws []DayWindow, from, to TimeOfDay) bool {
	reach := from
	for progress := true; progress && reach < to; {
		progress = false
		for _, w := range ws {
			if w.Start <= reach && w.End > reach {
				reach = w.End
				progress = true
			}
		}
	}
	return reach >= to
}
