package linkage

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/clone"
)

// Reader is who asks to read case notes: a social worker (by ID) or another party (by
// reference, e.g. "hospital:psychiatry" or a user ID), as the host identifies them. The
// acting user is always passed explicitly.
type Reader struct {
	// Worker is the reader's social-worker ID, when the reader is one.
	Worker uuid.UUID `json:"worker,omitzero"`
	// Ref identifies any other reader; it is what consents name as Recipient and what
	// the disclosure log records as To.
	Ref string `json:"ref,omitempty"`
}

// String names the reader for logs: "worker <id>" or the reference.
func (r Reader) String() string {
	if r.Ref != "" {
		return r.Ref
	}
	if r.Worker != uuid.Nil {
		return "worker " + r.Worker.String()
	}
	return "an anonymous reader"
}

// SessionNote is one session's notes in the clear, as ReadCaseNotes returns them.
type SessionNote struct {
	// Index is the session's position in Case.Sessions.
	Index  int         `json:"index"`
	At     time.Time   `json:"at"`
	Kind   SessionKind `json:"kind"`
	Worker uuid.UUID   `json:"worker"`
	Text   string      `json:"text"`
}

// serviceEntitlement is how the Service itself reads the data it must check (a client's
// birth date for the guardian-consent rule, notes for an entitled reader).
func serviceEntitlement(purpose string, classes ...wushe.Class) wushe.Entitlement {
	return wushe.Entitlement{Actor: "linkage.Service", Purpose: purpose, Classes: classes}
}

// isMinor reports whether the client is under 14 on day: marked Minor, or born (per
// BirthDate, YYYY-MM-DD) less than 14 years before.
func isMinor(op string, c Client, day time.Time) (bool, error) {
	if c.Minor || c.BirthDate.IsZero() {
		return c.Minor, nil
	}
	raw, err := c.BirthDate.Reveal(serviceEntitlement("guardian consent check", c.BirthDate.Class()))
	if err != nil {
		return false, wushe.Wrap(op, err)
	}
	birth, err := time.Parse(time.DateOnly, raw)
	if err != nil {
		return false, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Case", Field: "Client.BirthDate", Msg: "is not a date (YYYY-MM-DD)"}
	}
	return wushe.IsChild(birth, day), nil
}

// OpenCase opens a case file: status intake, opened now. It requires
//   - a consent to the service (Scope containing ScopeService, no recipient), given by the
//     client, or by a guardian when the client is under 14 (PIPL Art 31);
//   - an assigned worker who exists, is active, serves the case's community, holds the
//     qualification the risk level needs (RiskLevel.RequiredQualification) and has room
//     under their caseload cap. The place is claimed atomically on the worker's record
//     before the case is written, so concurrent openings never take more places than the
//     cap allows (the loser gets KindInsufficient); a case that then fails to register
//     gives its place back;
//   - a supervisor, when named, who exists.
//
// Consents without an ID get one; a zero consent time means now. Sessions and
// disclosures start empty.
func (s *Service) OpenCase(ctx context.Context, c Case) (Case, error) {
	const op = "linkage.Service.OpenCase"
	now := s.clock.Now()
	c = clone.Of(c)
	c.Status, c.OpenedAt, c.ClosedAt, c.Sessions, c.Disclosures = CaseIntake, now, time.Time{}, nil, nil
	if c.Risk == "" {
		c.Risk = RiskLow
	}
	for i := range c.Consents {
		if c.Consents[i].ID == uuid.Nil {
			c.Consents[i].ID = s.newID()
		}
		if c.Consents[i].At.IsZero() {
			c.Consents[i].At = now
		}
	}
	if err := wushe.WithOp(op, c.Validate()); err != nil {
		return Case{}, err
	}
	minor, err := isMinor(op, c.Client, now)
	if err != nil {
		return Case{}, err
	}
	ok := slices.ContainsFunc(c.Consents, func(cs Consent) bool {
		return cs.Covers("", ScopeService, now) && (!minor || cs.GivenBy == "guardian")
	})
	if !ok {
		msg := "a consent to the service (scope %q) is required"
		if minor {
			msg = "a guardian's consent to the service (scope %q) is required for a client under 14"
		}
		return Case{}, refuse(op, wushe.KindInvalid, "Case", c.ID, "Consents", msg, ScopeService)
	}
	if _, err := s.requireCommunity(ctx, op, "Case", "Community", c.Community); err != nil {
		return Case{}, err
	}
	if err := s.checkAssignee(ctx, op, c); err != nil {
		return Case{}, err
	}
	if err := s.claimCaseload(ctx, op, c.Worker, c.ID); err != nil {
		return Case{}, err
	}
	out, err := s.cases().register(ctx, s, op, c)
	if err != nil {
		return Case{}, withRelease(err, s.releaseCaseload(ctx, op, c.Worker))
	}
	return out, nil
}

