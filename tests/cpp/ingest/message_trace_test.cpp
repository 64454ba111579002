#include <onakit/ingest/crypto.hpp>  // keyed pseudonyms (pseudonymize_key)
#include <onakit/ingest/message_trace.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using onakit::error_policy;
using onakit::message_log;
using onakit::message_trace_options;
using onakit::read_message_trace_text;

std::vector<std::string> recipients(const message_log& log, std::size_t m) {
  std::vector<std::string> out;
  for (const auto r : log.recipients(m)) out.push_back(log.people()[r]);
  return out;
}

// Shaped like `Get-MessageTrace | Export-Csv` output (PowerShell 5: a #TYPE
// line, every field quoted, newest first), with a subject holding a comma
// and a doubled quote, a failed and an expanded row, a repeated row, and an
// en-US time on one row.
const std::string fixture =
    "#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTrace\r\n"
    "\"Received\",\"SenderAddress\",\"RecipientAddress\",\"Subject\",\"Status\",\"ToIP\",\"FromIP\",\"Size\","
    "\"MessageId\",\"MessageTraceId\"\r\n"
    "\"2024-03-01T10:15:00.1234567Z\",\"cat@corp.example\",\"ann@corp.example\",\"Re: \"\"Q1\"\", budget\","
    "\"Delivered\",\"\",\"10.0.0.5\",\"20480\",\"<m2@corp.example>\",\"b3c1\"\r\n"
    "\"2024-03-01T09:00:02.5000000Z\",\"ann@corp.example\",\"cat@corp.example\",\"Plan, v2\",\"Delivered\",\"\","
    "\"10.0.0.1\",\"5120\",\"<m1@corp.example>\",\"a1f0\"\r\n"
    "\"2024-03-01T09:00:00.1234567Z\",\"ann@corp.example\",\"bob@corp.example\",\"Plan, v2\",\"Delivered\",\"\","
    "\"10.0.0.1\",\"5120\",\"<m1@corp.example>\",\"a1f1\"\r\n"
    "\"2024-03-01T09:00:00.1234567Z\",\"ann@corp.example\",\"bob@corp.example\",\"Plan, v2\",\"Delivered\",\"\","
    "\"10.0.0.1\",\"5120\",\"<m1@corp.example>\",\"a1f1\"\r\n"
    "\"2024-03-01T09:00:01.0000000Z\",\"ann@corp.example\",\"team@corp.example\",\"Plan, v2\",\"Expanded\",\"\","
    "\"10.0.0.1\",\"5120\",\"<m1@corp.example>\",\"a1f2\"\r\n"
    "\"3/1/2024 8:59:59 AM\",\"bob@corp.example\",\"nobody@corp.example\",\"Hi\",\"Failed\",\"\",\"10.0.0.2\","
    "\"900\",\"<m0@corp.example>\",\"9d00\"\r\n"
    "\"3/1/2024 8:30:00 AM\",\"bob@corp.example\",\"ann@corp.example\",\"Hi\",\"delivered\",\"\",\"10.0.0.2\","
    "\"900\",\"<m3@corp.example>\",\"9d01\"\r\n";

TEST(message_trace, delivered_rows_grouped_by_message_id) {
  const message_log log = read_message_trace_text(fixture);
  ASSERT_EQ(log.num_messages(), 3u);
  // Messages in order of first appearance: m2, m1, m3.
  EXPECT_EQ(log.message_id(0), "<m2@corp.example>");
  EXPECT_EQ(log.people()[log.sender(0)], "cat@corp.example");
  EXPECT_EQ(recipients(log, 0), (std::vector<std::string>{"ann@corp.example"}));
  EXPECT_EQ(log.time(0), onakit::parse_timestamp("2024-03-01T10:15:00.123456Z"));

  EXPECT_EQ(log.message_id(1), "<m1@corp.example>");
  EXPECT_EQ(log.people()[log.sender(1)], "ann@corp.example");
  EXPECT_EQ(recipients(log, 1), (std::vector<std::string>{"cat@corp.example", "bob@corp.example"}));
  // The earliest Received of the message's rows (7 fraction digits truncated to 6).
  EXPECT_EQ(log.time(1), onakit::parse_timestamp("2024-03-01T09:00:00.123456Z"));

  EXPECT_EQ(log.people()[log.sender(2)], "bob@corp.example");
  EXPECT_EQ(log.time(2), onakit::parse_timestamp("2024-03-01T08:30:00Z"));  // en-US form, AM

  const auto& rep = log.report();
  EXPECT_EQ(rep.records_read, 7u);
  EXPECT_EQ(rep.records_kept, 4u);
  EXPECT_EQ(rep.skipped.at("duplicate row"), 1u);
  EXPECT_EQ(rep.skipped.at("status Expanded"), 1u);
  EXPECT_EQ(rep.skipped.at("status Failed"), 1u);
  EXPECT_EQ(rep.messages, 3u);
  EXPECT_TRUE(rep.balanced());
  // Neither the failed recipient nor the expanded group became a person.
  EXPECT_EQ(log.people(), (std::vector<std::string>{"cat@corp.example", "ann@corp.example", "bob@corp.example"}));
}

