#include <onakit/ingest/crypto.hpp>  // keyed pseudonyms (pseudonymize_key)
#include <onakit/ingest/slack_export.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include "test_data.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace {

/// Identity rules from the three options these tests use.
std::shared_ptr<onakit::identities> rules(std::vector<std::string> internal_domains,
                                          std::vector<std::string> exclude = {}, std::string key = {}) {
  onakit::identity_options o;
  o.internal_domains = std::move(internal_domains);
  o.exclude = std::move(exclude);
  o.pseudonymize_key = std::move(key);
  return std::make_shared<onakit::identities>(std::move(o));
}

namespace fs = std::filesystem;
using onakit::error_policy;
using onakit::message_log;
using onakit::read_slack_export;
using onakit::role;
using onakit::slack_channel_ties;
using onakit::slack_options;

constexpr const char* kExport = "slack-export-houstondatavis";

/// (recipient label, role) pairs of a message, sorted.
std::vector<std::pair<std::string, role>> ties(const message_log& log, std::size_t m) {
  std::vector<std::pair<std::string, role>> out;
  const auto rs = log.recipients(m);
  const auto ro = log.roles(m);
  for (std::size_t k = 0; k < rs.size(); ++k) out.emplace_back(log.people()[rs[k]], ro[k]);
  std::sort(out.begin(), out.end());
  return out;
}

/// Index of the message with this ts in this channel, or -1.
long find_message(const message_log& log, const std::string& channel, const std::string& ts) {
  for (std::size_t m = 0; m < log.num_messages(); ++m)
    if (log.message_id(m) == ts && log.channel(m) != onakit::no_channel && log.channels()[log.channel(m)] == channel)
      return static_cast<long>(m);
  return -1;
}

std::map<role, std::size_t> role_counts(const message_log& log, std::size_t m) {
  std::map<role, std::size_t> c;
  for (const auto r : log.roles(m)) ++c[r];
  return c;
}

// ---- the real export ----------------------------------------------------------

TEST(SlackExport, RealExportIngestsCleanlyWithCountsFromTheDataReadme) {
  ONAKIT_REQUIRE_DATA(kExport);
  const message_log log = read_slack_export(onakit::testing::data_file(kExport));  // strict
  const auto& rep = log.report();
  EXPECT_TRUE(rep.balanced());
  // The data README (checked with Python's json): 1,382 messages; subtypes
  // plain 964, channel_join 320, file_share 61, channel_purpose 13,
  // channel_archive 9, file_comment 6, channel_leave 3, channel_name 2,
  // channel_topic 2, bot_add 1, pinned_item 1.
  EXPECT_EQ(rep.records_read, 1382u);
  const std::map<std::string, std::uint64_t> system = {
      {"subtype channel_join", 320}, {"subtype channel_purpose", 13}, {"subtype channel_archive", 9},
      {"subtype channel_leave", 3},  {"subtype channel_name", 2},     {"subtype channel_topic", 2},
      {"subtype bot_add", 1},        {"subtype pinned_item", 1}};
  for (const auto& [reason, n] : system) EXPECT_EQ(rep.skipped.count(reason) ? rep.skipped.at(reason) : 0, n) << reason;
  // Everything else (964 + 61 + 6 = 1031) is either kept or a quiet-channel post.
  const auto quiet = rep.skipped.count("no recipients (quiet channel)") ? rep.skipped.at("no recipients (quiet channel)") : 0;
  EXPECT_EQ(rep.records_kept + quiet, 1031u);
  EXPECT_GT(rep.records_kept, 500u);
  EXPECT_EQ(rep.skipped.size(), system.size() + 1);  // no other reason occurs
  EXPECT_EQ(rep.messages, log.num_messages());
  EXPECT_EQ(log.channels().size(), 16u);
  EXPECT_EQ(log.channels()[0], "#datajam");  // channels.json order
  EXPECT_NE(std::find(log.channels().begin(), log.channels().end(), "#meetup-"), log.channels().end());
  // Every user has a (redacted) e-mail in users.json, so every label is one.
  for (const auto& p : log.people()) EXPECT_TRUE(p.ends_with("@redacted.invalid")) << p;
  const auto [lo, hi] = log.time_span();
  // README: 2015-06-06 -> 2016-07-27 UTC for all messages, system ones included.
  EXPECT_GE(lo, onakit::parse_timestamp("2015-06-06"));
  EXPECT_LT(hi, onakit::parse_timestamp("2016-07-28"));
  EXPECT_LT(lo, onakit::parse_timestamp("2015-07-01"));
  EXPECT_GT(hi, onakit::parse_timestamp("2016-07-01"));
}

