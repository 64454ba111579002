#include <onakit/silo/partition_compare.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace {

using labels = std::vector<std::uint32_t>;
constexpr double tol = 1e-12;

TEST(ComparePartitions, IdenticalUpToRenaming) {
  const labels a{0, 0, 1, 1, 2}, b{7, 7, 3, 3, 9};
  const auto s = onakit::compare_partitions(a, b);
  EXPECT_NEAR(s.nmi, 1.0, tol);
  EXPECT_NEAR(s.ami, 1.0, tol);
  EXPECT_NEAR(s.ari, 1.0, tol);
  EXPECT_EQ(s.blocks_a, 3u);
  EXPECT_EQ(s.blocks_b, 3u);
}

TEST(ComparePartitions, HandComputedIndependentSplit) {
  // a = {01}{23}, b = {02}{13}: every cell of the table is 1, so MI = 0.
  const labels a{0, 0, 1, 1}, b{0, 1, 0, 1};
  const auto s = onakit::compare_partitions(a, b);
  EXPECT_NEAR(s.nmi, 0.0, tol);
  // Pairs (ordered, i != j): sum n_ij^2 = 4, so tp = 4 - 4 = 0; fp = fn = 4*2 - 4 = 4;
  // tn = 16 - 4 - 4 - 4 = 4. ARI = 2 (0*4 - 4*4) / ((0+4)(4+4) + (0+4)(4+4)) = -32/64.
  EXPECT_NEAR(s.ari, -0.5, tol);
  // E[MI]: each of the 4 cells (a_i = b_j = 2, N = 4) sums over n = 1, 2:
  //   n = 1: log(4*1/(2*2)) = 0;  n = 2: (2/4) log(4*2/4) * P(n=2), P = C(2,2)C(2,0)/C(4,2) = 1/6
  // so E[MI] = 4 * (1/2)(log 2)(1/6) = log(2)/3; H(a) = H(b) = log 2.
  // AMI = (0 - log2/3) / (log2 - log2/3) = -1/2.
  EXPECT_NEAR(s.expected_mutual_information, std::log(2.0) / 3.0, tol);
  EXPECT_NEAR(s.ami, -0.5, tol);
}

TEST(ComparePartitions, HandComputedNested) {
  // a = {01}{23}, b = {012}{3}: table (0,0)=2, (1,0)=1, (1,1)=1; rows 2,2; columns 3,1.
  const labels a{0, 0, 1, 1}, b{0, 0, 0, 1};
  const auto s = onakit::compare_partitions(a, b);
  // MI = 2/4 log(4*2/(2*3)) + 1/4 log(4/(2*3)) + 1/4 log(4/(2*1))
  const double mi = 0.5 * std::log(4.0 / 3.0) + 0.25 * std::log(2.0 / 3.0) + 0.25 * std::log(2.0);
  const double ha = std::log(2.0);
  const double hb = -(0.75 * std::log(0.75) + 0.25 * std::log(0.25));
  EXPECT_NEAR(s.mutual_information, mi, tol);
  EXPECT_NEAR(s.nmi, mi / ((ha + hb) / 2), tol);
  // sum n^2 = 6 -> tp = 2; fp = (2*3 + 1*3 + 1*1) - 6 = 4; fn = (2*2 + 1*2 + 1*2) - 6 = 2;
  // tn = 16 - 4 - 2 - 6 = 4. ARI = 2 (2*4 - 2*4) / (...) = 0.
  EXPECT_NEAR(s.ari, 0.0, tol);
}

TEST(ComparePartitions, SklearnEdgeCases) {
  const labels one(6, 4), split{0, 0, 1, 1, 2, 2};
  auto s = onakit::compare_partitions(one, one);  // both a single block: a perfect match
  EXPECT_EQ(s.nmi, 1.0);
  EXPECT_EQ(s.ami, 1.0);
  EXPECT_EQ(s.ari, 1.0);
  s = onakit::compare_partitions(one, split);  // one single block: no information
  EXPECT_EQ(s.nmi, 0.0);
  EXPECT_EQ(s.ami, 0.0);
  EXPECT_EQ(s.ari, 0.0);
  s = onakit::compare_partitions(labels{}, labels{});
  EXPECT_EQ(s.nmi, 1.0);
  EXPECT_EQ(s.ari, 1.0);
  EXPECT_THROW((void)onakit::compare_partitions(one, labels{1, 2}), onakit::invalid_option);
}

TEST(ComparePartitions, SymmetricAndThreadIndependent) {
  labels a(3000), b(3000);
  for (std::uint32_t i = 0; i < 3000; ++i) a[i] = (i * 7919u) % 61u, b[i] = (i * 104729u + i / 50u) % 53u;  // 61 x 53 blocks: the E[MI] loop runs in parallel
  const auto s1 = onakit::compare_partitions(a, b, {.threads = 1});
  const auto s2 = onakit::compare_partitions(a, b, {.threads = 2});
  const auto t = onakit::compare_partitions(b, a, {.threads = 1});
  EXPECT_EQ(s1.ami, s2.ami);
  EXPECT_EQ(s1.nmi, s2.nmi);
  EXPECT_NEAR(s1.nmi, t.nmi, 1e-12);
  EXPECT_NEAR(s1.ami, t.ami, 1e-12);
  EXPECT_NEAR(s1.ari, t.ari, 1e-12);
}

}  // namespace
