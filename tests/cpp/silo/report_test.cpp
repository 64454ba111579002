// The silo report and the minimum-group-size rule (report.hpp): a
// hand-computed graph, the suppression edge cases, and agreement with the
// values onakit 0.x's Python silo_report gave on karate and Krackhardt's
// high-tech advice network (recorded before the report moved to C++).
#include <onakit/graph/builder.hpp>
#include <onakit/silo/ei_index.hpp>
#include <onakit/silo/report.hpp>

#include <gtest/gtest.h>

#include "test_data.hpp"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;
using codes = std::vector<std::uint32_t>;
constexpr double tol = 1e-12;
constexpr std::uint32_t none = onakit::no_group;
constexpr std::uint32_t merged = onakit::suppressed_group;

// Undirected: A = {0,1,2}, B = {3,4,5}, C = {6}, D = {7}.
// Ties 0-1 (2), 1-2 (1), 0-2 (1), 3-4 (1), 4-5 (1), 2-3 (1), 5-6 (3), 6-7 (1).
onakit::graph example() {
  const ids s{0, 1, 0, 3, 4, 2, 5, 6}, t{1, 2, 2, 4, 5, 3, 6, 7};
  const std::vector<double> w{2, 1, 1, 1, 1, 1, 3, 1};
  return onakit::make_graph(8, s, t, w, false);
}
const codes example_groups{0, 0, 0, 1, 1, 1, 2, 3};

TEST(SiloReport, HandComputedRows) {
  // Every group shown (min_group_size = 1). By hand, over the 8 grouped people:
  //   A: I = 4, E = 1 (2-3)              -> EI = -3/5, insularity 4/5
  //   B: I = 2, E = 1 + 3                -> EI = 1/3,  insularity 1/3
  //   C: I = 0, E = 3 + 1                -> EI = 1
  //   D: I = 0, E = 1                    -> EI = 1
  // expected E-I (2N - 3n + 1) / (2N - n - 1), N = 8: n = 3 -> 8/12, n = 1 -> 14/14.
  // vol = weighted degrees: A 9, B 8, C 4, D 1, all 22; conductance = E / min(vol, 22 - vol).
  const auto r = onakit::silo_report(example(), example_groups, 4, {.min_group_size = 1, .permutations = 0});
  ASSERT_EQ(r.rows(), 4u);
  EXPECT_EQ(r.group, (codes{0, 1, 2, 3}));  // sorted by EI; C and D tie and keep code order
  EXPECT_EQ(r.size, (codes{3, 3, 1, 1}));
  const std::vector<double> internal{4, 2, 0, 0}, external{1, 4, 4, 1}, ei{-0.6, 1.0 / 3, 1, 1},
      expected{8.0 / 12, 8.0 / 12, 1, 1}, insularity{0.8, 1.0 / 3, 0, 0}, conductance{1.0 / 9, 4.0 / 8, 1, 1};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(r.internal[i], internal[i], tol) << i;
    EXPECT_NEAR(r.external[i], external[i], tol) << i;
    EXPECT_NEAR(r.ei[i], ei[i], tol) << i;
    EXPECT_NEAR(r.expected_ei[i], expected[i], tol) << i;
    EXPECT_NEAR(r.insularity[i], insularity[i], tol) << i;
    EXPECT_NEAR(r.conductance[i], conductance[i], tol) << i;
    EXPECT_TRUE(std::isnan(r.p_value[i])) << i;
    EXPECT_EQ(r.silo[i], 0) << "no test, no flag " << i;
  }
  EXPECT_EQ(r.groups_reached, (codes{1, 2, 2, 1}));
  // B's links: C (3) then A (1); C's: B (3) then D (1).
  ASSERT_EQ(r.bridges[1].size(), 2u);
  EXPECT_EQ(r.bridges[1][0].group, 2u);
  EXPECT_NEAR(r.bridges[1][0].weight, 3, tol);
  EXPECT_EQ(r.bridges[1][1].group, 0u);
  EXPECT_EQ(r.bridges[2][1].group, 3u);
  // Organisation: I = 6, E = 5 -> EI = -1/11, insularity 6/11;
  // expected 1 - 2 (6 + 6) / (8 * 7) = 4/7.
  EXPECT_NEAR(r.org_ei, -1.0 / 11, tol);
  EXPECT_NEAR(r.org_insularity, 6.0 / 11, tol);
  EXPECT_NEAR(r.org_expected_ei, 4.0 / 7, tol);
  // bridges = 1 keeps the strongest link only.
  const auto one = onakit::silo_report(example(), example_groups, 4, {.min_group_size = 1, .permutations = 0,
                                                                      .bridges = 1});
  EXPECT_EQ(one.bridges[1].size(), 1u);
}

