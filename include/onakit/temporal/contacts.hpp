#pragma once
/// \file contacts.hpp
/// The contact sequence of a message log: one (time, from, to) contact per
/// sender-recipient pair of a timed message, sorted by time, the input of
/// every path-through-time measure (temporal_reach.hpp, group_latency.hpp).
///
/// ## Definition
/// A message sent by s at time t to recipients r1 ... rk gives the contacts
/// (t, s, r1) ... (t, s, rk): at t the information s holds may pass to each
/// ri. Left out, and counted: messages without a time (`no_time`) and
/// contacts of a person with themself. Roles and message weights are not
/// used (a cc passes information as a to does); repeated contacts (same
/// time, sender and recipient) are kept once. Contacts at one instant form
/// a *time step*: the measures let information cross at most one contact per
/// step (see temporal_reach.hpp for the rule on ties).
/// (The contact-sequence representation of Holme and Saramäki, "Temporal
/// networks", Physics Reports 519, 2012.)
///
/// ## Complexity
/// O(P log P) time and O(P) memory for P sender-recipient pairs.
///
/// ## Example
/// \code
///   auto seq = onakit::make_contact_sequence(log);
///   // seq.times ascending; seq.step_starts() splits them into time steps
/// \endcode

#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

namespace onakit::inline v0_1 {

/// Contacts sorted by time (then sender, recipient), with the log's size.
struct contact_sequence {
  std::vector<timestamp_t> times{};  ///< per contact, ascending, microseconds (UTC)
  std::vector<vertex_id> from{};     ///< per contact: the sender
  std::vector<vertex_id> to{};       ///< per contact: the recipient (never the sender)
  std::size_t num_people = 0;        ///< people of the log (ids 0 .. num_people-1)
  std::size_t untimed_messages = 0;  ///< messages left out: no time
  std::size_t self_contacts = 0;     ///< sender-recipient pairs left out: a person writing to themself

  [[nodiscard]] std::size_t size() const noexcept { return times.size(); }

  /// Offsets of the time steps: step i holds contacts [s[i], s[i+1]), all at
  /// one instant; the last entry is size(). O(size()).
  /// \throws std::bad_alloc only.
  [[nodiscard]] std::vector<std::size_t> step_starts() const {
    std::vector<std::size_t> s;
    for (std::size_t e = 0; e < times.size(); ++e)
      if (e == 0 || times[e] != times[e - 1]) s.push_back(e);
    s.push_back(times.size());
    return s;
  }
};

/// The contact sequence of `log` (see the file comment).
/// \throws std::bad_alloc only.
[[nodiscard]] inline contact_sequence make_contact_sequence(const message_log& log) {
  contact_sequence c;
  c.num_people = log.num_people();
  const auto senders = log.sender_column();
  const auto times = log.time_column();
  const auto offsets = log.offsets();
  const auto recipients = log.recipient_column();
  struct row {
    timestamp_t t;
    vertex_id from, to;
    auto operator<=>(const row&) const = default;
  };
  std::vector<row> rows;
  rows.reserve(recipients.size());
  for (std::size_t m = 0; m < senders.size(); ++m) {
    if (times[m] == no_time) {
      ++c.untimed_messages;
      continue;
    }
    for (std::uint64_t k = offsets[m]; k < offsets[m + 1]; ++k) {
      if (recipients[k] == senders[m]) ++c.self_contacts;
      else rows.push_back({times[m], senders[m], recipients[k]});
    }
  }
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  c.times.resize(rows.size());
  c.from.resize(rows.size());
  c.to.resize(rows.size());
  for (std::size_t e = 0; e < rows.size(); ++e) {
    c.times[e] = rows[e].t;
    c.from[e] = rows[e].from;
    c.to[e] = rows[e].to;
  }
  return c;
}

}  // namespace onakit
