// Builds a graph from three messages and runs a stock BGL algorithm on it.
#include <onakit/onakit.hpp>

#include <boost/graph/dijkstra_shortest_paths.hpp>

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
  return (g.num_edges() == 3 && dist[cy] == 2.0) ? 0 : 1;
}
