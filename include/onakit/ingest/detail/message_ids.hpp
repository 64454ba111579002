#pragma once
// Message-ID handling for the mail readers: the ids of Message-ID,
// In-Reply-To and References fields, and the set that finds duplicates.

#include <onakit/ingest/detail/mail_text.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace onakit::inline v0_1::detail {

/// The first `<id>` of a field (or the trimmed text when there is no `<`).
inline std::string_view first_msg_id(std::string_view v) {
  const auto lt = find_byte(v, '<');
  if (lt != std::string_view::npos) {
    const auto gt = find_byte(v, '>', lt + 1);
    if (gt != std::string_view::npos) return trim(v.substr(lt + 1, gt - lt - 1));
  }
  v = trim(v);
  const auto sp = v.find_first_of(" \t\r\n");
  return sp == std::string_view::npos ? v : v.substr(0, sp);
}

/// All ids of a References field, without `<>`, space-separated.
inline std::string all_msg_ids(std::string_view v) {
  std::string out;
  std::size_t i = 0;
  while (true) {
    const auto lt = v.find('<', i);
    if (lt == std::string_view::npos) break;
    const auto gt = v.find('>', lt + 1);
    if (gt == std::string_view::npos) break;
    const std::string_view id = trim(v.substr(lt + 1, gt - lt - 1));
    if (!id.empty() && id.find_first_of(" \t\r\n") == std::string_view::npos) {
      if (!out.empty()) out.push_back(' ');
      out.append(id);
    }
    i = gt + 1;
  }
  return out;
}

/// The Message-IDs kept so far, as 128-bit fingerprints in an open-addressing
/// table: 16 bytes a slot, at most 3/4 full, so about 16-32 bytes per distinct
/// id whatever the id's length. The ids themselves are not kept: a duplicate
/// check over a whole archive is the one thing an mbox stream must remember
/// per message (issue #16: memory grows with people and ties), and a copy of
/// every id (~50 bytes plus a 24-byte slot) was most of a streamed 1 GB mbox's
/// growth. Two independent 64-bit hashes (libstdc++'s murmur and FNV-1a,
/// finished with a 64-bit mixer) make a false "duplicate" need both to
/// collide: about n^2 / 2^129, i.e. never for any archive there is.
class message_id_set {
 public:
  /// Adds a non-empty `id`; false if it was there already.
  bool insert(std::string_view id) {
    if (4 * (size_ + 1) > 3 * slots_.size()) grow();
    const slot f = fingerprint(id);
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = f.a & mask;
    for (; !slots_[i].empty(); i = (i + 1) & mask)
      if (slots_[i].a == f.a && slots_[i].b == f.b) return false;
    slots_[i] = f;
    ++size_;
    return true;
  }

  /// The number of distinct ids added.
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  struct slot {
    std::uint64_t a = 0, b = 0;  // b == 0: empty (fingerprint() never makes b 0)
    [[nodiscard]] bool empty() const noexcept { return b == 0; }
  };

  static std::uint64_t mix(std::uint64_t x) noexcept {  // MurmurHash3's fmix64
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
  }
  static slot fingerprint(std::string_view id) noexcept {
    std::uint64_t fnv = 0xcbf29ce484222325ULL;
    for (const char c : id) fnv = (fnv ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    const auto a = static_cast<std::uint64_t>(std::hash<std::string_view>{}(id));
    return {a, mix(fnv ^ id.size()) | 1};
  }
  void grow() {
    std::vector<slot> old(std::max<std::size_t>(256, 2 * slots_.size()));
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const slot& e : old) {
      if (e.empty()) continue;
      std::size_t i = e.a & mask;
      while (!slots_[i].empty()) i = (i + 1) & mask;
      slots_[i] = e;
    }
  }

  std::vector<slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace onakit::detail
