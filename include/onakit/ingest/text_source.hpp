#pragma once
/// \file text_source.hpp
/// Reads a whole input file into memory, transparently decompressing gzip.
///
/// Readers parse from one contiguous buffer: it is the fastest way to read
/// files of up to a few GB, and it lets them split the work across threads.
///
/// Example:
/// \code
///   std::string text = onakit::read_text_file("email-Eu-core-temporal.txt.gz");
/// \endcode

#include <onakit/errors.hpp>

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

namespace onakit {

/// True if the path names a gzip file by its extension (`.gz`, any case).
[[nodiscard]] inline bool is_gzip_path(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  return ext.size() == 3 && ext[0] == '.' && (ext[1] == 'g' || ext[1] == 'G') &&
         (ext[2] == 'z' || ext[2] == 'Z');
}

/// Returns the bytes of a file; a path ending in `.gz` is gunzipped (several
/// concatenated gzip members are read as one stream, as `zcat` does).
///
/// An empty file gives an empty string; the readers report that as a
/// parse_error "empty input", since only they know whether empty is wrong.
///
/// \throws io_error naming the path when the file is missing, is a directory,
///         cannot be read, or is not valid gzip data.
/// \par Complexity  O(file size) time and memory (decompressed size for .gz).
[[nodiscard]] inline std::string read_text_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status))
    throw io_error(name, "no such file (check the path and the working directory)");
  if (std::filesystem::is_directory(status)) throw io_error(name, "is a directory, not a file");

  std::string out;
  if (is_gzip_path(path)) {
    gzFile gz = gzopen(name.c_str(), "rb");
    if (gz == nullptr) throw io_error(name, "cannot open: " + std::string(std::strerror(errno)));
    const std::unique_ptr<gzFile_s, int (*)(gzFile)> guard(gz, gzclose);
    gzbuffer(gz, 1u << 18);
    constexpr unsigned block = 1u << 20;
    for (;;) {
      const std::size_t old = out.size();
      out.resize(old + block);
      const int n = gzread(gz, out.data() + old, block);
      if (n < 0) {
        int code = 0;
        const char* msg = gzerror(gz, &code);
        throw io_error(name, std::string("cannot decompress: ") + (msg ? msg : "gzip error"));
      }
      out.resize(old + static_cast<std::size_t>(n));
      if (n == 0) break;
    }
    // A stream cut short ends "normally" with gzread() == 0 but leaves an error.
    int code = Z_OK;
    const char* msg = gzerror(gz, &code);
    if (code != Z_OK)
      throw io_error(name, std::string("cannot decompress: ") + (msg ? msg : "truncated gzip data"));
    return out;
  }

  std::FILE* f = std::fopen(name.c_str(), "rb");
  if (f == nullptr) throw io_error(name, "cannot open: " + std::string(std::strerror(errno)));
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> guard(f, std::fclose);
  const auto size = std::filesystem::file_size(path, ec);
  constexpr std::size_t block = 1u << 20;
  if (!ec) out.reserve(static_cast<std::size_t>(size) + block);  // no regrowth below
  for (;;) {
    const std::size_t old = out.size();
    out.resize(old + block);
    const std::size_t n = std::fread(out.data() + old, 1, block, f);
    out.resize(old + n);
    if (n < block) {
      if (std::ferror(f)) throw io_error(name, "read failed: " + std::string(std::strerror(errno)));
      break;
    }
  }
  return out;
}

}  // namespace onakit
