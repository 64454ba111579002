#pragma once
/// \file interrupt.hpp
/// Interrupting long runs: the callback every long loop polls.
///
/// Options of long-running functions (centrality measures, silo statistics,
/// community detection) carry an optional `interrupt` callback polled
/// between units of work (from one thread): if it returns true the run
/// stops and throws onakit::interrupted, whose message names the public
/// function that was running ("betweenness interrupted"). The Python layer uses it to make
/// Ctrl-C raise KeyboardInterrupt promptly. It lives below every stage so
/// that centrality/ and silo/ share it without including each other.
///
/// Progress rides on the same poll: a loop that knows how far it is polls
/// with poll(check, name, done, total) (or poll_counting when the total is not
/// known in advance, as in community detection), which records the position
/// for the calling thread before calling the check; the check may read it
/// with poll_position() (the Python layer feeds a tqdm bar with it). The
/// position costs one thread-local store per poll, nothing per unit of work.

#include <onakit/errors.hpp>

#include <cstdint>
#include <exception>
#include <functional>

namespace onakit::inline v0_1 {

/// Polled between units of work; return true to abandon the run.
using interrupt_check = std::function<bool()>;

/// How far the run polling on this thread is: `done` units of work of
/// `total` (0 = total not known; `done` then counts the units so far).
struct work_position {
  std::uint64_t done = 0;
  std::uint64_t total = 0;
};

namespace detail {
inline work_position& current_position() noexcept {
  thread_local work_position position;
  return position;
}

/// Throws interrupted(computation) if the callback asks to stop.
/// `computation` is the public function the caller called ("betweenness").
inline void poll(const interrupt_check& check, const char* computation) {
  if (check && check()) throw interrupted(computation);
}

/// poll() that first records the position (`done` of `total` units).
inline void poll(const interrupt_check& check, const char* computation, std::uint64_t done, std::uint64_t total) {
  if (!check) return;
  current_position() = {done, total};
  poll(check, computation);
}

/// poll() for a loop of unknown length: `units` more units of work were done.
inline void poll_counting(const interrupt_check& check, const char* computation, std::uint64_t units) {
  if (!check) return;
  work_position& p = current_position();
  p.done += units;
  p.total = 0;
  poll(check, computation);
}

/// poll() for inside a parallel region, where an exception must not escape:
/// true if the run should stop; an exception the check throws is kept in
/// `error` for the caller to rethrow after the region.
inline bool poll_without_throwing(const interrupt_check& check, std::exception_ptr& error) noexcept {
  if (!check) return false;
  try {
    return check();
  } catch (...) {
    error = std::current_exception();
    return true;
  }
}

/// poll_without_throwing() that first records the position (`done` of `total`).
inline bool poll_without_throwing(const interrupt_check& check, std::exception_ptr& error, std::uint64_t done,
                                  std::uint64_t total) noexcept {
  if (!check) return false;
  current_position() = {done, total};
  return poll_without_throwing(check, error);
}
}  // namespace detail

/// The position recorded by the poll in progress on this thread (what an
/// interrupt_check reads to report progress); reset_position() before a run.
inline work_position poll_position() noexcept { return detail::current_position(); }
inline void reset_position() noexcept { detail::current_position() = {}; }

}  // namespace onakit
