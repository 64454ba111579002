// read_teams_messages (teams_messages.hpp) and parse_teams_members_text
// (teams_members.hpp): Graph chatMessage pages, arrays or JSON Lines. The
// input is cut at "\n\0--\n" into up to two message files (a .json page and
// a .jsonl file, written to a scratch folder: the reader takes paths) and a
// member-list text. Options from the first bytes: strict or lenient,
// channel ties, reply participants, mentions, e-mail resolution, the window.
#include "../fuzz.hpp"

#include <onakit/ingest/teams_messages.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  bytes in(data, size);
  bytes opt = in.sub(4);
  onakit::teams_options o;
  const std::uint8_t f = opt.byte();
  o.errors = (f & 1) ? onakit::error_policy::skip : onakit::error_policy::strict;
  static constexpr onakit::teams_channel_ties ties[] = {onakit::teams_channel_ties::recent,
                                                        onakit::teams_channel_ties::members,
                                                        onakit::teams_channel_ties::none,
                                                        onakit::teams_channel_ties::recent};
  o.channel_ties = ties[(f >> 1) & 3];
  o.reply_to_thread_participants = (f & 8) != 0;
  o.mentions = (f & 16) == 0;
  o.resolve_emails = (f & 32) == 0;
  if (f & 64) o.recent_window_seconds = 1.0 + opt.byte();
  constexpr std::string_view sep("\n\0--\n", 5);
  const std::string_view page = in.until(sep);
  const std::string_view lines = in.until(sep);
  const std::string_view members = in.rest();
  if (!members.empty())
    guarded([&] { o.members = onakit::parse_teams_members_text(members, "<fuzz members>"); });
  const std::filesystem::path dir = scratch_dir() / "teams";
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir);
  std::vector<std::filesystem::path> inputs{dir / "page.json"};
  write_file(inputs[0], page);
  if (!lines.empty()) {
    inputs.push_back(dir / "more.jsonl");
    write_file(inputs[1], lines);
  }
  guarded([&] { check_log(onakit::read_teams_messages(inputs, o)); });
  return 0;
}
