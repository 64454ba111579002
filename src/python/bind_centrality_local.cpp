// Bindings of the local centrality measures (include/onakit/centrality/):
// clustering, core number, cut points, structural holes, brokerage,
// core/periphery. Kernels run with the GIL released and poll Ctrl-C.
#include <onakit/centrality/brokerage.hpp>
#include <onakit/centrality/clustering.hpp>
#include <onakit/centrality/core_periphery.hpp>
#include <onakit/centrality/cores.hpp>
#include <onakit/centrality/cut_points.hpp>
#include <onakit/centrality/structural_holes.hpp>

#include "bindings.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace onakit::python {

using namespace pybind11::literals;

void bind_centrality_local(py::module_& m) {
  py::class_<cut_points_result> cpr(m, "cut_points_result");
  def_array(cpr, "articulation", &cut_points_result::articulation);
  cpr.def_property_readonly("bridges", [](const cut_points_result& r) {  // (k, 2) array of (u, v), u < v
    py::array_t<std::uint32_t> a({static_cast<py::ssize_t>(r.bridges.size()), py::ssize_t{2}});
    auto w = a.mutable_unchecked<2>();
    for (std::size_t i = 0; i < r.bridges.size(); ++i) {
      w(static_cast<py::ssize_t>(i), 0) = r.bridges[i].first;
      w(static_cast<py::ssize_t>(i), 1) = r.bridges[i].second;
    }
    return a;
  });

  py::class_<structural_holes_result> shr(m, "structural_holes_result");
  def_array(shr, "constraint", &structural_holes_result::constraint);
  def_array(shr, "effective_size", &structural_holes_result::effective_size);
  def_array(shr, "efficiency", &structural_holes_result::efficiency);
  def_array(shr, "hierarchy", &structural_holes_result::hierarchy);

  py::class_<brokerage_result> bkr(m, "brokerage_result");
  def_array(bkr, "coordinator", &brokerage_result::coordinator);
  def_array(bkr, "itinerant", &brokerage_result::itinerant);
  def_array(bkr, "representative", &brokerage_result::representative);
  def_array(bkr, "gatekeeper", &brokerage_result::gatekeeper);
  def_array(bkr, "liaison", &brokerage_result::liaison);
  def_array(bkr, "total", &brokerage_result::total);

  py::class_<core_periphery_result> cpe(m, "core_periphery_result");
  def_array(cpe, "scores", &core_periphery_result::scores);
  cpe.def_readonly("fit", &core_periphery_result::fit)
      .def_readonly("iterations", &core_periphery_result::iterations)
      .def_readonly("converged", &core_periphery_result::converged)
      .def_readonly("residual", &core_periphery_result::residual);

  m.def(
      "clustering",
      [](graph_ref g, bool weighted, int_arg threads_arg) {
        const int threads = threads_option(threads_arg);
        auto r = without_gil([&] {
          return onakit::clustering(g, {.weighted = weighted, .threads = threads, .interrupt = python_interrupt()});
        });
        return to_numpy(r.scores);
      },
      "g"_a, "weighted"_a = false, "threads"_a = 0);

  m.def(
      "core_number",
      [](graph_ref g) {
        auto r = without_gil([&] { return onakit::core_number(g, {.interrupt = python_interrupt()}); });
        return to_numpy(r.core);
      },
      "g"_a);

  m.def(
      "cut_points",
      [](graph_ref g) {
        return without_gil([&] { return onakit::cut_points(g, {.interrupt = python_interrupt()}); });
      },
      "g"_a);

  m.def(
      "structural_holes",
      [](graph_ref g, bool weighted, int_arg threads_arg) {
        const int threads = threads_option(threads_arg);
        auto r = without_gil([&] {
          return onakit::structural_holes(
              g, {.weighted = weighted, .threads = threads, .interrupt = python_interrupt()});
        });
        return r;
      },
      "g"_a, "weighted"_a = true, "threads"_a = 0);

  m.def(
      "constraint",
      [](graph_ref g, bool weighted, int_arg threads_arg) {
        const int threads = threads_option(threads_arg);
        return without_gil([&] {
          return onakit::constraint(g, {.weighted = weighted, .threads = threads, .interrupt = python_interrupt()});
        });
      },
      "g"_a, "weighted"_a = true, "threads"_a = 0);

  m.def(
      "brokerage",
      [](graph_ref g, py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast> groups, std::uint32_t k,
         int_arg threads_arg) {
        const int threads = threads_option(threads_arg);
        const std::span<const std::uint32_t> grp(groups.data(), static_cast<std::size_t>(groups.size()));
        auto r = without_gil([&] {
          return onakit::brokerage(g, grp, k, {.threads = threads, .interrupt = python_interrupt()});
        });
        return r;
      },
      "g"_a, "groups"_a, "k"_a, "threads"_a = 0);

  m.def(
      "core_periphery",
      [](graph_ref g, int_arg max_iter_arg, real_arg tol_arg, int_arg seed_arg, bool weighted) {
        const auto seed = int_option<std::uint64_t>(seed_arg, "seed");
        const auto max_iter = int_option<std::uint32_t>(max_iter_arg, "max_iter");
        const double tol = real_option(tol_arg, "tol");
        auto r = without_gil([&] {
          return onakit::core_periphery(
              g, {.max_iter = max_iter, .tol = tol, .seed = seed, .weighted = weighted, .interrupt = python_interrupt()});
        });
        return r;
      },
      "g"_a, "max_iter"_a = 1000, "tol"_a = 1e-10, "seed"_a = 0, "weighted"_a = false);
}

}  // namespace onakit::python
