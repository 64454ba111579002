#pragma once
/// \file arrow_arrays.hpp
/// The Arrow C data interface (ArrowSchema, ArrowArray, ArrowArrayStream,
/// verbatim from the specification) and the cell readers of
/// arrow_messages.hpp: one Arrow array read as text (arrow_text) or numbers
/// (arrow_number), and the checks that an array is what its producer
/// declares before a cell is read.
///
/// The C data interface carries no buffer sizes: a consumer must trust the
/// sizes the specification gives buffers from an array's length and offset
/// (and the last offset, for the data of strings and the entries of lists).
/// Everything else it can check, and a buggy producer must give an error,
/// not an out-of-bounds read: check() refuses, as parse_error "malformed
/// Arrow array" naming the column, a negative length or offset, an array
/// shorter than the batch, a missing buffer, negative or decreasing offsets,
/// a view whose length, buffer index or offset lies outside its variadic
/// buffers (whose sizes the interface does give), and a dictionary index
/// outside the dictionary. The checks cost one pass over the offsets, views
/// or indices of the rows read (the cells are read right after).

#include <onakit/errors.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/types.hpp>

#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

// The Arrow C data interface, verbatim from the specification (global, with
// its guards, so it can meet arrow/c/abi.h or nanoarrow in one program).
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

extern "C" {
struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;
  void (*release)(struct ArrowSchema*);
  void* private_data;
};

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;
  void (*release)(struct ArrowArray*);
  void* private_data;
};
}  // extern "C"

#endif  // ARROW_C_DATA_INTERFACE

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE

extern "C" {
struct ArrowArrayStream {
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);
  void (*release)(struct ArrowArrayStream*);
  void* private_data;
};
}  // extern "C"

#endif  // ARROW_C_STREAM_INTERFACE

namespace onakit::inline v0_1::detail {

/// Whether slot `i` (physical, offset included) of an array is valid.
inline bool arrow_valid(const ArrowArray& a, std::int64_t i) noexcept {
  const auto* bits = static_cast<const std::uint8_t*>(a.n_buffers > 0 ? a.buffers[0] : nullptr);
  return bits == nullptr || a.null_count == 0 || ((bits[i >> 3] >> (i & 7)) & 1) != 0;
}

/// A reader's complaint about a column it cannot read (its Arrow type).
[[noreturn]] inline void arrow_bad_type(std::string_view column, std::string_view keyword, std::string_view format,
                                        std::string_view expected) {
  throw invalid_option("column '" + std::string(column) + "' (" + std::string(keyword) + "=) has Arrow type '" +
                       std::string(format) + "': " + std::string(expected));
}

/// A producer broke the C data interface's rules (see the file summary).
[[noreturn]] inline void arrow_malformed(const std::string& source, std::string_view column, std::string_view keyword,
                                         const std::string& what) {
  throw parse_error(source, 0, std::string(column), "malformed Arrow array",
                    what + " (the " + std::string(keyword) +
                        "= column); the program that wrote the Arrow data made an invalid array");
}

/// The checks every array gets: a sane length and offset, at least `need`
/// logical slots, and at least `buffers` buffers.
inline void arrow_check_shape(const ArrowArray& a, std::int64_t need, std::int64_t buffers, const std::string& source,
                              std::string_view column, std::string_view keyword) {
  if (a.length < 0 || a.offset < 0 || a.length > std::numeric_limits<std::int64_t>::max() - a.offset)
    arrow_malformed(source, column, keyword,
                    "length " + std::to_string(a.length) + " and offset " + std::to_string(a.offset) + " are out of range");
  if (a.length < need)
    arrow_malformed(source, column, keyword,
                    "the array has " + std::to_string(a.length) + " slots but " + std::to_string(need) + " are read");
  if (a.n_buffers < buffers || (a.n_buffers > 0 && a.buffers == nullptr))
    arrow_malformed(source, column, keyword,
                    std::to_string(a.n_buffers) + " buffers where its type has " + std::to_string(buffers));
  // Buffer 0, the validity bitmap, may be absent; buffer 1 (offsets, views,
  // indices or values) has a size > 0 whenever a slot is read. Data buffers
  // may be null when they hold nothing: their readers check that.
  if (buffers > 1 && need > 0 && a.buffers[1] == nullptr)
    arrow_malformed(source, column, keyword, "buffer 1 (offsets or values) is missing");
}

/// Offsets of slots [first, first + count] must be >= 0 and non-decreasing;
/// returns the last one.
template <class T>
std::int64_t arrow_check_offsets(const void* buffer, std::int64_t first, std::int64_t count, const std::string& source,
                                 std::string_view column, std::string_view keyword) {
  const auto* off = static_cast<const T*>(buffer);
  if (count == 0) return 0;
  T prev = off[first];
  if (prev < 0) arrow_malformed(source, column, keyword, "a negative offset");
  for (std::int64_t j = first + 1; j <= first + count; ++j) {
    if (off[j] < prev)
      arrow_malformed(source, column, keyword, "offsets decrease at slot " + std::to_string(j - 1));
    prev = off[j];
  }
  return static_cast<std::int64_t>(prev);
}


/// One Arrow array read as text cells: utf8 / large utf8 / utf8 view /
/// binary, a dictionary of those, or the null type. at(i) takes the logical
/// index within the array (before its own offset); a null cell is empty.
class arrow_text {
 public:
  arrow_text() = default;

