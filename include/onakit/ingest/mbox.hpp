#pragma once
/// \file mbox.hpp
/// Reads the headers of real mail archives, mbox files, Maildirs and
/// directories of `.eml` files, into a message_log.
///
/// Inputs (read_mail() picks by what `path` is):
/// - an **mbox** file (mboxo, mboxrd, mboxcl: every line that starts with
///   `From ` begins a message, as Python's `mailbox.mbox` reads it). Bytes of
///   any kind in the separator line are ignored, and so is a UTF-8
///   byte-order mark before the first. Lines end at LF, CRLF or a lone CR
///   (classic Mac mail files, or a mix), also in headers, as Python's
///   email parser reads them; so `\rFrom ` begins a message too. Bodies
///   are skipped without being copied or decoded: the file is memory-mapped
///   and the next separator is found with memmem(), so `>From ` escapes
///   (which only occur in bodies) never need undoing. Text before the first separator is one
///   record, skipped as "no From_ separator" (for instance a LISTSERV log);
///   `.gz` files are decompressed in memory first;
/// - a single `.eml` file: one message (an optional leading `From ` line is
///   ignored);
/// - a **Maildir** (a directory with `cur/` and/or `new/`): every file in
///   them is one message;
/// - any other directory: its `.eml` files are single messages, its files that
///   start with `From ` (or end in `.mbox`) are mbox files, a `.gz` suffix
///   looked through (`2024-January.txt.gz`, `list.mbox.gz`): one rule,
///   detail::classify_mail_file(), for a file given by path and for folder
///   discovery. Other files are counted in `report().dropped["not a mail
///   file"]`. Subfolders are read the same way (a subfolder with `cur/` or
///   `new/` as a Maildir), at most 32 levels deep. Files are read in name
///   order, then subfolders, so ids are deterministic.
///
/// Folder entries that are not read are counted in `report().dropped`:
/// `not a mail file`, `empty file` (mail clients keep empty mbox files),
/// `broken link`, `link to a folder (not followed)` (so a link loop cannot
/// trap the walk), `not a regular file` (FIFOs, sockets, devices: never
/// opened), `subfolder (too deep)`, `subfolder (not read)` (inside a
/// Maildir's `cur/` or `new/`); and, with error_policy::skip, `unreadable
/// entry` / `unreadable file` (a link loop, no permission, bad gzip data,
/// more than `max_input_bytes`), which strict mode reports as an io_error
/// naming the path. An empty (or all white space)
/// file given by path is a bad record `empty input`.
///
/// Records are messages. Which headers are used, as options:
///
/// | option          | default  | meaning                                                     |
/// |-----------------|----------|-------------------------------------------------------------|
/// | `sender_header` | `"from"` | `"from"`: From, falling back to Sender; `"sender"`: the reverse |
/// | `include_bcc`   | `true`   | read Bcc (role::bcc) as well as To (role::to) and Cc (role::cc) |
/// | `use_resent`    | `false`  | a message with Resent-From uses the topmost Resent-From/-Sender, Resent-To/-Cc/-Bcc and Resent-Date instead |
/// | `dedupe_message_ids` | `true` | a message whose Message-ID equals one already kept is skipped as "duplicate message id" |
/// | `default_recipient` | `""` | recipient (role::to) of a message with no To/Cc/Bcc address, e.g. a list's address |
///
/// Field names are matched case-insensitively (`from:` in LISTSERV
/// archives); repeated To/Cc/Bcc fields are concatenated. Values are parsed
/// with rfc5322.hpp: address lists with display names, quoted strings,
/// comments, groups, obsolete routes, `Name addr@host` without brackets and
/// pipermail's `user at host`. People are the lower-cased addr-specs, then
/// the identity rules (identities.hpp). The Message-ID is stored as the
/// log's message id without its angle brackets; In-Reply-To and References
/// come back in mbox_result (read_mail()), and link each reply to its parent
/// (message_log::set_parent): the message named by In-Reply-To when it is in
/// the archive, else the one named by the last References id; a reply
/// whose ids name no message of the archive is counted in
/// `report().dropped["reply to unknown parent"]`. With a
/// pseudonymize_key all three are stored as identities::pseudonymize_id()
/// (they usually hold the sender's address): a reply still links to its
/// parent, since the same id gives the same pseudonym.
///
/// Raw 8-bit bytes in headers (which RFC 5322 forbids but old archives
/// hold): display names, addresses and message ids that are not valid UTF-8
/// are read as Windows-1252 (a superset of Latin-1) and stored as UTF-8;
/// valid UTF-8 is kept as it is. Every string of the result is UTF-8. An
/// address with a control character such as NUL is no address (counted as
/// below).
///
/// A message is kept, or skipped with one of these reasons:
/// - `no sender`: no From/Sender field with an address;
/// - `no recipients`: no To/Cc/(Bcc) address at all (e.g. pipermail
///   archives, which strip recipients) and no `default_recipient`;
/// - `bad date`: a Date field that parse_rfc5322_date() cannot read. A
///   message **without** a Date field is kept with no_time and counted in
///   `report().dropped["no date"]`;
/// - `no From_ separator`: text before the first `From ` line of an mbox;
/// - `empty input`: an mbox or .eml file (or text) of only white space
///   (strict: parse_error at line 0);
/// - `duplicate message id` (policy, never thrown);
/// - `sender excluded` / `sender external` / `no recipients after identity
///   rules` (identity policy, never thrown).
///
/// With error_policy::strict the first of the first five throws
/// parse_error(file, line of the message's first line, field, reason, hint);
/// with error_policy::skip it is counted in `report().skipped[reason]`.
/// Either way `report().balanced()` holds. Inside kept messages, list
/// elements without an address (`To: Ann`) are counted in
/// `dropped["bad address"]`, and recipients removed by the rules in
/// `dropped["recipient excluded"]` / `["recipient external"]`. With a
/// pseudonymisation key no raw address appears in labels, message and reply
/// ids, reports, display names (left empty) or errors (a bad date is shown
/// masked, detail/quote.hpp).
///
/// Complexity: O(bytes) for the scan (memmem over bodies), plus
/// O(header bytes) parsing; one thread. Memory: the mapping, plus the log.
///
/// Example:
/// \code
///   onakit::mbox_options o;
///   o.errors = onakit::error_policy::skip;
///   onakit::mbox_result r = onakit::read_mail("enron.lay-k.inbox.mbox", o);
///   std::cout << r.log.report().to_string() << '\n';
///   // r.in_reply_to[m]: the id message m answers, or ""
/// \endcode

