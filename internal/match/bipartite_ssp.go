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
// Options.SearchBudget counts the nodes each search settles plus the sink, so it counts
// no more than the general solver would.

// bipartite is the state of successive shortest paths on a network.
//
// A search keeps its labels apart from the nodes: the first time it labels node v it
// gives v the next slot, and the slot holds v's tentative distance and predecessor; the
// heap holds slots. Besides the potentials, what a search reads and writes for a node it
// has not labelled yet is two bits and the node's slot number, all in small arrays, which
// matters because a search on a plentiful market labels every supply its demand names and
// settles only a few of them.
type bipartite struct {
	nw   *network
	sink int32

	unf     []int64       // units left unfilled, by demand rank
	excess  []int64       // units still to route, by demand rank
	deficit int64         // units the sink still takes
	sup     []supplyState // by supply rank
	// The arcs carrying flow are entries of flows, each in its demand's list (dHead) and
	// its supply's list (supplyState.head), both by position; free chains the unused
	// entries. Only those arcs have state, so a solve allocates nothing per arc.
	flows []flowEntry
	dHead []int32 // by demand rank: 1 + first entry (0: none)
	free  int32   // 1 + first unused entry (0: none)
	pairs int     // entries in use
	// anyEmpty says whether some supply has no units, so that a Cap-0 arc to it is full.
	anyEmpty bool

	pot []int64 // potential of demand i, supply D+j, sink D+S
	// nonzero has a bit set for every node whose potential may be non-zero, labelled one
	// for every node the current search labelled. A node with neither bit has potential 0
	// and no label.
	nonzero, labelled []uint64
	slot              []int32 // node → its slot, valid while its labelled bit is set
	labels            []label // by slot
	touched           []int32 // slot → node
	settled           []int32 // slots settled by the current search
	heap              dheap   // of slots
	// cur is the distance of the node being scanned.
	cur int64
	// While deferred (the scan of a search's source), the supplies it reaches get no
	// label and no heap entry: they are only recorded in lazy, in push order. The heap's
	// first pop is then the earliest entry of least key (lazy[lazyMin]), found without a
	// heap, and most searches on a plentiful market end right after it. pending says the
	// recorded entries must still be labelled and pushed, and that first pop repeated,
	// before the heap is used, so that it holds exactly what the general solver's heap
	// would, ties included.
	deferred, pending bool
	lazy              []lazyEntry
	lazyMin           int
	// budget, when >= 0, bounds the nodes all searches may settle; spent counts them.
	budget, spent int64
}

// supplyState is what a search reads of a supply it settles.
type supplyState struct {
	spare int64 // units not sent yet
	head  int32 // 1 + first entry of an arc carrying flow into the supply (0: none)
}

// flowEntry is an arc carrying flow: its position, its units and the next entries of its
// demand's and its supply's lists.
type flowEntry struct {
	units        int64
	pos          int32
	nextD, nextS int32 // 1 + entry index (0: none)
}

// lazyEntry is a recorded push of node with key, reached by pred.
type lazyEntry struct {
	key        int64
	node, pred int32
}

// label is a search's label of a node.
type label struct {
	dist int64 // tentative distance
	pred int32 // arc position it was reached by (for the sink: the node it was reached from)
	done bool  // settled
}

