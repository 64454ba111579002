#include <onakit/graph/builder.hpp>
#include <onakit/ingest/email_csv.hpp>

#include <gtest/gtest.h>

#include "test_data.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>
#include <vector>

namespace {

using onakit::role;

// a -> {b (to), c (cc)} at t=0; a -> b at t=1 day; b -> a at t=2 days;
// c -> c (self) at t=3 days; d -> {a,b,c,e} at t=4 days (a broadcast of 4).
onakit::message_log sample() {
  onakit::message_log log;
  const auto a = log.intern("a"), b = log.intern("b"), c = log.intern("c"), d = log.intern("d"), e = log.intern("e");
  const onakit::timestamp_t day = 86400 * onakit::microseconds_per_second;
  log.begin_message(a, 0);
  log.add_recipient(b, role::to);
  log.add_recipient(c, role::cc);
  log.begin_message(a, day);
  log.add_recipient(b);
  log.begin_message(b, 2 * day);
  log.add_recipient(a);
  log.begin_message(c, 3 * day);
  log.add_recipient(c);
  log.begin_message(d, 4 * day);
  for (auto r : {a, b, c, e}) log.add_recipient(r);
  return log;
}

constexpr double tol = 1e-12;

TEST(BuildGraph, CountWeighting) {
  const auto [g, rep] = onakit::build_graph(sample());
  EXPECT_TRUE(g.directed());
  EXPECT_EQ(g.num_vertices(), 5u);
  EXPECT_EQ(g.num_edges(), 7u);  // ab ac ba da db dc de
  EXPECT_DOUBLE_EQ(g.weight(0, 1), 2.0);
  EXPECT_DOUBLE_EQ(g.weight(0, 2), 1.0);
  EXPECT_DOUBLE_EQ(g.weight(1, 0), 1.0);
  EXPECT_DOUBLE_EQ(g.weight(2, 2), 0.0);  // self-tie dropped
  EXPECT_EQ(rep.pairs_self, 1u);
  EXPECT_EQ(rep.messages_used, 5u);
  EXPECT_EQ(rep.pairs_used, 8u);
  EXPECT_EQ(g.labels().at(3), "d");
  EXPECT_EQ(g.in_degree(0), 2u);
  EXPECT_EQ(g.out_degree(3), 4u);
}

TEST(BuildGraph, SplitWeightingSharesEachMessage) {
  onakit::build_options o;
  o.weighting = onakit::weighting::split;
  const auto g = onakit::build_graph(sample(), o).graph;
  EXPECT_NEAR(g.weight(0, 1), 0.5 + 1.0, tol);
  EXPECT_NEAR(g.weight(0, 2), 0.5, tol);
  EXPECT_NEAR(g.weight(3, 4), 0.25, tol);
}

TEST(BuildGraph, ReportCountsTheMessagesSplitShares) {
  // sample(): a -> {b, c} and d -> {a, b, c, e} have several recipients.
  EXPECT_EQ(onakit::build_graph(sample()).report.messages_with_several_recipients, 2u);
  onakit::build_options o;
  o.max_recipients = 3;  // d's message is a broadcast, so not used
  EXPECT_EQ(onakit::build_graph(sample(), o).report.messages_with_several_recipients, 1u);
  // One distinct recipient besides the sender: nothing to share, split == count.
  onakit::message_log log;
  const auto a = log.intern("a"), b = log.intern("b"), c = log.intern("c");
  log.begin_message(a, 0);
  for (auto r : {b, b, a}) log.add_recipient(r);  // b twice, and the sender
  log.begin_message(c, 0);
  log.add_recipient(a);
  EXPECT_EQ(log.messages_with_several_recipients(), 1u);  // {b, a}: the log does not know who is the sender's self
  const auto counted = onakit::build_graph(log);
  o = {};
  o.weighting = onakit::weighting::split;
  const auto split = onakit::build_graph(log, o);
  EXPECT_EQ(split.report.messages_with_several_recipients, 0u);
  EXPECT_EQ(counted.report.messages_with_several_recipients, 0u);
  EXPECT_DOUBLE_EQ(split.graph.weight(a, b), counted.graph.weight(a, b));
}

TEST(BuildGraph, RadoslawSplitDiffersFromCountOnlyWhenRowsAreGroupedIntoMessages) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  onakit::email_csv_options r;
  r.sender = "Sender";
  r.recipients = "Recipient";
  r.timestamp = "EventDate";
  r.recipient_sep = '\0';
  onakit::build_options split;
  split.weighting = onakit::weighting::split;
  for (const auto grouping : {onakit::row_grouping::automatic, onakit::row_grouping::sender_time}) {
    r.group_rows_by = grouping;
    const auto log = onakit::read_email_csv(onakit::testing::data_file("radoslaw_email/communication.csv"), r);
    // Oracle from the log's columns: messages with two or more distinct recipients other than the sender.
    std::size_t several = 0;
    for (std::size_t m = 0; m < log.num_messages(); ++m) {
      std::set<onakit::vertex_id> others;
      for (const auto v : log.recipients(m))
        if (v != log.sender(m)) others.insert(v);
      several += others.size() >= 2;
    }
    const auto c = onakit::build_graph(log);
    const auto s = onakit::build_graph(log, split);
    EXPECT_EQ(c.report.messages_with_several_recipients, several);
    EXPECT_EQ(s.report.messages_with_several_recipients, several);
    ASSERT_EQ(c.graph.num_edges(), s.graph.num_edges());
    double differ = 0;
    for (onakit::vertex_id u = 0; u < c.graph.num_vertices(); ++u)
      for (const auto v : c.graph.out_neighbors(u)) differ += std::abs(c.graph.weight(u, v) - s.graph.weight(u, v));
    SCOPED_TRACE(std::string(onakit::to_string(grouping)));
    if (grouping == onakit::row_grouping::automatic) {
      EXPECT_EQ(several, 0u);  // a row is a message: split cannot differ
      EXPECT_EQ(differ, 0.0);
    } else {
      EXPECT_GT(several, 7000u);
      EXPECT_GT(differ, 1000.0);
    }
  }
}

