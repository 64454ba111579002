// Bindings of the streaming readers (include/onakit/ingest/stream.hpp):
// `_core.stream_<reader>(path, <the keywords of _core.read_<reader>>, sink,
// chunk_messages)` hands each chunk of messages to a StreamSink (the lead's
// StreamBuilder, a per-period builder) and returns the emptied log (people,
// channels, report). The GIL is released while reading; the sink's add() is
// called without it.
#include "bindings.hpp"

#include <onakit/ingest/edgelist.hpp>
#include <onakit/ingest/email_csv.hpp>
#include <onakit/ingest/jsonl.hpp>
#include <onakit/ingest/mbox.hpp>
#include <onakit/ingest/stream.hpp>

#include <pybind11/stl.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace onakit::python {

namespace {

/// A StreamSink that appends every chunk to one log: the concatenation of
/// the chunks (what the streaming readers promise equals read_<reader>),
/// and the size of each chunk. For tests; with keep=False it only counts
/// (the memory benchmark's reader-only figure).
struct collecting_sink final : stream_sink {
  explicit collecting_sink(bool keep_messages) : keep(keep_messages) {}
  bool keep = true;
  message_log log;
  std::vector<std::size_t> chunk_sizes;
  void add(const message_log& chunk) override {
    chunk_sizes.push_back(chunk.num_messages());
    if (keep) log.append(chunk);
  }
};

std::size_t chunk_option(py::handle v) {
  return int_option<std::size_t>(v, "chunk_messages", 1, std::size_t{1} << 40);
}

std::shared_ptr<stream_sink> sink_option(const std::shared_ptr<stream_sink>& sink) {
  if (!sink) throw invalid_option("sink must be a StreamSink (ona.stream_ties passes its builder), not None");
  return sink;
}

/// Runs a streaming read without the GIL, handing chunks to `sink`.
template <class Read>
std::shared_ptr<message_log> stream_with(const std::shared_ptr<stream_sink>& sink, Read&& read) {
  const auto s = sink_option(sink);
  const message_sink to_sink = [&s](const message_log& chunk) { s->add(chunk); };
  return without_gil([&] { return std::make_shared<message_log>(read(to_sink)); });
}

}  // namespace

