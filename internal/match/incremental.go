package match

import (
	"math"
	"slices"

	"github.com/wushe/wushe"
)

// Session holds a solved bipartite Problem and re-optimises it as demands and supplies come
// and go: a case arrives for a team of social workers, a volunteer drops out of a shift.
//
// It keeps the flow and the node potentials of the optimum. A change edits the flow
// network in place (a removed node's arcs lose their flow and capacity, an added node
// brings its arcs with no flow), then repairs it: every residual arc whose reduced cost
// became negative is saturated, which leaves excesses and deficits on a few nodes, and
// successive shortest paths (Dijkstra on reduced costs) routes them. The work is
// proportional to what the change disturbed, not to the problem, apart from a linear pass
// to rebuild the flat adjacency. The answer after any sequence of changes has the same
// objective (units filled, then cost) as solving the current problem from scratch.
//
// Node indexes are stable: a removed demand or supply keeps its index with zero units and
// no arcs, and new nodes are numbered after every node ever added. Memory therefore grows
// with the nodes ever added; start a new Session to compact. A Session is not safe for
// concurrent use.
type Session struct {
	demands  []Demand
	supplies []Supply
	dGone    []bool
	sGone    []bool
	arcs     []Arc
	arcGone  []bool
	dIDs     map[string]int
	sIDs     map[string]int

	g      *Graph
	dNode  []int // demand index → graph node
	sNode  []int // supply index → graph node
	arcOf  []int // problem arc → graph arc
	supArc []int // supply → its arc to the sink
	unArc  []int // demand → its unfilled arc
	flow   []int64
	pot    []int64
	big    int64
	total  int64
	// res is the residual network of the last repair; its buffers are reused by the next.
	res *residual
}

const sessionSink = 0

// NewSession solves p and returns a Session holding the optimum. p is copied; later changes
// to it do not affect the Session. Errors are those of Solve.
func NewSession(p *Problem) (*Session, error) {
	const op = "match.NewSession"
	if _, err := buildNetwork(p); err != nil { // validates, IDs and duplicates included
		return nil, wushe.WithOp(op, err)
	}
	s := &Session{
		g:    &Graph{Supply: []int64{0}},
		pot:  []int64{0},
		dIDs: make(map[string]int), sIDs: make(map[string]int),
		big: 1,
	}
	// Room for every node and arc at once, instead of growing each slice step by step.
	nodes, arcs := 1+len(p.Demands)+len(p.Supplies), len(p.Demands)+len(p.Supplies)+len(p.Arcs)
	s.g.Supply, s.pot = slices.Grow(s.g.Supply, nodes), slices.Grow(s.pot, nodes)
	s.g.Arcs, s.flow = make([]FlowArc, 0, arcs), make([]int64, 0, arcs)
	s.arcs, s.arcGone, s.arcOf = make([]Arc, 0, len(p.Arcs)), make([]bool, 0, len(p.Arcs)), make([]int, 0, len(p.Arcs))
	for _, d := range p.Demands {
		s.addDemandNode(d)
	}
	for _, x := range p.Supplies {
		s.addSupplyNode(x)
	}
	for _, a := range p.Arcs {
		s.addArc(a)
	}
	if err := s.repair(); err != nil {
		return nil, wushe.WithOp(op, err)
	}
	return s, nil
}

func (s *Session) addNode(supply, pot int64) int {
	s.g.Supply = append(s.g.Supply, supply)
	s.pot = append(s.pot, pot)
	return len(s.g.Supply) - 1
}

func (s *Session) addGraphArc(from, to int, capacity, cost int64) int {
	s.g.Arcs = append(s.g.Arcs, FlowArc{From: from, To: to, Cap: capacity, Cost: cost})
	s.flow = append(s.flow, 0)
	return len(s.g.Arcs) - 1
}

func (s *Session) addDemandNode(d Demand) int {
	i := len(s.demands)
	s.demands = append(s.demands, d)
	s.dGone = append(s.dGone, false)
	s.dIDs[d.ID] = i
	v := s.addNode(d.Units, s.pot[sessionSink])
	s.dNode = append(s.dNode, v)
	s.g.Supply[sessionSink] -= d.Units
	s.total += d.Units
	pen := d.Penalty
	if pen == 0 {
		pen = s.big
	}
	s.unArc = append(s.unArc, s.addGraphArc(v, sessionSink, d.Units, pen))
	return i
}

func (s *Session) addSupplyNode(x Supply) int {
	j := len(s.supplies)
	s.supplies = append(s.supplies, x)
	s.sGone = append(s.sGone, false)
	s.sIDs[x.ID] = j
	v := s.addNode(0, s.pot[sessionSink])
	s.sNode = append(s.sNode, v)
	s.supArc = append(s.supArc, s.addGraphArc(v, sessionSink, x.Units, 0))
	return j
}

