// The bidirectional shortest-path sampler of approximate betweenness
// (centrality/detail/path_sampler.hpp): every shortest s -> t path equally
// likely, checked against path counts from a plain BFS written here; nothing
// counted when t is unreachable; fewer ties scanned than a one-sided search.
// Fixed seeds: the statistical bounds (6 standard deviations) are checked on
// the same draws every run, so the tests are deterministic, not flaky.
#include <onakit/centrality/detail/path_sampler.hpp>
#include <onakit/detail/random.hpp>
#include <onakit/graph/builder.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;
using onakit::vertex_id;

constexpr std::uint32_t far = 0xffffffffu;

// Hop distance and shortest-path count from `root` over `a` (plain BFS, the oracle).
struct bfs_counts {
  std::vector<std::uint32_t> dist;
  std::vector<double> sigma;
};

bfs_counts plain_bfs(onakit::detail::adjacency a, vertex_id n, vertex_id root) {
  bfs_counts r{std::vector<std::uint32_t>(n, far), std::vector<double>(n, 0.0)};
  std::vector<vertex_id> queue{root};
  r.dist[root] = 0;
  r.sigma[root] = 1;
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const vertex_id v = queue[head];
    for (auto e = a.off[v]; e < a.off[v + 1]; ++e) {
      const vertex_id w = a.adj[e];
      if (r.dist[w] == far) {
        r.dist[w] = r.dist[v] + 1;
        queue.push_back(w);
      }
      if (r.dist[w] == r.dist[v] + 1) r.sigma[w] += r.sigma[v];
    }
  }
  return r;
}

// Share of the shortest s -> t paths through each vertex (0 for s and t).
std::vector<double> exact_shares(const onakit::graph& g, vertex_id s, vertex_id t) {
  const vertex_id n = g.num_vertices();
  const auto from = plain_bfs(onakit::detail::out_adjacency(g), n, s);
  const auto to = plain_bfs(onakit::detail::in_adjacency(g), n, t);
  std::vector<double> p(n, 0.0);
  if (from.dist[t] == far) return p;
  for (vertex_id v = 0; v < n; ++v)
    if (v != s && v != t && from.dist[v] != far && to.dist[v] != far && from.dist[v] + to.dist[v] == from.dist[t])
      p[v] = from.sigma[v] * to.sigma[v] / from.sigma[t];
  return p;
}

// R x C grid, vertex r * C + c; ties to the right and down (directed: only those ways).
onakit::graph grid(vertex_id rows, vertex_id cols, bool directed) {
  ids s, t;
  for (vertex_id r = 0; r < rows; ++r)
    for (vertex_id c = 0; c < cols; ++c) {
      if (c + 1 < cols) s.push_back(r * cols + c), t.push_back(r * cols + c + 1);
      if (r + 1 < rows) s.push_back(r * cols + c), t.push_back((r + 1) * cols + c);
    }
  return onakit::make_graph(rows * cols, s, t, {}, directed);
}

onakit::graph random_graph(std::size_t n, std::size_t m, bool directed, std::uint64_t seed) {
  onakit::detail::xoshiro256ss rng(seed);
  ids s, t;
  for (std::size_t i = 0; i < m; ++i) {
    s.push_back(rng.uniform_below32(static_cast<std::uint32_t>(n)));
    t.push_back(rng.uniform_below32(static_cast<std::uint32_t>(n)));
  }
  return onakit::make_graph(n, s, t, {}, directed);
}

onakit::detail::path_sampler sampler_of(const onakit::graph& g) {
  return {g.num_vertices(), onakit::detail::out_adjacency(g), onakit::detail::in_adjacency(g)};
}

// Every one of the C(R+C-2, R-1) monotone corner-to-corner paths of a grid is
// drawn equally often; the inner vertices of one sample identify its path.
TEST(BetweennessPathSampler, EveryShortestPathOfAGridEquallyLikely) {
  for (const bool directed : {false, true}) {
    const vertex_id rows = 4, cols = 5, n = rows * cols;
    const auto g = grid(rows, cols, directed);
    auto ps = sampler_of(g);
    constexpr std::uint64_t draws = 70'000;
    constexpr double paths = 35;  // C(7, 3)
    std::vector<std::uint64_t> count(n, 0);
    std::map<ids, std::uint64_t> seen;
    for (std::uint64_t i = 0; i < draws; ++i) {
      onakit::detail::xoshiro256ss rng(11, i);
      (void)ps.sample(0, n - 1, rng, count.data());
      ids inner;
      for (vertex_id v = 0; v < n; ++v)
        if (count[v] != 0) {
          ASSERT_EQ(count[v], 1u) << "a vertex counted twice on one path";
          inner.push_back(v);
          count[v] = 0;
        }
      ASSERT_EQ(inner.size(), rows + cols - 3) << "not a shortest path";
      ++seen[inner];
    }
    EXPECT_EQ(seen.size(), 35u) << "directed=" << directed;
    const double p = 1.0 / paths, sd = std::sqrt(draws * p * (1 - p));
    for (const auto& [path, c] : seen) EXPECT_NEAR(static_cast<double>(c), draws * p, 6 * sd);
  }
}

