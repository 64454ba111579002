#include <onakit/ingest/email_csv.hpp>
#include <onakit/ingest/text_source.hpp>

#include <gtest/gtest.h>

#include <zlib.h>

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

}  // namespace
