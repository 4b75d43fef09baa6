#!/usr/bin/python3
"""nx_mcf: networkx.network_simplex on a DIMACS min-cost-flow file, printing "s COST" and
"c solve_ms N" like wushe's mcf. It is 100-1000x slower than LEMON, so compare.sh runs it
only on small and medium instances. solve_ms covers the solve only, not building the graph.

Run with Debian's /usr/bin/python3 (python3-networkx)."""

import sys
import time

import networkx as nx

from dimacs import read_dimacs, report


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: nx_mcf.py FILE.dimacs")
    nodes, supply, arcs, _ = read_dimacs(argv[1])
    g = nx.DiGraph()
    for v in range(1, nodes + 1):
        # networkx's demand is the negated DIMACS supply.
        g.add_node(v, demand=-supply.get(v, 0))
    base = 0
    for t, h, lo, cap, cost in arcs:
        if g.has_edge(t, h):
            sys.exit("nx_mcf: parallel arcs are not supported")
        if lo != 0:
            # Send the lower bound up front and keep the rest as capacity.
            g.nodes[t]["demand"] += lo
            g.nodes[h]["demand"] -= lo
            base += lo * cost
        g.add_edge(t, h, capacity=cap - lo, weight=cost)
    start = time.perf_counter()
    try:
        cost, _ = nx.network_simplex(g)
    except nx.NetworkXUnfeasible:
        print("s INFEASIBLE")
        sys.exit(1)
    seconds = time.perf_counter() - start
    report(base + cost, seconds)


if __name__ == "__main__":
    main(sys.argv)
