#include <onakit/ingest/crypto.hpp>  // keyed pseudonyms (pseudonymize_key)
#include <onakit/ingest/viva_p2p.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using onakit::error_policy;
using onakit::read_viva_p2p_text;
using onakit::viva_p2p_options;
using onakit::viva_p2p_result;

// A hand-written export in the shape a person-to-person query writes: weekly
// rows, two metrics, attributes of both people (in a different column order
// for each side), a BOM and a quoted cell with a comma.
const std::string fixture =
    "\xEF\xBB\xBF"
    "MetricDate,PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,Collaboration_hours,Email_count,"
    "PrimaryCollaborator_Organization,PrimaryCollaborator_LevelDesignation,SecondaryCollaborator_LevelDesignation,"
    "SecondaryCollaborator_Organization\r\n"
    "3/3/2024,p1,p2,1.5,4,Sales,Manager,IC,\"Finance, EMEA\"\r\n"
    "3/3/2024,p2,p1,0.25,1,\"Finance, EMEA\",IC,Manager,Sales\r\n"
    "3/10/2024,p1,p2,2,6,Sales,Manager,IC,\"Finance, EMEA\"\r\n"
    "3/10/2024,p1,p3,0,0,Sales,Manager,,Legal\r\n"
    "3/10/2024,p3,p1,0.5,2,Legal,Director,Manager,Sales\r\n";

std::size_t attr(const viva_p2p_result& r, const std::string& name) {
  const auto it = std::find(r.attribute_names.begin(), r.attribute_names.end(), name);
  EXPECT_NE(it, r.attribute_names.end()) << name;
  return static_cast<std::size_t>(it - r.attribute_names.begin());
}

std::string value(const viva_p2p_result& r, const std::string& person, const std::string& name) {
  const auto& people = r.log.people();
  const auto it = std::find(people.begin(), people.end(), person);
  EXPECT_NE(it, people.end()) << person;
  return r.attributes[static_cast<std::size_t>(it - people.begin())][attr(r, name)];
}

TEST(viva_p2p, one_weighted_message_per_row_and_attributes_by_id) {
  viva_p2p_options o;
  o.weight = "Collaboration_hours";
  const viva_p2p_result r = read_viva_p2p_text(fixture, o);
  const auto& log = r.log;
  ASSERT_EQ(log.people(), (std::vector<std::string>{"p1", "p2", "p3"}));
  ASSERT_EQ(log.num_messages(), 4u);  // the zero-hours row is skipped
  const std::vector<std::pair<std::string, std::string>> pairs = {{"p1", "p2"}, {"p2", "p1"}, {"p1", "p2"}, {"p3", "p1"}};
  const std::vector<double> weights = {1.5, 0.25, 2.0, 0.5};
  for (std::size_t m = 0; m < 4; ++m) {
    EXPECT_EQ(log.people()[log.sender(m)], pairs[m].first);
    ASSERT_EQ(log.recipients(m).size(), 1u);
    EXPECT_EQ(log.people()[log.recipients(m)[0]], pairs[m].second);
    EXPECT_EQ(log.roles(m)[0], onakit::role::to);
    EXPECT_DOUBLE_EQ(log.weight(m), weights[m]);  // exact decimal fractions of 2
  }
  // MetricDate (US month/day/year) becomes the time: 2024-03-03 and 2024-03-10.
  EXPECT_EQ(log.time(0), onakit::parse_timestamp("2024-03-03"));
  EXPECT_EQ(log.time(3), onakit::parse_timestamp("2024-03-10"));

  EXPECT_EQ(r.attribute_names, (std::vector<std::string>{"Organization", "LevelDesignation"}));
  ASSERT_EQ(r.attributes.size(), 3u);
  EXPECT_EQ(value(r, "p1", "Organization"), "Sales");
  EXPECT_EQ(value(r, "p2", "Organization"), "Finance, EMEA");
  EXPECT_EQ(value(r, "p3", "Organization"), "Legal");
  EXPECT_EQ(value(r, "p1", "LevelDesignation"), "Manager");
  EXPECT_EQ(value(r, "p2", "LevelDesignation"), "IC");
  EXPECT_EQ(value(r, "p3", "LevelDesignation"), "Director");

  const auto& rep = log.report();
  EXPECT_EQ(rep.records_read, 5u);
  EXPECT_EQ(rep.records_kept, 4u);
  EXPECT_EQ(rep.skipped.at("zero weight"), 1u);
  EXPECT_TRUE(rep.balanced());
  EXPECT_EQ(rep.dropped.count("attribute conflict"), 0u);
}

