#pragma once
/// \file temporal_reach.hpp
/// Reach through time: how many people (and which groups) the information a
/// person holds can get to along time-respecting paths within a window.
///
/// ## Definition
/// A time-respecting path from u to v is a chain of contacts
/// (contacts.hpp) u = v0 -> v1 -> ... -> vk = v at times t1 < t2 < ... < tk:
/// each hand-off comes *strictly after* the one before it. Ties: contacts
/// at the same instant (one mail to several people, or two mails in the same
/// second) never chain, so information crosses at most one contact per time
/// step; a forward at the very instant of receipt is taken to be impossible.
/// Its duration is tk - t1 (from the first message to the arrival).
///
///  * `start = no_time` (every start): v is reached from u when some
///    time-respecting path from u to v has duration <= within, i.e. the
///    fastest-path duration from u to v is at most `within`
///    (Wu et al., "Path problems in temporal graphs", PVLDB 7(9), 2014).
///  * `start = s`: information leaves everyone at s; v is reached from u
///    when some time-respecting path from u to v has s <= t1 and
///    tk <= s + within (every contact in the closed window [s, s + within]).
///    This is time-respecting reachability within one window (Holme and
///    Saramäki, "Temporal networks", Physics Reports 519, 2012).
///
///   reached(u) = |{ v != u : v reached from u }|
///   reached_in_group(u, g) = |{ v != u in group g : v reached from u }|
/// `within = no_limit` drops the window. People with no contact reach 0.
///
/// ## Algorithms (exact)
/// One pass over the contacts in time order per batch of 64 sources, a time
/// step at a time (each step reads the state before it: the strict rule).
///  * `start = s`: one bit per source and person ("holds the source's
///    information"); a contact x -> y ORs x's word into y's. O((n/64) * C)
///    word operations for C contacts in the window.
///  * every start: per source and person the *latest start* of a
///    time-respecting path from the source that has reached the person so
///    far (Wu et al.'s one-pass fastest path: a later arrival is best served
///    by the path that left last). A contact x -> y at t offers start
///    t when x is the source itself, else x's latest start b; y is reached
///    when t - b <= within. 64 sources share a word of "has a start" bits, so
///    a contact touches only the sources x has heard from. O((n/64) * C * 64)
///    in the worst case, O(n * C) when everyone hears from everyone.
/// Batches run in parallel (one thread each); memory per thread O(n) words
/// (every start: 64 timestamps per person). Results do not depend on the
/// thread count. Thread 0 polls `interrupt` every 2^16 contacts.
///
/// ## Example
/// \code
///   onakit::temporal_reach_options o;
///   o.within = 7 * onakit::microseconds_per_day;
///   auto r = onakit::temporal_reach(log, o);   // r.reached[u]: people u reaches within a week
/// \endcode

#include <onakit/detail/parallel.hpp>
#include <onakit/errors.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>
#include <onakit/temporal/contacts.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <string>
#include <vector>

