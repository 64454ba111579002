// Binding of the force-directed layout (include/onakit/graph/layout.hpp):
// x and y per person as numpy views; the Python façade labels them.
#include <onakit/graph/layout.hpp>

#include "bindings.hpp"

#include <cmath>
#include <cstdint>
#include <string>

namespace onakit::python {

void bind_layout(py::module_& m) {
  using namespace pybind11::literals;
  py::class_<layout_result> lr(m, "layout_result");
  def_array(lr, "x", &layout_result::x);
  def_array(lr, "y", &layout_result::y);
  lr.def_readonly("iterations", &layout_result::iterations).def_readonly("isolates", &layout_result::isolates);

  m.def(
      "force_layout",
      [](graph_ref g, int_arg iterations, int_arg seed, int_arg threads, real_arg scaling,
         real_arg gravity, real_arg theta, bool_arg weighted) {
        layout_options o;
        o.iterations = int_option<std::uint32_t>(iterations, "iterations", 1, 1'000'000);
        o.seed = int_option<std::uint64_t>(seed, "seed");
        o.threads = threads_option(threads);
        o.scaling = real_option(scaling, "scaling");
        o.gravity = real_option(gravity, "gravity");
        o.theta = real_option(theta, "theta");
        o.weighted = bool_option(weighted, "weighted");
        o.interrupt = python_interrupt();
        return without_gil([&] { return onakit::force_layout(g, o); });
      },
      // Defaults from layout_options, so they live in one place.
      "g"_a, "iterations"_a = layout_options{}.iterations, "seed"_a = layout_options{}.seed,
      "threads"_a = layout_options{}.threads, "scaling"_a = layout_options{}.scaling,
      "gravity"_a = layout_options{}.gravity, "theta"_a = layout_options{}.theta,
      "weighted"_a = layout_options{}.weighted);
}

}  // namespace onakit::python
