// Command linkcity runs the linkage package's matchers on seeded city instances and prints
// what each whole run cost, so that bench/linkage.sh can set it against LEMON's solve of
// the network the matcher solved:
//
//	linkcity [-cases N] [-workers N] [-case-seed N] [-place N]
//	         [-street street|district] [-seed N] [-needs N] [-volunteers N] [-teams N]
//	         [-organizations N] [-units N] [-lots N] [-communities N] [-side METRES]
//	         [-only case-assignment|case-round|dispatch] [-dimacs DIR] [-cpuprofile FILE]
//
// It builds a case round (internal/linkgen.CaseSpec; by default the benchmark's 2,000
// cases against 300 social workers) and a street (linkgen.StreetSpec; by default the
// district of 20,000 needs, 50,000 volunteers, 1,000 teams, 3,000 organizations, 2,000
// units and 20,000 lots; -street street for a tenth of it; a size flag overrides the
// preset's), then runs, each under runcost.Measure:
//
//   - case assignment: linkage.CaseAssigner.Assign on the whole round;
//   - case round: CaseAssigner.Start on all but the last -place cases, CaseRound.Place
//     of each of those, then CaseRound.Result;
//   - dispatch: linkage.Dispatcher.Dispatch on the street.
//
// For each it prints a section headed by the matcher's name with the cases or tasks
// placed, the total score and the engine's algorithm with the reason it was chosen, then the "solve time: WALL wall,
// CPU CPU" and "memory:" lines (runcost.Cost.Report). The times are the whole run:
// candidate generation, scoring, the solve and the explanations; not building the input
// nor writing the network.
//
// With -dimacs DIR it writes each matcher's network (CaseAssignResult.WriteDIMACS,
// DispatchResult.WriteDIMACS) to DIR/case-assignment.dimacs, DIR/case-round.dimacs and
// DIR/dispatch.dimacs, and prints "network cost: C", the objective of the matcher's own
// answer on that network: Σ (best score − score) × 10^places over the placed pairs, plus
// the file's Big for each case or task left unplaced (4 places for cases, 6 for
// dispatch; the best score is the sum of the weights). Any exact min-cost-flow solver
// must find C as the file's optimum. -cpuprofile writes a CPU profile of the runs.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/linkgen"
	"github.com/wushe/wushe/internal/runcost"
	"github.com/wushe/wushe/linkage"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "linkcity:", err)
		os.Exit(2)
	}
}

// The matchers linkcity runs, by the name of their section.
const (
	caseAssignment = "case-assignment"
	caseRound      = "case-round"
	dispatch       = "dispatch"
)

// config is what the command line asks for.
type config struct {
	Cases   linkgen.CaseSpec
	Place   int
	Street  linkgen.StreetSpec
	Only    string
	DIMACS  string
	Profile string
}

// parseFlags reads the command line; a size that is negative, a preset or a matcher that
// does not exist, or a -place above -cases is a KindInvalid error naming the flag.
func parseFlags(args []string, w io.Writer) (config, error) {
	const op = "linkcity.parseFlags"
	var cfg config
	cd := linkgen.CaseDistrict()
	fs := flag.NewFlagSet("linkcity", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.IntVar(&cfg.Cases.Cases, "cases", cd.Cases, "cases in the round")
	fs.IntVar(&cfg.Cases.Workers, "workers", cd.Workers, "social workers in the round")
	fs.Uint64Var(&cfg.Cases.Seed, "case-seed", cd.Seed, "seed of the case round")
	fs.IntVar(&cfg.Place, "place", 20, "cases the case round places one at a time after Start")
	preset := fs.String("street", "district", "the street's preset size: street or district (ten streets)")
	seed := fs.Uint64("seed", 0, "seed of the street (0: the preset's)")
	var sizes struct{ needs, volunteers, teams, organizations, units, lots, communities int }
	var side float64
	for _, f := range []struct {
		v    *int
		name string
	}{{&sizes.needs, "needs"}, {&sizes.volunteers, "volunteers"}, {&sizes.teams, "teams"}, {&sizes.organizations, "organizations"},
		{&sizes.units, "units"}, {&sizes.lots, "lots"}, {&sizes.communities, "communities"}} {
		fs.IntVar(f.v, f.name, -1, "the street's "+f.name+" (-1: the preset's)")
	}
	fs.Float64Var(&side, "side", 0, "side of the street's square in metres (0: the preset's)")
	fs.StringVar(&cfg.Only, "only", "", "run only this matcher: "+caseAssignment+", "+caseRound+" or "+dispatch)
	fs.StringVar(&cfg.DIMACS, "dimacs", "", "write each matcher's network to this directory as DIMACS")
	fs.StringVar(&cfg.Profile, "cpuprofile", "", "write a CPU profile of the runs to this file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, err
		}
		return cfg, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "Flags", Msg: "cannot parse the command line", Err: err}
	}
	p := wushe.Check("Flags")
	switch *preset {
	case "street":
		cfg.Street = linkgen.Street()
	case "district":
		cfg.Street = linkgen.District()
	default:
		p.Addf("street", "is %q; want street or district", *preset)
	}
	if *seed != 0 {
		cfg.Street.Seed = *seed
	}
	for _, f := range []struct {
		flag string
		v    int
		to   *int
	}{{"needs", sizes.needs, &cfg.Street.Needs}, {"volunteers", sizes.volunteers, &cfg.Street.Volunteers}, {"teams", sizes.teams, &cfg.Street.Teams},
		{"organizations", sizes.organizations, &cfg.Street.Organizations}, {"units", sizes.units, &cfg.Street.Units}, {"lots", sizes.lots, &cfg.Street.Lots},
		{"communities", sizes.communities, &cfg.Street.Communities}} {
		p.Require(f.v >= -1, f.flag, "cannot be negative")
		if f.v >= 0 {
			*f.to = f.v
		}
	}
	p.Require(side >= 0, "side", "cannot be negative")
	if side > 0 {
		cfg.Street.SideMeters = side
	}
	p.Require(cfg.Cases.Cases >= 0, "cases", "cannot be negative")
	p.Require(cfg.Cases.Workers >= 0, "workers", "cannot be negative")
	p.Require(cfg.Place >= 0 && cfg.Place <= cfg.Cases.Cases, "place", "must be between 0 and -cases")
	p.Require(cfg.Only == "" || slices.Contains([]string{caseAssignment, caseRound, dispatch}, cfg.Only), "only",
		"must be "+caseAssignment+", "+caseRound+" or "+dispatch)
	return cfg, wushe.WithOp(op, p.Err())
}

