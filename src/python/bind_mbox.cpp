// Bindings of the mbox, Maildir and .eml readers (include/onakit/ingest/mbox.hpp).
#include "bindings.hpp"

#include <onakit/ingest/mbox.hpp>

#include <pybind11/stl.h>

#include <memory>
#include <string>
#include <vector>

namespace onakit::python {

void bind_mbox(py::module_& m) {
  using namespace pybind11::literals;
  // The side tables stay in C++ until Python asks for them (each access
  // converts): turning thousands of strings into Python lists on every read
  // cost ~5% of reading a small mbox, and most callers never look at replies
  // or display names. The log shares the result's lifetime (aliasing).
  py::class_<mbox_result, std::shared_ptr<mbox_result>>(m, "mbox_result")
      .def_property_readonly("log",
                             [](const std::shared_ptr<mbox_result>& r) { return std::shared_ptr<message_log>(r, &r->log); })
      .def_property_readonly("in_reply_to", [](const mbox_result& r) { return r.in_reply_to; })
      .def_property_readonly("references", [](const mbox_result& r) { return r.references; })
      .def_property_readonly("display_names", [](const mbox_result& r) { return r.display_names; });
  m.def(
      "read_mail",
      [](const std::string& path, const std::string& sender_header, bool use_resent, bool include_bcc,
         bool dedupe_message_ids, const std::string& default_recipient, const std::string& errors,
         identities_arg identities, std::optional<long long> max_input_bytes,
         progress_arg progress) {
        onakit::mbox_options o;
        o.max_input_bytes = input_limit(max_input_bytes);
        o.sender_header = sender_header;
        o.use_resent = use_resent;
        o.include_bcc = include_bcc;
        o.dedupe_message_ids = dedupe_message_ids;
        o.default_recipient = default_recipient;
        o.errors = error_policy_option(errors);
        o.identity_rules = identities.value_or(nullptr);
        o.interrupt = onakit::python::python_interrupt(progress);
        return std::make_shared<mbox_result>(without_gil([&] { return onakit::read_mail(path, o); }));
      },
      "path"_a, "sender_header"_a = "from", "use_resent"_a = false, "include_bcc"_a = true,
      "dedupe_message_ids"_a = true, "default_recipient"_a = "", "errors"_a = "strict",
      "identities"_a = py::none(), "max_input_bytes"_a = py::none(), "progress"_a = py::none());
}

}  // namespace onakit::python
