#pragma once
/// \file spectral.hpp
/// Spectral centralities by power iteration: PageRank, eigenvector, Katz and
/// HITS, each with networkx's definition, normalisation and stopping rule.
///
/// Conventions shared by all four:
///   - A is the weighted adjacency matrix, A[u][v] = w(u -> v) (1 for every
///     tie when weighted = false). An undirected tie is a tie in both
///     directions; an undirected self-tie is one diagonal entry of weight w
///     (as networkx.to_scipy_sparse_array builds it).
///   - Weights are tie strength (networkx weight="weight"), not distance.
///   - Scores flow along ties: a person is central when central people
///     send ties to them (networkx's "left eigenvector", in-ties of a
///     directed graph).
///   - Each step is a pull over the in-adjacency (x_new[v] reads x[u] for the
///     ties u -> v): no atomics, each person written by one thread. Sums over
///     all people (residuals, norms) are reduced in blocks of fixed size
///     whose partial sums are added in block order, so results are bitwise
///     identical for any `threads`.
///   - Stopping rule (PageRank, eigenvector, Katz): err = sum_v |x_v - xlast_v|
///     < n * tol, as networkx. HITS: err < tol (networkx's rule for hubs).
///   - Not converging within max_iter is not an error here: the result says
///     converged = false and holds the last iterate (networkx raises
///     PowerIterationFailedConvergence; the Python layer does too, as
///     onakit.ConvergenceError).
///   - `interrupt` is polled once per iteration from the calling thread.
///
/// Complexity: O(max_iter * (n + m)) time (an iteration is one pass over the
/// ties; HITS two), O(n) extra memory plus m weights for a weighted directed
/// graph (the in-adjacency's weights gathered once into a contiguous array).

#include <onakit/centrality/common.hpp>
#include <onakit/detail/parallel.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/types.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

// =========================================================================
// Options and results
// =========================================================================

/// PageRank options (networkx.pagerank's parameters and defaults).
struct pagerank_options {
  double alpha = 0.85;  ///< damping factor, in [0, 1]
  /// Teleport distribution, one value >= 0 per person (normalised to sum 1);
  /// empty = uniform 1/n.
  std::vector<double> personalization{};
  /// Where dangling people's (no out-ties) score goes, one value >= 0 per
  /// person (normalised); empty = the personalization vector.
  std::vector<double> dangling{};
  bool weighted = true;  ///< A[u][v] = w(u -> v); false: 1 per tie
  double tol = 1e-6;     ///< stop when sum |x - xlast| < n * tol
  std::uint32_t max_iter = 100;
  int threads = 0;  ///< 0 = OpenMP default; results do not depend on it
  interrupt_check interrupt{};
};

/// Eigenvector centrality options (networkx.eigenvector_centrality).
struct eigenvector_options {
  bool weighted = true;
  double tol = 1e-6;
  std::uint32_t max_iter = 100;
  int threads = 0;
  interrupt_check interrupt{};
};

/// Katz centrality options (networkx.katz_centrality).
struct katz_options {
  double alpha = 0.1;  ///< attenuation; converges when alpha < 1 / lambda_max(A)
  double beta = 1.0;   ///< exogenous centrality given to every person
  bool weighted = true;
  double tol = 1e-6;
  std::uint32_t max_iter = 1000;
  bool normalized = true;  ///< scale to unit Euclidean norm
  int threads = 0;
  interrupt_check interrupt{};
};

/// HITS options (networkx.hits).
struct hits_options {
  bool weighted = true;
  double tol = 1e-8;  ///< stop when sum |h - hlast| < tol (hubs scaled to max 1)
  std::uint32_t max_iter = 100;
  bool normalized = true;  ///< scale hubs and authorities each to sum 1
  int threads = 0;
  interrupt_check interrupt{};
};

/// Hub and authority scores of every person plus diagnostics.
struct hits_result {
  std::vector<double> hubs;
  std::vector<double> authorities;
  std::uint32_t iterations = 0;
  bool converged = true;
  double residual = 0.0;  ///< last change of the hub vector (L1)
};

