package match

// Successive shortest paths on the bipartite Problem itself.
//
// Solve's flow network has a node per demand and per supply and a sink; every demand
// holds its units as excess and every unit ends at the sink, through a supply with spare
// units or through the demand's own "unfilled" arc. This solver runs the same algorithm as
// the general one in ssp.go on that network (the same node numbering, the same order of
// each node's arcs, the same heap, so the same ties and the same answer), without building
// it: a demand's arcs are the Problem's arcs at its positions (network.start), a supply's
// reverse arcs are kept only for the arcs that carry flow into it, in position order, and
// the sink's arcs are never scanned because the sink is always the target.
//
// Each search stops as soon as the sink's tentative distance equals the distance of the
// node just settled. The general solver goes on settling nodes at that same distance until
// it pops the sink, but those change nothing: their potential moves by dist − D = 0, and
// with non-negative reduced costs none of them can shorten the sink's path. The sink's
// potential never moves (it is settled last, at distance D), and a supply's potential only
// falls, so a supply with spare units has reduced cost 0 to the sink: the search ends at
// the first such supply it settles, after a handful of nodes when supply is plentiful.

// bipartite is the state of successive shortest paths on a network.
type bipartite struct {
	nw   *network
	sink int32

	flow    []int64 // units on the arc at each position
	unf     []int64 // units left unfilled, by demand rank
	used    []int64 // units sent, by supply rank
	excess  []int64 // units still to route, by demand rank
	deficit int64   // units the sink still takes
	revHead []int32 // supply rank → 1 + first position carrying flow into it (0: none)
	revNext []int32 // position → 1 + next position carrying flow into the same supply
	// anyEmpty says whether some supply has no units, so that a Cap-0 arc to it is full.
	anyEmpty bool

	node []nodeState // demand i, supply D+j, sink D+S
	// nonzero has a bit set for every node whose potential may be non-zero, labelled one
	// for every node labelled by the current search (touched lists them). A node with
	// neither bit has potential 0 and no label, so a search labels it without reading its
	// state: on a plentiful market that is nearly every arc scanned, and it keeps the
	// search out of the node array's cache misses.
	nonzero, labelled []uint64
	touched           []int32
	// busy counts, by demand rank, the arcs carrying flow; a demand with none skips
	// reading the flows.
	busy    []int32
	round   uint32
	settled []int32
	heap    dheap
	// budget, when >= 0, bounds the nodes all searches may settle; spent counts them.
	budget, spent int64
}

func newBipartite(nw *network, budget int64) *bipartite {
	D, S, m := nw.D, nw.S, len(nw.p.Arcs)
	b := &bipartite{
		nw:      nw,
		sink:    int32(D + S),
		flow:    make([]int64, m),
		unf:     make([]int64, D),
		used:    make([]int64, S),
		excess:  make([]int64, D),
		deficit: nw.total,
		revHead: make([]int32, S),
		revNext: make([]int32, m),
		node:    make([]nodeState, D+S+1),
		budget:  budget,
		busy:    make([]int32, D),
	}
	words := (D + S + 1 + 63) / 64
	b.nonzero, b.labelled = make([]uint64, words), make([]uint64, words)
	for i := range D {
		b.excess[i] = nw.demand(i).Units
	}
	for j := range nw.p.Supplies {
		if nw.p.Supplies[j].Units == 0 {
			b.anyEmpty = true
			break
		}
	}
	// Initial potentials make every arc out of a demand non-negative in reduced cost.
	for k := range nw.p.Arcs {
		x := &nw.p.Arcs[k]
		if x.Cost < 0 {
			i := nw.demandRank(x.Demand)
			v := &b.node[i]
			v.pot = max(v.pot, -x.Cost)
			b.nonzero[i/64] |= 1 << (i % 64)
		}
	}
	return b
}

// runSSP solves nw by successive shortest paths; with budget >= 0 it returns nil once the
// searches have settled more than budget nodes.
func (nw *network) runSSP(budget int64) *bipartite {
	b := newBipartite(nw, budget)
	for i := range nw.D {
		for b.excess[i] > 0 {
			b.augmentFrom(int32(i))
			if b.budget >= 0 && b.spent > b.budget {
				return nil
			}
		}
	}
	return b
}

// solution reads the answer back into a Solution.
func (b *bipartite) solution(reason string) *Solution {
	node, sink := b.node, b.sink
	return b.nw.solution(b.flow, b.unf, func(v int) int64 { return node[sink].pot - node[v].pot }, SuccessiveShortestPaths, reason)
}

// arc is the Problem's arc at position k.
func (b *bipartite) arc(k int32) *Arc {
	if ao := b.nw.arcOrder; ao != nil {
		return &b.nw.p.Arcs[ao[k]]
	}
	return &b.nw.p.Arcs[k]
}

