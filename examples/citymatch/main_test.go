package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
	"github.com/wushe/wushe/resources"
	"github.com/wushe/wushe/volunteer"
)

var small = []string{"-seed", "3", "-volunteers", "300", "-shifts", "120", "-lots", "80", "-requests", "200"}

// stable drops the two lines that change from run to run (time and memory).
func stable(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, "  solve time:") && !strings.HasPrefix(l, "  memory:") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func runOut(t *testing.T, args ...string) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, run(args, &b))
	return b.String()
}

func TestRunPrintsEveryFigure(t *testing.T) {
	out := runOut(t, small...)
	assert.True(t, strings.HasPrefix(out, "citymatch: seed 3, 3 communities, 300 volunteers, 120 shifts ("), out)
	sections := strings.Split(out, "\nrequests to resources")
	require.Len(t, sections, 2, out)
	vol, res := sections[0], sections[1]
	for _, key := range []string{"volunteers to shifts", "  solve time: ", "  memory: ", "  candidates: ", "  answer: ",
		"  weekly caps: ", "  greedy with weekly caps: ", "  gap to greedy: ", "  greedy ignoring the caps",
		"  chosen: volunteer ", "  not chosen: volunteer ", "  excluded (availability): ", "  excluded (eligibility): "} {
		assert.Contains(t, vol, key)
	}
	for _, key := range []string{"  solve time: ", "  memory: ", "  candidates: ", "  coverage: ", "  score: ", "  greedy: ",
		"  gap to greedy: ", "  chosen: ", "  not chosen: ", "  excluded (eligibility): "} {
		assert.Contains(t, res, key)
	}
	for _, l := range strings.Split(out, "\n") {
		assert.NotContains(t, l, "\t", "explanations are one line each")
	}
}

func TestRunIsDeterministic(t *testing.T) {
	a, b := runOut(t, small...), runOut(t, small...)
	assert.Equal(t, stable(a), stable(b), "same seed, same matching figures")
	assert.NotEqual(t, a, stable(a), "the time and memory lines are there")
	other := slices.Clone(small)
	other[1] = "4"
	assert.NotEqual(t, stable(a), stable(runOut(t, other...)), "another seed, another city")
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		field string
	}{
		{[]string{"-volunteers", "0"}, "volunteers"},
		{[]string{"-shifts", "-1"}, "shifts"},
		{[]string{"-lots", "0"}, "lots"},
		{[]string{"-requests", "0"}, "requests"},
		{[]string{"extra"}, "args"},
	} {
		var b bytes.Buffer
		err := run(tc.args, &b)
		require.Error(t, err, tc.args)
		assert.Equal(t, wushe.KindInvalid, wushe.KindOf(err), tc.args)
		var fields []string
		for _, fe := range wushe.FieldErrors(err) {
			fields = append(fields, fe.Field)
		}
		assert.Contains(t, fields, tc.field, tc.args)
		assert.Contains(t, err.Error(), "citymatch.run")
		assert.Empty(t, b.String(), "nothing is matched")
	}
	var b bytes.Buffer
	err := run([]string{"-nosuchflag"}, &b)
	assert.Equal(t, wushe.KindInvalid, wushe.KindOf(err))
	assert.Contains(t, b.String(), "-volunteers", "the usage is printed")
	assert.ErrorIs(t, run([]string{"-h"}, &b), flag.ErrHelp)
}

