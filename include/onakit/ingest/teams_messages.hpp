#pragma once
/// \file teams_messages.hpp
/// Reads Microsoft Teams chat and channel messages as the Microsoft Graph API
/// returns them (`chatMessage` resources) into a message_log, turning chat
/// messages into ties by documented rules, and their reply links into
/// message_log::parent().
///
/// Input: one or several files, or folders of them (walked recursively,
/// files ending in `.json`, `.jsonl`, `.ndjson`, optionally `.gz`, in path
/// order). A file is either one Graph response page, as saved from
/// `GET /chats/{id}/messages`, `GET /teams/{id}/channels/{id}/messages` or
/// `.../messages/{id}/replies`:
/// \code{.json}
///   {"@odata.context": "...", "value": [
///     {"id": "1616989753153", "replyToId": "1616989510408", "messageType": "message",
///      "createdDateTime": "2021-03-29T03:49:13.153Z", "deletedDateTime": null,
///      "chatId": null,
///      "channelIdentity": {"teamId": "fbe2...", "channelId": "19:4a95...@thread.tacv2"},
///      "from": {"application": null, "device": null,
///               "user": {"id": "8ea0e38b-...", "displayName": "Robin Kline"}},
///      "mentions": [{"id": 0, "mentioned": {"user": {"id": "1fb8890f-..."}}}]}]}
/// \endcode
/// a bare JSON array of messages, or JSON Lines (one message, or one page,
/// per line). Fields other than these are ignored; message bodies are never read.
///
/// Conversations: a message belongs to its chat (`chatId`, stored as channel
/// `chat:<chatId>`) or its channel (`channelIdentity.channelId`, stored as
/// `channel:<channelId>`); a message with neither is a conversation of its
/// own. With a pseudonymize_key chat ids are stored as
/// identities::pseudonymize_id() (1:1 chat ids contain both users' ids).
///
/// Recipients of a kept message, each person at most once, with the first
/// role that applies in this order (the sender is never their own recipient):
///
/// | role           | who                                                                 |
/// |----------------|---------------------------------------------------------------------|
/// | `role::mention`| every user in `mentions[].mentioned.user.id`, if `mentions` (mentions of a channel, team or tag are not people: counted in `dropped["mention (not a user)"]`) |
/// | `role::reply`  | a reply (`replyToId` set): the parent's author; with `reply_to_thread_participants`, also everyone who replied earlier in the thread |
/// | `role::member` | a message that is not a reply, by `channel_ties`: `recent` = everyone who posted in the conversation within `recent_window_seconds` before it (inclusive); `members` = the conversation's member list; `none` = nobody |
///
/// A reply is also linked to its parent (message_log::set_parent()) when the
/// parent is a kept message of the input (any file: replies usually come
/// from a separate `/replies` page); otherwise the link is counted in
/// `dropped`: `reply link (parent not in input)` or `reply link (parent not
/// kept)`.
///
/// Member lists (for `channel_ties = members`) come from
/// teams_options::members (read_teams_members(), teams_members.hpp: a conversation id ->
/// members mapping, or a `GET /chats?$expand=members` response) and from
/// `chat` resources with a `members` array found among the input's records
/// and member pages (`GET /chats/{id}/members`, `GET
/// /teams/{id}/channels/{id}/members`, recognised by their `@odata.context`)
/// among the input files (these are not messages and not counted as records). A member is a Graph
/// `conversationMember` (`userId`, `email`) or a plain user id. Lists of
/// conversations without any message are counted in
/// `dropped["member list of a conversation without messages"]`; with
/// `channel_ties = members`, lists that name none of the input's
/// conversations are an invalid_option (mismatched inputs, not an empty log).
///
/// People: a user is identified by their Azure AD user id (`from.user.id`;
/// display names are never used) or, with `resolve_emails`, by the e-mail a
/// member list gives for that id, so Teams and mail identities merge. Every
/// identifier then goes through `identity_rules` (identities.hpp) as in
/// every reader.
///
/// Order: conversations in the order of their first record; a
/// conversation's messages by `createdDateTime` (stable), so the log lists
/// conversations one after the other. Every message that passes the checks
/// (kept or skipped for lack of recipients) counts as the sender's
/// participation for the `recent` window and the thread.
///
/// Skipped records (policy, counted, never thrown):
/// | reason                                   | when                                      |
/// |------------------------------------------|-------------------------------------------|
/// | `messageType <type>`                     | a system message: `messageType` other than `message` (`systemEventMessage`, `unknownFutureValue`, `chatEvent`, `typing`); a value not shaped like a Graph enum is `messageType (unrecognised)` |
/// | `deleted`                                | `deletedDateTime` is set                  |
/// | `bot or application sender`              | `from.user` absent but `from.application` or `from.device` set |
/// | `duplicate message`                      | a message id seen before in the same conversation (overlapping pages) |
/// | `no recipients (quiet conversation)`     | `recent`: nobody else posted in the window |
/// | `no recipients (no members listed)`      | `members`: no member list, or only the sender |
/// | `no recipients (channel_ties=none)`      | `none`: a message without mention        |
/// | `no recipients (parent not in input)`    | a reply whose parent is not in the input, without mention |
/// | `no recipients (own thread)`             | a reply to one's own message, nobody else involved |
/// | `sender excluded`, `sender external`, `no recipients after identity rules` | identity rules |
///
/// Bad records (strict throws parse_error naming the file and the record's
/// 1-based position in the page's `value`, or its line in JSON Lines; skip
/// counts them): `invalid JSON`, `not an object`, `missing sender` (no
/// `from.user.id`), `wrong type` (e.g. `mentions` not an array), `bad
/// timestamp` (`createdDateTime` missing or not ISO 8601), `bad address`. An
/// empty file is `empty input`. Errors never quote user ids; with a key a
/// bad timestamp is masked.
///
/// Complexity: O(bytes + m log m + ties) for m messages; memory O(m)
/// (every message is held until its conversation's replies are resolved).
///
/// Example:
/// \code
///   onakit::teams_options o;
///   o.channel_ties = onakit::teams_channel_ties::members;
///   o.members = onakit::read_teams_members("chats-with-members.json");
///   onakit::message_log log = onakit::read_teams_messages("teams-export/", o);
/// \endcode

