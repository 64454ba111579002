#pragma once
/// \file synthetic/synthetic_org.hpp
/// A seeded synthetic organisation: the embedded default data set of
/// `onakit summary --demo`, of the examples and of the benchmarks.
///
/// make_synthetic_org() draws a manager hierarchy, sites and a mail log with
/// the textures real communication metadata has — a heavy-tailed activity
/// distribution, a weekly rhythm, mostly-local traffic, a few boundary
/// spanners — plus two planted findings an analysis should recover: one
/// **silo** department and one **broker** person.
///
/// Example:
/// \code
///   auto org = onakit::make_synthetic_org({.people = 2000, .departments = 12, .seed = 7});
///   const onakit::message_log& log = org.log;           // feed the graph builder
///   auto silo = org.department_names[org.silo_department];
///   auto broker = log.people()[org.broker];
/// \endcode
///
/// ## The model
/// Let N = people, D = departments, W = weeks, r = messages_per_person_week.
///
/// **Hierarchy.** Vertex 0 is the CEO (level 0, department 0). Vertices
/// 1..D are the department heads (level 1, head of department v-1, reporting
/// to the CEO). The remaining R = N-1-D people are split over departments: one
/// each first (when R >= D), the rest in proportion to a weight w_d drawn
/// uniformly from {4..12} (largest-remainder rounding, ties to the lower
/// department). A department with s staff has k = ceil(s/9) team leads (level
/// 2, reporting to the head); the other s-k people (level 3) are spread evenly
/// over the leads, so teams (a lead and their reports) have ~6-9 people.
/// Ids are contiguous per department and, inside it, per team (lead first).
/// `team` is 0 for the executive team (CEO and heads) and the lead's team
/// number for a lead and their reports.
///
/// **Sites.** S = min(3, D) sites ("London", "New York", "Singapore");
/// department d's home site is d mod S. The CEO and heads sit at their home
/// site; other people at their department's home site with probability 9/10,
/// otherwise at one of the other sites (uniform).
///
/// **Planted roles.** The silo is a department in 1..D-1 (never the CEO's),
/// chosen uniformly among those with staff. The broker is a level-3 person
/// (level 2 if there are none) outside the silo, chosen uniformly. Each other
/// department has one designated boundary spanner (two when it has >= 20
/// staff), a level-2/3 person other than the broker. The non-silo departments
/// are arranged in a random ring; each partners with its two ring neighbours
/// (the one other department when there are two). The silo has no partners,
/// only one contact department.
///
/// **Activity (heavy tail).** Person i gets an integer activity
///   a_i = (16 + U{0..15}) * 2^g,  g = number of successes, each with
///   probability 3/8, before the first failure, capped at 7
/// (a geometric number of doublings: P(a >= 16 * 2^k) ~ (3/8)^k, a discrete
/// power law P(a >= x) ~ x^-1.415 up to the cap). Roles multiply it: CEO and heads x2, team leads
/// x3/2, spanners x2; the broker gets max(a_i, 1024). The total number of
/// messages is M = round(N * W * r) — so r is exactly the mean per person and
/// week; the skew only redistributes — and person i sends
/// floor(M a_i / sum a) messages, the remainder going one each to the largest
/// fractional parts (ties to the lower id). People with few messages may be
/// silent; they are in the log's people all the same.
///
/// **Time.** Each message picks a week uniformly in [0, W), a day of week with
/// weights Mon..Sun = 20, 20, 20, 20, 19, 1, 1 (weekends ~5% of a weekday),
/// an hour of day with the working-hours weights of `hour_weights` below
/// (09-17 busy, nights ~1/20), then a uniform microsecond within the hour:
///   t = start + ((week*7 + day)*24 + hour) * 3600 s + U[0, 3600 s).
/// All times are UTC and lie in [start, start + W weeks). The weekly pattern
/// lines up with the calendar when `start` is a Monday 00:00 UTC (the default).
///
/// **Whom a message goes to.** The sender picks a scope with per-mille weights
/// (team, department, manager, cross-department):
///   CEO                 700 300   0   0   (team = the heads, but not the silo's)
///   head                400 300 100 200   (team = the head's team leads)
///   team lead           550 350  40  60
///   staff               620 320  20  40
///   spanner             300 220  30 450
///   broker              100 130  20 750
///   silo head           500 485  10   5
///   silo lead / staff   600/650 370/327 27/20 3/3
/// A cross-department message picks one target department: the broker writes
/// to every other department (the silo with weight 1, the others 4); a silo
/// member writes to the broker with probability 1/2, else to the silo's one
/// contact department (drawn once, uniform); anyone else writes to the broker with probability 1/5 (heads
/// and spanners) or 1/10 (others), else to one of their department's ring
/// partners. A recipient in the target department is its head or a spanner
/// with probability 1/2, else any member. Nobody but the broker and the
/// silo's own members ever picks the silo, so its external share of tie
/// weight is a small fraction of any other department's; and only the broker
/// writes to every department (the CEO reaches all but the silo, everyone
/// else at most ~5 departments).
/// Recipients: To count 1..5 with per-mille weights 700, 150, 80, 40, 30; one
/// Cc with probability 1/10 (two with probability 1/30 of that); one Bcc with
/// probability 1/50; all drawn from the same scope (Cc: the sender's manager
/// half the time), distinct and never the sender. ~1.7 recipients per message.
///
/// **Order.** All times are drawn first (senders in id order, each sender's
/// messages in draw order) and sorted by time, ties in that generation order;
/// the contents are then drawn message by message in chronological order.
///
/// **Determinism.** The generator uses detail::xoshiro256** (three streams of
/// the seed: 1 for the structure — so changing r or W keeps the organisation —
/// 2 for the times, 3 for the contents), integer arithmetic only, and a sort with a total order:
/// a seed gives the same organisation and log on every platform and standard
/// library.
///
/// **Complexity.** O(N log N + M log M) time (the final sort dominates),
/// 16 bytes per message of scratch beside the log itself. 10'000 people,
/// 52 weeks at r = 12 (6.24M messages, ~10.3M message-recipient pairs) take
/// ~1.3 s on one core and ~280 MB at peak.

