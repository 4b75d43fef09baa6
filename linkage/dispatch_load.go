package linkage

import (
	"context"
	"slices"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// DispatchScope says which communities a dispatch or an idle report covers: the
// communities listed and, when StreetOffice is set, every community of that street
// office. At least one of the two is required.
type DispatchScope struct {
	Communities  []uuid.UUID `json:"communities,omitempty"`
	StreetOffice string      `json:"street_office,omitempty"`
}

// DispatchSources are where volunteers, teams and lots are read from: a volunteer.Store
// and a resources.Store serve (so do memstore.Store and a host's own stores). A nil
// field reads none of its kind.
type DispatchSources struct {
	Volunteers interface {
		ListVolunteers(ctx context.Context, f volunteer.VolunteerFilter) (wushe.Page[volunteer.Volunteer], error)
		ListTeams(ctx context.Context, f volunteer.TeamFilter) (wushe.Page[volunteer.Team], error)
	}
	Lots interface {
		ListLots(ctx context.Context, f resources.LotFilter) (wushe.Page[resources.Lot], error)
	}
}

// communities resolves the scope to community IDs, in byte order.
func (s *Service) scopeCommunities(ctx context.Context, op string, scope DispatchScope) ([]uuid.UUID, error) {
	if len(scope.Communities) == 0 && scope.StreetOffice == "" {
		return nil, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "DispatchScope", Field: "Communities",
			Msg: "name the communities or the street office"}
	}
	ids := slices.Clone(scope.Communities)
	for _, id := range ids {
		if _, err := s.store.GetCommunity(ctx, id); err != nil {
			return nil, fail(op, err)
		}
	}
	if scope.StreetOffice != "" {
		cs, err := listAll(ctx, func(req wushe.PageRequest) (wushe.Page[Community], error) {
			return s.store.ListCommunities(ctx, CommunityFilter{StreetOffice: scope.StreetOffice, Page: req})
		})
		if err != nil {
			return nil, fail(op, err)
		}
		for _, c := range cs {
			ids = append(ids, c.ID)
		}
	}
	slices.SortFunc(ids, cmpID)
	return slices.Compact(ids), nil
}

