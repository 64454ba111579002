#pragma once
/// \file silo/detail/community_moves.hpp
/// Building blocks shared by Louvain and Leiden (not API): the move gain,
/// local moving (sweeps and the queue-based "fast local move"), aggregation
/// and the final relabelling. See communities.hpp for the algorithms.
///
/// Both objectives share one gain. Moving node v (weight a_v, removed from
/// its community) into community C changes the quality by, up to a positive
/// factor,
///     gain(v, C) = w(v, C) - r * a_v * A_C
/// where w(v, C) is the tie weight between v and C, A_C the summed node
/// weight of C, and
///   - modularity: a_v = strength k_v, r = gamma / 2m  (factor 1/m);
///   - CPM:        a_v = people in v,  r = gamma       (factor 1).
/// Gains are in tie-weight units, as leidenalg's diff_move, which is what the
/// refinement's randomness theta is measured against.

#include <onakit/detail/parallel.hpp>
#include <onakit/detail/random.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/silo/community_quality.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <numeric>
#include <span>
#include <vector>

namespace onakit::inline v0_1::detail {

/// The objective in gain form: node weights a_v and the penalty factor r.
struct gain_model {
  bool cpm = false;
  double r = 0.0;
  [[nodiscard]] double node_weight(const community_graph& cg, vertex_id v) const noexcept {
    return cpm ? cg.size[v] : cg.strength[v];
  }
};

inline gain_model make_gain_model(const community_graph& cg, community_objective obj, double gamma) {
  gain_model gm;
  gm.cpm = obj == community_objective::cpm;
  gm.r = gm.cpm ? gamma : (cg.total > 0 ? gamma / (2.0 * cg.total) : 0.0);
  return gm;
}

/// A uniformly random permutation of 0..n-1 (Fisher–Yates with detail::random).
inline std::vector<vertex_id> random_order(vertex_id n, xoshiro256ss& rng) {
  std::vector<vertex_id> order(n);
  std::iota(order.begin(), order.end(), vertex_id{0});
  for (vertex_id i = n; i > 1; --i) std::swap(order[i - 1], order[rng.uniform_below32(i)]);
  return order;
}

/// The members of each community, grouped (a counting sort): community c's
/// members are members[start[c] .. start[c+1]), in increasing node order.
struct community_members {
  std::vector<std::size_t> start;
  std::vector<vertex_id> members;
  community_members(const std::vector<std::uint32_t>& membership, std::uint32_t k)
      : start(static_cast<std::size_t>(k) + 1, 0), members(membership.size()) {
    for (const auto c : membership) ++start[c + 1];
    for (std::uint32_t c = 0; c < k; ++c) start[c + 1] += start[c];
    std::vector<std::size_t> pos(start.begin(), start.end() - 1);
    for (vertex_id v = 0; v < membership.size(); ++v) members[pos[membership[v]]++] = v;
  }
  [[nodiscard]] std::size_t size(std::uint32_t c) const noexcept { return start[c + 1] - start[c]; }
};

/// State of a partition of a community graph during local moving:
/// membership, summed node weight and node count per community, and a stack
/// of empty community ids (there are n ids, so one is always free).
struct partition_state {
  std::vector<std::uint32_t> membership;
  std::vector<double> weight;
  std::vector<std::uint32_t> count;
  std::vector<std::uint32_t> empty;

  partition_state(const community_graph& cg, const gain_model& gm, std::vector<std::uint32_t> memb)
      : membership(std::move(memb)), weight(cg.n(), 0.0), count(cg.n(), 0) {
    for (vertex_id v = 0; v < cg.n(); ++v) {
      weight[membership[v]] += gm.node_weight(cg, v);
      ++count[membership[v]];
    }
    for (std::uint32_t c = cg.n(); c-- > 0;)
      if (count[c] == 0) empty.push_back(c);
  }

