#pragma once
/// \file ingest_report.hpp
/// What a reader did with its input: records read, kept, and skipped by reason.
///
/// Invariant (checked by balanced()): records_read == records_kept +
/// sum(skipped). Nothing disappears silently: in lenient mode every record a
/// reader refuses is counted under the reason its strict mode would have
/// raised. Items dropped *inside* a kept record (an empty entry in a recipient
/// list, say) are counted separately in `dropped`.

#include <cstdint>
#include <map>
#include <string>

namespace onakit::inline v0_1 {

/// How a reader treats a bad record.
enum class error_policy : std::uint8_t {
  strict,  ///< throw parse_error naming file, line, field and reason
  skip,    ///< skip the record and count it in ingest_report::skipped
};

struct ingest_report {
  std::string source;               ///< input name(s), for messages
  std::uint64_t records_read = 0;   ///< data records seen (no header/comments)
  std::uint64_t records_kept = 0;   ///< records that became (part of) a message
  std::uint64_t messages = 0;       ///< messages in the log after grouping
  /// Of those, messages with two or more distinct recipients
  /// (message_log::messages_with_several_recipients()): 0 means
  /// weighting::split cannot differ from count, e.g. one row per recipient
  /// read without grouping rows into messages (group_rows_by).
  std::uint64_t messages_with_several_recipients = 0;
  std::map<std::string, std::uint64_t> skipped;  ///< reason -> records skipped
  std::map<std::string, std::uint64_t> dropped;  ///< reason -> items dropped inside kept records

  void skip(const std::string& reason, std::uint64_t n = 1) { skipped[reason] += n; }
  void drop(const std::string& reason, std::uint64_t n = 1) { dropped[reason] += n; }

  [[nodiscard]] std::uint64_t skipped_total() const noexcept {
    std::uint64_t s = 0;
    for (const auto& kv : skipped) s += kv.second;
    return s;
  }
  [[nodiscard]] bool balanced() const noexcept {
    return records_read == records_kept + skipped_total();
  }

  /// Adds another report's counts (used when reading several files or chunks).
  void merge(const ingest_report& o) {
    if (!o.source.empty()) {
      if (source.empty()) source = o.source;
      else if (source != o.source) source += ", " + o.source;
    }
    records_read += o.records_read;
    records_kept += o.records_kept;
    messages += o.messages;
    messages_with_several_recipients += o.messages_with_several_recipients;
    for (const auto& kv : o.skipped) skipped[kv.first] += kv.second;
    for (const auto& kv : o.dropped) dropped[kv.first] += kv.second;
  }

  /// A few human-readable lines, e.g. for the CLI.
  [[nodiscard]] std::string to_string() const {
    std::string s = "records read: " + std::to_string(records_read) +
                    ", kept: " + std::to_string(records_kept) +
                    ", skipped: " + std::to_string(skipped_total()) +
                    ", messages: " + std::to_string(messages) + " (" +
                    std::to_string(messages_with_several_recipients) + " with several recipients)";
    for (const auto& kv : skipped)
      s += "\n  skipped (" + kv.first + "): " + std::to_string(kv.second);
    for (const auto& kv : dropped)
      s += "\n  dropped inside kept records (" + kv.first + "): " + std::to_string(kv.second);
    return s;
  }
};

}  // namespace onakit
