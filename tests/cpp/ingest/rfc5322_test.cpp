// Expected values come from Python's standard library (email.utils.getaddresses,
// email.utils.parsedate_to_datetime, email.header.decode_header), run by hand
// on the same strings; where onakit reads more than the stdlib (groups with
// obsolete routes, LISTSERV's `Name addr@host`), the expectation is the
// RFC 5322 reading, checked by hand.
#include <onakit/ingest/rfc5322.hpp>

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace {

using pairs = std::vector<std::pair<std::string, std::string>>;

pairs parse(std::string_view s) {
  pairs out;
  for (auto& a : onakit::parse_address_list(s)) out.emplace_back(a.display_name, a.addr_spec);
  return out;
}

std::int64_t seconds(std::string_view d) {
  auto t = onakit::parse_rfc5322_date(d);
  EXPECT_TRUE(t.has_value()) << d;
  return t ? *t / onakit::microseconds_per_second : -1;
}

}  // namespace

TEST(rfc5322, address_list_display_names_and_groups) {
  EXPECT_EQ(parse("\"Lee, Ann\" <Ann@X.org>, undisclosed-recipients:;"), (pairs{{"Lee, Ann", "ann@x.org"}}));
  EXPECT_EQ(parse("Team: a@x.org, \"B\" <b@x.org>;, c@x.org"),
            (pairs{{"", "a@x.org"}, {"B", "b@x.org"}, {"", "c@x.org"}}));
  EXPECT_EQ(parse("ann@x.org (Ann Lee)"), (pairs{{"Ann Lee", "ann@x.org"}}));
  EXPECT_EQ(parse("a@x.org,, ,b@x.org"), (pairs{{"", "a@x.org"}, {"", "b@x.org"}}));
  EXPECT_EQ(parse("undisclosed-recipients:;"), pairs{});
  EXPECT_EQ(parse(""), pairs{});
}

TEST(rfc5322, obsolete_and_archive_forms) {
  // obsolete route (RFC 5322 §4.4)
  EXPECT_EQ(parse("<@route.org,@r2.org:Joe@Host.org>"), (pairs{{"", "joe@host.org"}}));
  // LISTSERV (3GPP archives): display name and address without brackets
  EXPECT_EQ(parse("\"Rodriguez-Herrera, Alfonso\"              Alfonso.Rodriguez-Herrera@SPIRENT.COM"),
            (pairs{{"Rodriguez-Herrera, Alfonso", "alfonso.rodriguez-herrera@spirent.com"}}));
  EXPECT_EQ(parse("Ruixin Wang wangruixin@CAICT.AC.CN"), (pairs{{"Ruixin Wang", "wangruixin@caict.ac.cn"}}));
  // pipermail obfuscation
  EXPECT_EQ(parse("andy at example.com (Andy Grunwald)"), (pairs{{"Andy Grunwald", "andy@example.com"}}));
  // nested comments, escapes, a quoted local part
  EXPECT_EQ(parse("x@y.org (a (nested) \\) comment)"), (pairs{{"a (nested) ) comment", "x@y.org"}}));
  EXPECT_EQ(parse("\"john doe\"@x.org"), (pairs{{"", "john doe@x.org"}}));
  // an element with no address at all is reported with an empty addr_spec
  EXPECT_EQ(parse("Ann, b@x.org"), (pairs{{"Ann", ""}, {"", "b@x.org"}}));
  EXPECT_EQ(parse("<\"barbara\"@mailman.enron.com@enron.com>, s@enron.com"), (pairs{{"", ""}, {"", "s@enron.com"}}));
  // folded across lines
  EXPECT_EQ(parse("a@x.org,\r\n\tB <b@x.org>"), (pairs{{"", "a@x.org"}, {"B", "b@x.org"}}));
}

TEST(rfc5322, lone_atoms_read_like_any_element) {
  // These take the scanner's fast path for an element that is one atom; the
  // results are those of the general path (checked against the parser
  // before the fast path existed).
  EXPECT_EQ(parse("Ann@X.Org"), (pairs{{"", "ann@x.org"}}));
  EXPECT_EQ(parse("a@b@c.org, plain, @"), (pairs{{"", ""}, {"plain", ""}, {"", "@"}}));
  EXPECT_EQ(parse("  A@x.org  ;b@x.org"), (pairs{{"", "a@x.org"}, {"", "b@x.org"}}));
  // not one atom: a comment, a group name, a second word
  EXPECT_EQ(parse("ann@x.org (Ann)"), (pairs{{"Ann", "ann@x.org"}}));
  EXPECT_EQ(parse("(Ann) ann@x.org"), (pairs{{"Ann", "ann@x.org"}}));
  EXPECT_EQ(parse("Team: A@x.org;"), (pairs{{"", "a@x.org"}}));
  EXPECT_EQ(parse("x@y.org:z"), (pairs{{"z", ""}}));
  EXPECT_EQ(parse("a@x.org b@x.org"), (pairs{{"a@x.org", "b@x.org"}}));
}

