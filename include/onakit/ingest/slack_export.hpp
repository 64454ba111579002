#pragma once
/// \file slack_export.hpp
/// Reads a Slack workspace export (the unzipped folder) into a message_log,
/// turning chat messages into ties by documented rules.
///
/// The layout (Slack's standard export):
/// \code{.unparsed}
///   export/users.json       [{"id": "U061A1R2R", "name": "ann", "is_bot": false,
///                             "profile": {"email": "ann@corp.example", ...}}, ...]
///   export/channels.json    public channels  [{"id": "C..", "name": "general", "members": ["U..", ...]}, ...]
///   export/groups.json      private channels (optional, same shape)
///   export/mpims.json       group DMs (optional; folder = "name")
///   export/dms.json         direct messages (optional; folder = "id")
///   export/<conversation>/YYYY-MM-DD.json   the messages of one day, a JSON array:
///                           [{"type": "message", "user": "U..", "text": "hi <@U0B..>",
///                             "ts": "1433864707.943132", "thread_ts": "...", "subtype": "..."}, ...]
/// \endcode
///
/// Records are the messages in the day files. Each kept message is stored
/// with its `ts` as message id, its time (from `ts`, microseconds) and its
/// conversation as channel. Its recipients, each person at most once per
/// message, with the first role that applies in this order:
///
/// | role           | who                                                                 |
/// |----------------|---------------------------------------------------------------------|
/// | `role::direct` | in a DM or group DM (dms.json, mpims.json): every other member     |
/// | `role::mention`| everyone \@mentioned in the text (`<@U123>`, `<@U123|ann>`), if `mentions` |
/// | `role::reply`  | a thread reply (`thread_ts` != `ts`): the thread's parent author; with `reply_to_thread_participants`, also everyone who posted earlier in that thread |
/// | `role::member` | a channel message that is not a thread reply (or is a reply also sent to the channel, subtype `thread_broadcast`), by `channel_ties`: `recent` = everyone who posted in the channel within `recent_window_seconds` before it; `members` = the channel's `members` list in channels.json/groups.json (membership at export time); `none` = nobody |
///
/// Reply links: a kept thread reply answers its thread's parent message
/// (message_log::set_parent, for temporal/response_times.hpp) when that
/// message is kept too; otherwise (a parent outside the export, or skipped,
/// e.g. as `no recipients (quiet channel)`: use `channel_ties = members` to
/// keep every channel message, or `keep_thread_parents`) the reply is counted in
/// `report().dropped["reply to unknown parent"]`.
///
/// The sender is never their own recipient. `<!channel>`, `<!here>` and
/// `<!everyone>` are not person mentions (with `channel_ties = members` the
/// channel is reached anyway).
///
/// People: a user is identified by `profile.email` from users.json when
/// `resolve_emails` is set and the export has it, so Slack and mail
/// identities merge; otherwise by the Slack user id (`U061A1R2R`; ids are
/// stable where display names change). Users missing from users.json keep
/// their id. Every identifier then goes through `identity_rules`
/// (identities.hpp) before it is stored: a dropped sender skips the message
/// ("sender excluded"/"sender external"), dropped recipients are counted in
/// `report().dropped`, a message left without recipients is skipped as "no
/// recipients after identity rules".
///
/// Channels: `#name` for channels.json/groups.json, `dm:<id>` for DMs and
/// `mpim:<id>` for group DMs (their names list user names, so they are not
/// used). Every conversation is interned in `channels()` in the order
/// channels.json, groups.json, mpims.json, dms.json, then folders listed in
/// none of them (read as channels without a member list), by name; day files
/// are read in name (= date) order and a conversation's messages processed in
/// `ts` order. The message log lists conversations one after the other.
///
/// Skipped records (policy, not errors: counted, never thrown):
/// | reason                                    | when                                          |
/// |-------------------------------------------|-----------------------------------------------|
/// | `subtype <name>`                          | a system subtype: anything other than none, `file_share`, `file_comment`, `me_message`, `thread_broadcast` (e.g. `subtype channel_join`, `subtype channel_topic`, `subtype bot_add`, `subtype pinned_item`); a value not shaped like a Slack subtype (`[a-z0-9_]`, at most 40 characters) is `subtype (unrecognised)` |
/// | `bot message`                             | subtype `bot_message`, a sender marked `is_bot` (or `USLACKBOT`), or no `user` but a `bot_id` |
/// | `no recipients (quiet channel)`           | `recent`: nobody else posted in the window (e.g. the first message of a quiet channel) |
/// | `no recipients (no members listed)`       | `members`: the member list is empty or only the sender |
/// | `no recipients (channel_ties=none)`       | `none`: a channel message without mention   |
/// | `no recipients (own thread)`              | a reply in the sender's own thread, no one else involved |
/// | `no recipients (thread parent not in export)` | a reply whose parent is not in the export, no mention |
/// | `no recipients (DM without other members)` | a DM whose member list holds only the sender |
/// | `sender excluded`, `sender external`, `no recipients after identity rules` | identity rules |
///
/// Every skipped or kept message still counts as the sender's participation
/// for the `recent` window and for thread participants. A `file_comment`
/// message's sender is `comment.user`.
///
/// Folders: a conversation's folder must be a folder directly inside the
/// export. A list entry whose folder name holds `/`, `\\` or NUL, is `.`
/// or `..` (so `"name": "../x"` or an absolute path), or a folder that
/// resolves outside the export (a link pointing out), is never opened: it is
/// one bad record `channel folder outside the export` (strict: parse_error
/// naming the list file and the entry's 1-based position; an unlisted folder
/// is named by its path). Entries the walk does not read are counted in
/// `report().dropped`: `broken link`, `not a day file` (anything but a
/// `.json` file in a conversation folder), `not a regular file` (FIFOs,
/// devices: never opened), and, with error_policy::skip, `unreadable entry`
/// (a link loop, no permission), which strict mode reports as an io_error
/// naming the path.
///
/// Bad records (strict throws parse_error, skip counts them):
/// `not an object`, `missing user` (no `user`, no `bot_id`), `bad timestamp`
/// (`ts` missing or not a Slack timestamp). The error names the day file and
/// the message's 1-based position in it as the "line". A day file that is not
/// JSON or not an array is one bad record, `invalid JSON`: strict throws
/// (line 0), skip counts it once. Errors never quote user ids, names or
/// addresses, and name group-DM folders by `mpim:<id>` when pseudonymising;
/// with a pseudonymize_key a bad `ts` is masked (detail/quote.hpp). Message
/// ids (`ts`) are kept as written even with a key: a `ts` is the message's
/// time, already in the log, and names nobody.
///
/// \throws io_error if the path is not a readable folder (unzip the export
///   first), parse_error "not a Slack export" without users.json, and
///   parse_error for a users/channels/groups/mpims/dms list that is not JSON.
///
/// Complexity: O(bytes) to parse, plus O(messages x recipients) for the
/// ties; `recent` costs O(posts in the window) per message. Memory: one day
/// file at a time plus one conversation's messages.
///
/// Example:
/// \code
///   onakit::slack_options o;
///   o.channel_ties = onakit::slack_channel_ties::members;
///   onakit::message_log log = onakit::read_slack_export("slack-export/", o);
///   std::cout << log.report().to_string() << '\n';
/// \endcode

