#pragma once
/// \file crypto.hpp
/// onakit's crypto component: the HMAC-SHA256 behind keyed pseudonyms
/// (identities.hpp, step 5), from OpenSSL's libcrypto.
///
/// Readers and identity rules compile and link without OpenSSL; a key
/// (`pseudonymize_key`) needs this header in at least one source file of
/// the program and the onakit::crypto CMake target (which links
/// OpenSSL::Crypto). Including it registers the implementation with
/// identities during static initialisation, so identities built from
/// main() on find it; the umbrella header <onakit/onakit.hpp> includes it.
///
/// \code
///   #include <onakit/ingest/crypto.hpp>
///   #include <onakit/ingest/email_csv.hpp>
///   onakit::identity_options ids;
///   ids.pseudonymize_key = onakit::key_from_env("ONA_KEY");
///   onakit::email_csv_options o;
///   o.identity_rules = std::make_shared<const onakit::identities>(ids);
///   onakit::message_log log = onakit::read_email_csv("mail.csv", o);
/// \endcode
///
/// Cost: a MAC is two short SHA-256 digests over precomputed key states
/// (about a quarter of OpenSSL's one-shot HMAC()).

#include <onakit/errors.hpp>
#include <onakit/ingest/identities.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <string_view>

namespace onakit::inline v0_1::detail {

/// HMAC-SHA256 (RFC 2104) under one key, with the key's inner and outer
/// SHA-256 states computed once: a MAC then costs two short digests, about
/// a quarter of OpenSSL's one-shot HMAC(), which sets the key up on every
/// call. That matters for message ids, one (or more) per message. Immutable
/// after construction; mac() may be called from several threads.
class hmac_sha256 final : public keyed_mac {
 public:
  explicit hmac_sha256(std::string_view key) : inner_(EVP_MD_CTX_new()), outer_(EVP_MD_CTX_new()) {
    if (!inner_ || !outer_) throw error("HMAC-SHA256: out of memory in libcrypto");
    unsigned char block[64] = {};
    if (key.size() > sizeof block) {  // RFC 2104: a long key is hashed first
      unsigned int n = 0;
      if (EVP_Digest(key.data(), key.size(), block, &n, EVP_sha256(), nullptr) != 1)
        throw error("HMAC-SHA256 failed in libcrypto");
    } else {
      std::copy(key.begin(), key.end(), block);
    }
    unsigned char pad[64];
    for (std::size_t i = 0; i < 64; ++i) pad[i] = static_cast<unsigned char>(block[i] ^ 0x36U);
    bool ok = EVP_DigestInit_ex(inner_.get(), EVP_sha256(), nullptr) == 1 &&
              EVP_DigestUpdate(inner_.get(), pad, 64) == 1;
    for (std::size_t i = 0; i < 64; ++i) pad[i] = static_cast<unsigned char>(block[i] ^ 0x5CU);
    ok = ok && EVP_DigestInit_ex(outer_.get(), EVP_sha256(), nullptr) == 1 &&
         EVP_DigestUpdate(outer_.get(), pad, 64) == 1;
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
    if (!ok) throw error("HMAC-SHA256 failed in libcrypto");
  }

  /// HMAC(key, a + b) into `out` (32 bytes).
  void mac(std::string_view a, std::string_view b, unsigned char* out) const override {
    // One working context per thread, reused: no allocation per MAC (one per stored message id).
    thread_local const ctx_ptr w(EVP_MD_CTX_new());
    unsigned char h[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!w || EVP_MD_CTX_copy_ex(w.get(), inner_.get()) != 1 || EVP_DigestUpdate(w.get(), a.data(), a.size()) != 1 ||
        EVP_DigestUpdate(w.get(), b.data(), b.size()) != 1 || EVP_DigestFinal_ex(w.get(), h, &n) != 1 ||
        EVP_MD_CTX_copy_ex(w.get(), outer_.get()) != 1 || EVP_DigestUpdate(w.get(), h, n) != 1 ||
        EVP_DigestFinal_ex(w.get(), out, &n) != 1)
      throw error("HMAC-SHA256 failed in libcrypto");
  }

 private:
  struct ctx_free {
    void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
  };
  using ctx_ptr = std::unique_ptr<EVP_MD_CTX, ctx_free>;
  ctx_ptr inner_, outer_;
};

/// The maker identities calls for a key (see keyed_mac_factory()).
[[nodiscard]] inline std::shared_ptr<const keyed_mac> make_hmac_sha256(std::string_view key) {
  return std::make_shared<const hmac_sha256>(key);
}

/// Registers HMAC-SHA256 with identities when the program starts: an
/// inline variable, so it is initialised once however many files include
/// this header.
inline const bool hmac_sha256_registered = [] {
  keyed_mac_factory().store(&make_hmac_sha256, std::memory_order_release);
  return true;
}();

}  // namespace onakit::detail
