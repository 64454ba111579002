#include <onakit/detail/quote.hpp>
#include <onakit/ingest/crypto.hpp>  // keyed pseudonyms (pseudonymize_key)
#include <onakit/ingest/identities.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace {

TEST(Identities, CanonicalForm) {
  onakit::identity_options o;
  o.strip_plus_tag = true;
  const onakit::identities ids(o);
  EXPECT_EQ(ids.canonical("  Ann Lee <Ann.Lee+news@Corp.Example> "), "ann.lee@corp.example");
  EXPECT_EQ(ids.canonical("bob at lists.example.org"), "bob@lists.example.org");
  EXPECT_EQ(ids.canonical("17"), "17");
}

TEST(Identities, AliasesExclusionsAndDomains) {
  onakit::identity_options o;
  o.aliases = {{"A.Lee@Old.Example", "ann@corp.example"}};
  o.internal_domains = {"corp.example"};
  o.exclude = {"noreply@*", "*-bounces@*"};
  o.external = onakit::external_policy::fold;
  const onakit::identities ids(o);
  EXPECT_EQ(ids.resolve("a.lee@old.example").label, "ann@corp.example");
  EXPECT_EQ(ids.resolve("x@eu.corp.example").label, "x@eu.corp.example");  // subdomain is internal
  EXPECT_EQ(ids.resolve("noreply@corp.example").drop_reason, "excluded");
  EXPECT_EQ(ids.resolve("list-bounces@corp.example").drop_reason, "excluded");
  EXPECT_EQ(ids.resolve("z@gmail.com").label, "external:gmail.com");
  o.external = onakit::external_policy::drop;
  EXPECT_EQ(onakit::identities(o).resolve("z@gmail.com").drop_reason, "external");
  EXPECT_FALSE(onakit::identities(o).resolve("z@notcorp.example").kept());
}

TEST(Identities, PseudonymsAreKeyedStableAndShort) {
  onakit::identity_options o;
  o.pseudonymize_key = "secret";
  const onakit::identities ids(o);
  const auto a = ids.resolve("Ann <ANN@corp.example>").label;
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a, ids.resolve("ann@corp.example").label);
  EXPECT_EQ(a.find("ann"), std::string::npos);
  o.pseudonymize_key = "other";
  EXPECT_NE(onakit::identities(o).resolve("ann@corp.example").label, a);
  o.keep_domain = true;
  EXPECT_TRUE(onakit::identities(o).resolve("ann@corp.example").label.ends_with("@corp.example"));
  // RFC 4231 test case 2 gives HMAC-SHA256("Jefe", "what do ya want for nothing?")
  // = 5bdcc146bf60754e6a04...; its first 10 bytes in base32 (Python: base64.b32encode(hmac...)[:16]):
  onakit::identity_options j;
  j.pseudonymize_key = "Jefe";
  EXPECT_EQ(onakit::identities(j).pseudonym("what do ya want for nothing?"), "lpomcrv7mb2u42qe");
}

TEST(Identities, KeyFromEnvironment) {
  ::setenv("ONAKIT_TEST_KEY", "k3y", 1);
  EXPECT_EQ(onakit::key_from_env("ONAKIT_TEST_KEY"), "k3y");
  ::unsetenv("ONAKIT_TEST_KEY");
  EXPECT_THROW((void)onakit::key_from_env("ONAKIT_TEST_KEY"), onakit::invalid_option);
}

TEST(Identities, ControlCharactersMakeABadAddress) {
  using namespace std::string_literals;
  EXPECT_TRUE(onakit::detail::bad_identifier("b\0@x.org"s));
  EXPECT_TRUE(onakit::detail::bad_identifier("a\x7F@x.org"));
  EXPECT_TRUE(onakit::detail::bad_identifier("a\nb@x.org"));
  EXPECT_FALSE(onakit::detail::bad_identifier(" ann@x.org\r\n"));  // trimmed first
  EXPECT_FALSE(onakit::detail::bad_identifier("J\xC3\xB6rg"));
  const onakit::identities ids;
  EXPECT_EQ(ids.resolve("b\0@x.org"s).drop_reason, "bad address");
}

