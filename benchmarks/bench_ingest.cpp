// read_email_csv_text on an in-memory CSV (disk is out of the measurement).
// The CSV is written once from make_synthetic_org (see synthetic_data.hpp).
// items/s = messages/s; bytes/s = CSV bytes/s; wall-clock time (UseRealTime).
//
//   ./bench_ingest                                # all cases
//   ./bench_ingest --benchmark_filter=-10M        # skip the ~10M-pair input

#include "synthetic_data.hpp"

#include <onakit/ingest/email_csv.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace {

void ingest(benchmark::State& state, onakit_bench::size s,
            onakit::row_grouping grouping = onakit::row_grouping::automatic) {
  const std::string& text = onakit_bench::email_csv(s);
  onakit::email_csv_options o;
  o.threads = static_cast<int>(state.range(0));
  o.group_rows_by = grouping;
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
// group_rows_by=sender_time on the same input: the cost of the grouping pass
// (the rows are already messages, so few merge; the pass still hashes each one).
void BM_read_email_csv_text_1M_sender_time(benchmark::State& state) {
  ingest(state, onakit_bench::size::small, onakit::row_grouping::sender_time);
}

// ---- phases of read_email_csv on the ~10M-pair input, to see where the time goes.
// With threads=2 the body is cut in two halves parsed in parallel, then the
// second half's log is appended (serially) to the first's.

std::string_view body_of(const std::string& text) { return std::string_view(text).substr(text.find('\n') + 1); }

/// read_text_file: the file's bytes into a std::string (file in the page cache).
void BM_ingest_phase_10M_read_text_file(benchmark::State& state) {
  const std::string& text = onakit_bench::email_csv(onakit_bench::size::large);
  const auto path = std::filesystem::temp_directory_path() / "onakit_bench_email_10M.csv";
  std::ofstream(path, std::ios::binary).write(text.data(), static_cast<std::streamsize>(text.size()));
  for (auto _ : state) benchmark::DoNotOptimize(onakit::read_text_file(path));
  std::filesystem::remove(path);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  // items = messages (one CSV row each, the header excluded), as the other ingest cases count
  const auto rows = std::count(text.begin(), text.end(), '\n') - 1;
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows));
}

/// split_rows into 2 + tokenising, validating and interning one half, one thread:
/// the parallel phase's work per thread.
void BM_ingest_phase_10M_parse_half(benchmark::State& state) {
  const std::string& text = onakit_bench::email_csv(onakit_bench::size::large);
  const std::string_view body = body_of(text);
  onakit::email_csv_options o;
  onakit::csv_tokenizer ht(text, ',');
  onakit::csv_row header;
  ht.next(header);
  const auto cols = onakit::detail::find_email_columns(header, o, "<memory>");
  const onakit::message_rows_options ro = onakit::detail::email_rows_options(o);
  std::size_t messages = 0;
  for (auto _ : state) {
    const auto cut = onakit::detail::split_rows(body, 2);
    onakit::message_log log;
    onakit::detail::parse_email_rows(body.substr(0, cut[1]), 2, ',', cols, ro, "<memory>", log,
                                     [](std::size_t) { return false; });
    messages = log.num_messages();
    benchmark::DoNotOptimize(log);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(messages));
}

/// message_log::append of the second half's log onto the first's (serial).
void BM_ingest_phase_10M_append_half(benchmark::State& state) {
  const std::string& text = onakit_bench::email_csv(onakit_bench::size::large);
  const std::string_view body = body_of(text);
  const auto cut = onakit::detail::split_rows(body, 2);
  onakit::email_csv_options o;
  o.threads = 1;
  const std::string head = "sender,recipients,timestamp\n";
  const onakit::message_log first =
      onakit::read_email_csv_text(head + std::string(body.substr(0, cut[1])), o);
  const onakit::message_log second =
      onakit::read_email_csv_text(head + std::string(body.substr(cut[1])), o);
  for (auto _ : state) {
    state.PauseTiming();
    onakit::message_log log = first;
    state.ResumeTiming();
    log.append(second);
    benchmark::DoNotOptimize(log);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(second.num_messages()));
}

}  // namespace

BENCHMARK(BM_ingest_phase_10M_read_text_file)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ingest_phase_10M_parse_half)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ingest_phase_10M_append_half)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_read_email_csv_text_1M)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_read_email_csv_text_1M_sender_time)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_read_email_csv_text_10M)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
