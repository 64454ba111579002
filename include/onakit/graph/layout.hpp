#pragma once
/// \file layout.hpp
/// A force-directed layout of the communication graph: positions in the unit
/// square for drawing people as a network (the report's people map,
/// onakit.plot.network), with groups that talk among themselves drawn as
/// clusters.
///
/// Algorithm: ForceAtlas2 (Jacomy, Venturini, Heymann & Bastian,
/// "ForceAtlas2, a continuous graph layout algorithm for handy network
/// visualization designed for the Gephi software", PLoS ONE 9(6), 2014) in
/// its LinLog mode, as Gephi implements it:
///   * repulsion between every two people u, v at distance d:
///       F_r = scaling * (deg(u)+1) * (deg(v)+1) / d
///     (people with many ties push harder, so hubs get room around them),
///     summed with a Barnes–Hut quadtree (cells far away act as one body);
///   * attraction along each tie of weight w:  F_a = w' * log(1 + d)
///     (LinLog: Noack's energy model, whose minima separate clusters of
///     high modularity), w' = w / (mean tie weight) when `weighted`, so the
///     picture does not depend on the unit of the weights (counts, decayed
///     counts, hours), else 1;
///   * gravity toward the centre:  F_g = gravity * (deg(u)+1), so
///     components that share no tie stay on screen instead of drifting off;
///   * adaptive speed: each person moves by speed / (1 + sqrt(speed *
///     swing)) times its force, where `swing` measures how much its force
///     changed direction since the last step (oscillating people slow down,
///     people moving steadily speed up); the global speed follows Gephi's
///     jitter-tolerance rule.
/// Two additions make 100 steps enough (Gephi users run thousands): the run
/// starts from a spectral drawing (30 power iterations from seeded random
/// positions, Koren 2003, plus 5% jitter) scaled to the size at which the
/// forces balance (the virial theorem; graph/detail/layout_steps.hpp). From
/// random positions, 1,000 steps separated the synthetic organisation's
/// departments less well than 100 steps from this start.
///
/// A directed graph is laid out as undirected (u->v and v->u become one tie
/// of their summed weight). Self-ties are ignored. People without any tie to
/// someone else (isolates) take no part in the simulation and are placed
/// evenly on a circle around the drawing (the "rim", in id order), where
/// they stay visible without pushing the network apart.
///
/// The result is scaled uniformly (the aspect ratio is kept) so that the
/// larger side spans [0, 1] and the other is centred in it. One person sits
/// at (0.5, 0.5).
///
/// Why not Boost.Graph's fruchterman_reingold_force_directed_layout:
/// measured on the synthetic organisation (2,000 and 5,000 people, 8
/// departments) and on email-Eu-core, 100 iterations each, one thread each
/// (benchmarks/README.md, "Layout"), it took 96 s against 1.8 s for 5,000
/// people and 5.4 s against 0.18 s for email-Eu-core (its grid repulsion
/// compares every pair in neighbouring cells, which tends to O(n^2) as
/// people crowd into clusters),
/// and separated departments less (mean distance between departments over
/// mean distance within: 1.9 against 10.1 on the organisation, 1.16 against
/// 2.4 on email-Eu-core).
///
/// Determinism: the seed fixes the starting positions; the quadtree is
/// built serially, each person's force is summed in a fixed order and the
/// global sums are serial, so the result is bit-identical for any
/// `threads` (on one platform: it uses sqrt, sin and cos).
///
/// Complexity: O(iterations * (n log n + m)) time (quadtree build and
/// queries, one pass over the ties), O(n + m) memory. About 0.9 s of CPU
/// for 5,000 people with 290,000 (undirected) ties and 100 iterations (the
/// synthetic organisation), 0.08 s for email-Eu-core. Each step is two
/// parallel passes ending at a barrier, so a second thread is started only
/// when a step has about 16,384 people and ties per thread to share.
///
/// Example:
/// \code
///   onakit::layout_options o;
///   o.seed = 7;
///   const onakit::layout_result pos = onakit::force_layout(g, o);
///   // pos.x[v], pos.y[v] in [0, 1] for every person v
/// \endcode

#include <onakit/detail/parallel.hpp>
#include <onakit/detail/random.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/detail/layout_steps.hpp>
#include <onakit/graph/detail/quadtree.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/interrupt.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace onakit::inline v0_1 {

/// Options of force_layout. Defaults are Gephi's ForceAtlas2 defaults for
/// graphs of 100 people or more (scaling 2, gravity 1, theta 1.2, edge
/// weight influence 1), in LinLog mode.
struct layout_options {
  std::uint32_t iterations = 100;  ///< simulation steps (>= 1); more = more settled, linear in time
  std::uint64_t seed = 0;          ///< starting positions (uniform random in a square)
  int threads = 0;                 ///< 0 = OpenMP default; results do not depend on it
  double scaling = 2.0;            ///< repulsion strength (> 0): larger = clusters further apart
  double gravity = 1.0;            ///< pull toward the centre (>= 0): larger = components closer together
  double theta = 1.2;              ///< Barnes–Hut opening ratio (>= 0; 0 = exact O(n^2) repulsion)
  bool weighted = true;            ///< attraction proportional to tie weight (over the mean weight)
  interrupt_check interrupt{};       ///< polled once per iteration
};