#include <onakit/ingest/detail/json_messages.hpp>
#include <onakit/ingest/detail/reader.hpp>
#include <onakit/chrono.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// Whom a plain channel message reaches (see the file summary).
enum class slack_channel_ties : std::uint8_t {
  recent,   ///< everyone who posted in the channel within recent_window_seconds before it
  members,  ///< the channel's member list (channels.json / groups.json)
  none,     ///< nobody: only mentions, replies and DMs make ties
};

/// Options of read_slack_export(); see the file summary for the semantics.
struct slack_options {
  slack_channel_ties channel_ties = slack_channel_ties::recent;
  /// The `recent` window, in seconds (> 0) or a std::chrono::duration
  /// (chrono.hpp): posts at most this long before a
  /// message (inclusive) make their authors its recipients.
  seconds_value recent_window_seconds = 3600.0;
  /// Thread replies also reach everyone who posted earlier in the thread.
  bool reply_to_thread_participants = false;
  /// A thread's parent message that would reach nobody by `channel_ties`
  /// (the first post of a quiet channel, a channel without a member list)
  /// reaches the people who replied in its thread (role::member) instead of
  /// being skipped, so its replies keep their parent (response_times.hpp).
  bool keep_thread_parents = false;
  /// \@mentions make ties (role::mention).
  bool mentions = true;
  /// Identify users by their e-mail (users.json profile.email) where known.
  bool resolve_emails = true;
  error_policy errors = error_policy::strict;  ///< throw on a bad record, or skip and count it
  /// Identity rules applied to every identifier before it is stored; null =
  /// the e-mail or user id as written.
  std::shared_ptr<const identities> identity_rules{};
  /// Polled before each conversation with the conversations read so far
  /// (interrupt.hpp); true stops the read.
  interrupt_check interrupt{};
};

