// Edge betweenness vs hand-computed values (networkx conventions), vs
// Boost.Graph's brandes_betweenness_centrality edge map on real data sets,
// thread-count invariance, the cross-group form against the all-pairs
// form (one group per person) and a hand example, and the level kernel's
// per-source arc credits against textbook Brandes.
#include <onakit/centrality/edge_betweenness.hpp>
#include <onakit/graph/bgl.hpp>
#include <onakit/graph/make_graph.hpp>

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/property_map/property_map.hpp>
#include <gtest/gtest.h>

#include <onakit/detail/random.hpp>

#include "leafy_graph.hpp"
#include "test_data.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;
constexpr double tol = 1e-12;

// Score of the arc u -> v.
double arc(const onakit::graph& g, const std::vector<double>& s, onakit::vertex_id u, onakit::vertex_id v) {
  const auto row = g.out_neighbors(u);
  const auto it = std::lower_bound(row.begin(), row.end(), v);
  EXPECT_TRUE(it != row.end() && *it == v);
  return s[g.out_offsets()[u] + static_cast<std::size_t>(it - row.begin())];
}

TEST(EdgeBetweenness, DirectedPath) {
  // 0->1->2: tie 0->1 carries 0->1, 0->2; tie 1->2 carries 1->2, 0->2. n(n-1) = 6.
  const auto g = onakit::make_graph(3, ids{0, 1}, ids{1, 2}, {}, true);
  const auto r = onakit::edge_betweenness(g);
  EXPECT_NEAR(arc(g, r.scores, 0, 1), 2.0 / 6, tol);
  EXPECT_NEAR(arc(g, r.scores, 1, 2), 2.0 / 6, tol);
  EXPECT_EQ(r.pairs, 6u);
  onakit::edge_betweenness_options raw;
  raw.normalized = false;
  EXPECT_NEAR(arc(g, onakit::edge_betweenness(g, raw).scores, 0, 1), 2.0, tol);
}

TEST(EdgeBetweenness, UndirectedPathBothArcsCarryTheTie) {
  // 0-1-2-3: networkx: {(0,1): 0.5, (1,2): 0.666.., (2,3): 0.5} = 2 * 3 / 12, 2 * 4 / 12.
  const auto g = onakit::make_graph(4, ids{0, 1, 2}, ids{1, 2, 3}, {}, false);
  const auto r = onakit::edge_betweenness(g);
  EXPECT_NEAR(arc(g, r.scores, 0, 1), 0.5, tol);
  EXPECT_NEAR(arc(g, r.scores, 1, 0), 0.5, tol);
  EXPECT_NEAR(arc(g, r.scores, 1, 2), 8.0 / 12, tol);
  onakit::edge_betweenness_options raw;
  raw.normalized = false;  // unordered pairs: 3 and 4
  EXPECT_NEAR(arc(g, onakit::edge_betweenness(g, raw).scores, 2, 1), 4.0, tol);
}

TEST(EdgeBetweenness, SplitPathsAndSelfTies) {
  // Square 0-1-3, 0-2-3 plus a self-tie at 0: the pair (0,3) splits its path in two.
  const auto g = onakit::make_graph(4, ids{0, 0, 1, 2, 0}, ids{1, 2, 3, 3, 0}, {}, false);
  onakit::edge_betweenness_options raw;
  raw.normalized = false;
  const auto s = onakit::edge_betweenness(g, raw).scores;
  // tie 0-1: pairs (0,1) 1, (0,3) 1/2, (1,2) 1/2 -> 2
  EXPECT_NEAR(arc(g, s, 0, 1), 2.0, tol);
  EXPECT_NEAR(arc(g, s, 0, 0), 0.0, tol);
}

TEST(EdgeBetweenness, WeightedUsesInverseWeightAsLength) {
  // 0-1 weight 1 (length 1), 0-2-1 weights 2 (length 0.5 + 0.5 = 1): the 0-1 pair splits.
  const std::vector<double> w{1.0, 2.0, 2.0};
  const auto g = onakit::make_graph(3, ids{0, 0, 2}, ids{1, 2, 1}, w, false);
  onakit::edge_betweenness_options o;
  o.weighted = true;
  o.normalized = false;
  const auto s = onakit::edge_betweenness(g, o).scores;
  EXPECT_NEAR(arc(g, s, 0, 1), 0.5, tol);
  EXPECT_NEAR(arc(g, s, 0, 2), 1.5, tol);
}