// On random graphs, each vertex's frequency over many draws of one pair is its
// exact share sigma_st(v) / sigma_st, and a vertex on no shortest path is never drawn.
TEST(BetweennessPathSampler, FrequenciesMatchExactSharesOnRandomGraphs) {
  for (const bool directed : {false, true}) {
    const auto g = random_graph(80, directed ? 240 : 160, directed, 3);
    const vertex_id n = g.num_vertices();
    auto ps = sampler_of(g);
    int pairs = 0;
    for (vertex_id s = 0; s < n && pairs < 6; s += 7) {
      const vertex_id t = (s * 31 + 17) % n;
      const auto p = exact_shares(g, s, t);
      if (t == s || *std::max_element(p.begin(), p.end()) == 0.0) continue;  // unreachable or adjacent
      ++pairs;
      constexpr std::uint64_t draws = 20'000;
      std::vector<std::uint64_t> count(n, 0);
      for (std::uint64_t i = 0; i < draws; ++i) {
        onakit::detail::xoshiro256ss rng(5, i);
        (void)ps.sample(s, t, rng, count.data());
      }
      for (vertex_id v = 0; v < n; ++v) {
        if (p[v] == 0.0) {
          EXPECT_EQ(count[v], 0u) << "off every shortest path: " << v;
          continue;
        }
        const double sd = std::sqrt(draws * p[v] * (1 - p[v]));
        EXPECT_NEAR(static_cast<double>(count[v]), draws * p[v], 6 * sd + 1e-9)
            << "directed=" << directed << " s=" << s << " t=" << t << " v=" << v;
      }
    }
    EXPECT_GE(pairs, 3) << "too few pairs with inner vertices were checked";
  }
}

TEST(BetweennessPathSampler, UnreachableTargetCountsNothing) {
  // Directed grid: the far corner never reaches back to the start.
  const auto g = grid(3, 3, true);
  auto ps = sampler_of(g);
  std::vector<std::uint64_t> count(9, 0);
  for (std::uint64_t i = 0; i < 50; ++i) {
    onakit::detail::xoshiro256ss rng(1, i);
    (void)ps.sample(8, 0, rng, count.data());
    (void)ps.sample(2, 6, rng, count.data());  // neither reaches the other
  }
  EXPECT_EQ(count, std::vector<std::uint64_t>(9, 0));
  // Two components (0-1-2 and 3-4-5), undirected: across counts nothing, within counts the middle.
  const auto two = onakit::make_graph(6, ids{0, 1, 3, 4}, ids{1, 2, 4, 5}, {}, false);
  auto ps2 = sampler_of(two);
  std::vector<std::uint64_t> c2(6, 0);
  onakit::detail::xoshiro256ss rng(2);
  for (int i = 0; i < 20; ++i) (void)ps2.sample(0, 5, rng, c2.data());
  EXPECT_EQ(c2, std::vector<std::uint64_t>(6, 0));
  (void)ps2.sample(5, 3, rng, c2.data());
  EXPECT_EQ(c2, (std::vector<std::uint64_t>{0, 0, 0, 0, 1, 0}));
  // The buffers are clean after unreachable draws: a reachable pair still works.
  (void)ps.sample(0, 8, rng, count.data());
  std::uint64_t inner = 0;
  for (const auto c : count) inner += c;
  EXPECT_EQ(inner, 3u);
  EXPECT_EQ(count[0] + count[8], 0u);
}

// The reason for the method: meeting in the middle scans a small part of the
// ties a search from s to t's level scans (there: most of the graph).
TEST(BetweennessPathSampler, ScansFewTiesOnALargeSparseGraph) {
  const auto g = random_graph(20'000, 60'000, false, 9);
  auto ps = sampler_of(g);
  std::vector<std::uint64_t> count(g.num_vertices(), 0);
  std::uint64_t scanned = 0;
  constexpr std::uint64_t draws = 200;
  for (std::uint64_t i = 0; i < draws; ++i) {
    onakit::detail::xoshiro256ss rng(4, i);
    const auto s = rng.uniform_below32(g.num_vertices());
    const auto t = (s + 1 + rng.uniform_below32(g.num_vertices() - 1)) % g.num_vertices();
    scanned += ps.sample(s, t, rng, count.data());
  }
  EXPECT_GT(scanned, 0u);
  EXPECT_LT(scanned / draws, g.num_arcs() / 20) << "mean ties per sample of " << g.num_arcs();
}

}  // namespace
