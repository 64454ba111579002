#include <onakit/labels.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using onakit::label_matcher;

TEST(Labels, MatchTextTrims) {
  EXPECT_EQ(onakit::match_text("  17\t\r\n"), "17");
  EXPECT_EQ(onakit::match_text(" \t "), "");
  EXPECT_EQ(onakit::match_text(""), "");
}

TEST(Labels, ExactThenCaseFoldedThenNothing) {
  const std::vector<std::string> people{"Ann@X.org", "ann@x.org", "17", "Bob", ""};
  const label_matcher m(people);
  EXPECT_EQ(m.find("Ann@X.org"), 0u);
  EXPECT_EQ(m.find("ann@x.org"), 1u);   // an exact match beats the folded one
  EXPECT_EQ(m.find("ANN@X.ORG"), 0u);   // folded: the first person with that text
  EXPECT_EQ(m.find(" 17 "), 2u);
  EXPECT_EQ(m.find("bob"), 3u);
  EXPECT_EQ(m.find("017"), label_matcher::npos);
  EXPECT_EQ(m.find(""), label_matcher::npos);  // an empty key matches nobody, not the empty label
  EXPECT_EQ(m.find("   "), label_matcher::npos);
}

TEST(Labels, FoldsAsciiOnly) {
  const std::vector<std::string> people{"\xc3\x84nn"};  // "Änn"
  const label_matcher m(people);
  EXPECT_EQ(m.find("\xc3\x84NN"), 0u);
  EXPECT_EQ(m.find("\xc3\xa4nn"), label_matcher::npos);  // "änn": non-ASCII letters keep their case
}

TEST(Labels, FirstOfRepeatedTextsWins) {
  const std::vector<std::string> people{" x", "x ", "X"};
  const label_matcher m(people);
  EXPECT_EQ(m.find("x"), 0u);
  EXPECT_EQ(m.find("X"), 2u);
}

}  // namespace
