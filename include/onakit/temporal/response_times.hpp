#pragma once
/// \file response_times.hpp
/// Response times along reply links: how fast people answer one another.
///
/// Definitions. The log's reply links (message_log::parent(), set by the
/// readers from In-Reply-To/References, Slack thread_ts, JSON Lines reply
/// fields) give, for a reply r of message p:
///   - asker = sender(p), answerer = sender(r);
///   - an *answer* is a reply whose answerer is not the asker (a follow-up
///     to one's own message answers nobody: counted in `self_replies`);
///   - delay(r) = t(r) - t(p) in UTC, or with working hours
///     W(t(p) + o_r, t(r) + o_r), the working time between the two instants
///     read on the answerer's local clock (o_r = UTC offset of message r,
///     i.e. of its sender at that instant: both ends on the clock of the
///     later one, as working_hours.hpp advises; W = working_time_between);
///   - answers with a negative UTC delay (clock skew) are counted in
///     `negative_delays` and skipped; answers where either message has no
///     time in `no_time`;
///   - only the FIRST answer of each answerer to each message counts
///     (earliest reply time, then lowest message index); later ones are
///     counted in `repeat_answers`.
///
/// Summaries (response_summary), per answerer, per tie (asker, answerer)
/// and per group pair (asker's group, answerer's group):
///   - `answers`, and over their delays the `median` and `p90` (linear
///     interpolation between order statistics, numpy's default:
///     x[floor(h)] + (h - floor(h)) (x[floor(h)+1] - x[floor(h)]), h = q (n-1)),
///     `within_1h` and `within_24h` = share of answers with delay <= 1 h / 24 h;
///   - `addressed` = messages that addressed the answerer directly (the
///     answerer is a recipient with role to, mention or direct, and not the
///     sender; cc, bcc, channel membership and thread replies do not ask),
///     `addressed_answered` = those the answerer answered, and
///     `never_answered` = 1 - addressed_answered / addressed (NaN when
///     addressed = 0, e.g. mailing-list archives, which keep no To header).
///     A message sent just before the end of the log may still be answered
///     after it: the share is an upper bound near the end.
/// Group pairs follow the minimum-group-size rule (silo/report.hpp,
/// suppress_small_groups); answers and addressed messages with a person
/// without a group are left out of the group output.
///
/// Related work: Karagiannis & Vojnović, "Behavioral profiles for advanced
/// email features" (WWW 2009) measure reply delays as first-reply times;
/// Barabási, "The origin of bursts and heavy tails in human dynamics"
/// (Nature 2005) their heavy-tailed distribution, hence medians and p90
/// rather than means.
///
/// Complexity: O(M + R log R) for M messages and R replies, plus
/// O(A log A) for the A (message, addressee) pairs of the summaries.
///
/// Example:
/// \code
///   onakit::response_times_result r = onakit::response_times(log);
///   onakit::response_summary per_person = onakit::summarize_by_answerer(log, r);
/// \endcode

#include <onakit/errors.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>
#include <onakit/silo/report.hpp>
#include <onakit/temporal/working_hours.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// Options of response_times().
struct response_options {
  /// Measure delays in working time (hours below) instead of elapsed time.
  bool use_working_hours = false;
  working_hours hours{};  ///< the working day, on each answerer's local clock
  /// UTC offset in seconds of each message's sender at the message's time
  /// (one per message); empty = everyone on UTC.
  std::span<const std::int32_t> local_offsets{};
  /// Polled every 65536 messages (interrupt.hpp).
  interrupt_check interrupt{};
};

/// One row per first answer, plus what was counted and skipped.
struct response_times_result {
  std::vector<std::size_t> reply;       ///< the answering message
  std::vector<std::size_t> parent;      ///< the message it answers
  std::vector<vertex_id> asker;         ///< sender of the parent
  std::vector<vertex_id> answerer;      ///< sender of the reply
  std::vector<timestamp_t> parent_time; ///< UTC microseconds
  std::vector<timestamp_t> reply_time;  ///< UTC microseconds
  std::vector<timestamp_t> delay;       ///< microseconds (working time with use_working_hours)
  std::uint64_t replies = 0;            ///< messages with a parent
  std::uint64_t self_replies = 0;       ///< replies to one's own message (not answers)
  std::uint64_t no_time = 0;            ///< answers where a message has no time
  std::uint64_t negative_delays = 0;    ///< answers before their parent (clock skew), skipped
  std::uint64_t repeat_answers = 0;     ///< later answers of an answerer to the same message
};

