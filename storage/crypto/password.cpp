#include "storage/crypto/password.hpp"

#include <map>
#include <mutex>
#include <utility>

#include <sodium.h>

#include "storage/crypto/random.hpp"

namespace storage {

password_params password_params::interactive() {
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}

password_params password_params::fastest() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

result<std::string> hash_password(std::string_view password, const password_params& params) {
  ensure_sodium_initialized();
  char out[crypto_pwhash_argon2id_STRBYTES];
  if (crypto_pwhash_argon2id_str(out, password.data(), password.size(), params.opslimit,
                                 params.memlimit) != 0)
    return status::internal("password hashing failed (out of memory?)");
  return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
  ensure_sodium_initialized();
  // libsodium reads the hash as a NUL-terminated string, so an embedded NUL must not cut it.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES ||
      hash.find('\0') != std::string_view::npos)
    return false;
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool needs_rehash(std::string_view hash, const password_params& params) {
  ensure_sodium_initialized();
  if (hash.size() >= crypto_pwhash_STRBYTES || hash.find('\0') != std::string_view::npos)
    return true;
  const std::string terminated(hash);
  // 0: current; 1: other parameters; -1: not an Argon2id string at all.
  return crypto_pwhash_argon2id_str_needs_rehash(terminated.c_str(), params.opslimit,
                                                 params.memlimit) != 0;
}

void dummy_verify(std::string_view password, const password_params& params) {
  static std::mutex mutex;
  static std::map<std::pair<unsigned long long, std::size_t>, std::string> hashes;
  std::string hash;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto& cached = hashes[{params.opslimit, params.memlimit}];
    if (cached.empty()) {
      // A random secret nobody knows, so the dummy verify can never succeed.
      ensure_sodium_initialized();
      unsigned char secret[32];
      randombytes_buf(secret, sizeof secret);
      auto made = hash_password(
          std::string_view(reinterpret_cast<const char*>(secret), sizeof secret), params);
      if (!made.is_ok())
        return;
      cached = made.value();
    }
    hash = cached;
  }
  (void)verify_password(hash, password);
}

}  // namespace storage