namespace detail {

struct slack_conversation {
  std::string listed_in;    // the list file (channels.json, ...) naming it; "" if found as a folder
  std::uint64_t entry = 0;  // its 1-based position in that list
  std::string folder;  // folder name in the export
  std::string label;   // channel label stored in the log
  std::string shown;   // its name in error messages
  bool direct = false;
  std::vector<std::string> members;
};

struct slack_message {
  std::string user, ts, thread_ts, subtype;
  timestamp_t time = no_time;
  std::vector<std::string> mentions;
  std::size_t order = 0;
};

inline simdjson::dom::element slack_load(simdjson::dom::parser& parser, simdjson::padded_string& buf,
                                         const std::filesystem::path& file) {
  if (simdjson::padded_string::load(file.string()).get(buf) != simdjson::SUCCESS)
    throw io_error(file.string(), "cannot read the file");
  simdjson::dom::element doc;
  if (const auto err = parser.parse(buf).get(doc); err != simdjson::SUCCESS)
    throw parse_error(file.string(), 0, "", "invalid JSON", simdjson::error_message(err));
  return doc;
}

/// User ids of `<@U123>` / `<@U123|name>` mentions in a message text.
inline void slack_mentions(std::string_view text, std::vector<std::string>& out) {
  out.clear();
  for (std::size_t p = text.find("<@"); p != std::string_view::npos; p = text.find("<@", p + 2)) {
    const std::size_t start = p + 2;
    std::size_t stop = start;
    while (stop < text.size() && text[stop] != '>' && text[stop] != '|') ++stop;
    if (stop < text.size() && stop > start) out.emplace_back(text.substr(start, stop - start));
  }
}

/// The report key of a skipped system subtype: "subtype <name>" for a
/// Slack-shaped name (lower-case letters, digits and `_`, at most 40), else
/// "subtype (unrecognised)", so a stray value (an address, free text) is
/// neither copied into the report nor one key per distinct value.
inline std::string slack_subtype_reason(std::string_view subtype) {
  const bool named = !subtype.empty() && subtype.size() <= 40 &&
                     std::all_of(subtype.begin(), subtype.end(), [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                     });
  return named ? "subtype " + std::string(subtype) : std::string("subtype (unrecognised)");
}

/// True if `name` can only name a folder directly inside the export: not
/// empty, `.` or `..`, and without `/`, `\\` or NUL (so not absolute either).
inline bool slack_plain_folder_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of(std::string_view("/\\\0", 3)) == std::string_view::npos;
}

/// True if the existing path `p` resolves (links followed) inside the folder
/// whose canonical path is `root`.
inline bool slack_inside(const std::filesystem::path& root, const std::filesystem::path& p) {
  std::error_code ec;
  const std::filesystem::path c = std::filesystem::canonical(p, ec);
  if (ec) return false;
  const auto [r, q] = std::mismatch(root.begin(), root.end(), c.begin(), c.end());
  return r == root.end() && q != c.end();
}

