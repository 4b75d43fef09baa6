package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

// One Store serves every package: the same value is passed to each Service, as a host's
// database adapter would be.
func Example() {
	ctx := context.Background()
	store := memstore.New()
	clock := wushe.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	people, err := linkage.NewService(store, &linkage.Options{Clock: clock})
	if err != nil {
		panic(err)
	}
	if _, err := volunteer.NewService(store, &volunteer.Options{Clock: clock}); err != nil {
		panic(err)
	}
	if _, err := resources.NewService(store, &resources.Options{Clock: clock}); err != nil {
		panic(err)
	}

	c, err := people.RegisterCommunity(ctx, linkage.Community{Name: "J社区", Kind: linkage.CommunityUrban, Households: 1200})
	if err != nil {
		panic(err)
	}
	page, _ := people.ListCommunities(ctx, linkage.CommunityFilter{})
	fmt.Println(len(page.Items), page.Items[0].Name, page.Items[0].Households, "version", c.Version)
	// Output:
	// 1 J社区 1200 version 1
}

// The Store copies entities deeply on the way in and out: changing what a call returned
// changes nothing stored.
func Example_isolation() {
	ctx := context.Background()
	store := memstore.New()
	people, _ := linkage.NewService(store, &linkage.Options{})
	c, err := people.RegisterCommunity(ctx, linkage.Community{Name: "L社区", Kind: linkage.CommunityUrban,
		Areas: []linkage.Area{{Name: "一网格", Level: linkage.LevelGrid}}})
	if err != nil {
		panic(err)
	}

	c.Areas[0].Name = "changed by the caller"
	again, _ := people.GetCommunity(ctx, c.ID)
	fmt.Println(again.Areas[0].Name)
	// Output:
	// 一网格
}

// Every method checks its context first: a cancelled context writes nothing and the error
// wraps the context's own.
func Example_cancelledContext() {
	store := memstore.New()
	people, _ := linkage.NewService(store, &linkage.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := people.RegisterCommunity(ctx, linkage.Community{Name: "K社区", Kind: linkage.CommunityRural})
	fmt.Println(errors.Is(err, context.Canceled))

	page, _ := people.ListCommunities(context.Background(), linkage.CommunityFilter{})
	fmt.Println(len(page.Items), "communities stored")
	// Output:
	// true
	// 0 communities stored
}
