#pragma once
/// \file mapping_guard.hpp
/// Survives a memory-mapped input file that shrinks while it is parsed.
///
/// Reading a page of a mapping past the end of its file raises SIGBUS, which
/// kills the process; another program truncating (or rewriting) an input
/// file while onakit reads it is enough. A process-wide SIGBUS handler,
/// installed on first use, looks the faulting address up in a small
/// lock-free table of the mappings onakit owns. Inside one, it maps an
/// anonymous zero page over the faulting page (so the parser reads zeros and
/// carries on) and sets that mapping's `truncated` flag; text_source then
/// reports the file as changed (an io_error) instead of whatever it parsed.
/// Faults anywhere else, and SIGBUS sent by kill(), go to the handler that was
/// installed before (Python's faulthandler, say), or to the default action.
///
/// Handler order: when some other code replaces the handler after onakit
/// installed it (faulthandler.enable() called later), guard_mapping() puts
/// onakit's back in front, chaining to the newcomer; a handler that re-raises
/// SIGBUS from inside the chain (faulthandler does, after restoring its own
/// predecessor, which may be ours) is not called twice: the signal then takes
/// its default action.
///
/// Cost: one sigaction() check per mapped file, nothing per page read.
/// At most `max_guarded_mappings` files are mapped at once; guard_mapping()
/// returns null past that and the caller reads the file into memory instead.

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>

namespace onakit::inline v0_1::detail {

/// One mapped file: its address range and whether a fault found it cut short.
struct guarded_mapping {
  std::atomic<std::uintptr_t> begin{0};  // 0 = free slot
  std::atomic<std::size_t> size{0};
  std::atomic<bool> truncated{false};
};

inline constexpr std::size_t max_guarded_mappings = 256;
inline constexpr std::uintptr_t claimed = 1;  // `begin` of a slot being filled in

struct mapping_guard_state {
  std::array<guarded_mapping, max_guarded_mappings> slots{};
  // The handler ours replaced, published through `previous_slot`: a
  // reinstall writes the other slot, so the handler never reads a half-written one.
  std::array<struct sigaction, 2> previous{};
  std::atomic<int> previous_slot{0};
  std::atomic<int> chaining{0};  // inside a call to `previous`
  std::uintptr_t page = 4096;
  std::mutex install;
};

inline mapping_guard_state& mapping_guard() {
  static mapping_guard_state s;
  return s;
}

/// Restores the default action for `sig` and lets it happen: a fault is
/// taken again when the handler returns, a sent signal is raised again.
inline void sigbus_default(int sig, const siginfo_t* info) noexcept {
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
  if (info == nullptr || info->si_code <= 0) ::raise(sig);
}

/// The SIGBUS handler. Async-signal-safe: atomics, mmap and sigaction only.
inline void sigbus_handler(int sig, siginfo_t* info, void* context) noexcept {
  auto& g = mapping_guard();
  if (info != nullptr && info->si_code > 0) {  // raised by the kernel for a memory access
    const auto addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
    for (auto& m : g.slots) {
      const std::uintptr_t b = m.begin.load(std::memory_order_acquire);
      if (b <= claimed || addr < b || addr - b >= m.size.load(std::memory_order_acquire)) continue;
      // Zeros from the faulting page to the end of the mapping in one call,
      // so a large truncated file costs one signal, not one per page.
      const std::uintptr_t first = addr & ~(g.page - 1);
      const std::uintptr_t end = (b + m.size.load(std::memory_order_acquire) + g.page - 1) & ~(g.page - 1);
      if (::mmap(reinterpret_cast<void*>(first), end - first, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
                 0) != MAP_FAILED) {
        m.truncated.store(true, std::memory_order_release);
        return;  // the access is retried and reads zeros
      }
      break;
    }
  }
  if (g.chaining.exchange(1) != 0) return sigbus_default(sig, info);  // re-raised by `previous`
  const struct sigaction& prev = g.previous[static_cast<std::size_t>(g.previous_slot.load(std::memory_order_acquire))];
  if ((prev.sa_flags & SA_SIGINFO) != 0 && prev.sa_sigaction != nullptr) {
    prev.sa_sigaction(sig, info, context);
  } else if ((prev.sa_flags & SA_SIGINFO) == 0 && prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN) {
    prev.sa_handler(sig);
  } else {
    g.chaining.store(0);
    return sigbus_default(sig, info);
  }
  g.chaining.store(0);
}

/// Installs the handler if it is not the current one (first use, or someone
/// replaced it since), remembering the handler it replaces.
inline void install_sigbus_handler() {
  auto& g = mapping_guard();
  const std::lock_guard<std::mutex> lock(g.install);
  struct sigaction cur {};
  if (::sigaction(SIGBUS, nullptr, &cur) != 0) return;
  if ((cur.sa_flags & SA_SIGINFO) != 0 && cur.sa_sigaction == &sigbus_handler) return;
  const long page = ::sysconf(_SC_PAGESIZE);
  if (page > 0) g.page = static_cast<std::uintptr_t>(page);
  struct sigaction ours {};
  ours.sa_sigaction = &sigbus_handler;
  // SA_NODEFER: a handler we chain to that re-raises reaches us at once (see above).
  ours.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&ours.sa_mask);
  // Publish the handler being replaced before ours can run and chain to it.
  const int next = 1 - g.previous_slot.load(std::memory_order_relaxed);
  g.previous[static_cast<std::size_t>(next)] = cur;
  g.previous_slot.store(next, std::memory_order_release);
  ::sigaction(SIGBUS, &ours, nullptr);
}

/// Registers the mapping [p, p + size); returns its slot (whose `truncated`
/// flag the reader checks), or null when every slot is taken.
inline guarded_mapping* guard_mapping(const void* p, std::size_t size) {
  install_sigbus_handler();
  const auto b = reinterpret_cast<std::uintptr_t>(p);
  for (auto& m : mapping_guard().slots) {
    std::uintptr_t expected = 0;
    if (m.begin.load(std::memory_order_relaxed) != 0 ||
        !m.begin.compare_exchange_strong(expected, claimed, std::memory_order_acq_rel))
      continue;
    m.truncated.store(false, std::memory_order_relaxed);
    m.size.store(size, std::memory_order_release);
    m.begin.store(b, std::memory_order_release);
    return &m;
  }
  return nullptr;
}

/// Frees a slot of guard_mapping(); call before munmap().
inline void unguard_mapping(guarded_mapping* m) noexcept {
  if (m == nullptr) return;
  m->size.store(0, std::memory_order_release);
  m->begin.store(0, std::memory_order_release);
}

}  // namespace onakit::detail