// eachCommunity lists, for every community, the entities list returns, one after the
// other.
func eachCommunity[T any](ctx context.Context, comms []uuid.UUID, list func(uuid.UUID, wushe.PageRequest) (wushe.Page[T], error)) ([]T, error) {
	var out []T
	for _, c := range comms {
		items, err := listAll(ctx, func(req wushe.PageRequest) (wushe.Page[T], error) { return list(c, req) })
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}

// partiesIn reads the organizations and units of the communities.
func (s *Service) partiesIn(ctx context.Context, comms []uuid.UUID) ([]Organization, []Unit, error) {
	orgs, err := eachCommunity(ctx, comms, func(c uuid.UUID, req wushe.PageRequest) (wushe.Page[Organization], error) {
		return s.store.ListOrganizations(ctx, OrganizationFilter{Community: c, Page: req})
	})
	if err != nil {
		return nil, nil, err
	}
	units, err := eachCommunity(ctx, comms, func(c uuid.UUID, req wushe.PageRequest) (wushe.Page[Unit], error) {
		return s.store.ListUnits(ctx, UnitFilter{Community: c, Page: req})
	})
	return orgs, units, err
}

// stockIn reads every lot with stock on hand.
func stockIn(ctx context.Context, src DispatchSources) ([]resources.Lot, error) {
	if src.Lots == nil {
		return nil, nil
	}
	return listAll(ctx, func(req wushe.PageRequest) (wushe.Page[resources.Lot], error) {
		return src.Lots.ListLots(ctx, resources.LotFilter{InStock: true, Page: req})
	})
}

// LoadDispatchInput reads what a dispatch of the scope works on, as of the Service's
// clock: the tasks of its communities (TaskForNeed for an open need not yet referred,
// TaskForReferral for a referral rejected or failed and not yet re-referred, with every
// responder that declined the need) and the open referrals each responder holds; the active
// volunteers of its communities and the teams they belong to or that a community of the
// scope runs; the organizations and units of its communities; every lot with stock on
// hand. Store errors are returned naming the operation; an empty scope is KindInvalid
// and a community that does not exist KindNotFound.
func (s *Service) LoadDispatchInput(ctx context.Context, scope DispatchScope, src DispatchSources) (DispatchInput, error) {
	const op = "linkage.Service.LoadDispatchInput"
	comms, err := s.scopeCommunities(ctx, op, scope)
	if err != nil {
		return DispatchInput{}, err
	}
	in := DispatchInput{At: s.clock.Now()}
	if in.Tasks, in.Held, err = s.dispatchTasks(ctx, comms); err != nil {
		return DispatchInput{}, fail(op, err)
	}
	if in.Organizations, in.Units, err = s.partiesIn(ctx, comms); err != nil {
		return DispatchInput{}, fail(op, err)
	}
	if src.Volunteers != nil {
		if in.Volunteers, err = eachCommunity(ctx, comms, func(c uuid.UUID, req wushe.PageRequest) (wushe.Page[volunteer.Volunteer], error) {
			return src.Volunteers.ListVolunteers(ctx, volunteer.VolunteerFilter{CommunityID: c, Status: volunteer.StatusActive, Page: req})
		}); err != nil {
			return DispatchInput{}, fail(op, err)
		}
		teams, err := listAll(ctx, func(req wushe.PageRequest) (wushe.Page[volunteer.Team], error) {
			return src.Volunteers.ListTeams(ctx, volunteer.TeamFilter{Page: req})
		})
		if err != nil {
			return DispatchInput{}, fail(op, err)
		}
		members := map[uuid.UUID]bool{}
		for _, v := range in.Volunteers {
			members[v.ID] = true
			for _, t := range v.Teams {
				members[t] = true
			}
		}
		for _, t := range teams {
			_, ours := slices.BinarySearchFunc(comms, t.RunBy.ID, cmpID)
			if members[t.ID] || (t.RunBy.Kind == volunteer.ActorCommunity && ours) ||
				slices.ContainsFunc(t.Members, func(id uuid.UUID) bool { return members[id] }) {
				in.Teams = append(in.Teams, t)
			}
		}
	}
	if in.Lots, err = stockIn(ctx, src); err != nil {
		return DispatchInput{}, fail(op, err)
	}
	return in, nil
}

// dispatchTasks lists the tasks of the communities and the referrals responders hold: a
// referral waiting for a responder (rejected or failed, not yet re-referred) of a need
// that is not met or closed is a task, with every responder that rejected or failed the
// need declined; an open need with no referral at all is a task; an open referral with a
// named responder is held by it.
func (s *Service) dispatchTasks(ctx context.Context, comms []uuid.UUID) ([]DispatchTask, []DispatchLoad, error) {
	needs, err := eachCommunity(ctx, comms, func(c uuid.UUID, req wushe.PageRequest) (wushe.Page[Need], error) {
		return s.store.ListNeeds(ctx, NeedFilter{Community: c, Page: req})
	})
	if err != nil {
		return nil, nil, err
	}
	refs, err := eachCommunity(ctx, comms, func(c uuid.UUID, req wushe.PageRequest) (wushe.Page[Referral], error) {
		return s.store.ListReferrals(ctx, ReferralFilter{Community: c, Page: req})
	})
	if err != nil {
		return nil, nil, err
	}
	var held []DispatchLoad
	byNeed := map[uuid.UUID][]Referral{}
	for _, r := range refs {
		byNeed[r.Need] = append(byNeed[r.Need], r)
		if r.Status.Open() && r.Responder.ID != uuid.Nil {
			held = append(held, DispatchLoad{Responder: r.Responder.ID, Category: r.Category, Open: 1})
		}
	}
	var tasks []DispatchTask
	for _, n := range needs {
		if n.Status.Final() {
			continue
		}
		var declined []uuid.UUID
		var waiting []Referral
		for _, r := range byNeed[n.ID] {
			if r.Status == ReferralRejected || r.Status == ReferralFailed {
				if r.Responder.ID != uuid.Nil {
					declined = append(declined, r.Responder.ID)
				}
				if r.Next == uuid.Nil {
					waiting = append(waiting, r)
				}
			}
		}
		for _, r := range waiting {
			t := TaskForReferral(r, n)
			t.Declined = declined
			tasks = append(tasks, t)
		}
		if n.Status == NeedOpen && len(byNeed[n.ID]) == 0 {
			tasks = append(tasks, TaskForNeed(n))
		}
	}
	return tasks, held, nil
}

// IdleReport reports, as of the Service's clock, the resources of the scope idle for at
// least days days beside its needs open as long (see BuildIdleReport): its communities'
// needs that are not met or closed, their organizations' and units' provisions with the
// links and the referrals they accepted that show them in use (at the time of the link or
// of the answer), and every lot with stock on hand from src.
func (s *Service) IdleReport(ctx context.Context, scope DispatchScope, src DispatchSources, days int) (*IdleReport, error) {
	const op = "linkage.Service.IdleReport"
	comms, err := s.scopeCommunities(ctx, op, scope)
	if err != nil {
		return nil, err
	}
	var in IdleInput
	all, err := eachCommunity(ctx, comms, func(c uuid.UUID, req wushe.PageRequest) (wushe.Page[Need], error) {
		return s.store.ListNeeds(ctx, NeedFilter{Community: c, Page: req})
	})
	if err != nil {
		return nil, fail(op, err)
	}
	for _, n := range all {
		if !n.Status.Final() {
			in.Needs = append(in.Needs, n)
		}
	}
	if in.Organizations, in.Units, err = s.partiesIn(ctx, comms); err != nil {
		return nil, fail(op, err)
	}
	for _, party := range []struct {
		kind PartyKind
		ids  []uuid.UUID
	}{{PartyOrganization, providers(in.Organizations, func(o Organization) (uuid.UUID, int) { return o.ID, len(o.Provisions) })},
		{PartyUnit, providers(in.Units, func(u Unit) (uuid.UUID, int) { return u.ID, len(u.Provisions) })}} {
		for _, id := range party.ids {
			links, err := listAll(ctx, func(req wushe.PageRequest) (wushe.Page[Link], error) {
				return s.store.ListLinks(ctx, LinkFilter{FromKind: party.kind, FromID: id, Page: req})
			})
			if err != nil {
				return nil, fail(op, err)
			}
			in.Links = append(in.Links, links...)
		}
	}
	refs, err := eachCommunity(ctx, comms, func(c uuid.UUID, req wushe.PageRequest) (wushe.Page[Referral], error) {
		return s.store.ListReferrals(ctx, ReferralFilter{Community: c, Page: req})
	})
	if err != nil {
		return nil, fail(op, err)
	}
	for _, r := range refs {
		if (r.Responder.Kind == ResponderOrganization || r.Responder.Kind == ResponderUnit) &&
			r.Status.Answered() && r.Status != ReferralRejected {
			in.Used = append(in.Used, ProvisionUse{Responder: r.Responder.ID, Category: r.Category, At: r.RespondedAt})
		}
	}
	if in.Lots, err = stockIn(ctx, src); err != nil {
		return nil, fail(op, err)
	}
	rep, err := BuildIdleReport(in, s.clock.Now(), days)
	if err != nil {
		return nil, wushe.WithOp(op, err)
	}
	return rep, nil
}

// providers lists the IDs of the parties in xs that declared provisions.
func providers[T any](xs []T, id func(T) (uuid.UUID, int)) []uuid.UUID {
	var out []uuid.UUID
	for _, x := range xs {
		if i, n := id(x); n > 0 {
			out = append(out, i)
		}
	}
	return out
}
