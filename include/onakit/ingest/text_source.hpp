#pragma once
/// \file text_source.hpp
/// Reads a whole input file into memory, transparently decompressing gzip.
///
/// Readers parse from one contiguous buffer: it is the fastest way to read
/// files of up to a few GB, and it lets them split the work across threads.
///
/// Size limit: no input may exceed `max_input_bytes` (default
/// default_max_input_bytes = 64 GiB) after decompression. Past it the read
/// stops with an io_error naming the file and the limit, so a gzip bomb or an
/// endless device (`/dev/zero`, a pipe) cannot exhaust memory. Buffers grow
/// to the size needed: a gzip file's size trailer (ISIZE) sizes the buffer
/// up front, and growth past it goes through realloc() (which moves pages,
/// not bytes, for large blocks on Linux), so memory peaks near the
/// decompressed size, not twice it.
///
/// Pipes: a FIFO (a named pipe, or `<(zcat mail.gz)`) is read to its end
/// as `cat` reads it. Opening one waits for its writer, and reading waits for
/// data; both waits are polls of 100 ms, between which waiting_interrupted
/// (null by default: wait for ever) is asked whether to stop, so Ctrl-C ends
/// the wait for a writer that never comes (the Python module sets it).
///
/// Files that change while read: plain files are memory-mapped; when one is
/// truncated by another process during the parse, detail/mapping_guard.hpp
/// turns the SIGBUS that would kill the process into an io_error "the file
/// changed (truncated) while it was read" (see text_source::parse()).
///
/// Example:
/// \code
///   const auto src = onakit::text_source::open("email-Eu-core-temporal.txt.gz");
///   std::size_t lines = src.parse([](std::string_view t) { return std::count(t.begin(), t.end(), '\n'); });
/// \endcode

#include <onakit/detail/mapping_guard.hpp>
#include <onakit/errors.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace onakit::inline v0_1 {

/// The default limit on the bytes of one input (after decompression): 64 GiB,
/// well past any mail or chat export that fits in a machine's memory.
inline constexpr std::uint64_t default_max_input_bytes = std::uint64_t{64} << 30;

/// True if the path names a gzip file by its extension (`.gz`, any case).
/// \throws nothing.
[[nodiscard]] inline bool is_gzip_path(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  return ext.size() == 3 && ext[0] == '.' && (ext[1] == 'g' || ext[1] == 'G') &&
         (ext[2] == 'z' || ext[2] == 'Z');
}

