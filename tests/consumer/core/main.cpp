// onakit::core alone, no OpenMP: a synthetic organisation -> graph ->
// betweenness, PageRank, communities and the silo report. threads=4 is
// accepted and runs sequentially (detail/parallel.hpp).
#include <onakit/centrality/betweenness.hpp>
#include <onakit/centrality/spectral.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/silo/communities.hpp>
#include <onakit/silo/report.hpp>
#include <onakit/synthetic/synthetic_org.hpp>

#if defined(_OPENMP)
#error "this consumer is built without OpenMP"
#endif

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

int main() {
  onakit::synthetic_org_options so;
  so.people = 120;
  so.departments = 4;
  so.weeks = 4;
  so.seed = 7;
  const onakit::synthetic_org org = onakit::make_synthetic_org(so);
  const onakit::graph g = onakit::build_graph(org.log).graph;
  onakit::betweenness_options bo;
  bo.threads = 4;
  const auto bc = onakit::betweenness(g, bo);
  const auto pr = onakit::pagerank(g);
  onakit::communities_options co;
  co.seed = 1;
  const auto comm = onakit::communities(g, co);
  std::vector<std::uint32_t> dept(g.num_vertices());
  for (onakit::vertex_id v = 0; v < g.num_vertices(); ++v) dept[v] = org.people[v].department;
  onakit::silo_report_options ro;
  ro.min_group_size = 1;
  ro.permutations = 50;
  const auto report = onakit::silo_report(g, dept, 4, ro);
  const auto top = static_cast<std::size_t>(std::max_element(bc.scores.begin(), bc.scores.end()) - bc.scores.begin());
  double pr_sum = 0;
  for (const double s : pr.scores) pr_sum += s;
  std::printf("consumer core: %u people, %u ties, top broker %zu (planted %u), %u communities, pagerank sum %.6f, %zu groups\n",
              g.num_vertices(), g.num_edges(), top, org.broker, comm.count, pr_sum, report.rows());
  const bool ok = g.num_vertices() == 120 && comm.count >= 2 && pr_sum > 0.999 && pr_sum < 1.001 && report.rows() >= 2;
  return ok ? 0 : 1;
}
