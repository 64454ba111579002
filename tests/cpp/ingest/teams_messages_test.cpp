#include <onakit/ingest/crypto.hpp>  // keyed pseudonyms (pseudonymize_key)
#include <onakit/ingest/teams_messages.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include "test_data.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;
using onakit::error_policy;
using onakit::message_log;
using onakit::parse_error;
using onakit::read_teams_messages;
using onakit::role;
using onakit::teams_channel_ties;
using onakit::teams_options;

constexpr const char* kChat = "msgraph-docs-samples/chat-list-messages_example1.json";
constexpr const char* kReplies = "msgraph-docs-samples/chatmessage-list-replies_example.json";
constexpr const char* kChatId = "19:2da4c29f6d7041eca70b638b43d45437@thread.v2";
constexpr const char* kChannelId = "19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2";
constexpr const char* kRobin = "8ea0e38b-efb3-4757-924a-5f94061cf8c2";

/// (recipient label, role) pairs of a message, sorted.
std::vector<std::pair<std::string, role>> ties(const message_log& log, std::size_t m) {
  std::vector<std::pair<std::string, role>> out;
  const auto rs = log.recipients(m);
  const auto ro = log.roles(m);
  for (std::size_t k = 0; k < rs.size(); ++k) out.emplace_back(log.people()[rs[k]], ro[k]);
  std::sort(out.begin(), out.end());
  return out;
}

std::uint64_t count(const std::map<std::string, std::uint64_t>& m, const std::string& k) {
  const auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

/// A scratch folder removed at the end of the test.
struct scratch_dir {
  fs::path path;
  scratch_dir() {
    path = fs::temp_directory_path() / ("onakit-teams-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~scratch_dir() { fs::remove_all(path); }
  fs::path write(const std::string& name, const std::string& text) const {
    const fs::path p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
};

/// One chatMessage in the Graph shape (fields the reader uses).
std::string msg(const std::string& id, const std::string& user, const std::string& time, const std::string& chat,
                const std::string& extra = "") {
  return R"({"id": ")" + id + R"(", "messageType": "message", "createdDateTime": ")" + time +
         R"(", "deletedDateTime": null, "chatId": ")" + chat +
         R"(", "from": {"application": null, "device": null, "user": {"id": ")" + user +
         R"(", "displayName": "Someone"}})" + extra + "}";
}

std::string page(const std::vector<std::string>& msgs) {
  std::string s = R"({"@odata.context": "x", "value": [)";
  for (std::size_t i = 0; i < msgs.size(); ++i) s += (i ? ",\n" : "\n") + msgs[i];
  return s + "\n]}\n";
}

// ---- the real samples (Microsoft Graph v1.0 docs responses) ------------------------

// chat-list-messages_example1.json, read by hand: 3 records in one chat.
//   1616964509832 2021-03-28T20:48:29.832Z  Robin  "Hello world"
//   1615971548136 2021-03-17T08:59:08.136Z  Robin  an image
//   1615943825123 unknownFutureValue, from null, malformed createdDateTime "2021-03-1706:47:05.123Z"
// Robin is the only poster: by the recent rule no message reaches anyone; the
// system message is skipped by type before its broken time is looked at.
TEST(TeamsMessages, RealChatSampleRecent) {
  ONAKIT_REQUIRE_DATA(kChat);
  const message_log log = read_teams_messages(onakit::testing::data_file(kChat));  // strict
  const auto& rep = log.report();
  EXPECT_TRUE(rep.balanced());
  EXPECT_EQ(rep.records_read, 3u);
  EXPECT_EQ(rep.records_kept, 0u);
  EXPECT_EQ(count(rep.skipped, "messageType unknownFutureValue"), 1u);
  EXPECT_EQ(count(rep.skipped, "no recipients (quiet conversation)"), 2u);
  EXPECT_EQ(log.num_messages(), 0u);
}

TEST(TeamsMessages, RealChatSampleWithMembers) {
  ONAKIT_REQUIRE_DATA(kChat);
  teams_options o;
  o.channel_ties = teams_channel_ties::members;
  o.members = onakit::parse_teams_members_text(std::string(R"({")") + kChatId + R"(": [")" + kRobin +
                                               R"(", "u-2", {"userId": "u-3", "email": "c@corp.example"}]})");
  const message_log log = read_teams_messages(onakit::testing::data_file(kChat), o);
  ASSERT_EQ(log.num_messages(), 2u);
  EXPECT_TRUE(log.report().balanced());
  const std::vector<std::pair<std::string, role>> want = {{"c@corp.example", role::member}, {"u-2", role::member}};
  // time order within the conversation: the 17 March image first
  EXPECT_EQ(log.message_id(0), "1615971548136");
  EXPECT_EQ(log.time(0), onakit::parse_timestamp("2021-03-17T08:59:08.136Z"));
  EXPECT_EQ(log.message_id(1), "1616964509832");
  EXPECT_EQ(log.time(1), onakit::parse_timestamp("2021-03-28T20:48:29.832Z"));
  for (std::size_t m = 0; m < 2; ++m) {
    EXPECT_EQ(log.people()[log.sender(m)], kRobin);
    EXPECT_EQ(ties(log, m), want);
    EXPECT_EQ(log.channels()[log.channel(m)], std::string("chat:") + kChatId);
    EXPECT_EQ(log.parent(m), onakit::no_message);
  }
}