#include <onakit/detail/random.hpp>
#include <onakit/errors.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// 2024-01-01T00:00:00Z, a Monday, in microseconds since the epoch.
inline constexpr timestamp_t synthetic_org_default_start = 1'704'067'200LL * microseconds_per_second;

/// Options of make_synthetic_org(); the defaults give the `--demo` data set.
struct synthetic_org_options {
  std::uint32_t people = 500;       ///< N, including the CEO and the heads; >= 2 * departments
  std::uint32_t departments = 8;    ///< D >= 2
  std::uint32_t weeks = 12;         ///< W >= 1, at most 10'000
  std::uint64_t seed = 0;           ///< same seed, same organisation and log
  /// r > 0: mean messages sent per person per week (before activity skew:
  /// the total is round(N*W*r), skew redistributes it over people).
  double messages_per_person_week = 10.0;
  timestamp_t start = synthetic_org_default_start;  ///< first instant of week 0 (UTC)
  /// Polled every 65536 messages drawn or written, and between phases;
  /// returning true stops the run with onakit::interrupted (the Python
  /// binding passes Ctrl-C this way), as everywhere (interrupt.hpp).
  interrupt_check interrupt{};
};

/// One person of the synthetic organisation.
struct person_record {
  vertex_id id = 0;                 ///< the person's id in synthetic_org::log
  std::uint32_t department = 0;     ///< index into synthetic_org::department_names
  vertex_id manager = null_vertex;  ///< null_vertex for the CEO
  std::uint8_t level = 0;           ///< 0 = CEO, 1 = department head, 2 = team lead, 3 = staff
  std::uint32_t site = 0;           ///< index into synthetic_org::site_names
  std::uint32_t team = 0;           ///< 0 = executive team (CEO + heads); else a lead's team
};

/// A synthetic organisation and its mail log.
struct synthetic_org {
  /// The messages, sorted by time. People are labelled
  /// "p<id>@dept<department>.onakit.example", id zero-padded to the number of
  /// digits of `people` (e.g. "p042@dept3.onakit.example" for 500 people);
  /// every person is in log.people(), silent or not, with log id == id.
  message_log log;
  std::vector<person_record> people;          ///< indexed by vertex_id
  std::vector<std::string> department_names;  ///< "Engineering", "Sales", ..., then "Department 9", ...
  std::vector<std::string> site_names;        ///< "London", "New York", "Singapore" (first min(3, D))
  std::uint32_t silo_department = 0;          ///< the planted silo
  vertex_id broker = null_vertex;             ///< the planted broker
};

