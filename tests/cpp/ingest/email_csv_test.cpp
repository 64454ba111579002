#include <onakit/ingest/crypto.hpp>  // keyed pseudonyms (pseudonymize_key)
#include <onakit/ingest/email_csv.hpp>

#include <gtest/gtest.h>

#include "log_compare.hpp"
#include "test_data.hpp"

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using onakit::testing::expect_same_log;
using onakit::email_csv_options;
using onakit::error_policy;
using onakit::message_log;
using onakit::read_email_csv;
using onakit::read_email_csv_text;
using onakit::role;

constexpr onakit::timestamp_t us = onakit::microseconds_per_second;

std::vector<std::string> labels(const message_log& log, std::size_t m) {
  std::vector<std::string> out;
  for (const auto r : log.recipients(m)) out.push_back(log.people()[r]);
  return out;
}

TEST(EmailCsv, ListCellsDefaultsAndReport) {
  const auto log = read_email_csv_text(
      "sender,recipients,timestamp\n"
      "ann@x.example,bob@x.example;carl@x.example,2024-03-01T09:00:00Z\n"
      " bob@x.example , ann@x.example ,1262454010\n");
  ASSERT_EQ(log.num_messages(), 2u);
  EXPECT_EQ(log.people(), (std::vector<std::string>{"ann@x.example", "bob@x.example", "carl@x.example"}));
  EXPECT_EQ(labels(log, 0), (std::vector<std::string>{"bob@x.example", "carl@x.example"}));
  EXPECT_EQ(log.roles(0)[1], role::to);
  EXPECT_EQ(log.time(0), onakit::parse_timestamp("2024-03-01T09:00:00Z"));
  EXPECT_EQ(log.time(1), 1262454010 * us);
  const auto& r = log.report();
  EXPECT_EQ(r.source, "<memory>");
  EXPECT_EQ(r.records_read, 2u);
  EXPECT_EQ(r.records_kept, 2u);
  EXPECT_EQ(r.messages, 2u);
  EXPECT_TRUE(r.balanced());
}

TEST(EmailCsv, QuotingQuotedNewlineCrLfAndBom) {
  const std::string text =
      "\xEF\xBB\xBF\"sender\",\"recipients\",\"timestamp\",\"subject\"\r\n"
      "\"Smith, Ann\",\"bob;\"\"Jones, C\"\"\",2024-01-01,\"two\r\nlines\"\r\n"
      "dan,ann,2024-01-02,x\r\n";
  const auto log = read_email_csv_text(text);
  ASSERT_EQ(log.num_messages(), 2u);
  EXPECT_EQ(log.people()[0], "Smith, Ann");
  EXPECT_EQ(labels(log, 0), (std::vector<std::string>{"bob", "\"Jones, C\""}));
  EXPECT_EQ(log.people()[log.sender(1)], "dan");
}

TEST(EmailCsv, LineNumbersCountQuotedNewlines) {
  try {
    (void)read_email_csv_text("sender,recipients,timestamp,note\na,b,1,\"x\ny\nz\"\n,b,1,n\n", {}, "mail.csv");
    FAIL();
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.line(), 5u) << e.what();
    EXPECT_EQ(e.reason(), "empty sender");
  }
}

TEST(EmailCsv, OneRecipientPerRowWithRoleColumn) {
  email_csv_options o;
  o.sender = "from";
  o.recipients = "to";
  o.timestamp = "";
  o.role = "type";
  o.recipient_sep = '\0';
  const auto log = read_email_csv_text("from,to,type\na,b;c,TO\na,d, Cc \na,e,bcc\n", o);
  ASSERT_EQ(log.num_messages(), 3u);
  EXPECT_EQ(labels(log, 0), (std::vector<std::string>{"b;c"}));  // the cell is one recipient
  EXPECT_EQ(log.roles(0)[0], role::to);
  EXPECT_EQ(log.roles(1)[0], role::cc);
  EXPECT_EQ(log.roles(2)[0], role::bcc);
  EXPECT_EQ(log.time(0), onakit::no_time);
}

