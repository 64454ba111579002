// force_layout (include/onakit/graph/layout.hpp) on the graphs the people map
// draws: the seeded synthetic organisation as `ona.synthetic_org(people=P)`
// + `ona.build_graph(log)` makes it (8 departments, 12 weeks, seed 0,
// directed, count weights), P = 2,000 and 5,000; 100 iterations (the
// default); threads 1 and 2. Wall clock (UseRealTime).
//   items/s = (people + undirected ties) x iterations: one step touches each once
// and, for the choice of algorithm (layout.hpp, "Why not Boost.Graph's ..."),
// Boost.Graph's fruchterman_reingold_force_directed_layout on the same 2,000
// people (undirected, 100 iterations, linear cooling, one thread, ~20 s):
//
//   ./bench_layout
//   ./bench_layout --benchmark_filter=5k
//   ./bench_layout --benchmark_filter=boost

#include <onakit/graph/builder.hpp>
#include <onakit/graph/layout.hpp>
#include <onakit/synthetic/synthetic_org.hpp>

#include <benchmark/benchmark.h>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/fruchterman_reingold.hpp>
#include <boost/graph/random_layout.hpp>
#include <boost/graph/topology.hpp>
#include <boost/random/mersenne_twister.hpp>

#include <cstdint>
#include <map>
#include <vector>

namespace {

const onakit::graph& org_graph(std::uint32_t people) {
  static std::map<std::uint32_t, onakit::graph> cache;
  auto it = cache.find(people);
  if (it == cache.end()) {
    onakit::synthetic_org_options o;
    o.people = people;  // the rest as ona.synthetic_org's defaults
    const auto org = onakit::make_synthetic_org(o);
    it = cache.emplace(people, onakit::build_graph(org.log, onakit::build_options{}).graph).first;
  }
  return it->second;
}

void layout(benchmark::State& state, std::uint32_t people) {
  const auto& g = org_graph(people);
  onakit::layout_options o;
  o.threads = static_cast<int>(state.range(0));
  std::uint32_t iterations = 0;
  for (auto _ : state) {
    auto r = onakit::force_layout(g, o);
    iterations = r.iterations;
    benchmark::DoNotOptimize(r);
  }
  const auto ties = onakit::detail::layout_ties(g, true).tie_u.size();
  state.SetItemsProcessed(static_cast<std::int64_t>(static_cast<double>(g.num_vertices() + ties) * iterations *
                                                    static_cast<double>(state.iterations())));
  state.counters["people"] = static_cast<double>(g.num_vertices());
  state.counters["ties"] = static_cast<double>(ties);
  state.counters["iterations"] = iterations;
}

void BM_boost_fruchterman_reingold_2k(benchmark::State& state) {
  const auto& g = org_graph(2'000);
  using bgl_graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  bgl_graph b(g.num_vertices());
  for (onakit::vertex_id u = 0; u < g.num_vertices(); ++u)
    for (const onakit::vertex_id v : g.out_neighbors(u))
      if (u != v && (u < v || !g.has_edge(v, u))) boost::add_edge(u, v, b);  // each undirected tie once
  using topology = boost::square_topology<boost::mt19937>;
  boost::mt19937 rng(0);
  const topology square(rng, 1000.0);
  std::vector<topology::point_type> pos(g.num_vertices());
  const auto pos_map = boost::make_iterator_property_map(pos.begin(), get(boost::vertex_index, b));
  for (auto _ : state) {
    boost::random_graph_layout(b, pos_map, square);
    boost::fruchterman_reingold_force_directed_layout(b, pos_map, square,
                                                      boost::cooling(boost::linear_cooling<double>(100)));
    benchmark::DoNotOptimize(pos.data());
  }
  // items = (people + ties) x iterations, as BM_layout counts; linear_cooling(100) runs 100 iterations
  constexpr double iterations = 100;
  state.SetItemsProcessed(static_cast<std::int64_t>(static_cast<double>(g.num_vertices() + num_edges(b)) *
                                                    iterations * static_cast<double>(state.iterations())));
  state.counters["people"] = static_cast<double>(g.num_vertices());
  state.counters["ties"] = static_cast<double>(num_edges(b));
}

void BM_layout_2k(benchmark::State& s) { layout(s, 2'000); }
void BM_layout_5k(benchmark::State& s) { layout(s, 5'000); }

void threads(benchmark::internal::Benchmark* b) {
  b->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
}

}  // namespace

BENCHMARK(BM_layout_2k)->Apply(threads);
BENCHMARK(BM_layout_5k)->Apply(threads);
BENCHMARK(BM_boost_fruchterman_reingold_2k)->UseRealTime()->Unit(benchmark::kMillisecond)->Iterations(1);
