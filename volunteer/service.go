package volunteer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// Options configures a Service. The zero value is useful: the system clock, time-ordered
// IDs, the national profile, DefaultLedgerRules, the CYL ladder, a 24-hour notice period,
// DefaultReliability, Monday-Friday working days in UTC. CertificateKey has no default:
// without it IssueCertificate and VerifyCertificate fail.
type Options struct {
	// Clock tells the time; default wushe.SystemClock{}.
	Clock wushe.Clock
	// NewID makes entity IDs; default wushe.NewID.
	NewID wushe.IDSource
	// Profile names the jurisdiction profile (LookupProfile); default DefaultProfile. An
	// unknown name makes NewService fail.
	Profile string
	// Ledger holds the points rules; nil means DefaultLedgerRules().
	Ledger *LedgerRules
	// Ladder is the star ladder; nil means LadderCYL.
	Ladder *Ladder
	// CertificateKey signs certificates (HMAC-SHA256). Keep it secret and stable.
	CertificateKey []byte
	// ResidentKey keys residents' points accounts: an account is named by the keyed index
	// of the resident's pseudonymous reference (wushe.KeyedIndex), so the ledger never holds
	// the reference. At least 16 random bytes; keep it secret and stable (another key names
	// other accounts). Required for EarnForAct, the resident calls and volunteers with a
	// ResidentRef; nil switches residents' points off.
	ResidentKey []byte
	// Calendar gives the working days for the 10-working-day recording deadline.
	Calendar WorkCalendar
	// Location is where calendar dates are read (deadlines, weeks, daily caps);
	// default time.UTC. China hosts use Asia/Shanghai.
	Location *time.Location
	// CancelNotice is the notice period: a volunteer's cancellation less than this before
	// the shift starts is late. Default 24 hours.
	CancelNotice time.Duration
	// Reliability configures the attendance score; nil means DefaultReliability.
	Reliability *Reliability
	// MinAnnualHours is the yearly minimum of service (CYL 2013 Art 11: 20); 0 means 20.
	MinAnnualHours int
	// Communities, when set, checks Volunteer.CommunityID: Register, and UpdateVolunteer
	// when it changes the field, refuse a community the checker does not know
	// (KindNotFound naming CommunityID) and store nothing; uuid.Nil (unknown) is not
	// checked. linkage.CommunityChecker(store) checks against linkage's communities. Nil
	// leaves CommunityID an opaque reference that the host checks itself.
	Communities CommunityChecker
}

// Service applies the volunteer rules over a Store. It is safe for concurrent use when its
// Store is (and the Clock and IDSource of its Options, as every one wushe provides is).
type Service struct {
	store    Store
	clock    wushe.Clock
	newID    wushe.IDSource
	profile  Profile
	rules    LedgerRules
	ladder   Ladder
	key      []byte
	resident []byte
	calendar WorkCalendar
	loc      *time.Location
	notice   time.Duration
	rel      Reliability
	minYear  int
	// communities checks CommunityID (Options.Communities); nil leaves it unchecked.
	communities CommunityChecker
}

// NewService returns a Service over store. It fails with a KindInvalid error when store is
// nil, the profile name is unknown, or the ledger rules or ladder are invalid.
func NewService(store Store, opts *Options) (*Service, error) {
	const op = "volunteer.NewService"
	if store == nil {
		return nil, wushe.E(op, wushe.KindInvalid, "Service", "", "store is nil")
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	s := &Service{store: store, clock: o.Clock, newID: o.NewID, calendar: o.Calendar, loc: o.Location,
		notice: o.CancelNotice, key: slices.Clone(o.CertificateKey), minYear: o.MinAnnualHours,
		communities: o.Communities}
	if s.clock == nil {
		s.clock = wushe.SystemClock{}
	}
	if s.newID == nil {
		s.newID = wushe.NewID
	}
	if s.loc == nil {
		s.loc = time.UTC
	}
	if s.notice <= 0 {
		s.notice = 24 * time.Hour
	}
	if s.minYear <= 0 {
		s.minYear = 20
	}
	name := o.Profile
	if name == "" {
		name = DefaultProfile
	}
	p, err := LookupProfile(name)
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	s.profile = p
	s.rules = DefaultLedgerRules()
	if o.Ledger != nil {
		if err := o.Ledger.Validate(); err != nil {
			return nil, wushe.WithOp(op, err)
		}
		s.rules = *o.Ledger
	}
	if o.ResidentKey != nil && len(o.ResidentKey) < 16 {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Options", Field: "ResidentKey",
			Msg: fmt.Sprintf("has %d bytes, want at least 16", len(o.ResidentKey))}
	}
	s.resident = slices.Clone(o.ResidentKey)
	s.ladder = LadderCYL
	if o.Ladder != nil {
		if err := o.Ladder.Validate(); err != nil {
			return nil, wushe.WithOp(op, err)
		}
		s.ladder = Ladder{Name: o.Ladder.Name, Thresholds: slices.Clone(o.Ladder.Thresholds)}
	}
	s.rel = DefaultReliability
	if o.Reliability != nil {
		s.rel = *o.Reliability
	}
	return s, nil
}

// Profile returns the jurisdiction profile the Service applies.
func (s *Service) Profile() Profile { return s.profile }

// Ladder returns the star ladder the Service applies.
func (s *Service) Ladder() Ladder { return s.ladder }

func (s *Service) now() time.Time { return s.clock.Now() }

// listAll reads every page of a list.
func listAll[T any](_ context.Context, list func(wushe.PageRequest) (wushe.Page[T], error)) ([]T, error) {
	return wushe.Collect(list)
}

// ---- volunteers ----

// Register registers v.
//
// Required: Name and IDNumber (a valid resident ID number, see wushe.ParseIDNumber).
// Filled in: ID (when nil) and the volunteer Number derived from it, BirthDate and Gender
// from the ID number (when empty; given ones must agree with it, or the error is
// KindInvalid naming the field), RegisteredOn (when zero), Status active (when empty) and
// the timestamps. Optional: everything else; Consent is required by the age rules below.
//
// The profile's age rules, on the registration date: nobody under MinAgeRegistration
// registers, consent or not (KindForbidden naming BirthDate; the CYL profile sets 14);
// below ConsentBelow, and for a person of limited capacity where the profile asks, a
// guardian's Consent is required (KindForbidden naming Consent), except for a volunteer
// of SelfSupportingFrom (16) or older living mainly on their own labour income
// (OwnLabourIncome, 民法典 Art 18). A person under MinAgeIndividual is registered only
// with a guardian's consent (PIPL Art 31) and may then take group activities only
// (CheckEligibility). The errors state the rule, never the volunteer's age.
func (s *Service) Register(ctx context.Context, v Volunteer) (Volunteer, error) {
	const op = "volunteer.Service.Register"
	now := s.now()
	v.FillFromIDNumber()
	if v.ID == uuid.Nil {
		v.ID = s.newID()
	}
	if v.RegisteredOn.IsZero() {
		v.RegisteredOn = now
	}
	v.Number = NewVolunteerNumber(v.ID, v.RegisteredOn.In(s.loc).Year())
	if v.Status == "" {
		v.Status = StatusActive
	}
	v.Version, v.CreatedAt, v.UpdatedAt = 0, now, now
	if err := v.Validate(); err != nil {
		return Volunteer{}, wushe.WithOp(op, err)
	}
	if !v.ResidentRef.IsZero() {
		if _, err := s.residentAccount(op, v.ResidentRef); err != nil {
			return Volunteer{}, err
		}
	}
	if err := s.checkRegistrationAge(v, now); err != nil {
		return Volunteer{}, wushe.WithOp(op, err)
	}
	if err := s.checkCommunity(ctx, op, v.ID, v.CommunityID); err != nil {
		return Volunteer{}, err
	}
	if err := s.store.CreateVolunteer(ctx, v); err != nil {
		return Volunteer{}, wushe.Wrap(op, err)
	}
	v.Version = 1
	return v, nil
}