TEST(rfc5322, encoded_words_through_iconv) {
  EXPECT_EQ(onakit::decode_rfc2047("=?ISO-8859-1?Q?G=F6ran_Lastname?="), "G\xC3\xB6ran Lastname");
  EXPECT_EQ(onakit::decode_rfc2047("=?utf-8?Q?=C5=A0egan?="), "\xC5\xA0" "egan");
  // whitespace between adjacent encoded words is dropped (RFC 2047 §6.2)
  EXPECT_EQ(onakit::decode_rfc2047("=?UTF-8?B?SsO8cmdlbg==?= =?UTF-8?Q?_M=C3=BCller?="),
            "J\xC3\xBCrgen M\xC3\xBCller");
  EXPECT_EQ(onakit::decode_rfc2047("=?windows-1252?Q?Caf=E9_=80?="), "Caf\xC3\xA9 \xE2\x82\xAC");
  EXPECT_EQ(onakit::decode_rfc2047("=?KOI8-R?B?8NLJ18XU?="), "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
  // but kept between an encoded word and plain text
  EXPECT_EQ(onakit::decode_rfc2047("Danilo =?utf-8?Q?=C5=A0egan?= jr"), "Danilo \xC5\xA0" "egan jr");
  // unknown charset: left as written
  EXPECT_EQ(onakit::decode_rfc2047("=?x-nonsense?Q?abc?="), "=?x-nonsense?Q?abc?=");
  // invalid UTF-8 bytes become U+FFFD
  EXPECT_EQ(onakit::decode_rfc2047("=?utf-8?Q?a=FFb?="), "a\xEF\xBF\xBD" "b");
  // in a display name
  EXPECT_EQ(parse("danilo@gnome.org (Danilo =?utf-8?Q?=C5=A0egan?=)"),
            (pairs{{"Danilo \xC5\xA0" "egan", "danilo@gnome.org"}}));
}

TEST(rfc5322, dates_match_python_parsedate) {
  EXPECT_EQ(seconds("Fri, 25 May 2001 14:33:38 -0700 (PDT)"), 990826418);
  EXPECT_EQ(seconds("Thu, 20 Feb 2020 17:40:30 +0000"), 1582220430);
  EXPECT_EQ(seconds("1 Jan 99 00:00:00 EST"), 915166800);  // two-digit year, obsolete zone
  EXPECT_EQ(seconds("Mon, 17 Mar 2008 10:35:05 +0100"), 1205746505);
  EXPECT_EQ(seconds("Sat, 24 Aug 2002 01:24:49 +0800"), 1030123489);
  EXPECT_EQ(seconds("Wed, 01 Dec 2010 14:26:40 PDT"), 1291238800);
  EXPECT_EQ(seconds("29 Feb 2004 23:59 GMT"), 1078099140);  // no seconds, leap day
  EXPECT_EQ(seconds("Tue, 5 Jun 2001 9:04:05 CDT"), 991749845);
  EXPECT_EQ(seconds("Tue,  5 Jun 2001 09:04:05"), 991731845);  // no zone: UTC
  // the usual form (a fast path), without a day name, and with two spaces (the general path)
  EXPECT_EQ(seconds("Tue, 5 Dec 2000 06:35:00 -0800"), 976026900);
  EXPECT_EQ(seconds("5 Dec 2000 06:35:00 +0530"), 975978300);
  EXPECT_EQ(seconds("Tue,  5 Dec 2000 06:35:00 -0800"), 976026900);
}

TEST(rfc5322, bad_dates_are_refused) {
  for (const char* d : {"", "  ", "yesterday", "31 Feb 2004 10:00:00 +0000", "1 Jan 2004 25:00:00 +0000",
                        "1 Foo 2004 10:00:00 +0000", "1 Jan 2004 10:00:00 +0099", "1 Jan 2004 10:00:00 XYZ",
                        "Tue, 31 Nov 2000 06:35:00 -0800", "Tue, 5 Dec 2000 06:60:00 -0800"})
    EXPECT_FALSE(onakit::parse_rfc5322_date(d).has_value()) << d;
}

TEST(rfc5322, header_fields_unfold_and_end_at_blank_line) {
  const std::string h =
      "Received: from a\r\n\tby b\r\nfrom: Ann <ann@x.org>\r\nTo: b@x.org,\r\n c@x.org\r\n"
      "not a header line\r\n\r\nFrom: body@x.org\r\n";
  std::vector<std::pair<std::string, std::string>> got;
  const std::size_t end = onakit::for_each_header_field(
      h, [&](std::string_view n, std::string_view v) { got.emplace_back(n, onakit::unfold(v)); });
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], (std::pair<std::string, std::string>{"Received", " from a\tby b"}));
  EXPECT_EQ(got[1], (std::pair<std::string, std::string>{"from", " Ann <ann@x.org>"}));
  EXPECT_EQ(got[2], (std::pair<std::string, std::string>{"To", " b@x.org, c@x.org"}));
  EXPECT_EQ(h.substr(end), "From: body@x.org\r\n");
}

TEST(rfc5322, header_field_names_with_odd_bytes) {
  // Names are read up to the colon in one pass; a name with whitespace
  // before the colon, a CR inside or a space inside takes the general path.
  // A lone CR ends a line (as in Python's email parser; issue #16's mixed
  // line ends): "X\rB: 2" is a line "X" without colon, then field B.
  const std::string h = "X-A : 1\nX\rB: 2\nBad Name: 3\n: 4\nTo:\r\nC: 5";
  std::vector<std::pair<std::string, std::string>> got;
  onakit::for_each_header_field(h, [&](std::string_view n, std::string_view v) { got.emplace_back(n, v); });
  const std::vector<std::pair<std::string, std::string>> want = {
      {"X-A", " 1"}, {"B", " 2"}, {"To", ""}, {"C", " 5"}};
  EXPECT_EQ(got, want);
}
