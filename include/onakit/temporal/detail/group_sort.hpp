#pragma once
// Ordering events by small integer keys, then by time: a stable counting
// sort per key (O(n + k) each, message order kept), then a check that each
// run is already in time order, sorting only the runs that are not. Logs are
// usually in time order, so this is linear where std::sort is O(n log n).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace onakit::inline v0_1::detail {

/// Stable counting sort of `items` by key_of(item) in [0, k).
template <class T, class KeyOf>
void stable_counting_sort(std::vector<T>& items, std::size_t k, KeyOf key_of) {
  std::vector<std::size_t> start(k + 1, 0);
  for (const T& x : items) ++start[static_cast<std::size_t>(key_of(x)) + 1];
  for (std::size_t i = 1; i <= k; ++i) start[i] += start[i - 1];
  std::vector<T> out(items.size());
  for (const T& x : items) out[start[static_cast<std::size_t>(key_of(x))]++] = x;
  items.swap(out);
}

/// Within each run of equal same_run(a, b) items, sorts by time_of unless
/// the run is in order already.
template <class T, class SameRun, class TimeOf>
void sort_runs_by_time(std::vector<T>& items, SameRun same_run, TimeOf time_of) {
  const auto earlier = [&](const T& a, const T& b) { return time_of(a) < time_of(b); };
  for (std::size_t i = 0; i < items.size();) {
    std::size_t j = i + 1;
    bool sorted = true;
    for (; j < items.size() && same_run(items[i], items[j]); ++j)
      if (time_of(items[j]) < time_of(items[j - 1])) sorted = false;
    if (!sorted)
      std::sort(items.begin() + static_cast<std::ptrdiff_t>(i), items.begin() + static_cast<std::ptrdiff_t>(j), earlier);
    i = j;
  }
}

}  // namespace onakit::inline v0_1::detail
