#pragma once
/// \file calendar.hpp
/// Reads meetings from iCalendar files (RFC 5545 `.ics`), or a folder of
/// them, into a message_log: each meeting links its organiser to its
/// attendees with role `meeting`. Parsing, time zones and recurrence rules
/// are Debian's libical (the C API, <libical/ical.h>); this header only maps
/// its components onto messages. Component `onakit::ical` (CMake), which adds
/// libical to onakit::ingest.
///
/// One VEVENT is one record (report().records_read). A kept record gives one
/// message per instance (occurrence):
/// | iCalendar                        | becomes                                                     |
/// |----------------------------------|-------------------------------------------------------------|
/// | `ORGANIZER`                      | the sender (`mailto:` removed, lower-cased, then the identity rules) |
/// | `ATTENDEE` (not the organiser)   | a recipient with role `meeting`                             |
/// | `DTSTART` of the instance        | the time, in UTC: a `TZID` is resolved through the file's VTIMEZONE (else the system's zone of that name); a floating time or an all-day DATE is read as UTC |
/// | `UID`                            | the message id; an instance of a recurring event gets `UID/` + its RECURRENCE-ID in UTC (`20240301T090000Z`) |
/// | `UID`                            | the channel: every instance of a series shares it           |
///
/// Recurrence: RRULE (several are united), RDATE and EXDATE expand a series;
/// an override (a VEVENT with the same UID and a RECURRENCE-ID) replaces the
/// instance it names. Instances are kept when their start lies in
/// [start, end) (calendar_options). Without `end`, a series is expanded up to
/// `default_horizon` (one year) after its DTSTART: a series that goes on past
/// it is counted once in report().dropped["recurrence past horizon"]. At most
/// `max_instances` instances per series; more are counted in
/// dropped["instances past max_instances"].
///
/// Policy (counted, never an error), skipped records by reason:
/// - `scheduling reply`: the events of a calendar whose METHOD is REPLY,
///   COUNTER, REFRESH or DECLINECOUNTER (iTIP answers to a meeting, not one);
/// - `cancelled`: STATUS:CANCELLED, or a calendar with METHOD:CANCEL (a
///   cancelled override also removes the instance it replaces);
/// - `no organizer`: no ORGANIZER address (nobody to link attendees to);
/// - `no attendees`: no attendee left besides the organiser and decliners;
/// - `broadcast`: more than `max_attendees` attendees left (a town hall or
///   an all-hands links nobody in particular): the whole event is skipped;
/// - `no instance in window`: no instance starts in [start, end);
/// - identity rules: `sender excluded`, `no recipients after identity rules`, ...
///
/// Dropped inside kept records: `declined attendee` (PARTSTAT=DECLINED),
/// `organizer among attendees`, `attendee without address`, `recipient
/// excluded`/`external`, `unknown TZID` (read as UTC), `unparsed line`
/// (a line libical could not parse, its X-LIC-ERROR), `instance out of
/// range` (an RRULE or RDATE instance beyond the supported time range,
/// timestamp.hpp max_abs_timestamp), and the two caps above.
///
/// Lines may end in CRLF, LF or a lone CR (classic Mac), mixed in one file.
/// Text is UTF-8 (a byte-order mark is skipped; UTF-16 with one is
/// converted); a file that is not is one bad record `invalid UTF-8` at the
/// line of its first bad byte.
///
/// Bad records (strict: parse_error naming the file, the line of the
/// VEVENT's BEGIN, the property and the reason; skip: counted): `not
/// iCalendar` (a file with no VCALENDAR: one record for the whole file),
/// `missing DTSTART`, `DTSTART out of range` (a start beyond the supported
/// time range, about 285,000 years either side of 1970), `bad address` (a
/// control character in an address).
///
/// Complexity: O(bytes) to parse plus O(instances x attendees). libical's
/// state is process-wide, so files are read one at a time (a mutex) even
/// from several threads. libical expands a VTIMEZONE's rules once per zone
/// and file (a zone with rules back to 1917 costs ~0.4 s the first time).
///
/// Example:
/// \code
///   onakit::calendar_options o;
///   o.start = onakit::parse_timestamp("2024-01-01T00:00:00Z");
///   o.end = onakit::parse_timestamp("2025-01-01T00:00:00Z");
///   onakit::message_log log = onakit::read_calendar("calendars/", o);
/// \endcode

