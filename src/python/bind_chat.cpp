// Bindings of the Slack export and JSON Lines readers (Microsoft Graph messages, generic).
#include "bindings.hpp"

#include <onakit/ingest/graph_messages.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/jsonl.hpp>
#include <onakit/ingest/slack_export.hpp>
#include <onakit/message_log.hpp>

#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>

namespace onakit::python {

void bind_chat(py::module_& m) {
  using namespace pybind11::literals;

  m.def(
      "read_slack_export",
      [](const std::string& path, const std::string& channel_ties, double recent_window,
         bool reply_to_thread_participants, bool mentions, bool resolve_emails, const std::string& errors,
         identities_arg identities, progress_arg progress, bool keep_thread_parents) {
        onakit::slack_options o;
        o.keep_thread_parents = keep_thread_parents;
        o.channel_ties = channel_ties_option<onakit::slack_channel_ties>(channel_ties);
        o.recent_window_seconds = recent_window;
        o.reply_to_thread_participants = reply_to_thread_participants;
        o.mentions = mentions;
        o.resolve_emails = resolve_emails;
        o.errors = error_policy_option(errors);
        o.identity_rules = identities.value_or(nullptr);
        o.interrupt = onakit::python::python_interrupt(progress);
        return without_gil([&] { return std::make_shared<onakit::message_log>(onakit::read_slack_export(path, o)); });
      },
      "path"_a, "channel_ties"_a, "recent_window"_a, "reply_to_thread_participants"_a, "mentions"_a,
      "resolve_emails"_a, "errors"_a, "identities"_a = py::none(), "progress"_a = py::none(),
      "keep_thread_parents"_a = false);

  m.def(
      "read_jsonl",
      [](const std::string& path, const std::string& sender, const std::string& recipients,
         const std::optional<std::string>& timestamp, const std::optional<std::string>& role,
         const std::optional<std::string>& message_id, const std::optional<std::string>& channel,
         const std::optional<std::string>& recipient_sep, const std::string& errors,
         identities_arg identities, std::optional<long long> max_input_bytes,
         progress_arg progress, const std::optional<std::string>& reply_to) {
        onakit::jsonl_options o;
        o.max_input_bytes = input_limit(max_input_bytes);
        o.sender = sender;
        o.recipients = recipients;
        o.timestamp = timestamp.value_or("");
        o.role = role.value_or("");
        o.message_id = message_id.value_or("");
        o.channel = channel.value_or("");
        o.reply_to = reply_to.value_or("");
        if (!recipient_sep || recipient_sep->empty()) o.recipient_sep = '\0';
        else if (recipient_sep->size() == 1) o.recipient_sep = (*recipient_sep)[0];
        else throw onakit::invalid_option("recipient_sep must be a single character, not '" + *recipient_sep + "'");
        o.errors = error_policy_option(errors);
        o.identity_rules = identities.value_or(nullptr);
        o.interrupt = onakit::python::python_interrupt(progress);
        return without_gil([&] { return std::make_shared<onakit::message_log>(onakit::read_jsonl(path, o)); });
      },
      "path"_a, "sender"_a, "recipients"_a, "timestamp"_a, "role"_a, "message_id"_a, "channel"_a,
      "recipient_sep"_a, "errors"_a, "identities"_a = py::none(), "max_input_bytes"_a = py::none(),
      "progress"_a = py::none(), "reply_to"_a = py::none());

  m.def(
      "read_graph_messages",
      [](const std::string& path, const std::string& errors, identities_arg identities,
         std::optional<long long> max_input_bytes, progress_arg progress) {
        onakit::graph_messages_options o;
        o.interrupt = python_interrupt(progress);
        o.max_input_bytes = input_limit(max_input_bytes);
        o.errors = error_policy_option(errors);
        o.identity_rules = identities.value_or(nullptr);
        return without_gil([&] { return std::make_shared<onakit::message_log>(onakit::read_graph_messages(path, o)); });
      },
      "path"_a, "errors"_a, "identities"_a = py::none(), "max_input_bytes"_a = py::none(),
      "progress"_a = py::none());
}

}  // namespace onakit::python
