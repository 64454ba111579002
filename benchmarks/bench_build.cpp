// build_graph on the synthetic organisation's log (see synthetic_data.hpp),
// count/split weighting x directed/undirected x threads 1/2.
// items/s = message-recipient pairs/s; ties/s = ties built per second;
// bytes_per_tie = adjacency arrays without the per-person offsets / ties
// (goal: <= 24); bytes_per_tie_with_offsets = graph::memory_bytes() / ties.
//
//   ./bench_build                                 # all cases
//   ./bench_build --benchmark_filter=-10M         # skip the ~10M-pair log

#include "synthetic_data.hpp"

#include <onakit/graph/builder.hpp>
#include <onakit/graph/stream_builder.hpp>

#include <vector>

#include <benchmark/benchmark.h>

namespace {

void build(benchmark::State& state, onakit_bench::size s) {
  const onakit::message_log& log = onakit_bench::org(s).log;
  onakit::build_options o;
  o.weighting = state.range(0) == 0 ? onakit::weighting::count : onakit::weighting::split;
  o.directed = state.range(1) != 0;
  o.threads = static_cast<int>(state.range(2));
  std::size_t ties = 0, bytes = 0, offset_bytes = 0;
  for (auto _ : state) {
    onakit::build_result r = onakit::build_graph(log, o);
    ties = r.graph.num_edges();
    bytes = r.graph.memory_bytes();
    offset_bytes = (r.graph.out_offsets().size() + r.graph.in_offsets().size()) * sizeof(onakit::edge_id);
    benchmark::DoNotOptimize(r);
  }
  const auto iters = static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(log.num_pairs()));
  state.counters["pairs"] = static_cast<double>(log.num_pairs());
  state.counters["ties"] = static_cast<double>(ties);
  state.counters["ties/s"] = benchmark::Counter(static_cast<double>(ties) * iters, benchmark::Counter::kIsRate);
  const double t = ties == 0 ? 1.0 : static_cast<double>(ties);
  state.counters["bytes_per_tie"] = static_cast<double>(bytes - offset_bytes) / t;
  state.counters["bytes_per_tie_with_offsets"] = static_cast<double>(bytes) / t;
}

// The same log through stream_builder in chunks of 2^18 messages (chunk
// logs made before timing): the cost of streaming over build_graph, which
// builds the same graph bit for bit.
void streamed(benchmark::State& state, onakit_bench::size s) {
  const onakit::message_log& log = onakit_bench::org(s).log;
  onakit::build_options o;
  o.weighting = state.range(0) == 0 ? onakit::weighting::count : onakit::weighting::split;
  o.directed = state.range(1) != 0;
  o.threads = static_cast<int>(state.range(2));
  std::vector<onakit::message_log> chunks;
  const std::size_t chunk = std::size_t{1} << 18;
  for (std::size_t lo = 0; lo < log.num_messages(); lo += chunk) {
    auto& c = chunks.emplace_back();
    for (const auto& p : log.people()) c.intern(p);
    for (std::size_t m = lo; m < std::min(log.num_messages(), lo + chunk); ++m) {
      c.begin_message(log.sender(m), log.time(m));
      const auto rc = log.recipients(m);
      const auto ro = log.roles(m);
      for (std::size_t k = 0; k < rc.size(); ++k) c.add_recipient(rc[k], ro[k]);
    }
  }
  std::size_t ties = 0;
  for (auto _ : state) {
    onakit::stream_builder sb(o);
    for (const auto& c : chunks) sb.add(c);
    onakit::build_result r = std::move(sb).finish(chunks.front());
    ties = r.graph.num_edges();
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(log.num_pairs()));
  state.counters["ties"] = static_cast<double>(ties);
}

void BM_build_graph_1M(benchmark::State& state) { build(state, onakit_bench::size::small); }
void BM_stream_build_1M(benchmark::State& state) { streamed(state, onakit_bench::size::small); }
void BM_stream_build_10M(benchmark::State& state) { streamed(state, onakit_bench::size::large); }
void BM_build_graph_10M(benchmark::State& state) { build(state, onakit_bench::size::large); }

void args(benchmark::internal::Benchmark* b) {
  b->ArgNames({"split", "directed", "threads"});
  for (const int split : {0, 1})
    for (const int directed : {1, 0})
      for (const int threads : {1, 2}) b->Args({split, directed, threads});
  b->UseRealTime()->Unit(benchmark::kMillisecond);
}

}  // namespace

BENCHMARK(BM_build_graph_1M)->Apply(args);
BENCHMARK(BM_build_graph_10M)->Apply(args);
BENCHMARK(BM_stream_build_1M)->Apply(args);
BENCHMARK(BM_stream_build_10M)->Apply(args);