TEST(EmailCsv, EmptyRecipientEntriesAndEmptyTimesAreDroppedAndCounted) {
  const auto log = read_email_csv_text("sender,recipients,timestamp\na,b;;c;,\n");
  ASSERT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(labels(log, 0), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(log.time(0), onakit::no_time);
  EXPECT_EQ(log.report().dropped.at("empty recipient"), 2u);
  EXPECT_EQ(log.report().dropped.at("empty timestamp"), 1u);
  EXPECT_TRUE(log.report().balanced());
}

TEST(EmailCsv, MessageIdGroupsRowsAnywhereInTheFile) {
  email_csv_options o;
  o.message_id = "id";
  o.role = "role";
  o.recipient_sep = '\0';
  const auto log = read_email_csv_text(
      "id,sender,recipients,timestamp,role\n"
      "m1,ann,bob,2024-01-01,to\n"
      "m2,carl,ann,2024-01-02,to\n"
      "m1,ann,dan,2024-01-05,cc\n"
      ",eve,ann,2024-01-03,to\n"
      ",eve,bob,2024-01-03,to\n",
      o);
  ASSERT_EQ(log.num_messages(), 4u);  // m1, m2, and two rows without id
  EXPECT_EQ(log.message_id(0), "m1");
  EXPECT_EQ(labels(log, 0), (std::vector<std::string>{"bob", "dan"}));
  EXPECT_EQ(log.roles(0)[1], role::cc);
  EXPECT_EQ(log.time(0), onakit::parse_timestamp("2024-01-01"));  // time of the first row
  EXPECT_EQ(log.message_id(1), "m2");
  EXPECT_EQ(log.message_id(2), "");
  EXPECT_EQ(log.people(), (std::vector<std::string>{"ann", "bob", "carl", "dan", "eve"}));
  EXPECT_EQ(log.report().records_kept, 5u);
  EXPECT_EQ(log.report().messages, 4u);
  EXPECT_TRUE(log.report().balanced());
}

struct bad_case {
  std::string text;
  std::uint64_t line;
  std::string reason;
  std::string field;
};

email_csv_options options_with_role_and_id() {
  email_csv_options o;
  o.role = "role";
  o.message_id = "id";
  return o;
}

TEST(EmailCsv, EveryErrorReasonInStrictMode) {
  const std::string head = "id,sender,recipients,timestamp,role\n";
  const std::string ok = "m0,a,b,2024-01-01,to\n";
  const std::vector<bad_case> cases = {
      {head + ok + "m1,a,b,2024-01-01\n", 3, "wrong number of fields", ""},
      {head + ok + "m1,a,b,2024-01-01,to,extra\n", 3, "wrong number of fields", ""},
      {head + ok + "m1,a,b,2024-01-01,\"to\n", 3, "unterminated quote", ""},
      {head + ok + "m1, ,b,2024-01-01,to\n", 3, "empty sender", "sender"},
      {head + ok + "m1,a, ; ,2024-01-01,to\n", 3, "no recipients", "recipients"},
      {head + ok + "m1,a,b,2021-13-01,to\n", 3, "bad timestamp", "timestamp"},
      {head + ok + "m1,a,b,2024-01-01,fwd\n", 3, "unknown role", "role"},
      {head + ok + "m0,z,b,2024-01-01,to\n", 3, "message id with two senders", "id"},
  };
  for (const auto& c : cases) {
    try {
      (void)read_email_csv_text(c.text, options_with_role_and_id(), "mail.csv");
      ADD_FAILURE() << "no error for reason " << c.reason;
    } catch (const onakit::parse_error& e) {
      EXPECT_EQ(e.file(), "mail.csv");
      EXPECT_EQ(e.line(), c.line) << e.what();
      EXPECT_EQ(e.reason(), c.reason) << e.what();
      EXPECT_EQ(e.field(), c.field) << e.what();
      const std::string what = e.what();
      EXPECT_EQ(what.rfind("mail.csv:" + std::to_string(c.line) + ": ", 0), 0u) << what;
      if (!c.field.empty()) {
        EXPECT_NE(what.find("field '" + c.field + "'"), std::string::npos) << what;
      }
    }
  }
  // The same rows without a message-id column go through the parallel path.
  email_csv_options o;
  o.role = "role";
  for (std::size_t k = 0; k + 1 < cases.size(); ++k) {
    const auto& c = cases[k];
    try {
      (void)read_email_csv_text(c.text, o, "mail.csv");
      ADD_FAILURE() << "no error for reason " << c.reason;
    } catch (const onakit::parse_error& e) {
      EXPECT_EQ(e.line(), c.line) << e.what();
      EXPECT_EQ(e.reason(), c.reason) << e.what();
    }
  }
}

TEST(EmailCsv, SkipModeCountsEveryReasonAndBalances) {
  auto o = options_with_role_and_id();
  o.errors = error_policy::skip;
  const auto log = read_email_csv_text(
      "id,sender,recipients,timestamp,role\n"
      "m0,a,b;;c,2024-01-01,to\n"
      "m1,a,b,2024-01-01\n"
      "m2, ,b,2024-01-01,to\n"
      "m3,a,,2024-01-01,to\n"
      "m4,a,b,yesterday,to\n"
      "m5,a,b,2024-01-01,fwd\n"
      "m0,z,b,2024-01-01,to\n"
      "m6,a,b,2024-01-01,cc\n"
      "m7,a,b,2024-01-01,\"to\n",
      o);
  const auto& r = log.report();
  EXPECT_EQ(log.num_messages(), 2u);
  EXPECT_EQ(r.records_read, 9u);
  EXPECT_EQ(r.records_kept, 2u);
  EXPECT_EQ(r.skipped, (std::map<std::string, std::uint64_t>{{"wrong number of fields", 1},
                                                             {"empty sender", 1},
                                                             {"no recipients", 1},
                                                             {"bad timestamp", 1},
                                                             {"unknown role", 1},
                                                             {"message id with two senders", 1},
                                                             {"unterminated quote", 1}}));
  EXPECT_EQ(r.dropped.at("empty recipient"), 1u);
  EXPECT_TRUE(r.balanced());
  EXPECT_EQ(log.people(), (std::vector<std::string>{"a", "b", "c"}));  // nothing from skipped rows
}

TEST(EmailCsv, WholeFileErrors) {
  EXPECT_THROW((void)read_email_csv_text(""), onakit::parse_error);
  try {
    (void)read_email_csv_text(" \n\n");
    FAIL();
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.line(), 0u);
    EXPECT_EQ(e.reason(), "empty input");
  }
  try {
    (void)read_email_csv_text("from,to,when\n", {}, "mail.csv");
    FAIL();
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.line(), 0u);
    EXPECT_EQ(e.field(), "sender");
    EXPECT_EQ(e.reason(), "missing column");
    EXPECT_NE(e.hint().find("'from', 'to', 'when'"), std::string::npos) << e.what();
  }
  const auto header_only = read_email_csv_text("sender,recipients,timestamp\n");
  EXPECT_EQ(header_only.num_messages(), 0u);
  EXPECT_TRUE(header_only.report().balanced());
  EXPECT_THROW((void)read_email_csv("/nonexistent/mail.csv"), onakit::io_error);
}