// augmentFrom runs one Dijkstra from demand s to the sink, updates the potentials and
// augments along the path found.
func (b *bipartite) augmentFrom(s int32) {
	nw := b.nw
	p, D := nw.p, int32(nw.D)
	arcs, ao, sRank, dRank := p.Arcs, nw.arcOrder, nw.sRank, nw.dRank
	b.round++
	if b.round == 0 { // wrapped: clear the stamps once every 2^32 searches
		for v := range b.node {
			b.node[v].stamp, b.node[v].done = 0, 0
		}
		b.round = 1
	}
	round, sink := b.round, b.sink
	h := &b.heap
	h.reset()
	settled := b.settled[:0]
	nodes := b.node
	ns := &nodes[s]
	ns.dist, ns.stamp, ns.pred = 0, round, -1
	h.push(0, s)
	nonzero, labelled, touched := b.nonzero, b.labelled, b.touched[:0]
	labelled[s>>6] |= 1 << (s & 63)
	touched = append(touched, s)
	// relax labels w with distance base + c − pot[w] reached by pred, as the general
	// solver does.
	relax := func(w int32, base, c int64, pred int32) {
		word, bit := w>>6, uint64(1)<<(w&63)
		nx := &nodes[w]
		if (nonzero[word]|labelled[word])&bit == 0 {
			// Potential 0 and no label yet.
			labelled[word] |= bit
			touched = append(touched, w)
			nd := base + c
			nx.stamp, nx.dist, nx.pred = round, nd, pred
			h.push(nd, w)
			return
		}
		if nx.done == round {
			return
		}
		nd := base + c - nx.pot
		if nx.stamp != round || nd < nx.dist {
			if nx.stamp != round {
				labelled[word] |= bit
				touched = append(touched, w)
			}
			nx.stamp, nx.dist, nx.pred = round, nd, pred
			h.push(nd, w)
		}
	}
	found := false
	var dist int64
	for h.len() > 0 {
		d, v := h.pop()
		nv := &nodes[v]
		if nv.done == round || d > nv.dist {
			continue
		}
		if v == sink {
			found, dist = true, d
			break
		}
		nv.done = round
		settled = append(settled, v)
		base := d + nv.pot
		if v < D {
			// A demand: its arcs by supply rank, then its unfilled arc.
			dem := nw.demand(int(v))
			units := dem.Units
			idle := b.busy[v] == 0
			for k := nw.start[v]; k < nw.start[v+1]; k++ {
				var x *Arc
				if ao == nil {
					x = &arcs[k]
				} else {
					x = &arcs[ao[k]]
				}
				var f int64
				if !idle {
					f = b.flow[k]
				}
				switch {
				case x.Cap != 0:
					if f >= x.Cap {
						continue
					}
				case f == 0:
					if units == 0 || (b.anyEmpty && p.Supplies[x.Supply].Units == 0) {
						continue
					}
				default:
					if f >= min(units, p.Supplies[x.Supply].Units) {
						continue
					}
				}
				j := x.Supply
				if sRank != nil {
					j = sRank[j]
				}
				relax(D+int32(j), base, x.Cost, k)
			}
			if b.unf[v] < units {
				pen := dem.Penalty
				if pen == 0 {
					pen = nw.big
				}
				relax(sink, base, pen, v)
			}
		} else {
			// A supply: the arcs carrying flow into it, by position, then its arc to the sink.
			j := v - D
			for k := b.revHead[j] - 1; k >= 0; k = b.revNext[k] - 1 {
				x := b.arc(k)
				i := x.Demand
				if dRank != nil {
					i = dRank[i]
				}
				relax(int32(i), base, -x.Cost, k)
			}
			if b.used[j] < nw.supply(int(j)).Units {
				relax(sink, base, 0, v)
			}
		}
		if t := &nodes[sink]; t.stamp == round && t.dist == d {
			found, dist = true, d
			break
		}
	}
	if !found {
		panic("match: a demand with units always reaches the sink by its unfilled arc")
	}
	for _, v := range touched {
		labelled[v>>6] &^= 1 << (v & 63)
	}
	b.settled, b.touched = settled, touched
	b.spent += int64(len(settled)) + 1
	// Potentials: pot[v] += min(dist[v], D) − D, only settled nodes change.
	for _, v := range settled {
		if nv := &nodes[v]; nv.dist != dist {
			nv.pot += nv.dist - dist
			nonzero[v>>6] |= 1 << (v & 63)
		}
	}
	// Bottleneck: the arc into the sink, then back along the predecessors.
	delta := min(b.excess[s], b.deficit)
	last := nodes[sink].pred
	if last < D {
		delta = min(delta, nw.demand(int(last)).Units-b.unf[last])
	} else {
		delta = min(delta, nw.supply(int(last-D)).Units-b.used[last-D])
	}
	for v := last; v != s; {
		k := nodes[v].pred
		x := b.arc(k)
		if v >= D { // reached by the arc at k, forward
			delta = min(delta, nw.capacity(x)-b.flow[k])
			v = int32(nw.demandRank(x.Demand))
		} else { // reached by the arc at k, backward
			delta = min(delta, b.flow[k])
			v = D + int32(nw.supplyRank(x.Supply))
		}
	}
	if last < D {
		b.unf[last] += delta
	} else {
		b.used[last-D] += delta
	}
	for v := last; v != s; {
		k := nodes[v].pred
		x := b.arc(k)
		if v >= D {
			i := int32(nw.demandRank(x.Demand))
			if b.flow[k] == 0 {
				b.link(v-D, k)
				b.busy[i]++
			}
			b.flow[k] += delta
			v = i
		} else {
			j := int32(nw.supplyRank(x.Supply))
			b.flow[k] -= delta
			if b.flow[k] == 0 {
				b.unlink(j, k)
				b.busy[v]--
			}
			v = D + j
		}
	}
	b.excess[s] -= delta
	b.deficit -= delta
}

// link adds position k to supply j's list of arcs carrying flow, keeping it by position.
func (b *bipartite) link(j, k int32) {
	at := &b.revHead[j]
	for *at != 0 && *at-1 < k {
		at = &b.revNext[*at-1]
	}
	b.revNext[k] = *at
	*at = k + 1
}

// unlink removes position k from supply j's list.
func (b *bipartite) unlink(j, k int32) {
	at := &b.revHead[j]
	for *at-1 != k {
		at = &b.revNext[*at-1]
	}
	*at = b.revNext[k]
	b.revNext[k] = 0
}
