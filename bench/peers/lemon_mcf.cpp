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
// Costs are long long unless a path of the network, (max |cost| + 1) x nodes, on top of
// LEMON's artificial arc cost (half the type's range), or the total cost could overflow it
// (a lexicographic network's "unfilled" arcs cost Big): then costs are __int128 and a
// line "c cost_type int128" says so.
//
// Build: g++ -O2 -std=c++17 -o lemon_mcf lemon_mcf.cpp
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <limits>
#include <lemon/dimacs.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

using Graph = lemon::SmartDigraph;
using Value = long long;

// run solves the network with costs of type Cost and prints the answer.
template <typename Cost>
int run(Graph& g, Graph::ArcMap<Value>& lower, Graph::ArcMap<Value>& cap, Graph::ArcMap<Value>& cost64,
        Graph::NodeMap<Value>& supply) {
  Graph::ArcMap<Cost> cost(g);
  for (Graph::ArcIt a(g); a != lemon::INVALID; ++a) cost[a] = cost64[a];
  std::clock_t cpu0 = std::clock();
  auto start = std::chrono::steady_clock::now();
  lemon::NetworkSimplex<Graph, Value, Cost> ns(g);
  ns.lowerMap(lower).upperMap(cap).costMap(cost).supplyMap(supply);
  auto status = ns.run();
  auto stop = std::chrono::steady_clock::now();
  double ms = std::chrono::duration<double, std::milli>(stop - start).count();
  double cpuMs = 1000.0 * static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;

  switch (status) {
  case lemon::NetworkSimplex<Graph, Value, Cost>::OPTIMAL: {
    __int128 total = ns.template totalCost<__int128>();
    bool neg = total < 0;
    unsigned __int128 u = neg ? -static_cast<unsigned __int128>(total) : static_cast<unsigned __int128>(total);
    char buf[64];
    int i = sizeof buf - 1;
    buf[i] = 0;
    do {
      buf[--i] = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    if (neg) buf[--i] = '-';
    std::printf("s %s\n", buf + i);
    std::printf("c solve_ms %.3f\n", ms);
    std::printf("c solve_cpu_ms %.3f\n", cpuMs);
    return 0;
  }
  case lemon::NetworkSimplex<Graph, Value, Cost>::INFEASIBLE:
    std::printf("s INFEASIBLE\n");
    return 1;
  default:
    std::printf("s UNBOUNDED\n");
    return 1;
  }
}

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

  // What a path may cost, (max |cost| + 1) x nodes, and a bound on the total cost,
  // Σ |cost| x cap, both in 128 bits.
  __int128 maxCost = 0, total = 0;
  for (Graph::ArcIt a(g); a != lemon::INVALID; ++a) {
    __int128 c = cost[a] < 0 ? -static_cast<__int128>(cost[a]) : cost[a];
    if (c > maxCost) maxCost = c;
    total += c * cap[a];
  }
  __int128 art = (maxCost + 1) * lemon::countNodes(g);
  const __int128 limit = std::numeric_limits<long long>::max() / 4;
  if (art <= limit && total <= limit) return run<long long>(g, lower, cap, cost, supply);
  std::printf("c cost_type int128\n");
  return run<__int128>(g, lower, cap, cost, supply);
}
