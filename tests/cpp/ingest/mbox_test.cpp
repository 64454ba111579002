// Expected counts on the real archives were computed with Python's standard
// library (mailbox.mbox + email.utils.getaddresses on To/Cc/Bcc, keeping
// addresses with an '@'); tests/python/test_read_mbox.py repeats that check
// message by message.
#include <onakit/ingest/crypto.hpp>  // keyed pseudonyms (pseudonymize_key)
#include <onakit/ingest/mbox.hpp>

#include "test_data.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <iterator>
#include <string>

namespace {

onakit::mbox_options skip_opts() {
  onakit::mbox_options o;
  o.errors = onakit::error_policy::skip;
  return o;
}

std::array<std::size_t, 3> role_counts(const onakit::message_log& log) {
  std::array<std::size_t, 3> c{};
  for (const auto r : log.role_column()) ++c[static_cast<std::size_t>(r)];
  return c;
}

const char* const two_messages =
    "From ann@x.org Mon Jan  1 00:00:00 2024\n"
    "Message-ID: <1@x.org>\n"
    "Date: Mon, 1 Jan 2024 10:00:00 +0100\n"
    "From: Ann <Ann@X.org>\n"
    "To: bob@x.org, \"Lee, Cy\" <cy@y.org>\n"
    "Cc: undisclosed-recipients:;\n"
    "Bcc: dan@x.org\n"
    "\n"
    ">From the body, escaped (mboxrd)\n"
    "To: not-a-header@x.org\n"
    "\n"
    "From \xff\xfe bad bytes in the separator\n"
    "message-id: <2@x.org>\n"
    "date: Tue, 2 Jan 2024 10:00:00 GMT\n"
    "sender: list@x.org\n"
    "to: ann@x.org\n"
    "In-Reply-To: <1@x.org> (Ann's message)\n"
    "References: <0@x.org>\n <1@x.org>\n"
    "\n"
    "body\n";

// Raw 8-bit header bytes (old archives): read as Windows-1252, stored as
// UTF-8; an address with a NUL is no address. Before, display names and ids
// kept the bytes and Python raised UnicodeDecodeError on them.
TEST(mbox, eight_bit_headers_become_utf8_and_nul_is_no_address) {
  using namespace std::string_literals;
  const std::string box =
      "From x Mon Jan  1 00:00:00 2024\n"
      "From: J\xF6rg M\xFCller <jorg@x.org>\n"
      "To: \"Ren\xE9\" <rene@x.org>, =?utf-8?q?Z=C3=BC?= \xE9t\xE9 <zu@x.org>, b\0@x.org, j\xF6rg@x.org\n"
      "Message-ID: <caf\xE9@x.org>\n"
      "In-Reply-To: <r\xE9@x.org>\n"
      "References: <a@x> <r\xE9@x.org>\n"
      "Date: Mon, 1 Jan 2024 00:00:00 +0000\n"
      "\n"
      "body\n"
      "From y Mon Jan  1 00:00:00 2024\n"
      "From: a\0@x.org\n"
      "To: rene@x.org\n"
      "\n"s;
  const auto r = onakit::read_mbox_text(box, skip_opts());
  const auto& log = r.log;
  ASSERT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(log.people(), (std::vector<std::string>{"jorg@x.org", "rene@x.org", "zu@x.org", "j\xC3\xB6rg@x.org"}));
  EXPECT_EQ(r.display_names[0], "J\xC3\xB6rg M\xC3\xBCller");
  EXPECT_EQ(r.display_names[1], "Ren\xC3\xA9");
  EXPECT_EQ(r.display_names[2], "Z\xC3\xBC \xC3\xA9t\xC3\xA9");
  EXPECT_EQ(log.message_id(0), "caf\xC3\xA9@x.org");
  EXPECT_EQ(r.in_reply_to[0], "r\xC3\xA9@x.org");
  EXPECT_EQ(r.references[0], "a@x r\xC3\xA9@x.org");
  EXPECT_EQ(log.report().dropped.at("bad address"), 1u);
  EXPECT_EQ(log.report().skipped.at("no sender"), 1u);
  EXPECT_TRUE(log.report().balanced());
}

}  // namespace

