// A complete onakit app: who is central, which teams keep to themselves, in
// a real company's e-mail (radoslaw_email: 167 people, 82,927 e-mails, 2010,
// with its reports-to hierarchy; Michalski et al., BIS 2011).
//
//   radoslaw_teams [DATA_DIR]      DATA_DIR holds radoslaw_email/ (default:
//                                  $ONAKIT_DATA_DIR, else ../shared/data)
//
// The steps below are separate functions, one per job, in the order data
// flows: read the mail, read the teams, build the graph, measure the people,
// measure the teams, run a stock Boost.Graph algorithm, handle bad input.
// Results are indexed by vertex_id; g.labels()[v] gives the person's own id
// back. Output: a readable report on stdout (tests/python/test_example_cpp.py
// compares its figures with the Python package and networkx).
#include <onakit/onakit.hpp>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/visitors.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

// ---- 1. Read the e-mail log ------------------------------------------------
// communication.csv: `Sender;Recipient;EventDate`, one row per recipient.
onakit::message_log read_mail(const fs::path& dir) {
  onakit::email_csv_options opt;
  opt.sender = "Sender";
  opt.recipients = "Recipient";
  opt.timestamp = "EventDate";
  opt.recipient_sep = '\0';  // each Recipient cell holds one person
  return onakit::read_email_csv(dir / "communication.csv", opt);
}

// ---- 2. Read the teams -----------------------------------------------------
// reportsto.csv: `ID,ReportsToID`. A person's team is their manager's id; the
// person who reports to themselves is the CEO. onakit::read_people reads the
// HR table as ona.read_people does (decoding, delimiter, header) and
// onakit::group_codes turns label -> team into codes 0 .. k-1 (team names
// sorted) by the one label rule of every onakit face; people missing from the
// table get onakit::no_group (never a team of their own).
struct teams {
  onakit::group_coding coding;       ///< codes[v] per person (vertex_id) or no_group, names[c], k
  std::string ceo;                   ///< the id that reports to itself
};

teams read_teams(const fs::path& path, const onakit::graph& g) {
  onakit::people_table_options o;
  o.id = "ID";
  const onakit::people_table hr = onakit::read_people(path, o, g.labels());
  const std::size_t id = hr.column("ID"), boss = hr.column("ReportsToID");
  if (boss == onakit::people_table::npos)
    throw onakit::parse_error(path.string(), 1, "ReportsToID", "no ReportsToID column");
  teams t;
  std::unordered_map<std::string, std::string> manager_of;
  for (const auto& row : hr.rows) {
    if (row[id] == row[boss]) t.ceo = row[id];
    manager_of[row[id]] = row[boss];
  }
  t.coding = onakit::group_codes(g, manager_of);  // throws if nobody of the graph is in the table
  return t;
}

// ---- 2b. Build the graph --------------------------------------------------
// Tie u -> v = the number of e-mails u sent to v (weighting::count), as
// ona.build_graph(log) with its defaults.
onakit::build_result build(const onakit::message_log& log) { return onakit::build_graph(log); }

// ---- helper: the k people with the lowest scores, by label ------------------
// (onakit::top_k gives the highest; the brokers are the people of lowest
// constraint.) NaN (constraint of a person without contacts) sorts last.
std::vector<std::pair<std::string, double>> lowest(std::span<const double> scores, const onakit::graph& g,
                                                   std::size_t k) {
  std::vector<onakit::vertex_id> order(scores.size());
  std::iota(order.begin(), order.end(), 0U);
  const auto before = [&](onakit::vertex_id a, onakit::vertex_id b) {
    const double x = scores[a], y = scores[b];
    if (std::isnan(x) != std::isnan(y)) return std::isnan(y);
    if (x != y) return x < y;
    return a < b;
  };
  k = std::min(k, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(), before);
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t i = 0; i < k; ++i) out.emplace_back(g.labels()[order[i]], scores[order[i]]);
  return out;
}

void print_top(const char* title, const std::vector<std::pair<std::string, double>>& rows) {
  std::printf("  %s\n", title);
  for (std::size_t i = 0; i < rows.size(); ++i)
    std::printf("    %zu. person %-5s %.6f\n", i + 1, rows[i].first.c_str(), rows[i].second);
}