inline bool slack_communicative(std::string_view subtype) {
  return subtype.empty() || subtype == "file_share" || subtype == "file_comment" || subtype == "me_message" ||
         subtype == "thread_broadcast";
}

}  // namespace detail

/// Reads an unzipped Slack workspace export.
///
/// \param dir  the export's folder (holding users.json)
/// \param o    tie semantics and parsing options (see slack_options)
/// \return     the messages; `report()` says what was read, kept and skipped
/// \throws io_error, parse_error (see the file summary)
/// \par Complexity  O(bytes + ties); see the file summary.
[[nodiscard]] inline message_log read_slack_export(const std::filesystem::path& dir, const slack_options& o = {}) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw io_error(dir.string(), "no such folder");
  if (!fs::is_directory(dir, ec))
    throw io_error(dir.string(), "not a folder: unzip the Slack export and pass its folder");
  if (!(o.recent_window_seconds > 0) || !std::isfinite(o.recent_window_seconds))
    throw invalid_option("recent_window=" + std::to_string(o.recent_window_seconds) +
                         " is out of range: use a positive number of seconds");
  if (!fs::exists(dir / "users.json", ec))
    throw parse_error(dir.string(), 0, "", "not a Slack export",
                      "no users.json in the folder; pass the top folder of the unzipped export");
  const bool pseudo = o.identity_rules && o.identity_rules->pseudonymizing();

  message_log log;
  auto& rep = log.report();
  simdjson::dom::parser parser;
  simdjson::padded_string buf;

  // users: id -> raw identifier (e-mail or id) and bot flag
  struct user {
    std::string raw;
    bool bot = false;
  };
  std::unordered_map<std::string, user> users;
  {
    const fs::path file = dir / "users.json";
    simdjson::dom::array arr;
    if (detail::slack_load(parser, buf, file).get(arr) != simdjson::SUCCESS)
      throw parse_error(file.string(), 0, "", "invalid JSON", "expected an array of users");
    for (const simdjson::dom::element u : arr) {
      const auto id = detail::json_at(u, "id");
      const auto ids = id ? detail::json_string(*id) : std::nullopt;
      if (!ids || ids->empty()) continue;  // not a user record
      user v;
      v.raw = std::string(*ids);
      if (o.resolve_emails)
        if (const auto e = detail::json_at(u, "profile.email"); detail::json_present(e))
          if (const auto es = detail::json_string(*e); es && !detail::trim(*es).empty()) v.raw = std::string(*es);
      const auto b = detail::json_at(u, "is_bot");
      v.bot = (b && b->is_bool() && bool(*b)) || *ids == "USLACKBOT";
      users.emplace(std::string(*ids), std::move(v));
    }
  }

  // Walk errors: strict throws naming the path, skip counts them.
  const auto unreadable = [&](const fs::path& p, const std::error_code& err) {
    if (o.errors == error_policy::strict) throw io_error(p.string(), "cannot read: " + err.message());
    rep.drop("unreadable entry");
  };
  // A conversation whose folder would lie outside the export (a name such as
  // "../x" or a folder that is a link pointing out) is one bad record.
  std::error_code root_ec;
  const fs::path root = fs::canonical(dir, root_ec);
  if (root_ec) throw io_error(dir.string(), "cannot read the folder: " + root_ec.message());
  const auto outside = [&](const std::string& list, std::uint64_t entry) {
    if (o.errors == error_policy::strict)
      throw parse_error(list, entry, "name", "channel folder outside the export",
                        "a conversation's folder must be a folder directly inside the export");
    ++rep.records_read;
    rep.skip("channel folder outside the export");
  };

  // conversations, in a fixed order
  std::vector<detail::slack_conversation> convs;
  std::set<std::string> listed;
  const auto read_list = [&](const char* list, bool direct, bool folder_is_id, const char* prefix) {
    const fs::path file = dir / list;
    if (!fs::exists(file, ec)) return;
    simdjson::dom::array arr;
    if (detail::slack_load(parser, buf, file).get(arr) != simdjson::SUCCESS)
      throw parse_error(file.string(), 0, "", "invalid JSON", "expected an array of conversations");
    std::uint64_t entry = 0;
    for (const simdjson::dom::element c : arr) {
      detail::slack_conversation v;
      std::string id, name;
      if (const auto e = detail::json_at(c, "id"); e)
        if (const auto s = detail::json_string(*e)) id = std::string(*s);
      if (const auto e = detail::json_at(c, "name"); e)
        if (const auto s = detail::json_string(*e)) name = std::string(*s);
      v.folder = folder_is_id || name.empty() ? id : name;
      ++entry;
      if (v.folder.empty()) continue;
      if (!detail::slack_plain_folder_name(v.folder)) {  // "../x", "/etc": never opened
        outside(file.string(), entry);
        continue;
      }
      v.direct = direct;
      v.listed_in = file.string();
      v.entry = entry;
      v.label = std::string(prefix) + (direct ? id : v.folder);
      v.shown = (dir / (direct && pseudo ? v.label : v.folder)).string();
      if (const auto e = detail::json_at(c, "members"); e && e->is_array())
        for (const simdjson::dom::element mem : simdjson::dom::array(*e))
          if (const auto s = detail::json_string(mem)) v.members.emplace_back(*s);
      if (listed.insert(v.folder).second) convs.push_back(std::move(v));
    }
  };
  read_list("channels.json", false, false, "#");
  read_list("groups.json", false, false, "#");
  read_list("mpims.json", true, false, "mpim:");
  read_list("dms.json", true, true, "dm:");
  {
    std::vector<std::string> extra;
    fs::directory_iterator walk(dir, ec);
    for (; !ec && walk != fs::directory_iterator(); walk.increment(ec)) {
      std::error_code sec;
      const fs::file_status st = walk->status(sec);
      if (sec && sec != std::errc::no_such_file_or_directory) unreadable(walk->path(), sec);  // e.g. a link loop
      else if (!fs::exists(st)) rep.drop("broken link");
      else if (fs::is_directory(st) && !listed.count(walk->path().filename().string()))
        extra.push_back(walk->path().filename().string());
    }
    if (ec) unreadable(dir, ec);
    std::sort(extra.begin(), extra.end());
    for (auto& f : extra) {
      detail::slack_conversation v;
      v.label = "#" + f;
      v.shown = (dir / f).string();
      v.folder = std::move(f);
      convs.push_back(std::move(v));
    }
  }

  const auto window = static_cast<timestamp_t>(std::llround(o.recent_window_seconds * 1e6));
  detail::staged_people people(o.identity_rules.get());
  detail::staged_message staged;
  std::vector<detail::staged_people::entry*> scratch;
  std::vector<detail::slack_message> msgs;
  const auto bad = [&](const std::string& file, std::uint64_t record, const char* field, const char* reason,
                       std::string hint) {
    if (o.errors == error_policy::strict) throw parse_error(file, record, field, reason, std::move(hint));
    rep.skip(reason);
  };
  // The raw identifier of a user id (a view into `users` or into `id`'s own storage).
  const auto raw_of = [&](std::string_view id) -> std::string_view {
    const auto it = users.find(std::string(id));
    return it == users.end() ? id : std::string_view(it->second.raw);
  };

  std::uint64_t done = 0;
  for (const auto& conv : convs) {
    detail::poll(o.interrupt, "read_slack_export", done++, convs.size());
    const channel_id cid = log.intern_channel(conv.label);
    const fs::path folder = dir / conv.folder;
    const fs::file_status fst = fs::status(folder, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
      unreadable(folder, ec);
      continue;
    }
    if (!fs::is_directory(fst)) continue;  // a conversation without messages
    if (!detail::slack_inside(root, folder)) {  // a link pointing out of the export
      outside(conv.listed_in.empty() ? folder.string() : conv.listed_in, conv.entry);
      continue;
    }
    std::vector<std::string> days;
    fs::directory_iterator walk(folder, ec);
    for (; !ec && walk != fs::directory_iterator(); walk.increment(ec)) {
      std::error_code sec;
      const fs::file_status st = walk->status(sec);
      const bool json = walk->path().extension() == ".json";
      if (sec && sec != std::errc::no_such_file_or_directory) unreadable(walk->path(), sec);
      else if (!fs::exists(st)) rep.drop("broken link");
      else if (fs::is_regular_file(st) && json) days.push_back(walk->path().filename().string());
      else if (!fs::is_regular_file(st) && !fs::is_directory(st)) rep.drop("not a regular file");
      else rep.drop("not a day file");
    }
    if (ec) unreadable(folder, ec);
    std::sort(days.begin(), days.end());

    // 1. validate and collect the conversation's messages
    msgs.clear();
    for (const auto& day : days) {
      const std::string shown = conv.shown + "/" + day;
      if (simdjson::padded_string::load((folder / day).string()).get(buf) != simdjson::SUCCESS)
        throw io_error(shown, "cannot read the file");
      simdjson::dom::element doc;
      simdjson::dom::array arr;
      if (const auto err = parser.parse(buf).get(doc); err != simdjson::SUCCESS || doc.get(arr) != simdjson::SUCCESS) {
        ++rep.records_read;
        bad(shown, 0, "", "invalid JSON",
            err != simdjson::SUCCESS ? simdjson::error_message(err) : "a day file must be a JSON array of messages");
        continue;
      }
      std::uint64_t record = 0;
      for (const simdjson::dom::element m : arr) {
        ++record;
        ++rep.records_read;
        if (!m.is_object()) {
          bad(shown, record, "", "not an object", "each message must be a JSON object");
          continue;
        }
        detail::slack_message v;
        if (const auto e = detail::json_at(m, "subtype"); e)
          if (const auto s = detail::json_string(*e)) v.subtype = std::string(*s);
        if (v.subtype == "bot_message") {
          rep.skip("bot message");
          continue;
        }
        if (!detail::slack_communicative(v.subtype)) {
          rep.skip(detail::slack_subtype_reason(v.subtype));
          continue;
        }
        auto ue = detail::json_at(m, "user");
        if (!detail::json_present(ue) && v.subtype == "file_comment") ue = detail::json_at(m, "comment.user");
        const auto us = detail::json_present(ue) ? detail::json_string(*ue) : std::nullopt;
        if (!us || us->empty()) {
          if (detail::json_present(detail::json_at(m, "bot_id"))) rep.skip("bot message");
          else bad(shown, record, "user", "missing user", "a message needs the id of the user who posted it");
          continue;
        }
        v.user = std::string(*us);
        if (const auto it = users.find(v.user); it != users.end() && it->second.bot) {
          rep.skip("bot message");
          continue;
        }
        const auto te = detail::json_at(m, "ts");
        const auto ts = te ? detail::json_string(*te) : std::nullopt;
        const auto t = ts ? try_parse_timestamp(*ts) : std::nullopt;
        if (!t) {
          bad(shown, record, "ts", "bad timestamp",
              ts ? "cannot parse " + detail::quote_value(*ts, pseudo) +
                       " as a Slack ts (Unix seconds like 1433864707.943132)"
                 : std::string("the message has no ts string"));
          continue;
        }
        v.ts = std::string(*ts);
        v.time = *t;
        if (const auto e = detail::json_at(m, "thread_ts"); e)
          if (const auto s = detail::json_string(*e)) v.thread_ts = std::string(*s);
        if (o.mentions)
          if (const auto e = detail::json_at(m, "text"); e)
            if (const auto s = detail::json_string(*e)) detail::slack_mentions(*s, v.mentions);
        v.order = msgs.size();
        msgs.push_back(std::move(v));
      }
    }
    std::stable_sort(msgs.begin(), msgs.end(),
                     [](const detail::slack_message& a, const detail::slack_message& b) { return a.time < b.time; });

    // 2. ties, in ts order
    std::deque<std::pair<timestamp_t, const std::string*>> recent;
    std::unordered_map<std::string_view, const std::string*> author_of;              // ts -> user
    std::unordered_map<std::string_view, std::vector<const std::string*>> thread_of;  // thread root ts -> posters
    std::vector<std::pair<std::string_view, role>> ids;  // user ids and roles of one message
    std::unordered_map<std::string_view, std::size_t> stored;  // ts -> message of the log (reply links)
    std::unordered_map<std::string_view, std::vector<const std::string*>> repliers;  // thread root ts -> repliers
    if (o.keep_thread_parents)
      for (const auto& m : msgs)
        if (!m.thread_ts.empty() && m.thread_ts != m.ts) repliers[m.thread_ts].push_back(&m.user);
    for (const auto& m : msgs) {
      ids.clear();
      const auto add = [&](std::string_view u, role r) {
        if (u == m.user) return;
        for (const auto& x : ids)
          if (x.first == u) return;
        ids.emplace_back(u, r);
      };
      const bool reply = !m.thread_ts.empty() && m.thread_ts != m.ts;
      bool parent_missing = false;
      if (conv.direct)
        for (const auto& u : conv.members) add(u, role::direct);
      for (const auto& u : m.mentions) add(u, role::mention);
      if (reply) {
        if (const auto it = author_of.find(m.thread_ts); it != author_of.end()) add(*it->second, role::reply);
        else parent_missing = true;
        if (o.reply_to_thread_participants)
          if (const auto it = thread_of.find(m.thread_ts); it != thread_of.end())
            for (const auto* u : it->second) add(*u, role::reply);
      }
      while (!recent.empty() && recent.front().first < m.time - window) recent.pop_front();
      if (!conv.direct && (!reply || m.subtype == "thread_broadcast")) {
        switch (o.channel_ties) {
          case slack_channel_ties::recent:
            for (const auto& [t, u] : recent) add(*u, role::member);
            break;
          case slack_channel_ties::members:
            for (const auto& u : conv.members) add(u, role::member);
            break;
          case slack_channel_ties::none: break;
        }
      }
      if (ids.empty() && o.keep_thread_parents && !conv.direct && !reply)
        if (const auto it = repliers.find(m.ts); it != repliers.end())
          for (const auto* u : it->second) add(*u, role::member);
      // participation, whatever becomes of this message
      recent.emplace_back(m.time, &m.user);
      author_of.emplace(m.ts, &m.user);
      thread_of[reply ? std::string_view(m.thread_ts) : std::string_view(m.ts)].push_back(&m.user);

      if (ids.empty()) {
        if (conv.direct) rep.skip("no recipients (DM without other members)");
        else if (reply && parent_missing) rep.skip("no recipients (thread parent not in export)");
        else if (reply && m.subtype != "thread_broadcast") rep.skip("no recipients (own thread)");
        else if (o.channel_ties == slack_channel_ties::recent) rep.skip("no recipients (quiet channel)");
        else if (o.channel_ties == slack_channel_ties::members) rep.skip("no recipients (no members listed)");
        else rep.skip("no recipients (channel_ties=none)");
        continue;
      }
      staged.sender = raw_of(m.user);
      staged.recipients.clear();
      for (const auto& [u, r] : ids) staged.recipients.emplace_back(raw_of(u), r);
      staged.time = m.time;
      staged.id = m.ts;
      staged.id_names_people = false;  // a ts is a time (see the file summary)
      staged.channel = cid;
      if (!detail::commit_staged(log, people, staged, scratch)) continue;
      const std::size_t at = log.num_messages() - 1;
      stored.emplace(m.ts, at);
      if (reply) {  // the reply answers its thread's parent message (message_log::set_parent)
        if (const auto it = stored.find(m.thread_ts); it != stored.end()) log.set_parent(at, it->second);
        else rep.drop("reply to unknown parent");
      }
    }
  }
  detail::close_report(log, dir.string());
  return log;
}

}  // namespace onakit
