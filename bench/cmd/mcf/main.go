// Command mcf solves a DIMACS minimum-cost-flow instance with wushe's engine and prints the
// optimal objective in the DIMACS solution format, with the solve time as a comment:
//
//	mcf [-algo auto|ssp|simplex] [-flows] [-cpuprofile FILE] FILE.dimacs
//
// prints
//
//	s COST
//	c solve_ms N
//	c solve_cpu_ms N
//
// and, with -flows, an "f SRC DST FLOW" line for every arc that carries flow. The times
// cover the solve only, not reading the file: solve_ms the wall clock, solve_cpu_ms the
// process's CPU time (user and system), the figure to compare on a shared machine. auto runs network simplex, the better
// general-purpose choice; ssp forces successive shortest paths. -cpuprofile writes a CPU
// profile of the solve alone, for go tool pprof.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strconv"
	"time"

	"github.com/wushe/wushe/internal/match"
	"github.com/wushe/wushe/internal/runcost"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mcf:", err)
		os.Exit(1)
	}
}

func run(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("mcf", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	algo := fs.String("algo", "auto", "auto, ssp or simplex")
	flows := fs.Bool("flows", false, "print the flow of every arc that carries flow")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the solve to this file")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w (usage: mcf [-algo auto|ssp|simplex] [-flows] FILE.dimacs)", err)
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("want one DIMACS file (usage: mcf [-algo auto|ssp|simplex] [-flows] FILE.dimacs)")
	}
	var alg match.Algorithm
	switch *algo {
	case "auto":
		alg = match.Auto
	case "ssp":
		alg = match.SuccessiveShortestPaths
	case "simplex":
		alg = match.NetworkSimplex
	default:
		return fmt.Errorf("-algo %q: want auto, ssp or simplex", *algo)
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	g, err := match.ReadDIMACS(f)
	if err != nil {
		return err
	}
	if *cpuProfile != "" {
		pf, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
	}
	cpu0, _ := runcost.ProcessCPU()
	start := time.Now()
	sol, err := match.MinCostFlow(g, alg)
	elapsed := time.Since(start)
	cpu1, _ := runcost.ProcessCPU()
	cpu := cpu1 - cpu0
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return err
	}
	if err := match.WriteDIMACSSolution(w, g, sol, false); err != nil {
		return err
	}
	ms := strconv.FormatFloat(float64(elapsed.Nanoseconds())/1e6, 'f', 3, 64)
	if _, err := fmt.Fprintf(w, "c solve_ms %s\n", ms); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "c solve_cpu_ms %s\n", strconv.FormatFloat(float64(cpu.Nanoseconds())/1e6, 'f', 3, 64)); err != nil {
		return err
	}
	if *flows {
		var buf []byte
		for i, a := range g.Arcs {
			if sol.Flow[i] == 0 {
				continue
			}
			buf = fmt.Appendf(buf[:0], "f %d %d %d\n", a.From+1, a.To+1, sol.Flow[i])
			if _, err := w.Write(buf); err != nil {
				return err
			}
		}
	}
	return nil
}