func (s *Session) addArc(a Arc) {
	c := a.Cap
	if c == 0 {
		c = min(s.demands[a.Demand].Units, s.supplies[a.Supply].Units)
	}
	s.arcs = append(s.arcs, a)
	s.arcGone = append(s.arcGone, false)
	s.arcOf = append(s.arcOf, s.addGraphArc(s.dNode[a.Demand], s.sNode[a.Supply], c, a.Cost))
}

// kill removes a graph arc's flow and capacity.
func (s *Session) kill(e int) {
	s.g.Arcs[e].Cap = 0
	s.flow[e] = 0
}

// snapshot records the sizes and values a failed change must restore.
type snapshot struct {
	nodes, arcs, graphArcs, demands, supplies int
	sink, big, total                          int64
}

func (s *Session) snap() snapshot {
	return snapshot{nodes: len(s.g.Supply), arcs: len(s.arcs), graphArcs: len(s.g.Arcs),
		demands: len(s.demands), supplies: len(s.supplies),
		sink: s.g.Supply[sessionSink], big: s.big, total: s.total}
}

func (s *Session) restore(sn snapshot) {
	for i := sn.demands; i < len(s.demands); i++ {
		delete(s.dIDs, s.demands[i].ID)
	}
	for j := sn.supplies; j < len(s.supplies); j++ {
		delete(s.sIDs, s.supplies[j].ID)
	}
	s.g.Supply, s.pot = s.g.Supply[:sn.nodes], s.pot[:sn.nodes]
	s.g.Arcs, s.flow = s.g.Arcs[:sn.graphArcs], s.flow[:sn.graphArcs]
	s.arcs, s.arcGone, s.arcOf = s.arcs[:sn.arcs], s.arcGone[:sn.arcs], s.arcOf[:sn.arcs]
	s.demands, s.dGone, s.dNode, s.unArc = s.demands[:sn.demands], s.dGone[:sn.demands], s.dNode[:sn.demands], s.unArc[:sn.demands]
	s.supplies, s.sGone, s.sNode, s.supArc = s.supplies[:sn.supplies], s.sGone[:sn.supplies], s.sNode[:sn.supplies], s.supArc[:sn.supplies]
	s.g.Supply[sessionSink], s.total = sn.sink, sn.total
	if s.big != sn.big {
		s.setBig(sn.big)
	}
}

func (s *Session) setBig(big int64) {
	s.big = big
	for i, d := range s.demands {
		if d.Penalty == 0 {
			s.g.Arcs[s.unArc[i]].Cost = big
		}
	}
}

// repair restores optimality after a change, raising Big first when the lexicographic
// encoding needs it. It fails, changing nothing in the flows, when magnitudes could overflow.
func (s *Session) repair() error {
	var hi, lo, maxPen int64
	for k, a := range s.arcs {
		if !s.arcGone[k] {
			hi, lo = max(hi, a.Cost), min(lo, a.Cost)
		}
	}
	for i, d := range s.demands {
		if !s.dGone[i] {
			maxPen = max(maxPen, d.Penalty)
		}
	}
	need := new(acc).add(uint64(hi)).add(absU(lo)).add(uint64(maxPen)).mul(uint64(s.total)).add(1)
	if need.over || need.v > math.MaxInt64 {
		return wushe.Invalid("Problem", "Arcs", "costs and penalties up to %d over %d units overflow int64", max(hi, -lo, maxPen), s.total)
	}
	if int64(need.v) > s.big {
		// Leave headroom so that growth does not re-price every unfilled arc each time.
		nb := int64(need.v)
		if nb <= math.MaxInt64/2 {
			nb *= 2
		}
		if !s.pathsFit(nb, hi, lo, maxPen) {
			nb = int64(need.v)
		}
		s.setBig(nb)
	}
	if !s.pathsFit(s.big, hi, lo, maxPen) {
		return wushe.Invalid("Problem", "Arcs", "costs and penalties over %d units risk overflowing int64: a path of the network may cost more than %d", s.total, uint64(maxMagnitude))
	}
	if s.res == nil {
		s.res = &residual{budget: -1, spare: residualSpare}
	}
	r := s.res
	r.rebuild(s.g, s.flow, s.pot)
	r.saturateNegative()
	if r.run() != -1 {
		// Unreachable: every demand can always go unfilled.
		return wushe.E("", wushe.KindInsufficient, "Session", "", "the network cannot be repaired")
	}
	s.flow = r.flows(s.flow, len(s.g.Arcs))
	s.pot = r.potentials(s.pot)
	return nil
}

