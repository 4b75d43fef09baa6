// Package volunteer models community volunteering (社区志愿者) in the five-party linkage:
// volunteers and their teams, recruitment posts with shifts, sign-ups with waitlists,
// service-hour records and their certificates, star levels, an attendance score, and a
// points ledger that can serve as a time bank (时间银行).
//
// # The model
//
// A Volunteer is registered with a public volunteer number (never the ID number), the
// personal block Order 67 asks for, skills, weekly availability, a weekly hour cap,
// guardian consent for minors and accident insurance. Personal data lives in the kernel's
// masked types, and a child's record (under 14) is masked as a whole.
//
// An Opportunity is a post with one or more Shifts; a weekly one repeats them, and
// Occurrences expands them over a range. A volunteer signs up for a ShiftRef (opportunity,
// shift, occurrence); the Store's EnrolInShift confirms or waitlists atomically, so a
// shift's capacity holds under any number of concurrent sign-ups, and CancelEnrolment
// promotes the waitlist in order (applied time, then ID).
//
// Jurisdiction rules are data: a Profile (national, shanghai, shandong, beijing, cyl)
// says below which age nobody registers individually, consent or not (CYL: 14), the
// minimum age for individual service, when a guardian's consent is needed (and that a
// 16- or 17-year-old living on their own labour income needs none, 民法典 Art 18), which
// risks minors may not take, from which risk insurance is required, and whether points
// may be transferred. LookupProfile fails on an unknown name instead of guessing. Errors
// of the age rules state the rule, never the volunteer's age.
//
// Register needs only a name and a valid ID number: the birth date and gender are read
// from the number. CommunityID and GridID are opaque references here: this package keeps
// no communities. A host that sets Options.Communities (linkage.CommunityChecker over the
// linkage Store) has Register and UpdateVolunteer refuse an unknown CommunityID; without
// it the host checks them against the communities it keeps before either call.
//
// A ServiceRecord holds minutes actually served, and follows the enrolment it stands on:
// the organizer's record of a confirmed, checked-in or completed enrolment is verified at
// once ("whoever organizes records, whoever records certifies", Order 67 Art 26), one per
// enrolment and never longer than the enrolled shift; a record with no enrolment, or one
// the volunteer reports, is self-reported and counts only after the organizer's
// VerifyRecord. A rejected record counts for nothing and holds its enrolment no longer:
// the enrolment is recorded afresh. A volunteer serves in one place at a time, so a
// volunteer's time counts once: no record is made over the time of another pending or
// verified record of the volunteer, and none is verified over a verified one (Store
// checklist item 10, atomic in every Store); a report of a shift the organizer already
// recorded is refused when it is made, naming that record. CloseShift settles a shift that has ended in one idempotent call: a
// verified record and points for each check-in, a no-show for each confirmed volunteer
// who never came. A check-in the volunteer has reported themselves is left, unverified
// and without points, for the organizer, and the closure lists it as awaiting
// verification: once the organizer verifies the report (its own minutes stand) or rejects
// it (the shift's minutes are recorded afresh), closing again settles it. Records made after the ten-working-day deadline are flagged;
// corrections append Revisions. A Certificate states the service time, content, unit, number and date
// with the volunteer number, and carries an HMAC-SHA256 code that VerifyCertificate checks.
//
// Star levels follow a configurable Ladder (CYL 100/300/600/1000/1500 h by default) and
// can be read as of any instant, with the date each level was reached.
//
// # The ledger
//
// Points are kept in a double-entry, append-only ledger: every Transaction's entries sum
// to zero, a balance is the sum of an account's entries (as of any instant), a volunteer's
// balance never goes negative, and every posting carries an idempotency key, so a retried
// call posts once. LedgerRules hold the rates, caps, storage cap, expiry (none by default)
// and the no-show penalty; the catalogue refuses cash equivalents, because volunteering is
// unpaid.
//
// # Matching
//
// A Matcher (Service.NewMatcher) assigns volunteers to shift occurrences: hard rules
// (eligibility under the profile, availability, overlaps, the weekly cap, distance) decide
// who may take a shift; a weighted sum of named factors (skill, distance against the
// five-minute service circle, reliability, fairness over the last month, locality, team)
// scores each candidate; a min-cost flow fills the most places first and then maximises
// the total score. Every choice, rejection and exclusion comes with its explanation.
//
// # Using it
//
// Build a Service over a Store (memstore.New() in examples and tests, a database adapter
// in production) and call it; volunteertest.RunStoreTests checks a Store implementation.
package volunteer