TEST(mbox, reads_headers_roles_ids_and_reply_links) {
  const auto r = onakit::read_mbox_text(two_messages);
  const auto& log = r.log;
  ASSERT_EQ(log.num_messages(), 2u);
  EXPECT_EQ(log.report().records_read, 2u);
  EXPECT_TRUE(log.report().balanced());
  EXPECT_EQ(log.people()[log.sender(0)], "ann@x.org");
  ASSERT_EQ(log.recipients(0).size(), 3u);
  EXPECT_EQ(log.people()[log.recipients(0)[1]], "cy@y.org");
  EXPECT_EQ(log.roles(0)[2], onakit::role::bcc);
  EXPECT_EQ(log.time(0), onakit::parse_timestamp("2024-01-01T09:00:00Z"));
  EXPECT_EQ(log.message_id(0), "1@x.org");
  // Sender is the fallback for a missing From
  EXPECT_EQ(log.people()[log.sender(1)], "list@x.org");
  EXPECT_EQ(r.in_reply_to, (std::vector<std::string>{"", "1@x.org"}));
  EXPECT_EQ(r.references, (std::vector<std::string>{"", "0@x.org 1@x.org"}));
  EXPECT_EQ(r.display_names[log.recipients(0)[1]], "Lee, Cy");
  EXPECT_EQ(r.display_names[log.sender(0)], "Ann");
}

TEST(mbox, options_bcc_sender_and_resent) {
  auto o = onakit::mbox_options{};
  o.include_bcc = false;
  EXPECT_EQ(onakit::read_mbox_text(two_messages, o).log.num_pairs(), 3u);
  o.sender_header = "sender";
  const auto log = onakit::read_mbox_text(two_messages, o).log;
  EXPECT_EQ(log.people()[log.sender(0)], "ann@x.org");  // no Sender: falls back to From
  o.sender_header = "nobody";
  EXPECT_THROW((void)onakit::read_mbox_text(two_messages, o), onakit::invalid_option);

  const std::string resent =
      "From x Mon Jan  1 00:00:00 2024\n"
      "Resent-From: fwd@x.org\nResent-To: eve@x.org\nResent-Date: 3 Jan 2024 00:00 +0000\n"
      "Resent-From: older@x.org\n"
      "From: ann@x.org\nTo: bob@x.org\nDate: 1 Jan 2024 00:00 +0000\n\n";
  onakit::mbox_options ro;
  const auto plain = onakit::read_mbox_text(resent, ro).log;
  EXPECT_EQ(plain.people()[plain.sender(0)], "ann@x.org");
  ro.use_resent = true;
  const auto rs = onakit::read_mbox_text(resent, ro).log;
  EXPECT_EQ(rs.people()[rs.sender(0)], "fwd@x.org");
  EXPECT_EQ(rs.people()[rs.recipients(0)[0]], "eve@x.org");
  EXPECT_EQ(rs.time(0), onakit::parse_timestamp("2024-01-03"));
}

TEST(mbox, bad_records_strict_and_skip) {
  const std::string text =
      "leading junk\n"
      "From a Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nTo: b@x.org\nDate: 1 Jan 2024 00:00 +0000\nMessage-ID: <d@x>\n\n"
      "From a Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nTo: b@x.org\nDate: 1 Jan 2024 00:00 +0000\nMessage-ID: <d@x>\n\n"
      "From a Mon Jan  1 00:00:00 2024\nTo: b@x.org\n\n"
      "From a Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nTo: Bob\n\n"
      "From a Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nTo: b@x.org\nDate: someday\n\n"
      "From a Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nCc: b@x.org, Cy\nDate:  \n\n";
  try {
    (void)onakit::read_mbox_text(text, {}, "t.mbox");
    FAIL() << "expected a parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "no From_ separator");
    EXPECT_EQ(e.line(), 1u);
  }
}