void bind_stream_readers(py::module_& m) {
  using namespace pybind11::literals;

  py::class_<collecting_sink, stream_sink, std::shared_ptr<collecting_sink>>(
      m, "CollectingSink",
      "A StreamSink that appends every chunk to one log (.log; keep=False: none) and records each chunk's size")
      .def(py::init<bool>(), "keep"_a = true)
      .def_property_readonly("log",
                             [](const std::shared_ptr<collecting_sink>& s) {
                               auto out = std::shared_ptr<message_log>(s, &s->log);
                               return out;
                             })
      .def_property_readonly("chunk_sizes", [](const collecting_sink& s) { return s.chunk_sizes; });

  m.def(
      "stream_email_csv",
      [](const std::string& path, const std::string& sender, const std::string& recipients,
         const std::optional<std::string>& timestamp, const std::optional<std::string>& role,
         const std::optional<std::string>& message_id, const std::optional<std::string>& sep,
         const std::optional<std::string>& recipient_sep, const std::string& errors, int_arg threads_arg,
         identities_arg identities, const std::string& encoding, std::optional<long long> max_input_bytes,
         const std::optional<std::string>& group_rows_by, progress_arg progress,
         const std::shared_ptr<stream_sink>& sink, int_arg chunk_messages) {
        onakit::email_csv_options o;
        o.threads = threads_option(threads_arg);
        o.group_rows_by = onakit::parse_row_grouping(group_rows_by.value_or("auto"));
        o.max_input_bytes = input_limit(max_input_bytes);
        o.identity_rules = identities.value_or(nullptr);
        o.encoding = onakit::parse_text_encoding(encoding);
        o.sender = sender;
        o.recipients = recipients;
        o.timestamp = timestamp.value_or("");
        o.role = role.value_or("");
        o.message_id = message_id.value_or("");
        o.sep = char_option(sep, "sep");
        o.recipient_sep = char_option(recipient_sep, "recipient_sep");
        o.errors = error_policy_option(errors);
        const std::size_t chunk = chunk_option(chunk_messages);
        o.interrupt = python_interrupt(progress);
        return stream_with(sink, [&](const message_sink& s) { return onakit::stream_email_csv(path, o, s, chunk); });
      },
      "path"_a, "sender"_a, "recipients"_a, "timestamp"_a, "role"_a, "message_id"_a, "sep"_a, "recipient_sep"_a,
      "errors"_a, "threads"_a = 0, "identities"_a = py::none(), "encoding"_a = "utf-8",
      "max_input_bytes"_a = py::none(), "group_rows_by"_a = py::none(), "progress"_a = py::none(), py::kw_only(),
      "sink"_a, "chunk_messages"_a = onakit::default_chunk_messages);

  m.def(
      "stream_edgelist",
      [](const std::string& path, const std::optional<std::string>& sep, const std::string& third,
         const std::string& errors, identities_arg identities, const std::string& encoding,
         std::optional<long long> max_input_bytes, const std::shared_ptr<stream_sink>& sink, int_arg chunk_messages) {
        onakit::edgelist_options o;
        o.max_input_bytes = input_limit(max_input_bytes);
        o.identity_rules = identities.value_or(nullptr);
        o.encoding = onakit::parse_text_encoding(encoding);
        o.sep = char_option(sep, "sep");
        o.errors = error_policy_option(errors);
        if (third == "weight") o.third = onakit::third_column::weight;
        else if (third == "time") o.third = onakit::third_column::time;
        else throw onakit::invalid_option("third must be 'weight' or 'time', not '" + third + "'");
        const std::size_t chunk = chunk_option(chunk_messages);
        o.interrupt = python_interrupt();
        return stream_with(sink, [&](const message_sink& s) { return onakit::stream_edgelist(path, o, s, chunk); });
      },
      "path"_a, "sep"_a, "third"_a, "errors"_a, "identities"_a = py::none(), "encoding"_a = "utf-8",
      "max_input_bytes"_a = py::none(), py::kw_only(), "sink"_a, "chunk_messages"_a = onakit::default_chunk_messages);

  m.def(
      "stream_jsonl",
      [](const std::string& path, const std::string& sender, const std::string& recipients,
         const std::optional<std::string>& timestamp, const std::optional<std::string>& role,
         const std::optional<std::string>& message_id, const std::optional<std::string>& channel,
         const std::optional<std::string>& recipient_sep, const std::string& errors, identities_arg identities,
         std::optional<long long> max_input_bytes, progress_arg progress, const std::optional<std::string>& reply_to,
         const std::shared_ptr<stream_sink>& sink, int_arg chunk_messages) {
        onakit::jsonl_options o;
        o.max_input_bytes = input_limit(max_input_bytes);
        o.sender = sender;
        o.recipients = recipients;
        o.timestamp = timestamp.value_or("");
        o.role = role.value_or("");
        o.message_id = message_id.value_or("");
        o.channel = channel.value_or("");
        o.reply_to = reply_to.value_or("");
        o.recipient_sep = char_option(recipient_sep, "recipient_sep");
        o.errors = error_policy_option(errors);
        o.identity_rules = identities.value_or(nullptr);
        const std::size_t chunk = chunk_option(chunk_messages);
        o.interrupt = python_interrupt(progress);
        return stream_with(sink, [&](const message_sink& s) { return onakit::stream_jsonl(path, o, s, chunk); });
      },
      "path"_a, "sender"_a, "recipients"_a, "timestamp"_a, "role"_a, "message_id"_a, "channel"_a,
      "recipient_sep"_a, "errors"_a, "identities"_a = py::none(), "max_input_bytes"_a = py::none(),
      "progress"_a = py::none(), "reply_to"_a = py::none(), py::kw_only(), "sink"_a,
      "chunk_messages"_a = onakit::default_chunk_messages);

  m.def(
      "stream_mail",
      [](const std::string& path, const std::string& sender_header, bool use_resent, bool include_bcc,
         bool dedupe_message_ids, const std::string& default_recipient, const std::string& errors,
         identities_arg identities, std::optional<long long> max_input_bytes, progress_arg progress,
         const std::shared_ptr<stream_sink>& sink, int_arg chunk_messages) {
        onakit::mbox_options o;
        o.max_input_bytes = input_limit(max_input_bytes);
        o.sender_header = sender_header;
        o.use_resent = use_resent;
        o.include_bcc = include_bcc;
        o.dedupe_message_ids = dedupe_message_ids;
        o.default_recipient = default_recipient;
        o.errors = error_policy_option(errors);
        o.identity_rules = identities.value_or(nullptr);
        const std::size_t chunk = chunk_option(chunk_messages);
        o.interrupt = python_interrupt(progress);
        return stream_with(sink, [&](const message_sink& s) { return onakit::stream_mbox(path, o, s, chunk); });
      },
      "path"_a, "sender_header"_a = "from", "use_resent"_a = false, "include_bcc"_a = true,
      "dedupe_message_ids"_a = true, "default_recipient"_a = "", "errors"_a = "strict", "identities"_a = py::none(),
      "max_input_bytes"_a = py::none(), "progress"_a = py::none(), py::kw_only(), "sink"_a,
      "chunk_messages"_a = onakit::default_chunk_messages);
}

}  // namespace onakit::python
