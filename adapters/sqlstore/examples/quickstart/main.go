// Command quickstart is wushe's five-minute tour (the program in the core module's
// examples/quickstart) on an SQLite file instead of the in-memory store. The line that
// opens the store is the only line of the tour that changes:
//
//	store := memstore.New()
//	store, err := sqlstore.OpenSQLite(ctx, path, sqlstore.Options{})
//
// After the tour it closes the database, opens it again and reads back what the tour
// wrote, to show that it outlived the process's store.
//
//	go run ./examples/quickstart            # a new database in a temporary directory
//	go run ./examples/quickstart -db my.db  # a database file of your choice (must be new)
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/wushe/wushe/adapters/sqlstore"
	"github.com/wushe/wushe/examples/quickstart/tour"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/volunteer"
)

func main() {
	db := flag.String("db", "", "SQLite database file to create (default: one in a temporary directory)")
	flag.Parse()
	path := *db
	if path == "" {
		dir, err := os.MkdirTemp("", "wushe-quickstart-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "quickstart:", err)
			os.Exit(1)
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "wushe.db")
	}
	if err := run(os.Stdout, path); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run does the tour on a new SQLite database at path, then reopens it and reports what it
// reads back.
func run(w io.Writer, path string) error {
	ctx := context.Background()
	store, err := sqlstore.OpenSQLite(ctx, path, sqlstore.Options{})
	if err != nil {
		return err
	}
	if err := tour.Run(ctx, w, store); err != nil {
		store.Close()
		return err
	}
	if err := store.Close(); err != nil {
		return err
	}
	return readBack(ctx, w, path)
}

// readBack opens the database again and counts what the tour left in it.
func readBack(ctx context.Context, w io.Writer, path string) error {
	store, err := sqlstore.OpenSQLite(ctx, path, sqlstore.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	communities, err := store.ListCommunities(ctx, linkage.CommunityFilter{})
	if err != nil {
		return err
	}
	needs, err := store.ListNeeds(ctx, linkage.NeedFilter{})
	if err != nil {
		return err
	}
	links, err := store.ListLinks(ctx, linkage.LinkFilter{})
	if err != nil {
		return err
	}
	referrals, err := store.ListReferrals(ctx, linkage.ReferralFilter{})
	if err != nil {
		return err
	}
	records, err := store.ListRecords(ctx, volunteer.RecordFilter{})
	if err != nil {
		return err
	}
	version, err := store.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "reopened the SQLite database (schema version %d): communities %d, needs %d, referrals %d, service records %d, links %d\n",
		version, len(communities.Items), len(needs.Items), len(referrals.Items), len(records.Items), len(links.Items))
	return nil
}
