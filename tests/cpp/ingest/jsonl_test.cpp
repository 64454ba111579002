#include <onakit/ingest/crypto.hpp>  // keyed pseudonyms (pseudonymize_key)
#include <onakit/ingest/graph_messages.hpp>
#include <onakit/ingest/jsonl.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
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

using onakit::error_policy;
using onakit::message_log;
using onakit::role;

std::vector<std::pair<std::string, role>> ties(const message_log& log, std::size_t m) {
  std::vector<std::pair<std::string, role>> out;
  const auto rs = log.recipients(m);
  const auto ro = log.roles(m);
  for (std::size_t k = 0; k < rs.size(); ++k) out.emplace_back(log.people()[rs[k]], ro[k]);
  return out;
}
using V = std::vector<std::pair<std::string, role>>;

// ---- generic JSON Lines ---------------------------------------------------------

TEST(Jsonl, DocumentedFields) {
  const std::string text =
      "\xEF\xBB\xBF"
      R"({"sender": "ann@corp.example", "recipients": ["bob@corp.example", "cy@corp.example"], "timestamp": "2024-03-01T09:00:00Z", "message_id": "m1", "channel": "#ops"})"
      "\n\n"
      R"({"sender": " bob@corp.example ", "recipients": "ann@corp.example; ;dee@corp.example", "timestamp": 1709283600, "role": "cc", "message_id": 17})"
      "\r\n"
      R"({"sender": "cy@corp.example", "recipients": ["ann@corp.example", ""], "timestamp": null, "extra": {"x": 1}})"
      "\n";
  onakit::jsonl_options o;
  o.role = "role";
  o.message_id = "message_id";
  o.channel = "channel";
  const message_log log = onakit::read_jsonl_text(text, o, "t.jsonl");
  ASSERT_EQ(log.num_messages(), 3u);
  EXPECT_EQ(log.people()[log.sender(0)], "ann@corp.example");
  EXPECT_EQ(ties(log, 0), (V{{"bob@corp.example", role::to}, {"cy@corp.example", role::to}}));
  EXPECT_EQ(log.time(0), onakit::parse_timestamp("2024-03-01T09:00:00Z"));
  EXPECT_EQ(log.message_id(0), "m1");
  EXPECT_EQ(log.channels(), (std::vector<std::string>{"#ops"}));
  EXPECT_EQ(log.channel(0), 0u);
  EXPECT_EQ(log.people()[log.sender(1)], "bob@corp.example");  // trimmed
  EXPECT_EQ(ties(log, 1), (V{{"ann@corp.example", role::cc}, {"dee@corp.example", role::cc}}));
  EXPECT_EQ(log.time(1), onakit::parse_timestamp("2024-03-01T09:00:00Z"));  // Unix seconds
  EXPECT_EQ(log.message_id(1), "17");
  EXPECT_EQ(log.channel(1), onakit::no_channel);
  EXPECT_EQ(log.time(2), onakit::no_time);
  const auto& rep = log.report();
  EXPECT_EQ(rep.records_read, 3u);
  EXPECT_EQ(rep.records_kept, 3u);
  EXPECT_EQ(rep.dropped.at("empty recipient"), 2u);
  EXPECT_EQ(rep.dropped.at("missing timestamp"), 1u);
  EXPECT_EQ(rep.source, "t.jsonl");
}

// Long reads poll the interrupt every 4096 lines with the bytes read so far:
// the positions grow, and a check that says stop ends the read.
TEST(Jsonl, InterruptSeesTheBytesReadAndStopsTheRead) {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += R"({"sender": "a)" + std::to_string(i % 97) + R"(", "recipients": ["b"], "timestamp": 1700000000})" "\n";
  onakit::jsonl_options o;
  std::vector<onakit::work_position> seen;
  o.interrupt = [&seen] {
    seen.push_back(onakit::poll_position());
    return false;
  };
  EXPECT_EQ(onakit::read_jsonl_text(text, o).num_messages(), 20000u);
  ASSERT_EQ(seen.size(), 4u);  // lines 4096, 8192, 12288, 16384
  const auto size = static_cast<double>(text.size());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].total, text.size());
    const double lines_before = 4096.0 * static_cast<double>(i + 1) - 1;  // polled as line 4096(i+1) starts
    EXPECT_NEAR(static_cast<double>(seen[i].done), size * lines_before / 20000, size / 1000);  // lines of about one length
  }
  o.interrupt = [] { return true; };
  EXPECT_THROW((void)onakit::read_jsonl_text(text, o), onakit::interrupted);
}