#include <onakit/ingest/detail/reader.hpp>
#include <onakit/ingest/detail/label_cache.hpp>
#include <onakit/detail/quote.hpp>
#include <onakit/detail/utf8.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/detail/message_ids.hpp>
#include <onakit/ingest/rfc5322.hpp>
#include <onakit/ingest/stream.hpp>
#include <onakit/ingest/text_source.hpp>
#include <onakit/ingest/text_stream.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// Options of read_mail() / read_mbox(); see the file summary.
struct mbox_options {
  std::string sender_header = "from";  ///< "from" (falls back to Sender) or "sender" (falls back to From)
  bool use_resent = false;             ///< prefer the topmost Resent-* block when there is one
  bool include_bcc = true;             ///< read Bcc as role::bcc
  bool dedupe_message_ids = true;      ///< skip later copies of a kept Message-ID
  /// Address given to messages without any To/Cc/Bcc address, such as the
  /// list's own address for a mailing-list archive (pipermail and LISTSERV
  /// archives strip recipients); empty = skip them as "no recipients". It
  /// goes through the identity rules like any address; each use is counted
  /// in `report().dropped["default recipient"]`.
  std::string default_recipient{};
  error_policy errors = error_policy::strict;
  /// Largest file read, in bytes after decompression (text_source.hpp):
  /// more is an io_error, so a gzip bomb or an endless device cannot exhaust memory.
  std::uint64_t max_input_bytes = default_max_input_bytes;
  /// Identity rules applied to every address before it is stored (see
  /// identities.hpp); null = the lower-cased addr-specs.
  std::shared_ptr<const identities> identity_rules{};
  /// Polled every 256 messages and after every file of a folder
  /// (interrupt.hpp): the position is the bytes read of a single file, or the
  /// files read of a folder (total unknown). True stops the read.
  interrupt_check interrupt{};
};

/// A log plus what the log has no columns for. All vectors are indexed like
/// the log's messages (size num_messages()), except display_names.
struct mbox_result {
  message_log log;
  std::vector<std::string> in_reply_to;  ///< the first id in In-Reply-To, without `<>`; "" if none
  std::vector<std::string> references;   ///< the ids in References, without `<>`, space-separated
  /// Display name of each person (indexed by vertex_id), the first one seen,
  /// RFC 2047-decoded UTF-8; all empty when pseudonymising.
  std::vector<std::string> display_names;
};

