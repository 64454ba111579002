#pragma once
// Internals shared by the JSON readers (Slack export, JSON Lines, Microsoft
// Graph messages): simdjson DOM helpers, the line loop of JSON Lines, and the
// staging of one message through the identity rules (label_cache.hpp, the
// one person cache) before it is stored.
// Not API.

#include <onakit/detail/quote.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/detail/label_cache.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#include <simdjson.h>

#include <charconv>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace onakit::inline v0_1::detail {

/// The JSON readers' person cache is the one of every reader (label_cache.hpp).
using staged_people = label_cache;

/// One message as read, with raw identifiers (views that must stay valid
/// until commit_staged() returns).
struct staged_message {
  std::string_view sender;
  std::vector<std::pair<std::string_view, role>> recipients;
  timestamp_t time = no_time;
  std::string_view id;
  /// With a key, store identities::pseudonymize_id(id) (ids often hold the
  /// sender's address); false for ids that hold no identity (Slack's `ts`).
  bool id_names_people = true;
  channel_id channel = no_channel;
  /// Used when `channel` is no_channel: interned only if the message is stored,
  /// so a refused record leaves no channel behind.
  std::string_view channel_name;
};

/// Stores a validated message through the identity rules. A dropped sender
/// skips it ("sender excluded"/"sender external"); dropped recipients are
/// counted in report().dropped ("recipient excluded"/"recipient external");
/// a message left without recipients is skipped as "no recipients after
/// identity rules". A sender or recipient with a control character
/// (identities.hpp) makes the message a bad record: `on_bad_address(is_sender)`
/// throws (strict) or counts it as "bad address", and nothing is stored.
/// Returns true if the message was stored (and counts it as kept).
template <class OnBadAddress>
bool commit_staged(message_log& log, staged_people& people, const staged_message& m,
                   std::vector<staged_people::entry*>& scratch, OnBadAddress&& on_bad_address) {
  auto& rep = log.report();
  staged_people::entry& s = people.peek(m.sender);
  if (s.why == bad_address) {
    on_bad_address(true);
    return false;
  }
  if (!s.why.empty()) {
    rep.skip("sender " + std::string(s.why));
    return false;
  }
  scratch.clear();
  bool any = false;
  for (const auto& [raw, r] : m.recipients) {
    (void)r;
    scratch.push_back(&people.peek(raw));
    if (scratch.back()->why == bad_address) {
      on_bad_address(false);
      return false;
    }
    any = any || scratch.back()->why.empty();
  }
  if (!any) {
    rep.skip("no recipients after identity rules");
    return false;
  }
  const channel_id c =
      m.channel != no_channel || m.channel_name.empty() ? m.channel : log.intern_channel(m.channel_name);
  // with a key the id is stored as its keyed pseudonym (identities::pseudonymize_id)
  if (m.id_names_people && people.masks_values())
    log.begin_message(people.id(log, s), m.time, people.rules()->pseudonymize_id(m.id), c);
  else
    log.begin_message(people.id(log, s), m.time, m.id, c);
  for (std::size_t k = 0; k < scratch.size(); ++k) {
    if (scratch[k]->why.empty()) log.add_recipient(people.id(log, *scratch[k]), m.recipients[k].second);
    else rep.drop("recipient " + std::string(scratch[k]->why));
  }
  ++rep.records_kept;
  return true;
}

/// commit_staged() counting a bad address as a skipped "bad address" (for
/// readers that cannot name a line when they commit, such as the Slack export).
inline bool commit_staged(message_log& log, staged_people& people, const staged_message& m,
                          std::vector<staged_people::entry*>& scratch) {
  return commit_staged(log, people, m, scratch, [&](bool) { log.report().skip(std::string(bad_address)); });
}

// ---- simdjson DOM helpers ---------------------------------------------------

/// The value at a dotted path (`from.emailAddress.address`) of an object, or
/// nullopt when a step is missing or not an object. JSON null is returned as
/// an element (callers treat it like a missing value).
inline std::optional<simdjson::dom::element> json_at(simdjson::dom::element e, std::string_view path) {
  for (;;) {
    simdjson::dom::object obj;
    if (e.get(obj) != simdjson::SUCCESS) return std::nullopt;
    const std::size_t dot = path.find('.');
    const std::string_view key = path.substr(0, dot);
    if (obj.at_key(key).get(e) != simdjson::SUCCESS) return std::nullopt;
    if (dot == std::string_view::npos) return e;
    path.remove_prefix(dot + 1);
  }
}

