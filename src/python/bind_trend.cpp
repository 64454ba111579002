// Bindings of organisational change: edge betweenness (all pairs and
// cross-group pairs) and tie churn between periods. Kernels run with the
// GIL released and poll Ctrl-C.
#include <onakit/centrality/edge_betweenness.hpp>
#include <onakit/temporal/network_trend.hpp>

#include "bindings.hpp"

#include <cstdint>
#include <span>

namespace onakit::python {

namespace {
using namespace pybind11::literals;
using codes_array = py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast>;

std::span<const std::uint32_t> codes_span(const codes_array& a) {
  return {a.data(), static_cast<std::size_t>(a.size())};
}
}  // namespace

void bind_trend(py::module_& m) {
  py::class_<edge_betweenness_result> er(m, "edge_betweenness_result");
  def_array(er, "scores", &edge_betweenness_result::scores);
  er.def_readonly("pairs", &edge_betweenness_result::pairs).def_readonly("searches", &edge_betweenness_result::searches);

  m.def(
      "edge_betweenness",
      [](graph_ref g, bool normalized, bool weighted, int_arg threads_arg, progress_arg progress) {
        onakit::edge_betweenness_options o;
        o.normalized = normalized;
        o.weighted = weighted;
        o.threads = threads_option(threads_arg);
        o.interrupt = python_interrupt(progress);
        return without_gil([&] { return onakit::edge_betweenness(g, o); });
      },
      "g"_a, "normalized"_a = true, "weighted"_a = false, "threads"_a = 0, "progress"_a = py::none());

  m.def(
      "group_edge_betweenness",
      [](graph_ref g, codes_array groups, std::uint32_t k, bool weighted, int_arg threads_arg,
         progress_arg progress) {
        onakit::edge_betweenness_options o;
        o.weighted = weighted;
        o.threads = threads_option(threads_arg);
        o.interrupt = python_interrupt(progress);
        return without_gil([&] { return onakit::group_edge_betweenness(g, codes_span(groups), k, o); });
      },
      "g"_a, "groups"_a, "k"_a, "weighted"_a = false, "threads"_a = 0, "progress"_a = py::none());

  py::class_<efficiency_loss_result> el(m, "efficiency_loss_result");
  el.def_readonly("efficiency", &efficiency_loss_result::efficiency);
  def_array(el, "loss", &efficiency_loss_result::loss);

  m.def(
      "group_efficiency_loss",
      [](graph_ref g, codes_array groups, std::uint32_t k,
         py::array_t<edge_id, py::array::c_style | py::array::forcecast> arcs, bool weighted, int_arg threads_arg,
         progress_arg progress) {
        onakit::edge_betweenness_options o;
        o.weighted = weighted;
        o.threads = threads_option(threads_arg);
        o.interrupt = python_interrupt(progress);
        const std::span<const edge_id> a(arcs.data(), static_cast<std::size_t>(arcs.size()));
        return without_gil([&] { return onakit::group_efficiency_loss(g, codes_span(groups), k, a, o); });
      },
      "g"_a, "groups"_a, "k"_a, "arcs"_a, "weighted"_a = false, "threads"_a = 0, "progress"_a = py::none());

  py::class_<tie_churn_result>(m, "tie_churn_result")
      .def_readonly("ties_before", &tie_churn_result::ties_before)
      .def_readonly("ties_after", &tie_churn_result::ties_after)
      .def_readonly("formed", &tie_churn_result::formed)
      .def_readonly("lost", &tie_churn_result::lost)
      .def_readonly("kept", &tie_churn_result::kept)
      .def_readonly("grouped_ties", &tie_churn_result::grouped_ties)
      .def_readonly("cross_group_ties", &tie_churn_result::cross_group_ties)
      .def_readonly("bridging_ties", &tie_churn_result::bridging_ties)
      .def_readonly("churn", &tie_churn_result::churn);

  m.def(
      "tie_churn",
      [](graph_ref before, graph_ref after, codes_array groups) {
        return onakit::tie_churn(before, after, codes_span(groups));
      },
      "before"_a, "after"_a, "groups"_a);
}

}  // namespace onakit::python
