package linkage

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// VolunteerWork is what linkage needs of the volunteer package to follow referrals answered
// by volunteers: *volunteer.Service satisfies it. Set it in Options.Volunteer; without it
// the Service still works, but cannot create or read volunteer work.
type VolunteerWork interface {
	CreateOpportunity(ctx context.Context, o volunteer.Opportunity) (volunteer.Opportunity, error)
	GetOpportunity(ctx context.Context, id uuid.UUID) (volunteer.Opportunity, error)
	ListRecords(ctx context.Context, f volunteer.RecordFilter) (wushe.Page[volunteer.ServiceRecord], error)
}

// ResourcesWork is what linkage needs of the resources package to follow referrals answered
// with charity resources: *resources.Service satisfies it (Request writes through its
// rules; Store is read for requests, allocations and lots). Set it in Options.Resources.
type ResourcesWork interface {
	Request(ctx context.Context, actor string, r resources.Request) (resources.Request, error)
	Store() resources.Store
}

// WorkRecord is one record that serves a referral, as ReferralOutputs lists it.
type WorkRecord struct {
	// Kind is "service_record", "allocation", "activity" or "case_session".
	Kind string    `json:"kind"`
	ID   uuid.UUID `json:"id"`
	// Of is the opportunity, request, activity or case the record belongs to.
	Of WorkRef   `json:"of"`
	At time.Time `json:"at"`
	// Volunteer is who served, for a service record.
	Volunteer uuid.UUID `json:"volunteer,omitzero"`
	// Minutes served, for a service record; Quantity delivered (in the lot's unit) and
	// Value (CNY), for an allocation.
	Minutes  int             `json:"minutes,omitempty"`
	Quantity decimal.Decimal `json:"quantity,omitzero"`
	Value    decimal.Decimal `json:"value,omitzero"`
}

// ReferralOutputs is what the work recorded for a referral adds up to.
type ReferralOutputs struct {
	Referral uuid.UUID `json:"referral"`
	// Records lists the records, by Of in the referral's Work order, then by time and ID.
	Records []WorkRecord `json:"records"`
	// Headcount is the distinct volunteers with a verified service record; Volunteers
	// lists them in ID order; Minutes is their verified minutes.
	Headcount  int         `json:"headcount"`
	Volunteers []uuid.UUID `json:"volunteers,omitempty"`
	Minutes    int64       `json:"minutes"`
	// Delivered is the quantity of delivered allocations, Value their fair value in CNY
	// (quantity × the lot's unit value).
	Delivered decimal.Decimal `json:"delivered"`
	Value     decimal.Decimal `json:"value"`
	// Activities counts the attached activities, CaseSessions the sessions of the attached
	// cases held since the referral was requested.
	Activities   int `json:"activities"`
	CaseSessions int `json:"case_sessions"`
}

// Empty reports whether no work is recorded.
func (o ReferralOutputs) Empty() bool { return len(o.Records) == 0 }

// Served is the quantity the outputs answer: the headcount for a volunteer team (or one
// volunteer), the
// quantity delivered for a charity resource holder, the number of records otherwise.
func (o ReferralOutputs) Served(k ResponderKind) decimal.Decimal {
	switch {
	case k.Volunteers():
		return decimal.NewFromInt(int64(o.Headcount))
	case k.Charity():
		return o.Delivered
	}
	return decimal.NewFromInt(int64(len(o.Records)))
}

// workable returns the referral if it can take work: it exists and is neither final nor
// waiting for an answer. Anything else is KindInvalid naming field.
func (s *Service) workable(ctx context.Context, op, entity, field string, id uuid.UUID) (Referral, error) {
	r, err := s.store.GetReferral(ctx, id)
	if err != nil {
		if wushe.KindOf(err) == wushe.KindNotFound {
			e := refuse(op, wushe.KindInvalid, entity, uuid.Nil, field, "referral %s does not exist", id)
			e.ID, e.Err = "", err
			return Referral{}, e
		}
		return Referral{}, fail(op, err)
	}
	if !oneOf(r.Status, ReferralAccepted, ReferralInProgress, ReferralOnHold) {
		return Referral{}, refuse(op, wushe.KindInvalid, entity, uuid.Nil, field, "referral %s is %s and takes no work: only an accepted, in_progress or on_hold referral does (AcceptReferral first)", id, r.Status)
	}
	return r, nil
}

// unset is the error for a call that needs a work source the Options did not give.
func unset(op, field string) error {
	return refuse(op, wushe.KindInvalid, "Service", uuid.Nil, field, "is not set, so the Service cannot reach that work")
}

