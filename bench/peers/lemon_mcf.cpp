// lemon_mcf: solves a DIMACS min-cost-flow file with LEMON 1.3.1's NetworkSimplex (block
// search pivoting, LEMON's default) and prints the optimum like wushe's bench/cmd/mcf:
//
//   s COST
//   c solve_ms N
//   c solve_cpu_ms N
//
// solve_ms covers the solve only (building the solver and running it), not reading the
// file; solve_cpu_ms is the CPU time the process spent on the same span (std::clock). An infeasible or unbounded problem prints "s INFEASIBLE" or "s UNBOUNDED" and exits 1.
//
// Build: g++ -O2 -std=c++17 -o lemon_mcf lemon_mcf.cpp
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <lemon/dimacs.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

using Graph = lemon::SmartDigraph;
using Value = long long;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: lemon_mcf FILE.dimacs\n");
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "lemon_mcf: cannot open %s\n", argv[1]);
    return 2;
  }
  Graph g;
  Graph::ArcMap<Value> lower(g), cap(g), cost(g);
  Graph::NodeMap<Value> supply(g);
  lemon::readDimacsMin(in, g, lower, cap, cost, supply);

  std::clock_t cpu0 = std::clock();
  auto start = std::chrono::steady_clock::now();
  lemon::NetworkSimplex<Graph, Value, Value> ns(g);
  ns.lowerMap(lower).upperMap(cap).costMap(cost).supplyMap(supply);
  auto status = ns.run();
  auto stop = std::chrono::steady_clock::now();
  double ms = std::chrono::duration<double, std::milli>(stop - start).count();
  double cpuMs = 1000.0 * static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;

  switch (status) {
  case lemon::NetworkSimplex<Graph, Value, Value>::OPTIMAL:
    std::printf("s %lld\n", static_cast<long long>(ns.totalCost<Value>()));
    std::printf("c solve_ms %.3f\n", ms);
    std::printf("c solve_cpu_ms %.3f\n", cpuMs);
    return 0;
  case lemon::NetworkSimplex<Graph, Value, Value>::INFEASIBLE:
    std::printf("s INFEASIBLE\n");
    return 1;
  default:
    std::printf("s UNBOUNDED\n");
    return 1;
  }
}