/// Summary rows: one per key (an answerer, a tie or a group pair) that has
/// an answer or an addressed message. Delays in microseconds; see the file
/// summary for the definitions.
struct response_summary {
  std::vector<std::uint32_t> asker{};     ///< the asker (tie) or asker's group (group pair); empty per answerer
  std::vector<std::uint32_t> answerer{};  ///< the answerer, or the answerer's group
  std::vector<std::uint64_t> answers{};
  std::vector<double> median{};      ///< NaN without answers
  std::vector<double> p90{};         ///< NaN without answers
  std::vector<double> within_1h{};   ///< share of answers; NaN without answers
  std::vector<double> within_24h{};  ///< share of answers; NaN without answers
  std::vector<std::uint64_t> addressed{};
  std::vector<std::uint64_t> addressed_answered{};
  std::vector<double> never_answered{};  ///< NaN when addressed = 0
  /// Group output only: the minimum-group-size rule applied (codes of the
  /// rows are the new codes of `groups.kept`, the merged row last).
  group_suppression groups{};
};

/// The first answers along the log's reply links; see the file summary.
/// \throws invalid_option naming `tz` if local_offsets is neither empty nor
/// one per message; invalid_option naming `business_hours` for bad hours;
/// interrupted if the interrupt callback asks to stop.
[[nodiscard]] inline response_times_result response_times(const message_log& log, const response_options& o = {}) {
  const std::size_t nm = log.num_messages();
  if (!o.local_offsets.empty() && o.local_offsets.size() != nm)
    throw invalid_option("tz: " + std::to_string(o.local_offsets.size()) + " local offsets for " +
                         std::to_string(nm) + " messages (one per message is needed)");
  if (o.use_working_hours) check_working_hours(o.hours);
  response_times_result r;
  const auto parents = log.parent_column();
  struct candidate {
    std::size_t parent, reply;
    vertex_id answerer;
    timestamp_t time;
  };
  std::vector<candidate> cand;
  for (std::size_t m = 0; m < parents.size(); ++m) {
    if ((m & 0xFFFF) == 0) detail::poll(o.interrupt, "response_times", m, parents.size());
    const std::size_t p = parents[m];
    if (p == no_message) continue;
    ++r.replies;
    const vertex_id a = log.sender(m);
    if (a == log.sender(p)) {
      ++r.self_replies;
      continue;
    }
    const timestamp_t tp = log.time(p), tr = log.time(m);
    if (tp == no_time || tr == no_time) {
      ++r.no_time;
      continue;
    }
    if (tr < tp) {
      ++r.negative_delays;
      continue;
    }
    cand.push_back({p, m, a, tr});
  }
  std::sort(cand.begin(), cand.end(), [](const candidate& x, const candidate& y) {
    if (x.parent != y.parent) return x.parent < y.parent;
    if (x.answerer != y.answerer) return x.answerer < y.answerer;
    if (x.time != y.time) return x.time < y.time;
    return x.reply < y.reply;
  });
  for (std::size_t i = 0; i < cand.size(); ++i) {
    const candidate& c = cand[i];
    if (i > 0 && cand[i - 1].parent == c.parent && cand[i - 1].answerer == c.answerer) {
      ++r.repeat_answers;
      continue;
    }
    const timestamp_t tp = log.time(c.parent);
    timestamp_t d = c.time - tp;
    if (o.use_working_hours) {
      const timestamp_t off =
          o.local_offsets.empty() ? 0 : static_cast<timestamp_t>(o.local_offsets[c.reply]) * microseconds_per_second;
      d = working_time_between(tp + off, c.time + off, o.hours);
    }
    r.reply.push_back(c.reply);
    r.parent.push_back(c.parent);
    r.asker.push_back(log.sender(c.parent));
    r.answerer.push_back(c.answerer);
    r.parent_time.push_back(tp);
    r.reply_time.push_back(c.time);
    r.delay.push_back(d);
  }
  return r;
}