#include <onakit/detail/quote.hpp>
#include <onakit/detail/strings.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/detail/label_cache.hpp>
#include <onakit/ingest/detail/reader.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/text_encoding.hpp>
#include <onakit/ingest/text_source.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#include <libical/ical.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// Options of read_calendar().
struct calendar_options {
  error_policy errors = error_policy::strict;  ///< throw on a bad record, or skip and count it
  /// Keep instances starting at or after this UTC time (no_time = no bound).
  timestamp_t start = no_time;
  /// Keep instances starting before this UTC time (no_time = no bound: a
  /// series then stops at default_horizon after its DTSTART).
  timestamp_t end = no_time;
  /// How far a series is expanded when `end` is not given: one year (365 days).
  timestamp_t default_horizon = 365LL * 86400 * microseconds_per_second;
  /// Events with more attendees than this (besides the organiser and those who
  /// declined) are broadcasts, skipped and counted; 0 = no limit.
  std::size_t max_attendees = 50;
  /// Most instances one series gives (a guard against an endless rule and a wide window).
  std::size_t max_instances = 100000;
  /// Largest file read, in bytes after decompression (text_source.hpp).
  std::uint64_t max_input_bytes = default_max_input_bytes;
  /// Identity rules applied to every address before it is stored (identities.hpp).
  std::shared_ptr<const identities> identity_rules{};
  /// Polled between files and every few thousand instances (interrupt.hpp).
  interrupt_check interrupt{};
};

namespace detail {

struct ical_free {
  void operator()(icalcomponent* c) const noexcept { icalcomponent_free(c); }
};
using ical_ptr = std::unique_ptr<icalcomponent, ical_free>;

/// libical keeps process-wide state (its zone cache, its error flag): one
/// file is parsed and expanded at a time, whatever the caller's threads.
[[nodiscard]] inline std::mutex& ical_mutex() {
  static std::mutex m;
  return m;
}

/// An address as written (`mailto:Ann@X.org`) -> `ann@x.org`: the `mailto:`
/// scheme removed, trimmed and lower-cased like the mail readers' addr-specs.
[[nodiscard]] inline std::string calendar_address(const char* raw) {
  std::string_view s = raw == nullptr ? std::string_view{} : trim(std::string_view(raw));
  if (s.size() >= 7 && iequals(s.substr(0, 7), "mailto:")) s = trim(s.substr(7));
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

/// Line numbers (1-based) of the `BEGIN:VEVENT` lines, in order.
[[nodiscard]] inline std::vector<std::uint64_t> vevent_lines(std::string_view text) {
  std::vector<std::uint64_t> out;
  std::uint64_t line = 1;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t e = text.find('\n', pos);
    if (e == std::string_view::npos) e = text.size();
    if (iequals(trim(text.substr(pos, e - pos)), "BEGIN:VEVENT")) out.push_back(line);
    ++line;
    pos = e + 1;
  }
  return out;
}

/// The UTC time of `t` as written in property `p` (its TZID resolved against
/// `cal`'s VTIMEZONEs, else the system zone of that name); floating and DATE
/// values are read as UTC. Sets `unknown_zone` when a TZID names no zone.
[[nodiscard]] inline timestamp_t calendar_utc(icaltimetype t, icalproperty* p, icalcomponent* cal,
                                              bool& unknown_zone) {
  icaltimezone* utc = icaltimezone_get_utc_timezone();
  const icaltimezone* zone = utc;
  if (!t.is_date && !icaltime_is_utc(t) && p != nullptr) {
    if (icalparameter* tz = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER)) {
      const char* id = icalparameter_get_tzid(tz);
      icaltimezone* z = id != nullptr && cal != nullptr ? icalcomponent_get_timezone(cal, id) : nullptr;
      if (z == nullptr && id != nullptr) z = icaltimezone_get_builtin_timezone_from_tzid(id);
      if (z == nullptr && id != nullptr) z = icaltimezone_get_builtin_timezone(id[0] == '/' ? id + 1 : id);
      if (z != nullptr) zone = z;
      else unknown_zone = true;
    }
  }
  t.zone = nullptr;
  const std::time_t s = icaltime_as_timet_with_zone(t, t.is_date ? utc : zone);
  // A year libical reads but onakit cannot hold: a value past the range (a
  // bad time, calendar_in_range()), never an overflow.
  constexpr std::time_t limit = max_abs_timestamp / microseconds_per_second;
  if (s > limit) return max_abs_timestamp + 1;
  if (s < -limit) return -max_abs_timestamp - 1;
  return static_cast<timestamp_t>(s) * microseconds_per_second;
}