// outcome is one matcher's run: its section, what it cost and how to write its network.
type outcome struct {
	name    string
	summary string
	cost    runcost.Cost
	// places is the decimal places of the network's costs, best the best possible score;
	// placed the placed pairs' scores, unplaced how many were left without one.
	places   int32
	best     decimal.Decimal
	scores   []decimal.Decimal
	unplaced int
	write    func(io.Writer) error
}

func run(args []string, w, progress io.Writer) error {
	const op = "linkcity.run"
	cfg, err := parseFlags(args, progress)
	if err != nil {
		return err
	}
	want := func(name string) bool { return cfg.Only == "" || cfg.Only == name }
	var cases linkage.CaseAssignInput
	if want(caseAssignment) || want(caseRound) {
		cases = cfg.Cases.Input()
	}
	var street linkage.DispatchInput
	if want(dispatch) {
		street = cfg.Street.Input()
	}
	sp := cfg.Street
	if _, err := fmt.Fprintf(w, "linkcity: case round %d cases x %d workers (seed %d); street %d needs, %d volunteers, %d teams, %d organizations, %d units, %d lots, %d communities, side %.0f m (seed %d)\n",
		cfg.Cases.Cases, cfg.Cases.Workers, cfg.Cases.Seed, sp.Needs, sp.Volunteers, sp.Teams, sp.Organizations, sp.Units, sp.Lots, sp.Communities, sp.SideMeters, sp.Seed); err != nil {
		return wushe.Wrap(op, err)
	}
	if cfg.Profile != "" {
		f, err := os.Create(cfg.Profile)
		if err != nil {
			return wushe.Wrap(op, err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return wushe.Wrap(op, err)
		}
		defer pprof.StopCPUProfile()
	}
	var outs []outcome
	for _, m := range []struct {
		name string
		run  func() (outcome, error)
	}{
		{caseAssignment, func() (outcome, error) { return assignCases(cases) }},
		{caseRound, func() (outcome, error) { return placeCases(cases, cfg.Place) }},
		{dispatch, func() (outcome, error) { return dispatchStreet(street) }},
	} {
		if !want(m.name) {
			continue
		}
		fmt.Fprintf(progress, "linkcity: running %s\n", m.name)
		o, err := m.run()
		if err != nil {
			return wushe.WithOp(op, err)
		}
		o.name = m.name
		outs = append(outs, o)
	}
	pprof.StopCPUProfile()
	for _, o := range outs {
		if err := report(w, o, cfg.DIMACS); err != nil {
			return wushe.WithOp(op, err)
		}
	}
	return nil
}

// assignCases runs a whole case assignment.
func assignCases(in linkage.CaseAssignInput) (outcome, error) {
	a, err := linkage.NewCaseAssigner(&linkage.CaseAssignOptions{Clock: wushe.NewManualClock(linkgen.StreetAt)})
	if err != nil {
		return outcome{}, err
	}
	var res *linkage.CaseAssignResult
	c, err := runcost.Measure(func() (err error) {
		res, err = a.Assign(in)
		return err
	})
	if err != nil {
		return outcome{}, err
	}
	return caseOutcome(a, res, c)
}

// placeCases starts a round on all but the last place cases of in, places those one at a
// time and asks for the round's result.
func placeCases(in linkage.CaseAssignInput, place int) (outcome, error) {
	a, err := linkage.NewCaseAssigner(&linkage.CaseAssignOptions{Clock: wushe.NewManualClock(linkgen.StreetAt)})
	if err != nil {
		return outcome{}, err
	}
	start := in
	start.Cases = in.Cases[:len(in.Cases)-place]
	var res *linkage.CaseAssignResult
	c, err := runcost.Measure(func() error {
		round, err := a.Start(start)
		if err != nil {
			return err
		}
		for _, cr := range in.Cases[len(in.Cases)-place:] {
			if _, err := round.Place(cr); err != nil {
				return err
			}
		}
		res, err = round.Result()
		return err
	})
	if err != nil {
		return outcome{}, err
	}
	o, err := caseOutcome(a, res, c)
	o.summary += fmt.Sprintf(" (%d started, %d placed one at a time)", len(start.Cases), place)
	return o, err
}

// caseOutcome is a case round's outcome: its networks' costs are in 10^-4 point.
func caseOutcome(a *linkage.CaseAssigner, res *linkage.CaseAssignResult, c runcost.Cost) (outcome, error) {
	best, err := weightSum(a.Weights())
	o := outcome{cost: c, places: 4, best: best, unplaced: len(res.Unplaced), write: res.WriteDIMACS,
		summary: fmt.Sprintf("%d of %d cases placed, score %s, %s (%s)", len(res.Assignments), len(res.Assignments)+len(res.Unplaced), res.Score(), res.Algorithm, res.Reason)}
	for _, as := range res.Assignments {
		o.scores = append(o.scores, as.Score)
	}
	return o, err
}

// dispatchStreet runs a whole dispatch; its network's costs are in 10^-6 point.
func dispatchStreet(in linkage.DispatchInput) (outcome, error) {
	d, err := linkage.NewDispatcher(nil)
	if err != nil {
		return outcome{}, err
	}
	var res *linkage.DispatchResult
	c, err := runcost.Measure(func() (err error) {
		res, err = d.Dispatch(in)
		return err
	})
	if err != nil {
		return outcome{}, err
	}
	best, err := weightSum(d.Weights())
	o := outcome{cost: c, places: 6, best: best, unplaced: len(res.Unplaced), write: res.WriteDIMACS,
		summary: fmt.Sprintf("%d of %d tasks placed, %d pairs scored, score %s, %s (%s)", len(res.Proposals), len(res.Proposals)+len(res.Unplaced), res.Scored, res.Score(), res.Algorithm, res.Reason)}
	for _, p := range res.Proposals {
		o.scores = append(o.scores, p.Score)
	}
	return o, err
}

// weightSum is the best possible score under weights, a CaseWeights or DispatchWeights:
// the sum of every weight, read from their JSON so that none is left out.
func weightSum(weights any) (decimal.Decimal, error) {
	b, err := json.Marshal(weights)
	if err != nil {
		return decimal.Zero, wushe.Wrap("linkcity.weightSum", err)
	}
	var m map[string]decimal.Decimal
	if err := json.Unmarshal(b, &m); err != nil {
		return decimal.Zero, wushe.Wrap("linkcity.weightSum", err)
	}
	sum := decimal.Zero
	for _, v := range m {
		sum = sum.Add(v)
	}
	return sum, nil
}

// report writes o's section and, when dir is set, its network and its cost on it.
func report(w io.Writer, o outcome, dir string) error {
	if _, err := fmt.Fprintf(w, "\n%s: %s\n", o.name, o.summary); err != nil {
		return wushe.Wrap("linkcity.report", err)
	}
	if dir != "" {
		big, err := writeNetwork(filepath.Join(dir, o.name+".dimacs"), o.write)
		if err != nil {
			return err
		}
		scale := decimal.New(1, o.places)
		total := big.Mul(decimal.NewFromInt(int64(o.unplaced)))
		for _, s := range o.scores {
			total = total.Add(o.best.Sub(s).Mul(scale))
		}
		if _, err := fmt.Fprintf(w, "  network cost: %s\n", total.String()); err != nil {
			return wushe.Wrap("linkcity.report", err)
		}
	}
	return wushe.Wrap("linkcity.report", o.cost.Report(w))
}

// writeNetwork writes a network to path and returns its Big, the price of a demand left
// unfilled, from the "c wushe big BIG total T" line.
func writeNetwork(path string, write func(io.Writer) error) (decimal.Decimal, error) {
	const op = "linkcity.writeNetwork"
	f, err := os.Create(path)
	if err != nil {
		return decimal.Zero, wushe.Wrap(op, err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	var head bytes.Buffer
	err = errors.Join(write(io.MultiWriter(bw, &limited{&head, 256})), bw.Flush(), f.Close())
	if err != nil {
		return decimal.Zero, wushe.Wrap(op, err)
	}
	var big, total int64
	for l := range bytes.Lines(head.Bytes()) {
		if n, _ := fmt.Sscanf(string(l), "c wushe big %d total %d", &big, &total); n == 2 {
			return decimal.NewFromInt(big), nil
		}
	}
	return decimal.Zero, &wushe.Error{Op: op, Kind: wushe.KindInvalid, Entity: "DIMACS", ID: path, Msg: "has no \"c wushe big\" line"}
}

// limited keeps the first n bytes written to it in b and drops the rest.
type limited struct {
	b *bytes.Buffer
	n int
}

func (l *limited) Write(p []byte) (int, error) {
	if room := l.n - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}
