// mbox header ingest (mbox.hpp) on the real Enron archives in ../shared/data.
// bytes/s = mbox bytes/s (bodies included: they must be scanned past);
// items/s = messages/s; wall-clock time.
//
//   BM_read_mail_enron_files : read_mail() on each of the 5 files (mmap,
//                              page cache warm after the first iteration)
//   BM_read_mbox_text_enron_x10 : read_mbox_text() on the 5 files
//                              concatenated 10 times in memory (~83 MB), with
//                              dedupe_message_ids off so that every copy is
//                              parsed and stored as a real message would be
//
//   ./bench_mbox            (set ONAKIT_DATA_DIR if the data is not in ../shared/data)

#include <onakit/ingest/mbox.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
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

std::vector<std::filesystem::path> enron_files() {
  std::vector<std::filesystem::path> out;
  const auto dir = data_dir() / "enron-mbox";
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".mbox") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

void BM_read_mail_enron_files(benchmark::State& state) {
  const auto files = enron_files();
  if (files.empty()) {
    state.SkipWithError("enron-mbox not found; set ONAKIT_DATA_DIR");
    return;
  }
  std::size_t bytes = 0, messages = 0;
  for (const auto& f : files) bytes += std::filesystem::file_size(f);
  onakit::mbox_options o;
  o.errors = onakit::error_policy::skip;
  for (auto _ : state) {
    messages = 0;
    for (const auto& f : files) {
      auto r = onakit::read_mail(f, o);
      messages += r.log.report().records_read;
      benchmark::DoNotOptimize(r);
    }
  }
  const auto iters = static_cast<std::int64_t>(state.iterations());
  state.SetBytesProcessed(iters * static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(iters * static_cast<std::int64_t>(messages));
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(BM_read_mail_enron_files)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_read_mbox_text_enron_x10(benchmark::State& state) {
  const auto files = enron_files();
  if (files.empty()) {
    state.SkipWithError("enron-mbox not found; set ONAKIT_DATA_DIR");
    return;
  }
  std::string one;
  for (const auto& f : files) one += onakit::read_text_file(f);
  std::string text;
  text.reserve(one.size() * 10);
  for (int k = 0; k < 10; ++k) text += one;
  onakit::mbox_options o;
  o.errors = onakit::error_policy::skip;
  o.dedupe_message_ids = false;
  std::size_t messages = 0;
  for (auto _ : state) {
    auto r = onakit::read_mbox_text(text, o);
    messages = r.log.report().records_read;
    benchmark::DoNotOptimize(r);
  }
  const auto iters = static_cast<std::int64_t>(state.iterations());
  state.SetBytesProcessed(iters * static_cast<std::int64_t>(text.size()));
  state.SetItemsProcessed(iters * static_cast<std::int64_t>(messages));
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
}
BENCHMARK(BM_read_mbox_text_enron_x10)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
