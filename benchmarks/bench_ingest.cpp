// read_email_csv_text on an in-memory CSV (disk is out of the measurement).
// The CSV is written once from make_synthetic_org (see synthetic_data.hpp).
// items/s = messages/s; bytes/s = CSV bytes/s; wall-clock time (UseRealTime).
//
//   ./bench_ingest                                # all cases
//   ./bench_ingest --benchmark_filter=-10M        # skip the ~10M-pair input

#include "synthetic_data.hpp"

#include <onakit/ingest/email_csv.hpp>

#include <benchmark/benchmark.h>

namespace {

void ingest(benchmark::State& state, onakit_bench::size s) {
  const std::string& text = onakit_bench::email_csv(s);
  onakit::email_csv_options o;
  o.threads = static_cast<int>(state.range(0));
  std::size_t messages = 0, pairs = 0;
  for (auto _ : state) {
    onakit::message_log log = onakit::read_email_csv_text(text, o);
    messages = log.num_messages();
    pairs = log.num_pairs();
    benchmark::DoNotOptimize(log);
  }
  const auto iters = static_cast<std::int64_t>(state.iterations());
  state.SetItemsProcessed(iters * static_cast<std::int64_t>(messages));
  state.SetBytesProcessed(iters * static_cast<std::int64_t>(text.size()));
  state.counters["messages"] = static_cast<double>(messages);
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["pairs/s"] =
      benchmark::Counter(static_cast<double>(pairs) * static_cast<double>(iters), benchmark::Counter::kIsRate);
}

void BM_read_email_csv_text_1M(benchmark::State& state) { ingest(state, onakit_bench::size::small); }
void BM_read_email_csv_text_10M(benchmark::State& state) { ingest(state, onakit_bench::size::large); }

}  // namespace

BENCHMARK(BM_read_email_csv_text_1M)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_read_email_csv_text_10M)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
