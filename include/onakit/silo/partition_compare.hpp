#pragma once
/// \file partition_compare.hpp
/// How much two partitions of the same people agree: normalised mutual
/// information, adjusted mutual information and the adjusted Rand index,
/// equal to scikit-learn's scores.
///
/// ## Definitions
/// With N people, the contingency table n_ij (people in class i of `a` and
/// cluster j of `b`), row sums a_i and column sums b_j:
///   - entropy  H(a) = -sum_i (a_i/N) log(a_i/N)  (natural log);
///   - mutual information  MI = sum_ij (n_ij/N) log(N n_ij / (a_i b_j));
///   - NMI = MI / ((H(a) + H(b)) / 2)  (Strehl & Ghosh 2002; arithmetic mean,
///     sklearn.metrics.normalized_mutual_info_score's default);
///   - AMI = (MI - E[MI]) / ((H(a) + H(b)) / 2 - E[MI])  (Vinh, Epps & Bailey,
///     JMLR 11, 2010), E[MI] the expected MI of two random partitions with the
///     same class sizes under the hypergeometric model:
///         E[MI] = sum_ij sum_{n=max(1, a_i+b_j-N)}^{min(a_i, b_j)}
///                 (n/N) log(N n / (a_i b_j)) *
///                 a_i! b_j! (N-a_i)! (N-b_j)! / (N! n! (a_i-n)! (b_j-n)! (N-a_i-b_j+n)!)
///     the factorials taken in log space with lgamma (as sklearn does);
///     sklearn.metrics.adjusted_mutual_info_score's default;
///   - ARI = 2 (tp tn - fn fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn))
///     over ordered pairs of people (Hubert & Arabie 1985, in sklearn's
///     pair-confusion form).
/// Edge cases follow scikit-learn 1.x: both partitions with one block (or no
/// people) give NMI = AMI = ARI = 1; one of them with a single block gives
/// NMI = AMI = 0; full pair agreement gives ARI = 1.
///
/// Complexity O(N log N) for the table plus O(sum_ij min(a_i, b_j)) for
/// E[MI] (parallel over the classes of `a`; partial sums added in a fixed
/// order so the value does not depend on the thread count).
///
/// Example:
/// \code
///   auto s = onakit::compare_partitions(found, departments);
///   std::printf("NMI %.3f AMI %.3f ARI %.3f\n", s.nmi, s.ami, s.ari);
/// \endcode

#include <onakit/detail/parallel.hpp>
#include <onakit/errors.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// Options of compare_partitions().
struct partition_compare_options {
  int threads = 0;  ///< 0 = OpenMP default (only E[MI] is parallel)
};

/// Agreement scores of two partitions.
struct partition_scores {
  double nmi = 0.0;  ///< normalised mutual information (arithmetic mean)
  double ami = 0.0;  ///< adjusted mutual information (arithmetic mean)
  double ari = 0.0;  ///< adjusted Rand index
  double mutual_information = 0.0;   ///< MI in nats
  double expected_mutual_information = 0.0;  ///< E[MI] under the hypergeometric model
  std::uint32_t blocks_a = 0;  ///< number of distinct labels in a
  std::uint32_t blocks_b = 0;  ///< number of distinct labels in b
  std::uint64_t people = 0;    ///< N
};

namespace detail {

/// Labels -> codes 0..k-1 (in sorted label order); returns k.
inline std::uint32_t code_labels(std::span<const std::uint32_t> labels, std::vector<std::uint32_t>& codes) {
  std::vector<std::uint32_t> u(labels.begin(), labels.end());
  std::sort(u.begin(), u.end());
  u.erase(std::unique(u.begin(), u.end()), u.end());
  codes.resize(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i)
    codes[i] = static_cast<std::uint32_t>(std::lower_bound(u.begin(), u.end(), labels[i]) - u.begin());
  return static_cast<std::uint32_t>(u.size());
}

/// Entropy of block sizes, as sklearn's _entropy.
inline double entropy_of(const std::vector<std::int64_t>& sizes) {
  if (sizes.size() <= 1) return 0.0;
  double total = 0.0;
  for (const auto s : sizes) total += static_cast<double>(s);
  const double log_total = std::log(total);
  double h = 0.0;
  for (const auto s : sizes) {
    const double p = static_cast<double>(s);
    h += (p / total) * (std::log(p) - log_total);
  }
  return -h;
}

}  // namespace detail

