#pragma once
/// \file jsonl.hpp
/// Reads messages from JSON Lines: one JSON object per line, one message per
/// object, with documented (and renamable) fields.
///
/// The generic format for sources that have no reader of their own. A line:
/// \code{.json}
///   {"sender": "ann@corp.example", "recipients": ["bob@corp.example", "cy@corp.example"],
///    "timestamp": "2024-03-01T09:00:00Z", "role": "cc", "message_id": "m1", "channel": "#ops"}
/// \endcode
///
/// | option       | default        | the field holds                                               |
/// |--------------|----------------|---------------------------------------------------------------|
/// | `sender`     | `"sender"`     | the sender's identifier (a string)                            |
/// | `recipients` | `"recipients"` | an array of strings, or one string split at `recipient_sep`   |
/// | `timestamp`  | `"timestamp"`  | a time string (see timestamp.hpp) or Unix seconds/ms as a number; `""` = none |
/// | `role`       | `""` (none)    | the role of every recipient of the line (to, cc, bcc, mention, reply, direct, member); none = `to` |
/// | `message_id` | `""` (none)    | the message id (string or number), kept as message_log::message_id |
/// | `channel`    | `""` (none)    | a channel or thread name (string), interned in message_log::channels() |
/// | `reply_to`   | `""` (none)    | the message id (string or number) of the message this one answers: a reply link (message_log::set_parent; needs `message_id`); an id naming no message of the input is counted in `report().dropped["reply to unknown parent"]` |
///
/// Rules:
/// - A field name with dots is a path into nested objects: `sender =
///   "from.address"` reads `{"from": {"address": ...}}`. (A key that itself
///   contains a dot cannot be named.) Other fields are ignored.
/// - Blank lines are skipped and not counted; a UTF-8 BOM is skipped. Lines
///   are numbered from 1 in errors.
/// - Every line is its own message; lines are not grouped by `message_id`.
/// - Strings are trimmed. An empty entry in a recipient list (`""` in the
///   array, `a;;b`) is dropped and counted in `report().dropped["empty recipient"]`.
/// - A missing or null timestamp, or an empty string, gives a message without
///   time (no_time), counted in `report().dropped["missing timestamp"]`.
///   A missing or null role is `to`; a missing or null message id or channel is none.
/// - People are resolved through `identity_rules` before they are stored
///   (see identities.hpp): a dropped sender skips the line as "sender
///   excluded"/"sender external", dropped recipients are counted in
///   `report().dropped["recipient excluded"]`/`["recipient external"]`, and a
///   line left without recipients is skipped as "no recipients after identity
///   rules". These are policy, not errors: strict mode does not throw for them.
///
/// Bad records, under the reason each is reported/counted with: `invalid
/// JSON`, `not an object`, `missing sender` (absent or null), `empty sender`,
/// `no recipients` (absent, null, or nothing but empty entries), `wrong
/// type` (e.g. a number as sender, an object in the recipient array), `bad
/// timestamp`, `unknown role`, `bad address` (a sender or recipient with a
/// control character such as `\u0000`, identities.hpp). With error_policy::strict the first one throws
/// parse_error(file, line, field, reason, hint); with error_policy::skip the
/// line is skipped and counted in `report().skipped[reason]`. Either way
/// `report().balanced()` holds. Error messages never quote people's
/// identifiers; with a pseudonymize_key the values they do quote (a role, a
/// timestamp) are masked (detail/quote.hpp) and message ids are stored as
/// identities::pseudonymize_id(). An input with no non-blank line is a
/// parse_error "empty input".
///
/// Complexity: O(bytes), serial; simdjson parses each line in place from one
/// padded copy of the input. Memory: the text twice, plus the log.
///
/// Example:
/// \code
///   onakit::jsonl_options o;
///   o.sender = "from.address"; o.recipients = "to"; o.timestamp = "sent_at";
///   onakit::message_log log = onakit::read_jsonl("messages.jsonl", o);
/// \endcode
///
/// See graph_messages.hpp for Microsoft Graph message objects.