namespace detail {

/// A malloc'd byte buffer grown with realloc(): glibc moves large blocks
/// with mremap() instead of copying them, so growing never holds two copies.
class heap_bytes {
 public:
  heap_bytes() = default;
  heap_bytes(heap_bytes&& o) noexcept : p_(std::move(o.p_)), size_(o.size_), cap_(o.cap_) { o.size_ = o.cap_ = 0; }
  heap_bytes& operator=(heap_bytes&& o) noexcept {
    p_ = std::move(o.p_);
    size_ = o.size_;
    cap_ = o.cap_;
    o.size_ = o.cap_ = 0;
    return *this;
  }
  [[nodiscard]] char* data() noexcept { return p_.get(); }
  [[nodiscard]] const char* data() const noexcept { return p_.get(); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t capacity() const noexcept { return cap_; }
  void set_size(std::size_t n) noexcept { size_ = n; }
  void reserve(std::size_t n) {
    if (n <= cap_) return;
    void* q = std::realloc(p_.get(), n);
    if (q == nullptr) throw std::bad_alloc();
    (void)p_.release();
    p_.reset(static_cast<char*>(q));
    cap_ = n;
  }
  /// Room for at least `min_free` more bytes: grows by half, but not past
  /// `cap_limit` unless `min_free` needs it.
  void grow(std::size_t min_free, std::size_t cap_limit) {
    if (cap_ - size_ >= min_free) return;
    const std::size_t want = std::min(cap_ + std::max(cap_ / 2, min_free), cap_limit);
    reserve(std::max(want, size_ + min_free));
  }
  void shrink_to_fit() noexcept {
    if (size_ == 0 || cap_ - size_ < (std::size_t{1} << 20)) return;
    if (void* q = std::realloc(p_.get(), size_)) {
      (void)p_.release();
      p_.reset(static_cast<char*>(q));
      cap_ = size_;
    }
  }

 private:
  struct free_deleter {
    void operator()(char* p) const noexcept { std::free(p); }
  };
  std::unique_ptr<char, free_deleter> p_;
  std::size_t size_ = 0, cap_ = 0;
};

[[noreturn]] inline void throw_too_large(const std::string& name, std::uint64_t max_bytes, bool gz) {
  throw io_error(name, "more than " + std::to_string(max_bytes) + " bytes" + (gz ? " after decompression" : "") +
                           ", the max_input_bytes limit (a gzip bomb, or a device or pipe without end?); "
                           "pass a larger max_input_bytes (--max-input-bytes) to read it");
}

/// One byte past the limit tells "exactly at the limit" from "over it".
inline std::size_t capacity_limit(std::uint64_t max_bytes) {
  return static_cast<std::size_t>(std::min<std::uint64_t>(max_bytes, SIZE_MAX - 1)) + 1;
}

/// The gzip ISIZE trailer (decompressed size mod 2^32 of the last member),
/// capped by the most deflate can expand the file (~1032:1); 0 if unknown.
inline std::size_t gzip_size_hint(const std::string& name) {
  const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  struct stat st {};
  unsigned char t[4] = {};
  std::size_t hint = 0;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 18 && ::pread(fd, t, 4, st.st_size - 4) == 4) {
    hint = std::size_t{t[0]} | std::size_t{t[1]} << 8 | std::size_t{t[2]} << 16 | std::size_t{t[3]} << 24;
    hint = std::min(hint, static_cast<std::size_t>(st.st_size) * 1032 + 4096);
  }
  ::close(fd);
  return hint;
}

/// Gunzips `name` (several members are one stream, as zcat reads them).
inline heap_bytes read_gzip(const std::string& name, std::uint64_t max_bytes) {
  gzFile gz = gzopen(name.c_str(), "rb");
  if (gz == nullptr) throw io_error(name, "cannot open: " + std::string(std::strerror(errno)));
  const std::unique_ptr<gzFile_s, int (*)(gzFile)> guard(gz, gzclose);
  gzbuffer(gz, 1u << 18);
  const std::size_t cap_limit = capacity_limit(max_bytes);
  heap_bytes out;
  out.reserve(std::min(std::max(gzip_size_hint(name) + 1, std::size_t{1} << 16), cap_limit));
  for (;;) {
    out.grow(1, cap_limit);
    const auto want = static_cast<unsigned>(std::min(out.capacity() - out.size(), std::size_t{1} << 30));
    const int n = gzread(gz, out.data() + out.size(), want);
    if (n < 0) {
      int code = 0;
      const char* msg = gzerror(gz, &code);
      throw io_error(name, std::string("cannot decompress: ") + (msg ? msg : "gzip error"));
    }
    out.set_size(out.size() + static_cast<std::size_t>(n));
    if (out.size() > max_bytes) throw_too_large(name, max_bytes, true);
    if (n == 0) break;
  }
  // A stream cut short ends "normally" with gzread() == 0 but leaves an error.
  int code = Z_OK;
  const char* msg = gzerror(gz, &code);
  if (code != Z_OK) throw io_error(name, std::string("cannot decompress: ") + (msg ? msg : "truncated gzip data"));
  out.shrink_to_fit();
  return out;
}

/// Asked every 100 ms while a read waits on a pipe (for its writer, or for
/// data): true stops the wait with onakit::interrupted. Null: wait for ever.
/// The Python module sets it to "was Ctrl-C pressed?".
inline bool (*waiting_interrupted)() = nullptr;

/// Waits until the non-blocking descriptor of a pipe has data or its writer
/// has closed it, polling waiting_interrupted every 100 ms.
inline void wait_readable(int fd, const std::string& name) {
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const int r = ::poll(&p, 1, 100);
    if (r > 0) return;
    if (r < 0 && errno != EINTR) throw io_error(name, "cannot wait for the pipe: " + std::string(std::strerror(errno)));
    if (waiting_interrupted != nullptr && waiting_interrupted()) throw interrupted("reading " + name);
  }
}