TEST(GroupEdgeBetweenness, OnlyCrossGroupPairsCount) {
  // 0-1-2-3, groups {0,1} {2,3}: cross pairs (ordered) 8; tie 1-2 carries all of them.
  const auto g = onakit::make_graph(4, ids{0, 1, 2}, ids{1, 2, 3}, {}, false);
  const std::vector<std::uint32_t> grp{0, 0, 1, 1};
  const auto r = onakit::group_edge_betweenness(g, grp, 2);
  EXPECT_EQ(r.pairs, 8u);
  EXPECT_NEAR(arc(g, r.scores, 1, 2), 1.0, tol);
  EXPECT_NEAR(arc(g, r.scores, 0, 1), 0.5, tol);  // (0,2), (0,3) and back: 4 of 8
  const std::vector<std::uint32_t> none{onakit::no_group, 0, 0, 0};
  EXPECT_THROW((void)onakit::group_edge_betweenness(g, none, 1), onakit::invalid_option);
  EXPECT_THROW((void)onakit::group_edge_betweenness(g, std::vector<std::uint32_t>{0, 1}, 2), onakit::invalid_option);
}

// ---- Boost.Graph oracle on real data ---------------------------------------------------------
// BGL sees every onakit graph as directed (an undirected tie = two arcs) and
// sums each arc over ordered pairs; onakit's undirected tie is the sum of its
// two arcs. Lengths 1/w as in betweenness_test.cpp. Tolerance 1e-9 relative.

struct tie_table {
  std::size_t n = 0;
  ids s, t;
  std::vector<double> w;
};

tie_table read_ties(const std::string& relative, onakit::vertex_id base) {
  std::ifstream in(onakit::testing::data_file(relative));
  tie_table tt;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '"' || line[0] == '#') continue;
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream fields(line);
    onakit::vertex_id a = 0, b = 0;
    double w = 1;
    if (!(fields >> a >> b)) continue;
    if (!(fields >> w)) w = 1;
    tt.s.push_back(a - base), tt.t.push_back(b - base), tt.w.push_back(w);
    tt.n = std::max<std::size_t>({tt.n, a - base + 1u, b - base + 1u});
  }
  return tt;
}

std::vector<double> bgl_edges(const onakit::graph& g, bool weighted) {
  std::vector<double> vc(g.num_vertices(), 0.0), ec(g.num_arcs(), 0.0);
  const auto index = get(boost::vertex_index, g);
  const auto eindex = get(boost::edge_index, g);
  auto vmap = boost::make_iterator_property_map(vc.begin(), index);
  auto emap = boost::make_iterator_property_map(ec.begin(), eindex);
  const auto w = g.out_weights();
  std::vector<double> length(w.size());
  for (std::size_t e = 0; e < length.size(); ++e) length[e] = 1.0 / w[e];
  const auto len = boost::make_iterator_property_map(length.begin(), eindex);
  if (weighted)
    boost::brandes_betweenness_centrality(
        g, boost::centrality_map(vmap).edge_centrality_map(emap).vertex_index_map(index).weight_map(len));
  else
    boost::brandes_betweenness_centrality(g, boost::centrality_map(vmap).edge_centrality_map(emap).vertex_index_map(index));
  return ec;
}

void expect_bgl_agrees(const onakit::graph& g, bool weighted) {
  const auto ordered = bgl_edges(g, weighted);
  onakit::edge_betweenness_options o;
  o.weighted = weighted;
  o.normalized = true;
  const auto norm = onakit::edge_betweenness(g, o).scores;
  o.threads = 1;
  const auto one = onakit::edge_betweenness(g, o).scores;
  EXPECT_EQ(norm, one);  // bit-identical for any thread count
  const double n = static_cast<double>(g.num_vertices());
  const auto off = g.out_offsets();
  const auto tgt = g.out_targets();
  double total = 0;
  for (onakit::vertex_id u = 0; u < g.num_vertices(); ++u)
    for (auto e = off[u]; e < off[u + 1]; ++e) {
      double want = ordered[e];
      if (!g.directed() && tgt[e] != u) {
        const auto row = g.out_neighbors(tgt[e]);
        const auto r = off[tgt[e]] + static_cast<std::size_t>(std::lower_bound(row.begin(), row.end(), u) - row.begin());
        want += ordered[r];
      }
      want /= n * (n - 1);
      EXPECT_NEAR(norm[e], want, 1e-9 * std::max(1e-6, want)) << "arc " << e;
      total += want;
    }
  EXPECT_GT(total, 0.0);
}

