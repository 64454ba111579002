#pragma once
/// \file graph.hpp
/// The immutable communication graph: weighted compressed sparse rows (CSR)
/// holding both out- and in-adjacency.
///
/// Layout (n people, m ties):
///   out_offsets[n+1], out_targets[m], out_weights[m]   -- sorted by target
///   in_offsets[n+1],  in_sources[m],  in_edges[m]      -- sorted by source;
///                                                        in_edges[k] is the out-index of that tie
/// so a directed tie costs 4+8 (out) + 4+4 (in) = 20 bytes, plus 8 bytes per
/// person for the offsets. An undirected graph stores each tie in both
/// endpoints' out-lists (a self-tie once) and shares them as in-lists: 24
/// bytes per tie.
///
/// Ids are dense 0..n-1; `labels()` holds the people's identifier strings
/// when the graph came from a message log. The graph models Boost.Graph's
/// concepts through <onakit/graph/bgl.hpp>; kernels use the raw spans.
///
/// Build it with build_graph() (from messages, <onakit/graph/builder.hpp>)
/// or make_graph() (from a tie table, <onakit/graph/make_graph.hpp>).

#include <onakit/detail/shared.hpp>
#include <onakit/errors.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

class graph {
 public:
  /// The empty graph (no people).
  graph() = default;

  /// Takes CSR out-adjacency whose rows are sorted by target without
  /// duplicates and derives the in-adjacency. For an undirected graph the
  /// rows must be symmetric (each tie in both rows, a self-tie once).
  /// Complexity O(n + m).
  graph(bool directed, std::vector<edge_id> out_offsets, std::vector<vertex_id> out_targets,
        std::vector<weight_t> out_weights)
      : directed_(directed),
        out_offsets_(std::move(out_offsets)),
        out_targets_(std::move(out_targets)),
        out_weights_(std::move(out_weights)) {
    if (out_offsets_.empty()) out_offsets_.push_back(0);
    if (out_targets_.size() != out_weights_.size() || out_offsets_.back() != out_targets_.size())
      throw invalid_option("graph: CSR arrays of inconsistent sizes");
    const auto n = num_vertices();
    if (directed_) {
      in_offsets_.assign(static_cast<std::size_t>(n) + 1, 0);
      for (const vertex_id t : out_targets_) ++in_offsets_[static_cast<std::size_t>(t) + 1];
      std::partial_sum(in_offsets_.begin(), in_offsets_.end(), in_offsets_.begin());
      in_sources_.resize(out_targets_.size());
      in_edges_.resize(out_targets_.size());
      std::vector<edge_id> pos(in_offsets_.begin(), in_offsets_.end() - 1);
      for (vertex_id u = 0; u < n; ++u)
        for (edge_id e = out_offsets_[u]; e < out_offsets_[u + 1]; ++e) {
          const edge_id p = pos[out_targets_[e]]++;
          in_sources_[p] = u;
          in_edges_[p] = e;
        }
      num_ties_ = static_cast<edge_id>(out_targets_.size());
    } else {
      std::size_t self = 0;
      for (vertex_id u = 0; u < n; ++u)
        for (edge_id e = out_offsets_[u]; e < out_offsets_[u + 1]; ++e) self += out_targets_[e] == u;
      num_ties_ = static_cast<edge_id>((out_targets_.size() + self) / 2);
    }
  }

  [[nodiscard]] bool directed() const noexcept { return directed_; }
  /// Number of people (vertices), including people without ties.
  [[nodiscard]] vertex_id num_vertices() const noexcept {
    return static_cast<vertex_id>(out_offsets_.size() - 1);
  }
  /// Number of ties: directed ties, or undirected ties counted once (a
  /// self-tie once). What the Python `Graph.num_ties` and reports count.
  [[nodiscard]] edge_id num_ties() const noexcept { return num_ties_; }
  /// Same as num_ties(). Beware: the BGL free function `num_edges(g)`
  /// (<onakit/graph/bgl.hpp>) counts *arcs* (num_arcs()), as BGL iterates
  /// them; prefer num_ties() / num_arcs(), which say which one they count.
  [[nodiscard]] edge_id num_edges() const noexcept { return num_ties_; }
  /// Number of entries in the out-adjacency, i.e. the arcs BGL sees (==
  /// num_ties() when directed; 2*num_ties() - self-ties when undirected).
  [[nodiscard]] edge_id num_arcs() const noexcept { return static_cast<edge_id>(out_targets_.size()); }

