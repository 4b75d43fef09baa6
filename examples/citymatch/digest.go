package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"iter"

	"github.com/wushe/wushe"
)

// digestExclusions is how many exclusions of each match the digest covers: every one
// would mean writing the text of tens of millions of pairs at city scale; their counts by
// rule are covered in full.
const digestExclusions = 10_000

// digestWriter hashes a stream of JSON values.
type digestWriter struct {
	h   hash.Hash
	enc *json.Encoder
	err error
}

func newDigest() *digestWriter {
	h := sha256.New()
	return &digestWriter{h: h, enc: json.NewEncoder(h)}
}

func (d *digestWriter) add(v any) {
	if d.err == nil {
		d.err = d.enc.Encode(v)
	}
}

// addFirst adds the first n values of seq (every one for n < 0).
func addFirst[T any](d *digestWriter, seq iter.Seq[T], n int) {
	for x := range seq {
		if n == 0 {
			return
		}
		n--
		d.add(x)
	}
}

func (d *digestWriter) sum() (string, error) { return fmt.Sprintf("%x", d.h.Sum(nil)), d.err }

// writeDigests writes a SHA-256 digest of each matcher's answer to w: the volunteer
// match's assignments, fills, every rejection with its loss, the exclusion counts by rule
// and the first digestExclusions exclusions with their text, the dropped pairs and the cap
// figures; the resource plan's allocations, fills, every rejection, the exclusion counts
// and the first exclusions, and the algorithm. Two builds that print the same digests for
// a seed gave the same answers with the same explanations.
func writeDigests(w io.Writer, vo *volunteerOutcome, ro *resourceOutcome) error {
	const op = "citymatch.writeDigests"
	v := newDigest()
	res := vo.Result
	v.add([]any{res.Assignments, res.Fills, res.Dropped, res.Refilled, res.CapRounds, res.GreedyFallback,
		res.RejectionCount, res.ExclusionCount, res.ExcludedBy})
	addFirst(v, res.AllRejections(), -1)
	addFirst(v, res.AllExclusions(), digestExclusions)
	vs, err := v.sum()
	if err != nil {
		return wushe.Wrap(op, err)
	}
	r := newDigest()
	plan := ro.Plan
	r.add([]any{plan.Allocations, plan.Requests, plan.RejectionCount, plan.ExclusionCount, plan.ExcludedBy, plan.Algorithm})
	addFirst(r, plan.AllRejections(), -1)
	addFirst(r, plan.AllExclusions(), digestExclusions)
	rs, err := r.sum()
	if err != nil {
		return wushe.Wrap(op, err)
	}
	_, err = fmt.Fprintf(w, "digest: volunteers %s, resources %s\n", vs, rs)
	return err
}
