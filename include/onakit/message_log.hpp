#pragma once
/// \file message_log.hpp
/// The message model: who wrote to whom, when, in which role and channel.
///
/// A message has one sender, one or more recipients each with a role
/// (to/cc/bcc for mail; mention/reply/direct/member for chat; meeting
/// for calendars), a UTC
/// timestamp (or no_time), and optionally a message id and a channel/thread.
/// Storage is columnar (CSR over recipients) so a log of tens of millions of
/// message-recipient pairs costs ~5 bytes per pair plus 16 per message.
///
/// Example:
/// \code
///   onakit::message_log log;
///   auto a = log.intern("ann@corp.example"), b = log.intern("bob@corp.example");
///   log.begin_message(a, onakit::parse_timestamp("2024-03-01T09:00:00Z"));
///   log.add_recipient(b, onakit::role::to);
/// \endcode

#include <onakit/detail/strings.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/people_index.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// How a recipient was addressed. Builder options weight ties per role.
enum class role : std::uint8_t {
  to = 0,   ///< mail To:
  cc,       ///< mail Cc:
  bcc,      ///< mail Bcc:
  mention,  ///< chat \@mention
  reply,    ///< chat thread reply to the parent's author (or participants)
  direct,   ///< chat direct / group direct message
  member,   ///< chat channel message to channel members or participants
  meeting,  ///< calendar meeting: organiser to each attendee (ingest/calendar.hpp)
};
inline constexpr std::size_t role_count = 8;

inline constexpr std::array<std::string_view, role_count> role_names = {
    "to", "cc", "bcc", "mention", "reply", "direct", "member", "meeting"};

/// \throws nothing.
[[nodiscard]] inline std::string_view to_string(role r) noexcept {
  return role_names[static_cast<std::size_t>(r)];
}

/// Parses a role name case-insensitively ("TO", "Cc", " bcc "). Empty or
/// unknown gives std::nullopt.
/// \throws nothing (an unknown name gives std::nullopt).
[[nodiscard]] inline std::optional<role> role_from_string(std::string_view s) noexcept {
  s = detail::trim(s);
  for (std::size_t i = 0; i < role_count; ++i) {
    const auto name = role_names[i];
    if (s.size() == name.size() &&
        std::equal(s.begin(), s.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        }))
      return static_cast<role>(i);
  }
  return std::nullopt;
}

/// Index of a message in a message_log; no_message where none is meant
/// (message_log::parent() of a message that answers nothing).
inline constexpr std::size_t no_message = static_cast<std::size_t>(-1);

/// Index of a channel/thread in message_log::channels(); no_channel if none.
using channel_id = std::uint32_t;
inline constexpr channel_id no_channel = static_cast<channel_id>(-1);

class message_log {
 public:
  // ---- building --------------------------------------------------------

  /// Id of a person, interned on first use (ids in order of first appearance).
  vertex_id intern(std::string_view person) { return people_.intern(person); }

  /// Adds people by id without a label lookup, for logs built from arrays.
  /// Labels are "0", "1", ... unless set_labels() replaces them.
  void ensure_people(std::size_t n) {
    while (people_.size() < n) people_.intern(std::to_string(people_.size()));
  }

  /// Starts a message; recipients follow through add_recipient().
  /// `weight` is the message's multiplicity (1 for a real message; an edge
  /// list row `u v 7` is read as one record of weight 7). The builder
  /// multiplies every tie the message makes by it; it must be finite and
  /// >= 0 (invalid_option otherwise: readers check it first and count a bad
  /// record, so this only guards direct callers).
  void begin_message(vertex_id sender, timestamp_t time, std::string_view message_id = {},
                     channel_id channel = no_channel, weight_t weight = 1.0) {
    // Optional columns are materialised the first time a message needs them.
    const std::size_t m = senders_.size();
    if (weight != 1.0 || !weights_.empty()) {
      if (!(weight >= 0) || !std::isfinite(weight))
        throw invalid_option("message " + std::to_string(m) + ": weight " + std::to_string(weight) +
                             " is not a finite number >= 0");
      weights_.resize(m, 1.0);
      weights_.push_back(weight);
    }
    if (!message_id.empty() || !message_ids_.empty()) {
      message_ids_.resize(m);
      message_ids_.emplace_back(message_id);
    }
    if (channel != no_channel || !channels_of_.empty()) {
      channels_of_.resize(m, no_channel);
      channels_of_.push_back(channel);
    }
    senders_.push_back(sender);
    times_.push_back(time);
    offsets_.push_back(offsets_.back());
  }

