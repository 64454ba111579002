#pragma once
// A Barnes–Hut quadtree for the repulsion of force_layout (graph/layout.hpp).
//
// Not API. Built serially from the bodies' positions and masses in
// O(n log n) (one partition pass per level), then read concurrently: each
// thread asks for the force on its own bodies. The tree's shape depends only
// on the positions, so a body's force is summed in the same order whatever
// the thread count -- results are bit-identical for any `threads`.
//
// Cells hold up to `leaf_size` bodies (a leaf's bodies act one by one) and
// their total mass at their centre of mass. A cell of width w seen from
// distance d acts as one body when w < theta * d and the asking body is not
// inside it (Barnes & Hut, "A hierarchical O(N log N) force-calculation
// algorithm", Nature 324, 1986).

#include <onakit/types.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace onakit::inline v0_1::detail {

class quadtree {
 public:
  /// Bodies per leaf: a small bucket acts body by body, which is cheaper than
  /// splitting down to one body per cell (fewer cells to visit and build).
  static constexpr std::uint32_t leaf_size = 8;
  /// Below this depth cells stop splitting even when crowded, so bodies at
  /// (almost) the same place cannot recurse without end.
  static constexpr int max_depth = 40;

  /// Rebuilds the tree over the bodies `ids`: body v at (xy[2v], xy[2v+1])
  /// (interleaved, so one cache line holds both), of mass mass[v].
  void build(const std::vector<vertex_id>& ids, const double* xy, const double* mass) {
    xy_ = xy;
    mass_ = mass;
    order_ = ids;
    cells_.clear();
    if (order_.empty()) return;
    double lo_x = std::numeric_limits<double>::infinity(), lo_y = lo_x, hi_x = -lo_x, hi_y = -lo_x;
    for (const vertex_id v : order_) {
      lo_x = std::min(lo_x, xy[2 * v]);
      hi_x = std::max(hi_x, xy[2 * v]);
      lo_y = std::min(lo_y, xy[2 * v + 1]);
      hi_y = std::max(hi_y, xy[2 * v + 1]);
    }
    const double half = std::max({(hi_x - lo_x) * 0.5, (hi_y - lo_y) * 0.5, 1e-9}) * (1.0 + 1e-9);
    cells_.push_back({});
    split(0, 0, static_cast<std::uint32_t>(order_.size()), (lo_x + hi_x) * 0.5, (lo_y + hi_y) * 0.5, half, 0);
  }

  /// Adds to (fx, fy) the repulsion on body `v` from every other body:
  /// k * m_v * m_u / d along the line from u to v (ForceAtlas2's
  /// degree-weighted repulsion), far cells taken at their centre of mass.
  void repulsion(vertex_id v, double k, double theta, double& fx, double& fy) const {
    if (cells_.empty()) return;
    const double vx = xy_[2 * v], vy = xy_[2 * v + 1], kv = k * mass_[v], theta2 = theta * theta;
    std::array<std::uint32_t, 4 * max_depth + 8> stack;
    std::size_t top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const cell& c = cells_[stack[--top]];
      const double dx = vx - c.com_x, dy = vy - c.com_y, d2 = dx * dx + dy * dy;
      const double w = 2.0 * c.half;
      const bool inside = std::abs(vx - c.box_x) <= c.half && std::abs(vy - c.box_y) <= c.half;
      if (!inside && w * w < theta2 * d2) {
        const double f = kv * c.mass / d2;
        fx += dx * f;
        fy += dy * f;
      } else if (c.first_child == 0) {  // a leaf: its bodies one by one
        for (std::uint32_t i = c.begin; i < c.end; ++i) {
          const vertex_id u = order_[i];
          const double ux = vx - xy_[2 * u], uy = vy - xy_[2 * u + 1], e2 = ux * ux + uy * uy;
          if (u == v || e2 <= 0.0) continue;  // itself, or a body at the very same place: no direction
          const double f = kv * mass_[u] / e2;
          fx += ux * f;
          fy += uy * f;
        }
      } else {
        for (std::uint32_t q = 0; q < 4; ++q)
          if (cells_[c.first_child + q].begin != cells_[c.first_child + q].end) stack[top++] = c.first_child + q;
      }
    }
  }

 private:
  struct cell {
    double com_x = 0, com_y = 0, mass = 0;  // centre of mass and total mass
    double box_x = 0, box_y = 0, half = 0;  // the square: centre and half width
    std::uint32_t begin = 0, end = 0;       // its bodies: order_[begin, end)
    std::uint32_t first_child = 0;          // 0 = leaf (the root is never a child)
  };

  void split(std::uint32_t ci, std::uint32_t begin, std::uint32_t end, double bx, double by, double half, int depth) {
    {
      cell& c = cells_[ci];
      c.box_x = bx;
      c.box_y = by;
      c.half = half;
      c.begin = begin;
      c.end = end;
    }
    if (end - begin > leaf_size && depth < max_depth) {
      // Quadrants: [x < bx][y < by], as two partitions of the body range.
      const auto first = order_.begin() + begin, last = order_.begin() + end;
      const auto mid = std::partition(first, last, [&](vertex_id v) { return xy_[2 * v] < bx; });
      const auto low_left = std::partition(first, mid, [&](vertex_id v) { return xy_[2 * v + 1] < by; });
      const auto low_right = std::partition(mid, last, [&](vertex_id v) { return xy_[2 * v + 1] < by; });
      const std::array<std::uint32_t, 5> cut{begin, static_cast<std::uint32_t>(low_left - order_.begin()),
                                             static_cast<std::uint32_t>(mid - order_.begin()),
                                             static_cast<std::uint32_t>(low_right - order_.begin()), end};
      const auto child = static_cast<std::uint32_t>(cells_.size());
      cells_.resize(cells_.size() + 4);
      cells_[ci].first_child = child;
      const double h = half * 0.5;
      const std::array<double, 4> cx{bx - h, bx - h, bx + h, bx + h}, cy{by - h, by + h, by - h, by + h};
      double m = 0, mx = 0, my = 0;
      for (std::uint32_t q = 0; q < 4; ++q) {
        split(child + q, cut[q], cut[q + 1], cx[q], cy[q], h, depth + 1);
        const cell& k = cells_[child + q];
        m += k.mass;
        mx += k.mass * k.com_x;
        my += k.mass * k.com_y;
      }
      cell& c = cells_[ci];
      c.mass = m;
      c.com_x = m > 0 ? mx / m : bx;
      c.com_y = m > 0 ? my / m : by;
      return;
    }
    double m = 0, mx = 0, my = 0;
    for (std::uint32_t i = begin; i < end; ++i) {
      const vertex_id v = order_[i];
      m += mass_[v];
      mx += mass_[v] * xy_[2 * v];
      my += mass_[v] * xy_[2 * v + 1];
    }
    cell& c = cells_[ci];
    c.mass = m;
    c.com_x = m > 0 ? mx / m : bx;
    c.com_y = m > 0 ? my / m : by;
  }

  const double* xy_ = nullptr;
  const double* mass_ = nullptr;
  std::vector<vertex_id> order_;
  std::vector<cell> cells_;
};

}  // namespace onakit::detail