namespace detail {

/// The fields of one message the reader looks at (views into the header block).
struct mail_fields {
  std::string_view from, sender, date, message_id, in_reply_to, references;
  std::string_view resent_from, resent_sender, resent_date;
  std::vector<std::string_view> to, cc, bcc, resent_to, resent_cc, resent_bcc;
  void clear() {
    from = sender = date = message_id = in_reply_to = references = {};
    resent_from = resent_sender = resent_date = {};
    to.clear();
    cc.clear();
    bcc.clear();
    resent_to.clear();
    resent_cc.clear();
    resent_bcc.clear();
  }
};

inline void collect_field(mail_fields& f, std::string_view name, std::string_view value) {
  auto first = [&](std::string_view& slot) {
    if (slot.data() == nullptr) slot = value;
  };
  // Most fields are none of these (Subject, Content-Type, X-*): reject them
  // on the first letter before comparing whole names.
  if (name.empty()) return;
  switch (ascii_lower(name[0])) {
    case 'b': case 'c': case 'd': case 'f': case 'i': case 'm': case 'r': case 's': case 't': break;
    default: return;
  }
  switch (name.size()) {
    case 2:
      if (iequals(name, "to")) f.to.push_back(value);
      else if (iequals(name, "cc")) f.cc.push_back(value);
      break;
    case 3:
      if (iequals(name, "bcc")) f.bcc.push_back(value);
      break;
    case 4:
      if (iequals(name, "from")) first(f.from);
      else if (iequals(name, "date")) first(f.date);
      break;
    case 6:
      if (iequals(name, "sender")) first(f.sender);
      break;
    case 9:
      if (iequals(name, "resent-to")) f.resent_to.push_back(value);
      else if (iequals(name, "resent-cc")) f.resent_cc.push_back(value);
      break;
    case 10:
      if (iequals(name, "message-id")) first(f.message_id);
      else if (iequals(name, "references")) first(f.references);
      else if (iequals(name, "resent-bcc")) f.resent_bcc.push_back(value);
      break;
    case 11:
      if (iequals(name, "in-reply-to")) first(f.in_reply_to);
      else if (iequals(name, "resent-from")) first(f.resent_from);
      else if (iequals(name, "resent-date")) first(f.resent_date);
      break;
    case 13:
      if (iequals(name, "resent-sender")) first(f.resent_sender);
      break;
    default:
      break;
  }
}

/// Start of the line after the one at `i` of a mail file: lines end at LF,
/// CRLF or a lone CR (classic Mac mail files, or a mix), as Python's email
/// parser reads them; so a `From ` line after a lone CR starts a message too.
inline std::size_t next_mail_line(std::string_view t, std::size_t i) noexcept {
  const char* const d = t.data();
  const char* nl = find_byte(d + i, d + t.size(), '\n');
  const std::size_t eol = nl ? static_cast<std::size_t>(nl - d) : t.size();
  if (const void* cr = std::memchr(d + i, '\r', eol - i)) {
    const auto r = static_cast<std::size_t>(static_cast<const char*>(cr) - d);
    if (r + 1 < eol || !nl) return r + 1;  // a lone CR, not the CR of CRLF
  }
  return nl ? eol + 1 : t.size();
}

/// Lines of a mail file's `text` (LF, CRLF and a lone CR each end one).
inline std::uint64_t count_mail_lines(std::string_view text) noexcept {
  std::uint64_t lines = count_lines(text);
  const char* const d = text.data();
  for (const void* p = std::memchr(d, '\r', text.size()); p != nullptr;) {
    const auto r = static_cast<std::size_t>(static_cast<const char*>(p) - d);
    if (r + 1 == text.size() || d[r + 1] != '\n') ++lines;
    p = r + 1 < text.size() ? std::memchr(d + r + 1, '\r', text.size() - r - 1) : nullptr;
  }
  return lines;
}

/// Reads messages into one mbox_result; one instance per read_mail() call.
class mail_reader {
 public:
  /// Reading a folder: progress counts files, not the bytes of each file.
  bool in_folder = false;
  /// Line number of the first line of the text read_mbox_text() is given
  /// (a streaming read's later segments), for errors.
  std::uint64_t first_line = 1;
  /// Called after each file of a folder (stream_mbox hands a chunk on there).
  std::function<void()> after_each_file{};

  explicit mail_reader(const mbox_options& o) : o_(o), people_(o.identity_rules.get()) {
    if (o.sender_header != "from" && o.sender_header != "sender")
      throw invalid_option("sender_header='" + o.sender_header + "' is not a choice: use 'from' or 'sender'");
    if (bad_identifier(o.default_recipient))
      throw invalid_option("default_recipient must not contain control characters");
    pseudo_ = o.identity_rules && o.identity_rules->pseudonymizing();
    sender_first_ = o.sender_header == "sender";
  }

  /// Reads an mbox held in `text`; `name` is used in errors.
  void read_mbox_text(std::string_view text, const std::string& name) {
    if (first_line == 1) text = strip_bom(text);  // a BOM before the first From_ line (Windows editors)
    if (empty_input(text, name)) return;
    std::size_t pos = 0;
    const std::size_t n = text.size();
    // Text before the first separator.
    if (!starts_from_line(text, 0)) {
      const std::size_t sep = find_separator(text, 0);
      if (!trim(text.substr(0, sep)).empty()) {
        ++log().report().records_read;
        fail(name, text, 0, "", "no From_ separator",
             "an mbox starts every message with a line 'From <sender> <date>'; a single message belongs in a .eml file");
      }
      pos = sep;
    }
    std::uint64_t count = 0;
    while (pos < n) {
      if ((++count & 255) == 0) {
        if (in_folder) poll(o_.interrupt, "read_mbox");  // the folder's position counts files
        else poll(o_.interrupt, "read_mbox", pos, n);
      }
      // pos is at "From "; skip the separator line, whatever bytes it holds.
      const std::size_t hstart = next_mail_line(text, pos);
      ++log().report().records_read;
      // The header block ends at its blank line or at the next separator,
      // whichever comes first; only the body after it is searched.
      f_.clear();
      bool at_separator = false;
      const std::size_t stop = detail::scan_header_fields<true>(
          text, hstart, [&](std::string_view nm, std::string_view v) { collect_field(f_, nm, v); }, at_separator);
      const std::size_t next = at_separator ? stop : find_separator(text, stop);
      add_message(name, text, pos);
      pos = next;
    }
  }

