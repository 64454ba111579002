// read_slack_export (slack_export.hpp): a Slack export folder written from
// the input (the reader takes a folder), cut at "\n\0--\n" into users.json,
// channels.json, dms.json and day files (alternately general/ and the DM
// D1/). An empty part leaves its file out. Options from the first bytes:
// strict or lenient, channel ties, thread rules, mentions, e-mails, the window.
#include "../fuzz.hpp"

#include <onakit/ingest/slack_export.hpp>

#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  bytes in(data, size);
  bytes opt = in.sub(4);
  onakit::slack_options o;
  const std::uint8_t f = opt.byte();
  o.errors = (f & 1) ? onakit::error_policy::skip : onakit::error_policy::strict;
  static constexpr onakit::slack_channel_ties ties[] = {onakit::slack_channel_ties::recent,
                                                        onakit::slack_channel_ties::members,
                                                        onakit::slack_channel_ties::none,
                                                        onakit::slack_channel_ties::recent};
  o.channel_ties = ties[(f >> 1) & 3];
  o.reply_to_thread_participants = (f & 8) != 0;
  o.keep_thread_parents = (f & 16) != 0;
  o.mentions = (f & 32) == 0;
  o.resolve_emails = (f & 64) == 0;
  if (f & 128) o.recent_window_seconds = 1.0 + opt.byte();
  const std::filesystem::path dir = scratch_dir() / "slack";
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir / "general");
  std::filesystem::create_directories(dir / "D1");
  constexpr std::string_view sep("\n\0--\n", 5);
  static constexpr const char* lists[] = {"users.json", "channels.json", "dms.json"};
  for (const char* name : lists)
    if (const std::string_view part = in.until(sep); !part.empty()) write_file(dir / name, part);
  for (int k = 1; in.size() > 0 && k <= 8; ++k) {
    char day[32];
    std::snprintf(day, sizeof day, "2016-01-%02d.json", k);
    write_file(dir / (k % 2 ? "general" : "D1") / day, in.until(sep));
  }
  guarded([&] { check_log(onakit::read_slack_export(dir, o)); });
  return 0;
}