// checkVolunteers checks the volunteer match's invariants: no shift over-filled, nobody
// twice in a shift or in two overlapping shifts, weekly caps kept after the drop, and the
// answer at least as good as a greedy pass under the same weekly caps.
func checkVolunteers(t *testing.T, c *city, o *volunteerOutcome) {
	t.Helper()
	res := o.Result
	require.Len(t, res.Fills, len(c.Match.Shifts))
	for _, f := range res.Fills {
		assert.LessOrEqual(t, f.Filled, f.Wanted)
		assert.Equal(t, c.Headcounts[f.Shift], f.Wanted, "no enrolments in the input, every place is free")
	}
	feasible := func(name string, as []volunteer.Assignment, caps bool) {
		vols := map[uuid.UUID]volunteer.Volunteer{}
		for _, v := range c.Match.Volunteers {
			vols[v.ID] = v
		}
		count := map[volunteer.ShiftRef]int{}
		byVol := map[uuid.UUID][]volunteer.ShiftRef{}
		minutes := map[uuid.UUID]time.Duration{}
		for _, a := range as {
			count[a.Shift]++
			for _, prev := range byVol[a.VolunteerID] {
				require.NotEqual(t, prev, a.Shift, "%s: a volunteer twice in one shift", name)
				require.False(t, c.Windows[prev].Overlaps(c.Windows[a.Shift]), "%s: overlapping shifts", name)
			}
			byVol[a.VolunteerID] = append(byVol[a.VolunteerID], a.Shift)
			minutes[a.VolunteerID] += c.Windows[a.Shift].Duration()
		}
		for ref, n := range count {
			require.LessOrEqual(t, n, o.Wanted[ref], "%s: shift over-filled", name)
		}
		if caps {
			for id, d := range minutes {
				if cp := vols[id].MaxWeeklyMinutes; cp > 0 {
					require.LessOrEqual(t, d, time.Duration(cp)*time.Minute, "%s: weekly cap", name)
				}
			}
		}
	}
	feasible("matcher", res.Assignments, true)
	feasible("greedy", o.Greedy, false)
	feasible("greedy with caps", o.GreedyCapped, true)

	gr := figuresOfAssignments(o.Greedy, o.Wanted)
	opt := figuresOfAssignments(res.Assignments, o.Wanted)
	grc := figuresOfAssignments(o.GreedyCapped, o.Wanted)
	require.GreaterOrEqual(t, opt.Filled, grc.Filled, "the matcher fills at least as many places as greedy under the same caps")
	require.LessOrEqual(t, grc.Filled, gr.Filled, "caps only take places away")
	require.LessOrEqual(t, opt.Filled, wantedTotal(o.Wanted), "never more places than wanted")
}

// checkResources checks the plan's invariants: no lot gives more than it has, no request
// gets more than it wants, every pair is eligible, and the plan fills at least as many
// units as greedy (and, as many, scores at least as much).
func checkResources(t *testing.T, c *city, o *resourceOutcome) {
	t.Helper()
	lots := map[uuid.UUID]resources.Lot{}
	for _, l := range c.Lots {
		lots[l.ID] = l
	}
	reqs := map[uuid.UUID]resources.Request{}
	for _, r := range c.Requests {
		reqs[r.ID] = r
	}
	for name, as := range map[string][]resources.PlannedAllocation{"plan": o.Plan.Allocations, "greedy": o.Greedy} {
		fromLot := map[uuid.UUID]decimal.Decimal{}
		toReq := map[uuid.UUID]decimal.Decimal{}
		for _, a := range as {
			require.True(t, a.Quantity.IsPositive(), name)
			ok, why := resources.Eligible(lots[a.LotID], reqs[a.RequestID], matchAt)
			require.True(t, ok, "%s: %s", name, why)
			fromLot[a.LotID] = fromLot[a.LotID].Add(a.Quantity)
			toReq[a.RequestID] = toReq[a.RequestID].Add(a.Quantity)
		}
		for id, q := range fromLot {
			require.True(t, q.LessThanOrEqual(lots[id].OnHand), "%s: lot over-drawn", name)
		}
		for id, q := range toReq {
			require.True(t, q.LessThanOrEqual(reqs[id].Remaining()), "%s: request over-filled", name)
		}
		if name == "plan" {
			for _, f := range o.Plan.Requests {
				require.True(t, f.Planned.Equal(toReq[f.RequestID]), "the fill says what the allocations give")
			}
		}
	}
	opt, gr := figuresOfAllocations(c, o.Plan.Allocations), figuresOfAllocations(c, o.Greedy)
	require.True(t, opt.Units.GreaterThanOrEqual(gr.Units), "the optimum fills at least as many units as greedy: %s < %s", opt.Units, gr.Units)
	if opt.Units.Equal(gr.Units) {
		require.True(t, opt.Score.GreaterThanOrEqual(gr.Score))
	}
	assert.Equal(t, len(c.Requests), opt.Full+opt.Partial+opt.Unfilled)
}

func TestMatchInvariants(t *testing.T) {
	c := generate(config{Seed: 3, Volunteers: 300, Shifts: 120, Lots: 80, Requests: 200})
	vo, err := matchVolunteers(c, nil)
	require.NoError(t, err)
	checkVolunteers(t, c, vo)
	assert.NotEmpty(t, vo.Result.Assignments)
	ro, err := matchResources(c, nil)
	require.NoError(t, err)
	checkResources(t, c, ro)
	assert.NotEmpty(t, ro.Plan.Allocations)
	// Both matchers report their phases, which the solve time line prints.
	for _, ph := range [][]phase{vo.Cost.Phases, ro.Cost.Phases} {
		var names []string
		for _, p := range ph {
			names = append(names, p.Name)
		}
		assert.Equal(t, []string{"candidates", "solve", "explain"}, names)
	}
}

