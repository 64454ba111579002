#pragma once
/// \file shared.hpp
/// Internal: a minimal reference-counted holder (detail::shared<T>) and the
/// few atomic operations it and graph::find's lazily built index need.
///
/// Why not std::shared_ptr / std::call_once: errors.hpp and graph/graph.hpp
/// are included by every translation unit of onakit and its users, and
/// <memory> plus <mutex> cost about 0.15 s of compile time per TU there
/// (g++ 12, -O2; scripts/compile-time) for a use this small: share one
/// immutable block between copies, and publish a value built once.
///
/// shared<T> copies and destroys without throwing or allocating (the count
/// is atomic: relaxed increment, acquire-release decrement, as
/// std::shared_ptr does); a moved-from shared<T> is empty. O(1) per
/// operation.

#include <cstddef>
#include <new>
#include <utility>

#if !defined(__GNUC__)  // g++ and clang++ define it and have the __atomic builtins
#include <atomic>
#endif

namespace onakit::inline v0_1::detail {

/// Loads `x` with acquire ordering.
/// \throws nothing.
template <class T>
[[nodiscard]] inline T atomic_load_acquire(T& x) noexcept {
#if defined(__GNUC__)
  return __atomic_load_n(&x, __ATOMIC_ACQUIRE);
#else
  return std::atomic_ref<T>(x).load(std::memory_order_acquire);
#endif
}

/// Adds 1 to `x` (relaxed ordering).
/// \throws nothing.
template <class T>
inline void atomic_increment(T& x) noexcept {
#if defined(__GNUC__)
  __atomic_fetch_add(&x, T{1}, __ATOMIC_RELAXED);
#else
  std::atomic_ref<T>(x).fetch_add(T{1}, std::memory_order_relaxed);
#endif
}

/// Subtracts 1 from `x` (acquire-release ordering); returns the new value.
/// \throws nothing.
template <class T>
[[nodiscard]] inline T atomic_decrement(T& x) noexcept {
#if defined(__GNUC__)
  return __atomic_sub_fetch(&x, T{1}, __ATOMIC_ACQ_REL);
#else
  return std::atomic_ref<T>(x).fetch_sub(T{1}, std::memory_order_acq_rel) - T{1};
#endif
}

/// Stores `desired` into `slot` if it still holds `expected` (acquire-release
/// ordering) and returns true; otherwise loads the current value into
/// `expected` and returns false.
/// \throws nothing.
template <class T>
[[nodiscard]] inline bool atomic_publish(T& slot, T& expected, T desired) noexcept {
#if defined(__GNUC__)
  return __atomic_compare_exchange_n(&slot, &expected, desired, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
#else
  return std::atomic_ref<T>(slot).compare_exchange_strong(expected, desired, std::memory_order_acq_rel,
                                                          std::memory_order_acquire);
#endif
}

/// One T shared by every copy, freed with the last one (see the file comment).
template <class T>
class shared {
 public:
  /// Empty (holds nothing).
  shared() noexcept = default;
  /// A new block holding `T{args...}`.
  /// \throws std::bad_alloc, or what T's constructor throws.
  template <class... A>
  [[nodiscard]] static shared make(A&&... args) {
    shared s;
    s.b_ = new block{1, T{std::forward<A>(args)...}};
    return s;
  }
  shared(const shared& o) noexcept : b_(o.b_) {
    if (b_) atomic_increment(b_->refs);
  }
  shared(shared&& o) noexcept : b_(std::exchange(o.b_, nullptr)) {}
  shared& operator=(shared o) noexcept {
    std::swap(b_, o.b_);
    return *this;
  }
  ~shared() {
    if (b_ && atomic_decrement(b_->refs) == 0) delete b_;
  }
  [[nodiscard]] explicit operator bool() const noexcept { return b_ != nullptr; }
  /// The shared T (the holder must not be empty). Callers that mutate it
  /// through a const holder synchronise themselves (atomic_publish).
  [[nodiscard]] T& operator*() const noexcept { return b_->value; }
  [[nodiscard]] T* operator->() const noexcept { return &b_->value; }

 private:
  struct block {
    std::size_t refs;
    T value;
  };
  block* b_ = nullptr;
};

}  // namespace onakit