  // ---- per person -------------------------------------------------------
  [[nodiscard]] std::span<const vertex_id> out_neighbors(vertex_id v) const noexcept {
    return {out_targets_.data() + out_offsets_[v], out_targets_.data() + out_offsets_[v + 1]};
  }
  [[nodiscard]] std::span<const weight_t> out_weights(vertex_id v) const noexcept {
    return {out_weights_.data() + out_offsets_[v], out_weights_.data() + out_offsets_[v + 1]};
  }
  /// Sources of ties into v (== out_neighbors(v) when undirected).
  [[nodiscard]] std::span<const vertex_id> in_neighbors(vertex_id v) const noexcept {
    if (!directed_) return out_neighbors(v);
    return {in_sources_.data() + in_offsets_[v], in_sources_.data() + in_offsets_[v + 1]};
  }
  /// Out-indices of the ties into v, for their weights.
  [[nodiscard]] std::span<const edge_id> in_edge_ids(vertex_id v) const noexcept {
    return {in_edges_.data() + in_offsets_[v], in_edges_.data() + in_offsets_[v + 1]};
  }
  [[nodiscard]] edge_id out_degree(vertex_id v) const noexcept { return out_offsets_[v + 1] - out_offsets_[v]; }
  [[nodiscard]] edge_id in_degree(vertex_id v) const noexcept {
    return directed_ ? in_offsets_[v + 1] - in_offsets_[v] : out_degree(v);
  }
  /// Weight of the tie u -> v, or 0 if there is none. O(log out_degree(u)).
  [[nodiscard]] weight_t weight(vertex_id u, vertex_id v) const noexcept {
    const auto row = out_neighbors(u);
    const auto it = std::lower_bound(row.begin(), row.end(), v);
    if (it == row.end() || *it != v) return 0.0;
    return out_weights_[out_offsets_[u] + static_cast<edge_id>(it - row.begin())];
  }
  [[nodiscard]] bool has_edge(vertex_id u, vertex_id v) const noexcept {
    const auto row = out_neighbors(u);
    return std::binary_search(row.begin(), row.end(), v);
  }

  // ---- raw CSR arrays, for kernels and zero-copy export ----------------
  [[nodiscard]] std::span<const edge_id> out_offsets() const noexcept { return out_offsets_; }
  [[nodiscard]] std::span<const vertex_id> out_targets() const noexcept { return out_targets_; }
  [[nodiscard]] std::span<const weight_t> out_weights() const noexcept { return out_weights_; }
  /// In-adjacency arrays; empty for an undirected graph (use the out arrays).
  [[nodiscard]] std::span<const edge_id> in_offsets() const noexcept { return in_offsets_; }
  [[nodiscard]] std::span<const vertex_id> in_sources() const noexcept { return in_sources_; }
  [[nodiscard]] std::span<const edge_id> in_edges() const noexcept { return in_edges_; }

  // ---- labels and provenance -------------------------------------------
  /// find()'s answer for a label that names nobody (== onakit::null_vertex).
  static constexpr vertex_id npos = null_vertex;

