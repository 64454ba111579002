#pragma once
/// \file text_stream.hpp
/// Reads an input file window by window, for the streaming readers
/// (ingest/stream.hpp): successive segments that each end at a record
/// boundary, so memory holds one window of the file, not all of it.
///
/// The reader says where records end with a `cut(text, bool at_end)`
/// callback returning the length of the longest prefix of `text` that ends
/// at a record boundary (a newline outside quotes for CSV, a newline for
/// JSON Lines and edge lists, a "From " line for mbox); 0 means "no
/// boundary yet": the stream then doubles the window and asks again. At the
/// end of the input the whole rest is one segment. The incomplete tail of a
/// window is the start of the next segment.
///
/// - Plain files are memory-mapped (no copy); the pages of a segment are
///   released (madvise MADV_DONTNEED) when the next segment is asked for,
///   and the next window is read ahead (MADV_WILLNEED), so the resident
///   size stays near one window whatever the file size.
/// - `.gz` files are inflated incrementally into a buffer of about one
///   window (the tail carried to its front); pipes and devices are read the
///   same way.
/// - The rules of text_source.hpp hold: at most `max_bytes` bytes (after
///   decompression) or an io_error naming the file and the limit; a mapped
///   file truncated while it is read is an io_error "the file changed"
///   (guarded(), through detail/mapping_guard.hpp); errors name the path.
///
/// Complexity: O(bytes) plus the reader's cut() calls (each O(window));
/// memory: one window (at most `max_window` unless one record is longer).
///
/// Example:
/// \code
///   auto s = onakit::text_stream::open("big.txt.gz", 1 << 20);
///   std::string_view seg;
///   std::size_t lines = 0;
///   while (s.next(seg, [](std::string_view t, bool) { return t.rfind('\n') + 1; }))
///     lines += std::count(seg.begin(), seg.end(), '\n');
/// \endcode

#include <onakit/detail/mapping_guard.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/text_source.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

namespace onakit::inline v0_1 {

/// The window a streaming reader parses at a time by default: 16 MiB (split
/// into one part per thread by the CSV reader). A window's fixed cost is
/// small (the CSV reader keeps its per-part people from one window to the
/// next), so smaller windows cost little speed and hold less: a 1.2 GB CSV
/// of a 100,000-person organisation streamed into a graph (2 threads, best
/// of 3 on a loaded machine) took 23.8 s with 16 MiB windows and 22.7 s with
/// 64 MiB ones, with peak memory 2.09x rather than 2.26x graph + labels.
inline constexpr std::size_t default_window_bytes = std::size_t{16} << 20;

/// An input file read as successive segments ending at record boundaries;
/// see the file summary. Move-only.
class text_stream {
 public:
  text_stream() = default;
  text_stream(const text_stream&) = delete;
  text_stream& operator=(const text_stream&) = delete;
  text_stream(text_stream&& o) noexcept { take(o); }
  text_stream& operator=(text_stream&& o) noexcept {
    if (this != &o) {
      release();
      take(o);
    }
    return *this;
  }
  ~text_stream() { release(); }