// OpenOpportunity creates a volunteer opportunity for the referral through
// Options.Volunteer, with NeedID and ReferralID set to the referral's, and records it in
// the referral's Work. The referral must be accepted, in progress or on hold; an
// opportunity naming another need or referral is refused. Everything is checked before
// anything is written: a refusal is KindInvalid and writes nothing.
func (s *Service) OpenOpportunity(ctx context.Context, referralID uuid.UUID, o volunteer.Opportunity) (volunteer.Opportunity, Referral, error) {
	const op = "linkage.Service.OpenOpportunity"
	if s.volunteer == nil {
		return volunteer.Opportunity{}, Referral{}, unset(op, "Options.Volunteer")
	}
	r, err := s.workable(ctx, op, "Opportunity", "ReferralID", referralID)
	if err != nil {
		return volunteer.Opportunity{}, Referral{}, err
	}
	if (o.ReferralID != uuid.Nil && o.ReferralID != r.ID) || (o.NeedID != uuid.Nil && o.NeedID != r.Need) {
		return volunteer.Opportunity{}, Referral{}, refuse(op, wushe.KindInvalid, "Opportunity", o.ID, "ReferralID",
			"names another referral or need than %s", r.ID)
	}
	o.NeedID, o.ReferralID = r.Need, r.ID
	created, err := s.volunteer.CreateOpportunity(ctx, o)
	if err != nil {
		return volunteer.Opportunity{}, Referral{}, fail(op, err)
	}
	r, err = s.attach(ctx, op, r.ID, WorkRef{Kind: WorkOpportunity, ID: created.ID})
	return created, r, err
}

// RequestResources creates a resources request for the referral through
// Options.Resources (actor is who asks), with NeedID, ReferralID and CommunityID set to
// the referral's, and records it in the referral's Work. The referral must be accepted,
// in progress or on hold and handed to a charity resource holder; a request naming
// another need, referral or community is refused. A refusal is KindInvalid and writes
// nothing.
func (s *Service) RequestResources(ctx context.Context, referralID uuid.UUID, actor string, q resources.Request) (resources.Request, Referral, error) {
	const op = "linkage.Service.RequestResources"
	if s.resources == nil {
		return resources.Request{}, Referral{}, unset(op, "Options.Resources")
	}
	r, err := s.workable(ctx, op, "Request", "ReferralID", referralID)
	if err != nil {
		return resources.Request{}, Referral{}, err
	}
	if !r.Responder.Kind.Charity() {
		return resources.Request{}, Referral{}, refuse(op, wushe.KindInvalid, "Request", uuid.Nil, "ReferralID",
			"referral %s is handed to a %s, not a charity resource holder", r.ID, r.Responder.Kind)
	}
	if (q.ReferralID != uuid.Nil && q.ReferralID != r.ID) || (q.NeedID != uuid.Nil && q.NeedID != r.Need) ||
		(q.CommunityID != uuid.Nil && q.CommunityID != r.Community) {
		return resources.Request{}, Referral{}, refuse(op, wushe.KindInvalid, "Request", uuid.Nil, "ReferralID",
			"names another referral, need or community than referral %s", r.ID)
	}
	q.NeedID, q.ReferralID, q.CommunityID = r.Need, r.ID, r.Community
	created, err := s.resources.Request(ctx, actor, q)
	if err != nil {
		return resources.Request{}, Referral{}, fail(op, err)
	}
	r, err = s.attach(ctx, op, r.ID, WorkRef{Kind: WorkRequest, ID: created.ID})
	return created, r, err
}

// AttachWork records that an existing record serves the referral: a volunteer
// opportunity or a resources request that names this referral and its need (and, for a
// request, its community); an activity or a case of the referral's community. Attaching
// the same record twice changes nothing. A record that belongs elsewhere, a referral that
// is not accepted, in progress or on hold (a cancelled one, say), or a kind whose source
// the Options do not give, is KindInvalid, and nothing is written.
func (s *Service) AttachWork(ctx context.Context, referralID uuid.UUID, w WorkRef) (Referral, error) {
	const op = "linkage.Service.AttachWork"
	if !w.Kind.Valid() {
		return Referral{}, refuse(op, wushe.KindInvalid, "Referral", referralID, "Work.Kind", "%s", workKinds.Problem(w.Kind))
	}
	if w.ID == uuid.Nil {
		return Referral{}, refuse(op, wushe.KindInvalid, "Referral", referralID, "Work.ID", "is required: the ID of the record that serves the referral")
	}
	r, err := s.workable(ctx, op, "Referral", "ID", referralID)
	if err != nil {
		return Referral{}, err
	}
	if err := s.checkWork(ctx, op, r, w); err != nil {
		return Referral{}, err
	}
	return s.attach(ctx, op, r.ID, w)
}

