// Bindings of the silo measures: mixing, E-I index, modularity, assortativity, insularity, conductance, boundary spanners, group graph, silo report.
// Group codes arrive as uint32 arrays (onakit._groups.group_codes: NO_GROUP
// = 2^32-1 for people without a group); kernels run with the GIL released.
#include <onakit/graph/groups.hpp>
#include <onakit/silo/boundary.hpp>
#include <onakit/silo/cohesion.hpp>
#include <onakit/silo/ei_index.hpp>
#include <onakit/silo/mixing.hpp>
#include <onakit/silo/modularity.hpp>
#include <onakit/silo/report.hpp>

#include "bindings.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
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

template <class T>
py::array_t<bool> bool_array(const std::vector<T>& v) {
  py::array_t<bool> a(static_cast<py::ssize_t>(v.size()));
  std::transform(v.begin(), v.end(), a.mutable_data(), [](T x) { return x != 0; });
  return a;
}
}  // namespace

void bind_silo(py::module_& m) {
  m.attr("suppressed_group") = suppressed_group;
  m.attr("silo_rule") = std::string(silo_rule);

  py::class_<mixing_result> mix(m, "mixing_result");
  mix.def_property_readonly("arcs", [](const mixing_result& r) { return square(r.arcs, r.groups); })
      .def_property_readonly("ties", [](const mixing_result& r) { return square(r.ties, r.groups); })
      .def_readonly("groups", &mixing_result::groups)
      .def_readonly("directed", &mixing_result::directed)
      .def_readonly("total", &mixing_result::total)
      .def_readonly("ungrouped_ties", &mixing_result::ungrouped_ties)
      .def_readonly("ungrouped_weight", &mixing_result::ungrouped_weight);
  def_array(mix, "self", &mixing_result::self);
  def_array(mix, "size", &mixing_result::size);

  py::class_<ei_result> ei(m, "ei_result");
  ei.def_readonly("org_internal", &ei_result::org_internal)
      .def_readonly("org_external", &ei_result::org_external)
      .def_readonly("org_ei", &ei_result::org_ei)
      .def_readonly("org_expected", &ei_result::org_expected)
      .def_readonly("org_p", &ei_result::org_p)
      .def_readonly("org_insularity", &ei_result::org_insularity)
      .def_readonly("grouped_people", &ei_result::grouped_people)
      .def_readonly("excluded_ties", &ei_result::excluded_ties)
      .def_readonly("excluded_weight", &ei_result::excluded_weight)
      .def_readonly("self_ties", &ei_result::self_ties)
      .def_readonly("permutations", &ei_result::permutations);
  def_array(ei, "group_size", &ei_result::group_size);
  def_array(ei, "group_internal", &ei_result::group_internal);
  def_array(ei, "group_external", &ei_result::group_external);
  def_array(ei, "group_ei", &ei_result::group_ei);
  def_array(ei, "group_expected", &ei_result::group_expected);
  def_array(ei, "group_p", &ei_result::group_p);
  def_array(ei, "group_insularity", &ei_result::group_insularity);
  def_array(ei, "node_internal", &ei_result::node_internal);
  def_array(ei, "node_external", &ei_result::node_external);
  def_array(ei, "node_ei", &ei_result::node_ei);
  def_array(ei, "node_expected", &ei_result::node_expected);

  py::class_<cohesion_result> coh(m, "cohesion_result");
  def_array(coh, "internal", &cohesion_result::internal);
  def_array(coh, "external", &cohesion_result::external);
  def_array(coh, "insularity", &cohesion_result::insularity);
  def_array(coh, "volume", &cohesion_result::volume);
  def_array(coh, "conductance", &cohesion_result::conductance);
  coh.def_readonly("org_insularity", &cohesion_result::org_insularity)
      .def_readonly("ungrouped_ties", &cohesion_result::ungrouped_ties)
      .def_readonly("ungrouped_weight", &cohesion_result::ungrouped_weight);

  py::class_<boundary_result> bnd(m, "boundary_result");
  def_array(bnd, "internal", &boundary_result::internal);
  def_array(bnd, "external", &boundary_result::external);
  def_array(bnd, "external_share", &boundary_result::external_share);
  def_array(bnd, "groups_reached", &boundary_result::groups_reached);
  def_array(bnd, "sole_bridge_pairs", &boundary_result::sole_bridge_pairs);
  def_array(bnd, "sole_bridge_person", &boundary_result::sole_bridge_person);
  def_array(bnd, "sole_bridge_group_a", &boundary_result::sole_bridge_group_a);
  def_array(bnd, "sole_bridge_group_b", &boundary_result::sole_bridge_group_b);
  // brokerage_result is bound in bind_centrality_local.cpp (bound before this file).
  bnd.def_property_readonly("roles", [](py::object self) {
    return py::cast(self.cast<const boundary_result&>().roles, py::return_value_policy::reference_internal, self);
  });

  using sup_t = group_suppression;
  py::class_<sup_t> sup(m, "GroupSuppression",
                        "Group codes after the minimum-group-size rule (onakit/silo/report.hpp).");
  def_array(sup, "codes", &sup_t::codes);
  def_array(sup, "kept", &sup_t::kept);
  def_array(sup, "size", &sup_t::size);
  sup.def_readonly("groups", &sup_t::groups)
      .def_readonly("suppressed_groups", &sup_t::suppressed_groups)
      .def_readonly("suppressed_people", &sup_t::suppressed_people)
      .def_readonly("has_suppressed_row", &sup_t::has_suppressed_row)
      .def_readonly("suppressed_row_hidden", &sup_t::suppressed_row_hidden)
      .def("__repr__", [](const sup_t& s) {
        return "GroupSuppression(groups=" + std::to_string(s.groups) +
               ", suppressed_groups=" + std::to_string(s.suppressed_groups) + ")";
      });

  m.def(
      "suppress_small_groups",
      [](codes_array groups, std::uint32_t k, optional_int_arg min_group_size) {
        const std::uint32_t min = min_group_size_option(min_group_size);
        return without_gil([&] { return suppress_small_groups(span_of(groups), k, min); });
      },
      "groups"_a, "k"_a, "min_group_size"_a = 5);

  // The seam rule of groups= (graph/groups.hpp): the façade matches typed keys,
  // then asks here whether enough people have a group, and for the error or
  // warning, describing both sides itself (it knows the labels' types).
  m.def("enough_grouped", &onakit::enough_grouped, "people"_a, "grouped"_a);
  m.def(
      "check_group_coverage",
      [](std::size_t people, std::size_t grouped, std::string who, std::string of, std::string people_side,
         std::string keys, std::string keys_side, std::string ungrouped, std::string hint) {
        coverage_sides s;
        s.who = std::move(who);
        s.of = std::move(of);
        s.people = std::move(people_side);
        s.keys = std::move(keys);
        s.keys_side = std::move(keys_side);
        s.ungrouped = std::move(ungrouped);
        s.hint = std::move(hint);
        return onakit::check_group_coverage(people, grouped, s);
      },
      "people"_a, "grouped"_a, "who"_a, "of"_a, "people_side"_a, "keys"_a, "keys_side"_a, "ungrouped"_a,
      "hint"_a = "");

  py::class_<silo_bridge>(m, "SiloBridge", "One strongest link of a silo-report row.")
      .def_readonly("group", &silo_bridge::group)
      .def_readonly("weight", &silo_bridge::weight)
      .def("__repr__", [](const silo_bridge& b) {
        return "SiloBridge(group=" + std::to_string(b.group) + ", weight=" + std::to_string(b.weight) + ")";
      });

  using rep_t = silo_report_result;
  py::class_<rep_t> rep(m, "SiloReport", "The per-group silo report (onakit/silo/report.hpp); rows sorted by ei.");
  def_array(rep, "group", &rep_t::group);
  def_array(rep, "size", &rep_t::size);
  def_array(rep, "internal", &rep_t::internal);
  def_array(rep, "external", &rep_t::external);
  def_array(rep, "ei", &rep_t::ei);
  def_array(rep, "expected_ei", &rep_t::expected_ei);
  def_array(rep, "p_value", &rep_t::p_value);
  def_array(rep, "insularity", &rep_t::insularity);
  def_array(rep, "conductance", &rep_t::conductance);
  def_array(rep, "groups_reached", &rep_t::groups_reached);
  rep.def_property_readonly("bridges",
                             [](const rep_t& r) {
                               py::list rows;
                               for (const auto& links : r.bridges) {
                                 py::list row;
                                 for (const auto& b : links) row.append(py::cast(b));
                                 rows.append(row);
                               }
                               return rows;
                             })
      .def_property_readonly("silo", [](const rep_t& r) { return bool_array(r.silo); })
      .def_readonly("org_ei", &rep_t::org_ei)
      .def_readonly("org_expected_ei", &rep_t::org_expected_ei)
      .def_readonly("org_insularity", &rep_t::org_insularity)
      .def_readonly("modularity", &rep_t::modularity)
      .def_readonly("suppressed_groups", &rep_t::suppressed_groups)
      .def_readonly("suppressed_people", &rep_t::suppressed_people)
      .def_readonly("suppressed_row_hidden", &rep_t::suppressed_row_hidden)
      .def_readonly("ungrouped_ties", &rep_t::ungrouped_ties)
      .def("__len__", &rep_t::rows)
      .def("__repr__", [](const rep_t& r) { return "SiloReport(rows=" + std::to_string(r.rows()) + ")"; });

  m.def(
      "silo_report",
      [](graph_ref g, codes_array groups, std::uint32_t k, optional_int_arg min_group_size, int_arg permutations_arg,
         int_arg seed_arg, double alpha, double external_ratio, bool weighted, int_arg bridges_arg,
         int_arg threads_arg) {
        silo_report_options opt{.min_group_size = min_group_size_option(min_group_size),
                                .permutations = int_option<std::uint32_t>(permutations_arg, "permutations"),
                                .seed = int_option<std::uint64_t>(seed_arg, "seed"),
                                .alpha = alpha,
                                .external_ratio = external_ratio,
                                .weighted = weighted,
                                // a negative count lists no bridges, as before
                                .bridges = static_cast<std::uint32_t>(
                                    std::clamp<std::int64_t>(int_option<std::int64_t>(bridges_arg, "bridges"), 0,
                                                             std::numeric_limits<std::uint32_t>::max())),
                                .threads = threads_option(threads_arg),
                                .interrupt = python_interrupt()};
        return without_gil([&] { return silo_report(g, span_of(groups), k, opt); });
      },
      "g"_a, "groups"_a, "k"_a, py::kw_only(), "min_group_size"_a = 5, "permutations"_a = 1000, "seed"_a = 0,
      "alpha"_a = 0.05, "external_ratio"_a = 0.5, "weighted"_a = true, "bridges"_a = 3, "threads"_a = 0);

  m.def(
      "group_mixing",
      [](graph_ref g, codes_array groups, std::uint32_t k, bool weighted) {
        return without_gil([&] { return group_mixing(g, span_of(groups), k, {.weighted = weighted}); });
      },
      "g"_a, "groups"_a, "k"_a, "weighted"_a = true);

  m.def(
      "group_graph",
      [](graph_ref g, codes_array groups, std::uint32_t k, bool weighted) {
        auto gg = without_gil([&] {
          return group_graph(group_mixing(g, span_of(groups), k, {.weighted = weighted}));
        });
        return std::make_shared<graph>(std::move(gg));
      },
      "g"_a, "groups"_a, "k"_a, "weighted"_a = true);

  m.def(
      "ei_index",
      [](graph_ref g, codes_array groups, std::uint32_t k, bool weighted, int_arg permutations_arg,
         int_arg seed_arg, int_arg threads_arg) {
        const int threads = threads_option(threads_arg);
        const auto seed = int_option<std::uint64_t>(seed_arg, "seed");
        const auto permutations = int_option<std::uint32_t>(permutations_arg, "permutations");
        return without_gil([&] {
          return ei_index(g, span_of(groups), k,
                          {.weighted = weighted, .permutations = permutations, .seed = seed, .threads = threads,
                           .interrupt = python_interrupt()});
        });
      },
      "g"_a, "groups"_a, "k"_a, "weighted"_a = true, "permutations"_a = 0, "seed"_a = 0, "threads"_a = 0);

  m.def(
      "modularity",
      [](graph_ref g, codes_array groups, std::uint32_t k, double resolution, bool weighted) {
        const auto grp = span_of(groups);
        return without_gil([&] { return modularity(g, grp, k, {.resolution = resolution, .weighted = weighted}); });
      },
      "g"_a, "groups"_a, "k"_a, "resolution"_a = 1.0, "weighted"_a = true);

  m.def(
      "assortativity",
      [](graph_ref g, codes_array groups, std::uint32_t k, bool weighted) {
        const auto grp = span_of(groups);
        return without_gil([&] { return assortativity(g, grp, k, weighted); });
      },
      "g"_a, "groups"_a, "k"_a, "weighted"_a = false);

  m.def(
      "group_cohesion",
      [](graph_ref g, codes_array groups, std::uint32_t k, bool weighted) {
        return without_gil([&] { return group_cohesion(g, span_of(groups), k, {.weighted = weighted}); });
      },
      "g"_a, "groups"_a, "k"_a, "weighted"_a = true);

  m.def(
      "boundary_spanners",
      [](graph_ref g, codes_array groups, std::uint32_t k, bool weighted, int_arg threads_arg) {
        const int threads = threads_option(threads_arg);
        return without_gil([&] {
          return boundary_spanners(g, span_of(groups), k,
                                   {.weighted = weighted, .threads = threads, .interrupt = python_interrupt()});
        });
      },
      "g"_a, "groups"_a, "k"_a, "weighted"_a = true, "threads"_a = 0);
}

}  // namespace onakit::python
