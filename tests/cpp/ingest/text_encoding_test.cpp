// text_encoding.hpp and detail/utf8.hpp, and how the table readers use them:
// text that is not UTF-8 is transcoded (encoding=) or refused per record as
// "invalid UTF-8", never stored; every stored string is valid UTF-8.
#include <onakit/detail/utf8.hpp>
#include <onakit/ingest/edgelist.hpp>
#include <onakit/ingest/email_csv.hpp>
#include <onakit/ingest/message_trace.hpp>
#include <onakit/ingest/text_encoding.hpp>
#include <onakit/ingest/viva_p2p.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using onakit::detail::valid_utf8;

std::string utf16le(std::string_view ascii_or_latin1, bool bom = true) {
  std::string out = bom ? std::string("\xFF\xFE", 2) : std::string();
  for (const char c : ascii_or_latin1) {
    out.push_back(c);
    out.push_back('\0');
  }
  return out;
}

TEST(utf8, valid_utf8_follows_unicode_table_3_7) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("plain ascii, longer than sixteen bytes for the vector loop"));
  EXPECT_TRUE(valid_utf8("J\xC3\xB6rg \xE2\x82\xAC \xF0\x9F\x98\x80"));  // ö € 😀
  EXPECT_TRUE(valid_utf8(std::string(40, 'a') + "\xC3\xA9" + std::string(17, 'b')));
  EXPECT_FALSE(valid_utf8("J\xF6rg"));                      // Latin-1 ö
  EXPECT_FALSE(valid_utf8(std::string(31, 'a') + "\xE9"));  // at the end, after the vector loop
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));                     // overlong '/'
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));                 // surrogate
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));             // above U+10FFFF
  EXPECT_FALSE(valid_utf8("\xE2\x82"));                     // truncated
  EXPECT_FALSE(valid_utf8("\x80"));                         // lone continuation byte
}

TEST(utf8, fallback_keeps_utf8_and_reads_the_rest_as_windows_1252) {
  EXPECT_EQ(onakit::detail::to_utf8_fallback("J\xC3\xB6rg"), "J\xC3\xB6rg");
  EXPECT_EQ(onakit::detail::to_utf8_fallback("J\xF6rg"), "J\xC3\xB6rg");
  EXPECT_EQ(onakit::detail::to_utf8_fallback("\x80 \x93q\x94"), "\xE2\x82\xAC \xE2\x80\x9Cq\xE2\x80\x9D");
  EXPECT_EQ(onakit::detail::to_utf8_fallback("\x81"), "\xC2\x81");  // undefined in 1252: as Latin-1
  std::string s = "caf\xE9";
  onakit::detail::make_valid_utf8(s);
  EXPECT_EQ(s, "caf\xC3\xA9");
}

TEST(text_encoding, names_boms_and_conversions) {
  using onakit::text_encoding;
  EXPECT_EQ(onakit::parse_text_encoding("UTF-8"), text_encoding::utf8);
  EXPECT_EQ(onakit::parse_text_encoding("latin_1"), text_encoding::latin1);
  EXPECT_EQ(onakit::parse_text_encoding("ISO-8859-1"), text_encoding::latin1);
  EXPECT_EQ(onakit::parse_text_encoding("windows-1252"), text_encoding::cp1252);
  EXPECT_EQ(onakit::parse_text_encoding("utf-16"), text_encoding::utf16);
  try {
    (void)onakit::parse_text_encoding("ebcdic");
    FAIL() << "no error";
  } catch (const onakit::invalid_option& e) {
    EXPECT_NE(std::string(e.what()).find("encoding must be"), std::string::npos) << e.what();
  }
  std::string storage;
  EXPECT_EQ(onakit::decode_text("\xEF\xBB\xBF" "a,b", text_encoding::latin1, "f", storage), "a,b");  // BOM wins
  EXPECT_EQ(onakit::decode_text("caf\xE9", text_encoding::latin1, "f", storage), "caf\xC3\xA9");
  EXPECT_EQ(onakit::decode_text("\x80", text_encoding::cp1252, "f", storage), "\xE2\x82\xAC");
  EXPECT_EQ(onakit::decode_text("\x80", text_encoding::latin1, "f", storage), "\xC2\x80");
  EXPECT_EQ(onakit::decode_text(utf16le("caf\xE9\n"), text_encoding::utf8, "f", storage), "caf\xC3\xA9\n");
  EXPECT_EQ(onakit::decode_text(std::string("\xFE\xFF\x00h\xD8\x3D\xDE\x00", 8), text_encoding::utf8, "f", storage),
            "h\xF0\x9F\x98\x80");                                                              // big-endian pair
  EXPECT_EQ(onakit::decode_text(std::string("\xFF\xFE\x00\xD8x", 5), text_encoding::utf8, "f", storage),
            "\xEF\xBF\xBD\xEF\xBF\xBD");  // lone surrogate, dangling byte
  EXPECT_EQ(onakit::decode_text(utf16le("ab", false), text_encoding::utf16, "f", storage), "ab");
  try {
    (void)onakit::decode_text(utf16le("sender,recipients\n", false), text_encoding::utf8, "f.csv", storage);
    FAIL() << "no error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "UTF-16 text without a byte-order mark");
    EXPECT_NE(std::string(e.what()).find("utf-16-le"), std::string::npos) << e.what();
  }
}