  /// Reads one message (a .eml file's bytes).
  void read_single(std::string_view text, const std::string& name) {
    text = strip_bom(text);
    if (empty_input(text, name)) return;
    std::size_t start = 0;
    if (starts_from_line(text, 0)) {
      const auto nl = text.find('\n');
      start = nl == std::string_view::npos ? text.size() : nl + 1;
    }
    ++log().report().records_read;
    f_.clear();
    for_each_header_field(text.substr(start),
                          [&](std::string_view nm, std::string_view v) { collect_field(f_, nm, v); });
    add_message(name, text, 0);
  }

  mbox_result finish(std::string source) {
    link_replies();
    detail::close_report(log(), std::move(source));
    r_.display_names.resize(log().num_people());
    return std::move(r_);
  }

  message_log& log() noexcept { return r_.log; }

  /// Drops the messages read so far and their side tables (a streaming read
  /// has handed them on); people, display names, the report and the
  /// Message-IDs seen (for de-duplication) stay.
  void clear_messages() noexcept {
    r_.log.clear_messages();
    r_.in_reply_to.clear();
    r_.references.clear();
  }

 private:
  static bool starts_from_line(std::string_view t, std::size_t i) { return t.compare(i, 5, "From ") == 0; }

  /// Offset of the next line starting with "From " at or after `i` (which
  /// is at a line start), or t.size().
  static std::size_t find_separator(std::string_view t, std::size_t i) {
    const std::size_t n = t.size();
    if (i >= n) return n;
    if (starts_from_line(t, i)) return i;
    const char* const d = t.data();
#if defined(__SSE2__)
    // glibc's memmem ran at ~5 GB/s here; this finds "\nF" pairs 64 bytes
    // at a time (~35 GB/s in cache) and checks the rest of "From " only there.
    // A lone CR ends a line too ("\rFrom " is never the CR of a CRLF).
    const __m128i nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), ff = _mm_set1_epi8('F');
    const auto pairs = [&](std::size_t k) {
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + k));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + k + 1));
      return _mm_and_si128(_mm_or_si128(_mm_cmpeq_epi8(a, nl), _mm_cmpeq_epi8(a, cr)), _mm_cmpeq_epi8(b, ff));
    };
    const auto bits = [](__m128i m) {
      return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(m)));
    };
    while (i + 65 <= n) {
      const __m128i p0 = pairs(i), p1 = pairs(i + 16), p2 = pairs(i + 32), p3 = pairs(i + 48);
      if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(p0, p1), _mm_or_si128(p2, p3))) != 0) {
        std::uint64_t mask = bits(p0) | (bits(p1) << 16) | (bits(p2) << 32) | (bits(p3) << 48);
        while (mask != 0) {
          const std::size_t j = i + static_cast<std::size_t>(__builtin_ctzll(mask));  // d[j]: '\n' or '\r'
          if (j + 6 <= n && std::memcmp(d + j + 1, "From ", 5) == 0) return j + 1;
          mask &= mask - 1;
        }
      }
      i += 64;
    }
