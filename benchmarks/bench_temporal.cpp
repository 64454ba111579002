// Paths through time (temporal/temporal_reach.hpp, group_latency.hpp) on the
// whole real email-Eu-core-temporal log (SNAP: 332,334 messages, 986 people,
// 42 departments from the derived map) in ../shared/data.
// items/s = contacts/s (sender-recipient pairs walked per second, summed
// over the passes); wall-clock time (UseRealTime). The argument is threads.
//
//   ./bench_temporal            (set ONAKIT_DATA_DIR if the data is not in ../shared/data)
//
// benchmarks/compare_temporal.py times the same calls from Python against
// the brute-force oracle of tests/python/test_temporal_reach.py.

#include <onakit/ingest/edgelist.hpp>
#include <onakit/temporal/group_latency.hpp>
#include <onakit/temporal/temporal_reach.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
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

const onakit::contact_sequence* eu_contacts() {
  static const auto seq = [] {
    const auto path = data_dir() / "email-Eu-core-temporal" / "email-Eu-core-temporal.txt.gz";
    if (!std::filesystem::exists(path)) return std::unique_ptr<onakit::contact_sequence>();
    onakit::edgelist_options o;
    o.third = onakit::third_column::time;
    return std::make_unique<onakit::contact_sequence>(onakit::make_contact_sequence(onakit::read_edgelist(path, o)));
  }();
  return seq.get();
}

// Department code per person of the log (people are interned in order of
// first appearance: their labels are the SNAP ids).
std::vector<std::uint32_t> eu_departments(std::uint32_t& k) {
  const auto path = data_dir() / "email-Eu-core-temporal" / "DERIVED_temporal_id_to_core_id_and_department.tsv";
  onakit::edgelist_options o;
  o.third = onakit::third_column::time;
  const auto log = onakit::read_edgelist(data_dir() / "email-Eu-core-temporal" / "email-Eu-core-temporal.txt.gz", o);
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::map<std::string, std::uint32_t> dept;
  std::map<std::string, std::uint32_t> codes;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string id, core, d;
    std::getline(f, id, '\t');
    std::getline(f, core, '\t');
    std::getline(f, d, '\t');
    if (!codes.count(d)) codes.emplace(d, static_cast<std::uint32_t>(codes.size()));
    dept[id] = codes[d];
  }
  k = static_cast<std::uint32_t>(codes.size());
  std::vector<std::uint32_t> out(log.num_people(), onakit::no_group);
  for (std::size_t v = 0; v < out.size(); ++v) {
    const auto it = dept.find(std::string(log.people()[v]));
    if (it != dept.end()) out[v] = it->second;
  }
  return out;
}

void reach(benchmark::State& state, onakit::timestamp_t within, bool fixed_start) {
  const auto* c = eu_contacts();
  if (c == nullptr) {
    state.SkipWithError("email-Eu-core-temporal not found; set ONAKIT_DATA_DIR");
    return;
  }
  onakit::temporal_reach_options o;
  o.within = within;
  o.threads = static_cast<int>(state.range(0));
  if (fixed_start) o.start = c->times[c->size() / 2];
  std::size_t walked = 0;
  for (auto _ : state) {
    auto r = onakit::temporal_reach(*c, o);
    walked = r.contacts * ((c->num_people + 63) / 64);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(walked));
  state.counters["contacts"] = static_cast<double>(c->size());
}

constexpr onakit::timestamp_t day = 86'400 * onakit::microseconds_per_second;

void BM_temporal_reach_every_start_7D(benchmark::State& s) { reach(s, 7 * day, false); }
void BM_temporal_reach_every_start_no_limit(benchmark::State& s) { reach(s, onakit::no_limit, false); }
void BM_temporal_reach_fixed_start_7D(benchmark::State& s) { reach(s, 7 * day, true); }
void BM_temporal_reach_fixed_start_no_limit(benchmark::State& s) { reach(s, onakit::no_limit, true); }

void BM_group_latency(benchmark::State& state) {
  const auto* c = eu_contacts();
  if (c == nullptr) {
    state.SkipWithError("email-Eu-core-temporal not found; set ONAKIT_DATA_DIR");
    return;
  }
  onakit::group_latency_options o;
  o.groups = eu_departments(o.num_groups);
  o.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto r = onakit::group_latency(*c, o);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(c->size()));
  state.counters["groups"] = o.num_groups;
}

}  // namespace

BENCHMARK(BM_temporal_reach_every_start_7D)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_temporal_reach_every_start_no_limit)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_temporal_reach_fixed_start_7D)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_temporal_reach_fixed_start_no_limit)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_group_latency)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
