#pragma once
// Folding people with one contact into that contact, for exact betweenness
// (betweenness.hpp). Communication graphs have many of them (a mailing
// list's readers, a one-off correspondent: 14,634 of the 20,081 people of
// email-W3C, 11k of the 36.7k of SNAP's email-Enron), and a shortest path
// to or from such a leaf v runs through its contact u: every path from v is
// v -> u then a path from u, every path to v a path to u then u -> v, so the
// leaf's own search repeats u's (Baglioni, Geraci, Pellegrini & Lastres,
// "Fast exact computation of betweenness centrality in social networks",
// ASONAM 2012, which also folds the trees such leaves leave behind; here one
// level, which on email-W3C already takes 14.6k of the 14.8k vertices
// outside the 2-core).
//
// What stays is the core graph (every person who is not a folded leaf),
// with per core person u
//   a(u) = 1 + the leaves v with a tie v -> u (they reach what u reaches),
//   b(u) = 1 + the leaves v with a tie u -> v (reached by whoever reaches u),
//   r(u) = the leaves with both ties.
// Betweenness over all pairs then equals, searching from core sources s only:
//   - core x inner to s -> t:  a(s) * sum_t b(t) sigma_st(x) / sigma_st
//     (Brandes' accumulation with b(w) + delta(w) in place of 1 + delta(w),
//     scaled by a(s));
//   - s inner to (leaf of s) -> (t or a leaf of t): (a(s) - 1) * sum over t
//     reached from s (t != s) of b(t);
//   - t inner to (s or a leaf of s) -> (leaf of t): a(s) * (b(t) - 1) for
//     every t reached from s (t != s);
//   - u inner to (leaf of u) -> (another leaf of u): (a(u)-1)(b(u)-1) - r(u);
//   - a leaf is never inner to a shortest path (its one contact is both
//     ends of any detour through it): 0.
// Edge betweenness (edge_betweenness.hpp) folds the same way: a core arc
// w -> x gets a(s) * sigma_sw / sigma_sx * (b(x) + delta(x)) from source s;
// a leaf's tie v -> u carries a path to each person u reaches, u and their
// leaves included (R(u) = sum of b over them) but v itself; u -> v one from
// each person reaching u, u and their leaves included (Q(u) = sum of a) but v.
//
// A leaf is folded only when its contact is not itself a leaf of it (a
// component of two, whose pairs have no inner person anyway).
//
// Unweighted searches only. With lengths 1/w the fold is exact in real
// arithmetic but not in floating point: betweenness compares path lengths
// with ==, as networkx does, and a leaf's search adds its tie's length
// first, so sums that tie from u (1/2 + 1/3 vs 1/3 + 1/2, then + 1/3) can
// round apart from v. Folding would change which paths count as shortest.

#include <onakit/graph/graph.hpp>
#include <onakit/types.hpp>

#include <cstddef>
#include <vector>

namespace onakit::inline v0_1::detail {

struct leaf_folding {
  graph core;                      // the core graph, in the original order of its people
  std::vector<vertex_id> original; // core id -> original id
  std::vector<double> a, b;        // source and target weights per core id (1 = nothing folded)
  std::vector<double> base;        // per core id: (a-1)(b-1) - r, its pairs among its own leaves
  std::vector<vertex_id> contact;  // original id -> its contact if folded, else null_vertex
  std::vector<edge_id> arc_of;     // core arc -> original arc (edge betweenness)
  std::size_t folded = 0;          // leaves folded (original people without a search)
};

/// The one neighbour of v other than itself, or null_vertex (none or several).
inline vertex_id only_neighbour(const graph& g, vertex_id v) {
  vertex_id u = null_vertex;
  const auto note = [&](vertex_id w) {
    if (w == v || w == u) return true;
    if (u != null_vertex) return false;
    u = w;
    return true;
  };
  for (const vertex_id w : g.out_neighbors(v))
    if (!note(w)) return null_vertex;
  if (g.directed())
    for (const vertex_id w : g.in_neighbors(v))
      if (!note(w)) return null_vertex;
  return u;
}

/// The leaves of g folded into their contacts for an unweighted search (see
/// the file comment); an empty result (folded == 0) when there is nothing
/// to fold.
inline leaf_folding fold_leaves(const graph& g) {
  const vertex_id n = g.num_vertices();
  leaf_folding f;
  std::vector<vertex_id> contact(n, null_vertex);
  for (vertex_id v = 0; v < n; ++v) contact[v] = only_neighbour(g, v);
  std::vector<std::uint8_t> leaf(n, 0);
  for (vertex_id v = 0; v < n; ++v) {
    const vertex_id u = contact[v];
    if (u == null_vertex || contact[u] == v) continue;  // not a leaf, or a component of two
    leaf[v] = 1;
    ++f.folded;
  }
  if (f.folded == 0) return f;
  for (vertex_id v = 0; v < n; ++v)
    if (leaf[v] == 0) contact[v] = null_vertex;
  f.contact = std::move(contact);

  std::vector<vertex_id> core_id(n, null_vertex);
  for (vertex_id v = 0; v < n; ++v)
    if (leaf[v] == 0) {
      core_id[v] = static_cast<vertex_id>(f.original.size());
      f.original.push_back(v);
    }
  const std::size_t nc = f.original.size();
  f.a.assign(nc, 1.0);
  f.b.assign(nc, 1.0);
  std::vector<double> both(nc, 0.0);
  for (vertex_id v = 0; v < n; ++v) {
    if (leaf[v] == 0) continue;
    const vertex_id u = core_id[f.contact[v]];
    const bool out = g.has_edge(v, f.contact[v]), in = g.has_edge(f.contact[v], v);
    f.a[u] += out ? 1.0 : 0.0;
    f.b[u] += in ? 1.0 : 0.0;
    both[u] += out && in ? 1.0 : 0.0;
  }
  f.base.resize(nc);
  for (std::size_t c = 0; c < nc; ++c) f.base[c] = (f.a[c] - 1.0) * (f.b[c] - 1.0) - both[c];

  // Core rows keep their order (ids are renumbered monotonically), so they
  // stay sorted as the graph constructor requires.
  std::vector<edge_id> off(nc + 1, 0);
  std::vector<vertex_id> to;
  std::vector<weight_t> w;
  to.reserve(g.num_arcs());
  w.reserve(g.num_arcs());
  f.arc_of.reserve(g.num_arcs());
  for (std::size_t c = 0; c < nc; ++c) {
    const vertex_id v = f.original[c];
    const auto nb = g.out_neighbors(v);
    const auto wt = g.out_weights(v);
    for (std::size_t k = 0; k < nb.size(); ++k)
      if (leaf[nb[k]] == 0) {
        to.push_back(core_id[nb[k]]);
        w.push_back(wt[k]);
        f.arc_of.push_back(g.out_offsets()[v] + static_cast<edge_id>(k));
      }
    off[c + 1] = static_cast<edge_id>(to.size());
  }
  f.core = graph(g.directed(), std::move(off), std::move(to), std::move(w));
  return f;
}

}  // namespace onakit::detail
