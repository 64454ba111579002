#include <onakit/ingest/csv.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using onakit::csv_row;
using onakit::csv_tokenizer;

std::vector<std::vector<std::string>> rows_of(std::string_view text, char sep = ',',
                                              std::vector<std::uint64_t>* lines = nullptr) {
  csv_tokenizer tok(text, sep);
  csv_row row;
  std::vector<std::vector<std::string>> out;
  while (tok.next(row)) {
    out.emplace_back(row.fields.begin(), row.fields.end());
    if (lines != nullptr) lines->push_back(row.line);
  }
  return out;
}

using rows = std::vector<std::vector<std::string>>;

TEST(Csv, PlainFieldsAndLineNumbers) {
  std::vector<std::uint64_t> lines;
  EXPECT_EQ(rows_of("a,b,c\n1,2,3\n\n4,,6", ',', &lines), (rows{{"a", "b", "c"}, {"1", "2", "3"}, {"4", "", "6"}}));
  EXPECT_EQ(lines, (std::vector<std::uint64_t>{1, 2, 4}));
  EXPECT_EQ(rows_of("a,\n"), (rows{{"a", ""}}));
}

TEST(Csv, QuotedFieldsAndDoubledQuotes) {
  EXPECT_EQ(rows_of(R"("a, b","say ""hi""",""
x"y,z",w)"), (rows{{"a, b", "say \"hi\"", ""}, {"xy,z", "w"}}));
}

TEST(Csv, QuotedNewlinesKeepLineNumbersRight) {
  std::vector<std::uint64_t> lines;
  EXPECT_EQ(rows_of("\"multi\nline\",2\nnext,3\n", ',', &lines),
            (rows{{"multi\nline", "2"}, {"next", "3"}}));
  EXPECT_EQ(lines, (std::vector<std::uint64_t>{1, 3}));
}

TEST(Csv, CrLfLineEnds) {
  std::vector<std::uint64_t> lines;
  EXPECT_EQ(rows_of("a,b\r\n\"1\",2\r\n\r\n3,4\r\n", ',', &lines), (rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(lines, (std::vector<std::uint64_t>{1, 2, 4}));
}

TEST(Csv, BomIsStripped) {
  const std::string text = "\xEF\xBB\xBFsender,recipients\n";
  EXPECT_EQ(rows_of(onakit::strip_bom(text)), (rows{{"sender", "recipients"}}));
  EXPECT_EQ(onakit::strip_bom("abc"), "abc");
}

TEST(Csv, UnterminatedQuoteIsFlagged) {
  csv_tokenizer tok("a,\"open\nb,c\n");
  csv_row row;
  ASSERT_TRUE(tok.next(row));
  EXPECT_TRUE(row.unterminated_quote);
  EXPECT_FALSE(tok.next(row));
}

TEST(Csv, DetectsDelimiterFromHeader) {
  EXPECT_EQ(onakit::detect_delimiter("Sender;Recipient;EventDate\n1,2;3"), ';');
  EXPECT_EQ(onakit::detect_delimiter("a\tb\tc"), '\t');
  EXPECT_EQ(onakit::detect_delimiter("a|b"), '|');
  EXPECT_EQ(onakit::detect_delimiter("\"a;b\",c"), ',');  // quoted ; does not count
  EXPECT_EQ(onakit::detect_delimiter("single"), ',');
}

TEST(Csv, OtherDelimiters) {
  EXPECT_EQ(rows_of("a;b\n\"x;y\";z\n", ';'), (rows{{"a", "b"}, {"x;y", "z"}}));
  EXPECT_EQ(rows_of("a\tb\n", '\t'), (rows{{"a", "b"}}));
}

TEST(Csv, SplitRowsCutsOutsideQuotesOnly) {
  std::string text;
  for (int i = 0; i < 2000; ++i) {
    // Appended piece by piece (operator+ chains trip a GCC 12 -Wrestrict false positive).
    text.append(i % 3 == 0 ? "\"q\n" : "a");
    text.append(std::to_string(i));
    text.append(i % 3 == 0 ? "\nq\",x\n" : ",y\n");
  }
  for (std::size_t parts : {1u, 2u, 3u, 7u, 64u}) {
    const auto cut = onakit::detail::split_rows(text, parts);
    ASSERT_EQ(cut.size(), parts + 1);
    EXPECT_EQ(cut.front(), 0u);
    EXPECT_EQ(cut.back(), text.size());
    rows joined;
    for (std::size_t k = 0; k < parts; ++k) {
      ASSERT_LE(cut[k], cut[k + 1]);
      if (cut[k] > 0) {
        ASSERT_EQ(text[cut[k] - 1], '\n');
      }
      const auto part = rows_of(std::string_view(text).substr(cut[k], cut[k + 1] - cut[k]));
      joined.insert(joined.end(), part.begin(), part.end());
    }
    EXPECT_EQ(joined, rows_of(text)) << parts << " parts";
  }
}

}  // namespace
