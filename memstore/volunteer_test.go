package memstore_test

import (
	"testing"

	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/volunteer"
	"github.com/wushe/wushe/volunteer/volunteertest"
)

func TestVolunteerStore(t *testing.T) {
	volunteertest.RunStoreTests(t, func(*testing.T) volunteer.Store { return memstore.New() }, volunteertest.Features{})
}
