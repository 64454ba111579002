#pragma once
// Shared helpers of the fuzz targets (fuzz/README.md): a byte reader that
// derives options from the first fuzz bytes, the "never crash" wrapper (an
// onakit::error is an expected outcome, anything else a finding), and the
// invariants every message_log a reader returns must satisfy.

#include <onakit/errors.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/message_log.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace onakit_fuzz {

/// A finding: print why and abort, so libFuzzer (or the replay runner) stops
/// with this input.
[[noreturn]] inline void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "FUZZ FINDING: %s%s%s\n", what, detail.empty() ? "" : ": ", detail.c_str());
  std::fflush(stderr);
  std::abort();
}

inline void check(bool ok, const char* what, const std::string& detail = {}) {
  if (!ok) fail(what, detail);
}

/// Reads option bytes from the front of the input; the rest is the text.
class bytes {
 public:
  bytes(const std::uint8_t* data, std::size_t size) : p_(reinterpret_cast<const char*>(data)), n_(size) {}
  /// The next byte (0 when none is left).
  std::uint8_t byte() {
    if (n_ == 0) return 0;
    --n_;
    return static_cast<std::uint8_t>(*p_++);
  }
  bool flag() { return (byte() & 1) != 0; }
  /// One of `n` choices.
  std::size_t pick(std::size_t n) { return byte() % n; }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k) v = v << 8 | byte();
    return v;
  }
  /// Up to `n` bytes.
  std::string_view take(std::size_t n) {
    n = n < n_ ? n : n_;
    std::string_view s(p_, n);
    p_ += n;
    n_ -= n;
    return s;
  }
  /// The text up to the next `sep` byte sequence (or the end), consumed with it.
  std::string_view until(std::string_view sep) {
    const std::string_view rest(p_, n_);
    const std::size_t k = rest.find(sep);
    if (k == std::string_view::npos) return take(n_);
    const std::string_view s = take(k);
    take(sep.size());
    return s;
  }
  std::string_view rest() { return take(n_); }
  /// A reader of the next `n` bytes (fewer at the end), consumed: the
  /// option block of a reader target, so its text starts at a fixed offset
  /// whatever the options read (fuzz/seeds.py writes 4 option bytes).
  bytes sub(std::size_t n) {
    const std::string_view s = take(n);
    return bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  }
  [[nodiscard]] std::size_t size() const noexcept { return n_; }

 private:
  const char* p_;
  std::size_t n_;
};

/// Runs one read: onakit's typed errors are expected outcomes of bad input
/// (their messages must not be empty); any other exception is a finding.
template <class F>
void guarded(F&& f) {
  try {
    f();
  } catch (const onakit::error& e) {
    check(e.what() != nullptr && *e.what() != '\0', "an onakit::error with an empty message");
    if (std::getenv("ONAKIT_FUZZ_VERBOSE") != nullptr) std::fprintf(stderr, "error: %s\n", e.what());
  } catch (const std::exception& e) {
    fail("an exception that is not an onakit::error", e.what());
  }
}

/// The invariants of a reader's result: ids in range, offsets consistent,
/// the report balanced (records read = kept + skipped by reason).
inline void check_log(const onakit::message_log& log, bool messages_counted = true) {
  const std::size_t people = log.num_people();
  const std::size_t m = log.num_messages();
  const auto off = log.offsets();
  check(off.size() == m + 1, "offsets size != messages + 1");
  check(off[0] == 0 && off[m] == log.num_pairs(), "offsets do not span the recipients");
  for (std::size_t k = 0; k < m; ++k) {
    check(off[k] <= off[k + 1], "offsets decrease");
    check(log.sender(k) < people, "sender id out of range");
    const auto r = log.recipients(k);
    check(r.size() == log.roles(k).size(), "roles do not match recipients");
    for (const auto v : r) check(v < people, "recipient id out of range");
    if (log.has_parents()) check(log.parent(k) == onakit::no_message || log.parent(k) < m, "parent out of range");
  }
  check(log.people().size() == people, "people labels != num_people");
  const auto& rep = log.report();
  if (std::getenv("ONAKIT_FUZZ_VERBOSE") != nullptr)  // to see what a corpus reaches
    std::fprintf(stderr, "log: %zu messages, %zu people; %s\n", m, people, rep.to_string().c_str());
  check(rep.balanced(), "ingest report not balanced", rep.to_string());
  if (messages_counted) check(rep.messages == m, "report().messages != num_messages()", rep.to_string());
}

}  // namespace onakit_fuzz

#include <onakit/ingest/text_encoding.hpp>

namespace onakit_fuzz {

/// An encoding chosen by a byte: UTF-8 most of the time.
inline onakit::text_encoding pick_encoding(bytes& in) {
  switch (in.byte() % 8) {
    case 5: return onakit::text_encoding::latin1;
    case 6: return onakit::text_encoding::cp1252;
    case 7: return onakit::text_encoding::utf16;
    default: return onakit::text_encoding::utf8;
  }
}

/// A field separator chosen by a byte: '\0' (detect) most of the time.
inline char pick_sep(bytes& in) {
  static constexpr char seps[] = {'\0', '\0', '\0', '\0', ',', ';', '\t', '|'};
  return seps[in.pick(8)];
}

/// The first line's fields split at `sep` (or the first of , ; tab | found):
/// column names for readers that find columns by name, so seeds cut from
/// real files (any header) reach the rows.
inline std::vector<std::string> header_fields(std::string_view text, char sep) {
  const std::size_t nl = text.find('\n');
  std::string_view line = text.substr(0, nl == std::string_view::npos ? text.size() : nl);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (sep == '\0')
    for (const char c : {',', ';', '\t', '|'})
      if (line.find(c) != std::string_view::npos) {
        sep = c;
        break;
      }
  std::vector<std::string> out;
  std::size_t b = 0;
  for (;;) {
    const std::size_t e = sep == '\0' ? std::string_view::npos : line.find(sep, b);
    std::string f(line.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
    if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
    out.push_back(f);
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  return out;
}

/// Field k of `names`, or `fallback` when there is none.
inline std::string name_at(const std::vector<std::string>& names, std::size_t k, std::string fallback) {
  return k < names.size() && !names[k].empty() ? names[k] : std::move(fallback);
}

}  // namespace onakit_fuzz

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace onakit_fuzz {

/// A scratch folder of this process (tmpfs when there is one), removed at exit:
/// for the readers that take paths (streams, Slack exports, Teams files).
inline const std::filesystem::path& scratch_dir() {
  struct dir {
    std::filesystem::path p;
    dir() {
      std::error_code ec;
      const std::filesystem::path base =
          std::filesystem::is_directory("/dev/shm", ec) ? std::filesystem::path("/dev/shm") : std::filesystem::temp_directory_path();
      p = base / ("onakit-fuzz-" + std::to_string(::getpid()));
      std::filesystem::create_directories(p);
    }
    ~dir() {
      std::error_code ec;
      std::filesystem::remove_all(p, ec);
    }
  };
  static const dir d;
  return d.p;
}

/// Writes `text` to `path` (replacing it).
inline void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) fail("cannot write a scratch file", path.string());
}

}  // namespace onakit_fuzz