// claimCaseload takes one place of the worker's caseload, atomically: it fails with
// KindInsufficient when the worker already holds CaseloadCap open cases. Concurrent
// claims can never take more places than the cap allows.
func (s *Service) claimCaseload(ctx context.Context, op string, worker, caseID uuid.UUID) error {
	_, err := s.workers().change(ctx, s, op, worker, func(w *SocialWorker, _ time.Time) error {
		if w.CaseloadCap > 0 && w.OpenCases >= w.CaseloadCap {
			return refuse(op, wushe.KindInsufficient, "Case", caseID, "Worker",
				"social worker %s already holds %d open cases, the cap is %d", w.ID, w.OpenCases, w.CaseloadCap)
		}
		w.OpenCases++
		return nil
	})
	return err
}

// releaseCaseload gives back one place of the worker's caseload. A failure leaves the
// count high, which can only refuse a case, never exceed the cap; RecountCaseload mends it.
func (s *Service) releaseCaseload(ctx context.Context, op string, worker uuid.UUID) error {
	_, err := s.workers().change(ctx, s, op, worker, func(w *SocialWorker, _ time.Time) error {
		if w.OpenCases > 0 {
			w.OpenCases--
		}
		return nil
	})
	if err != nil {
		return &wushe.Error{Op: op, Kind: wushe.KindOf(err), Entity: "SocialWorker", ID: worker.String(),
			Field: "OpenCases", Msg: "the caseload count was not released; Service.RecountCaseload mends it", Err: err}
	}
	return nil
}

// withRelease adds a failed release to the error that made it necessary.
func withRelease(err, release error) error {
	if release == nil {
		return err
	}
	return errors.Join(err, release)
}

// RecountCaseload sets a worker's OpenCases from the cases in the store that are assigned
// to the worker and not closed, and returns the worker. Run it to mend the count after a
// store failure left it high; a case being opened for the worker at the same moment may be
// missed, so run it when the worker's cases are quiet.
func (s *Service) RecountCaseload(ctx context.Context, worker uuid.UUID) (SocialWorker, error) {
	const op = "linkage.Service.RecountCaseload"
	open := 0
	f := CaseFilter{Worker: worker, Page: wushe.PageRequest{Limit: wushe.MaxPageLimit}}
	for {
		page, err := s.store.ListCases(ctx, f)
		if err != nil {
			return SocialWorker{}, fail(op, err)
		}
		for _, c := range page.Items {
			if c.Status != CaseClosed {
				open++
			}
		}
		if page.Next == uuid.Nil {
			break
		}
		f.Page.After = page.Next
	}
	return s.workers().change(ctx, s, op, worker, func(w *SocialWorker, _ time.Time) error {
		w.OpenCases = open
		return nil
	})
}

