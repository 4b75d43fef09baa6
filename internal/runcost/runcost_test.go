package runcost_test

import (
	"bytes"
	"errors"
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe/internal/runcost"
)

var sink [][]byte

// Measure counts the allocations of the run, its CPU and wall time, and returns its error.
func TestMeasure(t *testing.T) {
	boom := errors.New("boom")
	c, err := runcost.Measure(func() error {
		for range 1000 {
			sink = append(sink, make([]byte, 1024))
		}
		// Spin until the process's CPU clock has moved on: its resolution is coarse.
		start, ok := runcost.ProcessCPU()
		for now := start; ok && now == start; now, _ = runcost.ProcessCPU() {
		}
		return boom
	})
	sink = nil
	require.ErrorIs(t, err, boom)
	assert.GreaterOrEqual(t, c.Allocations, uint64(1000))
	assert.GreaterOrEqual(t, c.AllocBytes, uint64(1000*1024))
	assert.Positive(t, c.Elapsed)
	if _, ok := runcost.ProcessCPU(); ok {
		assert.Positive(t, c.CPU, "the run spun until the CPU clock moved")
	}
	if runtime.GOOS == "linux" {
		assert.Positive(t, c.PeakRSS)
		assert.Positive(t, runcost.PeakRSS())
	}
}

// Report writes the two lines bench/lib.sh reads, in time.Duration's units.
func TestReport(t *testing.T) {
	var b bytes.Buffer
	c := runcost.Cost{Elapsed: 1234567891 * time.Nanosecond, CPU: 2500 * time.Millisecond, AllocBytes: 3 << 20, Allocations: 42, PeakRSS: 100 << 20}
	require.NoError(t, c.Report(&b))
	assert.Equal(t, "  solve time: 1.23457s wall, 2.5s CPU\n  memory: 3.0 MB allocated in 42 allocations; peak resident memory of the process so far 100 MB\n", b.String())

	b.Reset()
	require.NoError(t, runcost.Cost{Elapsed: 1500 * time.Microsecond}.Report(&b))
	assert.Regexp(t, regexp.MustCompile(`^  solve time: 1\.5ms wall, 0s CPU\n  memory: 0\.0 MB allocated in 0 allocations\n$`), b.String())
	assert.Error(t, c.Report(failing{}))
}

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// PerOp reports the CPU time of a benchmark's iterations as cpu-ms/op.
func TestPerOp(t *testing.T) {
	if _, ok := runcost.ProcessCPU(); !ok {
		t.Skip("this platform cannot tell the process's CPU time")
	}
	res := testing.Benchmark(func(b *testing.B) {
		defer runcost.PerOp(b)()
		for b.Loop() {
			// Spin until the process's CPU clock has moved on.
			start, _ := runcost.ProcessCPU()
			for now := start; now == start; now, _ = runcost.ProcessCPU() {
			}
		}
	})
	assert.Positive(t, res.Extra["cpu-ms/op"], "%v", res.Extra)
}