#include <onakit/ingest/detail/json_messages.hpp>
#include <onakit/ingest/detail/reader.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/stream.hpp>
#include <onakit/ingest/text_source.hpp>
#include <onakit/ingest/text_stream.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace onakit::inline v0_1 {

/// Options of read_jsonl(); see the file summary for the format.
struct jsonl_options {
  std::string sender = "sender";          ///< sender field (dotted path allowed)
  std::string recipients = "recipients";  ///< recipients field: array of strings, or a string
  std::string timestamp = "timestamp";    ///< time field; empty => none (messages get no_time)
  std::string role{};        ///< role field; empty => every recipient is role::to
  std::string message_id{};  ///< message-id field; empty => none
  std::string channel{};     ///< channel/thread field; empty => none
  /// Field holding the message id of the message this one answers (a reply
  /// link, message_log::set_parent); empty => none. Needs `message_id`.
  std::string reply_to{};
  /// Separator when `recipients` is a string; '\0' => the string is one recipient.
  char recipient_sep = ';';
  error_policy errors = error_policy::strict;  ///< throw on a bad line, or skip and count it
  /// Largest input read, in bytes after decompression (text_source.hpp):
  /// more is an io_error, so a gzip bomb or an endless device cannot exhaust memory.
  std::uint64_t max_input_bytes = default_max_input_bytes;
  /// Identity rules applied to every identifier before it is stored; null =
  /// the trimmed strings as written (see the file summary).
  std::shared_ptr<const identities> identity_rules{};
  /// Polled every 4096 lines with the bytes read so far (interrupt.hpp); true stops the read.
  interrupt_check interrupt{};
};

namespace detail {

/// `bad` callback of the JSON readers: throw (strict) or count (skip).
struct json_bad_record {
  message_log& log;
  const std::string& name;
  error_policy errors;
  void operator()(std::uint64_t line, std::string field, const char* reason, std::string hint) const {
    if (errors == error_policy::strict) throw parse_error(name, line, std::move(field), reason, std::move(hint));
    log.report().skip(reason);
  }
};

}  // namespace detail

namespace detail {

/// The line loop of read_jsonl_text() and stream_jsonl(): parses successive
/// pieces of one input (each ending at a line end) into a log, keeping the
/// line numbers and the person cache from one piece to the next. Reply
/// links (reply_to=) are collected only with `link_replies` (a streaming
/// read hands its messages on before their replies are seen).
class jsonl_parser {
 public:
  jsonl_parser(const jsonl_options& opt, std::string name, bool link_replies)
      : o(opt), name_(std::move(name)), link_replies_(link_replies), people(opt.identity_rules.get()) {
    if (!opt.reply_to.empty() && opt.message_id.empty())
      throw invalid_option("reply_to=" + opt.reply_to +
                           " names the parent's message id: message_id= must name the field holding each message's id");
  }