// chatmessage-list-replies_example.json: 3 replies by Robin to 1616989510408,
// a channel post that is not in the file.
TEST(TeamsMessages, RealRepliesSampleParentMissing) {
  ONAKIT_REQUIRE_DATA(kReplies);
  const message_log log = read_teams_messages(onakit::testing::data_file(kReplies));
  EXPECT_EQ(log.report().records_read, 3u);
  EXPECT_EQ(count(log.report().skipped, "no recipients (parent not in input)"), 3u);
  EXPECT_EQ(log.num_messages(), 0u);
}

// The replies with their parent post supplied in a second file (by Sam, with a
// channel member list): each reply reaches Sam and links to the post.
TEST(TeamsMessages, RealRepliesLinkToParentFromAnotherFile) {
  ONAKIT_REQUIRE_DATA(kReplies);
  const scratch_dir dir;
  const std::string post = R"({"id": "1616989510408", "replyToId": null, "messageType": "message",
      "createdDateTime": "2021-03-29T03:45:10.408Z", "deletedDateTime": null, "chatId": null,
      "channelIdentity": {"teamId": "fbe2bf47-16c8-47cf-b4a5-4b9b187c508b", "channelId": ")" +
                           std::string(kChannelId) + R"("},
      "from": {"application": null, "device": null, "user": {"id": "sam-id"}}, "mentions": []})";
  const fs::path posts = dir.write("channel-messages.json", page({post}));
  teams_options o;
  o.channel_ties = teams_channel_ties::members;
  o.members[kChannelId] = {{"sam-id", ""}, {kRobin, ""}, {"kim-id", ""}};
  const message_log log = read_teams_messages({posts, onakit::testing::data_file(kReplies)}, o);
  ASSERT_EQ(log.num_messages(), 4u);
  EXPECT_EQ(log.message_id(0), "1616989510408");
  EXPECT_EQ(ties(log, 0), (std::vector<std::pair<std::string, role>>{{kRobin, role::member}, {"kim-id", role::member}}));
  const std::vector<std::string> order = {"1616989747416", "1616989750004", "1616989753153"};  // Reply1..3
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(log.message_id(k + 1), order[k]);
    EXPECT_EQ(log.people()[log.sender(k + 1)], kRobin);
    EXPECT_EQ(ties(log, k + 1), (std::vector<std::pair<std::string, role>>{{"sam-id", role::reply}}));
    EXPECT_EQ(log.parent(k + 1), 0u);
    EXPECT_EQ(log.channels()[log.channel(k + 1)], std::string("channel:") + kChannelId);
  }
  // the same with the folder as input: files in path order, same log
  const fs::path copy = dir.path / "replies.json";
  fs::copy_file(onakit::testing::data_file(kReplies), copy);
  const message_log again = read_teams_messages(dir.path, o);
  ASSERT_EQ(again.num_messages(), 4u);
  for (std::size_t m = 0; m < 4; ++m) EXPECT_EQ(again.parent(m), log.parent(m));
}

// ---- small fixtures -------------------------------------------------------------

