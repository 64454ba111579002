#pragma once
/// \file path_sampler.hpp
/// A uniformly random shortest s -> t path by balanced bidirectional BFS
/// (Borassi & Natale, "KADABRA is an ADaptive Algorithm for Betweenness via
/// Random Approximation", ESA 2016, sec. 4), for sampled betweenness.
///
/// Two balls grow level by level: ball S from s over out-ties, ball T from t
/// over in-ties. Each step expands the side whose frontier has the smaller
/// sum of degrees (the ties that step scans). The balls stay disjoint until
/// an expansion of one side's frontier (level a) finds a tie into the other
/// ball; that tie always ends on the other side's frontier (level b): every
/// inner vertex of a ball has had its ties scanned without a hit. So every
/// shortest path has length a + b + 1 and crosses exactly one such cut tie
/// x -> y (x on S's level-a frontier, y on T's level-b frontier, either way
/// round), and the number of shortest paths is the sum over cut ties of
/// sigma_s[x] * sigma_t[y]. A cut tie drawn with probability proportional to
/// that product, then a walk back to s choosing each predecessor with
/// probability sigma_s[z] / sigma_s[w] and a walk on to t choosing each
/// successor with probability sigma_t[z] / sigma_t[w], is a uniformly random
/// shortest path: the Riondato-Kornaropoulos guarantee is unchanged.
///
/// Cost: the ties of the expanded frontiers, m^(1/2 + o(1)) per sample on
/// the random-graph models of the paper, where a one-sided search to t's
/// level scans most of the graph; memory O(n) per thread.

#include <onakit/centrality/detail/paths.hpp>
#include <onakit/detail/random.hpp>
#include <onakit/types.hpp>

#include <cstdint>
#include <vector>

namespace onakit::inline v0_1::detail {

/// Per-thread buffers of the bidirectional sampler; allocated once per
/// thread, and after each sample only the entries it reached are reset.
class path_sampler {
 public:
  path_sampler(vertex_id n, adjacency out, adjacency in) : slots_(n), out_(out), in_(in) {
    ball_[0].reserve(64);
    ball_[1].reserve(64);
  }

  /// Samples one shortest s -> t path (s != t) with `rng`, adding 1 to
  /// count[v] for each of its inner vertices; nothing when t is unreachable.
  /// Returns the ties scanned (the cost model of approximate_betweenness).
  std::uint64_t sample(vertex_id s, vertex_id t, xoshiro256ss& rng, std::uint64_t* count) {
    std::uint64_t scanned = 0;
    cut_.clear();
    double paths = 0.0;
    start(0, s, out_);
    start(1, t, in_);
    // Both frontiers must be non-empty: an empty one means its ball is
    // complete without meeting the other, so t is unreachable.
    while (cut_.empty() && front_[0] < ball_[0].size() && front_[1] < ball_[1].size()) {
      const int side = frontier_ties_[0] <= frontier_ties_[1] ? 0 : 1;
      scanned += frontier_ties_[side];
      paths = expand(side);
    }
    if (!cut_.empty()) scanned += walk(paths, rng, count);
    reset();
    return scanned;
  }

 private:
  struct slot {
    std::uint32_t hop = 0;   // level in its ball
    std::uint32_t side = 0;  // 0 unreached, 1 ball S, 2 ball T
    double sigma = 0.0;      // shortest paths from s (ball S) or to t (ball T)
  };
  struct cut_tie {
    vertex_id s_end, t_end;  // x in ball S, y in ball T, tie x -> y
    double paths;            // sigma_s[x] * sigma_t[y]
  };

  void start(int side, vertex_id v, adjacency a) {
    ball_[side].assign(1, v);
    front_[side] = 0;
    slots_[v] = {0, static_cast<std::uint32_t>(side + 1), 1.0};
    frontier_ties_[side] = a.off[v + 1] - a.off[v];
  }

  /// Expands `side`'s frontier by one level; on meeting the other ball,
  /// fills cut_ and returns the number of shortest paths.
  double expand(int side) {
    const adjacency a = side == 0 ? out_ : in_;
    const auto mine = static_cast<std::uint32_t>(side + 1);
    auto& q = ball_[side];
    const std::size_t begin = front_[side], end = q.size();
    const std::uint32_t nh = slots_[q[begin]].hop + 1;
    double paths = 0.0;
    std::uint64_t next_ties = 0;
    for (std::size_t k = begin; k < end; ++k) {
      const vertex_id v = q[k];
      const double sv = slots_[v].sigma;
      for (edge_id e = a.off[v]; e < a.off[v + 1]; ++e) {
        const vertex_id w = a.adj[e];
        slot& x = slots_[w];
        if (x.side == 0) {
          if (!cut_.empty()) continue;  // met: the next level is not needed
          x = {nh, mine, sv};
          q.push_back(w);
          next_ties += a.off[w + 1] - a.off[w];
        } else if (x.side == mine) {
          if (x.hop == nh) x.sigma += sv;
        } else {
          const double p = sv * x.sigma;
          paths += p;
          cut_.push_back(side == 0 ? cut_tie{v, w, p} : cut_tie{w, v, p});
        }
      }
    }
    front_[side] = end;
    frontier_ties_[side] = next_ties;
    return paths;
  }

  /// Picks a cut tie with probability proportional to its paths and walks
  /// to both ends; returns the ties scanned.
  std::uint64_t walk(double paths, xoshiro256ss& rng, std::uint64_t* count) {
    const double target = rng.uniform01() * paths;
    double run = 0.0;
    const cut_tie* pick = &cut_.back();  // rounding can leave run just below target
    for (const cut_tie& c : cut_) {
      run += c.paths;
      if (run > target) {
        pick = &c;
        break;
      }
    }
    return walk_to_root(pick->s_end, 1, in_, rng, count) + walk_to_root(pick->t_end, 2, out_, rng, count);
  }

  /// From w in ball `side` to that ball's root (exclusive), each step to a
  /// neighbour in `a` one level closer, chosen proportionally to its sigma.
  std::uint64_t walk_to_root(vertex_id w, std::uint32_t side, adjacency a, xoshiro256ss& rng,
                             std::uint64_t* count) {
    std::uint64_t scanned = 0;
    while (slots_[w].hop > 0) {
      ++count[w];
      const double target = rng.uniform01() * slots_[w].sigma;
      const std::uint32_t ph = slots_[w].hop - 1;
      double run = 0.0;
      vertex_id pick = null_vertex;
      for (edge_id e = a.off[w]; e < a.off[w + 1]; ++e) {
        ++scanned;
        const vertex_id z = a.adj[e];
        const slot& x = slots_[z];
        if (x.side == side && x.hop == ph) {
          pick = z;
          run += x.sigma;
          if (run > target) break;
        }
      }
      w = pick;
    }
    return scanned;
  }

  void reset() noexcept {
    for (auto& q : ball_)
      for (const vertex_id v : q) slots_[v].side = 0;
  }

  std::vector<slot> slots_;
  std::vector<vertex_id> ball_[2];        // each ball's vertices in order of level
  std::size_t front_[2] = {0, 0};          // ball_[side][front_..) is the frontier
  std::uint64_t frontier_ties_[2] = {0, 0};  // ties the next expansion of each side scans
  std::vector<cut_tie> cut_;
  adjacency out_, in_;
};

}  // namespace onakit::inline v0_1::detail
