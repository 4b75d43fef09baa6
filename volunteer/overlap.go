package volunteer

import (
	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// A volunteer serves in one place at a time, so a volunteer's service time counts once:
// the Store keeps two rules over the records of one volunteer (Store checklist item 10).
//
//   - No two verified records overlap in time. Their minutes are what hours, star levels,
//     points, certificates and reports add up, so time covered twice would count twice.
//     Verifying a pending record is refused while a verified record overlaps it.
//   - A record is never made live (pending or verified) over the time of another live
//     record: a new record, a rejected one brought back, or a record moved to another
//     window or volunteer. A volunteer's report of a shift the organizer has recorded, or
//     an organizer's record of a time the volunteer has reported, is refused when it is
//     made, not when it is verified; the caller learns which record holds the time. So
//     two live records overlap only when they were stored before this rule, and then the
//     first of them verified wins: the other cannot be verified.
//
// Windows are half-open ([Start, End), wushe.Window): a record that ends at 10:00 and one
// that starts at 10:00 do not overlap. A record's Window is the time the volunteer
// served, so a volunteer who gave two hours of a day-long event is recorded over those two
// hours, not over the day. Two records of one enrolment are the enrolment rule's business
// (KindAlreadyExists naming EnrolmentID), not this one's. Rejected records hold nothing.

// Live reports whether the record holds its time and its enrolment: it is pending or
// verified. A rejected record never counts.
func (r ServiceRecord) Live() bool { return r.Status == RecordPending || r.Status == RecordVerified }

// RecordOverlap is the cause a Store gives when it refuses to write a record over another
// record of the same volunteer (Store checklist item 10): the other record's ID, its
// status and its window. It carries no personal data.
type RecordOverlap struct {
	// Other is the ID of the record that already holds the time.
	Other uuid.UUID
	// Status is Other's status: pending (it awaits its organizer's VerifyRecord) or
	// verified (it counts).
	Status RecordStatus
	// Window is Other's window.
	Window wushe.Window
}

// Error says which record holds the time.
func (o *RecordOverlap) Error() string {
	return "record " + o.Other.String() + " (" + string(o.Status) + ") holds " + o.Window.String()
}

// OverlapCheckNeeded reports whether writing r over before (nil when r is new) must be
// checked against the volunteer's other records: r is live and is new, or the write
// changes its Status, Window or VolunteerID. A write that changes none of them (a
// correction of minutes, say) is never refused for overlapping, so that records stored
// before the rule can still be corrected. A Store may skip its overlap query when this is
// false.
func OverlapCheckNeeded(before *ServiceRecord, r ServiceRecord) bool {
	if !r.Live() {
		return false
	}
	return before == nil || before.Status != r.Status || before.VolunteerID != r.VolunteerID ||
		!before.Window.Start.Equal(r.Window.Start) || !before.Window.End.Equal(r.Window.End)
}

// verifying reports whether writing r over before only verifies a pending record: same
// volunteer, same window, pending to verified.
func verifying(before *ServiceRecord, r ServiceRecord) bool {
	return before != nil && before.Status == RecordPending && r.Status == RecordVerified &&
		before.VolunteerID == r.VolunteerID && before.Window.Start.Equal(r.Window.Start) && before.Window.End.Equal(r.Window.End)
}

// clashes reports whether the stored record o forbids writing r over before (nil when r
// is new): o is another live record of r's volunteer, not of r's enrolment, whose window
// overlaps r's; and either the write verifies a pending record and o is verified, or it
// is any other write that leaves r live (a new record, a rejected one brought back, a
// change of window or volunteer), which no live record may overlap.
func clashes(before *ServiceRecord, r, o ServiceRecord) bool {
	if o.ID == r.ID || o.VolunteerID != r.VolunteerID || !o.Live() || !r.Window.Overlaps(o.Window) {
		return false
	}
	if r.EnrolmentID != uuid.Nil && o.EnrolmentID == r.EnrolmentID {
		return false
	}
	return !verifying(before, r) || o.Status == RecordVerified
}

// CheckOverlap applies Store checklist item 10 to a write of r over before (nil when r is
// new). others are stored records of the volunteer in ID order: all of them, or any
// superset of those whose windows overlap r's (a Store narrows them with an index); r's
// own row among them is skipped. It returns nil when the write is allowed, and otherwise
// the error the Store returns: KindConflict for the ServiceRecord r naming Window, whose
// cause is a *RecordOverlap naming the first clashing record of others.
func CheckOverlap(op string, before *ServiceRecord, r ServiceRecord, others []ServiceRecord) error {
	if !OverlapCheckNeeded(before, r) {
		return nil
	}
	for _, o := range others {
		if clashes(before, r, o) {
			return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "ServiceRecord", ID: r.ID.String(), Field: "Window",
				Msg: "overlaps another record of the same volunteer: a volunteer's time counts once",
				Err: &RecordOverlap{Other: o.ID, Status: o.Status, Window: o.Window}}
		}
	}
	return nil
}
