package sqlstore_test

import (
	"context"
	"fmt"
	"time"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/adapters/sqlstore"
	"github.com/wushe/wushe/linkage"
)

// Open a store and hand it to a Service, exactly where memstore.New() would go. A path
// instead of ":memory:" keeps the data in a file.
func ExampleOpenSQLite() {
	ctx := context.Background()
	store, err := sqlstore.OpenSQLite(ctx, ":memory:", sqlstore.Options{})
	if err != nil {
		panic(err)
	}
	defer store.Close()

	clock := wushe.NewManualClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	svc, err := linkage.NewService(store, &linkage.Options{Clock: clock, NewID: wushe.SequentialIDs("example")})
	if err != nil {
		panic(err)
	}
	c, err := svc.RegisterCommunity(ctx, linkage.Community{Name: "J community", Kind: linkage.CommunityUrban,
		District: "Wuhou", StreetOffice: "Jiangxi Street", Households: 6800, Residents: 20300})
	if err != nil {
		panic(err)
	}
	page, err := store.ListCommunities(ctx, linkage.CommunityFilter{District: "Wuhou"})
	if err != nil {
		panic(err)
	}
	version, _ := store.SchemaVersion(ctx)
	steps, _ := sqlstore.Migrations(store.Backend())
	fmt.Println(store.Backend(), "schema at the latest step:", version == steps[len(steps)-1].Version)
	fmt.Println(page.Items[0].Name, page.Items[0].ID == c.ID, page.Items[0].Version)
	// Output:
	// sqlite schema at the latest step: true
	// J community true 1
}

// The schema is a list of numbered steps, the same for both backends.
func ExampleMigrations() {
	steps, err := sqlstore.Migrations(sqlstore.Postgres)
	if err != nil {
		panic(err)
	}
	for _, m := range steps {
		fmt.Println(m.Version, m.Name)
	}
	// Output:
	// 1 linkage
	// 2 volunteer
	// 3 resources
	// 4 callouts
	// 5 referrals
	// 6 blind_index
	// 7 record_enrolment
	// 8 movement_seq
	// 9 party
}
