package match

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
)

const dimacsSample = `c a small instance
p min 4 5
n 1 4
n 4 -4
a 1 2 0 4 2
a 1 3 0 2 2
a 2 3 0 2 1
a 2 4 0 3 3
a 3 4 0 5 1
`

func TestReadDIMACS(t *testing.T) {
	g, err := ReadDIMACS(strings.NewReader(dimacsSample))
	require.NoError(t, err)
	assert.Equal(t, []int64{4, 0, 0, -4}, g.Supply)
	require.Len(t, g.Arcs, 5)
	assert.Equal(t, FlowArc{From: 1, To: 3, Cap: 3, Cost: 3}, g.Arcs[3])
	for _, alg := range []Algorithm{SuccessiveShortestPaths, NetworkSimplex} {
		f, err := MinCostFlow(g, alg)
		require.NoError(t, err)
		assert.Equal(t, int64(14), f.Cost, alg)
		flowCheck(t, g, f)
	}
}

func TestDIMACSRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for range 300 {
		g := flowRandomGraph(rng)
		var buf bytes.Buffer
		require.NoError(t, WriteDIMACS(&buf, g))
		back, err := ReadDIMACS(&buf)
		require.NoError(t, err)
		if len(g.Arcs) == 0 {
			g.Arcs = []FlowArc{}
		}
		assert.Equal(t, g, back)
	}
}

func TestWriteDIMACSSolution(t *testing.T) {
	g, err := ReadDIMACS(strings.NewReader(dimacsSample))
	require.NoError(t, err)
	f, err := MinCostFlow(g, NetworkSimplex)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, WriteDIMACSSolution(&buf, g, f, true))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	assert.Equal(t, "s 14", lines[0])
	var sum int64
	for _, l := range lines[1:] {
		assert.True(t, strings.HasPrefix(l, "f "), l)
		sum++
	}
	assert.Positive(t, sum)
	buf.Reset()
	require.NoError(t, WriteDIMACSSolution(&buf, g, f, false))
	assert.Equal(t, "s 14\n", buf.String())
	assert.True(t, errors.Is(WriteDIMACSSolution(&buf, g, &Flow{}, false), wushe.ErrInvalid))
	assert.Error(t, WriteDIMACSSolution(failWriter{}, g, f, true))
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteDIMACSErrors(t *testing.T) {
	assert.True(t, errors.Is(WriteDIMACS(&bytes.Buffer{}, nil), wushe.ErrInvalid))
	g := &Graph{Supply: []int64{0, 0}, Arcs: []FlowArc{{From: 0, To: 2, Cap: -1}}}
	err := WriteDIMACS(&bytes.Buffer{}, g)
	require.Error(t, err)
	var fields []string
	for _, e := range wushe.FieldErrors(err) {
		fields = append(fields, e.Field)
	}
	assert.Equal(t, []string{"Arcs[0].To", "Arcs[0].Cap"}, fields)
	g = &Graph{Supply: []int64{0, 0}, Arcs: []FlowArc{{From: 0, To: 1, Cap: 1}}}
	assert.Error(t, WriteDIMACS(failWriter{}, g))
}

func TestReadDIMACSErrors(t *testing.T) {
	cases := map[string]struct{ in, line, msg string }{
		"no problem line":  {"c nothing\n", "line 1", "no problem line"},
		"second p":         {"p min 1 0\np min 1 0\n", "line 2", "second problem line"},
		"not min":          {"p max 1 0\n", "line 1", "p min"},
		"bad counts":       {"p min -1 0\n", "line 1", "NODES"},
		"node before p":    {"n 1 1\n", "line 1", "before the problem line"},
		"arc before p":     {"a 1 2 0 1 1\n", "line 1", "before the problem line"},
		"bad node":         {"p min 2 0\nn 3 1\n", "line 2", "not in [1, 2]"},
		"node twice":       {"p min 2 0\nn 1 1\nn 1 2\n", "line 3", "second node line"},
		"short node":       {"p min 2 0\nn 1\n", "line 2", "n ID FLOW"},
		"arc out of range": {"p min 2 1\na 1 3 0 1 1\n", "line 2", "outside"},
		"lower bound":      {"p min 2 1\na 1 2 1 3 1\n", "line 2", "lower bound"},
		"negative cap":     {"p min 2 1\na 1 2 0 -3 1\n", "line 2", "negative"},
		"not a number":     {"p min 2 1\na 1 2 0 x 1\n", "line 2", "not an integer"},
		"too many arcs":    {"p min 2 0\na 1 2 0 1 1\n", "line 2", "more arcs"},
		"too few arcs":     {"p min 2 2\na 1 2 0 1 1\n", "line 2", "declares 2"},
		"unknown line":     {"p min 2 0\nx 1\n", "line 2", "unknown line type"},
		"long type":        {"pp min 2 0\n", "line 1", "unknown line type"},
		"header bomb":      {"p min 67108864 0\n", "line 1", "more than the 0 node IDs"},
		"nodes > named":    {"c\np min 5 1\na 1 2 0 1 1\nn 3 0\n", "line 2", "more than the 3 node IDs"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ReadDIMACS(strings.NewReader(c.in))
			require.Error(t, err)
			assert.True(t, errors.Is(err, wushe.ErrInvalid))
			var we *wushe.Error
			require.True(t, errors.As(err, &we))
			assert.Equal(t, c.line, we.Field)
			assert.Equal(t, "match.ReadDIMACS", we.Op)
			assert.Contains(t, err.Error(), c.msg)
		})
	}
}

