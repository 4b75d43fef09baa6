package linkage

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/volunteer"
)

// CommunityChecker checks volunteers' CommunityID against the communities store keeps:
// set it as volunteer.Options.Communities, and volunteer.Service.Register and
// UpdateVolunteer refuse a community store does not have (KindNotFound naming
// CommunityID). It takes the Store, not the Service, because the volunteer Service is
// built first (Options.Volunteer):
//
//	vol, err := volunteer.NewService(store, &volunteer.Options{Communities: linkage.CommunityChecker(store)})
func CommunityChecker(store interface {
	GetCommunity(ctx context.Context, id uuid.UUID) (Community, error)
}) volunteer.CommunityChecker {
	return volunteer.CommunityCheckerFunc(func(ctx context.Context, id uuid.UUID) (bool, error) {
		_, err := store.GetCommunity(ctx, id)
		if errors.Is(err, wushe.ErrNotFound) {
			return false, nil
		}
		return err == nil, wushe.Wrap("linkage.CommunityChecker", err)
	})
}