TEST(mbox, separators_at_every_offset) {
  // The separator search works 64 bytes at a time: put "\nFrom " (and
  // near misses) at every offset of a block, and a last message that ends
  // without a newline.
  std::string text;
  std::size_t messages = 0;
  for (std::size_t k = 0; k < 140; ++k) {
    text += "From x\nFrom: a@x.org\nTo: b@x.org\n\n";
    text += std::string(k, 'x') + "\nFrom\n>From \nFr" + std::string(k % 7, 'F') + "\n";
    ++messages;
  }
  text += "From x\nFrom: a@x.org\nTo: b@x.org";
  ++messages;
  auto o = skip_opts();
  o.dedupe_message_ids = false;
  const auto r = onakit::read_mbox_text(text, o);
  EXPECT_EQ(r.log.report().records_read, messages);
  EXPECT_EQ(r.log.num_messages(), messages);
}

TEST(mbox, strict_names_the_line) {
  const std::string text =
      "From a Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nTo: b@x.org\n\nbody\n"
      "From a Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nTo: b@x.org\nDate: someday\n\n";
  try {
    (void)onakit::read_mbox_text(text, {}, "t.mbox");
    FAIL() << "expected a parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "bad date");
    EXPECT_EQ(e.line(), 6u);
    EXPECT_EQ(e.field(), "date");
  }
}

TEST(mbox, skip_counts_every_reason) {
  const std::string text =
      "leading junk\n"
      "From a Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nTo: b@x.org\nDate: 1 Jan 2024 00:00 +0000\nMessage-ID: <d@x>\n\n"
      "From a Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nTo: b@x.org\nDate: 1 Jan 2024 00:00 +0000\nMessage-ID: <d@x>\n\n"
      "From a Mon Jan  1 00:00:00 2024\nTo: b@x.org\n\n"
      "From a Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nTo: Bob\n\n"
      "From a Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nTo: b@x.org\nDate: someday\n\n"
      "From a Mon Jan  1 00:00:00 2024\nFrom: a@x.org\nCc: b@x.org, Cy\nDate:  \n\n";
  const auto log = onakit::read_mbox_text(text, skip_opts()).log;
  const auto& rep = log.report();
  EXPECT_EQ(rep.records_read, 7u);
  EXPECT_EQ(rep.records_kept, 2u);
  EXPECT_TRUE(rep.balanced());
  EXPECT_EQ(rep.skipped.at("no From_ separator"), 1u);
  EXPECT_EQ(rep.skipped.at("duplicate message id"), 1u);
  EXPECT_EQ(rep.skipped.at("no sender"), 1u);
  EXPECT_EQ(rep.skipped.at("no recipients"), 1u);
  EXPECT_EQ(rep.skipped.at("bad date"), 1u);
  EXPECT_EQ(rep.dropped.at("no date"), 1u);
  EXPECT_EQ(rep.dropped.at("bad address"), 1u);
  EXPECT_EQ(log.time(1), onakit::no_time);
  EXPECT_EQ(log.roles(1)[0], onakit::role::cc);

  // default_recipient rescues the message without To
  auto o = skip_opts();
  o.default_recipient = "list@x.org";
  const auto d = onakit::read_mbox_text(text, o).log;
  EXPECT_EQ(d.report().skipped.count("no recipients"), 0u);
  EXPECT_EQ(d.report().dropped.at("default recipient"), 1u);
}

TEST(mbox, identity_rules_and_pseudonyms) {
  onakit::identity_options io;
  io.internal_domains = {"x.org"};
  io.pseudonymize_key = "k";
  auto o = skip_opts();
  o.identity_rules = std::make_shared<const onakit::identities>(io);
  const auto r = onakit::read_mbox_text(two_messages, o);
  EXPECT_EQ(r.log.report().dropped.at("recipient external"), 1u);  // cy@y.org
  for (const auto& p : r.log.people()) EXPECT_EQ(p.find('@'), std::string::npos) << p;
  for (const auto& n : r.display_names) EXPECT_TRUE(n.empty());
  EXPECT_EQ(r.log.people()[0], o.identity_rules->pseudonym("ann@x.org"));
  // a bad record's error carries no raw address
  const std::string bad = "From a Mon Jan  1 00:00:00 2024\nFrom: secret@x.org\nTo: hidden@x.org\nDate: never\n\n";
  o.errors = onakit::error_policy::strict;
  try {
    (void)onakit::read_mbox_text(bad, o);
    FAIL();
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find("hidden"), std::string::npos);
  }
}