const std::string latin1_csv =
    "sender,recipients,timestamp\n"
    "ann@x.org,bob@x.org,2024-03-01T09:00:00Z\n"
    "j\xF6rg@x.org,ann@x.org,2024-03-01T10:00:00Z\n"  // line 3: Latin-1 ö
    "bob@x.org,ann@x.org,2024-03-01T11:00:00Z\n";

TEST(text_encoding, email_csv_latin1_strict_names_file_and_line) {
  try {
    (void)onakit::read_email_csv_text(latin1_csv, {}, "hr.csv");
    FAIL() << "no error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.file(), "hr.csv");
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.reason(), "invalid UTF-8");
    EXPECT_NE(std::string(e.what()).find("encoding="), std::string::npos) << e.what();
    EXPECT_TRUE(valid_utf8(e.what()));
  }
}

TEST(text_encoding, email_csv_latin1_skip_counts_and_stores_only_utf8) {
  onakit::email_csv_options o;
  o.errors = onakit::error_policy::skip;
  const auto log = onakit::read_email_csv_text(latin1_csv, o);
  EXPECT_EQ(log.num_messages(), 2u);
  EXPECT_EQ(log.report().skipped.at("invalid UTF-8"), 1u);
  EXPECT_TRUE(log.report().balanced());
  for (const auto& p : log.people()) EXPECT_TRUE(valid_utf8(p)) << p;
}

TEST(text_encoding, email_csv_latin1_and_utf16_decoded) {
  onakit::email_csv_options o;
  o.encoding = onakit::text_encoding::latin1;
  const auto log = onakit::read_email_csv_text(latin1_csv, o);
  EXPECT_EQ(log.num_messages(), 3u);
  EXPECT_EQ(log.people()[2], "j\xC3\xB6rg@x.org");
  // A UTF-16 export with a BOM (Excel "Unicode text", PowerShell 5) needs no option.
  const auto log16 = onakit::read_email_csv_text(utf16le(latin1_csv), {});
  EXPECT_EQ(log16.people(), log.people());
  EXPECT_EQ(log16.num_messages(), 3u);
}

TEST(text_encoding, email_csv_parallel_chunks_check_every_row) {
  std::string text = "sender,recipients,timestamp\n";
  for (int i = 0; i < 20000; ++i) text += "ann@x.org,bob@x.org,2024-03-01T09:00:00Z\n";
  text += "b\xE9" "a@x.org,bob@x.org,2024-03-01T09:00:00Z\n";  // line 20002, in the last chunk
  onakit::email_csv_options o;
  o.threads = 4;
  try {
    (void)onakit::read_email_csv_text(text, o, "big.csv");
    FAIL() << "no error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.line(), 20002u);
    EXPECT_EQ(e.reason(), "invalid UTF-8");
  }
}

TEST(text_encoding, header_that_is_not_utf8_is_an_error) {
  onakit::email_csv_options o;
  o.errors = onakit::error_policy::skip;
  o.sender = "exp\xE9" "diteur";
  try {
    (void)onakit::read_email_csv_text("exp\xE9" "diteur,recipients,timestamp\n", o, "h.csv");
    FAIL() << "no error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.reason(), "invalid UTF-8");
  }
}

TEST(text_encoding, message_trace_viva_and_edgelist) {
  onakit::message_trace_options t;
  t.errors = onakit::error_policy::skip;
  const std::string trace =
      "Received,SenderAddress,RecipientAddress,Status,MessageId\n"
      "2024-03-01T09:00:00Z,ann@x.org,bob@x.org,Delivered,<1@x>\n"
      "2024-03-01T09:00:00Z,ann@x.org,bob@x.org,Delivered,<\xE9@x>\n";
  auto log = onakit::read_message_trace_text(trace, t);
  EXPECT_EQ(log.report().skipped.at("invalid UTF-8"), 1u);
  t.encoding = onakit::text_encoding::latin1;
  log = onakit::read_message_trace_text(trace, t);
  ASSERT_EQ(log.num_messages(), 2u);
  EXPECT_EQ(log.message_id(1), "<\xC3\xA9@x>");

  onakit::viva_p2p_options v;
  v.weight = "Email_count";
  v.errors = onakit::error_policy::skip;
  const std::string viva =
      "PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,Email_count,PrimaryCollaborator_Organization\n"
      "p1,p2,3,Sales\n"
      "p2,p1,2,R\xE9seau\n";
  auto r = onakit::read_viva_p2p_text(viva, v);
  EXPECT_EQ(r.log.report().skipped.at("invalid UTF-8"), 1u);
  v.encoding = onakit::text_encoding::cp1252;
  r = onakit::read_viva_p2p_text(viva, v);
  EXPECT_EQ(r.attributes[1][0], "R\xC3\xA9seau");

  onakit::edgelist_options e;
  try {
    (void)onakit::read_edgelist_text("a b\nc\xFF d\n", e, "e.txt");
    FAIL() << "no error";
  } catch (const onakit::parse_error& err) {
    EXPECT_EQ(err.line(), 2u);
    EXPECT_EQ(err.reason(), "invalid UTF-8");
  }
  e.encoding = onakit::text_encoding::latin1;
  log = onakit::read_edgelist_text("a b\nc\xFF d\n", e);
  EXPECT_EQ(log.people()[2], "c\xC3\xBF");
}

