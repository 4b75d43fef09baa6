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
	// 10 scale
	// 11 scale_columns
	// 12 positions
	// 13 record_enrolment_live
	// 14 report_filters
	// 15 record_stars
	// 16 record_ends
}

// Moving to another database: Copy writes every row of every Store from src into dst,
// verifies each table by count and checksum, and writes nothing the second time. The same
// call moves a SQLite file into PostgreSQL (open dst with OpenPostgres).
func ExampleCopy() {
	ctx := context.Background()
	var stores [2]*sqlstore.Store // a SQLite file and, in practice, a PostgreSQL database
	for i := range stores {
		s, err := sqlstore.OpenSQLite(ctx, ":memory:", sqlstore.Options{})
		if err != nil {
			panic(err)
		}
		defer s.Close()
		stores[i] = s
	}
	src, dst := stores[0], stores[1]

	svc, _ := linkage.NewService(src, &linkage.Options{NewID: wushe.SequentialIDs("copy")})
	c, err := svc.RegisterCommunity(ctx, linkage.Community{Name: "Liede", Kind: linkage.CommunityUrban,
		District: "Tianhe", StreetOffice: "Liede Street", Households: 3100, Residents: 9800})
	if err != nil {
		panic(err)
	}

	inserted := func(tables []sqlstore.TableCopy) (n int64) {
		for _, tc := range tables {
			n += tc.Inserted
		}
		return n
	}
	first, err := sqlstore.Copy(ctx, dst, src, sqlstore.CopyOptions{})
	if err != nil {
		panic(err)
	}
	again, err := sqlstore.Copy(ctx, dst, src, sqlstore.CopyOptions{})
	if err != nil {
		panic(err)
	}
	got, err := dst.GetCommunity(ctx, c.ID)
	if err != nil {
		panic(err)
	}
	for _, tc := range first {
		if tc.Table == "linkage_communities" {
			fmt.Println(tc.Table, "rows:", tc.Rows, "written:", tc.Inserted)
		}
	}
	fmt.Println("rows written by the second copy:", inserted(again))
	fmt.Println("in the destination:", got.Name, got.Version)
	// Output:
	// linkage_communities rows: 1 written: 1
	// rows written by the second copy: 0
	// in the destination: Liede 1
}