TEST(TeamsMessages, RecentWindowMentionsAndSkips) {
  const scratch_dir dir;
  const std::string c = "19:chat@thread.v2";
  const std::string mention = R"(, "mentions": [{"id": 0, "mentioned": {"user": {"id": "dan"}}},
      {"id": 1, "mentioned": {"conversation": {"id": "19:x", "conversationIdentityType": "channel"}}}])";
  const fs::path p = dir.write(
      "p.json",
      page({msg("1", "ann", "2024-03-01T09:00:00Z", c),
            msg("2", "bob", "2024-03-01T09:30:00Z", c),                 // recent: ann
            msg("3", "cat", "2024-03-01T10:30:00Z", c, mention),        // recent: bob (09:30 = window edge), mention dan
            msg("4", "ann", "2024-03-01T12:00:00Z", c),                 // quiet
            msg("2", "bob", "2024-03-01T09:30:00Z", c),                 // duplicate id
            R"({"id": "5", "messageType": "message", "createdDateTime": "2024-03-01T12:01:00Z", "chatId": ")" + c +
                R"(", "deletedDateTime": "2024-03-01T12:02:00Z", "from": {"user": {"id": "bob"}}})",
            R"({"id": "6", "messageType": "message", "createdDateTime": "2024-03-01T12:03:00Z", "chatId": ")" + c +
                R"(", "from": {"application": {"id": "bot-1", "displayName": "Bot"}, "user": null}})",
            R"({"id": "7", "messageType": "systemEventMessage", "chatId": ")" + c + R"(", "from": null})"}));
  const message_log log = read_teams_messages(p);
  const auto& rep = log.report();
  EXPECT_TRUE(rep.balanced());
  EXPECT_EQ(rep.records_read, 8u);
  ASSERT_EQ(log.num_messages(), 2u);
  using V = std::vector<std::pair<std::string, role>>;
  EXPECT_EQ(ties(log, 0), (V{{"ann", role::member}}));
  EXPECT_EQ(ties(log, 1), (V{{"bob", role::member}, {"dan", role::mention}}));
  EXPECT_EQ(count(rep.skipped, "no recipients (quiet conversation)"), 2u);  // messages 1 and 4
  EXPECT_EQ(count(rep.skipped, "duplicate message"), 1u);
  EXPECT_EQ(count(rep.skipped, "deleted"), 1u);
  EXPECT_EQ(count(rep.skipped, "bot or application sender"), 1u);
  EXPECT_EQ(count(rep.skipped, "messageType systemEventMessage"), 1u);
  EXPECT_EQ(count(rep.dropped, "mention (not a user)"), 1u);
  // a shorter window: cat's message 60 min after bob's reaches only the mentioned
  teams_options o;
  o.recent_window_seconds = 3599;
  EXPECT_EQ(ties(read_teams_messages(p, o), 1), (V{{"dan", role::mention}}));
  o.mentions = false;
  o.channel_ties = teams_channel_ties::none;
  const message_log none = read_teams_messages(p, o);
  EXPECT_EQ(none.num_messages(), 0u);
  EXPECT_EQ(count(none.report().skipped, "no recipients (channel_ties=none)"), 4u);
}

TEST(TeamsMessages, ThreadParticipantsJsonLinesAndOwnThread) {
  const scratch_dir dir;
  const std::string ch = R"(, "chatId": null, "channelIdentity": {"teamId": "t", "channelId": "19:ch@thread.tacv2"})";
  const auto line = [&](const std::string& id, const std::string& user, const std::string& time,
                        const std::string& parent) {
    return R"({"id": ")" + id + R"(", "replyToId": )" + (parent.empty() ? "null" : "\"" + parent + "\"") +
           R"(, "messageType": "message", "createdDateTime": ")" + time + R"(", "from": {"user": {"id": ")" + user +
           R"("}})" + ch + "}\n";
  };
  const fs::path p = dir.write("thread.jsonl", line("10", "ann", "2024-03-01T09:00:00Z", "") +
                                                   line("11", "bob", "2024-03-01T09:05:00Z", "10") +
                                                   line("12", "cat", "2024-03-01T09:06:00Z", "10") +
                                                   line("13", "ann", "2024-03-01T09:07:00Z", "10") +
                                                   "\n" + line("14", "dan", "2024-03-01T09:08:00Z", "99"));
  teams_options o;
  o.channel_ties = teams_channel_ties::none;
  const message_log log = read_teams_messages(p, o);
  using V = std::vector<std::pair<std::string, role>>;
  // the post reaches nobody (none); 11 and 12 reach ann; 13 is ann's own thread
  ASSERT_EQ(log.num_messages(), 2u);
  EXPECT_EQ(ties(log, 0), (V{{"ann", role::reply}}));
  EXPECT_EQ(ties(log, 1), (V{{"ann", role::reply}}));
  EXPECT_EQ(count(log.report().skipped, "no recipients (own thread)"), 1u);
  EXPECT_EQ(count(log.report().skipped, "no recipients (parent not in input)"), 1u);
  EXPECT_EQ(count(log.report().dropped, "reply link (parent not kept)"), 2u);
  o.reply_to_thread_participants = true;
  const message_log all = read_teams_messages(p, o);
  ASSERT_EQ(all.num_messages(), 3u);
  EXPECT_EQ(ties(all, 1), (V{{"ann", role::reply}, {"bob", role::reply}}));
  EXPECT_EQ(ties(all, 2), (V{{"bob", role::reply}, {"cat", role::reply}}));
}

