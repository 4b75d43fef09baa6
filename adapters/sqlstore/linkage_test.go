package sqlstore

import (
	"testing"

	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/linkage/linkagetest"
)

func TestLinkageStore(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		f := linkagetest.Features{}
		if b.reopen != nil {
			f.Reopen = func(t *testing.T, s linkage.Store) linkage.Store { return b.reopen(t, s.(*Store)) }
		}
		linkagetest.RunStoreTests(t, func(t *testing.T) linkage.Store { return b.open(t) }, f)
	})
}