  /// \throws invalid_option (naming `column` and `keyword`) for another type.
  arrow_text(const ArrowSchema& s, const ArrowArray& a, std::string_view column, std::string_view keyword)
      : a_(&a) {
    const std::string_view f = s.format != nullptr ? s.format : "";
    if (s.dictionary != nullptr) {
      if (a.dictionary == nullptr) arrow_bad_type(column, keyword, f, "a dictionary array without its dictionary");
      static constexpr std::string_view ints = "cCsSiIlL";
      if (f.size() != 1 || ints.find(f[0]) == std::string_view::npos)
        arrow_bad_type(column, keyword, f, "dictionary indices must be integers");
      index_format_ = f[0];
      dict_ = std::make_shared<arrow_text>(*s.dictionary, *a.dictionary, column, keyword);
      kind_ = kind::dictionary;
      return;
    }
    if (f == "u" || f == "z") kind_ = kind::utf8;
    else if (f == "U" || f == "Z") kind_ = kind::large_utf8;
    else if (f == "vu" || f == "vz") kind_ = kind::view;
    else if (f == "n") kind_ = kind::null;
    else arrow_bad_type(column, keyword, f, "expected strings (utf8, large_utf8, string_view, a dictionary of strings)");
  }

  /// Checks the cells [0, need) before any is read (see the file summary).
  /// \throws parse_error "malformed Arrow array" naming `column`.
  void check(std::int64_t need, const std::string& source, std::string_view column, std::string_view keyword) const {
    const ArrowArray& a = *a_;
    switch (kind_) {
      case kind::null: arrow_check_shape(a, need, 0, source, column, keyword); return;
      case kind::utf8:
      case kind::large_utf8: {
        arrow_check_shape(a, need, 3, source, column, keyword);
        if (need == 0) return;
        const std::int64_t last = kind_ == kind::utf8
            ? arrow_check_offsets<std::int32_t>(a.buffers[1], a.offset, need, source, column, keyword)
            : arrow_check_offsets<std::int64_t>(a.buffers[1], a.offset, need, source, column, keyword);
        if (a.buffers[2] == nullptr && last != 0)
          arrow_malformed(source, column, keyword, "the data buffer is missing");
        return;
      }
      case kind::view: {
        arrow_check_shape(a, need, 3, source, column, keyword);
        // validity, views, the variadic data buffers, then their sizes (int64 each)
        const std::int64_t nvar = a.n_buffers - 3;
        const auto* sizes = static_cast<const std::int64_t*>(a.buffers[a.n_buffers - 1]);
        if (nvar > 0 && sizes == nullptr) arrow_malformed(source, column, keyword, "the variadic buffer sizes are missing");
        for (std::int64_t j = a.offset; j < a.offset + need; ++j) {
          if (!arrow_valid(a, j)) continue;
          const auto* v = static_cast<const char*>(a.buffers[1]) + 16 * j;
          std::int32_t len = 0, buf = 0, off = 0;
          std::memcpy(&len, v, 4);
          if (len < 0) arrow_malformed(source, column, keyword, "a negative string length at slot " + std::to_string(j));
          if (len <= 12) continue;
          std::memcpy(&buf, v + 8, 4);
          std::memcpy(&off, v + 12, 4);
          if (buf < 0 || buf >= nvar || a.buffers[2 + buf] == nullptr || off < 0 ||
              std::int64_t{off} + len > sizes[buf])
            arrow_malformed(source, column, keyword,
                            "the view at slot " + std::to_string(j) + " points outside its data buffers");
        }
        return;
      }
      case kind::dictionary: {
        arrow_check_shape(a, need, 2, source, column, keyword);
        const ArrowArray& d = *a.dictionary;
        if (d.length < 0) arrow_malformed(source, column, keyword, "the dictionary has a negative length");
        dict_->check(d.length, source, column, keyword);
        for (std::int64_t j = a.offset; j < a.offset + need; ++j)
          if (arrow_valid(a, j) && (index(j) < 0 || index(j) >= d.length))
            arrow_malformed(source, column, keyword,
                            "dictionary index " + std::to_string(index(j)) + " at slot " + std::to_string(j) +
                                " is outside the dictionary (" + std::to_string(d.length) + " values)");
        return;
      }
    }
  }

