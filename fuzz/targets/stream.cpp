// The streaming readers (stream.hpp, text_stream.hpp), differentially: the
// input is written to a file and read twice, whole (read_X) and streamed
// (stream_X) with a tiny window (detail::max_stream_window) and small
// chunks, so even a short input is cut into many segments. The chunks,
// concatenated, must equal the whole read: same messages and people ids,
// same report, or the same error. Reader (after the 4 option bytes): 0 edge
// list, 1 JSON Lines, 2 e-mail CSV, 3 mbox. Documented differences are
// left out: reply links (not set when streaming), the UTF-16 refusal, and
// for CSV no grouping of rows (grouped rows may meet only in one window).
#include "../fuzz.hpp"

#include <onakit/ingest/edgelist.hpp>
#include <onakit/ingest/email_csv.hpp>
#include <onakit/ingest/jsonl.hpp>
#include <onakit/ingest/mbox.hpp>

#include <cmath>
#include <map>
#include <optional>
#include <vector>

namespace {

using onakit_fuzz::check;

struct flat_message {
  onakit::vertex_id sender;
  std::vector<onakit::vertex_id> recipients;
  std::vector<onakit::role> roles;
  onakit::timestamp_t time;
  std::string id;
  double weight;
  onakit::channel_id channel;
  bool operator==(const flat_message& o) const {
    const bool same_weight = weight == o.weight || (std::isnan(weight) && std::isnan(o.weight));
    return sender == o.sender && recipients == o.recipients && roles == o.roles && time == o.time && id == o.id &&
           same_weight && channel == o.channel;
  }
};

void append(const onakit::message_log& log, std::vector<flat_message>& out) {
  for (std::size_t m = 0; m < log.num_messages(); ++m) {
    const auto r = log.recipients(m);
    const auto ro = log.roles(m);
    out.push_back({log.sender(m), {r.begin(), r.end()}, {ro.begin(), ro.end()}, log.time(m),
                   std::string(log.message_id(m)), log.weight(m), log.channel(m)});
  }
}

/// The outcome of one read: the messages, people, channels and report, or the error.
struct outcome {
  std::optional<std::string> error;
  std::vector<flat_message> messages;
  std::vector<std::string> people, channels;
  onakit::ingest_report report;
};

template <class F>
outcome run(F&& read) {
  outcome o;
  try {
    read(o);
  } catch (const onakit::error& e) {
    o.error = e.what();
    if (std::getenv("ONAKIT_FUZZ_VERBOSE") != nullptr) std::fprintf(stderr, "error: %s\n", e.what());
  } catch (const std::exception& e) {
    onakit_fuzz::fail("an exception that is not an onakit::error", e.what());
  }
  return o;
}

void finish(outcome& o, const onakit::message_log& log) {
  o.people = log.people();
  o.channels = log.channels();
  o.report = log.report();
  o.report.dropped.erase("reply to unknown parent");  // reply links: whole reads only
}

std::string describe(const onakit::ingest_report& r) { return r.to_string(); }

void compare(const outcome& whole, const outcome& stream, bool utf16) {
  if (utf16) return;  // streaming refuses UTF-16 (invalid_option); the whole read may take it
  check(whole.error.has_value() == stream.error.has_value(), "whole and streamed reads disagree on failing",
        "whole: " + whole.error.value_or("ok") + " | stream: " + stream.error.value_or("ok"));
  if (whole.error) {
    check(*whole.error == *stream.error, "whole and streamed reads fail differently", *whole.error + " | " + *stream.error);
    return;
  }
  check(whole.messages.size() == stream.messages.size(), "streamed messages != whole",
        std::to_string(whole.messages.size()) + " vs " + std::to_string(stream.messages.size()));
  for (std::size_t k = 0; k < whole.messages.size(); ++k)
    check(whole.messages[k] == stream.messages[k], "streamed message differs", "message " + std::to_string(k));
  check(whole.people == stream.people, "streamed people differ");
  check(whole.channels == stream.channels, "streamed channels differ");
  const auto& a = whole.report;
  const auto& b = stream.report;
  check(a.records_read == b.records_read && a.records_kept == b.records_kept && a.messages == b.messages &&
            a.messages_with_several_recipients == b.messages_with_several_recipients && a.skipped == b.skipped &&
            a.dropped == b.dropped,
        "streamed report differs", describe(a) + "\n--- stream:\n" + describe(b));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  bytes in(data, size);
  bytes opt = in.sub(4);
  const std::size_t reader = in.byte() % 4;
  const std::uint8_t f = opt.byte();
  const std::size_t window = 1 + opt.byte() % 96;
  const std::size_t chunk = 1 + opt.pick(4);
  const onakit::error_policy errors = (f & 1) ? onakit::error_policy::skip : onakit::error_policy::strict;
  const onakit::text_encoding enc = (f & 2) ? onakit::text_encoding::latin1 : onakit::text_encoding::utf8;
  const std::string_view text = in.rest();
  static constexpr const char* ext[] = {".txt", ".jsonl", ".csv", ".mbox"};
  const std::filesystem::path path = scratch_dir() / (std::string("input") + ext[reader]);
  write_file(path, text);
  const bool utf16 = text.size() >= 2 && ((static_cast<unsigned char>(text[0]) == 0xFF && static_cast<unsigned char>(text[1]) == 0xFE) ||
                                          (static_cast<unsigned char>(text[0]) == 0xFE && static_cast<unsigned char>(text[1]) == 0xFF));

  outcome whole, streamed;
  const auto streaming = [&](auto&& stream_read) {
    return run([&](outcome& o) {
      onakit::detail::max_stream_window = window;
      struct restore {
        ~restore() { onakit::detail::max_stream_window = onakit::default_window_bytes; }
      } r;
      const onakit::message_log rest = stream_read([&](const onakit::message_log& c) {
        check(c.num_messages() > 0, "an empty chunk was handed on");
        check_log(c, false);
        append(c, o.messages);
      });
      check(rest.num_messages() == 0, "a streaming read returned messages");
      finish(o, rest);
    });
  };
  switch (reader) {
    case 0: {
      onakit::edgelist_options o;
      o.errors = errors;
      o.encoding = enc;
      o.third = (f & 4) ? onakit::third_column::time : onakit::third_column::weight;
      static constexpr char seps[] = {'\0', '\0', ',', ' '};
      o.sep = seps[(f >> 3) & 3];
      whole = run([&](outcome& r) {
        const auto log = onakit::read_edgelist(path, o);
        check_log(log);
        append(log, r.messages);
        finish(r, log);
      });
      streamed = streaming([&](const onakit::message_sink& sink) { return onakit::stream_edgelist(path, o, sink, chunk); });
      break;
    }
    case 1: {
      onakit::jsonl_options o;
      o.errors = errors;
      if (f & 4) o.role = "role";
      if (f & 8) o.message_id = "id";
      if (f & 16) o.channel = "channel";
      if ((f & 8) && (f & 32)) o.reply_to = "reply_to";
      whole = run([&](outcome& r) {
        const auto log = onakit::read_jsonl(path, o);
        check_log(log);
        append(log, r.messages);
        finish(r, log);
      });
      streamed = streaming([&](const onakit::message_sink& sink) { return onakit::stream_jsonl(path, o, sink, chunk); });
      break;
    }
    case 2: {
      onakit::email_csv_options o;
      o.errors = errors;
      o.encoding = enc;
      o.threads = 1;
      o.group_rows_by = onakit::row_grouping::none;
      const auto names = header_fields(text, '\0');
      o.sender = name_at(names, 0, "sender");
      o.recipients = name_at(names, 1, "recipients");
      o.timestamp = (f & 4) ? name_at(names, 2, "timestamp") : "";
      if (f & 8) o.role = name_at(names, 3, "role");
      whole = run([&](outcome& r) {
        const auto log = onakit::read_email_csv(path, o);
        check_log(log);
        append(log, r.messages);
        finish(r, log);
      });
      streamed = streaming([&](const onakit::message_sink& sink) { return onakit::stream_email_csv(path, o, sink, chunk); });
      break;
    }
    default: {
      onakit::mbox_options o;
      o.errors = errors;
      o.use_resent = (f & 4) != 0;
      o.dedupe_message_ids = (f & 8) == 0;
      if (f & 16) o.default_recipient = "list@example.org";
      whole = run([&](outcome& r) {
        const auto res = onakit::read_mail(path, o);
        check_log(res.log);
        append(res.log, r.messages);
        finish(r, res.log);
      });
      streamed = streaming([&](const onakit::message_sink& sink) { return onakit::stream_mbox(path, o, sink, chunk); });
      break;
    }
  }
  compare(whole, streamed, utf16);
  return 0;
}