TEST(TeamsMessages, MembersFromChatListingsAndEmails) {
  const scratch_dir dir;
  const std::string c = "19:ann_bob@unq.gbl.spaces";
  dir.write("export/chats.json", R"({"value": [{"id": ")" + c + R"(", "chatType": "oneOnOne", "members": [
      {"@odata.type": "#microsoft.graph.aadUserConversationMember", "userId": "ann-id", "email": "ann@corp.example"},
      {"userId": "bob-id", "email": "bob@corp.example"}]}]})");
  dir.write("export/messages/page-1.json", page({msg("1", "ann-id", "2024-03-01T09:00:00Z", c)}));
  dir.write("export/notes.txt", "not json");
  teams_options o;
  o.channel_ties = teams_channel_ties::members;
  o.members["19:other@thread.v2"] = {{"x", ""}};
  const message_log log = read_teams_messages(dir.path / "export", o);
  ASSERT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(log.people()[log.sender(0)], "ann@corp.example");
  EXPECT_EQ(ties(log, 0), (std::vector<std::pair<std::string, role>>{{"bob@corp.example", role::member}}));
  EXPECT_EQ(log.report().records_read, 1u);  // the chat listing is not a message
  EXPECT_EQ(count(log.report().dropped, "not a JSON file"), 1u);
  EXPECT_EQ(count(log.report().dropped, "member list of a conversation without messages"), 1u);
  o.resolve_emails = false;
  const message_log ids = read_teams_messages(dir.path / "export", o);
  EXPECT_EQ(ids.people()[ids.sender(0)], "ann-id");
  // with a key the 1:1 chat id (it holds both users' ids) is pseudonymised too
  onakit::identity_options io;
  io.pseudonymize_key = "k";
  o.identity_rules = std::make_shared<onakit::identities>(io);
  const message_log p = read_teams_messages(dir.path / "export", o);
  EXPECT_EQ(p.channels()[p.channel(0)], "chat:" + o.identity_rules->pseudonymize_id(c));
  EXPECT_EQ(p.channels()[p.channel(0)].find("ann"), std::string::npos);
}