TEST(EdgeBetweennessBgl, KarateUnweightedAndWeighted) {
  ONAKIT_REQUIRE_DATA("karate-zachary/edges.csv");
  const auto tt = read_ties("karate-zachary/edges.csv", 1);
  const auto g = onakit::make_graph(tt.n, tt.s, tt.t, tt.w, false);
  expect_bgl_agrees(g, false);
  expect_bgl_agrees(g, true);
}

TEST(EdgeBetweennessBgl, EmailEuCoreDirectedAndUndirected) {
  ONAKIT_REQUIRE_DATA("email-Eu-core/email-Eu-core.txt");
  const auto tt = read_ties("email-Eu-core/email-Eu-core.txt", 0);
  expect_bgl_agrees(onakit::make_graph(tt.n, tt.s, tt.t, {}, true), false);
  expect_bgl_agrees(onakit::make_graph(tt.n, tt.s, tt.t, {}, false), false);
}

TEST(EdgeBetweennessBgl, UkFacultyDirectedWeighted) {
  ONAKIT_REQUIRE_DATA("ukfaculty/edges.csv");
  const auto tt = read_ties("ukfaculty/edges.csv", 1);
  expect_bgl_agrees(onakit::make_graph(tt.n, tt.s, tt.t, tt.w, true), true);
}

TEST(GroupEdgeBetweenness, OneGroupPerPersonIsAllPairs) {
  // With every person alone in a group every pair is cross-group: the share
  // times P equals the raw (ordered-pair) edge betweenness.
  ONAKIT_REQUIRE_DATA("email-Eu-core/email-Eu-core.txt");
  const auto tt = read_ties("email-Eu-core/email-Eu-core.txt", 0);
  for (const bool directed : {true, false}) {
    const auto g = onakit::make_graph(tt.n, tt.s, tt.t, {}, directed);
    std::vector<std::uint32_t> grp(g.num_vertices());
    for (std::uint32_t v = 0; v < grp.size(); ++v) grp[v] = v;
    const auto ge = onakit::group_edge_betweenness(g, grp, static_cast<std::uint32_t>(grp.size()));
    onakit::edge_betweenness_options raw;
    raw.normalized = false;
    const auto all = onakit::edge_betweenness(g, raw).scores;
    const double undirected_twice = directed ? 1.0 : 2.0;
    for (std::size_t e = 0; e < all.size(); ++e)
      EXPECT_NEAR(ge.scores[e] * static_cast<double>(ge.pairs), all[e] * undirected_twice,
                  1e-9 * std::max(1.0, all[e]));
  }
}


TEST(GroupEfficiencyLoss, HandExample) {
  // 0-1-2-3, groups {0,1} {2,3}: cross pairs (ordered) 8, distances 2,3,1,2 each way:
  // E = 2 (1/2 + 1/3 + 1 + 1/2) / 8. Removing 1-2 disconnects the groups: loss = E.
  const auto g = onakit::make_graph(4, ids{0, 1, 2}, ids{1, 2, 3}, {}, false);
  const std::vector<std::uint32_t> grp{0, 0, 1, 1};
  const auto row = g.out_neighbors(1);
  const onakit::edge_id arc12 = g.out_offsets()[1] + static_cast<onakit::edge_id>(
                                    std::lower_bound(row.begin(), row.end(), 2u) - row.begin());
  const std::vector<onakit::edge_id> arcs{arc12};
  const auto r = onakit::group_efficiency_loss(g, grp, 2, arcs);
  const double e = 2 * (0.5 + 1.0 / 3 + 1 + 0.5) / 8;
  EXPECT_NEAR(r.efficiency, e, tol);
  ASSERT_EQ(r.loss.size(), 1u);
  EXPECT_NEAR(r.loss[0], e, tol);
  EXPECT_THROW((void)onakit::group_efficiency_loss(g, grp, 2, std::vector<onakit::edge_id>{99}),
               onakit::invalid_option);
}