// pathsFit reports whether every simple path of the network stays within the solvers'
// magnitudes with Big = big, by Solve's bound: a path meets the sink once, so it uses at
// most two of its arcs (costing Big, a Penalty or 0), and at most 2·min(D, S) candidate
// arcs of costs in [lo, hi]. The Session builds its own network, so its shape is valid.
func (s *Session) pathsFit(big, hi, lo, maxPen int64) bool {
	path := new(acc).add(uint64(max(big, maxPen))).mul(2)
	arcs := new(acc).add(max(uint64(hi), absU(lo))).mul(2 * uint64(min(len(s.demands), len(s.supplies))))
	path.add(arcs.v)
	return !path.over && !arcs.over && path.v < maxMagnitude
}

// AddDemand adds a demand with its candidate arcs, re-optimises, and returns the new
// demand's index. Each arc's Supply indexes the Session's supplies; its Demand field is
// ignored. It fails with KindInvalid, leaving the Session unchanged, when the demand or an
// arc is invalid (negative units, penalty or cap, a removed or unknown supply, two arcs to
// one supply, an ID already in use) or magnitudes could overflow.
func (s *Session) AddDemand(d Demand, arcs []Arc) (int, error) {
	const op = "match.Session.AddDemand"
	p := wushe.Check("Demand")
	p.Require(d.Units >= 0, "Units", "must not be negative")
	p.Require(d.Penalty >= 0, "Penalty", "must not be negative")
	if _, dup := s.dIDs[d.ID]; dup {
		p.Addf("ID", "%q is already the ID of a demand", d.ID)
	}
	seen := make(map[int]bool, len(arcs))
	for k, a := range arcs {
		f := wushe.Index("Arcs", k)
		if a.Supply < 0 || a.Supply >= len(s.supplies) || s.sGone[a.Supply] {
			p.Addf(f+".Supply", "is not a current supply")
		} else if seen[a.Supply] {
			p.Addf(f+".Supply", "names the same supply as an earlier arc")
		}
		seen[a.Supply] = true
		p.Require(a.Cap >= 0, f+".Cap", "must not be negative")
	}
	if err := p.Err(); err != nil {
		return 0, wushe.WithOp(op, err)
	}
	if _, c := addInt64(s.total, d.Units); c != 0 {
		return 0, wushe.WithOp(op, wushe.Invalid("Demand", "Units", "total units overflow int64"))
	}
	sn := s.snap()
	i := s.addDemandNode(d)
	// A potential that makes the new node's arcs non-negative in reduced cost where it can.
	v := s.dNode[i]
	for _, a := range arcs {
		a.Demand = i
		s.addArc(a)
		s.pot[v] = max(s.pot[v], s.pot[s.sNode[a.Supply]]-a.Cost)
	}
	if err := s.repair(); err != nil {
		s.restore(sn)
		return 0, wushe.WithOp(op, err)
	}
	return i, nil
}

// AddSupply adds a supply with its candidate arcs, re-optimises, and returns the new
// supply's index. Each arc's Demand indexes the Session's demands; its Supply field is
// ignored. Errors are as for AddDemand.
func (s *Session) AddSupply(x Supply, arcs []Arc) (int, error) {
	const op = "match.Session.AddSupply"
	p := wushe.Check("Supply")
	p.Require(x.Units >= 0, "Units", "must not be negative")
	if _, dup := s.sIDs[x.ID]; dup {
		p.Addf("ID", "%q is already the ID of a supply", x.ID)
	}
	seen := make(map[int]bool, len(arcs))
	for k, a := range arcs {
		f := wushe.Index("Arcs", k)
		if a.Demand < 0 || a.Demand >= len(s.demands) || s.dGone[a.Demand] {
			p.Addf(f+".Demand", "is not a current demand")
		} else if seen[a.Demand] {
			p.Addf(f+".Demand", "names the same demand as an earlier arc")
		}
		seen[a.Demand] = true
		p.Require(a.Cap >= 0, f+".Cap", "must not be negative")
	}
	if err := p.Err(); err != nil {
		return 0, wushe.WithOp(op, err)
	}
	sn := s.snap()
	j := s.addSupplyNode(x)
	for _, a := range arcs {
		a.Supply = j
		s.addArc(a)
	}
	if err := s.repair(); err != nil {
		s.restore(sn)
		return 0, wushe.WithOp(op, err)
	}
	return j, nil
}

