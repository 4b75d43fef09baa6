package gen

import (
	"bufio"
	"io"
	"math"
	"strconv"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/internal/match"
)

// WriteMatrix writes m in the dense format read by bench/cmd/lap and the scipy peer: a
// first line "rows cols", then one line per row of cols integers separated by single
// spaces. The format has no forbidden pairs, so a matrix with any is rejected.
func WriteMatrix(w io.Writer, m match.Matrix) error {
	const op = "gen.WriteMatrix"
	if err := m.Validate(); err != nil {
		return wushe.WithOp(op, err)
	}
	for _, f := range m.Forbidden {
		if f {
			return wushe.E(op, wushe.KindInvalid, "Matrix", "", "the dense format cannot express forbidden pairs")
		}
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	line := make([]byte, 0, 64)
	line = strconv.AppendInt(line, int64(m.Rows), 10)
	line = append(line, ' ')
	line = strconv.AppendInt(line, int64(m.Cols), 10)
	line = append(line, '\n')
	bw.Write(line)
	for i := range m.Rows {
		line = line[:0]
		for j, c := range m.Cost[i*m.Cols : (i+1)*m.Cols] {
			if j > 0 {
				line = append(line, ' ')
			}
			line = strconv.AppendInt(line, c, 10)
		}
		line = append(line, '\n')
		bw.Write(line)
	}
	if err := bw.Flush(); err != nil {
		return wushe.Wrap(op, err)
	}
	return nil
}

// Encoding describes how WriteDIMACS turned a bipartite problem into a min-cost-flow
// network, so that a solver's DIMACS objective can be read back.
//
// Nodes are numbered from 1: the source is 1, demand i is 2+i, supply j is 2+D+j and the
// sink is D+S+2, for D demands and S supplies. The source supplies Total (the sum of the
// demands' units) and the sink absorbs it. The arcs, in the order written, are:
//
//  1. source → demand i: capacity Units(i), cost 0;
//  2. demand → supply for each problem arc: its Cap (or, when Cap is 0, the smaller of the
//     two nodes' units), its Cost;
//  3. supply j → sink: capacity Units(j), cost 0;
//  4. demand i → sink, the "unfilled" arc: capacity Units(i), cost Penalty(i), or Big when
//     the demand's Penalty is 0 (lexicographic).
//
// Every feasible flow saturates the source arcs, so each demand's units either reach a
// supply or take the unfilled arc, and the flow's cost is arc cost + Σ penalties of
// unfilled units. Big = (max(0, max Cost) − min(0, min Cost) + max Penalty) × Total + 1
// exceeds the difference in arc and penalty cost between any two flows, so one more filled
// unit of a lexicographic demand always beats any saving elsewhere: the min-cost flow is
// exactly the lexicographic optimum (most units filled, then least cost), and two solvers
// agree on the bipartite problem exactly when they agree on the DIMACS objective.
type Encoding struct {
	// Demands and Supplies are the problem's node counts.
	Demands, Supplies int
	// Nodes and Arcs are the network's sizes.
	Nodes, Arcs int
	// Total is the source's supply: the sum of the demands' units.
	Total int64
	// Big is the per-unit cost of an unfilled lexicographic unit.
	Big int64
	// Lexicographic reports that every demand has Penalty 0, which Split needs.
	Lexicographic bool
	// MinCost is min(0, the least arc cost).
	MinCost int64
}

// Objective is the DIMACS objective of a solution to the encoded problem: its arc cost, its
// penalty cost and Big for each unfilled unit of a lexicographic demand.
func (e Encoding) Objective(cost, penaltyCost, lexUnfilled int64) int64 {
	return cost + penaltyCost + e.Big*lexUnfilled
}

// Split reads a DIMACS objective of a lexicographic problem back as (units unfilled, arc
// cost). It fails with a KindInvalid error when some demand has its own Penalty, because
// the objective then mixes the two.
func (e Encoding) Split(objective int64) (unfilled, cost int64, err error) {
	if !e.Lexicographic {
		return 0, 0, wushe.E("gen.Encoding.Split", wushe.KindInvalid, "Encoding", "", "some demand has its own penalty; the objective cannot be split")
	}
	// objective = cost + Big·unfilled and 0 <= cost − MinCost·Total <= span·Total < Big.
	unfilled = (objective - e.MinCost*e.Total) / e.Big
	return unfilled, objective - e.Big*unfilled, nil
}

// WriteDIMACS writes p as a DIMACS minimum-cost-flow problem ("p min") as Encoding
// describes, with comment lines "c wushe bipartite D S" and "c wushe big BIG total TOTAL"
// that peers use to recover the bipartite structure. It fails with a KindInvalid error when
// an arc names a missing node, a count is negative, or the objective could overflow int64.
func WriteDIMACS(w io.Writer, p *match.Problem) (Encoding, error) {
	const op = "gen.WriteDIMACS"
	e, err := encode(p)
	if err != nil {
		return Encoding{}, wushe.WithOp(op, err)
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	var b []byte
	line := func(kind string, parts ...int64) {
		b = append(b[:0], kind...)
		for _, v := range parts {
			b = append(b, ' ')
			b = strconv.AppendInt(b, v, 10)
		}
		b = append(b, '\n')
		bw.Write(b)
	}
	d, s := int64(e.Demands), int64(e.Supplies)
	sink := d + s + 2
	bw.WriteString("c wushe bipartite " + strconv.Itoa(e.Demands) + " " + strconv.Itoa(e.Supplies) + "\n")
	bw.WriteString("c wushe big " + strconv.FormatInt(e.Big, 10) + " total " + strconv.FormatInt(e.Total, 10) + "\n")
	bw.WriteString("p min")
	line("", int64(e.Nodes), int64(e.Arcs))
	line("n", 1, e.Total)
	line("n", sink, -e.Total)
	for i, dm := range p.Demands {
		line("a", 1, 2+int64(i), 0, dm.Units, 0)
	}
	for _, a := range p.Arcs {
		c := a.Cap
		if c == 0 {
			c = min(p.Demands[a.Demand].Units, p.Supplies[a.Supply].Units)
		}
		line("a", 2+int64(a.Demand), 2+d+int64(a.Supply), 0, c, a.Cost)
	}
	for j, sp := range p.Supplies {
		line("a", 2+d+int64(j), sink, 0, sp.Units, 0)
	}
	for i, dm := range p.Demands {
		pen := dm.Penalty
		if pen == 0 {
			pen = e.Big
		}
		line("a", 2+int64(i), sink, 0, dm.Units, pen)
	}
	if err := bw.Flush(); err != nil {
		return Encoding{}, wushe.Wrap(op, err)
	}
	return e, nil
}

// costBound bounds arc costs and penalties so that the encoding's sums cannot wrap.
const costBound = 1 << 60

// encode checks p and computes its Encoding.
func encode(p *match.Problem) (Encoding, error) {
	if p == nil {
		return Encoding{}, wushe.Invalid("Problem", "", "is nil")
	}
	c := wushe.Check("Problem")
	e := Encoding{Demands: len(p.Demands), Supplies: len(p.Supplies), Lexicographic: true}
	e.Nodes = e.Demands + e.Supplies + 2
	e.Arcs = 2*e.Demands + len(p.Arcs) + e.Supplies
	var maxPen int64
	for i, d := range p.Demands {
		f := wushe.Index("Demands", i)
		c.Require(d.Units >= 0 && d.Units <= costBound, f+".Units", "must be in [0, 2^60]")
		c.Require(d.Penalty >= 0 && d.Penalty <= costBound, f+".Penalty", "must be in [0, 2^60]")
		if d.Penalty > 0 {
			e.Lexicographic = false
			maxPen = max(maxPen, d.Penalty)
		}
		if d.Units > 0 && d.Units <= costBound {
			e.Total += d.Units
			if e.Total > costBound {
				c.Addf("Demands", "total units exceed 2^60")
				break
			}
		}
	}
	for j, s := range p.Supplies {
		c.Require(s.Units >= 0, wushe.Index("Supplies", j)+".Units", "must not be negative")
	}
	var hi int64
	for k, a := range p.Arcs {
		f := wushe.Index("Arcs", k)
		c.Require(a.Demand >= 0 && a.Demand < e.Demands, f+".Demand", "is not a demand index")
		c.Require(a.Supply >= 0 && a.Supply < e.Supplies, f+".Supply", "is not a supply index")
		c.Require(a.Cap >= 0, f+".Cap", "must not be negative")
		if c.Require(a.Cost >= -costBound && a.Cost <= costBound, f+".Cost", "must be within ±2^60") {
			hi = max(hi, a.Cost)
			e.MinCost = min(e.MinCost, a.Cost)
		}
	}
	if err := c.Err(); err != nil {
		return Encoding{}, err
	}
	// Big = (span + max penalty)·Total + 1, and the objective, below 2·Big·Total, must fit.
	per := hi - e.MinCost + maxPen // at most 3·2^60, no wrap
	if e.Total > 0 && per > (math.MaxInt64/4)/e.Total/e.Total {
		return Encoding{}, wushe.Invalid("Problem", "Arcs", "costs up to %d over %d units overflow int64 in the DIMACS objective", per, e.Total)
	}
	e.Big = per*e.Total + 1
	return e, nil
}