TEST(viva_p2p, weight_column_and_headers_are_case_insensitive) {
  viva_p2p_options o;
  o.weight = "email_COUNT";
  o.date = "";
  const viva_p2p_result r = read_viva_p2p_text(fixture, o);
  ASSERT_EQ(r.log.num_messages(), 4u);
  EXPECT_DOUBLE_EQ(r.log.weight(0), 4.0);
  EXPECT_DOUBLE_EQ(r.log.weight(3), 2.0);
  EXPECT_EQ(r.log.time(0), onakit::no_time);
}

TEST(viva_p2p, conflicting_attributes_keep_the_first_and_are_counted) {
  const std::string text =
      "Date;PrimaryCollaborator_PersonId;SecondaryCollaborator_PersonId;Meeting_hours;PrimaryCollaborator_Organization;"
      "SecondaryCollaborator_Organization\n"
      "2024-03-03;a;b;1;Sales;Ops\n"
      "2024-03-10;a;b;1;Marketing;Ops\n"  // a moved: conflict
      "2024-03-17;b;a;1;;Marketing\n";     // b's empty value is no conflict; a again conflicts
  viva_p2p_options o;
  o.weight = "Meeting_hours";
  const viva_p2p_result r = read_viva_p2p_text(text, o);
  EXPECT_EQ(value(r, "a", "Organization"), "Sales");
  EXPECT_EQ(value(r, "b", "Organization"), "Ops");
  EXPECT_EQ(r.log.report().dropped.at("attribute conflict"), 2u);
  EXPECT_EQ(r.log.time(1), onakit::parse_timestamp("2024-03-10"));  // the "Date" column found by "auto"
}

const std::string bad_rows =
    "PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,Collaboration_hours\n"
    "a,b,1\n"
    "a,,1\n"         // line 3: empty secondary
    "a,b,lots\n"     // line 4: bad weight
    "a,b,-2\n"       // line 5: bad weight
    "a,b,1,extra\n"  // line 6: wrong number of fields
    ",b,1\n"         // line 7: empty primary
    "b,a,3e-1\n";

TEST(viva_p2p, strict_throws_on_the_first_bad_row) {
  viva_p2p_options o;
  o.weight = "Collaboration_hours";
  try {
    (void)read_viva_p2p_text(bad_rows, o, "p2p.csv");
    FAIL() << "expected a parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.file(), "p2p.csv");
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.reason(), "empty secondary");
    EXPECT_EQ(e.field(), "SecondaryCollaborator_PersonId");
  }
}

TEST(viva_p2p, skip_counts_every_bad_row_by_reason) {
  viva_p2p_options o;
  o.weight = "Collaboration_hours";
  o.errors = error_policy::skip;
  const viva_p2p_result r = read_viva_p2p_text(bad_rows, o);
  const auto& rep = r.log.report();
  EXPECT_EQ(rep.records_read, 7u);
  EXPECT_EQ(rep.records_kept, 2u);
  EXPECT_EQ(rep.skipped.at("empty secondary"), 1u);
  EXPECT_EQ(rep.skipped.at("bad weight"), 2u);
  EXPECT_EQ(rep.skipped.at("wrong number of fields"), 1u);
  EXPECT_EQ(rep.skipped.at("empty primary"), 1u);
  EXPECT_TRUE(rep.balanced());
  EXPECT_DOUBLE_EQ(r.log.weight(1), 0.3);
  EXPECT_TRUE(r.attribute_names.empty());
  EXPECT_EQ(r.attributes.size(), 2u);
}

TEST(viva_p2p, missing_columns_name_what_was_found) {
  viva_p2p_options o;
  EXPECT_THROW((void)read_viva_p2p_text(fixture, o), onakit::parse_error);  // no weight chosen
  o.weight = "Focus_hours";
  try {
    (void)read_viva_p2p_text(fixture, o);
    FAIL();
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "missing column");
    EXPECT_NE(std::string(e.what()).find("Collaboration_hours"), std::string::npos);
  }
  o.weight = "Collaboration_hours";
  EXPECT_THROW((void)read_viva_p2p_text("", o), onakit::parse_error);
}