// =========================================================================
// Kernel plumbing (internal)
// =========================================================================
namespace detail {

/// Rows of CSR adjacency as raw pointers; weights == nullptr means 1 per tie.
struct csr_rows {
  const edge_id* offsets = nullptr;
  const vertex_id* ends = nullptr;  ///< the other endpoint of each tie
  const weight_t* weights = nullptr;
};

/// True if every tie weighs exactly 1: weighted and unweighted kernels then
/// compute the same numbers, and the unweighted one reads less memory.
inline bool all_unit_weights(const graph& g) noexcept {
  const auto w = g.out_weights();
  return std::all_of(w.begin(), w.end(), [](weight_t x) { return x == 1.0; });
}

/// The in-adjacency (row v = sources u of ties u -> v) as contiguous arrays.
/// A directed graph's in-weights are gathered once, in parallel (so the hot
/// loop reads weights sequentially rather than through in_edges); an
/// undirected graph uses its (symmetric) out-rows. Weights are dropped when
/// all are 1 (same results, less memory traffic).
class weighted_in_rows {
 public:
  weighted_in_rows(const graph& g, bool weighted, [[maybe_unused]] int threads) {
    weighted = weighted && !all_unit_weights(g);
    if (!g.directed()) {
      rows_ = {g.out_offsets().data(), g.out_targets().data(), weighted ? g.out_weights().data() : nullptr};
      return;
    }
    if (weighted) {
      const edge_id* ie = g.in_edges().data();
      const weight_t* ow = g.out_weights().data();
      const auto m = static_cast<std::int64_t>(g.in_edges().size());
      gathered_.resize(static_cast<std::size_t>(m));
      weight_t* out = gathered_.data();
      ONAKIT_OMP(parallel for schedule(static) num_threads(threads) if (m > 100000))
      for (std::int64_t k = 0; k < m; ++k) out[k] = ow[ie[k]];
    }
    rows_ = {g.in_offsets().data(), g.in_sources().data(), weighted ? gathered_.data() : nullptr};
  }
  weighted_in_rows(const weighted_in_rows&) = delete;
  weighted_in_rows& operator=(const weighted_in_rows&) = delete;
  [[nodiscard]] const csr_rows& rows() const noexcept { return rows_; }

