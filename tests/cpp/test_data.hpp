#pragma once
// Locating the real data sets in ../shared/data for tests.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace onakit::testing {

/// The data folder: $ONAKIT_DATA_DIR, else the one configured at build time.
inline std::filesystem::path data_dir() {
  if (const char* env = std::getenv("ONAKIT_DATA_DIR"); env != nullptr && *env != '\0') return env;
  return ONAKIT_TEST_DATA_DIR;
}

/// Path of a data file, relative to the data folder.
inline std::filesystem::path data_file(const std::string& relative) { return data_dir() / relative; }

}  // namespace onakit::testing

/// Skips the current test, with a clear message, when a data file is absent.
#define ONAKIT_REQUIRE_DATA(relative)                                                     \
  do {                                                                                    \
    if (!std::filesystem::exists(::onakit::testing::data_file(relative)))                 \
      GTEST_SKIP() << "real data set not found: " << ::onakit::testing::data_file(relative) \
                   << " (set ONAKIT_DATA_DIR to the shared/data folder)";                 \
  } while (0)
