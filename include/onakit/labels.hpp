#pragma once
/// \file labels.hpp
/// onakit's one label-matching rule: how a key someone typed (a group key, an
/// HR table's id or e-mail) finds a person among a graph's or log's labels.
///
/// A key matches a person when, both trimmed of surrounding white space
/// (match_text()), their texts are equal; else when they are equal ignoring
/// ASCII case (`"Ann@X.org"` matches `"ann@x.org"`). An empty key matches
/// nobody. When several people share a text, the first one (lowest id) wins.
/// Every face uses it: onakit::group_codes and onakit::join_people in C++,
/// and through them Python's `groups=` keywords and `ona.read_people` (which
/// first turn their typed keys into text: `17` and `17.0` become `"17"`).
///
/// graph::find() is the exact lookup (no trimming, no case folding).
///
/// \code
///   const onakit::label_matcher m(g.labels());
///   const std::size_t v = m.find(" ANN@corp.example ");  // label_matcher::npos if nobody
/// \endcode
///
/// Complexity: building O(total label length); find() O(key length) expected
/// (two hash tables). Memory: two copies of the labels.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace onakit::inline v0_1 {

/// `s` without surrounding white space (space, tab, CR, LF, FF, VT): the
/// text under which a label or key matches.
[[nodiscard]] inline std::string_view match_text(std::string_view s) noexcept {
  constexpr std::string_view ws = " \t\r\n\f\v";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

/// Finds keys among labels by the rule of the file comment.
class label_matcher {
 public:
  /// find()'s answer when no label matches.
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  /// Indexes `labels` (positions 0 .. size-1). Empty labels match nothing.
  explicit label_matcher(std::span<const std::string> labels) {
    exact_.reserve(labels.size());
    folded_.reserve(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const std::string_view t = match_text(labels[i]);
      if (t.empty()) continue;
      exact_.emplace(std::string(t), i);  // emplace keeps the first: the lowest position wins
      folded_.emplace(fold(t), i);
    }
  }

  /// Position of the label matching `key`, or npos (also for an empty key).
  [[nodiscard]] std::size_t find(std::string_view key) const {
    const std::string_view t = match_text(key);
    if (t.empty()) return npos;
    if (const auto it = exact_.find(std::string(t)); it != exact_.end()) return it->second;
    if (const auto it = folded_.find(fold(t)); it != folded_.end()) return it->second;
    return npos;
  }

  /// `s` in lower case (ASCII letters only; other bytes, UTF-8 included, as they are).
  [[nodiscard]] static std::string fold(std::string_view s) {
    std::string out(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }

 private:
  std::unordered_map<std::string, std::size_t> exact_, folded_;
};

}  // namespace onakit