// checkRegistrationAge applies the profile's age rules to a registration. Its messages
// state the rule, never the volunteer's age.
func (s *Service) checkRegistrationAge(v Volunteer, now time.Time) error {
	age := v.AgeOn(now)
	p := s.profile
	forbid := func(field, format string, args ...any) error {
		return &wushe.Error{Kind: wushe.KindForbidden, Entity: "Volunteer", ID: v.ID.String(), Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if age < p.MinAgeRegistration {
		return forbid("BirthDate", "is under %d, the %s profile's minimum age for individual registration, which a guardian's consent does not lift",
			p.MinAgeRegistration, p.Name)
	}
	if v.Consent != nil {
		return nil
	}
	if age < p.MinAgeIndividual {
		return forbid("Consent", "is required under %d, the %s profile's minimum age for individual service (and then only group activities are open)",
			p.MinAgeIndividual, p.Name)
	}
	if v.LimitedCapacity && p.LimitedCapacityNeedsConsent {
		return forbid("Consent", "is required for a person of limited capacity under the %s profile", p.Name)
	}
	if p.NeedsConsent(v, now) {
		msg := "is required under %d under the %s profile"
		if p.SelfSupportingFrom > 0 {
			msg += fmt.Sprintf(" (from %d, not for one living mainly on their own labour income: OwnLabourIncome, 民法典 Art 18)", p.SelfSupportingFrom)
		}
		return forbid("Consent", msg, p.ConsentBelow, p.Name)
	}
	return nil
}

// GetVolunteer returns the volunteer with id.
func (s *Service) GetVolunteer(ctx context.Context, id uuid.UUID) (Volunteer, error) {
	v, err := s.store.GetVolunteer(ctx, id)
	return v, wushe.Wrap("volunteer.Service.GetVolunteer", err)
}

// ListVolunteers returns one page of volunteers matching f.
func (s *Service) ListVolunteers(ctx context.Context, f VolunteerFilter) (wushe.Page[Volunteer], error) {
	p, err := s.store.ListVolunteers(ctx, f)
	return p, wushe.Wrap("volunteer.Service.ListVolunteers", err)
}

// UpdateVolunteer changes the volunteer with id through fn and validates the result. fn
// may run more than once. The ID, number, ID number and registration date cannot change.
// With Options.Communities set, a CommunityID that fn changes is checked (KindNotFound
// naming CommunityID when the community does not exist); the check runs outside the
// Store's update, which then runs fn again.
func (s *Service) UpdateVolunteer(ctx context.Context, id uuid.UUID, fn func(*Volunteer) error) (Volunteer, error) {
	const op = "volunteer.Service.UpdateVolunteer"
	now := s.now()
	var checked uuid.UUID // the last community the checker confirmed
	for round := 0; ; round++ {
		var unchecked uuid.UUID
		v, err := s.store.UpdateVolunteer(ctx, id, func(v *Volunteer) error {
			before := *v
			if err := fn(v); err != nil {
				return err
			}
			p := wushe.Check("Volunteer")
			p.Require(v.Number == before.Number, "Number", "cannot change")
			p.Require(v.IDNumber == before.IDNumber, "IDNumber", "cannot change")
			p.Require(v.RegisteredOn.Equal(before.RegisteredOn), "RegisteredOn", "cannot change")
			if err := p.Err(); err != nil {
				return wushe.WithOp(op, err)
			}
			v.UpdatedAt = now
			if err := v.Validate(); err != nil {
				return wushe.WithOp(op, err)
			}
			if s.communities != nil && v.CommunityID != before.CommunityID && v.CommunityID != uuid.Nil && v.CommunityID != checked {
				unchecked = v.CommunityID
				return errCommunityUnchecked
			}
			return nil
		})
		if errors.Is(err, errCommunityUnchecked) {
			if round == communityRounds {
				return Volunteer{}, &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Volunteer", ID: id.String(), Field: "CommunityID",
					Msg: fmt.Sprintf("named another community each of %d times the change ran; make the change name one community", communityRounds+1)}
			}
			if err := s.checkCommunity(ctx, op, id, unchecked); err != nil {
				return Volunteer{}, err
			}
			checked = unchecked
			continue
		}
		if err != nil {
			return Volunteer{}, wushe.Wrap(op, err)
		}
		return v, nil
	}
}

// SetStatus moves the volunteer to status (active, suspended, deregistered).
func (s *Service) SetStatus(ctx context.Context, id uuid.UUID, status Status) (Volunteer, error) {
	const op = "volunteer.Service.SetStatus"
	if !status.Valid() {
		err := statuses.Check("Volunteer", "Status", status).(*wushe.Error)
		err.Op, err.ID = op, id.String()
		return Volunteer{}, err
	}
	return s.UpdateVolunteer(ctx, id, func(v *Volunteer) error { v.Status = status; return nil })
}

// MatchInput gathers what a Matcher needs from the Store: the opportunities of refs, the
// volunteers matching f (its Page ignored; every page is read), their enrolments and the
// teams, with At set to the Service's clock.
func (s *Service) MatchInput(ctx context.Context, refs []ShiftRef, f VolunteerFilter) (MatchInput, error) {
	const op = "volunteer.Service.MatchInput"
	in := MatchInput{Shifts: slices.Clone(refs), At: s.now()}
	seen := map[uuid.UUID]bool{}
	for _, r := range refs {
		if seen[r.OpportunityID] {
			continue
		}
		seen[r.OpportunityID] = true
		o, err := s.store.GetOpportunity(ctx, r.OpportunityID)
		if err != nil {
			return MatchInput{}, wushe.Wrap(op, err)
		}
		in.Opportunities = append(in.Opportunities, o)
	}
	vs, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Volunteer], error) {
		f.Page = r
		return s.store.ListVolunteers(ctx, f)
	})
	if err != nil {
		return MatchInput{}, wushe.Wrap(op, err)
	}
	in.Volunteers = vs
	teams := map[uuid.UUID]bool{}
	for _, v := range vs {
		es, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Enrolment], error) {
			return s.store.ListEnrolments(ctx, EnrolmentFilter{VolunteerID: v.ID, Page: r})
		})
		if err != nil {
			return MatchInput{}, wushe.Wrap(op, err)
		}
		in.Enrolments = append(in.Enrolments, es...)
		for _, t := range v.Teams {
			teams[t] = true
		}
	}
	// Enrolments of others hold places too.
	for _, r := range refs {
		es, err := listAll(ctx, func(p wushe.PageRequest) (wushe.Page[Enrolment], error) {
			return s.store.ListEnrolments(ctx, EnrolmentFilter{Shift: r, Page: p})
		})
		if err != nil {
			return MatchInput{}, wushe.Wrap(op, err)
		}
		for _, e := range es {
			if !slices.ContainsFunc(in.Enrolments, func(x Enrolment) bool { return x.ID == e.ID }) {
				in.Enrolments = append(in.Enrolments, e)
			}
		}
	}
	ids := make([]uuid.UUID, 0, len(teams))
	for id := range teams {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, wushe.CompareIDs)
	for _, id := range ids {
		t, err := s.store.GetTeam(ctx, id)
		if err != nil {
			return MatchInput{}, wushe.Wrap(op, err)
		}
		in.Teams = append(in.Teams, t)
	}
	return in, nil
}