// TestReadDIMACSHeaderBound: a 17-byte header that declares the largest counts allocates
// in proportion to its input, not to its counts, and is refused.
func TestReadDIMACSHeaderBound(t *testing.T) {
	for _, in := range []string{"p min 67108864 0", "p min 67108864 1073741824\n", "p min 67108864 1\na 1 2 0 1 1\n"} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := ReadDIMACS(strings.NewReader(in))
		runtime.ReadMemStats(&after)
		require.ErrorIs(t, err, wushe.ErrInvalid, in)
		assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20), "bytes allocated reading %q", in)
	}
	// Isolated nodes survive a round trip: the writer names them.
	g := &Graph{Supply: []int64{0, 0, 0, 0}, Arcs: []FlowArc{{From: 0, To: 1, Cap: 1}}}
	var buf bytes.Buffer
	require.NoError(t, WriteDIMACS(&buf, g))
	assert.Equal(t, "p min 4 1\nn 3 0\nn 4 0\na 1 2 0 1 0\n", buf.String())
	back, err := ReadDIMACS(&buf)
	require.NoError(t, err)
	assert.Equal(t, g, back)
}

func FuzzReadDIMACS(f *testing.F) {
	f.Add(dimacsSample)
	f.Add("p min 2 1\nn 1 1\nn 2 -1\na 1 2 0 1 -5\n")
	f.Add("c\n\np min 0 0\n")
	f.Add("p min 3 2\na 1 2 0 9223372036854775807 -9223372036854775808\na 3 3 0 0 0\n")
	f.Fuzz(func(t *testing.T, in string) {
		g, err := ReadDIMACS(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, wushe.ErrInvalid) {
				t.Fatalf("error without kind invalid: %v", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := WriteDIMACS(&buf, g); err != nil {
			t.Fatalf("write of an accepted graph: %v", err)
		}
		back, err := ReadDIMACS(&buf)
		if err != nil {
			t.Fatalf("re-read: %v\n%s", err, buf.String())
		}
		if len(back.Supply) != len(g.Supply) || len(back.Arcs) != len(g.Arcs) {
			t.Fatalf("round trip changed sizes")
		}
		for i := range g.Supply {
			if g.Supply[i] != back.Supply[i] {
				t.Fatalf("supply %d changed", i)
			}
		}
		for i := range g.Arcs {
			if g.Arcs[i] != back.Arcs[i] {
				t.Fatalf("arc %d changed", i)
			}
		}
		// Small accepted instances must solve or fail cleanly, with both solvers agreeing.
		if len(g.Supply) <= 50 && len(g.Arcs) <= 200 {
			f1, err1 := MinCostFlow(g, SuccessiveShortestPaths)
			f2, err2 := MinCostFlow(g, NetworkSimplex)
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("solvers disagree: %v / %v", err1, err2)
			}
			if err1 == nil && f1.Cost != f2.Cost {
				t.Fatalf("objectives differ: %d / %d", f1.Cost, f2.Cost)
			}
		}
	})
}

// Property: the network WriteProblemDIMACS writes reads back and solves to Solve's
// objective: Cost + PenaltyCost + Big × the lexicographic units left unfilled.
func TestWriteProblemDIMACSProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for it := range 300 {
		p := flowRandomProblem(rng, it%2 == 0)
		sol, err := Solve(p, nil)
		require.NoError(t, err)
		var b bytes.Buffer
		require.NoError(t, WriteProblemDIMACS(&b, p))
		var big, total int64
		_, err = fmt.Sscanf(strings.Split(b.String(), "\n")[1], "c wushe big %d total %d", &big, &total)
		require.NoError(t, err)
		g, err := ReadDIMACS(&b)
		require.NoError(t, err)
		require.Len(t, g.Supply, len(p.Demands)+len(p.Supplies)+1)
		f, err := MinCostFlow(g, NetworkSimplex)
		require.NoError(t, err)
		var lexUnfilled int64
		unfilledArcs := f.Flow[len(g.Arcs)-len(p.Demands):]
		nw, err := buildNetwork(p)
		require.NoError(t, err)
		for i, u := range unfilledArcs {
			if nw.demand(i).Penalty == 0 {
				lexUnfilled += u
			}
		}
		require.Equal(t, sol.Cost+sol.PenaltyCost+big*lexUnfilled, f.Cost, "instance %d", it)
	}
	err := WriteProblemDIMACS(&bytes.Buffer{}, &Problem{Demands: []Demand{{ID: "a", Units: -1}}})
	require.ErrorIs(t, err, wushe.ErrInvalid)
}