  /// The text of cell i (logical index); empty when null.
  [[nodiscard]] std::string_view at(std::int64_t i) const {
    const ArrowArray& a = *a_;
    const std::int64_t j = a.offset + i;
    if (kind_ == kind::null || !arrow_valid(a, j)) return {};
    switch (kind_) {
      case kind::utf8: {
        const auto* off = static_cast<const std::int32_t*>(a.buffers[1]);
        const auto* data = static_cast<const char*>(a.buffers[2]);
        return {data + off[j], static_cast<std::size_t>(off[j + 1] - off[j])};
      }
      case kind::large_utf8: {
        const auto* off = static_cast<const std::int64_t*>(a.buffers[1]);
        const auto* data = static_cast<const char*>(a.buffers[2]);
        return {data + off[j], static_cast<std::size_t>(off[j + 1] - off[j])};
      }
      case kind::view: {
        // 16 bytes: int32 length, then the bytes inline (<= 12) or a 4-byte
        // prefix, the data buffer's index and the offset in it.
        const auto* v = static_cast<const char*>(a.buffers[1]) + 16 * j;
        std::int32_t len = 0;
        std::memcpy(&len, v, 4);
        if (len <= 12) return {v + 4, static_cast<std::size_t>(len)};
        std::int32_t buf = 0, off = 0;
        std::memcpy(&buf, v + 8, 4);
        std::memcpy(&off, v + 12, 4);
        return {static_cast<const char*>(a.buffers[2 + buf]) + off, static_cast<std::size_t>(len)};
      }
      case kind::dictionary: return dict_->at(index(j));
      case kind::null: break;
    }
    return {};
  }

 private:
  enum class kind : std::uint8_t { null, utf8, large_utf8, view, dictionary };

  [[nodiscard]] std::int64_t index(std::int64_t j) const noexcept {
    const void* b = a_->buffers[1];
    switch (index_format_) {
      case 'c': return static_cast<const std::int8_t*>(b)[j];
      case 'C': return static_cast<const std::uint8_t*>(b)[j];
      case 's': return static_cast<const std::int16_t*>(b)[j];
      case 'S': return static_cast<const std::uint16_t*>(b)[j];
      case 'i': return static_cast<const std::int32_t*>(b)[j];
      case 'I': return static_cast<const std::uint32_t*>(b)[j];
      case 'l': return static_cast<const std::int64_t*>(b)[j];
      default: return static_cast<std::int64_t>(static_cast<const std::uint64_t*>(b)[j]);
    }
  }

  const ArrowArray* a_ = nullptr;
  kind kind_ = kind::null;
  char index_format_ = 'i';
  std::shared_ptr<arrow_text> dict_{};
};

/// One Arrow array read as numbers: integers and floats as double (null =
/// NaN), timestamps and dates as microseconds (null = no_time).
class arrow_number {
 public:
  arrow_number() = default;