TEST(viva_p2p, identity_rules_apply_before_storage) {
  const std::string text =
      "PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,Email_count,PrimaryCollaborator_Region\n"
      "Ann@Corp.example,bob@corp.example,3,West\n"
      "ann@corp.example,x@vendor.example,2,West\n"   // secondary external: skipped
      "x@vendor.example,ann@corp.example,1,East\n";  // primary external: skipped
  onakit::identity_options io;
  io.internal_domains = {"corp.example"};
  io.pseudonymize_key = "k";
  auto rules = std::make_shared<const onakit::identities>(io);
  viva_p2p_options o;
  o.weight = "Email_count";
  o.identity_rules = rules;
  const viva_p2p_result r = read_viva_p2p_text(text, o);
  const auto& rep = r.log.report();
  EXPECT_EQ(rep.records_kept, 1u);
  EXPECT_EQ(rep.skipped.at("no recipients after identity rules"), 1u);
  EXPECT_EQ(rep.skipped.at("sender external"), 1u);
  EXPECT_TRUE(rep.balanced());
  ASSERT_EQ(r.log.people(),
            (std::vector<std::string>{rules->pseudonym("ann@corp.example"), rules->pseudonym("bob@corp.example")}));
  EXPECT_EQ(r.attributes[0][0], "West");
  for (const auto& p : r.log.people()) EXPECT_EQ(p.find('@'), std::string::npos);
}

TEST(viva_p2p, reads_files_and_gzip_names_errors_by_path) {
  const auto path = std::filesystem::temp_directory_path() / "onakit_viva_p2p_test.csv";
  {
    std::ofstream f(path, std::ios::binary);
    f << fixture;
  }
  viva_p2p_options o;
  o.weight = "Collaboration_hours";
  const viva_p2p_result r = onakit::read_viva_p2p(path, o);
  EXPECT_EQ(r.log.num_messages(), 4u);
  EXPECT_EQ(r.log.report().source, path.string());
  std::filesystem::remove(path);
  EXPECT_THROW((void)onakit::read_viva_p2p(path, o), onakit::io_error);
}


// progress= / Ctrl-C: the reader polls every 4096 rows with the bytes parsed;
// the check stopping the read throws interrupted naming the reader.
TEST(VivaP2P, PollsWithBytesParsedAndStopsWhenAsked) {
  std::string text = "PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,Email_count\n";
  for (int i = 0; i < 20000; ++i) text += "p" + std::to_string(i % 97) + ",p" + std::to_string(i % 89) + ",1\n";
  std::vector<onakit::work_position> seen;
  viva_p2p_options o;
  o.weight = "Email_count";
  o.interrupt = [&] {
    seen.push_back(onakit::poll_position());
    return false;
  };
  onakit::reset_position();
  const auto r = read_viva_p2p_text(text, o);
  EXPECT_EQ(r.log.num_messages(), 20000u);
  ASSERT_EQ(seen.size(), 20000u / 4096);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].total, text.size());
    EXPECT_LT(seen[i].done, text.size());
    if (i) {
      EXPECT_GT(seen[i].done, seen[i - 1].done);
    }
  }
  o.interrupt = [] { return true; };
  try {
    (void)read_viva_p2p_text(text, o);
    FAIL() << "expected interrupted";
  } catch (const onakit::interrupted& e) {
    EXPECT_STREQ(e.what(), "read_viva_p2p interrupted");
  }
}

TEST(VivaP2p, AColumnNamedTwiceIsAnError) {
  viva_p2p_options o;
  o.weight = "Collaboration_hours";
  try {
    (void)read_viva_p2p_text("\nPrimaryCollaborator_PersonId,secondarycollaborator_personid,"
                             "SecondaryCollaborator_PersonId,MetricDate,Collaboration_hours\np1,p2,p3,2024-03-03,1\n",
                             o, "dup.csv");
    FAIL() << "expected a parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "duplicate column");  // header names are case-insensitive
    EXPECT_EQ(e.line(), 2u) << e.what();           // after a blank line
  }
}

}  // namespace
