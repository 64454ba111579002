// Tie churn vs a brute force over std::set on consecutive months of the real
// radoslaw_email log (and hand examples).
#include <onakit/temporal/network_trend.hpp>
#include <onakit/graph/make_graph.hpp>

#include <gtest/gtest.h>

#include "test_data.hpp"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;

TEST(TieChurn, HandExample) {
  // before: 0->1, 1->2, 2->2 (self, ignored); after: 0->1, 2->3, 3->0
  const auto b = onakit::make_graph(4, ids{0, 1, 2}, ids{1, 2, 2}, {}, true);
  const auto a = onakit::make_graph(4, ids{0, 2, 3}, ids{1, 3, 0}, {}, true);
  const std::vector<std::uint32_t> grp{0, 0, 1, onakit::no_group};
  const auto r = onakit::tie_churn(b, a, grp);
  EXPECT_EQ(r.ties_before, 2u);
  EXPECT_EQ(r.ties_after, 3u);
  EXPECT_EQ(r.formed, 2u);
  EXPECT_EQ(r.lost, 1u);
  EXPECT_EQ(r.kept, 1u);
  EXPECT_NEAR(r.churn, 3.0 / 4.0, 1e-15);
  EXPECT_EQ(r.grouped_ties, 1u);  // 0->1 only: 3 has no group
  EXPECT_EQ(r.cross_group_ties, 0u);
  EXPECT_EQ(r.bridging_ties, 0u);
  const auto empty = onakit::make_graph(4, ids{}, ids{}, {}, true);
  EXPECT_TRUE(std::isnan(onakit::tie_churn(empty, empty).churn));
  EXPECT_THROW((void)onakit::tie_churn(onakit::make_graph(3, ids{}, ids{}, {}, true), a), onakit::invalid_option);
  EXPECT_THROW((void)onakit::tie_churn(onakit::make_graph(4, ids{}, ids{}, {}, false), a), onakit::invalid_option);
}

// radoslaw_email/out.radoslaw_email_email: "from to weight time" (KONECT, % comments).
TEST(TieChurn, RadoslawMonthsAgainstSets) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/out.radoslaw_email_email");
  std::ifstream in(onakit::testing::data_file("radoslaw_email/out.radoslaw_email_email"));
  std::map<long long, std::pair<ids, ids>> months;  // month number -> arcs
  std::string line;
  onakit::vertex_id n = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '%') continue;
    std::istringstream f(line);
    onakit::vertex_id u = 0, v = 0;
    double w = 0;
    long long t = 0;
    if (!(f >> u >> v >> w >> t)) continue;
    const long long month = t / (30LL * 86400);  // 30-day blocks: any partition does for the oracle
    months[month].first.push_back(u - 1);
    months[month].second.push_back(v - 1);
    n = std::max({n, u, v});
  }
  ASSERT_GE(months.size(), 5u);
  std::vector<std::uint32_t> grp(n);
  for (std::uint32_t v = 0; v < n; ++v) grp[v] = v % 7 == 0 ? onakit::no_group : v % 3;
  for (const bool directed : {true, false}) {
    std::vector<onakit::graph> gs;
    std::vector<std::set<std::pair<onakit::vertex_id, onakit::vertex_id>>> sets;
    for (const auto& [m, st] : months) {
      gs.push_back(onakit::make_graph(n, st.first, st.second, {}, directed));
      std::set<std::pair<onakit::vertex_id, onakit::vertex_id>> s;
      for (std::size_t i = 0; i < st.first.size(); ++i) {
        auto u = st.first[i], v = st.second[i];
        if (u == v) continue;
        if (!directed && v < u) std::swap(u, v);
        s.insert({u, v});
      }
      sets.push_back(std::move(s));
    }
    std::uint64_t total_formed = 0;
    for (std::size_t p = 1; p < gs.size(); ++p) {
      const auto r = onakit::tie_churn(gs[p - 1], gs[p], grp);
      std::uint64_t formed = 0, lost = 0, kept = 0, grouped = 0, cross = 0, bridging = 0;
      for (const auto& e : sets[p]) {
        const bool old = sets[p - 1].count(e) > 0;
        (old ? kept : formed)++;
        if (grp[e.first] != onakit::no_group && grp[e.second] != onakit::no_group) {
          ++grouped;
          if (grp[e.first] != grp[e.second]) {
            ++cross;
            bridging += !old;
          }
        }
      }
      for (const auto& e : sets[p - 1]) lost += sets[p].count(e) == 0;
      EXPECT_EQ(r.ties_before, sets[p - 1].size());
      EXPECT_EQ(r.ties_after, sets[p].size());
      EXPECT_EQ(r.formed, formed);
      EXPECT_EQ(r.lost, lost);
      EXPECT_EQ(r.kept, kept);
      EXPECT_EQ(r.grouped_ties, grouped);
      EXPECT_EQ(r.cross_group_ties, cross);
      EXPECT_EQ(r.bridging_ties, bridging);
      total_formed += formed;
    }
    EXPECT_GT(total_formed, 0u);
  }
}

}  // namespace