// Property: on small random cities of random sizes the invariants hold.
func TestMatchInvariantsProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 1))
	for range 12 {
		cfg := config{Seed: rng.Uint64(), Volunteers: 1 + rng.IntN(120), Shifts: 1 + rng.IntN(60), Lots: 1 + rng.IntN(60), Requests: 1 + rng.IntN(120)}
		t.Run(fmt.Sprint(cfg), func(t *testing.T) {
			c := generate(cfg)
			require.Len(t, c.Match.Volunteers, cfg.Volunteers)
			require.Len(t, c.Match.Shifts, cfg.Shifts)
			vo, err := matchVolunteers(c, nil)
			require.NoError(t, err)
			checkVolunteers(t, c, vo)
			ro, err := matchResources(c, nil)
			require.NoError(t, err)
			checkResources(t, c, ro)
		})
	}
}

func TestGenerateIsSeeded(t *testing.T) {
	cfg := config{Seed: 9, Volunteers: 50, Shifts: 20, Lots: 20, Requests: 30}
	a, b := generate(cfg), generate(cfg)
	assert.Equal(t, a, b)
	for _, v := range a.Match.Volunteers {
		require.NoError(t, v.Availability.Validate())
	}
	for _, o := range a.Match.Opportunities {
		require.NotEmpty(t, o.Shifts)
	}
	for _, l := range a.Lots {
		require.NoError(t, l.Validate())
	}
	for _, r := range a.Requests {
		require.NoError(t, r.Validate())
	}
	cfg.Seed = 10
	assert.NotEqual(t, a.Match.Volunteers[0].Home, generate(cfg).Match.Volunteers[0].Home)
}

func TestOverlapClusters(t *testing.T) {
	at := func(h, d int) wushe.Window {
		s := weekStart.Add(time.Duration(h) * time.Hour)
		return wushe.Window{Start: s, End: s.Add(time.Duration(d) * time.Hour)}
	}
	r := func(i byte) volunteer.ShiftRef { return volunteer.ShiftRef{ShiftID: uuid.UUID{i}} }
	cl := overlapClusters(map[volunteer.ShiftRef]wushe.Window{
		r(1): at(9, 3), r(2): at(11, 3), r(3): at(14, 1), r(4): at(13, 2), r(5): at(20, 1),
	})
	// 9-12 and 11-14 chain; 13-15 overlaps 11-14 and 14-15 overlaps 13-15; 20-21 stands alone.
	assert.Equal(t, map[volunteer.ShiftRef]int{r(1): 0, r(2): 0, r(4): 0, r(3): 0, r(5): 1}, cl)
}

func TestHelpers(t *testing.T) {
	assert.Equal(t, "none", formatCounts(map[string]int{}))
	assert.Equal(t, "a 2, b 1", formatCounts(map[string]int{"b": 1, "a": 2}))
	assert.Equal(t, []string{"a1", "b1"}, firstOfEach([]string{"b1", "a1", "b2", "a2"}, func(s string) string { return s[:1] }))
	assert.Equal(t, "-", percent(1, 0))
	assert.Equal(t, "33.3%", percent(1, 3))
	assert.Equal(t, "-", mean(decimal.NewFromInt(5), 0))
	assert.Equal(t, "2.5000", mean(decimal.NewFromInt(5), 2))
	assert.Equal(t, "-1.5", signed(decimal.RequireFromString("-1.5")))
	assert.Equal(t, "+0", signed(decimal.Zero))
	assert.Equal(t, "a; b", oneLine("a\nb"))
	c, err := measure(func() error { _ = make([]byte, 1<<20); return errors.New("boom") })
	assert.EqualError(t, err, "boom")
	assert.GreaterOrEqual(t, c.AllocBytes, uint64(1<<20))
}

// FuzzParseFlags: any command line either parses into positive sizes or is an error with
// a kind; nothing panics.
func FuzzParseFlags(f *testing.F) {
	f.Add("-seed 3 -volunteers 10")
	f.Add("-lots 0")
	f.Add("-requests=-5 extra")
	f.Add("--shifts 7")
	f.Fuzz(func(t *testing.T, line string) {
		var b bytes.Buffer
		cfg, err := parseFlags(strings.Fields(line), &b)
		if err != nil {
			if !errors.Is(err, flag.ErrHelp) {
				require.NotEqual(t, wushe.Kind(""), wushe.KindOf(err))
			}
			return
		}
		require.Positive(t, cfg.Volunteers)
		require.Positive(t, cfg.Shifts)
		require.Positive(t, cfg.Lots)
		require.Positive(t, cfg.Requests)
	})
}

// Example: a small city, its size and the volunteer flow's coverage.
func Example() {
	var b bytes.Buffer
	if err := run([]string{"-seed", "5", "-volunteers", "120", "-shifts", "40", "-lots", "30", "-requests", "60"}, &b); err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(l, "citymatch:") || strings.HasPrefix(l, "  answer:") {
			fmt.Println(l)
		}
	}
	// Output:
	// citymatch: seed 5, 3 communities, 120 volunteers, 40 shifts (145 places), 30 lots, 60 requests
	//   answer: 33 of 40 shifts full, 132 of 145 places filled (91.0%), score 6398.7890, 48.4757 per place
}