// ---- teams ----

// CreateTeam stores a new team, giving it an ID when nil and the timestamps.
func (s *Service) CreateTeam(ctx context.Context, t Team) (Team, error) {
	const op = "volunteer.Service.CreateTeam"
	now := s.now()
	if t.ID == uuid.Nil {
		t.ID = s.newID()
	}
	t.Version, t.CreatedAt, t.UpdatedAt = 0, now, now
	if err := t.Validate(); err != nil {
		return Team{}, wushe.WithOp(op, err)
	}
	if err := s.store.CreateTeam(ctx, t); err != nil {
		return Team{}, wushe.Wrap(op, err)
	}
	t.Version = 1
	return t, nil
}

// JoinTeam adds the volunteer to the team: to the team's Members and the volunteer's
// Teams. Joining twice is a KindAlreadyExists error. If the second write fails the first
// is undone, so a failure leaves both as they were.
func (s *Service) JoinTeam(ctx context.Context, teamID, volunteerID uuid.UUID) (Team, error) {
	const op = "volunteer.Service.JoinTeam"
	now := s.now()
	if _, err := s.store.GetVolunteer(ctx, volunteerID); err != nil {
		return Team{}, wushe.Wrap(op, err)
	}
	t, err := s.store.UpdateTeam(ctx, teamID, func(t *Team) error {
		if contains(t.Members, volunteerID) {
			return &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "Team", ID: teamID.String(), Field: "Members",
				Msg: "the volunteer is already a member"}
		}
		t.Members = append(t.Members, volunteerID)
		t.UpdatedAt = now
		return nil
	})
	if err != nil {
		return Team{}, wushe.Wrap(op, err)
	}
	_, err = s.store.UpdateVolunteer(ctx, volunteerID, func(v *Volunteer) error {
		if !v.InTeam(teamID) {
			v.Teams = append(v.Teams, teamID)
		}
		v.UpdatedAt = now
		return nil
	})
	if err != nil {
		_, undo := s.store.UpdateTeam(context.WithoutCancel(ctx), teamID, func(t *Team) error {
			t.Members = slices.DeleteFunc(t.Members, func(m uuid.UUID) bool { return m == volunteerID })
			return nil
		})
		return Team{}, wushe.Wrap(op, errors.Join(err, undo))
	}
	return t, nil
}

// GetTeam returns the team with id.
func (s *Service) GetTeam(ctx context.Context, id uuid.UUID) (Team, error) {
	t, err := s.store.GetTeam(ctx, id)
	return t, wushe.Wrap("volunteer.Service.GetTeam", err)
}

// ---- opportunities ----

// CreateOpportunity stores a new opportunity as a draft (unless o.Status is set), giving
// it and its shifts IDs when nil, and the timestamps. A published one gets PublishedAt.
func (s *Service) CreateOpportunity(ctx context.Context, o Opportunity) (Opportunity, error) {
	const op = "volunteer.Service.CreateOpportunity"
	now := s.now()
	if o.ID == uuid.Nil {
		o.ID = s.newID()
	}
	o.Shifts = slices.Clone(o.Shifts)
	for i := range o.Shifts {
		if o.Shifts[i].ID == uuid.Nil {
			o.Shifts[i].ID = s.newID()
		}
	}
	if o.Status == "" {
		o.Status = OpportunityDraft
	}
	if o.Recurrence == "" {
		o.Recurrence = RecurrenceNone
	}
	if o.Status == OpportunityPublished && o.PublishedAt.IsZero() {
		o.PublishedAt = now
	}
	o.Version, o.CreatedAt, o.UpdatedAt = 0, now, now
	if err := o.Validate(); err != nil {
		return Opportunity{}, wushe.WithOp(op, err)
	}
	if err := s.store.CreateOpportunity(ctx, o); err != nil {
		return Opportunity{}, wushe.Wrap(op, err)
	}
	o.Version = 1
	return o, nil
}

// GetOpportunity returns the opportunity with id.
func (s *Service) GetOpportunity(ctx context.Context, id uuid.UUID) (Opportunity, error) {
	o, err := s.store.GetOpportunity(ctx, id)
	return o, wushe.Wrap("volunteer.Service.GetOpportunity", err)
}

// ListOpportunities returns one page of opportunities matching f.
func (s *Service) ListOpportunities(ctx context.Context, f OpportunityFilter) (wushe.Page[Opportunity], error) {
	p, err := s.store.ListOpportunities(ctx, f)
	return p, wushe.Wrap("volunteer.Service.ListOpportunities", err)
}

// opportunityMoves lists the allowed status changes.
var opportunityMoves = map[OpportunityStatus][]OpportunityStatus{
	OpportunityDraft:     {OpportunityPublished, OpportunityCancelled},
	OpportunityPublished: {OpportunityClosed, OpportunityCancelled},
}

// SetOpportunityStatus moves an opportunity: draft to published or cancelled, published to
// closed or cancelled. Only its organizer (or an admin) may do it. Publishing sets
// PublishedAt.
func (s *Service) SetOpportunityStatus(ctx context.Context, by Actor, id uuid.UUID, to OpportunityStatus) (Opportunity, error) {
	const op = "volunteer.Service.SetOpportunityStatus"
	now := s.now()
	o, err := s.store.UpdateOpportunity(ctx, id, func(o *Opportunity) error {
		if by != o.Organizer && by.Kind != ActorAdmin {
			return &wushe.Error{Op: op, Kind: wushe.KindForbidden, Entity: "Opportunity", ID: id.String(), Field: "Organizer",
				Msg: by.String() + " does not organize this opportunity"}
		}
		if !slices.Contains(opportunityMoves[o.Status], to) {
			next := "it is final"
			if moves := opportunityMoves[o.Status]; len(moves) > 0 {
				next = "from " + string(o.Status) + " it can move to " + joinStrings(moves, " or ")
			}
			return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Opportunity", ID: id.String(), Field: "Status",
				Msg: fmt.Sprintf("cannot move from %s to %s: %s", o.Status, to, next)}
		}
		o.Status, o.UpdatedAt = to, now
		if to == OpportunityPublished {
			o.PublishedAt = now
		}
		return nil
	})
	if err != nil {
		return Opportunity{}, wushe.Wrap(op, err)
	}
	return o, nil
}