/// Scores two partitions of the same N people given as one label per person
/// (any label values). Throws invalid_option if the lengths differ.
[[nodiscard]] inline partition_scores compare_partitions(std::span<const std::uint32_t> a,
                                                         std::span<const std::uint32_t> b,
                                                         const partition_compare_options& opt = {}) {
  detail::check_threads(opt.threads);
  if (a.size() != b.size())
    throw invalid_option("compare_partitions: the partitions have " + std::to_string(a.size()) + " and " +
                         std::to_string(b.size()) + " people; give one label per person in both");
  partition_scores s;
  const std::size_t n = a.size();
  s.people = n;
  std::vector<std::uint32_t> ca, cb;
  const std::uint32_t ka = detail::code_labels(a, ca);
  const std::uint32_t kb = detail::code_labels(b, cb);
  s.blocks_a = ka;
  s.blocks_b = kb;
  // Sparse contingency table: sorted (row, column) keys, run lengths.
  std::vector<std::uint64_t> keys(n);
  for (std::size_t i = 0; i < n; ++i) keys[i] = (static_cast<std::uint64_t>(ca[i]) << 32) | cb[i];
  std::sort(keys.begin(), keys.end());
  std::vector<std::uint32_t> nz_row, nz_col;
  std::vector<std::int64_t> nz_val;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && keys[j] == keys[i]) ++j;
    nz_row.push_back(static_cast<std::uint32_t>(keys[i] >> 32));
    nz_col.push_back(static_cast<std::uint32_t>(keys[i] & 0xFFFFFFFFULL));
    nz_val.push_back(static_cast<std::int64_t>(j - i));
    i = j;
  }
  std::vector<std::int64_t> row(ka, 0), col(kb, 0);
  for (std::size_t i = 0; i < n; ++i) ++row[ca[i]], ++col[cb[i]];

  // ---- ARI from the pair confusion matrix (exact integers, long double at the end)
  {
    const auto N = static_cast<std::int64_t>(n);
    std::int64_t sum_squares = 0, row_dot = 0, col_dot = 0;
    for (std::size_t t = 0; t < nz_val.size(); ++t) {
      sum_squares += nz_val[t] * nz_val[t];
      row_dot += nz_val[t] * col[nz_col[t]];
      col_dot += nz_val[t] * row[nz_row[t]];
    }
    const std::int64_t tp = sum_squares - N;
    const std::int64_t fp = row_dot - sum_squares;  // sklearn's C[0,1]
    const std::int64_t fn = col_dot - sum_squares;  // sklearn's C[1,0]
    const std::int64_t tn = N * N - fp - fn - sum_squares;
    if (fn == 0 && fp == 0) {
      s.ari = 1.0;
    } else {
      using ld = long double;
      const ld num = 2.0L * (static_cast<ld>(tp) * static_cast<ld>(tn) - static_cast<ld>(fn) * static_cast<ld>(fp));
      const ld den = static_cast<ld>(tp + fn) * static_cast<ld>(fn + tn) + static_cast<ld>(tp + fp) * static_cast<ld>(fp + tn);
      s.ari = static_cast<double>(num / den);
    }
  }

  if ((ka == 1 && kb == 1) || (ka == 0 && kb == 0)) {
    s.nmi = s.ami = 1.0;
    return s;
  }
  const double h_a = detail::entropy_of(row), h_b = detail::entropy_of(col);
  const double normalizer = (h_a + h_b) / 2.0;

  // ---- MI, term by term as sklearn's mutual_info_score
  double mi = 0.0;
  if (ka > 1 && kb > 1) {
    const double total = static_cast<double>(n);
    const double log_total = std::log(total);
    for (std::size_t t = 0; t < nz_val.size(); ++t) {
      const double v = static_cast<double>(nz_val[t]);
      const double p = v / total;
      const double outer = static_cast<double>(row[nz_row[t]] * col[nz_col[t]]);
      const double log_outer = -std::log(outer) + log_total + log_total;
      double term = p * (std::log(v) - log_total) + p * log_outer;
      if (std::abs(term) < DBL_EPSILON) term = 0.0;
      mi += term;
    }
    mi = std::max(mi, 0.0);
  }
  s.mutual_information = mi;
  s.nmi = mi == 0.0 ? 0.0 : mi / normalizer;

  if (ka == 1 || kb == 1) {
    s.ami = 0.0;
    return s;
  }

  // ---- E[MI], as sklearn's expected_mutual_information
  const auto N = static_cast<std::int64_t>(n);
  const double Nd = static_cast<double>(n);
  const std::int64_t max_ab = std::max(*std::max_element(row.begin(), row.end()), *std::max_element(col.begin(), col.end()));
  std::vector<double> log_nnij(static_cast<std::size_t>(max_ab) + 1), gln_nnij(log_nnij.size()), term1(log_nnij.size());
  // log k! for k = 0..N, computed once: every lgamma argument below is an
  // integer + 1, and the parallel loop must not call lgamma (glibc's writes
  // the global signgam).
  std::vector<double> log_fact(n + 1);
  for (std::size_t k = 0; k <= n; ++k) log_fact[k] = std::lgamma(static_cast<double>(k) + 1.0);
  const double gln_n1 = log_fact[n];
  for (std::int64_t x = 1; x <= max_ab; ++x) {
    const double xd = static_cast<double>(x);
    term1[static_cast<std::size_t>(x)] = xd / Nd;
    log_nnij[static_cast<std::size_t>(x)] = std::log(Nd) + std::log(xd);
    gln_nnij[static_cast<std::size_t>(x)] = log_fact[static_cast<std::size_t>(x)] + gln_n1;
  }
  auto prep = [&](const std::vector<std::int64_t>& v, std::vector<double>& lg, std::vector<double>& gl,
                  std::vector<double>& gln_nv) {
    lg.resize(v.size()), gl.resize(v.size()), gln_nv.resize(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      const double x = static_cast<double>(v[i]);
      lg[i] = std::log(x);
      gl[i] = log_fact[static_cast<std::size_t>(v[i])];
      gln_nv[i] = log_fact[n - static_cast<std::size_t>(v[i])];
    }
  };
  std::vector<double> log_a, gln_a, gln_na, log_b, gln_b, gln_nb;
  prep(row, log_a, gln_a, gln_na);
  prep(col, log_b, gln_b, gln_nb);
  std::vector<double> partial(ka, 0.0);
  const auto ska = static_cast<std::int64_t>(ka);
  ONAKIT_OMP(parallel for schedule(dynamic, 1) num_threads(detail::thread_count(opt.threads, ka))
                 if (static_cast<std::uint64_t>(ka) * kb >= 2048))
  for (std::int64_t si = 0; si < ska; ++si) {
    const auto i = static_cast<std::size_t>(si);
    const std::int64_t ai = row[i];
    double sum = 0.0;
    for (std::size_t j = 0; j < kb; ++j) {
      const std::int64_t bj = col[j];
      const std::int64_t start = std::max<std::int64_t>(1, ai - N + bj);
      const std::int64_t end = std::min(ai, bj) + 1;
      for (std::int64_t x = start; x < end; ++x) {
        const auto ux = static_cast<std::size_t>(x);
        const double term2 = log_nnij[ux] - log_a[i] - log_b[j];
        const double gln = gln_a[i] + gln_b[j] + gln_na[i] + gln_nb[j] - gln_nnij[ux] -
                           log_fact[static_cast<std::size_t>(ai - x)] - log_fact[static_cast<std::size_t>(bj - x)] -
                           log_fact[static_cast<std::size_t>(N - ai - bj + x)];
        sum += term1[ux] * term2 * std::exp(gln);
      }
    }
    partial[i] = sum;
  }
  double emi = 0.0;
  for (const double p : partial) emi += p;
  s.expected_mutual_information = emi;
  double denominator = normalizer - emi;
  if (denominator < 0) denominator = std::min(denominator, -DBL_EPSILON);
  else denominator = std::max(denominator, DBL_EPSILON);
  s.ami = (mi - emi) / denominator;
  return s;
}

}  // namespace onakit
