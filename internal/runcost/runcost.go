// Package runcost measures what a run of a matcher costs the process: wall-clock time,
// CPU time (user and system, every thread, so the garbage collector's work counts), the
// memory allocated and the peak resident memory. On a machine shared with other work,
// wall time includes waiting for the CPU and CPU time does not, so commands that print
// figures print both. Cost.Report writes them in the two lines the bench scripts read.
package runcost

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Cost is what one run took.
type Cost struct {
	// Elapsed is the wall-clock time, CPU the process's CPU time during the run (0 where
	// the platform cannot tell).
	Elapsed, CPU time.Duration
	// AllocBytes and Allocations are the heap memory allocated during the run and the
	// number of allocations.
	AllocBytes, Allocations uint64
	// PeakRSS is the process's peak resident memory after the run, in bytes; 0 where the
	// system does not say.
	PeakRSS uint64
}

// Measure collects garbage, runs f and returns what it cost, with f's error.
func Measure(f func() error) (Cost, error) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0, _ := ProcessCPU()
	start := time.Now()
	err := f()
	elapsed := time.Since(start)
	cpu1, ok := ProcessCPU()
	runtime.ReadMemStats(&after)
	c := Cost{Elapsed: elapsed, AllocBytes: after.TotalAlloc - before.TotalAlloc, Allocations: after.Mallocs - before.Mallocs, PeakRSS: PeakRSS()}
	if ok {
		c.CPU = cpu1 - cpu0
	}
	return c, err
}

// Report writes c as two indented lines, "  solve time: WALL wall, CPU CPU" and
// "  memory: ...", durations to the hundredth of a millisecond as time.Duration prints
// them (bench/lib.sh reads the first line). Write errors are returned.
func (c Cost) Report(w io.Writer) error {
	peak := ""
	if c.PeakRSS > 0 {
		peak = fmt.Sprintf("; peak resident memory of the process so far %.0f MB", float64(c.PeakRSS)/(1<<20))
	}
	_, err := fmt.Fprintf(w, "  solve time: %s wall, %s CPU\n  memory: %.1f MB allocated in %d allocations%s\n",
		c.Elapsed.Round(10*time.Microsecond), c.CPU.Round(10*time.Microsecond), float64(c.AllocBytes)/(1<<20), c.Allocations, peak)
	return err
}

// PerOp starts counting the process's CPU time and returns the func that reports it per
// iteration of benchmark b as the metric cpu-ms/op (nothing where the platform cannot
// tell): on a shared machine, wall time includes waiting for other processes and CPU time
// does not. The count includes the set-up the benchmark stops the timer for, and the
// garbage collector's work.
func PerOp(b *testing.B) func() {
	start, ok := ProcessCPU()
	return func() {
		end, _ := ProcessCPU()
		if ok && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		}
	}
}

// PeakRSS is the process's peak resident set size in bytes (VmHWM of /proc/self/status),
// 0 where the system does not say.
func PeakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for l := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}
