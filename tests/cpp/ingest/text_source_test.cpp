#include <onakit/ingest/email_csv.hpp>
#include <onakit/ingest/mbox.hpp>
#include <onakit/ingest/text_source.hpp>
#include <onakit/ingest/text_stream.hpp>

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>
#include <zlib.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;

/// A scratch folder removed at the end of the test.
struct scratch_dir {
  fs::path path = fs::temp_directory_path() / ("onakit_text_source_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                                "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  scratch_dir() { fs::create_directories(path); }
  ~scratch_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

TEST(TextSource, ReadsPlainAndGzipFiles) {
  scratch_dir dir;
  const std::string content = "sender,recipients,timestamp\na,b;c,2024-01-01\n";
  std::ofstream(dir.path / "mail.csv", std::ios::binary) << content;
  EXPECT_EQ(onakit::read_text_file(dir.path / "mail.csv"), content);

  const fs::path gz = dir.path / "mail.csv.GZ";
  gzFile f = gzopen(gz.string().c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, content.data(), static_cast<unsigned>(content.size())), static_cast<int>(content.size()));
  gzclose(f);
  EXPECT_EQ(onakit::read_text_file(gz), content);
  const auto log = onakit::read_email_csv(gz);
  EXPECT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(log.report().source, gz.string());
}

TEST(TextSource, ErrorsNameThePath) {
  scratch_dir dir;
  try {
    (void)onakit::read_text_file(dir.path / "missing.csv");
    FAIL();
  } catch (const onakit::io_error& e) {
    EXPECT_EQ(e.path(), (dir.path / "missing.csv").string());
  }
  EXPECT_THROW((void)onakit::read_text_file(dir.path), onakit::io_error);  // a directory
  std::ofstream(dir.path / "bad.gz", std::ios::binary) << "\x1f\x8b\x08\x00garbage";
  EXPECT_THROW((void)onakit::read_text_file(dir.path / "bad.gz"), onakit::io_error);
  std::ofstream(dir.path / "empty.csv").close();
  EXPECT_EQ(onakit::read_text_file(dir.path / "empty.csv"), "");
  try {
    (void)onakit::read_email_csv(dir.path / "empty.csv");
    FAIL();
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "empty input");
    EXPECT_EQ(e.file(), (dir.path / "empty.csv").string());
  }
}

/// A CSV of `rows` rows, several pages long.
std::string many_rows(int rows) {
  std::string s = "sender,recipients,timestamp\n";
  for (int i = 0; i < rows; ++i) s += "ann" + std::to_string(i % 50) + "@x.org,bob@x.org;cy@x.org,2024-01-01T10:00:00Z\n";
  return s;
}

/// Reads every byte of `v` (the way a parser would); volatile so the reads stay.
std::size_t touch(std::string_view v) {
  std::size_t sum = 0;
  for (std::size_t i = 0; i < v.size(); ++i) sum += static_cast<unsigned char>(static_cast<const volatile char*>(v.data())[i]);
  return sum;
}

// Issue 10: a mapped file truncated by another process while it was parsed
// killed the process with SIGBUS. Now the lost pages read as zeros and the
// reader reports the file as changed.
TEST(TextSource, FileTruncatedWhileMappedIsAnIoError) {
  scratch_dir dir;
  const fs::path p = dir.path / "big.csv";
  std::ofstream(p, std::ios::binary) << many_rows(5000);
  const auto t = onakit::text_source::open(p, /*populate=*/false);
  ASSERT_FALSE(t.truncated());
  fs::resize_file(p, 100);
  EXPECT_GT(touch(t.view()), 0u);  // pages past the new end read as zeros, no signal
  EXPECT_TRUE(t.truncated());
  try {
    t.check();
    FAIL() << "no error for a truncated file";
  } catch (const onakit::io_error& e) {
    EXPECT_EQ(e.path(), p.string());
    EXPECT_NE(std::string(e.what()).find("changed (truncated) while it was read"), std::string::npos) << e.what();
  }
  // A parse error caused by the zeros is reported as the truncation.
  EXPECT_THROW(t.parse([](std::string_view) -> int { throw onakit::parse_error("x", 1, "", "garbage"); }),
               onakit::io_error);
}

/// Truncates every file text_source maps, right after mapping it.
struct truncate_after_mapping {
  truncate_after_mapping() {
    onakit::detail::after_mapping_hook = [](const fs::path& p) { fs::resize_file(p, 0); };
  }
  ~truncate_after_mapping() { onakit::detail::after_mapping_hook = nullptr; }
};

TEST(TextSource, ReadersReportATruncatedFile) {
  scratch_dir dir;
  const fs::path csv = dir.path / "mail.csv";
  std::ofstream(csv, std::ios::binary) << many_rows(20000);  // several chunks: parsed by several threads
  {
    const truncate_after_mapping hook;
    onakit::email_csv_options o;
    o.threads = 4;
    try {
      (void)onakit::read_email_csv(csv, o);
      FAIL() << "no error for a truncated CSV";
    } catch (const onakit::io_error& e) {
      EXPECT_EQ(e.path(), csv.string());
    }
  }
  const fs::path mbox = dir.path / "mail.mbox";
  {
    std::ofstream f(mbox, std::ios::binary);
    for (int i = 0; i < 2000; ++i)
      f << "From a@x.org Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nTo: b@x.org\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nbody\n\n";
  }
  const truncate_after_mapping hook;
  EXPECT_THROW((void)onakit::read_mbox(mbox), onakit::io_error);
}

