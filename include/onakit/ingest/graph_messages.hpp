#pragma once
/// \file graph_messages.hpp
/// Reads Microsoft Graph mail messages saved as JSON Lines (one `message`
/// resource per line, as written by paging `GET /users/{id}/messages` and
/// emitting each element of `value`).
///
/// A line (fields other than these are ignored):
/// \code{.json}
///   {"id": "AAMkAG...", "conversationId": "AAQkAG...", "sentDateTime": "2024-03-01T09:00:00Z",
///    "isDraft": false,
///    "from": {"emailAddress": {"name": "Ann", "address": "ann@corp.example"}},
///    "toRecipients": [{"emailAddress": {"name": "Bob", "address": "bob@corp.example"}}],
///    "ccRecipients": [], "bccRecipients": []}
/// \endcode
///
/// Semantics:
/// | Graph field                  | becomes                                                   |
/// |------------------------------|-----------------------------------------------------------|
/// | `from.emailAddress.address`  | the sender (else `sender.emailAddress.address`, the mailbox that sent it) |
/// | `toRecipients`, `ccRecipients`, `bccRecipients` | recipients with role to, cc, bcc (`emailAddress.address` of each) |
/// | `sentDateTime`               | the time (ISO 8601, UTC)                                  |
/// | `id`                         | message_log::message_id                                   |
/// | `conversationId`             | the message's channel (one per conversation/thread)       |
///
/// Rules:
/// - `"isDraft": true` messages were never sent: skipped and counted as
///   "draft" (policy, not an error).
/// - A missing or null `sentDateTime` gives a message without time, counted
///   in `report().dropped["missing sentDateTime"]`.
/// - A recipient entry without an address (absent, null or empty) is dropped
///   and counted in `report().dropped["recipient without address"]`; names
///   (`emailAddress.name`) are never used as identities.
/// - Identity rules, blank lines, BOM and line numbers as in jsonl.hpp.
///
/// Bad records, under the reason each is reported/counted with: `invalid
/// JSON`, `not an object`, `missing sender` (no address in `from` or
/// `sender`), `no recipients` (no addressed recipient in the three lists),
/// `wrong type` (e.g. `toRecipients` not an array), `bad timestamp`, `bad
/// address` (an address with a control character, identities.hpp). Strict
/// mode throws parse_error(file, line, field, reason, hint) for the first;
/// skip mode counts them in `report().skipped`; `report().balanced()` holds.
///
/// Reply links (message_log::parent(), for temporal/response_times.hpp):
/// none. A Graph `message` names no parent: `conversationId` only groups
/// the messages of a conversation (it becomes the channel, in no reliable
/// order of who answered whom) and `replyTo` is the Reply-To address list,
/// not a message. (The In-Reply-To header is only in
/// `internetMessageHeaders` when requested with `$select`; the samples in
/// msgraph-docs-samples do not have it.)
///
/// Not read: Teams `chatMessage` resources (a different shape: teams_messages.hpp) and whole
/// response pages (`{"value": [...]}` on one line: write one message per line).
///
/// Complexity: O(bytes), serial.
///
/// Example:
/// \code
///   onakit::message_log log = onakit::read_graph_messages("mailbox.jsonl");
/// \endcode

#include <onakit/ingest/detail/json_messages.hpp>
#include <onakit/ingest/detail/reader.hpp>
#include <onakit/ingest/jsonl.hpp>
#include <onakit/interrupt.hpp>

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// Options of read_graph_messages().
struct graph_messages_options {
  error_policy errors = error_policy::strict;  ///< throw on a bad line, or skip and count it
  /// Largest input read, in bytes after decompression (text_source.hpp):
  /// more is an io_error, so a gzip bomb or an endless device cannot exhaust memory.
  std::uint64_t max_input_bytes = default_max_input_bytes;
  /// Identity rules applied to every address before it is stored (see jsonl.hpp).
  std::shared_ptr<const identities> identity_rules{};
  /// Polled every 4096 lines from the calling thread, with the position in
  /// bytes read so far (interrupt.hpp); true stops the read (interrupted).
  interrupt_check interrupt{};
};

