#include "storage/crypto/random.hpp"

#include <cstdio>
#include <cstdlib>
#include <mutex>

#include <sodium.h>

namespace storage {

void ensure_sodium_initialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) {
      std::fputs("fatal: libsodium failed to initialize\n", stderr);
      std::abort();
    }
  });
}

void random_bytes(std::span<std::uint8_t> out) {
  ensure_sodium_initialized();
  randombytes_buf(out.data(), out.size());
}

}  // namespace storage