// PublishOpportunity publishes a draft opportunity, by its organizer or an admin, so that
// it takes sign-ups: SetOpportunityStatus to published.
func (s *Service) PublishOpportunity(ctx context.Context, by Actor, id uuid.UUID) (Opportunity, error) {
	o, err := s.SetOpportunityStatus(ctx, by, id, OpportunityPublished)
	return o, wushe.WithOp("volunteer.Service.PublishOpportunity", err)
}

// joinStrings joins string-like values with sep.
func joinStrings[T ~string](vs []T, sep string) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return strings.Join(out, sep)
}

// ---- eligibility and enrolment ----

// CheckEligibility applies the hard rules for v taking occurrence occ of o under the
// Service's profile and returns nil or every failed rule joined, each a KindForbidden
// *wushe.Error naming the field: Status, BirthDate (individual minimum age, the
// opportunity's MinAge, time-bank age), Consent (guardian consent below ConsentBelow or
// for limited capacity, covering the theme), Risk (minors barred), Insurance (required at
// the profile's level, covering the whole shift) and Skills (required skills and levels).
func (s *Service) CheckEligibility(v Volunteer, o Opportunity, occ Occurrence) error {
	var errs []error
	s.eligible(&v, v.AgeOn(occ.Window.Start), &o, &occ, func(field, format string, args ...any) {
		errs = append(errs, &wushe.Error{Kind: wushe.KindForbidden, Entity: "Volunteer", ID: v.ID.String(), Field: field,
			Msg: fmt.Sprintf(format, args...)})
	})
	return errors.Join(errs...)
}

// eligible applies CheckEligibility's rules, in its order, to v aged age on the
// occurrence's start, calling add for each failed rule; with add nil it stops at the first
// failure. It reports whether every rule passed. Matchers call it with add nil for the
// many pairs they only need to rule in or out.
func (s *Service) eligible(v *Volunteer, age int, o *Opportunity, occ *Occurrence, add func(field, format string, args ...any)) bool {
	ok := true
	// fail records a failed rule and reports whether to stop.
	fail := func() bool {
		ok = false
		return add == nil
	}
	p := &s.profile
	if v.Status != StatusActive {
		if fail() {
			return false
		}
		add("Status", "is %s, not active", v.Status)
	}
	if age < p.MinAgeIndividual && !o.GroupActivity {
		if fail() {
			return false
		}
		add("BirthDate", "is under %d, the %s profile's minimum age for individual service: only group activities are open", p.MinAgeIndividual, p.Name)
	}
	if age < o.MinAge {
		if fail() {
			return false
		}
		add("BirthDate", "is under the opportunity's minimum age of %d", o.MinAge)
	}
	if p.needsConsentAged(v, age) && (v.Consent == nil || !v.Consent.Covers(o.Theme, occ.Window.Start)) {
		if fail() {
			return false
		}
		add("Consent", "a guardian's consent covering %s is required", o.Theme)
	}
	if age < p.AdultAge && p.forbidsForMinor(o.Risk, o.Theme) {
		if fail() {
			return false
		}
		add("Risk", "minors may not take %s-risk %s activities under the %s profile", o.Risk, o.Theme, p.Name)
	}
	if o.TimeBank && p.TimeBankMinAge > 0 && age < p.TimeBankMinAge && !o.GroupActivity {
		if fail() {
			return false
		}
		add("BirthDate", "is under %d: the %s profile opens time-bank service to younger ones in group activities only", p.TimeBankMinAge, p.Name)
	}
	if o.Risk.AtLeast(p.InsuranceRequiredAt) && (v.Insurance == nil || !v.Insurance.Covers(occ.Window)) {
		if fail() {
			return false
		}
		add("Insurance", "%s-risk activities need accident insurance covering the whole shift", o.Risk)
	}
	for _, n := range o.Required {
		if lvl := skillLevel(v.Skills, n.Name); lvl < n.MinLevel {
			if fail() {
				return false
			}
			add("Skills", "needs %s at level %d, has %d", n.Name, n.MinLevel, lvl)
		}
	}
	return ok
}

// SignUp enrols the volunteer in the shift occurrence ref. The volunteer must be eligible
// (CheckEligibility), the opportunity published and the occurrence not yet started; the
// volunteer may not hold another open enrolment overlapping it (KindConflict) nor exceed
// MaxWeeklyMinutes in the occurrence's ISO week (KindInsufficient). The Store then
// confirms the enrolment or puts it on the waitlist, atomically: capacity is never
// exceeded.
func (s *Service) SignUp(ctx context.Context, volunteerID uuid.UUID, ref ShiftRef) (Enrolment, error) {
	const op = "volunteer.Service.SignUp"
	now := s.now()
	if err := ref.Validate(); err != nil {
		return Enrolment{}, wushe.WithOp(op, err)
	}
	v, err := s.store.GetVolunteer(ctx, volunteerID)
	if err != nil {
		return Enrolment{}, wushe.Wrap(op, err)
	}
	o, err := s.store.GetOpportunity(ctx, ref.OpportunityID)
	if err != nil {
		return Enrolment{}, wushe.Wrap(op, err)
	}
	if o.Status != OpportunityPublished {
		msg := fmt.Sprintf("is %s: it takes no more sign-ups", o.Status)
		if o.Status == OpportunityDraft {
			msg = "is draft: publish it with PublishOpportunity first"
		}
		return Enrolment{}, &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Opportunity", ID: o.ID.String(), Field: "Status", Msg: msg}
	}
	occ, ok := o.Resolve(ref)
	if !ok {
		return Enrolment{}, &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: "Shift", ID: ref.String(), Msg: "no such shift occurrence"}
	}
	if !occ.Window.Start.After(now) {
		return Enrolment{}, &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Shift", ID: ref.String(), Field: "Window",
			Msg: "the shift has already started"}
	}
	if err := s.CheckEligibility(v, o, occ); err != nil {
		return Enrolment{}, wushe.WithOp(op, err)
	}
	mine, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Enrolment], error) {
		return s.store.ListEnrolments(ctx, EnrolmentFilter{VolunteerID: volunteerID, Page: r})
	})
	if err != nil {
		return Enrolment{}, wushe.Wrap(op, err)
	}
	week := isoWeek(occ.Window.Start.In(s.loc))
	weekly := occ.Window.Duration()
	for _, e := range mine {
		if !e.Status.Open() && e.Status != EnrolmentCompleted {
			continue
		}
		if e.Status.Open() && e.Window.Overlaps(occ.Window) {
			return Enrolment{}, &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Enrolment", ID: e.ID.String(), Field: "Window",
				Msg: "the volunteer already has an enrolment at this time"}
		}
		if isoWeek(e.Window.Start.In(s.loc)) == week {
			weekly += e.Window.Duration()
		}
	}
	if v.MaxWeeklyMinutes > 0 && weekly > time.Duration(v.MaxWeeklyMinutes)*time.Minute {
		return Enrolment{}, &wushe.Error{Op: op, Kind: wushe.KindInsufficient, Entity: "Volunteer", ID: v.ID.String(), Field: "MaxWeeklyMinutes",
			Msg: fmt.Sprintf("this shift would bring the week to %v, above the cap of %d minutes", weekly, v.MaxWeeklyMinutes)}
	}
	e := Enrolment{ID: s.newID(), Shift: ref, VolunteerID: volunteerID, Status: EnrolmentWaitlisted, Window: occ.Window,
		AppliedAt: now, CreatedAt: now, UpdatedAt: now}
	if err := e.Validate(); err != nil {
		return Enrolment{}, wushe.WithOp(op, err)
	}
	out, err := s.store.EnrolInShift(ctx, e, occ.Headcount)
	if err != nil {
		return Enrolment{}, wushe.Wrap(op, err)
	}
	return out, nil
}