TEST(mbox, enron_counts_match_python_mailbox) {
  struct expected {
    const char* file;
    std::size_t read, kept, pairs, to, cc, bcc;
  };
  const expected cases[] = {
      {"enron.allen-p.sent_items.mbox", 345, 344, 419, 409, 5, 5},
      {"enron.kitchen-l.sent_items.mbox", 1132, 1126, 2919, 1921, 499, 499},
      {"enron.lavorato-j.all_documents.mbox", 853, 834, 3302, 2560, 371, 371},
      {"enron.lay-k.inbox.mbox", 1373, 1250, 11778, 9040, 1369, 1369},
      {"enron.skilling-j.sent.mbox", 276, 276, 1554, 1198, 178, 178},
  };
  for (const auto& c : cases) {
    const std::string rel = std::string("enron-mbox/") + c.file;
    ONAKIT_REQUIRE_DATA(rel);
    const auto log = onakit::read_mbox(onakit::testing::data_file(rel), skip_opts());
    const auto& rep = log.report();
    EXPECT_EQ(rep.records_read, c.read) << c.file;
    EXPECT_EQ(rep.records_kept, c.kept) << c.file;
    EXPECT_EQ(log.num_pairs(), c.pairs) << c.file;
    EXPECT_EQ(role_counts(log), (std::array<std::size_t, 3>{c.to, c.cc, c.bcc})) << c.file;
    EXPECT_TRUE(rep.balanced());
    EXPECT_EQ(rep.skipped_total(), rep.skipped.count("no recipients") ? rep.skipped.at("no recipients") : 0u);
  }
}

TEST(mbox, perceval_complex_sample) {
  ONAKIT_REQUIRE_DATA("mbox-parser-samples-perceval/mbox__mbox_complex.mbox");
  const auto r = onakit::read_mail(onakit::testing::data_file("mbox-parser-samples-perceval/mbox__mbox_complex.mbox"));
  const auto& log = r.log;
  ASSERT_EQ(log.num_messages(), 2u);
  EXPECT_EQ(log.num_pairs(), 7u);
  EXPECT_EQ(log.message_id(1), "87iqzlofqu.fsf@avet.kvota.net");
  EXPECT_EQ(log.people()[log.sender(1)], "danilo@gnome.org");
  EXPECT_EQ(r.display_names[log.sender(1)], "Danilo \xC5\xA0" "egan");  // RFC 2047 in a comment
  EXPECT_EQ(log.people()[log.recipients(1).back()], "hadess@hadess.net");  // folded Cc
  EXPECT_EQ(log.time(1), onakit::parse_timestamp("2008-03-17T09:35:05Z"));
}

TEST(mbox, every_shared_archive_ingests) {
  for (const char* folder : {"enron-mbox", "mailing-list-3gpp-bigbang", "mbox-parser-samples-perceval"}) {
    ONAKIT_REQUIRE_DATA(folder);
    for (const auto& e : std::filesystem::directory_iterator(onakit::testing::data_file(folder))) {
      const auto log = onakit::read_mbox(e.path(), skip_opts());
      EXPECT_TRUE(log.report().balanced()) << e.path();
      EXPECT_GE(log.report().records_read, 1u) << e.path();
    }
  }
  // pipermail: no recipients, `user at host` senders
  const auto pm = onakit::read_mbox(
      onakit::testing::data_file("mbox-parser-samples-perceval/pipermail__pipermail_2015_november.mbox"),
      [] {
        auto o = skip_opts();
        o.default_recipient = "list@example.com";
        return o;
      }());
  EXPECT_EQ(pm.num_messages(), 4u);
  EXPECT_EQ(pm.people()[pm.sender(1)], "jgb@gsyc.es");
}

