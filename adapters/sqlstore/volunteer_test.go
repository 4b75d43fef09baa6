package sqlstore

import (
	"testing"

	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

func TestVolunteerStore(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		volunteertest.RunStoreTests(t, func(t *testing.T) volunteer.Store { return b.open(t) }, volunteertest.Features{})
	})
}