 private:
  std::vector<weight_t> gathered_;
  csr_rows rows_;
};

inline csr_rows out_adjacency(const graph& g, bool weighted) {
  weighted = weighted && !all_unit_weights(g);
  return {g.out_offsets().data(), g.out_targets().data(), weighted ? g.out_weights().data() : nullptr};
}

/// sum_{k in row v} x[end_k] * w_k, in row order.
template <bool Weighted>
inline double row_dot(const csr_rows& r, vertex_id v, const double* x) noexcept {
  const edge_id b = r.offsets[v], e = r.offsets[v + 1];
  const auto term = [&](edge_id k) {
    if constexpr (Weighted) return x[r.ends[k]] * r.weights[k];
    else return x[r.ends[k]];
  };
  // Four partial sums: one running sum makes every addition wait for the
  // previous one (the loop ran at the adder's latency, and its speed swung
  // by a quarter with the loop's placement in the binary); four chains keep
  // the adder busy. The order depends on the row alone, never on threads.
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  edge_id k = b;
  for (; k + 4 <= e; k += 4) {
    s0 += term(k);
    s1 += term(k + 1);
    s2 += term(k + 2);
    s3 += term(k + 3);
  }
  for (; k < e; ++k) s0 += term(k);
  return (s0 + s1) + (s2 + s3);
}

/// People per reduction block. Fixed (not derived from the thread count) so
/// that block partial sums, added in block order, do not depend on threads.
inline constexpr std::size_t spectral_block = 2048;

inline std::size_t block_count(std::size_t n) noexcept { return (n + spectral_block - 1) / spectral_block; }

/// Calls f(block, begin, end) for every block of people, in parallel.
template <class F>
inline void for_each_block(std::size_t n, [[maybe_unused]] int threads, F&& f) {
  const auto nb = static_cast<std::int64_t>(block_count(n));
  ONAKIT_OMP(parallel for schedule(dynamic, 1) num_threads(threads) if (nb > 1))
  for (std::int64_t b = 0; b < nb; ++b) {
    const auto ub = static_cast<std::size_t>(b);
    f(ub, static_cast<vertex_id>(ub * spectral_block),
      static_cast<vertex_id>(std::min(n, (ub + 1) * spectral_block)));
  }
}

/// Sum of block partials in block order (the fixed reduction order).
inline double ordered_sum(const std::vector<double>& partial) noexcept {
  double s = 0.0;
  for (const double p : partial) s += p;
  return s;
}

/// Checks a per-person distribution and returns it normalised to sum 1.
inline std::vector<double> distribution(const std::vector<double>& v, std::size_t n, const char* what) {
  if (v.size() != n)
    throw invalid_option(std::string("pagerank: ") + what + " has " + std::to_string(v.size()) +
                         " values for " + std::to_string(n) + " people");
  double s = 0.0;
  for (const double x : v) {
    if (!(x >= 0) || !std::isfinite(x))
      throw invalid_option(std::string("pagerank: ") + what + " values must be finite and >= 0");
    s += x;
  }
  if (!(s > 0)) throw invalid_option(std::string("pagerank: ") + what + " must not be all zero");
  std::vector<double> out(v);
  for (double& x : out) x /= s;
  return out;
}

inline void check_iteration(double tol, int threads, const char* who) {
  if (!(tol > 0) || !std::isfinite(tol))
    throw invalid_option(std::string(who) + ": tol must be a positive finite number");
  check_threads(threads);
}

/// row_dot() of the rows' weights (nullptr = unit weights).
inline double row_sum(const csr_rows& r, vertex_id v, const double* x) noexcept {
  return r.weights != nullptr ? row_dot<true>(r, v, x) : row_dot<false>(r, v, x);
}

/// Euclidean norm of `v`, summed per block in block order (so it does not
/// depend on the thread count); `part` holds block_count(n) partials.
inline double euclidean_norm(const std::vector<double>& v, int threads, std::vector<double>& part) {
  for_each_block(v.size(), threads, [&](std::size_t b, vertex_id lo, vertex_id hi) {
    part[b] = Eigen::Map<const Eigen::VectorXd>(v.data() + lo, static_cast<Eigen::Index>(hi - lo)).squaredNorm();
  });
  return std::sqrt(ordered_sum(part));
}

/// The one power-iteration loop of this file. Each round polls `interrupt`,
/// calls `step()`, which computes x_new from x and stores in part[b] the L1
/// change |x_new - x| of block b, then swaps x and x_new; it stops when the
/// change falls below `threshold` (converged) or after `max_iter` rounds.
/// Records iterations, residual and converged in `r`.
template <class Result, class Step>
void iterate(Result& r, std::vector<double>& x, std::vector<double>& x_new, const std::vector<double>& part,
             std::uint32_t max_iter, double threshold, const interrupt_check& interrupt, const char* computation,
             Step&& step) {
  r.converged = false;
  for (std::uint32_t it = 1; it <= max_iter; ++it) {
    poll(interrupt, computation);
    step();
    x.swap(x_new);
    r.residual = ordered_sum(part);
    r.iterations = it;
    if (r.residual < threshold) {
      r.converged = true;
      return;
    }
  }
}

}  // namespace detail

// =========================================================================
// PageRank
// =========================================================================

