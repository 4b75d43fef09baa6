// Command quickstart is the five-minute tour of wushe on the embedded in-memory store: one
// need followed through the five parties. Residents raise it at their council, the social
// worker assesses it (a case with confidential notes) and refers it to a volunteer team,
// the community's charity stock and a unit; the team serves a shift, the stock delivers
// rice, the referrals are completed from that work, the resident's follow-up call meets
// the need, and the links and the referral rates follow. It prints what happened.
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
// this one line to open another Store (see adapters/sqlstore/examples/quickstart).
func run(w io.Writer) error {
	return tour.Run(context.Background(), w, memstore.New())
}