func isoWeek(t time.Time) [2]int {
	y, w := t.ISOWeek()
	return [2]int{y, w}
}

// authorize checks that by is the enrolled volunteer (when volunteerOK), the
// opportunity's organizer or an admin.
func authorize(op string, by Actor, e Enrolment, o Opportunity, volunteerOK bool) error {
	if by.Kind == ActorAdmin || by == o.Organizer || (volunteerOK && by == (Actor{Kind: ActorVolunteer, ID: e.VolunteerID})) {
		return nil
	}
	return &wushe.Error{Op: op, Kind: wushe.KindForbidden, Entity: "Enrolment", ID: e.ID.String(),
		Msg: by.String() + " may not change this enrolment"}
}

func (s *Service) enrolmentAndOpportunity(ctx context.Context, op string, id uuid.UUID) (Enrolment, Opportunity, error) {
	e, err := s.store.GetEnrolment(ctx, id)
	if err != nil {
		return Enrolment{}, Opportunity{}, wushe.Wrap(op, err)
	}
	o, err := s.store.GetOpportunity(ctx, e.Shift.OpportunityID)
	if err != nil {
		return Enrolment{}, Opportunity{}, wushe.Wrap(op, err)
	}
	return e, o, nil
}

// Cancel cancels an open enrolment, by the volunteer, the organizer or an admin. A
// volunteer's cancellation less than the notice period before the shift starts is
// flagged late (it lowers reliability). A freed place goes to the waitlist in order; the
// promoted enrolments are returned.
func (s *Service) Cancel(ctx context.Context, by Actor, enrolmentID uuid.UUID) (Enrolment, []Enrolment, error) {
	const op = "volunteer.Service.Cancel"
	now := s.now()
	e, o, err := s.enrolmentAndOpportunity(ctx, op, enrolmentID)
	if err != nil {
		return Enrolment{}, nil, err
	}
	if err := authorize(op, by, e, o, true); err != nil {
		return Enrolment{}, nil, err
	}
	capacity := 0
	if occ, ok := o.Resolve(e.Shift); ok {
		capacity = occ.Headcount
	}
	late := by.Kind == ActorVolunteer && now.After(e.Window.Start.Add(-s.notice))
	c, promoted, err := s.store.CancelEnrolment(ctx, enrolmentID, Cancellation{At: now, Late: late, Capacity: capacity})
	if err != nil {
		return Enrolment{}, nil, wushe.Wrap(op, err)
	}
	return c, promoted, nil
}

// enrolmentStateMsg says why an enrolment in status is can't make the move of op, which
// needs one of from, and what gets it there.
func enrolmentStateMsg(op string, is EnrolmentStatus, from []EnrolmentStatus) string {
	names := make([]string, len(from))
	for i, f := range from {
		names[i] = f.describe()
	}
	call := op[strings.LastIndexByte(op, '.')+1:]
	msg := fmt.Sprintf("is %s; %s needs a %s enrolment", is.describe(), call, strings.Join(names, " or "))
	switch is {
	case EnrolmentWaitlisted:
		msg += " (a waitlisted one is confirmed when a place frees up)"
	case EnrolmentConfirmed:
		if slices.Contains(from, EnrolmentCheckedIn) {
			msg += " (check it in with CheckIn first)"
		}
	}
	return msg
}

func (s *Service) moveEnrolment(ctx context.Context, op string, by Actor, id uuid.UUID, volunteerOK bool,
	from []EnrolmentStatus, apply func(*Enrolment, time.Time) error) (Enrolment, error) {
	now := s.now()
	e, o, err := s.enrolmentAndOpportunity(ctx, op, id)
	if err != nil {
		return Enrolment{}, err
	}
	if err := authorize(op, by, e, o, volunteerOK); err != nil {
		return Enrolment{}, err
	}
	out, err := s.store.UpdateEnrolment(ctx, id, func(e *Enrolment) error {
		if !slices.Contains(from, e.Status) {
			return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Enrolment", ID: id.String(), Field: "Status",
				Msg: enrolmentStateMsg(op, e.Status, from)}
		}
		if err := apply(e, now); err != nil {
			return err
		}
		e.UpdatedAt = now
		return nil
	})
	if err != nil {
		return Enrolment{}, wushe.Wrap(op, err)
	}
	return out, nil
}

// CheckIn marks a confirmed enrolment checked in, by the volunteer, the organizer or an
// admin, from one hour before the shift starts until it ends.
func (s *Service) CheckIn(ctx context.Context, by Actor, enrolmentID uuid.UUID) (Enrolment, error) {
	const op = "volunteer.Service.CheckIn"
	return s.moveEnrolment(ctx, op, by, enrolmentID, true, []EnrolmentStatus{EnrolmentConfirmed}, func(e *Enrolment, now time.Time) error {
		if now.Before(e.Window.Start.Add(-time.Hour)) || !now.Before(e.Window.End) {
			return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Enrolment", ID: e.ID.String(), Field: "Window",
				Msg: "check-in opens an hour before the shift and closes at its end"}
		}
		e.Status, e.CheckedInAt = EnrolmentCheckedIn, now
		return nil
	})
}

// Complete marks a confirmed or checked-in enrolment completed, by the organizer or an
// admin, once the shift has started.
func (s *Service) Complete(ctx context.Context, by Actor, enrolmentID uuid.UUID) (Enrolment, error) {
	const op = "volunteer.Service.Complete"
	return s.moveEnrolment(ctx, op, by, enrolmentID, false, []EnrolmentStatus{EnrolmentConfirmed, EnrolmentCheckedIn}, func(e *Enrolment, now time.Time) error {
		if now.Before(e.Window.Start) {
			return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Enrolment", ID: e.ID.String(), Field: "Window", Msg: "the shift has not started"}
		}
		e.Status, e.CompletedAt = EnrolmentCompleted, now
		return nil
	})
}

// MarkNoShow marks a confirmed enrolment a no-show, by the organizer or an admin, once the
// shift has started, and deducts the ledger rules' NoShowPenalty (at most the balance;
// idempotency key "penalty/<enrolment>"). If the penalty cannot be posted after the
// status changed, calling MarkNoShow again posts it.
func (s *Service) MarkNoShow(ctx context.Context, by Actor, enrolmentID uuid.UUID) (Enrolment, error) {
	const op = "volunteer.Service.MarkNoShow"
	cur, err := s.store.GetEnrolment(ctx, enrolmentID)
	if err != nil {
		return Enrolment{}, wushe.Wrap(op, err)
	}
	e := cur
	if cur.Status != EnrolmentNoShow {
		e, err = s.moveEnrolment(ctx, op, by, enrolmentID, false, []EnrolmentStatus{EnrolmentConfirmed}, func(e *Enrolment, now time.Time) error {
			if now.Before(e.Window.Start) {
				return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "Enrolment", ID: e.ID.String(), Field: "Window", Msg: "the shift has not started"}
			}
			e.Status = EnrolmentNoShow
			return nil
		})
		if err != nil {
			return Enrolment{}, err
		}
	} else if _, o, err := s.enrolmentAndOpportunity(ctx, op, enrolmentID); err != nil {
		return Enrolment{}, err
	} else if err := authorize(op, by, e, o, false); err != nil {
		return Enrolment{}, err
	}
	if s.rules.NoShowPenalty.IsPositive() {
		if _, err := s.penalize(ctx, e); err != nil {
			return Enrolment{}, wushe.Wrap(op, err)
		}
	}
	return e, nil
}

