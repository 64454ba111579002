// Bindings of the silo measures: mixing, E-I index, modularity, assortativity, insularity, conductance, boundary spanners, group graph, silo report.
// Group codes arrive as uint32 arrays (onakit._groups.group_codes: NO_GROUP
// = 2^32-1 for people without a group); kernels run with the GIL released.
#include <onakit/silo/boundary.hpp>
#include <onakit/silo/cohesion.hpp>
#include <onakit/silo/ei_index.hpp>
#include <onakit/silo/mixing.hpp>
#include <onakit/silo/modularity.hpp>

#include "bindings.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace onakit::python {

using namespace pybind11::literals;

namespace {
using codes_array = py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast>;

std::span<const std::uint32_t> span_of(const codes_array& a) {
  return {a.data(), static_cast<std::size_t>(a.size())};
}

/// A k x k numpy matrix from a row-major vector.
py::array_t<double> square(const std::vector<double>& v, std::uint32_t k) {
  py::array_t<double> a({static_cast<py::ssize_t>(k), static_cast<py::ssize_t>(k)});
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}
}  // namespace

void bind_silo(py::module_& m) {
  m.def(
      "silo_mixing",
      [](graph_ref g, codes_array groups, std::uint32_t k, bool weighted) {
        auto r = without_gil([&] { return group_mixing(g, span_of(groups), k, {.weighted = weighted}); });
        return py::dict("arcs"_a = square(r.arcs, k), "ties"_a = square(r.ties, k), "self"_a = to_numpy(r.self),
                        "size"_a = to_numpy(r.size), "total"_a = r.total, "ungrouped_ties"_a = r.ungrouped_ties,
                        "ungrouped_weight"_a = r.ungrouped_weight);
      },
      "g"_a, "groups"_a, "k"_a, "weighted"_a = true);

  m.def(
      "silo_group_graph",
      [](graph_ref g, codes_array groups, std::uint32_t k, bool weighted) {
        auto gg = without_gil([&] {
          return group_graph(group_mixing(g, span_of(groups), k, {.weighted = weighted}));
        });
        return std::make_shared<graph>(std::move(gg));
      },
      "g"_a, "groups"_a, "k"_a, "weighted"_a = true);

  m.def(
      "silo_ei_index",
      [](graph_ref g, codes_array groups, std::uint32_t k, bool weighted, py::object permutations_arg,
         py::object seed_arg, py::object threads_arg) {
        const int threads = threads_option(threads_arg);
        const auto seed = int_option<std::uint64_t>(seed_arg, "seed");
        const auto permutations = int_option<std::uint32_t>(permutations_arg, "permutations");
        auto r = without_gil([&] {
          return ei_index(g, span_of(groups), k,
                          {.weighted = weighted, .permutations = permutations, .seed = seed, .threads = threads,
                           .interrupt = python_interrupt()});
        });
        return py::dict(
            "org"_a = py::dict("internal"_a = r.org_internal, "external"_a = r.org_external, "ei"_a = r.org_ei,
                               "expected"_a = r.org_expected, "p_value"_a = r.org_p),
            "group"_a = py::dict("size"_a = to_numpy(r.group_size), "internal"_a = to_numpy(r.group_internal),
                                 "external"_a = to_numpy(r.group_external), "ei"_a = to_numpy(r.group_ei),
                                 "expected"_a = to_numpy(r.group_expected), "p_value"_a = to_numpy(r.group_p)),
            "node"_a = py::dict("internal"_a = to_numpy(r.node_internal), "external"_a = to_numpy(r.node_external),
                                "ei"_a = to_numpy(r.node_ei), "expected"_a = to_numpy(r.node_expected)),
            "grouped_people"_a = r.grouped_people, "excluded_ties"_a = r.excluded_ties,
            "excluded_weight"_a = r.excluded_weight, "self_ties"_a = r.self_ties);
      },
      "g"_a, "groups"_a, "k"_a, "weighted"_a = true, "permutations"_a = 0, "seed"_a = 0, "threads"_a = 0);

  m.def(
      "silo_modularity",
      [](graph_ref g, codes_array groups, std::uint32_t k, double resolution, bool weighted) {
        py::gil_scoped_release release;
        return modularity(g, span_of(groups), k, {.resolution = resolution, .weighted = weighted});
      },
      "g"_a, "groups"_a, "k"_a, "resolution"_a = 1.0, "weighted"_a = true);

  m.def(
      "silo_assortativity",
      [](graph_ref g, codes_array groups, std::uint32_t k, bool weighted) {
        py::gil_scoped_release release;
        return assortativity(g, span_of(groups), k, weighted);
      },
      "g"_a, "groups"_a, "k"_a, "weighted"_a = false);

  m.def(
      "silo_cohesion",
      [](graph_ref g, codes_array groups, std::uint32_t k, bool weighted) {
        auto r = without_gil([&] { return group_cohesion(g, span_of(groups), k, {.weighted = weighted}); });
        return py::dict("internal"_a = to_numpy(r.internal), "external"_a = to_numpy(r.external),
                        "insularity"_a = to_numpy(r.insularity), "volume"_a = to_numpy(r.volume),
                        "conductance"_a = to_numpy(r.conductance), "org_insularity"_a = r.org_insularity,
                        "ungrouped_ties"_a = r.ungrouped_ties, "ungrouped_weight"_a = r.ungrouped_weight);
      },
      "g"_a, "groups"_a, "k"_a, "weighted"_a = true);

  m.def(
      "silo_boundary_spanners",
      [](graph_ref g, codes_array groups, std::uint32_t k, bool weighted, py::object threads_arg) {
        const int threads = threads_option(threads_arg);
        auto r = without_gil([&] {
          return boundary_spanners(g, span_of(groups), k,
                                   {.weighted = weighted, .threads = threads, .interrupt = python_interrupt()});
        });
        return py::dict("internal"_a = to_numpy(r.internal), "external"_a = to_numpy(r.external),
                        "external_share"_a = to_numpy(r.external_share), "groups_reached"_a = to_numpy(r.groups_reached),
                        "sole_bridge_pairs"_a = to_numpy(r.sole_bridge_pairs),
                        "coordinator"_a = to_numpy(r.roles.coordinator), "itinerant"_a = to_numpy(r.roles.itinerant),
                        "representative"_a = to_numpy(r.roles.representative),
                        "gatekeeper"_a = to_numpy(r.roles.gatekeeper), "liaison"_a = to_numpy(r.roles.liaison),
                        "brokerage_total"_a = to_numpy(r.roles.total));
      },
      "g"_a, "groups"_a, "k"_a, "weighted"_a = true, "threads"_a = 0);
}

}  // namespace onakit::python
