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

namespace {

// The quoting rule of csv.hpp, one byte at a time: the specification the
// vectorised tokenizer must match.
struct reference_row {
  std::vector<std::string> fields;
  std::uint64_t line;
  bool unterminated;
};

std::vector<reference_row> reference_rows(std::string_view s, char sep) {
  std::vector<reference_row> out;
  std::size_t i = 0;
  std::uint64_t line = 1;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == '\n' || s[i] == '\r')) line += s[i++] == '\n';
    if (i >= s.size()) break;
    reference_row r{{}, line, false};
    for (bool row_done = false; !row_done;) {
      std::string f;
      bool quoted = false;
      std::size_t k = i;
      for (; k < s.size(); ++k) {
        const char c = s[k];
        if (c == '"') {
          if (quoted && k + 1 < s.size() && s[k + 1] == '"') { f += '"'; ++k; continue; }
          quoted = !quoted;
        } else if (!quoted && (c == sep || c == '\n')) {
          break;
        } else {
          if (c == '\n') ++line;
          f += c;
        }
      }
      if (k >= s.size()) {
        r.unterminated = quoted;
        row_done = true;
        i = k;
      } else {
        row_done = s[k] == '\n';
        if (row_done) ++line;
        i = k + 1;
      }
      if ((row_done && k < s.size()) || k >= s.size())
        if (!quoted && !f.empty() && f.back() == '\r' && k < s.size() && s[k] == '\n') f.pop_back();
      r.fields.push_back(f);
    }
    out.push_back(r);
  }
  return out;
}

}  // namespace

// Random inputs mixing long plain fields (several 16-byte blocks), quotes
// in every position, doubled quotes, CRLF and newlines inside quotes.
TEST(Csv, MatchesByteAtATimeReferenceOnRandomInput) {
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  const std::string alphabet = "abcdefgh@.,;\"\n\r ";
  for (int round = 0; round < 2000; ++round) {
    const char sep = round % 3 == 0 ? ';' : ',';
    std::string text;
    const std::size_t len = next() % 200;
    for (std::size_t k = 0; k < len; ++k) {
      const auto r = next() % 100;
      text += r < 70 ? static_cast<char>('a' + r % 26) : alphabet[r % alphabet.size()];
    }
    const auto want = reference_rows(text, sep);
    csv_tokenizer tok(text, sep);
    csv_row row;
    std::size_t k = 0;
    while (tok.next(row)) {
      ASSERT_LT(k, want.size()) << "round " << round;
      const std::vector<std::string> got(row.fields.begin(), row.fields.end());
      ASSERT_EQ(got, want[k].fields) << "round " << round << " row " << k;
      ASSERT_EQ(row.line, want[k].line) << "round " << round << " row " << k;
      ASSERT_EQ(row.unterminated_quote, want[k].unterminated) << "round " << round << " row " << k;
      ++k;
    }
    ASSERT_EQ(k, want.size()) << "round " << round;
  }
}
