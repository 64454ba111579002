// force_layout (include/onakit/graph/layout.hpp) on the graphs the people map
// draws: the seeded synthetic organisation as `ona.synthetic_org(people=P)`
// + `ona.build_graph(log)` makes it (8 departments, 12 weeks, seed 0,
// directed, count weights), P = 2,000 and 5,000; 100 iterations (the
// default); threads 1 and 2. Wall clock (UseRealTime).
//   items/s = (people + undirected ties) x iterations: one step touches each once
//
//   ./bench_layout
//   ./bench_layout --benchmark_filter=5k

#include <onakit/graph/builder.hpp>
#include <onakit/graph/layout.hpp>
#include <onakit/synthetic/synthetic_org.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>

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

void BM_layout_2k(benchmark::State& s) { layout(s, 2'000); }
void BM_layout_5k(benchmark::State& s) { layout(s, 5'000); }

void threads(benchmark::internal::Benchmark* b) {
  b->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
}

}  // namespace

BENCHMARK(BM_layout_2k)->Apply(threads);
BENCHMARK(BM_layout_5k)->Apply(threads);