// general/2015-07-16.json, opened and read by hand (times UTC; the day file
// is in the exporter's local time, so it runs into the 17th). The previous
// post in #general is 2015-07-15 16:50:45, far outside any 1 h window.
//   1437071873.000002 18:37:53 U07P7LT9S channel_join   -> skipped "subtype channel_join"
//   1437071958.000003 18:39:18 U061A5N1G "Hi, folks! Welcome"
//        recent: nobody posted since 17:39:18        -> skipped "no recipients (quiet channel)"
//   1437072095.000004 18:41:35 U061A1R2R "greetings <@U07N1U6UB> <@U07P7LT9S> !"
//        mentions U07N1U6UB, U07P7LT9S; recent: U061A5N1G (18:39)
//   1437102930.000002 03:15:30 U07P7LT9S "Howdy!"
//        recent: nobody since 02:15:30               -> skipped "no recipients (quiet channel)"
//   1437102946.000003 03:15:46 U07P7LT9S "<@U061A5N1G> you still owe me slides..."
//        mention U061A5N1G; recent: only the sender itself
//   1437105973.000002 04:06:13 U061A5N1G "Oops!"
//        recent: U07P7LT9S (03:15:30 and 03:15:46, 51 min before)
TEST(SlackExport, HandCheckedDayRecentWindow) {
  ONAKIT_REQUIRE_DATA(kExport);
  slack_options o;
  o.resolve_emails = false;  // labels = Slack user ids, as in the day file
  const message_log log = read_slack_export(onakit::testing::data_file(kExport), o);
  using V = std::vector<std::pair<std::string, role>>;
  EXPECT_EQ(find_message(log, "#general", "1437071873.000002"), -1);
  EXPECT_EQ(find_message(log, "#general", "1437071958.000003"), -1);
  EXPECT_EQ(find_message(log, "#general", "1437102930.000002"), -1);
  const long m3 = find_message(log, "#general", "1437072095.000004");
  const long m5 = find_message(log, "#general", "1437102946.000003");
  const long m6 = find_message(log, "#general", "1437105973.000002");
  ASSERT_GE(m3, 0);
  ASSERT_GE(m5, 0);
  ASSERT_GE(m6, 0);
  EXPECT_EQ(log.people()[log.sender(static_cast<std::size_t>(m3))], "U061A1R2R");
  EXPECT_EQ(ties(log, static_cast<std::size_t>(m3)),
            (V{{"U061A5N1G", role::member}, {"U07N1U6UB", role::mention}, {"U07P7LT9S", role::mention}}));
  EXPECT_EQ(ties(log, static_cast<std::size_t>(m5)), (V{{"U061A5N1G", role::mention}}));
  EXPECT_EQ(ties(log, static_cast<std::size_t>(m6)), (V{{"U07P7LT9S", role::member}}));
  EXPECT_EQ(log.time(static_cast<std::size_t>(m6)), 1437105973000002);
}

TEST(SlackExport, HandCheckedDayWindowOptionAndEmails) {
  ONAKIT_REQUIRE_DATA(kExport);
  slack_options o;
  o.recent_window_seconds = 50 * 60;  // 50 min: the 04:06:13 post no longer sees 03:15
  const message_log log = read_slack_export(onakit::testing::data_file(kExport), o);
  EXPECT_EQ(find_message(log, "#general", "1437105973.000002"), -1);
  // E-mails from users.json: U061A1R2R -> redacted-40, U061A5N1G -> redacted-48,
  // U07P7LT9S -> redacted-14, U07N1U6UB -> redacted-70.
  const long m3 = find_message(log, "#general", "1437072095.000004");
  ASSERT_GE(m3, 0);
  EXPECT_EQ(log.people()[log.sender(static_cast<std::size_t>(m3))], "redacted-40@redacted.invalid");
  using V = std::vector<std::pair<std::string, role>>;
  EXPECT_EQ(ties(log, static_cast<std::size_t>(m3)), (V{{"redacted-14@redacted.invalid", role::mention},
                                                        {"redacted-48@redacted.invalid", role::member},
                                                        {"redacted-70@redacted.invalid", role::mention}}));
}

