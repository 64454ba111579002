#include <onakit/centrality/cores.hpp>
#include <onakit/graph/builder.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;

TEST(Cores, CliqueWithTailAndIsolate) {
  // K4 on 0..3, tail 3-4-5, isolate 6, self-tie 5-5 (ignored).
  const ids s{0, 0, 0, 1, 1, 2, 3, 4, 5}, t{1, 2, 3, 2, 3, 3, 4, 5, 5};
  const auto g = onakit::make_graph(7, s, t, {}, false);
  const auto r = onakit::core_number(g);
  EXPECT_EQ(r.core, (std::vector<std::uint32_t>{3, 3, 3, 3, 1, 1, 0}));
  EXPECT_EQ(r.degeneracy, 3u);
}

TEST(Cores, DirectedDegreeIsInPlusOut) {
  // 0<->1 reciprocated: degree 2 each (as networkx), so both are in the 2-core;
  // 2->0 one way: degree 1.
  const ids s{0, 1, 2}, t{1, 0, 0};
  const auto g = onakit::make_graph(3, s, t);
  EXPECT_EQ(onakit::core_number(g).core, (std::vector<std::uint32_t>{2, 2, 1}));
}

TEST(Cores, PeelsInOrder) {
  // Triangle 0-1-2 whose vertex 2 also holds a 4-clique 2..5 -> 2..5 are the 3-core.
  const ids s{0, 1, 0, 2, 2, 2, 3, 3, 4}, t{1, 2, 2, 3, 4, 5, 4, 5, 5};
  const auto g = onakit::make_graph(6, s, t, {}, false);
  EXPECT_EQ(onakit::core_number(g).core, (std::vector<std::uint32_t>{2, 2, 3, 3, 3, 3}));
}

}  // namespace
