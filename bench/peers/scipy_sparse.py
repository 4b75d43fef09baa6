#!/usr/bin/python3
"""scipy_sparse: scipy.sparse.csgraph.min_weight_full_bipartite_matching on a DIMACS file
written by bench/cmd/geninst, printing "s COST" and "c solve_ms N" like wushe's mcf.

The bipartite structure comes from the "c wushe bipartite D S" comment (demand i is node
2+i, supply j is node 2+D+j). The peer applies only when every node has one unit and every
demand can be matched; then the DIMACS objective equals the matching's cost. Otherwise it
prints "c skipped: ..." and exits with status 3 (scipy raises an error when no full
matching exists). scipy treats explicit zeros as missing edges, so every weight is shifted
by +1 and the shift (one per matched demand) is taken off the cost.

Run with Debian's /usr/bin/python3 (python3-scipy)."""

import sys
import time

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from dimacs import read_dimacs, skip


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: scipy_sparse.py FILE.dimacs")
    _, _, arcs, bip = read_dimacs(argv[1])
    if bip is None:
        skip("no 'c wushe bipartite' comment")
    d, s = bip
    sink = d + s + 2
    rows, cols, weights = [], [], []
    for t, h, lo, cap, cost in arcs:
        if t == 1 or h == sink:
            if cap != 1:
                skip("a node has more than one unit")
            continue
        rows.append(t - 2)
        cols.append(h - 2 - d)
        weights.append(cost)
    if d > s:
        skip("more demands than supplies")
    w = np.asarray(weights, dtype=np.int64)
    if len(w) and w.min() < 0:
        skip("negative costs")
    graph = csr_matrix((w + 1, (np.asarray(rows), np.asarray(cols))), shape=(d, s))
    start = time.perf_counter()
    try:
        r, c = min_weight_full_bipartite_matching(graph)
    except ValueError as e:
        skip("no full matching (%s)" % e)
    seconds = time.perf_counter() - start
    total = int(np.asarray(graph[r, c]).sum()) - len(r)
    print("s %d" % total)
    print("c solve_ms %.3f" % (seconds * 1000.0))


if __name__ == "__main__":
    main(sys.argv)
