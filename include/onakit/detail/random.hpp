#pragma once
/// \file detail/random.hpp
/// A small, portable pseudo-random generator for onakit's seeded generators.
///
/// Not API. We do not use `<random>`'s distributions (their algorithms are
/// left to each standard library, so the same seed gives different numbers
/// with libstdc++, libc++ and MSVC) nor libm transcendental functions (whose
/// last bits differ between libms). Everything here is integer arithmetic,
/// plus one exact integer-to-double conversion, so a seed gives the same
/// stream on every platform.
///
/// - Seeding: splitmix64 (Steele, Lea & Flood, "Fast splittable pseudorandom
///   number generators", OOPSLA 2014) expands (seed, stream) into the state.
/// - Generator: xoshiro256** (Blackman & Vigna, "Scrambled linear
///   pseudorandom number generators", ACM TOMS 2021), period 2^256 - 1.
/// - uniform_below(n): Lemire's multiply-and-reject, so every value in [0, n)
///   is exactly equally likely (no modulo bias), with ~1 draw per call.

#include <cstdint>
#include <limits>

namespace onakit::inline v0_1::detail {

/// One step of splitmix64: advances `state` and returns a well-mixed word.
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  state += 0x9E3779B97F4A7C15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// xoshiro256** seeded through splitmix64. Models
/// UniformRandomBitGenerator, but use the member helpers below rather than
/// std:: distributions when results must be reproducible across platforms.
class xoshiro256ss {
 public:
  using result_type = std::uint64_t;

  /// Seeds from `seed`; different `stream`s give independent-looking
  /// sequences for the same seed (used to keep, e.g., an organisation's
  /// structure fixed when only its message volume changes).
  explicit constexpr xoshiro256ss(std::uint64_t seed = 0, std::uint64_t stream = 0) noexcept {
    std::uint64_t sm = seed;
    std::uint64_t st = stream;
    sm ^= splitmix64(st);  // distinct streams start from distinct splitmix states
    for (auto& w : s_) w = splitmix64(sm);
    // The all-zero state is the one fixed point; splitmix64 never yields four
    // zero words in a row, but guard it anyway.
    if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;
  }

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  constexpr result_type operator()() noexcept { return next(); }

  /// The next 64 random bits.
  constexpr std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform integer in [0, n); n must be > 0. Unbiased: Lemire's
  /// multiply-and-reject ("Fast random integer generation in an interval",
  /// ACM TOMACS 2019) — the high word of r*n, rejecting the 2^64 mod n low
  /// words that would bias it. Division only on the rare rejection path.
  constexpr std::uint64_t uniform_below(std::uint64_t n) noexcept {
    std::uint64_t hi = 0;
    std::uint64_t lo = mul128(next(), n, hi);
    if (lo < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (lo < threshold) lo = mul128(next(), n, hi);
    }
    return hi;
  }

  /// uniform_below for 32-bit ranges, returning 32 bits.
  constexpr std::uint32_t uniform_below32(std::uint32_t n) noexcept {
    return static_cast<std::uint32_t>(uniform_below(n));
  }

  /// True with probability num/den (exactly, as a rational).
  constexpr bool chance(std::uint64_t num, std::uint64_t den) noexcept {
    return uniform_below(den) < num;
  }

  /// Uniform double in [0, 1) with 53 random bits; the conversion is exact.
  constexpr double uniform01() noexcept {
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
  }

 private:
  /// Full 64x64 -> 128-bit product: returns the low word, stores the high
  /// word. Portable 32-bit-limb arithmetic (MSVC has no __int128); compilers
  /// turn it into one multiply instruction on 64-bit targets.
  static constexpr std::uint64_t mul128(std::uint64_t a, std::uint64_t b, std::uint64_t& hi) noexcept {
    const std::uint64_t a_lo = a & 0xFFFFFFFFULL, a_hi = a >> 32;
    const std::uint64_t b_lo = b & 0xFFFFFFFFULL, b_hi = b >> 32;
    const std::uint64_t p0 = a_lo * b_lo, p1 = a_lo * b_hi, p2 = a_hi * b_lo, p3 = a_hi * b_hi;
    const std::uint64_t mid = (p0 >> 32) + (p1 & 0xFFFFFFFFULL) + (p2 & 0xFFFFFFFFULL);
    hi = p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
    return (mid << 32) | (p0 & 0xFFFFFFFFULL);
  }
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
    return (x << k) | (x >> (64 - k));
  }
  std::uint64_t s_[4]{};
};

}  // namespace onakit::detail