/// Opens `name` for reading: a FIFO without blocking (a blocking open()
/// waits for a writer, and no signal reliably ends it), then waits in
/// wait_readable() for its writer's first bytes or close (a read of such a
/// FIFO before any writer came would say end-of-file); its later reads that
/// find no data wait there too (EAGAIN).
inline int open_for_reading(const std::string& name) {
  struct stat pre {};
  const bool fifo = ::stat(name.c_str(), &pre) == 0 && S_ISFIFO(pre.st_mode);
  const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC | (fifo ? O_NONBLOCK : 0));
  if (fd < 0) throw io_error(name, "cannot open: " + std::string(std::strerror(errno)));
  if (fifo) {
    try {
      wait_readable(fd, name);
    } catch (...) {
      ::close(fd);
      throw;
    }
  }
  return fd;
}

/// Reads an open descriptor to its end (a pipe, a device, a file that was
/// not mapped); `expected` (the file size, or 0) sizes the buffer. A
/// non-blocking descriptor (a FIFO) is waited on with wait_readable().
inline heap_bytes read_descriptor(int fd, const std::string& name, std::uint64_t max_bytes, std::size_t expected) {
  const std::size_t cap_limit = capacity_limit(max_bytes);
  heap_bytes out;
  out.reserve(std::min(std::max(expected + 1, std::size_t{1} << 16), cap_limit));
  for (;;) {
    out.grow(1, cap_limit);
    const ssize_t n = ::read(fd, out.data() + out.size(), std::min(out.capacity() - out.size(), std::size_t{1} << 30));
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        wait_readable(fd, name);
        continue;
      }
      throw io_error(name, "read failed: " + std::string(std::strerror(errno)));
    }
    out.set_size(out.size() + static_cast<std::size_t>(n));
    if (out.size() > max_bytes) throw_too_large(name, max_bytes, false);
    if (n == 0) break;
  }
  out.shrink_to_fit();
  return out;
}

/// Test hook, null in normal use: called with the path right after a file is
/// mapped, so a test can truncate it before the parse (the deterministic way
/// to reach the mapping guard).
inline void (*after_mapping_hook)(const std::filesystem::path&) = nullptr;

inline void check_input_path(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status))
    throw io_error(path.string(), "no such file (check the path and the working directory)");
  if (std::filesystem::is_directory(status)) throw io_error(path.string(), "is a directory, not a file");
}

}  // namespace detail

/// A whole input file as one read-only byte range: memory-mapped for plain
/// files (no copy, pages read on demand), read into memory for `.gz` files
/// (decompressed), pipes and devices. Move-only; unmaps on destruction.
/// Readers parse `view()` inside parse(), which reports a file truncated
/// during the parse as such.
class text_source {
 public:
  text_source() = default;
  text_source(const text_source&) = delete;
  text_source& operator=(const text_source&) = delete;
  text_source(text_source&& o) noexcept { take(o); }
  text_source& operator=(text_source&& o) noexcept {
    if (this != &o) {
      release();
      take(o);
    }
    return *this;
  }
  ~text_source() { release(); }