  /// People's identifier strings (empty if the graph was built from ids).
  [[nodiscard]] const std::vector<std::string>& labels() const noexcept { return labels_; }
  /// Sets the labels (one per person, or none). O(1) beyond the move.
  /// Throws invalid_option for a wrong count.
  void set_labels(std::vector<std::string> labels) {
    if (!labels.empty() && labels.size() != num_vertices())
      throw invalid_option("graph::set_labels: " + std::to_string(labels.size()) + " labels for " +
                           std::to_string(num_vertices()) + " people");
    labels_ = std::move(labels);
    // find()'s index is built on first use, so building a graph pays nothing for it.
    label_index_ = labels_.empty() ? detail::shared<label_index>{} : detail::shared<label_index>::make();
  }
  /// The person whose label is exactly `label` (no trimming or case
  /// folding: onakit::label_matcher in <onakit/labels.hpp> applies the
  /// lenient rule of group keys and HR tables), or `graph::npos` when none
  /// is (or the graph has no labels). With repeated labels, the lowest id.
  /// O(log n), binary search in an index of the labels built by the first
  /// call (O(n log n), thread-safe; copies of the graph share it).
  /// \code
  ///   const onakit::vertex_id v = g.find("17");
  ///   if (v != onakit::graph::npos) std::cout << g.out_degree(v);
  /// \endcode
  [[nodiscard]] vertex_id find(std::string_view label) const {
    if (!label_index_) return npos;
    const auto& order = label_order();
    const auto it = std::lower_bound(order.begin(), order.end(), label,
                                     [&](vertex_id v, std::string_view x) { return labels_[v] < x; });
    return it != order.end() && labels_[*it] == label ? *it : npos;
  }
  /// Earliest and latest timestamp of the messages that made the graph.
  [[nodiscard]] std::pair<timestamp_t, timestamp_t> time_span() const noexcept { return time_span_; }
  void set_time_span(std::pair<timestamp_t, timestamp_t> span) noexcept { time_span_ = span; }

  /// Bytes held by the adjacency arrays (labels not included).
  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    return (out_offsets_.capacity() + in_offsets_.capacity() + in_edges_.capacity()) * sizeof(edge_id) +
           (out_targets_.capacity() + in_sources_.capacity()) * sizeof(vertex_id) +
           out_weights_.capacity() * sizeof(weight_t);
  }

 private:
  bool directed_ = true;
  edge_id num_ties_ = 0;
  std::vector<edge_id> out_offsets_{0};
  std::vector<vertex_id> out_targets_;
  std::vector<weight_t> out_weights_;
  std::vector<edge_id> in_offsets_{};
  std::vector<vertex_id> in_sources_;
  std::vector<edge_id> in_edges_;
  std::vector<std::string> labels_;
  /// find()'s index: ids sorted by label (ties by id), built on first use and
  /// then read-only. Shared by copies (their labels are equal); set_labels()
  /// starts a new one. detail::shared and an atomic pointer rather than
  /// std::shared_ptr and std::call_once keep <memory> and <mutex> out of this
  /// header, which every TU includes (compile time, detail/shared.hpp).
  struct label_index {
    std::vector<vertex_id>* order = nullptr;  // published once by label_order()
    label_index() = default;
    label_index(const label_index&) = delete;
    label_index& operator=(const label_index&) = delete;
    ~label_index() { delete order; }
  };
  /// The index, built by the first caller; threads that race here each sort
  /// and one publishes (the others drop theirs), so no lock is needed.
  const std::vector<vertex_id>& label_order() const {
    std::vector<vertex_id>*& slot = label_index_->order;
    if (const auto* order = detail::atomic_load_acquire(slot)) return *order;
    std::vector<vertex_id> sorted(labels_.size());
    std::iota(sorted.begin(), sorted.end(), vertex_id{0});
    std::sort(sorted.begin(), sorted.end(), [&](vertex_id a, vertex_id b) {
      const int c = labels_[a].compare(labels_[b]);
      return c < 0 || (c == 0 && a < b);
    });
    auto* built = new std::vector<vertex_id>(std::move(sorted));
    std::vector<vertex_id>* expected = nullptr;
    if (detail::atomic_publish(slot, expected, built)) return *built;
    delete built;
    return *expected;
  }
  detail::shared<label_index> label_index_;
  std::pair<timestamp_t, timestamp_t> time_span_{no_time, no_time};
};

}  // namespace onakit