/// A generated file large enough to be split between threads, with quoted
/// cells and quoted newlines so that chunk boundaries must respect quotes.
std::string generated_csv(std::size_t rows) {
  std::string t = "sender,recipients,timestamp,note\n";
  for (std::size_t i = 0; i < rows; ++i) {
    // Appended piece by piece (operator+ chains trip a GCC 12 -Wrestrict false positive).
    t.append("p").append(std::to_string(i * 7 % 1013)).append("@x.example,");
    t.append("\"p").append(std::to_string(i * 13 % 997)).append("@x.example;p");
    t.append(std::to_string(i % 101)).append("@x.example\",");
    t.append(i % 60 < 10 ? "2024-01-01T00:00:0" : "2024-01-01T00:00:").append(std::to_string(i % 60));
    t.append("Z,").append(i % 5 == 0 ? "\"line\none, \"\"quoted\"\"\"\n" : "plain\n");
  }
  return t;
}

TEST(EmailCsv, ThreadsGiveIdenticalLogs) {
  const std::string text = generated_csv(60000);  // ~4.5 MB
  email_csv_options o1, o2, o4;
  o1.threads = 1;
  o2.threads = 2;
  o4.threads = 4;
  const auto a = read_email_csv_text(text, o1);
  const auto b = read_email_csv_text(text, o2);
  const auto c = read_email_csv_text(text, o4);
  EXPECT_EQ(a.num_messages(), 60000u);
  expect_same_log(a, b);
  expect_same_log(a, c);
}