#include <onakit/chrono.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/detail/json_messages.hpp>
#include <onakit/ingest/detail/reader.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/teams_members.hpp>
#include <onakit/ingest/text_source.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <unordered_set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// Whom a message that is not a reply reaches (see the file summary).
enum class teams_channel_ties : std::uint8_t {
  recent,   ///< everyone who posted in the conversation within recent_window_seconds before it
  members,  ///< the conversation's member list (teams_options::members, chat resources in the input)
  none,     ///< nobody: only mentions and replies make ties
};

/// Options of read_teams_messages(); see the file summary for the semantics.
struct teams_options {
  teams_channel_ties channel_ties = teams_channel_ties::recent;
  /// The `recent` window, in seconds (> 0) or a std::chrono::duration.
  seconds_value recent_window_seconds = 3600.0;
  /// Replies also reach everyone who replied earlier in the thread.
  bool reply_to_thread_participants = false;
  /// \@mentions make ties (role::mention).
  bool mentions = true;
  /// Identify users by the e-mail their member record gives, where known.
  bool resolve_emails = true;
  /// Member lists the export lacks (read_teams_members()); merged with the
  /// chat resources found in the input.
  teams_members members{};
  error_policy errors = error_policy::strict;  ///< throw on a bad record, or skip and count it
  /// Largest input file read, in bytes after decompression (text_source.hpp).
  std::uint64_t max_input_bytes = default_max_input_bytes;
  /// Identity rules applied to every identifier before it is stored.
  std::shared_ptr<const identities> identity_rules{};
  /// Polled per file and every 4096 records (interrupt.hpp); true stops the read.
  interrupt_check interrupt{};
};