// ---- 4. Measure the people -------------------------------------------------
void people_measures(const onakit::graph& g) {
  std::printf("\n== 4. central people (top 5; scores indexed by vertex_id, labels from g.labels())\n");
  const onakit::betweenness_result b = onakit::betweenness(g);      // normalised, unweighted paths
  const onakit::centrality_result pr = onakit::pagerank(g);         // weighted, alpha 0.85
  const onakit::centrality_result c = onakit::constraint(g);        // Burt; NaN without contacts
  print_top("betweenness", onakit::top_k(b.scores, g, 5));          // (label, score), highest first
  print_top("pagerank", onakit::top_k(pr, g, 5));
  print_top("constraint (lowest: the brokers)", lowest(c.scores, g, 5));
  std::printf("  pagerank: %u iterations, converged %s\n", pr.iterations, pr.converged ? "yes" : "no");
}

// ---- 5. Measure the teams --------------------------------------------------
void team_measures(const onakit::graph& g, const teams& t) {
  const std::uint32_t k = t.coding.k;
  const std::vector<std::uint32_t>& code = t.coding.codes;
  std::printf("\n== 5. teams (%u teams by manager)\n", k);
  std::printf("  modularity of the teams: %.6f\n", onakit::modularity(g, code, k));

  onakit::communities_options copt;  // Leiden, modularity, seed 0
  const onakit::communities_result com = onakit::communities(g, copt);
  std::printf("  leiden: %u communities, modularity %.6f\n", com.count, com.quality);

  // The organisation's E-I uses the teams as given ...
  const onakit::ei_result org = onakit::ei_index(g, code, k);
  std::printf("  organisation: E-I %.6f (expected under random mixing %.6f)\n", org.org_ei, org.org_expected);
  // ... but group-level output obeys the minimum group size (privacy): teams
  // under 5 people are merged into one row, as in every onakit face.
  const onakit::group_suppression s = onakit::suppress_small_groups(code, k, 5);
  onakit::ei_options eopt;
  eopt.permutations = 1000;  // seeded (seed 0): the same p-values on any thread count
  const onakit::ei_result ei = onakit::ei_index(g, s.codes, s.groups, eopt);
  std::printf("  E-I per team (teams under 5 people merged: %u teams, %u people)\n", s.suppressed_groups,
              s.suppressed_people);
  std::printf("    %-12s %5s %10s %10s %8s\n", "team", "size", "ei", "expected", "p");
  for (std::uint32_t c = 0; c < s.groups; ++c) {
    const std::string name = c < s.kept.size() ? "manager " + t.coding.names[s.kept[c]] : "(small teams)";
    std::printf("    %-12s %5u %10.6f %10.6f %8.4f\n", name.c_str(), ei.group_size[c], ei.group_ei[c],
                ei.group_expected[c], ei.group_p[c]);
  }
}

// ---- 6. A stock Boost.Graph algorithm --------------------------------------
// <onakit/graph/bgl.hpp> (in the umbrella header) makes the graph a BGL
// graph: breadth-first search along the ties' direction from the CEO.
void bgl_step(const onakit::graph& g, const std::string& ceo_label) {
  const onakit::vertex_id ceo = g.find(ceo_label);  // label -> vertex_id
  if (ceo == onakit::graph::npos) throw onakit::invalid_option("the CEO '" + ceo_label + "' wrote no e-mail");
  std::vector<std::uint32_t> hops(boost::num_vertices(g), 0);
  boost::breadth_first_search(
      g, ceo, boost::visitor(boost::make_bfs_visitor(boost::record_distances(hops.data(), boost::on_tree_edge()))));
  std::vector<std::uint32_t> at(1, 0);
  std::uint32_t unreached = 0;
  for (onakit::vertex_id v = 0; v < g.num_vertices(); ++v) {
    if (v != ceo && hops[v] == 0) {
      ++unreached;
      continue;
    }
    if (hops[v] >= at.size()) at.resize(hops[v] + 1, 0);
    ++at[hops[v]];
  }
  std::printf("\n== 6. boost::breadth_first_search from the CEO (person %s)\n", ceo_label.c_str());
  for (std::size_t h = 1; h < at.size(); ++h) std::printf("  %zu e-mail step(s) away: %u people\n", h, at[h]);
  std::printf("  not reached: %u people\n", unreached);
}

