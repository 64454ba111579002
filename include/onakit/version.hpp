#pragma once
/// \file version.hpp
/// onakit's version: the one place it is written. CMake's
/// `project(onakit VERSION ...)` reads it from here; pyproject.toml repeats
/// it and tests/python/test_version.py checks that every copy agrees (with
/// onakit.__version__ too).
///
///   \#include <onakit/version.hpp>
///   \#if ONAKIT_VERSION >= 100  // 0.1.0 or later
///
/// Every onakit header declares its names in the inline namespace
/// `onakit::v0_1` (ONAKIT_ABI, written out as
/// `namespace onakit::inline v0_1 {`), so code uses `onakit::graph` as
/// always while the linker sees `onakit::v0_1::graph`: two onakit versions
/// with incompatible layouts linked into one program then have different
/// symbols instead of silently mixing one version's inline functions with
/// the other's. The name changes with every release that may break
/// compatibility (every minor release before 1.0, as the CMake package
/// promises SameMinorVersion), and scripts/check_layers.py checks that every
/// header opens its namespace this way, with the name that matches this file.

#define ONAKIT_VERSION_MAJOR 0
#define ONAKIT_VERSION_MINOR 1
#define ONAKIT_VERSION_PATCH 0

/// major * 10000 + minor * 100 + patch, as {fmt} does: 0.1.0 is 100.
#define ONAKIT_VERSION (ONAKIT_VERSION_MAJOR * 10000 + ONAKIT_VERSION_MINOR * 100 + ONAKIT_VERSION_PATCH)

/// The version as text, "major.minor.patch".
#define ONAKIT_VERSION_STRING "0.1.0"

/// The inline namespace every header opens (see the file summary).
#define ONAKIT_ABI v0_1

namespace onakit::inline v0_1 {

/// The version of the onakit headers this code was compiled with.
struct version_info {
  int major, minor, patch;
  const char* text;
};

/// onakit's version, e.g. `onakit::version.text` is "0.1.0".
inline constexpr version_info version{ONAKIT_VERSION_MAJOR, ONAKIT_VERSION_MINOR, ONAKIT_VERSION_PATCH,
                                      ONAKIT_VERSION_STRING};

}  // namespace onakit
