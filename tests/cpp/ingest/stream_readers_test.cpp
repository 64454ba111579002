// Streaming readers (ingest/stream.hpp, text_stream.hpp): on every real data
// set each reader reads, with chunk sizes 1, 7, 1000 and the default, the
// chunks a stream_X hands its sink, concatenated, equal read_X's log (every
// column, people in the same order, the report's counts) -- the in-memory
// reader is the oracle -- also for gzip copies and lenient reads of files
// with bad records injected.
#include <onakit/graph/builder.hpp>
#include <onakit/graph/stream_builder.hpp>
#include <onakit/ingest/edgelist.hpp>
#include <onakit/ingest/email_csv.hpp>
#include <onakit/ingest/jsonl.hpp>
#include <onakit/ingest/mbox.hpp>
#include <onakit/ingest/stream.hpp>
#include <onakit/ingest/text_stream.hpp>

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "log_compare.hpp"
#include "test_data.hpp"

namespace {

namespace fs = std::filesystem;
using onakit::message_log;
using onakit::message_sink;

constexpr std::size_t chunk_sizes[] = {1, 7, 1000, onakit::default_chunk_messages};

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("onakit_stream_test_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

fs::path write_file(const std::string& name, const std::string& text) {
  const fs::path p = temp_dir() / name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

/// The Enron edge list with bad rows inserted: {every, row} puts `row`
/// before each line whose number is a multiple of `every` (not the header).
std::string enron_with_bad_rows(const std::vector<std::pair<std::size_t, std::string>>& bad) {
  std::istringstream in(slurp(onakit::testing::data_file("enron-jhu-igraphdata/edges.csv")));
  std::string line, out;
  std::size_t k = 0;
  while (std::getline(in, line)) {
    ++k;
    for (const auto& [every, row] : bad)
      if (k > 1 && k % every == 0) out += row;
    out += line + "\n";
  }
  return out;
}

fs::path gzip_copy(const fs::path& src, const std::string& name) {
  const fs::path p = temp_dir() / name;
  const std::string text = slurp(src);
  gzFile g = gzopen(p.string().c_str(), "wb");
  gzwrite(g, text.data(), static_cast<unsigned>(text.size()));
  gzclose(g);
  return p;
}

/// Streams with `stream(sink, chunk)` and checks the chunks against `whole`.
template <class Stream>
void expect_stream_equals(const message_log& whole, Stream&& stream, std::size_t chunk, bool without_reply_links = false) {
  SCOPED_TRACE("chunk_messages=" + std::to_string(chunk));
  message_log got;
  std::vector<std::size_t> sizes;
  const message_sink sink = [&](const message_log& c) {
    sizes.push_back(c.num_messages());
    got.append(c);
  };
  const message_log rest = stream(sink, chunk);
  EXPECT_EQ(rest.num_messages(), 0u);
  EXPECT_EQ(rest.people(), whole.people());
  EXPECT_EQ(rest.channels(), whole.channels());
  EXPECT_EQ(rest.report().source, whole.report().source);
  got.report() = rest.report();  // append() merged the (cumulative) chunk reports
  message_log expected = whole;
  if (without_reply_links) expected.report().dropped.erase("reply to unknown parent");
  onakit::testing::expect_same_log(expected, got);
  for (std::size_t k = 0; k + 1 < sizes.size(); ++k) EXPECT_GE(sizes[k], chunk) << "chunk " << k;
  for (const std::size_t s : sizes) EXPECT_GT(s, 0u);
  if (whole.num_messages() > 2 * chunk && chunk <= 1000) {
    EXPECT_GE(sizes.size(), 2u);
  }
}

// ---- email CSV ---------------------------------------------------------------

onakit::email_csv_options enron_options() {
  onakit::email_csv_options o;
  o.sender = "from";
  o.recipients = "to";
  o.timestamp = "time";
  o.role = "reciptype";
  o.recipient_sep = '\0';
  o.threads = 2;
  return o;
}

onakit::email_csv_options radoslaw_options() {
  onakit::email_csv_options o;
  o.sender = "Sender";
  o.recipients = "Recipient";
  o.timestamp = "EventDate";
  o.threads = 2;
  return o;
}

void check_email_csv(const fs::path& path, const onakit::email_csv_options& o,
                     std::initializer_list<std::size_t> chunks = {1, 7, 1000, 20000, onakit::default_chunk_messages}) {
  const message_log whole = onakit::read_email_csv(path, o);
  ASSERT_GT(whole.num_messages(), 0u);
  for (const std::size_t c : chunks)
    expect_stream_equals(whole, [&](const message_sink& s, std::size_t n) { return onakit::stream_email_csv(path, o, s, n); }, c);
}

TEST(StreamEmailCsvRealData, EnronJhuEveryGrouping) {
  ONAKIT_REQUIRE_DATA("enron-jhu-igraphdata/edges.csv");
  const auto path = onakit::testing::data_file("enron-jhu-igraphdata/edges.csv");
  auto o = enron_options();
  check_email_csv(path, o);  // one row per recipient, no grouping
  o.group_rows_by = onakit::row_grouping::sender_time;  // the file is in time order
  check_email_csv(path, o);
  const message_log grouped = onakit::read_email_csv(path, o);
  EXPECT_LT(grouped.num_messages(), 125409u);
  auto o1 = o;
  o1.threads = 1;
  check_email_csv(path, o1, {7, 20000});
}

TEST(StreamEmailCsvRealData, EnronJhuMessageIdColumnAndGzip) {
  ONAKIT_REQUIRE_DATA("enron-jhu-igraphdata/edges.csv");
  // A message-id column (sender|time: one block of rows per message in this file).
  std::istringstream in(slurp(onakit::testing::data_file("enron-jhu-igraphdata/edges.csv")));
  std::string line, out;
  std::getline(in, line);
  out += line + ",\"mid\"\n";
  while (std::getline(in, line)) {
    const auto c1 = line.find(','), c2 = line.find(',', c1 + 1), c3 = line.find(',', c2 + 1);
    out += line + "," + line.substr(0, c1) + "|" + line.substr(c2 + 2, c3 - c2 - 3) + "\n";
  }
  const fs::path path = write_file("enron_mid.csv", out);
  auto o = enron_options();
  o.message_id = "mid";
  const message_log whole = onakit::read_email_csv(path, o);
  EXPECT_LT(whole.num_messages(), 125409u);
  check_email_csv(path, o);
  const fs::path gz = gzip_copy(path, "enron_mid.csv.gz");
  const message_log from_gz = onakit::read_email_csv(gz, o);
  for (const std::size_t c : {std::size_t{7}, std::size_t{1000}, onakit::default_chunk_messages})
    expect_stream_equals(from_gz, [&](const message_sink& s, std::size_t n) { return onakit::stream_email_csv(gz, o, s, n); }, c);
}

TEST(StreamEmailCsvRealData, RadoslawSenderTimeAndGzip) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  const auto path = onakit::testing::data_file("radoslaw_email/communication.csv");
  auto o = radoslaw_options();
  check_email_csv(path, o);
  o.group_rows_by = onakit::row_grouping::sender_time;  // rows interleave within a second: windows end between seconds
  const message_log whole = onakit::read_email_csv(path, o);
  EXPECT_EQ(whole.num_messages(), 58463u);
  check_email_csv(path, o);
  const fs::path gz = gzip_copy(path, "radoslaw.csv.gz");
  for (const std::size_t c : chunk_sizes) {
    const message_log from_gz = onakit::read_email_csv(gz, o);
    expect_stream_equals(from_gz, [&](const message_sink& s, std::size_t n) { return onakit::stream_email_csv(gz, o, s, n); }, c);
  }
}

TEST(StreamEmailCsvRealData, LenientBadRecordsCountedAlike) {
  ONAKIT_REQUIRE_DATA("enron-jhu-igraphdata/edges.csv");
  // Rows with an empty sender, a bad timestamp, an unknown role, too few fields.
  const fs::path path = write_file("enron_bad.csv", enron_with_bad_rows({{997, ",154,\"2001-01-01 00:00:00\",\"to\",1,0\n"},
                                                                         {1013, "25,154,\"not a time\",\"to\",1,0\n"},
                                                                         {1409, "25,154,\"2001-01-01 00:00:00\",\"xx\",1,0\n"},
                                                                         {2003, "25,154\n"}}));
  auto o = enron_options();
  o.errors = onakit::error_policy::skip;
  const message_log whole = onakit::read_email_csv(path, o);
  EXPECT_GE(whole.report().skipped.size(), 4u);
  check_email_csv(path, o);
  // Strict: the same first error (file and line) either way.
  o.errors = onakit::error_policy::strict;
  std::string want, got;
  try {
    (void)onakit::read_email_csv(path, o);
  } catch (const onakit::parse_error& e) {
    want = e.what();
  }
  try {
    (void)onakit::stream_email_csv(path, o, [](const message_log&) {}, 7);
  } catch (const onakit::parse_error& e) {
    got = e.what();
  }
  EXPECT_FALSE(want.empty());
  EXPECT_EQ(got, want);
}

TEST(StreamEmailCsvRealData, WindowsOfSeveralPartsKeepIdsAndCountOnce) {
  // Windows of 0.6-1 MiB with 2-4 threads: each window is parsed in several
  // parts (one per 256 KiB), whose person caches, logs and id maps are kept
  // from one window to the next (email_csv.hpp, email_parts). Ids must still
  // be in order of first appearance, and each part's counts (bad records
  // skipped, rows dropped by the identity rules) merged exactly once.
  ONAKIT_REQUIRE_DATA("enron-jhu-igraphdata/edges.csv");
  // Rows with a bad timestamp, too few fields.
  const fs::path path = write_file("enron_parts.csv",
                                   enron_with_bad_rows({{1013, "25,154,\"not a time\",\"to\",1,0\n"}, {2003, "25,154\n"}}));
  auto o = enron_options();
  o.errors = onakit::error_policy::skip;
  onakit::identity_options io;
  io.aliases = {{"73", "25"}};
  io.exclude = {"1?"};  // people 10-19 dropped: their rows skipped, counted by reason
  o.identity_rules = std::make_shared<const onakit::identities>(io);
  struct restore {
    ~restore() { onakit::detail::max_stream_window = onakit::default_window_bytes; }
  } restore_window;
  for (const int threads : {2, 3, 4}) {
    o.threads = threads;
    const message_log whole = onakit::read_email_csv(path, o);
    ASSERT_GT(whole.report().skipped.at("bad timestamp"), 0u);
    ASSERT_GT(whole.report().skipped.at("sender excluded"), 0u);
    ASSERT_GT(whole.report().skipped.at("no recipients after identity rules"), 0u);
    for (const std::size_t window : {std::size_t{600} << 10, std::size_t{1} << 20}) {
      SCOPED_TRACE("threads=" + std::to_string(threads) + " window=" + std::to_string(window));
      onakit::detail::max_stream_window = window;
      for (const std::size_t c : {std::size_t{20000}, onakit::default_chunk_messages})
        expect_stream_equals(whole, [&](const message_sink& s, std::size_t n) { return onakit::stream_email_csv(path, o, s, n); }, c);
    }
  }
}

TEST(StreamEmailCsv, SenderTimeRefusesRowsOutOfTimeOrder) {
  // 2000 rows in time order, then one older than them all: several windows.
  std::string text = "sender,recipients,timestamp\n";
  for (int k = 0; k < 2000; ++k) text += "a,b," + std::to_string(1700000000 + k) + "\n";
  text += "a,d,1600000000\n";
  const fs::path path = write_file("unsorted.csv", text);
  onakit::email_csv_options o;
  o.group_rows_by = onakit::row_grouping::sender_time;
  try {
    (void)onakit::stream_email_csv(path, o, [](const message_log&) {}, 1);
    FAIL() << "expected invalid_option";
  } catch (const onakit::invalid_option& e) {
    EXPECT_NE(std::string(e.what()).find("time order"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
  // One window holds the whole file: grouped as in memory, no error.
  std::size_t n = 0;
  (void)onakit::stream_email_csv(path, o, [&](const message_log& c) { n += c.num_messages(); });
  EXPECT_EQ(n, onakit::read_email_csv(path, o).num_messages());
}

TEST(StreamEmailCsv, EmptyInputUtf16AndBadChunkAreErrors) {
  const auto sink = [](const message_log&) {};
  onakit::email_csv_options o;
  EXPECT_THROW((void)onakit::stream_email_csv(write_file("empty.csv", " \n\n"), o, sink), onakit::parse_error);
  EXPECT_THROW((void)onakit::stream_email_csv(write_file("u16.csv", std::string("\xFF\xFEs\0", 4)), o, sink),
               onakit::invalid_option);
  EXPECT_THROW((void)onakit::stream_email_csv(write_file("ok.csv", "sender,recipients\na,b\n"), o, sink, 0),
               onakit::invalid_option);
  EXPECT_THROW((void)onakit::stream_email_csv(temp_dir() / "missing.csv", o, sink), onakit::io_error);
  // A header without rows: no chunk, an empty report.
  std::size_t calls = 0;
  const auto rest = onakit::stream_email_csv(write_file("header.csv", "sender,recipients,timestamp\n"), o,
                                             [&](const message_log&) { ++calls; });
  EXPECT_EQ(calls, 0u);
  EXPECT_EQ(rest.report().messages, 0u);
}

// ---- edge lists ------------------------------------------------------------------

TEST(StreamEdgelistRealData, EveryEdgeListFile) {
  for (const char* rel : {"email-Eu-core/email-Eu-core.txt", "email-Eu-core-temporal/email-Eu-core-temporal.txt.gz",
                          "dnc-corecipient/out.dnc-corecipient", "opsahl-ucsocial/out.opsahl-ucsocial",
                          "radoslaw_email/out.radoslaw_email_email", "ukfaculty/edges.csv",
                          "email-W3C-benson/email-W3C.txt", "reality-mining-calls-texts-benson/call-Reality.txt"}) {
    SCOPED_TRACE(rel);
    ONAKIT_REQUIRE_DATA(rel);
    const auto path = onakit::testing::data_file(rel);
    onakit::edgelist_options o;
    const message_log whole = onakit::read_edgelist(path, o);
    ASSERT_GT(whole.num_messages(), 0u);
    for (const std::size_t c : chunk_sizes)
      expect_stream_equals(whole, [&](const message_sink& s, std::size_t n) { return onakit::stream_edgelist(path, o, s, n); }, c);
  }
}

TEST(StreamEdgelistRealData, GzipCopyAndLenientBadLines) {
  ONAKIT_REQUIRE_DATA("email-Eu-core/email-Eu-core.txt");
  const auto src = onakit::testing::data_file("email-Eu-core/email-Eu-core.txt");
  std::istringstream in(slurp(src));
  std::string line, out;
  std::size_t k = 0;
  while (std::getline(in, line)) {
    if (++k % 501 == 0) out += "17 18 x\n";  // bad weight
    if (k % 777 == 0) out += "17\n";        // too few fields
    out += line + "\n";
  }
  const fs::path path = write_file("eu_bad.txt", out);
  onakit::edgelist_options o;
  o.errors = onakit::error_policy::skip;
  const message_log whole = onakit::read_edgelist(path, o);
  EXPECT_EQ(whole.report().skipped.size(), 2u);
  const fs::path gz = gzip_copy(path, "eu_bad.txt.gz");
  const message_log whole_gz = onakit::read_edgelist(gz, o);
  for (const std::size_t c : chunk_sizes) {
    expect_stream_equals(whole, [&](const message_sink& s, std::size_t n) { return onakit::stream_edgelist(path, o, s, n); }, c);
    expect_stream_equals(whole_gz, [&](const message_sink& s, std::size_t n) { return onakit::stream_edgelist(gz, o, s, n); }, c);
  }
}

// ---- JSON Lines ---------------------------------------------------------------------

TEST(StreamJsonlRealData, EnronJhuAsJsonLines) {
  ONAKIT_REQUIRE_DATA("enron-jhu-igraphdata/edges.csv");
  // No JSON Lines set is in the data folder: the Enron rows written as JSON
  // objects, with a bad line now and then (strict and lenient).
  std::istringstream in(slurp(onakit::testing::data_file("enron-jhu-igraphdata/edges.csv")));
  std::string line, out;
  std::getline(in, line);
  std::size_t k = 0;
  while (std::getline(in, line)) {
    const auto c1 = line.find(','), c2 = line.find(',', c1 + 1), c3 = line.find(',', c2 + 1),
               c4 = line.find(',', c3 + 1);
    out += "{\"sender\": \"" + line.substr(0, c1) + "\", \"recipients\": [\"" + line.substr(c1 + 1, c2 - c1 - 1) +
           "\"], \"timestamp\": " + line.substr(c2 + 1, c3 - c2 - 1) + ", \"role\": " + line.substr(c3 + 1, c4 - c3 - 1) +
           ", \"id\": \"m" + std::to_string(k) + "\", \"parent\": \"m" + std::to_string(k / 2) + "\"}\n";
    if (++k % 1999 == 0) out += "{not json\n";
    if (k % 2999 == 0) out += "\n[1, 2]\n";
  }
  const fs::path path = write_file("enron.jsonl", out);
  onakit::jsonl_options o;
  o.role = "role";
  o.errors = onakit::error_policy::skip;
  o.message_id = "id";
  o.reply_to = "parent";
  const message_log whole = onakit::read_jsonl(path, o);
  EXPECT_EQ(whole.report().skipped.size(), 2u);
  const fs::path gz = gzip_copy(path, "enron.jsonl.gz");
  const message_log whole_gz = onakit::read_jsonl(gz, o);
  for (const std::size_t c : chunk_sizes) {
    expect_stream_equals(whole, [&](const message_sink& s, std::size_t n) { return onakit::stream_jsonl(path, o, s, n); }, c, true);
    expect_stream_equals(whole_gz, [&](const message_sink& s, std::size_t n) { return onakit::stream_jsonl(gz, o, s, n); }, c, true);
  }
  o.errors = onakit::error_policy::strict;
  std::string want, got;
  try {
    (void)onakit::read_jsonl(path, o);
  } catch (const onakit::parse_error& e) {
    want = e.what();
  }
  try {
    (void)onakit::stream_jsonl(path, o, [](const message_log&) {}, 7);
  } catch (const onakit::parse_error& e) {
    got = e.what();
  }
  EXPECT_FALSE(want.empty());
  EXPECT_EQ(got, want);
}

// ---- mbox, .eml, folders ----------------------------------------------------------------

TEST(StreamMboxRealData, EveryMboxFile) {
  std::vector<std::string> files;
  for (const char* dir : {"enron-mbox", "mbox-lkml-threads-notmuch", "mbox-parser-samples-perceval",
                          "mailing-list-3gpp-bigbang"}) {
    ONAKIT_REQUIRE_DATA(dir);
    for (const auto& e : fs::directory_iterator(onakit::testing::data_file(dir))) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  onakit::mbox_options o;
  o.errors = onakit::error_policy::skip;  // the perceval samples hold bad messages on purpose
  for (const auto& f : files) {
    SCOPED_TRACE(f);
    const message_log whole = onakit::read_mbox(f, o);
    for (const std::size_t c : chunk_sizes)
      expect_stream_equals(whole, [&](const message_sink& s, std::size_t n) { return onakit::stream_mbox(f, o, s, n); }, c, true);
  }
  // Strict errors name the same line.
  const auto bad = onakit::testing::data_file("mbox-parser-samples-perceval/mbox__mbox_no_fields.mbox");
  o.errors = onakit::error_policy::strict;
  std::string want, got;
  try {
    (void)onakit::read_mbox(bad, o);
  } catch (const onakit::parse_error& e) {
    want = e.what();
  }
  try {
    (void)onakit::stream_mbox(bad, o, [](const message_log&) {}, 1);
  } catch (const onakit::parse_error& e) {
    got = e.what();
  }
  EXPECT_FALSE(want.empty());
  EXPECT_EQ(got, want);
}

TEST(StreamMboxRealData, GzipCopyAndFolders) {
  ONAKIT_REQUIRE_DATA("enron-mbox/enron.skilling-j.sent.mbox");
  onakit::mbox_options o;
  o.errors = onakit::error_policy::skip;
  const fs::path gz = gzip_copy(onakit::testing::data_file("enron-mbox/enron.skilling-j.sent.mbox"), "skilling.mbox.gz");
  const message_log whole = onakit::read_mbox(gz, o);
  ASSERT_GT(whole.num_messages(), 0u);
  for (const std::size_t c : chunk_sizes)
    expect_stream_equals(whole, [&](const message_sink& s, std::size_t n) { return onakit::stream_mbox(gz, o, s, n); }, c, true);
  for (const char* dir : {"enron-mbox", "mbox-parser-samples-perceval"}) {
    SCOPED_TRACE(dir);
    const auto path = onakit::testing::data_file(dir);
    const message_log folder = onakit::read_mbox(path, o);
    for (const std::size_t c : chunk_sizes)
      expect_stream_equals(folder, [&](const message_sink& s, std::size_t n) { return onakit::stream_mbox(path, o, s, n); }, c, true);
  }
}

// ---- text_stream ----------------------------------------------------------------------

TEST(TextStream, SegmentsEndAtTheCutAndCoverTheInput) {
  ONAKIT_REQUIRE_DATA("email-Eu-core/email-Eu-core.txt");
  const auto src = onakit::testing::data_file("email-Eu-core/email-Eu-core.txt");
  const std::string text = slurp(src);
  for (const fs::path& p : {fs::path(src), gzip_copy(src, "eu.txt.gz")}) {
    for (const std::size_t window : {std::size_t{1}, std::size_t{100}, std::size_t{1} << 16}) {
      auto s = onakit::text_stream::open(p);
      std::string joined;
      std::string_view seg;
      std::uint64_t at = 0;
      while (s.next(seg, window, onakit::detail::cut_at_last_newline)) {
        EXPECT_EQ(s.offset(), at);
        at += seg.size();
        if (at < text.size()) {
          EXPECT_EQ(seg.back(), '\n');
        }
        joined.append(seg);
      }
      EXPECT_EQ(joined, text);
    }
  }
  // max_bytes: past it an io_error naming the file, plain or gzip.
  for (const fs::path& p : {fs::path(src), gzip_copy(src, "eu2.txt.gz")}) {
    std::string_view seg;
    try {
      auto s = onakit::text_stream::open(p, 1000);
      while (s.next(seg, 100, onakit::detail::cut_at_last_newline)) {
      }
      ADD_FAILURE() << "expected io_error";
    } catch (const onakit::io_error& e) {
      EXPECT_NE(std::string(e.what()).find(p.string()), std::string::npos);
      EXPECT_NE(std::string(e.what()).find("max_input_bytes"), std::string::npos);
    }
  }
}

// ---- the graph of a streamed read ------------------------------------------------------

/// build_graph(read_X) against stream_X into a stream_builder: bit for bit.
template <class Stream>
void expect_same_graph(const message_log& whole, const onakit::build_options& opt, Stream&& stream, std::size_t chunk) {
  SCOPED_TRACE("chunk_messages=" + std::to_string(chunk));
  const onakit::build_result a = onakit::build_graph(whole, opt);
  onakit::stream_builder sb(opt);
  const message_log rest = stream([&](const message_log& c) { sb.add(c); }, chunk);
  const onakit::build_result b = std::move(sb).finish(rest);
  ASSERT_EQ(a.graph.num_vertices(), b.graph.num_vertices());
  ASSERT_EQ(a.graph.num_edges(), b.graph.num_edges());
  const auto oa = a.graph.out_offsets(), ob = b.graph.out_offsets();
  EXPECT_TRUE(std::equal(oa.begin(), oa.end(), ob.begin()));
  const auto ta = a.graph.out_targets(), tb = b.graph.out_targets();
  EXPECT_TRUE(std::equal(ta.begin(), ta.end(), tb.begin()));
  const auto wa = a.graph.out_weights(), wb = b.graph.out_weights();
  std::size_t differ = 0;
  for (std::size_t k = 0; k < wa.size(); ++k) differ += wa[k] != wb[k];  // ==, not a tolerance
  EXPECT_EQ(differ, 0u);
  EXPECT_EQ(a.graph.labels(), b.graph.labels());
  EXPECT_EQ(a.report.messages_used, b.report.messages_used);
  EXPECT_EQ(a.report.pairs_used, b.report.pairs_used);
}

TEST(StreamGraphRealData, StreamedReadsGiveBuildGraphsGraph) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  ONAKIT_REQUIRE_DATA("enron-mbox/enron.skilling-j.sent.mbox");
  ONAKIT_REQUIRE_DATA("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz");
  onakit::build_options split;
  split.weighting = onakit::weighting::split;
  onakit::build_options count;
  const auto csv = onakit::testing::data_file("radoslaw_email/communication.csv");
  auto co = radoslaw_options();
  co.group_rows_by = onakit::row_grouping::sender_time;
  const message_log csv_log = onakit::read_email_csv(csv, co);
  const auto eu = onakit::testing::data_file("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz");
  onakit::edgelist_options eo;
  eo.third = onakit::third_column::time;
  const message_log eu_log = onakit::read_edgelist(eu, eo);
  const auto mb = onakit::testing::data_file("enron-mbox/enron.skilling-j.sent.mbox");
  onakit::mbox_options mo;
  mo.errors = onakit::error_policy::skip;
  const message_log mb_log = onakit::read_mbox(mb, mo);
  for (const std::size_t c : {std::size_t{7}, std::size_t{1000}, onakit::default_chunk_messages}) {
    for (const auto& opt : {split, count}) {
      expect_same_graph(csv_log, opt, [&](const message_sink& s, std::size_t n) { return onakit::stream_email_csv(csv, co, s, n); }, c);
      expect_same_graph(eu_log, opt, [&](const message_sink& s, std::size_t n) { return onakit::stream_edgelist(eu, eo, s, n); }, c);
      expect_same_graph(mb_log, opt, [&](const message_sink& s, std::size_t n) { return onakit::stream_mbox(mb, mo, s, n); }, c);
    }
  }
}

}  // namespace
