// The version macros (version.hpp) agree with each other and with the
// version CMake read from them (ONAKIT_TEST_PROJECT_VERSION, set by
// tests/CMakeLists.txt); tests/python/test_version.py checks pyproject.toml
// and onakit.__version__. Every name lives in the versioned inline
// namespace, so `onakit::graph` is `onakit::v0_1::graph`.
#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/version.hpp>

#include <gtest/gtest.h>

#include <string>
#include <type_traits>

#define ONAKIT_TEST_STR2(x) #x
#define ONAKIT_TEST_STR(x) ONAKIT_TEST_STR2(x)

namespace {

TEST(Version, MacrosAgree) {
  EXPECT_EQ(ONAKIT_VERSION, ONAKIT_VERSION_MAJOR * 10000 + ONAKIT_VERSION_MINOR * 100 + ONAKIT_VERSION_PATCH);
  const std::string parts = std::to_string(ONAKIT_VERSION_MAJOR) + "." + std::to_string(ONAKIT_VERSION_MINOR) + "." +
                            std::to_string(ONAKIT_VERSION_PATCH);
  EXPECT_EQ(parts, ONAKIT_VERSION_STRING);
  EXPECT_EQ(parts, onakit::version.text);
  EXPECT_EQ(onakit::version.major, ONAKIT_VERSION_MAJOR);
  EXPECT_EQ(onakit::version.minor, ONAKIT_VERSION_MINOR);
  EXPECT_EQ(onakit::version.patch, ONAKIT_VERSION_PATCH);
  EXPECT_EQ(std::string(ONAKIT_TEST_PROJECT_VERSION), ONAKIT_VERSION_STRING);
}

TEST(Version, InlineNamespaceMatchesTheVersion) {
  // ONAKIT_ABI is v<major>_<minor> before 1.0 (each minor release may break
  // compatibility), v<major> after.
  const std::string abi = ONAKIT_TEST_STR(ONAKIT_ABI);
  const std::string want = ONAKIT_VERSION_MAJOR == 0
                               ? "v0_" + std::to_string(ONAKIT_VERSION_MINOR)
                               : "v" + std::to_string(ONAKIT_VERSION_MAJOR);
  EXPECT_EQ(abi, want);
  static_assert(std::is_same_v<onakit::graph, onakit::ONAKIT_ABI::graph>);
  static_assert(std::is_same_v<onakit::parse_error, onakit::ONAKIT_ABI::parse_error>);
  static_assert(std::is_same_v<onakit::version_info, onakit::ONAKIT_ABI::version_info>);
}

}  // namespace
