package memstore_test

import (
	"testing"

	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/resources/resourcestest"
)

func TestResourcesStore(t *testing.T) {
	resourcestest.RunStoreTests(t, func(*testing.T) resources.Store { return memstore.New() }, resourcestest.Features{})
}

func TestResourcesStoreUnderFaults(t *testing.T) {
	// A FaultyStore that fails nothing is a faithful Store: it passes the whole suite.
	resourcestest.RunStoreTests(t, func(*testing.T) resources.Store {
		return resourcestest.NewFaultyStore(memstore.New())
	}, resourcestest.Features{Goroutines: 20})
}