// Issue #10: an empty key in the environment or a file is refused, not
// taken as "no pseudonymisation".
TEST(Identities, KeyFromFile) {
  const auto dir = std::filesystem::temp_directory_path() / ("onakit_key_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "key";
  std::ofstream(file, std::ios::binary) << std::string("k3y\0x", 5) << "\r\n";
  EXPECT_EQ(onakit::key_from_file(file), std::string("k3y\0x", 5));  // bytes as written, newline dropped
  std::ofstream(file, std::ios::binary) << "\n";
  EXPECT_THROW((void)onakit::key_from_file(file), onakit::invalid_option);  // empty after the newline
  EXPECT_THROW((void)onakit::key_from_file(dir / "missing"), onakit::io_error);
  EXPECT_THROW((void)onakit::key_from_file(dir), onakit::io_error);  // a folder is no key file
  std::filesystem::remove_all(dir);
}

// The crypto component (crypto.hpp) registers HMAC-SHA256 with identities;
// without it a key is refused with a message naming the keyword and the fix,
// never silently ignored. Simulated by unregistering it for a moment.
TEST(Identities, KeyWithoutTheCryptoComponentIsRefused) {
  ASSERT_TRUE(onakit::detail::hmac_sha256_registered);
  auto& factory = onakit::detail::keyed_mac_factory();
  const auto maker = factory.exchange(nullptr);
  ASSERT_NE(maker, nullptr);
  onakit::identity_options o;
  o.pseudonymize_key = "k3y";
  std::string message;
  try {
    const onakit::identities ids(o);
  } catch (const onakit::invalid_option& e) {
    message = e.what();
  }
  EXPECT_NE(message.find("pseudonymize_key"), std::string::npos) << message;
  EXPECT_NE(message.find("onakit/ingest/crypto.hpp"), std::string::npos) << message;
  EXPECT_EQ(message.find("k3y"), std::string::npos) << message;  // the key never appears
  EXPECT_NO_THROW((void)onakit::identities(onakit::identity_options{}).resolve("ann@corp.example"));  // no key: no crypto needed
  factory.store(maker);
  EXPECT_EQ(onakit::identities(o).resolve("ann@corp.example").label.size(), 16u);
}

TEST(Identities, EmptyKeysAreRefused) {
  ::setenv("ONAKIT_TEST_KEY", "", 1);
  try {
    (void)onakit::key_from_env("ONAKIT_TEST_KEY");
    FAIL();
  } catch (const onakit::invalid_option& e) {
    EXPECT_NE(std::string(e.what()).find("pseudonymize_key is empty"), std::string::npos) << e.what();
  }
  ::unsetenv("ONAKIT_TEST_KEY");
  EXPECT_THROW((void)onakit::key_from_env(""), onakit::invalid_option);
}

// Issue #10: message ids get a keyed pseudonym of their own (checked against
// Python's hmac), the same on every call; without a key they stay as written.
TEST(Identities, MessageIdPseudonyms) {
  onakit::identity_options o;
  o.pseudonymize_key = "k3y";
  const onakit::identities ids(o);
  // base64.b32encode(hmac.new(b"k3y", b"id:1234.ann@corp.example", "sha256").digest())[:16].decode().lower()
  EXPECT_EQ(ids.pseudonymize_id("1234.ann@corp.example"), "fbcboho4dnhvnygk");
  EXPECT_NE(ids.pseudonymize_id("ann@corp.example"), ids.pseudonym("ann@corp.example"));  // separate namespaces
  EXPECT_EQ(ids.pseudonymize_id(""), "");
  // a key longer than SHA-256's block is hashed first (RFC 2104), as Python's hmac does:
  // base64.b32encode(hmac.new(bytes(range(100)), b"ann@corp.example", "sha256").digest())[:16].decode().lower()
  std::string long_key(100, '\0');
  for (std::size_t i = 0; i < long_key.size(); ++i) long_key[i] = static_cast<char>(i);
  onakit::identity_options lo;
  lo.pseudonymize_key = long_key;
  EXPECT_EQ(onakit::identities(lo).pseudonym("ann@corp.example"), "x2cfe7pqcpnrmqed");
  EXPECT_TRUE(ids.masks_values());
  const onakit::identities none;
  EXPECT_EQ(none.pseudonymize_id("1234.ann@corp.example"), "1234.ann@corp.example");
  EXPECT_FALSE(none.masks_values());
}

TEST(Identities, FoldedExternalDomainsArePseudonymisedWithAKey) {
  onakit::identity_options o;
  o.internal_domains = {"corp.example"};
  o.external = onakit::external_policy::fold;
  o.pseudonymize_key = "k3y";
  const onakit::identities ids(o);
  // base64.b32encode(hmac.new(b"k3y", b"domain:gmail.com", "sha256").digest())[:16].decode().lower()
  EXPECT_EQ(ids.resolve("z@gmail.com").label, "external:l2izgpbsivm7pjmq");
  EXPECT_EQ(ids.resolve("Y <y@GMail.com>").label, ids.resolve("z@gmail.com").label);  // one node per domain
  EXPECT_NE(ids.resolve("z@yahoo.com").label, ids.resolve("z@gmail.com").label);
  EXPECT_EQ(ids.resolve("z@gmail.com").label.find("gmail"), std::string::npos);
  o.keep_external_domains = true;  // asked to keep them in clear
  EXPECT_EQ(onakit::identities(o).resolve("z@gmail.com").label, "external:gmail.com");
  o.keep_external_domains = false;
  o.keep_domain = true;  // pseudonyms that keep their domain keep folded domains too
  EXPECT_EQ(onakit::identities(o).resolve("z@gmail.com").label, "external:gmail.com");
}

TEST(Identities, QuoteValueMasksOnlyWhenAsked) {
  using onakit::detail::quote_value;
  EXPECT_EQ(quote_value("ann@corp.example", false), "'ann@corp.example'");
  EXPECT_EQ(quote_value("ann@corp.example", true), "'***@****.*******'");
  EXPECT_EQ(quote_value("Tue, 99 Feb bob@x.org", true), "'***, ** *** ***@*.***'");
  EXPECT_EQ(quote_value("J\xC3\xBCrgen\tM.", true), "'****** *.'");  // one '*' per UTF-8 character
  const std::string long_value(100, 'a');
  EXPECT_EQ(quote_value(long_value, true), "'" + std::string(onakit::detail::masked_value_limit, '*') + "...'");
  EXPECT_EQ(onakit::detail::quote_values(std::vector<std::string>{"a@b", "x"}, true), "'*@*', '*'");
}

TEST(Identities, QuoteValueIsBoundedAndEscapesControlCharacters) {
  using onakit::detail::quote_value;
  // a 50 MB header quoted in an error: 200 characters, then its size
  const std::string huge(50u << 20, 'a');
  const std::string q = quote_value(huge, false);
  EXPECT_EQ(q, "'" + std::string(onakit::detail::quoted_value_limit, 'a') + "...' (52428800 bytes)");
  // exactly the limit: whole
  const std::string at_limit(onakit::detail::quoted_value_limit, 'b');
  EXPECT_EQ(quote_value(at_limit, false), "'" + at_limit + "'");
  // a cut never splits a UTF-8 character: 200 characters of two bytes each
  std::string umlauts;
  for (int i = 0; i < 300; ++i) umlauts += "\xC3\xBC";
  const std::string qu = quote_value(umlauts, false);
  EXPECT_EQ(qu.substr(1, 400), umlauts.substr(0, 400));
  EXPECT_EQ(qu.substr(401), "...' (600 bytes)");
  // NUL (which would cut what()), tab, CR, LF, ESC, DEL
  EXPECT_EQ(quote_value(std::string_view("a\0b\tc\rd\ne\x1b" "f\x7f", 12), false), "'a\\0b\\tc\\rd\\ne\\x1bf\\x7f'");
}

}  // namespace
