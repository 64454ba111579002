// The umbrella header compiles on its own and every part links together
// (no clashing inline definitions between areas).
#include <onakit/onakit.hpp>

#include <gtest/gtest.h>

TEST(Umbrella, EndToEndOnTheSyntheticOrganisation) {
  onakit::synthetic_org_options o;
  o.people = 120;
  o.departments = 4;
  o.weeks = 2;
  const auto org = onakit::make_synthetic_org(o);
  const auto [g, report] = onakit::build_graph(org.log);
  EXPECT_EQ(g.num_vertices(), 120u);
  EXPECT_EQ(report.messages_used, org.log.num_messages());
  const auto pr = onakit::pagerank(g, {});
  double total = 0;
  for (const double x : pr.scores) total += x;
  EXPECT_NEAR(total, 1.0, 1e-9);
}
