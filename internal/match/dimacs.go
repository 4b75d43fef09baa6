package match

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/wushe/wushe"
)

// DIMACS minimum-cost-flow format, as used by the DIMACS implementation challenge and by
// LEMON and other solvers:
//
//	c a comment line
//	p min NODES ARCS
//	n ID FLOW             node ID (1-based) supplies FLOW units (negative: demands them)
//	a SRC DST LOW CAP COST
//
// and for solutions
//
//	s COST
//	f SRC DST FLOW
//
// ReadDIMACS accepts lower bounds of zero only: a non-zero LOW is rejected with a
// KindInvalid error naming the line, rather than silently transformed, so that flows read
// and written always mean the same arcs. Node lines for nodes with zero supply may be
// omitted; a node may have at most one node line. The problem line may declare at most as
// many nodes as the input names node IDs (two per arc line, one per node line), so that
// memory stays proportional to the input: a short header cannot ask for gigabytes.

// maxDIMACSNodes bounds the node count a file may declare, so that a corrupt header fails
// instead of exhausting memory.
const maxDIMACSNodes = 1 << 26

// ReadDIMACS reads a DIMACS minimum-cost-flow problem into a Graph (node ID k becomes node
// k−1, arcs keep their order). It fails with a KindInvalid *wushe.Error whose Field names
// the line ("line 7") when the input is malformed: a missing or repeated problem line, a
// problem type other than min, an arc or node line before it, a node ID out of range, a
// non-zero lower bound, a negative capacity, a repeated node line, or an arc count that
// differs from the header, or more nodes than the input names. It does not check that the
// supplies balance; MinCostFlow does. Nothing is allocated in proportion to the header's
// counts before the input has shown it holds them.
func ReadDIMACS(r io.Reader) (*Graph, error) {
	const op = "match.ReadDIMACS"
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
	var g *Graph
	var arcs, nodes int64
	type nodeLine struct {
		line     int
		id, flow int64
	}
	var nodeLines []nodeLine
	line, problemLine := 0, 0
	bad := func(format string, args ...any) error {
		e := wushe.E(op, wushe.KindInvalid, "DIMACS", "", format, args...)
		e.Field = "line " + strconv.Itoa(line)
		return e
	}
	var fields [][]byte
	for sc.Scan() {
		line++
		fields = splitFields(sc.Bytes(), fields[:0])
		if len(fields) == 0 {
			continue
		}
		if len(fields[0]) != 1 {
			return nil, bad("unknown line type %q", fields[0])
		}
		switch fields[0][0] {
		case 'c':
			continue
		case 'p':
			if g != nil {
				return nil, bad("a second problem line")
			}
			if len(fields) != 4 || string(fields[1]) != "min" {
				return nil, bad("want \"p min NODES ARCS\"")
			}
			n, err1 := strconv.ParseInt(string(fields[2]), 10, 64)
			m, err2 := strconv.ParseInt(string(fields[3]), 10, 64)
			if err1 != nil || err2 != nil || n < 0 || m < 0 || n > maxDIMACSNodes || m > 1<<30 {
				return nil, bad("NODES must be in [0, 2^26] and ARCS in [0, 2^30]")
			}
			arcs, nodes, problemLine = m, n, line
			g = &Graph{Arcs: make([]FlowArc, 0, min(m, 1<<10))}
		case 'n':
			if g == nil {
				return nil, bad("node line before the problem line")
			}
			v, err := parseInts(fields[1:], 2)
			if err != nil {
				return nil, bad("want \"n ID FLOW\": %v", err)
			}
			if v[0] < 1 || v[0] > nodes {
				return nil, bad("node %d is not in [1, %d]", v[0], nodes)
			}
			nodeLines = append(nodeLines, nodeLine{line: line, id: v[0], flow: v[1]})
		case 'a':
			if g == nil {
				return nil, bad("arc line before the problem line")
			}
			v, err := parseInts(fields[1:], 5)
			if err != nil {
				return nil, bad("want \"a SRC DST LOW CAP COST\": %v", err)
			}
			n := nodes
			if v[0] < 1 || v[0] > n || v[1] < 1 || v[1] > n {
				return nil, bad("arc %d → %d names a node outside [1, %d]", v[0], v[1], n)
			}
			if v[2] != 0 {
				return nil, bad("lower bound %d: only 0 is supported", v[2])
			}
			if v[3] < 0 {
				return nil, bad("capacity %d is negative", v[3])
			}
			if int64(len(g.Arcs)) >= arcs {
				return nil, bad("more arcs than the %d the problem line declares", arcs)
			}
			g.Arcs = append(g.Arcs, FlowArc{From: int(v[0] - 1), To: int(v[1] - 1), Cap: v[3], Cost: v[4]})
		default:
			return nil, bad("unknown line type %q", fields[0])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, bad("%v", err)
	}
	if g == nil {
		return nil, bad("no problem line")
	}
	if int64(len(g.Arcs)) != arcs {
		return nil, bad("%d arcs, but the problem line declares %d", len(g.Arcs), arcs)
	}
	if named := 2*int64(len(g.Arcs)) + int64(len(nodeLines)); nodes > named {
		line = problemLine
		return nil, bad("declares %d nodes, more than the %d node IDs the input names", nodes, named)
	}
	g.Supply = make([]int64, nodes)
	hasNode := make([]bool, nodes)
	for _, nl := range nodeLines {
		if hasNode[nl.id-1] {
			line = nl.line
			return nil, bad("node %d has a second node line", nl.id)
		}
		hasNode[nl.id-1] = true
		g.Supply[nl.id-1] = nl.flow
	}
	return g, nil
}

func splitFields(b []byte, out [][]byte) [][]byte {
	for {
		b = bytes.TrimLeft(b, " \t\r")
		if len(b) == 0 {
			return out
		}
		i := bytes.IndexAny(b, " \t\r")
		if i < 0 {
			return append(out, b)
		}
		out = append(out, b[:i])
		b = b[i:]
	}
}

func parseInts(fields [][]byte, n int) ([]int64, error) {
	if len(fields) != n {
		return nil, fmt.Errorf("%d numbers, want %d", len(fields), n)
	}
	v := make([]int64, n)
	for i, f := range fields {
		x, err := strconv.ParseInt(string(f), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", f)
		}
		v[i] = x
	}
	return v, nil
}

// WriteDIMACS writes g in the DIMACS minimum-cost-flow format: the problem line, a node
// line for each node with a non-zero supply or no arc (so that the input names every node,
// as ReadDIMACS requires), and an arc line (lower bound 0) for each arc,
// in order. ReadDIMACS reads the result back into an equal Graph. Arcs naming nodes out of
// range or with negative capacities are rejected with a KindInvalid error.
func WriteDIMACS(w io.Writer, g *Graph) error {
	const op = "match.WriteDIMACS"
	if g == nil {
		return wushe.E(op, wushe.KindInvalid, "Graph", "", "is nil")
	}
	p := wushe.Check("Graph")
	for i, a := range g.Arcs {
		if a.From < 0 || a.From >= len(g.Supply) {
			p.Addf(wushe.Index("Arcs", i)+".From", "is not a node index")
		}
		if a.To < 0 || a.To >= len(g.Supply) {
			p.Addf(wushe.Index("Arcs", i)+".To", "is not a node index")
		}
		if a.Cap < 0 {
			p.Addf(wushe.Index("Arcs", i)+".Cap", "must not be negative")
		}
	}
	if err := p.Err(); err != nil {
		return wushe.WithOp(op, err)
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	b := make([]byte, 0, 96)
	b = append(b, "p min "...)
	b = strconv.AppendInt(b, int64(len(g.Supply)), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(len(g.Arcs)), 10)
	b = append(b, '\n')
	bw.Write(b)
	touched := make([]bool, len(g.Supply))
	for _, a := range g.Arcs {
		touched[a.From], touched[a.To] = true, true
	}
	for v, s := range g.Supply {
		if s != 0 || !touched[v] {
			b = append(b[:0], "n "...)
			b = strconv.AppendInt(b, int64(v+1), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, s, 10)
			b = append(b, '\n')
			bw.Write(b)
		}
	}
	for _, a := range g.Arcs {
		b = append(b[:0], "a "...)
		b = strconv.AppendInt(b, int64(a.From+1), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(a.To+1), 10)
		b = append(b, " 0 "...)
		b = strconv.AppendInt(b, a.Cap, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, a.Cost, 10)
		b = append(b, '\n')
		bw.Write(b)
	}
	if err := bw.Flush(); err != nil {
		return wushe.Wrap(op, err)
	}
	return nil
}

// WriteDIMACSSolution writes a solution of g in the DIMACS format: "s COST" (the exact
// total, Graph.TotalCost, even beyond int64), then, when
// flows is set, "f SRC DST FLOW" for every arc that carries flow, in arc order.
func WriteDIMACSSolution(w io.Writer, g *Graph, f *Flow, flows bool) error {
	const op = "match.WriteDIMACSSolution"
	if g == nil || f == nil || len(f.Flow) != len(g.Arcs) {
		return wushe.E(op, wushe.KindInvalid, "Flow", "", "does not belong to the graph")
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	b := g.TotalCost(f.Flow).Append(append(make([]byte, 0, 96), "s "...), 10)
	bw.Write(append(b, '\n'))
	if flows {
		for i, a := range g.Arcs {
			if f.Flow[i] == 0 {
				continue
			}
			b = append(b[:0], "f "...)
			b = strconv.AppendInt(b, int64(a.From+1), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(a.To+1), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, f.Flow[i], 10)
			bw.Write(append(b, '\n'))
		}
	}
	if err := bw.Flush(); err != nil {
		return wushe.Wrap(op, err)
	}
	return nil
}

// WriteProblemDIMACS writes the flow network Solve solves for p (see Solve's Model) in the
// DIMACS minimum-cost-flow format, so that any min-cost-flow solver can check an answer:
// nodes 1 … D are the demands in ID order, each supplying its units; D+1 … D+S the
// supplies in ID order; D+S+1 the sink, taking every unit. The arcs are the Problem's, by
// (demand ID, supply ID), then each supply's arc to the sink (its units, cost 0), then
// each demand's "unfilled" arc to the sink (its units, at its Penalty or Big). Two comment
// lines come first, "c wushe problem D S" and "c wushe big BIG total T". The network's
// optimum is Solution.Cost + Solution.PenaltyCost + Big × the lexicographic units left
// unfilled. An invalid problem is an error of Solve's kinds.
func WriteProblemDIMACS(w io.Writer, p *Problem) error {
	const op = "match.WriteProblemDIMACS"
	nw, err := buildNetwork(p)
	if err != nil {
		return wushe.WithOp(op, err)
	}
	if _, err := fmt.Fprintf(w, "c wushe problem %d %d\nc wushe big %d total %d\n", nw.D, nw.S, nw.big, nw.total); err != nil {
		return wushe.Wrap(op, err)
	}
	return wushe.WithOp(op, WriteDIMACS(w, nw.graph()))
}