TEST(GroupEfficiencyLoss, RemovalEqualsTheGraphRebuiltWithoutTheTie) {
  // Real data: ukfaculty (directed, weighted) and karate (undirected); the
  // loss of a tie = E(G) - E(graph rebuilt without it), both ways of weighting.
  ONAKIT_REQUIRE_DATA("ukfaculty/edges.csv");
  ONAKIT_REQUIRE_DATA("karate-zachary/edges.csv");
  for (const auto& [file, directed] : {std::pair{"ukfaculty/edges.csv", true}, std::pair{"karate-zachary/edges.csv", false}}) {
    const auto tt = read_ties(file, 1);
    const auto g = onakit::make_graph(tt.n, tt.s, tt.t, tt.w, directed);
    std::vector<std::uint32_t> grp(g.num_vertices());
    for (std::uint32_t v = 0; v < grp.size(); ++v) grp[v] = v % 3;
    for (const bool weighted : {false, true}) {
      onakit::edge_betweenness_options o;
      o.weighted = weighted;
      const std::vector<onakit::edge_id> arcs{0, 5, 17, 40};
      const auto r = onakit::group_efficiency_loss(g, grp, 3, arcs, o);
      const auto off = g.out_offsets();
      const auto tgt = g.out_targets();
      const auto w = g.out_weights();
      for (std::size_t i = 0; i < arcs.size(); ++i) {
        const auto e = arcs[i];
        const auto u = static_cast<onakit::vertex_id>(std::upper_bound(off.begin(), off.end(), e) - off.begin() - 1);
        ids s, t;
        std::vector<double> ww;
        for (onakit::vertex_id a = 0; a < g.num_vertices(); ++a)
          for (auto f = off[a]; f < off[a + 1]; ++f) {
            const bool same = (a == u && tgt[f] == tgt[e]) || (!directed && a == tgt[e] && tgt[f] == u);
            if (same || (!directed && tgt[f] < a)) continue;
            s.push_back(a), t.push_back(tgt[f]), ww.push_back(w[f]);
          }
        const auto h = onakit::make_graph(g.num_vertices(), s, t, ww, directed);
        const auto without = onakit::group_efficiency_loss(h, grp, 3, std::vector<onakit::edge_id>{}, o).efficiency;
        EXPECT_NEAR(r.loss[i], r.efficiency - without, 1e-12) << file << " arc " << e;
      }
    }
  }
}

// Leaves folded into their contacts (leaf_folding.hpp): the same scores as
// Brandes over every source (weighted does not fold: checked too), and as
// Boost, on leafy random graphs and email-W3C (14k of 20k people folded).
TEST(EdgeBetweenness, FoldedLeavesGiveBrandesOverEverySource) {
  for (const bool directed : {true, false})
    for (const bool weighted : {false, true})
      for (const std::uint64_t seed : {1u, 2u, 3u}) {
        const auto g = onakit::testing::leafy_graph(directed, seed);
        onakit::edge_betweenness_options o;
        o.weighted = weighted;
        o.normalized = false;
        std::vector<double> every;
        onakit::detail::edge_brandes(g, o, {}, every, "test");  // no folding
        onakit::detail::sum_both_arcs(g, every);
        const auto got = onakit::edge_betweenness(g, o).scores;
        ASSERT_EQ(got.size(), every.size());
        double total = 0;
        for (std::size_t e = 0; e < got.size(); ++e) {
          const double want = every[e] * (directed ? 1.0 : 0.5);
          EXPECT_NEAR(got[e], want, 1e-9 * std::max(1.0, want))
              << "arc " << e << (directed ? " directed" : " undirected") << (weighted ? " weighted" : "") << " seed "
              << seed;
          total += want;
        }
        EXPECT_GT(total, 100.0);
      }
}

