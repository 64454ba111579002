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
#include <thread>
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
  EXPECT_EQ(gc.warning, "");  // 154 of 167 people have a team
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

// The coverage rule (one rule for C++ group_codes and Python's groups=):
// none is an error, fewer than half a warning, half or more nothing.
TEST(GroupCoverage, NoneRaisesFewWarnsHalfIsEnough) {
  onakit::coverage_sides s;
  s.who = "report: groups";
  s.of = "the log";
  s.people = "str ('a', 'b', ...)";
  s.keys = "the 2 group keys";
  s.keys_side = "group keys are str ('x1', 'x2')";
  s.ungrouped = "str ('c', 'd', ...)";
  s.hint = " (.people)";
  try {
    (void)onakit::check_group_coverage(35, 0, s);
    FAIL() << "expected invalid_option";
  } catch (const onakit::invalid_option& e) {
    EXPECT_STREQ(e.what(), "report: groups: no person of the log has a group: 0 of 35 people match the 2 group keys "
                           "(people are str ('a', 'b', ...); group keys are str ('x1', 'x2')); key groups by the "
                           "people of the log (.people)");
  }
  EXPECT_EQ(onakit::check_group_coverage(35, 10, s),
            "report: groups: only 10 of 35 people of the log have a group; the 25 others (str ('c', 'd', ...)) are "
            "left out of group figures (group keys are str ('x1', 'x2'))");
  EXPECT_EQ(onakit::check_group_coverage(12345, 1000, s).substr(0, 47), "report: groups: only 1,000 of 12,345 people of ");
  for (const std::size_t n : {0u, 1u, 2u, 3u, 10u, 11u})
    for (std::size_t grouped = 0; grouped <= n; ++grouped) {  // brute force of the rule
      const bool enough = n == 0 || grouped * 2 >= n;
      EXPECT_EQ(onakit::enough_grouped(n, grouped), enough) << n << " " << grouped;
      if (enough) EXPECT_EQ(onakit::check_group_coverage(n, grouped, s), "");
      else if (grouped == 0) EXPECT_THROW((void)onakit::check_group_coverage(n, grouped, s), onakit::invalid_option);
      else EXPECT_NE(onakit::check_group_coverage(n, grouped, s), "");
    }
}

TEST(GroupCoverage, GroupCodesWarnsWhenFewerThanHalfHaveAGroup) {
  const auto g = labelled({"a", "b", "c", "d", "e"});
  const auto gc = onakit::group_codes(g, {{"a", "x"}, {"B", "y"}, {"zz", "y"}});
  EXPECT_EQ(gc.ungrouped, 3u);
  EXPECT_EQ(gc.warning, "group_codes: only 2 of 5 people of the graph have a group; the 3 others ('c', 'd', 'e') "
                        "are left out of group figures (group keys are ('B', 'a', 'zz'))");
  EXPECT_EQ(onakit::group_codes(g, {{"a", "x"}, {"b", "y"}, {"c", "y"}}).warning, "");
}

// graph::find on real labels, from copies in several threads at once (the
// index is built by whichever thread comes first): equals a linear scan.
TEST(GraphFindRealData, ThreadsAndCopiesAgreeWithALinearScan) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  onakit::email_csv_options o;
  o.sender = "Sender";
  o.recipients = "Recipient";
  o.timestamp = "EventDate";
  const auto g = onakit::build_graph(onakit::read_email_csv(onakit::testing::data_file("radoslaw_email/communication.csv"), o)).graph;
  const auto& labels = g.labels();
  ASSERT_GT(labels.size(), 100u);
  std::vector<std::string> queries(labels.begin(), labels.end());
  queries.push_back("no such person");
  queries.push_back(labels[0] + " ");
  const auto scan = [&](const std::string& q) {
    for (onakit::vertex_id v = 0; v < labels.size(); ++v)
      if (labels[v] == q) return v;
    return onakit::graph::npos;
  };
  std::vector<std::vector<onakit::vertex_id>> found(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < found.size(); ++t)
    threads.emplace_back([&, t] {
      const onakit::graph copy = g;  // copies share one index
      for (const auto& q : queries) found[t].push_back(copy.find(q));
    });
  for (auto& t : threads) t.join();
  for (const auto& f : found) {
    ASSERT_EQ(f.size(), queries.size());
    for (std::size_t i = 0; i < queries.size(); ++i) EXPECT_EQ(f[i], scan(queries[i])) << queries[i];
  }
}

}  // namespace