TEST(BuildGraph, RoleWeightsAndZeroWeightTiesDropped) {
  onakit::build_options o;
  o.role_weights[static_cast<std::size_t>(role::cc)] = 0.0;
  const auto [g, rep] = onakit::build_graph(sample(), o);
  EXPECT_FALSE(g.has_edge(0, 2));
  EXPECT_EQ(rep.ties_below_min_weight, 1u);
  o.role_weights[static_cast<std::size_t>(role::cc)] = 0.25;
  EXPECT_NEAR(onakit::build_graph(sample(), o).graph.weight(0, 2), 0.25, tol);
}

TEST(BuildGraph, BroadcastsDroppedAndCounted) {
  onakit::build_options o;
  o.max_recipients = 3;
  const auto [g, rep] = onakit::build_graph(sample(), o);
  EXPECT_EQ(rep.messages_broadcast, 1u);
  EXPECT_EQ(g.out_degree(3), 0u);
  EXPECT_EQ(g.num_vertices(), 5u);  // d stays, as an isolate
}

TEST(BuildGraph, SelfLoopsOnRequest) {
  onakit::build_options o;
  o.self_loops = true;
  EXPECT_DOUBLE_EQ(onakit::build_graph(sample(), o).graph.weight(2, 2), 1.0);
}

TEST(BuildGraph, TimeWindowIsHalfOpen) {
  const onakit::timestamp_t day = 86400 * onakit::microseconds_per_second;
  onakit::build_options o;
  o.start = day;
  o.end = 4 * day;
  const auto [g, rep] = onakit::build_graph(sample(), o);
  EXPECT_EQ(rep.messages_outside_window, 2u);
  EXPECT_DOUBLE_EQ(g.weight(0, 1), 1.0);
  EXPECT_FALSE(g.has_edge(0, 2));
  EXPECT_FALSE(g.has_edge(3, 0));
  EXPECT_EQ(g.time_span().first, day);
  EXPECT_EQ(g.time_span().second, 3 * day);
}

