package volunteer

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// ServiceRecord is one activity's service time for one volunteer (志愿服务情况, Order 67
// Art 7): what was done, where, when, for how long, and who organized and recorded it.
//
// Minutes are the time actually served, travel excluded (CYL 2013 Art 14), and cannot
// exceed the activity's window, nor the enrolled shift when the record names an
// enrolment. "Whoever organizes records, whoever records certifies" (Order 67 Art 26): the
// organizer's record of an enrolment is verified at once; a record with no enrolment, or
// one the volunteer reports, is SelfReported and waits for the organizer's verification
// (see Service.RecordService). A record made more than ten working days
// after the activity ended (Art 11) is accepted and flagged Late. Corrections never
// overwrite: each one appends a Revision with the old and new minutes and who changed them.
// Window is the time the volunteer served, and a volunteer's time counts once: no record
// is made over the time of another pending or verified record of the same volunteer (see
// Live and Store checklist item 10).
//
// Required: VolunteerID, Activity, Content, Theme, Window, Minutes (positive, within the
// window) and Organizer (an organizing actor); EnrolmentID or OpportunityID when the service
// was on one. RecordService fills in ID (when nil), RecordedBy (the caller), RecordedAt,
// Status, SelfReported, Late, VerifiedBy and VerifiedAt (for an organizer's record of an
// enrolment), Version, CreatedAt and UpdatedAt; VerifyRecord and CorrectRecord fill in the
// rest.
type ServiceRecord struct {
	ID            uuid.UUID    `json:"id"`
	Version       int64        `json:"version"`
	VolunteerID   uuid.UUID    `json:"volunteer_id"`
	OpportunityID uuid.UUID    `json:"opportunity_id,omitzero"`
	EnrolmentID   uuid.UUID    `json:"enrolment_id,omitzero"`
	Activity      string       `json:"activity"`
	Content       string       `json:"content"`
	Place         string       `json:"place,omitempty"`
	Theme         Theme        `json:"theme"`
	Window        wushe.Window `json:"window"`
	Minutes       int          `json:"minutes"`
	Organizer     Actor        `json:"organizer"`
	RecordedBy    Actor        `json:"recorded_by"`
	RecordedAt    time.Time    `json:"recorded_at"`
	// SelfReported is set when the record is not the organizer's account of an
	// enrolment: it names none, or the volunteer reported it. It stays pending until
	// VerifyRecord.
	SelfReported bool         `json:"self_reported,omitempty"`
	Late         bool         `json:"late,omitempty"`
	Status       RecordStatus `json:"status"`
	VerifiedBy   Actor        `json:"verified_by,omitzero"`
	VerifiedAt   time.Time    `json:"verified_at,omitzero"`
	Revisions    []Revision   `json:"revisions,omitempty"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
}

// Revision is one correction of a record's minutes: the value before and after, who made
// it, when and why.
type Revision struct {
	At          time.Time `json:"at"`
	By          Actor     `json:"by"`
	FromMinutes int       `json:"from_minutes"`
	ToMinutes   int       `json:"to_minutes"`
	Reason      string    `json:"reason"`
}

// Validate checks every field and reports every problem.
func (r ServiceRecord) Validate() error {
	p := wushe.Check("ServiceRecord")
	if !p.CheckValues(r) {
		return p.Err()
	}
	p.Require(r.ID != uuid.Nil, "ID", "is required")
	p.Require(r.VolunteerID != uuid.Nil, "VolunteerID", "is required")
	p.Require(strings.TrimSpace(r.Activity) != "", "Activity", "is required")
	p.Require(strings.TrimSpace(r.Content) != "", "Content", "is required")
	requireTheme(p, "Theme", r.Theme)
	if err := r.Window.Validate(); err != nil {
		p.Nested("Window", err)
	} else {
		p.Require(time.Duration(r.Minutes)*time.Minute <= r.Window.Duration(), "Minutes",
			fmt.Sprintf("%d minutes exceed the activity's %v (travel is not service time)", r.Minutes, r.Window.Duration()))
	}
	p.Require(r.Minutes > 0, "Minutes", fmt.Sprintf("%d is not positive", r.Minutes))
	p.Nested("Organizer", r.Organizer.Validate())
	if r.Organizer.Kind.Valid() {
		p.Require(r.Organizer.Kind.Organizes(), "Organizer.Kind", "must be an organizer kind")
	}
	p.Nested("RecordedBy", r.RecordedBy.Validate())
	p.Require(!r.RecordedAt.IsZero(), "RecordedAt", "is required")
	requireOneOf(p, "Status", r.Status, recordStatuses)
	if r.Status == RecordVerified {
		p.Require(!r.VerifiedAt.IsZero(), "VerifiedAt", "is required once verified")
	}
	for i, rv := range r.Revisions {
		f := wushe.Index("Revisions", i)
		p.Nested(f+".By", rv.By.Validate())
		p.Require(strings.TrimSpace(rv.Reason) != "", f+".Reason", "is required")
	}
	return p.Err()
}

// MinutesAsOf returns the minutes the record counted at instant t: 0 unless it was
// verified by t; otherwise its minutes with only the revisions made by t applied.
func (r ServiceRecord) MinutesAsOf(t time.Time) int {
	if r.Status != RecordVerified || r.VerifiedAt.After(t) {
		return 0
	}
	m := r.Minutes
	for i := len(r.Revisions) - 1; i >= 0; i-- {
		if r.Revisions[i].At.After(t) {
			m = r.Revisions[i].FromMinutes
		}
	}
	return m
}

// WorkCalendar says which days are working days: Monday to Friday, minus Holidays, plus
// Workdays (weekend days worked in exchange for a holiday, 调休). Dates are "2006-01-02".
type WorkCalendar struct {
	Holidays []string `json:"holidays,omitempty"`
	Workdays []string `json:"workdays,omitempty"`
}

// IsWorkingDay reports whether day's calendar date is a working day.
func (c WorkCalendar) IsWorkingDay(day time.Time) bool {
	d := day.Format(time.DateOnly)
	for _, w := range c.Workdays {
		if w == d {
			return true
		}
	}
	for _, h := range c.Holidays {
		if h == d {
			return false
		}
	}
	return day.Weekday() != time.Saturday && day.Weekday() != time.Sunday
}

// AddWorkingDays returns the end of the nth working day after the date of t (midnight at
// the start of the following day, in t's location). AddWorkingDays(friday, 1) is the end
// of Monday.
func (c WorkCalendar) AddWorkingDays(t time.Time, n int) time.Time {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if c.IsWorkingDay(day) {
			n--
		}
	}
	return day.AddDate(0, 0, 1)
}

// RecordingDeadlineDays is Order 67 Art 11's limit: records within 10 working days.
const RecordingDeadlineDays = 10

// Certificate is a service-record certificate (志愿服务记录证明, Order 67 Arts 14-15):
// service time, content, recording unit, number and issue date, with the volunteer number
// (never the ID number). Code is an HMAC-SHA256 over the canonical fields with the host's
// key, so VerifyCertificate detects any change.
type Certificate struct {
	ID              uuid.UUID   `json:"id"`
	Version         int64       `json:"version"`
	Number          string      `json:"number"`
	VolunteerID     uuid.UUID   `json:"volunteer_id"`
	VolunteerNumber string      `json:"volunteer_number"`
	Minutes         int         `json:"minutes"`
	Content         string      `json:"content"`
	Unit            Actor       `json:"unit"`
	UnitName        string      `json:"unit_name"`
	Records         []uuid.UUID `json:"records"`
	IssuedOn        time.Time   `json:"issued_on"`
	Code            string      `json:"code"`
	CreatedAt       time.Time   `json:"created_at"`
	UpdatedAt       time.Time   `json:"updated_at"`
}

// Canonical returns the byte string the code signs: the certified fields, each on its
// own line as "name=value", in a fixed order, times in RFC 3339 UTC. Fields holding a
// newline are escaped with strconv.Quote, so no two certificates share a canonical form.
func (c Certificate) Canonical() []byte {
	recs := make([]string, len(c.Records))
	for i, r := range c.Records {
		recs[i] = r.String()
	}
	fields := [][2]string{
		{"number", c.Number},
		{"volunteer_id", c.VolunteerID.String()},
		{"volunteer_number", c.VolunteerNumber},
		{"minutes", strconv.Itoa(c.Minutes)},
		{"content", c.Content},
		{"unit", c.Unit.String()},
		{"unit_name", c.UnitName},
		{"records", strings.Join(recs, ",")},
		{"issued_on", c.IssuedOn.UTC().Format(time.RFC3339Nano)},
	}
	var b strings.Builder
	b.WriteString("wushe.volunteer.certificate.v1\n")
	for _, f := range fields {
		b.WriteString(f[0])
		b.WriteByte('=')
		b.WriteString(strconv.Quote(f[1]))
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// SignCertificate returns the hex HMAC-SHA256 of c.Canonical() under key.
func SignCertificate(c Certificate, key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write(c.Canonical())
	return hex.EncodeToString(m.Sum(nil))
}

// VerifyCertificate returns nil when c.Code is the HMAC of its fields under key, and a
// KindInvalid error naming Code when any field or the code was changed (or the key is
// wrong or empty).
func VerifyCertificate(c Certificate, key []byte) error {
	const op = "volunteer.VerifyCertificate"
	if len(key) == 0 {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Certificate", ID: c.Number, Field: "key", Msg: "is empty"}
	}
	got, err := hex.DecodeString(c.Code)
	want, _ := hex.DecodeString(SignCertificate(c, key))
	if err != nil || !hmac.Equal(got, want) {
		return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Certificate", ID: c.Number, Field: "Code",
			Msg: "does not match the certificate's fields: it was altered or signed with another key"}
	}
	return nil
}

// Ladder is a star-rating scheme: Thresholds[i] is the cumulative verified hours for
// star i+1, strictly increasing.
type Ladder struct {
	Name       string `json:"name"`
	Thresholds []int  `json:"thresholds"`
}

// The ladders in STANDARDS.md §1.3-1.4.
var (
	// LadderCYL is the CYL 2013 (and community-volunteer) ladder: 100/300/600/1000/1500 h.
	LadderCYL = Ladder{Name: "cyl", Thresholds: []int{100, 300, 600, 1000, 1500}}
	// LadderBeijingOld is the older Beijing ladder: 100/200/500/800/1000 h.
	LadderBeijingOld = Ladder{Name: "beijing_old", Thresholds: []int{100, 200, 500, 800, 1000}}
)

// Validate checks that the thresholds are positive and strictly increasing.
func (l Ladder) Validate() error {
	p := wushe.Check("Ladder")
	p.Require(len(l.Thresholds) > 0, "Thresholds", "needs at least one level")
	for i, t := range l.Thresholds {
		p.Require(t > 0, wushe.Index("Thresholds", i), "is not positive")
		if i > 0 {
			p.Require(t > l.Thresholds[i-1], wushe.Index("Thresholds", i), "is not above the previous threshold")
		}
	}
	return p.Err()
}

// Level returns the stars earned with minutes of verified service: the number of
// thresholds (in hours) reached.
func (l Ladder) Level(minutes int) int {
	n := 0
	for _, t := range l.Thresholds {
		if minutes >= t*60 {
			n++
		}
	}
	return n
}

// StarStatus is a volunteer's star level at an instant, with the date each level was
// reached (Reached[i] for star i+1).
type StarStatus struct {
	Minutes int         `json:"minutes"`
	Level   int         `json:"level"`
	Reached []time.Time `json:"reached,omitempty"`
}

// Stars computes the star status at asOf from a volunteer's records: verified minutes as
// of asOf (MinutesAsOf), accumulated in the order the minutes became countable
// (VerifiedAt, then record ID); a level is reached at the moment the running total first
// meets its threshold. Corrections count from the revision's time at that revision's
// value.
func (l Ladder) Stars(records []ServiceRecord, asOf time.Time) StarStatus {
	type ev struct {
		at    time.Time
		id    uuid.UUID
		delta int
	}
	var evs []ev
	for _, r := range records {
		if r.Status != RecordVerified || r.VerifiedAt.After(asOf) {
			continue
		}
		base := r.MinutesAsOf(r.VerifiedAt)
		evs = append(evs, ev{r.VerifiedAt, r.ID, base})
		prev := base
		for _, rv := range r.Revisions {
			if rv.At.After(asOf) || !rv.At.After(r.VerifiedAt) {
				continue
			}
			evs = append(evs, ev{rv.At, r.ID, rv.ToMinutes - prev})
			prev = rv.ToMinutes
		}
	}
	slices.SortFunc(evs, func(a, b ev) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return wushe.CompareIDs(a.id, b.id)
	})
	st := StarStatus{}
	for _, e := range evs {
		st.Minutes += e.delta
		for lvl := l.Level(st.Minutes); len(st.Reached) < lvl; {
			st.Reached = append(st.Reached, e.at)
		}
	}
	st.Level = l.Level(st.Minutes)
	if len(st.Reached) > st.Level {
		st.Reached = st.Reached[:st.Level]
	}
	return st
}
