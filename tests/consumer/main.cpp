// Builds a graph from three messages, runs a stock BGL algorithm on it and
// prints its silo report (ann and bob in one team, cy in another).
#include <onakit/onakit.hpp>

#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <cstdint>
#include <cstdio>
#include <vector>

int main() {
  onakit::message_log log;
  const auto ann = log.intern("ann@corp.example"), bob = log.intern("bob@corp.example"),
             cy = log.intern("cy@corp.example");
  log.begin_message(ann, onakit::parse_timestamp("2024-03-01T09:00:00Z"));
  log.add_recipient(bob);
  log.begin_message(bob, onakit::parse_timestamp("2024-03-01T10:00:00+01:00"));
  log.add_recipient(cy);
  log.add_recipient(ann, onakit::role::cc);
  const onakit::graph g = onakit::build_graph(log).graph;
  std::vector<double> dist(boost::num_vertices(g));
  boost::dijkstra_shortest_paths(g, ann, boost::distance_map(dist.data()));
  std::printf("consumer: %u people, %u ties, distance ann->cy = %.0f\n", g.num_vertices(), g.num_edges(), dist[cy]);

  std::vector<std::uint32_t> team(g.num_vertices());
  team[ann] = team[bob] = 0;
  team[cy] = 1;
  // min_group_size = 1 shows every team (the default, 5, would hide both).
  const auto report = onakit::silo_report(g, team, 2, {.min_group_size = 1, .permutations = 100});
  for (std::size_t i = 0; i < report.rows(); ++i)
    std::printf("team %u: size %u, E-I %.2f (expected %.2f), insularity %.2f%s\n", report.group[i], report.size[i],
                report.ei[i], report.expected_ei[i], report.insularity[i], report.silo[i] ? ", silo" : "");
  return (g.num_edges() == 3 && dist[cy] == 2.0 && report.rows() == 2) ? 0 : 1;
}
