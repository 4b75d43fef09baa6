package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "citymatch:", err)
		os.Exit(2)
	}
}

// parseFlags reads the command line into a config; a size that is not positive is a
// KindInvalid error naming the flag.
func parseFlags(args []string, w io.Writer) (config, error) {
	const op = "citymatch.run"
	cfg := config{}
	fs := flag.NewFlagSet("citymatch", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Uint64Var(&cfg.Seed, "seed", 1, "seed of the synthetic city")
	fs.IntVar(&cfg.Volunteers, "volunteers", 600, "number of volunteers")
	fs.IntVar(&cfg.Shifts, "shifts", 300, "number of shift occurrences (1 to 6 places each)")
	fs.IntVar(&cfg.Lots, "lots", 200, "number of donated lots on hand")
	fs.IntVar(&cfg.Requests, "requests", 500, "number of residents' requests")
	fs.Float64Var(&cfg.VolunteerDistance, "volunteer-distance", 6000, "the volunteer matcher's distance limit in metres")
	fs.Float64Var(&cfg.ResourceDistance, "resource-distance", 8000, "the resource matcher's distance limit in metres")
	fs.BoolVar(&cfg.Fen, "fen", false, "resource quantities to 0.01 (fen) instead of whole units")
	fs.StringVar(&cfg.DIMACS, "dimacs", "", "write each matcher's solved network to this directory as DIMACS")
	fs.BoolVar(&cfg.Digest, "digest", false, "print a SHA-256 digest of each matcher's answer, to compare two builds on the same city")
	fs.IntVar(&cfg.GreedyLimit, "greedy-limit", defaultGreedyLimit, "run the greedy baselines only up to this many candidates not chosen")
	fs.StringVar(&cfg.CPUProfile, "cpuprofile", "", "write a CPU profile of the matching to this file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, err
		}
		return cfg, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Flags", Msg: "cannot parse the command line", Err: err}
	}
	p := wushe.Check("Flags")
	p.Require(cfg.Volunteers > 0, "volunteers", "must be positive")
	p.Require(cfg.Shifts > 0, "shifts", "must be positive")
	p.Require(cfg.Lots > 0, "lots", "must be positive")
	p.Require(cfg.Requests > 0, "requests", "must be positive")
	p.Require(cfg.VolunteerDistance > 0, "volunteer-distance", "must be positive")
	p.Require(cfg.ResourceDistance > 0, "resource-distance", "must be positive")
	p.Require(fs.NArg() == 0, "args", fmt.Sprintf("unexpected arguments %q", fs.Args()))
	return cfg, wushe.WithOp(op, p.Err())
}

// run builds the city the flags describe, runs both matchers and their greedy baselines,
// and writes the figures and sample explanations to w.
func run(args []string, w io.Writer) error {
	cfg, err := parseFlags(args, w)
	if err != nil {
		return err
	}
	c := generate(cfg)
	if cfg.CPUProfile != "" {
		f, err := os.Create(cfg.CPUProfile)
		if err != nil {
			return wushe.Wrap("citymatch.run", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return wushe.Wrap("citymatch.run", err)
		}
		defer pprof.StopCPUProfile()
	}
	vo, err := matchVolunteers(c, os.Stderr)
	if err != nil {
		return err
	}
	ro, err := matchResources(c, os.Stderr)
	if err != nil {
		return err
	}
	if cfg.DIMACS != "" {
		if err := writeNetworks(cfg.DIMACS, vo, ro); err != nil {
			return err
		}
	}
	places := 0
	for _, h := range c.Headcounts {
		places += h
	}
	fmt.Fprintf(w, "citymatch: seed %d, %d communities, %d volunteers, %d shifts (%d places), %d lots, %d requests\n",
		cfg.Seed, len(c.Communities), len(c.Match.Volunteers), len(c.Match.Shifts), places, len(c.Lots), len(c.Requests))
	writeVolunteers(w, c, vo)
	writeResources(w, c, ro)
	if cfg.Digest {
		return writeDigests(w, vo, ro)
	}
	return nil
}

// writeNetworks writes the matchers' solved networks to dir as volunteers.dimacs and
// resources.dimacs.
func writeNetworks(dir string, vo *volunteerOutcome, ro *resourceOutcome) error {
	const op = "citymatch.writeNetworks"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return wushe.Wrap(op, err)
	}
	for name, write := range map[string]func(io.Writer) error{"volunteers.dimacs": vo.Result.WriteDIMACS, "resources.dimacs": ro.Plan.WriteDIMACS} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return wushe.Wrap(op, err)
		}
		err = write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return wushe.Wrap(op, err)
		}
	}
	return nil
}