namespace detail {

/// The report key of a skipped messageType: "messageType <value>" for a
/// Graph-shaped enum value (letters and digits, at most 40), else
/// "messageType (unrecognised)", so a stray value is never copied into the report.
inline std::string teams_type_reason(std::string_view type) {
  const bool named = !type.empty() && type.size() <= 40 && std::all_of(type.begin(), type.end(), [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                     });
  return named ? "messageType " + std::string(type) : std::string("messageType (unrecognised)");
}

struct teams_message {
  std::string id, reply_to, user;
  timestamp_t time = no_time;
  std::vector<std::string> mentions;
  std::uint64_t non_person_mentions = 0;
  std::size_t file = 0;       // index into the file names
  std::uint64_t record = 0;   // 1-based position (page) or line (JSON Lines)
  std::size_t order = 0;      // reading order
};

struct teams_conversation {
  std::string id;     // chatId / channelId as written ("" = unknown)
  std::string label;  // channel label stored in the log
  std::vector<teams_message> messages;
};

/// The files of the inputs: files as given, folders walked recursively
/// (JSON and JSON Lines files, optionally gzipped, in path order).
inline std::vector<std::filesystem::path> teams_input_files(const std::vector<std::filesystem::path>& inputs,
                                                            ingest_report& rep) {
  namespace fs = std::filesystem;
  if (inputs.empty()) throw invalid_option("read_teams_messages: no input path given");
  std::vector<fs::path> out;
  for (const auto& p : inputs) {
    std::error_code ec;
    if (!fs::exists(p, ec)) throw io_error(p.string(), "no such file or folder");
    if (!fs::is_directory(p, ec)) {
      out.push_back(p);
      continue;
    }
    std::vector<fs::path> found;
    fs::recursive_directory_iterator walk(p, ec);
    for (; !ec && walk != fs::recursive_directory_iterator(); walk.increment(ec)) {
      std::error_code sec;
      if (!walk->is_regular_file(sec)) continue;
      std::string n = walk->path().filename().string();
      if (n.size() > 3 && n.ends_with(".gz")) n.resize(n.size() - 3);
      if (n.ends_with(".json") || n.ends_with(".jsonl") || n.ends_with(".ndjson")) found.push_back(walk->path());
      else rep.drop("not a JSON file");
    }
    if (ec) throw io_error(p.string(), "cannot read the folder: " + ec.message());
    if (found.empty())
      throw io_error(p.string(), "no .json, .jsonl or .ndjson files in the folder (Graph response pages expected)");
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace detail

/// Reads Teams chat and channel messages from files and folders (see the file summary).
///
/// \param inputs  files (Graph response pages, arrays or JSON Lines) and folders of them
/// \param o       tie semantics and parsing options (see teams_options)
/// \return        the messages with their reply links; `report()` counts every skipped record by reason
/// \throws invalid_option for a bad option, io_error for a missing or unreadable input, parse_error
///   (strict) for a bad record, naming the file and the record
/// \par Complexity  O(bytes + m log m + ties); see the file summary.
[[nodiscard]] inline message_log read_teams_messages(const std::vector<std::filesystem::path>& inputs,
                                                     const teams_options& o = {}) {
  if (!(o.recent_window_seconds > 0) || !std::isfinite(o.recent_window_seconds))
    throw invalid_option("recent_window=" + std::to_string(double(o.recent_window_seconds)) +
                         " is out of range: use a positive number of seconds");
  message_log log;
  auto& rep = log.report();
  const std::vector<std::filesystem::path> files = detail::teams_input_files(inputs, rep);
  const bool pseudo = o.identity_rules && o.identity_rules->pseudonymizing();
  std::vector<std::string> names;
  teams_members members = o.members;
  std::vector<detail::teams_conversation> convs;
  std::unordered_map<std::string, std::size_t> conv_of;  // "c" + chatId / "h" + channelId / "u" + order -> index
  std::unordered_set<std::string> seen;                  // conversation index + '\n' + message id
  std::size_t order = 0;
  simdjson::dom::parser parser;  // one for all files: its buffers are reused

  // ---- 1. read and validate every record -------------------------------------
  for (std::size_t fi = 0; fi < files.size(); ++fi) {
    detail::poll(o.interrupt, "read_teams_messages", fi, files.size());
    detail::read_input(files[fi], false, o.max_input_bytes, [&](std::string_view text, std::string name) {
      names.push_back(name);
      const auto bad = [&](std::uint64_t record, const std::string& field, const char* reason, std::string hint) {
        if (o.errors == error_policy::strict) throw parse_error(name, record, field, reason, std::move(hint));
        rep.skip(reason);
      };
      // One record: a chat with members, or a message.
      const auto record = [&](simdjson::dom::element m, std::uint64_t rec) {
        if ((order & 4095) == 4095) detail::poll(o.interrupt, "read_teams_messages", fi, files.size());
        if (!m.is_object()) return bad(rec, "", "not an object", "each message must be a JSON object");
        if (detail::teams_is_member_listing(m)) {
          --rep.records_read;  // a chat resource, not a message
          const auto ids = detail::json_string(*detail::json_at(m, "id"));
          if (!ids) return bad(rec, "id", "wrong type", "a chat's id is a string");
          detail::teams_add_members(*detail::json_at(m, "members"), std::string(*ids), members, name, rec);
          return;
        }
        if (const auto t = detail::json_at(m, "messageType"); detail::json_present(t)) {
          const auto ts = detail::json_string(*t);
          if (!ts) return bad(rec, "messageType", "wrong type", "expected a string such as \"message\"");
          if (*ts != "message") return rep.skip(detail::teams_type_reason(*ts));
        }
        if (detail::json_present(detail::json_at(m, "deletedDateTime"))) return rep.skip("deleted");
        detail::teams_message v;
        const auto user = detail::json_at(m, "from.user");
        if (!detail::json_present(user)) {
          if (detail::json_present(detail::json_at(m, "from.application")) ||
              detail::json_present(detail::json_at(m, "from.device")))
            return rep.skip("bot or application sender");
          return bad(rec, "from", "missing sender", "expected from.user.id");
        }
        const auto uid = detail::json_at(*user, "id");
        const auto us = detail::json_present(uid) ? detail::json_string(*uid) : std::nullopt;
        if (!us || detail::trim(*us).empty()) return bad(rec, "from.user.id", "missing sender", "expected from.user.id");
        v.user = std::string(detail::trim(*us));
        const auto te = detail::json_at(m, "createdDateTime");
        const auto tstr = detail::json_present(te) ? detail::json_string(*te) : std::nullopt;
        const auto t = tstr ? try_parse_timestamp(*tstr) : std::nullopt;
        if (!t)
          return bad(rec, "createdDateTime", "bad timestamp",
                     tstr ? "cannot parse " + detail::quote_value(*tstr, pseudo) +
                                " as a time; expected ISO 8601 like 2021-03-29T03:49:13.153Z"
                          : std::string("the message has no createdDateTime string"));
        v.time = *t;
        if (const auto ie = detail::json_at(m, "id"); detail::json_present(ie))
          if (auto s = detail::json_scalar_text(*ie)) v.id = std::move(*s);
        if (const auto re = detail::json_at(m, "replyToId"); detail::json_present(re)) {
          auto s = detail::json_scalar_text(*re);
          if (!s) return bad(rec, "replyToId", "wrong type", "expected the parent message's id");
          v.reply_to = std::move(*s);
        }
        if (const auto me = detail::json_at(m, "mentions"); o.mentions && detail::json_present(me)) {
          if (!me->is_array()) return bad(rec, "mentions", "wrong type", "expected an array of mentions");
          for (const simdjson::dom::element x : simdjson::dom::array(*me)) {
            const auto mu = detail::json_at(x, "mentioned.user.id");
            const auto ms = detail::json_present(mu) ? detail::json_string(*mu) : std::nullopt;
            if (ms && !detail::trim(*ms).empty()) v.mentions.emplace_back(detail::trim(*ms));
            else ++v.non_person_mentions;
          }
        }
        // the conversation
        std::string key, id, label;
        if (const auto c = detail::json_at(m, "chatId"); detail::json_present(c))
          if (const auto cs = detail::json_string(*c); cs && !cs->empty()) {
            id = std::string(*cs);
            key = "c" + id;
            label = "chat:" + (pseudo ? o.identity_rules->pseudonymize_id(id) : id);
          }
        if (key.empty())
          if (const auto c = detail::json_at(m, "channelIdentity.channelId"); detail::json_present(c))
            if (const auto cs = detail::json_string(*c); cs && !cs->empty()) {
              id = std::string(*cs);
              key = "h" + id;
              label = "channel:" + id;
            }
        if (key.empty()) key = "u" + std::to_string(order);  // no conversation: one of its own
        auto [it, fresh] = conv_of.try_emplace(key, convs.size());
        if (fresh) convs.push_back({std::move(id), std::move(label), {}});
        if (!v.id.empty() && !seen.insert(std::to_string(it->second) + '\n' + v.id).second)
          return rep.skip("duplicate message");
        v.file = names.size() - 1;
        v.record = rec;
        v.order = order++;
        convs[it->second].messages.push_back(std::move(v));
      };
      if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
      if (detail::trim(text).empty()) {
        ++rep.records_read;
        return bad(0, "", "empty input", "expected a Graph response {\"value\": [...]} or JSON Lines"), true;
      }
      // A whole JSON document (a page, an array, one message), else JSON Lines.
      const simdjson::padded_string buf(text);
      simdjson::dom::element doc;
      const auto whole = parser.parse(buf).get(doc);
      const auto page = [&](simdjson::dom::element d, std::uint64_t line) {
        // records of a page are numbered by position (or by the line of a JSON Lines page)
        std::uint64_t pos = 0;
        for (const simdjson::dom::element m : simdjson::dom::array(d)) {
          ++rep.records_read;
          record(m, line != 0 ? line : ++pos);
        }
      };
      if (whole == simdjson::SUCCESS) {
        const auto v = detail::json_at(doc, "value");
        if (v && v->is_array())
          if (const std::string conv = detail::teams_members_page_conversation(doc); !conv.empty()) {
            detail::teams_add_members(*v, conv, members, name, 0);  // a member page: not messages
            return true;
          }
        if (doc.is_array()) page(doc, 0);
        else if (v && v->is_array()) page(*v, 0);
        else {
          ++rep.records_read;
          record(doc, 1);
        }
        return true;
      }
      const std::string_view rest = text.substr(text.find_first_not_of(" \t\r\n"));
      const std::size_t nl = rest.find('\n');
      const simdjson::padded_string first_line(rest.substr(0, nl));
      simdjson::dom::parser first;
      simdjson::dom::element first_doc;
      if (nl == std::string_view::npos || first.parse(first_line).get(first_doc) != simdjson::SUCCESS) {
        ++rep.records_read;  // not JSON Lines either: the file is one bad record
        return bad(0, "", "invalid JSON", simdjson::error_message(whole)), true;
      }
      detail::for_each_json_line(
          text, name, log,
          [&](std::uint64_t line, const std::string& field, const char* reason, std::string hint) {
            bad(line, field, reason, std::move(hint));
          },
          [&](simdjson::dom::element d, std::uint64_t line) {
            if (const auto v = detail::json_at(d, "value"); v && v->is_array()) {
              --rep.records_read;  // the line is a page: its messages are the records
              page(*v, line);
            } else {
              record(d, line);
            }
          },
          o.interrupt);
      return true;
    });
  }
  if (o.channel_ties == teams_channel_ties::members && members.empty())
    throw invalid_option(
        "channel_ties='members' needs member lists: pass members= (a mapping or a file of chat members), "
        "or use channel_ties='recent'");

  // ---- 2. identities ------------------------------------------------------------
  std::unordered_map<std::string_view, std::string_view> email_of;  // user id -> e-mail
  if (o.resolve_emails)
    for (const auto& [c, list] : members)
      for (const auto& mem : list)
        if (!mem.user_id.empty() && !mem.email.empty()) email_of.emplace(mem.user_id, mem.email);
  const auto raw_of = [&](std::string_view user) -> std::string_view {
    const auto it = email_of.find(user);
    return it == email_of.end() ? user : it->second;
  };
  {
    std::set<std::string_view> with_messages;
    for (const auto& c : convs) with_messages.insert(c.id);
    std::size_t unused = 0;
    for (const auto& [c, list] : members)
      if (!with_messages.count(c)) ++unused;
    if (unused != 0) rep.drop("member list of a conversation without messages", unused);
    if (o.channel_ties == teams_channel_ties::members && unused == members.size() && !convs.empty())
      throw invalid_option("channel_ties='members': none of the " + std::to_string(members.size()) +
                           " member lists names a conversation of the messages (their keys must be the "
                           "messages' chatId or channelIdentity.channelId values, such as 19:...@thread.v2)");
  }

  // ---- 3. ties, conversation by conversation, in time order ----------------------
  const auto window = static_cast<timestamp_t>(std::llround(o.recent_window_seconds * 1e6));
  detail::staged_people people(o.identity_rules.get());
  detail::staged_message staged;
  std::vector<detail::staged_people::entry*> scratch;
  std::vector<std::pair<std::string_view, role>> ids;
  std::uint64_t done = 0;
  for (auto& conv : convs) {
    auto& msgs = conv.messages;
    std::stable_sort(msgs.begin(), msgs.end(),
                     [](const detail::teams_message& a, const detail::teams_message& b) { return a.time < b.time; });
    const auto mit = conv.id.empty() ? members.end() : members.find(conv.id);
    std::unordered_map<std::string_view, std::size_t> index;  // message id -> position in msgs
    for (std::size_t k = 0; k < msgs.size(); ++k)
      if (!msgs[k].id.empty()) index.emplace(msgs[k].id, k);
    std::vector<std::size_t> stored(msgs.size(), no_message);
    std::vector<std::pair<std::size_t, std::size_t>> links;  // (log message, position of the parent)
    std::unordered_map<std::string_view, std::vector<std::string_view>> thread_of;  // root id -> repliers
    std::deque<std::pair<timestamp_t, std::string_view>> recent;
    for (std::size_t k = 0; k < msgs.size(); ++k) {
      if ((++done & 4095) == 0) detail::poll(o.interrupt, "read_teams_messages");
      const auto& m = msgs[k];
      const std::string_view sender = raw_of(m.user);
      ids.clear();
      const auto add = [&](std::string_view raw, role r) {
        if (raw.empty() || raw == sender) return;
        for (const auto& x : ids)
          if (x.first == raw) return;
        ids.emplace_back(raw, r);
      };
      for (const auto& u : m.mentions) add(raw_of(u), role::mention);
      const bool reply = !m.reply_to.empty();
      const auto parent = reply ? index.find(m.reply_to) : index.end();
      if (reply && parent != index.end()) add(raw_of(msgs[parent->second].user), role::reply);
      if (reply && o.reply_to_thread_participants)
        if (const auto it = thread_of.find(m.reply_to); it != thread_of.end())
          for (const auto u : it->second) add(raw_of(u), role::reply);
      while (!recent.empty() && recent.front().first < m.time - window) recent.pop_front();
      if (!reply) {
        switch (o.channel_ties) {
          case teams_channel_ties::recent:
            for (const auto& [t, u] : recent) add(raw_of(u), role::member);
            break;
          case teams_channel_ties::members:
            if (mit != members.end())
              for (const auto& mem : mit->second)
                add(mem.user_id.empty() ? std::string_view(mem.email) : raw_of(mem.user_id), role::member);
            break;
          case teams_channel_ties::none: break;
        }
      }
      recent.emplace_back(m.time, m.user);
      if (reply) thread_of[m.reply_to].push_back(m.user);
      if (m.non_person_mentions != 0) rep.drop("mention (not a user)", m.non_person_mentions);
      if (ids.empty()) {
        if (reply && parent == index.end()) rep.skip("no recipients (parent not in input)");
        else if (reply) rep.skip("no recipients (own thread)");
        else if (o.channel_ties == teams_channel_ties::recent) rep.skip("no recipients (quiet conversation)");
        else if (o.channel_ties == teams_channel_ties::members) rep.skip("no recipients (no members listed)");
        else rep.skip("no recipients (channel_ties=none)");
        continue;
      }
      staged.sender = sender;
      staged.recipients.assign(ids.begin(), ids.end());
      staged.time = m.time;
      staged.id = m.id;
      staged.id_names_people = false;  // Teams message ids are creation times in ms
      staged.channel = no_channel;
      staged.channel_name = conv.label;
      const bool kept = detail::commit_staged(log, people, staged, scratch, [&](bool is_sender) {
        const std::string& file = names[m.file];
        if (o.errors == error_policy::strict)
          throw parse_error(file, m.record, is_sender ? "from.user.id" : "mentions", std::string(detail::bad_address),
                            std::string(detail::bad_address_hint));
        rep.skip(std::string(detail::bad_address));
      });
      if (!kept) continue;
      stored[k] = log.num_messages() - 1;
      if (reply) {
        if (parent == index.end()) rep.drop("reply link (parent not in input)");
        else links.emplace_back(stored[k], parent->second);
      }
    }
    for (const auto& [msg, p] : links) {
      if (stored[p] == no_message) rep.drop("reply link (parent not kept)");
      else log.set_parent(msg, stored[p]);
    }
  }
  std::string source;
  for (const auto& p : inputs) source += (source.empty() ? "" : ", ") + p.string();
  detail::close_report(log, std::move(source));
  return log;
}

/// read_teams_messages() of one file or folder.
/// \throws as the vector overload.
[[nodiscard]] inline message_log read_teams_messages(const std::filesystem::path& path, const teams_options& o = {}) {
  return read_teams_messages(std::vector<std::filesystem::path>{path}, o);
}

}  // namespace onakit