// GetEnrolment returns the enrolment with id.
func (s *Service) GetEnrolment(ctx context.Context, id uuid.UUID) (Enrolment, error) {
	e, err := s.store.GetEnrolment(ctx, id)
	return e, wushe.Wrap("volunteer.Service.GetEnrolment", err)
}

// ListEnrolments returns one page of enrolments matching f.
func (s *Service) ListEnrolments(ctx context.Context, f EnrolmentFilter) (wushe.Page[Enrolment], error) {
	p, err := s.store.ListEnrolments(ctx, f)
	return p, wushe.Wrap("volunteer.Service.ListEnrolments", err)
}

// Reliability returns the volunteer's attendance score at instant at (see Reliability).
func (s *Service) Reliability(ctx context.Context, volunteerID uuid.UUID, at time.Time) (float64, error) {
	es, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Enrolment], error) {
		return s.store.ListEnrolments(ctx, EnrolmentFilter{VolunteerID: volunteerID, Page: r})
	})
	if err != nil {
		return 0, wushe.Wrap("volunteer.Service.Reliability", err)
	}
	return s.rel.Score(es, at), nil
}

// ---- records ----

// RecordService records one volunteer's service time in one activity. by is the
// organizer (r.Organizer, an organizer kind) or the volunteer (an ActorVolunteer with
// r.VolunteerID); anyone else is refused (KindForbidden naming RecordedBy). What it
// stores depends on what the record stands on:
//
//   - A record naming an enrolment (EnrolmentID) is the organizer's account of a shift it
//     ran: the enrolment must exist (KindNotFound naming EnrolmentID), be the volunteer's
//     (KindInvalid naming EnrolmentID), be in the record's opportunity when OpportunityID
//     is set (KindInvalid; it is filled from the enrolment when empty) and be confirmed,
//     checked in or completed (KindConflict naming Status: a waitlisted, cancelled or
//     no-show enrolment served nothing). The record's Window, when given, must lie inside
//     the enrolled shift occurrence and is the occurrence's window when empty; Minutes
//     never exceed the occurrence's length, whatever window the record claims (KindInvalid
//     naming Window or Minutes). Recorded by the organizer it is verified at once ("whoever
//     organizes records", Order 67 Art 26); recorded by the volunteer it is SelfReported
//     and pending. One record per enrolment that is not rejected: while the enrolment
//     has a pending or verified record, another is KindAlreadyExists naming EnrolmentID
//     (the organizer settles a pending one with VerifyRecord and changes a verified
//     one's minutes with CorrectRecord, which keeps the original); once that record is
//     rejected, the enrolment may be recorded again.
//   - A record with no enrolment is self-reported, whoever records it: it is stored
//     SelfReported and pending, and counts for hours, stars, points and certificates only
//     after the organizer approves it with VerifyRecord.
//
// A volunteer's time counts once (Store checklist item 10): a record whose Window overlaps
// a pending or verified record of the same volunteer is refused when it is made
// (KindConflict naming Window, the cause a *RecordOverlap naming the other record by ID),
// whoever made either; windows that touch end to start do not overlap, and two records of
// one enrolment are refused as above instead. So a volunteer's own report of a shift the
// organizer recorded, without the enrolment, is refused at once rather than counted
// twice once verified.
//
// With an OpportunityID the organizer and theme must be the opportunity's. The activity
// must have ended. A record made more than RecordingDeadlineDays working days after the
// activity ended is accepted and flagged Late. CloseShift records every check-in of a
// shift at once, except one whose volunteer's own report is pending.
func (s *Service) RecordService(ctx context.Context, by Actor, r ServiceRecord) (ServiceRecord, error) {
	const op = "volunteer.Service.RecordService"
	now := s.now()
	if r.ID == uuid.Nil {
		r.ID = s.newID()
	}
	r.Version, r.RecordedBy, r.RecordedAt, r.CreatedAt, r.UpdatedAt = 0, by, now, now, now
	r.Revisions, r.VerifiedBy, r.VerifiedAt = nil, Actor{}, time.Time{}
	organizer := by == r.Organizer && by.Kind.Organizes()
	if !organizer && (by.Kind != ActorVolunteer || by.ID != r.VolunteerID) {
		return ServiceRecord{}, &wushe.Error{Op: op, Kind: wushe.KindForbidden, Entity: "ServiceRecord", ID: r.ID.String(), Field: "RecordedBy",
			Msg: by.String() + " is neither the organizer nor the volunteer"}
	}
	var occ Occurrence
	if r.EnrolmentID != uuid.Nil {
		var err error
		if occ, err = s.recordEnrolment(ctx, op, &r); err != nil {
			return ServiceRecord{}, err
		}
	}
	if organizer && r.EnrolmentID != uuid.Nil {
		r.Status, r.SelfReported, r.VerifiedBy, r.VerifiedAt = RecordVerified, false, by, now
	} else {
		r.Status, r.SelfReported = RecordPending, true
	}
	if !r.Window.End.IsZero() {
		r.Late = now.After(s.calendar.AddWorkingDays(r.Window.End.In(s.loc), RecordingDeadlineDays))
	}
	if err := r.Validate(); err != nil {
		return ServiceRecord{}, wushe.WithOp(op, err)
	}
	if r.EnrolmentID != uuid.Nil && !occ.Window.Covers(r.Window) {
		return ServiceRecord{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "ServiceRecord", ID: r.ID.String(), Field: "Window",
			Msg: fmt.Sprintf("must lie inside the enrolled shift occurrence %s (minutes never exceed its %v)", occ.Window, occ.Window.Duration())}
	}
	if _, err := s.store.GetVolunteer(ctx, r.VolunteerID); err != nil {
		return ServiceRecord{}, wushe.Wrap(op, err)
	}
	if r.OpportunityID != uuid.Nil {
		o, err := s.store.GetOpportunity(ctx, r.OpportunityID)
		if err != nil {
			return ServiceRecord{}, wushe.Wrap(op, err)
		}
		if o.Organizer != r.Organizer || o.Theme != r.Theme {
			return ServiceRecord{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "ServiceRecord", ID: r.ID.String(), Field: "Organizer",
				Msg: "organizer and theme must be the opportunity's"}
		}
	}
	if r.Window.End.After(now) {
		return ServiceRecord{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "ServiceRecord", ID: r.ID.String(), Field: "Window",
			Msg: "the activity has not ended yet"}
	}
	if err := s.store.CreateRecord(ctx, r); err != nil {
		if r.EnrolmentID != uuid.Nil && wushe.KindOf(err) == wushe.KindAlreadyExists && namesField(err, "EnrolmentID") {
			return ServiceRecord{}, &wushe.Error{Op: op, Kind: wushe.KindAlreadyExists, Entity: "ServiceRecord", ID: r.ID.String(), Field: "EnrolmentID",
				Msg: "the enrolment already has a pending or verified record: its organizer settles a pending one with VerifyRecord " +
					"and corrects a verified one with CorrectRecord; only once it is rejected is the enrolment recorded again", Err: err}
		}
		return ServiceRecord{}, overlapRefusal(op, r.ID, err, "the volunteer already has a pending or verified record over part of this time, "+
			"and a volunteer's time counts once: when it is the same service, its organizer settles that record (VerifyRecord, "+
			"CorrectRecord); otherwise give Window only the time actually served")
	}
	r.Version = 1
	return r, nil
}

