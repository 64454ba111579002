// Bindings of the Viva person-to-person, Exchange message trace and HR people tables.
// (HR people tables are joined in Python: python/onakit/_read_tables.py.)
#include "bindings.hpp"

#include <onakit/errors.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/message_trace.hpp>
#include <onakit/ingest/people_table.hpp>
#include <onakit/labels.hpp>
#include <onakit/ingest/text_encoding.hpp>
#include <onakit/ingest/viva_p2p.hpp>
#include <onakit/message_log.hpp>

#include <pybind11/stl.h>

#include <memory>
#include <vector>
#include <optional>
#include <string>

namespace onakit::python {

void bind_tables(py::module_& m) {
  using namespace pybind11::literals;

  // The log shares the result's lifetime (an aliasing shared_ptr).
  py::class_<viva_p2p_result, std::shared_ptr<viva_p2p_result>>(m, "viva_p2p_result")
      .def_property_readonly(
          "log", [](const std::shared_ptr<viva_p2p_result>& r) { return std::shared_ptr<message_log>(r, &r->log); })
      .def_readonly("attribute_names", &viva_p2p_result::attribute_names)
      .def_readonly("attributes", &viva_p2p_result::attributes);
  m.def(
      "read_viva_p2p",
      [](const std::string& path, const std::string& weight, const std::string& primary,
         const std::string& secondary, const std::optional<std::string>& date, const std::optional<std::string>& sep,
         const std::string& errors, identities_arg identities, const std::string& encoding,
         std::optional<long long> max_input_bytes, progress_arg progress) {
        onakit::viva_p2p_options o;
        o.interrupt = python_interrupt(progress);
        o.max_input_bytes = input_limit(max_input_bytes);
        o.identity_rules = identities.value_or(nullptr);
        o.encoding = onakit::parse_text_encoding(encoding);
        o.weight = weight;
        o.primary = primary;
        o.secondary = secondary;
        o.date = date.value_or("");
        o.sep = char_option(sep, "sep");
        o.errors = error_policy_option(errors);
        return std::make_shared<viva_p2p_result>(without_gil([&] { return onakit::read_viva_p2p(path, o); }));
      },
      "path"_a, "weight"_a, "primary"_a, "secondary"_a, "date"_a, "sep"_a, "errors"_a,
      "identities"_a = py::none(), "encoding"_a = "utf-8",
      "max_input_bytes"_a = py::none(), "progress"_a = py::none());

  m.def(
      "read_message_trace",
      [](const std::string& path, const std::string& sender, const std::string& recipient,
         const std::string& received, const std::string& status, const std::optional<std::string>& message_id,
         const std::optional<std::string>& sep, const std::string& errors,
         identities_arg identities, const std::string& encoding,
         std::optional<long long> max_input_bytes, const std::optional<std::string>& group_rows_by,
         progress_arg progress) {
        onakit::message_trace_options o;
        o.interrupt = python_interrupt(progress);
        o.group_rows_by = onakit::parse_row_grouping(group_rows_by.value_or("auto"));
        o.max_input_bytes = input_limit(max_input_bytes);
        o.identity_rules = identities.value_or(nullptr);
        o.encoding = onakit::parse_text_encoding(encoding);
        o.sender = sender;
        o.recipient = recipient;
        o.received = received;
        o.status = status;
        o.message_id = message_id.value_or("");
        o.sep = char_option(sep, "sep");
        o.errors = error_policy_option(errors);
        return without_gil([&] { return std::make_shared<onakit::message_log>(onakit::read_message_trace(path, o)); });
      },
      "path"_a, "sender"_a, "recipient"_a, "received"_a, "status"_a, "message_id"_a, "sep"_a, "errors"_a,
      "identities"_a = py::none(), "encoding"_a = "utf-8",
      "max_input_bytes"_a = py::none(), "group_rows_by"_a = py::none(), "progress"_a = py::none());

  // The text of a people/HR table for pandas, decoded by the readers' rule.
  m.def(
      "read_table_text",
      [](const std::string& path, const std::string& encoding, std::optional<long long> max_input_bytes) {
        const auto enc = onakit::parse_text_encoding(encoding);
        return without_gil([&] { return onakit::read_table_text(path, enc, input_limit(max_input_bytes)); });
      },
      "path"_a, "encoding"_a = "utf-8", "max_input_bytes"_a = py::none());
  m.def(
      "decode_table_text",
      [](const py::bytes& raw, const std::string& name, const std::string& encoding) {
        const auto enc = onakit::parse_text_encoding(encoding);
        const std::string_view bytes = raw;
        return without_gil([&] { return onakit::decode_table_text(bytes, enc, name); });
      },
      "raw"_a, "name"_a, "encoding"_a = "utf-8");

  // The one label-matching rule (labels.hpp): ona's LabelMatcher and every
  // groups= keyword find keys through it.
  py::class_<onakit::label_matcher>(m, "label_matcher")
      .def(py::init([](const std::vector<std::optional<std::string>>& labels) {
             std::vector<std::string> texts;
             texts.reserve(labels.size());
             for (const auto& l : labels) texts.push_back(l.value_or(""));  // None matches nothing, as ""
             return onakit::label_matcher(texts);
           }),
           "labels"_a)
      .def(
          "find",
          [](const onakit::label_matcher& lm, const std::string& key) -> long long {
            const std::size_t p = lm.find(key);
            return p == onakit::label_matcher::npos ? -1 : static_cast<long long>(p);
          },
          "key"_a);

  // read_people's join (people_table.hpp); texts are None or str per row.
  py::class_<onakit::people_match>(m, "people_match")
      .def_property_readonly("row_of",
                             [](const onakit::people_match& r) {
                               std::vector<long long> out(r.row_of.size());
                               for (std::size_t i = 0; i < out.size(); ++i)
                                 out[i] = r.row_of[i] == onakit::people_match::npos ? -1 : static_cast<long long>(r.row_of[i]);
                               return out;
                             })
      .def_readonly("unmatched_rows", &onakit::people_match::unmatched_rows)
      .def_readonly("duplicate_rows", &onakit::people_match::duplicate_rows);
  m.def(
      "join_people",
      [](const std::vector<std::optional<std::string>>& people, const std::vector<std::optional<std::string>>& ids,
         const std::vector<std::optional<std::string>>& emails, identities_arg identities) {
        auto texts = [](const std::vector<std::optional<std::string>>& v) {
          std::vector<std::string> out;
          out.reserve(v.size());
          for (const auto& x : v) out.push_back(x.value_or(""));
          return out;
        };
        const auto p = texts(people), i = texts(ids), e = texts(emails);
        const std::shared_ptr<onakit::identities> rules = identities.value_or(nullptr);
        return without_gil([&] { return onakit::join_people(p, i, e, rules.get()); });
      },
      "people"_a, "ids"_a, "emails"_a, "identities"_a = py::none());
  m.def("is_name_column", [](const std::string& name) { return onakit::is_name_column(name); }, "name"_a);
  m.attr("name_columns") = [] {
    py::list out;
    for (const auto c : onakit::name_columns) out.append(std::string(c));
    return out;
  }();
}

}  // namespace onakit::python
