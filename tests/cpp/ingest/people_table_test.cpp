#include <onakit/ingest/crypto.hpp>  // keyed pseudonyms (the crypto component)
#include <onakit/ingest/people_table.hpp>

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using onakit::people_table;

fs::path write_file(const std::string& name, const std::string& text) {
  const fs::path p = fs::temp_directory_path() / ("onakit_people_test_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

TEST(JoinPeople, CandidatesInOrderFirstRowWins) {
  const std::vector<std::string> people{"17", "ann@x.org", "bob@x.org", "carl"};
  const std::vector<std::string> ids{" 17", "", "", "17", "nobody", ""};
  const std::vector<std::string> mails{"", "Ann@X.org", "BOB@x.ORG ", "", "", ""};
  const auto m = onakit::join_people(people, ids, mails, nullptr);
  EXPECT_EQ(m.row_of, (std::vector<std::size_t>{0, 1, 2, people_table::npos}));
  EXPECT_EQ(m.duplicate_rows, (std::vector<std::size_t>{3}));
  EXPECT_EQ(m.unmatched_rows, (std::vector<std::size_t>{4, 5}));
  EXPECT_THROW((void)onakit::join_people(people, ids, std::vector<std::string>{"a"}, nullptr), onakit::invalid_option);
}

TEST(JoinPeople, ThroughAliasesAndPseudonyms) {
  onakit::identity_options io;
  io.aliases = {{"ann.old@x.org", "ann@x.org"}};
  const onakit::identities plain(io);
  const std::vector<std::string> people{"ann@x.org"};
  EXPECT_EQ(onakit::join_people(people, {}, std::vector<std::string>{"Ann.Old@x.org"}, &plain).row_of[0], 0u);
  io.pseudonymize_key = "k";
  const onakit::identities keyed(io);
  const std::vector<std::string> pseudo{keyed.resolve("ann@x.org").label};
  EXPECT_EQ(onakit::join_people(pseudo, {}, std::vector<std::string>{"ann.old@x.org"}, &keyed).row_of[0], 0u);
  EXPECT_EQ(onakit::join_people(pseudo, {}, std::vector<std::string>{"ann.old@x.org"}, nullptr).row_of[0],
            people_table::npos);
}

TEST(ReadPeople, ColumnsTrimmedCellsAndErrors) {
  const auto p = write_file("a.csv", "ID;Dept;Name\n 1 ; Sales ;Ann\n2;Ops\n\n3;HR;Cy\n");
  onakit::people_table_options o;
  o.id = "ID";
  const std::vector<std::string> people{"3", "1", "9"};
  const auto t = onakit::read_people(p, o, people);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"ID", "Dept", "Name"}));
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"1", "Sales", "Ann"}));
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"2", "Ops", ""}));  // short row padded
  EXPECT_EQ(t.keys, (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(t.match.row_of, (std::vector<std::size_t>{2, 0, people_table::npos}));
  EXPECT_EQ(t.match.unmatched_rows, (std::vector<std::size_t>{1}));
  o.id = "Id ";
  try {
    (void)onakit::read_people(p, o);
    FAIL() << "expected parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "missing column");
    EXPECT_EQ(e.file(), p.string());
    EXPECT_NE(std::string(e.what()).find("id='Id '"), std::string::npos) << e.what();
  }
  o.id.clear();
  EXPECT_THROW((void)onakit::read_people(p, o), onakit::invalid_option);
  const auto wide = write_file("b.csv", "ID,Dept\n1,a\n2,b,c\n");
  o.id = "ID";
  try {
    (void)onakit::read_people(wide, o);
    FAIL() << "expected parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "wrong number of fields");
    EXPECT_EQ(e.line(), 3u);
  }
  EXPECT_THROW((void)onakit::read_people(write_file("c.csv", " \n"), o), onakit::parse_error);
  fs::remove(p);
  fs::remove(wide);
}

TEST(ReadPeople, HeaderlessColumns) {
  const auto p = write_file("d.tsv", "1\tSales\n2\tOps\n");
  onakit::people_table_options o;
  o.id = "id";
  o.columns = {"id", "dept"};
  const auto t = onakit::read_people(p, o);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1][t.column("dept")], "Ops");
  fs::remove(p);
}

TEST(ReadPeople, PseudonymisedTableHoldsNoRawIdentity) {
  const auto p = write_file("e.csv", "Email,First Name,Manager,Dept\nann@x.org,Ann,bob@x.org,Sales\nbob@x.org,Bob,,Ops\n");
  onakit::identity_options io;
  io.pseudonymize_key = "secret";
  const auto rules = std::make_shared<const onakit::identities>(io);
  onakit::people_table_options o;
  o.email = "Email";
  o.identity_rules = rules;
  const std::vector<std::string> people{rules->resolve("bob@x.org").label, rules->resolve("ann@x.org").label};
  const auto t = onakit::read_people(p, o, people);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"Email", "Manager", "Dept"}));  // the name column dropped
  for (const auto& r : t.rows)
    for (const auto& cell : r) EXPECT_EQ(cell.find('@'), std::string::npos) << cell;
  EXPECT_EQ(t.rows[0][1], people[0]);  // the manager's pseudonym: the label of bob
  EXPECT_EQ(t.rows[1][1], "");
  EXPECT_EQ(t.keys, (std::vector<std::string>{people[1], people[0]}));
  EXPECT_EQ(t.match.row_of, (std::vector<std::size_t>{1, 0}));
  EXPECT_TRUE(onakit::is_name_column("first_name"));
  EXPECT_TRUE(onakit::is_name_column("Display Name"));
  EXPECT_FALSE(onakit::is_name_column("Dept"));
  fs::remove(p);
}

}  // namespace
