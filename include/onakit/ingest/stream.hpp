#pragma once
/// \file stream.hpp
/// The streaming readers' convention: how `stream_X` hands its messages on
/// chunk by chunk, so that memory holds the people, one chunk of messages
/// and one window of the input (text_stream.hpp), not every message.
///
/// Each streaming reader has the form
/// \code
///   message_log stream_X(const std::filesystem::path& path, const X_options& o,
///                        const message_sink& sink, std::size_t chunk_messages = default_chunk_messages);
/// \endcode
/// It keeps ONE message_log: it parses the input segment by segment into
/// it, and after a segment leaves it holding at least `chunk_messages`
/// messages it calls `sink(log)` and then `log.clear_messages()` (people,
/// channel names and the ingest report stay, so vertex ids are stable from
/// one chunk to the next). Once at the end it calls `sink(log)` if messages
/// remain, and returns the log: people, channels and the ingest report
/// (counts of the whole input), without messages.
///
/// Contract: the chunks, concatenated, are exactly the messages (same
/// order, same people ids, every column) that read_X(path, o) returns, and
/// the returned report has the same counts, except where a reader's summary
/// says otherwise (what needs every message at once: reply links, and for
/// grouped rows the conditions under which a message's rows meet). A chunk
/// holds at least `chunk_messages` messages (all that remain, at the end)
/// and at most that plus one segment's worth: segments are sized from the
/// bytes per message seen so far so that a chunk is about one segment.
///
/// The sink is called on the reader's thread; what it throws ends the read.
///
/// Example:
/// \code
///   std::size_t n = 0;
///   onakit::message_log people = onakit::stream_edgelist("email-Eu-core.txt", {},
///       [&](const onakit::message_log& chunk) { n += chunk.num_messages(); });
/// \endcode

#include <onakit/errors.hpp>
#include <onakit/ingest/text_encoding.hpp>
#include <onakit/ingest/text_stream.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace onakit::inline v0_1 {

/// Where a streaming reader hands each chunk of messages (see the file summary).
using message_sink = std::function<void(const message_log&)>;

/// The default number of messages per chunk: 2^20.
inline constexpr std::size_t default_chunk_messages = std::size_t{1} << 20;

namespace detail {

/// The largest window a streaming read asks for: default_window_bytes. A
/// hook for tests and the differential fuzz target (fuzz/targets/stream.cpp),
/// which lower it to cut a small input into many segments and check that
/// the chunks equal the whole read; not for use while a read runs on
/// another thread.
inline std::size_t max_stream_window = default_window_bytes;

/// The hand-out side of a streaming read: counts what the report needs
/// (messages, messages with several recipients) over every chunk, sizes the
/// next window from the bytes per message seen, and calls the sink.
class chunk_handout {
 public:
  /// \throws invalid_option if `chunk_messages` is 0 or the sink is empty.
  chunk_handout(message_log& log, const message_sink& sink, std::size_t chunk_messages)
      : log_(log), sink_(sink), chunk_(chunk_messages) {
    if (chunk_messages == 0) throw invalid_option("chunk_messages must be at least 1");
    if (!sink) throw invalid_option("a streaming read needs a sink");
  }

  /// After a segment of `bytes` bytes: hands the log on once it holds a chunk.
  void after_segment(std::uint64_t bytes) {
    bytes_ += bytes;
    if (log_.num_messages() >= chunk_) flush();
  }

  /// Hands the messages held on (if any) and clears them.
  void flush() {
    const std::size_t n = log_.num_messages();
    if (n == 0) return;
    messages_ += n;
    several_ += log_.messages_with_several_recipients();
    sink_(log_);
    log_.clear_messages();
  }

  /// The window for the next segment: about what the messages still missing
  /// from the chunk took so far (128 bytes per message, at most 1 MiB, before
  /// any is seen); at least 4 KiB (a segment's fixed costs stay small next to
  /// its parse), at most `max_window`.
  [[nodiscard]] std::size_t window(std::size_t max_window = max_stream_window) const noexcept {
    constexpr double min_window = 4096, first_window = 1 << 20;
    const std::uint64_t seen = messages_ + log_.num_messages();
    const auto missing = static_cast<double>(std::max<std::size_t>(chunk_ - std::min(chunk_, log_.num_messages()), 1));
    const double w = seen == 0 ? std::min(missing * 128, first_window)
                               : static_cast<double>(bytes_) / static_cast<double>(seen) * missing;
    return static_cast<std::size_t>(std::clamp(w, std::min(min_window, static_cast<double>(max_window)),
                                               static_cast<double>(max_window)));
  }

  /// The last step: hands on what remains and fills the report's totals
  /// (as detail::close_report does for an in-memory read).
  void finish(std::string name) {
    flush();
    log_.release_messages();  // the caller keeps the log for its people, not for a chunk's room
    auto& rep = log_.report();
    rep.source = std::move(name);
    rep.messages = messages_;
    rep.messages_with_several_recipients = several_;
  }

 private:
  message_log& log_;
  const message_sink& sink_;
  std::size_t chunk_;
  std::uint64_t bytes_ = 0, messages_ = 0, several_ = 0;
};

/// Decodes the segments of a streamed input to UTF-8, as decode_text() does
/// for a whole input: the first segment's byte-order mark decides the
/// encoding, 8-bit encodings are converted segment by segment. UTF-16 is
/// refused: its records cannot be cut at byte boundaries found in the raw
/// text (read it with read_X, or convert it to UTF-8 first).
class segment_decoder {
 public:
  segment_decoder(text_encoding e, std::string name) : enc_(e), name_(std::move(name)) {}

  /// \throws invalid_option for UTF-16 input; parse_error as decode_text().
  std::string_view operator()(std::string_view raw) {
    if (first_) {
      first_ = false;
      const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(raw[k]); };
      const bool bom16 = raw.size() >= 2 && ((byte(0) == 0xFF && byte(1) == 0xFE) || (byte(0) == 0xFE && byte(1) == 0xFF));
      if (bom16 || enc_ == text_encoding::utf16 || enc_ == text_encoding::utf16le || enc_ == text_encoding::utf16be)
        throw invalid_option(name_ + ": a streaming read takes UTF-8 or 8-bit text (encoding='utf-8', 'latin-1' "
                                     "or 'cp1252'), not UTF-16; read it in memory, or convert it to UTF-8");
      if (raw.size() >= 3 && byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) enc_ = text_encoding::utf8;
      return decode_text(raw, enc_, name_, storage_);
    }
    if (enc_ == text_encoding::utf8 || is_ascii(raw)) return raw;
    storage_.clear();
    append_8bit_as_utf8(raw, enc_ == text_encoding::cp1252, storage_);
    return storage_;
  }

 private:
  text_encoding enc_;
  std::string name_;
  std::string storage_;
  bool first_ = true;
};

/// cut() of line-based formats (JSON Lines, edge lists): the text up to its
/// last newline.
inline std::size_t cut_at_last_newline(std::string_view text, bool /*at_end*/) noexcept {
  const std::size_t k = text.rfind('\n');
  return k == std::string_view::npos ? 0 : k + 1;
}

/// Counts the newlines of `text` (the line numbers of the next segment).
inline std::uint64_t count_lines(std::string_view text) noexcept {
  return static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace detail

}  // namespace onakit