/// PageRank (Brin & Page 1998, "The anatomy of a large-scale hypertextual
/// Web search engine"; Page, Brin, Motwani & Winograd 1999), exactly as
/// networkx.pagerank computes it.
///
/// With out-strength s(u) = sum_v A[u][v], personalization p (sum 1) and
/// dangling distribution d (sum 1, default p), starting from x = 1/n:
///
///     x_new[v] = alpha * ( sum_{u -> v} x[u] A[u][v] / s(u)
///                          + d[v] * sum_{u : s(u) = 0} x[u] )
///                + (1 - alpha) * p[v]
///
/// until sum_v |x_new[v] - x[v]| < n * tol. Scores sum to 1. An undirected
/// graph is treated as each tie in both directions.
///
/// Complexity O(iterations * (n + m)); 1/s(u) is computed once and the
/// iteration allocates nothing.
///
/// \code
///   onakit::pagerank_options opt;
///   opt.tol = 1e-10;
///   auto r = onakit::pagerank(g, opt);  // r.scores, r.iterations, r.converged
/// \endcode
/// \throws invalid_option for `alpha` outside [0, 1], a `tol` that is not positive and finite,
///         `threads` out of range, or a bad `personalization` / `dangling` vector;
///         interrupted when `interrupt` asks to stop.
[[nodiscard]] inline centrality_result pagerank(const graph& g, const pagerank_options& opt = {}) {
  if (!(opt.alpha >= 0 && opt.alpha <= 1)) throw invalid_option("pagerank: alpha must be in [0, 1]");
  detail::check_iteration(opt.tol, opt.threads, "pagerank");
  const std::size_t n = g.num_vertices();
  centrality_result r;
  if (n == 0) return r;
  const double inv_n = 1.0 / static_cast<double>(n);
  const std::vector<double> p =
      opt.personalization.empty() ? std::vector<double>(n, inv_n)
                                  : detail::distribution(opt.personalization, n, "personalization");
  const std::vector<double> d =
      opt.dangling.empty() ? p : detail::distribution(opt.dangling, n, "dangling");

  const int threads = detail::thread_count(opt.threads, g.num_vertices());
  const detail::weighted_in_rows in(g, opt.weighted, threads);
  const detail::csr_rows& rows = in.rows();
  const std::size_t nb = detail::block_count(n);

  // 1 / out-strength (0 for dangling people, who have no out-strength).
  std::vector<double> inv_s(n);
  {
    const edge_id* off = g.out_offsets().data();
    const weight_t* w = g.out_weights().data();
    const bool weighted = rows.weights != nullptr;
    detail::for_each_block(n, threads, [&](std::size_t, vertex_id lo, vertex_id hi) {
      for (vertex_id u = lo; u < hi; ++u) {
        double s = 0.0;
        if (weighted) for (edge_id e = off[u]; e < off[u + 1]; ++e) s += w[e];
        else s = static_cast<double>(off[u + 1] - off[u]);
        inv_s[u] = s != 0.0 ? 1.0 / s : 0.0;
      }
    });
  }
  // y = x / out-strength, kept beside x so each round reads one vector.
  std::vector<double> x(n, inv_n), x_new(n), y(n), y_new(n);
  std::vector<double> err_part(nb), dang_part(nb);
  double dangling_sum = 0.0;
  for (std::size_t u = 0; u < n; ++u) {
    y[u] = x[u] * inv_s[u];
    dangling_sum += inv_s[u] == 0.0 ? x[u] : 0.0;
  }

  const double alpha = opt.alpha, teleport = 1.0 - opt.alpha;
  auto step = [&]<bool Weighted>() {
    const double c = alpha * dangling_sum;
    const double* xp = x.data();
    const double* yp = y.data();
    double* xn = x_new.data();
    double* yn = y_new.data();
    detail::for_each_block(n, threads, [&](std::size_t b, vertex_id lo, vertex_id hi) {
      double err = 0.0, dang = 0.0;
      for (vertex_id v = lo; v < hi; ++v) {
        const double xv = alpha * detail::row_dot<Weighted>(rows, v, yp) + (c * d[v] + teleport * p[v]);
        err += std::abs(xv - xp[v]);
        xn[v] = xv;
        yn[v] = xv * inv_s[v];
        dang += inv_s[v] == 0.0 ? xv : 0.0;
      }
      err_part[b] = err;
      dang_part[b] = dang;
    });
    y.swap(y_new);
    dangling_sum = detail::ordered_sum(dang_part);
  };
  detail::iterate(r, x, x_new, err_part, opt.max_iter, static_cast<double>(n) * opt.tol, opt.interrupt, "pagerank", [&] {
    if (rows.weights != nullptr) step.template operator()<true>();
    else step.template operator()<false>();
  });
  r.scores = std::move(x);
  return r;
}

// =========================================================================
// Eigenvector centrality
// =========================================================================

