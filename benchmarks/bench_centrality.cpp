// Path and spectral centrality on seeded synthetic organisations: the graph of
// ona.synthetic_org(people=P, departments=40, weeks=4) + build_graph (directed,
// count weights), P = 2,000 (43,410 ties) and 20,000 (575,485 ties); threads 1 and 2.
// Wall clock (UseRealTime).
//   betweenness and edge betweenness (exact, unweighted), closeness, harmonic:
//       items/s = ties x sources (every person is a source): tie visits per second
//   pagerank (unweighted, tol 1e-6): items/s = ties x iterations
//   approx_betweenness (undirected view, epsilon 0.05, delta 0.1, seed 0:
//       benchmarks/compare's setting): items/s = sampled pairs
// The 20k betweenness case takes ~10-20 s per iteration: it runs once.
//
//   ./bench_centrality                                  # all cases
//   ./bench_centrality --benchmark_filter=2k            # the small graph only
//   ./bench_centrality --benchmark_filter='betweenness_20k'

#include <onakit/centrality/betweenness.hpp>
#include <onakit/centrality/closeness.hpp>
#include <onakit/centrality/edge_betweenness.hpp>
#include <onakit/centrality/spectral.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/synthetic/synthetic_org.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <utility>

namespace {

const onakit::graph& org_graph(std::uint32_t people, bool directed = true) {
  static std::map<std::pair<std::uint32_t, bool>, onakit::graph> cache;
  auto it = cache.find({people, directed});
  if (it == cache.end()) {
    onakit::synthetic_org_options o;
    o.people = people;
    o.departments = 40;
    o.weeks = 4;
    o.seed = 0;
    const auto org = onakit::make_synthetic_org(o);
    onakit::build_options b;
    b.directed = directed;
    it = cache.emplace(std::pair{people, directed}, onakit::build_graph(org.log, b).graph).first;
  }
  return it->second;
}

void counters(benchmark::State& state, const onakit::graph& g, double per_iteration_items) {
  state.SetItemsProcessed(static_cast<std::int64_t>(per_iteration_items * static_cast<double>(state.iterations())));
  state.counters["people"] = static_cast<double>(g.num_vertices());
  state.counters["ties"] = static_cast<double>(g.num_edges());
}

void betweenness(benchmark::State& state, std::uint32_t people) {
  const auto& g = org_graph(people);
  onakit::betweenness_options o;
  o.threads = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(onakit::betweenness(g, o));
  counters(state, g, static_cast<double>(g.num_edges()) * g.num_vertices());
}

void approx_betweenness(benchmark::State& state, std::uint32_t people) {
  const auto& g = org_graph(people, false);
  onakit::betweenness_options o;
  o.approximate = true;
  o.epsilon = 0.05;
  o.delta = 0.1;
  o.threads = static_cast<int>(state.range(0));
  std::uint64_t samples = 0;
  for (auto _ : state) {
    auto r = onakit::betweenness(g, o);
    samples = r.samples;
    benchmark::DoNotOptimize(r);
  }
  counters(state, g, static_cast<double>(samples));
  state.counters["samples"] = static_cast<double>(samples);
}

void edge_betweenness(benchmark::State& state, std::uint32_t people) {
  const auto& g = org_graph(people);
  onakit::edge_betweenness_options o;
  o.threads = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(onakit::edge_betweenness(g, o));
  counters(state, g, static_cast<double>(g.num_edges()) * g.num_vertices());
}

void closeness(benchmark::State& state, std::uint32_t people) {
  const auto& g = org_graph(people);
  onakit::closeness_options o;
  o.threads = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(onakit::closeness(g, o));
  counters(state, g, static_cast<double>(g.num_edges()) * g.num_vertices());
}

void harmonic(benchmark::State& state, std::uint32_t people) {
  const auto& g = org_graph(people);
  onakit::harmonic_options o;
  o.threads = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(onakit::harmonic(g, o));
  counters(state, g, static_cast<double>(g.num_edges()) * g.num_vertices());
}

void pagerank(benchmark::State& state, std::uint32_t people) {
  const auto& g = org_graph(people);
  onakit::pagerank_options o;
  o.weighted = false;
  o.tol = 1e-6;
  o.threads = static_cast<int>(state.range(0));
  std::uint32_t iterations = 0;
  for (auto _ : state) {
    auto r = onakit::pagerank(g, o);
    iterations = r.iterations;
    benchmark::DoNotOptimize(r);
  }
  counters(state, g, static_cast<double>(g.num_edges()) * iterations);
  state.counters["iterations"] = iterations;
}

void BM_betweenness_2k(benchmark::State& s) { betweenness(s, 2'000); }
void BM_betweenness_20k(benchmark::State& s) { betweenness(s, 20'000); }
void BM_approx_betweenness_2k(benchmark::State& s) { approx_betweenness(s, 2'000); }
void BM_approx_betweenness_20k(benchmark::State& s) { approx_betweenness(s, 20'000); }
void BM_edge_betweenness_2k(benchmark::State& s) { edge_betweenness(s, 2'000); }
void BM_closeness_2k(benchmark::State& s) { closeness(s, 2'000); }
void BM_closeness_20k(benchmark::State& s) { closeness(s, 20'000); }
void BM_harmonic_2k(benchmark::State& s) { harmonic(s, 2'000); }
void BM_harmonic_20k(benchmark::State& s) { harmonic(s, 20'000); }
void BM_pagerank_2k(benchmark::State& s) { pagerank(s, 2'000); }
void BM_pagerank_20k(benchmark::State& s) { pagerank(s, 20'000); }

void threads(benchmark::internal::Benchmark* b) {
  b->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
}

}  // namespace

BENCHMARK(BM_betweenness_2k)->Apply(threads);
BENCHMARK(BM_betweenness_20k)->Apply(threads)->Iterations(1);
BENCHMARK(BM_approx_betweenness_2k)->Apply(threads);
BENCHMARK(BM_approx_betweenness_20k)->Apply(threads);
BENCHMARK(BM_edge_betweenness_2k)->Apply(threads);
BENCHMARK(BM_closeness_2k)->Apply(threads);
BENCHMARK(BM_closeness_20k)->Apply(threads);
BENCHMARK(BM_harmonic_2k)->Apply(threads);
BENCHMARK(BM_harmonic_20k)->Apply(threads);
BENCHMARK(BM_pagerank_2k)->Apply(threads);
BENCHMARK(BM_pagerank_20k)->Apply(threads);