TEST(BuildGraph, HalfLifeDecay) {
  onakit::build_options o;
  o.half_life = 86400.0;  // one day
  o.reference_time = 2 * 86400 * onakit::microseconds_per_second;
  const auto g = onakit::build_graph(sample(), o).graph;
  EXPECT_NEAR(g.weight(0, 1), 0.25 + 0.5, tol);  // 2 days old + 1 day old
  EXPECT_NEAR(g.weight(1, 0), 1.0, tol);
  EXPECT_NEAR(g.weight(3, 0), 4.0, tol);  // 2 days after the reference
}

TEST(BuildGraph, MinWeightAndReciprocal) {
  onakit::build_options o;
  o.min_weight = 2;
  const auto [g, rep] = onakit::build_graph(sample(), o);
  EXPECT_EQ(g.num_edges(), 1u);
  EXPECT_EQ(rep.ties_below_min_weight, 6u);
  onakit::build_options r;
  r.reciprocal = true;
  const auto [h, hrep] = onakit::build_graph(sample(), r);
  EXPECT_EQ(h.num_edges(), 2u);  // a->b and b->a
  EXPECT_TRUE(h.has_edge(0, 1) && h.has_edge(1, 0));
  EXPECT_EQ(hrep.ties_not_reciprocal, 5u);
}

TEST(BuildGraph, UndirectedSumsDirections) {
  onakit::build_options o;
  o.directed = false;
  const auto g = onakit::build_graph(sample(), o).graph;
  EXPECT_FALSE(g.directed());
  EXPECT_EQ(g.num_edges(), 6u);  // ab ac ad bd cd de
  EXPECT_DOUBLE_EQ(g.weight(0, 1), 3.0);
  EXPECT_DOUBLE_EQ(g.weight(1, 0), 3.0);
  EXPECT_EQ(g.in_degree(3), 4u);
  o.reciprocal = true;
  const auto h = onakit::build_graph(sample(), o).graph;
  EXPECT_EQ(h.num_edges(), 1u);
  EXPECT_DOUBLE_EQ(h.weight(1, 0), 3.0);
}

TEST(BuildGraph, DuplicateRecipientCountsOnceWithLargestRoleWeight) {
  onakit::message_log log;
  const auto a = log.intern("a"), b = log.intern("b");
  log.begin_message(a, 0);
  log.add_recipient(b, role::cc);
  log.add_recipient(b, role::to);
  onakit::build_options o;
  o.role_weights[static_cast<std::size_t>(role::cc)] = 0.5;
  const auto [g, rep] = onakit::build_graph(log, o);
  EXPECT_DOUBLE_EQ(g.weight(0, 1), 1.0);
  EXPECT_EQ(rep.pairs_duplicate, 1u);
}

