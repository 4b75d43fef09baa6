package sqlstore

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/resources/resourcestest"
)

// BenchmarkAllocation measures one allocation's life through resources.Service on each
// backend: Reserve (reads the lot and the request, then one Post that creates the
// allocation and reserves stock) and Deliver (reads the allocation, then one Post that
// replaces it and delivers). Each iteration is four reads and two write transactions.
func BenchmarkAllocation(b *testing.B) {
	for _, be := range backends(b) {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			svc, err := resources.NewService(s, nil)
			require.NoError(b, err)
			lot := resStock(b, s, "rice", "1000000000")
			r := resourcestest.Request("1000000000")
			require.NoError(b, s.CreateRequest(b.Context(), r))
			one := decimal.NewFromInt(1)
			ctx := b.Context()
			for b.Loop() {
				a, err := svc.Reserve(ctx, "bench", lot.ID, r.ID, one)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := svc.Deliver(ctx, "bench", a.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
