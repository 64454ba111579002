#pragma once
// expect_same_log: everything observable about two message logs, for tests
// that read the same data two ways (threads, a file and its columns).

#include <onakit/message_log.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace onakit::testing {

/// People, messages (sender, time, recipients, roles, ids, weights, channels) and report counts.
inline void expect_same_log(const message_log& a, const message_log& b) {
  ASSERT_EQ(a.people(), b.people());
  ASSERT_EQ(a.num_messages(), b.num_messages());
  ASSERT_TRUE(std::equal(a.sender_column().begin(), a.sender_column().end(), b.sender_column().begin()));
  ASSERT_TRUE(std::equal(a.time_column().begin(), a.time_column().end(), b.time_column().begin()));
  ASSERT_TRUE(std::equal(a.offsets().begin(), a.offsets().end(), b.offsets().begin()));
  ASSERT_TRUE(std::equal(a.recipient_column().begin(), a.recipient_column().end(), b.recipient_column().begin()));
  ASSERT_TRUE(std::equal(a.role_column().begin(), a.role_column().end(), b.role_column().begin()));
  for (std::size_t m = 0; m < a.num_messages(); ++m) {
    ASSERT_EQ(a.message_id(m), b.message_id(m)) << "message " << m;
    ASSERT_EQ(a.weight(m), b.weight(m)) << "message " << m;
    ASSERT_EQ(a.channel(m), b.channel(m)) << "message " << m;
  }
  EXPECT_EQ(a.report().records_read, b.report().records_read);
  EXPECT_EQ(a.report().records_kept, b.report().records_kept);
  EXPECT_EQ(a.report().skipped, b.report().skipped);
  EXPECT_EQ(a.report().dropped, b.report().dropped);
  EXPECT_EQ(a.report().messages, b.report().messages);
  EXPECT_EQ(a.report().messages_with_several_recipients, b.report().messages_with_several_recipients);
}

}  // namespace onakit::testing
