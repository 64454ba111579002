// Bindings of the Microsoft Teams chat reader (chatMessage resources from the Graph API).
#include "bindings.hpp"

#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/teams_messages.hpp>
#include <onakit/message_log.hpp>

#include <pybind11/stl.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace onakit::python {

void bind_teams(py::module_& m) {
  using namespace pybind11::literals;

  m.def(
      "read_teams_messages",
      [](const std::vector<std::string>& paths, const std::string& channel_ties, double recent_window,
         bool reply_to_thread_participants, bool mentions, bool resolve_emails,
         const std::optional<std::string>& members_path, const std::optional<std::string>& members_text,
         const std::string& members_name, const std::string& errors, identities_arg identities,
         std::optional<long long> max_input_bytes, progress_arg progress) {
        onakit::teams_options o;
        o.channel_ties = channel_ties_option<onakit::teams_channel_ties>(channel_ties);
        o.recent_window_seconds = recent_window;
        o.reply_to_thread_participants = reply_to_thread_participants;
        o.mentions = mentions;
        o.resolve_emails = resolve_emails;
        o.errors = error_policy_option(errors);
        o.max_input_bytes = input_limit(max_input_bytes);
        o.identity_rules = identities.value_or(nullptr);
        o.interrupt = onakit::python::python_interrupt(progress);
        return without_gil([&] {
          if (members_path) o.members = onakit::read_teams_members(*members_path);
          else if (members_text) o.members = onakit::parse_teams_members_text(*members_text, members_name);
          const std::vector<std::filesystem::path> inputs(paths.begin(), paths.end());
          return std::make_shared<onakit::message_log>(onakit::read_teams_messages(inputs, o));
        });
      },
      "paths"_a, "channel_ties"_a, "recent_window"_a, "reply_to_thread_participants"_a, "mentions"_a,
      "resolve_emails"_a, "members_path"_a = py::none(), "members_text"_a = py::none(),
      "members_name"_a = "members=", "errors"_a = "strict", "identities"_a = py::none(),
      "max_input_bytes"_a = py::none(), "progress"_a = py::none());
}

}  // namespace onakit::python