/// Eigenvector centrality (Bonacich, P. 1987, "Power and centrality: a
/// family of measures", Am. J. Sociology 92:1170-1182), as
/// networkx.eigenvector_centrality computes it: the leading left eigenvector
/// of A (in-ties of a directed graph), found by power iteration on A^T + I
/// (the shift makes the iteration converge on bipartite graphs without
/// changing the eigenvector):
///
///     x_new[v] = (x[v] + sum_{u -> v} x[u] A[u][v]) / ||.||_2
///
/// from x = 1/n, until sum_v |x_new[v] - x[v]| < n * tol. Scores have unit
/// Euclidean norm. On a disconnected graph (or a directed graph that is not
/// strongly connected) the limit depends on the start, as in networkx.
///
/// Complexity O(iterations * (n + m)).
///
/// \code
///   auto r = onakit::eigenvector(g);  // weighted, tol 1e-6, 100 iterations
/// \endcode
/// \throws invalid_option for a `tol` that is not positive and finite or `threads` out of range;
///         interrupted when `interrupt` asks to stop.
[[nodiscard]] inline centrality_result eigenvector(const graph& g, const eigenvector_options& opt = {}) {
  detail::check_iteration(opt.tol, opt.threads, "eigenvector");
  const std::size_t n = g.num_vertices();
  centrality_result r;
  if (n == 0) return r;
  const int threads = detail::thread_count(opt.threads, g.num_vertices());
  const detail::weighted_in_rows in(g, opt.weighted, threads);
  const detail::csr_rows& rows = in.rows();
  std::vector<double> x(n, 1.0 / static_cast<double>(n)), x_new(n), part(detail::block_count(n));
  detail::iterate(r, x, x_new, part, opt.max_iter, static_cast<double>(n) * opt.tol, opt.interrupt, "eigenvector", [&] {
    const double* xp = x.data();
    double* xn = x_new.data();
    // Pass 1: x_new = (A^T + I) x and its squared norm.
    detail::for_each_block(n, threads, [&](std::size_t b, vertex_id lo, vertex_id hi) {
      for (vertex_id v = lo; v < hi; ++v) xn[v] = xp[v] + detail::row_sum(rows, v, xp);
      part[b] = Eigen::Map<const Eigen::VectorXd>(xn + lo, static_cast<Eigen::Index>(hi - lo)).squaredNorm();
    });
    const double norm = std::sqrt(detail::ordered_sum(part));
    const double inv = norm != 0.0 ? 1.0 / norm : 1.0;
    // Pass 2: normalise and measure the change.
    detail::for_each_block(n, threads, [&](std::size_t b, vertex_id lo, vertex_id hi) {
      double err = 0.0;
      for (vertex_id v = lo; v < hi; ++v) {
        xn[v] *= inv;
        err += std::abs(xn[v] - xp[v]);
      }
      part[b] = err;
    });
  });
  r.scores = std::move(x);
  return r;
}

// =========================================================================
// Katz centrality
// =========================================================================

/// Katz centrality (Katz, L. 1953, "A new status index derived from
/// sociometric analysis", Psychometrika 18:39-43), as
/// networkx.katz_centrality computes it: the solution of
/// x = alpha A^T x + beta, by the iteration
///
///     x_new[v] = alpha * sum_{u -> v} x[u] A[u][v] + beta
///
/// from x = 0, until sum_v |x_new[v] - x[v]| < n * tol; then, with
/// `normalized`, x is scaled to unit Euclidean norm. The series converges
/// only when alpha < 1 / lambda_max(A).
///
/// Complexity O(iterations * (n + m)).
///
/// \code
///   onakit::katz_options opt;
///   opt.alpha = 0.05;
///   auto r = onakit::katz(g, opt);
/// \endcode
/// \throws invalid_option for a non-finite `alpha` or `beta`, a `tol` that is not positive and
///         finite, or `threads` out of range; interrupted when `interrupt` asks to stop.
[[nodiscard]] inline centrality_result katz(const graph& g, const katz_options& opt = {}) {
  detail::check_iteration(opt.tol, opt.threads, "katz");
  if (!std::isfinite(opt.alpha) || !std::isfinite(opt.beta))
    throw invalid_option("katz: alpha and beta must be finite");
  const std::size_t n = g.num_vertices();
  centrality_result r;
  if (n == 0) return r;
  const int threads = detail::thread_count(opt.threads, g.num_vertices());
  const detail::weighted_in_rows in(g, opt.weighted, threads);
  const detail::csr_rows& rows = in.rows();
  std::vector<double> x(n, 0.0), x_new(n), part(detail::block_count(n));
  detail::iterate(r, x, x_new, part, opt.max_iter, static_cast<double>(n) * opt.tol, opt.interrupt, "katz", [&] {
    const double* xp = x.data();
    double* xn = x_new.data();
    detail::for_each_block(n, threads, [&](std::size_t b, vertex_id lo, vertex_id hi) {
      double err = 0.0;
      for (vertex_id v = lo; v < hi; ++v) {
        xn[v] = opt.alpha * detail::row_sum(rows, v, xp) + opt.beta;
        err += std::abs(xn[v] - xp[v]);
      }
      part[b] = err;
    });
  });
  if (opt.normalized) {
    const double norm = detail::euclidean_norm(x, threads, part);
    const double s = norm != 0.0 ? 1.0 / norm : 1.0;
    for (double& v : x) v *= s;
  }
  r.scores = std::move(x);
  return r;
}

