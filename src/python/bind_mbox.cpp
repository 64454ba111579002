// Bindings of the mbox, Maildir and .eml readers (include/onakit/ingest/mbox.hpp).
#include "bindings.hpp"

#include <onakit/ingest/mbox.hpp>

#include <pybind11/stl.h>

#include <memory>
#include <string>
#include <vector>

namespace onakit::python {

namespace {

/// mbox_result's side tables, kept in C++ until Python asks for them: turning
/// thousands of strings into Python lists on every read cost ~5% of reading
/// a small mbox, and most callers never look at replies or display names.
struct mail_side_tables {
  std::vector<std::string> in_reply_to, references, display_names;
};

}  // namespace

void bind_mbox(py::module_& m) {
  using namespace pybind11::literals;
  py::class_<mail_side_tables, std::shared_ptr<mail_side_tables>>(m, "MailSideTables")
      .def_property_readonly("in_reply_to", [](const mail_side_tables& t) { return t.in_reply_to; })
      .def_property_readonly("references", [](const mail_side_tables& t) { return t.references; })
      .def_property_readonly("display_names", [](const mail_side_tables& t) { return t.display_names; });
  // Returns (log, side tables); the façade turns the side tables into a
  // DataFrame and a Series when they are first used.
  m.def(
      "read_mail",
      [](const std::string& path, const std::string& sender_header, bool use_resent, bool include_bcc,
         bool dedupe_message_ids, const std::string& default_recipient, const std::string& errors,
         std::shared_ptr<onakit::identities> identities, std::optional<long long> max_input_bytes) {
        onakit::mbox_options o;
        o.max_input_bytes = input_limit(max_input_bytes);
        o.sender_header = sender_header;
        o.use_resent = use_resent;
        o.include_bcc = include_bcc;
        o.dedupe_message_ids = dedupe_message_ids;
        o.default_recipient = default_recipient;
        if (errors == "strict") o.errors = onakit::error_policy::strict;
        else if (errors == "skip") o.errors = onakit::error_policy::skip;
        else throw onakit::invalid_option("errors must be 'strict' or 'skip', not '" + errors + "'");
        o.identity_rules = std::move(identities);
        auto r = without_gil([&] { return onakit::read_mail(path, o); });
        auto log = std::make_shared<onakit::message_log>(std::move(r.log));
        auto side = std::make_shared<mail_side_tables>(
            mail_side_tables{std::move(r.in_reply_to), std::move(r.references), std::move(r.display_names)});
        return py::make_tuple(log, side);
      },
      "path"_a, "sender_header"_a = "from", "use_resent"_a = false, "include_bcc"_a = true,
      "dedupe_message_ids"_a = true, "default_recipient"_a = "", "errors"_a = "strict",
      "identities"_a = py::none(), "max_input_bytes"_a = py::none());
}

}  // namespace onakit::python