  void move(vertex_id v, std::uint32_t to, double a) {
    const std::uint32_t from = membership[v];
    if (from == to) return;
    weight[from] -= a;
    if (--count[from] == 0) {
      weight[from] = 0.0;  // no drift in empty communities
      empty.push_back(from);
    }
    if (count[to]++ == 0) {  // best_community only picks the top of the stack
      if (empty.back() == to) empty.pop_back();
      else empty.erase(std::find(empty.begin(), empty.end(), to));
    }
    weight[to] += a;
    membership[v] = to;
  }
};

/// The length of the longest row of a community graph.
inline std::size_t longest_row(const community_graph& cg) noexcept {
  std::size_t most = 0;
  for (vertex_id v = 0; v < cg.n(); ++v) most = std::max(most, cg.offsets[v + 1] - cg.offsets[v]);
  return most;
}

/// Sums the weights from v to each neighbouring community (a sparse
/// accumulator reused across calls). Entries not in touched() are 0.
///
/// Two ways to sum a row: tie by tie into the accumulator, or in runs of
/// consecutive ties to one community summed in a register first (no
/// store-to-load round trip per tie, but a mispredicted branch per change of
/// community). Runs win when rows are grouped by community (long runs), ties
/// by tie when neighbours' communities are mixed. Callers pick from the
/// changes counted on earlier rows, so the choice never depends on the
/// thread count.
struct neighbour_weights {
  std::vector<double> w;
  /// For community ids < n, at most `most` of them accumulated at once (a
  /// row's length when rows are collected one at a time).
  explicit neighbour_weights(std::size_t n, std::size_t most = SIZE_MAX)
      : w(n, 0.0), seen_(n, 0), list_(std::min(n, most)) {}

  /// The communities accumulated so far, in order of first appearance.
  [[nodiscard]] std::span<const std::uint32_t> touched() const noexcept { return {list_.data(), count_}; }

  void clear() noexcept {
    for (std::size_t i = 0; i < count_; ++i) w[list_[i]] = 0.0, seen_[list_[i]] = 0;
    count_ = 0;
  }

  /// Accumulates row v alone (community_of(u) == UINT32_MAX skips u);
  /// returns how often the community changes along the row.
  template <class Community>
  std::size_t collect(const community_graph& cg, vertex_id v, Community&& community_of, bool runs = false) {
    clear();
    return add_row(cg, v, community_of, runs);
  }

  /// Adds row v to what is accumulated; returns as collect().
  template <class Community>
  std::size_t add_row(const community_graph& cg, vertex_id v, Community&& community_of, bool runs) {
    // Raw pointers in locals: the char flags would otherwise make the
    // compiler reload every vector's data pointer after each store.
    sink k{w.data(), seen_.data(), list_.data(), count_};
    const std::size_t changes = runs ? add_runs(cg, v, community_of, k) : add_ties(cg, v, community_of, k);
    count_ = k.count;
    return changes;
  }

 private:
  std::vector<unsigned char> seen_;
  std::vector<std::uint32_t> list_;  // room for every community: no capacity checks
  std::size_t count_ = 0;

