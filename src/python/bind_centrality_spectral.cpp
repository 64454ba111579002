// Bindings of degree and the spectral centrality measures
// (include/onakit/centrality/degree.hpp, spectral.hpp). Each returns plain
// numpy arrays and diagnostics; the Python façade labels them.
#include <onakit/centrality/degree.hpp>
#include <onakit/centrality/spectral.hpp>

#include "bindings.hpp"

#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

namespace onakit::python {

namespace {

using darray = py::array_t<double, py::array::c_style | py::array::forcecast>;

std::vector<double> to_vector(const std::optional<darray>& a) {
  if (!a) return {};
  return {a->data(), a->data() + a->size()};
}

}  // namespace

void bind_centrality_spectral(py::module_& m) {
  using namespace pybind11::literals;
  // Bound once here; betweenness_result (bind_centrality_paths.cpp) derives from it.
  py::class_<centrality_result> cr(m, "centrality_result");
  def_array(cr, "scores", &centrality_result::scores);
  cr.def_readonly("iterations", &centrality_result::iterations)
      .def_readonly("converged", &centrality_result::converged)
      .def_readonly("residual", &centrality_result::residual);

  py::class_<hits_result> hr(m, "hits_result");
  def_array(hr, "hubs", &hits_result::hubs);
  def_array(hr, "authorities", &hits_result::authorities);
  hr.def_readonly("iterations", &hits_result::iterations)
      .def_readonly("converged", &hits_result::converged)
      .def_readonly("residual", &hits_result::residual);

  m.def(
      "degree",
      [](graph_ref g, const std::string& direction, bool weighted, bool normalized) {
        degree_options o;
        if (direction == "total") o.direction = degree_direction::total;
        else if (direction == "in") o.direction = degree_direction::in;
        else if (direction == "out") o.direction = degree_direction::out;
        else throw invalid_option("degree: direction must be 'total', 'in' or 'out', not '" + direction + "'");
        o.weighted = weighted;
        o.normalized = normalized;
        auto r = without_gil([&] { return onakit::degree(g, o); });
        return to_numpy(r.scores);
      },
      "g"_a, "direction"_a = "total", "weighted"_a = false, "normalized"_a = true);

  // Options are built with designated initializers in the C++ field order;
  // the integer and real options go through int_option and real_option so a bad value names its keyword.
  m.def(
      "pagerank",
      [](graph_ref g, real_arg alpha, std::optional<darray> personalization, bool weighted, real_arg tol,
         int_arg max_iter, std::optional<darray> dangling, int_arg threads) {
        pagerank_options o{.alpha = real_option(alpha, "alpha"),
                           .personalization = to_vector(personalization),
                           .dangling = to_vector(dangling),
                           .weighted = weighted,
                           .tol = real_option(tol, "tol"),
                           .max_iter = int_option<std::uint32_t>(max_iter, "max_iter"),
                           .threads = threads_option(threads),
                           .interrupt = python_interrupt()};
        return without_gil([&] { return onakit::pagerank(g, o); });
      },
      "g"_a, "alpha"_a = 0.85, "personalization"_a = py::none(), "weighted"_a = true, "tol"_a = 1e-6,
      "max_iter"_a = 100, "dangling"_a = py::none(), "threads"_a = 0);

  m.def(
      "eigenvector",
      [](graph_ref g, bool weighted, int_arg max_iter, real_arg tol, int_arg threads) {
        const eigenvector_options o{.weighted = weighted,
                                    .tol = real_option(tol, "tol"),
                                    .max_iter = int_option<std::uint32_t>(max_iter, "max_iter"),
                                    .threads = threads_option(threads),
                                    .interrupt = python_interrupt()};
        return without_gil([&] { return onakit::eigenvector(g, o); });
      },
      "g"_a, "weighted"_a = true, "max_iter"_a = 100, "tol"_a = 1e-6, "threads"_a = 0);

  m.def(
      "katz",
      [](graph_ref g, real_arg alpha, real_arg beta, bool weighted, int_arg max_iter, real_arg tol, bool normalized,
         int_arg threads) {
        const katz_options o{.alpha = real_option(alpha, "alpha"),
                             .beta = real_option(beta, "beta"),
                             .weighted = weighted,
                             .tol = real_option(tol, "tol"),
                             .max_iter = int_option<std::uint32_t>(max_iter, "max_iter"),
                             .normalized = normalized,
                             .threads = threads_option(threads),
                             .interrupt = python_interrupt()};
        return without_gil([&] { return onakit::katz(g, o); });
      },
      "g"_a, "alpha"_a = 0.1, "beta"_a = 1.0, "weighted"_a = true, "max_iter"_a = 1000, "tol"_a = 1e-6,
      "normalized"_a = true, "threads"_a = 0);

  m.def(
      "hits",
      [](graph_ref g, bool weighted, int_arg max_iter, real_arg tol, bool normalized, int_arg threads) {
        const hits_options o{.weighted = weighted,
                             .tol = real_option(tol, "tol"),
                             .max_iter = int_option<std::uint32_t>(max_iter, "max_iter"),
                             .normalized = normalized,
                             .threads = threads_option(threads),
                             .interrupt = python_interrupt()};
        return without_gil([&] { return onakit::hits(g, o); });
      },
      "g"_a, "weighted"_a = true, "max_iter"_a = 100, "tol"_a = 1e-8, "normalized"_a = true, "threads"_a = 0);
}

}  // namespace onakit::python