// The row loop polls the interrupt every 4096 rows with the bytes parsed so
// far (serial and parallel): a check that says stop ends the read with
// interrupted, and the positions it saw grow towards the body's size.
TEST(EmailCsv, InterruptStopsTheReadAndSeesTheBytesParsed) {
  const std::string text = generated_csv(60000);
  for (const int threads : {1, 2}) {
    email_csv_options o;
    o.threads = threads;
    std::vector<onakit::work_position> seen;
    o.interrupt = [&seen] {
      seen.push_back(onakit::poll_position());
      return false;
    };
    const auto log = read_email_csv_text(text, o);
    EXPECT_EQ(log.num_messages(), 60000u);
    ASSERT_GE(seen.size(), 5u) << threads;
    for (std::size_t i = 1; i < seen.size(); ++i) {
      EXPECT_LT(seen[i].done, text.size());
      EXPECT_EQ(seen[i].total, seen[0].total);
    }
    EXPECT_GT(seen.back().done, seen.front().done);
    EXPECT_GT(seen[0].total, text.size() * 9 / 10);  // the body: all but the header row
    int calls = 0;
    o.interrupt = [&calls] { return ++calls > 2; };
    EXPECT_THROW((void)read_email_csv_text(text, o), onakit::interrupted) << threads;
  }
}

TEST(EmailCsv, StrictErrorFromAWorkerIsTheFirstInFileOrder) {
  std::string text = generated_csv(60000);
  // Break two rows in the second half; the earlier must be reported.
  std::size_t line = 1, pos = 0, first_bad_line = 0;
  std::vector<std::size_t> starts;
  // Find the start of rows at ~70% and ~90% of the file (outside quotes: rows
  // with i % 5 != 0 are one line).
  std::size_t quotes = 0;
  for (; pos < text.size(); ++pos) {
    if (text[pos] == '"') ++quotes;
    if (text[pos] == '\n') {
      ++line;
      if (quotes % 2 == 0 && pos + 1 < text.size() && text.compare(pos + 1, 1, "p") == 0) {
        if ((starts.empty() && pos > text.size() * 7 / 10) || (starts.size() == 1 && pos > text.size() * 9 / 10)) {
          starts.push_back(pos + 1);
          if (starts.size() == 1) first_bad_line = line;
        }
      }
    }
  }
  ASSERT_EQ(starts.size(), 2u);
  text[starts[1]] = ',';  // "p..." -> ",..." : wrong number of fields
  text.insert(starts[0], " ,");  // an extra field, earlier in the file
  for (int threads : {1, 2, 3}) {
    email_csv_options o;
    o.threads = threads;
    try {
      (void)read_email_csv_text(text, o, "big.csv");
      ADD_FAILURE();
    } catch (const onakit::parse_error& e) {
      EXPECT_EQ(e.line(), first_bad_line) << e.what();
      EXPECT_EQ(e.reason(), "wrong number of fields") << e.what();
    }
  }
}

