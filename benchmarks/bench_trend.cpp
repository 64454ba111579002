// Organisational change kernels on the seeded synthetic organisation
// (synthetic_org(people=P, departments=40, weeks=4) + build_graph, directed,
// count weights), threads 1 and 2, wall clock (UseRealTime).
//   edge_betweenness (exact, unweighted), group_edge_betweenness (departments):
//       items/s = ties x sources: tie visits per second
//   tie_churn (week 1 against week 2 of the 20k organisation): items/s = ties of both weeks
//
//   ./bench_trend
//   ./bench_trend --benchmark_filter=edge

#include <onakit/centrality/edge_betweenness.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/synthetic/synthetic_org.hpp>
#include <onakit/temporal/network_trend.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace {

struct org {
  onakit::synthetic_org data;
  onakit::graph g;
};

const org& org_of(std::uint32_t people) {
  static std::map<std::uint32_t, org> cache;
  auto it = cache.find(people);
  if (it == cache.end()) {
    onakit::synthetic_org_options o;
    o.people = people;
    o.departments = 40;
    o.weeks = 4;
    o.seed = 0;
    auto data = onakit::make_synthetic_org(o);
    auto g = onakit::build_graph(data.log, onakit::build_options{}).graph;
    it = cache.emplace(people, org{std::move(data), std::move(g)}).first;
  }
  return it->second;
}

void counters(benchmark::State& state, const onakit::graph& g, double items) {
  state.SetItemsProcessed(static_cast<std::int64_t>(items * static_cast<double>(state.iterations())));
  state.counters["people"] = static_cast<double>(g.num_vertices());
  state.counters["ties"] = static_cast<double>(g.num_edges());
}

void BM_edge_betweenness_2k(benchmark::State& state) {
  const auto& g = org_of(2'000).g;
  onakit::edge_betweenness_options o;
  o.threads = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(onakit::edge_betweenness(g, o));
  counters(state, g, static_cast<double>(g.num_edges()) * g.num_vertices());
}

void BM_group_edge_betweenness_2k(benchmark::State& state) {
  const auto& o2k = org_of(2'000);
  std::vector<std::uint32_t> dept(o2k.data.people.size());
  for (std::size_t v = 0; v < dept.size(); ++v) dept[v] = o2k.data.people[v].department;
  onakit::edge_betweenness_options o;
  o.threads = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(onakit::group_edge_betweenness(o2k.g, dept, 40, o));
  counters(state, o2k.g, static_cast<double>(o2k.g.num_edges()) * o2k.g.num_vertices());
}

void BM_tie_churn_20k(benchmark::State& state) {
  const auto& o = org_of(20'000);
  const auto t0 = o.data.log.time(0);  // sorted by time
  constexpr std::int64_t week = 7LL * 86400 * 1'000'000;
  onakit::build_options w1, w2;
  w1.start = t0, w1.end = t0 + week;
  w2.start = t0 + week, w2.end = t0 + 2 * week;
  const auto a = onakit::build_graph(o.data.log, w1).graph;
  const auto b = onakit::build_graph(o.data.log, w2).graph;
  for (auto _ : state) benchmark::DoNotOptimize(onakit::tie_churn(a, b));
  counters(state, b, static_cast<double>(a.num_arcs() + b.num_arcs()));
}

}  // namespace

BENCHMARK(BM_edge_betweenness_2k)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_group_edge_betweenness_2k)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_tie_churn_20k)->UseRealTime()->Unit(benchmark::kMicrosecond);
