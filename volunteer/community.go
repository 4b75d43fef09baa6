package volunteer

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// CommunityChecker tells whether a community exists, for Options.Communities. This
// package keeps no communities: the host's checker knows them (linkage.CommunityChecker
// over the linkage Store, or a CommunityCheckerFunc over the host's own table).
type CommunityChecker interface {
	// CommunityExists reports whether the community with id exists. An error means it
	// could not tell; the operation that asked fails with it and stores nothing.
	CommunityExists(ctx context.Context, id uuid.UUID) (bool, error)
}

// CommunityCheckerFunc is a function used as a CommunityChecker.
type CommunityCheckerFunc func(ctx context.Context, id uuid.UUID) (bool, error)

// CommunityExists calls f.
func (f CommunityCheckerFunc) CommunityExists(ctx context.Context, id uuid.UUID) (bool, error) {
	return f(ctx, id)
}

// errCommunityUnchecked stops an UpdateVolunteer whose fn moved the volunteer to a
// community not yet checked: the check runs outside the Store's update, which must not
// call out, and the update is then run again.
var errCommunityUnchecked = errors.New("volunteer: community not yet checked")

// communityRounds bounds how many times UpdateVolunteer runs fn again after checking a
// community, in case fn names another community each time it runs.
const communityRounds = 4

// checkCommunity refuses a CommunityID that Options.Communities does not know
// (KindNotFound naming CommunityID). uuid.Nil (community unknown) and a Service without a
// checker pass.
func (s *Service) checkCommunity(ctx context.Context, op string, id, community uuid.UUID) error {
	if s.communities == nil || community == uuid.Nil {
		return nil
	}
	ok, err := s.communities.CommunityExists(ctx, community)
	if err != nil {
		k := wushe.KindOf(err)
		if k == wushe.KindUnknown {
			k = ""
		}
		return &wushe.Error{Op: op, Kind: k, Entity: "Volunteer", ID: id.String(), Field: "CommunityID",
			Msg: "could not be checked", Err: err}
	}
	if !ok {
		return &wushe.Error{Op: op, Kind: wushe.KindNotFound, Entity: "Volunteer", ID: id.String(), Field: "CommunityID",
			Msg: "names community " + community.String() + ", which does not exist; register the community first or correct the ID"}
	}
	return nil
}