// overlapRefusal returns err wrapped with op, and a Store's refusal of record id over
// another record's time (Store checklist item 10) as op's own conflict naming Window, with
// msg saying what to do; the cause keeps the RecordOverlap naming the other record.
func overlapRefusal(op string, id uuid.UUID, err error, msg string) error {
	if _, ok := errors.AsType[*RecordOverlap](err); !ok || wushe.KindOf(err) != wushe.KindConflict {
		return wushe.Wrap(op, err)
	}
	return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "ServiceRecord", ID: id.String(), Field: "Window", Msg: msg, Err: err}
}

// namesField reports whether one of err's kernel errors names field.
func namesField(err error, field string) bool {
	return slices.ContainsFunc(wushe.FieldErrors(err), func(fe *wushe.Error) bool { return fe.Field == field })
}

// recordable lists the enrolment statuses a service record can stand on: those that held
// a place in the shift.
var recordable = []EnrolmentStatus{EnrolmentConfirmed, EnrolmentCheckedIn, EnrolmentCompleted}

// recordEnrolment reads the enrolment r names and checks that r may stand on it (see
// RecordService). It fills r.OpportunityID, and r.Window when zero, from the enrolment
// and returns the enrolled occurrence.
func (s *Service) recordEnrolment(ctx context.Context, op string, r *ServiceRecord) (Occurrence, error) {
	bad := func(kind wushe.Kind, field, msg string, err error) error {
		return &wushe.Error{Op: op, Kind: kind, Entity: "ServiceRecord", ID: r.ID.String(), Field: field, Msg: msg, Err: err}
	}
	e, err := s.store.GetEnrolment(ctx, r.EnrolmentID)
	if wushe.KindOf(err) == wushe.KindNotFound {
		return Occurrence{}, bad(wushe.KindNotFound, "EnrolmentID", "names no enrolment", err)
	} else if err != nil {
		return Occurrence{}, wushe.Wrap(op, err)
	}
	switch {
	case e.VolunteerID != r.VolunteerID:
		return Occurrence{}, bad(wushe.KindInvalid, "EnrolmentID", "is another volunteer's enrolment", nil)
	case r.OpportunityID != uuid.Nil && r.OpportunityID != e.Shift.OpportunityID:
		return Occurrence{}, bad(wushe.KindInvalid, "EnrolmentID", "is an enrolment in another opportunity than OpportunityID", nil)
	case !slices.Contains(recordable, e.Status):
		msg := "the enrolment " + enrolmentStateMsg(op, e.Status, recordable)
		if e.Status != EnrolmentWaitlisted {
			msg += " (a " + e.Status.describe() + " enrolment served no shift; service outside one is recorded without EnrolmentID, for the organizer's VerifyRecord)"
		}
		return Occurrence{}, bad(wushe.KindConflict, "Status", msg, nil)
	}
	r.OpportunityID = e.Shift.OpportunityID
	o, err := s.store.GetOpportunity(ctx, e.Shift.OpportunityID)
	if err != nil {
		return Occurrence{}, wushe.Wrap(op, err)
	}
	occ, ok := o.Resolve(e.Shift)
	if !ok {
		return Occurrence{}, bad(wushe.KindNotFound, "EnrolmentID", "names an enrolment whose shift occurrence no longer exists", nil)
	}
	if r.Window.Start.IsZero() && r.Window.End.IsZero() {
		r.Window = occ.Window
	}
	return occ, nil
}

func (s *Service) organizerUpdate(ctx context.Context, op string, by Actor, id uuid.UUID, fn func(*ServiceRecord, time.Time) error) (ServiceRecord, error) {
	now := s.now()
	r, err := s.store.UpdateRecord(ctx, id, func(r *ServiceRecord) error {
		if by != r.Organizer && by.Kind != ActorAdmin {
			return &wushe.Error{Op: op, Kind: wushe.KindForbidden, Entity: "ServiceRecord", ID: id.String(), Field: "Organizer",
				Msg: "only the organizer who records it may change it (" + by.String() + " is not)"}
		}
		if err := fn(r, now); err != nil {
			return err
		}
		r.UpdatedAt = now
		return wushe.WithOp(op, r.Validate())
	})
	if err != nil {
		return ServiceRecord{}, overlapRefusal(op, id, err, "a verified record of the volunteer covers part of this time, "+
			"and a volunteer's time counts once: reject this record, or correct the other")
	}
	return r, nil
}

// VerifyRecord verifies (approve) or rejects a pending record, by its organizer. A
// volunteer's time counts once (Store checklist item 10): approving a record while a
// verified record of the same volunteer overlaps its window is refused (KindConflict
// naming Window, the cause a *RecordOverlap naming that record) and changes nothing;
// reject one of the two, or correct the other. Records made under the rule never get
// there: RecordService already refuses a record over another live record's time.
func (s *Service) VerifyRecord(ctx context.Context, by Actor, id uuid.UUID, approve bool) (ServiceRecord, error) {
	const op = "volunteer.Service.VerifyRecord"
	return s.organizerUpdate(ctx, op, by, id, func(r *ServiceRecord, now time.Time) error {
		if r.Status != RecordPending {
			return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "ServiceRecord", ID: id.String(), Field: "Status",
				Msg: "is " + string(r.Status) + ": only a pending record is verified or rejected; change its minutes with CorrectRecord"}
		}
		r.Status = RecordRejected
		if approve {
			r.Status = RecordVerified
		}
		r.VerifiedBy, r.VerifiedAt = by, now
		return nil
	})
}

// CorrectRecord changes a record's minutes, by its organizer, keeping the original: a
// Revision with the old and new minutes, who and why is appended. A correction of a
// record whose points were awarded is settled by calling AwardPoints again.
func (s *Service) CorrectRecord(ctx context.Context, by Actor, id uuid.UUID, minutes int, reason string) (ServiceRecord, error) {
	const op = "volunteer.Service.CorrectRecord"
	return s.organizerUpdate(ctx, op, by, id, func(r *ServiceRecord, now time.Time) error {
		if r.Status == RecordRejected {
			return &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "ServiceRecord", ID: id.String(), Field: "Status", Msg: "is rejected: a rejected record stays as it was decided; record the service afresh with RecordService"}
		}
		if minutes == r.Minutes {
			return &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "ServiceRecord", ID: id.String(), Field: "Minutes", Msg: "is unchanged"}
		}
		r.Revisions = append(r.Revisions, Revision{At: now, By: by, FromMinutes: r.Minutes, ToMinutes: minutes, Reason: reason})
		r.Minutes = minutes
		return nil
	})
}