  /// Parses the lines of `text` into `log`; `first` says whether `text` is
  /// the start of the input (a BOM is skipped, an empty input refused).
  /// \throws parse_error for empty input or (strict) a bad line.
  void parse(std::string_view text, message_log& log, bool first, const interrupt_check& interrupt) {
    const json_bad_record bad{log, name_, o.errors};
    const auto wrong_type = [&](std::uint64_t line, const std::string& field, const char* want) {
      bad(line, field, "wrong type", std::string("expected ") + want);
    };
    line_ = for_each_json_line(text, name_, log, bad, [&](simdjson::dom::element doc, std::uint64_t line) {
        // sender
        const auto se = json_at(doc, o.sender);
        if (!json_present(se)) return bad(line, o.sender, "missing sender", "every line needs a sender");
        const auto s = json_string(*se);
        if (!s) return wrong_type(line, o.sender, "a string");
        m.sender = trim(*s);
        if (m.sender.empty()) return bad(line, o.sender, "empty sender", "every line needs a sender");
        // role (applies to every recipient)
        role r = role::to;
        if (!o.role.empty()) {
          const auto re = json_at(doc, o.role);
          if (json_present(re)) {
            const auto rs = json_string(*re);
            if (!rs) return wrong_type(line, o.role, "a string");
            const auto parsed = role_from_string(*rs);
            if (!parsed)
              return bad(line, o.role, "unknown role",
                         quote_value(*rs, people.masks_values()) +
                             " is not one of to, cc, bcc, mention, reply, direct, member");
            r = *parsed;
          }
        }
        // recipients
        m.recipients.clear();
        std::uint64_t empty_entries = 0;
        const auto add = [&](std::string_view v) {
          v = trim(v);
          if (v.empty()) ++empty_entries;
          else m.recipients.emplace_back(v, r);
        };
        const auto rc = json_at(doc, o.recipients);
        if (!json_present(rc)) return bad(line, o.recipients, "no recipients", "the field is missing or null");
        if (const auto str = json_string(*rc)) {
          if (o.recipient_sep == '\0') {
            add(*str);
          } else {
            std::size_t start = 0;
            for (;;) {
              const std::size_t stop = std::min(str->find(o.recipient_sep, start), str->size());
              add(str->substr(start, stop - start));
              if (stop >= str->size()) break;
              start = stop + 1;
            }
          }
        } else if (rc->is_array()) {
          for (const simdjson::dom::element x : simdjson::dom::array(*rc)) {
            const auto xs = json_string(x);
            if (!xs) return wrong_type(line, o.recipients, "an array of strings");
            add(*xs);
          }
        } else {
          return wrong_type(line, o.recipients, "an array of strings, or a string");
        }
        if (m.recipients.empty()) return bad(line, o.recipients, "no recipients", "the recipient list is empty");
        // timestamp
        m.time = no_time;
        bool missing_time = false;
        if (!o.timestamp.empty()) {
          const auto te = json_at(doc, o.timestamp);
          const auto ts = te ? json_string(*te) : std::nullopt;
          if (!json_present(te) || (ts && trim(*ts).empty())) {
            missing_time = true;
          } else if (!json_timestamp(*te, m.time)) {
            return bad(line, o.timestamp, "bad timestamp",
                       ts ? "cannot parse " + quote_value(*ts, people.masks_values()) +
                                " as a time; expected ISO 8601 like 2024-03-01T09:00:00Z, "
                                "'YYYY-MM-DD HH:MM:SS', or Unix seconds/milliseconds"
                          : "expected a string or a number (Unix seconds or milliseconds)");
          }
        }
        // message id and channel
        m.id = {};
        if (!o.message_id.empty()) {
          const auto ie = json_at(doc, o.message_id);
          if (json_present(ie)) {
            auto t = json_scalar_text(*ie);
            if (!t) return wrong_type(line, o.message_id, "a string or a number");
            id_text = std::move(*t);
            m.id = id_text;
          }
        }
        std::string_view parent_id;
        if (!o.reply_to.empty()) {
          const auto pe = json_at(doc, o.reply_to);
          if (json_present(pe)) {
            auto t = json_scalar_text(*pe);
            if (!t) return wrong_type(line, o.reply_to, "a string or a number");
            parent_text = std::move(*t);
            parent_id = parent_text;
          }
        }
        m.channel_name = {};
        if (!o.channel.empty()) {
          const auto ce = json_at(doc, o.channel);
          if (json_present(ce)) {
            const auto cs = json_string(*ce);
            if (!cs) return wrong_type(line, o.channel, "a string");
            m.channel_name = trim(*cs);
          }
        }
        if (!commit_staged(log, people, m, scratch, [&](bool sender) {
              bad(line, sender ? o.sender : o.recipients, bad_address.data(), std::string(bad_address_hint));
            }))
          return;
        if (!o.reply_to.empty() && link_replies_) {
          parent_ids.resize(log.num_messages() - 1);
          if (parent_id.empty()) parent_ids.emplace_back();
          else if (people.masks_values()) parent_ids.push_back(people.rules()->pseudonymize_id(parent_id));
          else parent_ids.emplace_back(parent_id);
        }
        auto& rep = log.report();
        if (empty_entries != 0) rep.drop("empty recipient", empty_entries);
        if (missing_time) rep.drop("missing timestamp");
    }, interrupt, "read_jsonl", line_, first);
  }

