#!/usr/bin/python3
"""scipy_lap: scipy.optimize.linear_sum_assignment on a dense matrix file (first line
"rows cols", then rows of integers), printing "s COST" and "c solve_ms N" like wushe's
bench/cmd/lap. Pass -max to maximise. solve_ms covers the call only, not reading the file.

Run with Debian's /usr/bin/python3 (python3-scipy)."""

import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def main(argv):
    maximise = "-max" in argv[1:]
    files = [a for a in argv[1:] if a != "-max"]
    if len(files) != 1:
        sys.exit("usage: scipy_lap.py [-max] FILE")
    values = np.fromfile(files[0], dtype=np.int64, sep=" ")
    rows, cols = int(values[0]), int(values[1])
    cost = values[2:].reshape(rows, cols)
    start = time.perf_counter()
    r, c = linear_sum_assignment(cost, maximize=maximise)
    seconds = time.perf_counter() - start
    print("s %d" % int(cost[r, c].sum()))
    print("c solve_ms %.3f" % (seconds * 1000.0))


if __name__ == "__main__":
    main(sys.argv)