// ---- 7. Bad input: a typed error that names the file and the line -----------
void bad_input_step() {
  std::printf("\n== 7. bad input\n");
  std::random_device rd;
  const fs::path bad = fs::temp_directory_path() / ("onakit-example-" + std::to_string(rd()) + ".csv");
  {
    std::ofstream out(bad);
    out << "Sender;Recipient;EventDate\n"
           "17;37;2010-01-02 17:40:10\n"
           "17;136;2010-13-02 17:40:10\n";  // line 3: there is no month 13
  }
  onakit::email_csv_options opt;
  opt.sender = "Sender";
  opt.recipients = "Recipient";
  opt.timestamp = "EventDate";
  opt.recipient_sep = '\0';
  try {
    (void)onakit::read_email_csv(bad, opt);
    std::printf("  no error: unexpected\n");
  } catch (const onakit::parse_error& e) {
    std::printf("  caught onakit::parse_error: line %llu, field '%s', reason '%s'\n",
                static_cast<unsigned long long>(e.line()), e.field().c_str(), e.reason().c_str());
    std::printf("  what(): %s\n", e.what());
  }
  opt.errors = onakit::error_policy::skip;  // lenient: skip the row, count it by reason
  const onakit::message_log log = onakit::read_email_csv(bad, opt);
  std::printf("  with error_policy::skip: %llu of %llu rows kept\n",
              static_cast<unsigned long long>(log.report().records_kept),
              static_cast<unsigned long long>(log.report().records_read));
  for (const auto& [reason, count] : log.report().skipped)
    std::printf("  skipped (%s): %llu\n", reason.c_str(), static_cast<unsigned long long>(count));
  fs::remove(bad);
}

int main(int argc, char** argv) {
  const char* env = std::getenv("ONAKIT_DATA_DIR");
  const fs::path data = argc > 1 ? fs::path(argv[1]) : env != nullptr ? fs::path(env) : fs::path("../shared/data");
  const fs::path dir = data / "radoslaw_email";
  if (!fs::is_directory(dir)) {
    std::fprintf(stderr, "radoslaw_teams: %s is not a folder; pass the data folder as the first argument\n",
                 dir.string().c_str());
    return 2;
  }
  try {
    std::printf("onakit example: a manufacturing company's e-mail and its reports-to teams\n");
    std::printf("\n== 1. read %s\n", (dir / "communication.csv").string().c_str());
    const onakit::message_log log = read_mail(dir);
    std::printf("  %zu people, %zu messages, %llu rows read, %llu skipped\n", log.num_people(),
                log.num_messages(), static_cast<unsigned long long>(log.report().records_read),
                static_cast<unsigned long long>(log.report().skipped_total()));

    std::printf("\n== 2. build the graph\n");
    const auto [g, rep] = build(log);
    std::printf("  %u people, %u ties (%s), %llu self-addressed pairs left out\n", g.num_vertices(), g.num_ties(),
                g.directed() ? "directed" : "undirected", static_cast<unsigned long long>(rep.pairs_self));

    std::printf("\n== 3. teams from reportsto.csv\n");
    const teams t = read_teams(dir / "reportsto.csv", g);
    std::printf("  %u teams, %zu people without a team, CEO %s, %zu rows naming nobody of the mail\n", t.coding.k,
                t.coding.ungrouped, t.ceo.c_str(), t.coding.unmatched_keys);

    people_measures(g);
    team_measures(g, t);
    bgl_step(g, t.ceo);
    bad_input_step();
  } catch (const onakit::error& e) {  // every onakit error derives from onakit::error
    std::fprintf(stderr, "radoslaw_teams: %s\n", e.what());
    return 1;
  }
  return 0;
}
