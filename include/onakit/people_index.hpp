#pragma once
/// \file people_index.hpp
/// Interns people's identifier strings into dense vertex ids.
///
/// Ids are given in order of first appearance, so the same input always gives
/// the same ids (no dependence on hash seeds or thread timing).

#include <onakit/detail/string_hash.hpp>
#include <onakit/errors.hpp>
#include <onakit/types.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace onakit::inline v0_1 {

class people_index {
 public:
  /// The id of `label`, adding it if new. O(1) expected.
  /// \throws capacity_error past 4'294'967'294 people.
  vertex_id intern(std::string_view label) {
    if (slots_.empty()) grow(16);
    const std::uint64_t h = detail::string_hash(label);
    const std::size_t i = probe(label, h);
    if (slots_[i].id1 != 0) return slots_[i].id1 - 1;
    if (labels_.size() >= static_cast<std::size_t>(null_vertex) - 1)
      throw capacity_error("more than 4'294'967'294 people");
    const auto id = static_cast<vertex_id>(labels_.size());
    labels_.emplace_back(label);
    hashes_.push_back(h);
    slots_[i] = {static_cast<std::uint32_t>(h >> 32), id + 1};
    if (2 * labels_.size() > slots_.size()) grow(2 * slots_.size());
    return id;
  }

  /// The id of `label`, or null_vertex if unknown. Throws nothing.
  [[nodiscard]] vertex_id find(std::string_view label) const {
    if (slots_.empty()) return null_vertex;
    const slot s = slots_[probe(label, detail::string_hash(label))];
    return s.id1 == 0 ? null_vertex : s.id1 - 1;
  }

  /// The label of id `v`. O(1).
  /// \throws not_found if `v` >= size() (not a person of this index).
  [[nodiscard]] const std::string& label(vertex_id v) const {
    if (v >= labels_.size())
      throw not_found("people_index::label: id " + std::to_string(v) + " is not a person (" +
                      std::to_string(labels_.size()) + " people, ids 0 to size() - 1)");
    return labels_[v];
  }
  [[nodiscard]] const std::vector<std::string>& labels() const noexcept { return labels_; }
  [[nodiscard]] std::size_t size() const noexcept { return labels_.size(); }
  void reserve(std::size_t n) {
    labels_.reserve(n);
    hashes_.reserve(n);
    std::size_t want = 16;
    while (want < 2 * n) want *= 2;
    if (want > slots_.size()) grow(want);
  }

 private:
  // A flat open-addressing table of ids (linear probing, load <= 1/2). Each
  // slot keeps the hash's high half, so a probe rarely touches a label, and
  // the full hashes are kept per id, so growing never hashes a label again.
  struct slot {
    std::uint32_t tag = 0;
    vertex_id id1 = 0;  // 1 + id, 0 = empty
  };

  [[nodiscard]] std::size_t probe(std::string_view label, std::uint64_t h) const noexcept {
    const std::size_t mask = slots_.size() - 1;
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const slot s = slots_[i];
      if (s.id1 == 0 || (s.tag == tag && hashes_[s.id1 - 1] == h && labels_[s.id1 - 1] == label)) return i;
    }
  }

  void grow(std::size_t size) {
    slots_.assign(size, slot{});
    const std::size_t mask = size - 1;
    for (std::size_t id = 0; id < labels_.size(); ++id) {
      std::size_t i = hashes_[id] & mask;
      while (slots_[i].id1 != 0) i = (i + 1) & mask;
      slots_[i] = {static_cast<std::uint32_t>(hashes_[id] >> 32), static_cast<vertex_id>(id + 1)};
    }
  }

  std::vector<slot> slots_;
  std::vector<std::uint64_t> hashes_;  // per id
  std::vector<std::string> labels_;    // per id
};

}  // namespace onakit
