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

/// True when run by CI (CI set and not "0"/"false"): a missing data set is then an error.
inline bool in_ci() {
  const char* ci = std::getenv("CI");
  if (ci == nullptr) return false;
  const std::string v = ci;
  return !(v.empty() || v == "0" || v == "false" || v == "no");
}

}  // namespace onakit::testing

/// Skips the current test, with a clear message, when a data file is absent;
/// fails it in CI, where a green run must not hide a missing data folder.
#define ONAKIT_REQUIRE_DATA(relative)                                                          \
  do {                                                                                         \
    if (!std::filesystem::exists(::onakit::testing::data_file(relative))) {                    \
      if (::onakit::testing::in_ci())                                                          \
        GTEST_FAIL() << "real data set not found: " << ::onakit::testing::data_file(relative) \
                     << " (CI requires the shared/data folder)";                               \
      GTEST_SKIP() << "real data set not found: " << ::onakit::testing::data_file(relative)    \
                   << " (set ONAKIT_DATA_DIR to the shared/data folder)";                      \
    }                                                                                          \
  } while (0)