#endif
    for (std::size_t k = i; k + 6 <= n;) {  // "From " after LF or a lone CR
      const void* hit = ::memmem(d + k, n - k, "From ", 5);
      if (hit == nullptr) break;
      const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - d);
      if (at > i && (d[at - 1] == '\n' || d[at - 1] == '\r')) return at;
      k = at + 1;
    }
    return n;
  }

  /// An input of nothing but white space is one bad record, "empty input",
  /// as for the other readers (read_mail() counts empty files in a folder
  /// apart, as dropped["empty file"], before they get here).
  bool empty_input(std::string_view text, const std::string& name) {
    if (!trim(text).empty()) return false;
    if (o_.errors == error_policy::strict)
      throw parse_error(name, 0, "", "empty input", "the file holds no message");
    ++log().report().records_read;
    log().report().skip("empty input");
    return true;
  }

  /// Throws (strict) or counts (skip) a bad record starting at `offset` of `whole`.
  void fail(const std::string& name, std::string_view whole, std::size_t offset, std::string field,
            const char* reason, std::string hint) {
    if (o_.errors == error_policy::strict) {
      const std::uint64_t line = count_mail_lines(whole.substr(0, offset)) + first_line;
      throw parse_error(name, line, std::move(field), reason, std::move(hint));
    }
    log().report().skip(reason);
  }

  // Display names are kept raw (not yet RFC 2047-decoded) in one buffer
  // per message, and decoded only for a person who has no name yet.
  void add_addresses(const std::vector<std::string_view>& values, role r) {
    for (const auto v : values)
      scan_address_list(v, scratch_, [&](std::string_view raw_name, std::string_view spec) {
        if (spec.empty()) {
          ++no_at_;
          return;
        }
        recipients_.push_back({&people_.peek(utf8(spec)), r});
        if (pseudo_) raw_name = {};
        name_spans_.emplace_back(names_.size(), raw_name.size());
        names_.append(raw_name);
      });
  }

  /// Checks the fields in f_ and stores the message or counts why not.
  void add_message(const std::string& name, std::string_view whole, std::size_t offset) {
    const bool resent = o_.use_resent && (f_.resent_from.data() != nullptr || f_.resent_sender.data() != nullptr);
    std::string_view primary = resent ? f_.resent_from : f_.from, secondary = resent ? f_.resent_sender : f_.sender;
    if (sender_first_) std::swap(primary, secondary);

    // sender: the first address of the first field that has one
    label_cache::entry* sender = nullptr;
    for (const auto v : {primary, secondary}) {
      if (v.data() == nullptr) continue;
      scan_address_list(v, scratch_, [&](std::string_view raw_name, std::string_view spec) {
        if (sender != nullptr || spec.empty()) return;
        sender = &people_.peek(utf8(spec));
        sender_name_.assign(raw_name);
      });
      if (sender != nullptr) break;
    }
    if (sender == nullptr)
      return fail(name, whole, offset, resent ? "resent-from" : "from", "no sender",
                  "the message has no From or Sender field with an address");

    // recipients
    recipients_.clear();
    names_.clear();
    name_spans_.clear();
    no_at_ = 0;
    add_addresses(resent ? f_.resent_to : f_.to, role::to);
    add_addresses(resent ? f_.resent_cc : f_.cc, role::cc);
    if (o_.include_bcc) add_addresses(resent ? f_.resent_bcc : f_.bcc, role::bcc);
    bool defaulted = false;
    if (recipients_.empty() && !o_.default_recipient.empty()) {
      recipients_.push_back({&people_.peek(o_.default_recipient), role::to});
      name_spans_.emplace_back(names_.size(), 0);
      defaulted = true;
    }
    if (recipients_.empty())
      return fail(name, whole, offset, resent ? "resent-to" : "to", "no recipients",
                  "the message has no To, Cc or Bcc address (mailing-list archives often strip them)");

    // date
    timestamp_t t = no_time;
    const std::string_view date = resent && f_.resent_date.data() != nullptr ? f_.resent_date : f_.date;
    const bool no_date = date.data() == nullptr || trim(date).empty();
    if (!no_date) {
      // unfold() only a folded value: most dates are one line
      const bool folded =
          find_byte(date, '\n') != std::string_view::npos || find_byte(date, '\r') != std::string_view::npos;
      if (auto v = folded ? parse_rfc5322_date(unfold(date)) : parse_rfc5322_date(date)) t = *v;
      else
        return fail(name, whole, offset, resent ? "resent-date" : "date", "bad date",
                    "cannot read " + quote_value(trim(unfold(date)), pseudo_) +
                        " as an RFC 5322 date such as 'Fri, 25 May 2001 14:33:38 -0700'");
    }

    // identity rules: policy, never thrown
    if (!sender->why.empty()) {
      log().report().skip("sender " + std::string(sender->why));
      return;
    }
    if (std::none_of(recipients_.begin(), recipients_.end(), [](const auto& p) { return p.first->why.empty(); })) {
      log().report().skip("no recipients after identity rules");
      return;
    }

    const std::string_view id = f_.message_id.data() != nullptr ? first_msg_id(f_.message_id) : std::string_view{};
    if (o_.dedupe_message_ids && !id.empty()) {
      if (!seen_ids_.insert(id)) {
        log().report().skip("duplicate message id");
        return;
      }
    }

    auto& rep = log().report();
    const vertex_id s = people_.id(log(), *sender);
    note_name(s, sender_name_);
    // A pseudonym hashes the id as written (so a reply's In-Reply-To, also hashed raw, still links).
    if (pseudo_) log().begin_message(s, t, stored_id(id));
    else log().begin_message(s, t, utf8(id));
    for (std::size_t k = 0; k < recipients_.size(); ++k) {
      auto* e = recipients_[k].first;
      if (!e->why.empty()) {
        rep.drop("recipient " + std::string(e->why));
        continue;
      }
      const vertex_id v = people_.id(log(), *e);
      note_name(v, std::string_view(names_).substr(name_spans_[k].first, name_spans_[k].second));
      log().add_recipient(v, recipients_[k].second);
    }
    if (no_at_ != 0) rep.drop("bad address", no_at_);
    if (no_date) rep.drop("no date");
    if (defaulted) rep.drop("default recipient");
    ++rep.records_kept;
    const std::string_view parent =
        f_.in_reply_to.data() != nullptr ? first_msg_id(f_.in_reply_to) : std::string_view{};
    std::string refs = f_.references.data() != nullptr ? all_msg_ids(f_.references) : std::string{};
    if (pseudo_) {
      r_.in_reply_to.push_back(stored_id(parent));
      std::string out;
      for (std::size_t i = 0; i < refs.size();) {
        const std::size_t sp = std::min(refs.find(' ', i), refs.size());
        if (!out.empty()) out.push_back(' ');
        out.append(stored_id(std::string_view(refs).substr(i, sp - i)));
        i = sp + 1;
      }
      refs = std::move(out);
    } else {
      r_.in_reply_to.emplace_back(utf8(parent));
      make_valid_utf8(refs);
    }
    r_.references.push_back(std::move(refs));
  }

  /// Reply links (message_log::set_parent): the In-Reply-To id when it names
  /// a message of the archive, else the last References id when that does;
  /// a reply whose ids name no message of the archive is counted in
  /// dropped["reply to unknown parent"]. O(messages) expected.
  void link_replies() {
    message_log& lg = log();
    const std::size_t nm = lg.num_messages();
    std::unordered_map<std::string_view, std::size_t> index;
    index.reserve(nm);
    for (std::size_t m = 0; m < nm; ++m)
      if (const auto id = lg.message_id(m); !id.empty()) index.emplace(id, m);
    const auto find = [&](std::string_view id, std::size_t m) {
      if (id.empty()) return no_message;
      const auto it = index.find(id);
      return it == index.end() || it->second == m ? no_message : it->second;
    };
    std::uint64_t unknown = 0;
    for (std::size_t m = 0; m < nm; ++m) {
      const std::string_view irt = r_.in_reply_to[m];
      std::string_view refs = r_.references[m];
      std::string_view last = refs.substr(std::min(refs.size(), refs.rfind(' ') + 1));
      std::size_t p = find(irt, m);
      if (p == no_message) p = find(last, m);
      if (p != no_message) lg.set_parent(m, p);
      else if (!irt.empty() || !last.empty()) ++unknown;
    }
    if (unknown != 0) lg.report().drop("reply to unknown parent", unknown);
  }

  /// `s` itself when it is UTF-8 (nearly always: one fast ASCII check), else
  /// its Windows-1252 reading in a scratch buffer valid until the next call.
  std::string_view utf8(std::string_view s) {
    if (valid_utf8(s)) return s;
    utf8_scratch_ = to_utf8_fallback(s);
    return utf8_scratch_;
  }

  /// A Message-ID as stored when pseudonymising: identities::pseudonymize_id(),
  /// cached because References repeat a thread's ids in every reply (one
  /// HMAC costs a few microseconds, a lookup well under one).
  const std::string& stored_id(std::string_view raw) {
    auto it = id_pseudonyms_.find(raw);
    if (it == id_pseudonyms_.end())
      it = id_pseudonyms_.emplace(std::string(raw), o_.identity_rules->pseudonymize_id(raw)).first;
    return it->second;
  }

  /// Gives person v the display name `raw_name` (decoded) if v has none yet.
  void note_name(vertex_id v, std::string_view raw_name) {
    if (pseudo_ || raw_name.empty()) return;  // finish() sizes display_names
    if (r_.display_names.size() <= v) r_.display_names.resize(static_cast<std::size_t>(v) + 1);
    if (r_.display_names[v].empty()) {
      std::string decoded = decode_rfc2047(raw_name);
      if (!decoded.empty()) r_.display_names[v] = std::move(decoded);
    }
  }

  const mbox_options& o_;
  mbox_result r_;
  label_cache people_;
  bool pseudo_ = false;
  bool sender_first_ = false;  // sender_header == "sender"
  mail_fields f_;
  address_scratch scratch_;
  std::string sender_name_;  // raw
  std::vector<std::pair<label_cache::entry*, role>> recipients_;
  std::string names_;                                           // raw display names of recipients_
  std::vector<std::pair<std::size_t, std::size_t>> name_spans_;  // (offset, size) in names_, per recipient
  std::uint64_t no_at_ = 0;
  message_id_set seen_ids_;
  std::string utf8_scratch_;  // see utf8()
  struct id_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::string, id_hash, std::equal_to<>> id_pseudonyms_;  // raw id -> stored, with a key
};

