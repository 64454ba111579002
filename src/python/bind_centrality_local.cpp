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
  m.def(
      "clustering",
      [](graph_ref g, bool weighted, py::object threads_arg) {
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
        auto r = without_gil([&] { return onakit::cut_points(g, {.interrupt = python_interrupt()}); });
        std::vector<std::uint32_t> s, t;
        s.reserve(r.bridges.size());
        t.reserve(r.bridges.size());
        for (const auto& [u, v] : r.bridges) s.push_back(u), t.push_back(v);
        return py::make_tuple(to_numpy(r.articulation), to_numpy(s), to_numpy(t));
      },
      "g"_a);

  m.def(
      "structural_holes",
      [](graph_ref g, bool weighted, py::object threads_arg) {
        const int threads = threads_option(threads_arg);
        auto r = without_gil([&] {
          return onakit::structural_holes(
              g, {.weighted = weighted, .threads = threads, .interrupt = python_interrupt()});
        });
        return py::dict("constraint"_a = to_numpy(r.constraint), "effective_size"_a = to_numpy(r.effective_size),
                        "efficiency"_a = to_numpy(r.efficiency), "hierarchy"_a = to_numpy(r.hierarchy));
      },
      "g"_a, "weighted"_a = true, "threads"_a = 0);

  m.def(
      "brokerage",
      [](graph_ref g, py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast> groups, py::object threads_arg) {
        const int threads = threads_option(threads_arg);
        const std::span<const std::uint32_t> grp(groups.data(), static_cast<std::size_t>(groups.size()));
        auto r = without_gil([&] {
          return onakit::brokerage(g, grp, {.threads = threads, .interrupt = python_interrupt()});
        });
        return py::dict("coordinator"_a = to_numpy(r.coordinator), "itinerant"_a = to_numpy(r.itinerant),
                        "representative"_a = to_numpy(r.representative), "gatekeeper"_a = to_numpy(r.gatekeeper),
                        "liaison"_a = to_numpy(r.liaison), "total"_a = to_numpy(r.total));
      },
      "g"_a, "groups"_a, "threads"_a = 0);

  m.def(
      "core_periphery",
      [](graph_ref g, py::object max_iter_arg, double tol, py::object seed_arg, bool weighted) {
        const auto seed = int_option<std::uint64_t>(seed_arg, "seed");
        const auto max_iter = int_option<std::uint32_t>(max_iter_arg, "max_iter");
        auto r = without_gil([&] {
          return onakit::core_periphery(
              g, {.max_iter = max_iter, .tol = tol, .seed = seed, .weighted = weighted, .interrupt = python_interrupt()});
        });
        return py::make_tuple(to_numpy(r.scores), r.fit, r.iterations, r.converged, r.residual);
      },
      "g"_a, "max_iter"_a = 1000, "tol"_a = 1e-10, "seed"_a = 0, "weighted"_a = false);
}

}  // namespace onakit::python