TEST(SiloReport, FlagFollowsTheThreeConditions) {
  // A: EI -0.6 < 2/3; 1 - 0.8 = 0.2 <= 1 * (1 - 6/11). B: 1 - 1/3 > 5/11, never.
  const auto g = example();
  const onakit::silo_report_options opt{.min_group_size = 1, .permutations = 200, .seed = 7, .alpha = 0.5,
                                        .external_ratio = 1.0};
  const auto r = onakit::silo_report(g, example_groups, 4, opt);
  const auto ei = onakit::ei_index(g, example_groups, 4, {.permutations = 200, .seed = 7});
  EXPECT_NEAR(r.p_value[0], ei.group_p[0], tol);  // same permutation stream as ei_index
  EXPECT_EQ(r.silo[0], ei.group_p[0] < 0.5 ? 1 : 0);
  EXPECT_EQ(r.silo[1], 0);
  // A stricter external_ratio drops A: 0.2 > 0.3 * 5/11.
  auto strict = opt;
  strict.external_ratio = 0.3;
  EXPECT_EQ(onakit::silo_report(g, example_groups, 4, strict).silo[0], 0);
}

TEST(SuppressSmallGroups, MergedRow) {
  // C and D (one person each) merge into one row of 2 people, code 2.
  const auto s = onakit::suppress_small_groups(example_groups, 4, 2);
  EXPECT_EQ(s.groups, 3u);
  EXPECT_EQ(s.kept, (codes{0, 1}));
  EXPECT_EQ(s.size, (codes{3, 3, 2}));
  EXPECT_EQ(s.codes, (codes{0, 0, 0, 1, 1, 1, 2, 2}));
  EXPECT_EQ(s.suppressed_groups, 2u);
  EXPECT_EQ(s.suppressed_people, 2u);
  EXPECT_TRUE(s.has_suppressed_row);
  EXPECT_FALSE(s.suppressed_row_hidden);

  // The report computes the merged row as one group (6-7 is internal to it)
  // and never flags it; the organisation keeps the groups as given.
  const auto r = onakit::silo_report(example(), example_groups, 4,
                                     {.min_group_size = 2, .permutations = 100, .alpha = 0.999999,
                                      .external_ratio = 1.0});
  ASSERT_EQ(r.rows(), 3u);
  const std::size_t m = r.group[2] == merged ? 2 : r.group[1] == merged ? 1 : 0;
  ASSERT_EQ(r.group[m], merged);
  EXPECT_EQ(r.size[m], 2u);
  EXPECT_NEAR(r.internal[m], 1, tol);
  EXPECT_NEAR(r.external[m], 3, tol);
  EXPECT_EQ(r.silo[m], 0);
  EXPECT_EQ(r.suppressed_groups, 2u);
  EXPECT_NEAR(r.org_ei, -1.0 / 11, tol);  // 6-7 stays a tie between groups here
  // B's strongest link is to the merged row.
  const std::size_t b = r.group[0] == 1 ? 0 : 1;
  ASSERT_EQ(r.group[b], 1u);
  EXPECT_EQ(r.bridges[b][0].group, merged);
}

TEST(SuppressSmallGroups, HiddenRowWhenTheMergeIsStillTooSmall) {
  // min 3: C and D together hold 2 < 3 people, so their row is hidden and
  // they count as people without a group.
  const auto s = onakit::suppress_small_groups(example_groups, 4, 3);
  EXPECT_EQ(s.groups, 2u);
  EXPECT_EQ(s.codes, (codes{0, 0, 0, 1, 1, 1, none, none}));
  EXPECT_EQ(s.suppressed_groups, 2u);
  EXPECT_EQ(s.suppressed_people, 2u);
  EXPECT_FALSE(s.has_suppressed_row);
  EXPECT_TRUE(s.suppressed_row_hidden);

  const auto r = onakit::silo_report(example(), example_groups, 4, {.min_group_size = 3, .permutations = 0});
  ASSERT_EQ(r.rows(), 2u);
  EXPECT_EQ(r.group, (codes{0, 1}));
  EXPECT_NEAR(r.external[1], 1, tol);  // B loses its tie to C
  EXPECT_EQ(r.ungrouped_ties, 2u);     // 5-6 and 6-7
  EXPECT_TRUE(r.suppressed_row_hidden);
}

