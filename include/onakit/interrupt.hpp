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

#include <onakit/errors.hpp>

#include <exception>
#include <functional>

namespace onakit::inline v0_1 {

/// Polled between units of work; return true to abandon the run.
using interrupt_check = std::function<bool()>;

namespace detail {
/// Throws interrupted(computation) if the callback asks to stop.
/// `computation` is the public function the caller called ("betweenness").
inline void poll(const interrupt_check& check, const char* computation) {
  if (check && check()) throw interrupted(computation);
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
}  // namespace detail

}  // namespace onakit