namespace detail::synth {

inline constexpr std::array<std::uint32_t, 7> day_weights = {20, 20, 20, 20, 19, 1, 1};
inline constexpr std::array<std::uint32_t, 24> hour_weights = {
    1, 1, 1, 1, 1, 1, 2, 5,         // 00-07
    14, 20, 20, 20, 12, 18, 20, 20,  // 08-15
    20, 14, 7, 4, 3, 2, 1, 1};       // 16-23
inline constexpr std::array<std::uint32_t, 5> to_count_weights = {700, 150, 80, 40, 30};

enum scope : std::uint8_t { team = 0, department, manager, cross };

struct scope_weights {
  std::array<std::uint32_t, 4> w;  // per mille, sums to 1000
};
inline constexpr scope_weights ceo_scopes{{700, 300, 0, 0}};
inline constexpr scope_weights head_scopes{{400, 300, 100, 200}};
inline constexpr scope_weights lead_scopes{{550, 350, 40, 60}};
inline constexpr scope_weights staff_scopes{{620, 320, 20, 40}};
inline constexpr scope_weights spanner_scopes{{300, 220, 30, 450}};
inline constexpr scope_weights broker_scopes{{100, 130, 20, 750}};
inline constexpr scope_weights silo_head_scopes{{500, 485, 10, 5}};
inline constexpr scope_weights silo_lead_scopes{{600, 370, 27, 3}};
inline constexpr scope_weights silo_staff_scopes{{650, 327, 20, 3}};

/// Index drawn with the given integer weights.
template <std::size_t K>
[[nodiscard]] inline std::size_t pick(xoshiro256ss& rng, const std::array<std::uint32_t, K>& w) {
  std::uint64_t total = 0;
  for (const auto x : w) total += x;
  std::uint64_t u = rng.uniform_below(total);
  for (std::size_t i = 0; i < K; ++i) {
    if (u < w[i]) return i;
    u -= w[i];
  }
  return K - 1;  // unreachable
}

template <class T>
[[nodiscard]] inline const T& pick_from(xoshiro256ss& rng, const std::vector<T>& v) {
  return v[static_cast<std::size_t>(rng.uniform_below(v.size()))];
}

inline void validate(const synthetic_org_options& o) {
  if (o.departments < 2)
    throw invalid_option("synthetic_org: departments must be >= 2 (got " +
                         std::to_string(o.departments) + ")");
  if (static_cast<std::uint64_t>(o.people) < 2ULL * o.departments)
    throw invalid_option("synthetic_org: people must be >= 2 * departments (got people=" +
                         std::to_string(o.people) + ", departments=" +
                         std::to_string(o.departments) + "); raise people or lower departments");
  if (o.people == null_vertex)
    throw invalid_option("synthetic_org: people must be < 4'294'967'295");
  if (o.weeks < 1 || o.weeks > 10'000)
    throw invalid_option("synthetic_org: weeks must be in [1, 10000] (got " +
                         std::to_string(o.weeks) + ")");
  if (!(o.messages_per_person_week > 0.0))  // also refuses NaN
    throw invalid_option("synthetic_org: messages_per_person_week must be > 0 (got " +
                         std::to_string(o.messages_per_person_week) + ")");
  const double total = static_cast<double>(o.people) * static_cast<double>(o.weeks) *
                       o.messages_per_person_week;
  if (!(total < 4.0e9))
    throw invalid_option("synthetic_org: people * weeks * messages_per_person_week = " +
                         std::to_string(total) +
                         " messages; at most 4e9 — lower one of them");
  constexpr timestamp_t week = 7LL * 24 * 3600 * microseconds_per_second;
  const timestamp_t span = static_cast<timestamp_t>(o.weeks) * week;
  if (o.start == no_time || o.start > std::numeric_limits<timestamp_t>::max() - span)
    throw invalid_option("synthetic_org: start + weeks overflows the timestamp range");
}

[[nodiscard]] inline std::string department_name(std::uint32_t d) {
  static constexpr std::array<const char*, 8> names = {
      "Engineering", "Sales",           "Marketing", "Finance",
      "Operations",  "Human Resources", "Legal",     "Product"};
  if (d < names.size()) return names[d];
  return "Department " + std::to_string(d + 1);
}

[[nodiscard]] inline std::string person_label(vertex_id id, std::uint32_t department,
                                              std::size_t width) {
  std::string digits = std::to_string(id);
  std::string s = "p";
  if (digits.size() < width) s.append(width - digits.size(), '0');
  s += digits;
  s += "@dept";
  s += std::to_string(department);
  s += ".onakit.example";
  return s;
}

}  // namespace detail::synth

/// Generates the seeded synthetic organisation described in this file.
///
/// \throws invalid_option if departments < 2, people < 2 * departments,
///   weeks outside [1, 10000], messages_per_person_week <= 0 (or NaN), more
///   than 4e9 messages, or start + weeks overflows.
/// Complexity: O(N log N + M log M) for N people and M messages.
[[nodiscard]] inline synthetic_org make_synthetic_org(const synthetic_org_options& opt = {}) {
  namespace ds = detail::synth;
  ds::validate(opt);
  const auto poll = [&opt] {
    if (opt.interrupt && opt.interrupt()) throw interrupted("synthetic_org");
  };
  std::uint32_t since_poll = 0;
  const auto poll_every = [&] {  // cheap enough for the per-message loops
    if ((++since_poll & 0xFFFFu) == 0) poll();
  };

  const std::uint32_t n_people = opt.people;
  const std::uint32_t n_dept = opt.departments;
  const std::uint32_t n_sites = std::min<std::uint32_t>(3, n_dept);
  detail::xoshiro256ss srng(opt.seed, 1);  // structure stream

  synthetic_org org;
  org.department_names.reserve(n_dept);
  for (std::uint32_t d = 0; d < n_dept; ++d) org.department_names.push_back(ds::department_name(d));
  static constexpr std::array<const char*, 3> site_names = {"London", "New York", "Singapore"};
  for (std::uint32_t s = 0; s < n_sites; ++s) org.site_names.emplace_back(site_names[s]);

  // ---- department sizes (staff below the head) ---------------------------
  const std::uint32_t rest = n_people - 1 - n_dept;
  std::vector<std::uint32_t> staff(n_dept, rest >= n_dept ? 1u : 0u);
  {
    const std::uint64_t to_share = rest >= n_dept ? rest - n_dept : rest;
    std::vector<std::uint64_t> w(n_dept);
    std::uint64_t wsum = 0;
    for (auto& x : w) wsum += (x = 4 + srng.uniform_below(9));
    std::vector<std::pair<std::uint64_t, std::uint32_t>> frac(n_dept);  // (remainder, dept)
    std::uint64_t given = 0;
    for (std::uint32_t d = 0; d < n_dept; ++d) {
      const std::uint64_t q = to_share * w[d] / wsum;
      staff[d] += static_cast<std::uint32_t>(q);
      given += q;
      frac[d] = {to_share * w[d] % wsum, d};
    }
    std::sort(frac.begin(), frac.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (std::uint64_t k = 0; given + k < to_share; ++k) ++staff[frac[static_cast<std::size_t>(k)].second];
  }

  // ---- hierarchy, sites, teams --------------------------------------------
  auto& people = org.people;
  people.resize(n_people);
  auto other_site = [&](std::uint32_t home) {
    if (n_sites < 2 || !srng.chance(1, 10)) return home;
    return (home + 1 + srng.uniform_below32(n_sites - 1)) % n_sites;
  };
  people[0] = person_record{0, 0, null_vertex, 0, 0, 0};
  for (std::uint32_t d = 0; d < n_dept; ++d)
    people[1 + d] = person_record{1 + d, d, 0, 1, d % n_sites, 0};
  std::vector<std::vector<vertex_id>> dept_members(n_dept);
  dept_members[0].push_back(0);
  for (std::uint32_t d = 0; d < n_dept; ++d) dept_members[d].push_back(1 + d);
  std::vector<std::vector<vertex_id>> teams(1);  // team 0 = executive (filled below)
  std::vector<std::vector<vertex_id>> head_circle(n_dept);  // a head's team leads
  {
    vertex_id next = 1 + n_dept;
    for (std::uint32_t d = 0; d < n_dept; ++d) {
      const std::uint32_t s = staff[d];
      if (s == 0) continue;
      const std::uint32_t k = (s + 8) / 9;
      const std::uint32_t reports = s - k;
      const vertex_id head = 1 + d;
      for (std::uint32_t t = 0; t < k; ++t) {
        const auto team = static_cast<std::uint32_t>(teams.size());
        teams.emplace_back();
        const vertex_id lead = next++;
        people[lead] = person_record{lead, d, head, 2, other_site(d % n_sites), team};
        teams.back().push_back(lead);
        dept_members[d].push_back(lead);
        head_circle[d].push_back(lead);
        const std::uint32_t r = reports / k + (t < reports % k ? 1 : 0);
        for (std::uint32_t j = 0; j < r; ++j) {
          const vertex_id v = next++;
          people[v] = person_record{v, d, lead, 3, other_site(d % n_sites), team};
          teams.back().push_back(v);
          dept_members[d].push_back(v);
        }
      }
    }
  }

  // ---- planted silo, broker, spanners, partner ring ------------------------
  {
    std::vector<std::uint32_t> cands;
    for (std::uint32_t d = 1; d < n_dept; ++d)
      if (staff[d] > 0) cands.push_back(d);
    org.silo_department = cands.empty() ? 1 : ds::pick_from(srng, cands);
  }
  const std::uint32_t silo = org.silo_department;
  {
    std::vector<vertex_id> cands;
    for (const std::uint8_t level : {std::uint8_t{3}, std::uint8_t{2}, std::uint8_t{1}}) {
      for (const auto& p : people)
        if (p.level == level && p.department != silo) cands.push_back(p.id);
      if (!cands.empty()) break;
    }
    org.broker = ds::pick_from(srng, cands);  // never empty: D >= 2 gives a non-silo head
  }
  const vertex_id broker = org.broker;
  std::vector<std::uint8_t> is_spanner(n_people, 0);
  std::vector<std::vector<vertex_id>> contacts(n_dept);  // head + spanners: cross-dept contact points
  for (std::uint32_t d = 0; d < n_dept; ++d) {
    contacts[d].push_back(1 + d);
    if (d == silo) continue;
    std::vector<vertex_id> cands;
    for (const vertex_id v : dept_members[d])
      if (people[v].level >= 2 && v != broker) cands.push_back(v);
    const std::size_t want = std::min<std::size_t>(cands.size(), staff[d] >= 20 ? 2 : 1);
    for (std::size_t k = 0; k < want; ++k) {  // partial Fisher-Yates
      const std::size_t j = k + static_cast<std::size_t>(srng.uniform_below(cands.size() - k));
      std::swap(cands[k], cands[j]);
      is_spanner[cands[k]] = 1;
      contacts[d].push_back(cands[k]);
    }
  }
  std::vector<std::vector<std::uint32_t>> partners(n_dept);
  {
    std::vector<std::uint32_t> ring;
    for (std::uint32_t d = 0; d < n_dept; ++d)
      if (d != silo) ring.push_back(d);
    for (std::size_t k = ring.size(); k > 1; --k)
      std::swap(ring[k - 1], ring[static_cast<std::size_t>(srng.uniform_below(k))]);
    const std::size_t m = ring.size();
    if (m == 2) {
      partners[ring[0]].push_back(ring[1]);
      partners[ring[1]].push_back(ring[0]);
    } else if (m >= 3) {
      for (std::size_t k = 0; k < m; ++k) {
        partners[ring[k]].push_back(ring[(k + m - 1) % m]);
        partners[ring[k]].push_back(ring[(k + 1) % m]);
      }
    }
  }
  // The silo's one outside contact, so its rare external mail stays narrow.
  const std::uint32_t silo_contact = (silo + 1 + srng.uniform_below32(n_dept - 1)) % n_dept;
  for (std::uint32_t d = 0; d < n_dept; ++d)
    if (d != silo) teams[0].push_back(1 + d);  // the CEO's circle: heads but the silo's

  // ---- activity and message counts -------------------------------------------
  std::vector<std::uint64_t> activity(n_people);
  std::uint64_t activity_sum = 0;
  for (vertex_id v = 0; v < n_people; ++v) {
    std::uint32_t g = 0;
    while (g < 7 && srng.chance(3, 8)) ++g;
    std::uint64_t a = (16 + srng.uniform_below(16)) << g;
    const auto& p = people[v];
    if (p.level <= 1) a *= 2;
    else if (p.level == 2) a = a * 3 / 2;
    if (is_spanner[v]) a *= 2;
    if (v == broker) a = std::max<std::uint64_t>(a, 1024);
    activity[v] = a;
    activity_sum += a;
  }
  const double total_d = static_cast<double>(n_people) * static_cast<double>(opt.weeks) *
                         opt.messages_per_person_week;
  const auto n_messages = static_cast<std::uint64_t>(total_d + 0.5);
  std::vector<std::uint64_t> sends(n_people);
  {
    std::vector<std::pair<std::uint64_t, vertex_id>> frac(n_people);
    std::uint64_t given = 0;
    for (vertex_id v = 0; v < n_people; ++v) {
      sends[v] = n_messages * activity[v] / activity_sum;
      given += sends[v];
      frac[v] = {n_messages * activity[v] % activity_sum, v};
    }
    std::sort(frac.begin(), frac.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (std::uint64_t k = 0; given + k < n_messages; ++k) ++sends[frac[static_cast<std::size_t>(k)].second];
  }

  // ---- times: drawn per sender (ids in order), then sorted ----------------------
  // Drawing every time first and the contents afterwards, in chronological
  // order, lets the contents go straight into the log: gathering finished
  // messages through a random permutation costs a cache miss per message.
  constexpr timestamp_t hour_us = 3600LL * microseconds_per_second;
  struct slot {
    timestamp_t time;
    std::uint32_t draw;  // generation order (n_messages < 2^32 is validated)
    vertex_id sender;
  };
  std::vector<slot> order;
  order.reserve(static_cast<std::size_t>(n_messages));
  {
    detail::xoshiro256ss trng(opt.seed, 2);  // time stream
    std::uint32_t draw = 0;
    for (vertex_id v = 0; v < n_people; ++v) {
      for (std::uint64_t m = 0; m < sends[v]; ++m) {
        poll_every();
        const std::uint64_t week = trng.uniform_below(opt.weeks);
        const std::uint64_t day = ds::pick(trng, ds::day_weights);
        const std::uint64_t hour = ds::pick(trng, ds::hour_weights);
        const auto t = opt.start +
                       static_cast<timestamp_t>((week * 7 + day) * 24 + hour) * hour_us +
                       static_cast<timestamp_t>(trng.uniform_below(static_cast<std::uint64_t>(hour_us)));
        order.push_back(slot{t, draw++, v});
      }
    }
  }
  // (time, draw) is unique: a total order, so any sort gives the same result.
  poll();
  std::sort(order.begin(), order.end(), [](const slot& a, const slot& b) {
    return a.time != b.time ? a.time < b.time : a.draw < b.draw;
  });
  poll();

  // ---- per-sender behaviour -------------------------------------------------------
  struct profile {
    const ds::scope_weights* scopes;
    const std::vector<vertex_id>* circle;
    std::uint64_t broker_odds;  // a cross message goes to the broker with probability 1/odds
  };
  std::vector<profile> profiles(n_people);
  for (vertex_id v = 0; v < n_people; ++v) {
    const auto& p = people[v];
    const std::uint32_t d = p.department;
    const ds::scope_weights* sw = &ds::staff_scopes;
    if (v == 0) sw = &ds::ceo_scopes;
    else if (v == broker) sw = &ds::broker_scopes;
    else if (d == silo) sw = p.level == 1 ? &ds::silo_head_scopes
                           : p.level == 2 ? &ds::silo_lead_scopes : &ds::silo_staff_scopes;
    else if (is_spanner[v]) sw = &ds::spanner_scopes;
    else if (p.level == 1) sw = &ds::head_scopes;
    else if (p.level == 2) sw = &ds::lead_scopes;
    const std::vector<vertex_id>* circle =
        v == 0 ? &teams[0] : p.level == 1 ? &head_circle[d] : &teams[p.team];
    profiles[v] = profile{sw, circle, (p.level == 1 || is_spanner[v]) ? 5u : 10u};
  }
  std::vector<std::uint32_t> broker_targets;
  for (std::uint32_t d = 0; d < n_dept; ++d)
    if (d != people[broker].department) broker_targets.push_back(d);

  // ---- contents, in chronological order, straight into the log ---------------------
  message_log& log = org.log;
  {
    const std::size_t width = std::to_string(n_people).size();
    for (vertex_id v = 0; v < n_people; ++v)
      log.intern(ds::person_label(v, people[v].department, width));
  }
  log.reserve(order.size(), order.size() * 7 / 4);
  detail::xoshiro256ss rng(opt.seed, 3);  // content stream
  std::array<vertex_id, 8> chosen{};
  for (const slot& msg : order) {
    poll_every();
    const vertex_id v = msg.sender;
    const auto& p = people[v];
    const auto& pr = profiles[v];
    const std::vector<vertex_id>& circle = *pr.circle;
    const std::uint32_t d = p.department;
    log.begin_message(v, msg.time);

    // scope and, for cross messages, the target department
    auto sc = static_cast<ds::scope>(ds::pick(rng, pr.scopes->w));
    if (sc == ds::manager && p.manager == null_vertex) sc = ds::team;
    if (sc == ds::team && circle.size() <= 1 && (circle.empty() || circle[0] == v))
      sc = v == 0 ? ds::department : ds::manager;
    bool to_broker = false;
    std::uint32_t target = d;
    if (sc == ds::cross) {
      if (v == broker) {
        std::uint64_t total = 0;  // weight 4 per department, 1 for the silo
        for (const auto td : broker_targets) total += td == silo ? 1 : 4;
        std::uint64_t u = rng.uniform_below(total);
        for (const auto td : broker_targets) {
          const std::uint64_t w = td == silo ? 1 : 4;
          if (u < w) {
            target = td;
            break;
          }
          u -= w;
        }
      } else if (d == silo) {
        if (rng.chance(1, 2)) to_broker = true;
        else target = silo_contact;
      } else if (rng.chance(1, pr.broker_odds) || partners[d].empty()) {
        to_broker = true;
      } else {
        target = ds::pick_from(rng, partners[d]);
      }
    }
    auto draw = [&]() -> vertex_id {
      switch (sc) {
        case ds::team: return ds::pick_from(rng, circle);
        case ds::department: return ds::pick_from(rng, dept_members[d]);
        case ds::manager: return p.manager;
        case ds::cross:
          if (to_broker) return broker;
          return rng.chance(1, 2) ? ds::pick_from(rng, contacts[target])
                                  : ds::pick_from(rng, dept_members[target]);
      }
      return p.manager;
    };
    std::size_t n_chosen = 0;
    auto add = [&](vertex_id r, role ro) {
      if (r == v || r == null_vertex) return false;
      for (std::size_t k = 0; k < n_chosen; ++k)
        if (chosen[k] == r) return false;
      chosen[n_chosen++] = r;
      log.add_recipient(r, ro);
      return true;
    };
    auto add_drawn = [&](role ro) {
      for (int attempt = 0; attempt < 8; ++attempt)
        if (add(draw(), ro)) return;
    };
    const std::size_t n_to = 1 + ds::pick(rng, ds::to_count_weights);
    for (std::size_t k = 0; k < n_to; ++k) add_drawn(role::to);
    if (n_chosen == 0) {
      // The scope had nobody but the sender: fall back to the manager or,
      // for the CEO, the first head.
      add(v == 0 ? vertex_id{1} : p.manager, role::to);
    }
    if (rng.chance(1, 10)) {
      const std::size_t n_cc = rng.chance(1, 30) ? 2 : 1;
      for (std::size_t k = 0; k < n_cc; ++k) {
        if (p.manager != null_vertex && rng.chance(1, 2)) add(p.manager, role::cc);
        else add_drawn(role::cc);
      }
    }
    if (rng.chance(1, 50)) add_drawn(role::bcc);
  }
  auto& rep = log.report();
  rep.source = "synthetic_org(seed=" + std::to_string(opt.seed) + ")";
  rep.records_read = rep.records_kept = rep.messages = log.num_messages();
  rep.messages_with_several_recipients = log.messages_with_several_recipients();
  return org;
}

}  // namespace onakit