// volunteerFigures are the coverage and score of one set of assignments.
type volunteerFigures struct {
	ShiftsFull, Filled int
	Score              decimal.Decimal
}

func figuresOfAssignments(as []volunteer.Assignment, wanted map[volunteer.ShiftRef]int) volunteerFigures {
	f := volunteerFigures{Score: decimal.Zero}
	count := map[volunteer.ShiftRef]int{}
	for _, a := range as {
		count[a.Shift]++
		f.Filled++
		f.Score = f.Score.Add(a.Score.Total)
	}
	for ref, n := range wanted {
		if n > 0 && count[ref] >= n {
			f.ShiftsFull++
		}
	}
	return f
}

// writeGreedySkipped says that the greedy baseline did not run and why, instead of
// printing figures for a baseline that was never computed.
func writeGreedySkipped(w io.Writer, notChosen, limit int) {
	fmt.Fprintf(w, "  greedy: not run: %d candidates not chosen, over the baseline's limit of %d (-greedy-limit)\n", notChosen, limit)
}

func writeVolunteers(w io.Writer, c *city, o *volunteerOutcome) {
	res := o.Result
	wanted := 0
	for _, n := range o.Wanted {
		wanted += n
	}
	gr := figuresOfAssignments(o.Greedy, o.Wanted)
	opt := figuresOfAssignments(res.Assignments, o.Wanted)
	grc := figuresOfAssignments(o.GreedyCapped, o.Wanted)
	fmt.Fprintln(w, "volunteers to shifts (volunteer.Matcher.Assign)")
	writeCost(w, o.Cost)
	fmt.Fprintf(w, "  candidates: %d scored pairs, %d excluded (%s)\n",
		len(res.Assignments)+len(res.Dropped)+res.RejectionCount, res.ExclusionCount, formatCounts(res.ExcludedBy))
	fmt.Fprintf(w, "  answer: %d of %d shifts full, %d of %d places filled (%s), score %s, %s per place\n",
		opt.ShiftsFull, len(o.Wanted), opt.Filled, wanted, percent(opt.Filled, wanted), opt.Score.StringFixed(4), mean(opt.Score, opt.Filled))
	fallback := ""
	if res.GreedyFallback {
		fallback = "; the capped greedy answer filled more and was returned"
	}
	fmt.Fprintf(w, "  weekly caps: %d solves, %d chosen pairs released, %d places refilled%s\n",
		res.CapRounds, len(res.Dropped), res.Refilled, fallback)
	if !o.GreedyRun {
		writeGreedySkipped(w, res.RejectionCount, c.GreedyLimit)
	} else {
		fmt.Fprintf(w, "  greedy with weekly caps: %d shifts full, %d places filled (%s), score %s\n",
			grc.ShiftsFull, grc.Filled, percent(grc.Filled, wanted), grc.Score.StringFixed(4))
		fmt.Fprintf(w, "  gap to greedy: %+d places, %+d full shifts, score %s\n",
			opt.Filled-grc.Filled, opt.ShiftsFull-grc.ShiftsFull, signed(opt.Score.Sub(grc.Score)))
		fmt.Fprintf(w, "  greedy ignoring the caps (a reference, not feasible): %d places filled (%s), score %s\n",
			gr.Filled, percent(gr.Filled, wanted), gr.Score.StringFixed(4))
	}

	number := map[uuid.UUID]string{}
	for _, v := range c.Match.Volunteers {
		number[v.ID] = v.Number
	}
	shift := func(ref volunteer.ShiftRef) string {
		win := c.Windows[ref]
		return fmt.Sprintf("%q %s %s-%s", c.Titles[ref.OpportunityID], win.Start.Format("Mon"), win.Start.Format("15:04"), win.End.Format("15:04"))
	}
	if len(res.Assignments) > 0 {
		best := slices.MaxFunc(res.Assignments, func(a, b volunteer.Assignment) int {
			return cmp.Or(a.Score.Total.Cmp(b.Score.Total), -compareRefs(a.Shift, b.Shift), -wushe.CompareIDs(a.VolunteerID, b.VolunteerID))
		})
		fmt.Fprintf(w, "  chosen: volunteer %s for %s, score %s = %s\n", number[best.VolunteerID], shift(best.Shift), best.Score.Total, volunteerFactors(best.Score.Factors))
	}
	if len(res.Rejections) > 0 {
		r := slices.MaxFunc(res.Rejections, func(a, b volunteer.Rejection) int {
			return cmp.Or(a.Score.Total.Cmp(b.Score.Total), -compareRefs(a.Shift, b.Shift), -wushe.CompareIDs(a.VolunteerID, b.VolunteerID))
		})
		lost := "unknown"
		if r.Lost != nil {
			lost = r.Lost.String()
		}
		fmt.Fprintf(w, "  not chosen: volunteer %s for %s, score %s; forcing the pair loses at least %s\n", number[r.VolunteerID], shift(r.Shift), r.Score.Total, lost)
	}
	for _, e := range firstOfEach(sampleExclusions(res), func(e volunteer.Exclusion) string { return e.Constraint }) {
		fmt.Fprintf(w, "  excluded (%s): volunteer %s for %s: %s\n", e.Constraint, number[e.VolunteerID], shift(e.Shift), oneLine(e.Detail))
	}
}