TEST(EdgeBetweennessBgl, FoldedLeavesAgree) {
  for (const bool directed : {true, false}) {
    const auto g = onakit::testing::without_zero_weights(onakit::testing::leafy_graph(directed, 7));
    expect_bgl_agrees(g, false);
    expect_bgl_agrees(g, true);
  }
}

TEST(EdgeBetweennessBgl, EmailW3cDirected) {
  ONAKIT_REQUIRE_DATA("email-W3C-benson/email-W3C.txt");
  const auto tt = read_ties("email-W3C-benson/email-W3C.txt", 0);
  expect_bgl_agrees(onakit::make_graph(tt.n, tt.s, tt.t, {}, true), false);
}

// ---- the level kernel's arc accumulation (level_brandes.hpp) ------------

// Textbook Brandes for one source (queue BFS, predecessor scan), in the
// arc-credit form with target weights b and source weight as (leaf folding):
// credit[e] for every out-arc e.
std::vector<double> textbook_arc_credits(const onakit::graph& g, onakit::vertex_id s, const std::vector<double>& b,
                                         double as) {
  const onakit::vertex_id n = g.num_vertices();
  const auto off = g.out_offsets();
  const auto tgt = g.out_targets();
  std::vector<long> dist(n, -1);
  std::vector<double> sigma(n, 0.0), delta(n, 0.0), credit(g.num_arcs(), 0.0);
  std::vector<onakit::vertex_id> order{s};
  dist[s] = 0;
  sigma[s] = 1;
  for (std::size_t head = 0; head < order.size(); ++head) {
    const auto v = order[head];
    for (auto e = off[v]; e < off[v + 1]; ++e) {
      const auto w = tgt[e];
      if (dist[w] < 0) dist[w] = dist[v] + 1, order.push_back(w);
      if (dist[w] == dist[v] + 1) sigma[w] += sigma[v];
    }
  }
  for (std::size_t i = order.size(); i-- > 0;) {
    const auto v = order[i];
    for (auto e = off[v]; e < off[v + 1]; ++e) {
      const auto w = tgt[e];
      if (dist[w] != dist[v] + 1) continue;
      const double c = sigma[v] / sigma[w] * (b[w] + delta[w]);
      credit[e] = c * as;
      delta[v] += c;
    }
  }
  return credit;
}

// Per source, every arc's credit from search + accumulate_arcs equals the
// textbook's, on graphs with self-ties, several components, long paths (a
// ladder of 60 rungs: 60+ levels) and folding weights b != 1, directed and
// undirected; each level's pull (out-ties of L) and push (in-ties of L+1)
// both run. A second run over the same buffers checks the reset.
TEST(EdgeBetweennessLevels, ArcCreditsPerSourceMatchTextbookBrandes) {
  std::uint64_t pulled = 0, pushed = 0;
  for (const bool directed : {true, false}) {
    std::vector<onakit::graph> graphs;
    for (const std::uint64_t seed : {1u, 2u}) graphs.push_back(onakit::testing::leafy_graph(directed, seed));
    ids ls, lt;
    for (onakit::vertex_id r = 0; r < 60; ++r) {  // ladder: rails 2r, 2r+1; rungs; a shortcut and a self-tie
      ls.push_back(2 * r), lt.push_back(2 * r + 1);
      if (r + 1 < 60) ls.push_back(2 * r), lt.push_back(2 * r + 2), ls.push_back(2 * r + 1), lt.push_back(2 * r + 3);
    }
    ls.push_back(10), lt.push_back(31), ls.push_back(7), lt.push_back(7);
    graphs.push_back(onakit::make_graph(120, ls, lt, {}, directed));
    for (const auto& g : graphs) {
      const onakit::vertex_id n = g.num_vertices();
      onakit::detail::xoshiro256ss rng(n);
      std::vector<double> b(n);
      for (auto& x : b) x = 1.0 + static_cast<double>(rng.uniform_below(3));
      const auto in_arc = onakit::detail::in_arc_ids(g);
      onakit::detail::level_brandes lb(g, onakit::detail::out_adjacency(g), onakit::detail::in_adjacency(g));
      for (int pass = 0; pass < 2; ++pass)
        for (onakit::vertex_id s = 0; s < n; ++s) {
          const bool folded = s % 2 == 1;  // every other source with weights b and as = 1 + s % 4
          const double as = folded ? 1.0 + static_cast<double>(s % 4) : 1.0;
          const std::vector<double> ones(n, 1.0);
          const auto want = textbook_arc_credits(g, s, folded ? b : ones, as);
          const std::size_t count = lb.search(s);
          for (std::size_t L = 0; L + 2 < lb.start.size(); ++L)
            ++(lb.level_in[L + 1] < lb.level_out[L] ? pushed : pulled);
          std::vector<double> got(g.num_arcs(), 0.0);
          lb.accumulate_arcs(in_arc.data(), got.data(), folded ? b.data() : nullptr, as);
          lb.reset(count);
          for (std::size_t e = 0; e < got.size(); ++e)
            ASSERT_NEAR(got[e], want[e], 1e-12 * std::max(1.0, want[e]))
                << "arc " << e << " source " << s << (directed ? " directed" : " undirected") << " n " << n;
        }
    }
  }
  EXPECT_GT(pulled, 1000u);
  EXPECT_GT(pushed, 1000u);
}

