#pragma once
/// \file errors.hpp
/// Typed exceptions. Every error onakit throws derives from onakit::error;
/// errors about the caller's input derive from std::invalid_argument as well,
/// so they reach Python as ValueError subclasses.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace onakit {

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

/// A file could not be opened or read.
class io_error : public error {
 public:
  io_error(std::string path, const std::string& reason)
      : error(path + ": " + reason), path_(std::move(path)) {}
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
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
        file_(std::move(file)),
        line_(line),
        field_(std::move(field)),
        reason_(std::move(reason)),
        hint_(std::move(hint)) {}

  /// The input's name (a path, or "<memory>" for in-memory input).
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  /// 1-based line (or record) number; 0 when the error is about the whole file.
  [[nodiscard]] std::uint64_t line() const noexcept { return line_; }
  /// The column or field at fault, or empty.
  [[nodiscard]] const std::string& field() const noexcept { return field_; }
  /// Why the record was rejected, in a few words; also the key under which
  /// lenient mode counts it.
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }
  [[nodiscard]] const std::string& hint() const noexcept { return hint_; }

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
  std::string file_;
  std::uint64_t line_;
  std::string field_;
  std::string reason_;
  std::string hint_;
};

/// A size limit of onakit's compact types was exceeded (more than 2^32-2
/// people or ties).
class capacity_error : public error {
 public:
  using error::error;
};

/// A long computation was stopped by its interrupt callback (Ctrl-C in Python).
class interrupted : public error {
 public:
  using error::error;
};

}  // namespace onakit