TEST(Jsonl, RenamedAndNestedFields) {
  const std::string text =
      R"({"from": {"address": "ann@x.org"}, "to": ["bob@x.org"], "at": 1709283600123})"
      "\n";
  onakit::jsonl_options o;
  o.sender = "from.address";
  o.recipients = "to";
  o.timestamp = "at";
  const message_log log = onakit::read_jsonl_text(text, o);
  ASSERT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(log.people()[log.sender(0)], "ann@x.org");
  EXPECT_EQ(log.time(0), onakit::parse_timestamp("2024-03-01T09:00:00.123Z"));  // milliseconds
}

TEST(Jsonl, BadRecordsNameTheLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"sender": "a", "recipients": ["b"], "timestamp": "2024-13-01"})", "bad timestamp"},
      {R"({"recipients": ["b"]})", "missing sender"},
      {R"({"sender": "  ", "recipients": ["b"]})", "empty sender"},
      {R"({"sender": 7, "recipients": ["b"]})", "wrong type"},
      {R"({"sender": "a", "recipients": [""]})", "no recipients"},
      {R"({"sender": "a"})", "no recipients"},
      {R"({"sender": "a", "recipients": [1]})", "wrong type"},
      {R"({"sender": "a", "recipients": ["b"], "role": "boss"})", "unknown role"},
      {R"({"sender": "a", "recipients": ["b"],)", "invalid JSON"},
      {R"(["a", "b"])", "not an object"},
  };
  onakit::jsonl_options o;
  o.role = "role";
  std::string all;
  for (const auto& [line, reason] : cases) {
    // strict: line 3, after a good line and a blank one
    const std::string text = R"({"sender": "a", "recipients": "b"})" "\n\n" + line + "\n";
    try {
      (void)onakit::read_jsonl_text(text, o, "x.jsonl");
      ADD_FAILURE() << "no error for " << line;
    } catch (const onakit::parse_error& e) {
      EXPECT_EQ(e.reason(), reason) << line;
      EXPECT_EQ(e.line(), 3u) << line;
      EXPECT_EQ(e.file(), "x.jsonl");
    }
    all += line + "\n";
  }
  o.errors = error_policy::skip;
  const message_log log = onakit::read_jsonl_text(all + R"({"sender": "a", "recipients": "b"})", o);
  const auto& rep = log.report();
  EXPECT_EQ(rep.records_read, cases.size() + 1);
  EXPECT_EQ(rep.records_kept, 1u);
  EXPECT_EQ(rep.skipped.at("no recipients"), 2u);
  EXPECT_EQ(rep.skipped.at("wrong type"), 2u);
  EXPECT_TRUE(rep.balanced());
  EXPECT_THROW((void)onakit::read_jsonl_text(" \n\n", o), onakit::parse_error);
}

TEST(Jsonl, IdentityRulesAndPseudonyms) {
  const std::string text =
      R"({"sender": "Ann <ANN@corp.example>", "recipients": ["bob@corp.example", "x@gmail.com", "noreply@corp.example"], "channel": "c1"})"
      "\n"
      R"({"sender": "noreply@corp.example", "recipients": ["bob@corp.example"], "channel": "c2"})"
      "\n"
      R"({"sender": "bob@corp.example", "recipients": ["x@gmail.com"], "channel": "c3"})"
      "\n";
  onakit::jsonl_options o;
  o.channel = "channel";
  o.timestamp = "";
  o.identity_rules = rules({"corp.example"}, {"noreply@*"}, "secret");
  const message_log log = onakit::read_jsonl_text(text, o);
  ASSERT_EQ(log.num_messages(), 1u);
  const auto& rep = log.report();
  EXPECT_EQ(rep.skipped.at("sender excluded"), 1u);
  EXPECT_EQ(rep.skipped.at("no recipients after identity rules"), 1u);
  EXPECT_EQ(rep.dropped.at("recipient external"), 1u);
  EXPECT_EQ(rep.dropped.at("recipient excluded"), 1u);
  EXPECT_TRUE(rep.balanced());
  EXPECT_EQ(log.channels(), (std::vector<std::string>{"c1"}));  // skipped lines leave no channel
  // Python: base64.b32encode(hmac.new(b"secret", b"ann@corp.example", "sha256").digest())[:16].lower()
  EXPECT_EQ(log.people()[log.sender(0)], o.identity_rules->pseudonym("ann@corp.example"));
  for (const auto& p : log.people()) EXPECT_EQ(p.find("corp"), std::string::npos);
}

