// OpenMP parity (issue 18): this one program is compiled twice, with OpenMP
// (parity_openmp) and without (parity_sequential), and both print every
// result bit for bit (doubles as hex floats, %a). tests/parity/compare.cmake
// runs both and requires identical output: the sequential fallback gives the
// same answers, not just close ones. Every kernel with a parallel loop is
// exercised, on real data (radoslaw_email, read by the parallel CSV reader)
// and on a synthetic organisation large enough to cross the size thresholds
// below which some kernels stay serial. threads=4 is asked everywhere; the
// sequential build accepts it and runs on one thread.
#include <onakit/centrality/betweenness.hpp>
#include <onakit/centrality/clustering.hpp>
#include <onakit/centrality/closeness.hpp>
#include <onakit/centrality/spectral.hpp>
#include <onakit/centrality/structural_holes.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/graph/layout.hpp>
#include <onakit/ingest/email_csv.hpp>
#include <onakit/silo/communities.hpp>
#include <onakit/silo/ei_index.hpp>
#include <onakit/silo/partition_compare.hpp>
#include <onakit/synthetic/synthetic_org.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace {

constexpr int threads = 4;

void dump(const char* name, std::span<const double> v) {
  std::printf("%s %zu", name, v.size());
  for (const double x : v) std::printf(" %a", x);
  std::printf("\n");
}
void dump(const char* name, std::span<const std::uint32_t> v) {
  std::printf("%s %zu", name, v.size());
  for (const std::uint32_t x : v) std::printf(" %u", x);
  std::printf("\n");
}

void analyse(const char* title, const onakit::message_log& log) {
  std::printf("== %s\n", title);
  onakit::build_options bo;
  bo.threads = threads;
  bo.weighting = onakit::weighting::split;
  const onakit::graph g = onakit::build_graph(log, bo).graph;
  std::printf("graph %u %u\n", g.num_vertices(), g.num_edges());
  dump("weights", g.out_weights());

  onakit::betweenness_options b;
  b.threads = threads;
  dump("betweenness", onakit::betweenness(g, b).scores);
  b.weighted = true;
  dump("betweenness_weighted", onakit::betweenness(g, b).scores);
  b.weighted = false;
  b.approximate = true;
  b.epsilon = 0.05;
  b.seed = 3;
  dump("betweenness_sampled", onakit::betweenness(g, b).scores);
  onakit::closeness_options c;
  c.threads = threads;
  dump("closeness", onakit::closeness(g, c).scores);
  onakit::harmonic_options h;
  h.threads = threads;
  dump("harmonic", onakit::harmonic(g, h).scores);
  onakit::pagerank_options p;
  p.threads = threads;
  dump("pagerank", onakit::pagerank(g, p).scores);
  onakit::clustering_options cl;
  cl.threads = threads;
  dump("clustering", onakit::clustering(g, cl).scores);
  onakit::structural_holes_options sh;
  sh.threads = threads;
  dump("constraint", onakit::structural_holes(g, sh).constraint);

  onakit::communities_options co;
  co.threads = threads;
  co.seed = 1;
  const auto leiden = onakit::communities(g, co);
  dump("leiden", leiden.membership);
  std::printf("leiden_quality %a\n", leiden.quality);
  co.seed = 2;
  const auto other = onakit::communities(g, co);
  onakit::partition_compare_options pc;
  pc.threads = threads;
  const auto cmp = onakit::compare_partitions(leiden.membership, other.membership, pc);
  std::printf("compare %a %a %a\n", cmp.nmi, cmp.ami, cmp.ari);

  onakit::ei_options ei;
  ei.threads = threads;
  ei.permutations = 50;
  ei.seed = 5;
  const auto e = onakit::ei_index(g, leiden.membership, leiden.count, ei);
  std::printf("ei %a %a %a\n", e.org_ei, e.org_expected, e.org_p);
  dump("ei_groups", e.group_p);

  onakit::layout_options lo;
  lo.threads = threads;
  lo.iterations = 30;
  const auto lay = onakit::force_layout(g, lo);
  dump("layout_x", lay.x);
  dump("layout_y", lay.y);
}

}  // namespace

int main(int argc, char** argv) {
#if defined(_OPENMP)
  std::printf("openmp 1\n");
#else
  std::printf("openmp 0\n");
#endif
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DATA_DIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path csv = std::filesystem::path(argv[1]) / "radoslaw_email" / "communication.csv";
  if (!std::filesystem::exists(csv)) {
    std::fprintf(stderr, "skipped: %s not found\n", csv.string().c_str());
    return 77;
  }
  onakit::email_csv_options o;
  o.sender = "Sender";
  o.recipients = "Recipient";
  o.timestamp = "EventDate";
  o.threads = threads;
  analyse("radoslaw_email", onakit::read_email_csv(csv, o));

  onakit::synthetic_org_options so;
  so.people = 3000;
  so.departments = 12;
  so.weeks = 6;
  so.seed = 11;
  analyse("synthetic_org 3000", onakit::make_synthetic_org(so).log);
  return 0;
}
