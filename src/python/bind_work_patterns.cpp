// Bindings of the work-pattern measures: work_patterns (per sender / group
// and period, on local clocks) and burstiness (Goh–Barabási B and memory M).
// Local offsets, period edges and group codes arrive as numpy arrays from
// python/onakit/_work_patterns.py; kernels run with the GIL released.
#include <onakit/message_log.hpp>
#include <onakit/temporal/burstiness.hpp>
#include <onakit/temporal/work_patterns.hpp>

#include "bindings.hpp"

#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace onakit::python {

using namespace pybind11::literals;

namespace {
template <class T>
using array_of = py::array_t<T, py::array::c_style | py::array::forcecast>;

template <class T>
std::vector<T> vector_of(const std::optional<array_of<T>>& a) {
  if (!a) return {};
  return {a->data(), a->data() + a->size()};
}

void def_rows(py::module_& m) {
  py::class_<work_pattern_rows> rows(m, "work_pattern_rows");
  rows.def_property_readonly("size", &work_pattern_rows::size);
  def_array(rows, "period", &work_pattern_rows::period);
  def_array(rows, "key", &work_pattern_rows::key);
  def_array(rows, "messages", &work_pattern_rows::messages);
  def_array(rows, "after_hours", &work_pattern_rows::after_hours);
  def_array(rows, "after_hours_share", &work_pattern_rows::after_hours_share);
  def_array(rows, "weekend", &work_pattern_rows::weekend);
  def_array(rows, "weekend_share", &work_pattern_rows::weekend_share);
  def_array(rows, "active_days", &work_pattern_rows::active_days);
  def_array(rows, "span_mean_hours", &work_pattern_rows::span_mean_hours);
  def_array(rows, "span_median_hours", &work_pattern_rows::span_median_hours);
  def_array(rows, "people", &work_pattern_rows::people);
}
}  // namespace

void bind_work_patterns(py::module_& m) {
  def_rows(m);
  py::class_<work_patterns_result>(m, "work_patterns_result")
      .def_readonly("people", &work_patterns_result::people)
      .def_readonly("groups", &work_patterns_result::groups)
      .def_readonly("periods", &work_patterns_result::periods)
      .def_readonly("messages_used", &work_patterns_result::messages_used)
      .def_readonly("messages_without_time", &work_patterns_result::messages_without_time)
      .def_readonly("messages_outside_periods", &work_patterns_result::messages_outside_periods)
      .def_readonly("messages_ungrouped", &work_patterns_result::messages_ungrouped);

  m.def(
      "work_patterns",
      [](const message_log& log, const std::optional<array_of<std::int32_t>>& offsets, std::int32_t start,
         std::int32_t end, bool weekends_off, const std::optional<array_of<std::int64_t>>& boundaries,
         const std::optional<array_of<std::uint32_t>>& group, int_arg groups, progress_arg progress) {
        work_pattern_options o;
        o.hours = {.start = start, .end = end, .weekends_off = weekends_off};
        o.boundaries = vector_of(boundaries);
        o.group = vector_of(group);
        o.groups = int_option<std::uint32_t>(groups, "groups");
        const std::vector<std::int32_t> off = vector_of(offsets);
        o.interrupt = python_interrupt(progress);
        return without_gil([&] { return work_patterns(log, off, o); });
      },
      "log"_a, "offsets"_a = py::none(), "start"_a = 9 * 3600, "end"_a = 17 * 3600, "weekends_off"_a = true,
      "boundaries"_a = py::none(), "group"_a = py::none(), "groups"_a = 0, "progress"_a = py::none(),
      "Messages sent, outside working hours, on weekends, active days and daily spans per sender (and group) and "
      "period, on local clocks (onakit/temporal/work_patterns.hpp).");

  py::class_<burstiness_result> br(m, "burstiness_result");
  br.def_readonly("too_few_events", &burstiness_result::too_few_events)
      .def_readonly("too_few_for_memory", &burstiness_result::too_few_for_memory)
      .def_readonly("all_intervals_zero", &burstiness_result::all_intervals_zero)
      .def_readonly("memory_undefined", &burstiness_result::memory_undefined)
      .def_readonly("messages_without_time", &burstiness_result::messages_without_time)
      .def_readonly("self_pairs", &burstiness_result::self_pairs);
  def_array(br, "source", &burstiness_result::source);
  def_array(br, "target", &burstiness_result::target);
  def_array(br, "events", &burstiness_result::events);
  def_array(br, "mean_interval", &burstiness_result::mean_interval);
  def_array(br, "std_interval", &burstiness_result::std_interval);
  def_array(br, "burstiness", &burstiness_result::burstiness);
  def_array(br, "memory", &burstiness_result::memory);

  m.def(
      "burstiness",
      [](const message_log& log, const std::string& by, int_arg min_events, progress_arg progress) {
        burstiness_options o;
        if (by == "person") o.by = burstiness_by::person;
        else if (by == "tie") o.by = burstiness_by::tie;
        else throw invalid_option("by='" + by + "': use 'person' or 'tie'");
        o.min_events = int_option<std::uint32_t>(min_events, "min_events", 0);
        o.interrupt = python_interrupt(progress);
        return without_gil([&] { return burstiness(log, o); });
      },
      "log"_a, "by"_a = "person", "min_events"_a = 3, "progress"_a = py::none(),
      "Goh–Barabási burstiness B and memory M of the inter-event times per person or tie "
      "(onakit/temporal/burstiness.hpp).");
}

}  // namespace onakit::python