  /// `times`: timestamps and dates are accepted (as microseconds).
  /// \throws invalid_option (naming `column`) for another type.
  arrow_number(const ArrowSchema& s, const ArrowArray& a, std::string_view column, std::string_view keyword,
               bool times)
      : a_(&a) {
    const std::string_view f = s.format != nullptr ? s.format : "";
    if (f.size() == 1 && std::string_view("cCsSiIlLfg").find(f[0]) != std::string_view::npos) {
      format_ = f[0];
    } else if (times && f.size() >= 4 && f.substr(0, 2) == "ts" && f[3] == ':' &&
               std::string_view("smun").find(f[2]) != std::string_view::npos) {
      format_ = 't';
      scale_ = f[2];
    } else if (times && (f == "tdD" || f == "tdm")) {
      format_ = f == "tdD" ? 'D' : 'M';
    } else {
      arrow_bad_type(column, keyword, f,
                     times ? "expected a timestamp, a date, Unix seconds/milliseconds (numbers) or text"
                           : "expected numbers or text");
    }
  }

  /// Checks the cells [0, need) before any is read (see the file summary).
  /// \throws parse_error "malformed Arrow array" naming `column`.
  void check(std::int64_t need, const std::string& source, std::string_view column, std::string_view keyword) const {
    arrow_check_shape(*a_, need, 2, source, column, keyword);
  }

  /// Whether the column holds times (microseconds), not plain numbers.
  [[nodiscard]] bool is_time() const noexcept { return format_ == 't' || format_ == 'D' || format_ == 'M'; }

  /// Cell i as a number (NaN when null); only for !is_time().
  [[nodiscard]] double number(std::int64_t i) const noexcept {
    const ArrowArray& a = *a_;
    const std::int64_t j = a.offset + i;
    if (!arrow_valid(a, j)) return std::numeric_limits<double>::quiet_NaN();
    const void* b = a.buffers[1];
    switch (format_) {
      case 'c': return static_cast<const std::int8_t*>(b)[j];
      case 'C': return static_cast<const std::uint8_t*>(b)[j];
      case 's': return static_cast<const std::int16_t*>(b)[j];
      case 'S': return static_cast<const std::uint16_t*>(b)[j];
      case 'i': return static_cast<const std::int32_t*>(b)[j];
      case 'I': return static_cast<const std::uint32_t*>(b)[j];
      case 'l': return static_cast<double>(static_cast<const std::int64_t*>(b)[j]);
      case 'L': return static_cast<double>(static_cast<const std::uint64_t*>(b)[j]);
      case 'f': return static_cast<const float*>(b)[j];
      default: return static_cast<const double*>(b)[j];
    }
  }

  /// Cell i as microseconds since 1970 UTC (no_time when null); only for
  /// is_time(). Seconds and days beyond the range give a value beyond
  /// max_abs_timestamp (a bad time), never an overflow; nanoseconds are
  /// floored to the microsecond (numpy's rule).
  [[nodiscard]] timestamp_t micros(std::int64_t i) const noexcept {
    const ArrowArray& a = *a_;
    const std::int64_t j = a.offset + i;
    if (!arrow_valid(a, j)) return no_time;
    std::int64_t v = 0;
    std::int64_t per = 1;  // microseconds per unit
    if (format_ == 'D') {
      v = static_cast<const std::int32_t*>(a.buffers[1])[j];
      per = 86'400'000'000;
    } else {
      v = static_cast<const std::int64_t*>(a.buffers[1])[j];
      if (format_ == 'M' || scale_ == 'm') per = 1000;
      else if (scale_ == 's') per = 1'000'000;
      else if (scale_ == 'n') return v >= 0 ? v / 1000 : -((-(v + 1)) / 1000) - 1;
    }
    const std::int64_t limit = max_abs_timestamp / per + 1;  // beyond: any value past the range
    if (v > limit) return max_abs_timestamp + 1;
    if (v < -limit) return -max_abs_timestamp - 1;
    return v * per;
  }

 private:
  const ArrowArray* a_ = nullptr;
  char format_ = 'g';
  char scale_ = 'u';
};


}  // namespace onakit::inline v0_1::detail
