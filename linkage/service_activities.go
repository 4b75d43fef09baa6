package linkage

import (
	"context"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// RecordActivity records an activity. Its community, its project (if any) and every
// organizing organization and unit must exist.
func (s *Service) RecordActivity(ctx context.Context, a Activity) (Activity, error) {
	const op = "linkage.Service.RecordActivity"
	if err := wushe.WithOp(op, a.Validate()); err != nil {
		return Activity{}, err
	}
	if _, err := s.requireCommunity(ctx, op, "Activity", "Community", a.Community); err != nil {
		return Activity{}, err
	}
	if a.Project != uuid.Nil {
		if err := s.exists(ctx, op, "Activity", "Project", TargetProject, a.Project); err != nil {
			return Activity{}, err
		}
	}
	for i, id := range a.Organizations {
		if _, err := s.store.GetOrganization(ctx, id); err != nil {
			return Activity{}, s.missing(op, "Activity", wushe.Index("Organizations", i), "organization", id, err)
		}
	}
	for i, id := range a.Units {
		if _, err := s.store.GetUnit(ctx, id); err != nil {
			return Activity{}, s.missing(op, "Activity", wushe.Index("Units", i), "unit", id, err)
		}
	}
	return s.activities().register(ctx, s, op, a)
}

// UpdateActivity replaces the stored activity with a (attendance added afterwards, a
// corrected count); a.Version must be the stored one.
func (s *Service) UpdateActivity(ctx context.Context, a Activity) (Activity, error) {
	return s.activities().replace(ctx, s, "linkage.Service.UpdateActivity", a, func(next *Activity, cur Activity) {
		next.Community = cur.Community
	})
}

// GetActivity returns the activity with the given ID.
func (s *Service) GetActivity(ctx context.Context, id uuid.UUID) (Activity, error) {
	a, err := s.store.GetActivity(ctx, id)
	return a, wushe.Wrap("linkage.Service.GetActivity", err)
}

// ListActivities returns one page of the activities matching f.
func (s *Service) ListActivities(ctx context.Context, f ActivityFilter) (wushe.Page[Activity], error) {
	p, err := s.store.ListActivities(ctx, f)
	return p, wushe.Wrap("linkage.Service.ListActivities", err)
}

// missing turns a store error about a referenced entity into one naming the field.
func (s *Service) missing(op, entity, field, what string, id uuid.UUID, err error) error {
	if wushe.KindOf(err) == wushe.KindNotFound {
		e := refuse(op, wushe.KindNotFound, entity, uuid.Nil, field, "%s %s does not exist", what, id)
		e.ID, e.Err = "", err
		return e
	}
	return fail(op, err)
}

// exists checks that the need, activity or project exists.
func (s *Service) exists(ctx context.Context, op, entity, field string, k TargetKind, id uuid.UUID) error {
	var err error
	switch k {
	case TargetNeed:
		_, err = s.store.GetNeed(ctx, id)
	case TargetActivity:
		_, err = s.store.GetActivity(ctx, id)
	default:
		_, err = s.store.GetProject(ctx, id)
	}
	if err != nil {
		return s.missing(op, entity, field, string(k), id, err)
	}
	return nil
}

// RecordLink records that l.By brought l.From's contribution to l.To. A zero l.At means
// now. The target (need, activity or project) and l.Project, if set, must exist; the
// parties are references the host may keep in other packages (volunteers, donors), so
// only those kept here (unit, organization, social worker, community) are checked.
// Links are records: they are not updated.
func (s *Service) RecordLink(ctx context.Context, l Link) (Link, error) {
	const op = "linkage.Service.RecordLink"
	if l.At.IsZero() {
		l.At = s.clock.Now()
	}
	if err := wushe.WithOp(op, l.Validate()); err != nil {
		return Link{}, err
	}
	if err := s.exists(ctx, op, "Link", "To.ID", l.To.Kind, l.To.ID); err != nil {
		return Link{}, err
	}
	if l.Project != uuid.Nil {
		if err := s.exists(ctx, op, "Link", "Project", TargetProject, l.Project); err != nil {
			return Link{}, err
		}
	}
	for _, p := range []struct {
		field string
		party Party
	}{{"By.ID", l.By}, {"From.ID", l.From}} {
		var err error
		switch p.party.Kind {
		case PartyUnit:
			_, err = s.store.GetUnit(ctx, p.party.ID)
		case PartyOrganization:
			_, err = s.store.GetOrganization(ctx, p.party.ID)
		case PartySocialWorker:
			_, err = s.store.GetSocialWorker(ctx, p.party.ID)
		case PartyCommunity:
			_, err = s.store.GetCommunity(ctx, p.party.ID)
		}
		if err != nil {
			return Link{}, s.missing(op, "Link", p.field, string(p.party.Kind), p.party.ID, err)
		}
	}
	return s.links().register(ctx, s, op, l)
}

// GetLink returns the link with the given ID.
func (s *Service) GetLink(ctx context.Context, id uuid.UUID) (Link, error) {
	l, err := s.store.GetLink(ctx, id)
	return l, wushe.Wrap("linkage.Service.GetLink", err)
}

// ListLinks returns one page of the links matching f.
func (s *Service) ListLinks(ctx context.Context, f LinkFilter) (wushe.Page[Link], error) {
	p, err := s.store.ListLinks(ctx, f)
	return p, wushe.Wrap("linkage.Service.ListLinks", err)
}

// CountLinkedParties counts the distinct parties of kind from whose contributions were
// linked by links matching f (f.FromKind is set to from): "units connected", "volunteers
// connected". It reads every page.
func (s *Service) CountLinkedParties(ctx context.Context, from PartyKind, f LinkFilter) (int, error) {
	const op = "linkage.Service.CountLinkedParties"
	if !from.Valid() {
		return 0, refuse(op, wushe.KindInvalid, "LinkFilter", uuid.Nil, "FromKind", "%s", partyKinds.Problem(from))
	}
	f.FromKind = from
	seen := map[uuid.UUID]struct{}{}
	for {
		page, err := s.store.ListLinks(ctx, f)
		if err != nil {
			return 0, fail(op, err)
		}
		for _, l := range page.Items {
			seen[l.From.ID] = struct{}{}
		}
		if page.Next == uuid.Nil {
			return len(seen), nil
		}
		f.Page.After = page.Next
	}
}