/// Whether a time from calendar_utc() is within the supported range.
[[nodiscard]] constexpr bool calendar_in_range(timestamp_t t) noexcept {
  return t >= -max_abs_timestamp && t <= max_abs_timestamp;
}

/// `20240301T090000Z`
[[nodiscard]] inline std::string calendar_basic_utc(timestamp_t us) {
  const std::time_t s = static_cast<std::time_t>(us / microseconds_per_second);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char b[32];
  const auto n = std::strftime(b, sizeof b, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(b, n);
}

/// One VEVENT as read.
struct calendar_event {
  icalcomponent* comp = nullptr;
  std::uint64_t line = 0;
  std::string uid;
  bool has_recurrence_id = false;
  timestamp_t recurrence_id = no_time;
};

/// Reads the VCALENDARs of one file into `log`.
class calendar_file_reader {
 public:
  calendar_file_reader(message_log& log, label_cache& people, const calendar_options& o)
      : log_(log), people_(people), o_(o) {}

  void read(std::string_view text, const std::string& name) {
    name_ = name;
    auto& rep = log_.report();
    if (trim(text).empty()) {
      ++rep.records_read;
      return bad(0, "", "not iCalendar", "the file is empty; expected BEGIN:VCALENDAR ... END:VCALENDAR");
    }
    // UTF-16 with a byte-order mark (some Windows exports): read as its UTF-8.
    std::string utf16;
    if (text.size() >= 2 && (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")))
      text = decode_text(text, text_encoding::utf8, name, utf16);
    if (!valid_utf8(text)) {  // RFC 5545 text is UTF-8; labels must be too (Python strings)
      ++rep.records_read;
      return bad(first_invalid_utf8_line(text), "", "invalid UTF-8",
                 "iCalendar text is UTF-8 (RFC 5545); convert the file, e.g. iconv -f cp1252 -t utf-8");
    }
    // libical wants a NUL-terminated string, and ends lines only at LF: a
    // lone CR (classic Mac line ends, or a mix) becomes LF, as in Python's
    // universal newlines, so no event is lost inside one long line.
    std::string copy(text);
    for (std::size_t k = copy.find('\r'); k != std::string::npos; k = copy.find('\r', k + 1))
      if (k + 1 == copy.size() || copy[k + 1] != '\n') copy[k] = '\n';
    const std::lock_guard<std::mutex> lock(ical_mutex());
    ical_ptr root(icalparser_parse_string(copy.c_str()));
    std::vector<icalcomponent*> cals;
    if (root) {
      const icalcomponent_kind k = icalcomponent_isa(root.get());
      if (k == ICAL_VCALENDAR_COMPONENT) {
        cals.push_back(root.get());
      } else if (k == ICAL_XROOT_COMPONENT) {
        for (icalcomponent* c = icalcomponent_get_first_component(root.get(), ICAL_VCALENDAR_COMPONENT); c != nullptr;
             c = icalcomponent_get_next_component(root.get(), ICAL_VCALENDAR_COMPONENT))
          cals.push_back(c);
      }
    }
    if (cals.empty()) {
      ++rep.records_read;
      return bad(0, "", "not iCalendar", "no BEGIN:VCALENDAR ... END:VCALENDAR that libical could parse");
    }
    lines_ = vevent_lines(copy);
    next_line_ = 0;
    for (icalcomponent* cal : cals) read_calendar_component(cal);
  }

 private:
  void bad(std::uint64_t line, const std::string& field, const std::string& reason, const std::string& hint) {
    if (o_.errors == error_policy::strict) throw parse_error(name_, line, field, reason, hint);
    log_.report().skip(reason);
  }

  std::size_t count_errors(icalcomponent* c) {
    std::size_t n = 0;
    for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p != nullptr;
         p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY))
      ++n;
    return n;
  }

  timestamp_t utc_of(icaltimetype t, icalproperty* p) {
    bool unknown = false;
    const timestamp_t u = calendar_utc(t, p, cal_, unknown);
    if (unknown) log_.report().drop("unknown TZID");
    return u;
  }

  void read_calendar_component(icalcomponent* cal) {
    cal_ = cal;
    auto& rep = log_.report();
    if (const std::size_t n = count_errors(cal)) rep.drop("unparsed line", n);
    const icalproperty_method method = icalcomponent_get_method(cal);
    const bool cancel_method = method == ICAL_METHOD_CANCEL;
    const bool reply_method = method == ICAL_METHOD_REPLY || method == ICAL_METHOD_COUNTER ||
                              method == ICAL_METHOD_REFRESH || method == ICAL_METHOD_DECLINECOUNTER;
    std::vector<calendar_event> events;
    for (icalcomponent* c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); c != nullptr;
         c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
      calendar_event e;
      e.comp = c;
      e.line = next_line_ < lines_.size() ? lines_[next_line_] : 0;
      ++next_line_;
      if (const char* u = icalcomponent_get_uid(c)) e.uid = std::string(trim(u));
      if (icalproperty* r = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY)) {
        e.has_recurrence_id = true;
        e.recurrence_id = utc_of(icalproperty_get_recurrenceid(r), r);
      }
      events.push_back(std::move(e));
    }
    // Overrides by UID: their RECURRENCE-IDs replace instances of the series.
    std::unordered_map<std::string, std::vector<timestamp_t>> overridden;
    for (const auto& e : events)
      if (e.has_recurrence_id && !e.uid.empty()) overridden[e.uid].push_back(e.recurrence_id);
    for (const auto& e : events) {
      poll_counting(o_.interrupt, "read_calendar", 1);  // one VEVENT
      ++rep.records_read;
      if (reply_method) rep.skip("scheduling reply");
      else read_event(e, cancel_method, overridden);
    }
  }

  void read_event(const calendar_event& e, bool cancel_method,
                  const std::unordered_map<std::string, std::vector<timestamp_t>>& overridden) {
    auto& rep = log_.report();
    icalcomponent* c = e.comp;
    if (const std::size_t n = count_errors(c)) rep.drop("unparsed line", n);
    if (cancel_method || icalcomponent_get_status(c) == ICAL_STATUS_CANCELLED) return rep.skip("cancelled");
    // Organiser and attendees, resolved but not stored yet.
    icalproperty* op = icalcomponent_get_first_property(c, ICAL_ORGANIZER_PROPERTY);
    const std::string organizer = op != nullptr ? calendar_address(icalproperty_get_organizer(op)) : std::string{};
    if (organizer.empty()) return rep.skip("no organizer");
    label_cache::entry& s = people_.peek(organizer);
    if (s.why == bad_address) return bad(e.line, "ORGANIZER", std::string(bad_address), std::string(bad_address_hint));
    std::uint64_t declined = 0, self = 0, unaddressed = 0;
    std::vector<label_cache::entry*> att;
    for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_ATTENDEE_PROPERTY); p != nullptr;
         p = icalcomponent_get_next_property(c, ICAL_ATTENDEE_PROPERTY)) {
      if (icalparameter* ps = icalproperty_get_first_parameter(p, ICAL_PARTSTAT_PARAMETER);
          ps != nullptr && icalparameter_get_partstat(ps) == ICAL_PARTSTAT_DECLINED) {
        ++declined;
        continue;
      }
      const std::string a = calendar_address(icalproperty_get_attendee(p));
      if (a.empty()) {
        ++unaddressed;
        continue;
      }
      if (a == organizer) {
        ++self;
        continue;
      }
      label_cache::entry& r = people_.peek(a);
      if (r.why == bad_address) return bad(e.line, "ATTENDEE", std::string(bad_address), std::string(bad_address_hint));
      att.push_back(&r);
    }
    const auto count_drops = [&] {
      if (declined != 0) rep.drop("declined attendee", declined);
      if (self != 0) rep.drop("organizer among attendees", self);
      if (unaddressed != 0) rep.drop("attendee without address", unaddressed);
    };
    if (att.empty()) return rep.skip("no attendees");
    if (o_.max_attendees != 0 && att.size() > o_.max_attendees) return rep.skip("broadcast");
    if (!s.why.empty()) return rep.skip("sender " + std::string(s.why));
    if (std::none_of(att.begin(), att.end(), [](const label_cache::entry* r) { return r->why.empty(); }))
      return rep.skip("no recipients after identity rules");
    icalproperty* dtp = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
    if (dtp == nullptr)
      return bad(e.line, "DTSTART", "missing DTSTART",
                 "VEVENT " + quote_value(e.uid, people_.masks_values()) + " has no (parsable) DTSTART");
    const icaltimetype dtstart = icalproperty_get_dtstart(dtp);
    if (icaltime_is_null_time(dtstart))
      return bad(e.line, "DTSTART", "missing DTSTART",
                 "VEVENT " + quote_value(e.uid, people_.masks_values()) + " has no (parsable) DTSTART");
    // Instances.
    const timestamp_t t0 = utc_of(dtstart, dtp);
    if (!calendar_in_range(t0))
      return bad(e.line, "DTSTART", "DTSTART out of range",
                 "VEVENT " + quote_value(e.uid, people_.masks_values()) +
                     " starts beyond the supported time range (about 285,000 years either side of 1970)");
    std::vector<std::pair<timestamp_t, timestamp_t>> inst;  // (start, recurrence id); rid no_time = single
    const bool series = !e.has_recurrence_id && (icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY) != nullptr ||
                                                 icalcomponent_get_first_property(c, ICAL_RDATE_PROPERTY) != nullptr);
    if (!series) {
      inst.emplace_back(t0, e.has_recurrence_id ? e.recurrence_id : no_time);
    } else {
      expand(c, dtstart, dtp, t0, inst);
      std::vector<timestamp_t> gone;
      for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_EXDATE_PROPERTY); p != nullptr;
           p = icalcomponent_get_next_property(c, ICAL_EXDATE_PROPERTY))
        gone.push_back(utc_of(icalproperty_get_exdate(p), p));
      if (const auto it = overridden.find(e.uid); it != overridden.end())
        gone.insert(gone.end(), it->second.begin(), it->second.end());
      std::sort(gone.begin(), gone.end());
      std::erase_if(inst, [&](const auto& x) { return std::binary_search(gone.begin(), gone.end(), x.second); });
    }
    std::erase_if(inst, [&](const auto& x) {
      return (o_.start != no_time && x.first < o_.start) || (o_.end != no_time && x.first >= o_.end);
    });
    if (inst.empty()) return rep.skip("no instance in window");
    count_drops();
    const bool mask = people_.masks_values();
    const std::string uid = mask && !e.uid.empty() ? people_.rules()->pseudonymize_id(e.uid) : e.uid;
    const channel_id ch = uid.empty() ? no_channel : log_.intern_channel(uid);
    const vertex_id sender = people_.id(log_, s);
    std::map<std::string, std::uint64_t> why;
    for (const label_cache::entry* r : att)
      if (!r->why.empty()) ++why["recipient " + std::string(r->why)];
    std::vector<vertex_id> ids;
    for (label_cache::entry* r : att)
      if (r->why.empty()) ids.push_back(people_.id(log_, *r));
    std::uint64_t k = 0;
    for (const auto& [t, rid] : inst) {
      if ((++k & 4095) == 0) poll(o_.interrupt, "read_calendar");
      std::string id = rid == no_time ? e.uid : e.uid + "/" + calendar_basic_utc(rid);
      if (mask && !id.empty()) id = people_.rules()->pseudonymize_id(id);
      log_.begin_message(sender, t, id, ch);
      log_.add_recipients(ids, role::meeting);
      for (const auto& [reason, n] : why) rep.drop(reason, n);
    }
    ++rep.records_kept;
  }

  void expand(icalcomponent* c, icaltimetype dtstart, icalproperty* dtp, timestamp_t t0,
              std::vector<std::pair<timestamp_t, timestamp_t>>& inst) {
    auto& rep = log_.report();
    const timestamp_t stop = o_.end != no_time ? o_.end : t0 + o_.default_horizon;
    // The zone of DTSTART: each local instance converts through it.
    bool past_horizon = false, capped = false;
    std::vector<timestamp_t> times{t0};  // DTSTART is always the first instance
    icaltimetype local = dtstart;
    local.zone = nullptr;
    for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY); p != nullptr;
         p = icalcomponent_get_next_property(c, ICAL_RRULE_PROPERTY)) {
      icalrecur_iterator* it = icalrecur_iterator_new(icalproperty_get_rrule(p), local);
      if (it == nullptr) {
        rep.drop("unparsed line");
        continue;
      }
      for (std::size_t n = 0;; ++n) {
        const icaltimetype x = icalrecur_iterator_next(it);
        if (icaltime_is_null_time(x)) break;
        const timestamp_t u = utc_of(x, dtp);
        if (u >= stop || !calendar_in_range(u)) {
          if (!calendar_in_range(u)) rep.drop("instance out of range");
          else past_horizon = o_.end == no_time;
          break;
        }
        if (n >= o_.max_instances) {
          capped = true;
          break;
        }
        times.push_back(u);
      }
      icalrecur_iterator_free(it);
    }
    for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_RDATE_PROPERTY); p != nullptr;
         p = icalcomponent_get_next_property(c, ICAL_RDATE_PROPERTY)) {
      const icaldatetimeperiodtype d = icalproperty_get_rdate(p);
      const icaltimetype x = icaltime_is_null_time(d.time) ? d.period.start : d.time;
      if (icaltime_is_null_time(x)) continue;
      const timestamp_t u = utc_of(x, p);
      if (!calendar_in_range(u)) {
        rep.drop("instance out of range");
        continue;
      }
      if (u >= stop) {
        past_horizon = past_horizon || o_.end == no_time;
        continue;
      }
      times.push_back(u);
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    if (times.size() > o_.max_instances) {
      times.resize(o_.max_instances);
      capped = true;
    }
    if (past_horizon) rep.drop("recurrence past horizon");
    if (capped) rep.drop("instances past max_instances");
    for (const timestamp_t u : times) inst.emplace_back(u, u);
  }

  message_log& log_;
  label_cache& people_;
  const calendar_options& o_;
  std::string name_;
  icalcomponent* cal_ = nullptr;
  std::vector<std::uint64_t> lines_;
  std::size_t next_line_ = 0;
};