TEST(SuppressSmallGroups, EdgeCases) {
  // 1 shows every group and keeps the codes; ungrouped people stay ungrouped.
  const codes with_none{0, none, 1, 1};
  const auto all = onakit::suppress_small_groups(with_none, 2, 1);
  EXPECT_EQ(all.codes, with_none);
  EXPECT_EQ(all.groups, 2u);
  EXPECT_EQ(all.suppressed_groups, 0u);
  EXPECT_FALSE(all.suppressed_row_hidden);
  // Every group small, merged row large enough: one row.
  const auto one = onakit::suppress_small_groups(codes{0, 1, 2, 3}, 4, 2);
  EXPECT_EQ(one.groups, 1u);
  EXPECT_TRUE(one.kept.empty());
  EXPECT_EQ(one.codes, (codes{0, 0, 0, 0}));
  // Exactly min_group_size members is not small.
  EXPECT_EQ(onakit::suppress_small_groups(codes{0, 0, 1}, 2, 2).suppressed_groups, 1u);
  EXPECT_THROW((void)onakit::suppress_small_groups(with_none, 2, 0), onakit::invalid_option);
  EXPECT_THROW((void)onakit::suppress_small_groups(codes{0, 5}, 2, 1), onakit::invalid_option);
  EXPECT_THROW((void)onakit::silo_report(example(), example_groups, 4, {.alpha = 1}), onakit::invalid_option);
  EXPECT_THROW((void)onakit::silo_report(example(), example_groups, 4, {.external_ratio = 0}),
               onakit::invalid_option);
}

// ---- real data: values of the former Python silo_report -------------------------
std::vector<std::vector<double>> read_numbers(const std::string& relative) {
  std::ifstream in(onakit::testing::data_file(relative));
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::vector<double> row;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) row.push_back(cell.empty() || cell[0] == '"' ? NAN : std::stod(cell));
    rows.push_back(row);
  }
  return rows;
}

// Reference values: onakit's Python silo_report (before report.hpp) with
// permutations=200, seed=3; the p-values are exact multiples of 1/201.
constexpr double ref_tol = 1e-12;

TEST(SiloReport, KarateAgreesWithTheFormerPythonReport) {
  ONAKIT_REQUIRE_DATA("karate-zachary/edges.csv");
  ids s, t;
  std::vector<double> w;
  for (const auto& e : read_numbers("karate-zachary/edges.csv")) {
    s.push_back(static_cast<onakit::vertex_id>(e[0] - 1));
    t.push_back(static_cast<onakit::vertex_id>(e[1] - 1));
    w.push_back(e[2]);
  }
  codes faction;
  for (const auto& n : read_numbers("karate-zachary/nodes.csv"))
    faction.push_back(static_cast<std::uint32_t>(n[3] - 1));
  const auto g = onakit::make_graph(34, s, t, w, false);
  const auto r = onakit::silo_report(g, faction, 2, {.permutations = 200, .seed = 3});
  ASSERT_EQ(r.rows(), 2u);
  EXPECT_EQ(r.group, (codes{1, 0}));  // faction 2, then faction 1
  EXPECT_EQ(r.size, (codes{18, 16}));
  EXPECT_NEAR(r.internal[0], 110, ref_tol);
  EXPECT_NEAR(r.external[0], 22, ref_tol);
  EXPECT_NEAR(r.ei[0], -0.6666666666666666, ref_tol);
  EXPECT_NEAR(r.expected_ei[0], 0.30612244897959184, ref_tol);
  EXPECT_NEAR(r.p_value[0], 0.004975124378109453, ref_tol);
  EXPECT_NEAR(r.insularity[0], 0.8333333333333334, ref_tol);
  EXPECT_NEAR(r.conductance[0], 0.1, ref_tol);
  EXPECT_NEAR(r.internal[1], 99, ref_tol);
  EXPECT_NEAR(r.ei[1], -0.6363636363636364, ref_tol);
  EXPECT_NEAR(r.expected_ei[1], 0.4117647058823529, ref_tol);
  EXPECT_NEAR(r.p_value[1], 0.004975124378109453, ref_tol);
  EXPECT_NEAR(r.insularity[1], 0.8181818181818182, ref_tol);
  EXPECT_EQ(r.groups_reached, (codes{1, 1}));
  EXPECT_NEAR(r.bridges[0][0].weight, 22, ref_tol);
  EXPECT_EQ(r.silo, (std::vector<std::uint8_t>{0, 0}));  // rule (3): 1/6 > 0.5 * (1 - 0.905)
  EXPECT_NEAR(r.org_ei, -0.8095238095238095, ref_tol);
  EXPECT_NEAR(r.org_expected_ei, 0.0267379679144385, ref_tol);
  EXPECT_NEAR(r.org_insularity, 0.9047619047619048, ref_tol);
  EXPECT_NEAR(r.modularity, 0.40362811791383213, ref_tol);
}

