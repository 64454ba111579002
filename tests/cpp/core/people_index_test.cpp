#include <onakit/people_index.hpp>

#include <gtest/gtest.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace {

TEST(PeopleIndex, IdsInOrderOfFirstAppearance) {
  onakit::people_index p;
  EXPECT_EQ(p.find("a"), onakit::null_vertex);  // empty index
  EXPECT_EQ(p.intern("b"), 0u);
  EXPECT_EQ(p.intern("a"), 1u);
  EXPECT_EQ(p.intern("b"), 0u);
  EXPECT_EQ(p.intern(""), 2u);  // the empty label is a label like any other
  EXPECT_EQ(p.find("a"), 1u);
  EXPECT_EQ(p.find("c"), onakit::null_vertex);
  EXPECT_EQ(p.labels(), (std::vector<std::string>{"b", "a", ""}));
  EXPECT_EQ(p.label(1), "a");
  EXPECT_THROW((void)p.label(3), onakit::not_found);
}

// Many labels through several table growths (with and without reserve),
// checked against std::unordered_map; near-identical labels share long
// prefixes and suffixes, as e-mail addresses do.
TEST(PeopleIndex, MatchesAReferenceMapThroughGrowth) {
  for (const bool reserve : {false, true}) {
    onakit::people_index p;
    if (reserve) p.reserve(5000);
    std::unordered_map<std::string, onakit::vertex_id> ref;
    std::vector<std::string> order;
    for (int k = 0; k < 60000; ++k) {
      const int who = (k * 7919) % 20011;
      const std::string label = "person" + std::to_string(who) + "@dept" + std::to_string(who % 7) + ".example";
      const auto [it, added] = ref.emplace(label, static_cast<onakit::vertex_id>(ref.size()));
      if (added) order.push_back(label);
      ASSERT_EQ(p.intern(label), it->second) << label;
    }
    ASSERT_EQ(p.size(), ref.size());
    EXPECT_EQ(p.labels(), order);
    for (const auto& [label, id] : ref) ASSERT_EQ(p.find(label), id);
    EXPECT_EQ(p.find("person20011@dept0.example"), onakit::null_vertex);
  }
}

TEST(PeopleIndex, CopiesAreIndependent) {
  onakit::people_index a;
  a.intern("x");
  onakit::people_index b = a;
  b.intern("y");
  EXPECT_EQ(a.size(), 1u);
  EXPECT_EQ(a.find("y"), onakit::null_vertex);
  EXPECT_EQ(b.find("y"), 1u);
}

}  // namespace
