package linkagetest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/linkage/linkagetest"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/storetest"
)

// FailAt fails the nth store call, whatever the method: here the first, so the first
// registration is refused as unavailable and a retry succeeds.
func ExampleNewFaultStore() {
	ctx := context.Background()
	faults := new(storetest.Faults).FailAt(1)
	store := linkagetest.NewFaultStore(memstore.New(), faults)
	svc, err := linkage.NewService(store, &linkage.Options{Clock: wushe.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))})
	if err != nil {
		panic(err)
	}
	community := linkage.Community{Name: "J社区", Kind: linkage.CommunityUrban}
	_, err = svc.RegisterCommunity(ctx, community)
	fmt.Println("first try unavailable:", errors.Is(err, wushe.ErrUnavailable))
	c, err := svc.RegisterCommunity(ctx, community)
	fmt.Println("retry:", err == nil, c.Name)
	page, _ := svc.ListCommunities(ctx, linkage.CommunityFilter{})
	fmt.Println("stored:", len(page.Items))
	// Output:
	// first try unavailable: true
	// retry: true J社区
	// stored: 1
}

// The Faults' log shows which store calls an operation makes, in order: the way to choose
// the call to fail when proving that a failure leaves nothing half done.
func ExampleFaultStore_Faults() {
	ctx := context.Background()
	store := linkagetest.NewFaultStore(memstore.New(), nil)
	svc, _ := linkage.NewService(store, &linkage.Options{Clock: wushe.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))})
	c, _ := svc.RegisterCommunity(ctx, linkage.Community{Name: "L社区", Kind: linkage.CommunityUrban})
	store.Faults().Reset()
	_, _ = svc.GetCommunity(ctx, c.ID)
	fmt.Println(store.Faults().Log())
	// Output:
	// [GetCommunity]
}