TEST(SlackExport, HandCheckedDayMembersAndNone) {
  ONAKIT_REQUIRE_DATA(kExport);
  slack_options o;
  o.resolve_emails = false;
  o.channel_ties = slack_channel_ties::members;
  const message_log members = read_slack_export(onakit::testing::data_file(kExport), o);
  // #general lists all 71 users: each post reaches the 70 others.
  const long a = find_message(members, "#general", "1437071958.000003");
  const long b = find_message(members, "#general", "1437072095.000004");
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  EXPECT_EQ(role_counts(members, static_cast<std::size_t>(a)), (std::map<role, std::size_t>{{role::member, 70}}));
  EXPECT_EQ(role_counts(members, static_cast<std::size_t>(b)),
            (std::map<role, std::size_t>{{role::mention, 2}, {role::member, 68}}));
  // Several channels list no members: their posts are skipped under this reason.
  EXPECT_GT(members.report().skipped.at("no recipients (no members listed)"), 0u);
  EXPECT_TRUE(members.report().balanced());

  o.channel_ties = slack_channel_ties::none;
  const message_log none = read_slack_export(onakit::testing::data_file(kExport), o);
  EXPECT_EQ(find_message(none, "#general", "1437071958.000003"), -1);
  EXPECT_EQ(find_message(none, "#general", "1437105973.000002"), -1);
  const long c = find_message(none, "#general", "1437072095.000004");
  ASSERT_GE(c, 0);
  EXPECT_EQ(role_counts(none, static_cast<std::size_t>(c)), (std::map<role, std::size_t>{{role::mention, 2}}));
  for (std::size_t m = 0; m < none.num_messages(); ++m)
    for (const auto r : none.roles(m)) EXPECT_EQ(r, role::mention);
  EXPECT_TRUE(none.report().balanced());
}

TEST(SlackExport, IdentityRulesOnTheRealExport) {
  ONAKIT_REQUIRE_DATA(kExport);
  slack_options o;
  o.identity_rules = rules({}, {"redacted-48@*"}, "k");
  const message_log log = read_slack_export(onakit::testing::data_file(kExport), o);
  const auto& rep = log.report();
  EXPECT_TRUE(rep.balanced());
  EXPECT_GT(rep.skipped.at("sender excluded"), 0u);
  EXPECT_GT(rep.dropped.at("recipient excluded"), 0u);
  for (const auto& p : log.people()) {
    EXPECT_EQ(p.size(), 16u);
    EXPECT_EQ(p.find('@'), std::string::npos);
  }
}

// ---- a hand-written export: DMs, threads, bots, bad records -------------------

class SlackFixture : public ::testing::Test {
 protected:
  fs::path dir;
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("onakit_slack_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    write("users.json", R"([
      {"id": "UA", "name": "ann", "profile": {"email": "Ann@Corp.example"}},
      {"id": "UB", "name": "bob", "profile": {"email": "bob@corp.example"}},
      {"id": "UC", "name": "cy", "profile": {}},
      {"id": "UD", "name": "dee", "profile": {"email": "dee@other.example"}},
      {"id": "UBOT", "name": "robot", "is_bot": true, "profile": {}}])");
    write("channels.json", R"([{"id": "C1", "name": "eng", "members": ["UA", "UB", "UC"]}])");
    write("mpims.json", R"([{"id": "G1", "name": "mpdm-ann--bob--cy-1", "members": ["UA", "UB", "UC"]}])");
    write("dms.json", R"([{"id": "D1", "members": ["UA", "UD"]}])");
    // Thread: UA starts it (100), UB replies (110), UC replies (120), UA replies (130).
    write("eng/2024-03-01.json", R"([
      {"type": "message", "user": "UA", "text": "plan?", "ts": "100.000001", "thread_ts": "100.000001"},
      {"type": "message", "user": "UB", "text": "yes", "ts": "110.000001", "thread_ts": "100.000001"},
      {"type": "message", "subtype": "channel_join", "user": "UD", "text": "<@UD> has joined", "ts": "115.000001"},
      {"type": "message", "user": "UC", "text": "+1 <@UD>", "ts": "120.000001", "thread_ts": "100.000001"},
      {"type": "message", "user": "UA", "text": "ok", "ts": "130.000001", "thread_ts": "100.000001"},
      {"type": "message", "subtype": "bot_message", "bot_id": "B1", "text": "deploy", "ts": "131.000001"},
      {"type": "message", "user": "UBOT", "text": "beep", "ts": "132.000001"},
      {"type": "message", "user": "UC", "text": "orphan", "ts": "140.000001", "thread_ts": "99.000001"},
      {"type": "message", "user": "UB", "text": "to all", "ts": "150.000001"}])");
    write("mpdm-ann--bob--cy-1/2024-03-01.json",
          R"([{"type": "message", "user": "UB", "text": "lunch?", "ts": "200.000001"}])");
    write("D1/2024-03-01.json", R"([{"type": "message", "user": "UD", "text": "hi", "ts": "300.000001"}])");
  }
  void TearDown() override { fs::remove_all(dir); }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((dir / rel).parent_path());
    std::ofstream(dir / rel) << text;
  }
};

