// Hand-computed checks of insularity and conductance (silo/cohesion.hpp).
// The Python tests compare the same functions with networkx on real data.
#include <onakit/silo/cohesion.hpp>

#include <gtest/gtest.h>

#include "silo/silo_examples.hpp"

namespace {

using namespace onakit::testing::silo;

TEST(SiloCohesion, HandComputed) {
  const auto u = onakit::group_cohesion(undirected_example(), undirected_groups, 3);
  EXPECT_NEAR(u.insularity[0], 4.0 / 7, tol);
  EXPECT_NEAR(u.insularity[1], 2.0 / 6, tol);
  EXPECT_NEAR(u.insularity[2], 0.0, tol);
  EXPECT_NEAR(u.org_insularity, 6.0 / 10, tol);
  // Volumes: A 3+3+5 = 11, B 5+3 = 8, C 1+2 = 3 (of 22); cuts 3, 4, 1.
  EXPECT_NEAR(u.conductance[0], 3.0 / 11, tol);
  EXPECT_NEAR(u.conductance[1], 4.0 / 8, tol);
  EXPECT_NEAR(u.conductance[2], 1.0 / 3, tol);
  // Directed, out+in volumes: A 1+4 + 5+1 = 11, B 1+3 + 2+1 = 7; cut 3+2.
  const auto d = onakit::group_cohesion(directed_example(), directed_groups, 2);
  EXPECT_NEAR(d.conductance[0], 5.0 / 7, tol);
  EXPECT_NEAR(d.conductance[1], 5.0 / 7, tol);
  EXPECT_NEAR(d.insularity[0], 3.0 / 8, tol);
}

}  // namespace