  struct sink {
    double* w;
    unsigned char* seen;
    std::uint32_t* list;
    std::size_t count;
    void add(std::uint32_t c, double x) noexcept {
      if (c == UINT32_MAX) return;
      if (!seen[c]) seen[c] = 1, list[count++] = c;
      w[c] += x;
    }
  };
  template <class Community>
  static std::size_t add_ties(const community_graph& cg, vertex_id v, Community& community_of, sink& k) {
    const vertex_id* t = cg.targets.data();
    const double* wt = cg.weights.data();
    std::uint32_t prev = UINT32_MAX;
    std::size_t changes = 0;
    for (std::size_t e = cg.offsets[v], end = cg.offsets[v + 1]; e < end; ++e) {
      const std::uint32_t c = community_of(t[e]);
      changes += c != prev;
      prev = c;
      k.add(c, wt[e]);
    }
    return changes;
  }
  template <class Community>
  static std::size_t add_runs(const community_graph& cg, vertex_id v, Community& community_of, sink& k) {
    const vertex_id* t = cg.targets.data();
    const double* wt = cg.weights.data();
    std::uint32_t run_c = UINT32_MAX;
    double run = 0.0;
    std::size_t changes = 0;
    for (std::size_t e = cg.offsets[v], end = cg.offsets[v + 1]; e < end; ++e) {
      const std::uint32_t c = community_of(t[e]);
      if (c != run_c) {
        k.add(run_c, run);
        run_c = c;
        run = 0.0;
        ++changes;
      }
      run += wt[e];
    }
    k.add(run_c, run);
    return changes;
  }
};

/// Whether rows with `changes` changes of community over `ties` ties are
/// better summed in runs (runs longer than 3 on average).
[[nodiscard]] inline bool sum_in_runs(std::size_t changes, std::size_t ties) noexcept { return 3 * changes < ties; }

/// best_community()'s answer "a new, empty community".
inline constexpr std::uint32_t new_community = UINT32_MAX;

/// The best community for v given its neighbour weights: the one of largest
/// gain; v's own community wins ties (no needless moves); new_community
/// (gain 0) when every other choice is negative. Reads `ps` only.
inline std::uint32_t best_community(const gain_model& gm, const partition_state& ps, const neighbour_weights& nw,
                                    std::uint32_t own, double a) {
  const double ra = gm.r * a;
  const double* weight = ps.weight.data();
  double best_gain = nw.w[own] - ra * (weight[own] - a);
  std::uint32_t best = own;
  for (const auto c : nw.touched()) {
    const double gain = nw.w[c] - ra * weight[c];
    if (gain > best_gain && c != own) best_gain = gain, best = c;
  }
  if (best_gain < 0.0 && ps.count[own] > 1) best = new_community;
  return best;
}

/// Louvain's local moving (Blondel et al. 2008): sweeps over the nodes in one
/// seeded random order, moving each to its best community, until a sweep
/// moves nothing. Returns the number of moves.
inline std::size_t sweep_move(const community_graph& cg, const gain_model& gm, partition_state& ps,
                              xoshiro256ss& rng, const interrupt_check& interrupt) {
  const auto order = random_order(cg.n(), rng);
  const std::vector<double>& node_weight = gm.cpm ? cg.size : cg.strength;
  neighbour_weights nw(cg.n(), longest_row(cg));
  std::size_t moves = 0;
  for (;;) {
    std::size_t sweep_moves = 0, polled = 0;
    for (const vertex_id v : order) {
      if ((++polled & 4095) == 0) poll_counting(interrupt, "communities", 4096);
      const std::uint32_t* memb = ps.membership.data();
      nw.collect(cg, v, [memb](vertex_id u) { return memb[u]; });
      const std::uint32_t own = memb[v];
      std::uint32_t to = best_community(gm, ps, nw, own, node_weight[v]);
      if (to == new_community) to = ps.empty.back();
      if (to != own) {
        ps.move(v, to, node_weight[v]);
        ++sweep_moves;
      }
    }
    moves += sweep_moves;
    if (sweep_moves == 0) return moves;
  }
}

/// The weight from each node to the rest of its own community, as the local
/// move last saw it, where still valid (no neighbour moved since): the
/// refinement then need not sum it again.
struct own_community_weights {
  std::vector<double> w;
  std::vector<unsigned char> known;
  void reset(std::size_t n) {
    w.assign(n, 0.0);
    known.assign(n, 0);
  }
};

/// After v moved to community `to`: puts v's neighbours outside `to` that
/// are not queued at the tail of the ring buffer `queue` (capacity n), and
/// forgets every neighbour's weight to its own community.
inline void requeue_neighbours(const community_graph& cg, vertex_id v, std::uint32_t to, const std::uint32_t* memb,
                               std::vector<vertex_id>& queue, std::vector<char>& queued, std::size_t head,
                               std::size_t& size, own_community_weights& own_w) {
  const std::size_t n = queue.size();
  const vertex_id* targets = cg.targets.data();
  unsigned char* known = own_w.known.data();
  for (std::size_t e = cg.offsets[v], end = cg.offsets[v + 1]; e < end; ++e) {
    const vertex_id u = targets[e];
    known[u] = 0;
    if (!queued[u] && memb[u] != to) {
      queued[u] = 1;
      std::size_t tail = head + size;
      if (tail >= n) tail -= n;
      queue[tail] = u;
      ++size;
    }
  }
}

/// Nodes the parallel fast local move evaluates at once: n / 8, at most 4096
/// (few moves of a batch touch a community another move of it changed —
/// about 8% on a 20,000-person org — and there are few synchronisations,
/// which a thread waiting for a time slice on a busy machine makes costly);
/// the batched path runs from 64. A function of the graph, not of the thread
/// count, so the partition does not depend on the number of threads.
inline constexpr std::size_t fast_move_batch_max = 4096;
inline constexpr std::size_t fast_move_batch_min = 64;

/// Leiden's fast local move (Traag, Waltman & van Eck 2019, Alg. A.2): a
/// queue starts with all nodes in seeded random order; a node that moves puts
/// its neighbours outside its new community back on the queue. Returns the
/// number of moves. Leaves in `own_w` each node's weight to the rest of its
/// community where it is still valid.
///
/// On large graphs (at least community_parallel_min_arcs ties and 512
/// nodes) the queue is taken a batch of nodes at a time: their best
/// communities are found in parallel against the partition as it was before
/// the batch, then the moves are applied in queue order. A move whose own or
/// target community another move of the same batch changed is re-evaluated
/// on the spot (as the sequential algorithm would), so every move applied
/// raises the quality. Which path runs depends only on the graph, and each
/// batch's result only on its nodes: the same seed gives the same partition
/// for any thread count.
inline std::size_t fast_move(const community_graph& cg, const gain_model& gm, partition_state& ps,
                             xoshiro256ss& rng, int threads, const interrupt_check& interrupt,
                             own_community_weights& own_w) {
  const vertex_id n = cg.n();
  own_w.reset(n);
  std::vector<vertex_id> queue = random_order(n, rng);  // a ring buffer of capacity n
  std::vector<char> queued(n, 1);
  const std::vector<double>& node_weight = gm.cpm ? cg.size : cg.strength;
  std::size_t head = 0, size = n, moves = 0;
  const std::size_t most = longest_row(cg);
  neighbour_weights nw(n, most);
  std::uint32_t* memb = ps.membership.data();
  const auto advance = [&] {
    const vertex_id v = queue[head];
    head = head + 1 == n ? 0 : head + 1;
    --size;
    queued[v] = 0;
    return v;
  };
  // Changes of community and ties over recent rows, to choose how to sum (see neighbour_weights).
  std::size_t changes = 0, ties = 0;
  const auto apply = [&](vertex_id v, std::uint32_t own, double a) {
    changes += nw.collect(cg, v, [memb](vertex_id u) { return memb[u]; }, sum_in_runs(changes, ties));
    ties += cg.offsets[v + 1] - cg.offsets[v];
    std::uint32_t to = best_community(gm, ps, nw, own, a);
    own_w.known[v] = 1;
    if (to == own) {
      own_w.w[v] = nw.w[own];
      return to;
    }
    if (to == new_community) to = ps.empty.back();
    own_w.w[v] = nw.w[to];  // 0 for an empty community
    ps.move(v, to, a);
    ++moves;
    requeue_neighbours(cg, v, to, memb, queue, queued, head, size, own_w);
    return to;
  };
  const std::size_t batch = std::min<std::size_t>(fast_move_batch_max, n / 8);
  if (cg.targets.size() < community_parallel_min_arcs || batch < fast_move_batch_min) {
    std::size_t polled = 0;
    while (size > 0) {
      if ((++polled & 4095) == 0) poll_counting(interrupt, "communities", 4096);
      if ((polled & 255) == 0) changes /= 2, ties /= 2;  // recent rows weigh more
      const vertex_id v = advance();
      apply(v, memb[v], node_weight[v]);
    }
    return moves;
  }
  std::vector<std::uint32_t> changed(n, 0);  // the last batch that changed a community
  std::vector<vertex_id> nodes(batch);
  std::vector<std::uint32_t> proposal(batch);
  std::vector<std::size_t> row_changes(batch);
  std::vector<double> stay_w(batch);
  std::vector<neighbour_weights> scratch;
  scratch.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) scratch.emplace_back(t == 0 ? 0 : n, most);
  [[maybe_unused]] const bool par = threads > 1;
  std::uint32_t batch_id = 0;
  while (size > 0) {
    poll_counting(interrupt, "communities", batch);
    const std::size_t b = std::min(batch, size);
    for (std::size_t i = 0; i < b; ++i) nodes[i] = advance();
    ++batch_id;
    const auto sb = static_cast<std::int64_t>(b);
    const bool runs = sum_in_runs(changes, ties);  // from the previous batch
    ONAKIT_OMP(parallel num_threads(threads) if (par))
    {
      const auto t = static_cast<std::size_t>(detail::thread_index());
      neighbour_weights& local = t == 0 ? nw : scratch[t];
      ONAKIT_OMP(for schedule(dynamic, 16))
      for (std::int64_t si = 0; si < sb; ++si) {
        const auto i = static_cast<std::size_t>(si);
        const vertex_id v = nodes[i];
        row_changes[i] = local.collect(cg, v, [memb](vertex_id u) { return memb[u]; }, runs);
        proposal[i] = best_community(gm, ps, local, memb[v], node_weight[v]);
        stay_w[i] = local.w[memb[v]];
      }
    }
    changes = ties = 0;
    for (std::size_t i = 0; i < b; ++i) {
      const vertex_id v = nodes[i];
      changes += row_changes[i], ties += cg.offsets[v + 1] - cg.offsets[v];
      // As of before the batch; a move below forgets it for the mover's neighbours.
      own_w.w[v] = stay_w[i];
      own_w.known[v] = 1;
    }
    for (std::size_t i = 0; i < b; ++i) {
      const vertex_id v = nodes[i];
      const std::uint32_t own = memb[v];
      std::uint32_t to = proposal[i];
      if (to == own) continue;
      const double a = node_weight[v];
      if (changed[own] == batch_id || (to != new_community && changed[to] == batch_id)) {
        to = apply(v, own, a);  // re-evaluated against the current partition
        if (to == own) continue;
      } else {
        if (to == new_community) to = ps.empty.back();
        ps.move(v, to, a);
        ++moves;
        own_w.known[v] = 0;  // its weight to `to` may be stale: an earlier move of the batch
        requeue_neighbours(cg, v, to, memb, queue, queued, head, size, own_w);
      }
      changed[own] = changed[to] = batch_id;
    }
  }
  return moves;
}