inline bool has_extension(const std::filesystem::path& p, std::string_view ext) {
  return iequals(p.extension().string(), ext);
}

/// How read_mail() reads a file.
enum class mail_file_kind : std::uint8_t {
  none,        ///< not mail (in a folder: counted as "not a mail file")
  single,      ///< one message (.eml)
  mbox,        ///< an mbox
  unreadable,  ///< cannot be opened
};

/// The one rule for what a file is, used for a file given by path and for
/// folder discovery alike: a name ending in `.eml` is one message, one ending
/// in `.mbox` is an mbox, other files are mboxes when their first bytes are
/// `From ` (after a UTF-8 byte-order mark, which the reader skips too). A
/// `.gz` suffix is looked through (`2024-January.txt.gz`, `list.mbox.gz`): the test reads the decompressed bytes. `sniff = false`
/// (a file given by path, read as an mbox unless it is a .eml) skips the
/// content test, so a pipe given by path loses no bytes to it.
inline mail_file_kind classify_mail_file(const std::filesystem::path& p, bool sniff = true) {
  const std::filesystem::path inner = is_gzip_path(p) ? p.stem() : p;
  if (has_extension(inner, ".eml")) return mail_file_kind::single;
  if (has_extension(inner, ".mbox") || !sniff) return mail_file_kind::mbox;
  // gzread() reads a file that is not gzip as it is, so one call serves both.
  gzFile f = gzopen(p.string().c_str(), "rb");
  if (f == nullptr) return mail_file_kind::unreadable;
  char buf[8] = {};
  const int n = gzread(f, buf, 8);
  gzclose(f);
  const std::string_view head = strip_bom(std::string_view(buf, n > 0 ? static_cast<std::size_t>(n) : 0));
  return head.starts_with("From ") ? mail_file_kind::mbox : mail_file_kind::none;
}

