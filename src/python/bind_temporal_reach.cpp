// Bindings of the paths-through-time measures (temporal reach, group
// latency). Times and durations arrive as int64 microseconds from the façade
// (python/onakit/_temporal_reach.py); group codes as uint32 arrays
// (NO_GROUP = 2^32-1). Kernels run with the GIL released and poll Ctrl-C.
#include <pybind11/stl.h>

#include <onakit/message_log.hpp>
#include <onakit/temporal/group_latency.hpp>
#include <onakit/temporal/temporal_reach.hpp>

#include "bindings.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace onakit::python {

using namespace pybind11::literals;

namespace {
using codes_array = py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast>;

std::vector<std::uint32_t> codes_of(const codes_array& a) { return {a.data(), a.data() + a.size()}; }
std::vector<std::uint32_t> codes_of(const std::optional<codes_array>& a) { return a ? codes_of(*a) : std::vector<std::uint32_t>{}; }

template <class T>
py::array_t<T> matrix(const std::vector<T>& v, std::size_t rows, std::size_t cols) {
  py::array_t<T> a({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)});
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}
}  // namespace

void bind_temporal_reach(py::module_& m) {
  m.attr("no_limit") = onakit::no_limit;

  using tr = temporal_reach_result;
  py::class_<tr> trc(m, "temporal_reach_result", "People reached through time (onakit/temporal/temporal_reach.hpp).");
  def_array(trc, "reached", &tr::reached);
  trc.def_readonly("num_groups", &tr::num_groups)
      .def_property_readonly("reached_in_group",
                             [](const tr& r) {
                               const std::size_t k = r.num_groups;
                               return matrix(r.reached_in_group, k == 0 ? 0 : r.reached_in_group.size() / k, k);
                             })
      .def_readonly("contacts", &tr::contacts)
      .def_readonly("untimed_messages", &tr::untimed_messages);

  m.def(
      "temporal_reach",
      [](const message_log& log, optional_int_arg within, optional_int_arg start, const std::optional<codes_array>& groups, std::uint32_t num_groups,
         int_arg threads_arg, progress_arg progress) {
        temporal_reach_options o;
        o.within = within.is_none() ? no_limit : int_option<std::int64_t>(within, "within", 0);
        o.start = start.is_none() ? no_time : int_option<std::int64_t>(start, "start");
        o.groups = codes_of(groups);
        o.num_groups = num_groups;
        o.threads = threads_option(threads_arg);
        o.interrupt = python_interrupt(progress);
        return without_gil([&] { return onakit::temporal_reach(log, o); });
      },
      "log"_a, "within"_a = py::none(), "start"_a = py::none(), "groups"_a = py::none(), "num_groups"_a = 0,
      "threads"_a = 0, "progress"_a = py::none());

  using gl = group_latency_result;
  py::class_<gl> glc(m, "group_latency_result", "Group-to-group latency (onakit/temporal/group_latency.hpp).");
  glc.def_readonly("num_groups", &gl::num_groups)
      .def_property_readonly("median", [](const gl& r) { return matrix(r.median, r.num_groups, r.num_groups); })
      .def_property_readonly("reached", [](const gl& r) { return matrix(r.reached, r.num_groups, r.num_groups); })
      .def_property_readonly("starts", [](const gl& r) { return to_numpy(r.starts); })
      .def_readonly("contacts", &gl::contacts)
      .def_readonly("untimed_messages", &gl::untimed_messages);

  m.def(
      "group_latency",
      [](const message_log& log, const codes_array& groups, std::uint32_t num_groups, int_arg threads_arg,
         progress_arg progress) {
        group_latency_options o;
        o.groups = codes_of(groups);
        o.num_groups = num_groups;
        o.threads = threads_option(threads_arg);
        o.interrupt = python_interrupt(progress);
        return without_gil([&] { return onakit::group_latency(log, o); });
      },
      "log"_a, "groups"_a, "num_groups"_a, "threads"_a = 0, "progress"_a = py::none());
}

}  // namespace onakit::python