// The out-arc id of each in-adjacency position: the tie (u, x) listed under x.
TEST(EdgeBetweennessLevels, InArcIdsNameTheTieOfEachInPosition) {
  for (const bool directed : {true, false}) {
    const auto g = onakit::testing::leafy_graph(directed, 5);
    const auto in = onakit::detail::in_adjacency(g);
    const auto id = onakit::detail::in_arc_ids(g);
    ASSERT_EQ(id.size(), g.num_arcs());
    std::vector<int> seen(g.num_arcs(), 0);
    for (onakit::vertex_id x = 0; x < g.num_vertices(); ++x)
      for (auto k = in.off[x]; k < in.off[x + 1]; ++k) {
        const auto u = in.adj[k];
        const auto e = id[k];
        ASSERT_LT(e, g.num_arcs());
        EXPECT_EQ(g.out_targets()[e], x);
        EXPECT_TRUE(e >= g.out_offsets()[u] && e < g.out_offsets()[u + 1]) << "arc " << e << " is not out of " << u;
        ++seen[e];
      }
    EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int c) { return c == 1; }));
  }
}

// Sources run in blocks of edge_brandes_block summed in doubles: the scores
// stay bit-identical for 1 to 4 threads (n = 1005 and 325: blocks left over
// and a last partial block), unweighted; by group and weighted for n = 325.
TEST(EdgeBetweenness, BitIdenticalForAnyThreadCount) {
  ONAKIT_REQUIRE_DATA("email-Eu-core/email-Eu-core.txt");
  const auto tt = read_ties("email-Eu-core/email-Eu-core.txt", 0);
  const std::vector<onakit::graph> graphs{onakit::testing::leafy_graph(true, 9), onakit::testing::leafy_graph(false, 9),
                                          onakit::make_graph(tt.n, tt.s, tt.t, {}, true),
                                          onakit::make_graph(tt.n, tt.s, tt.t, {}, false)};
  for (const auto& g : graphs)
    for (const bool weighted : {false, true}) {
      const bool small = g.num_vertices() < 1000;  // eu-core: the level kernel only (else seconds, no new case)
      if (weighted && !small) continue;
      std::vector<std::uint32_t> group(g.num_vertices());
      for (std::size_t v = 0; v < group.size(); ++v) group[v] = static_cast<std::uint32_t>(v % 3);
      onakit::edge_betweenness_options o;
      o.weighted = weighted;
      o.threads = 1;
      const auto one = onakit::edge_betweenness(g, o).scores;
      const auto one_group = small ? onakit::group_edge_betweenness(g, group, 3, o).scores : std::vector<double>{};
      EXPECT_GT(*std::max_element(one.begin(), one.end()), 0.0);
      for (const int threads : {2, 3, 4}) {
        o.threads = threads;
        EXPECT_EQ(onakit::edge_betweenness(g, o).scores, one) << threads << " threads";
        if (small) {
          EXPECT_EQ(onakit::group_edge_betweenness(g, group, 3, o).scores, one_group) << threads << " threads";
        }
      }
    }
}

}  // namespace