TEST(Jsonl, FileAndGzip) {
  const auto p = std::filesystem::temp_directory_path() / "onakit_jsonl_test.jsonl";
  std::ofstream(p) << R"({"sender": "a", "recipients": ["b"], "timestamp": "2024-03-01"})" << "\n";
  const message_log log = onakit::read_jsonl(p);
  EXPECT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(log.report().source, p.string());
  std::filesystem::remove(p);
  EXPECT_THROW((void)onakit::read_jsonl("/nonexistent/x.jsonl"), onakit::io_error);
}

// ---- Microsoft Graph messages -----------------------------------------------------

// Realistic message resources, trimmed to what the reader uses plus a few
// fields it must ignore (shape from the Graph v1.0 `message` resource).
const char* const kGraph =
    R"({"@odata.etag":"W/\"CQAAABYAAAA\"","id":"AAMkAGI2TG93AAA=","createdDateTime":"2024-03-01T08:59:58Z","sentDateTime":"2024-03-01T09:00:00Z","subject":"Q1 plan","isDraft":false,"conversationId":"AAQkAGI2conv1=","from":{"emailAddress":{"name":"Ann Lee","address":"ann@corp.example"}},"sender":{"emailAddress":{"name":"Ann Lee","address":"ann@corp.example"}},"toRecipients":[{"emailAddress":{"name":"Bob","address":"bob@corp.example"}},{"emailAddress":{"name":"Cy","address":"cy@corp.example"}}],"ccRecipients":[{"emailAddress":{"name":"Dee","address":"dee@partner.example"}}],"bccRecipients":[]})"
    "\n"
    R"({"id":"AAMkAGI2TG94AAA=","sentDateTime":"2024-03-01T10:15:30Z","isDraft":false,"conversationId":"AAQkAGI2conv1=","from":{"emailAddress":{"name":"Bob","address":"bob@corp.example"}},"toRecipients":[{"emailAddress":{"name":"Ann Lee","address":"ann@corp.example"}}],"ccRecipients":[],"bccRecipients":[{"emailAddress":{"name":"Cy","address":"cy@corp.example"}},{"emailAddress":{"name":"Undisclosed"}}]})"
    "\n"
    R"({"id":"AAMkAGI2draft=","sentDateTime":null,"isDraft":true,"from":null,"toRecipients":[]})"
    "\n"
    R"({"id":"AAMkAGI2TG95AAA=","isDraft":false,"conversationId":"AAQkAGI2conv2=","sender":{"emailAddress":{"address":"cy@corp.example"}},"toRecipients":[{"emailAddress":{"address":"ann@corp.example"}}]})"
    "\n";

