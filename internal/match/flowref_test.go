package match

// refMinCostFlow is an independent reference for tests: a feasible flow from Edmonds-Karp
// max flow through a super source and sink, then Bellman-Ford negative-cycle canceling.
// It returns ok=false when the supplies cannot be routed.
func refMinCostFlow(g *Graph) (cost int64, ok bool) {
	n := len(g.Supply)
	S, T := n, n+1
	type edge struct {
		to   int
		cap  int64
		cost int64
	}
	var es []edge
	adj := make([][]int, n+2)
	add := func(u, v int, c, w int64) {
		adj[u] = append(adj[u], len(es))
		es = append(es, edge{v, c, w})
		adj[v] = append(adj[v], len(es))
		es = append(es, edge{u, 0, -w})
	}
	for _, a := range g.Arcs {
		add(a.From, a.To, a.Cap, a.Cost)
	}
	var need int64
	for v, s := range g.Supply {
		if s > 0 {
			add(S, v, s, 0)
			need += s
		} else if s < 0 {
			add(v, T, -s, 0)
		}
	}
	var got int64
	for {
		prev := make([]int, n+2)
		for i := range prev {
			prev[i] = -1
		}
		prev[S] = -2
		q := []int{S}
		for len(q) > 0 && prev[T] == -1 {
			u := q[0]
			q = q[1:]
			for _, id := range adj[u] {
				if es[id].cap > 0 && prev[es[id].to] == -1 {
					prev[es[id].to] = id
					q = append(q, es[id].to)
				}
			}
		}
		if prev[T] == -1 {
			break
		}
		d := int64(1 << 62)
		for v := T; v != S; v = es[prev[v]^1].to {
			d = min(d, es[prev[v]].cap)
		}
		for v := T; v != S; v = es[prev[v]^1].to {
			es[prev[v]].cap -= d
			es[prev[v]^1].cap += d
		}
		got += d
	}
	if got != need {
		return 0, false
	}
	// Cancel negative cycles (among the original nodes; S and T edges are fixed now).
	N := n + 2
	for {
		dist := make([]int64, N)
		pred := make([]int, N)
		for i := range pred {
			pred[i] = -1
		}
		x := -1
		for it := 0; it < N; it++ {
			x = -1
			for id, e := range es {
				if e.cap <= 0 {
					continue
				}
				u := es[id^1].to
				if dist[u]+e.cost < dist[e.to] {
					dist[e.to] = dist[u] + e.cost
					pred[e.to] = id
					x = e.to
				}
			}
			if x < 0 {
				break
			}
		}
		if x < 0 {
			break
		}
		for i := 0; i < N; i++ {
			x = es[pred[x]^1].to
		}
		d := int64(1 << 62)
		for v := x; ; {
			id := pred[v]
			d = min(d, es[id].cap)
			v = es[id^1].to
			if v == x {
				break
			}
		}
		for v := x; ; {
			id := pred[v]
			es[id].cap -= d
			es[id^1].cap += d
			v = es[id^1].to
			if v == x {
				break
			}
		}
	}
	for i, a := range g.Arcs {
		cost += es[2*i+1].cap * a.Cost
	}
	return cost, true
}