TEST(BuildGraph, LargestRoleWeightWinsWhateverTheOrderOfTheRows) {
  // bcc (0), to (1), cc (0.5): the kept role is the largest so far, not the
  // last one heavier than the first row's (which gave cc). Every order of the
  // three rows gives the weight of "to".
  const std::array<role, 3> roles = {role::bcc, role::to, role::cc};
  std::array<int, 3> order = {0, 1, 2};
  onakit::build_options o;
  o.role_weights[static_cast<std::size_t>(role::cc)] = 0.5;
  o.role_weights[static_cast<std::size_t>(role::bcc)] = 0;
  do {
    onakit::message_log log;
    const auto a = log.intern("a"), b = log.intern("b");
    log.begin_message(a, 0);
    for (const int i : order) log.add_recipient(b, roles[static_cast<std::size_t>(i)]);
    const auto [g, rep] = onakit::build_graph(log, o);
    EXPECT_DOUBLE_EQ(g.weight(0, 1), 1.0) << order[0] << order[1] << order[2];
    EXPECT_EQ(rep.pairs_duplicate, 2u);
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST(BuildGraph, MessageMultiplicityScalesTies) {
  onakit::message_log log;
  log.begin_message(log.intern("a"), 0, {}, onakit::no_channel, 7.0);
  log.add_recipient(log.intern("b"));
  EXPECT_DOUBLE_EQ(onakit::build_graph(log).graph.weight(0, 1), 7.0);
}

TEST(BuildGraph, RejectsBadOptions) {
  onakit::build_options o;
  o.half_life = -1.0;
  EXPECT_THROW((void)onakit::build_graph(sample(), o), onakit::invalid_option);
  o = {};
  o.role_weights[0] = -1;
  EXPECT_THROW((void)onakit::build_graph(sample(), o), onakit::invalid_option);
  o = {};
  o.start = 5;
  o.end = 5;
  EXPECT_THROW((void)onakit::build_graph(sample(), o), onakit::invalid_option);
}

TEST(BuildGraph, ThreadCountDoesNotChangeResult) {
  onakit::build_options o1, o2;
  o1.threads = 1;
  o2.threads = 2;
  o1.weighting = o2.weighting = onakit::weighting::split;
  const auto g1 = onakit::build_graph(sample(), o1).graph;
  const auto g2 = onakit::build_graph(sample(), o2).graph;
  ASSERT_EQ(g1.num_arcs(), g2.num_arcs());
  for (std::size_t i = 0; i < g1.num_arcs(); ++i) {
    EXPECT_EQ(g1.out_targets()[i], g2.out_targets()[i]);
    EXPECT_EQ(g1.out_weights()[i], g2.out_weights()[i]);
  }
}

// Issue 10: threads=100000 segfaulted the builder. The maximum is capped to
// the cores and the work; beyond it is an error naming threads=.
TEST(BuildGraph, HugeThreadCountsAreCappedOrRefused) {
  onakit::build_options o;
  const auto want = onakit::build_graph(sample(), o).graph;
  o.threads = onakit::max_threads;
  const auto got = onakit::build_graph(sample(), o).graph;
  ASSERT_EQ(got.num_arcs(), want.num_arcs());
  for (std::size_t i = 0; i < got.num_arcs(); ++i) {
    EXPECT_EQ(got.out_targets()[i], want.out_targets()[i]);
    EXPECT_EQ(got.out_weights()[i], want.out_weights()[i]);
  }
  for (const int bad : {-1, 100000}) {
    o.threads = bad;
    try {
      (void)onakit::build_graph(sample(), o);
      ADD_FAILURE() << "accepted threads=" << bad;
    } catch (const onakit::invalid_option& e) {
      EXPECT_NE(std::string(e.what()).find("threads="), std::string::npos) << e.what();
    }
  }
  const std::vector<onakit::vertex_id> s{0}, t{1};
  EXPECT_THROW((void)onakit::make_graph(2, s, t, {}, true, 100000), onakit::invalid_option);
}

// Issue 10: two messages of weight 1e308 for one pair summed to an infinite
// tie, and every measure then returned nonsense. Now the build stops and
// names the tie.
TEST(BuildGraph, RejectsTiesWhoseWeightOverflows) {
  onakit::message_log log;
  const auto a = log.intern("a"), b = log.intern("b");
  for (int i = 0; i < 2; ++i) {
    log.begin_message(a, 0, {}, onakit::no_channel, 1e308);
    log.add_recipient(b);
  }
  try {
    (void)onakit::build_graph(log);
    ADD_FAILURE() << "built an infinite tie";
  } catch (const onakit::invalid_option& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'a' -> 'b'"), std::string::npos) << what;
    EXPECT_NE(what.find("rescale"), std::string::npos) << what;
  }
  onakit::build_options und;
  und.directed = false;
  EXPECT_THROW((void)onakit::build_graph(log, und), onakit::invalid_option);
  // One message of 1e308 is finite: kept.
  onakit::message_log one;
  one.begin_message(one.intern("a"), 0, {}, onakit::no_channel, 1e308);
  one.add_recipient(one.intern("b"));
  EXPECT_DOUBLE_EQ(onakit::build_graph(one).graph.weight(0, 1), 1e308);
  // make_graph: finite input weights whose sum overflows.
  const std::vector<onakit::vertex_id> s{0, 0}, t{1, 1};
  const std::vector<double> w{1e308, 1e308};
  EXPECT_THROW((void)onakit::make_graph(2, s, t, w), onakit::invalid_option);
  EXPECT_THROW((void)onakit::make_graph(2, s, t, w, false), onakit::invalid_option);
}

TEST(Graph, MemoryIsAtMost24BytesPerDirectedTiePlusOffsets) {
  std::vector<onakit::vertex_id> s, t;
  for (onakit::vertex_id i = 0; i < 1000; ++i)
    for (onakit::vertex_id j = 1; j <= 10; ++j) { s.push_back(i); t.push_back((i + j * 7) % 1000); }
  const auto g = onakit::make_graph(1000, s, t);
  EXPECT_LE(g.memory_bytes(), 24u * g.num_edges() + 2 * 4 * 1001);
}

}  // namespace

#include <onakit/detail/random.hpp>

#include <map>

namespace {

// Large enough for the parallel passes to cut several blocks.
onakit::message_log big_log() {
  onakit::message_log log;
  for (int i = 0; i < 3000; ++i) log.intern(std::to_string(i));
  onakit::detail::xoshiro256ss rng(7, 0);
  for (int m = 0; m < 140000; ++m) {
    const auto s = static_cast<onakit::vertex_id>(rng.uniform_below(3000));
    log.begin_message(s, static_cast<onakit::timestamp_t>(m) * 1'000'000);
    const auto k = 1 + rng.uniform_below(4);
    for (std::uint64_t j = 0; j < k; ++j)
      log.add_recipient(static_cast<onakit::vertex_id>(rng.uniform_below(3000)),
                        static_cast<onakit::role>(rng.uniform_below(3)));
  }
  return log;
}

TEST(BuildGraph, ParallelPassesMatchANaiveReferenceAndEachOther) {
  const auto log = big_log();
  onakit::build_options o;
  o.weighting = onakit::weighting::split;
  o.half_life = 86400.0;
  o.role_weights[1] = 0.5;
  o.threads = 1;
  const auto [g1, r1] = onakit::build_graph(log, o);
  o.threads = 2;
  const auto [g2, r2] = onakit::build_graph(log, o);
  ASSERT_EQ(g1.num_arcs(), g2.num_arcs());
  for (std::size_t i = 0; i < g1.num_arcs(); ++i) {
    ASSERT_EQ(g1.out_targets()[i], g2.out_targets()[i]);
    ASSERT_EQ(g1.out_weights()[i], g2.out_weights()[i]);  // bitwise: fixed reduction order
  }
  EXPECT_EQ(r1.pairs_used, r2.pairs_used);
  EXPECT_EQ(r1.pairs_self, r2.pairs_self);
  EXPECT_EQ(r1.pairs_duplicate, r2.pairs_duplicate);
  // Naive reference: the formula of builder.hpp, message by message.
  std::map<std::pair<onakit::vertex_id, onakit::vertex_id>, double> ref;
  const double t_ref = static_cast<double>(log.time_span().second);
  for (std::size_t m = 0; m < log.num_messages(); ++m) {
    std::map<onakit::vertex_id, double> best;  // distinct recipients, largest role weight
    for (std::size_t k = 0; k < log.recipients(m).size(); ++k) {
      const auto r = log.recipients(m)[k];
      if (r == log.sender(m)) continue;
      const double w = o.role_weights[static_cast<std::size_t>(log.roles(m)[k])];
      best[r] = std::max(best.count(r) ? best[r] : 0.0, w);
    }
    const double decay = std::exp2(-(t_ref - static_cast<double>(log.time(m))) / (86400.0 * 1e6));
    for (const auto& [r, w] : best) ref[{log.sender(m), r}] += w / static_cast<double>(best.size()) * decay;
  }
  std::size_t nonzero = 0;
  for (const auto& [key, w] : ref) {
    if (w <= 0) continue;
    ++nonzero;
    ASSERT_NEAR(g1.weight(key.first, key.second), w, 1e-9 * std::max(1.0, w));
  }
  EXPECT_EQ(nonzero, g1.num_edges());
}

}  // namespace