TEST_F(SlackFixture, ThreadsDmsBotsAndSubtypes) {
  slack_options o;
  o.resolve_emails = false;
  o.channel_ties = slack_channel_ties::recent;
  const message_log log = read_slack_export(dir, o);
  using V = std::vector<std::pair<std::string, role>>;
  const auto& rep = log.report();
  EXPECT_EQ(rep.records_read, 11u);
  EXPECT_TRUE(rep.balanced());
  EXPECT_EQ(rep.skipped.at("subtype channel_join"), 1u);
  EXPECT_EQ(rep.skipped.at("bot message"), 2u);
  EXPECT_EQ(rep.skipped.at("no recipients (quiet channel)"), 1u);  // UA's first post
  EXPECT_EQ(rep.skipped.at("no recipients (thread parent not in export)"), 1u);  // 140
  EXPECT_EQ(log.channels(), (std::vector<std::string>{"#eng", "mpim:G1", "dm:D1"}));
  // 110: reply to the parent's author only (participants option off)
  EXPECT_EQ(ties(log, static_cast<std::size_t>(find_message(log, "#eng", "110.000001"))), (V{{"UA", role::reply}}));
  // 120: the mention comes first, then the parent's author
  EXPECT_EQ(ties(log, static_cast<std::size_t>(find_message(log, "#eng", "120.000001"))),
            (V{{"UA", role::reply}, {"UD", role::mention}}));
  // 130: UA replies in UA's own thread: the parent's author is the sender,
  // so (participants option off) there is no recipient.
  EXPECT_EQ(find_message(log, "#eng", "130.000001"), -1);
  EXPECT_EQ(rep.skipped.at("no recipients (own thread)"), 1u);
  // 150: a channel post; posters in the last hour: UA, UB(self), UC; UD only joined.
  EXPECT_EQ(ties(log, static_cast<std::size_t>(find_message(log, "#eng", "150.000001"))),
            (V{{"UA", role::member}, {"UC", role::member}}));
  EXPECT_EQ(ties(log, static_cast<std::size_t>(find_message(log, "mpim:G1", "200.000001"))),
            (V{{"UA", role::direct}, {"UC", role::direct}}));
  EXPECT_EQ(ties(log, static_cast<std::size_t>(find_message(log, "dm:D1", "300.000001"))), (V{{"UA", role::direct}}));
  EXPECT_EQ(log.num_messages(), 5u);
}

TEST_F(SlackFixture, ReplyToThreadParticipants) {
  slack_options o;
  o.resolve_emails = false;
  o.reply_to_thread_participants = true;
  o.mentions = false;
  const message_log log = read_slack_export(dir, o);
  using V = std::vector<std::pair<std::string, role>>;
  EXPECT_EQ(ties(log, static_cast<std::size_t>(find_message(log, "#eng", "120.000001"))),
            (V{{"UA", role::reply}, {"UB", role::reply}}));
  EXPECT_EQ(ties(log, static_cast<std::size_t>(find_message(log, "#eng", "130.000001"))),
            (V{{"UB", role::reply}, {"UC", role::reply}}));
  EXPECT_TRUE(log.report().balanced());
}

TEST_F(SlackFixture, ReplyLinksAndKeepThreadParents) {
  slack_options o;
  o.resolve_emails = false;
  // UA's thread root (100) reaches nobody (the first post of a quiet channel): skipped, so the
  // replies 110 and 120 answer a message the log does not hold; 140's parent (99) is not in the export
  // and 140 itself has no recipient.
  const message_log plain = read_slack_export(dir, o);
  EXPECT_FALSE(plain.has_parents());
  EXPECT_EQ(plain.report().dropped.at("reply to unknown parent"), 2u);
  o.keep_thread_parents = true;
  const message_log log = read_slack_export(dir, o);
  using V = std::vector<std::pair<std::string, role>>;
  const auto root = find_message(log, "#eng", "100.000001");
  ASSERT_GE(root, 0);
  EXPECT_EQ(ties(log, static_cast<std::size_t>(root)), (V{{"UB", role::member}, {"UC", role::member}}));
  for (const char* ts : {"110.000001", "120.000001"})
    EXPECT_EQ(log.parent(static_cast<std::size_t>(find_message(log, "#eng", ts))), static_cast<std::size_t>(root));
  EXPECT_EQ(log.report().dropped.count("reply to unknown parent"), 0u);
  EXPECT_EQ(log.report().skipped.count("no recipients (quiet channel)"), 0u);
  EXPECT_TRUE(log.report().balanced());
}