/// Positions of force_layout, in person order.
struct layout_result {
  std::vector<double> x;           ///< in [0, 1]
  std::vector<double> y;           ///< in [0, 1]
  std::uint32_t iterations = 0;    ///< steps run (0 when fewer than two people have ties)
  vertex_id isolates = 0;          ///< people without ties, placed on the rim
};

/// Lays the graph out in the unit square with ForceAtlas2 (see the file
/// comment for the forces, determinism and complexity).
///
/// \param g any graph (directed ties are laid out as undirected).
/// \param o options; see layout_options.
/// \returns x and y per person in [0, 1], people without ties on the rim.
/// \throws invalid_option for iterations = 0, scaling <= 0, gravity < 0,
///         theta < 0 (or any of them not finite) or threads out of range,
///         naming the option.
/// \throws interrupted when `interrupt` asks to stop.
[[nodiscard]] inline layout_result force_layout(const graph& g, const layout_options& o = {}) {
  detail::check_threads(o.threads);
  if (o.iterations == 0) throw invalid_option("iterations=0 is out of range: use at least 1 simulation step");
  const auto shown = [](double v) {  // as the user typed it: 0, -1.5, nan
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return std::string(text);
  };
  if (!(std::isfinite(o.scaling) && o.scaling > 0))
    throw invalid_option("scaling=" + shown(o.scaling) + " is out of range: use a positive number");
  if (!(std::isfinite(o.gravity) && o.gravity >= 0))
    throw invalid_option("gravity=" + shown(o.gravity) + " is out of range: use a number >= 0");
  if (!(std::isfinite(o.theta) && o.theta >= 0))
    throw invalid_option("theta=" + shown(o.theta) + " is out of range: use a number >= 0");
  detail::poll(o.interrupt, "force_layout");

  const vertex_id n = g.num_vertices();
  layout_result r;
  r.x.assign(n, 0.0);
  r.y.assign(n, 0.0);
  if (n == 0) return r;

  const detail::layout_adjacency a = detail::layout_ties(g, o.weighted);
  std::vector<vertex_id> active, isolated;
  std::vector<double> mass(n, 1.0);
  for (vertex_id v = 0; v < n; ++v) {
    const edge_id deg = a.offsets[v + 1] - a.offsets[v];
    mass[v] = 1.0 + static_cast<double>(deg);
    (deg > 0 ? active : isolated).push_back(v);
  }
  r.isolates = static_cast<vertex_id>(isolated.size());

  const auto na = static_cast<std::int64_t>(active.size());
  if (active.size() >= 2) {
    // A step is two short parallel passes, each ending at a barrier: a
    // second thread pays only when a step has enough work (about 0.5 ms per
    // 16,384 people and ties), else waiting at barriers costs more than it
    // saves (email-Eu-core, 17,000 people and ties, runs on one thread);
    // step_threads then drops to one thread while the machine is busy.
    const int team_size = detail::thread_count(o.threads, (active.size() + a.tie_u.size()) / 16384);
    detail::step_threads start_team(team_size), balance_team(team_size), team(team_size);
    // Start: random (seeded), smoothed along the ties, jittered, scaled to balance.
    detail::xoshiro256ss rng(o.seed);
    const double side = std::sqrt(static_cast<double>(active.size()));
    for (const vertex_id v : active) {
      r.x[v] = (rng.uniform01() - 0.5) * side;
      r.y[v] = (rng.uniform01() - 0.5) * side;
    }
    detail::spectral_start(a, active, detail::layout_spectral_steps, start_team, side, r.x, r.y);
    for (const vertex_id v : active) {
      r.x[v] += (rng.uniform01() - 0.5) * side * detail::layout_start_jitter;
      r.y[v] += (rng.uniform01() - 0.5) * side * detail::layout_start_jitter;
    }
    detail::poll(o.interrupt, "force_layout");
    detail::virial_rescale(a, active, mass, o.scaling, o.gravity, balance_team, r.x, r.y);

    // The simulation keeps x and y side by side: a neighbour's position is
    // then one cache line, not two.
    std::vector<double> xy(2 * static_cast<std::size_t>(n), 0.0);
    for (const vertex_id v : active) {
      xy[2 * v] = r.x[v];
      xy[2 * v + 1] = r.y[v];
    }
    std::vector<double> fx(n, 0.0), fy(n, 0.0), old_fx(n, 0.0), old_fy(n, 0.0);
    const auto num_ties = static_cast<std::int64_t>(a.tie_u.size());
    std::vector<double> pull(a.tie_u.size(), 0.0);  // per tie: w log(1 + d) / d
    detail::quadtree tree;
    double speed = 1.0, speed_efficiency = 1.0;
    constexpr double jitter_tolerance = 1.0;
    for (std::uint32_t it = 0; it < o.iterations; ++it) {
      if (o.interrupt && o.interrupt()) throw interrupted("force_layout");
      [[maybe_unused]] const int threads = team.begin();
      tree.build(active, xy.data(), mass.data());
      std::swap(fx, old_fx);
      std::swap(fy, old_fy);
      // LinLog attraction w log(1 + d) along each tie, as a factor of the
      // tie's vector (computed once per tie, read by both ends).
      ONAKIT_OMP(parallel for num_threads(threads) schedule(static))
      for (std::int64_t t = 0; t < num_ties; ++t) {
        const auto k = static_cast<std::size_t>(t);
        const vertex_id u = a.tie_u[k], v = a.tie_v[k];
        const double dx = xy[2 * u] - xy[2 * v], dy = xy[2 * u + 1] - xy[2 * v + 1], d = std::sqrt(dx * dx + dy * dy);
        pull[k] = d > 0 ? a.tie_w[k] * detail::fast_log1p(d) / d : 0.0;
      }
      // Each person's force depends only on the positions of this step:
      // independent per person, so the loop splits across threads freely.
      ONAKIT_OMP(parallel for num_threads(threads) schedule(dynamic, 64))
      for (std::int64_t i = 0; i < na; ++i) {
        const vertex_id v = active[static_cast<std::size_t>(i)];
        double ax = 0, ay = 0;
        tree.repulsion(v, o.scaling, o.theta, ax, ay);
        const double vx = xy[2 * v], vy = xy[2 * v + 1];
        for (edge_id e = a.offsets[v]; e < a.offsets[v + 1]; ++e) {
          const vertex_id u = a.targets[e];
          const double f = pull[a.entry_tie[e]];
          ax -= (vx - xy[2 * u]) * f;
          ay -= (vy - xy[2 * u + 1]) * f;
        }
        const double d = std::sqrt(vx * vx + vy * vy);
        if (d > 0) {
          const double f = o.gravity * mass[v] / d;
          ax -= vx * f;
          ay -= vy * f;
        }
        fx[v] = ax;
        fy[v] = ay;
      }
      team.done();
      // Gephi's adaptive speed: swinging (force changing direction) against
      // traction (force keeping it), summed serially so the speed, and so
      // every position, is the same for any thread count.
      double swinging = 0, traction = 0;
      for (const vertex_id v : active) {
        const double sx = old_fx[v] - fx[v], sy = old_fy[v] - fy[v];
        const double tx = old_fx[v] + fx[v], ty = old_fy[v] + fy[v];
        swinging += mass[v] * std::sqrt(sx * sx + sy * sy);
        traction += mass[v] * 0.5 * std::sqrt(tx * tx + ty * ty);
      }
      const double nn = static_cast<double>(active.size());
      const double optimal = 0.05 * std::sqrt(nn);
      double jt = jitter_tolerance * std::max(std::sqrt(optimal), std::min(10.0, optimal * traction / (nn * nn)));
      constexpr double min_efficiency = 0.05;
      if (swinging > 2.0 * traction) {
        if (speed_efficiency > min_efficiency) speed_efficiency *= 0.5;
        jt = std::max(jt, jitter_tolerance);
      }
      const double target = swinging > 0 ? jt * speed_efficiency * traction / swinging : 2.0 * speed;
      if (swinging > jt * traction) {
        if (speed_efficiency > min_efficiency) speed_efficiency *= 0.7;
      } else if (speed < 1000) {
        speed_efficiency *= 1.3;
      }
      speed += std::min(target - speed, 0.5 * speed);  // rise at most 50% a step
      // O(n): serial, one parallel region fewer to wait for.
      for (const vertex_id v : active) {
        const double sx = old_fx[v] - fx[v], sy = old_fy[v] - fy[v];
        const double swing = mass[v] * std::sqrt(sx * sx + sy * sy);
        const double factor = speed / (1.0 + std::sqrt(speed * swing));
        xy[2 * v] += fx[v] * factor;
        xy[2 * v + 1] += fy[v] * factor;
      }
      ++r.iterations;
    }
    for (const vertex_id v : active) {
      r.x[v] = xy[2 * v];
      r.y[v] = xy[2 * v + 1];
    }
  }

  // Isolates on a circle around the drawing, a little outside its farthest
  // person (a unit circle when nobody has ties).
  if (!isolated.empty()) {
    double cx = 0, cy = 0, radius = 0;
    for (const vertex_id v : active) {
      cx += r.x[v];
      cy += r.y[v];
    }
    if (!active.empty()) {
      cx /= static_cast<double>(active.size());
      cy /= static_cast<double>(active.size());
    }
    for (const vertex_id v : active) radius = std::max(radius, std::hypot(r.x[v] - cx, r.y[v] - cy));
    radius = radius > 0 ? radius * 1.1 : 1.0;
    constexpr double two_pi = 6.283185307179586476925286766559;
    for (std::size_t k = 0; k < isolated.size(); ++k) {
      const double angle = two_pi * static_cast<double>(k) / static_cast<double>(isolated.size());
      r.x[isolated[k]] = cx + radius * std::cos(angle);
      r.y[isolated[k]] = cy + radius * std::sin(angle);
    }
  }
  detail::normalise_unit_square(r.x, r.y);
  return r;
}

}  // namespace onakit
