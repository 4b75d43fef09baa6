package memstore_test

import (
	"testing"

	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/linkage/linkagetest"
	"github.com/wushe/wushe/memstore"
)

func TestLinkageStore(t *testing.T) {
	linkagetest.RunStoreTests(t, func(t *testing.T) linkage.Store { return memstore.New() }, linkagetest.Features{})
}