TEST(mbox, maildir_eml_and_directories) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / ("onakit_mbox_test_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "md" / "cur");
  fs::create_directories(root / "md" / "new");
  fs::create_directories(root / "tmp" / "ignored");
  auto write = [](const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; };
  write(root / "md" / "cur" / "1", "From: a@x.org\nTo: b@x.org\nDate: 1 Jan 2024 00:00 +0000\n\nhi\n");
  write(root / "md" / "new" / "2", "From: b@x.org\r\nTo: a@x.org\r\n\r\n");
  const auto md = onakit::read_mbox(root / "md", skip_opts());
  EXPECT_EQ(md.num_messages(), 2u);
  EXPECT_EQ(md.report().dropped.at("no date"), 1u);

  fs::create_directories(root / "mixed");
  write(root / "mixed" / "a.eml", "From: a@x.org\nTo: b@x.org\n\n");
  write(root / "mixed" / "b.txt", std::string(two_messages));
  write(root / "mixed" / "c.csv", "sender,recipients\n");
  const auto mixed = onakit::read_mbox(root / "mixed", skip_opts());
  EXPECT_EQ(mixed.num_messages(), 3u);
  EXPECT_EQ(mixed.report().dropped.at("not a mail file"), 1u);
  EXPECT_EQ(onakit::read_mbox(root / "mixed" / "a.eml").num_messages(), 1u);
  EXPECT_THROW((void)onakit::read_mbox(root / "nothing"), onakit::io_error);
  fs::remove_all(root);
}

// Issue #10: with a key, a Date folded onto an address is shown masked, and
// Message-IDs and reply ids are stored as keyed pseudonyms that still link.
TEST(mbox, pseudonymising_masks_bad_dates_and_pseudonymises_ids) {
  const std::string bad =
      "From a Mon Jan  1 00:00:00 2024\nFrom: ann@x.org\nTo: cy@x.org\nDate: Tue, 99 Feb\n bob@corp.example\n\n";
  onakit::identity_options io;
  io.pseudonymize_key = "k";
  onakit::mbox_options o;
  o.identity_rules = std::make_shared<const onakit::identities>(io);
  try {
    (void)onakit::read_mbox_text(bad, o);
    FAIL();
  } catch (const onakit::parse_error& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find("bob"), std::string::npos) << what;
    EXPECT_EQ(what.find("corp"), std::string::npos) << what;
    EXPECT_NE(what.find("'***, ** *** ***@****.*******'"), std::string::npos) << what;
  }
  // without a key the message keeps the value as written
  try {
    (void)onakit::read_mbox_text(bad);
    FAIL();
  } catch (const onakit::parse_error& e) {
    EXPECT_NE(std::string(e.what()).find("'Tue, 99 Feb bob@corp.example'"), std::string::npos) << e.what();
  }

  const auto plain = onakit::read_mbox_text(two_messages);
  const auto keyed = onakit::read_mbox_text(two_messages, o);
  ASSERT_EQ(keyed.log.num_messages(), 2u);
  EXPECT_EQ(keyed.log.message_id(0), o.identity_rules->pseudonymize_id("1@x.org"));
  EXPECT_EQ(keyed.in_reply_to[1], keyed.log.message_id(0));  // the reply still finds its parent
  EXPECT_EQ(keyed.references[1],
            o.identity_rules->pseudonymize_id("0@x.org") + " " + std::string(keyed.log.message_id(0)));
  EXPECT_EQ(plain.in_reply_to[1], "1@x.org");
}

