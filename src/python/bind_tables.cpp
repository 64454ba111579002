// Bindings of the Viva person-to-person, Exchange message trace and HR people tables.
// (HR people tables are joined in Python: python/onakit/_read_tables.py.)
#include "bindings.hpp"

#include <onakit/errors.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/message_trace.hpp>
#include <onakit/ingest/text_encoding.hpp>
#include <onakit/ingest/viva_p2p.hpp>
#include <onakit/message_log.hpp>

#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>

namespace onakit::python {

namespace {

onakit::error_policy table_policy(const std::string& errors) {
  if (errors == "strict") return onakit::error_policy::strict;
  if (errors == "skip") return onakit::error_policy::skip;
  throw onakit::invalid_option("errors must be 'strict' or 'skip', not '" + errors + "'");
}

char table_sep(const std::optional<std::string>& s) {
  if (!s || s->empty()) return '\0';
  if (s->size() == 1) return (*s)[0];
  if (*s == "\\t") return '\t';
  throw onakit::invalid_option("sep must be a single character, not '" + *s + "'");
}

}  // namespace

void bind_tables(py::module_& m) {
  using namespace pybind11::literals;

  // Returns (log, attribute_names, attributes[person][attribute]).
  m.def(
      "read_viva_p2p",
      [](const std::string& path, const std::string& weight, const std::string& primary,
         const std::string& secondary, const std::optional<std::string>& date, const std::optional<std::string>& sep,
         const std::string& errors, std::shared_ptr<onakit::identities> identities, const std::string& encoding,
         std::optional<long long> max_input_bytes) {
        onakit::viva_p2p_options o;
        o.max_input_bytes = input_limit(max_input_bytes);
        o.identity_rules = std::move(identities);
        o.encoding = onakit::parse_text_encoding(encoding);
        o.weight = weight;
        o.primary = primary;
        o.secondary = secondary;
        o.date = date.value_or("");
        o.sep = table_sep(sep);
        o.errors = table_policy(errors);
        onakit::viva_p2p_result r = without_gil([&] { return onakit::read_viva_p2p(path, o); });
        auto log = std::make_shared<onakit::message_log>(std::move(r.log));
        return py::make_tuple(log, std::move(r.attribute_names), std::move(r.attributes));
      },
      "path"_a, "weight"_a, "primary"_a, "secondary"_a, "date"_a, "sep"_a, "errors"_a,
      "identities"_a = py::none(), "encoding"_a = "utf-8",
      "max_input_bytes"_a = py::none());

  m.def(
      "read_message_trace",
      [](const std::string& path, const std::string& sender, const std::string& recipient,
         const std::string& received, const std::string& status, const std::optional<std::string>& message_id,
         const std::optional<std::string>& sep, const std::string& errors,
         std::shared_ptr<onakit::identities> identities, const std::string& encoding,
         std::optional<long long> max_input_bytes) {
        onakit::message_trace_options o;
        o.max_input_bytes = input_limit(max_input_bytes);
        o.identity_rules = std::move(identities);
        o.encoding = onakit::parse_text_encoding(encoding);
        o.sender = sender;
        o.recipient = recipient;
        o.received = received;
        o.status = status;
        o.message_id = message_id.value_or("");
        o.sep = table_sep(sep);
        o.errors = table_policy(errors);
        return without_gil([&] { return std::make_shared<onakit::message_log>(onakit::read_message_trace(path, o)); });
      },
      "path"_a, "sender"_a, "recipient"_a, "received"_a, "status"_a, "message_id"_a, "sep"_a, "errors"_a,
      "identities"_a = py::none(), "encoding"_a = "utf-8",
      "max_input_bytes"_a = py::none());
}

}  // namespace onakit::python