/// Reads one file. `in_folder`: an empty file is counted in
/// dropped["empty file"] (mail clients keep empty mbox files) and, with
/// error_policy::skip, a file that cannot be opened in dropped["unreadable
/// file"]; a file given by path reports both as errors.
inline void read_mail_file(mail_reader& reader, const std::filesystem::path& p, bool single, bool in_folder,
                           const mbox_options& o) {
  text_source text;
  try {
    text = text_source::open(p, /*populate=*/false, o.max_input_bytes);  // mapped, or decompressed for .gz
  } catch (const io_error&) {
    if (!in_folder || o.errors == error_policy::strict) throw;
    reader.log().report().drop("unreadable file");
    return;
  }
  if (in_folder && trim(text.view()).empty()) {
    reader.log().report().drop("empty file");
    return;
  }
  const std::string& name = text.name();
  text.parse([&](std::string_view t) {
    if (single) reader.read_single(t, name);
    else reader.read_mbox_text(t, name);
  });
}

/// A folder's entries that are files, in name order; every other entry is
/// counted in `dropped` by reason, or, for entries that cannot be read
/// (a link loop, no permission) with error_policy::strict, an io_error
/// naming it. `subfolders` receives the real (not linked) subfolders;
/// links to folders are not followed, so a link loop cannot trap the walk.
inline std::vector<std::filesystem::path> list_folder(const std::filesystem::path& dir, const mbox_options& o,
                                                      ingest_report& rep,
                                                      std::vector<std::filesystem::path>* subfolders) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files, dirs;
  const auto unreadable = [&](const fs::path& p, const std::error_code& ec) {
    if (o.errors == error_policy::strict) throw io_error(p.string(), "cannot read: " + ec.message());
    rep.drop("unreadable entry");
  };
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    unreadable(dir, ec);
    return files;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const fs::path p = it->path();
    std::error_code lec, sec;
    const fs::file_status link = it->symlink_status(lec);
    const fs::file_status st = it->status(sec);
    if (lec || (sec && sec != std::errc::no_such_file_or_directory)) {
      unreadable(p, lec ? lec : sec);  // e.g. a link loop (ELOOP) or no permission
    } else if (!fs::exists(st)) {
      rep.drop("broken link");
    } else if (fs::is_regular_file(st)) {
      files.push_back(p);
    } else if (fs::is_directory(st)) {
      if (fs::is_symlink(link)) rep.drop("link to a folder (not followed)");
      else dirs.push_back(p);
    } else {
      rep.drop("not a regular file");  // FIFO, socket, device: never opened (a FIFO would block)
    }
  }
  if (ec) unreadable(dir, ec);
  std::sort(files.begin(), files.end());
  std::sort(dirs.begin(), dirs.end());
  if (subfolders != nullptr) *subfolders = std::move(dirs);
  else if (!dirs.empty()) rep.drop("subfolder (not read)", dirs.size());  // inside a Maildir's cur/new
  return files;
}

inline bool is_maildir(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_directory(dir / "cur", ec) || std::filesystem::is_directory(dir / "new", ec);
}

/// Reads a Maildir (`cur/` and `new/`) or a folder of mail files and,
/// recursively, its subfolders (`depth` levels deep at most).
inline void read_mail_folder(mail_reader& reader, const std::filesystem::path& dir, const mbox_options& o,
                             int depth) {
  reader.in_folder = true;
  auto& rep = reader.log().report();
  if (is_maildir(dir)) {
    for (const char* sub : {"cur", "new"}) {
      std::error_code ec;
      if (!std::filesystem::is_directory(dir / sub, ec)) continue;
      for (const auto& p : list_folder(dir / sub, o, rep, nullptr)) {
        read_mail_file(reader, p, true, true, o);
        if (reader.after_each_file) reader.after_each_file();
        poll_counting(o.interrupt, "read_mbox", 1);
      }
    }
    return;
  }
  std::vector<std::filesystem::path> subfolders;
  for (const auto& p : list_folder(dir, o, rep, &subfolders)) {
    switch (classify_mail_file(p)) {
      case mail_file_kind::single: read_mail_file(reader, p, true, true, o); break;
      case mail_file_kind::mbox: read_mail_file(reader, p, false, true, o); break;
      case mail_file_kind::none: rep.drop("not a mail file"); break;
      case mail_file_kind::unreadable: read_mail_file(reader, p, false, true, o); break;  // reports why
    }
    if (reader.after_each_file) reader.after_each_file();
    poll_counting(o.interrupt, "read_mbox", 1);
  }
  for (const auto& d : subfolders) {
    if (depth <= 0) rep.drop("subfolder (too deep)");
    else read_mail_folder(reader, d, o, depth - 1);
  }
}

}  // namespace detail

/// Reads an mbox held in memory. See the file summary.
/// \throws parse_error (strict) for the first bad message
[[nodiscard]] inline mbox_result read_mbox_text(std::string_view text, const mbox_options& o = {},
                                                std::string name = "<memory>") {
  detail::mail_reader reader(o);
  reader.read_mbox_text(text, name);
  return reader.finish(std::move(name));
}