TEST(mbox, pseudonymised_thread_ids_keep_every_reply_link) {
  ONAKIT_REQUIRE_DATA("mbox-lkml-threads-notmuch/lkml-threads.mbox");
  const auto path = onakit::testing::data_file("mbox-lkml-threads-notmuch/lkml-threads.mbox");
  onakit::identity_options io;
  io.pseudonymize_key = "SECRET";
  auto o = skip_opts();
  const auto plain = onakit::read_mail(path, o);
  o.identity_rules = std::make_shared<const onakit::identities>(io);
  const auto keyed = onakit::read_mail(path, o);
  ASSERT_EQ(keyed.log.num_messages(), plain.log.num_messages());
  // resolved links: reply ids that name a message of the log
  const auto resolved = [](const onakit::mbox_result& r) {
    std::set<std::string> ids;
    for (std::size_t m = 0; m < r.log.num_messages(); ++m) ids.emplace(r.log.message_id(m));
    std::size_t n = 0, all = 0;
    for (std::size_t m = 0; m < r.log.num_messages(); ++m) {
      std::istringstream refs(r.references[m] + " " + r.in_reply_to[m]);
      for (std::string id; refs >> id;) {
        ++all;
        n += ids.count(id);
      }
    }
    return std::pair{n, all};
  };
  const auto [n_plain, all_plain] = resolved(plain);
  const auto [n_keyed, all_keyed] = resolved(keyed);
  EXPECT_GT(n_plain, 100u);
  EXPECT_EQ(n_keyed, n_plain);
  EXPECT_EQ(all_keyed, all_plain);
  for (std::size_t m = 0; m < keyed.log.num_messages(); ++m) {
    EXPECT_EQ(keyed.log.message_id(m).find('@'), std::string_view::npos);
    EXPECT_EQ(keyed.in_reply_to[m].find('@'), std::string::npos);
    EXPECT_EQ(keyed.references[m].find('@'), std::string::npos);
  }
}