/// Reads Microsoft Graph messages (JSON Lines) from text already in memory.
/// \throws parse_error for empty input or (strict) a bad line
/// \throws interrupted when `o.interrupt` asks to stop
[[nodiscard]] inline message_log read_graph_messages_text(std::string_view text,
                                                          const graph_messages_options& o = {},
                                                          std::string name = "<memory>") {
  message_log log;
  const detail::json_bad_record bad{log, name, o.errors};
  detail::staged_people people(o.identity_rules.get());
  detail::staged_message m;
  std::vector<detail::staged_people::entry*> scratch;
  std::string id_text;
  static constexpr std::array<std::pair<const char*, role>, 3> lists = {
      {{"toRecipients", role::to}, {"ccRecipients", role::cc}, {"bccRecipients", role::bcc}}};
  const auto address_of = [](simdjson::dom::element e) -> std::string_view {
    const auto a = detail::json_at(e, "emailAddress.address");
    if (!detail::json_present(a)) return {};
    const auto s = detail::json_string(*a);
    return s ? detail::trim(*s) : std::string_view{};
  };
  detail::for_each_json_line(text, name, log, bad, [&](simdjson::dom::element doc, std::uint64_t line) {
    if (const auto d = detail::json_at(doc, "isDraft"); d && d->is_bool() && bool(*d)) {
      log.report().skip("draft");
      return;
    }
    m.sender = {};
    for (const char* f : {"from", "sender"})
      if (const auto e = detail::json_at(doc, f); detail::json_present(e) && m.sender.empty()) m.sender = address_of(*e);
    if (m.sender.empty())
      return bad(line, "from", "missing sender", "expected from.emailAddress.address (or sender.emailAddress.address)");
    m.recipients.clear();
    std::uint64_t unaddressed = 0;
    for (const auto& [field, r] : lists) {
      const auto e = detail::json_at(doc, field);
      if (!detail::json_present(e)) continue;
      if (!e->is_array()) return bad(line, field, "wrong type", "expected an array of recipients");
      for (const simdjson::dom::element x : simdjson::dom::array(*e)) {
        const std::string_view a = address_of(x);
        if (a.empty()) ++unaddressed;
        else m.recipients.emplace_back(a, r);
      }
    }
    if (m.recipients.empty())
      return bad(line, "toRecipients", "no recipients", "no address in toRecipients, ccRecipients or bccRecipients");
    m.time = no_time;
    bool missing_time = false;
    const auto te = detail::json_at(doc, "sentDateTime");
    if (!detail::json_present(te)) {
      missing_time = true;
    } else {
      const auto ts = detail::json_string(*te);
      if (!ts) return bad(line, "sentDateTime", "wrong type", "expected an ISO 8601 string");
      const auto t = try_parse_timestamp(*ts);
      if (!t)
        return bad(line, "sentDateTime", "bad timestamp",
                   "cannot parse " + detail::quote_value(*ts, people.masks_values()) +
                       " as a time; expected ISO 8601 like 2024-03-01T09:00:00Z");
      m.time = *t;
    }
    m.id = {};
    if (const auto ie = detail::json_at(doc, "id"); detail::json_present(ie)) {
      if (auto t = detail::json_scalar_text(*ie)) {
        id_text = std::move(*t);
        m.id = id_text;
      }
    }
    m.channel_name = {};
    if (const auto ce = detail::json_at(doc, "conversationId"); detail::json_present(ce))
      if (const auto cs = detail::json_string(*ce)) m.channel_name = detail::trim(*cs);
    if (!detail::commit_staged(log, people, m, scratch, [&](bool sender) {
          bad(line, sender ? "from" : "toRecipients", detail::bad_address.data(), std::string(detail::bad_address_hint));
        }))
      return;
    if (unaddressed != 0) log.report().drop("recipient without address", unaddressed);
    if (missing_time) log.report().drop("missing sentDateTime");
  }, o.interrupt, "read_graph_messages");
  detail::close_report(log, std::move(name));
  return log;
}

/// Reads a JSON Lines file of Microsoft Graph messages (gzip if the name ends in .gz).
/// \throws io_error if the file cannot be read; parse_error, interrupted as read_graph_messages_text().
[[nodiscard]] inline message_log read_graph_messages(const std::filesystem::path& path,
                                                     const graph_messages_options& o = {}) {
  return detail::read_input(path, /*populate=*/false, o.max_input_bytes, [&](std::string_view t, std::string name) {
    return read_graph_messages_text(t, o, std::move(name));
  });
}

}  // namespace onakit