  /// Opens `path` (gzip by its `.gz` extension), reading at most `max_bytes`.
  /// \throws io_error naming the path when the file is missing, is a
  ///   directory, or cannot be opened.
  static text_stream open(const std::filesystem::path& path, std::uint64_t max_bytes = default_max_input_bytes) {
    text_stream s;
    s.name_ = path.string();
    s.max_bytes_ = max_bytes;
    detail::check_input_path(path);
    if (is_gzip_path(path)) {
      s.gz_ = gzopen(s.name_.c_str(), "rb");
      if (s.gz_ == nullptr) throw io_error(s.name_, "cannot open: " + std::string(std::strerror(errno)));
      gzbuffer(s.gz_, 1u << 18);
      s.buffered_ = true;
      return s;
    }
    s.fd_ = detail::open_for_reading(s.name_);  // a FIFO: waits, interruptibly (text_source.hpp)
    struct stat st {};
    if (::fstat(s.fd_, &st) != 0) throw io_error(s.name_, "cannot read: " + std::string(std::strerror(errno)));
    if (!S_ISREG(st.st_mode) || st.st_size == 0) {
      s.buffered_ = true;  // pipes, devices, /proc files that say 0: read to the end
      return s;
    }
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes) detail::throw_too_large(s.name_, max_bytes, false);
    const auto size = static_cast<std::size_t>(st.st_size);
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, s.fd_, 0);
    detail::guarded_mapping* guard = p == MAP_FAILED ? nullptr : detail::guard_mapping(p, size);
    if (guard == nullptr) {
      if (p != MAP_FAILED) ::munmap(p, size);
      s.buffered_ = true;
      return s;
    }
    ::madvise(p, size, MADV_SEQUENTIAL);
    s.map_ = static_cast<const char*>(p);
    s.size_ = size;
    s.guard_ = guard;
    if (detail::after_mapping_hook != nullptr) detail::after_mapping_hook(path);
    return s;
  }

  /// The next segment, in `segment` (valid until the next call): at least
  /// `window` bytes when the input has them, extended to a record boundary
  /// by `cut` (see the file summary). Returns false at the end of the input.
  /// \throws io_error for a read or decompression error, or past max_bytes.
  template <class Cut>
  bool next(std::string_view& segment, std::size_t window, Cut&& cut) {
    window = std::max<std::size_t>(window, 1);
    offset_ += consumed_;
    if (map_ != nullptr) {
      pos_ += consumed_;
      consumed_ = 0;
      release_before(pos_);
      if (pos_ >= size_) return false;
      for (std::size_t len = window;; len = len > (size_ - pos_) / 2 ? size_ - pos_ : len * 2) {
        len = std::min(len, size_ - pos_);
        const bool at_end = pos_ + len == size_;
        ::madvise(const_cast<char*>(map_) + page_floor(pos_), page_ceil(pos_ + len) - page_floor(pos_),
                  MADV_WILLNEED);
        const std::string_view text(map_ + pos_, len);
        const std::size_t k = at_end ? len : std::min(cut(text, false), len);
        if (k != 0) {
          segment = text.substr(0, k);
          consumed_ = k;
          return true;
        }
      }
    }
    // Buffered: move the carried tail to the front, then fill.
    if (consumed_ != 0) {
      std::memmove(buf_.data(), buf_.data() + consumed_, buf_.size() - consumed_);
      buf_.set_size(buf_.size() - consumed_);
      consumed_ = 0;
    }
    for (std::size_t want = window;; want *= 2) {
      fill(want);
      if (buf_.size() == 0) return false;
      const std::string_view text(buf_.data(), std::min(buf_.size(), want));
      const bool at_end = eof_ && buf_.size() <= want;
      const std::size_t k = at_end ? text.size() : std::min(cut(text, false), text.size());
      if (k != 0) {
        segment = text.substr(0, k);
        consumed_ = k;
        return true;
      }
    }
  }

  /// Offset, in the (decompressed) input, of the segment next() returned last.
  [[nodiscard]] std::uint64_t offset() const noexcept { return offset_; }
  /// The input's size in bytes when known (a plain file), else 0.
  [[nodiscard]] std::uint64_t size_hint() const noexcept { return size_; }
  /// The input's name (its path).
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

  /// True when the mapped file was cut short while it was read.
  [[nodiscard]] bool truncated() const noexcept {
    return guard_ != nullptr && guard_->truncated.load(std::memory_order_acquire);
  }
  /// \throws io_error naming the file if truncated().
  void check() const {
    if (truncated())
      throw io_error(name_, "the file changed (truncated) while it was read; read it again when nothing writes to it");
  }

  /// Runs `work()` (the whole streaming read); if the file was truncated
  /// meanwhile, throws io_error (check()) instead, also when the zeros read
  /// in place of the lost bytes made `work` throw (as text_source::parse()).
  template <class F>
  decltype(auto) guarded(F&& work) const {
    try {
      if constexpr (std::is_void_v<std::invoke_result_t<F>>) {
        work();
        check();
      } else {
        auto r = work();
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

 private:
  static std::size_t page() noexcept {
    static const std::size_t p = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return p;
  }
  static std::size_t page_floor(std::size_t x) noexcept { return x / page() * page(); }
  std::size_t page_ceil(std::size_t x) const noexcept { return std::min(size_, (x + page() - 1) / page() * page()); }

  /// Drops the mapped pages wholly before `pos` (parsed): they are clean
  /// file pages, so the kernel frees them and the resident size stays small.
  void release_before(std::size_t pos) noexcept {
    const std::size_t upto = page_floor(pos);
    if (upto > released_) {
      ::madvise(const_cast<char*>(map_) + released_, upto - released_, MADV_DONTNEED);
      released_ = upto;
    }
  }

  /// Reads until the buffer holds `want` bytes or the input ends.
  void fill(std::size_t want) {
    const std::size_t cap_limit = detail::capacity_limit(max_bytes_);
    while (!eof_ && buf_.size() < want) {
      buf_.grow(std::min(want - buf_.size(), std::size_t{1} << 30), cap_limit);
      const std::size_t room = std::min(buf_.capacity() - buf_.size(), std::size_t{1} << 30);
      std::size_t got = 0;
      if (gz_ != nullptr) {
        const int n = gzread(gz_, buf_.data() + buf_.size(), static_cast<unsigned>(room));
        if (n < 0) {
          int code = 0;
          const char* msg = gzerror(gz_, &code);
          throw io_error(name_, std::string("cannot decompress: ") + (msg ? msg : "gzip error"));
        }
        if (n == 0) {
          int code = Z_OK;
          const char* msg = gzerror(gz_, &code);
          if (code != Z_OK)
            throw io_error(name_, std::string("cannot decompress: ") + (msg ? msg : "truncated gzip data"));
        }
        got = static_cast<std::size_t>(n);
      } else {
        const ssize_t n = ::read(fd_, buf_.data() + buf_.size(), room);
        if (n < 0) {
          if (errno == EINTR) continue;
          if (errno == EAGAIN || errno == EWOULDBLOCK) {  // a FIFO opened without blocking
            detail::wait_readable(fd_, name_);
            continue;
          }
          throw io_error(name_, "read failed: " + std::string(std::strerror(errno)));
        }
        got = static_cast<std::size_t>(n);
      }
      if (got == 0) eof_ = true;
      buf_.set_size(buf_.size() + got);
      total_ += got;
      if (total_ > max_bytes_) detail::throw_too_large(name_, max_bytes_, gz_ != nullptr);
    }
  }

  void take(text_stream& o) noexcept {
    name_ = std::move(o.name_);
    buf_ = std::move(o.buf_);
    max_bytes_ = o.max_bytes_;
    gz_ = o.gz_;
    fd_ = o.fd_;
    map_ = o.map_;
    size_ = o.size_;
    guard_ = o.guard_;
    pos_ = o.pos_;
    released_ = o.released_;
    consumed_ = o.consumed_;
    offset_ = o.offset_;
    total_ = o.total_;
    eof_ = o.eof_;
    buffered_ = o.buffered_;
    o.gz_ = nullptr;
    o.fd_ = -1;
    o.map_ = nullptr;
    o.size_ = 0;
    o.guard_ = nullptr;
  }
  void release() noexcept {
    detail::unguard_mapping(guard_);  // before munmap: the address range may be reused
    if (map_ != nullptr) ::munmap(const_cast<char*>(map_), size_);
    if (gz_ != nullptr) gzclose(gz_);
    if (fd_ >= 0) ::close(fd_);
    guard_ = nullptr;
    map_ = nullptr;
    gz_ = nullptr;
    fd_ = -1;
  }

  std::string name_;
  detail::heap_bytes buf_;
  std::uint64_t max_bytes_ = default_max_input_bytes;
  gzFile gz_ = nullptr;
  int fd_ = -1;
  const char* map_ = nullptr;
  std::size_t size_ = 0;
  detail::guarded_mapping* guard_ = nullptr;
  std::size_t pos_ = 0;        // mapped: start of the next segment
  std::size_t released_ = 0;   // mapped: pages before this are released
  std::size_t consumed_ = 0;   // bytes of the last segment
  std::uint64_t offset_ = 0;   // of the last segment in the input
  std::uint64_t total_ = 0;    // buffered: bytes read so far
  bool eof_ = false;
  bool buffered_ = false;
};

}  // namespace onakit
