package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
	"github.com/wushe/wushe/linkage"
)

// small is a quick city: a case round tight enough to leave cases unplaced, and a street
// with more needs than responders.
var small = []string{"-cases", "60", "-workers", "6", "-place", "7", "-street", "street", "-needs", "150", "-volunteers", "120",
	"-teams", "4", "-organizations", "10", "-units", "6", "-lots", "40", "-side", "1500"}

// sections reads linkcity's output into each section's "network cost" and the wall and
// CPU figures of its "solve time" line.
func sections(t *testing.T, out string) map[string][3]string {
	t.Helper()
	got := map[string][3]string{}
	var name string
	timeLine := regexp.MustCompile(`^  solve time: ([0-9.]+(?:ns|µs|ms|s|m[0-9.]+s)) wall, ([0-9.]+(?:ns|µs|ms|s|m[0-9.]+s)) CPU$`)
	for l := range strings.Lines(out) {
		l = strings.TrimSuffix(l, "\n")
		if n, _, ok := strings.Cut(l, ": "); ok && !strings.HasPrefix(l, " ") && n != "linkcity" {
			name = n
			continue
		}
		if name == "" {
			continue
		}
		s := got[name]
		if c, ok := strings.CutPrefix(l, "  network cost: "); ok {
			s[0] = c
		}
		if m := timeLine.FindStringSubmatch(l); m != nil {
			s[1], s[2] = m[1], m[2]
		}
		got[name] = s
	}
	return got
}

// Property: each network linkcity writes, solved by the engine, has the matcher's own
// answer as its optimum: the "network cost" it prints.
func TestRunNetworksSolveToTheMatchersOptimum(t *testing.T) {
	for _, seed := range []string{"1", "2", "3"} {
		dir := t.TempDir()
		var out bytes.Buffer
		require.NoError(t, run(append(withSmall(), "-seed", seed, "-case-seed", seed, "-dimacs", dir), &out, io.Discard))
		got := sections(t, out.String())
		require.Len(t, got, 3, out.String())
		for _, name := range []string{caseAssignment, caseRound, dispatch} {
			s := got[name]
			require.NotEmpty(t, s[0], "%s: network cost\n%s", name, out.String())
			require.NotEmpty(t, s[1], "%s: solve time\n%s", name, out.String())
			f, err := os.Open(filepath.Join(dir, name+".dimacs"))
			require.NoError(t, err)
			g, err := match.ReadDIMACS(f)
			require.NoError(t, f.Close())
			require.NoError(t, err)
			sol, err := match.MinCostFlow(g, match.NetworkSimplex)
			require.NoError(t, err)
			require.True(t, sol.CostFits)
			assert.Equal(t, strconv.FormatInt(sol.Cost, 10), s[0], "seed %s: %s", seed, name)
		}
		assert.Equal(t, got[caseAssignment][0], got[caseRound][0], "a round placed one case at a time reaches Assign's optimum")
		assert.Contains(t, out.String(), "(53 started, 7 placed one at a time)")
		assert.Regexp(t, `dispatch: [0-9]+ of 150 tasks placed`, out.String())
		assert.Regexp(t, `case-assignment: [0-9]+ of 60 cases placed`, out.String())
	}
}

// withSmall is a copy of small, to append flags to.
func withSmall() []string { return append([]string(nil), small...) }

// -only runs one matcher; without -dimacs nothing is written and no cost is printed.
func TestRunOnly(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(append(withSmall(), "-only", dispatch), &out, io.Discard))
	got := sections(t, out.String())
	require.Len(t, got, 1, out.String())
	assert.Empty(t, got[dispatch][0])
	assert.NotEmpty(t, got[dispatch][2])

	dir := t.TempDir()
	prof := filepath.Join(dir, "cpu.prof")
	out.Reset()
	require.NoError(t, run(append(withSmall(), "-only", caseRound, "-cpuprofile", prof), &out, io.Discard))
	assert.Contains(t, out.String(), "case-round: ")
	assert.NotContains(t, out.String(), "case-assignment: ")
	st, err := os.Stat(prof)
	require.NoError(t, err)
	assert.Positive(t, st.Size())
}

func TestParseFlags(t *testing.T) {
	cfg, err := parseFlags(nil, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 2000, cfg.Cases.Cases)
	assert.Equal(t, 300, cfg.Cases.Workers)
	assert.Equal(t, 20000, cfg.Street.Needs, "the district by default")
	assert.Equal(t, 50000, cfg.Street.Volunteers)
	cfg, err = parseFlags([]string{"-street", "street", "-lots", "0", "-seed", "9", "-communities", "3"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 2000, cfg.Street.Needs)
	assert.Equal(t, 0, cfg.Street.Lots, "a size flag overrides the preset's")
	assert.Equal(t, 3, cfg.Street.Communities)
	assert.Equal(t, uint64(9), cfg.Street.Seed)

	for _, c := range []struct {
		args  []string
		field string
	}{
		{[]string{"-street", "city"}, "street"},
		{[]string{"-needs", "-2"}, "needs"},
		{[]string{"-side", "-1"}, "side"},
		{[]string{"-cases", "-1"}, "cases"},
		{[]string{"-workers", "-1"}, "workers"},
		{[]string{"-cases", "5", "-place", "6"}, "place"},
		{[]string{"-only", "greedy"}, "only"},
	} {
		_, err := parseFlags(c.args, io.Discard)
		require.ErrorIs(t, err, wushe.ErrInvalid, c.args)
		var fields []string
		for _, fe := range wushe.FieldErrors(err) {
			fields = append(fields, fe.Field)
		}
		assert.Contains(t, fields, c.field, c.args)
		assert.Contains(t, err.Error(), "linkcity.parseFlags")
	}
	_, err = parseFlags([]string{"-nope"}, io.Discard)
	require.ErrorIs(t, err, wushe.ErrInvalid)
	_, err = parseFlags([]string{"-h"}, io.Discard)
	require.ErrorIs(t, err, flag.ErrHelp)
	assert.Error(t, run([]string{"-street", "city"}, io.Discard, io.Discard))
}

// The best possible score is the sum of the weights, as linkage documents: 100 points for
// cases and 99 for dispatch by default.
func TestWeightSum(t *testing.T) {
	s, err := weightSum(linkage.DefaultCaseWeights())
	require.NoError(t, err)
	assert.True(t, s.Equal(decimal.NewFromInt(100)), s.String())
	s, err = weightSum(linkage.DefaultDispatchWeights())
	require.NoError(t, err)
	assert.True(t, s.Equal(decimal.NewFromInt(99)), s.String())
	_, err = weightSum(func() {})
	assert.Error(t, err)
}

func TestWriteNetworkErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := writeNetwork(filepath.Join(dir, "x.dimacs"), func(w io.Writer) error {
		_, err := io.WriteString(w, "p min 1 0\n")
		return err
	})
	require.ErrorIs(t, err, wushe.ErrInvalid, "no Big line")
	boom := errors.New("boom")
	_, err = writeNetwork(filepath.Join(dir, "y.dimacs"), func(io.Writer) error { return boom })
	require.ErrorIs(t, err, boom)
	_, err = writeNetwork(filepath.Join(dir, "missing", "z.dimacs"), func(io.Writer) error { return nil })
	require.Error(t, err)
	err = run(append(withSmall(), "-only", dispatch, "-dimacs", filepath.Join(dir, "missing")), io.Discard, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "linkcity.writeNetwork")
}
