#include <onakit/message_log.hpp>

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace {

TEST(MessageLog, InternsPeopleInOrderOfFirstAppearance) {
  onakit::message_log log;
  const auto b = log.intern("bob");
  const auto a = log.intern("ann");
  EXPECT_EQ(b, 0u);
  EXPECT_EQ(a, 1u);
  EXPECT_EQ(log.intern("bob"), 0u);
  EXPECT_EQ(log.people().at(1), "ann");
}

TEST(MessageLog, StoresRecipientsWithRoles) {
  onakit::message_log log;
  const auto a = log.intern("a"), b = log.intern("b"), c = log.intern("c");
  log.begin_message(a, 10);
  log.add_recipient(b, onakit::role::to);
  log.add_recipient(c, onakit::role::cc);
  log.begin_message(b, 20, "m2");
  log.add_recipient(a);
  ASSERT_EQ(log.num_messages(), 2u);
  EXPECT_EQ(log.num_pairs(), 3u);
  ASSERT_EQ(log.recipients(0).size(), 2u);
  EXPECT_EQ(log.recipients(0)[1], c);
  EXPECT_EQ(log.roles(0)[1], onakit::role::cc);
  EXPECT_EQ(log.message_id(0), "");
  EXPECT_EQ(log.message_id(1), "m2");
  EXPECT_EQ(log.weight(1), 1.0);
  EXPECT_EQ(log.time_span(), std::make_pair(onakit::timestamp_t{10}, onakit::timestamp_t{20}));
}

TEST(MessageLog, AppendReinternsByLabel) {
  onakit::message_log x, y;
  x.begin_message(x.intern("a"), 1);
  x.add_recipient(x.intern("b"));
  y.begin_message(y.intern("c"), 2, {}, y.intern_channel("general"), 3.0);
  y.add_recipient(y.intern("a"), onakit::role::mention);
  y.report().records_read = 1;
  x.append(y);
  ASSERT_EQ(x.num_messages(), 2u);
  EXPECT_EQ(x.people().size(), 3u);
  EXPECT_EQ(x.sender(1), 2u);
  EXPECT_EQ(x.recipients(1)[0], 0u);
  EXPECT_EQ(x.weight(1), 3.0);
  EXPECT_EQ(x.weight(0), 1.0);
  EXPECT_EQ(x.channels().at(x.channel(1)), "general");
  EXPECT_EQ(x.channel(0), onakit::no_channel);
  EXPECT_EQ(x.report().records_read, 1u);
}

TEST(MessageLog, MergeMessagesMovesRecipientsToTheLeaderAndKeepsItsColumns) {
  onakit::message_log x;
  const auto a = x.intern("a"), b = x.intern("b"), c = x.intern("c");
  x.begin_message(a, 1, "m0");
  x.add_recipient(b);
  x.begin_message(a, 2, "m1", x.intern_channel("general"), 2.0);
  x.add_recipient(c, onakit::role::cc);
  x.begin_message(b, 3, "m2");
  x.add_recipient(a);
  x.begin_message(a, 4, "m3");
  x.add_recipient(a);
  x.add_recipient(b);
  // from message 1 on: 3 joins 1, 2 leads
  const std::vector<std::size_t> into{1, 2, 1};
  x.merge_messages(1, into);
  ASSERT_EQ(x.num_messages(), 3u);
  EXPECT_EQ(x.message_id(0), "m0");
  EXPECT_EQ(x.message_id(1), "m1");
  EXPECT_EQ(x.weight(1), 2.0);
  EXPECT_EQ(x.channels().at(x.channel(1)), "general");
  EXPECT_EQ(x.time(1), 2);
  EXPECT_EQ(std::vector<onakit::vertex_id>(x.recipients(1).begin(), x.recipients(1).end()),
            (std::vector<onakit::vertex_id>{c, a, b}));
  EXPECT_EQ(x.roles(1)[0], onakit::role::cc);
  EXPECT_EQ(x.sender(2), b);
  EXPECT_EQ(x.message_id(2), "m2");
  EXPECT_EQ(x.num_pairs(), 5u);
  EXPECT_EQ(x.messages_with_several_recipients(), 1u);
  // joining a later message, or one that does not lead, is refused
  EXPECT_THROW(x.merge_messages(0, std::vector<std::size_t>{1, 1, 2}), onakit::invalid_option);
  EXPECT_THROW(x.merge_messages(0, std::vector<std::size_t>{0, 0, 1}), onakit::invalid_option);
  EXPECT_THROW(x.merge_messages(0, std::vector<std::size_t>{0}), onakit::invalid_option);
}

TEST(MessageLog, AppendMaterialisesOptionalColumnsFromEitherSide) {
  onakit::message_log x, y;
  x.begin_message(x.intern("a"), 1, "id-1", onakit::no_channel, 2.0);
  x.add_recipient(x.intern("b"), onakit::role::cc);
  y.begin_message(y.intern("b"), 2);
  y.add_recipient(y.intern("c"));
  y.add_recipient(y.intern("a"), onakit::role::bcc);
  y.begin_message(y.intern("c"), 3, {}, y.intern_channel("dm"));
  y.add_recipient(y.intern("b"));
  x.append(y);
  ASSERT_EQ(x.num_messages(), 3u);
  ASSERT_EQ(x.num_pairs(), 4u);
  EXPECT_EQ(x.weight(0), 2.0);
  EXPECT_EQ(x.weight(1), 1.0);
  EXPECT_EQ(x.weight(2), 1.0);
  EXPECT_EQ(x.message_id(0), "id-1");
  EXPECT_EQ(x.message_id(2), "");
  EXPECT_EQ(x.channel(1), onakit::no_channel);
  EXPECT_EQ(x.channels().at(x.channel(2)), "dm");
  EXPECT_EQ(std::vector<onakit::vertex_id>(x.recipients(1).begin(), x.recipients(1).end()),
            (std::vector<onakit::vertex_id>{2, 0}));
  EXPECT_EQ(x.roles(1)[1], onakit::role::bcc);
  EXPECT_EQ(x.sender(2), 2u);
  EXPECT_EQ(x.time(2), 3);
  EXPECT_EQ(x.recipients(2)[0], 1u);
}

TEST(Role, ParsesCaseInsensitively) {
  EXPECT_EQ(onakit::role_from_string(" CC "), onakit::role::cc);
  EXPECT_EQ(onakit::role_from_string("Bcc"), onakit::role::bcc);
  EXPECT_FALSE(onakit::role_from_string("fwd").has_value());
  EXPECT_FALSE(onakit::role_from_string("").has_value());
}

TEST(IngestReport, BalancesAndMerges) {
  onakit::ingest_report r;
  r.records_read = 5;
  r.records_kept = 3;
  r.skip("bad timestamp", 2);
  EXPECT_TRUE(r.balanced());
  onakit::ingest_report s;
  s.records_read = 1;
  s.skip("empty sender");
  r.merge(s);
  EXPECT_TRUE(r.balanced());
  EXPECT_EQ(r.skipped_total(), 3u);
}

// Issue 10: weights feed tie sums; a non-finite or negative one is refused
// where it enters (readers count such records as "bad weight" before this).
TEST(MessageLog, RejectsNonFiniteOrNegativeWeights) {
  onakit::message_log log;
  const auto a = log.intern("a");
  for (const double bad : {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN(), -1.0})
    EXPECT_THROW(log.begin_message(a, 0, {}, onakit::no_channel, bad), onakit::invalid_option) << bad;
  EXPECT_NO_THROW(log.begin_message(a, 0, {}, onakit::no_channel, 1e308));
  EXPECT_EQ(log.num_messages(), 1u);
}

TEST(MessageLog, ParentsLinkRepliesAndSurviveAppendAndMerge) {
  onakit::message_log log;
  const auto a = log.intern("a"), b = log.intern("b");
  log.begin_message(a, 10, "m1");
  log.add_recipient(b);
  log.begin_message(b, 20, "m2");
  log.add_recipient(a);
  log.begin_message(a, 30, "m3");
  log.add_recipient(b);
  EXPECT_FALSE(log.has_parents());
  EXPECT_EQ(log.parent(1), onakit::no_message);
  const std::vector<std::string> ids = {"", "m1", "elsewhere"};
  EXPECT_EQ(log.link_parents_by_id(ids), 1u);  // "elsewhere" is not in the log
  EXPECT_TRUE(log.has_parents());
  EXPECT_EQ(log.parent(1), 0u);
  EXPECT_EQ(log.parent(2), onakit::no_message);
  EXPECT_THROW(log.set_parent(1, 1), onakit::invalid_option);
  EXPECT_THROW(log.set_parent(1, 9), onakit::invalid_option);
  log.set_parent(2, 1);

  onakit::message_log both;
  both.begin_message(both.intern("z"), 5);
  both.add_recipient(both.intern("a"));
  both.append(log);
  ASSERT_EQ(both.num_messages(), 4u);
  EXPECT_EQ(both.parent(0), onakit::no_message);
  EXPECT_EQ(both.parent(2), 1u);
  EXPECT_EQ(both.parent(3), 2u);

  // A source's weight scales its messages (ona.concat); the others keep theirs.
  onakit::message_log scaled;
  scaled.append(log);
  scaled.append(log, 0.5);
  EXPECT_EQ(scaled.weight(0), 1.0);
  EXPECT_EQ(scaled.weight(3), 0.5);
  EXPECT_EQ(scaled.parent(5), 4u);
  EXPECT_THROW(scaled.append(log, -1.0), onakit::invalid_option);

  // Messages 2 and 3 become one (3 joins 2): 3's link to 2 is inside the
  // group and goes; a later message answering 3 would now answer 2.
  both.begin_message(both.intern("b"), 40);
  both.add_recipient(both.intern("a"));
  both.set_parent(4, 3);
  const std::vector<std::size_t> into = {2, 2, 4};
  both.merge_messages(2, into);
  ASSERT_EQ(both.num_messages(), 4u);
  EXPECT_EQ(both.parent(2), 1u);
  EXPECT_EQ(both.parent(3), 2u);
}

TEST(MessageLog, ReleaseMessagesKeepsPeopleAndReportButNotTheRoom) {
  // The end of a streamed read: the log lives on for its people (labels of the
  // graph), so the chunk's columns must not keep their capacity.
  onakit::message_log log;
  for (std::uint32_t m = 0; m < 10000; ++m) {
    log.begin_message(log.intern("s" + std::to_string(m % 7)), m);
    log.add_recipient(log.intern("r" + std::to_string(m % 5)));
  }
  log.report().skip("for the test");
  const std::size_t held = log.message_bytes();
  EXPECT_GT(held, 10000u * 20);  // 4 + 8 + 8 B a message, 4 + 1 B a recipient
  log.clear_messages();
  EXPECT_EQ(log.message_bytes(), held);  // cleared: the room stays for the next chunk
  log.release_messages();
  EXPECT_LT(log.message_bytes(), 64u);  // released: the room is gone
  EXPECT_EQ(log.num_messages(), 0u);
  EXPECT_EQ(log.num_pairs(), 0u);
  EXPECT_EQ(log.num_people(), 12u);
  EXPECT_EQ(log.people()[0], "s0");
  EXPECT_EQ(log.report().skipped_total(), 1u);
  log.begin_message(0, 1);  // still usable
  log.add_recipient(1);
  EXPECT_EQ(log.num_messages(), 1u);
}

TEST(MessageLog, AppendThroughAKeptMapGivesTheIdsOfFreshAppends) {
  // A part log that keeps its people from one window to the next, appended
  // each time through the same id map, must give the stream's log the ids
  // (and channels) that appending a fresh log of each window gives.
  const std::vector<std::vector<std::string>> windows = {
      {"b", "a", "c"}, {"a", "d", "b", "e"}, {"f", "c", "d", "g"}};
  onakit::message_log fresh_target, kept_target, part;
  fresh_target.intern("x");
  kept_target.intern("x");
  onakit::message_log::id_map map;
  for (std::size_t w = 0; w < windows.size(); ++w) {
    // The stream's log gains people of its own between appends (its part 0).
    fresh_target.intern("own" + std::to_string(w));
    kept_target.intern("own" + std::to_string(w));
    onakit::message_log fresh;
    for (const auto& p : windows[w]) {
      for (auto* l : {&fresh, &part}) {
        l->begin_message(l->intern(p), static_cast<onakit::timestamp_t>(w), {}, l->intern_channel("ch" + p));
        l->add_recipient(l->intern("x"), onakit::role::cc);
      }
    }
    fresh.report().skip("bad");
    part.report().skip("bad");
    fresh_target.append(fresh);
    kept_target.append(part, map);
    part.release_messages();
    part.report() = onakit::ingest_report{};
  }
  EXPECT_EQ(map.people.size(), part.num_people());
  EXPECT_EQ(kept_target.people(), fresh_target.people());
  EXPECT_EQ(kept_target.channels(), fresh_target.channels());
  EXPECT_EQ(std::vector<onakit::vertex_id>(kept_target.sender_column().begin(), kept_target.sender_column().end()),
            std::vector<onakit::vertex_id>(fresh_target.sender_column().begin(), fresh_target.sender_column().end()));
  EXPECT_EQ(std::vector<onakit::vertex_id>(kept_target.recipient_column().begin(), kept_target.recipient_column().end()),
            std::vector<onakit::vertex_id>(fresh_target.recipient_column().begin(), fresh_target.recipient_column().end()));
  for (std::size_t m = 0; m < kept_target.num_messages(); ++m)
    EXPECT_EQ(kept_target.channel(m), fresh_target.channel(m)) << m;
  EXPECT_EQ(kept_target.report().skipped.at("bad"), 3u);
  EXPECT_THROW(kept_target.append(part, map, -1.0), onakit::invalid_option);
}

}  // namespace