// =========================================================================
// HITS
// =========================================================================

/// Hubs and authorities (Kleinberg, J. 1999, "Authoritative sources in a
/// hyperlinked environment", J. ACM 46:604-632), as networkx.hits: an
/// authority receives ties from good hubs, a hub sends ties to good
/// authorities. Power iteration from h = 1/n:
///
///     a[v] = sum_{u -> v} h[u] A[u][v],   h[u] = sum_{u -> v} A[u][v] a[v],
///
/// each scaled to maximum 1, until sum_u |h[u] - hlast[u]| < tol; then, with
/// `normalized`, each vector is scaled to sum 1. The limits are the leading
/// left and right singular vectors of A (networkx computes them with
/// scipy's svds; they agree when the leading singular value is simple).
/// A graph without ties scores 0 everywhere.
///
/// Complexity O(iterations * (n + m)).
///
/// \code
///   auto r = onakit::hits(g);  // r.hubs, r.authorities
/// \endcode
/// \throws invalid_option for a `tol` that is not positive and finite or `threads` out of range;
///         interrupted when `interrupt` asks to stop.
[[nodiscard]] inline hits_result hits(const graph& g, const hits_options& opt = {}) {
  detail::check_iteration(opt.tol, opt.threads, "hits");
  const std::size_t n = g.num_vertices();
  hits_result r;
  if (n == 0) return r;
  const int threads = detail::thread_count(opt.threads, g.num_vertices());
  const detail::weighted_in_rows in(g, opt.weighted, threads);
  const detail::csr_rows& in_rows = in.rows();
  const detail::csr_rows out_rows = detail::out_adjacency(g, opt.weighted);
  const std::size_t nb = detail::block_count(n);
  std::vector<double> h(n, 1.0 / static_cast<double>(n)), h_new(n), a(n), part(nb), part_max(nb);

  auto scale_to_max = [&](std::vector<double>& v) {
    detail::for_each_block(n, threads, [&](std::size_t b, vertex_id lo, vertex_id hi) {
      part_max[b] = *std::max_element(v.begin() + lo, v.begin() + hi);
    });
    const double mx = *std::max_element(part_max.begin(), part_max.end());
    if (mx > 0) {
      const double s = 1.0 / mx;
      for (double& x : v) x *= s;
    }
  };
  detail::iterate(r, h, h_new, part, opt.max_iter, opt.tol, opt.interrupt, "hits", [&] {
    const double* hp = h.data();
    double* ap = a.data();
    detail::for_each_block(n, threads, [&](std::size_t, vertex_id lo, vertex_id hi) {
      for (vertex_id v = lo; v < hi; ++v) ap[v] = detail::row_sum(in_rows, v, hp);
    });
    double* hn = h_new.data();
    detail::for_each_block(n, threads, [&](std::size_t, vertex_id lo, vertex_id hi) {
      for (vertex_id u = lo; u < hi; ++u) hn[u] = detail::row_sum(out_rows, u, ap);
    });
    scale_to_max(h_new);
    scale_to_max(a);
    detail::for_each_block(n, threads, [&](std::size_t b, vertex_id lo, vertex_id hi) {
      double err = 0.0;
      for (vertex_id u = lo; u < hi; ++u) err += std::abs(hn[u] - hp[u]);
      part[b] = err;
    });
  });
  if (opt.normalized) {
    for (auto* v : {&h, &a}) {
      detail::for_each_block(n, threads, [&](std::size_t b, vertex_id lo, vertex_id hi) {
        part[b] = Eigen::Map<const Eigen::VectorXd>(v->data() + lo, static_cast<Eigen::Index>(hi - lo)).sum();
      });
      const double s = detail::ordered_sum(part);
      if (s > 0)
        for (double& x : *v) x /= s;
    }
  }
  r.hubs = std::move(h);
  r.authorities = std::move(a);
  return r;
}

}  // namespace onakit