func newBipartite(nw *network, budget int64) *bipartite {
	D, S := nw.D, nw.S
	n := D + S + 1
	words := (n + 63) / 64
	b := &bipartite{
		nw:       nw,
		sink:     int32(D + S),
		unf:      make([]int64, D),
		excess:   make([]int64, D),
		deficit:  nw.total,
		sup:      make([]supplyState, S),
		dHead:    make([]int32, D),
		pot:      make([]int64, n),
		nonzero:  make([]uint64, words),
		labelled: make([]uint64, words),
		slot:     make([]int32, n),
		budget:   budget,
	}
	for i := range D {
		b.excess[i] = nw.demand(i).Units
	}
	for j := range S {
		u := nw.supply(j).Units
		b.sup[j].spare = u
		b.anyEmpty = b.anyEmpty || u == 0
	}
	// Initial potentials make every arc out of a demand non-negative in reduced cost.
	if nw.minCost < 0 {
		for k := range nw.p.Arcs {
			if x := &nw.p.Arcs[k]; x.Cost < 0 {
				i := nw.demandRank(x.Demand)
				b.pot[i] = max(b.pot[i], -x.Cost)
				b.nonzero[i/64] |= 1 << (i % 64)
			}
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
	// Demands by rank, each list by position: the flows come out by position.
	flows := make([]posUnits, 0, b.pairs)
	for _, e := range b.dHead {
		for ; e != 0; e = b.flows[e-1].nextD {
			flows = append(flows, posUnits{pos: int(b.flows[e-1].pos), units: b.flows[e-1].units})
		}
	}
	return b.nw.solution(flows, b.unf, b.pot, SuccessiveShortestPaths, reason)
}

// arc is the Problem's arc at position k.
func (b *bipartite) arc(k int32) *Arc {
	if ao := b.nw.arcOrder; ao != nil {
		return &b.nw.p.Arcs[ao[k]]
	}
	return &b.nw.p.Arcs[k]
}

// relax labels node w with distance base + c − pot[w], reached by pred, unless it is
// settled or already has a label at most that; a new or better label goes on the heap.
func (b *bipartite) relax(w int32, base, c int64, pred int32) {
	word, bit := w>>6, uint64(1)<<(w&63)
	seen := b.labelled[word]&bit != 0
	if !seen && b.nonzero[word]&bit == 0 {
		// Potential 0 and no label yet: nothing of w's to read.
		b.newLabel(w, base+c, pred)
		return
	}
	nd := base + c - b.pot[w]
	if !seen {
		b.newLabel(w, nd, pred)
		return
	}
	sl := b.slot[w]
	l := &b.labels[sl]
	if !l.done && nd < l.dist {
		l.dist, l.pred = nd, pred
		b.push(w, nd, sl)
	}
}

func (b *bipartite) newLabel(w int32, nd int64, pred int32) {
	b.push(w, nd, b.label(w, nd, pred))
}

// label gives node w a slot with the label (nd, pred) and returns the slot.
func (b *bipartite) label(w int32, nd int64, pred int32) int32 {
	sl := int32(len(b.labels))
	b.labelled[w>>6] |= 1 << (w & 63)
	b.slot[w] = sl
	b.labels = append(b.labels, label{dist: nd, pred: pred})
	b.touched = append(b.touched, w)
	return sl
}

// record notes, while deferred, a push of node w with key nd reached by pred.
func (b *bipartite) record(w int32, nd int64, pred int32) {
	if len(b.lazy) == 0 || nd < b.lazy[b.lazyMin].key {
		b.lazyMin = len(b.lazy)
	}
	b.lazy = append(b.lazy, lazyEntry{key: nd, node: w, pred: pred})
}

// push puts node w's slot sl on the heap with key nd.
func (b *bipartite) push(w int32, nd int64, sl int32) {
	if w == b.sink && nd == b.cur {
		// The search ends after this scan (the sink's arcs come last), so the entry
		// would never be popped.
		return
	}
	if b.deferred {
		b.record(w, nd, -1)
		return
	}
	if b.pending {
		b.materialize()
	}
	b.heap.push(nd, sl)
}

// materialize labels and pushes the recorded entries, then repeats the first pop.
func (b *bipartite) materialize() {
	b.pending = false
	for _, e := range b.lazy {
		var sl int32
		if w := e.node; b.labelled[w>>6]&(1<<(w&63)) != 0 {
			sl = b.slot[w] // the sink, or the node of the first pop
		} else {
			sl = b.label(w, e.key, e.pred)
		}
		b.heap.push(e.key, sl)
	}
	b.heap.pop()
}

// augmentFrom runs one Dijkstra from demand s to the sink, updates the potentials and
// augments along the path found.
func (b *bipartite) augmentFrom(s int32) {
	nw := b.nw
	p, D, sink := nw.p, int32(nw.D), b.sink
	arcs, ao, sRank, dRank := p.Arcs, nw.arcOrder, nw.sRank, nw.dRank
	h := &b.heap
	h.reset()
	b.labels, b.touched, b.settled, b.lazy = b.labels[:0], b.touched[:0], b.settled[:0], b.lazy[:0]
	// The source is pushed and popped at once; its scan's pushes are deferred.
	b.labelled[s>>6] |= 1 << (s & 63)
	b.slot[s] = 0
	b.labels = append(b.labels, label{pred: -1})
	b.touched = append(b.touched, s)
	b.deferred, b.pending = true, false
	sl, d := int32(0), int64(0)
	found := false
	var dist int64
	for {
		l := &b.labels[sl]
		v := b.touched[sl]
		if v == sink {
			found, dist = true, d
			break
		}
		l.done = true
		b.settled = append(b.settled, sl)
		b.cur = d
		base := d + b.pot[v]
		if v < D {
			// A demand: its arcs by supply rank, then its unfilled arc.
			dem := nw.demand(int(v))
			units := dem.Units
			e := b.dHead[v] // the next entry of v's, by position
			for k := nw.start[v]; k < nw.start[v+1]; k++ {
				var x *Arc
				if ao == nil {
					x = &arcs[k]
				} else {
					x = &arcs[ao[k]]
				}
				var f int64
				if e != 0 {
					for e != 0 && b.flows[e-1].pos < k {
						e = b.flows[e-1].nextD
					}
					if e != 0 && b.flows[e-1].pos == k {
						f = b.flows[e-1].units
					}
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
				w := D + int32(j)
				if !b.deferred {
					b.relax(w, base, x.Cost, k)
					continue
				}
				// The source's scan: w has no label yet.
				nd := base + x.Cost
				if b.nonzero[w>>6]&(1<<(w&63)) != 0 {
					nd -= b.pot[w]
				}
				b.record(w, nd, k)
			}
			if b.unf[v] < units {
				pen := dem.Penalty
				if pen == 0 {
					pen = nw.big
				}
				b.relax(sink, base, pen, v)
			}
		} else {
			// A supply: the arcs carrying flow into it, by position, then its arc to the sink.
			j := v - D
			sj := &b.sup[j]
			for e := sj.head; e != 0; e = b.flows[e-1].nextS {
				k := b.flows[e-1].pos
				x := b.arc(k)
				i := x.Demand
				if dRank != nil {
					i = dRank[i]
				}
				b.relax(int32(i), base, -x.Cost, k)
			}
			if sj.spare > 0 {
				b.relax(sink, base, 0, v)
			}
		}
		if b.labelled[sink>>6]&(1<<(sink&63)) != 0 && b.labels[b.slot[sink]].dist == d {
			found, dist = true, d
			break
		}
		if b.deferred {
			// The source's scan is over: the heap's first pop is the earliest entry of
			// least key.
			b.deferred, b.pending = false, true
			if len(b.lazy) == 0 {
				break
			}
			e := b.lazy[b.lazyMin]
			if w := e.node; b.labelled[w>>6]&(1<<(w&63)) != 0 {
				sl = b.slot[w] // the sink
			} else {
				sl = b.label(w, e.key, e.pred)
			}
			d = e.key
			continue
		}
		if b.pending {
			b.materialize()
		}
		next := false
		for h.len() > 0 {
			d, sl = h.pop()
			if l := &b.labels[sl]; !l.done && d <= l.dist {
				next = true
				break
			}
		}
		if !next {
			break
		}
	}
	if !found {
		panic("match: a demand with units always reaches the sink by its unfilled arc")
	}
	for _, v := range b.touched {
		b.labelled[v>>6] &^= 1 << (v & 63)
	}
	b.spent += int64(len(b.settled)) + 1
	// Potentials: pot[v] += min(dist[v], D) − D, only settled nodes change.
	for _, sl := range b.settled {
		if l := &b.labels[sl]; l.dist != dist {
			v := b.touched[sl]
			b.pot[v] += l.dist - dist
			b.nonzero[v>>6] |= 1 << (v & 63)
		}
	}
	b.augment(s)
}

// augment sends as much as the path the last search found allows, from s to the sink.
func (b *bipartite) augment(s int32) {
	nw, D := b.nw, int32(b.nw.D)
	pred := func(v int32) int32 { return b.labels[b.slot[v]].pred }
	// Bottleneck: the arc into the sink, then back along the predecessors.
	delta := min(b.excess[s], b.deficit)
	last := pred(b.sink)
	if last < D {
		delta = min(delta, nw.demand(int(last)).Units-b.unf[last])
	} else {
		delta = min(delta, b.sup[last-D].spare)
	}
	for v := last; v != s; {
		k := pred(v)
		x := b.arc(k)
		if v >= D { // reached by the arc at k, forward
			i := int32(nw.demandRank(x.Demand))
			f := int64(0)
			if e := b.find(i, k); e != 0 {
				f = b.flows[e-1].units
			}
			delta = min(delta, nw.capacity(x)-f)
			v = i
		} else { // reached by the arc at k, backward
			delta = min(delta, b.flows[b.find(v, k)-1].units)
			v = D + int32(nw.supplyRank(x.Supply))
		}
	}
	if last < D {
		b.unf[last] += delta
	} else {
		b.sup[last-D].spare -= delta
	}
	for v := last; v != s; {
		k := pred(v)
		x := b.arc(k)
		if v >= D {
			i := int32(nw.demandRank(x.Demand))
			e := b.find(i, k)
			if e == 0 {
				e = b.link(i, v-D, k)
			}
			b.flows[e-1].units += delta
			v = i
		} else {
			j := int32(nw.supplyRank(x.Supply))
			e := b.find(v, k)
			if b.flows[e-1].units -= delta; b.flows[e-1].units == 0 {
				b.unlink(v, j, e)
			}
			v = D + j
		}
	}
	b.excess[s] -= delta
	b.deficit -= delta
}

// find returns 1 + the entry of the arc at position k in demand i's list, or 0.
func (b *bipartite) find(i, k int32) int32 {
	e := b.dHead[i]
	for e != 0 && b.flows[e-1].pos < k {
		e = b.flows[e-1].nextD
	}
	if e != 0 && b.flows[e-1].pos == k {
		return e
	}
	return 0
}

// link makes an entry for the arc at position k, from demand i to supply j, puts it in
// both lists by position and returns 1 + its index.
func (b *bipartite) link(i, j, k int32) int32 {
	var e int32
	if b.free != 0 {
		e = b.free
		b.free = b.flows[e-1].nextD
	} else {
		b.flows = append(b.flows, flowEntry{})
		e = int32(len(b.flows))
	}
	b.flows[e-1] = flowEntry{pos: k}
	at := &b.dHead[i]
	for *at != 0 && b.flows[*at-1].pos < k {
		at = &b.flows[*at-1].nextD
	}
	b.flows[e-1].nextD, *at = *at, e
	at = &b.sup[j].head
	for *at != 0 && b.flows[*at-1].pos < k {
		at = &b.flows[*at-1].nextS
	}
	b.flows[e-1].nextS, *at = *at, e
	b.pairs++
	return e
}

// unlink takes entry e, of an arc from demand i to supply j, out of both lists and frees it.
func (b *bipartite) unlink(i, j, e int32) {
	at := &b.dHead[i]
	for *at != e {
		at = &b.flows[*at-1].nextD
	}
	*at = b.flows[e-1].nextD
	at = &b.sup[j].head
	for *at != e {
		at = &b.flows[*at-1].nextS
	}
	*at = b.flows[e-1].nextS
	b.flows[e-1] = flowEntry{nextD: b.free}
	b.free = e
	b.pairs--
}