TEST(message_trace, duplicates_found_in_large_messages_too) {
  // 40 recipients (past the linear-scan limit), then repeats of two of them.
  std::string text = "Received,SenderAddress,RecipientAddress,Status,MessageId\n";
  for (int k : {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 3, 39})
    text += "2024-03-01T09:00:00Z,boss@x,u" + std::to_string(k) + "@x,Delivered,<all-hands>\n";
  const message_log log = read_message_trace_text(text);
  ASSERT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(log.recipients(0).size(), 40u);
  EXPECT_EQ(log.report().skipped.at("duplicate row"), 2u);
  EXPECT_EQ(log.report().records_read, 42u);
  EXPECT_TRUE(log.report().balanced());
}

TEST(message_trace, us_times_with_pm_and_24_hour_clock) {
  const std::string text =
      "received;senderaddress;recipientaddress;status;messageid\n"
      "3/1/2024 12:05:00 PM;a@x;b@x;Delivered;<1>\n"
      "3/1/2024 12:05:00 AM;a@x;b@x;Delivered;<2>\n"
      "12/31/2023 23:59;a@x;b@x;Delivered;<3>\n"
      "2/29/2024 1:00 pm;a@x;b@x;Delivered;<4>\n"
      ";a@x;b@x;Delivered;<5>\n";
  const message_log log = read_message_trace_text(text);
  ASSERT_EQ(log.num_messages(), 5u);
  EXPECT_EQ(log.time(0), onakit::parse_timestamp("2024-03-01T12:05:00Z"));
  EXPECT_EQ(log.time(1), onakit::parse_timestamp("2024-03-01T00:05:00Z"));
  EXPECT_EQ(log.time(2), onakit::parse_timestamp("2023-12-31T23:59:00Z"));
  EXPECT_EQ(log.time(3), onakit::parse_timestamp("2024-02-29T13:00:00Z"));
  EXPECT_EQ(log.time(4), onakit::no_time);
  EXPECT_EQ(log.report().dropped.at("empty timestamp"), 1u);
}

TEST(message_trace, export_time_parser_rejects_impossible_dates) {
  for (const char* bad : {"2/30/2024", "13/1/2024", "3/1/24", "3/1/2024 13:00 PM", "3/1/2024 0:00 AM",
                          "3/1/2024 9:00:00 XM", "3/1/2024 AM", "3/1/2024 24:00"})
    EXPECT_FALSE(onakit::try_parse_export_time(bad).has_value()) << bad;
  EXPECT_EQ(*onakit::try_parse_export_time("03/01/2024 09:00:00.25 AM"),
            onakit::parse_timestamp("2024-03-01T09:00:00.25Z"));
}

const std::string bad_rows =
    "Received,SenderAddress,RecipientAddress,Status,MessageId\n"
    "2024-03-01T09:00:00Z,a@x,b@x,Delivered,<1>\n"
    "2024-03-01T09:00:00Z,,b@x,Delivered,<2>\n"        // line 3: empty sender
    "yesterday,a@x,b@x,Delivered,<3>\n"                // line 4: bad timestamp
    "2024-03-01T09:00:00Z,c@x,d@x,Delivered,<1>\n"     // line 5: two senders
    "2024-03-01T09:00:00Z,a@x,Delivered,<4>\n"         // line 6: wrong number of fields
    "2024-03-01T09:00:00Z,a@x,,Delivered,<5>\n"        // line 7: empty recipient
    "2024-03-01T09:00:00Z,a@x,,Pending,<6>\n"          // line 8: not delivered (no error)
    "2024-03-01T09:00:00Z,a@x,c@x,Delivered,\"<1>\"\n";  // line 9: kept, joins <1>

