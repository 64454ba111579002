// The one thread-count rule (onakit/detail/parallel.hpp): requests outside
// [0, max_threads] are refused at the entry; the team a kernel starts is
// capped by the cores and the work. Issue 10: threads=100000 segfaulted,
// threads=40000 made libgomp abort, threads=16384 started 16k threads.
#include <onakit/detail/parallel.hpp>

#include <gtest/gtest.h>

#include <omp.h>

#include <string>

namespace {

using onakit::detail::check_threads;
using onakit::detail::thread_count;

TEST(Parallel, CheckThreadsRefusesNegativeAndAbsurdRequests) {
  for (const long long ok : {0LL, 1LL, 2LL, static_cast<long long>(onakit::max_threads)})
    EXPECT_NO_THROW(check_threads(ok)) << ok;
  for (const long long bad : {-1LL, static_cast<long long>(onakit::max_threads) + 1, 100000LL, 1LL << 40}) {
    try {
      check_threads(bad);
      ADD_FAILURE() << "accepted threads=" << bad;
    } catch (const onakit::invalid_option& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("threads=" + std::to_string(bad)), std::string::npos) << what;
      EXPECT_NE(what.find(std::to_string(onakit::max_threads)), std::string::npos) << what;
    }
  }
}

TEST(Parallel, ThreadCountIsCappedByCoresAndWork) {
  const int procs = omp_get_num_procs();
  EXPECT_EQ(thread_count(1), 1);
  EXPECT_LE(thread_count(0), procs);
  EXPECT_GE(thread_count(0), 1);
  EXPECT_EQ(thread_count(onakit::max_threads), procs);
  EXPECT_EQ(thread_count(100000), thread_count(0));  // out of range (refused at the entry): the default
  EXPECT_EQ(thread_count(-5), thread_count(0));
  EXPECT_EQ(thread_count(onakit::max_threads, 3), std::min(3, procs));
  EXPECT_EQ(thread_count(onakit::max_threads, 1), 1);
  EXPECT_EQ(thread_count(0, 0), 1);  // no work: still one thread
}

}  // namespace