/// Reads one message (the bytes of a .eml file) held in memory.
/// \throws parse_error (strict) for a bad message; invalid_option for a bad `sender_header`.
[[nodiscard]] inline mbox_result read_eml_text(std::string_view text, const mbox_options& o = {},
                                               std::string name = "<memory>") {
  detail::mail_reader reader(o);
  reader.read_single(text, name);
  return reader.finish(std::move(name));
}

/// Reads an mbox file, a .eml file, a Maildir or a directory of mail files
/// (see the file summary), with reply links and display names.
/// \throws io_error if `path` does not exist or cannot be read;
///         parse_error (strict) for the first bad message;
///         invalid_option for a bad `sender_header`.
/// \par Complexity  O(total bytes).
[[nodiscard]] inline mbox_result read_mail(const std::filesystem::path& path, const mbox_options& o = {}) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) throw io_error(path.string(), "no such file or directory");
  detail::mail_reader reader(o);
  if (!fs::is_directory(st)) {
    const bool single = detail::classify_mail_file(path, /*sniff=*/false) == detail::mail_file_kind::single;
    detail::read_mail_file(reader, path, single, false, o);
    return reader.finish(path.string());
  }
  if (fs::directory_iterator probe(path, ec); ec)  // the folder itself must be readable, whatever `errors`
    throw io_error(path.string(), "cannot list the folder: " + ec.message());
  detail::read_mail_folder(reader, path, o, /*depth=*/32);
  return reader.finish(path.string());
}

/// read_mail() without the side tables: just the message_log.
/// \throws as read_mail().
[[nodiscard]] inline message_log read_mbox(const std::filesystem::path& path, const mbox_options& o = {}) {
  return std::move(read_mail(path, o).log);
}

/// Streams mail to `sink`, chunk by chunk (ingest/stream.hpp), from what
/// read_mail() reads: an mbox file is read window by window (windows end
/// before a "From " separator line, text_stream.hpp), so memory holds the
/// people, one chunk and one window; a `.eml` file is one message; a folder
/// (Maildir, or .eml/mbox files) is read one file at a time, a chunk handed
/// on after any file that fills one. The messages are read by read_mail()'s
/// own reader (detail::mail_reader), so the chunks, concatenated, are the
/// messages of read_mbox(path, o) with the same ids and report, except:
/// - reply links are not set (a chunk is handed on before its replies are
///   read; ties do not need them), so dropped["reply to unknown parent"] is
///   not counted;
/// - with `dedupe_message_ids` the Message-IDs seen are kept (one hash-set
///   entry per message), since a later copy of a message must still be
///   skipped: the one cost that grows with the messages.
/// \return the log without messages: people and the report.
/// \throws io_error, parse_error, invalid_option as read_mail();
///   invalid_option for chunk_messages == 0.
/// \par Complexity  O(bytes); memory O(people + chunk + window + ids seen).
[[nodiscard]] inline message_log stream_mbox(const std::filesystem::path& path, const mbox_options& o,
                                             const message_sink& sink,
                                             std::size_t chunk_messages = default_chunk_messages) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) throw io_error(path.string(), "no such file or directory");
  detail::mail_reader reader(o);
  detail::chunk_handout out(reader.log(), sink, chunk_messages);
  // The reader's side tables (reply ids) are cleared with each chunk.
  const auto hand_on = [&](std::uint64_t bytes) {
    const std::size_t before = reader.log().num_messages();
    out.after_segment(bytes);
    if (reader.log().num_messages() != before) reader.clear_messages();
  };
  if (fs::is_directory(st)) {
    if (fs::directory_iterator probe(path, ec); ec)
      throw io_error(path.string(), "cannot list the folder: " + ec.message());
    reader.after_each_file = [&] { hand_on(0); };
    detail::read_mail_folder(reader, path, o, /*depth=*/32);
  } else if (detail::classify_mail_file(path, /*sniff=*/false) == detail::mail_file_kind::single) {
    detail::read_mail_file(reader, path, true, false, o);
  } else {
    text_stream in = text_stream::open(path, o.max_input_bytes);
    in.guarded([&] {
      std::string_view seg;
      bool first = true;
      // A segment ends before a "From " line; the first one holds more than blanks.
      const auto cut = [&](std::string_view t, bool) -> std::size_t {
        for (std::size_t k = t.size(); k > 0;) {
          const std::size_t at = t.rfind("\nFrom ", k - 1);
          if (at == std::string_view::npos) return 0;
          if (!(first && detail::trim(t.substr(0, at + 1)).empty())) return at + 1;
          k = at;
        }
        return 0;
      };
      while (in.next(seg, out.window(), cut)) {
        reader.read_mbox_text(seg, in.name());
        first = false;
        reader.first_line += detail::count_mail_lines(seg);
        hand_on(seg.size());
      }
      if (first) reader.read_mbox_text({}, in.name());  // an empty file: "empty input", as read_mail()
    });
  }
  out.finish(path.string());
  return std::move(reader.log());
}

}  // namespace onakit