// checkAssignee checks the case's worker and supervisor.
func (s *Service) checkAssignee(ctx context.Context, op string, c Case) error {
	w, err := s.store.GetSocialWorker(ctx, c.Worker)
	if err != nil {
		if wushe.KindOf(err) == wushe.KindNotFound {
			return refuse(op, wushe.KindNotFound, "Case", c.ID, "Worker", "social worker %s does not exist", c.Worker)
		}
		return fail(op, err)
	}
	switch {
	case w.Status != WorkerActive:
		return refuse(op, wushe.KindConflict, "Case", c.ID, "Worker", "social worker %s is %s, not active: assign an active worker, or set this one back to active with UpdateSocialWorker", w.ID, w.Status)
	case !w.Serves(c.Community):
		return refuse(op, wushe.KindConflict, "Case", c.ID, "Worker", "social worker %s does not serve community %s", w.ID, c.Community)
	case !w.Qualification.AtLeast(c.Risk.RequiredQualification()):
		return refuse(op, wushe.KindInsufficient, "Case", c.ID, "Worker",
			"a %s-risk case needs at least %s; social worker %s is %s", c.Risk, c.Risk.RequiredQualification(), w.ID, w.Qualification)
	}
	if c.Supervisor != uuid.Nil {
		if _, err := s.store.GetSocialWorker(ctx, c.Supervisor); err != nil {
			if wushe.KindOf(err) == wushe.KindNotFound {
				return refuse(op, wushe.KindNotFound, "Case", c.ID, "Supervisor", "social worker %s does not exist", c.Supervisor)
			}
			return fail(op, err)
		}
	}
	return nil
}

// AdvanceCase moves a case to status to, as CaseStatus.CanMoveTo allows; any other move
// is KindConflict naming Status. Closing stamps ClosedAt.
func (s *Service) AdvanceCase(ctx context.Context, id uuid.UUID, to CaseStatus) (Case, error) {
	const op = "linkage.Service.AdvanceCase"
	out, err := s.cases().change(ctx, s, op, id, func(c *Case, now time.Time) error {
		if !c.Status.CanMoveTo(to) {
			return refuse(op, wushe.KindConflict, "Case", id, "Status", "cannot move from %s to %q: %s", c.Status, to, caseMoves(c.Status))
		}
		c.Status = to
		if to == CaseClosed {
			c.ClosedAt = now
		}
		return nil
	})
	if err != nil || to != CaseClosed {
		return out, err
	}
	// The case is closed; a failure to release the place is reported with the closed case.
	return out, s.releaseCaseload(ctx, op, out.Worker)
}

// SetCasePlan records the case plan; the case must not be closed.
func (s *Service) SetCasePlan(ctx context.Context, id uuid.UUID, plan CasePlan) (Case, error) {
	const op = "linkage.Service.SetCasePlan"
	if !plan.Text.IsZero() && plan.Text.Class() != wushe.ClassCaseNote {
		return Case{}, refuse(op, wushe.KindInvalid, "Case", id, "Plan.Text", "must be of class case_note")
	}
	return s.cases().change(ctx, s, op, id, func(c *Case, _ time.Time) error {
		if c.Status == CaseClosed {
			return refuse(op, wushe.KindConflict, "Case", id, "Status", "the case is closed: a closed case takes no more work; open a new one with OpenCase")
		}
		c.Plan = clone.Of(plan)
		return nil
	})
}

// AddSession records a session on an open case. The session's worker must be the
// assigned worker or the supervisor (KindForbidden otherwise); a zero At means now; notes
// must be of class case_note (wushe.NewSensitive(wushe.ClassCaseNote, text)).
func (s *Service) AddSession(ctx context.Context, caseID uuid.UUID, sess Session) (Case, error) {
	const op = "linkage.Service.AddSession"
	if sess.At.IsZero() {
		sess.At = s.clock.Now()
	}
	if err := wushe.WithOp(op, sess.Validate()); err != nil {
		return Case{}, err
	}
	return s.cases().change(ctx, s, op, caseID, func(c *Case, _ time.Time) error {
		if c.Status == CaseClosed {
			return refuse(op, wushe.KindConflict, "Case", caseID, "Status", "the case is closed: a closed case takes no more work; open a new one with OpenCase")
		}
		if sess.Worker != c.Worker && (c.Supervisor == uuid.Nil || sess.Worker != c.Supervisor) {
			return refuse(op, wushe.KindForbidden, "Case", caseID, "Sessions.Worker",
				"social worker %s is neither the assigned worker nor the supervisor", sess.Worker)
		}
		c.Sessions = append(c.Sessions, sess)
		return nil
	})
}