// The default city's two matches; the city is built once, outside the timer.
// go test -bench . -benchmem ./examples/citymatch
func BenchmarkMatchVolunteers(b *testing.B) {
	c := generate(config{Seed: 1, Volunteers: 600, Shifts: 300, Lots: 200, Requests: 500})
	for b.Loop() {
		if _, err := matchVolunteers(c, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMatchResources(b *testing.B) {
	c := generate(config{Seed: 1, Volunteers: 600, Shifts: 300, Lots: 200, Requests: 500})
	for b.Loop() {
		if _, err := matchResources(c, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func wantedTotal(wanted map[volunteer.ShiftRef]int) int {
	n := 0
	for _, w := range wanted {
		n += w
	}
	return n
}

func TestRunWritesNetworks(t *testing.T) {
	dir := t.TempDir()
	runOut(t, append(slices.Clone(small), "-dimacs", dir, "-fen")...)
	for _, name := range []string{"volunteers.dimacs", "resources.dimacs"} {
		f, err := os.Open(filepath.Join(dir, name))
		require.NoError(t, err)
		g, err := match.ReadDIMACS(f)
		f.Close()
		require.NoError(t, err, name)
		_, err = match.MinCostFlow(g, match.NetworkSimplex)
		require.NoError(t, err, name)
	}
}

// TestRunDigest: -digest prints one line with both matchers' digests, the same for the
// same seed, another for a city whose answers differ.
func TestRunDigest(t *testing.T) {
	digest := func(args ...string) string {
		out := runOut(t, append(slices.Clone(args), "-digest")...)
		i := strings.Index(out, "\ndigest: volunteers ")
		require.GreaterOrEqual(t, i, 0, out)
		line := strings.TrimSpace(out[i:])
		require.Regexp(t, `^digest: volunteers [0-9a-f]{64}, resources [0-9a-f]{64}$`, line)
		return line
	}
	a := digest(small...)
	assert.Equal(t, a, digest(small...))
	other := slices.Clone(small)
	other[1] = "4"
	b := digest(other...)
	assert.NotEqual(t, a[:len("digest: volunteers ")+64], b[:len("digest: volunteers ")+64])
	assert.NotEqual(t, a[len(a)-64:], b[len(b)-64:])
	assert.NotContains(t, runOut(t, small...), "digest:")
}

// TestGreedySkippedIsSaid checks that a baseline over -greedy-limit is reported as not run,
// never as a greedy pass that filled nothing.
func TestGreedySkippedIsSaid(t *testing.T) {
	out := runOut(t, append(slices.Clone(small), "-greedy-limit", "1")...)
	vol, res, ok := strings.Cut(out, "\nrequests to resources")
	require.True(t, ok, out)
	for name, section := range map[string]string{"volunteers": vol, "resources": res} {
		assert.Regexp(t, `\n  greedy: not run: \d+ candidates not chosen, over the baseline's limit of 1 \(-greedy-limit\)\n`, section, name)
		assert.NotContains(t, section, "gap to greedy", name)
		assert.NotContains(t, section, "greedy with weekly caps", name)
	}
	assert.Contains(t, runOut(t, small...), "  gap to greedy: ", "under the limit the baselines run")
}

// The phases note each phase's time when the next begins, and on a long run print the
// resource matcher's progress at most once a second, never for the last phase.
func TestPhasesPrintProgress(t *testing.T) {
	var b bytes.Buffer
	p := newPhases("resources", &b)
	p.resources(resources.MatchProgress{Phase: resources.PhaseCandidates, Total: 50_000})
	assert.Empty(t, b.String(), "less than a second in")
	p.lastPrint = p.lastPrint.Add(-2 * time.Second)
	p.resources(resources.MatchProgress{Phase: resources.PhaseCandidates, Done: 4095, Total: 50_000})
	assert.Regexp(t, `^citymatch: resources: candidates 4095/50000 \(\d+\.\d s\)\n$`, b.String())
	p.resources(resources.MatchProgress{Phase: resources.PhaseSolve})
	p.lastPrint = p.lastPrint.Add(-2 * time.Second)
	p.resources(resources.MatchProgress{Phase: resources.PhaseDone})
	assert.Equal(t, 1, strings.Count(b.String(), "\n"))
	require.Len(t, p.done, 2)
	assert.Equal(t, []string{"candidates", "solve"}, []string{p.done[0].Name, p.done[1].Name})
}
