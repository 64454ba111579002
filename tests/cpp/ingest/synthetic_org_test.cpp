// ingest/synthetic_org.hpp is kept for compatibility: code that includes
// the old path still gets the generator now in synthetic/synthetic_org.hpp.
#include <onakit/ingest/synthetic_org.hpp>

#include <gtest/gtest.h>

namespace {

TEST(SyntheticOrgCompatibility, OldIncludePathStillProvidesTheGenerator) {
  const auto org = onakit::make_synthetic_org({.people = 40, .departments = 2, .weeks = 1, .seed = 4});
  EXPECT_EQ(org.log.num_people(), 40u);
  EXPECT_GT(org.log.num_messages(), 0u);
}

}  // namespace