// unverifiedMsg says why a record in status is does not count yet, and what makes it count.
func unverifiedMsg(is RecordStatus) string {
	if is == RecordPending {
		return "is pending: its organizer verifies it with VerifyRecord first"
	}
	return "is " + string(is) + ": only verified records count"
}

// GetRecord returns the record with id.
func (s *Service) GetRecord(ctx context.Context, id uuid.UUID) (ServiceRecord, error) {
	r, err := s.store.GetRecord(ctx, id)
	return r, wushe.Wrap("volunteer.Service.GetRecord", err)
}

// ListRecords returns one page of the service records matching f.
func (s *Service) ListRecords(ctx context.Context, f RecordFilter) (wushe.Page[ServiceRecord], error) {
	p, err := s.store.ListRecords(ctx, f)
	return p, wushe.Wrap("volunteer.Service.ListRecords", err)
}

func (s *Service) volunteerRecords(ctx context.Context, id uuid.UUID, f RecordFilter) ([]ServiceRecord, error) {
	f.VolunteerID = id
	return listAll(ctx, func(r wushe.PageRequest) (wushe.Page[ServiceRecord], error) {
		f.Page = r
		return s.store.ListRecords(ctx, f)
	})
}

// Stars returns the volunteer's star status as of asOf on the Service's ladder: verified
// hours, the level, and when each level was reached. A Store that implements StarReader
// hands over only what the levels depend on.
func (s *Service) Stars(ctx context.Context, volunteerID uuid.UUID, asOf time.Time) (StarStatus, error) {
	var rs []ServiceRecord
	var err error
	if r, ok := s.store.(StarReader); ok {
		rs, err = r.StarRecords(ctx, volunteerID, asOf)
	} else {
		rs, err = s.volunteerRecords(ctx, volunteerID, RecordFilter{})
	}
	if err != nil {
		return StarStatus{}, wushe.Wrap("volunteer.Service.Stars", err)
	}
	return s.ladder.Stars(rs, asOf), nil
}

// AnnualHours is one volunteer's verified service in a year.
type AnnualHours struct {
	VolunteerID uuid.UUID `json:"volunteer_id"`
	Number      string    `json:"number"`
	Minutes     int       `json:"minutes"`
}

// BelowAnnualMinimum reports the active volunteers matching f (its Page ignored),
// registered before the end of year, whose verified service in activities that started
// in year (in the Service's location, minutes as of now) is under MinAnnualHours (CYL
// 2013 Art 11: 20 hours). Ordered by volunteer ID.
func (s *Service) BelowAnnualMinimum(ctx context.Context, year int, f VolunteerFilter) ([]AnnualHours, error) {
	const op = "volunteer.Service.BelowAnnualMinimum"
	now := s.now()
	from := time.Date(year, 1, 1, 0, 0, 0, 0, s.loc)
	to := from.AddDate(1, 0, 0)
	f.Status = StatusActive
	vs, err := listAll(ctx, func(r wushe.PageRequest) (wushe.Page[Volunteer], error) {
		f.Page = r
		return s.store.ListVolunteers(ctx, f)
	})
	if err != nil {
		return nil, wushe.Wrap(op, err)
	}
	out := []AnnualHours{}
	for _, v := range vs {
		if !v.RegisteredOn.Before(to) {
			continue
		}
		rs, err := s.volunteerRecords(ctx, v.ID, RecordFilter{From: from, To: to})
		if err != nil {
			return nil, wushe.Wrap(op, err)
		}
		m := 0
		for _, r := range rs {
			m += r.MinutesAsOf(now)
		}
		if m < s.minYear*60 {
			out = append(out, AnnualHours{VolunteerID: v.ID, Number: v.Number, Minutes: m})
		}
	}
	return out, nil
}

// ---- certificates ----

// IssueCertificate issues a certificate for the given verified records of one volunteer,
// by the organizer that recorded them ("whoever records certifies"): total minutes, the
// activities as content, the unit, a number and the issue date, signed with the
// CertificateKey. It never carries the ID number.
func (s *Service) IssueCertificate(ctx context.Context, by Actor, unitName string, volunteerID uuid.UUID, recordIDs []uuid.UUID) (Certificate, error) {
	const op = "volunteer.Service.IssueCertificate"
	now := s.now()
	if len(s.key) == 0 {
		return Certificate{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Certificate", Field: "CertificateKey", Msg: "the Service has no certificate key"}
	}
	if len(recordIDs) == 0 || strings.TrimSpace(unitName) == "" {
		return Certificate{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Certificate", Field: "Records",
			Msg: "needs at least one record and a unit name"}
	}
	v, err := s.store.GetVolunteer(ctx, volunteerID)
	if err != nil {
		return Certificate{}, wushe.Wrap(op, err)
	}
	ids := slices.Clone(recordIDs)
	slices.SortFunc(ids, wushe.CompareIDs)
	ids = slices.Compact(ids)
	minutes := 0
	var activities []string
	for _, id := range ids {
		r, err := s.store.GetRecord(ctx, id)
		if err != nil {
			return Certificate{}, wushe.Wrap(op, err)
		}
		switch {
		case r.VolunteerID != volunteerID:
			return Certificate{}, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "ServiceRecord", ID: id.String(), Field: "VolunteerID", Msg: "is another volunteer's"}
		case r.Status != RecordVerified:
			return Certificate{}, &wushe.Error{Op: op, Kind: wushe.KindConflict, Entity: "ServiceRecord", ID: id.String(), Field: "Status", Msg: unverifiedMsg(r.Status)}
		case r.Organizer != by:
			return Certificate{}, &wushe.Error{Op: op, Kind: wushe.KindForbidden, Entity: "ServiceRecord", ID: id.String(), Field: "Organizer",
				Msg: "only the unit that recorded the service may certify it"}
		}
		minutes += r.Minutes
		if !slices.Contains(activities, r.Activity) {
			activities = append(activities, r.Activity)
		}
	}
	c := Certificate{ID: s.newID(), VolunteerID: v.ID, VolunteerNumber: v.Number, Minutes: minutes,
		Content: strings.Join(activities, "; "), Unit: by, UnitName: unitName, Records: ids, IssuedOn: now, CreatedAt: now, UpdatedAt: now}
	sum := sha256.Sum256(c.ID[:])
	c.Number = fmt.Sprintf("C%04d-%s", now.In(s.loc).Year(), strings.ToUpper(hex.EncodeToString(sum[:6])))
	c.Code = SignCertificate(c, s.key)
	if err := s.store.CreateCertificate(ctx, c); err != nil {
		return Certificate{}, wushe.Wrap(op, err)
	}
	c.Version = 1
	return c, nil
}

// VerifyCertificate checks c against the Service's CertificateKey (see the function
// VerifyCertificate).
func (s *Service) VerifyCertificate(c Certificate) error { return VerifyCertificate(c, s.key) }

// GetCertificate returns the certificate with id.
func (s *Service) GetCertificate(ctx context.Context, id uuid.UUID) (Certificate, error) {
	c, err := s.store.GetCertificate(ctx, id)
	return c, wushe.Wrap("volunteer.Service.GetCertificate", err)
}
