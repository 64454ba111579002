// Binding of response times (include/onakit/temporal/response_times.hpp):
// the first answers and their summaries as numpy views; the Python façade
// (python/onakit/_response_times.py) labels them.
#include <onakit/message_log.hpp>
#include <onakit/temporal/response_times.hpp>

#include "bindings.hpp"

#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace onakit::python {

namespace {
using codes_array = py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast>;
using offsets_array = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>;
}  // namespace

void bind_respond(py::module_& m) {
  using namespace pybind11::literals;
  using rt = response_times_result;
  py::class_<rt> r(m, "response_times_result", "First answers along reply links (onakit/temporal/response_times.hpp).");
  def_array(r, "reply", &rt::reply);
  def_array(r, "parent", &rt::parent);
  def_array(r, "asker", &rt::asker);
  def_array(r, "answerer", &rt::answerer);
  def_array(r, "parent_time", &rt::parent_time);
  def_array(r, "reply_time", &rt::reply_time);
  def_array(r, "delay", &rt::delay);
  r.def_readonly("replies", &rt::replies)
      .def_readonly("self_replies", &rt::self_replies)
      .def_readonly("no_time", &rt::no_time)
      .def_readonly("negative_delays", &rt::negative_delays)
      .def_readonly("repeat_answers", &rt::repeat_answers)
      .def("__repr__", [](const rt& x) { return "response_times_result(answers=" + std::to_string(x.delay.size()) + ")"; });

  using rs = response_summary;
  py::class_<rs> s(m, "response_summary", "Response-time summary rows (onakit/temporal/response_times.hpp).");
  def_array(s, "asker", &rs::asker);
  def_array(s, "answerer", &rs::answerer);
  def_array(s, "answers", &rs::answers);
  def_array(s, "median", &rs::median);
  def_array(s, "p90", &rs::p90);
  def_array(s, "within_1h", &rs::within_1h);
  def_array(s, "within_24h", &rs::within_24h);
  def_array(s, "addressed", &rs::addressed);
  def_array(s, "addressed_answered", &rs::addressed_answered);
  def_array(s, "never_answered", &rs::never_answered);
  s.def_property_readonly("groups", [](py::object self) {
    return py::cast(self.cast<const rs&>().groups, py::return_value_policy::reference_internal, self);
  });
  s.def("__repr__", [](const rs& x) { return "response_summary(rows=" + std::to_string(x.answers.size()) + ")"; });

  m.def(
      "response_times",
      [](const message_log& log, std::optional<std::pair<std::int32_t, std::int32_t>> business_hours,
         std::optional<offsets_array> local_offsets, progress_arg progress) {
        response_options o;
        if (business_hours) {
          o.use_working_hours = true;
          o.hours.start = business_hours->first;
          o.hours.end = business_hours->second;
        }
        if (local_offsets) o.local_offsets = {local_offsets->data(), static_cast<std::size_t>(local_offsets->size())};
        o.interrupt = python_interrupt(progress);
        return without_gil([&] { return onakit::response_times(log, o); });
      },
      "log"_a, "business_hours"_a = py::none(), "local_offsets"_a = py::none(), "progress"_a = py::none());

  m.def(
      "summarize_by_answerer",
      [](const message_log& log, const rt& res, progress_arg progress) {
        const auto stop = python_interrupt(progress);
        return without_gil([&] { return summarize_by_answerer(log, res, stop); });
      },
      "log"_a, "result"_a, "progress"_a = py::none());
  m.def(
      "summarize_by_tie",
      [](const message_log& log, const rt& res, progress_arg progress) {
        const auto stop = python_interrupt(progress);
        return without_gil([&] { return summarize_by_tie(log, res, stop); });
      },
      "log"_a, "result"_a, "progress"_a = py::none());
  m.def(
      "summarize_by_group_pair",
      [](const message_log& log, const rt& res, codes_array groups, std::uint32_t k, optional_int_arg min_group_size,
         progress_arg progress) {
        const std::uint32_t min = min_group_size_option(min_group_size);
        const std::span<const std::uint32_t> g{groups.data(), static_cast<std::size_t>(groups.size())};
        const auto stop = python_interrupt(progress);
        return without_gil([&] { return summarize_by_group_pair(log, res, g, k, min, stop); });
      },
      "log"_a, "result"_a, "groups"_a, "k"_a, "min_group_size"_a, "progress"_a = py::none());
}

}  // namespace onakit::python