// checkWork reads the record w names and refuses it unless it belongs to r.
func (s *Service) checkWork(ctx context.Context, op string, r Referral, w WorkRef) error {
	var belongs bool
	var err error
	switch w.Kind {
	case WorkOpportunity:
		if s.volunteer == nil {
			return unset(op, "Options.Volunteer")
		}
		var o volunteer.Opportunity
		o, err = s.volunteer.GetOpportunity(ctx, w.ID)
		belongs = o.ReferralID == r.ID && o.NeedID == r.Need
	case WorkRequest:
		if s.resources == nil {
			return unset(op, "Options.Resources")
		}
		var q resources.Request
		q, err = s.resources.Store().GetRequest(ctx, w.ID)
		belongs = q.ReferralID == r.ID && q.NeedID == r.Need && q.CommunityID == r.Community
	case WorkActivity:
		var a Activity
		a, err = s.store.GetActivity(ctx, w.ID)
		belongs = a.Community == r.Community
	case WorkCase:
		var c Case
		c, err = s.store.GetCase(ctx, w.ID)
		belongs = c.Community == r.Community
	}
	if err != nil {
		if wushe.KindOf(err) == wushe.KindNotFound {
			e := refuse(op, wushe.KindInvalid, "Referral", r.ID, "Work", "%s %s does not exist", w.Kind, w.ID)
			e.Err = err
			return e
		}
		return fail(op, err)
	}
	if !belongs {
		return refuse(op, wushe.KindInvalid, "Referral", r.ID, "Work", "%s %s belongs to another referral, need or community", w.Kind, w.ID)
	}
	return nil
}

// attach adds w to the referral's Work unless it is there; the referral must still take
// work.
func (s *Service) attach(ctx context.Context, op string, id uuid.UUID, w WorkRef) (Referral, error) {
	r, err := s.referrals().change(ctx, s, op, id, func(r *Referral, _ time.Time) error {
		if !oneOf(r.Status, ReferralAccepted, ReferralInProgress, ReferralOnHold) {
			return refuse(op, wushe.KindInvalid, "Referral", id, "Status", "is %s and takes no work: only an accepted, in_progress or on_hold referral does (AcceptReferral first)", r.Status)
		}
		if slices.Contains(r.Work, w) {
			return errNothingToDo
		}
		r.Work = append(r.Work, w)
		return nil
	})
	if errors.Is(err, errNothingToDo) {
		r, err = s.store.GetReferral(ctx, id)
		return r, wushe.Wrap(op, err)
	}
	return r, err
}

// ReferralOutputs lists the records that serve the referral and adds them up: verified
// service records of its opportunities, delivered allocations of its requests (valued at
// their lots' unit value), its activities, and the sessions of its cases held since it was
// requested. Kinds whose source the Options do not give are left out.
func (s *Service) ReferralOutputs(ctx context.Context, id uuid.UUID) (ReferralOutputs, error) {
	const op = "linkage.Service.ReferralOutputs"
	r, err := s.store.GetReferral(ctx, id)
	if err != nil {
		return ReferralOutputs{}, fail(op, err)
	}
	return s.outputsOf(ctx, op, r)
}

