#include <onakit/centrality/brokerage.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/graph/groups.hpp>
#include <onakit/graph/make_graph.hpp>
#include <onakit/ingest/email_csv.hpp>
#include <onakit/ingest/people_table.hpp>
#include <onakit/silo/ei_index.hpp>
#include <onakit/silo/modularity.hpp>

#include "test_data.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using onakit::no_group;

onakit::graph labelled(std::vector<std::string> labels) {
  const std::vector<onakit::vertex_id> s{0, 1, 2}, t{1, 2, 3};
  const std::vector<double> w{1, 1, 1};
  auto g = onakit::make_graph(labels.size(), s, t, w, true);
  g.set_labels(std::move(labels));
  return g;
}

TEST(GroupCodes, ExactFirstThenTextSortedNames) {
  const auto g = labelled({"17", "ann@x.org", "Bob", "7"});
  const std::unordered_map<std::string, std::string> m{
      {"17", "sales"}, {"ANN@X.ORG", "ops"}, {" bob ", "sales"}, {"nobody", "hr"}, {"7", ""}};
  const auto gc = onakit::group_codes(g, m);
  EXPECT_EQ(gc.k, 2u);
  EXPECT_EQ(gc.names, (std::vector<std::string>{"ops", "sales"}));
  EXPECT_EQ(gc.codes, (std::vector<std::uint32_t>{1, 0, 1, no_group}));  // "" = no group
  EXPECT_EQ(gc.ungrouped, 1u);
  EXPECT_EQ(gc.unmatched_keys, 1u);  // "nobody"
}

TEST(GroupCodes, AnExactKeyIsNotStolenByAnEarlierTextMatch) {
  const std::vector<std::string> people{"ann", "Ann"};
  const std::vector<std::string> keys{"ANN", "ann"}, values{"a", "b"};
  const auto gc = onakit::group_codes(people, keys, values);
  // "ann" (exact, second key) takes person 0; "ANN" then folds to person 0
  // too, already taken, and does not fall through to person 1.
  EXPECT_EQ(gc.names, (std::vector<std::string>{"b"}));
  EXPECT_EQ(gc.codes[0], 0u);
  EXPECT_EQ(gc.codes[1], no_group);
}

TEST(GroupCodes, NobodyMatchingIsAnErrorThatMasksAddresses) {
  const std::vector<std::string> people{"a1b2", "c3d4"};
  const std::vector<std::string> keys{"ann@x.org"}, values{"sales"};
  try {
    (void)onakit::group_codes(people, keys, values);
    FAIL() << "expected invalid_option";
  } catch (const onakit::invalid_option& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("0 of 2 people"), std::string::npos) << msg;
    EXPECT_NE(msg.find("<address>"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("ann@x.org"), std::string::npos) << msg;
  }
  EXPECT_THROW((void)onakit::group_codes(people, keys, std::vector<std::string>{}), onakit::invalid_option);
}

TEST(GroupCodes, GraphWithoutLabelsIsRefused) {
  const std::vector<onakit::vertex_id> s{0}, t{1};
  const std::vector<double> w{1};
  const auto g = onakit::make_graph(2, s, t, w, true);
  EXPECT_THROW((void)onakit::group_codes(g, {{"0", "a"}}), onakit::invalid_option);
}

TEST(GraphFind, ExactLabelLowestIdSurvivesCopy) {
  const auto g = labelled({"b", "a", "b", " a"});
  const onakit::graph copy = g;
  EXPECT_EQ(copy.find("a"), 1u);
  EXPECT_EQ(copy.find("b"), 0u);
  EXPECT_EQ(copy.find(" a"), 3u);
  EXPECT_EQ(copy.find("c"), onakit::graph::npos);
}

TEST(Brokerage, TheGroupsAndKFormChecksCodes) {
  const auto g = labelled({"a", "b", "c", "d"});
  const std::vector<std::uint32_t> grp{0, 1, 1, no_group};
  EXPECT_THROW((void)onakit::brokerage(g, grp, 1), onakit::invalid_option);
  const auto with_k = onakit::brokerage(g, grp, 2);
  const auto without = onakit::brokerage(g, grp);
  EXPECT_EQ(with_k.total, without.total);
  EXPECT_EQ(with_k.gatekeeper[1], 1u);  // 0 -> 1 -> 2: a outside, b and c in group 1
}

// The scenario: radoslaw_email with the reports-to file as teams,
// entirely in C++: read, find, group codes, then every group-level function
// with the same (codes, k).
TEST(GroupCodesRealData, RadoslawReportsToTeams) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/reportsto.csv");
  onakit::email_csv_options o;
  o.sender = "Sender";
  o.recipients = "Recipient";
  o.timestamp = "EventDate";
  const auto log = onakit::read_email_csv(onakit::testing::data_file("radoslaw_email/communication.csv"), o);
  const auto g = onakit::build_graph(log).graph;
  onakit::people_table_options po;
  po.id = "ID";
  const auto hr = onakit::read_people(onakit::testing::data_file("radoslaw_email/reportsto.csv"), po, g.labels());
  // Oracle: the file read line by line.
  std::ifstream in(onakit::testing::data_file("radoslaw_email/reportsto.csv"));
  std::string line;
  std::getline(in, line);
  std::unordered_map<std::string, std::string> team;
  std::set<std::string> managers;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto comma = line.find(',');
    team.emplace(line.substr(0, comma), line.substr(comma + 1));
  }
  ASSERT_EQ(hr.rows.size(), team.size());
  std::size_t in_graph = 0;
  for (const auto& [id, boss] : team)
    if (g.find(id) != onakit::graph::npos) ++in_graph, managers.insert(boss);
  const auto gc = onakit::group_codes(g, team);
  EXPECT_EQ(gc.k, managers.size());
  EXPECT_EQ(gc.ungrouped, g.num_vertices() - in_graph);
  EXPECT_GT(gc.k, 10u);
  const std::size_t boss_col = hr.column("ReportsToID");
  for (onakit::vertex_id v = 0; v < g.num_vertices(); ++v) {
    const auto it = team.find(g.labels()[v]);
    if (it == team.end()) {
      EXPECT_EQ(gc.codes[v], no_group);
      EXPECT_EQ(hr.match.row_of[v], onakit::people_table::npos);
    } else {
      EXPECT_EQ(gc.names[gc.codes[v]], it->second);
      ASSERT_NE(hr.match.row_of[v], onakit::people_table::npos);
      EXPECT_EQ(hr.rows[hr.match.row_of[v]][boss_col], it->second);
    }
  }
  EXPECT_EQ(hr.match.unmatched_rows.size(), team.size() - in_graph);
  // Every group-level function takes (codes, k).
  const auto ei = onakit::ei_index(g, gc.codes, gc.k);
  EXPECT_EQ(ei.group_size.size(), gc.k);
  EXPECT_EQ(ei.grouped_people, g.num_vertices() - gc.ungrouped);
  const double q = onakit::modularity(g, gc.codes, gc.k);
  EXPECT_GT(q, 0.0);  // teams mail each other more than chance
  const auto br = onakit::brokerage(g, gc.codes, gc.k);
  EXPECT_EQ(br.total.size(), g.num_vertices());
}

}  // namespace
