#pragma once
// A fast 64-bit hash of a byte string for the in-memory tables of people and
// labels (not for anything that leaves the process: it is not stable across
// versions and not keyed; pseudonyms use HMAC-SHA256).

#include <cstdint>
#include <cstring>
#include <string_view>

namespace onakit::inline v0_1::detail {

/// Eight bytes a step, murmur-style mixing; the length is folded in first.
[[nodiscard]] inline std::uint64_t string_hash(std::string_view s) noexcept {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ (s.size() * 0xff51afd7ed558ccdULL);
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t k;
    std::memcpy(&k, p, 8);
    h = (h ^ (k * 0x87c37b91114253d5ULL));
    h = ((h << 31) | (h >> 33)) * 0x4cf5ad432745937fULL;
    p += 8;
    n -= 8;
  }
  std::uint64_t k = 0;
  std::memcpy(&k, p, n);
  h ^= k * 0x87c37b91114253d5ULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 29;
  return h;
}

}  // namespace onakit::detail