func (s *Service) outputsOf(ctx context.Context, op string, r Referral) (ReferralOutputs, error) {
	out := ReferralOutputs{Referral: r.ID, Records: []WorkRecord{}, Delivered: decimal.Zero, Value: decimal.Zero}
	volunteers := map[uuid.UUID]bool{}
	for _, w := range r.Work {
		var recs []WorkRecord
		var err error
		switch w.Kind {
		case WorkOpportunity:
			recs, err = s.serviceRecords(ctx, op, w)
		case WorkRequest:
			recs, err = s.deliveries(ctx, op, w)
		case WorkActivity:
			var a Activity
			if a, err = s.store.GetActivity(ctx, w.ID); err == nil {
				recs = []WorkRecord{{Kind: "activity", ID: a.ID, Of: w, At: a.Window.Start}}
				out.Activities++
			}
		case WorkCase:
			var c Case
			if c, err = s.store.GetCase(ctx, w.ID); err == nil {
				for i, sess := range c.Sessions {
					if !sess.At.Before(r.RequestedAt) {
						recs = append(recs, WorkRecord{Kind: "case_session", ID: uuid.NewSHA1(c.ID, []byte{byte(i >> 8), byte(i)}), Of: w, At: sess.At})
						out.CaseSessions++
					}
				}
			}
		}
		if err != nil {
			return ReferralOutputs{}, fail(op, err)
		}
		slices.SortStableFunc(recs, func(a, b WorkRecord) int {
			if c := a.At.Compare(b.At); c != 0 {
				return c
			}
			return wushe.CompareIDs(a.ID, b.ID)
		})
		for _, rec := range recs {
			if rec.Kind == "service_record" {
				volunteers[rec.Volunteer] = true
				out.Minutes += int64(rec.Minutes)
			}
			if rec.Kind == "allocation" {
				out.Delivered = out.Delivered.Add(rec.Quantity)
				out.Value = out.Value.Add(rec.Value)
			}
		}
		out.Records = append(out.Records, recs...)
	}
	for v := range volunteers {
		out.Volunteers = append(out.Volunteers, v)
	}
	slices.SortFunc(out.Volunteers, wushe.CompareIDs)
	out.Headcount = len(out.Volunteers)
	return out, nil
}

// serviceRecords lists the verified records of an opportunity.
func (s *Service) serviceRecords(ctx context.Context, op string, w WorkRef) ([]WorkRecord, error) {
	if s.volunteer == nil {
		return nil, nil
	}
	recs, err := walkAll(ctx, op, func(req wushe.PageRequest) (wushe.Page[volunteer.ServiceRecord], error) {
		return s.volunteer.ListRecords(ctx, volunteer.RecordFilter{OpportunityID: w.ID, Status: volunteer.RecordVerified, Page: req})
	})
	out := make([]WorkRecord, 0, len(recs))
	for _, rec := range recs {
		out = append(out, WorkRecord{Kind: "service_record", ID: rec.ID, Of: w, At: rec.Window.Start,
			Volunteer: rec.VolunteerID, Minutes: rec.Minutes})
	}
	return out, err
}

// deliveries lists the delivered allocations of a request, valued at their lots.
func (s *Service) deliveries(ctx context.Context, op string, w WorkRef) ([]WorkRecord, error) {
	if s.resources == nil {
		return nil, nil
	}
	st := s.resources.Store()
	as, err := walkAll(ctx, op, func(req wushe.PageRequest) (wushe.Page[resources.Allocation], error) {
		return st.ListAllocations(ctx, resources.AllocationFilter{RequestID: w.ID, Status: resources.AllocationDelivered, Page: req})
	})
	if err != nil {
		return nil, err
	}
	lots := map[uuid.UUID]resources.Lot{}
	out := make([]WorkRecord, 0, len(as))
	for _, a := range as {
		lot, ok := lots[a.LotID]
		if !ok {
			if lot, err = st.GetLot(ctx, a.LotID); err != nil {
				return nil, err
			}
			lots[a.LotID] = lot
		}
		out = append(out, WorkRecord{Kind: "allocation", ID: a.ID, Of: w, At: a.DeliveredAt,
			Quantity: a.Quantity, Value: a.Quantity.Mul(lot.UnitValue).Round(2)})
	}
	return out, nil
}

