// Hand-computed checks of boundary spanners (silo/boundary.hpp).
// The Python tests compare the same functions with networkx on real data.
#include <onakit/graph/builder.hpp>
#include <onakit/silo/boundary.hpp>

#include <gtest/gtest.h>

#include "silo/silo_examples.hpp"

#include <cmath>

namespace {

using namespace onakit::testing::silo;

TEST(SiloBoundary, HandComputed) {
  for (const int threads : {1, 2}) {
    const auto r = onakit::boundary_spanners(undirected_example(), undirected_groups, 3, {.threads = threads});
    // A-B is only 2-3, B-C only 4-5: each endpoint is a sole bridge of one pair.
    EXPECT_EQ(r.sole_bridge_pairs, (codes{0, 0, 1, 1, 1, 1, 0}));
    // ... listed by pair (A-B, then B-C), then person
    EXPECT_EQ(r.sole_bridge_person, (ids{2, 3, 4, 5}));
    EXPECT_EQ(r.sole_bridge_group_a, (codes{0, 0, 1, 1}));
    EXPECT_EQ(r.sole_bridge_group_b, (codes{1, 1, 2, 2}));
    EXPECT_EQ(r.groups_reached, (codes{0, 0, 1, 1, 1, 1, 0}));
    EXPECT_NEAR(r.external_share[2], 3.0 / 5, tol);
    EXPECT_NEAR(r.external_share[4], 1.0 / 3, tol);
    EXPECT_NEAR(r.external_share[5], 1.0, tol);
    EXPECT_TRUE(std::isnan(r.external_share[6]));
    // Brokerage: 1-2-3 and 0-2-3 are open (A,A,B): representative both ways?
    // Broker 2, a->2->c open with a in {0,1}, c = 3: representative x2;
    // 3->2->a: gatekeeper x2 (B,A,A).
    EXPECT_EQ(r.roles.representative[2], 2u);
    EXPECT_EQ(r.roles.gatekeeper[2], 2u);
  }
  // A second A-B tie 1-4 removes the sole bridges of A-B.
  const ids s{0, 1, 0, 2, 3, 4, 1}, t{1, 2, 2, 3, 4, 5, 4};
  const auto g = onakit::make_graph(6, s, t, {}, false);
  const auto r = onakit::boundary_spanners(g, codes{0, 0, 0, 1, 1, 2}, 3);
  EXPECT_EQ(r.sole_bridge_pairs, (codes{0, 0, 0, 0, 1, 1}));
  EXPECT_EQ(r.sole_bridge_person, (ids{4, 5}));  // only B-C (4-5) is left with sole bridges
  EXPECT_EQ(r.sole_bridge_group_a, (codes{1, 1}));
  EXPECT_EQ(r.groups_reached[4], 2u);
}

}  // namespace
