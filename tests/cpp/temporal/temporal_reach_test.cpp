// temporal_reach and group_latency vs a brute-force search over every
// time-respecting continuation, on slices of the real email-Eu-core-temporal
// department logs; thread-count invariance, interruption, bad options.
#include <onakit/temporal/group_latency.hpp>
#include <onakit/temporal/temporal_reach.hpp>

#include "test_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

namespace {

using onakit::timestamp_t;
using onakit::vertex_id;

struct row {
  vertex_id u, v;
  timestamp_t t;
};

constexpr timestamp_t sec = onakit::microseconds_per_second;
constexpr timestamp_t inf = std::numeric_limits<timestamp_t>::max();

// Rows [from, from + count) of a department file, people renumbered 0.. by first appearance.
std::vector<row> slice(int dept, std::size_t from, std::size_t count, std::size_t& n) {
  std::ifstream in(onakit::testing::data_file("email-Eu-core-temporal-departments/email-Eu-core-temporal-Dept" +
                                              std::to_string(dept) + ".txt"));
  std::map<long, vertex_id> ids;
  std::vector<row> rows;
  long a = 0, b = 0, t = 0;
  for (std::size_t i = 0; in >> a >> b >> t && rows.size() < count; ++i) {
    if (i < from) continue;
    const auto id = [&](long x) { return ids.emplace(x, static_cast<vertex_id>(ids.size())).first->second; };
    const vertex_id u = id(a);
    rows.push_back({u, id(b), t * sec});
  }
  n = ids.size();
  return rows;
}

onakit::message_log log_of(const std::vector<row>& rows, std::size_t n) {
  onakit::message_log log;
  log.ensure_people(n);
  for (const row& r : rows) {
    log.begin_message(r.u, r.t);
    log.add_recipient(r.v);
  }
  return log;
}

// Every (person, arrival) state reachable from the first hops, each next hop
// strictly later, none after `last`: earliest arrival per person.
std::map<vertex_id, timestamp_t> walk(const std::vector<row>& rows, std::vector<std::pair<timestamp_t, vertex_id>> hops,
                                      timestamp_t last) {
  std::map<vertex_id, timestamp_t> best;
  std::set<std::pair<vertex_id, timestamp_t>> seen;
  std::deque<std::pair<timestamp_t, vertex_id>> q(hops.begin(), hops.end());
  while (!q.empty()) {
    const auto [t, v] = q.front();
    q.pop_front();
    if (t > last || !seen.insert({v, t}).second) continue;
    auto it = best.find(v);
    if (it == best.end() || t < it->second) best[v] = t;
    for (const row& r : rows)
      if (r.u == v && r.u != r.v && r.t > t && r.t <= last) q.emplace_back(r.t, r.v);
  }
  return best;
}

std::vector<std::uint32_t> oracle_reach(const std::vector<row>& rows, std::size_t n, timestamp_t within,
                                        timestamp_t start) {
  std::vector<std::uint32_t> out(n, 0);
  for (vertex_id u = 0; u < n; ++u) {
    std::set<vertex_id> got;
    if (start == onakit::no_time) {
      for (const row& r : rows)
        if (r.u == u && r.v != u)
          for (const auto& [v, t] : walk(rows, {{r.t, r.v}}, within == inf ? inf : r.t + within)) got.insert(v);
    } else {
      std::vector<std::pair<timestamp_t, vertex_id>> hops;
      for (const row& r : rows)
        if (r.u == u && r.v != u && r.t >= start) hops.emplace_back(r.t, r.v);
      for (const auto& [v, t] : walk(rows, hops, within == inf ? inf : start + within)) got.insert(v);
    }
    got.erase(u);
    out[u] = static_cast<std::uint32_t>(got.size());
  }
  return out;
}

class TemporalReachData : public ::testing::Test {
 protected:
  void SetUp() override { ONAKIT_REQUIRE_DATA("email-Eu-core-temporal-departments/email-Eu-core-temporal-Dept3.txt"); }
};

TEST_F(TemporalReachData, EveryStartEqualsBruteForce) {
  std::size_t n = 0;
  const auto rows = slice(3, 4000, 400, n);
  const auto log = log_of(rows, n);
  for (const timestamp_t within : {timestamp_t{0}, 3600 * sec, 86'400 * sec, onakit::no_limit}) {
    onakit::temporal_reach_options o;
    o.within = within;
    const auto r = onakit::temporal_reach(log, o);
    EXPECT_EQ(r.reached, oracle_reach(rows, n, within, onakit::no_time)) << "within " << within;
    EXPECT_EQ(r.contacts, onakit::make_contact_sequence(log).size());
  }
}

TEST_F(TemporalReachData, FixedStartEqualsBruteForce) {
  std::size_t n = 0;
  const auto rows = slice(3, 8000, 400, n);
  const auto log = log_of(rows, n);
  const timestamp_t start = rows[120].t;
  for (const timestamp_t within : {6 * 3600 * sec, 3 * 86'400 * sec, onakit::no_limit}) {
    onakit::temporal_reach_options o;
    o.within = within;
    o.start = start;
    EXPECT_EQ(onakit::temporal_reach(log, o).reached, oracle_reach(rows, n, within, start)) << "within " << within;
  }
}

TEST_F(TemporalReachData, ThreadsAndGroupsDoNotChangeCounts) {
  std::size_t n = 0;
  const auto rows = slice(3, 0, 12'216, n);  // the whole department log: > 64 people, several batches
  ASSERT_GT(n, 64U);
  const auto log = log_of(rows, n);
  onakit::temporal_reach_options o;
  o.within = 2 * 86'400 * sec;
  o.groups.resize(n);
  for (vertex_id v = 0; v < n; ++v) o.groups[v] = v % 5 == 4 ? onakit::no_group : v % 4;
  o.num_groups = 4;
  o.threads = 1;
  const auto one = onakit::temporal_reach(log, o);
  o.threads = 2;
  const auto two = onakit::temporal_reach(log, o);
  EXPECT_EQ(one.reached, two.reached);
  EXPECT_EQ(one.reached_in_group, two.reached_in_group);
  for (vertex_id u = 0; u < n; ++u) {
    std::uint32_t grouped = 0;
    for (std::uint32_t g = 0; g < 4; ++g) grouped += one.reached_in_group[u * 4 + g];
    EXPECT_LE(grouped, one.reached[u]);
  }
}

TEST_F(TemporalReachData, GroupLatencyEqualsBruteForce) {
  std::size_t n = 0;
  const auto rows = slice(3, 2000, 300, n);
  const auto log = log_of(rows, n);
  onakit::group_latency_options o;
  o.num_groups = 3;
  o.groups.resize(n);
  for (vertex_id v = 0; v < n; ++v) o.groups[v] = v % 7 == 6 ? onakit::no_group : v % 3;
  const auto r = onakit::group_latency(log, o);
  // Oracle: starts = distinct (sender, time) of grouped senders; earliest arrival per other group.
  std::set<std::pair<timestamp_t, vertex_id>> starts;
  for (const row& x : rows)
    if (x.u != x.v && o.groups[x.u] != onakit::no_group) starts.insert({x.t, x.u});
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<double>> lat;
  for (const auto& [s, x] : starts) {
    std::vector<std::pair<timestamp_t, vertex_id>> hops;
    for (const row& e : rows)
      if (e.u == x && e.v != x && e.t >= s) hops.emplace_back(e.t, e.v);
    const auto best = walk(rows, hops, inf);
    for (std::uint32_t b = 0; b < 3; ++b) {
      if (b == o.groups[x]) continue;
      timestamp_t arrival = inf;
      for (const auto& [v, t] : best)
        if (o.groups[v] == b) arrival = std::min(arrival, t);
      lat[{o.groups[x], b}].push_back(arrival == inf ? INFINITY : static_cast<double>(arrival - s));
    }
  }
  int finite = 0;
  for (std::uint32_t a = 0; a < 3; ++a)
    for (std::uint32_t b = 0; b < 3; ++b) {
      auto v = lat[{a, b}];
      const double got = r.median[a * 3 + b];
      if (v.empty()) {
        EXPECT_TRUE(std::isnan(got));
        continue;
      }
      std::sort(v.begin(), v.end());
      const double med = (v[(v.size() - 1) / 2] + v[v.size() / 2]) / 2;
      EXPECT_EQ(r.reached[a * 3 + b], static_cast<std::uint64_t>(std::count_if(v.begin(), v.end(), [](double d) {
                  return std::isfinite(d);
                })));
      if (std::isinf(med)) EXPECT_TRUE(std::isnan(got));
      else {
        EXPECT_EQ(got, med) << a << " -> " << b;
        ++finite;
      }
    }
  EXPECT_GT(finite, 0);
  o.threads = 1;
  const auto one = onakit::group_latency(log, o);
  for (std::size_t i = 0; i < 9; ++i)
    EXPECT_TRUE(one.median[i] == r.median[i] || (std::isnan(one.median[i]) && std::isnan(r.median[i])));
}

TEST(TemporalReach, SameInstantNeverChains) {
  onakit::message_log log;
  log.ensure_people(4);
  log.begin_message(0, 10 * sec);
  log.add_recipient(1);
  log.begin_message(1, 10 * sec);
  log.add_recipient(2);
  log.begin_message(1, 11 * sec);
  log.add_recipient(3);
  const auto r = onakit::temporal_reach(log);
  EXPECT_EQ(r.reached, (std::vector<std::uint32_t>{2, 2, 0, 0}));
}

TEST(TemporalReach, BadOptionsAndInterrupt) {
  onakit::message_log log;
  log.ensure_people(2);
  log.begin_message(0, 10 * sec);
  log.add_recipient(1);
  onakit::temporal_reach_options o;
  o.within = -1;
  EXPECT_THROW((void)onakit::temporal_reach(log, o), onakit::invalid_option);
  o.within = 0;
  o.groups = {0, 5};
  o.num_groups = 2;
  EXPECT_THROW((void)onakit::temporal_reach(log, o), onakit::invalid_option);
  o.groups.clear();
  o.threads = -1;
  EXPECT_THROW((void)onakit::temporal_reach(log, o), onakit::invalid_option);
  o.threads = 0;
  o.interrupt = [] { return true; };
  EXPECT_THROW((void)onakit::temporal_reach(log, o), onakit::interrupted);
  onakit::group_latency_options g;
  g.groups = {0};
  g.num_groups = 1;
  EXPECT_THROW((void)onakit::group_latency(log, g), onakit::invalid_option);
  g.groups = {0, 0};
  g.interrupt = [] { return true; };
  EXPECT_THROW((void)onakit::group_latency(log, g), onakit::interrupted);
}

}  // namespace