namespace {

namespace fs = std::filesystem;

struct temp_folder {
  fs::path path = fs::temp_directory_path() /
                  ("onakit_mbox_" + std::to_string(::getpid()) + "_" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  temp_folder() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~temp_folder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void gzip_copy(const fs::path& from, const fs::path& to) {
  std::ifstream in(from, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  gzFile f = gzopen(to.string().c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
  gzclose(f);
}

// Issue 10: a folder of monthly .mbox.gz / pipermail .txt.gz archives read as
// empty ("not a mail file" each), though each file read fine on its own.
TEST(mbox, folder_of_gzipped_archives_reads_like_the_files) {
  ONAKIT_REQUIRE_DATA("enron-mbox/enron.skilling-j.sent.mbox");
  temp_folder dir;
  const auto a = onakit::testing::data_file("enron-mbox/enron.skilling-j.sent.mbox");
  const auto b = onakit::testing::data_file("enron-mbox/enron.allen-p.sent_items.mbox");
  gzip_copy(a, dir.path / "2001-January.txt.gz");
  gzip_copy(b, dir.path / "2001-February.mbox.gz");
  std::ofstream(dir.path / "index.html") << "<html></html>";
  const auto folder = onakit::read_mbox(dir.path, skip_opts());
  const auto one = onakit::read_mbox(dir.path / "2001-January.txt.gz", skip_opts());
  const auto two = onakit::read_mbox(dir.path / "2001-February.mbox.gz", skip_opts());
  ASSERT_GT(one.num_messages(), 0u);
  ASSERT_GT(two.num_messages(), 0u);
  // Name order: February before January.
  EXPECT_EQ(folder.num_messages(), one.num_messages() + two.num_messages());
  EXPECT_EQ(folder.report().records_read, one.report().records_read + two.report().records_read);
  EXPECT_EQ(folder.report().dropped.at("not a mail file"), 1u);
  EXPECT_EQ(folder.people()[folder.sender(0)], two.people()[two.sender(0)]);
}

// Issue 10: an empty mbox gave an empty log without a word.
TEST(mbox, empty_input_is_reported) {
  try {
    (void)onakit::read_mbox_text("  \n");
    FAIL() << "no error for empty input";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "empty input");
    EXPECT_EQ(e.line(), 0u);
  }
  const auto lenient = onakit::read_mbox_text("", skip_opts());
  EXPECT_EQ(lenient.log.report().skipped.at("empty input"), 1u);
  EXPECT_TRUE(lenient.log.report().balanced());

  temp_folder dir;
  std::ofstream(dir.path / "Trash.mbox").close();  // mail clients keep empty mbox files
  std::ofstream(dir.path / "Inbox.mbox") << two_messages;
  try {
    (void)onakit::read_mbox(dir.path / "Trash.mbox");
    FAIL() << "no error for an empty file";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.file(), (dir.path / "Trash.mbox").string());
    EXPECT_EQ(e.reason(), "empty input");
  }
  const auto folder = onakit::read_mbox(dir.path);  // strict: an empty file in a folder is counted
  EXPECT_EQ(folder.num_messages(), 2u);
  EXPECT_EQ(folder.report().dropped.at("empty file"), 1u);
}

// Issue 10: a link loop aborted the read even with errors=skip; dangling
// links, FIFOs and .eml files in subfolders were ignored without a count.
// A folder's progress counts files (one poll after each, total unknown); a
// check that says stop ends the read with interrupted.
TEST(mbox, folder_polls_after_every_file) {
  ONAKIT_REQUIRE_DATA("enron-mbox");
  const auto dir = onakit::testing::data_dir() / "enron-mbox";
  onakit::mbox_options o;
  o.errors = onakit::error_policy::skip;
  std::vector<std::uint64_t> files_done;
  o.interrupt = [&files_done] {
    const auto at = onakit::poll_position();
    EXPECT_EQ(at.total, 0u);
    if (files_done.empty() || files_done.back() != at.done) files_done.push_back(at.done);
    return false;
  };
  onakit::reset_position();
  (void)onakit::read_mail(dir, o);
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files += e.path().extension() == ".mbox";
  ASSERT_GT(files, 1u);
  std::vector<std::uint64_t> want;
  for (std::uint64_t k = 0; k <= files; ++k) want.push_back(k);
  if (!files_done.empty() && files_done.front() != 0) want.erase(want.begin());  // no poll inside the first file
  EXPECT_EQ(files_done, want);
  o.interrupt = [] { return true; };
  EXPECT_THROW((void)onakit::read_mail(dir, o), onakit::interrupted);
}

TEST(mbox, folder_walk_counts_what_it_does_not_read) {
  temp_folder dir;
  const fs::path d = dir.path / "mail";
  fs::create_directories(d / "2024" / "deep");
  std::ofstream(d / "a.eml") << "From: a@x.org\nTo: b@x.org\n\n";
  std::ofstream(d / "2024" / "b.eml") << "From: b@x.org\nTo: a@x.org\n\n";
  std::ofstream(d / "2024" / "deep" / "c.eml") << "From: c@x.org\nTo: a@x.org\n\n";
  fs::create_symlink("loop", d / "loop");             // ELOOP
  fs::create_symlink("nowhere.eml", d / "dangling");  // broken link
  fs::create_directory_symlink("..", d / "2024" / "up");  // a link to a folder: not followed
  ASSERT_EQ(::mkfifo((d / "pipe.eml").c_str(), 0600), 0);  // would block if opened
  const auto log = onakit::read_mbox(d, skip_opts());
  EXPECT_EQ(log.num_messages(), 3u);  // subfolders are read
  const auto& dropped = log.report().dropped;
  EXPECT_EQ(dropped.at("unreadable entry"), 1u);
  EXPECT_EQ(dropped.at("broken link"), 1u);
  EXPECT_EQ(dropped.at("link to a folder (not followed)"), 1u);
  EXPECT_EQ(dropped.at("not a regular file"), 1u);
  try {
    (void)onakit::read_mbox(d);
    FAIL() << "strict mode accepted a link loop";
  } catch (const onakit::io_error& e) {
    EXPECT_EQ(e.path(), (d / "loop").string());
  }
  // A Maildir's entries are walked the same way.
  fs::create_directories(dir.path / "md" / "cur");
  std::ofstream(dir.path / "md" / "cur" / "1") << "From: a@x.org\nTo: b@x.org\n\n";
  fs::create_symlink("loop", dir.path / "md" / "cur" / "loop");
  const auto md = onakit::read_mbox(dir.path / "md", skip_opts());
  EXPECT_EQ(md.num_messages(), 1u);
  EXPECT_EQ(md.report().dropped.at("unreadable entry"), 1u);
}

TEST(mbox, lone_cr_line_ends_lose_no_message) {
  // CRLF, LF and lone CR (classic Mac) in one file: a lone CR ends a header
  // line and the line before a From_ separator (tests/data/adversarial/mixed_line_ends)
  const std::string text =
      "From ann@x.org Fri Mar  1 09:00:00 2024\r\nFrom: ann@x.org\nTo: bob@x.org, cy@x.org\r"
      "Date: Fri, 1 Mar 2024 09:00:00 +0000\r\nSubject: one\r\r\nbody 1\n\r"
      "From bob@x.org Fri Mar  1 10:00:00 2024\rFrom: bob@x.org\rTo: ann@x.org\r"
      "Date: Fri, 1 Mar 2024 10:00:00 +0000\r\rbody 2\r"
      "From cy@x.org Fri Mar  1 11:00:00 2024\rFrom: cy@x.org\rTo: ann@x.org\rDate: nonsense\r\r";
  onakit::mbox_options o;
  o.errors = onakit::error_policy::skip;
  const auto r = onakit::read_mbox_text(text, o, "mixed.mbox");
  ASSERT_EQ(r.log.num_messages(), 2u);
  EXPECT_EQ(r.log.people()[r.log.sender(1)], "bob@x.org");
  EXPECT_EQ(r.log.recipients(0).size(), 2u);
  EXPECT_EQ(r.log.report().skipped.at("bad date"), 1u);
  EXPECT_TRUE(r.log.report().dropped.empty());  // no "bad address" from a header run into the next
  // strict: the bad date's message starts on line 12 (lone CRs count as line ends)
  try {
    (void)onakit::read_mbox_text(text, {}, "mixed.mbox");
    FAIL() << "expected a parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "bad date");
    EXPECT_EQ(e.line(), 15u) << e.what();
  }
}

TEST(mbox, a_utf8_bom_before_the_first_separator_is_skipped) {
  const std::string msg = "From a Fri Mar  1 09:00:00 2024\nFrom: a@x.org\nTo: b@x.org\n\n";
  const auto r = onakit::read_mbox_text("\xEF\xBB\xBF" + msg + msg, {}, "bom.mbox");
  EXPECT_EQ(r.log.num_messages(), 2u);
  EXPECT_EQ(r.log.report().skipped.count("no From_ separator"), 0u);
  const auto one = onakit::read_eml_text("\xEF\xBB\xBF" "From: a@x.org\nTo: b@x.org\n\n", {}, "bom.eml");
  EXPECT_EQ(one.log.num_messages(), 1u);
}

TEST(mbox, a_bad_date_is_quoted_bounded_and_escaped) {
  const std::string date = std::string(1 << 20, 'x') + std::string("\0", 1);
  const std::string text = "From a Fri Mar  1 09:00:00 2024\nFrom: a@x.org\nTo: b@x.org\nDate: \x01" + date + "\n\n";
  try {
    (void)onakit::read_mbox_text(text, {}, "big.mbox");
    FAIL() << "expected a parse_error";
  } catch (const onakit::parse_error& e) {
    const std::string what = e.what();
    EXPECT_LT(what.size(), 1000u) << what.size();
    EXPECT_NE(what.find("'\\x01xxx"), std::string::npos) << what;
    EXPECT_NE(what.find("...' (1048578 bytes)"), std::string::npos) << what;
  }
}

}  // namespace

// The duplicate check keeps 128-bit fingerprints, not the ids: on many ids
// of the shapes real archives have (long, sharing prefixes and suffixes,
// differing in one character) it must answer exactly as a set of strings.
TEST(mbox, message_id_set_answers_as_a_set_of_strings) {
  onakit::detail::message_id_set seen;
  std::set<std::string> oracle;
  std::size_t fresh = 0;
  for (int round = 0; round < 2; ++round) {
    for (int k = 0; k < 300000; ++k) {
      std::string id = "CAF" + std::to_string(static_cast<long long>(k) * 7919 % 100003) + "." + std::to_string(k % 13) +
                       "@mail.example.org";
      if (k % 5 == 0) id += std::string(k % 97, 'x');  // lengths up to ~120 bytes
      const bool added = seen.insert(id);
      EXPECT_EQ(added, oracle.insert(id).second) << id;
      fresh += added;
    }
  }
  EXPECT_EQ(seen.size(), oracle.size());
  EXPECT_EQ(fresh, oracle.size());
  EXPECT_GT(oracle.size(), 250000u);
}
