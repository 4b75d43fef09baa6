// Command lap solves one dense linear assignment problem with wushe's Assign and prints
// the optimal total and the solve time, for comparing the engine with its peers
// (bench/compare.sh).
//
// Usage:
//
//	lap [-max] FILE
//
// FILE holds a dense cost matrix as text: the first two integers are the number of rows
// and of columns, followed by rows × cols integer costs in row-major order (one row per
// line by convention; any white space separates numbers). Each side may have up to 2^24
// entries and the matrix up to 2^31. Costs are int64; there are no
// forbidden pairs in this format. With -max the assignment of greatest total is found.
//
// Output, in the DIMACS-like style every solver of the comparison uses:
//
//	s COST          the optimal total
//	c solve_ms N    milliseconds spent in Assign alone, not reading the file
//
// An error is printed to standard error with exit status 1.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/wushe/wushe/internal/match"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "lap:", err)
		os.Exit(1)
	}
}

// run parses args, reads the matrix, solves it and writes the result to w.
func run(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("lap", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	maximise := fs.Bool("max", false, "find the assignment of greatest total")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w (usage: lap [-max] FILE)", err)
	}
	if fs.NArg() != 1 {
		return errors.New("usage: lap [-max] FILE")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	m, err := readMatrix(f)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	start := time.Now()
	a, err := match.Assign(m, &match.AssignOptions{Maximise: *maximise})
	elapsed := time.Since(start)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "s %d\nc solve_ms %.3f\n", a.Cost, float64(elapsed.Nanoseconds())/1e6)
	return err
}

// readMatrix reads the text format described in the command's doc.
func readMatrix(r io.Reader) (match.Matrix, error) {
	sc := scanner{r: bufio.NewReaderSize(r, 1<<16)}
	rows, err := sc.next()
	if err != nil {
		return match.Matrix{}, fmt.Errorf("reading the row count: %w", err)
	}
	cols, err := sc.next()
	if err != nil {
		return match.Matrix{}, fmt.Errorf("reading the column count: %w", err)
	}
	const maxCells, maxSide = 1 << 31, 1 << 24
	if rows < 0 || cols < 0 || rows > maxSide || cols > maxSide || (cols > 0 && rows > maxCells/cols) {
		return match.Matrix{}, fmt.Errorf("bad size %d x %d", rows, cols)
	}
	// Grow while reading rather than trust the header with memory.
	n := int(rows * cols)
	m := match.Matrix{Rows: int(rows), Cols: int(cols), Cost: make([]int64, 0, min(n, 1<<20))}
	for k := 0; k < n; k++ {
		x, err := sc.next()
		if err != nil {
			return match.Matrix{}, fmt.Errorf("reading cost %d of %d: %w", k+1, n, err)
		}
		m.Cost = append(m.Cost, x)
	}
	if _, err := sc.next(); err != io.EOF {
		return match.Matrix{}, errors.New("extra data after the last cost")
	}
	return m, nil
}

// scanner reads white-space separated int64s without allocating per number.
type scanner struct {
	r   *bufio.Reader
	buf []byte
}

// next returns the next integer, io.EOF when the input ends before one starts.
func (s *scanner) next() (int64, error) {
	s.buf = s.buf[:0]
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			if err == io.EOF && len(s.buf) > 0 {
				break
			}
			if err == io.EOF {
				return 0, io.EOF
			}
			return 0, err
		}
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			if len(s.buf) > 0 {
				break
			}
			continue
		}
		s.buf = append(s.buf, c)
	}
	v, err := strconv.ParseInt(string(s.buf), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bad integer %q", s.buf)
	}
	return v, nil
}