TEST_F(SlackFixture, EmailsAndIdentityRules) {
  slack_options o;
  o.identity_rules = rules({"corp.example"});
  const message_log log = read_slack_export(dir, o);
  // UA's e-mail is canonicalised; UC has none and keeps the id, lower-cased
  // by the canonical form (internal: no '@');
  // UD is external: the DM from UD is skipped, UD as recipient dropped.
  const std::set<std::string> people(log.people().begin(), log.people().end());
  EXPECT_EQ(people, (std::set<std::string>{"ann@corp.example", "bob@corp.example", "uc"}));
  EXPECT_EQ(log.report().skipped.at("sender external"), 1u);
  EXPECT_EQ(log.report().dropped.at("recipient external"), 1u);  // the mention of UD
  EXPECT_TRUE(log.report().balanced());
}

TEST_F(SlackFixture, BadRecordsStrictAndSkip) {
  write("eng/2024-03-02.json", R"([
    {"type": "message", "user": "UA", "text": "fine", "ts": "1000.000001"},
    {"type": "message", "text": "who?", "ts": "1001.000001"},
    {"type": "message", "user": "UB", "text": "when?", "ts": "yesterday"},
    17])");
  write("eng/2024-03-03.json", "[{\"type\": \"message\", ");
  slack_options o;
  try {
    (void)read_slack_export(dir, o);
    FAIL() << "expected a parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "missing user");
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(fs::path(e.file()).filename(), "2024-03-02.json");
    EXPECT_EQ(e.field(), "user");
  }
  o.errors = error_policy::skip;
  const message_log log = read_slack_export(dir, o);
  const auto& rep = log.report();
  EXPECT_EQ(rep.records_read, 11u + 4u + 1u);
  EXPECT_EQ(rep.skipped.at("missing user"), 1u);
  EXPECT_EQ(rep.skipped.at("bad timestamp"), 1u);
  EXPECT_EQ(rep.skipped.at("not an object"), 1u);
  EXPECT_EQ(rep.skipped.at("invalid JSON"), 1u);
  EXPECT_TRUE(rep.balanced());
}

TEST_F(SlackFixture, PseudonymisedErrorsNameNoUsers) {
  write("mpdm-ann--bob--cy-1/2024-03-02.json", R"([{"type": "message", "text": "x", "ts": "5.1"}])");
  slack_options o;
  o.identity_rules = rules({}, {}, "k");
  try {
    (void)read_slack_export(dir, o);
    FAIL() << "expected a parse_error";
  } catch (const onakit::parse_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("mpim:G1"), std::string::npos) << what;
    EXPECT_EQ(what.find("ann"), std::string::npos) << what;
  }
}

// Issue #10: a subtype that is not shaped like one (an address, free text)
// is counted under one reason, not copied into the report; a bad ts is
// masked with a key.
TEST_F(SlackFixture, StraySubtypesShareOneReasonAndBadTsIsMasked) {
  write("eng/2024-03-02.json", R"([
      {"type": "message", "subtype": "ann@corp.example", "user": "UA", "text": "x", "ts": "400.000001"},
      {"type": "message", "subtype": "bob@corp.example", "user": "UA", "text": "x", "ts": "401.000001"},
      {"type": "message", "subtype": "channel_leave", "user": "UA", "text": "x", "ts": "402.000001"}])");
  slack_options o;
  const message_log log = read_slack_export(dir, o);
  EXPECT_EQ(log.report().skipped.at("subtype (unrecognised)"), 2u);
  EXPECT_EQ(log.report().skipped.at("subtype channel_leave"), 1u);
  for (const auto& [reason, n] : log.report().skipped) EXPECT_EQ(reason.find('@'), std::string::npos) << reason;

  write("eng/2024-03-03.json", R"([{"type": "message", "user": "UA", "text": "x", "ts": "ann@corp.example"}])");
  o.identity_rules = rules({}, {}, "k");
  try {
    (void)read_slack_export(dir, o);
    FAIL() << "expected a parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(std::string(e.what()).find("ann@"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'***@****.*******'"), std::string::npos) << e.what();
  }
}

