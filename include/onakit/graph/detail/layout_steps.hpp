#pragma once
// The steps of force_layout (graph/layout.hpp) that are not the force loop
// itself: the undirected tie view, the spectral start, the virial rescale,
// the thread choice per step, a fast log1p and the final normalisation.
//
// Not API; see layout.hpp for what they are for and how they combine.

#include <onakit/detail/parallel.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace onakit::inline v0_1 {

namespace detail {

/// Every person's ties to others, undirected, as CSR sorted by neighbour
/// (self-ties dropped; u->v and v->u merged into one tie of their summed
/// weight), with the attraction weight of each tie.
struct layout_adjacency {
  std::vector<edge_id> offsets;
  std::vector<vertex_id> targets;
  std::vector<double> weights;
  /// Each tie once (u < v) and, per row entry, the index of its tie: the
  /// attraction of a tie is computed once per step and read from both ends.
  std::vector<vertex_id> tie_u, tie_v;
  std::vector<double> tie_w;
  std::vector<edge_id> entry_tie;
};

inline layout_adjacency layout_ties(const graph& g, bool weighted) {
  const vertex_id n = g.num_vertices();
  layout_adjacency a;
  a.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
  a.targets.reserve(g.directed() ? 2 * static_cast<std::size_t>(g.num_arcs()) : g.num_arcs());
  a.weights.reserve(a.targets.capacity());
  const auto all_w = g.out_weights();
  double total = 0;
  for (vertex_id u = 0; u < n; ++u) {
    // Out-row sorted by target, in-row by source: one merge gives the
    // undirected row sorted by neighbour.
    const auto out = g.out_neighbors(u);
    const auto ow = g.out_weights(u);
    const std::span<const vertex_id> in = g.directed() ? g.in_neighbors(u) : std::span<const vertex_id>{};
    const std::span<const edge_id> ids = g.directed() ? g.in_edge_ids(u) : std::span<const edge_id>{};
    std::size_t i = 0, j = 0;
    while (i < out.size() || j < in.size()) {
      vertex_id v;
      double w = 0;
      if (j == in.size() || (i < out.size() && out[i] < in[j])) {
        v = out[i];
        w = ow[i++];
      } else if (i == out.size() || in[j] < out[i]) {
        v = in[j];
        w = all_w[ids[j++]];
      } else {
        v = out[i];
        w = ow[i++] + all_w[ids[j++]];
      }
      if (v == u) continue;
      a.targets.push_back(v);
      a.weights.push_back(w);
      total += w;
    }
    // A directed graph's row can hold up to twice its arcs: stay in edge_id.
    if (a.targets.size() > std::numeric_limits<edge_id>::max())
      throw capacity_error("force_layout: more than 2^32 - 1 tie ends in the undirected view");
    a.offsets[u + 1] = static_cast<edge_id>(a.targets.size());
  }
  // Weights over their mean: the layout then does not depend on the unit.
  // Zero, negative or infinite weights (possible in a tie table) would push
  // people apart or swamp every other tie: such ties, and unweighted runs,
  // pull with 1.
  const double mean = a.weights.empty() ? 1.0 : total / static_cast<double>(a.weights.size());
  const bool scale = weighted && std::isfinite(mean) && mean > 0;
  for (double& w : a.weights) w = scale && w > 0 && std::isfinite(w) ? w / mean : 1.0;
  // Tie ids in order of (u, v > u). Row v lists its neighbours u < v in
  // increasing u, the order in which rows u meet v: a cursor per row pairs
  // the two entries of each tie.
  a.entry_tie.assign(a.targets.size(), 0);
  std::vector<edge_id> cursor(a.offsets.begin(), a.offsets.end() - 1);
  for (vertex_id u = 0; u < n; ++u)
    for (edge_id e = a.offsets[u]; e < a.offsets[u + 1]; ++e) {
      const vertex_id v = a.targets[e];
      if (v < u) continue;
      const auto t = static_cast<edge_id>(a.tie_u.size());
      a.tie_u.push_back(u);
      a.tie_v.push_back(v);
      a.tie_w.push_back(a.weights[e]);
      a.entry_tie[e] = t;
      a.entry_tie[cursor[v]++] = t;
    }
  return a;
}

/// log(1 + d) for d >= 0 to about 1e-8 relative error (measured over
/// 1e-8 <= d <= 1e12), without a libm call (std::log1p was 38% of a
/// 5,000-person run): 1 + d = 2^e m with m in [sqrt(1/2), sqrt(2)), then
/// log m = 2 atanh(z), z = (m-1)/(m+1), |z| < 0.172, by its series to z^11.
/// Loses d below 1e-16 (1 + d rounds to 1), where the attraction is nil.
inline double fast_log1p(double d) noexcept {
  const double x = 1.0 + d;
  auto bits = std::bit_cast<std::uint64_t>(x);
  int e = static_cast<int>((bits >> 52) & 0x7FF) - 1023;
  bits = (bits & 0x000FFFFFFFFFFFFFULL) | 0x3FF0000000000000ULL;  // m in [1, 2)
  double m = std::bit_cast<double>(bits);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    ++e;
  }
  const double z = (m - 1.0) / (m + 1.0), z2 = z * z;
  const double series = z * (2.0 + z2 * (2.0 / 3 + z2 * (2.0 / 5 + z2 * (2.0 / 7 + z2 * (2.0 / 9 + z2 * (2.0 / 11))))));
  return static_cast<double>(e) * 0.6931471805599453 + series;
}