// RecordConsent adds a consent to a case (an ID is assigned if missing; a zero At means
// now).
func (s *Service) RecordConsent(ctx context.Context, caseID uuid.UUID, cs Consent) (Case, error) {
	const op = "linkage.Service.RecordConsent"
	if cs.ID == uuid.Nil {
		cs.ID = s.newID()
	}
	if cs.At.IsZero() {
		cs.At = s.clock.Now()
	}
	cs.WithdrawnAt = time.Time{}
	cs = clone.Of(cs)
	if err := wushe.WithOp(op, cs.Validate()); err != nil {
		return Case{}, err
	}
	return s.cases().change(ctx, s, op, caseID, func(c *Case, _ time.Time) error {
		if slices.ContainsFunc(c.Consents, func(o Consent) bool { return o.ID == cs.ID }) {
			return refuse(op, wushe.KindAlreadyExists, "Case", caseID, "Consents", "consent %s is already recorded", cs.ID)
		}
		c.Consents = append(c.Consents, cs)
		return nil
	})
}

// WithdrawConsent marks a consent withdrawn now. From then on it covers nothing; the
// disclosures made under it stay logged. Withdrawing twice is KindConflict.
func (s *Service) WithdrawConsent(ctx context.Context, caseID, consentID uuid.UUID) (Case, error) {
	const op = "linkage.Service.WithdrawConsent"
	return s.cases().change(ctx, s, op, caseID, func(c *Case, now time.Time) error {
		i := slices.IndexFunc(c.Consents, func(o Consent) bool { return o.ID == consentID })
		switch {
		case i < 0:
			return refuse(op, wushe.KindNotFound, "Case", caseID, "Consents", "has no consent %s", consentID)
		case !c.Consents[i].WithdrawnAt.IsZero():
			return refuse(op, wushe.KindConflict, "Case", caseID, wushe.Index("Consents", i)+".WithdrawnAt", "the consent is already withdrawn")
		}
		if now.Before(c.Consents[i].At) {
			now = c.Consents[i].At
		}
		c.Consents[i].WithdrawnAt = now
		return nil
	})
}

// ReadCaseNotes reveals a case's session notes to reader, for purpose, and returns them in
// session order. Who may read:
//   - the assigned worker and the supervisor (Reader.Worker), for any purpose, without a
//     disclosure record: they hold the file;
//   - anyone else (Reader.Ref) with basis consent, when an unwithdrawn consent names
//     reader.Ref as Recipient and covers ScopeNotes.
//
// A read by anyone else needs a purpose, and is logged on the case as a Disclosure (by
// the assigned worker, to reader.Ref, purpose, basis, fields ["notes"]) in the same write
// that checks the entitlement, so no note leaves without its log entry. Any other reader
// gets a KindForbidden error and nothing is written. The break-glass bases (imminent_harm,
// statutory_duty) are refused as invalid here: they go through BreakGlassCaseNotes, which
// takes a stated reason.
//
// The host authenticates the reader; wushe authorizes against the Reader it is given and
// logs every disclosure.
func (s *Service) ReadCaseNotes(ctx context.Context, caseID uuid.UUID, reader Reader, purpose string, basis Basis) ([]SessionNote, error) {
	const op = "linkage.Service.ReadCaseNotes"
	if basis.BreakGlass() {
		return nil, refuse(op, wushe.KindInvalid, "Case", caseID, "Basis",
			"%s is a break-glass basis: use BreakGlassCaseNotes, which takes a stated reason", basis)
	}
	return s.discloseNotes(ctx, op, caseID, reader, purpose, basis, "")
}

// BreakGlassCaseNotes reveals a case's session notes, without the client's consent, to a
// reader who must have them now: on basis imminent_harm (serious, foreseeable and
// imminent harm to the client or others) or statutory_duty (a law requires it; NASW Code
// 1.07(c), STANDARDS.md §7.2). It needs a purpose and a reason stating the facts (the
// harm foreseen, or the law and article), and logs a Disclosure carrying both, flagged
// NeedsReview for the case supervisor (ReviewDisclosure), in the same write that reveals
// the notes. A missing purpose or reason, or any other basis, is invalid and writes
// nothing.
//
// The host authenticates the reader and decides who may break the glass at all (a duty
// officer, a supervisor on call); wushe checks the basis and the reason, logs the
// disclosure and keeps it in front of the supervisor until reviewed.
func (s *Service) BreakGlassCaseNotes(ctx context.Context, caseID uuid.UUID, reader Reader, basis Basis, purpose, reason string) ([]SessionNote, error) {
	const op = "linkage.Service.BreakGlassCaseNotes"
	if !basis.BreakGlass() {
		return nil, refuse(op, wushe.KindInvalid, "Case", caseID, "Basis", "must be imminent_harm or statutory_duty")
	}
	if strings.TrimSpace(reason) == "" {
		return nil, refuse(op, wushe.KindInvalid, "Case", caseID, "Reason",
			"a break-glass read states its reason: the harm foreseen, or the law that requires it")
	}
	return s.discloseNotes(ctx, op, caseID, reader, purpose, basis, reason)
}