  void add_recipient(vertex_id recipient, role r = role::to) {
    recipients_.push_back(recipient);
    roles_.push_back(r);
    ++offsets_.back();
  }

  /// add_recipient() for each of `recipients`, all with role `r`, in one
  /// append per column (the readers' hot path: one call per message).
  void add_recipients(std::span<const vertex_id> recipients, role r = role::to) {
    recipients_.insert(recipients_.end(), recipients.begin(), recipients.end());
    roles_.insert(roles_.end(), recipients.size(), r);
    offsets_.back() += recipients.size();
  }

  /// Records that message `m` answers message `parent` (a reply link: mail
  /// In-Reply-To, a chat thread reply, a Teams replyToId). Readers set it
  /// once the parent is known; no_message clears it. Response times
  /// (temporal/response_times.hpp) are measured along these links.
  /// \throws invalid_option if `m` or `parent` is not a message of the log,
  /// or a message is its own parent.
  void set_parent(std::size_t m, std::size_t parent) {
    const std::size_t nm = num_messages();
    if (m >= nm || (parent != no_message && parent >= nm) || parent == m)
      throw invalid_option("message_log::set_parent: message " + std::to_string(m) + " cannot answer message " +
                           (parent == no_message ? std::string("no_message") : std::to_string(parent)) + " of " +
                           std::to_string(nm));
    if (parents_.empty()) {
      if (parent == no_message) return;
      parents_.assign(nm, no_message);
    }
    parents_.resize(nm, no_message);
    parents_[m] = parent;
  }

  /// Links each message to the message whose id it names in `parent_ids`
  /// (one entry per message, "" for none; the first message with an id
  /// wins when ids repeat). Returns how many non-empty ids named no message
  /// of the log (a parent outside the archive). O(messages) expected.
  std::size_t link_parents_by_id(std::span<const std::string> parent_ids) {
    if (parent_ids.size() != num_messages())
      throw invalid_option("message_log::link_parents_by_id: one parent id per message is needed");
    std::unordered_map<std::string_view, std::size_t> index;
    index.reserve(message_ids_.size());
    for (std::size_t m = 0; m < message_ids_.size(); ++m)
      if (!message_ids_[m].empty()) index.emplace(message_ids_[m], m);
    std::size_t missing = 0;
    for (std::size_t m = 0; m < parent_ids.size(); ++m) {
      if (parent_ids[m].empty()) continue;
      const auto it = index.find(parent_ids[m]);
      if (it == index.end() || it->second == m) ++missing;
      else set_parent(m, it->second);
    }
    return missing;
  }

  /// Id of a channel/thread name, interned on first use.
  channel_id intern_channel(std::string_view name) { return channel_names_.intern(name); }

  void reserve(std::size_t messages, std::size_t recipient_pairs) {
    senders_.reserve(messages);
    times_.reserve(messages);
    offsets_.reserve(messages + 1);
    recipients_.reserve(recipient_pairs);
    roles_.reserve(recipient_pairs);
  }

  /// Drops every message (senders, times, recipients, roles, ids, channels,
  /// weights, reply links) and keeps the people, the channel names and the
  /// ingest report, so ids stay stable: a streaming reader hands its log to
  /// a sink chunk by chunk and clears it in between (ingest/stream.hpp).
  /// The columns keep their capacity for the next chunk.
  /// \throws nothing.
  void clear_messages() noexcept {
    senders_.clear();
    times_.clear();
    offsets_.resize(1);
    offsets_[0] = 0;
    recipients_.clear();
    roles_.clear();
    weights_.clear();
    message_ids_.clear();
    channels_of_.clear();
    parents_.clear();
  }