/// A present, non-null value.
inline bool json_present(const std::optional<simdjson::dom::element>& e) {
  return e && !e->is_null();
}

/// The string at `e`, or nullopt if it is not a string.
inline std::optional<std::string_view> json_string(simdjson::dom::element e) {
  std::string_view s;
  if (e.get(s) != simdjson::SUCCESS) return std::nullopt;
  return s;
}

/// A string, or an integer/number written as text (ids and timestamps are
/// often numbers in JSON). nullopt for other types.
inline std::optional<std::string> json_scalar_text(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::STRING: return std::string(*json_string(e));
    case simdjson::dom::element_type::INT64: return std::to_string(std::int64_t(e));
    case simdjson::dom::element_type::UINT64: return std::to_string(std::uint64_t(e));
    case simdjson::dom::element_type::DOUBLE: {
      // Unix seconds with a fraction: six decimals keep the microseconds.
      char b[64];
      const auto r = std::to_chars(b, b + sizeof b, double(e), std::chars_format::fixed, 6);
      return std::string(b, r.ptr);
    }
    default: return std::nullopt;
  }
}

inline bool blank_line(std::string_view s) {
  for (const char c : s)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

/// Calls `f(object, line)` for every non-blank line of JSON Lines text that
/// parses as a JSON object; counts records_read; reports lines that are not
/// JSON ("invalid JSON") or not an object ("not an object") through `bad`.
/// `bad(line, field, reason, hint)` throws in strict mode or counts the skip.
/// Polls `interrupt` every 4096 lines with the bytes read so far (interrupt.hpp);
/// `computation` names the public reader in onakit::interrupted. `line` is
/// the number of lines before `text` (a streaming read's earlier segments);
/// only a `first` text has its BOM skipped and is refused when empty.
/// Returns the number of the last line read.
template <class Bad, class F>
std::uint64_t for_each_json_line(std::string_view text, const std::string& name, message_log& log, Bad&& bad, F&& f,
                                 const interrupt_check& interrupt = {}, const char* computation = "read_jsonl",
                                 std::uint64_t line = 0, bool first = true) {
  if (first && text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (first && (blank_line(text) || text.find_first_not_of(" \t\r\n") == std::string_view::npos))
    throw parse_error(name, 0, "", "empty input", "expected one JSON object per line");
  // One padded copy of the whole text: each line is parsed in place (the bytes
  // after a line, plus the padding, satisfy simdjson's padding requirement).
  const simdjson::padded_string buf(text);
  simdjson::dom::parser parser;
  std::size_t pos = 0;
  while (pos < buf.size()) {
    std::size_t end = std::string_view(buf.data(), buf.size()).find('\n', pos);
    if (end == std::string_view::npos) end = buf.size();
    ++line;
    if ((line & 4095) == 0) poll(interrupt, computation, pos, buf.size());
    const std::string_view ln(buf.data() + pos, end - pos);
    pos = end + 1;
    if (blank_line(ln)) continue;
    ++log.report().records_read;
    simdjson::dom::element doc;
    if (const auto err = parser.parse(ln.data(), ln.size(), false).get(doc); err != simdjson::SUCCESS) {
      bad(line, std::string{}, "invalid JSON", std::string(simdjson::error_message(err)));
      continue;
    }
    if (!doc.is_object()) {
      bad(line, std::string{}, "not an object", "each line must be one JSON object {...}");
      continue;
    }
    f(doc, line);
  }
  return line;
}

/// Parses a timestamp value (string, or Unix seconds/milliseconds as a number).
/// Returns false for a value of the wrong type or that does not parse.
inline bool json_timestamp(simdjson::dom::element e, timestamp_t& out) {
  const auto text = json_scalar_text(e);
  if (!text) return false;
  const auto t = try_parse_timestamp(*text);
  if (!t) return false;
  out = *t;
  return true;
}

}  // namespace onakit::detail