// RemoveDemand removes demand i and its arcs and re-optimises: the supplies it used are
// offered to the other demands. It fails with KindNotFound for an unknown or already
// removed demand.
func (s *Session) RemoveDemand(i int) error {
	const op = "match.Session.RemoveDemand"
	if i < 0 || i >= len(s.demands) || s.dGone[i] {
		return wushe.E(op, wushe.KindNotFound, "Demand", "", "index %d is not a current demand", i)
	}
	d := s.demands[i]
	s.dGone[i] = true
	delete(s.dIDs, d.ID)
	s.g.Supply[s.dNode[i]] = 0
	s.g.Supply[sessionSink] += d.Units
	s.total -= d.Units
	s.kill(s.unArc[i])
	for k, a := range s.arcs {
		if a.Demand == i && !s.arcGone[k] {
			s.arcGone[k] = true
			s.kill(s.arcOf[k])
		}
	}
	// Removing can only lower Big's requirement and the magnitudes: repair cannot fail.
	return wushe.WithOp(op, s.repair())
}

// RemoveSupply removes supply j and its arcs and re-optimises: the demands it served are
// re-matched. It fails with KindNotFound for an unknown or already removed supply.
func (s *Session) RemoveSupply(j int) error {
	const op = "match.Session.RemoveSupply"
	if j < 0 || j >= len(s.supplies) || s.sGone[j] {
		return wushe.E(op, wushe.KindNotFound, "Supply", "", "index %d is not a current supply", j)
	}
	s.sGone[j] = true
	delete(s.sIDs, s.supplies[j].ID)
	s.kill(s.supArc[j])
	for k, a := range s.arcs {
		if a.Supply == j && !s.arcGone[k] {
			s.arcGone[k] = true
			s.kill(s.arcOf[k])
		}
	}
	return wushe.WithOp(op, s.repair())
}

// Problem returns the current problem: every demand and supply ever added, in index order,
// a removed one with zero units, and the current arcs in the order they were added.
func (s *Session) Problem() *Problem {
	p := &Problem{Demands: make([]Demand, len(s.demands)), Supplies: make([]Supply, len(s.supplies))}
	copy(p.Demands, s.demands)
	copy(p.Supplies, s.supplies)
	for i := range p.Demands {
		if s.dGone[i] {
			p.Demands[i].Units = 0
		}
	}
	for j := range p.Supplies {
		if s.sGone[j] {
			p.Supplies[j].Units = 0
		}
	}
	for k, a := range s.arcs {
		if !s.arcGone[k] {
			p.Arcs = append(p.Arcs, a)
		}
	}
	return p
}

// DemandPairs returns the pairs of the current optimum that serve demand i, indexed like
// Solution's: Pair.Arc indexes Problem().Arcs. It costs a pass over the arcs' flags and
// allocates only the pairs, where Solution builds the whole answer, so a caller that
// placed one demand reads where it went cheaply. An index out of range has no pairs.
func (s *Session) DemandPairs(i int) []Pair {
	var pairs []Pair
	if i < 0 || i >= len(s.demands) {
		return nil
	}
	live := 0
	for k, a := range s.arcs {
		if s.arcGone[k] {
			continue
		}
		if a.Demand == i {
			if x := s.flow[s.arcOf[k]]; x > 0 {
				pairs = append(pairs, Pair{Arc: live, Demand: i, Supply: a.Supply, Units: x, Cost: a.Cost})
			}
		}
		live++
	}
	return pairs
}

// Solution returns the current optimum, indexed like Problem(): Pair.Arc indexes
// Problem().Arcs. Algorithm is SuccessiveShortestPaths; the duals follow Solve's convention.
func (s *Session) Solution() *Solution {
	sol := &Solution{Algorithm: SuccessiveShortestPaths, Reason: "incremental re-optimisation"}
	live := 0
	for k, a := range s.arcs {
		if s.arcGone[k] {
			continue
		}
		if x := s.flow[s.arcOf[k]]; x > 0 {
			sol.Pairs = append(sol.Pairs, Pair{Arc: live, Demand: a.Demand, Supply: a.Supply, Units: x, Cost: a.Cost})
			sol.Cost += x * a.Cost
		}
		live++
	}
	base := s.pot[sessionSink]
	sol.DemandPotential = make([]int64, len(s.demands))
	for i, d := range s.demands {
		sol.DemandPotential[i] = base - s.pot[s.dNode[i]]
		if s.dGone[i] {
			continue
		}
		u := s.flow[s.unArc[i]]
		sol.Unfilled += u
		sol.PenaltyCost += u * d.Penalty
	}
	sol.Filled = s.total - sol.Unfilled
	sol.SupplyPotential = make([]int64, len(s.supplies))
	for j := range s.supplies {
		sol.SupplyPotential[j] = base - s.pot[s.sNode[j]]
	}
	return sol
}
