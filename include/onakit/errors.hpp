#pragma once
/// \file errors.hpp
/// Typed exceptions. Every error onakit throws derives from onakit::error
/// (itself a std::runtime_error), so `catch (const onakit::error&)` catches
/// everything onakit reports; the Python module maps each type to a
/// ValueError subclass (ona.OptionError, ona.ParseError, ona.ReadError,
/// ona.CapacityError) and interrupted to KeyboardInterrupt.
///
/// Every type is nothrow-copyable, as the standard exceptions are: the
/// message lives in std::runtime_error's shared immutable buffer and the
/// extra fields (path, line, field, ...) in one shared immutable block
/// (detail::shared, not std::shared_ptr: this header is in every TU and
/// the memory header is costly to compile), so copying an exception while it
/// propagates never allocates.
///
/// Messages start with the public function the caller called
/// (`modularity: ...`) or the keyword at fault (`threads=-2 is out of
/// range: ...`), never an internal helper.

#include <onakit/detail/shared.hpp>
#include <onakit/version.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace onakit::inline v0_1 {

/// Base of all onakit errors.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The caller passed an option or argument that cannot work (e.g. a negative
/// half-life). The message says which one and what is allowed.
class invalid_option : public error {
 public:
  using error::error;
};

/// A lookup found nothing: an id or label that is not in the collection
/// (people_index::label with an id >= size()). It replaces the
/// std::out_of_range these lookups used to throw; it cannot derive from
/// both onakit::error and std::out_of_range, since two std::exception bases
/// would make `catch (const std::exception&)` miss it; catch
/// onakit::not_found (or onakit::error) instead.
class not_found : public error {
 public:
  using error::error;
};

/// A file could not be opened or read.
class io_error : public error {
 public:
  io_error(std::string path, const std::string& reason)
      : error(path + ": " + reason), path_(detail::shared<const std::string>::make(std::move(path))) {}
  /// The file's path as the caller gave it.
  [[nodiscard]] const std::string& path() const noexcept { return *path_; }

 private:
  detail::shared<const std::string> path_;  // shared: copies never allocate
};

/// Bad input data: names the file, the line (or record), the field and the
/// reason, and says how to fix it where we know.
///
/// what() reads like a compiler diagnostic:
///   `mail.csv:17: field 'timestamp': cannot parse '2021-13-01' as a time
///    (expected ISO 8601, 'YYYY-MM-DD HH:MM:SS', or Unix seconds/milliseconds)`
class parse_error : public error {
 public:
  parse_error(std::string file, std::uint64_t line, std::string field,
              std::string reason, std::string hint = {})
      : error(format(file, line, field, reason, hint)),
        d_(detail::shared<const details>::make(std::move(file), line, std::move(field), std::move(reason),
                                               std::move(hint))) {}

  /// The input's name (a path, "<memory>" for in-memory input, or
  /// "<value>" for a lone value such as parse_timestamp's argument).
  [[nodiscard]] const std::string& file() const noexcept { return d_->file; }
  /// 1-based line (or record) number; 0 when the error is about the whole file.
  [[nodiscard]] std::uint64_t line() const noexcept { return d_->line; }
  /// The column or field at fault, or empty.
  [[nodiscard]] const std::string& field() const noexcept { return d_->field; }
  /// Why the record was rejected, in a few words; also the key under which
  /// lenient mode counts it.
  [[nodiscard]] const std::string& reason() const noexcept { return d_->reason; }
  /// How to fix it, or empty.
  [[nodiscard]] const std::string& hint() const noexcept { return d_->hint; }

 private:
  static std::string format(const std::string& file, std::uint64_t line,
                            const std::string& field, const std::string& reason,
                            const std::string& hint) {
    std::string s = file;
    if (line != 0) s += ":" + std::to_string(line);
    s += ": ";
    if (!field.empty()) s += "field '" + field + "': ";
    s += reason;
    if (!hint.empty()) s += " (" + hint + ")";
    return s;
  }
  struct details {
    std::string file;
    std::uint64_t line;
    std::string field, reason, hint;
  };
  detail::shared<const details> d_;  // shared: copies never allocate
};

/// A size limit of onakit's compact types was exceeded (more than 2^32-2
/// people or ties).
class capacity_error : public error {
 public:
  using error::error;
};

/// A long computation was stopped by its interrupt callback (Ctrl-C in
/// Python). what() names the computation: "betweenness interrupted".
class interrupted : public error {
 public:
  /// `computation`: the public function that was running ("betweenness").
  explicit interrupted(std::string_view computation)
      : error(std::string(computation) + " interrupted") {}
};

}  // namespace onakit
