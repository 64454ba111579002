// Bindings of the community detection (Leiden, Louvain), partition quality
// and partition comparison (include/onakit/silo/). Kernels run with the GIL
// released and poll Ctrl-C.
#include <onakit/silo/communities.hpp>
#include <onakit/silo/community_quality.hpp>
#include <onakit/silo/partition_compare.hpp>

#include "bindings.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace onakit::python {

using namespace pybind11::literals;

namespace {

using u32_array = py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast>;

community_objective parse_objective(const std::string& s) {
  if (s == "modularity") return community_objective::modularity;
  if (s == "cpm") return community_objective::cpm;
  throw invalid_option("objective must be 'modularity' or 'cpm', not '" + s + "'");
}

std::span<const std::uint32_t> view(const u32_array& a) {
  return {a.data(), static_cast<std::size_t>(a.size())};
}

}  // namespace

void bind_communities(py::module_& m) {
  py::class_<communities_result> cr(m, "communities_result");
  def_array(cr, "membership", &communities_result::membership);
  cr.def_readonly("count", &communities_result::count)
      .def_readonly("quality", &communities_result::quality)
      .def_readonly("levels", &communities_result::levels)
      .def_readonly("iterations", &communities_result::iterations)
      .def_readonly("split", &communities_result::split);

  py::class_<partition_scores>(m, "partition_scores")
      .def_readonly("nmi", &partition_scores::nmi)
      .def_readonly("ami", &partition_scores::ami)
      .def_readonly("ari", &partition_scores::ari)
      .def_readonly("mutual_information", &partition_scores::mutual_information)
      .def_readonly("expected_mutual_information", &partition_scores::expected_mutual_information)
      .def_readonly("blocks_a", &partition_scores::blocks_a)
      .def_readonly("blocks_b", &partition_scores::blocks_b)
      .def_readonly("people", &partition_scores::people);

  m.def(
      "communities",
      [](graph_ref g, const std::string& method, double resolution, const std::string& objective, int_arg seed_arg,
         double randomness, int_arg iterations_arg, int_arg threads_arg, progress_arg progress) {
        const int threads = threads_option(threads_arg);
        const auto seed = int_option<std::uint64_t>(seed_arg, "seed");
        const auto iterations = int_option<int>(iterations_arg, "iterations");
        communities_options opt;
        if (method == "leiden") opt.method = community_method::leiden;
        else if (method == "louvain") opt.method = community_method::louvain;
        else throw invalid_option("method must be 'leiden' or 'louvain', not '" + method + "'");
        opt.objective = parse_objective(objective);
        opt.resolution = resolution;
        opt.seed = seed;
        opt.randomness = randomness;
        opt.iterations = iterations;
        opt.threads = threads;
        opt.interrupt = python_interrupt(progress);
        return without_gil([&] { return onakit::communities(g, opt); });
      },
      "g"_a, "method"_a = "leiden", "resolution"_a = 1.0, "objective"_a = "modularity", "seed"_a = 0,
      "randomness"_a = 0.01, "iterations"_a = -1, "threads"_a = 0,
      "progress"_a = py::none());

  m.def(
      "partition_quality",
      [](graph_ref g, const u32_array& membership, const std::string& objective, double resolution, int_arg threads_arg) {
        const int threads = threads_option(threads_arg);
        const auto memb = view(membership);
        const partition_quality_options opt{
            .objective = parse_objective(objective), .resolution = resolution, .threads = threads};
        return without_gil([&] { return onakit::partition_quality(g, memb, opt); });
      },
      "g"_a, "membership"_a, "objective"_a = "modularity", "resolution"_a = 1.0, "threads"_a = 0);

  m.def(
      "compare_partitions",
      [](const u32_array& a, const u32_array& b, int_arg threads_arg) {
        const int threads = threads_option(threads_arg);
        const auto sa = view(a), sb = view(b);
        return without_gil([&] { return onakit::compare_partitions(sa, sb, {.threads = threads}); });
      },
      "a"_a, "b"_a, "threads"_a = 0);
}

}  // namespace onakit::python
