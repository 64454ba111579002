#include <onakit/ingest/detail/label_cache.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using onakit::detail::label_cache;

std::string address(int k) {
  // Every fifth address is longer than the entry's inline key.
  // Appended piece by piece (operator+ chains trip a GCC 12 -Wrestrict false positive).
  std::string a = "p";
  a.append(std::to_string(k));
  if (k % 5 == 0) a.append(60, 'x');
  a.append("@dept").append(std::to_string(k % 7)).append(".example");
  return a;
}

// Entries are found again by their bytes, never confused with another key,
// and stay at the same address while the table grows.
TEST(LabelCache, FindsEveryKeyAgainThroughGrowth) {
  label_cache cache(nullptr);
  std::vector<label_cache::entry*> first;
  for (int k = 0; k < 5000; ++k) {
    const std::string a = address(k);
    label_cache::entry& e = cache.peek(a);
    EXPECT_EQ(e.label, a);
    EXPECT_TRUE(e.why.empty());
    first.push_back(&e);
  }
  EXPECT_EQ(cache.size(), 5000u);
  for (int k = 4999; k >= 0; --k) {
    const std::string a = address(k);  // a fresh buffer: equality is by bytes
    ASSERT_EQ(&cache.peek(a), first[static_cast<std::size_t>(k)]) << a;
    ASSERT_EQ(first[static_cast<std::size_t>(k)]->label, a);
  }
  EXPECT_EQ(cache.size(), 5000u);
  // The prefetching lookup gives the same entry.
  const std::string a = address(1234);
  EXPECT_EQ(&cache.peek(a, cache.prefetch(a)), first[1234]);
}

TEST(LabelCache, AppliesIdentityRulesOnceAndInternsOnFirstUse) {
  onakit::identity_options o;
  o.internal_domains = {"x.org"};
  o.exclude = {"noreply@*"};
  const onakit::identities rules(o);
  label_cache cache(&rules);
  onakit::message_log log;
  auto& kept = cache.peek("  Ann@X.org ");
  EXPECT_EQ(kept.label, "ann@x.org");
  EXPECT_TRUE(kept.why.empty());
  EXPECT_EQ(kept.id, onakit::null_vertex);  // resolved, not interned yet
  EXPECT_EQ(cache.peek("noreply@x.org").why, "excluded");
  EXPECT_EQ(cache.peek("bob@elsewhere.com").why, "external");
  EXPECT_EQ(log.num_people(), 0u);
  EXPECT_EQ(cache.id(log, kept), 0u);
  EXPECT_EQ(cache.id(log, cache.peek("  Ann@X.org ")), 0u);
  EXPECT_EQ(log.num_people(), 1u);
  // A different raw spelling is a different key that resolves to the same label.
  EXPECT_EQ(cache.id(log, cache.peek("ANN@x.org")), 0u);
}

// The readers' person cache applies the one bad_identifier rule even
// without identity rules (moved here from identities_test with the removed
// person_resolver, which only that test used).
TEST(LabelCache, BadAddressIsDroppedWithoutRules) {
  using namespace std::string_literals;
  label_cache cache(nullptr);
  EXPECT_EQ(cache.peek("b\0@x.org"s).why, "bad address");
  EXPECT_TRUE(cache.peek(" ann@x.org ").why.empty());
}

}  // namespace