// ---- real data ---------------------------------------------------------

using pair_counts = std::map<std::pair<std::string, std::string>, std::uint64_t>;

/// Independent oracle: a plain std::getline loop (these files have no quoted
/// separators), stripping quotes by hand.
pair_counts count_pairs_by_getline(const std::filesystem::path& path, char sep, std::size_t from_col,
                                   std::size_t to_col, std::map<std::string, std::uint64_t>* roles = nullptr,
                                   std::size_t role_col = 0) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  pair_counts out;
  auto unquote = [](std::string s) {
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    return s;
  };
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, sep)) f.push_back(unquote(cell));
    ++out[{f.at(from_col), f.at(to_col)}];
    if (roles != nullptr) ++(*roles)[f.at(role_col)];
  }
  return out;
}

pair_counts count_pairs(const message_log& log) {
  pair_counts out;
  for (std::size_t m = 0; m < log.num_messages(); ++m)
    for (const auto r : log.recipients(m)) ++out[{log.people()[log.sender(m)], log.people()[r]}];
  return out;
}

TEST(EmailCsvRealData, EnronJhuOneRowPerRecipientWithRoles) {
  ONAKIT_REQUIRE_DATA("enron-jhu-igraphdata/edges.csv");
  const auto path = onakit::testing::data_file("enron-jhu-igraphdata/edges.csv");
  email_csv_options o;
  o.sender = "from";
  o.recipients = "to";
  o.timestamp = "time";
  o.role = "reciptype";
  o.recipient_sep = '\0';
  o.threads = 2;
  const auto log = read_email_csv(path, o);
  EXPECT_EQ(log.num_messages(), 125409u);
  EXPECT_EQ(log.num_pairs(), 125409u);
  EXPECT_EQ(log.report().source, path.string());
  EXPECT_EQ(log.report().records_kept, 125409u);
  EXPECT_TRUE(log.report().balanced());
  std::map<role, std::uint64_t> roles;
  for (const auto r : log.role_column()) ++roles[r];
  EXPECT_EQ(roles[role::to], 81023u);
  EXPECT_EQ(roles[role::cc], 22193u);
  EXPECT_EQ(roles[role::bcc], 22193u);
  std::map<std::string, std::uint64_t> oracle_roles;
  EXPECT_EQ(count_pairs(log), count_pairs_by_getline(path, ',', 0, 1, &oracle_roles, 3));
  EXPECT_EQ(oracle_roles["to"], 81023u);
  // The source's bogus 1979 dates are kept as written (174 rows).
  std::size_t y1979 = 0;
  for (const auto t : log.time_column()) y1979 += t < onakit::parse_timestamp("1980-01-01");
  EXPECT_EQ(y1979, 174u);

  email_csv_options o1 = o;
  o1.threads = 1;
  expect_same_log(log, read_email_csv(path, o1));
}

TEST(EmailCsvRealData, RadoslawSemicolonSeparated) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  const auto path = onakit::testing::data_file("radoslaw_email/communication.csv");
  email_csv_options o;
  o.sender = "Sender";
  o.recipients = "Recipient";
  o.timestamp = "EventDate";
  const auto log = read_email_csv(path, o);
  EXPECT_EQ(log.num_messages(), 82927u);
  EXPECT_EQ(log.num_people(), 167u);
  EXPECT_TRUE(log.report().balanced());
  EXPECT_EQ(count_pairs(log), count_pairs_by_getline(path, ';', 0, 1));
  // EventDate equals the KONECT Unix time read as UTC.
  const auto [lo, hi] = log.time_span();
  EXPECT_EQ(lo, 1262454010 * us);
  EXPECT_EQ(hi, 1285884492 * us);
  email_csv_options o1 = o, o2 = o;
  o1.threads = 1;
  o2.threads = 2;
  expect_same_log(read_email_csv(path, o1), read_email_csv(path, o2));
}

}  // namespace

