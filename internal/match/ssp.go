package match

// Successive shortest paths with node potentials.
//
// The solver keeps a pseudo-flow whose residual network has no arc of negative reduced
// cost rc(e) = cost(e) + pot[tail] − pot[head]. It takes the nodes with excess in index
// order and, from each, runs Dijkstra on reduced costs until it settles the first node
// with a deficit, augments along that path and raises the potentials of the settled nodes,
// which keeps every reduced cost non-negative. The residual network is stored flat (CSR):
// edge 2a is arc a forward, edge 2a+1 its reverse, and the Dijkstra buffers are reused, so
// an augmentation allocates nothing.

// residual is the residual network of a Graph under a pseudo-flow.
type residual struct {
	n      int
	start  []int32 // start[v] … start[v+1] index adj
	adj    []int32 // edge ids grouped by tail
	head   []int32 // head of each edge
	cost   []int64 // cost of each edge (reverse edges have the negated cost)
	res    []int64 // residual capacity of each edge
	excess []int64 // supply − net outflow of each node
	node   []nodeState

	// Dijkstra state, reused across searches.
	round   uint32
	settled []int32
	heap    dheap
	// budget, when >= 0, bounds the nodes all searches may settle; spent counts them.
	budget, spent int64
	// spare, when not 0, makes a rebuild that must grow a buffer leave room for 1/spare
	// more (residualSpare for a Session's network, which grows a node at a time).
	spare int
}

// nodeState packs what a search reads and writes for one node, so that relaxing an edge
// touches one cache line of the head node.
type nodeState struct {
	pot   int64  // potential
	dist  int64  // tentative distance in the current search (valid when stamp = round)
	pred  int32  // edge the node was reached by
	stamp uint32 // search that last labelled the node
	done  uint32 // search that settled the node
}

// potentials returns a copy of the node potentials, in dst's array when it is large
// enough (dst may be nil).
func (r *residual) potentials(dst []int64) []int64 {
	p := resize(dst, r.n, 0)
	for v := range p {
		p[v] = r.node[v].pot
	}
	return p
}

// newResidual builds the residual network of g with the given flow (nil: zero) and
// potentials (nil: zero).
func newResidual(g *Graph, flow, pot []int64) *residual {
	r := &residual{budget: -1}
	r.rebuild(g, flow, pot)
	return r
}

// residualSpare is the spare of a Session's residual network: its buffers grow by an
// eighth more than needed, so that adding a node and its arcs at a time reallocates them
// only now and then.
const residualSpare = 8

// rebuild makes r the residual network of g with the given flow (nil: zero) and potentials
// (nil: zero), reusing r's buffers where they are large enough, so that a Session that
// repairs after every change does not allocate the network again each time. A buffer
// that must grow is given room for 1/r.spare more (none when r.spare is 0). The search
// budget is kept.
func (r *residual) rebuild(g *Graph, flow, pot []int64) {
	n, m := len(g.Supply), len(g.Arcs)
	spare := r.spare
	r.n = n
	r.start = resize(r.start, n+1, spare)
	r.adj = resize(r.adj, 2*m, spare)
	r.head = resize(r.head, 2*m, spare)
	r.cost = resize(r.cost, 2*m, spare)
	r.res = resize(r.res, 2*m, spare)
	r.excess = resize(r.excess, n, spare)
	r.node = resize(r.node, n, spare)
	copy(r.excess, g.Supply)
	for v := range pot {
		r.node[v].pot = pot[v]
	}
	deg := r.start[1:]
	for i, a := range g.Arcs {
		deg[a.From]++
		deg[a.To]++
		r.head[2*i] = int32(a.To)
		r.head[2*i+1] = int32(a.From)
		r.cost[2*i] = a.Cost
		r.cost[2*i+1] = -a.Cost
		var f int64
		if flow != nil {
			f = flow[i]
		}
		r.res[2*i] = a.Cap - f
		r.res[2*i+1] = f
		r.excess[a.From] -= f
		r.excess[a.To] += f
	}
	for v := 1; v <= n; v++ {
		r.start[v] += r.start[v-1]
	}
	// Fill adjacency in arc order so that each node scans its arcs in input order; the
	// counts of the last pass, shifted one node, are where each node's next edge goes.
	fill := resize(r.settled, n, spare)
	copy(fill, r.start[:n])
	for i, a := range g.Arcs {
		r.adj[fill[a.From]] = int32(2 * i)
		fill[a.From]++
		r.adj[fill[a.To]] = int32(2*i + 1)
		fill[a.To]++
	}
	r.settled = fill[:0]
}

// resize returns a slice of length n whose elements are zero, reusing b's array when it
// is large enough; a new array has room for n/spare more (spare 0: none).
func resize[T any](b []T, n, spare int) []T {
	if cap(b) < n {
		room := 0
		if spare > 0 {
			room = n / spare
		}
		return make([]T, n, n+room)
	}
	b = b[:n]
	clear(b)
	return b
}

// saturateNegative makes every residual edge of negative reduced cost full, by pushing its
// whole residual capacity (the excesses absorb the difference). Afterwards the pseudo-flow
// satisfies the SSP invariant for the current potentials.
func (r *residual) saturateNegative() {
	for e := range r.res {
		if r.res[e] > 0 {
			from := r.head[e^1]
			to := r.head[e]
			if r.cost[e]+r.node[from].pot-r.node[to].pot < 0 {
				d := r.res[e]
				r.res[e] = 0
				r.res[e^1] += d
				r.excess[from] -= d
				r.excess[to] += d
			}
		}
	}
}

