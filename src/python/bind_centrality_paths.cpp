// Bindings of the path-based centrality measures (betweenness, closeness,
// harmonic, reach). Kernels run with the GIL released and poll Ctrl-C.
#include <onakit/centrality/betweenness.hpp>
#include <onakit/centrality/closeness.hpp>
#include <onakit/centrality/reach.hpp>

#include "bindings.hpp"

#include <cstdint>

namespace onakit::python {

namespace {
using namespace pybind11::literals;
}  // namespace

void bind_centrality_paths(py::module_& m) {
  py::class_<betweenness_result> br(m, "betweenness_result");
  def_array(br, "scores", &betweenness_result::scores);
  br.def_readonly("samples", &betweenness_result::samples)
      .def_readonly("vertex_diameter", &betweenness_result::vertex_diameter)
      .def_readonly("exact", &betweenness_result::exact)
      .def_readonly("searches", &betweenness_result::searches);

  m.def(
      "betweenness",
      [](graph_ref g, bool normalized, bool weighted, bool endpoints, bool approximate, double epsilon, double delta,
         int_arg seed_arg, int_arg threads_arg, progress_arg progress) {
        const int threads = threads_option(threads_arg);
        const auto seed = int_option<std::uint64_t>(seed_arg, "seed");
        onakit::betweenness_options o;
        o.normalized = normalized;
        o.weighted = weighted;
        o.endpoints = endpoints;
        o.approximate = approximate;
        o.epsilon = epsilon;
        o.delta = delta;
        o.seed = seed;
        o.threads = threads;
        o.interrupt = python_interrupt(progress);
        auto r = without_gil([&] { return onakit::betweenness(g, o); });
        return r;
      },
      "g"_a, "normalized"_a = true, "weighted"_a = false, "endpoints"_a = false, "approximate"_a = false,
      "epsilon"_a = 0.01, "delta"_a = 0.1, "seed"_a = 0, "threads"_a = 0, "progress"_a = py::none());

  m.def(
      "closeness",
      [](graph_ref g, bool weighted, bool wf_improved, int_arg threads_arg, progress_arg progress) {
        const int threads = threads_option(threads_arg);
        onakit::closeness_options o;
        o.weighted = weighted;
        o.wf_improved = wf_improved;
        o.threads = threads;
        o.interrupt = python_interrupt(progress);
        auto r = without_gil([&] { return onakit::closeness(g, o); });
        return to_numpy(r.scores);
      },
      "g"_a, "weighted"_a = false, "wf_improved"_a = true, "threads"_a = 0, "progress"_a = py::none());

  m.def(
      "harmonic",
      [](graph_ref g, bool weighted, int_arg threads_arg, progress_arg progress) {
        const int threads = threads_option(threads_arg);
        onakit::harmonic_options o;
        o.weighted = weighted;
        o.threads = threads;
        o.interrupt = python_interrupt(progress);
        auto r = without_gil([&] { return onakit::harmonic(g, o); });
        return to_numpy(r.scores);
      },
      "g"_a, "weighted"_a = false, "threads"_a = 0, "progress"_a = py::none());

  m.def(
      "reach",
      [](graph_ref g, int_arg k_arg, int_arg threads_arg) {
        const int threads = threads_option(threads_arg);
        const auto k = int_option<std::uint32_t>(k_arg, "k");
        onakit::reach_options o;
        o.k = k;
        o.threads = threads;
        o.interrupt = python_interrupt();
        auto r = without_gil([&] { return onakit::reach(g, o); });
        return to_numpy(r.scores);
      },
      "g"_a, "k"_a = 2, "threads"_a = 0);
}

}  // namespace onakit::python