  /// Links the replies (reply_to=) of an in-memory read; see read_jsonl_text().
  void link(message_log& log) {
    if (o.reply_to.empty()) return;
    parent_ids.resize(log.num_messages());
    if (const std::size_t unknown = log.link_parents_by_id(parent_ids); unknown != 0)
      log.report().drop("reply to unknown parent", unknown);
  }

 private:
  const jsonl_options& o;
  std::string name_;
  bool link_replies_;
  std::uint64_t line_ = 0;
  std::vector<std::string> parent_ids;  // per kept message, with reply_to
  staged_people people;
  staged_message m;
  std::vector<staged_people::entry*> scratch;
  std::string id_text, parent_text;
};

}  // namespace detail

/// Reads JSON Lines messages from text already in memory.
///
/// \param text  the whole input, one JSON object per line
/// \param o     field names and options (see jsonl_options)
/// \param name  the input's name, used in errors and report().source
/// \throws parse_error for empty input or (strict) a bad line
/// \par Complexity  O(bytes).
[[nodiscard]] inline message_log read_jsonl_text(std::string_view text, const jsonl_options& o = {},
                                                 std::string name = "<memory>") {
  message_log log;
  detail::jsonl_parser parser(o, name, /*link_replies=*/true);
  parser.parse(text, log, /*first=*/true, o.interrupt);
  parser.link(log);
  detail::close_report(log, std::move(name));
  return log;
}

/// Reads a JSON Lines file of messages (gzip if the name ends in .gz).
/// See read_jsonl_text() and the file summary.
/// \throws io_error if the file cannot be read; parse_error as read_jsonl_text().
[[nodiscard]] inline message_log read_jsonl(const std::filesystem::path& path, const jsonl_options& o = {}) {
  return detail::read_input(path, /*populate=*/false, o.max_input_bytes, [&](std::string_view t, std::string name) {
    return read_jsonl_text(t, o, std::move(name));
  });
}

/// Streams a JSON Lines file of messages (gzip if the name ends in .gz) to
/// `sink`, chunk by chunk (ingest/stream.hpp): memory holds the people, one
/// chunk of messages and one window of the file. The lines are parsed by
/// read_jsonl()'s loop (detail::jsonl_parser), so the chunks, concatenated,
/// are the messages of read_jsonl(path, o) with the same ids, line numbers
/// and report, except for reply links: with `reply_to` no parent is linked
/// (a chunk is handed on before its replies are read; ties do not need the
/// links) and dropped["reply to unknown parent"] is not counted.
/// `o.interrupt` is polled every 4096 lines and once per window.
/// \return the log without messages: people, channel names and the report.
/// \throws io_error, parse_error, invalid_option as read_jsonl();
///   invalid_option for chunk_messages == 0.
/// \par Complexity  O(bytes); memory O(people + chunk + window).
[[nodiscard]] inline message_log stream_jsonl(const std::filesystem::path& path, const jsonl_options& o,
                                              const message_sink& sink,
                                              std::size_t chunk_messages = default_chunk_messages) {
  message_log log;
  detail::chunk_handout out(log, sink, chunk_messages);
  text_stream in = text_stream::open(path, o.max_input_bytes);
  const std::string name = in.name();
  detail::jsonl_parser parser(o, name, /*link_replies=*/false);
  in.guarded([&] {
    std::string_view seg;
    bool first = true;
    // The first segment holds a non-blank line, so that "empty input" means the whole file.
    const auto cut = [&](std::string_view t, bool at_end) {
      const std::size_t k = detail::cut_at_last_newline(t, at_end);
      return first && trim(t.substr(0, k)).empty() ? 0 : k;
    };
    while (in.next(seg, out.window(), cut)) {
      detail::poll(o.interrupt, "stream_jsonl", in.offset(), in.size_hint());
      parser.parse(seg, log, first, o.interrupt);
      first = false;
      out.after_segment(seg.size());
    }
    if (first) throw parse_error(name, 0, "", "empty input", "expected one JSON object per line");
  });
  out.finish(name);
  return log;
}

}  // namespace onakit