  /// Bytes reserved by the message columns (capacity, message ids' heap
  /// included; the people and channel indexes are not counted). O(1) unless
  /// messages carry ids (then O(messages)). \throws nothing.
  [[nodiscard]] std::size_t message_bytes() const noexcept {
    std::size_t b = senders_.capacity() * sizeof(vertex_id) + times_.capacity() * sizeof(timestamp_t) +
                    offsets_.capacity() * sizeof(std::uint64_t) + recipients_.capacity() * sizeof(vertex_id) +
                    roles_.capacity() * sizeof(role) + weights_.capacity() * sizeof(weight_t) +
                    message_ids_.capacity() * sizeof(std::string) + channels_of_.capacity() * sizeof(channel_id) +
                    parents_.capacity() * sizeof(std::size_t);
    for (const auto& id : message_ids_) b += id.capacity() > 15 ? id.capacity() + 1 : 0;
    return b;
  }

  /// clear_messages() that also returns the columns' memory: the end of a
  /// streamed read, whose log lives on for its people while the graph is
  /// built. \throws nothing.
  void release_messages() noexcept {
    clear_messages();
    senders_.shrink_to_fit();
    times_.shrink_to_fit();
    offsets_.shrink_to_fit();
    recipients_.shrink_to_fit();
    roles_.shrink_to_fit();
    weights_.shrink_to_fit();
    message_ids_.shrink_to_fit();
    channels_of_.shrink_to_fit();
    parents_.shrink_to_fit();
  }

  /// Which of this log's ids the people and channels of another log are:
  /// people[i] for its person i, channels[c] for its channel c. Kept by a
  /// caller that appends the same growing log again and again (append(other,
  /// map)) so that only its people new since the last append are looked up.
  struct id_map {
    std::vector<vertex_id> people;
    std::vector<channel_id> channels;
  };

  /// Appends all messages of `other`, re-interning its people and channels
  /// by label. Used to merge per-thread or per-file logs in a fixed order,
  /// which keeps ids deterministic. Reports are merged too. Each appended
  /// message's weight is multiplied by `scale` (a source's weight when logs
  /// of several sources are combined: Python's ona.concat).
  /// \throws invalid_option if `scale` is not a finite number >= 0.
  void append(const message_log& other, weight_t scale = 1.0) {
    id_map map;
    append(other, map, scale);
  }

