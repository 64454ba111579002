#pragma once
/// \file identities.hpp
/// Who is who: canonical addresses, aliases, internal domains, exclusions and
/// keyed pseudonyms, applied by every reader *before* anything is stored.
///
/// resolve(raw) turns an identifier as written into the label the log
/// stores, or into a reason to drop it:
///  1. canonical form: trim; take the part inside `<...>` if present
///     (`Ann <ann@x.org>`); undo pipermail's `user at host`; lower-case;
///     optionally remove a `+tag` from the local part (`ann+news@x` -> `ann@x`);
///  2. aliases: a canonical address listed in `aliases` becomes its person
///     id (many addresses -> one person), itself canonicalised;
///  3. exclusions: glob patterns (`*`, `?`) on the canonical address, such as
///     `noreply@*`, `*-bounces@*`, `*bot*@*`: dropped, reason "excluded";
///  4. internal domains: if `internal_domains` is non-empty, an address whose
///     domain is not one of them (or a subdomain of one) is external: kept,
///     dropped (reason "external"), or folded into one node per domain
///     (`external:<domain>`), by `external`. Identifiers without `@` count
///     as internal;
///  5. pseudonymisation: with a key, the label is
///     base32(HMAC-SHA256(key, canonical))[0:16] (lower-case RFC 4648
///     alphabet, 80 bits), plus `@domain` when `keep_domain`. Folded external
///     nodes are `external:` + the keyed hash of their domain (prefix
///     "domain:"), so a domain name does not reveal who was written to,
///     unless `keep_external_domains` (or `keep_domain`) keeps it in clear.
///     The key is held in memory only; it is
///     never written, logged, or put in an error message. Keys need the
///     crypto component: HMAC-SHA256 lives in <onakit/ingest/crypto.hpp>
///     (OpenSSL, target onakit::crypto), which registers itself when
///     included in any source file of the program; without it, a key is
///     refused with invalid_option, so readers alone need no OpenSSL.
///
/// An identifier holding a control character (NUL, a line break inside it,
/// ...) is not an identifier: bad_identifier() is the one rule, resolve()
/// drops it with reason "bad address", and every reader's person cache
/// (label_cache, edge lists, JSON readers) refuses such a record as a bad
/// record "bad address" (strict mode: parse_error), so `b\0@x.org` never
/// becomes a person of its own.
///
/// Raw addresses live only in the reader's transient cache; labels, reports
/// and errors of an ingest with a key carry pseudonyms only: message ids
/// (and mbox reply ids) are stored as pseudonymize_id(), and error messages
/// show values from the input masked (detail/quote.hpp, masks_values()).
///
/// Python check of a pseudonym:
/// \code{.py}
///   base64.b32encode(hmac.new(key, b"ann@corp.example", "sha256").digest())[:16].decode().lower()
/// \endcode

#include <onakit/detail/strings.hpp>
#include <onakit/detail/utf8.hpp>
#include <onakit/errors.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace onakit::inline v0_1 {

/// What to do with addresses outside `internal_domains`.
enum class external_policy : std::uint8_t {
  keep,  ///< keep them as people
  drop,  ///< drop them (counted, reason "external")
  fold,  ///< one node per external domain, labelled `external:<domain>`
};

struct identity_options {
  bool strip_plus_tag = false;
  /// Address (any case) -> person id; applied after canonicalisation.
  std::unordered_map<std::string, std::string> aliases{};
  /// Organisation's domains; empty = everybody is internal.
  std::vector<std::string> internal_domains{};
  external_policy external = external_policy::drop;
  /// Glob patterns (`*`, `?`) of addresses to drop (no-reply, lists, bots).
  std::vector<std::string> exclude{};
  /// HMAC key; empty = no pseudonymisation. (The Python façade and the CLI
  /// refuse an empty key, so an empty key there cannot turn it off unseen.)
  std::string pseudonymize_key{};
  /// Keep `@domain` after the pseudonym (and folded external domains in clear).
  bool keep_domain = false;
  /// With a key and `external_policy::fold`: label folded nodes
  /// `external:<domain>` in clear rather than `external:<keyed hash>`.
  bool keep_external_domains = false;
};

/// The key from an environment variable; throws invalid_option if unset or empty.
[[nodiscard]] inline std::string key_from_env(const std::string& variable) {
  if (variable.empty()) throw invalid_option("pseudonymisation key: the environment variable name is empty");
  const char* v = std::getenv(variable.c_str());
  if (v == nullptr) throw invalid_option("pseudonymisation key: environment variable " + variable + " is not set");
  if (*v == '\0')
    throw invalid_option("pseudonymize_key is empty: environment variable " + variable +
                         " is set but empty (an empty key would turn pseudonymisation off)");
  return v;
}