// run augments from every node with excess until none is left. It returns the node whose
// excess could not reach a deficit, or −1 when every excess was routed, or −2 when the
// search budget ran out.
func (r *residual) run() int {
	for u := 0; u < r.n; u++ {
		for r.excess[u] > 0 {
			if !r.augmentFrom(int32(u)) {
				return u
			}
			if r.budget >= 0 && r.spent > r.budget {
				return -2
			}
		}
	}
	return -1
}

// augmentFrom runs one Dijkstra from s to the nearest node with a deficit, updates the
// potentials and augments. It reports false when no deficit is reachable.
func (r *residual) augmentFrom(s int32) bool {
	r.round++
	if r.round == 0 { // wrapped: clear the stamps once every 2^32 searches
		for v := range r.node {
			r.node[v].stamp, r.node[v].done = 0, 0
		}
		r.round = 1
	}
	round := r.round
	h := &r.heap
	h.reset()
	settled := r.settled[:0]
	nodes := r.node
	ns := &nodes[s]
	ns.dist, ns.stamp, ns.pred = 0, round, -1
	h.push(0, s)
	target := int32(-1)
	var D int64
	for h.len() > 0 {
		d, v := h.pop()
		nv := &nodes[v]
		if nv.done == round || d > nv.dist {
			continue
		}
		nv.done = round
		settled = append(settled, v)
		if r.excess[v] < 0 && v != s {
			target, D = v, d
			break
		}
		base := d + nv.pot
		for _, e := range r.adj[r.start[v]:r.start[v+1]] {
			if r.res[e] <= 0 {
				continue
			}
			w := r.head[e]
			nw := &nodes[w]
			if nw.done == round {
				continue
			}
			nd := base + r.cost[e] - nw.pot
			if nw.stamp != round || nd < nw.dist {
				nw.stamp, nw.dist, nw.pred = round, nd, e
				h.push(nd, w)
			}
		}
	}
	r.settled = settled
	r.spent += int64(len(settled))
	if target < 0 {
		return false
	}
	// Potentials: pot[v] += min(dist[v], D) − D, only settled nodes change.
	for _, v := range settled {
		nodes[v].pot += nodes[v].dist - D
	}
	// Bottleneck.
	delta := min(r.excess[s], -r.excess[target])
	for v := target; v != s; {
		e := nodes[v].pred
		delta = min(delta, r.res[e])
		v = r.head[e^1]
	}
	for v := target; v != s; {
		e := nodes[v].pred
		r.res[e] -= delta
		r.res[e^1] += delta
		v = r.head[e^1]
	}
	r.excess[s] -= delta
	r.excess[target] += delta
	return true
}

// flows reads the flows of the first m arcs back, into dst's array when it is large
// enough (dst may be nil).
func (r *residual) flows(dst []int64, m int) []int64 {
	f := resize(dst, m, 0)
	for a := range f {
		f[a] = r.res[2*a+1]
	}
	return f
}

// solveSSP solves g from scratch; g must be valid. pot, when not nil, are initial
// potentials (arcs of negative reduced cost are saturated first either way).
func solveSSP(g *Graph, pot []int64) (*Flow, error) {
	r := newResidual(g, nil, pot)
	r.saturateNegative()
	if u := r.run(); u >= 0 {
		return nil, errInfeasible(u)
	}
	flow := r.flows(nil, len(g.Arcs))
	return &Flow{Flow: flow, Potential: r.potentials(nil), Algorithm: SuccessiveShortestPaths}, nil
}

// dheap is a 4-ary min-heap of (distance, node) entries with lazy deletion: a node may be
// pushed several times and stale entries are skipped when popped. Ties pop in an order
// fixed by the push sequence, so searches are deterministic.
type dheap struct {
	key  []int64
	node []int32
}

func (h *dheap) reset()   { h.key, h.node = h.key[:0], h.node[:0] }
func (h *dheap) len() int { return len(h.key) }

func (h *dheap) push(k int64, v int32) {
	h.key = append(h.key, k)
	h.node = append(h.node, v)
	i := len(h.key) - 1
	for i > 0 {
		p := (i - 1) >> 2
		if h.key[p] <= k {
			break
		}
		h.key[i], h.node[i] = h.key[p], h.node[p]
		i = p
	}
	h.key[i], h.node[i] = k, v
}

func (h *dheap) pop() (int64, int32) {
	k0, v0 := h.key[0], h.node[0]
	last := len(h.key) - 1
	k, v := h.key[last], h.node[last]
	h.key, h.node = h.key[:last], h.node[:last]
	if last == 0 {
		return k0, v0
	}
	i := 0
	for {
		c := 4*i + 1
		if c >= last {
			break
		}
		best := c
		bk := h.key[c]
		end := min(c+4, last)
		for j := c + 1; j < end; j++ {
			if h.key[j] < bk {
				best, bk = j, h.key[j]
			}
		}
		if bk >= k {
			break
		}
		h.key[i], h.node[i] = bk, h.node[best]
		i = best
	}
	h.key[i], h.node[i] = k, v
	return k0, v0
}