/// Picks the number of threads for each of a loop's many short parallel
/// steps: the full team, or one thread when the team is slower. Every step
/// ends at a barrier; on a busy machine a thread that has been descheduled
/// holds its partner there for a whole time slice, so two threads ran the
/// 5,000-person layout 2-3 times slower than one (load 6 on 2 cores), while
/// on an idle machine they are faster. The first step runs on one thread,
/// the second on the team; each later step runs with the count whose
/// recent steps were faster (a moving average of their wall times), and
/// every 16th step re-times the other count. One per loop (steps of one
/// kind). Results never depend on the thread count: this changes speed only.
class step_threads {
 public:
  explicit step_threads(int team) noexcept : team_(team) {}
  /// Threads for the coming step; call done() after it.
  int begin() noexcept {
    if (team_ == 1 || step_ == 0) current_ = 1;
    else if (step_ == 1) current_ = team_;
    else if (step_ % 16 == 0) current_ = use_ == 1 ? team_ : 1;
    else current_ = use_;
    start_ = std::chrono::steady_clock::now();
    return current_;
  }
  void done() noexcept {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    ++step_;
    if (team_ == 1) return;
    double& average = current_ == 1 ? one_ : team_average_;
    average = average > 0 ? 0.75 * average + 0.25 * seconds : seconds;
    if (one_ > 0 && team_average_ > 0) use_ = team_average_ < one_ ? team_ : 1;
  }

 private:
  int team_, use_ = 1, current_ = 1;
  unsigned step_ = 0;
  double one_ = 0, team_average_ = 0;  // moving averages of step times, s
  std::chrono::steady_clock::time_point start_{};
};

/// Starting positions that already follow the graph's clusters: two
/// degree-normalised eigenvectors of the tie matrix, approximated by
/// `steps` power iterations from the random positions in (x, y) (Koren,
/// "On spectral graph drawing", COCOON 2003): X <- (X + D^-1 W X) / 2, then
/// D-orthogonalise each coordinate against the constant vector and the
/// first against the second. Each step averages a person with their
/// neighbours, so people who share many ties end up close; a force-directed
/// run from there only has to untangle locally, where one from random
/// positions needs thousands of steps (measured: 1,000 steps of ForceAtlas2
/// from random positions separate the synthetic organisation's departments
/// less than 100 from this start). The coordinates are scaled to spread
/// over `side`. O(steps * m).
inline void spectral_start(const layout_adjacency& a, const std::vector<vertex_id>& active, int steps, step_threads& team,
                           double side, std::vector<double>& x, std::vector<double>& y) {
  const std::size_t n = x.size();
  const auto na = static_cast<std::int64_t>(active.size());
  std::vector<double> deg(n, 0.0), nx(n, 0.0), ny(n, 0.0);
  double total = 0;
  for (const vertex_id v : active) {
    for (edge_id e = a.offsets[v]; e < a.offsets[v + 1]; ++e) deg[v] += a.weights[e];
    total += deg[v];
  }
  for (int k = 0; k < steps; ++k) {
    [[maybe_unused]] const int threads = team.begin();
    ONAKIT_OMP(parallel for num_threads(threads) schedule(dynamic, 64))
    for (std::int64_t i = 0; i < na; ++i) {
      const vertex_id v = active[static_cast<std::size_t>(i)];
      double sx = 0, sy = 0;
      for (edge_id e = a.offsets[v]; e < a.offsets[v + 1]; ++e) {
        sx += a.weights[e] * x[a.targets[e]];
        sy += a.weights[e] * y[a.targets[e]];
      }
      nx[v] = 0.5 * (x[v] + sx / deg[v]);
      ny[v] = 0.5 * (y[v] + sy / deg[v]);
    }
    team.done();
    // Serial sums (order fixed): the same result for any thread count.
    double mx = 0, my = 0;
    for (const vertex_id v : active) {
      mx += deg[v] * nx[v];
      my += deg[v] * ny[v];
    }
    for (const vertex_id v : active) {
      nx[v] -= mx / total;
      ny[v] -= my / total;
    }
    double xx = 0, xy = 0;
    for (const vertex_id v : active) {
      xx += deg[v] * nx[v] * nx[v];
      xy += deg[v] * nx[v] * ny[v];
    }
    if (!(xx > 0)) return;  // no variation left (cannot happen with random input; be safe)
    for (const vertex_id v : active) ny[v] -= xy / xx * nx[v];
    double yy = 0;
    for (const vertex_id v : active) yy += deg[v] * ny[v] * ny[v];
    if (!(yy > 0)) return;
    const double fx = side / std::sqrt(xx / total), fy = side / std::sqrt(yy / total);
    for (const vertex_id v : active) {
      x[v] = nx[v] * fx;
      y[v] = ny[v] * fy;
    }
  }
}

