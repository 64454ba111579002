// Runs the README's C++ blocks (see extract_cpp_blocks.py) on real data: the
// radoslaw_email log, its graph and the reports-to teams, with the working
// folder set to the data set's folder so that blocks may name its files.
#pragma once
#include <onakit/onakit.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace onakit_readme {

using block = void (*)(const onakit::message_log&, const onakit::graph&, const std::vector<std::uint32_t>&,
                       std::uint32_t);

struct numbered_block {
  int line;  // README.md line of the block's first line
  block run;
};

// ctest's SKIP_RETURN_CODE for a missing data folder (an error under CI).
inline constexpr int skip = 77;

inline int run(const std::vector<numbered_block>& blocks) {
  const char* env = std::getenv("ONAKIT_DATA_DIR");
  const std::filesystem::path dir = std::filesystem::path(env != nullptr ? env : ONAKIT_TEST_DATA_DIR) / "radoslaw_email";
  if (!std::filesystem::is_directory(dir)) {
    const char* ci = std::getenv("CI");
    const bool in_ci = ci != nullptr && std::string(ci) != "" && std::string(ci) != "0" && std::string(ci) != "false";
    std::printf("README blocks: data set not found: %s (set ONAKIT_DATA_DIR)\n", dir.string().c_str());
    return in_ci ? 1 : skip;
  }
  std::filesystem::current_path(dir);

  onakit::email_csv_options opt;
  opt.sender = "Sender";
  opt.recipients = "Recipient";
  opt.timestamp = "EventDate";
  opt.recipient_sep = '\0';
  const onakit::message_log log = onakit::read_email_csv("communication.csv", opt);
  const onakit::graph g = onakit::build_graph(log).graph;
  // The teams: person ID -> ReportsToID (the manager) in reportsto.csv.
  std::vector<std::uint32_t> team(g.num_vertices(), onakit::no_group);
  onakit::people_index managers;
  std::ifstream in("reportsto.csv");
  std::string line;
  std::getline(in, line);  // header ID,ReportsToID
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    if (comma == std::string::npos) continue;
    std::string boss = line.substr(comma + 1);
    if (!boss.empty() && boss.back() == '\r') boss.pop_back();
    if (const onakit::vertex_id v = log.people_ids().find(line.substr(0, comma)); v != onakit::null_vertex)
      team[v] = managers.intern(boss);
  }
  const auto k = static_cast<std::uint32_t>(managers.size());
  if (k < 2) {
    std::printf("README blocks: reportsto.csv gave %u teams\n", k);
    return 1;
  }

  int failed = 0;
  for (const auto& b : blocks) {
    std::printf("-- README.md block at line %d\n", b.line);
    std::fflush(stdout);
    try {
      b.run(log, g, team, k);
    } catch (const std::exception& e) {  // a block must run as documented
      std::printf("README.md:%d: the block threw: %s\n", b.line, e.what());
      ++failed;
    }
  }
  std::printf("%zu README blocks run, %d failed\n", blocks.size(), failed);
  return failed == 0 ? 0 : 1;
}

}  // namespace onakit_readme