// Issue #10: with a pseudonymize_key no value from the file reaches an error
// message as written (a headerless file's first row is addresses), and
// message ids are stored as keyed pseudonyms; without a key messages keep
// the values.
TEST(EmailCsv, PseudonymisingMasksValuesInErrorsAndPseudonymisesIds) {
  const std::string headerless = "ann@corp.example,bob@corp.example,2024-01-01\ncy@corp.example,ann@corp.example,x\n";
  const auto what = [&](const email_csv_options& o, const std::string& text) {
    try {
      (void)read_email_csv_text(text, o);
    } catch (const onakit::parse_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  email_csv_options plain;
  EXPECT_NE(what(plain, headerless).find("'ann@corp.example'"), std::string::npos);
  onakit::identity_options io;
  io.pseudonymize_key = "SECRET";
  email_csv_options keyed;
  keyed.identity_rules = std::make_shared<const onakit::identities>(io);
  const std::string msg = what(keyed, headerless);
  EXPECT_EQ(msg.find("ann@"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("corp"), std::string::npos) << msg;
  EXPECT_NE(msg.find("columns found: '***@****.*******', '***@****.*******', '****-**-**'"), std::string::npos)
      << msg;
  // a bad timestamp and a bad role holding an address
  keyed.role = "role";
  const std::string rows = "sender,recipients,timestamp,role\nann@x.org,bob@x.org,dan@x.org,to\n";
  EXPECT_EQ(what(keyed, rows).find("dan"), std::string::npos) << what(keyed, rows);
  EXPECT_NE(what(keyed, rows).find("cannot parse '***@*.***'"), std::string::npos) << what(keyed, rows);
  const std::string roles = "sender,recipients,timestamp,role\nann@x.org,bob@x.org,2024-01-01,dan@x.org\n";
  EXPECT_EQ(what(keyed, roles).find("dan"), std::string::npos) << what(keyed, roles);
  email_csv_options plain_role;
  plain_role.role = "role";
  EXPECT_NE(what(plain_role, roles).find("'dan@x.org' is not one of"), std::string::npos);

  // message ids: pseudonymised, rows still grouped; two senders name the stored id
  keyed.role.clear();
  keyed.message_id = "id";
  const auto log = read_email_csv_text(
      "id,sender,recipients,timestamp\n<m1@corp.example>,ann,bob,2024-01-01\n<m1@corp.example>,ann,cy,2024-01-02\n",
      keyed);
  ASSERT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(log.message_id(0), keyed.identity_rules->pseudonymize_id("<m1@corp.example>"));
  EXPECT_EQ(log.message_id(0).size(), 16u);
  const std::string two =
      what(keyed, "id,sender,recipients,timestamp\nm1@c.org,ann,bob,2024-01-01\nm1@c.org,cy,bob,2024-01-02\n");
  EXPECT_EQ(two.find("m1@c.org"), std::string::npos) << two;
  EXPECT_NE(two.find(keyed.identity_rules->pseudonymize_id("m1@c.org")), std::string::npos) << two;
}

TEST(EmailCsv, AColumnNamedTwiceIsAnError) {
  // the second 'recipients' was ignored quietly (tests/data/adversarial/duplicate_header)
  try {
    (void)read_email_csv_text("sender,recipients,recipients,timestamp\na,b,c,2024-01-01\n", {}, "dup.csv");
    FAIL() << "expected a parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "duplicate column");
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.field(), "recipients");
    EXPECT_NE(std::string(e.what()).find("columns 2 and 3"), std::string::npos) << e.what();
  }
  // a column the reader does not use may be named twice
  const auto log = read_email_csv_text("sender,note,note,recipients,timestamp\na,x,y,b,2024-01-01\n", {}, "ok.csv");
  EXPECT_EQ(log.num_messages(), 1u);
}
