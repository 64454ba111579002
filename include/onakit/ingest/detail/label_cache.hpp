#pragma once
// label_cache: raw identifier text -> resolved person (identity rules) and,
// on first use, its dense id. The one person cache of every reader (the row
// stage message_rows.hpp, the JSON readers, edge lists). The readers' hot
// path: one lookup per sender and per recipient, so it is laid out for the
// cache. It holds raw addresses and dies with the reader.

#include <onakit/detail/string_hash.hpp>
#include <onakit/detail/strings.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace onakit::inline v0_1::detail {

/// Resolves and interns labels. Resolution (identity rules) and interning
/// are separate steps, so a row that is refused after its people were
/// resolved leaves no trace in the log. Entries never move: references
/// returned by peek() stay valid for the cache's lifetime.
class label_cache {
 public:
  /// One distinct raw label. Keys up to `inline_key` bytes live inside the
  /// entry, so a lookup that hits touches the slot table and this entry only
  /// (profiling showed the key comparison against a separate arena as the
  /// reader's largest cost: each was a cache miss).
  struct entry {
    static constexpr std::size_t inline_key = 48;
    std::uint64_t hash = 0;
    std::uint32_t key_size = 0;
    vertex_id id = null_vertex;  ///< interned on first use
    std::string_view why;        ///< drop reason (a string literal), empty if kept
    std::string_view label;      ///< the stored label
    union {
      char bytes[inline_key];    ///< key_size <= inline_key
      const char* pointer;       ///< else: the key in the cache's own storage
    } key{};

    [[nodiscard]] const char* key_data() const noexcept {
      return key_size <= inline_key ? key.bytes : key.pointer;
    }
  };
  static_assert(sizeof(entry) == 96);

  explicit label_cache(const identities* rules) : rules_(rules) { slots_.assign(1024, slot{0, 0}); }

  label_cache(const label_cache&) = delete;
  label_cache& operator=(const label_cache&) = delete;

  /// The resolution of a raw label (no interning). References stay valid.
  entry& peek(std::string_view raw) { return peek(raw, hash(raw)); }

  /// Starts loading the slot of `raw` and returns its hash for peek(raw, h).
  /// A reader that knows a row's labels in advance calls this for all of
  /// them first, so their cache misses overlap instead of queueing.
  [[nodiscard]] std::uint64_t prefetch(std::string_view raw) const noexcept {
    const std::uint64_t h = hash(raw);
    __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
    return h;
  }
  /// Second stage of prefetch(): once the slot is loaded, starts loading the
  /// entry it most likely names.
  void prefetch_entry(std::uint64_t h) const noexcept {
    const slot s = slots_[h & (slots_.size() - 1)];
    if (s.index1 != 0 && s.tag == static_cast<std::uint32_t>(h >> 32))
      __builtin_prefetch(&blocks_[(s.index1 - 1) >> block_bits][(s.index1 - 1) & ((std::size_t{1} << block_bits) - 1)]);
  }

  /// peek() with the hash already computed by prefetch().
  entry& peek(std::string_view raw, std::uint64_t h) {
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const slot s = slots_[i];
      if (s.index1 == 0) break;
      if (s.tag != tag) continue;
      entry& e = at(s.index1 - 1);
      if (e.hash == h && e.key_size == raw.size() && std::memcmp(e.key_data(), raw.data(), raw.size()) == 0)
        return e;
    }
    return insert(raw, h);
  }

  /// The id of a kept entry, interning it on first use.
  vertex_id id(message_log& log, entry& e) {
    if (e.id == null_vertex) e.id = log.intern(e.label);
    return e.id;
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  /// Whether error messages mask input values (a pseudonymize_key is set).
  [[nodiscard]] bool masks_values() const noexcept { return rules_ != nullptr && rules_->masks_values(); }
  /// The rules (null = none).
  [[nodiscard]] const identities* rules() const noexcept { return rules_; }

 private:
  struct slot {
    std::uint32_t tag;     // high half of the hash: most misses never touch an entry
    std::uint32_t index1;  // 1 + entry index, 0 = empty
  };
  static constexpr std::size_t block_bits = 10;  // 1024 entries (96 KiB) a block

  static std::uint64_t hash(std::string_view s) noexcept { return string_hash(s); }

  entry& at(std::size_t k) noexcept {
    return blocks_[k >> block_bits][k & ((std::size_t{1} << block_bits) - 1)];
  }

  entry& insert(std::string_view raw, std::uint64_t h) {
    if ((size_ >> block_bits) == blocks_.size())
      blocks_.push_back(std::make_unique<entry[]>(std::size_t{1} << block_bits));
    entry& e = at(size_);
    ++size_;
    e.hash = h;
    e.key_size = static_cast<std::uint32_t>(raw.size());
    if (raw.size() <= entry::inline_key) std::memcpy(e.key.bytes, raw.data(), raw.size());
    else e.key.pointer = long_keys_.emplace_back(raw).data();
    const std::string_view key(e.key_data(), raw.size());
    if (rules_ != nullptr) {
      auto r = rules_->resolve(raw);  // applies bad_identifier() itself
      e.why = r.drop_reason;
      if (r.kept()) e.label = owned_.emplace_back(std::move(r.label));
    } else if (bad_identifier(raw)) {
      e.why = bad_address;  // the one rule of identities.hpp; readers report it as a bad record
    } else {
      e.label = trim(key);  // a view into the entry's own key: no copy
    }
    if (2 * size_ > slots_.size()) grow();
    else place(size_);
    return e;
  }

  void place(std::size_t index1) {
    const std::size_t mask = slots_.size() - 1;
    const std::uint64_t h = at(index1 - 1).hash;
    std::size_t i = h & mask;
    while (slots_[i].index1 != 0) i = (i + 1) & mask;
    slots_[i] = {static_cast<std::uint32_t>(h >> 32), static_cast<std::uint32_t>(index1)};
  }
  void grow() {
    slots_.assign(slots_.size() * 2, slot{0, 0});
    for (std::size_t k = 1; k <= size_; ++k) place(k);
  }

  const identities* rules_;
  std::vector<slot> slots_;
  std::vector<std::unique_ptr<entry[]>> blocks_;
  std::size_t size_ = 0;
  std::deque<std::string> long_keys_;  // keys longer than entry::inline_key
  std::deque<std::string> owned_;      // labels made by the identity rules
};

}  // namespace onakit::detail