  /// append() through a kept `map` of `other`'s ids to this log's: only the
  /// people and channels of `other` beyond those `map` has (new since the
  /// last append) are interned, in their id order, and added to it. So a
  /// streaming reader's per-thread logs, which keep their people from one
  /// window to the next, cost O(their messages + their new people) per
  /// append. The ids given are those append(other) would give. `map` must
  /// be empty or come from appends of `other` to this log, both having only
  /// gained people and channels since. The report of `other` is merged as
  /// by append(): reset it before appending the same log again.
  /// \throws invalid_option if `scale` is not a finite number >= 0.
  void append(const message_log& other, id_map& map, weight_t scale = 1.0) {
    if (!(scale >= 0) || !std::isfinite(scale))
      throw invalid_option("message_log::append: scale " + std::to_string(scale) + " is not a finite number >= 0");
    for (std::size_t i = map.people.size(); i < other.people_.size(); ++i)
      map.people.push_back(intern(other.people_.labels()[i]));
    for (std::size_t i = map.channels.size(); i < other.channel_names_.size(); ++i)
      map.channels.push_back(intern_channel(other.channel_names_.labels()[i]));
    const std::vector<vertex_id>& pmap = map.people;
    const std::vector<channel_id>& cmap = map.channels;
    // Column by column (the per-thread chunks of a large file meet here, on
    // one thread, so this is a few tight loops rather than one call per pair).
    const std::size_t m0 = num_messages(), p0 = num_pairs(), mo = other.num_messages();
    if (!weights_.empty() || !other.weights_.empty() || scale != 1.0) {
      weights_.resize(m0, 1.0);
      if (other.weights_.empty()) weights_.resize(m0 + mo, scale);
      else
        for (const weight_t w : other.weights_) weights_.push_back(w * scale);
    }
    if (!message_ids_.empty() || !other.message_ids_.empty()) {
      message_ids_.resize(m0);
      if (other.message_ids_.empty()) message_ids_.resize(m0 + mo);
      else message_ids_.insert(message_ids_.end(), other.message_ids_.begin(), other.message_ids_.end());
    }
    if (!channels_of_.empty() || !other.channels_of_.empty()) {
      channels_of_.resize(m0, no_channel);
      if (other.channels_of_.empty()) channels_of_.resize(m0 + mo, no_channel);
      else
        for (const channel_id c : other.channels_of_) channels_of_.push_back(c == no_channel ? no_channel : cmap[c]);
    }
    if (!parents_.empty() || !other.parents_.empty()) {
      parents_.resize(m0, no_message);
      if (other.parents_.empty()) parents_.resize(m0 + mo, no_message);
      else
        for (const std::size_t p : other.parents_) parents_.push_back(p == no_message ? no_message : m0 + p);
    }
    senders_.resize(m0 + mo);
    for (std::size_t m = 0; m < mo; ++m) senders_[m0 + m] = pmap[other.senders_[m]];
    times_.insert(times_.end(), other.times_.begin(), other.times_.end());
    offsets_.reserve(offsets_.size() + mo);
    for (std::size_t m = 1; m <= mo; ++m) offsets_.push_back(p0 + other.offsets_[m]);
    recipients_.resize(p0 + other.recipients_.size());
    for (std::size_t k = 0; k < other.recipients_.size(); ++k) recipients_[p0 + k] = pmap[other.recipients_[k]];
    roles_.insert(roles_.end(), other.roles_.begin(), other.roles_.end());
    report_.merge(other.report_);
  }

