#include <onakit/detail/random.hpp>
#include <onakit/synthetic/synthetic_org.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

namespace {

using onakit::make_synthetic_org;
using onakit::synthetic_org;
using onakit::synthetic_org_options;
using onakit::vertex_id;

constexpr onakit::timestamp_t day_us = 86'400LL * onakit::microseconds_per_second;
constexpr onakit::timestamp_t week_us = 7 * day_us;

// FNV-1a over a value's bytes, least significant first, so the hash does not
// depend on the platform's byte order.
struct fnv1a {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  void byte(std::uint8_t b) {
    h ^= b;
    h *= 0x100000001b3ULL;
  }
  void u64(std::uint64_t x) {
    for (int i = 0; i < 8; ++i) byte(static_cast<std::uint8_t>(x >> (8 * i)));
  }
  void str(const std::string& s) {
    for (const char c : s) byte(static_cast<std::uint8_t>(c));
    byte(0);
  }
};

std::uint64_t log_hash(const synthetic_org& org) {
  fnv1a f;
  const auto& log = org.log;
  for (const auto& label : log.people()) f.str(label);
  for (std::size_t m = 0; m < log.num_messages(); ++m) {
    f.u64(log.sender(m));
    f.u64(static_cast<std::uint64_t>(log.time(m)));
    const auto rs = log.recipients(m);
    const auto ro = log.roles(m);
    f.u64(rs.size());
    for (std::size_t k = 0; k < rs.size(); ++k) {
      f.u64(rs[k]);
      f.byte(static_cast<std::uint8_t>(ro[k]));
    }
  }
  for (const auto& p : org.people) {
    f.u64(p.department);
    f.u64(p.manager);
    f.u64(p.level);
    f.u64(p.site);
    f.u64(p.team);
  }
  f.u64(org.silo_department);
  f.u64(org.broker);
  return f.h;
}

// Share of a department's tie weight (message-recipient pairs it sends or
// receives) that crosses its boundary.
std::vector<double> external_shares(const synthetic_org& org) {
  const std::size_t nd = org.department_names.size();
  std::vector<double> ext(nd, 0.0), all(nd, 0.0);
  const auto& log = org.log;
  for (std::size_t m = 0; m < log.num_messages(); ++m) {
    const auto ds = org.people[log.sender(m)].department;
    for (const vertex_id r : log.recipients(m)) {
      const auto dr = org.people[r].department;
      all[ds] += 1;
      all[dr] += 1;
      if (ds != dr) {
        ext[ds] += 1;
        ext[dr] += 1;
      }
    }
  }
  std::vector<double> share(nd);
  for (std::size_t d = 0; d < nd; ++d) share[d] = all[d] > 0 ? ext[d] / all[d] : 0.0;
  return share;
}

// Distinct departments each person writes to (their own included).
std::vector<std::size_t> departments_reached(const synthetic_org& org) {
  std::vector<std::set<std::uint32_t>> reach(org.people.size());
  const auto& log = org.log;
  for (std::size_t m = 0; m < log.num_messages(); ++m)
    for (const vertex_id r : log.recipients(m)) reach[log.sender(m)].insert(org.people[r].department);
  std::vector<std::size_t> n(reach.size());
  for (std::size_t v = 0; v < reach.size(); ++v) n[v] = reach[v].size();
  return n;
}

const synthetic_org& default_org() {
  static const synthetic_org org = make_synthetic_org();
  return org;
}

// ---- the PRNG ---------------------------------------------------------------

TEST(Random, SplitMix64MatchesReferenceVector) {
  // First outputs of the reference splitmix64.c for state 0.
  std::uint64_t state = 0;
  EXPECT_EQ(onakit::detail::splitmix64(state), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(onakit::detail::splitmix64(state), 0x6E789E6AA1B965F4ULL);
}

TEST(Random, UniformBelowStaysInRangeAndCoversIt) {
  onakit::detail::xoshiro256ss rng(42);
  std::vector<int> hits(7, 0);
  for (int i = 0; i < 7000; ++i) {
    const auto x = rng.uniform_below(7);
    ASSERT_LT(x, 7u);
    ++hits[static_cast<std::size_t>(x)];
  }
  for (const int h : hits) EXPECT_NEAR(h, 1000, 150);  // ~5 sigma
  EXPECT_EQ(rng.uniform_below(1), 0u);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(rng.uniform_below(0x8000000000000001ULL), 0x8000000000000001ULL);
  const double u = rng.uniform01();
  EXPECT_GE(u, 0.0);
  EXPECT_LT(u, 1.0);
}

// ---- determinism --------------------------------------------------------------

TEST(SyntheticOrg, SameSeedGivesIdenticalOutput) {
  const auto a = make_synthetic_org({.people = 300, .departments = 6, .weeks = 4, .seed = 11});
  const auto b = make_synthetic_org({.people = 300, .departments = 6, .weeks = 4, .seed = 11});
  ASSERT_EQ(a.log.num_messages(), b.log.num_messages());
  ASSERT_EQ(a.log.num_pairs(), b.log.num_pairs());
  EXPECT_TRUE(std::ranges::equal(a.log.sender_column(), b.log.sender_column()));
  EXPECT_TRUE(std::ranges::equal(a.log.time_column(), b.log.time_column()));
  EXPECT_TRUE(std::ranges::equal(a.log.offsets(), b.log.offsets()));
  EXPECT_TRUE(std::ranges::equal(a.log.recipient_column(), b.log.recipient_column()));
  EXPECT_TRUE(std::ranges::equal(a.log.role_column(), b.log.role_column()));
  EXPECT_EQ(a.log.people(), b.log.people());
  EXPECT_EQ(a.department_names, b.department_names);
  EXPECT_EQ(a.site_names, b.site_names);
  EXPECT_EQ(a.silo_department, b.silo_department);
  EXPECT_EQ(a.broker, b.broker);
  EXPECT_EQ(log_hash(a), log_hash(b));
}

TEST(SyntheticOrg, DifferentSeedGivesDifferentOutput) {
  const auto a = make_synthetic_org({.people = 300, .departments = 6, .weeks = 4, .seed = 11});
  const auto b = make_synthetic_org({.people = 300, .departments = 6, .weeks = 4, .seed = 12});
  EXPECT_FALSE(std::ranges::equal(a.log.time_column(), b.log.time_column()));
  EXPECT_NE(log_hash(a), log_hash(b));
}

TEST(SyntheticOrg, StructureDoesNotDependOnMessageVolume) {
  // The organisation comes from its own random stream.
  const auto a = make_synthetic_org({.seed = 5, .messages_per_person_week = 10.0});
  const auto b = make_synthetic_org({.weeks = 3, .seed = 5, .messages_per_person_week = 2.5});
  EXPECT_EQ(a.silo_department, b.silo_department);
  EXPECT_EQ(a.broker, b.broker);
  ASSERT_EQ(a.people.size(), b.people.size());
  for (std::size_t v = 0; v < a.people.size(); ++v) {
    EXPECT_EQ(a.people[v].manager, b.people[v].manager);
    EXPECT_EQ(a.people[v].site, b.people[v].site);
  }
}

TEST(SyntheticOrg, GoldenHashOfDefaultOrg) {
  // Guards cross-platform determinism and accidental model changes. This value
  // must change only with a deliberate change of the model (then update it
  // and say so in the commit message).
  EXPECT_EQ(log_hash(default_org()), 0xC69980C7FF3A4FCBULL);
  EXPECT_EQ(default_org().log.num_messages(), 60'000u);  // 500 people * 12 weeks * 10
}

// ---- shapes -------------------------------------------------------------------

TEST(SyntheticOrg, PeopleLabelsAndReport) {
  const auto& org = default_org();
  ASSERT_EQ(org.people.size(), 500u);
  ASSERT_EQ(org.log.num_people(), 500u);
  EXPECT_EQ(org.log.people()[0], "p000@dept0.onakit.example");
  EXPECT_EQ(org.log.people()[3], "p003@dept2.onakit.example");  // head of department 2
  for (vertex_id v = 0; v < 500; ++v) {
    EXPECT_EQ(org.people[v].id, v);
    EXPECT_EQ(org.log.people()[v], "p" + std::string(v < 10 ? "00" : v < 100 ? "0" : "") +
                                       std::to_string(v) + "@dept" +
                                       std::to_string(org.people[v].department) + ".onakit.example");
  }
  ASSERT_EQ(org.department_names.size(), 8u);
  EXPECT_EQ(org.department_names[0], "Engineering");
  EXPECT_EQ(org.department_names[1], "Sales");
  EXPECT_EQ(org.site_names.size(), 3u);
  const auto big = make_synthetic_org({.people = 100, .departments = 10, .weeks = 1});
  EXPECT_EQ(big.department_names[8], "Department 9");
  EXPECT_EQ(big.log.people()[0], "p000@dept0.onakit.example");

  const auto& rep = org.log.report();
  EXPECT_EQ(rep.source, "synthetic_org(seed=0)");
  EXPECT_EQ(rep.records_read, org.log.num_messages());
  EXPECT_EQ(rep.records_kept, org.log.num_messages());
  EXPECT_EQ(rep.messages, org.log.num_messages());
  EXPECT_TRUE(rep.balanced());
}

TEST(SyntheticOrg, ManagerTreeIsRootedAtTheCeoWithConsistentLevels) {
  const auto& org = default_org();
  const auto& people = org.people;
  const std::uint32_t nd = static_cast<std::uint32_t>(org.department_names.size());
  ASSERT_EQ(people[0].level, 0);
  EXPECT_EQ(people[0].manager, onakit::null_vertex);
  std::vector<int> heads_of(nd, 0);
  for (const auto& p : people) {
    ASSERT_LT(p.department, nd);
    ASSERT_LT(p.site, org.site_names.size());
    if (p.id == 0) continue;
    ASSERT_LT(p.manager, people.size()) << "person " << p.id;
    const auto& m = people[p.manager];
    EXPECT_EQ(m.level + 1, p.level) << "person " << p.id;  // walks up one level: a tree
    if (p.level >= 2) {
      EXPECT_EQ(m.department, p.department);
    }
    if (p.level == 1) ++heads_of[p.department];
    if (p.level == 3) {
      EXPECT_EQ(p.team, m.team);  // staff are in their lead's team
    }
    if (p.level <= 1) {
      EXPECT_EQ(p.team, 0u);
    }
  }
  for (std::uint32_t d = 0; d < nd; ++d) EXPECT_EQ(heads_of[d], 1) << "department " << d;
  // Team sizes (a lead and their reports) are in the advertised range.
  std::map<std::uint32_t, int> team_size;
  for (const auto& p : people)
    if (p.level >= 2) ++team_size[p.team];
  for (const auto& [team, n] : team_size) {
    EXPECT_GE(n, 4) << "team " << team;
    EXPECT_LE(n, 10) << "team " << team;
  }
  // Departments are mostly co-located: >= 3/4 of each at its main site.
  for (std::uint32_t d = 0; d < nd; ++d) {
    std::map<std::uint32_t, int> at;
    int n = 0;
    for (const auto& p : people)
      if (p.department == d) ++at[p.site], ++n;
    int best = 0;
    for (const auto& kv : at) best = std::max(best, kv.second);
    EXPECT_GE(4 * best, 3 * n) << "department " << d;
  }
}

TEST(SyntheticOrg, MessagesAreChronologicalInRangeWithDistinctRecipients) {
  const auto& org = default_org();
  const auto& log = org.log;
  const synthetic_org_options o;
  std::size_t cc = 0, bcc = 0, single = 0;
  for (std::size_t m = 0; m < log.num_messages(); ++m) {
    ASSERT_GE(log.time(m), o.start);
    ASSERT_LT(log.time(m), o.start + o.weeks * week_us);
    if (m > 0) {
      ASSERT_LE(log.time(m - 1), log.time(m));
    }
    const auto rs = log.recipients(m);
    ASSERT_GE(rs.size(), 1u);
    ASSERT_LE(rs.size(), 8u);
    if (rs.size() == 1) ++single;
    std::set<vertex_id> seen(rs.begin(), rs.end());
    EXPECT_EQ(seen.size(), rs.size()) << "message " << m;
    EXPECT_EQ(seen.count(log.sender(m)), 0u) << "self-addressed message " << m;
    for (const auto r : log.roles(m)) {
      cc += r == onakit::role::cc;
      bcc += r == onakit::role::bcc;
    }
  }
  const double n = static_cast<double>(log.num_messages());
  EXPECT_GT(static_cast<double>(single) / n, 0.5);  // mostly one recipient
  EXPECT_GT(static_cast<double>(cc) / n, 0.05);     // occasional Cc
  EXPECT_GT(bcc, 0u);                               // rare Bcc
  EXPECT_LT(static_cast<double>(bcc), static_cast<double>(cc) / 2);
  const double per_message = static_cast<double>(log.num_pairs()) / n;
  EXPECT_GT(per_message, 1.4);
  EXPECT_LT(per_message, 2.0);
}

TEST(SyntheticOrg, WeekendsAndNightsAreQuiet) {
  const auto& org = default_org();
  const synthetic_org_options o;
  std::vector<std::size_t> per_day(7, 0), per_hour(24, 0);
  for (const auto t : org.log.time_column()) {
    ++per_day[static_cast<std::size_t>(((t - o.start) / day_us) % 7)];
    ++per_hour[static_cast<std::size_t>(((t - o.start) % day_us) / (3600 * onakit::microseconds_per_second))];
  }
  // start is a Monday: days 5 and 6 are the weekend.
  const std::size_t weekday_min = *std::min_element(per_day.begin(), per_day.begin() + 5);
  EXPECT_LT(per_day[5] * 10, weekday_min);
  EXPECT_LT(per_day[6] * 10, weekday_min);
  EXPECT_LT(per_hour[3] * 10, per_hour[10]);  // 03:00 vs 10:00
}

TEST(SyntheticOrg, EveryoneIsInTheLogEvenWhenSilent) {
  const auto org = make_synthetic_org({.people = 60, .departments = 3, .weeks = 1,
                                       .messages_per_person_week = 0.2});
  EXPECT_EQ(org.log.num_people(), 60u);
  EXPECT_EQ(org.log.num_messages(), 12u);
}

// ---- the planted silo and broker ---------------------------------------------------

void expect_planted_structure(const synthetic_org& org) {
  const auto shares = external_shares(org);
  const std::uint32_t silo = org.silo_department;
  double next_lowest = 1.0;
  for (std::size_t d = 0; d < shares.size(); ++d)
    if (d != silo) next_lowest = std::min(next_lowest, shares[d]);
  EXPECT_LT(shares[silo], next_lowest / 2) << "silo " << silo << " share " << shares[silo];
  EXPECT_NE(silo, 0u);  // never the CEO's department

  const auto reach = departments_reached(org);
  const vertex_id broker = org.broker;
  EXPECT_NE(broker, 0u);
  EXPECT_NE(org.people[broker].department, silo);
  EXPECT_EQ(reach[broker], org.department_names.size());  // writes to every department
  std::size_t best_other = 0, best_non_ceo = 0;
  for (vertex_id v = 0; v < reach.size(); ++v) {
    if (v == broker) continue;
    best_other = std::max(best_other, reach[v]);
    if (v != 0) best_non_ceo = std::max(best_non_ceo, reach[v]);
  }
  EXPECT_GT(reach[broker], best_other);  // strictly the most
  // Far ahead of everyone but the CEO, who by role writes to (almost) every head.
  EXPECT_GE(reach[broker], best_non_ceo + 2);
}

TEST(SyntheticOrg, PlantedSiloAndBrokerInDefaultOrg) { expect_planted_structure(default_org()); }

TEST(SyntheticOrg, PlantedSiloAndBrokerAcrossSeeds) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    expect_planted_structure(make_synthetic_org({.people = 400, .departments = 7, .weeks = 6, .seed = seed}));
  }
}

TEST(SyntheticOrg, ActivityIsHeavyTailed) {
  // Rule: the top 10% of people by messages sent send >= 35% of all messages
  // (a uniform rate would give ~10%).
  const auto& org = default_org();
  std::vector<std::size_t> sent(org.people.size(), 0);
  for (const auto s : org.log.sender_column()) ++sent[s];
  std::sort(sent.rbegin(), sent.rend());
  const std::size_t top = std::accumulate(sent.begin(), sent.begin() + static_cast<std::ptrdiff_t>(sent.size() / 10), std::size_t{0});
  EXPECT_GE(static_cast<double>(top), 0.35 * static_cast<double>(org.log.num_messages()));
  // ... and the median person is well below the mean of 120.
  EXPECT_LT(sent[sent.size() / 2], 100u);
}

TEST(SyntheticOrg, ModerateSize) {
  const auto org = make_synthetic_org(
      {.people = 2000, .departments = 16, .weeks = 10, .seed = 3, .messages_per_person_week = 12.0});
  EXPECT_EQ(org.log.num_people(), 2000u);
  EXPECT_EQ(org.log.num_messages(), 240'000u);
  EXPECT_GT(org.log.num_pairs(), 340'000u);
  EXPECT_LT(org.log.num_pairs(), 480'000u);
  expect_planted_structure(org);
}

TEST(SyntheticOrg, SmallestAllowedOrgWorks) {
  const auto org = make_synthetic_org({.people = 4, .departments = 2, .weeks = 1, .seed = 9});
  EXPECT_EQ(org.people.size(), 4u);
  EXPECT_EQ(org.log.num_messages(), 40u);
  for (std::size_t m = 0; m < org.log.num_messages(); ++m)
    for (const auto r : org.log.recipients(m)) {
      EXPECT_NE(r, org.log.sender(m));
    }
}

// ---- validation ---------------------------------------------------------------------

TEST(SyntheticOrg, RejectsBadOptions) {
  EXPECT_THROW(make_synthetic_org({.people = 10, .departments = 1}), onakit::invalid_option);
  EXPECT_THROW(make_synthetic_org({.people = 15, .departments = 8}), onakit::invalid_option);
  EXPECT_THROW(make_synthetic_org({.weeks = 0}), onakit::invalid_option);
  EXPECT_THROW(make_synthetic_org({.messages_per_person_week = 0.0}), onakit::invalid_option);
  EXPECT_THROW(make_synthetic_org({.messages_per_person_week = -1.0}), onakit::invalid_option);
  EXPECT_THROW(make_synthetic_org({.people = 1'000'000, .weeks = 10'000}), onakit::invalid_option);
  try {
    (void)make_synthetic_org({.people = 15, .departments = 8});
    FAIL() << "expected invalid_option";
  } catch (const onakit::invalid_option& e) {
    EXPECT_NE(std::string(e.what()).find("people must be >= 2 * departments"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW((void)make_synthetic_org({.people = 16, .departments = 8, .weeks = 1}));
}

// Issue 10: a large organisation ignored Ctrl-C for 34 s. The generator
// polls its interrupt callback while drawing and writing messages.
TEST(SyntheticOrg, InterruptCallbackStopsTheRun) {
  int calls = 0;
  synthetic_org_options o{.people = 2000, .departments = 8, .weeks = 20, .seed = 1};
  o.interrupt = [&calls] { return ++calls > 3; };
  EXPECT_THROW((void)make_synthetic_org(o), onakit::interrupted);
  EXPECT_EQ(calls, 4);
  calls = 0;
  o.interrupt = [&calls] { ++calls; return false; };
  const auto org = make_synthetic_org(o);  // never fires: same log as without a callback
  EXPECT_GT(calls, 3);
  o.interrupt = nullptr;
  EXPECT_EQ(log_hash(make_synthetic_org(o)), log_hash(org));
}

}  // namespace