/// Renumbers community ids to 0..k-1 in order of first appearance; returns k.
inline std::uint32_t compact(std::vector<std::uint32_t>& membership) {
  std::vector<std::uint32_t> map(membership.size(), UINT32_MAX);
  std::uint32_t k = 0;
  for (auto& c : membership) {
    if (map[c] == UINT32_MAX) map[c] = k++;
    c = map[c];
  }
  return k;
}

/// The graph whose nodes are the k communities of `membership` (ids 0..k-1):
/// weights between communities summed, the weight inside a community becomes
/// its self-loop. Rows are built in parallel into per-thread buffers, each
/// row in a fixed order (its members in node order, neighbours in order of
/// first appearance), then copied into place: the result does not depend on
/// the thread count. O(n + m).
inline community_graph aggregate(const community_graph& cg, const std::vector<std::uint32_t>& membership,
                                 std::uint32_t k, int threads) {
  const community_members cm(membership, k);
  const bool par = threads > 1 && cg.targets.size() >= community_parallel_min_arcs;
  const int team = par ? threads : 1;
  community_graph ag;
  ag.self.assign(k, 0.0);
  ag.strength.assign(k, 0.0);
  ag.size.assign(k, 0.0);
  ag.offsets.assign(static_cast<std::size_t>(k) + 1, 0);
  std::vector<std::vector<vertex_id>> buf_targets(static_cast<std::size_t>(team));
  std::vector<std::vector<double>> buf_weights(static_cast<std::size_t>(team));
  std::vector<std::uint32_t> row_buf(k);
  std::vector<std::size_t> row_at(k);
  const auto sk = static_cast<std::int64_t>(k);
  const std::uint32_t* memb = membership.data();
  ONAKIT_OMP(parallel num_threads(team) if (par))
  {
    const auto t = static_cast<std::uint32_t>(detail::thread_index());
    auto& out_t = buf_targets[t];
    auto& out_w = buf_weights[t];
    out_t.reserve(cg.targets.size() / (4 * static_cast<std::size_t>(team)) + 16);
    out_w.reserve(out_t.capacity());
    neighbour_weights nw(k);
    ONAKIT_OMP(for schedule(dynamic, 16))
    for (std::int64_t sc = 0; sc < sk; ++sc) {
      const auto c = static_cast<std::uint32_t>(sc);
      double self = 0.0, strength = 0.0, size = 0.0;
      std::size_t changes = 0, ties = 0;  // per community, so independent of the schedule
      nw.clear();
      for (std::size_t i = cm.start[c]; i < cm.start[c + 1]; ++i) {
        const vertex_id v = cm.members[i];
        self += cg.self[v];
        strength += cg.strength[v];
        size += cg.size[v];
        changes += nw.add_row(cg, v, [memb](vertex_id u) { return memb[u]; }, sum_in_runs(changes, ties));
        ties += cg.offsets[v + 1] - cg.offsets[v];
      }
      const double inside = nw.w[c];
      row_buf[c] = t;
      row_at[c] = out_t.size();
      for (const auto d : nw.touched()) {
        if (d == c) continue;
        out_t.push_back(d);
        out_w.push_back(nw.w[d]);
      }
      ag.offsets[c + 1] = out_t.size() - row_at[c];
      ag.self[c] = self + inside / 2.0;  // each inside tie is seen from both ends
      ag.strength[c] = strength;
      ag.size[c] = size;
    }
  }
  for (std::uint32_t c = 0; c < k; ++c) ag.offsets[c + 1] += ag.offsets[c];
  ag.targets.resize(ag.offsets[k]);
  ag.weights.resize(ag.offsets[k]);
  ONAKIT_OMP(parallel for schedule(static) num_threads(team) if (par))
  for (std::int64_t sc = 0; sc < sk; ++sc) {
    const auto c = static_cast<std::size_t>(sc);
    const std::size_t len = ag.offsets[c + 1] - ag.offsets[c];
    std::copy_n(buf_targets[row_buf[c]].data() + row_at[c], len, ag.targets.data() + ag.offsets[c]);
    std::copy_n(buf_weights[row_buf[c]].data() + row_at[c], len, ag.weights.data() + ag.offsets[c]);
  }
  ag.total = cg.total;
  return ag;
}

