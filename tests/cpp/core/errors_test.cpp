// onakit's error types (errors.hpp): nothrow-copyable, every one an
// onakit::error, messages naming the public function the caller called, and
// interruptions that say what was interrupted. The graph is Zachary's karate
// club (real data, ../shared/data).
#include <onakit/centrality/betweenness.hpp>
#include <onakit/centrality/closeness.hpp>
#include <onakit/centrality/spectral.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/ingest/edgelist.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/people_index.hpp>
#include <onakit/silo/cohesion.hpp>
#include <onakit/silo/communities.hpp>
#include <onakit/silo/mixing.hpp>
#include <onakit/silo/modularity.hpp>
#include <onakit/silo/report.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "test_data.hpp"

namespace {

// Copying an exception must not throw (it is copied while propagating, and
// std::exception_ptr copies it): like the standard exceptions, onakit's keep
// their texts in shared immutable buffers.
static_assert(std::is_nothrow_copy_constructible_v<onakit::error>);
static_assert(std::is_nothrow_copy_constructible_v<onakit::invalid_option>);
static_assert(std::is_nothrow_copy_constructible_v<onakit::not_found>);
static_assert(std::is_nothrow_copy_constructible_v<onakit::io_error>);
static_assert(std::is_nothrow_copy_constructible_v<onakit::parse_error>);
static_assert(std::is_nothrow_copy_constructible_v<onakit::capacity_error>);
static_assert(std::is_nothrow_copy_constructible_v<onakit::interrupted>);
static_assert(std::is_nothrow_copy_assignable_v<onakit::parse_error>);
static_assert(std::is_nothrow_copy_assignable_v<onakit::io_error>);
// Every error is an onakit::error, so one handler catches them all.
static_assert(std::is_base_of_v<onakit::error, onakit::not_found>);
static_assert(std::is_base_of_v<onakit::error, onakit::parse_error>);
static_assert(std::is_base_of_v<onakit::error, onakit::interrupted>);

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const onakit::error& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

onakit::graph karate() {
  onakit::edgelist_options o;
  const auto log = onakit::read_edgelist(onakit::testing::data_file("karate-zachary/edges.csv"), o);
  return onakit::build_graph(log, {.directed = false}).graph;
}

TEST(Errors, CopiesKeepEveryField) {
  const onakit::parse_error e("mail.csv", 17, "timestamp", "bad timestamp", "expected ISO 8601");
  const onakit::parse_error copy = e;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_STREQ(copy.what(), "mail.csv:17: field 'timestamp': bad timestamp (expected ISO 8601)");
  EXPECT_EQ(copy.file(), "mail.csv");
  EXPECT_EQ(copy.line(), 17u);
  EXPECT_EQ(copy.field(), "timestamp");
  EXPECT_EQ(copy.reason(), "bad timestamp");
  EXPECT_EQ(copy.hint(), "expected ISO 8601");
  const onakit::io_error io("missing.csv", "cannot open");
  const onakit::io_error io_copy = io;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(io_copy.path(), "missing.csv");
  EXPECT_STREQ(io_copy.what(), "missing.csv: cannot open");
}

TEST(Errors, PeopleIndexLabelThrowsNotFound) {
  onakit::people_index p;
  (void)p.intern("ann@x.org");
  EXPECT_EQ(p.label(0), "ann@x.org");
  EXPECT_THROW((void)p.label(1), onakit::not_found);
  const std::string m = message_of([&] { (void)p.label(7); });
  EXPECT_TRUE(starts_with(m, "people_index::label: id 7 is not a person (1 people")) << m;
}

TEST(Errors, ABadTimestampValueIsAParseError) {
  try {
    (void)onakit::parse_timestamp("2021-13-01");
    FAIL() << "no exception";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.file(), "<value>");
    EXPECT_EQ(e.line(), 0u);
    EXPECT_EQ(e.reason(), "cannot parse '2021-13-01' as a time");
    EXPECT_NE(e.hint().find("ISO 8601"), std::string::npos);
  }
}

TEST(Errors, MessagesNameThePublicFunction) {
  ONAKIT_REQUIRE_DATA("karate-zachary/edges.csv");
  const onakit::graph g = karate();
  ASSERT_EQ(g.num_vertices(), 34u);
  const std::vector<std::uint32_t> too_few(10, 0);  // 10 codes for 34 people
  std::vector<std::uint32_t> bad_code(34, 0);
  bad_code[5] = 9;  // >= k
  for (const auto& group : {too_few, bad_code}) {
    EXPECT_TRUE(starts_with(message_of([&] { (void)onakit::modularity(g, group, 2); }), "modularity: "));
    EXPECT_TRUE(starts_with(message_of([&] { (void)onakit::assortativity(g, group, 2); }), "assortativity: "));
    EXPECT_TRUE(starts_with(message_of([&] { (void)onakit::group_cohesion(g, group, 2); }), "group_cohesion: "));
    EXPECT_TRUE(starts_with(message_of([&] { (void)onakit::group_mixing(g, group, 2); }), "group_mixing: "));
  }
}

// An interrupt callback that asks to stop at once: the error says which
// computation stopped.
TEST(Errors, InterruptedSaysWhatWasInterrupted) {
  ONAKIT_REQUIRE_DATA("karate-zachary/edges.csv");
  const onakit::graph g = karate();
  const onakit::interrupt_check stop = [] { return true; };
  EXPECT_EQ(message_of([&] { (void)onakit::betweenness(g, {.interrupt = stop}); }), "betweenness interrupted");
  EXPECT_EQ(message_of([&] { (void)onakit::closeness(g, {.interrupt = stop}); }), "closeness interrupted");
  EXPECT_EQ(message_of([&] { (void)onakit::harmonic(g, {.interrupt = stop}); }), "harmonic interrupted");
  EXPECT_EQ(message_of([&] { (void)onakit::pagerank(g, {.interrupt = stop}); }), "pagerank interrupted");
  EXPECT_EQ(message_of([&] { (void)onakit::katz(g, {.interrupt = stop}); }), "katz interrupted");
  onakit::communities_options co;
  co.interrupt = stop;
  EXPECT_EQ(message_of([&] { (void)onakit::communities(g, co); }), "communities interrupted");
  std::vector<std::uint32_t> halves(34);
  for (std::uint32_t v = 0; v < 34; ++v) halves[v] = v % 2;
  EXPECT_EQ(message_of([&] { (void)onakit::ei_index(g, halves, 2, {.permutations = 100, .interrupt = stop}); }),
            "ei_index interrupted");
  EXPECT_EQ(message_of([&] {
              (void)onakit::silo_report(g, halves, 2, {.min_group_size = 1, .permutations = 100, .interrupt = stop});
            }),
            "silo_report interrupted");
  EXPECT_THROW((void)onakit::betweenness(g, {.interrupt = stop}), onakit::interrupted);
}

}  // namespace