TEST(text_encoding, nul_in_an_address_is_a_bad_address_not_a_person) {
  using namespace std::string_literals;
  const std::string csv = "sender,recipients\nb@x.org,a@x.org\nb\0@x.org,a@x.org\na@x.org,b@x.org;c\0@x.org\n"s;
  onakit::email_csv_options o;
  o.timestamp = "";
  try {
    (void)onakit::read_email_csv_text(csv, o, "n.csv");
    FAIL() << "no error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.reason(), "bad address");
    EXPECT_EQ(e.field(), "sender");
  }
  o.errors = onakit::error_policy::skip;
  const auto log = onakit::read_email_csv_text(csv, o);
  EXPECT_EQ(log.people(), (std::vector<std::string>{"b@x.org", "a@x.org"}));
  EXPECT_EQ(log.report().skipped.at("bad address"), 2u);
  EXPECT_TRUE(log.report().balanced());

  onakit::edgelist_options e;
  e.errors = onakit::error_policy::skip;
  const auto el = onakit::read_edgelist_text("a b\na\0 b\n"s, e);
  EXPECT_EQ(el.num_people(), 2u);
  EXPECT_EQ(el.report().skipped.at("bad address"), 1u);
}

TEST(DecodeTableText, ChecksTheWholeTextAndNamesTheFirstBadLine) {
  EXPECT_EQ(onakit::decode_table_text("id,site\n1,Z\xfcrich\n", onakit::text_encoding::latin1, "hr.csv"),
            "id,site\n1,Z\xc3\xbcrich\n");
  EXPECT_EQ(onakit::decode_table_text("\xef\xbb\xbfid\n1\n", onakit::text_encoding::utf8, "hr.csv"), "id\n1\n");
  try {
    (void)onakit::decode_table_text("id,site\n1,ok\n2,Z\xfcrich\n", onakit::text_encoding::utf8, "hr.csv");
    FAIL() << "expected parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.reason(), "invalid UTF-8");
    EXPECT_NE(std::string(e.what()).find("hr.csv"), std::string::npos);
  }
  EXPECT_THROW((void)onakit::decode_table_text(" \r\n\t", onakit::text_encoding::utf8, "hr.csv"), onakit::parse_error);
}

}  // namespace

// Fuzz finding (fuzz/corpus/text_encoding/finding-doubled-bom): a doubled
// byte-order mark (UTF-8 EF BB BF twice, or a UTF-16 BOM followed by U+FEFF)
// left a U+FEFF at the start of the decoded text, so the first column's name
// was not the name written ("missing column"). Every leading mark goes.
TEST(text_encoding, fuzz_finding_doubled_bom_is_removed) {
  using onakit::text_encoding;
  std::string storage;
  EXPECT_EQ(onakit::decode_text("\xEF\xBB\xBF\xEF\xBB\xBF" "sender,recipients\n", text_encoding::utf8, "f", storage),
            "sender,recipients\n");
  EXPECT_EQ(onakit::decode_text(std::string("\xFE\xFF\xFE\xFF\x00h", 6), text_encoding::utf8, "f", storage), "h");
  EXPECT_EQ(onakit::decode_text(std::string("\xFF\xFE\xFF\xFEh\x00", 6), text_encoding::utf8, "f", storage), "h");
  EXPECT_EQ(onakit::decode_table_text("\xEF\xBB\xBF\xEF\xBB\xBF" "a;b\n", text_encoding::latin1, "f"), "a;b\n");
  // A U+FEFF inside the text is kept (only leading marks are not text).
  EXPECT_EQ(onakit::decode_text("a\xEF\xBB\xBF" "b", text_encoding::utf8, "f", storage), "a\xEF\xBB\xBF" "b");
  const auto log =
      onakit::read_email_csv_text("\xEF\xBB\xBF\xEF\xBB\xBF" "sender,recipients,timestamp\nann,bob,2024-01-01\n");
  EXPECT_EQ(log.num_messages(), 1u);
}
