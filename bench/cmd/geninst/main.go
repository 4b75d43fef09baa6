// Command geninst writes a benchmark instance set for bench/compare.sh: a dense matrix file
// (NAME.mat) or a DIMACS min-cost-flow file (NAME.dimacs) per instance of gen.Instances, and
// a manifest.tsv that lists, per instance, the file, the peers to run and the target.
//
// Usage:
//
//	geninst -out DIR [-set smoke|full|clustered] [-seed N]
//
// The manifest's tab-separated columns are: name, kind (lap or mcf), file, peers (comma
// separated, the target's peer first), max ratio, max milliseconds, group, group geometric
// mean bound, and the target as text; an absent bound is "-".
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/wushe/wushe/bench/gen"
)

func main() {
	out := flag.String("out", "", "directory to write the instances and manifest.tsv to (created if missing)")
	set := flag.String("set", gen.SmokeSet, "instance set: smoke, full or clustered")
	seed := flag.Uint64("seed", 1, "seed of the instance set")
	flag.Parse()
	if err := run(*out, *set, *seed, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "geninst:", err)
		os.Exit(1)
	}
}

func run(dir, set string, seed uint64, log io.Writer) error {
	if dir == "" {
		return fmt.Errorf("-out is required")
	}
	insts, err := gen.Instances(set, seed)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var manifest strings.Builder
	for _, in := range insts {
		file, kind, note, err := write(dir, in)
		if err != nil {
			return fmt.Errorf("%s: %w", in.Name, err)
		}
		peers := make([]string, len(in.Peers))
		for i, p := range in.Peers {
			peers[i] = string(p)
		}
		t := in.Target
		fmt.Fprintf(&manifest, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", in.Name, kind, file, strings.Join(peers, ","),
			bound(t.MaxRatio), bound(t.MaxMillis), orDash(t.Group), bound(t.GroupGeoMean), t.String())
		fmt.Fprintf(log, "%-32s %s\n", in.Name, note)
	}
	return os.WriteFile(filepath.Join(dir, "manifest.tsv"), []byte(manifest.String()), 0o644)
}

func bound(v float64) string {
	if v <= 0 {
		return "-"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// write writes one instance and returns its file name, kind and a one-line description.
func write(dir string, in gen.Instance) (file, kind, note string, err error) {
	if in.Dense != nil {
		m, err := in.Dense.Matrix()
		if err != nil {
			return "", "", "", err
		}
		file = in.Name + ".mat"
		err = create(filepath.Join(dir, file), func(w io.Writer) error { return gen.WriteMatrix(w, m) })
		return file, "lap", fmt.Sprintf("dense %d x %d %s", m.Rows, m.Cols, in.Dense.Costs), err
	}
	p, err := in.Sparse.Problem()
	if err != nil {
		return "", "", "", err
	}
	file = in.Name + ".dimacs"
	var enc gen.Encoding
	err = create(filepath.Join(dir, file), func(w io.Writer) (err error) {
		enc, err = gen.WriteDIMACS(w, p)
		return err
	})
	if err != nil {
		return "", "", "", err
	}
	bare := make([]bool, len(p.Demands))
	for i := range bare {
		bare[i] = true
	}
	for _, a := range p.Arcs {
		bare[a.Demand] = false
	}
	n := 0
	for _, b := range bare {
		if b {
			n++
		}
	}
	var supply int64
	for _, s := range p.Supplies {
		supply += s.Units
	}
	note = fmt.Sprintf("sparse %d demands (%d units) x %d supplies (%d units), %d arcs, %d demands without a candidate, big %d",
		len(p.Demands), enc.Total, len(p.Supplies), supply, len(p.Arcs), n, enc.Big)
	return file, "mcf", note, nil
}

func create(path string, fill func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