// CompleteReferral completes the referral (in_progress to completed, a responder edge)
// once its work is recorded, and writes its Links. The outputs must exist: for a volunteer
// team asked for a headcount, at least that many volunteers with verified service; for a
// charity resource holder asked for a quantity, at least that much delivered; for one
// volunteer, verified service of that volunteer; for any other referral, at least one
// record. Short of that it is KindInsufficient and nothing is written.
//
// The links say who brought what to the need (To is the need, By the requester, At now):
//
//	volunteer team     volunteer_service, one per volunteer served, Quantity hours
//	volunteer          volunteer_service, one per volunteer served, Quantity hours
//	organization       organization, Quantity the records
//	unit               service, Quantity the records
//	social worker      talent, Quantity the records
//	charity fund       service from the fund (a donor), Quantity CNY delivered
//	community stock    service from the community, Quantity CNY delivered
//	grid staff         service from the grid staff member, Quantity the records
//	department         service from the department (a whistle answered), Quantity the records
//
// Each link's ID is derived from the referral and the party (uuid.NewSHA1), so completing
// again after a failure, or a second completion attempt, never writes a link twice. The
// need then moves on (SyncNeed).
func (s *Service) CompleteReferral(ctx context.Context, id uuid.UUID, by ReferralResponder) (Referral, error) {
	const op = "linkage.Service.CompleteReferral"
	r, err := s.store.GetReferral(ctx, id)
	if err != nil {
		return Referral{}, fail(op, err)
	}
	if err := edge(op, &r, SideResponder, ReferralCompleted); err != nil {
		return Referral{}, err
	}
	if err := responderSide(op, &r, by, ReferralCompleted); err != nil {
		return Referral{}, err
	}
	outs, err := s.outputsOf(ctx, op, r)
	if err != nil {
		return Referral{}, err
	}
	if outs.Empty() {
		return Referral{}, refuse(op, wushe.KindInsufficient, "Referral", id, "Work", "no work is recorded for the referral")
	}
	if r.Responder.Kind == ResponderVolunteer && !slices.Contains(outs.Volunteers, r.Responder.ID) {
		return Referral{}, refuse(op, wushe.KindInsufficient, "Referral", id, "Work",
			"volunteer %s has no verified service recorded for the referral", r.Responder.ID)
	}
	if served := outs.Served(r.Responder.Kind); r.Quantity.Valid && served.LessThan(r.Quantity.Decimal) {
		return Referral{}, refuse(op, wushe.KindInsufficient, "Referral", id, "Quantity",
			"%s %s asked, %s served", r.Quantity.Decimal, r.Unit, served)
	}
	now := s.clock.Now()
	links := referralLinks(r, outs, now)
	ids := make([]uuid.UUID, 0, len(links))
	for _, l := range links {
		if _, err := s.links().register(ctx, s, op, l); err != nil && wushe.KindOf(err) != wushe.KindAlreadyExists {
			return Referral{}, err
		}
		ids = append(ids, l.ID)
	}
	r, err = s.referrals().change(ctx, s, op, id, func(r *Referral, now time.Time) error {
		if err := move(op, r, SideResponder, ReferralCompleted, "", now); err != nil {
			return err
		}
		r.Links = ids
		return nil
	})
	if err != nil {
		return Referral{}, err
	}
	if _, err := s.syncNeed(ctx, op, r.Need); err != nil {
		return r, err
	}
	return r, nil
}

// referralLinks derives the links of a completed referral from its responder and work.
func referralLinks(r Referral, o ReferralOutputs, at time.Time) []Link {
	to := LinkTarget{Kind: TargetNeed, ID: r.Need}
	link := func(k LinkKind, from Party, q decimal.Decimal, unit string) Link {
		return Link{ID: uuid.NewSHA1(r.ID, []byte("link:"+string(from.Kind)+":"+from.ID.String())), Kind: k, At: at,
			By: r.Requester, From: from, To: to, Project: r.Project, Description: r.Ask,
			Quantity: decimal.NewNullDecimal(q), Unit: unit}
	}
	records := decimal.NewFromInt(int64(len(o.Records)))
	switch r.Responder.Kind {
	case ResponderVolunteerTeam, ResponderVolunteer:
		minutes := map[uuid.UUID]int64{}
		for _, rec := range o.Records {
			minutes[rec.Volunteer] += int64(rec.Minutes)
		}
		var out []Link
		for _, v := range o.Volunteers {
			out = append(out, link(LinkVolunteerService, Party{Kind: PartyVolunteer, ID: v},
				decimal.NewFromInt(minutes[v]).Div(decimal.NewFromInt(60)).Round(2), "hours"))
		}
		return out
	case ResponderOrganization:
		return []Link{link(LinkOrganization, Party{Kind: PartyOrganization, ID: r.Responder.ID}, records, "records")}
	case ResponderUnit:
		return []Link{link(LinkService, Party{Kind: PartyUnit, ID: r.Responder.ID}, records, "records")}
	case ResponderSocialWorker:
		return []Link{link(LinkTalent, Party{Kind: PartySocialWorker, ID: r.Responder.ID}, records, "records")}
	case ResponderCharityFund:
		return []Link{link(LinkService, Party{Kind: PartyDonor, ID: r.Responder.ID}, o.Value, "CNY")}
	case ResponderCommunityStock:
		return []Link{link(LinkService, Party{Kind: PartyCommunity, ID: r.Community}, o.Value, "CNY")}
	case ResponderGridStaff:
		return []Link{link(LinkService, Party{Kind: PartyGridStaff, ID: r.Responder.ID}, records, "records")}
	case ResponderDepartment:
		return []Link{link(LinkService, Party{Kind: PartyDepartment, ID: r.Responder.ID}, records, "records")}
	}
	return nil
}