/// Scales the positions about the origin to the size at which the forces
/// balance (the virial theorem of the force field: at equilibrium
/// sum_v r_v . F_v = 0). Repulsion contributes a constant,
///   K = scaling * sum_{u<v} m_u m_v,
/// whatever the scale; scaling every position by s, the ties contribute
///   -sum_ties w s d log(1 + s d)   and gravity   -s * gravity * sum_v m_v |r_v|,
/// so the s that solves  K = sum_ties w s d log(1 + s d) + s g sum m |r|
/// (one root: the right side grows from 0 without bound) is found by
/// doubling then Newton's method, a few O(m) passes. The spectral start has
/// the right shape but an arbitrary size, off by orders of magnitude for
/// dense graphs (the repulsion grows with degree squared); adaptive speed
/// alone takes hundreds of steps to inflate it.
inline void virial_rescale(const layout_adjacency& a, const std::vector<vertex_id>& active,
                           const std::vector<double>& mass, double scaling, double gravity, step_threads& team,
                           std::vector<double>& x, std::vector<double>& y) {
  const std::size_t n = x.size();
  const auto na = static_cast<std::int64_t>(active.size());
  double sm = 0, sm2 = 0;
  for (const vertex_id v : active) {
    sm += mass[v];
    sm2 += mass[v] * mass[v];
  }
  const double k = scaling * (sm * sm - sm2) * 0.5;
  std::vector<double> part_h(n, 0.0), part_dh(n, 0.0);
  // h(s) = right side - K and its derivative, summed per person in
  // parallel, then serially over people (the order is fixed).
  const auto balance = [&](double s, double& h, double& dh) {
    [[maybe_unused]] const int threads = team.begin();
    ONAKIT_OMP(parallel for num_threads(threads) schedule(dynamic, 64))
    for (std::int64_t i = 0; i < na; ++i) {
      const vertex_id v = active[static_cast<std::size_t>(i)];
      double hv = 0, dv = 0;
      for (edge_id e = a.offsets[v]; e < a.offsets[v + 1]; ++e) {
        const vertex_id u = a.targets[e];
        const double dx = x[v] - x[u], dy = y[v] - y[u], d = std::sqrt(dx * dx + dy * dy);
        const double wd = 0.5 * a.weights[e] * d;  // each tie is seen from both ends
        const double l = fast_log1p(s * d);
        hv += wd * s * l;
        dv += wd * (l + s * d / (1.0 + s * d));
      }
      const double rv = gravity * mass[v] * std::sqrt(x[v] * x[v] + y[v] * y[v]);
      part_h[v] = hv + s * rv;
      part_dh[v] = dv + rv;
    }
    team.done();
    h = -k;
    dh = 0;
    for (const vertex_id v : active) {
      h += part_h[v];
      dh += part_dh[v];
    }
  };
  double s = 1, h = 0, dh = 0;
  balance(s, h, dh);
  for (int guard = 0; h < 0 && guard < 64; ++guard) balance(s *= 4, h, dh);
  // h is convex and increasing, and h(s) >= 0 here: Newton's steps decrease
  // monotonically to the root.
  for (int step = 0; step < 30 && dh > 0 && h > 0; ++step) {
    const double next = s - h / dh;
    if (!(next > 0) || std::abs(next - s) < 1e-3 * s) {
      if (next > 0) s = next;
      break;
    }
    balance(s = next, h, dh);
  }
  if (!(std::isfinite(s) && s > 0)) return;
  for (const vertex_id v : active) {
    x[v] *= s;
    y[v] *= s;
  }
}

/// Uniform scaling of the positions into [0, 1]^2, keeping the aspect ratio.
inline void normalise_unit_square(std::vector<double>& x, std::vector<double>& y) {
  if (x.empty()) return;
  const auto [x0, x1] = std::minmax_element(x.begin(), x.end());
  const auto [y0, y1] = std::minmax_element(y.begin(), y.end());
  const double lo_x = *x0, lo_y = *y0, wx = *x1 - lo_x, wy = *y1 - lo_y, side = std::max(wx, wy);
  if (!(side > 0)) {
    std::fill(x.begin(), x.end(), 0.5);
    std::fill(y.begin(), y.end(), 0.5);
    return;
  }
  const double ox = (1.0 - wx / side) * 0.5, oy = (1.0 - wy / side) * 0.5;
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = std::clamp((x[i] - lo_x) / side + ox, 0.0, 1.0);
    y[i] = std::clamp((y[i] - lo_y) / side + oy, 0.0, 1.0);
  }
}

/// Power iterations of spectral_start.
inline constexpr int layout_spectral_steps = 30;
/// Random jitter added to the spectral start, as a share of its spread:
/// people with the same neighbours would otherwise start at one point.
inline constexpr double layout_start_jitter = 0.05;

}  // namespace detail

}  // namespace onakit
