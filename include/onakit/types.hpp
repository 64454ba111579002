#pragma once
/// \file types.hpp
/// The vocabulary every onakit header shares: vertex and edge ids, weights and
/// UTC timestamps.

#include <cstdint>
#include <limits>

namespace onakit::inline v0_1 {

/// Dense id of a person (a vertex of the communication graph), 0 .. n-1.
using vertex_id = std::uint32_t;

/// Index of a directed tie in the CSR arrays. 32 bits keep the graph at
/// 20-24 bytes per tie; a graph with more than 4'294'967'294 ties is refused
/// with a capacity_error rather than silently truncated.
using edge_id = std::uint32_t;

/// Tie weight (message count, split count, decayed count, ...).
using weight_t = double;

/// A point in time: microseconds since 1970-01-01T00:00:00Z (UTC).
/// Microseconds keep Slack's `ts` exact and convert to numpy datetime64[us].
using timestamp_t = std::int64_t;

/// Marks a message without a timestamp.
inline constexpr timestamp_t no_time = std::numeric_limits<timestamp_t>::min();

/// Marks "no vertex" in parent arrays and similar.
inline constexpr vertex_id null_vertex = std::numeric_limits<vertex_id>::max();

inline constexpr timestamp_t microseconds_per_second = 1'000'000;

/// Group code of a person without a group (departments, teams: see silo/ and
/// brokerage). Such a person is never a group of their own: ties and
/// two-paths touching them are left out of every group-level count.
inline constexpr std::uint32_t no_group = std::numeric_limits<std::uint32_t>::max();

}  // namespace onakit
