// Hand-computed checks of modularity and assortativity (silo/modularity.hpp).
// The Python tests compare the same functions with networkx on real data.
#include <onakit/silo/modularity.hpp>

#include <gtest/gtest.h>

#include "silo/silo_examples.hpp"

namespace {

using namespace onakit::testing::silo;

TEST(SiloModularity, HandComputed) {
  // Undirected, m = 11: A 4/11 - (11/22)^2, B 2/11 - (8/22)^2, C 1/11 - (3/22)^2
  // (C's self-tie counts twice in its degree 1 + 2) -> (308 - 194)/484.
  EXPECT_NEAR(onakit::modularity(undirected_example(), undirected_groups, 3), 114.0 / 484, tol);
  // Resolution 0.5: 308/484 - 97/484.
  EXPECT_NEAR(onakit::modularity(undirected_example(), undirected_groups, 3, {.resolution = 0.5}), 211.0 / 484,
              tol);
  // Directed, m = 9: A 3/9 - 6*5/81, B 1/9 - 3*4/81 -> -6/81.
  EXPECT_NEAR(onakit::modularity(directed_example(), directed_groups, 2), -6.0 / 81, tol);
  EXPECT_THROW((void)onakit::modularity(directed_example(), directed_groups, 2, {.resolution = -1}),
               onakit::invalid_option);
}

TEST(SiloAssortativity, HandComputed) {
  // Arc counts: AA 6, AB 1, BA 1, BB 2, BC 1, CB 1, CC 1 (sum 13); rows 7,4,2.
  // r = (9/13 - 69/169) / (1 - 69/169) = 48/100.
  EXPECT_NEAR(onakit::assortativity(undirected_example(), undirected_groups, 3), 0.48, tol);
}

}  // namespace
