#pragma once
/// \file ego.hpp
/// Ego networks: the people within a number of steps of one person.
///
/// ego_vertices() runs a breadth-first search from `center` that stops at
/// `radius` steps and returns the people it reached with their distance
/// (in steps, weights ignored: the usual ONA ego network counts contacts,
/// not message volume). The induced graph on those people is the ego
/// network; the Python face builds it from this list.
///
/// Direction of a directed graph (`ego_direction`):
///   both -- a step follows a tie either way (networkx's
///           `ego_graph(G, n, radius, undirected=True)`): everyone the
///           person wrote to or heard from, and so on;
///   out  -- ties followed as sent (`ego_graph(G, n, radius)`);
///   in   -- ties followed backwards (`ego_graph(G.reverse(), n, radius)`).
/// An undirected graph ignores the direction.
///
/// Complexity: O(n) for the distance array plus O(sum of the degrees of
/// the people reached), so a small ego network of a large graph is cheap.
///
/// Example:
/// \code
///   const auto g = onakit::make_graph(4, std::vector<onakit::vertex_id>{0, 1, 2},
///                                     std::vector<onakit::vertex_id>{1, 2, 3});
///   const auto e = onakit::ego_vertices(g, 1, 1);   // people 1, 2, 0 (both directions)
/// \endcode

#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/types.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace onakit::inline v0_1 {

/// Which ties a step of ego_vertices() may follow in a directed graph.
enum class ego_direction : std::uint8_t { both, out, in };

/// The people reached, in breadth-first order (center first; within one
/// distance in order of discovery: out-neighbours, then in-neighbours, each
/// by ascending id), and their
/// distance in steps (0 for the center).
struct ego_result {
  std::vector<vertex_id> vertices;
  std::vector<std::uint32_t> distance;
};

/// People within `radius` steps of `center` (see the file comment).
/// Throws invalid_option when `center` is not a person of `g`.
[[nodiscard]] inline ego_result ego_vertices(const graph& g, vertex_id center, std::uint32_t radius,
                                             ego_direction direction = ego_direction::both) {
  const vertex_id n = g.num_vertices();
  if (center >= n)
    throw invalid_option("ego_vertices: center " + std::to_string(center) + " is not a person id (n = " +
                         std::to_string(n) + ")");
  constexpr auto unseen = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> dist(n, unseen);
  ego_result r;
  r.vertices.push_back(center);
  r.distance.push_back(0);
  dist[center] = 0;
  const bool fwd = !g.directed() || direction != ego_direction::in;
  const bool bwd = g.directed() && direction != ego_direction::out;
  // r.vertices is the queue: the frontier is its tail.
  for (std::size_t head = 0; head < r.vertices.size(); ++head) {
    const vertex_id u = r.vertices[head];
    const std::uint32_t d = dist[u];
    if (d >= radius) break;  // breadth-first: every later vertex is at least as far
    auto visit = [&](vertex_id v) {
      if (dist[v] != unseen) return;
      dist[v] = d + 1;
      r.vertices.push_back(v);
      r.distance.push_back(d + 1);
    };
    if (fwd)
      for (const vertex_id v : g.out_neighbors(u)) visit(v);
    if (bwd)
      for (const vertex_id v : g.in_neighbors(u)) visit(v);
  }
  return r;
}

}  // namespace onakit