/// The `.ics` files of a folder (and its subfolders, `.ics.gz` too), sorted by path.
[[nodiscard]] inline std::vector<std::filesystem::path> calendar_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::string n = e.path().filename().string();
    for (char& ch : n) ch = ascii_lower(ch);
    if ((n.size() > 4 && n.ends_with(".ics")) || (n.size() > 7 && n.ends_with(".ics.gz"))) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace detail

/// Reads meetings from iCalendar text already in memory (one file's content).
/// \throws parse_error (strict) for a file that is not iCalendar or a bad VEVENT;
/// invalid_option if start >= end.
[[nodiscard]] inline message_log read_calendar_text(std::string_view text, const calendar_options& o = {},
                                                    std::string name = "<memory>") {
  if (o.start != no_time && o.end != no_time && o.start >= o.end)
    throw invalid_option("read_calendar: start must come before end");
  message_log log;
  detail::label_cache people(o.identity_rules.get());
  detail::calendar_file_reader(log, people, o).read(text, name);
  detail::close_report(log, std::move(name));
  return log;
}

/// Reads meetings from an `.ics` file (gzip if its name ends in .gz) or from
/// every `.ics`/`.ics.gz` file under a folder (sorted by path; one person
/// cache, so people are shared across files).
/// \throws io_error if the path or a file cannot be read, or a folder holds no
/// `.ics` file; parse_error as read_calendar_text(); invalid_option if start >= end.
[[nodiscard]] inline message_log read_calendar(const std::filesystem::path& path, const calendar_options& o = {}) {
  if (o.start != no_time && o.end != no_time && o.start >= o.end)
    throw invalid_option("read_calendar: start must come before end");
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(path, ec)) {
    try {
      files = detail::calendar_files(path);
    } catch (const std::filesystem::filesystem_error& e) {
      throw io_error(path.string(), std::string("cannot list the folder: ") + e.what());
    }
    if (files.empty()) throw io_error(path.string(), "the folder holds no .ics file");
  } else {
    files.push_back(path);
  }
  message_log log;
  detail::label_cache people(o.identity_rules.get());
  for (const auto& f : files) {
    detail::poll(o.interrupt, "read_calendar");
    detail::read_input(f, /*populate=*/false, o.max_input_bytes, [&](std::string_view t, std::string name) {
      detail::calendar_file_reader(log, people, o).read(t, name);
      return 0;
    });
  }
  detail::close_report(log, path.string());
  return log;
}

}  // namespace onakit
