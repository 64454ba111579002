// Bindings of the iCalendar reader (ingest/calendar.hpp, component onakit::ical).
#include "bindings.hpp"

#include <onakit/ingest/calendar.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/message_log.hpp>

#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>

namespace onakit::python {

void bind_calendar(py::module_& m) {
  using namespace pybind11::literals;

  m.def(
      "read_calendar",
      [](const std::string& path, std::optional<long long> start, std::optional<long long> end,
         long long max_attendees, long long max_instances, const std::string& errors, identities_arg identities,
         std::optional<long long> max_input_bytes, progress_arg progress) {
        onakit::calendar_options o;
        o.start = start.value_or(onakit::no_time);
        o.end = end.value_or(onakit::no_time);
        if (max_attendees < 0)
          throw onakit::invalid_option("max_attendees=" + std::to_string(max_attendees) +
                                       " is out of range: use a number of attendees >= 1, or None for no limit");
        o.max_attendees = static_cast<std::size_t>(max_attendees);
        if (max_instances <= 0)
          throw onakit::invalid_option("max_instances=" + std::to_string(max_instances) +
                                       " is out of range: use a positive number of instances per series");
        o.max_instances = static_cast<std::size_t>(max_instances);
        o.max_input_bytes = input_limit(max_input_bytes);
        o.errors = error_policy_option(errors);
        o.identity_rules = identities.value_or(nullptr);
        o.interrupt = onakit::python::python_interrupt(progress);
        return without_gil([&] { return std::make_shared<onakit::message_log>(onakit::read_calendar(path, o)); });
      },
      "path"_a, "start"_a, "end"_a, "max_attendees"_a, "max_instances"_a, "errors"_a, "identities"_a = py::none(),
      "max_input_bytes"_a = py::none(), "progress"_a = py::none());
}

}  // namespace onakit::python