func volunteerFactors(fs []volunteer.Factor) string {
	parts := make([]string, 0, len(fs))
	for _, f := range fs {
		parts = append(parts, fmt.Sprintf("%s %s×%s", f.Name, f.Value, f.Weight))
	}
	return strings.Join(parts, " + ")
}

// resourceFigures are the coverage and score of one set of planned allocations.
type resourceFigures struct {
	Full, Partial, Unfilled int
	Units, Value, Score     decimal.Decimal
}

func figuresOfAllocations(c *city, as []resources.PlannedAllocation) resourceFigures {
	f := resourceFigures{Units: decimal.Zero, Value: decimal.Zero, Score: decimal.Zero}
	unitValue := map[uuid.UUID]decimal.Decimal{}
	for _, l := range c.Lots {
		unitValue[l.ID] = l.UnitValue
	}
	given := map[uuid.UUID]decimal.Decimal{}
	for _, a := range as {
		given[a.RequestID] = given[a.RequestID].Add(a.Quantity)
		f.Units = f.Units.Add(a.Quantity)
		f.Value = f.Value.Add(a.Quantity.Mul(unitValue[a.LotID]))
		f.Score = f.Score.Add(a.Quantity.Mul(a.Score))
	}
	for _, r := range c.Requests {
		switch g := given[r.ID]; {
		case g.GreaterThanOrEqual(r.Remaining()):
			f.Full++
		case g.IsPositive():
			f.Partial++
		default:
			f.Unfilled++
		}
	}
	return f
}

func writeResources(w io.Writer, c *city, o *resourceOutcome) {
	plan := o.Plan
	wantedUnits, wantedValue := decimal.Zero, decimal.Zero
	for _, r := range c.Requests {
		wantedUnits = wantedUnits.Add(r.Remaining())
		for _, cat := range categories {
			if cat.Name == r.Category {
				wantedValue = wantedValue.Add(r.Remaining().Mul(cat.UnitValue))
			}
		}
	}
	opt := figuresOfAllocations(c, plan.Allocations)
	gr := figuresOfAllocations(c, o.Greedy)
	fmt.Fprintf(w, "requests to resources (resources.Match, %s)\n", plan.Algorithm)
	writeCost(w, o.Cost)
	fmt.Fprintf(w, "  candidates: %d eligible pairs, %d excluded (%s)\n",
		len(plan.Allocations)+plan.RejectionCount, plan.ExclusionCount, formatCounts(plan.ExcludedBy))
	fmt.Fprintf(w, "  coverage: %d requests filled fully, %d partly, %d not at all; %s of %s units, %s of %s CNY of value\n",
		opt.Full, opt.Partial, opt.Unfilled, opt.Units, wantedUnits, opt.Value.StringFixed(2), wantedValue.StringFixed(2))
	fmt.Fprintf(w, "  score: %s total (quantity × score per unit), %d allocations\n", opt.Score.StringFixed(4), len(plan.Allocations))
	if !o.GreedyRun {
		writeGreedySkipped(w, plan.RejectionCount, c.GreedyLimit)
	} else {
		fmt.Fprintf(w, "  greedy: %d fully, %d partly, %s units, %s CNY, score %s\n", gr.Full, gr.Partial, gr.Units, gr.Value.StringFixed(2), gr.Score.StringFixed(4))
		fmt.Fprintf(w, "  gap to greedy: %s units, %+d requests filled fully, %s CNY, score %s\n",
			signed(opt.Units.Sub(gr.Units)), opt.Full-gr.Full, signed(opt.Value.Sub(gr.Value)), signed(opt.Score.Sub(gr.Score)))
	}

	lots := map[uuid.UUID]resources.Lot{}
	for _, l := range c.Lots {
		lots[l.ID] = l
	}
	reqs := map[uuid.UUID]resources.Request{}
	for _, r := range c.Requests {
		reqs[r.ID] = r
	}
	pair := func(lot, req uuid.UUID) string {
		l, r := lots[lot], reqs[req]
		return fmt.Sprintf("%s lot of %s %s (%s) for a request of %s (%s, %s)", l.Category, l.OnHand, l.Unit, l.Holder.Name, r.Quantity, r.Urgency, r.Group)
	}
	if len(plan.Allocations) > 0 {
		best := slices.MaxFunc(plan.Allocations, func(a, b resources.PlannedAllocation) int {
			return cmp.Or(a.Score.Cmp(b.Score), -wushe.CompareIDs(a.LotID, b.LotID), -wushe.CompareIDs(a.RequestID, b.RequestID))
		})
		parts := make([]string, 0, len(best.Factors))
		for _, f := range best.Factors {
			parts = append(parts, fmt.Sprintf("%s %s×%s", f.Name, f.Value, f.Weight))
		}
		fmt.Fprintf(w, "  chosen: %s %s from the %s, score %s per unit = %s\n", best.Quantity, lots[best.LotID].Unit, pair(best.LotID, best.RequestID), best.Score, strings.Join(parts, " + "))
	}
	if len(plan.Rejections) > 0 {
		r := slices.MaxFunc(plan.Rejections, func(a, b resources.MatchRejection) int {
			return cmp.Or(a.Score.Cmp(b.Score), -wushe.CompareIDs(a.LotID, b.LotID), -wushe.CompareIDs(a.RequestID, b.RequestID))
		})
		lost := "unknown"
		if r.Lost.Valid {
			lost = r.Lost.Decimal.String()
		}
		fmt.Fprintf(w, "  not chosen: the %s, score %s per unit; forcing it loses at least %s per unit\n", pair(r.LotID, r.RequestID), r.Score, lost)
	}
	for _, e := range firstOfEach(plan.Exclusions, func(e resources.MatchExclusion) string { return e.Constraint }) {
		fmt.Fprintf(w, "  excluded (%s): the %s: %s\n", e.Constraint, pair(e.LotID, e.RequestID), oneLine(e.Detail))
	}
}

