// Response times (temporal/response_times.hpp) over the threaded real sets
// in ../shared/data and a large synthetic threaded log. items/s = replies/s
// (messages with a parent); wall-clock time. The logs are read once, outside
// the timed loop: this times the measure, not the readers (bench_mbox does).
//
//   BM_response_times_lkml    : lkml-threads.mbox (mbox-lkml-threads-notmuch)
//   BM_response_times_3gpp    : the two 3GPP LISTSERV mboxes (mailing-list-3gpp-bigbang)
//   (the Slack set is a .zip, which only the Python reader opens: compare_responses.py times it)
//   BM_response_times_synthetic_1M : 1M messages, 20 000 people, ~80% replies to a random earlier message
//   *_working_hours           : the same with 09:00-17:00 working time
//   BM_summaries_synthetic_1M : per answerer, per tie and per group pair (100 groups)
//
//   ./bench_response_times  (set ONAKIT_DATA_DIR if the data is not in ../shared/data)

#include <onakit/ingest/mbox.hpp>
#include <onakit/temporal/response_times.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

std::filesystem::path data_dir() {
  if (const char* env = std::getenv("ONAKIT_DATA_DIR"); env != nullptr && *env != '\0') return env;
#ifdef ONAKIT_BENCH_DATA_DIR
  return ONAKIT_BENCH_DATA_DIR;
#else
  return std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "shared" / "data";
#endif
}

onakit::message_log read_set(const std::string& which) {
  std::error_code ec;
  if (which == "lkml") {
    const auto p = data_dir() / "mbox-lkml-threads-notmuch" / "lkml-threads.mbox";
    if (!std::filesystem::exists(p, ec)) return {};
    return onakit::read_mbox(p);
  }
  if (which == "3gpp") {
    const auto p = data_dir() / "mailing-list-3gpp-bigbang";
    if (!std::filesystem::exists(p, ec)) return {};
    onakit::mbox_options o;
    o.errors = onakit::error_policy::skip;
    o.default_recipient = "list@3gpp.example";
    return onakit::read_mbox(p, o);
  }
  // synthetic: replies to a random earlier message within the last 1000, 1 to 48 h later
  onakit::message_log log;
  const std::size_t n = 1'000'000, people = 20'000;
  log.ensure_people(people);
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::uint32_t> person(0, people - 1);
  std::uniform_int_distribution<std::int64_t> gap(1, 600);
  onakit::timestamp_t t = 1'700'000'000LL * onakit::microseconds_per_second;
  std::vector<std::pair<std::size_t, std::size_t>> links;
  for (std::size_t m = 0; m < n; ++m) {
    t += gap(rng) * onakit::microseconds_per_second;
    log.begin_message(person(rng), t);
    log.add_recipient(person(rng), onakit::role::to);
    if (m > 0 && rng() % 10 < 8) {
      const std::size_t back = 1 + rng() % std::min<std::size_t>(m, 1000);
      links.emplace_back(m, m - back);
    }
  }
  for (const auto& [m, p] : links) log.set_parent(m, p);
  return log;
}

const onakit::message_log& cached(const std::string& which) {
  static std::map<std::string, onakit::message_log> logs;
  auto it = logs.find(which);
  if (it == logs.end()) it = logs.emplace(which, read_set(which)).first;
  return it->second;
}

void run(benchmark::State& state, const std::string& which, bool hours) {
  const auto& log = cached(which);
  if (!log.has_parents()) {
    state.SkipWithError((which + ": data set not found (set ONAKIT_DATA_DIR)").c_str());
    return;
  }
  onakit::response_options o;
  o.use_working_hours = hours;
  std::size_t replies = 0;
  for (auto _ : state) {
    auto r = onakit::response_times(log, o);
    replies = r.replies;
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * replies));
}

void BM_response_times_lkml(benchmark::State& s) { run(s, "lkml", false); }
void BM_response_times_3gpp(benchmark::State& s) { run(s, "3gpp", false); }
void BM_response_times_lkml_working_hours(benchmark::State& s) { run(s, "lkml", true); }
void BM_response_times_synthetic_1M(benchmark::State& s) { run(s, "synthetic", false); }
void BM_response_times_synthetic_1M_working_hours(benchmark::State& s) { run(s, "synthetic", true); }

void BM_summaries_synthetic_1M(benchmark::State& state) {
  const auto& log = cached("synthetic");
  const auto r = onakit::response_times(log);
  std::vector<std::uint32_t> group(log.num_people());
  for (std::size_t v = 0; v < group.size(); ++v) group[v] = static_cast<std::uint32_t>(v % 100);
  for (auto _ : state) {
    auto a = onakit::summarize_by_answerer(log, r);
    auto t = onakit::summarize_by_tie(log, r);
    auto g = onakit::summarize_by_group_pair(log, r, group, 100, 5);
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(t);
    benchmark::DoNotOptimize(g);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * r.delay.size()));
}

}  // namespace

BENCHMARK(BM_response_times_lkml)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_response_times_3gpp)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_response_times_lkml_working_hours)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_response_times_synthetic_1M)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_response_times_synthetic_1M_working_hours)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_summaries_synthetic_1M)->Unit(benchmark::kMillisecond);