TEST(GraphMessages, RolesTimesIdsConversations) {
  const message_log log = onakit::read_graph_messages_text(kGraph, {}, "mail.jsonl");
  ASSERT_EQ(log.num_messages(), 3u);
  EXPECT_EQ(log.people()[log.sender(0)], "ann@corp.example");
  EXPECT_EQ(ties(log, 0), (V{{"bob@corp.example", role::to}, {"cy@corp.example", role::to},
                             {"dee@partner.example", role::cc}}));
  EXPECT_EQ(log.time(0), onakit::parse_timestamp("2024-03-01T09:00:00Z"));
  EXPECT_EQ(log.message_id(0), "AAMkAGI2TG93AAA=");
  EXPECT_EQ(ties(log, 1), (V{{"ann@corp.example", role::to}, {"cy@corp.example", role::bcc}}));
  EXPECT_EQ(log.channel(0), log.channel(1));
  EXPECT_EQ(log.channels(), (std::vector<std::string>{"AAQkAGI2conv1=", "AAQkAGI2conv2="}));
  EXPECT_EQ(log.people()[log.sender(2)], "cy@corp.example");  // from `sender`
  EXPECT_EQ(log.time(2), onakit::no_time);
  const auto& rep = log.report();
  EXPECT_EQ(rep.records_read, 4u);
  EXPECT_EQ(rep.records_kept, 3u);
  EXPECT_EQ(rep.skipped.at("draft"), 1u);
  EXPECT_EQ(rep.dropped.at("recipient without address"), 1u);
  EXPECT_EQ(rep.dropped.at("missing sentDateTime"), 1u);
  EXPECT_TRUE(rep.balanced());
}

TEST(GraphMessages, BadRecordsAndIdentities) {
  const std::string bad =
      std::string(kGraph) +
      R"({"id":"x","sentDateTime":"2024-02-30T09:00:00Z","from":{"emailAddress":{"address":"a@corp.example"}},"toRecipients":[{"emailAddress":{"address":"b@corp.example"}}]})"
      "\n"
      R"({"id":"y","from":{"emailAddress":{"name":"No Address"}},"toRecipients":[{"emailAddress":{"address":"b@corp.example"}}]})"
      "\n"
      R"({"id":"z","from":{"emailAddress":{"address":"a@corp.example"}},"toRecipients":{"emailAddress":{"address":"b@corp.example"}}})"
      "\n";
  try {
    (void)onakit::read_graph_messages_text(bad, {}, "m.jsonl");
    FAIL();
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "bad timestamp");
    EXPECT_EQ(e.line(), 5u);
    EXPECT_EQ(e.field(), "sentDateTime");
  }
  onakit::graph_messages_options o;
  o.errors = error_policy::skip;
  o.identity_rules = rules({"corp.example"});
  const message_log log = onakit::read_graph_messages_text(bad, o);
  const auto& rep = log.report();
  EXPECT_EQ(rep.records_read, 7u);
  EXPECT_EQ(rep.skipped.at("bad timestamp"), 1u);
  EXPECT_EQ(rep.skipped.at("missing sender"), 1u);
  EXPECT_EQ(rep.skipped.at("wrong type"), 1u);
  EXPECT_EQ(rep.dropped.at("recipient external"), 1u);  // dee@partner.example
  EXPECT_TRUE(rep.balanced());
  EXPECT_EQ(log.num_messages(), 3u);
}

TEST(Jsonl, ReplyToLinksParents) {
  const std::string text =
      R"({"id":"a","from":"ann","to":["bob"],"t":"2024-03-04T09:00:00Z"})"
      "\n"
      R"({"id":"b","from":"bob","to":["ann"],"t":"2024-03-04T10:00:00Z","parent":"a"})"
      "\n"
      R"({"id":"c","from":"cy","to":["ann"],"t":"2024-03-04T11:00:00Z","parent":"nowhere"})"
      "\n"
      R"({"id":7,"from":"ann","to":["bob"],"t":"2024-03-04T12:00:00Z","parent":"b"})"
      "\n";
  onakit::jsonl_options o;
  o.sender = "from";
  o.recipients = "to";
  o.timestamp = "t";
  o.message_id = "id";
  o.reply_to = "parent";
  const message_log log = onakit::read_jsonl_text(text, o);
  ASSERT_EQ(log.num_messages(), 4u);
  EXPECT_EQ(log.parent(0), onakit::no_message);
  EXPECT_EQ(log.parent(1), 0u);
  EXPECT_EQ(log.parent(2), onakit::no_message);
  EXPECT_EQ(log.parent(3), 1u);
  EXPECT_EQ(log.report().dropped.at("reply to unknown parent"), 1u);
  o.message_id.clear();
  EXPECT_THROW((void)onakit::read_jsonl_text(text, o), onakit::invalid_option);
}

}  // namespace