  /// Opens `path`. `populate` faults every page in up front (MAP_POPULATE):
  /// right for a large file parsed by several threads; a reader of many small
  /// files (mbox, Maildir) lets the single scan fault them in as it goes,
  /// which measured ~3% faster there.
  /// \throws io_error naming the path when the file is missing, is a
  ///   directory, cannot be read, is not valid gzip data, or holds more than
  ///   `max_bytes` bytes (decompressed).
  static text_source open(const std::filesystem::path& path, bool populate = true,
                          std::uint64_t max_bytes = default_max_input_bytes) {
    text_source t;
    t.name_ = path.string();
    detail::check_input_path(path);
    if (is_gzip_path(path)) {
      t.owned_ = detail::read_gzip(t.name_, max_bytes);
      return t;
    }
    const int fd = detail::open_for_reading(t.name_);  // a FIFO: waits, interruptibly
    struct closer {
      int fd;
      ~closer() { ::close(fd); }
    } const close_fd{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw io_error(t.name_, "cannot read: " + std::string(std::strerror(errno)));
    if (!S_ISREG(st.st_mode) || st.st_size == 0) {
      // Pipes, devices and empty files (or /proc files that say 0): read to the end.
      t.owned_ = detail::read_descriptor(fd, t.name_, max_bytes, 0);
      return t;
    }
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes) detail::throw_too_large(t.name_, max_bytes, false);
    const auto size = static_cast<std::size_t>(st.st_size);
    // MAP_POPULATE: fault the pages in once, up front; page faults taken one
    // by one from several parsing threads were measured to cost more than a read.
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | (populate ? MAP_POPULATE : 0), fd, 0);
    detail::guarded_mapping* guard = p == MAP_FAILED ? nullptr : detail::guard_mapping(p, size);
    if (guard == nullptr) {  // not mappable, or too many files mapped at once
      if (p != MAP_FAILED) ::munmap(p, size);
      t.owned_ = detail::read_descriptor(fd, t.name_, max_bytes, size);
      return t;
    }
    ::madvise(p, size, MADV_SEQUENTIAL);  // advice values are not flags: one call each
    if (populate) ::madvise(p, size, MADV_WILLNEED);
    t.map_ = p;
    t.size_ = size;
    t.guard_ = guard;
    if (detail::after_mapping_hook != nullptr) detail::after_mapping_hook(path);
    return t;
  }

  [[nodiscard]] std::string_view view() const noexcept {
    return map_ != nullptr ? std::string_view(static_cast<const char*>(map_), size_)
                           : std::string_view(owned_.data(), owned_.size());
  }

  /// True when the mapped file was cut short while it was read (the missing
  /// pages then read as zeros).
  [[nodiscard]] bool truncated() const noexcept {
    return guard_ != nullptr && guard_->truncated.load(std::memory_order_acquire);
  }

  /// \throws io_error naming the file if truncated().
  void check() const {
    if (truncated())
      throw io_error(name_, "the file changed (truncated) while it was read; read it again when nothing writes to it");
  }

  /// Returns `parse(view())`; if the file was truncated during the parse,
  /// throws io_error (check()) instead, also when the zeros the parser read
  /// in place of the lost bytes made it throw.
  template <class F>
  decltype(auto) parse(F&& parse) const {
    try {
      if constexpr (std::is_void_v<std::invoke_result_t<F, std::string_view>>) {
        parse(view());
        check();
      } else {
        auto r = parse(view());
        check();
        return r;
      }
    } catch (const io_error&) {
      throw;
    } catch (...) {
      check();
      throw;
    }
  }

  /// The input's name (its path).
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

 private:
  void take(text_source& o) noexcept {
    owned_ = std::move(o.owned_);
    name_ = std::move(o.name_);
    map_ = o.map_;
    size_ = o.size_;
    guard_ = o.guard_;
    o.map_ = nullptr;
    o.size_ = 0;
    o.guard_ = nullptr;
  }
  void release() noexcept {
    detail::unguard_mapping(guard_);  // before munmap: the address range may be reused
    if (map_ != nullptr) ::munmap(map_, size_);
    guard_ = nullptr;
    map_ = nullptr;
    size_ = 0;
  }
  detail::heap_bytes owned_;
  std::string name_;
  void* map_ = nullptr;
  std::size_t size_ = 0;
  detail::guarded_mapping* guard_ = nullptr;
};

/// Returns the bytes of a file as a string; a path ending in `.gz` is
/// gunzipped (several concatenated gzip members are read as one stream, as
/// `zcat` does). Readers use text_source instead, which does not copy.
///
/// An empty file gives an empty string; the readers report that as a
/// parse_error "empty input", since only they know whether empty is wrong.
///
/// \throws io_error naming the path when the file is missing, is a directory,
///         cannot be read, is not valid gzip data, holds more than
///         `max_bytes` bytes (decompressed), or is truncated while read.
/// \par Complexity  O(file size) time and memory (decompressed size for .gz).
[[nodiscard]] inline std::string read_text_file(const std::filesystem::path& path,
                                                std::uint64_t max_bytes = default_max_input_bytes) {
  const text_source t = text_source::open(path, /*populate=*/false, max_bytes);
  return t.parse([](std::string_view v) { return std::string(v); });
}

}  // namespace onakit