TEST(message_trace, strict_throws_on_the_first_bad_row) {
  try {
    (void)read_message_trace_text(bad_rows, {}, "trace.csv");
    FAIL() << "expected a parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.file(), "trace.csv");
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.reason(), "empty sender");
    EXPECT_EQ(e.field(), "SenderAddress");
  }
}

TEST(message_trace, skip_counts_every_bad_row_by_reason) {
  message_trace_options o;
  o.errors = error_policy::skip;
  const message_log log = read_message_trace_text(bad_rows, o);
  const auto& rep = log.report();
  EXPECT_EQ(rep.records_read, 8u);
  EXPECT_EQ(rep.records_kept, 2u);
  EXPECT_EQ(rep.skipped.at("empty sender"), 1u);
  EXPECT_EQ(rep.skipped.at("bad timestamp"), 1u);
  EXPECT_EQ(rep.skipped.at("message id with two senders"), 1u);
  EXPECT_EQ(rep.skipped.at("wrong number of fields"), 1u);
  EXPECT_EQ(rep.skipped.at("empty recipient"), 1u);
  EXPECT_EQ(rep.skipped.at("status Pending"), 1u);
  EXPECT_TRUE(rep.balanced());
  ASSERT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(recipients(log, 0), (std::vector<std::string>{"b@x", "c@x"}));
  // The refused rows left no people behind.
  EXPECT_EQ(log.people(), (std::vector<std::string>{"a@x", "b@x", "c@x"}));
}

TEST(message_trace, without_message_id_each_row_is_a_message) {
  message_trace_options o;
  o.message_id = "";
  o.errors = error_policy::skip;
  const message_log log = read_message_trace_text(bad_rows, o);
  EXPECT_EQ(log.num_messages(), 3u);  // rows 2, 5 and 9; no id => no two-senders check
  EXPECT_TRUE(log.report().balanced());
}

TEST(message_trace, identity_rules_and_pseudonyms_leave_no_raw_address) {
  const std::string text =
      "Received,SenderAddress,RecipientAddress,Status,MessageId\n"
      "2024-03-01T09:00:00Z,Ann@Corp.example,bob@corp.example,Delivered,<1>\n"
      "2024-03-01T09:00:00Z,ann@corp.example,x@vendor.example,Delivered,<1>\n"
      "2024-03-01T09:01:00Z,noreply@corp.example,bob@corp.example,Delivered,<2>\n"
      "2024-03-01T09:02:00Z,bob@corp.example,ann@corp.example,Delivered,<1>\n";
  onakit::identity_options io;
  io.internal_domains = {"corp.example"};
  io.exclude = {"noreply@*"};
  io.pseudonymize_key = "secret";
  auto rules = std::make_shared<const onakit::identities>(io);
  message_trace_options o;
  o.identity_rules = rules;
  o.errors = error_policy::skip;
  const message_log log = read_message_trace_text(text, o);
  const auto& rep = log.report();
  EXPECT_EQ(rep.records_kept, 1u);
  EXPECT_EQ(rep.skipped.at("no recipients after identity rules"), 1u);
  EXPECT_EQ(rep.skipped.at("sender excluded"), 1u);
  EXPECT_EQ(rep.skipped.at("message id with two senders"), 1u);
  EXPECT_TRUE(rep.balanced());
  EXPECT_EQ(log.people(),
            (std::vector<std::string>{rules->pseudonym("ann@corp.example"), rules->pseudonym("bob@corp.example")}));
  // Strict mode: the two-senders error names pseudonyms only.
  o.errors = error_policy::strict;
  try {
    (void)read_message_trace_text(text, o);
    FAIL();
  } catch (const onakit::parse_error& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.reason(), "message id with two senders");
    EXPECT_EQ(what.find("ann@"), std::string::npos) << what;
    EXPECT_EQ(what.find("bob@"), std::string::npos) << what;
    EXPECT_NE(what.find(rules->pseudonym("bob@corp.example")), std::string::npos) << what;
  }
}

