// onakit._core.read_message_columns: a DataFrame's columns through the C++
// row stage (onakit/ingest/message_rows.hpp), so MessageLog.from_pandas and
// the file readers share one set of rules. The façade (python/onakit/_log.py)
// hands over plain Python lists and numpy arrays; this file only turns them
// into views.

#include <onakit/errors.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/message_columns.hpp>
#include <onakit/ingest/message_rows.hpp>

#include "bindings.hpp"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onakit::python {

namespace {

using namespace pybind11::literals;

/// Keeps alive the str() of cells that were not str, so views into them stay valid.
struct text_holder {
  std::vector<py::object> made;

  /// The UTF-8 text of a cell: str as is; None and float NaN (pandas' missing
  /// values once the façade has turned NA/NaT into None) empty; anything
  /// else through str(), as a CSV file would hold it.
  std::string_view text(PyObject* o) {
    if (o == Py_None) return {};
    if (PyFloat_Check(o) && std::isnan(PyFloat_AS_DOUBLE(o))) return {};
    if (!PyUnicode_Check(o)) {
      made.push_back(py::str(py::handle(o)));
      o = made.back().ptr();
    }
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(o, &size);
    if (data == nullptr) throw py::error_already_set();  // lone surrogates
    return {data, static_cast<std::size_t>(size)};
  }

  /// A column (a list) as views, one per row.
  std::vector<std::string_view> column(const py::list& values) {
    std::vector<std::string_view> out;
    out.reserve(values.size());
    for (const py::handle v : values) out.push_back(text(v.ptr()));
    return out;
  }
};

bool is_list_like(PyObject* o) {
  if (PyUnicode_Check(o) || PyBytes_Check(o) || o == Py_None) return false;
  if (PyList_Check(o) || PyTuple_Check(o)) return true;
  return PyObject_HasAttrString(o, "__iter__") != 0;
}

}  // namespace

void bind_message_rows(py::module_& m) {
  m.def(
      "read_message_columns",
      [](py::list sender, py::list recipients, py::object timestamp, const std::string& timestamp_kind,
         std::optional<py::list> role, std::optional<py::list> message_id, py::object weight,
         std::optional<py::list> channel, const std::optional<std::string>& recipient_sep, const std::string& errors,
         identities_arg identities, const std::string& source, const py::dict& fields,
         const std::optional<std::string>& group_rows_by) {
        onakit::message_rows_options o;
        o.errors = error_policy_option(errors);
        o.identity_rules = identities.value_or(nullptr);
        o.recipient_sep = char_option(recipient_sep, "recipient_sep");
        onakit::resolve_row_grouping(o, onakit::parse_row_grouping(group_rows_by.value_or("auto")),
                                     message_id.has_value(), timestamp_kind != "none");
        for (const auto& [k, v] : fields) {
          const std::string key = py::str(k), val = py::str(v);
          if (key == "sender") o.fields.sender = val;
          else if (key == "recipients") o.fields.recipients = val;
          else if (key == "timestamp") o.fields.timestamp = val;
          else if (key == "role") o.fields.role = val;
          else if (key == "message_id") o.fields.message_id = val;
          else if (key == "weight") o.fields.weight = val;
          else throw onakit::invalid_option("read_message_columns: unknown field '" + key + "'");
        }

        text_holder h;
        onakit::message_columns c;
        c.rows = sender.size();
        c.sender = h.column(sender);
        // Recipients: a cell (split at recipient_sep) per row, or list-like cells.
        bool any_list = false;
        for (const py::handle v : recipients) any_list = any_list || is_list_like(v.ptr());
        if (!any_list) {
          c.recipients = h.column(recipients);
        } else {
          c.recipient_offsets.reserve(recipients.size() + 1);
          c.recipient_offsets.push_back(0);
          for (const py::handle v : recipients) {
            const bool list = is_list_like(v.ptr());
            c.recipient_is_list.push_back(list ? 1 : 0);
            if (list) {
              for (const py::handle x : py::reinterpret_borrow<py::iterable>(v)) {
                h.made.push_back(py::reinterpret_borrow<py::object>(x));  // an iterator's items may be temporaries
                c.recipients.push_back(h.text(x.ptr()));
              }
            } else {
              c.recipients.push_back(h.text(v.ptr()));
            }
            c.recipient_offsets.push_back(c.recipients.size());
          }
        }
        if (timestamp_kind == "text") {
          c.time_text = h.column(timestamp.cast<py::list>());
        } else if (timestamp_kind == "micros") {
          const auto a = timestamp.cast<py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>>();
          c.time_value.assign(a.data(), a.data() + a.size());
        } else if (timestamp_kind == "unix") {
          const auto a = timestamp.cast<py::array_t<double, py::array::c_style | py::array::forcecast>>();
          c.time_unix.assign(a.data(), a.data() + a.size());
        } else if (timestamp_kind != "none") {
          throw onakit::invalid_option("read_message_columns: timestamp_kind must be text, micros, unix or none");
        }
        if (role) c.role = h.column(*role);
        if (message_id) c.message_id = h.column(*message_id);
        if (channel) c.channel = h.column(*channel);
        if (py::isinstance<py::list>(weight)) {
          c.weight_text = h.column(weight.cast<py::list>());
        } else if (!weight.is_none()) {
          const auto a = weight.cast<py::array_t<double, py::array::c_style | py::array::forcecast>>();
          c.weight_value.assign(a.data(), a.data() + a.size());
        }
        // The views point into Python objects that `h` and the arguments keep alive.
        return without_gil([&] {
          return std::make_shared<onakit::message_log>(onakit::read_message_columns(c, o, source));
        });
      },
      "sender"_a, "recipients"_a, "timestamp"_a = py::none(), "timestamp_kind"_a = "none", "role"_a = py::none(),
      "message_id"_a = py::none(), "weight"_a = py::none(), "channel"_a = py::none(), "recipient_sep"_a = ";",
      "errors"_a = "strict", "identities"_a = py::none(), "source"_a = "<pandas>", "fields"_a = py::dict(),
      "group_rows_by"_a = py::none(),
      "The columns of a table through the C++ row stage (onakit/ingest/message_rows.hpp); "
      "used by MessageLog.from_pandas.");
}

}  // namespace onakit::python