/// The key from a file (its bytes, without a trailing newline).
/// \throws io_error if the file cannot be read; invalid_option if it holds no key.
[[nodiscard]] inline std::string key_from_file(const std::filesystem::path& path) {
  // <cstdio>, not <fstream>: this header is in every reader's include set.
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (in == nullptr) throw io_error(path.string(), "cannot read the pseudonymisation key file");
  std::string key;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;) key.append(buf, n);
  const bool failed = std::ferror(in) != 0;
  std::fclose(in);
  if (failed) throw io_error(path.string(), "cannot read the pseudonymisation key file");
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  if (key.empty())
    throw invalid_option("pseudonymize_key is empty: " + path.string() +
                         " holds no key (an empty key would turn pseudonymisation off)");
  return key;
}

/// A label, or the reason the identity is dropped.
struct resolved_identity {
  std::string label;
  std::string_view drop_reason;  ///< empty when kept; "excluded", "external" or "bad address"
  [[nodiscard]] bool kept() const noexcept { return drop_reason.empty(); }
};

namespace detail {

inline bool glob_match(std::string_view pat, std::string_view s) {
  std::size_t p = 0, i = 0, star = std::string_view::npos, mark = 0;
  while (i < s.size()) {
    if (p < pat.size() && (pat[p] == '?' || pat[p] == s[i])) { ++p; ++i; }
    else if (p < pat.size() && pat[p] == '*') { star = p++; mark = i; }
    else if (star != std::string_view::npos) { p = star + 1; i = ++mark; }
    else return false;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// The reason (and report key) of an identifier that is not one.
inline constexpr std::string_view bad_address = "bad address";
/// The hint of every "bad address" record, in every reader.
inline constexpr std::string_view bad_address_hint = "the identifier contains a control character such as NUL";

/// True if `raw`, trimmed, holds a control character (C0 or DEL): such an
/// identifier is refused as "bad address" (see the file summary).
[[nodiscard]] inline bool bad_identifier(std::string_view raw) noexcept {
  return first_control_char(trim(raw)) >= 0;
}
/// A keyed MAC over `a + b` into 32 bytes: the one cryptographic primitive
/// pseudonymisation needs. identities.hpp does not implement it, so that
/// readers compile and link without a crypto library; the crypto component
/// (<onakit/ingest/crypto.hpp>: HMAC-SHA256 from OpenSSL) registers its
/// implementation here. Immutable after construction, mac() thread-safe.
class keyed_mac {
 public:
  virtual ~keyed_mac() = default;
  virtual void mac(std::string_view a, std::string_view b, unsigned char* out) const = 0;
};

/// Makes the keyed MAC of a key; set once by <onakit/ingest/crypto.hpp>.
using keyed_mac_maker = std::shared_ptr<const keyed_mac> (*)(std::string_view key);

/// The registered maker (null until a TU including crypto.hpp has been
/// initialised, i.e. before main() for code linked into the program).
[[nodiscard]] inline std::atomic<keyed_mac_maker>& keyed_mac_factory() noexcept {
  static std::atomic<keyed_mac_maker> maker{nullptr};
  return maker;
}

/// The keyed MAC of `key`; throws invalid_option naming `pseudonymize_key`
/// when no crypto implementation is linked in.
[[nodiscard]] inline std::shared_ptr<const keyed_mac> make_keyed_mac(std::string_view key) {
  const keyed_mac_maker make = keyed_mac_factory().load(std::memory_order_acquire);
  if (make == nullptr)
    throw invalid_option(
        "pseudonymize_key needs onakit's crypto component: #include <onakit/ingest/crypto.hpp> "
        "(or <onakit/onakit.hpp>) in one source file and link onakit::crypto (OpenSSL)");
  return make(key);
}

}  // namespace detail

/// The identity rules of one ingest. Immutable and thread-safe after construction.
class identities {
 public:
  identities() = default;
  explicit identities(identity_options o) : o_(std::move(o)) {
    for (auto& d : o_.internal_domains) d = detail::lower(detail::trim(d));
    for (auto& p : o_.exclude) p = detail::lower(detail::trim(p));
    std::unordered_map<std::string, std::string> al;
    for (const auto& [k, v] : o_.aliases) al.emplace(canonical(k), canonical(v));
    o_.aliases = std::move(al);
    if (!o_.pseudonymize_key.empty()) mac_ = detail::make_keyed_mac(o_.pseudonymize_key);
  }

  [[nodiscard]] const identity_options& options() const noexcept { return o_; }
  [[nodiscard]] bool pseudonymizing() const noexcept { return !o_.pseudonymize_key.empty(); }

  /// Step 1: the canonical form of an identifier as written.
  [[nodiscard]] std::string canonical(std::string_view raw) const {
    std::string_view s = detail::trim(raw);
    if (const auto lt = s.rfind('<'); lt != std::string_view::npos) {
      const auto gt = s.find('>', lt);
      if (gt != std::string_view::npos && gt > lt + 1) s = detail::trim(s.substr(lt + 1, gt - lt - 1));
    }
    std::string out = detail::lower(s);
    // pipermail obfuscation: "user at host.org"
    if (out.find('@') == std::string::npos) {
      if (const auto at = out.find(" at "); at != std::string::npos && out.find(' ', at + 4) == std::string::npos)
        out = out.substr(0, at) + "@" + out.substr(at + 4);
    }
    if (o_.strip_plus_tag) {
      const auto at = out.find('@');
      const auto plus = out.find('+');
      if (plus != std::string::npos && at != std::string::npos && plus < at) out.erase(plus, at - plus);
    }
    return out;
  }

  /// The domain of a canonical address ("" if none).
  [[nodiscard]] static std::string_view domain_of(std::string_view canonical_address) noexcept {
    const auto at = canonical_address.rfind('@');
    return at == std::string_view::npos ? std::string_view{} : canonical_address.substr(at + 1);
  }

  [[nodiscard]] bool is_internal(std::string_view canonical_address) const noexcept {
    if (o_.internal_domains.empty()) return true;
    const std::string_view d = domain_of(canonical_address);
    if (d.empty()) return true;
    for (const auto& dom : o_.internal_domains) {
      if (d == dom) return true;
      if (d.size() > dom.size() && d.ends_with(dom) && d[d.size() - dom.size() - 1] == '.') return true;
    }
    return false;
  }

  [[nodiscard]] bool is_excluded(std::string_view canonical_address) const noexcept {
    return std::any_of(o_.exclude.begin(), o_.exclude.end(),
                       [&](const std::string& p) { return detail::glob_match(p, canonical_address); });
  }

  /// The keyed pseudonym of a canonical address (step 5).
  [[nodiscard]] std::string pseudonym(std::string_view canonical_address) const {
    std::string out = keyed_hash({}, canonical_address);
    if (o_.keep_domain) {
      const std::string_view d = domain_of(canonical_address);
      if (!d.empty()) out.append(1, '@').append(d);  // not "@" + string: GCC 12 -Wrestrict false positive
    }
    return out;
  }

  /// The name of a folded external domain: the domain itself without a key
  /// (or with `keep_external_domains` / `keep_domain`), else
  /// base32(HMAC-SHA256(key, "domain:" + domain))[0:16].
  [[nodiscard]] std::string external_domain(std::string_view domain) const {
    if (!pseudonymizing() || o_.keep_external_domains || o_.keep_domain) return std::string(domain);
    return keyed_hash("domain:", domain);
  }

  /// A message or thread id as a reader stores it: with a key,
  /// base32(HMAC-SHA256(key, "id:" + id))[0:16] (the prefix keeps ids and
  /// people's pseudonyms apart); without one, the id unchanged. Message-IDs
  /// usually hold the sender's address (`<1234.ann@corp.example>`), so
  /// every reader passes each id it keeps (Message-ID, In-Reply-To,
  /// References, a message-id column, Slack `ts`) through this once, at
  /// ingest. The same id gives the same value in every reader and run, so
  /// replies stay linked. An empty id stays empty.
  /// Python check: `base64.b32encode(hmac.new(key, b"id:" + id, "sha256").digest())[:16].decode().lower()`.
  [[nodiscard]] std::string pseudonymize_id(std::string_view id) const {
    if (!pseudonymizing() || id.empty()) return std::string(id);
    return keyed_hash("id:", id);
  }

  /// Whether error messages must mask values read from the input (see
  /// detail/quote.hpp): true when pseudonymising.
  [[nodiscard]] bool masks_values() const noexcept { return pseudonymizing(); }

  /// Steps 1-5: the stored label of a raw identifier, or why it is dropped.
  [[nodiscard]] resolved_identity resolve(std::string_view raw) const {
    if (detail::bad_identifier(raw)) return {{}, detail::bad_address};
    std::string c = canonical(raw);
    if (auto it = o_.aliases.find(c); it != o_.aliases.end()) c = it->second;
    if (is_excluded(c)) return {{}, "excluded"};
    if (!is_internal(c)) {
      switch (o_.external) {
        case external_policy::drop: return {{}, "external"};
        case external_policy::fold: return {"external:" + external_domain(domain_of(c)), {}};
        case external_policy::keep: break;
      }
    }
    if (pseudonymizing()) return {pseudonym(c), {}};
    return {std::move(c), {}};
  }

 private:
  /// base32(HMAC-SHA256(key, prefix + text))[0:16]: the first 80 bits of the MAC.
  [[nodiscard]] std::string keyed_hash(std::string_view prefix, std::string_view text) const {
    unsigned char mac[32];
    if (mac_) mac_->mac(prefix, text, mac);
    else detail::make_keyed_mac(o_.pseudonymize_key)->mac(prefix, text, mac);  // pseudonym() called without a key
    static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
    std::string out;
    out.reserve(16);
    std::uint64_t buffer = 0;
    int bits = 0;
    for (unsigned i = 0; i < 10; ++i) {
      buffer = (buffer << 8) | mac[i];
      bits += 8;
      while (bits >= 5) {
        out.push_back(alphabet[(buffer >> (bits - 5)) & 31U]);
        bits -= 5;
      }
    }
    return out;
  }

  identity_options o_;
  std::shared_ptr<const detail::keyed_mac> mac_;  // the key's precomputed states; null without a key
};

}  // namespace onakit
