"""Reading the files bench/cmd/geninst writes, shared by the Python peers.

read_dimacs returns (nodes, supply, arcs, bipartite): supply maps a node to its DIMACS
supply, arcs lists (tail, head, low, cap, cost) in file order, and bipartite is (D, S) from
the "c wushe bipartite D S" comment, or None.
"""

import sys


def read_dimacs(path):
    nodes = 0
    supply = {}
    arcs = []
    bipartite = None
    with open(path) as f:
        for line in f:
            kind = line[:1]
            if kind == "a":
                _, t, h, lo, cap, cost = line.split()
                arcs.append((int(t), int(h), int(lo), int(cap), int(cost)))
            elif kind == "n":
                _, v, s = line.split()
                supply[int(v)] = int(s)
            elif kind == "p":
                _, _, n, _ = line.split()
                nodes = int(n)
            elif line.startswith("c wushe bipartite "):
                d, s = line.split()[3:5]
                bipartite = (int(d), int(s))
    return nodes, supply, arcs, bipartite


def report(cost, seconds):
    """Prints the result in the format every solver of the comparison uses."""
    print("s %d" % cost)
    print("c solve_ms %.3f" % (seconds * 1000.0))


def skip(reason):
    """Says the peer does not apply to the instance and exits with status 3."""
    print("c skipped: %s" % reason)
    sys.exit(3)