std::atomic<int> foreign_sigbus{0};
void foreign_handler(int, siginfo_t*, void*) { foreign_sigbus.fetch_add(1); }

// pytest's faulthandler also handles SIGBUS: whichever is installed first,
// onakit's guard handles faults in its mappings and passes anything else on.
TEST(TextSource, GuardChainsToTheOtherSigbusHandler) {
  scratch_dir dir;
  const fs::path p = dir.path / "big.csv";
  struct sigaction saved {};
  ASSERT_EQ(::sigaction(SIGBUS, nullptr, &saved), 0);
  struct sigaction foreign {};
  foreign.sa_sigaction = &foreign_handler;
  foreign.sa_flags = SA_SIGINFO;
  sigemptyset(&foreign.sa_mask);
  for (const bool foreign_first : {true, false}) {
    foreign_sigbus = 0;
    std::ofstream(p, std::ios::binary) << many_rows(5000);
    if (!foreign_first) {
      const auto first = onakit::text_source::open(p, false);  // installs onakit's handler...
      ASSERT_EQ(::sigaction(SIGBUS, &foreign, nullptr), 0);    // ...then another one replaces it
    } else {
      ASSERT_EQ(::sigaction(SIGBUS, &foreign, nullptr), 0);
    }
    const auto t = onakit::text_source::open(p, false);
    fs::resize_file(p, 10);
    (void)touch(t.view());
    EXPECT_TRUE(t.truncated()) << "foreign_first=" << foreign_first;
    EXPECT_EQ(foreign_sigbus.load(), 0);
    ::raise(SIGBUS);  // not a fault in a mapping: passed on
    EXPECT_EQ(foreign_sigbus.load(), 1);
  }
  ASSERT_EQ(::sigaction(SIGBUS, &saved, nullptr), 0);
}

// Issue 10: a small gzip that inflates to a lot, or an endless device, read
// until memory ran out. Now the read stops at max_input_bytes.
TEST(TextSource, StopsAtTheInputLimit) {
  scratch_dir dir;
  const fs::path bomb = dir.path / "bomb.csv.gz";
  {
    gzFile f = gzopen(bomb.string().c_str(), "wb9");
    ASSERT_NE(f, nullptr);
    const std::string zeros(1u << 20, '0');
    for (int i = 0; i < 8; ++i) ASSERT_GT(gzwrite(f, zeros.data(), static_cast<unsigned>(zeros.size())), 0);
    gzclose(f);
  }
  ASSERT_LT(fs::file_size(bomb), 100000u);
  try {
    (void)onakit::read_text_file(bomb, 1u << 20);
    FAIL() << "no error past the limit";
  } catch (const onakit::io_error& e) {
    EXPECT_EQ(e.path(), bomb.string());
    EXPECT_NE(std::string(e.what()).find("1048576"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("max_input_bytes"), std::string::npos) << e.what();
  }
  EXPECT_EQ(onakit::read_text_file(bomb, 8u << 20).size(), 8u << 20);  // exactly at the limit: fine
  EXPECT_EQ(onakit::read_text_file(bomb).size(), 8u << 20);
  onakit::email_csv_options o;
  o.max_input_bytes = 1000;
  EXPECT_THROW((void)onakit::read_email_csv(bomb, o), onakit::io_error);

  const fs::path plain = dir.path / "plain.csv";
  std::ofstream(plain, std::ios::binary) << many_rows(100);
  EXPECT_THROW((void)onakit::read_text_file(plain, 100), onakit::io_error);
  EXPECT_EQ(onakit::read_text_file(plain, fs::file_size(plain)), many_rows(100));

  if (fs::exists("/dev/zero")) {
    try {
      (void)onakit::read_text_file("/dev/zero", 3u << 20);
      FAIL() << "no error for an endless device";
    } catch (const onakit::io_error& e) {
      EXPECT_EQ(e.path(), "/dev/zero");
      EXPECT_NE(std::string(e.what()).find("max_input_bytes"), std::string::npos) << e.what();
    }
  }
}

TEST(TextSource, AFifoWithoutWriterWaitsInterruptibly) {
  // A blocking open() of a FIFO nobody writes to waited for ever, and no
  // signal reliably ended it: the wait is now a poll that asks
  // waiting_interrupted every 100 ms.
  scratch_dir dir;
  const fs::path fifo = dir.path / "mail.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  static std::atomic<int> asked{0};
  asked = 0;
  onakit::detail::waiting_interrupted = [] { return ++asked == 3; };
  EXPECT_THROW((void)onakit::text_source::open(fifo), onakit::interrupted);
  EXPECT_EQ(asked.load(), 3);
  asked = 0;
  EXPECT_THROW((void)onakit::text_stream::open(fifo), onakit::interrupted);  // the streaming readers' open
  EXPECT_EQ(asked.load(), 3);
  onakit::detail::waiting_interrupted = nullptr;
}

}  // namespace