// discloseNotes is ReadCaseNotes and BreakGlassCaseNotes once the basis is checked.
func (s *Service) discloseNotes(ctx context.Context, op string, caseID uuid.UUID, reader Reader, purpose string, basis Basis, reason string) ([]SessionNote, error) {
	c, err := s.store.GetCase(ctx, caseID)
	if err != nil {
		return nil, fail(op, err)
	}
	if reader.Worker != uuid.Nil && (reader.Worker == c.Worker || reader.Worker == c.Supervisor) && reason == "" {
		return revealNotes(op, c, reader, purpose)
	}
	if strings.TrimSpace(reader.Ref) == "" {
		return nil, refuse(op, wushe.KindForbidden, "Case", caseID, "Sessions.Notes",
			"%s is neither the assigned worker nor the supervisor, and names no reference to disclose to", reader)
	}
	if strings.TrimSpace(purpose) == "" {
		return nil, refuse(op, wushe.KindInvalid, "Case", caseID, "Purpose", "a disclosure needs a purpose")
	}
	if !basis.Valid() {
		return nil, refuse(op, wushe.KindInvalid, "Case", caseID, "Basis", "%s", bases.Problem(basis))
	}
	var notes []SessionNote
	_, err = s.cases().change(ctx, s, op, caseID, func(c *Case, now time.Time) error {
		if basis == BasisConsent && !c.Consented(reader.Ref, ScopeNotes, now) {
			return refuse(op, wushe.KindForbidden, "Case", caseID, "Sessions.Notes",
				"no consent on file lets %s see the notes", reader.Ref)
		}
		var err error
		if notes, err = revealNotes(op, *c, reader, purpose); err != nil {
			return err
		}
		c.Disclosures = append(c.Disclosures, Disclosure{At: now, By: c.Worker.String(), To: reader.Ref,
			Purpose: purpose, Basis: basis, Fields: []string{ScopeNotes}, Reason: reason, NeedsReview: basis.BreakGlass()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return notes, nil
}

// ReviewDisclosure records the case supervisor's review of the disclosure at index i of
// the case's log: a break-glass disclosure stays flagged (Disclosure.AwaitsReview) until
// the supervisor named on the case reviews it with a note stating the conclusion. Anyone
// else is forbidden; a case without a supervisor, a disclosure not flagged or already
// reviewed is a conflict; a missing note is invalid. It returns the updated case.
func (s *Service) ReviewDisclosure(ctx context.Context, caseID uuid.UUID, i int, supervisor uuid.UUID, note string) (Case, error) {
	const op = "linkage.Service.ReviewDisclosure"
	if strings.TrimSpace(note) == "" {
		return Case{}, refuse(op, wushe.KindInvalid, "Case", caseID, "ReviewNote", "a review states its conclusion")
	}
	return s.cases().change(ctx, s, op, caseID, func(c *Case, now time.Time) error {
		f := wushe.Index("Disclosures", i)
		switch {
		case c.Supervisor == uuid.Nil:
			return refuse(op, wushe.KindConflict, "Case", caseID, "Supervisor", "the case has no supervisor to review its disclosures")
		case supervisor != c.Supervisor:
			return refuse(op, wushe.KindForbidden, "Case", caseID, "Supervisor", "only the case supervisor reviews its disclosures")
		case i < 0 || i >= len(c.Disclosures):
			return refuse(op, wushe.KindNotFound, "Case", caseID, f, "the case has no such disclosure")
		case !c.Disclosures[i].NeedsReview:
			return refuse(op, wushe.KindConflict, "Case", caseID, f+".NeedsReview", "the disclosure is not flagged for review")
		case !c.Disclosures[i].ReviewedAt.IsZero():
			return refuse(op, wushe.KindConflict, "Case", caseID, f+".ReviewedAt", "the disclosure is already reviewed")
		}
		d := &c.Disclosures[i]
		d.ReviewedBy, d.ReviewedAt, d.ReviewNote = supervisor, now, note
		return nil
	})
}

func revealNotes(op string, c Case, reader Reader, purpose string) ([]SessionNote, error) {
	if purpose == "" {
		purpose = "case work"
	}
	e := serviceEntitlement(reader.String()+": "+purpose, wushe.ClassCaseNote)
	out := make([]SessionNote, 0, len(c.Sessions))
	for i, sess := range c.Sessions {
		text, err := sess.Notes.Reveal(e)
		if err != nil {
			return nil, wushe.Wrap(op, err)
		}
		out = append(out, SessionNote{Index: i, At: sess.At, Kind: sess.Kind, Worker: sess.Worker, Text: text})
	}
	return out, nil
}

// GetCase returns the case with the given ID. Notes and client attributes stay masked:
// they are wushe.Sensitive, and only ReadCaseNotes reveals notes.
func (s *Service) GetCase(ctx context.Context, id uuid.UUID) (Case, error) {
	c, err := s.store.GetCase(ctx, id)
	return c, wushe.Wrap("linkage.Service.GetCase", err)
}

// ListCases returns one page of the cases matching f, masked as GetCase's.
func (s *Service) ListCases(ctx context.Context, f CaseFilter) (wushe.Page[Case], error) {
	p, err := s.store.ListCases(ctx, f)
	return p, wushe.Wrap("linkage.Service.ListCases", err)
}

// UpdateCase changes who holds a case and how risky it is: Worker, Supervisor, Risk and
// Household are taken from c; everything else (client, consents, plan, sessions, status,
// disclosures) only changes through the life-cycle methods. The new worker must pass the
// checks OpenCase makes. c.Version must be the stored one.
func (s *Service) UpdateCase(ctx context.Context, c Case) (Case, error) {
	const op = "linkage.Service.UpdateCase"
	cur, err := s.store.GetCase(ctx, c.ID)
	if err != nil {
		return Case{}, fail(op, err)
	}
	if cur.Version != c.Version {
		return Case{}, stale(op, "Case", c.ID, c.Version, cur.Version)
	}
	next := cur
	next.Worker, next.Supervisor, next.Risk, next.Household = c.Worker, c.Supervisor, c.Risk, c.Household
	if err := wushe.WithOp(op, next.Validate()); err != nil {
		return Case{}, err
	}
	if err := s.checkAssignee(ctx, op, next); err != nil {
		return Case{}, err
	}
	moves := cur.Worker != next.Worker && cur.Status != CaseClosed
	if moves {
		if err := s.claimCaseload(ctx, op, next.Worker, c.ID); err != nil {
			return Case{}, err
		}
	}
	out, err := s.cases().change(ctx, s, op, c.ID, func(cur *Case, _ time.Time) error {
		if cur.Version != c.Version {
			return stale(op, "Case", c.ID, c.Version, cur.Version)
		}
		cur.Worker, cur.Supervisor, cur.Risk, cur.Household = c.Worker, c.Supervisor, c.Risk, c.Household
		return nil
	})
	switch {
	case err != nil && moves:
		return Case{}, withRelease(err, s.releaseCaseload(ctx, op, next.Worker))
	case err != nil:
		return Case{}, err
	case moves:
		return out, s.releaseCaseload(ctx, op, cur.Worker)
	}
	return out, nil
}

// caseMoves says where a case may go from s, for a refused AdvanceCase.
func caseMoves(s CaseStatus) string {
	if s == CaseClosed {
		return "a closed case stays closed; open a new one with OpenCase"
	}
	var next []CaseStatus
	for _, to := range caseOrder {
		if s.CanMoveTo(to) {
			next = append(next, to)
		}
	}
	return "from " + string(s) + " it moves to " + orList(next) + " with AdvanceCase, one step at a time"
}