/// Splits every community into its connected components (breadth-first
/// search inside each community, in parallel over communities). Never lowers
/// either objective: a community with no tie between two parts loses nothing
/// inside and pays a smaller penalty when split. `membership` holds ids
/// 0..k-1; returns the new number of communities, ids renumbered in order of
/// first appearance (so unchanged when every community is connected).
inline std::uint32_t split_disconnected(const community_graph& cg, std::vector<std::uint32_t>& membership,
                                        std::uint32_t k, int threads) {
  const vertex_id n = cg.n();
  const community_members cm(membership, k);
  std::vector<std::uint32_t> part(n, UINT32_MAX);  // component of v inside its community, 0..
  [[maybe_unused]] const bool par = threads > 1 && cg.targets.size() >= community_parallel_min_arcs;
  const std::uint32_t* memb = membership.data();
  const auto sk = static_cast<std::int64_t>(k);
  ONAKIT_OMP(parallel num_threads(threads) if (par))
  {
    std::vector<vertex_id> stack;
    ONAKIT_OMP(for schedule(dynamic, 1))
    for (std::int64_t sc = 0; sc < sk; ++sc) {
      const auto c = static_cast<std::uint32_t>(sc);
      std::uint32_t parts = 0;
      for (std::size_t i = cm.start[c]; i < cm.start[c + 1]; ++i) {
        const vertex_id s = cm.members[i];
        if (part[s] != UINT32_MAX) continue;
        part[s] = parts;
        stack.push_back(s);
        while (!stack.empty()) {
          const vertex_id v = stack.back();
          stack.pop_back();
          for (std::size_t e = cg.offsets[v]; e < cg.offsets[v + 1]; ++e) {
            const vertex_id u = cg.targets[e];
            // Membership first: part[u] of another community belongs to the
            // thread splitting that one (reading it was a data race, TSan).
            if (memb[u] == c && part[u] == UINT32_MAX) part[u] = parts, stack.push_back(u);
          }
        }
        ++parts;
      }
    }
  }
  // Renumber (community, component) pairs by first appearance; a community's
  // components are numbered by their smallest member, so the order matches.
  std::vector<std::uint32_t> first(k, UINT32_MAX), id(n);
  std::uint32_t next = 0;
  for (vertex_id v = 0; v < n; ++v) {
    const std::uint32_t c = membership[v];
    if (part[v] == 0) {
      if (first[c] == UINT32_MAX) first[c] = next++;
      membership[v] = first[c];
    } else {
      // A later component of c: its own id, allocated at its first member.
      const std::size_t key = cm.start[c] + part[v];  // < start[c + 1]: at most size(c) components
      if (id[key] == 0) id[key] = ++next;
      membership[v] = id[key] - 1;
    }
  }
  return next;
}

/// Renumbers communities 0..k-1 by size (people) descending, ties by their
/// smallest member.
inline void order_by_size(std::vector<std::uint32_t>& membership, std::uint32_t k) {
  std::vector<std::uint64_t> size(k, 0);
  std::vector<vertex_id> first(k, null_vertex);
  for (vertex_id v = 0; v < membership.size(); ++v) {
    ++size[membership[v]];
    first[membership[v]] = std::min(first[membership[v]], v);
  }
  std::vector<std::uint32_t> ids(k);
  std::iota(ids.begin(), ids.end(), 0u);
  std::sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) {
    return size[a] != size[b] ? size[a] > size[b] : first[a] < first[b];
  });
  std::vector<std::uint32_t> rank(k);
  for (std::uint32_t i = 0; i < k; ++i) rank[ids[i]] = i;
  for (auto& c : membership) c = rank[c];
}

}  // namespace onakit::detail