// writeCost writes the two lines that differ from run to run: time and memory.
func writeCost(w io.Writer, c cost) {
	var parts []string
	for _, p := range c.Phases {
		parts = append(parts, fmt.Sprintf("%s %s", p.Name, p.Elapsed.Round(10_000)))
	}
	phases := ""
	if len(parts) > 0 {
		phases = "; phases: " + strings.Join(parts, ", ")
	}
	fmt.Fprintf(w, "  solve time: %s wall, %s CPU%s\n", c.Elapsed.Round(10_000), c.CPU.Round(10_000), phases)
	peak := ""
	if c.PeakRSS > 0 {
		peak = fmt.Sprintf("; peak resident memory of the process so far %.0f MB", float64(c.PeakRSS)/(1<<20))
	}
	fmt.Fprintf(w, "  memory: %.1f MB allocated in %d allocations%s\n", float64(c.AllocBytes)/(1<<20), c.Allocations, peak)
}

// sampleExclusions returns exclusions of the match until one of each constraint it
// counted is among them, looking at no more than 200,000 pairs.
func sampleExclusions(res *volunteer.MatchResult) []volunteer.Exclusion {
	var out []volunteer.Exclusion
	seen := map[string]bool{}
	looked := 0
	for e := range res.AllExclusions() {
		looked++
		if !seen[e.Constraint] {
			seen[e.Constraint] = true
			out = append(out, e)
		}
		if len(seen) == len(res.ExcludedBy) || looked == 200_000 {
			break
		}
	}
	return out
}

// formatCounts formats counts as "a 3, b 1" in key order, "none" when empty.
func formatCounts(n map[string]int) string {
	keys := make([]string, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, n[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// firstOfEach returns the first x of each key, in key order.
func firstOfEach[T any](xs []T, key func(T) string) []T {
	first := map[string]T{}
	var keys []string
	for _, x := range xs {
		k := key(x)
		if _, ok := first[k]; !ok {
			first[k] = x
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	out := make([]T, 0, len(keys))
	for _, k := range keys {
		out = append(out, first[k])
	}
	return out
}

func percent(n, of int) string {
	if of == 0 {
		return "-"
	}
	return decimal.NewFromInt(int64(n)).Mul(decimal.NewFromInt(100)).DivRound(decimal.NewFromInt(int64(of)), 1).StringFixed(1) + "%"
}

func mean(total decimal.Decimal, n int) string {
	if n == 0 {
		return "-"
	}
	return total.DivRound(decimal.NewFromInt(int64(n)), 4).StringFixed(4)
}

func signed(d decimal.Decimal) string {
	if d.IsNegative() {
		return d.String()
	}
	return "+" + d.String()
}

// oneLine joins the lines of a multi-line explanation with "; ".
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", "; ") }