namespace detail {

/// Linear-interpolation quantile of sorted values (numpy's default).
[[nodiscard]] inline double sorted_quantile(std::span<const timestamp_t> x, double q) noexcept {
  if (x.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = q * static_cast<double>(x.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, x.size() - 1);
  const double a = static_cast<double>(x[lo]), b = static_cast<double>(x[hi]);
  return a + (h - static_cast<double>(lo)) * (b - a);
}

/// Whether a role asks the recipient for an answer (to, mention, direct).
[[nodiscard]] constexpr bool asks_for_answer(role r) noexcept {
  return r == role::to || r == role::mention || r == role::direct;
}

/// Summary rows from (key, delay) answers and (key, answered) addressed
/// messages; keys pack (asker or 0) << 32 | answerer.
inline response_summary summarize_keys(std::vector<std::pair<std::uint64_t, timestamp_t>> answers,
                                       std::vector<std::pair<std::uint64_t, bool>> addressed, bool pairs) {
  std::sort(answers.begin(), answers.end());
  std::sort(addressed.begin(), addressed.end());
  response_summary s;
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  constexpr timestamp_t hour = 3600 * microseconds_per_second;
  std::vector<timestamp_t> delays;
  std::size_t i = 0, j = 0;
  while (i < answers.size() || j < addressed.size()) {
    const std::uint64_t key = j == addressed.size() || (i < answers.size() && answers[i].first < addressed[j].first)
                                  ? answers[i].first
                                  : addressed[j].first;
    delays.clear();
    for (; i < answers.size() && answers[i].first == key; ++i) delays.push_back(answers[i].second);
    std::uint64_t asked = 0, answered = 0;
    for (; j < addressed.size() && addressed[j].first == key; ++j) {
      ++asked;
      answered += addressed[j].second ? 1u : 0u;
    }
    if (pairs) s.asker.push_back(static_cast<std::uint32_t>(key >> 32));
    s.answerer.push_back(static_cast<std::uint32_t>(key & 0xFFFFFFFFu));
    const std::size_t n = delays.size();
    s.answers.push_back(n);
    s.median.push_back(sorted_quantile(delays, 0.5));
    s.p90.push_back(sorted_quantile(delays, 0.9));
    const auto share = [&](timestamp_t limit) {
      if (n == 0) return nan;
      const auto k = std::upper_bound(delays.begin(), delays.end(), limit) - delays.begin();
      return static_cast<double>(k) / static_cast<double>(n);
    };
    s.within_1h.push_back(share(hour));
    s.within_24h.push_back(share(24 * hour));
    s.addressed.push_back(asked);
    s.addressed_answered.push_back(answered);
    s.never_answered.push_back(asked == 0 ? nan
                                          : 1.0 - static_cast<double>(answered) / static_cast<double>(asked));
  }
  return s;
}

/// Calls f(message, addressee, answered) for each (message, person) pair
/// where the message addresses the person directly (detail::asks_for_answer),
/// each pair once; `answered` says whether r holds a first answer by them.
template <class F>
void for_each_addressed(const message_log& log, const response_times_result& r, const interrupt_check& interrupt,
                        F&& f) {
  std::vector<std::pair<std::size_t, vertex_id>> done(r.parent.size());
  for (std::size_t k = 0; k < r.parent.size(); ++k) done[k] = {r.parent[k], r.answerer[k]};
  std::sort(done.begin(), done.end());
  std::vector<vertex_id> seen;
  for (std::size_t m = 0; m < log.num_messages(); ++m) {
    if ((m & 0xFFFF) == 0) poll(interrupt, "response_times", m, log.num_messages());
    const auto rec = log.recipients(m);
    const auto roles = log.roles(m);
    const vertex_id s = log.sender(m);
    seen.clear();
    for (std::size_t k = 0; k < rec.size(); ++k) {
      if (!asks_for_answer(roles[k]) || rec[k] == s) continue;
      if (std::find(seen.begin(), seen.end(), rec[k]) != seen.end()) continue;
      seen.push_back(rec[k]);
      f(m, rec[k], std::binary_search(done.begin(), done.end(), std::pair<std::size_t, vertex_id>{m, rec[k]}));
    }
  }
}

}  // namespace detail

/// Per answerer: one row per person with an answer or an addressed message
/// (`answerer` holds the person; `asker` is empty). See the file summary.
/// \throws interrupted if `interrupt` asks to stop.
[[nodiscard]] inline response_summary summarize_by_answerer(const message_log& log, const response_times_result& r,
                                                            const interrupt_check& interrupt = {}) {
  std::vector<std::pair<std::uint64_t, timestamp_t>> a(r.delay.size());
  for (std::size_t k = 0; k < a.size(); ++k) a[k] = {r.answerer[k], r.delay[k]};
  std::vector<std::pair<std::uint64_t, bool>> asked;
  detail::for_each_addressed(log, r, interrupt,
                             [&](std::size_t, vertex_id v, bool ok) { asked.emplace_back(v, ok); });
  return detail::summarize_keys(std::move(a), std::move(asked), false);
}

/// Per tie (asker, answerer): one row per pair with an answer or an
/// addressed message. See the file summary.
/// \throws interrupted if `interrupt` asks to stop.
[[nodiscard]] inline response_summary summarize_by_tie(const message_log& log, const response_times_result& r,
                                                       const interrupt_check& interrupt = {}) {
  const auto key = [](vertex_id x, vertex_id y) { return static_cast<std::uint64_t>(x) << 32 | y; };
  std::vector<std::pair<std::uint64_t, timestamp_t>> a(r.delay.size());
  for (std::size_t k = 0; k < a.size(); ++k) a[k] = {key(r.asker[k], r.answerer[k]), r.delay[k]};
  std::vector<std::pair<std::uint64_t, bool>> asked;
  detail::for_each_addressed(log, r, interrupt, [&](std::size_t m, vertex_id v, bool ok) {
    asked.emplace_back(key(log.sender(m), v), ok);
  });
  return detail::summarize_keys(std::move(a), std::move(asked), true);
}

/// Per group pair (asker's group, answerer's group), after the
/// minimum-group-size rule: `group[v]` is person v's code below `k` or
/// no_group; rows name the new codes (response_summary::groups). Answers
/// and addressed messages with an ungrouped (or hidden) end are left out.
/// \throws invalid_option for min_group_size = 0 or codes not below k, or if
/// `group` does not have one entry per person of the log; interrupted if
/// `interrupt` asks to stop.
[[nodiscard]] inline response_summary summarize_by_group_pair(const message_log& log, const response_times_result& r,
                                                              std::span<const std::uint32_t> group, std::uint32_t k,
                                                              std::uint32_t min_group_size,
                                                              const interrupt_check& interrupt = {}) {
  if (group.size() != log.num_people())
    throw invalid_option("groups: " + std::to_string(group.size()) + " group codes for " +
                         std::to_string(log.num_people()) + " people (one per person of the log is needed)");
  group_suppression sup = suppress_small_groups(group, k, min_group_size);
  const auto& g = sup.codes;
  const auto key = [](std::uint32_t x, std::uint32_t y) { return static_cast<std::uint64_t>(x) << 32 | y; };
  std::vector<std::pair<std::uint64_t, timestamp_t>> a;
  for (std::size_t i = 0; i < r.delay.size(); ++i)
    if (g[r.asker[i]] != no_group && g[r.answerer[i]] != no_group)
      a.emplace_back(key(g[r.asker[i]], g[r.answerer[i]]), r.delay[i]);
  std::vector<std::pair<std::uint64_t, bool>> asked;
  detail::for_each_addressed(log, r, interrupt, [&](std::size_t m, vertex_id v, bool ok) {
    const std::uint32_t x = g[log.sender(m)], y = g[v];
    if (x != no_group && y != no_group) asked.emplace_back(key(x, y), ok);
  });
  response_summary s = detail::summarize_keys(std::move(a), std::move(asked), true);
  s.groups = std::move(sup);
  return s;
}

}  // namespace onakit