TEST(SlackExportErrors, NotAnExport) {
  EXPECT_THROW((void)read_slack_export("/nonexistent/onakit/slack"), onakit::io_error);
  const fs::path d = fs::temp_directory_path() / "onakit_slack_empty";
  fs::create_directories(d);
  try {
    (void)read_slack_export(d);
    FAIL();
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "not a Slack export");
  }
  slack_options o;
  o.recent_window_seconds = 0;
  std::ofstream(d / "users.json") << "[]";
  EXPECT_THROW((void)read_slack_export(d, o), onakit::invalid_option);
  fs::remove_all(d);
}

// Issue 10: a channels.json entry named "../x" or "/abs", or a channel folder
// that is a link pointing out of the export, made the reader open day files
// outside the export and keep their messages.
TEST(SlackExport, ChannelFoldersStayInsideTheExport) {
  const fs::path base = fs::temp_directory_path() / ("onakit_slack_traversal_" + std::to_string(::getpid()));
  fs::remove_all(base);
  const fs::path d = base / "export";
  const auto write = [](const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  };
  const std::string day = R"([{"type": "message", "user": "UA", "text": "<@UB>", "ts": "100.000001"}])";
  write(d / "users.json", R"([{"id": "UA", "name": "ann"}, {"id": "UB", "name": "bob"}])");
  write(d / "channels.json", "[{\"id\": \"C1\", \"name\": \"eng\"}, {\"id\": \"C2\", \"name\": \"../outside\"}, "
                             "{\"id\": \"C3\", \"name\": \"" + (base / "outside").string() + "\"}, "
                             "{\"id\": \"C4\", \"name\": \"linked\"}]");
  write(d / "eng" / "2024-03-01.json", day);
  write(base / "outside" / "2024-03-01.json", day);
  fs::create_directory_symlink(base / "outside", d / "linked");
  fs::create_directory_symlink(base / "outside", d / "unlisted");
  onakit::slack_options o;
  o.errors = error_policy::skip;
  const message_log log = read_slack_export(d, o);
  EXPECT_EQ(log.num_messages(), 1u);  // eng only
  EXPECT_EQ(log.report().skipped.at("channel folder outside the export"), 4u);
  EXPECT_TRUE(log.report().balanced());
  o.errors = error_policy::strict;
  try {
    (void)read_slack_export(d, o);
    FAIL() << "strict mode accepted a folder outside the export";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.file(), (d / "channels.json").string());
    EXPECT_EQ(e.line(), 2u);  // the entry
    EXPECT_EQ(e.reason(), "channel folder outside the export");
  }
  fs::remove_all(base);
}

// Issue 10: a link loop in the export raised a std::filesystem error even
// with errors=skip; other odd entries were ignored without a count.
TEST(SlackExport, FolderWalkCountsWhatItDoesNotRead) {
  const fs::path d = fs::temp_directory_path() / ("onakit_slack_walk_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d / "eng");
  std::ofstream(d / "users.json") << R"([{"id": "UA", "name": "ann"}, {"id": "UB", "name": "bob"}])";
  std::ofstream(d / "channels.json") << R"([{"id": "C1", "name": "eng"}, {"id": "C2", "name": "loop"}])";
  std::ofstream(d / "eng" / "2024-03-01.json")
      << R"([{"type": "message", "user": "UA", "text": "<@UB>", "ts": "100.000001"}])";
  std::ofstream(d / "eng" / "notes.txt") << "x";
  fs::create_symlink("loop", d / "loop");
  fs::create_symlink("gone.json", d / "eng" / "2024-03-02.json");
  onakit::slack_options o;
  o.errors = error_policy::skip;
  const message_log log = read_slack_export(d, o);
  EXPECT_EQ(log.num_messages(), 1u);
  const auto& dropped = log.report().dropped;
  EXPECT_EQ(dropped.at("unreadable entry"), 2u);  // the loop, seen from the root and as channel "loop"
  EXPECT_EQ(dropped.at("broken link"), 1u);
  EXPECT_EQ(dropped.at("not a day file"), 1u);
  o.errors = error_policy::strict;
  EXPECT_THROW((void)read_slack_export(d, o), onakit::io_error);
  fs::remove_all(d);
}

}  // namespace