  /// Merges messages into earlier ones: for each m >= `first`, message m
  /// joins message `into[m - first]`, which must be m itself (m leads) or an
  /// earlier message in [first, m) that leads. Leaders keep their sender,
  /// time, id, channel and weight and stay in order; each takes, after its
  /// own recipients, those of the messages that join it, in message order.
  /// Messages before `first` are untouched. The grouping rule is the
  /// caller's (message_rows.hpp: group_rows_by sender_time); this only moves
  /// columns. O(messages + pairs) from `first` on; the report is unchanged.
  /// \throws invalid_option if `into` does not describe such a grouping.
  void merge_messages(std::size_t first, std::span<const std::size_t> into) {
    const std::size_t nm = num_messages();
    if (first > nm || into.size() != nm - first)
      throw invalid_option("message_log::merge_messages: into must have one entry per message from first on");
    std::vector<std::size_t> pos(into.size());  // a leader's new index
    std::size_t k = first;
    for (std::size_t i = 0; i < into.size(); ++i) {
      const std::size_t m = first + i, t = into[i];
      if (t == m) pos[i] = k++;
      else if (t < first || t > m || into[t - first] != t)
        throw invalid_option("message_log::merge_messages: message " + std::to_string(m) +
                             " must join itself or an earlier leading message");
    }
    if (k == nm) return;  // nothing merges
    const std::uint64_t base = offsets_[first];
    // New offsets (relative to base), then the recipients in each leader's slot.
    std::vector<std::uint64_t> off(k - first + 1, 0);
    for (std::size_t i = 0; i < into.size(); ++i)
      off[pos[into[i] - first] - first + 1] += offsets_[first + i + 1] - offsets_[first + i];
    for (std::size_t j = 1; j < off.size(); ++j) off[j] += off[j - 1];
    std::vector<vertex_id> rec(recipients_.size() - base);
    std::vector<role> rol(rec.size());
    std::vector<std::uint64_t> at(off.begin(), off.end() - 1);
    for (std::size_t i = 0; i < into.size(); ++i) {
      const std::size_t m = first + i, j = pos[into[i] - first] - first;
      for (std::uint64_t p = offsets_[m]; p < offsets_[m + 1]; ++p, ++at[j]) {
        rec[at[j]] = recipients_[p];
        rol[at[j]] = roles_[p];
      }
    }
    std::copy(rec.begin(), rec.end(), recipients_.begin() + static_cast<std::ptrdiff_t>(base));
    std::copy(rol.begin(), rol.end(), roles_.begin() + static_cast<std::ptrdiff_t>(base));
    // Per-message columns: leaders move down to their new index (never up).
    for (std::size_t i = 0; i < into.size(); ++i) {
      const std::size_t m = first + i;
      if (into[i] != m) continue;
      const std::size_t j = pos[i];
      if (j == m) continue;  // in place already (and a self-move would empty an id)
      senders_[j] = senders_[m];
      times_[j] = times_[m];
      if (!weights_.empty()) weights_[j] = weights_[m];
      if (!message_ids_.empty()) message_ids_[j] = std::move(message_ids_[m]);
      if (!channels_of_.empty()) channels_of_[j] = channels_of_[m];
    }
    if (!parents_.empty()) {
      parents_.resize(nm, no_message);
      // A link to a message that joined another now names its leader; a
      // leader's link moves with it; a link inside one group is dropped.
      const auto moved = [&](std::size_t p) {
        return p == no_message || p < first ? p : pos[into[p - first] - first];
      };
      for (std::size_t m = 0; m < first; ++m) parents_[m] = moved(parents_[m]);
      for (std::size_t i = 0; i < into.size(); ++i) {
        const std::size_t m = first + i;
        if (into[i] != m) continue;
        const std::size_t p = moved(parents_[m]);
        parents_[pos[i]] = p == pos[i] ? no_message : p;
      }
      parents_.resize(k);
    }
    senders_.resize(k);
    times_.resize(k);
    if (!weights_.empty()) weights_.resize(k);
    if (!message_ids_.empty()) message_ids_.resize(k);
    if (!channels_of_.empty()) channels_of_.resize(k);
    offsets_.resize(first + 1);
    for (std::size_t j = 1; j < off.size(); ++j) offsets_.push_back(base + off[j]);
  }

  // ---- reading ---------------------------------------------------------

  [[nodiscard]] std::size_t num_messages() const noexcept { return senders_.size(); }
  /// Number of (message, recipient) pairs.
  [[nodiscard]] std::size_t num_pairs() const noexcept { return recipients_.size(); }
  [[nodiscard]] std::size_t num_people() const noexcept { return people_.size(); }

  [[nodiscard]] vertex_id sender(std::size_t m) const { return senders_[m]; }
  [[nodiscard]] timestamp_t time(std::size_t m) const { return times_[m]; }
  [[nodiscard]] std::span<const vertex_id> recipients(std::size_t m) const {
    return {recipients_.data() + offsets_[m], recipients_.data() + offsets_[m + 1]};
  }
  [[nodiscard]] std::span<const role> roles(std::size_t m) const {
    return {roles_.data() + offsets_[m], roles_.data() + offsets_[m + 1]};
  }
  /// The message id, or empty if the source had none.
  [[nodiscard]] std::string_view message_id(std::size_t m) const {
    return message_ids_.empty() ? std::string_view{} : std::string_view{message_ids_[m]};
  }
  /// The message's multiplicity (1 unless the source gave a weight).
  [[nodiscard]] weight_t weight(std::size_t m) const { return weights_.empty() ? 1.0 : weights_[m]; }
  /// True if some message has a weight other than 1.
  [[nodiscard]] bool has_weights() const noexcept { return !weights_.empty(); }
  [[nodiscard]] channel_id channel(std::size_t m) const {
    return channels_of_.empty() ? no_channel : channels_of_[m];
  }
  /// The message that `m` answers, or no_message (set_parent()).
  [[nodiscard]] std::size_t parent(std::size_t m) const {
    return m < parents_.size() ? parents_[m] : no_message;
  }
  /// True if some message answers another.
  [[nodiscard]] bool has_parents() const noexcept {
    return std::any_of(parents_.begin(), parents_.end(), [](std::size_t p) { return p != no_message; });
  }

