// Password hashing: Argon2id through libsodium, in its self-describing string form
// ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"), salted with 16 random bytes per hash.
// Free functions; thread-safe. Each call is deliberately slow (tens of milliseconds and
// `memlimit` bytes of memory with the interactive parameters): run it on a worker thread,
// never on an event loop.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "storage/common/status.hpp"

namespace storage {

// Argon2id cost parameters, as libsodium names them.
struct password_params {
  unsigned long long opslimit = 0;  // passes over memory
  std::size_t memlimit = 0;         // bytes

  // crypto_pwhash_OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE (2 passes, 64 MiB): the default.
  static password_params interactive();
  // The smallest parameters libsodium accepts (1 pass, 8 KiB). For tests only: not safe.
  static password_params fastest();

  friend bool operator==(const password_params&, const password_params&) = default;
};

// The Argon2id string of `password` (any bytes, any length). internal when libsodium fails,
// which happens only when memory runs out.
result<std::string> hash_password(std::string_view password,
                                  const password_params& params = password_params::interactive());

// True when `password` matches `hash` (a string from hash_password(), or any Argon2i/Argon2id
// string libsodium understands). False for a wrong password and for a malformed hash.
bool verify_password(std::string_view hash, std::string_view password);

// True when `hash` should be replaced after a successful login: it is not Argon2id, is
// malformed, or was made with other parameters than `params`.
bool needs_rehash(std::string_view hash,
                  const password_params& params = password_params::interactive());

// Spends the time of one verify_password() against a hash made with `params`, and discards
// the answer: call it when the email is unknown so that such a login costs what a wrong
// password costs. The fixed hash is computed once per distinct `params` (the first call pays
// for that too; call it once at startup to keep the first login honest).
void dummy_verify(std::string_view password,
                  const password_params& params = password_params::interactive());

}  // namespace storage