TEST(message_trace, missing_column_and_empty_input) {
  try {
    (void)read_message_trace_text("Received,Sender,RecipientAddress,Status,MessageId\n");
    FAIL();
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "missing column");
    EXPECT_EQ(e.field(), "SenderAddress");
  }
  EXPECT_THROW((void)read_message_trace_text(" \n"), onakit::parse_error);
  const message_log empty = read_message_trace_text("Received,SenderAddress,RecipientAddress,Status,MessageId\n");
  EXPECT_EQ(empty.num_messages(), 0u);
  EXPECT_TRUE(empty.report().balanced());
}

TEST(message_trace, reads_a_file) {
  const auto path = std::filesystem::temp_directory_path() / "onakit_message_trace_test.csv";
  {
    std::ofstream f(path, std::ios::binary);
    f << fixture;
  }
  const message_log log = onakit::read_message_trace(path);
  EXPECT_EQ(log.num_messages(), 3u);
  EXPECT_EQ(log.report().source, path.string());
  std::filesystem::remove(path);
}

}  // namespace

// Issue #10: known statuses are counted by name (any case), anything else
// under one reason, so an address in Status reaches neither the report nor
// one key per value; message ids are pseudonymised with a key.
TEST(MessageTrace, UnknownStatusesShareOneReasonAndIdsArePseudonymised) {
  std::string text = "Received,SenderAddress,RecipientAddress,Status,MessageId\n";
  for (const char* s : {"Failed", "FAILED", "pending", "FilteredAsSpam", "Quarantined", "GettingStatus", "Resolved",
                        "None", "Expanded", ""})
    text += std::string("2024-03-01T09:00:00Z,ann@corp.example,bob@corp.example,") + s + ",<x@corp.example>\n";
  for (int k = 0; k < 50; ++k)
    text += "2024-03-01T09:00:00Z,ann@corp.example,bob@corp.example,person" + std::to_string(k) +
            "@corp.example,<x@corp.example>\n";
  text += "2024-03-01T09:00:00Z,ann@corp.example,bob@corp.example,Delivered,<a1@corp.example>\n";
  onakit::identity_options io;
  io.pseudonymize_key = "SECRET";
  message_trace_options o;
  o.identity_rules = std::make_shared<const onakit::identities>(io);
  const auto log = read_message_trace_text(text, o);
  const auto& sk = log.report().skipped;
  EXPECT_EQ(sk.at("status Failed"), 2u);
  EXPECT_EQ(sk.at("status Pending"), 1u);
  EXPECT_EQ(sk.at("status FilteredAsSpam"), 1u);
  EXPECT_EQ(sk.at("status Quarantined"), 1u);
  EXPECT_EQ(sk.at("status GettingStatus"), 1u);
  EXPECT_EQ(sk.at("status Resolved"), 1u);
  EXPECT_EQ(sk.at("status None"), 1u);
  EXPECT_EQ(sk.at("status Expanded"), 1u);
  EXPECT_EQ(sk.at("status (empty)"), 1u);
  EXPECT_EQ(sk.at("status (unrecognised)"), 50u);
  EXPECT_EQ(sk.size(), 10u);
  for (const auto& [reason, n] : sk) EXPECT_EQ(reason.find('@'), std::string::npos) << reason;
  EXPECT_TRUE(log.report().balanced());
  ASSERT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(log.message_id(0), o.identity_rules->pseudonymize_id("<a1@corp.example>"));
  // a bad time is masked with a key
  try {
    (void)read_message_trace_text(
        "Received,SenderAddress,RecipientAddress,Status,MessageId\nann@corp.example,a@c.org,b@c.org,Delivered,x\n", o);
    FAIL();
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(std::string(e.what()).find("ann@"), std::string::npos) << e.what();
  }
}

TEST(MessageTrace, AColumnNamedTwiceIsAnError) {
  try {
    (void)read_message_trace_text("SenderAddress,RecipientAddress,RecipientAddress,Received,Status,MessageId\n"
                                  "a@x.org,b@x.org,c@x.org,2024-03-01T09:00:00Z,Delivered,<m1>\n",
                                  {}, "dup.csv");
    FAIL() << "expected a parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "duplicate column");
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.field(), "RecipientAddress");
  }
}
