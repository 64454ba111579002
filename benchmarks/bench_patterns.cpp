// work_patterns and burstiness on the synthetic organisation's 1M log (see
// synthetic_data.hpp: 600,000 messages, 989,104 pairs) and, when the data
// folder is there, on SNAP's email-Eu-core-temporal (332,334 messages).
// items/s = messages/s. Per-message UTC offsets are a fixed function of the
// sender (-8 h .. +5 h), as a per-person tz= gives them.
//
//   ./bench_patterns
//   ONAKIT_DATA_DIR=../shared/data ./bench_patterns --benchmark_filter=eu_core

#include "synthetic_data.hpp"

#include <onakit/ingest/edgelist.hpp>
#include <onakit/temporal/burstiness.hpp>
#include <onakit/temporal/work_patterns.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <vector>

namespace {

const onakit::message_log* eu_core() {
  static const std::optional<onakit::message_log> log = []() -> std::optional<onakit::message_log> {
    const char* dir = std::getenv("ONAKIT_DATA_DIR");
    const std::filesystem::path p = std::filesystem::path(dir != nullptr ? dir : "../shared/data") /
                                    "email-Eu-core-temporal" / "email-Eu-core-temporal.txt.gz";
    if (!std::filesystem::exists(p)) return std::nullopt;
    onakit::edgelist_options o;
    o.third = onakit::third_column::time;
    return onakit::read_edgelist(p, o);
  }();
  return log ? &*log : nullptr;
}

std::vector<std::int32_t> offsets_of(const onakit::message_log& log) {
  std::vector<std::int32_t> off(log.num_messages());
  for (std::size_t m = 0; m < off.size(); ++m) off[m] = static_cast<std::int32_t>(log.sender(m) % 14 - 8) * 3600;
  return off;
}

void patterns(benchmark::State& state, const onakit::message_log* log) {
  if (log == nullptr) {
    state.SkipWithError("email-Eu-core-temporal not found (set ONAKIT_DATA_DIR)");
    return;
  }
  const auto off = offsets_of(*log);
  onakit::work_pattern_options o;
  if (state.range(0) != 0) {  // weekly periods
    const auto [lo, hi] = log->time_span();
    o.boundaries = onakit::fixed_periods(lo, hi, 7 * onakit::microseconds_per_day);
  }
  for (auto _ : state) benchmark::DoNotOptimize(onakit::work_patterns(*log, off, o));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(log->num_messages()));
}

void bursts(benchmark::State& state, const onakit::message_log* log) {
  if (log == nullptr) {
    state.SkipWithError("email-Eu-core-temporal not found (set ONAKIT_DATA_DIR)");
    return;
  }
  onakit::burstiness_options o;
  o.by = state.range(0) == 0 ? onakit::burstiness_by::person : onakit::burstiness_by::tie;
  for (auto _ : state) benchmark::DoNotOptimize(onakit::burstiness(*log, o));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(log->num_messages()));
}

void BM_work_patterns_1M(benchmark::State& s) { patterns(s, &onakit_bench::org(onakit_bench::size::small).log); }
void BM_work_patterns_eu_core(benchmark::State& s) { patterns(s, eu_core()); }
void BM_burstiness_1M(benchmark::State& s) { bursts(s, &onakit_bench::org(onakit_bench::size::small).log); }
void BM_burstiness_eu_core(benchmark::State& s) { bursts(s, eu_core()); }

}  // namespace

BENCHMARK(BM_work_patterns_1M)->ArgName("weekly")->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_work_patterns_eu_core)->ArgName("weekly")->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_burstiness_1M)->ArgName("tie")->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_burstiness_eu_core)->ArgName("tie")->Arg(0)->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);