// A member page as GET /chats/{id}/members returns it: the chat id is only in
// @odata.context, percent-encoded.
TEST(TeamsMessages, MemberPagesNameTheirChatInTheContext) {
  const scratch_dir dir;
  const std::string c = "19:8b081ef6_5031bb31@unq.gbl.spaces";
  const std::string members_page = R"({"@odata.context":
      "https://graph.microsoft.com/v1.0/$metadata#chats('19%3A8b081ef6_5031bb31%40unq.gbl.spaces')/members",
      "@odata.count": 2, "value": [
      {"@odata.type": "#microsoft.graph.aadUserConversationMember", "id": "MCMjMSMj", "roles": ["owner"],
       "displayName": "Ann", "userId": "ann-id", "email": "ann@corp.example", "tenantId": "t"},
      {"@odata.type": "#microsoft.graph.aadUserConversationMember", "id": "MCMjMiMj", "roles": ["owner"],
       "displayName": "Bob", "userId": "bob-id", "email": "bob@corp.example", "tenantId": "t"}]})";
  dir.write("export/members.json", members_page);
  dir.write("export/messages.json", page({msg("1", "bob-id", "2024-03-01T09:00:00Z", c)}));
  teams_options o;
  o.channel_ties = teams_channel_ties::members;
  const message_log log = read_teams_messages(dir.path / "export", o);
  ASSERT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(log.report().records_read, 1u);
  EXPECT_EQ(log.people()[log.sender(0)], "bob@corp.example");
  EXPECT_EQ(ties(log, 0), (std::vector<std::pair<std::string, role>>{{"ann@corp.example", role::member}}));
  const onakit::teams_members m = onakit::parse_teams_members_text(members_page, "members.json");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m.begin()->first, c);
  ASSERT_EQ(m.begin()->second.size(), 2u);
  EXPECT_EQ(m.begin()->second[1].user_id, "bob-id");
  EXPECT_EQ(m.begin()->second[1].email, "bob@corp.example");
  // channel member pages too
  const auto ch = onakit::parse_teams_members_text(
      R"({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#teams('ece6f0a1')/channels('19%3Aabc%40thread.tacv2')/members",
          "value": [{"userId": "kim-id"}]})");
  ASSERT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch.begin()->first, "19:abc@thread.tacv2");
}

TEST(TeamsMessages, BadRecordsNameFileAndRecord) {
  const scratch_dir dir;
  const std::string c = "19:c@thread.v2";
  const fs::path p = dir.write(
      "bad.json", page({msg("1", "ann", "2024-03-01T09:00:00Z", c), msg("2", "bob", "2024-03-01 nine", c), "[1]",
                        R"({"id": "4", "messageType": "message", "createdDateTime": "2024-03-01T09:00:00Z",
                            "from": {"user": {"displayName": "No Id"}}})",
                        msg("5", "cat", "2024-03-01T09:10:00Z", c, R"(, "mentions": {"id": 0})")}));
  try {
    (void)read_teams_messages(p);
    FAIL() << "expected a parse_error";
  } catch (const parse_error& e) {
    EXPECT_EQ(e.file(), p.string());
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.field(), "createdDateTime");
    EXPECT_EQ(e.reason(), "bad timestamp");
  }
  teams_options o;
  o.errors = error_policy::skip;
  const message_log log = read_teams_messages(p, o);
  EXPECT_TRUE(log.report().balanced());
  EXPECT_EQ(count(log.report().skipped, "bad timestamp"), 1u);
  EXPECT_EQ(count(log.report().skipped, "not an object"), 1u);
  EXPECT_EQ(count(log.report().skipped, "missing sender"), 1u);
  EXPECT_EQ(count(log.report().skipped, "wrong type"), 1u);
  // a broken file, an empty file, JSON Lines with a broken line
  const fs::path broken = dir.write("broken.json", "{\"value\": [\n{\"id\": 1,\n");
  EXPECT_THROW((void)read_teams_messages(broken), parse_error);
  const fs::path empty = dir.write("empty.json", "  \n");
  try {
    (void)read_teams_messages(empty);
    FAIL();
  } catch (const parse_error& e) {
    EXPECT_EQ(e.reason(), "empty input");
  }
  const fs::path jl = dir.write("l.jsonl", msg("1", "ann", "2024-03-01T09:00:00Z", c) + "\n{oops\n");
  try {
    (void)read_teams_messages(jl);
    FAIL();
  } catch (const parse_error& e) {
    EXPECT_EQ(e.file(), jl.string());
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.reason(), "invalid JSON");
  }
  EXPECT_THROW((void)read_teams_messages(dir.path / "missing.json"), onakit::io_error);
  teams_options m;
  m.errors = error_policy::skip;
  m.channel_ties = teams_channel_ties::members;
  EXPECT_THROW((void)read_teams_messages(p, m), onakit::invalid_option);  // no member lists at all
  m.channel_ties = teams_channel_ties::recent;
  m.recent_window_seconds = 0;
  EXPECT_THROW((void)read_teams_messages(p, m), onakit::invalid_option);
  EXPECT_THROW((void)onakit::parse_teams_members_text(R"({"c": [1]})", "members="), parse_error);
  EXPECT_THROW((void)onakit::parse_teams_members_text(R"({"c": "ann"})", "members="), parse_error);
}

}  // namespace
