// onakit._core.ArrowMessageReader: Arrow record batches (a Parquet file's row
// groups, a pyarrow Table's batches) through the C++ row stage
// (onakit/ingest/arrow_messages.hpp), batch by batch into one log. Batches
// arrive through the Arrow PyCapsule interface (`__arrow_c_array__`), so the
// cells are read from Arrow's buffers without a Python object per cell.
// The façade (python/onakit/_read_parquet.py) picks the columns and casts
// the few types the C++ side does not read.

#include <onakit/errors.hpp>
#include <onakit/ingest/arrow_messages.hpp>
#include <onakit/ingest/message_rows.hpp>

#include "bindings.hpp"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace onakit::python {

namespace {

using namespace pybind11::literals;

/// The pointer a PyCapsule named `name` holds (pybind11's error if it is not one).
template <class T>
T* capsule_pointer(const py::handle& capsule, const char* name) {
  void* p = PyCapsule_GetPointer(capsule.ptr(), name);
  if (p == nullptr) throw py::error_already_set();
  return static_cast<T*>(p);
}

}  // namespace

void bind_arrow(py::module_& m) {
  py::class_<onakit::arrow_message_reader>(m, "ArrowMessageReader",
                                           "Arrow record batches into one MessageLog through the row stage "
                                           "(onakit/ingest/arrow_messages.hpp); used by read_parquet and "
                                           "MessageLog.from_arrow.")
      .def(py::init([](const std::string& sender, const std::string& recipients,
                       const std::optional<std::string>& timestamp, const std::optional<std::string>& role,
                       const std::optional<std::string>& message_id, const std::optional<std::string>& channel,
                       const std::optional<std::string>& weight, const std::optional<std::string>& recipient_sep,
                       const std::string& errors, identities_arg identities, const std::string& source,
                       const std::optional<std::string>& group_rows_by) {
             onakit::message_rows_options o;
             o.errors = error_policy_option(errors);
             o.identity_rules = identities.value_or(nullptr);
             o.recipient_sep = char_option(recipient_sep, "recipient_sep");
             onakit::resolve_row_grouping(o, onakit::parse_row_grouping(group_rows_by.value_or("auto")),
                                          message_id.has_value(), timestamp.has_value());
             onakit::arrow_message_columns c;
             c.sender = sender;
             c.recipients = recipients;
             c.timestamp = timestamp.value_or("");
             c.role = role.value_or("");
             c.message_id = message_id.value_or("");
             c.channel = channel.value_or("");
             c.weight = weight.value_or("");
             return std::make_unique<onakit::arrow_message_reader>(std::move(o), std::move(c), source);
           }),
           "sender"_a, "recipients"_a, "timestamp"_a = py::none(), "role"_a = py::none(),
           "message_id"_a = py::none(), "channel"_a = py::none(), "weight"_a = py::none(),
           "recipient_sep"_a = ";", "errors"_a = "strict", "identities"_a = py::none(), "source"_a = "<arrow>",
           "group_rows_by"_a = py::none())
      .def(
          "add",
          [](onakit::arrow_message_reader& r, const py::tuple& capsules) {
            // The (schema, array) capsules of __arrow_c_array__(); they release the batch when they go.
            if (capsules.size() != 2)
              throw onakit::invalid_option("ArrowMessageReader.add: expected the (schema, array) capsule pair of "
                                           "__arrow_c_array__()");
            const auto* schema = capsule_pointer<ArrowSchema>(capsules[0], "arrow_schema");
            const auto* array = capsule_pointer<ArrowArray>(capsules[1], "arrow_array");
            without_gil([&] { r.add(*schema, *array); });
          },
          "capsules"_a,
          "Reads one record batch, given as the (schema, array) PyCapsule pair of its __arrow_c_array__() "
          "(a struct array whose children are the columns).")
      .def("start_source", &onakit::arrow_message_reader::start_source, "source"_a,
           "The next batches come from another file: errors name it and count its rows from 1.")
      .def_property_readonly("grouped", &onakit::arrow_message_reader::grouped)
      .def_property_readonly("rows_read", &onakit::arrow_message_reader::rows_read)
      .def_property_readonly("log", [](const onakit::arrow_message_reader& r) { return r.shared_log(); })
      .def(
          "hand_to",
          [](onakit::arrow_message_reader& r, stream_sink& sink) {
            without_gil([&] {
              sink.add(r.log());
              r.handed_out();
            });
          },
          "sink"_a, "Hands the messages read so far to a StreamSink, then clears them (keeping people and report).")
      .def("handed_out", &onakit::arrow_message_reader::handed_out,
           "The messages read so far were handed on (by the caller): counts them for the report and clears them.")
      .def("finish", [](onakit::arrow_message_reader& r) { without_gil([&] { r.finish(); }); },
           "Writes grouped messages and completes the report. Call once, after the last batch.");
}

}  // namespace onakit::python