namespace onakit::inline v0_1 {

/// A window without a limit (`within`).
inline constexpr timestamp_t no_limit = std::numeric_limits<timestamp_t>::max();

struct temporal_reach_options {
  timestamp_t within = 7 * 86'400 * microseconds_per_second;  ///< longest duration, microseconds (>= 0), or no_limit
  timestamp_t start = no_time;  ///< no_time: every start (fastest paths); else when information leaves everyone
  std::vector<std::uint32_t> groups{};   ///< optional: group code per person (0 .. num_groups-1, or no_group)
  std::uint32_t num_groups = 0;          ///< number of group codes in `groups`
  int threads = 0;                       ///< 0 = OpenMP default; results do not depend on it
  interrupt_check interrupt{};           ///< polled by thread 0 every 2^16 contacts
};

struct temporal_reach_result {
  std::vector<std::uint32_t> reached{};           ///< per person: people reached
  std::uint32_t num_groups = 0;                   ///< columns of reached_in_group
  std::vector<std::uint32_t> reached_in_group{};  ///< person-major n x num_groups: people of each group reached
  std::size_t contacts = 0;                       ///< contacts used (in the window for a fixed start)
  std::size_t untimed_messages = 0;               ///< messages left out: no time
};

namespace detail {

/// Checks the options shared by the path-through-time measures.
inline void check_reach_groups(const std::vector<std::uint32_t>& groups, std::uint32_t k, std::size_t n,
                               const char* where) {
  if (groups.empty()) return;
  if (groups.size() != n)
    throw invalid_option(std::string(where) + ": groups must give one code per person (" + std::to_string(n) +
                         "), not " + std::to_string(groups.size()));
  for (const std::uint32_t g : groups)
    if (g != no_group && g >= k)
      throw invalid_option(std::string(where) + ": group code " + std::to_string(g) + " is not below num_groups=" +
                           std::to_string(k));
}

/// Runs `batch(b, poll_here)` for b in [0, batches) in parallel, one thread
/// per batch; poll_here(done, total) is the interrupt poll thread 0 calls
/// inside a batch (true = stop), `total` the units of work reported by the
/// first poll. Rethrows what the check threw, or interrupted(name).
template <class Batch>
void parallel_batches(std::size_t batches, std::uint64_t total, int threads, const interrupt_check& interrupt,
                      const char* name, Batch&& batch) {
  poll(interrupt, name, 0, total);
  bool stop = false;
  std::exception_ptr error;
  [[maybe_unused]] const int team = thread_count(threads, batches);
  ONAKIT_OMP(parallel for schedule(dynamic, 1) num_threads(team))
  for (std::int64_t b = 0; b < static_cast<std::int64_t>(batches); ++b) {
    bool stopping = false;
    ONAKIT_OMP(atomic read)
    stopping = stop;
    if (stopping) continue;
    const bool main_thread = thread_index() == 0;
    const auto poll_here = [&](std::uint64_t done, std::uint64_t of) {
      if (!main_thread || !interrupt) return false;
      if (poll_without_throwing(interrupt, error, done, of)) {
        ONAKIT_OMP(atomic write)
        stop = true;
      }
      bool s = false;
      ONAKIT_OMP(atomic read)
      s = stop;
      return s;
    };
    batch(static_cast<std::size_t>(b), poll_here);
  }
  if (error) std::rethrow_exception(error);
  if (stop) throw interrupted(name);
}

inline constexpr std::size_t reach_poll_every = std::size_t{1} << 16;

}  // namespace detail

/// temporal_reach over a prepared contact sequence (make_contact_sequence).
/// \throws invalid_option for a negative `within`, `threads` out of range or
/// groups that do not fit; interrupted when `interrupt` asks to stop.
[[nodiscard]] inline temporal_reach_result temporal_reach(const contact_sequence& c,
                                                          const temporal_reach_options& o = {}) {
  detail::check_threads(o.threads);
  if (o.within < 0)
    throw invalid_option("within=" + std::to_string(o.within) + " us is negative: give a duration >= 0");
  const std::size_t n = c.num_people;
  detail::check_reach_groups(o.groups, o.num_groups, n, "temporal_reach");
  const std::uint32_t k = o.groups.empty() ? 0 : o.num_groups;
  temporal_reach_result r;
  r.reached.assign(n, 0);
  r.num_groups = k;
  r.reached_in_group.assign(n * k, 0);
  r.untimed_messages = c.untimed_messages;

  // The contacts in play: all of them, or those in [start, start + within].
  std::size_t lo = 0, hi = c.size();
  const bool fixed = o.start != no_time;
  if (fixed) {
    const timestamp_t end = o.within > no_limit - std::max<timestamp_t>(o.start, 0) ? no_limit : o.start + o.within;
    lo = static_cast<std::size_t>(std::lower_bound(c.times.begin(), c.times.end(), o.start) - c.times.begin());
    hi = static_cast<std::size_t>(std::upper_bound(c.times.begin(), c.times.end(), end) - c.times.begin());
  }
  r.contacts = hi - lo;
  std::vector<std::size_t> steps;  // time-step offsets within [lo, hi)
  for (std::size_t e = lo; e < hi; ++e)
    if (e == lo || c.times[e] != c.times[e - 1]) steps.push_back(e);
  steps.push_back(hi);

  const std::size_t batches = (n + 63) / 64;
  const timestamp_t within = o.within;
  detail::parallel_batches(batches, n, o.threads, o.interrupt, "temporal_reach", [&](std::size_t b, auto&& poll_here) {
    const std::size_t first = 64 * b;
    const std::size_t count = std::min<std::size_t>(64, n - first);
    const auto own = [&](vertex_id x) -> std::uint64_t {
      return x >= first && x < first + count ? std::uint64_t{1} << (x - first) : 0;
    };
    std::vector<std::uint64_t> reached(n, 0);
    std::size_t since_poll = 0;
    if (fixed) {
      // holds[v]: the sources of the batch whose information v holds.
      std::vector<std::uint64_t> holds(n, 0);
      for (std::size_t i = 0; i < count; ++i) holds[first + i] = std::uint64_t{1} << i;
      std::vector<std::pair<vertex_id, std::uint64_t>> pending;
      for (std::size_t s = 0; s + 1 < steps.size(); ++s) {
        const std::size_t a = steps[s], z = steps[s + 1];
        if (z - a == 1) {
          holds[c.to[a]] |= holds[c.from[a]];
        } else {
          pending.clear();
          for (std::size_t e = a; e < z; ++e)
            if (holds[c.from[e]] != 0) pending.emplace_back(c.to[e], holds[c.from[e]]);
          for (const auto& [y, bits] : pending) holds[y] |= bits;
        }
        since_poll += z - a;
        if (since_poll >= detail::reach_poll_every) {
          since_poll = 0;
          if (poll_here(first + (a - lo) * count / std::max<std::size_t>(1, hi - lo), n)) return;
        }
      }
      reached.swap(holds);
    } else {
      // latest[v * 64 + i]: latest start of a path from source i that has reached v;
      // has[v]: the sources with such a path (latest[] is valid only there).
      std::vector<timestamp_t> latest(n * 64, 0);
      std::vector<std::uint64_t> has(n, 0);
      struct offer {
        vertex_id y;
        std::uint32_t i;
        timestamp_t start;
      };
      std::vector<offer> pending;
      // Offers of contact x -> y at t, for each source x holds (or is).
      const auto offers = [&](vertex_id x, vertex_id y, timestamp_t t, auto&& take) {
        const std::uint64_t self = own(x);
        std::uint64_t bits = has[x] | self;
        while (bits != 0) {
          const auto i = static_cast<std::uint32_t>(std::countr_zero(bits));
          bits &= bits - 1;
          const timestamp_t st = (self >> i) & 1U ? t : latest[static_cast<std::size_t>(x) * 64 + i];
          if (t - st <= within) take(y, i, st);
        }
      };
      const auto apply = [&](vertex_id y, std::uint32_t i, timestamp_t st) {
        const std::uint64_t bit = std::uint64_t{1} << i;
        reached[y] |= bit;
        timestamp_t& l = latest[static_cast<std::size_t>(y) * 64 + i];
        if (!(has[y] & bit) || st > l) l = st;
        has[y] |= bit;
      };
      for (std::size_t s = 0; s + 1 < steps.size(); ++s) {
        const std::size_t a = steps[s], z = steps[s + 1];
        const timestamp_t t = c.times[a];
        if (z - a == 1) {
          offers(c.from[a], c.to[a], t, apply);
        } else {
          pending.clear();
          for (std::size_t e = a; e < z; ++e)
            offers(c.from[e], c.to[e], t,
                   [&](vertex_id y, std::uint32_t i, timestamp_t st) { pending.push_back({y, i, st}); });
          for (const offer& p : pending) apply(p.y, p.i, p.start);
        }
        since_poll += z - a;
        if (since_poll >= detail::reach_poll_every) {
          since_poll = 0;
          if (poll_here(first + (a - lo) * count / std::max<std::size_t>(1, hi - lo), n)) return;
        }
      }
    }
    // Count: each source's people (not itself) and, with groups, per group.
    for (std::size_t v = 0; v < n; ++v) {
      std::uint64_t bits = reached[v] & ~own(static_cast<vertex_id>(v));
      const std::uint32_t g = k == 0 ? no_group : o.groups[v];
      while (bits != 0) {
        const auto i = static_cast<std::size_t>(std::countr_zero(bits));
        bits &= bits - 1;
        ++r.reached[first + i];
        if (g != no_group) ++r.reached_in_group[(first + i) * k + g];
      }
    }
  });
  return r;
}

/// Reach through time of every person of `log` (see the file comment).
/// \throws invalid_option for a negative `within`, `threads` out of range or
/// groups that do not fit; interrupted when `interrupt` asks to stop.
[[nodiscard]] inline temporal_reach_result temporal_reach(const message_log& log,
                                                          const temporal_reach_options& o = {}) {
  detail::check_threads(o.threads);
  return temporal_reach(make_contact_sequence(log), o);
}

}  // namespace onakit