  /// People's identifier strings, indexed by vertex_id.
  [[nodiscard]] const std::vector<std::string>& people() const noexcept { return people_.labels(); }
  [[nodiscard]] const people_index& people_ids() const noexcept { return people_; }
  [[nodiscard]] const std::vector<std::string>& channels() const noexcept { return channel_names_.labels(); }

  // Raw columns, for kernels and zero-copy export.
  [[nodiscard]] std::span<const vertex_id> sender_column() const noexcept { return senders_; }
  [[nodiscard]] std::span<const timestamp_t> time_column() const noexcept { return times_; }
  /// offsets()[m] .. offsets()[m+1] index the recipients of message m.
  [[nodiscard]] std::span<const std::uint64_t> offsets() const noexcept { return offsets_; }
  [[nodiscard]] std::span<const vertex_id> recipient_column() const noexcept { return recipients_; }
  [[nodiscard]] std::span<const role> role_column() const noexcept { return roles_; }
  /// Per-message weights; empty when every message has weight 1.
  [[nodiscard]] std::span<const weight_t> weight_column() const noexcept { return weights_; }
  /// Per-message parents (parent()); may be shorter than num_messages()
  /// (missing entries are no_message), empty when no message has a parent.
  [[nodiscard]] std::span<const std::size_t> parent_column() const noexcept { return parents_; }

  /// Messages with two or more distinct recipients: those whose weight
  /// build_graph's weighting::split shares (its report counts them again
  /// after its own filters). 0 means splitting changes nothing, e.g. a
  /// one-row-per-recipient export read without grouping rows into messages
  /// (message_rows.hpp, group_rows_by). O(messages) plus, per message, a
  /// scan that stops at its first recipient that differs from the first.
  [[nodiscard]] std::size_t messages_with_several_recipients() const noexcept {
    std::size_t n = 0;
    for (std::size_t m = 0; m + 1 < offsets_.size(); ++m) {
      const std::uint64_t b = offsets_[m], e = offsets_[m + 1];
      for (std::uint64_t p = b + 1; p < e; ++p)
        if (recipients_[p] != recipients_[b]) {
          ++n;
          break;
        }
    }
    return n;
  }

  /// Earliest and latest timestamp, or {no_time, no_time} if none is known.
  [[nodiscard]] std::pair<timestamp_t, timestamp_t> time_span() const noexcept {
    timestamp_t lo = no_time, hi = no_time;
    for (const timestamp_t t : times_) {
      if (t == no_time) continue;
      if (lo == no_time || t < lo) lo = t;
      if (hi == no_time || t > hi) hi = t;
    }
    return {lo, hi};
  }

  [[nodiscard]] ingest_report& report() noexcept { return report_; }
  [[nodiscard]] const ingest_report& report() const noexcept { return report_; }

 private:
  people_index people_;
  people_index channel_names_;
  std::vector<vertex_id> senders_;
  std::vector<timestamp_t> times_;
  std::vector<std::uint64_t> offsets_{0};
  std::vector<vertex_id> recipients_;
  std::vector<role> roles_;
  std::vector<weight_t> weights_;         // empty unless some message has weight != 1
  std::vector<std::string> message_ids_;  // empty unless some message has an id
  std::vector<channel_id> channels_of_;   // empty unless some message has a channel
  std::vector<std::size_t> parents_;      // empty unless some message answers another
  ingest_report report_;
};

}  // namespace onakit
