// Command quickstart is the five-minute tour of wushe on the embedded in-memory store: a
// community with grids and venues, a social worker, a community organization, a unit, a
// purchased service project, a need raised at a residents' council, a case opened with
// consent, and a link that records a unit's contribution. It prints what it did.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/wushe/wushe/examples/quickstart/tour"
	"github.com/wushe/wushe/memstore"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run does the tour on a new in-memory store. To run it on a database instead, change
// this one line to open another linkage.Store (see adapters/sqlstore/examples/quickstart).
func run(w io.Writer) error {
	return tour.Run(context.Background(), w, memstore.New())
}
