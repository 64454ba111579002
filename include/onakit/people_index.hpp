#pragma once
/// \file people_index.hpp
/// Interns people's identifier strings into dense vertex ids.
///
/// Ids are given in order of first appearance, so the same input always gives
/// the same ids (no dependence on hash seeds or thread timing).

#include <onakit/errors.hpp>
#include <onakit/types.hpp>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace onakit {

class people_index {
 public:
  /// The id of `label`, adding it if new. O(1) expected.
  vertex_id intern(std::string_view label) {
    auto it = ids_.find(label);
    if (it != ids_.end()) return it->second;
    if (labels_.size() >= static_cast<std::size_t>(null_vertex))
      throw capacity_error("more than 4'294'967'294 people");
    const auto id = static_cast<vertex_id>(labels_.size());
    labels_.emplace_back(label);
    ids_.emplace(labels_.back(), id);
    return id;
  }

  /// The id of `label`, or null_vertex if unknown.
  [[nodiscard]] vertex_id find(std::string_view label) const {
    auto it = ids_.find(label);
    return it == ids_.end() ? null_vertex : it->second;
  }

  [[nodiscard]] const std::string& label(vertex_id v) const { return labels_.at(v); }
  [[nodiscard]] const std::vector<std::string>& labels() const noexcept { return labels_; }
  [[nodiscard]] std::size_t size() const noexcept { return labels_.size(); }
  void reserve(std::size_t n) {
    labels_.reserve(n);
    ids_.reserve(n);
  }

 private:
  struct hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  // Keys are copies, not views into labels_: labels_ may reallocate (and
  // short strings live inside the std::string object itself).
  std::unordered_map<std::string, vertex_id, hash, std::equal_to<>> ids_;
  std::vector<std::string> labels_;
};

}  // namespace onakit