TEST(SiloReport, KrackhardtAdviceAgreesWithTheFormerPythonReport) {
  ONAKIT_REQUIRE_DATA("krackhardt-hightech/advice.csv");
  ids s, t;
  std::vector<double> w;
  for (const auto& e : read_numbers("krackhardt-hightech/advice.csv")) {
    if (e[2] != 1) continue;
    s.push_back(static_cast<onakit::vertex_id>(e[0] - 1));
    t.push_back(static_cast<onakit::vertex_id>(e[1] - 1));
    w.push_back(1);
  }
  codes dept;
  for (const auto& a : read_numbers("krackhardt-hightech/attributes.csv"))
    dept.push_back(static_cast<std::uint32_t>(a[4]));
  const auto g = onakit::make_graph(21, s, t, w, true);
  // Departments 0 (1 person), 3 (3) and 4 (4) are below 5: one merged row of 8.
  const auto r = onakit::silo_report(g, dept, 5, {.permutations = 200, .seed = 3});
  ASSERT_EQ(r.rows(), 3u);
  EXPECT_EQ(r.group, (codes{merged, 2, 1}));
  EXPECT_EQ(r.size, (codes{8, 8, 5}));
  const std::vector<double> internal{34, 25, 9}, external{94, 90, 60},
      ei{0.46875, 0.5652173913043478, 0.7391304347826086},
      expected{0.5757575757575758, 0.5757575757575758, 0.7777777777777778},
      p{0.06467661691542288, 0.4427860696517413, 0.20398009950248755},
      insularity{0.265625, 0.21739130434782608, 0.13043478260869565},
      conductance{0.5802469135802469, 0.6428571428571429, 0.7692307692307693};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(r.internal[i], internal[i], ref_tol) << i;
    EXPECT_NEAR(r.external[i], external[i], ref_tol) << i;
    EXPECT_NEAR(r.ei[i], ei[i], ref_tol) << i;
    EXPECT_NEAR(r.expected_ei[i], expected[i], ref_tol) << i;
    EXPECT_NEAR(r.p_value[i], p[i], ref_tol) << i;
    EXPECT_NEAR(r.insularity[i], insularity[i], ref_tol) << i;
    EXPECT_NEAR(r.conductance[i], conductance[i], ref_tol) << i;
    EXPECT_EQ(r.groups_reached[i], 2u) << i;
    EXPECT_EQ(r.silo[i], 0) << i;
  }
  // "(suppressed) : 2 (62), 1 (32)"; "2: (suppressed) (62), 1 (28)".
  ASSERT_EQ(r.bridges[0].size(), 2u);
  EXPECT_EQ(r.bridges[0][0].group, 2u);
  EXPECT_NEAR(r.bridges[0][0].weight, 62, ref_tol);
  EXPECT_EQ(r.bridges[0][1].group, 1u);
  EXPECT_NEAR(r.bridges[0][1].weight, 32, ref_tol);
  EXPECT_EQ(r.bridges[1][0].group, merged);
  EXPECT_NEAR(r.bridges[1][1].weight, 28, ref_tol);
  EXPECT_EQ(r.suppressed_groups, 3u);
  EXPECT_EQ(r.suppressed_people, 8u);
  EXPECT_NEAR(r.org_ei, 0.5157894736842106, ref_tol);
  EXPECT_NEAR(r.org_expected_ei, 0.5523809523809524, ref_tol);
  EXPECT_NEAR(r.org_insularity, 0.24210526315789474, ref_tol);
  EXPECT_NEAR(r.modularity, 0.01855955678670359, ref_tol);

  // Every department shown: its bridges "1 (8), 2 (7), 3 (4)" for department 0.
  const auto all = onakit::silo_report(g, dept, 5, {.min_group_size = 1, .permutations = 200, .seed = 3});
  EXPECT_EQ(all.group, (codes{2, 1, 4, 3, 0}));
  EXPECT_EQ(all.bridges[4].size(), 3u);
  EXPECT_EQ(all.bridges[4][0].group, 1u);
  EXPECT_NEAR(all.bridges[4][0].weight, 8, ref_tol);
  EXPECT_EQ(all.bridges[4][1].group, 2u);
  EXPECT_EQ(all.bridges[4][2].group, 3u);
  EXPECT_NEAR(all.p_value[2], 0.05472636815920398, ref_tol);
  EXPECT_NEAR(all.conductance[3], 0.8840579710144928, ref_tol);
}

}  // namespace
